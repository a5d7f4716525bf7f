//! `SurveyAggregate`: a mergeable, serialisable aggregate as a JS class.

use js_sys::JSON;
use wasm_bindgen::prelude::*;

use super::input::from_js;
use super::survey::{comparison_record, state_record, summary_record, Scores, SurveyKind};
use crate::error::{Error, ErrorCode};
use crate::input::{number, survey, Obj};
use crate::stats::ConfidenceLevel;
use crate::survey::compare::compare;
use crate::survey::Aggregate;

#[wasm_bindgen(typescript_custom_section)]
const TS_AGGREGATE: &'static str = r#"
/** The JSON form of a `SurveyAggregate`. */
export interface SurveyAggregateJSON {
  version: 1;
  kind: SurveyKind;
  /** Highest score of the scale. */
  scale: number;
  /** Answers per score, from the lowest score (0 for NPS, else 1) to `scale`. */
  counts: number[];
}

export interface LevelOptions {
  /** Confidence level, strictly between 0 and 1. Default `0.95`. */
  level?: number | null | undefined;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// Options with only a level.
    #[wasm_bindgen(typescript_type = "LevelOptions")]
    pub type LevelOptions;
    /// Options with only a scale.
    #[wasm_bindgen(typescript_type = "{ scale?: number | null | undefined }")]
    pub type AggregateOptions;
    /// A JSON string or the object `toJSON()` returned.
    #[wasm_bindgen(typescript_type = "string | SurveyAggregateJSON")]
    pub type AggregateJson;
}

/// The answer counts of one survey or segment: add answers one at a time
/// or in bulk, merge two (two tabs, two surveys, a server-side reduce),
/// save with `JSON.stringify` and load with `SurveyAggregate.fromJSON`.
/// Merging is exact: `merge(a, b)` equals counting both sets together.
/// Kinds and scales are never mixed (`KIND_MISMATCH`, `SCALE_MISMATCH`).
/// A call that throws changes nothing.
///
/// @example
/// ```ts
/// const tab = new SurveyAggregate('ces', { scale: 7 });
/// tab.add(6);
/// tab.addScores(new Uint8Array([7, 5, 2]));
/// const saved = JSON.stringify(tab);  // {"version":1,"kind":"ces","scale":7,"counts":[0,1,0,0,1,1,1]}
/// const other = SurveyAggregate.fromJSON(saved);
/// other.merge(tab);
/// other.summary().mean;               // 5
/// ```
#[wasm_bindgen]
pub struct SurveyAggregate {
    inner: Aggregate,
}

#[wasm_bindgen]
impl SurveyAggregate {
    /// An empty aggregate of `kind` on `options.scale` (default 10 for NPS,
    /// 7 for CES, 5 for CSAT).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = kind)] kind_name: SurveyKind,
        options: Option<AggregateOptions>,
    ) -> Result<SurveyAggregate, JsValue> {
        let kind = survey::kind(&from_js(&kind_name.into(), "kind")?, "kind")?;
        let options = from_js(&options.into(), "options")?;
        let options = Obj::optional(&options, "options", &["scale"])?;
        Ok(SurveyAggregate {
            inner: Aggregate::new(kind, survey::scale(kind, options.as_ref())?),
        })
    }

    /// Adds one answer (a whole number on the scale).
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] score: JsValue,
    ) -> Result<(), JsValue> {
        let score = number(Some(&from_js(&score, "score")?), "score")?;
        Ok(self.inner.add(score, || "score".into())?)
    }

    /// Adds many answers (an array of numbers or a `Uint8Array`), all
    /// checked before any is added.
    #[wasm_bindgen(js_name = addScores)]
    pub fn add_scores(&mut self, scores: Scores) -> Result<(), JsValue> {
        let more = survey::scores(
            self.inner.kind(),
            self.inner.scale(),
            &from_js(&scores.into(), "scores")?,
            "scores",
        )?;
        self.inner.check_room(more.n(), "scores")?;
        Ok(self.inner.merge(&more)?)
    }

    /// Adds `other`'s answers to this one (`other` is unchanged).
    pub fn merge(&mut self, other: &SurveyAggregate) -> Result<(), JsValue> {
        Ok(self.inner.merge(&other.inner)?)
    }

    /// The kind's result (`NpsResult`, `CesResult` or `CsatResult`, tagged
    /// with `kind`). Throws `EMPTY_INPUT` without answers.
    #[wasm_bindgen(unchecked_return_type = "SurveyResult")]
    pub fn summary(&self, options: Option<LevelOptions>) -> Result<Vec<f64>, JsValue> {
        // The scores counted are this aggregate's (compareWith names it alike).
        let summary = self
            .inner
            .summary(level(options.into())?)
            .map_err(|e| e.renamed("scores", "this"))?;
        Ok(summary_record(&summary).to_vec())
    }

    /// `this - other` with its interval and significance (see `compare`).
    #[wasm_bindgen(js_name = compareWith, unchecked_return_type = "Comparison")]
    pub fn compare_with(
        &self,
        other: &SurveyAggregate,
        options: Option<LevelOptions>,
    ) -> Result<Vec<f64>, JsValue> {
        // compare() names its sides `first` and `second`; here they are `this` and `other`.
        let comparison = compare(&self.inner, &other.inner, level(options.into())?)
            .map_err(|e| e.renamed("first", "this").renamed("second", "other"))?;
        Ok(comparison_record(&comparison))
    }

    /// The versioned JSON form (`JSON.stringify` calls this).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "SurveyAggregateJSON")]
    pub fn to_json(&self) -> Vec<f64> {
        state_record(&self.inner)
    }

    /// Loads what `toJSON` produced, as a string or an object. Throws
    /// `UNSUPPORTED_VERSION` for a newer format and `INVALID_AGGREGATE` for
    /// anything malformed.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(json: AggregateJson) -> Result<SurveyAggregate, JsValue> {
        Ok(SurveyAggregate {
            inner: read_state(json.into())?,
        })
    }

    /// The survey kind.
    #[wasm_bindgen(getter, unchecked_return_type = "SurveyKind")]
    pub fn kind(&self) -> String {
        self.inner.kind().as_str().into()
    }

    /// Highest score of the scale.
    #[wasm_bindgen(getter)]
    pub fn scale(&self) -> u8 {
        self.inner.scale().max
    }

    /// Number of answers.
    #[wasm_bindgen(getter)]
    pub fn n(&self) -> f64 {
        self.inner.n() as f64
    }
}

/// The level of `{ level? }` options.
fn level(options: JsValue) -> Result<ConfidenceLevel, Error> {
    let options = from_js(&options, "options")?;
    survey::level(Obj::optional(&options, "options", &["level"])?.as_ref())
}

/// Loads `{ version, kind, scale, counts }` from JSON text (parsed by the
/// JS engine) or an object through the core's reader, which checks the
/// version first so that a newer format is reported as such.
fn read_state(json: JsValue) -> Result<Aggregate, Error> {
    let text = json.as_string();
    let value = match &text {
        Some(text) => JSON::parse(text).map_err(|_| {
            Error::new(
                ErrorCode::InvalidAggregate,
                "json",
                "must be valid JSON text",
            )
        })?,
        None => json,
    };
    // Text that is JSON but not an object is malformed saved state, not a wrong type.
    if text.is_some() && (!value.is_object() || js_sys::Array::is_array(&value)) {
        return Err(Error::new(
            ErrorCode::InvalidAggregate,
            "json",
            "must be the JSON text of an object { version, kind, scale, counts }",
        ));
    }
    survey::aggregate_state(&from_js(&value, "json")?, "json")
}
