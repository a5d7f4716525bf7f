//! The summaries' counts as the wasm bindings serialise them (their `u64`
//! fields name these functions in `#[serde(serialize_with)]`, in the wasm
//! build only): what serde-wasm-bindgen makes of a `u64`, a number up to
//! 2^53 - 1 and else the same error, without the `core::fmt` formatting of
//! that error's message (its `format_args!` kept ~5 KiB of `core::fmt` in
//! the trends module).

use serde::ser::{Error, Serialize, Serializer};

use crate::error::msg;

/// The largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE: u64 = (1 << 53) - 1;

/// A count as a JS number.
pub(crate) fn count<S: Serializer>(n: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    if *n <= MAX_SAFE {
        return serializer.serialize_f64(*n as f64);
    }
    Err(S::Error::custom(msg!(
        *n,
        " can't be represented as a JavaScript number"
    )))
}

/// Counts as an array of JS numbers.
pub(crate) fn counts<S: Serializer>(counts: &[u64], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(counts.iter().map(|&n| Count(n)))
}

/// A count serialised by [`count`].
struct Count(u64);

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        count(&self.0, serializer)
    }
}
