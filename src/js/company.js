// Company KPIs and the scorecard (the `company` cargo feature).
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { number, numbers, plain, settled } from './input.js';
import { disposable, Handles } from './handles.js';
import { codedError } from './error.js';
import { LIMITS } from './limits.js';

export function healthScores(input) {
  assertReady();
  return core.healthScores(...settled(plain(input, 'input', undefined, true)));
}

export function advocateCandidates(accounts, options) {
  assertReady();
  return core.advocateCandidates(...settled(plain(accounts, 'accounts'), plain(options, 'options')));
}

export function customerLifetimeValue(input) {
  assertReady();
  return core.customerLifetimeValue(...settled(plain(input, 'input', undefined, true)));
}

const companies = new Handles('CompanyData');

// Made by its static constructors only; the objects they return are of this class.
// @ts-expect-error: the bindings' constructor is private; instances come from the static constructors
export class CompanyData extends core.CompanyData {
  // @ts-expect-error: never constructs (no super call): only the static constructors make one
  constructor() {
    throw codedError(TypeError, 'WRONG_TYPE', 'CompanyData', 'is made by CompanyData.fromRecords or CompanyData.fromSnapshots, not new');
  }

  static fromRecords(records) {
    assertReady();
    const input = plain(records, 'records', { periods: LIMITS.periods }, true);
    mrrCells(input, 'accounts');
    return companies.adopt(Object.setPrototypeOf(core.CompanyData.fromRecords(...settled(input)), CompanyData.prototype));
  }

  static fromSnapshots(mrr, snapshots) {
    assertReady();
    number(snapshots, 'snapshots');
    if (snapshots > LIMITS.snapshots) {
      throw codedError(RangeError, 'TOO_LARGE', 'snapshots', `must be at most ${LIMITS.snapshots} (${LIMITS.periods} periods), got ${snapshots}`);
    }
    const values = numbers(mrr, 'mrr', LIMITS.mrr);
    return companies.adopt(Object.setPrototypeOf(core.CompanyData.fromSnapshots(...settled(values, snapshots)), CompanyData.prototype));
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get accounts() {
    companies.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.accounts;
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get periods() {
    companies.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.periods;
  }

  metrics() {
    companies.check(this, 'this');
    return super.metrics();
  }

  cohorts() {
    companies.check(this, 'this');
    return super.cohorts();
  }

  scorecard(options) {
    companies.check(this, 'this');
    return super.scorecard(...companies.args(this, plain(options, 'options')));
  }

  resultsLink(results) {
    companies.check(this, 'this');
    return super.resultsLink(...companies.args(this, plain(results, 'results')));
  }

  free() {
    if (companies.release(this, 'this')) super.free();
  }
}

disposable(CompanyData);

/**
 * The core sizes its tables as accounts x periods before it reads an
 * account: that product is bounded (LIMITS.mrr), not only each factor.
 */
function mrrCells(input, field) {
  if (!Array.isArray(input?.accounts) || !Array.isArray(input.periods)) return;
  const accounts = input.accounts.length;
  const periods = input.periods.length;
  if (accounts * (periods + 1) > LIMITS.mrr) {
    throw codedError(RangeError, 'TOO_LARGE', field, `accounts x (periods + 1) must be at most ${LIMITS.mrr}, got ${accounts} x ${periods + 1}`);
  }
}
