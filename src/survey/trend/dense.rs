//! The fast path of [`super::from_columns`]: one histogram per (segment,
//! period) in a flat table indexed by dense numbers, so the loop over rows
//! does no searching. Used when the segment codes and periods are few
//! enough for the table; otherwise the caller falls back to grouping row
//! by row.

use super::Calendar;

/// One non-empty group.
pub(super) struct Group {
    pub(super) segment: Option<u32>,
    /// The period's ordinal (see `Calendar::ordinal`), `None` without a calendar.
    pub(super) ordinal: Option<i64>,
    pub(super) counts: [u64; 11],
}

/// Largest segment code the direct lookup table takes.
const MAX_CODE: u32 = 1 << 16;

/// Counts validated rows; `None` when the table would be too large.
pub(super) fn count(
    scores: &[u8],
    timestamps: Option<&[f64]>,
    segments: Option<&[u32]>,
    calendar: Option<Calendar>,
) -> Option<Vec<Group>> {
    let n = scores.len();
    let (segment_of, codes) = match segments {
        Some(codes) => dense_codes(codes)?,
        None => (Vec::new(), vec![None]),
    };
    let (ordinals, min, max) = match (calendar, timestamps) {
        (Some(c), Some(t)) => ordinals(c, t),
        _ => (Vec::new(), 0, 0),
    };
    let span = usize::try_from(max - min).ok()?.checked_add(1)?;
    let groups = codes.len().checked_mul(span)?;
    if groups.checked_mul(11)? > (16 * n).max(1 << 16) {
        return None;
    }
    let mut table = vec![0u64; groups * 11];
    let mut i = 0;
    while i < n {
        let segment = segments.map_or(0, |_| segment_of.get(i).copied().unwrap_or(0) as usize);
        let period = ordinals.get(i).map_or(0, |&o| (o - min) as usize);
        let score = scores.get(i).copied().unwrap_or(0) as usize;
        if let Some(count) = table.get_mut((segment * span + period) * 11 + score) {
            *count += 1;
        }
        i += 1;
    }
    let mut result = Vec::new();
    for (g, counts) in table.chunks_exact(11).enumerate() {
        if counts.iter().all(|&c| c == 0) {
            continue;
        }
        let mut histogram = [0u64; 11];
        histogram.copy_from_slice(counts);
        let segment = codes.get(g / span).copied().flatten();
        let ordinal = calendar.map(|_| min + (g % span) as i64);
        result.push(Group {
            segment,
            ordinal,
            counts: histogram,
        });
    }
    Some(result)
}

/// Each row's dense segment number, and the code of each number; `None`
/// when a code is above [`MAX_CODE`] or there are more distinct codes than rows need.
fn dense_codes(codes: &[u32]) -> Option<(Vec<u32>, Vec<Option<u32>>)> {
    let max = codes.iter().copied().max().unwrap_or(0);
    if max >= MAX_CODE {
        return None;
    }
    let mut number_of = vec![u32::MAX; max as usize + 1];
    let mut code_of = Vec::new();
    // Written by index: at opt-level "z" `Vec::push` stays a function call.
    let mut numbers = vec![0; codes.len()];
    let mut i = 0;
    while let (Some(&code), Some(number)) = (codes.get(i), numbers.get_mut(i)) {
        let slot = number_of.get_mut(code as usize)?;
        if *slot == u32::MAX {
            *slot = code_of.len() as u32;
            code_of.push(Some(code));
        }
        *number = *slot;
        i += 1;
    }
    Some((numbers, code_of))
}

/// Each row's period ordinal, and the smallest and largest. The date
/// arithmetic runs once per day of the range in a lookup table when the
/// range is short, else once per run of rows on the same day.
fn ordinals(calendar: Calendar, timestamps: &[f64]) -> (Vec<i64>, i64, i64) {
    let mut days = vec![0; timestamps.len()];
    let (mut first, mut last) = (i64::MAX, i64::MIN);
    // Index loops: at opt-level "z" iterator adapters stay function calls.
    let mut i = 0;
    while let (Some(&ts), Some(slot)) = (timestamps.get(i), days.get_mut(i)) {
        let day = calendar.local_day(ts);
        (first, last) = (first.min(day), last.max(day));
        *slot = day;
        i += 1;
    }
    if days.is_empty() {
        return (days, 0, 0);
    }
    let span = last
        .checked_sub(first)
        .and_then(|s| usize::try_from(s).ok());
    if let Some(span) = span.filter(|&s| s < (4 * days.len()).max(1 << 12)) {
        let mut table = Vec::with_capacity(span + 1);
        let mut day = first;
        while day <= last {
            table.push(calendar.ordinal(day));
            day += 1;
        }
        let (min, max) = (calendar.ordinal(first), calendar.ordinal(last));
        for day in days.iter_mut() {
            *day = table.get((*day - first) as usize).copied().unwrap_or(min);
        }
        return (days, min, max);
    }
    let (mut last_day, mut last_ordinal) = (i64::MIN, 0);
    let (mut min, mut max) = (i64::MAX, i64::MIN);
    for day in days.iter_mut() {
        if *day != last_day {
            (last_day, last_ordinal) = (*day, calendar.ordinal(*day));
            min = min.min(last_ordinal);
            max = max.max(last_ordinal);
        }
        *day = last_ordinal;
    }
    (days, min, max)
}
