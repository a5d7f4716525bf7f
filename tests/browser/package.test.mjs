// The built package in headless Chromium, loaded as a browser loads it
// (ES module + fetch of the .wasm) from a page served with a strict CSP.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { launchChromium, openPage } from '../support/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let server, browser, page, problems;

before(async () => {
  server = await serve({ port: 0, mounts: { '/dist/': join(root, 'dist'), '/': join(root, 'tests/browser/pages') } });
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser, `http://127.0.0.1:${server.address().port}/blank.html`));
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('before init(), calls throw NOT_INITIALIZED; init() is idempotent', async () => {
  const r = await page.evaluate(async () => {
    const lib = await import('/dist/index.js');
    let early;
    try {
      lib.nps([10]);
    } catch (e) {
      early = { code: e.code, isError: e instanceof Error };
    }
    const first = lib.init();
    const same = first === lib.init();
    await first;
    return { early, same, score: lib.nps([10, 9, 0]).score };
  });
  assert.deepEqual(r.early, { code: 'NOT_INITIALIZED', isError: true });
  assert.equal(r.same, true);
  assert.ok(Math.abs(r.score - 100 / 3) < 1e-12);
});

test('nps in the browser: typed arrays, arrays and typed errors', async () => {
  const r = await page.evaluate(async () => {
    const lib = await import('/dist/index.js');
    await lib.init();
    const big = new Uint8Array(1_000_000).map((_, i) => i % 11);
    const caught = (f) => {
      try {
        f();
      } catch (e) {
        return { name: e.constructor.name, code: e.code, field: e.field, message: e.message };
      }
    };
    return {
      big: lib.nps(big),
      array: lib.nps([10, 9, 8, 7, 6, 5]),
      outOfRange: caught(() => lib.nps([1, 2, 11])),
      wrongType: caught(() => lib.nps(['9'])),
      level: caught(() => lib.nps([9], { level: 2 })),
      after: lib.nps([9, 9, 0]).n,
    };
  });
  assert.equal(r.big.n, 1_000_000);
  assert.equal(r.big.promoters, 2 * Math.floor(1_000_000 / 11) + (1_000_000 % 11 > 9 ? 1 : 0));
  assert.equal(r.array.score, 0); // 2 promoters, 2 passives, 2 detractors
  assert.deepEqual(r.outOfRange, {
    name: 'RangeError',
    code: 'SCORE_OUT_OF_RANGE',
    field: 'scores[2]',
    message: 'scores[2]: an NPS score must be an integer from 0 to 10, got 11',
  });
  assert.equal(r.wrongType.name, 'TypeError');
  assert.equal(r.wrongType.code, 'WRONG_TYPE');
  assert.equal(r.level.code, 'INVALID_LEVEL');
  assert.equal(r.after, 3);
  assert.deepEqual(problems, []);
});
