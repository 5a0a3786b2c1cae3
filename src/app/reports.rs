//! The books as reports: trial balance (科目余额表) and account ledgers (明细账, 日记账). Their cost
//! grows with accounts × months, not with postings: they read the month totals kept at posting
//! time and scan postings only for the partial months at the edges of the range.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::{AppResult, accounts, auth, journal, page};
use crate::domain::DomainError;
use crate::domain::balance::{LeafFigures, Row, Totals, narrow, trial_balance as build};
use crate::domain::chart::{AccountCode, ChartVersion};
use crate::domain::date::{Date, Month};
use crate::domain::user::{Action, Principal};
use crate::store::prelude::*;
use crate::store::{MonthTotals, Read, keys};

pub struct TrialBalance {
    pub chart: ChartVersion,
    pub rows: Vec<Row>,
    pub totals: Totals,
}

fn check_range(from: Date, to: Date) -> Result<(), DomainError> {
    if from > to {
        return Err(DomainError::invalid(
            "date_to",
            "DATE_RANGE_REVERSED",
            format!("{to} is before {from}"),
        ));
    }
    Ok(())
}

/// Month totals under `prefix` (one account with `\0`, or a subtree without), by month.
fn months_under(r: &(impl Read + ?Sized), prefix: &[u8]) -> AppResult<BTreeMap<u32, (i128, i128)>> {
    let mut out: BTreeMap<u32, (i128, i128)> = BTreeMap::new();
    r.scan(prefix, &keys::prefix_end(prefix), &mut |k, v| {
        let t = MonthTotals::decode(v)?;
        let month = k
            .get(k.len().saturating_sub(4)..)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_be_bytes)
            .unwrap_or(0);
        let e = out.entry(month).or_default();
        e.0 += i128::from(t.debit);
        e.1 += i128::from(t.credit);
        Ok(true)
    })?;
    Ok(out)
}

/// Per-account movement of the postings of `month` whose date satisfies `keep`.
fn partial_month(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    month: Month,
    keep: impl Fn(Date) -> bool,
) -> AppResult<BTreeMap<AccountCode, (i128, i128)>> {
    let mut out: BTreeMap<AccountCode, (i128, i128)> = BTreeMap::new();
    for v in journal::posted_in_month(r, org_id, month)? {
        if !keep(v.content.date) {
            continue;
        }
        for l in &v.content.lines {
            let e = out.entry(l.account.clone()).or_default();
            e.0 += i128::from(l.debit.get());
            e.1 += i128::from(l.credit.get());
        }
    }
    Ok(out)
}

/// The postings at the edges of `[from, to]` that whole months would wrongly include:
/// (before `from` in its month, after `to` in its month).
type Edges = (
    BTreeMap<AccountCode, (i128, i128)>,
    BTreeMap<AccountCode, (i128, i128)>,
);

fn edges(r: &(impl Read + ?Sized), org_id: Uuid, from: Date, to: Date) -> AppResult<Edges> {
    let before = if from.day() > 1 {
        partial_month(r, org_id, from.month(), |d| d < from)?
    } else {
        BTreeMap::new()
    };
    let after = if to != to.month().last_day() {
        partial_month(r, org_id, to.month(), |d| d > to)?
    } else {
        BTreeMap::new()
    };
    Ok((before, after))
}

/// (movement before `from`, period debit, period credit) from month totals and edges.
fn figures(
    months: &BTreeMap<u32, (i128, i128)>,
    from: Date,
    to: Date,
    before: (i128, i128),
    after: (i128, i128),
) -> (i128, i128, i128) {
    let (fm, tm) = (from.month().key(), to.month().key());
    let mut prior = before.0 - before.1;
    let (mut debit, mut credit) = (-before.0 - after.0, -before.1 - after.1);
    for (&m, &(d, c)) in months {
        if m < fm {
            prior += d - c;
        } else if m <= tm {
            debit += d;
            credit += c;
        }
    }
    (prior, debit, credit)
}

pub fn trial_balance(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Uuid,
    from: Date,
    to: Date,
) -> AppResult<TrialBalance> {
    let org = auth::org_for(r, p, org_id, Action::Read)?;
    check_range(from, to)?;
    let accounts = r.accounts(org_id)?;
    let leaves = leaf_figures(r, &org, &accounts, from, to)?;
    let (rows, totals) = build(&accounts, &leaves)?;
    Ok(TrialBalance {
        chart: org.chart,
        rows,
        totals,
    })
}

/// Every leaf's opening balance at `from` and its movement over `[from, to]`. A period that ends
/// before the books open has nothing in it: its figures are all zero (the opening balances are
/// the state on the opening date, not before).
pub fn leaf_figures(
    r: &(impl Read + ?Sized),
    org: &crate::domain::org::Organization,
    accounts: &[crate::domain::chart::Account],
    from: Date,
    to: Date,
) -> AppResult<BTreeMap<AccountCode, LeafFigures>> {
    let org_id = org.id;
    if to < org.opening_date {
        return Ok(accounts
            .iter()
            .filter(|a| a.leaf)
            .map(|a| (a.code.clone(), LeafFigures::default()))
            .collect());
    }
    let (before, after) = edges(r, org_id, from, to)?;
    let mut leaves = BTreeMap::new();
    for a in accounts.iter().filter(|a| a.leaf) {
        let months = months_under(r, &keys::totals_of(org_id, a.code.as_str()))?;
        let b = before.get(&a.code).copied().unwrap_or_default();
        let e = after.get(&a.code).copied().unwrap_or_default();
        let (prior, debit, credit) = figures(&months, from, to, b, e);
        leaves.insert(
            a.code.clone(),
            LeafFigures {
                opening: narrow(i128::from(a.opening_fen) + prior)?,
                debit: narrow(debit)?,
                credit: narrow(credit)?,
            },
        );
    }
    Ok(leaves)
}

/// The balance (debit-positive) of each (leaf account, day) at the end of that day. Reads each
/// month named once.
pub fn day_end_balances(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    accounts: &BTreeMap<AccountCode, crate::domain::chart::Account>,
    wanted: &[(AccountCode, Date)],
) -> AppResult<Vec<(AccountCode, Date, i64)>> {
    let mut by_month: BTreeMap<Month, Vec<&(AccountCode, Date)>> = BTreeMap::new();
    for w in wanted {
        by_month.entry(w.1.month()).or_default().push(w);
    }
    let mut out = Vec::with_capacity(wanted.len());
    for (month, items) in by_month {
        let mut moves: BTreeMap<(AccountCode, Date), i128> = BTreeMap::new();
        for v in journal::posted_in_month(r, org_id, month)? {
            for l in &v.content.lines {
                if items.iter().any(|(a, _)| *a == l.account) {
                    *moves
                        .entry((l.account.clone(), v.content.date))
                        .or_default() += i128::from(l.debit.get()) - i128::from(l.credit.get());
                }
            }
        }
        for (account, date) in items {
            let opening = accounts.get(account).map_or(0, |a| a.opening_fen);
            let months = months_under(r, &keys::totals_of(org_id, account.as_str()))?;
            let prior: i128 = months.range(..month.key()).map(|(_, (d, c))| d - c).sum();
            let within: i128 = moves
                .range((account.clone(), month.first_day())..=(account.clone(), *date))
                .map(|(_, x)| x)
                .sum();
            out.push((
                account.clone(),
                *date,
                narrow(i128::from(opening) + prior + within)?,
            ));
        }
    }
    Ok(out)
}

pub struct LedgerEntry {
    pub date: Date,
    pub voucher_id: Uuid,
    pub number: String,
    pub summary: String,
    pub memo: String,
    pub account: AccountCode,
    pub debit: i64,
    pub credit: i64,
    /// Running balance after the entry, debit-positive.
    pub balance: i64,
}

pub struct Ledger {
    pub code: AccountCode,
    pub name: String,
    pub opening: i64,
    pub entries: Vec<LedgerEntry>,
    pub debit: i64,
    pub credit: i64,
    pub closing: i64,
    /// Where the next page starts, if there is one.
    pub next: Option<Vec<u8>>,
}

/// Position of a ledger entry: (date, number, line) plus the running balance after it.
fn encode_cursor((date, number, line): (u32, u32, u32), balance: i64) -> Vec<u8> {
    let mut c = Vec::with_capacity(20);
    c.extend_from_slice(&date.to_be_bytes());
    c.extend_from_slice(&number.to_be_bytes());
    c.extend_from_slice(&line.to_be_bytes());
    c.extend_from_slice(&balance.to_be_bytes());
    c
}

fn decode_cursor(c: &[u8]) -> Option<((u32, u32, u32), i64)> {
    if c.len() != 20 {
        return None;
    }
    let u = |i: usize| c[i..i + 4].try_into().ok().map(u32::from_be_bytes);
    Some((
        (u(0)?, u(4)?, u(8)?),
        i64::from_be_bytes(c[12..20].try_into().ok()?),
    ))
}

pub fn account_ledger(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Uuid,
    code: &str,
    (from, to): (Date, Date),
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<Ledger> {
    let org = auth::org_for(r, p, org_id, Action::Read)?;
    check_range(from, to)?;
    let code =
        AccountCode::parse(code).ok_or_else(|| accounts::invalid_code("account_code", code))?;
    let account = r
        .account(org_id, code.as_str())?
        .ok_or_else(|| accounts::not_found(code.as_str()))?;
    let cursor = match after {
        Some(c) => Some(decode_cursor(&c).ok_or_else(page::bad_token)?),
        None => None,
    };
    // Before the books open there is nothing, not even the opening balances.
    let opening_fen: i128 = if to < org.opening_date {
        0
    } else {
        r.accounts(org_id)?
            .iter()
            .filter(|a| a.code.is_within(&code))
            .map(|a| i128::from(a.opening_fen))
            .sum()
    };
    let months = months_under(r, &keys::totals_subtree(org_id, code.as_str()))?;
    let (before, after) = edges(r, org_id, from, to)?;
    let sum_within = |m: &BTreeMap<AccountCode, (i128, i128)>| {
        m.iter()
            .filter(|(c, _)| c.is_within(&code))
            .fold((0i128, 0i128), |acc, (_, &(d, c))| (acc.0 + d, acc.1 + c))
    };
    let (prior, debit, credit) =
        figures(&months, from, to, sum_within(&before), sum_within(&after));
    let opening = opening_fen + prior;
    let closing = opening + debit - credit;

    let mut balance = match cursor {
        Some((_, b)) => i128::from(b),
        None => opening,
    };
    let position = cursor.map(|(p, _)| p);
    let start_month = position
        .and_then(|(d, _, _)| Date::from_key(d))
        .map_or(from.month().key(), |d| d.month().key());
    let mut entries = Vec::with_capacity(page_size);
    let mut next = None;
    let mut last: Option<((u32, u32, u32), i64)> = None;
    'months: for (&m, _) in months.range(start_month..=to.month().key()) {
        let Some(month) = Month::from_key(m) else {
            continue;
        };
        let mut rows = Vec::new();
        for v in journal::posted_in_month(r, org_id, month)? {
            let d = v.content.date;
            if d < from || d > to {
                continue;
            }
            let number = v.number.unwrap_or(0);
            for (i, l) in v.content.lines.iter().enumerate() {
                if l.account.is_within(&code) {
                    rows.push((
                        (d.key(), number, i as u32),
                        v.id,
                        v.number_text(),
                        v.content.summary.clone(),
                        l.clone(),
                        d,
                    ));
                }
            }
        }
        rows.sort_by_key(|r| r.0);
        for (pos, id, number, summary, line, date) in rows {
            if position.is_some_and(|p| pos <= p) {
                continue;
            }
            if entries.len() == page_size {
                next = last.map(|(p, b)| encode_cursor(p, b));
                break 'months;
            }
            balance += i128::from(line.debit.get()) - i128::from(line.credit.get());
            let balance_fen = narrow(balance)?;
            last = Some((pos, balance_fen));
            entries.push(LedgerEntry {
                date,
                voucher_id: id,
                number: number.unwrap_or_default(),
                summary,
                memo: line.memo,
                account: line.account,
                debit: line.debit.get(),
                credit: line.credit.get(),
                balance: balance_fen,
            });
        }
    }
    Ok(Ledger {
        code,
        name: account.name,
        opening: narrow(opening)?,
        entries,
        debit: narrow(debit)?,
        credit: narrow(credit)?,
        closing: narrow(closing)?,
        next,
    })
}

/// Every leaf's balance (debit-positive) at the end of `through`: its opening balance and the
/// month totals up to and including that month.
pub fn leaf_balances(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    accounts: &[crate::domain::chart::Account],
    through: Month,
) -> AppResult<BTreeMap<AccountCode, i64>> {
    let mut out = BTreeMap::new();
    for a in accounts.iter().filter(|a| a.leaf) {
        let months = months_under(r, &keys::totals_of(org_id, a.code.as_str()))?;
        let moved: i128 = months
            .range(..=through.key())
            .map(|(_, (d, c))| d - c)
            .sum();
        out.insert(a.code.clone(), narrow(i128::from(a.opening_fen) + moved)?);
    }
    Ok(out)
}
