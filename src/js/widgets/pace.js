// The pace rule: when a goal's progress may be called "on track" or
// "behind pace". The core's forecast divides progress by the elapsed share
// of the goal period, which swings widely at the start (a goal set a moment
// ago is 0 % done and "behind"). So pace is judged only once at least
// MIN_ELAPSED of the period between start and due has passed; before that
// the state is `early` ("Too early to judge the pace"). Closed goals show
// their status (achieved, missed, abandoned); an active goal that already
// reached its target is on track whatever the time.

/** The share of the goal period that must pass before pace is judged. */
export const MIN_ELAPSED = 0.2;

/**
 * The state to show for a goal (a `GoalProgress` of `ResultsStore.goals()`):
 * 'achieved' | 'missed' | 'abandoned' | 'onTrack' | 'behind' | 'early', or
 * null for an active goal without a due date or without a current value
 * (a ratio whose denominator is 0): nothing to judge, at any time.
 *
 * @example paceState({ status: 'active', progress: { raw: 0 }, forecast: { elapsed: 0.01, onTrack: false } }) // 'early'
 */
export function paceState(goal) {
  if (!goal) return null;
  if (goal.status !== 'active') return goal.status;
  if ((goal.progress?.raw ?? 0) >= 1) return 'onTrack';
  if (goal.due == null || !goal.progress) return null;
  const forecast = goal.forecast;
  if (!forecast || forecast.elapsed < MIN_ELAPSED) return 'early';
  return forecast.onTrack ? 'onTrack' : 'behind';
}
