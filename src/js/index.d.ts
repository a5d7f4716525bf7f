// Public types of clg-metrics. The functions and their data types come from
// the Rust bindings (their TSDoc lives in the Rust source); this file adds
// `init()` and picks what is public.

export { checkSurveyPolicy, mergeSurveyState, nps, recordSurveyEvent, samplingHash, surveyDecision } from './wasm/clg_metrics.js';
export type {
  ClgMetricsError,
  Interval,
  NpsOptions,
  NpsResult,
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
