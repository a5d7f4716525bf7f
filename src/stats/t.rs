//! Student's t distribution with `df > 0` degrees of freedom (not
//! necessarily whole: Welch's test gives fractional ones).

use super::{beta, normal};

/// `P(T <= t)` for Student's t with `df` degrees of freedom; NaN when
/// `df` is not positive or an argument is NaN.
///
/// Uses `P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2)`, with `1 - x` passed to
/// the incomplete beta without rounding loss.
///
/// ```
/// use clg_metrics::stats::t::cdf;
/// assert!((cdf(2.0, 5.0) - 0.949_030_260_585_070_8).abs() < 1e-14);
/// assert_eq!(cdf(0.0, 3.0), 0.5);
/// ```
pub fn cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return if t > 0.0 { 1.0 } else { 0.0 };
    }
    let t2 = t * t;
    let (x, one_minus_x) = (df / (df + t2), t2 / (df + t2));
    let tail = 0.5 * beta::incomplete(x, one_minus_x, 0.5 * df, 0.5);
    if t > 0.0 {
        1.0 - tail
    } else {
        tail
    }
}

/// The density of Student's t at `t`.
fn pdf(t: f64, df: f64) -> f64 {
    let ln_norm = beta::ln_gamma(0.5 * (df + 1.0)) - beta::ln_gamma(0.5 * df) - 0.5 * (df * std::f64::consts::PI).ln();
    (ln_norm - 0.5 * (df + 1.0) * (t * t / df).ln_1p()).exp()
}

/// The quantile `t` with `P(T <= t) = p`, for `0 < p < 1` and `df > 0`
/// (±infinity at 0 and 1, NaN otherwise). Exact to about 1e-12 relative:
/// Newton's method on [`cdf`] from the normal quantile, kept inside a
/// shrinking bracket (bisection whenever a step would leave it), so it
/// always converges.
///
/// ```
/// use clg_metrics::stats::t::quantile;
/// assert!((quantile(0.975, 9.0) - 2.262_157_162_798_205).abs() < 1e-12);
/// assert!((quantile(0.025, 9.0) + 2.262_157_162_798_205).abs() < 1e-12);
/// ```
pub fn quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || df <= 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 || p == 1.0 {
        return if p == 1.0 { f64::INFINITY } else { f64::NEG_INFINITY };
    }
    if p == 0.5 {
        return 0.0;
    }
    // Solve for the upper half, then mirror.
    let upper = p.max(1.0 - p);
    let target_tail = 1.0 - upper;
    // Upper-tail probability of t > 0, computed without cancellation.
    let tail = |t: f64| 0.5 * beta::incomplete(df / (df + t * t), t * t / (df + t * t), 0.5 * df, 0.5);
    let (mut low, mut high) = (0.0, normal::quantile(upper).max(1.0));
    while tail(high) > target_tail {
        low = high;
        high *= 2.0;
        if high.is_infinite() {
            return if p > 0.5 { f64::INFINITY } else { f64::NEG_INFINITY };
        }
    }
    // max/min rather than `clamp`, whose panic message would pull float
    // formatting into the wasm module.
    let mut t = normal::quantile(upper).max(low).min(high);
    for _ in 0..200 {
        let excess = tail(t) - target_tail;
        if excess > 0.0 {
            low = t;
        } else {
            high = t;
        }
        let newton = t + excess / pdf(t, df);
        let next = if newton > low && newton < high { newton } else { 0.5 * (low + high) };
        let done = (next - t).abs() <= 1e-15 * next.abs() || high - low <= 1e-15 * high;
        t = next;
        if done {
            break;
        }
    }
    if p > 0.5 {
        t
    } else {
        -t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reference quantiles from mpmath 1.3 at 40 digits: `findroot` on the
    /// CDF `1 - betainc(df/2, 1/2, 0, df/(df+t²), regularized=True)/2`.
    /// Tolerance 1e-12 relative up to df = 1000; 1e-9 beyond (ln Γ of large
    /// arguments loses digits in the beta function's normalising constant).
    #[test]
    fn quantiles_match_mpmath() {
        let cases = [
            (1.0, 0.975, 12.706_204_736_174_693_314),
            (1.0, 0.995, 63.656_741_162_871_524_447),
            (2.0, 0.975, 4.302_652_729_749_461_789_4),
            (3.0, 0.95, 2.353_363_434_801_822_899_0),
            (5.0, 0.995, 4.032_142_983_555_227_179_3),
            (7.3, 0.975, 2.345_066_736_547_703_051_9),
            (9.0, 0.975, 2.262_157_162_798_204_999_2),
            (29.0, 0.975, 2.045_229_642_132_703_874_5),
            (100.0, 0.95, 1.660_234_326_085_339_115_0),
            (1000.0, 0.995, 2.580_754_698_065_950_770_6),
            (1e5, 0.975, 1.959_987_707_534_609_258_7),
            (1e6, 0.95, 1.644_855_150_722_040_062_0),
        ];
        for (df, p, expected) in cases {
            let tolerance = if df <= 1000.0 { 1e-12 } else { 1e-9 };
            let got = quantile(p, df);
            assert!((got - expected).abs() <= tolerance * expected, "quantile({p}, {df}) = {got}, expected {expected}");
            let mirrored = quantile(1.0 - p, df);
            assert!((mirrored + expected).abs() <= tolerance * expected, "quantile({}, {df}) = {mirrored}", 1.0 - p);
        }
    }

    /// Reference CDF values from mpmath 1.3 as above; tolerance 1e-13
    /// absolute (1e-9 at df = 1e6).
    #[test]
    fn cdf_matches_mpmath() {
        let cases = [
            (2.0, 5.0, 0.949_030_260_585_070_821_9, 1e-13),
            (0.5, 3.0, 0.674_276_017_575_924_502_8, 1e-13),
            (-1.3, 12.7, 0.108_350_267_292_108_810_1, 1e-13),
            (3.5, 1.0, 0.911_414_467_217_095_251_1, 1e-13),
            (10.0, 40.0, 0.999_999_999_999_034_344_1, 1e-13),
            (2.0, 1e6, 0.977_249_733_074_340_395_8, 1e-9),
        ];
        for (t, df, expected, tolerance) in cases {
            let got = cdf(t, df);
            assert!((got - expected).abs() <= tolerance, "cdf({t}, {df}) = {got}, expected {expected}");
        }
    }

    #[test]
    fn edges_and_invalid_input() {
        assert_eq!(quantile(0.5, 4.0), 0.0);
        assert_eq!(quantile(1.0, 4.0), f64::INFINITY);
        assert_eq!(quantile(0.0, 4.0), f64::NEG_INFINITY);
        assert!(quantile(0.9, 0.0).is_nan());
        assert!(quantile(1.5, 3.0).is_nan());
        assert!(quantile(f64::NAN, 3.0).is_nan());
        assert_eq!(cdf(f64::INFINITY, 3.0), 1.0);
        assert_eq!(cdf(f64::NEG_INFINITY, 3.0), 0.0);
        assert!(cdf(1.0, -1.0).is_nan());
    }

    proptest! {
        #[test]
        fn quantile_inverts_cdf(p in 0.001f64..0.999, df in 0.5f64..5000.0) {
            let t = quantile(p, df);
            prop_assert!((cdf(t, df) - p).abs() < 1e-12, "p {p} df {df} t {t}");
        }

        #[test]
        fn heavier_tails_than_normal(p in 0.5001f64..0.9999, df in 1.0f64..1000.0) {
            prop_assert!(quantile(p, df) >= normal::quantile(p) - 1e-12);
        }
    }
}
