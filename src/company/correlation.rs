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
    let (xs, ys): (Vec<f64>, Vec<f64>) = x.iter().zip(y).filter(|(a, b)| !a.is_nan() && !b.is_nan()).map(|(&a, &b)| (a, b)).unzip();
    let n = xs.len();
    if n < 2 {
        let none = Metric::none(Reason::NotEnoughPairs);
        return Correlation { n, pearson: none, spearman: none };
    }
    Correlation { n, pearson: pearson(&xs, &ys), spearman: pearson(&ranks(&xs), &ranks(&ys)) }
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
    Metric::of((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0), Reason::NoVariance)
}

/// 1-based ranks; tied values share the average of their ranks.
pub(crate) fn ranks(values: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<(f64, usize)> = values.iter().copied().zip(0..).collect();
    sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < sorted.len() {
        let value = sorted[i].0;
        let j = sorted[i..].iter().position(|&(v, _)| v != value).map_or(sorted.len(), |k| i + k);
        let average = (i + j - 1) as f64 / 2.0 + 1.0;
        for &(_, k) in &sorted[i..j] {
            if let Some(rank) = ranks.get_mut(k) {
                *rank = average;
            }
        }
        i = j;
    }
    ranks
}
