//! A JSON document tree and strict readers over it that name the path of
//! every bad field (`roles[1].metrics[0].direction`).
//!
//! Definitions and saved state arrive as JSON from the host app. Reading them
//! through this tree (rather than `serde` derive) gives every error its full
//! path and a typed code, and never formats a float with `core`'s printing.
//! The bindings convert JS values to and from [`Value`]; JSON text is parsed
//! and written by the JS engine (`JSON.parse` / `JSON.stringify`).

use crate::error::{Error, ErrorCode, Num};

/// A JSON value. Objects keep their keys in order.
///
/// ```
/// use clg_metrics::results::Value;
/// let v = Value::object([("name", Value::from("SDR")), ("level", Value::from(2.0))]);
/// assert_eq!(v.get("level"), Some(&Value::Number(2.0)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (and JS `undefined`).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (always finite in values this crate writes).
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in insertion order.
    Object(Vec<(String, Value)>),
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

    /// A short description for error messages.
    #[inline(never)]
    pub(crate) fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Number(n) => Num(*n).to_string(),
            Value::String(s) => {
                let mut cut: String = s.chars().take(40).collect();
                if cut.len() < s.len() {
                    cut.push('…');
                }
                format!("the string \"{cut}\"")
            }
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
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

/// `field` holds `value` where `expected` belongs.
#[cold]
#[inline(never)]
pub(crate) fn wrong_type(field: &str, expected: &str, value: Option<&Value>) -> Error {
    let got = value.map_or_else(|| "nothing".to_string(), Value::describe);
    Error::new(
        ErrorCode::WrongType,
        field,
        format_args!("must be {expected}, got {got}"),
    )
}

/// `field` holds a value of the right type that breaks `rule`.
#[cold]
#[inline(never)]
pub(crate) fn invalid(field: &str, rule: &str, value: &Value) -> Error {
    let got = value.describe();
    Error::new(
        ErrorCode::InvalidValue,
        field,
        format_args!("{rule}, got {got}"),
    )
}

/// `path.key`, or `key` at the root.
#[inline(never)]
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.into()
    } else {
        format!("{path}.{key}")
    }
}

/// Reads `value` at `path` as a finite number.
#[inline(never)]
pub(crate) fn number(value: Option<&Value>, path: &str) -> Result<f64, Error> {
    match value {
        Some(Value::Number(n)) if n.is_finite() => Ok(*n),
        Some(Value::Number(n)) => Err(Error::new(
            ErrorCode::NotFinite,
            path,
            format_args!("must be a finite number, got {}", Num(*n)),
        )),
        other => Err(wrong_type(path, "a number", other)),
    }
}

/// Reads `value` at `path` as a non-empty string of at most 200 characters
/// (ids and names).
#[inline(never)]
pub(crate) fn text(value: Option<&Value>, path: &str) -> Result<String, Error> {
    match value {
        Some(v @ Value::String(s)) => {
            if s.trim().is_empty() || s.chars().count() > 200 {
                return Err(invalid(
                    path,
                    "must be a non-empty string of at most 200 characters",
                    v,
                ));
            }
            Ok(s.clone())
        }
        other => Err(wrong_type(path, "a string", other)),
    }
}

/// Reads `value` at `path` as one of the strings in `allowed`, returning
/// its index.
#[inline(never)]
pub(crate) fn one_of(value: Option<&Value>, path: &str, allowed: &[&str]) -> Result<usize, Error> {
    let Some(v @ Value::String(s)) = value else {
        return Err(wrong_type(path, "a string", value));
    };
    allowed.iter().position(|a| a == s).ok_or_else(|| {
        let list = allowed
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ");
        invalid(path, &format!("must be one of {list}"), v)
    })
}

/// Reads `value` at `path` as an array.
#[inline(never)]
pub(crate) fn array<'a>(value: Option<&'a Value>, path: &str) -> Result<&'a [Value], Error> {
    match value {
        Some(Value::Array(items)) => Ok(items),
        other => Err(wrong_type(path, "an array", other)),
    }
}

/// Reads `value` at `path` as a millisecond timestamp: a whole number within
/// the range of a JS `Date` (±8.64e15).
#[inline(never)]
pub(crate) fn time(value: Option<&Value>, path: &str) -> Result<i64, Error> {
    let n = match value {
        Some(Value::Number(n)) => *n,
        other => return Err(wrong_type(path, "a number", other)),
    };
    if !n.is_finite() || n.fract() != 0.0 || n.abs() > 8.64e15 {
        return Err(Error::new(
            ErrorCode::InvalidTime,
            path,
            format_args!(
                "must be whole milliseconds since 1970 within the range of a JS Date, got {}",
                Num(n)
            ),
        ));
    }
    Ok(n as i64)
}

/// An object being read: rejects unknown keys up front, then hands out its
/// fields with their paths. `null` fields count as absent.
pub(crate) struct Obj<'a> {
    fields: &'a [(String, Value)],
    path: String,
}

impl<'a> Obj<'a> {
    /// Reads `value` at `path` as an object whose keys are all in `known`.
    #[inline(never)]
    pub(crate) fn new(value: Option<&'a Value>, path: &str, known: &[&str]) -> Result<Self, Error> {
        let Some(Value::Object(fields)) = value else {
            return Err(wrong_type(
                if path.is_empty() { "value" } else { path },
                "an object",
                value,
            ));
        };
        if let Some((key, _)) = fields.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            let list = known.join(", ");
            return Err(Error::new(
                ErrorCode::UnknownOption,
                join(path, key),
                format_args!("is not a known field here (known: {list})"),
            ));
        }
        Ok(Obj {
            fields,
            path: path.into(),
        })
    }

    /// The path of field `key`.
    #[inline(never)]
    pub(crate) fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Field `key`, `None` when absent or `null`.
    #[inline(never)]
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Value::Null)
    }

    #[inline(never)]
    pub(crate) fn number(&self, key: &str) -> Result<f64, Error> {
        number(self.get(key), &self.at(key))
    }

    #[inline(never)]
    pub(crate) fn opt_number(&self, key: &str) -> Result<Option<f64>, Error> {
        self.get(key)
            .map(|v| number(Some(v), &self.at(key)))
            .transpose()
    }

    #[inline(never)]
    pub(crate) fn text(&self, key: &str) -> Result<String, Error> {
        text(self.get(key), &self.at(key))
    }

    #[inline(never)]
    pub(crate) fn opt_text(&self, key: &str) -> Result<Option<String>, Error> {
        self.get(key)
            .map(|v| text(Some(v), &self.at(key)))
            .transpose()
    }

    #[inline(never)]
    pub(crate) fn one_of(&self, key: &str, allowed: &[&str]) -> Result<usize, Error> {
        one_of(self.get(key), &self.at(key), allowed)
    }

    #[inline(never)]
    pub(crate) fn array(&self, key: &str) -> Result<&'a [Value], Error> {
        array(self.get(key), &self.at(key))
    }

    /// Field `key` as an array, empty when absent.
    #[inline(never)]
    pub(crate) fn opt_array(&self, key: &str) -> Result<&'a [Value], Error> {
        self.get(key)
            .map_or(Ok(&[][..]), |v| array(Some(v), &self.at(key)))
    }

    #[inline(never)]
    pub(crate) fn time(&self, key: &str) -> Result<i64, Error> {
        time(self.get(key), &self.at(key))
    }

    #[inline(never)]
    pub(crate) fn opt_time(&self, key: &str) -> Result<Option<i64>, Error> {
        self.get(key)
            .map(|v| time(Some(v), &self.at(key)))
            .transpose()
    }

    #[inline(never)]
    pub(crate) fn bool(&self, key: &str) -> Result<bool, Error> {
        match self.get(key) {
            Some(Value::Bool(b)) => Ok(*b),
            other => Err(wrong_type(&self.at(key), "a boolean", other)),
        }
    }
}
