use crate::error::{msg, Error, ErrorCode, Num, Part};

/// An integer answer scale, such as NPS's 0..=10.
///
/// Validates raw input (a JS number, a byte) into a score on the scale, with
/// an error that names the field, the rule and the value.
///
/// ```
/// use clg_metrics::survey::nps::NPS_SCALE;
/// assert_eq!(NPS_SCALE.score_from_f64(9.0, || "score".into()), Ok(9));
/// let err = NPS_SCALE.score_from_f64(7.5, || "score".into()).unwrap_err();
/// assert_eq!(err.message(), "score: an NPS score must be an integer from 0 to 10, got 7.5");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Lowest allowed score.
    pub min: u8,
    /// Highest allowed score.
    pub max: u8,
    /// What one answer is called in messages, e.g. `"an NPS score"`.
    pub noun: &'static str,
}

impl Scale {
    /// Whether `score` lies on the scale.
    #[inline]
    pub fn contains(&self, score: u8) -> bool {
        (self.min..=self.max).contains(&score)
    }

    /// Checks a byte score; `field` is called only to build an error.
    pub fn score_from_u8(&self, score: u8, field: impl FnOnce() -> String) -> Result<u8, Error> {
        if self.contains(score) {
            Ok(score)
        } else {
            Err(self.out_of_range(score, field()))
        }
    }

    /// The error for a byte `score` that is not on the scale.
    pub fn out_of_range(&self, score: u8, field: String) -> Error {
        self.broken(ErrorCode::ScoreOutOfRange, field, score)
    }

    /// Checks a number: finite, whole and on the scale.
    pub fn score_from_f64(&self, score: f64, field: impl FnOnce() -> String) -> Result<u8, Error> {
        let code = if !score.is_finite() {
            ErrorCode::NotFinite
        } else if score.fract() != 0.0 {
            ErrorCode::ScoreNotInteger
        } else if score < f64::from(self.min) || score > f64::from(self.max) {
            ErrorCode::ScoreOutOfRange
        } else {
            return Ok(score as u8);
        };
        Err(self.broken(code, field(), Num(score)))
    }

    fn broken(&self, code: ErrorCode, field: String, got: impl Part) -> Error {
        let (noun, min, max) = (self.noun, self.min, self.max);
        Error::new(
            code,
            field,
            msg!(
                noun,
                " must be an integer from ",
                min,
                " to ",
                max,
                ", got ",
                got
            ),
        )
    }
}
