//! Pearson and Spearman correlation of paired observations, with `n`.

use serde::Serialize;

use super::value::{Metric, Reason};

/// A correlation between two variables over the pairs where both are known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Correlation {
    /// Number of complete pairs used.
    pub n: usize,
    /// Pearson's r (`NOT_ENOUGH_PAIRS` below 2 pairs, `NO_VARIANCE` when a
    /// variable is constant).
    pub pearson: Metric,
    /// Spearman's rho: Pearson's r of the ranks, ties given their average rank.
    pub spearman: Metric,
    /// The two-sided p-value of "no correlation" for `pearson`, from
    /// `t = r √((n - 2) / (1 - r²))` on Student's t with `n - 2` degrees
    /// of freedom (`NOT_ENOUGH_PAIRS` below 3 pairs; 0 when r is ±1).
    #[serde(rename = "pearsonP")]
    pub pearson_p: Metric,
    /// The same for `spearman` (the t approximation scipy's `spearmanr`
    /// uses).
    #[serde(rename = "spearmanP")]
    pub spearman_p: Metric,
}

/// Correlates `x` and `y`, skipping pairs where either is NaN.
///
/// ```
/// use clg_metrics::company::correlation::correlate;
/// let c = correlate(&[1.0, 2.0, 3.0, f64::NAN], &[2.0, 4.0, 7.0, 1.0]);
/// assert_eq!(c.n, 3);
/// assert!((c.spearman.value.unwrap() - 1.0).abs() < 1e-12);
/// assert!(c.pearson.value.unwrap() > 0.99);
/// ```
pub fn correlate(x: &[f64], y: &[f64]) -> Correlation {
    let n = x.len().min(y.len());
    let (x, y) = (
        x.get(..n).unwrap_or_default(),
        y.get(..n).unwrap_or_default(),
    );
    let each = correlate_each(&Ranked::new(x), &[&Ranked::new(y)]);
    let none = Metric::none(Reason::NotEnoughPairs);
    each.into_iter()
        .next()
        .unwrap_or_else(|| Correlation::of(0, none, none))
}

impl Correlation {
    /// The correlation of `n` pairs with coefficients `pearson` and
    /// `spearman`, and their p-values.
    fn of(n: usize, pearson: Metric, spearman: Metric) -> Correlation {
        Correlation {
            n,
            pearson,
            spearman,
            pearson_p: p_value(pearson, n),
            spearman_p: p_value(spearman, n),
        }
    }
}

/// The two-sided p-value of "no correlation" for the coefficient `r` of
/// `n` pairs: `t = r √((n - 2) / (1 - r²))` on Student's t with `n - 2`
/// degrees of freedom; `r`'s reason when it has none.
///
/// ```
/// use clg_metrics::company::correlation::correlate;
/// // r = 0.8 over 5 pairs: p = 0.104088 (scipy.stats.pearsonr).
/// let c = correlate(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 1.0, 4.0, 3.0, 5.0]);
/// assert!((c.pearson.value.unwrap() - 0.8).abs() < 1e-12);
/// assert!((c.pearson_p.value.unwrap() - 0.104_088_038_661_827_82).abs() < 1e-12);
/// ```
fn p_value(r: Metric, n: usize) -> Metric {
    let Some(r) = r.value else {
        return r;
    };
    if n < 3 {
        return Metric::none(Reason::NotEnoughPairs);
    }
    let df = (n - 2) as f64;
    let t = r * (df / ((1.0 - r) * (1.0 + r))).sqrt();
    Metric::of(
        2.0 * crate::stats::t::cdf(-t.abs(), df),
        Reason::NotEnoughPairs,
    )
}

/// Observations of one variable (NaN: unknown) with the order of the
/// known ones, so that ranks over any subset of them take one pass.
pub(crate) struct Ranked<'a> {
    values: &'a [f64],
    /// Indices of the known values, ascending by value.
    order: Vec<u32>,
    /// Their order-preserving integer keys, in that order.
    keys: Vec<u64>,
}

impl<'a> Ranked<'a> {
    /// Sorts the known values of `values`.
    pub(crate) fn new(values: &'a [f64]) -> Self {
        // Written by index: at opt-level "z" `Vec::push` stays a call.
        let (mut keys, mut order) = (vec![0; values.len()], vec![0; values.len()]);
        let (mut i, mut known) = (0, 0);
        while let Some(&v) = values.get(i) {
            if let (Some(key), Some(index)) = (keys.get_mut(known), order.get_mut(known)) {
                (*key, *index) = (ordered_bits(v), i as u32);
            }
            known += usize::from(!v.is_nan());
            i += 1;
        }
        keys.truncate(known);
        order.truncate(known);
        let (keys, order) = sort_keys(keys, order);
        Ranked {
            values,
            order,
            keys,
        }
    }

    /// Whether observation `i` is known.
    #[inline(always)]
    fn known(&self, i: usize) -> bool {
        self.values.get(i).is_some_and(|v| !v.is_nan())
    }

    /// The 1-based ranks of the kept observations (all known), in index
    /// order; tied values share the average of their ranks. `slot[i]` is
    /// observation i's position among the kept ones, [`DROPPED`] if it is
    /// not kept.
    fn ranks(&self, slot: &[u32], kept: usize) -> Vec<f64> {
        let mut out = vec![0.0; kept];
        let is_kept = |i: u32| slot.get(i as usize).is_some_and(|&s| s != DROPPED);
        // Runs of equal keys in value order; a run's kept copies take ranks
        // below + 1 ..= below + count, their mean for each.
        let (mut below, mut first) = (0usize, 0);
        while let Some(&key) = self.keys.get(first) {
            let mut end = first;
            let mut count = 0;
            while self.keys.get(end) == Some(&key) {
                count += usize::from(self.order.get(end).is_some_and(|&i| is_kept(i)));
                end += 1;
            }
            let mean = below as f64 + (count + 1) as f64 / 2.0;
            for &i in self.order.get(first..end).unwrap_or_default() {
                // A dropped observation's slot is past the end of `out`.
                if let Some(rank) = slot.get(i as usize).and_then(|&s| out.get_mut(s as usize)) {
                    *rank = mean;
                }
            }
            (below, first) = (below + count, end);
        }
        out
    }

    /// The `kept` values placed at their `slot` (see [`Ranked::ranks`]).
    fn pick(&self, slot: &[u32], kept: usize) -> Vec<f64> {
        // Written by index: at opt-level "z" `Vec::push` stays a call.
        let mut out = vec![0.0; kept];
        let mut i = 0;
        while let (Some(&v), Some(&s)) = (self.values.get(i), slot.get(i)) {
            if let Some(o) = out.get_mut(s as usize) {
                *o = v;
            }
            i += 1;
        }
        out
    }
}

/// The slot of an observation left out of a correlation.
const DROPPED: u32 = u32::MAX;

/// Correlates `x` with each of `ys` over the positions where `x` and every
/// `y` are known; the ranks of `x` are computed once.
pub(crate) fn correlate_each(x: &Ranked, ys: &[&Ranked]) -> Vec<Correlation> {
    // Index loops: at opt-level "z" iterator adapters stay function calls.
    // Each complete row's position among the complete ones.
    let mut slot = vec![DROPPED; x.values.len()];
    let mut n = 0;
    let mut i = 0;
    while let Some(s) = slot.get_mut(i) {
        let mut known = x.known(i);
        let mut j = 0;
        while let Some(y) = ys.get(j) {
            known &= y.known(i);
            j += 1;
        }
        if known {
            *s = n as u32;
            n += 1;
        }
        i += 1;
    }
    if n < 2 {
        let none = Metric::none(Reason::NotEnoughPairs);
        return ys.iter().map(|_| Correlation::of(n, none, none)).collect();
    }
    let (xs, x_ranks) = (x.pick(&slot, n), x.ranks(&slot, n));
    ys.iter()
        .map(|y| {
            let spearman = pearson(&x_ranks, &y.ranks(&slot, n));
            Correlation::of(n, pearson(&xs, &y.pick(&slot, n)), spearman)
        })
        .collect()
}

/// Pearson's r with two-pass (centred) sums, clamped to -1..1 against
/// rounding. Two pairs lie on a line: ±1 exactly, where the sums round.
fn pearson(x: &[f64], y: &[f64]) -> Metric {
    if let ([x0, x1], [y0, y1]) = (x, y) {
        let (dx, dy) = (x1 - x0, y1 - y0);
        if dx == 0.0 || dy == 0.0 {
            return Metric::none(Reason::NoVariance);
        }
        return Metric::of(dx.signum() * dy.signum(), Reason::NoVariance);
    }
    let sums = centred_sums(x, y);
    let (sxy, sxx, syy) = sums;
    // A constant list sums to 0; so does one whose squares underflow.
    let underflowed = |v: &[f64], s: f64| s == 0.0 && v.iter().any(|a| Some(a) != v.first());
    if !(sxy.is_finite() && sxx.is_finite() && syy.is_finite())
        || underflowed(x, sxx)
        || underflowed(y, syy)
    {
        // r does not change with scale: values whose squares overflow or
        // underflow are divided by their largest first (only then: that
        // pass costs a tenth of the scorecard in Node).
        return from_sums(centred_sums(&scaled(x), &scaled(y)));
    }
    from_sums(sums)
}

/// `(Σ dx·dy, Σ dx², Σ dy²)` of `x` and `y` about their means (two passes).
fn centred_sums(x: &[f64], y: &[f64]) -> (f64, f64, f64) {
    let n = x.len() as f64;
    // Index loops: at opt-level "z" iterator adapters stay function calls.
    let (mut sx, mut sy) = (0.0, 0.0);
    let mut i = 0;
    while let (Some(&a), Some(&b)) = (x.get(i), y.get(i)) {
        (sx, sy) = (sx + a, sy + b);
        i += 1;
    }
    let (mx, my) = (sx / n, sy / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    let mut i = 0;
    while let (Some(&a), Some(&b)) = (x.get(i), y.get(i)) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
        i += 1;
    }
    (sxy, sxx, syy)
}

/// Pearson's r from [`centred_sums`], clamped to -1..1 against rounding.
fn from_sums((sxy, sxx, syy): (f64, f64, f64)) -> Metric {
    if sxx == 0.0 || syy == 0.0 {
        return Metric::none(Reason::NoVariance);
    }
    // Equal sums of squares (Spearman's ranks without ties always have them)
    // divide by one of them: exact, so a perfectly monotone pair is ±1.
    let denominator = if sxx == syy {
        sxx
    } else {
        sxx.sqrt() * syy.sqrt()
    };
    Metric::of((sxy / denominator).clamp(-1.0, 1.0), Reason::NoVariance)
}

/// `values` divided by the largest magnitude among them (as they are when
/// that is 0).
fn scaled(values: &[f64]) -> Vec<f64> {
    let top = values.iter().fold(0.0, |m: f64, v| m.max(v.abs()));
    let top = if top == 0.0 { 1.0 } else { top };
    values.iter().map(|v| v / top).collect()
}

/// 1-based ranks; tied values share the average of their ranks. Values
/// must not be NaN.
pub(crate) fn ranks(values: &[f64]) -> Vec<f64> {
    let slot: Vec<u32> = (0..values.len() as u32).collect();
    Ranked::new(values).ranks(&slot, values.len())
}

/// Distinct keys up to which [`sort_keys`] counts instead of radix sorting.
const FEW: usize = 256;
/// Slots of its hash table of distinct keys (at most a quarter full).
const SLOTS: usize = 4 * FEW;

/// `keys` in ascending order, each with its `tag`, stable. Survey scores,
/// 0/1 flags and shares of a few goals take few distinct values: those are
/// counted in two passes (a counting sort over the distinct keys); others
/// go through [`radix_sort`]'s up to six.
fn sort_keys(keys: Vec<u64>, tags: Vec<u32>) -> (Vec<u64>, Vec<u32>) {
    let n = keys.len().min(tags.len());
    // Distinct keys by open addressing (Fibonacci hashing, linear probes);
    // `which[i]` is key i's position in `distinct`.
    let (mut table, mut used) = ([0u64; SLOTS], [u16::MAX; SLOTS]);
    let mut distinct: Vec<u64> = Vec::with_capacity(FEW);
    let mut which = vec![0u16; n];
    let mut i = 0;
    while let (Some(&key), Some(w)) = (keys.get(i), which.get_mut(i)) {
        let mut slot = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize;
        loop {
            let (Some(k), Some(u)) = (table.get_mut(slot), used.get_mut(slot)) else {
                return radix_sort(keys, tags);
            };
            if *u == u16::MAX {
                if distinct.len() == FEW {
                    return radix_sort(keys, tags);
                }
                (*k, *u) = (key, distinct.len() as u16);
                distinct.push(key);
            }
            if *k == key {
                *w = *u;
                break;
            }
            slot = (slot + 1) % SLOTS;
        }
        i += 1;
    }
    // The distinct keys in order (insertion sort: at most FEW of them), and
    // where each one's run starts in the output.
    let mut rank: Vec<u16> = (0..distinct.len() as u16).collect();
    let key_of = |r: u16| distinct.get(usize::from(r)).copied().unwrap_or(0);
    let mut j = 1;
    while j < rank.len() {
        let mut k = j;
        while k > 0 && key_of(rank[k - 1]) > key_of(rank[k]) {
            rank.swap(k - 1, k);
            k -= 1;
        }
        j += 1;
    }
    let mut start = vec![0usize; distinct.len()];
    let mut counts = vec![0usize; distinct.len()];
    for &w in &which {
        if let Some(c) = counts.get_mut(usize::from(w)) {
            *c += 1;
        }
    }
    let mut next = 0;
    for &r in &rank {
        let r = usize::from(r);
        if let (Some(s), Some(&c)) = (start.get_mut(r), counts.get(r)) {
            (*s, next) = (next, next + c);
        }
    }
    let (mut sorted_keys, mut sorted_tags) = (vec![0u64; n], vec![0u32; n]);
    let mut i = 0;
    while let (Some(&w), Some(&tag)) = (which.get(i), tags.get(i)) {
        if let Some(s) = start.get_mut(usize::from(w)) {
            if let (Some(k), Some(t)) = (sorted_keys.get_mut(*s), sorted_tags.get_mut(*s)) {
                (*k, *t) = (key_of(w), tag);
            }
            *s += 1;
        }
        i += 1;
    }
    (sorted_keys, sorted_tags)
}

/// `keys` in ascending order, each with its `tag`: a least-significant-
/// digit radix sort (stable), 11 bits per pass, skipping the digits all
/// keys share (most high digits of similar numbers). Index loops: at opt-level
/// "z" the library sort calls its comparison closure for every comparison.
fn radix_sort(mut keys: Vec<u64>, mut tags: Vec<u32>) -> (Vec<u64>, Vec<u32>) {
    let n = keys.len().min(tags.len());
    let (mut spare_keys, mut spare_tags) = (vec![0u64; n], vec![0u32; n]);
    const BITS: u32 = 11;
    const MASK: usize = (1 << BITS) - 1;
    let mut shift = 0;
    while shift < 64 {
        let digit = shift;
        shift += BITS;
        let mut counts = [0usize; 1 << BITS];
        let mut i = 0;
        while let Some(&k) = keys.get(i) {
            if let Some(c) = counts.get_mut((k >> digit) as usize & MASK) {
                *c += 1;
            }
            i += 1;
        }
        if counts.contains(&keys.len()) {
            continue; // one digit value: this pass would not move anything
        }
        // Each byte value's first position in the output.
        let mut next = 0;
        for c in counts.iter_mut() {
            (*c, next) = (next, next + *c);
        }
        let mut i = 0;
        while let (Some(&k), Some(&tag)) = (keys.get(i), tags.get(i)) {
            if let Some(c) = counts.get_mut((k >> digit) as usize & MASK) {
                if let (Some(key), Some(t)) = (spare_keys.get_mut(*c), spare_tags.get_mut(*c)) {
                    (*key, *t) = (k, tag);
                }
                *c += 1;
            }
            i += 1;
        }
        std::mem::swap(&mut keys, &mut spare_keys);
        std::mem::swap(&mut tags, &mut spare_tags);
    }
    (keys, tags)
}

fn ordered_bits(x: f64) -> u64 {
    let bits = (x + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ranks_average_ties_and_order_signs() {
        let values = [3.0, -1.0, 3.0, 0.0, -0.0, 2.0, -1e300, f64::INFINITY];
        assert_eq!(ranks(&values), [6.5, 2.0, 6.5, 3.5, 3.5, 5.0, 1.0, 8.0]);
        assert!(ranks(&[]).is_empty());
    }

    proptest! {
        #[test]
        fn radix_sort_sorts(keys in prop::collection::vec(prop_oneof![any::<u64>(), 0u64..300, Just(u64::MAX)], 0..200)) {
            let tags: Vec<u32> = (0..keys.len() as u32).collect();
            let mut expected: Vec<(u64, u32)> = keys.iter().copied().zip(tags.iter().copied()).collect();
            expected.sort(); // by key, then (stable) by original position
            let (keys, tags) = radix_sort(keys, tags);
            prop_assert_eq!(keys.into_iter().zip(tags).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn sort_keys_sorts_few_and_many_distinct_keys(
            keys in prop_oneof![
                prop::collection::vec(prop_oneof![0u64..12, Just(u64::MAX), Just(0)], 0..600),
                prop::collection::vec(0u64..400, 0..900),
                prop::collection::vec(any::<u64>(), 0..400),
            ],
        ) {
            let tags: Vec<u32> = (0..keys.len() as u32).collect();
            let mut expected: Vec<(u64, u32)> = keys.iter().copied().zip(tags.iter().copied()).collect();
            expected.sort();
            let (keys, tags) = sort_keys(keys, tags);
            prop_assert_eq!(keys.into_iter().zip(tags).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn correlate_each_is_correlate_over_the_complete_rows(
            rows in prop::collection::vec(prop::array::uniform3(prop_oneof![1 => Just(f64::NAN), 6 => (0i8..5).prop_map(f64::from), 3 => -1e3f64..1e3]), 0..40),
        ) {
            let column = |c: usize| rows.iter().map(|r| r[c]).collect::<Vec<f64>>();
            let (x, y, z) = (column(0), column(1), column(2));
            let complete: Vec<&[f64; 3]> = rows.iter().filter(|r| r.iter().all(|v| !v.is_nan())).collect();
            let part = |c: usize| complete.iter().map(|r| r[c]).collect::<Vec<f64>>();
            let each = correlate_each(&Ranked::new(&x), &[&Ranked::new(&y), &Ranked::new(&z)]);
            prop_assert_eq!(each, vec![correlate(&part(0), &part(1)), correlate(&part(0), &part(2))]);
        }

        #[test]
        fn ranks_match_counting(values in prop::collection::vec(prop_oneof![(-3i8..4).prop_map(f64::from), -1e3f64..1e3], 0..60)) {
            // A value's average rank: 1 + (values below) + (other copies) / 2.
            for (v, r) in values.iter().zip(ranks(&values)) {
                let below = values.iter().filter(|&&w| w < *v).count() as f64;
                let same = values.iter().filter(|&&w| w == *v).count() as f64;
                prop_assert_eq!(r, below + (same + 1.0) / 2.0);
            }
        }
    }
}
