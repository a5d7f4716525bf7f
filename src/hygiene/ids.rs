//! Whether a policy state's ids are unique: validation checks 100k ids
//! per list. [`surely_distinct`] is a cheaper pass than filling an
//! [`IdMap`](crate::id_map::IdMap), right for every state without
//! duplicates; only when it is unsure does the caller build a map.

use crate::id_map::IdKey;

/// Whether the `ids` are surely all different: `false` when two are the
/// same, or, rarely, when two of them have the same slot and 32-bit
/// fingerprint (the caller then finds out with an [`IdMap`](crate::id_map::IdMap)).
///
/// Filling a map holds 12 bytes per id (and compares the keys); here one
/// pass writes 4-byte fingerprints into a table half full at most,
/// linearly probed. A second copy of an id starts where the first one did
/// and follows its probes (nothing is removed), so it meets the first
/// one's fingerprint before any empty slot.
pub(crate) fn surely_distinct<'a>(ids: impl ExactSizeIterator<Item = &'a [u8]>) -> bool {
    let mask = (2 * ids.len()).next_power_of_two().max(16) - 1;
    let mut table = vec![0u32; mask + 1];
    ids.map(<[u8]>::id_hash).all(|hash| {
        let print = hash as u32 | 1; // 0 marks an empty slot
        let mut at = (hash >> 32) as usize;
        loop {
            at &= mask;
            match table[at] {
                0 => break table[at] = print,
                seen if seen == print => return false,
                _ => at += 1,
            }
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_id_is_never_taken_for_distinct() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("p-{i:06}")).collect();
        assert!(surely_distinct(ids.iter().map(|id| id.as_bytes())));
        assert!(surely_distinct(std::iter::empty()));
        // Near and far apart, first and last, and texts that differ only
        // past a word or by a trailing zero byte.
        for (first, second) in [(0, 1), (0, 19_999), (7_000, 7_001), (12_345, 3)] {
            let mut with = ids.clone();
            with[second] = with[first].clone();
            assert!(
                !surely_distinct(with.iter().map(|id| id.as_bytes())),
                "{first} {second}"
            );
        }
        let near = [&b"abcdefgh1"[..], b"abcdefgh2", b"a", b"a\0", b""];
        assert!(surely_distinct(near.into_iter()));
        assert!(!surely_distinct([&b"a\0"[..], b"a", b"a\0"].into_iter()));
    }
}
