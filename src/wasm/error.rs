//! Core errors as JS errors: a `TypeError`, `RangeError` or `Error` (by
//! [`ErrorKind`]) whose `code` and `field` properties carry the stable code
//! and the path of the offending input.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &'static str = r#"
/**
 * Every error thrown by clg-metrics is an `Error` instance (a `TypeError`
 * for a wrong type, a `RangeError` for a value off its scale) with these
 * two extra properties.
 */
export interface ClgMetricsError extends Error {
  /** Stable, machine-readable reason, e.g. `"SCORE_OUT_OF_RANGE"`. */
  code: string;
  /** Path of the offending input, e.g. `"scores[3]"` or `"options.level"`. */
  field: string;
  /**
   * `WASM_LOAD_FAILED` only: the URL of the module `init()` fetched, or
   * `null` for bytes, a compiled module or a `Response` without one.
   */
  url?: string | null;
  /** `WASM_LOAD_FAILED` only, when the server answered: its HTTP status (absent otherwise). */
  status?: number;
}
"#;

impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        let js: js_sys::Error = match error.code().kind() {
            ErrorKind::Type => js_sys::TypeError::new(error.message()).into(),
            ErrorKind::Range => js_sys::RangeError::new(error.message()).into(),
            ErrorKind::Other => js_sys::Error::new(error.message()),
        };
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&js, &"code".into(), &error.code().as_str().into());
        let _ = Reflect::set(&js, &"field".into(), &error.field().into());
        js.into()
    }
}
