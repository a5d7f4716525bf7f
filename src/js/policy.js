// The survey policy: when to ask whom (the `policy` cargo feature, part of
// the in-app module).
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { plain, settled } from './input.js';
import { returnedFrom, stateArgument } from './policy-state.js';

export function checkSurveyPolicy(policy) {
  assertReady();
  return core.checkSurveyPolicy(...settled(plain(policy, 'policy')));
}

export function surveyDecision(policy, state, ask) {
  assertReady();
  return core.surveyDecision(...settled(plain(policy, 'policy'), stateArgument(state, 'state'), plain(ask, 'ask')));
}

export function recordSurveyEvent(policy, state, event) {
  assertReady();
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return returnedFrom(core.recordSurveyEventPacked(...settled(plain(policy, 'policy'), stateArgument(state, 'state'), plain(event, 'event'))));
}

export function mergeSurveyState(state, other, options) {
  assertReady();
  const mine = stateArgument(state, 'state');
  const args = settled(mine, stateArgument(other, 'other', other !== state), plain(options, 'options'));
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return returnedFrom(core.mergeSurveyStatePacked(...args));
}

export function samplingHash(surveyId, userId) {
  assertReady();
  return core.samplingHash(...settled(plain(surveyId, 'surveyId'), plain(userId, 'userId')));
}
