// A sample consumer of `clg-metrics/sdk`: compiled with `tsc --noEmit
// --strict` against the published .d.ts. Lines marked @ts-expect-error must
// stay errors.
import { createClient, type Accepted, type Client, type ClientError, type Flushed, type OutboxState, type ClientSurveyDecision, type GoalChange, type OutboxItem } from 'clg-metrics/sdk';
import type { MetricStatus, ResultsModel, SurveyPolicy, SurveyResult, SurveyState } from 'clg-metrics';

const policy: SurveyPolicy = {
  kinds: { nps: { recontactDays: 90 }, csat: { recontactDays: 30, sampleRate: 0.25 } },
  userGapDays: 14,
  accountCap: { max: 20, windowDays: 7 },
  roleCap: null,
  sessionDelayMinutes: 2,
  snoozeDays: 1,
};

const seen: OutboxItem[] = [];
const client: Client = await createClient({
  accountId: 'acme',
  userId: 'u-42',
  role: 'admin',
  endpoint: '/collect',
  storage: 'indexeddb',
  consent: 'required',
  policy,
  observers: [{ accepted: (item) => seen.push(item) }],
  onError: (e) => console.warn(e.code, e.field, e.message),
});

const model: ResultsModel = {
  roles: [{
    id: 'admin', name: 'Admin',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [{ id: 'confidence', name: 'Confidence', kind: 'value', unit: 'points', direction: 'higher',
      collection: { method: 'scaleAssessed', scale: [{ value: 1, label: 'Low' }, { value: 5, label: 'High' }] } }],
  }],
};
const results: Client = await createClient({ accountId: 'acme', userId: 'u-42', role: 'admin', model, maturity: 1 });
const recorded: GoalChange = await results.record({ metric: 'confidence', value: 5, method: 'scaleAssessed' });
if (recorded.goal !== null) console.log(recorded.goal.status === 'achieved');
const set = await results.setGoal({ metric: 'confidence', target: 5, due: Date.now() + 864e5 });
console.log(set.accepted ? set.goal?.target : set.error.code);
await results.abandonGoal({ metric: 'confidence' });
const statuses: MetricStatus[] = results.metrics();
console.log(statuses[0]?.goal?.progress?.percent, results.history('confidence').length, results.canvas().roleName);
results.loadResults(results.results());
const score: SurveyResult | null = results.scores('nps-q3', { level: 0.9 });
if (score?.kind === 'nps') console.log(score.score, score.interval.low);
results.loadScores('nps-q3', { version: 1, kind: 'nps', scale: 10, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2] }, { asOf: Date.now() });
// @ts-expect-error: an observation's method is never appGenerated
await results.record({ metric: 'confidence', value: 5, method: 'appGenerated' });
// @ts-expect-error: an observer has an accepted(item) method
void createClient({ accountId: 'acme', userId: 'u-42', role: 'admin', observers: [{}] });
// @ts-expect-error: loadScores needs asOf
results.loadScores('nps-q3', '{}');

await client.grantConsent();
const tracked: boolean = client.track('report_exported', { format: 'csv', rows: 1200, filtered: true, folder: null });
// A prop holding undefined is left out, as JSON would.
const maybeFormat = Math.random() < 2 ? undefined : 'csv';
client.track('report_exported', { format: maybeFormat, rows: 1200 });
const decision: ClientSurveyDecision = client.shouldAskSurvey('nps', { surveyId: 'nps-q3' });
if (decision.show) {
  const promptId: string = client.surveyShown({ surveyId: 'nps-q3', kind: 'nps' });
  const r: Accepted = await client.submitSurvey({ surveyId: 'nps-q3', kind: 'nps', promptId, answers: { score: 9 } });
  if (r.accepted) console.log(r.key.toUpperCase());
  else console.log(r.error.code);
  await client.dismissSurvey({ promptId, askLater: true });
} else {
  const retry: number | null = decision.retryAt;
  console.log(decision.reason, retry, tracked);
}
const state: SurveyState = client.surveyState();
client.loadSurveyState(state);
// The state is frozen (deeply readonly); a plain mutable one is accepted as an argument.
const firstPrompt: string | undefined = state.prompts[0]?.id;
// @ts-expect-error: the returned state is frozen
state.prompts.push({ id: 'p', surveyId: 's', kind: 'nps', at: 0, outcome: 'shown', outcomeAt: null });
// @ts-expect-error: its prompts are frozen too
if (state.prompts[0]) state.prompts[0].outcome = 'dismissed';
const plain: { version: 1; prompts: { id: string; surveyId: string; kind: string; at: number; outcome: 'shown'; outcomeAt: null }[]; accountPrompts: { id: string; role: string; at: number }[] } =
  { version: 1, prompts: [], accountPrompts: [] };
client.loadSurveyState(plain);
console.log(firstPrompt);
const { delivered, pending }: Flushed = await client.flush();
console.log(delivered.length, pending.tab + pending.all);
const outbox: OutboxState = await client.inspectOutbox();
console.log(outbox.count, outbox.oldestAgeMs ?? 0, outbox.nextRetryAt ?? 0);
const observed: Client = await createClient({
  accountId: 'acme', userId: 'u-42', role: 'admin',
  onDelivered: (keys) => console.log(keys.join()),
  onError: (e: ClientError) => console.log(e.code, e.attempt ?? 0, e.nextRetryAt ?? 0),
});
await observed.destroy();
// @ts-expect-error: pending is per tab and for all tabs, not a number
const wrong: number = (await client.flush()).pending;
const discarded: number = await client.reset();
console.log(pending, discarded, client.storage, client.consent);
await client.revokeConsent();
await client.destroy();

// @ts-expect-error: props are flat
client.track('x', { nested: { a: 1 } });
// @ts-expect-error: storage is indexeddb or memory
await createClient({ accountId: 'a', userId: 'u', role: 'r', storage: 'localStorage' });
// @ts-expect-error: role is required
await createClient({ accountId: 'a', userId: 'u' });
// @ts-expect-error: a response needs answers
await client.submitSurvey({ surveyId: 's', kind: 'nps' });

// Survey campaigns: the list, the explainable status, the listener and the host element.
import type { CampaignDue, ClientCampaignDecision } from 'clg-metrics/sdk';
import type { PromptHost } from 'clg-metrics/widgets';
client.campaigns([{ id: 'ces-export', ask: { survey: { kind: 'ces', question: 'Easy?' } }, trigger: { event: { name: 'report_exported', occurrence: 3 } }, delayMs: 30_000 }],
  { signupAt: 0, account: { plan: 'pro' }, segments: ['beta'] });
client.route('/reports/42');
const status: ClientCampaignDecision = client.campaignStatus();
console.log(status.campaigns[0]?.reason, status.campaigns[0]?.nextEligibleAt, status.due?.metrics);
const stop: () => void = client.onCampaign((due: CampaignDue) => console.log(client.campaignShown(due)));
stop();
const host: PromptHost | null = document.querySelector('clg-prompt-host');
if (host) host.client = client;
// @ts-expect-error: a campaign needs a trigger
client.campaigns([{ id: 'x', ask: { survey: { kind: 'nps' } } }]);

// One rule for null: null in an optional argument or field is absent.
client.shouldAskSurvey('nps', null);
client.shouldAskSurvey('nps', { surveyId: null });
client.track('x', null);
client.metrics(null);
client.canvas(null);
client.scores('nps-q3', null);
await client.submitSurvey({ surveyId: 's', kind: 'nps', promptId: null, answers: { score: 9 } });
await client.dismissSurvey({ promptId: 'p', askLater: null });
await client.record({ metric: 'confidence', value: 5, method: null, at: null });
await client.setGoal({ metric: 'confidence', target: 5, baseline: null, start: null, due: null, replace: null });
await client.abandonGoal({ metric: 'confidence', at: null });
await createClient({ accountId: 'a', userId: 'u', role: 'r', endpoint: null, storage: null, policy: null, onError: null, model: null, maturity: null });
// @ts-expect-error: a required argument is never null
client.surveyShown(null);

// checkCampaigns' (readonly) output goes into client.campaigns as it is.
import { checkCampaigns } from 'clg-metrics';
const checkedCampaigns = checkCampaigns([{ id: 'nps-route', ask: { survey: { kind: 'nps' } }, trigger: { route: '/home' } }], policy);
client.campaigns(checkedCampaigns, { segments: ['beta'] as const });

import type { ClgErrorCode } from 'clg-metrics/sdk';
const sdkCode: ClgErrorCode = 'OUTBOX_FULL';
console.log(sdkCode);

// An optional option holding undefined is absent, as null is (exactOptionalPropertyTypes).
const maybeEndpoint: string | undefined = Math.random() < 2 ? undefined : '/collect';
void createClient({ accountId: 'acme', userId: 'u-42', role: 'admin', endpoint: maybeEndpoint });
