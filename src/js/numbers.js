// Number arguments and arrays of numbers, read as the input layer
// (input.js) reads every argument: the readers of the entries whose core
// takes numbers (the company's MRR columns, times), kept out of the
// scores entry, which reads its answers its own way (counts.js).
import { codedError } from './error.js';
import { arrayLength, floats, kind, plain, tag, view } from './input.js';
import { LIMITS } from './limits.js';

const NONE = new Uint8Array(0);

/**
 * Numbers for the core's number-array reader, at most `limit`: an Array of
 * numbers as a Float64Array, a typed array as a fresh view.
 *
 * @example
 * numbers([120, 80], 'mrr'); // Float64Array [120, 80]
 * @param {unknown} value
 * @param {string} field
 * @param {number} [limit]
 */
export function numbers(value, field, limit = LIMITS.values) {
  if (tag.call(value) !== undefined) return view(value, field, limit);
  const length = arrayLength(value, field, limit);
  return length < 0 ? plain(value, field) : floats(value, field, length, NONE, 0);
}

/**
 * A number argument: NaN and ±Infinity pass (the core names the rule),
 * anything else, a numeric string included, is WRONG_TYPE; `undefined` and
 * `null` pass too when `optional`.
 *
 * @example
 * number(at, 'at', true); // at, or WRONG_TYPE for '1767225600000'
 */
export function number(value, field, optional = false) {
  if (typeof value === 'number' || (optional && value == null)) return value;
  throw codedError(TypeError, 'WRONG_TYPE', field, `must be a number, got ${kind(value)}`);
}
