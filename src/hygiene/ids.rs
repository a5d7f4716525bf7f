//! The map that finds a policy state's ids: validation checks 100k ids
//! per list for duplicates, and merging looks each of the other state's
//! ids up. [`IdMap`] hashes them with FxHash (multiply and rotate, a word
//! at a time), several times faster than std's SipHash for short ids.
//! Neither is keyed here (wasm has no random source), so both can be
//! flooded by ids chosen for it.

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
}
