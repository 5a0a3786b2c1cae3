//! Vouchers (记账凭证): their content rules, lifecycle and numbering.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::chart::{Account, AccountCode};
use super::date::{Date, Month};
use super::error::{DomainError, Violations, check_text};
use super::money::{AMOUNT_FEN_MAX, Fen};

pub const SUMMARY_CHARS_MAX: usize = 200;
pub const MEMO_CHARS_MAX: usize = 200;
pub const PERSON_CHARS_MAX: usize = 50;
pub const LINES_MIN: usize = 2;
pub const LINES_MAX: usize = 200;
pub const ATTACHMENTS_MAX: i32 = 9_999;
/// Vouchers one `ImportVouchers` call may carry.
pub const IMPORT_VOUCHERS_MAX: usize = 10_000;
/// Posted vouchers one organisation may number in one month (记-YYYY-MM-NNNNNN at most).
pub const NUMBERS_PER_MONTH_MAX: u32 = 999_999;

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    Reviewed,
    Posted,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Manual,
    Import,
    Reversal,
}

/// A line as the client sent it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    pub account_code: String,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub memo: String,
}

/// A voucher's content as the client sent it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoucherInput {
    pub date: String,
    pub summary: String,
    pub lines: Vec<LineInput>,
    pub attachment_count: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub account: AccountCode,
    pub debit: Fen,
    pub credit: Fen,
    pub memo: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    pub date: Date,
    pub summary: String,
    pub lines: Vec<Line>,
    pub attachment_count: u32,
}

impl Content {
    /// Debit and credit totals. Cannot overflow: lines and amounts are bounded.
    pub fn totals(&self) -> (Fen, Fen) {
        let debit = self.lines.iter().map(|l| l.debit.get()).sum();
        let credit = self.lines.iter().map(|l| l.credit.get()).sum();
        (Fen::new(debit), Fen::new(credit))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voucher {
    pub id: Uuid,
    pub org_id: Uuid,
    pub content: Content,
    pub status: Status,
    pub source: Source,
    /// Set when posted: the NNNN of 记-YYYY-MM-NNNN.
    pub number: Option<u32>,
    pub preparer: String,
    pub reviewer: String,
    pub poster: String,
    /// The users behind the names (nil for people of an old system, in imports).
    pub preparer_id: Uuid,
    pub reviewer_id: Uuid,
    pub poster_id: Uuid,
    pub reverses: Option<Uuid>,
    pub reversed_by: Option<Uuid>,
    pub created_ms: i64,
    pub reviewed_ms: i64,
    pub posted_ms: i64,
}

impl Voucher {
    pub fn number_text(&self) -> Option<String> {
        self.number
            .map(|n| format_number(self.content.date.month(), n))
    }
}

/// `记-2024-03-0012`.
pub fn format_number(month: Month, seq: u32) -> String {
    format!("记-{:04}-{:02}-{:04}", month.year(), month.number(), seq)
}

/// The month and sequence of `记-2024-03-0012`.
pub fn parse_number(text: &str) -> Option<(Month, u32)> {
    let rest = text.trim().strip_prefix("记-")?;
    let mut parts = rest.split('-');
    let year = parts.next()?;
    let month = parts.next()?;
    let seq = parts.next()?;
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || seq.len() < 4 {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(year) || !all_digits(month) || !all_digits(seq) {
        return None;
    }
    let month = Month::new(year.parse().ok()?, month.parse().ok()?)?;
    let seq: u32 = seq.parse().ok()?;
    (seq > 0).then_some((month, seq))
}

/// Checks a person's name (制单, 审核, 记账).
pub fn check_person(v: &mut Violations, field: &str, name: &str) {
    check_text(v, field, name, PERSON_CHARS_MAX, true);
}

/// Checks a voucher's shape without the books: date, summary, line count, one-sided positive
/// amounts, balance. Returns the parsed content when nothing is wrong in it.
pub fn parse_content(input: &VoucherInput, prefix: &str, v: &mut Violations) -> Option<Content> {
    let before = v.len();
    let date = match Date::parse(&input.date) {
        Ok(d) => Some(d),
        Err(e) => {
            v.add(format!("{prefix}date"), "INVALID_DATE", e.to_string());
            None
        }
    };
    check_text(
        v,
        &format!("{prefix}summary"),
        &input.summary,
        SUMMARY_CHARS_MAX,
        true,
    );
    if !(0..=ATTACHMENTS_MAX).contains(&input.attachment_count) {
        v.add(
            format!("{prefix}attachment_count"),
            "ATTACHMENT_COUNT_OUT_OF_RANGE",
            format!("between 0 and {ATTACHMENTS_MAX}"),
        );
    }
    let n = input.lines.len();
    if !(LINES_MIN..=LINES_MAX).contains(&n) {
        v.add(
            format!("{prefix}lines"),
            "VOUCHER_LINE_COUNT",
            format!("a voucher has {LINES_MIN} to {LINES_MAX} lines, got {n}"),
        );
    }
    let mut lines = Vec::with_capacity(n.min(LINES_MAX));
    let (mut debit, mut credit) = (0i128, 0i128);
    for (i, line) in input.lines.iter().take(LINES_MAX).enumerate() {
        let lp = format!("{prefix}lines[{i}].");
        let account = AccountCode::parse(&line.account_code);
        if account.is_none() {
            v.add(
                format!("{lp}account_code"),
                "INVALID_ACCOUNT_CODE",
                format!(
                    "{:?} is not an account code like 101 or 112.01",
                    line.account_code
                ),
            );
        }
        check_text(v, &format!("{lp}memo"), &line.memo, MEMO_CHARS_MAX, false);
        let amounts_ok = check_amounts(v, &lp, line.debit_fen, line.credit_fen);
        debit += i128::from(line.debit_fen);
        credit += i128::from(line.credit_fen);
        if let (Some(account), true) = (account, amounts_ok) {
            lines.push(Line {
                account,
                debit: Fen::new(line.debit_fen),
                credit: Fen::new(line.credit_fen),
                memo: line.memo.trim().to_string(),
            });
        }
    }
    if debit != credit && lines.len() == n {
        v.add(
            format!("{prefix}lines"),
            "VOUCHER_UNBALANCED",
            format!(
                "debits {} ≠ credits {}",
                Fen::new(debit as i64).to_yuan(),
                Fen::new(credit as i64).to_yuan()
            ),
        );
    }
    if v.len() != before {
        return None;
    }
    Some(Content {
        date: date?,
        summary: input.summary.trim().to_string(),
        lines,
        attachment_count: input.attachment_count as u32,
    })
}

fn check_amounts(v: &mut Violations, lp: &str, debit: i64, credit: i64) -> bool {
    let before = v.len();
    for (name, amount) in [("debit_fen", debit), ("credit_fen", credit)] {
        if amount < 0 {
            v.add(
                format!("{lp}{name}"),
                "AMOUNT_NEGATIVE",
                "amounts are positive; swap the side instead",
            );
        } else if amount > AMOUNT_FEN_MAX {
            v.add(
                format!("{lp}{name}"),
                "AMOUNT_TOO_LARGE",
                format!("at most {} yuan", Fen::new(AMOUNT_FEN_MAX).to_yuan()),
            );
        }
    }
    if v.len() == before {
        if debit > 0 && credit > 0 {
            v.add(
                format!("{lp}credit_fen"),
                "LINE_BOTH_SIDES",
                "a line is either debit or credit, not both",
            );
        } else if debit == 0 && credit == 0 {
            v.add(
                format!("{lp}debit_fen"),
                "AMOUNT_ZERO",
                "a line needs a debit or a credit amount > 0",
            );
        }
    }
    v.len() == before
}

/// Checks content against the organisation's books: the date is within the books and every line
/// posts to an active leaf account (whose ancestors are active too). `accounts` holds at least
/// every line's account and its ancestors.
pub fn check_against_books(
    content: &Content,
    prefix: &str,
    opening_date: Date,
    accounts: &BTreeMap<AccountCode, Account>,
    v: &mut Violations,
) {
    if content.date < opening_date {
        v.add(
            format!("{prefix}date"),
            "DATE_BEFORE_BOOKS_OPENING",
            format!(
                "{} is before the books opened on {opening_date}",
                content.date
            ),
        );
    }
    for (i, line) in content.lines.iter().enumerate() {
        let field = format!("{prefix}lines[{i}].account_code");
        check_postable(v, &field, &line.account, accounts);
    }
}

/// Checks that an account exists, is a leaf and is active, as are its ancestors.
pub fn check_postable(
    v: &mut Violations,
    field: &str,
    code: &AccountCode,
    accounts: &BTreeMap<AccountCode, Account>,
) {
    let Some(account) = accounts.get(code) else {
        v.add(
            field,
            "ACCOUNT_NOT_FOUND",
            format!("no account {code} in these books"),
        );
        return;
    };
    if !account.leaf {
        v.add(
            field,
            "ACCOUNT_NOT_LEAF",
            format!(
                "{code} {} has sub-accounts; post to one of them",
                account.name
            ),
        );
    } else if code
        .lineage()
        .iter()
        .any(|c| accounts.get(c).is_none_or(|a| !a.active))
    {
        v.add(
            field,
            "ACCOUNT_INACTIVE",
            format!("{code} {} is deactivated", account.name),
        );
    }
}

/// Moves a draft to reviewed. The reviewer must be another user than the preparer (不相容职务分离).
pub fn review(
    voucher: &mut Voucher,
    reviewer_id: Uuid,
    reviewer: &str,
    now_ms: i64,
) -> Result<(), DomainError> {
    if voucher.status != Status::Draft {
        return Err(DomainError::precondition(
            "VOUCHER_NOT_DRAFT",
            "only a draft voucher can be reviewed",
        ));
    }
    if reviewer_id == voucher.preparer_id {
        return Err(DomainError::precondition(
            "REVIEWER_IS_PREPARER",
            "the reviewer must be someone other than the preparer",
        ));
    }
    voucher.status = Status::Reviewed;
    voucher.reviewer = reviewer.trim().to_string();
    voucher.reviewer_id = reviewer_id;
    voucher.reviewed_ms = now_ms;
    Ok(())
}

/// The reversing voucher of a posted one: every line's side swapped (红字冲销 as a mirror entry).
/// It mirrors a voucher that was already reviewed, so it is posted without a review of its own:
/// its reviewer stays empty and `source` says it is a reversal.
pub fn reversal_of(
    original: &Voucher,
    id: Uuid,
    date: Date,
    summary: String,
    (operator_id, operator): (Uuid, &str),
    now_ms: i64,
) -> Voucher {
    let lines = original
        .content
        .lines
        .iter()
        .map(|l| Line {
            account: l.account.clone(),
            debit: l.credit,
            credit: l.debit,
            memo: l.memo.clone(),
        })
        .collect();
    Voucher {
        id,
        org_id: original.org_id,
        content: Content {
            date,
            summary,
            lines,
            attachment_count: 0,
        },
        status: Status::Posted,
        source: Source::Reversal,
        number: None,
        preparer: operator.to_string(),
        reviewer: String::new(),
        poster: operator.to_string(),
        preparer_id: operator_id,
        reviewer_id: Uuid::nil(),
        poster_id: operator_id,
        reverses: Some(original.id),
        reversed_by: None,
        created_ms: now_ms,
        reviewed_ms: 0,
        posted_ms: now_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(code: &str, d: i64, c: i64) -> LineInput {
        LineInput {
            account_code: code.into(),
            debit_fen: d,
            credit_fen: c,
            memo: String::new(),
        }
    }

    #[test]
    fn numbers_round_trip() {
        let m = Month::new(2024, 3).unwrap();
        assert_eq!(format_number(m, 12), "记-2024-03-0012");
        assert_eq!(parse_number("记-2024-03-0012"), Some((m, 12)));
        assert_eq!(parse_number("记-2024-03-12345"), Some((m, 12345)));
        assert_eq!(parse_number("记-2024-13-0012"), None);
        assert_eq!(parse_number("记-2024-03-0000"), None);
    }

    #[test]
    fn content_rules() {
        let mut v = Violations::default();
        let input = VoucherInput {
            date: "2024-03-05".into(),
            summary: "收到承包费".into(),
            lines: vec![line("101", 50_000, 0), line("501", 0, 50_000)],
            attachment_count: 1,
        };
        let c = parse_content(&input, "", &mut v).unwrap();
        assert!(v.is_empty());
        assert_eq!(c.totals(), (Fen::new(50_000), Fen::new(50_000)));

        let bad = VoucherInput {
            lines: vec![
                line("101", 50_000, 0),
                line("501", 0, 40_000),
                line("1x", -1, 5),
            ],
            ..input
        };
        let mut v = Violations::default();
        assert!(parse_content(&bad, "", &mut v).is_none());
        let reasons: Vec<_> = v
            .into_vec()
            .into_iter()
            .map(|v| (v.field, v.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                ("lines[2].account_code".to_string(), "INVALID_ACCOUNT_CODE"),
                ("lines[2].debit_fen".to_string(), "AMOUNT_NEGATIVE"),
            ]
        );
        let unbalanced = VoucherInput {
            lines: vec![line("101", 50_000, 0), line("501", 0, 40_000)],
            ..bad
        };
        let mut v = Violations::default();
        assert!(parse_content(&unbalanced, "", &mut v).is_none());
        assert_eq!(v.into_vec()[0].reason, "VOUCHER_UNBALANCED");
    }
}
