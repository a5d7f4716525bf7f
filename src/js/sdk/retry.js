// When to try the collector again: the collector's `Retry-After` on 429 and
// 503, else exponential back-off with full jitter; both capped.
//
//   retryDelay(3, { baseMs: 1000, maxMs: 60_000 })                    // random in [0, 4000)
//   retryDelay(3, { baseMs: 1000, maxMs: 60_000 }, { retryAfterMs: 5000 }) // 5000

/** The HTTP statuses whose `Retry-After` the SDK honours. */
export const RETRY_AFTER_STATUSES = [429, 503];

/**
 * The wait a `Retry-After` header value asks for, in ms from `now`:
 * delta-seconds (`"120"`) or an HTTP-date (`"Wed, 21 Oct 2026 07:28:00
 * GMT"`, 0 when already past); null when absent or not one of the two.
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names its weekday; a bare number or a stray word is not one.
  if (!/^[A-Za-z]{3},/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * The wait before retry number `attempt` (1, 2, ...): the collector's
 * `retryAfterMs` when it sent one, else full jitter, uniform in
 * [0, baseMs * 2^(attempt - 1)); never more than `maxMs`.
 */
export function retryDelay(attempt, { baseMs, maxMs }, { retryAfterMs = null } = {}, random = Math.random) {
  if (retryAfterMs !== null) return Math.min(maxMs, retryAfterMs);
  return random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}
