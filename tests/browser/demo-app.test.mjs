// The demo app as a person uses it: the Beacon app (actions move metrics and
// goals, the NPS campaign's prompt appears by the SDK's policy and is answered by
// keyboard, a reload keeps everything, the language switches) and the
// scorecard page; axe-core on both; screenshots in test-artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../scripts/collector.mjs';
import { DEMO_MOUNTS, serve } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';
import { collected as collectedBy } from '../support/collector.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(root, 'test-artifacts');
const dataDir = mkdtempSync(join(tmpdir(), 'clg-demo-'));
let server, browser, url, collector;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  collector = createCollector({ dataDir });
  server = await serve({ port: 0, collector, mounts: { ...DEMO_MOUNTS, '/vendor/axe/': join(root, 'node_modules/axe-core') } });
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The collector's stored items once `done(items)` holds. */
const collected = (done) => collectedBy(collector, (items) => done(items) && items);

async function axe(page) {
  await page.addScriptTag({ url: '/vendor/axe/axe.min.js' });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(', ')})`);
}

test('Beacon app: act, see progress move, answer NPS by keyboard, reload, switch language', async () => {
  const { page, problems } = await openPage(browser, `${url}app.html`);
  const panel = page.locator('#panel');
  await panel.getByRole('heading', { name: 'Digital marketer' }).waitFor();

  // Use the product, then set a goal on "visitors identified per week" from the level
  // reached (the form suggests +20 %, maturity level 1), then act again and watch it move.
  await page.getByRole('button', { name: 'Identify 10 visitors' }).click();
  const goalForm = panel.getByRole('form', { name: 'Goal for Visitors identified per week' });
  assert.equal(await goalForm.getByLabel('Target (visitors)').inputValue(), '12');
  // A target on the wrong side: a sentence with the way forward, not the SDK's message.
  await goalForm.getByLabel('Target (visitors)').fill('5');
  await goalForm.getByRole('button', { name: 'Set goal' }).click();
  await panel.getByRole('alert').filter({ hasText: 'Choose a target above the current 10 visitors: higher is better here.' }).waitFor();
  await goalForm.getByLabel('Target (visitors)').fill('20');
  await goalForm.getByRole('button', { name: 'Set goal' }).click();
  const meter = () => page.evaluate(() => {
    const progress = document.getElementById('panel').shadowRoot.querySelector('clg-goal-progress');
    return progress.shadowRoot.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow');
  });
  // The goal is written to the SDK's outbox first, then shown.
  await page.waitForFunction(() => {
    const progress = document.getElementById('panel').shadowRoot.querySelector('clg-goal-progress');
    return progress.shadowRoot.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '0'; // baseline 10, target 20
  });
  const progressText = () => page.evaluate(() => document.getElementById('panel').shadowRoot.querySelector('clg-goal-progress').shadowRoot.textContent);
  assert.match(await progressText(), /Too early to judge the pace/, 'a goal set a moment ago is not "behind pace"');
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Identify a visitor' }).click();
  assert.equal(await meter(), '40');

  // The fifth action triggers the NPS campaign and the policy allows it: the prompt host opens it as a
  // dialog and says so in its live region, leaving focus on the button the person is using (keys meant
  // for the app never land in a prompt no one asked for). They move to it, then answer with the keyboard only.
  const nps = page.locator('#prompts clg-nps-prompt');
  await nps.getByRole('dialog', { name: /How likely are you to recommend Beacon/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Identify a visitor', 'focus stays where the person works');
  await page.locator('#prompts').getByRole('status').filter({ hasText: 'A short question for you has opened.' }).waitFor({ state: 'attached' });
  await nps.locator('[aria-label="0 of 10"]').focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab'); // follow-up
  await page.keyboard.type('Great visitor data');
  await page.keyboard.press('Tab'); // Send
  await page.keyboard.press('Enter');
  await nps.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'demo-app.png'), fullPage: true });
  await nps.waitFor({ state: 'detached', timeout: 8000 }); // the thank-you card leaves by itself, and the host removes it
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Identify a visitor', 'focus is back on the button that led to the prompt');

  // The answer and the events reach the collector exactly once.
  const stored = await collected((items) => items.some((item) => item.type === 'response'));
  const response = stored.find((item) => item.type === 'response');
  const goal = stored.find((item) => item.type === 'goal');
  assert.deepEqual([goal?.payload.action, goal?.payload.metric, goal?.payload.goal.baseline, goal?.payload.goal.target], ['set', 'identified', 10, 20]);
  assert.equal(response?.payload.answers.score, 8);
  assert.equal(response.payload.answers.comment, 'Great visitor data');
  assert.equal(new Set(stored.map((i) => i.key)).size, stored.length, 'no item stored twice');

  // Reload: the goal and its progress are kept; the policy does not ask again.
  await page.reload();
  await panel.getByRole('heading', { name: 'Digital marketer' }).waitFor();
  assert.equal(await meter(), '40');
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Identify a visitor' }).click();
  assert.equal(await nps.count(), 0, 'NPS is not asked again within its recontact period');

  // Switch language: widget chrome, the model's own texts and the page (the last activity line
  // too); kept across a reload.
  const said = await page.textContent('#activity');
  await page.selectOption('#lang', 'es');
  await panel.getByRole('button', { name: 'Reiniciar objetivo' }).first().waitFor();
  const saidEs = await page.textContent('#activity');
  assert.ok(said && saidEs && saidEs !== said, `the activity line follows the language: "${said}" -> "${saidEs}"`);
  await page.reload();
  await panel.getByRole('heading', { name: 'Especialista en marketing digital' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.equal(await page.inputValue('#lang'), 'es');
  assert.match(await page.evaluate(() => document.getElementById('panel').shadowRoot.textContent), /Nivel de madurez 1 de 5: Inicial.*Visitantes identificados por semana/);
  assert.equal(await page.textContent('#actions-title'), 'Use el producto');
  await page.screenshot({ path: join(artifacts, 'demo-app-es.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems.filter((p) => !p.includes('/collect')), []);
});

test('Beacon app: thanks only for an answer the client accepted; Start over clears the activity and closes an open prompt', async () => {
  const { page, problems } = await openPage(browser, `${url}app.html`);
  await page.locator('#panel').getByRole('heading', { name: 'Digital marketer' }).waitFor();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Identify a visitor' }).click();
  const nps = page.locator('#prompts clg-nps-prompt');
  await nps.getByRole('radiogroup').waitFor();
  const before = await page.textContent('#activity');
  assert.match(before, /^Visitors identified: 1;/);

  // The browser's storage refuses the answer: the prompt stays open with its sentence, and the
  // page does not thank for it.
  await page.evaluate(() => {
    window.put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = () => { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await nps.getByRole('radio', { name: '9 of 10' }).check();
  await nps.getByRole('button', { name: 'Send' }).click();
  await nps.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
  assert.equal(await page.textContent('#activity'), before, 'no "Thanks" for a refused answer');
  // Sent again once storage works: accepted, then thanked.
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.put; });
  await nps.getByRole('button', { name: 'Send' }).click();
  await page.waitForFunction(() => document.getElementById('activity').textContent === 'Thanks! You answered 9.');

  // Start over with a prompt open (the reset forgets the survey history, so NPS is asked again):
  // the prompt goes, and so does the activity line of the forgotten data.
  await nps.waitFor({ state: 'detached', timeout: 8000 });
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.locator('#panel').getByText('No data yet').first().waitFor();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Identify 10 visitors' }).click();
  await nps.getByRole('radiogroup').waitFor();
  assert.match(await page.textContent('#activity'), /^Visitors identified: 10;/);
  await page.getByRole('button', { name: 'Start over' }).click();
  await nps.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.getElementById('activity').textContent === ''); // once the reset is done
  await page.locator('#panel').getByText('No data yet').first().waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.getElementById('prompts').childElementCount), 0, 'no prompt comes back after the reset');
  assert.deepEqual(problems.filter((p) => !p.includes('/collect')), []);
});

test('Beacon app: "Why no survey now?" says each campaign\'s reason in a sentence of the reader\'s language', async () => {
  const { page, problems } = await openPage(browser, `${url}app.html`);
  await page.locator('#panel').getByRole('heading', { name: 'Digital marketer' }).waitFor();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Identify a visitor' }).click();
  const nps = page.locator('#prompts clg-nps-prompt');
  await nps.getByRole('button', { name: 'Ask me later' }).click();
  await nps.waitFor({ state: 'detached' });
  await page.locator('#why summary').click();
  await page.locator('#why-list li').first().waitFor();
  const items = () => page.evaluate(() => [...document.querySelectorAll('#why-list li')].map((li) => ({
    text: li.textContent, code: `${li.dataset.campaign} ${li.dataset.reason}`, title: li.title,
  })));
  const en = await items();
  assert.deepEqual(en.map((i) => i.code), ['nps-beacon SNOOZED', 'ces-report NOT_TARGETED', 'checkin-start NO_GOAL_PERIOD', 'checkin-end NO_GOAL_PERIOD']);
  assert.deepEqual(en.map((i) => i.title), ['nps-beacon: SNOOZED', 'ces-report: NOT_TARGETED', 'checkin-start: NO_GOAL_PERIOD', 'checkin-end: NO_GOAL_PERIOD'], 'the codes stay available for developers');
  assert.match(en[0].text, /^Recommendation survey \(NPS\): You asked to be asked later\. Possible from .*2026.*\.$/);
  assert.equal(en[1].text, 'Report export survey (CES): It is not for your role.');
  assert.equal(en[2].text, 'Check-in when a goal starts: It asks about a goal, so it waits until you set one.');
  await page.selectOption('#lang', 'ru');
  await page.locator('#why-list li').filter({ hasText: 'Не для вашей роли.' }).waitFor();
  const ru = await items();
  assert.match(ru[0].text, /^Опрос о рекомендации \(NPS\): Вы попросили спросить позже\. Можно показать с .*2026/);
  assert.equal(ru[3].text, 'Сверка перед сроком цели: Появится, когда вы зададите цель.');
  await page.selectOption('#lang', 'es');
  await page.locator('#why-list li').filter({ hasText: 'No es para su rol.' }).waitFor();
  for (const { text } of [...en, ...ru, ...await items()]) assert.doesNotMatch(text, /[A-Z]{2,}_[A-Z]|SNOOZED|DONE|-beacon|checkin-/, `no raw code on screen: ${text}`);
  await page.selectOption('#lang', 'en');
  assert.deepEqual(problems.filter((p) => !p.includes('/collect')), []);
});

test('Beacon app at 1280 x 900: every control can be scrolled clear of an open prompt', async () => {
  const { page, problems } = await openPage(browser, `${url}app.html`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.locator('#panel').getByRole('heading', { name: 'Digital marketer' }).waitFor();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Identify 10 visitors' }).click();
  const nps = page.locator('#prompts clg-nps-prompt');
  await nps.getByRole('radiogroup').waitFor();
  // Scrolled to the end, the lowest control of the page (shadow trees included, the prompt's
  // own excepted) is above the prompt: every control above it can be scrolled there too.
  const atEnd = () => page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const host = document.getElementById('prompts');
    const controls = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (host.contains(el)) continue;
        if (el.shadowRoot) visit(el.shadowRoot);
        const box = el.getBoundingClientRect();
        if (el.matches('button, input, select, textarea, summary') && box.height > 1) controls.push(Math.round(box.bottom));
      }
    };
    visit(document);
    return { lowest: Math.max(...controls), promptTop: Math.round(host.getBoundingClientRect().top), room: getComputedStyle(document.body).paddingBottom };
  });
  const open = await atEnd();
  assert.ok(open.lowest <= open.promptTop, `the lowest control (bottom ${open.lowest}) is under the prompt (top ${open.promptTop})`);
  await nps.getByRole('button', { name: 'Ask me later' }).click();
  await nps.waitFor({ state: 'detached' });
  await page.waitForFunction(() => getComputedStyle(document.body).paddingBottom === '0px'); // no room kept once it is gone
  assert.deepEqual(problems.filter((p) => !p.includes('/collect')), []);
});

test('scorecard page: company and customer results side by side, in three languages', async () => {
  const { page, problems } = await openPage(browser, `${url}scorecard.html`);
  const card = page.locator('#card');
  await card.getByRole('heading', { name: 'Customer results' }).waitFor();
  const text = () => page.evaluate(() => document.getElementById('card').shadowRoot.textContent);
  assert.match(await text(), /Net revenue retention \(NRR\)/);
  assert.match(await text(), /Sales development rep: goal achieved/);
  assert.match(await text(), /NPS and CSAT are leading indicators only beside behaviour/);
  assert.match(await page.textContent('#link'), /Accounts whose roles reach their goals: NRR \d/);
  const drawn = await page.evaluate(() => {
    const root = document.getElementById('card').shadowRoot;
    return {
      roles: root.querySelectorAll('.hbars li').length,
      lines: root.querySelectorAll('li.kpi').length,
      sparklines: root.querySelectorAll('li.kpi svg.spark[role=img]').length,
      points: root.querySelectorAll('svg.line circle').length,
      band: root.querySelectorAll('svg.line path.band').length,
      statuses: [...root.querySelectorAll('li.kpi')].map((l) => l.classList[1]),
    };
  });
  assert.equal(drawn.roles, 3); // three roles
  assert.ok(drawn.lines >= 40, `${drawn.lines} lines`);
  assert.ok(drawn.sparklines >= drawn.lines - 6, `${drawn.sparklines} sparklines for ${drawn.lines} lines`);
  assert.deepEqual([drawn.points, drawn.band], [12, 1]); // twelve months
  assert.ok(drawn.statuses.includes('onTrack') || drawn.statuses.includes('offTrack'));
  // The NPS line and the distribution are of the same month, and both say so.
  const npsLine = await page.evaluate(() => [...document.getElementById('card').shadowRoot.querySelectorAll('li.kpi')]
    .find((l) => l.querySelector('.name').textContent === 'NPS').querySelector('.value').textContent);
  const caption = await page.evaluate(() => document.getElementById('card').shadowRoot.querySelector('#surveys-title + .charts figcaption').textContent);
  assert.match(caption, new RegExp(`^NPS ${npsLine} in December 2026, from \\d+ answers`));
  assert.match(await text(), /€\d/, 'money in the locale\'s currency format');
  // The goals-and-revenue box covers the whole year, whatever the month: it says so; the lead says
  // why LTV : CAC is below CLV / CAC (the ratio uses the margin-adjusted CLV).
  const window = 'For January – December 2026 as a whole (the accounts paying at its start), whichever month is shown above.';
  assert.equal(await page.textContent('#link-window'), window);
  assert.match(await page.textContent('#lead'), /LTV : CAC divides the margin-adjusted CLV \(CLV × gross margin\) by CAC/);
  const linkText = await page.textContent('#link');
  await page.selectOption('#period', '0');
  await card.locator('figcaption').filter({ hasText: 'January 2026' }).first().waitFor();
  assert.deepEqual([await page.textContent('#link-window'), await page.textContent('#link')], [window, linkText]);
  await page.selectOption('#period', '11');
  await page.screenshot({ path: join(artifacts, 'demo-scorecard.png'), fullPage: true });
  assert.deepEqual(await axe(page), []);
  await page.selectOption('#lang', 'ru');
  await card.getByRole('heading', { name: 'Результаты клиентов' }).waitFor();
  assert.match(await text(), /Менеджер по развитию продаж: цель достигнута/);
  assert.equal(await page.evaluate(() => document.querySelector('#period option:checked').textContent), 'декабрь 2026 г.');
  assert.match(await page.textContent('#link'), /^Клиенты, чьи роли достигают целей: NRR \d/);
  assert.match(await page.textContent('#lead'), /^Сгенерированный портфель: 300 клиентов, 12 месяцев выручки, 524 ответа NPS\./);
  assert.equal(await page.textContent('#link-window'), 'За весь период январь 2026 г. – декабрь 2026 г. (клиенты, платившие в его начале), какой бы месяц ни был выбран выше.');
  await page.screenshot({ path: join(artifacts, 'demo-scorecard-ru.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('the demo\'s sentences with counts take the language\'s plural form (Intl.PluralRules)', async () => {
  const { page, problems } = await openPage(browser, `${url}scorecard.html`);
  await page.locator('#lead').filter({ hasText: /\d/ }).waitFor();
  const forms = await page.evaluate(async () => {
    const { demoText } = await import('/demo-lang.js');
    const out = {};
    for (const lang of ['en', 'es', 'ru']) {
      document.documentElement.lang = lang;
      out[lang] = [1, 2, 5, 21, 524].map((n) => demoText('scorecard.lead', { accounts: n, answers: n }).match(/: ([^,]+), .*?, ([^.]+)\./).slice(1).join(' / '));
      out[`${lang}-link`] = demoText('scorecard.link', { accountsA: 1, accountsB: 2, nrrA: 'x', retA: 'x', nrrB: 'x', retB: 'x', rho: 'x', n: 3 }).match(/\((1 [^)]+)\)/)[1];
    }
    return out;
  });
  assert.deepEqual(forms.en, ['1 account / 1 NPS answer', '2 accounts / 2 NPS answers', '5 accounts / 5 NPS answers', '21 accounts / 21 NPS answers', '524 accounts / 524 NPS answers']);
  assert.deepEqual(forms.es, ['1 cuenta / 1 respuesta NPS', '2 cuentas / 2 respuestas NPS', '5 cuentas / 5 respuestas NPS', '21 cuentas / 21 respuestas NPS', '524 cuentas / 524 respuestas NPS']);
  assert.deepEqual(forms.ru, ['1 клиент / 1 ответ NPS', '2 клиента / 2 ответа NPS', '5 клиентов / 5 ответов NPS', '21 клиент / 21 ответ NPS', '524 клиента / 524 ответа NPS']);
  assert.deepEqual([forms['en-link'], forms['es-link'], forms['ru-link']], ['1 account', '1 cuenta', '1 клиент']);
  assert.deepEqual(problems, []);
});
