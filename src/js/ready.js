// Whether the WebAssembly module is instantiated. Internal to the package.
import { codedError } from './error.js';

let ready = false;

/** Records that the module is instantiated. */
export function markReady() {
  ready = true;
}

/** Throws a clear error when a function is called before `init()` resolved. */
export function assertReady() {
  if (!ready) {
    throw codedError(Error, 'NOT_INITIALIZED', 'init', 'clg-metrics is not loaded yet: call `await init()` once before using it');
  }
}
