// Fuzz layer: every export and every method of the built package, called
// with hostile input made from valid examples (scripts/test.sh runs it as
// its own layer). Seeded: CLG_FUZZ_SEED=<n> replays a run; CLG_FUZZ_CASES
// sets the cases per export and method (default 150).
//
// Asserted per call: a normal return or an Error with a string `code`; the
// module still answers (canary `nps([10])`); a failed call on a stateful
// object leaves its `toJSON()` unchanged. After all: wasm memory stays
// under MEMORY_BOUND, and 100k failing calls in a row leave it working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from 'clg-metrics';
import { initSync } from '../../dist/wasm/clg_metrics.js';
import { prng } from '../../benches/harness.mjs';

const SEED = Number(process.env.CLG_FUZZ_SEED ?? 20261128);
const CASES = Number(process.env.CLG_FUZZ_CASES ?? 150);
const MEMORY_BOUND = 128 << 20; // bytes of wasm memory after the whole run
const memory = () => initSync().memory.buffer.byteLength;

const random = prng(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];

// -- valid examples --

const T = Date.UTC(2026, 0, 5);
const model = {
  roles: [{
    id: 'sdr', name: 'SDR',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      { id: 'contacts', name: 'Contacts', kind: 'value', unit: 'contacts', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'sum', event: 'deal', property: 'amount', window: { type: 'rolling', days: 7 } } } },
      { id: 'confidence', name: 'Confidence', kind: 'value', unit: 'points', direction: 'higher', collection: { method: 'selfReported' } },
    ],
  }],
};
const ref = { account: 'acme', role: 'sdr', metric: 'confidence' };
const instance = { account: 'acme', role: 'sdr' };
const policy = { kinds: { nps: { recontactDays: 90 } }, userGapDays: 14, sessionDelayMinutes: 0, snoozeDays: 1 };
const shown = { type: 'shown', promptId: 'p1', surveyId: 's', kind: 'nps', role: 'admin', at: T };
const state = lib.recordSurveyEvent(policy, null, shown);
const ask = { surveyId: 's', kind: 'nps', userId: 'u', role: 'admin', now: T + 1e9, sessionStart: T };
const campaigns = [
  { id: 'ces', ask: { survey: { kind: 'nps', question: 'Q?' } }, trigger: { event: { name: 'e', occurrence: 2, props: { f: 'pdf' } } },
    target: { roles: ['admin'], levels: [1], account: { plan: ['pro'] }, segments: ['beta'] }, delayMs: 1000, schedule: { start: T, end: T + 1e10, recurDays: 30 } },
  { id: 'check', ask: { checkIn: { metrics: ['m'] } }, trigger: { daysSincePeriodStart: 0 } },
  { id: 'route', ask: { survey: { kind: 'nps' } }, trigger: { route: '/x/*' }, schedule: { recurDays: 1 } },
];
const campaignPolicy = { ...policy, kinds: { ...policy.kinds, checkin: { recontactDays: 0 } } };
const context = { now: T + 1e9, userId: 'u', role: 'admin', level: 1, sessionStart: T, signupAt: T, route: '/x/1', account: { plan: 'pro' }, segments: ['beta'],
  triggered: { ces: T + 1e8 }, periods: { m: { start: T, due: T + 2e9 } } };
const response = { kind: 'nps', score: 9, timestamp: T, respondent: { userId: 'u', role: 'admin' }, segments: { plan: 'pro' } };
const periods = [{ start: '2026-01-01', end: '2026-02-01' }, { start: '2026-02-01', end: '2026-03-01' }];
const records = { periods, accounts: [{ id: 'acme', openingMrr: 100, mrr: [120, 130] }, { id: 'b', openingMrr: 50, mrr: [0, 0] }] };

function resultsStore() {
  const store = new lib.ResultsStore();
  store.defineModel(model);
  store.upsertAccount({ id: 'acme', roles: [{ role: 'sdr', maturity: 1 }] });
  store.recordObservation({ ...ref, value: 3, at: T });
  return store;
}
function aggregate() {
  const a = new lib.SurveyAggregate('nps');
  a.addScores([10, 9, 3]);
  return a;
}
const company = () => lib.CompanyData.fromSnapshots(new Float64Array([100, 120, 130, 50, 0, 0]), 3);
const makers = { ResultsStore: resultsStore, SurveyAggregate: aggregate, CompanyData: company };

/** Valid arguments of every export (`name`) and method (`Class.name`). */
const examples = {
  init: () => [],
  nps: () => [[10, 9, 8, 3], { level: 0.9 }],
  csat: () => [new Uint8Array([5, 4, 1]), { scale: 5 }],
  ces: () => [[7, 6, 2, 5], { scale: 7, level: 0.95 }],
  compare: () => ['nps', [10, 9, 3], new Float64Array([9, 0, 6]), { level: 0.9 }],
  validateResponse: () => [structuredClone(response)],
  surveyTrend: () => [[structuredClone(response), { ...structuredClone(response), score: 3 }], { groupBy: ['plan'], period: 'month' }],
  surveyTrendColumns: () => ['csat', { scores: new Uint8Array([5, 2]), timestamps: new Float64Array([T, T]), segments: new Uint32Array([1, 0]) }, { period: 'week' }],
  checkSurveyPolicy: () => [structuredClone(policy)],
  surveyDecision: () => [structuredClone(policy), structuredClone(state), structuredClone(ask)],
  recordSurveyEvent: () => [structuredClone(policy), structuredClone(state), { type: 'dismissed', promptId: 'p1', at: T + 1 }],
  mergeSurveyState: () => [structuredClone(state), structuredClone(state)],
  samplingHash: () => ['survey', 'user'],
  checkCampaigns: () => [structuredClone(campaigns), structuredClone(campaignPolicy)],
  campaignTriggers: () => [structuredClone(campaigns), { event: 'e', props: { f: 'pdf', n: 1 }, count: 2 }],
  campaignDecision: () => [structuredClone(campaigns), structuredClone(context), structuredClone(campaignPolicy), structuredClone(state)],
  healthScores: () => [{ inputs: [{ key: 'days', weight: 1, min: 0, max: 20 }], accounts: [{ id: 'a', values: { days: 5 } }] }],
  advocateCandidates: () => [[{ id: 'a', nps: 10, events: 3 }, { id: 'b' }], { limit: 1 }],
  customerLifetimeValue: () => [{ form: 'simple', averageArr: 1000, lifespanYears: 3 }],
  'ResultsStore.constructor': () => [],
  'ResultsStore.fromJSON': () => [resultsStore().toJSON()],
  'ResultsStore.defineModel': () => [structuredClone(model)],
  'ResultsStore.load': () => [JSON.stringify(resultsStore().toJSON())],
  'ResultsStore.model': () => [],
  'ResultsStore.eventInputs': () => [],
  'ResultsStore.upsertAccount': () => [{ id: 'globex', name: 'Globex', roles: [{ role: 'sdr', maturity: 1 }] }],
  'ResultsStore.recordObservation': () => [{ ...ref, value: 4, at: T + 1000 }],
  'ResultsStore.track': () => ['deal', { account: 'acme', amount: 5 }, T],
  'ResultsStore.trackBatch': () => ['acme', undefined, ['deal'], new Uint32Array([0, 0]), new Float64Array([T, T + 1]), [{ amount: 1 }, undefined]],
  'ResultsStore.value': () => [{ ...ref }, T + 1],
  'ResultsStore.setGoal': () => [{ ...ref, target: 5, start: T }],
  'ResultsStore.abandonGoal': () => [{ ...ref, at: T + 2 }],
  'ResultsStore.review': () => [T + 5],
  'ResultsStore.goals': () => [{ ...instance }, T],
  'ResultsStore.history': () => [{ ...ref }],
  'ResultsStore.canvas': () => [{ ...instance }, T],
  'ResultsStore.setCanvas': () => [{ ...instance, changesNeeded: ['x'], actions: [{ by: 'role', text: 'call' }] }],
  'ResultsStore.kpis': () => [T],
  'ResultsStore.toJSON': () => [],
  'ResultsStore.free': () => [],
  'SurveyAggregate.constructor': () => ['csat', { scale: 5 }],
  'SurveyAggregate.fromJSON': () => [aggregate().toJSON()],
  'SurveyAggregate.add': () => [9],
  'SurveyAggregate.addScores': () => [[10, 0, 7]],
  'SurveyAggregate.merge': () => [aggregate()],
  'SurveyAggregate.summary': () => [{ level: 0.9 }],
  'SurveyAggregate.compareWith': () => [aggregate(), { level: 0.95 }],
  'SurveyAggregate.toJSON': () => [],
  'SurveyAggregate.kind': () => [],
  'SurveyAggregate.n': () => [],
  'SurveyAggregate.scale': () => [],
  'SurveyAggregate.free': () => [],
  'CompanyData.constructor': () => [],
  'CompanyData.fromRecords': () => [structuredClone(records)],
  'CompanyData.fromSnapshots': () => [[100, 120, 50, 60], 2],
  'CompanyData.accounts': () => [],
  'CompanyData.periods': () => [],
  'CompanyData.metrics': () => [],
  'CompanyData.cohorts': () => [],
  'CompanyData.scorecard': () => [{ period: 1, targets: { nrr: 100 } }],
  'CompanyData.resultsLink': () => [{ goalProgress: [1, 0.2, 0.5, NaN], goalsPerAccount: 2 }],
  'CompanyData.free': () => [],
};
for (const Class of ['ResultsStore', 'SurveyAggregate', 'CompanyData']) examples[`${Class}.[Symbol.dispose]`] = () => [];

// -- hostile values --

const OVERSIZED = new Uint8Array(10_000_001); // one over the typed-array limit, made once
class Liar extends Uint8Array {
  get length() {
    return 2 ** 31;
  }
}
function detached(Type) {
  const array = new Type(8);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
}
function revoked(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}
const boom = () => {
  throw new Error('hostile');
};
const throwingTraps = (target) => new Proxy(target, { get: boom, ownKeys: boom, has: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom });
function growing(target) {
  let reads = 0;
  return new Proxy(target, { get: (t, k) => (k === 'length' ? (reads++ ? 2 ** 31 : t.length) : t[k]) });
}
const freed = () => {
  const store = new lib.ResultsStore();
  store.free();
  return store;
};

/** Makers of hostile values, each given the valid value it replaces. */
const hostile = [
  () => undefined, () => null, () => NaN, () => Infinity, () => -1, () => 2 ** 31, () => 2 ** 53, () => -0,
  () => '', () => 'x', () => '1767225600000', () => 'x'.repeat(1_000_001), () => true,
  () => 10n, () => Symbol('s'), () => boom, () => ({}), () => [], () => new Date(0), () => new Map(), () => /x/,
  () => revoked({}), () => revoked([]), (v) => throwingTraps(Array.isArray(v) ? v : {}), (v) => growing(Array.isArray(v) ? v : [1, 2]),
  () => new Proxy(new Uint8Array([1, 2]), { get: (t, k) => (k === 'length' ? 2 ** 31 : t[k]) }),
  () => ({ get account() { return boom(); }, get id() { return boom(); } }),
  () => ({ valueOf: boom, toString: boom }),
  () => detached(Uint8Array), () => detached(Float64Array), () => detached(Uint32Array),
  () => OVERSIZED, () => new Liar([9, 10]), () => Object.defineProperty(new Float64Array(2), 'length', { value: 2 ** 31 }),
  () => new Array(2e8), () => new Array(1e7), () => new Array(1001),
  () => { const o = {}; o.self = o; return o; },
  () => freed(), () => ({ __wbg_ptr: 8 }), () => aggregate(), () => new lib.ResultsStore(),
  (v) => (typeof v === 'number' ? v + 1 : v), (v) => (typeof v === 'number' ? v * 1e9 : v), (v) => (typeof v === 'number' ? String(v) : v),
  (v) => (typeof v === 'string' ? `${v}x` : v), (v) => (Array.isArray(v) ? [...v, ...v] : v), (v) => (Array.isArray(v) ? v.slice(1) : v),
  (v) => (v && typeof v === 'object' && !ArrayBuffer.isView(v) ? { ...v, unknownKey: 1 } : v),
];

// Hostile objects already planted: a second mutation does not walk into them.
const planted = new WeakSet();

/** Every (path to a value) in `args`: [] is the argument list itself. */
function paths(value, path = [], out = []) {
  out.push(path);
  if (value && typeof value === 'object' && !planted.has(value) && !ArrayBuffer.isView(value) && path.length < 6) {
    for (const key of Object.keys(value)) paths(value[key], [...path, key], out);
  }
  return out;
}

/** `args` with the value at one random path (below the list) replaced by a hostile one. */
function mutate(args) {
  const all = paths(args).slice(1);
  if (all.length === 0) return [plant(pick(hostile)(undefined))];
  const path = pick(all);
  let parent = args;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const key = path.at(-1);
  const old = parent[key];
  parent[key] = plant(pick(hostile)(planted.has(old) ? undefined : old));
  if (random() < 0.2) args.push(plant(pick(hostile)(undefined))); // an extra argument
  return args;
}

function plant(value) {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') planted.add(value);
  return value;
}

// -- the targets, from the built module --

/** [name, call(args, target)] for every export and method of the package. */
function targets() {
  const out = [];
  for (const [name, value] of Object.entries(lib)) {
    if (typeof value !== 'function') continue;
    const isClass = /^class\b/.test(Function.prototype.toString.call(value));
    if (!isClass) {
      out.push([name, (args) => value(...args)]);
      continue;
    }
    out.push([`${name}.constructor`, (args) => new value(...args)]);
    for (const key of Object.getOwnPropertyNames(value)) {
      if (['length', 'name', 'prototype'].includes(key) || key.startsWith('__')) continue;
      out.push([`${name}.${key}`, (args) => value[key](...args)]);
    }
    const keys = new Set();
    for (let proto = value.prototype; proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto)) if (key !== 'constructor' && !String(key).startsWith('__')) keys.add(key);
    }
    for (const key of keys) {
      const getter = Object.getOwnPropertyDescriptor(value.prototype, key)?.get
        ?? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(value.prototype), key)?.get;
      const label = key === Symbol.dispose ? '[Symbol.dispose]' : String(key);
      out.push([`${name}.${label}`, (args, self) => (getter ? Reflect.get(value.prototype, key, self) : value.prototype[key].apply(self, args)), name]);
    }
  }
  return out;
}

function isCodedError(error) {
  return error instanceof Error && typeof error.code === 'string' && error.code.length > 0;
}

const saved = (self) => (self && typeof self.toJSON === 'function' ? JSON.stringify(self.toJSON()) : undefined);

test(`every export and method with hostile input (seed ${SEED})`, () => {
  console.log(`fuzz seed ${SEED} (set CLG_FUZZ_SEED to replay), ${CASES} cases per target`);
  const all = targets();
  const missing = all.map(([name]) => name).filter((name) => !(name in examples));
  assert.deepEqual(missing, [], 'every export and method needs an example in tests/fuzz/boundary.test.mjs');
  let cases = 0;
  let failures = 0;
  for (const [name, call, className] of all) {
    let self = className && makers[className]();
    for (let i = 0; i < CASES; i++) {
      // Every 10th case is the valid example itself, else a mutation (or two).
      let args = examples[name]();
      if (i % 10 !== 0) args = mutate(args);
      if (i % 10 === 5) args = mutate(args);
      // A method is also called on a hostile `this` now and then.
      const target = className && i % 25 === 24 ? pick([freed(), {}, aggregate(), null]) : self;
      const before = saved(self);
      let outcome;
      try {
        call(args, target);
        outcome = 'ok';
      } catch (error) {
        failures++;
        if (!isCodedError(error)) assert.fail(`${name} #${i} (seed ${SEED}): uncoded ${error?.constructor?.name}: ${error?.message}`);
        outcome = 'error';
      }
      cases++;
      if (outcome === 'error' && target === self && before !== undefined && self.__wbg_ptr !== 0) {
        assert.equal(saved(self), before, `${name} #${i} (seed ${SEED}): a failed call changed the object`);
      }
      assert.equal(lib.nps([10]).score, 100, `${name} #${i} (seed ${SEED}): the module stopped answering`);
      // free() and friends end the object: the next case gets a new one.
      if (className && self.__wbg_ptr === 0) self = makers[className]();
    }
  }
  const used = memory();
  console.log(`fuzz: ${cases} cases over ${all.length} exports and methods, ${failures} coded errors, wasm memory ${(used / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(used < MEMORY_BOUND, `wasm memory ${used} bytes is over the bound ${MEMORY_BOUND}`);
});

test('100k failing calls in a row leave the module working', () => {
  const scores = detached(Uint8Array);
  let coded = 0;
  for (let i = 0; i < 100_000; i++) {
    try {
      lib.nps(scores);
    } catch (error) {
      if (isCodedError(error)) coded++;
    }
  }
  assert.equal(coded, 100_000);
  assert.equal(lib.nps([10]).score, 100);
  const store = resultsStore();
  assert.equal(store.value({ ...ref }, T + 1), 3);
  store.free();
});
