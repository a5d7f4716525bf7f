// Survey campaigns in the Beacon demo (www/campaigns.js), shown by
// <clg-prompt-host> through the SDK's runner, with time driven by
// Playwright's clock (no sleeps): a tracked event triggers a CES prompt
// after its delay (and a reload meanwhile keeps the trigger), a role the
// campaign does not target never sees it, a check-in opens when a goal
// starts and its answer moves the goal, and over a simulated month of daily
// use the fatigue budget holds across surveys and check-ins.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_MOUNTS } from '../../scripts/serve.mjs';
import { launchChromium } from '../support/chromium.mjs';
import { collected as collectedBy, startCollector } from '../support/collector.mjs';

const DAY = 86_400_000;
/** Monday 4 January 2027, 09:00 UTC: the first simulated morning. */
const START = Date.UTC(2027, 0, 4, 9);
const ROLE_HEADING = { marketer: 'Digital marketer', sdr: 'Sales development rep' };

let running, browser, url;

before(async () => {
  running = await startCollector(DEMO_MOUNTS);
  url = `${running.origin}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  running?.stop();
});

const collected = (pick) => collectedBy(running.collector, pick);

/**
 * The Beacon app in a fresh context (its own IndexedDB) in `role`, with the
 * clock installed at `START`; every prompt the host opens is logged in
 * `window.prompts` as { kind, campaignId, at }.
 */
async function openApp(role) {
  const context = await browser.newContext();
  await context.clock.install({ time: START });
  await context.addInitScript((role) => {
    if (!localStorage.getItem('beacon-demo-role')) localStorage.setItem('beacon-demo-role', role);
    window.prompts = [];
    document.addEventListener('clg-prompt', (e) => window.prompts.push({ kind: e.detail.kind, campaignId: e.detail.campaignId, at: Date.now() }));
  }, role);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('/collect') && problems.push(`console: ${m.text()}`));
  await page.goto(`${url}app.html`);
  await page.locator('#panel').getByRole('heading', { name: ROLE_HEADING[role] }).waitFor();
  return { context, page, problems };
}

/** The campaign decisions the demo's "Why no survey now?" list shows: { campaignId: reason }. */
async function reasons(page) {
  await page.evaluate(() => {
    const why = document.getElementById('why');
    why.open = false; // toggling re-reads the decision
    why.open = true;
  });
  await page.locator('#why-list li').first().waitFor();
  // Each item says its reason in words; its codes are in data attributes, for developers.
  return page.locator('#why-list li').evaluateAll((items) => Object.fromEntries(items.map((li) => [li.dataset.campaign, li.dataset.reason])));
}

const host = (page) => page.locator('#prompts');

test('a report export triggers the CES campaign after its 10 s delay, also across a reload; a marketer never gets it', async () => {
  const sdr = await openApp('sdr');
  const { page } = sdr;
  const ces = host(page).getByRole('dialog', { name: 'Beacon made it easy to export the weekly report.' });
  await page.getByRole('button', { name: 'Export the weekly report' }).click();
  await page.clock.runFor(5_000);
  assert.equal(await ces.count(), 0, 'not before its delay');
  assert.equal((await reasons(page))['ces-report'], 'WAITING');
  // A reload meanwhile: the trigger time was stored with the user's data.
  await page.reload();
  await page.locator('#panel').getByRole('heading', { name: 'Sales development rep' }).waitFor();
  assert.equal(await ces.count(), 0);
  await page.clock.runFor(6_000);
  await ces.waitFor();
  // Answered by keyboard: focus is on the first point of the 1-7 scale.
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Fine as it is');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await host(page).getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
  await page.clock.runFor(5_000); // the thank-you leaves; the host removes the prompt
  await host(page).locator('clg-ces-prompt').waitFor({ state: 'detached' });
  assert.equal((await reasons(page))['ces-report'], 'DONE', 'shown once per user');
  const response = await collected((items) => items.find((i) => i.type === 'response' && i.payload.surveyId === 'ces-report'));
  assert.deepEqual([response.payload.kind, response.payload.answers.score, response.payload.answers.comment, response.payload.role], ['ces', 6, 'Fine as it is', 'sdr']);
  assert.deepEqual(sdr.problems, []);
  await sdr.context.close();

  // The same export by a marketer, then a whole day: the campaign targets SDRs only.
  const marketer = await openApp('marketer');
  await marketer.page.getByRole('button', { name: 'Export the weekly report' }).click();
  await marketer.page.clock.runFor(15_000);
  await marketer.page.clock.fastForward(DAY);
  assert.equal(await host(marketer.page).locator('clg-ces-prompt').count(), 0);
  assert.equal((await reasons(marketer.page))['ces-report'], 'NOT_TARGETED');
  assert.deepEqual(await marketer.page.evaluate(() => window.prompts), []);
  assert.deepEqual(marketer.problems, []);
  await marketer.context.close();
});

test('event counts survive a reload: the fifth use of the product asks NPS, three before the reload and two after', async () => {
  const { context, page, problems } = await openApp('marketer');
  const identify = page.getByRole('button', { name: 'Identify a visitor' });
  for (let i = 0; i < 3; i++) await identify.click();
  await page.clock.runFor(1_500); // the event batch is sealed: the counts are saved with it
  await page.reload();
  await page.locator('#panel').getByRole('heading', { name: 'Digital marketer' }).waitFor();
  await identify.click();
  assert.equal((await reasons(page))['nps-beacon'], 'NOT_TRIGGERED', 'four uses so far');
  await identify.click();
  await host(page).getByRole('dialog', { name: /How likely are you to recommend Beacon/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a check-in opens when a goal on a scale-assessed metric starts, and its answer moves the goal at once', async () => {
  const { context, page, problems } = await openApp('marketer');
  const panel = page.locator('#panel');
  const targeting = panel.getByRole('article', { name: 'Confidence in campaign targeting' });
  await targeting.getByRole('radio', { name: '2 · Some data' }).check(); // the self-assessment: the metric's value
  const form = targeting.getByRole('form', { name: 'Goal for Confidence in campaign targeting' });
  await form.getByLabel('Target (points)').fill('4');
  await form.getByRole('button', { name: 'Set goal' }).click();

  // The goal period starts: the baseline check-in asks for this metric on its anchored scale.
  const checkIn = host(page).getByRole('dialog', { name: 'A quick check-in on your goals' });
  await checkIn.waitFor();
  const scale = checkIn.getByRole('radiogroup', { name: 'Confidence in campaign targeting' });
  assert.deepEqual(await scale.getByRole('radio').evaluateAll((radios) => radios.map((r) => r.parentElement.textContent)),
    ['1 · Guessing', '2 · Some data', '3 · Data-driven', '4 · Tested', '5 · Proven']);
  assert.equal(await scale.getByRole('radio', { checked: true }).evaluate((r) => r.value), '2', 'the current value is chosen');
  // It opened by itself while the person was on the panel's button: focus stays there (a review: keys meant
  // for the panel went into the check-in), and the host's live region says a question opened.
  assert.equal(await page.evaluate(() => document.activeElement.localName), 'clg-role-goals', 'focus stayed on the panel');
  await host(page).getByRole('status').filter({ hasText: 'A short question for you has opened.' }).waitFor({ state: 'attached' });
  const percent = () => targeting.evaluate((article) => article.querySelector('clg-goal-progress').shadowRoot.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow'));
  assert.equal(await percent(), '0');
  await scale.getByRole('radio', { name: '3 · Data-driven' }).check();
  await checkIn.getByRole('button', { name: 'Send' }).click();
  await host(page).getByRole('status').filter({ hasText: 'your goal progress is updated' }).waitFor();
  await page.waitForFunction(() => document.getElementById('panel').shadowRoot.querySelector('clg-goal-progress')
    && [...document.getElementById('panel').shadowRoot.querySelectorAll('article')].find((a) => a.textContent.includes('Confidence in campaign targeting'))
      ?.querySelector('clg-goal-progress').shadowRoot.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '50', null, { polling: 100 });
  assert.equal(await percent(), '50', 'baseline 2, target 4, now 3');

  const items = await collected((all) => all.some((i) => i.type === 'response' && i.payload.kind === 'checkin') ? all : null);
  const observation = items.filter((i) => i.type === 'observation' && i.payload.metric === 'targeting').at(-1);
  const response = items.find((i) => i.type === 'response' && i.payload.kind === 'checkin');
  assert.deepEqual([observation.payload.value, observation.payload.method], [3, 'scaleAssessed']);
  assert.deepEqual([response.payload.surveyId, response.payload.answers], ['checkin-start', { values: { targeting: 3 } }]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a simulated month of daily use: surveys and check-ins share one fatigue budget, never two prompts in a day', async () => {
  const { context, page, problems } = await openApp('sdr');
  const panel = page.locator('#panel');
  const meetings = panel.getByRole('article', { name: 'Meetings booked per week' });
  for (let day = 0; day < 30; day++) {
    if (day === 2) {
      // A goal on a self-reported metric: its start opens a check-in, its end another.
      await meetings.getByLabel('Current value (meetings)').fill('4');
      await meetings.getByRole('button', { name: 'Save' }).click();
      await meetings.getByRole('form', { name: 'Goal for Meetings booked per week' }).getByLabel('Target (meetings)').fill('8');
      await meetings.getByRole('button', { name: 'Set goal' }).click();
    }
    await page.getByRole('button', { name: 'Export a contact to the CRM' }).click();
    await page.getByRole('button', { name: 'Export the weekly report' }).click();
    await page.getByRole('button', { name: 'Export 5 contacts' }).click();
    await page.clock.runFor(15_000); // past the CES delay
    await answerOpenPrompt(page);
    await page.clock.fastForward(DAY - 15_000 - 10_000);
    await answerOpenPrompt(page); // one that fell due overnight (a delay or nextEligibleAt ran out)
  }
  const prompts = await page.evaluate(() => window.prompts);
  assert.deepEqual(prompts.map((p) => p.campaignId).sort(), ['ces-report', 'checkin-end', 'checkin-start', 'nps-beacon'],
    `every campaign asked once: ${JSON.stringify(prompts)}`);
  const perDay = new Map();
  for (const p of prompts) {
    const day = new Date(p.at).toISOString().slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  assert.deepEqual([...perDay].filter(([, n]) => n > 1), [], 'at most one prompt per user per day');
  for (let i = 1; i < prompts.length; i++) {
    assert.ok(prompts[i].at - prompts[i - 1].at >= DAY, `${prompts[i - 1].campaignId} then ${prompts[i].campaignId} within a day`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

/** Answers the prompt the host shows, if any: the first scale point (or the current value), then Send. */
async function answerOpenPrompt(page) {
  const dialog = host(page).getByRole('dialog');
  if (await dialog.count() === 0) return;
  const checked = dialog.getByRole('radio', { checked: true });
  if (await checked.count() === 0) {
    const radio = dialog.getByRole('radio').first();
    if (await radio.count()) await radio.check();
    else await dialog.getByRole('spinbutton').first().fill('5');
  }
  await dialog.getByRole('button', { name: 'Send' }).click();
  // The thank-you shows once the answer is stored (IndexedDB, in real time):
  // only then does its timer run, so the fake clock moves on after it.
  await host(page).getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
  await page.clock.runFor(5_000); // thanks, then gone
  await host(page).locator('clg-check-in, clg-nps-prompt, clg-ces-prompt').waitFor({ state: 'detached' });
}
