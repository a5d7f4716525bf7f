//! Core errors as JS errors: a `TypeError`, `RangeError` or `Error` (by
//! [`ErrorKind`]) whose `code` and `field` properties carry the stable code
//! and the path of the offending input.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &'static str = r#"
/**
 * Every error code of clg-metrics, the core's and the JS layer's (the
 * README's error table; tests/js/error-codes.test.mjs keeps them equal).
 */
export type ClgErrorCode =
  | "BAD_ACK" | "CLIENT_DESTROYED" | "CONSENT_REQUIRED" | "DISCARDED" | "DUPLICATE_ID" | "EMPTY_INPUT"
  | "EMPTY_TEXT" | "GOAL_ACTIVE" | "GOAL_WRONG_DIRECTION" | "GOAL_ZERO_WIDTH" | "HANDLE_FREED"
  | "INVALID_AGGREGATE" | "INVALID_CHOICE" | "INVALID_COUNT" | "INVALID_DATE" | "INVALID_DURATION"
  | "INVALID_LEVEL" | "INVALID_OFFSET" | "INVALID_PERIODS" | "INVALID_RATE" | "INVALID_SCALE"
  | "INVALID_STATE" | "INVALID_SURVEY_STATE" | "INVALID_TIME" | "INVALID_VALUE" | "KIND_MISMATCH"
  | "LENGTH_MISMATCH" | "METHOD_MISMATCH" | "MODEL_CHANGED" | "MODEL_IN_USE" | "MODEL_MISMATCH"
  | "MOVEMENTS_DO_NOT_ADD_UP" | "NEGATIVE_VALUE" | "NOT_FINITE" | "NOT_INITIALIZED" | "NO_ACTIVE_GOAL"
  | "NO_CLIENT" | "NO_CURRENT_VALUE" | "NO_MODEL" | "NO_POLICY" | "OBSERVER_FAILED"
  | "OUTBOX_FULL" | "PROMPT_CLOSED" | "RESULTS_CONFLICT" | "SCALE_MISMATCH" | "SCORE_NOT_INTEGER"
  | "SCORE_OUT_OF_RANGE" | "SEND_FAILED" | "STORAGE_CORRUPT" | "STORAGE_FAILED" | "STORAGE_QUOTA"
  | "STORAGE_UNAVAILABLE" | "TEXT_TOO_LONG" | "TOO_FEW_SCORES" | "TOO_LARGE" | "UNKNOWN_FIELD"
  | "UNKNOWN_ID" | "UNKNOWN_OPTION" | "UNKNOWN_PROMPT" | "UNKNOWN_SURVEY_KIND" | "UNREADABLE"
  | "UNSUPPORTED_VERSION" | "VALUE_OUT_OF_RANGE" | "WASM_LOAD_FAILED" | "WRONG_TYPE";

/**
 * Every error thrown by clg-metrics is an `Error` instance (a `TypeError`
 * for a wrong type, a `RangeError` for a value off its scale) with these
 * two extra properties.
 */
export interface ClgMetricsError extends Error {
  /** Stable, machine-readable reason, e.g. `"SCORE_OUT_OF_RANGE"`. */
  code: ClgErrorCode;
  /** Path of the offending input, e.g. `"scores[3]"` or `"options.level"`. */
  field: string;
  /**
   * `WASM_LOAD_FAILED` only: the URL of the module `init()` fetched, or
   * `null` for bytes, a compiled module or a `Response` without one.
   */
  url?: string | null | undefined;
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
