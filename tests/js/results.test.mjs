// The built package's ResultsStore as an app uses it: define a model, add
// accounts, record and track, set goals, read goals/canvas/KPIs, save and
// load. Expected values are worked out in the comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultsStore } from 'clg-metrics';

const DAY = 86_400_000;
const JAN_1 = Date.UTC(2024, 0, 1); // a Monday

const model = {
  roles: [
    {
      id: 'sdr',
      name: 'SDR',
      maturity: [
        { name: 'Initial', improvement: { type: 'percent', amount: 20 } },
        { name: 'Defined', improvement: { type: 'absolute', amount: 3 } },
      ],
      metrics: [
        {
          id: 'contacts', name: 'Contacts provided per week', kind: 'value', unit: 'contacts', direction: 'higher',
          collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact_added', window: { type: 'rolling', days: 7 } } },
        },
        {
          id: 'companies', name: 'Companies reached this month', kind: 'value', unit: 'companies', direction: 'higher',
          collection: { method: 'appGenerated', rule: { type: 'distinct', event: 'contact_added', property: 'company', window: { type: 'calendar', period: 'month' } } },
        },
        {
          id: 'confidence', name: 'Confidence', kind: 'value', unit: 'points', direction: 'higher',
          collection: { method: 'scaleAssessed', scale: [{ value: 1, label: 'Low' }, { value: 2, label: 'Medium' }, { value: 3, label: 'High' }] },
        },
      ],
    },
    {
      id: 'support',
      name: 'Support lead',
      maturity: [{ name: 'Basic', improvement: { type: 'percent', amount: 10 } }],
      metrics: [
        { id: 'response', name: 'First response', kind: 'value', unit: 'minutes', direction: 'lower', dataSource: 'Helpdesk', collection: { method: 'integration' } },
      ],
    },
  ],
};

function fresh() {
  const store = new ResultsStore();
  store.defineModel(model);
  store.upsertAccount({ id: 'acme', name: 'Acme', roles: [{ role: 'sdr', maturity: 1 }, { role: 'support', maturity: 1 }] });
  store.upsertAccount({ id: 'globex', roles: [{ role: 'support', maturity: 1 }] });
  return store;
}

/** Runs `fn`, expecting a ClgMetricsError; returns it. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error);
    assert.equal(typeof error.code, 'string');
    assert.equal(typeof error.field, 'string');
    return error;
  }
  assert.fail('expected an error');
}

test('tracked events feed app-generated metrics', () => {
  const store = fresh();
  for (const [day, company] of [[0, 'a'], [1, 'b'], [1, 'a'], [6, 'c']]) {
    assert.equal(store.track('contact_added', { account: 'acme', company }, JAN_1 + day * DAY), 2); // count + distinct
  }
  const ref = { account: 'acme', role: 'sdr' };
  assert.equal(store.value({ ...ref, metric: 'contacts' }, JAN_1 + 6 * DAY), 4);
  assert.equal(store.value({ ...ref, metric: 'contacts' }, JAN_1 + 7 * DAY), 3); // day 0 left the 7-day window
  assert.equal(store.value({ ...ref, metric: 'companies' }, JAN_1 + 7 * DAY), 3);
  assert.equal(store.track('page_view', { account: 'acme' }, JAN_1), 0);
  assert.equal(store.track('contact_added', { account: 'acme', role: 'support', company: 'z' }, JAN_1), 0);
  // timestamp defaults to now
  assert.equal(store.track('contact_added', { account: 'acme', company: 'now' }), 2);
  // props.role holding null is absent, as undefined (the one null rule); so is trackBatch's role
  const other = fresh();
  assert.equal(other.track('contact_added', { account: 'acme', role: null, company: 'n' }, JAN_1), 2);
  assert.deepEqual(other.trackBatch('acme', null, ['contact_added'], Uint32Array.of(0), Float64Array.of(JAN_1), [{ company: 'm' }]), []);
  assert.equal(other.value({ ...ref, metric: 'contacts' }, JAN_1), 2);
  other.free();
  // A prop holding undefined is absent, in track and trackBatch alike (as JSON leaves it out):
  // one a rule reads is missing, one no rule reads is nothing.
  const [one, batch] = [fresh(), fresh()];
  assert.throws(() => one.track('contact_added', { account: 'acme', company: undefined }, JAN_1), { code: 'WRONG_TYPE', field: 'props.company' });
  const refusedBatch = batch.trackBatch('acme', null, ['contact_added'], Uint32Array.of(0, 0), Float64Array.of(JAN_1, JAN_1), [{ company: undefined }, { company: 'b', note: undefined }]);
  assert.deepEqual(refusedBatch.map(({ index, error }) => [index, error.code, error.field]), [[0, 'WRONG_TYPE', 'props[0].company']]);
  assert.equal(one.track('contact_added', { account: 'acme', company: 'b', note: undefined }, JAN_1), 2);
  assert.deepEqual(batch.toJSON(), one.toJSON());
  one.free();
  batch.free();
});

test('eventInputs lists what the rules read', () => {
  assert.deepEqual(fresh().eventInputs(), { contact_added: ['company'] });
  assert.deepEqual(new ResultsStore().eventInputs(), {});
});

test('trackBatch counts as track does event by event; refused events come back with their index', () => {
  const one = fresh();
  const batch = fresh();
  const random = ((seed) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647))(42);
  const names = ['contact_added', 'page_view'];
  const events = new Uint32Array(300);
  const times = new Float64Array(300);
  const props = [];
  for (let i = 0; i < 300; i++) {
    events[i] = random() < 0.8 ? 0 : 1;
    times[i] = JAN_1 + Math.floor(random() * 40) * DAY;
    // An event whose rules read no property may have null or undefined props.
    props.push(events[i] === 0 ? { company: `c${Math.floor(random() * 30)}` } : i % 2 ? undefined : null);
    one.track(names[events[i]], { account: 'acme', ...props[i] }, times[i]);
  }
  assert.deepEqual(batch.trackBatch('acme', undefined, names, events, times, props), []);
  for (const at of [JAN_1 + 10 * DAY, JAN_1 + 39 * DAY]) {
    assert.deepEqual(batch.goals({ account: 'acme', role: 'sdr' }, at), one.goals({ account: 'acme', role: 'sdr' }, at));
  }

  // Each event on its own: a refused one changes nothing, the others count.
  const store = fresh();
  const refused = store.trackBatch('acme', 'sdr', ['contact_added'], new Uint32Array([0, 0, 1, 0, 0]),
    new Float64Array([JAN_1, JAN_1, JAN_1, NaN, JAN_1]), [{ company: 'a' }, undefined, { company: 'b' }, { company: 'c' }, 'x']);
  assert.deepEqual(refused.map(({ index, error }) => [index, error.code, error.field]), [
    [1, 'WRONG_TYPE', 'props[1].company'],
    [2, 'INVALID_VALUE', 'events[2]'],
    [3, 'INVALID_TIME', 'times[3]'],
    [4, 'WRONG_TYPE', 'props[4]'],
  ]);
  assert.ok(refused[0].error instanceof TypeError);
  assert.match(refused[0].error.message, /^props\[1\]\.company: /, 'the message names the event too');
  assert.equal(store.value({ account: 'acme', role: 'sdr', metric: 'contacts' }, JAN_1), 1);
  // An unknown account or role is named as the argument it came in (track() names its props).
  const strangers = (account, role) => store.trackBatch(account, role, ['contact_added'], Uint32Array.of(0), Float64Array.of(JAN_1), [{ company: 'z' }]);
  assert.deepEqual(strangers('nobody', undefined).map(({ error }) => [error.code, error.field, error.message.split(':')[0]]), [['UNKNOWN_ID', 'account', 'account']]);
  assert.deepEqual(strangers('acme', 'cfo').map(({ error }) => [error.code, error.field]), [['UNKNOWN_ID', 'role']]);
  // An event's props may restate the batch's account and role (track reads them so), never others.
  const stated = (role, ...props) => store.trackBatch('acme', role, ['contact_added'], new Uint32Array(props.length), new Float64Array(props.length).fill(JAN_1), props)
    .map(({ index, error }) => [index, error.code, error.field]);
  assert.deepEqual(stated('sdr', { company: 'd', account: 'acme', role: 'sdr' }, { company: 'e', account: null, role: undefined }), []);
  assert.deepEqual(stated('sdr', { company: 'f', account: 'globex' }, { company: 'f', role: 'cfo' }, { company: 'f', account: 5 }), [
    [0, 'INVALID_VALUE', 'props[0].account'],
    [1, 'INVALID_VALUE', 'props[1].role'],
    [2, 'WRONG_TYPE', 'props[2].account'],
  ]);
  assert.deepEqual(stated(undefined, { company: 'f', role: 'sdr' }), [[0, 'INVALID_VALUE', 'props[0].role']]);
  assert.equal(store.value({ account: 'acme', role: 'sdr', metric: 'contacts' }, JAN_1), 3, 'the two restating events count, the refused ones do not');

  // Arguments of the wrong type or length throw, and nothing counts.
  const cases = [
    [() => store.trackBatch(1, undefined, [], new Uint32Array(0), new Float64Array(0), []), 'WRONG_TYPE', 'account'],
    [() => store.trackBatch('acme', 5, [], new Uint32Array(0), new Float64Array(0), []), 'WRONG_TYPE', 'role'],
    [() => store.trackBatch('acme', undefined, [1], new Uint32Array(0), new Float64Array(0), []), 'WRONG_TYPE', 'names[0]'],
    [() => store.trackBatch('acme', undefined, ['e'], [0], new Float64Array(1), [undefined]), 'WRONG_TYPE', 'events'],
    [() => store.trackBatch('acme', undefined, ['e'], new Uint32Array(1), [JAN_1], [undefined]), 'WRONG_TYPE', 'times'],
    [() => store.trackBatch('acme', undefined, ['e'], new Uint32Array(1), new Float64Array(1), {}), 'WRONG_TYPE', 'props'],
    [() => store.trackBatch('acme', undefined, ['contact_added'], new Uint32Array(2), new Float64Array(1).fill(JAN_1), [{ company: 'q' }, { company: 'r' }]), 'LENGTH_MISMATCH', 'times'],
    [() => store.trackBatch('acme', undefined, ['contact_added'], new Uint32Array(2), new Float64Array(2).fill(JAN_1), [{ company: 'q' }]), 'LENGTH_MISMATCH', 'props'],
  ];
  for (const [call, code, field] of cases) {
    const error = thrown(call);
    assert.deepEqual([error.code, error.field], [code, field]);
  }
  assert.equal(store.value({ account: 'acme', role: 'sdr', metric: 'contacts' }, JAN_1), 3);
});

test('goals: progress, forecast, achievement, history and the next goal', () => {
  const store = fresh();
  const ref = { account: 'acme', role: 'support', metric: 'response' };
  store.recordObservation({ ...ref, value: 40, at: JAN_1, method: 'integration' });
  const goal = store.setGoal({ ...ref, target: 30, start: JAN_1, due: JAN_1 + 20 * DAY });
  assert.deepEqual(goal, { baseline: 40, target: 30, start: JAN_1, due: JAN_1 + 20 * DAY, status: 'active', closedAt: null, closedValue: null });
  assert.equal(store.recordObservation({ ...ref, value: 35, at: JAN_1 + 5 * DAY, method: 'integration' }), null);
  const [row] = store.goals({ account: 'acme', role: 'support' }, JAN_1 + 5 * DAY);
  assert.equal(row.current, 35);
  assert.deepEqual(row.goal.progress, { raw: 0.5, percent: 50 });
  assert.deepEqual(row.goal.forecast, { elapsed: 0.25, projected: 2, onTrack: true });
  const closed = store.recordObservation({ ...ref, value: 29, at: JAN_1 + 8 * DAY, method: 'integration' });
  assert.equal(closed.status, 'achieved');
  assert.equal(store.history(ref).length, 1);
  const [after] = store.goals({ account: 'acme', role: 'support' }, JAN_1 + 8 * DAY);
  assert.equal(after.goal, null);
  // maturity 1 "Basic": 10 % better than 29 minutes = 26.1
  assert.ok(Math.abs(after.nextGoal.target - 26.1) < 1e-9);
  assert.equal(after.nextGoal.baseline, 29);
});

test('zero-width and wrong-way goals are range errors', () => {
  const store = fresh();
  const ref = { account: 'acme', role: 'support', metric: 'response' };
  let e = thrown(() => store.setGoal({ ...ref, baseline: 30, target: 30, start: JAN_1 }));
  assert.ok(e instanceof RangeError);
  assert.equal(e.code, 'GOAL_ZERO_WIDTH');
  e = thrown(() => store.setGoal({ ...ref, baseline: 30, target: 31, start: JAN_1 }));
  assert.equal(e.code, 'GOAL_WRONG_DIRECTION');
  e = thrown(() => store.setGoal({ ...ref, target: 20, start: JAN_1 }));
  assert.equal(e.code, 'NO_CURRENT_VALUE');
  assert.equal(e.field, 'goal.baseline');
});

test('bad input throws typed errors naming the field', () => {
  const store = fresh();
  const bad = structuredClone(model);
  bad.roles[1].metrics[0].direction = 'down';
  let e = thrown(() => new ResultsStore().defineModel(bad));
  assert.equal(e.field, 'roles[1].metrics[0].direction');
  assert.equal(e.code, 'INVALID_VALUE');
  e = thrown(() => new ResultsStore().defineModel('{"roles": ['));
  assert.equal(e.code, 'INVALID_VALUE');
  e = thrown(() => store.defineModel(model));
  assert.equal(e.code, 'MODEL_IN_USE');
  e = thrown(() => store.recordObservation({ account: 'acme', role: 'sdr', metric: 'confidence', value: 2.5, at: JAN_1, method: 'scaleAssessed' }));
  assert.equal(e.code, 'SCORE_OUT_OF_RANGE');
  e = thrown(() => store.recordObservation({ account: 'acme', role: 'sdr', metric: 'contacts', value: 2, at: JAN_1, method: 'selfReported' }));
  assert.equal(e.code, 'METHOD_MISMATCH');
  e = thrown(() => store.track('contact_added', { account: 'acme' }, JAN_1));
  assert.deepEqual([e.code, e.field], ['WRONG_TYPE', 'props.company']);
  assert.ok(e instanceof TypeError);
  e = thrown(() => store.track('contact_added', { account: 'acme', company: {} }, JAN_1));
  assert.deepEqual([e.code, e.field], ['WRONG_TYPE', 'props.company']);
  e = thrown(() => store.track('contact_added', { company: 'a' }, JAN_1));
  assert.deepEqual([e.code, e.field], ['WRONG_TYPE', 'props.account']);
  for (const name of [5, undefined, null, {}]) {
    e = thrown(() => store.track(name, { account: 'acme', company: 'a' }, JAN_1));
    assert.deepEqual([e.code, e.field], ['WRONG_TYPE', 'eventName']);
  }
  e = thrown(() => store.track('contact_added', null, JAN_1));
  assert.equal(e.field, 'props');
  e = thrown(() => store.track('contact_added', { account: 'acme', company: 'a' }, 1.5));
  assert.deepEqual([e.code, e.field], ['INVALID_TIME', 'timestamp']);
  e = thrown(() => store.upsertAccount({ id: 'x', roles: [{ role: 'sdr', maturity: () => 1 }] }));
  assert.equal(e.field, 'account.roles[0].maturity');
  const cyclic = { id: 'x' };
  cyclic.self = cyclic;
  e = thrown(() => store.upsertAccount(cyclic));
  assert.equal(e.code, 'TOO_LARGE'); // the input layer's nesting limit
  e = thrown(() => store.kpis(Number.NaN));
  assert.equal(e.code, 'INVALID_TIME');
  e = thrown(() => store.canvas({ account: 'globex', role: 'sdr' }));
  assert.equal(e.code, 'UNKNOWN_ID');
});

test('the canvas keeps notes beside the computed parts', () => {
  const store = fresh();
  store.setCanvas({
    account: 'acme', role: 'support',
    changesNeeded: ['Triage before lunch'],
    actions: [{ by: 'supplier', text: 'Set up auto-routing' }],
    resources: [{ name: 'Routing rules', type: 'feature' }],
  });
  const canvas = store.canvas({ account: 'acme', role: 'support' }, JAN_1);
  assert.equal(canvas.roleName, 'Support lead');
  assert.deepEqual(canvas.maturity, { level: 1, levels: 1, name: 'Basic', improvement: { type: 'percent', amount: 10 } });
  assert.equal(canvas.metrics[0].dataSource, 'Helpdesk');
  assert.deepEqual(canvas.actions, [{ by: 'supplier', text: 'Set up auto-routing', done: false }]);
  assert.deepEqual(canvas.resources, [{ name: 'Routing rules', type: 'feature', url: null }]);
  assert.deepEqual(canvas.changesNeeded, ['Triage before lunch']);
});

test('KPIs roll up accounts', () => {
  const store = fresh();
  const r = (account) => ({ account, role: 'support', metric: 'response', method: 'integration' });
  store.recordObservation({ ...r('acme'), value: 40, at: JAN_1 });
  store.recordObservation({ ...r('acme'), value: 30, at: JAN_1 + DAY }); // gain 10 (25 %)
  store.recordObservation({ ...r('globex'), value: 20, at: JAN_1 });
  store.recordObservation({ ...r('globex'), value: 22, at: JAN_1 + DAY }); // gain -2 (-10 %)
  const kpis = store.kpis(JAN_1 + 2 * DAY);
  const support = kpis.roles.find((x) => x.role === 'support');
  assert.deepEqual(support.measuresInPlace, { count: 2, of: 2, percent: 100 });
  assert.deepEqual(support.measurableGain, { count: 1, of: 2, percent: 50 });
  assert.deepEqual(support.goalAchieved, { count: 0, of: 0, percent: null });
  assert.equal(support.metrics[0].averageGain, 4);
  assert.ok(Math.abs(support.metrics[0].averageGainPercent - 7.5) < 1e-9);
});

test('state saves with JSON.stringify and loads whole or not at all', () => {
  const store = fresh();
  store.track('contact_added', { account: 'acme', company: 'a' }, JAN_1);
  store.recordObservation({ account: 'acme', role: 'support', metric: 'response', value: 40, at: JAN_1, method: 'integration' });
  store.setGoal({ account: 'acme', role: 'support', metric: 'response', target: 30, start: JAN_1 });
  const text = JSON.stringify(store);
  const loaded = ResultsStore.fromJSON(text);
  assert.ok(loaded instanceof ResultsStore);
  assert.deepEqual(loaded.toJSON(), store.toJSON());
  assert.equal(loaded.value({ account: 'acme', role: 'sdr', metric: 'contacts' }, JAN_1), 1);

  const future = { ...JSON.parse(text), version: 3 };
  const e = thrown(() => loaded.load(future));
  assert.deepEqual([e.code, e.field], ['UNSUPPORTED_VERSION', 'state.version']);
  const broken = JSON.parse(text);
  broken.accounts[1].roles[0].role = 'cfo';
  thrown(() => loaded.load(broken));
  assert.deepEqual(loaded.toJSON(), store.toJSON(), 'a failed load keeps the old state');
  thrown(() => ResultsStore.fromJSON('not json'));
  store.free();
  loaded.free();
});

test('no -0: progress at the baseline of a lower-is-better goal, an emptied window', () => {
  const store = fresh();
  const ref = { account: 'acme', role: 'support', metric: 'response' };
  store.recordObservation({ ...ref, value: 40, at: JAN_1 });
  store.setGoal({ ...ref, target: 30, start: JAN_1, due: JAN_1 + 10 * DAY });
  const [row] = store.goals({ account: 'acme', role: 'support' }, JAN_1 + DAY);
  assert.ok(Object.is(row.goal.progress.raw, 0));
  assert.ok(Object.is(row.goal.progress.percent, 0));
  assert.ok(Object.is(row.goal.forecast.projected, 0));
  assert.equal(new Intl.NumberFormat('en', { style: 'percent' }).format(row.goal.progress.percent / 100), '0%');
  store.track('contact_added', { account: 'acme', company: 'x' }, JAN_1);
  assert.ok(Object.is(store.value({ account: 'acme', role: 'sdr', metric: 'contacts' }, JAN_1 + 30 * DAY), 0));
  store.recordObservation({ ...ref, value: -0, at: JAN_1 + 2 * DAY });
  assert.ok(Object.is(store.value(ref, JAN_1 + 2 * DAY), 0));
  store.free();
});

test('the next goal follows the value; kpis(at) counts what was known at at', () => {
  const store = fresh();
  const ref = { account: 'acme', role: 'support', metric: 'response' };
  store.recordObservation({ ...ref, value: 40, at: JAN_1 });
  store.setGoal({ ...ref, target: 30, start: JAN_1 });
  store.recordObservation({ ...ref, value: 30, at: JAN_1 + 10 * DAY }); // achieved on day 10
  store.recordObservation({ ...ref, value: 20, at: JAN_1 + 12 * DAY });
  const [row] = store.goals({ account: 'acme', role: 'support' }, JAN_1 + 12 * DAY);
  assert.deepEqual(row.nextGoal, { baseline: 20, target: 18, maturityLevel: 1 }); // 10 % of 20
  const support = (at) => store.kpis(at).roles.find((r) => r.role === 'support');
  assert.deepEqual(support(JAN_1 - DAY).goalAchieved, { count: 0, of: 0, percent: null });
  assert.equal(support(JAN_1 - DAY).measuresInPlace.count, 0);
  assert.deepEqual(support(JAN_1 + 5 * DAY).goalAchieved, { count: 0, of: 1, percent: 0 });
  assert.deepEqual(support(JAN_1 + 10 * DAY).goalAchieved, { count: 1, of: 1, percent: 100 });
  store.free();
});

test('track for a missing role, a role listed twice, and goals off the scale are refused', () => {
  const store = fresh();
  let e = thrown(() => store.track('contact_added', { account: 'globex', role: 'sdr', company: 'x' }, JAN_1));
  assert.deepEqual([e.code, e.field], ['UNKNOWN_ID', 'props.role']);
  e = thrown(() => store.upsertAccount({ id: 'acme', roles: [{ role: 'sdr', maturity: 1 }, { role: 'sdr', maturity: 2 }] }));
  assert.deepEqual([e.code, e.field], ['DUPLICATE_ID', 'account.roles[1].role']);
  e = thrown(() => store.setGoal({ account: 'acme', role: 'sdr', metric: 'confidence', baseline: 1, target: 2.5, start: JAN_1 }));
  assert.deepEqual([e.name, e.code, e.field], ['RangeError', 'SCORE_OUT_OF_RANGE', 'goal.target']);
  // Distinct counts: values are told apart by type, as a JS Set does.
  for (const company of [1, '1', true, 'true', 1]) store.track('contact_added', { account: 'acme', company }, JAN_1);
  assert.equal(store.value({ account: 'acme', role: 'sdr', metric: 'companies' }, JAN_1), new Set([1, '1', true, 'true']).size);
  store.free();
});

test('on a scale, the next goal is the best point when none is a whole step away, and none at the best point', () => {
  const store = fresh();
  // Level 2 steps an absolute 3: from 2, no point of 1..3 is 3 away, so the best point, 3.
  store.upsertAccount({ id: 'acme', roles: [{ role: 'sdr', maturity: 2 }, { role: 'support', maturity: 1 }] });
  store.recordObservation({ account: 'acme', role: 'sdr', metric: 'confidence', value: 2, at: JAN_1 });
  const row = (at) => store.goals({ account: 'acme', role: 'sdr' }, at).find((r) => r.metric === 'confidence');
  assert.deepEqual(row(JAN_1).nextGoal, { baseline: 2, target: 3, maturityLevel: 2 });
  // At the best point there is nothing better to aim for.
  store.recordObservation({ account: 'acme', role: 'sdr', metric: 'confidence', value: 3, at: JAN_1 + DAY });
  assert.equal(row(JAN_1 + DAY).nextGoal, null);
});

test('an app-generated value read before the newest event: last month kept, the unknown null, never a wrong number', () => {
  const store = fresh();
  const ref = { account: 'acme', role: 'sdr', metric: 'companies' };
  const END_JAN = Date.UTC(2024, 0, 31, 23, 59, 59, 999);
  for (const [day, company] of [[5, 'a'], [6, 'b'], [9, 'b'], [10, 'c']]) {
    store.track('contact_added', { account: 'acme', company }, JAN_1 + (day - 1) * DAY);
  }
  assert.equal(store.value(ref, END_JAN), 3);
  const kpiBefore = store.kpis(END_JAN);
  // February: company a again. January keeps its 3 companies, December had none.
  store.track('contact_added', { account: 'acme', company: 'a' }, Date.UTC(2024, 1, 10));
  assert.equal(store.value(ref, END_JAN), 3);
  assert.equal(store.value(ref, Date.UTC(2024, 1, 29)), 1);
  assert.equal(store.value(ref, Date.UTC(2023, 11, 31)), 0);
  assert.deepEqual(store.kpis(END_JAN), kpiBefore);
  // April: February is gone from what the store keeps (March, the month before, had none).
  store.track('contact_added', { account: 'acme', company: 'd' }, Date.UTC(2024, 3, 2));
  assert.equal(store.value(ref, Date.UTC(2024, 2, 15)), 0);
  assert.equal(store.value(ref, Date.UTC(2024, 1, 15)), null);
  // A rolling 7-day count knows past windows until an event leaves its ring.
  const contacts = { ...ref, metric: 'contacts' };
  assert.equal(store.value(contacts, JAN_1 + 9 * DAY), null); // Jan 10's window: its events have left the ring
  assert.equal(store.value(contacts, Date.UTC(2024, 1, 20)), 0); // Feb 20's window: nothing was dropped from it
  assert.equal(store.value(contacts, Date.UTC(2024, 3, 2)), 1);
  // Saved and loaded, the same answers; state saved as version 1 knows nothing before its newest slot.
  const saved = store.toJSON();
  assert.equal(saved.version, 2);
  const back = ResultsStore.fromJSON(saved);
  assert.equal(back.value(ref, Date.UTC(2024, 2, 15)), 0);
  const v1 = JSON.parse(JSON.stringify(saved), (key, value) => (['first', 'dropped', 'previous'].includes(key) ? undefined : value));
  v1.version = 1;
  const old = ResultsStore.fromJSON(v1);
  assert.equal(old.value(ref, Date.UTC(2024, 3, 30)), 1);
  assert.equal(old.value(ref, Date.UTC(2024, 2, 15)), null);
});

test('saved state whose version is missing or not a number is INVALID_VALUE, as one that is not a version', () => {
  const saved = new ResultsStore().toJSON();
  for (const version of [0, 1.5, '2', undefined, null]) {
    assert.throws(() => ResultsStore.fromJSON({ ...saved, version }), (e) => e instanceof RangeError && e.code === 'INVALID_VALUE' && e.field === 'state.version', String(version));
  }
});

test('history() gives each closed goal the progress its closing value made, as goals() computes it', () => {
  const store = new ResultsStore();
  store.defineModel({ roles: [{ id: 'sdr', name: 'SDR', maturity: [{ name: 'I', improvement: { type: 'percent', amount: 20 } }],
    metrics: [{ id: 'wait', name: 'Wait', kind: 'value', unit: 'h', direction: 'lower', collection: { method: 'selfReported' } }] }] });
  store.upsertAccount({ id: 'a', roles: [{ role: 'sdr', maturity: 1 }] });
  const ref = { account: 'a', role: 'sdr', metric: 'wait' };
  store.recordObservation({ ...ref, value: 40, at: 1000 });
  store.setGoal({ ...ref, target: 30, start: 2000 });
  store.recordObservation({ ...ref, value: 35, at: 3000 });
  const active = store.goals({ account: 'a', role: 'sdr' }, 3000)[0].goal.progress;
  store.abandonGoal({ ...ref, at: 4000 });
  const [closed] = store.history(ref);
  assert.equal(closed.status, 'abandoned');
  assert.deepEqual(closed.progress, active);
  assert.deepEqual(closed.progress, { raw: 0.5, percent: 50 });
  store.free();
});
