// The public functions, shared by the browser and Node entry points. Each
// checks that the module is loaded, then calls the Rust core; validation
// and computation happen in Rust.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { packResponses } from './pack.js';

export function nps(scores, options) {
  assertReady();
  return core.nps(asNumbers(scores), options);
}

/**
 * Transport, not validation: an array of plain numbers crosses into
 * WebAssembly as one typed-array copy instead of one boundary crossing per
 * element (~200 ns each): a Uint8Array when every element is a whole number
 * that fits a byte (survey answers do), else a Float64Array. Anything else
 * goes as it is, and the core reports exactly which element is wrong and why.
 */
function asNumbers(values) {
  if (!Array.isArray(values)) return values;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // True only for a number in 0..255 with no fraction: `"5" & 255` is 5 but not "5".
    if ((value & 255) === value) bytes[i] = value;
    else return asFloats(values);
  }
  return bytes;
}

function asFloats(values) {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return values;
  return new Float64Array(values);
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

// Survey analytics.
export function csat(scores, options) {
  assertReady();
  return core.csat(asNumbers(scores), options);
}

export function ces(scores, options) {
  assertReady();
  return core.ces(asNumbers(scores), options);
}

export function compare(kind, first, second, options) {
  assertReady();
  return core.compare(kind, asNumbers(first), asNumbers(second), options);
}

export function validateResponse(response) {
  assertReady();
  return core.validateResponse(response);
}

export function surveyTrend(responses, options) {
  assertReady();
  const packed = packResponses(responses, options);
  if (packed === undefined) return core.surveyTrend(responses, options);
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return core.surveyTrendPacked(responses, ...packed, options);
}

export function surveyTrendColumns(kind, columns, options) {
  assertReady();
  return core.surveyTrendColumns(kind, columns, options);
}

// The wasm class, checking that the module is loaded before it is used.
export class SurveyAggregate extends core.SurveyAggregate {
  constructor(kind, options) {
    assertReady();
    super(kind, options);
  }

  static fromJSON(json) {
    assertReady();
    return Object.setPrototypeOf(core.SurveyAggregate.fromJSON(json), SurveyAggregate.prototype);
  }

  /** Adds `other`'s answers; `a.merge(a)` doubles `a`'s counts. */
  merge(other) {
    aggregateArgument(other);
    if (other !== this) return super.merge(other);
    // The glue cannot lend one handle twice (once mutably): merge a copy.
    const copy = core.SurveyAggregate.fromJSON(this.toJSON());
    try {
      return super.merge(copy);
    } finally {
      copy.free();
    }
  }

  compareWith(other, options) {
    aggregateArgument(other);
    return super.compareWith(other, options);
  }
}

/** A typed error for a handle argument that is not a SurveyAggregate (the glue's own is untyped). */
function aggregateArgument(other) {
  if (other instanceof core.SurveyAggregate) return;
  throw Object.assign(new TypeError('other: must be a SurveyAggregate'), { code: 'WRONG_TYPE', field: 'other' });
}

// Survey hygiene.
export function checkSurveyPolicy(policy) {
  assertReady();
  return core.checkSurveyPolicy(policy);
}

export function surveyDecision(policy, state, ask) {
  assertReady();
  return core.surveyDecision(policy, state, ask);
}

export function recordSurveyEvent(policy, state, event) {
  assertReady();
  return core.recordSurveyEvent(policy, state, event);
}

export function mergeSurveyState(state, other) {
  assertReady();
  return core.mergeSurveyState(state, other);
}

export function samplingHash(surveyId, userId) {
  assertReady();
  return core.samplingHash(surveyId, userId);
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
// @ts-expect-error: the bindings' constructor is private; instances come from the static constructors
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
