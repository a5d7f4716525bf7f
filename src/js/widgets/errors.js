// What a person sees when a widget's action is refused: a short sentence in
// their language, chosen by the error's `code` (and `field`), that says
// what to do next. The developer's message never reaches the screen: it
// goes to a `clg-error` event (the original error in `detail.error`) and to
// console.warn (reportError in element.js).

/** Codes with a sentence of their own; any other code gets `error.generic`. */
const KNOWN = new Set([
  'NO_CURRENT_VALUE', 'GOAL_WRONG_DIRECTION', 'GOAL_ZERO_WIDTH', 'GOAL_ACTIVE', 'NO_ACTIVE_GOAL',
  'NOT_FINITE', 'WRONG_TYPE', 'INVALID_VALUE', 'INVALID_TIME', 'SCORE_OUT_OF_RANGE', 'VALUE_OUT_OF_RANGE', 'METHOD_MISMATCH',
  'UNKNOWN_ID', 'NO_MODEL', 'MODEL_MISMATCH', 'MODEL_CHANGED', 'CLIENT_DESTROYED', 'CONSENT_REQUIRED',
  'STORAGE_QUOTA', 'STORAGE_UNAVAILABLE', 'STORAGE_FAILED', 'STORAGE_CORRUPT', 'OUTBOX_FULL',
  'RESULTS_CONFLICT', 'NO_CLIENT', 'DISCARDED',
]);

/** Storage codes share one sentence. */
const ALIASES = { STORAGE_UNAVAILABLE: 'STORAGE_FAILED', STORAGE_CORRUPT: 'STORAGE_FAILED', MODEL_CHANGED: 'MODEL_MISMATCH', NO_MODEL: 'MODEL_MISMATCH' };

/**
 * The message key and variables for `error` met while acting on a metric
 * (`context`: { direction: 'higher' | 'lower', min?, max? }, the metric's,
 * chooses the sentence).
 *
 * @example errorMessageKey({ code: 'GOAL_WRONG_DIRECTION' }, { direction: 'higher' })
 *   // 'error.GOAL_WRONG_DIRECTION.higher'
 */
export function errorMessageKey(error, context = {}) {
  const code = typeof error?.code === 'string' && KNOWN.has(error.code) ? ALIASES[error.code] ?? error.code : 'generic';
  switch (code) {
    case 'GOAL_WRONG_DIRECTION':
    case 'GOAL_ZERO_WIDTH':
      return `error.${code}.${context.direction === 'lower' ? 'lower' : 'higher'}`;
    case 'VALUE_OUT_OF_RANGE': {
      // The metric's bounds, when the widget knows them: the sentence names them.
      const [min, max] = [Number.isFinite(context.min), Number.isFinite(context.max)];
      return `error.${code}${min && max ? '.between' : min ? '.atLeast' : max ? '.atMost' : ''}`;
    }
    case 'INVALID_VALUE':
      // What a person can cause in a widget: a due date before the start, a countable metric's
      // target that is not a whole number.
      if (/due/.test(error.field ?? '')) return 'error.INVALID_VALUE.due';
      return /target/.test(error.field ?? '') ? 'error.INVALID_VALUE.whole' : 'error.generic';
    default:
      return `error.${code}`;
  }
}
