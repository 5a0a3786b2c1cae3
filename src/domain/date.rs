//! China calendar days and months, and timestamps in China time (+08:00).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Vouchers and books are dated within these years; anything else is a typing error.
pub const YEAR_MIN: i32 = 1950;
pub const YEAR_MAX: i32 = 2199;
const CHINA_OFFSET_SECONDS: i64 = 8 * 3600;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date in the form YYYY-MM-DD")]
    Malformed,
    #[error("no such day in the calendar")]
    NoSuchDay,
    #[error("year outside {YEAR_MIN}–{YEAR_MAX}")]
    OutOfRange,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(YEAR_MIN..=YEAR_MAX).contains(&year) {
            return Err(DateError::OutOfRange);
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { year, month, day })
    }

    /// Strict `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        // Spaces around a value are dropped, as for every code and amount; inside, refused.
        let text = text.trim();
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(DateError::Malformed);
        }
        let n =
            |r: std::ops::Range<usize>| text[r].parse::<u32>().map_err(|_| DateError::Malformed);
        let year = n(0..4)? as i32;
        Date::new(year, n(5..7)?, n(8..10)?)
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> Month {
        Month {
            year: self.year,
            month: self.month,
        }
    }
    pub fn day(self) -> u32 {
        self.day
    }

    /// `yyyymmdd` as a number: sorts like the date; used in storage keys.
    pub fn key(self) -> u32 {
        self.year as u32 * 10_000 + self.month * 100 + self.day
    }

    pub fn from_key(key: u32) -> Option<Date> {
        Date::new((key / 10_000) as i32, key / 100 % 100, key % 100).ok()
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The calendar day `days` after 1970-01-01; `None` outside the supported years.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let (y, m, d) = civil_from_days(days);
        Date::new(i32::try_from(y).ok()?, m, d).ok()
    }

    /// The China calendar day of a time in milliseconds since the epoch.
    pub fn china_of_ms(ms: i64) -> Date {
        let days = (ms / 1000 + CHINA_OFFSET_SECONDS).div_euclid(86_400);
        Date::from_days_since_epoch(days).unwrap_or(Date {
            year: YEAR_MAX,
            month: 12,
            day: 31,
        })
    }

    /// Today in China.
    pub fn today_china() -> Date {
        let days = (now_ms() / 1000 + CHINA_OFFSET_SECONDS).div_euclid(86_400);
        Date::from_days_since_epoch(days).unwrap_or(Date {
            year: YEAR_MAX,
            month: 12,
            day: 31,
        })
    }
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        Date::new(year, month, 1).ok().map(Date::month)
    }
    pub fn year(self) -> i32 {
        self.year
    }
    pub fn number(self) -> u32 {
        self.month
    }
    /// `yyyymm` as a number: sorts like the month; used in storage keys.
    pub fn key(self) -> u32 {
        self.year as u32 * 100 + self.month
    }
    pub fn from_key(key: u32) -> Option<Month> {
        Month::new((key / 100) as i32, key % 100)
    }
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }
    pub fn last_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: days_in_month(self.year, self.month),
        }
    }
    /// `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }
    pub fn next(self) -> Option<Month> {
        if self.month == 12 {
            Month::new(self.year + 1, 1)
        } else {
            Month::new(self.year, self.month + 1)
        }
    }
    pub fn prev(self) -> Option<Month> {
        if self.month == 1 {
            Month::new(self.year - 1, 12)
        } else {
            Month::new(self.year, self.month - 1)
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Milliseconds since the Unix epoch.
///
/// Never goes back within a process, even when the system clock is stepped back: changes are
/// stamped inside the single writer, so their `updated_at` follows the change sequence, which the
/// exports' (`updated_at`, id) order relies on.
/// A period key as Chinese reads it: `2026-10` → `2026年10月`, `2026Q4` → `2026年第四季度`,
/// `2026` → `2026年度`. `None` for anything else.
pub fn period_label_zh(key: &str) -> Option<String> {
    let key = key.trim();
    if let Some(m) = Month::parse(key) {
        return Some(format!("{}年{}月", m.year(), m.number()));
    }
    if let Some((y, q)) = key.split_once(['Q', 'q']) {
        let q = match q {
            "1" => "一",
            "2" => "二",
            "3" => "三",
            "4" => "四",
            _ => return None,
        };
        return (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{y}年第{q}季度"));
    }
    (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{key}年度"))
}

pub fn now_ms() -> i64 {
    static LAST: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let before = LAST.fetch_max(now, std::sync::atomic::Ordering::Relaxed);
    now.max(before)
}

/// RFC 3339 in China time: `2024-03-05T09:30:00+08:00`. Empty for 0 (never happened).
pub fn format_timestamp(ms: i64) -> String {
    if ms == 0 {
        return String::new();
    }
    let local = ms.div_euclid(1000) + CHINA_OFFSET_SECONDS;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_strict_dates() {
        assert_eq!(Date::parse("2024-02-29").map(|d| d.key()), Ok(20_240_229));
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2024-2-01"), Err(DateError::Malformed));
        assert_eq!(Date::parse("2024-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("1800-01-01"), Err(DateError::OutOfRange));
        assert_eq!(Date::parse("２０２４-01-01"), Err(DateError::Malformed));
    }

    #[test]
    fn day_numbers_round_trip() {
        let d = Date::parse("2024-03-01").unwrap();
        assert_eq!(d.days_since_epoch(), 19_783);
        assert_eq!(Date::from_days_since_epoch(19_783), Some(d));
        assert_eq!(
            Date::from_days_since_epoch(0).map(|d| d.to_string()),
            Some("1970-01-01".into())
        );
        for days in -7000..80_000 {
            if let Some(d) = Date::from_days_since_epoch(days) {
                assert_eq!(d.days_since_epoch(), days);
            }
        }
    }

    #[test]
    fn timestamps_are_china_time() {
        // 2024-03-04T16:00:00Z is midnight in China.
        assert_eq!(
            format_timestamp(1_709_568_000_000),
            "2024-03-05T00:00:00+08:00"
        );
        assert_eq!(format_timestamp(0), "");
    }
}
