//! Customer Effort Score: agreement with "\<Company\> made it easy for me to
//! handle my issue", 1 (strongly disagree) to 7 (strongly agree) by default.
//!
//! Reported as the mean with a Student's t interval (exact quantiles, so
//! honest for small samples), the distribution, and the share of "easy"
//! answers: those **above the scale's midpoint** `(1 + top) / 2`, which is
//! 5-7 on 1..=7, 4-5 on 1..=5 and 6-10 on 1..=10.

// Constants and references keep every digit their sources publish.
#![allow(clippy::excessive_precision)]

use serde::Serialize;

use super::aggregate::{Aggregate, LOW_SAMPLE_BELOW};
use crate::error::{Error, ErrorCode};
use crate::stats::{ConfidenceLevel, Interval};

/// A CES with its distribution and interval for the mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CesSummary {
    /// Mean answer, from 1 to `scale`.
    pub mean: f64,
    /// Number of answers.
    pub n: u64,
    /// Sample standard deviation (`n - 1` in the denominator); `None`
    /// (JS `null`) for a single answer.
    pub sd: Option<f64>,
    /// Answers above the midpoint of the scale.
    pub easy: u64,
    /// `easy` as a percentage of `n`.
    pub easy_share: f64,
    /// `n < 30`: show the number with a warning.
    pub low_sample: bool,
    /// Highest score of the scale (the lowest is 1).
    pub scale: u8,
    /// Answers per score, from 1 to `scale`.
    pub counts: Vec<u64>,
    /// `mean ± t(1 - (1-level)/2, n-1) · sd/√n`, clipped to the scale;
    /// `None` for a single answer.
    pub interval: Option<Interval>,
}

/// Mean, sample variance (`None` below 2 answers) and `n` of the answers.
pub(crate) fn moments(aggregate: &Aggregate) -> (f64, Option<f64>, u64) {
    let n = aggregate.n();
    let total: f64 = aggregate.scored_counts().map(|(s, c)| s * c as f64).sum();
    let mean = total / n as f64;
    let squares: f64 = aggregate
        .scored_counts()
        .map(|(s, c)| c as f64 * (s - mean) * (s - mean))
        .sum();
    (mean, (n > 1).then(|| squares / (n - 1) as f64), n)
}

/// Whether `score` counts as "easy" on a scale whose highest is `top`.
pub fn is_easy(score: u8, top: u8) -> bool {
    2 * u16::from(score) > u16::from(top) + 1
}

/// The CES of `aggregate`; an `EMPTY_INPUT` error without answers.
///
/// ```
/// use clg_metrics::{stats::ConfidenceLevel, survey::{ces, Aggregate, Kind}};
/// let scale = Kind::Ces.scale(None, "scale").unwrap();
/// let a = Aggregate::from_scores(Kind::Ces, scale, &[7, 6, 5, 2]).unwrap();
/// let s = ces::summary(&a, ConfidenceLevel::DEFAULT).unwrap();
/// assert_eq!((s.mean, s.easy, s.easy_share), (5.0, 3, 75.0));
/// ```
pub fn summary(aggregate: &Aggregate, level: ConfidenceLevel) -> Result<CesSummary, Error> {
    if aggregate.n() == 0 {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "scores",
            "a CES needs at least one score, got none",
        ));
    }
    let (mean, variance, n) = moments(aggregate);
    let top = aggregate.scale().max;
    let easy: u64 = aggregate
        .scored_counts()
        .filter(|&(s, _)| is_easy(s as u8, top))
        .map(|(_, c)| c)
        .sum();
    let interval = variance.map(|v| {
        let margin = level.t((n - 1) as f64) * (v / n as f64).sqrt();
        Interval {
            low: (mean - margin).max(1.0),
            high: (mean + margin).min(f64::from(top)),
            level: level.value(),
        }
    });
    Ok(CesSummary {
        mean,
        n,
        sd: variance.map(f64::sqrt),
        easy,
        easy_share: easy as f64 / n as f64 * 100.0,
        low_sample: n < LOW_SAMPLE_BELOW,
        scale: top,
        counts: aggregate.counts().to_vec(),
        interval,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Kind;
    use proptest::prelude::*;

    fn aggregate(top: u8, scores: &[u8]) -> Aggregate {
        Aggregate::from_scores(
            Kind::Ces,
            Kind::Ces.scale(Some(f64::from(top)), "s").unwrap(),
            scores,
        )
        .unwrap()
    }

    /// Mean, sd and t interval from mpmath 1.3 at 30 digits (t quantile by
    /// `findroot` on `1 - betainc(df/2, 1/2, 0, df/(df+t²))/2`); tolerance 1e-12.
    #[test]
    fn matches_reference() {
        let s = summary(
            &aggregate(7, &[7, 6, 6, 5, 4, 7, 3, 6, 5, 7]),
            ConfidenceLevel::DEFAULT,
        )
        .unwrap();
        assert!((s.mean - 5.6).abs() < 1e-12);
        assert!((s.sd.unwrap() - 1.349_897_115_421_105_8).abs() < 1e-12);
        let i = s.interval.unwrap();
        assert!((i.low - 4.634_341_776_133_632_2).abs() < 1e-12, "{}", i.low);
        assert!(
            (i.high - 6.565_658_223_866_367_8).abs() < 1e-12,
            "{}",
            i.high
        );
        assert_eq!(
            (s.easy, s.easy_share, s.low_sample, s.n),
            (8, 80.0, true, 10)
        );
        assert_eq!(s.counts, vec![0, 0, 1, 1, 2, 3, 3]);
    }

    /// [1, 2, 7] at 90 %: mpmath gives -2.0859.. to 8.7526.., outside the
    /// scale, so the interval is clipped to 1..7.
    #[test]
    fn interval_is_clipped_to_the_scale() {
        let level = ConfidenceLevel::new(0.9, "level").unwrap();
        let s = summary(&aggregate(7, &[1, 2, 7]), level).unwrap();
        assert!((s.sd.unwrap() - 3.214_550_253_664_318_3).abs() < 1e-12);
        assert_eq!(s.interval.map(|i| (i.low, i.high)), Some((1.0, 7.0)));
    }

    #[test]
    fn easy_is_above_the_midpoint() {
        let easy = |top: u8| (1..=top).filter(|&s| is_easy(s, top)).collect::<Vec<_>>();
        assert_eq!(easy(7), vec![5, 6, 7]);
        assert_eq!(easy(5), vec![4, 5]);
        assert_eq!(easy(10), vec![6, 7, 8, 9, 10]);
        assert_eq!(easy(3), vec![3]);
    }

    #[test]
    fn single_answer_has_no_interval_and_empty_is_an_error() {
        let s = summary(&aggregate(7, &[4]), ConfidenceLevel::DEFAULT).unwrap();
        assert_eq!((s.mean, s.sd, s.interval), (4.0, None, None));
        assert_eq!(
            summary(&aggregate(7, &[]), ConfidenceLevel::DEFAULT)
                .unwrap_err()
                .code(),
            ErrorCode::EmptyInput
        );
    }

    proptest! {
        #[test]
        fn mean_in_range_and_inside_its_interval(top in 3u8..=10, raw in prop::collection::vec(any::<u8>(), 2..300)) {
            let scores: Vec<u8> = raw.iter().map(|&r| 1 + r % top).collect();
            let s = summary(&aggregate(top, &scores), ConfidenceLevel::DEFAULT).unwrap();
            prop_assert!(1.0 <= s.mean && s.mean <= f64::from(top));
            let i = s.interval.unwrap();
            prop_assert!(i.low <= s.mean + 1e-12 && s.mean - 1e-12 <= i.high);
            prop_assert!((0.0..=100.0).contains(&s.easy_share));
        }

        #[test]
        fn order_does_not_matter(mut scores in prop::collection::vec(1u8..=7, 1..200), k in any::<usize>()) {
            let before = summary(&aggregate(7, &scores), ConfidenceLevel::DEFAULT).unwrap();
            let k = k % scores.len();
            scores.rotate_left(k);
            prop_assert_eq!(before, summary(&aggregate(7, &scores), ConfidenceLevel::DEFAULT).unwrap());
        }
    }
}
