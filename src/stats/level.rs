use crate::error::{msg, Error, ErrorCode, Num};
use crate::stats::normal;

/// A two-sided confidence level strictly between 0 and 1 (0.95 by default).
///
/// ```
/// use clg_metrics::stats::ConfidenceLevel;
/// let level = ConfidenceLevel::new(0.95, "options.level").unwrap();
/// assert!((level.z() - 1.959963984540054).abs() < 1e-12);
/// assert!(ConfidenceLevel::new(2.0, "options.level").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfidenceLevel(f64);

impl ConfidenceLevel {
    /// 95 %, the default everywhere.
    pub const DEFAULT: ConfidenceLevel = ConfidenceLevel(0.95);

    /// Validates `level`; `field` names it in the error.
    pub fn new(level: f64, field: &str) -> Result<Self, Error> {
        if level.is_finite() && level > 0.0 && level < 1.0 {
            Ok(ConfidenceLevel(level))
        } else {
            Err(Error::new(
                ErrorCode::InvalidLevel,
                field,
                msg!("a confidence level must be a number greater than 0 and less than 1 (e.g. 0.95), got ", Num(level)),
            ))
        }
    }

    /// The level as a fraction, e.g. `0.95`.
    pub fn value(self) -> f64 {
        self.0
    }

    /// The two-sided standard-normal critical value `z` with
    /// `P(|Z| <= z) = level`.
    pub fn z(self) -> f64 {
        normal::quantile(0.5 + self.0 / 2.0)
    }
}

impl Default for ConfidenceLevel {
    fn default() -> Self {
        ConfidenceLevel::DEFAULT
    }
}
