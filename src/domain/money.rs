//! Money: an exact integer number of fen (分). Yuan strings are parsed and printed without ever
//! passing through floating point.

use std::fmt;

/// The largest amount a single voucher line or opening balance may carry: ¥1,000,000,000,000.00.
/// 200 lines of it still sum far inside `i64`.
pub const AMOUNT_FEN_MAX: i64 = 100_000_000_000_000;

/// The most one organisation books in a month: its debits, all accounts together, at most
/// ¥10,000,000,000,000.00 (ten times the largest line); each account's month totals are held to
/// it too. Every voucher balances, so this bounds every row of its reports (each account, each
/// parent, the totals): the openings of at most 5,000 accounts × [`AMOUNT_FEN_MAX`] plus the
/// months from 1950 to 2199 (3,000 × 10¹⁵ fen) stay below 9.22 × 10¹⁸. README "Limits".
pub const MONTH_TOTAL_FEN_MAX: i64 = 1_000_000_000_000_000;

// The bound holds for the whole calendar the books accept.
const _: () = assert!(
    5_000 * (AMOUNT_FEN_MAX as i128) + 3_000 * (MONTH_TOTAL_FEN_MAX as i128) < i64::MAX as i128
);

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fen(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not an amount in yuan (examples: 1234.56, 0.5, 100)")]
    Malformed,
    #[error("at most two decimal places (fen)")]
    TooPrecise,
    #[error("amount is too large")]
    Overflow,
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub const fn new(fen: i64) -> Self {
        Fen(fen)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// Parses yuan as typed by a clerk: `1234.56`, `-0.5`, `1,234.56`, `¥100`.
    pub fn parse_yuan(text: &str) -> Result<Fen, MoneyError> {
        let s = text.trim().trim_start_matches(['¥', '￥']);
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let s: String = s.chars().filter(|&c| c != ',').collect();
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s.as_str(), ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(MoneyError::Malformed);
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(MoneyError::Malformed);
        }
        if frac_part.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let mut fen: i64 = 0;
        for b in int_part.bytes() {
            fen = fen
                .checked_mul(10)
                .and_then(|f| f.checked_add(i64::from(b - b'0')))
                .ok_or(MoneyError::Overflow)?;
        }
        fen = fen.checked_mul(100).ok_or(MoneyError::Overflow)?;
        let mut frac = 0i64;
        for (i, b) in frac_part.bytes().enumerate() {
            frac += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        fen = fen.checked_add(frac).ok_or(MoneyError::Overflow)?;
        Ok(Fen(if negative { -fen } else { fen }))
    }

    /// `1234.56`, `-0.05`: the machine form, also accepted by `parse_yuan`.
    pub fn to_yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// `1,234,567.89`: for printed tables.
    pub fn to_yuan_grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped}.{:02}", abs % 100)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_yuan())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_yuan_exactly() {
        assert_eq!(Fen::parse_yuan("1234.56"), Ok(Fen(123_456)));
        assert_eq!(Fen::parse_yuan("0.1"), Ok(Fen(10)));
        assert_eq!(Fen::parse_yuan(".05"), Ok(Fen(5)));
        assert_eq!(Fen::parse_yuan("100"), Ok(Fen(10_000)));
        assert_eq!(Fen::parse_yuan("1,234.5"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("¥1,000"), Ok(Fen(100_000)));
        assert_eq!(Fen::parse_yuan("-3.07"), Ok(Fen(-307)));
        assert_eq!(Fen::parse_yuan("1.234"), Err(MoneyError::TooPrecise));
        assert_eq!(Fen::parse_yuan("1e5"), Err(MoneyError::Malformed));
        assert_eq!(Fen::parse_yuan(""), Err(MoneyError::Malformed));
        assert_eq!(Fen::parse_yuan("."), Err(MoneyError::Malformed));
        assert_eq!(
            Fen::parse_yuan("99999999999999999999"),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn prints_yuan() {
        assert_eq!(Fen(123_456).to_yuan(), "1234.56");
        assert_eq!(Fen(-5).to_yuan(), "-0.05");
        assert_eq!(Fen(123_456_789).to_yuan_grouped(), "1,234,567.89");
        assert_eq!(Fen(-100_000).to_yuan_grouped(), "-1,000.00");
        assert_eq!(Fen(i64::MIN).to_yuan(), "-92233720368547758.08");
    }
}
