// The public functions, shared by the browser and Node entry points. Each
// checks that the module is loaded, then calls the Rust core; validation
// and computation happen in Rust.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';

export function nps(scores, options) {
  assertReady();
  return core.nps(scores, options);
}

// -- company KPIs and scorecard --

export function healthScores(input) {
  assertReady();
  return core.healthScores(input);
}

export function advocateCandidates(accounts, options) {
  assertReady();
  return core.advocateCandidates(accounts, options);
}

export function customerLifetimeValue(input) {
  assertReady();
  return core.customerLifetimeValue(input);
}

// The class's static constructors check that the module is loaded; the
// objects they return are the bindings' own instances (instanceof works).
export class CompanyData extends core.CompanyData {
  static fromRecords(records) {
    assertReady();
    return core.CompanyData.fromRecords(records);
  }

  static fromSnapshots(mrr, snapshots) {
    assertReady();
    return core.CompanyData.fromSnapshots(mrr, snapshots);
  }

  static [Symbol.hasInstance](value) {
    return value instanceof core.CompanyData;
  }
}
