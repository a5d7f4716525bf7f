// <clg-goal-progress>: one metric's goal as a bar (default) or a ring
// (`variant="ring"`): baseline, current, target, % of the way and whether
// the pace so far reaches the target by the due date. It only displays:
// give it a metric status from `ResultsStore.goals()` (the `status`
// property); every number comes from the core.
import { ClgElement, h } from './element.js';
import { formatNumber, message } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const RING_RADIUS = 42;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

const STYLES = `
:host { display: block; font: var(--clg-font, inherit); color: var(--clg-fg, #1f2328); }
.card { background: var(--clg-bg, #fff); border: 1px solid var(--clg-border, #d1d9e0); border-radius: var(--clg-radius, 8px); padding: 0.9rem 1rem; }
.name { font-weight: 600; margin: 0 0 0.5rem; }
.track { height: 0.75rem; border-radius: 999px; background: var(--clg-track, #eaeef2); overflow: hidden; }
.fill { height: 100%; background: var(--clg-accent, #0969da); border-radius: 999px; }
.behind .fill, .behind circle.value { background: var(--clg-warning, #9a6700); stroke: var(--clg-warning, #9a6700); }
.ring { display: flex; align-items: center; gap: 1rem; }
svg { width: 6rem; height: 6rem; flex: none; }
circle { fill: none; stroke-width: 10; }
circle.bg { stroke: var(--clg-track, #eaeef2); }
circle.value { stroke: var(--clg-accent, #0969da); stroke-linecap: round; transform: rotate(-90deg); transform-origin: 50% 50%; }
text { font: 600 18px var(--clg-font, system-ui, sans-serif); fill: currentColor; }
.numbers { display: flex; justify-content: space-between; gap: 0.75rem; margin: 0.4rem 0 0; font-size: 0.9em; color: var(--clg-muted, #59636e); font-variant-numeric: tabular-nums; }
.ring .numbers { flex-direction: column; margin: 0; }
.state { margin: 0.4rem 0 0; font-size: 0.9em; font-weight: 600; }
.on-track .state { color: var(--clg-success, #1a7f37); }
.behind .state { color: var(--clg-warning, #9a6700); }
`;

export class GoalProgress extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'variant'];

  #status = null;

  /** The metric status to show (an element of `ResultsStore.goals()`). */
  get status() {
    return this.#status;
  }

  set status(value) {
    this.#status = value ?? null;
    if (this.isConnected) this.update();
  }

  render() {
    const s = this.#status;
    if (!s) return [];
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    const num = (x) => (x == null ? '–' : formatNumber(lang, x, { maximumFractionDigits: 2 }));
    const goal = s.goal;
    if (!goal) {
      return [h('div', { class: 'card' }, h('p', { class: 'name' }, s.name), h('p', { class: 'numbers' }, `${t('goal.current')}: ${num(s.current)} ${s.unit}`), h('p', { class: 'state' }, t('goal.none')))];
    }
    const percent = goal.progress?.percent ?? 0;
    const state = goal.status !== 'active' ? goal.status : goal.forecast ? (goal.forecast.onTrack ? 'onTrack' : 'behind') : null;
    const stateText = state && t(`goal.${state}`);
    const percentText = formatNumber(lang, percent / 100, { style: 'percent', maximumFractionDigits: 0 });
    const valueText = `${percentText}: ${t('goal.valueText', { current: num(s.current), target: num(goal.target), unit: s.unit })}${stateText ? `, ${stateText}` : ''}`;
    const meter = {
      role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(percent),
      'aria-valuetext': valueText, 'aria-labelledby': 'name',
    };
    const numbers = h('p', { class: 'numbers' },
      h('span', {}, `${t('goal.baseline')}: ${num(goal.baseline)}`),
      h('span', {}, `${t('goal.current')}: ${num(s.current)}`),
      h('span', {}, `${t('goal.target')}: ${num(goal.target)} ${s.unit}`),
    );
    const stateClass = state === 'behind' || state === 'missed' ? 'behind' : state === 'onTrack' || state === 'achieved' ? 'on-track' : '';
    const name = h('p', { id: 'name', class: 'name' }, s.name);
    if (this.getAttribute('variant') === 'ring') {
      const ring = svg('svg', { viewBox: '0 0 100 100', ...meter },
        svg('circle', { class: 'bg', cx: 50, cy: 50, r: RING_RADIUS }),
        svg('circle', { class: 'value', cx: 50, cy: 50, r: RING_RADIUS, 'stroke-dasharray': `${(RING_LENGTH * percent) / 100} ${RING_LENGTH}` }),
        svg('text', { x: 50, y: 56, 'text-anchor': 'middle', 'aria-hidden': 'true' }, percentText),
      );
      return [h('div', { class: `card ${stateClass}` }, name, h('div', { class: 'ring' }, ring, h('div', {}, numbers, stateText && h('p', { class: 'state' }, stateText))))];
    }
    const bar = h('div', { class: 'track', ...meter }, h('div', { class: 'fill' }));
    bar.firstChild.style.width = `${percent}%`;
    return [h('div', { class: `card ${stateClass}` }, name, bar, numbers, stateText && h('p', { class: 'state' }, `${percentText} · ${stateText}`))];
  }
}

/** An SVG element with attributes and children (text set as text). */
function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}
