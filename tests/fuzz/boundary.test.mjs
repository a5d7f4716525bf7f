// Fuzz layer: every export and every method of the built package, called
// with hostile input made from valid examples (scripts/test.sh runs it as
// its own layer): the main entry, then each smaller entry (its own wasm
// module, built with fewer cargo features) with a fifth of the cases.
// Seeded: CLG_FUZZ_SEED=<n> replays a run; CLG_FUZZ_CASES sets the cases per
// export and method (default 150).
//
// Asserted per call: a normal return or an Error with a string `code` and a
// `field` its message starts with; the
// module still answers (a canary call); a failed call on a stateful object
// leaves its `toJSON()` unchanged. After all: each module's wasm memory
// stays under MEMORY_BOUND, and 100k failing calls in a row leave it working.
// (The SDK client: tests/fuzz/sdk.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as main from 'clg-metrics';
import * as scoresEntry from 'clg-metrics/scores';
import * as trendsEntry from 'clg-metrics/trends';
import * as resultsEntry from 'clg-metrics/results';
import * as companyEntry from 'clg-metrics/company';
import * as inAppEntry from 'clg-metrics/in-app';
import { initSync } from '../../dist/wasm/clg_metrics.js';
import { initSync as scoresWasm } from '../../dist/scores/wasm/clg_metrics.js';
import { initSync as trendsWasm } from '../../dist/trends/wasm/clg_metrics.js';
import { initSync as resultsWasm } from '../../dist/results/wasm/clg_metrics.js';
import { initSync as companyWasm } from '../../dist/company/wasm/clg_metrics.js';
import { initSync as inAppWasm } from '../../dist/in-app/wasm/clg_metrics.js';
import { detached, hostileInput, isCodedError } from './hostile.mjs';

const SEED = Number(process.env.CLG_FUZZ_SEED ?? 20261128);
const CASES = Number(process.env.CLG_FUZZ_CASES ?? 150);
const MEMORY_BOUND = 128 << 20; // bytes of one module's wasm memory after its run

/** Each entry, with its module's memory in bytes. */
const ENTRIES = {
  'clg-metrics': [main, () => initSync().memory.buffer.byteLength],
  'clg-metrics/scores': [scoresEntry, () => scoresWasm().memory.buffer.byteLength],
  'clg-metrics/trends': [trendsEntry, () => trendsWasm().memory.buffer.byteLength],
  'clg-metrics/results': [resultsEntry, () => resultsWasm().memory.buffer.byteLength],
  'clg-metrics/company': [companyEntry, () => companyWasm().memory.buffer.byteLength],
  'clg-metrics/in-app': [inAppEntry, () => inAppWasm().memory.buffer.byteLength],
};

/** The entry under test: the makers below make their objects with it. */
let lib = main;


// -- valid examples --

const T = Date.UTC(2026, 0, 5);
const model = {
  roles: [{
    id: 'sdr', name: 'SDR',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      { id: 'contacts', name: 'Contacts', kind: 'value', unit: 'contacts', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'sum', event: 'deal', property: 'amount', window: { type: 'rolling', days: 7 } } } },
      { id: 'confidence', name: 'Confidence', kind: 'value', unit: 'points', direction: 'higher', min: 0, max: 10, collection: { method: 'selfReported' } },
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
  const a = new (lib.SurveyAggregate ?? main.SurveyAggregate)('nps'); // a hostile value too: foreign in some entries
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

// -- hostile values of this layer's own (the rest: hostile.mjs) --

const freed = () => {
  const store = new (lib.ResultsStore ?? main.ResultsStore)();
  store.free();
  return store;
};
const { pick, mutate } = hostileInput(SEED, [() => freed(), () => aggregate(), () => new (lib.ResultsStore ?? main.ResultsStore)()]);

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
    // Every method on the prototype chain, each where it is defined: a base
    // class's method shadowed by an override is still callable through the
    // chain, so it would need an example of its own (`Class.super.method`).
    let label = name;
    for (let proto = value.prototype; proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto)) {
        if (key === 'constructor') continue;
        const getter = Object.getOwnPropertyDescriptor(proto, key).get;
        const method = key === Symbol.dispose ? '[Symbol.dispose]' : String(key);
        out.push([`${label}.${method}`, (args, self) => (getter ? getter.call(self) : proto[key].apply(self, args)), name]);
      }
      label += '.super';
    }
  }
  return out;
}

/** Whether `self` still answers: free() and friends end it. */
function live(self) {
  try {
    return (self.toJSON?.() ?? self.periods) !== undefined;
  } catch (error) {
    if (error.code === 'HANDLE_FREED') return false;
    throw error;
  }
}

const saved = (self) => (self && typeof self.toJSON === 'function' ? JSON.stringify(self.toJSON()) : undefined);

/** Throws unless the entry under test still answers a valid call. */
function canary() {
  if (lib.nps) assert.equal(lib.nps([10]).score, 100);
  else if (lib.validateResponse) lib.validateResponse(structuredClone(response));
  else if (lib.healthScores) assert.equal(lib.healthScores(examples.healthScores()[0])[0].score.value, 25);
  else resultsStore().free();
}

/** Fuzzes every export and method of `entry` with `cases` cases each. */
function fuzz(entry, cases) {
  let memory;
  [lib, memory] = ENTRIES[entry];
  const all = targets();
  const missing = all.map(([name]) => name).filter((name) => !(name in examples));
  assert.deepEqual(missing, [], 'every export and method needs an example in tests/fuzz/boundary.test.mjs');
  let count = 0;
  let failures = 0;
  for (const [name, call, className] of all) {
    let self = className && makers[className]();
    for (let i = 0; i < cases; i++) {
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
        if (!isCodedError(error)) assert.fail(`${entry}: ${name} #${i} (seed ${SEED}): uncoded ${error?.constructor?.name}: ${error?.message}`);
        if (!(typeof error.field === 'string' && error.field !== '' && error.message.startsWith(`${error.field}: `))) {
          assert.fail(`${entry}: ${name} #${i} (seed ${SEED}): ${error.code} names no field, or its message does not start with it: ${error.field}: ${error.message}`);
        }
        outcome = 'error';
      }
      count++;
      if (outcome === 'error' && target === self && before !== undefined && live(self)) {
        assert.equal(saved(self), before, `${entry}: ${name} #${i} (seed ${SEED}): a failed call changed the object`);
      }
      assert.doesNotThrow(canary, `${entry}: ${name} #${i} (seed ${SEED}): the module stopped answering`);
      // free() and friends end the object: the next case gets a new one.
      if (className && !live(self)) self = makers[className]();
    }
  }
  const used = memory();
  console.log(`fuzz ${entry}: ${count} cases over ${all.length} exports and methods, ${failures} coded errors, wasm memory ${(used / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(used < MEMORY_BOUND, `${entry}: wasm memory ${used} bytes is over the bound ${MEMORY_BOUND}`);
}

test(`every export and method with hostile input (seed ${SEED})`, () => {
  console.log(`fuzz seed ${SEED} (set CLG_FUZZ_SEED to replay), ${CASES} cases per target`);
  fuzz('clg-metrics', CASES);
});

test(`every export and method of the smaller entries, on their own modules (seed ${SEED})`, () => {
  for (const entry of Object.keys(ENTRIES).slice(1)) fuzz(entry, Math.ceil(CASES / 5));
});

test('100k failing calls in a row leave the module working', () => {
  lib = main;
  const memory = ENTRIES['clg-metrics'][1];
  const store = resultsStore();
  const saved = JSON.stringify(store);
  const scores = detached(Uint8Array);
  // Refused in JS (a detached buffer) and in the core (wasm frames on the
  // stack when the error is made): a score off the scale, an unknown account
  // on a stateful store, a malformed saved aggregate.
  const failures = [
    () => lib.nps(scores),
    () => lib.nps(Uint8Array.of(9, 11)),
    () => store.track('deal', { account: 'nobody', amount: 1 }, T),
    () => lib.SurveyAggregate.fromJSON({ version: 1, kind: 'nps', scale: 10, counts: [1] }),
  ];
  const before = memory();
  let coded = 0;
  for (let i = 0; i < 100_000; i++) {
    try {
      failures[i % failures.length]();
    } catch (error) {
      if (isCodedError(error)) coded++;
    }
  }
  assert.equal(coded, 100_000);
  assert.ok(memory() - before <= 1 << 20, `wasm memory grew by ${memory() - before} bytes over 100k failures`);
  assert.equal(JSON.stringify(store), saved, 'the failed calls left the store as it was');
  assert.equal(lib.nps([10]).score, 100);
  assert.equal(store.value({ ...ref }, T + 1), 3);
  store.free();
});
