//! Trends and segments: responses grouped by segment and by calendar period
//! (day, ISO week, month or quarter, in UTC or at a fixed UTC offset), one
//! [`Aggregate`] per group.

use serde::Serialize;

mod dense;
pub mod packed;
use super::compare::{compare, Comparison};
use super::{response, Aggregate, Kind, Scale, Summary};
pub use crate::calendar::Period;
use crate::calendar::{civil_from_days, days_from_civil};
use crate::error::{element, msg, Error, ErrorCode, Num, Part};
use crate::stats::ConfidenceLevel;

const DAY_MS: f64 = 86_400_000.0;
/// Largest UTC offset, in minutes (UTC+14:00, Kiribati).
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// Checks a UTC offset: whole minutes within ±14 hours (e.g. 60 for
/// UTC+01:00, -300 for UTC-05:00).
pub fn utc_offset(minutes: f64, field: &str) -> Result<i32, Error> {
    if minutes.fract() == 0.0 && minutes.abs() <= f64::from(MAX_OFFSET_MINUTES) {
        return Ok(minutes as i32);
    }
    Err(Error::new(
        ErrorCode::InvalidOffset,
        field,
        msg!(
            "a UTC offset must be whole minutes from -840 to 840, got ",
            Num(minutes)
        ),
    ))
}

/// Puts timestamps into periods of local time at a fixed UTC offset.
///
/// ```
/// use clg_metrics::survey::trend::{Calendar, Period};
/// // 2026-01-01T00:30Z is still 2025 at UTC-01:00 (ISO week 2026-W01 starts 2025-12-29).
/// let ts = 1_767_227_400_000.0;
/// let (utc, west) = (Calendar::new(Period::Month, 0), Calendar::new(Period::Month, -60));
/// assert_eq!(utc.label(utc.bucket(ts)), "2026-01");
/// assert_eq!(west.label(west.bucket(ts)), "2025-12");
/// let week = Calendar::new(Period::Week, 0);
/// assert_eq!(week.label(week.bucket(ts)), "2026-W01");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calendar {
    period: Period,
    offset_ms: f64,
}

impl Calendar {
    /// A calendar of `period`s at `offset_minutes` from UTC (checked by [`utc_offset`]).
    pub fn new(period: Period, offset_minutes: i32) -> Self {
        Calendar {
            period,
            offset_ms: f64::from(offset_minutes) * 60_000.0,
        }
    }

    /// The local day number (days since 1970-01-01) of a valid timestamp.
    #[inline]
    fn local_day(&self, timestamp: f64) -> i64 {
        ((timestamp + self.offset_ms) / DAY_MS).floor() as i64
    }

    /// The first local day of the period holding `timestamp`.
    pub fn bucket(&self, timestamp: f64) -> i64 {
        self.start(self.local_day(timestamp))
    }

    /// The first day of the period holding `day`.
    fn start(&self, day: i64) -> i64 {
        match self.period {
            Period::Day => day,
            Period::Week => day - (day + 3).rem_euclid(7),
            Period::Month => {
                let (y, m, _) = civil_from_days(day);
                days_from_civil(y, m, 1)
            }
            Period::Quarter => {
                let (y, m, _) = civil_from_days(day);
                days_from_civil(y, (m - 1) / 3 * 3 + 1, 1)
            }
        }
    }

    /// A whole number per period, consecutive periods differing by 1.
    fn ordinal(&self, day: i64) -> i64 {
        match self.period {
            Period::Day => day,
            Period::Week => (day + 3).div_euclid(7),
            Period::Month | Period::Quarter => {
                let (y, m, _) = civil_from_days(day);
                if self.period == Period::Month {
                    y * 12 + m - 1
                } else {
                    y * 4 + (m - 1) / 3
                }
            }
        }
    }

    /// The first day of the period numbered `ordinal`.
    fn ordinal_start(&self, ordinal: i64) -> i64 {
        match self.period {
            Period::Day => ordinal,
            Period::Week => ordinal * 7 - 3,
            Period::Month => days_from_civil(ordinal.div_euclid(12), ordinal.rem_euclid(12) + 1, 1),
            Period::Quarter => {
                days_from_civil(ordinal.div_euclid(4), ordinal.rem_euclid(4) * 3 + 1, 1)
            }
        }
    }

    /// The first day of the period after the one starting on `start`.
    fn next(&self, start: i64) -> i64 {
        match self.period {
            Period::Day => start + 1,
            Period::Week => start + 7,
            Period::Month | Period::Quarter => {
                let (y, m, _) = civil_from_days(start);
                let m = m + if self.period == Period::Month { 1 } else { 3 };
                if m > 12 {
                    days_from_civil(y + 1, m - 12, 1)
                } else {
                    days_from_civil(y, m, 1)
                }
            }
        }
    }

    /// The UTC instant (ms) at which local `day` begins.
    fn instant(&self, day: i64) -> f64 {
        day as f64 * DAY_MS - self.offset_ms
    }

    /// The period's name: `2026-01-15`, `2026-W03`, `2026-01` or `2026-Q1`.
    pub fn label(&self, start: i64) -> String {
        let (y, m, d) = civil_from_days(start);
        let mut label = String::new();
        match self.period {
            Period::Day => {
                push_padded(&mut label, y, 4);
                label.push('-');
                push_padded(&mut label, m, 2);
                label.push('-');
                push_padded(&mut label, d, 2);
            }
            Period::Week => {
                // The ISO year and week are those of the week's Thursday.
                let thursday = start + 3;
                let (iso_year, _, _) = civil_from_days(thursday);
                let week = (thursday - days_from_civil(iso_year, 1, 1)) / 7 + 1;
                push_padded(&mut label, iso_year, 4);
                label.push_str("-W");
                push_padded(&mut label, week, 2);
            }
            Period::Month => {
                push_padded(&mut label, y, 4);
                label.push('-');
                push_padded(&mut label, m, 2);
            }
            Period::Quarter => {
                push_padded(&mut label, y, 4);
                label.push_str("-Q");
                push_padded(&mut label, (m - 1) / 3 + 1, 1);
            }
        }
        label
    }
}

/// Appends `n` with its digits zero-padded to `width` after its sign, as
/// ISO 8601 writes years (`-5` at width 4 is `-0005`: a year before year 0
/// keeps four digits, as year 5 does), without `core::fmt`.
fn push_padded(out: &mut String, n: i64, width: usize) {
    let digits = msg!(n.unsigned_abs());
    if n < 0 {
        out.push('-');
    }
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// One group of a trend: a segment, a period (when bucketing) and its result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendRow<S> {
    /// The segment (attribute values, or a segment code).
    pub segment: S,
    /// The period's name, e.g. `"2026-Q1"`; `None` without bucketing.
    pub period: Option<String>,
    /// UTC ms at which the period begins.
    pub start: Option<f64>,
    /// UTC ms at which the next period begins.
    pub end: Option<f64>,
    /// The metric of the group's responses.
    pub result: Summary,
    /// This period against the segment's period just before (`result`
    /// minus that one's, as [`compare`] gives it); `None` without one, or
    /// when the comparison is not defined (a CES side of one answer).
    pub change: Option<Comparison>,
}

/// Responses grouped by segment `K` and period.
///
/// ```
/// use clg_metrics::{stats::ConfidenceLevel, survey::{trend::{Calendar, Period, Trend}, Kind}};
/// let scale = Kind::Nps.scale(None, "scale").unwrap();
/// let mut trend = Trend::new(Kind::Nps, scale, Some(Calendar::new(Period::Quarter, 0)));
/// trend.record("pro", 1_767_225_600_000.0, 10); // 2026-01-01
/// trend.record("pro", 1_775_001_600_000.0, 3);  // 2026-04-01
/// let rows = trend.rows(ConfidenceLevel::DEFAULT).unwrap();
/// assert_eq!(rows.iter().map(|r| r.period.as_deref().unwrap()).collect::<Vec<_>>(), ["2026-Q1", "2026-Q2"]);
/// ```
#[derive(Debug, Clone)]
pub struct Trend<K> {
    kind: Kind,
    scale: Scale,
    calendar: Option<Calendar>,
    /// Runs of responses of one group, in the order they came: a response
    /// of the last run's group joins it, any other starts a run. Sorting by
    /// group and merging the runs of a group ([`Trend::compact`]) happens
    /// when there are twice as many runs as after the last compaction, and
    /// before the rows are read: n log n whatever the groups (inserting
    /// each new group in sorted order was quadratic in the groups), with
    /// no map type (one would add ~20 KiB to the wasm module).
    runs: Vec<((K, Option<i64>), Aggregate)>,
    /// When to compact next (a number of runs).
    compact_at: usize,
    /// The last day seen: data usually comes in runs, so most responses
    /// skip the date arithmetic.
    last_day: Option<(i64, i64)>,
}

/// Runs a trend gathers before its first compaction.
const FIRST_COMPACTION: usize = 4096;

impl<K: Ord + Clone> Trend<K> {
    /// An empty trend; without a calendar, groups are segments only.
    pub fn new(kind: Kind, scale: Scale, calendar: Option<Calendar>) -> Self {
        Trend {
            kind,
            scale,
            calendar,
            runs: Vec::new(),
            compact_at: FIRST_COMPACTION,
            last_day: None,
        }
    }

    /// The aggregate of the run of group `key`: the last run's, or a new one.
    fn run(&mut self, key: (K, Option<i64>)) -> &mut Aggregate {
        if self.runs.last().map_or(true, |(last, _)| *last != key) {
            if self.runs.len() >= self.compact_at {
                self.compact();
                self.compact_at = (2 * self.runs.len()).max(FIRST_COMPACTION);
            }
            self.runs.push((key, Aggregate::new(self.kind, self.scale)));
        }
        let last = self.runs.len() - 1;
        &mut self.runs[last].1
    }

    /// Sorts the runs by group and merges those of a group: one per group.
    fn compact(&mut self) {
        self.runs.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        let mut kept = 0;
        for i in 0..self.runs.len() {
            if kept > 0 && self.runs[kept - 1].0 == self.runs[i].0 {
                let (before, after) = self.runs.split_at_mut(i);
                before[kept - 1].1.absorb(&after[0].1);
            } else {
                self.runs.swap(kept, i);
                kept += 1;
            }
        }
        self.runs.truncate(kept);
    }

    /// Adds a score (on the scale) given at a valid `timestamp`.
    pub fn record(&mut self, segment: K, timestamp: f64, score: u8) {
        let bucket = self.calendar.map(|calendar| {
            let day = calendar.local_day(timestamp);
            match self.last_day {
                Some((last, start)) if last == day => start,
                _ => {
                    let start = calendar.start(day);
                    self.last_day = Some((day, start));
                    start
                }
            }
        });
        self.run((segment, bucket)).record(score);
    }

    /// Adds a whole histogram to the group `(segment, bucket)`.
    fn add_counts(&mut self, segment: K, bucket: Option<i64>, counts: &[u64; 11]) {
        self.run((segment, bucket)).add_counts(counts);
    }

    /// One row per group, by segment then period.
    pub fn rows(mut self, level: ConfidenceLevel) -> Result<Vec<TrendRow<K>>, Error> {
        self.compact();
        let mut rows = Vec::with_capacity(self.runs.len());
        // The group before, in (segment, period) order: the segment's previous period.
        let mut before: Option<(&K, i64, &Aggregate)> = None;
        for ((segment, bucket), aggregate) in &self.runs {
            let (period, start, end) = match (self.calendar, bucket) {
                (Some(c), Some(b)) => (
                    Some(c.label(*b)),
                    Some(c.instant(*b)),
                    Some(c.instant(c.next(*b))),
                ),
                _ => (None, None, None),
            };
            let change = match (self.calendar, *bucket, before) {
                (Some(c), Some(b), Some((s, previous, earlier)))
                    if s == segment && c.next(previous) == b =>
                {
                    compare(aggregate, earlier, level).ok()
                }
                _ => None,
            };
            before = bucket.map(|b| (segment, b, aggregate));
            rows.push(TrendRow {
                segment: segment.clone(),
                period,
                start,
                end,
                result: aggregate.summary(level)?,
                change,
            });
        }
        Ok(rows)
    }
}

/// Checks that a response (`kind`, highest score `scale`) is on the survey
/// of the first one: `KIND_MISMATCH` / `SCALE_MISMATCH` at `{path}.kind` /
/// `{path}.scale`.
pub fn same_survey(first: (Kind, u8), response: (Kind, u8), path: &dyn Part) -> Result<(), Error> {
    let ((kind, scale), (got_kind, got_scale)) = (first, response);
    if got_kind != kind {
        return Err(Error::new(
            ErrorCode::KindMismatch,
            msg!(path, ".kind"),
            msg!(
                "all responses must be ",
                kind.as_str(),
                ", got ",
                got_kind.as_str()
            ),
        ));
    }
    if got_scale != scale {
        return Err(Error::new(
            ErrorCode::ScaleMismatch,
            msg!(path, ".scale"),
            msg!(
                "all responses must be on the scale up to ",
                scale,
                ", got ",
                got_scale
            ),
        ));
    }
    Ok(())
}

/// The error for a trend of no responses.
pub fn no_responses() -> Error {
    Error::new(
        ErrorCode::EmptyInput,
        "responses",
        "a trend needs at least one response, got none",
    )
}

/// Parallel columns of byte scores, timestamps and segment codes.
#[derive(Debug, Clone, Copy)]
pub struct Columns<'a> {
    /// One score per response.
    pub scores: &'a [u8],
    /// One timestamp per response (needed when bucketing by period).
    pub timestamps: Option<&'a [f64]>,
    /// One segment code per response.
    pub segments: Option<&'a [u32]>,
}

/// Builds a trend from columns, grouped by segment code (`None` when no
/// codes are given) and period. Checks lengths, then every score and
/// timestamp, naming the first bad one (`scores[i]`, `timestamps[i]`).
pub fn from_columns(
    kind: Kind,
    scale: Scale,
    columns: Columns,
    calendar: Option<Calendar>,
) -> Result<Trend<Option<u32>>, Error> {
    let n = columns.scores.len();
    let length = |name: &str, got: usize| {
        Error::new(
            ErrorCode::LengthMismatch,
            name,
            msg!("must have one entry per score (", n, "), got ", got),
        )
    };
    if let Some(t) = columns.timestamps.filter(|t| t.len() != n) {
        return Err(length("timestamps", t.len()));
    }
    if let Some(s) = columns.segments.filter(|s| s.len() != n) {
        return Err(length("segments", s.len()));
    }
    let timestamps = match (calendar, columns.timestamps) {
        (Some(_), None) => return Err(length("timestamps", 0)),
        (_, t) => t,
    };
    // Index loops: at opt-level "z" iterator adapters stay function calls.
    let mut i = 0;
    while let Some(&score) = columns.scores.get(i) {
        if !scale.contains(score) {
            return Err(scale.out_of_range(score, element("scores", i)));
        }
        i += 1;
    }
    let mut i = 0;
    while let Some(&ms) = timestamps.and_then(|t| t.get(i)) {
        if !response::is_timestamp(ms) {
            response::timestamp(ms, || element("timestamps", i))?;
        }
        i += 1;
    }
    let mut trend = Trend::new(kind, scale, calendar);
    if let Some(groups) = dense::count(columns.scores, timestamps, columns.segments, calendar) {
        for group in groups {
            let bucket = calendar.zip(group.ordinal).map(|(c, o)| c.ordinal_start(o));
            trend.add_counts(group.segment, bucket, &group.counts);
        }
        return Ok(trend);
    }
    let scores = columns.scores.iter().copied();
    // One monomorphic loop per combination keeps the hot loop free of branches on `Option`s.
    match (timestamps, columns.segments) {
        (Some(t), Some(s)) => fill(
            &mut trend,
            scores,
            t.iter().copied(),
            s.iter().map(|&c| Some(c)),
        ),
        (Some(t), None) => fill(
            &mut trend,
            scores,
            t.iter().copied(),
            std::iter::repeat(None),
        ),
        (None, Some(s)) => fill(
            &mut trend,
            scores,
            std::iter::repeat(0.0),
            s.iter().map(|&c| Some(c)),
        ),
        (None, None) => fill(
            &mut trend,
            scores,
            std::iter::repeat(0.0),
            std::iter::repeat(None),
        ),
    }
    Ok(trend)
}

fn fill(
    trend: &mut Trend<Option<u32>>,
    scores: impl Iterator<Item = u8>,
    timestamps: impl Iterator<Item = f64>,
    segments: impl Iterator<Item = Option<u32>>,
) {
    for ((score, timestamp), segment) in scores.zip(timestamps).zip(segments) {
        trend.record(segment, timestamp, score);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 200 000 groups, each new one before all the others (reverse
    /// order): inserting each in sorted order moved every group each time
    /// (minutes); runs sorted once take well under a second. The rows are
    /// by group, and a group met in many runs counts all of them.
    #[test]
    fn many_groups_in_any_order_are_sorted_once() {
        let scale = Kind::Nps.scale(None, "scale").unwrap();
        let mut trend = Trend::new(Kind::Nps, scale, None);
        let n: u32 = 200_000;
        for key in (0..n).rev() {
            trend.record(key, 0.0, 10);
            trend.record(key % 7, 0.0, 0); // seven groups met again and again
        }
        let rows = trend.rows(ConfidenceLevel::DEFAULT).unwrap();
        assert_eq!(rows.len(), n as usize);
        assert!(rows.windows(2).all(|w| w[0].segment < w[1].segment));
        let answers = |row: &TrendRow<u32>| match &row.result {
            Summary::Nps(nps) => nps.n,
            _ => unreachable!(),
        };
        // Key 3 once as itself, and as `key % 7` for every key of remainder 3.
        assert_eq!(
            answers(&rows[3]),
            1 + (0..n).filter(|k| k % 7 == 3).count() as u64
        );
        assert_eq!(answers(&rows[100]), 1);
    }

    #[test]
    fn padded_numbers_are_their_sign_then_digits_as_format_pads_them() {
        for n in [-275_760, -10_000, -999, -5, 0, 7, 42, 2026, 12_345, 275_760] {
            for width in 1..=5 {
                let mut got = String::new();
                push_padded(&mut got, n, width);
                let sign = if n < 0 { "-" } else { "" };
                let digits = n.unsigned_abs();
                assert_eq!(
                    got,
                    format!("{sign}{digits:0width$}"),
                    "{n} at width {width}"
                );
            }
        }
    }

    fn ms(y: i64, m: i64, d: i64, minutes: i64) -> f64 {
        (days_from_civil(y, m, d) * 86_400_000 + minutes * 60_000) as f64
    }

    #[test]
    fn civil_round_trip_and_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for day in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    /// ISO weeks checked against Python 3.11 `date.isocalendar()`.
    #[test]
    fn iso_weeks() {
        let week = Calendar::new(Period::Week, 0);
        for ((y, m, d), label) in [
            ((2020, 12, 31), "2020-W53"),
            ((2021, 1, 3), "2020-W53"),
            ((2021, 1, 4), "2021-W01"),
            ((2024, 12, 30), "2025-W01"),
            ((2026, 11, 23), "2026-W48"),
            ((1970, 1, 1), "1970-W01"),
        ] {
            assert_eq!(
                week.label(week.bucket(ms(y, m, d, 720))),
                label,
                "{y}-{m}-{d}"
            );
        }
    }

    #[test]
    fn offsets_move_responses_across_boundaries() {
        let ts = ms(2026, 3, 31, 23 * 60 + 30); // 23:30 UTC on 31 March
        let utc = Calendar::new(Period::Quarter, 0);
        let east = Calendar::new(Period::Quarter, 60);
        assert_eq!(utc.label(utc.bucket(ts)), "2026-Q1");
        assert_eq!(east.label(east.bucket(ts)), "2026-Q2");
        // Local midnight of 1 April at UTC+01:00 is 23:00 UTC on 31 March.
        assert_eq!(east.instant(east.bucket(ts)), ms(2026, 3, 31, 23 * 60));
        let day = Calendar::new(Period::Day, -300);
        assert_eq!(day.label(day.bucket(ms(2026, 1, 1, 60))), "2025-12-31");
        assert_eq!(
            utc.next(days_from_civil(2026, 10, 1)),
            days_from_civil(2027, 1, 1)
        );
    }

    #[test]
    fn years_keep_four_digits_after_their_sign() {
        let month = Calendar::new(Period::Month, 0);
        for (year, label) in [
            (1, "0001-06"),
            (-1, "-0001-06"),
            (-10, "-0010-06"),
            (-1000, "-1000-06"),
            (10000, "10000-06"),
        ] {
            assert_eq!(month.label(days_from_civil(year, 6, 15)), label);
        }
        let day = Calendar::new(Period::Day, 0);
        assert_eq!(day.label(days_from_civil(-1, 6, 15)), "-0001-06-15");
    }

    #[test]
    fn options_are_checked() {
        assert_eq!(utc_offset(-300.0, "o"), Ok(-300));
        for bad in [841.0, -841.0, 30.5, f64::NAN] {
            assert_eq!(
                utc_offset(bad, "options.utcOffsetMinutes")
                    .unwrap_err()
                    .code(),
                ErrorCode::InvalidOffset
            );
        }
        assert_eq!(Period::parse("month", "p"), Ok(Period::Month));
        assert_eq!(
            Period::parse("year", "p").unwrap_err().code(),
            ErrorCode::InvalidChoice
        );
    }

    #[test]
    fn columns_are_checked_before_anything_is_counted() {
        let scale = Kind::Csat.scale(None, "s").unwrap();
        let month = Some(Calendar::new(Period::Month, 0));
        let cols = |scores, timestamps, segments| Columns {
            scores,
            timestamps,
            segments,
        };
        let cases = [
            (
                cols(&[5, 4], Some(&[0.0][..]), None),
                month,
                ErrorCode::LengthMismatch,
                "timestamps",
            ),
            (
                cols(&[5, 4], None, Some(&[1, 2, 3][..])),
                None,
                ErrorCode::LengthMismatch,
                "segments",
            ),
            (
                cols(&[5, 4], None, None),
                month,
                ErrorCode::LengthMismatch,
                "timestamps",
            ),
            (
                cols(&[5, 6], None, None),
                None,
                ErrorCode::ScoreOutOfRange,
                "scores[1]",
            ),
            (
                cols(&[5, 4], Some(&[0.0, f64::NAN][..]), None),
                month,
                ErrorCode::InvalidTime,
                "timestamps[1]",
            ),
            (
                cols(&[5, 4], Some(&[-9e15, 0.0][..]), None),
                None,
                ErrorCode::InvalidTime,
                "timestamps[0]",
            ),
        ];
        for (columns, calendar, code, field) in cases {
            let err = from_columns(Kind::Csat, scale, columns, calendar).unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (code, field),
                "{}",
                err.message()
            );
        }
    }

    /// Each group's change is `compare` against its segment's period just
    /// before: none for a segment's first period, after a period without
    /// responses, or where the comparison is not defined.
    #[test]
    fn each_group_changes_from_its_segments_period_before() {
        let scale = Kind::Ces.scale(None, "s").unwrap();
        let mut trend = Trend::new(Kind::Ces, scale, Some(Calendar::new(Period::Month, 0)));
        let answers = [
            ("pro", ms(2026, 1, 5, 0), [5, 6, 7]),
            ("pro", ms(2026, 2, 5, 0), [2, 3, 3]),
            ("pro", ms(2026, 4, 5, 0), [7, 7, 6]), // March has none
            ("free", ms(2026, 2, 9, 0), [4, 4, 5]),
        ];
        for (segment, at, scores) in answers {
            for score in scores {
                trend.record(segment, at, score);
            }
        }
        trend.record("solo", ms(2026, 1, 1, 0), 4);
        trend.record("solo", ms(2026, 2, 1, 0), 5); // one answer a side: no Welch test
        let rows = trend.rows(ConfidenceLevel::DEFAULT).unwrap();
        let of = |segment: &str, month: &str| {
            let row = rows
                .iter()
                .find(|r| r.segment == segment && r.period.as_deref() == Some(month));
            row.unwrap().change
        };
        let aggregate = |scores: &[u8]| Aggregate::from_scores(Kind::Ces, scale, scores).unwrap();
        let expected = compare(
            &aggregate(&[2, 3, 3]),
            &aggregate(&[5, 6, 7]),
            ConfidenceLevel::DEFAULT,
        )
        .unwrap();
        assert_eq!(of("pro", "2026-02"), Some(expected));
        assert!((expected.difference - (8.0 / 3.0 - 6.0)).abs() < 1e-12);
        for (segment, month) in [
            ("pro", "2026-01"),
            ("pro", "2026-04"),
            ("free", "2026-02"),
            ("solo", "2026-02"),
        ] {
            assert_eq!(of(segment, month), None, "{segment} {month}");
        }
        // Without periods there is nothing before.
        let mut flat = Trend::new(Kind::Ces, scale, None);
        (0..3).for_each(|_| flat.record("pro", 0.0, 5));
        assert_eq!(flat.rows(ConfidenceLevel::DEFAULT).unwrap()[0].change, None);
    }

    #[test]
    fn groups_by_segment_and_month() {
        let scale = Kind::Csat.scale(None, "s").unwrap();
        let timestamps = [
            ms(2026, 1, 5, 0),
            ms(2026, 1, 20, 0),
            ms(2026, 2, 1, 0),
            ms(2026, 1, 9, 0),
        ];
        let columns = Columns {
            scores: &[5, 1, 4, 2],
            timestamps: Some(&timestamps),
            segments: Some(&[7, 7, 7, 3]),
        };
        let trend = from_columns(
            Kind::Csat,
            scale,
            columns,
            Some(Calendar::new(Period::Month, 0)),
        )
        .unwrap();
        let rows = trend.rows(ConfidenceLevel::DEFAULT).unwrap();
        let summary: Vec<_> = rows
            .iter()
            .map(|r| match &r.result {
                Summary::Csat(c) => (r.segment, r.period.clone().unwrap(), c.n, c.satisfied),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                (Some(3), "2026-01".into(), 1, 0),
                (Some(7), "2026-01".into(), 2, 1),
                (Some(7), "2026-02".into(), 1, 1)
            ]
        );
        assert_eq!(
            (rows[0].start, rows[0].end),
            (Some(ms(2026, 1, 1, 0)), Some(ms(2026, 2, 1, 0)))
        );
    }

    proptest! {
        /// The dense table and row-by-row grouping (also the fallback for
        /// large codes) give the same groups.
        #[test]
        fn dense_counting_equals_row_by_row(
            rows in prop::collection::vec((1u8..=7, prop_oneof![0u32..4, 65_530u32..65_540, Just(u32::MAX)], (-4e11f64..4e11).prop_map(f64::trunc)), 0..120),
            p in 0usize..5,
            offset in -840i32..=840,
        ) {
            let scale = Kind::Ces.scale(None, "s").unwrap();
            let calendar = [Period::Day, Period::Week, Period::Month, Period::Quarter].get(p).map(|&period| Calendar::new(period, offset));
            let scores: Vec<u8> = rows.iter().map(|r| r.0).collect();
            let segments: Vec<u32> = rows.iter().map(|r| r.1).collect();
            let timestamps: Vec<f64> = rows.iter().map(|r| r.2).collect();
            let columns = Columns { scores: &scores, timestamps: Some(&timestamps), segments: Some(&segments) };
            let fast = from_columns(Kind::Ces, scale, columns, calendar).unwrap().rows(ConfidenceLevel::DEFAULT).unwrap();
            let mut slow = Trend::new(Kind::Ces, scale, calendar);
            for &(score, segment, ts) in &rows {
                slow.record(Some(segment), ts, score);
            }
            prop_assert_eq!(fast, slow.rows(ConfidenceLevel::DEFAULT).unwrap());
        }

        #[test]
        fn every_timestamp_falls_in_its_bucket(ts in -8.64e15f64..8.64e15, offset in -840i32..=840, p in 0usize..4) {
            let period = [Period::Day, Period::Week, Period::Month, Period::Quarter][p];
            let c = Calendar::new(period, offset);
            let start = c.bucket(ts);
            prop_assert!(c.instant(start) <= ts && ts < c.instant(c.next(start)));
            prop_assert_eq!(c.bucket(c.instant(start)), start);
        }

        #[test]
        fn groups_do_not_depend_on_order(mut rows in prop::collection::vec((1u8..=5, 0u32..3, (1.6e12f64..1.8e12).prop_map(f64::trunc)), 1..150), k in any::<usize>()) {
            let scale = Kind::Csat.scale(None, "s").unwrap();
            let build = |rows: &[(u8, u32, f64)]| {
                let (s, g, t): (Vec<u8>, Vec<u32>, Vec<f64>) = rows.iter().fold((vec![], vec![], vec![]), |mut acc, &(s, g, t)| { acc.0.push(s); acc.1.push(g); acc.2.push(t); acc });
                let columns = Columns { scores: &s, timestamps: Some(&t), segments: Some(&g) };
                from_columns(Kind::Csat, scale, columns, Some(Calendar::new(Period::Week, 120))).unwrap().rows(ConfidenceLevel::DEFAULT).unwrap()
            };
            let before = build(&rows);
            let k = k % rows.len();
            rows.rotate_left(k);
            prop_assert_eq!(before.clone(), build(&rows));
            prop_assert_eq!(before.iter().map(|r| match &r.result { Summary::Csat(c) => c.n, _ => 0 }).sum::<u64>(), rows.len() as u64);
        }
    }
}
