//! The one input layer of the core: a generic [`Value`] (what every
//! argument is once the JS wrapper has copied it into plain data) and one
//! reader over it ([`Obj`] and the free readers), so every area reads its
//! input with the same rules:
//!
//! - **`null` is absent.** An optional field holding `null` (or missing, or
//!   `undefined` in JS) takes its default; a required field holding `null`
//!   is `WRONG_TYPE` ("got nothing": to the core `null` and `undefined`
//!   are both absent).
//! - **Unknown keys are refused**: `UNKNOWN_OPTION`, "is not a known key
//!   here (known: ...)", so a typo is never ignored.
//! - **Errors name the path** of the offending value, e.g.
//!   `model.roles[2].metrics[0].unit`.
//! - **Size is bounded** while converting ([`Budget`], the limits of
//!   `src/js/limits.js`).
//!
//! ```
//! use clg_metrics::input::{Obj, Value};
//! let v = Value::object([("level", Value::from(0.9)), ("period", Value::Null)]);
//! let o = Obj::new(&v, "options", &["level", "period"]).unwrap();
//! assert_eq!(o.opt_number("level").unwrap(), Some(0.9));
//! assert_eq!(o.opt_string("period").unwrap(), None); // null = absent
//! let e = Obj::new(&v, "options", &["level"]).unwrap_err();
//! assert_eq!((e.code().as_str(), e.field()), ("UNKNOWN_OPTION", "options.period"));
//! ```

mod limits;
mod reader;
pub mod survey;
mod value;

pub use limits::{Budget, LIMITS};
pub use reader::{
    array, boolean, choice, each, finite, index, into_numbers, invalid, join, number, numbers,
    one_of, string, text, text_within, time, unknown_key, wrong_type, Obj,
};
pub use value::Value;

#[cfg(test)]
mod tests;
