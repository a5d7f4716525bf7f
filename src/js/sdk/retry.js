// When to try the collector again: exponential back-off with full jitter,
// never sooner than the collector's `Retry-After` on 429 and 503; capped.
//
//   retryDelay(3, { baseMs: 1000, maxMs: 60_000 })                          // random in [0, 4000]
//   retryDelay(3, { baseMs: 1000, maxMs: 60_000 }, { retryAfterMs: 5000 })  // 5000
//   retryDelay(3, { baseMs: 1000, maxMs: 60_000 }, { retryAfterMs: 0 })     // random in [0, 4000]

/** The HTTP statuses whose `Retry-After` the SDK honours. */
export const RETRY_AFTER_STATUSES = [429, 503];

/**
 * The wait a `Retry-After` header value asks for, in ms from `now`:
 * delta-seconds (`"120"`) or an HTTP-date in any of the three forms a
 * recipient must read (RFC 9110, 5.6.7: `"Wed, 21 Oct 2026 07:28:00 GMT"`,
 * the obsolete `"Wednesday, 21-Oct-26 07:28:00 GMT"` and asctime's
 * `"Wed Oct 21 07:28:00 2026"`, which is GMT unmarked; 0 when already
 * past); null when absent or none of these.
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names its weekday; a bare number or a stray word is not one.
  const asctime = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]?\d \d{2}:\d{2}:\d{2} \d{4}$/.test(text);
  if (!asctime && !/^[A-Za-z]{3,9},/.test(text)) return null;
  const at = Date.parse(asctime ? `${text} GMT` : text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * The wait in whole ms before retry number `attempt` (1, 2, ...): full
 * jitter, uniform in [0, baseMs * 2^(attempt - 1)] rounded up, or the
 * collector's `retryAfterMs` when that is longer; never more than `maxMs`.
 * A `Retry-After: 0` (or a date already past) from a proxy does not undo
 * the back-off: a collector that keeps failing is not retried in a loop.
 */
export function retryDelay(attempt, { baseMs, maxMs }, { retryAfterMs = null } = {}, random = Math.random) {
  const jittered = Math.ceil(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
  return Math.min(maxMs, Math.max(jittered, retryAfterMs ?? 0));
}
