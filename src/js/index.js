// Browser and bundler entry point. The module loads asynchronously: call
// `await init()` once, then every function is synchronous.
import load from './wasm/clg_metrics.js';
import { markReady } from './ready.js';

export * from './api.js';

let loading;

export function init(source) {
  loading ??= load(source === undefined ? undefined : { module_or_path: source }).then(
    () => markReady(),
    (error) => {
      loading = undefined; // a failed load (e.g. offline) may be retried
      throw error;
    },
  );
  return loading;
}
