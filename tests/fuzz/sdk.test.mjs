// Fuzz layer, the in-app client (`clg-metrics/sdk` in Node): createClient
// with hostile options, then every method and getter of the client, each
// with hostile input made from valid examples, on clients with a model, a
// survey policy and campaigns, in memory, some without an endpoint and some
// sending to the reference collector. Seeded like tests/fuzz/boundary.test.mjs:
// CLG_FUZZ_SEED=<n> replays a run's choices (the clock is real, so the
// timing around them may differ); CLG_FUZZ_CASES sets the cases per method
// (default 150).
//
// Asserted per call: a normal return (or a resolved promise), or an Error
// with a string `code` and the `field` it is about; every error given to
// `onError` is coded too; no unhandled rejection, uncaught exception or
// timer past setTimeout's limit (it would fire at once). A failed or
// refused call leaves the client's state unchanged (survey state, results,
// scores, campaigns, consent) and the client still works (a valid `track`
// returns true, or false only with the outbox full or consent pending).
// And what the client accepted is never lost: each client's run keeps the
// books of what its calls accepted (`track` returned true, `submitSurvey`/
// `dismissSurvey`/`record`/`setGoal`/`abandonGoal` resolved `accepted:
// true`), then checks that the outbox holds exactly that (`inspectOutbox()`,
// and the items its observer saw), or, with a collector, that the
// collector stored exactly that; `reset()`/`revokeConsent()` clear the
// books, `destroy()` and `revokeConsent()` end the client (the next case
// gets a fresh one). After each method's cases: concurrent calls (a double
// answer, writes racing a flush; writes racing a reset) and the books again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SurveyAggregate } from 'clg-metrics';
import { createClient, SURVEY_SHOWN_EVENT } from 'clg-metrics/sdk';
import { startCollector } from '../support/collector.mjs';
import { model } from '../support/model.mjs';
import { hostileInput, isCodedError } from './hostile.mjs';

const SEED = Number(process.env.CLG_FUZZ_SEED ?? 20261128);
const CASES = Number(process.env.CLG_FUZZ_CASES ?? 150);
const DAY = 86_400_000;

// -- valid examples (README, tests/js/sdk*.test.mjs) --

const policy = {
  kinds: { nps: { recontactDays: 90 }, csat: { recontactDays: 30, sampleRate: 1 }, ces: { recontactDays: 30 }, checkin: { recontactDays: 0 } },
  userGapDays: 14, accountCap: { max: 20, windowDays: 7 }, sessionDelayMinutes: 0, snoozeDays: 1,
};
const campaignList = () => [
  { id: 'ces-export', ask: { survey: { kind: 'ces', question: 'How easy was it to export?', followUp: 'What would make it easier?' } },
    trigger: { event: { name: 'report_exported', occurrence: 2, props: { format: 'pdf' } } },
    target: { roles: ['sdr'], levels: [1, 2], account: { plan: ['pro', 'enterprise'] }, segments: ['beta'] }, schedule: { recurDays: 30 } },
  { id: 'checkin-start', ask: { checkIn: { metrics: ['confidence', 'hours'] } }, trigger: { daysSincePeriodStart: 0 } },
  { id: 'route-nps', ask: { survey: { kind: 'nps', surveyId: 'nps-q3' } }, trigger: { route: '/reports/*' }, delayMs: 5 },
  { id: 'signup-csat', ask: { survey: { kind: 'csat' } }, trigger: { daysSinceSignup: 30 }, schedule: { start: Date.UTC(2026, 0, 1), recurDays: 90 } },
];
/** Surveys the examples answer: [surveyId, kind, answers()]; the first three are kinds of the policy. */
const SURVEYS = [
  ['nps-q3', 'nps', () => ({ score: 9, comment: 'fast exports' })],
  ['csat-1', 'csat', () => ({ score: 4, scale: 5 })],
  ['ces-export', 'ces', () => ({ score: 6 })],
  ['feedback', 'open', () => ({ text: 'more exports', tags: ['pdf', 'csv'], rating: 3, urgent: false, note: null })],
];
const EVENTS = [
  () => ['contact_added', { source: 'web' }],
  () => ['deal_created', { amount: 5000, currency: 'EUR' }],
  () => ['report_exported', { format: 'pdf', rows: 1200, draft: false, tag: null }],
  () => ['page_viewed'],
];
const OBSERVATIONS = [
  () => ({ metric: 'confidence', value: 4 }),
  () => ({ metric: 'hours', value: 6 }),
  () => ({ metric: 'revenue', value: 52_000, method: 'integration' }),
  () => ({ metric: 'hours', value: 5, at: Date.now() - DAY }),
];
const GOALS = [
  () => ({ metric: 'hours', target: 4, baseline: 10, due: Date.now() + 30 * DAY, replace: true }),
  () => ({ metric: 'confidence', target: 5, baseline: 2, replace: true }),
  () => ({ metric: 'contacts', target: 24, baseline: 10, start: Date.now() - DAY, due: Date.now() + 30 * DAY, replace: true }),
  () => ({ metric: 'hours', target: 4, baseline: 10, start: Date.UTC(1969, 6, 20), due: Date.now() + 30 * DAY, replace: true }), // before 1970: valid
];

/** A SurveyAggregate's JSON (the backend's), of `kind` with `scores`. */
function aggregateJson(kind, scores, options) {
  const a = new SurveyAggregate(kind, options);
  a.addScores(scores);
  const json = a.toJSON();
  a.free();
  return json;
}

// Seeded hostile input, with values of this layer's own: a destroyed client
// and a live one (objects with private state), a foreign wasm handle, a
// frozen state, a promise.
let destroyedClient, otherClient;
const { random, pick, mutate } = hostileInput(SEED, [
  () => destroyedClient,
  () => otherClient,
  () => new SurveyAggregate('nps'),
  () => Object.freeze({ version: 1, prompts: Object.freeze([]), accountPrompts: Object.freeze([]) }),
  () => Promise.resolve({ score: 9 }),
]);
const chance = (p) => random() < p;

/**
 * Valid arguments of every method and getter (`run` => args, maybe async;
 * setup calls go through `run.call`, so the books count them too).
 */
const examples = {
  storage: () => [],
  consent: () => [],
  track: () => pick(EVENTS)(),
  submitSurvey: async (run) => {
    const [surveyId, kind, answers] = pick(SURVEYS);
    const promptId = kind !== 'open' && chance(0.5) ? await run.shown(surveyId, kind) : undefined;
    return [{ surveyId, kind, ...(promptId !== undefined && { promptId }), answers: answers() }];
  },
  scores: () => [pick(SURVEYS)[0], { level: 0.9 }],
  loadScores: () => pick([
    () => ['nps-q3', aggregateJson('nps', [10, 9, 6, 3]), { asOf: Date.now() - 1000 }],
    () => ['csat-1', JSON.stringify(aggregateJson('csat', [5, 4, 2], { scale: 5 })), { asOf: Date.now() }],
  ])(),
  record: () => [pick(OBSERVATIONS)()],
  setGoal: () => [pick(GOALS)()],
  abandonGoal: async (run) => {
    const goal = pick(GOALS)();
    if (chance(0.8)) await run.call('setGoal', [goal]);
    return [{ metric: goal.metric, ...(chance(0.3) && { at: Date.now() }) }];
  },
  metrics: () => (chance(0.5) ? [] : [Date.now()]),
  history: () => [pick(['hours', 'confidence', 'contacts'])],
  canvas: () => (chance(0.5) ? [] : [Date.now()]),
  model: () => [],
  results: () => [],
  loadResults: (run) => {
    const state = run.read(() => run.client.results());
    if (state === undefined) return [{}];
    return [chance(0.3) ? JSON.stringify(state) : JSON.parse(JSON.stringify(state))];
  },
  dismissSurvey: async (run) => {
    const [surveyId, kind] = pick(SURVEYS.slice(0, 3));
    return [{ promptId: (await run.shown(surveyId, kind)) ?? 'not-shown', ...(chance(0.5) && { askLater: chance(0.5) }) }];
  },
  shouldAskSurvey: () => {
    const [surveyId, kind] = pick(SURVEYS.slice(0, 3));
    return chance(0.3) ? [kind] : [kind, { surveyId }];
  },
  surveyShown: () => {
    const [surveyId, kind] = pick(SURVEYS.slice(0, 3));
    return [{ surveyId, kind }];
  },
  surveyState: () => [],
  loadSurveyState: (run) => {
    if (chance(0.5)) return [JSON.parse(JSON.stringify(run.read(() => run.client.surveyState()) ?? { version: 1, prompts: [], accountPrompts: [] }))];
    const at = Date.now() - DAY;
    return [{
      version: 1,
      prompts: [{ id: `p-${at}`, surveyId: 'nps-q3', kind: 'nps', at, outcome: 'dismissed', outcomeAt: at + 5000 }],
      accountPrompts: [{ id: `p-${at}`, role: 'sdr', at }, { id: `other-${at}`, role: 'vp', at: at + 1 }],
    }];
  },
  campaigns: () => (chance(0.3) ? [campaignList()] : [campaignList(), { signupAt: Date.now() - 40 * DAY, account: { plan: 'pro', seats: 12, trial: false }, segments: ['beta'] }]),
  route: () => [pick(['/reports/42', '/reports/42/edit', '/settings'])],
  campaignStatus: () => [],
  onCampaign: (run) => [(due) => run.dues.push(due), (due) => run.withdrawn.push(due)],
  onMetrics: (run) => [() => run.metricsCalls++],
  campaignShown: (run) => {
    const due = run.dues.pop() ?? run.read(() => run.client.campaignStatus().due);
    return [due ? structuredClone(due) : { campaignId: 'route-nps', surveyId: 'nps-q3', kind: 'nps', ask: { survey: { kind: 'nps', surveyId: 'nps-q3' } } }];
  },
  flush: () => [],
  inspectOutbox: () => [],
  reset: () => [],
  grantConsent: async (run) => {
    if (run.client.consent === 'granted' && chance(0.5)) {
      await run.verify('before a revokeConsent');
      await run.call('revokeConsent', []);
    }
    return [];
  },
  revokeConsent: () => [],
  destroy: () => [],
};

/** Calls that put one item in the outbox when they resolve `accepted: true`, and its type. */
const ITEM_OF = { submitSurvey: 'response', dismissSurvey: 'dismissal', record: 'observation', setGoal: 'goal', abandonGoal: 'goal' };
/** Calls that end a client's books: what it accepted is checked before them. */
const ENDING = new Set(['reset', 'revokeConsent', 'destroy']);

// -- the books of one client --

let running; // the reference collector
let runs = 0;
const unhandled = [];

/** The flat props `track` copies (own enumerable keys), as JSON: what the event carries. */
function propsJson(props) {
  if (props == null) return '{}';
  return JSON.stringify(Object.fromEntries(Object.keys(props).map((key) => [key, props[key]])));
}

/** Throws unless `error` is coded: an Error with a non-empty string `code`, and the `field` it is about (README, Errors). */
function assertCoded(error, label) {
  if (!isCodedError(error)) assert.fail(`${label} (seed ${SEED}): uncoded ${error?.constructor?.name}: ${error?.message ?? String(error)}\n${error?.stack ?? ''}`);
  assert.ok(typeof error.field === 'string' && error.field !== '', `${label} (seed ${SEED}): ${error.code} names no field (${error.message})`);
  assert.ok(error.message.startsWith(`${error.field}: `), `${label} (seed ${SEED}): ${error.code}'s message does not start with its field ${error.field}: ${error.message}`);
}

class Run {
  /** Accepted items since the last clear: key -> type. */
  items = new Map();
  /** Events `track` accepted since the last clear: [name, props as JSON]. */
  events = [];
  /** What the client's observer saw since the last clear: key -> item. */
  observed = new Map();
  /** Every key this client ever accepted or its observer saw (a collector may hold any of them). */
  ever = new Set();
  /** Prompt ids surveyShown and campaignShown handed out. */
  prompts = new Set();
  errors = [];
  checkedErrors = 0;
  delivered = [];
  dues = [];
  withdrawn = [];
  metricsCalls = 0;
  ended = false;

  /** A client with valid options chosen at random, its books empty. */
  static async create() {
    const run = new Run();
    run.userId = `fuzz-${SEED}-${++runs}`;
    run.endpoint = chance(0.3) ? running.endpoint : undefined;
    run.max = chance(0.25) ? 8 : 1000;
    run.model = !chance(0.1);
    run.policy = !chance(0.1);
    run.options = {
      accountId: 'acme', userId: run.userId, role: 'sdr', storage: 'memory',
      ...(run.endpoint && { endpoint: run.endpoint, retryBaseMs: 20, retryMaxMs: 200 }),
      ...(run.model && { model: structuredClone(model), maturity: pick([1, 2]) }),
      ...(run.policy && { policy: structuredClone(policy) }),
      consent: chance(0.15) ? 'required' : 'granted',
      sessionStart: Date.now() - DAY,
      batchSize: pick([1, 4, 100]),
      flushIntervalMs: pick([5, 1000]),
      maxOutboxItems: run.max,
      onError: (error) => run.errors.push(error),
      onDelivered: (keys) => run.delivered.push(...keys),
      observers: [{ accepted: (item) => run.saw(item) }],
    };
    run.client = await createClient(run.options);
    if (run.policy && run.model && chance(0.5)) await run.call('campaigns', examples.campaigns());
    return run;
  }

  saw(item) {
    this.observed.set(item.key, item);
    this.ever.add(item.key);
  }

  /** `read()` of the client, or undefined when it throws a coded error (no model, destroyed...). */
  read(read) {
    try {
      return read();
    } catch (error) {
      assertCoded(error, 'a read');
      return undefined;
    }
  }

  /** Shows a survey (surveyShown through the books): its prompt id, or undefined when refused. */
  async shown(surveyId, kind) {
    const { value } = await this.call('surveyShown', [{ surveyId, kind }]);
    return value;
  }

  /** Forgets the books (reset, revokeConsent): the outbox was emptied. */
  clear() {
    this.items.clear();
    this.events = [];
    this.observed.clear();
  }

  /**
   * Calls `name` on the client (synchronously: a burst starts its calls in
   * order) and keeps the books of what it accepted. Resolves to `{ value }`
   * or `{ error }` (a coded one: anything else fails the test).
   */
  async call(name, args, label = name) {
    const getter = Object.getOwnPropertyDescriptor(this.client, name)?.get;
    let value;
    try {
      // Detached, as `const { track } = client` calls it (a getter ignores the arguments).
      const detached = getter ?? this.client[name];
      value = detached.call(undefined, ...args);
      if (value instanceof Promise) value = await value;
    } catch (error) {
      assertCoded(error, label);
      return { error };
    }
    this.keep(name, args, value, label);
    return { value };
  }

  /** The books of a call that returned `value`, and the shape of its answer. */
  keep(name, args, value, label) {
    if (name === 'track') {
      assert.equal(typeof value, 'boolean', `${label}: track returns a boolean`);
      if (value) this.events.push([args[0], propsJson(args[1])]);
    } else if (name in ITEM_OF) {
      const { accepted, key, error } = value;
      if (accepted) {
        assert.ok(typeof key === 'string' && key !== '' && error === null, `${label}: accepted, with a key and no error`);
        assert.ok(!this.items.has(key), `${label}: a new key`);
        this.items.set(key, ITEM_OF[name]);
        this.ever.add(key);
      } else {
        assert.equal(accepted, false, `${label}: accepted is a boolean`);
        assert.equal(key, null, `${label}: a refusal has no key`);
        assertCoded(error, `${label}: the refusal's error`);
      }
    } else if (name === 'surveyShown' || name === 'campaignShown') {
      assert.ok(typeof value === 'string' && value !== '', `${label}: a prompt id`);
      this.prompts.add(value);
    } else if (name === 'reset') {
      assert.ok(Number.isInteger(value) && value >= 0, `${label}: reset resolves to a count`);
      this.clear();
    } else if (name === 'revokeConsent') {
      this.clear();
      this.ended = true; // a fresh client comes next
    } else if (name === 'destroy') {
      this.ended = true;
    } else if (name === 'grantConsent') {
      this.ended = false;
    } else if (name === 'onCampaign' || name === 'onMetrics') {
      assert.equal(typeof value, 'function', `${label}: returns the unsubscribe function`);
      if (chance(0.3)) value();
    } else if (name === 'flush') {
      assert.ok(Array.isArray(value.delivered) && Number.isInteger(value.pending.tab) && Number.isInteger(value.pending.all), `${label}: flush's answer`);
    } else if (name === 'inspectOutbox') {
      assert.ok(Number.isInteger(value.count) && Number.isInteger(value.tab) && Number.isInteger(value.notDurable), `${label}: inspectOutbox's answer`);
    }
  }

  /** Every error given to onError since the last look is coded. */
  checkErrors(label) {
    for (; this.checkedErrors < this.errors.length; this.checkedErrors++) assertCoded(this.errors[this.checkedErrors], `${label}: onError got`);
  }

  /**
   * What a refused call must not change: consent, storage, survey state,
   * results, scores, the campaign list. (Reading results seals the open
   * batch: the events in it stay accepted.)
   */
  snapshot(label) {
    const c = this.client;
    try {
      return JSON.stringify([
        c.consent, c.storage, c.surveyState(), this.model ? c.results() : null, SURVEYS.map(([id]) => c.scores(id)),
        c.campaignStatus().campaigns.map((s) => s.campaignId),
      ]);
    } catch (error) {
      if (error?.code === 'CLIENT_DESTROYED') return undefined;
      assert.fail(`${label} (seed ${SEED}, ${this.userId}): reading the client's state failed: ${error?.code} ${error?.field}: ${error?.message}`);
    }
  }

  /** A valid track still works after a failed call: true, or false only while consent is pending or the outbox is full. */
  async canary(label) {
    if (this.ended) return;
    const { value, error } = await this.call('track', ['canary', { label }], `${label}: the canary`);
    assert.equal(error, undefined, `${label}: the canary track threw ${error?.code}`);
    if (this.client.consent !== 'granted') return assert.equal(value, false, `${label}: track without consent`);
    if (value) return;
    const box = await this.client.inspectOutbox();
    if (box.count < this.max && this.endpoint) {
      // Acknowledged items free their slots when the send recounts: a moment later.
      await new Promise((resolve) => setTimeout(resolve, 20));
      if ((await this.call('track', ['canary', { label }])).value) return;
    }
    assert.ok(box.count >= this.max, `${label} (seed ${SEED}): a valid track was refused with ${box.count} of ${this.max} items in the outbox`);
  }

  /**
   * The books against the outbox: after a flush (with a collector: until
   * everything is delivered), the items the observer saw are exactly the
   * accepted ones (and the events exactly the accepted events, in order,
   * besides the `$survey_shown` events of the prompts handed out), the
   * outbox holds exactly them (without a collector) or the collector
   * stored exactly them (with one).
   */
  async verify(label) {
    if (this.ended) return;
    const c = this.client;
    label = `${label} (seed ${SEED}, ${this.userId})`;
    let flushed = await c.flush();
    for (let tries = 0; this.endpoint && flushed.pending.all > 0 && tries < 300; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      flushed = await c.flush();
    }
    const observed = [...this.observed.values()];
    const others = observed.filter((item) => item.type !== 'events').map((item) => [item.key, item.type]).sort();
    assert.deepEqual(others, [...this.items].sort(), `${label}: the outbox items are the accepted ones`);
    const events = observed.filter((item) => item.type === 'events').flatMap((item) => item.payload.events);
    const shown = events.filter((e) => e.name === SURVEY_SHOWN_EVENT && this.prompts.has(e.props.promptId));
    const tracked = events.filter((e) => !shown.includes(e)).map((e) => [e.name, JSON.stringify(e.props)]);
    assert.deepEqual(tracked, this.events, `${label}: the events in the outbox are the accepted ones, in order`);
    const box = await c.inspectOutbox();
    if (!this.endpoint) {
      assert.equal(box.count, observed.length, `${label}: inspectOutbox() counts every accepted item`);
      assert.equal(box.tab, observed.length, `${label}: all of them this tab's`);
      // Node has no IndexedDB: in memory storage every item is only in this page's memory.
      assert.equal(box.notDurable, observed.length, `${label}: all of them only in memory`);
      assert.equal(flushed.pending.all, observed.length, `${label}: flush() counts them too`);
      return;
    }
    assert.equal(flushed.pending.all, 0, `${label}: delivered`);
    assert.equal(box.count, 0, `${label}: the outbox is empty once delivered`);
    const stored = running.collector.items().filter((item) => item.payload?.userId === this.userId);
    const keys = new Set(stored.map((item) => item.key));
    for (const item of observed) assert.ok(keys.has(item.key), `${label}: accepted ${item.type} ${item.key} was delivered`);
    for (const item of stored) assert.ok(this.ever.has(item.key), `${label}: the collector got ${item.type} ${item.key}, which no call accepted`);
    for (const key of this.delivered) assert.ok(this.ever.has(key), `${label}: onDelivered named ${key}, which no call accepted`);
  }

  async end() {
    if (!this.ended) await this.client.destroy();
    this.checkErrors('end');
  }
}

// -- the targets: every method and getter of the client, own or inherited --

function targets(client) {
  const out = [];
  for (let object = client; object !== Object.prototype; object = Object.getPrototypeOf(object)) {
    for (const key of Reflect.ownKeys(object)) if (key !== 'constructor') out.push(String(key));
  }
  return out;
}

/**
 * Concurrent calls (a double click, an answer racing a dismissal, writes
 * racing tracks and a flush): each settles coded, at most one outcome per
 * prompt is accepted, and the books still hold.
 */
async function burst(run, label) {
  if (run.ended || run.client.consent !== 'granted') return;
  const promptId = await run.shown('nps-q3', 'nps');
  const calls = [
    ['submitSurvey', [{ surveyId: 'nps-q3', kind: 'nps', promptId, answers: { score: 9 } }]],
    ['submitSurvey', [{ surveyId: 'nps-q3', kind: 'nps', promptId, answers: { score: 10 } }]],
    ['dismissSurvey', [{ promptId, askLater: chance(0.5) }]],
    ['submitSurvey', [{ surveyId: 'csat-1', kind: 'csat', answers: { score: 4, scale: 5 } }]],
    ['submitSurvey', [{ surveyId: 'csat-1', kind: 'nps', answers: { score: 9 } }]], // KIND_MISMATCH with the one before
    ['record', [pick(OBSERVATIONS)()]],
    ['record', [{ metric: 'confidence', value: 7 }]], // off the scale
    ['setGoal', [pick(GOALS)()]],
    ['setGoal', [pick(GOALS)()]],
    ['abandonGoal', [{ metric: pick(GOALS)().metric }]],
    ['flush', []],
    ...Array.from({ length: 6 }, () => ['track', pick(EVENTS)()]),
    ['inspectOutbox', []],
    ['metrics', []],
  ];
  for (let i = calls.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [calls[i], calls[j]] = [calls[j], calls[i]];
  }
  const outcomes = await Promise.all(calls.map(([name, args], i) => run.call(name, args, `${label}: burst call ${i} ${name}`)));
  if (promptId !== undefined) {
    const closing = outcomes.filter((o, i) => calls[i][1][0]?.promptId === promptId && o.value?.accepted);
    assert.ok(closing.length <= 1, `${label} (seed ${SEED}): ${closing.length} outcomes of one prompt were accepted at once`);
  }
  run.checkErrors(`${label}: burst`);
  await run.verify(`${label}: after a burst`);
}

/**
 * reset() raced by writes: what the client accepts once reset() was called
 * (events wait in memory for the fresh store) is kept; what it accepted
 * before is discarded.
 */
async function resetRace(run, label) {
  if (run.ended) return;
  await run.verify(`${label}: before a raced reset`);
  const resetting = run.client.reset();
  run.clear(); // the books start when reset() is called, not when it resolves
  const calls = [
    ...Array.from({ length: 4 }, () => ['track', pick(EVENTS)()]),
    ['submitSurvey', [{ surveyId: 'feedback', kind: 'open', answers: { text: 'during a reset' } }]],
    ['record', [pick(OBSERVATIONS)()]],
    ['setGoal', [pick(GOALS)()]],
  ];
  await Promise.all(calls.map(([name, args], i) => run.call(name, args, `${label}: call ${i} ${name} during a reset`)));
  assert.ok(Number.isInteger(await resetting), `${label}: reset resolves to a count`);
  run.checkErrors(`${label}: a raced reset`);
  await run.verify(`${label}: after a raced reset`);
}

/** Valid calls that put something in the outbox between the cases, so that each case has accepted items to lose. */
const BACKGROUND = ['track', 'track', 'track', 'submitSurvey', 'record', 'setGoal', 'surveyShown', 'campaigns', 'route'];

/** Fuzzes every method and getter of the client with `cases` cases each; returns the counts. */
async function fuzzClient(cases) {
  let run = await Run.create();
  const all = targets(run.client);
  const missing = all.filter((name) => !(name in examples));
  assert.deepEqual(missing, [], 'every method and getter of the client needs an example in tests/fuzz/sdk.test.mjs');
  let count = 0;
  let coded = 0;
  for (const name of all) {
    for (let i = 0; i < cases; i++) {
      const label = `${name} #${i}`;
      for (let n = Math.floor(random() * 3); n > 0; n--) {
        const background = pick(BACKGROUND);
        await run.call(background, await examples[background](run), `${label}: a valid ${background} before it`);
      }
      // Every 10th case is the valid example itself, else a mutation (or two).
      let args = await examples[name](run);
      if (i % 10 !== 0) args = mutate(args);
      if (i % 10 === 5) args = mutate(args);
      if (ENDING.has(name)) await run.verify(`before ${label}`);
      const before = run.snapshot(label);
      const { value, error } = await run.call(name, args, label);
      count++;
      const refused = error !== undefined || (name in ITEM_OF && value.accepted === false);
      if (refused) {
        if (error) coded++;
        if (before !== undefined && !run.ended) assert.equal(run.snapshot(label), before, `${label} (seed ${SEED}): a ${error ? `failed call (${error.code})` : `refused call (${value.error.code})`} changed the client`);
        await run.canary(label);
      }
      run.checkErrors(label);
      if (name === 'reset' && !error && !run.ended) {
        assert.equal((await run.client.inspectOutbox()).count, 0, `${label}: reset() empties the outbox`);
      }
      // destroy() and revokeConsent() end the client: the next case gets a new one.
      if (run.ended) {
        if (name === 'destroy') assert.throws(() => run.client.track('x'), { code: 'CLIENT_DESTROYED' });
        else assert.equal(run.client.track('x'), false, `${label}: nothing is accepted after revokeConsent()`);
        await run.end();
        run = await Run.create();
      }
      if (i % 50 === 49) await run.verify(`after ${label}`);
    }
    await burst(run, name);
    if (name === 'reset') await resetRace(run, name);
    await run.verify(`after every case of ${name}`);
    await run.end();
    run = await Run.create();
  }
  await run.end();
  return { count, methods: all.length, coded };
}

// -- createClient --

/** Valid options of createClient; the model and the policy half the time (their many fields would take most mutations). */
function validOptions(errors) {
  return {
    accountId: 'acme', userId: `create-${SEED}-${++runs}`, role: 'sdr', storage: pick(['memory', 'indexeddb']),
    ...(chance(0.5) && { model: structuredClone(model), maturity: 2 }), ...(chance(0.5) && { policy: structuredClone(policy) }),
    consent: pick(['granted', 'required']),
    sessionStart: Date.now() - DAY, batchSize: 10, flushIntervalMs: 1000, maxOutboxItems: 100, sendBatchItems: 10,
    retryBaseMs: 20, retryMaxMs: 200, requestTimeoutMs: 1000,
    onError: (error) => errors.push(error), onDelivered: () => {}, observers: [{ accepted() {} }],
    // A collector, one that answers 404 (a failed send sets the retry timer), or none.
    ...(chance(0.5) && { endpoint: pick([running.endpoint, `${running.origin}/nowhere`]) }),
  };
}

/** Tuning options and valid values at their edges: 1 ms, and delays past setTimeout's limit. */
const TUNING = ['flushIntervalMs', 'batchSize', 'maxOutboxItems', 'sendBatchItems', 'retryBaseMs', 'retryMaxMs', 'requestTimeoutMs'];
const EDGES = [1, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1];

async function fuzzCreate(cases) {
  let coded = 0;
  const errors = [];
  for (let i = 0; i < cases; i++) {
    const label = `createClient #${i}`;
    let args = [validOptions(errors)];
    if (i % 10 === 7) args[0][pick(TUNING)] = pick(EDGES); // valid, at an edge
    else if (i % 10 !== 0) args = mutate(args);
    if (i % 10 === 5) args = mutate(args);
    let client;
    try {
      client = await createClient(...args);
    } catch (error) {
      assertCoded(error, label);
      assert.ok(error.field.startsWith('options'), `${label} (seed ${SEED}): ${error.code} names ${error.field}, not an option`);
      coded++;
      continue;
    }
    // A client made from whatever passed the checks works.
    assert.ok(['memory', 'none'].includes(client.storage), `${label}: storage ${client.storage}`);
    assert.equal(client.track('created', { i }), client.consent === 'granted', `${label}: a valid track`);
    await client.flush();
    await client.destroy();
  }
  for (const error of errors) assertCoded(error, 'createClient: onError got');
  return { count: cases, coded };
}

// -- the tests --

process.on('unhandledRejection', (error) => unhandled.push(error));
process.on('uncaughtException', (error) => unhandled.push(error));
// A delay past setTimeout's limit fires after 1 ms: a valid requestTimeoutMs of 2^31 would time every request out.
process.on('warning', (warning) => warning.name === 'TimeoutOverflowWarning' && unhandled.push(warning));

function assertNothingUnhandled() {
  assert.deepEqual(unhandled.map((e) => `${e?.code ?? e?.constructor?.name}: ${e?.message}\n${e?.stack}`), [], `(seed ${SEED}) unhandled rejections, uncaught exceptions or overflowing timers`);
}

test(`createClient and every method and getter of the client with hostile input (seed ${SEED})`, async () => {
  console.log(`fuzz seed ${SEED} (set CLG_FUZZ_SEED to replay), ${CASES} cases per method`);
  running = await startCollector();
  try {
    destroyedClient = await createClient({ accountId: 'acme', userId: 'destroyed', role: 'sdr', storage: 'memory' });
    await destroyedClient.destroy();
    otherClient = await createClient({ accountId: 'acme', userId: 'other', role: 'sdr', storage: 'memory', policy });
    const created = await fuzzCreate(CASES);
    const methods = await fuzzClient(CASES);
    await otherClient.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50)); // late rejections
    assertNothingUnhandled();
    const count = created.count + methods.count;
    console.log(`fuzz clg-metrics/sdk: ${count} cases over ${methods.methods + 1} methods, ${created.coded + methods.coded} coded errors`);
  } finally {
    running.stop();
  }
});
