//! Calendar arithmetic shared by every area: the periods (day, ISO week,
//! month, quarter), which one a UTC millisecond timestamp falls in,
//! numbered so that consecutive periods have consecutive numbers, and
//! H. Hinnant's conversions between dates and day numbers.

use crate::error::{msg, Error, ErrorCode, Quoted};
use crate::survey::clip;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// A calendar period. Weeks start on Monday (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `"2026-01-15"`
    Day,
    /// ISO 8601 week, Monday to Sunday: `"2026-W03"`
    Week,
    /// `"2026-01"`
    Month,
    /// `"2026-Q1"`
    Quarter,
}

/// JSON names of [`Period`], in declaration order.
pub(crate) const PERIODS: [&str; 4] = ["day", "week", "month", "quarter"];

impl Period {
    pub(crate) fn from_index(i: usize) -> Period {
        [Period::Day, Period::Week, Period::Month, Period::Quarter][i.min(3)]
    }

    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        PERIODS[self as usize]
    }

    /// Reads `"day"`, `"week"`, `"month"` or `"quarter"`.
    pub fn parse(text: &str, field: &str) -> Result<Period, Error> {
        match PERIODS.iter().position(|&name| name == text) {
            Some(i) => Ok(Period::from_index(i)),
            None => Err(Error::new(
                ErrorCode::InvalidChoice,
                field,
                msg!(
                    "must be \"day\", \"week\", \"month\" or \"quarter\", got ",
                    Quoted(&clip(text))
                ),
            )),
        }
    }

    /// The number of the period containing `ms` (days since 1970-01-01,
    /// ISO weeks since the week of 1970-01-01, months or quarters since
    /// year 0).
    ///
    /// ```
    /// use clg_metrics::calendar::Period;
    /// // 2024-03-31T23:59:59.999Z and 2024-04-01T00:00:00Z are in different quarters
    /// let q = |ms| Period::Quarter.number(ms);
    /// assert_eq!(q(1_711_929_600_000) - q(1_711_929_599_999), 1);
    /// ```
    pub fn number(self, ms: i64) -> i64 {
        let day = day_number(ms);
        match self {
            Period::Day => day,
            // 1970-01-01 was a Thursday: shift so Monday starts a week.
            Period::Week => (day + 3).div_euclid(7),
            Period::Month => {
                let (year, month) = year_month(day);
                year * 12 + month - 1
            }
            Period::Quarter => {
                let (year, month) = year_month(day);
                year * 4 + (month - 1) / 3
            }
        }
    }
}

/// Days since 1970-01-01 (UTC) of the day containing `ms`.
pub fn day_number(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// Year and month (1..=12) of day number `day`.
fn year_month(day: i64) -> (i64, i64) {
    let (year, month, _) = civil_from_days(day);
    (year, month)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
///
/// ```
/// use clg_metrics::calendar::{civil_from_days, days_from_civil};
/// assert_eq!(days_from_civil(2026, 11, 23), 20_780);
/// assert_eq!(civil_from_days(-1), (1969, 12, 31));
/// ```
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` of a day number (Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference timestamps from Python:
    // datetime(Y, M, D, tzinfo=timezone.utc).timestamp() * 1000 (exact).
    const JAN_1_1970: i64 = 0;
    const DEC_29_1969: i64 = -3 * DAY_MS; // a Monday
    const FEB_29_2024: i64 = 1_709_164_800_000;
    const MAR_1_2024: i64 = 1_709_251_200_000;
    const JAN_1_2024: i64 = 1_704_067_200_000; // a Monday
    const DEC_31_2023: i64 = 1_703_980_800_000; // a Sunday

    #[test]
    fn days_split_at_midnight_utc() {
        assert_eq!(Period::Day.number(JAN_1_1970), 0);
        assert_eq!(Period::Day.number(-1), -1);
        assert_eq!(Period::Day.number(DAY_MS - 1), 0);
        assert_eq!(Period::Day.number(DAY_MS), 1);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(
            Period::Week.number(DEC_29_1969),
            Period::Week.number(JAN_1_1970)
        );
        assert_eq!(
            Period::Week.number(DEC_29_1969 - 1),
            Period::Week.number(JAN_1_1970) - 1
        );
        assert_eq!(
            Period::Week.number(JAN_1_2024) - Period::Week.number(DEC_31_2023),
            1
        );
        assert_eq!(
            Period::Week.number(JAN_1_2024 + 7 * DAY_MS - 1),
            Period::Week.number(JAN_1_2024)
        );
    }

    #[test]
    fn months_and_quarters_follow_the_calendar() {
        assert_eq!(Period::Month.number(JAN_1_1970), 1970 * 12);
        assert_eq!(
            Period::Month.number(MAR_1_2024) - Period::Month.number(FEB_29_2024),
            1
        );
        assert_eq!(
            Period::Month.number(MAR_1_2024 - 1),
            Period::Month.number(FEB_29_2024)
        );
        assert_eq!(
            Period::Month.number(JAN_1_2024) - Period::Month.number(DEC_31_2023),
            1
        );
        assert_eq!(Period::Quarter.number(JAN_1_2024), 2024 * 4);
        assert_eq!(Period::Quarter.number(MAR_1_2024), 2024 * 4);
        assert_eq!(Period::Quarter.number(JAN_1_2024 - 1), 2023 * 4 + 3);
    }

    #[test]
    fn extreme_js_dates_do_not_overflow() {
        for ms in [-8_640_000_000_000_000, 8_640_000_000_000_000] {
            for p in [Period::Day, Period::Week, Period::Month, Period::Quarter] {
                let _ = p.number(ms);
            }
        }
        // 275760-09-13, the last JS date
        assert_eq!(
            Period::Month.number(8_640_000_000_000_000),
            275_760 * 12 + 8
        );
    }
}
