//! Customer satisfaction: the share of satisfied answers ("top-2-box").
//!
//! On the usual 1..=5 scale an answer of 4 or 5 is satisfied. On any scale
//! from 1..=3 to 1..=10 the rule is the same: the **top two points** of the
//! scale (9-10 on 1..=10, 2-3 on 1..=3).

use serde::Serialize;

use super::aggregate::{Aggregate, LOW_SAMPLE_BELOW};
use crate::error::{Error, ErrorCode};
use crate::stats::{proportion, ConfidenceLevel, Interval};

/// A CSAT with its counts and Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsatSummary {
    /// Satisfied answers as a percentage, 0..=100.
    pub score: f64,
    /// Number of answers.
    pub n: u64,
    /// Answers in the top two points of the scale.
    pub satisfied: u64,
    /// `n < 30`: show the number with a warning.
    pub low_sample: bool,
    /// Highest score of the scale (the lowest is 1).
    pub scale: u8,
    /// Answers per score, from 1 to `scale`.
    pub counts: Vec<u64>,
    /// Wilson score interval of the percentage.
    pub interval: Interval,
}

/// The lowest satisfied score on a scale whose highest is `top`.
pub fn satisfied_from(top: u8) -> u8 {
    top - 1
}

/// Answers in the top two points of `aggregate`'s scale.
pub(crate) fn satisfied(aggregate: &Aggregate) -> u64 {
    let from = satisfied_from(aggregate.scale().max);
    aggregate
        .scored_counts()
        .filter(|&(s, _)| s >= f64::from(from))
        .map(|(_, c)| c)
        .sum()
}

/// The CSAT of `aggregate`; an `EMPTY_INPUT` error without answers.
///
/// ```
/// use clg_metrics::{stats::ConfidenceLevel, survey::{csat, Aggregate, Kind}};
/// let scale = Kind::Csat.scale(None, "scale").unwrap();
/// let a = Aggregate::from_scores(Kind::Csat, scale, &[5, 4, 4, 3, 1]).unwrap();
/// let s = csat::summary(&a, ConfidenceLevel::DEFAULT).unwrap();
/// assert_eq!((s.score, s.satisfied, s.n, s.low_sample), (60.0, 3, 5, true));
/// assert!(s.interval.low < 60.0 && 60.0 < s.interval.high);
/// ```
pub fn summary(aggregate: &Aggregate, level: ConfidenceLevel) -> Result<CsatSummary, Error> {
    let n = aggregate.n();
    if n == 0 {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "scores",
            "a CSAT needs at least one score, got none",
        ));
    }
    let satisfied = satisfied(aggregate);
    let (low, high) = proportion::wilson(satisfied, n, level.z());
    Ok(CsatSummary {
        score: satisfied as f64 / n as f64 * 100.0,
        n,
        satisfied,
        low_sample: n < LOW_SAMPLE_BELOW,
        scale: aggregate.scale().max,
        counts: aggregate.counts().to_vec(),
        interval: Interval {
            low: low * 100.0,
            high: high * 100.0,
            level: level.value(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Kind;
    use proptest::prelude::*;

    fn aggregate(top: u8, scores: &[u8]) -> Aggregate {
        Aggregate::from_scores(
            Kind::Csat,
            Kind::Csat.scale(Some(f64::from(top)), "s").unwrap(),
            scores,
        )
        .unwrap()
    }

    /// 41 of 50 satisfied at 90 %: Wilson bounds from mpmath 1.3 (30 digits,
    /// z = sqrt(2)·erfinv(0.9)), 71.49922761.. and 89.21544849..; tolerance 1e-9.
    #[test]
    fn matches_reference() {
        let scores: Vec<u8> = (0..50)
            .map(|i| {
                if i < 30 {
                    5
                } else if i < 41 {
                    4
                } else {
                    2
                }
            })
            .collect();
        let level = ConfidenceLevel::new(0.9, "level").unwrap();
        let s = summary(&aggregate(5, &scores), level).unwrap();
        assert_eq!(
            (s.score, s.satisfied, s.n, s.low_sample),
            (82.0, 41, 50, false)
        );
        assert_eq!(s.counts, vec![0, 9, 0, 11, 30]);
        assert!(
            (s.interval.low - 71.499_227_619_390_17).abs() < 1e-9,
            "{}",
            s.interval.low
        );
        assert!(
            (s.interval.high - 89.215_448_490_288_54).abs() < 1e-9,
            "{}",
            s.interval.high
        );
    }

    #[test]
    fn top_two_points_on_every_scale() {
        assert_eq!(
            summary(&aggregate(3, &[1, 2, 3]), ConfidenceLevel::DEFAULT)
                .unwrap()
                .satisfied,
            2
        );
        assert_eq!(
            summary(&aggregate(10, &[8, 9, 10]), ConfidenceLevel::DEFAULT)
                .unwrap()
                .satisfied,
            2
        );
        assert_eq!(
            summary(&aggregate(7, &[5, 6, 7]), ConfidenceLevel::DEFAULT)
                .unwrap()
                .satisfied,
            2
        );
    }

    #[test]
    fn empty_is_an_error() {
        assert_eq!(
            summary(&aggregate(5, &[]), ConfidenceLevel::DEFAULT)
                .unwrap_err()
                .code(),
            ErrorCode::EmptyInput
        );
    }

    proptest! {
        #[test]
        fn score_in_range_and_inside_its_interval(top in 3u8..=10, raw in prop::collection::vec(any::<u8>(), 1..300)) {
            let scores: Vec<u8> = raw.iter().map(|&r| 1 + r % top).collect();
            let s = summary(&aggregate(top, &scores), ConfidenceLevel::DEFAULT).unwrap();
            prop_assert!((0.0..=100.0).contains(&s.score));
            prop_assert!(s.interval.contains(s.score));
            prop_assert_eq!(s.low_sample, scores.len() < 30);
            prop_assert_eq!(s.counts.iter().sum::<u64>(), s.n);
        }
    }
}
