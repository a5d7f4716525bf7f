// Node entry point: the module is read from disk and instantiated while the
// package is imported, so functions work at once; `init()` is kept so that
// the same code runs in browsers and in Node.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/clg_metrics.js';
import { markReady } from './ready.js';

export * from './api.js';

initSync({ module: readFileSync(new URL('./wasm/clg_metrics_bg.wasm', import.meta.url)) });
markReady();

const loaded = Promise.resolve();

export function init() {
  return loaded;
}
