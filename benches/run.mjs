// `npm run bench`: every workload in benches/workloads/ through clg-metrics
// and through its plain-JS baseline, in Node and in headless Chromium, in
// the same run. Prints medians and the ratio (plain / clg-metrics: above 1
// means clg-metrics is faster), then the per-call costs (harness.mjs
// `callCosts`; `npm run bench calls` prints only these).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { launchChromium } from '../tests/support/chromium.mjs';
import { callCosts, runWorkload, workloadsOf } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const callsOnly = process.argv[2] === 'calls';
const only = callsOnly ? undefined : process.argv[2];
const files = readdirSync(join(here, 'workloads'))
  .filter((f) => f.endsWith('.mjs') && !callsOnly && (!only || f.includes(only)))
  .sort();

const rows = [];
const costs = []; // per-call costs, printed after the workloads

const lib = await import('clg-metrics');
await lib.init();
if (!only) costs.push(...callCosts(lib).map((c) => ({ env: 'node', ...c })));
for (const file of files) {
  for (const workload of workloadsOf(await import(pathToFileURL(join(here, 'workloads', file)).href))) {
    rows.push({ env: 'node', ...runWorkload(lib, workload) });
  }
}

const server = await serve({
  port: 0,
  mounts: { '/dist/': join(root, 'dist'), '/benches/': here, '/': join(root, 'tests/browser/pages') },
});
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/blank.html`);
  for (const file of files) {
    const results = await page.evaluate(async (file) => {
      // @ts-expect-error: a URL of the page's server, not a file tsc can resolve
      const lib = await import('/dist/index.js');
      await lib.init();
      // @ts-expect-error: the same
      const { runWorkload, workloadsOf } = await import('/benches/harness.mjs');
      return workloadsOf(await import(`/benches/workloads/${file}`)).map((w) => runWorkload(lib, w));
    }, file);
    for (const row of results) rows.push({ env: 'chromium', ...row });
  }
  if (!only) {
    const chromiumCosts = await page.evaluate(async () => {
      // @ts-expect-error: a URL of the page's server, not a file tsc can resolve
      const lib = await import('/dist/index.js');
      await lib.init();
      // @ts-expect-error: the same
      const { callCosts } = await import('/benches/harness.mjs');
      return callCosts(lib);
    });
    costs.push(...chromiumCosts.map((c) => ({ env: 'chromium', ...c })));
  }
} finally {
  await browser.close();
  server.close();
}

const ms = (x) => (x >= 1 ? x.toFixed(2) : x >= 0.01 ? x.toFixed(3) : (x * 1000).toFixed(2) + ' µs').padStart(10);
const width = Math.max(0, ...rows.map((r) => r.name.length));
if (rows.length > 0) console.log(`\n${'workload'.padEnd(width)}  env        clg-metrics ms   plain JS ms   plain / clg`);
for (const r of rows) {
  const plain = r.plainMs === null ? `${'-'.padStart(10)}      ${'-'.padStart(7)}` : `${ms(r.plainMs)}      ${(r.plainMs / r.clgMs).toFixed(2).padStart(6)}x`;
  const goal = r.goalMs === undefined ? '' : `   goal <= ${r.goalMs} ms: ${r.clgMs <= r.goalMs ? 'met' : 'MISSED'}`;
  const variant = r.plainVariant ? `   plain: ${r.plainVariant}, the fastest here` : '';
  console.log(`${r.name.padEnd(width)}  ${r.env.padEnd(9)}  ${ms(r.clgMs)}      ${plain}${goal}${variant}`);
}
if (costs.length > 0) {
  const what = Math.max(...costs.map((c) => c.what.length));
  const time = (us) => (us >= 0.1 ? `${us.toFixed(2)} µs` : `${(us * 1000).toFixed(1)} ns`).padStart(10);
  console.log(`\n${'per-call cost'.padEnd(what)}  env        median`);
  for (const c of costs) console.log(`${c.what.padEnd(what)}  ${c.env.padEnd(9)}  ${time(c.us)}`);
}
