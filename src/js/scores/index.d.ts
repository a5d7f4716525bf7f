// Types of `clg-metrics/scores`: survey scores in their own small module
// (the same functions and types as `clg-metrics`; `init()` loads this
// entry's module).
export { init, nps, csat, ces, compare, SurveyAggregate } from '../index.js';
export type {
  CesResult, ClgErrorCode, ClgMetricsError, Comparison, CsatResult, Interval, LevelOptions, NpsOptions, NpsResult, ScaleOptions,
  SurveyAggregateJSON, SurveyKind, SurveyResult,
} from '../index.js';
