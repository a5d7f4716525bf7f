//! Calendar dates as whole days since 1970-01-01, parsed from ISO 8601
//! `YYYY-MM-DD` strings (the form `Date.prototype.toISOString().slice(0, 10)`
//! gives).

use crate::calendar::{civil_from_days, days_from_civil};
use crate::error::{msg, Error, ErrorCode, Quoted};

/// A day number: days since 1970-01-01 (negative before).
pub type Day = i32;

/// Parses `YYYY-MM-DD` (years 1000-9999) into a [`Day`].
///
/// ```
/// use clg_metrics::company::date::parse_day;
/// assert_eq!(parse_day("1970-01-02", "signupDate"), Ok(1));
/// assert_eq!(parse_day("2024-03-01", "d").unwrap() - parse_day("2024-02-28", "d").unwrap(), 2);
/// assert!(parse_day("2023-02-29", "d").is_err());
/// ```
pub fn parse_day(text: &str, field: &str) -> Result<Day, Error> {
    let bad = || {
        let cut: String = text.chars().take(40).collect();
        Error::new(
            ErrorCode::InvalidDate,
            field,
            msg!(
                "must be a calendar date written YYYY-MM-DD, got ",
                Quoted(&cut)
            ),
        )
    };
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(bad());
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        bytes.get(range)?.iter().try_fold(0i32, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i32::from(b - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(bad());
    };
    if year < 1000 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(bad());
    }
    // Within 1000..=9999 (checked above): the day number fits an i32.
    Ok(days_from_civil(year.into(), month.into(), day.into()) as Day)
}

/// Length of the period from `start` to `end` in years: whole months / 12
/// when both fall on the same day of the month (a month is 1/12, a quarter
/// 1/4, whatever its days), else days / 365.2425 (a week is 7 / 365.2425).
///
/// ```
/// use clg_metrics::company::date::{parse_day, years_between};
/// let d = |t: &str| parse_day(t, "d").unwrap();
/// assert_eq!(years_between(d("2026-02-01"), d("2026-03-01")), 1.0 / 12.0);
/// assert_eq!(years_between(d("2026-01-01"), d("2026-04-01")), 0.25);
/// assert_eq!(years_between(d("2026-01-05"), d("2026-01-12")), 7.0 / 365.2425);
/// ```
pub fn years_between(start: Day, end: Day) -> f64 {
    let (y0, m0, d0) = civil_from_days(start.into());
    let (y1, m1, d1) = civil_from_days(end.into());
    if d0 == d1 {
        ((y1 - y0) * 12 + m1 - m0) as f64 / 12.0
    } else {
        f64::from(end - start) / 365.2425
    }
}

fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference day numbers from Python's `datetime.date.toordinal() - 719163`.
    #[test]
    fn known_days() {
        for (text, day) in [
            ("1970-01-01", 0),
            ("2000-02-29", 11_016),
            ("2026-11-23", 20_780),
            ("1969-12-31", -1),
            ("2100-03-01", 47_541),
        ] {
            assert_eq!(parse_day(text, "d"), Ok(day), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_dates() {
        for text in [
            "",
            "2026-1-01",
            "2026/01/01",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "0999-01-01",
            "2026-01-01T00:00",
            "２０２６-01-01",
            "abcd-ef-gh",
        ] {
            let err = parse_day(text, "accounts[0].signupDate").unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidDate, "{text}");
            assert_eq!(err.field(), "accounts[0].signupDate");
        }
    }
}
