// Browser and bundler entry point. The module loads asynchronously: call
// `await init()` once, then every function is synchronous.
import { loadModule } from './loader.js';

export * from './api.js';

/**
 * Loads the WebAssembly module once; see index.d.ts. A response that is not
 * WebAssembly (an HTML page, a 404) fails with a `WASM_LOAD_FAILED` error
 * naming the URL instead of the engine's "expected magic word".
 *
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>} [source]
 * @returns {Promise<void>}
 */
export function init(source) {
  return loadModule(source);
}
