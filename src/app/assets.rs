//! Fixed-asset cards: registration (with its acquisition voucher), history events, disposal
//! through 固定资产清理, monthly depreciation, and reconciliation with the ledger.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::{AppResult, accounts, auth, page, vouchers};
use crate::domain::DomainError;
use crate::domain::asset::{
    self, Asset, AssetInput, Method, Status, apply_charge, charge_for, months_between, next_month,
    validate,
};
use crate::domain::chart::{AccountCode, asset_accounts};
use crate::domain::contract::Subject;
use crate::domain::date::{Date, Month};
use crate::domain::error::{Violations, check_text};
use crate::domain::money::AMOUNT_FEN_MAX;
use crate::domain::org::Organization;
use crate::domain::user::{Action, Principal};
use crate::domain::voucher::{Voucher, check_postable};
use crate::store::prelude::*;
/// A card's event as recorded (what api lists).
pub use crate::store::tables::asset::AssetEventRecord;
use crate::store::tables::asset::AssetRecord;
use crate::store::tables::asset::DepreciationCharge;
use crate::store::tables::asset::DepreciationRunRecord;
use crate::store::{Read, StoreError, Txn, keys};

pub const NOTE_CHARS_MAX: usize = 200;

/// An amount and the account it went through, as sent (proceeds or costs of a disposal).
pub type Money<'a> = Option<(&'a str, i64)>;

/// The date and the clerk's note of an event, as sent.
#[derive(Clone, Copy, Debug)]
pub struct Note<'a> {
    pub date: &'a str,
    pub note: &'a str,
}

fn event(kind: &str, p: &Principal, now_ms: i64) -> AssetEventRecord {
    AssetEventRecord {
        kind: kind.into(),
        time_ms: now_ms,
        user_name: p.display_name.clone(),
        ..Default::default()
    }
}

pub fn load(r: &(impl Read + ?Sized), org: Uuid, id: Uuid) -> AppResult<Asset> {
    r.asset(org, id)?.ok_or_else(|| asset::not_found(id).into())
}

fn parse_account(v: &mut Violations, field: &str, text: &str) -> Option<AccountCode> {
    let c = AccountCode::parse(text);
    if c.is_none() {
        v.add(
            field,
            "INVALID_ACCOUNT_CODE",
            format!("{text:?} is not an account code like 102"),
        );
    }
    c
}

/// Registers a card. With `pay_account` it also posts the acquisition voucher (debit 固定资产,
/// credit the paying account) dated the acquisition date, in the same atomic step.
pub fn create(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    input: AssetInput,
    pay_account: &str,
    now_ms: i64,
) -> AppResult<(Asset, Option<Voucher>)> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    let opening_accumulated = input.opening_accumulated_fen;
    let valid = validate(input, &mut v);
    let pay = if pay_account.trim().is_empty() {
        None
    } else {
        parse_account(&mut v, "pay_account", pay_account)
    };
    if pay.is_some() && opening_accumulated != 0 {
        v.add("pay_account", "ACQUISITION_OF_OPENING_CARD", "a card that opens with depreciation was acquired before these books: no acquisition voucher");
    }
    v.finish()?;
    let Some(valid) = valid else {
        return Err(DomainError::invalid("asset", "INVALID_ASSET", "invalid asset card").into());
    };
    if let Some(expense) = &valid.expense_account {
        let accounts = accounts::load_lineages(txn, org_id, [expense])?;
        let mut v = Violations::default();
        check_postable(&mut v, "asset.expense_account", expense, &accounts);
        if let Some(a) = accounts.get(expense)
            && (!matches!(a.category.as_str(), "成本" | "损益")
                || a.normal_side != crate::domain::chart::NormalSide::Debit)
        {
            v.add(
                "asset.expense_account",
                "ACCOUNT_NOT_EXPENSE",
                format!("{expense} {} is not a cost or expense account", a.name),
            );
        }
        v.finish()?;
    }
    let mut v = Violations::default();
    if opening_accumulated != 0 && valid.acquired >= org.opening_date {
        v.add(
            "asset.opening_accumulated_fen",
            "OPENING_DEPRECIATION_OF_NEW_ASSET",
            format!(
                "only assets acquired before the books opened ({}) carry depreciation in",
                org.opening_date
            ),
        );
    }
    if let Some(pay) = &pay {
        let accts = asset_accounts(org.chart);
        if pay.is_within(&accts.asset) || pay.is_within(&accts.accumulated) {
            v.add(
                "pay_account",
                "PAY_ACCOUNT_INVALID",
                "the paying account is not 固定资产 or 累计折旧",
            );
        }
    }
    v.finish()?;
    let code = valid.input.code.trim().to_string();
    if txn.asset_by_code(org_id, &code)?.is_some() {
        return Err(DomainError::exists(
            "ASSET_CODE_EXISTS",
            format!("asset code {code} is already used in these books"),
        )
        .into());
    }
    let acquired = valid.acquired;
    let first_month = next_month(acquired.month()).max(org.opening_date.month());
    let depreciable = valid.input.original_fen
        - asset::salvage(valid.input.original_fen, valid.input.salvage_rate_bp as u32);
    let base_periods = match valid.method {
        Method::StraightLine { life_months } => u64::from(life_months)
            .saturating_sub(months_between(next_month(acquired.month()), first_month)),
        // What remains of the value is spread over the units that remain.
        Method::UnitsOfUse { total_units } => {
            total_units.saturating_sub(valid.input.opening_used_units.max(0) as u64)
        }
        Method::None => 0,
    };
    let mut card = Asset {
        id: Uuid::now_v7(),
        org_id,
        code,
        name: valid.input.name.trim().to_string(),
        category: valid.category,
        use_kind: valid.use_kind,
        spec: valid.input.spec.trim().to_string(),
        quantity: valid.input.quantity.trim().to_string(),
        location: valid.input.location.trim().to_string(),
        custodian: valid.input.custodian.trim().to_string(),
        acquired,
        original_fen: valid.input.original_fen,
        salvage_rate_bp: valid.input.salvage_rate_bp as u32,
        method: valid.method,
        expense_account: valid.expense_account,
        status: Status::InUse,
        poverty_alleviation: valid.input.poverty_alleviation,
        accumulated_fen: opening_accumulated,
        base_fen: depreciable - opening_accumulated,
        base_periods,
        first_month,
        charged_since_base_fen: 0,
        periods_charged: 0,
        last_charged: None,
        verified_value_fen: None,
        disposed_on: None,
        acquisition_voucher: None,
        created_ms: now_ms,
        updated_ms: now_ms,
    };
    let mut voucher = None;
    if let Some(pay) = pay {
        let accts = asset_accounts(org.chart);
        let v = vouchers::post_generated(
            txn,
            p,
            &mut org,
            (
                acquired,
                format!("购入固定资产 {} {}", card.code, card.name),
                format!("购入固定资产 {}", card.code),
            ),
            vec![
                (accts.asset, card.original_fen, 0),
                (pay, 0, card.original_fen),
            ],
            now_ms,
        )?;
        card.acquisition_voucher = Some(v.id);
        voucher = Some(v);
    }
    txn.put_asset(&card)?;
    let mut e = event("registered", p, now_ms);
    e.date = acquired.key();
    e.amount_fen = card.original_fen;
    e.voucher_id = card
        .acquisition_voucher
        .map(|u| u.as_bytes().to_vec())
        .unwrap_or_default();
    txn.push_asset_event(org_id, card.id, &e)?;
    Ok((card, voucher))
}

pub fn get(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org: Uuid,
    id: Uuid,
) -> AppResult<(Asset, Vec<AssetEventRecord>)> {
    auth::org_for(r, p, org, Action::Read)?;
    let a = load(r, org, id)?;
    let events = r.asset_events(org, id)?;
    Ok((a, events))
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub category: Option<asset::Category>,
    pub use_kind: Option<asset::Use>,
    pub status: Option<Status>,
}

pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org: Uuid,
    filter: &ListFilter,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<Asset>, Option<Vec<u8>>)> {
    auth::org_for(r, p, org, Action::Read)?;
    page::prefix_page(r, keys::assets_of(org), after, page_size, |_, v| {
        let a: Asset = crate::store::changes::decode_changed::<AssetRecord, _>(v, "asset")?;
        let kept = filter.category.is_none_or(|c| a.category == c)
            && filter.use_kind.is_none_or(|u| a.use_kind == u)
            && filter.status.is_none_or(|s| a.status == s);
        AppResult::Ok(kept.then_some(a))
    })
}

/// The descriptive fields an update may change.
#[derive(Clone, Debug, Default)]
pub struct AssetPatch {
    pub name: Option<String>,
    pub spec: Option<String>,
    pub quantity: Option<String>,
    pub location: Option<String>,
    pub custodian: Option<String>,
    pub poverty_alleviation: Option<bool>,
    pub use_kind: Option<asset::Use>,
}

pub fn update(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    patch: AssetPatch,
    now_ms: i64,
) -> AppResult<Asset> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut a = load(txn, org, id)?;
    let mut v = Violations::default();
    if let Some(n) = &patch.name {
        check_text(&mut v, "asset.name", n, asset::ASSET_TEXT_CHARS_MAX, true);
    }
    for (field, text) in [
        ("asset.spec", &patch.spec),
        ("asset.quantity", &patch.quantity),
        ("asset.location", &patch.location),
        ("asset.custodian", &patch.custodian),
    ] {
        if let Some(t) = text {
            check_text(&mut v, field, t, asset::ASSET_TEXT_CHARS_MAX, false);
        }
    }
    v.finish()?;
    let set = |slot: &mut String, value: Option<String>| {
        if let Some(x) = value {
            *slot = x.trim().to_string();
        }
    };
    set(&mut a.name, patch.name);
    set(&mut a.spec, patch.spec);
    set(&mut a.quantity, patch.quantity);
    set(&mut a.location, patch.location);
    set(&mut a.custodian, patch.custodian);
    if let Some(b) = patch.poverty_alleviation {
        a.poverty_alleviation = b;
    }
    if let Some(u) = patch.use_kind {
        a.use_kind = u;
    }
    a.updated_ms = now_ms;
    txn.put_asset(&a)?;
    // A live listing shows the asset's name and location.
    super::links::subject_changed(
        txn,
        org,
        &crate::domain::listing::Subject::Asset(id),
        now_ms,
    )?;
    txn.push_asset_event(org, id, &event("updated", p, now_ms))?;
    Ok(a)
}

fn not_disposed(a: &Asset) -> Result<(), DomainError> {
    if a.status == Status::Disposed {
        return Err(DomainError::precondition(
            "ASSET_DISPOSED",
            format!("asset {} was disposed of", a.code),
        ));
    }
    Ok(())
}

/// The date of something done to a card (status, count, disposal): a day that has come.
fn parse_date(v: &mut Violations, field: &str, text: &str) -> Option<Date> {
    let date = Date::parse(text.trim())
        .map_err(|e| v.add(field, "INVALID_DATE", e.to_string()))
        .ok();
    crate::domain::voucher::check_happened(v, field, date);
    date
}

pub fn change_status(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    to: Option<Status>,
    Note { date, note }: Note<'_>,
    now_ms: i64,
) -> AppResult<Asset> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut a = load(txn, org, id)?;
    let mut v = Violations::default();
    let date = parse_date(&mut v, "date", date);
    check_text(&mut v, "note", note, NOTE_CHARS_MAX, false);
    match to {
        None => v.add(
            "status",
            "FIELD_REQUIRED",
            "在用, 出租经营, 出借, 闲置 or 报废",
        ),
        Some(Status::Disposed) => v.add(
            "status",
            "USE_DISPOSE",
            "disposal goes through DisposeAsset, which posts its vouchers",
        ),
        _ => {}
    }
    v.finish()?;
    not_disposed(&a)?;
    if to == Some(Status::Scrapped) && txn.live_listing(org, &Subject::Asset(id))?.is_some() {
        return Err(DomainError::precondition(
            "SUBJECT_LISTED",
            "the asset is offered in a live listing; withdraw it first",
        )
        .into());
    }
    let (Some(to), Some(date)) = (to, date) else {
        return Err(DomainError::invalid("status", "FIELD_REQUIRED", "a status and a date").into());
    };
    let mut e = event("status", p, now_ms);
    e.date = date.key();
    e.from_status = a.status.code();
    e.to_status = to.code();
    e.note = note.trim().to_string();
    a.status = to;
    a.updated_ms = now_ms;
    txn.put_asset(&a)?;
    txn.push_asset_event(org, id, &e)?;
    Ok(a)
}

/// Records a verified value from an inventory count (清查值); returns the card and the
/// difference from its net value.
pub fn record_count(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    verified_fen: i64,
    Note { date, note }: Note<'_>,
    now_ms: i64,
) -> AppResult<(Asset, i64)> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut a = load(txn, org, id)?;
    let mut v = Violations::default();
    let date = parse_date(&mut v, "date", date);
    check_text(&mut v, "note", note, NOTE_CHARS_MAX, false);
    if !(0..=AMOUNT_FEN_MAX).contains(&verified_fen) {
        v.add("verified_value_fen", "AMOUNT_OUT_OF_RANGE", "0 or more");
    }
    v.finish()?;
    not_disposed(&a)?;
    let difference = verified_fen - a.net_fen();
    let mut e = event("count", p, now_ms);
    e.date = date.map_or(0, Date::key);
    e.amount_fen = verified_fen;
    e.difference_fen = difference;
    e.note = note.trim().to_string();
    a.verified_value_fen = Some(verified_fen);
    a.updated_ms = now_ms;
    txn.put_asset(&a)?;
    txn.push_asset_event(org, id, &e)?;
    Ok((a, difference))
}

/// Records the work units of a month for a units-of-use card.
pub fn record_units(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    month: &str,
    units: i64,
) -> AppResult<Asset> {
    auth::org_for(txn, p, org, Action::Write)?;
    let a = load(txn, org, id)?;
    let mut v = Violations::default();
    let m = parse_month(&mut v, month);
    if !(0..=asset::WORK_UNITS_MAX as i64).contains(&units) {
        v.add("units", "WORK_UNITS_OUT_OF_RANGE", "0 or more");
    }
    v.finish()?;
    if !matches!(a.method, Method::UnitsOfUse { .. }) {
        return Err(DomainError::precondition(
            "NOT_UNITS_OF_USE",
            "only units-of-use cards record work units",
        )
        .into());
    }
    let Some(m) = m else {
        return Err(DomainError::invalid("month", "INVALID_MONTH", "YYYY-MM").into());
    };
    if a.last_charged.is_some_and(|c| m <= c) || txn.depreciation_run(org, m.key())?.is_some() {
        return Err(DomainError::precondition(
            "MONTH_ALREADY_DEPRECIATED",
            format!("{m} is already depreciated"),
        )
        .into());
    }
    txn.put_work_units(org, id, m.key(), units as u64);
    Ok(a)
}

pub fn parse_month(v: &mut Violations, text: &str) -> Option<Month> {
    let t = text.trim();
    let parsed = (t.len() == 7 && t.as_bytes()[4] == b'-')
        .then(|| Month::new(t[..4].parse().ok()?, t[5..].parse().ok()?))
        .flatten();
    if parsed.is_none() {
        v.add("month", "INVALID_MONTH", "a month YYYY-MM");
    }
    parsed
}

/// Disposes of a card: charges the disposal month's depreciation if still due, then posts the
/// disposal through 固定资产清理 with proceeds, costs and the resulting gain or loss.
pub fn dispose(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    Note { date, note }: Note<'_>,
    (proceeds, costs): (Money<'_>, Money<'_>),
    now_ms: i64,
) -> AppResult<(Asset, Voucher)> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut a = load(txn, org_id, id)?;
    let mut v = Violations::default();
    let date = parse_date(&mut v, "date", date);
    check_text(&mut v, "note", note, NOTE_CHARS_MAX, false);
    let mut money = |field: &str, x: Option<(&str, i64)>| -> Option<(AccountCode, i64)> {
        let (code, amount) = x?;
        if !(1..=AMOUNT_FEN_MAX).contains(&amount) {
            v.add(format!("{field}_fen"), "AMOUNT_OUT_OF_RANGE", "more than 0");
        }
        parse_account(&mut v, &format!("{field}_account"), code).map(|c| (c, amount))
    };
    let proceeds = money("proceeds", proceeds);
    let costs = money("costs", costs);
    v.finish()?;
    not_disposed(&a)?;
    let Some(date) = date else {
        return Err(DomainError::invalid("date", "INVALID_DATE", "a date").into());
    };
    let month = date.month();
    if date < a.acquired {
        return Err(DomainError::invalid(
            "date",
            "DATE_BEFORE_ACQUISITION",
            format!("the asset was acquired on {}", a.acquired),
        )
        .into());
    }
    if a.last_charged.is_some_and(|m| month < m) {
        return Err(DomainError::precondition(
            "DISPOSAL_BEFORE_LAST_DEPRECIATION",
            format!(
                "depreciation was already charged up to {}; dispose in or after that month",
                a.last_charged.map(|m| m.to_string()).unwrap_or_default()
            ),
        )
        .into());
    }
    // Every month before the disposal month is depreciated first, so nothing is skipped.
    require_runs_before(txn, &org, month)?;
    if super::contracts::under_contract(txn, org_id, Subject::Asset(id), date)? {
        return Err(DomainError::precondition(
            "SUBJECT_UNDER_CONTRACT",
            "the asset is under an active contract; terminate it first",
        )
        .into());
    }
    if txn.live_listing(org_id, &Subject::Asset(id))?.is_some() {
        return Err(DomainError::precondition(
            "SUBJECT_LISTED",
            "the asset is offered in a live listing; withdraw it first",
        )
        .into());
    }
    let mut lines: Vec<(AccountCode, i64, i64)> = Vec::new();
    let accts = asset_accounts(org.chart);
    if asset::due(&a, month) {
        let units = txn.work_units(org_id, id, month.key())?;
        let charge = charge_for(&a, month, units);
        apply_charge(&mut a, month, charge, units);
        if charge > 0
            && let Some(expense) = &a.expense_account
        {
            lines.push((expense.clone(), charge, 0));
            lines.push((accts.accumulated.clone(), 0, charge));
        }
    }
    a.disposed_on = Some(date);
    lines.extend(asset::disposal_lines(
        &a,
        &accts,
        proceeds.as_ref().map(|(c, x)| (c, *x)),
        costs.as_ref().map(|(c, x)| (c, *x)),
    ));
    let voucher = vouchers::post_generated(
        txn,
        p,
        &mut org,
        (
            date,
            format!("处置固定资产 {} {}", a.code, a.name),
            format!("处置固定资产 {}", a.code),
        ),
        lines,
        now_ms,
    )?;
    let mut e = event("disposed", p, now_ms);
    e.date = date.key();
    e.from_status = a.status.code();
    e.to_status = Status::Disposed.code();
    e.amount_fen = proceeds.as_ref().map_or(0, |(_, x)| *x);
    e.voucher_id = voucher.id.as_bytes().to_vec();
    e.note = note.trim().to_string();
    a.status = Status::Disposed;
    a.updated_ms = now_ms;
    txn.put_asset(&a)?;
    txn.push_asset_event(org_id, id, &e)?;
    Ok((a, voucher))
}

/// Months are depreciated in order: every month from the books' opening to the one before
/// `month` must have been run.
fn require_runs_before(
    r: &(impl Read + ?Sized),
    org: &Organization,
    month: Month,
) -> AppResult<()> {
    let opening = org.opening_date.month();
    let mut m = opening;
    while m < month {
        if r.depreciation_run(org.id, m.key())?.is_none() {
            return Err(DomainError::precondition(
                "EARLIER_MONTH_NOT_DEPRECIATED",
                format!("run the depreciation of {m} first: months are depreciated in order"),
            )
            .into());
        }
        m = next_month(m);
    }
    Ok(())
}

/// What a depreciation run did.
pub struct Run {
    pub month: Month,
    pub voucher: Option<Voucher>,
    pub charges: Vec<(Uuid, i64)>,
    pub total_fen: i64,
    /// The month had been run before: nothing was charged now.
    pub already_run: bool,
}

/// Charges every card of the organisation for `month` and posts one voucher (debit each card's
/// expense account, credit 累计折旧). A month is run once; running it again changes nothing.
pub fn run_depreciation(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    month: &str,
    now_ms: i64,
) -> AppResult<Run> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    let month = parse_month(&mut v, month);
    v.finish()?;
    let Some(month) = month else {
        return Err(DomainError::invalid("month", "INVALID_MONTH", "YYYY-MM").into());
    };
    if month < org.opening_date.month() {
        return Err(DomainError::invalid(
            "month",
            "MONTH_BEFORE_BOOKS_OPENING",
            format!("the books opened on {}", org.opening_date),
        )
        .into());
    }
    if let Some(run) = txn.depreciation_run(org_id, month.key())? {
        return previous_run(txn, org_id, month, run);
    }
    if month > Date::today_china().month() {
        return Err(DomainError::invalid(
            "month",
            "MONTH_IN_FUTURE",
            format!("{month} has not begun"),
        )
        .into());
    }
    require_runs_before(txn, &org, month)?;
    let mut by_account: BTreeMap<AccountCode, i64> = BTreeMap::new();
    let mut charges = Vec::new();
    for mut a in txn.assets(org_id)? {
        if !asset::due(&a, month) {
            continue;
        }
        let units = txn.work_units(org_id, a.id, month.key())?;
        let charge = charge_for(&a, month, units);
        // A due month advances the schedule even when its charge rounds to nothing.
        apply_charge(&mut a, month, charge, units);
        a.updated_ms = now_ms;
        txn.put_asset(&a)?;
        if charge > 0
            && let Some(expense) = a.expense_account.clone()
        {
            *by_account.entry(expense).or_default() += charge;
            charges.push((a.id, charge));
        }
    }
    let total: i64 = charges.iter().map(|(_, c)| c).sum();
    let voucher = if total > 0 {
        let mut lines: Vec<(AccountCode, i64, i64)> =
            by_account.into_iter().map(|(a, d)| (a, d, 0)).collect();
        lines.push((asset_accounts(org.chart).accumulated, 0, total));
        Some(vouchers::post_generated(
            txn,
            p,
            &mut org,
            (
                month.last_day(),
                format!("计提{month}固定资产折旧"),
                format!("计提折旧 {month}"),
            ),
            lines,
            now_ms,
        )?)
    } else {
        None
    };
    txn.put_depreciation_run(
        org_id,
        month.key(),
        &DepreciationRunRecord {
            voucher_id: voucher
                .as_ref()
                .map(|v| v.id.as_bytes().to_vec())
                .unwrap_or_default(),
            total_fen: total,
            charges: charges
                .iter()
                .map(|(id, c)| DepreciationCharge {
                    asset_id: id.as_bytes().to_vec(),
                    amount_fen: *c,
                })
                .collect(),
            time_ms: now_ms,
        },
    );
    Ok(Run {
        month,
        voucher,
        charges,
        total_fen: total,
        already_run: false,
    })
}

fn previous_run(
    r: &(impl Read + ?Sized),
    org: Uuid,
    month: Month,
    run: DepreciationRunRecord,
) -> AppResult<Run> {
    let voucher = match Uuid::from_slice(&run.voucher_id) {
        Ok(id) => Some(vouchers::load(r, org, id)?),
        Err(_) => None,
    };
    let charges = run
        .charges
        .iter()
        .map(|c| {
            Ok((
                Uuid::from_slice(&c.asset_id)
                    .map_err(|_| StoreError::Corrupt("depreciation run".into()))?,
                c.amount_fen,
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Run {
        month,
        voucher,
        charges,
        total_fen: run.total_fen,
        already_run: true,
    })
}

/// Cards against the ledger: Σ original == 固定资产 balance, Σ accumulated == 累计折旧 balance.
pub struct Reconciliation {
    pub cards_original_fen: i64,
    pub ledger_asset_fen: i64,
    pub cards_accumulated_fen: i64,
    pub ledger_accumulated_fen: i64,
    /// The cards behind the figures (all of them when a difference needs explaining).
    pub cards: Vec<Asset>,
}

impl Reconciliation {
    pub fn balanced(&self) -> bool {
        self.cards_original_fen == self.ledger_asset_fen
            && self.cards_accumulated_fen == self.ledger_accumulated_fen
    }
}

pub fn reconcile(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Uuid,
) -> AppResult<Reconciliation> {
    let org: Organization = auth::org_for(r, p, org_id, Action::Read)?;
    let cards: Vec<Asset> = r
        .assets(org_id)?
        .into_iter()
        .filter(|a| a.status != Status::Disposed)
        .collect();
    let accts = asset_accounts(org.chart);
    let narrow = crate::domain::balance::narrow;
    let ledger_asset = narrow(accounts::subtree_balance(r, org_id, &accts.asset)?)?;
    let ledger_accumulated = narrow(-accounts::subtree_balance(r, org_id, &accts.accumulated)?)?;
    let rec = Reconciliation {
        cards_original_fen: cards.iter().map(|a| a.original_fen).sum(),
        ledger_asset_fen: ledger_asset,
        cards_accumulated_fen: cards.iter().map(|a| a.accumulated_fen).sum(),
        ledger_accumulated_fen: ledger_accumulated,
        cards,
    };
    Ok(rec)
}
