//! Survey metrics computed where the responses are: NPS, CES and CSAT, their
//! mergeable aggregates, trends, segments and comparisons.

pub mod aggregate;
pub mod ces;
pub mod compare;
mod count;
pub mod csat;
mod kind;
pub mod nps;
pub mod response;
pub mod scale;
pub mod trend;

pub use aggregate::{Aggregate, AggregateState, Summary};
pub(crate) use kind::clip;
pub use kind::Kind;
pub use scale::Scale;
