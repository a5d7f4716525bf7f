// `clg-metrics/sdk` for browsers and bundlers: the in-app client.
// Named imports: a bundler drops the exports the client does not call.
import {
  campaignDecision, campaignTriggers, checkCampaigns, checkSurveyPolicy, init, mergeSurveyState,
  recordSurveyEvent, ResultsStore, SurveyAggregate, surveyDecision,
} from '../in-app/index.js';
import { createClient as create } from './client.js';

export { SURVEY_SHOWN_EVENT } from './client.js';

const LIB = {
  campaignDecision, campaignTriggers, checkCampaigns, checkSurveyPolicy, init, mergeSurveyState,
  recordSurveyEvent, ResultsStore, SurveyAggregate, surveyDecision,
};

/** See index.d.ts. */
export function createClient(options) {
  return create(LIB, () => crypto.randomUUID(), options);
}
