// nps, csat and ces of an Array: the answers are counted here, as they are
// read, and only their 11 counts cross into WebAssembly. Every answer is
// read once in JS anyway (the input layer checks each element), so
// counting it there costs one increment instead of a copy into a typed
// array, the copy into wasm memory and the count there.
//
// Every score result crosses back as numbers (a record, see
// src/wasm/survey.rs) and its object is built here: no serialiser in the
// wasm module, and one copy instead of one boundary crossing per field.
// nps, csat and ces pass their counts and read their record in wasm
// memory (`shared()`): for a counted Array the glue allocates and copies
// nothing per call (a Uint8Array's bytes are copied in once).
import * as core from './wasm/clg_metrics.js';
import { arrayLength, plain, scores, settled, unreadable } from './input.js';
import { LIMITS } from './limits.js';

/**
 * `nps`, `csat` or `ces` (`kind`) of `scoreList` with `options`. An Array
 * of whole numbers 0..10 is counted (see the top of this file), a
 * Uint8Array in wasm; anything else, and an Array with an answer off the
 * scale, goes through `scores` as before, so errors are the same on every
 * route. Only a call that throws reads an Array twice.
 *
 * @example
 * scoreSummary('csat', [5, 4, 1], { scale: 5 }).satisfied; // 2
 */
export function scoreSummary(kind, scoreList, options) {
  const number = KINDS.indexOf(kind);
  const counts = countScores(scoreList, 'scores');
  if (counts !== undefined) {
    // Options first: reading them may run code (a getter) that calls in here again.
    const [plainOptions] = settled(plain(options, 'options'));
    const record = shared();
    for (let s = 0; s < 11; s++) record[s] = counts[s];
    if (core.summaryOfCounts(number, plainOptions)) return summaryResult(shared());
  }
  // A fresh Uint8Array (a typed one's view, or an Array of bytes) is counted in wasm.
  const input = scores(scoreList, 'scores');
  if (input instanceof Uint8Array) {
    core.summaryOfBytes(...settled(number, input, plain(options, 'options')));
    return summaryResult(shared());
  }
  return summaryResult(core[kind](...settled(input, plain(options, 'options'))));
}

let io = new Float64Array(0);
/** @type {WebAssembly.Memory | undefined} */
let memory;

/** The record in wasm memory (src/wasm/survey.rs), viewed again after the memory grew (the old view's length is 0). */
function shared() {
  if (io.length === 0) {
    memory ??= core.moduleMemory();
    io = new Float64Array(memory.buffer, core.summaryAddress(), 21);
  }
  return io;
}

/** The kinds by their number in a record. @type {import('./wasm/clg_metrics.js').SurveyKind[]} */
const KINDS = ['nps', 'ces', 'csat'];
const orNull = (x) => (Number.isNaN(x) ? null : x);
const interval = (low, high, level) => ({ low, high, level });

/** `count` slots of `o` from `from` (a loop: `Array.from` of a subarray costs ~1 µs). */
function slots(o, from, count) {
  const out = new Array(count);
  for (let i = 0; i < count; i++) out[i] = o[from + i];
  return out;
}

/** `counts` of the scores 1..scale, as CSAT and CES return them (from slot 11). */
const scaleCounts = (o, scale) => slots(o, 11, scale);

/** Each kind's result from its record, the fields in the order of its type. */
const RESULTS = [
  (o) => ({
    score: o[1], n: o[2], promoters: o[3], passives: o[4], detractors: o[5], lowSample: o[6] === 1,
    interval: interval(o[7], o[8], o[9]),
  }),
  (o) => ({
    mean: o[1], n: o[2], sd: orNull(o[3]), easy: o[4], easyShare: o[5], lowSample: o[6] === 1, scale: o[7],
    counts: scaleCounts(o, o[7]), interval: Number.isNaN(o[8]) ? null : interval(o[8], o[9], o[10]),
  }),
  (o) => ({
    score: o[1], n: o[2], satisfied: o[3], lowSample: o[4] === 1, scale: o[5],
    counts: scaleCounts(o, o[5]), interval: interval(o[6], o[7], o[8]),
  }),
];

/**
 * An `NpsResult`, `CesResult` or `CsatResult` from a summary record.
 *
 * @example
 * summaryResult(core.nps(new Uint8Array([9, 10]))).promoters; // 2
 */
function summaryResult(record) {
  return RESULTS[record[0]](record);
}

/**
 * A `SurveyResult`: the result tagged with its `kind` (`SurveyAggregate#summary`).
 *
 * @returns {import('./wasm/clg_metrics.js').SurveyResult}
 */
export function taggedSummary(record) {
  return /** @type {import('./wasm/clg_metrics.js').SurveyResult} */ ({ kind: KINDS[record[0]], ...summaryResult(record) });
}

/**
 * A `Comparison` from its record (`compare`, `SurveyAggregate#compareWith`).
 *
 * @returns {import('./wasm/clg_metrics.js').Comparison}
 */
export function comparison(o) {
  return {
    kind: KINDS[o[0]], difference: o[1], interval: interval(o[2], o[3], o[4]), significant: o[5] === 1,
    pValue: orNull(o[6]), df: orNull(o[7]), nFirst: o[8], nSecond: o[9],
  };
}

/**
 * A `SurveyAggregateJSON` from its record: version, kind, scale, counts.
 *
 * @returns {import('./wasm/clg_metrics.js').SurveyAggregateJSON}
 */
export function aggregateJson(o) {
  return { version: o[0], kind: KINDS[o[1]], scale: o[2], counts: slots(o, 3, o.length - 3) };
}

/**
 * Whether to count four answers per step into four lanes: 1.3x faster in
 * V8 before 12 (Node 20), 1.15x slower in Node 22 and 1.2-1.8x in
 * Chromium, where one answer per step is the fastest loop (PERFORMANCE.md,
 * Speed). Only from LANES_FROM answers: the lanes' array took a short
 * call 3.5 times as long.
 */
const LANES = Number(globalThis.process?.versions?.v8?.split('.')[0]) < 12;
const LANES_FROM = 256;

/**
 * The counts of the scores 0..10 in an Array of whole numbers 0..10, as a
 * Uint32Array; `undefined` for anything else, as soon as an element is not
 * such a number. Either loop reads the elements once each, in order, up
 * to the first that is not: getters run as often, a throw is named alike.
 *
 * @example
 * countScores([10, 9, 9], 'scores'); // Uint32Array [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1]
 */
export function countScores(value, field) {
  const length = arrayLength(value, field, LIMITS.values);
  if (length < 0) return undefined;
  const counts = new Uint32Array(11);
  let i = 0;
  try {
    if (LANES && length >= LANES_FROM) {
      const lanes = new Uint32Array(44);
      // `i` is the element read (named if reading it throws), four a step.
      for (; i + 3 < length; i++) {
        const a = value[i];
        if (!isScore(a)) return undefined;
        const b = value[++i];
        if (!isScore(b)) return undefined;
        const c = value[++i];
        if (!isScore(c)) return undefined;
        const d = value[++i];
        if (!isScore(d)) return undefined;
        lanes[a]++;
        lanes[11 + b]++;
        lanes[22 + c]++;
        lanes[33 + d]++;
      }
      for (let s = 0; s < 11; s++) counts[s] = lanes[s] + lanes[11 + s] + lanes[22 + s] + lanes[33 + s];
    }
    for (; i < length; i++) {
      const x = value[i];
      if (!isScore(x)) return undefined;
      counts[x]++;
    }
  } catch (error) {
    throw unreadable(`${field}[${i}]`, error);
  }
  return counts;
}

/**
 * Whether `x` is a whole number 0..10: a number first (`|` would run an
 * object's valueOf, throw on a BigInt); NaN fails `(x | 0) === x`. This
 * order measured ~10 % faster in Chromium than `(x & 15) !== x`.
 */
function isScore(x) {
  return typeof x === 'number' && x <= 10 && (x | 0) === x && x >= 0;
}
