use serde::Serialize;

/// A two-sided confidence interval on the scale of the metric it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// The confidence level, e.g. `0.95`.
    pub level: f64,
}

impl Interval {
    /// Whether `x` lies within the closed interval.
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}
