//! App-generated metrics: a rule (count of an event, sum of a numeric
//! property, distinct count of a property, or a ratio of two of those)
//! over a rolling window of whole UTC days or a calendar period, and the
//! incremental state that tracked events update.
//!
//! State is a ring of per-slot totals (a slot is a UTC day for rolling
//! windows, the period itself for calendar windows), so an event costs O(1)
//! amortised and memory is bounded by the window. Distinct counts are
//! exact: each key remembers the newest slot it was seen in, and each slot
//! counts the keys whose newest slot it is. Values are per role instance
//! (account x role), where cardinalities are small, so an exact set costs
//! less than a HyperLogLog sketch (≈1 KiB per counter at ~3 % error) and
//! never misreports a small count.

use crate::calendar::{day_number, Period, PERIODS};
use crate::error::{element, msg, Error, ErrorCode, Num};
use crate::id_map::IdMap;
use crate::input::{invalid, wrong_type, Obj, Value};

/// What a term aggregates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aggregate {
    /// Number of events.
    Count,
    /// Sum of the numeric property.
    Sum(String),
    /// Number of distinct values of the property.
    Distinct(String),
}

/// An aggregate of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub event: String,
    pub aggregate: Aggregate,
}

/// The time span a rule's value covers, ending at the time asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The UTC day of the query and the `n - 1` days before it.
    Rolling(u32),
    /// The calendar period (UTC) containing the query time.
    Calendar(Period),
}

impl Window {
    /// Number of slots the state keeps.
    fn slots(self) -> usize {
        match self {
            Window::Rolling(days) => days as usize,
            Window::Calendar(_) => 1,
        }
    }

    /// The slot containing time `ms`.
    pub(crate) fn slot(self, ms: i64) -> i64 {
        match self {
            Window::Rolling(_) => day_number(ms),
            Window::Calendar(period) => period.number(ms),
        }
    }
}

/// An app-generated metric's rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub numerator: Term,
    /// Present for a ratio.
    pub denominator: Option<Term>,
    /// Multiply a ratio by 100.
    pub percent: bool,
    pub window: Window,
}

const AGGREGATES: [&str; 4] = ["count", "sum", "distinct", "ratio"];
const MAX_ROLLING_DAYS: u32 = 366;

impl Rule {
    /// Reads a rule such as `{ type: "count", event: "contact_added",
    /// window: { type: "rolling", days: 7 } }`.
    pub(crate) fn from_value(value: Option<&Value>, path: &str) -> Result<Rule, Error> {
        let kind = Obj::new(
            value,
            path,
            &[
                "type",
                "event",
                "property",
                "numerator",
                "denominator",
                "percent",
                "window",
            ],
        )?
        .one_of("type", &AGGREGATES)?;
        let known: &[&str] = if kind == 3 {
            &["type", "numerator", "denominator", "percent", "window"]
        } else {
            &["type", "event", "property", "window"]
        };
        let o = Obj::new(value, path, known)?;
        let window = window(o.get("window"), &o.field("window"))?;
        if kind == 3 {
            let percent = if o.get("percent").is_some() {
                o.bool("percent")?
            } else {
                false
            };
            let numerator = term(o.get("numerator"), &o.field("numerator"))?;
            let denominator = term(o.get("denominator"), &o.field("denominator"))?;
            return Ok(Rule {
                numerator,
                denominator: Some(denominator),
                percent,
                window,
            });
        }
        Ok(Rule {
            numerator: term_fields(&o, kind)?,
            denominator: None,
            percent: false,
            window,
        })
    }

    /// The rule's terms: one, or two for a ratio.
    pub(crate) fn terms(&self) -> impl Iterator<Item = &Term> {
        std::iter::once(&self.numerator).chain(self.denominator.as_ref())
    }
}

fn term(value: Option<&Value>, path: &str) -> Result<Term, Error> {
    let kind =
        Obj::new(value, path, &["type", "event", "property"])?.one_of("type", &AGGREGATES[..3])?;
    let known: &[&str] = if kind == 0 {
        &["type", "event"]
    } else {
        &["type", "event", "property"]
    };
    term_fields(&Obj::new(value, path, known)?, kind)
}

fn term_fields(o: &Obj<'_>, kind: usize) -> Result<Term, Error> {
    let event = o.text("event")?;
    let aggregate = match kind {
        0 => {
            if o.get("property").is_some() {
                return Err(Error::new(
                    ErrorCode::UnknownOption,
                    o.field("property"),
                    "a count takes no property",
                ));
            }
            Aggregate::Count
        }
        1 => Aggregate::Sum(o.text("property")?),
        _ => Aggregate::Distinct(o.text("property")?),
    };
    Ok(Term { event, aggregate })
}

fn window(value: Option<&Value>, path: &str) -> Result<Window, Error> {
    let kind = Obj::new(value, path, &["type", "days", "period"])?
        .one_of("type", &["rolling", "calendar"])?;
    if kind == 0 {
        let o = Obj::new(value, path, &["type", "days"])?;
        let days = o.finite("days")?;
        if days.fract() != 0.0 || !(1.0..=f64::from(MAX_ROLLING_DAYS)).contains(&days) {
            return Err(invalid(
                o.field("days"),
                "must be a whole number of days from 1 to 366",
                &Value::Number(days),
            ));
        }
        return Ok(Window::Rolling(days as u32));
    }
    let o = Obj::new(value, path, &["type", "period"])?;
    Ok(Window::Calendar(Period::from_index(
        o.one_of("period", &PERIODS)?,
    )))
}

/// A property value of a tracked event.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    Number(f64),
    Text(String),
    Bool(bool),
}

impl Prop {
    /// A 64-bit key for distinct counting (FNV-1a over a type tag and the
    /// bytes; `-0` and `0` are one key). Collisions are negligible at the
    /// cardinalities of one role instance (p ≈ n² / 2^65).
    pub(crate) fn key(&self) -> u64 {
        let (tag, bytes): (u8, Vec<u8>) = match self {
            Prop::Number(n) => (
                b'n',
                (if *n == 0.0 { 0.0f64 } else { *n })
                    .to_bits()
                    .to_le_bytes()
                    .to_vec(),
            ),
            Prop::Text(s) => (b's', s.as_bytes().to_vec()),
            Prop::Bool(b) => (b'b', vec![u8::from(*b)]),
        };
        std::iter::once(tag)
            .chain(bytes)
            .fold(0xcbf2_9ce4_8422_2325, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
    }
}

/// The incremental state of one term of one rule at one role instance.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Acc {
    /// The newest slot seen.
    head: Option<i64>,
    /// Per slot (at index `slot mod len`): the total, or for a distinct
    /// count the number of keys whose newest slot it is.
    values: Vec<f64>,
    /// Distinct counts only: key -> newest slot seen.
    keys: Option<IdMap<u64, i64>>,
    /// Distinct counts only: keys whose newest slot is inside the ring.
    live: usize,
    /// The oldest slot an event came in, counted or refused as late
    /// (nothing came before it); `i64::MIN` when unknown (state saved
    /// before version 2).
    first: i64,
    /// The newest slot whose total left what this keeps (`values` and
    /// `previous`) while not 0; `i64::MIN` when none did. Windows newer
    /// than it lost nothing.
    dropped: i64,
    /// One-slot windows (a calendar period, a rolling day): the final
    /// total of the slot before `head`, `None` when unknown. Late events
    /// count only in `head`'s slot, so it no longer changes.
    previous: Option<f64>,
    /// The largest total either way ([`max_total`]): slot and window
    /// totals stop there, so saved state always loads again.
    max: f64,
}

impl Acc {
    pub(crate) fn new(term: &Term, window: Window) -> Acc {
        let keys = matches!(term.aggregate, Aggregate::Distinct(_)).then(IdMap::default);
        Acc {
            head: None,
            values: vec![0.0; window.slots()],
            keys,
            live: 0,
            first: i64::MAX,
            dropped: i64::MIN,
            previous: None,
            max: max_total(!matches!(term.aggregate, Aggregate::Sum(_))),
        }
    }

    fn index(&self, slot: i64) -> usize {
        slot.rem_euclid(self.values.len() as i64) as usize
    }

    fn oldest(&self, head: i64) -> i64 {
        head - self.values.len() as i64 + 1
    }

    /// Moves the ring forward to `slot` if it is newer; `false` when `slot`
    /// is older than the ring keeps (the event is too late to count).
    fn advance(&mut self, slot: i64) -> bool {
        let Some(head) = self.head else {
            self.head = Some(slot);
            self.first = slot;
            return true;
        };
        if slot <= head {
            let inside = slot >= self.oldest(head);
            self.first = self.first.min(slot);
            if !inside {
                // Too late to count: a window holding its slot no longer
                // knows its total (never a number without the event).
                self.dropped = self.dropped.max(slot);
                if slot == head - 1 {
                    self.previous = None;
                }
            }
            return inside;
        }
        if self.values.len() == 1 {
            // The slot before the new head is the old head's, or an empty
            // one; what is no longer kept of the others drops.
            let next = slot == head + 1;
            let gone = [(head - 1, self.previous), (head, Some(self.values[0]))];
            for (at, total) in &gone[..if next { 1 } else { 2 }] {
                // Before the first event nothing was there to drop.
                if *total != Some(0.0) && *at >= self.first {
                    self.dropped = self.dropped.max(*at);
                }
            }
            self.previous = Some(if next { self.values[0] } else { 0.0 });
            self.values[0] = 0.0;
            if self.keys.is_some() {
                self.live = 0;
            }
            self.head = Some(slot);
            return true;
        }
        let steps = (slot - head).min(self.values.len() as i64);
        for s in slot - steps + 1..=slot {
            let i = self.index(s);
            if self.values[i] != 0.0 {
                // The slot that held this place in the ring.
                let held = head - (head - s).rem_euclid(self.values.len() as i64);
                self.dropped = self.dropped.max(held);
            }
            if self.keys.is_some() {
                self.live -= self.values[i] as usize;
            }
            self.values[i] = 0.0;
        }
        self.head = Some(slot);
        true
    }

    /// `total` stopped at the largest total either way. (`max`/`min`, not
    /// `clamp`: its check of the bounds would link float formatting.)
    fn bounded(&self, total: f64) -> f64 {
        total.max(-self.max).min(self.max)
    }

    /// Adds `x` to the total of `slot` (which stops at the largest total
    /// saved state may hold); `false` if too late to count.
    pub(crate) fn add(&mut self, slot: i64, x: f64) -> bool {
        if !self.advance(slot) {
            return false;
        }
        let i = self.index(slot);
        self.values[i] = self.bounded(self.values[i] + x);
        true
    }

    /// Counts `key` as seen in `slot`; `false` if too late to count.
    pub(crate) fn see(&mut self, slot: i64, key: u64) -> bool {
        if !self.advance(slot) {
            return false;
        }
        let head = self.head.unwrap_or(slot);
        let oldest = self.oldest(head);
        let len = self.values.len() as i64;
        let Some(keys) = self.keys.as_mut() else {
            return false;
        };
        match keys.get(&key) {
            Some(&prev) if prev >= slot => return true,
            Some(&prev) if prev >= oldest => {
                let i = prev.rem_euclid(len) as usize;
                self.values[i] -= 1.0;
                self.live -= 1;
            }
            _ => {}
        }
        keys.insert(key, slot);
        let i = slot.rem_euclid(len) as usize;
        self.values[i] += 1.0;
        self.live += 1;
        // Forget keys that left the window once they are half the map, so
        // pruning costs O(1) amortised per event.
        if keys.len() > 2 * self.live + 64 {
            keys.retain(|_, s| *s >= oldest);
        }
        true
    }

    /// The total over the window ending in `slot`, as the events tracked
    /// give it, or `None` when they no longer tell. A window ending before
    /// the newest event's slot is known when it ends before the first
    /// event, or when no slot of it with events has been dropped (one-slot
    /// windows also keep the slot before the newest). A rolling distinct
    /// count cannot tell a past window's keys from the newest slots they
    /// were seen in, so it answers from `head` on.
    pub(crate) fn read(&self, slot: i64) -> Option<f64> {
        let Some(head) = self.head else {
            return Some(0.0);
        };
        let len = self.values.len() as i64;
        if slot >= head {
            Some(self.total(slot))
        } else if slot < self.first {
            Some(0.0)
        } else if len == 1 && slot == head - 1 {
            self.previous
        } else {
            let kept = slot - len + 1 > self.dropped && (len == 1 || self.keys.is_none());
            kept.then(|| self.total(slot))
        }
    }

    /// The total over the window ending in `slot` of what the ring holds.
    fn total(&self, slot: i64) -> f64 {
        let Some(head) = self.head else { return 0.0 };
        let len = self.values.len() as i64;
        let low = (slot - len + 1).max(self.oldest(head));
        let high = slot.min(head);
        // A fold from +0: `sum()` of no slots would be -0, which
        // `Intl.NumberFormat` prints as "-0".
        self.bounded((low..=high).fold(0.0, |total, s| total + self.values[self.index(s)]))
    }

    /// The state as saved: `{ head, values }`, or `{ head, keys }` for a
    /// distinct count (keys as `[hex, slot]`, slot totals rebuilt on load),
    /// with what it knows of the past once it has a head: `first`, and
    /// `dropped` and `previous` when known. (State saved before version 2
    /// has no `first`, and its `dropped` is unknown too.)
    pub(crate) fn to_value(&self) -> Value {
        let mut value = self.slots_value();
        if let (Value::Object(fields), Some(_)) = (&mut value, self.head) {
            let slot = |s: i64| (s != i64::MIN).then_some(Value::Number(s as f64));
            let known = [
                ("first", slot(self.first)),
                (
                    "dropped",
                    slot(self.dropped).filter(|_| self.first != i64::MIN),
                ),
                ("previous", self.previous.map(Value::Number)),
            ];
            for (key, value) in known {
                if let Some(value) = value {
                    fields.push((key.into(), value));
                }
            }
        }
        value
    }

    /// `{ head, values }` or `{ head, keys }`.
    fn slots_value(&self) -> Value {
        let head = Value::from(self.head.map(|h| h as f64));
        match &self.keys {
            None => Value::object([("head", head), ("values", Value::from(self.values.clone()))]),
            Some(keys) => {
                let oldest = self.head.map_or(0, |h| self.oldest(h));
                let mut live: Vec<(u64, i64)> = keys
                    .iter()
                    .filter(|(_, s)| **s >= oldest)
                    .map(|(k, s)| (*k, *s))
                    .collect();
                live.sort_unstable();
                let keys = live
                    .into_iter()
                    .map(|(k, s)| {
                        Value::Array(vec![Value::String(hex(k)), Value::Number(s as f64)])
                    })
                    .collect();
                Value::object([("head", head), ("keys", Value::Array(keys))])
            }
        }
    }

    /// Reads a saved state for `term` over `window`.
    pub(crate) fn from_value(
        value: Option<&Value>,
        path: &str,
        term: &Term,
        window: Window,
    ) -> Result<Acc, Error> {
        let mut acc = Acc::new(term, window);
        let distinct = acc.keys.is_some();
        let o = Obj::new(
            value,
            path,
            &[
                "head",
                if distinct { "keys" } else { "values" },
                "first",
                "dropped",
                "previous",
            ],
        )?;
        acc.head = o
            .opt_number("head")?
            .map(|h| saved_slot(h, &o.field("head"), window))
            .transpose()?;
        acc.read_history(&o, term, window)?;
        let len = acc.values.len();
        if !distinct {
            let values = o.array("values")?;
            if values.len() != len {
                return Err(invalid(
                    o.field("values"),
                    &msg!("must hold ", len, " slot totals"),
                    &Value::Number(values.len() as f64),
                ));
            }
            let count = matches!(term.aggregate, Aggregate::Count);
            for (i, v) in values.iter().enumerate() {
                let vpath = element(&o.field("values"), i);
                let x = crate::input::finite(Some(v), &vpath)?;
                // A count of events is a whole number from 0 (a sum may be any sign).
                if count && (x.fract() != 0.0 || x < 0.0) {
                    return Err(invalid(vpath, "must be a whole number of events from 0", v));
                }
                if x.abs() > acc.max {
                    return Err(invalid(
                        vpath,
                        "must be a total tracked events can reach",
                        v,
                    ));
                }
                // Before the first event (no head) every slot is empty.
                if acc.head.is_none() && x != 0.0 {
                    return Err(invalid(
                        vpath,
                        "must be 0 while head is null (no event yet)",
                        v,
                    ));
                }
                acc.values[i] = x;
            }
            return Ok(acc);
        }
        let items = o.array("keys")?;
        let Some(head) = acc.head else {
            if items.is_empty() {
                return Ok(acc);
            }
            return Err(invalid(
                o.field("keys"),
                "must be empty while head is null",
                &Value::Array(Vec::new()),
            ));
        };
        let oldest = acc.oldest(head);
        let mut keys = IdMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let ipath = element(&o.field("keys"), i);
            let pair = match item {
                Value::Array(pair) if pair.len() == 2 => pair,
                other => return Err(wrong_type(&ipath, "a [key, slot] pair", Some(other))),
            };
            let key = unhex(&pair[0])
                .ok_or_else(|| wrong_type(msg!(ipath, "[0]"), "16 hex digits", Some(&pair[0])))?;
            let slot_path = msg!(ipath, "[1]");
            let slot = saved_slot(
                crate::input::finite(Some(&pair[1]), &slot_path)?,
                &slot_path,
                window,
            )?;
            if slot < oldest || slot > head {
                return Err(invalid(
                    slot_path,
                    "must be a slot inside the saved window",
                    &pair[1],
                ));
            }
            if keys.insert(key, slot).is_some() {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    ipath,
                    "a key is saved twice",
                ));
            }
            let idx = acc.index(slot);
            acc.values[idx] += 1.0;
        }
        acc.live = keys.len();
        acc.keys = Some(keys);
        Ok(acc)
    }

    /// Reads the saved `first`, `dropped` and `previous` (version 2 on;
    /// without `first` the past before `head` is unknown).
    fn read_history(&mut self, o: &Obj<'_>, term: &Term, window: Window) -> Result<(), Error> {
        let head = self.head;
        let slot = |key: &str| match o.opt_number(key)? {
            None => Ok(None),
            Some(x) => match saved_slot(x, &o.field(key), window)? {
                s if head.is_some_and(|h| s <= h) => Ok(Some(s)),
                _ => Err(invalid(
                    o.field(key),
                    "must be a slot up to head",
                    &Value::Number(x),
                )),
            },
        };
        (self.first, self.dropped) = match (slot("first")?, slot("dropped")?) {
            (Some(first), dropped) => (first, dropped.unwrap_or(i64::MIN)),
            (None, None) => (i64::MIN, head.unwrap_or(i64::MIN)),
            (None, Some(_)) => {
                return Err(invalid(
                    o.field("dropped"),
                    "is saved only with first",
                    &Value::Null,
                ))
            }
        };
        let Some(x) = o.opt_number("previous")? else {
            return Ok(());
        };
        // A total of a one-slot window: a sum any number, else a count.
        let count = !matches!(term.aggregate, Aggregate::Sum(_));
        let reachable = x.abs() <= max_total(count) && (!count || (x.fract() == 0.0 && x >= 0.0));
        if head.is_none() || self.values.len() != 1 || !reachable {
            let rule = "must be the total of the slot before head, for a one-slot window";
            return Err(invalid(o.field("previous"), rule, &Value::Number(x)));
        }
        self.previous = Some(x);
        Ok(())
    }
}

/// The largest amount a sum rule adds, either way: 2^53 - 1
/// (`Number.MAX_SAFE_INTEGER`), beyond which sums lose whole units; and
/// bounded, a rule's totals stay finite (saved state is JSON, which has no
/// Infinity) however many events come.
pub(crate) const MAX_AMOUNT: f64 = 9_007_199_254_740_991.0;

/// The largest slot total saved state may hold, either way: a count of
/// at most [`MAX_AMOUNT`] events, a sum of as many of the largest amount.
fn max_total(count: bool) -> f64 {
    if count {
        MAX_AMOUNT
    } else {
        MAX_AMOUNT * MAX_AMOUNT
    }
}

/// A saved slot number `n` of `window`: the slot of a time a JS `Date`
/// can hold (±8.64e15 ms), as every tracked event's is.
fn saved_slot(n: f64, path: &str, window: Window) -> Result<i64, Error> {
    const DATE_MS: i64 = 8_640_000_000_000_000;
    let (low, high) = (window.slot(-DATE_MS) as f64, window.slot(DATE_MS) as f64);
    if n.fract() != 0.0 || !(low..=high).contains(&n) {
        return Err(invalid(
            path,
            &msg!(
                "must be a whole slot number from ",
                Num(low),
                " to ",
                Num(high),
                " (the slots of the times a Date can hold)"
            ),
            &Value::Number(n),
        ));
    }
    Ok(n as i64)
}

fn hex(k: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..16)
        .rev()
        .map(|i| char::from(DIGITS[((k >> (i * 4)) & 0xf) as usize]))
        .collect()
}

fn unhex(v: &Value) -> Option<u64> {
    let s = v.as_str()?;
    if s.len() != 16 {
        return None;
    }
    s.chars()
        .try_fold(0u64, |k, c| Some(k << 4 | u64::from(c.to_digit(16)?)))
}

/// The state of a rule at one role instance: one accumulator per term.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleState {
    pub(crate) terms: Vec<Acc>,
}

impl RuleState {
    pub(crate) fn new(rule: &Rule) -> RuleState {
        RuleState {
            terms: rule.terms().map(|t| Acc::new(t, rule.window)).collect(),
        }
    }

    /// The rule's value for the window ending at `ms`; `None` for a ratio
    /// whose denominator is 0, or when the events no longer tell the value
    /// of that window (see [`Acc::read`]).
    pub(crate) fn value(&self, rule: &Rule, ms: i64) -> Option<f64> {
        let slot = rule.window.slot(ms);
        let numerator = self.terms.first()?.read(slot)?;
        match self.terms.get(1) {
            None => Some(numerator),
            Some(den) => {
                let den = den.read(slot)?;
                (den != 0.0).then(|| numerator / den * if rule.percent { 100.0 } else { 1.0 })
            }
        }
    }

    pub(crate) fn to_value(&self) -> Value {
        Value::Array(self.terms.iter().map(Acc::to_value).collect())
    }

    pub(crate) fn from_value(
        value: Option<&Value>,
        path: &str,
        rule: &Rule,
    ) -> Result<RuleState, Error> {
        let items = crate::input::array(value, path)?;
        let count = rule.terms().count();
        if items.len() != count {
            return Err(invalid(
                path,
                &msg!("must hold ", count, " term states"),
                &Value::Number(items.len() as f64),
            ));
        }
        let terms = rule
            .terms()
            .zip(items)
            .enumerate()
            .map(|(i, (t, v))| Acc::from_value(Some(v), &element(path, i), t, rule.window))
            .collect::<Result<_, _>>()?;
        Ok(RuleState { terms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DAY_MS;

    fn count_term() -> Term {
        Term {
            event: "e".into(),
            aggregate: Aggregate::Count,
        }
    }

    fn distinct_term() -> Term {
        Term {
            event: "e".into(),
            aggregate: Aggregate::Distinct("p".into()),
        }
    }

    #[test]
    fn rolling_window_includes_exactly_n_days() {
        let w = Window::Rolling(7);
        let mut acc = Acc::new(&count_term(), w);
        assert!(acc.add(w.slot(0), 1.0)); // day 0, 00:00
        assert!(acc.add(w.slot(7 * DAY_MS - 1), 1.0)); // day 6, 23:59:59.999
        assert_eq!(acc.total(w.slot(7 * DAY_MS - 1)), 2.0);
        // On day 7 the day-0 event has left the window.
        assert_eq!(acc.total(w.slot(7 * DAY_MS)), 1.0);
        assert_eq!(acc.total(w.slot(14 * DAY_MS)), 0.0);
    }

    /// One event of `slot` (key `key` for a distinct count).
    fn hit(acc: &mut Acc, slot: i64, key: u64) -> bool {
        match acc.keys {
            Some(_) => acc.see(slot, key),
            None => acc.add(slot, 1.0),
        }
    }

    #[test]
    fn a_closed_period_keeps_its_total_and_older_ones_are_unknown() {
        use crate::calendar::Period;
        let w = Window::Calendar(Period::Month);
        for term in [count_term(), distinct_term()] {
            let mut acc = Acc::new(&term, w);
            // Months 10 and 11 (keys 1, 2, 2 then 1), then 13: 12 had none.
            for (slot, key) in [(10, 1), (10, 2), (10, 2), (11, 1)] {
                assert!(hit(&mut acc, slot, key));
            }
            let expected_10 = if acc.keys.is_some() { 2.0 } else { 3.0 };
            assert_eq!(acc.read(10), Some(expected_10));
            assert_eq!((acc.read(11), acc.read(9)), (Some(1.0), Some(0.0)));
            assert!(hit(&mut acc, 13, 3));
            assert!(!hit(&mut acc, 12, 1), "a closed period takes no late event");
            assert_eq!(acc.read(12), None, "nor says 0 without it");
            assert_eq!((acc.read(11), acc.read(10)), (None, None));
            assert_eq!(acc.read(9), Some(0.0)); // before the first event
                                                // 14 had an event, 15 none, 16 one: 15 is known, 14 dropped.
            assert!(hit(&mut acc, 14, 4) && hit(&mut acc, 16, 5));
            let months = (acc.read(15), acc.read(14), acc.read(16));
            assert_eq!(months, (Some(0.0), None, Some(1.0)));
            // 17 follows 16: 16 is kept, 15 had nothing, so it is known too.
            assert!(hit(&mut acc, 17, 6));
            let months = (acc.read(15), acc.read(16), acc.read(17));
            assert_eq!(months, (Some(0.0), Some(1.0), Some(1.0)));
            // Saved and loaded, the same answers.
            let back = Acc::from_value(Some(&acc.to_value()), "s", &term, w).unwrap();
            for slot in 8..20 {
                assert_eq!(back.read(slot), acc.read(slot), "{slot}");
            }
        }
    }

    #[test]
    fn past_rolling_sums_are_known_until_an_event_leaves_the_ring() {
        let w = Window::Rolling(7);
        let mut acc = Acc::new(&count_term(), w);
        acc.add(10, 1.0);
        acc.add(11, 1.0);
        assert_eq!(
            (acc.read(9), acc.read(10), acc.read(11)),
            (Some(0.0), Some(1.0), Some(2.0))
        );
        acc.add(17, 1.0); // day 10 left the ring: windows ending 10..16 are gone
        assert_eq!(
            (acc.read(15), acc.read(17), acc.read(9)),
            (None, Some(2.0), Some(0.0))
        );
        // A jump: days 11 and 17 leave; windows after day 17 lost nothing.
        acc.add(40, 1.0);
        let days = (acc.read(23), acc.read(24), acc.read(30), acc.read(40));
        assert_eq!(days, (None, Some(0.0), Some(0.0), Some(1.0)));
        // A distinct count answers from its newest slot on only.
        let mut acc = Acc::new(&distinct_term(), w);
        acc.see(10, 1);
        acc.see(11, 1);
        assert_eq!(
            (acc.read(10), acc.read(11), acc.read(9)),
            (None, Some(1.0), Some(0.0))
        );
    }

    #[test]
    fn state_saved_before_version_2_knows_nothing_of_the_past() {
        use crate::calendar::Period;
        let w = Window::Calendar(Period::Month);
        let v1 = Value::object([
            ("head", Value::Number(11.0)),
            ("values", Value::from(vec![4.0])),
        ]);
        let acc = Acc::from_value(Some(&v1), "s", &count_term(), w).unwrap();
        assert_eq!(
            (acc.read(11), acc.read(10), acc.read(3)),
            (Some(4.0), None, None)
        );
        // The history it may hold is checked.
        let bad = |key: &str, x: f64| {
            let mut v = v1.clone();
            if let Value::Object(fields) = &mut v {
                fields.push((key.into(), Value::Number(x)));
            }
            Acc::from_value(Some(&v), "s", &count_term(), w)
                .unwrap_err()
                .field()
                .to_owned()
        };
        assert_eq!(bad("first", 12.0), "s.first");
        assert_eq!(bad("previous", 1.5), "s.previous");
        assert_eq!(bad("previous", -1.0), "s.previous");
    }

    #[test]
    fn late_events_count_inside_the_window_only() {
        let w = Window::Rolling(3);
        let mut acc = Acc::new(&count_term(), w);
        assert!(acc.add(10, 1.0));
        assert!(acc.add(8, 1.0)); // two days late: still inside
        assert!(!acc.add(7, 1.0)); // three days late: outside
        assert_eq!(acc.total(10), 2.0);
        assert_eq!(acc.total(11), 1.0); // window 9..=11 holds only day 10

        // The windows holding day 7 do not know their total; before it, 0.
        assert_eq!(
            (acc.read(7), acc.read(9), acc.read(6)),
            (None, None, Some(0.0))
        );
        assert_eq!(acc.read(10), Some(2.0));
    }

    #[test]
    fn events_refused_as_late_leave_no_number_that_leaves_them_out() {
        use crate::calendar::Period;
        for w in [
            Window::Calendar(Period::Day),
            Window::Rolling(1),
            Window::Rolling(3),
        ] {
            for term in [count_term(), distinct_term()] {
                // Days 10 and 11, then day 10 again: too late for a one-slot window.
                let mut acc = Acc::new(&term, w);
                assert!(hit(&mut acc, 10, 1) && hit(&mut acc, 11, 2));
                if !hit(&mut acc, 10, 3) {
                    assert_eq!(acc.read(10), None, "{w:?}");
                }
                // Days 10 and 20, then 15 and 5, refused: neither window knows its total.
                let mut acc = Acc::new(&term, w);
                assert!(hit(&mut acc, 10, 1) && hit(&mut acc, 20, 2));
                assert!(!hit(&mut acc, 15, 3) && !hit(&mut acc, 5, 4));
                assert_eq!(
                    (acc.read(15), acc.read(5), acc.read(4)),
                    (None, None, Some(0.0))
                );
                assert_eq!(acc.read(20), Some(1.0));
                let back = Acc::from_value(Some(&acc.to_value()), "s", &term, w).unwrap();
                for slot in 0..25 {
                    assert_eq!(back.read(slot), acc.read(slot), "{w:?} {slot}");
                }
            }
        }
    }

    #[test]
    fn state_at_the_first_slot_a_date_holds_loads_again() {
        use crate::calendar::Period;
        let first = -100_000_000; // the slot of -8.64e15 ms
        for w in [
            Window::Calendar(Period::Day),
            Window::Rolling(1),
            Window::Rolling(3),
        ] {
            let mut acc = Acc::new(&count_term(), w);
            assert!(acc.add(first, 1.0) && acc.add(first + 40, 1.0));
            let back = Acc::from_value(Some(&acc.to_value()), "s", &count_term(), w).unwrap();
            assert_eq!(back, acc, "{w:?}");
        }
    }

    #[test]
    fn big_jumps_clear_the_ring() {
        let w = Window::Rolling(3);
        let mut acc = Acc::new(&count_term(), w);
        for day in 0..3 {
            acc.add(day, 5.0);
        }
        acc.add(1000, 1.0);
        assert_eq!(acc.total(1000), 1.0);
        assert_eq!(acc.total(1002), 1.0);
        assert_eq!(acc.total(1003), 0.0);
    }

    #[test]
    fn distinct_counts_each_key_once_at_its_newest_day() {
        let w = Window::Rolling(2);
        let mut acc = Acc::new(&distinct_term(), w);
        let (a, b) = (Prop::Text("a".into()).key(), Prop::Text("b".into()).key());
        acc.see(0, a);
        acc.see(0, b);
        acc.see(1, a);
        assert_eq!(acc.total(1), 2.0);
        assert_eq!(acc.total(2), 1.0); // only a (seen day 1) is left
        acc.see(3, b);
        assert_eq!(acc.total(3), 1.0);
        assert_eq!(acc.live, 1);
    }

    #[test]
    fn distinct_map_is_pruned() {
        let w = Window::Rolling(1);
        let mut acc = Acc::new(&distinct_term(), w);
        for day in 0..1000 {
            acc.see(day, Prop::Number(day as f64).key());
        }
        assert_eq!(acc.total(999), 1.0);
        assert!(acc.keys.as_ref().unwrap().len() <= 2 * acc.live + 65);
    }

    #[test]
    fn keys_tell_types_and_signed_zero_apart() {
        assert_ne!(Prop::Text("1".into()).key(), Prop::Number(1.0).key());
        assert_ne!(Prop::Bool(true).key(), Prop::Text("true".into()).key());
        assert_eq!(Prop::Number(0.0).key(), Prop::Number(-0.0).key());
        assert_eq!(unhex(&Value::String(hex(u64::MAX - 7))), Some(u64::MAX - 7));
    }
}
