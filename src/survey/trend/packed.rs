//! Response objects as the JS wrapper packs them for `surveyTrend`: numbers
//! in one column, the strings the computation reads (kinds and the values
//! of the grouping attributes) as indices into one table of distinct
//! strings, and every other string (ids, roles, comments, segment names and
//! values) only as its length. [`rows`] checks them with the rules of
//! [`Response::from_raw`] and groups them as the object path does, with the
//! same results and the same errors.
//!
//! A length decides most texts: a JS string of `u` UTF-16 code units has at
//! most `u` characters (a surrogate pair is one character, a lone surrogate
//! one replacement character) and none only when `u` is 0. So 1 to 200
//! units is a valid id, role or segment text, and at most 2000 units a
//! valid comment. A response that these lengths do not prove valid (a bad
//! value, or a text longer in units than the limit, which may still be
//! short enough in characters) is read again as an object and checked by
//! [`Response::from_raw`] itself: its error is the object path's error.

use super::{from_columns, no_responses, same_survey, Calendar, Columns, TrendRow};
use crate::error::{element, msg, Error, ErrorCode, Part};
use crate::stats::ConfidenceLevel;
use crate::survey::response::{self, RawResponse, Response, MAX_COMMENT_CHARS, MAX_TEXT_CHARS};
use crate::survey::Kind;

/// A missing optional field (in `refs`), or a response without the grouping attribute (in `keys`).
pub const ABSENT: u32 = u32::MAX;
/// Numbers per response: score, timestamp, scale (NaN: absent).
pub const NUMBERS: usize = 3;
/// Entries per response in `refs` before its grouping values: the kind's
/// string index, then the UTF-16 lengths of userId, accountId, role and comment.
pub const REFS: usize = 5;
/// Entries per segment attribute: response index, UTF-16 lengths of its name and value.
pub const SEGMENT: usize = 3;

/// A group of the trend: the values of the grouping attributes (absent:
/// `None`), period and result.
pub type Row = TrendRow<Vec<Option<String>>>;

/// Packed responses.
#[derive(Debug, Clone, Copy)]
pub struct Packed<'a> {
    /// Distinct strings: the kinds and the grouping attributes' values.
    pub strings: &'a [&'a str],
    /// [`NUMBERS`] per response.
    pub numbers: &'a [f64],
    /// Per response, [`REFS`] entries ([`ABSENT`] for a missing accountId,
    /// role or comment), then the string index of each grouping attribute's
    /// value (`group_by.len()` entries; [`ABSENT`]: the response has none).
    pub refs: &'a [u32],
    /// [`SEGMENT`] per segment attribute, in response order.
    pub segments: &'a [u32],
}

/// Splits the strings joined with `'\0'` (JS `join('\0')`), given their
/// lengths in UTF-16 code units (JS `length`).
///
/// ```
/// use clg_metrics::survey::trend::packed::split;
/// assert_eq!(split("nps\0é\0", &[3, 1, 0]).unwrap(), ["nps", "é", ""]);
/// ```
pub fn split<'a>(joined: &'a str, lengths: &[u32]) -> Result<Vec<&'a str>, Error> {
    let mismatch = || malformed("strings", "lengths do not match the text");
    let ascii = joined.is_ascii();
    let mut strings = Vec::with_capacity(lengths.len());
    let mut start = 0;
    for (i, &length) in lengths.iter().enumerate() {
        let rest = joined.get(start..).unwrap_or_default();
        // ASCII has one byte per UTF-16 unit; otherwise count them.
        let (mut units, mut bytes) = (0, 0);
        if ascii {
            (units, bytes) = (length as usize, length as usize);
        } else {
            for c in rest.chars() {
                if units >= length as usize {
                    break;
                }
                (units, bytes) = (units + c.len_utf16(), bytes + c.len_utf8());
            }
        }
        let end = start + bytes;
        let separated = if i + 1 == lengths.len() {
            end == joined.len()
        } else {
            joined.as_bytes().get(end) == Some(&0)
        };
        match rest.get(..bytes) {
            Some(text) if units == length as usize && separated => strings.push(text),
            _ => return Err(mismatch()),
        }
        start = end + 1;
    }
    if lengths.is_empty() && !joined.is_empty() {
        return Err(mismatch());
    }
    Ok(strings)
}

/// The error for packing that breaks the layout above (a wrapper bug).
pub fn malformed(field: &str, rule: &str) -> Error {
    Error::new(ErrorCode::InvalidValue, msg!("packed.", field), rule)
}

/// Checks the packing itself (the wrapper's job, not the caller's): whole
/// rows, string indices in range, segments in response order. Returns the
/// number of responses.
fn check_packing(packed: &Packed, width: usize) -> Result<usize, Error> {
    let stride = REFS + width;
    let n = packed.refs.len() / stride;
    if packed.refs.len() % stride != 0
        || packed.numbers.len() != n * NUMBERS
        || packed.segments.len() % SEGMENT != 0
    {
        return Err(malformed("columns", "lengths do not match"));
    }
    let strings = packed.strings.len() as u32;
    // Index loops: at opt-level "z" iterator adapters stay function calls.
    let mut i = 0;
    while let Some(refs) = packed.refs.get(i * stride..(i + 1) * stride) {
        // The kind (required) and the grouping values (optional) are string indices.
        let (kind, values) = refs.split_at(REFS.min(refs.len()));
        if kind.first().is_some_and(|&k| k >= strings) {
            return Err(malformed(
                &element("refs", i * stride),
                "a string index out of range",
            ));
        }
        let mut j = 0;
        while let Some(&value) = values.get(j) {
            if value >= strings && value != ABSENT {
                return Err(malformed(
                    &element("refs", i * stride + REFS + j),
                    "a string index out of range",
                ));
            }
            j += 1;
        }
        i += 1;
    }
    let (mut i, mut last) = (0, 0);
    while let Some(&row) = packed.segments.get(i * SEGMENT) {
        if row < last || row as usize >= n {
            return Err(malformed(
                &element("segments", i),
                "an entry out of range or order",
            ));
        }
        (i, last) = (i + 1, row);
    }
    Ok(n)
}

/// Whether a text of `units` UTF-16 code units is proved to pass
/// [`response::text`] (ids, roles, segment names and values).
#[inline]
fn text_fits(units: u32) -> bool {
    units >= 1 && units as usize <= MAX_TEXT_CHARS
}

/// The same for an optional text ([`ABSENT`]: missing, which passes).
#[inline]
fn optional_text_fits(units: u32) -> bool {
    units == ABSENT || text_fits(units)
}

/// The same for an optional comment ([`response::comment`]; may be empty).
#[inline]
fn comment_fits(units: u32) -> bool {
    units == ABSENT || units as usize <= MAX_COMMENT_CHARS
}

/// The trend of packed responses grouped by `group_by` attributes (segment
/// names, `"respondent.role"`, `"respondent.accountId"`; the wrapper looks
/// up their values into `keys`) and `calendar`: kind, highest score and one
/// row per group, sorted by segment then period. A response that the
/// packed values do not prove valid is read again by `object(i)` (the
/// object path's reader) and checked by [`Response::from_raw`]. Errors are
/// those of the object path: the first response with a bad value
/// (`responses[i].field`) or on another kind or scale than the first;
/// `EMPTY_INPUT` for none.
pub fn rows(
    packed: &Packed,
    group_by: &[String],
    calendar: Option<Calendar>,
    level: ConfidenceLevel,
    mut object: impl FnMut(usize) -> Result<RawResponse, Error>,
) -> Result<(Kind, u8, Vec<Row>), Error> {
    let width = group_by.len();
    let n = check_packing(packed, width)?;
    let strings = packed.strings;
    let mut survey: Option<(Kind, u8)> = None;
    // The kind (string index) and packed scale of the first response proved
    // valid from its packed values, and its scale's bounds: most responses
    // repeat them, and then their score needs only these bounds.
    let mut common: Option<(u32, f64, f64, f64)> = None;
    // Written by index: at opt-level "z" `Vec::push` stays a function call.
    let mut scores = vec![0u8; n];
    let mut timestamps = vec![0.0; n];
    let stride = REFS + width;
    let (mut i, mut next_segment) = (0, 0);
    while let (
        Some(&[score, timestamp, scale]),
        Some(&[kind_ref, user_id, account_id, role, comment]),
    ) = (
        packed.numbers.get(i * NUMBERS..(i + 1) * NUMBERS),
        packed.refs.get(i * stride..i * stride + REFS),
    ) {
        // This response's segment attributes: their texts must fit too.
        let mut proved = response::is_timestamp(timestamp)
            && text_fits(user_id)
            && optional_text_fits(account_id)
            && optional_text_fits(role)
            && comment_fits(comment);
        while let Some(&[row, name, value]) = packed
            .segments
            .get(next_segment * SEGMENT..(next_segment + 1) * SEGMENT)
        {
            if row as usize != i {
                break;
            }
            proved &= text_fits(name) & text_fits(value);
            next_segment += 1;
        }
        let (score, timestamp) = match common {
            Some((kind, common_scale, min, max))
                if proved
                    && kind_ref == kind
                    && (scale == common_scale || (scale.is_nan() && common_scale.is_nan()))
                    && score >= min
                    && score <= max
                    && score.trunc() == score =>
            {
                (score as u8, timestamp)
            }
            _ => {
                // The rules of `Response::from_raw`; a response they reject
                // (or that the lengths do not decide) is read again, and
                // `from_raw` itself names its first bad field.
                let kind = strings
                    .get(kind_ref as usize)
                    .and_then(|s| Kind::parse(s, "").ok());
                let given = Some(scale).filter(|s| !s.is_nan());
                let bounds = kind.and_then(|k| k.scale(given, "").ok());
                let valid = bounds.and_then(|b| b.score_from_f64(score, String::new).ok());
                let this = match (kind, bounds, valid) {
                    (Some(kind), Some(bounds), Some(valid)) if proved => {
                        if common.is_none() {
                            let (min, max) = (f64::from(bounds.min), f64::from(bounds.max));
                            common = Some((kind_ref, scale, min, max));
                        }
                        (kind, bounds.max, valid, timestamp)
                    }
                    _ => {
                        let response = Response::from_raw(object(i)?, &Element(i))?;
                        let (kind, scale) = (response.kind, response.scale);
                        (kind, scale, response.score, response.timestamp)
                    }
                };
                match survey {
                    Some(first) if first != (this.0, this.1) => {
                        same_survey(first, (this.0, this.1), &Element(i))?
                    }
                    Some(_) => {}
                    None => survey = Some((this.0, this.1)),
                }
                (this.2, this.3)
            }
        };
        if let (Some(slot), Some(time)) = (scores.get_mut(i), timestamps.get_mut(i)) {
            (*slot, *time) = (score, timestamp);
        }
        i += 1;
    }
    let (kind, scale) = survey.ok_or_else(no_responses)?;
    let keys = Keys {
        refs: packed.refs,
        width,
    };
    let codes = segment_codes(strings, keys, n);
    let columns = Columns {
        scores: &scores,
        timestamps: Some(&timestamps),
        segments: Some(&codes),
    };
    let rows = from_columns(kind, kind.scale_of(scale), columns, calendar)?.rows(level)?;
    // Each code's attribute values, from the first response that has it.
    let mut holders: Vec<(u32, usize)> = rows
        .iter()
        .filter_map(|row| row.segment)
        .map(|c| (c, usize::MAX))
        .collect();
    holders.dedup();
    let mut missing = holders.len();
    let mut i = 0;
    while let Some(&code) = codes.get(i).filter(|_| missing > 0) {
        if let Ok(slot) = holders.binary_search_by_key(&code, |h| h.0) {
            if let Some(holder) = holders.get_mut(slot).filter(|h| h.1 == usize::MAX) {
                holder.1 = i;
                missing -= 1;
            }
        }
        i += 1;
    }
    let values = |code: Option<u32>| -> Vec<Option<String>> {
        let holder = code
            .and_then(|c| holders.binary_search_by_key(&c, |h| h.0).ok())
            .and_then(|slot| holders.get(slot));
        let key = holder.map_or(&[][..], |h| keys.row(h.1));
        key.iter()
            .map(|&k| string(strings, k).map(String::from))
            .collect()
    };
    let rows = rows.into_iter().map(|row| TrendRow {
        segment: values(row.segment),
        period: row.period,
        start: row.start,
        end: row.end,
        result: row.result,
        change: row.change,
    });
    Ok((kind, scale, rows.collect()))
}

/// String `index`, `None` when absent.
fn string<'a>(strings: &[&'a str], index: u32) -> Option<&'a str> {
    strings.get(index as usize).copied()
}

/// The grouping values in `refs`: `width` string indices per response,
/// after its [`REFS`] entries.
#[derive(Clone, Copy)]
struct Keys<'a> {
    refs: &'a [u32],
    width: usize,
}

impl<'a> Keys<'a> {
    /// Response `i`'s grouping values (empty past the last).
    fn row(&self, i: usize) -> &'a [u32] {
        let start = i * (REFS + self.width) + REFS;
        self.refs.get(start..start + self.width).unwrap_or_default()
    }
}

/// A segment code per response, numbering the tuples of grouping values so
/// that codes sort as the object path sorts its groups: by string, absent
/// first, attribute by attribute.
fn segment_codes(strings: &[&str], keys: Keys, n: usize) -> Vec<u32> {
    let (width, stride) = (keys.width, REFS + keys.width);
    // Per attribute, each string's rank in string order among the values
    // used (0: absent), at `j * strings.len() + string`.
    const USED: u32 = u32::MAX;
    let mut rank_of = vec![0; width * strings.len()];
    let mut radix = vec![1u64; width];
    let mut j = 0;
    while let (Some(ranks), Some(base)) = (
        rank_of.get_mut(j * strings.len()..(j + 1) * strings.len()),
        radix.get_mut(j),
    ) {
        // The distinct values first (few), then sorted. Index loops: at
        // opt-level "z" iterator adapters stay function calls.
        let mut used = Vec::new();
        let mut at = REFS + j;
        while let Some(&k) = keys.refs.get(at) {
            if let Some(slot) = ranks.get_mut(k as usize).filter(|slot| **slot != USED) {
                *slot = USED;
                used.push(k);
            }
            at += stride;
        }
        used.sort_unstable_by_key(|&k| string(strings, k));
        let (mut rank, mut last) = (0, None);
        for k in used {
            // Equal strings share a rank (the wrapper deduplicates; do not rely on it).
            if string(strings, k) != last {
                (rank, last) = (rank + 1, string(strings, k));
            }
            if let Some(slot) = ranks.get_mut(k as usize) {
                *slot = rank;
            }
        }
        *base = u64::from(rank) + 1;
        j += 1;
    }
    let mut codes = vec![0; n];
    if radix
        .iter()
        .try_fold(1u64, |p, &r| p.checked_mul(r))
        .is_some_and(|p| p <= 1 << 32)
    {
        // Mixed radix, first attribute most significant.
        let mut j = 0;
        while let Some(&base) = radix.get(j) {
            let ranks = rank_of.get(j * strings.len()..(j + 1) * strings.len());
            let ranks = ranks.unwrap_or_default();
            let (mut i, mut at) = (0, REFS + j);
            while let Some(code) = codes.get_mut(i) {
                let k = keys.refs.get(at).copied().unwrap_or(ABSENT);
                // Absent (and out of range): 0.
                *code = *code * base as u32 + ranks.get(k as usize).copied().unwrap_or(0);
                (i, at) = (i + 1, at + stride);
            }
            j += 1;
        }
        return codes;
    }
    // Too many combinations for that: number the distinct tuples in order.
    // The rank of attribute `j`'s value at `refs[at]`.
    let rank = |j: usize, at: usize| {
        let k = keys.refs.get(at).copied().unwrap_or(ABSENT) as usize;
        let ranks = rank_of.get(j * strings.len()..(j + 1) * strings.len());
        ranks.and_then(|r| r.get(k)).copied().unwrap_or(0)
    };
    let ranks: Vec<u32> = (0..n * width)
        .map(|t| rank(t % width, (t / width) * stride + REFS + t % width))
        .collect();
    let tuple = |i: usize| ranks.get(i * width..(i + 1) * width).unwrap_or_default();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| tuple(a).cmp(tuple(b)));
    let mut code = 0;
    for (position, &i) in order.iter().enumerate() {
        if position > 0 && order.get(position - 1).map(|&p| tuple(p)) != Some(tuple(i)) {
            code += 1;
        }
        if let Some(slot) = codes.get_mut(i) {
            *slot = code;
        }
    }
    codes
}

/// `responses[i]`, formatted only for an error.
struct Element(usize);

impl Part for Element {
    fn push_to(&self, out: &mut String) {
        ("responses[", self.0, "]").push_to(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::response::{Attributes, MAX_COMMENT_CHARS};
    use crate::survey::trend::{Period, Trend};
    use proptest::prelude::*;

    /// The columns of [`Packed`], owned.
    struct Columns {
        strings: Vec<String>,
        numbers: Vec<f64>,
        refs: Vec<u32>,
        segments: Vec<u32>,
    }

    /// UTF-16 length (JS `length`) of an optional text.
    fn units(text: Option<&str>) -> u32 {
        text.map_or(ABSENT, |t| t.encode_utf16().count() as u32)
    }

    /// Packs raw responses as the JS wrapper does (src/js/pack.js): kinds and
    /// grouping values as indices of distinct strings, other texts as lengths.
    fn pack(raws: &[RawResponse], group_by: &[String]) -> Columns {
        let mut strings: Vec<String> = Vec::new();
        let mut index = |s: &str| match strings.iter().position(|t| t == s) {
            Some(i) => i as u32,
            None => {
                strings.push(s.into());
                strings.len() as u32 - 1
            }
        };
        let (mut numbers, mut refs, mut segments) = (Vec::new(), Vec::new(), Vec::new());
        for (i, raw) in raws.iter().enumerate() {
            numbers.extend([raw.score, raw.timestamp, raw.scale.unwrap_or(f64::NAN)]);
            refs.push(index(&raw.kind));
            for text in [
                Some(raw.user_id.as_str()),
                raw.account_id.as_deref(),
                raw.role.as_deref(),
                raw.comment.as_deref(),
            ] {
                refs.push(units(text));
            }
            for name in group_by {
                let value = match name.as_str() {
                    "respondent.role" => raw.role.as_deref(),
                    "respondent.accountId" => raw.account_id.as_deref(),
                    _ => raw
                        .segments
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.as_str()),
                };
                refs.push(value.map_or(ABSENT, &mut index));
            }
            for (name, value) in &raw.segments {
                segments.extend([i as u32, units(Some(name)), units(Some(value))]);
            }
        }
        Columns {
            strings,
            numbers,
            refs,
            segments,
        }
    }

    type Outcome = Result<(Kind, u8, Vec<Row>), Error>;
    type Segment = Vec<Option<String>>;
    /// Spoils a valid response; the error code and field it must give.
    type Spoil = (fn(&mut RawResponse), ErrorCode, &'static str);

    fn packed_route(
        raws: &[RawResponse],
        group_by: &[String],
        calendar: Option<Calendar>,
    ) -> Outcome {
        packed_route_reading(raws, group_by, calendar).0
    }

    /// The packed route and the responses it read again as objects.
    fn packed_route_reading(
        raws: &[RawResponse],
        group_by: &[String],
        calendar: Option<Calendar>,
    ) -> (Outcome, Vec<usize>) {
        let columns = pack(raws, group_by);
        let strings: Vec<&str> = columns.strings.iter().map(String::as_str).collect();
        let packed = Packed {
            strings: &strings,
            numbers: &columns.numbers,
            refs: &columns.refs,
            segments: &columns.segments,
        };
        let mut read = Vec::new();
        let outcome = rows(&packed, group_by, calendar, ConfidenceLevel::DEFAULT, |i| {
            read.push(i);
            Ok(raws[i].clone())
        });
        (outcome, read)
    }

    /// The object route of `surveyTrend` (src/wasm/survey_trend.rs), response by response.
    fn object_route(
        raws: &[RawResponse],
        group_by: &[String],
        calendar: Option<Calendar>,
    ) -> Outcome {
        let mut trend: Option<(Trend<Segment>, Kind, u8)> = None;
        for (i, raw) in raws.iter().enumerate() {
            let response = Response::from_raw(raw.clone(), &Element(i))?;
            let (trend, kind, scale) = trend.get_or_insert_with(|| {
                let scale = response.kind.scale_of(response.scale);
                (
                    Trend::new(response.kind, scale, calendar),
                    response.kind,
                    response.scale,
                )
            });
            same_survey(
                (*kind, *scale),
                (response.kind, response.scale),
                &Element(i),
            )?;
            let segment = group_by
                .iter()
                .map(|name| match name.as_str() {
                    "respondent.role" => response.respondent.role.clone(),
                    "respondent.accountId" => response.respondent.account_id.clone(),
                    _ => Attributes::get(&response.segments, name).cloned(),
                })
                .collect();
            trend.record(segment, response.timestamp, response.score);
        }
        let (trend, kind, scale) = trend.ok_or_else(no_responses)?;
        Ok((kind, scale, trend.rows(ConfidenceLevel::DEFAULT)?))
    }

    fn valid(i: usize) -> RawResponse {
        RawResponse {
            kind: "nps".into(),
            scale: None,
            score: (i % 11) as f64,
            timestamp: 1.767e12 + i as f64 * 8.64e7,
            user_id: format!("u{}", i % 3),
            account_id: (i % 2 == 0).then(|| "acme".into()),
            role: Some("SDR".into()),
            segments: vec![("plan".into(), ["pro", "free", "Pro"][i % 3].into())],
            comment: None,
        }
    }

    #[test]
    fn bad_values_give_the_object_route_error() {
        let bad: Vec<Spoil> = vec![
            (
                |r| r.score = 11.0,
                ErrorCode::ScoreOutOfRange,
                "responses[4].score",
            ),
            (
                |r| r.score = 7.5,
                ErrorCode::ScoreNotInteger,
                "responses[4].score",
            ),
            (
                |r| r.user_id.clear(),
                ErrorCode::EmptyText,
                "responses[4].respondent.userId",
            ),
            (
                |r| r.comment = Some("x".repeat(MAX_COMMENT_CHARS + 1)),
                ErrorCode::TextTooLong,
                "responses[4].comment",
            ),
            (
                |r| r.kind = "csat".into(),
                ErrorCode::KindMismatch,
                "responses[4].kind",
            ),
            (
                |r| r.kind = "effort".into(),
                ErrorCode::InvalidChoice,
                "responses[4].kind",
            ),
            (
                |r| r.scale = Some(7.0),
                ErrorCode::InvalidScale,
                "responses[4].scale",
            ),
            (
                |r| r.timestamp = f64::INFINITY,
                ErrorCode::InvalidTime,
                "responses[4].timestamp",
            ),
            (
                |r| r.segments[0].1.clear(),
                ErrorCode::EmptyText,
                "responses[4].segments.plan",
            ),
            (
                |r| r.role = Some("r".repeat(201)),
                ErrorCode::TextTooLong,
                "responses[4].respondent.role",
            ),
        ];
        for (spoil, code, field) in bad {
            let mut raws: Vec<RawResponse> = (0..9).map(valid).collect();
            spoil(&mut raws[4]);
            // A later response using the same bad string must not be named instead.
            raws[7] = raws[4].clone();
            let (packed, object) = (
                packed_route(&raws, &[], None),
                object_route(&raws, &[], None),
            );
            let err = packed.clone().unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (code, field),
                "{}",
                err.message()
            );
            assert_eq!(packed, object);
        }
        let ces = |scale| RawResponse {
            kind: "ces".into(),
            score: 3.0,
            scale,
            ..valid(0)
        };
        let err = packed_route(&[ces(None), ces(Some(5.0))], &[], None).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::ScaleMismatch, "responses[1].scale")
        );
        assert_eq!(
            packed_route(&[], &[], None).unwrap_err().code(),
            ErrorCode::EmptyInput
        );
    }

    #[test]
    fn groups_sort_by_string_as_the_object_route() {
        let raws: Vec<RawResponse> = (0..30).map(valid).collect();
        let by = ["plan".to_string(), "respondent.accountId".to_string()];
        let calendar = Some(Calendar::new(Period::Week, 60));
        let packed = packed_route(&raws, &by, calendar).unwrap();
        assert_eq!(packed, object_route(&raws, &by, calendar).unwrap());
        let plans: Vec<_> = packed
            .2
            .iter()
            .map(|r| r.segment[0].clone().unwrap())
            .collect();
        assert!(
            plans.windows(2).all(|w| w[0] <= w[1]) && plans[0] == "Pro",
            "{plans:?}"
        );
    }

    #[test]
    fn repeated_and_unknown_names_group_as_the_object_route() {
        let raws: Vec<RawResponse> = (0..30).map(valid).collect();
        let by = ["plan", "nope", "respondent.role", "plan"].map(String::from);
        let packed = packed_route(&raws, &by, None).unwrap();
        assert_eq!(packed, object_route(&raws, &by, None).unwrap());
        assert!(packed.2.iter().all(|r| r.segment[3] == r.segment[0]));
    }

    #[test]
    fn split_checks_lengths() {
        assert_eq!(
            split("a\0\u{1F600}\0b", &[1, 2, 1]).unwrap(),
            ["a", "\u{1F600}", "b"]
        );
        assert_eq!(
            split("ab\0c", &[1, 2]).unwrap_err().code(),
            ErrorCode::InvalidValue
        );
        assert_eq!(
            split("\u{1F600}", &[1]).unwrap_err().code(),
            ErrorCode::InvalidValue,
            "half a surrogate pair"
        );
    }

    #[test]
    fn broken_packing_is_a_typed_error() {
        /// The field of the error for two NPS responses grouped by plan.
        fn field(refs: &[u32], segments: &[u32]) -> Option<String> {
            let packed = Packed {
                strings: &["nps", "pro"],
                numbers: &[9.0, 1e12, f64::NAN, 9.0, 1e12, f64::NAN],
                refs,
                segments,
            };
            let by = ["plan".to_string()];
            let read = |_| Err(malformed("responses", "not read in this test"));
            let outcome = rows(&packed, &by, None, ConfidenceLevel::DEFAULT, read);
            outcome.err().map(|e| e.field().to_string())
        }
        // kind, userId, accountId, role, comment, plan; twice.
        let refs = [
            0, 1, ABSENT, ABSENT, ABSENT, 1, 0, 1, ABSENT, ABSENT, ABSENT, ABSENT,
        ];
        assert_eq!(field(&refs, &[0, 4, 3, 1, 4, 3]), None);
        let spoil = |at: usize, index: u32| {
            let mut refs = refs;
            refs[at] = index;
            field(&refs, &[])
        };
        assert_eq!(spoil(0, 2).unwrap(), "packed.refs[0]");
        assert_eq!(spoil(11, 2).unwrap(), "packed.refs[11]");
        assert_eq!(spoil(7, 2), None, "a length is no index");
        assert_eq!(spoil(6, 2).unwrap(), "packed.refs[6]");
        assert_eq!(field(&refs[..11], &[]).unwrap(), "packed.columns");
        let unordered = [1, 4, 3, 0, 4, 3];
        assert_eq!(field(&refs, &unordered).unwrap(), "packed.segments[1]");
        assert_eq!(field(&refs, &[2, 4, 3]).unwrap(), "packed.segments[0]");
    }

    #[test]
    fn lengths_decide_short_texts_and_long_ones_are_read_again() {
        let by = ["plan".to_string()];
        let raws: Vec<RawResponse> = (0..9).map(valid).collect();
        let (outcome, read) = packed_route_reading(&raws, &by, None);
        assert!(outcome.is_ok());
        assert!(
            read.is_empty(),
            "valid short texts need no second reading: {read:?}"
        );
        // 150 emoji: 300 UTF-16 units but 150 characters, valid; 201 emoji are too long.
        let mut raws = raws;
        raws[2].role = Some("\u{1F600}".repeat(150));
        raws[3].comment = Some("\u{1F600}".repeat(1500));
        raws[3].segments[0].1 = "x".repeat(MAX_TEXT_CHARS);
        let (outcome, read) = packed_route_reading(&raws, &by, None);
        assert_eq!(read, [2, 3]);
        assert_eq!(outcome, object_route(&raws, &by, None));
        let rows = outcome.unwrap().2;
        assert!(rows
            .iter()
            .any(|r| r.segment[0].as_deref() == Some(&*"x".repeat(200))));
        raws[5].user_id = "\u{1F600}".repeat(MAX_TEXT_CHARS + 1);
        let (outcome, read) = packed_route_reading(&raws, &by, None);
        let err = outcome.clone().unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::TextTooLong, "responses[5].respondent.userId")
        );
        assert_eq!(read, [2, 3, 5]);
        assert_eq!(outcome, object_route(&raws, &by, None));
    }

    #[test]
    fn segment_codes_sort_as_the_value_tuples() {
        // 1800 values in each of three attributes: too many combinations
        // for a mixed-radix code; and the first two alone, which fit one.
        let values: Vec<String> = (0..1800).map(|v| format!("v{}", 1799 - v)).collect();
        let strings: Vec<&str> = values.iter().map(String::as_str).collect();
        let n = 1800;
        let key = |i: usize, m: usize| {
            if i % 11 == 0 {
                ABSENT
            } else {
                (i * m % n) as u32
            }
        };
        for width in [2, 3] {
            let mut refs = Vec::new();
            for i in 0..n {
                refs.extend([0; REFS]);
                refs.extend([key(i, 1), key(i, 7), key(i, 13)].iter().take(width));
            }
            let keys = Keys { refs: &refs, width };
            let codes = segment_codes(&strings, keys, n);
            let tuple = |i: usize| -> Vec<Option<&str>> {
                keys.row(i).iter().map(|&k| string(&strings, k)).collect()
            };
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| tuple(i));
            for w in order.windows(2) {
                let (a, b) = (w[0], w[1]);
                assert_eq!(tuple(a) == tuple(b), codes[a] == codes[b]);
                assert!(
                    codes[a] <= codes[b],
                    "width {width}: {:?} {:?}",
                    tuple(a),
                    tuple(b)
                );
            }
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-cA-C]{1,3}",
            "[é\u{1F600}~]{1,2}",
            Just("x".repeat(201)),
            // Over 200 UTF-16 units: valid (150 characters) and too long (201).
            Just("\u{1F600}".repeat(150)),
            Just("\u{1F600}".repeat(201)),
        ]
    }

    fn raw_response() -> impl Strategy<Value = RawResponse> {
        let kind = prop_oneof![
            Just("nps".to_string()),
            Just("ces".to_string()),
            Just("csat".to_string()),
            Just("effort".to_string())
        ];
        let scale = prop_oneof![4 => Just(None), 1 => Just(Some(5.0)), 1 => Just(Some(7.0)), 1 => Just(Some(2.5))];
        let score =
            prop_oneof![8 => (0u8..=10).prop_map(f64::from), 1 => Just(2.5), 1 => Just(-1.0)];
        let timestamp = prop_oneof![
            9 => (1.6e12f64..1.8e12).prop_map(f64::trunc),
            1 => Just(1.7e12 + 0.5),
            1 => Just(f64::NAN)
        ];
        let segments = prop::collection::vec(
            (
                prop_oneof![Just("plan".to_string()), Just("tier".to_string()), text()],
                text(),
            ),
            0..3,
        );
        let comment = prop_oneof![
            Just(None),
            Just(Some(String::new())),
            Just(Some("é".repeat(2001))),
            Just(Some("\u{1F600}".repeat(1500))),
            Just(Some("\u{1F600}".repeat(2001)))
        ];
        (
            kind,
            scale,
            score,
            timestamp,
            text(),
            prop::option::of(text()),
            prop::option::of(text()),
            segments,
            comment,
        )
            .prop_map(
                |(
                    kind,
                    scale,
                    score,
                    timestamp,
                    user_id,
                    account_id,
                    role,
                    mut segments,
                    comment,
                )| {
                    segments.dedup_by(|a, b| a.0 == b.0); // names are unique in a JS object
                    RawResponse {
                        kind,
                        scale,
                        score,
                        timestamp,
                        user_id,
                        account_id,
                        role,
                        segments,
                        comment,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn packed_and_object_routes_agree(
            raws in prop::collection::vec(raw_response(), 0..12),
            valid_prefix in prop::collection::vec((0usize..40).prop_map(valid), 0..20),
            by in prop::sample::subsequence(vec!["plan", "respondent.role", "tier", "respondent.accountId"], 0..3),
            period in prop::option::of(prop_oneof![Just(Period::Day), Just(Period::Week), Just(Period::Month), Just(Period::Quarter)]),
        ) {
            let raws: Vec<RawResponse> = valid_prefix.into_iter().chain(raws).collect();
            let by: Vec<String> = by.into_iter().map(String::from).collect();
            let calendar = period.map(|p| Calendar::new(p, -300));
            prop_assert_eq!(packed_route(&raws, &by, calendar), object_route(&raws, &by, calendar));
        }
    }
}
