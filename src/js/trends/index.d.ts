// Types of `clg-metrics/trends`: survey trends by period and response checks.
export { init, surveyTrend, surveyTrendColumns, validateResponse } from '../index.js';
export type {
  CesResult, ClgErrorCode, ClgMetricsError, ColumnTrendOptions, Comparison, CsatResult, Interval, LevelOptions, NpsResult,
  SurveyColumns, SurveyKind, SurveyResponse, SurveyResult, Trend, TrendGroup, TrendOptions, TrendPeriod, ValidResponse,
} from '../index.js';
