// The transport of `surveyTrend`'s response objects into WebAssembly.
// Internal: not exported from the package.
import { opaqueTag } from './input.js';
import { LIMITS } from './limits.js';
import { wellFormed } from './text.js';

const ABSENT = 0xffffffff; // a missing optional field, or no grouping value
const utf8 = new TextEncoder();
const hasOwn = Object.prototype.hasOwnProperty;
// Where a grouping attribute's value comes from (as in the object path).
const SEGMENT = 0;
const ROLE = 1;
const ACCOUNT = 2;

/**
 * Transport, not validation: reading response objects from WebAssembly costs
 * ~40 boundary crossings each. Instead this walks them once and packs them
 * into columns (see src/survey/trend/packed.rs): per response, score,
 * timestamp and scale (NaN: absent) in `numbers`; in `refs`, the string
 * index of its kind, the JS lengths of userId, accountId, role and comment,
 * then the string index of each `groupBy` attribute's value; per segment
 * attribute, (response, name length, value length) in `segments`. Only the
 * strings the computation reads (kinds and grouping values) cross, each
 * distinct one once, joined with a separator into UTF-8 text, with its JS
 * length. Rust checks every value with the same rules as the object path,
 * and reads a response again from `responses` when the lengths do not
 * decide. Only types and keys are looked at here: at the first value of an
 * unexpected type, an unknown key (or `groupBy` names that are not plain
 * strings) it returns undefined, and the object path reports exactly which
 * field is wrong. The columns are views of buffers reused by the next call:
 * use them at once.
 */
export function packResponses(responses, options) {
  if (!Array.isArray(responses)) return undefined;
  const names = groupNames(options);
  if (names === undefined) return undefined;
  const width = names.length;
  const sources = new Uint8Array(width);
  for (let j = 0; j < width; j++) {
    const name = names[j];
    sources[j] = name === 'respondent.role' ? ROLE : name === 'respondent.accountId' ? ACCOUNT : SEGMENT;
  }
  const n = responses.length;
  const numbers = scratch(0, Float64Array, 3 * n);
  const refs = scratch(1, Uint32Array, (5 + width) * n);
  scratch(2, Uint32Array, 6 * n); // room for two segment attributes each; grows
  const table = new Map();
  const m = packRows(responses, names, sources, numbers, refs, table);
  if (m < 0) return undefined;
  const strings = [...table.keys()];
  const lengths = new Uint32Array(strings.length);
  for (let k = 0; k < strings.length; k++) lengths[k] = strings[k].length;
  // UTF-8 by the engine's encoder: faster than the glue's character loop.
  const text = utf8.encode(strings.join('\0'));
  return [text, lengths, numbers, refs, buffers[2].subarray(0, m)];
}

/**
 * The loop of `packResponses`, on its own so that the engine optimises it
 * early (while it runs) and once: no closures made per call, and no arrays
 * whose shape changes from call to call. Fills the columns and numbers the
 * strings in `table`; returns the number of entries used in `segments`
 * (buffer 2), or -1 at a value of an unexpected type.
 */
function packRows(responses, names, sources, numbers, refs, table) {
  const width = names.length;
  const stride = 5 + width;
  let segments = buffers[2];
  let m = 0; // entries used in `segments`
  let total = responses.length; // elements and properties, as the plain copy counts them (LIMITS.total)
  let chars = 0; // characters of the string values, as the plain copy counts them (LIMITS.chars)
  let lastKind;
  let lastKindRef = 0;
  for (let i = 0; i < responses.length; i++) {
    const r = responses[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return -1;
    const keys = responseKeys(r);
    if (keys < 0) return -1;
    const { kind, score, timestamp, scale, respondent: who, segments: attributes, comment } = r;
    if (typeof kind !== 'string' || typeof score !== 'number' || typeof timestamp !== 'number') return -1;
    // NaN is the packed "absent": a NaN scale takes the object path.
    if (scale !== undefined && (typeof scale !== 'number' || Number.isNaN(scale))) return -1;
    const whoKeys = typeof who === 'object' && who !== null ? respondentKeys(who) : -1;
    if (whoKeys < 0) return -1;
    total += keys + whoKeys;
    const user = who.userId;
    if (typeof user !== 'string') return -1;
    const account = who.accountId;
    const role = who.role;
    // The JS lengths of the optional strings: ABSENT for undefined/null, -1 for another type.
    const a = typeof account === 'string' ? account.length : account == null ? ABSENT : -1;
    const b = typeof role === 'string' ? role.length : role == null ? ABSENT : -1;
    const c = typeof comment === 'string' ? comment.length : comment == null ? ABSENT : -1;
    if (a < 0 || b < 0 || c < 0) return -1;
    chars += kind.length + user.length + (a === ABSENT ? 0 : a) + (b === ABSENT ? 0 : b) + (c === ABSENT ? 0 : c);
    numbers[3 * i] = score;
    numbers[3 * i + 1] = timestamp;
    numbers[3 * i + 2] = scale === undefined ? NaN : scale;
    if (kind !== lastKind) {
      lastKindRef = intern(table, (lastKind = kind));
      if (lastKindRef < 0) return -1;
    }
    const at = stride * i;
    refs[at] = lastKindRef;
    refs[at + 1] = user.length;
    refs[at + 2] = a;
    refs[at + 3] = b;
    refs[at + 4] = c;
    for (let j = 0; j < width; j++) {
      const source = sources[j];
      const value = source === ROLE ? role : source === ACCOUNT ? account : undefined;
      const ref = value == null ? ABSENT : intern(table, value);
      if (ref < 0) return -1;
      refs[at + 5 + j] = ref;
    }
    if (attributes != null) {
      if (typeof attributes !== 'object' || Array.isArray(attributes)) return -1;
      const first = m;
      // Own enumerable keys, in Object.entries order (for-in with the own-key
      // check lists the same keys as Object.keys, without allocating).
      for (const name in attributes) {
        if (!hasOwn.call(attributes, name)) continue;
        const value = attributes[name];
        if (typeof value !== 'string') return -1;
        chars += value.length;
        if (m + 3 > segments.length) segments = scratch(2, Uint32Array, 2 * segments.length + 3);
        segments[m] = i;
        segments[m + 1] = name.length;
        segments[m + 2] = value.length;
        m += 3;
        total++;
        for (let j = 0; j < width; j++) {
          if (sources[j] !== SEGMENT || name !== names[j]) continue;
          const ref = intern(table, value);
          if (ref < 0) return -1;
          refs[at + 5 + j] = ref;
        }
      }
      // No own key, and not an object (a Map's entries are not own keys): the object path names it.
      if (m === first && opaqueTag(attributes) !== undefined) return -1;
    }
    // Over a limit: the plain copy refuses it with TOO_LARGE, having read no more than the limit.
    if (total > LIMITS.total || chars > LIMITS.chars) return -1;
  }
  return m;
}

/**
 * How many enumerable keys response `r` has, all response keys, or -1 (the
 * core's RESPONSE_KEYS and RESPONDENT_KEYS, src/input/survey.rs, decide;
 * a key missing here only sends a call the object route). for-in
 * walks the engine's cached key list without allocating; it also lists
 * inherited keys, which only sends such an object down the object path
 * (that reads own keys, and names an unknown one).
 */
function responseKeys(r) {
  let count = 0;
  for (const key in r) {
    count++;
    switch (key) {
      case 'kind':
      case 'score':
      case 'timestamp':
      case 'respondent':
      case 'segments':
      case 'scale':
      case 'comment':
        continue;
      default:
        return -1;
    }
  }
  return count;
}

/** How many enumerable keys `respondent` has, all respondent keys, or -1 (as responseKeys). */
function respondentKeys(respondent) {
  let count = 0;
  for (const key in respondent) {
    if (key !== 'userId' && key !== 'accountId' && key !== 'role') return -1;
    count++;
  }
  return count;
}

/**
 * The number of string `s` in `table` (numbered in order of first use),
 * added when new; -1 when it has a lone surrogate (Rust's UTF-8 would make
 * it U+FFFD, one value with others). Only the strings that cross are
 * checked, once each: the others cross as their lengths and cannot change
 * the answer (a check per string cost 25 ns in Chromium, 2 ms per 10 k
 * responses).
 */
function intern(table, s) {
  let k = table.get(s);
  if (k === undefined) {
    if (!wellFormed(s)) return -1;
    k = table.size;
    table.set(s, k);
  }
  return k;
}

/**
 * The `groupBy` names of `options` (a plain copy: its text is well-formed;
 * none when absent), or undefined when they are not an array of strings;
 * Rust checks the names themselves.
 */
function groupNames(options) {
  const names = options == null ? undefined : options.groupBy;
  if (names === undefined) return [];
  if (!Array.isArray(names) || names.length > LIMITS.groupBy) return undefined;
  for (const name of names) if (typeof name !== 'string') return undefined;
  return names;
}

// Column buffers kept between calls (the glue copies them into wasm memory):
// allocating ~0.7 MB per call for 10 k responses costs more than packing.
const buffers = [];

/** A `Type` array of `length` from buffer `slot`, grown when too short. */
function scratch(slot, Type, length) {
  if (!(buffers[slot]?.length >= length)) {
    const larger = new Type(length);
    if (buffers[slot]) larger.set(buffers[slot]);
    buffers[slot] = larger;
  }
  return buffers[slot].subarray(0, length);
}
