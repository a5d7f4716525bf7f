// Coded errors raised in JS, shaped like the core's (src/wasm/error.rs):
// an Error subclass chosen by the code's kind, with `code` and `field`, and
// the message "<field>: <rule>". Every code is listed in src/error.rs.

/**
 * Builds (does not throw) a coded error; `cause` is the original exception.
 *
 * @example
 * throw codedError(RangeError, 'TOO_LARGE', 'scores', 'must hold at most 10000000 elements, got 2e8');
 */
export function codedError(Class, code, field, rule, cause) {
  const error = new Class(`${field}: ${rule}`, cause === undefined ? undefined : { cause });
  error.code = code;
  error.field = field;
  return error;
}
