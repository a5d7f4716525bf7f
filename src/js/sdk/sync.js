// Delivery of outbox items to the collector: batches over fetch, exponential
// backoff with full jitter, one sender per user across tabs (Web Locks), and
// navigator.sendBeacon on pagehide. Items leave the outbox only when the
// collector acknowledges their keys.
import { sdkError } from './errors.js';

/** Version of the wire format (README, "Wire format"). */
export const WIRE_VERSION = 1;

/**
 * Backoff delay before retry number `attempt` (1, 2, ...): full jitter,
 * uniform in [0, min(maxMs, baseMs * 2^(attempt - 1))).
 */
export function backoffDelay(attempt, { baseMs, maxMs }, random = Math.random) {
  return random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/** The request body of a batch. */
export function batchBody(items) {
  return JSON.stringify({ version: WIRE_VERSION, items });
}

/**
 * The keys a collector response acknowledges, limited to the keys that
 * were sent; throws BAD_ACK when the body is not `{ "acked": [keys] }`.
 */
export function ackedKeys(body, sentKeys) {
  if (body === null || typeof body !== 'object' || !Array.isArray(body.acked)) {
    throw sdkError('BAD_ACK', 'the collector answered without an "acked" array of keys', 'endpoint');
  }
  const sent = new Set(sentKeys);
  return body.acked.filter((key) => sent.has(key));
}

/** Posts one batch; resolves to the acknowledged keys or rejects with SEND_FAILED / BAD_ACK. */
export async function postBatch(endpoint, items, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: batchBody(items),
      signal: controller.signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw sdkError('SEND_FAILED', `could not reach the collector (${cause?.name ?? 'network error'})`, 'endpoint', cause);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    throw sdkError('SEND_FAILED', `the collector answered HTTP ${response.status}`, 'endpoint');
  }
  let body;
  try {
    body = await response.json();
  } catch (cause) {
    throw sdkError('BAD_ACK', 'the collector answered with a body that is not JSON', 'endpoint', cause);
  }
  return ackedKeys(body, items.map((item) => item.key));
}

/**
 * Runs `task` while holding the user's send lock, so that only one tab
 * sends at a time; resolves to false without running it when another tab
 * holds the lock. Without Web Locks (old browsers) it just runs `task`:
 * two tabs may then send an item twice, and the collector's de-duplication
 * by key keeps it once.
 */
export function withSendLock(name, task) {
  const locks = globalThis.navigator?.locks;
  if (!locks?.request) return task().then(() => true);
  return locks.request(name, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await task();
    return true;
  });
}

/**
 * Sends `items` with navigator.sendBeacon as a `text/plain` body (a
 * CORS-safelisted type, so no preflight), in beacons of at most
 * `maxBytes`. Returns how many items were queued.
 */
export function beacon(endpoint, items, maxBytes = 60_000) {
  const send = globalThis.navigator?.sendBeacon?.bind(globalThis.navigator);
  if (!send || items.length === 0) return 0;
  let queued = 0;
  let chunk = [];
  let size = 0;
  const flushChunk = () => {
    if (chunk.length && send(endpoint, new Blob([batchBody(chunk)], { type: 'text/plain;charset=UTF-8' }))) queued += chunk.length;
    chunk = [];
    size = 0;
  };
  for (const item of items) {
    const bytes = JSON.stringify(item).length + 1;
    if (size + bytes > maxBytes) flushChunk();
    chunk.push(item);
    size += bytes;
  }
  flushChunk();
  return queued;
}
