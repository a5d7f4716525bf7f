// Node entry point: the module is read from disk while the package is
// imported, so functions work at once; `init()` is kept so that the same
// code runs in browsers and in Node. Bundled into a server build that left
// the `.wasm` behind (esbuild, or Vite's SSR with `noExternal`), importing
// still works: `init(source)` then loads the module from the `.wasm`'s
// path, file URL or bytes, and calls before it throw NOT_INITIALIZED.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/clg_metrics.js';
import { markReady } from './ready.js';
import { loadModule } from './loader.js';

export * from './api.js';

const beside = new URL('./wasm/clg_metrics_bg.wasm', import.meta.url);
/** @type {Promise<void> | undefined} */
let loaded;
/** Why the `.wasm` beside this entry did not load, when it did not. */
let missing;
try {
  initSync({ module: readFileSync(beside) });
  markReady();
  loaded = Promise.resolve();
} catch (cause) {
  missing = cause;
}

/**
 * Resolves at once when the `.wasm` beside this entry loaded at import;
 * else loads it from `source`: a file path (relative to the working
 * directory, as `fs` reads it) or a `file:` URL (a string too, as
 * `import.meta.resolve` gives it) is read from disk, anything else is taken
 * as the browser entry's `init()` takes it.
 *
 * @example
 * await init(); // in Node, the module is already loaded
 * await init(new URL('./clg_metrics_bg.wasm', import.meta.url)); // a bundle with the .wasm copied beside it
 * @param {Parameters<typeof loadModule>[0]} [source]
 * @returns {Promise<void>}
 */
export function init(source) {
  if (loaded !== undefined) return loaded;
  if (source === undefined || source === null) {
    const reason = `the .wasm beside this entry (${beside.href}) could not be read (${missing?.message ?? missing})`;
    const hint = 'in a bundled server build, copy the .wasm beside the bundle and pass its path, file URL or bytes to init() (README: Quickstart)';
    return Promise.reject(Object.assign(new Error(`init: ${reason}; ${hint}`, { cause: missing }), { code: 'WASM_LOAD_FAILED', field: 'init', url: beside.href }));
  }
  const file = source instanceof URL ? source.protocol === 'file:' && source
    : typeof source === 'string' && (/^file:/i.test(source) ? new URL(source) : !/^[a-z][a-z\d+.-]+:/i.test(source) && source);
  if (!file) return (loaded = loadModule(source).catch(failed));
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    return Promise.reject(Object.assign(new Error(`source: the WebAssembly module at ${source} did not load: it could not be read (${cause?.message ?? cause}); check the source given to init()`, { cause }), { code: 'WASM_LOAD_FAILED', field: 'source', url: String(source) }));
  }
  return (loaded = loadModule(bytes, String(source)).catch(failed));
}

/** A failed load may be retried: forgets it, then rethrows. */
function failed(error) {
  loaded = undefined;
  throw error;
}
