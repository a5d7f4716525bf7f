// Survey-policy state across the boundary as columns. A full state holds
// 100k prompts and 100k account prompts: read field by field across the
// boundary, and built back object by object, that is ~1 s per call. Here
// it is packed in one pass into a few typed arrays (the format:
// src/hygiene/columns.rs), crosses once, and the state the core returns
// comes back as columns (one string and typed arrays), built into objects
// in one pass when the caller first reads its lists.
//
// Packing accepts only state the field-by-field reader would read to the
// same values: the current version, plain data of the right types and
// keys, within the limits. Anything else (a wrong type, an unknown key, a
// hole, a throwing getter, a Proxy whose trap throws) goes the plain way
// (input.js, then src/wasm/hygiene.rs), which names the error. The values
// themselves (times, texts, unique ids...) are checked by the core either
// way, with the same paths.
import * as core from './wasm/clg_metrics.js';
import { imitatesView, plain, settled } from './input.js';
import { wellFormed } from './text.js';
import { LIMITS } from './limits.js';

const VERSION = 1; // STATE_VERSION in src/hygiene/state.rs
const OUTCOMES = ['shown', 'responded', 'dismissed', 'snoozed'];
const HAS_OUTCOME_AT = 4;
const MAX_TEXT = 256; // longer texts are refused; the plain way says how
const keysOf = Object.keys;
const isArray = Array.isArray;
const freeze = Object.freeze;
const { hasOwn, getPrototypeOf: protoOf, prototype: objectProto } = Object;

/** The columns of each state returnedFrom built (see storedSurveyState). */
const columnsOf = new WeakMap();

/**
 * The state the module returned last, frozen to the last entry: handed
 * back, as the SDK does, it crosses as it is, and the core uses the state
 * it kept for it without reading anything (src/wasm/hygiene.rs).
 */
let returnedState;

/**
 * The survey state argument `field` as the core takes it: the state
 * returned last as it is; a token for state packed here; or else a plain
 * copy. `again` is false when this call passes the state returned last a
 * second time: the core takes that once, so the second one is packed.
 *
 * @example
 * core.surveyDecision(plain(policy, 'policy'), stateArgument(state, 'state'), plain(ask, 'ask'));
 */
export function stateArgument(state, field, again = true) {
  if (state === undefined || state === null || (state === returnedState && again)) return state;
  const columns = pack(state);
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return columns === undefined ? plain(state, field, ENTRY_LIMITS) : core.loadSurveyStatePacked(...columns);
}

/** Each list of a state holds at most LIMITS.policyEntries: more is TOO_LARGE before an entry is read. */
const ENTRY_LIMITS = Object.freeze({ prompts: LIMITS.policyEntries, accountPrompts: LIMITS.policyEntries });

/**
 * The state the core returned as `columns` (`[text, lengths, times,
 * codes]`) as a frozen object, remembered as the state returned last. Its
 * lists are built from the columns (as frozen plain objects) when first
 * read: handed back as it is, as the SDK does, a state of 200k entries is
 * never built at all.
 *
 * @example
 * // @ts-expect-error: an internal export
 * return returnedFrom(core.recordSurveyEventPacked(policy, state, event));
 */
export function returnedFrom(columns) {
  /** @type {[readonly object[], readonly object[]] | undefined} */
  let lists;
  const built = () => (lists ??= listsOf(columns));
  returnedState = freeze({
    version: VERSION,
    get prompts() {
      return built()[0];
    },
    get accountPrompts() {
      return built()[1];
    },
  });
  columnsOf.set(returnedState, columns);
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  core.adoptSurveyState(columns, returnedState);
  return returnedState;
}

/**
 * `state` as the SDK stores it: a state the module returned as its columns
 * (a structured clone then copies a string and three typed arrays, not
 * 200k objects); any other as it is.
 *
 * @example
 * await store.putMeta('surveyState', storedSurveyState(state));
 */
export function storedSurveyState(state) {
  const packed = columnsOf.get(state);
  return packed === undefined ? state : { version: VERSION, packed };
}

/**
 * What storedSurveyState stored (or plain state) as the state
 * mergeSurveyState(null, stored) returns: checked in full, coded errors.
 *
 * @example
 * const state = loadStoredSurveyState(await store.getMeta('surveyState'));
 */
export function loadStoredSurveyState(stored) {
  let columns;
  try {
    columns = storedColumns(stored);
  } catch {
    // read as plain state below, which names what is wrong
  }
  // @ts-expect-error: internal exports, left out of the bindings' .d.ts
  return returnedFrom(core.mergeSurveyStatePacked(null, ...settled(columns ? core.loadSurveyStatePacked(...columns) : stateArgument(stored, 'state'))));
}

/**
 * The columns storedSurveyState stored in `stored`, as
 * loadSurveyStatePacked takes them (`[ascii, wide, lengths, times,
 * codes]`, see Text), when their types and sizes fit the wasm exports and
 * the limits (the core checks the rest); else undefined.
 */
function storedColumns(stored) {
  const packed = stored?.version === VERSION && keysOf(stored).length === 2 ? stored.packed : undefined;
  if (!isArray(packed) || packed.length !== 4) return undefined;
  const [joined, lengths, times, codes] = packed;
  const fit = typeof joined === 'string' && lengths instanceof Uint32Array && times instanceof Float64Array
    && codes instanceof Uint8Array && lengths.length <= 5 * LIMITS.policyEntries && times.length <= 3 * LIMITS.policyEntries
    && codes.length <= LIMITS.policyEntries && joined.length <= MAX_TEXT * lengths.length;
  if (!fit) return undefined;
  const text = new Text(joined.length);
  text.add(joined);
  return [...text.columns(), lengths, times, codes];
}

/**
 * The frozen lists `[prompts, accountPrompts]` of state `columns`.
 *
 * @returns {[readonly object[], readonly object[]]}
 */
function listsOf([text, lengths, times, codes]) {
  const n = codes.length;
  const m = times.length - 2 * n;
  const prompts = new Array(n);
  const accountPrompts = new Array(m);
  const cut = new Cutter(text);
  const [surveys, kinds, roles] = [[], [], []];
  let k = 0; // in `lengths`
  for (let i = 0; i < n; i++) {
    const id = cut.next(lengths[k]);
    const surveyId = cut.shared(lengths[k + 1], surveys);
    const kind = cut.shared(lengths[k + 2], kinds);
    k += 3;
    const code = codes[i];
    prompts[i] = freeze({
      id,
      surveyId,
      kind,
      at: times[2 * i],
      outcome: OUTCOMES[code & 3],
      outcomeAt: code & HAS_OUTCOME_AT ? times[2 * i + 1] : null,
    });
  }
  for (let j = 0; j < m; j++) {
    const id = cut.next(lengths[k]);
    const role = cut.shared(lengths[k + 1], roles);
    k += 2;
    accountPrompts[j] = freeze({ id, role, at: times[2 * n + j] });
  }
  return [freeze(prompts), freeze(accountPrompts)];
}

/** The strings of joined text, one after another, by length. */
class Cutter {
  constructor(text) {
    this.text = text;
    this.at = 0;
  }

  next(length) {
    return this.text.slice(this.at, (this.at += length));
  }

  /**
   * The next string, taken from `recent` (the last few of its field) when
   * it is one of them: a kind, role or survey repeats, and 100k copies of
   * it would be garbage.
   */
  shared(length, recent) {
    for (let i = 0; i < recent.length; i++) {
      const s = recent[i];
      if (s.length === length && this.text.startsWith(s, this.at)) {
        this.at += length;
        return s;
      }
    }
    const s = this.next(length);
    if (recent.length === RECENT) recent.pop();
    recent.unshift(s);
    return s;
  }
}

const RECENT = 8;

/**
 * `state` as the columns loadSurveyStatePacked takes (`[ascii, wide,
 * lengths, times, codes]`, see Text), or undefined when it
 * is not plain state of the current version within the limits (or reading
 * it threw): the plain way then reads it again and names what is wrong.
 */
function pack(state) {
  try {
    return packColumns(state);
  } catch {
    return undefined;
  }
}

function packColumns(state) {
  // A typed array (or an imitation) would list millions of keys: the plain way refuses it at once.
  if (typeof state !== 'object' || isArray(state) || ArrayBuffer.isView(state) || imitatesView(state)) return undefined;
  if (keysOf(objectProto).length > 0 || keyCount(state, 'version', 'prompts', 'accountPrompts') !== 3) return undefined;
  const { version, prompts, accountPrompts } = state;
  if (version !== VERSION || !isArray(prompts) || !isArray(accountPrompts)) return undefined;
  const n = prompts.length;
  const m = accountPrompts.length;
  if (n > LIMITS.policyEntries || m > LIMITS.policyEntries) return undefined;
  const lengths = new Uint32Array(3 * n + 2 * m);
  const times = new Float64Array(2 * n + m);
  const codes = new Uint8Array(n);
  const text = new Text(16 * (n + m));
  let k = 0;
  for (let i = 0; i < n; i++) {
    const p = prompts[i];
    if (typeof p !== 'object' || p === null) return undefined;
    const { id, surveyId, kind, at, outcome, outcomeAt } = p;
    const code = OUTCOMES.indexOf(outcome);
    if (code < 0 || typeof at !== 'number' || !texts3(id, surveyId, kind)) return undefined;
    if (typeof outcomeAt === 'number') {
      codes[i] = code | HAS_OUTCOME_AT;
      times[2 * i + 1] = outcomeAt;
    } else if (outcomeAt === null || outcomeAt === undefined) {
      codes[i] = code;
    } else return undefined;
    if (!promptKeys(p, outcomeAt)) return undefined;
    times[2 * i] = at;
    lengths[k++] = text.add(id);
    lengths[k++] = text.add(surveyId);
    lengths[k++] = text.add(kind);
  }
  for (let j = 0; j < m; j++) {
    const p = accountPrompts[j];
    if (typeof p !== 'object' || p === null) return undefined;
    const { id, role, at } = p;
    if (typeof at !== 'number' || !texts3(id, role, '') || keyCount(p, 'id', 'role', 'at') !== 3) return undefined;
    times[2 * n + j] = at;
    lengths[k++] = text.add(id);
    lengths[k++] = text.add(role);
  }
  return [...text.columns(), lengths, times, codes];
}

/**
 * Strings written one after another without making a string: a byte per
 * character while they are all ASCII (the usual ids, kinds and roles),
 * else UTF-16 code units. `columns()` gives them as the two text arguments
 * of loadSurveyStatePacked (`[ascii, wide]`, one of them empty).
 */
class Text {
  constructor(capacity) {
    /** @type {Uint8Array | Uint16Array} */
    this.units = new Uint8Array(capacity);
    this.length = 0;
    this.wide = false;
  }

  /** Appends `s`; returns its length (throws at a lone surrogate). */
  add(s) {
    const length = s.length;
    let at = this.length;
    if (at + length > this.units.length) this.grow(2 * (at + length), this.wide);
    const units = this.units;
    let all = 0; // every unit or-ed: above 0x7f when one is not ASCII
    for (let i = 0; i < length; i++) all |= units[at++] = s.charCodeAt(i);
    if (all > 0x7f) {
      // Rust's UTF-8 would change a lone surrogate: pack() gives up, and the plain way names it.
      if (!wellFormed(s)) throw new RangeError('a lone surrogate');
      if (!this.wide) {
        this.grow(this.units.length, true);
        return this.add(s);
      }
    }
    this.length = at;
    return length;
  }

  /** Moves the text into a larger array, or into UTF-16 units when `wide`. */
  grow(capacity, wide) {
    const units = wide ? new Uint16Array(capacity) : new Uint8Array(capacity);
    units.set(this.units.subarray(0, this.length));
    this.units = units;
    this.wide = wide;
  }

  /** `[ascii, wide]`: the text as one of the two, the other empty. */
  columns() {
    const text = this.units.subarray(0, this.length);
    return this.wide ? [new Uint8Array(0), text] : [text, new Uint16Array(0)];
  }
}

/**
 * How many keys the object `p` (the state, an entry) has, all among the
 * known keys `k1`..`k6` (fewer when a list has fewer), or -1 when one is
 * not. Counted with for-in, which allocates nothing (Object.keys made 200k
 * arrays per state): for an object whose prototype is Object.prototype,
 * which packColumns found without enumerable keys, for-in lists exactly
 * its own enumerable keys, those a plain copy reads. The keys come as
 * arguments, compared inline: with a predicate per list, called from here
 * for every list, the key checks of a full state took 8-17 ms in Chromium
 * instead of 4-8.
 *
 * @example
 * keyCount({ id: 'p1', role: 'admin', at: 0 }, 'id', 'role', 'at'); // 3
 */
function keyCount(p, k1, k2, k3, k4, k5, k6) {
  if (protoOf(p) !== objectProto) return -1;
  let count = 0;
  for (const key in p) {
    if (key !== k1 && key !== k2 && key !== k3 && key !== k4 && key !== k5 && key !== k6) return -1;
    count++;
  }
  return count;
}

/**
 * Whether the own enumerable keys of the prompt `p` are the six known ones,
 * or all but `outcomeAt`, which then reads as undefined (so every value
 * read above was an own property's, as a plain copy reads them).
 */
function promptKeys(p, outcomeAt) {
  const count = keyCount(p, 'id', 'surveyId', 'kind', 'at', 'outcome', 'outcomeAt');
  return count === 6 || (count === 5 && outcomeAt === undefined && !hasOwn(p, 'outcomeAt'));
}

/** Whether all three are strings of at most MAX_TEXT characters. */
function texts3(a, b, c) {
  return typeof a === 'string' && typeof b === 'string' && typeof c === 'string'
    && a.length <= MAX_TEXT && b.length <= MAX_TEXT && c.length <= MAX_TEXT;
}
