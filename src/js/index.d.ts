/// <reference lib="esnext.disposable" />
// Public types of clg-metrics. The functions and their data types come from
// the Rust bindings (their TSDoc lives in the Rust source); this file adds
// `init()` and picks what is public.

export { nps } from './wasm/clg_metrics.js';
export type { ClgErrorCode, ClgMetricsError, Interval, NpsOptions, NpsResult } from './wasm/clg_metrics.js';
export { ResultsStore } from './wasm/clg_metrics.js';
export type {
  AccountInput, Canvas, CanvasNotes, CanvasResource, ClosedGoal, Goal, GoalInput, GoalProgress, InstanceRef, MetricDefinition, MetricRef,
  MetricStatus, ObservationInput, ResultsKpis, ResultsModel, ResultsState, RoleDefinition, RuleDefinition, Share,
  SuggestedGoal, TermDefinition, TrackProps,
} from './wasm/clg_metrics.js';

// Survey analytics.
export {
  ces,
  compare,
  csat,
  surveyTrend,
  surveyTrendColumns,
  SurveyAggregate,
  validateResponse,
} from './wasm/clg_metrics.js';
export type {
  CesResult,
  ColumnTrendOptions,
  Comparison,
  CsatResult,
  LevelOptions,
  ScaleOptions,
  SurveyAggregateJSON,
  SurveyColumns,
  SurveyKind,
  SurveyResponse,
  SurveyResult,
  Trend,
  TrendGroup,
  TrendOptions,
  TrendPeriod,
  ValidResponse,
} from './wasm/clg_metrics.js';

// Survey hygiene.
export { checkSurveyPolicy, mergeSurveyState, recordSurveyEvent, samplingHash, surveyDecision } from './wasm/clg_metrics.js';
export type {
  SurveyAccountPrompt,
  SurveyAsk,
  SurveyCap,
  SurveyDecision,
  SurveyEvent,
  SurveyKindRule,
  SurveyPolicy,
  SurveyPrompt,
  SurveyReason,
  SurveyState,
} from './wasm/clg_metrics.js';

// Survey campaigns.
export { campaignDecision, campaignTriggers, checkCampaigns } from './wasm/clg_metrics.js';
export type {
  Campaign,
  CampaignAsk,
  CampaignContext,
  CampaignDecision,
  CampaignDue,
  CampaignOccurrence,
  CampaignReason,
  CampaignSchedule,
  CampaignStatus,
  CampaignTarget,
  CampaignTrigger,
  CampaignValue,
} from './wasm/clg_metrics.js';

// Company KPIs and the scorecard.
export { CompanyData, advocateCandidates, customerLifetimeValue, healthScores } from './wasm/clg_metrics.js';
export type {
  AccountRecord, AccountResults, AdvocateCandidate, AdvocateSignals, ClvInput, CohortRetention, CompanyRecords,
  FinanceMetrics, GroupOutcome, HealthBands, HealthScore, HealthScoreInput, MetricValue, MrrMovements, PeriodFinance, PeriodMetrics,
  ResultsRevenueLink, RevenueMetrics, RoleResults, Scorecard, ScorecardLine, ScorecardOptions, SurveyResults,
} from './wasm/clg_metrics.js';

/**
 * Loads the WebAssembly module. Call it once and await it before any other
 * function; calling it again returns the same promise. In Node the module
 * is loaded on import and `init()` resolves at once; in a server bundle that
 * left the `.wasm` behind, `init()` rejects with `WASM_LOAD_FAILED` until it
 * is given the `.wasm`'s path, `file:` URL or bytes.
 *
 * `source` overrides where the `.wasm` file comes from (a URL, a `Response`,
 * bytes or a compiled `WebAssembly.Module`); by default it is fetched from
 * beside the package's JS, which bundlers such as Vite and webpack follow.
 * A response that is not WebAssembly (an HTTP error, an HTML page from a dev
 * server) rejects with a `ClgMetricsError` of code `WASM_LOAD_FAILED` whose
 * message names the URL and the fix (README, Quickstart).
 *
 * @example
 * ```ts
 * import { init, nps } from 'clg-metrics';
 * await init();
 * nps([10, 9, 7, 3]).score; // 25
 * ```
 */
export function init(
  source?: string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WasmModule | Promise<Response> | null,
): Promise<void>;

/**
 * `WebAssembly.Module` where the `WebAssembly` global is declared (the DOM
 * lib), `object` elsewhere: a Node project needs no DOM lib for these types.
 */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : object;
