//! The pass over the largest input (the goal progress of every account),
//! two doubles at a time in the wasm build (`simd128`, see
//! `.cargo/config.toml`); elsewhere (native builds and tests) one at a time
//! with the same comparisons, so both give the same answers.

/// Goals set (not NaN) and reached (`>= 1`) among `goals`, and whether one
/// is infinite: `[1.0, NaN, 0.4, 2.0]` gives `(3, 2, false)`.
#[inline(always)]
pub(crate) fn goal_counts(goals: &[f64]) -> (u32, u32, bool) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::goal_counts(goals)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        scalar_goal_counts(goals)
    }
}

/// [`goal_counts`] one value at a time (also the wasm build's odd tail).
#[inline(always)]
fn scalar_goal_counts(goals: &[f64]) -> (u32, u32, bool) {
    // Counted in locals, compared as floats: NaN is neither set nor reached.
    let (mut set, mut reached, mut infinite, mut j) = (0, 0, false, 0);
    // Index loops: at opt-level "z" a slice iterator's `next` stays a call.
    while let Some(&x) = goals.get(j) {
        set += u32::from(!x.is_nan());
        reached += u32::from(x >= 1.0);
        infinite |= x.abs() == f64::INFINITY;
        j += 1;
    }
    (set, reached, infinite)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{
        f64x2_abs, f64x2_eq, f64x2_ge, f64x2_splat, i64x2_extract_lane, i64x2_splat, i64x2_sub,
        v128, v128_any_true, v128_load, v128_or,
    };

    /// The pair of doubles at `values[2 * k..2 * k + 2]`; `k < values.len() / 2`.
    #[inline(always)]
    fn pair(values: &[f64], k: usize) -> v128 {
        debug_assert!(2 * k + 2 <= values.len());
        // SAFETY: the caller keeps `2 * k + 1 < values.len()`; `v128_load`
        // needs no alignment.
        unsafe { v128_load(values.as_ptr().add(2 * k).cast::<v128>()) }
    }

    #[inline(always)]
    pub(super) fn goal_counts(goals: &[f64]) -> (u32, u32, bool) {
        let (one, infinity) = (f64x2_splat(1.0), f64x2_splat(f64::INFINITY));
        // A comparison's lane is all ones (-1) where true: subtracting it counts.
        let (mut set, mut reached, mut infinite) = (i64x2_splat(0), i64x2_splat(0), i64x2_splat(0));
        let pairs = goals.len() / 2;
        let mut k = 0;
        while k < pairs {
            let x = pair(goals, k);
            set = i64x2_sub(set, f64x2_eq(x, x));
            reached = i64x2_sub(reached, f64x2_ge(x, one));
            infinite = v128_or(infinite, f64x2_eq(f64x2_abs(x), infinity));
            k += 1;
        }
        let lanes = |v: v128| (i64x2_extract_lane::<0>(v) + i64x2_extract_lane::<1>(v)) as u32;
        let (s, r, i) = super::scalar_goal_counts(goals.get(2 * pairs..).unwrap_or_default());
        (
            lanes(set) + s,
            lanes(reached) + r,
            v128_any_true(infinite) | i,
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Doubles around the thresholds, with both signs, both infinities and
    /// NaNs of either sign and any payload.
    pub(crate) fn double() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(1.0),
            Just(0.0),
            Just(-0.0),
            Just(f64::from_bits(1.0f64.to_bits() - 1)),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            any::<u64>().prop_map(|bits| f64::from_bits(bits | 0x7ff0_0000_0000_0001)),
            -3.0f64..3.0,
            any::<f64>(),
        ]
    }

    proptest! {
        #[test]
        fn goal_counts_count_set_reached_and_infinite(values in prop::collection::vec(double(), 0..40)) {
            let set = values.iter().filter(|x| !x.is_nan()).count() as u32;
            let reached = values.iter().filter(|&&x| x >= 1.0).count() as u32;
            let infinite = values.iter().any(|x| x.is_infinite());
            prop_assert_eq!(goal_counts(&values), (set, reached, infinite));
        }
    }
}
