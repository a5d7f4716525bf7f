//! Reading survey input from JS: kinds, scales, levels, scores and
//! response objects, each with an error naming the field.

use std::fmt;

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::input::{wrong_type, Options};
use crate::error::{element, Error};
use crate::stats::ConfidenceLevel;
use crate::survey::response::RawResponse;
use crate::survey::{Aggregate, Kind, Scale};

/// The property `key` of `object`, `undefined` when `object` is not one.
pub(crate) fn property(object: &JsValue, key: &JsValue) -> JsValue {
    if object.is_object() {
        Reflect::get(object, key).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// The confidence level of `options.level` (0.95 when absent).
pub(crate) fn level(options: &Options) -> Result<ConfidenceLevel, Error> {
    match options.number("level")? {
        Some(level) => ConfidenceLevel::new(level, "options.level"),
        None => Ok(ConfidenceLevel::DEFAULT),
    }
}

/// The scale of `kind` from `options.scale` (the kind's default when absent).
pub(crate) fn scale(kind: Kind, options: &Options) -> Result<Scale, Error> {
    kind.scale(options.number("scale")?, "options.scale")
}

/// A survey kind given as a string.
pub(crate) fn kind(value: &JsValue, field: &str) -> Result<Kind, Error> {
    match value.as_string() {
        Some(text) => Kind::parse(&text, field),
        None => Err(wrong_type(field, "\"nps\", \"ces\" or \"csat\"", value)),
    }
}

/// An optional string property: `undefined`/`null` give `None`.
pub(crate) fn optional_string(
    value: JsValue,
    field: impl FnOnce() -> String,
) -> Result<Option<String>, Error> {
    // The common cases first: each check is a call into JS.
    if let Some(text) = value.as_string() {
        return Ok(Some(text));
    }
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    Err(wrong_type(field(), "a string", &value))
}

/// Counts scores given as a `Uint8Array` or an array of numbers; errors
/// name `name[i]`.
pub(crate) fn aggregate(
    kind: Kind,
    scale: Scale,
    scores: &JsValue,
    name: &str,
) -> Result<Aggregate, Error> {
    if let Some(bytes) = scores.dyn_ref::<Uint8Array>() {
        return Aggregate::from_named_scores(kind, scale, &bytes.to_vec(), name);
    }
    if let Some(numbers) = scores.dyn_ref::<Float64Array>() {
        return Aggregate::from_numbers(kind, scale, &numbers.to_vec(), name);
    }
    let mut aggregate = Aggregate::new(kind, scale);
    // Element by element: a boundary crossing each, but exact errors for
    // any value. The JS wrapper sends arrays of plain numbers as a
    // Float64Array instead.
    let Some(array) = scores.dyn_ref::<Array>() else {
        return Err(wrong_type(
            name,
            "an array of numbers, a Uint8Array or a Float64Array",
            scores,
        ));
    };
    for (index, value) in array.iter().enumerate() {
        let Some(number) = value.as_f64() else {
            return Err(wrong_type(element(name, index), "a number", &value));
        };
        aggregate.add(number, || element(name, index))?;
    }
    Ok(aggregate)
}

/// An optional typed-array property of a columns object, copied out.
pub(crate) fn column<T: JsCast, V>(
    columns: &JsValue,
    key: &str,
    expected: &str,
    copy: impl Fn(&T) -> V,
) -> Result<Option<V>, Error> {
    let value = property(columns, &key.into());
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.dyn_ref::<T>() {
        Some(typed) => Ok(Some(copy(typed))),
        None => Err(wrong_type(format!("columns.{key}"), expected, &value)),
    }
}

/// Typed-array columns copied out of JS.
pub(crate) struct OwnedColumns {
    pub(crate) scores: Vec<u8>,
    pub(crate) timestamps: Option<Vec<f64>>,
    pub(crate) segments: Option<Vec<u32>>,
}

/// The three column kinds, read from `columns`.
pub(crate) fn columns(columns: &JsValue) -> Result<OwnedColumns, Error> {
    if !columns.is_object() {
        return Err(wrong_type(
            "columns",
            "an object { scores, timestamps?, segments? }",
            columns,
        ));
    }
    Options::new(columns, "columns", &["scores", "timestamps", "segments"])?;
    let scores = column(columns, "scores", "a Uint8Array", Uint8Array::to_vec)?
        .ok_or_else(|| wrong_type("columns.scores", "a Uint8Array", &JsValue::UNDEFINED))?;
    let timestamps = column(
        columns,
        "timestamps",
        "a Float64Array",
        Float64Array::to_vec,
    )?;
    let segments = column(columns, "segments", "a Uint32Array", Uint32Array::to_vec)?;
    Ok(OwnedColumns {
        scores,
        timestamps,
        segments,
    })
}

/// `name[index]`, formatted only when an error needs it.
pub(crate) struct Element(pub(crate) &'static str, pub(crate) usize);

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// Property names, created once per call rather than once per response.
pub(crate) struct Keys {
    kind: JsValue,
    scale: JsValue,
    score: JsValue,
    timestamp: JsValue,
    respondent: JsValue,
    user_id: JsValue,
    account_id: JsValue,
    role: JsValue,
    segments: JsValue,
    comment: JsValue,
}

impl Keys {
    pub(crate) fn new() -> Self {
        let key = |k: &str| JsValue::from_str(k);
        Keys {
            kind: key("kind"),
            scale: key("scale"),
            score: key("score"),
            timestamp: key("timestamp"),
            respondent: key("respondent"),
            user_id: key("userId"),
            account_id: key("accountId"),
            role: key("role"),
            segments: key("segments"),
            comment: key("comment"),
        }
    }
}

/// Reads a response object's fields with their JS types checked; values
/// are checked by `Response::from_raw`. `path` names the object in errors.
pub(crate) fn raw_response(
    value: &JsValue,
    keys: &Keys,
    path: &dyn fmt::Display,
) -> Result<RawResponse, Error> {
    if !value.is_object() || Array::is_array(value) {
        return Err(wrong_type(path.to_string(), "a response object", value));
    }
    let at = |name: &str| format!("{path}.{name}");
    // `value` and `respondent` are known objects: read them without re-checking.
    let get =
        |object: &JsValue, key: &JsValue| Reflect::get(object, key).unwrap_or(JsValue::UNDEFINED);
    let number = |key: &JsValue, name: &str| {
        let v = get(value, key);
        v.as_f64()
            .ok_or_else(|| wrong_type(at(name), "a number", &v))
    };
    let kind_value = get(value, &keys.kind);
    let kind = kind_value
        .as_string()
        .ok_or_else(|| wrong_type(at("kind"), "\"nps\", \"ces\" or \"csat\"", &kind_value))?;
    let scale_value = get(value, &keys.scale);
    let scale = match scale_value.as_f64() {
        Some(scale) => Some(scale),
        None if scale_value.is_undefined() => None,
        None => return Err(wrong_type(at("scale"), "a number", &scale_value)),
    };
    let respondent = get(value, &keys.respondent);
    // An array here fails on `userId` below; one call into JS fewer per response.
    if !respondent.is_object() {
        return Err(wrong_type(
            at("respondent"),
            "an object { userId, accountId?, role? }",
            &respondent,
        ));
    }
    let user_id = get(&respondent, &keys.user_id);
    let user_id = user_id
        .as_string()
        .ok_or_else(|| wrong_type(at("respondent.userId"), "a string", &user_id))?;
    Ok(RawResponse {
        kind,
        scale,
        score: number(&keys.score, "score")?,
        timestamp: number(&keys.timestamp, "timestamp")?,
        user_id,
        account_id: optional_string(get(&respondent, &keys.account_id), || {
            at("respondent.accountId")
        })?,
        role: optional_string(get(&respondent, &keys.role), || at("respondent.role"))?,
        segments: segments(get(value, &keys.segments), path)?,
        comment: optional_string(get(value, &keys.comment), || at("comment"))?,
    })
}

/// A `segments` object of string values (absent: none).
fn segments(value: JsValue, path: &dyn fmt::Display) -> Result<Vec<(String, String)>, Error> {
    if !value.is_object() || Array::is_array(&value) {
        if value.is_undefined() || value.is_null() {
            return Ok(Vec::new());
        }
        return Err(wrong_type(
            format!("{path}.segments"),
            "an object of strings",
            &value,
        ));
    }
    let mut pairs = Vec::new();
    for entry in Object::entries(value.unchecked_ref()) {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1);
        match value.as_string() {
            Some(text) => pairs.push((name, text)),
            None => {
                return Err(wrong_type(
                    format!("{path}.segments.{name}"),
                    "a string",
                    &value,
                ))
            }
        }
    }
    Ok(pairs)
}
