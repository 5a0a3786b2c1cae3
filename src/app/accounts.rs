//! Sub-accounts, deactivation and opening balances of one organisation's books.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use super::{AppResult, auth};
use crate::domain::DomainError;
use crate::domain::chart::{ACCOUNT_NAME_CHARS_MAX, ACCOUNTS_PER_ORG_MAX, Account, AccountCode};
use crate::domain::error::{Violations, check_text};
use crate::domain::money::AMOUNT_FEN_MAX;
use crate::domain::user::{Action, Principal};
use crate::domain::voucher::check_postable;
use crate::store::prelude::*;
use crate::store::{MonthTotals, Read, StoreError, Txn, keys};

/// INVALID_ARGUMENT for a field that is not an account code at all.
pub fn invalid_code(field: &str, code: &str) -> DomainError {
    DomainError::invalid(
        field,
        "INVALID_ACCOUNT_CODE",
        format!("{code:?} is not an account code like 101 or 112.01"),
    )
}

pub fn not_found(code: &str) -> DomainError {
    DomainError::not_found(
        "ACCOUNT_NOT_FOUND",
        format!("no account {code} in these books"),
    )
}

/// An organisation's accounts in code order (the caller has been authorised for it).
pub fn chart_of(r: &(impl Read + ?Sized), org: Uuid) -> AppResult<Vec<Account>> {
    Ok(r.accounts(org)?)
}

/// The name of account `code` in `org`'s chart; empty when it has none.
pub fn name_of(r: &(impl Read + ?Sized), org: Uuid, code: &str) -> AppResult<String> {
    Ok(r.account(org, code)?.map(|a| a.name).unwrap_or_default())
}

/// Adds sub-account `code` under its parent. When it is the parent's first sub-account and the
/// parent carries postings or an opening balance (e.g. 322 收益分配 with the opening 未分配收益),
/// the parent's balance and history move to it (科目升级), in an open month.
pub fn add(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    code: &str,
    name: &str,
    now_ms: i64,
) -> AppResult<Account> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    let parsed = AccountCode::parse(code);
    let parent_code = parsed.as_ref().and_then(AccountCode::parent);
    if parent_code.is_none() {
        v.add(
            "code",
            "INVALID_ACCOUNT_CODE",
            "a sub-account code is its parent's code + . + two digits, e.g. 112.01",
        );
    }
    check_text(&mut v, "name", name, ACCOUNT_NAME_CHARS_MAX, true);
    v.finish()?;
    let (Some(code), Some(parent_code)) = (parsed, parent_code) else {
        return Err(
            DomainError::invalid("code", "INVALID_ACCOUNT_CODE", "not a sub-account code").into(),
        );
    };
    if txn.account(org_id, code.as_str())?.is_some() {
        return Err(DomainError::exists(
            "ACCOUNT_EXISTS",
            format!("account {code} already exists"),
        )
        .into());
    }
    let Some(mut parent) = txn.account(org_id, parent_code.as_str())? else {
        return Err(DomainError::not_found(
            "PARENT_ACCOUNT_NOT_FOUND",
            format!("no account {parent_code} to add {code} under"),
        )
        .into());
    };
    // 科目升级: the first sub-account of an account that carries postings or an opening balance
    // takes over its balance and history, in one audited change, while the month is open.
    let upgrade = parent.has_postings && parent.leaf;
    if parent.has_postings && !parent.leaf {
        return Err(DomainError::precondition(
            "ACCOUNT_HAS_POSTINGS",
            format!(
                "{parent_code} {} carries history of its own from before its sub-accounts",
                parent.name
            ),
        )
        .into());
    }
    if upgrade {
        crate::domain::period::check_open(&org, crate::domain::date::Date::china_of_ms(now_ms))?;
    }
    let existing = txn.accounts(org_id)?;
    if existing.len() >= ACCOUNTS_PER_ORG_MAX {
        return Err(DomainError::precondition(
            "TOO_MANY_ACCOUNTS",
            format!("books hold at most {ACCOUNTS_PER_ORG_MAX} accounts"),
        )
        .into());
    }
    let mut account = Account {
        code,
        name: name.trim().to_string(),
        category: parent.category.clone(),
        normal_side: parent.normal_side,
        active: true,
        leaf: true,
        has_postings: false,
        opening_fen: 0,
        standard: false,
    };
    if upgrade {
        move_history(txn, &mut org, &mut parent, &mut account)?;
    }
    if parent.leaf {
        parent.leaf = false;
        txn.put_account(org_id, &parent);
    }
    txn.put_account(org_id, &account);
    if !org.books_touched {
        org.books_touched = true;
        txn.put_org(&org);
    }
    Ok(account)
}

/// 科目升级: moves an account's opening balance and month totals to its first sub-account, and
/// records the move so that lines posted to the account read as booked to the sub-account.
fn move_history(
    txn: &mut Txn<'_>,
    org: &mut crate::domain::org::Organization,
    parent: &mut Account,
    child: &mut Account,
) -> AppResult<()> {
    let prefix = keys::totals_of(org.id, parent.code.as_str());
    let mut months: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    txn.scan(&prefix, &keys::prefix_end(&prefix), &mut |k, v| {
        months.push((k.to_vec(), v.to_vec()));
        Ok(true)
    })?;
    for (k, v) in months {
        let month = k
            .get(k.len().saturating_sub(4)..)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_be_bytes)
            .ok_or_else(|| crate::store::StoreError::Corrupt("a month total key".into()))?;
        let totals = MonthTotals::decode(&v)?;
        txn.put_month_totals(org.id, child.code.as_str(), month, totals);
        txn.delete(k);
    }
    child.opening_fen = parent.opening_fen;
    child.has_postings = true;
    parent.opening_fen = 0;
    // Its history is the sub-account's now: it may gain further sub-accounts like any roll-up.
    parent.has_postings = false;
    org.account_moves
        .push((parent.code.clone(), child.code.clone()));
    txn.put_org(org);
    Ok(())
}

/// The balance of an account and everything below it, debit-positive, over all posted vouchers.
pub fn subtree_balance(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    code: &AccountCode,
) -> AppResult<i128> {
    let mut balance = 0i128;
    for account in r.accounts(org_id)? {
        if account.code.is_within(code) {
            balance += i128::from(account.opening_fen);
        }
    }
    let prefix = keys::totals_subtree(org_id, code.as_str());
    r.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
        let t = MonthTotals::decode(v)?;
        balance += i128::from(t.debit) - i128::from(t.credit);
        Ok(true)
    })?;
    Ok(balance)
}

pub fn set_active(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    code: &str,
    active: bool,
) -> AppResult<Account> {
    auth::org_for(txn, p, org_id, Action::Write)?;
    let parsed = AccountCode::parse(code).ok_or_else(|| invalid_code("code", code))?;
    let mut account = txn
        .account(org_id, parsed.as_str())?
        .ok_or_else(|| not_found(code))?;
    if !active && account.active {
        let balance = subtree_balance(txn, org_id, &parsed)?;
        if balance != 0 {
            return Err(DomainError::precondition(
                "ACCOUNT_BALANCE_NOT_ZERO",
                format!(
                    "{parsed} {} still has a balance; clear it before deactivating",
                    account.name
                ),
            )
            .into());
        }
    }
    account.active = active;
    txn.put_account(org_id, &account);
    Ok(account)
}

/// One requested opening balance, as sent.
#[derive(Clone, Debug)]
pub struct OpeningInput {
    pub code: String,
    /// `Some(true)` debit, `Some(false)` credit, `None` unspecified.
    pub debit_side: Option<bool>,
    pub amount_fen: i64,
}

/// Replaces the opening balances. Returns (debit total, credit total, accounts set).
pub fn set_opening_balances(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    entries: &[OpeningInput],
) -> AppResult<(i64, i64, usize)> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    if org.books_started {
        return Err(DomainError::precondition(
            "OPENING_BALANCES_LOCKED",
            "opening balances are fixed once the first voucher is posted",
        )
        .into());
    }
    let accounts: BTreeMap<AccountCode, Account> = txn
        .accounts(org_id)?
        .into_iter()
        .map(|a| (a.code.clone(), a))
        .collect();
    let mut v = Violations::default();
    let mut seen = BTreeSet::new();
    let mut wanted = BTreeMap::new();
    let (mut debit, mut credit) = (0i128, 0i128);
    for (i, e) in entries.iter().enumerate() {
        let p = format!("balances[{i}].");
        match AccountCode::parse(&e.code) {
            None => v.add(
                format!("{p}code"),
                "INVALID_ACCOUNT_CODE",
                format!("{:?} is not an account code", e.code),
            ),
            Some(code) => {
                if !seen.insert(code.clone()) {
                    v.add(
                        format!("{p}code"),
                        "DUPLICATE_ACCOUNT",
                        format!("{code} is listed twice"),
                    );
                }
                check_postable(&mut v, &format!("{p}code"), &code, &accounts);
                if let (Some(side), true) =
                    (e.debit_side, (1..=AMOUNT_FEN_MAX).contains(&e.amount_fen))
                {
                    wanted.insert(code, if side { e.amount_fen } else { -e.amount_fen });
                }
            }
        }
        if e.debit_side.is_none() {
            v.add(format!("{p}side"), "FIELD_REQUIRED", "debit or credit");
        }
        if !(1..=AMOUNT_FEN_MAX).contains(&e.amount_fen) {
            v.add(
                format!("{p}amount_fen"),
                "AMOUNT_OUT_OF_RANGE",
                format!("between 0.01 and {AMOUNT_FEN_MAX} fen"),
            );
        } else if e.debit_side == Some(true) {
            debit += i128::from(e.amount_fen);
        } else if e.debit_side == Some(false) {
            credit += i128::from(e.amount_fen);
        }
    }
    if v.is_empty() && debit != credit {
        v.add(
            "balances",
            "OPENING_BALANCES_UNBALANCED",
            format!(
                "debit total {} ≠ credit total {}",
                yuan(debit),
                yuan(credit)
            ),
        );
    }
    v.finish()?;
    for (code, mut account) in accounts {
        let opening = wanted.get(&code).copied().unwrap_or(0);
        if account.opening_fen != opening || account.has_postings != (opening != 0) {
            account.opening_fen = opening;
            account.has_postings = opening != 0;
            txn.put_account(org_id, &account);
        }
    }
    if !org.books_touched {
        org.books_touched = true;
        txn.put_org(&org);
    }
    // Balanced and at most one entry per account: the totals fit easily.
    Ok((debit as i64, credit as i64, wanted.len()))
}

/// Loads the accounts named and their ancestors.
pub fn load_lineages<'a>(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    codes: impl IntoIterator<Item = &'a AccountCode>,
) -> Result<BTreeMap<AccountCode, Account>, StoreError> {
    let mut out = BTreeMap::new();
    for code in codes {
        for c in code.lineage() {
            if out.contains_key(&c) {
                continue;
            }
            if let Some(a) = r.account(org_id, c.as_str())? {
                out.insert(c, a);
            }
        }
    }
    Ok(out)
}

fn yuan(fen: i128) -> String {
    i64::try_from(fen).map_or_else(
        |_| format!("{fen} fen"),
        |f| crate::domain::money::Fen::new(f).to_yuan(),
    )
}
