//! Survey score exports: `nps`, `csat`, `ces` and `compare`. The aggregate
//! class is in `survey_aggregate.rs`, trends in `survey_trend.rs`.

#[cfg(feature = "trends")]
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::input::from_js;
use crate::error::Error;
use crate::input::{survey, Obj, Value};
use crate::stats::ConfidenceLevel;
use crate::survey::compare::{compare as compare_aggregates, Comparison};
use crate::survey::{Aggregate, Kind, Scale, Summary};

#[wasm_bindgen(typescript_custom_section)]
const TS_SURVEY: &'static str = r#"
/** A two-sided confidence interval on the metric's own scale. */
export interface Interval {
  low: number;
  high: number;
  /** Confidence level, e.g. `0.95`. */
  level: number;
}

export interface NpsOptions {
  /** The NPS scale is always 0-10: `10`, or left out (as `SurveyAggregate` and `compare` take it). */
  scale?: 10 | null | undefined;
  /** Confidence level of the interval, strictly between 0 and 1. Default `0.95`. */
  level?: number | null | undefined;
}

export interface NpsResult {
  /** Net Promoter Score, from -100 to 100. */
  score: number;
  /** Number of responses. */
  n: number;
  /** Scores of 9 or 10. */
  promoters: number;
  /** Scores of 7 or 8. */
  passives: number;
  /** Scores of 0 to 6. */
  detractors: number;
  /** `n < 30`: the UI should warn that the score is uncertain. */
  lowSample: boolean;
  /** Adjusted-Wald interval (Rocks 2016) on the -100..100 scale. */
  interval: Interval;
}

/** `"nps"` (0-10), `"ces"` (1-7 by default) or `"csat"` (1-5 by default). */
export type SurveyKind = 'nps' | 'ces' | 'csat';

export interface ScaleOptions {
  /**
   * Highest score of the scale; the lowest is 1. A whole number from 3 to 10.
   * Default 5 for CSAT, 7 for CES. (NPS is always 0-10.)
   */
  scale?: number | null | undefined;
  /** Confidence level of the interval, strictly between 0 and 1. Default `0.95`. */
  level?: number | null | undefined;
}

export interface CsatResult {
  /** Satisfied answers (top two points of the scale: 4-5 on 1-5) in %, 0..100. */
  score: number;
  n: number;
  /** Answers in the top two points of the scale. */
  satisfied: number;
  /** `n < 30`. */
  lowSample: boolean;
  /** Highest score of the scale. */
  scale: number;
  /** Answers per score, from 1 to `scale`. */
  counts: number[];
  /** Wilson score interval of `score`, in %. */
  interval: Interval;
}

export interface CesResult {
  /** Mean answer, from 1 to `scale`. */
  mean: number;
  n: number;
  /** Sample standard deviation; `null` for a single answer. */
  sd: number | null;
  /** Answers above the scale's midpoint (5-7 on 1-7). */
  easy: number;
  /** `easy` in % of `n`. */
  easyShare: number;
  /** `n < 30`. */
  lowSample: boolean;
  /** Highest score of the scale. */
  scale: number;
  /** Answers per score, from 1 to `scale`. */
  counts: number[];
  /** Student's t interval of the mean (clipped to the scale); `null` for a single answer. */
  interval: Interval | null;
}

/** A result of any kind, tagged with `kind`. */
export type SurveyResult =
  | ({ kind: 'nps' } & NpsResult)
  | ({ kind: 'ces' } & CesResult)
  | ({ kind: 'csat' } & CsatResult);

/** `first - second` with its interval: is the change real? */
export interface Comparison {
  kind: SurveyKind;
  /** NPS points, CSAT percentage points, or CES scale points (difference of means). */
  difference: number;
  /**
   * NPS: adjusted-Wald estimates, variances summed. CSAT: Newcombe's hybrid
   * score interval. CES: Welch's t interval.
   */
  interval: Interval;
  /** The interval leaves out 0. */
  significant: boolean;
  /** Two-sided p-value of Welch's t-test (CES only, else `null`). */
  pValue: number | null;
  /** Welch–Satterthwaite degrees of freedom (CES only, else `null`). */
  df: number | null;
  nFirst: number;
  nSecond: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// Survey answers: an array of numbers or, for large data, a `Uint8Array`
    /// (or a `Float64Array`).
    #[wasm_bindgen(typescript_type = "readonly number[] | Uint8Array | Float64Array")]
    pub type Scores;
    /// Options of [`nps`].
    #[wasm_bindgen(typescript_type = "NpsOptions")]
    pub type NpsOptions;
    /// Options with a scale and a level.
    #[wasm_bindgen(typescript_type = "ScaleOptions")]
    pub type ScaleOptions;
    /// A survey kind string.
    #[wasm_bindgen(typescript_type = "SurveyKind")]
    pub type SurveyKind;
}

/// Serialises a trend's result: plain objects, `null` for absent values.
#[cfg(feature = "trends")]
pub(crate) fn to_js(value: &impl Serialize) -> Result<JsValue, JsValue> {
    Ok(super::tape::serialized(value)?)
}

// The scores' results cross as numbers, which the JS wrapper turns into the
// documented objects (src/js/counts.js): no serialiser in the module and
// one copy per call instead of a crossing per field. `null` is NaN, a
// boolean 0 or 1, a kind its index in `KINDS`.

/// The kinds by their number in the records below (`KINDS` in counts.js).
fn kind_number(kind: Kind) -> f64 {
    match kind {
        Kind::Nps => 0.0,
        Kind::Ces => 1.0,
        Kind::Csat => 2.0,
    }
}

/// The length of a summary's record.
pub(crate) const SUMMARY_RECORD: usize = 21;

/// A summary as numbers: its kind, then its fields in the order the object
/// has them (`counts` left out; `interval` as low, high, level) in slots
/// 1 to 10, then the CSAT and CES counts from slot 11.
pub(crate) fn summary_record(summary: &Summary) -> [f64; SUMMARY_RECORD] {
    let none = f64::NAN;
    let flag = |b: bool| f64::from(u8::from(b));
    let (kind, fields, counts): (Kind, [f64; 10], &[u64]) = match summary {
        Summary::Nps(s) => (
            Kind::Nps,
            [
                s.score,
                s.n as f64,
                s.promoters as f64,
                s.passives as f64,
                s.detractors as f64,
                flag(s.low_sample),
                s.interval.low,
                s.interval.high,
                s.interval.level,
                none,
            ],
            &[],
        ),
        Summary::Csat(s) => (
            Kind::Csat,
            [
                s.score,
                s.n as f64,
                s.satisfied as f64,
                flag(s.low_sample),
                f64::from(s.scale),
                s.interval.low,
                s.interval.high,
                s.interval.level,
                none,
                none,
            ],
            &s.counts,
        ),
        Summary::Ces(s) => (
            Kind::Ces,
            [
                s.mean,
                s.n as f64,
                s.sd.unwrap_or(none),
                s.easy as f64,
                s.easy_share,
                flag(s.low_sample),
                f64::from(s.scale),
                s.interval.map_or(none, |i| i.low),
                s.interval.map_or(none, |i| i.high),
                s.interval.map_or(none, |i| i.level),
            ],
            &s.counts,
        ),
    };
    let mut record = [0.0; SUMMARY_RECORD];
    record[0] = kind_number(kind);
    for (slot, &x) in record[1..].iter_mut().zip(&fields) {
        *slot = x;
    }
    for (slot, &count) in record[11..].iter_mut().zip(counts) {
        *slot = count as f64;
    }
    record
}

/// A comparison as numbers: kind, difference, interval (low, high, level),
/// significant, pValue, df, nFirst, nSecond.
pub(crate) fn comparison_record(c: &Comparison) -> Vec<f64> {
    let none = f64::NAN;
    vec![
        kind_number(c.kind),
        c.difference,
        c.interval.low,
        c.interval.high,
        c.interval.level,
        f64::from(u8::from(c.significant)),
        c.p_value.unwrap_or(none),
        c.df.unwrap_or(none),
        c.n_first as f64,
        c.n_second as f64,
    ]
}

/// The saved form as numbers: version, kind, scale, then the counts.
pub(crate) fn state_record(aggregate: &Aggregate) -> Vec<f64> {
    let state = aggregate.to_state();
    let head = [
        f64::from(state.version),
        kind_number(state.kind),
        f64::from(state.scale),
    ];
    head.into_iter()
        .chain(state.counts.iter().map(|&c| c as f64))
        .collect()
}

/// Net Promoter Score of 0..10 answers, with its adjusted-Wald confidence
/// interval (Rocks 2016).
///
/// `scores` is an array of whole numbers from 0 to 10, a `Float64Array`, or
/// a `Uint8Array` (the fastest path for large data). Throws a `ClgMetricsError` (`code`
/// `SCORE_OUT_OF_RANGE`, `SCORE_NOT_INTEGER`, `NOT_FINITE`, `WRONG_TYPE`,
/// `EMPTY_INPUT`, `INVALID_LEVEL` or `UNKNOWN_OPTION`) naming the first bad
/// position; nothing is kept between calls, so an error changes nothing.
///
/// @example
/// ```ts
/// import { init, nps } from 'clg-metrics';
/// await init();
/// const r = nps([10, 9, 9, 8, 6, 3], { level: 0.9 });
/// r.score;                            // 16.67 (3 promoters - 2 detractors of 6)
/// [r.interval.low, r.interval.high];  // 90 % interval on -100..100
/// r.lowSample;                        // true: fewer than 30 answers
/// ```
#[cfg(feature = "scores")]
#[wasm_bindgen(unchecked_return_type = "NpsResult")]
pub fn nps(scores: Scores, options: Option<NpsOptions>) -> Result<Vec<f64>, JsValue> {
    summary(Kind::Nps, scores.into(), options.into())
}

/// Customer satisfaction: the share of answers in the top two points of
/// the scale (4-5 on the default 1-5), with a Wilson interval.
///
/// `scores`: an array of whole numbers from 1 to `scale`, or a `Uint8Array`.
/// Throws a `ClgMetricsError` (`SCORE_OUT_OF_RANGE`, `SCORE_NOT_INTEGER`,
/// `NOT_FINITE`, `WRONG_TYPE`, `EMPTY_INPUT`, `INVALID_SCALE`,
/// `INVALID_LEVEL`, `UNKNOWN_OPTION`).
///
/// @example
/// ```ts
/// const r = csat([5, 4, 4, 3, 1]);
/// r.score;     // 60 (3 of 5 satisfied)
/// r.interval;  // { low: 23.1, high: 88.2, level: 0.95 }
/// csat([9, 10, 6], { scale: 10 }).satisfied; // 2
/// ```
#[cfg(feature = "scores")]
#[wasm_bindgen(unchecked_return_type = "CsatResult")]
pub fn csat(scores: Scores, options: Option<ScaleOptions>) -> Result<Vec<f64>, JsValue> {
    summary(Kind::Csat, scores.into(), options.into())
}

/// Customer Effort Score: mean answer with a Student's t interval (exact
/// quantiles), the distribution, and the share of "easy" answers (above
/// the midpoint: 5-7 on the default 1-7).
///
/// Same input and errors as [`csat`].
///
/// @example
/// ```ts
/// const r = ces([7, 6, 6, 5, 4, 7, 3, 6, 5, 7]);
/// r.mean;       // 5.6
/// r.interval;   // { low: 4.63, high: 6.57, level: 0.95 }
/// r.easyShare;  // 80
/// ```
#[cfg(feature = "scores")]
#[wasm_bindgen(unchecked_return_type = "CesResult")]
pub fn ces(scores: Scores, options: Option<ScaleOptions>) -> Result<Vec<f64>, JsValue> {
    summary(Kind::Ces, scores.into(), options.into())
}

/// The summary record of `scores` (any form `aggregate` reads), options
/// first: their errors come before the answers'.
#[cfg(feature = "scores")]
fn summary(kind: Kind, scores: JsValue, options: JsValue) -> Result<Vec<f64>, JsValue> {
    let (scale, level) = options_of(kind, &options)?;
    let summary = aggregate(kind, scale, &scores, "scores")?.summary(level)?;
    Ok(summary_record(&summary).to_vec())
}

/// The scale and level of `options` of [`nps`], [`csat`] and [`ces`]
/// (`{ scale?, level? }`: NPS's scale is always 10, as `SurveyAggregate`
/// and `compare` take it); `undefined`, the common case, is the defaults
/// without a conversion.
#[cfg(feature = "scores")]
fn options_of(kind: Kind, options: &JsValue) -> Result<(Scale, ConfidenceLevel), Error> {
    if options.is_undefined() {
        return Ok((kind.scale(None, "scale")?, ConfidenceLevel::DEFAULT));
    }
    scale_and_level(kind, &from_js(options, "options")?)
}

/// nps, csat and ces of an Array or a Uint8Array: the JS wrapper
/// (src/js/counts.js) and these exports share one record in wasm memory,
/// so that a call returns no array, and one of counted answers passes
/// none (each would be an allocation and a copy in the glue, ~1 µs per
/// call in all; a Uint8Array's bytes are copied in once). The wrapper
/// writes the counts there, calls, and reads the record there before
/// anything else runs.
#[cfg(feature = "scores")]
mod shared {
    use core::cell::UnsafeCell;

    use wasm_bindgen::prelude::*;

    use super::{options_of, summary_record, SUMMARY_RECORD};
    use crate::error::Error;
    use crate::survey::{Aggregate, Kind, Summary};

    /// The shared record: counts in, a summary record (see `summary_record`) out.
    struct Shared(UnsafeCell<[f64; SUMMARY_RECORD]>);

    // SAFETY: the wasm module runs on one thread.
    unsafe impl Sync for Shared {}

    static SHARED: Shared = Shared(UnsafeCell::new([0.0; SUMMARY_RECORD]));

    /// Writes `summary` into the shared record.
    fn share(summary: &Summary) {
        let record = summary_record(summary);
        // SAFETY: no reference to the record is alive (JS reads it only
        // between calls, through its own view).
        unsafe { *SHARED.0.get() = record };
    }

    // The wrapper views the record in the memory's buffer itself: a view goes
    // stale when the memory grows (at any allocation), and making one in JS
    // allocates nothing here.
    /// The shared record's address. Internal.
    #[wasm_bindgen(js_name = summaryAddress)]
    pub fn summary_address() -> *const f64 {
        SHARED.0.get().cast()
    }

    /// The module's `WebAssembly.Memory`. Internal.
    #[wasm_bindgen(js_name = moduleMemory)]
    pub fn module_memory() -> JsValue {
        wasm_bindgen::memory()
    }

    /// The kind numbered `number` in the records (see `kind_number`).
    fn kind_of(number: u8) -> Result<Kind, Error> {
        match number {
            0 => Ok(Kind::Nps),
            1 => Ok(Kind::Ces),
            2 => Ok(Kind::Csat),
            _ => Kind::parse("", "kind"),
        }
    }

    // [`nps`], [`csat`] or [`ces`] (`kind`, numbered as in the records) of an
    // Array the wrapper counted as it read it (`src/js/counts.js`): the 11
    // counts of the scores 0..=10 in, the summary's record out, through the
    // shared record. Options and errors are those of the three functions.
    // False when an answer is off the scale: the wrapper then passes the
    // answers themselves, whose error names the first.
    /// A summary from counts in the shared record. Internal.
    #[wasm_bindgen(js_name = summaryOfCounts)]
    pub fn summary_of_counts(kind: u8, options: JsValue) -> Result<bool, JsValue> {
        let kind = kind_of(kind)?;
        let (scale, level) = options_of(kind, &options)?;
        let mut histogram = [0u64; 11];
        // SAFETY: a copy of the record; no reference to it is kept.
        let counts = unsafe { *SHARED.0.get() };
        for (slot, &x) in histogram.iter_mut().zip(&counts) {
            *slot = x as u64;
        }
        let Some(aggregate) = Aggregate::from_counts(kind, scale, &histogram) else {
            return Ok(false);
        };
        share(&aggregate.summary(level)?);
        Ok(true)
    }

    // [`nps`], [`csat`] or [`ces`] of byte answers (a fresh Uint8Array whose
    // length the wrapper checked), the record written to the shared record;
    // the same options and errors.
    /// A summary of bytes into the shared record. Internal.
    #[wasm_bindgen(js_name = summaryOfBytes)]
    pub fn summary_of_bytes(kind: u8, bytes: &[u8], options: JsValue) -> Result<(), JsValue> {
        let kind = kind_of(kind)?;
        let (scale, level) = options_of(kind, &options)?;
        share(&Aggregate::summary_of_scores(
            kind, scale, bytes, "scores", level,
        )?);
        Ok(())
    }
}

/// Is the change real? Compares two sets of answers of one kind (two
/// periods, two segments): `first - second`, its interval, and whether
/// the interval leaves out 0. NPS: adjusted-Wald estimates with summed
/// variances; CSAT: Newcombe's hybrid score interval; CES: Welch's t-test
/// (with `pValue` and `df`).
///
/// Throws a `ClgMetricsError` as [`csat`] does, naming `first[i]` or
/// `second[i]`, plus `INVALID_CHOICE` for an unknown kind and
/// `TOO_FEW_SCORES` when a CES side has fewer than 2 answers.
///
/// @example
/// ```ts
/// const c = compare('csat', juneScores, mayScores);
/// if (c.significant) console.log(`CSAT moved ${c.difference.toFixed(1)} points`);
/// ```
#[cfg(feature = "scores")]
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(js_name = kind)] kind_name: SurveyKind,
    first: Scores,
    second: Scores,
    options: Option<ScaleOptions>,
) -> Result<Vec<f64>, JsValue> {
    let kind = survey::kind(&from_js(&kind_name.into(), "kind")?, "kind")?;
    let (scale, level) = scale_and_level(kind, &from_js(&options.into(), "options")?)?;
    let first = aggregate(kind, scale, &first.into(), "first")?;
    let second = aggregate(kind, scale, &second.into(), "second")?;
    Ok(comparison_record(&compare_aggregates(
        &first, &second, level,
    )?))
}

/// The scale of `kind` and the confidence level read from `options`
/// (`{ scale?, level? }`, `null`: the defaults).
#[cfg(feature = "scores")]
fn scale_and_level(kind: Kind, options: &Value) -> Result<(Scale, ConfidenceLevel), Error> {
    let options = Obj::optional(options, "options", &["scale", "level"])?;
    Ok((
        survey::scale(kind, options.as_ref())?,
        survey::level(options.as_ref())?,
    ))
}

/// Counts scores given as a `Uint8Array`, a `Float64Array` or an array of
/// numbers; errors name `name[i]`.
#[cfg(feature = "scores")]
fn aggregate(kind: Kind, scale: Scale, scores: &JsValue, name: &str) -> Result<Aggregate, Error> {
    survey::scores(kind, scale, &from_js(scores, name)?, name)
}
