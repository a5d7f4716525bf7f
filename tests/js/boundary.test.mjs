// The hardened boundary (issue 11): each hazard measured on the release
// build, as a named test. Every one of these failed before the input layer
// (src/js/input.js), the handle checks (src/js/handles.js) and the limits
// (src/js/limits.js): a trap, a dead or poisoned module, an uncoded error,
// a wrong answer, or gigabytes of wasm memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompanyData, compare, healthScores, nps, csat, ResultsStore, SurveyAggregate, surveyTrend, surveyTrendColumns, validateResponse } from 'clg-metrics';
import { initSync } from '../../dist/wasm/clg_metrics.js';

const memory = () => initSync().memory.buffer.byteLength;

/** Asserts that `fn` throws an Error of `Class` with this code and field. */
function throwsCode(fn, Class, code, field) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Class, `${error} is not a ${Class.name}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.field, field, error.message);
    assert.ok(error.message.startsWith(`${field}: `), error.message);
    return true;
  });
}

function detached(Type = Uint8Array, length = 4) {
  const array = new Type(length);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
}

/** A Uint8Array subclass, and one with an own property, whose `length` claims 2^31. */
class Liar extends Uint8Array {
  get length() {
    return 2 ** 31;
  }
}
function ownLength(array) {
  return Object.defineProperty(array, 'length', { value: 2 ** 31 });
}

test('a typed array whose length claims 2^31 is read by its real length, not a trap', () => {
  assert.equal(nps(new Liar([10, 9, 0])).n, 3);
  assert.equal(nps(ownLength(new Uint8Array([10, 9, 0]))).n, 3);
  assert.equal(csat(new Liar([5, 4])).n, 2);
  const aggregate = new SurveyAggregate('nps');
  aggregate.addScores(new Liar([10]));
  assert.equal(aggregate.n, 1);
  const data = CompanyData.fromSnapshots(ownLength(new Float64Array([1, 2])), 2);
  assert.equal(data.accounts, 1);
  data.free();
  aggregate.free();
});

test('a Proxy around a typed array is WRONG_TYPE, not a typed array', () => {
  const proxy = new Proxy(new Uint8Array([10, 9]), { get: (t, k) => (k === 'length' ? 2 ** 31 : t[k]) });
  throwsCode(() => nps(proxy), TypeError, 'WRONG_TYPE', 'scores');
  throwsCode(() => surveyTrendColumns('nps', { scores: proxy, timestamps: new Float64Array(2) }), TypeError, 'WRONG_TYPE', 'columns.scores');
});

test('a typed array of another kind is WRONG_TYPE saying so, not "got object"', () => {
  for (const [call, field] of [
    [() => nps(new Int8Array([1])), 'scores'],
    [() => new SurveyAggregate('nps').addScores(new Float32Array([1])), 'scores'],
    [() => CompanyData.fromSnapshots(new Int32Array([1, 2]), 2), 'mrr'],
    [() => surveyTrendColumns('nps', { scores: new Uint8Array([1]), segments: new Int32Array([1]) }), 'columns.segments'],
  ]) {
    throwsCode(call, TypeError, 'WRONG_TYPE', field);
    assert.throws(call, /got another typed array or a DataView$/);
  }
});

test('a Proxy whose length changes between reads is read once: the answer is right', () => {
  let reads = 0;
  const proxy = new Proxy([10, 10, 0], { get: (t, k) => (k === 'length' ? (reads++ === 0 ? 3 : 1e6) : t[k]) });
  const r = nps(proxy);
  assert.equal(reads, 1);
  assert.deepEqual([r.n, r.promoters, r.detractors], [3, 2, 1]);
});

test('the module survives 100k exceptions thrown while arguments are read', () => {
  const array = detached();
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  const throwing = { get level() { throw new Error('getter'); } };
  for (let i = 0; i < 100_000; i++) {
    const [fn, field] = [[() => nps(array), 'scores'], [() => nps(proxy), 'scores'], [() => nps([1], throwing), 'options.level']][i % 3];
    throwsCode(fn, TypeError, 'UNREADABLE', field);
  }
  assert.equal(nps([10]).score, 100);
});

test('an exception while reading is UNREADABLE with the original as cause', () => {
  const boom = new Error('boom');
  assert.throws(() => nps([1], { get level() { throw boom; } }), (e) => e.code === 'UNREADABLE' && e.cause === boom);
  throwsCode(() => nps(detached()), TypeError, 'UNREADABLE', 'scores');
  throwsCode(() => surveyTrendColumns('nps', { scores: detached(), timestamps: new Float64Array(4) }), TypeError, 'UNREADABLE', 'columns.scores');
});

test('agg.add(revokedProxy) and a throwing props getter in track() leave the objects working', () => {
  const aggregate = new SurveyAggregate('nps');
  aggregate.add(9);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  throwsCode(() => aggregate.add(proxy), TypeError, 'UNREADABLE', 'score');
  aggregate.add(10);
  assert.equal(aggregate.summary().n, 2);
  aggregate.free();

  const store = new ResultsStore();
  const before = store.toJSON();
  throwsCode(() => store.track('x', { get account() { throw new Error('no'); } }), TypeError, 'UNREADABLE', 'props.account');
  assert.deepEqual(store.toJSON(), before);
  throwsCode(() => store.track('x', {}), TypeError, 'WRONG_TYPE', 'props.account');
  store.free();
});

test('input over a limit is TOO_LARGE before anything is allocated', () => {
  const start = memory();
  throwsCode(() => CompanyData.fromSnapshots(new Float64Array(0), 1e7), RangeError, 'TOO_LARGE', 'snapshots');
  throwsCode(() => CompanyData.fromSnapshots(new Array(2e8), 13), RangeError, 'TOO_LARGE', 'mrr');
  const store = new ResultsStore();
  throwsCode(() => store.defineModel({ roles: new Array(1e7) }), RangeError, 'TOO_LARGE', 'roles');
  throwsCode(() => store.defineModel(JSON.stringify({ roles: new Array(101).fill(0) })), RangeError, 'TOO_LARGE', 'roles');
  throwsCode(() => store.load({ model: { roles: [{ metrics: new Array(101) }] } }), RangeError, 'TOO_LARGE', 'state.model.roles[0].metrics');
  // 100 maturity levels and scale points at most.
  const levels = (n) => Array.from({ length: n }, (_, i) => ({ name: `L${i}`, improvement: { type: 'percent', amount: 10 } }));
  const points = (n) => Array.from({ length: n }, (_, i) => ({ value: i, label: `P${i}` }));
  const role = (maturity, scale) => ({ roles: [{ id: 'r', name: 'R', maturity, metrics: [{ id: 'm', name: 'M', kind: 'value', unit: 'points',
    direction: 'higher', collection: { method: 'scaleAssessed', scale } }] }] });
  store.defineModel(role(levels(100), points(100)));
  throwsCode(() => store.defineModel(role(levels(101), points(2))), RangeError, 'TOO_LARGE', 'roles[0].maturity');
  throwsCode(() => store.defineModel(role(levels(1), points(101))), RangeError, 'TOO_LARGE', 'roles[0].metrics[0].collection.scale');
  throwsCode(() => store.history(new Array(2e8)), RangeError, 'TOO_LARGE', 'metric');
  throwsCode(() => csat(new Uint8Array(10_000_001)), RangeError, 'TOO_LARGE', 'scores');
  throwsCode(() => nps(new Array(2e8)), RangeError, 'TOO_LARGE', 'scores');
  const deep = [];
  let at = deep;
  for (let i = 0; i < 100; i++) at = at[0] = [];
  throwsCode(() => store.setGoal(deep), RangeError, 'TOO_LARGE', `goal${'[0]'.repeat(32)}`);
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => store.upsertAccount(cyclic), { code: 'TOO_LARGE' });
  store.free();
  assert.ok(memory() - start < 4 << 20, `wasm memory grew by ${memory() - start} bytes`);
});

test('a model at its limits (1,000 metrics of 100 scale points) is defined in bounded memory; a failing trackBatch copies nothing', () => {
  const start = memory();
  const scale = Array.from({ length: 100 }, (_, k) => ({ value: k, label: `P${k}` }));
  const metric = (j) => ({ id: `m${j}`, name: 'M', kind: 'value', unit: 'u', direction: 'higher', collection: { method: 'scaleAssessed', scale } });
  const levels = Array.from({ length: 100 }, (_, k) => ({ name: `L${k}`, improvement: { type: 'percent', amount: 10 } }));
  const role = (i, metrics) => ({ id: `r${i}`, name: 'R', maturity: levels, metrics: Array.from({ length: metrics }, (_, j) => metric(j)) });
  const store = new ResultsStore();
  // 100 metrics in each of 10 roles, then one more role (with one metric) passes the model's 1,000.
  const roles = Array.from({ length: 10 }, (_, i) => role(i, 100));
  throwsCode(() => store.defineModel({ roles: [...roles, role(10, 1)] }), RangeError, 'TOO_LARGE', 'roles[10].metrics');
  throwsCode(() => store.load({ version: 2, model: { roles: [...roles, role(10, 1)] } }), RangeError, 'TOO_LARGE', 'state.model.roles[10].metrics');
  assert.ok(memory() - start < 1 << 20, `refused models grew wasm memory by ${memory() - start} bytes`);
  store.defineModel({ roles });
  assert.equal(store.model().roles.length, 10);
  assert.ok(memory() - start < 96 << 20, `defining the model grew wasm memory by ${memory() - start} bytes`);
  store.upsertAccount({ id: 'a', roles: [{ role: 'r0', maturity: 1 }] });
  // Ten million events whose props do not match: refused before the columns are copied.
  const before = memory();
  const events = new Uint32Array(1e7);
  const times = new Float64Array(1e7);
  throwsCode(() => store.trackBatch('a', null, ['e'], events, times, null), TypeError, 'WRONG_TYPE', 'props');
  throwsCode(() => store.trackBatch('a', null, ['e'], events, times, []), Error, 'LENGTH_MISMATCH', 'props');
  throwsCode(() => store.trackBatch('a', null, ['e'], events, new Float64Array(2), []), Error, 'LENGTH_MISMATCH', 'times');
  assert.ok(memory() - before < 4 << 20, `failing trackBatch calls grew wasm memory by ${memory() - before} bytes`);
  store.free();
});

test('records: accounts x periods is bounded before the core sizes its tables', () => {
  const periods = Array.from({ length: 400 }, (_, i) => ({ start: '2026-01-01', end: '2026-02-01', i }));
  const accounts = new Array(20_000).fill({ id: 'a' });
  throwsCode(() => CompanyData.fromRecords({ periods, accounts }), RangeError, 'TOO_LARGE', 'accounts');
  throwsCode(() => CompanyData.fromRecords({ periods: new Array(20_000), accounts: [] }), RangeError, 'TOO_LARGE', 'periods');
});

test('resultsLink: an absurd goalsPerAccount does not wrap past the length check', () => {
  const data = CompanyData.fromSnapshots([1, 2, 3, 4], 2);
  throwsCode(() => data.resultsLink({ goalProgress: [1, 1], goalsPerAccount: 2 ** 31 + 1 }), RangeError, 'VALUE_OUT_OF_RANGE', 'results.goalsPerAccount');
  data.free();
});

test('handles: freed, foreign and forged handles are coded errors', async () => {
  const store = new ResultsStore();
  store.free();
  store.free(); // freeing again changes nothing (free(), then `using`)
  store[Symbol.dispose]?.();
  throwsCode(() => store.kpis(), Error, 'HANDLE_FREED', 'this');
  throwsCode(() => ResultsStore.prototype.free.call({}), TypeError, 'WRONG_TYPE', 'this');
  const aggregate = new SurveyAggregate('nps');
  aggregate.free();
  throwsCode(() => aggregate.summary(), Error, 'HANDLE_FREED', 'this');
  throwsCode(() => aggregate.n, Error, 'HANDLE_FREED', 'this');

  const live = new SurveyAggregate('nps');
  throwsCode(() => live.merge(aggregate), Error, 'HANDLE_FREED', 'other');
  const other = new ResultsStore();
  throwsCode(() => live.merge(other), TypeError, 'WRONG_TYPE', 'other');
  throwsCode(() => live.compareWith({ __wbg_ptr: 8 }), TypeError, 'WRONG_TYPE', 'other');
  throwsCode(() => SurveyAggregate.prototype.summary.call(other), TypeError, 'WRONG_TYPE', 'this');
  throwsCode(() => ResultsStore.prototype.kpis.call(Object.create(ResultsStore.prototype)), TypeError, 'WRONG_TYPE', 'this');
  throwsCode(() => new CompanyData(), TypeError, 'WRONG_TYPE', 'CompanyData');
  // An aggregate of another entry belongs to another module: the message says one is not taken.
  const scores = await import('clg-metrics/scores');
  const foreign = new scores.SurveyAggregate('nps');
  assert.throws(() => live.merge(foreign), (e) => e.code === 'WRONG_TYPE' && e.field === 'other' && e.message.includes("made by this entry's module (one of another entry is not)"));
  foreign.free();
  live.free();
  other.free();
  assert.equal(nps([10]).score, 100);
});

test('the classes wrap the wasm-bindgen classes: no method that reads arguments inside wasm is reachable from an object', () => {
  const objects = [new ResultsStore(), new SurveyAggregate('nps'), CompanyData.fromSnapshots([1, 2], 2)];
  for (const object of objects) {
    const name = object.constructor.name;
    assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(object)), Object.prototype, `${name}: its class extends nothing`);
    assert.deepEqual(Reflect.ownKeys(object), [], `${name}: no own properties (no pointer to forge)`);
    object.free();
  }
  // What the glue's own methods would have let through: a Proxy read inside wasm.
  const store = new ResultsStore();
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  throwsCode(() => store.track('e', revoked.proxy), TypeError, 'UNREADABLE', 'props');
  store.free();
});

test('a later argument\'s getter that detaches an earlier typed array, or frees the handle, is a coded error; the module lives on', () => {
  const detach = (array) => structuredClone(array.buffer, { transfer: [array.buffer] });
  const level = (act) => ({ get level() { act(); return 0.9; } });
  const rounds = 3000; // each leaked wasm stack before: ~1000 of these ended the module
  for (let i = 0; i < rounds; i++) {
    const first = new Uint8Array([10, 9, 3]);
    throwsCode(() => compare('nps', first, [1, 2], level(() => detach(first))), TypeError, 'UNREADABLE', 'first');
    const scores = new Uint8Array([10, 9, 3]);
    throwsCode(() => nps(scores, level(() => detach(scores))), TypeError, 'UNREADABLE', 'scores');
    const empty = new Uint8Array(0);
    throwsCode(() => surveyTrendColumns('nps', { scores: empty }, level(() => detach(empty))), TypeError, 'UNREADABLE', 'columns.scores');
    const aggregate = new SurveyAggregate('nps');
    throwsCode(() => aggregate.summary(level(() => aggregate.free())), Error, 'HANDLE_FREED', 'this');
  }
  const resizable = new ArrayBuffer(3, { maxByteLength: 8 });
  throwsCode(() => compare('nps', new Uint8Array(resizable, 0, 3), [1, 2], level(() => resizable.resize(0))), TypeError, 'UNREADABLE', 'first');

  const store = new ResultsStore();
  const before = JSON.stringify(store);
  throwsCode(() => store.track('e', { get account() { store.free(); return 'a'; } }), Error, 'HANDLE_FREED', 'this');
  const kept = new ResultsStore();
  const events = new Uint32Array(1);
  throwsCode(() => kept.trackBatch('a', undefined, ['e'], events, new Float64Array(1), [{ get x() { detach(events); return 1; } }]), TypeError, 'UNREADABLE', 'events');
  assert.equal(JSON.stringify(kept), before, 'the failed call left the store as it was');
  kept.free();
  const a = new SurveyAggregate('nps');
  const b = new SurveyAggregate('nps');
  throwsCode(() => b.compareWith(a, level(() => a.free())), Error, 'HANDLE_FREED', 'other');
  b.free();
  assert.equal(nps([10, 0, 9]).n, 3);
});

test('BigInt, Symbol and functions are WRONG_TYPE naming the field', () => {
  throwsCode(() => nps([10, 10n]), TypeError, 'WRONG_TYPE', 'scores[1]');
  throwsCode(() => nps([10], { level: Symbol('x') }), TypeError, 'WRONG_TYPE', 'options.level');
  throwsCode(() => nps([10], { level: () => 0.9 }), TypeError, 'WRONG_TYPE', 'options.level');
  const aggregate = new SurveyAggregate('nps');
  throwsCode(() => aggregate.add(9n), TypeError, 'WRONG_TYPE', 'score');
  // In a list of numbers, the message says what belongs there, as for a string.
  const says = (fn, message) => assert.throws(fn, { name: 'TypeError', code: 'WRONG_TYPE', message });
  says(() => nps([10, 10n]), 'scores[1]: must be a number, got a bigint');
  says(() => compare('csat', [5], [4, Symbol('x')]), 'second[1]: must be a number, got a symbol');
  says(() => CompanyData.fromSnapshots([1, 2n], 2), 'mrr[1]: must be a number, got a bigint');
  says(() => aggregate.addScores([9, () => 9]), 'scores[1]: must be a number, got a function');
  aggregate.free();
});

test('a missing or null argument is "got nothing" on every route (null is absent), never "got null" or "a undefined"', () => {
  const store = new ResultsStore();
  const aggregate = new SurveyAggregate('nps');
  const calls = {
    scores: [() => nps(), () => csat(null)], // the core's reader
    eventName: [() => store.track(), () => store.track(null)], // the glue's reader
    other: [() => aggregate.merge(), () => aggregate.merge(null)], // the handle check
    snapshots: [() => CompanyData.fromSnapshots([1, 2])], // the input layer's number
  };
  for (const [field, tries] of Object.entries(calls)) {
    for (const call of tries) {
      throwsCode(call, TypeError, 'WRONG_TYPE', field);
      assert.throws(call, (error) => error.message.endsWith(', got nothing'), field);
    }
  }
  aggregate.free();
  store.free();
});

test('a Map, Date or other built-in whose contents are not own keys is WRONG_TYPE, not read as {}', () => {
  for (const [value, name] of [[new Map([['level', 0.9]]), 'Map'], [new Date(0), 'Date'], [new Set([1]), 'Set'], [new Error('x'), 'Error']]) {
    throwsCode(() => nps([9], value), TypeError, 'WRONG_TYPE', 'options');
    assert.throws(() => nps([9], { level: 0.9, extra: value }), (e) => e.field === 'options.extra' && e.message.includes(`got an instance of ${name}`));
  }
  // So is a Map of segments on surveyTrend's fast path (it was read as no segments).
  const response = { kind: 'nps', score: 9, timestamp: 0, respondent: { userId: 'u' }, segments: new Map([['plan', 'pro']]) };
  throwsCode(() => surveyTrend([response], { groupBy: ['plan'] }), TypeError, 'WRONG_TYPE', 'responses[0].segments');
  // A class instance with own keys is read by them, as before; an empty plain object is {}.
  class Options { constructor() { this.level = 0.9; } }
  assert.equal(nps([9, 10], new Options()).interval.level, 0.9);
  assert.equal(nps([9, 10], Object.create(null)).interval.level, 0.95);
});

test('a number argument is a number: numeric strings are WRONG_TYPE, not coerced', () => {
  const store = new ResultsStore();
  throwsCode(() => store.kpis('1767225600000'), TypeError, 'WRONG_TYPE', 'at');
  throwsCode(() => store.review('0'), TypeError, 'WRONG_TYPE', 'at');
  throwsCode(() => store.track('x', { account: 'a' }, '1767225600000'), TypeError, 'WRONG_TYPE', 'timestamp');
  throwsCode(() => store.kpis({ valueOf: () => 0 }), TypeError, 'WRONG_TYPE', 'at');
  throwsCode(() => CompanyData.fromSnapshots([1, 2], '2'), TypeError, 'WRONG_TYPE', 'snapshots');
  assert.equal(typeof store.kpis(Date.UTC(2026, 0, 1)), 'object');
  store.free();
});

test('surveyTrend: a throwing getter is UNREADABLE, a growing length is read once', () => {
  const response = { kind: 'nps', score: 9, timestamp: Date.UTC(2026, 0, 5), respondent: { userId: 'u' } };
  throwsCode(() => surveyTrend([response, { ...response, get score() { throw new Error('no'); } }]), TypeError, 'UNREADABLE', 'responses[1].score');
  let reads = 0;
  const growing = new Proxy([response], { get: (t, k) => (k === 'length' ? (reads++ ? 1e9 : 1) : t[k]) });
  assert.equal(surveyTrend(growing).groups[0].result.n, 1);
  // A response the packed columns do not prove valid is read again, from a copy.
  throwsCode(() => surveyTrend([response, { ...response, comment: 'x'.repeat(2001) }]), RangeError, 'TEXT_TOO_LONG', 'responses[1].comment');
});

test('survey-policy state: the state the module returned crosses as it is; the same entries copied decide the same', async () => {
  const { mergeSurveyState, recordSurveyEvent, surveyDecision } = await import('clg-metrics');
  const T = 1_767_225_600_000;
  const policy = { kinds: { nps: { recontactDays: 90 } }, userGapDays: 14, sessionDelayMinutes: 0 };
  const shown = { type: 'shown', promptId: 'p1', surveyId: 's', kind: 'nps', role: 'admin', at: T };
  const state = recordSurveyEvent(policy, null, shown);
  assert.ok(Object.isFrozen(state) && Object.isFrozen(state.prompts[0]), 'frozen to the last entry');
  for (const now of [T + 1, T + 91 * 86_400_000]) {
    const ask = { surveyId: 's', kind: 'nps', userId: 'u', role: 'admin', now, sessionStart: T };
    assert.deepEqual(surveyDecision(policy, state, ask), surveyDecision(policy, structuredClone(state), ask));
  }
  // A look-alike is read in full: its getter runs in JS, before wasm, and its error is coded.
  const lookAlike = { ...structuredClone(state), get prompts() { throw new Error('boom'); } };
  throwsCode(() => surveyDecision(policy, lookAlike, { surveyId: 's', kind: 'nps', userId: 'u', role: 'admin', now: T, sessionStart: T }), TypeError, 'UNREADABLE', 'state.prompts');
  // Merged and recorded states stay usable as they are.
  const merged = mergeSurveyState(state, structuredClone(state));
  const next = recordSurveyEvent(policy, merged, { type: 'dismissed', promptId: 'p1', at: T + 5 });
  assert.equal(next.prompts[0].outcome, 'dismissed');
  assert.equal(state.prompts[0].outcome, 'shown', 'the input state is not changed');
});

test('the second audit: amplified copies and imitations are refused before the work they would cause', async () => {
  const { surveyDecision } = await import('clg-metrics');
  const start = memory();
  // One 1 M-character string used 200 times crosses 200 times: over the characters of one argument.
  const big = 'x'.repeat(1_000_000);
  throwsCode(() => nps([1], { level: new Array(200).fill(big) }), RangeError, 'TOO_LARGE', 'options');
  assert.ok(memory() - start < 8 << 20, `wasm memory grew by ${memory() - start} bytes`);
  // The typed arrays inside an argument hold at most 512 MiB, one used many times counting each time.
  const response = { kind: 'nps', score: 9, timestamp: 0, respondent: { userId: 'u' } };
  const column = new Float64Array(2_000_000); // 16 MB
  for (let i = 0; i < 60; i++) response[`x${i}`] = column;
  throwsCode(() => validateResponse(response), RangeError, 'TOO_LARGE', 'response');
  throwsCode(() => healthScores({ inputs: [], accounts: [], ...Object.fromEntries(Array.from({ length: 34 }, (_, i) => [`x${i}`, column])) }), RangeError, 'TOO_LARGE', 'input');
  assert.ok(memory() - start < 8 << 20, `wasm memory grew by ${memory() - start} bytes`);
  // Columns of 6 M rows each (more than 10 M elements together) are within it.
  const rows = 6_000_000;
  const columns = { scores: new Uint8Array(rows).fill(9), timestamps: new Float64Array(rows).fill(1_767_225_600_000) };
  assert.equal(surveyTrendColumns('nps', columns, { period: 'month' }).groups[0].result.n, rows);
  // Each response is read once per groupBy name: at most 16.
  const responses = [{ kind: 'nps', score: 9, timestamp: 0, respondent: { userId: 'u' } }];
  throwsCode(() => surveyTrend(responses, { groupBy: new Array(17).fill('plan') }), RangeError, 'TOO_LARGE', 'options.groupBy');
  assert.equal(surveyTrend(responses, { groupBy: new Array(16).fill('plan') }).groups.length, 1);
  // A Proxy around a large typed array, where data belongs: refused before its million keys are listed.
  throwsCode(() => nps(new Proxy(new Uint8Array(1_000_000), {})), TypeError, 'WRONG_TYPE', 'scores');
  const policy = { kinds: { nps: { recontactDays: 90 } } };
  const ask = { surveyId: 's', kind: 'nps', userId: 'u', role: 'r', now: 0, sessionStart: 0 };
  throwsCode(() => surveyDecision(policy, new Uint8Array(10_000_001), ask), RangeError, 'TOO_LARGE', 'state');
  throwsCode(() => surveyDecision(policy, new Proxy(new Uint8Array(10), {}), ask), TypeError, 'WRONG_TYPE', 'state');
  // A score array over the core's limit for other arrays: its bad element is named, not its length.
  const scores = new Array(2_000_001).fill(9);
  scores[2_000_000] = 'x';
  throwsCode(() => nps(scores), TypeError, 'WRONG_TYPE', 'scores[2000000]');
  // Saved aggregate text may be as long as any saved state (LIMITS.json), not a string inside an argument.
  const aggregate = new SurveyAggregate('nps');
  aggregate.addScores([9, 10]);
  const text = JSON.stringify(aggregate.toJSON()).replace(/}$/, `${' '.repeat(1_000_000)}}`);
  assert.equal(SurveyAggregate.fromJSON(text).n, 2);
  aggregate.free();
});

test('saved state or a model as JSON text over LIMITS.json is TOO_LARGE, before it is parsed', () => {
  const text = ' '.repeat(128_000_001);
  throwsCode(() => ResultsStore.fromJSON(text), RangeError, 'TOO_LARGE', 'state');
  const store = new ResultsStore();
  throwsCode(() => store.defineModel(text), RangeError, 'TOO_LARGE', 'model');
  throwsCode(() => store.load(text), RangeError, 'TOO_LARGE', 'state');
  store.free();
});

test('a failed ResultsStore.fromJSON frees the store it made', () => {
  const start = memory();
  for (let i = 0; i < 20_000; i++) assert.throws(() => ResultsStore.fromJSON({ format: 'nope' }), { code: 'INVALID_VALUE' });
  assert.ok(memory() - start < 1 << 20, `wasm memory grew by ${memory() - start} bytes`);
});

test('surveyTrend counts every element and property of its responses against the 10 M total, on its fast path too', () => {
  const segments = Object.fromEntries(Array.from({ length: 96 }, (_, i) => [`s${i}`, 'x']));
  // 1 element + 5 keys + 1 respondent key + 96 segment attributes = 103 per response (a shared object counts each time).
  const responses = (n) => Array.from({ length: n }, () => ({ kind: 'nps', score: 9, timestamp: 0, respondent: { userId: 'u' }, segments }));
  assert.equal(surveyTrend(responses(90_000), { period: 'month' }).groups[0].result.n, 90_000, '9.27 M: within');
  throwsCode(() => surveyTrend(responses(100_000), { period: 'month' }), RangeError, 'TOO_LARGE', 'responses');
});

test('surveyTrend counts the characters of its responses against the 128 M total, on its fast path too', () => {
  // A 200-character user id and nine 200-character segment values, shared: 2,003 characters per response as the plain copy counts them.
  const long = 'x'.repeat(200);
  const segments = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`s${i}`, long]));
  const responses = (n) => Array.from({ length: n }, () => ({ kind: 'nps', score: 9, timestamp: 0, respondent: { userId: long }, segments }));
  assert.equal(surveyTrend(responses(60_000), { period: 'month' }).groups[0].result.n, 60_000, '120.2 M: within');
  throwsCode(() => surveyTrend(responses(66_000), { period: 'month' }), RangeError, 'TOO_LARGE', 'responses');
});

test('text with a lone surrogate is INVALID_VALUE naming the field, on every route: never changed into another id', async () => {
  const { samplingHash, surveyDecision, validateResponse } = await import('clg-metrics');
  const T0 = 1_767_225_600_000;
  const store = new ResultsStore();
  throwsCode(() => store.defineModel({ roles: [{ id: '\uD800', name: 'Admin' }] }), RangeError, 'INVALID_VALUE', 'roles[0].id');
  throwsCode(() => store.track('signup', { account: 'a\uDFFF' }, T0), RangeError, 'INVALID_VALUE', 'props.account');
  throwsCode(() => samplingHash('s', '\uD800x'), RangeError, 'INVALID_VALUE', 'userId');
  // U+FFFD itself is text like any other.
  assert.equal(samplingHash('s', '\uFFFDx'), samplingHash('s', '\uFFFDx'));
  const response = (respondent, segments) => ({ kind: 'nps', score: 9, timestamp: T0, respondent, segments });
  throwsCode(() => validateResponse(response({ userId: 'a\uDE00' })), RangeError, 'INVALID_VALUE', 'response.respondent.userId');
  assert.throws(() => validateResponse(response({ userId: 'u' }, { 'x\uD83D': 'a' })), (e) => e.code === 'INVALID_VALUE' && e.field === 'response.segments' && /a key of it has a lone surrogate/.test(e.message));
  // surveyTrend's packed route: two accounts that UTF-8 would make one group.
  const two = [response({ userId: 'u', accountId: '\uD800' }), response({ userId: 'u', accountId: '\uD801' })];
  throwsCode(() => surveyTrend(two, { period: 'month', groupBy: ['respondent.accountId'] }), RangeError, 'INVALID_VALUE', 'responses[0].respondent.accountId');
  throwsCode(() => surveyTrend([response({ userId: 'u' }, { plan: 'é\uDBFF' })], { period: 'month', groupBy: ['plan'] }), RangeError, 'INVALID_VALUE', 'responses[0].segments.plan');
  // The policy state's packed route, on an entry that is not ASCII.
  const state = { version: 1, prompts: [{ id: 'é\uD800', surveyId: 's', kind: 'nps', at: T0, outcome: 'shown', outcomeAt: null }], accountPrompts: [] };
  const ask = { surveyId: 's', kind: 'nps', userId: 'u', role: 'r', now: T0 + 1e9, sessionStart: T0 };
  throwsCode(() => surveyDecision({ kinds: { nps: { recontactDays: 90 } } }, state, ask), RangeError, 'INVALID_VALUE', 'state.prompts[0].id');
  // Well-formed text, a surrogate pair included, is taken as it is.
  assert.equal(validateResponse(response({ userId: 'é😀' })).respondent.userId, 'é😀');
  // A saved aggregate as JSON text: raw (the JSON reader would see U+FFFD: a wrong key or kind) or escaped.
  for (const text of ['{"version":1,"kind":"csat","scale":5,"counts":[0,0,0,0,1],"\uD800":1}',
    '{"version":1,"kind":"csat","scale":5,"counts":[0,0,0,0,1],"\\ud800":1}', '{"version":1,"kind":"\uD800","scale":5,"counts":[0,0,0,0,1]}']) {
    throwsCode(() => SurveyAggregate.fromJSON(text), RangeError, 'INVALID_VALUE', 'json');
  }
  store.free();
});
