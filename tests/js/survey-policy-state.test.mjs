// Survey-policy state crosses as columns (src/js/policy-state.js): state
// fresh from JS (JSON.parse of what a backend returned) must give the same
// decisions and states as the state the module returned, and bad fresh
// state the same coded errors as the field-by-field reader (the wasm
// exports fed a plain copy, as the wrapper did before the columns; their
// columns read back as the wrapper reads them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSurveyState, recordSurveyEvent, surveyDecision } from 'clg-metrics';
import * as core from '../../dist/wasm/clg_metrics.js';
import { plain } from '../../dist/input.js';
import { returnedFrom } from '../../dist/policy-state.js';

/** The wasm exports fed plain data, read field by field: the reference. */
const reference = {
  // @ts-expect-error: internal exports, left out of the bindings' .d.ts
  recordSurveyEvent: (...args) => returnedFrom(core.recordSurveyEventPacked(...args)),
  // @ts-expect-error: internal exports, left out of the bindings' .d.ts
  mergeSurveyState: (...args) => returnedFrom(core.mergeSurveyStatePacked(...args)),
};

const DAY = 86_400_000;
const T = Date.UTC(2026, 0, 5);
const policy = {
  kinds: { nps: { recontactDays: 90 }, csat: { recontactDays: 30, sampleRate: 1 } },
  userGapDays: 3,
  accountCap: { max: 20, windowDays: 7 },
  roleCap: { max: 5, windowDays: 2 },
  sessionDelayMinutes: 2,
  snoozeDays: 1,
};
const OUTCOMES = ['responded', 'dismissed', 'snoozed', 'shown'];

/** A valid state of `n` prompts over 60 days, with non-ASCII texts and left-out outcome times. */
function fresh(n = 300) {
  const prompts = [];
  const accountPrompts = [];
  for (let i = 0; i < n; i++) {
    const id = i % 7 ? `p-${i}` : `p-😀-é-${i}`;
    const at = T + Math.floor((i * 60 * DAY) / n);
    const outcome = OUTCOMES[i % 4];
    const prompt = { id, surveyId: `s${i % 3}`, kind: i % 2 ? 'nps' : 'csat', at, outcome, outcomeAt: outcome === 'shown' ? null : at + 60_000 };
    if (outcome === 'shown' && i % 8 === 3) delete prompt.outcomeAt; // left out: as null
    prompts.push(prompt);
    accountPrompts.push({ id, role: ['admin', 'редактор', 'viewer'][i % 3], at });
  }
  for (let i = 0; i < n / 2; i++) accountPrompts.push({ id: `other-${i}`, role: 'admin', at: T + i * 3_600_000 });
  accountPrompts.sort((a, b) => a.at - b.at);
  return { version: 1, prompts, accountPrompts };
}

const asks = [0, 20, 59, 60.5, 61, 70, 95, 200].flatMap((days) =>
  ['nps', 'csat'].map((kind) => ({ surveyId: 'q', kind, userId: 'u1', role: 'admin', now: T + days * DAY, sessionStart: T })),
);

test('fresh state and the state the module returned give the same decisions and states', () => {
  const returned = mergeSurveyState(null, fresh());
  assert.ok(Object.isFrozen(returned) && Object.isFrozen(returned.prompts) && Object.isFrozen(returned.prompts[5]));
  const json = JSON.stringify(returned);
  for (const ask of asks) {
    const once = surveyDecision(policy, JSON.parse(json), ask);
    assert.deepEqual(surveyDecision(policy, returned, ask), once, JSON.stringify(ask));
    // A Proxy that reads as the state does, and state made of other objects' own keys.
    assert.deepEqual(surveyDecision(policy, new Proxy(JSON.parse(json), {}), ask), once);
    // The reference: the field-by-field reader of the wasm export.
    assert.deepEqual(core.surveyDecision(plain(policy), plain(JSON.parse(json)), ask), once);
  }
  const event = { type: 'shown', promptId: 'new', surveyId: 'q', kind: 'nps', role: 'admin', at: T + 61 * DAY };
  const fromFresh = JSON.stringify(recordSurveyEvent(policy, JSON.parse(json), event));
  assert.equal(JSON.stringify(recordSurveyEvent(policy, returned, event)), fromFresh);
  assert.equal(JSON.stringify(reference.recordSurveyEvent(plain(policy), JSON.parse(json), event)), fromFresh);
  const server = fresh(50);
  server.prompts[0] = { ...server.prompts[0], id: 'server-only' };
  const merged = JSON.stringify(mergeSurveyState(JSON.parse(json), server));
  assert.equal(JSON.stringify(reference.mergeSurveyState(JSON.parse(json), structuredClone(server))), merged);
  assert.equal(JSON.stringify(mergeSurveyState(mergeSurveyState(null, JSON.parse(json)), server)), merged);
  // The same returned state as both arguments.
  const again = mergeSurveyState(null, JSON.parse(json));
  assert.equal(JSON.stringify(mergeSurveyState(again, again)), json);
});

test('fresh state reads the same whatever its texts and objects, one state after another in a task', () => {
  // All ASCII (a byte per character) until a late survey id that is not.
  const ascii = fresh();
  for (const entry of [...ascii.prompts, ...ascii.accountPrompts]) {
    entry.id = entry.id.replace('😀-é-', 'x-');
    if (entry.role === 'редактор') entry.role = 'editor';
  }
  const late = structuredClone(ascii);
  late.prompts[250].surveyId = 'опрос-😀';
  // Entries that are not plain objects: read the field-by-field way.
  const odd = structuredClone(late);
  odd.prompts[7] = Object.assign(Object.create(null), odd.prompts[7]);
  odd.accountPrompts[9] = Object.assign(new (class Entry {})(), odd.accountPrompts[9]);
  const event = { type: 'shown', promptId: 'new', surveyId: 'q', kind: 'nps', role: 'admin', at: T + 61 * DAY };
  const small = fresh(30);
  for (const state of [ascii, late, odd]) {
    for (const ask of asks) assert.deepEqual(surveyDecision(policy, state, ask), core.surveyDecision(plain(policy), plain(state), ask));
    const recorded = JSON.stringify(reference.recordSurveyEvent(plain(policy), plain(state), event));
    assert.equal(JSON.stringify(recordSurveyEvent(policy, state, event)), recorded);
    // Two fresh states in one call (their columns are packed one after the
    // other into the same arrays), smaller then larger and the other way.
    for (const [a, b] of [[state, small], [small, state]]) {
      assert.equal(JSON.stringify(mergeSurveyState(a, b)), JSON.stringify(reference.mergeSurveyState(plain(a), plain(b))));
    }
  }
  assert.equal(mergeSurveyState(null, late).prompts[250].surveyId, 'опрос-😀');
});

test('a getter of a state being packed may pack another state: both read as they are', () => {
  // The inner state must not be packed into the outer state's columns
  // (were packing's arrays kept for the next call, as tried: PERFORMANCE.md).
  const outer = fresh(200);
  const inner = fresh(40);
  let innerMerged;
  const entry = outer.prompts[100];
  const surveyId = entry.surveyId;
  Object.defineProperty(entry, 'surveyId', {
    enumerable: true,
    get() {
      innerMerged = JSON.stringify(mergeSurveyState(null, inner));
      return surveyId;
    },
  });
  const merged = JSON.stringify(mergeSurveyState(null, outer));
  assert.equal(innerMerged, JSON.stringify(reference.mergeSurveyState(null, plain(inner))));
  assert.equal(merged, JSON.stringify(reference.mergeSurveyState(null, plain(structuredClone(fresh(200))))));
});

test('returned state reads as plain frozen data; its lists are built once, when first read', () => {
  const event = { type: 'shown', promptId: 'new', surveyId: 'q', kind: 'nps', role: 'admin', at: T + 61 * DAY };
  const state = recordSurveyEvent(policy, fresh(), event);
  // Built here: every prompt with its outcomeAt (null when left out), the new one last in both lists (none pruned),
  // in time order, equal times by id (fresh() lists an account's prompts of the same hour as it met them).
  const given = fresh();
  const inOrder = (list) => list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const expected = {
    version: 1,
    prompts: [...given.prompts.map((p) => ({ ...p, outcomeAt: p.outcomeAt ?? null })), { id: 'new', surveyId: 'q', kind: 'nps', at: event.at, outcome: 'shown', outcomeAt: null }],
    accountPrompts: inOrder([...given.accountPrompts, { id: 'new', role: 'admin', at: event.at }]),
  };
  assert.notDeepEqual(expected.accountPrompts, [...given.accountPrompts, expected.accountPrompts.at(-1)], 'fresh() has ties out of id order');
  assert.deepEqual(Object.keys(state), ['version', 'prompts', 'accountPrompts']);
  assert.ok(Object.isFrozen(state) && Object.isFrozen(state.accountPrompts) && Object.isFrozen(state.accountPrompts[0]));
  assert.equal(state.prompts, state.prompts, 'the same list on every read');
  assert.deepEqual({ ...state }, expected);
  assert.equal(JSON.stringify(state), JSON.stringify(expected));
  assert.throws(() => {
    // @ts-expect-error: frozen
    state.prompts = [];
  }, TypeError);
  // Handed back unread, it is still the state it holds.
  const next = recordSurveyEvent(policy, state, { type: 'responded', promptId: 'new', at: T + 62 * DAY });
  assert.deepEqual(next.prompts.at(-1), { ...expected.prompts.at(-1), outcome: 'responded', outcomeAt: T + 62 * DAY });
});

test('a failed call on the state the module returned leaves it usable', () => {
  const returned = mergeSurveyState(null, fresh(40));
  const ask = asks[5];
  const expected = surveyDecision(policy, structuredClone(returned), ask);
  assert.throws(() => recordSurveyEvent(policy, returned, { type: 'dismissed', promptId: 'nope', at: T }), { code: 'UNKNOWN_PROMPT' });
  assert.throws(() => mergeSurveyState(returned, { version: 1, prompts: 'x', accountPrompts: [] }), { code: 'WRONG_TYPE', field: 'other.prompts' });
  assert.throws(() => surveyDecision({ kinds: 5 }, returned, ask), { code: 'WRONG_TYPE', field: 'policy.kinds' });
  assert.deepEqual(surveyDecision(policy, returned, ask), expected);
  assert.equal(JSON.stringify(recordSurveyEvent(policy, returned, { type: 'snoozed', promptId: 'p-3', at: T + 61 * DAY }).prompts[3]),
    JSON.stringify({ ...returned.prompts[3], outcome: 'snoozed', outcomeAt: T + 61 * DAY }));
});

/** The error `fn` throws, as comparable data. */
function errorOf(fn, name) {
  try {
    fn();
  } catch (error) {
    return { type: error.constructor.name, code: error.code, field: error.field, message: error.message };
  }
  assert.fail(`${name}: no error`);
}

/** Bad fresh states: each made from a valid one by `spoil`. */
const spoilers = {
  'a time off its range': (s) => { s.prompts[12].at = -1; },
  'a fractional time': (s) => { s.accountPrompts[40].at += 0.5; },
  'NaN': (s) => { s.prompts[30].outcomeAt = NaN; },
  'an outcome before its prompt': (s) => { s.prompts[13].outcomeAt = s.prompts[13].at - 1; },
  'an outcome without its time': (s) => { s.prompts[1].outcomeAt = null; },
  'a time on a shown prompt': (s) => { s.prompts[3].outcomeAt = T; },
  'a duplicate id': (s) => { s.prompts[20].id = s.prompts[10].id; },
  'a duplicate account id': (s) => { s.accountPrompts[9].id = s.accountPrompts[2].id; },
  'an empty text': (s) => { s.accountPrompts[4].role = ''; },
  'a text too long': (s) => { s.prompts[2].surveyId = 'x'.repeat(257); },
  'a string time': (s) => { s.prompts[12].at = String(s.prompts[12].at); },
  'a number id': (s) => { s.accountPrompts[5].id = 5; },
  'an unknown outcome': (s) => { s.prompts[6].outcome = 'ignored'; },
  'an unknown key': (s) => { s.prompts[7].extra = 1; },
  'an unknown state key': (s) => { s.extra = 1; },
  'a missing key': (s) => { delete s.prompts[8].kind; },
  'a missing list': (s) => { delete s.accountPrompts; },
  'a key from the prototype': (s) => {
    const { id, ...rest } = s.prompts[9];
    s.prompts[9] = Object.assign(Object.create({ id }), rest);
  },
  'an outcome time from the prototype': (s) => {
    const { outcomeAt, ...rest } = s.prompts[1];
    s.prompts[1] = Object.assign(Object.create({ outcomeAt }), rest);
  },
  'a sparse list': (s) => { s.prompts.length += 2; },
  'a hole': (s) => { delete s.accountPrompts[3]; },
  'a null entry': (s) => { s.prompts[0] = null; },
  'an array entry': (s) => { s.accountPrompts[0] = ['id', 'role', 'at']; },
  'a newer version': (s) => { s.version = 2; },
  'no version': (s) => { delete s.version; },
  'a string version': (s) => { s.version = '1'; },
  'too many prompts': (s) => { s.prompts = Array.from({ length: 100_001 }, (_, i) => ({ ...s.prompts[0], id: `x${i}` })); },
  'a throwing getter': (s) => { Object.defineProperty(s.prompts[5], 'at', { get() { throw new Error('no'); }, enumerable: true }); },
  'a throwing list getter': (s) => { Object.defineProperty(s, 'accountPrompts', { get() { throw new Error('no'); }, enumerable: true }); },
  'a Proxy entry': (s) => { s.prompts[4] = new Proxy(s.prompts[4], { get() { throw new Error('no'); } }); },
  'a revoked Proxy list': (s) => {
    const { proxy, revoke } = Proxy.revocable(s.prompts, {});
    revoke();
    s.prompts = proxy;
  },
  'a BigInt time': (s) => { s.prompts[2].at = 5n; },
};

test('bad fresh state gives the same coded errors as the field-by-field reader', () => {
  const good = mergeSurveyState(null, fresh(60));
  const ask = asks[4];
  const event = { type: 'dismissed', promptId: 'p-3', at: T + 61 * DAY };
  for (const [name, spoil] of Object.entries(spoilers)) {
    const make = () => {
      const state = JSON.parse(JSON.stringify(fresh(60)));
      return spoil(state) ?? state;
    };
    // Before the columns: a plain copy (which may throw itself), then the wasm export.
    const calls = [
      [() => surveyDecision(policy, make(), ask), () => core.surveyDecision(plain(policy), plain(make(), 'state'), ask)],
      [() => recordSurveyEvent(policy, make(), event), () => reference.recordSurveyEvent(plain(policy), plain(make(), 'state'), event)],
      [() => mergeSurveyState(make(), fresh(5)), () => reference.mergeSurveyState(plain(make(), 'state'), fresh(5))],
      [() => mergeSurveyState(good, make()), () => reference.mergeSurveyState(structuredClone(good), plain(make(), 'other'))],
    ];
    for (const [now, before] of calls) {
      const error = errorOf(now, name);
      assert.equal(typeof error.code, 'string', name);
      assert.deepEqual(error, errorOf(before, name), name);
    }
  }
  // The state returned last is still known after all these errors.
  assert.deepEqual(surveyDecision(policy, good, ask), surveyDecision(policy, structuredClone(good), ask));
});

test('with Object.prototype polluted, fresh state still reads as a plain copy reads it', () => {
  const s = fresh(40);
  delete s.prompts[5].id;
  // @ts-expect-error: polluting on purpose, for this test only
  Object.prototype.id = 'polluted';
  try {
    const ask = asks[0];
    const now = errorOf(() => surveyDecision(policy, s, ask), 'packed');
    assert.deepEqual(now, errorOf(() => core.surveyDecision(plain(policy), plain(s, 'state'), ask), 'plain'));
    assert.equal(now.field, 'state.prompts[5].id');
  } finally {
    // @ts-expect-error: the same
    delete Object.prototype.id;
  }
});

// The SDK stores the state the module returned as its columns
// (storedSurveyState) and reads any stored state back with
// loadStoredSurveyState: the same state, and coded errors for bad records.
test('stored state: the columns of a returned state, read back as the same state; plain state as mergeSurveyState reads it', async () => {
  const { loadStoredSurveyState, storedSurveyState } = await import('../../dist/policy-state.js');
  const state = mergeSurveyState(null, fresh());
  const stored = storedSurveyState(state);
  assert.deepEqual(Object.keys(stored), ['version', 'packed']);
  const [text, lengths, times, codes] = stored.packed;
  assert.equal(typeof text, 'string');
  assert.ok(lengths instanceof Uint32Array && times instanceof Float64Array && codes instanceof Uint8Array);
  // IndexedDB keeps a structured clone.
  const back = loadStoredSurveyState(structuredClone(stored));
  assert.deepEqual(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(state)));
  for (const ask of asks) assert.deepEqual(surveyDecision(policy, back, ask), surveyDecision(policy, state, ask));
  // State not returned by the module is stored as it is, and read as mergeSurveyState reads it.
  const plainState = fresh(40);
  assert.equal(storedSurveyState(plainState), plainState);
  assert.deepEqual(JSON.parse(JSON.stringify(loadStoredSurveyState(plainState))), JSON.parse(JSON.stringify(mergeSurveyState(null, plainState))));
});

test('stored state: a damaged record is a coded error, never a crash', async () => {
  const { loadStoredSurveyState, storedSurveyState } = await import('../../dist/policy-state.js');
  const good = storedSurveyState(mergeSurveyState(null, fresh(30)));
  const [text, lengths, times, codes] = good.packed;
  const damaged = [
    // columns that do not fit together
    [text.slice(1), lengths, times, codes],
    [text, lengths.subarray(1), times, codes],
    [text, lengths, times.subarray(1), codes],
    // values the core refuses: an unknown outcome code, a time that is not one
    [text, lengths, times, Uint8Array.from(codes, (c, i) => (i === 2 ? 9 : c))],
    [text, lengths, Float64Array.from(times, (t, i) => (i === 0 ? NaN : t)), codes],
    // not columns at all
    [text, Array.from(lengths), times, codes],
    [null, lengths, times, codes],
    [text, lengths, times],
  ];
  for (const packed of damaged) {
    assert.throws(() => loadStoredSurveyState({ version: 1, packed }), (e) => typeof e.code === 'string' && typeof e.field === 'string', String(packed[0]).slice(0, 20));
  }
  assert.throws(() => loadStoredSurveyState({ version: 2, packed: good.packed }), { code: 'UNSUPPORTED_VERSION' });
  assert.throws(() => loadStoredSurveyState({ ...good, extra: 1 }), (e) => typeof e.code === 'string');
  assert.throws(() => loadStoredSurveyState(null), (e) => typeof e.code === 'string');
  // Hostile records (not what IndexedDB gives back, but the reader must not care): coded too.
  const boom = () => {
    throw new Error('boom');
  };
  assert.throws(() => loadStoredSurveyState(new Proxy({}, { get: boom, ownKeys: boom })), (e) => typeof e.code === 'string');
  assert.throws(() => loadStoredSurveyState({ version: 1, get packed() { return boom(); } }), (e) => typeof e.code === 'string');
  // The module still answers.
  assert.equal(loadStoredSurveyState(structuredClone(good)).prompts.length, 30);
});

test('a merge with { policy, now } forgets what the policy no longer needs then, as recording does', () => {
  const entry = (id, at) => ({ id, surveyId: 's', kind: 'nps', at, outcome: 'shown', outcomeAt: null });
  const stored = { version: 1, prompts: [entry('ancient', T), entry('recent', T + 100 * DAY)], accountPrompts: [{ id: 'ancient', role: 'admin', at: T }] };
  const now = T + 101 * DAY; // the longest window (recontactDays 90) left 'ancient' behind
  const recorded = recordSurveyEvent(policy, stored, { type: 'shown', promptId: 'new', surveyId: 's', kind: 'csat', role: 'admin', at: now });
  assert.deepEqual(recorded.prompts.map((p) => p.id), ['recent', 'new']);
  assert.deepEqual(mergeSurveyState(recorded, stored).prompts.map((p) => p.id), ['ancient', 'recent', 'new'], 'a bare merge keeps every prompt');
  const merged = mergeSurveyState(recorded, stored, { policy, now });
  assert.deepEqual([merged.prompts.map((p) => p.id), merged.accountPrompts.map((p) => p.id)], [['recent', 'new'], ['new']]);
  assert.deepEqual(mergeSurveyState(recorded, stored, null).prompts.length, 3, 'null options are no options');
  for (const [options, code, field] of [
    [{ policy, now: 1.5 }, 'INVALID_TIME', 'options.now'],
    [{ policy }, 'WRONG_TYPE', 'options.now'],
    [{ now }, 'WRONG_TYPE', 'options.policy'],
    [{ policy, now, at: now }, 'UNKNOWN_OPTION', 'options.at'],
    [{ policy: { ...policy, snoozeDays: -1 }, now }, 'INVALID_DURATION', 'options.policy.snoozeDays'],
  ]) {
    assert.throws(() => mergeSurveyState(recorded, stored, options), (e) => e.code === code && e.field === field, JSON.stringify(options));
  }
  assert.equal(surveyDecision(policy, recorded, { surveyId: 's', kind: 'nps', userId: 'u', role: 'admin', now, sessionStart: T }).show, false, 'a failed merge left the returned state usable');
});

test('two devices agree after each merges the other, entries of the same millisecond included (equal times by id)', () => {
  // Random states over six times, so that many entries share a millisecond, with a shared
  // prompt now and then, which the two may hold with another survey, kind or role (a
  // backend's bug): each device merges the other's state (as loadSurveyState does).
  let seed = 7;
  // The high bits of the generator (its low bits repeat with short periods).
  const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 15) % n;
  const device = (tag) => {
    const prompts = [];
    const accountPrompts = [];
    for (let i = 0; i < 40; i++) {
      const id = random(4) ? `${tag}-${i}` : `shared-${random(10)}`;
      if (prompts.some((p) => p.id === id)) continue;
      const at = T + random(6) * 60_000;
      const outcome = OUTCOMES[random(4)];
      const [surveyId, kind, role] = [['s', 't'][random(2)], ['nps', 'csat'][random(2)], ['admin', 'sdr'][random(2)]];
      prompts.push({ id, surveyId, kind, at, outcome, outcomeAt: outcome === 'shown' ? null : at + random(2) * 60_000 });
      accountPrompts.push({ id, role, at });
    }
    const inOrder = (a, b) => a.at - b.at;
    return { version: 1, prompts: prompts.sort(inOrder), accountPrompts: accountPrompts.sort(inOrder) };
  };
  for (let round = 0; round < 50; round++) {
    const [a, b] = [device('a'), device('b')];
    const ab = structuredClone(mergeSurveyState(a, b));
    const ba = structuredClone(mergeSurveyState(b, a));
    assert.deepEqual(ab, ba, `round ${round}`);
    for (const list of [ab.prompts, ab.accountPrompts]) {
      for (let i = 1; i < list.length; i++) {
        const [p, q] = [list[i - 1], list[i]];
        assert.ok(p.at < q.at || (p.at === q.at && p.id < q.id), `round ${round}: ${p.id} before ${q.id}`);
      }
    }
  }
});

test('a list over 100 000 entries is TOO_LARGE before any entry is read; an unknown outcome is INVALID_CHOICE', () => {
  const ask = { surveyId: 's', kind: 'nps', userId: 'u', role: 'r', now: T, sessionStart: 0 };
  const prompts = Array.from({ length: 100_001 }, (_, i) => ({ id: `p${i}`, surveyId: 's', kind: 'nps', at: T, outcome: 'shown', outcomeAt: null }));
  let read = 0;
  Object.defineProperty(prompts[100_000], 'id', { enumerable: true, get: () => `p${++read}` });
  for (const call of [
    () => surveyDecision(policy, { version: 1, prompts, accountPrompts: [] }, ask),
    () => mergeSurveyState({ version: 1, prompts: [], accountPrompts: prompts }, null),
    () => recordSurveyEvent(policy, { version: 1, prompts, accountPrompts: [] }, { type: 'responded', promptId: 'p1', at: T }),
  ]) {
    assert.throws(call, (e) => e instanceof RangeError && e.code === 'TOO_LARGE' && /^state\.(prompts|accountPrompts)$/.test(e.field));
  }
  assert.equal(read, 0, 'no entry was read');
  const unknown = { version: 1, prompts: [{ id: 'p', surveyId: 's', kind: 'nps', at: T, outcome: 'answered', outcomeAt: T }], accountPrompts: [] };
  assert.throws(() => surveyDecision(policy, unknown, ask), (e) => e instanceof RangeError && e.code === 'INVALID_CHOICE' && e.field === 'state.prompts[0].outcome');
  assert.throws(() => recordSurveyEvent(policy, null, { type: 'opened', promptId: 'p', at: T }), (e) => e.code === 'INVALID_CHOICE' && e.field === 'event.type');
});

test('an event of an unknown type names its type; a time past the last JS Date is INVALID_TIME', () => {
  // An audit: `type: 'Shown'` with a shown event's keys was UNKNOWN_OPTION on
  // event.surveyId, and the list of types left out "shown"; 2^53 ms passed
  // the policy (and 9e15 was ELIGIBLE) while every other area refuses times
  // past 8.64e15.
  const shown = { promptId: 'p2', surveyId: 's', kind: 'nps', role: 'r', at: T };
  for (const type of ['Shown', 'clicked']) {
    assert.throws(() => recordSurveyEvent(policy, null, { ...shown, type }), {
      code: 'INVALID_CHOICE',
      field: 'event.type',
      message: `event.type: must be "shown", "responded", "dismissed" or "snoozed", got "${type}"`,
    });
  }
  const ask = { surveyId: 's', kind: 'nps', userId: 'u', role: 'admin', sessionStart: 0 };
  assert.equal(surveyDecision(policy, null, { ...ask, now: 8.64e15 }).show, true);
  for (const now of [8.64e15 + 1, 9e15, 2 ** 53]) {
    assert.throws(() => surveyDecision(policy, null, { ...ask, now }), { code: 'INVALID_TIME', field: 'ask.now', message: /within the range of a JS Date, got / });
  }
  assert.throws(() => recordSurveyEvent(policy, null, { ...shown, type: 'shown', at: 9e15 }), { code: 'INVALID_TIME', field: 'event.at' });
});

test('text from the caller is quoted as JSON writes it: a message stays on one line', () => {
  const ask = { surveyId: 's', kind: 'a"b\nc', userId: 'u', role: 'admin', now: T, sessionStart: 0 };
  assert.throws(() => surveyDecision(policy, null, ask), {
    code: 'UNKNOWN_SURVEY_KIND',
    message: String.raw`ask.kind: has no rule in the policy (known: nps, csat), got "a\"b\nc"`,
  });
});

test('"ask me later" holds every other survey back for a day from the click, however long the prompt stayed open', () => {
  const p = { kinds: { nps: { recontactDays: 90 }, ces: { recontactDays: 30 } }, userGapDays: 14, sessionDelayMinutes: 0 };
  let s = recordSurveyEvent(p, null, { type: 'shown', promptId: 'p1', surveyId: 'nps-q3', kind: 'nps', role: 'admin', at: T });
  const clicked = T + DAY - 60_000;
  s = recordSurveyEvent(p, s, { type: 'snoozed', promptId: 'p1', at: clicked });
  const ask = (now) => surveyDecision(p, s, { surveyId: 'ces-export', kind: 'ces', userId: 'u1', role: 'admin', now, sessionStart: T });
  assert.deepEqual({ ...ask(T + DAY) }, { show: false, reason: 'USER_FATIGUE', retryAt: clicked + DAY });
  assert.equal(ask(clicked + DAY - 1).show, false);
  assert.equal(ask(clicked + DAY).show, true);
});
