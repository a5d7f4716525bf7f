// Survey campaigns through the built package: checkCampaigns,
// campaignTriggers and campaignDecision as a user (or the SDK) calls them,
// with the survey policy's state, and typed errors naming the path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { campaignDecision, campaignTriggers, checkCampaigns, init, recordSurveyEvent } from 'clg-metrics';

await init();

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

const DAY = 86_400_000;
const T = Date.UTC(2026, 0, 5, 9);
const policy = {
  kinds: { ces: { recontactDays: 7 }, nps: { recontactDays: 90 }, checkin: { recontactDays: 0 } },
  userGapDays: 1,
  sessionDelayMinutes: 0,
};
const campaigns = [
  {
    id: 'ces-after-export',
    ask: { survey: { kind: 'ces', surveyId: 'ces-export', question: 'How easy was it to export?', followUp: 'What would make it easier?' } },
    trigger: { event: { name: 'report_exported', occurrence: 3, props: { format: 'pdf' } } },
    target: { roles: ['analyst'], levels: [1, 2], account: { plan: ['pro', 'enterprise'] }, segments: ['beta'] },
    delayMs: 30_000,
    schedule: { start: T - DAY, end: T + 365 * DAY, recurDays: 90 },
  },
  { id: 'reports-nps', ask: { survey: { kind: 'nps' } }, trigger: { route: '/reports/*' } },
  { id: 'baseline', ask: { checkIn: { metrics: ['time-to-report', 'forecast-accuracy'] } }, trigger: { daysSincePeriodStart: 0 } },
];
const context = {
  now: T,
  userId: 'u1',
  role: 'analyst',
  level: 2,
  sessionStart: T - 60_000,
  account: { plan: 'pro', seats: 12, region: null },
  segments: ['beta'],
  triggered: {},
  periods: {},
};

test('checkCampaigns returns a frozen copy that the other calls take as it is', () => {
  const checked = checkCampaigns(campaigns, policy);
  assert.deepEqual(checked, campaigns);
  assert.notEqual(checked, campaigns);
  assert.ok(Object.isFrozen(checked) && Object.isFrozen(checked[0].trigger.event.props) && Object.isFrozen(checked[0].target.roles));
  assert.ok(!Object.isFrozen(campaigns[0]));
  assert.deepEqual(checkCampaigns([], policy), []);

  // The checked copy and the original give the same answers.
  const fired = { ...context, now: T + 30_000, triggered: { 'ces-after-export': T } };
  const checkedAgain = checkCampaigns(campaigns, policy);
  assert.deepEqual(campaignDecision(checkedAgain, fired, policy, null), campaignDecision(campaigns, fired, policy, null));
  const occurrence = { event: 'report_exported', props: { format: 'pdf' }, count: 3 };
  assert.deepEqual(campaignTriggers(checkedAgain, occurrence), ['ces-after-export']);
  // An earlier checked copy is read again like any list, and still valid.
  assert.deepEqual(campaignTriggers(checked, occurrence), ['ces-after-export']);
  // A list with a typed array is checked too, but not kept.
  const typed = [{ ...campaigns[0], target: { levels: new Float64Array([1, 2]) } }];
  assert.equal(checkCampaigns(typed, policy).length, 1);
  assert.deepEqual(campaignTriggers(typed, occurrence), ['ces-after-export']);
  // A policy without the kinds still fails the decision on the kept list.
  throwsCode(() => campaignDecision(checkedAgain, fired, { kinds: { nps: { recontactDays: 1 } } }, null), Error, 'UNKNOWN_SURVEY_KIND', 'campaigns[0].ask.survey.kind');
});

test('campaignTriggers: N-th occurrence on, props match, routes match whole', () => {
  const exported = (count, format = 'pdf') => ({ event: 'report_exported', props: { format, size: { mb: 2 } }, count });
  assert.deepEqual(campaignTriggers(campaigns, exported(2)), []);
  assert.deepEqual(campaignTriggers(campaigns, exported(3)), ['ces-after-export']);
  assert.deepEqual(campaignTriggers(campaigns, exported(4)), ['ces-after-export']);
  assert.deepEqual(campaignTriggers(campaigns, exported(3, 'csv')), []);
  assert.deepEqual(campaignTriggers(campaigns, { event: 'report_exported' }), []); // count defaults to 1
  assert.deepEqual(campaignTriggers(campaigns, { route: '/reports/42' }), ['reports-nps']);
  assert.deepEqual(campaignTriggers(campaigns, { route: '/reports' }), []);
});

test('campaignDecision explains every campaign; the due one after its delay', () => {
  const before = campaignDecision(campaigns, context, policy, null);
  assert.equal(before.due, null);
  assert.deepEqual(before.campaigns, [
    { campaignId: 'ces-after-export', show: false, reason: 'NOT_TRIGGERED', nextEligibleAt: null },
    { campaignId: 'reports-nps', show: false, reason: 'NOT_TRIGGERED', nextEligibleAt: null },
    { campaignId: 'baseline', show: false, reason: 'NO_GOAL_PERIOD', nextEligibleAt: null },
  ]);

  const fired = { ...context, triggered: { 'ces-after-export': T } };
  const waiting = campaignDecision(campaigns, fired, policy, null);
  assert.deepEqual(waiting.campaigns[0], { campaignId: 'ces-after-export', show: false, reason: 'WAITING', nextEligibleAt: T + 30_000 });

  const later = campaignDecision(campaigns, { ...fired, now: T + 30_000 }, policy, undefined);
  assert.deepEqual(later.due, {
    campaignId: 'ces-after-export',
    surveyId: 'ces-export',
    kind: 'ces',
    ask: campaigns[0].ask,
  });
  assert.equal(later.campaigns[0].reason, 'DUE');
  assert.equal(later.campaigns[0].show, true);

  // A route campaign shows while the user is on its route.
  const reports = { ...context, triggered: { 'reports-nps': T - 1000 } };
  assert.equal(campaignDecision(campaigns, reports, policy, null).due.campaignId, 'reports-nps');
  assert.equal(campaignDecision(campaigns, { ...reports, route: '/reports/7' }, policy, null).due.campaignId, 'reports-nps');
  assert.deepEqual(campaignDecision(campaigns, { ...reports, route: '/home' }, policy, null).campaigns[1],
    { campaignId: 'reports-nps', show: false, reason: 'NOT_TRIGGERED', nextEligibleAt: null });

  // A role that is not targeted never sees it.
  const viewer = campaignDecision(campaigns, { ...fired, now: T + 30_000, role: 'viewer' }, policy, null);
  assert.equal(viewer.due, null);
  assert.equal(viewer.campaigns[0].reason, 'NOT_TARGETED');
});

test('check-ins and surveys share one fatigue budget through the policy state', () => {
  const both = {
    ...context,
    now: T + 60_000,
    triggered: { 'ces-after-export': T },
    periods: { 'time-to-report': { start: T, due: T + 90 * DAY } },
  };
  const d = campaignDecision(campaigns, both, policy, null);
  assert.equal(d.due.campaignId, 'ces-after-export');
  assert.equal(d.campaigns[2].reason, 'QUEUED');

  const state = recordSurveyEvent(policy, null, { type: 'shown', promptId: 'p1', surveyId: d.due.surveyId, kind: d.due.kind, role: 'analyst', at: both.now });
  const after = campaignDecision(campaigns, { ...both, now: both.now + 1000 }, policy, state);
  assert.equal(after.due, null);
  assert.deepEqual(after.campaigns[0], { campaignId: 'ces-after-export', show: false, reason: 'DONE', nextEligibleAt: null });
  assert.deepEqual(after.campaigns[2], { campaignId: 'baseline', show: false, reason: 'USER_FATIGUE', nextEligibleAt: both.now + DAY });

  const nextDay = campaignDecision(campaigns, { ...both, now: both.now + DAY }, policy, state);
  assert.deepEqual(nextDay.due, {
    campaignId: 'baseline',
    surveyId: 'baseline',
    kind: 'checkin',
    ask: campaigns[2].ask,
    metrics: ['time-to-report'],
  });
});

test('bad campaigns are coded errors naming the path', () => {
  const broken = (change) => {
    const copy = structuredClone(campaigns);
    change(copy);
    return copy;
  };
  throwsCode(() => checkCampaigns(broken((c) => (c[0].trigger.event.occurrence = 0)), policy), RangeError, 'INVALID_COUNT', 'campaigns[0].trigger.event.occurrence');
  throwsCode(() => checkCampaigns(broken((c) => (c[2].id = c[0].id)), policy), Error, 'DUPLICATE_ID', 'campaigns[2].id');
  throwsCode(() => checkCampaigns(broken((c) => (c[1].ask.survey.kind = 'csat')), policy), Error, 'UNKNOWN_SURVEY_KIND', 'campaigns[1].ask.survey.kind');
  throwsCode(() => checkCampaigns(broken((c) => (c[1].trigger.days = 3)), policy), Error, 'UNKNOWN_OPTION', 'campaigns[1].trigger.days');
  throwsCode(() => checkCampaigns(broken((c) => (c[1].trigger.daysSinceSignup = 3)), policy), RangeError, 'INVALID_VALUE', 'campaigns[1].trigger');
  throwsCode(() => checkCampaigns(broken((c) => (c[0].target.roles = [])), policy), Error, 'EMPTY_INPUT', 'campaigns[0].target.roles');
  throwsCode(() => checkCampaigns(broken((c) => (c[0].target.levels = ['1'])), policy), TypeError, 'WRONG_TYPE', 'campaigns[0].target.levels[0]');
  throwsCode(() => checkCampaigns(broken((c) => (c[0].schedule.end = c[0].schedule.start)), policy), RangeError, 'INVALID_TIME', 'campaigns[0].schedule.end');
  throwsCode(() => checkCampaigns(broken((c) => (c[0].delayMs = -1)), policy), RangeError, 'INVALID_DURATION', 'campaigns[0].delayMs');
  throwsCode(() => checkCampaigns(broken((c) => (c[2].ask.checkIn.metrics = ['a', 'a'])), policy), Error, 'DUPLICATE_ID', 'campaigns[2].ask.checkIn.metrics[1]');
  throwsCode(() => checkCampaigns({}, policy), TypeError, 'WRONG_TYPE', 'campaigns');
  const many = Array.from({ length: 101 }, (_, i) => ({ ...campaigns[1], id: `c${i}` }));
  throwsCode(() => checkCampaigns(many, policy), RangeError, 'TOO_LARGE', 'campaigns');
  assert.equal(checkCampaigns(many.slice(0, 100), policy).length, 100);
});

test('bad occurrences and contexts are coded errors naming the field', () => {
  throwsCode(() => campaignTriggers(campaigns, { event: 'e', count: 1.5 }), RangeError, 'INVALID_COUNT', 'occurrence.count');
  throwsCode(() => campaignTriggers(campaigns, { event: 'e', route: '/' }), RangeError, 'INVALID_VALUE', 'occurrence');
  throwsCode(() => campaignTriggers(campaigns, { route: '' }), RangeError, 'EMPTY_TEXT', 'occurrence.route');
  throwsCode(() => campaignDecision(campaigns, { ...context, now: '1' }, policy, null), TypeError, 'WRONG_TYPE', 'context.now');
  throwsCode(() => campaignDecision(campaigns, { ...context, sessionStart: T + 1 }, policy, null), RangeError, 'INVALID_TIME', 'context.sessionStart');
  throwsCode(() => campaignDecision(campaigns, { ...context, level: 0 }, policy, null), RangeError, 'VALUE_OUT_OF_RANGE', 'context.level');
  throwsCode(() => campaignDecision(campaigns, { ...context, account: { plan: ['pro'] } }, policy, null), TypeError, 'WRONG_TYPE', 'context.account.plan');
  throwsCode(() => campaignDecision(campaigns, { ...context, periods: { m: { start: 5, due: 1 } } }, policy, null), RangeError, 'INVALID_TIME', 'context.periods.m.due');
  throwsCode(() => campaignDecision(campaigns, { ...context, triggered: { x: -1 } }, policy, null), RangeError, 'INVALID_TIME', 'context.triggered.x');
  throwsCode(() => campaignDecision(campaigns, { ...context, extra: 1 }, policy, null), Error, 'UNKNOWN_OPTION', 'context.extra');
  throwsCode(() => campaignDecision(campaigns, context, { ...policy, userGapDays: -1 }, null), RangeError, 'INVALID_DURATION', 'policy.userGapDays');
});
