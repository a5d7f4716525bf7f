// `clg-metrics/sdk` in Node: survey campaigns. The list is checked at once
// (coded errors naming the path), tracked events are counted for N-th
// occurrence triggers, the runner offers a due campaign after its delay (a
// mocked clock, no sleeps) and never a second one while one is open, and
// campaignStatus explains every decision. (The host element, reloads and a
// simulated month: tests/browser/campaigns.test.mjs.)
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { createClient } from 'clg-metrics/sdk';

const T0 = Date.UTC(2027, 0, 4, 9);
const DAY = 86_400_000;
const policy = { kinds: { ces: { recontactDays: 30 }, nps: { recontactDays: 90 }, checkin: { recontactDays: 3 } }, userGapDays: 1, sessionDelayMinutes: 0 };
const model = {
  roles: [{
    id: 'analyst',
    name: 'Analyst',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      { id: 'confidence', name: 'Confidence in the data', kind: 'value', unit: 'points', direction: 'higher',
        collection: { method: 'scaleAssessed', scale: [1, 2, 3, 4, 5].map((value) => ({ value, label: `level ${value}` })) } },
    ],
  }, { id: 'admin', name: 'Admin', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }], metrics: [
    { id: 'seats', name: 'Seats in use', kind: 'value', unit: 'seats', direction: 'higher', collection: { method: 'selfReported' } },
  ] }],
};
const ces = {
  id: 'ces-export',
  ask: { survey: { kind: 'ces', question: 'How easy was it to export?' } },
  trigger: { event: { name: 'report_exported', occurrence: 3 } },
  target: { roles: ['analyst'] },
  delayMs: 30_000,
};
const checkIn = { id: 'checkin-start', ask: { checkIn: { metrics: ['confidence'] } }, trigger: { daysSincePeriodStart: 0 } };

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: T0 }));
afterEach(() => mock.timers.reset());

async function client(role = 'analyst') {
  const errors = [];
  const c = await createClient({ accountId: 'acme', userId: 'u1', role, storage: 'memory', policy, model, sessionStart: T0, onError: (e) => errors.push(e) });
  return { c, errors };
}

/** Lets the runner's queued decision run (it asks once per task). */
const settle = () => new Promise((resolve) => queueMicrotask(resolve));

test('campaigns(list) is checked at once: coded errors naming the field, and a refused list changes nothing', async () => {
  const { c } = await client();
  c.campaigns([ces]);
  assert.throws(() => c.campaigns('ces'), { name: 'TypeError', code: 'WRONG_TYPE', field: 'campaigns' });
  assert.throws(() => c.campaigns([{ ...ces, trigger: { event: { name: 'x', occurrence: 0 } } }]), (e) => e instanceof Error && typeof e.code === 'string' && e.field === 'campaigns[0].trigger.event.occurrence');
  assert.throws(() => c.campaigns([ces], { plan: 'pro' }), { code: 'UNKNOWN_OPTION', field: 'audience.plan' });
  assert.throws(() => c.campaigns([ces], { segments: 'beta' }), { code: 'WRONG_TYPE', field: 'audience.segments' });
  assert.throws(() => c.campaigns([ces], { account: { plan: { tier: 'pro' } } }), (e) => e instanceof Error && typeof e.code === 'string' && e.field === 'audience.account.plan' && e.message.startsWith('audience.account.plan'));
  assert.deepEqual(c.campaignStatus().campaigns.map((s) => s.campaignId), ['ces-export'], 'the accepted list stays');
  assert.throws(() => c.route(''), { name: 'RangeError', code: 'EMPTY_TEXT', field: 'path' });
  assert.throws(() => c.route(7), { name: 'TypeError', code: 'WRONG_TYPE', field: 'path' });
  const bare = await createClient({ accountId: 'acme', userId: 'u2', role: 'analyst', storage: 'memory' });
  assert.throws(() => bare.campaigns([ces]), { code: 'NO_POLICY' });
  await Promise.all([c.destroy(), bare.destroy()]);
});

test('the third export triggers the CES campaign; it is offered once its 30 s delay is over, and only once', async () => {
  const { c, errors } = await client();
  c.campaigns([ces]);
  const offered = [];
  c.onCampaign((due) => offered.push(due));
  c.track('report_exported');
  c.track('report_exported');
  await settle();
  assert.equal(c.campaignStatus().campaigns[0].reason, 'NOT_TRIGGERED');
  c.track('report_exported');
  await settle();
  const waiting = c.campaignStatus().campaigns[0];
  assert.deepEqual([waiting.reason, waiting.nextEligibleAt], ['WAITING', T0 + 30_000]);
  mock.timers.tick(29_999);
  await settle();
  assert.equal(offered.length, 0, 'not before its delay');
  mock.timers.tick(1);
  await settle();
  assert.equal(offered.length, 1);
  assert.deepEqual([offered[0].campaignId, offered[0].surveyId, offered[0].kind, offered[0].ask.survey.question], ['ces-export', 'ces-export', 'ces', 'How easy was it to export?']);

  const promptId = c.campaignShown(offered[0]);
  const answer = await c.submitSurvey({ surveyId: 'ces-export', kind: 'ces', promptId, answers: { score: 6 } });
  assert.equal(answer.accepted, true);
  mock.timers.tick(DAY);
  await settle();
  assert.equal(offered.length, 1, 'answered: not offered again');
  assert.notEqual(c.campaignStatus().campaigns[0].show, true);
  assert.deepEqual(errors, []);
  await c.destroy();
});

test('a role the campaign does not target is never offered it, and the status says why', async () => {
  const { c } = await client('admin');
  c.campaigns([ces]);
  const offered = [];
  c.onCampaign((due) => offered.push(due));
  for (let i = 0; i < 5; i++) c.track('report_exported');
  mock.timers.tick(DAY);
  await settle();
  assert.deepEqual(offered, []);
  assert.equal(c.campaignStatus().campaigns[0].reason, 'NOT_TARGETED');
  await c.destroy();
});

test('a goal that starts offers its check-in; the answer recorded through the client moves the goal', async () => {
  const { c } = await client();
  c.campaigns([checkIn]);
  const offered = [];
  c.onCampaign((due) => offered.push(due));
  await settle();
  assert.equal(c.campaignStatus().campaigns[0].reason, 'NO_GOAL_PERIOD');
  await c.record({ metric: 'confidence', value: 2 });
  await c.setGoal({ metric: 'confidence', target: 4, due: T0 + 30 * DAY });
  await settle();
  assert.equal(offered.length, 1);
  assert.deepEqual([offered[0].kind, offered[0].metrics], ['checkin', ['confidence']]);
  const promptId = c.campaignShown(offered[0]);
  await c.record({ metric: 'confidence', value: 3 });
  await c.submitSurvey({ surveyId: offered[0].surveyId, kind: 'checkin', promptId, answers: { values: { confidence: 3 } } });
  assert.equal(c.metrics()[0].goal.progress.percent, 50);
  await c.destroy();
});

test('a goal that started before 1970 still has its check-in, and campaignStatus() keeps answering', async () => {
  // tests/fuzz/sdk.test.mjs, seed 20261128: setGoal took a start before 1970 (the results store takes such times),
  // then campaignStatus() and campaigns() threw INVALID_TIME naming context.periods.confidence.start, no call's field.
  const { c, errors } = await client();
  c.campaigns([checkIn]);
  const set = await c.setGoal({ metric: 'confidence', target: 4, baseline: 2, start: -1, due: T0 + 30 * DAY });
  assert.equal(set.goal.start, -1);
  const status = c.campaignStatus();
  assert.deepEqual([status.due?.campaignId, status.due?.metrics], ['checkin-start', ['confidence']], 'its period started long ago: due');
  c.campaigns([checkIn]);
  c.onCampaign(() => {});
  await settle();
  assert.deepEqual(errors, []);
  await c.destroy();
});

test('never two at once: while a campaign prompt is open nothing else is offered', async () => {
  const { c } = await client();
  const nps = { id: 'nps-now', ask: { survey: { kind: 'nps' } }, trigger: { event: { name: 'opened' } } };
  c.campaigns([nps, { ...ces, trigger: { event: { name: 'opened' } }, delayMs: 0 }]);
  const offered = [];
  c.onCampaign((due) => offered.push(due));
  c.track('opened');
  await settle();
  assert.deepEqual(offered.map((d) => d.campaignId), ['nps-now']);
  c.campaignShown(offered[0]);
  mock.timers.tick(DAY * 2);
  await settle();
  assert.equal(offered.length, 1, 'the NPS prompt is still open');
  await c.destroy();
});

test('a route campaign fires on its route and shows only while the user is still on a matching one', async () => {
  const { c } = await client();
  c.campaigns([{ id: 'ces-reports', ask: { survey: { kind: 'ces' } }, trigger: { route: '/reports/*' }, delayMs: 5_000 }]);
  const offered = [];
  c.onCampaign((due) => offered.push(due));
  c.route('/settings');
  await settle();
  assert.equal(c.campaignStatus().campaigns[0].reason, 'NOT_TRIGGERED');
  c.route('/reports/42');
  mock.timers.tick(2_000);
  c.route('/settings'); // left before the delay was over
  mock.timers.tick(10_000);
  await settle();
  assert.deepEqual(offered, []);
  c.route('/reports/43/edit');
  mock.timers.tick(5_000);
  await settle();
  assert.deepEqual(offered.map((d) => d.campaignId), ['ces-reports']);
  await c.destroy();
});

test('an event tracked before schedule.start does not count towards the occurrence; one without a start counts all', async () => {
  const { c } = await client();
  const later = { ...ces, id: 'ces-later', delayMs: 0, schedule: { start: T0 + DAY } };
  const now = { ...ces, id: 'ces-now', delayMs: 0 }; // the same event, no start
  c.campaigns([later, now]);
  c.track('report_exported');
  c.track('report_exported');
  mock.timers.tick(DAY + 1);
  c.track('report_exported');
  await settle();
  const status = () => Object.fromEntries(c.campaignStatus().campaigns.map((s) => [s.campaignId, s.reason]));
  assert.equal(status()['ces-later'], 'NOT_TRIGGERED', 'the two exports before its start do not count');
  assert.notEqual(status()['ces-now'], 'NOT_TRIGGERED', 'the campaign without a start counted all three');
  c.track('report_exported');
  c.track('report_exported');
  await settle();
  assert.equal(status()['ces-later'], 'DUE', 'the third export since its start');
  await c.destroy();
});

test('a route over 2048 characters throws TEXT_TOO_LONG naming path, and the route reported before stays', async () => {
  const { c, errors } = await client();
  c.campaigns([{ id: 'ces-reports', ask: { survey: { kind: 'ces' } }, trigger: { route: '/reports/*' } }]);
  c.route('/reports/42');
  assert.throws(() => c.route(`/${'a'.repeat(2048)}`), { name: 'RangeError', code: 'TEXT_TOO_LONG', field: 'path' });
  c.route(`/${'a'.repeat(2047)}`); // the limit itself is fine
  c.route('/reports/43');
  await settle();
  assert.equal(c.campaignStatus().campaigns[0].reason, 'DUE');
  assert.deepEqual(errors, []);
  await c.destroy();
});

test('an open route-campaign prompt is withdrawn when the user leaves its route; others are not', async () => {
  const { c } = await client();
  c.campaigns([{ id: 'ces-reports', ask: { survey: { kind: 'ces' } }, trigger: { route: '/reports/*' } }]);
  const offered = [];
  const withdrawn = [];
  c.onCampaign((due) => {
    offered.push(due);
    c.campaignShown(due);
  }, (due) => withdrawn.push(due.campaignId));
  c.route('/reports/42');
  await settle();
  assert.deepEqual(offered.map((d) => d.campaignId), ['ces-reports']);
  c.route('/reports/43'); // still a matching route: stays open
  assert.deepEqual(withdrawn, []);
  c.route('/settings');
  assert.deepEqual(withdrawn, ['ces-reports']);
  assert.equal(c.campaignStatus().campaigns[0].show, false);
  assert.throws(() => c.onCampaign(() => {}, 'close'), { code: 'WRONG_TYPE', field: 'withdrawn' });
  await c.destroy();
});

test('a check-in asks metrics of the model, and of the user\'s role only scale-assessed or self-reported ones', async () => {
  const appModel = structuredClone(model);
  appModel.roles[0].metrics.push({ id: 'exports', name: 'Exports', kind: 'value', unit: 'exports', direction: 'higher',
    collection: { method: 'appGenerated', rule: { type: 'count', event: 'report_exported', window: { type: 'rolling', days: 30 } } } });
  const c = await createClient({ accountId: 'acme', userId: 'u1', role: 'analyst', storage: 'memory', policy, model: appModel, sessionStart: T0 });
  const ask = (metrics) => [ces, { ...checkIn, ask: { checkIn: { metrics } } }];
  assert.throws(() => c.campaigns(ask(['confidence', 'exports'])), { code: 'METHOD_MISMATCH', field: 'campaigns[1].ask.checkIn.metrics[1]' });
  assert.throws(() => c.campaigns(ask(['confidence', 'nope'])), { code: 'UNKNOWN_ID', field: 'campaigns[1].ask.checkIn.metrics[1]' });
  assert.deepEqual(c.campaignStatus().campaigns, [], 'nothing changed');
  c.campaigns(ask(['confidence', 'seats'])); // one list for every role: each is asked about its own metrics
  assert.equal(c.campaignStatus().campaigns.length, 2);
  const bare = await createClient({ accountId: 'acme', userId: 'u2', role: 'analyst', storage: 'memory', policy });
  assert.throws(() => bare.campaigns([checkIn]), { code: 'NO_MODEL', field: 'campaigns[0].ask.checkIn' });
  bare.campaigns([ces]);
  await Promise.all([c.destroy(), bare.destroy()]);
});

test('the campaign bookkeeping kept in localStorage and in IndexedDB: the larger of each count and time', async () => {
  const { newerMemory } = await import('../../dist/sdk/campaigns.js');
  const stored = { version: 1, counts: { export: 2, identify: 5 }, since: { 100: { export: 1 } }, triggered: { a: 10 } };
  const kept = { version: 1, counts: { export: 3 }, since: { 100: { export: 2 }, 200: { view: 1 } }, triggered: { a: 5, b: 7 } };
  assert.deepEqual(newerMemory(stored, kept), {
    version: 1,
    counts: { export: 3, identify: 5 },
    since: { 100: { export: 2 }, 200: { view: 1 } },
    triggered: { a: 10, b: 7 },
  });
  assert.equal(newerMemory(stored, undefined), stored);
  assert.equal(newerMemory(stored, { version: 1, counts: { x: -1 }, triggered: {} }), stored, 'a bad kept copy is left out');
  assert.equal(newerMemory(undefined, kept), kept);
  const corrupt = { version: 1, counts: 'x', triggered: {} };
  assert.equal(newerMemory(corrupt, kept), corrupt, 'a bad stored copy stays, to be quarantined');
});

test('a check-in is about the user\'s own role: another role\'s metrics are not offered, and do not hold the next campaign back', async () => {
  const { c } = await client('analyst');
  const trigger = { event: { name: 'report_exported' } };
  c.campaigns([
    { id: 'admins', ask: { checkIn: { metrics: ['seats'] } }, trigger },
    { id: 'both', ask: { checkIn: { metrics: ['seats', 'confidence'] } }, trigger },
  ]);
  const offered = [];
  c.onCampaign((due) => offered.push(due));
  c.track('report_exported');
  await settle();
  const status = c.campaignStatus();
  assert.deepEqual(status.campaigns.map((s) => [s.campaignId, s.reason]), [['admins', 'NOT_TARGETED'], ['both', 'DUE']]);
  assert.deepEqual(status.due.metrics, ['confidence']);
  assert.deepEqual(offered.map((d) => [d.campaignId, d.metrics]), [['both', ['confidence']]]);
  await c.destroy();
});
