//! The WebAssembly bindings: the only module that knows about JS.
//!
//! Every export validates its JS input here and hands plain Rust values to
//! the core; core errors become JS `Error` instances in [`error`].

mod error;
mod hygiene;
mod input;
mod survey;

pub use hygiene::{
    check_survey_policy, merge_survey_state, record_survey_event, sampling_hash, survey_decision,
};
pub use survey::{nps, NpsOptions, Scores};
