//! Compatibility for `survey.rs` (owned by other work in progress): its
//! survey arguments read through the one converter and the core readers
//! of [`crate::input::survey`].

use wasm_bindgen::JsValue;

use super::input::{from_js, Options};
use crate::error::Error;
use crate::input::survey;
use crate::stats::ConfidenceLevel;
use crate::survey::{Aggregate, Kind, Scale};

/// The confidence level of `options.level` (0.95 when absent).
pub(crate) fn level(options: &Options) -> Result<ConfidenceLevel, Error> {
    match options.number("level")? {
        Some(level) => ConfidenceLevel::new(level, &options.path("level")),
        None => Ok(ConfidenceLevel::DEFAULT),
    }
}

/// The scale of `kind` from `options.scale` (the kind's default when absent).
pub(crate) fn scale(kind: Kind, options: &Options) -> Result<Scale, Error> {
    kind.scale(options.number("scale")?, &options.path("scale"))
}

/// A survey kind given as a string.
pub(crate) fn kind(value: &JsValue, field: &str) -> Result<Kind, Error> {
    survey::kind(&from_js(value, field)?, field)
}

/// Counts scores given as a `Uint8Array`, a `Float64Array` or an array of
/// numbers; errors name `name[i]`.
pub(crate) fn aggregate(
    kind: Kind,
    scale: Scale,
    scores: &JsValue,
    name: &str,
) -> Result<Aggregate, Error> {
    survey::scores(kind, scale, &from_js(scores, name)?, name)
}
