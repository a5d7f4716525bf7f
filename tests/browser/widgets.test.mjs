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

/** The text of a widget's shadow tree and of the widgets inside it. */
function deepText(id) {
  return page.evaluate((id) => {
    const text = (root) => [...root.childNodes].map((n) => (n.shadowRoot ? text(n.shadowRoot) : n.nodeType === Node.ELEMENT_NODE ? text(n) : n.textContent)).join('');
    return text(document.getElementById(id).shadowRoot);
  }, id);
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
  // Focus moves there: it is named by its text, so a screen reader reads it (a status takes no name from its content).
  assert.equal(await page.locator('#nps').getByRole('status', { name: 'Thank you for your feedback!', exact: true }).count(), 1);
  assert.equal(await page.evaluate(() => document.getElementById('nps').shadowRoot.activeElement?.getAttribute('role')), 'status');
  assert.deepEqual(problems, []);
});

test('"ask me later" and dismiss close the prompt and give focus back', async () => {
  await page.focus('#before');
  await page.locator('#ces').getByRole('button', { name: 'Ask me later' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#ces').waitFor({ state: 'hidden' });
  await page.locator('#csat').getByRole('button', { name: 'Dismiss' }).click();
  await page.locator('#csat').waitFor({ state: 'hidden' });
  const events = await page.evaluate(() => window.widgetEvents.map((e) => `${e.type}:${e.detail.kind}`));
  assert.deepEqual(events, ['clg-later:ces', 'clg-dismiss:csat']);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'before');
});

test('a prompt that opens is a dialog that takes focus; Escape closes it and gives focus back', async () => {
  await page.evaluate(() => { document.getElementById('nps').hidden = true; });
  await page.focus('#before');
  await page.evaluate(() => { document.getElementById('nps').hidden = false; });
  const dialog = page.locator('#nps').getByRole('dialog', { name: /How likely are you to recommend Acme/ });
  assert.equal(await dialog.count(), 1);
  const focused = () => page.evaluate(() => document.getElementById('nps').shadowRoot.activeElement?.getAttribute('aria-label') ?? null);
  assert.equal(await focused(), '0 of 10', 'focus moved to the first answer');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await page.locator('#nps').waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'before');
  assert.deepEqual(await page.evaluate(() => window.widgetEvents.map((e) => `${e.type}:${e.detail.kind}`)), ['clg-dismiss:nps']);

  // Opened again: a fresh question, no answer chosen.
  await page.evaluate(() => { document.getElementById('nps').hidden = false; });
  assert.equal(await page.locator('#nps').getByRole('button', { name: 'Send' }).isDisabled(), true);
  assert.equal(await focused(), '0 of 10');
  assert.deepEqual(problems, []);
});

test('the thank-you card closes itself, or at once on Escape or its close button', async () => {
  const answer = async (id, name) => {
    await page.locator(`#${id}`).getByRole('radio', { name }).check();
    await page.locator(`#${id}`).getByRole('button', { name: 'Send' }).click();
    await page.locator(`#${id}`).getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
  };
  await page.evaluate(() => document.getElementById('csat').setAttribute('thanks-timeout', '300'));
  await answer('csat', '4 of 5');
  await page.locator('#csat').waitFor({ state: 'hidden', timeout: 3000 });

  await answer('nps', '9 of 10');
  await page.keyboard.press('Escape');
  await page.locator('#nps').waitFor({ state: 'hidden' });

  await answer('ces', '6 of 7');
  await page.locator('#ces').getByRole('button', { name: 'Close' }).click();
  await page.locator('#ces').waitFor({ state: 'hidden' });
  assert.deepEqual(await page.evaluate(() => window.widgetEvents.map((e) => `${e.type}:${e.detail.kind}`)), ['clg-submit:csat', 'clg-submit:nps', 'clg-submit:ces']);
  assert.deepEqual(problems, []);
});

test('thanks-timeout: empty or blank is the default 4000 ms, as "abc" and "-5" are; "0" keeps the thank-you', async () => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.clock.install();
  const shownFor = async (timeout) => {
    await page.evaluate((timeout) => {
      const csat = document.getElementById('csat');
      csat.setAttribute('thanks-timeout', timeout);
      csat.hidden = false;
    }, timeout);
    await page.locator('#csat').getByRole('radio', { name: '4 of 5' }).check();
    await page.locator('#csat').getByRole('button', { name: 'Send' }).click();
    await page.locator('#csat').getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
    const hidden = () => page.evaluate(() => document.getElementById('csat').hidden);
    // The installed clock also flows with real time: margins wide enough for a loaded machine.
    await page.clock.runFor(3_000);
    const early = await hidden();
    await page.clock.runFor(1_500);
    return [early, await hidden()];
  };
  for (const timeout of ['', '  ', 'abc', '-5']) assert.deepEqual(await shownFor(timeout), [false, true], JSON.stringify(timeout));
  await page.clock.runFor(60_000);
  assert.deepEqual(await shownFor('0'), [false, false], '"0" keeps it until closed');
  assert.deepEqual(problems, []);
});

test('motion: the prompt enters with an animation, none under prefers-reduced-motion', async () => {
  const animationsOnOpen = () => page.evaluate(() => {
    const nps = document.getElementById('nps');
    nps.hidden = true;
    nps.hidden = false;
    return nps.shadowRoot.querySelector('.panel').getAnimations().length;
  });
  assert.equal(await animationsOnOpen(), 1);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await animationsOnOpen(), 0);
  await page.locator('#nps').getByRole('button', { name: 'Ask me later' }).click();
  await page.locator('#nps').waitFor({ state: 'hidden' });
});

test('themes: dark under prefers-color-scheme, pinned by theme="light", coloured NPS scale; axe-core clean in dark', async () => {
  const background = (id, selector) => page.evaluate(([id, selector]) =>
    getComputedStyle(document.getElementById(id).shadowRoot.querySelector(selector)).backgroundColor, [id, selector]);
  assert.equal(await background('nps', '.panel'), 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await background('nps', '.panel'), 'rgb(21, 27, 35)');
  await page.evaluate(() => document.getElementById('ces').setAttribute('theme', 'light'));
  assert.equal(await background('ces', '.panel'), 'rgb(255, 255, 255)');
  await page.evaluate(() => document.getElementById('nps').setAttribute('colored', ''));
  const groups = await page.evaluate(() => [...document.getElementById('nps').shadowRoot.querySelectorAll('.scale label')].map((l) => l.className));
  assert.deepEqual(groups, [...Array(7).fill('detractor'), 'passive', 'passive', 'promoter', 'promoter']);
  const tints = new Set(await page.evaluate(() => [0, 7, 9].map((i) => getComputedStyle(document.getElementById('nps').shadowRoot.querySelectorAll('.scale span')[i]).backgroundColor)));
  assert.equal(tints.size, 3, 'three group colours');
  await page.screenshot({ path: join(artifacts, 'widgets-prompts-dark.png'), fullPage: true });
  assert.deepEqual(await axeViolations(), []);
});

test('the 0-10 scale stays on one row in narrow containers (260 to 470 px)', async () => {
  for (const width of [260, 320, 400, 430, 470]) {
    const rows = await page.evaluate((width) => {
      const nps = document.getElementById('nps');
      nps.style.width = `${width}px`;
      return new Set([...nps.shadowRoot.querySelectorAll('.scale label')].map((l) => Math.round(l.getBoundingClientRect().top))).size;
    }, width);
    assert.equal(rows, 1, `one row at ${width} px`);
  }
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

test('goal progress: no pace judgement before a fifth of the period, then on track or behind; bar and ring', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/goals.html`);
  await page.waitForSelector('html[data-ready]');
  const meter = (id) =>
    page.evaluate((id) => {
      const bar = document.getElementById(id).shadowRoot.querySelector('[role=progressbar]');
      return bar && { now: bar.getAttribute('aria-valuenow'), text: bar.getAttribute('aria-valuetext') };
    }, id);
  // A goal set a moment ago with no value yet: no pace to judge (at any time, until a value comes), no
  // percent, an indeterminate bar, and a sentence.
  assert.deepEqual(await meter('bar'), { now: null, text: 'No value yet, target 20 contacts' });
  const ringArcs = () => page.evaluate(() => document.getElementById('ring').shadowRoot.querySelectorAll('circle.value').length);
  assert.equal(await ringArcs(), 0, 'no stray dot on a 0 % ring');

  await page.evaluate(() => window.perform(5, 2)); // 5 of 20 after 2 of 20 days (10 %): still too early
  assert.deepEqual(await meter('bar'), { now: '25', text: '25%: 5 of a target of 20 contacts, Too early to judge the pace' });
  await page.evaluate(() => window.perform(0, 4)); // day 4 of 20: a fifth has passed; 25 % done is ahead of pace
  assert.deepEqual(await meter('bar'), { now: '25', text: '25%: 5 of a target of 20 contacts, On track' });
  assert.deepEqual(await meter('ring'), await meter('bar'));
  assert.equal(await ringArcs(), 1);
  await page.evaluate(() => window.perform(1, 15)); // 6 of 20 after 15 days: behind
  assert.match((await meter('bar')).text, /^30%: 6 of a target of 20 contacts, Behind pace$/);
  const noGoal = await page.evaluate(() => document.getElementById('none').shadowRoot.textContent);
  assert.match(noGoal, /Meetings booked.*No value yet: report a first one, then set a goal\./);
  await page.screenshot({ path: join(artifacts, 'widgets-goal-progress.png'), fullPage: true });
  assert.deepEqual(await axeViolations(), []);
  assert.deepEqual(problems, []);
});

test('the pace rule: judged from a fifth of the period on, closed goals keep their status', async () => {
  const states = await page.evaluate(async () => {
    const { paceState, MIN_ELAPSED } = await import('/dist/widgets/pace.js');
    const active = (raw, elapsed, onTrack, due = 1) => ({ status: 'active', due, progress: { raw }, forecast: elapsed == null ? null : { elapsed, onTrack } });
    return {
      MIN_ELAPSED,
      start: paceState(active(0, null, false)),
      early: paceState(active(0.05, 0.19, false)),
      behind: paceState(active(0.05, 0.2, false)),
      onTrack: paceState(active(0.3, 0.2, true)),
      reached: paceState(active(1, 0.01, true)),
      noDue: paceState(active(0.5, null, false, null)),
      achieved: paceState({ status: 'achieved', due: 1, progress: { raw: 1 } }),
      missed: paceState({ status: 'missed', due: 1, progress: { raw: 0.4 } }),
      // No current value (a ratio over nothing): nothing to judge at 95 % of the period either.
      noValue: paceState({ status: 'active', due: 1 }),
    };
  });
  assert.deepEqual(states, { MIN_ELAPSED: 0.2, start: 'early', early: 'early', behind: 'behind', onTrack: 'onTrack', reached: 'onTrack', noDue: null, achieved: 'achieved', missed: 'missed', noValue: null });
});

test('goal progress: 100 % only once the goal is reached, 0 % only without progress, in every language', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const shown = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const read = (raw, lang) => {
      const el = document.createElement('clg-goal-progress');
      el.setAttribute('lang', lang);
      el.setAttribute('variant', 'ring');
      document.body.append(el);
      el.status = { metric: 'm', name: 'Share', unit: '%', method: 'selfReported', current: 0.1,
        goal: { baseline: 99.4, target: 0, start: 0, due: 1, status: 'active', closedAt: null, closedValue: null,
          progress: { raw, percent: Math.min(100, Math.max(0, raw * 100)) }, forecast: null } };
      const meter = el.shadowRoot.querySelector('[role=progressbar]');
      const text = `${meter.getAttribute('aria-valuenow')} ${meter.getAttribute('aria-valuetext').split(':')[0]} ${el.shadowRoot.querySelector('text').textContent}`;
      el.remove();
      return text.replace(/\s/g, ' ');
    };
    return ['en', 'ru'].flatMap((lang) => [0, 0.003, 0.006, 0.5, 0.995, 0.9999, 1, 1.2].map((raw) => `${lang} ${raw}: ${read(raw, lang)}`));
  });
  assert.deepEqual(shown, [
    'en 0: 0 0% 0%', 'en 0.003: 1 1% 1%', 'en 0.006: 1 1% 1%', 'en 0.5: 50 50% 50%',
    'en 0.995: 99 99% 99%', 'en 0.9999: 99 99% 99%', 'en 1: 100 100% 100%', 'en 1.2: 100 100% 100%',
    'ru 0: 0 0 % 0 %', 'ru 0.003: 1 1 % 1 %', 'ru 0.006: 1 1 % 1 %', 'ru 0.5: 50 50 % 50 %',
    'ru 0.995: 99 99 % 99 %', 'ru 0.9999: 99 99 % 99 %', 'ru 1: 100 100 % 100 %', 'ru 1.2: 100 100 % 100 %',
  ]);
  assert.deepEqual(problems, []);
});

test('goal progress: a small value shows two significant digits, and a goal whose metric has no value now says so, with no percent', async () => {
  // A review of the widgets as customers see them: an error rate of 0.00011 read "0 → 0", 12 %.
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const seen = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const card = (status, lang = 'en') => {
      const el = document.createElement('clg-goal-progress');
      el.setAttribute('lang', lang);
      document.body.append(el);
      el.status = { metric: 'm', name: 'Error rate', unit: 'ratio', method: 'selfReported', ...status };
      const meter = el.shadowRoot.querySelector('[role=progressbar]');
      const out = { text: el.shadowRoot.querySelector('.card').textContent.replace(/\s/g, ' '), now: meter.getAttribute('aria-valuenow'), valuetext: meter.getAttribute('aria-valuetext') };
      el.remove();
      return out;
    };
    const goal = { baseline: 0.000123, target: 0.00001, start: 0, due: Date.now() + 86_400_000, status: 'active', closedAt: null, closedValue: null, forecast: null };
    const { metricFormat } = await import('/dist/widgets/metric-format.js');
    const format = (direction, range = {}, unit = 'ratio') => metricFormat('en', { unit, direction }, { collection: { method: 'selfReported' }, ...range });
    const round = (direction, x, range) => format(direction, range).round(x);
    return {
      // A suggested target is rounded to the digits shown, in the good direction, within the range at those digits: not to 0.
      rounded: [round('lower', 0.000088), round('higher', 0.0001234), round('higher', 12.341), round('lower', 0.000088, { min: 0, max: 0.0005 }), round('higher', 0.00108, { min: 0.001 })],
      money: [format('lower', {}, 'USD').number(0.0042), format('lower', {}, 'USD').round(0.0042), format('lower', {}, 'USD').number(12.5)],
      tiny: card({ current: 0.00011, direction: 'lower', goal: { ...goal, progress: { raw: 0.115, percent: 11.5 } } }),
      tinyRu: card({ current: 0.00011, direction: 'lower', goal: { ...goal, progress: { raw: 0.115, percent: 11.5 } } }, 'ru'),
      none: card({ current: null, direction: 'higher', unit: '%', goal: { ...goal, baseline: 100, target: 150, progress: null } }),
    };
  });
  assert.deepEqual(seen.rounded, [0.000088, 0.00013, 12.35, 0.000088, 0.0011]);
  assert.deepEqual(seen.money, ['$0.0042', 0.0042, '$12.50']);
  assert.match(seen.tiny.text, /Baseline: 0\.00012.*Current: 0\.00011.*Target: 0\.00001 ratio/);
  assert.match(seen.tiny.valuetext, /^12%: 0\.00011 of a target of 0\.00001 ratio/);
  assert.match(seen.tinyRu.text, /0,00012/);
  assert.deepEqual([seen.none.now, seen.none.valuetext], [null, 'No value yet, target 150%']);
  assert.match(seen.none.text, /Current: –.*No value yet: progress shows once the metric has one\.$/);
  assert.doesNotMatch(seen.none.text, /(^|[^\d])0%/);
  assert.deepEqual(problems, []);
});

test('role goals panel: self-assessment, self-report, suggested goal, achievement and history', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  const panel = page.locator('#panel');
  assert.match(await shadowText('panel'), /Sales development rep.*Maturity level 1 of 2: Initial/);
  // No value yet: a way forward instead of an empty goal form; each name shown once.
  assert.equal(await panel.getByRole('form', { name: /^Goal for/ }).count(), 0);
  assert.match(await deepText('panel'), /Meetings booked per week.*No value yet: report a first one, then set a goal\./);
  assert.equal((await deepText('panel')).split('Meetings booked per week').length - 1, 1, 'the heading names the metric; the progress card does not repeat it');

  // Likert self-assessment with anchored labels, by keyboard: the arrow chooses, Enter records.
  await panel.getByRole('radio', { name: '1 · Guessing' }).focus();
  await page.keyboard.press('ArrowRight'); // 2 · Some data
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.store.value({ account: 'acme', role: 'sdr', metric: 'confidence' })), 2);

  // Self-reported value, then the goal suggested from maturity level 1 (+20 %).
  await panel.getByLabel('Current value (meetings)').fill('10');
  await page.keyboard.press('Enter');
  const target = panel.getByLabel('Target (meetings)');
  assert.equal(await target.inputValue(), '12');
  await panel.getByRole('button', { name: 'Set goal' }).first().click();
  const goal = await page.evaluate(() => window.store.goals({ account: 'acme', role: 'sdr' })[0].goal);
  assert.deepEqual([goal.baseline, goal.target, goal.status], [10, 12, 'active']);

  // Reaching the target closes the goal into the history.
  await panel.getByLabel('Current value (meetings)').fill('12');
  await page.keyboard.press('Enter');
  assert.match(await shadowText('panel'), /Earlier goals \(1\)/);
  assert.match(await shadowText('panel'), /Achieved: 10 → 12 meetings, ended at 12 meetings/);
  const actions = await page.evaluate(() => window.changes.map((c) => `${c.metric}:${c.action}`));
  assert.deepEqual(actions, ['confidence:observe', 'meetings:observe', 'meetings:setGoal', 'meetings:observe']);
  await page.screenshot({ path: join(artifacts, 'widgets-role-goals.png'), fullPage: true });
  assert.deepEqual(await axeViolations(), []);
  assert.deepEqual(problems, []);
});

test('a refused goal shows a short localised sentence with the way forward; the detail goes to clg-error and the console', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.evaluate(() => {
    window.errors = [];
    document.getElementById('panel').addEventListener('clg-error', (e) => window.errors.push({ code: e.detail.code, field: e.detail.field, action: e.detail.action, isError: e.detail.error instanceof Error }));
  });
  const panel = page.locator('#panel');
  await panel.getByLabel('Current value (meetings)').fill('10');
  await page.keyboard.press('Enter');
  await panel.getByLabel('Target (meetings)').fill('3');
  await panel.getByRole('button', { name: 'Set goal' }).first().click();
  const alert = panel.getByRole('alert');
  assert.equal(await alert.textContent(), 'Choose a target above the current 10 meetings: higher is better here.');
  // The field keeps what was typed, marked invalid and described by the sentence.
  const target = panel.getByLabel('Target (meetings)');
  assert.equal(await target.inputValue(), '3');
  assert.equal(await target.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => {
    const root = document.getElementById('panel').shadowRoot;
    const field = root.querySelector('input[aria-invalid=true]');
    return root.getElementById(field.getAttribute('aria-describedby'))?.textContent;
  }), 'Choose a target above the current 10 meetings: higher is better here.');
  assert.deepEqual(await page.evaluate(() => window.errors), [{ code: 'GOAL_WRONG_DIRECTION', field: 'goal.target', action: 'setGoal', isError: true }]);
  assert.match(warnings.join('\n'), /clg-role-goals: setGoal refused: GOAL_WRONG_DIRECTION: goal\.target/);
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'acme', role: 'sdr' })[0].goal), null, 'nothing was set');

  // In the reader's language, and never the developer's message.
  await page.evaluate(() => document.getElementById('panel').setAttribute('lang', 'es'));
  assert.equal(await alert.textContent(), 'Elija un objetivo superior al valor actual, 10 meetings: aquí más es mejor.');
  await page.evaluate(() => document.getElementById('panel').setAttribute('lang', 'ru'));
  assert.match(await alert.textContent(), /^Выберите цель выше текущего значения \(10 meetings\)/);
  assert.doesNotMatch(await shadowText('panel'), /goal\.target|baseline|GOAL_/);

  // The panel given its store again (as when it shows another role instance): the sentence does not follow.
  await page.evaluate(() => { const p = document.getElementById('panel'); p.store = window.store; });
  assert.equal(await panel.getByRole('alert').count(), 0);
  assert.deepEqual(problems, []);
});

test('role goals: a suggestion never rounds to or behind the current value; Reset goal over a goal starting later works', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { rolePanel } = await import('/role-panel.js');
    const DAY = 86_400_000;
    const panel = await rolePanel({
      name: 'Seller', improvement: { type: 'percent', amount: 20 },
      metrics: [
        { id: 'price', name: 'Average price', kind: 'value', unit: 'USD', direction: 'higher', min: 0, max: 99.99, collection: { method: 'selfReported' } },
        { id: 'calls', name: 'Calls', kind: 'value', unit: 'calls', direction: 'higher', collection: { method: 'selfReported' } },
      ],
    }, (store) => {
      store.recordObservation({ account: 'a', role: 'x', metric: 'price', value: 99.5, at: Date.now() - DAY });
      store.recordObservation({ account: 'a', role: 'x', metric: 'calls', value: 3, at: Date.now() - DAY });
      // Next quarter's goal, set ahead.
      store.setGoal({ account: 'a', role: 'x', metric: 'calls', target: 10, start: Date.now() + 30 * DAY, due: Date.now() + 120 * DAY });
    });
    return panel.shadowRoot.querySelector('input[name=target]').value;
  });
  // 99.99 (the max) in whole dollars would be 99, behind the current $99.50: it is given exactly.
  assert.equal(result, '99.99');
  const panel = page.locator('clg-role-goals');
  await panel.getByRole('button', { name: 'Set goal' }).first().click();
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'a', role: 'x' })[0].goal?.target), 99.99);
  // Reset goal over the goal that starts later: abandoned at its start, the new one set.
  await panel.getByLabel('Target (calls)').fill('12');
  await panel.getByRole('form', { name: 'Goal for Calls' }).getByRole('button', { name: 'Reset goal' }).click();
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'a', role: 'x' })[1].goal.target), 12);
  assert.equal(await page.evaluate(() => window.store.history({ account: 'a', role: 'x', metric: 'calls' })[0].status), 'abandoned');
  assert.deepEqual(problems, []);
});

test('role goals with a store: Enter pressed twice or held sets one goal; a countable metric refuses a fractional target', async () => {
  // A randomized widgets review: a second Enter reset the goal just set (an "abandoned" goal in the
  // history the person never gave up), a held Enter five times; 7.4 companies showed as "7 of 7" at 91 %.
  const metrics = [
    { id: 'companies', name: 'Companies', kind: 'value', unit: 'companies', direction: 'higher',
      collection: { method: 'appGenerated', rule: { type: 'distinct', event: 'contact_added', property: 'company', window: { type: 'rolling', days: 30 } } } },
    { id: 'hours', name: 'Hours', kind: 'value', unit: 'h', direction: 'lower', collection: { method: 'selfReported' } },
  ];
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.evaluate(async (metrics) => {
    const { rolePanel } = await import('/role-panel.js');
    const panel = await rolePanel({ name: 'Seller', improvement: { type: 'percent', amount: 20 }, metrics }, (store) => {
      for (const company of ['a', 'b', 'c']) store.track('contact_added', { account: 'a', company }, Date.now() - 1000);
      store.recordObservation({ account: 'a', role: 'x', metric: 'hours', value: 10, at: Date.now() - 1000 });
    });
    panel.setAttribute('lang', 'en');
  }, metrics);
  const panel = page.locator('clg-role-goals');
  const history = (metric) => page.evaluate((m) => window.store.history({ account: 'a', role: 'x', metric: m }).map((g) => g.status), metric);
  const goal = (i) => page.evaluate((k) => window.store.goals({ account: 'a', role: 'x' })[k].goal?.target ?? null, i);
  // A fractional target of a countable metric: the sentence, the field marked, nothing set.
  const companies = panel.getByRole('form', { name: 'Goal for Companies' });
  await companies.getByLabel('Target').fill('7.4');
  await companies.getByRole('button', { name: 'Set goal' }).click();
  await panel.getByText('Enter a whole number.').waitFor();
  assert.equal(await companies.getByLabel('Target').getAttribute('aria-invalid'), 'true');
  assert.equal(await goal(0), null);
  assert.deepEqual(await page.evaluate(() => window.errors), ['INVALID_VALUE']);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(artifacts, `role-goals-not-whole-${width}.png`), fullPage: true });
  }
  // A whole target, Enter pressed twice in the field: one goal, nothing abandoned.
  await page.waitForTimeout(600);
  await companies.getByLabel('Target').fill('7');
  await companies.getByLabel('Target').press('Enter');
  await page.keyboard.press('Enter');
  await companies.getByRole('button', { name: 'Reset goal' }).waitFor();
  assert.deepEqual([await goal(0), await history('companies')], [7, []]);
  // A fractional target of a metric that is not counted is taken as typed (hours).
  const hours = panel.getByRole('form', { name: 'Goal for Hours' });
  await hours.getByLabel('Target').fill('7.5');
  await hours.getByRole('button', { name: 'Set goal' }).focus();
  // Enter held down on "Set goal": the key repeats, one goal is set.
  await page.keyboard.down('Enter');
  for (let i = 0; i < 4; i++) await page.keyboard.down('Enter');
  await page.keyboard.up('Enter');
  await page.waitForTimeout(100);
  assert.deepEqual([await goal(1), await history('hours')], [7.5, []]);
  // Typed in again, a second press is a person's choice: "Reset goal" resets it.
  await panel.getByRole('form', { name: 'Goal for Hours' }).getByLabel('Target').fill('6');
  await panel.getByRole('form', { name: 'Goal for Hours' }).getByRole('button', { name: 'Reset goal' }).click();
  assert.deepEqual([await goal(1), await history('hours')], [6, ['abandoned']]);
  // A report sent with Enter pressed twice: one value, no sentence for the emptied field.
  const report = panel.getByRole('form', { name: 'Report Hours' });
  await report.getByLabel('Current value (h)').fill('8');
  await report.getByLabel('Current value (h)').press('Enter');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.store.value({ account: 'a', role: 'x', metric: 'hours' })), 8);
  assert.equal(await panel.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);
  // A countable goal set elsewhere with a fraction shows it (7.4, not "7 of 7"), and its reset form,
  // left as pre-filled, takes a new due date.
  await page.evaluate(() => {
    window.store.abandonGoal({ account: 'a', role: 'x', metric: 'companies', at: Date.now() });
    window.store.setGoal({ account: 'a', role: 'x', metric: 'companies', target: 7.4, start: Date.now() });
    window.panel.id = 'panel';
    window.panel.refresh();
  });
  assert.match(await deepText('panel'), /Target: 7\.4 companies/);
  const due = new Date(Date.now() + 40 * 86_400_000);
  await companies.getByLabel('Due date').fill([due.getFullYear(), String(due.getMonth() + 1).padStart(2, '0'), String(due.getDate()).padStart(2, '0')].join('-'));
  await companies.getByRole('button', { name: 'Reset goal' }).click();
  assert.deepEqual(await page.evaluate(() => window.errors), ['INVALID_VALUE']);
  assert.equal(await goal(0), 7.4);
  assert.ok(await page.evaluate(() => window.store.goals({ account: 'a', role: 'x' })[0].goal.due) > Date.now() + 39 * 86_400_000);
  assert.deepEqual(problems, []);
});

test('role goals: a goal missed past its due date shows the value it was judged by, with the due date', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const text = await page.evaluate(async () => {
    const { rolePanel } = await import('/role-panel.js');
    const at = (day) => Date.UTC(2026, 0, day, 12);
    const panel = await rolePanel({
      name: 'Seller', improvement: { type: 'percent', amount: 20 },
      metrics: [{ id: 'calls', name: 'Calls', kind: 'value', unit: 'calls', direction: 'higher', collection: { method: 'selfReported' } }],
    }, (store) => {
      store.recordObservation({ account: 'a', role: 'x', metric: 'calls', value: 75, at: at(1) });
      store.setGoal({ account: 'a', role: 'x', metric: 'calls', baseline: 75, target: 80, start: at(1), due: at(20) });
      store.recordObservation({ account: 'a', role: 'x', metric: 'calls', value: 78, at: at(6) });
      store.recordObservation({ account: 'a', role: 'x', metric: 'calls', value: 85, at: at(22) }); // judged: missed
    });
    panel.setAttribute('lang', 'en');
    panel.refresh();
    return panel.shadowRoot.querySelector('details ol li').textContent;
  });
  assert.match(text, /^Missed: 75 → 80 calls, ended at 78 calls \(Jan 20/);
  assert.deepEqual(problems, []);
});

test('role goals with a store: refresh() keeps what was typed and not saved, focus included, also after the store changed', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.evaluate(async () => {
    const { rolePanel } = await import('/role-panel.js');
    const panel = await rolePanel({
      name: 'Seller', improvement: { type: 'percent', amount: 20 },
      metrics: [
        { id: 'meetings', name: 'Meetings', kind: 'value', unit: 'meetings', direction: 'higher', collection: { method: 'selfReported' } },
        { id: 'hours', name: 'Hours', kind: 'value', unit: 'h', direction: 'lower', collection: { method: 'selfReported' } },
      ],
    }, (store) => store.recordObservation({ account: 'a', role: 'x', metric: 'meetings', value: 10, at: Date.now() - 1000 }));
    panel.id = 'panel';
    panel.setAttribute('lang', 'en');
  });
  const panel = page.locator('clg-role-goals');
  await panel.getByLabel('Target (meetings)').fill('15');
  await panel.getByLabel('Current value (h)').fill('7.25');
  const fields = () => page.evaluate(() => {
    const root = window.panel.shadowRoot;
    return [root.querySelector('[data-focus-key=meetings-target]').value, root.querySelector('[data-focus-key=hours-value]').value, root.activeElement?.dataset.focusKey];
  });
  await page.evaluate(() => window.panel.refresh());
  assert.deepEqual(await fields(), ['15', '7.25', 'hours-value']);
  await page.evaluate(() => {
    window.store.recordObservation({ account: 'a', role: 'x', metric: 'meetings', value: 11, at: Date.now() });
    window.panel.refresh();
  });
  assert.deepEqual(await fields(), ['15', '7.25', 'hours-value'], 'newer data: still as typed');
  assert.match(await deepText('panel'), /11 meetings/, 'the newer value is drawn');
  assert.deepEqual(problems, []);
});

test('role goals: metrics of one name have forms told apart by unit, then by place (axe landmark-unique), in the reader\'s language', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const labels = await page.evaluate(async () => {
    const { rolePanel } = await import('/role-panel.js');
    const metric = (id, unit) => ({ id, name: 'Calls', kind: 'value', unit, direction: 'higher', collection: { method: 'selfReported' } });
    const panel = await rolePanel({
      name: 'Seller', improvement: { type: 'percent', amount: 20 },
      metrics: [metric('calls', 'calls'), metric('hours', 'h'), metric('more', 'h'), { ...metric('other', 'calls'), name: 'Other calls' }],
    }, (store) => {
      for (const id of ['calls', 'hours', 'more', 'other']) store.recordObservation({ account: 'a', role: 'x', metric: id, value: 10, at: Date.now() - 1000 });
    });
    panel.id = 'panel';
    const forms = () => [...panel.shadowRoot.querySelectorAll('form')].map((f) => f.getAttribute('aria-label'));
    panel.setAttribute('lang', 'en');
    const en = forms();
    panel.setAttribute('lang', 'es');
    return { en, es: forms() };
  });
  assert.deepEqual(labels.en, [
    'Report Calls (calls)', 'Goal for Calls (calls)', 'Report Calls (h, 1)', 'Goal for Calls (h, 1)',
    'Report Calls (h, 2)', 'Goal for Calls (h, 2)', 'Report Other calls', 'Goal for Other calls',
  ]);
  assert.equal(labels.es[0], 'Informar Calls (calls)');
  await page.evaluate(() => {
    // In a page of its own: a main landmark with its heading.
    const main = document.createElement('main');
    main.append(Object.assign(document.createElement('h1'), { textContent: 'Goals' }), window.panel);
    document.body.append(main);
    window.panel.setAttribute('lang', 'en');
  });
  assert.deepEqual(await axeViolations(), []);
  assert.deepEqual(problems, []);
});

test('a metric with min and max: fields carry them, suggestions stop at them, a value past them gets a sentence naming them', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { rolePanel } = await import('/role-panel.js');
    const panel = await rolePanel({
      name: 'Marketer', improvement: { type: 'percent', amount: 10 },
      metrics: [{ id: 'share', name: 'Share of fit visitors', kind: 'value', unit: '%', direction: 'higher', min: 0, max: 100,
        collection: { method: 'selfReported' } }],
    }, (store) => store.recordObservation({ account: 'a', role: 'x', metric: 'share', value: 97, at: Date.now() - 1000 }));
    const store = window.store;
    const root = panel.shadowRoot;
    const target = root.querySelector('input[name=target]');
    const value = root.querySelector('input[name=value]');
    return {
      suggested: store.goals({ account: 'a', role: 'x' })[0].nextGoal.target,
      field: target.value,
      bounds: [target, value].flatMap((f) => [f.getAttribute('aria-valuemin'), f.getAttribute('aria-valuemax')]),
    };
  });
  // 97 % + 10 % of it would be 106.7 %: the suggestion stops at the max.
  assert.deepEqual(result, { suggested: 100, field: '100', bounds: ['0', '100', '0', '100'] });
  // A field's range is the metric's; rounding stops at it.
  const format = await page.evaluate(async () => {
    const { metricFormat } = await import('/dist/widgets/metric-format.js');
    const whole = (range) => metricFormat('en', { unit: 'seats', direction: 'higher' }, { collection: { method: 'scaleAssessed', scale: [{ value: 1 }, { value: 2 }] }, ...range });
    return {
      fields: [whole({}).field, whole({ min: 0 }).field, whole({ min: 0.5, max: 9 }).field],
      rounded: [whole({ max: 9 }).round(8.2), whole({ max: 8.5 }).round(8.2)],
    };
  });
  assert.deepEqual(format, {
    fields: [{ min: undefined, max: undefined }, { min: 0, max: undefined }, { min: 0.5, max: 9 }],
    rounded: [9, 8], // inward: a max of 8.5 seats is 8 at the whole numbers shown
  });
  const panel = page.locator('clg-role-goals');
  // A typed value past the max is refused by the core, in the panel's words: the forms are
  // `novalidate`, so no browser bubble (in the browser's language, marking nothing) comes first.
  assert.deepEqual(await page.evaluate(() => [...panel.shadowRoot.querySelectorAll('form')].map((f) => f.noValidate)), [true, true]);
  await panel.getByLabel('Target (%)').fill('120');
  await panel.getByRole('button', { name: 'Set goal' }).click();
  assert.deepEqual(await page.evaluate(() => window.errors), ['VALUE_OUT_OF_RANGE']);
  assert.equal(await panel.getByRole('alert').textContent(), 'Enter a value from 0% to 100%.');
  assert.equal(await panel.getByLabel('Target (%)').getAttribute('aria-invalid'), 'true');
  await page.evaluate(() => panel.setAttribute('lang', 'es'));
  assert.match(await panel.getByRole('alert').textContent(), /^Introduzca un valor entre 0\s%\sy 100\s%\.$/);
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'a', role: 'x' })[0].goal), null, 'nothing was set');
  await page.evaluate(() => panel.removeAttribute('lang'));
  // A cleared due date: its own sentence, the due field marked, the target kept as typed.
  await panel.getByLabel('Target (%)').fill('99');
  await panel.getByLabel('Due date').fill('');
  await panel.getByRole('button', { name: 'Set goal' }).click();
  assert.equal(await panel.getByRole('alert').textContent(), 'Choose a valid date.');
  // The refused field is marked for the eye too, in the theme's danger colour (#cf222e).
  assert.deepEqual(await page.evaluate(() => ['target', 'due'].map((name) => {
    const input = panel.shadowRoot.querySelector(`input[name=${name}]`);
    return [input.value, input.getAttribute('aria-invalid'), getComputedStyle(input).borderTopColor === 'rgb(207, 34, 46)'];
  })), [['99', null, false], ['', 'true', true]]);
  // An empty value: "Enter a number.", not the browser's "Please fill out this field."
  await panel.getByLabel('Current value (%)').fill('');
  await panel.getByRole('button', { name: 'Save' }).click();
  assert.equal(await panel.getByRole('alert').textContent(), 'Enter a number.');
  assert.equal(await panel.getByLabel('Current value (%)').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'a', role: 'x' })[0].goal), null, 'nothing was set');
  // Text that is not a number ("1e400") stays in its field as typed, after the refusal and
  // through a theme or language change; so does a target's.
  const unparsed = () => page.evaluate(() => ['value', 'target'].map((name) => {
    const input = panel.shadowRoot.querySelector(`input[name=${name}]`);
    return [input.value === '1e400', input.getAttribute('aria-invalid')];
  }));
  await panel.getByLabel('Current value (%)').pressSequentially('1e400');
  await panel.getByRole('button', { name: 'Save' }).click();
  assert.equal(await panel.getByRole('alert').textContent(), 'Enter a number.');
  assert.deepEqual(await unparsed(), [[true, 'true'], [false, null]]);
  await page.screenshot({ path: join(artifacts, 'role-goals-refused-unparsed.png'), fullPage: true });
  for (const [name, value] of [['theme', 'dark'], ['lang', 'es']]) {
    await page.evaluate(([name, value]) => panel.setAttribute(name, value), [name, value]);
    assert.deepEqual(await unparsed(), [[true, 'true'], [false, null]], name);
    await page.evaluate((name) => panel.removeAttribute(name), name);
  }
  await panel.getByLabel('Target (%)').fill('');
  await panel.getByLabel('Target (%)').pressSequentially('1e400');
  await panel.getByRole('button', { name: 'Set goal' }).click();
  assert.equal(await panel.getByRole('alert').textContent(), 'Enter a number.');
  assert.deepEqual(await unparsed(), [[true, null], [true, 'true']], 'the other form\'s text stays too');
  // In Spanish "99,5" is 99.5: the browser's own number field read it as 995 in an English browser.
  await page.evaluate(() => panel.setAttribute('lang', 'es'));
  await panel.getByLabel('Objetivo (%)').fill('99,5');
  await panel.getByLabel('Fecha límite').fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await panel.getByRole('button', { name: 'Fijar objetivo' }).click();
  await page.waitForFunction(() => window.store.goals({ account: 'a', role: 'x' })[0].goal !== null);
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'a', role: 'x' })[0].goal.target), 99.5);
  // The reset form starts from "99,5": a target typed there stays through a language change, written the new way.
  const target = panel.getByLabel('Objetivo (%)');
  assert.equal(await target.inputValue(), '99,5');
  await target.fill('98,5');
  await page.evaluate(() => panel.setAttribute('lang', 'en'));
  assert.equal(await panel.getByLabel('Target (%)').inputValue(), '98.5');
  await page.evaluate(() => panel.setAttribute('lang', 'es'));
  assert.equal(await target.inputValue(), '98,5');
  await page.evaluate(() => panel.removeAttribute('lang'));
  assert.deepEqual(problems, []);
});

test('a refused change\'s sentence stays through theme and lang changes; only another account, role, store or client clears it', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  await page.evaluate(() => document.getElementById('panel').addEventListener('clg-error', (e) => e.preventDefault()));
  const panel = page.locator('#panel');
  await panel.getByLabel('Current value (meetings)').fill('10');
  await page.keyboard.press('Enter');
  await panel.getByLabel('Target (meetings)').fill('3');
  await panel.getByRole('button', { name: 'Set goal' }).first().click();
  const sentence = 'Choose a target above the current 10 meetings: higher is better here.';
  const alerts = () => page.evaluate(() => [...document.getElementById('panel').shadowRoot.querySelectorAll('[role=alert]')].map((a) => a.textContent).filter(Boolean));
  assert.deepEqual(await alerts(), [sentence]);
  const set = (name, value) => page.evaluate(([name, value]) => {
    const p = document.getElementById('panel');
    if (value === null) p.removeAttribute(name);
    else p.setAttribute(name, value);
  }, [name, value]);
  // Presentational attributes redraw the panel; the sentence stays, in the panel's language.
  for (const [name, value] of [['theme', 'dark'], ['theme', 'light'], ['theme', null], ['lang', 'es'], ['lang', null], ['nonce', 'abc']]) {
    await set(name, value);
    assert.equal((await alerts()).length, 1, `${name}=${value}`);
  }
  assert.deepEqual(await alerts(), [sentence]);
  // The same account and role again: still the same panel.
  await set('account', 'acme');
  await set('role-id', 'sdr');
  assert.deepEqual(await alerts(), [sentence]);
  // Another account, then back: the sentence does not follow.
  await page.evaluate(() => window.store.upsertAccount({ id: 'globex', name: 'Globex', roles: [{ role: 'sdr', maturity: 1 }] }));
  await set('account', 'globex');
  assert.deepEqual(await alerts(), []);
  await set('account', 'acme');
  assert.deepEqual(await alerts(), []);
  assert.deepEqual(problems, []);
});

test('every error code a widget can meet has a sentence in en, es and ru; unknown codes get the generic one', async () => {
  const result = await page.evaluate(async () => {
    const { errorMessageKey } = await import('/dist/widgets/errors.js');
    const locales = await Promise.all(['en', 'es', 'ru'].map(async (l) => (await import(`/dist/widgets/locales/${l}.js`)).default));
    const codes = ['NO_CURRENT_VALUE', 'GOAL_WRONG_DIRECTION', 'GOAL_ZERO_WIDTH', 'GOAL_ACTIVE', 'NO_ACTIVE_GOAL', 'NOT_FINITE', 'WRONG_TYPE',
      'INVALID_VALUE', 'INVALID_TIME', 'SCORE_OUT_OF_RANGE', 'VALUE_OUT_OF_RANGE', 'METHOD_MISMATCH', 'UNKNOWN_ID', 'NO_MODEL', 'MODEL_MISMATCH', 'MODEL_CHANGED',
      'CLIENT_DESTROYED', 'CONSENT_REQUIRED', 'STORAGE_QUOTA', 'STORAGE_UNAVAILABLE', 'STORAGE_FAILED', 'STORAGE_CORRUPT', 'OUTBOX_FULL',
      'RESULTS_CONFLICT', 'NO_CLIENT', 'DISCARDED', 'SOMETHING_NEW', undefined];
    const contexts = [{ direction: 'higher' }, { direction: 'lower' }, { min: 0 }, { max: 1 }, { min: 0, max: 1 }];
    const keys = codes.flatMap((code) => contexts.map((context) => errorMessageKey({ code, field: 'goal.due' }, context)));
    return {
      missing: keys.filter((k) => locales.some((l) => typeof l[k] !== 'string')),
      unknown: errorMessageKey({ code: 'SOMETHING_NEW' }),
      plain: errorMessageKey(new Error('no code')),
      lower: errorMessageKey({ code: 'GOAL_WRONG_DIRECTION' }, { direction: 'lower' }),
      due: errorMessageKey({ code: 'INVALID_VALUE', field: 'goal.due' }),
      discarded: errorMessageKey({ code: 'DISCARDED' }),
      range: [{}, { min: 0 }, { max: 1 }, { min: 0, max: 1 }].map((c) => errorMessageKey({ code: 'VALUE_OUT_OF_RANGE' }, c)),
    };
  });
  assert.deepEqual(result, {
    missing: [], unknown: 'error.generic', plain: 'error.generic', lower: 'error.GOAL_WRONG_DIRECTION.lower', due: 'error.INVALID_VALUE.due', discarded: 'error.DISCARDED',
    range: ['error.VALUE_OUT_OF_RANGE', 'error.VALUE_OUT_OF_RANGE.atLeast', 'error.VALUE_OUT_OF_RANGE.atMost', 'error.VALUE_OUT_OF_RANGE.between'],
  });
});

test('configureWidgets checks its settings: coded errors naming the field (null settings are none)', async () => {
  const errors = await page.evaluate(async () => {
    const { configureWidgets } = await import('/dist/widgets/index.js');
    const attempt = (settings) => {
      try {
        configureWidgets(settings);
        return 'accepted';
      } catch (e) {
        return `${e.name} ${e.code} ${e.field}`;
      }
    };
    return [attempt({ wholeUnits: 'meetings' }), attempt({ wholeUnits: [1] }), attempt({ nonce: 5 }), attempt({ units: [] }), attempt(null), attempt({ wholeUnits: ['meetings'] })];
  });
  assert.deepEqual(errors, [
    'TypeError WRONG_TYPE settings.wholeUnits', 'TypeError WRONG_TYPE settings.wholeUnits[0]', 'TypeError WRONG_TYPE settings.nonce',
    'Error UNKNOWN_OPTION settings.units', 'accepted', 'accepted',
  ]);
});

test('numbers as people read them: whole counts, rounded suggestions, currency by locale, translated model texts and dates', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const texts = await page.evaluate(async () => {
    const { init, ResultsStore } = await import('/dist/index.js');
    const { registerLocale } = await import('/dist/widgets/index.js');
    await init();
    const store = new ResultsStore();
    store.defineModel({
      roles: [{
        id: 'sdr', name: 'SDR', maturity: [{ name: 'Developing', improvement: { type: 'percent', amount: 15 } }],
        metrics: [
          { id: 'contacts', name: 'Contacts per week', kind: 'value', unit: 'contacts', direction: 'higher',
            collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact', window: { type: 'rolling', days: 7 } } } },
          { id: 'revenue', name: 'Revenue', kind: 'businessImpact', unit: 'EUR', direction: 'higher', collection: { method: 'integration' } },
        ],
      }],
    });
    store.upsertAccount({ id: 'a', roles: [{ role: 'sdr', maturity: 1 }] });
    const at = Date.now();
    for (let i = 0; i < 10; i++) store.track('contact', { account: 'a' }, at);
    store.recordObservation({ account: 'a', role: 'sdr', metric: 'revenue', value: 5000, method: 'integration', at });
    registerLocale('es', { 'model.metric.contacts': 'Contactos por semana', 'model.unit.contacts': 'contactos', 'model.maturity.Developing': 'En desarrollo' });
    const panel = document.createElement('clg-role-goals');
    panel.setAttribute('account', 'a');
    panel.setAttribute('role-id', 'sdr');
    document.body.append(panel);
    panel.store = store;
    const deep = (root) => [...root.childNodes].map((n) => (n.shadowRoot ? deep(n.shadowRoot) : n.nodeType === Node.ELEMENT_NODE ? deep(n) : n.textContent)).join(' ');
    const read = () => ({
      text: deep(panel.shadowRoot),
      target: panel.shadowRoot.querySelector('input[name=target]').value,
      decimal: panel.shadowRoot.querySelector('input[name=target]').inputMode,
    });
    const en = read();
    panel.setAttribute('lang', 'es');
    return { en, es: read() };
  });
  assert.equal(texts.en.target, '12', '10 contacts + 15 % = 11.5, rounded up to a whole contact');
  assert.equal(texts.en.decimal, 'decimal', 'a number keypad on phones');
  assert.match(texts.en.text, /Suggested from your maturity level: 12 contacts/);
  assert.match(texts.en.text, /Suggested from your maturity level: €5,750/);
  assert.match(texts.en.text, /Target \(€\)/);
  assert.match(texts.en.text, /Current:\s*€5,000/);
  assert.doesNotMatch(texts.en.text, /11[.,]5|EUR/);
  assert.match(texts.es.text, /Contactos por semana/);
  assert.match(texts.es.text, /Nivel de madurez 1 de 1: En desarrollo/);
  assert.match(texts.es.text, /Sugerido según su nivel de madurez: 12 contactos/);
  assert.match(texts.es.text, /Sugerido según su nivel de madurez: 5750\s€/);
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

test('scorecard: lines the core adds later appear by key; sparklines with target and benchmark; payloads stay text', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const payload = '<img src=x onerror="window.pwned=1">';
  const drawn = await page.evaluate(async (payload) => {
    await import('/dist/widgets/index.js');
    const line = (key, value, extra = {}) => ({
      key, role: null, unit: 'percent', higherIsBetter: true, cadence: 'operational',
      value: { value, reason: null }, previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: null, reason: 'NOT_GIVEN' },
      target: null, status: 'noTarget', benchmark: null, withinBenchmark: null, ...extra,
    });
    const scorecardOf = (period, adoption) => ({
      period, caveat: '',
      customerResults: [line(`results.${payload}.goalAchieved`, 40, { role: payload })],
      company: [
        line('featureAdoption.reports', adoption, { target: 50, status: adoption >= 50 ? 'onTrack' : 'offTrack', benchmark: { low: 40, high: 60 } }),
        line('cesScore', null, { unit: 'score', cadence: payload, status: 'notAvailable', value: { value: null, reason: 'NO_RESPONSES' } }),
      ],
    });
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    card.periods = [{ start: '2026-01-01', end: '2026-02-01' }, { start: '2026-02-01', end: '2026-03-01' }, { start: '2026-03-01', end: '2026-04-01' }];
    card.history = [scorecardOf(0, 30), scorecardOf(1, 45), scorecardOf(2, 55)];
    card.scorecard = card.history[2];
    const root = card.shadowRoot;
    const adoption = [...root.querySelectorAll('li.kpi')].find((l) => l.querySelector('.name').textContent === 'Adoption of reports');
    return {
      text: root.textContent,
      images: root.querySelectorAll('img').length,
      adoptionClass: adoption?.className,
      spark: adoption?.querySelector('svg.spark')?.getAttribute('aria-label'),
      target: adoption?.querySelectorAll('svg.spark line.target').length,
      benchmark: adoption?.querySelectorAll('svg.spark rect.benchmark').length,
      pwned: window.pwned,
      missing: [...root.querySelectorAll('.value[data-reason]')].map((v) => [v.textContent, v.closest('li').querySelector('.reason')?.textContent, v.dataset.reason]),
      reasons: root.querySelectorAll('.reason').length,
      stray: [...root.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent),
    };
  }, payload);
  assert.deepEqual(drawn.missing, [['n/a', 'Not enough data in this period to compute this.', 'NO_RESPONSES']], 'a sentence on the card for the reader, the code for the developer');
  assert.equal(drawn.reasons, 1, 'only the card without a value says why');
  assert.deepEqual(drawn.stray, [], 'without nps or trend, no surveys section and no stray text (it used to show "undefined")');
  assert.equal(drawn.adoptionClass, 'kpi onTrack');
  assert.equal(drawn.spark, 'Adoption of reports by period: January 2026 30%, February 2026 45%, March 2026 55%');
  assert.deepEqual([drawn.target, drawn.benchmark], [1, 1]);
  assert.match(drawn.text, /Ces score/);
  assert.ok(drawn.text.includes(`${payload}: goal achieved`));
  assert.equal(drawn.images, 0);
  assert.equal(drawn.pwned, undefined);
  assert.deepEqual(problems, []);
});

test('check-in: anchored scales and a reported number, by keyboard; thanks, Escape, focus back; localised; data as text; axe clean', async () => {
  await page.evaluate(() => {
    const checkIn = document.createElement('clg-check-in');
    checkIn.id = 'check-in';
    checkIn.hidden = true;
    checkIn.metrics = [
      { id: 'targeting', name: 'Targeting <img src=x onerror=alert(1)>', unit: 'points', direction: 'higher', collection: { method: 'scaleAssessed', scale: [
        { value: 1, label: 'Guessing' }, { value: 2, label: 'Some data' }, { value: 3, label: 'Data-driven' }] } },
      { id: 'meetings', name: 'Meetings booked per week', unit: 'meetings', direction: 'higher', min: 0, max: 80, collection: { method: 'selfReported' } },
      { id: 'contacts', name: 'Measured in the app', unit: 'contacts', direction: 'higher', collection: { method: 'appGenerated', rule: { type: 'count', event: 'x' } } },
    ];
    checkIn.values = { targeting: 2 };
    document.querySelector('main').append(checkIn);
  });
  await page.focus('#before');
  await page.evaluate(() => { document.getElementById('check-in').hidden = false; });
  const dialog = page.locator('#check-in').getByRole('dialog', { name: 'A quick check-in on your goals' });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('img').count(), 0, 'a metric name is text, never markup');
  assert.match(await shadowText('check-in'), /Targeting <img src=x onerror=alert\(1\)>.*1 · Guessing2 · Some data3 · Data-driven/);
  assert.doesNotMatch(await shadowText('check-in'), /Measured in the app/, 'only scale-assessed and self-reported metrics are asked');
  assert.deepEqual(await page.evaluate(() => {
    const field = document.getElementById('check-in').shadowRoot.querySelector('input[inputmode=decimal]');
    return [field.getAttribute('aria-valuemin'), field.getAttribute('aria-valuemax')];
  }), ['0', '80'], 'the field carries the metric\'s range');
  const focused = () => page.evaluate(() => document.getElementById('check-in').shadowRoot.activeElement?.value);
  assert.equal(await focused(), '2', 'focus on the current point of the scale');
  await page.keyboard.press('ArrowRight'); // 3
  await page.keyboard.press('Tab'); // meetings
  await page.keyboard.type('6');
  await page.keyboard.press('Tab'); // Send
  await page.keyboard.press('Enter');
  assert.deepEqual(await page.evaluate(() => window.widgetEvents), [
    { type: 'clg-submit', target: 'check-in', detail: { kind: 'checkin', values: { targeting: 3, meetings: 6 } } },
  ]);
  assert.equal(await page.locator('#check-in').getByRole('status').textContent(), 'Thank you: your goal progress is updated.');
  await page.keyboard.press('Escape');
  await page.locator('#check-in').waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'before', 'focus is back where it was');

  // Opened again in Spanish: "ask me later" closes it with its own event.
  await page.evaluate(() => { document.documentElement.lang = 'es'; document.getElementById('check-in').hidden = false; });
  await page.locator('#check-in').getByRole('dialog', { name: 'Un breve repaso de sus objetivos' }).waitFor();
  assert.deepEqual(await axeViolations(), []);
  await page.locator('#check-in').getByRole('button', { name: 'Preguntarme más tarde' }).click();
  await page.locator('#check-in').waitFor({ state: 'hidden' });
  assert.deepEqual(await page.evaluate(() => window.widgetEvents.map((e) => `${e.type}:${e.detail.kind}`)), ['clg-submit:checkin', 'clg-later:checkin']);
  assert.deepEqual(problems, []);
});

test('check-in on its own: a value past its metric\'s range or text that is not a number is refused, kept as typed, before clg-submit', async () => {
  await page.evaluate(() => {
    const checkIn = document.createElement('clg-check-in');
    checkIn.id = 'check-in';
    checkIn.metrics = [
      { id: 'confidence', name: 'Confidence', unit: 'points', direction: 'higher', collection: { method: 'scaleAssessed', scale: [
        { value: 1, label: 'Low' }, { value: 2, label: 'Some' }, { value: 3, label: 'High' }] } },
      { id: 'hours', name: 'Hours saved', unit: 'h', direction: 'higher', min: 0, max: 80, collection: { method: 'selfReported' } },
    ];
    checkIn.values = { confidence: 3, hours: 12 };
    document.querySelector('main').append(checkIn);
    checkIn.addEventListener('clg-sent', (e) => window.widgetEvents.push({ type: e.type, target: 'check-in', detail: e.detail }));
  });
  const checkIn = page.locator('#check-in');
  const hours = checkIn.getByLabel('Hours saved (h)');
  const send = checkIn.getByRole('button', { name: 'Send' });
  const field = () => page.evaluate(() => {
    const input = document.getElementById('check-in').shadowRoot.querySelector('input[name=hours]');
    return { value: input.value, invalid: input.getAttribute('aria-invalid'), describedBy: input.getAttribute('aria-describedby') };
  });
  await hours.fill('81');
  await send.click();
  assert.equal(await checkIn.getByRole('alert').textContent(), 'Enter a value from 0 h to 80 h.');
  assert.deepEqual(await field(), { value: '81', invalid: 'true', describedBy: 'refused' });
  assert.equal(await page.evaluate(() => document.getElementById('check-in').shadowRoot.activeElement?.id), 'refused', 'focus on the sentence');
  assert.equal(await checkIn.locator('.thanks').textContent(), '', 'no thank-you');
  await page.screenshot({ path: join(artifacts, 'check-in-refused-range.png') });
  // In the widget's language, not the browser's.
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'es'));
  assert.match(await checkIn.getByRole('alert').textContent(), /^Introduzca un valor entre 0 h y 80 h\.$/);
  assert.deepEqual(await field(), { value: '81', invalid: 'true', describedBy: 'refused' });
  await page.evaluate(() => document.getElementById('check-in').removeAttribute('lang'));

  // Text that is not a number ("1e400", too large) is refused too, and stays in the field.
  await hours.fill('');
  await hours.pressSequentially('1e400');
  await send.click();
  assert.equal(await checkIn.getByRole('alert').textContent(), 'Enter a number.');
  assert.deepEqual(await field(), { value: '1e400', invalid: 'true', describedBy: 'refused' });
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'ru'));
  assert.deepEqual(await field(), { value: '1e400', invalid: 'true', describedBy: 'refused' }, 'kept through a language change');
  await page.evaluate(() => document.getElementById('check-in').removeAttribute('lang'));
  // The only question with such text: Send stays enabled, to say why.
  await page.evaluate(() => { document.getElementById('check-in').values = {}; });
  assert.equal((await field()).value, '1e400');
  assert.equal(await send.isDisabled(), false);
  await page.screenshot({ path: join(artifacts, 'check-in-refused-number.png') });
  assert.deepEqual(await page.evaluate(() => window.widgetEvents), [], 'no clg-submit, no clg-sent');

  // Corrected: sent, with the value as typed.
  await hours.fill('80');
  await send.click();
  await checkIn.getByRole('status').filter({ hasText: 'your goal progress is updated' }).waitFor();
  const detail = { kind: 'checkin', values: { hours: 80 } };
  assert.deepEqual(await page.evaluate(() => window.widgetEvents), [
    { type: 'clg-submit', target: 'check-in', detail }, { type: 'clg-sent', target: 'check-in', detail }]);
  assert.deepEqual(problems, []);
});

test('number fields read what is typed in the widget\'s language, not the browser\'s; Up and Down step within the range', async () => {
  // Before: <input type=number> read by the browser's locale (English here): "2,5" typed into the
  // Spanish check-in was sent as 25, and "1.234,5" as 1.2345.
  await page.evaluate(() => {
    const checkIn = document.createElement('clg-check-in');
    checkIn.id = 'check-in';
    checkIn.setAttribute('lang', 'es');
    checkIn.metrics = [{ id: 'hours', name: 'Hours saved', unit: 'h', direction: 'higher', min: 0, max: 80, collection: { method: 'selfReported' } }];
    checkIn.values = { hours: 12.5 };
    // Each value sent is kept, and the send cancelled: the check-in stays open for the next.
    checkIn.addEventListener('clg-submit', (e) => { window.submitted = e.detail.values.hours; e.preventDefault(); });
    document.querySelector('main').append(checkIn);
  });
  const checkIn = page.locator('#check-in');
  const hours = checkIn.getByRole('spinbutton', { name: /Hours saved/ });
  assert.deepEqual([await hours.inputValue(), await hours.getAttribute('inputmode'), await hours.getAttribute('aria-valuenow')], ['12,5', 'decimal', '12.5'], 'shown as Spanish writes it');
  const send = async (text) => {
    await page.evaluate(() => { window.submitted = null; });
    if (text !== undefined) await hours.fill(text);
    await checkIn.locator('button.send').click();
    return page.evaluate(() => window.submitted);
  };
  assert.equal(await send('2,5'), 2.5);
  assert.equal(await send('1.234,5'), null, 'past the range: refused');
  assert.match(await checkIn.getByRole('alert').textContent(), /^Introduzca un valor entre 0 h y 80 h\.$/);
  assert.equal(await send('2.5'), 2.5, 'a keypad\'s point reads as the decimal point where it cannot group');
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'en'));
  assert.equal(await send('1.234,5'), null, 'not a number in English: refused, never 1.2345');
  assert.equal(await checkIn.getByRole('alert').textContent(), 'Enter a number.');
  assert.equal(await send('7,5'), 7.5);
  // Up and Down step by one, within the metric's range, as its language writes numbers.
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'es'));
  await hours.fill('79,5');
  await hours.press('ArrowUp');
  assert.deepEqual([await hours.inputValue(), await hours.getAttribute('aria-valuenow')], ['80', '80']);
  await hours.fill('');
  await hours.press('ArrowDown');
  assert.equal(await hours.inputValue(), '0');
  await hours.press('ArrowUp');
  assert.equal(await send(), 1);
  // At the decimals typed: 0,57 + 1 is 1,57, not 1,5699999999999998; Shift+Up selects text, as in any field.
  await hours.fill('0,57');
  await hours.press('ArrowUp');
  assert.equal(await hours.inputValue(), '1,57');
  await hours.press('Shift+ArrowUp');
  assert.equal(await hours.inputValue(), '1,57');
  assert.deepEqual(await axeViolations(), []);

  // Drawn again in another language, a field typed in keeps the number typed, written the new way
  // ("12,5" becomes "12.5"), and text that was not a number is read again ("1.234,5" is one in Spanish).
  await page.evaluate(() => {
    const checkIn = document.getElementById('check-in');
    checkIn.metrics = [{ id: 'hours', name: 'Hours saved', unit: 'h', direction: 'higher', collection: { method: 'selfReported' } }];
    checkIn.values = { hours: 14.76 };
  });
  await hours.fill('20,5');
  await hours.evaluate((field) => field.setSelectionRange(1, 1));
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'en'));
  assert.deepEqual([await hours.inputValue(), await hours.getAttribute('aria-valuenow')], ['20.5', '20.5']);
  assert.equal(await hours.evaluate((field) => field.selectionStart), 1, 'the caret stays where it was');
  assert.equal(await send(), 20.5);
  await hours.fill('1.234,5');
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'es'));
  assert.equal(await hours.inputValue(), '1.234,5');
  assert.equal(await send(), 1234.5);
  // A page in a language without the widgets' messages: English sentences, and numbers read as they
  // are shown, the English way (registerLocale('de', ...) reads them the German way).
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'de'));
  assert.equal(await send('1,250'), 1250);
  // A malformed tag ("es-") speaks its base language, numbers included (it was "cannot show this data").
  await page.evaluate(() => document.getElementById('check-in').setAttribute('lang', 'es-'));
  assert.equal(await send('2,5'), 2.5);
  assert.equal(await checkIn.locator('button.send').textContent(), 'Enviar');
  await page.evaluate(() => document.getElementById('check-in').removeAttribute('lang'));
});

test('check-in on its own: a field left empty is a question not answered; a value at its range\'s ends is sent', async () => {
  await page.evaluate(() => {
    const checkIn = document.createElement('clg-check-in');
    checkIn.id = 'check-in';
    checkIn.metrics = [
      { id: 'confidence', name: 'Confidence', unit: 'points', direction: 'higher', collection: { method: 'scaleAssessed', scale: [{ value: 1, label: 'Low' }, { value: 3, label: 'High' }] } },
      { id: 'hours', name: 'Hours saved', unit: 'h', direction: 'higher', min: 0, max: 80, collection: { method: 'selfReported' } },
      { id: 'share', name: 'Share', unit: '%', direction: 'higher', min: 0, collection: { method: 'selfReported' } },
    ];
    checkIn.values = { confidence: 3, hours: 12 };
    document.querySelector('main').append(checkIn);
  });
  const checkIn = page.locator('#check-in');
  await checkIn.getByLabel('Hours saved (h)').fill('');
  await checkIn.getByLabel('Share (%)').fill('-5');
  await checkIn.getByRole('button', { name: 'Send' }).click();
  assert.equal(await checkIn.getByRole('alert').textContent(), 'Enter a value of at least 0%.');
  assert.equal(await checkIn.getByLabel('Share (%)').getAttribute('aria-invalid'), 'true');
  assert.equal(await checkIn.getByLabel('Hours saved (h)').getAttribute('aria-invalid'), null);
  await checkIn.getByLabel('Share (%)').fill('0');
  await checkIn.getByRole('button', { name: 'Send' }).click();
  assert.deepEqual(await page.evaluate(() => window.widgetEvents.map((e) => e.detail.values)), [{ confidence: 3, share: 0 }]);
  assert.deepEqual(problems, []);
});

test('a single-widget entry registers its elements and those it opens, and no other', async () => {
  const tags = ['clg-nps-prompt', 'clg-ces-prompt', 'clg-csat-prompt', 'clg-goal-progress', 'clg-role-goals', 'clg-scorecard', 'clg-check-in', 'clg-prompt-host'];
  const registeredBy = async (entry) => {
    const fresh = await openPage(browser, `http://127.0.0.1:${server.address().port}/blank.html`);
    try {
      return await fresh.page.evaluate(
        async ({ entry, tags }) => {
          await import(entry);
          return tags.filter((tag) => customElements.get(tag));
        },
        { entry, tags },
      );
    } finally {
      await fresh.page.close();
    }
  };
  assert.deepEqual(await registeredBy('/dist/widgets/goal-progress.js'), ['clg-goal-progress']);
  assert.deepEqual(await registeredBy('/dist/widgets/survey-prompt.js'), ['clg-nps-prompt', 'clg-ces-prompt', 'clg-csat-prompt']);
  assert.deepEqual(await registeredBy('/dist/widgets/role-goals.js'), ['clg-goal-progress', 'clg-role-goals']);
  assert.deepEqual(await registeredBy('/dist/widgets/prompt-host.js'), ['clg-nps-prompt', 'clg-ces-prompt', 'clg-csat-prompt', 'clg-check-in', 'clg-prompt-host']);
  assert.deepEqual(await registeredBy('/dist/widgets/settings.js'), []);
  assert.deepEqual(await registeredBy('/dist/widgets/index.js'), tags);
});

test('self-assessment by keyboard: arrow keys only move the choice; it is recorded once, on Enter, Space, leaving the group or a pause, and never lost', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  const panel = page.locator('#panel');
  const radio = (name) => panel.getByRole('radio', { name });
  const value = () => page.evaluate(() => window.store.value({ account: 'acme', role: 'sdr', metric: 'confidence' }));
  const recorded = () => page.evaluate(() => window.changes.filter((c) => c.metric === 'confidence').length);
  const pause = () => page.waitForTimeout(1800); // longer than the widget waits for another step

  // Space chooses and records at once.
  await radio('1 · Guessing').focus();
  await page.keyboard.press('Space');
  assert.deepEqual([await value(), await recorded()], [1, 1]);

  // Arrowing 1 -> 4 records nothing on the way; Enter records 4, once.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await radio('4 · Proven').isChecked(), true, 'the choice shows');
  assert.deepEqual([await value(), await recorded()], [1, 1]);
  await page.keyboard.press('Enter');
  assert.deepEqual([await value(), await recorded()], [4, 2]);

  // A goal from 1 to 4: a stray ArrowLeft on 1 wraps to 4, which would close it as achieved; back at once, nothing is recorded.
  await page.evaluate(() => {
    const ref = { account: 'acme', role: 'sdr', metric: 'confidence' };
    window.store.recordObservation({ ...ref, value: 1, at: Date.now() });
    window.store.setGoal({ ...ref, target: 4, start: Date.now(), due: Date.now() + 30 * 86_400_000 });
    document.getElementById('panel').refresh();
  });
  await radio('1 · Guessing').focus();
  await page.keyboard.press('ArrowLeft'); // wraps to 4
  await page.keyboard.press('ArrowRight'); // back to 1
  await pause();
  assert.equal(await page.evaluate(() => window.store.goals({ account: 'acme', role: 'sdr' }).find((m) => m.metric === 'confidence').goal.status), 'active');
  assert.deepEqual([await value(), await recorded()], [1, 2]);

  // A pause with no further step records the point reached.
  await page.keyboard.press('ArrowRight');
  await pause();
  assert.deepEqual([await value(), await recorded()], [2, 3]);

  // Tab out of the group records it, and focus stays where it went (the goal's target).
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => window.changes.length === 4);
  assert.equal(await value(), 3);
  assert.equal(await page.evaluate(() => document.getElementById('panel').shadowRoot.activeElement?.dataset.focusKey), 'confidence-target');

  // A choice still pending when the panel leaves the page, or when the page is hidden, is recorded then.
  await radio('3 · Data-driven').focus();
  await page.keyboard.press('ArrowLeft');
  await page.evaluate(() => {
    window.removed = document.getElementById('panel');
    window.removed.remove();
  });
  assert.equal(await value(), 2);
  await page.evaluate(() => document.querySelector('main').append(window.removed));
  await radio('2 · Some data').focus();
  await page.keyboard.press('ArrowLeft');
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  assert.equal(await value(), 1);

  // A click records at once.
  await radio('3 · Data-driven').click();
  assert.deepEqual([await value(), await recorded()], [3, 7]);
  assert.deepEqual(problems, []);
});

test('survey prompts without a company ask a whole sentence in each language; no comment, no comment key', async () => {
  const questions = await page.evaluate(() => Object.fromEntries(['en', 'es', 'ru'].map((lang) => {
    const texts = ['clg-nps-prompt', 'clg-ces-prompt', 'clg-csat-prompt'].map((tag) => {
      const prompt = document.createElement(tag);
      prompt.setAttribute('lang', lang);
      document.querySelector('main').append(prompt);
      const text = prompt.shadowRoot.querySelector('.question').textContent;
      prompt.remove();
      return text;
    });
    return [lang, texts];
  })));
  assert.deepEqual(questions, {
    en: ['How likely are you to recommend us to a friend or colleague?', 'It was easy for me to handle my issue.', 'How satisfied are you with us?'],
    es: ['¿Qué probabilidad hay de que nos recomiende a un amigo o colega?', 'Me resultó fácil resolver mi problema.', '¿Qué tan satisfecho está con nosotros?'],
    ru: ['Насколько вероятно, что вы порекомендуете нас другу или коллеге?', 'Мне было легко решить мой вопрос.', 'Насколько вы довольны нами?'],
  });

  await page.evaluate(() => document.addEventListener('clg-submit', (e) => { window.keys = Object.keys(e.detail); }));
  await page.locator('#csat').getByRole('radio', { name: '4 of 5' }).check();
  await page.locator('#csat').getByRole('button', { name: 'Send' }).click();
  assert.deepEqual(await page.evaluate(() => window.keys), ['kind', 'score', 'scale']);
  assert.deepEqual(problems, []);
});

test('scorecard surveys: the NPS caption names its own interval level, axis numbers and dates in the reader\'s language, no label clipped', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.evaluate(async () => {
    const { init, nps, surveyTrend } = await import('/dist/index.js');
    await import('/dist/widgets/index.js');
    await init();
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    card.periods = [{ start: '2026-03-01', end: '2026-04-01' }];
    card.nps = nps(Array.from({ length: 60 }, (_, i) => i % 11), { level: 0.9 });
    // CES answers of 3 and 4 in January to March: the y axis runs 3 to 4, its middle is 3.5.
    card.trend = surveyTrend(Array.from({ length: 300 }, (_, i) => ({ kind: 'ces', score: 3 + (i % 2), timestamp: Date.UTC(2026, i % 3, 10), respondent: { userId: `u${i}` } })), { period: 'month' });
    card.scorecard = { period: 0, customerResults: [], company: [] };
  });
  const read = () => page.evaluate(() => {
    const root = document.querySelector('clg-scorecard').shadowRoot;
    const chart = root.querySelector('svg.line');
    const frame = chart.getBoundingClientRect();
    const labels = [...chart.querySelectorAll('text.axis')];
    return {
      caption: root.querySelector('figure figcaption').textContent,
      ticks: labels.filter((t) => t.getAttribute('text-anchor') === 'end' && t.getAttribute('x') === '30').map((t) => t.textContent),
      outside: labels.filter((t) => { const b = t.getBoundingClientRect(); return b.left < frame.left - 0.5 || b.right > frame.right + 0.5; }).map((t) => t.textContent),
      last: labels.at(-1).textContent,
      // Each section without lines says so (the company one showed its heading alone).
      empty: ['results-title', 'company-title'].map((id) => root.querySelector(`section[aria-labelledby="${id}"] p.empty`)?.textContent),
    };
  });
  const en = await read();
  assert.deepEqual(en.empty, ['No lines for this period yet.', 'No lines for this period yet.']);
  assert.match(en.caption, /\(90% interval -?\d+ to -?\d+\)$/);
  assert.deepEqual(en.ticks, ['3', '3.5', '4']);
  await page.evaluate(() => document.querySelector('clg-scorecard').setAttribute('lang', 'es'));
  const es = await read();
  assert.match(es.caption, /\(intervalo del 90\s%: /);
  assert.deepEqual(es.ticks, ['3', '3,5', '4']);
  await page.evaluate(() => document.querySelector('clg-scorecard').setAttribute('lang', 'ru'));
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const ru = await read();
    assert.match(ru.caption, /\(доверительный интервал 90\s%: от /);
    assert.deepEqual(ru.ticks, ['3', '3,5', '4']);
    assert.equal(ru.last, 'март 26 г.');
    assert.deepEqual(ru.outside, [], `no axis label outside the chart at ${width} px`);
    await page.screenshot({ path: join(artifacts, `widgets-scorecard-trend-ru-${width}.png`), fullPage: true });
  }
  assert.deepEqual(problems, []);
});

test('scorecard trend: its text alternative lists each period\'s value as its point shows it (a CES of 6.5 is not a 7)', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.evaluate(async () => {
    const { init, surveyTrend } = await import('/dist/index.js');
    await import('/dist/widgets/index.js');
    await init();
    const answers = (kind, score) => Array.from({ length: 297 }, (_, i) => ({ kind, score: score(i), timestamp: Date.UTC(2026, Math.floor(i / 99), 10), respondent: { userId: `u${i}` } }));
    window.trends = {
      // CES 6 and 7 in turn: a mean of 6.5 each month.
      ces: surveyTrend(answers('ces', (i) => 6 + (i % 2)), { period: 'month' }),
      // CSAT: two of three satisfied, 66.7 %.
      csat: surveyTrend(answers('csat', (i) => (i % 3 === 0 ? 2 : 5)), { period: 'month' }),
      nps: surveyTrend(answers('nps', (i) => [10, 9, 3][i % 3]), { period: 'month' }),
    };
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    card.scorecard = { period: 0, customerResults: [], company: [] };
  });
  const read = (kind, lang) => page.evaluate(([kind, lang]) => {
    const card = document.querySelector('clg-scorecard');
    card.setAttribute('lang', lang);
    card.trend = window.trends[kind];
    const chart = card.shadowRoot.querySelector('svg.line');
    return { label: chart.getAttribute('aria-label'), titles: [...chart.querySelectorAll('circle title')].map((t) => t.textContent) };
  }, [kind, lang]);
  const intervals = / \([^()]+ – [^()]+\)/g;
  for (const lang of ['en', 'es', 'ru']) {
    for (const kind of ['ces', 'csat', 'nps']) {
      const { label, titles } = await read(kind, lang);
      assert.equal(titles.length, 3);
      // A point's title is "period: value (n = ...)"; the text alternative lists "period value (low – high)",
      // as its sentence says ("with its confidence interval").
      const list = titles.map((title) => title.replace(/^(.+): (.+) \(n = [^)]+\)$/, '$1 $2')).join(', ');
      assert.ok(label.replace(intervals, '').endsWith(`: ${list}`), `${kind} ${lang}: "${label}" lists "${list}"`);
      assert.equal(label.match(intervals)?.length, 3, `${kind} ${lang}: "${label}" gives each interval`);
    }
  }
  assert.match((await read('ces', 'en')).label, /^CES by period with its confidence interval: Jan 26 6\.5 \(6\.\d – [67](\.\d)?\), Feb 26 6\.5 \(/);
  assert.match((await read('ces', 'es')).label.replace(intervals, ''), / 6,5, .* 6,5, .* 6,5$/);
  assert.match((await read('csat', 'en')).label.replace(intervals, ''), / 66\.7, .* 66\.7, .* 66\.7$/);
  assert.match((await read('nps', 'en')).label.replace(intervals, ''), / 33\.3, .* 33\.3, .* 33\.3$/, 'NPS to one decimal, as its line and its points show it');
  assert.deepEqual(problems, []);
});

test('data a display widget cannot show: a short sentence in the reader\'s language, and a coded clg-error for the developer', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    document.documentElement.lang = 'es';
    const errors = [];
    document.addEventListener('clg-error', (e) => {
      e.preventDefault();
      errors.push(`${e.target.localName} ${e.detail.action} ${e.detail.code} ${e.detail.field}`);
    });
    const shown = (tag, setup) => {
      const element = document.createElement(tag);
      document.body.append(element);
      setup(element);
      return element.shadowRoot.textContent;
    };
    return {
      scorecard: shown('clg-scorecard', (el) => {
        el.setAttribute('currency', 'euro');
        el.scorecard = { period: 0, customerResults: [], company: [] };
      }),
      notAScorecard: shown('clg-scorecard', (el) => { el.scorecard = {}; }),
      goal: shown('clg-goal-progress', (el) => { el.status = {}; }),
      goalCurrent: shown('clg-goal-progress', (el) => { el.status = { metric: 'x', name: 'X', unit: 'u', method: 'selfReported', current: 'abc' }; }),
      ...Object.fromEntries(Object.entries({
        goalPercent: { progress: { percent: 'abc' } },
        goalRaw: { progress: { raw: 'abc', percent: 40 } },
        goalProgress: { progress: 'abc' },
        goalStatus: { status: 'done' },
        goalClosedValue: { status: 'missed', closedValue: 'abc' },
        goalForecast: { forecast: { elapsed: 0.5, onTrack: 'yes' } },
      }).map(([key, goal]) => [key, shown('clg-goal-progress', (el) => {
        el.status = { metric: 'm', name: 'M', unit: 'x', direction: 'higher', method: 'selfReported', current: 5, nextGoal: null, goal: { baseline: 1, target: 10, ...goal } };
      })])),
      checkIn: shown('clg-check-in', (el) => { el.metrics = [{ id: 'a', name: 'A', collection: { method: 'scaleAssessed' } }]; }),
      checkInNotList: shown('clg-check-in', (el) => { el.metrics = 'a'; }),
      host: shown('clg-prompt-host', (el) => { el.client = {}; }),
      errors,
    };
  });
  const sentence = 'No se puede mostrar en este momento: recargue la página o inténtelo más tarde.';
  for (const key of ['scorecard', 'notAScorecard', 'goal', 'goalCurrent', 'goalPercent', 'goalRaw', 'goalProgress', 'goalStatus', 'goalClosedValue', 'goalForecast', 'checkIn', 'checkInNotList']) {
    assert.equal(result[key], sentence, key);
  }
  assert.equal(result.host, '', 'the host shows nothing until a prompt is due');
  assert.deepEqual(result.errors, [
    'clg-scorecard read INVALID_VALUE currency',
    'clg-scorecard read WRONG_TYPE scorecard.period',
    'clg-goal-progress read WRONG_TYPE status.method',
    'clg-goal-progress read WRONG_TYPE status.current',
    'clg-goal-progress read WRONG_TYPE status.goal.progress.percent',
    'clg-goal-progress read WRONG_TYPE status.goal.progress.raw',
    'clg-goal-progress read WRONG_TYPE status.goal.progress',
    'clg-goal-progress read WRONG_TYPE status.goal.status',
    'clg-goal-progress read WRONG_TYPE status.goal.closedValue',
    'clg-goal-progress read WRONG_TYPE status.goal.forecast.onTrack',
    'clg-check-in read WRONG_TYPE metrics[0].collection.scale',
    'clg-check-in read WRONG_TYPE metrics',
    'clg-prompt-host show WRONG_TYPE client',
  ]);
  assert.deepEqual(problems, []);
});

test('role goals given a store or client that is not one: the unshown sentence, one WRONG_TYPE clg-error naming the property', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const result = await page.evaluate(() => {
    const errors = [];
    document.addEventListener('clg-error', (e) => errors.push({ action: e.detail.action, code: e.detail.code, field: e.detail.field, message: e.detail.error?.message }));
    const panel = document.getElementById('panel');
    const seen = (setup, element = panel) => {
      errors.length = 0;
      setup(element);
      return { text: element.shadowRoot.textContent, errors: [...errors] };
    };
    const detached = () => {
      const el = document.createElement('clg-role-goals');
      el.setAttribute('account', 'acme');
      el.setAttribute('role-id', 'sdr');
      return el;
    };
    return {
      store: seen((el) => { el.store = {}; }),
      storeString: seen((el) => { el.store = 'store'; }),
      storeBack: seen((el) => { el.store = window.store; }),
      client: seen((el) => { el.client = {}; }),
      // Half a client: it is followed by nothing, and the panel calls none of it.
      halfClient: seen((el) => { el.client = { onMetrics: () => { window.followed = true; return () => {}; }, canvas: () => ({}) }; }),
      // Given before it is on the page: reported once, when it is.
      clientThenConnected: seen((el) => { el.client = {}; document.body.append(el); }, detached()),
      spanish: seen((el) => { el.setAttribute('lang', 'es'); document.body.append(el); el.store = {}; }, detached()),
      followed: window.followed ?? false,
    };
  });
  const sentence = 'This cannot be shown right now: reload the page, or try again later.';
  const wrong = (field, what) => ({ action: 'read', code: 'WRONG_TYPE', field, message: `${field}: must be ${what}` });
  const strip = ({ errors, ...rest }) => ({ ...rest, errors: errors.map((e) => ({ ...e, message: e.message.replace(/ \(it has no .*\)$/, '') })) });
  const store = wrong('store', 'a ResultsStore from clg-metrics');
  const client = wrong('client', 'an SDK client from clg-metrics/sdk');
  assert.deepEqual(strip(result.store), { text: sentence, errors: [store] });
  assert.deepEqual(strip(result.storeString), { text: sentence, errors: [store] });
  assert.match(result.store.errors[0].message, /\(it has no canvas, model, history, setGoal, abandonGoal, recordObservation, toJSON, load method\)$/);
  assert.match(result.storeBack.text, /Sales development rep/, 'a store again: the panel, the sentence gone');
  assert.deepEqual(result.storeBack.errors, []);
  assert.deepEqual(strip(result.client), { text: sentence, errors: [client] });
  assert.match(result.client.errors[0].message, /\(it has no onMetrics, canvas, model, history, setGoal, record method\)$/);
  assert.deepEqual(strip(result.halfClient), { text: sentence, errors: [client] });
  assert.match(result.halfClient.errors[0].message, /\(it has no model, history, setGoal, record method\)$/);
  assert.equal(result.followed, false, 'a client that is not one is not followed');
  assert.deepEqual(strip(result.clientThenConnected), { text: sentence, errors: [client] });
  assert.deepEqual(strip(result.spanish), { text: 'No se puede mostrar en este momento: recargue la página o inténtelo más tarde.', errors: [store] });
  assert.doesNotMatch(warnings.join('\n'), /is not a function|no code/);
  assert.deepEqual(problems, []);
});

test('audit fixes: check-in focus and Send, a closed goal, regional number formats, currencies, data no check foresaw', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const errors = [];
    document.addEventListener('clg-error', (e) => {
      e.preventDefault();
      errors.push(`${e.target.localName} ${e.detail.code} ${e.detail.field}`);
    });
    const add = (tag, setup) => {
      const element = document.createElement(tag);
      document.body.append(element);
      setup(element);
      return element;
    };
    const scale = [1, 2, 3].map((value) => ({ value, label: `level ${value}` }));
    // Check-in: focus on the first question though the second has a chosen point.
    const checkIn = add('clg-check-in', (el) => {
      el.hidden = true;
      el.metrics = [
        { id: 'meetings', name: 'Meetings', unit: 'meetings', collection: { method: 'selfReported' } },
        { id: 'confidence', name: 'Confidence', unit: 'points', collection: { method: 'scaleAssessed', scale } },
      ];
      el.values = { confidence: 2 };
      el.hidden = false;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const focused = checkIn.shadowRoot.activeElement?.getAttribute('name');
    // Values of metrics not asked (the host passes every metric with a value) enable nothing.
    const onlyOthers = add('clg-check-in', (el) => {
      el.metrics = [{ id: 'confidence', name: 'Confidence', unit: 'points', collection: { method: 'scaleAssessed', scale } }];
      el.values = { contacts: 4 };
    });
    const sendDisabled = onlyOthers.shadowRoot.querySelector('.send').disabled;
    // A closed goal from history() (with the core's progress of its closing value) shows its status and how far it went.
    const status = { metric: 'meetings', name: 'Meetings', unit: 'meetings', method: 'selfReported', current: 13, goal: null };
    const closed = add('clg-goal-progress', (el) => {
      el.status = { ...status, goal: { baseline: 8, target: 12, start: 0, due: 1, status: 'achieved', closedAt: 1, closedValue: 13, progress: { raw: 1.25, percent: 100 } } };
    });
    const badGoal = add('clg-goal-progress', (el) => { el.status = { ...status, goal: { baseline: 8, target: 'x', status: 'active' } }; });
    // es-MX: Spanish words, Mexican numbers.
    const mexico = add('clg-goal-progress', (el) => {
      el.setAttribute('lang', 'es-MX');
      el.status = { ...status, unit: 'EUR', current: 20000.5, goal: null };
    });
    add('clg-scorecard', (el) => {
      el.setAttribute('currency', 'ABC');
      el.scorecard = { period: 0, customerResults: [], company: [] };
    });
    const lowercase = add('clg-scorecard', (el) => {
      el.setAttribute('currency', 'eur');
      el.scorecard = { period: 0, customerResults: [], company: [] };
    });
    add('clg-scorecard', (el) => { el.scorecard = { period: 0, customerResults: [], company: [{ key: 'mrr' }] }; });
    return {
      focused,
      sendDisabled,
      closed: closed.shadowRoot.textContent,
      closedWidth: closed.shadowRoot.querySelector('.fill')?.style.width,
      badGoal: badGoal.shadowRoot.textContent,
      mexico: mexico.shadowRoot.textContent,
      lowercase: lowercase.shadowRoot.querySelector('.unshown') === null,
      errors: [...new Set(errors)], // the lang change re-renders every widget
    };
  });
  assert.equal(result.focused, 'meetings', 'focus on the first question');
  assert.equal(result.sendDisabled, true);
  assert.match(result.closed, /Achieved/);
  assert.equal(result.closedWidth, '100%');
  assert.doesNotMatch(result.badGoal, /NaN/);
  assert.match(result.mexico, /Actual/);
  assert.match(result.mexico, /20,000\.5/);
  assert.equal(result.lowercase, true, 'eur is EUR');
  assert.deepEqual(result.errors, [
    'clg-goal-progress WRONG_TYPE status.goal.target',
    'clg-scorecard INVALID_VALUE currency',
    'clg-scorecard WRONG_TYPE scorecard.company[0].value',
  ]);
  assert.deepEqual(problems, []);
});

test('second widget audit: forced colours, field borders, the language of English fallback text, axis labels, a closed goal\'s value, plural forms', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { init, nps, surveyTrend } = await import('/dist/index.js');
    await import('/dist/widgets/index.js');
    await init();
    const add = (tag, setup) => {
      const element = document.createElement(tag);
      document.body.append(element);
      setup(element);
      return element;
    };
    const bg = (el) => getComputedStyle(el).backgroundColor;
    // Forced colours: the chosen answer and a progress bar's fill keep a colour of their own.
    const prompt = add('clg-nps-prompt', () => {});
    prompt.shadowRoot.querySelectorAll('.scale input')[7].click();
    const status = { metric: 'meetings', name: 'Meetings', unit: 'meetings', method: 'selfReported', current: 6 };
    const bar = add('clg-goal-progress', (el) => {
      el.status = { ...status, goal: { baseline: 5, target: 10, start: 0, due: 1, status: 'missed', closedAt: 1, closedValue: 6, progress: { raw: 0.2, percent: 20 } } };
    });
    window.forcedColours = () => {
      const fill = bar.shadowRoot.querySelector('.fill');
      const chosen = prompt.shadowRoot.querySelector('.scale input:checked + span');
      return { chosen: bg(chosen), other: bg(prompt.shadowRoot.querySelectorAll('.scale span')[6]), fill: bg(fill), track: bg(fill.parentElement) };
    };
    // A closed goal whose metric moved on: its text is its closing value.
    bar.status = { ...bar.status, current: 12 };
    const closed = { text: bar.shadowRoot.textContent, valuetext: bar.shadowRoot.querySelector('[role=progressbar]').getAttribute('aria-valuetext') };
    // Text fields: a border of 3:1 against the field.
    const rgb = (c) => c.match(/\d+/g).slice(0, 3).map(Number);
    const luminance = (c) => {
      const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const checkIn = add('clg-check-in', (el) => {
      el.setAttribute('theme', 'light');
      el.metrics = [{ id: 'hours', name: 'Hours', unit: 'hours', collection: { method: 'selfReported' } }];
    });
    const field = checkIn.shadowRoot.querySelector('input[inputmode=decimal]');
    const border = contrast(getComputedStyle(field).borderTopColor, bg(field));
    // A page in a language the widgets do not bundle: their English says it is English.
    document.documentElement.lang = 'pt-BR';
    await new Promise((r) => setTimeout(r, 50));
    const fallbackLang = prompt.shadowRoot.querySelector('[role=dialog], div, form')?.closest('[lang]')?.getAttribute('lang');
    // Plural forms, and x labels that do not run into each other, in Russian.
    const card = add('clg-scorecard', (el) => {
      el.setAttribute('lang', 'ru');
      el.periods = [{ start: '2026-06-01', end: '2026-07-01' }];
      el.trend = surveyTrend(Array.from({ length: 600 }, (_, i) => ({ kind: 'nps', score: i % 11, timestamp: Date.UTC(2026, i % 6, 10), respondent: { userId: `u${i}` } })), { period: 'month' });
      el.scorecard = { period: 0, customerResults: [], company: [{ key: 'runway', unit: 'periods', higherIsBetter: true, cadence: 'strategic', value: { value: 1, reason: null }, previous: { value: 21, reason: null }, change: { value: -20, reason: null }, target: null, status: 'noTarget', benchmark: null, withinBenchmark: null }] };
    });
    const captions = [];
    for (const n of [1, 2, 5, 21]) {
      card.nps = nps(Array.from({ length: n }, () => 10));
      captions.push(card.shadowRoot.querySelector('figure [role=img]')?.getAttribute('aria-label') ?? card.shadowRoot.querySelector('figure figcaption').textContent);
    }
    const labels = [...card.shadowRoot.querySelectorAll('svg.line text.axis')].filter((t) => t.getAttribute('text-anchor') !== 'end' || t.getAttribute('x') !== '30').map((t) => t.getBoundingClientRect());
    const overlaps = labels.slice(1).filter((b, i) => b.left < labels[i].right).length;
    return { closed, border, fallbackLang, captions, runway: card.shadowRoot.textContent.match(/\d+ (?:период|месяц)[а-я]*/g), overlaps, shown: labels.length };
  });
  await page.emulateMedia({ forcedColors: 'active' });
  const forced = await page.evaluate(() => window.forcedColours());
  assert.notEqual(forced.chosen, forced.other, 'the chosen answer stands out');
  assert.notEqual(forced.fill, forced.track, 'the fill stands out from its track');
  assert.match(result.closed.text, /At close: 6/);
  assert.doesNotMatch(result.closed.text, /12/);
  assert.equal(result.closed.valuetext, '20%: 6 of a target of 10 meetings, Missed');
  assert.ok(result.border >= 3, `field border contrast ${result.border.toFixed(2)}:1`);
  assert.equal(result.fallbackLang, 'en');
  assert.match(result.captions[0], /по 1 ответу: 1 промоутер, 0 нейтральных, 0 критиков/);
  assert.match(result.captions[1], /по 2 ответам: 2 промоутера,/);
  assert.match(result.captions[2], /по 5 ответам: 5 промоутеров,/);
  assert.match(result.captions[3], /по 21 ответу: 21 промоутер,/);
  assert.deepEqual(result.runway, ['1 месяц', '20 месяцев'], 'the value and the change (its period is a calendar month)');
  assert.equal(result.overlaps, 0, `x labels overlap (${result.shown} shown)`);
  assert.ok(result.shown >= 2);
  assert.deepEqual(problems, []);
});

test('scorecard: nps, history, periods and trend not of their shape are WRONG_TYPE naming the property, checked before anything is drawn', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { init, nps, surveyTrend } = await import('/dist/index.js');
    await import('/dist/widgets/index.js');
    await init();
    const errors = [];
    document.addEventListener('clg-error', (e) => {
      e.preventDefault();
      errors.push({ action: e.detail.action, code: e.detail.code, field: e.detail.field, message: e.detail.error.message });
    });
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    card.scorecard = { period: 0, customerResults: [], company: [] };
    const seen = (property, value) => {
      errors.length = 0;
      card[property] = value;
      const shown = { text: card.shadowRoot.textContent, errors: [...errors] };
      card[property] = null;
      return shown;
    };
    const answers = Array.from({ length: 60 }, (_, i) => ({ kind: 'nps', score: i % 11, timestamp: Date.UTC(2026, i % 2, 10), respondent: { userId: `u${i}` } }));
    return {
      npsObject: seen('nps', {}),
      npsString: seen('nps', 'x'),
      history: seen('history', 'x'),
      historyItem: seen('history', [{}]),
      periods: seen('periods', {}),
      trend: seen('trend', 'x'),
      trendGroup: seen('trend', { kind: 'nps', scale: 10, groups: [{}] }),
      valid: seen('nps', nps([10, 9, 3])),
      validTrend: seen('trend', surveyTrend(answers, { period: 'month' })),
    };
  });
  const sentence = 'This cannot be shown right now: reload the page, or try again later.';
  const wrong = (field, what) => ({ text: sentence, errors: [{ action: 'read', code: 'WRONG_TYPE', field, message: `${field}: must be ${what}` }] });
  assert.deepEqual(result.npsObject, wrong('nps.score', 'a number from -100 to 100 (an nps() result)'));
  assert.deepEqual(result.npsString, wrong('nps', 'an nps() result'));
  assert.deepEqual(result.history, wrong('history', 'an array of CompanyData.scorecard() results'));
  assert.deepEqual(result.historyItem, wrong('history[0].period', 'a period index, a whole number from 0 (a CompanyData.scorecard() result)'));
  assert.deepEqual(result.periods, wrong('periods', 'an array of { start, end } dates (CompanyRecords.periods)'));
  assert.deepEqual(result.trend, wrong('trend', 'a surveyTrend() result'));
  assert.deepEqual(result.trendGroup, wrong('trend.groups[0].period', 'a period label (a surveyTrend() result with a period)'));
  assert.match(result.valid.text, /NPS 33\.3 in period 1/);
  assert.deepEqual(result.valid.errors, []);
  assert.match(result.validTrend.text, /NPS by period/);
  assert.deepEqual(result.validTrend.errors, []);
  assert.deepEqual(problems, [], 'nothing drawn with NaN');
});

test('check-in without metrics: no empty form; shown, one WRONG_TYPE clg-error naming metrics', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const errors = [];
    document.addEventListener('clg-error', (e) => {
      e.preventDefault();
      errors.push(`${e.target.id} ${e.detail.action} ${e.detail.code} ${e.detail.field} ${e.detail.error.message}`);
    });
    const add = (id, hidden) => {
      const element = document.createElement('clg-check-in');
      element.id = id;
      element.hidden = hidden;
      document.body.append(element);
      return element;
    };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
    const bare = add('bare', false);
    const hidden = add('hidden', true);
    // Metrics set right after it joins the page are not missing.
    add('later', false).metrics = [{ id: 'hours', name: 'Hours', unit: 'hours', collection: { method: 'selfReported' } }];
    await tick();
    const before = [...errors];
    hidden.hidden = false;
    await tick();
    return {
      before,
      after: errors.slice(before.length),
      bare: { text: bare.shadowRoot.textContent, form: bare.shadowRoot.querySelector('form') !== null },
      later: document.getElementById('later').shadowRoot.querySelector('input[inputmode=decimal]') !== null,
    };
  });
  const missing = 'read WRONG_TYPE metrics metrics: must be set to an array of metric definitions';
  assert.deepEqual(result.before, [`bare ${missing}`]);
  assert.deepEqual(result.after, [`hidden ${missing}`], 'a hidden check-in is reported once shown');
  assert.deepEqual(result.bare, { text: '', form: false });
  assert.equal(result.later, true);
  assert.deepEqual(problems, []);
});

test('survey prompts given a client that is not one: WRONG_TYPE naming client when set, the unshown sentence, ask() refused with it', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const result = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const errors = [];
    document.addEventListener('clg-error', (e) => errors.push(`${e.target.localName} ${e.detail.action} ${e.detail.code} ${e.detail.field}`));
    const results = {};
    for (const tag of ['clg-nps-prompt', 'clg-ces-prompt', 'clg-csat-prompt']) {
      const prompt = document.createElement(tag);
      document.body.append(prompt);
      prompt.client = {};
      const asked = await prompt.ask().then(() => 'shown', (error) => `${error.code} ${error.field} ${error.message}`);
      results[tag] = { text: prompt.shadowRoot.textContent, asked };
    }
    return { results, errors };
  });
  const sentence = 'This cannot be shown right now: reload the page, or try again later.';
  for (const tag of ['clg-nps-prompt', 'clg-ces-prompt', 'clg-csat-prompt']) {
    assert.equal(result.results[tag].text, sentence, tag);
    assert.equal(result.results[tag].asked, 'WRONG_TYPE client client: must be an SDK client from clg-metrics/sdk (it has no shouldAskSurvey, surveyShown, submitSurvey, dismissSurvey method)');
  }
  assert.deepEqual(result.errors, ['clg-nps-prompt read WRONG_TYPE client', 'clg-ces-prompt read WRONG_TYPE client', 'clg-csat-prompt read WRONG_TYPE client']);
  assert.doesNotMatch(warnings.join('\n'), /is not a function|no code/);
  assert.deepEqual(problems, []);
});

test('a partly registered language: English given for its missing messages carries lang="en", its own messages its lang', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    registerLocale('de', { 'survey.submit': 'Senden', 'checkIn.title': 'Check-in' });
    document.documentElement.lang = 'de';
    const prompt = document.createElement('clg-nps-prompt');
    prompt.setAttribute('company', 'Acme');
    document.body.append(prompt);
    const checkIn = document.createElement('clg-check-in');
    checkIn.metrics = [{ id: 'hours', name: 'Hours', unit: 'hours', collection: { method: 'selfReported' } }];
    document.body.append(checkIn);
    const langOf = (element, selector) => element.shadowRoot.querySelector(selector).closest('[lang]').getAttribute('lang');
    return {
      send: langOf(prompt, '.send'),
      question: langOf(prompt, '.question'),
      later: langOf(prompt, '.later'),
      score: langOf(prompt, '.scale input'),
      close: langOf(prompt, '.close'),
      checkInTitle: langOf(checkIn, 'h2'),
      checkInIntro: langOf(checkIn, '.intro'),
      checkInSend: langOf(checkIn, '.send'),
    };
  });
  assert.deepEqual(result, { send: 'de', question: 'en', later: 'en', score: 'en', close: 'en', checkInTitle: 'de', checkInIntro: 'en', checkInSend: 'de' });
  assert.deepEqual(problems, []);
});

test('scorecard: a sparkline over numbers near the limits of a double draws every mark inside the chart, and the browser meets no number it cannot draw', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const outside = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const line = (value, extra) => ({ key: 'mrr', role: null, unit: 'currency', higherIsBetter: true, cadence: 'operational', value: { value, reason: null },
      previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: null, reason: 'NOT_GIVEN' }, target: null, status: 'noTarget', benchmark: null, withinBenchmark: null, ...extra });
    const cases = {
      'both ends': [[-1e308, 5, 1.7976931348623157e308], {}],
      'one end': [[100, -1e308, 120], {}],
      'all alike and huge': [[1e300, 1e300, 1e300], {}],
      'tiny steps': [[1e-300, 2e-300, 3e-300], {}],
      'marks at the ends': [[150, 200, 120], { target: -1.7976931348623157e308, benchmark: { low: null, high: 1.7976931348623157e308 } }],
      'band at the ends': [[-1e308, 0, 1e308], { target: 1e308, benchmark: { low: -1.7976931348623157e308, high: null } }],
    };
    const problems = [];
    for (const [name, [values, extra]] of Object.entries(cases)) {
      const card = document.createElement('clg-scorecard');
      document.body.append(card);
      card.history = values.map((value, period) => ({ period, customerResults: [], company: [line(value, extra)] }));
      card.scorecard = card.history.at(-1);
      const spark = card.shadowRoot.querySelector('svg.spark');
      if (!spark) problems.push(`${name}: no sparkline`);
      for (const node of spark?.querySelectorAll('path, line, rect') ?? []) {
        const numbers = (node.getAttribute('d') ?? '').split(/[MLlZ,]/).filter(Boolean).map(Number);
        for (const attribute of ['x1', 'x2', 'y1', 'y2', 'x', 'y', 'width', 'height']) if (node.hasAttribute(attribute)) numbers.push(Number(node.getAttribute(attribute)));
        if (numbers.some((n) => !(Number.isFinite(n) && n >= -4 && n <= 128))) problems.push(`${name}: <${node.localName} class="${node.getAttribute('class')}"> ${node.outerHTML}`);
      }
      card.remove();
    }
    return problems;
  });
  assert.deepEqual(outside, []);
  assert.deepEqual(problems, [], 'no console error (Expected number, ...)');
});

test('third widget review: isolated sparkline points, no "-0", one minus sign, reasons in words, a key only for marks drawn, an exact bound, no empty check-in', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const { metricFormat } = await import('/dist/widgets/metric-format.js');
    const errors = [];
    document.addEventListener('clg-error', (e) => {
      e.preventDefault();
      errors.push(`${e.target.id} ${e.detail.code} ${e.detail.field}`);
    });
    const line = (key, value, extra = {}) => ({
      key, role: null, unit: 'percent', higherIsBetter: true, cadence: 'operational',
      value: { value, reason: null }, previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: null, reason: 'NOT_GIVEN' },
      target: null, status: 'noTarget', benchmark: null, withinBenchmark: null, ...extra,
    });
    const missing = (key, reason) => line(key, null, { status: 'notAvailable', value: { value: null, reason } });
    const mrr = [null, 5, null, 6, null, 7, 8];
    const scorecardOf = (period) => ({
      period, caveat: '',
      customerResults: [],
      company: [
        line('mrr', mrr[period], { unit: 'currency', change: { value: -12.5, reason: null } }),
        line('nrr', -0.00001),
        missing('clv', 'NO_CHURN'), missing('nps', 'NOT_GIVEN'), missing('csat', 'NO_RESPONSES'), missing('cac', 'NO_NEW_ACCOUNTS'), missing('arpu', 'NO_SEATS'),
      ],
    });
    const card = document.createElement('clg-scorecard');
    card.id = 'card';
    document.body.append(card);
    card.history = mrr.map((_, period) => scorecardOf(period));
    card.scorecard = card.history[6];
    const root = card.shadowRoot;
    const cardOf = (name) => [...root.querySelectorAll('li.kpi')].find((l) => l.querySelector('.name').textContent === name);
    const mrrCard = cardOf('MRR');
    const reasons = Object.fromEntries(['Customer lifetime value (CLV)', 'NPS', 'CSAT', 'Customer acquisition cost (CAC)', 'ARPU']
      .map((name) => [name, cardOf(name)?.querySelector('.reason')?.textContent]));

    const progress = document.createElement('clg-goal-progress');
    document.body.append(progress);
    progress.status = { metric: 'share', name: 'Share', unit: '%', direction: 'higher', method: 'selfReported', current: -0.00001, goal: null };

    const empty = document.createElement('clg-check-in');
    empty.id = 'empty';
    document.body.append(empty);
    empty.metrics = [];
    empty.update();
    const unasked = document.createElement('clg-check-in');
    unasked.id = 'unasked';
    document.body.append(unasked);
    unasked.metrics = [{ id: 'revenue', name: 'Revenue', unit: 'USD', collection: { method: 'integration' } }];
    await new Promise((resolve) => setTimeout(resolve, 20));
    return {
      points: mrrCard.querySelector('svg.spark path.point')?.getAttribute('d'),
      change: mrrCard.querySelector('.facts')?.textContent,
      nrr: cardOf('Net revenue retention (NRR)')?.querySelector('.value').textContent,
      key: root.querySelector('.key'),
      reasons,
      current: progress.shadowRoot.querySelector('.now b')?.textContent,
      bound: metricFormat('en', { unit: '%', direction: 'higher' }, null).exactWithUnit(12.345),
      checkIns: [empty.shadowRoot.childNodes.length, unasked.shadowRoot.childNodes.length],
      errors,
    };
  });
  // Values 5 and 6 have no known neighbour: each is a dot of its own (x of periods 1 and 3 of 0..6).
  assert.equal(result.points, 'M20.0,30.9l0,0M60.0,22.3l0,0');
  assert.match(result.change, /Change-\$13/, 'the change\'s minus is the hyphen Intl writes in English, as in "-$12"');
  assert.equal(result.nrr, '0%', 'no "-0%"');
  assert.equal(result.key, null, 'no line draws a target or benchmark: no key');
  assert.deepEqual(result.reasons, {
    'Customer lifetime value (CLV)': 'No account churned in this period, so there is no lifetime to estimate.',
    NPS: 'The data for this was not provided for this period.',
    CSAT: 'Not enough data in this period to compute this.',
    'Customer acquisition cost (CAC)': 'Not enough data in this period to compute this.',
    ARPU: 'What this is divided by is zero in this period.',
  });
  assert.equal(result.current, '-0.00001%', 'no "-0%": a value below 1 shows two significant digits');
  assert.equal(result.bound, '12.345%', 'the bound a typed target is refused against, unrounded');
  assert.deepEqual(result.checkIns, [0, 0], 'a check-in with nothing to ask shows nothing');
  assert.deepEqual(result.errors, ['empty WRONG_TYPE metrics', 'unasked WRONG_TYPE metrics'], 'each reported once');
  assert.deepEqual(problems, []);
});

test('a long word (200 letters, a German compound) or a number of 309 digits wraps inside every widget: no sideways scrolling at 375 px', async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { init, ResultsStore } = await import('/dist/index.js');
    await import('/dist/widgets/index.js');
    await init();
    const clear = [];
    const widthWith = (tag, setup) => {
      const element = document.createElement(tag);
      setup(element);
      document.body.append(element);
      const width = document.documentElement.scrollWidth;
      // A prompt's question stays clear of its close button.
      const question = element.shadowRoot.querySelector('.question');
      if (question) clear.push(question.getBoundingClientRect().right <= element.shadowRoot.querySelector('.close').getBoundingClientRect().left);
      element.remove();
      return width;
    };
    const line = (key, unit, extra = {}) => ({ key, role: null, roleName: null, unit, higherIsBetter: true, cadence: 'operational', value: { value: 12, reason: null },
      previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: 1, reason: null }, target: null, status: 'noTarget', benchmark: null, withinBenchmark: null, ...extra });
    const widths = {};
    for (const [name, word] of Object.entries({ x: 'X'.repeat(200), compound: 'Kundenzufriedenheitsbewertungsdurchschnittswert' })) {
      const results = ['averageGain', 'measuresInPlace', 'measurableGain', 'goalAchieved'].map((k) => line(`results.${word}.${k}`, 'percent', { role: word, roleName: word }));
      widths[`scorecard ${name}`] = widthWith('clg-scorecard', (el) => { el.scorecard = { period: 0, customerResults: results, company: [line(word, 'count')] }; });
      const status = { metric: 'm', name: word, unit: word, method: 'selfReported', current: 6,
        goal: { baseline: 5, target: 10, start: 0, due: 1, status: 'active', closedAt: null, closedValue: null, progress: { raw: 0.2, percent: 20 }, forecast: null } };
      widths[`goal progress ${name}`] = widthWith('clg-goal-progress', (el) => { el.status = status; });
      widths[`goal progress ring ${name}`] = widthWith('clg-goal-progress', (el) => { el.setAttribute('variant', 'ring'); el.status = status; });
      const scale = [{ value: 1, label: word }, { value: 2, label: 'Two' }];
      const store = new ResultsStore();
      store.defineModel({ roles: [{ id: 'sdr', name: word, maturity: [{ name: word, improvement: { type: 'percent', amount: 10 } }], metrics: [
        { id: 'long', name: word, kind: 'value', unit: word, direction: 'higher', dataSource: word, collection: { method: 'selfReported' } },
        { id: 'scale', name: 'Scale', kind: 'value', unit: 'points', direction: 'higher', collection: { method: 'scaleAssessed', scale } },
      ] }] });
      store.upsertAccount({ id: 'a', roles: [{ role: 'sdr', maturity: 1 }] });
      store.recordObservation({ account: 'a', role: 'sdr', metric: 'long', value: 123456789, method: 'selfReported', at: Date.now() });
      widths[`role goals ${name}`] = widthWith('clg-role-goals', (el) => { el.setAttribute('account', 'a'); el.setAttribute('role-id', 'sdr'); el.store = store; });
      widths[`check-in ${name}`] = widthWith('clg-check-in', (el) => {
        el.metrics = [{ id: 'long', name: word, unit: word, collection: { method: 'selfReported' } }, { id: 'scale', name: word, unit: 'points', collection: { method: 'scaleAssessed', scale } }];
      });
      widths[`survey company ${name}`] = widthWith('clg-nps-prompt', (el) => el.setAttribute('company', word));
      widths[`survey question ${name}`] = widthWith('clg-csat-prompt', (el) => { el.setAttribute('question', word); el.setAttribute('follow-up', word); });
    }
    // Numbers as large as a double holds (a target of 1e308, which the core accepts): 309 digits
    // each in the facts, and a sparkline over them, all inside the card.
    const huge = (period, value) => ({ period, customerResults: [], company: [line('mrr', 'currency', {
      value: { value, reason: null }, target: 1e308, change: { value: -1e307, reason: null }, benchmark: { low: 1e307, high: null }, status: 'offTrack' })] });
    widths['scorecard huge numbers'] = widthWith('clg-scorecard', (el) => {
      el.history = [huge(0, 200), huge(1, 220), huge(2, 150)];
      el.scorecard = huge(2, 150);
    });
    return { widths, clear };
  });
  assert.equal(Object.keys(result.widths).length, 15);
  assert.deepEqual(Object.entries(result.widths).filter(([, width]) => width > 375).map(([widget, width]) => `${widget}: the page is ${width}px wide`), []);
  assert.deepEqual(result.clear, [true, true, true, true], 'the question ends left of the close button');
  assert.deepEqual(problems, []);
});

test('right-to-left: the scorecard\'s charts keep their layout (y-axis numbers left of the plot, x labels inside the chart)', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { init, surveyTrend } = await import('/dist/index.js');
    const { registerLocale } = await import('/dist/widgets/index.js');
    await init();
    registerLocale('he', { 'scorecard.surveys': 'סקרים', 'scorecard.target': 'יעד' });
    document.documentElement.lang = 'he';
    document.documentElement.dir = 'rtl';
    const card = document.createElement('clg-scorecard');
    card.scorecard = { period: 0, customerResults: [], company: [] };
    card.trend = surveyTrend(Array.from({ length: 600 }, (_, i) => ({ kind: 'nps', score: i % 11, timestamp: Date.UTC(2026, i % 6, 10), respondent: { userId: `u${i}` } })), { period: 'month' });
    document.body.append(card);
    const chart = card.shadowRoot.querySelector('svg.line');
    const plotLeft = chart.querySelector('line.grid').getBoundingClientRect().left;
    const box = chart.getBoundingClientRect();
    const axis = [...chart.querySelectorAll('text.axis')];
    // The y axis's numbers end at x = 30, 4 units left of the plot; the x labels sit below it.
    const isY = (t) => t.getAttribute('text-anchor') === 'end' && t.getAttribute('x') === '30';
    const y = axis.filter(isY).map((t) => t.getBoundingClientRect());
    const x = axis.filter((t) => !isY(t)).map((t) => t.getBoundingClientRect());
    return {
      direction: getComputedStyle(chart).direction,
      yInside: y.filter((r) => r.right > plotLeft + 1).length,
      y: y.length,
      xOutside: x.filter((r) => r.left < box.left - 1 || r.right > box.right + 1).length,
      x: x.length,
    };
  });
  assert.equal(result.y, 3);
  assert.equal(result.yInside, 0, 'no y-axis number is drawn inside the plot');
  assert.ok(result.x >= 2);
  assert.equal(result.xOutside, 0, 'no x label leaves the chart');
  assert.equal(result.direction, 'ltr');
  assert.deepEqual(problems, []);
});

test('right-to-left: a value with its unit and the model\'s own names are isolated (FSI ... PDI), so "20 contacts" keeps its order', async () => {
  // A review of the widgets in Hebrew: "20 contacts" read "contacts 20", "SDR (EMEA)." had its punctuation moved.
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const seen = await page.evaluate(async () => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    // Partly registered, as an app would: the rest of their messages is English.
    registerLocale('he', { 'goal.target': 'יעד' });
    registerLocale('ar', { 'goal.target': 'الهدف' });
    const card = (lang) => {
      const el = document.createElement('clg-goal-progress');
      el.setAttribute('lang', lang);
      document.body.append(el);
      el.status = { metric: 'contacts', name: 'Contacts (EMEA).', unit: 'contacts', method: 'selfReported', direction: 'higher', current: 20,
        goal: { baseline: 10, target: 30, start: 0, due: Date.now() + 86_400_000, status: 'active', closedAt: null, closedValue: null, progress: { raw: 0.5, percent: 50 }, forecast: null } };
      const out = [el.shadowRoot.querySelector('.name').textContent, el.shadowRoot.querySelector('.numbers').textContent];
      el.remove();
      return out;
    };
    return { he: card('he'), ar: card('ar'), en: card('en') };
  });
  assert.deepEqual(seen.he, ['\u2068Contacts (EMEA).\u2069', 'Baseline: 10Current: 20יעד: \u206830 contacts\u2069']);
  assert.equal(seen.ar[0], '\u2068Contacts (EMEA).\u2069');
  assert.deepEqual(seen.en, ['Contacts (EMEA).', 'Baseline: 10Current: 20Target: 30 contacts'], 'left to right: as it is');
  assert.deepEqual(problems, []);
});

test('right-to-left: English given for missing messages carries dir="ltr" beside lang="en" (its punctuation stays in place)', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    const read = (element, selector) => {
      const node = element.shadowRoot.querySelector(selector);
      return `${node.closest('[lang]').getAttribute('lang')} ${node.closest('[dir]')?.getAttribute('dir') ?? 'none'} ${getComputedStyle(node).direction}`;
    };
    const add = (tag, setup = () => {}) => {
      const element = document.createElement(tag);
      setup(element);
      document.body.append(element);
      return element;
    };
    const metrics = [{ id: 'hours', name: 'Hours', unit: 'hours', collection: { method: 'selfReported' } }];
    // Hebrew with a few messages of its own: the rest is English, in a right-to-left page.
    registerLocale('he', { 'survey.submit': 'שלח', 'checkIn.title': 'עדכון' });
    document.documentElement.lang = 'he';
    document.documentElement.dir = 'rtl';
    let prompt = add('clg-nps-prompt', (el) => el.setAttribute('company', 'Acme'));
    const checkIn = add('clg-check-in', (el) => { el.metrics = metrics; });
    const he = { question: read(prompt, '.question'), send: read(prompt, '.send'), later: read(prompt, '.later'), title: read(checkIn, 'h2'), intro: read(checkIn, '.intro') };
    prompt.remove();
    checkIn.remove();
    // Arabic without messages: the whole widget is English, laid out left to right.
    document.documentElement.lang = 'ar';
    prompt = add('clg-nps-prompt', (el) => el.setAttribute('company', 'Acme'));
    const ar = { panel: read(prompt, '.panel'), question: read(prompt, '.question') };
    prompt.remove();
    // An English page: left to right, as before.
    document.documentElement.lang = 'en';
    document.documentElement.dir = 'ltr';
    prompt = add('clg-nps-prompt', (el) => el.setAttribute('company', 'Acme'));
    const en = { question: read(prompt, '.question') };
    return { he, ar, en };
  });
  assert.deepEqual(result.he, { question: 'en ltr ltr', send: 'he none rtl', later: 'en ltr ltr', title: 'he none rtl', intro: 'en ltr ltr' });
  assert.deepEqual(result.ar, { panel: 'en ltr ltr', question: 'en ltr ltr' });
  assert.deepEqual(result.en, { question: 'en ltr ltr' });
  assert.deepEqual(problems, []);
});

test('right-to-left: the scorecard\'s signs stay before their numbers ("+0.2 pp", "-$61,430"), not after them', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    registerLocale('he', { 'scorecard.change': 'שינוי', 'scorecard.target': 'יעד' });
    document.documentElement.lang = 'he';
    document.documentElement.dir = 'rtl';
    const line = (key, unit, change) => ({ key, role: null, roleName: null, unit, higherIsBetter: true, cadence: 'operational', value: { value: 50, reason: null },
      previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: change, reason: null }, target: 60, status: 'offTrack', benchmark: null, withinBenchmark: null });
    const card = document.createElement('clg-scorecard');
    card.scorecard = { period: 0, customerResults: [], company: [line('nrr', 'percent', 0.2), line('netBurn', 'currency', -61430)] };
    document.body.append(card);
    // Where the sign is drawn against the first digit after it.
    return [...card.shadowRoot.querySelectorAll('.kpi')].map((kpi) => {
      const dd = kpi.querySelectorAll('dd')[1];
      const text = dd.firstChild;
      const box = (i) => { const range = document.createRange(); range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect(); };
      const sign = text.data.search(/[+\-−]/);
      const digit = text.data.search(/\d/);
      return `${text.data.replace(/[\u200e\u200f]/g, '')}: sign ${box(sign).right <= box(digit).left + 0.5 ? 'before' : 'after'} the number`;
    });
  });
  assert.deepEqual(result.map((s) => s.replace(/\s/g, ' ')), ['+0.2 pp: sign before the number', '-61,430 $: sign before the number']);
  assert.deepEqual(problems, []);
});

test('right-to-left: start and end sides follow the page (status stripe, swatch gaps, the × and its room, list indent, the floating host)', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { init, nps, ResultsStore } = await import('/dist/index.js');
    const { registerLocale } = await import('/dist/widgets/index.js');
    await init();
    registerLocale('he', { 'scorecard.target': 'יעד', 'scorecard.benchmark': 'מדד ייחוס', 'nps.detractors': 'מלעיזים', 'nps.passives': 'פסיביים', 'nps.promoters': 'ממליצים', 'survey.submit': 'שלח' });
    document.documentElement.lang = 'he';
    document.documentElement.dir = 'rtl';
    const add = (tag, setup) => {
      const element = document.createElement(tag);
      setup(element);
      document.body.append(element);
      return element;
    };
    const px = (value) => Math.round(parseFloat(value));
    const sides = (style, property) => `${px(style[`${property}Left`])}/${px(style[`${property}Right`])}`;
    const line = (key) => ({ key, role: null, roleName: null, unit: 'count', higherIsBetter: true, cadence: 'operational', value: { value: 5, reason: null },
      previous: { value: 4, reason: null }, change: { value: 1, reason: null }, target: 6, status: 'offTrack', benchmark: { low: 4, high: 7 }, withinBenchmark: true });
    const history = [0, 1].map((period) => ({ period, customerResults: [], company: [line('dau')] }));
    const card = add('clg-scorecard', (el) => { el.history = history; el.scorecard = history[1]; el.nps = nps([10, 9, 3]); });
    const kpi = getComputedStyle(card.shadowRoot.querySelector('.kpi'));
    const swatch = getComputedStyle(card.shadowRoot.querySelector('.legend li'), '::before');
    const key = getComputedStyle(card.shadowRoot.querySelector('.key .benchmark'), '::before');
    // A prompt in Hebrew whose question is English: the × at the panel's left, the question clear of it.
    const prompt = add('clg-nps-prompt', (el) => el.setAttribute('company', 'Acme'));
    const panel = prompt.shadowRoot.querySelector('.panel').getBoundingClientRect();
    const close = prompt.shadowRoot.querySelector('.close').getBoundingClientRect();
    const question = prompt.shadowRoot.querySelector('.question').getBoundingClientRect();
    // A goal given up: its history is a list, indented at its start.
    const store = new ResultsStore();
    store.defineModel({ roles: [{ id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 10 } }], metrics: [
      { id: 'm', name: 'Meetings', kind: 'value', unit: 'meetings', direction: 'higher', collection: { method: 'selfReported' } }] }] });
    store.upsertAccount({ id: 'a', roles: [{ role: 'sdr', maturity: 1 }] });
    const ref = { account: 'a', role: 'sdr', metric: 'm' };
    store.recordObservation({ ...ref, value: 5, method: 'selfReported', at: Date.now() - 2000 });
    store.setGoal({ ...ref, target: 8, start: Date.now() - 1000 });
    store.abandonGoal({ ...ref, at: Date.now() });
    const panelOfGoals = add('clg-role-goals', (el) => { el.setAttribute('account', 'a'); el.setAttribute('role-id', 'sdr'); el.store = store; });
    const list = getComputedStyle(panelOfGoals.shadowRoot.querySelector('details ol'));
    // The floating prompt host: at the page's end corner.
    const host = add('clg-prompt-host', () => {}).getBoundingClientRect();
    return {
      stripe: sides(kpi, 'border') + ' (border left/right)',
      swatch: sides(swatch, 'margin') + ' (swatch margin left/right)',
      key: sides(key, 'margin') + ' (key margin left/right)',
      close: `× ${close.left - panel.left < 16 ? 'at the left' : 'at the right'}, question ${question.left >= close.right || question.right <= close.left ? 'clear of it' : 'under it'}`,
      list: sides(list, 'padding') + ' (list padding left/right)',
      host: `host ${Math.round(host.left)}px from the left, ${Math.round(window.innerWidth - host.right)}px from the right`,
    };
  });
  assert.deepEqual(result, {
    stripe: '1/4 (border left/right)',
    swatch: '4/0 (swatch margin left/right)',
    key: '4/0 (key margin left/right)',
    close: '× at the left, question clear of it',
    list: '0/19 (list padding left/right)',
    host: `host 16px from the left, ${1280 - 16 - 544}px from the right`,
  });
  assert.deepEqual(problems, []);
});

test('forced colours: the scorecard\'s colour keys stay visible, its SVG tracks keep their shape (no outline), a goal\'s HTML track keeps its outline', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.emulateMedia({ forcedColors: 'active' });
  const result = await page.evaluate(async () => {
    const { init, nps } = await import('/dist/index.js');
    await import('/dist/widgets/index.js');
    await init();
    const line = (key, role) => ({ key, role, roleName: role, unit: 'percent', higherIsBetter: true, cadence: 'operational', value: { value: 40, reason: null },
      previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: null, reason: 'NOT_GIVEN' }, target: null, status: 'noTarget', benchmark: { low: 30, high: 60 }, withinBenchmark: true });
    const results = ['measurableGain', 'goalAchieved'].map((k) => line(`results.sdr.${k}`, 'sdr'));
    const history = [0, 1].map((period) => ({ period, customerResults: results, company: [] }));
    const card = document.createElement('clg-scorecard');
    card.history = history;
    card.scorecard = history[1];
    card.nps = nps([10, 9, 7, 3]);
    document.body.append(card);
    const goal = document.createElement('clg-goal-progress');
    goal.status = { metric: 'm', name: 'Meetings', unit: 'meetings', method: 'selfReported', current: 6,
      goal: { baseline: 5, target: 10, start: 0, due: 1, status: 'active', closedAt: null, closedValue: null, progress: { raw: 0.2, percent: 20 }, forecast: null } };
    document.body.append(goal);
    const root = card.shadowRoot;
    // A key is seen when its colour is not the card's (Canvas, under forced colours).
    const canvas = getComputedStyle(root.querySelector('section')).backgroundColor;
    const key = (element) => {
      const style = getComputedStyle(element, '::before');
      return `${style.forcedColorAdjust} ${style.backgroundColor === canvas ? 'unseen' : 'seen'}`;
    };
    return {
      swatches: [...root.querySelectorAll('.legend li')].map(key),
      benchmark: key(root.querySelector('.key .benchmark')),
      ringTrack: getComputedStyle(root.querySelector('.ring .track')).outlineStyle,
      barTrack: getComputedStyle(root.querySelector('.hbars .track')).outlineStyle,
      goalTrack: getComputedStyle(goal.shadowRoot.querySelector('.track')).outlineStyle,
    };
  });
  assert.deepEqual(result, {
    swatches: ['none seen', 'none seen', 'none seen'],
    benchmark: 'none seen',
    ringTrack: 'none',
    barTrack: 'none',
    goalTrack: 'solid',
  });
  assert.deepEqual(problems, []);
});

test('a language change keeps what the person typed and did not send; focus goes back to a control its panel drew again while a prompt was open', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/roles.html`);
  await page.waitForSelector('html[data-ready]');
  const panel = page.locator('#panel');
  await panel.getByLabel('Current value (meetings)').fill('10');
  await page.keyboard.press('Enter');
  const target = panel.getByLabel('Target (meetings)');
  assert.equal(await target.inputValue(), '12', 'the suggested target');
  await target.fill('999');
  await page.evaluate(() => { document.documentElement.lang = 'es'; });
  await panel.getByLabel('Objetivo (reuniones)').or(panel.locator('input[name=target]')).first().waitFor();
  assert.equal(await panel.locator('input[name=target]').inputValue(), '999', 'typed, not sent: kept through the language change');
  await page.evaluate(() => { document.documentElement.lang = 'en'; });

  // A prompt opened from the panel's "Set goal" button; the panel redraws while it is open.
  await panel.getByRole('button', { name: 'Set goal' }).focus();
  const back = await page.evaluate(async () => {
    const prompt = document.createElement('clg-nps-prompt');
    prompt.hidden = true;
    document.body.append(prompt);
    prompt.hidden = false;
    await new Promise((resolve) => setTimeout(resolve, 50));
    document.getElementById('panel').refresh();
    prompt.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const active = document.activeElement;
    return `${active.id} ${active.shadowRoot?.activeElement?.dataset.focusKey ?? ''} ${active.shadowRoot?.activeElement?.isConnected}`;
  });
  assert.equal(back, 'panel meetings-set true', 'the "Set goal" button drawn again has the focus');
  assert.deepEqual(problems, []);
});

test('a model unit takes the plural form of the number beside it (model.unit.<unit>.one/.few/.many/.other), else model.unit.<unit>, else the model\'s unit', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    const { metricFormat } = await import('/dist/widgets/metric-format.js');
    registerLocale('en', { 'model.unit.visitors.one': 'visitor' });
    registerLocale('ru', {
      'model.unit.visitors': 'посетителей', 'model.unit.visitors.one': 'посетитель', 'model.unit.visitors.few': 'посетителя',
      'model.unit.visitors.many': 'посетителей', 'model.unit.visitors.other': 'посетителя',
    });
    registerLocale('es', { 'model.unit.leads': 'clientes potenciales', 'model.unit.visitors.one': 'visitante', 'model.unit.visitors.other': 'visitantes' });
    const visitors = (lang) => metricFormat(lang, { unit: 'visitors', direction: 'higher' }, null);
    const leads = (lang) => metricFormat(lang, { unit: 'leads', direction: 'higher' }, null);
    // A value without a goal ("Current: 1 visitor"), and a goal ("Target: 2 visitors").
    const status = { metric: 'identified', name: 'Visitors identified', unit: 'visitors', direction: 'higher', method: 'selfReported', current: 1, goal: null };
    const [now, goal] = [status, { ...status, goal: { baseline: 0, target: 2, start: 0, due: 1, status: 'active', closedAt: null, closedValue: null, progress: { raw: 0.5, percent: 50 }, forecast: null } }]
      .map((s) => Object.assign(document.body.appendChild(document.createElement('clg-goal-progress')), { status: s }));
    const read = () => ({ current: now.shadowRoot.querySelector('.now b')?.textContent, text: goal.shadowRoot.textContent });
    const en = read();
    for (const el of [now, goal]) el.setAttribute('lang', 'ru');
    const ru = read();
    return {
      en: [1, 2, 1.5, 1.004].map(visitors('en').withUnit),
      ru: [1, 2, 5, 21, 1.5].map(visitors('ru').withUnit),
      es: [1, 2].map(visitors('es').withUnit),
      exact: [visitors('ru').exactWithUnit(1), visitors('ru').exactWithUnit(1.000001)],
      fields: [visitors('en').fieldUnit, visitors('ru').fieldUnit, visitors('es').fieldUnit],
      fallback: [leads('es').withUnit(1), leads('es').fieldUnit, leads('en').withUnit(1)],
      widget: { enCurrent: en.current, enTarget: /Target:\s*2 visitors/.test(en.text), ruCurrent: ru.current, ruTarget: /Цель:\s*2 посетителя/.test(ru.text) },
    };
  });
  assert.deepEqual(result, {
    // Two decimals shown for this unit: 1.004 reads "1", so "visitor".
    en: ['1 visitor', '2 visitors', '1.5 visitors', '1 visitor'],
    ru: ['1 посетитель', '2 посетителя', '5 посетителей', '21 посетитель', '1,5 посетителя'],
    es: ['1 visitante', '2 visitantes'],
    exact: ['1 посетитель', '1,000001 посетителя'],
    // A field's label names the unit on its own: model.unit.<unit>, else its .other form, else the model's unit.
    fields: ['visitors', 'посетителей', 'visitantes'],
    fallback: ['1 clientes potenciales', 'clientes potenciales', '1 leads'],
    widget: { enCurrent: '1 visitor', enTarget: true, ruCurrent: '1 посетитель', ruTarget: true },
  });
  assert.deepEqual(problems, []);
});

/** A scorecard line for the tests below. */
const scorecardLine = (key, unit, value, extra = {}) => ({
  key, role: null, unit, higherIsBetter: true, cadence: 'operational', value: { value, reason: null },
  previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: null, reason: 'NOT_GIVEN' },
  target: null, status: 'noTarget', benchmark: null, withinBenchmark: null, ...extra,
});

test('scorecard: a measurable-gain ring shows the value its card shows ("48.7%", not "49%"), and it fits the ring at 375 px', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.setViewportSize({ width: 375, height: 800 });
  const line = scorecardLine('results.sdr.measurableGain', 'percent', 48.72, { role: 'sdr', roleName: 'SDR' });
  const result = await page.evaluate(async (line) => {
    await import('/dist/widgets/index.js');
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    card.scorecard = { period: 0, customerResults: [line, { ...line, key: 'results.bdr.measurableGain', role: 'bdr', roleName: 'BDR', value: { value: 99.9, reason: null } }], company: [] };
    const read = () => {
      const root = card.shadowRoot;
      const texts = [...root.querySelectorAll('.ring .ring-text')];
      return {
        rings: texts.map((t) => t.textContent),
        cards: [...root.querySelectorAll('li.kpi .value')].map((v) => v.textContent),
        // The text within the ring's inner circle (radius 42 - half the stroke of 10), the widest share (99.9 %) too.
        fits: texts.every((t) => t.getBBox().width <= 2 * (42 - 5)),
      };
    };
    const en = read();
    card.setAttribute('lang', 'ru');
    return { en, ru: read() };
  }, line);
  assert.deepEqual(result, {
    en: { rings: ['48.7%', '99.9%'], cards: ['48.7%', '99.9%'], fits: true },
    ru: { rings: ['48,7\u00a0%', '99,9\u00a0%'], cards: ['48,7\u00a0%', '99,9\u00a0%'], fits: true },
  });
  assert.deepEqual(problems, []);
});

test('scorecard: an NPS legend of huge counts wraps at 375 px: the page does not scroll sideways', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.setViewportSize({ width: 375, height: 800 });
  const widths = await page.evaluate(async () => {
    const { init, nps } = await import('/dist/index.js');
    await init();
    await import('/dist/widgets/index.js');
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    card.scorecard = { period: 0, customerResults: [], company: [] };
    card.nps = { ...nps([10, 9, 3]), n: 1e300, promoters: 1e300 };
    await new Promise(requestAnimationFrame);
    return [document.documentElement.scrollWidth, innerWidth];
  });
  await page.screenshot({ path: join(artifacts, 'widgets-scorecard-huge-legend-375.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide in a ${widths[1]} px window`);
  assert.deepEqual(problems, []);
});

test('scorecard: a feature adoption line names its feature by model.feature.<id>, else by its id', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const line = scorecardLine('featureAdoption.crm-sync', 'percent', 49.1);
  const result = await page.evaluate(async (line) => {
    const { registerLocale } = await import('/dist/widgets/index.js');
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    card.scorecard = { period: 0, customerResults: [], company: [line] };
    const name = () => card.shadowRoot.querySelector('li.kpi .name').textContent;
    const raw = name();
    registerLocale('en', { 'model.feature.crm-sync': 'CRM sync' });
    registerLocale('es', { 'model.feature.crm-sync': 'la sincronización con el CRM' });
    card.update();
    const en = name();
    card.setAttribute('lang', 'es');
    const es = name();
    card.setAttribute('lang', 'ru'); // no name in Russian: the id
    return { raw, en, es, ru: name() };
  }, line);
  assert.deepEqual(result, {
    raw: 'Adoption of crm-sync',
    en: 'Adoption of CRM sync',
    es: 'Adopción de la sincronización con el CRM',
    ru: 'Использование: crm-sync',
  });
  assert.deepEqual(problems, []);
});

test('scorecard: a value without a change says "Change: n/a" and why, in the reader\'s language', async () => {
  // A review of the demo: a CLV card whose previous month had no value dropped its change line unexplained.
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const facts = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    const line = (key, value, previous) => ({ key, role: null, unit: 'currency', higherIsBetter: true, cadence: 'strategic', value: { value, reason: value == null ? 'NO_CHURN' : null },
      previous: { value: null, reason: previous }, change: { value: null, reason: previous }, target: null, status: value == null ? 'notAvailable' : 'noTarget', benchmark: null, withinBenchmark: null });
    const read = (lang) => {
      card.setAttribute('lang', lang);
      card.scorecard = { period: 1, customerResults: [], company: [line('clv', 1200, 'NO_CHURN'), line('ltvCac', 3, 'NO_PREVIOUS_PERIOD'), line('arpa', null, 'NOT_GIVEN')] };
      return [...card.shadowRoot.querySelectorAll('li.kpi')].map((kpi) => [...kpi.querySelectorAll('.facts div')].map((d) => d.textContent));
    };
    return [read('en'), read('es')];
  });
  assert.deepEqual(facts, [
    [['Changen/a: The previous period has no value to compare with.'], ['Changen/a: There is no earlier period to compare with.'], []],
    [['Cambion/d: El periodo anterior no tiene un valor con el que comparar.'], ['Cambion/d: No hay un periodo anterior con el que comparar.'], []],
  ]);
  assert.deepEqual(problems, []);
});

test('scorecard: a line in periods (runway) says months when every period is a calendar month, else periods', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    await import('/dist/widgets/index.js');
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    const line = (value) => ({ key: 'runway', role: null, unit: 'periods', higherIsBetter: true, cadence: 'strategic', value: { value, reason: null },
      previous: { value: null, reason: 'NOT_GIVEN' }, change: { value: null, reason: 'NOT_GIVEN' }, target: 12, status: 'onTrack', benchmark: null, withinBenchmark: null });
    const months = [{ start: '2026-01-01', end: '2026-02-01' }, { start: '2026-02-01', end: '2026-03-01' }, { start: '2026-12-01', end: '2027-01-01' }];
    const weeks = [{ start: '2026-01-05', end: '2026-01-12' }, { start: '2026-01-12', end: '2026-01-19' }];
    const mid = [{ start: '2026-01-15', end: '2026-02-15' }];
    const quarter = [...months, { start: '2027-01-01', end: '2027-04-01' }];
    const read = (periods, value = 14.93, lang = 'en') => {
      card.setAttribute('lang', lang);
      card.periods = periods;
      card.scorecard = { period: 0, customerResults: [], company: [line(value)] };
      const kpi = card.shadowRoot.querySelector('li.kpi');
      return `${kpi.querySelector('.value').textContent} (${kpi.querySelector('.facts dd').textContent})`;
    };
    return {
      months: [read(months), read(months, 1), read(months, 14.93, 'es'), read(months, 14.93, 'ru'), read(months, 5, 'ru')],
      others: [read(weeks), read(mid), read(quarter), read(null), read([])],
    };
  });
  assert.deepEqual(result, {
    months: ['14.9 months (12 months)', '1 month (12 months)', '14,9 meses (12 meses)', '14,9 месяца (12 месяцев)', '5 месяцев (12 месяцев)'],
    others: ['14.9 periods (12 periods)', '14.9 periods (12 periods)', '14.9 periods (12 periods)', '14.9 periods (12 periods)', '14.9 periods (12 periods)'],
  });
  assert.deepEqual(problems, []);
});

test('scorecard: every line, history, nps and trend field drawn is checked (its full path, WRONG_TYPE); the core\'s own scorecards all draw', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  await page.setViewportSize({ width: 1280, height: 900 });
  const result = await page.evaluate(async () => {
    const { init, CompanyData, nps, surveyTrend } = await import('/dist/index.js');
    await init();
    const errors = (await import('/clg-errors.js')).clgErrors();
    const data = CompanyData.fromRecords({
      periods: [{ start: '2026-01-01', end: '2026-02-01' }, { start: '2026-02-01', end: '2026-03-01' }],
      accounts: [{ id: 'acme', openingMrr: 1000, mrr: [1200, 1100] }, { id: 'globex', openingMrr: 500, mrr: [0, 0] }],
      finance: [{ revenue: 1500, grossProfit: 1200, cash: 90000 }, { cash: 80000, fte: 5 }],
    });
    const options = {
      results: [{ role: 'sdr', measuresInPlace: 80, measurableGain: 60, goalAchieved: 45 }],
      surveys: { nps: { promoters: 60, passives: 25, detractors: 15 } },
      // Both bounds open: a benchmark with nothing to draw.
      benchmarks: { mrr: { low: null, high: null } },
      targets: { nrr: 102 },
    };
    const history = [0, 1].map((period) => data.scorecard({ ...options, period }));
    data.free();
    const answers = Array.from({ length: 60 }, (_, i) => ({ kind: 'nps', score: i % 11, timestamp: Date.UTC(2026, i % 2, 10), respondent: { userId: `u${i}` } }));
    const real = { scorecard: history[1], history, periods: [{ start: '2026-01-01', end: '2026-02-01' }, { start: '2026-02-01', end: '2026-03-01' }], nps: nps([10, 9, 3, 8]), trend: surveyTrend(answers, { period: 'month' }) };
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    Object.assign(card, real);
    const root = card.shadowRoot;
    const mrr = [...root.querySelectorAll('.kpi')].find((li) => li.querySelector('.name').textContent === 'MRR');
    const drawn = {
      cards: root.querySelectorAll('.kpi').length,
      lines: history[1].customerResults.length + history[1].company.length,
      unavailable: root.querySelectorAll('.value[data-reason]').length,
      withoutValue: [...history[1].customerResults, ...history[1].company].filter((l) => l.value.value === null).length,
      text: root.textContent,
      mrrFacts: mrr?.querySelector('.facts').textContent,
      errors: [...errors],
    };
    window.realScorecard = real;
    // Each broken copy of the real data: the unshown sentence and the field named.
    const seen = (property, change) => {
      errors.length = 0;
      const copy = structuredClone(real[property]);
      change(copy);
      card[property] = copy;
      const shown = `${root.querySelector('.unshown') ? 'unshown' : 'drawn'} ${errors.join(', ')}`;
      card[property] = real[property];
      return shown;
    };
    const nrr = history[1].company.findIndex((l) => l.key === 'nrr');
    const line = (change) => (s) => change(s.company[nrr]);
    return {
      drawn,
      nrr,
      broken: [
        seen('scorecard', line((l) => { l.value.value = 'abc'; })),
        seen('scorecard', line((l) => { l.value.value = NaN; })),
        seen('scorecard', line((l) => { l.value = 5; })),
        seen('scorecard', line((l) => { l.value.reason = 5; })),
        seen('scorecard', line((l) => { l.change.value = '5'; })),
        seen('scorecard', line((l) => { l.change = null; })),
        seen('scorecard', line((l) => { l.target = { value: 102 }; })),
        seen('scorecard', line((l) => { l.benchmark = { low: 'x', high: null }; })),
        seen('scorecard', line((l) => { l.benchmark = 5; })),
        seen('scorecard', line((l) => { l.status = 'great'; })),
        seen('scorecard', line((l) => { l.unit = 5; })),
        seen('scorecard', line((l) => { l.cadence = null; })),
        seen('scorecard', line((l) => { l.key = ''; })),
        seen('scorecard', (s) => { s.company[nrr] = 'nrr'; }),
        seen('scorecard', (s) => { s.customerResults[0].value.value = 'abc'; }),
        seen('scorecard', (s) => { s.customerResults[0].role = null; }),
        seen('scorecard', (s) => { s.period = -1; }),
        seen('scorecard', (s) => { s.company = {}; }),
        seen('history', (h) => { h[0].company[nrr].value.value = 'x'; }),
        seen('history', (h) => { delete h[0].company[nrr].value; }),
        seen('periods', (p) => { p[1].end = 'soon'; }),
        seen('nps', (n) => { n.score = 'x'; }),
        seen('nps', (n) => { n.promoters = -1; }),
        seen('nps', (n) => { n.n = 5; }),
        seen('nps', (n) => { n.interval.level = 95; }),
        seen('nps', (n) => { n.interval.high = n.interval.low - 1; }),
        seen('nps', (n) => { n.interval = null; }),
        seen('trend', (t) => { t.groups[1].result.score = NaN; }),
        seen('trend', (t) => { t.groups[1].result.score = 150; }),
        seen('trend', (t) => { t.groups[1].period = t.groups[0].period; }),
        seen('trend', (t) => { t.groups[0].result.n = 'many'; }),
        seen('trend', (t) => { t.groups[0].result.interval = { low: 'a', high: 3 }; }),
        seen('trend', (t) => { t.kind = 'ces'; t.scale = 7; t.groups[0].result.mean = 9; }),
        seen('trend', (t) => { t.kind = 'ces'; t.scale = 'seven'; }),
      ],
      after: { unshown: root.querySelector('.unshown') !== null, cards: root.querySelectorAll('.kpi').length },
    };
  });
  assert.equal(result.drawn.cards, result.drawn.lines, 'every line of the core\'s scorecard is a card');
  assert.ok(result.drawn.withoutValue > 0, 'lines without a value are among them');
  assert.equal(result.drawn.unavailable, result.drawn.withoutValue, 'each with its reason');
  assert.doesNotMatch(result.drawn.text, /NaN|undefined|\[object/);
  assert.doesNotMatch(result.drawn.mrrFacts, /Benchmark/, 'a benchmark open at both ends draws nothing ("≤ $0" before)');
  assert.deepEqual(result.drawn.errors, []);
  const index = result.nrr;
  const nrr = (field) => `unshown WRONG_TYPE scorecard.company[${index}].${field}`;
  assert.deepEqual(result.broken, [
    nrr('value.value'), nrr('value.value'), nrr('value'), nrr('value.reason'), nrr('change.value'), nrr('change'), nrr('target'),
    nrr('benchmark.low'), nrr('benchmark'), nrr('status'), nrr('unit'), nrr('cadence'), nrr('key'),
    `unshown WRONG_TYPE scorecard.company[${index}]`,
    'unshown WRONG_TYPE scorecard.customerResults[0].value.value',
    'unshown WRONG_TYPE scorecard.customerResults[0].role',
    'unshown WRONG_TYPE scorecard.period',
    'unshown WRONG_TYPE scorecard.company',
    `unshown WRONG_TYPE history[0].company[${index}].value.value`,
    `unshown WRONG_TYPE history[0].company[${index}].value`,
    'unshown WRONG_TYPE periods[1].end',
    'unshown WRONG_TYPE nps.score',
    'unshown WRONG_TYPE nps.promoters',
    'unshown WRONG_TYPE nps.n',
    'unshown WRONG_TYPE nps.interval.level',
    'unshown WRONG_TYPE nps.interval.high',
    'unshown WRONG_TYPE nps.interval',
    'unshown WRONG_TYPE trend.groups[1].result.score',
    'unshown WRONG_TYPE trend.groups[1].result.score',
    'unshown WRONG_TYPE trend.groups[1].period',
    'unshown WRONG_TYPE trend.groups[0].result.n',
    'unshown WRONG_TYPE trend.groups[0].result.interval.low',
    'unshown WRONG_TYPE trend.groups[0].result.mean',
    'unshown WRONG_TYPE trend.scale',
  ]);
  assert.deepEqual(result.after, { unshown: false, cards: result.drawn.cards }, 'the real data set again draws again');
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(artifacts, `widgets-scorecard-core-${width}.png`), fullPage: true });
  }
  await page.evaluate(() => { document.querySelector('clg-scorecard').nps = { ...window.realScorecard.nps, score: 'x' }; });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 600 });
    await page.screenshot({ path: join(artifacts, `widgets-scorecard-unshown-${width}.png`) });
  }
  assert.deepEqual(problems, []);
});

test('check-in: a value in values that is none of its scale\'s points is not pre-selected and not sent; a point chosen is', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => {
    const checkIn = document.createElement('clg-check-in');
    checkIn.id = 'check-in';
    checkIn.metrics = [
      { id: 'confidence', name: 'Confidence', unit: 'points', direction: 'higher', collection: { method: 'scaleAssessed', scale: [
        { value: 1, label: 'Low' }, { value: 2, label: 'Some' }, { value: 3, label: 'High' }] } },
      { id: 'hours', name: 'Hours saved', unit: 'h', direction: 'higher', min: 0, max: 80, collection: { method: 'selfReported' } },
    ];
    checkIn.values = { confidence: 2.5 };
    document.querySelector('main').append(checkIn);
  });
  const checkIn = page.locator('#check-in');
  const send = checkIn.getByRole('button', { name: 'Send' });
  const checked = () => page.evaluate(() => document.getElementById('check-in').shadowRoot.querySelectorAll('input:checked').length);
  assert.equal(await checked(), 0, 'no point shows as chosen');
  assert.equal(await send.isDisabled(), true, 'nothing answered: nothing to send');
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 700 });
    await checkIn.screenshot({ path: join(artifacts, `check-in-value-not-a-point-${width}.png`) });
  }
  // With another answer, only that one is sent.
  await checkIn.getByLabel('Hours saved (h)').fill('4');
  await send.click();
  await checkIn.getByRole('status').filter({ hasText: 'your goal progress is updated' }).waitFor();
  // Opened again with the same values: the point the person picks is sent.
  await page.evaluate(() => {
    const element = document.getElementById('check-in');
    element.remove();
    const again = document.createElement('clg-check-in');
    again.id = 'again';
    again.metrics = element.metrics;
    again.values = { confidence: 2.5, hours: 4 };
    document.querySelector('main').append(again);
  });
  await page.locator('#again').getByRole('radio', { name: '3 · High' }).check();
  await page.locator('#again').getByRole('button', { name: 'Send' }).click();
  assert.deepEqual(await page.evaluate(() => window.widgetEvents.map((e) => `${e.target} ${JSON.stringify(e.detail.values)}`)), [
    'check-in {"hours":4}',
    'again {"confidence":3,"hours":4}',
  ]);
  assert.deepEqual(problems, []);
});

test('check-in metrics and goal progress definition or status not of their shape: the field named (WRONG_TYPE), no NaN or "undefined" drawn', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const errors = (await import('/clg-errors.js')).clgErrors();
    const scale = [{ value: 1, label: 'Low' }, { value: 2, label: 'High' }];
    const hours = { id: 'hours', name: 'Hours', unit: 'h', collection: { method: 'selfReported' } };
    const shown = (tag, setup) => {
      errors.length = 0;
      const element = document.createElement(tag);
      document.body.append(element);
      setup(element);
      const text = element.shadowRoot.querySelector('.unshown') ? 'unshown' : `drawn ${element.shadowRoot.textContent}`;
      element.remove();
      return `${text} ${errors.join(', ')}`.trim();
    };
    const checkIn = (metric) => shown('clg-check-in', (el) => { el.metrics = [{ id: 'confidence', name: 'Confidence', collection: { method: 'scaleAssessed', scale } }, metric]; });
    const status = { metric: 'hours', name: 'Hours', unit: 'h', method: 'selfReported', current: 5, goal: null };
    const goal = (change, definition = null) => shown('clg-goal-progress', (el) => { el.definition = definition; el.status = { ...status, ...change }; });
    return [
      checkIn({ ...hours, id: undefined }),
      checkIn({ ...hours, name: 7 }),
      checkIn({ ...hours, unit: null }),
      checkIn({ ...hours, min: 'abc' }),
      checkIn({ ...hours, max: NaN }),
      checkIn({ ...hours, min: 10, max: 1 }),
      checkIn({ id: 'mood', name: 'Mood', collection: { method: 'scaleAssessed', scale: [{ value: 1 }] } }),
      goal({ name: undefined }),
      goal({ unit: 5 }),
      goal({}, { ...hours, collection: { method: 'scaleAssessed', scale: 'abc' } }),
      goal({}, { ...hours, max: 'abc' }),
      goal({}, { ...hours, min: 5 }),
    ];
  });
  assert.deepEqual(result, [
    'unshown WRONG_TYPE metrics[1].id',
    'unshown WRONG_TYPE metrics[1].name',
    'unshown WRONG_TYPE metrics[1].unit',
    'unshown WRONG_TYPE metrics[1].min',
    'unshown WRONG_TYPE metrics[1].max',
    'unshown WRONG_TYPE metrics[1].max',
    'unshown WRONG_TYPE metrics[1].collection.scale',
    'unshown WRONG_TYPE status.name',
    'unshown WRONG_TYPE status.unit',
    'unshown WRONG_TYPE definition.collection.scale',
    'unshown WRONG_TYPE definition.max',
    'drawn HoursCurrent: 5 hNo goal set yet', // a min without a max is a range
  ]);
  assert.deepEqual(problems, []);
});

test('scorecard: holes are missing elements, dates are real and in order, a benchmark low <= high, data read once, history and trend groups limited (TOO_LARGE)', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const { init, CompanyData, nps, surveyTrend } = await import('/dist/index.js');
    await init();
    const errors = (await import('/clg-errors.js')).clgErrors();
    const periods = [{ start: '2026-01-01', end: '2026-02-01' }, { start: '2026-02-01', end: '2026-03-01' }];
    const data = CompanyData.fromRecords({ periods, accounts: [{ id: 'acme', openingMrr: 1000, mrr: [1200, 1100] }], finance: [{ revenue: 1500, cash: 90000 }, { cash: 80000 }] });
    const history = [0, 1].map((period) => data.scorecard({ period, surveys: { nps: { promoters: 60, passives: 25, detractors: 15 } }, targets: { nrr: 102 } }));
    data.free();
    const answers = Array.from({ length: 60 }, (_, i) => ({ kind: 'nps', score: i % 11, timestamp: Date.UTC(2026, i % 2, 10), respondent: { userId: `u${i}` } }));
    const real = { scorecard: history[1], history, periods, nps: nps([10, 9, 3, 8]), trend: surveyTrend(answers, { period: 'month' }) };
    const card = document.createElement('clg-scorecard');
    document.body.append(card);
    Object.assign(card, real);
    const root = card.shadowRoot;
    // Each changed copy of the real data: what is shown, the errors, and how long setting it took.
    const seen = (property, change) => {
      errors.length = 0;
      const copy = structuredClone(real[property]);
      const given = change(copy) ?? copy;
      const start = performance.now();
      card[property] = given;
      const ms = performance.now() - start;
      const shown = `${root.querySelector('.unshown') ? 'unshown' : 'drawn'} ${errors.join(', ')}`.trim();
      const text = root.textContent;
      card[property] = real[property];
      return { shown, ms, nan: /NaN/.test(text) };
    };
    const nrr = history[1].company.findIndex((l) => l.key === 'nrr');
    let reads = 0;
    return {
      nrr,
      company: history[1].company.length,
      groups: real.trend.groups.length,
      cases: [
        seen('trend', (t) => { t.groups.length += 1; }),
        seen('scorecard', (s) => { s.company.length += 1; }),
        seen('history', (h) => { h.length += 1; }),
        seen('periods', (p) => { p[1].end = '2026-02-30'; }),
        seen('periods', (p) => { p[0] = { start: '2026-02-01', end: '2026-01-01' }; }),
        seen('scorecard', (s) => { s.company[nrr].benchmark = { low: 110, high: 90 }; }),
        // Valid on the first read, NaN after: read once, drawn as read.
        seen('scorecard', (s) => { Object.defineProperty(s.company[nrr].value, 'value', { enumerable: true, get: () => (reads++ === 0 ? 105 : NaN) }); }),
        seen('scorecard', (s) => Proxy.revocable(s, {}).proxy), // a live Proxy (a framework's reactive data) draws
        seen('scorecard', (s) => { const { proxy, revoke } = Proxy.revocable(s, {}); revoke(); return proxy; }),
        seen('nps', (n) => { Object.defineProperty(n, 'score', { enumerable: true, get() { throw new Error('g'); } }); }),
        seen('trend', (t) => { t.groups = Array.from({ length: 200_000 }, () => t.groups[0]); }),
        seen('history', (h) => Array.from({ length: 100_000 }, () => h[0])),
      ],
    };
  });
  const { nrr, company, groups, cases } = result;
  assert.deepEqual(cases.map((c) => c.shown), [
    `unshown WRONG_TYPE trend.groups[${groups}]`,
    `unshown WRONG_TYPE scorecard.company[${company}]`,
    'unshown WRONG_TYPE history[2]',
    'unshown WRONG_TYPE periods[1].end',
    'unshown WRONG_TYPE periods[0].end',
    `unshown WRONG_TYPE scorecard.company[${nrr}].benchmark.high`,
    'drawn',
    'drawn',
    'unshown UNREADABLE scorecard',
    'unshown UNREADABLE nps.score',
    'unshown TOO_LARGE trend.groups',
    'unshown TOO_LARGE history',
  ]);
  assert.deepEqual(cases.filter((c) => c.nan), [], 'no "NaN" drawn');
  assert.ok(cases.at(-1).ms < 1000, `100,000 scorecards refused at once, not drawn (${cases.at(-1).ms} ms)`);
  assert.deepEqual(problems, []);
});

test('every widget property setter given data that throws when read (a getter, a Proxy trap, a revoked Proxy), and check-in metrics and values not of their shape: a coded clg-error, nothing thrown', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  const result = await page.evaluate(async () => {
    const errors = (await import('/clg-errors.js')).clgErrors();
    const thrown = [];
    addEventListener('error', (e) => thrown.push(e.message));
    /** An object whose `key` throws when read; as a descriptor (Object.defineProperty), a property that does. */
    const getter = (key) => ({ enumerable: true, get [key]() { throw new Error('g'); }, get() { throw new Error('g'); } });
    const keysTrap = () => new Proxy({}, { ownKeys() { throw new Error('k'); } });
    const revoked = () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; };
    const scale = [{ value: 1, label: 'Low' }, { value: 2, label: 'High' }];
    const confidence = { id: 'confidence', name: 'Confidence', collection: { method: 'scaleAssessed', scale } };
    const hours = { id: 'hours', name: 'Hours', unit: 'h', collection: { method: 'selfReported' } };
    const shown = (tag, setup) => {
      errors.length = 0;
      const element = document.createElement(tag);
      try {
        setup(element); // before it joins the page: drawn (and reported) once
      } catch (error) {
        thrown.push(String(error));
      }
      document.body.append(element);
      const text = element.shadowRoot.querySelector('.unshown') ? 'unshown' : 'drawn';
      element.remove();
      return `${text} ${errors.join(', ')}`.trim();
    };
    const checkIn = (values, metrics = [confidence, hours]) => shown('clg-check-in', (el) => { el.metrics = metrics; el.values = values; });
    const status = { metric: 'hours', name: 'Hours', unit: 'h', method: 'selfReported', current: 5, goal: null };
    return {
      cases: [
        checkIn(getter('hours')),
        checkIn(keysTrap()),
        checkIn(revoked()),
        checkIn(5),
        checkIn([1, 2]),
        checkIn({ hours: 3 }),
        checkIn({ hours: null, confidence: undefined }),
        checkIn({ hours: '3' }),
        checkIn({ confidence: 2, hours: NaN }),
        checkIn({}, [confidence, Object.defineProperty({ ...hours }, 'name', getter('name'))]),
        checkIn({}, revoked()),
        checkIn({}, [confidence, { ...hours, id: 'mood', collection: { method: 'scaleAssessed', scale: [] } }]),
        checkIn({}, [confidence, { ...hours, id: 'mood', collection: { method: 'scaleAssessed', scale: [{ value: 1, label: 'a' }, { value: 1, label: 'b' }] } }]),
        checkIn({}, [confidence, { ...hours, id: 'confidence' }]),
        shown('clg-goal-progress', (el) => { el.status = revoked(); }),
        shown('clg-goal-progress', (el) => { el.status = Object.defineProperty({ ...status }, 'current', getter('current')); }),
        shown('clg-goal-progress', (el) => { el.status = status; el.definition = []; }),
        shown('clg-goal-progress', (el) => { el.status = status; el.definition = keysTrap(); }),
        shown('clg-role-goals', (el) => { el.client = revoked(); }),
        shown('clg-role-goals', (el) => { el.store = getter('canvas'); el.setAttribute('account', 'a'); el.setAttribute('role-id', 'r'); }),
        shown('clg-nps-prompt', (el) => { el.client = revoked(); }),
        shown('clg-prompt-host', (el) => { el.client = revoked(); }),
        shown('clg-scorecard', (el) => { el.periods = keysTrap(); el.scorecard = revoked(); }),
      ],
      thrown,
    };
  });
  assert.deepEqual(result.cases, [
    'unshown UNREADABLE values.hours',
    'unshown UNREADABLE values',
    'unshown UNREADABLE values',
    'unshown WRONG_TYPE values',
    'unshown WRONG_TYPE values',
    'drawn',
    'drawn',
    'unshown WRONG_TYPE values.hours',
    'unshown WRONG_TYPE values.hours',
    'unshown UNREADABLE metrics[1].name',
    'unshown UNREADABLE metrics',
    'unshown WRONG_TYPE metrics[1].collection.scale',
    'unshown INVALID_VALUE metrics[1].collection.scale[1].value',
    'unshown INVALID_VALUE metrics[1].id',
    'unshown UNREADABLE status',
    'unshown UNREADABLE status.current',
    'unshown WRONG_TYPE definition',
    'unshown UNREADABLE definition',
    'unshown UNREADABLE client',
    'unshown UNREADABLE store',
    'unshown UNREADABLE client',
    'drawn UNREADABLE client',
    'unshown UNREADABLE scorecard',
  ]);
  assert.deepEqual(result.thrown, [], 'nothing thrown into the page');
  assert.deepEqual(problems, []);
});
