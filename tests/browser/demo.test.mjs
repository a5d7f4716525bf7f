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

  await page.fill('#scores', '10 11 <img src=x onerror=alert(1)>');
  await page.click('button[type=submit]');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'scores[1]: an NPS score must be an integer from 0 to 10, got 11 (SCORE_OUT_OF_RANGE)');
  assert.equal(await page.locator('#output').isHidden(), true);

  await page.fill('#scores', '9 <img src=x onerror=alert(1)>');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[role=alert]').textContent.includes('WRONG_TYPE'));
  assert.equal(await page.locator('img').count(), 0, 'input is rendered as text, never as HTML');
  assert.deepEqual(problems, []);
});
