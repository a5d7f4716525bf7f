// The outbox's deciders alone (Retry-After and back-off, beacon packing)
// and what a host can observe of delivery in Node: flush() results,
// onDelivered, onError's attempt and nextRetryAt, inspectOutbox(), and the
// Retry-After the reference collector sends. (Journal, pagehide, tabs:
// tests/browser/sdk.test.mjs; everything at once: tests/browser/sdk-soak.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createClient } from 'clg-metrics/sdk';
import { BEACON_BUDGET, packBeacon } from '../../dist/sdk/beacon.js';
import { REQUEST_BUDGET, requestItems, utf8Length } from '../../dist/sdk/sync.js';
import { JOURNAL_BUDGET, writeJournal } from '../../dist/sdk/journal.js';
import { BATCH_BYTES } from '../../dist/sdk/outbox.js';
import { MemoryStore } from '../../dist/sdk/storage.js';
import { parseRetryAfter, retryDelay } from '../../dist/sdk/retry.js';
import { startCollector } from '../support/collector.mjs';

let running;
before(async () => {
  running = await startCollector();
});
after(() => running.stop());

const who = { accountId: 'acme', role: 'admin', storage: 'memory' };

test('Retry-After: delta-seconds and HTTP-date; anything else is not one', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');
  assert.equal(parseRetryAfter('1', now), 1000);
  assert.equal(parseRetryAfter(' 120 ', now), 120_000);
  assert.equal(parseRetryAfter('0', now), 0);
  assert.equal(parseRetryAfter('Sat, 28 Nov 2026 10:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter('Sat, 28 Nov 2026 09:59:00 GMT', now), 0, 'a past date: now');
  // The two obsolete forms a recipient must read too (RFC 9110, 5.6.7); asctime's is GMT unmarked.
  assert.equal(parseRetryAfter('Saturday, 28-Nov-26 10:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter('Sat Nov 28 10:00:05 2026', now), 5000);
  for (const bad of [null, undefined, '', '-1', '1.5', 'soon', '2026-11-28T10:00:05Z', 'Sat, 99 Foo 2026 GMT']) {
    assert.equal(parseRetryAfter(bad, now), null, String(bad));
  }
});

test('retry delay: full jitter in whole ms, never below the collector\'s Retry-After; capped', () => {
  const o = { baseMs: 100, maxMs: 1000 };
  assert.equal(retryDelay(1, o, {}, () => 0.999999), 100, 'whole ms, rounded up');
  assert.equal(retryDelay(1, o, {}, () => 0.123), 13);
  assert.equal(retryDelay(3, o, {}, () => 0.5), 200);
  assert.equal(retryDelay(20, o, {}, () => 0.5), 500);
  assert.equal(retryDelay(5, o, {}, () => 0), 0);
  assert.equal(retryDelay(1, o, { retryAfterMs: 700 }, () => 0), 700, 'not jittered below what the collector asked');
  assert.equal(retryDelay(9, o, { retryAfterMs: 0 }, () => 0.9), 900, 'Retry-After: 0 does not undo the back-off');
  assert.equal(retryDelay(2, o, { retryAfterMs: 50 }, () => 0.9), 180, 'the longer of the two');
  assert.equal(retryDelay(1, o, { retryAfterMs: 3_600_000 }), 1000, 'capped at maxMs');
});

test('beacon packing: in the order given, within the byte budget, UTF-8 counted', () => {
  assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
  const item = (key, text) => ({ key, type: 'events', at: 1, payload: { text } });
  const big = Array.from({ length: 40 }, (_, i) => item(`k${i}`, 'x'.repeat(2000)));
  const packed = packBeacon(big);
  assert.ok(new TextEncoder().encode(packed.text).length <= BEACON_BUDGET);
  assert.deepEqual(packed.items.map((i) => i.key), big.slice(0, packed.items.length).map((i) => i.key), 'a prefix: the first given go first');
  assert.ok(packed.items.length >= 20);
  // Multi-byte text takes its real size; an item too big is skipped, smaller later ones still go.
  const euro = packBeacon([item('a', '€'.repeat(300)), item('huge', 'x'.repeat(2000)), item('b', 'y')], 1100);
  assert.deepEqual(euro.items.map((i) => i.key), ['a', 'b']);
  assert.ok(new TextEncoder().encode(euro.text).length <= 1100);
  assert.deepEqual(JSON.parse(euro.text), { version: 1, items: euro.items });
  assert.equal(packBeacon([item('huge', 'x'.repeat(2000))], 500), null);
});

test('observable delivery: flush() results, onDelivered, inspectOutbox() without sending', async () => {
  const { collector, endpoint } = running;
  const delivered = [];
  // Retries an hour away: only the test's flush() calls send, so every delivery is one of their results
  // (a jittered retry can fire within milliseconds and deliver between two flushes).
  const retry = { retryBaseMs: 3_600_000, retryMaxMs: 3_600_000 };
  const c = await createClient({ ...who, ...retry, userId: 'observe', endpoint, onDelivered: (keys) => delivered.push(...keys), batchSize: 5 });
  collector.fault = { mode: 'down' };
  for (let i = 0; i < 12; i++) c.track('e', { i });
  const answer = await c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 7 } });
  const requests = collector.stats.requests;
  const seen = await c.inspectOutbox();
  assert.equal(seen.count, 4, 'two sealed batches, the open batch of 2 and the response');
  assert.equal(seen.tab, 4);
  assert.equal(typeof seen.oldestAt, 'number');
  assert.ok(seen.oldestAgeMs >= 0 && seen.oldestAgeMs < 5000);
  assert.equal(collector.stats.requests, requests, 'inspecting sends nothing');
  const failed = await c.flush();
  assert.deepEqual(failed.delivered, []);
  assert.deepEqual(failed.pending, { tab: 4, all: 4 });
  collector.fault = null;
  let result;
  const keys = [];
  do {
    await new Promise((r) => setTimeout(r, 20));
    result = await c.flush();
    keys.push(...result.delivered);
  } while (result.pending.all > 0);
  assert.deepEqual(result.pending, { tab: 0, all: 0 });
  assert.equal(keys.length, 4);
  assert.ok(keys.includes(answer.key));
  assert.deepEqual(delivered.sort(), keys.sort(), 'onDelivered heard the same keys');
  assert.deepEqual(await c.inspectOutbox(), { count: 0, tab: 0, oldestAt: null, oldestAgeMs: null, notDurable: 0, attempt: 0, nextRetryAt: null });
  await c.destroy();
});

test('inspectOutbox() right after tracking counts the batches being written', async () => {
  // Sealed batches being written are in neither the store nor the unwritten list while
  // the write runs: counted inside the write queue, every item is in one of the two.
  const c = await createClient({ ...who, userId: 'inspect-now', endpoint: running.endpoint, batchSize: 2 });
  running.collector.fault = { mode: 'down' };
  for (let i = 0; i < 6; i++) c.track('e', { i });
  const seen = await c.inspectOutbox();
  assert.ok(seen.count >= seen.tab && seen.tab === 3, JSON.stringify(seen));
  running.collector.fault = null;
  await c.destroy();
});

test('onError reports carry the attempt and the next retry time; Retry-After is honoured', async () => {
  const { collector, endpoint } = running;
  const errors = [];
  const c = await createClient({ ...who, userId: 'retry', endpoint, retryBaseMs: 10, retryMaxMs: 5000, onError: (e) => errors.push(e) });
  collector.fault = { mode: 'status', status: 500 };
  c.track('e');
  await c.flush();
  await new Promise((r) => setTimeout(r, 200));
  const failures = errors.filter((e) => e.code === 'SEND_FAILED');
  assert.ok(failures.length >= 2);
  failures.forEach((e, i) => {
    assert.equal(e.attempt, i + 1);
    assert.equal(e.status, 500);
    assert.ok(e.nextRetryAt >= Date.now() - 1000 && e.nextRetryAt <= Date.now() + 5000);
  });
  // 429 with Retry-After: 1, then the collector recovers: nothing reaches it for a second.
  collector.fault = { mode: 'status', status: 429, retryAfter: '1' };
  const since = collector.log.length;
  while (!collector.log.slice(since).some((r) => r.status === 429)) await new Promise((r) => setTimeout(r, 10));
  const told = collector.log.findLast((r) => r.status === 429);
  collector.fault = null;
  errors.length = 0;
  assert.deepEqual((await c.flush()).delivered, [], 'flush() does not jump the wait');
  await new Promise((r) => setTimeout(r, 1300));
  const next = collector.log.find((r) => r.at > told.at);
  assert.ok(next, 'sent again after the wait');
  assert.ok(next.at - told.at >= 1000, `next request ${next.at - told.at} ms after the 429`);
  assert.equal((await c.flush()).pending.all, 0);
  await c.destroy();
});

test('one error contract: bad input throws, consent and cap refuse, across track, submitSurvey, record, setGoal', async () => {
  const model = {
    roles: [{
      id: 'admin', name: 'Admin', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
      metrics: [{ id: 'hours', name: 'Hours saved', kind: 'businessImpact', unit: 'h', direction: 'higher', collection: { method: 'selfReported' } }],
    }],
  };
  const calls = {
    track: (c, bad) => (bad ? c.track('', {}) : c.track('e')),
    submitSurvey: (c, bad) => c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: bad ? 11 : 9 } }),
    record: (c, bad) => c.record({ metric: 'hours', value: bad ? 'six' : 6 }),
    setGoal: (c, bad) => c.setGoal({ metric: 'hours', baseline: 1, target: bad ? 'eight' : 8, replace: true }),
  };
  /** `{ accepted, code }` whatever the call's shape: track's boolean, or an Accepted. */
  const outcome = async (name, c) => {
    const r = await calls[name](c, false);
    return typeof r === 'boolean' ? { accepted: r } : { accepted: r.accepted, code: r.error?.code ?? null };
  };
  for (const name of Object.keys(calls)) {
    const pending = await createClient({ ...who, userId: `contract-${name}`, model, consent: 'required', maxOutboxItems: 1 });
    // Bad input: a coded TypeError/RangeError (rejected, for the async calls), before consent is looked at.
    await assert.rejects(async () => calls[name](pending, true), (e) => (e instanceof TypeError || e instanceof RangeError) && typeof e.code === 'string' && e.field !== '', name);
    const refused = await outcome(name, pending);
    assert.equal(refused.accepted, false, `${name}: consent pending`);
    if (name !== 'track') assert.equal(refused.code, 'CONSENT_REQUIRED');
    await pending.grantConsent();
    assert.equal((await outcome(name, pending)).accepted, true, `${name}: accepted`);
    await pending.flush();
    const full = await outcome(name === 'track' ? 'submitSurvey' : name, pending);
    assert.deepEqual(full, { accepted: false, code: 'OUTBOX_FULL' }, `${name}: cap`);
    if (name === 'track') {
      await pending.flush();
      assert.equal(pending.track('another'), false, 'track: cap');
    }
    await pending.destroy();
  }
});

/** Waits until `ready()` holds (polled every 10 ms; fails after `ms`). */
async function until(ready, ms = 10_000, what = 'the condition') {
  for (const start = Date.now(); !ready(); ) {
    if (Date.now() - start > ms) assert.fail(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Flushes `c` until its outbox is empty (fails after `ms`). */
async function drain(c, ms = 20_000) {
  for (const start = Date.now(); (await c.flush()).pending.all > 0; ) {
    if (Date.now() - start > ms) assert.fail(`the outbox still holds ${(await c.inspectOutbox()).count} items after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a collector that sends its headers and stalls its body is a timeout: the send ends, is reported and retried', async () => {
  const { collector, endpoint } = running;
  const errors = [];
  const c = await createClient({ ...who, userId: 'stall', endpoint, requestTimeoutMs: 300, retryBaseMs: 10, retryMaxMs: 50, onError: (e) => errors.push(e) });
  collector.fault = { mode: 'stall-body' };
  c.track('e');
  const first = await Promise.race([c.flush(), new Promise((r) => setTimeout(r, 5000, 'still pending'))]);
  assert.notEqual(first, 'still pending', 'flush() ends');
  assert.deepEqual(first.delivered, []);
  const timeout = errors.find((e) => e.code === 'SEND_FAILED');
  assert.match(timeout.message, /^endpoint: the collector's answer did not arrive within requestTimeoutMs \(300 ms\)/);
  assert.equal(timeout.attempt, 1);
  collector.fault = null;
  await drain(c);
  await c.destroy();
});

/** A client (`options`) whose event the collector answered `429` with `Retry-After: retryAfter`; the collector then recovers. */
async function told429(options, retryAfter) {
  const { collector, endpoint } = running;
  const c = await createClient({ ...who, endpoint, retryBaseMs: 10, onError() {}, ...options });
  collector.fault = { mode: 'status', status: 429, retryAfter };
  const since = collector.log.length;
  c.track('e');
  await c.flush();
  while (!collector.log.slice(since).some((r) => r.status === 429)) await new Promise((r) => setTimeout(r, 10));
  collector.fault = null;
  return c;
}

test('a Retry-After heard while the clock ran a day ahead holds nothing back once it is right again', async () => {
  // A randomized durability review: the wait was capped at retryMaxMs from each reading, so it
  // moved with the clock and held the outbox until the clock reached the day-ahead time.
  const { collector } = running;
  const realNow = Date.now;
  const day = 86_400_000;
  Date.now = () => realNow() + day;
  try {
    const c = await told429({ userId: 'clock-ahead', retryMaxMs: 300 }, '1');
    Date.now = realNow;
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await c.flush()).pending.all, 0, 'sent within retryMaxMs of the clock set right');
    await c.destroy();
  } finally {
    Date.now = realNow;
    collector.fault = null;
  }
});

test('a Retry-After of the cap or more still holds the cap after the clock steps back a little', async () => {
  // The diff review: a kept time just past retryMaxMs from now (the clock stepped back 50 ms) was dropped, and sent at once.
  const { collector } = running;
  const realNow = Date.now;
  try {
    const c = await told429({ userId: 'clock-back', retryMaxMs: 400 }, '600');
    const told = collector.log.length;
    Date.now = () => realNow() - 50;
    await c.flush();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(collector.log.length, told, 'nothing sent within the cap');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await c.flush()).pending.all, 0, 'sent once the cap passed');
    await c.destroy();
  } finally {
    Date.now = realNow;
    collector.fault = null;
  }
});

test('Retry-After: 0 or a date already past does not undo the back-off', async () => {
  const { collector, endpoint } = running;
  for (const retryAfter of ['0', 'Wed, 21 Oct 2015 07:28:00 GMT']) {
    const errors = [];
    const c = await createClient({ ...who, userId: `retry-now-${retryAfter.length}`, endpoint, retryBaseMs: 100, retryMaxMs: 5000, onError: (e) => errors.push(e) });
    collector.fault = { mode: 'status', status: 503, retryAfter };
    const since = collector.stats.requests;
    c.track('e');
    await c.flush();
    await new Promise((r) => setTimeout(r, 600));
    const sent = collector.stats.requests - since;
    collector.fault = null;
    // Back-off of 100 ms x 2^(n-1), jittered: a handful of requests in 600 ms, not hundreds.
    assert.ok(sent >= 1 && sent <= 8, `Retry-After: ${retryAfter}: ${sent} requests in 600 ms`);
    assert.ok(errors.every((e) => e.retryAfterMs === 0 && Number.isInteger(e.nextRetryAt)), 'whole ms');
    await drain(c);
    await c.destroy();
  }
});

test('a host fetch that resolves to no Response is a coded SEND_FAILED for onError, and retried', async () => {
  const { endpoint } = running;
  const errors = [];
  const real = globalThis.fetch;
  globalThis.fetch = async () => undefined;
  try {
    const c = await createClient({ ...who, userId: 'no-response', endpoint, retryBaseMs: 5, retryMaxMs: 20, onError: (e) => errors.push(e) });
    c.track('e');
    await c.flush();
    await until(() => errors.length >= 2, 5_000, 'two failures');
    for (const e of errors.slice(0, 2)) {
      assert.equal(e.code, 'SEND_FAILED');
      assert.equal(e.field, 'endpoint');
      assert.match(e.message, /^endpoint: fetch resolved to something that is not a Response/);
    }
    globalThis.fetch = real;
    await drain(c);
    await c.destroy();
  } finally {
    globalThis.fetch = real;
  }
});

test('an answer that acknowledges none of the keys is a failure: the back-off grows', async () => {
  const { collector, endpoint } = running;
  const errors = [];
  const c = await createClient({ ...who, userId: 'ack-none', endpoint, retryBaseMs: 20, retryMaxMs: 200, onError: (e) => errors.push(e) });
  collector.fault = { mode: 'ack-none' };
  c.track('e');
  await c.flush();
  await until(() => errors.length >= 4, 10_000, 'four failures');
  collector.fault = null;
  assert.deepEqual(errors.slice(0, 4).map((e) => [e.code, e.attempt]), [['SEND_FAILED', 1], ['SEND_FAILED', 2], ['SEND_FAILED', 3], ['SEND_FAILED', 4]]);
  await drain(c);
  assert.equal((await c.inspectOutbox()).attempt, 0, 'a delivery ends the streak');
  await c.destroy();
});

test('requests stay within 512 KiB: a backlog after an outage reaches a collector that refuses larger bodies', async () => {
  assert.equal(REQUEST_BUDGET, 512 * 1024);
  const item = (n, c = 'x') => ({ key: `k${n}`, type: 'events', at: n, payload: { text: c.repeat(100_000) } });
  const batch = requestItems([item(1), item(2), item(3), item(4), item(5), item(6)]);
  assert.equal(batch.length, 5, 'five items of ~100 KB');
  assert.equal(requestItems([item(1, 'é'.repeat(3)), item(2)]).length, 1, 'UTF-8 bytes counted: 600 KB is over');
  assert.equal(requestItems([item(1).payload.text.length > 0 && { ...item(1), payload: { text: 'x'.repeat(600_000) } }, item(2)]).length, 1, 'the oldest alone when larger');

  const { collector, endpoint } = running;
  const c = await createClient({ ...who, userId: 'backlog', endpoint, retryBaseMs: 10, retryMaxMs: 50, onError: () => {} });
  collector.fault = { mode: 'down' };
  for (let i = 0; i < 300; i++) assert.equal(c.track('report_exported', { i, query: 'q'.repeat(10_000) }), true);
  await c.flush();
  const since = collector.log.length;
  collector.fault = null;
  await drain(c);
  const requests = collector.log.slice(since).filter((r) => !r.beacon);
  assert.ok(requests.every((r) => r.bytes <= REQUEST_BUDGET && r.status === 200), `bodies of ${Math.max(...requests.map((r) => r.bytes))} bytes`);
  const events = collector.items().filter((i) => i.payload.userId === 'backlog').flatMap((i) => i.payload.events);
  assert.deepEqual(events.map((e) => e.props.i).sort((a, b) => a - b), Array.from({ length: 300 }, (_, i) => i));
  await c.destroy();
});

test('an event batch is sealed at BATCH_BYTES; an event or answers over 32 K characters are TOO_LARGE', async () => {
  const { collector, endpoint } = running;
  const c = await createClient({ ...who, userId: 'big-events', endpoint, batchSize: 1000 });
  for (let i = 0; i < 20; i++) c.track('e', { i, text: 't'.repeat(30_000) });
  await drain(c);
  const batches = collector.items().filter((i) => i.payload.userId === 'big-events');
  assert.ok(batches.length >= 5, `${batches.length} batches`);
  for (const b of batches) assert.ok(utf8Length(JSON.stringify(b.payload.events)) <= BATCH_BYTES);
  assert.equal(batches.flatMap((b) => b.payload.events).length, 20);

  const tooLarge = (field) => (e) => e instanceof RangeError && e.code === 'TOO_LARGE' && e.field === field;
  assert.throws(() => c.track('e', { text: 't'.repeat(32 * 1024) }), tooLarge('props'));
  assert.throws(() => c.track('e'.repeat(20_000), { text: 't'.repeat(13_000) }), tooLarge('props'), 'the name counts');
  assert.throws(() => c.track('e', Object.fromEntries(Array.from({ length: 1400 }, (_, i) => [`k${i}`, i]))), tooLarge('props'), 'numbers count 24 each');
  assert.equal(c.track('e', { text: 't'.repeat(32 * 1024 - 10) }), true, 'within the limit');
  await assert.rejects(c.submitSurvey({ surveyId: 's', kind: 'feedback', answers: { text: 'a'.repeat(33_000) } }), tooLarge('response'));
  assert.equal((await c.submitSurvey({ surveyId: 's', kind: 'feedback', answers: { text: 'a'.repeat(30_000) } })).accepted, true);
  await c.destroy();
});

test('a batch is sealed by its events\' JSON as sent: escaped control characters and multi-byte text fit a request', async () => {
  const { collector, endpoint } = running;
  const c = await createClient({ ...who, userId: 'escaped', endpoint, batchSize: 1000, retryBaseMs: 10, retryMaxMs: 50 });
  // 640 keys of two control characters (6 bytes each as JSON), empty values: 1,280 characters as track() counts them.
  const control = Object.fromEntries(Array.from({ length: 640 }, (_, k) => [String.fromCharCode(k >> 5, k & 31), '']));
  for (let i = 0; i < 100; i++) assert.equal(c.track('e', control), true);
  for (let i = 0; i < 10; i++) assert.equal(c.track('e', { i, text: '€'.repeat(30_000) }), true);
  await drain(c);
  const batches = collector.items().filter((i) => i.payload.userId === 'escaped');
  assert.deepEqual(batches.map((b) => b.payload.events.length).reduce((a, b) => a + b), 110);
  for (const b of batches) assert.ok(utf8Length(JSON.stringify(b.payload.events)) <= BATCH_BYTES, `${utf8Length(JSON.stringify(b.payload.events))} bytes`);
  // One event near the worst its 32,768 characters allow (up to 12 bytes of JSON per character) fits a request alone.
  const pairs = (n, key) => Array.from({ length: n }, (_, k) => [key(k), '']);
  const worst = Object.fromEntries([
    ...pairs(32, (k) => String.fromCharCode(k)), // 12 bytes a character
    ...pairs(1024, (k) => String.fromCharCode(k >> 5, k & 31)), // 9
    ...pairs(20_992, (k) => String.fromCharCode(0x4e00 + k)), // 9: every CJK ideograph of the basic block
  ]);
  worst.rest = '\u0001'.repeat(32_767 - 32 - 2048 - 20_992 - 4); // 6
  assert.equal(c.track('e', worst), true);
  assert.ok(utf8Length(JSON.stringify(worst)) > 250_000);
  await drain(c);
  assert.ok(collector.log.filter((r) => !r.beacon).slice(-2).every((r) => r.status === 200 && r.bytes <= REQUEST_BUDGET));
  assert.equal(collector.items().filter((i) => i.payload.userId === 'escaped').flatMap((b) => b.payload.events).length, 111);
  await c.destroy();
});

test('memory storage reads the oldest items first, whatever order they were stored in', async () => {
  const owner = { accountId: 'acme', userId: 'u' };
  const store = new MemoryStore('acme\nu');
  const item = (key, at) => ({ key, type: 'response', at, payload: owner });
  await store.putItems([item('t5', 5), item('t10', 10)]);
  await store.putItems([item('t0', 0)]); // an event batch sealed after them is dated by its first event
  assert.deepEqual((await store.readItems(1)).items.map((i) => i.key), ['t0']);
  assert.deepEqual((await store.readItems(2)).items.map((i) => i.key), ['t0', 't5']);
  assert.deepEqual((await store.readItems()).items.map((i) => i.key), ['t0', 't5', 't10']);
});

test('flush() and inspectOutbox() count this tab\'s share and every tab\'s at one moment: tab is never more than all', async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => new Response('{}', { status: 429, headers: { 'Retry-After': '1' } });
  try {
    const c = await createClient({ ...who, userId: 'tab-all', endpoint: 'http://127.0.0.1:9/collect', flushIntervalMs: 1, retryMaxMs: 300, onError: () => {} });
    for (let i = 0; i < 4; i++) c.track('e', { i });
    await new Promise((r) => setTimeout(r, 30)); // sealed, written, sent: 429, Retry-After capped at 300 ms
    const flushing = c.flush(); // waits for the collector
    await c.submitSurvey({ surveyId: 's', kind: 'feedback', answers: { text: 'late' } });
    for (let i = 0; i < 6; i++) c.track('e', { i });
    const { pending } = await flushing;
    assert.ok(pending.tab <= pending.all, JSON.stringify(pending));
    const seen = await c.inspectOutbox();
    assert.ok(seen.tab <= seen.count, JSON.stringify(seen));
    await c.destroy();
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('two outcomes of one prompt at once: the second waits for the first and is PROMPT_CLOSED', async () => {
  const { collector, endpoint } = running;
  const policy = { kinds: { nps: { recontactDays: 90 } }, userGapDays: 0, accountCap: { max: 1000, windowDays: 7 }, sessionDelayMinutes: 0, snoozeDays: 1 };
  const c = await createClient({ ...who, userId: 'double-click', endpoint, policy });
  const outcome = (p) => p.then((r) => (r.accepted ? 'accepted' : r.error.code), (e) => e.code);
  const answer = (promptId, score) => outcome(c.submitSurvey({ surveyId: 'q', kind: 'nps', promptId, answers: { score } }));
  const p1 = c.surveyShown({ surveyId: 'q', kind: 'nps' });
  assert.deepEqual(await Promise.all([answer(p1, 9), answer(p1, 3)]), ['accepted', 'PROMPT_CLOSED']);
  const p2 = c.surveyShown({ surveyId: 'q', kind: 'nps' });
  assert.deepEqual(await Promise.all([outcome(c.dismissSurvey({ promptId: p2 })), answer(p2, 10)]), ['accepted', 'PROMPT_CLOSED']);
  assert.equal(c.scores('q').n, 1, 'one answer counted');
  await drain(c);
  const mine = collector.items().filter((i) => i.payload.userId === 'double-click' && i.type !== 'events');
  assert.deepEqual(mine.map((i) => [i.type, i.payload.promptId]).sort(), [['dismissal', p2], ['response', p1]].sort());
  await c.destroy();
});

test('the journal keeps the newest items that fit its budget and what localStorage takes', () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
  const store = new Map();
  let room = Infinity;
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    value: {
      setItem(k, v) {
        if (v.length > room) throw new DOMException('full', 'QuotaExceededError');
        store.set(k, v);
      },
      getItem: (k) => store.get(k) ?? null,
      removeItem: (k) => store.delete(k),
    },
  });
  try {
    const item = (at, size) => ({ key: `k${at}`, type: 'events', at, payload: { text: 'x'.repeat(size) } });
    // Newest first: the newest is over the budget by itself and skipped; the older ones still go in.
    assert.equal(writeJournal('db', 'life', [item(1, 1000), item(2, 1000), item(3, JOURNAL_BUDGET)]), 2);
    assert.deepEqual(JSON.parse(store.get('clg-metrics-journal/db/life')).map((i) => i.key), ['k2', 'k1']);
    // localStorage refusing: the newest half, then a quarter...
    room = 5000;
    const four = [1, 2, 3, 4].map((at) => item(at, 2000));
    assert.equal(writeJournal('db', 'life', four), 2);
    assert.deepEqual(JSON.parse(store.get('clg-metrics-journal/db/life')).map((i) => i.key), ['k4', 'k3']);
    room = 10;
    assert.equal(writeJournal('db', 'life', four), 0);
    assert.equal(store.has('clg-metrics-journal/db/life'), false, 'an old journal is not left behind');
  } finally {
    if (saved) Object.defineProperty(globalThis, 'localStorage', saved);
    else delete globalThis.localStorage;
  }
});

test('a request on its way when reset() or revokeConsent() cleared its items is not called back; memory-only items are not durable', async () => {
  const { collector, endpoint } = running;
  for (const clear of ['reset', 'revokeConsent']) {
    const delivered = [];
    const c = await createClient({ ...who, userId: `on-its-way-${clear}`, endpoint, onDelivered: (keys) => delivered.push(...keys) });
    collector.fault = { mode: 'down' };
    const answer = await c.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 7 } });
    await c.flush();
    // In memory storage every item is only in this page's memory.
    assert.equal((await c.inspectOutbox()).notDurable, 1, `${clear}: notDurable`);
    collector.fault = { mode: 'slow', delayMs: 300 };
    const before = collector.stats.requests;
    const sending = c.flush();
    await until(() => collector.stats.requests > before, 5_000, 'the request');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await c[clear]();
    await sending;
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(delivered, [], `${clear}: ${answer.key} was called back after it was cleared`);
    collector.fault = null;
    await c.destroy();
  }
});
