//! Supervision alerts (监管预警): the rules' kinds, severities and per-region thresholds. Alerts are
//! computed from the books as they are; an acknowledgement holds while the alert's evidence is
//! unchanged (its fingerprint), so changed evidence re-opens it.

use sha2::{Digest, Sha256};

use super::error::{DomainError, Violations};

pub const NOTE_CHARS_MAX: usize = 500;

/// Evidence labels that change as days pass without anything happening in the books.
pub const CALENDAR_COUNTERS: [&str; 5] =
    ["已过天数", "剩余天数", "逾期月数", "超限天数", "最近超限日"];

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Yellow,
    Red,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// 租金逾期
    RentOverdue,
    /// 合同即将到期
    ContractExpiring,
    /// 合同期限超过法定上限
    ContractTermOverLimit,
    /// 库存现金超限额
    CashOverLimit,
    /// 单笔现金支付超限
    CashPaymentOverLimit,
    /// 收入未及时存入银行
    ReceiptsNotBanked,
    /// 低于底价或评估价
    PriceBelowReserve,
    /// 草稿凭证长期未处理
    DraftsStale,
    /// 月份逾期未结账
    MonthNotClosed,
    /// 未按期财务公开
    DisclosureNotPublished,
    /// 库存现金出现贷方余额 (red)
    CashNegative,
    /// 银行存款出现贷方余额 (red)
    BankNegative,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::RentOverdue,
        Kind::ContractExpiring,
        Kind::ContractTermOverLimit,
        Kind::CashOverLimit,
        Kind::CashPaymentOverLimit,
        Kind::ReceiptsNotBanked,
        Kind::PriceBelowReserve,
        Kind::DraftsStale,
        Kind::MonthNotClosed,
        Kind::DisclosureNotPublished,
        Kind::CashNegative,
        Kind::BankNegative,
    ];

    /// The stable code in alert ids.
    pub fn code(self) -> &'static str {
        match self {
            Kind::RentOverdue => "RENT_OVERDUE",
            Kind::ContractExpiring => "CONTRACT_EXPIRING",
            Kind::ContractTermOverLimit => "CONTRACT_TERM_OVER_LIMIT",
            Kind::CashOverLimit => "CASH_OVER_LIMIT",
            Kind::CashPaymentOverLimit => "CASH_PAYMENT_OVER_LIMIT",
            Kind::ReceiptsNotBanked => "RECEIPTS_NOT_BANKED",
            Kind::PriceBelowReserve => "PRICE_BELOW_RESERVE",
            Kind::DraftsStale => "DRAFTS_STALE",
            Kind::MonthNotClosed => "MONTH_NOT_CLOSED",
            Kind::DisclosureNotPublished => "DISCLOSURE_NOT_PUBLISHED",
            Kind::CashNegative => "CASH_NEGATIVE",
            Kind::BankNegative => "BANK_NEGATIVE",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Kind::RentOverdue => "租金逾期",
            Kind::ContractExpiring => "合同即将到期",
            Kind::ContractTermOverLimit => "合同期限超过法定上限",
            Kind::CashOverLimit => "库存现金超限额",
            Kind::CashPaymentOverLimit => "单笔现金支付超限",
            Kind::ReceiptsNotBanked => "收入未及时存入银行",
            Kind::PriceBelowReserve => "价格低于底价或评估价",
            Kind::DraftsStale => "凭证长期未记账",
            Kind::MonthNotClosed => "逾期未结账",
            Kind::DisclosureNotPublished => "未按期财务公开",
            Kind::CashNegative => "库存现金出现贷方余额",
            Kind::BankNegative => "银行存款出现贷方余额",
        }
    }
}

/// One alert: what, where, how bad, and the evidence it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// `KIND:subject`, stable while the subject exists (contract, voucher, month, quarter …).
    pub id: String,
    pub kind: Kind,
    pub severity: Severity,
    pub org_id: uuid::Uuid,
    pub title: String,
    /// (label, value) pairs, in Chinese.
    pub evidence: Vec<(String, String)>,
    pub voucher_numbers: Vec<String>,
    pub contract_code: String,
    pub amount_fen: i64,
    pub days: i64,
}

impl Alert {
    /// A digest of the evidence: an acknowledgement holds while it is unchanged. Counters that
    /// move with the calendar alone (days passed, months overdue) are left out, so an
    /// acknowledgement does not lapse overnight; a change of severity, amounts or vouchers
    /// re-opens the alert.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.id.as_bytes());
        h.update([0, self.severity as u8]);
        for (k, v) in self
            .evidence
            .iter()
            .filter(|(k, _)| !CALENDAR_COUNTERS.contains(&k.as_str()))
        {
            h.update(k.as_bytes());
            h.update([0]);
            h.update(v.as_bytes());
            h.update([0]);
        }
        h.finalize()
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Builds a `$ty` from `$from`, any value with the thresholds' fields (the domain's
/// [`Thresholds`], the stored record, the wire message), plus `$extra` fields: the field list is
/// written here once.
macro_rules! copy_thresholds {
    ($ty:path, $from:expr $(, $extra:ident: $val:expr)* $(,)?) => {{
        let from = $from;
        $ty {
            rent_yellow_fen: from.rent_yellow_fen,
            rent_yellow_months: from.rent_yellow_months,
            rent_red_fen: from.rent_red_fen,
            rent_red_months: from.rent_red_months,
            expiring_days: from.expiring_days,
            term_years_max: from.term_years_max,
            cash_limit_fen: from.cash_limit_fen,
            cash_payment_limit_fen: from.cash_payment_limit_fen,
            unbanked_days: from.unbanked_days,
            draft_days: from.draft_days,
            close_grace_days: from.close_grace_days,
            disclosure_grace_days: from.disclosure_grace_days,
            lookback_days: from.lookback_days,
            $($extra: $val,)*
        }
    }};
}
pub(crate) use copy_thresholds;

/// A region's thresholds (the most specific configured prefix wins, as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// Rent overdue: yellow from this amount unpaid for this many months …
    pub rent_yellow_fen: i64,
    pub rent_yellow_months: u32,
    /// … red from this amount (overdue at least the yellow months) or this many months.
    pub rent_red_fen: i64,
    pub rent_red_months: u32,
    /// A contract ending within this many days.
    pub expiring_days: u32,
    /// The longest term a lease or contracting (承包) may run.
    pub term_years_max: u32,
    /// 库存现金限额: cash on hand at a day's end above this.
    pub cash_limit_fen: i64,
    /// One cash payment above this.
    pub cash_payment_limit_fen: i64,
    /// Cash received and not banked within this many days.
    pub unbanked_days: u32,
    /// Vouchers left unposted this many days after they were entered.
    pub draft_days: u32,
    /// A month still open this many days after it ended.
    pub close_grace_days: u32,
    /// A quarter's disclosure not published this many days after it ended.
    pub disclosure_grace_days: u32,
    /// How far back the cash rules look.
    pub lookback_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            rent_yellow_fen: 1_000_000,
            rent_yellow_months: 3,
            rent_red_fen: 5_000_000,
            rent_red_months: 6,
            expiring_days: 60,
            term_years_max: 20,
            cash_limit_fen: 500_000,
            cash_payment_limit_fen: 100_000,
            unbanked_days: 7,
            draft_days: 30,
            close_grace_days: 15,
            disclosure_grace_days: 15,
            lookback_days: 90,
        }
    }
}

impl Thresholds {
    /// Every violated field, named under `prefix`.
    pub fn validate(&self, prefix: &str) -> Result<(), DomainError> {
        let mut v = Violations::default();
        let f = |n: &str| format!("{prefix}{n}");
        let money = super::money::AMOUNT_FEN_MAX;
        for (name, x) in [
            ("rent_yellow_fen", self.rent_yellow_fen),
            ("rent_red_fen", self.rent_red_fen),
            ("cash_limit_fen", self.cash_limit_fen),
            ("cash_payment_limit_fen", self.cash_payment_limit_fen),
        ] {
            if !(1..=money).contains(&x) {
                v.add(
                    f(name),
                    "THRESHOLD_OUT_OF_RANGE",
                    format!("1 to {money} fen"),
                );
            }
        }
        for (name, x, max) in [
            ("rent_yellow_months", self.rent_yellow_months, 120),
            ("rent_red_months", self.rent_red_months, 120),
            ("expiring_days", self.expiring_days, 3_650),
            ("term_years_max", self.term_years_max, 70),
            ("unbanked_days", self.unbanked_days, 365),
            ("draft_days", self.draft_days, 3_650),
            ("close_grace_days", self.close_grace_days, 365),
            ("disclosure_grace_days", self.disclosure_grace_days, 365),
            ("lookback_days", self.lookback_days, 366),
        ] {
            if !(1..=max).contains(&x) {
                v.add(f(name), "THRESHOLD_OUT_OF_RANGE", format!("1 to {max}"));
            }
        }
        if self.rent_red_fen < self.rent_yellow_fen && !v.has(&f("rent_red_fen")) {
            v.add(
                f("rent_red_fen"),
                "THRESHOLD_ORDER",
                "the red amount is at least the yellow amount",
            );
        }
        if self.rent_red_months < self.rent_yellow_months && !v.has(&f("rent_red_months")) {
            v.add(
                f("rent_red_months"),
                "THRESHOLD_ORDER",
                "the red months are at least the yellow months",
            );
        }
        v.finish()
    }

    /// Rent overdue `amount` for `months` whole months: the severity, if any.
    pub fn rent_severity(&self, amount: i64, months: u32) -> Option<Severity> {
        if amount <= 0 {
            return None;
        }
        let yellow = amount >= self.rent_yellow_fen && months >= self.rent_yellow_months;
        let red = (amount >= self.rent_red_fen && months >= self.rent_yellow_months)
            || (amount >= self.rent_yellow_fen && months >= self.rent_red_months);
        if red {
            Some(Severity::Red)
        } else if yellow {
            Some(Severity::Yellow)
        } else {
            None
        }
    }
}

/// Whole months from `from` to `to` (a month counts once its day is reached).
pub fn whole_months(from: super::date::Date, to: super::date::Date) -> u32 {
    let m = (to.year() - from.year()) * 12 + to.month().number() as i32
        - from.month().number() as i32
        - i32::from(to.day() < from.day());
    u32::try_from(m.max(0)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;

    #[test]
    fn rent_severity_at_its_thresholds() {
        let t = Thresholds::default();
        assert_eq!(t.rent_severity(999_999, 3), None);
        assert_eq!(t.rent_severity(1_000_000, 2), None);
        assert_eq!(t.rent_severity(1_000_000, 3), Some(Severity::Yellow));
        assert_eq!(t.rent_severity(5_000_000, 3), Some(Severity::Red));
        assert_eq!(t.rent_severity(1_000_000, 6), Some(Severity::Red));
        assert_eq!(t.rent_severity(4_999_999, 5), Some(Severity::Yellow));
    }

    #[test]
    fn months_are_whole() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(whole_months(d("2024-01-10"), d("2024-04-09")), 2);
        assert_eq!(whole_months(d("2024-01-10"), d("2024-04-10")), 3);
        assert_eq!(whole_months(d("2024-04-10"), d("2024-01-10")), 0);
    }

    #[test]
    fn thresholds_are_checked() {
        let t = Thresholds {
            rent_red_fen: 1,
            draft_days: 0,
            ..Thresholds::default()
        };
        let DomainError::Invalid(v) = t.validate("thresholds.").unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = v.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["thresholds.draft_days", "thresholds.rent_red_fen"]);
    }
}
