//! Survey metrics computed where the responses are: NPS, CES and CSAT.

pub mod nps;
pub mod scale;

pub use scale::Scale;
