// Layout, checked rather than hoped for: every demo page and every widget
// test page at 320, 390, 768 and 1280 px wide has no horizontal overflow
// and no clipped text (in the page and in every widget's shadow tree), the
// 0-10 scale stays on one row, and a full-page screenshot of each is kept
// in test-results/screenshots/<page>-<width>.png (git-ignored). The demo
// pages are also checked in Russian (the longest words) and in dark mode
// (with axe-core).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../scripts/collector.mjs';
import { DEMO_MOUNTS, serve } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-results/screenshots');
const dataDir = mkdtempSync(join(tmpdir(), 'clg-layout-'));
const WIDTHS = [320, 390, 768, 1280];
let server, browser, url;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await serve({ port: 0, collector: createCollector({ dataDir }), mounts: { ...DEMO_MOUNTS, '/pages/': join(root, 'tests/browser/pages'), '/vendor/axe/': join(root, 'node_modules/axe-core') } });
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Runs in the page: what overflows. The page wider than the viewport; text
 * off the viewport's sides; an element that clips (overflow other than
 * visible, or text-overflow) with content wider than its box; SVG text
 * outside its <svg>. Shadow trees included; invisible elements skipped.
 */
function layoutProblems() {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
  const name = (el) => {
    const host = el.getRootNode().host;
    const text = (el.textContent || '').trim().slice(0, 40);
    return `${host ? `${host.localName}#${host.id} ` : ''}${el.localName}${el.className?.baseVal ?? (el.className ? `.${String(el.className).split(' ').join('.')}` : '')} "${text}"`;
  };
  const visit = (rootNode) => {
    for (const el of rootNode.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el.checkVisibility && !el.checkVisibility({ opacityProperty: false, visibilityProperty: true })) continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // visually hidden
      const style = getComputedStyle(el);
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (ownText && (box.left < -1 || box.right > width + 1)) problems.push(`text outside the viewport (${Math.round(box.left)}..${Math.round(box.right)}): ${name(el)}`);
      const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
      if (clips && !(el instanceof SVGElement) && !['TEXTAREA', 'SELECT', 'INPUT'].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`clipped (${el.scrollWidth} > ${el.clientWidth}): ${name(el)}`);
      }
      if (el instanceof SVGTextElement) {
        const frame = el.ownerSVGElement.getBoundingClientRect();
        if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1) problems.push(`SVG text outside its chart: ${name(el)}`);
      }
    }
  };
  visit(document);
  return problems;
}

/** The distinct rows the NPS scale's answers sit on, per prompt. */
function scaleRows() {
  return [...document.querySelectorAll('clg-nps-prompt:not([hidden])')].map((p) =>
    new Set([...p.shadowRoot.querySelectorAll('.scale label')].map((l) => Math.round(l.getBoundingClientRect().top))).size);
}

/** Pages and how to bring each into its fullest state. */
const PAGES = [
  { name: 'calculator', path: '', ready: (page) => page.locator('#score').filter({ hasText: /\d/ }).waitFor() },
  {
    name: 'app', path: 'app.html',
    ready: async (page) => {
      await page.locator('#panel').getByRole('heading', { level: 2 }).waitFor();
      // Five actions: the NPS campaign's prompt opens over the page, the way a user meets it.
      for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Identify 10 visitors' }).click();
      await page.locator('#prompts').getByRole('radiogroup').waitFor();
    },
  },
  {
    name: 'app-check-in', path: 'app.html',
    ready: async (page) => {
      // A goal on the self-assessed metric starts: the check-in campaign's prompt opens.
      const targeting = page.locator('#panel').getByRole('article', { name: 'Confidence in campaign targeting' });
      await targeting.getByRole('radio', { name: '2 · Some data' }).check();
      await targeting.getByLabel('Target (points)').fill('4');
      await targeting.getByRole('button', { name: 'Set goal' }).click();
      await page.locator('#prompts').getByRole('dialog', { name: 'A quick check-in on your goals' }).waitFor();
    },
  },
  { name: 'app-ru', path: 'app.html', lang: 'ru', ready: (page) => page.locator('#panel').getByRole('heading', { name: 'Интернет-маркетолог' }).waitFor() },
  { name: 'scorecard', path: 'scorecard.html', ready: (page) => page.locator('#card').getByRole('heading', { name: 'Customer results' }).waitFor() },
  { name: 'scorecard-ru', path: 'scorecard.html', lang: 'ru', ready: (page) => page.locator('#card').getByRole('heading', { name: 'Результаты клиентов' }).waitFor() },
  { name: 'app-dark', path: 'app.html', scheme: 'dark', ready: (page) => page.locator('#panel').getByRole('heading', { level: 2 }).waitFor() },
  { name: 'scorecard-dark', path: 'scorecard.html', scheme: 'dark', ready: (page) => page.locator('#card').getByRole('heading', { name: 'Customer results' }).waitFor() },
  { name: 'widget-prompts', path: 'pages/widgets.html', ready: (page) => page.waitForSelector('html[data-ready]') },
  { name: 'widget-goals', path: 'pages/goals.html', ready: (page) => page.waitForSelector('html[data-ready]') },
  {
    name: 'widget-role-goals', path: 'pages/roles.html',
    ready: async (page) => {
      await page.waitForSelector('html[data-ready]');
      const panel = page.locator('#panel');
      await panel.getByLabel('Current value (meetings)').fill('10');
      await page.keyboard.press('Enter');
      await panel.getByLabel('Target (meetings)').fill('5');
      await panel.getByRole('button', { name: 'Set goal' }).click(); // a refused goal: its sentence shows too
      await panel.getByRole('alert').filter({ hasText: /./ }).waitFor();
    },
  },
];

/** axe-core violations on the page (run on the dark pages: the light ones are checked by demo-app.test.mjs). */
async function axe(page) {
  await page.addScriptTag({ url: '/vendor/axe/axe.min.js' });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(', ')})`);
}

for (const { name, path, lang, scheme, ready } of PAGES) {
  test(`${name}: no overflow and no clipped text at ${WIDTHS.join(', ')} px`, async () => {
    for (const width of WIDTHS) {
      const { page, problems } = await openPage(browser, 'about:blank');
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: scheme ?? 'light' }); // screenshots without a prompt half faded in
      if (lang) await page.addInitScript((lang) => localStorage.setItem('clg-demo-lang', lang), lang);
      await page.goto(`${url}${path}`);
      await ready(page);
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
      assert.deepEqual(await page.evaluate(layoutProblems), [], `${name} at ${width} px`);
      for (const rows of await page.evaluate(scaleRows)) assert.equal(rows, 1, `${name} at ${width} px: the 0-10 scale is on one row`);
      if (scheme === 'dark' && width === 390) assert.deepEqual(await axe(page), [], `${name} at ${width} px`);
      assert.deepEqual(problems.filter((p) => !p.includes('/collect')), [], `${name} at ${width} px`);
      await page.context().close();
    }
  });
}
