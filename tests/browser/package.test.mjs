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
  const n = 1_000_000; // scores i % 11: 9 and 10 of every 11, plus those in the last partial run
  assert.equal(r.big.promoters, 2 * Math.floor(n / 11) + Math.max(0, (n % 11) - 9));
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

// What a misconfigured server sends in place of the .wasm: Vite 7's dev
// server without `optimizeDeps.exclude` answers with its HTML page, others
// with a 404. Each case gets its own page (the 404 is an expected problem).
test('init() on a response that is not wasm: WASM_LOAD_FAILED naming the URL and the README fix; a retry then loads', async () => {
  const { page: own } = await openPage(browser, `http://127.0.0.1:${server.address().port}/blank.html`);
  const wasm = '**/dist/wasm/clg_metrics_bg.wasm';
  const attempt = (source) =>
    own.evaluate(async (source) => {
      const lib = await import('/dist/index.js');
      try {
        await lib.init(source ?? undefined);
        return { loaded: lib.nps([10, 0, 9]).n };
      } catch (e) {
        return { isError: e instanceof Error, code: e.code, field: e.field, url: e.url, status: e.status, message: e.message };
      }
    }, source);
  try {
    await own.route(wasm, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><body>app</body></html>' }));
    const html = await attempt(null);
    assert.equal(html.code, 'WASM_LOAD_FAILED');
    assert.equal(html.isError, true);
    assert.equal(html.field, 'init');
    assert.match(html.url, /\/dist\/wasm\/clg_metrics_bg\.wasm$/);
    assert.equal(html.status, 200, 'the HTML page came with HTTP 200');
    assert.ok(html.message.includes(html.url), html.message);
    assert.match(html.message, /text\/html content starting with "<!do"/);
    assert.match(html.message, /optimizeDeps: \{ exclude: \['clg-metrics'\] \}/);
    await own.unroute(wasm);

    await own.route(wasm, (r) => r.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }));
    const missing = await attempt(null);
    assert.equal(missing.code, 'WASM_LOAD_FAILED');
    assert.equal(missing.status, 404);
    assert.match(missing.message, /HTTP 404/);
    await own.unroute(wasm);

    const given = await attempt('/nowhere/clg_metrics_bg.wasm');
    assert.equal(given.code, 'WASM_LOAD_FAILED');
    assert.equal(given.field, 'source');
    assert.match(given.url, /\/nowhere\/clg_metrics_bg\.wasm$/);
    assert.match(given.message, /HTTP 404.*check the source given to init\(\)/);

    const bytes = await own.evaluate(async () => {
      const lib = await import('/dist/index.js');
      return lib.init(new TextEncoder().encode('<!doctype html>')).catch((e) => [e.code, e.field, e.url, e.message]);
    });
    assert.deepEqual(bytes, [
      'WASM_LOAD_FAILED',
      'source',
      null, // bytes have no URL
      'source: the WebAssembly module at the given bytes did not load: it is not WebAssembly but content starting with "<!do"; check the source given to init()',
    ]);

    // Another entry's module: its imports are not this entry's glue's.
    const other = await own.evaluate(async () => {
      const scores = await import('/dist/scores/index.js');
      return scores.init('/dist/wasm/clg_metrics_bg.wasm').catch((e) => ({ code: e.code, field: e.field, url: e.url, message: e.message, status: e.status }));
    });
    assert.equal(other.code, 'WASM_LOAD_FAILED');
    assert.equal(other.field, 'source');
    assert.match(other.url, /\/dist\/wasm\/clg_metrics_bg\.wasm$/);
    assert.match(other.message, /another entry's module/);
    assert.equal(other.status, 200, 'the HTTP status of the answer, as for every fetched source');

    // A smaller entry's module links into a larger entry's glue: refused all the same (by the jobs
    // it was built for), before it is instantiated, so init() with the right one still works.
    const smaller = await own.evaluate(async () => {
      const results = await import('/dist/results/index.js');
      const refused = [];
      for (const url of ['/dist/company/wasm/clg_metrics_bg.wasm', '/dist/in-app/wasm/clg_metrics_bg.wasm', '/dist/scores/wasm/clg_metrics_bg.wasm']) {
        refused.push(await results.init(url).then(() => 'loaded', (e) => [e.code, e.field, e.status, /another entry's module/.test(e.message)]));
      }
      await results.init();
      const store = new results.ResultsStore();
      store.free();
      return refused;
    });
    assert.deepEqual(smaller, Array(3).fill(['WASM_LOAD_FAILED', 'source', 200, true]));

    // The bundled browser files shorten every name but the classes' (scripts/build.mjs, bundle()).
    const names = await own.evaluate(async () => {
      const [scores, results, company] = await Promise.all(['scores', 'results', 'company'].map((dir) => import(`/dist/${dir}/index.js`)));
      return [scores.SurveyAggregate.name, results.ResultsStore.name, company.CompanyData.name];
    });
    assert.deepEqual(names, ['SurveyAggregate', 'ResultsStore', 'CompanyData']);

    // A module that is no clg-metrics module at all (an empty one links into any glue) and sources
    // that throw when read: refused with the code, and init() with the right one still works.
    const odd = await own.evaluate(async () => {
      const scores = await import('/dist/scores/index.js');
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      const detached = new Uint8Array(8);
      structuredClone(detached.buffer, { transfer: [detached.buffer] });
      const sources = [new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), proxy, new Proxy({}, { getPrototypeOf() { throw new Error('trap'); } }), detached, 42, {}];
      const refused = [];
      const messages = [];
      for (const source of sources) {
        refused.push(await scores.init(source).then(() => 'loaded', (e) => {
          messages.push(e.message);
          return [e.code, e.field, e.message.split(': ').slice(0, 2).join(': ')];
        }));
      }
      const absent = await scores.init(null).then(() => scores.nps([9]).n, (e) => e.message);
      return { refused, messages, absent };
    });
    assert.deepEqual(odd.refused[0], ['WASM_LOAD_FAILED', 'source', 'source: the WebAssembly module at the given bytes did not load']);
    for (const refused of odd.refused.slice(1)) assert.deepEqual(refused, ['WASM_LOAD_FAILED', 'source', 'source: the WebAssembly module at the given source did not load']);
    // Neither a URL, a Response, bytes nor a module: said so, not "does not compile".
    assert.deepEqual(odd.messages.slice(-2), [42, {}].map((source) => `source: the WebAssembly module at the given source did not load: it is of type ${typeof source}, not a URL, a Response, bytes or a WebAssembly.Module; check the source given to init()`));
    assert.equal(odd.absent, 1, 'init(null) loads the default module, and the refusals left nothing broken');

    // Bytes in a DataView load as in a Uint8Array (WebAssembly.compile itself refuses a DataView).
    const viewed = await own.evaluate(async () => {
      const trends = await import('/dist/trends/index.js');
      const bytes = await (await fetch('/dist/trends/wasm/clg_metrics_bg.wasm')).arrayBuffer();
      const padded = new Uint8Array(bytes.byteLength + 3);
      padded.set(new Uint8Array(bytes), 3);
      return trends.init(new DataView(padded.buffer, 3, bytes.byteLength)).then(() => trends.validateResponse({ kind: 'nps', score: 9, timestamp: 0, respondent: { userId: 'u' } }).kind, (e) => e.message);
    });
    assert.equal(viewed, 'nps');

    const rejected = await own.evaluate(async () => {
      const lib = await import('/dist/index.js');
      return lib.init(Promise.reject(new TypeError('Failed to fetch'))).catch((e) => ({ code: e.code, field: e.field, message: e.message }));
    });
    assert.deepEqual(rejected, {
      code: 'WASM_LOAD_FAILED',
      field: 'source',
      message: 'source: the WebAssembly module at the given source did not load: the request failed (Failed to fetch); check the source given to init()',
    });

    assert.deepEqual(await attempt(null), { loaded: 3 }); // failures are not cached
  } finally {
    await own.close();
  }
});

test('init() keeps streaming compilation when the server sends application/wasm', async () => {
  const { page: own, problems: ownProblems } = await openPage(browser, `http://127.0.0.1:${server.address().port}/blank.html`);
  try {
    const r = await own.evaluate(async () => {
      const streamed = [];
      const original = WebAssembly.compileStreaming;
      WebAssembly.compileStreaming = (response) => {
        streamed.push(response.headers.get('content-type'));
        return original(response);
      };
      const lib = await import('/dist/index.js');
      await lib.init();
      return { streamed, n: lib.nps([10]).n };
    });
    assert.deepEqual(r, { streamed: ['application/wasm'], n: 1 });
    assert.deepEqual(ownProblems, []);
  } finally {
    await own.close();
  }
});
