use crate::error::{msg, Error, ErrorCode, Num};
use crate::stats::{normal, t};

/// A two-sided confidence level strictly between 0 and 1 (0.95 by default).
///
/// ```
/// use clg_metrics::stats::ConfidenceLevel;
/// let level = ConfidenceLevel::new(0.95, "options.level").unwrap();
/// assert!((level.z() - 1.959963984540054).abs() < 1e-12);
/// assert!((level.t(9.0) - 2.262_157_162_798_205).abs() < 1e-12);
/// assert!(ConfidenceLevel::new(2.0, "options.level").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfidenceLevel(f64);

/// `z` at the default level, as `normal::quantile` gives it (a test keeps
/// them equal): every summary with default options needs it, and the
/// quantile's logarithm was a sixth of a call of `nps` in wasm.
const Z_DEFAULT: f64 = 1.959_963_984_540_053_6;

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

    /// The probability of each tail outside the level, `(1 - level) / 2`.
    /// Quantiles are taken at it, not at `0.5 + level / 2`: near a level
    /// of 1 that sum rounds away most of the tail's digits.
    fn tail(self) -> f64 {
        (1.0 - self.0) / 2.0
    }

    /// The two-sided standard-normal critical value `z` with
    /// `P(|Z| <= z) = level`.
    pub fn z(self) -> f64 {
        if self.0 == Self::DEFAULT.0 {
            return Z_DEFAULT;
        }
        -normal::quantile(self.tail())
    }

    /// The two-sided critical value of Student's t with `df` degrees of
    /// freedom: `P(|T| <= t) = level`.
    pub fn t(self, df: f64) -> f64 {
        -t::quantile(self.tail(), df)
    }
}

impl Default for ConfidenceLevel {
    fn default() -> Self {
        ConfidenceLevel::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Critical values at levels near 1, against mpmath at 60 digits (the
    /// t quantile by bisection on the regularized incomplete beta, at the
    /// tail `(1 - level) / 2` of the double `level`). Computed from
    /// `0.5 + level / 2` they were off by up to 2.5e-5 relative.
    #[test]
    fn critical_values_near_a_level_of_one() {
        let cases: [(f64, f64, f64); 10] = [
            (0.999_999_999_999, 1.0, 636_633_855_803.559_3),
            (0.999_999_999_999, 3.0, 13_016.476_782_874_553),
            (0.999_999_999_999, 9.5, 48.780_769_967_117_84),
            (0.999_999_999_999, 40.0, 10.229_419_138_485_203),
            (0.999_999_999_999, 5000.0, 7.149_034_556_359_103),
            (0.999_999, 1.0, 636_619.772_348_751_3),
            (0.999_999, 3.0, 130.154_589_557_110_2),
            (0.999_999, 9.5, 11.029_154_208_460_978),
            (0.999_999, 40.0, 5.768_460_969_279_681),
            (0.999_999, 5000.0, 4.897_742_071_579_513),
        ];
        for (level, df, expected) in cases {
            let got = ConfidenceLevel::new(level, "level").unwrap().t(df);
            assert!(
                (got / expected - 1.0).abs() < 1e-11,
                "t({level}, {df}) = {got}, expected {expected}"
            );
        }
        let default = ConfidenceLevel::DEFAULT;
        assert_eq!(
            default.z().to_bits(),
            (-normal::quantile(default.tail())).to_bits()
        );
        for (level, expected) in [
            (0.999_999_999_999, 7.130_509_892_879_272),
            (0.999_999, 4.891_638_475_692_932),
        ] {
            let got = ConfidenceLevel::new(level, "level").unwrap().z();
            assert!(
                (got / expected - 1.0).abs() < 1e-14,
                "z({level}) = {got}, expected {expected}"
            );
        }
    }
}
