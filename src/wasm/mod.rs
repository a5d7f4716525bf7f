//! The WebAssembly bindings: the only module that knows about JS.
//!
//! Every export validates its JS input here and hands plain Rust values to
//! the core; core errors become JS `Error` instances in [`error`].

mod company;
mod error;
mod input;
mod survey;

pub use company::{advocate_candidates_js as advocate_candidates, customer_lifetime_value, health_scores, CompanyHandle};
pub use survey::{nps, NpsOptions, Scores};
