// The public functions, shared by the browser and Node entry points. Each
// checks that the module is loaded, then calls the Rust core; validation
// and computation happen in Rust.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';

export function nps(scores, options) {
  assertReady();
  return core.nps(scores, options);
}

// Survey analytics.
export function csat(scores, options) {
  assertReady();
  return core.csat(scores, options);
}

export function ces(scores, options) {
  assertReady();
  return core.ces(scores, options);
}

export function compare(kind, first, second, options) {
  assertReady();
  return core.compare(kind, first, second, options);
}

export function validateResponse(response) {
  assertReady();
  return core.validateResponse(response);
}

export function surveyTrend(responses, options) {
  assertReady();
  return core.surveyTrend(responses, options);
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
}
