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
  return create(LIB, uuid, options);
}

/**
 * A random UUID (version 4): `crypto.randomUUID()` where the page has it;
 * browsers give it only to secure contexts (HTTPS, localhost), so a page
 * served over plain HTTP (a phone testing `vite --host` on a LAN address)
 * gets one made of `crypto.getRandomValues`, which every page has.
 *
 * @example uuid() // "3b241101-e2bb-4255-8caf-4136c566a962"
 */
function uuid() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10 (RFC 9562)
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
