// The demo app (what `npm start` serves), driven like a person would.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(root, 'test-artifacts');
let server, browser, url;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await serve({ port: 0 });
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the first page computes an NPS from typed-in scores, by keyboard', async () => {
  const { page, problems } = await openPage(browser, url);
  // The sample answers: 8 promoters, 4 passives, 3 detractors of 15.
  await page.locator('#score').filter({ hasText: /\d/ }).waitFor();
  assert.equal(await page.textContent('#score'), '33.3');
  assert.equal(await page.textContent('#n'), '15');

  await page.focus('#scores');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('10, 10, 9\n8 0');
  await page.keyboard.press('Tab'); // to the level select
  await page.keyboard.press('Tab'); // to the button
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#n').textContent === '5');
  assert.equal(await page.textContent('#score'), '40');
  assert.match(await page.textContent('#interval'), /^95 % confidence interval: -?\d/);
  await page.screenshot({ path: join(artifacts, 'demo-nps.png'), fullPage: true });

  // A new confidence level applies at once, without pressing Compute again.
  await page.selectOption('#level', '0.99');
  await page.waitForFunction(() => document.querySelector('#interval').textContent.startsWith('99 %'));
  assert.equal(await page.textContent('#score'), '40');

  // A bad entry: a short sentence naming its (1-based) position, never the core's developer message.
  await page.fill('#scores', '10 11 <img src=x onerror=alert(1)>');
  await page.click('button[type=submit]');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'Entry 2 (“11”) is not a whole number from 0 to 10.');
  assert.equal(await page.locator('#output').isHidden(), true);

  await page.fill('#scores', '9 <img src=x onerror=alert(1)>');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[role=alert]').textContent === 'Entry 2 (“<img”) is not a whole number from 0 to 10.');
  assert.equal(await page.locator('img').count(), 0, 'input is rendered as text, never as HTML');

  // Whole numbers written with digits only: "1e1", "0x5", "7.0" and "+3" are not 10, 5, 7 and 3.
  for (const [typed, sentence] of [['1e1', 'Entry 1 (“1e1”)'], ['9 0x5', 'Entry 2 (“0x5”)'], ['8, 9, 7.0', 'Entry 3 (“7.0”)'], ['+3', 'Entry 1 (“+3”)']]) {
    await page.fill('#scores', typed);
    await page.click('button[type=submit]');
    assert.equal(await alert.textContent(), `${sentence} is not a whole number from 0 to 10.`, typed);
  }
  await page.fill('#scores', ' , ');
  await page.click('button[type=submit]');
  assert.equal(await alert.textContent(), 'Enter at least one score from 0 to 10.');
  assert.deepEqual(problems, []);
});

test('the first page follows the demo\'s language: its switch, the language chosen on another page, its errors', async () => {
  const { page, problems } = await openPage(browser, `${url}app.html`);
  await page.selectOption('#lang', 'ru'); // chosen on the Beacon app page
  await page.goto(url);
  await page.locator('#score').filter({ hasText: /\d/ }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  assert.equal(await page.inputValue('#lang'), 'ru');
  assert.equal(await page.textContent('h1'), 'Net Promoter Score, посчитанный в вашем браузере');
  assert.equal(await page.textContent('#score'), '33,3');
  assert.equal(await page.textContent('#interval'), 'Доверительный интервал 95 %: от -8,5 до 64,1');
  assert.equal(await page.getByRole('button', { name: 'Посчитать NPS' }).count(), 1);
  assert.equal(await page.getByRole('navigation', { name: 'Страницы демо' }).count(), 1);
  await page.fill('#scores', '10 9 abc 8');
  await page.click('button[type=submit]');
  assert.equal(await page.getByRole('alert').textContent(), 'Значение № 3 («abc») — не целое число от 0 до 10.');
  // Switched here: the sentence on screen follows, and the other pages get the language too.
  await page.selectOption('#lang', 'es');
  assert.equal(await page.getByRole('alert').textContent(), 'La entrada 3 («abc») no es un número entero del 0 al 10.');
  assert.equal(await page.textContent('label[for=scores]'), 'Puntuaciones (separadas por espacios, comas o saltos de línea)');
  await page.screenshot({ path: join(artifacts, 'demo-nps-es.png'), fullPage: true });
  await page.goto(`${url}scorecard.html`);
  assert.equal(await page.inputValue('#lang'), 'es');
  assert.deepEqual(problems.filter((p) => !p.includes('/collect')), []);
});
