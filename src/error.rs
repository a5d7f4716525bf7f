//! The one error type of the crate: a stable machine-readable [`ErrorCode`],
//! the field it is about, and a message that names the rule that was broken.
//!
//! Errors are built only on the cold path (bad input), so the formatting they
//! do costs nothing when input is valid.

use std::fmt;

/// A stable, machine-readable reason. The JS bindings expose it as
/// `error.code` (e.g. `"SCORE_OUT_OF_RANGE"`); codes are never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A value has the wrong type (a string where a number belongs, ...).
    WrongType,
    /// A number is NaN or infinite.
    NotFinite,
    /// A score is not a whole number.
    ScoreNotInteger,
    /// A score lies outside its scale.
    ScoreOutOfRange,
    /// A computation needs at least one value and got none.
    EmptyInput,
    /// A confidence level is not strictly between 0 and 1.
    InvalidLevel,
    /// An option object has a key the function does not know.
    UnknownOption,
}

impl ErrorCode {
    /// The code as JS sees it.
    ///
    /// ```
    /// use clg_metrics::ErrorCode;
    /// assert_eq!(ErrorCode::ScoreOutOfRange.as_str(), "SCORE_OUT_OF_RANGE");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WrongType => "WRONG_TYPE",
            ErrorCode::NotFinite => "NOT_FINITE",
            ErrorCode::ScoreNotInteger => "SCORE_NOT_INTEGER",
            ErrorCode::ScoreOutOfRange => "SCORE_OUT_OF_RANGE",
            ErrorCode::EmptyInput => "EMPTY_INPUT",
            ErrorCode::InvalidLevel => "INVALID_LEVEL",
            ErrorCode::UnknownOption => "UNKNOWN_OPTION",
        }
    }

    /// Whether the error is about a value outside its allowed range (JS
    /// `RangeError`) rather than about its type (JS `TypeError`) or anything
    /// else (plain `Error`).
    pub const fn kind(self) -> ErrorKind {
        match self {
            ErrorCode::WrongType => ErrorKind::Type,
            ErrorCode::NotFinite
            | ErrorCode::ScoreNotInteger
            | ErrorCode::ScoreOutOfRange
            | ErrorCode::InvalidLevel => ErrorKind::Range,
            ErrorCode::EmptyInput | ErrorCode::UnknownOption => ErrorKind::Other,
        }
    }
}

/// Which JS error class an [`ErrorCode`] maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `TypeError`
    Type,
    /// `RangeError`
    Range,
    /// `Error`
    Other,
}

/// An input was rejected. Nothing was changed by the call that returned it.
///
/// ```
/// use clg_metrics::{survey::nps::NpsCounts, ErrorCode};
/// let err = NpsCounts::from_scores(&[9, 11]).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::ScoreOutOfRange);
/// assert_eq!(err.field(), "scores[1]");
/// assert_eq!(err.message(), "scores[1]: an NPS score must be an integer from 0 to 10, got 11");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    code: ErrorCode,
    field: String,
    message: String,
}

impl Error {
    /// An error about `field` breaking `rule`; the message reads
    /// `"<field>: <rule>"`.
    pub fn new(code: ErrorCode, field: impl Into<String>, rule: impl fmt::Display) -> Self {
        let field = field.into();
        let message = format!("{field}: {rule}");
        Error { code, field, message }
    }

    /// The stable reason.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The path of the offending input, e.g. `scores[3]` or `options.level`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The human-readable message: the field, the rule, and what was given.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The path of element `index` of the array `name`, e.g. `scores[3]`.
pub(crate) fn element(name: &str, index: usize) -> String {
    format!("{name}[{index}]")
}
