//! Responses, trends and segments: `validateResponse`, `surveyTrend`
//! (response objects) and `surveyTrendColumns` (typed arrays).

use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::input::from_js;
use super::survey::{to_js, SurveyKind};
use crate::error::{element, Error, ErrorCode};
use crate::input::survey::{self, raw_response};
use crate::input::Value;
use crate::survey::response::{Attributes, Response};
use crate::survey::trend::packed::{self, Packed};
use crate::survey::trend::{self, Columns, Trend, TrendRow};
use crate::survey::Kind;

#[wasm_bindgen(typescript_custom_section)]
const TS_TREND: &'static str = r#"
/** One survey answer, as the host app records it. */
export interface SurveyResponse {
  kind: SurveyKind;
  /** Whole number on the scale (0-10 for NPS, 1-`scale` otherwise). */
  score: number;
  /** Highest score of the scale; default 10 (NPS), 7 (CES), 5 (CSAT). */
  scale?: number | null | undefined;
  /** When it was given: ms since 1970-01-01 UTC (`Date.now()`). */
  timestamp: number;
  respondent: { userId: string; accountId?: string | null | undefined; role?: string | null | undefined };
  /** Free segment attributes: plan, product line, customer type, CSM coverage... (non-empty strings, at most 200 characters). */
  segments?: Record<string, string> | null | undefined;
  /** Optional follow-up text, at most 2000 characters. */
  comment?: string | null | undefined;
}

/** A response after validation: defaults filled in. */
export interface ValidResponse {
  kind: SurveyKind;
  score: number;
  scale: number;
  timestamp: number;
  respondent: { userId: string; accountId: string | null; role: string | null };
  segments: Record<string, string>;
  comment: string | null;
}

export type TrendPeriod = 'day' | 'week' | 'month' | 'quarter';

export interface TrendOptions {
  /**
   * Segment attributes to group by (names in `segments`, or
   * `"respondent.role"`, `"respondent.accountId"`). Default: none.
   */
  groupBy?: string[] | null | undefined;
  /** Calendar bucket; default: none (one group per segment). Weeks are ISO weeks (Monday first). */
  period?: TrendPeriod | null | undefined;
  /** Local time of the buckets as minutes east of UTC (e.g. 60, -300); whole, within ±840. Default 0. */
  utcOffsetMinutes?: number | null | undefined;
  /** Confidence level of every interval. Default `0.95`. */
  level?: number | null | undefined;
}

export interface TrendGroup<S> {
  segment: S;
  /** `"2026-01-15"`, `"2026-W03"`, `"2026-01"`, `"2026-Q1"`; `null` without a period. */
  period: string | null;
  /** UTC ms at which the period begins (local midnight at the offset). */
  start: number | null;
  /** UTC ms at which the next period begins. */
  end: number | null;
  result: SurveyResult;
  /**
   * This period against the same segment's period just before, as
   * `compare(kind, thisPeriod, periodBefore)` gives it; `null` for a
   * segment's first period, after a period without its responses, without
   * a `period`, or when a CES side has a single answer.
   */
  change: Comparison | null;
}

export interface Trend<S> {
  kind: SurveyKind;
  scale: number;
  /** Sorted by segment, then period. */
  groups: TrendGroup<S>[];
}

/** Parallel typed arrays, one entry per response. */
export interface SurveyColumns {
  scores: Uint8Array;
  /** ms since the epoch; needed with a `period`. */
  timestamps?: Float64Array | null | undefined;
  /** A segment code per response (your own numbering). */
  segments?: Uint32Array | null | undefined;
}

export interface ColumnTrendOptions {
  /** Highest score of the scale (see `ScaleOptions`). */
  scale?: number | null | undefined;
  period?: TrendPeriod | null | undefined;
  utcOffsetMinutes?: number | null | undefined;
  level?: number | null | undefined;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A response object.
    #[wasm_bindgen(typescript_type = "SurveyResponse")]
    pub type SurveyResponse;
    /// An array of response objects.
    #[wasm_bindgen(typescript_type = "readonly SurveyResponse[]")]
    pub type SurveyResponses;
    /// Options of [`survey_trend`].
    #[wasm_bindgen(typescript_type = "TrendOptions")]
    pub type TrendOptions;
    /// Typed-array columns.
    #[wasm_bindgen(typescript_type = "SurveyColumns")]
    pub type SurveyColumns;
    /// Options of [`survey_trend_columns`].
    #[wasm_bindgen(typescript_type = "ColumnTrendOptions")]
    pub type ColumnTrendOptions;
}

/// Checks one response object and returns it with defaults filled in.
/// Throws a `ClgMetricsError` naming the field (`response.score`,
/// `response.respondent.userId`, ...): `WRONG_TYPE`, `INVALID_CHOICE`,
/// `INVALID_SCALE`, `SCORE_OUT_OF_RANGE`, `SCORE_NOT_INTEGER`,
/// `INVALID_TIME`, `EMPTY_TEXT`, `TEXT_TOO_LONG` (comment over 2000
/// characters, ids, roles and segments over 200).
///
/// @example
/// ```ts
/// validateResponse({ kind: 'csat', score: 4, timestamp: Date.now(), respondent: { userId: 'u1' } }).scale; // 5
/// ```
#[wasm_bindgen(js_name = validateResponse, unchecked_return_type = "ValidResponse")]
pub fn validate_response(response: SurveyResponse) -> Result<JsValue, JsValue> {
    let raw = raw_response(&from_js(&response.into(), "response")?, "response")?;
    to_js(&Response::from_raw(raw, &"response")?)
}

/// The value of grouping attribute `name` for `response`.
fn attribute(response: &Response, name: &str) -> Option<String> {
    match name {
        "respondent.role" => response.respondent.role.clone(),
        "respondent.accountId" => response.respondent.account_id.clone(),
        _ => response.segments.get(name).cloned(),
    }
}

/// A trend of response objects, with the kind and scale of the first one.
type ObjectTrend = (Trend<Vec<Option<String>>>, Kind, u8);

#[derive(Serialize)]
struct TrendOutput<S> {
    kind: Kind,
    scale: u8,
    groups: Vec<TrendRow<S>>,
}

/// Scores grouped by segment attributes and by calendar period, each group
/// with its result and interval: "NPS by plan, per month". Every response
/// is validated as in `validateResponse` (errors name `responses[i]...`);
/// all must share one kind and scale (`KIND_MISMATCH`, `SCALE_MISMATCH`).
/// A response without a grouping attribute falls in the group where that
/// attribute is `null`. Also `EMPTY_INPUT`, `INVALID_CHOICE` (period),
/// `INVALID_OFFSET`, `INVALID_LEVEL`, `UNKNOWN_OPTION`.
///
/// @example
/// ```ts
/// const t = surveyTrend(responses, { groupBy: ['plan'], period: 'month', utcOffsetMinutes: 60 });
/// for (const g of t.groups) console.log(g.segment.plan, g.period, 'score' in g.result ? g.result.score : g.result.mean, g.result.interval);
/// ```
#[wasm_bindgen(js_name = surveyTrend, unchecked_return_type = "Trend<Record<string, string | null>>")]
pub fn survey_trend(
    responses: SurveyResponses,
    options: Option<TrendOptions>,
) -> Result<JsValue, JsValue> {
    let survey::TrendOptions {
        level,
        calendar,
        group_by: names,
    } = survey::TrendOptions::from_value(&from_js(&options.into(), "options")?, "options")?;
    let responses = from_js(&responses.into(), "responses")?;
    let Value::Array(items) = &responses else {
        return Err(crate::input::wrong_type(
            "responses",
            "an array of response objects",
            Some(&responses),
        )
        .into());
    };
    let mut trend: Option<ObjectTrend> = None;
    for (index, value) in items.iter().enumerate() {
        let path = element("responses", index);
        let response = Response::from_raw(raw_response(value, &path)?, &path)?;
        let (trend, kind, scale) = trend.get_or_insert_with(|| {
            let scale = response.kind.scale_of(response.scale);
            (
                Trend::new(response.kind, scale, calendar),
                response.kind,
                response.scale,
            )
        });
        trend::same_survey((*kind, *scale), (response.kind, response.scale), &path)?;
        let segment = names
            .iter()
            .map(|name| attribute(&response, name))
            .collect();
        trend.record(segment, response.timestamp, response.score);
    }
    let Some((trend, kind, scale)) = trend else {
        return Err(trend::no_responses().into());
    };
    output(kind, scale, &names, trend.rows(level)?)
}

/// The result of `surveyTrend`: segments named by the `groupBy` attributes.
fn output(
    kind: Kind,
    scale: u8,
    names: &[String],
    rows: Vec<packed::Row>,
) -> Result<JsValue, JsValue> {
    let groups = rows
        .into_iter()
        .map(|row| TrendRow {
            segment: Attributes(names.iter().cloned().zip(row.segment).collect()),
            period: row.period,
            start: row.start,
            end: row.end,
            result: row.result,
            change: row.change,
        })
        .collect();
    to_js(&TrendOutput {
        kind,
        scale,
        groups,
    })
}

/// `surveyTrend` on responses the JS wrapper packed into columns (internal:
/// see `src/js/pack.js`). `responses` is the array they were packed from,
/// read again only for a response whose packed values do not prove it
/// valid; `text` holds the distinct strings as UTF-8, joined with a
/// one-unit separator, `lengths` their JS lengths; the other arguments are
/// the columns of `trend::packed::Packed`. Same validation, errors and
/// result as `surveyTrend` on the objects.
#[wasm_bindgen(js_name = surveyTrendPacked, skip_typescript)]
pub fn survey_trend_packed(
    responses: JsValue,
    text: &[u8],
    lengths: &[u32],
    numbers: &[f64],
    refs: &[u32],
    segments: &[u32],
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let survey::TrendOptions {
        level,
        calendar,
        group_by: names,
    } = survey::TrendOptions::from_value(&from_js(&options, "options")?, "options")?;
    let array = responses
        .dyn_ref::<Array>()
        .filter(|a| a.length() as usize * (packed::REFS + names.len()) == refs.len())
        .ok_or_else(|| packed::malformed("responses", "not the packed array"))?;
    let text = std::str::from_utf8(text).map_err(|_| packed::malformed("text", "not UTF-8"))?;
    let strings = packed::split(text, lengths)?;
    let packed = Packed {
        strings: &strings,
        numbers,
        refs,
        segments,
    };
    // A response object is converted only if its columns need it.
    let object = |i: usize| {
        let path = element("responses", i);
        raw_response(&from_js(&array.get(i as u32), &path)?, &path)
    };
    let (kind, scale, rows) = packed::rows(&packed, &names, calendar, level, object)?;
    output(kind, scale, &names, rows)
}

/// The fast path of `surveyTrend` for large data: scores as a
/// `Uint8Array`, timestamps as a `Float64Array` and your own segment codes
/// as a `Uint32Array`, all the same length. Groups carry `segment: code`
/// (`null` without codes). Errors name `scores[i]` / `timestamps[i]`;
/// `LENGTH_MISMATCH` when lengths differ or a period has no timestamps.
///
/// @example
/// ```ts
/// const t = surveyTrendColumns('nps', { scores, timestamps, segments }, { period: 'week' });
/// ```
#[wasm_bindgen(js_name = surveyTrendColumns, unchecked_return_type = "Trend<number | null>")]
pub fn survey_trend_columns(
    #[wasm_bindgen(js_name = kind)] kind_name: SurveyKind,
    data: SurveyColumns,
    options: Option<ColumnTrendOptions>,
) -> Result<JsValue, JsValue> {
    let kind = survey::kind(&from_js(&kind_name.into(), "kind")?, "kind")?;
    let survey::ColumnTrendOptions {
        scale,
        level,
        calendar,
    } = survey::ColumnTrendOptions::from_value(
        kind,
        &from_js(&options.into(), "options")?,
        "options",
    )?;
    let data = survey::SurveyColumns::from_value(from_js(&data.into(), "columns")?, "columns")?;
    let columns = Columns {
        scores: &data.scores,
        timestamps: data.timestamps.as_deref(),
        segments: data.segments.as_deref(),
    };
    if columns.scores.is_empty() {
        let e = Error::new(
            ErrorCode::EmptyInput,
            "columns.scores",
            "a trend needs at least one score, got none",
        );
        return Err(e.into());
    }
    // The core names the columns from their root (`scores[3]`, `timestamps`).
    let trend = trend::from_columns(kind, scale, columns, calendar).map_err(|e| e.under("columns"));
    let groups = trend?.rows(level)?;
    to_js(&TrendOutput {
        kind,
        scale: scale.max,
        groups,
    })
}
