//! The WebAssembly bindings: the only module that knows about JS.
//!
//! Every export validates its JS input here and hands plain Rust values to
//! the core; core errors become JS `Error` instances in [`error`].

mod error;
mod input;
mod results;
mod survey;

pub use results::ResultsStore;
pub use survey::{nps, NpsOptions, Scores};
