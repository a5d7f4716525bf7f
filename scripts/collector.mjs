// The reference collector: an example of a backend for `clg-metrics/sdk`,
// for the demo and the tests, not a product. Zero dependencies.
//
// POST /collect with a batch `{ "version": 1, "items": [{ key, type, at, payload }] }`
// (JSON, sent as application/json by fetch or text/plain by sendBeacon)
// answers `{ "acked": [keys] }`. Each key is stored once: items are appended
// to <dataDir>/items.ndjson, and the keys already stored are read back from
// that file at start, so de-duplication survives a restart.
//
//   import { createCollector } from './collector.mjs'
//   const collector = createCollector({ dataDir })   // then serve({ collector })
//   collector.fault = { mode: 'fail' | 'status' | 'slow' | 'hang' | 'down' | 'lose-ack' | 'partial-ack' | 'ack-none' | 'not-json' | 'stall-body', ... }
//   collector.fault = (request) => fault or null     // tests only: a fault per request (seeded chaos)
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TYPES = new Set(['events', 'response', 'dismissal', 'observation', 'goal']);
const MAX_BODY = 1 << 20;

/** Why `batch` is not a valid version-1 batch, or ''. */
export function batchProblem(batch) {
  if (batch === null || typeof batch !== 'object') return 'the body is not a JSON object';
  if (batch.version !== 1) return `unsupported version ${JSON.stringify(batch.version)} (this collector reads 1)`;
  if (!Array.isArray(batch.items)) return '"items" is not an array';
  for (const [i, item] of batch.items.entries()) {
    if (item === null || typeof item !== 'object') return `items[${i}] is not an object`;
    if (typeof item.key !== 'string' || item.key === '' || item.key.length > 200) return `items[${i}].key is not a non-empty string`;
    if (!TYPES.has(item.type)) return `items[${i}].type is not one of ${[...TYPES].join(', ')}`;
    if (!Number.isFinite(item.at)) return `items[${i}].at is not a number`;
    if (item.payload === null || typeof item.payload !== 'object') return `items[${i}].payload is not an object`;
  }
  return '';
}

/**
 * A collector storing under `dataDir`. `handle(req, res)` serves POST
 * /collect; `stats` counts items received (with duplicates), stored, and
 * duplicates ignored; `fault` makes it misbehave for tests.
 */
export function createCollector({ dataDir }) {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'items.ndjson');
  const keys = new Set();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        keys.add(JSON.parse(line).key);
      } catch {
        // A torn last line (crash while appending): that item was never acked, its sender retries.
      }
    }
  }
  const stats = { requests: 0, received: 0, stored: 0, duplicates: 0, faults: {} };
  const collector = {
    stats,
    keys,
    file,
    /**
     * Every request answered: `{ at, status, retryAt, beacon, items, bytes }`
     * (`status` 0: no answer; `retryAt`: when its Retry-After lets the
     * next request go; `beacon`: sent as text/plain; `bytes`: of its body).
     */
    log: [],
    /**
     * Test hook: `null`, a fault, or a function of `{ beacon, items }`
     * returning one per request. Before storing: `down` drops the
     * connection, `fail` answers 500, `status` answers `status` (with
     * `Retry-After: retryAfter` when given), `hang` never answers (the
     * connection closes after `delayMs`, default 30 s), `slow` answers
     * after `delayMs`. After storing: `lose-ack` drops the connection,
     * `partial-ack` acknowledges the first half of the keys, `ack-none`
     * none of them, `not-json` answers 200 with an HTML body,
     * `stall-body` sends 200 and the start of the body, then nothing (the
     * connection closes after `delayMs`, default 30 s).
     */
    fault: null,
    handle(req, res) {
      if (req.method !== 'POST') {
        res.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'POST' }).end('POST batches here');
        return;
      }
      const chunks = [];
      let size = 0;
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on('end', async () => {
        if (size > MAX_BODY) {
          collector.log.push({ at: Date.now(), status: 413, retryAt: null, beacon: false, items: 0, bytes: size });
          res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' }).end(JSON.stringify({ error: `the body is over ${MAX_BODY} bytes` }));
          return;
        }
        stats.requests++;
        const at = Date.now();
        const beacon = String(req.headers['content-type']).startsWith('text/plain');
        let batch;
        try {
          batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          batch = null;
        }
        const fault = typeof collector.fault === 'function' ? collector.fault({ beacon, items: batch?.items ?? [] }) : collector.fault;
        if (fault) stats.faults[fault.mode] = (stats.faults[fault.mode] ?? 0) + 1;
        const entry = { at, status: 0, retryAt: null, beacon, items: batch?.items?.length ?? 0, bytes: size };
        if (collector.log.push(entry) > 100_000) collector.log.splice(0, 50_000); // bounded for long demo runs
        const answer = (status, body, headers = {}) => {
          entry.status = status;
          res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }).end(body);
        };
        if (fault?.mode === 'down') return res.socket?.destroy();
        if (fault?.mode === 'hang') return setTimeout(() => res.socket?.destroy(), fault.delayMs ?? 30_000).unref();
        if (fault?.mode === 'fail') return answer(500, JSON.stringify({ error: 'failing on purpose (test hook)' }));
        if (fault?.mode === 'status') {
          if (fault.retryAfter !== undefined) entry.retryAt = retryTime(fault.retryAfter, Date.now());
          return answer(fault.status, JSON.stringify({ error: 'test hook' }), fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter });
        }
        if (fault?.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2000));
        if (batch === null) return answer(400, JSON.stringify({ error: 'the body is not JSON' }));
        const problem = batchProblem(batch);
        if (problem) return answer(400, JSON.stringify({ error: problem }));
        const lines = [];
        for (const item of batch.items) {
          stats.received++;
          if (keys.has(item.key)) {
            stats.duplicates++;
            continue;
          }
          keys.add(item.key);
          lines.push(JSON.stringify({ ...item, receivedAt: Date.now() }) + '\n');
        }
        if (lines.length) appendFileSync(file, lines.join(''));
        stats.stored += lines.length;
        if (fault?.mode === 'lose-ack') return res.socket?.destroy();
        if (fault?.mode === 'not-json') return answer(200, '<html>502 Bad Gateway</html>', { 'Content-Type': 'text/html' });
        if (fault?.mode === 'stall-body') {
          entry.status = 200;
          res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"acked":[');
          return setTimeout(() => res.socket?.destroy(), fault.delayMs ?? 30_000).unref();
        }
        const sent = batch.items.map((item) => item.key);
        const acked = fault?.mode === 'partial-ack' ? sent.slice(0, sent.length >> 1) : fault?.mode === 'ack-none' ? [] : sent;
        answer(200, JSON.stringify({ acked }));
      });
    },
    /** Every stored item, in arrival order. */
    items() {
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    },
  };
  return collector;
}

/** When a Retry-After value (delta-seconds or HTTP-date) sent at `now` lets the next request go. */
function retryTime(value, now) {
  return /^\d+$/.test(value) ? now + Number(value) * 1000 : Date.parse(value);
}
