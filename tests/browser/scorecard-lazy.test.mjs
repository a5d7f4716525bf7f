// <clg-scorecard> given the company records (issue 16): it loads
// clg-metrics/company itself, only then, with a loading state meanwhile;
// draws what CompanyData.fromRecords(records).scorecard(options) gives; a
// refused input or a failed load is the widget's sentence and a clg-error;
// the newest records win; a scorecard set directly loads no wasm. Headless
// Chromium, on the package's files served under the strict CSP.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(root, 'test-artifacts');
let server, browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await serve({
    port: 0,
    mounts: { '/dist/': join(root, 'dist'), '/vendor/axe/': join(root, 'node_modules/axe-core'), '/': join(root, 'tests/browser/pages') },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** The README's company example: its records and scorecard options. */
const RECORDS = {
  periods: [
    { start: '2026-01-01', end: '2026-02-01' },
    { start: '2026-02-01', end: '2026-03-01' },
  ],
  accounts: [
    { id: 'acme', openingMrr: 1000, mrr: [1200, 1100], plans: ['pro', 'enterprise'] },
    { id: 'globex', openingMrr: 500, mrr: [0, 0], renewalDue: [true, false] },
    { id: 'initech', mrr: [300, 300], signupDate: '2026-01-05', trialStartDate: '2026-01-05', convertedDate: '2026-01-19', firstValueDate: '2026-01-12' },
  ],
  finance: [{ revenue: 1500, grossProfit: 1200, cash: 90000 }, { cash: 80000, fte: 5 }],
};
const OPTIONS = {
  targets: { nrr: 102, logoChurn: 2, 'results.SDR.goalAchieved': 50 },
  results: [{ role: 'SDR', measuresInPlace: 80, measurableGain: 60, goalAchieved: 45 }],
  surveys: { nps: { promoters: 60, passives: 25, detractors: 15 }, csat: { satisfied: 80, responses: 100 } },
};

/**
 * A page of the widget's tests, with the company module's requests counted
 * (`requests()`: the URLs under /dist/company/ and of every .wasm) and its
 * .wasm held until `release()` (when `hold`).
 */
async function open({ hold = false } = {}) {
  const { page, problems } = await openPage(browser, `http://127.0.0.1:${server.address().port}/blank.html`);
  const urls = [];
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith('/dist/company/') || pathname.endsWith('.wasm')) urls.push(pathname);
  });
  let release = () => {};
  if (hold) {
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/dist/company/wasm/clg_metrics_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
  }
  await page.evaluate(async () => {
    await import('/dist/widgets/scorecard.js');
    const main = document.createElement('main');
    main.append(Object.assign(document.createElement('h1'), { textContent: 'Company' }));
    document.body.append(main);
    window.errors = [];
    document.addEventListener('clg-error', (e) => {
      window.errors.push({ code: e.detail.code, field: e.detail.field, action: e.detail.action });
      e.preventDefault();
    });
  });
  return { page, problems, requests: () => [...urls], release };
}

/** Waits until the widget `#card` is drawn: not busy, and something in its shadow tree. */
function drawn(page) {
  return page.waitForFunction(() => {
    const card = document.getElementById('card');
    return card && !card.hasAttribute('aria-busy') && card.shadowRoot.childNodes.length > 0;
  });
}

/** The cards of `#card` (or another scorecard): name, value and status of each, as drawn. */
function cards(page, id = 'card') {
  return page.evaluate((id) => [...document.getElementById(id).shadowRoot.querySelectorAll('li.kpi')].map((li) => ({
    name: li.querySelector('.name').textContent, value: li.querySelector('.value').textContent, status: li.className,
    spark: li.querySelector('svg.spark')?.getAttribute('aria-label') ?? null,
  })), id);
}

/** axe-core violations on the page, shadow trees included. */
async function axeViolations(page) {
  await page.addScriptTag({ url: '/vendor/axe/axe.min.js' });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(', ')})`);
}

test('records and options: the company module loads only then, with a loading state; the lines are those CompanyData.fromRecords(records).scorecard(options) gives', async () => {
  const { page, problems, requests, release } = await open({ hold: true });
  await page.evaluate(({ OPTIONS }) => {
    const card = document.createElement('clg-scorecard');
    card.id = 'card';
    card.setAttribute('currency', 'EUR');
    document.querySelector('main').append(card);
    card.options = OPTIONS; // options alone: nothing to build, nothing loaded
  }, { OPTIONS });
  assert.deepEqual(requests(), [], 'the widget and its options load no company module');

  await page.evaluate(({ RECORDS }) => { document.getElementById('card').records = RECORDS; }, { RECORDS });
  await page.waitForRequest('**/dist/company/wasm/clg_metrics_bg.wasm');
  const loading = await page.evaluate(() => {
    const card = document.getElementById('card');
    const status = card.shadowRoot.querySelector('[role=status]');
    return { busy: card.getAttribute('aria-busy'), status: status?.textContent, cards: card.shadowRoot.querySelectorAll('.skeleton li').length };
  });
  assert.deepEqual(loading, { busy: 'true', status: 'Loading the scorecard…', cards: 6 });
  assert.ok(requests().includes('/dist/company/index.js'), `the company entry is imported: ${requests()}`);
  assert.deepEqual(await axeViolations(page), []);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(artifacts, `widgets-scorecard-loading-${width}.png`), fullPage: true });
  }

  release();
  await drawn(page);
  // The same scorecard computed by the app, as the README's example does, drawn by a second widget.
  await page.evaluate(async ({ RECORDS, OPTIONS }) => {
    const { init, CompanyData } = await import('/dist/company/index.js');
    await init();
    const data = CompanyData.fromRecords(RECORDS);
    const expected = document.createElement('clg-scorecard');
    expected.id = 'expected';
    expected.setAttribute('currency', 'EUR');
    document.querySelector('main').append(expected);
    expected.periods = RECORDS.periods;
    expected.history = [data.scorecard({ period: 0 }), data.scorecard(OPTIONS)];
    expected.scorecard = data.scorecard(OPTIONS);
    window.expectedLines = [...expected.scorecard.customerResults, ...expected.scorecard.company].length;
    window.nrr = expected.scorecard.company.find((line) => line.key === 'nrr');
    data.free();
  }, { RECORDS, OPTIONS });
  const [got, expected] = [await cards(page), await cards(page, 'expected')];
  assert.equal(got.length, await page.evaluate(() => window.expectedLines), 'a card per line of the scorecard');
  assert.deepEqual(got, expected);
  assert.deepEqual(await page.evaluate(() => [window.nrr.value.value.toFixed(1), window.nrr.status]), ['93.3', 'offTrack']);
  assert.deepEqual(got.find((c) => c.name === 'Net revenue retention (NRR)'), {
    name: 'Net revenue retention (NRR)', value: '93.3%', status: 'kpi offTrack',
    spark: 'Net revenue retention (NRR) by period: January 2026 80%, February 2026 93.3%',
  }, 'the sparkline of a company line covers the periods before (the history built from the records)');
  assert.equal(got.find((c) => c.name === 'SDR: goal achieved').spark, null, 'a line of the options has no history: no sparkline');
  assert.equal(await page.evaluate(() => document.getElementById('card').shadowRoot.innerHTML), await page.evaluate(() => document.getElementById('expected').shadowRoot.innerHTML));
  await page.evaluate(() => document.getElementById('expected').remove());
  assert.deepEqual(await axeViolations(page), []);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(artifacts, `widgets-scorecard-records-${width}.png`), fullPage: true });
  }
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  assert.deepEqual(problems, []);
});

test('records the core refuses: the localised sentence and clg-error with the core\'s code and field; a load that fails is WASM_LOAD_FAILED, and setting records again retries', async () => {
  const { page, problems, requests } = await open();
  const bad = { ...RECORDS, accounts: [{ id: 'acme', mrr: [1200, 'x'] }] };
  await page.evaluate(({ bad }) => {
    const card = document.createElement('clg-scorecard');
    card.id = 'card';
    card.setAttribute('lang', 'es');
    document.querySelector('main').append(card);
    card.records = bad;
  }, { bad });
  await drawn(page);
  const shown = await page.evaluate(() => {
    const card = document.getElementById('card');
    return { text: card.shadowRoot.textContent, role: card.shadowRoot.querySelector('p').getAttribute('role'), errors: window.errors };
  });
  assert.deepEqual(shown, {
    text: 'No se puede mostrar en este momento: recargue la página o inténtelo más tarde.',
    role: 'alert',
    errors: [{ code: 'WRONG_TYPE', field: 'accounts[0].mrr[1]', action: 'read' }],
  });
  // Options the core refuses, named from `options` as data.scorecard() names them.
  await page.evaluate(({ RECORDS }) => {
    const card = document.getElementById('card');
    card.options = { target: { nrr: 100 } };
    card.records = RECORDS;
  }, { RECORDS });
  await page.waitForFunction(() => window.errors.length === 2);
  assert.deepEqual(await page.evaluate(() => window.errors[1]), { code: 'UNKNOWN_OPTION', field: 'options.target', action: 'read' });
  // With a scorecard set too, which one to draw is not guessed.
  await page.evaluate(() => {
    const card = document.getElementById('card');
    card.options = null;
    card.scorecard = { period: 0, customerResults: [], company: [] };
  });
  await page.waitForFunction(() => window.errors.length >= 3);
  assert.deepEqual(await page.evaluate(() => window.errors[2]), { code: 'INVALID_VALUE', field: 'records', action: 'read' });
  assert.equal(requests().filter((u) => u.endsWith('.wasm')).length, 1, 'the module loads once per page');
  assert.deepEqual(problems, []);

  // A company module that cannot be fetched (offline): WASM_LOAD_FAILED; the next records retry.
  const offline = await open();
  await offline.page.route('**/dist/company/wasm/clg_metrics_bg.wasm', (route) => route.abort());
  await offline.page.evaluate(({ RECORDS }) => {
    const card = document.createElement('clg-scorecard');
    card.id = 'card';
    document.querySelector('main').append(card);
    card.records = RECORDS;
  }, { RECORDS });
  await drawn(offline.page);
  assert.deepEqual(await offline.page.evaluate(() => [document.getElementById('card').shadowRoot.textContent, window.errors]), [
    'This cannot be shown right now: reload the page, or try again later.',
    [{ code: 'WASM_LOAD_FAILED', field: 'init', action: 'read' }],
  ]);
  await offline.page.unroute('**/dist/company/wasm/clg_metrics_bg.wasm');
  await offline.page.evaluate(({ RECORDS }) => { document.getElementById('card').records = { ...RECORDS }; }, { RECORDS });
  await offline.page.waitForFunction(() => document.getElementById('card').shadowRoot.querySelectorAll('li.kpi').length > 0);
  assert.deepEqual(offline.problems.filter((p) => !p.includes('clg_metrics_bg.wasm')), []);
});

test('records replaced while the module loads: only the newest are drawn, never the older ones', async () => {
  const { page, problems, release } = await open({ hold: true });
  const older = { ...RECORDS, accounts: [{ id: 'old', mrr: [1111, 1111] }] };
  const newer = { ...RECORDS, accounts: [{ id: 'new', mrr: [2222, 2222] }] };
  await page.evaluate(({ older, newer }) => {
    const card = document.createElement('clg-scorecard');
    card.id = 'card';
    document.querySelector('main').append(card);
    window.texts = [];
    new MutationObserver(() => window.texts.push(card.shadowRoot.textContent)).observe(card.shadowRoot, { childList: true, subtree: true });
    card.records = older;
    card.options = { targets: { mrr: 1000 } };
    setTimeout(() => { card.records = newer; }, 50);
  }, { older, newer });
  await page.waitForRequest('**/dist/company/wasm/clg_metrics_bg.wasm');
  await page.waitForTimeout(100);
  release();
  await drawn(page);
  const mrr = (await cards(page)).find((c) => c.name === 'MRR');
  assert.deepEqual([mrr.value, mrr.status], ['$2,222', 'kpi onTrack'], 'the newer records, with the options set after the older');
  const texts = await page.evaluate(() => window.texts);
  assert.ok(texts.every((t) => !t.includes('1,111')), 'the older records were never drawn');
  // Once loaded, new records replace the drawing before the next paint: no loading state in between.
  const between = await page.evaluate(async ({ older }) => {
    const card = document.getElementById('card');
    card.records = older;
    const busy = card.getAttribute('aria-busy');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return { busy, text: card.shadowRoot.textContent.includes('1,111') };
  }, { older });
  assert.deepEqual(between, { busy: null, text: true });
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  assert.deepEqual(problems, []);
});

test('a scorecard set directly is drawn at once, and no company module or wasm is fetched', async () => {
  const { page, problems, requests } = await open();
  const text = await page.evaluate(() => {
    const card = document.createElement('clg-scorecard');
    document.querySelector('main').append(card);
    card.scorecard = { period: 0, customerResults: [], company: [{ key: 'mrr', role: null, unit: 'currency', cadence: 'operational', value: { value: 5, reason: null }, change: { value: null, reason: 'NO_PREVIOUS_PERIOD' }, target: null, status: 'noTarget', benchmark: null }] };
    return { busy: card.getAttribute('aria-busy'), text: card.shadowRoot.querySelector('li.kpi .value').textContent };
  });
  assert.deepEqual(text, { busy: null, text: '$5' });
  await page.waitForTimeout(300);
  assert.deepEqual(requests(), []);
  assert.deepEqual(problems, []);
});
