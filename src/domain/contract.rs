//! Contracts (经济合同) leasing out assets and parcels: terms, the legal limit on lease terms,
//! the rent schedule as instalments, payments settling the oldest first, and masking of personal
//! ID numbers.

use uuid::Uuid;

use super::asset::{months_between, next_month};
use super::coded::coded;
use super::date::{Date, Month};
use super::error::DomainError;

/// 民法典 §705: a lease ends within 20 years of its start.
pub const LEASE_YEARS_MAX: i32 = 20;
pub const SUBJECTS_MAX: usize = 100;
pub const CONTRACT_TEXT_CHARS_MAX: usize = 100;

coded!(Method { Lease = 1, "出租/转包"; Shareholding = 2, "入股"; Contracting = 3, "承包"; Grant = 4, "出让"; });
coded!(RentUnit { PerYear = 1, "元/年"; PerMuPerYear = 2, "元/亩/年"; PerM2PerYear = 3, "元/平方米/年"; Total = 4, "总价"; });
coded!(Schedule { Annual = 1, "按年"; SemiAnnual = 2, "按半年"; Quarterly = 3, "按季"; Monthly = 4, "按月"; OneOff = 5, "一次性"; });
coded!(PartyKind { Person = 1, "个人"; Organization = 2, "单位"; });

impl Schedule {
    /// Months one instalment covers (0: the whole term at once).
    pub fn months(self) -> u64 {
        match self {
            Schedule::Annual => 12,
            Schedule::SemiAnnual => 6,
            Schedule::Quarterly => 3,
            Schedule::Monthly => 1,
            Schedule::OneOff => 0,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Asset(Uuid),
    Parcel(Uuid),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instalment {
    pub due: Date,
    pub amount_fen: i64,
    pub paid_fen: i64,
    /// Unpaid instalments falling after a termination are cancelled.
    pub cancelled: bool,
}

impl Instalment {
    pub fn outstanding(&self) -> i64 {
        if self.cancelled {
            0
        } else {
            self.amount_fen - self.paid_fen
        }
    }
}

/// The rent over the whole term, in fen, from the rent per unit.
/// `area_units` is the subjects' area in 1/300 m² (for per-亩 and per-m² rents).
pub fn total_rent(rent_fen: i64, unit: RentUnit, term_months: u64, area_units: i64) -> Option<i64> {
    let annual: i128 = match unit {
        RentUnit::Total => return Some(rent_fen),
        RentUnit::PerYear => i128::from(rent_fen),
        // 1 亩 = 200,000 units; 1 m² = 300 units. Rounded half up to the fen.
        RentUnit::PerMuPerYear => {
            (i128::from(rent_fen) * i128::from(area_units) * 2 + 200_000) / 400_000
        }
        RentUnit::PerM2PerYear => (i128::from(rent_fen) * i128::from(area_units) * 2 + 300) / 600,
    };
    i64::try_from((annual * i128::from(term_months) * 2 + 12) / 24).ok()
}

/// The instalments of a term: one per period from the start, due on `due_day` of the period's
/// first month (not before the start); amounts split by months covered so they add up exactly.
pub fn instalments(
    start: Date,
    end: Date,
    schedule: Schedule,
    due_day: u32,
    total_fen: i64,
) -> Vec<Instalment> {
    let term = term_months(start, end);
    let due = |m: Month| {
        let day = due_day.clamp(1, 28);
        let d = Date::new(m.year(), m.number(), day).unwrap_or(m.first_day());
        d.max(start)
    };
    if schedule == Schedule::OneOff || term == 0 {
        return vec![Instalment {
            due: due(start.month()),
            amount_fen: total_fen,
            paid_fen: 0,
            cancelled: false,
        }];
    }
    let step = schedule.months();
    let mut out = Vec::new();
    let mut covered = 0u64;
    let mut month = start.month();
    let mut charged = 0i64;
    while covered < term {
        let months = step.min(term - covered);
        covered += months;
        let cumulative = (i128::from(total_fen) * i128::from(covered) / i128::from(term)) as i64;
        out.push(Instalment {
            due: due(month),
            amount_fen: cumulative - charged,
            paid_fen: 0,
            cancelled: false,
        });
        charged = cumulative;
        for _ in 0..months {
            month = next_month(month);
        }
    }
    out
}

/// Whole months of a term, counting a started month as whole.
pub fn term_months(start: Date, end: Date) -> u64 {
    let m = months_between(start.month(), end.month());
    if end.day() >= start.day() {
        m + 1
    } else {
        m.max(1)
    }
}

/// Whether a lease from `start` to `end` stays within 20 years.
pub fn within_legal_limit(start: Date, end: Date) -> bool {
    let limit = Date::new(
        start.year() + LEASE_YEARS_MAX,
        start.month().number(),
        start.day().min(28),
    )
    .ok();
    limit.is_some_and(|l| end < l) || limit.is_none()
}

/// Settles a payment against the instalments, oldest first; returns what each received.
pub fn settle(
    instalments: &mut [Instalment],
    mut amount_fen: i64,
) -> Result<Vec<(usize, i64)>, DomainError> {
    let outstanding: i64 = instalments.iter().map(Instalment::outstanding).sum();
    if amount_fen <= 0 || amount_fen > outstanding {
        return Err(DomainError::invalid(
            "amount_fen",
            "PAYMENT_EXCEEDS_OUTSTANDING",
            format!("between 0.01 and the {} fen outstanding", outstanding),
        ));
    }
    let mut order: Vec<usize> = (0..instalments.len()).collect();
    order.sort_by_key(|&i| instalments[i].due);
    let mut applied = Vec::new();
    for i in order {
        if amount_fen == 0 {
            break;
        }
        let take = instalments[i].outstanding().min(amount_fen);
        if take > 0 {
            instalments[i].paid_fen += take;
            amount_fen -= take;
            applied.push((i, take));
        }
    }
    Ok(applied)
}

/// `3601**********123X`: the first and last four characters of an ID number, the rest hidden.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars[..4]
        .iter()
        .chain(std::iter::repeat_n(&'*', n - 8))
        .chain(chars[n - 4..].iter())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn schedules_add_up_exactly() {
        let start = d("2025-03-01");
        let end = d("2027-02-28");
        assert_eq!(term_months(start, end), 24);
        let total = total_rent(1_000_000, RentUnit::PerYear, 24, 0).unwrap();
        assert_eq!(total, 2_000_000);
        let q = instalments(start, end, Schedule::Quarterly, 10, total);
        assert_eq!(q.len(), 8);
        assert_eq!(q[0].due, d("2025-03-10"));
        assert_eq!(q[1].due, d("2025-06-10"));
        assert!(q.iter().all(|i| i.amount_fen == 250_000));
        let odd = instalments(start, end, Schedule::Monthly, 1, 1_000_001);
        assert_eq!(odd.iter().map(|i| i.amount_fen).sum::<i64>(), 1_000_001);
        // ¥600/亩/年 on 12.5 亩 is ¥7,500 a year.
        assert_eq!(
            total_rent(60_000, RentUnit::PerMuPerYear, 12, 2_500_000),
            Some(750_000)
        );
    }

    #[test]
    fn leases_stay_within_twenty_years() {
        assert!(within_legal_limit(d("2025-01-01"), d("2044-12-31")));
        assert!(!within_legal_limit(d("2025-01-01"), d("2045-01-01")));
    }

    #[test]
    fn payments_settle_the_oldest_first() {
        let mut i = instalments(
            d("2025-01-01"),
            d("2027-12-31"),
            Schedule::Annual,
            1,
            3_000_000,
        );
        let applied = settle(&mut i, 1_500_000).unwrap();
        assert_eq!(applied, [(0, 1_000_000), (1, 500_000)]);
        assert_eq!(
            (i[1].outstanding(), i[2].outstanding()),
            (500_000, 1_000_000)
        );
        assert!(settle(&mut i, 1_500_001).is_err());
    }

    #[test]
    fn id_numbers_are_masked() {
        assert_eq!(mask_id("36010219900101123X"), "3601**********123X");
        assert_eq!(mask_id("1234"), "****");
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum State {
    Active,
    Terminated,
}

/// A contract with its schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    pub id: Uuid,
    pub org_id: Uuid,
    pub code: String,
    pub party_name: String,
    pub party_kind: PartyKind,
    /// Kept in full; every reply masks it.
    pub party_id_number: String,
    pub subjects: Vec<Subject>,
    pub method: Method,
    pub start: Date,
    pub end: Date,
    pub rent_fen: i64,
    pub unit: RentUnit,
    pub schedule: Schedule,
    pub due_day: u32,
    pub deposit_fen: i64,
    pub total_fen: i64,
    pub instalments: Vec<Instalment>,
    pub state: State,
    pub terminated: Option<(Date, String)>,
    /// The subjects' statuses before the contract, restored when it ends (asset or parcel
    /// status codes, in subject order).
    pub previous_status: Vec<u32>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Contract {
    /// Whether this contract holds a subject on any day of `[start, end]`.
    pub fn overlaps(&self, start: Date, end: Date) -> bool {
        // A terminated contract held its subjects until its termination date.
        let until = self.terminated.as_ref().map_or(self.end, |(d, _)| *d);
        self.start <= end && start <= until
    }
}
