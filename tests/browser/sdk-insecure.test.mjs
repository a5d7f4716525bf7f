// `clg-metrics/sdk` on a page served over plain HTTP from a name other than
// localhost (a phone testing `vite --host` on a LAN address): not a secure
// context, so the browser gives it no `crypto.randomUUID`, `crypto.subtle`
// nor `navigator.locks`. The client works there as on HTTPS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from '../support/chromium.mjs';
import { PAGE_MOUNTS, startCollector } from '../support/collector.mjs';

/** The host name the page is opened at: Chromium resolves it to the collector's 127.0.0.1. */
const HOST = 'myapp.test';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let running, browser, origin;

before(async () => {
  running = await startCollector(PAGE_MOUNTS);
  origin = running.origin.replace('127.0.0.1', HOST);
  browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
});

after(async () => {
  await browser?.close();
  running?.stop();
});

test('on a plain-HTTP page that is not localhost the client records, shows surveys and delivers, with UUID v4 keys', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/blank.html`);
  const secure = await page.evaluate(() => ({
    isSecureContext, randomUUID: typeof crypto.randomUUID, subtle: typeof crypto.subtle, locks: typeof navigator.locks,
  }));
  assert.deepEqual(secure, { isSecureContext: false, randomUUID: 'undefined', subtle: 'undefined', locks: 'undefined' }, 'the page is not a secure context');
  const result = await page.evaluate(async () => {
    const { createClient } = await import('/dist/sdk/index.js');
    const errors = [];
    const client = await createClient({
      accountId: 'acme', userId: 'lan', role: 'admin', endpoint: '/collect',
      policy: { kinds: { nps: { recontactDays: 90 } }, sessionDelayMinutes: 0 },
      onError: (e) => errors.push(`${e.code}: ${e.message}`),
    });
    client.track('report_exported', { rows: 3 });
    const promptId = client.surveyShown({ surveyId: 'nps-q3', kind: 'nps' });
    const response = await client.submitSurvey({ surveyId: 'nps-q3', kind: 'nps', promptId, answers: { score: 9 } });
    const dismissal = await client.dismissSurvey({ promptId: client.surveyShown({ surveyId: 'nps-q4', kind: 'nps' }) });
    let pending;
    for (let i = 0; i < 100 && pending !== 0; i++) {
      ({ pending: { all: pending } } = await client.flush());
      if (pending) await new Promise((r) => setTimeout(r, 50));
    }
    const storage = client.storage;
    await client.destroy();
    return { storage, promptId, response, dismissal, pending, errors };
  });
  assert.deepEqual(result.errors, []);
  assert.equal(result.storage, 'indexeddb');
  assert.match(result.promptId, UUID_V4);
  assert.equal(result.response.accepted, true);
  assert.equal(result.dismissal.accepted, true);
  assert.equal(result.pending, 0, 'the outbox drained (one tab: no Web Lock needed)');
  const items = running.collector.items().filter((item) => item.payload.userId === 'lan');
  assert.deepEqual(items.map((item) => item.type).sort(), ['dismissal', 'events', 'response']);
  for (const { key } of items) assert.match(key, UUID_V4);
  assert.equal(new Set(items.map((item) => item.key)).size, items.length);
  assert.deepEqual(problems, []);
  await context.close();
});
