//! The texts of a policy state (ids, survey ids, kinds, roles) and the
//! maps that find them.
//!
//! A full state holds 100k prompts of this user and 100k of the account:
//! half a million texts, most of them a handful of kinds, roles and
//! surveys. Each is a shared [`Text`], so that a kind read from columns
//! (see [`super::StateColumns`]) is one allocation however many entries
//! hold it, and copying a state copies no text. [`IdMap`] hashes ids with
//! FxHash (multiply and rotate, a word at a time), several times faster
//! than std's SipHash for short ids. Neither is keyed here (wasm has no
//! random source), so both can be flooded by ids chosen for it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// A text of a policy state, shared between the entries that hold it.
pub type Text = Rc<str>;

/// A hash map keyed by ids (`&str`, or UTF-16 code units), hashed by [`IdHasher`].
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
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut le = [0; 8];
            le.copy_from_slice(word);
            self.add(u64::from_le_bytes(le));
        }
        let mut last = [0; 8];
        let rest = words.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ rest.len() as u64);
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
