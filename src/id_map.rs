//! [`IdMap`]: the core's map from ids (texts, byte strings, 64-bit keys)
//! to values, for its lookups by id: a policy state's 100k ids, the
//! results store's accounts, a distinct count's keys.
//!
//! Not std's `HashMap`: its probe (hashbrown) calls the key comparison
//! through a function pointer, and in wasm that call has the type of
//! `Display::fmt`, so wasm-opt keeps every formatting function in the
//! module's table, all of `core::fmt` with them (about 3 KB). Here the
//! comparison is inlined.
//!
//! Keys are hashed with FxHash (multiply and rotate, a word at a time)
//! and splitmix64's finaliser, which mixes every bit into every other.
//! The hash is not keyed (wasm has no random source), so ids chosen to
//! collide slow it down, as they would std's map here.

use std::borrow::Borrow;

/// A key of an [`IdMap`]: hashed the same way as its borrowed forms
/// (`String` as `str`).
pub(crate) trait IdKey {
    /// The key's hash, every bit depending on every bit of the key.
    fn id_hash(&self) -> u64;
}

impl IdKey for [u8] {
    fn id_hash(&self) -> u64 {
        // A word at a time, little-endian (one load per whole word), the
        // last one zero-padded and marked with the bytes it holds (`a` and
        // `a\0` differ).
        let mut words = self.chunks_exact(8);
        let mut hash = 0;
        for word in &mut words {
            let value = u64::from_le_bytes(word.try_into().unwrap_or_default());
            hash = fx(hash, value ^ (8 << 59));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let value = rest.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b));
            hash = fx(hash, value ^ ((rest.len() as u64) << 59));
        }
        mixed(hash)
    }
}

impl IdKey for str {
    fn id_hash(&self) -> u64 {
        self.as_bytes().id_hash()
    }
}

impl IdKey for String {
    fn id_hash(&self) -> u64 {
        self.as_bytes().id_hash()
    }
}

impl IdKey for u64 {
    fn id_hash(&self) -> u64 {
        mixed(*self)
    }
}

impl<T: IdKey + ?Sized> IdKey for &T {
    fn id_hash(&self) -> u64 {
        (**self).id_hash()
    }
}

/// One FxHash step (as rustc hashes): rotate, xor, multiply.
fn fx(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// splitmix64's finaliser: ids that differ in their last characters
/// differ in high bits too (the multiplies alone carry bits upwards only).
fn mixed(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A map from ids to values: the entries in insertion order and a table,
/// at most a quarter full, of `[tag, entry + 1]` slots (0: empty),
/// linearly probed from the hash's high half; the tag, its low half,
/// spares most key comparisons. A lookup that misses (most of a merge's)
/// probes about 1.4 slots on average; half full it took 2.5, and a merge
/// of 1k into 100k ids a fifth longer (PERFORMANCE.md). Inserting an id
/// again replaces its value, as std's maps do.
#[derive(Debug, Clone)]
pub(crate) struct IdMap<K, V> {
    entries: Vec<(K, V)>,
    slots: Vec<[u32; 2]>,
}

impl<K, V> Default for IdMap<K, V> {
    fn default() -> Self {
        IdMap {
            entries: Vec::new(),
            slots: Vec::new(),
        }
    }
}

/// Equal when they hold the same keys with equal values, in any order.
impl<K: IdKey + Eq, V: PartialEq> PartialEq for IdMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(key, value)| other.get(key) == Some(value))
    }
}

impl<K: IdKey + Eq, V> IdMap<K, V> {
    /// An empty map with room for `capacity` entries before it grows.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let mut map = IdMap {
            entries: Vec::with_capacity(capacity),
            slots: Vec::new(),
        };
        map.grow(capacity);
        map
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The value of `key`.
    pub(crate) fn get<Q: IdKey + Eq + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let entry = self.find(key.id_hash(), key).1?;
        Some(&self.entries[entry].1)
    }

    /// Sets `key`'s value, returning the one it replaced.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        if 4 * (self.entries.len() + 1) > self.slots.len() {
            self.grow(self.entries.len() + 1);
        }
        let hash = key.id_hash();
        match self.find(hash, key.borrow()) {
            (_, Some(entry)) => Some(std::mem::replace(&mut self.entries[entry].1, value)),
            (slot, None) => {
                self.slots[slot] = [hash as u32, self.entries.len() as u32 + 1];
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Keeps the entries `keep` accepts (it may change their values).
    #[cfg(feature = "results")] // a distinct count's keys; the policy never removes
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(key, value)| keep(key, value));
        self.grow(self.entries.len());
    }

    /// The entries, in the order they were first inserted.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(key, value)| (key, value))
    }

    /// The slot of the key with `hash` equal to `key` and its entry, or
    /// the empty slot where it would go and `None`.
    fn find<Q: Eq + ?Sized>(&self, hash: u64, key: &Q) -> (usize, Option<usize>)
    where
        K: Borrow<Q>,
    {
        let mask = self.slots.len().wrapping_sub(1);
        if self.slots.is_empty() {
            return (0, None);
        }
        let tag = hash as u32;
        let mut at = (hash >> 32) as usize;
        loop {
            at &= mask;
            match self.slots[at] {
                [_, 0] => return (at, None),
                [t, entry] if t == tag && self.entries[entry as usize - 1].0.borrow() == key => {
                    return (at, Some(entry as usize - 1))
                }
                _ => at += 1,
            }
        }
    }

    /// A table for at least `capacity` entries (four times the room, a
    /// power of two, 16 or more), every entry placed again.
    fn grow(&mut self, capacity: usize) {
        let size = (4 * capacity.max(self.entries.len()))
            .next_power_of_two()
            .max(16);
        self.slots = vec![[0, 0]; size];
        for entry in 0..self.entries.len() {
            let key = &self.entries[entry].0;
            let hash = key.id_hash();
            let (slot, _) = self.find(hash, key.borrow());
            self.slots[slot] = [hash as u32, entry as u32 + 1];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_tells_near_ones_apart() {
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
        assert_eq!(map.get("absent"), None);
        assert_eq!(map.insert(&ids[7], 70), Some(7));
        assert_eq!((map.get(ids[7].as_str()), map.len()), (Some(&70), 5000));
        // Texts that differ only past a word, or by trailing zero bytes.
        let near = [&b"abcdefgh1"[..], b"abcdefgh2", b"a", b"a\0", b"a\0\0", b""];
        let mut map: IdMap<&[u8], ()> = IdMap::with_capacity(2);
        for key in near {
            assert_eq!(map.insert(key, ()), None, "{key:?}");
        }
        assert!(near.iter().all(|key| map.get(*key).is_some()));
        assert_ne!(b"a"[..].id_hash(), b"a\0"[..].id_hash());
        // Whole words are read at once, the rest byte by byte: the same
        // little-endian words either way.
        let bytes: Vec<u8> = (0..40u8).map(|b| b.wrapping_mul(151)).collect();
        for len in 0..=bytes.len() {
            let key = &bytes[..len];
            let words = key.chunks(8).fold(0, |h, word| {
                let value = word.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b));
                fx(h, value ^ ((word.len() as u64) << 59))
            });
            assert_eq!(key.id_hash(), mixed(words), "{len} bytes");
        }
        assert_eq!(String::from("ab").id_hash(), "ab".id_hash());
    }

    #[test]
    #[cfg(feature = "results")]
    fn retain_keeps_what_it_accepts_and_finds_it_again() {
        let mut map: IdMap<u64, i64> = IdMap::default();
        for key in 0..1000u64 {
            map.insert(key * 7919, key as i64);
        }
        map.retain(|_, slot| {
            *slot += 1;
            *slot % 3 == 0
        });
        assert_eq!(map.len(), 333);
        for key in 0..1000u64 {
            let kept = (key as i64 + 1) % 3 == 0;
            assert_eq!(map.get(&(key * 7919)), kept.then_some(&(key as i64 + 1)));
        }
        let order: Vec<u64> = map.iter().map(|(&k, _)| k / 7919).take(3).collect();
        assert_eq!(order, [2, 5, 8]);
    }
}
