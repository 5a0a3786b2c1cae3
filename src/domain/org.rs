//! Organisations: the collectives whose books are kept, and the rules a registration must meet.

use uuid::Uuid;

use super::chart::ChartVersion;
use super::coded::coded;
use super::codes::{GroupCode, RegionCode, Uscc};
use super::date::Date;
use super::error::{DomainError, Violations, check_text};

pub const ORG_NAME_CHARS_MAX: usize = 100;
pub const REGION_NAME_CHARS_MAX: usize = 60;
/// 监督电话: at most this many characters.
pub const PHONE_CHARS_MAX: usize = 30;

coded!(
    /// 组织层级.
    Level {
        /// 乡镇级
        Township = 1, "乡镇";
        /// 村级
        Village = 2, "村";
        /// 组级
        Group = 3, "组";
    }
);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    /// 所在地: province to village, as the exports print it (may be empty).
    pub region_name: String,
    pub level: Level,
    pub region: RegionCode,
    pub group: Option<GroupCode>,
    pub uscc: Uscc,
    pub chart: ChartVersion,
    pub opening_date: Date,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// A voucher has been posted: chart, opening date and opening balances are fixed.
    pub books_started: bool,
    /// Any voucher, sub-account or opening balance exists: the chart can no longer be swapped.
    pub books_touched: bool,
    /// Where rent received is credited unless a payment names an account (经营收入 by default;
    /// an organisation that accrues rent first names its receivable sub-account here).
    pub rent_credit_account: Option<super::chart::AccountCode>,
    /// 结账: every month up to and including this one is closed.
    pub closed_through: Option<super::date::Month>,
    /// The latest year whose carry-forward was posted (年终结转).
    pub year_closed: Option<i32>,
    /// 切换月份: the last month of history brought over from an old system. `ImportVouchers`
    /// posts only into months up to it; unset means nothing may be imported.
    pub cutover: Option<super::date::Month>,
    /// An ordinary (not imported) voucher has been posted: the cut-over month is then fixed.
    pub ordinary_posted: bool,
    /// 科目升级: accounts that gained their first sub-account while carrying a balance, and the
    /// sub-account their balance and history moved to. Posted vouchers keep the code they were
    /// written with; the books read their lines as booked to the sub-account.
    pub account_moves: Vec<(super::chart::AccountCode, super::chart::AccountCode)>,
    /// 监督电话 printed on the public disclosure notice (empty: the township's is used).
    pub supervision_phone: String,
}

impl Organization {
    /// The account a posted line on `code` is booked to now (after any 科目升级).
    pub fn booked<'a>(
        &'a self,
        code: &'a super::chart::AccountCode,
    ) -> &'a super::chart::AccountCode {
        let mut at = code;
        // Each move goes one level down, so a chain is as long as the code is deep.
        for _ in 0..8 {
            match self.account_moves.iter().find(|(from, _)| from == at) {
                Some((_, to)) => at = to,
                None => break,
            }
        }
        at
    }

    /// `lines` with every account as booked now.
    pub fn rebook(&self, lines: &mut [super::voucher::Line]) {
        if self.account_moves.is_empty() {
            return;
        }
        for l in lines {
            let booked = self.booked(&l.account).clone();
            l.account = booked;
        }
    }

    /// Region code and group together: unique per organisation, sorts by region.
    pub fn region_key(&self) -> String {
        region_key(&self.region, self.group.as_ref())
    }
}

pub fn region_key(region: &RegionCode, group: Option<&GroupCode>) -> String {
    match group {
        Some(g) => format!("{}{}", region.as_str(), g.as_str()),
        None => region.as_str().to_string(),
    }
}

/// The fields of a registration as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct OrgInput {
    pub name: String,
    pub region_name: String,
    pub level: Option<Level>,
    pub region: String,
    pub group: String,
    pub uscc: String,
    /// `None` means the default, 2023.
    pub chart: Option<ChartVersion>,
    pub opening_date: String,
    /// `YYYY-MM`, or empty for none.
    pub cutover_month: String,
}

/// A registration that passed every rule.
#[derive(Clone, Debug)]
pub struct ValidOrg {
    pub name: String,
    pub region_name: String,
    pub level: Level,
    pub region: RegionCode,
    pub group: Option<GroupCode>,
    pub uscc: Uscc,
    pub chart: ChartVersion,
    pub opening_date: Date,
    pub cutover: Option<super::date::Month>,
}

/// Parses a cut-over month (`YYYY-MM`, empty for none): not before the month the books open, not
/// after the current month.
pub fn parse_cutover(
    v: &mut Violations,
    field: &str,
    text: &str,
    opening_date: Option<Date>,
    today: Date,
) -> Option<super::date::Month> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let Some(month) = super::date::Month::parse(text) else {
        v.add(field, "INVALID_MONTH", "a month like 2026-09");
        return None;
    };
    if opening_date.is_some_and(|d| month < d.month()) {
        v.add(
            field,
            "CUTOVER_BEFORE_OPENING",
            "the cut-over month is not before the month the books open",
        );
        return None;
    }
    if month > today.month() {
        v.add(
            field,
            "DATE_IN_FUTURE",
            "the cut-over month is not after the current month",
        );
        return None;
    }
    Some(month)
}

/// Checks a registration completely; `prefix` is the request path of the organisation message,
/// `v` what the caller already found wrong in it.
pub fn validate(
    input: &OrgInput,
    prefix: &str,
    mut v: Violations,
    today: Date,
) -> Result<ValidOrg, DomainError> {
    let f = |name: &str| format!("{prefix}{name}");
    check_text(
        &mut v,
        &f("display_name"),
        &input.name,
        ORG_NAME_CHARS_MAX,
        true,
    );
    let level = input.level;
    if level.is_none() && !v.has(&f("level")) {
        v.add(
            f("level"),
            "FIELD_REQUIRED",
            "choose township, village or group",
        );
    }
    let region = match RegionCode::parse(&input.region) {
        Ok(r) => Some(r),
        Err(e) => {
            v.add(f("region_code"), "INVALID_REGION_CODE", e.to_string());
            None
        }
    };
    let group = if input.group.trim().is_empty() {
        None
    } else {
        match GroupCode::parse(&input.group) {
            Ok(g) => Some(g),
            Err(e) => {
                v.add(f("group_code"), "INVALID_GROUP_CODE", e.to_string());
                None
            }
        }
    };
    let uscc = match Uscc::parse(&input.uscc) {
        Ok(u) => Some(u),
        Err(e) => {
            v.add(f("uscc"), "INVALID_USCC", e.to_string());
            None
        }
    };
    let opening_date = match Date::parse(&input.opening_date) {
        Ok(d) => Some(d),
        Err(e) => {
            v.add(f("books_opening_date"), "INVALID_DATE", e.to_string());
            None
        }
    };
    if let (Some(level), Some(region)) = (level, &region) {
        check_level_region(&mut v, prefix, level, region, input.group.trim().is_empty());
    }
    if let (Some(level), Some(uscc)) = (level, &uscc) {
        check_level_uscc(&mut v, prefix, level, uscc);
    }
    let chart = input.chart.unwrap_or(ChartVersion::V2023);
    if let Some(date) = opening_date {
        check_chart_date(&mut v, prefix, chart, date);
    }
    check_text(
        &mut v,
        &f("region_name"),
        &input.region_name,
        REGION_NAME_CHARS_MAX,
        false,
    );
    let cutover = parse_cutover(
        &mut v,
        &f("cutover_month"),
        &input.cutover_month,
        opening_date,
        today,
    );
    v.finish()?;
    match (level, region, uscc, opening_date) {
        (Some(level), Some(region), Some(uscc), Some(opening_date)) => Ok(ValidOrg {
            name: input.name.trim().to_string(),
            region_name: input.region_name.trim().to_string(),
            level,
            region,
            group,
            uscc,
            chart,
            opening_date,
            cutover,
        }),
        _ => Err(DomainError::invalid(
            prefix,
            "INVALID_ORGANIZATION",
            "incomplete organisation",
        )),
    }
}

fn check_level_region(
    v: &mut Violations,
    prefix: &str,
    level: Level,
    region: &RegionCode,
    no_group: bool,
) {
    match level {
        Level::Township if !region.is_township() => v.add(
            format!("{prefix}region_code"),
            "REGION_LEVEL_MISMATCH",
            "a township's region code ends in 000",
        ),
        Level::Village | Level::Group if region.is_township() => v.add(
            format!("{prefix}region_code"),
            "REGION_LEVEL_MISMATCH",
            "a village's region code never ends in 000",
        ),
        _ => {}
    }
    match level {
        Level::Group if no_group => v.add(
            format!("{prefix}group_code"),
            "FIELD_REQUIRED",
            "a group-level organisation needs its two-digit group number",
        ),
        Level::Township | Level::Village if !no_group => v.add(
            format!("{prefix}group_code"),
            "GROUP_CODE_NOT_ALLOWED",
            "only group-level organisations have a group number",
        ),
        _ => {}
    }
}

pub fn check_level_uscc(v: &mut Violations, prefix: &str, level: Level, uscc: &Uscc) {
    if uscc.department() != 'N' {
        v.add(
            format!("{prefix}uscc"),
            "USCC_NOT_COLLECTIVE",
            "a collective economic organisation's code starts with N (registered by 农业农村部门)",
        );
        return;
    }
    let expected = match level {
        Level::Group => '1',
        Level::Village => '2',
        Level::Township => '3',
    };
    let t = uscc.org_type();
    if t != expected && t != '9' {
        v.add(
            format!("{prefix}uscc"),
            "USCC_LEVEL_MISMATCH",
            format!("type character {t} does not fit this level (expected {expected} or 9)"),
        );
    }
}

/// The 2004 chart serves books kept before 2024; the 2023 chart is in force from 2024-01-01.
pub fn check_chart_date(v: &mut Violations, prefix: &str, chart: ChartVersion, date: Date) {
    if chart == ChartVersion::V2004 && date.year() >= 2024 {
        v.add(
            format!("{prefix}chart_version"),
            "CHART_VERSION_MISMATCH",
            "the 2004 chart is only for books opened before 2024",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> OrgInput {
        OrgInput {
            name: "良山镇下保村股份经济合作社".into(),
            region_name: "江西省新余市渝水区良山镇下保村".into(),
            level: Some(Level::Village),
            region: "360502100201".into(),
            group: String::new(),
            uscc: "N2330102MA2B3C4D53".into(),
            chart: None,
            opening_date: "2024-01-01".into(),
            cutover_month: String::new(),
        }
    }

    #[test]
    fn accepts_a_village() {
        let org = validate(
            &input(),
            "organization.",
            Violations::default(),
            Date::new(2026, 12, 4).unwrap(),
        )
        .unwrap();
        assert_eq!(org.chart, ChartVersion::V2023);
        assert_eq!(org.name, "良山镇下保村股份经济合作社");
    }

    #[test]
    fn lists_every_violation() {
        let bad = OrgInput {
            name: String::new(),
            level: Some(Level::Township),
            uscc: "N2330102MA2B3C4D54".into(),
            opening_date: "2024-02-30".into(),
            ..input()
        };
        let DomainError::Invalid(v) = validate(
            &bad,
            "organization.",
            Violations::default(),
            Date::new(2026, 12, 4).unwrap(),
        )
        .unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = v.iter().map(|v| (v.field.as_str(), v.reason)).collect();
        assert_eq!(
            fields,
            [
                ("organization.display_name", "FIELD_REQUIRED"),
                ("organization.uscc", "INVALID_USCC"),
                ("organization.books_opening_date", "INVALID_DATE"),
                ("organization.region_code", "REGION_LEVEL_MISMATCH"),
            ]
        );
    }
}
