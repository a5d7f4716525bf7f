// Types of `clg-metrics/company`: company KPIs and the scorecard.
export { init, CompanyData, advocateCandidates, customerLifetimeValue, healthScores } from '../index.js';
export type {
  AccountRecord, AccountResults, AdvocateCandidate, AdvocateSignals, ClgErrorCode, ClgMetricsError, ClvInput, CohortRetention,
  CompanyRecords, FinanceMetrics, GroupOutcome, HealthBands, HealthScore, HealthScoreInput, MetricValue, MrrMovements,
  PeriodFinance, PeriodMetrics, ResultsRevenueLink, RevenueMetrics, RoleResults, Scorecard, ScorecardLine,
  ScorecardOptions, SurveyResults,
} from '../index.js';
