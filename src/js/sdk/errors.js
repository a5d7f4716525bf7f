// Errors of the SDK: `Error` instances with a stable `code` (and a `field`
// for bad arguments), like the errors the Rust core throws.

/**
 * An Error with `code` and `field`, its message starting with the field as
 * every error's does; `cause` keeps the underlying error (a TypeError or
 * RangeError of the same code: the error is of its class).
 *
 * @example sdkError('SEND_FAILED', 'the collector answered HTTP 503', 'endpoint').message
 *   // "endpoint: the collector answered HTTP 503"
 */
export function sdkError(code, message, field = '', cause) {
  const named = field === '' || message.startsWith(`${field}: `) ? message : `${field}: ${message}`;
  // A coded error told again (the core's, under the SDK's field) keeps its class: TypeError, RangeError.
  const Class = cause?.code !== code ? Error : cause instanceof TypeError ? TypeError : cause instanceof RangeError ? RangeError : Error;
  const error = new Class(named, cause === undefined ? undefined : { cause });
  return Object.assign(error, { code, field });
}

/** A TypeError for a bad argument (`code` WRONG_TYPE or as given). */
export function argumentError(field, rule, value, code = 'WRONG_TYPE') {
  // null and undefined read "nothing", as the core's messages do (null is absent).
  const got = typeof value === 'string' ? `"${value.slice(0, 40)}"` : value == null ? 'nothing' : isArray(value) ? 'an array' : typeof value;
  return Object.assign(new TypeError(`${field}: ${rule}, got ${got}`), { code, field });
}

/** Array.isArray, which throws for a revoked Proxy: not an array then. */
function isArray(value) {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** What a write resolves to when revokeConsent() came before it was stored (CONSENT_REQUIRED). */
export function withdrawnConsent() {
  return sdkError('CONSENT_REQUIRED', 'consent was withdrawn before this was stored: local data was cleared', 'consent');
}

/** What a write resolves to when reset() cleared local data before it was stored (DISCARDED). */
export function discardedByReset() {
  return sdkError('DISCARDED', 'reset() cleared local data before this was stored: it was discarded with the other unsent items', 'reset');
}
