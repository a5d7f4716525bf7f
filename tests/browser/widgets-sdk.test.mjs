// The prompt widgets with an SDK client in headless Chromium: what the
// person sees when the client refuses an answer, an app that cancels a
// prompt's event, a widget inside the app's own shadow root, and the
// <style> fallback under a CSP nonce sent in a header.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, test } from 'node:test';
import ts from 'typescript';
import { CSP } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';
import { PAGE_MOUNTS, startCollector } from '../support/collector.mjs';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');
let running, browser, origin;

before(async () => {
  running = await startCollector(PAGE_MOUNTS);
  origin = running.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  running?.stop();
});

/**
 * A blank page with the SDK and the widgets loaded; `window.errors` logs
 * every `clg-error` as [code, action]. `problems()`: what went wrong on the
 * page, but for the requests to the collector while it is down.
 */
async function blank() {
  const { page, problems: all } = await openPage(browser, `${origin}/blank.html`);
  const problems = () => all.filter((p) => !p.includes('/collect'));
  await page.evaluate(async () => {
    const sdk = await import('/dist/sdk/index.js');
    await import('/dist/widgets/index.js');
    /** A client as the tests make it (errors go to `window.errors` through the widgets, not the console). */
    window.newClient = async (options) => (window.client = await sdk.createClient({ ...options, onError() {} }));
    window.errors = [];
    document.addEventListener('clg-error', (e) => {
      e.preventDefault(); // handled: no console.warn
      window.errors.push([e.detail.code, e.detail.action]);
    });
  });
  return { page, problems };
}

const POLICY = { kinds: { nps: { recontactDays: 90 }, checkin: { recontactDays: 0 } }, sessionDelayMinutes: 0 };
/** Client options: the collector's endpoint, retries an hour away (only the test's flush() sends). */
const CLIENT = { accountId: 'acme', role: 'admin', storage: 'memory', endpoint: '/collect', retryBaseMs: 3_600_000, retryMaxMs: 3_600_000 };

beforeEach(() => {
  running.collector.fault = null;
});

/** Makes the client's outbox full while the collector is down (what it holds stays). */
function fillOutbox(page, cap) {
  running.collector.fault = { mode: 'down' };
  return page.evaluate(async (cap) => {
    while ((await window.client.inspectOutbox()).count < cap) {
      window.client.track('fill');
      await window.client.flush();
    }
  }, cap);
}

/** An NPS prompt on the page with a client whose outbox holds at most 2 items; `ask()` opened it. */
async function askedPrompt(page, userId) {
  await page.evaluate(async ({ options, policy }) => {
    const prompt = document.createElement('clg-nps-prompt');
    prompt.hidden = true;
    prompt.client = await window.newClient({ ...options, maxOutboxItems: 2, policy });
    document.body.append(prompt);
    await prompt.ask();
  }, { options: { ...CLIENT, userId }, policy: POLICY });
  return page.locator('clg-nps-prompt');
}

/** The collector is back: the outbox is delivered, so there is room again. */
async function deliver(page) {
  running.collector.fault = null;
  await page.evaluate(async () => {
    while ((await window.client.flush()).pending.all > 0) await new Promise((r) => setTimeout(r, 20));
  });
}

/** Waits until the text of the page's <clg-role-goals>, with the goal-progress widgets it draws, matches `pattern`. */
function shows(page, pattern) {
  return page.waitForFunction((source) => {
    const deep = (root) => [...root.childNodes].map((n) => (n.shadowRoot ? deep(n.shadowRoot) : '') + (n.nodeType === 3 ? n.textContent : deep(n))).join('');
    return new RegExp(source).test(deep(document.querySelector('clg-role-goals').shadowRoot));
  }, pattern.source);
}

test('a prompt whose answer the client refuses stays open with a sentence, not a thank-you; sent again once allowed', async () => {
  const { page, problems } = await blank();
  const prompt = await askedPrompt(page, 'refused');
  await fillOutbox(page, 2);
  await prompt.getByRole('radio', { name: '9 of 10' }).check();
  await prompt.getByRole('button', { name: 'Send' }).click();
  const alert = prompt.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'Too many changes are waiting to be sent: go online, then try again.');
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot.activeElement?.className), 'refused', 'focus on the sentence');
  assert.equal(await prompt.getByRole('alert', { name: 'Too many changes are waiting to be sent: go online, then try again.', exact: true }).count(), 1, 'named by its text');
  assert.equal(await prompt.locator('.thanks').textContent(), '', 'no thank-you');
  assert.equal(await prompt.evaluate((p) => p.hidden), false);
  assert.deepEqual(await page.evaluate(() => window.errors), [['OUTBOX_FULL', 'submit']]);

  await deliver(page);
  await prompt.getByRole('button', { name: 'Send' }).click();
  await prompt.getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
  assert.equal(await prompt.getByRole('alert').count(), 0, 'the sentence went with the refusal');
  await deliver(page);
  const responses = running.collector.items().filter((i) => i.type === 'response' && i.payload.userId === 'refused');
  assert.deepEqual(responses.map((i) => i.payload.answers), [{ score: 9 }], 'recorded once');
  assert.deepEqual(problems(), []);
  await page.close();
});

test('clg-sent comes once the client accepted the answer, with the clg-submit detail', async () => {
  const { page, problems } = await blank();
  const prompt = await askedPrompt(page, 'sent');
  await page.evaluate(() => {
    window.events = [];
    for (const type of ['clg-submit', 'clg-sent']) document.addEventListener(type, (e) => window.events.push(`${type} ${JSON.stringify(e.detail)}`));
  });
  await prompt.getByRole('radio', { name: '9 of 10' }).check();
  await prompt.getByRole('button', { name: 'Send' }).click();
  await prompt.getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
  const detail = '{"kind":"nps","score":9,"scale":{"min":0,"max":10}}';
  assert.deepEqual(await page.evaluate(() => window.events), [`clg-submit ${detail}`, `clg-sent ${detail}`]);
  assert.ok((await page.evaluate(() => window.client.inspectOutbox())).count >= 1, 'the answer is in the outbox');
  assert.deepEqual(problems(), []);
  await page.close();
});

test('a prompt the client forgot (reset) closes when sent, reported as UNKNOWN_PROMPT, instead of asking to try again; no clg-sent', async () => {
  const { page, problems } = await blank();
  const prompt = await askedPrompt(page, 'forgotten');
  await page.evaluate(async () => {
    window.sent = 0;
    document.addEventListener('clg-sent', () => window.sent++);
    await window.client.reset();
  });
  await prompt.getByRole('radio', { name: '9 of 10' }).check();
  await prompt.getByRole('button', { name: 'Send' }).click();
  await page.waitForFunction(() => document.querySelector('clg-nps-prompt').hidden);
  assert.deepEqual(await page.evaluate(() => [window.errors, window.sent]), [[['UNKNOWN_PROMPT', 'submit']], 0]);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('a refused "ask me later" still closes the prompt and tells the developer', async () => {
  const { page, problems } = await blank();
  const prompt = await askedPrompt(page, 'later');
  await fillOutbox(page, 2);
  await prompt.getByRole('button', { name: 'Ask me later' }).click();
  await page.waitForFunction(() => document.querySelector('clg-nps-prompt').hidden && window.errors.length > 0);
  assert.deepEqual(await page.evaluate(() => window.errors), [['OUTBOX_FULL', 'later']]);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('the types\' WidgetErrorDetail.action lists the actions the README names, "later" (above) included', () => {
  const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const types = ts.createSourceFile('elements.d.ts', read('dist/widgets/elements.d.ts'), ts.ScriptTarget.Latest);
  const detail = types.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'WidgetErrorDetail');
  const action = /** @type {any} */ (detail).members.find((m) => m.name?.getText(types) === 'action');
  const typed = action.type.types.map((t) => t.literal.text);
  const documented = [.../\(`action`: ([^)]*)\)/.exec(read('README.md'))[1].matchAll(/`(\w+)`/g)].map((m) => m[1]);
  assert.ok(typed.includes('later'));
  assert.deepEqual(typed.toSorted(), documented.toSorted());
});

test('<clg-prompt-host>: an app that cancels clg-submit, clg-later or clg-dismiss on the document stops the recording', async () => {
  for (const [type, act] of [['clg-submit', 'send'], ['clg-later', 'later'], ['clg-dismiss', 'dismiss']]) {
    const { page, problems } = await blank();
    await page.evaluate(async ({ options, policy, type }) => {
      const client = await window.newClient({ ...options, userId: `cancel-${type}`, policy });
      client.campaigns([{ id: 'c1', ask: { survey: { kind: 'nps' } }, trigger: { event: { name: 'go' } } }]);
      const host = document.createElement('clg-prompt-host');
      host.setAttribute('inline', '');
      document.body.append(host);
      host.client = client;
      document.addEventListener(type, (e) => e.preventDefault()); // runs after the host's own code would have
      client.track('go');
    }, { options: CLIENT, policy: POLICY, type });
    const prompt = page.locator('clg-nps-prompt');
    await prompt.getByRole('radio', { name: '9 of 10' }).waitFor();
    // What an outcome would change; the outbox's count is not one of them (its tracked events
    // are sealed into it on a timer, which a slow run can cross between two readings).
    const state = () => page.evaluate(() => ({
      open: !document.querySelector('clg-nps-prompt').hidden,
      reason: window.client.campaignStatus().campaigns[0].reason,
    }));
    const before = await state();
    if (act === 'send') {
      await prompt.getByRole('radio', { name: '9 of 10' }).check();
      await prompt.getByRole('button', { name: 'Send' }).click();
    } else {
      await prompt.getByRole('button', { name: act === 'later' ? 'Ask me later' : 'Dismiss' }).click();
    }
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    assert.deepEqual(await state(), before, `${type} cancelled: the prompt stays`);
    await page.evaluate(async () => {
      while ((await window.client.flush()).pending.all > 0) await new Promise((r) => setTimeout(r, 20));
    });
    const outcomes = running.collector.items().filter((i) => ['response', 'dismissal'].includes(i.type) && i.payload.userId === `cancel-${type}`);
    assert.deepEqual(outcomes, [], `${type} cancelled: nothing recorded`);
    assert.deepEqual(problems(), []);
    await page.close();
  }
});

test('<clg-prompt-host>: a refused check-in value keeps the check-in open with a sentence; sent again once allowed', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ({ options, policy }) => {
    const model = {
      roles: [{
        id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
        metrics: [{ id: 'hours', name: 'Hours saved', kind: 'value', unit: 'hours', direction: 'higher', collection: { method: 'selfReported' } }],
      }],
    };
    const client = await window.newClient({ ...options, userId: 'checkin', role: 'sdr', maxOutboxItems: 8, model, policy });
    await client.record({ metric: 'hours', value: 2 });
    await client.setGoal({ metric: 'hours', target: 10, due: Date.now() + 30 * 86_400_000 });
    client.campaigns([{ id: 'ck', ask: { checkIn: { metrics: ['hours'] } }, trigger: { daysSincePeriodStart: 0 } }]);
    const host = document.createElement('clg-prompt-host');
    host.setAttribute('inline', '');
    document.body.append(host);
    host.client = client;
  }, { options: CLIENT, policy: POLICY });
  const checkIn = page.locator('clg-check-in');
  await checkIn.getByLabel('Hours saved (hours)').waitFor();
  await fillOutbox(page, 8);
  await checkIn.getByLabel('Hours saved (hours)').fill('5');
  await checkIn.getByRole('button', { name: 'Send' }).click();
  await checkIn.getByRole('alert').filter({ hasText: 'Too many changes are waiting to be sent: go online, then try again.' }).waitFor();
  assert.equal(await checkIn.locator('.thanks').textContent(), '', 'no "your goal progress is updated"');
  assert.deepEqual(await page.evaluate(() => window.errors), [['OUTBOX_FULL', 'observe']]);
  assert.equal(await page.evaluate(() => window.client.metrics().find((m) => m.metric === 'hours').current), 2);

  await deliver(page);
  await checkIn.getByRole('button', { name: 'Send' }).click();
  await checkIn.getByRole('status').filter({ hasText: 'your goal progress is updated' }).waitFor();
  assert.equal(await page.evaluate(() => window.client.metrics().find((m) => m.metric === 'hours').current), 5);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-prompt-host>: a check-in value past its metric\'s range is refused with the range named and the field marked; values already recorded are not recorded again', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ({ options, policy }) => {
    const model = {
      roles: [{
        id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
        metrics: [
          { id: 'hours', name: 'Hours saved', kind: 'value', unit: 'hours', direction: 'higher', min: 0, collection: { method: 'selfReported' } },
          { id: 'share', name: 'Share automated', kind: 'value', unit: '%', direction: 'higher', min: 0, max: 100, collection: { method: 'selfReported' } },
        ],
      }],
    };
    const client = await window.newClient({ ...options, userId: 'ranged', role: 'sdr', model, policy });
    // A check-in asks about metrics with a goal in its period.
    for (const [metric, value, target] of [['hours', 2, 10], ['share', 30, 50]]) {
      await client.record({ metric, value });
      await client.setGoal({ metric, target, due: Date.now() + 30 * 86_400_000 });
    }
    client.campaigns([{ id: 'ck', ask: { checkIn: { metrics: ['hours', 'share'] } }, trigger: { daysSincePeriodStart: 0 } }]);
    const host = document.createElement('clg-prompt-host');
    host.setAttribute('inline', '');
    host.addEventListener('clg-error', (e) => e.preventDefault());
    document.body.append(host);
    host.client = client;
  }, { options: CLIENT, policy: POLICY });
  const checkIn = page.locator('clg-check-in');
  await checkIn.getByLabel('Hours saved (hours)').waitFor();
  assert.deepEqual(await page.evaluate(() => [...document.querySelector('clg-check-in').shadowRoot.querySelectorAll('input[inputmode=decimal]')].map((i) => [i.getAttribute('aria-valuemin'), i.getAttribute('aria-valuemax')])),
    [['0', null], ['0', '100']]);
  await checkIn.getByLabel('Hours saved (hours)').fill('6');
  await checkIn.getByLabel(/Share automated/).fill('150');
  // The form is `novalidate` (no browser bubble in the browser's language): the check-in refuses 150
  // itself, as the core would, before clg-submit, so nothing of it is recorded.
  await checkIn.getByRole('button', { name: 'Send' }).click();
  await checkIn.getByRole('alert').filter({ hasText: 'Enter a value from 0% to 100%.' }).waitFor();
  const share = checkIn.getByLabel(/Share automated/);
  assert.equal(await share.getAttribute('aria-invalid'), 'true');
  assert.equal(await share.getAttribute('aria-describedby'), 'refused');
  assert.deepEqual(await page.evaluate(() => window.client.metrics().map((m) => [m.metric, m.current])), [['hours', 2], ['share', 30]]);
  // Corrected and sent again: each value recorded once.
  await share.fill('40');
  await checkIn.getByRole('button', { name: 'Send' }).click();
  await checkIn.getByRole('status').filter({ hasText: 'your goal progress is updated' }).waitFor();
  await page.evaluate(async () => {
    while ((await window.client.flush()).pending.all > 0) await new Promise((r) => setTimeout(r, 20));
  });
  const observed = running.collector.items().filter((i) => i.type === 'observation' && i.payload.userId === 'ranged').map((i) => `${i.payload.metric}=${i.payload.value}`);
  assert.deepEqual(observed.sort(), ['hours=2', 'hours=6', 'share=30', 'share=40']);
  assert.deepEqual(await page.evaluate(() => window.client.metrics().map((m) => [m.metric, m.current])), [['hours', 6], ['share', 40]]);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('a widget inside the app\'s own shadow root follows the page\'s lang', async () => {
  const { page, problems } = await blank();
  const question = () => page.evaluate(() => document.querySelector('#app').shadowRoot.querySelector('clg-csat-prompt').shadowRoot.querySelector('.question').textContent);
  await page.evaluate(() => {
    document.documentElement.lang = 'es';
    const app = document.createElement('div');
    app.id = 'app';
    const prompt = document.createElement('clg-csat-prompt');
    prompt.setAttribute('company', 'Acme');
    app.attachShadow({ mode: 'open' }).append(prompt);
    document.body.append(app);
  });
  assert.match(await question(), /Acme/);
  assert.equal(await page.evaluate(() => document.querySelector('#app').shadowRoot.querySelector('clg-csat-prompt').locale), 'es');
  await page.evaluate(() => (document.documentElement.lang = 'ru'));
  await page.waitForFunction(() => document.querySelector('#app').shadowRoot.querySelector('clg-csat-prompt').locale === 'ru');
  assert.notEqual(await question(), '');
  assert.deepEqual(problems(), []);
  await page.close();
});

test('without constructable stylesheets, the <style> fallback carries a nonce the CSP header gives (its attribute reads empty)', async () => {
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (m) => m.text().startsWith('CSP violation') && violations.push(m.text()));
  await page.addInitScript(() => {
    delete Document.prototype.adoptedStyleSheets; // a browser without constructable stylesheets
    document.addEventListener('securitypolicyviolation', (e) => console.log(`CSP violation: ${e.violatedDirective}`));
  });
  const csp = CSP.replace("style-src 'self'", "style-src 'nonce-n0nce'");
  await page.route('**/nonce.html', (route) => route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>nonce</title></head><body><clg-csat-prompt nonce="n0nce" company="Acme"></clg-csat-prompt></body></html>',
  }));
  await page.goto(`${origin}/nonce.html`);
  await page.evaluate(() => import('/dist/widgets/index.js'));
  const prompt = page.locator('clg-csat-prompt');
  assert.equal(await prompt.evaluate((p) => p.getAttribute('nonce')), '', 'the browser hides the attribute');
  assert.equal(await prompt.evaluate((p) => p.shadowRoot.querySelector('style').nonce), 'n0nce');
  assert.equal(await prompt.evaluate((p) => getComputedStyle(p.shadowRoot.querySelector('.scale')).display), 'grid', 'styled');
  assert.deepEqual(violations, []);
  await page.close();
});

test('configureWidgets({ nonce }) after the widgets rendered (the README\'s order) re-renders them with the nonce: styled', async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    delete Document.prototype.adoptedStyleSheets; // a browser without constructable stylesheets
  });
  const csp = CSP.replace("style-src 'self'", "style-src 'nonce-n0nce'");
  await page.route('**/nonce.html', (route) => route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>nonce</title></head><body><clg-csat-prompt company="Acme"></clg-csat-prompt></body></html>',
  }));
  await page.goto(`${origin}/nonce.html`);
  const prompt = page.locator('clg-csat-prompt');
  const styled = () => prompt.evaluate((p) => [p.shadowRoot.querySelector('style').nonce, getComputedStyle(p.shadowRoot.querySelector('.scale')).display]);
  await page.evaluate(() => import('/dist/widgets/index.js'));
  assert.deepEqual(await styled(), ['', 'block'], 'no nonce yet: the CSP blocks the style');
  await page.evaluate(async () => (await import('/dist/widgets/settings.js')).configureWidgets({ nonce: 'n0nce' }));
  assert.deepEqual(await styled(), ['n0nce', 'grid']);
  await page.close();
});

test('<clg-role-goals> with a client: arrowing across a self-assessment sends one observation, the point chosen', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async (options) => {
    const model = {
      roles: [{
        id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
        metrics: [{ id: 'targeting', name: 'Targeting', kind: 'value', unit: 'points', direction: 'higher', collection: { method: 'scaleAssessed', scale: [
          { value: 1, label: 'Guessing' }, { value: 2, label: 'Some data' }, { value: 3, label: 'Data-driven' }, { value: 4, label: 'Tested' }] } }],
      }],
    };
    const panel = document.createElement('clg-role-goals');
    document.body.append(panel);
    window.observations = [];
    const observers = [{ accepted: (item) => item.type === 'observation' && window.observations.push(item.payload.value) }];
    panel.client = await window.newClient({ ...options, userId: 'likert', role: 'sdr', model, observers });
  }, CLIENT);
  await page.locator('clg-role-goals').getByRole('radio', { name: '1 · Guessing' }).focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.client.metrics().find((m) => m.metric === 'targeting').current === 4);
  assert.deepEqual(await page.evaluate(() => window.observations), [1, 4], 'Space on 1, then Enter on 4: not 2 and 3 on the way');
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-prompt-host>: a route campaign\'s prompt goes, unanswered, when the user leaves its route', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ({ options, policy }) => {
    const client = await window.newClient({ ...options, userId: 'route', policy: { ...policy, kinds: { ...policy.kinds, nps: { recontactDays: 0 } } } });
    client.campaigns([{ id: 'reports', ask: { survey: { kind: 'nps' } }, trigger: { route: '/reports/*' } }]);
    const host = document.createElement('clg-prompt-host');
    host.setAttribute('inline', '');
    document.body.append(host);
    host.client = client;
    client.route('/reports/42');
  }, { options: CLIENT, policy: POLICY });
  const prompt = page.locator('clg-nps-prompt');
  await prompt.getByRole('radio', { name: '9 of 10' }).waitFor();
  await page.evaluate(() => window.client.route('/reports/43')); // still on a matching route
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
  assert.equal(await prompt.count(), 1);
  await page.evaluate(() => window.client.route('/settings'));
  await prompt.waitFor({ state: 'detached' });
  assert.deepEqual(await page.evaluate(async () => (await window.client.inspectOutbox()).count), 1, 'only the shown event: no answer, no dismissal');
  assert.deepEqual(problems(), []);
  await page.close();
});

test('theme="light" on the prompt host and the goals panel reaches the widgets they draw, under a dark OS theme', async () => {
  const { page, problems } = await blank();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(async ({ options, policy }) => {
    const model = {
      roles: [{
        id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
        metrics: [{ id: 'calls', name: 'Calls', kind: 'value', unit: 'calls', direction: 'higher', collection: { method: 'selfReported' } }],
      }],
    };
    const client = await window.newClient({ ...options, userId: 'themed', role: 'sdr', model, policy });
    const panel = document.createElement('clg-role-goals');
    panel.setAttribute('theme', 'light');
    document.body.append(panel);
    panel.client = client;
    client.campaigns([{ id: 'c1', ask: { survey: { kind: 'nps' } }, trigger: { event: { name: 'go' } } }]);
    const host = document.createElement('clg-prompt-host');
    host.setAttribute('theme', 'light');
    host.setAttribute('inline', '');
    document.body.append(host);
    host.client = client;
    client.track('go');
  }, { options: CLIENT, policy: POLICY });
  await page.locator('clg-nps-prompt').getByRole('radio', { name: '9 of 10' }).waitFor();
  const schemes = await page.evaluate(() => {
    const progress = document.querySelector('clg-role-goals').shadowRoot.querySelector('clg-goal-progress');
    const prompt = document.querySelector('clg-nps-prompt');
    return [progress, prompt].map((el) => [el.getAttribute('theme'), getComputedStyle(el).colorScheme === 'dark']);
  });
  assert.deepEqual(schemes, [['light', false], ['light', false]], 'pinned light, not the dark palette');
  // The panel's theme changed later reaches the progress it draws again.
  const later = await page.evaluate(() => {
    const panel = document.querySelector('clg-role-goals');
    panel.setAttribute('theme', 'dark');
    return panel.shadowRoot.querySelector('clg-goal-progress').getAttribute('theme');
  });
  assert.equal(later, 'dark');
  // So does the host's, to the prompt already open.
  const open = await page.evaluate(() => {
    document.querySelector('clg-prompt-host').setAttribute('theme', 'dark');
    const prompt = document.querySelector('clg-nps-prompt');
    return [prompt.getAttribute('theme'), getComputedStyle(prompt).colorScheme === 'dark'];
  });
  assert.deepEqual(open, ['dark', true]);
  assert.deepEqual(problems(), []);
  await page.close();
});

/** A role with an app-generated count and a self-reported metric, for the panels bound to a client. */
const SDR_MODEL = {
  roles: [{
    id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      { id: 'contacts', name: 'Contacts', kind: 'value', unit: 'contacts', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact_added', window: { type: 'rolling', days: 7 } } } },
      { id: 'calls', name: 'Calls', kind: 'value', unit: 'calls', direction: 'higher', collection: { method: 'selfReported' } },
    ],
  }],
};

test('<clg-role-goals> with a client redraws when the client\'s metrics change: tracked events, a record elsewhere', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ([options, model]) => {
    const panel = document.createElement('clg-role-goals');
    document.body.append(panel);
    panel.client = await window.newClient({ ...options, userId: 'follows', role: 'sdr', model, flushIntervalMs: 200 });
  }, [CLIENT, SDR_MODEL]);
  // The panel's text, with the goal-progress widgets it draws.
  await page.evaluate(() => {
    const deep = (root) => [...root.childNodes].map((n) => (n.shadowRoot ? deep(n.shadowRoot) : '') + (n.nodeType === 3 ? n.textContent : deep(n))).join('');
    window.panelText = () => deep(document.querySelector('clg-role-goals').shadowRoot);
  });
  const shows = (pattern) => page.waitForFunction((source) => new RegExp(source).test(window.panelText()), pattern.source);
  assert.doesNotMatch(await page.evaluate(() => window.panelText()), /Current: 3 contacts/);
  await page.evaluate(() => { for (let i = 0; i < 3; i++) window.client.track('contact_added'); });
  // Nothing reads the metrics: the sealed batch (flushIntervalMs) redraws the panel.
  await shows(/Current: 3 contacts/);
  await page.evaluate(() => window.client.record({ metric: 'calls', value: 7 }));
  await shows(/Current: 7 calls/);
  // A field being edited is not redrawn under the person's fingers; focus leaving the panel redraws.
  const input = page.locator('clg-role-goals').getByRole('spinbutton').first();
  await input.fill('12');
  await page.evaluate(() => window.client.track('contact_added'));
  await page.evaluate(() => window.client.flush());
  assert.equal(await input.inputValue(), '12');
  await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement).blur());
  await shows(/Current: 4 contacts/);
  assert.equal(await input.inputValue(), '12', 'typed and not sent: kept across the redraw');
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-role-goals> with a client: a redraw never takes focus away nor what was typed (Tab after onMetrics, then leaving the panel)', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ([options, model]) => {
    const panel = document.createElement('clg-role-goals');
    const outside = Object.assign(document.createElement('button'), { textContent: 'Elsewhere' });
    document.body.append(panel, outside);
    panel.client = await window.newClient({ ...options, userId: 'focus-kept', role: 'sdr', model, flushIntervalMs: 200 });
    window.client.track('contact_added');
    await window.client.flush();
    window.changes = 0;
    window.client.onMetrics(() => window.changes++);
    window.focusKey = () => /** @type {HTMLElement | null} */ (panel.shadowRoot.activeElement)?.dataset.focusKey ?? document.activeElement?.localName;
  }, [CLIENT, SDR_MODEL]);
  const panel = page.locator('clg-role-goals');
  await shows(page, /Current: 1 contact/);
  const target = panel.getByRole('spinbutton', { name: /Target/ }).first();
  await target.fill('12');
  await page.evaluate(() => window.client.track('contact_added'));
  await page.waitForFunction(() => window.changes > 0);
  await page.waitForTimeout(1300);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => window.focusKey()), 'contacts-due', 'Tab goes to the due date, not to <body>');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => window.focusKey()), 'contacts-target');
  assert.equal(await target.inputValue(), '12');
  // A change of language while that redraw is held draws the newer data too: the typed target stays
  // (it was replaced by the new suggestion: the new data's default differs from the old one's).
  await page.evaluate(() => document.querySelector('clg-role-goals').setAttribute('lang', 'es'));
  assert.equal(await panel.getByRole('spinbutton', { name: /Objetivo/ }).first().inputValue(), '12');
  await page.evaluate(() => document.querySelector('clg-role-goals').removeAttribute('lang'));
  assert.equal(await target.inputValue(), '12');
  // Focus leaves the panel: the held redraw comes, the typed target stays, focus stays where it went.
  await page.getByRole('button', { name: 'Elsewhere' }).focus();
  await shows(page, /Current: 2 contacts/);
  assert.equal(await target.inputValue(), '12', 'typed and not set: kept across the redraw');
  assert.equal(await page.evaluate(() => window.focusKey()), 'button');
  // A redraw with focus in the panel (its own write) keeps focus on the same control, and the other typed field.
  const calls = panel.getByRole('spinbutton', { name: /Current value/ });
  await calls.fill('7');
  await page.keyboard.press('Enter');
  await shows(page, /Current: 7 calls/);
  assert.equal(await page.evaluate(() => window.focusKey()), 'calls-value');
  assert.equal(await calls.inputValue(), '', 'the value sent is cleared');
  assert.equal(await target.inputValue(), '12');
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(artifacts, `widgets-role-goals-focus-kept-${width}.png`), fullPage: true });
  }
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-prompt-host> floating: a prompt taller than the viewport scrolls inside the host, its top reachable (WCAG 1.4.10)', async () => {
  const { page, problems } = await blank();
  await page.setViewportSize({ width: 320, height: 256 }); // 1280 x 1024 at 400 %
  await page.evaluate(async ({ options, policy }) => {
    const scale = [1, 2, 3, 4, 5].map((value) => ({ value, label: `level ${value}` }));
    const metric = (id) => ({ id, name: `Metric ${id}`, kind: 'value', unit: 'points', direction: 'higher', collection: { method: 'scaleAssessed', scale } });
    const model = { roles: [{ id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'absolute', amount: 1 } }], metrics: [metric('a'), metric('b')] }] };
    const client = await window.newClient({ ...options, userId: 'reflow', role: 'sdr', model, policy });
    await client.setGoal({ metric: 'a', baseline: 1, target: 3, due: Date.now() + 30 * 86_400_000 });
    client.campaigns([{ id: 'ck', ask: { checkIn: { metrics: ['a', 'b'] } }, trigger: { daysSincePeriodStart: 0 } }]);
    const host = document.createElement('clg-prompt-host');
    document.body.append(host);
    host.client = client;
  }, { options: CLIENT, policy: POLICY });
  await page.locator('clg-check-in').getByRole('radiogroup').first().waitFor();
  const box = await page.evaluate(() => {
    const host = document.querySelector('clg-prompt-host');
    const { top, bottom } = host.getBoundingClientRect();
    const scroller = host.shadowRoot.querySelector('.scroller');
    const style = getComputedStyle(scroller);
    scroller.scrollTop = 0;
    const title = document.querySelector('clg-check-in').shadowRoot.querySelector('h2, [role=heading], legend, p');
    return { top, bottom, overflow: style.overflowY, scrolls: scroller.scrollHeight > scroller.clientHeight, titleTop: title.getBoundingClientRect().top };
  });
  assert.ok(box.top >= 0 && box.bottom <= 256, `the host within the viewport: ${box.top} to ${box.bottom}`);
  assert.equal(box.overflow, 'auto');
  assert.equal(box.scrolls, true, 'the check-in is taller than the viewport here');
  assert.ok(box.titleTop >= 0, `its first line can be scrolled to: ${box.titleTop}`);
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'widgets-prompt-host-320x256.png') });
  await page.setViewportSize({ width: 375, height: 667 }); // a phone
  await page.screenshot({ path: join(artifacts, 'widgets-prompt-host-375.png') });
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-prompt-host> with no prompt open is no Tab stop (an empty scroll container would be an invisible one)', async () => {
  const { page, problems } = await blank();
  const focused = await page.evaluate(async ({ options, policy }) => {
    const client = await window.newClient({ ...options, userId: 'tab-stop', policy });
    const before = document.createElement('button');
    before.textContent = 'before';
    const after = document.createElement('button');
    after.textContent = 'after';
    const host = document.createElement('clg-prompt-host');
    document.body.append(before, host, after);
    host.client = client;
    before.focus();
    return null;
  }, { options: CLIENT, policy: POLICY });
  assert.equal(focused, null);
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => {
    const active = document.activeElement;
    return `${active.localName} ${active.textContent} ${active.shadowRoot?.activeElement?.className ?? ''}`.trim();
  });
  assert.equal(next, 'button after', 'Tab goes from the button before the host to the one after it');
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-prompt-host>: its live region says a prompt opened in the language of the moment (a language switch while it is open)', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ({ options, policy }) => {
    const client = await window.newClient({ ...options, userId: 'announce', policy });
    client.campaigns([{ id: 'c1', ask: { survey: { kind: 'nps' } }, trigger: { event: { name: 'go' } } }]);
    const host = document.createElement('clg-prompt-host');
    document.body.append(host);
    host.client = client;
    client.track('go');
  }, { options: CLIENT, policy: POLICY });
  await page.locator('clg-nps-prompt').getByRole('radio', { name: '9 of 10' }).waitFor();
  const said = () => page.evaluate(() => document.querySelector('clg-prompt-host').shadowRoot.querySelector('.announce').textContent);
  assert.equal(await said(), 'A short question for you has opened.');
  await page.evaluate(() => { document.documentElement.lang = 'es'; });
  await page.waitForFunction(() => document.querySelector('clg-prompt-host').shadowRoot.querySelector('.announce').textContent !== 'A short question for you has opened.');
  assert.equal(await said(), 'Se ha abierto una breve pregunta para usted.');
  assert.deepEqual(problems(), []);
  await page.close();
});

/** A page with a client of one role (`hours` self-reported, `calls` self-reported), each with a value and a goal, and an inline <clg-prompt-host> with a check-in on both. */
async function checkInPage(userId) {
  const { page, problems } = await blank();
  await page.evaluate(async ({ options, policy }) => {
    const metric = (id, name) => ({ id, name, kind: 'value', unit: id, direction: 'higher', collection: { method: 'selfReported' } });
    const model = { roles: [{ id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }], metrics: [metric('hours', 'Hours'), metric('calls', 'Calls')] }] };
    const client = await window.newClient({ ...options, role: 'sdr', model, policy });
    for (const [metric, value] of [['hours', 2], ['calls', 5]]) {
      await client.record({ metric, value });
      await client.setGoal({ metric, target: 10 * value, due: Date.now() + 30 * 86_400_000 });
    }
    client.campaigns([{ id: 'ck', ask: { checkIn: { metrics: ['hours', 'calls'] } }, trigger: { daysSincePeriodStart: 0 } }]);
    const host = document.createElement('clg-prompt-host');
    host.setAttribute('inline', '');
    document.body.append(host);
    host.client = client;
  }, { options: { ...CLIENT, userId }, policy: POLICY });
  const checkIn = page.locator('clg-check-in');
  await checkIn.getByLabel('Calls (calls)').waitFor();
  return { page, problems, checkIn };
}

test('<clg-prompt-host>: a check-in value left as pre-filled does not undo a newer value recorded elsewhere meanwhile', async () => {
  // A randomized widgets review: the check-in sent its pre-fill (calls 5) after the panel had saved calls 8.
  const { page, problems, checkIn } = await checkInPage('stale-prefill');
  await page.evaluate(() => window.client.record({ metric: 'calls', value: 8 })); // elsewhere, while it is open
  await checkIn.getByLabel('Hours (hours)').fill('3');
  await checkIn.getByRole('button', { name: 'Send' }).click();
  await checkIn.getByRole('status').filter({ hasText: 'your goal progress is updated' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.client.metrics().map((m) => [m.metric, m.current])), [['hours', 3], ['calls', 8]]);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-prompt-host>: reset() withdraws an open check-in: the last user\'s values are neither shown nor recorded', async () => {
  const { page, problems, checkIn } = await checkInPage('reset-open');
  await page.evaluate(() => window.client.reset());
  await checkIn.waitFor({ state: 'detached' });
  assert.deepEqual(await page.evaluate(() => window.client.metrics().map((m) => m.current)), [null, null]);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-role-goals> with a client: a double click on "Set goal" sets one goal, not one that replaces another', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ({ options }) => {
    const model = { roles: [{ id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
      metrics: [{ id: 'calls', name: 'Calls', kind: 'value', unit: 'calls', direction: 'higher', collection: { method: 'selfReported' } }] }] };
    const client = await window.newClient({ ...options, role: 'sdr', model });
    await client.record({ metric: 'calls', value: 5 });
    const panel = document.createElement('clg-role-goals');
    document.body.append(panel);
    panel.client = client;
  }, { options: { ...CLIENT, userId: 'double-click' } });
  const form = page.locator('clg-role-goals').getByRole('form', { name: 'Goal for Calls' });
  await form.getByLabel('Target').fill('9');
  await form.getByRole('button', { name: 'Set goal' }).dblclick();
  await shows(page, /Reset goal/);
  await page.waitForTimeout(100);
  assert.deepEqual(await page.evaluate(() => [window.client.history('calls').length, window.client.metrics()[0].goal.target]), [0, 9]);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('<clg-role-goals>: the due date picked is the end of that day where the person is, not in UTC', async () => {
  // A randomized widgets review: in Los Angeles a goal picked for Dec 2 was due at 3:59 pm that day.
  for (const timezoneId of ['America/Los_Angeles', 'Pacific/Auckland']) {
    const context = await browser.newContext({ timezoneId });
    const page = await context.newPage();
    await page.goto(`${origin}/blank.html`);
    const due = await page.evaluate(async ({ options }) => {
      const sdk = await import('/dist/sdk/index.js');
      await import('/dist/widgets/index.js');
      const model = { roles: [{ id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
        metrics: [{ id: 'calls', name: 'Calls', kind: 'value', unit: 'calls', direction: 'higher', collection: { method: 'selfReported' } }] }] };
      const client = await sdk.createClient({ ...options, role: 'sdr', model, onError() {} });
      await client.record({ metric: 'calls', value: 5 });
      const panel = document.createElement('clg-role-goals');
      document.body.append(panel);
      panel.client = client;
      window.client = client;
      const day = new Date(Date.now() + 10 * 86_400_000);
      const value = [day.getFullYear(), String(day.getMonth() + 1).padStart(2, '0'), String(day.getDate()).padStart(2, '0')].join('-');
      return { value, expected: new Date(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59, 999).getTime() };
    }, { options: { ...CLIENT, userId: `due-${timezoneId}` } });
    const form = page.locator('clg-role-goals').getByRole('form', { name: 'Goal for Calls' });
    await form.getByLabel('Target').fill('9');
    await form.locator('input[type=date]').fill(due.value);
    await form.getByRole('button', { name: 'Set goal' }).click();
    await page.waitForFunction(() => window.client.metrics()[0].goal != null);
    assert.equal(await page.evaluate(() => window.client.metrics()[0].goal.due), due.expected, timezoneId);
    // The form to reset it starts from the goal: its target and its due date, not 30 days on.
    await form.getByRole('button', { name: 'Reset goal' }).waitFor();
    assert.deepEqual([await form.getByLabel('Target').inputValue(), await form.locator('input[type=date]').inputValue()], ['9', due.value], timezoneId);
    await context.close();
  }
});

test('<clg-role-goals> with a client: a refusal\'s sentence stays across redraws until its metric changes (a value recorded elsewhere, reset())', async () => {
  const { page, problems } = await blank();
  await page.evaluate(async ([options, model]) => {
    const panel = document.createElement('clg-role-goals');
    document.body.append(panel);
    panel.client = await window.newClient({ ...options, userId: 'refused', role: 'sdr', model });
    await window.client.record({ metric: 'calls', value: 5 });
  }, [CLIENT, SDR_MODEL]);
  const form = page.locator('clg-role-goals').getByRole('form', { name: 'Goal for Calls' });
  const alert = page.locator('clg-role-goals').getByRole('alert').filter({ hasText: /\S/ });
  const refuse = async () => {
    await form.getByLabel('Target').fill('4');
    await form.getByRole('button', { name: 'Set goal' }).click();
    await alert.filter({ hasText: 'Choose a target above the current' }).waitFor();
    // Focus leaves the panel: its redraws wait for that.
    await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement).blur());
  };
  await refuse();
  // Another metric's change redraws the panel: the sentence still says why, the value typed stays.
  await page.evaluate(async () => {
    window.client.track('contact_added');
    await window.client.flush();
  });
  await shows(page, /Current: 1 contacts?/);
  assert.deepEqual([await alert.textContent(), await form.getByLabel('Target').inputValue()], ['Choose a target above the current 5 calls: higher is better here.', '4']);
  // Calls recorded elsewhere: "the current 5 calls" is no longer so.
  await page.evaluate(() => window.client.record({ metric: 'calls', value: 7 }));
  await shows(page, /Current: 7 calls/);
  assert.equal(await alert.count(), 0);
  await refuse();
  // The next user sees no sentence about the last one's calls, nor what they typed, even where their
  // metric stands as the last one's did (the diff review: 0 calls, no goal, then reset()).
  await page.evaluate(() => window.client.reset());
  await page.waitForFunction(() => window.client.metrics().every((m) => m.current == null));
  await page.waitForTimeout(50);
  assert.equal(await alert.count(), 0);
  await page.evaluate(() => window.client.record({ metric: 'calls', value: 5 }));
  await shows(page, /Current: 5 calls/);
  await refuse();
  await page.evaluate(() => window.client.reset());
  await page.evaluate(() => window.client.record({ metric: 'calls', value: 5 })); // the next user: as the last one stood
  await shows(page, /Current: 5 calls/);
  await page.waitForTimeout(50);
  assert.deepEqual([await alert.count(), await form.getByLabel('Target').inputValue()], [0, '6']);
  assert.deepEqual(problems(), []);
  await page.close();
});
