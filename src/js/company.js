// Company KPIs and the scorecard (the `company` cargo feature).
// The glue's exports that share a public name here are imported under other
// names, so that a bundle keeps the public ones (esbuild renames a function
// or class named like a member of the glue that the bundle reads).
import { healthScores as coreHealthScores, advocateCandidates as coreAdvocateCandidates, customerLifetimeValue as coreLifetimeValue, CompanyData as CoreCompanyData } from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { plain, settled } from './input.js';
import { number, numbers } from './numbers.js';
import { Handles, publicClass } from './handles.js';
import { codedError } from './error.js';
import { LIMITS } from './limits.js';

export function healthScores(input) {
  assertReady();
  return coreHealthScores(...settled(plain(input, 'input', undefined, true)));
}

export function advocateCandidates(accounts, options) {
  assertReady();
  return coreAdvocateCandidates(...settled(plain(accounts, 'accounts'), plain(options, 'options')));
}

export function customerLifetimeValue(input) {
  assertReady();
  return coreLifetimeValue(...settled(plain(input, 'input', undefined, true)));
}

/** @type {Handles<CoreCompanyData>} */
const companies = new Handles('CompanyData');

/** Made by its static constructors only. */
export class CompanyData {
  constructor() {
    throw codedError(TypeError, 'WRONG_TYPE', 'CompanyData', 'is made by CompanyData.fromRecords or CompanyData.fromSnapshots, not new');
  }

  static fromRecords(records) {
    assertReady();
    const input = plain(records, 'records', { periods: LIMITS.periods }, true);
    mrrCells(input, 'accounts');
    return adopted(CoreCompanyData.fromRecords(...settled(input)));
  }

  static fromSnapshots(mrr, snapshots) {
    assertReady();
    number(snapshots, 'snapshots');
    // Infinity is not a size: the core names it NOT_FINITE.
    if (snapshots > LIMITS.snapshots && snapshots !== Infinity) {
      throw codedError(RangeError, 'TOO_LARGE', 'snapshots', `must be at most ${LIMITS.snapshots} (${LIMITS.periods} periods), got ${snapshots}`);
    }
    const values = numbers(mrr, 'mrr', LIMITS.mrr);
    return adopted(CoreCompanyData.fromSnapshots(...settled(values, snapshots)));
  }

  get accounts() {
    return companies.live(this).accounts;
  }

  get periods() {
    return companies.live(this).periods;
  }

  metrics() {
    return companies.live(this).metrics();
  }

  cohorts() {
    return companies.live(this).cohorts();
  }

  scorecard(options) {
    companies.live(this);
    const args = settled(benchmarksGiven(plain(options, 'options')));
    return companies.live(this).scorecard(...args);
  }

  resultsLink(results) {
    companies.live(this);
    const args = settled(plain(results, 'results'));
    return companies.live(this).resultsLink(...args);
  }

  free() {
    companies.release(this, 'this')?.free();
  }
}

publicClass(CompanyData, 'CompanyData');

/**
 * A CompanyData around the core's `made`. Out of the class body: a class
 * that names itself inside gets an inner name in a bundle (`class
 * _CompanyData`), and stack frames would show it.
 */
function adopted(made) {
  return companies.adopt(Object.create(CompanyData.prototype), made);
}

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

/**
 * The options (a plain copy) without the benchmarks whose value is
 * `undefined`: one is missing and keeps its default, as `undefined` is
 * everywhere (only `null` removes a benchmark), but the core reads both
 * as null.
 */
function benchmarksGiven(options) {
  const benchmarks = options?.benchmarks;
  if (typeof benchmarks !== 'object' || benchmarks === null || Array.isArray(benchmarks) || ArrayBuffer.isView(benchmarks)) return options;
  for (const key of Object.keys(benchmarks)) {
    if (benchmarks[key] === undefined) delete benchmarks[key];
  }
  return options;
}
