// The public functions, shared by the browser and Node entry points. Each
// checks that the module is loaded, then calls the Rust core; validation
// and computation happen in Rust.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';

export function nps(scores, options) {
  assertReady();
  return core.nps(asNumbers(scores), options);
}

/**
 * Transport, not validation: an array of plain numbers crosses into
 * WebAssembly as one Float64Array copy instead of one boundary crossing per
 * element (~200 ns each). Anything else goes as it is, and the core reports
 * exactly which element is wrong and why.
 */
function asNumbers(values) {
  if (!Array.isArray(values)) return values;
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return values;
  return new Float64Array(values);
}

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
