//! Counting byte scores: how many bytes of a slice are each score of a
//! scale, and how many are off it. NPS, CSAT and CES all count their
//! `Uint8Array` answers here, then check that none is off the scale. An
//! NPS summary needs only its three bands: [`nps_bands`] counts those.
//!
//! In the wasm build (with `simd128`, see `.cargo/config.toml`) 16 bytes are
//! compared with each score per step: with the 5 or 7 scores of the default
//! CSAT and CES scales only (fewer steps, and counters and constants that
//! fit the 16 SIMD registers of x86-64), else with each of 0..=10; the NPS
//! bands take two comparisons and a running maximum per step. Elsewhere
//! (native builds and tests) four interleaved tables count one byte each.

use super::Scale;

/// `counts[s]`: the bytes equal to `s` for each score `s` of `scale` (zero
/// for the other slots), and the number of bytes off the scale. On 1..=5,
/// `[0, 5, 5, 200]` gives `([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0], 2)`.
pub(crate) fn scale_counts(bytes: &[u8], scale: Scale) -> ([u64; 11], u64) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let all = {
        let (mut all, tail) = match (scale.min, scale.max) {
            (1, 5) => simd::count::<1, 5>(bytes),
            (1, 7) => simd::count::<1, 7>(bytes),
            _ => simd::count::<0, 11>(bytes),
        };
        for &b in tail {
            if let Some(count) = all.get_mut(usize::from(b)) {
                *count += 1;
            }
        }
        all
    };
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let all = histogram(bytes);
    let (low, high) = (usize::from(scale.min), usize::from(scale.max));
    let mut counts = [0u64; 11];
    counts[low..=high].copy_from_slice(&all[low..=high]);
    let on: u64 = counts.iter().sum();
    (counts, bytes.len() as u64 - on)
}

/// The NPS bands of byte scores, `[detractors, passives, promoters]`
/// (0..=6, 7..=8, 9..=10); `None` when a byte is above 10.
/// `[10, 9, 7, 0]` gives `Some([1, 1, 2])`.
pub(crate) fn nps_bands(bytes: &[u8]) -> Option<[u64; 3]> {
    // How many bytes are at least 7 and at least 9, and whether one is above 10.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (seven, nine, off) = {
        let ([mut seven, mut nine], mut off, tail) = simd::nps_thresholds(bytes);
        for &b in tail {
            seven += u64::from(b >= 7);
            nine += u64::from(b >= 9);
            off |= b > 10;
        }
        (seven, nine, off)
    };
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let (seven, nine, off) = {
        let all = histogram(bytes);
        let from = |min: usize| all[min..].iter().sum::<u64>();
        (from(7), from(9), from(11) > 0)
    };
    (!off).then(|| [bytes.len() as u64 - seven, seven - nine, nine])
}

/// Counts every byte value. Four interleaved tables break the dependency
/// between consecutive increments of the same bucket, which is most of the
/// cost on long runs of equal scores.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn histogram(bytes: &[u8]) -> [u64; 256] {
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

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{
        i8x16_eq, i8x16_gt, i8x16_splat, i8x16_sub, u16x8_extadd_pairwise_u8x16,
        u32x4_extadd_pairwise_u16x8, u32x4_extract_lane, u8x16_gt, u8x16_max, u8x16_splat, v128,
        v128_any_true, v128_load,
    };

    /// Vectors per block: an 8-bit lane counter takes at most 255 matches.
    const BLOCK: usize = 255;

    /// The 16 lane counters of `lanes`, summed by widening pairwise.
    fn lane_sum(lanes: v128) -> u64 {
        let w = u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(lanes));
        u64::from(u32x4_extract_lane::<0>(w))
            + u64::from(u32x4_extract_lane::<1>(w))
            + u64::from(u32x4_extract_lane::<2>(w))
            + u64::from(u32x4_extract_lane::<3>(w))
    }

    /// How many bytes in the whole 16-byte vectors of `bytes` are at least
    /// 7 and at least 9, whether one is above 10, and the bytes left over
    /// (fewer than 16). The counts are of signed bytes: right when none is
    /// above 10.
    ///
    /// Signed: engines compare signed bytes in one instruction on x86-64
    /// (`pcmpgtb`), unsigned ones in three or four.
    pub(super) fn nps_thresholds(bytes: &[u8]) -> ([u64; 2], bool, &[u8]) {
        let vectors = bytes.len() / 16;
        let mut counts = [0u64; 2];
        let mut max = u8x16_splat(0);
        let mut done = 0;
        while done < vectors {
            let end = vectors.min(done + BLOCK);
            // Two named counters (not an array), so they stay in registers.
            let (mut seven, mut nine) = (i8x16_splat(0), i8x16_splat(0));
            for at in done..end {
                // SAFETY: `at < vectors`, so the 16 bytes at `at * 16` lie
                // inside `bytes`; `v128_load` needs no alignment.
                let x = unsafe { v128_load(bytes.as_ptr().add(at * 16).cast::<v128>()) };
                // A `gt` mask is all ones: subtracting it adds 1.
                seven = i8x16_sub(seven, i8x16_gt(x, i8x16_splat(6)));
                nine = i8x16_sub(nine, i8x16_gt(x, i8x16_splat(8)));
                max = u8x16_max(max, x);
            }
            counts[0] += lane_sum(seven);
            counts[1] += lane_sum(nine);
            done = end;
        }
        let off = v128_any_true(u8x16_gt(max, u8x16_splat(10)));
        (counts, off, bytes.get(vectors * 16..).unwrap_or_default())
    }

    /// The counts of the `N` scores from `FIRST` (at most 11, to 10) in
    /// the whole 16-byte vectors of `bytes` (zero for the other scores),
    /// and the bytes left over (fewer than 16). Each `N` is its own copy
    /// of the loop, with the comparisons it does not need left out.
    pub(super) fn count<const FIRST: u8, const N: usize>(bytes: &[u8]) -> ([u64; 11], &[u8]) {
        let vectors = bytes.len() / 16;
        let mut counts = [0u64; 11];
        let mut done = 0;
        while done < vectors {
            let end = vectors.min(done + BLOCK);
            // One 8-bit counter per lane and score: subtracting an `eq`
            // mask (all ones) adds 1. `N > k` is known at compile time.
            let mut lanes = [i8x16_splat(0); 11];
            let mut at = done;
            while at < end {
                // SAFETY: `at < vectors`, so the 16 bytes at `at * 16` lie
                // inside `bytes`; `v128_load` needs no alignment.
                let x = unsafe { v128_load(bytes.as_ptr().add(at * 16).cast::<v128>()) };
                // One step per score `k` of the `N`: the others are left out.
                macro_rules! tally {
                    ($($k:literal)*) => {$(
                        if $k < N {
                            let mask = i8x16_eq(x, i8x16_splat((FIRST + $k) as i8));
                            lanes[$k] = i8x16_sub(lanes[$k], mask);
                        }
                    )*};
                }
                tally!(0 1 2 3 4 5 6 7 8 9 10);
                at += 1;
            }
            for (count, &l) in counts[usize::from(FIRST)..].iter_mut().zip(&lanes[..N]) {
                *count += lane_sum(l);
            }
            done = end;
        }
        (counts, bytes.get(vectors * 16..).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Kind;

    /// `scale_counts` one byte at a time.
    fn naive(bytes: &[u8], scale: Scale) -> ([u64; 11], u64) {
        let (mut counts, mut off) = ([0u64; 11], 0);
        for &b in bytes {
            match counts.get_mut(usize::from(b)) {
                Some(count) if scale.contains(b) => *count += 1,
                _ => off += 1,
            }
        }
        (counts, off)
    }

    /// Every scale the kinds allow, the default CSAT and CES ones included.
    fn scales() -> Vec<Scale> {
        let mut scales = vec![Kind::Nps.scale(None, "scale").unwrap()];
        for top in 3..=10 {
            scales.push(Kind::Ces.scale(Some(f64::from(top)), "scale").unwrap());
        }
        scales
    }

    #[test]
    fn counts_every_score_of_the_scale_and_the_bytes_off_it() {
        // Lengths across several 16-byte vectors and every remainder.
        for scale in scales() {
            for len in 0..80 {
                for offset in [0u8, 3, 7, 11, 200] {
                    let bytes: Vec<u8> = (0..len)
                        .map(|i| offset.wrapping_add((i * 37 % 13) as u8))
                        .collect();
                    let expected = naive(&bytes, scale);
                    assert_eq!(scale_counts(&bytes, scale), expected, "{bytes:?}");
                }
            }
        }
    }

    /// `nps_bands` one byte at a time.
    fn naive_bands(bytes: &[u8]) -> Option<[u64; 3]> {
        let mut bands = [0u64; 3];
        for &b in bytes {
            match b {
                0..=6 => bands[0] += 1,
                7 | 8 => bands[1] += 1,
                9 | 10 => bands[2] += 1,
                _ => return None,
            }
        }
        Some(bands)
    }

    #[test]
    fn nps_bands_count_each_band_or_find_a_byte_above_10() {
        assert_eq!(nps_bands(&[10, 9, 7, 0]), Some([1, 1, 2]));
        assert_eq!(nps_bands(&[10, 9, 7, 0, 11]), None);
        for len in [0, 1, 15, 16, 17, 80, 255 * 16 * 2 + 7] {
            for offset in [0u8, 3, 7, 11, 200] {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| offset.wrapping_add((i * 37 % 13) as u8))
                    .collect();
                assert_eq!(
                    nps_bands(&bytes),
                    naive_bands(&bytes),
                    "{len} from {offset}"
                );
            }
        }
        for score in [0u8, 6, 7, 8, 9, 10, 11, 128, 255] {
            let bytes = vec![score; 255 * 16 * 3 + 5];
            assert_eq!(nps_bands(&bytes), naive_bands(&bytes), "{score}");
        }
    }

    #[test]
    fn long_runs_of_one_score() {
        // More than one 255-vector block of the same byte.
        for scale in scales() {
            for score in [0u8, 1, 5, 7, 10, 11, 255] {
                let bytes = vec![score; 255 * 16 * 3 + 5];
                assert_eq!(scale_counts(&bytes, scale), naive(&bytes, scale));
            }
        }
    }
}
