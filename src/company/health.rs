//! Customer health score: a weighted composite of inputs the supplier
//! chooses (usage, survey scores, support load, goal progress...), with a
//! band and the contribution of each input.

use serde::Serialize;

use super::check::{finite, within};
use super::value::{Metric, Reason};
use crate::error::{element, msg, Error, ErrorCode, Num, Quoted};

/// One input of the health score. Its value is normalised linearly to
/// 0..1 between `min` (0) and `max` (1), clamped outside, and reversed
/// (`1 - x`) when lower is better (e.g. support cases).
#[derive(Debug, Clone, PartialEq)]
pub struct HealthInput {
    /// Name the account values use, e.g. `"activeDays"`.
    pub key: String,
    /// Relative weight, > 0.
    pub weight: f64,
    /// Value scoring 0 (or 1 when lower is better).
    pub min: f64,
    /// Value scoring 1 (or 0 when lower is better); > `min`.
    pub max: f64,
    /// Whether higher values are healthier.
    pub higher_is_better: bool,
}

/// The precision of a health score: it is rounded to 9 decimals, so sums
/// that differ only by rounding (weights 1 or 0.1, the same shares) give
/// one score and one band.
pub const SCORE_PRECISION: f64 = 1e-9;

/// `score` rounded to [`SCORE_PRECISION`]: the nearest double to the
/// decimal (a score x 1e9 is at most 1e11, a whole number far below 2^53).
fn rounded(score: f64) -> f64 {
    (score * 1e9).round() / 1e9
}

/// The supplier's health model: inputs and band thresholds (0..100).
#[derive(Debug, Clone, PartialEq)]
pub struct HealthModel {
    inputs: Vec<HealthInput>,
    healthy: f64,
    at_risk: f64,
}

/// Health band of a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Band {
    /// Score >= the healthy threshold (default 70).
    Healthy,
    /// Score >= the at-risk threshold (default 40).
    AtRisk,
    /// Below the at-risk threshold.
    Critical,
}

/// What one input adds to an account's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    /// The input's key.
    pub key: String,
    /// The raw value, `null` when the account has none.
    pub value: Option<f64>,
    /// The normalised value, 0..1.
    pub normalized: Option<f64>,
    /// Points of the 0..100 score: `100 x weight x normalized / sum of the
    /// weights of the inputs present`; the points add up to the score.
    pub points: f64,
}

/// An account's health.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthScore {
    /// The account's id.
    pub id: String,
    /// Score 0..100 = sum of the contributions' points rounded to 1e-9 (`NO_HEALTH_INPUTS`
    /// when the account has none of the inputs).
    pub score: Metric,
    /// Band of the score, `null` without a score.
    pub band: Option<Band>,
    /// One entry per input, in the model's order.
    pub contributions: Vec<Contribution>,
}

impl HealthModel {
    /// Validates the inputs (at least one, unique keys, weight > 0,
    /// `min < max`) and thresholds (`0 <= at_risk <= healthy <= 100`).
    ///
    /// ```
    /// use clg_metrics::company::health::{HealthInput, HealthModel, Band};
    /// let input = |key: &str, weight, min, max, higher_is_better| HealthInput { key: key.into(), weight, min, max, higher_is_better };
    /// let model = HealthModel::new(vec![input("activeDays", 2.0, 0.0, 20.0, true), input("cases", 1.0, 0.0, 10.0, false)], 70.0, 40.0).unwrap();
    /// let h = model.score("acme", &[("activeDays".into(), 15.0), ("cases".into(), 2.0)]).unwrap();
    /// // (2 x 0.75 + 1 x 0.8) / 3 x 100
    /// assert!((h.score.value.unwrap() - 76.666_666_666_666_67).abs() < 1e-9);
    /// assert_eq!(h.band, Some(Band::Healthy));
    /// ```
    pub fn new(inputs: Vec<HealthInput>, healthy: f64, at_risk: f64) -> Result<HealthModel, Error> {
        if inputs.is_empty() {
            return Err(Error::new(
                ErrorCode::EmptyInput,
                "inputs",
                "a health score needs at least one input, got none",
            ));
        }
        for (i, input) in inputs.iter().enumerate() {
            let at = |name: &str| msg!(element("inputs", i), ".", name);
            if inputs[..i].iter().any(|other| other.key == input.key) {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    at("key"),
                    msg!("must be unique, ", Quoted(&input.key), " is used twice"),
                ));
            }
            within(input.weight, 0.0, f64::MAX, &|| at("weight"))?;
            if input.weight == 0.0 {
                return Err(Error::new(
                    ErrorCode::ValueOutOfRange,
                    at("weight"),
                    "must be greater than 0, got 0",
                ));
            }
            finite(input.min, &|| at("min"))?;
            finite(input.max, &|| at("max"))?;
            // A range wider than f64 holds (max - min is Infinity) would normalise every value to 0.
            if input.max <= input.min || !(input.max - input.min).is_finite() {
                return Err(Error::new(
                    ErrorCode::ValueOutOfRange,
                    at("max"),
                    msg!(
                        "must be greater than min (",
                        Num(input.min),
                        ") by a finite number, got ",
                        Num(input.max)
                    ),
                ));
            }
        }
        within(healthy, 0.0, 100.0, &|| "bands.healthy".into())?;
        within(at_risk, 0.0, healthy, &|| "bands.atRisk".into())?;
        Ok(HealthModel {
            inputs,
            healthy,
            at_risk,
        })
    }

    /// Scores many accounts `(id, values)`; all are checked first, so an
    /// error names `accounts[i].values.<key>` and nothing is scored.
    pub fn scores(
        &self,
        accounts: &[(String, Vec<(String, f64)>)],
    ) -> Result<Vec<HealthScore>, Error> {
        for (i, (_, values)) in accounts.iter().enumerate() {
            self.check(values, &msg!(element("accounts", i), ".values"))?;
        }
        accounts
            .iter()
            .map(|(id, values)| self.score(id, values))
            .collect()
    }

    /// The band of a 0..100 score.
    pub fn band(&self, score: f64) -> Band {
        if score >= self.healthy {
            Band::Healthy
        } else if score >= self.at_risk {
            Band::AtRisk
        } else {
            Band::Critical
        }
    }

    /// Checks one account's values: known keys, each once, finite.
    /// `at` is the path of the values, e.g. `accounts[2].values`.
    pub fn check(&self, values: &[(String, f64)], at: &str) -> Result<(), Error> {
        for (i, (key, value)) in values.iter().enumerate() {
            let field = || msg!(at, ".", key);
            if !self.inputs.iter().any(|input| &input.key == key) {
                let known: Vec<&str> = self.inputs.iter().map(|input| input.key.as_str()).collect();
                return Err(Error::new(
                    ErrorCode::UnknownOption,
                    field(),
                    msg!("is not a health input (known: ", known.join(", "), ")"),
                ));
            }
            if values[..i].iter().any(|(other, _)| other == key) {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    field(),
                    "must appear once",
                ));
            }
            finite(*value, &field)?;
        }
        Ok(())
    }

    /// The health of one account from its `(key, value)` pairs; inputs
    /// without a value are left out and the weights of the others rescaled.
    /// The score is rounded to [`SCORE_PRECISION`] before it is banded, so
    /// the weights' common scale never moves it across a band's threshold.
    ///
    /// ```
    /// use clg_metrics::company::health::{Band, HealthInput, HealthModel};
    /// let one = |weight| HealthInput { key: "u".into(), weight, min: 0.1, max: 10.1, higher_is_better: true };
    /// for weight in [1.0, 0.1, 0.3, 3.0, 10.0] {
    ///     let h = HealthModel::new(vec![one(weight)], 70.0, 40.0).unwrap().score("a", &[("u".into(), 4.1)]).unwrap();
    ///     assert_eq!((h.score.value, h.band), (Some(40.0), Some(Band::AtRisk)));
    /// }
    /// ```
    pub fn score(&self, id: &str, values: &[(String, f64)]) -> Result<HealthScore, Error> {
        self.check(values, "values")?;
        let value_of = |key: &str| values.iter().find(|(k, _)| k == key).map(|&(_, v)| v);
        let given = || self.inputs.iter().filter(|i| value_of(&i.key).is_some());
        // Weights as given, or as shares of the largest when 100 x their sum
        // would overflow (valid weights go up to f64::MAX).
        let unit = match given().map(|i| i.weight).sum::<f64>() * 100.0 {
            sum if sum.is_finite() => 1.0,
            _ => given().map(|i| i.weight).fold(0.0, f64::max),
        };
        let present: f64 = given().map(|i| i.weight / unit).sum();
        // Each weight as its share of the weights present: 1 for a lone input
        // whatever its weight.
        let share = |input: &HealthInput| input.weight / unit / present;
        let mut score = 0.0;
        let contributions = self
            .inputs
            .iter()
            .map(|input| {
                // `+ 0.0`: a given -0 would come back as -0 and make its
                // normalised value and points -0.
                let value = value_of(&input.key).map(|v| v + 0.0);
                let normalized = value.map(|v| {
                    let x = ((v - input.min) / (input.max - input.min)).clamp(0.0, 1.0);
                    if input.higher_is_better {
                        x
                    } else {
                        1.0 - x
                    }
                });
                let points = normalized.map_or(0.0, |x| 100.0 * share(input) * x);
                score += points;
                Contribution {
                    key: input.key.clone(),
                    value,
                    normalized,
                    points,
                }
            })
            .collect();
        let score = if present > 0.0 {
            Metric::of(rounded(score.min(100.0)), Reason::NoHealthInputs)
        } else {
            Metric::none(Reason::NoHealthInputs)
        };
        Ok(HealthScore {
            id: id.to_owned(),
            band: score.value.map(|s| self.band(s)),
            score,
            contributions,
        })
    }
}
