// The survey policy: when to ask whom (the `policy` cargo feature, part of
// the in-app module).
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { plain } from './input.js';

export function checkSurveyPolicy(policy) {
  assertReady();
  return core.checkSurveyPolicy(plain(policy, 'policy'));
}

/**
 * The survey-policy state the module returned last. The core made it and
 * froze it to the last entry, so it is plain data that cannot have changed:
 * handed back (as the SDK does), it crosses as it is, and the core takes it
 * without reading it again (src/wasm/hygiene.rs). Any other state is copied.
 */
let returnedState;

function policyState(state, field) {
  return state !== undefined && state === returnedState ? state : plain(state, field);
}

function returned(state) {
  returnedState = state;
  return state;
}

export function surveyDecision(policy, state, ask) {
  assertReady();
  return core.surveyDecision(plain(policy, 'policy'), policyState(state, 'state'), plain(ask, 'ask'));
}

export function recordSurveyEvent(policy, state, event) {
  assertReady();
  return returned(core.recordSurveyEvent(plain(policy, 'policy'), policyState(state, 'state'), plain(event, 'event')));
}

export function mergeSurveyState(state, other) {
  assertReady();
  return returned(core.mergeSurveyState(policyState(state, 'state'), policyState(other, 'other')));
}

export function samplingHash(surveyId, userId) {
  assertReady();
  return core.samplingHash(plain(surveyId, 'surveyId'), plain(userId, 'userId'));
}
