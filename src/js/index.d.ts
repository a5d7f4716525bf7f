// Public types of clg-metrics. The functions and their data types come from
// the Rust bindings (their TSDoc lives in the Rust source); this file adds
// `init()` and picks what is public.

export { nps } from './wasm/clg_metrics.js';
export type { ClgMetricsError, Interval, NpsOptions, NpsResult } from './wasm/clg_metrics.js';
// -- company KPIs and scorecard --
export { CompanyData, advocateCandidates, customerLifetimeValue, healthScores } from './wasm/clg_metrics.js';
export type {
  AccountRecord, AccountResults, AdvocateCandidate, AdvocateSignals, ClvInput, CohortRetention, CompanyRecords,
  FinanceMetrics, GroupOutcome, HealthScore, HealthScoreInput, MetricValue, MrrMovements, PeriodFinance, PeriodMetrics,
  ResultsRevenueLink, RevenueMetrics, RoleResults, Scorecard, ScorecardLine, ScorecardOptions, SurveyResults,
} from './wasm/clg_metrics.js';

/**
 * Loads the WebAssembly module. Call it once and await it before any other
 * function; calling it again returns the same promise. In Node the module
 * is loaded on import and `init()` resolves at once.
 *
 * `source` overrides where the `.wasm` file comes from (a URL, a `Response`,
 * bytes or a compiled `WebAssembly.Module`); by default it is fetched from
 * beside the package's JS, which bundlers such as Vite and webpack follow.
 *
 * @example
 * ```ts
 * import { init, nps } from 'clg-metrics';
 * await init();
 * nps([10, 9, 7, 3]).score; // 25
 * ```
 */
export function init(
  source?: string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>,
): Promise<void>;
