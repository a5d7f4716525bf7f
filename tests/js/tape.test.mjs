// Results cross from wasm as one tape (src/wasm/tape.rs) that
// src/wasm/tape.js builds into plain JS data: the decoder on hand-written
// tapes, then what the package returns through it (a Value from the
// results store, a serde result from trends and company), with the keys
// and texts a plain JS object must keep as given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTape } from '../../src/wasm/tape.js';
import { CompanyData, ResultsStore, validateResponse } from 'clg-metrics';

const tape = (codes, numbers = [], text = '') => decodeTape(new Uint32Array(codes), new Float64Array(numbers), new TextEncoder().encode(text));

test('decodeTape builds every kind of value, keys met again by their number', () => {
  assert.equal(tape([0]), null);
  assert.equal(tape([1]), false);
  assert.equal(tape([2]), true);
  assert.equal(tape([3], [2.5]), 2.5);
  assert.equal(tape([4, 3], [], 'abc'), 'abc');
  // [{ a: 1, bc: 'x' }, { a: 2, bc: null }]: `a` and `bc` are new in the first object (2n + 1), known in the second (2k).
  const list = tape([5, 2, 6, 2, 3, 3, 5, 4, 1, 6, 2, 0, 3, 2, 0], [1, 2], 'abcx');
  assert.deepEqual(list, [{ a: 1, bc: 'x' }, { a: 2, bc: null }]);
  assert.deepEqual(Object.keys(list[1]), ['a', 'bc']);
  const [bytes, indices, numbers] = tape([5, 3, 7, 2, 255, 0, 8, 1, 4294967295, 9, 2], [0.5, -1]);
  assert.ok(bytes instanceof Uint8Array && indices instanceof Uint32Array && numbers instanceof Float64Array);
  assert.deepEqual([...bytes, ...indices, ...numbers], [255, 0, 4294967295, 0.5, -1]);
});

test('decodeTape copies what it reads: the views of wasm memory can change after it returns', () => {
  const codes = new Uint32Array([5, 3, 9, 1, 8, 1, 7, 4, 2]);
  const numbers = new Float64Array([3]);
  const bytes = new TextEncoder().encode('ab');
  const [floats, ints, text] = decodeTape(codes, numbers, bytes);
  codes.fill(0);
  bytes.fill(0);
  numbers[0] = 0;
  assert.equal(floats[0], 3);
  assert.equal(ints[0], 7);
  assert.equal(text, 'ab');
});

test('decodeTape reads texts by UTF-16 length and keeps a key `__proto__` as a field', () => {
  // { __proto__: 'é😀', x: 'y' }
  const value = tape([6, 2, 2 * 9 + 1, 4, 3, 3, 4, 1], [], '__proto__é😀xy');
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.ok(Object.hasOwn(value, '__proto__'));
  assert.equal(Object.getOwnPropertyDescriptor(value, '__proto__').value, 'é😀');
  assert.deepEqual(Object.keys(value), ['__proto__', 'x']);
  assert.equal(value.x, 'y');
  assert.equal(tape([4, 2], [], '\uFEFFa'), '\uFEFFa', 'a leading byte order mark is text');
});

const MODEL = {
  roles: [{
    id: 'nurse', name: 'Ärztin 👩‍⚕️', maturity: [{ name: 'Débutant', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      { id: 'area', name: 'Fläche', kind: 'value', unit: 'm²', direction: 'higher', collection: { method: 'selfReported' } },
      { id: 'odd', name: 'Odd events', kind: 'value', unit: 'events', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'sum', event: '__proto__', property: 'constructor', window: { type: 'rolling', days: 7 } } } },
    ],
  }],
};

test('a results store returns texts and keys as given: non-ASCII names, an event named `__proto__`', () => {
  const store = new ResultsStore();
  try {
    store.defineModel(MODEL);
    assert.deepEqual(store.model(), MODEL);
    const inputs = store.eventInputs();
    assert.equal(Object.getPrototypeOf(inputs), Object.prototype);
    assert.deepEqual(Object.entries(inputs), [['__proto__', ['constructor']]]);
    store.upsertAccount({ id: 'kö-1', name: 'Kö 🏥', roles: [{ role: 'nurse', maturity: 1 }] });
    store.recordObservation({ account: 'kö-1', role: 'nurse', metric: 'area', value: -0, at: Date.UTC(2026, 0, 5) });
    const saved = store.toJSON();
    assert.deepEqual(JSON.parse(JSON.stringify(saved)), saved, 'plain JSON data');
    assert.deepEqual(ResultsStore.fromJSON(saved).toJSON(), saved);
    assert.ok(Object.is(store.value({ account: 'kö-1', role: 'nurse', metric: 'area' }), 0), '-0 reads as 0');
  } finally {
    store.free();
  }
});

test('serialised results (trends, company) keep a segment named `__proto__` and their key order', () => {
  const segments = JSON.parse('{"__proto__":"x","plan":"ünïcødé 😀"}');
  const response = validateResponse({ kind: 'nps', score: 9, timestamp: Date.UTC(2026, 0, 5), respondent: { userId: 'u-1' }, segments });
  assert.deepEqual(Object.keys(response), ['kind', 'scale', 'score', 'timestamp', 'respondent', 'segments', 'comment']);
  assert.equal(Object.getPrototypeOf(response.segments), Object.prototype);
  assert.deepEqual(Object.entries(response.segments), [['__proto__', 'x'], ['plan', 'ünïcødé 😀']]);
  const data = CompanyData.fromSnapshots(new Float64Array([100, 120, 120, 50, 50, 0]), 3);
  try {
    const [, second] = data.metrics();
    assert.deepEqual(second.revenue.logoChurn, { value: 50, reason: null });
    assert.equal(Object.getPrototypeOf(second), Object.prototype);
  } finally {
    data.free();
  }
});
