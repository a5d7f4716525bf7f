//! Is the change real? The difference between two aggregates of the same
//! kind and scale (two periods, two segments), with its interval and a
//! significance flag.
//!
//! - NPS: difference of the adjusted-Wald estimates, variance the sum of
//!   the two adjusted-Wald variances, normal interval (Rocks 2016).
//! - CSAT: difference of the two proportions, Newcombe's hybrid score
//!   interval from the two Wilson intervals (Newcombe 1998, method 10).
//! - CES: Welch's t-test: difference of the means, standard error
//!   `sqrt(s1²/n1 + s2²/n2)`, Welch–Satterthwaite degrees of freedom,
//!   two-sided p-value from Student's t CDF and a t interval.
//!
//! `significant` means the interval leaves out 0 (for CES, equivalently,
//! `pValue < 1 - level`).

// Constants and references keep every digit their sources publish.
#![allow(clippy::excessive_precision)]

use serde::Serialize;

use super::{ces, csat, Aggregate, Kind};
use crate::error::{Error, ErrorCode};
use crate::stats::{proportion, t, ConfidenceLevel, Interval};

/// The difference `first - second` of one metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The metric compared.
    pub kind: Kind,
    /// `first - second` in the metric's unit: NPS points, CSAT percentage
    /// points, or CES scale points (difference of means).
    pub difference: f64,
    /// Interval of the difference, same unit. For NPS it is centred on the
    /// difference of the adjusted estimates, which for small samples can
    /// differ from `difference`.
    pub interval: Interval,
    /// Whether the interval leaves out 0.
    pub significant: bool,
    /// Two-sided p-value (CES only).
    pub p_value: Option<f64>,
    /// Welch–Satterthwaite degrees of freedom (CES only).
    pub df: Option<f64>,
    /// Answers in `first`.
    pub n_first: u64,
    /// Answers in `second`.
    pub n_second: u64,
}

/// Compares `first` with `second`. Errors: `KIND_MISMATCH` or
/// `SCALE_MISMATCH` (field `second`), `EMPTY_INPUT` when one is empty,
/// `TOO_FEW_SCORES` when a CES side has fewer than 2 answers.
///
/// ```
/// use clg_metrics::{stats::ConfidenceLevel, survey::{compare::compare, Aggregate, Kind}};
/// let scale = Kind::Csat.scale(None, "scale").unwrap();
/// let june = Aggregate::from_scores(Kind::Csat, scale, &[5; 40]).unwrap();
/// let may = Aggregate::from_scores(Kind::Csat, scale, &[2; 40]).unwrap();
/// let c = compare(&june, &may, ConfidenceLevel::DEFAULT).unwrap();
/// assert_eq!(c.difference, 100.0);
/// assert!(c.significant);
/// ```
pub fn compare(
    first: &Aggregate,
    second: &Aggregate,
    level: ConfidenceLevel,
) -> Result<Comparison, Error> {
    first.check_same(second, "second")?;
    for (aggregate, field) in [(first, "first"), (second, "second")] {
        if aggregate.n() == 0 {
            return Err(Error::new(
                ErrorCode::EmptyInput,
                field,
                "a comparison needs at least one score on each side, got none",
            ));
        }
        if first.kind() == Kind::Ces && aggregate.n() < 2 {
            return Err(Error::new(
                ErrorCode::TooFewScores,
                field,
                "a CES comparison needs at least 2 scores on each side, got 1",
            ));
        }
    }
    let comparison = match first.kind() {
        Kind::Nps => nps(first, second, level),
        Kind::Csat => csat(first, second, level),
        Kind::Ces => ces(first, second, level),
    };
    Ok(Comparison {
        n_first: first.n(),
        n_second: second.n(),
        ..comparison
    })
}

/// A comparison from a difference and its interval bounds.
fn from_interval(
    kind: Kind,
    difference: f64,
    (low, high): (f64, f64),
    level: ConfidenceLevel,
) -> Comparison {
    Comparison {
        kind,
        difference,
        interval: Interval {
            low,
            high,
            level: level.value(),
        },
        significant: low > 0.0 || high < 0.0,
        p_value: None,
        df: None,
        n_first: 0,
        n_second: 0,
    }
}

fn nps(first: &Aggregate, second: &Aggregate, level: ConfidenceLevel) -> Comparison {
    let (a, b) = (first.nps_counts(), second.nps_counts());
    let ((ca, va), (cb, vb)) = (a.adjusted(), b.adjusted());
    let margin = level.z() * (va + vb).sqrt();
    let centre = ca - cb;
    let bounds = (
        (centre - margin).max(-2.0) * 100.0,
        (centre + margin).min(2.0) * 100.0,
    );
    let difference = a.score().unwrap_or(0.0) - b.score().unwrap_or(0.0);
    from_interval(Kind::Nps, difference, bounds, level)
}

fn csat(first: &Aggregate, second: &Aggregate, level: ConfidenceLevel) -> Comparison {
    let (a, b) = (
        (csat::satisfied(first), first.n()),
        (csat::satisfied(second), second.n()),
    );
    let (low, high) = proportion::newcombe(a, b, level.z());
    let difference = (a.0 as f64 / a.1 as f64 - b.0 as f64 / b.1 as f64) * 100.0;
    from_interval(Kind::Csat, difference, (low * 100.0, high * 100.0), level)
}

fn ces(first: &Aggregate, second: &Aggregate, level: ConfidenceLevel) -> Comparison {
    let (ma, va, na) = ces::moments(first);
    let (mb, vb, nb) = ces::moments(second);
    // Both sides have n >= 2, so both variances exist.
    let (ea, eb) = (va.unwrap_or(0.0) / na as f64, vb.unwrap_or(0.0) / nb as f64);
    let difference = ma - mb;
    let se = (ea + eb).sqrt();
    if se == 0.0 {
        // Both samples constant: no spread, so the difference is exact.
        let p_value = if difference == 0.0 { 1.0 } else { 0.0 };
        let df = (na + nb - 2) as f64;
        return Comparison {
            p_value: Some(p_value),
            df: Some(df),
            ..from_interval(Kind::Ces, difference, (difference, difference), level)
        };
    }
    let df = (ea + eb).powi(2) / (ea * ea / (na - 1) as f64 + eb * eb / (nb - 1) as f64);
    let p_value = 2.0 * t::cdf(-(difference / se).abs(), df);
    let margin = level.t(df) * se;
    let bounds = (difference - margin, difference + margin);
    Comparison {
        p_value: Some(p_value),
        df: Some(df),
        ..from_interval(Kind::Ces, difference, bounds, level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn aggregate(kind: Kind, scores: &[u8]) -> Aggregate {
        Aggregate::from_scores(kind, kind.scale(None, "s").unwrap(), scores).unwrap()
    }

    fn nps_scores(promoters: usize, passives: usize, detractors: usize) -> Vec<u8> {
        [vec![10; promoters], vec![7; passives], vec![3; detractors]].concat()
    }

    fn close(got: f64, expected: f64, tolerance: f64) {
        assert!(
            (got - expected).abs() <= tolerance,
            "got {got}, expected {expected}"
        );
    }

    /// (25, 10, 15) vs (18, 12, 30) at 95 %: mpmath 1.3 at 30 digits from
    /// Rocks' adjusted-Wald formulas, variances summed; tolerance 1e-9.
    #[test]
    fn nps_matches_reference() {
        let c = compare(
            &aggregate(Kind::Nps, &nps_scores(25, 10, 15)),
            &aggregate(Kind::Nps, &nps_scores(18, 12, 30)),
            ConfidenceLevel::DEFAULT,
        )
        .unwrap();
        close(c.difference, 40.0, 1e-9);
        close(c.interval.low, 6.313_283_960_700_295_6, 1e-9);
        close(c.interval.high, 69.517_803_191_141_573, 1e-9);
        assert!(c.significant);
        assert_eq!((c.n_first, c.n_second, c.p_value), (50, 60, None));
    }

    /// 41/50 vs 30/50 satisfied: Newcombe's method 10 recomputed with
    /// mpmath 1.3 at 30 digits; tolerance 1e-9.
    #[test]
    fn csat_matches_reference() {
        let first: Vec<u8> = [vec![5; 41], vec![2; 9]].concat();
        let second: Vec<u8> = [vec![4; 30], vec![1; 20]].concat();
        let c = compare(
            &aggregate(Kind::Csat, &first),
            &aggregate(Kind::Csat, &second),
            ConfidenceLevel::DEFAULT,
        )
        .unwrap();
        close(c.difference, 22.0, 1e-9);
        close(c.interval.low, 4.187_336_114_078_889_4, 1e-9);
        close(c.interval.high, 38.083_606_293_639_974, 1e-9);
        assert!(c.significant);
    }

    /// Welch's test of [7,6,6,5,4,7,3,6,5,7] vs [4,5,3,6,2,4,5,3]: t, df,
    /// p and interval from mpmath 1.3 at 30 digits (t CDF via `betainc`);
    /// the same p-value as `scipy.stats.ttest_ind(a, b, equal_var=False)`.
    /// Tolerance 1e-10.
    #[test]
    fn ces_matches_reference() {
        let a = aggregate(Kind::Ces, &[7, 6, 6, 5, 4, 7, 3, 6, 5, 7]);
        let b = aggregate(Kind::Ces, &[4, 5, 3, 6, 2, 4, 5, 3]);
        let c = compare(&a, &b, ConfidenceLevel::DEFAULT).unwrap();
        close(c.difference, 1.6, 1e-12);
        close(c.df.unwrap(), 15.339_585_235_237_258, 1e-10);
        close(c.p_value.unwrap(), 0.022_315_319_821_079_374, 1e-10);
        close(c.interval.low, 0.260_433_399_928_753_13, 1e-10);
        close(c.interval.high, 2.939_566_600_071_246_9, 1e-10);
        assert!(c.significant);
        let strict = compare(&a, &b, ConfidenceLevel::new(0.99, "level").unwrap()).unwrap();
        assert!(!strict.significant && strict.interval.low < 0.0);
    }

    #[test]
    fn constant_ces_samples() {
        let c = compare(
            &aggregate(Kind::Ces, &[5, 5]),
            &aggregate(Kind::Ces, &[5, 5, 5]),
            ConfidenceLevel::DEFAULT,
        )
        .unwrap();
        assert_eq!(
            (c.difference, c.p_value, c.significant),
            (0.0, Some(1.0), false)
        );
        let c = compare(
            &aggregate(Kind::Ces, &[6, 6]),
            &aggregate(Kind::Ces, &[5, 5, 5]),
            ConfidenceLevel::DEFAULT,
        )
        .unwrap();
        assert_eq!(
            (c.difference, c.p_value, c.significant),
            (1.0, Some(0.0), true)
        );
    }

    #[test]
    fn bad_pairs_are_typed_errors() {
        let level = ConfidenceLevel::DEFAULT;
        let ces7 = aggregate(Kind::Ces, &[5, 6]);
        let ces5 =
            Aggregate::from_scores(Kind::Ces, Kind::Ces.scale(Some(5.0), "s").unwrap(), &[5, 4])
                .unwrap();
        let cases = [
            (
                compare(&ces7, &ces5, level),
                ErrorCode::ScaleMismatch,
                "second",
            ),
            (
                compare(&ces7, &aggregate(Kind::Csat, &[5]), level),
                ErrorCode::KindMismatch,
                "second",
            ),
            (
                compare(
                    &aggregate(Kind::Nps, &[]),
                    &aggregate(Kind::Nps, &[9]),
                    level,
                ),
                ErrorCode::EmptyInput,
                "first",
            ),
            (
                compare(
                    &aggregate(Kind::Csat, &[5]),
                    &aggregate(Kind::Csat, &[]),
                    level,
                ),
                ErrorCode::EmptyInput,
                "second",
            ),
            (
                compare(&ces7, &aggregate(Kind::Ces, &[3]), level),
                ErrorCode::TooFewScores,
                "second",
            ),
        ];
        for (result, code, field) in cases {
            let err = result.unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (code, field),
                "{}",
                err.message()
            );
        }
    }

    proptest! {
        #[test]
        fn interval_contains_the_estimate_and_flips_with_order(
            kind in prop_oneof![Just(Kind::Nps), Just(Kind::Ces), Just(Kind::Csat)],
            raw_a in prop::collection::vec(any::<u8>(), 2..150),
            raw_b in prop::collection::vec(any::<u8>(), 2..150),
        ) {
            let s = kind.scale(None, "s").unwrap();
            let on_scale = |raw: &[u8]| raw.iter().map(|&r| s.min + r % (s.max - s.min + 1)).collect::<Vec<u8>>();
            let (a, b) = (aggregate(kind, &on_scale(&raw_a)), aggregate(kind, &on_scale(&raw_b)));
            let ab = compare(&a, &b, ConfidenceLevel::DEFAULT).unwrap();
            let ba = compare(&b, &a, ConfidenceLevel::DEFAULT).unwrap();
            let estimate = if kind == Kind::Nps {
                (a.nps_counts().adjusted().0 - b.nps_counts().adjusted().0) * 100.0
            } else {
                ab.difference
            };
            prop_assert!(ab.interval.low <= estimate + 1e-9 && estimate - 1e-9 <= ab.interval.high);
            prop_assert!((ab.difference + ba.difference).abs() < 1e-9);
            prop_assert_eq!(ab.significant, ba.significant);
            if let Some(p) = ab.p_value {
                prop_assert!((0.0..=1.0).contains(&p));
                prop_assert_eq!(ab.significant, p < 0.05);
            }
        }
    }
}
