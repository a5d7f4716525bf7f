//! Counts as the wasm bindings serialise them (their fields name these
//! functions in `#[serde(serialize_with)]`, in the wasm build only): what
//! serde-wasm-bindgen makes of a `u64` or `usize`, a number up to 2^53 - 1
//! and else the same error, without the `core::fmt` formatting of that
//! error's message (its `format_args!` kept ~5 KiB of `core::fmt` in the
//! trends and company modules).

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

/// A count, index or length kept as `usize` as a JS number: 32 bits in
/// wasm, so always exact (serde's `usize` goes through `serialize_u64` and
/// its range check).
#[cfg(feature = "company")]
pub(crate) fn index<S: Serializer>(n: &usize, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(*n as f64)
}

/// [`index`] of every element.
#[cfg(feature = "company")]
pub(crate) fn indices<S: Serializer>(ns: &[usize], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ns.iter().map(|&n| n as f64))
}

/// A count serialised by [`count`].
struct Count(u64);

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        count(&self.0, serializer)
    }
}
