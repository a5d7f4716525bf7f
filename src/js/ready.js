// Whether the WebAssembly module is instantiated. Internal to the package.

let ready = false;

/** Records that the module is instantiated. */
export function markReady() {
  ready = true;
}

/** Throws a clear error when a function is called before `init()` resolved. */
export function assertReady() {
  if (!ready) {
    const error = new Error('clg-metrics is not loaded yet: call `await init()` once before using it');
    throw Object.assign(error, { code: 'NOT_INITIALIZED', field: 'init' });
  }
}
