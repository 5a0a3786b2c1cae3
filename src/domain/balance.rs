//! Balances and the trial balance (科目余额表), computed from per-leaf figures. Balances are
//! signed debit-positive internally and shown on the side they fall, as on paper.

use std::collections::BTreeMap;

use super::chart::{Account, AccountCode};
use super::error::DomainError;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Direction {
    Debit,
    Credit,
    Flat,
}

/// Where a debit-positive balance falls, and its size.
pub fn direction(balance: i64) -> (Direction, i64) {
    match balance {
        0 => (Direction::Flat, 0),
        b if b > 0 => (Direction::Debit, b),
        b => (Direction::Credit, b.checked_neg().unwrap_or(i64::MAX)),
    }
}

/// Splits a debit-positive balance into (debit column, credit column).
pub fn columns(balance: i64) -> (i64, i64) {
    match direction(balance) {
        (Direction::Debit, b) => (b, 0),
        (Direction::Credit, b) => (0, b),
        (Direction::Flat, _) => (0, 0),
    }
}

/// One leaf's figures for a period.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct LeafFigures {
    /// Balance at the start of the period, debit-positive.
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub code: AccountCode,
    pub name: String,
    pub depth: usize,
    pub leaf: bool,
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
    pub closing: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub opening_debit: i64,
    pub opening_credit: i64,
    pub debit: i64,
    pub credit: i64,
    pub closing_debit: i64,
    pub closing_credit: i64,
}

fn overflow() -> DomainError {
    DomainError::precondition("AMOUNT_OVERFLOW", "a total is too large to report")
}

/// An i128 sum as i64, or AMOUNT_OVERFLOW.
pub fn narrow(x: i128) -> Result<i64, DomainError> {
    i64::try_from(x).map_err(|_| overflow())
}

/// Builds the trial balance: every account in `accounts` (code order), parents summing their
/// sub-accounts, and the totals of the top-level rows.
pub fn trial_balance(
    accounts: &[Account],
    leaves: &BTreeMap<AccountCode, LeafFigures>,
) -> Result<(Vec<Row>, Totals), DomainError> {
    let mut sums: BTreeMap<&AccountCode, [i128; 3]> = BTreeMap::new();
    let by_code: BTreeMap<&AccountCode, &Account> = accounts.iter().map(|a| (&a.code, a)).collect();
    for (code, f) in leaves {
        for ancestor in code.lineage() {
            let Some((key, _)) = by_code.get_key_value(&ancestor) else {
                continue;
            };
            let s = sums.entry(key).or_default();
            s[0] += i128::from(f.opening);
            s[1] += i128::from(f.debit);
            s[2] += i128::from(f.credit);
        }
    }
    let mut rows = Vec::with_capacity(accounts.len());
    let mut totals = [0i128; 6];
    for account in accounts {
        let [opening, debit, credit] = sums.get(&account.code).copied().unwrap_or_default();
        let closing = opening + debit - credit;
        let row = Row {
            code: account.code.clone(),
            name: account.name.clone(),
            depth: account.code.depth(),
            leaf: account.leaf,
            opening: narrow(opening)?,
            debit: narrow(debit)?,
            credit: narrow(credit)?,
            closing: narrow(closing)?,
        };
        if row.depth == 1 {
            let (od, oc) = columns(row.opening);
            let (cd, cc) = columns(row.closing);
            for (t, x) in totals
                .iter_mut()
                .zip([od, oc, row.debit, row.credit, cd, cc])
            {
                *t += i128::from(x);
            }
        }
        rows.push(row);
    }
    let totals = Totals {
        opening_debit: narrow(totals[0])?,
        opening_credit: narrow(totals[1])?,
        debit: narrow(totals[2])?,
        credit: narrow(totals[3])?,
        closing_debit: narrow(totals[4])?,
        closing_credit: narrow(totals[5])?,
    };
    Ok((rows, totals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::chart::{ChartVersion, opening_accounts};

    #[test]
    fn rolls_up_and_balances() {
        let mut accounts = opening_accounts(ChartVersion::V2023);
        let base = accounts
            .iter()
            .find(|a| a.code.as_str() == "112")
            .unwrap()
            .clone();
        let sub = |code: &str, name: &str| Account {
            code: AccountCode::parse(code).unwrap(),
            name: name.into(),
            ..base.clone()
        };
        accounts.push(sub("112.01", "张三"));
        accounts.push(sub("112.02", "李四"));
        accounts.sort_by(|a, b| a.code.cmp(&b.code));
        for a in accounts.iter_mut().filter(|a| a.code.as_str() == "112") {
            a.leaf = false;
        }
        let code = |c: &str| AccountCode::parse(c).unwrap();
        let leaves = BTreeMap::from([
            (
                code("101"),
                LeafFigures {
                    opening: 10_000,
                    debit: 5_000,
                    credit: 2_000,
                },
            ),
            (
                code("112.01"),
                LeafFigures {
                    opening: 3_000,
                    debit: 0,
                    credit: 1_000,
                },
            ),
            (
                code("112.02"),
                LeafFigures {
                    opening: 0,
                    debit: 2_000,
                    credit: 0,
                },
            ),
            (
                code("301"),
                LeafFigures {
                    opening: -13_000,
                    debit: 0,
                    credit: 0,
                },
            ),
            (
                code("501"),
                LeafFigures {
                    opening: 0,
                    debit: 0,
                    credit: 4_000,
                },
            ),
        ]);
        let (rows, totals) = trial_balance(&accounts, &leaves).unwrap();
        let r112 = rows.iter().find(|r| r.code.as_str() == "112").unwrap();
        assert_eq!(
            (r112.opening, r112.debit, r112.credit, r112.closing),
            (3_000, 2_000, 1_000, 4_000)
        );
        assert_eq!(totals.opening_debit, 13_000);
        assert_eq!(totals.opening_credit, 13_000);
        assert_eq!((totals.debit, totals.credit), (7_000, 7_000));
        assert_eq!(totals.closing_debit, totals.closing_credit);
        assert_eq!(totals.closing_debit, 17_000);
    }
}
