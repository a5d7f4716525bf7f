// The transport of `surveyTrend`'s response objects into WebAssembly.
// Internal: not exported from the package.

const ABSENT = 0xffffffff; // the string index of a missing optional field
const utf8 = new TextEncoder();
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Transport, not validation: reading response objects from WebAssembly costs
 * ~40 boundary crossings each. Instead this walks them once and packs them
 * into columns (see src/survey/trend/packed.rs): per response, score,
 * timestamp and scale (NaN: absent) in `numbers`, and string indices of
 * kind, userId, accountId, role and comment in `refs`; per segment attribute,
 * (response, name, value) in `segments`. Each distinct string crosses once,
 * joined with a separator into UTF-8 text, with its JS length. Rust checks
 * every value with the same rules as the object path. Only types are looked
 * at here: at the first value of an unexpected type it returns undefined,
 * and the object path reports exactly which field is wrong. The columns are
 * views of buffers reused by the next call: use them at once.
 */
export function packResponses(responses) {
  if (!Array.isArray(responses)) return undefined;
  const n = responses.length;
  const numbers = scratch(0, Float64Array, 3 * n);
  const refs = scratch(1, Uint32Array, 5 * n);
  let segments = scratch(2, Uint32Array, 6 * n); // room for two attributes each; grows
  let m = 0; // entries used in `segments`
  const table = new Map();
  const strings = [];
  // The string's index in `strings`. Consecutive responses often repeat a
  // field's value (kind, role, segment names): `ref` remembers the last one
  // per field `slot`, sparing the Map lookup (not for user ids, which vary).
  const last = [];
  const lastRef = [];
  const index = (s) => {
    let k = table.get(s);
    if (k === undefined) {
      k = strings.length;
      table.set(s, k);
      strings.push(s);
    }
    return k;
  };
  const ref = (s, slot) => {
    if (s === last[slot]) return lastRef[slot];
    last[slot] = s;
    return (lastRef[slot] = index(s));
  };
  // A string, or undefined/null for absent; -1 for any other type.
  const optional = (s, slot) => (typeof s === 'string' ? ref(s, slot) : s == null ? ABSENT : -1);
  for (let i = 0; i < n; i++) {
    const r = responses[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
    const { kind, score, timestamp, scale, respondent: who, segments: attributes, comment } = r;
    if (typeof kind !== 'string' || typeof score !== 'number' || typeof timestamp !== 'number') return undefined;
    // NaN is the packed "absent": a NaN scale takes the object path.
    if (scale !== undefined && (typeof scale !== 'number' || Number.isNaN(scale))) return undefined;
    if (typeof who !== 'object' || who === null) return undefined;
    const user = who.userId;
    if (typeof user !== 'string') return undefined;
    const account = optional(who.accountId, 2);
    const role = optional(who.role, 3);
    const note = optional(comment, 4);
    if (account < 0 || role < 0 || note < 0) return undefined;
    numbers[3 * i] = score;
    numbers[3 * i + 1] = timestamp;
    numbers[3 * i + 2] = scale === undefined ? NaN : scale;
    refs[5 * i] = ref(kind, 0);
    refs[5 * i + 1] = index(user);
    refs[5 * i + 2] = account;
    refs[5 * i + 3] = role;
    refs[5 * i + 4] = note;
    if (attributes != null) {
      if (typeof attributes !== 'object' || Array.isArray(attributes)) return undefined;
      // Own enumerable keys, in Object.entries order (for-in with the own-key
      // check lists the same keys as Object.keys, without allocating).
      let slot = 5;
      for (const name in attributes) {
        if (!hasOwn.call(attributes, name)) continue;
        const value = attributes[name];
        if (typeof value !== 'string') return undefined;
        if (m + 3 > segments.length) {
          segments = scratch(2, Uint32Array, 2 * segments.length + 3);
        }
        segments[m] = i;
        segments[m + 1] = ref(name, slot);
        segments[m + 2] = ref(value, slot + 1);
        m += 3;
        slot += 2;
      }
    }
  }
  const lengths = new Uint32Array(strings.length);
  for (let k = 0; k < strings.length; k++) lengths[k] = strings[k].length;
  // UTF-8 by the engine's encoder: faster than the glue's character loop.
  const text = utf8.encode(strings.join('\0'));
  return [text, lengths, numbers, refs, segments.subarray(0, m)];
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
