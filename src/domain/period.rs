//! Period close (结账): months close in order, a closed month takes no postings, a supervisor
//! may reopen one (and every later one with it), and the year-end carry-forward (年终结转) moves
//! income and expense into 321 本年收益 and that into 322 收益分配—未分配收益.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::chart::{Account, AccountCode};
use super::coded::coded;
use super::date::{Date, Month};
use super::error::DomainError;
use super::org::Organization;
use super::voucher::LINES_MAX;

pub const REASON_CHARS_MAX: usize = 200;
/// 本年收益
pub const CURRENT_YEAR_RESULT: &str = "321";
/// 收益分配
pub const DISTRIBUTION: &str = "322";
/// The 322 sub-account the year's result and the distributions end in.
pub const UNDISTRIBUTED_NAME: &str = "未分配收益";

coded!(
    /// What a period event did.
    PeriodAction {
        Close = 1, "结账";
        Reopen = 2, "反结账";
        CloseYear = 3, "年终结转";
        /// A clerk asks the supervisor to reopen a closed month (with the reason).
        ReopenRequest = 4, "申请反结账";
    }
);

/// One close, reopen or year close, as kept in the books' history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodEvent {
    pub id: Uuid,
    pub org_id: Uuid,
    pub action: PeriodAction,
    /// The month closed or reopened; December for a year close.
    pub month: Month,
    /// Why a period was reopened (required then).
    pub reason: String,
    pub by_id: Uuid,
    pub by_name: String,
    pub time_ms: i64,
    /// The carry-forward vouchers a year close posted.
    pub vouchers: Vec<Uuid>,
}

/// A posting dated `date` is refused when its month is closed.
pub fn check_open(org: &Organization, date: Date) -> Result<(), DomainError> {
    match org.closed_through {
        Some(c) if date.month() <= c => Err(DomainError::precondition(
            "PERIOD_CLOSED",
            format!(
                "{} is closed (the books are closed through {c}); a supervisor may reopen it",
                date.month()
            ),
        )),
        _ => Ok(()),
    }
}

/// The month the books close next.
pub fn next_to_close(org: &Organization) -> Month {
    org.closed_through
        .and_then(Month::next)
        .unwrap_or_else(|| org.opening_date.month())
}

/// Whether `month` may be closed now (order and calendar; drafts are checked by the caller).
pub fn check_close(org: &Organization, month: Month, today: Date) -> Result<(), DomainError> {
    if org.closed_through.is_some_and(|c| month <= c) {
        return Err(DomainError::precondition(
            "PERIOD_ALREADY_CLOSED",
            format!("{month} is already closed"),
        ));
    }
    let next = next_to_close(org);
    if month < next {
        return Err(DomainError::precondition(
            "PERIOD_BEFORE_BOOKS",
            format!(
                "the books open on {}; {month} is before them",
                org.opening_date
            ),
        ));
    }
    if month != next {
        return Err(DomainError::precondition(
            "PERIOD_OUT_OF_ORDER",
            format!("months close in order: close {next} first"),
        ));
    }
    if month.last_day() >= today {
        return Err(DomainError::precondition(
            "PERIOD_NOT_ENDED",
            format!("{month} has not ended yet (today is {today})"),
        ));
    }
    Ok(())
}

/// Whether `month` may be reopened; returns the months that reopen with it (it and every later
/// closed month).
pub fn check_reopen(org: &Organization, month: Month) -> Result<(Month, Month), DomainError> {
    match org.closed_through {
        Some(c) if month <= c => {
            if month < org.opening_date.month() {
                return Err(DomainError::precondition(
                    "PERIOD_BEFORE_BOOKS",
                    format!(
                        "the books open on {}; {month} is before them",
                        org.opening_date
                    ),
                ));
            }
            Ok((month, c))
        }
        _ => Err(DomainError::precondition(
            "PERIOD_NOT_CLOSED",
            format!("{month} is not closed"),
        )),
    }
}

/// The reopen requests still waiting for the supervisor, oldest first: a request is answered
/// once a reopen reaches its month (a reopen of an earlier month reopens the later ones too), and
/// moot when its month is no longer closed.
pub fn open_reopen_requests<'a>(
    org: &Organization,
    events: &'a [PeriodEvent],
) -> Vec<&'a PeriodEvent> {
    events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.action == PeriodAction::ReopenRequest
                && org.closed_through.is_some_and(|c| e.month <= c)
                && !events[i + 1..]
                    .iter()
                    .any(|later| later.action == PeriodAction::Reopen && later.month <= e.month)
        })
        .map(|(_, e)| e)
        .collect()
}

/// Applies a reopen of `month`: the books are closed through the month before (or not at all),
/// and a year whose December reopens is no longer closed.
pub fn reopen(org: &mut Organization, month: Month) {
    org.closed_through = month.prev().filter(|p| *p >= org.opening_date.month());
    // The years before the reopened month stay closed.
    let opening_year = org.opening_date.year();
    org.year_closed = org
        .year_closed
        .map(|y| y.min(month.year() - 1))
        .filter(|y| *y >= opening_year);
}

/// Whether `year` may be closed: December closed, not closed already.
pub fn check_close_year(org: &Organization, year: i32) -> Result<Month, DomainError> {
    let december = Month::new(year, 12)
        .ok_or_else(|| DomainError::invalid("year", "INVALID_YEAR", format!("no year {year}")))?;
    if december < org.opening_date.month() {
        return Err(DomainError::precondition(
            "PERIOD_BEFORE_BOOKS",
            format!("the books open on {}", org.opening_date),
        ));
    }
    if org.year_closed.is_some_and(|y| y >= year) {
        return Err(DomainError::precondition(
            "YEAR_ALREADY_CLOSED",
            format!("{year} is already closed"),
        ));
    }
    if org.closed_through.is_none_or(|c| c < december) {
        return Err(DomainError::precondition(
            "DECEMBER_NOT_CLOSED",
            format!("close {december} before closing the year {year}"),
        ));
    }
    Ok(december)
}

/// A generated voucher's lines: (account, debit, credit).
pub type Lines = Vec<(AccountCode, i64, i64)>;

/// The line that takes a debit-positive balance `b` off its account.
fn clearing_line(code: &AccountCode, b: i64) -> (AccountCode, i64, i64) {
    if b > 0 {
        (code.clone(), 0, b)
    } else {
        (code.clone(), -b, 0)
    }
}

/// Vouchers that clear `balances` (leaf, debit-positive, non-zero) into `target`, each with at most
/// [`LINES_MAX`] lines.
fn clear_into(
    balances: &[(AccountCode, i64)],
    target: &AccountCode,
) -> Result<Vec<Lines>, DomainError> {
    let overflow = || DomainError::precondition("AMOUNT_OVERFLOW", "a year-end total overflows");
    let mut out = Vec::new();
    for chunk in balances.chunks(LINES_MAX - 1) {
        let mut lines: Lines = chunk.iter().map(|(c, b)| clearing_line(c, *b)).collect();
        let net: i128 = chunk.iter().map(|(_, b)| i128::from(*b)).sum();
        let net = i64::try_from(net).map_err(|_| overflow())?;
        // The target takes what the cleared accounts held.
        if net != 0 {
            lines.push(if net > 0 {
                (target.clone(), net, 0)
            } else {
                (target.clone(), 0, net.checked_neg().ok_or_else(overflow)?)
            });
        }
        if lines.len() >= 2 {
            out.push(lines);
        }
    }
    Ok(out)
}

/// The year-end carry-forward of a chart's books, from the leaves' balances at 31 December
/// (debit-positive): (vouchers moving every income and expense account into 321, vouchers moving
/// 321 and every other 322 sub-account into 322's 未分配收益 sub-account, or 322 itself when it
/// has none).
pub fn carry_forward(
    accounts: &[Account],
    balances: &BTreeMap<AccountCode, i64>,
) -> Result<(Vec<Lines>, Vec<Lines>), DomainError> {
    let result = AccountCode::constant(CURRENT_YEAR_RESULT);
    let distribution = AccountCode::constant(DISTRIBUTION);
    let leaf_of = |c: &AccountCode| accounts.iter().find(|a| &a.code == c).map(|a| a.leaf);
    if leaf_of(&result) != Some(true) {
        return Err(DomainError::precondition(
            "YEAR_END_ACCOUNT_NOT_LEAF",
            "321 本年收益 must have no sub-accounts: the year's result is carried through it",
        ));
    }
    let target = if leaf_of(&distribution) == Some(true) {
        distribution.clone()
    } else {
        accounts
            .iter()
            .find(|a| a.leaf && a.code.is_within(&distribution) && a.name == UNDISTRIBUTED_NAME)
            .map(|a| a.code.clone())
            .ok_or_else(|| {
                DomainError::precondition(
                    "UNDISTRIBUTED_ACCOUNT_MISSING",
                    "322 收益分配 has sub-accounts but none named 未分配收益; add it first",
                )
            })?
    };
    let balance = |c: &AccountCode| balances.get(c).copied().unwrap_or(0);
    let income: Vec<(AccountCode, i64)> = accounts
        .iter()
        .filter(|a| a.leaf && a.category == "损益" && balance(&a.code) != 0)
        .map(|a| (a.code.clone(), balance(&a.code)))
        .collect();
    let first = clear_into(&income, &result)?;
    let moved: i128 = income.iter().map(|(_, b)| i128::from(*b)).sum();
    let result_after = i64::try_from(i128::from(balance(&result)) + moved)
        .map_err(|_| DomainError::precondition("AMOUNT_OVERFLOW", "a year-end total overflows"))?;
    let mut second: Vec<(AccountCode, i64)> = Vec::new();
    if result_after != 0 {
        second.push((result.clone(), result_after));
    }
    second.extend(
        accounts
            .iter()
            .filter(|a| {
                a.leaf
                    && a.code.is_within(&distribution)
                    && a.code != target
                    && balance(&a.code) != 0
            })
            .map(|a| (a.code.clone(), balance(&a.code))),
    );
    let second = clear_into(&second, &target)?;
    Ok((first, second))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::chart::{ChartVersion, opening_accounts};

    fn code(c: &str) -> AccountCode {
        AccountCode::parse(c).unwrap()
    }

    #[test]
    fn carry_forward_moves_income_then_result() {
        let mut accounts = opening_accounts(ChartVersion::V2004);
        // 322 with the usual sub-accounts.
        for a in accounts.iter_mut() {
            if a.code.as_str() == "322" {
                a.leaf = false;
            }
        }
        let mut sub = |c: &str, name: &str| {
            let mut a = accounts
                .iter()
                .find(|a| a.code.as_str() == "322")
                .unwrap()
                .clone();
            a.code = code(c);
            a.name = name.into();
            a.leaf = true;
            a.standard = false;
            accounts.push(a);
        };
        sub("322.01", "未分配收益");
        sub("322.02", "提取公积公益金");
        accounts.sort_by(|a, b| a.code.cmp(&b.code));
        let balances: BTreeMap<AccountCode, i64> = [
            ("501", -100_000), // 经营收入 credit 1,000 元
            ("502", 30_000),   // 经营支出
            ("541", 20_000),   // 管理费用
            ("322.02", 10_000),
        ]
        .into_iter()
        .map(|(c, b)| (code(c), b))
        .collect();
        let (first, second) = carry_forward(&accounts, &balances).unwrap();
        assert_eq!(
            first,
            vec![vec![
                (code("501"), 100_000, 0),
                (code("502"), 0, 30_000),
                (code("541"), 0, 20_000),
                (code("321"), 0, 50_000),
            ]]
        );
        assert_eq!(
            second,
            vec![vec![
                (code("321"), 50_000, 0),
                (code("322.02"), 0, 10_000),
                (code("322.01"), 0, 40_000),
            ]]
        );
    }

    #[test]
    fn reopening_a_later_year_keeps_earlier_years_closed() {
        let mut org = crate::domain::org::Organization {
            id: Uuid::nil(),
            name: String::new(),
            region_name: String::new(),
            level: crate::domain::org::Level::Village,
            region: crate::domain::codes::RegionCode::parse("360502100201").unwrap(),
            group: None,
            uscc: crate::domain::codes::Uscc::with_check("N2360502MF0100201").unwrap(),
            chart: ChartVersion::V2023,
            opening_date: Date::parse("2024-01-01").unwrap(),
            created_ms: 0,
            updated_ms: 0,
            books_started: true,
            books_touched: true,
            rent_credit_account: None,
            closed_through: Month::new(2025, 12),
            year_closed: Some(2025),
            cutover: None,
            ordinary_posted: true,
            account_moves: Vec::new(),
            supervision_phone: String::new(),
        };
        reopen(&mut org, Month::new(2025, 12).unwrap());
        assert_eq!(
            (org.closed_through, org.year_closed),
            (Month::new(2025, 11), Some(2024))
        );
        assert!(check_close_year(&org, 2024).is_err(), "2024 stays closed");
        reopen(&mut org, Month::new(2024, 3).unwrap());
        assert_eq!(
            (org.closed_through, org.year_closed),
            (Month::new(2024, 2), None)
        );
        reopen(&mut org, Month::new(2024, 1).unwrap());
        assert_eq!(
            org.closed_through, None,
            "nothing before the books' first month"
        );
    }

    #[test]
    fn nothing_to_carry_is_no_voucher() {
        let accounts = opening_accounts(ChartVersion::V2023);
        let (a, b) = carry_forward(&accounts, &BTreeMap::new()).unwrap();
        assert!(a.is_empty() && b.is_empty());
    }

    #[test]
    fn many_accounts_split_into_vouchers_that_balance() {
        let balances: Vec<(AccountCode, i64)> = (1..=450)
            .map(|i| (code(&format!("501.{:02}", i % 99 + 1)), i))
            .collect();
        let vouchers = clear_into(&balances, &code("321")).unwrap();
        assert_eq!(vouchers.len(), 3);
        for v in &vouchers {
            assert!(v.len() <= LINES_MAX);
            let d: i64 = v.iter().map(|l| l.1).sum();
            let c: i64 = v.iter().map(|l| l.2).sum();
            assert_eq!(d, c);
        }
    }
}
