//! Reading JS objects: keys checked against a list, and every error naming
//! the exact path (`accounts[3].mrr[2]`). Written by hand rather than with
//! serde's `Deserialize` so every message names its field and no float
//! printing is linked into the module. Options arguments read through
//! [`Options`](super::input::Options), built on [`Obj`].

use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::input::wrong_type;
use crate::error::{element, Error, ErrorCode, Num};

/// `value` as a plain object (not an array or a function) whose keys are
/// all in `known` (`path` empty: the root); an unknown key is an
/// `UNKNOWN_OPTION` error naming it, so a typo is never ignored.
fn object_with_keys(value: &JsValue, path: &str, known: &[&str]) -> Result<Object, Error> {
    let object = match value.dyn_ref::<Object>() {
        Some(object) if !Array::is_array(value) && !value.is_function() => object.clone(),
        _ => return Err(wrong_type(path, "an object", value)),
    };
    for key in Object::keys(&object) {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            let list = known.join(", ");
            return Err(Error::new(
                ErrorCode::UnknownOption,
                join(path, &key),
                format_args!("is not a known key here (known: {list})"),
            ));
        }
    }
    Ok(object)
}

/// A JS object read at `path`, with its keys checked against a list.
pub(crate) struct Obj {
    object: Object,
    path: String,
}

impl Obj {
    /// Reads `value` as an object whose keys are all in `known`.
    pub(crate) fn new(
        value: &JsValue,
        path: impl Into<String>,
        known: &[&str],
    ) -> Result<Obj, Error> {
        let path = path.into();
        let object = object_with_keys(value, &path, known)?;
        Ok(Obj { object, path })
    }

    /// Like [`Obj::new`], but `undefined` and `null` give `None`.
    pub(crate) fn optional(
        value: &JsValue,
        path: impl Into<String>,
        known: &[&str],
    ) -> Result<Option<Obj>, Error> {
        if value.is_undefined() || value.is_null() {
            Ok(None)
        } else {
            Obj::new(value, path, known).map(Some)
        }
    }

    /// The path of `key` in this object.
    pub(crate) fn field(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The value of `key`; `undefined` when absent.
    pub(crate) fn get(&self, key: &str) -> JsValue {
        Reflect::get(&self.object, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }

    /// The value of `key` unless it is `undefined` or `null`.
    pub(crate) fn present(&self, key: &str) -> Option<JsValue> {
        let value = self.get(key);
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    /// The keys of the object, in JS order.
    pub(crate) fn keys(&self) -> Vec<String> {
        Object::keys(&self.object)
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    }

    /// A required number.
    pub(crate) fn number(&self, key: &str) -> Result<f64, Error> {
        let value = self.get(key);
        value
            .as_f64()
            .ok_or_else(|| wrong_type(self.field(key), "a number", &value))
    }

    /// An optional number (`undefined`/`null` = absent).
    pub(crate) fn opt_number(&self, key: &str) -> Result<Option<f64>, Error> {
        self.present(key)
            .map(|v| {
                v.as_f64()
                    .ok_or_else(|| wrong_type(self.field(key), "a number", &v))
            })
            .transpose()
    }

    /// A number, `default` when absent.
    pub(crate) fn number_or(&self, key: &str, default: f64) -> Result<f64, Error> {
        Ok(self.opt_number(key)?.unwrap_or(default))
    }

    /// An optional whole number `>= 0`.
    pub(crate) fn opt_index(&self, key: &str) -> Result<Option<usize>, Error> {
        self.opt_number(key)?
            .map(|x| index(x, self.field(key)))
            .transpose()
    }

    /// A required string.
    pub(crate) fn string(&self, key: &str) -> Result<String, Error> {
        let value = self.get(key);
        value
            .as_string()
            .ok_or_else(|| wrong_type(self.field(key), "a string", &value))
    }

    /// An optional string.
    pub(crate) fn opt_string(&self, key: &str) -> Result<Option<String>, Error> {
        self.present(key)
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| wrong_type(self.field(key), "a string", &v))
            })
            .transpose()
    }

    /// An optional boolean.
    pub(crate) fn opt_bool(&self, key: &str) -> Result<Option<bool>, Error> {
        self.present(key)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| wrong_type(self.field(key), "a boolean", &v))
            })
            .transpose()
    }

    /// A required array.
    pub(crate) fn array(&self, key: &str) -> Result<Array, Error> {
        let value = self.get(key);
        value
            .dyn_into::<Array>()
            .map_err(|v| wrong_type(self.field(key), "an array", &v))
    }

    /// An optional array.
    pub(crate) fn opt_array(&self, key: &str) -> Result<Option<Array>, Error> {
        self.present(key)
            .map(|v| {
                v.dyn_into::<Array>()
                    .map_err(|v| wrong_type(self.field(key), "an array", &v))
            })
            .transpose()
    }

    /// A required array of numbers or `Float64Array`.
    pub(crate) fn numbers(&self, key: &str, nulls_as_nan: bool) -> Result<Vec<f64>, Error> {
        numbers(&self.get(key), &self.field(key), nulls_as_nan)
    }

    /// An optional array of numbers or `Float64Array`.
    pub(crate) fn opt_numbers(
        &self,
        key: &str,
        nulls_as_nan: bool,
    ) -> Result<Option<Vec<f64>>, Error> {
        self.present(key)
            .map(|v| numbers(&v, &self.field(key), nulls_as_nan))
            .transpose()
    }

    /// An optional object of numbers, as `(key, value)` pairs in JS order.
    pub(crate) fn opt_number_map(&self, key: &str) -> Result<Option<Vec<(String, f64)>>, Error> {
        let Some(value) = self.present(key) else {
            return Ok(None);
        };
        let map = Obj::loose(&value, self.field(key))?;
        map.keys()
            .into_iter()
            .map(|k| Ok((k.clone(), map.number(&k)?)))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// An object whose keys are free (a map).
    pub(crate) fn loose(value: &JsValue, path: String) -> Result<Obj, Error> {
        match value.dyn_ref::<Object>() {
            Some(object) if !Array::is_array(value) && !value.is_function() => Ok(Obj {
                object: object.clone(),
                path,
            }),
            _ => Err(wrong_type(path, "an object", value)),
        }
    }
}

/// An array of numbers (or a `Float64Array`, the fast path) at `path`;
/// `null` entries read as NaN when `nulls_as_nan`.
pub(crate) fn numbers(value: &JsValue, path: &str, nulls_as_nan: bool) -> Result<Vec<f64>, Error> {
    if let Some(typed) = value.dyn_ref::<Float64Array>() {
        return Ok(typed.to_vec());
    }
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(wrong_type(
            path,
            "an array of numbers or a Float64Array",
            value,
        ));
    };
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        match item.as_f64() {
            Some(x) => out.push(x),
            None if nulls_as_nan && item.is_null() => out.push(f64::NAN),
            None => return Err(wrong_type(element(path, i), "a number", &item)),
        }
    }
    Ok(out)
}

/// Reads every element of `array` with `read(item, path)`.
pub(crate) fn each<T>(
    array: &Array,
    path: &str,
    mut read: impl FnMut(&JsValue, String) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    array
        .iter()
        .enumerate()
        .map(|(i, item)| read(&item, element(path, i)))
        .collect()
}

/// A whole number `>= 0` that fits an index.
pub(crate) fn index(x: f64, field: String) -> Result<usize, Error> {
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) {
        Ok(x as usize)
    } else {
        Err(Error::new(
            ErrorCode::ValueOutOfRange,
            field,
            format_args!("must be a whole number 0 or more, got {}", Num(x)),
        ))
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}
