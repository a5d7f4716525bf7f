// The reference collector on an ephemeral port with a temporary data
// folder: alone for the Node tests of the SDK, or beside the test pages and
// dist/ (same origin, strict CSP) for the browser tests.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../scripts/collector.mjs';
import { serve } from '../../scripts/serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Mounts of the browser tests: the built package and tests/browser/pages. */
export const PAGE_MOUNTS = { '/dist/': join(root, 'dist'), '/': join(root, 'tests/browser/pages') };

/**
 * Starts a collector (at `/collect`, serving `mounts` beside it):
 * `{ collector, origin, endpoint, dataDir, stop() }`.
 */
export async function startCollector(mounts = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'clg-collector-'));
  const collector = createCollector({ dataDir });
  const server = await serve({ port: 0, mounts, collector });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    collector,
    dataDir,
    origin,
    endpoint: `${origin}/collect`,
    stop() {
      server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What `pick(items)` returns from the items `collector` stored, once it
 * returns something (polled every 200 ms; throws after 15 s).
 */
export async function collected(collector, pick) {
  for (let waited = 0; ; waited += 200) {
    let items = [];
    try {
      items = readFileSync(collector.file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      // not written yet
    }
    const found = pick(items);
    if (found) return found;
    if (waited > 15_000) throw new Error(`the collector has ${items.length} items, not the expected ones`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
