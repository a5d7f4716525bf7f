// Text that crosses into WebAssembly as UTF-8 must be well-formed UTF-16:
// a lone surrogate (half of a pair) would become U+FFFD there, and two
// different ids would be one. The core checks every string it reads
// (src/wasm/input.rs); these are for text packed in JS, which it reads as
// bytes or units (pack.js, policy-state.js), and for the SDK's options.
import { codedError } from './error.js';

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether the string `s` has no lone surrogate.
 *
 * @example
 * wellFormed('a😀'); // true
 * wellFormed('a\uD83D'); // false
 * @type {(s: string) => boolean}
 */
export const wellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !LONE_SURROGATE.test(s);

/**
 * The INVALID_VALUE of text with a lone surrogate at `field`, as the core
 * words it.
 *
 * @example
 * if (!wellFormed(id)) throw illFormed('options.userId');
 */
export function illFormed(field) {
  return codedError(RangeError, 'INVALID_VALUE', field, 'must be well-formed text: it has a lone surrogate (half of a UTF-16 pair)');
}
