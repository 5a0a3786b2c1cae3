//! The cash rules: a day-by-day walk of cash and bank over the look-back window — cash on hand
//! above the limit, single cash payments above the limit, receipts not banked in time (oldest
//! first), and cash or bank ending a day in credit.

use std::collections::{BTreeMap, VecDeque};

use super::{Builder, days_between, yuan};
use crate::app::{AppResult, disclosures, reports};
use crate::domain::alert::{Kind, Severity, Thresholds};
use crate::domain::chart::AccountCode;
use crate::domain::date::Date;
use crate::domain::org::Organization;
use crate::domain::voucher;
use crate::store::Read;
use crate::store::prelude::*;

/// Cash on hand above the limit at a day's end, single cash payments above the limit, and cash
/// received but not banked in time, over the look-back window.
pub(super) fn cash_rules(
    r: &(impl Read + ?Sized),
    org: &Organization,
    t: &Thresholds,
    today: Date,
    b: &mut Builder<'_>,
) -> AppResult<()> {
    let start = Date::from_days_since_epoch(today.days_since_epoch() - i64::from(t.lookback_days))
        .unwrap_or(today)
        .max(org.opening_date);
    if start > today {
        return Ok(());
    }
    let accounts = r.accounts(org.id)?;
    let figures = reports::leaf_figures(r, org, &accounts, start, today)?;
    let mut walk = CashWalk {
        balance: figures
            .iter()
            .filter(|(c, _)| c.is_within(&cash()))
            .map(|(_, f)| i128::from(f.opening))
            .sum(),
        // Each cash and bank leaf's balance, for the first day it ends red in the window.
        leaves: figures
            .iter()
            .filter(|(c, _)| voucher::is_cash_or_bank(c))
            .map(|(c, f)| (c.clone(), i128::from(f.opening)))
            .collect(),
        cash: cash(),
        bank: AccountCode::constant("102"),
        last_out: BTreeMap::new(),
        over: Vec::new(),
        red: BTreeMap::new(),
        receipts: VecDeque::new(),
    };
    let vouchers = disclosures::posted_between(r, org.id, start, today)?;
    let mut by_day: BTreeMap<Date, Vec<_>> = BTreeMap::new();
    for v in &vouchers {
        by_day.entry(v.content.date).or_default().push(v);
    }
    // Every calendar day of the window, with or without postings.
    let mut day = start;
    loop {
        walk.last_out.clear();
        for v in by_day.get(&day).map(Vec::as_slice).unwrap_or_default() {
            walk.voucher(v, day, t, b);
        }
        walk.end_of_day(day, t);
        match Date::from_days_since_epoch(day.days_since_epoch() + 1) {
            Some(next) if next <= today => day = next,
            _ => break,
        }
    }
    over_limit(&walk.over, t, b);
    red_balances(walk.red, &accounts, b);
    unbanked(&walk.receipts, t, today, b);
    Ok(())
}

/// 库存现金.
fn cash() -> AccountCode {
    AccountCode::constant("101")
}

/// The day-by-day walk of cash over the window: its state, and what it found.
struct CashWalk {
    /// 库存现金 and 银行存款, made once for the walk.
    cash: AccountCode,
    bank: AccountCode,
    /// Cash on hand (101 and below).
    balance: i128,
    /// Each cash and bank leaf's balance.
    leaves: BTreeMap<AccountCode, i128>,
    /// The voucher that last paid out of each leaf today.
    last_out: BTreeMap<AccountCode, String>,
    /// Days that ended above the limit, with the balance.
    over: Vec<(Date, i128)>,
    /// Each leaf's first day ending red: the day, the balance, the voucher.
    red: BTreeMap<AccountCode, (Date, i128, String)>,
    /// Cash receipts not yet banked, oldest first: day, voucher, amount left.
    receipts: VecDeque<(Date, String, i64)>,
}

impl CashWalk {
    /// One posted voucher of `day`: balances, a large payment, receipts taken back or banked.
    fn voucher(&mut self, v: &voucher::Voucher, day: Date, t: &Thresholds, b: &mut Builder<'_>) {
        let sum = |acct: &AccountCode| {
            v.content
                .lines
                .iter()
                .filter(|l| l.account.is_within(acct))
                .fold((0i64, 0i64), |(d, c), l| {
                    (
                        d.saturating_add(l.debit.get()),
                        c.saturating_add(l.credit.get()),
                    )
                })
        };
        let (cash_in, cash_out) = sum(&self.cash);
        let (bank_in, bank_out) = sum(&self.bank);
        self.balance += i128::from(cash_in) - i128::from(cash_out);
        let number = v.number_text().unwrap_or_default();
        for l in v
            .content
            .lines
            .iter()
            .filter(|l| voucher::is_cash_or_bank(&l.account))
        {
            *self.leaves.entry(l.account.clone()).or_default() +=
                i128::from(l.debit.get()) - i128::from(l.credit.get());
            if l.credit.get() > 0 || l.debit.get() < 0 {
                self.last_out.insert(l.account.clone(), number.clone());
            }
        }
        if cash_out > t.cash_payment_limit_fen && bank_in == 0 {
            large_payment(&number, day, cash_out, t, b);
        }
        if cash_in > 0 && bank_out == 0 {
            self.receipts.push_back((day, number.clone(), cash_in));
        }
        // A red reversal of a receipt takes it back, newest first.
        self.take_back(-i128::from(cash_in.min(0)));
        // A deposit banks the oldest receipts first.
        if bank_in > 0 {
            self.bank(cash_out.min(bank_in));
        }
    }

    /// Receipts taken back by a red reversal, newest first.
    fn take_back(&mut self, mut amount: i128) {
        while amount > 0 {
            let Some(back) = self.receipts.back_mut() else {
                break;
            };
            let take = i128::from(back.2).min(amount);
            back.2 -= take as i64;
            amount -= take;
            if back.2 == 0 {
                self.receipts.pop_back();
            }
        }
    }

    /// Receipts banked by a deposit, oldest first.
    fn bank(&mut self, mut deposit: i64) {
        while deposit > 0 {
            let Some(front) = self.receipts.front_mut() else {
                break;
            };
            let take = front.2.min(deposit);
            front.2 -= take;
            deposit -= take;
            if front.2 == 0 {
                self.receipts.pop_front();
            }
        }
    }

    /// A day's end: above the limit, and each leaf's first red balance.
    fn end_of_day(&mut self, day: Date, t: &Thresholds) {
        if self.balance > i128::from(t.cash_limit_fen) {
            self.over.push((day, self.balance));
        }
        for (account, balance) in &self.leaves {
            if *balance < 0 && !self.red.contains_key(account) {
                let number = self.last_out.get(account).cloned().unwrap_or_default();
                self.red.insert(account.clone(), (day, *balance, number));
            }
        }
    }
}

/// One cash payment above the limit.
fn large_payment(number: &str, day: Date, cash_out: i64, t: &Thresholds, b: &mut Builder<'_>) {
    b.push(
        Kind::CashPaymentOverLimit,
        number,
        Severity::Yellow,
        format!("{number} 单笔现金支付 {} 元", yuan(cash_out)),
        vec![
            ("凭证", number.to_string()),
            ("日期", day.to_string()),
            ("现金支付", yuan(cash_out)),
            ("限额", yuan(t.cash_payment_limit_fen)),
        ],
        (vec![number.to_string()], ""),
        cash_out,
        0,
    );
}

/// Cash on hand above the limit on some days: one alert with the peak.
fn over_limit(over: &[(Date, i128)], t: &Thresholds, b: &mut Builder<'_>) {
    let Some(&(last, _)) = over.last() else {
        return;
    };
    // The first day the highest balance was reached.
    let (peak_day, peak) = over
        .iter()
        .max_by_key(|(d, b)| (*b, std::cmp::Reverse(*d)))
        .copied()
        .unwrap_or((last, 0));
    let peak = i64::try_from(peak).unwrap_or(i64::MAX);
    b.push(
        Kind::CashOverLimit,
        "cash",
        Severity::Yellow,
        format!("库存现金超过限额 {} 元", yuan(t.cash_limit_fen)),
        vec![
            ("超限天数", over.len().to_string()),
            ("最高余额", format!("{}（{peak_day}）", yuan(peak))),
            ("最近超限日", last.to_string()),
            ("限额", yuan(t.cash_limit_fen)),
        ],
        (Vec::new(), ""),
        peak,
        0,
    );
}

/// A red (credit) day-end balance of a cash or bank leaf: one alert per leaf.
fn red_balances(
    red: BTreeMap<AccountCode, (Date, i128, String)>,
    accounts: &[crate::domain::chart::Account],
    b: &mut Builder<'_>,
) {
    for (account, (day, bal, number)) in red {
        let kind = if account.is_within(&cash()) {
            Kind::CashNegative
        } else {
            Kind::BankNegative
        };
        let name = accounts
            .iter()
            .find(|a| a.code == account)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let credit = i64::try_from(-bal).unwrap_or(i64::MAX);
        let mut evidence = vec![
            ("科目", format!("{account} {name}")),
            ("日期", day.to_string()),
            ("日终贷方余额", yuan(credit)),
        ];
        if !number.is_empty() {
            evidence.push(("凭证", number.clone()));
        }
        let numbers = if number.is_empty() {
            Vec::new()
        } else {
            vec![number.clone()]
        };
        let tail = if number.is_empty() {
            String::new()
        } else {
            format!("（{number}）")
        };
        b_push_red(
            b,
            kind,
            &account,
            format!(
                "{account} {name} {day} 日终为贷方余额 {} 元{tail}",
                yuan(credit)
            ),
            evidence,
            numbers,
            credit,
        );
    }
}

/// Cash receipts not banked within the allowed days: one alert for all of them.
fn unbanked(
    receipts: &VecDeque<(Date, String, i64)>,
    t: &Thresholds,
    today: Date,
    b: &mut Builder<'_>,
) {
    let late: Vec<_> = receipts
        .iter()
        .filter(|(d, _, a)| *a > 0 && days_between(*d, today) > i64::from(t.unbanked_days))
        .collect();
    let Some(first) = late.first() else {
        return;
    };
    let amount = i64::try_from(late.iter().map(|(_, _, a)| i128::from(*a)).sum::<i128>())
        .unwrap_or(i64::MAX);
    b.push(
        Kind::ReceiptsNotBanked,
        "receipts",
        Severity::Yellow,
        format!(
            "{} 元现金收入超过 {} 天未存入银行",
            yuan(amount),
            t.unbanked_days
        ),
        vec![
            ("笔数", late.len().to_string()),
            ("金额", yuan(amount)),
            ("最早收款日", first.0.to_string()),
        ],
        (late.iter().map(|(_, n, _)| n.clone()).collect(), ""),
        amount,
        days_between(first.0, today),
    );
}

/// A red balance alert for one cash or bank account.
fn b_push_red(
    b: &mut Builder<'_>,
    kind: Kind,
    account: &AccountCode,
    title: String,
    evidence: Vec<(&str, String)>,
    numbers: Vec<String>,
    credit: i64,
) {
    b.push(
        kind,
        account.as_str(),
        Severity::Red,
        title,
        evidence,
        (numbers, ""),
        credit,
        0,
    );
}
