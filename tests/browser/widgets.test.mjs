// The survey prompt widgets in headless Chromium, on a page served with a
// strict CSP: keyboard use, axe-core, languages, XSS and screenshots.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(root, 'test-artifacts');
let server, browser, page, problems;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await serve({
    port: 0,
    mounts: {
      '/dist/': join(root, 'dist'),
      '/vendor/axe/': join(root, 'node_modules/axe-core'),
      '/': join(root, 'tests/browser/pages'),
    },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

beforeEach(async () => {
  ({ page, problems } = await openPage(browser, `http://127.0.0.1:${server.address().port}/widgets.html`));
  await page.waitForSelector('html[data-ready]');
});

/** The text of a widget's shadow tree. */
function shadowText(id) {
  return page.evaluate((id) => document.getElementById(id).shadowRoot.textContent, id);
}

/** axe-core violations on the page (widgets' shadow trees included). */
async function axeViolations() {
  await page.addScriptTag({ url: '/vendor/axe/axe.min.js' });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.html}`).join(', ')})`);
}

test('answer the NPS prompt with the keyboard only', async () => {
  await page.focus('#before');
  await page.keyboard.press('Tab'); // into the radio group: the first answer
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight'); // 0 -> 9
  await page.keyboard.press('Tab'); // the follow-up question
  await page.keyboard.type('Fast <b>support</b>');
  await page.keyboard.press('Tab'); // Send
  await page.keyboard.press('Enter');
  const events = await page.evaluate(() => window.widgetEvents);
  assert.deepEqual(events, [
    { type: 'clg-submit', target: 'nps', detail: { kind: 'nps', score: 9, scale: { min: 0, max: 10 }, comment: 'Fast <b>support</b>' } },
  ]);
  const status = page.locator('#nps').getByRole('status');
  assert.equal(await status.textContent(), 'Thank you for your feedback!');
  assert.equal(await page.evaluate(() => document.getElementById('nps').shadowRoot.activeElement?.getAttribute('role')), 'status');
  assert.deepEqual(problems, []);
});

test('"ask me later" and dismiss close the prompt and give focus back', async () => {
  await page.focus('#before');
  await page.locator('#ces').getByRole('button', { name: 'Ask me later' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#ces').isHidden(), true);
  await page.locator('#csat').getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.locator('#csat').isHidden(), true);
  const events = await page.evaluate(() => window.widgetEvents.map((e) => `${e.type}:${e.detail.kind}`));
  assert.deepEqual(events, ['clg-later:ces', 'clg-dismiss:csat']);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'before');
});

test('send stays disabled until an answer is chosen; scales have their own ends', async () => {
  const send = page.locator('#csat').getByRole('button', { name: 'Send' });
  assert.equal(await send.isDisabled(), true);
  await page.locator('#csat').getByRole('radio', { name: '4 of 5' }).check();
  assert.equal(await send.isDisabled(), false);
  assert.equal(await page.locator('#csat').getByRole('radio').count(), 5);
  assert.equal(await page.locator('#ces').getByRole('radio').count(), 7);
  assert.equal(await page.locator('#nps').getByRole('radio').count(), 11);
  assert.match(await shadowText('ces'), /Acme made it easy for me to handle my issue\./);
  assert.match(await shadowText('ces'), /1 = Strongly disagree.*7 = Strongly agree/);
});

test('axe-core finds no violations, before and after answering', async () => {
  await page.screenshot({ path: join(artifacts, 'widgets-prompts.png'), fullPage: true });
  assert.deepEqual(await axeViolations(), []);
  await page.locator('#nps').getByRole('radio', { name: '10 of 10' }).check();
  await page.locator('#nps').getByRole('button', { name: 'Send' }).click();
  assert.deepEqual(await axeViolations(), []);
});

test('languages: Spanish and Russian bundled, others registered, English fallback', async () => {
  await page.evaluate(() => document.getElementById('nps').setAttribute('lang', 'es'));
  assert.match(await shadowText('nps'), /¿Qué probabilidad hay de que recomiende Acme/);
  await page.evaluate(() => document.documentElement.setAttribute('lang', 'ru-RU'));
  await page.evaluate(() => document.getElementById('ces').setAttribute('company', 'Акме'));
  assert.match(await shadowText('ces'), /Акме помогли мне легко решить мой вопрос/);
  await page.screenshot({ path: join(artifacts, 'widgets-prompts-es-ru.png'), fullPage: true });
  await page.evaluate(async () => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    registerLocale('de', { 'survey.submit': 'Senden' });
    document.getElementById('csat').setAttribute('lang', 'de-AT');
  });
  const csat = page.locator('#csat');
  assert.equal(await csat.getByRole('button', { name: 'Senden' }).count(), 1);
  assert.match(await shadowText('csat'), /How satisfied are you with Acme\?/); // missing keys fall back to English
  const error = await page.evaluate(async () => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    try {
      registerLocale('de', { 'survey.submit': 42 });
    } catch (e) {
      return { code: e.code, field: e.field };
    }
  });
  assert.deepEqual(error, { code: 'WRONG_TYPE', field: 'messages.survey.submit' });
});

test('data is rendered as text: no markup from attributes or answers reaches the DOM', async () => {
  const payload = '<img src=x onerror="window.pwned=1">';
  await page.evaluate((payload) => {
    const nps = document.getElementById('nps');
    nps.setAttribute('company', payload);
    nps.setAttribute('follow-up', payload);
  }, payload);
  assert.ok((await shadowText('nps')).includes(payload));
  assert.equal(await page.evaluate(() => document.getElementById('nps').shadowRoot.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(problems, []);
});

test('goal progress moves as the person acts, as a bar and a ring', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/goals.html`);
  await page.waitForSelector('html[data-ready]');
  const meter = (id) =>
    page.evaluate((id) => {
      const bar = document.getElementById(id).shadowRoot.querySelector('[role=progressbar]');
      return bar && { now: bar.getAttribute('aria-valuenow'), text: bar.getAttribute('aria-valuetext') };
    }, id);
  assert.deepEqual(await meter('bar'), { now: '0', text: '0%: – of a target of 20 contacts' }); // no value yet

  await page.evaluate(() => window.perform(5, 2)); // 5 of 20 after 2 of 20 days: ahead of pace
  assert.deepEqual(await meter('bar'), { now: '25', text: '25%: 5 of a target of 20 contacts, On track' });
  assert.deepEqual(await meter('ring'), await meter('bar'));
  await page.evaluate(() => window.perform(1, 15)); // 6 of 20 after 15 days: behind
  assert.match((await meter('bar')).text, /^30%: 6 of a target of 20 contacts, Behind pace$/);
  const noGoal = await page.evaluate(() => document.getElementById('none').shadowRoot.textContent);
  assert.match(noGoal, /Meetings booked.*No goal set yet/);
  await page.screenshot({ path: join(artifacts, 'widgets-goal-progress.png'), fullPage: true });
  assert.deepEqual(await axeViolations(), []);
  assert.deepEqual(problems, []);
});

test('role goals panel: self-assessment, self-report, suggested goal, achievement and history', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  const panel = page.locator('#panel');
  assert.match(await shadowText('panel'), /Sales development rep.*Maturity level 1 of 2: Initial/);

  // Likert self-assessment with anchored labels, by keyboard.
  await panel.getByRole('radio', { name: '1 · Guessing' }).focus();
  await page.keyboard.press('ArrowRight'); // 2 · Some data
  assert.equal(await page.evaluate(() => window.store.value({ account: 'acme', role: 'sdr', metric: 'confidence' })), 2);

  // Self-reported value, then the goal suggested from maturity level 1 (+20 %).
  await panel.getByLabel('Current value (meetings)').fill('10');
  await page.keyboard.press('Enter');
  const target = panel.getByLabel('Target (meetings)');
  assert.equal(await target.inputValue(), '12');
  await panel.getByRole('button', { name: 'Set goal' }).first().click();
  const goal = await page.evaluate(() => window.store.goals({ account: 'acme', role: 'sdr' })[0].goal);
  assert.deepEqual([goal.baseline, goal.target, goal.status], [10, 12, 'active']);

  // A target on the wrong side of the baseline: the panel shows the core's error.
  await target.fill('5');
  await panel.getByRole('button', { name: 'Reset goal' }).click();
  assert.match(await panel.getByRole('alert').first().textContent(), /./);
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'acme', role: 'sdr' })[0].goal.target), 12);

  // Reaching the target closes the goal into the history.
  await panel.getByLabel('Current value (meetings)').fill('12');
  await page.keyboard.press('Enter');
  assert.equal(await panel.getByRole('alert').first().textContent(), '');
  assert.match(await shadowText('panel'), /Earlier goals \(1\)/);
  assert.match(await shadowText('panel'), /Achieved: 10 → 12, reached 12/);
  const actions = await page.evaluate(() => window.changes.map((c) => `${c.metric}:${c.action}`));
  assert.deepEqual(actions, ['confidence:observe', 'meetings:observe', 'meetings:setGoal', 'meetings:observe']);
  await page.screenshot({ path: join(artifacts, 'widgets-role-goals.png'), fullPage: true });
  assert.deepEqual(await axeViolations(), []);
  assert.deepEqual(problems, []);
});

test('XSS payloads in metric names, scale labels and role names render as text', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  const payload = '<img src=x onerror="window.pwned=1">';
  const result = await page.evaluate(async (payload) => {
    const { ResultsStore } = await import('/dist/index.js');
    const store = new ResultsStore();
    store.defineModel({
      roles: [{
        id: 'x', name: `Role ${payload}`,
        maturity: [{ name: `Level ${payload}`, improvement: { type: 'percent', amount: 10 } }],
        metrics: [
          { id: 'm', name: `Metric ${payload}`, kind: 'value', unit: payload, direction: 'higher', dataSource: payload,
            collection: { method: 'scaleAssessed', scale: [{ value: 1, label: payload }, { value: 2, label: `${payload}2` }] } },
        ],
      }],
    });
    store.upsertAccount({ id: 'a', roles: [{ role: 'x', maturity: 1 }] });
    store.recordObservation({ account: 'a', role: 'x', metric: 'm', value: 1, method: 'scaleAssessed', at: Date.now() });
    store.setGoal({ account: 'a', role: 'x', metric: 'm', target: 2, start: Date.now() });
    const panel = document.createElement('clg-role-goals');
    panel.setAttribute('account', 'a');
    panel.setAttribute('role-id', 'x');
    document.body.append(panel);
    panel.store = store;
    const roots = [panel.shadowRoot, ...[...panel.shadowRoot.querySelectorAll('clg-goal-progress')].map((e) => e.shadowRoot)];
    return {
      images: roots.reduce((n, r) => n + r.querySelectorAll('img').length, 0),
      text: roots.map((r) => r.textContent).join(' '),
      pwned: window.pwned,
    };
  }, payload);
  assert.equal(result.images, 0);
  assert.equal(result.pwned, undefined);
  for (const shown of [`Role ${payload}`, `Metric ${payload}`, `Level ${payload}`, `1 · ${payload}`]) {
    assert.ok(result.text.includes(shown), `${shown} is shown as text`);
  }
  assert.deepEqual(problems, []);
});
