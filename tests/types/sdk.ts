// A sample consumer of `clg-metrics/sdk`: compiled with `tsc --noEmit
// --strict` against the published .d.ts. Lines marked @ts-expect-error must
// stay errors.
import { createClient, type Accepted, type Client, type ClientSurveyDecision, type OutboxItem } from 'clg-metrics/sdk';
import type { SurveyPolicy, SurveyState } from 'clg-metrics';

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

await client.grantConsent();
const tracked: boolean = client.track('report_exported', { format: 'csv', rows: 1200, filtered: true, folder: null });
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
const { pending }: { pending: number } = await client.flush();
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
