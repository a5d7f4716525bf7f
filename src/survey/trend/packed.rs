//! Response objects as the JS wrapper packs them for `surveyTrend`: numbers
//! in one column, every other field an index into one table of distinct
//! strings. [`rows`] checks them with the rules of [`Response::from_raw`]
//! (each distinct string once) and groups them as the object path does,
//! with the same results and the same errors.

use super::{from_columns, no_responses, same_survey, Calendar, Columns, TrendRow};
use crate::error::{element, Error, ErrorCode};
use crate::stats::ConfidenceLevel;
use crate::survey::response::{self, RawResponse, Response, MAX_TEXT_CHARS};
use crate::survey::Kind;

/// The string index of an absent optional field.
pub const ABSENT: u32 = u32::MAX;
/// Numbers per response: score, timestamp, scale (NaN: absent).
pub const NUMBERS: usize = 3;
/// String indices per response: kind, userId, accountId, role, comment.
pub const REFS: usize = 5;
/// Entries per segment attribute: response index, name, value.
pub const SEGMENT: usize = 3;

/// A group of the trend: the values of the grouping attributes (absent:
/// `None`), period and result.
pub type Row = TrendRow<Vec<Option<String>>>;

/// Packed responses. Segment attributes are listed in response order.
#[derive(Debug, Clone, Copy)]
pub struct Packed<'a> {
    /// Distinct strings.
    pub strings: &'a [&'a str],
    /// [`NUMBERS`] per response.
    pub numbers: &'a [f64],
    /// [`REFS`] per response; [`ABSENT`] for a missing accountId, role or comment.
    pub refs: &'a [u32],
    /// [`SEGMENT`] per attribute.
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
    Error::new(ErrorCode::InvalidValue, format!("packed.{field}"), rule)
}

/// Checks the packing itself (the wrapper's job, not the caller's): whole
/// rows, indices in range, segments in response order.
fn check_packing(packed: &Packed) -> Result<usize, Error> {
    let n = packed.refs.len() / REFS;
    if packed.refs.len() % REFS != 0
        || packed.numbers.len() != n * NUMBERS
        || packed.segments.len() % SEGMENT != 0
    {
        return Err(malformed("columns", "lengths do not match"));
    }
    let strings = packed.strings.len() as u32;
    // Index loops: at opt-level "z" iterator adapters stay function calls.
    let mut i = 0;
    while let Some(&[kind, user_id, account_id, role, comment]) =
        packed.refs.get(i * REFS..(i + 1) * REFS)
    {
        // kind and userId are required; the rest may be absent.
        let optional = |r: u32| r < strings || r == ABSENT;
        if kind >= strings
            || user_id >= strings
            || !optional(account_id)
            || !optional(role)
            || !optional(comment)
        {
            return Err(malformed(
                &element("refs", i),
                "a string index out of range",
            ));
        }
        i += 1;
    }
    let (mut i, mut last) = (0, 0);
    while let Some(&[row, name, value]) = packed.segments.get(i * SEGMENT..(i + 1) * SEGMENT) {
        if row < last || row as usize >= n || name >= strings || value >= strings {
            return Err(malformed(
                &element("segments", i),
                "an entry out of range or order",
            ));
        }
        (i, last) = (i + 1, row);
    }
    Ok(n)
}

/// Which rules each distinct string passes, checked once per string.
struct Verdicts(Vec<u8>);

/// Passes [`response::text`] (ids, roles, segment names and values).
const TEXT: u8 = 1;
/// Passes [`response::comment`].
const COMMENT: u8 = 2;

impl Verdicts {
    fn new(strings: &[&str]) -> Self {
        let mut verdicts = Vec::with_capacity(strings.len());
        for s in strings {
            let text = response::text(s, MAX_TEXT_CHARS, String::new).is_ok();
            let comment = response::comment(s, String::new).is_ok();
            verdicts.push((u8::from(text) * TEXT) | (u8::from(comment) * COMMENT));
        }
        Verdicts(verdicts)
    }

    /// Whether `strings[index]` passes `rule`; absent ([`ABSENT`]) passes when `optional`.
    #[inline]
    fn passes(&self, index: u32, rule: u8, optional: bool) -> bool {
        match self.0.get(index as usize) {
            Some(flags) => flags & rule != 0,
            None => optional && index == ABSENT,
        }
    }
}

/// One response's strings, or `None` when absent.
fn string<'a>(strings: &[&'a str], index: u32) -> Option<&'a str> {
    strings.get(index as usize).copied()
}

/// One response, as packed.
struct Entry<'p> {
    score: f64,
    timestamp: f64,
    /// `None`: the kind's default.
    scale: Option<f64>,
    refs: [u32; REFS],
    /// Its [`SEGMENT`] entries.
    segments: &'p [u32],
}

impl Entry<'_> {
    /// The segment attributes as (name, value) string indices.
    /// Segment attribute `k` as (name, value) string indices; `None` after the last.
    #[inline]
    fn attribute(&self, k: usize) -> Option<(u32, u32)> {
        match self.segments.get(k * SEGMENT..(k + 1) * SEGMENT)? {
            &[_, name, value] => Some((name, value)),
            _ => None,
        }
    }

    /// Whether every segment attribute's name and value passes [`TEXT`].
    fn attributes_pass(&self, verdicts: &Verdicts) -> bool {
        // An index loop: at opt-level "z" iterator adapters stay function calls.
        let mut k = 0;
        while let Some((name, value)) = self.attribute(k) {
            if !verdicts.passes(name, TEXT, false) || !verdicts.passes(value, TEXT, false) {
                return false;
            }
            k += 1;
        }
        true
    }

    fn attributes(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.segments.chunks_exact(SEGMENT).filter_map(|e| match e {
            &[_, name, value] => Some((name, value)),
            _ => None,
        })
    }

    /// The response as the object path reads it, to report its first error.
    fn raw(&self, strings: &[&str]) -> RawResponse {
        let s = |index: u32| string(strings, index).map(String::from);
        let [kind, user_id, account_id, role, comment] = self.refs;
        RawResponse {
            kind: s(kind).unwrap_or_default(),
            scale: self.scale,
            score: self.score,
            timestamp: self.timestamp,
            user_id: s(user_id).unwrap_or_default(),
            account_id: s(account_id),
            role: s(role),
            segments: self
                .attributes()
                .map(|(name, value)| (s(name).unwrap_or_default(), s(value).unwrap_or_default()))
                .collect(),
            comment: s(comment),
        }
    }
}

/// Response `i`, its segment attributes starting at entry `*next_segment`
/// (moved past them); `None` after the last.
fn entry<'p>(packed: &'p Packed, i: usize, next_segment: &mut usize) -> Option<Entry<'p>> {
    let (&[score, timestamp, scale], &[kind, user_id, account_id, role, comment]) = (
        packed.numbers.get(i * NUMBERS..(i + 1) * NUMBERS)?,
        packed.refs.get(i * REFS..(i + 1) * REFS)?,
    ) else {
        return None;
    };
    let first = *next_segment;
    while packed
        .segments
        .get(*next_segment * SEGMENT)
        .is_some_and(|&row| row as usize == i)
    {
        *next_segment += 1;
    }
    Some(Entry {
        score,
        timestamp,
        scale: Some(scale).filter(|s| !s.is_nan()),
        refs: [kind, user_id, account_id, role, comment],
        segments: packed
            .segments
            .get(first * SEGMENT..*next_segment * SEGMENT)
            .unwrap_or_default(),
    })
}

/// The trend of packed responses grouped by `group_by` attributes (segment
/// names, `"respondent.role"`, `"respondent.accountId"`) and `calendar`:
/// kind, highest score and one row per group, sorted by segment then period.
/// Errors are those of the object path: the first response with a bad
/// value (`responses[i].field`, as [`Response::from_raw`] reports it) or
/// on another kind or scale than the first; `EMPTY_INPUT` for none.
pub fn rows(
    packed: &Packed,
    group_by: &[String],
    calendar: Option<Calendar>,
    level: ConfidenceLevel,
) -> Result<(Kind, u8, Vec<Row>), Error> {
    let n = check_packing(packed)?;
    let strings = packed.strings;
    let verdicts = Verdicts::new(strings);
    let mut survey: Option<(Kind, u8)> = None;
    let mut last_kind: Option<(u32, Kind)> = None;
    // Per response: its score, its timestamp and the string index of each grouping attribute.
    // Written by index: at opt-level "z" `Vec::push` stays a function call.
    let width = group_by.len();
    let mut scores = vec![0u8; n];
    let mut timestamps = vec![0.0; n];
    let mut keys = vec![ABSENT; n * width];
    // Where each grouping attribute's value comes from, and per string the
    // position of the segment attribute it names (compared once per string).
    let sources: Vec<Source> = group_by
        .iter()
        .map(|name| match name.as_str() {
            "respondent.role" => Source::Role,
            "respondent.accountId" => Source::Account,
            _ => Source::Segment,
        })
        .collect();
    let same_as: Vec<usize> = group_by
        .iter()
        .enumerate()
        .map(|(j, name)| group_by.iter().position(|n| n == name).unwrap_or(j))
        .collect();
    let mut position_of = vec![NOT_GROUPED; strings.len()];
    for (position, name) in group_by.iter().enumerate().rev() {
        if sources.get(position) != Some(&Source::Segment) {
            continue;
        }
        for (slot, s) in position_of.iter_mut().zip(strings) {
            if *s == name.as_str() {
                *slot = position as u32;
            }
        }
    }
    let (mut i, mut next_segment) = (0, 0);
    while let Some(row) = entry(packed, i, &mut next_segment) {
        let [kind_ref, user_id, account_id, role, comment] = row.refs;
        // The rules of `Response::from_raw`, each string checked once; on any
        // failure `from_raw` itself names the first bad field.
        let kind = match last_kind {
            Some((index, kind)) if index == kind_ref => Some(kind),
            _ => string(strings, kind_ref).and_then(|s| Kind::parse(s, "").ok()),
        };
        let scale = kind.and_then(|k| k.scale(row.scale, "").ok());
        let score = scale.and_then(|s| s.score_from_f64(row.score, String::new).ok());
        let valid = score.is_some()
            && response::is_timestamp(row.timestamp)
            && verdicts.passes(user_id, TEXT, false)
            && verdicts.passes(account_id, TEXT, true)
            && verdicts.passes(role, TEXT, true)
            && row.attributes_pass(&verdicts)
            && verdicts.passes(comment, COMMENT, true);
        let this = match (kind, scale, score) {
            (Some(kind), Some(scale), Some(score)) if valid => {
                last_kind = Some((kind_ref, kind));
                (kind, scale.max, score)
            }
            _ => {
                let response = Response::from_raw(row.raw(strings), &Element(i))?;
                (response.kind, response.scale, response.score)
            }
        };
        match survey {
            Some(first) if first != (this.0, this.1) => {
                same_survey(first, (this.0, this.1), &Element(i))?
            }
            Some(_) => {}
            None => survey = Some((this.0, this.1)),
        }
        if let (Some(score), Some(timestamp)) = (scores.get_mut(i), timestamps.get_mut(i)) {
            (*score, *timestamp) = (this.2, row.timestamp);
        }
        let first = i * width;
        for (j, &source) in sources.iter().enumerate() {
            if let Some(key) = keys.get_mut(first + j) {
                *key = match source {
                    Source::Role => role,
                    Source::Account => account_id,
                    Source::Segment => ABSENT,
                };
            }
        }
        // Each grouping attribute's value: the first attribute of its name.
        let mut k = 0;
        while let Some((name, value)) = row.attribute(k) {
            k += 1;
            let position = position_of.get(name as usize).copied();
            let Some(position) = position.filter(|&p| p != NOT_GROUPED) else {
                continue;
            };
            if let Some(key) = keys.get_mut(first + position as usize) {
                if *key == ABSENT {
                    *key = value;
                }
            }
        }
        // A name listed twice takes the value found for its first listing.
        for (j, &earlier) in same_as.iter().enumerate() {
            if earlier != j {
                let value = keys.get(first + earlier).copied().unwrap_or(ABSENT);
                if let Some(key) = keys.get_mut(first + j) {
                    *key = value;
                }
            }
        }
        i += 1;
    }
    let (kind, scale) = survey.ok_or_else(no_responses)?;
    let codes = segment_codes(strings, &keys, width, scores.len());
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
    for (i, &code) in codes.iter().enumerate() {
        if let Ok(slot) = holders.binary_search_by_key(&code, |h| h.0) {
            if let Some(holder) = holders.get_mut(slot).filter(|h| h.1 == usize::MAX) {
                holder.1 = i;
            }
        }
    }
    let values = |code: Option<u32>| -> Vec<Option<String>> {
        let holder = code
            .and_then(|c| holders.binary_search_by_key(&c, |h| h.0).ok())
            .and_then(|slot| holders.get(slot));
        let key = holder
            .and_then(|h| keys.get(h.1 * width..(h.1 + 1) * width))
            .unwrap_or_default();
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
    });
    Ok((kind, scale, rows.collect()))
}

/// Where a grouping attribute's value comes from.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Role,
    Account,
    Segment,
}

/// The position of a string that names no grouping segment attribute.
const NOT_GROUPED: u32 = u32::MAX;

/// A segment code per response (`width` string indices each in `keys`),
/// numbering the value tuples so that codes sort as the object path sorts
/// its groups: by string, absent first, attribute by attribute.
fn segment_codes(strings: &[&str], keys: &[u32], width: usize, n: usize) -> Vec<u32> {
    if width == 0 {
        return vec![0; n];
    }
    // Per attribute, each value's rank in string order (0: absent).
    const USED: u32 = u32::MAX;
    let mut ranks = keys.to_vec();
    let mut radix = Vec::with_capacity(width);
    let mut rank_of = vec![0; strings.len()];
    for j in 0..width {
        // The distinct values first (few), then sorted.
        let mut used = Vec::new();
        for &k in keys.iter().skip(j).step_by(width) {
            if let Some(slot) = rank_of.get_mut(k as usize).filter(|slot| **slot != USED) {
                *slot = USED;
                used.push(k);
            }
        }
        used.sort_unstable_by_key(|&k| string(strings, k));
        let (mut rank, mut last) = (0, None);
        for k in used {
            // Equal strings share a rank (the wrapper deduplicates; do not rely on it).
            if string(strings, k) != last {
                (rank, last) = (rank + 1, string(strings, k));
            }
            if let Some(slot) = rank_of.get_mut(k as usize) {
                *slot = rank;
            }
        }
        radix.push(u64::from(rank) + 1);
        for slot in ranks.iter_mut().skip(j).step_by(width) {
            *slot = rank_of.get(*slot as usize).copied().unwrap_or(0);
        }
    }
    let tuple = |i: usize| ranks.get(i * width..(i + 1) * width).unwrap_or_default();
    if radix
        .iter()
        .try_fold(1u64, |p, &r| p.checked_mul(r))
        .is_some_and(|p| p <= 1 << 32)
    {
        // Mixed radix, first attribute most significant.
        return (0..n)
            .map(|i| {
                tuple(i)
                    .iter()
                    .zip(&radix)
                    .fold(0, |code, (&r, &base)| code * base + u64::from(r)) as u32
            })
            .collect();
    }
    // Too many combinations for that: number the distinct tuples in order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| tuple(a).cmp(tuple(b)));
    let mut codes = vec![0; n];
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

impl std::fmt::Display for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "responses[{}]", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::response::{Attributes, MAX_COMMENT_CHARS};
    use crate::survey::trend::{Period, Trend};
    use proptest::prelude::*;

    /// Packs raw responses as the JS wrapper does (each distinct string once).
    fn pack(raws: &[RawResponse]) -> (Vec<String>, Vec<f64>, Vec<u32>, Vec<u32>) {
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
            let kind = index(&raw.kind);
            let user = index(&raw.user_id);
            refs.extend([kind, user]);
            for optional in [&raw.account_id, &raw.role, &raw.comment] {
                let r = optional.as_deref().map_or(ABSENT, &mut index);
                refs.push(r);
            }
            for (name, value) in &raw.segments {
                let entry = [i as u32, index(name), index(value)];
                segments.extend(entry);
            }
        }
        (strings, numbers, refs, segments)
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
        let (strings, numbers, refs, segments) = pack(raws);
        let strings: Vec<&str> = strings.iter().map(String::as_str).collect();
        let packed = Packed {
            strings: &strings,
            numbers: &numbers,
            refs: &refs,
            segments: &segments,
        };
        rows(&packed, group_by, calendar, ConfidenceLevel::DEFAULT)
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
                ErrorCode::InvalidTimestamp,
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
        let strings = ["nps", "u"];
        let bad = Packed {
            strings: &strings,
            numbers: &[9.0, 1e12, f64::NAN],
            refs: &[0, 2, ABSENT, ABSENT, ABSENT],
            segments: &[],
        };
        assert_eq!(
            rows(&bad, &[], None, ConfidenceLevel::DEFAULT)
                .unwrap_err()
                .field(),
            "packed.refs[0]"
        );
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-cA-C]{1,3}",
            "[é\u{1F600}~]{1,2}",
            Just("x".repeat(201)),
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
        let timestamp = prop_oneof![9 => 1.6e12f64..1.8e12, 1 => Just(f64::NAN)];
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
            Just(Some("é".repeat(2001)))
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
