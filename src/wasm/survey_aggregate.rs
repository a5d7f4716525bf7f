//! `SurveyAggregate`: a mergeable, serialisable aggregate as a JS class.

use js_sys::{Array, JSON};
use wasm_bindgen::prelude::*;

use super::input::{describe, wrong_type, Options};
use super::survey::{to_js, Scores, SurveyKind};
use super::survey_input::{aggregate, kind, level, property, scale};
use crate::error::{element, Error, ErrorCode};
use crate::survey::compare::compare;
use crate::survey::{Aggregate, AggregateState};

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
  level?: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// Options with only a level.
    #[wasm_bindgen(typescript_type = "LevelOptions")]
    pub type LevelOptions;
    /// Options with only a scale.
    #[wasm_bindgen(typescript_type = "{ scale?: number }")]
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
        kind_name: SurveyKind,
        options: Option<AggregateOptions>,
    ) -> Result<SurveyAggregate, JsValue> {
        let kind = kind(&kind_name.into(), "kind")?;
        let options = Options::new(&options.into(), "options", &["scale"])?;
        Ok(SurveyAggregate {
            inner: Aggregate::new(kind, scale(kind, &options)?),
        })
    }

    /// Adds one answer (a whole number on the scale).
    pub fn add(&mut self, score: JsValue) -> Result<(), JsValue> {
        let Some(number) = score.as_f64() else {
            return Err(wrong_type("score", "a number", &score).into());
        };
        Ok(self.inner.add(number, || "score".into())?)
    }

    /// Adds many answers (an array of numbers or a `Uint8Array`), all
    /// checked before any is added.
    #[wasm_bindgen(js_name = addScores)]
    pub fn add_scores(&mut self, scores: Scores) -> Result<(), JsValue> {
        let more = aggregate(
            self.inner.kind(),
            self.inner.scale(),
            &scores.into(),
            "scores",
        )?;
        Ok(self.inner.merge(&more)?)
    }

    /// Adds `other`'s answers to this one (`other` is unchanged).
    pub fn merge(&mut self, other: &SurveyAggregate) -> Result<(), JsValue> {
        Ok(self.inner.merge(&other.inner)?)
    }

    /// The kind's result (`NpsResult`, `CesResult` or `CsatResult`, tagged
    /// with `kind`). Throws `EMPTY_INPUT` without answers.
    #[wasm_bindgen(unchecked_return_type = "SurveyResult")]
    pub fn summary(&self, options: Option<LevelOptions>) -> Result<JsValue, JsValue> {
        let options = Options::new(&options.into(), "options", &["level"])?;
        to_js(&self.inner.summary(level(&options)?)?)
    }

    /// `this - other` with its interval and significance (see `compare`).
    #[wasm_bindgen(js_name = compareWith, unchecked_return_type = "Comparison")]
    pub fn compare_with(
        &self,
        other: &SurveyAggregate,
        options: Option<LevelOptions>,
    ) -> Result<JsValue, JsValue> {
        let options = Options::new(&options.into(), "options", &["level"])?;
        to_js(&compare(&self.inner, &other.inner, level(&options)?)?)
    }

    /// The versioned JSON form (`JSON.stringify` calls this).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "SurveyAggregateJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.to_state())
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

fn invalid(field: &str, rule: &str) -> Error {
    Error::new(ErrorCode::InvalidAggregate, field, rule)
}

/// Loads `{ version, kind, scale, counts }` from JSON text or an object
/// through the core's loader, which checks the version first so that a
/// newer format is reported as such. Field by field rather than through
/// serde, which would add its float formatting (~25 KiB) to the module.
fn read_state(json: JsValue) -> Result<Aggregate, Error> {
    let value = match json.as_string() {
        Some(text) => JSON::parse(&text).map_err(|_| invalid("json", "must be valid JSON text"))?,
        None => json,
    };
    if !value.is_object() || Array::is_array(&value) {
        return Err(wrong_type("json", "a JSON string or an object", &value));
    }
    let version = property(&value, &"version".into()).as_f64();
    Aggregate::load(version, "json", |version| read_fields(&value, version))
}

/// The fields after the version, in the shape of `version`.
fn read_fields(value: &JsValue, version: u32) -> Result<AggregateState, Error> {
    let whole = |name: &str, max: f64| {
        let v = property(value, &name.into());
        match v.as_f64() {
            Some(x) if x.fract() == 0.0 && (0.0..=max).contains(&x) => Ok(x),
            _ => Err(invalid(
                &format!("json.{name}"),
                &format!("must be a whole number, got {}", describe(&v)),
            )),
        }
    };
    Options::new(value, "json", &["version", "kind", "scale", "counts"]).map_err(|e| {
        Error::new(
            ErrorCode::InvalidAggregate,
            e.field(),
            "is not part of the format",
        )
    })?;
    let kind = kind(&property(value, &"kind".into()), "json.kind")
        .map_err(|e| invalid(e.field(), "must be \"nps\", \"ces\" or \"csat\""))?;
    let scale = whole("scale", 255.0)? as u8;
    let counts = property(value, &"counts".into());
    let Some(counts) = counts.dyn_ref::<Array>() else {
        return Err(invalid(
            "json.counts",
            &format!("must be an array of counts, got {}", describe(&counts)),
        ));
    };
    // One count per score of at most 11 (0 to 10): a longer array is refused
    // before it is read.
    if counts.length() > 11 {
        return Err(invalid(
            "json.counts",
            &format!(
                "holds one count per score (at most 11), got {}",
                counts.length()
            ),
        ));
    }
    let counts = counts
        .iter()
        .enumerate()
        .map(|(i, c)| match c.as_f64() {
            Some(x) if x.fract() == 0.0 && (0.0..=MAX_SAFE_COUNT).contains(&x) => Ok(x as u64),
            _ => Err(invalid(
                &element("json.counts", i),
                &format!(
                    "must be a whole number from 0 to 2^53 - 1, got {}",
                    describe(&c)
                ),
            )),
        })
        .collect::<Result<Vec<u64>, Error>>()?;
    Ok(AggregateState {
        version,
        kind,
        scale,
        counts,
    })
}

/// 2^53 - 1, the largest count a JS number holds exactly.
const MAX_SAFE_COUNT: f64 = 9_007_199_254_740_991.0;
