// The JS half of src/wasm/tape.rs: a result of the core arrives as one
// tape (codes, numbers and text in wasm memory) and is built here into
// plain JS data in one pass. The codes and the layout are documented in
// tape.rs; this file is imported by the wasm-bindgen glue of every module.

const PROTO = '__proto__';
/** UTF-8 as written by Rust; a leading U+FEFF is text, kept. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The plain value a tape holds. `codes`, `numbers` and `bytes` are views
 * of wasm memory, read before this returns; nothing here calls back into
 * wasm.
 *
 * @param {Uint32Array} codes
 * @param {Float64Array} numbers
 * @param {Uint8Array} bytes the text, UTF-8
 * @returns {unknown}
 * @example
 * // { n: 2, tags: ['a'] }: an object of 2 fields, each a new key of 1 unit
 * decodeTape(new Uint32Array([6, 2, 3, 3, 3, 5, 1, 4, 1]), new Float64Array([2]), new TextEncoder().encode('ntagsa'));
 */
export function decodeTape(codes, numbers, bytes) {
  // Most small results (a number, a list of numbers) hold no text: no decoder call.
  const text = bytes.length === 0 ? '' : utf8.decode(bytes);
  let c = 0; // in codes
  let n = 0; // in numbers
  let t = 0; // in text
  /** @type {string[]} */
  const keys = [];
  const next = () => {
    switch (codes[c++]) {
      case 0: return null;
      case 1: return false;
      case 2: return true;
      case 3: return numbers[n++];
      case 4: {
        const length = codes[c++];
        return text.slice(t, (t += length));
      }
      case 5: {
        const length = codes[c++];
        const array = [];
        for (let i = 0; i < length; i++) array.push(next());
        return array;
      }
      case 6: {
        const length = codes[c++];
        const object = {};
        for (let i = 0; i < length; i++) {
          const code = codes[c++];
          let key;
          if (code & 1) keys.push((key = text.slice(t, (t += code >>> 1))));
          else key = keys[code >>> 1];
          // A key `__proto__` is a field like any other, not the prototype.
          if (key === PROTO) Object.defineProperty(object, key, { value: next(), enumerable: true, writable: true, configurable: true });
          else object[key] = next();
        }
        return object;
      }
      case 7: {
        const length = codes[c++];
        return Uint8Array.from(codes.subarray(c, (c += length)));
      }
      case 8: {
        const length = codes[c++];
        return codes.slice(c, (c += length));
      }
      case 9: {
        const length = codes[c++];
        return numbers.slice(n, (n += length));
      }
    }
    // tape.rs writes no other code; nothing here throws through wasm frames.
    return undefined;
  };
  return next();
}
