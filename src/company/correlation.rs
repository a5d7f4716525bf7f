//! Pearson and Spearman correlation of paired observations, with `n`.

use serde::Serialize;

use super::value::{Metric, Reason};

/// A correlation between two variables over the pairs where both are known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Correlation {
    /// Number of complete pairs used.
    pub n: usize,
    /// Pearson's r (`NOT_ENOUGH_PAIRS` below 2 pairs, `NO_VARIANCE` when a
    /// variable is constant).
    pub pearson: Metric,
    /// Spearman's rho: Pearson's r of the ranks, ties given their average rank.
    pub spearman: Metric,
}

/// Correlates `x` and `y`, skipping pairs where either is NaN.
///
/// ```
/// use clg_metrics::company::correlation::correlate;
/// let c = correlate(&[1.0, 2.0, 3.0, f64::NAN], &[2.0, 4.0, 7.0, 1.0]);
/// assert_eq!(c.n, 3);
/// assert!((c.spearman.value.unwrap() - 1.0).abs() < 1e-12);
/// assert!(c.pearson.value.unwrap() > 0.99);
/// ```
pub fn correlate(x: &[f64], y: &[f64]) -> Correlation {
    let (xs, ys): (Vec<f64>, Vec<f64>) = x
        .iter()
        .zip(y)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(&a, &b)| (a, b))
        .unzip();
    let n = xs.len();
    if n < 2 {
        let none = Metric::none(Reason::NotEnoughPairs);
        return Correlation {
            n,
            pearson: none,
            spearman: none,
        };
    }
    Correlation {
        n,
        pearson: pearson(&xs, &ys),
        spearman: pearson(&ranks(&xs), &ranks(&ys)),
    }
}

/// Correlates `x` with each of `ys` over the positions where `x` and every
/// `y` are known; the ranks of `x` are computed once.
pub(crate) fn correlate_each(x: &[f64], ys: &[&[f64]]) -> Vec<Correlation> {
    let mut keep = Vec::with_capacity(x.len());
    for (i, v) in x.iter().enumerate() {
        let mut known = !v.is_nan();
        for y in ys {
            known &= y.get(i).is_some_and(|v| !v.is_nan());
        }
        if known {
            keep.push(i);
        }
    }
    let pick = |v: &[f64]| {
        keep.iter()
            .map(|&i| v.get(i).copied().unwrap_or(f64::NAN))
            .collect::<Vec<f64>>()
    };
    let n = keep.len();
    if n < 2 {
        let none = Metric::none(Reason::NotEnoughPairs);
        return ys
            .iter()
            .map(|_| Correlation {
                n,
                pearson: none,
                spearman: none,
            })
            .collect();
    }
    let xs = pick(x);
    let x_ranks = ranks(&xs);
    ys.iter()
        .map(|y| {
            let ys = pick(y);
            Correlation {
                n,
                pearson: pearson(&xs, &ys),
                spearman: pearson(&x_ranks, &ranks(&ys)),
            }
        })
        .collect()
}

/// Pearson's r with two-pass (centred) sums, clamped to -1..1 against
/// rounding.
fn pearson(x: &[f64], y: &[f64]) -> Metric {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return Metric::none(Reason::NoVariance);
    }
    Metric::of(
        (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0),
        Reason::NoVariance,
    )
}

/// 1-based ranks; tied values share the average of their ranks. Values
/// must not be NaN. The values are sorted as integer keys (plain integer
/// comparisons); a value's equal run in the sorted keys, found by binary
/// search, gives its average rank.
pub(crate) fn ranks(values: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<u64> = values.iter().map(|&v| ordered_bits(v)).collect();
    sorted.sort_unstable();
    values
        .iter()
        .map(|&v| {
            let key = ordered_bits(v);
            let first = sorted.partition_point(|&k| k < key);
            let end = sorted.partition_point(|&k| k <= key);
            // Positions first..end hold ranks first + 1 ..= end.
            (first + 1 + end) as f64 / 2.0
        })
        .collect()
}

/// The bits of `x` as an integer ordered like the numbers (`-0.0` and
/// `0.0` are made equal).
fn ordered_bits(x: f64) -> u64 {
    let bits = (x + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}
