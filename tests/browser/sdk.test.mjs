// `clg-metrics/sdk` in headless Chromium against the reference collector,
// mounted on the page's origin under the strict CSP. Every test counts
// what the page handed to the SDK against what the collector stored.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launchChromium } from '../support/chromium.mjs';
import { PAGE_MOUNTS, startCollector } from '../support/collector.mjs';

let running, browser, collector, origin;

before(async () => {
  running = await startCollector(PAGE_MOUNTS);
  ({ collector, origin } = running);
  browser = await launchChromium();
});

beforeEach(() => {
  collector.fault = null; // a failed test must not leave the collector failing for the next
});

after(async () => {
  await browser?.close();
  running?.stop();
});

/** A page of a fresh context (its own IndexedDB), collecting CSP violations and page errors. */
async function newPage(context, initScript) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && /CSP|Uncaught/.test(m.text()) && problems.push(m.text()));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`));
  });
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`${origin}/blank.html`);
  return { page, problems };
}

/** A page whose IndexedDB refuses outbox writes (QuotaExceededError) while `window.quotaExceeded` is set. */
function quotaPage(context) {
  return newPage(context, () => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.quotaExceeded && this.name === 'outbox') throw new DOMException('Quota exceeded', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
}

/** Creates `window.client` in the page; errors go to `window.errors` as { code, message }. */
function createIn(page, options) {
  return page.evaluate(async (options) => {
    const { createClient } = await import('/dist/sdk/index.js');
    window.errors = [];
    const { local, ...rest } = options; // local: no endpoint, items stay in the outbox
    window.client = await createClient({
      accountId: 'acme',
      role: 'admin',
      ...(local ? {} : { endpoint: '/collect' }),
      retryBaseMs: 50,
      retryMaxMs: 200,
      ...rest,
      onError: (e) => window.errors.push({ code: e.code, message: e.message }),
    });
    return window.client.storage;
  }, options);
}

/** Tracks `n` events numbered from `from` and submits `responses` answers; returns the accepted response keys. */
function produce(page, { from = 0, n, responses = 0, tag = 'e' }) {
  return page.evaluate(
    async ({ from, n, responses, tag }) => {
      for (let i = from; i < from + n; i++) if (!client.track(tag, { i })) throw new Error(`track ${i} refused`);
      const keys = [];
      for (let r = 0; r < responses; r++) {
        const result = await client.submitSurvey({ surveyId: 's1', kind: 'nps', answers: { score: r % 11 } });
        if (!result.accepted) throw new Error(result.error.code);
        keys.push(result.key);
      }
      return keys;
    },
    { from, n, responses, tag },
  );
}

/** Flushes until the outbox is empty (or fails after ~10 s). */
async function drain(page) {
  const left = await page.evaluate(async () => {
    for (let i = 0; i < 200; i++) {
      const { pending } = await client.flush();
      if (pending.all === 0) return 0;
      await new Promise((r) => setTimeout(r, 50));
    }
    return (await client.flush()).pending.all;
  });
  assert.equal(left, 0, 'the outbox drained');
}

/** What the collector stored for `userId`: event numbers, response keys, and whether any key is stored twice. */
function storedFor(userId) {
  const items = collector.items().filter((item) => item.payload.userId === userId);
  const events = items.filter((i) => i.type === 'events').flatMap((i) => i.payload.events.filter((e) => e.name === 'e').map((e) => e.props.i));
  return {
    items,
    events: events.sort((a, b) => a - b),
    responses: items.filter((i) => i.type === 'response').map((i) => i.key).sort(),
    uniqueKeys: new Set(items.map((i) => i.key)).size === items.length,
  };
}

/** Writes `state` as the stored survey state of user `userId` (acme), as an earlier page or release left it. */
function storeSurveyState(page, userId, state) {
  return page.evaluate(
    ([userId, state]) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open(`clg-metrics/acme/${userId}`);
        request.onsuccess = () => {
          const tx = request.result.transaction('meta', 'readwrite');
          tx.objectStore('meta').put(state, 'surveyState');
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [userId, state],
  );
}

const range = (n) => Array.from({ length: n }, (_, i) => i);

/**
 * Opens user `userId`'s database at version 1 in `page` as an older release's tab would, and keeps
 * it open (`window.older`) ignoring versionchange: a client's open (a grant's) waits until it closes.
 */
function holdOlderDatabase(page, userId) {
  return page.evaluate((name) => new Promise((resolve) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('outbox', { keyPath: 'key' });
      request.result.createObjectStore('meta');
    };
    request.onsuccess = () => resolve((window.older = request.result));
  }), `clg-metrics/acme/${userId}`);
}

test('a reload in the middle of a sync loses nothing and stores each item once', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  assert.equal(await createIn(page, { userId: 'reload', batchSize: 100 }), 'indexeddb');
  collector.fault = { mode: 'slow', delayMs: 800 };
  const before = collector.stats.requests;
  const keys = await produce(page, { n: 250, responses: 3 });
  await page.evaluate(() => {
    client.flush(); // a POST is on its way when the page reloads
  });
  for (let t = 0; t < 250 && collector.stats.requests === before; t++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(collector.stats.requests > before, 'a POST is in flight');
  await page.reload();
  collector.fault = null;
  await createIn(page, { userId: 'reload' });
  await drain(page);
  const stored = storedFor('reload');
  assert.deepEqual(stored.events, range(250));
  assert.deepEqual(stored.responses, keys.sort());
  assert.ok(stored.uniqueKeys);
  assert.ok(collector.stats.received >= stored.items.length, 'sent at least what was stored');
  assert.deepEqual(problems, []);
  await context.close();
});

test('collector down, failing, slow, then the browser offline: every item arrives exactly once', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await createIn(page, { userId: 'faults', batchSize: 40, requestTimeoutMs: 300 });
  const keys = [];
  let n = 0;
  for (const fault of [{ mode: 'down' }, { mode: 'fail' }, { mode: 'slow', delayMs: 500 }, { mode: 'lose-ack' }]) {
    collector.fault = fault;
    keys.push(...(await produce(page, { from: n, n: 90, responses: 2 })));
    n += 90;
    const { pending } = await page.evaluate(() => client.flush());
    assert.ok(pending.all > 0, `${fault.mode}: items wait in the outbox`);
  }
  collector.fault = null;
  await drain(page);
  // Offline: nothing is attempted until the 'online' event, which sends without a flush().
  await context.setOffline(true);
  keys.push(...(await produce(page, { from: n, n: 50, responses: 1 })));
  n += 50;
  assert.ok((await page.evaluate(() => client.flush())).pending.all > 0);
  // Back online: the 'online' event alone sends the outbox (no flush() from here).
  await context.setOffline(false);
  for (let t = 0; t < 200 && storedFor('faults').events.length < n; t++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(storedFor('faults').events.length, n, "the 'online' event sent them");
  await drain(page);
  const stored = storedFor('faults');
  assert.deepEqual(stored.events, range(n));
  assert.deepEqual(stored.responses, keys.sort());
  assert.ok(stored.uniqueKeys);
  const codes = new Set(await page.evaluate(() => errors.map((e) => e.code)));
  assert.ok(codes.has('SEND_FAILED'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs of the same user send at once: no item is sent twice', async () => {
  const context = await browser.newContext();
  const tabs = [await newPage(context), await newPage(context)];
  await Promise.all(tabs.map(({ page }) => createIn(page, { userId: 'tabs', batchSize: 25 })));
  const start = { ...collector.stats };
  const keys = (
    await Promise.all(tabs.map(({ page }, t) => produce(page, { from: t * 1000, n: 300, responses: 5 })))
  ).flat();
  await Promise.all(tabs.map(({ page }) => drain(page)));
  const stored = storedFor('tabs');
  assert.deepEqual(stored.events, [...range(300), ...range(300).map((i) => i + 1000)]);
  assert.deepEqual(stored.responses, keys.sort());
  assert.ok(stored.uniqueKeys);
  assert.equal(collector.stats.received - start.received, stored.items.length, 'items sent = items stored');
  assert.equal(collector.stats.duplicates - start.duplicates, 0);
  for (const { problems } of tabs) assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs of one user share the survey state: one fatigue budget, and no tab\'s prompt is lost', async () => {
  const context = await browser.newContext();
  const tabs = [await newPage(context), await newPage(context)];
  const [a, b] = tabs.map(({ page }) => page);
  const policy = { kinds: { nps: { recontactDays: 90 }, csat: { recontactDays: 30 } }, userGapDays: 14, sessionDelayMinutes: 0, snoozeDays: 1 };
  for (const page of [a, b]) await createIn(page, { userId: 'shared', local: true, policy });
  const npsPrompt = await a.evaluate(() => window.client.surveyShown({ surveyId: 'nps', kind: 'nps' }));
  // The other tab hears of it: the user gap holds there too (it answered ELIGIBLE).
  await b.waitForFunction(() => window.client.shouldAskSurvey('csat').reason === 'USER_FATIGUE');
  await b.evaluate(() => window.client.surveyShown({ surveyId: 'csat', kind: 'csat' }));
  await a.waitForFunction(() => window.client.surveyState().prompts.length === 2);
  await a.evaluate((promptId) => window.client.submitSurvey({ surveyId: 'nps', kind: 'nps', promptId, answers: { score: 9 } }), npsPrompt);
  const outcomes = (page) => page.evaluate(() => Object.fromEntries(window.client.surveyState().prompts.map((p) => [p.surveyId, p.outcome])));
  await b.waitForFunction(() => window.client.surveyState().prompts.some((p) => p.outcome === 'responded'));
  // Stored: both prompts, the answer too (one tab's write overwrote the other's before).
  const c = await newPage(context);
  await createIn(c.page, { userId: 'shared', local: true, policy });
  for (const page of [a, b, c.page]) assert.deepEqual(await outcomes(page), { nps: 'responded', csat: 'shown' });
  for (const { problems } of [...tabs, c]) assert.deepEqual(problems, []);
  await context.close();
});

test('a reset() in one tab: its writes meanwhile are stored, the other tab forgets the prompts before it, and its racing writes resolve coded', async () => {
  const context = await browser.newContext();
  const tabs = [await newPage(context), await newPage(context)];
  const [a, b] = tabs.map(({ page }) => page);
  const policy = { kinds: { nps: { recontactDays: 90 }, csat: { recontactDays: 30 } }, userGapDays: 0, sessionDelayMinutes: 0, snoozeDays: 1 };
  for (const page of [a, b]) await createIn(page, { userId: 'logout', local: true, policy });
  await a.evaluate(() => window.client.surveyShown({ surveyId: 'old-survey', kind: 'nps' }));
  await b.waitForFunction(() => window.client.surveyState().prompts.length === 1);
  // B answers prompts of its own while A resets: each resolves (accepted, or DISCARDED), none throws.
  const answers = b.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 10; i++) {
      const promptId = window.client.surveyShown({ surveyId: `b-${i}`, kind: 'csat' });
      out.push(window.client.submitSurvey({ surveyId: `b-${i}`, kind: 'csat', promptId, answers: { score: 4 } })
        .then((r) => (r.accepted ? 'accepted' : r.error.code), (e) => `threw ${e.code ?? e.name}`));
      await new Promise((r) => setTimeout(r, 2));
    }
    return Promise.all(out);
  });
  const shownDuringReset = await a.evaluate(async () => {
    const resetting = window.client.reset();
    window.client.surveyShown({ surveyId: 'during-reset', kind: 'nps' });
    await resetting;
    return window.client.surveyState().prompts.map((p) => p.surveyId);
  });
  const outcomes = await answers;
  // Accepted, discarded with the deleted data, or refused by the connection the deletion closed: coded, never thrown.
  assert.ok(outcomes.every((o) => ['accepted', 'DISCARDED', 'STORAGE_FAILED'].includes(o)), outcomes.join());
  assert.ok(shownDuringReset.includes('during-reset') && !shownDuringReset.includes('old-survey'), shownDuringReset.join());
  // The other tab forgot the prompt shown before the logout: it does not come back through its writes.
  await b.evaluate(() => window.client.surveyShown({ surveyId: 'after-reset', kind: 'csat' }));
  await a.waitForFunction(() => window.client.surveyState().prompts.some((p) => p.surveyId === 'after-reset'));
  const c = await newPage(context);
  await createIn(c.page, { userId: 'logout', local: true, policy });
  for (const page of [a, c.page]) {
    const ids = await page.evaluate(() => window.client.surveyState().prompts.map((p) => p.surveyId));
    assert.ok(ids.includes('during-reset') && !ids.includes('old-survey'), ids.join());
  }
  for (const { problems } of [...tabs, c]) assert.deepEqual(problems, []);
  await context.close();
});

test('destroy() right after writes reports nothing: a send it cut short did not fail', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await createIn(page, { userId: 'closing' });
  const codes = await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) window.client.track('e', { i });
    await window.client.submitSurvey({ surveyId: 's', kind: 'nps', answers: { score: 9 } });
    await window.client.destroy();
    await new Promise((r) => setTimeout(r, 200));
    return window.errors.map((e) => e.code);
  });
  assert.deepEqual(codes, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a stored survey state that fails its checks while the client runs is quarantined, not overwritten unseen', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const policy = { kinds: { nps: { recontactDays: 90 } }, userGapDays: 0, sessionDelayMinutes: 0, snoozeDays: 1 };
  await createIn(page, { userId: 'corrupt', local: true, policy });
  const result = await page.evaluate(async () => {
    window.client.surveyShown({ surveyId: 'first', kind: 'nps' });
    await new Promise((r) => setTimeout(r, 50));
    const name = (await indexedDB.databases()).find((d) => d.name.includes('corrupt')).name;
    const db = await new Promise((resolve) => { indexedDB.open(name).onsuccess = (e) => resolve(e.target.result); });
    await new Promise((resolve) => {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put({ version: 2, packed: 'a newer release' }, 'surveyState');
      tx.oncomplete = resolve;
    });
    db.close();
    window.client.surveyShown({ surveyId: 'second', kind: 'nps' });
    for (let i = 0; i < 100 && !window.errors.some((e) => e.code === 'STORAGE_CORRUPT'); i++) await new Promise((r) => setTimeout(r, 20));
    return { codes: window.errors.map((e) => e.code), prompts: window.client.surveyState().prompts.map((p) => p.surveyId) };
  });
  assert.deepEqual(result.codes, ['STORAGE_CORRUPT']);
  assert.deepEqual(result.prompts, ['first', 'second']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('another tab deletes or upgrades the user\'s database: the client goes on (reopened, or in memory) and delivers', async () => {
  const context = await browser.newContext();
  const [a, b] = [await newPage(context), await newPage(context)];
  for (const userId of ['deleted', 'upgraded']) {
    assert.equal(await createIn(a.page, { userId, flushIntervalMs: 50 }), 'indexeddb');
    await produce(a.page, { from: 0, n: 5 });
    await drain(a.page);
    // The other tab: deleting (its reset()) or opening at a newer version closes this tab's connection.
    await b.page.evaluate(
      ([name, how]) =>
        new Promise((resolve, reject) => {
          const request = how === 'deleted' ? indexedDB.deleteDatabase(name) : indexedDB.open(name, 99);
          request.onsuccess = () => resolve(request.result?.close?.());
          request.onerror = () => reject(request.error);
        }),
      [`clg-metrics/acme/${userId}`, userId],
    );
    await produce(a.page, { from: 5, n: 5 });
    await drain(a.page);
    assert.deepEqual(storedFor(userId).events, range(10), userId);
    const errors = await a.page.evaluate(() => window.errors.map((e) => e.code));
    assert.deepEqual(errors, userId === 'deleted' ? [] : ['STORAGE_UNAVAILABLE'], userId);
    await a.page.evaluate(() => client.destroy());
  }
  for (const { problems } of [a, b]) assert.deepEqual(problems, []);
  await context.close();
});

test('another tab\'s reset() counts the items this tab stored, and this tab stops waiting for them: pending.tab returns to 0', async () => {
  const context = await browser.newContext();
  const [a, b] = [await newPage(context), await newPage(context)];
  for (const { page } of [a, b]) assert.equal(await createIn(page, { userId: 'other-reset' }), 'indexeddb');
  collector.fault = { mode: 'down' };
  await produce(a.page, { from: 0, n: 3, responses: 1 });
  assert.deepEqual(await a.page.evaluate(async () => (await client.flush()).pending), { tab: 2, all: 2 });
  assert.equal(await b.page.evaluate(() => client.reset()), 2, 'the batch and the response A stored');
  collector.fault = null;
  await produce(a.page, { from: 3, n: 2 });
  await drain(a.page);
  const seen = await a.page.evaluate(async () => ({ pending: (await client.flush()).pending, tab: (await client.inspectOutbox()).tab }));
  assert.deepEqual(seen, { pending: { tab: 0, all: 0 }, tab: 0 });
  assert.deepEqual(storedFor('other-reset').events, [3, 4], 'what the reset discarded is gone, what came after is delivered');
  for (const { problems } of [a, b]) assert.deepEqual(problems, []);
  await context.close();
});

test('the outbox cap is the user\'s across tabs: two tabs together never hold more than maxOutboxItems', async () => {
  const context = await browser.newContext();
  const tabs = [await newPage(context), await newPage(context)];
  await Promise.all(tabs.map(({ page }) => createIn(page, { userId: 'cap', maxOutboxItems: 5, local: true })));
  const five = (page) => page.evaluate(async () => {
    const accepted = [];
    for (let i = 0; i < 5; i++) accepted.push((await window.client.submitSurvey({ surveyId: 's', kind: 'x', answers: {} })).accepted);
    return accepted;
  });
  const first = await five(tabs[0].page);
  const second = await five(tabs[1].page);
  assert.deepEqual(first, [true, true, true, true, true]);
  assert.deepEqual(second, [false, false, false, false, false], 'the other tab\'s items fill the user\'s outbox');
  assert.equal(await tabs[1].page.evaluate(async () => (await window.client.inspectOutbox()).count), 5);
  assert.deepEqual(await tabs[1].page.evaluate(() => window.errors.map((e) => e.code)), ['OUTBOX_FULL']);
  for (const { problems } of tabs) assert.deepEqual(problems, []);
  await context.close();
});

test('a write racing another tab\'s reset() gives its outbox slot back: the tab drains to 0 and accepts up to its cap', async () => {
  // A randomized durability review: the write whose store the reset swapped kept its slot reserved, so
  // flush() never reported pending.all 0 again and every such race shrank the outbox for good.
  const context = await browser.newContext();
  const [a, b] = [await newPage(context), await newPage(context)];
  for (const { page } of [a, b]) await createIn(page, { userId: 'slots', maxOutboxItems: 100 });
  const racing = b.page.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 60; i++) {
      out.push(window.client.submitSurvey({ surveyId: 's', kind: 'x', answers: {} }).then((r) => (r.accepted ? 'ok' : r.error.code)));
      await new Promise((r) => setTimeout(r, 3));
    }
    return Promise.all(out);
  });
  await a.page.waitForTimeout(60);
  await a.page.evaluate(() => window.client.reset());
  const outcomes = await racing;
  assert.ok(outcomes.every((o) => ['ok', 'DISCARDED', 'STORAGE_FAILED'].includes(o)), outcomes.join());
  await drain(b.page);
  assert.deepEqual(await b.page.evaluate(async () => {
    const { count } = await window.client.inspectOutbox();
    return [count, (await window.client.flush()).pending];
  }), [0, { tab: 0, all: 0 }]);
  await context.close();
});

test('a full outbox accepts again in every tab as soon as another tab delivered, not at its own next write', async () => {
  const context = await browser.newContext();
  const [a, b] = [await newPage(context), await newPage(context)];
  // No retry timer of A's own runs before the test's end: B's delivery alone frees the slots.
  for (const { page } of [a, b]) await createIn(page, { userId: 'freed', maxOutboxItems: 3, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  collector.fault = { mode: 'status', status: 500 };
  const filled = await a.page.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 4; i++) out.push((await window.client.submitSurvey({ surveyId: 's', kind: 'x', answers: {} })).accepted);
    return out;
  });
  assert.deepEqual(filled, [true, true, true, false]);
  collector.fault = null;
  await drain(b.page);
  await a.page.waitForFunction(async () => (await window.client.inspectOutbox()).count === 0);
  await a.page.waitForTimeout(100); // the message of B's delivery, then A's count of what is stored
  assert.equal(await a.page.evaluate(async () => (await window.client.submitSurvey({ surveyId: 's', kind: 'x', answers: {} })).accepted), true);
  await context.close();
});

test('IndexedDB unavailable: works from memory and says so through onError', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context, () => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  assert.equal(await createIn(page, { userId: 'nodb' }), 'memory');
  assert.deepEqual(await page.evaluate(() => errors.map((e) => e.code)), ['STORAGE_UNAVAILABLE']);
  const keys = await produce(page, { n: 30, responses: 2 });
  await drain(page);
  const stored = storedFor('nodb');
  assert.deepEqual(stored.events, range(30));
  assert.deepEqual(stored.responses, keys.sort());
  assert.deepEqual(problems, []);
  await context.close();
});

test('an open queued behind a blocked request gives up too, and a late connection is closed', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const r = await page.evaluate(async () => {
    const { openIndexedDb } = await import('/dist/sdk/storage.js');
    // A connection that ignores versionchange (an older app's tab) blocks a deletion; an open
    // queued behind that deletion gets no `blocked` event of its own.
    const holder = await openIndexedDb('queued-open');
    holder.onversionchange = null;
    indexedDB.deleteDatabase('queued-open');
    const t0 = performance.now();
    const queued = await openIndexedDb('queued-open', { blockedMs: 300 }).then(() => 'open', (e) => e.code);
    const waited = performance.now() - t0;
    holder.close(); // the deletion goes ahead, then the queued open, which is closed at once
    const db = await openIndexedDb('queued-open');
    const stores = [...db.objectStoreNames].length > 0;
    db.close();
    return { queued, waited: waited >= 250 && waited < 2000, stores };
  });
  assert.deepEqual(r, { queued: 'STORAGE_UNAVAILABLE', waited: true, stores: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('destroy() journals what storage refused, and the next client sends it', async () => {
  const context = await browser.newContext();
  const { page, problems } = await quotaPage(context);
  await page.evaluate(() => (window.quotaExceeded = true)); // refused until the reload below
  await createIn(page, { userId: 'destroyed', batchSize: 5 });
  collector.fault = { mode: 'down' };
  await produce(page, { n: 20 });
  await page.evaluate(async () => {
    await client.flush();
    await client.destroy();
  });
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clg-metrics-journal/')).length), 1, 'journaled at destroy()');
  collector.fault = null;
  await page.reload();
  await createIn(page, { userId: 'destroyed' });
  await drain(page);
  assert.deepEqual(storedFor('destroyed').events, range(20));
  assert.deepEqual(problems, []);
  await context.close();
});

test('writes of the same millisecond reach the collector in the order they were made, across reads and batches', async () => {
  // Before: IndexedDB read the outbox by `at`, then by key (a random UUID): goal changes or
  // answers made in one millisecond arrived in a random order, the older one applied last.
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await createIn(page, { userId: 'same-ms', sendBatchItems: 3 });
  collector.fault = { mode: 'down' };
  const scores = await page.evaluate(async () => {
    const now = Date.now;
    Date.now = () => 1767225600000;
    try {
      // Twelve at once, then three awaited one by one: all stamped with the same `at`.
      const all = Array.from({ length: 12 }, (_, i) => client.submitSurvey({ surveyId: 's1', kind: 'nps', answers: { score: i % 11 } }));
      const results = await Promise.all(all);
      for (const score of [3, 1, 2]) results.push(await client.submitSurvey({ surveyId: 's1', kind: 'nps', answers: { score } }));
      if (!results.every((r) => r.accepted)) throw new Error('refused');
    } finally {
      Date.now = now;
    }
    return [...Array.from({ length: 12 }, (_, i) => i % 11), 3, 1, 2];
  });
  collector.fault = null;
  await drain(page);
  const sent = storedFor('same-ms').items.filter((i) => i.type === 'response');
  assert.deepEqual(sent.map((i) => i.payload.answers.score), scores, 'in the order made (batches of 3: each read takes the oldest)');
  assert.ok(sent.every((i) => i.at === 1767225600000));
  assert.deepEqual(problems, []);
  await context.close();
});

test('events tracked while grantConsent() waits for storage survive a reload before it finishes; a revocation meanwhile drops them', async () => {
  // From a review: they were held in the client's memory only, and the page's journal starts with
  // the outbox, at the end of the grant: a click that granted consent and navigated lost them.
  for (const revoke of [false, true]) {
    const context = await browser.newContext();
    const { page, problems } = await newPage(context);
    const userId = `granting-reload-${revoke}`;
    await holdOlderDatabase(page, userId);
    await createIn(page, { userId, consent: 'required' });
    const tracked = await page.evaluate((revoke) => {
      client.grantConsent();
      const accepted = Array.from({ length: 5 }, (_, i) => client.track('e', { i }));
      if (revoke) client.revokeConsent();
      return accepted;
    }, revoke);
    assert.deepEqual(tracked, [true, true, true, true, true]);
    await page.reload();
    await createIn(page, { userId });
    await drain(page);
    assert.deepEqual(storedFor(userId).events, revoke ? [] : range(5), revoke ? 'revoked before the grant finished' : 'journaled, stored by the next page');
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clg-metrics-journal/'))), []);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('events held while the page was hidden pass from their journal to the outbox\'s when the grant finishes: once, and none lost', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const userId = 'granting-hidden';
  await holdOlderDatabase(page, userId);
  collector.fault = { mode: 'down' };
  await createIn(page, { userId, consent: 'required', retryBaseMs: 60_000, retryMaxMs: 60_000 });
  const journaled = await page.evaluate(async () => {
    /** The tracked events the page's journals hold, by `i`. */
    const inJournals = () => Object.keys(localStorage).filter((k) => k.startsWith('clg-metrics-journal/'))
      .flatMap((k) => JSON.parse(localStorage.getItem(k))).flatMap((item) => item.payload.events.map((e) => e.props.i)).sort();
    const granted = client.grantConsent();
    for (let i = 0; i < 5; i++) client.track('e', { i });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    const whileHeld = inJournals();
    window.older.close(); // the grant's open goes ahead
    await granted;
    return [whileHeld, inJournals()];
  });
  assert.deepEqual(journaled, [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]], 'journaled while held, then in the outbox\'s journal alone');
  await page.reload();
  collector.fault = null;
  await createIn(page, { userId });
  await drain(page);
  const stored = storedFor(userId);
  assert.deepEqual(stored.events, range(5));
  assert.ok(stored.uniqueKeys);
  assert.deepEqual(problems, []);
  await context.close();
});

test('events tracked while reset() deletes the database survive the page going away before it finishes', async () => {
  // From stop 47's notes: the reset detaches storage (and the outbox's page listeners with it) until
  // the fresh database opens; what was tracked meanwhile lived in memory only, and a page hidden
  // then discarded lost it. Another tab's connection that ignores versionchange holds the reset.
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const { page: other } = await newPage(context);
  const userId = 'resetting-hidden';
  await createIn(page, { userId });
  await other.evaluate((name) => new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(void (window.held = request.result));
  }), `clg-metrics/acme/${userId}`);
  const journaled = await page.evaluate(async () => {
    client.track('before'); // the last user's: the reset discards it
    client.reset();
    for (let i = 0; i < 5; i++) client.track('e', { i });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    return Object.keys(localStorage).filter((k) => k.startsWith('clg-metrics-journal/'))
      .flatMap((k) => JSON.parse(localStorage.getItem(k))).flatMap((item) => item.payload.events.map((e) => e.props.i ?? e.name)).sort();
  });
  assert.deepEqual(journaled, [0, 1, 2, 3, 4], 'journaled while the reset waits');
  await page.reload(); // the reset never finished
  const created = createIn(page, { userId }); // waits for the reset's deletion, which waits for the other tab
  await other.evaluate(() => window.held.close());
  await created;
  await drain(page);
  const stored = storedFor(userId);
  assert.deepEqual(stored.events, range(5));
  assert.ok(stored.items.every((item) => item.payload.events?.every((e) => e.name === 'e') ?? true), 'nothing from before the reset');
  assert.ok(stored.uniqueKeys);
  assert.deepEqual(problems, []);
  await context.close();
});

test('journaled items that IndexedDB refuses at the next start are sent from memory, counted, and kept in the journal', async () => {
  // From a review: over quota, the merge failed and left them in localStorage, unsent and uncounted
  // (flush() said nothing was pending), until a reset() deleted them.
  const context = await browser.newContext();
  const { page, problems } = await quotaPage(context);
  const userId = 'quota-journal';
  collector.fault = { mode: 'down' };
  await createIn(page, { userId, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  await page.evaluate(async () => {
    window.quotaExceeded = true;
    for (let i = 0; i < 20; i++) client.track('e', { i });
    await client.flush(); // refused by storage: in memory and, when the page goes away, the journal
  });
  await page.reload();
  await page.evaluate(() => { window.quotaExceeded = true; });
  await createIn(page, { userId, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  const before = await page.evaluate(async () => [await client.inspectOutbox(), window.errors.map((e) => e.code)]);
  assert.equal(before[0].count, 1, 'the journaled batch is pending');
  assert.equal(before[0].notDurable, 1);
  assert.ok(before[1].includes('STORAGE_QUOTA'), 'the refusal is reported');
  collector.fault = null;
  await drain(page);
  const stored = storedFor(userId);
  assert.deepEqual(stored.events, range(20));
  assert.ok(stored.uniqueKeys);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clg-metrics-journal/'))), [], 'delivered: no journal left');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a burst of events larger than the journal holds is refused, not dropped, while IndexedDB writes it', async () => {
  // From a review: the journal keeps the newest million characters; a reload right after a larger
  // burst, before its IndexedDB write committed, silently lost the oldest events.
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const userId = 'burst';
  collector.fault = { mode: 'down' }; // beacons too
  await createIn(page, { userId, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  const accepted = await page.evaluate(() => {
    let n = 0;
    while (n < 20_000 && client.track('e', { i: n, pad: 'p'.repeat(100) })) n++;
    return [n, window.errors.map((e) => e.code)];
  });
  assert.ok(accepted[0] > 5_000 && accepted[0] < 20_000, `refused past the journal's budget (${accepted[0]} accepted)`);
  assert.deepEqual(accepted[1], ['OUTBOX_FULL']);
  await page.reload(); // before the write commits
  collector.fault = null;
  await createIn(page, { userId });
  await drain(page);
  const stored = storedFor(userId);
  assert.deepEqual(stored.events, range(accepted[0]));
  assert.ok(stored.uniqueKeys);
  assert.deepEqual(problems, []);
  await context.close();
});

test('items of one millisecond keep their order through a reload that journals some of them', async () => {
  // From a review: the journal's items were stored by the next page with its own (smaller) order
  // numbers, and sent before those of the same millisecond the first page had stored.
  const context = await browser.newContext();
  const { page, problems } = await quotaPage(context);
  await createIn(page, { userId: 'same-ms-reload', batchSize: 1, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  collector.fault = { mode: 'down' };
  await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) client.track('warm');
    await client.flush();
    Date.now = () => 1767225600000; // every batch below at one millisecond
    for (let i = 0; i < 4; i++) client.track('e', { i });
    await client.flush(); // stored
    window.quotaExceeded = true;
    for (let i = 4; i < 8; i++) client.track('e', { i });
    await client.flush(); // refused by storage: kept in memory, journaled when the page goes away
  });
  await page.reload();
  // The pagehide beacon sends what is not yet durable, newest first (see the tail test): a retry of
  // it arriving now would be stored before the next page sends. Refused, to see the outbox's order.
  collector.fault = ({ beacon }) => (beacon ? { mode: 'down' } : null);
  await createIn(page, { userId: 'same-ms-reload', sendBatchItems: 2 });
  await drain(page);
  const sent = storedFor('same-ms-reload').items.filter((i) => i.type === 'events').flatMap((i) => i.payload.events.filter((e) => e.name === 'e').map((e) => e.props.i));
  assert.deepEqual(sent, range(8), 'in the order made, the journaled ones last');
  assert.deepEqual(problems, []);
  await context.close();
});

test('quota exceeded and outbox full: clear errors, nothing silently dropped', async () => {
  const context = await browser.newContext();
  const { page, problems } = await quotaPage(context);
  await createIn(page, { userId: 'quota', batchSize: 10, maxOutboxItems: 4 });
  collector.fault = { mode: 'down' };
  await page.evaluate(() => (window.quotaExceeded = true));
  const refused = await page.evaluate(async () => {
    const r = await client.submitSurvey({ surveyId: 's1', kind: 'nps', answers: { score: 1 } });
    return { accepted: r.accepted, code: r.error?.code };
  });
  assert.deepEqual(refused, { accepted: false, code: 'STORAGE_QUOTA' });
  // Events that storage refuses are kept in memory, reported, and still sent.
  await produce(page, { n: 10 });
  await page.evaluate(() => client.flush());
  await page.evaluate(() => (window.quotaExceeded = false));
  const keys = await produce(page, { from: 10, n: 0, responses: 3 });
  // 1 volatile batch + 3 responses = 4 = the cap: the next item is refused.
  const full = await page.evaluate(async () => [client.track('e', { i: 99 }), (await client.submitSurvey({ surveyId: 's1', kind: 'nps', answers: { score: 5 } })).error?.code]);
  assert.deepEqual(full, [false, 'OUTBOX_FULL']);
  const codes = await page.evaluate(() => errors.map((e) => e.code));
  for (const code of ['STORAGE_QUOTA', 'OUTBOX_FULL', 'SEND_FAILED']) assert.ok(codes.includes(code), code);
  collector.fault = null;
  await drain(page);
  const stored = storedFor('quota');
  assert.deepEqual(stored.events, range(10));
  assert.deepEqual(stored.responses, keys.sort());
  assert.equal(stored.items.length, 4, 'exactly the accepted items');
  assert.equal(await page.evaluate(() => client.track('e', { i: 100 })), true, 'accepting again once delivered');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an item accepted while the outbox is being counted keeps its slot', async () => {
  const context = await browser.newContext();
  // Runs window.duringCount once, right after the SDK starts counting the outbox.
  const { page, problems } = await newPage(context, () => {
    const count = IDBObjectStore.prototype.count;
    IDBObjectStore.prototype.count = function (...args) {
      const request = count.apply(this, args);
      const during = this.name === 'outbox' && this.transaction.mode === 'readonly' ? window.duringCount : null;
      if (during) {
        window.duringCount = null;
        during();
      }
      return request;
    };
  });
  // No retry within the test: the count after the first failed send is the last one.
  await createIn(page, { userId: 'counted', maxOutboxItems: 3, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  collector.fault = { mode: 'down' };
  const outcomes = await page.evaluate(async () => {
    const submit = async (score) => {
      const r = await client.submitSurvey({ surveyId: 's1', kind: 'nps', answers: { score } });
      return r.accepted || r.error.code;
    };
    const second = new Promise((resolve) => (window.duringCount = () => resolve(submit(2))));
    // Its send fails, then the outbox is counted, and the second response arrives meanwhile.
    const first = await submit(1);
    return [first, await second, await submit(3), await submit(4)];
  });
  assert.deepEqual(outcomes, [true, true, true, 'OUTBOX_FULL'], 'the third response fills the outbox of 3');
  collector.fault = null;
  await drain(page);
  assert.equal(storedFor('counted').responses.length, 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test('per-user isolation, reset(), schema migration and quarantine of foreign or corrupt records', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  // Ann's items wait in her outbox (no endpoint); Bob on the same browser sees none of them.
  await createIn(page, { userId: 'ann', local: true });
  await produce(page, { n: 5, responses: 1 });
  assert.deepEqual(await page.evaluate(() => client.destroy().then(() => 0)), 0);
  await createIn(page, { userId: 'bob', local: true });
  assert.equal((await page.evaluate(() => client.flush())).pending.all, 0);
  await page.evaluate(() => client.destroy());
  await createIn(page, { userId: 'ann', local: true });
  assert.equal((await page.evaluate(() => client.flush())).pending.all, 2);
  assert.equal(await page.evaluate(() => client.reset()), 2);
  assert.equal((await page.evaluate(() => client.flush())).pending.all, 0);
  await page.evaluate(() => client.destroy());

  // A version-1 database (before the quarantine store) holding one valid
  // item, one of another user and one corrupt record.
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('clg-metrics/acme/carl', 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore('outbox', { keyPath: 'key' });
          db.createObjectStore('meta');
        };
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['outbox', 'meta'], 'readwrite');
          const outbox = tx.objectStore('outbox');
          const payload = { accountId: 'acme', userId: 'carl', role: 'admin', events: [{ name: 'e', at: 1, props: { i: 0 } }] };
          outbox.put({ key: 'k-valid', type: 'events', at: 1, payload, owner: 'acme\ncarl' });
          outbox.put({ key: 'k-foreign', type: 'events', at: 2, payload, owner: 'acme\nmallory' });
          // The owner copied from this user's record, the payload another user's.
          outbox.put({ key: 'k-foreign-payload', type: 'events', at: 3, payload: { ...payload, userId: 'mallory' }, owner: 'acme\ncarl' });
          outbox.put({ key: 'k-corrupt', type: 'events', at: 'yesterday', payload: 42, owner: 'acme\ncarl' });
          outbox.put({ key: 'k-no-time', type: 'events', payload, owner: 'acme\ncarl' });
          tx.objectStore('meta').put({ version: 7, prompts: 'none' }, 'surveyState');
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await createIn(page, { userId: 'carl', policy: { kinds: { nps: { recontactDays: 90 } } } });
  await drain(page);
  const codes = await page.evaluate(() => errors.map((e) => e.code));
  assert.deepEqual(codes, ['STORAGE_CORRUPT', 'STORAGE_CORRUPT']);
  const quarantined = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const request = indexedDB.open('clg-metrics/acme/carl');
        request.onsuccess = () => {
          const db = request.result;
          const get = db.transaction('quarantine').objectStore('quarantine').getAll();
          get.onsuccess = () => {
            resolve({ version: db.version, problems: get.result.map((q) => q.problem).sort() });
            db.close();
          };
        };
      }),
  );
  assert.equal(quarantined.version, 2);
  assert.equal(quarantined.problems.length, 5);
  assert.equal(quarantined.problems.filter((p) => p === 'belongs to another user').length, 2);
  const stored = storedFor('carl');
  assert.deepEqual(stored.items.map((i) => i.key), ['k-valid']);
  assert.equal(storedFor('ann').items.length, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the survey state survives a reload, stored compactly; state stored by an earlier release still loads', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const policy = { kinds: { nps: { recontactDays: 90 } }, sessionDelayMinutes: 0 };
  await createIn(page, { userId: 'stored', local: true, policy });
  const shown = await page.evaluate(() => client.surveyShown({ surveyId: 'q1', kind: 'nps' }));
  const before = await page.evaluate(() => client.surveyState());
  assert.deepEqual(before.prompts.map((p) => p.id), [shown]);
  /** The record IndexedDB holds under meta/surveyState, described. */
  const record = () =>
    page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const request = indexedDB.open('clg-metrics/acme/stored');
          request.onsuccess = () => {
            const get = request.result.transaction('meta').objectStore('meta').get('surveyState');
            get.onsuccess = () => {
              const r = get.result;
              request.result.close();
              resolve({ keys: Object.keys(r), packed: r.packed?.map((c) => (typeof c === 'string' ? 'string' : c.constructor.name)) });
            };
            get.onerror = () => reject(get.error);
          };
        }),
    );
  assert.deepEqual(await record(), { keys: ['version', 'packed'], packed: ['string', 'Uint32Array', 'Float64Array', 'Uint8Array'] });
  await page.reload();
  await createIn(page, { userId: 'stored', local: true, policy });
  assert.deepEqual(await page.evaluate(() => client.surveyState()), before);
  assert.equal((await page.evaluate(() => client.shouldAskSurvey('nps'))).reason, 'RECONTACT_PERIOD');

  // A plain state object, as earlier releases stored it.
  await storeSurveyState(page, 'stored',
    { ...before, prompts: [{ ...before.prompts[0], id: 'plain-1' }], accountPrompts: [{ ...before.accountPrompts[0], id: 'plain-1' }] });
  await page.reload();
  await createIn(page, { userId: 'stored', local: true, policy });
  assert.deepEqual(await page.evaluate(() => client.surveyState().prompts.map((p) => p.id)), ['plain-1']);

  // A prompt older than the policy's longest window, stored: the next event forgets it, and
  // merging the stored copy in the same write does not bring it back.
  const ancient = Date.now() - 200 * 86_400_000;
  await storeSurveyState(page, 'stored',
    { ...before, prompts: [{ ...before.prompts[0], id: 'ancient', at: ancient, outcome: 'shown', outcomeAt: null }], accountPrompts: [{ ...before.accountPrompts[0], id: 'ancient', at: ancient }] });
  await page.reload();
  await createIn(page, { userId: 'stored', local: true, policy });
  const forgotten = await page.evaluate(async () => {
    client.surveyShown({ surveyId: 'q', kind: 'nps' });
    await client.flush();
    const ids = client.surveyState().prompts.map((p) => p.id);
    const dismissed = await client.dismissSurvey({ promptId: 'ancient' }).then((r) => r.accepted, (e) => e.code);
    return { ancient: ids.includes('ancient'), count: ids.length, dismissed };
  });
  assert.deepEqual(forgotten, { ancient: false, count: 1, dismissed: 'UNKNOWN_PROMPT' });
  assert.deepEqual(await page.evaluate(() => errors), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the session survives a reload: no prompt in its first minutes, then eligible', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const policy = { kinds: { nps: { recontactDays: 90 } }, sessionDelayMinutes: 2 };
  await createIn(page, { userId: 'session', local: true, policy });
  const first = await page.evaluate(() => client.shouldAskSurvey('nps'));
  assert.equal(first.reason, 'SESSION_TOO_NEW');
  await page.reload();
  await createIn(page, { userId: 'session', local: true, policy });
  const again = await page.evaluate(() => client.shouldAskSurvey('nps'));
  assert.equal(again.retryAt, first.retryAt, 'the same session, not a new one');
  // A session that started 2 minutes ago (kept by the host) is past the delay.
  await createIn(page, { userId: 'session', local: true, policy, sessionStart: Date.now() - 120_000 });
  assert.equal((await page.evaluate(() => client.shouldAskSurvey('nps'))).reason, 'ELIGIBLE');
  await page.evaluate(() => client.reset());
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('metrics, goals and scores survive a reload; stored results of a changed model or corrupt scores are quarantined', async () => {
  const model = {
    roles: [{
      id: 'admin', name: 'Admin',
      maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
      metrics: [
        { id: 'reports', name: 'Reports exported', kind: 'value', unit: 'reports', direction: 'higher',
          collection: { method: 'appGenerated', rule: { type: 'count', event: 'report_exported', window: { type: 'rolling', days: 7 } } } },
        { id: 'hours', name: 'Hours saved', kind: 'businessImpact', unit: 'h', direction: 'higher', collection: { method: 'selfReported' } },
      ],
    }],
  };
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await createIn(page, { userId: 'dana', model });
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) client.track('report_exported');
    await client.record({ metric: 'hours', value: 4 });
    await client.setGoal({ metric: 'hours', target: 6 });
    await client.submitSurvey({ surveyId: 'nps-q3', kind: 'nps', answers: { score: 10 } });
    await client.destroy(); // writes the open batch (and the metrics it fed)
  });
  await page.reload();
  await createIn(page, { userId: 'dana', model });
  const view = () => page.evaluate(() => ({
    metrics: client.metrics().map((m) => [m.metric, m.current, m.goal?.target ?? null]),
    nps: client.scores('nps-q3')?.n ?? null,
    errors: errors.map((e) => e.code),
  }));
  assert.deepEqual(await view(), { metrics: [['reports', 3, null], ['hours', 4, 6]], nps: 1, errors: [] });
  await drain(page);
  const stored = storedFor('dana');
  assert.deepEqual(stored.items.map((i) => i.type).sort(), ['events', 'goal', 'observation', 'response']);
  assert.ok(stored.uniqueKeys);

  // The app ships a new model; the stored scores were tampered with.
  await page.evaluate(async () => {
    await client.destroy();
    await new Promise((resolve, reject) => {
      const request = indexedDB.open('clg-metrics/acme/dana');
      request.onsuccess = () => {
        const tx = request.result.transaction('meta', 'readwrite');
        tx.objectStore('meta').put({ format: 'clg-metrics/sdk-scores', version: 1, surveys: { x: { kind: 'nps', scale: 10, base: null, asOf: null, answers: [[1, 99]] } } }, 'scores');
        tx.oncomplete = () => {
          request.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  });
  model.roles[0].metrics[1].name = 'Hours saved per week';
  await createIn(page, { userId: 'dana', model });
  const after = await view();
  assert.deepEqual(after.errors.sort(), ['MODEL_CHANGED', 'STORAGE_CORRUPT']);
  assert.deepEqual(after.metrics, [['reports', null, null], ['hours', null, null]], 'the metrics start empty');
  assert.equal(after.nps, null);
  const quarantined = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const request = indexedDB.open('clg-metrics/acme/dana');
        request.onsuccess = () => {
          const get = request.result.transaction('quarantine').objectStore('quarantine').getAll();
          get.onsuccess = () => {
            resolve(get.result.map((q) => q.name).sort());
            request.result.close();
          };
        };
      }),
  );
  assert.deepEqual(quarantined, ['results', 'scores'], 'set aside, not deleted');
  assert.deepEqual(problems, []);
  await context.close();
});

/** The outbox records in the page's IndexedDB (read through a connection of its own). */
function storedInPage(page, userId) {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('outbox')) return resolve([]);
          const get = db.transaction('outbox').objectStore('outbox').getAll();
          get.onsuccess = () => {
            db.close();
            resolve(get.result);
          };
        };
      }),
    `clg-metrics/acme/${userId}`,
  );
}

test('the tail of a page life survives a reload while the collector refuses everything: the journal, and a beacon that is no delivery', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  // A large batch and a long interval: every event is still in the page's memory when it reloads.
  await createIn(page, { userId: 'tail', batchSize: 1000, flushIntervalMs: 60_000 });
  const beacons = [];
  collector.fault = ({ beacon, items }) => {
    if (beacon) beacons.push(items);
    return { mode: 'down' };
  };
  // One millisecond for all (from a review: its items went oldest first, in the order stored).
  await page.evaluate(() => { Date.now = () => 1767225600000; });
  const made = await produce(page, { n: 120, responses: 2 });
  const keys = await page.evaluate(async () => {
    const r = await client.submitSurvey({ surveyId: 's1', kind: 'nps', answers: { score: 3 } });
    return [r.key, (await client.inspectOutbox()).notDurable];
  });
  assert.equal(keys[1], 1, 'the open batch is the only item not yet durable');
  made.push(keys[0]);
  await page.reload();
  const journals = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clg-metrics-journal/')));
  assert.equal(journals.length, 1, 'pagehide wrote a journal');
  // Chromium may retry a beacon whose connection was reset: each try carries the same items.
  assert.ok(beacons.length >= 1, 'a beacon');
  for (const sent of beacons) {
    assert.deepEqual(sent.map((i) => i.type), ['events', 'response', 'response', 'response'], 'the batch not yet durable first, then the rest');
    assert.deepEqual(sent.slice(1).map((i) => i.key), made.toReversed(), 'newest first');
  }
  collector.fault = null;
  await createIn(page, { userId: 'tail' });
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clg-metrics-journal/'))), [], 'merged, then removed');
  await drain(page);
  const stored = storedFor('tail');
  assert.deepEqual(stored.events, range(120));
  assert.equal(stored.responses.length, 3);
  assert.ok(stored.uniqueKeys);
  assert.deepEqual(problems, []);
  await context.close();
});

test('campaign event counts survive a reload right after track(), as the events do', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const policy = { kinds: { ces: { recontactDays: 30 } }, sessionDelayMinutes: 0 };
  const campaign = { id: 'third-export', ask: { survey: { kind: 'ces' } }, trigger: { event: { name: 'export', occurrence: 3 } } };
  const start = async () => {
    await createIn(page, { userId: 'counts', local: true, policy, flushIntervalMs: 60_000 });
    await page.evaluate((campaign) => client.campaigns([campaign]), campaign);
  };
  const reason = () => page.evaluate(() => client.campaignStatus().campaigns[0].reason);
  await start();
  await page.evaluate(() => client.track('export') && client.track('export'));
  assert.equal(await reason(), 'NOT_TRIGGERED');
  await page.reload(); // at once: the open batch goes to the journal, its counts to localStorage
  await start();
  await page.evaluate(() => client.track('export'));
  assert.equal(await reason(), 'DUE', 'the third export, two of them before the reload');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a renderer crash keeps every event older than the durability bound (flushIntervalMs plus one write)', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await createIn(page, { userId: 'crash', local: true }); // no endpoint: nothing leaves before the crash
  const first = Date.now();
  await produce(page, { n: 30 }); // fewer than batchSize: only the flushIntervalMs timer seals them
  let durableAfter = null;
  for (let t = 0; t < 300 && durableAfter === null; t++) {
    if ((await storedInPage(page, 'crash')).length > 0) durableAfter = Date.now() - first;
    else await new Promise((r) => setTimeout(r, 10));
  }
  console.log(`durable after ${durableAfter} ms (flushIntervalMs 1000)`);
  assert.ok(durableAfter !== null, 'in IndexedDB without a flush()');
  await produce(page, { from: 30, n: 5 });
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  cdp.send('Page.crash').catch(() => {});
  await crashed;
  const { page: next } = await newPage(context);
  await createIn(next, { userId: 'crash' });
  await drain(next);
  const stored = storedFor('crash');
  assert.deepEqual(stored.events.slice(0, 30), range(30), 'everything older than the bound');
  console.log(`after the crash: ${stored.events.length - 30} of the 5 events tracked within the bound arrived`);
  assert.deepEqual(problems, []);
  await context.close();
});

/** A model of one app-generated metric: the events `e` of the last 30 days. */
const countModel = { roles: [{ id: 'admin', name: 'Admin', maturity: [{ name: 'L1', improvement: { type: 'percent', amount: 10 } }],
  metrics: [{ id: 'events', name: 'Events', kind: 'value', unit: 'events', direction: 'higher',
    collection: { method: 'appGenerated', rule: { type: 'count', event: 'e', window: { type: 'rolling', days: 30 } } } }] }] };
/** The page's client's current value of that metric. */
const eventCount = (page) => page.evaluate(() => client.metrics().find((m) => m.metric === 'events').current);

test('after a crash the metrics count only events the outbox kept: a read seals them, the view is saved after their write', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  // No endpoint, and a flush interval far away: only the read seals the 20 events.
  await createIn(page, { userId: 'crash-view', local: true, model: countModel, flushIntervalMs: 600_000 });
  await produce(page, { n: 20 });
  assert.equal(await eventCount(page), 20);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500))); // the write and the view's save
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  cdp.send('Page.crash').catch(() => {});
  await crashed;
  const { page: next } = await newPage(context);
  await createIn(next, { userId: 'crash-view', model: countModel });
  await drain(next);
  assert.deepEqual(storedFor('crash-view').events, range(20), 'the events the view counted reached the collector');
  assert.equal(await eventCount(next), 20);
  assert.deepEqual(problems, []);
  await context.close();
});

test('events tracked just before a reload count in the metrics of the next page, once', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  // The page goes away right after tracking: the view's IndexedDB save does not finish, the
  // events reach the next page through the journal, and the view through the copy kept beside it.
  for (let round = 1; round <= 4; round++) {
    await createIn(page, { userId: 'reload-view', local: true, model: countModel });
    assert.equal(await eventCount(page), round === 1 ? null : 3 * (round - 1));
    await page.evaluate(() => { for (let i = 0; i < 3; i++) client.track('e'); });
    await page.reload();
  }
  await createIn(page, { userId: 'reload-view', model: countModel });
  assert.equal(await eventCount(page), 12);
  await drain(page);
  assert.equal(storedFor('reload-view').items.flatMap((i) => i.payload.events ?? []).filter((e) => e.name === 'e').length, 12, 'and the collector has each once');
  assert.deepEqual(await page.evaluate(() => errors), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Retry-After outlives a logout: reset() forgets the user\'s data, not the collector\'s wait', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await createIn(page, { userId: 'logout', retryMaxMs: 5000 });
  const since = collector.log.length;
  collector.fault = { mode: 'status', status: 503, retryAfter: '2' };
  await produce(page, { n: 1 });
  await page.evaluate(() => client.flush());
  for (let t = 0; t < 200 && !collector.log.slice(since).some((r) => r.status === 503); t++) await new Promise((r) => setTimeout(r, 10));
  const told = collector.log.slice(since).find((r) => r.status === 503);
  collector.fault = null;
  await page.evaluate(() => client.reset());
  await produce(page, { from: 1, n: 3 }); // the same user, logged in again
  await page.evaluate(() => client.flush());
  await page.reload(); // and the next page
  await createIn(page, { userId: 'logout', retryMaxMs: 5000 });
  await drain(page);
  const after = collector.log.slice(since).filter((r) => r.at > told.at);
  assert.ok(after.length > 0);
  assert.ok(after[0].at >= told.retryAt, `the first request came ${after[0].at - told.at} ms after a Retry-After of 2 s`);
  assert.deepEqual(storedFor('logout').events, [1, 2, 3], 'what reset() discarded is gone, what came after is delivered');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Retry-After holds the page that heard it, its beacon, and the next page of the tab', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await createIn(page, { userId: 'later', retryMaxMs: 5000 });
  const since = collector.log.length;
  collector.fault = { mode: 'status', status: 429, retryAfter: '2' };
  await produce(page, { n: 5, responses: 1 });
  for (let t = 0; t < 200 && !collector.log.slice(since).some((r) => r.status === 429); t++) await new Promise((r) => setTimeout(r, 10));
  const told = collector.log.slice(since).find((r) => r.status === 429);
  collector.fault = null;
  // The collector logged its answer; the page reports it once the response reaches it.
  await page.waitForFunction(() => errors.some((e) => e.code === 'SEND_FAILED'), null, { timeout: 5000 }).catch(() => {});
  const error = await page.evaluate(() => errors.find((e) => e.code === 'SEND_FAILED'));
  assert.ok(error, 'reported');
  await produce(page, { from: 5, n: 5 });
  await page.reload(); // pagehide: no beacon while the wait holds
  await createIn(page, { userId: 'later', retryMaxMs: 5000 });
  await drain(page);
  const after = collector.log.slice(since).filter((r) => r.at > told.at);
  assert.ok(after.length > 0);
  assert.ok(after.every((r) => !r.beacon), 'no beacon during the wait');
  assert.ok(after[0].at >= told.retryAt, `the next page waited: ${after[0].at - told.at} ms after a Retry-After of 2 s`);
  assert.deepEqual(storedFor('later').events, range(10));
  assert.deepEqual(problems, []);
  await context.close();
});
