//! Net Promoter Score: "How likely are you to recommend us to a friend or
//! colleague?" on 0..=10. Promoters answer 9-10, passives 7-8, detractors
//! 0-6; NPS = % promoters - % detractors, from -100 to +100.

use serde::{Deserialize, Serialize};

use super::aggregate::LOW_SAMPLE_BELOW;
use super::Scale;
use crate::error::{element, Error, ErrorCode};
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
        let (at_least_7, at_least_9, any_bad) = count_bands(scores);
        if any_bad {
            if let Some((index, &score)) = scores
                .iter()
                .enumerate()
                .find(|(_, &s)| !NPS_SCALE.contains(s))
            {
                return Err(NPS_SCALE.out_of_range(score, element("scores", index)));
            }
        }
        let n = scores.len() as u64;
        Ok(NpsCounts {
            detractors: n - at_least_7,
            passives: at_least_7 - at_least_9,
            promoters: at_least_9,
        })
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

/// Counts the bytes `>= 7` and `>= 9` and says whether any is `> 10`,
/// eight bytes at a time (SWAR): for a threshold `t <= 11`, adding `128 - t`
/// to each byte of a word sets its top bit exactly when the byte is `>= t`,
/// without carries into the next byte, as long as every byte is at most 10
/// (a valid score). A popcount then counts the bytes. A word with a byte
/// over 10 has a top bit set in the word or in its sum for `t = 11` (a
/// carry comes only from a byte of 139 or more, whose own top bit is set),
/// so the check is exact; the counts are then wrong but unused (the caller
/// reports the bad byte).
fn count_bands(bytes: &[u8]) -> (u64, u64, bool) {
    let (mut ge7, mut ge9, mut bad) = (0u64, 0u64, 0u64);
    // Four words per step: independent work for the CPU and one loop test
    // per 32 bytes. Index loops rather than iterator adapters: at opt-level
    // "z" those stay function calls. `i + 32 <= len` makes every index valid.
    let mut i = 0;
    while i + 32 <= bytes.len() {
        let (a7, a9, a11) = bands(word(bytes, i));
        let (b7, b9, b11) = bands(word(bytes, i + 8));
        let (c7, c9, c11) = bands(word(bytes, i + 16));
        let (d7, d9, d11) = bands(word(bytes, i + 24));
        ge7 += u64::from(a7.count_ones() + b7.count_ones() + c7.count_ones() + d7.count_ones());
        ge9 += u64::from(a9.count_ones() + b9.count_ones() + c9.count_ones() + d9.count_ones());
        bad |= a11 | b11 | c11 | d11;
        i += 32;
    }
    while i + 8 <= bytes.len() {
        let (x7, x9, x11) = bands(word(bytes, i));
        ge7 += u64::from(x7.count_ones());
        ge9 += u64::from(x9.count_ones());
        bad |= x11;
        i += 8;
    }
    for &b in bytes.get(i..).unwrap_or_default() {
        ge7 += u64::from(b >= 7);
        ge9 += u64::from(b >= 9);
        bad |= u64::from(b > 10) << 7;
    }
    (ge7, ge9, bad & TOP != 0)
}

/// The top bit of every byte of 8.
const TOP: u64 = 0x8080_8080_8080_8080;

/// The little-endian word of `bytes[at..at + 8]` (0 past the end).
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        _ => 0,
    }
}

/// For each byte of `x` (all at most 10), its top bit set when it is `>= 7`
/// and `>= 9`; and a word with a top bit set if any byte is over 10 (see
/// [`count_bands`]).
#[inline(always)]
fn bands(x: u64) -> (u64, u64, u64) {
    const fn add(t: u8) -> u64 {
        u64::from_ne_bytes([128 - t; 8])
    }
    (
        x.wrapping_add(add(7)) & TOP,
        x.wrapping_add(add(9)) & TOP,
        x | x.wrapping_add(add(11)),
    )
}

/// Counts every byte value. Four interleaved tables break the dependency
/// between consecutive increments of the same bucket, which is most of the
/// cost on long runs of equal scores.
pub(crate) fn histogram(bytes: &[u8]) -> [u64; 256] {
    let mut tables = [[0u32; 256]; 4];
    let mut total = [0u64; 256];
    // u32 counters cannot overflow within one chunk of u32::MAX bytes.
    for chunk in bytes.chunks(u32::MAX as usize) {
        let mut quads = chunk.chunks_exact(4);
        for q in &mut quads {
            tables[0][usize::from(q[0])] += 1;
            tables[1][usize::from(q[1])] += 1;
            tables[2][usize::from(q[2])] += 1;
            tables[3][usize::from(q[3])] += 1;
        }
        for &b in quads.remainder() {
            tables[0][usize::from(b)] += 1;
        }
        for table in &mut tables {
            for (sum, count) in total.iter_mut().zip(table.iter_mut()) {
                *sum += u64::from(std::mem::take(count));
            }
        }
    }
    total
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

    #[test]
    fn band_counting_matches_a_plain_loop_for_every_byte() {
        // Lengths past two 32-byte steps, the 8-byte words and the tail.
        for len in 0..80 {
            for offset in 0..=255u8 {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| offset.wrapping_add((i * 37) as u8))
                    .collect();
                let bad = bytes.iter().any(|&b| b > 10);
                let (ge7, ge9, flagged) = count_bands(&bytes);
                assert_eq!(flagged, bad, "{bytes:?}");
                if !bad {
                    // With a bad byte the counts are unused (and may be off).
                    assert_eq!(ge7, bytes.iter().filter(|&&b| b >= 7).count() as u64);
                    assert_eq!(ge9, bytes.iter().filter(|&&b| b >= 9).count() as u64);
                }
            }
        }
        // Valid scores only, then one bad byte (any value) at any position.
        for len in 1..80 {
            for offset in 0..11 {
                let mut bytes: Vec<u8> = (0..len).map(|i| ((i * 7 + offset) % 11) as u8).collect();
                let counts = |b: &[u8], t: u8| b.iter().filter(|&&x| x >= t).count() as u64;
                let expected = (counts(&bytes, 7), counts(&bytes, 9), false);
                assert_eq!(count_bands(&bytes), expected, "{bytes:?}");
                let (at, value) = ((offset * 13) % len, 11 + (offset * 53 + len) as u8 % 245);
                bytes[at] = value;
                assert!(count_bands(&bytes).2, "{bytes:?}");
            }
        }
    }

    #[test]
    fn histogram_handles_every_length_remainder() {
        for len in 0..9 {
            let bytes: Vec<u8> = (0..len).map(|i| (i % 11) as u8).collect();
            let h = histogram(&bytes);
            assert_eq!(h.iter().sum::<u64>(), len as u64);
            for (value, &count) in h.iter().enumerate() {
                assert_eq!(
                    count,
                    bytes.iter().filter(|&&b| usize::from(b) == value).count() as u64
                );
            }
        }
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
