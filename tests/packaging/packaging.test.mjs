// The packaging test: `npm pack`, install the tarball into a fresh project,
// and use it as a user would — from Node, and from a page built by Vite and
// opened in Chromium under a strict Content-Security-Policy.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const app = mkdtempSync(join(tmpdir(), 'clg-metrics-packaging-'));

/** Runs a command; on failure the error carries what it printed. */
function run(cmd, args, cwd = app) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stdout}\n${e.stderr}`);
  }
}
let packed;

before(() => {
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', app], root));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', join(app, packed.filename)]);
});

after(() => rmSync(app, { recursive: true, force: true }));

test('the tarball holds exactly the package files and no runtime dependencies', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'LICENSE',
    'README.md',
    'dist/api.js',
    'dist/error.js',
    'dist/handles.js',
    'dist/index.d.ts',
    'dist/index.js',
    'dist/input.js',
    'dist/limits.js',
    'dist/node.js',
    'dist/pack.js',
    'dist/ready.js',
    'dist/sdk/client.js',
    'dist/sdk/errors.js',
    'dist/sdk/index.d.ts',
    'dist/sdk/index.js',
    'dist/sdk/node.js',
    'dist/sdk/results.js',
    'dist/sdk/scores.js',
    'dist/sdk/storage.js',
    'dist/sdk/sync.js',
    'dist/wasm/clg_metrics.d.ts',
    'dist/wasm/clg_metrics.js',
    'dist/wasm/clg_metrics_bg.wasm',
    'dist/widgets/charts.js',
    'dist/widgets/element.js',
    'dist/widgets/goal-progress.js',
    'dist/widgets/i18n.js',
    'dist/widgets/index.d.ts',
    'dist/widgets/index.js',
    'dist/widgets/locales/en.js',
    'dist/widgets/locales/es.js',
    'dist/widgets/locales/ru.js',
    'dist/widgets/role-goals.js',
    'dist/widgets/scorecard.js',
    'dist/widgets/survey-prompt.js',
    'package.json',
  ]);
  const installed = JSON.parse(run('npm', ['ls', '--all', '--json']));
  assert.deepEqual(Object.keys(installed.dependencies), ['clg-metrics']);
  assert.equal(installed.dependencies['clg-metrics'].dependencies, undefined);
});

test('Node imports the installed package and computes an NPS', () => {
  writeFileSync(
    join(app, 'use.mjs'),
    `import { init, nps } from 'clg-metrics';
await init();
const r = nps(new Uint8Array([10, 9, 8, 0]));
let code;
try { nps([12]); } catch (e) { code = e.code; }
console.log(JSON.stringify({ score: r.score, n: r.n, code }));`,
  );
  assert.deepEqual(JSON.parse(run('node', ['use.mjs'])), { score: 25, n: 4, code: 'SCORE_OUT_OF_RANGE' });
});

test('Node imports the installed SDK entry, asks the survey policy and records a metric', () => {
  writeFileSync(
    join(app, 'sdk.mjs'),
    `import { createClient } from 'clg-metrics/sdk';
const model = { roles: [{ id: 'admin', name: 'Admin', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
  metrics: [{ id: 'hours', name: 'Hours saved', kind: 'value', unit: 'h', direction: 'higher', collection: { method: 'selfReported' } }] }] };
const client = await createClient({ accountId: 'a', userId: 'u', role: 'admin', storage: 'memory', model,
  policy: { kinds: { nps: { recontactDays: 90 } }, sessionDelayMinutes: 0 } });
const tracked = client.track('opened', { n: 1 });
const decision = client.shouldAskSurvey('nps');
const { accepted } = await client.record({ metric: 'hours', value: 3 });
const current = client.metrics()[0].current;
await client.destroy();
console.log(JSON.stringify({ tracked, decision, accepted, current }));`,
  );
  assert.deepEqual(JSON.parse(run('node', ['sdk.mjs'])), { tracked: true, decision: { show: true, reason: 'ELIGIBLE', retryAt: null }, accepted: true, current: 3 });
});

test('TypeScript accepts the installed types under bundler and NodeNext resolution', () => {
  copyFileSync(join(root, 'tests/types/consumer.ts'), join(app, 'consumer.ts'));
  copyFileSync(join(root, 'tests/types/sdk.ts'), join(app, 'sdk.ts'));
  for (const resolution of [['--module', 'NodeNext', '--moduleResolution', 'NodeNext'], ['--module', 'ESNext', '--moduleResolution', 'Bundler']]) {
    run(process.execPath, [
      join(root, 'node_modules/typescript/bin/tsc'),
      '--noEmit', '--strict', '--target', 'ES2022', '--lib', 'ES2022,DOM', ...resolution, 'consumer.ts', 'sdk.ts',
    ]);
  }
});

test('a Vite-built page loads the package and its widgets in Chromium under a strict CSP', async () => {
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title>
<script type="module" src="/main.js"></script></head><body><output id="out"></output></body></html>`,
  );
  writeFileSync(
    join(app, 'main.js'),
    `import { init, nps } from 'clg-metrics';
import 'clg-metrics/widgets';
init().then(() => {
  document.getElementById('out').textContent = JSON.stringify(nps([10, 10, 9, 7, 2]));
  document.body.append(document.createElement('clg-csat-prompt'));
});`,
  );
  run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
  const assets = readdirSync(join(app, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `Vite emitted no .wasm: ${assets}`);

  const server = await serve({ port: 0, mounts: { '/': join(app, 'dist') } });
  const browser = await launchChromium();
  try {
    const { page, problems } = await openPage(browser, `http://127.0.0.1:${server.address().port}/`);
    await page.locator('#out').filter({ hasText: /score/ }).waitFor();
    const result = JSON.parse(await page.textContent('#out'));
    assert.equal(result.score, 40);
    assert.equal(result.n, 5);
    const radios = await page.evaluate(() => document.querySelector('clg-csat-prompt').shadowRoot.querySelectorAll('input[type=radio]').length);
    assert.equal(radios, 5);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
