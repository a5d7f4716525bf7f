// nps, csat and ces count an Array of whole numbers 0..10 in JS (counts.js)
// and a Uint8Array in wasm, 16 bytes per SIMD step: both routes give the
// same results and the same errors as counting one answer at a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ces, csat, init, nps } from 'clg-metrics';

await init();

// A small xorshift, so the cases are the same every run.
let seed = 88172645;
const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) / 2 ** 32);
const scoresOf = (length, low, high) => Array.from({ length }, () => low + Math.floor(next() * (high - low + 1)));

/** The counts of 0..10 of `scores`, one answer at a time. */
function naiveCounts(scores) {
  const counts = new Array(11).fill(0);
  for (const s of scores) counts[s]++;
  return counts;
}

/** The error `fn` throws, as { class, code, field, message }. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return { class: error.constructor.name, code: error.code, field: error.field, message: error.message };
  }
  assert.fail('did not throw');
}

const KINDS = [
  ['nps', nps, undefined, 0, 10],
  ['csat', csat, { scale: 5 }, 1, 5],
  ['ces', ces, undefined, 1, 7],
  ['csat on 1-10', csat, { scale: 10 }, 1, 10],
  ['ces on 1-3', ces, { scale: 3 }, 1, 3],
];

test('an Array and a Uint8Array give the same result, with the counts of a one-by-one count', () => {
  // Lengths around the 16-byte vectors and the 255-vector blocks of the SIMD count.
  for (const length of [1, 2, 15, 16, 17, 31, 33, 255 * 16 - 1, 255 * 16, 255 * 16 + 17, 3 * 255 * 16 + 5]) {
    for (const [name, fn, options, low, high] of KINDS) {
      const scores = scoresOf(length, low, high);
      const fromArray = fn(scores, options);
      assert.deepEqual(fn(Uint8Array.from(scores), options), fromArray, `${name}, ${length}`);
      assert.deepEqual(fn(Float64Array.from(scores), options), fromArray, `${name}, ${length}`);
      const counts = naiveCounts(scores);
      if (name === 'nps') {
        assert.deepEqual([fromArray.detractors, fromArray.passives, fromArray.promoters], [
          counts.slice(0, 7).reduce((a, b) => a + b), counts[7] + counts[8], counts[9] + counts[10],
        ]);
      } else {
        assert.deepEqual(fromArray.counts, counts.slice(1, high + 1), `${name}, ${length}`);
      }
    }
  }
});

test('long runs of one score are counted exactly', () => {
  for (const score of [0, 5, 10]) {
    const bytes = new Uint8Array(255 * 16 * 4 + 3).fill(score);
    const r = nps(bytes);
    assert.equal(r.n, bytes.length);
    assert.equal(score >= 9 ? r.promoters : score >= 7 ? r.passives : r.detractors, bytes.length);
  }
});

test('an answer off the scale is the same error on every route, naming the first one', () => {
  for (const [name, fn, options, low, high] of KINDS) {
    for (const length of [1, 20, 40, 5000]) {
      // Off the scale but a whole number 0..10 (the Array route counts those), or over 10.
      const bad = [low - 1, high + 1, 10, 11, 200].filter((b) => b >= 0 && (b < low || b > high));
      for (const value of bad) {
        const scores = scoresOf(length, low, high);
        const at = Math.floor(next() * length);
        scores[at] = value;
        // A second bad answer later must not be the one named.
        if (at + 1 < length) scores[length - 1] = bad[0];
        const fromBytes = thrown(() => fn(Uint8Array.from(scores), options));
        assert.deepEqual(thrown(() => fn(scores, options)), fromBytes, `${name}: ${value} at ${at} of ${length}`);
        assert.deepEqual(thrown(() => fn(Float64Array.from(scores), options)), fromBytes, `${name}: ${value} at ${at}`);
        assert.equal(fromBytes.code, 'SCORE_OUT_OF_RANGE');
        assert.equal(fromBytes.field, `scores[${at}]`);
      }
    }
  }
});

test('an Array with other elements, bad options or no answers: the errors of the typed route', () => {
  const cases = [
    [nps, [9, 7.5, 3], undefined],
    [nps, [9, NaN], undefined],
    [nps, [9, -1], undefined],
    [csat, [5, 0, 2.5], undefined],
    [csat, [5, '4'], undefined],
    [ces, [7, null], undefined],
    [nps, [9, 10], { level: 2 }],
    [nps, [9, 10], { scale: 7 }],
    [csat, [5, 0], { scale: 11 }],
    [ces, [8], { level: 0.9, extra: 1 }],
    [csat, [], undefined],
    [nps, [], undefined],
  ];
  for (const [fn, scores, options] of cases) {
    const error = thrown(() => fn(scores, options));
    // A Float64Array holds what the Array holds where every element is a number.
    if (scores.every((s) => typeof s === 'number')) assert.deepEqual(thrown(() => fn(Float64Array.from(scores), options)), error);
    assert.ok(error.code, `${fn.name}(${JSON.stringify(scores)}): ${error.message}`);
  }
  assert.equal(thrown(() => csat([5, '4'])).code, 'WRONG_TYPE');
  assert.equal(thrown(() => csat([5, '4'])).field, 'scores[1]');
  // NPS's scale is 0-10 whatever is given: `scale: 10` is taken (as SurveyAggregate and compare take it), another refused.
  assert.deepEqual(nps([9, 10], { scale: 10 }), nps([9, 10]));
  assert.deepEqual(nps(Uint8Array.of(9, 10), { scale: 10 }), nps([9, 10]));
  assert.deepEqual([thrown(() => nps([9, 10], { scale: 5 })).code, thrown(() => nps([9, 10], { scale: 5 })).field], ['INVALID_SCALE', 'options.scale']);
  assert.equal(thrown(() => csat([], undefined)).code, 'EMPTY_INPUT');
});

test('counting an Array never converts an element: no valueOf runs, a BigInt is WRONG_TYPE', () => {
  let calls = 0;
  const sneaky = { valueOf: () => (calls++, 5) };
  assert.equal(thrown(() => csat([5, sneaky])).code, 'WRONG_TYPE');
  assert.equal(thrown(() => nps([9, 10n])).code, 'WRONG_TYPE');
  assert.equal(calls, 0);
});

test('the Array route builds the same objects, fields in the same order, nulls included', () => {
  const cases = [
    [nps, [9], undefined], [nps, [0, 10, 7], { level: 0.9 }],
    [csat, [5], undefined], [csat, [1, 2, 3], { scale: 3 }],
    [ces, [4], undefined], [ces, [7, 1], { scale: 7, level: 0.8 }],
  ];
  for (const [fn, scores, options] of cases) {
    const fromArray = fn(scores, options);
    assert.equal(JSON.stringify(fromArray), JSON.stringify(fn(Uint8Array.from(scores), options)));
  }
  assert.equal(ces([4]).sd, null);
  assert.equal(ces([4]).interval, null);
});

test('csat and ces of random answers on every scale: the Array, Uint8Array and Float64Array routes give identical results', () => {
  // The Array is counted in JS and the Uint8Array in wasm (both through the
  // record shared with the module); the Float64Array takes the core's own
  // reader and returns its record: three routes, bit for bit one result.
  for (let round = 0; round < 200; round++) {
    const fn = next() < 0.5 ? csat : ces;
    const scale = 3 + Math.floor(next() * 8);
    const length = 1 + Math.floor(next() * (next() < 0.2 ? 40_000 : 300));
    const options = next() < 0.3 ? { scale, level: 0.5 + next() * 0.49 } : { scale };
    const scores = scoresOf(length, 1, scale);
    const fromArray = fn(scores, options);
    assert.deepEqual(fn(Uint8Array.from(scores), options), fromArray, `${fn.name} on 1-${scale}, ${length}`);
    assert.deepEqual(fn(Float64Array.from(scores), options), fromArray, `${fn.name} on 1-${scale}, ${length}`);
    assert.deepEqual(fromArray.counts, naiveCounts(scores).slice(1, scale + 1));
  }
});

test('a getter that calls in again while an Array or options are read changes neither result', () => {
  const expected = csat([5, 4, 1, 2]);
  const inner = nps([10, 9, 0]);
  let innerResult;
  const scores = [5, 4, 1, 2];
  Object.defineProperty(scores, 1, { get: () => ((innerResult = nps([10, 9, 0])), 4) });
  assert.deepEqual(csat(scores), expected);
  assert.deepEqual(innerResult, inner);
  const options = { get level() { innerResult = ces([7, 6, 1]); return 0.95; } };
  assert.deepEqual(nps(Uint8Array.of(10, 9, 0), options), inner);
  assert.deepEqual(innerResult, ces([7, 6, 1]));
  assert.deepEqual(csat([5, 4, 1, 2], options), expected);
});

test('results stay right when a call grows the WebAssembly memory', () => {
  const small = [7, 6, 6, 2, 5];
  const before = ces(small);
  // The largest input so far in this process: its copy grows the memory.
  const r = nps(new Uint8Array(10_000_000).fill(9));
  assert.equal(r.n, 10_000_000);
  assert.equal(r.promoters, 10_000_000);
  assert.deepEqual(ces(small), before);
  assert.deepEqual(ces(Uint8Array.from(small)), before);
});

test('a long Array is counted four answers a step in Node 20: any element at any of the four places is named as one at a time names it', () => {
  // V8 before 12 counts 256 answers or more in four lanes (counts.js),
  // checking each as one at a time does.
  let calls = 0;
  const sneaky = { valueOf: () => (calls++, 5) };
  const odd = [
    [12, RangeError, 'SCORE_OUT_OF_RANGE'], [15, RangeError, 'SCORE_OUT_OF_RANGE'], [16, RangeError, 'SCORE_OUT_OF_RANGE'],
    [7.5, RangeError, 'SCORE_NOT_INTEGER'], [-0.5, RangeError, 'SCORE_NOT_INTEGER'], [NaN, RangeError, 'NOT_FINITE'],
    ['5', TypeError, 'WRONG_TYPE'], [5n, TypeError, 'WRONG_TYPE'], [sneaky, TypeError, 'WRONG_TYPE', '.valueOf'], [undefined, TypeError, 'WRONG_TYPE'],
  ];
  for (const length of [255, 256, 259, 1001]) {
    for (const at of [0, 1, 2, 3, 130, length - 1]) {
      for (const [value, type, code, inside = ''] of odd) {
        const scores = scoresOf(length, 0, 10);
        scores[at] = value;
        const error = thrown(() => nps(scores));
        assert.deepEqual([error.class, error.code, error.field], [type.name, code, `scores[${at}]${inside}`], `${String(value)} at ${at} of ${length}`);
      }
      const scores = scoresOf(length, 0, 10);
      Object.defineProperty(scores, at, { get() { throw new Error('no'); } });
      assert.deepEqual([thrown(() => nps(scores)).code, thrown(() => nps(scores)).field], ['UNREADABLE', `scores[${at}]`]);
      const holed = scoresOf(length, 0, 10);
      delete holed[at];
      assert.equal(thrown(() => nps(holed)).field, `scores[${at}]`);
    }
  }
  assert.equal(calls, 0);
  // Every lane and the tail counted: lengths 4k + 0..3.
  for (const length of [255, 256, 257, 258, 259, 4003]) {
    const scores = scoresOf(length, 0, 10);
    const r = nps(scores);
    const counts = naiveCounts(scores);
    assert.deepEqual([r.n, r.detractors, r.passives, r.promoters], [length, counts.slice(0, 7).reduce((a, b) => a + b), counts[7] + counts[8], counts[9] + counts[10]]);
  }
});

test('counting reads each answer once, in order, up to the first that is not one (getters run as often on every route)', () => {
  for (const length of [255, 256, 259, 1000]) {
    for (const bad of [-1, 0, 1, 2, 3, 130, length - 1]) {
      const reads = new Array(length).fill(0);
      const scores = [];
      for (let i = 0; i < length; i++) {
        Object.defineProperty(scores, i, { get: () => (reads[i]++, i === bad ? 12 : i % 11), enumerable: true });
      }
      if (bad < 0) assert.equal(nps(scores).n, length);
      else assert.equal(thrown(() => nps(scores)).field, `scores[${bad}]`);
      // Counted up to the bad one; then the input layer reads the Array once more to name it.
      assert.deepEqual(reads, reads.map((_, i) => (i <= bad ? 2 : 1)), `${bad} of ${length}`);
    }
    // A getter that throws once: UNREADABLE at its index, its error the cause, read once.
    for (const at of [0, 3, 130]) {
      let calls = 0;
      const scores = scoresOf(length, 0, 10);
      Object.defineProperty(scores, at, { get() { if (calls++ === 0) throw new Error('once'); return 5; } });
      assert.throws(() => nps(scores), (e) => e.code === 'UNREADABLE' && e.field === `scores[${at}]` && e.cause.message === 'once');
      assert.equal(calls, 1);
    }
  }
});
