// The built package as a Node user imports it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ces, csat, init, nps } from 'clg-metrics';

test('init resolves and is idempotent', async () => {
  assert.equal(await init(), undefined);
  assert.equal(init(), init());
});

test('nps from an array, a Uint8Array and a Float64Array agree', () => {
  const scores = [10, 9, 9, 8, 7, 6, 3, 0, 10, 10];
  const fromArray = nps(scores);
  assert.deepEqual(nps(Uint8Array.from(scores)), fromArray);
  assert.deepEqual(nps(Float64Array.from(scores)), fromArray);
  assert.equal(fromArray.n, 10);
  assert.equal(fromArray.promoters, 5);
  assert.equal(fromArray.passives, 2);
  assert.equal(fromArray.detractors, 3);
  assert.equal(fromArray.score, 20);
  assert.equal(fromArray.lowSample, true); // n < 30
  assert.deepEqual(Object.keys(fromArray).sort(), ['detractors', 'interval', 'lowSample', 'n', 'passives', 'promoters', 'score']);
});

test('an Array crosses as bytes or as floats: either way the answer and the error are those of a Float64Array', () => {
  // A small xorshift, so the mixes are the same every run.
  let seed = 2463534242;
  const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) / 2 ** 32);
  const pool = [0, -0, 1, 3, 5, 6, 7, 9, 10, 11, 255, 256, -1, 2.5, NaN, Infinity];
  const arrays = [[1, 11, 3], [0, -0, 10], [5, 255], [5, 256], [5, 2.5], [5, -1], [5, NaN]];
  for (let i = 0; i < 200; i++) {
    const length = 1 + Math.floor(next() * 6);
    // Mostly valid answers, so that both the byte and the float route are taken.
    arrays.push(Array.from({ length }, () => pool[Math.floor(next() * (next() < 0.8 ? 9 : pool.length))]));
  }
  const outcome = (f, scores) => {
    try {
      return f(scores);
    } catch (e) {
      return [e.constructor.name, e.code, e.field, e.message];
    }
  };
  for (const f of [nps, csat, ces]) {
    for (const scores of arrays) assert.deepEqual(outcome(f, scores), outcome(f, Float64Array.from(scores)), `${f.name}(${scores})`);
  }
});

test('a Uint8Array is counted by its bands in wasm: the same answer as the Array counted in JS, at every length and tail', () => {
  let seed = 88675123;
  const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), seed >>> 0);
  // Lengths around the 16-byte vectors and the 255-vector blocks of 8-bit lane counters.
  for (const length of [1, 15, 16, 17, 31, 255 * 16 - 1, 255 * 16, 255 * 16 + 1, 3 * 255 * 16 + 9, 100_003]) {
    for (const top of [7, 9, 11]) {
      const scores = Array.from({ length }, () => next() % top);
      assert.deepEqual(nps(Uint8Array.from(scores)), nps(scores), `${length} answers below ${top}`);
    }
    const same = new Uint8Array(length).fill(length % 11);
    assert.deepEqual(nps(same), nps(Array.from(same)), `${length} answers of ${length % 11}`);
  }
  // An answer above 10 anywhere, in a vector or in the tail: the first is named.
  for (const at of [0, 15, 16, 4079, 4080, 4095, 9999]) {
    const scores = new Uint8Array(10_000).fill(9);
    scores[at] = 11;
    scores[9_999 - ((at + 7) % 100)] = 200;
    const first = Math.min(at, 9_999 - ((at + 7) % 100));
    assert.throws(() => nps(scores), { code: 'SCORE_OUT_OF_RANGE', field: `scores[${first}]` });
  }
});

test('the interval matches an independent reference', () => {
  // 25 promoters, 10 passives, 15 detractors; reference from mpmath 1.3 at
  // 30 digits with the adjusted-Wald formula (Rocks 2016). Tolerance 1e-9.
  const scores = [...Array(25).fill(9), ...Array(10).fill(7), ...Array(15).fill(2)];
  const cases = [
    [0.9, -0.665185295926557, 38.4010343525303],
    [0.95, -4.40721140735468, 42.1430604639585],
    [0.99, -11.7207891725865, 49.4566382291903],
  ];
  for (const [level, low, high] of cases) {
    const r = nps(scores, { level });
    assert.equal(r.score, 20);
    assert.equal(r.interval.level, level);
    assert.ok(Math.abs(r.interval.low - low) < 1e-9, `${level}: low ${r.interval.low}`);
    assert.ok(Math.abs(r.interval.high - high) < 1e-9, `${level}: high ${r.interval.high}`);
  }
});

test('bad input throws Error instances with a stable code and the position', () => {
  const cases = [
    [[1, 11], undefined, RangeError, 'SCORE_OUT_OF_RANGE', 'scores[1]'],
    [[-1], undefined, RangeError, 'SCORE_OUT_OF_RANGE', 'scores[0]'],
    [[7.5], undefined, RangeError, 'SCORE_NOT_INTEGER', 'scores[0]'],
    [[5, NaN], undefined, RangeError, 'NOT_FINITE', 'scores[1]'],
    [[5, '5'], undefined, TypeError, 'WRONG_TYPE', 'scores[1]'],
    [[5, null], undefined, TypeError, 'WRONG_TYPE', 'scores[1]'],
    [[], undefined, Error, 'EMPTY_INPUT', 'scores'],
    [new Uint8Array(0), undefined, Error, 'EMPTY_INPUT', 'scores'],
    ['9,10', undefined, TypeError, 'WRONG_TYPE', 'scores'],
    [undefined, undefined, TypeError, 'WRONG_TYPE', 'scores'],
    [new Int16Array([9]), undefined, TypeError, 'WRONG_TYPE', 'scores'],
    [new Float64Array([9, 0.5]), undefined, RangeError, 'SCORE_NOT_INTEGER', 'scores[1]'],
    [new Float64Array([9, 300]), undefined, RangeError, 'SCORE_OUT_OF_RANGE', 'scores[1]'],
    [[9], { level: 2 }, RangeError, 'INVALID_LEVEL', 'options.level'],
    [[9], { level: 0 }, RangeError, 'INVALID_LEVEL', 'options.level'],
    [[9], { level: NaN }, RangeError, 'INVALID_LEVEL', 'options.level'],
    [[9], { level: '0.9' }, TypeError, 'WRONG_TYPE', 'options.level'],
    [[9], { levle: 0.9 }, Error, 'UNKNOWN_OPTION', 'options.levle'],
    [[9], 0.9, TypeError, 'WRONG_TYPE', 'options'],
  ];
  for (const [scores, options, type, code, field] of cases) {
    assert.throws(
      () => nps(scores, options),
      (e) => {
        assert.ok(e instanceof type, `${code}: ${e.constructor.name} is not ${type.name}`);
        assert.equal(e.code, code);
        assert.equal(e.field, field);
        assert.ok(e.message.startsWith(`${field}: `), e.message);
        return true;
      },
      `${JSON.stringify(scores)} ${JSON.stringify(options)}`,
    );
  }
});

test('messages name the rule and the offending value', () => {
  assert.throws(() => nps([3, 11]), { message: 'scores[1]: an NPS score must be an integer from 0 to 10, got 11' });
  assert.throws(() => nps([3, 'x']), { message: 'scores[1]: must be a number, got the string "x"' });
  assert.throws(() => nps([1], { level: 2 }), /greater than 0 and less than 1 \(e\.g\. 0\.95\), got 2$/);
});

test('the module keeps working after any error', () => {
  for (let i = 0; i < 100; i++) {
    assert.throws(() => nps([i % 2 ? 11 : 'x']));
    assert.equal(nps([10, 0]).score, 0);
  }
});

test('null options mean defaults', () => {
  assert.equal(nps([9], null).interval.level, 0.95);
  assert.equal(nps([9], {}).interval.level, 0.95);
});
