// `clg-metrics/sdk` in Node: options, consent, the outbox cap, the survey
// policy through Rust, sync against the reference collector (with faults),
// and the wire helpers. (IndexedDB, tabs and pagehide: tests/browser/sdk.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { samplingHash } from 'clg-metrics';
import { createClient, SURVEY_SHOWN_EVENT } from 'clg-metrics/sdk';
import { ackedKeys } from '../../dist/sdk/sync.js';
import { createCollector } from '../../scripts/collector.mjs';
import { startCollector } from '../support/collector.mjs';
import { model } from '../support/model.mjs';

const who = { accountId: 'acme', userId: 'u1', role: 'admin' };
const policy = { kinds: { nps: { recontactDays: 90 }, csat: { recontactDays: 30, sampleRate: 1 } }, userGapDays: 14, sessionDelayMinutes: 0, snoozeDays: 1 };
let running, collector, endpoint;

before(async () => {
  running = await startCollector();
  ({ collector, endpoint } = running);
});

after(() => running.stop());

/** A client whose errors are collected in `errors`. */
async function client(options = {}) {
  const errors = [];
  const c = await createClient({ ...who, storage: 'memory', onError: (e) => errors.push(e), ...options });
  return { c, errors };
}

test('an answer to a prompt forgotten with age, or shown later than this clock says, is recorded and blocks nothing anew', async () => {
  const DAY = 86_400_000;
  const realNow = Date.now;
  let clock = realNow();
  Date.now = () => clock;
  try {
    const { c, errors } = await client({ userId: 'aged', policy });
    const old = c.surveyShown({ surveyId: 'nps-q3', kind: 'nps' });
    clock += 100 * DAY; // the tab stayed open: the merge as of now forgets the prompt (90-day horizon)
    c.loadSurveyState({ version: 1, prompts: [], accountPrompts: [] });
    assert.equal(c.shouldAskSurvey('nps').show, true);
    assert.equal((await c.dismissSurvey({ promptId: old })).accepted, true, 'the person saw it: the answer counts');
    assert.equal(c.shouldAskSurvey('nps').show, true, 'recorded at the time it was shown, it blocks nothing now');
    // A prompt another device recorded with a clock 5 days ahead closes at its own time.
    const ahead = clock + 5 * DAY;
    c.loadSurveyState({ version: 1, prompts: [{ id: 'ahead', surveyId: 'nps-f', kind: 'nps', at: ahead, outcome: 'shown', outcomeAt: null }], accountPrompts: [{ id: 'ahead', role: 'admin', at: ahead }] });
    assert.equal((await c.submitSurvey({ surveyId: 'nps-f', kind: 'nps', promptId: 'ahead', answers: { score: 9 } })).accepted, true);
    const closed = c.surveyState().prompts.find((p) => p.id === 'ahead');
    assert.deepEqual([closed.outcome, closed.outcomeAt], ['responded', ahead]);
    // A prompt this page showed, forgotten, answered after this clock moved back before it was shown: it closes
    // at the time it was shown (it was INVALID_TIME naming `dismissal.at`, a field the call does not have).
    const shownAt = clock;
    const late = c.surveyShown({ surveyId: 'nps-late', kind: 'nps' });
    clock += 100 * DAY;
    c.loadSurveyState({ version: 1, prompts: [], accountPrompts: [] }); // forgets it
    clock = shownAt - DAY;
    assert.equal((await c.dismissSurvey({ promptId: late })).accepted, true);
    const dismissed = c.surveyState().prompts.find((p) => p.id === late);
    assert.deepEqual([dismissed.outcome, dismissed.outcomeAt], ['dismissed', shownAt]);
    assert.deepEqual(errors, []);
    await c.destroy();
  } finally {
    Date.now = realNow;
  }
});

test('bad options are typed errors naming the option, with the codes and classes of the error table', async () => {
  const cases = [
    [{ ...who, userId: '' }, RangeError, 'EMPTY_TEXT', 'options.userId'],
    [{ ...who, accountId: '   ' }, RangeError, 'EMPTY_TEXT', 'options.accountId'],
    [{ ...who, role: '\t\n' }, RangeError, 'EMPTY_TEXT', 'options.role'],
    [{ ...who, userId: 7 }, TypeError, 'WRONG_TYPE', 'options.userId'],
    [{ ...who, storage: 'localStorage' }, RangeError, 'INVALID_CHOICE', 'options.storage'],
    [{ ...who, consent: 'yes' }, RangeError, 'INVALID_CHOICE', 'options.consent'],
    [{ ...who, consent: true }, TypeError, 'WRONG_TYPE', 'options.consent'],
    [{ ...who, batchSize: 0 }, RangeError, 'INVALID_COUNT', 'options.batchSize'],
    [{ ...who, batchSize: '100' }, TypeError, 'WRONG_TYPE', 'options.batchSize'],
    [{ ...who, sessionStart: -1 }, RangeError, 'INVALID_TIME', 'options.sessionStart'],
    [{ ...who, sessionStart: '1' }, TypeError, 'WRONG_TYPE', 'options.sessionStart'],
    [{ ...who, endpont: '/collect' }, Error, 'UNKNOWN_OPTION', 'options.endpont'],
    [{ ...who, policy: { kinds: { nps: { recontactDays: -1 } } } }, RangeError, 'INVALID_DURATION', 'options.policy.kinds.nps.recontactDays'],
    [{ ...who, policy: { kinds: {}, bogus: 1 } }, Error, 'UNKNOWN_OPTION', 'options.policy.bogus'],
    // The input limits (a string of 1,000,001 characters was accepted), and ids' 200 characters.
    ...['accountId', 'userId', 'role', 'endpoint', 'storage'].map((key) => [{ ...who, [key]: 'u'.repeat(1_000_001) }, RangeError, 'TOO_LARGE', `options.${key}`]),
    ...['accountId', 'userId', 'role'].map((key) => [{ ...who, [key]: 'u'.repeat(201) }, RangeError, 'TEXT_TOO_LONG', `options.${key}`]),
  ];
  for (const [options, type, code, field] of cases) {
    await assert.rejects(createClient(options), (e) => e instanceof type && e.code === code && e.field === field && e.message.startsWith(field), JSON.stringify(options).slice(0, 200));
  }
  // At the limit, an id works wherever it goes (the survey policy counts UTF-16 code units, the results store characters).
  const long = await createClient({ accountId: '😀'.repeat(100), userId: 'u'.repeat(200), role: 'r'.repeat(200), storage: 'memory', policy });
  assert.equal(long.shouldAskSurvey('nps').show, true);
  assert.equal(typeof long.surveyShown({ surveyId: 'nps', kind: 'nps' }), 'string');
  await long.destroy();
  const { c } = await client();
  assert.throws(() => c.track(''), { name: 'RangeError', code: 'EMPTY_TEXT', field: 'event' });
  assert.throws(() => c.track('x', { nested: { a: 1 } }), { code: 'WRONG_TYPE', field: 'props.nested' });
  assert.throws(() => c.track('x', { n: NaN }), { code: 'NOT_FINITE', field: 'props.n' });
  await c.destroy();
  assert.throws(() => c.track('x'), { code: 'CLIENT_DESTROYED' });
});

test('an option holding null is absent and takes its default', async () => {
  const nulls = Object.fromEntries([
    'endpoint', 'storage', 'consent', 'onError', 'onDelivered', 'policy', 'sessionStart', 'observers', 'model', 'maturity',
    'flushIntervalMs', 'batchSize', 'maxOutboxItems', 'sendBatchItems', 'retryBaseMs', 'retryMaxMs', 'requestTimeoutMs',
  ].map((key) => [key, null]));
  const c = await createClient({ ...who, ...nulls, storage: 'memory' });
  assert.equal(c.consent, 'granted');
  assert.equal(c.track('works'), true);
  assert.throws(() => c.shouldAskSurvey('nps'), { code: 'NO_POLICY', message: /^options\.policy: / });
  await c.destroy();
});

test('IndexedDB is absent in Node: memory storage, reported through onError', async () => {
  const { c, errors } = await client({ storage: 'indexeddb' });
  assert.equal(c.storage, 'memory');
  assert.deepEqual(errors.map((e) => e.code), ['STORAGE_UNAVAILABLE']);
  assert.equal(c.track('works'), true);
  // Reopening by reset() and by a new grant finds it unavailable again: still one report.
  await c.reset();
  await c.revokeConsent();
  await c.grantConsent();
  assert.equal(c.storage, 'memory');
  assert.deepEqual(errors.map((e) => e.code), ['STORAGE_UNAVAILABLE']);
  assert.equal(c.track('still works'), true);
  await c.destroy();
});

test('consent required: nothing is kept until granted; revoking forgets', async () => {
  const { c, errors } = await client({ consent: 'required', endpoint, policy });
  const before = collector.stats.received;
  assert.equal(c.storage, 'none');
  assert.equal(c.track('early'), false);
  const r = await c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 9 } });
  assert.equal(r.accepted, false);
  assert.equal(r.error.code, 'CONSENT_REQUIRED');
  assert.equal(c.shouldAskSurvey('nps').reason, 'CONSENT_REQUIRED');
  assert.throws(() => c.surveyShown({ surveyId: 's', kind: 'nps' }), { code: 'CONSENT_REQUIRED', field: 'consent', message: /^consent: / });
  assert.equal((await c.flush()).pending.all, 0);
  assert.equal(collector.stats.received, before);
  await c.grantConsent();
  assert.equal(c.storage, 'memory');
  assert.equal(c.track('later'), true);
  await c.revokeConsent();
  assert.equal(c.consent, 'required');
  assert.equal(c.track('after'), false);
  await c.flush();
  assert.equal(collector.stats.received, before);
  assert.deepEqual(errors, []);
  await c.destroy();
});

test('outbox full: new items are refused, reported, never dropped', async () => {
  const { c, errors } = await client({ batchSize: 1, maxOutboxItems: 2 });
  assert.equal(c.track('a'), true);
  assert.equal(c.track('b'), true);
  assert.equal(c.track('c'), false);
  const r = await c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 3 } });
  assert.equal(r.error.code, 'OUTBOX_FULL');
  assert.equal(c.track('c again'), false);
  assert.deepEqual(errors.map((e) => e.code), ['OUTBOX_FULL'], 'reported once per time the outbox fills up');
  await assert.rejects(c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { n: 1n } }), { code: 'WRONG_TYPE', field: 'response.answers.n' });
  assert.equal((await c.flush()).pending.all, 2);
  assert.equal(await c.reset(), 2);
  assert.equal(c.track('d'), true);
  await c.destroy();
});

test('a dismissal names its survey and kind: of a prompt shown here, and of one from loaded state', async () => {
  const dismissals = [];
  const observers = [{ accepted: (item) => item.type === 'dismissal' && dismissals.push(item.payload) }];
  const { c } = await client({ policy, observers });
  const here = c.surveyShown({ surveyId: 'nps-q3', kind: 'nps' });
  const { c: other } = await client({ userId: 'u1', policy, observers });
  other.loadSurveyState(c.surveyState());
  await other.dismissSurvey({ promptId: here, askLater: true });
  await c.dismissSurvey({ promptId: here });
  assert.deepEqual(
    dismissals.map(({ promptId, surveyId, kind, askLater }) => ({ promptId, surveyId, kind, askLater })),
    [
      { promptId: here, surveyId: 'nps-q3', kind: 'nps', askLater: true },
      { promptId: here, surveyId: 'nps-q3', kind: 'nps', askLater: false },
    ],
  );
  await c.destroy();
  await other.destroy();
});

test('survey policy through Rust: shown, dismissed, recontact period; state round-trips', async () => {
  const seen = [];
  const { c, errors } = await client({ policy, observers: [{ accepted: (item) => seen.push(item.type) }] });
  assert.deepEqual(c.shouldAskSurvey('nps', { surveyId: 'nps-q3' }), { show: true, reason: 'ELIGIBLE', retryAt: null });
  const promptId = c.surveyShown({ surveyId: 'nps-q3', kind: 'nps' });
  const d = await c.dismissSurvey({ promptId });
  assert.equal(d.accepted, true);
  const next = c.shouldAskSurvey('nps', { surveyId: 'nps-q3' });
  assert.equal(next.reason, 'RECONTACT_PERIOD');
  assert.ok(next.retryAt > Date.now() + 89 * 86_400_000);
  assert.equal(c.shouldAskSurvey('csat').reason, 'USER_FATIGUE');
  const state = c.surveyState();
  assert.equal(state.version, 1);
  assert.equal(state.prompts[0].outcome, 'dismissed');
  // The frozen state itself, not a copy: the same object until the state changes, and it cannot be changed.
  assert.equal(c.surveyState(), state);
  assert.ok(Object.isFrozen(state) && Object.isFrozen(state.prompts) && Object.isFrozen(state.prompts[0]));
  assert.throws(() => state.prompts.push({}), TypeError);
  assert.deepEqual(JSON.parse(JSON.stringify(state)), { version: 1, prompts: [...state.prompts], accountPrompts: [...state.accountPrompts] });
  // Another device loads the state from the host's backend.
  const { c: other } = await client({ userId: 'u1', policy });
  other.loadSurveyState(state);
  assert.equal(other.shouldAskSurvey('nps').reason, 'RECONTACT_PERIOD');
  assert.throws(() => other.loadSurveyState({ ...state, version: 9 }), { code: 'UNSUPPORTED_VERSION', field: 'state.version' });
  assert.throws(() => c.shouldAskSurvey('ces'), { code: 'UNKNOWN_SURVEY_KIND' });
  await c.flush();
  assert.deepEqual(seen.sort(), ['dismissal', 'events']);
  assert.deepEqual(errors, []);
  await c.destroy();
  await other.destroy();
});

test('sync: 500s and a dropped connection are retried with backoff; each item is stored once', async () => {
  const start = { ...collector.stats };
  collector.fault = { mode: 'fail' };
  const { c, errors } = await client({ userId: 'sync', endpoint, retryBaseMs: 20, retryMaxMs: 50, batchSize: 10 });
  for (let i = 0; i < 25; i++) c.track('e', { i });
  const answer = await c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 10 } });
  assert.equal(answer.accepted, true);
  await c.flush();
  assert.ok(errors.some((e) => e.code === 'SEND_FAILED'));
  collector.fault = { mode: 'lose-ack' }; // stored, but the ack never arrives: sent again, stored once
  await c.flush();
  collector.fault = null;
  while ((await c.flush()).pending.all > 0) await new Promise((r) => setTimeout(r, 20));
  const mine = collector.items().filter((item) => item.payload.userId === 'sync');
  const events = mine.filter((i) => i.type === 'events').flatMap((i) => i.payload.events);
  assert.deepEqual(events.map((e) => e.props.i), Array.from({ length: 25 }, (_, i) => i));
  assert.equal(mine.filter((i) => i.type === 'response').length, 1);
  assert.equal(new Set(mine.map((i) => i.key)).size, mine.length);
  assert.equal(collector.stats.stored - start.stored, mine.length);
  assert.ok(collector.stats.duplicates - start.duplicates >= 1, 'the lost ack made a resend');
  await c.destroy();
});

test('dismissals are counted, never scored: shown events, responses and dismissals reach the collector per survey (README)', async () => {
  const { c } = await client({ userId: 'rates', endpoint, policy: { kinds: { nps: { recontactDays: 0 } } } });
  const shown = [c.surveyShown({ surveyId: 'q3', kind: 'nps' }), c.surveyShown({ surveyId: 'q3', kind: 'nps' }), c.surveyShown({ surveyId: 'q3', kind: 'nps' })];
  assert.equal((await c.submitSurvey({ surveyId: 'q3', kind: 'nps', promptId: shown[0], answers: { score: 9 } })).accepted, true);
  assert.equal((await c.dismissSurvey({ promptId: shown[1] })).accepted, true);
  assert.equal((await c.dismissSurvey({ promptId: shown[2], askLater: true })).accepted, true);
  while ((await c.flush()).pending.all > 0) await new Promise((r) => setTimeout(r, 20));
  const mine = collector.items().filter((item) => item.payload.userId === 'rates');
  const events = mine.filter((i) => i.type === 'events').flatMap((i) => i.payload.events).filter((e) => e.name === SURVEY_SHOWN_EVENT);
  assert.deepEqual(events.map((e) => [e.props.surveyId, e.props.kind, e.props.promptId]), shown.map((id) => ['q3', 'nps', id]));
  const responses = mine.filter((i) => i.type === 'response' && i.payload.surveyId === 'q3');
  const dismissals = mine.filter((i) => i.type === 'dismissal' && i.payload.surveyId === 'q3');
  assert.deepEqual([responses.length / events.length, dismissals.length / events.length], [1 / 3, 2 / 3]);
  assert.deepEqual(dismissals.map((d) => [d.payload.kind, d.payload.askLater]), [['nps', false], ['nps', true]]);
  assert.equal(c.scores('q3').n, 1, 'the dismissals are not answers');
  await c.destroy();
});

test('the collector keeps de-duplicating after a restart', () => {
  const again = createCollector({ dataDir: running.dataDir });
  assert.equal(again.keys.size, collector.keys.size);
  assert.ok(collector.keys.size > 0);
});

test('wire helpers: ack filtering', () => {
  assert.deepEqual(ackedKeys({ acked: ['a', 'zzz'] }, ['a', 'b']), ['a']);
  assert.throws(() => ackedKeys({ ok: true }, ['a']), { code: 'BAD_ACK' });
  assert.equal(SURVEY_SHOWN_EVENT, '$survey_shown');
});

test('the documented sampling hash in plain JS equals the Rust one', () => {
  // README, "Survey hygiene": FNV-1a 32-bit over UTF-8(surveyId) 0x00 UTF-8(userId), then murmur3 fmix32.
  const hash = (surveyId, userId) => {
    let h = 0x811c9dc5;
    for (const byte of [...new TextEncoder().encode(surveyId), 0, ...new TextEncoder().encode(userId)]) {
      h = Math.imul(h ^ byte, 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  for (let i = 0; i < 2000; i++) {
    const survey = `survey-${i % 7}`;
    const user = i % 3 ? `user-${i}` : `ü${i}✓`;
    assert.equal(samplingHash(survey, user), hash(survey, user), `${survey} ${user}`);
  }
  assert.equal(samplingHash('nps-q3', 'user-42'), 0x01b461e8);
});

test('consent withdrawn while a prompt is open: its answer is refused with CONSENT_REQUIRED, then accepted once consent is back', async () => {
  const { c } = await client({ policy });
  const promptId = c.surveyShown({ surveyId: 'q3', kind: 'nps' });
  await c.revokeConsent();
  const refused = await c.submitSurvey({ surveyId: 'q3', kind: 'nps', promptId, answers: { score: 9 } });
  assert.deepEqual([refused.accepted, refused.error.code], [false, 'CONSENT_REQUIRED']);
  const dismissal = await c.dismissSurvey({ promptId });
  assert.deepEqual([dismissal.accepted, dismissal.error.code], [false, 'CONSENT_REQUIRED']);
  await c.grantConsent();
  const accepted = await c.submitSurvey({ surveyId: 'q3', kind: 'nps', promptId, answers: { score: 9 } });
  assert.equal(accepted.accepted, true, 'the person sends again: it counts');
  const prompts = c.surveyState().prompts;
  assert.deepEqual(prompts.map((p) => [p.id, p.surveyId, p.outcome]), [[promptId, 'q3', 'responded']]);
  assert.equal(c.shouldAskSurvey('nps').reason, 'RECONTACT_PERIOD');
  // A prompt id this client never showed is still unknown.
  await assert.rejects(c.submitSurvey({ surveyId: 'q3', kind: 'nps', promptId: 'made-up', answers: { score: 9 } }), { code: 'UNKNOWN_PROMPT' });
  await c.destroy();
});

test('back-off holds while the app keeps tracking: no request before nextRetryAt; flush() still tries at once', async () => {
  const errors = [];
  const c = await createClient({ ...who, userId: 'backoff', storage: 'memory', endpoint, flushIntervalMs: 5, retryBaseMs: 60_000, retryMaxMs: 60_000, onError: (e) => errors.push(e) });
  collector.fault = { mode: 'status', status: 500 };
  try {
    const since = collector.log.length;
    c.track('first');
    while (!errors.some((e) => e.code === 'SEND_FAILED')) await new Promise((r) => setTimeout(r, 5));
    const failure = errors.find((e) => e.code === 'SEND_FAILED');
    const requests = () => collector.log.length - since;
    assert.equal(requests(), 1);
    for (let i = 0; i < 20; i++) {
      c.track('more', { i });
      await new Promise((r) => setTimeout(r, 10));
    }
    if (Date.now() < failure.nextRetryAt) assert.equal(requests(), 1, `no request before nextRetryAt (${failure.nextRetryAt - Date.now()} ms left)`);
    assert.equal((await c.inspectOutbox()).nextRetryAt, failure.nextRetryAt);
    collector.fault = null;
    const { pending } = await c.flush();
    assert.equal(pending.all, 0, 'flush() does not wait for the back-off');
    assert.equal((await c.inspectOutbox()).nextRetryAt, null);
  } finally {
    collector.fault = null;
    await c.destroy();
  }
});

test('reset() and revokeConsent() end the kept session: the next client starts a new one', async () => {
  const kept = new Map();
  globalThis.sessionStorage = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, String(v)), removeItem: (k) => kept.delete(k) };
  try {
    const delayed = { ...policy, sessionDelayMinutes: 10 };
    const first = await createClient({ ...who, userId: 'session', storage: 'memory', policy: delayed });
    const started = [...kept.values()].map(Number);
    assert.equal(started.length, 1);
    await new Promise((r) => setTimeout(r, 5));
    await first.reset();
    const after = [...kept.values()].map(Number);
    assert.ok(after.length === 1 && after[0] > started[0], `a new session start was kept (${started} -> ${after})`);
    await first.revokeConsent();
    assert.equal(kept.size, 0);
    await first.grantConsent();
    assert.ok(Number([...kept.values()][0]) >= after[0]);
    await first.destroy();
  } finally {
    delete globalThis.sessionStorage;
  }
});

test('hostile arguments (the second boundary audit): coded errors, no crash, nothing stored', async () => {
  const { c, errors } = await client({ policy });
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const getter = () => Object.defineProperty({}, 'x', { enumerable: true, get() { throw new Error('getter'); } });
  const code = (fn, expected, field) => {
    let error;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    assert.ok(error, `${expected} ${field}: nothing thrown`);
    assert.deepEqual([error.code, error.field], [expected, field], error.message);
  };
  // Sizes are checked before anything is copied (an Array of 2e8 holes once crashed Node in JSON.stringify).
  await assert.rejects(c.submitSurvey({ surveyId: 's', kind: 'feedback', answers: { list: new Array(2e8) } }), { code: 'TOO_LARGE', field: 'response.answers.list' });
  code(() => c.campaigns([], { segments: new Array(2 ** 32 - 1) }), 'TOO_LARGE', 'audience.segments');
  let reads = 0;
  const growing = new Proxy(['a', 'b'], { get: (t, k) => (k === 'length' ? (reads++ ? 2 ** 31 : 2) : t[k]) });
  c.campaigns([], { segments: growing }); // its length read once
  // Where an object belongs, a typed array is refused, not enumerated.
  code(() => c.track('e', new Uint8Array(10_000_001)), 'WRONG_TYPE', 'props');
  code(() => c.track('e', new Proxy(new Uint8Array(10_000_000), {})), 'WRONG_TYPE', 'props');
  // A Map or a Date keeps its contents out of its own keys: refused, not tracked as {}.
  code(() => c.track('e', new Map([['plan', 'pro']])), 'WRONG_TYPE', 'props');
  code(() => c.track('e', new Date()), 'WRONG_TYPE', 'props');
  // Revoked Proxies and throwing getters are UNREADABLE naming the argument; a revoked Proxy where a
  // string belongs is WRONG_TYPE (describing it in the message threw an uncoded TypeError: found by
  // tests/fuzz/sdk.test.mjs, seed 20261128, createClient #29).
  code(() => c.route(revoked()), 'WRONG_TYPE', 'path');
  code(() => c.track(revoked()), 'WRONG_TYPE', 'event');
  code(() => c.scores(revoked()), 'WRONG_TYPE', 'surveyId');
  code(() => c.track('e', revoked()), 'UNREADABLE', 'props');
  code(() => c.track('e', getter()), 'UNREADABLE', 'props.x');
  code(() => c.surveyShown(revoked()), 'UNREADABLE', 'shown');
  await assert.rejects(c.submitSurvey({ surveyId: 's', kind: 'nps', answers: getter() }), { code: 'UNREADABLE', field: 'response.answers.x' });
  code(() => c.loadScores('s', {}, revoked()), 'UNREADABLE', 'options');
  // null is absent where an argument is optional, a TypeError where it is required.
  assert.equal(typeof c.shouldAskSurvey('nps', null).show, 'boolean');
  await assert.rejects(c.submitSurvey(null), { code: 'WRONG_TYPE', field: 'response' });
  await assert.rejects(c.dismissSurvey(null), { code: 'WRONG_TYPE', field: 'dismissal' });
  // A time that is not finite breaks the rule of times (INVALID_TIME), a RangeError, as the error table says.
  for (const asOf of [Number.NaN, Infinity, -Infinity, 1.5, -1, 8.64e15 + 1]) {
    assert.throws(() => c.loadScores('s', {}, { asOf }), (e) => e instanceof RangeError && e.code === 'INVALID_TIME' && e.field === 'options.asOf', String(asOf));
  }
  assert.equal((await c.flush()).pending.all, 0, 'nothing was stored');
  assert.deepEqual(errors, []);
  await c.destroy();
  // createClient: a throwing getter, a lone surrogate in an id (it names the user's database).
  await assert.rejects(createClient(Object.defineProperty({ ...who, storage: 'memory' }, 'userId', { enumerable: true, get() { throw new Error('getter'); } })), { code: 'UNREADABLE', field: 'options.userId' });
  await assert.rejects(createClient({ ...who, userId: 'u\uD800', storage: 'memory' }), (e) => e instanceof RangeError && e.code === 'INVALID_VALUE' && e.field === 'options.userId');
  await assert.rejects(createClient(revoked()), { code: 'UNREADABLE', field: 'options' });
  await assert.rejects(createClient({ ...who, storage: 'memory', endpoint: revoked() }), { code: 'WRONG_TYPE', field: 'options.endpoint' });
  // options.observers is read once, into a copy (a revoked Proxy or a throwing trap there threw uncoded
  // errors: tests/fuzz/sdk.test.mjs, seed 4, createClient #113).
  const trapped = new Proxy([], { get() { throw new Error('trap'); } });
  for (const observers of [revoked(), trapped]) {
    await assert.rejects(createClient({ ...who, storage: 'memory', observers }), { code: 'UNREADABLE', field: 'options.observers' });
  }
  await assert.rejects(createClient({ ...who, storage: 'memory', observers: new Array(2e8) }), (e) => e instanceof RangeError && e.code === 'TOO_LARGE' && e.field === 'options.observers');
  await assert.rejects(createClient({ ...who, storage: 'memory', observers: {} }), { code: 'WRONG_TYPE', field: 'options.observers' });
  // Each observer is checked at creation (they were accepted and failed later, OBSERVER_FAILED on every item).
  const observers = [
    [[5], 'options.observers[0]'], [[{ accepted() {} }, null], 'options.observers[1]'], [[{}], 'options.observers[0].accepted'],
    [[{ accepted() {} }, { accepted: 'x' }], 'options.observers[1].accepted'],
  ];
  for (const [list, field] of observers) {
    await assert.rejects(createClient({ ...who, storage: 'memory', observers: list }), (e) => e instanceof TypeError && e.code === 'WRONG_TYPE' && e.field === field && e.message.startsWith(`${field}: `), field);
  }
  const throwing = { get accepted() { throw new Error('getter'); } };
  await assert.rejects(createClient({ ...who, storage: 'memory', observers: [throwing] }), { code: 'UNREADABLE', field: 'options.observers[0].accepted' });
  class Observer {
    accepted() {}
  }
  await (await createClient({ ...who, storage: 'memory', observers: [new Observer()] })).destroy();
});

test('every object argument: null or missing where required is WRONG_TYPE, a throwing Proxy UNREADABLE, both naming the argument itself', async () => {
  // Before: surveyShown(null) named `shown.surveyId`, dismissSurvey(null) `dismissal.promptId`, loadScores
  // without options `options.asOf` (README, Errors: a required argument holding null is WRONG_TYPE naming
  // it); history(revoked Proxy) named `metric.metric`.
  const { c, errors } = await client({ policy, model, role: 'sdr' });
  const aggregate = { version: 1, kind: 'nps', scale: 10, counts: [] };
  // method -> [[the arguments before it, its name, required, the arguments after it], ...]; every method is listed.
  const objects = {
    submitSurvey: [[[], 'response', true]],
    dismissSurvey: [[[], 'dismissal', true]],
    surveyShown: [[[], 'shown', true]],
    shouldAskSurvey: [[['nps'], 'options', false]],
    scores: [[['s'], 'options', false]],
    loadScores: [[['s'], 'aggregate', true, [{ asOf: 0 }]], [['s', aggregate], 'options', true]],
    record: [[[], 'observation', true]],
    setGoal: [[[], 'goal', true]],
    abandonGoal: [[[], 'goal', true]],
    loadResults: [[[], 'state', true]],
    loadSurveyState: [[[], 'state', true]],
    campaigns: [[[], 'campaigns', true], [[[]], 'audience', false]],
    campaignShown: [[[], 'due', true]],
    track: [[['e'], 'props', false]],
    // A string, but what the core reads as an object's field: a Proxy there is unreadable, named as the argument.
    history: [[[], 'metric', true]],
  };
  const noObject = [
    'metrics', 'canvas', 'model', 'results', 'surveyState', 'route', 'campaignStatus', 'onCampaign', 'onMetrics',
    'flush', 'inspectOutbox', 'reset', 'grantConsent', 'revokeConsent', 'destroy', 'storage', 'consent',
  ];
  assert.deepEqual(Object.keys(c).filter((name) => !(name in objects) && !noObject.includes(name)), [], 'every method is listed');
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const trap = () => {
    throw new Error('trap');
  };
  const trapped = () => new Proxy({}, { ownKeys: trap, get: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, has: trap });
  const outcome = async (name, args) => {
    try {
      await c[name](...args); // a throw and a rejection alike
      return null;
    } catch (error) {
      return error;
    }
  };
  for (const [name, list] of Object.entries(objects)) {
    for (const [before, field, required, after = []] of list) {
      const absent = [['null', [...before, null, ...after]], ['missing', after.length ? [...before, undefined, ...after] : before]];
      for (const [what, args] of absent) {
        const error = await outcome(name, args);
        if (!required) {
          assert.equal(error, null, `${name}: ${field} ${what} is absent`);
          continue;
        }
        assert.ok(error instanceof TypeError, `${name}: ${field} ${what}: ${error}`);
        assert.deepEqual([error.code, error.field], ['WRONG_TYPE', field], `${name}: ${field} ${what}: ${error.message}`);
        assert.ok(error.message.startsWith(`${field}: `) && error.message.endsWith('got nothing'), error.message);
      }
      for (const [what, value] of [['revoked Proxy', revoked()], ['throwing Proxy', trapped()]]) {
        const error = await outcome(name, [...before, value, ...after]);
        assert.deepEqual([error?.code, error?.field], ['UNREADABLE', field], `${name}: ${field} ${what}: ${error?.message}`);
        assert.ok(error.message.startsWith(`${field}: `), error.message);
      }
    }
  }
  assert.deepEqual(errors, []);
  await c.destroy();
});

test('the client has no start(): storage opens once, at createClient or at grantConsent()', async () => {
  // tests/fuzz/sdk.test.mjs, seed 20261128, start: an undeclared start() on a running client opened a fresh
  // store in place of the one holding the user's items (all lost); it also opened storage before consent.
  const { c } = await client({ batchSize: 1 });
  assert.equal('start' in c, false);
  c.track('kept');
  await c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 9 } });
  assert.equal((await c.inspectOutbox()).count, 2);
  await c.destroy();
  const { c: pending } = await client({ consent: 'required' });
  assert.equal('start' in pending, false);
  assert.equal(pending.storage, 'none', 'no storage before consent');
  await pending.grantConsent();
  pending.track('after consent');
  await pending.grantConsent();
  assert.equal((await pending.flush()).pending.all, 1);
  await pending.destroy();
});

test('a missing argument reads "got nothing", as in the core\'s messages', async () => {
  const { c } = await client();
  for (const call of [() => c.track(), () => c.track(null)]) {
    assert.throws(call, (e) => e.code === 'WRONG_TYPE' && e.field === 'event' && e.message.endsWith(', got nothing'));
  }
  await c.destroy();
});

test('a delay past setTimeout\'s limit waits (at most that limit), not 1 ms: requestTimeoutMs 2^31 still delivers', async () => {
  // tests/fuzz/sdk.test.mjs, seed 20261128 (createClient at an edge): valid options of 2^31 ms and more made
  // timers fire after 1 ms (TimeoutOverflowWarning): every request timed out, the open batch was sealed at once.
  const warnings = [];
  const warned = (warning) => warnings.push(warning.name);
  process.on('warning', warned);
  try {
    const { c, errors } = await client({ userId: 'long-timers', endpoint, requestTimeoutMs: 2 ** 31, flushIntervalMs: 2 ** 53 - 1, retryBaseMs: 2 ** 31, retryMaxMs: 2 ** 40 });
    c.track('e');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await c.inspectOutbox()).notDurable, 1, 'the open batch waits for its interval');
    const { delivered, pending } = await c.flush();
    assert.deepEqual([delivered.length, pending.all], [1, 0]);
    assert.deepEqual(errors, []);
    await c.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings, []);
  } finally {
    process.off('warning', warned);
  }
});

test('the client\'s methods work destructured, and none can be called on another object', async () => {
  // Before: `const { track } = client; track('x')` threw an uncoded TypeError
  // (a private field read on undefined), and so did
  // `Object.getPrototypeOf(client).track.call({})`.
  const { c } = await client({ policy, consent: 'required' });
  const { track, grantConsent, flush, inspectOutbox, shouldAskSurvey, destroy } = c;
  assert.equal(track('before consent'), false);
  await grantConsent();
  const { storage, consent } = c;
  assert.deepEqual([storage, consent], ['memory', 'granted']);
  assert.equal(track('report_exported', { rows: 3 }), true);
  assert.equal(shouldAskSurvey('nps').show, true);
  assert.throws(() => track(''), { code: 'EMPTY_TEXT', field: 'event' });
  assert.equal((await inspectOutbox()).count, 1);
  assert.equal((await flush()).pending.all, 1);
  // A plain object of bound methods and getters: nothing of the class to reach.
  assert.equal(Object.getPrototypeOf(c), Object.prototype);
  for (const [key, { value, get }] of Object.entries(Object.getOwnPropertyDescriptors(c))) {
    assert.match((value ?? get).name, /^bound /, `${key} is a bound function`);
  }
  assert.ok(Object.keys(c).includes('track') && Object.keys(c).includes('storage'));
  await destroy();
  assert.throws(() => track('after destroy'), { code: 'CLIENT_DESTROYED' });
});

test('after destroy() every method and getter throws CLIENT_DESTROYED; destroy() again does nothing', async () => {
  // Before: surveyState(), storage and consent still answered after destroy().
  const { c } = await client({ policy, model, role: 'sdr' });
  const promptId = c.surveyShown({ surveyId: 'nps-q3', kind: 'nps' });
  const calls = {
    track: ['x'], submitSurvey: [{ surveyId: 's', kind: 'nps', answers: { score: 9 } }], dismissSurvey: [{ promptId }],
    scores: ['s'], loadScores: ['s', { version: 1, kind: 'nps', scale: 10, counts: [] }, { asOf: 0 }],
    record: [{ metric: 'hours', value: 1 }], setGoal: [{ metric: 'hours', target: 1 }], abandonGoal: [{ metric: 'hours' }],
    metrics: [], history: ['hours'], canvas: [], model: [], results: [], loadResults: [c.results()],
    shouldAskSurvey: ['nps'], surveyShown: [{ surveyId: 's', kind: 'nps' }], surveyState: [], loadSurveyState: [c.surveyState()],
    campaigns: [[]], route: ['/'], campaignStatus: [], onCampaign: [() => {}], onMetrics: [() => {}],
    campaignShown: [{ campaignId: 'c', surveyId: 's', kind: 'nps' }], flush: [], inspectOutbox: [], reset: [],
    grantConsent: [], revokeConsent: [],
  };
  await c.destroy();
  await c.destroy();
  // The message starts with the field, as every error's (it did not).
  const destroyed = (name) => (e) => (e.code === 'CLIENT_DESTROYED' && e.field === 'client' && e.message.startsWith('client: ')) || assert.fail(`${name}: ${e.code} ${e.message}`);
  for (const name of Object.keys(c)) {
    if (name === 'destroy') continue;
    const descriptor = Object.getOwnPropertyDescriptor(c, name);
    if (descriptor.get) {
      assert.throws(() => c[name], destroyed(name), name);
      continue;
    }
    assert.ok(name in calls, `${name} needs an example here`);
    const call = async () => c[name](...calls[name]); // a throw becomes a rejection
    await assert.rejects(call().then(() => assert.fail(`${name} answered after destroy()`)), destroyed(name), name);
  }
});

test('outcomes land on the survey state as it is when they are stored; input is checked before consent', async () => {
  // Two outcomes stored at once, and a prompt shown meanwhile: none is lost (the second outcome
  // overwrote the first's state, and the prompt could be answered twice).
  const { c, errors } = await client({ policy });
  const a = c.surveyShown({ surveyId: 'sa', kind: 'nps' });
  const b = c.surveyShown({ surveyId: 'sb', kind: 'csat' });
  const submits = [
    c.submitSurvey({ surveyId: 'sa', kind: 'nps', promptId: a, answers: { score: 9 } }),
    c.submitSurvey({ surveyId: 'sb', kind: 'csat', promptId: b, answers: { score: 4 } }),
  ];
  const d = c.surveyShown({ surveyId: 'sd', kind: 'nps' });
  assert.deepEqual((await Promise.all(submits)).map((r) => r.accepted), [true, true]);
  const outcomes = () => Object.fromEntries(c.surveyState().prompts.map((p) => [p.id, p.outcome]));
  assert.deepEqual(outcomes(), { [a]: 'responded', [b]: 'responded', [d]: 'shown' });
  await assert.rejects(c.submitSurvey({ surveyId: 'sa', kind: 'nps', promptId: a, answers: { score: 9 } }), { code: 'PROMPT_CLOSED', field: 'response.promptId' });
  // State loaded while a dismissal is being stored stays.
  const dismissing = c.dismissSurvey({ promptId: d });
  c.loadSurveyState({ version: 1, prompts: [], accountPrompts: [{ id: 'colleague', role: 'admin', at: Date.now() - 1000 }] });
  assert.equal((await dismissing).accepted, true);
  assert.equal(outcomes()[d], 'dismissed');
  assert.ok(c.surveyState().accountPrompts.some((p) => p.id === 'colleague'));
  // Survey ids and kinds are a response's texts: 200 characters, well-formed; answers' keys and texts well-formed.
  const refusals = [
    [{ surveyId: 's'.repeat(201), kind: 'nps', answers: { score: 9 } }, 'TEXT_TOO_LONG', 'response.surveyId'],
    [{ surveyId: 'a\ud800', kind: 'nps', answers: { score: 9 } }, 'INVALID_VALUE', 'response.surveyId'],
    [{ surveyId: 'q', kind: 'custom', answers: { note: 'b\udc00' } }, 'INVALID_VALUE', 'response.answers.note'],
    [{ surveyId: 'sa', kind: 'custom', answers: {} }, 'KIND_MISMATCH', 'response.kind'], // sa has nps answers
  ];
  for (const [response, code, field] of refusals) await assert.rejects(c.submitSurvey(response), { code, field }, field);
  // A prop holding undefined is absent, as null is.
  assert.equal(c.track('e', { a: undefined, b: 1 }), true);
  assert.deepEqual(errors, []);
  await c.destroy();

  const { c: pending } = await client({ policy, consent: 'required' });
  assert.throws(() => pending.surveyShown({ surveyId: 5, kind: 'nps' }), { code: 'WRONG_TYPE', field: 'shown.surveyId' });
  assert.throws(() => pending.shouldAskSurvey('zzz'), { code: 'UNKNOWN_SURVEY_KIND', field: 'kind' });
  assert.throws(() => pending.shouldAskSurvey('nps', { surveyId: 'a\ud800' }), { code: 'INVALID_VALUE', field: 'options.surveyId' });
  assert.deepEqual(pending.shouldAskSurvey('nps'), { show: false, reason: 'CONSENT_REQUIRED', retryAt: null });
  assert.throws(() => pending.surveyShown({ surveyId: 'nps', kind: 'nps' }), { code: 'CONSENT_REQUIRED' });
  // A prompt id is checked before consent too (the survey policy's texts: 256 units, well-formed).
  await assert.rejects(pending.submitSurvey({ surveyId: 's', kind: 'fb', promptId: 'a\ud800b', answers: {} }), { code: 'INVALID_VALUE', field: 'response.promptId' });
  await assert.rejects(pending.dismissSurvey({ promptId: 'p'.repeat(257) }), { code: 'TEXT_TOO_LONG', field: 'dismissal.promptId' });
  await pending.destroy();
});

test('reset(): a write called meanwhile waits for the fresh storage; one still being stored is DISCARDED', async () => {
  const { c } = await client({ policy });
  const inFlight = c.submitSurvey({ surveyId: 'x', kind: 'nps', answers: { score: 3 } });
  const resetting = c.reset();
  const during = c.submitSurvey({ surveyId: 'y', kind: 'nps', answers: { score: 5 } });
  await resetting;
  const [first, second] = await Promise.all([inFlight, during]);
  assert.deepEqual([first.accepted, first.error?.code, first.error?.field], [false, 'DISCARDED', 'reset']);
  assert.equal(second.accepted, true);
  assert.equal((await c.inspectOutbox()).count, 1);
  await c.destroy();
});

test('a write is refused by reset() or revokeConsent() only when still being stored as it began: then never sent nor counted', async () => {
  const realFetch = globalThis.fetch;
  const sent = [];
  globalThis.fetch = async (url, init) => {
    const { items } = JSON.parse(init.body);
    sent.push(...items.map((i) => i.payload.userId));
    return new Response(JSON.stringify({ acked: items.map((i) => i.key) }), { status: 200 });
  };
  try {
    for (const clear of ['reset', 'revokeConsent']) {
      const outcomes = new Set();
      // From before the write to after it resolved, one microtask at a time.
      for (let ticks = 0; ticks < 40; ticks++) {
        const userId = `refused-${clear}-${ticks}`;
        const { c, errors } = await client({ userId, policy, endpoint: 'http://127.0.0.1:9/collect' });
        const answering = c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 9 } });
        for (let i = 0; i < ticks; i++) await null;
        const discarded = await c[clear]();
        const answer = await answering;
        await new Promise((r) => setTimeout(r, 5));
        const delivered = sent.filter((u) => u === userId).length;
        outcomes.add(answer.accepted ? 'accepted' : answer.error.code);
        if (!answer.accepted) {
          assert.equal(answer.error.code, clear === 'reset' ? 'DISCARDED' : 'CONSENT_REQUIRED');
          assert.equal(delivered, 0, `ticks ${ticks}: refused, yet delivered`);
        }
        // Accepted and not delivered: discarded by the reset, and counted; refused: never counted.
        if (clear === 'reset' && (!answer.accepted || !delivered)) assert.equal(discarded, answer.accepted ? 1 : 0, `ticks ${ticks}: discarded`);
        assert.deepEqual((await c.flush()).pending, { tab: 0, all: 0 });
        assert.deepEqual(errors, []);
        await c.destroy();
      }
      assert.equal(outcomes.size, 2, `${clear}: both sides of the write reached (${[...outcomes]})`);
    }
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('grantConsent(), revokeConsent() and reset() overlapping run one after the other: what is accepted after is stored and delivered', async () => {
  for (let ticks = 0; ticks < 12; ticks++) {
    for (const [first, second, consent] of [['grantConsent', 'reset', 'granted'], ['grantConsent', 'revokeConsent', 'required'], ['revokeConsent', 'grantConsent', 'granted'], ['reset', 'grantConsent', 'granted']]) {
      const userId = `turns-${first}-${second}-${ticks}`;
      const { c, errors } = await client({ userId, policy, endpoint, consent: first === 'grantConsent' ? 'required' : 'granted' });
      const one = c[first]();
      for (let i = 0; i < ticks; i++) await null;
      await c[second]();
      await one;
      const where = `${first} then ${second}, ${ticks} ticks`;
      assert.equal(c.consent, consent, where);
      assert.equal(c.storage, consent === 'granted' ? 'memory' : 'none', where);
      assert.equal(c.track('after', { ticks }), consent === 'granted', where);
      const answer = await c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 9 } });
      assert.equal(answer.accepted, consent === 'granted', where);
      if (consent === 'granted') {
        for (let i = 0; (await c.flush()).pending.all > 0; i++) {
          assert.ok(i < 200, `${where}: still pending`);
          await new Promise((r) => setTimeout(r, 10));
        }
        const mine = collector.items().filter((i) => i.payload.userId === userId);
        assert.deepEqual(mine.map((i) => i.type).sort(), ['events', 'response'], where);
      }
      assert.deepEqual(errors, [], where);
      await c.destroy();
    }
  }
});

test('a policy whose rules look back no time keeps a prompt a day, for its outcome', async () => {
  const { c } = await client({ policy: { kinds: { nps: { recontactDays: 0 } }, userGapDays: 0, sessionDelayMinutes: 0, snoozeDays: 0 } });
  const p = c.surveyShown({ surveyId: 'sa', kind: 'nps' });
  assert.equal(c.surveyState().prompts.length, 1);
  assert.equal((await c.submitSurvey({ surveyId: 'sa', kind: 'nps', promptId: p, answers: { score: 9 } })).accepted, true);
  await c.destroy();
});

test("a response answers its prompt's survey, and a scored survey's scale that is not finite is INVALID_SCALE", async () => {
  // A randomized review: a response of another survey or kind closed the prompt as responded while counting
  // for the other survey; a NaN scale was NOT_FINITE where the core, and csat(), say INVALID_SCALE.
  const { c, errors } = await client({ userId: 'mismatch', policy });
  const promptId = c.surveyShown({ surveyId: 'm', kind: 'csat' });
  await assert.rejects(c.submitSurvey({ surveyId: 'x', kind: 'nps', promptId, answers: { score: 9 } }), { code: 'KIND_MISMATCH', field: 'response.kind' });
  await assert.rejects(c.submitSurvey({ surveyId: 'x', kind: 'csat', promptId, answers: { score: 4 } }), (e) => e instanceof RangeError && e.code === 'INVALID_VALUE' && e.field === 'response.surveyId');
  assert.equal(c.surveyState().prompts.find((p) => p.id === promptId).outcome, 'shown', 'refused: the prompt stays open');
  assert.equal((await c.submitSurvey({ surveyId: 'm', kind: 'csat', promptId, answers: { score: 4 } })).accepted, true);
  for (const scale of [Number.NaN, Infinity]) {
    await assert.rejects(c.submitSurvey({ surveyId: 'c', kind: 'csat', answers: { score: 1, scale } }), (e) => e instanceof RangeError && e.code === 'INVALID_SCALE' && e.field === 'response.answers.scale');
  }
  await assert.rejects(c.submitSurvey({ surveyId: 'f', kind: 'feedback', answers: { scale: Number.NaN } }), { code: 'NOT_FINITE', field: 'response.answers.scale' });
  assert.deepEqual(errors, []);
  await c.destroy();
});

test('hostile arguments (a third review): text rules on every text argument, own __proto__ props kept, tracked events\' errors of their class', async () => {
  const { c, errors } = await client({ userId: 'hostile-3', endpoint, model, role: 'sdr', policy: { ...policy, sessionDelayMinutes: 0 } });
  const code = (fn) => {
    try {
      fn();
      return 'accepted';
    } catch (e) {
      return `${e.name} ${e.code} ${e.field}`;
    }
  };
  // A route with a lone surrogate was taken, then every campaign call threw naming context.route.
  c.campaigns([{ id: 'r', ask: { survey: { kind: 'nps' } }, trigger: { route: '/reports/*' } }]);
  assert.equal(code(() => c.route('/reports/\ud800')), 'RangeError INVALID_VALUE path');
  assert.equal(code(() => c.route('/'.repeat(2049))), 'RangeError TEXT_TOO_LONG path');
  assert.equal(c.campaignStatus().campaigns.length, 1);
  assert.equal(code(() => c.campaigns([])), 'accepted');
  // Survey ids of loadScores and scores follow the rules of the other survey calls.
  const aggregate = { version: 2, kind: 'nps', scale: { min: 0, max: 10 }, counts: Array(11).fill(0) };
  const asOf = Date.now();
  assert.deepEqual([
    () => c.loadScores('a\ud800', aggregate, { asOf }), () => c.loadScores('y'.repeat(201), aggregate, { asOf }),
    () => c.scores('y'.repeat(300)), () => c.scores('b\udc00'),
  ].map(code), ['RangeError INVALID_VALUE surveyId', 'RangeError TEXT_TOO_LONG surveyId', 'RangeError TEXT_TOO_LONG surveyId', 'RangeError INVALID_VALUE surveyId']);
  assert.equal(code(() => c.campaignShown({ campaignId: 'x', surveyId: 'a\ud800', kind: 'nps' })), 'RangeError INVALID_VALUE due.surveyId');
  // An own __proto__ prop (as JSON.parse gives it) is data, sent as given.
  assert.equal(c.track('proto', JSON.parse('{"__proto__": 1, "a": 2}')), true);
  // Events the core refuses for the metrics are reported with the class of their code.
  c.track('deal_created', { amount: 'abc' });
  c.track('deal_created', { amount: 1e308 });
  await c.flush();
  const sent = collector.items().filter((i) => i.payload.userId === 'hostile-3' && i.type === 'events').flatMap((i) => i.payload.events);
  const proto = sent.find((e) => e.name === 'proto');
  assert.deepEqual([Object.keys(proto.props), proto.props.a, Object.getOwnPropertyDescriptor(proto.props, '__proto__')?.value], [['__proto__', 'a'], 2, 1]);
  const reported = errors.filter((e) => e.field === 'track').map((e) => `${e.name} ${e.code}`);
  assert.deepEqual(reported, ['TypeError WRONG_TYPE', 'RangeError VALUE_OUT_OF_RANGE']);
  await c.destroy();
});

test('onMetrics tells its listener whether the user\'s data was forgotten: { cleared } after reset() and revokeConsent()', async () => {
  const { c } = await client({ userId: 'cleared', model, role: 'sdr' });
  const calls = [];
  c.onMetrics((change) => calls.push(change));
  await c.record({ metric: 'hours', value: 3 });
  await new Promise((r) => setTimeout(r, 10));
  await c.reset();
  await new Promise((r) => setTimeout(r, 10));
  await c.record({ metric: 'hours', value: 4 });
  await new Promise((r) => setTimeout(r, 10));
  await c.revokeConsent();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(calls.map((change) => change.cleared), [false, true, false, true]);
  await c.destroy();
});
