//! The generic input value.

use crate::error::{msg, Num, Quoted};
use crate::survey::clip;

/// Plain data as it crosses from JS: JSON's six kinds (objects keep their
/// keys in order) plus the three typed arrays the fast paths take whole.
///
/// ```
/// use clg_metrics::input::Value;
/// let v = Value::object([("name", Value::from("SDR")), ("level", Value::from(2.0))]);
/// assert_eq!(v.get("level"), Some(&Value::Number(2.0)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (and JS `undefined`).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (any `f64`: the readers check finiteness where it matters).
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in insertion order.
    Object(Vec<(String, Value)>),
    /// A `Uint8Array` (survey scores, column scores).
    Bytes(Vec<u8>),
    /// A `Uint32Array` (segment codes, event indices).
    Indices(Vec<u32>),
    /// A `Float64Array` (numbers read as an array of numbers).
    Numbers(Vec<f64>),
}

impl Value {
    /// An object from key/value pairs.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The field `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Moves the field `key` out of an object, leaving `null` (`null` when
    /// absent or not an object): large arrays are read without a copy.
    pub fn take(&mut self, key: &str) -> Value {
        match self {
            Value::Object(fields) => fields
                .iter_mut()
                .find(|(k, _)| k == key)
                .map_or(Value::Null, |(_, v)| std::mem::replace(v, Value::Null)),
            _ => Value::Null,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// `null` (or `undefined`): an absent optional field.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A copy without the object fields that hold `null`, at any depth:
    /// the absent fields left out, as the data echoes it back.
    ///
    /// ```
    /// use clg_metrics::input::Value;
    /// let v = Value::object([("a", Value::Null), ("b", Value::object([("c", Value::Null)]))]);
    /// assert_eq!(v.without_nulls(), Value::object([("b", Value::object::<&str>([]))]));
    /// ```
    pub fn without_nulls(&self) -> Value {
        match self {
            Value::Object(fields) => Value::Object(
                fields
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.without_nulls()))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(Value::without_nulls).collect()),
            other => other.clone(),
        }
    }

    /// A short description for error messages: numbers and strings as
    /// written (strings cut to 40 characters), anything else by kind.
    #[inline(never)]
    pub fn describe(&self) -> String {
        match self {
            // `null` is absent (the one null rule), as is `undefined`.
            Value::Null => "nothing".into(),
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Number(n) => msg!(Num(*n)),
            Value::String(s) => msg!("the string ", Quoted(&clip(s))),
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
            Value::Bytes(_) => "a Uint8Array".into(),
            Value::Indices(_) => "a Uint32Array".into(),
            Value::Numbers(_) => "a Float64Array".into(),
        }
    }
}

impl From<f64> for Value {
    /// A number; `-0` becomes `0` (no output of the package is -0).
    fn from(n: f64) -> Value {
        Value::Number(n + 0.0)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
impl Value {
    /// `text` parsed as JSON, for native tests of the readers.
    pub(crate) fn json(text: &str) -> Value {
        fn convert(v: &serde_json::Value) -> Value {
            match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(*b),
                serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
                serde_json::Value::String(s) => Value::String(s.clone()),
                serde_json::Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
                serde_json::Value::Object(o) => {
                    Value::Object(o.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
                }
            }
        }
        convert(&serde_json::from_str(text).unwrap())
    }
}
