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
    // Customer results (src/results)
    /// A value has the right type but breaks a rule (an unknown enum name,
    /// an empty id, a date out of range, ...).
    InvalidValue,
    /// An id is used twice where ids must be unique.
    DuplicateId,
    /// A reference names an account, role or metric that does not exist.
    UnknownId,
    /// An observation's method is not its metric's collection method.
    MethodMismatch,
    /// A goal's target equals its baseline (its progress would be 0/0).
    GoalZeroWidth,
    /// A goal's target is not better than its baseline.
    GoalWrongDirection,
    /// A goal is set while another is active on the metric.
    GoalActive,
    /// A goal is abandoned where none is active.
    NoActiveGoal,
    /// A value is needed (e.g. a default baseline) and the metric has none.
    NoCurrentValue,
    /// The results model is needed and none is defined.
    NoModel,
    /// The results model cannot be replaced while accounts are stored.
    ModelInUse,
    /// Saved state is of a version this library does not read.
    UnsupportedVersion,

    // Survey analytics (src/survey).
    /// A survey scale is not one the metric allows.
    InvalidScale,
    /// Two aggregates or samples are on different scales.
    ScaleMismatch,
    /// Two aggregates or responses are of different survey kinds.
    KindMismatch,
    /// A string is not one of the allowed choices (kind, period, ...).
    InvalidChoice,
    /// A time is not valid where it is given: not a finite (whole, where
    /// stored) number of ms within the JS `Date` range, negative where a
    /// time cannot be, or out of order (e.g. a session that starts after
    /// "now"). The message says which rule.
    InvalidTime,
    /// A UTC offset is not a whole number of minutes within ±14 hours.
    InvalidOffset,
    /// Parallel arrays have different lengths.
    LengthMismatch,
    /// Serialised aggregate data is malformed or inconsistent.
    InvalidAggregate,
    /// A computation needs more values than it got (e.g. a variance needs 2).
    TooFewScores,
    /// A text is longer than allowed.
    TextTooLong,
    /// A text that must say something is empty.
    EmptyText,

    // Survey hygiene (src/hygiene).
    /// A duration (days, minutes) is negative or not finite.
    InvalidDuration,
    /// A sampling rate is outside 0..=1.
    InvalidRate,
    /// A count (e.g. a fatigue cap) is not a whole number from 0 up.
    InvalidCount,
    /// A survey kind the policy has no rule for.
    UnknownSurveyKind,
    /// An outcome for a prompt the state does not hold.
    UnknownPrompt,
    /// A prompt that already has its outcome (answered, dismissed or snoozed).
    PromptClosed,
    /// Saved survey-policy state whose `version` is missing or malformed.
    InvalidSurveyState,

    // Company KPIs and the scorecard (src/company).
    /// A date is not a valid `YYYY-MM-DD` calendar date.
    InvalidDate,
    /// A money amount or count is negative.
    NegativeValue,
    /// A number lies outside its documented range (a share above 1, a
    /// percentage above 100, a part larger than its whole...).
    ValueOutOfRange,
    /// Given MRR movements do not take the previous MRR to the current one.
    MovementsDoNotAddUp,
    /// Periods are empty, not contiguous, or end before they start.
    InvalidPeriods,

    // Limits, and the JS boundary (src/js/input.js, src/js/handles.js):
    // the last three are raised in JS, listed here so that there is one
    // list of codes.
    /// An input is larger than its documented limit (elements, nesting,
    /// text length, periods, survey-policy state entries...); refused
    /// before anything is allocated.
    TooLarge,
    /// Reading an input ran code that threw (a getter, a Proxy trap, a
    /// revoked Proxy, a detached buffer); the original is the `cause`.
    Unreadable,
    /// A class instance is used after `free()`.
    HandleFreed,
    /// A function is called before `init()` resolved.
    NotInitialized,
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
            ErrorCode::InvalidValue => "INVALID_VALUE",
            ErrorCode::DuplicateId => "DUPLICATE_ID",
            ErrorCode::UnknownId => "UNKNOWN_ID",
            ErrorCode::MethodMismatch => "METHOD_MISMATCH",
            ErrorCode::GoalZeroWidth => "GOAL_ZERO_WIDTH",
            ErrorCode::GoalWrongDirection => "GOAL_WRONG_DIRECTION",
            ErrorCode::GoalActive => "GOAL_ACTIVE",
            ErrorCode::NoActiveGoal => "NO_ACTIVE_GOAL",
            ErrorCode::NoCurrentValue => "NO_CURRENT_VALUE",
            ErrorCode::NoModel => "NO_MODEL",
            ErrorCode::ModelInUse => "MODEL_IN_USE",
            ErrorCode::UnsupportedVersion => "UNSUPPORTED_VERSION",
            ErrorCode::InvalidScale => "INVALID_SCALE",
            ErrorCode::ScaleMismatch => "SCALE_MISMATCH",
            ErrorCode::KindMismatch => "KIND_MISMATCH",
            ErrorCode::InvalidChoice => "INVALID_CHOICE",
            ErrorCode::InvalidTime => "INVALID_TIME",
            ErrorCode::InvalidOffset => "INVALID_OFFSET",
            ErrorCode::LengthMismatch => "LENGTH_MISMATCH",
            ErrorCode::InvalidAggregate => "INVALID_AGGREGATE",
            ErrorCode::TooFewScores => "TOO_FEW_SCORES",
            ErrorCode::TextTooLong => "TEXT_TOO_LONG",
            ErrorCode::EmptyText => "EMPTY_TEXT",
            ErrorCode::InvalidDuration => "INVALID_DURATION",
            ErrorCode::InvalidRate => "INVALID_RATE",
            ErrorCode::InvalidCount => "INVALID_COUNT",
            ErrorCode::UnknownSurveyKind => "UNKNOWN_SURVEY_KIND",
            ErrorCode::UnknownPrompt => "UNKNOWN_PROMPT",
            ErrorCode::PromptClosed => "PROMPT_CLOSED",
            ErrorCode::InvalidSurveyState => "INVALID_SURVEY_STATE",
            ErrorCode::InvalidDate => "INVALID_DATE",
            ErrorCode::NegativeValue => "NEGATIVE_VALUE",
            ErrorCode::ValueOutOfRange => "VALUE_OUT_OF_RANGE",
            ErrorCode::MovementsDoNotAddUp => "MOVEMENTS_DO_NOT_ADD_UP",
            ErrorCode::InvalidPeriods => "INVALID_PERIODS",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::Unreadable => "UNREADABLE",
            ErrorCode::HandleFreed => "HANDLE_FREED",
            ErrorCode::NotInitialized => "NOT_INITIALIZED",
        }
    }

    /// Whether the error is about a value outside its allowed range (JS
    /// `RangeError`) rather than about its type (JS `TypeError`) or anything
    /// else (plain `Error`).
    pub const fn kind(self) -> ErrorKind {
        match self {
            ErrorCode::WrongType | ErrorCode::Unreadable => ErrorKind::Type,
            // A value of the right type that breaks a rule of its range or form.
            ErrorCode::NotFinite
            | ErrorCode::ScoreNotInteger
            | ErrorCode::ScoreOutOfRange
            | ErrorCode::InvalidLevel
            | ErrorCode::InvalidValue
            | ErrorCode::GoalZeroWidth
            | ErrorCode::GoalWrongDirection
            | ErrorCode::InvalidScale
            | ErrorCode::InvalidChoice
            | ErrorCode::InvalidTime
            | ErrorCode::InvalidOffset
            | ErrorCode::TextTooLong
            | ErrorCode::EmptyText
            | ErrorCode::InvalidDuration
            | ErrorCode::InvalidRate
            | ErrorCode::InvalidCount
            | ErrorCode::InvalidDate
            | ErrorCode::NegativeValue
            | ErrorCode::ValueOutOfRange
            | ErrorCode::InvalidPeriods
            | ErrorCode::TooLarge => ErrorKind::Range,
            // Everything else: missing, inconsistent or conflicting input.
            ErrorCode::EmptyInput
            | ErrorCode::UnknownOption
            | ErrorCode::DuplicateId
            | ErrorCode::UnknownId
            | ErrorCode::MethodMismatch
            | ErrorCode::GoalActive
            | ErrorCode::NoActiveGoal
            | ErrorCode::NoCurrentValue
            | ErrorCode::NoModel
            | ErrorCode::ModelInUse
            | ErrorCode::UnsupportedVersion
            | ErrorCode::ScaleMismatch
            | ErrorCode::KindMismatch
            | ErrorCode::LengthMismatch
            | ErrorCode::InvalidAggregate
            | ErrorCode::TooFewScores
            | ErrorCode::UnknownSurveyKind
            | ErrorCode::UnknownPrompt
            | ErrorCode::PromptClosed
            | ErrorCode::InvalidSurveyState
            | ErrorCode::MovementsDoNotAddUp
            | ErrorCode::HandleFreed
            | ErrorCode::NotInitialized => ErrorKind::Other,
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
    /// `"<field>: <rule>"`. Rules are built with `msg!` (no `core::fmt`).
    #[inline]
    pub fn new(code: ErrorCode, field: impl Into<String>, rule: impl Part) -> Self {
        Error::with_rule(code, field.into(), &rule)
    }

    #[cold]
    #[inline(never)]
    fn with_rule(code: ErrorCode, field: String, rule: &dyn Part) -> Self {
        let mut message = field.clone();
        message.push_str(": ");
        rule.push_to(&mut message);
        Error {
            code,
            field,
            message,
        }
    }

    /// This error with `root.` before its field (and its message): for
    /// an argument whose core names its fields from the argument's root.
    ///
    /// ```
    /// use clg_metrics::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::InvalidValue, "period", "must exist").under("options");
    /// assert_eq!((e.field(), e.message()), ("options.period", "options.period: must exist"));
    /// ```
    #[cold]
    #[inline(never)]
    pub fn under(mut self, root: &str) -> Self {
        let at = msg!(root, ".");
        self.field.insert_str(0, &at);
        self.message.insert_str(0, &at);
        self
    }

    /// The error with its field `from` named `to` (a path under `from` too,
    /// in the message as well); another field as it is. For a call whose
    /// arguments the core names otherwise.
    ///
    /// ```
    /// use clg_metrics::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::KindMismatch, "second", "must be nps").renamed("second", "other");
    /// assert_eq!((e.field(), e.message()), ("other", "other: must be nps"));
    /// ```
    #[cold]
    #[inline(never)]
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        let rest = self
            .field
            .strip_prefix(from)
            .filter(|rest| rest.is_empty() || rest.starts_with(['.', '[']));
        // The message starts with the field: `to` takes `from`'s place there too (no slicing:
        // its panic path would link `core::fmt`).
        if let (Some(rest), Some(tail)) = (rest, self.message.strip_prefix(from)) {
            self.message = msg!(to, tail);
            self.field = msg!(to, rest);
        }
        self
    }

    /// This error under `code`, its field and message kept: a reader's
    /// error inside a format that has a code of its own.
    ///
    /// ```
    /// use clg_metrics::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::UnknownOption, "json.x", "is not a known key here").coded(ErrorCode::InvalidAggregate);
    /// assert_eq!((e.code(), e.message()), (ErrorCode::InvalidAggregate, "json.x: is not a known key here"));
    /// ```
    pub fn coded(mut self, code: ErrorCode) -> Self {
        self.code = code;
        self
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

/// A part of an error message, written without `core::fmt` (whose
/// padding and integer formatting would add several KiB to every wasm
/// module): text, whole numbers, and numbers as [`Num`] shows them.
/// The crate's `msg!` macro joins parts into a `String`.
pub trait Part {
    /// Appends the part to `out`.
    fn push_to(&self, out: &mut String);
}

impl Part for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Part for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Part + ?Sized> Part for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

/// Text from the caller in double quotes, escaped as JSON writes a string
/// (`"`, `\` and control characters), so a message stays on one line and
/// shows where the text ends.
///
/// ```
/// use clg_metrics::error::{Part, Quoted};
/// let mut out = String::new();
/// Quoted("a\"b\nc").push_to(&mut out);
/// assert_eq!(out, r#""a\"b\nc""#);
/// ```
pub struct Quoted<'a>(pub &'a str);

impl Part for Quoted<'_> {
    #[inline(never)]
    fn push_to(&self, out: &mut String) {
        out.push('"');
        for c in self.0.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[(u32::from(c) >> 4) as usize]));
                    out.push(char::from(HEX[(u32::from(c) & 15) as usize]));
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

/// A JSON parser's error in the tests' rules (serde_json is test-only).
#[cfg(all(test, not(target_arch = "wasm32")))]
impl Part for serde_json::Error {
    fn push_to(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

/// Parts joined in order, only when the text is built: a field path passed
/// as `(path, ".id")` costs nothing unless an error names it.
impl<A: Part, B: Part> Part for (A, B) {
    fn push_to(&self, out: &mut String) {
        self.0.push_to(out);
        self.1.push_to(out);
    }
}

impl<A: Part, B: Part, C: Part> Part for (A, B, C) {
    fn push_to(&self, out: &mut String) {
        self.0.push_to(out);
        self.1.push_to(out);
        self.2.push_to(out);
    }
}

impl<A: Part, B: Part, C: Part, D: Part> Part for (A, B, C, D) {
    fn push_to(&self, out: &mut String) {
        self.0.push_to(out);
        self.1.push_to(out);
        self.2.push_to(out);
        self.3.push_to(out);
    }
}

macro_rules! whole_part {
    ($($t:ty),*) => {$(
        impl Part for $t {
            fn push_to(&self, out: &mut String) {
                if *self < 0 as $t {
                    out.push('-');
                }
                push_digits(out, self.unsigned_abs() as u64);
            }
        }
    )*};
}
macro_rules! unsigned_part {
    ($($t:ty),*) => {$(
        impl Part for $t {
            fn push_to(&self, out: &mut String) {
                push_digits(out, *self as u64);
            }
        }
    )*};
}
whole_part!(i32, i64);
unsigned_part!(u8, u16, u32, u64, usize);

/// Appends the decimal digits of `n`.
#[inline(never)]
fn push_digits(out: &mut String, n: u64) {
    if n >= 10 {
        push_digits(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Joins message parts ([`Part`]: `&str`, `String`, integers, [`Num`])
/// into a `String`, without `core::fmt`.
///
/// ```text
/// let rule = msg!("must be at most ", limit, " characters, got ", length);
/// ```
macro_rules! msg {
    ($($part:expr),+ $(,)?) => {{
        let mut text = ::std::string::String::new();
        $( $crate::error::Part::push_to(&$part, &mut text); )+
        text
    }};
}
pub(crate) use msg;

/// A number as error messages show it, formatted without `core`'s float
/// printing (which would add ~25 KiB to the wasm module): whole numbers in
/// full, others with up to 6 decimals, very large or small ones in
/// scientific notation, and `NaN`/`Infinity` as JS writes them.
///
/// ```
/// use clg_metrics::error::Num;
/// assert_eq!(Num(7.5).to_string(), "7.5");
/// assert_eq!(Num(-11.0).to_string(), "-11");
/// assert_eq!(Num(f64::NAN).to_string(), "NaN");
/// assert_eq!(Num(1.5e-7).to_string(), "1.5e-7");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Num(pub f64);

impl Part for Num {
    #[inline(never)]
    fn push_to(&self, out: &mut String) {
        let x = self.0;
        if x.is_nan() {
            return out.push_str("NaN");
        }
        if x < 0.0 {
            out.push('-');
        }
        let x = x.abs();
        if x.is_infinite() {
            return out.push_str("Infinity");
        }
        if x == 0.0 {
            return out.push('0');
        }
        if (1e-3..TWO_53).contains(&x) {
            return push_fixed(out, x);
        }
        // Below 1e-300 scaled first: 10^-309 and smaller are subnormal or
        // 0, and x / 0 would print as a mantissa of Infinity.
        let (x, shift) = if x < 1e-300 {
            (x * 1e300, -300)
        } else {
            (x, 0)
        };
        let mut exponent = x.log10().floor() as i32;
        let mut mantissa = x / 10f64.powi(exponent);
        // 10 or what the six decimals round to 10 (log10 is not exact).
        if mantissa >= 9.999_999_5 {
            mantissa /= 10.0;
            exponent += 1;
        }
        push_decimals(out, mantissa, 6);
        // A sign on every exponent, as JS writes them (`1e+21`, `1e-7`).
        out.push_str(if exponent + shift < 0 { "e" } else { "e+" });
        (exponent + shift).push_to(out);
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!(*self))
    }
}

/// 2^53: from here on every double is a whole number (printed in the
/// scientific form beyond it).
const TWO_53: f64 = 9_007_199_254_740_992.0;

/// Appends `1e-3 <= x < 2^53` about as JS's `String(x)` does: with the
/// fewest significant digits, 15 or 16, that read back as `x` (as far as
/// double arithmetic tells: a few units of the last place at worst), else
/// 17; a whole number with all its digits. A message never shows `10` for
/// 9.9999999.
fn push_fixed(out: &mut String, x: f64) {
    let whole = x.trunc();
    // Digits before the point, or minus the zeros after it (0.0012: -2).
    let int_digits = if whole >= 1.0 {
        whole.log10().floor() as i32 + 1
    } else {
        x.log10().floor() as i32 + 1
    };
    for significant in 15..=17 {
        let decimals = (significant - int_digits).clamp(0, 19) as u32;
        let scale = 10f64.powi(decimals as i32);
        let fraction = ((x - whole) * scale).round();
        if significant == 17 || whole + fraction / scale == x {
            return push_decimals(out, x, decimals);
        }
    }
}

/// Appends `0 <= x < 2^53` with up to `decimals` decimals (at most 19),
/// trailing zeros dropped. The whole part and the fraction are apart (`x *
/// 10^decimals` would lose the fraction's digits).
fn push_decimals(out: &mut String, x: f64, decimals: u32) {
    let unit = 10u64.pow(decimals);
    let whole = x as u64;
    let scaled = ((x - whole as f64) * unit as f64).round() as u64; // 0..=unit
    push_digits(out, whole + scaled / unit);
    let mut fraction = scaled % unit;
    if fraction != 0 {
        out.push('.');
    }
    // Digit by digit from the tenths (`place` divides: 10^19 leaves no room to multiply).
    let mut place = unit / 10;
    while fraction != 0 {
        out.push(char::from(b'0' + (fraction / place) as u8));
        fraction %= place;
        place /= 10;
    }
}

/// The path of element `index` of the array `name`, e.g. `scores[3]`.
pub(crate) fn element(name: &str, index: usize) -> String {
    msg!(name, "[", index, "]")
}

/// [`element`] as a part, written only when a message needs it (a field
/// checked in a loop over many elements). `element` itself does not go
/// through it: that costs the scores module 44 bytes gzip.
#[cfg(feature = "policy")]
pub(crate) struct ElementPath<'a>(pub &'a str, pub usize);

#[cfg(feature = "policy")]
impl Part for ElementPath<'_> {
    fn push_to(&self, out: &mut String) {
        (self.0, "[", self.1, "]").push_to(out);
    }
}

#[cfg(test)]
mod tests {
    use super::{Num, Quoted};

    #[test]
    fn messages_join_text_and_whole_numbers() {
        let limit: usize = 0;
        assert_eq!(
            msg!(
                "got ",
                -42i32,
                ", ",
                limit,
                " and ",
                u64::MAX,
                " of ",
                7u8,
                "."
            ),
            "got -42, 0 and 18446744073709551615 of 7."
        );
        assert_eq!(msg!(i64::MIN), i64::MIN.to_string());
        assert_eq!(msg!("at ", Num(-0.5), String::from("!")), "at -0.5!");
    }

    #[test]
    fn quoted_text_stays_on_one_line() {
        let quoted = |text| msg!(Quoted(text));
        assert_eq!(quoted("acme"), r#""acme""#);
        assert_eq!(quoted("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            quoted("l1\nl2\r\t\u{1}\u{1f}é😀"),
            r#""l1\nl2\r\t\u0001\u001fé😀""#
        );
    }

    #[test]
    fn numbers_in_messages() {
        let cases = [
            (0.0, "0"),
            (2.0, "2"),
            (-0.5, "-0.5"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0 / 3.0, "0.3333333333333333"),
            (123_456_789.25, "123456789.25"),
            (0.001_234, "0.001234"),
            (0.000_123_4, "1.234e-4"),
            (5.000_000_1, "5.0000001"),
            (8_640_000_000_000_001.0, "8640000000000001"),
            (1e300, "1e+300"),
            (1e21, "1e+21"),
            (-2.5e-9, "-2.5e-9"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (9.999_999_9, "9.9999999"),
            // Beyond ~9e9 the fraction's digits survive (a time with half a millisecond).
            (1_768_435_200_000.5, "1768435200000.5"),
            (12_345_678_901.125, "12345678901.125"),
            (999_999_999_999_999.9, "999999999999999.9"),
            // Subnormal: the smallest positive double and one near it.
            (5e-324, "4.940656e-324"),
            (-1e-310, "-1e-310"),
            (f64::MAX, "1.797693e+308"),
            (f64::MIN_POSITIVE, "2.225074e-308"),
        ];
        for (x, text) in cases {
            assert_eq!(Num(x).to_string(), text, "{x:e}");
        }
    }

    proptest::proptest! {
        /// Any finite double prints as a number: from 1e-3 to 2^53 in at
        /// most 17 significant digits, within a few units of its last place
        /// (most read back as themselves: the cases above); beyond,
        /// within the six decimals of its scientific form (never a panic,
        /// never garbage).
        #[test]
        fn every_number_prints_as_itself_or_within_six_decimals(
            bits in proptest::prop_oneof![
                proptest::num::u64::ANY,
                0u64..1 << 52, // subnormal
                0x3f50_624d_d2f1_a9fcu64..0x4340_0000_0000_0000, // 1e-3 to 2^53
            ],
        ) {
            let x = f64::from_bits(bits);
            proptest::prop_assume!(x.is_finite());
            let text = Num(x).to_string();
            let y: f64 = text.parse().unwrap();
            if x == 0.0 || (1e-3..super::TWO_53).contains(&x.abs()) {
                // The digits come from a double's product with 10^d: a few units of the last place off at worst.
                let digits = text.bytes().filter(u8::is_ascii_digit).skip_while(|&d| d == b'0').count();
                let close = (y - x).abs() <= 4.0 * f64::EPSILON * x.abs();
                proptest::prop_assert!(close && digits <= 17, "{x:e} printed as {text}");
            } else {
                // The mantissa is at least 1, so its last decimal is at most 5e-7 of x (plus a subnormal's step).
                proptest::prop_assert!((y - x).abs() <= 5e-7 * x.abs() + 1e-323, "{x:e} printed as {text}");
            }
        }
    }
}
