//! Survey input read from a [`Value`]: kinds, scales, levels, scores,
//! response objects, trend options and saved aggregates.

use super::{each, string, wrong_type, Obj, Value};
use crate::error::{element, msg, Error, ErrorCode};
use crate::stats::ConfidenceLevel;
use crate::survey::response::{self, RawResponse};
use crate::survey::trend::{self, Calendar, Period};
use crate::survey::{Aggregate, AggregateState, Kind, Scale};

/// A survey kind: `"nps"`, `"ces"` or `"csat"`.
pub fn kind(value: &Value, field: &str) -> Result<Kind, Error> {
    match value {
        Value::String(text) => Kind::parse(text, field),
        other => Err(wrong_type(
            field,
            "\"nps\", \"ces\" or \"csat\"",
            Some(other),
        )),
    }
}

/// The confidence level of `options.level` (0.95 when absent).
pub fn level(options: Option<&Obj<'_>>) -> Result<ConfidenceLevel, Error> {
    match options
        .map(|o| o.opt_number("level"))
        .transpose()?
        .flatten()
    {
        Some(level) => ConfidenceLevel::new(
            level,
            &options.map_or_else(String::new, |o| o.field("level")),
        ),
        None => Ok(ConfidenceLevel::DEFAULT),
    }
}

/// The scale of `kind` from `options.scale` (the kind's default when absent).
pub fn scale(kind: Kind, options: Option<&Obj<'_>>) -> Result<Scale, Error> {
    let top = options
        .map(|o| o.opt_number("scale"))
        .transpose()?
        .flatten();
    let field = options.map_or_else(String::new, |o| o.field("scale"));
    kind.scale(top, &field)
}

/// Counts scores given as a `Uint8Array`, a `Float64Array` or an array of
/// numbers; errors name `name[i]`.
pub fn scores(kind: Kind, scale: Scale, value: &Value, name: &str) -> Result<Aggregate, Error> {
    match value {
        Value::Bytes(bytes) => Aggregate::from_named_scores(kind, scale, bytes, name),
        Value::Numbers(numbers) => Aggregate::from_numbers(kind, scale, numbers, name),
        Value::Array(items) => {
            let mut aggregate = Aggregate::new(kind, scale);
            for (i, item) in items.iter().enumerate() {
                let Value::Number(score) = item else {
                    return Err(wrong_type(element(name, i), "a number", Some(item)));
                };
                aggregate.add(*score, || element(name, i))?;
            }
            Ok(aggregate)
        }
        other => Err(wrong_type(
            name,
            "an array of numbers, a Uint8Array or a Float64Array",
            Some(other),
        )),
    }
}

/// The keys of a response object.
const RESPONSE_KEYS: [&str; 7] = [
    "kind",
    "scale",
    "score",
    "timestamp",
    "respondent",
    "segments",
    "comment",
];

/// The keys of a response's `respondent`.
const RESPONDENT_KEYS: [&str; 3] = ["userId", "accountId", "role"];

/// Most attributes a trend groups by (`groupBy`; `LIMITS.groupBy` in
/// src/js/limits.js): each response is read once per attribute.
pub const MAX_GROUP_BY: usize = 16;

/// A response object's fields with their types checked; `Response::from_raw`
/// checks the values. Another key is `UNKNOWN_OPTION` (a typo such as
/// `respondent.acountId` would otherwise drop its value silently).
pub fn raw_response(value: &Value, path: &str) -> Result<RawResponse, Error> {
    let Value::Object(_) = value else {
        return Err(wrong_type(path, "a response object", Some(value)));
    };
    let o = Obj::new(value, path, &RESPONSE_KEYS)?;
    let kind = match o.raw("kind") {
        Some(Value::String(kind)) => kind.clone(),
        other => {
            return Err(wrong_type(
                o.field("kind"),
                "\"nps\", \"ces\" or \"csat\"",
                other,
            ))
        }
    };
    let respondent = match o.raw("respondent") {
        Some(who @ Value::Object(_)) => Obj::new(who, o.field("respondent"), &RESPONDENT_KEYS)?,
        other => {
            return Err(wrong_type(
                o.field("respondent"),
                "an object { userId, accountId?, role? }",
                other,
            ))
        }
    };
    let segments = match o.get("segments") {
        None => Vec::new(),
        // A key holding null is left out, as in every object of values by key.
        Some(Value::Object(pairs)) => pairs
            .iter()
            .filter(|(_, v)| !matches!(v, Value::Null))
            .map(|(name, v)| {
                Ok((
                    name.clone(),
                    string(Some(v), &msg!(path, ".segments.", name))?,
                ))
            })
            .collect::<Result<_, Error>>()?,
        Some(other) => {
            return Err(wrong_type(
                o.field("segments"),
                "an object of strings",
                Some(other),
            ))
        }
    };
    Ok(RawResponse {
        kind,
        scale: o.opt_number("scale")?,
        score: o.number("score")?,
        timestamp: o.number("timestamp")?,
        user_id: respondent.string("userId")?,
        account_id: respondent.opt_string("accountId")?,
        role: respondent.opt_string("role")?,
        segments,
        comment: o.opt_string("comment")?,
    })
}

/// The options of `surveyTrend`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendOptions {
    /// Confidence level of the intervals.
    pub level: ConfidenceLevel,
    /// Calendar periods, `None` for one group per segment.
    pub calendar: Option<Calendar>,
    /// Attributes to group by.
    pub group_by: Vec<String>,
}

impl TrendOptions {
    /// Reads `{ groupBy?, period?, utcOffsetMinutes?, level? }` (`null`:
    /// all defaults) named `name`.
    pub fn from_value(value: &Value, name: &str) -> Result<Self, Error> {
        let o = Obj::optional(
            value,
            name,
            &["groupBy", "period", "utcOffsetMinutes", "level"],
        )?;
        let group_by = match o
            .as_ref()
            .map(|o| o.opt_array("groupBy"))
            .transpose()?
            .flatten()
        {
            None => Vec::new(),
            Some(names) if names.len() > MAX_GROUP_BY => {
                let rule = msg!(
                    "must name at most ",
                    MAX_GROUP_BY,
                    " attributes, got ",
                    names.len()
                );
                return Err(Error::new(
                    ErrorCode::TooLarge,
                    msg!(name, ".groupBy"),
                    rule,
                ));
            }
            Some(names) => each(names, &msg!(name, ".groupBy"), |item, path| {
                let text = string(Some(item), &path)?;
                response::text(&text, response::MAX_TEXT_CHARS, || path)?;
                Ok(text)
            })?,
        };
        Ok(TrendOptions {
            level: level(o.as_ref())?,
            calendar: calendar(o.as_ref())?,
            group_by,
        })
    }
}

/// The options of `surveyTrendColumns`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnTrendOptions {
    /// The scale of the scores.
    pub scale: Scale,
    /// Confidence level of the intervals.
    pub level: ConfidenceLevel,
    /// Calendar periods, `None` for one group per segment.
    pub calendar: Option<Calendar>,
}

impl ColumnTrendOptions {
    /// Reads `{ scale?, period?, utcOffsetMinutes?, level? }` for `kind`.
    pub fn from_value(kind: Kind, value: &Value, name: &str) -> Result<Self, Error> {
        let o = Obj::optional(
            value,
            name,
            &["scale", "period", "utcOffsetMinutes", "level"],
        )?;
        Ok(ColumnTrendOptions {
            scale: scale(kind, o.as_ref())?,
            level: level(o.as_ref())?,
            calendar: calendar(o.as_ref())?,
        })
    }
}

/// A calendar from the `period` and `utcOffsetMinutes` options.
fn calendar(options: Option<&Obj<'_>>) -> Result<Option<Calendar>, Error> {
    let Some(o) = options else {
        return Ok(None);
    };
    let offset = match o.opt_number("utcOffsetMinutes")? {
        Some(minutes) => trend::utc_offset(minutes, &o.field("utcOffsetMinutes"))?,
        None => 0,
    };
    o.opt_string("period")?
        .map(|p| Period::parse(&p, &o.field("period")).map(|p| Calendar::new(p, offset)))
        .transpose()
}

/// The typed-array columns of `surveyTrendColumns`, taken out of the value.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyColumns {
    /// Scores (`Uint8Array`).
    pub scores: Vec<u8>,
    /// Timestamps in ms (`Float64Array`).
    pub timestamps: Option<Vec<f64>>,
    /// Segment codes (`Uint32Array`).
    pub segments: Option<Vec<u32>>,
}

impl SurveyColumns {
    /// Reads `{ scores, timestamps?, segments? }` named `name`, moving the
    /// arrays out (no copy).
    pub fn from_value(value: Value, name: &str) -> Result<Self, Error> {
        Obj::new(&value, name, &["scores", "timestamps", "segments"]).map_err(
            |e| match &value {
                Value::Object(_) => e,
                other => wrong_type(
                    name,
                    "an object { scores, timestamps?, segments? }",
                    Some(other),
                ),
            },
        )?;
        let Value::Object(fields) = value else {
            unreachable!("checked above")
        };
        let mut columns = SurveyColumns {
            scores: Vec::new(),
            timestamps: None,
            segments: None,
        };
        let mut scores = None;
        for (key, column) in fields {
            let field = || msg!(name, ".", key);
            match (key.as_str(), column) {
                (_, Value::Null) => {}
                ("scores", Value::Bytes(v)) => scores = Some(v),
                ("timestamps", Value::Numbers(v)) => columns.timestamps = Some(v),
                ("segments", Value::Indices(v)) => columns.segments = Some(v),
                (key, other) => {
                    let expected = match key {
                        "scores" => "a Uint8Array",
                        "timestamps" => "a Float64Array",
                        _ => "a Uint32Array",
                    };
                    return Err(wrong_type(field(), expected, Some(&other)));
                }
            }
        }
        columns.scores =
            scores.ok_or_else(|| wrong_type(msg!(name, ".scores"), "a Uint8Array", None))?;
        Ok(columns)
    }
}

/// A saved aggregate `{ version, kind, scale, counts }` named `name`,
/// through the aggregate's versioned format. Every flaw is
/// `INVALID_AGGREGATE` (a newer version `UNSUPPORTED_VERSION`).
pub fn aggregate_state(value: &Value, name: &str) -> Result<Aggregate, Error> {
    let Value::Object(_) = value else {
        return Err(wrong_type(name, "a JSON string or an object", Some(value)));
    };
    let version = value.get("version").and_then(Value::as_f64);
    Aggregate::load(version, name, |version| {
        aggregate_fields(value, name, version)
    })
}

/// The fields after the version, in the shape of `version`.
fn aggregate_fields(value: &Value, name: &str, version: u32) -> Result<AggregateState, Error> {
    let o = Obj::new(value, name, &["version", "kind", "scale", "counts"])
        .map_err(|e| e.coded(ErrorCode::InvalidAggregate))?;
    let got = |key: &str| o.raw(key).map_or_else(|| "nothing".into(), Value::describe);
    let kind = match o.raw("kind") {
        Some(v) => kind(v, &o.field("kind")).ok(),
        None => None,
    }
    .ok_or_else(|| invalid(o.field("kind"), "must be \"nps\", \"ces\" or \"csat\""))?;
    let scale = match o.raw("scale") {
        Some(Value::Number(x)) if x.fract() == 0.0 && (0.0..=255.0).contains(x) => *x as u8,
        _ => {
            return Err(invalid(
                o.field("scale"),
                &msg!("must be a whole number, got ", got("scale")),
            ))
        }
    };
    let Some(Value::Array(counts)) = o.raw("counts") else {
        return Err(invalid(
            o.field("counts"),
            &msg!("must be an array of counts, got ", got("counts")),
        ));
    };
    // One count per score of at most 11 (0 to 10).
    if counts.len() > 11 {
        return Err(invalid(
            o.field("counts"),
            &msg!("holds one count per score (at most 11), got ", counts.len()),
        ));
    }
    let counts = counts
        .iter()
        .enumerate()
        .map(|(i, c)| match c {
            Value::Number(x) if x.fract() == 0.0 && (0.0..=MAX_SAFE_COUNT).contains(x) => {
                Ok(*x as u64)
            }
            _ => Err(invalid(
                element(&o.field("counts"), i),
                &msg!(
                    "must be a whole number from 0 to 2^53 - 1, got ",
                    c.describe()
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

fn invalid(field: impl Into<String>, rule: &str) -> Error {
    Error::new(ErrorCode::InvalidAggregate, field, rule)
}

/// 2^53 - 1, the largest count a JS number holds exactly.
const MAX_SAFE_COUNT: f64 = 9_007_199_254_740_991.0;
