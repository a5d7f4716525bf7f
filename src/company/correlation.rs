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
/// comparisons); each distinct key's run in them gives its average rank,
/// found for each value by binary search among the distinct keys.
pub(crate) fn ranks(values: &[f64]) -> Vec<f64> {
    let sorted = radix_sort(values.iter().map(|&v| ordered_bits(v)).collect());
    // Each distinct key once, with the mean rank of its copies: positions
    // first..end hold ranks first + 1 ..= end. Index loops: at opt-level
    // "z" iterator adapters stay function calls.
    let (mut keys, mut means) = (Vec::new(), Vec::new());
    let mut first = 0;
    while let Some(&key) = sorted.get(first) {
        let mut end = first + 1;
        while sorted.get(end) == Some(&key) {
            end += 1;
        }
        keys.push(key);
        means.push((first + 1 + end) as f64 / 2.0);
        first = end;
    }
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while let (Some(&v), Some(slot)) = (values.get(i), out.get_mut(i)) {
        let key = ordered_bits(v);
        *slot = means
            .get(keys.partition_point(|&k| k < key))
            .copied()
            .unwrap_or(0.0);
        i += 1;
    }
    out
}

/// `keys` in ascending order: a least-significant-digit radix sort, one
/// byte per pass, skipping the bytes all keys share (most high bytes of
/// similar numbers). Index loops: at opt-level "z" the library sort calls
/// its comparison closure for every comparison.
fn radix_sort(mut keys: Vec<u64>) -> Vec<u64> {
    let mut spare = vec![0u64; keys.len()];
    for shift in (0..64).step_by(8) {
        let mut counts = [0usize; 256];
        let mut i = 0;
        while let Some(&k) = keys.get(i) {
            if let Some(c) = counts.get_mut((k >> shift) as usize & 0xff) {
                *c += 1;
            }
            i += 1;
        }
        if counts.contains(&keys.len()) {
            continue; // one byte value: this pass would not move anything
        }
        // Each byte value's first position in the output.
        let mut next = 0;
        for c in counts.iter_mut() {
            (*c, next) = (next, next + *c);
        }
        let mut i = 0;
        while let Some(&k) = keys.get(i) {
            if let Some(c) = counts.get_mut((k >> shift) as usize & 0xff) {
                if let Some(slot) = spare.get_mut(*c) {
                    *slot = k;
                }
                *c += 1;
            }
            i += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
    }
    keys
}

fn ordered_bits(x: f64) -> u64 {
    let bits = (x + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ranks_average_ties_and_order_signs() {
        let values = [3.0, -1.0, 3.0, 0.0, -0.0, 2.0, -1e300, f64::INFINITY];
        assert_eq!(ranks(&values), [6.5, 2.0, 6.5, 3.5, 3.5, 5.0, 1.0, 8.0]);
        assert!(ranks(&[]).is_empty());
    }

    proptest! {
        #[test]
        fn radix_sort_sorts(keys in prop::collection::vec(prop_oneof![any::<u64>(), 0u64..300, Just(u64::MAX)], 0..200)) {
            let mut expected = keys.clone();
            expected.sort_unstable();
            prop_assert_eq!(radix_sort(keys), expected);
        }

        #[test]
        fn ranks_match_counting(values in prop::collection::vec(prop_oneof![(-3i8..4).prop_map(f64::from), -1e3f64..1e3], 0..60)) {
            // A value's average rank: 1 + (values below) + (other copies) / 2.
            for (v, r) in values.iter().zip(ranks(&values)) {
                let below = values.iter().filter(|&&w| w < *v).count() as f64;
                let same = values.iter().filter(|&&w| w == *v).count() as f64;
                prop_assert_eq!(r, below + (same + 1.0) / 2.0);
            }
        }
    }
}
