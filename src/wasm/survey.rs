//! Survey exports: NPS (CES and CSAT follow the same shape).

use js_sys::{Array, Float64Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::input::{wrong_type, Options};
use crate::error::{element, Error};
use crate::stats::ConfidenceLevel;
use crate::survey::nps::{NpsCounts, NPS_SCALE};

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
  /** Confidence level of the interval, strictly between 0 and 1. Default `0.95`. */
  level?: number;
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
  /** Adjusted-Wald interval (Rocks 2016) on the -100..100 scale. */
  interval: Interval;
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
/// ```
#[wasm_bindgen(unchecked_return_type = "NpsResult")]
pub fn nps(scores: Scores, options: Option<NpsOptions>) -> Result<JsValue, JsValue> {
    let options = Options::new(&options.into(), "options", &["level"])?;
    let level = match options.number("level")? {
        Some(level) => ConfidenceLevel::new(level, "options.level")?,
        None => ConfidenceLevel::DEFAULT,
    };
    let summary = nps_counts(&scores.into())?.summary(level)?;
    Ok(serde_wasm_bindgen::to_value(&summary)?)
}

/// Counts NPS answers given as a `Uint8Array`, a `Float64Array` or an
/// array of numbers.
fn nps_counts(scores: &JsValue) -> Result<NpsCounts, Error> {
    if let Some(bytes) = scores.dyn_ref::<Uint8Array>() {
        return NpsCounts::from_scores(&bytes.to_vec());
    }
    if let Some(numbers) = scores.dyn_ref::<Float64Array>() {
        return NpsCounts::from_numbers(&numbers.to_vec());
    }
    let Some(array) = scores.dyn_ref::<Array>() else {
        return Err(wrong_type(
            "scores",
            "an array of numbers, a Uint8Array or a Float64Array",
            scores,
        ));
    };
    // Element by element: a boundary crossing each, but exact errors for
    // any value. The JS wrapper sends arrays of plain numbers as a
    // Float64Array instead.
    let mut counts = NpsCounts::default();
    for (index, value) in array.iter().enumerate() {
        let Some(number) = value.as_f64() else {
            return Err(wrong_type(element("scores", index), "a number", &value));
        };
        counts.record(NPS_SCALE.score_from_f64(number, || element("scores", index))?);
    }
    Ok(counts)
}
