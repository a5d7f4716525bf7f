//! The one place JS values become Rust ones: [`from_js`] converts an
//! argument (already plain data: the JS wrapper's `input.js` copied it)
//! into the core's [`Value`] within the documented limits (results go back
//! through [`super::tape`]). Everything after `from_js` is native code
//! that reads the `Value` (see [`crate::input`]).

use js_sys::{Array, ArrayBuffer, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{element, msg, Error, ErrorCode, Num};
use crate::input::{join, Budget, Value};

/// The argument `value`, named `name` in errors, as a [`Value`]:
/// `undefined` reads as `null`; `Uint8Array`, `Uint32Array` and
/// `Float64Array` are copied whole. Nesting deeper than 32 levels, arrays
/// and strings over the limits, text with a lone surrogate, and other
/// values (functions, symbols, BigInts, other typed arrays) are coded
/// errors naming the path.
pub(crate) fn from_js(value: &JsValue, name: &str) -> Result<Value, Error> {
    let mut budget = Budget::new(name);
    convert(value, &mut budget, 0, &|| name.to_owned())
}

/// [`from_js`] for an argument whose fields the core names from its root
/// (`roles[1].id` of a model, `accounts[3].mrr` of company records).
pub(crate) fn from_js_bare(value: &JsValue, name: &str) -> Result<Value, Error> {
    let mut budget = Budget::new(name);
    convert(value, &mut budget, 0, &String::new)
}

/// `value` as text when it is a string (else `None`), or `INVALID_VALUE`
/// naming `field` when it has a lone surrogate, half of a UTF-16 pair: its
/// UTF-8 copy holds U+FFFD instead, and two different ids would be one.
/// Only a copy holding U+FFFD is looked at again, in JS.
///
/// ```ignore
/// let id = text(&value, &|| "account.id".into())?; // Some("acme")
/// ```
pub(crate) fn text(value: &JsValue, field: &dyn Fn() -> String) -> Result<Option<String>, Error> {
    let Some(text) = value.as_string() else {
        return Ok(None);
    };
    if CHECKS_TEXT && replaced(&text) && !well_formed(value) {
        return Err(lone_surrogate(field(), "it"));
    }
    Ok(Some(text))
}

/// Whether this module reads text that names things (ids, groups, event
/// properties). The scores module alone reads kind and option names only,
/// where U+FFFD is an unknown name like any other: it ships no check.
const CHECKS_TEXT: bool = cfg!(any(
    feature = "trends",
    feature = "policy",
    feature = "results",
    feature = "company"
));

/// Whether `text` holds U+FFFD (UTF-8 `EF BF BD`), as a lone surrogate
/// becomes on its way into WebAssembly. (`str::contains` would link a
/// substring searcher: 4 KiB.)
fn replaced(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == 0xEF && w[1] == 0xBF && w[2] == 0xBD)
}

#[wasm_bindgen]
extern "C" {
    /// `encodeURIComponent`, in every engine: a URIError at a lone surrogate.
    #[wasm_bindgen(catch, js_name = encodeURIComponent)]
    fn encode_uri_component(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// Whether the JS string `s` has no lone surrogate.
fn well_formed(s: &JsValue) -> bool {
    encode_uri_component(s).is_ok()
}

#[cold]
fn lone_surrogate(field: String, what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        field,
        msg!(
            "must be well-formed text: ",
            what,
            " has a lone surrogate (half of a UTF-16 pair)"
        ),
    )
}

fn convert(
    value: &JsValue,
    budget: &mut Budget,
    depth: usize,
    path: &dyn Fn() -> String,
) -> Result<Value, Error> {
    // Most likely kinds first: each check is a call into JS.
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(text) = text(value, path)? {
        budget.text(&text, path)?;
        return Ok(Value::String(text));
    }
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if Array::is_array(value) {
        budget.enter(depth, path)?;
        let array: &Array = value.unchecked_ref();
        let length = array.length();
        budget.items(length as usize, path)?;
        let mut items = Vec::with_capacity(length as usize);
        for i in 0..length {
            let at = || element(&path(), i as usize);
            items.push(convert(&array.get(i), budget, depth + 1, &at)?);
        }
        return Ok(Value::Array(items));
    }
    if ArrayBuffer::is_view(value) {
        return typed(value, budget, path);
    }
    if value.is_object() && !value.is_function() {
        budget.enter(depth, path)?;
        let object: &Object = value.unchecked_ref();
        let keys = Object::keys(object);
        budget.items(keys.length() as usize, path)?;
        let mut fields = Vec::with_capacity(keys.length() as usize);
        for key in keys.iter() {
            let name = key.as_string().unwrap_or_default();
            if CHECKS_TEXT && replaced(&name) && !well_formed(&key) {
                // Named by the object; at a bare root, by the key itself.
                let field = Some(path()).filter(|p| !p.is_empty()).unwrap_or(name);
                return Err(lone_surrogate(field, "a key of it"));
            }
            let item = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
            let at = || join(&path(), &name);
            let item = convert(&item, budget, depth + 1, &at)?;
            fields.push((name, item));
        }
        return Ok(Value::Object(fields));
    }
    Err(wrong_type(path(), "JSON-like data", value))
}

/// A typed array: the three the core reads, copied in one go.
fn typed(value: &JsValue, budget: &mut Budget, path: &dyn Fn() -> String) -> Result<Value, Error> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        budget.values(bytes.length() as usize, path)?;
        return Ok(Value::Bytes(bytes.to_vec()));
    }
    if let Some(numbers) = value.dyn_ref::<Float64Array>() {
        budget.values(numbers.length() as usize, path)?;
        return Ok(Value::Numbers(numbers.to_vec()));
    }
    if let Some(indices) = value.dyn_ref::<Uint32Array>() {
        budget.values(indices.length() as usize, path)?;
        return Ok(Value::Indices(indices.to_vec()));
    }
    // (`describe` would say "object" of an Int8Array or a DataView.)
    Err(Error::new(
        ErrorCode::WrongType,
        path(),
        "must be JSON-like data, a Uint8Array, a Uint32Array or a Float64Array, got another typed array or a DataView",
    ))
}

/// A short description of a JS value for error messages.
fn describe(value: &JsValue) -> String {
    if let Some(n) = value.as_f64() {
        return msg!(Num(n));
    }
    if value.is_null() || value.is_undefined() {
        return "nothing".into();
    }
    if Array::is_array(value) {
        return "an array".into();
    }
    if let Some(text) = value.as_string() {
        return Value::String(text).describe();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

/// An error for `field` holding the JS `value` where `expected` belongs.
pub(crate) fn wrong_type(field: impl Into<String>, expected: &str, value: &JsValue) -> Error {
    let got = describe(value);
    Error::new(
        ErrorCode::WrongType,
        field,
        msg!("must be ", expected, ", got ", got),
    )
}
