// The reference collector on an ephemeral port with a temporary data
// folder, for the Node tests of the SDK.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '../../scripts/collector.mjs';
import { serve } from '../../scripts/serve.mjs';

/** Starts a collector: `{ collector, endpoint, dataDir, stop() }`. */
export async function startCollector() {
  const dataDir = mkdtempSync(join(tmpdir(), 'clg-collector-'));
  const collector = createCollector({ dataDir });
  const server = await serve({ port: 0, mounts: {}, collector });
  return {
    collector,
    dataDir,
    endpoint: `http://127.0.0.1:${server.address().port}/collect`,
    stop() {
      server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
