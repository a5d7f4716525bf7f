// The wire: batches over fetch, the collector's ack, and one sender per
// user across tabs (Web Locks). Items leave the outbox only when the
// collector acknowledges their keys (outbox.js).
import { sdkError } from './errors.js';
import { parseRetryAfter, RETRY_AFTER_STATUSES } from './retry.js';

/** Version of the wire format (README, "Wire format"). */
export const WIRE_VERSION = 1;

/**
 * UTF-8 bytes a request body may hold: half of the 1 MiB that collectors
 * and their proxies often refuse above (nginx's default), so that a backlog
 * after an outage goes out in requests a collector takes. An item larger
 * than this by itself still goes, alone.
 */
export const REQUEST_BUDGET = 512 * 1024;

/**
 * setTimeout's largest delay (about 24.8 days): a longer one (a valid
 * `requestTimeoutMs`, `flushIntervalMs` or retry delay) would fire at once.
 */
export const MAX_TIMEOUT = 2 ** 31 - 1;

/** The request body of a batch. */
export function batchBody(items) {
  return JSON.stringify({ version: WIRE_VERSION, items });
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The first of `items` (oldest first) whose batch body fits in `budget`
 * bytes; at least the first, which goes alone when it is larger.
 *
 * @example
 * const batch = requestItems(await store.readItems(50)); // <= 512 KiB
 */
export function requestItems(items, budget = REQUEST_BUDGET) {
  let left = budget - utf8Length(batchBody([]));
  let n = 0;
  for (; n < items.length; n++) {
    const bytes = utf8Length(JSON.stringify(items[n])) + (n ? 1 : 0);
    if (n > 0 && bytes > left) break;
    left -= bytes;
  }
  return items.slice(0, n);
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
 * 503 that sent `Retry-After`) or BAD_ACK. `timeoutMs` bounds the whole
 * exchange, the answer's body included: a collector (or proxy) that sends
 * its headers and then stalls is a failure like any other.
 */
export async function postBatch(endpoint, items, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.min(timeoutMs, MAX_TIMEOUT));
  const timedOut = (cause) =>
    sdkError('SEND_FAILED', `the collector's answer did not arrive within requestTimeoutMs (${timeoutMs} ms)`, 'endpoint', cause);
  try {
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
      if (controller.signal.aborted) throw timedOut(cause);
      throw sdkError('SEND_FAILED', `could not reach the collector (${cause?.name ?? 'network error'})`, 'endpoint', cause);
    }
    // A fetch wrapped by the host (a polyfill, an interceptor) may resolve to anything.
    if (typeof response?.ok !== 'boolean' || typeof response.status !== 'number' || typeof response.json !== 'function') {
      throw sdkError('SEND_FAILED', 'fetch resolved to something that is not a Response', 'endpoint');
    }
    if (!response.ok) {
      response.body?.cancel?.().catch(() => {}); // not read: free the connection
      const error = sdkError('SEND_FAILED', `the collector answered HTTP ${response.status}`, 'endpoint');
      const retryAfterMs = RETRY_AFTER_STATUSES.includes(response.status) ? parseRetryAfter(response.headers?.get?.('Retry-After')) : null;
      throw Object.assign(error, { status: response.status, retryAfterMs });
    }
    let body;
    try {
      body = await response.json();
    } catch (cause) {
      if (controller.signal.aborted) throw timedOut(cause);
      throw sdkError('BAD_ACK', 'the collector answered with a body that is not JSON', 'endpoint', cause);
    }
    return ackedKeys(body, items.map((item) => item.key));
  } finally {
    clearTimeout(timer);
  }
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
