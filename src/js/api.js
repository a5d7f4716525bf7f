// The public functions, shared by the browser and Node entry points. Each
// checks that the module is loaded, then calls the Rust core; validation
// and computation happen in Rust.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';

export function nps(scores, options) {
  assertReady();
  return core.nps(scores, options);
}

// Customer results: a stateful handle. The guard runs when a store is made;
// `fromJSON` builds through the guarded constructor so it returns this class.
export class ResultsStore extends core.ResultsStore {
  constructor() {
    assertReady();
    super();
  }

  static fromJSON(state) {
    const store = new ResultsStore();
    store.load(state);
    return store;
  }
}
