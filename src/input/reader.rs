//! The reader: typed fields of a [`Value`] with errors that name their
//! path. See the module docs of [`crate::input`] for the rules.

use super::Value;
use crate::error::{element, msg, Error, ErrorCode, Num};

/// `field` holds `value` (`None`: nothing) where `expected` belongs.
#[cold]
#[inline]
pub fn wrong_type(field: impl Into<String>, expected: &str, value: Option<&Value>) -> Error {
    wrong_type_at(field.into(), expected, value)
}

#[cold]
#[inline(never)]
fn wrong_type_at(field: String, expected: &str, value: Option<&Value>) -> Error {
    let got = value.map_or_else(|| "nothing".into(), Value::describe);
    Error::new(
        ErrorCode::WrongType,
        field,
        msg!("must be ", expected, ", got ", got),
    )
}

/// `field` holds a value of the right type that breaks `rule`.
#[cold]
#[inline]
pub fn invalid(field: impl Into<String>, rule: &str, value: &Value) -> Error {
    invalid_at(field.into(), rule, value)
}

#[cold]
#[inline(never)]
fn invalid_at(field: String, rule: &str, value: &Value) -> Error {
    let got = value.describe();
    Error::new(ErrorCode::InvalidValue, field, msg!(rule, ", got ", got))
}

/// The one unknown-key error: `field` is not among the `known` keys of
/// its object (`UNKNOWN_OPTION`).
#[cold]
#[inline(never)]
pub fn unknown_key(field: String, known: &[&str]) -> Error {
    let list = known.join(", ");
    Error::new(
        ErrorCode::UnknownOption,
        field,
        msg!("is not a known key here (known: ", list, ")"),
    )
}

/// `path.key`, or `key` at the root (an empty `path`).
#[inline(never)]
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.into()
    } else {
        msg!(path, ".", key)
    }
}

/// `value` at `path` as a number (any, `NaN` included: the caller's rule
/// decides).
#[inline(never)]
pub fn number(value: Option<&Value>, path: &str) -> Result<f64, Error> {
    match value {
        Some(Value::Number(n)) => Ok(*n),
        other => Err(wrong_type(path, "a number", other)),
    }
}

/// `value` at `path` as a finite number (`NOT_FINITE` otherwise).
#[inline(never)]
pub fn finite(value: Option<&Value>, path: &str) -> Result<f64, Error> {
    let n = number(value, path)?;
    if n.is_finite() {
        Ok(n)
    } else {
        Err(Error::new(
            ErrorCode::NotFinite,
            path,
            msg!("must be a finite number, got ", Num(n)),
        ))
    }
}

/// `x` as a whole number from 0 that fits an index (`NOT_FINITE` for
/// `NaN` and `±Infinity`, `VALUE_OUT_OF_RANGE` otherwise).
#[inline(never)]
pub fn index(x: f64, field: impl Into<String>) -> Result<usize, Error> {
    if x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) {
        return Ok(x as usize);
    }
    let code = if x.is_finite() {
        ErrorCode::ValueOutOfRange
    } else {
        ErrorCode::NotFinite
    };
    Err(Error::new(
        code,
        field,
        msg!("must be a whole number from 0 to 4294967295, got ", Num(x)),
    ))
}

/// `value` at `path` as a string.
#[inline(never)]
pub fn string(value: Option<&Value>, path: &str) -> Result<String, Error> {
    match value {
        Some(Value::String(s)) => Ok(s.clone()),
        other => Err(wrong_type(path, "a string", other)),
    }
}

/// `value` at `path` as an id or a name: a non-empty string
/// (`INVALID_VALUE` when blank) of at most 200 characters
/// (`TEXT_TOO_LONG`).
pub fn text(value: Option<&Value>, path: &str) -> Result<String, Error> {
    text_within(value, path, 200)
}

/// `value` at `path` as a non-blank string of at most `max` characters
/// (Unicode scalar values), as [`text`]: a note's text, a URL.
///
/// ```
/// # use clg_metrics::input::{text_within, Value};
/// let url = Value::String("https://example.com/guide".into());
/// assert!(text_within(Some(&url), "resources[0].url", 2048).is_ok());
/// assert_eq!(text_within(Some(&url), "resources[0].url", 8).unwrap_err().code().as_str(), "TEXT_TOO_LONG");
/// ```
#[inline(never)]
pub fn text_within(value: Option<&Value>, path: &str, max: usize) -> Result<String, Error> {
    match value {
        Some(v @ Value::String(s)) => {
            if s.trim().is_empty() {
                return Err(invalid(path, "must be a non-empty string", v));
            }
            // Byte length bounds the character count from above: most texts skip the count.
            let count = if s.len() > max { s.chars().count() } else { 0 };
            if count > max {
                return Err(Error::new(
                    ErrorCode::TextTooLong,
                    path,
                    msg!("must be at most ", max, " characters, got ", count),
                ));
            }
            Ok(s.clone())
        }
        other => Err(wrong_type(path, "a string", other)),
    }
}

/// `value` at `path` as a boolean.
#[inline(never)]
pub fn boolean(value: Option<&Value>, path: &str) -> Result<bool, Error> {
    match value {
        Some(Value::Bool(b)) => Ok(*b),
        other => Err(wrong_type(path, "a boolean", other)),
    }
}

/// `value` at `path` as one of the strings in `allowed`; returns its index.
#[inline(never)]
pub fn one_of(value: Option<&Value>, path: &str, allowed: &[&str]) -> Result<usize, Error> {
    let Some(v @ Value::String(s)) = value else {
        return Err(wrong_type(path, "a string", value));
    };
    allowed.iter().position(|a| a == s).ok_or_else(|| {
        let list = allowed
            .iter()
            .map(|a| msg!("\"", a, "\""))
            .collect::<Vec<_>>()
            .join(", ");
        invalid(path, &msg!("must be one of ", list), v)
    })
}

/// `value` at `path` as one of the strings in `choices`, an option's
/// choice (`INVALID_CHOICE`; another type is `WRONG_TYPE`); `rule` lists
/// them, e.g. `must be "a" or "b"`. Returns its index. ([`one_of`] is
/// for the names inside a document, `INVALID_VALUE`.)
#[inline(never)]
pub fn choice(
    value: Option<&Value>,
    path: &str,
    choices: &[&str],
    rule: &str,
) -> Result<usize, Error> {
    let Some(v @ Value::String(text)) = value else {
        return Err(wrong_type(path, "a string", value));
    };
    choices.iter().position(|c| c == text).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidChoice,
            path,
            msg!(rule, ", got ", v.describe()),
        )
    })
}

/// `value` at `path` as an array.
#[inline(never)]
pub fn array<'a>(value: Option<&'a Value>, path: &str) -> Result<&'a [Value], Error> {
    match value {
        Some(Value::Array(items)) => Ok(items),
        other => Err(wrong_type(path, "an array", other)),
    }
}

/// `value` at `path` as numbers: a `Float64Array` (or another typed
/// array), or an array of numbers whose `null`s read as `NaN` when
/// `nulls_as_nan`.
#[inline(never)]
pub fn numbers(value: Option<&Value>, path: &str, nulls_as_nan: bool) -> Result<Vec<f64>, Error> {
    match value {
        Some(Value::Numbers(v)) => Ok(v.clone()),
        Some(Value::Bytes(v)) => Ok(v.iter().map(|&x| f64::from(x)).collect()),
        Some(Value::Indices(v)) => Ok(v.iter().map(|&x| f64::from(x)).collect()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Number(x) => Ok(*x),
                Value::Null if nulls_as_nan => Ok(f64::NAN),
                other => Err(wrong_type(element(path, i), "a number", Some(other))),
            })
            .collect(),
        other => Err(wrong_type(
            path,
            "an array of numbers or a Float64Array",
            other,
        )),
    }
}

/// Like [`numbers`], but a `Float64Array` is moved out rather than copied.
pub fn into_numbers(value: Value, path: &str, nulls_as_nan: bool) -> Result<Vec<f64>, Error> {
    match value {
        Value::Numbers(v) => Ok(v),
        other => numbers(Some(&other), path, nulls_as_nan),
    }
}

/// `value` at `path` as a millisecond timestamp: a whole number within
/// the range of a JS `Date` (±8.64e15), else `INVALID_TIME`.
#[inline(never)]
pub fn time(value: Option<&Value>, path: &str) -> Result<i64, Error> {
    let n = number(value, path)?;
    if !n.is_finite() || n.fract() != 0.0 || n.abs() > 8.64e15 {
        return Err(Error::new(
            ErrorCode::InvalidTime,
            path,
            msg!(
                "must be whole milliseconds since 1970 within the range of a JS Date, got ",
                Num(n)
            ),
        ));
    }
    Ok(n as i64)
}

/// Reads every element of `items` (at `path`) with `read(item, its path)`.
pub fn each<'a, T>(
    items: &'a [Value],
    path: &str,
    mut read: impl FnMut(&'a Value, String) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read(item, element(path, i)))
        .collect()
}

static NULL: Value = Value::Null;

/// An object being read at a path: unknown keys are refused up front, then
/// its fields are handed out typed, with their paths. A field holding
/// `null` is absent.
///
/// ```
/// use clg_metrics::input::{Obj, Value};
/// let goal = Value::object([("target", Value::from("ten"))]);
/// let e = Obj::new(&goal, "goal", &["target"]).unwrap().number("target").unwrap_err();
/// assert_eq!(e.message(), "goal.target: must be a number, got the string \"ten\"");
/// ```
#[derive(Debug, Clone)]
pub struct Obj<'a> {
    fields: &'a [(String, Value)],
    path: String,
}

impl<'a> Obj<'a> {
    /// `value` at `path` (a `&Value`, or `None` for an absent field) as an
    /// object whose keys are all in `known` (`UNKNOWN_OPTION` naming the
    /// first other key).
    #[inline]
    pub fn new(
        value: impl Into<Option<&'a Value>>,
        path: impl Into<String>,
        known: &[&str],
    ) -> Result<Self, Error> {
        Obj::checked(value.into(), path.into(), known)
    }

    #[inline(never)]
    fn checked(value: Option<&'a Value>, path: String, known: &[&str]) -> Result<Self, Error> {
        let object = Obj::object_at(value, path)?;
        if let Some((key, _)) = object
            .fields
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()))
        {
            return Err(unknown_key(object.field(key), known));
        }
        Ok(object)
    }

    /// Like [`Obj::new`], but `null` gives `None`.
    #[inline(never)]
    pub fn optional(
        value: &'a Value,
        path: impl Into<String>,
        known: &[&str],
    ) -> Result<Option<Self>, Error> {
        match value {
            Value::Null => Ok(None),
            _ => Obj::new(value, path, known).map(Some),
        }
    }

    /// `value` at `path` as an object whose keys are free (a map, or an
    /// object whose other keys are not read).
    #[inline]
    pub fn loose(
        value: impl Into<Option<&'a Value>>,
        path: impl Into<String>,
    ) -> Result<Self, Error> {
        Obj::object_at(value.into(), path.into())
    }

    #[inline(never)]
    fn object_at(value: Option<&'a Value>, path: String) -> Result<Self, Error> {
        match value {
            Some(Value::Object(fields)) => Ok(Obj { fields, path }),
            other => Err(wrong_type(
                if path.is_empty() { "value" } else { &path },
                "an object",
                other,
            )),
        }
    }

    /// The path of this object.
    #[inline(never)]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path of field `key`.
    #[inline(never)]
    pub fn field(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Field `key` as given (`null` included), `None` when absent.
    #[inline(never)]
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Field `key` as given, `null` when absent.
    #[inline(never)]
    pub fn value(&self, key: &str) -> &'a Value {
        self.raw(key).unwrap_or(&NULL)
    }

    /// Field `key`, `None` when absent or `null`.
    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.raw(key).filter(|v| !v.is_null())
    }

    /// The fields in order (a map's entries).
    #[inline(never)]
    pub fn entries(&self) -> &'a [(String, Value)] {
        self.fields
    }

    /// A required number (any, `NaN` included).
    #[inline(never)]
    pub fn number(&self, key: &str) -> Result<f64, Error> {
        number(self.raw(key), &self.field(key))
    }

    /// An optional number.
    #[inline(never)]
    pub fn opt_number(&self, key: &str) -> Result<Option<f64>, Error> {
        self.opt(key, number)
    }

    /// A number, `default` when absent.
    #[inline(never)]
    pub fn number_or(&self, key: &str, default: f64) -> Result<f64, Error> {
        Ok(self.opt_number(key)?.unwrap_or(default))
    }

    /// A required finite number.
    #[inline(never)]
    pub fn finite(&self, key: &str) -> Result<f64, Error> {
        finite(self.raw(key), &self.field(key))
    }

    /// An optional finite number.
    #[inline(never)]
    pub fn opt_finite(&self, key: &str) -> Result<Option<f64>, Error> {
        self.opt(key, finite)
    }

    /// A required whole number from 0.
    #[inline(never)]
    pub fn index(&self, key: &str) -> Result<usize, Error> {
        index(self.number(key)?, self.field(key))
    }

    /// An optional whole number from 0.
    #[inline(never)]
    pub fn opt_index(&self, key: &str) -> Result<Option<usize>, Error> {
        self.opt_number(key)?
            .map(|x| index(x, self.field(key)))
            .transpose()
    }

    /// A required string.
    #[inline(never)]
    pub fn string(&self, key: &str) -> Result<String, Error> {
        string(self.raw(key), &self.field(key))
    }

    /// An optional string.
    #[inline(never)]
    pub fn opt_string(&self, key: &str) -> Result<Option<String>, Error> {
        self.opt(key, string)
    }

    /// A required id or name (see [`text`]).
    #[inline(never)]
    pub fn text(&self, key: &str) -> Result<String, Error> {
        text(self.raw(key), &self.field(key))
    }

    /// An optional id or name.
    #[inline(never)]
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, Error> {
        self.opt(key, text)
    }

    /// A required text of at most `max` characters ([`text_within`]).
    pub fn text_within(&self, key: &str, max: usize) -> Result<String, Error> {
        text_within(self.raw(key), &self.field(key), max)
    }

    /// An optional text of at most `max` characters ([`text_within`]).
    pub fn opt_text_within(&self, key: &str, max: usize) -> Result<Option<String>, Error> {
        self.opt(key, |v, path| text_within(v, path, max))
    }

    /// A required boolean.
    #[inline(never)]
    pub fn bool(&self, key: &str) -> Result<bool, Error> {
        boolean(self.raw(key), &self.field(key))
    }

    /// An optional boolean.
    #[inline(never)]
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, Error> {
        self.opt(key, boolean)
    }

    /// One of the strings in `allowed`, as its index.
    #[inline(never)]
    pub fn one_of(&self, key: &str, allowed: &[&str]) -> Result<usize, Error> {
        one_of(self.raw(key), &self.field(key), allowed)
    }

    /// A required array.
    #[inline(never)]
    pub fn array(&self, key: &str) -> Result<&'a [Value], Error> {
        array(self.raw(key), &self.field(key))
    }

    /// An optional array.
    #[inline(never)]
    pub fn opt_array(&self, key: &str) -> Result<Option<&'a [Value]>, Error> {
        self.opt(key, array)
    }

    /// Required numbers (see [`numbers`]).
    #[inline(never)]
    pub fn numbers(&self, key: &str, nulls_as_nan: bool) -> Result<Vec<f64>, Error> {
        numbers(self.raw(key), &self.field(key), nulls_as_nan)
    }

    /// Optional numbers.
    #[inline(never)]
    pub fn opt_numbers(&self, key: &str, nulls_as_nan: bool) -> Result<Option<Vec<f64>>, Error> {
        self.opt(key, |v, path| numbers(v, path, nulls_as_nan))
    }

    /// An optional object of numbers, as `(key, value)` pairs in order; a
    /// key holding `null` is absent (the one rule for `null`).
    #[inline(never)]
    pub fn opt_number_map(&self, key: &str) -> Result<Option<Vec<(String, f64)>>, Error> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let map = Obj::loose(value, self.field(key))?;
        map.fields
            .iter()
            .filter(|(_, v)| !matches!(v, Value::Null))
            .map(|(k, _)| Ok((k.clone(), map.number(k)?)))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// A required timestamp (see [`time`]).
    #[inline(never)]
    pub fn time(&self, key: &str) -> Result<i64, Error> {
        time(self.raw(key), &self.field(key))
    }

    /// An optional timestamp.
    #[inline(never)]
    pub fn opt_time(&self, key: &str) -> Result<Option<i64>, Error> {
        self.opt(key, time)
    }

    /// A required nested object whose keys are all in `known`.
    #[inline(never)]
    pub fn object(&self, key: &str, known: &[&str]) -> Result<Obj<'a>, Error> {
        Obj::new(self.raw(key), self.field(key), known)
    }

    /// An optional nested object whose keys are all in `known`.
    #[inline(never)]
    pub fn opt_object(&self, key: &str, known: &[&str]) -> Result<Option<Obj<'a>>, Error> {
        self.get(key)
            .map(|value| Obj::new(value, self.field(key), known))
            .transpose()
    }

    /// Field `key` read by `read` unless absent or `null`.
    fn opt<T>(
        &self,
        key: &str,
        read: impl FnOnce(Option<&'a Value>, &str) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        self.get(key)
            .map(|v| read(Some(v), &self.field(key)))
            .transpose()
    }
}
