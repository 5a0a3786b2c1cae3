//! The voucher lifecycle: draft, review, post, reverse, import; and voucher queries.

mod read;

pub use read::{ListFilter, account_names, find_by_number, get, list};

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use super::{AppError, AppResult, accounts, auth, reports};
use crate::domain::chart::{Account, AccountCode};
use crate::domain::date::Date;
use crate::domain::error::{Violations, check_text};
use crate::domain::org::Organization;
use crate::domain::period;
use crate::domain::user::{Action, Principal};
use crate::domain::voucher::{
    self, BookWarning, Content, ContentMask, IMPORT_VOUCHERS_MAX, NUMBERS_PER_MONTH_MAX,
    SUMMARY_CHARS_MAX, Source, Status, Voucher, VoucherInput, check_against_books,
    check_not_future, check_person, parse_content,
};
use crate::domain::{DomainError, Violation};
use crate::store::prelude::*;
use crate::store::{Read, Txn};

pub fn not_found(id: Uuid) -> DomainError {
    DomainError::not_found(
        "VOUCHER_NOT_FOUND",
        format!("no voucher {id} in these books"),
    )
}

pub fn load(r: &(impl Read + ?Sized), org_id: Uuid, id: Uuid) -> AppResult<Voucher> {
    r.voucher(org_id, id)?.ok_or_else(|| not_found(id).into())
}

/// Checks content completely (shape, then against the books) and returns it parsed.
fn validated(
    txn: &Txn<'_>,
    org: &Organization,
    input: &VoucherInput,
    now_ms: i64,
    v: &mut Violations,
) -> AppResult<Option<Content>> {
    let Some(content) = parse_content(input, "", v) else {
        return Ok(None);
    };
    let accounts = accounts::load_lineages(txn, org.id, content.lines.iter().map(|l| &l.account))?;
    let before = v.len();
    check_against_books(&content, "", org.opening_date, &accounts, v);
    check_not_future(v, "date", content.date, Date::china_of_ms(now_ms));
    Ok((v.len() == before).then_some(content))
}

pub fn create(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    input: &VoucherInput,
    now_ms: i64,
) -> AppResult<Voucher> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    let content = validated(txn, &org, input, now_ms, &mut v)?;
    v.finish()?;
    let content = content
        .ok_or_else(|| DomainError::invalid("lines", "INVALID_VOUCHER", "invalid voucher"))?;
    period::check_open(&org, content.date)?;
    let voucher = Voucher {
        id: Uuid::now_v7(),
        org_id,
        content,
        status: Status::Draft,
        source: Source::Manual,
        number: None,
        preparer: p.display_name.clone(),
        reviewer: String::new(),
        poster: String::new(),
        preparer_id: p.user_id,
        reviewer_id: Uuid::nil(),
        poster_id: Uuid::nil(),
        reverses: None,
        reversed_by: None,
        created_ms: now_ms,
        reviewed_ms: 0,
        posted_ms: 0,
        origin: String::new(),
        void_reason: String::new(),
        voided_by: String::new(),
        voided_ms: 0,
    };
    txn.put_voucher(&voucher);
    if !org.books_touched {
        org.books_touched = true;
        txn.put_org(&org);
    }
    Ok(voucher)
}

pub fn update(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    input: &VoucherInput,
    mask: ContentMask,
    now_ms: i64,
) -> AppResult<Voucher> {
    let org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut voucher = load(txn, org_id, id)?;
    if voucher.status != Status::Draft {
        return Err(DomainError::precondition(
            "VOUCHER_NOT_DRAFT",
            "only a draft voucher can be changed",
        )
        .into());
    }
    let input = mask.merge(input, &voucher.content);
    let mut v = Violations::default();
    let content = validated(txn, &org, &input, now_ms, &mut v)?;
    v.finish()?;
    voucher.content = content
        .ok_or_else(|| DomainError::invalid("lines", "INVALID_VOUCHER", "invalid voucher"))?;
    period::check_open(&org, voucher.content.date)?;
    // Whoever writes the content prepared it: otherwise a second clerk could rewrite a draft and
    // then review their own words.
    voucher.preparer = p.display_name.clone();
    voucher.preparer_id = p.user_id;
    txn.put_voucher(&voucher);
    Ok(voucher)
}

pub fn review(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    now_ms: i64,
) -> AppResult<Voucher> {
    auth::org_for(txn, p, org_id, Action::Write)?;
    let mut voucher = load(txn, org_id, id)?;
    voucher::review(&mut voucher, p.user_id, &p.display_name, now_ms)?;
    txn.put_voucher(&voucher);
    Ok(voucher)
}

/// 取消审核: a reviewed voucher becomes a draft again.
pub fn cancel_review(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
) -> AppResult<Voucher> {
    auth::org_for(txn, p, org_id, Action::Write)?;
    let mut voucher = load(txn, org_id, id)?;
    voucher::cancel_review(&mut voucher, p.user_id)?;
    txn.put_voucher(&voucher);
    Ok(voucher)
}

/// 作废: a draft or reviewed voucher is withdrawn with a reason. Whoever may write these books may
/// void it (its preparer, or another clerk of the organisation).
pub fn void(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    reason: &str,
    now_ms: i64,
) -> AppResult<Voucher> {
    auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    check_text(&mut v, "reason", reason, SUMMARY_CHARS_MAX, true);
    v.finish()?;
    let mut voucher = load(txn, org_id, id)?;
    voucher::void(&mut voucher, reason, &p.display_name, now_ms)?;
    txn.put_voucher(&voucher);
    Ok(voucher)
}

/// Rechecks a stored voucher against the books as they are now (accounts may have changed since
/// it was entered); a failure is a state problem, not bad input.
fn recheck(
    content: &Content,
    org: &Organization,
    accounts: &BTreeMap<AccountCode, Account>,
) -> AppResult<()> {
    let mut v = Violations::default();
    check_against_books(content, "", org.opening_date, accounts, &mut v);
    match v.into_vec().into_iter().next() {
        None => Ok(()),
        Some(Violation {
            reason,
            description,
            ..
        }) => Err(DomainError::precondition(reason, description).into()),
    }
}

/// Numbers a voucher and adds it to the books: journal entry, month totals, account flags.
fn post_into_books(
    txn: &mut Txn<'_>,
    org: &mut Organization,
    voucher: &mut Voucher,
    accounts: &mut BTreeMap<AccountCode, Account>,
    now_ms: i64,
) -> AppResult<()> {
    if voucher.source != Source::YearEnd {
        period::check_open(org, voucher.content.date)?;
    }
    let month = voucher.content.date.month().key();
    let number = txn.last_number(org.id, month)? + 1;
    if number > NUMBERS_PER_MONTH_MAX {
        return Err(DomainError::precondition(
            "MONTH_NUMBERS_EXHAUSTED",
            format!(
                "{} already has {NUMBERS_PER_MONTH_MAX} vouchers",
                voucher.content.date.month()
            ),
        )
        .into());
    }
    debug_assert!(
        voucher.content.totals().0 == voucher.content.totals().1,
        "posting an unbalanced voucher"
    );
    // The organisation's debits in the month, all accounts together, are bounded (money.rs):
    // since every voucher balances, that bounds every row of its reports, parents and totals
    // included. Red amounts count by their size.
    let moved: i128 = voucher
        .content
        .lines
        .iter()
        .map(|l| i128::from(l.debit.get()).abs())
        .sum();
    let org_debits = i128::from(txn.org_month_debits(org.id, month)?) + moved;
    let max = crate::domain::money::MONTH_TOTAL_FEN_MAX;
    if org_debits > i128::from(max) {
        return Err(DomainError::precondition(
            "AMOUNT_OVERFLOW",
            format!(
                "the organisation's debits in {} would pass {max} fen, the most one organisation \
                 books in a month",
                voucher.content.date.month()
            ),
        )
        .into());
    }
    txn.put_org_month_debits(org.id, month, org_debits as i64);
    for line in &voucher.content.lines {
        let code = line.account.as_str();
        let mut totals = txn.month_totals(org.id, code, month)?;
        let overflow = || {
            DomainError::precondition(
                "AMOUNT_OVERFLOW",
                format!(
                    "the month's debits or credits of account {code} would pass {} fen, the \
                     most one account takes in a month",
                    crate::domain::money::MONTH_TOTAL_FEN_MAX
                ),
            )
        };
        let within = |t: i64| (-max..=max).contains(&t).then_some(t);
        totals.debit = totals
            .debit
            .checked_add(line.debit.get())
            .and_then(within)
            .ok_or_else(overflow)?;
        totals.credit = totals
            .credit
            .checked_add(line.credit.get())
            .and_then(within)
            .ok_or_else(overflow)?;
        txn.put_month_totals(org.id, code, month, totals);
        if let Some(account) = accounts.get_mut(&line.account)
            && !account.has_postings
        {
            account.has_postings = true;
            txn.put_account(org.id, account);
        }
    }
    txn.put_last_number(org.id, month, number);
    txn.put_journal_entry(org.id, month, number, voucher.id)?;
    voucher.number = Some(number);
    voucher.status = Status::Posted;
    voucher.posted_ms = now_ms;
    txn.put_voucher(voucher);
    let ordinary = voucher.source != Source::Import;
    if !org.books_started || !org.books_touched || (ordinary && !org.ordinary_posted) {
        org.books_started = true;
        org.books_touched = true;
        org.ordinary_posted |= ordinary;
        txn.put_org(org);
    }
    Ok(())
}

/// The cash and bank accounts that `vouchers` credit on a day (so may have left red at that day's
/// end), with the number of the last such voucher of the day.
type Reducing = BTreeMap<(AccountCode, Date), String>;

fn note_reducing(reducing: &mut Reducing, v: &Voucher) {
    let mut net: BTreeMap<&AccountCode, i128> = BTreeMap::new();
    for l in v
        .content
        .lines
        .iter()
        .filter(|l| voucher::is_cash_or_bank(&l.account))
    {
        *net.entry(&l.account).or_default() +=
            i128::from(l.debit.get()) - i128::from(l.credit.get());
    }
    for (account, n) in net {
        if n < 0 {
            reducing.insert(
                (account.clone(), v.content.date),
                v.number_text().unwrap_or_default(),
            );
        }
    }
}

/// Warnings for the cash and bank accounts these postings left with a credit balance at the end of
/// their day. Reads the month of each such day once (inside the writer only for postings that
/// lower cash or bank).
fn cash_warnings(
    txn: &Txn<'_>,
    org_id: Uuid,
    accounts: &BTreeMap<AccountCode, Account>,
    reducing: &Reducing,
) -> AppResult<Vec<BookWarning>> {
    if reducing.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<(AccountCode, Date)> = reducing.keys().cloned().collect();
    let balances = reports::day_end_balances(txn, org_id, accounts, &wanted)?;
    Ok(balances
        .into_iter()
        .filter_map(|(account, date, balance)| {
            let reason = voucher::balance_warning(&account, balance)?;
            let voucher_number = reducing.get(&(account.clone(), date))?.clone();
            Some(BookWarning {
                reason,
                account,
                date,
                balance_fen: balance,
                voucher_number,
            })
        })
        .collect())
}

pub fn post(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    now_ms: i64,
) -> AppResult<(Voucher, Vec<BookWarning>)> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut voucher = load(txn, org_id, id)?;
    match voucher.status {
        Status::Reviewed => {}
        Status::Void => return Err(void_error().into()),
        Status::Draft => {
            return Err(DomainError::precondition(
                "VOUCHER_NOT_REVIEWED",
                "review the voucher before posting it",
            )
            .into());
        }
        Status::Posted => {
            return Err(DomainError::precondition(
                "VOUCHER_ALREADY_POSTED",
                format!(
                    "already posted as {}",
                    voucher.number_text().unwrap_or_default()
                ),
            )
            .into());
        }
    }
    let mut accounts = accounts::load_lineages(
        txn,
        org_id,
        voucher.content.lines.iter().map(|l| &l.account),
    )?;
    recheck(&voucher.content, &org, &accounts)?;
    not_future(voucher.content.date, now_ms)?;
    voucher.poster = p.display_name.clone();
    voucher.poster_id = p.user_id;
    post_into_books(txn, &mut org, &mut voucher, &mut accounts, now_ms)?;
    txn.remove_unposted(org_id, id);
    let mut reducing = Reducing::new();
    note_reducing(&mut reducing, &voucher);
    let warnings = cash_warnings(txn, org_id, &accounts, &reducing)?;
    Ok((voucher, warnings))
}

fn void_error() -> DomainError {
    DomainError::precondition("VOUCHER_VOID", "the voucher is void (作废)")
}

/// A stored voucher dated after today is not posted (drafts from before this rule may be).
fn not_future(date: Date, now_ms: i64) -> AppResult<()> {
    let today = Date::china_of_ms(now_ms);
    if date > today {
        return Err(DomainError::precondition(
            "DATE_IN_FUTURE",
            format!("{date} is after today ({today})"),
        )
        .into());
    }
    Ok(())
}

/// Reverses a posted voucher. Returns (original, reversal).
pub fn reverse(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    date: &str,
    summary: &str,
    now_ms: i64,
) -> AppResult<(Voucher, Voucher, Vec<BookWarning>)> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    let date = if date.trim().is_empty() {
        None
    } else {
        Date::parse(date.trim())
            .map_err(|e| v.add("date", "INVALID_DATE", e.to_string()))
            .ok()
    };
    check_text(&mut v, "summary", summary, SUMMARY_CHARS_MAX, false);
    v.finish()?;
    let mut original = load(txn, org_id, id)?;
    if original.status != Status::Posted {
        return Err(DomainError::precondition(
            "VOUCHER_NOT_POSTED",
            "only a posted voucher can be reversed",
        )
        .into());
    }
    if let Some(by) = original.reversed_by {
        return Err(DomainError::precondition(
            "VOUCHER_ALREADY_REVERSED",
            format!("already reversed by voucher {by}"),
        )
        .into());
    }
    if original.source == Source::YearEnd {
        return Err(DomainError::precondition(
            "VOUCHER_IS_YEAR_END",
            "the year-end carry-forward is posted by closing the year; it is not reversed by hand",
        )
        .into());
    }
    if original.source == Source::Asset {
        return Err(DomainError::precondition(
            "VOUCHER_IS_GENERATED",
            "this voucher was generated by an asset or contract operation; correct it through that operation",
        )
        .into());
    }
    if original.source == Source::Reversal {
        return Err(DomainError::precondition(
            "VOUCHER_IS_REVERSAL",
            "a reversing voucher is not reversed again; enter a new voucher instead",
        )
        .into());
    }
    let today = Date::china_of_ms(now_ms);
    let date = date.unwrap_or(today);
    if date < original.content.date {
        return Err(DomainError::invalid(
            "date",
            "DATE_BEFORE_ORIGINAL",
            "a reversal is not dated before the voucher it reverses",
        )
        .into());
    }
    if date > today {
        return Err(DomainError::invalid(
            "date",
            "DATE_IN_FUTURE",
            format!("{date} is after today ({today})"),
        )
        .into());
    }
    let number = original.number_text().unwrap_or_default();
    let summary = if summary.trim().is_empty() {
        format!("冲销 {number} 号凭证 {}", original.content.summary)
            .chars()
            .take(SUMMARY_CHARS_MAX)
            .collect()
    } else {
        summary.trim().to_string()
    };
    // A voucher posted before a 科目升级 is reversed on the sub-account its lines are booked to.
    let mut booked = original.clone();
    org.rebook(&mut booked.content.lines);
    let mut reversal = voucher::reversal_of(
        &booked,
        Uuid::now_v7(),
        date,
        summary,
        (p.user_id, &p.display_name),
        now_ms,
    );
    let mut accounts = accounts::load_lineages(
        txn,
        org_id,
        reversal.content.lines.iter().map(|l| &l.account),
    )?;
    recheck(&reversal.content, &org, &accounts)?;
    post_into_books(txn, &mut org, &mut reversal, &mut accounts, now_ms)?;
    original.reversed_by = Some(reversal.id);
    txn.put_voucher(&original);
    let mut reducing = Reducing::new();
    note_reducing(&mut reducing, &reversal);
    let warnings = cash_warnings(txn, org_id, &accounts, &reducing)?;
    Ok((original, reversal, warnings))
}

/// One historical voucher to import, as sent.
#[derive(Clone, Debug, Default)]
pub struct ImportInput {
    pub content: VoucherInput,
    pub preparer: String,
    pub reviewer: String,
}

/// What an import posted: (id, number) in input order, and the warnings it left.
pub type Imported = (Vec<(Uuid, String)>, Vec<BookWarning>);

/// Posts a batch of historical vouchers from an old system, all or none, into months up to the
/// organisation's cut-over month.
pub fn import(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    inputs: &[ImportInput],
    now_ms: i64,
) -> AppResult<Imported> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let Some(cutover) = org.cutover else {
        return Err(DomainError::precondition(
            "CUTOVER_NOT_SET",
            "set the organisation's cut-over month (cutover_month) before importing history",
        )
        .into());
    };
    let today = Date::china_of_ms(now_ms);
    if inputs.is_empty() || inputs.len() > IMPORT_VOUCHERS_MAX {
        return Err(DomainError::invalid(
            "vouchers",
            "IMPORT_BATCH_SIZE",
            format!(
                "an import carries 1 to {IMPORT_VOUCHERS_MAX} vouchers, got {}",
                inputs.len()
            ),
        )
        .into());
    }
    // Only the accounts the lines name and their ancestors: loading the whole chart for every
    // call was a fifth of the writer's time on single-voucher imports (BENCHMARKS.md). A code that
    // does not parse is reported by `parse_content` below.
    let named: BTreeSet<AccountCode> = inputs
        .iter()
        .flat_map(|i| i.content.lines.iter())
        .filter_map(|l| AccountCode::parse(&l.account_code))
        .collect();
    let mut accounts: BTreeMap<AccountCode, Account> =
        accounts::load_lineages(txn, org_id, named.iter())?;
    let mut v = Violations::default();
    let mut contents = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let f = format!("vouchers[{i}].");
        check_person(&mut v, &format!("{f}preparer"), &input.preparer);
        check_person(&mut v, &format!("{f}reviewer"), &input.reviewer);
        if !input.reviewer.trim().is_empty() && input.reviewer.trim() == input.preparer.trim() {
            v.add(
                format!("{f}reviewer"),
                "REVIEWER_IS_PREPARER",
                "the reviewer must differ from the preparer",
            );
        }
        if let Some(content) = parse_content(&input.content, &f, &mut v) {
            check_against_books(&content, &f, org.opening_date, &accounts, &mut v);
            check_not_future(&mut v, &format!("{f}date"), content.date, today);
            if content.date.month() > cutover {
                v.add(
                    format!("{f}date"),
                    "DATE_AFTER_CUTOVER",
                    format!(
                        "{} is after the cut-over month {cutover}; enter it as an ordinary voucher",
                        content.date
                    ),
                );
            }
            contents.push(content);
        }
    }
    v.finish()?;
    let mut order: Vec<usize> = (0..contents.len()).collect();
    order.sort_by_key(|&i| (contents[i].date, i));
    let mut results = vec![(Uuid::nil(), String::new()); contents.len()];
    let mut contents: Vec<Option<Content>> = contents.into_iter().map(Some).collect();
    let mut reducing = Reducing::new();
    for i in order {
        let Some(content) = contents[i].take() else {
            continue;
        };
        let input = &inputs[i];
        let mut voucher = Voucher {
            id: Uuid::now_v7(),
            org_id,
            content,
            status: Status::Reviewed,
            source: Source::Import,
            number: None,
            preparer: input.preparer.trim().to_string(),
            reviewer: input.reviewer.trim().to_string(),
            poster: p.display_name.clone(),
            preparer_id: Uuid::nil(),
            reviewer_id: Uuid::nil(),
            poster_id: p.user_id,
            reverses: None,
            reversed_by: None,
            created_ms: now_ms,
            reviewed_ms: 0,
            posted_ms: now_ms,
            origin: String::new(),
            void_reason: String::new(),
            voided_by: String::new(),
            voided_ms: 0,
        };
        post_into_books(txn, &mut org, &mut voucher, &mut accounts, now_ms)?;
        note_reducing(&mut reducing, &voucher);
        results[i] = (voucher.id, voucher.number_text().unwrap_or_default());
    }
    let warnings = cash_warnings(txn, org_id, &accounts, &reducing)?;
    Ok((results, warnings))
}

/// Creates and posts a voucher generated by the system for `p` (asset acquisition,
/// depreciation, disposal): it derives from a reviewed operation, so it has no reviewer of its
/// own. The books are rechecked as for any posting.
pub fn post_generated(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: &mut Organization,
    (date, summary, origin): (Date, String, String),
    lines: Vec<(AccountCode, i64, i64)>,
    now_ms: i64,
) -> AppResult<Voucher> {
    post_generated_as(
        txn,
        p,
        org,
        (date, summary, origin),
        lines,
        Source::Asset,
        now_ms,
    )
}

/// [`post_generated`] with the source the voucher records.
pub fn post_generated_as(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: &mut Organization,
    (date, summary, origin): (Date, String, String),
    lines: Vec<(AccountCode, i64, i64)>,
    source: Source,
    now_ms: i64,
) -> AppResult<Voucher> {
    let content = Content {
        date,
        summary: summary.chars().take(SUMMARY_CHARS_MAX).collect(),
        lines: lines
            .into_iter()
            .map(|(account, d, c)| voucher::Line {
                account,
                debit: crate::domain::money::Fen::new(d),
                credit: crate::domain::money::Fen::new(c),
                memo: String::new(),
            })
            .collect(),
        attachment_count: 0,
    };
    let (debit, credit) = content.totals();
    if debit != credit || content.lines.len() < 2 {
        return Err(AppError::Internal(format!(
            "a generated voucher does not balance: {debit} ≠ {credit}"
        )));
    }
    let mut accounts =
        accounts::load_lineages(txn, org.id, content.lines.iter().map(|l| &l.account))?;
    recheck(&content, org, &accounts)?;
    let mut voucher = Voucher {
        id: Uuid::now_v7(),
        org_id: org.id,
        content,
        status: Status::Reviewed,
        source,
        number: None,
        preparer: p.display_name.clone(),
        reviewer: String::new(),
        poster: p.display_name.clone(),
        preparer_id: p.user_id,
        reviewer_id: Uuid::nil(),
        poster_id: p.user_id,
        reverses: None,
        reversed_by: None,
        created_ms: now_ms,
        reviewed_ms: 0,
        posted_ms: now_ms,
        origin,
        void_reason: String::new(),
        voided_by: String::new(),
        voided_ms: 0,
    };
    post_into_books(txn, org, &mut voucher, &mut accounts, now_ms)?;
    Ok(voucher)
}
