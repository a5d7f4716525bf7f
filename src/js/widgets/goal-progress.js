// <clg-goal-progress>: one metric's goal as a bar (default) or a ring
// (`variant="ring"`): baseline, current, target, % of the way and whether
// the pace so far reaches the target by the due date (judged by the pace
// rule of pace.js, never in the first fifth of the goal period). It only
// displays: give it a metric status from `ResultsStore.goals()` (the
// `status` property) and, for whole-number display of countable metrics,
// the metric's `definition` from the model. Attribute `hide-name` leaves
// out the metric's name and the card's frame (for a host that shows it
// inside its own card, under its own heading). A status that is not one
// (no known collection `method`, a `current` that is not a number, a goal
// whose numbers, `status`, `progress` or `forecast` are not the core's) is
// reported as `clg-error` (WRONG_TYPE) and the widget says it cannot show it.
import { svg } from './charts.js';
import { ClgElement, define, drawable, h, readData, typeError } from './element.js';
import { formatNumber, message, modelText } from './i18n.js';
import { checkDefinition, metricFormat } from './metric-format.js';
import { paceState } from './pace.js';

const RING_RADIUS = 42;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

const STYLES = `
.card { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space-3) var(--_space-4); overflow-wrap: anywhere; }
.name { font-weight: 600; margin: 0 0 var(--_space-2); }
.track { height: 0.75rem; border-radius: 999px; background: var(--_track); overflow: hidden; }
.fill { height: 100%; width: 0; background: var(--_accent); border-radius: 999px; transition: width var(--_motion) ease-out; }
.behind .fill { background: var(--_warning); }
.on-track .fill { background: var(--_success); }
.ring { display: flex; flex-wrap: wrap; align-items: center; gap: var(--_space-4); }
.ring > div { min-width: 0; }
svg { width: 6rem; height: 6rem; flex: none; direction: ltr; }
circle { fill: none; stroke-width: 10; }
circle.bg { stroke: var(--_track); }
circle.value { stroke: var(--_accent); stroke-linecap: round; transform: rotate(-90deg); transform-origin: 50% 50%; }
.behind circle.value { stroke: var(--_warning); }
.on-track circle.value { stroke: var(--_success); }
text { font: 600 18px var(--clg-font, system-ui, sans-serif); fill: currentColor; }
.numbers { display: flex; flex-wrap: wrap; justify-content: space-between; gap: var(--_space-1) var(--_space-3); margin: var(--_space-2) 0 0; font-size: var(--_text-sm); color: var(--_muted); font-variant-numeric: tabular-nums; }
.numbers b { color: var(--_fg); font-weight: 600; }
.ring .numbers { flex-direction: column; margin: 0; }
.state { margin: var(--_space-2) 0 0; font-size: var(--_text-sm); font-weight: 600; }
.on-track .state { color: var(--_success); }
.behind .state { color: var(--_warning); }
.early .state, .empty .state { color: var(--_muted); font-weight: 400; }
.now { margin: 0; }
.now b { font-size: var(--_text-lg); }
.now + .state { margin-top: var(--_space-1); }
.empty .state:first-child { margin: 0; }
:host([hide-name]) .card { border: 0; padding: 0; background: transparent; }
`;

const METHODS = ['appGenerated', 'selfReported', 'scaleAssessed', 'integration'];

const GOAL_STATUSES = ['active', 'achieved', 'missed', 'abandoned'];

/**
 * Throws a WRONG_TYPE error naming the first field of `goal` (a status's
 * `goal`) that is not of its shape: numbers where the widget draws numbers,
 * a known `status`, `progress` and `forecast` as the core gives them.
 *
 * @example checkGoal({ baseline: 1, target: 10, progress: { percent: 'abc' } }) // TypeError "status.goal.progress.percent: must be a number from 0 to 100 ..."
 */
function checkGoal(goal) {
  const shape = 'a goal of ResultsStore.goals() or history()';
  const wrong = (field, rule) => typeError(`status.goal.${field}`, `${rule} (${shape})`);
  for (const key of ['baseline', 'target']) {
    if (!Number.isFinite(goal[key])) throw wrong(key, 'must be a number');
  }
  if (goal.status != null && !GOAL_STATUSES.includes(goal.status)) throw wrong('status', `must be one of ${GOAL_STATUSES.join(', ')}`);
  if (goal.closedValue != null && !Number.isFinite(goal.closedValue)) throw wrong('closedValue', 'must be a number or null');
  const { progress, forecast } = goal;
  if (progress != null) {
    if (typeof progress !== 'object') throw wrong('progress', 'must be { raw, percent } or null');
    if (!(typeof progress.percent === 'number' && progress.percent >= 0 && progress.percent <= 100)) throw wrong('progress.percent', 'must be a number from 0 to 100');
    if (!Number.isFinite(progress.raw)) throw wrong('progress.raw', 'must be a number');
  }
  if (forecast != null) {
    if (typeof forecast !== 'object') throw wrong('forecast', 'must be { elapsed, projected, onTrack } or null');
    if (!Number.isFinite(forecast.elapsed)) throw wrong('forecast.elapsed', 'must be a number');
    if (typeof forecast.onTrack !== 'boolean') throw wrong('forecast.onTrack', 'must be a boolean');
  }
}

/**
 * The whole percent a goal's `progress` reads as: 100 only once the target
 * is reached (`raw` 1 or more), 0 only without progress; between them the
 * rounded percent kept within 1..99, so 99.6 % of the way never reads as a
 * goal reached, nor 0.3 % as no progress at all.
 *
 * @example shownPercent({ raw: 0.996, percent: 99.6 }) // 99
 */
function shownPercent(progress) {
  if (!progress || progress.raw <= 0) return 0;
  if (progress.raw >= 1) return 100;
  return Math.min(99, Math.max(1, Math.round(progress.percent)));
}

const STATE_CLASS = { behind: 'behind', missed: 'behind', onTrack: 'on-track', achieved: 'on-track', early: 'early' };

export class GoalProgress extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'variant', 'hide-name'];

  /** The `status` and `definition` given (the getters'). */
  #given = { status: null, definition: null };
  /** Those read into plain data (readData): what is checked is what is drawn. */
  #status = null;
  #definition = null;

  /** The metric status to show (an element of `ResultsStore.goals()`). */
  get status() {
    return this.#given.status;
  }

  set status(value) {
    this.#given.status = value ?? null;
    this.#status = readData(this.#given.status, 'status');
    if (this.isConnected) this.update();
  }

  /** The metric's definition from the model (optional: its collection makes counts whole numbers). */
  get definition() {
    return this.#given.definition;
  }

  set definition(value) {
    this.#given.definition = value ?? null;
    this.#definition = readData(this.#given.definition, 'definition');
    if (this.isConnected) this.update();
  }

  render() {
    const s = drawable(this.#status);
    if (!s) return [];
    drawable(this.#definition);
    if (!METHODS.includes(s.method)) throw typeError('status.method', `must be one of ${METHODS.join(', ')} (an element of ResultsStore.goals())`);
    if (s.current != null && !Number.isFinite(s.current)) throw typeError('status.current', 'must be a number or null');
    for (const key of ['metric', 'name', 'unit']) if (typeof s[key] !== 'string') throw typeError(`status.${key}`, 'must be a string (an element of ResultsStore.goals())');
    if (this.#definition !== null) checkDefinition(this.#definition, 'definition');
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    const fmt = metricFormat(lang, s, this.#definition);
    const nameText = modelText(lang, 'metric', s.metric, s.name);
    const name = !this.hasAttribute('hide-name') && h('p', { id: 'name', class: 'name' }, nameText);
    const goal = s.goal;
    if (!goal) {
      const now = s.current == null
        ? h('p', { class: 'state' }, t(`goal.empty.${s.method}`))
        : [h('p', { class: 'now' }, `${t('goal.current')}: `, h('b', {}, fmt.withUnit(s.current))), h('p', { class: 'state' }, t('goal.none'))];
      return [h('div', { class: `card ${s.current == null ? 'empty' : ''}` }, name, now)];
    }
    checkGoal(goal);
    // A closed goal (from history()) is shown as its closing value left it, whatever the metric did since.
    const closed = goal.status != null && goal.status !== 'active';
    const value = closed ? goal.closedValue ?? null : s.current;
    // An active goal whose metric has no value now (a ratio over an empty window): no progress to show.
    const unknown = value == null && !closed;
    const percent = unknown ? 0 : goal.progress?.percent ?? 0;
    const state = paceState(goal);
    const stateText = state && t(`goal.${state}`);
    const shown = shownPercent(goal.progress);
    const percentText = formatNumber(lang, shown / 100, { style: 'percent', maximumFractionDigits: 0 });
    const valueText = unknown ? t('goal.valueTextNoValue', { target: fmt.withUnit(goal.target) })
      : `${percentText}: ${t('goal.valueText', { current: value == null ? t('goal.noValue') : fmt.number(value), target: fmt.withUnit(goal.target) })}${stateText ? `, ${stateText}` : ''}`;
    const meter = {
      role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': unknown ? undefined : shown, 'aria-valuetext': valueText,
      ...(name ? { 'aria-labelledby': 'name' } : { 'aria-label': nameText }),
    };
    const numbers = h('p', { class: 'numbers' },
      h('span', {}, `${t('goal.baseline')}: `, h('b', {}, fmt.number(goal.baseline))),
      h('span', {}, `${t(closed ? 'goal.closing' : 'goal.current')}: `, h('b', {}, fmt.number(value))),
      h('span', {}, `${t('goal.target')}: `, h('b', {}, fmt.withUnit(goal.target))),
    );
    const cardClass = `card ${STATE_CLASS[state] ?? ''}`;
    if (this.getAttribute('variant') === 'ring') {
      const ring = svg('svg', { viewBox: '0 0 100 100', ...meter },
        svg('circle', { class: 'bg', cx: 50, cy: 50, r: RING_RADIUS }),
        // No arc at 0 %: a round line cap would draw a stray dot.
        percent > 0 && svg('circle', { class: 'value', cx: 50, cy: 50, r: RING_RADIUS, 'stroke-dasharray': `${(RING_LENGTH * percent) / 100} ${RING_LENGTH}` }),
        svg('text', { x: 50, y: 56, 'text-anchor': 'middle', 'aria-hidden': 'true' }, unknown ? '–' : percentText),
      );
      const said = unknown ? t('goal.noValueNow') : stateText;
      return [h('div', { class: cardClass }, name, h('div', { class: 'ring' }, ring, h('div', {}, numbers, said && h('p', { class: 'state' }, said))))];
    }
    const bar = h('div', { class: 'track', ...meter }, h('div', { class: 'fill' }));
    bar.firstChild.style.width = `${percent}%`;
    const said = unknown ? t('goal.noValueNow') : stateText ? `${percentText} · ${stateText}` : percentText;
    return [h('div', { class: cardClass }, name, bar, numbers, h('p', { class: 'state' }, said))];
  }
}

define('clg-goal-progress', GoalProgress);
