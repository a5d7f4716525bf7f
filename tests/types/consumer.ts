// A sample consumer: compiled with `tsc --noEmit --strict` against the
// published .d.ts. Lines marked @ts-expect-error must stay errors.
import { init, nps, type ClgMetricsError, type NpsResult } from 'clg-metrics';

await init();
await init(null); // the README: init(null) is init()
await init(new URL('https://cdn.example/clg_metrics_bg.wasm'));

const result: NpsResult = nps([10, 9, 7, 3], { level: 0.9 });
const bytes: NpsResult = nps(new Uint8Array([10, 9]));
nps(new Float64Array([10, 9]));
const score: number = result.score + bytes.interval.low + result.interval.level;
const counts: number = result.promoters + result.passives + result.detractors + result.n;

try {
  nps([11]);
} catch (e) {
  const error = e as ClgMetricsError;
  const code: string = error.code;
  const field: string = error.field;
  // WASM_LOAD_FAILED: url is null for bytes or a Response without one; status only when a server answered.
  const url: string | null | undefined = error.url;
  const status: number | undefined = error.status;
  // @ts-expect-error: url may be null
  const urlText: string | undefined = error.url;
  console.log(code, field, score, counts, url, status, urlText);
}

// @ts-expect-error: scores must be numbers
nps(['10']);
// @ts-expect-error: level is a number
nps([10], { level: '0.9' });
// @ts-expect-error: unknown option
nps([10], { levle: 0.9 });
// @ts-expect-error: the result has no such field
result.average;

// Customer results: a typed store.
import { samplingHash, SurveyAggregate } from 'clg-metrics';
const aggregate = new SurveyAggregate('ces');
aggregate.add(6);
// @ts-expect-error: a score is a number
aggregate.add('6');
const bucket: number = samplingHash('nps-q3', 'user-42');
// @ts-expect-error: ids are strings
samplingHash(1, 2);
void bucket;

import { ResultsStore, type ResultsKpis } from 'clg-metrics';
const store = new ResultsStore();
store.defineModel({
  roles: [{
    id: 'sdr', name: 'SDR',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [{
      id: 'contacts', name: 'Contacts', kind: 'value', unit: 'contacts', direction: 'higher', min: 0,
      collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact_added', window: { type: 'rolling', days: 7 } } },
    }, {
      id: 'fit', name: 'ICP fit', kind: 'value', unit: '%', direction: 'higher', min: 0, max: 100,
      collection: { method: 'selfReported' },
    }],
  }],
});
store.track('contact_added', { account: 'acme' });
const refused: { index: number; error: { code: string } }[] = store.trackBatch('acme', undefined, ['contact_added'],
  new Uint32Array([0, 0]), new Float64Array([Date.now(), Date.now()]), [undefined, { source: 'web' }]);
console.log(refused.map((r) => `${r.index}: ${r.error.code}`));
// @ts-expect-error: event indices are a Uint32Array
store.trackBatch('acme', undefined, ['contact_added'], [0], new Float64Array(1), [undefined]);
const kpis: ResultsKpis = store.kpis();
console.log(kpis);
store.free();

// Widgets: typed elements and events.
import type { NpsPrompt, SurveySubmitDetail } from 'clg-metrics/widgets';
const prompt: NpsPrompt | null = document.querySelector('clg-nps-prompt');
prompt?.addEventListener('clg-submit', (event) => {
  const detail: SurveySubmitDetail = event.detail;
  console.log(detail.score, detail.kind, prompt.score);
});

// The check-in's clg-submit carries its values; a listener on the prompt host gets either, told apart by kind.
import { SurveyPrompt, type CheckIn } from 'clg-metrics/widgets';
const checkIn: CheckIn | null = document.querySelector('clg-check-in');
checkIn?.addEventListener('clg-submit', (event) => console.log(event.detail.values.targeting));
document.querySelector('clg-prompt-host')?.addEventListener('clg-submit', (event) => {
  if (event.detail.kind === 'checkin') console.log(event.detail.values);
  else console.log(event.detail.score);
});
console.log(prompt instanceof SurveyPrompt);
// A check-in's clg-later / clg-dismiss carry kind 'checkin'; a survey prompt's its survey kind.
import type { CheckInCloseDetail, SurveyCloseDetail } from 'clg-metrics/widgets';
checkIn?.addEventListener('clg-later', (event) => { const kind: 'checkin' = event.detail.kind; console.log(kind); });
prompt?.addEventListener('clg-dismiss', (event) => {
  const kind: 'nps' | 'ces' | 'csat' = event.detail.kind;
  // @ts-expect-error: a survey prompt's close event is never a check-in's
  const checkin: 'checkin' = event.detail.kind;
  console.log(kind, checkin);
});
document.querySelector('clg-prompt-host')?.addEventListener('clg-dismiss', (event) => {
  const detail: SurveyCloseDetail | CheckInCloseDetail = event.detail;
  if (detail.kind === 'checkin') console.log('check-in closed');
  else console.log(detail.kind.toUpperCase());
});

// A trend's groups carry their change from the period before, or null.
import { surveyTrend } from 'clg-metrics/trends';
const trend = surveyTrend([], { period: 'month' });
for (const group of trend.groups) {
  const up: boolean | undefined = group.change?.significant;
  // @ts-expect-error: change may be null
  const difference: number = group.change.difference;
  console.log(up, difference);
}

// Survey state: returned frozen (deeply readonly), accepted frozen or plain.
import { campaignDecision, checkCampaigns, mergeSurveyState, recordSurveyEvent, surveyDecision, type SurveyPolicy, type SurveyState } from 'clg-metrics';
const surveyPolicy: SurveyPolicy = { kinds: { nps: { recontactDays: 90 } } };
const frozen: SurveyState = recordSurveyEvent(surveyPolicy, null, { type: 'shown', promptId: 'p1', surveyId: 'nps-q3', kind: 'nps', role: 'admin', at: 0 });
const mutable = { version: 1 as const, prompts: [] as { id: string; surveyId: string; kind: string; at: number; outcome: 'shown'; outcomeAt: null }[], accountPrompts: [] };
const merged: SurveyState = mergeSurveyState(frozen, mutable);
recordSurveyEvent(surveyPolicy, mergeSurveyState(mutable, frozen), { type: 'dismissed', promptId: frozen.prompts[0]!.id, at: 1 });
surveyDecision(surveyPolicy, merged, { surveyId: 'nps-q3', kind: 'nps', userId: 'u', role: 'admin', now: 2, sessionStart: 0 });
surveyDecision(surveyPolicy, mutable, { surveyId: 'nps-q3', kind: 'nps', userId: 'u', role: 'admin', now: 2, sessionStart: 0 });
campaignDecision(checkCampaigns([], surveyPolicy), { now: 2, userId: 'u', role: 'admin', sessionStart: 0 }, surveyPolicy, merged);
// @ts-expect-error: a returned state is frozen
merged.prompts.length = 0;
// @ts-expect-error: so are its prompts
merged.prompts[0]!.outcome = 'responded';

// README (Pace): a closed goal from history() shown by <clg-goal-progress>, its pace from paceState.
import { paceState, type GoalProgress as GoalProgressElement, type GoalProgressStatus } from 'clg-metrics/widgets';
const goalStore = new ResultsStore();
const goalRef = { account: 'acme', role: 'sdr', metric: 'contacts' };
const goalElement: GoalProgressElement = document.createElement('clg-goal-progress');
for (const status of goalStore.goals({ account: 'acme', role: 'sdr' })) {
  goalElement.status = status;
  goalElement.status = { ...status, goal: goalStore.history(goalRef).at(-1) };
  console.log(paceState(status.goal), paceState(goalStore.history(goalRef).at(-1)));
}
goalElement.status = undefined;
const shown: GoalProgressStatus | null = goalElement.status;
console.log(shown?.goal?.progress?.percent);
// @ts-expect-error: a goal is a goal, not its progress
goalElement.status = { ...shown!, goal: { raw: 1, percent: 100 } };

// One rule for null: null in an optional argument or field is absent.
import { csat, surveyTrend as trendOf, validateResponse, type Canvas } from 'clg-metrics';
nps([10], null);
csat([5], { scale: null, level: null });
validateResponse({ kind: 'nps', score: 9, scale: null, timestamp: 0, respondent: { userId: 'u', accountId: null, role: null }, segments: null, comment: null });
trendOf([], { groupBy: null, period: null, utcOffsetMinutes: null, level: null });
new SurveyAggregate('csat', { scale: null }).summary({ level: null });
checkCampaigns([{ id: 'c', ask: { survey: { kind: 'nps', surveyId: null } }, trigger: { route: '/x' }, target: null, delayMs: null, schedule: { start: null, end: null } }], surveyPolicy);
campaignDecision([], { now: 2, userId: 'u', role: 'admin', sessionStart: 0, level: null, signupAt: null, route: null, account: null, segments: null, triggered: null, periods: null, metrics: null }, { kinds: {}, userGapDays: null, snoozeDays: null }, null);
goalStore.recordObservation({ ...goalRef, value: 1, at: 1, method: null, user: null });
goalStore.setGoal({ ...goalRef, target: 10, start: 2, baseline: null, due: null });
goalStore.setCanvas({ account: 'acme', role: 'sdr', changesNeeded: null, actions: [{ by: 'role', text: 't', done: null }], resources: [{ name: 'n', type: 'other', url: null }] });
goalStore.upsertAccount({ id: 'acme', name: null, roles: null });
const canvasOut: Canvas = goalStore.canvas({ account: 'acme', role: 'sdr' });
const needed: string[] = canvasOut.changesNeeded;
const done: boolean = canvasOut.actions[0]!.done;
console.log(needed, done);
// @ts-expect-error: a required field is never null
validateResponse({ kind: 'nps', score: null, timestamp: 0, respondent: { userId: 'u' } });

// Readonly lists are accepted where a list is an argument.
const eventNames = ['contact_added'] as const;
goalStore.trackBatch('acme', null, eventNames, new Uint32Array([0]), new Float64Array([0]), [undefined] as const);

// Types that public ones reference can be imported.
import type { CanvasResource, HealthBands } from 'clg-metrics';
import type { CanvasResource as ResultsCanvasResource } from 'clg-metrics/results';
import type { HealthBands as CompanyHealthBands } from 'clg-metrics/company';
const resource: CanvasResource & ResultsCanvasResource = { name: 'Guide', type: 'content', url: null };
const bands: HealthBands & CompanyHealthBands = { healthy: 3, atRisk: 1, critical: 0 };
console.log(resource, bands);

// Error codes are a union of the README's table.
import type { ClgErrorCode } from 'clg-metrics';
const errorCode: ClgErrorCode = 'SCORE_OUT_OF_RANGE';
function describe(error: ClgMetricsError): string {
  if (error.code === 'WASM_LOAD_FAILED') return error.url ?? 'bytes';
  // @ts-expect-error: not a code of clg-metrics
  if (error.code === 'SCORE_OUT_OF_RANGEE') return 'typo';
  return error.code;
}
console.log(errorCode, describe);

// Company: the nulls the README's one rule for null accepts (an optional field, a key of
// values by key, a per-period entry) type-check as they run.
import { CompanyData, healthScores } from 'clg-metrics';
healthScores({ inputs: [{ key: 'u', weight: 1, min: 0, max: 10 }], accounts: [{ id: 'a', values: { u: null } }] });
// @ts-expect-error: a health account's values are required
healthScores({ inputs: [{ key: 'u', weight: 1, min: 0, max: 10 }], accounts: [{ id: 'a' }] });
const companyData = CompanyData.fromRecords({
  periods: [{ start: '2026-01-01', end: '2026-02-01' }],
  accounts: [
    { id: 'a', mrr: [1], support: null, usage: null },
    { id: 'b', openingMrr: 1, mrr: [1], movements: [null], support: [null], advocacy: [null],
      usage: [{ mau: 3, featureUsers: { x: null } }] },
  ],
});
companyData.scorecard({ targets: { nrr: null }, benchmarks: null });
companyData.scorecard({ benchmarks: { nps: undefined, csat: null } });
companyData.free();

// Widget settings: the TSDoc examples compile, and (with exactOptionalPropertyTypes) a setting
// or message holding undefined or null is accepted as the runtime accepts it (absent).
import { configureWidgets, registerLocale } from 'clg-metrics/widgets/settings';
configureWidgets({ nonce: document.querySelector<HTMLMetaElement>('meta[name=csp-nonce]')?.content, wholeUnits: ['meetings'] });
configureWidgets({ nonce: undefined, wholeUnits: null });
configureWidgets(null);
configureWidgets();
registerLocale('de', { 'survey.submit': 'Senden', 'model.unit.contacts': 'Kontakte', 'model.unit.contacts.one': 'Kontakt' });
const translated: Record<string, string | undefined> = { 'survey.submit': 'Senden' };
registerLocale('de', { 'survey.later': translated['survey.later'], 'survey.dismiss': null });
// @ts-expect-error: a nonce is a string
configureWidgets({ nonce: 5 });
// @ts-expect-error: a message is a string
registerLocale('de', { 'survey.submit': 42 });

// README (Scorecard from records): <clg-scorecard> given the company records and scorecard options.
import type { Scorecard as ScorecardElement } from 'clg-metrics/widgets';
const lazyCard: ScorecardElement = document.createElement('clg-scorecard');
lazyCard.options = { targets: { nrr: 102 }, period: null };
lazyCard.records = { periods: [{ start: '2026-01-01', end: '2026-02-01' }], accounts: [{ id: 'a', mrr: new Float64Array([1]) }] };
lazyCard.records = null;
// @ts-expect-error: records are CompanyRecords, not a scorecard
lazyCard.records = { period: 0, customerResults: [], company: [] };
// @ts-expect-error: options are scorecard options (targets, not target)
lazyCard.options = { target: { nrr: 102 } };

// README (goalSlots): history() holds closed goals only, each with its closing time.
const closedBefore = (at: number) =>
  goalStore.history(goalRef).filter((g) => g.closedAt <= at && g.status !== 'abandoned').length;
console.log(closedBefore(Date.now()));
// @ts-expect-error: a goal of history() is never active
const stillActive: boolean = goalStore.history(goalRef).some((g) => g.status === 'active');
console.log(stillActive);

// One page-wide listener hears every widget's events; a typed listener comes off as it went on.
document.addEventListener('clg-error', (event) => console.warn(event.detail.code));
window.addEventListener('clg-submit', (event) => console.log(event.detail.kind));
const onSubmit = (event: CustomEvent<SurveySubmitDetail>) => console.log(event.detail.score);
prompt?.addEventListener('clg-submit', onSubmit);
prompt?.removeEventListener('clg-submit', onSubmit);
const onCheckIn = (event: CustomEvent<import('clg-metrics/widgets').CheckInSubmitDetail>) => console.log(event.detail.values);
checkIn?.addEventListener('clg-sent', onCheckIn);
checkIn?.removeEventListener('clg-sent', onCheckIn);
// A check-in's values read back as given, or null.
const targetingOf = (element: CheckIn) => {
  // @ts-expect-error: values may be null
  const targeting: number | undefined = element.values.targeting;
  return targeting;
};
if (checkIn) {
  checkIn.values = { targeting: 2 };
  const given: Readonly<Record<string, number>> | null = checkIn.values;
  console.log(given, targetingOf(checkIn));
}

// The trends entry names the types of its own results.
import type { ClgErrorCode as TrendsErrorCode, Comparison as TrendsComparison } from 'clg-metrics/trends';
const trendChange: TrendsComparison | null = trend.groups[0]?.change ?? null;
const trendCode: TrendsErrorCode = 'EMPTY_INPUT';
console.log(trendChange, trendCode);

// README (one rule for null): an optional field holding undefined is absent, as null is, also
// under exactOptionalPropertyTypes (this project's setting).
const maybeLevel: number | undefined = Math.random() < 2 ? undefined : 0.9;
const maybeDue: number | undefined = Math.random() < 2 ? undefined : 5;
console.log(nps([9], { level: maybeLevel }).score);
goalStore.setGoal({ ...goalRef, target: 10, start: 2, baseline: undefined, due: maybeDue });
const maybeCounts: { promoters: number; passives: number; detractors: number } | undefined = Math.random() < 2 ? undefined : { promoters: 1, passives: 0, detractors: 0 };
const scorecardOptions: import('clg-metrics').ScorecardOptions = { surveys: { nps: maybeCounts, csat: undefined } };
const accountInput: import('clg-metrics').AccountInput = { id: 'acme', roles: undefined };
console.log(scorecardOptions, accountInput);
