//! Reading JS values into Rust ones, with typed errors that name the field.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::object::Obj;

use crate::error::{Error, ErrorCode, Num};

/// A short description of a JS value for error messages: numbers and
/// strings as written (strings cut to 40 characters), anything else by kind.
pub(crate) fn describe(value: &JsValue) -> String {
    if let Some(n) = value.as_f64() {
        return Num(n).to_string();
    }
    if let Some(s) = value.as_string() {
        let mut cut: String = s.chars().take(40).collect();
        if cut.len() < s.len() {
            cut.push('…');
        }
        return format!("the string \"{cut}\"");
    }
    if value.is_null() {
        return "null".into();
    }
    if Array::is_array(value) {
        return "an array".into();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

/// An error for `field` holding `value` where `expected` belongs.
pub(crate) fn wrong_type(field: impl Into<String>, expected: &str, value: &JsValue) -> Error {
    let got = describe(value);
    Error::new(
        ErrorCode::WrongType,
        field,
        format_args!("must be {expected}, got {got}"),
    )
}

/// An options object: `undefined`/`null` mean "all defaults"; keys other
/// than the known ones are rejected so that a typo is never ignored. Unlike
/// [`Obj`]'s optional readers, a key holding `null` is a wrong type, not
/// an absent option.
pub(crate) struct Options {
    object: Option<Obj>,
    name: String,
}

impl Options {
    /// Reads `value` as the options argument called `name`.
    pub(crate) fn new(
        value: &JsValue,
        name: impl Into<String>,
        known: &[&str],
    ) -> Result<Self, Error> {
        let name = name.into();
        let object = Obj::optional(value, name.clone(), known)?;
        Ok(Options { object, name })
    }

    /// Like [`Options::new`], but `undefined` and `null` are refused: the
    /// object itself is required.
    pub(crate) fn required(
        value: &JsValue,
        name: impl Into<String>,
        known: &[&str],
    ) -> Result<Self, Error> {
        let name = name.into();
        let object = Obj::new(value, name.clone(), known)?;
        Ok(Options {
            object: Some(object),
            name,
        })
    }

    /// The path of `key`, e.g. `options.level`.
    pub(crate) fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.name)
    }

    /// The raw value of `key` (`undefined` when absent).
    pub(crate) fn value(&self, key: &str) -> JsValue {
        self.object
            .as_ref()
            .map_or(JsValue::UNDEFINED, |object| object.get(key))
    }

    /// The option `key` as a number, `None` when absent or `undefined`.
    pub(crate) fn number(&self, key: &str) -> Result<Option<f64>, Error> {
        let value = self.value(key);
        if value.is_undefined() {
            return Ok(None);
        }
        match value.as_f64() {
            Some(n) => Ok(Some(n)),
            None => Err(wrong_type(self.path(key), "a number", &value)),
        }
    }

    /// The required number `key`.
    pub(crate) fn need_number(&self, key: &str) -> Result<f64, Error> {
        let value = self.value(key);
        value
            .as_f64()
            .ok_or_else(|| wrong_type(self.path(key), "a number", &value))
    }

    /// The required string `key`.
    pub(crate) fn need_string(&self, key: &str) -> Result<String, Error> {
        let value = self.value(key);
        value
            .as_string()
            .ok_or_else(|| wrong_type(self.path(key), "a string", &value))
    }
}
