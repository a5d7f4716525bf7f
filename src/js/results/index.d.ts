// Types of `clg-metrics/results`: the customer results store (role value
// metrics, goals, customer-results views and KPIs).
export { init, ResultsStore } from '../index.js';
export type {
  AccountInput, Canvas, CanvasNotes, CanvasResource, ClgErrorCode, ClgMetricsError, ClosedGoal, Goal, GoalInput, GoalProgress, InstanceRef, MetricDefinition,
  MetricRef, MetricStatus, ObservationInput, ResultsKpis, ResultsModel, ResultsState, RoleDefinition, RuleDefinition,
  Share, SuggestedGoal, TermDefinition, TrackProps,
} from '../index.js';
