// The wire: batches over fetch, the collector's ack, and one sender per
// user across tabs (Web Locks). Items leave the outbox only when the
// collector acknowledges their keys (outbox.js).
import { sdkError } from './errors.js';
import { parseRetryAfter, RETRY_AFTER_STATUSES } from './retry.js';

/** Version of the wire format (README, "Wire format"). */
export const WIRE_VERSION = 1;

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

/**
 * Posts one batch; resolves to the acknowledged keys or rejects with
 * SEND_FAILED (with the HTTP `status`, and `retryAfterMs` from a 429 or
 * 503 that sent `Retry-After`) or BAD_ACK.
 */
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
    const error = sdkError('SEND_FAILED', `the collector answered HTTP ${response.status}`, 'endpoint');
    const retryAfterMs = RETRY_AFTER_STATUSES.includes(response.status) ? parseRetryAfter(response.headers.get('Retry-After')) : null;
    throw Object.assign(error, { status: response.status, retryAfterMs });
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
