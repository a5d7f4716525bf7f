//! Net Promoter Score: "How likely are you to recommend us to a friend or
//! colleague?" on 0..=10. Promoters answer 9-10, passives 7-8, detractors
//! 0-6; NPS = % promoters - % detractors, from -100 to +100.

use serde::{Deserialize, Serialize};

use super::aggregate::LOW_SAMPLE_BELOW;
use super::count::nps_bands;
use super::{Aggregate, Kind, Scale};
use crate::error::{Error, ErrorCode};
use crate::stats::{ConfidenceLevel, Interval};

/// The NPS answer scale, 0 to 10.
pub const NPS_SCALE: Scale = Scale {
    min: 0,
    max: 10,
    noun: "an NPS score",
};

/// Promoter, passive and detractor counts: a mergeable NPS aggregate.
///
/// ```
/// use clg_metrics::survey::nps::NpsCounts;
/// let mut counts = NpsCounts::from_scores(&[10, 9, 8, 3]).unwrap();
/// counts.merge(&NpsCounts::from_scores(&[0]).unwrap());
/// assert_eq!((counts.promoters, counts.passives, counts.detractors), (2, 1, 2));
/// assert_eq!(counts.score(), Some(0.0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NpsCounts {
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
}

impl NpsCounts {
    /// Counts validated byte scores. The whole slice is checked before
    /// anything is returned; the error names the first bad position.
    pub fn from_scores(scores: &[u8]) -> Result<Self, Error> {
        Self::from_named_scores(scores, "scores")
    }

    /// [`NpsCounts::from_scores`] with errors naming `name[i]`.
    pub(crate) fn from_named_scores(scores: &[u8], name: &str) -> Result<Self, Error> {
        match nps_bands(scores) {
            Some([detractors, passives, promoters]) => Ok(NpsCounts {
                promoters,
                passives,
                detractors,
            }),
            // A score is off the scale: counting them all names the first.
            None => Aggregate::from_named_scores(Kind::Nps, NPS_SCALE, scores, name)
                .map(|aggregate| aggregate.nps_counts()),
        }
    }

    /// The bands of a histogram of valid scores: `counts[s]` answers of `s`
    /// for 0..=10 (any further entries are ignored).
    pub(crate) fn from_histogram(counts: &[u64]) -> Self {
        let sum = |from: usize, to: usize| counts.get(from..=to).map_or(0, |c| c.iter().sum());
        NpsCounts {
            detractors: sum(0, 6),
            passives: sum(7, 8),
            promoters: sum(9, 10),
        }
    }

    /// Adds one score already validated against [`NPS_SCALE`].
    #[inline]
    pub fn record(&mut self, score: u8) {
        debug_assert!(NPS_SCALE.contains(score));
        match score {
            9.. => self.promoters += 1,
            7 | 8 => self.passives += 1,
            _ => self.detractors += 1,
        }
    }

    /// Adds another aggregate's counts: the result equals counting both
    /// sets of responses together.
    pub fn merge(&mut self, other: &NpsCounts) {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
    }

    /// Number of responses.
    pub fn n(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }

    /// The NPS from -100 to 100, or `None` without responses.
    pub fn score(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| (self.promoters as f64 - self.detractors as f64) / n as f64 * 100.0)
    }

    /// The adjusted-Wald interval (Rocks 2016): add 3 to `n` and 3/4 to the
    /// promoter and detractor counts, then
    /// `se = sqrt((p' + d' - (p' - d')^2) / n')` and
    /// `(p' - d') ± z·se`, clipped to -1..1 and scaled to -100..100.
    ///
    /// The interval is centred on the adjusted estimate, so for very small
    /// samples it may leave out the raw score (e.g. one promoter: NPS 100,
    /// interval about -48..98). Defined for any `n`, including 0.
    pub fn interval(&self, level: ConfidenceLevel) -> Interval {
        let (centre, variance) = self.adjusted();
        let margin = level.z() * variance.sqrt();
        Interval {
            low: (centre - margin).max(-1.0) * 100.0,
            high: (centre + margin).min(1.0) * 100.0,
            level: level.value(),
        }
    }

    /// The adjusted-Wald estimate `p' - d'` (as a fraction, -1..1) and its
    /// variance `(p' + d' - (p' - d')^2) / n'`.
    pub(crate) fn adjusted(&self) -> (f64, f64) {
        let n = self.n() as f64 + 3.0;
        let p = (self.promoters as f64 + 0.75) / n;
        let d = (self.detractors as f64 + 0.75) / n;
        let centre = p - d;
        (centre, (p + d - centre * centre) / n)
    }

    /// Score, counts and interval; an [`ErrorCode::EmptyInput`] error
    /// without responses (an NPS of nobody is not 0).
    pub fn summary(&self, level: ConfidenceLevel) -> Result<NpsSummary, Error> {
        let score = self.score().ok_or_else(|| {
            Error::new(
                ErrorCode::EmptyInput,
                "scores",
                "an NPS needs at least one score, got none",
            )
        })?;
        Ok(NpsSummary {
            score,
            n: self.n(),
            promoters: self.promoters,
            passives: self.passives,
            detractors: self.detractors,
            low_sample: self.n() < LOW_SAMPLE_BELOW,
            interval: self.interval(level),
        })
    }
}

/// An NPS with its counts and confidence interval, as JS receives it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NpsSummary {
    /// NPS from -100 to 100.
    pub score: f64,
    /// Number of responses.
    pub n: u64,
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// `n < 30`: show the number with a warning.
    pub low_sample: bool,
    /// Adjusted-Wald interval on the -100..100 scale.
    pub interval: Interval,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn level(x: f64) -> ConfidenceLevel {
        ConfidenceLevel::new(x, "level").unwrap()
    }

    fn counts(promoters: u64, passives: u64, detractors: u64) -> NpsCounts {
        NpsCounts {
            promoters,
            passives,
            detractors,
        }
    }

    /// Reference intervals computed independently with mpmath 1.3 at 30
    /// digits (z = sqrt(2)·erfinv(level)), from the formula in Rocks (2016),
    /// "Interval Estimation for the 'Net Promoter Score'", The American
    /// Statistician 70(4). Tolerance 1e-9 on the -100..100 scale (the references carry 15 digits).
    #[test]
    fn adjusted_wald_matches_reference() {
        let cases = [
            // (promoters, passives, detractors, level, low, high)
            (
                25,
                10,
                15,
                0.95,
                -4.407_211_407_354_68,
                42.143_060_463_958_5,
            ),
            (
                25,
                10,
                15,
                0.90,
                -0.665_185_295_926_557,
                38.401_034_352_530_3,
            ),
            (
                25,
                10,
                15,
                0.99,
                -11.720_789_172_586_5,
                49.456_638_229_190_3,
            ),
            (10, 0, 0, 0.95, 47.503_551_544_790_2, 100.0),
            (0, 0, 40, 0.95, -100.0, -83.581_699_389_610_8),
            (1, 0, 0, 0.95, -48.498_649_420_252, 98.498_649_420_252),
            (
                512,
                301,
                187,
                0.95,
                27.635_460_594_489_2,
                37.170_122_655_760_1,
            ),
        ];
        for (p, pa, d, lv, low, high) in cases {
            let interval = counts(p, pa, d).interval(level(lv));
            assert!(
                (interval.low - low).abs() < 1e-9,
                "{p}/{pa}/{d} at {lv}: low {} vs {low}",
                interval.low
            );
            assert!(
                (interval.high - high).abs() < 1e-9,
                "{p}/{pa}/{d} at {lv}: high {} vs {high}",
                interval.high
            );
            assert_eq!(interval.level, lv);
        }
    }

    #[test]
    fn score_counts_bands() {
        let scores: Vec<u8> = (0..=10).collect();
        let c = NpsCounts::from_scores(&scores).unwrap();
        assert_eq!(c, counts(2, 2, 7));
        assert!((c.score().unwrap() - (2.0 - 7.0) / 11.0 * 100.0).abs() < 1e-12);
    }

    #[test]
    fn rejects_out_of_range_and_names_the_position() {
        let err = NpsCounts::from_scores(&[10, 3, 11, 12]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ScoreOutOfRange);
        assert_eq!(err.field(), "scores[2]");
        assert!(
            err.message().contains("from 0 to 10, got 11"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn empty_has_no_score() {
        let empty = NpsCounts::default();
        assert_eq!(empty.score(), None);
        assert_eq!(
            empty.summary(ConfidenceLevel::DEFAULT).unwrap_err().code(),
            ErrorCode::EmptyInput
        );
    }

    proptest! {
        #[test]
        fn score_and_interval_stay_in_range(scores in prop::collection::vec(0u8..=10, 1..400), lv in 0.5f64..0.999) {
            let c = NpsCounts::from_scores(&scores).unwrap();
            let s = c.summary(level(lv)).unwrap();
            prop_assert!((-100.0..=100.0).contains(&s.score));
            prop_assert!(-100.0 <= s.interval.low && s.interval.low <= s.interval.high && s.interval.high <= 100.0);
            prop_assert_eq!(s.n, scores.len() as u64);
            prop_assert_eq!(s.low_sample, scores.len() < 30);
            // The interval contains the adjusted estimate it is centred on.
            let n = s.n as f64 + 3.0;
            let centre = ((c.promoters as f64 + 0.75) - (c.detractors as f64 + 0.75)) / n * 100.0;
            prop_assert!(s.interval.contains(centre));
        }

        #[test]
        fn order_does_not_matter(mut scores in prop::collection::vec(0u8..=10, 0..200), seed in any::<u64>()) {
            let before = NpsCounts::from_scores(&scores).unwrap();
            let k = (seed as usize) % (scores.len() + 1);
            scores.rotate_left(k);
            scores.reverse();
            prop_assert_eq!(before, NpsCounts::from_scores(&scores).unwrap());
        }

        #[test]
        fn merge_equals_counting_the_union(a in prop::collection::vec(0u8..=10, 0..200), b in prop::collection::vec(0u8..=10, 0..200)) {
            let mut merged = NpsCounts::from_scores(&a).unwrap();
            merged.merge(&NpsCounts::from_scores(&b).unwrap());
            let union: Vec<u8> = a.iter().chain(&b).copied().collect();
            prop_assert_eq!(merged, NpsCounts::from_scores(&union).unwrap());
        }

        #[test]
        fn record_agrees_with_bulk_counting(scores in prop::collection::vec(0u8..=10, 0..200)) {
            let mut one_by_one = NpsCounts::default();
            for &s in &scores { one_by_one.record(s); }
            prop_assert_eq!(one_by_one, NpsCounts::from_scores(&scores).unwrap());
        }

        #[test]
        fn higher_level_gives_wider_interval(p in 0u64..100, pa in 0u64..100, d in 0u64..100) {
            let c = counts(p, pa, d);
            let (narrow, wide) = (c.interval(level(0.90)), c.interval(level(0.99)));
            prop_assert!(wide.low <= narrow.low && narrow.high <= wide.high);
        }

        #[test]
        fn any_out_of_range_byte_is_rejected(mut scores in prop::collection::vec(0u8..=10, 0..50), bad in 11u8..=255, at in any::<prop::sample::Index>()) {
            let i = at.index(scores.len() + 1);
            scores.insert(i, bad);
            let err = NpsCounts::from_scores(&scores).unwrap_err();
            prop_assert_eq!(err.code(), ErrorCode::ScoreOutOfRange);
            prop_assert_eq!(err.field(), format!("scores[{i}]"));
        }
    }
}
