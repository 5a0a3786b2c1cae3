//! Fixed assets (资产): the card, its events, and depreciation (年限平均法 and 工作量法) with
//! rounding that makes the monthly charges add up exactly to the depreciable amount.

use uuid::Uuid;

use super::chart::{AccountCode, AssetAccounts};
use super::coded::coded;
use super::date::{Date, Month};
use super::error::{DomainError, Violations, check_text};
use super::money::{AMOUNT_FEN_MAX, Fen};

pub const ASSET_CODE_CHARS_MAX: usize = 30;
pub const ASSET_TEXT_CHARS_MAX: usize = 100;
/// 100 years.
pub const LIFE_MONTHS_MAX: u32 = 1_200;
pub const SALVAGE_RATE_BP_MAX: u32 = 10_000;
pub const WORK_UNITS_MAX: u64 = 1_000_000_000_000;

coded!(
    /// 资产类别; `zh` is the name the exports and reports print.
    Category {
        Building = 1, "房屋及建筑物";
        Machinery = 2, "机器设备";
        Vehicle = 3, "运输工具";
        Infrastructure = 4, "农业基础设施";
        RoadBridge = 5, "道路桥梁";
        PublicFacility = 6, "公益设施";
        Other = 7, "其他";
    }
);

coded!(
    /// 资产属性.
    Use {
        Operating = 1, "经营性";
        NonOperating = 2, "非经营性";
        Undetermined = 3, "待界定";
    }
);

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// 年限平均法 over a useful life in months.
    StraightLine { life_months: u32 },
    /// 工作量法 over a total of work units.
    UnitsOfUse { total_units: u64 },
    /// Not depreciated (名义金额, land, non-depreciable assets).
    None,
}

coded!(
    /// 使用状态; 已处置 only through disposal.
    Status {
        InUse = 1, "在用";
        Leased = 2, "出租经营";
        Lent = 3, "出借";
        Idle = 4, "闲置";
        Scrapped = 5, "报废";
        Disposed = 6, "已处置";
    }
);

/// A fixed-asset card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub id: Uuid,
    pub org_id: Uuid,
    pub code: String,
    pub name: String,
    pub category: Category,
    pub use_kind: Use,
    pub spec: String,
    pub quantity: String,
    pub location: String,
    pub custodian: String,
    pub acquired: Date,
    pub original_fen: i64,
    /// Salvage rate in basis points (5% = 500).
    pub salvage_rate_bp: u32,
    pub method: Method,
    /// Where the depreciation is charged (生产成本, 管理费用, 公益支出/其他支出 …); none for
    /// cards that are not depreciated.
    pub expense_account: Option<AccountCode>,
    pub status: Status,
    pub poverty_alleviation: bool,
    /// Accumulated depreciation, including what the card opened with.
    pub accumulated_fen: i64,
    /// Depreciation schedule: what remained to depreciate when charging began, over how many
    /// months (straight-line) or units (units-of-use), and what has been charged since.
    pub base_fen: i64,
    pub base_periods: u64,
    pub first_month: Month,
    pub charged_since_base_fen: i64,
    pub periods_charged: u64,
    /// The last month depreciation was charged for, if any.
    pub last_charged: Option<Month>,
    pub verified_value_fen: Option<i64>,
    pub disposed_on: Option<Date>,
    pub acquisition_voucher: Option<Uuid>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Asset {
    pub fn salvage_fen(&self) -> i64 {
        salvage(self.original_fen, self.salvage_rate_bp)
    }

    pub fn net_fen(&self) -> i64 {
        self.original_fen - self.accumulated_fen
    }

    pub fn fully_depreciated(&self) -> bool {
        self.accumulated_fen >= self.original_fen - self.salvage_fen()
    }
}

/// Salvage value: original × rate, rounded half up to the fen.
pub fn salvage(original_fen: i64, rate_bp: u32) -> i64 {
    ((i128::from(original_fen) * i128::from(rate_bp) + 5_000) / 10_000) as i64
}

/// The cumulative charge after `k` of `n` periods of a schedule depreciating `base`: the charges
/// floor(base·k/n) − floor(base·(k−1)/n) add up to exactly `base` over `n` periods.
pub fn cumulative(base_fen: i64, k: u64, n: u64) -> i64 {
    if n == 0 {
        return 0;
    }
    let k = k.min(n);
    (i128::from(base_fen) * i128::from(k) / i128::from(n)) as i64
}

/// What a card is charged for `month`, given `units` of work that month (units-of-use only).
/// Zero before the first month, after disposal, once fully depreciated, or for `Method::None`.
pub fn charge_for(asset: &Asset, month: Month, units: u64) -> i64 {
    if month < asset.first_month || asset.last_charged.is_some_and(|m| month <= m) {
        return 0;
    }
    if asset.disposed_on.is_some_and(|d| d.month() < month) {
        return 0;
    }
    let remaining = (asset.original_fen - asset.salvage_fen()) - asset.accumulated_fen;
    if remaining <= 0 {
        return 0;
    }
    let target = match asset.method {
        Method::None => return 0,
        Method::StraightLine { .. } => cumulative(
            asset.base_fen,
            asset.periods_charged + 1,
            asset.base_periods,
        ),
        Method::UnitsOfUse { .. } => cumulative(
            asset.base_fen,
            asset.periods_charged.saturating_add(units),
            asset.base_periods,
        ),
    };
    (target - asset.charged_since_base_fen).clamp(0, remaining)
}

/// Whether `month` is a period of the card's schedule still to be charged (its charge may be
/// zero: a month without work units, or a rounding remainder). Such a month advances the
/// schedule even when nothing is posted.
pub fn due(asset: &Asset, month: Month) -> bool {
    month >= asset.first_month
        && asset.last_charged.is_none_or(|m| month > m)
        && asset.disposed_on.is_none_or(|d| d.month() >= month)
        && asset.method != Method::None
        && !asset.fully_depreciated()
}

/// Records a month's charge on the card.
pub fn apply_charge(asset: &mut Asset, month: Month, charge_fen: i64, units: u64) {
    asset.accumulated_fen += charge_fen;
    asset.charged_since_base_fen += charge_fen;
    asset.periods_charged = match asset.method {
        Method::StraightLine { .. } => asset.periods_charged + 1,
        Method::UnitsOfUse { .. } => asset.periods_charged.saturating_add(units),
        Method::None => asset.periods_charged,
    };
    asset.last_charged = Some(month);
}

/// The months from `a` up to but not including `b` (0 when `b` is not after `a`).
pub fn months_between(a: Month, b: Month) -> u64 {
    let ma = i64::from(a.year()) * 12 + i64::from(a.number());
    let mb = i64::from(b.year()) * 12 + i64::from(b.number());
    u64::try_from(mb - ma).unwrap_or(0)
}

/// The month after `m`.
pub fn next_month(m: Month) -> Month {
    if m.number() == 12 {
        Month::new(m.year() + 1, 1).unwrap_or(m)
    } else {
        Month::new(m.year(), m.number() + 1).unwrap_or(m)
    }
}

/// The card's fields as a clerk sent them.
#[derive(Clone, Debug, Default)]
pub struct AssetInput {
    pub code: String,
    pub name: String,
    pub category: Option<Category>,
    pub use_kind: Option<Use>,
    pub spec: String,
    pub quantity: String,
    pub location: String,
    pub custodian: String,
    pub acquired: String,
    pub original_fen: i64,
    pub salvage_rate_bp: i64,
    pub method: Option<Method>,
    pub expense_account: String,
    pub poverty_alleviation: bool,
    /// For cards of assets acquired before these books: depreciation already accumulated.
    pub opening_accumulated_fen: i64,
    /// For units-of-use opening cards: work units already used.
    pub opening_used_units: i64,
}

/// A card that passed the shape checks (the books are checked by the caller).
pub struct ValidAsset {
    pub input: AssetInput,
    pub acquired: Date,
    pub expense_account: Option<AccountCode>,
    pub category: Category,
    pub use_kind: Use,
    pub method: Method,
}

/// Checks a card completely.
pub fn validate(input: AssetInput, v: &mut Violations) -> Option<ValidAsset> {
    let before = v.len();
    check_text(v, "asset.code", &input.code, ASSET_CODE_CHARS_MAX, true);
    check_text(v, "asset.name", &input.name, ASSET_TEXT_CHARS_MAX, true);
    for (field, text) in [
        ("asset.spec", &input.spec),
        ("asset.quantity", &input.quantity),
        ("asset.location", &input.location),
        ("asset.custodian", &input.custodian),
    ] {
        check_text(v, field, text, ASSET_TEXT_CHARS_MAX, false);
    }
    if input.category.is_none() {
        v.add(
            "asset.category",
            "FIELD_REQUIRED",
            "房屋及建筑物, 机器设备, 运输工具, 农业基础设施, 道路桥梁, 公益设施 or 其他",
        );
    }
    if input.use_kind.is_none() {
        v.add("asset.use", "FIELD_REQUIRED", "经营性, 非经营性 or 待界定");
    }
    let acquired = Date::parse(&input.acquired)
        .map_err(|e| v.add("asset.acquired_date", "INVALID_DATE", e.to_string()))
        .ok();
    if !(0..=AMOUNT_FEN_MAX).contains(&input.original_fen) {
        v.add(
            "asset.original_value_fen",
            "AMOUNT_OUT_OF_RANGE",
            format!("0 to {}", Fen::new(AMOUNT_FEN_MAX).to_yuan()),
        );
    }
    if !(0..=i64::from(SALVAGE_RATE_BP_MAX)).contains(&input.salvage_rate_bp) {
        v.add(
            "asset.salvage_rate_bp",
            "SALVAGE_RATE_OUT_OF_RANGE",
            "0 to 10000 basis points (100%)",
        );
    }
    match input.method {
        None => v.add(
            "asset.method",
            "FIELD_REQUIRED",
            "straight-line, units-of-use or none",
        ),
        Some(Method::StraightLine { life_months })
            if life_months == 0 || life_months > LIFE_MONTHS_MAX =>
        {
            v.add(
                "asset.useful_life_months",
                "LIFE_OUT_OF_RANGE",
                format!("1 to {LIFE_MONTHS_MAX} months"),
            )
        }
        Some(Method::UnitsOfUse { total_units })
            if total_units == 0 || total_units > WORK_UNITS_MAX =>
        {
            v.add(
                "asset.total_work_units",
                "WORK_UNITS_OUT_OF_RANGE",
                format!("1 to {WORK_UNITS_MAX}"),
            )
        }
        _ => {}
    }
    match input.method {
        Some(Method::UnitsOfUse { total_units })
            if !(0..i64::try_from(total_units).unwrap_or(i64::MAX))
                .contains(&input.opening_used_units) =>
        {
            v.add(
                "asset.opening_used_units",
                "WORK_UNITS_OUT_OF_RANGE",
                "0 up to fewer than the total work units",
            );
        }
        Some(Method::UnitsOfUse { .. }) => {}
        _ if input.opening_used_units != 0 => {
            v.add(
                "asset.opening_used_units",
                "NOT_UNITS_OF_USE",
                "only units-of-use cards count used units",
            );
        }
        _ => {}
    }
    let expense = AccountCode::parse(&input.expense_account);
    if expense.is_none() && input.method != Some(Method::None) {
        v.add(
            "asset.expense_account",
            "INVALID_ACCOUNT_CODE",
            "the account depreciation is charged to, e.g. 513",
        );
    }
    let depreciable = input.original_fen
        - salvage(
            input.original_fen.max(0),
            input.salvage_rate_bp.clamp(0, 10_000) as u32,
        );
    if input.opening_accumulated_fen < 0 || input.opening_accumulated_fen > depreciable.max(0) {
        v.add(
            "asset.opening_accumulated_fen",
            "ACCUMULATED_OUT_OF_RANGE",
            "between 0 and the original value less salvage",
        );
    }
    if v.len() != before {
        return None;
    }
    Some(ValidAsset {
        acquired: acquired?,
        expense_account: expense,
        category: input.category?,
        use_kind: input.use_kind?,
        method: input.method?,
        input,
    })
}

/// Lines of the disposal voucher through 固定资产清理 (`clearing`): (account, debit, credit).
/// Removes the card's original value and accumulated depreciation, books proceeds and costs, and
/// carries the result to `gain` or `loss`.
pub fn disposal_lines(
    asset: &Asset,
    accounts: &AssetAccounts,
    proceeds: Option<(&AccountCode, i64)>,
    costs: Option<(&AccountCode, i64)>,
) -> Vec<(AccountCode, i64, i64)> {
    let clearing = &accounts.clearing;
    let (gain, loss) = (&accounts.other_income, &accounts.other_expense);
    let (accumulated_account, asset_account) = (&accounts.accumulated, &accounts.asset);
    let mut lines = Vec::new();
    let mut push = |a: &AccountCode, d: i64, c: i64| {
        if d != 0 || c != 0 {
            lines.push((a.clone(), d, c));
        }
    };
    push(clearing, asset.net_fen(), 0);
    push(accumulated_account, asset.accumulated_fen, 0);
    push(asset_account, 0, asset.original_fen);
    let mut clearing_balance = asset.net_fen();
    if let Some((cash, amount)) = proceeds {
        push(cash, amount, 0);
        push(clearing, 0, amount);
        clearing_balance -= amount;
    }
    if let Some((cash, amount)) = costs {
        push(clearing, amount, 0);
        push(cash, 0, amount);
        clearing_balance += amount;
    }
    match clearing_balance {
        b if b > 0 => {
            push(loss, b, 0);
            push(clearing, 0, b);
        }
        b if b < 0 => {
            push(clearing, -b, 0);
            push(gain, 0, -b);
        }
        _ => {}
    }
    lines
}

pub fn not_found(id: Uuid) -> DomainError {
    DomainError::not_found("ASSET_NOT_FOUND", format!("no asset {id} in these books"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(original: i64, rate_bp: u32, life: u32) -> Asset {
        let acquired = Date::parse("2024-01-15").unwrap();
        Asset {
            id: Uuid::nil(),
            org_id: Uuid::nil(),
            code: "GD-001".into(),
            name: "村部办公楼".into(),
            category: Category::Building,
            use_kind: Use::NonOperating,
            spec: String::new(),
            quantity: String::new(),
            location: String::new(),
            custodian: String::new(),
            acquired,
            original_fen: original,
            salvage_rate_bp: rate_bp,
            method: Method::StraightLine { life_months: life },
            expense_account: AccountCode::parse("513"),
            status: Status::InUse,
            poverty_alleviation: false,
            accumulated_fen: 0,
            base_fen: original - salvage(original, rate_bp),
            base_periods: u64::from(life),
            first_month: next_month(acquired.month()),
            charged_since_base_fen: 0,
            periods_charged: 0,
            last_charged: None,
            verified_value_fen: None,
            disposed_on: None,
            acquisition_voucher: None,
            created_ms: 0,
            updated_ms: 0,
        }
    }

    #[test]
    fn the_worked_example_charges_950_yuan_a_month() {
        // ¥120,000.00, 10 years, 5% salvage, straight-line → ¥950.00 a month.
        let mut a = card(12_000_000, 500, 120);
        let feb = Month::new(2024, 2).unwrap();
        assert_eq!(
            charge_for(&a, Month::new(2024, 1).unwrap(), 0),
            0,
            "not in the month of acquisition"
        );
        assert_eq!(charge_for(&a, feb, 0), 95_000);
        apply_charge(&mut a, feb, 95_000, 0);
        assert_eq!(charge_for(&a, feb, 0), 0, "a month is charged once");
    }

    #[test]
    fn charges_add_up_exactly_over_the_life() {
        for (original, rate, life) in [
            (1_000_001, 300, 7),
            (12_345_679, 500, 120),
            (99, 0, 36),
            (100_000, 10_000, 12),
        ] {
            let mut a = card(original, rate, life);
            let mut m = a.first_month;
            let mut total = 0;
            for _ in 0..life + 5 {
                let c = charge_for(&a, m, 0);
                assert!(c >= 0);
                total += c;
                apply_charge(&mut a, m, c, 0);
                m = next_month(m);
            }
            assert_eq!(
                total,
                original - salvage(original, rate),
                "{original} {rate} {life}"
            );
            assert!(a.fully_depreciated());
        }
    }

    #[test]
    fn units_of_use_follow_the_work() {
        let mut a = card(1_000_000, 0, 1);
        a.method = Method::UnitsOfUse { total_units: 3 };
        a.base_periods = 3;
        let m = a.first_month;
        let c = charge_for(&a, m, 1);
        assert_eq!(c, 333_333);
        apply_charge(&mut a, m, c, 1);
        let m2 = next_month(m);
        let c2 = charge_for(&a, m2, 5);
        assert_eq!(c2, 666_667, "capped at what remains");
    }

    #[test]
    fn disposal_clears_the_card_through_the_clearing_account() {
        let mut a = card(12_000_000, 500, 120);
        a.accumulated_fen = 950_000;
        let code = |c: &str| AccountCode::parse(c).unwrap();
        let accounts =
            crate::domain::chart::asset_accounts(crate::domain::chart::ChartVersion::V2023);
        let lines = disposal_lines(
            &a,
            &accounts,
            Some((&code("102"), 11_500_000)),
            Some((&code("101"), 20_000)),
        );
        let debit: i64 = lines.iter().map(|l| l.1).sum();
        let credit: i64 = lines.iter().map(|l| l.2).sum();
        assert_eq!(debit, credit);
        // Net 11,050,000 + costs 20,000 − proceeds 11,500,000 = 430,000 gain.
        assert!(lines.contains(&(code("504"), 0, 430_000)));
        let clearing: i64 = lines
            .iter()
            .filter(|l| l.0 == code("154"))
            .map(|l| l.1 - l.2)
            .sum();
        assert_eq!(clearing, 0, "the clearing account ends at zero");
    }
}
