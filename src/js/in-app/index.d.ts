// Types of `clg-metrics/in-app`: what an in-app integration computes (the
// module `clg-metrics/sdk` loads): survey scores, the survey policy with its
// campaigns and the customer results store.
export { init, nps, csat, ces, compare, SurveyAggregate, ResultsStore } from '../index.js';
export { checkSurveyPolicy, mergeSurveyState, recordSurveyEvent, samplingHash, surveyDecision } from '../index.js';
export { campaignDecision, campaignTriggers, checkCampaigns } from '../index.js';
export type {
  CesResult, ClgErrorCode, ClgMetricsError, Comparison, CsatResult, Interval, LevelOptions, NpsOptions, NpsResult, ScaleOptions,
  SurveyAggregateJSON, SurveyKind, SurveyResult,
} from '../scores/index.js';
export type {
  SurveyAccountPrompt, SurveyAsk, SurveyCap, SurveyDecision, SurveyEvent, SurveyKindRule, SurveyPolicy, SurveyPrompt,
  SurveyReason, SurveyState,
} from '../index.js';
export type {
  Campaign, CampaignAsk, CampaignContext, CampaignDecision, CampaignDue, CampaignOccurrence, CampaignReason,
  CampaignSchedule, CampaignStatus, CampaignTarget, CampaignTrigger, CampaignValue,
} from '../index.js';
export type {
  AccountInput, Canvas, CanvasNotes, CanvasResource, ClosedGoal, Goal, GoalInput, GoalProgress, InstanceRef, MetricDefinition, MetricRef,
  MetricStatus, ObservationInput, ResultsKpis, ResultsModel, ResultsState, RoleDefinition, RuleDefinition, Share,
  SuggestedGoal, TermDefinition, TrackProps,
} from '../results/index.js';
