//! Statistical building blocks shared by every metric: confidence levels,
//! intervals and the distributions they are drawn from.

pub mod beta;
mod interval;
mod level;
pub mod normal;
pub mod proportion;
pub mod t;

pub use interval::Interval;
pub use level::ConfidenceLevel;

/// Evaluates the polynomial `c[0] + c[1] x + ... + c[n] x^n` (Horner).
pub(crate) fn polynomial(coefficients: &[f64], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}
