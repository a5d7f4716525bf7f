//! Counting byte scores: how many bytes of a slice are 0, 1, ..., 10, and
//! how many are over 10. NPS, CSAT and CES all count their `Uint8Array`
//! answers here, then check the counts against their scale.
//!
//! In the wasm build (with `simd128`, see `.cargo/config.toml`) 16 bytes are
//! compared with each of the 11 scores per step; elsewhere (native builds
//! and tests) four interleaved tables count one byte each.

/// Index of the count of bytes over 10 in [`score_counts`]' result.
pub(crate) const OVER: usize = 11;

/// `counts[s]`: the bytes equal to `s` (0..=10); `counts[OVER]`: the bytes
/// over 10. `[0, 10, 10, 200]` gives `[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1]`.
pub(crate) fn score_counts(bytes: &[u8]) -> [u64; 12] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        let (mut counts, tail) = simd::count(bytes);
        for &b in tail {
            if let Some(count) = counts.get_mut(usize::from(b).min(OVER)) {
                *count += 1;
            }
        }
        counts
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let table = histogram(bytes);
        let mut counts = [0u64; 12];
        counts[..OVER].copy_from_slice(&table[..OVER]);
        counts[OVER] = table[OVER..].iter().sum();
        counts
    }
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
        i8x16_eq, i8x16_splat, i8x16_sub, u16x8_extadd_pairwise_u8x16, u32x4_extadd_pairwise_u16x8,
        u32x4_extract_lane, v128, v128_load,
    };

    /// Vectors per block: an 8-bit lane counter takes at most 255 matches.
    const BLOCK: usize = 255;

    /// The counts of 0..=10 (and over 10) of the whole 16-byte vectors of
    /// `bytes`, and the bytes left over (fewer than 16).
    pub(super) fn count(bytes: &[u8]) -> ([u64; 12], &[u8]) {
        let vectors = bytes.len() / 16;
        let mut counts = [0u64; 12];
        let mut done = 0;
        while done < vectors {
            let end = vectors.min(done + BLOCK);
            // One 8-bit counter per lane and score: subtracting an `eq`
            // mask (all ones) adds 1.
            let mut lanes = [i8x16_splat(0); 11];
            let mut at = done;
            while at < end {
                // SAFETY: `at < vectors`, so the 16 bytes at `at * 16` lie
                // inside `bytes`; `v128_load` needs no alignment.
                let x = unsafe { v128_load(bytes.as_ptr().add(at * 16).cast::<v128>()) };
                lanes[0] = i8x16_sub(lanes[0], i8x16_eq(x, i8x16_splat(0)));
                lanes[1] = i8x16_sub(lanes[1], i8x16_eq(x, i8x16_splat(1)));
                lanes[2] = i8x16_sub(lanes[2], i8x16_eq(x, i8x16_splat(2)));
                lanes[3] = i8x16_sub(lanes[3], i8x16_eq(x, i8x16_splat(3)));
                lanes[4] = i8x16_sub(lanes[4], i8x16_eq(x, i8x16_splat(4)));
                lanes[5] = i8x16_sub(lanes[5], i8x16_eq(x, i8x16_splat(5)));
                lanes[6] = i8x16_sub(lanes[6], i8x16_eq(x, i8x16_splat(6)));
                lanes[7] = i8x16_sub(lanes[7], i8x16_eq(x, i8x16_splat(7)));
                lanes[8] = i8x16_sub(lanes[8], i8x16_eq(x, i8x16_splat(8)));
                lanes[9] = i8x16_sub(lanes[9], i8x16_eq(x, i8x16_splat(9)));
                lanes[10] = i8x16_sub(lanes[10], i8x16_eq(x, i8x16_splat(10)));
                at += 1;
            }
            // Each score's 16 lane counters, summed by widening pairwise.
            for (count, &l) in counts.iter_mut().zip(&lanes) {
                let w = u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(l));
                *count += u64::from(u32x4_extract_lane::<0>(w))
                    + u64::from(u32x4_extract_lane::<1>(w))
                    + u64::from(u32x4_extract_lane::<2>(w))
                    + u64::from(u32x4_extract_lane::<3>(w));
            }
            done = end;
        }
        let scored: u64 = counts.iter().sum();
        counts[super::OVER] = (vectors * 16) as u64 - scored;
        (counts, bytes.get(vectors * 16..).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(bytes: &[u8]) -> [u64; 12] {
        let mut counts = [0u64; 12];
        for &b in bytes {
            counts[usize::from(b).min(OVER)] += 1;
        }
        counts
    }

    #[test]
    fn counts_every_score_and_the_bytes_over_10() {
        // Lengths across several 16-byte vectors and every remainder.
        for len in 0..80 {
            for offset in [0u8, 3, 7, 11, 200] {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| offset.wrapping_add((i * 37 % 13) as u8))
                    .collect();
                assert_eq!(score_counts(&bytes), naive(&bytes), "{bytes:?}");
            }
        }
    }

    #[test]
    fn long_runs_of_one_score() {
        // More than one 255-vector block of the same byte.
        for score in [0u8, 10, 11, 255] {
            let bytes = vec![score; 255 * 16 * 3 + 5];
            assert_eq!(score_counts(&bytes), naive(&bytes));
        }
    }
}
