// nps, csat and ces of an Array: the answers are counted here, as they are
// read, and only their 11 counts cross into WebAssembly. Every answer is
// read once in JS anyway (the input layer checks each element), so
// counting it there costs one increment instead of a copy into a typed
// array, the copy into wasm memory and the count there. The core returns
// the result's numbers in one Float64Array and the object is built here,
// instead of one boundary crossing per field (half the fixed cost of a call).
import * as core from './wasm/clg_metrics.js';
import { arrayLength, plain, scores, unreadable } from './input.js';
import { LIMITS } from './limits.js';

/**
 * `nps`, `csat` or `ces` (`kind`) of `scoreList` with `options`. An Array
 * of whole numbers 0..10 is counted (see the top of this file); anything
 * else (a typed array, an Array with any other element), and an Array
 * with an answer off the scale (e.g. 0 on CSAT's 1-5), goes through
 * `scores` to the core as before, so validation and errors are the same on
 * both routes. Only a call that throws reads an Array twice: every valid
 * answer of these scales is a whole number 0..10.
 *
 * @example
 * scoreSummary('csat', [5, 4, 1], { scale: 5 }).satisfied; // 2
 */
export function scoreSummary(kind, scoreList, options) {
  const counts = countScores(scoreList, 'scores');
  if (counts !== undefined && core.summaryOfCounts(kind, counts, plain(options, 'options'), out)) {
    return RESULTS[kind](out, counts);
  }
  return core[kind](scores(scoreList, 'scores'), plain(options, 'options'));
}

/** The numbers `summaryOfCounts` writes (see src/wasm/survey.rs). */
const out = new Float64Array(10);
const orNull = (x) => (Number.isNaN(x) ? null : x);
const interval = (low, high, level) => ({ low, high, level });
/** `counts` of the scores 1..scale, as CSAT and CES return them. */
const scaleCounts = (counts, scale) => Array.from(counts.subarray(1, scale + 1));

/** Each kind's result from `out` and the counts, its fields in the order the typed route gives them. */
const RESULTS = {
  nps: (o) => ({
    score: o[0], n: o[1], promoters: o[2], passives: o[3], detractors: o[4], lowSample: o[5] === 1,
    interval: interval(o[6], o[7], o[8]),
  }),
  csat: (o, counts) => ({
    score: o[0], n: o[1], satisfied: o[2], lowSample: o[3] === 1, scale: o[4],
    counts: scaleCounts(counts, o[4]), interval: interval(o[5], o[6], o[7]),
  }),
  ces: (o, counts) => ({
    mean: o[0], n: o[1], sd: orNull(o[2]), easy: o[3], easyShare: o[4], lowSample: o[5] === 1, scale: o[6],
    counts: scaleCounts(counts, o[6]), interval: Number.isNaN(o[7]) ? null : interval(o[7], o[8], o[9]),
  }),
};

/**
 * The counts of the scores 0..10 in an Array of whole numbers 0..10, as a
 * Uint32Array; `undefined` for anything else, as soon as an element is not
 * such a number.
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
    for (; i < length; i++) {
      const x = value[i];
      // A number first (`&` would run an object's valueOf, throw on a
      // BigInt); then `x & 15` equals x only for the whole numbers 0..15.
      if (typeof x !== 'number' || (x & 15) !== x || x > 10) return undefined;
      counts[x]++;
    }
  } catch (error) {
    throw unreadable(`${field}[${i}]`, error);
  }
  return counts;
}
