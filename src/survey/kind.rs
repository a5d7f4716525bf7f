//! The three survey kinds and the answer scales each allows.

use serde::{Deserialize, Serialize};

use super::nps::NPS_SCALE;
use super::Scale;
use crate::error::{msg, Error, ErrorCode, Num, Quoted};

/// Which question a response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Net Promoter Score, 0..=10.
    Nps,
    /// Customer Effort Score, 1..=7 by default.
    Ces,
    /// Customer satisfaction, 1..=5 by default.
    Csat,
}

/// Highest top score a CES or CSAT scale may have (the scores are stored
/// in an 11-slot histogram shared with NPS).
pub const MAX_TOP: u8 = 10;
/// Lowest top score a CES or CSAT scale may have.
pub const MIN_TOP: u8 = 3;

impl Kind {
    /// Reads `"nps"`, `"ces"` or `"csat"`.
    ///
    /// ```
    /// use clg_metrics::survey::Kind;
    /// assert_eq!(Kind::parse("ces", "kind"), Ok(Kind::Ces));
    /// assert_eq!(Kind::parse("CES", "kind").unwrap_err().code().as_str(), "INVALID_CHOICE");
    /// ```
    pub fn parse(text: &str, field: &str) -> Result<Kind, Error> {
        match text {
            "nps" => Ok(Kind::Nps),
            "ces" => Ok(Kind::Ces),
            "csat" => Ok(Kind::Csat),
            _ => Err(Error::new(
                ErrorCode::InvalidChoice,
                field,
                msg!(
                    "must be \"nps\", \"ces\" or \"csat\", got ",
                    Quoted(&clip(text))
                ),
            )),
        }
    }

    /// The kind as JS writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Nps => "nps",
            Kind::Ces => "ces",
            Kind::Csat => "csat",
        }
    }

    /// The top score used when none is given: 10 for NPS, 7 for CES, 5 for CSAT.
    pub const fn default_top(self) -> u8 {
        match self {
            Kind::Nps => 10,
            Kind::Ces => 7,
            Kind::Csat => 5,
        }
    }

    /// The scale whose highest score is `top` (`None`: the default). NPS
    /// allows only 0..=10; CES and CSAT run from 1 to any `top` from 3 to 10.
    ///
    /// ```
    /// use clg_metrics::survey::Kind;
    /// assert_eq!(Kind::Csat.scale(None, "scale").unwrap().max, 5);
    /// assert_eq!(Kind::Ces.scale(Some(10.0), "scale").unwrap().min, 1);
    /// assert!(Kind::Nps.scale(Some(5.0), "scale").is_err());
    /// ```
    pub fn scale(self, top: Option<f64>, field: &str) -> Result<Scale, Error> {
        let Some(top) = top else {
            return Ok(self.scale_of(self.default_top()));
        };
        let (low, high) = match self {
            Kind::Nps => (10, 10),
            Kind::Ces | Kind::Csat => (MIN_TOP, MAX_TOP),
        };
        if top.fract() == 0.0 && top >= f64::from(low) && top <= f64::from(high) {
            return Ok(self.scale_of(top as u8));
        }
        let kind = self.as_str();
        Err(if low == high {
            Error::new(
                ErrorCode::InvalidScale,
                field,
                msg!(
                    "an ",
                    kind,
                    " scale is always 0 to ",
                    high,
                    ", got ",
                    Num(top)
                ),
            )
        } else {
            Error::new(
                ErrorCode::InvalidScale,
                field,
                msg!(
                    "a ",
                    kind,
                    " scale must be a whole number from ",
                    low,
                    " to ",
                    high,
                    " (its highest score), got ",
                    Num(top)
                ),
            )
        })
    }

    /// The scale with highest score `top`, already known to be allowed.
    pub(crate) const fn scale_of(self, top: u8) -> Scale {
        match self {
            Kind::Nps => NPS_SCALE,
            Kind::Ces => Scale {
                min: 1,
                max: top,
                noun: "a CES score",
            },
            Kind::Csat => Scale {
                min: 1,
                max: top,
                noun: "a CSAT score",
            },
        }
    }
}

/// The first 40 characters of `text`, for error messages.
pub(crate) fn clip(text: &str) -> String {
    let mut cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_per_kind() {
        assert_eq!(Kind::Nps.scale(None, "s").unwrap(), NPS_SCALE);
        assert_eq!(Kind::Nps.scale(Some(10.0), "s").unwrap(), NPS_SCALE);
        for top in MIN_TOP..=MAX_TOP {
            let s = Kind::Csat.scale(Some(f64::from(top)), "s").unwrap();
            assert_eq!((s.min, s.max), (1, top));
        }
        for bad in [2.0, 11.0, 5.5, f64::NAN, f64::INFINITY, -7.0] {
            let err = Kind::Ces.scale(Some(bad), "options.scale").unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (ErrorCode::InvalidScale, "options.scale")
            );
        }
        let err = Kind::Nps.scale(Some(5.0), "scale").unwrap_err();
        assert_eq!(
            err.message(),
            "scale: an nps scale is always 0 to 10, got 5"
        );
    }

    #[test]
    fn parse_rejects_unknown_kinds() {
        for text in ["", "NPS", "csat ", "x".repeat(100).as_str()] {
            let err = Kind::parse(text, "kind").unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidChoice);
            assert!(err.message().len() < 120, "{}", err.message());
        }
    }
}
