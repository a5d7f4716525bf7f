//! Intervals for a proportion and for the difference of two proportions.

/// The Wilson score interval `(low, high)` for `successes` out of `n > 0`
/// trials, with two-sided critical value `z` (Wilson 1927):
/// `(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`.
///
/// ```
/// use clg_metrics::stats::proportion::wilson;
/// let (low, high) = wilson(8, 10, 1.959963984540054);
/// assert!((low - 0.490_162_471_536_641_7).abs() < 1e-12 && (high - 0.943_317_848_545_624_7).abs() < 1e-12);
/// ```
pub fn wilson(successes: u64, n: u64, z: f64) -> (f64, f64) {
    let n = n as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At 0 and n successes the bound is exactly 0 or 1; rounding must not
    // move it past the estimate.
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes as f64 == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// Newcombe's hybrid score interval (method 10 of Newcombe 1998,
/// Statistics in Medicine 17) for `p1 - p2`, built from the two Wilson
/// intervals: `d - sqrt((p1-l1)² + (u2-p2)²)` to `d + sqrt((u1-p1)² + (p2-l2)²)`.
/// Both `n` must be positive.
///
/// ```
/// use clg_metrics::stats::proportion::newcombe;
/// let (low, high) = newcombe((56, 70), (48, 80), 1.959963984540054);
/// assert!((low - 0.052_431).abs() < 1e-6 && (high - 0.333_873).abs() < 1e-6);
/// ```
pub fn newcombe(first: (u64, u64), second: (u64, u64), z: f64) -> (f64, f64) {
    let (p1, p2) = (
        first.0 as f64 / first.1 as f64,
        second.0 as f64 / second.1 as f64,
    );
    let (l1, u1) = wilson(first.0, first.1, z);
    let (l2, u2) = wilson(second.0, second.1, z);
    let d = p1 - p2;
    let low = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let high = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    (low.max(-1.0), high.min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const Z95: f64 = 1.959_963_984_540_054;

    /// Wilson references from mpmath 1.3 at 30 digits from the closed form
    /// above (z = sqrt(2)·erfinv(0.95)); tolerance 1e-12.
    #[test]
    fn wilson_matches_reference() {
        for (k, n, low, high) in [
            (8, 10, 0.490_162_471_536_641_7, 0.943_317_848_545_624_7),
            (0, 10, 0.0, 0.277_532_799_862_889_3),
            (10, 10, 0.722_467_200_137_110_7, 1.0),
            (123, 150, 0.750_776_721_682_039_9, 0.873_242_321_922_391_1),
        ] {
            let (l, h) = wilson(k, n, Z95);
            assert!(
                (l - low).abs() < 1e-12 && (h - high).abs() < 1e-12,
                "{k}/{n}: {l}..{h}"
            );
        }
    }

    /// Newcombe (1998), Table II, example (a): 56/70 vs 48/80, method 10
    /// gives 0.0524 to 0.3339 as printed; the 15-digit values are the same
    /// formula recomputed with mpmath 1.3 at 30 digits. Tolerance 1e-12.
    #[test]
    fn newcombe_matches_reference() {
        let (low, high) = newcombe((56, 70), (48, 80), Z95);
        assert!(
            (low - 0.052_431_472_402_364_88).abs() < 1e-12
                && (high - 0.333_872_654_036_905_98).abs() < 1e-12,
            "{low}..{high}"
        );
        assert_eq!(((low * 1e4).round(), (high * 1e4).round()), (524.0, 3339.0));
    }

    proptest! {
        #[test]
        fn intervals_contain_the_estimate(k1 in 0u64..200, extra1 in 0u64..200, k2 in 0u64..200, extra2 in 1u64..200) {
            let (n1, n2) = (k1 + extra1 + 1, k2 + extra2);
            let (l, h) = wilson(k1, n1, Z95);
            let p1 = k1 as f64 / n1 as f64;
            prop_assert!(0.0 <= l && l <= p1 && p1 <= h && h <= 1.0);
            let d = p1 - k2 as f64 / n2 as f64;
            let (dl, dh) = newcombe((k1, n1), (k2, n2), Z95);
            prop_assert!(-1.0 <= dl && dl <= d + 1e-15 && d - 1e-15 <= dh && dh <= 1.0);
        }
    }
}
