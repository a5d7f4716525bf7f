//! The map that finds a policy state's ids: validation checks 100k ids
//! per list for duplicates, and merging looks each of the other state's
//! ids up. [`IdMap`] hashes them with FxHash (multiply and rotate, a word
//! at a time), several times faster than std's SipHash for short ids.
//! Neither is keyed here (wasm has no random source), so both can be
//! flooded by ids chosen for it. Validation first asks
//! [`surely_distinct`], a cheaper pass that is right for every state
//! without duplicates, and builds a map only when it is unsure.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map keyed by ids, hashed by [`IdHasher`].
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// FxHash (as rustc uses it): fast, not keyed.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        // A word at a time, little-endian, the last one zero-padded and
        // marked with the bytes it holds (no copies: opt-level "z" calls
        // memcpy for a copy into an array).
        for word in bytes.chunks(8) {
            let value = word.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b));
            self.add(value ^ ((word.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(byte.into());
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket (on wasm32,
        // of the low word), depending on the low bits of the words only:
        // fold the well-mixed high half into them.
        self.0 ^ (self.0 >> 32)
    }
}

/// Whether the `ids` are surely all different: `false` when two are the
/// same, or, rarely, when two of them have the same slot and 32-bit
/// fingerprint (the caller then finds out with an [`IdMap`]).
///
/// In wasm32 an [`IdMap`] probes 4 control bytes at a time and holds
/// 12 bytes per id: validating 100k + 100k entries spent most of its time
/// inserting. Here one pass writes 4-byte fingerprints into a table half
/// full at most, linearly probed. A second copy of an id starts where the
/// first one did and follows its probes (nothing is removed), so it meets
/// the first one's fingerprint before any empty slot.
pub(crate) fn surely_distinct<'a>(ids: impl ExactSizeIterator<Item = &'a [u8]>) -> bool {
    let mask = (2 * ids.len()).next_power_of_two().max(16) - 1;
    let mut table = vec![0u32; mask + 1];
    ids.map(mixed_hash).all(|hash| {
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

/// `id`'s FxHash with every bit mixed into every other (splitmix64's
/// finaliser): the multiplies leave each bit depending on those below it,
/// and ids that differ in their last characters differ in high bits.
fn mixed_hash(id: &[u8]) -> u64 {
    let mut hasher = IdHasher::default();
    hasher.write(id);
    let mut x = hasher.0;
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_maps_find_every_id_and_tell_near_ones_apart() {
        let ids: Vec<String> = (0..5000)
            .map(|i| format!("{}-{i}", "x".repeat(i % 19)))
            .collect();
        let mut map: IdMap<&str, usize> = IdMap::default();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(map.insert(id, i), None);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(map.get(id.as_str()), Some(&i));
        }
        // Texts that differ only past a word, or by trailing zero bytes.
        let mut map: IdMap<&[u8], ()> = IdMap::default();
        for key in [&b"abcdefgh1"[..], b"abcdefgh2", b"a", b"a\0", b"a\0\0", b""] {
            assert_eq!(map.insert(key, ()), None, "{key:?}");
        }
        let hash = |bytes: &[u8]| {
            let mut h = IdHasher::default();
            h.write(bytes);
            h.finish()
        };
        assert_ne!(hash(b"a"), hash(b"a\0"));
    }

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
