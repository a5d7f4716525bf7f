// <clg-scorecard>: the customer-led-growth scorecard of one period.
// Customer results first (goal achievement by role as bars, measurable
// gain as rings, every line with target, status, change and benchmark),
// then the company lines by cadence, then survey scores beside behaviour:
// the NPS distribution and its trend with the interval band, with the
// caveat that they lead revenue only together with usage and renewals.
//
// Display only: set `scorecard` (from CompanyData.scorecard()), and
// optionally `nps` (an nps() result) and `trend` (a surveyTrend() result
// with a period). Attribute `currency` (ISO 4217, default USD).
import { bars, lineWithBand, ring, stackedBar } from './charts.js';
import { ClgElement, h } from './element.js';
import { formatNumber, message } from './i18n.js';

const STYLES = `
:host { display: block; font: var(--clg-font, inherit); color: var(--clg-fg, #1f2328); }
section { background: var(--clg-bg, #fff); border: 1px solid var(--clg-border, #d1d9e0); border-radius: var(--clg-radius, 8px); padding: 1rem 1.25rem; margin-bottom: 1.25rem; }
h2 { font-size: 1.15em; margin: 0 0 0.75rem; }
h3 { font-size: 1em; margin: 1rem 0 0.5rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-end; }
figure { margin: 0; }
figcaption { font-size: 0.85em; color: var(--clg-muted, #59636e); margin-top: 0.25rem; max-width: 22rem; }
.chart { display: block; }
.chart.bars { width: min(100%, 20rem); height: auto; }
.chart.ring { width: 5.5rem; height: 5.5rem; }
.chart.line { width: min(100%, 26rem); height: auto; }
.chart.stacked { width: min(100%, 26rem); height: 1.25rem; border-radius: 4px; }
.chart .grid { stroke: var(--clg-border, #d1d9e0); stroke-width: 1; }
.chart .axis { font-size: 10px; fill: var(--clg-muted, #59636e); }
.chart.bars .value { fill: var(--clg-accent, #0969da); }
.chart.ring circle { fill: none; stroke-width: 10; }
.chart.ring .track { stroke: var(--clg-track, #eaeef2); }
.chart.ring .value { stroke: var(--clg-accent, #0969da); stroke-linecap: round; transform: rotate(-90deg); transform-origin: 50% 50%; }
.chart .ring-text { font: 600 18px var(--clg-font, system-ui, sans-serif); fill: currentColor; }
.chart.line .band { fill: var(--clg-band, rgb(9 105 218 / 0.15)); }
.chart.line .value { fill: none; stroke: var(--clg-accent, #0969da); stroke-width: 2; }
.chart.line .dot { fill: var(--clg-accent, #0969da); }
.detractors { fill: var(--clg-detractor, #cf222e); }
.passives { fill: var(--clg-passive, #9a6700); }
.promoters { fill: var(--clg-promoter, #1a7f37); }
.legend { display: flex; gap: 1rem; font-size: 0.85em; margin: 0.35rem 0 0; padding: 0; list-style: none; }
.legend li::before { content: ''; display: inline-block; width: 0.7em; height: 0.7em; margin-right: 0.3em; border-radius: 2px; background: var(--swatch); }
.legend .detractors { --swatch: var(--clg-detractor, #cf222e); }
.legend .passives { --swatch: var(--clg-passive, #9a6700); }
.legend .promoters { --swatch: var(--clg-promoter, #1a7f37); }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--clg-border, #d1d9e0); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; white-space: nowrap; }
.onTrack { color: var(--clg-success, #1a7f37); }
.offTrack { color: var(--clg-danger, #cf222e); }
.noTarget, .notAvailable { color: var(--clg-muted, #59636e); }
.caveat { font-size: 0.9em; color: var(--clg-muted, #59636e); margin: 0.75rem 0 0; }
`;

export class Scorecard extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'currency'];

  #data = { scorecard: null, nps: null, trend: null };

  /** The scorecard to show (from `CompanyData.scorecard()`). */
  get scorecard() { return this.#data.scorecard; }
  set scorecard(value) { this.#set('scorecard', value); }
  /** An `nps()` result: its distribution is drawn. */
  get nps() { return this.#data.nps; }
  set nps(value) { this.#set('nps', value); }
  /** A `surveyTrend()` result with a period: its scores and intervals are drawn. */
  get trend() { return this.#data.trend; }
  set trend(value) { this.#set('trend', value); }

  #set(key, value) {
    this.#data[key] = value ?? null;
    if (this.isConnected) this.update();
  }

  render() {
    const { scorecard, nps, trend } = this.#data;
    if (!scorecard) return [];
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    const fmt = formatter(lang, this.getAttribute('currency') || 'USD', t);
    const label = (line) =>
      line.role ? `${line.roleName ?? line.role}: ${t(`line.results.${line.key.split('.').pop()}`)}`
        : line.key.startsWith('featureAdoption.') ? t('line.featureAdoption', { feature: line.key.slice('featureAdoption.'.length) })
          : t(`line.${line.key}`);

    const results = scorecard.customerResults;
    const roles = [...new Set(results.map((l) => l.role))];
    const names = roles.map((role) => results.find((l) => l.role === role).roleName ?? role);
    const byRole = (suffix) => roles.map((role) => results.find((l) => l.role === role && l.key.endsWith(`.${suffix}`)));
    const achieved = byRole('goalAchieved');
    const gain = byRole('measurableGain');

    const resultsSection = h('section', { 'aria-labelledby': 'results-title' },
      h('h2', { id: 'results-title' }, t('scorecard.customerResults')),
      roles.length > 0 && h('div', { class: 'charts' },
        h('figure', {},
          bars(achieved.map((l, i) => ({
            label: names[i], value: l.value.value, valueText: fmt.short(l), title: `${names[i]}: ${fmt.value(l)}`,
          })), t('scorecard.goalAchievementChart', { list: achieved.map((l, i) => `${names[i]} ${fmt.value(l)}`).join(', ') })),
          h('figcaption', {}, t('scorecard.goalAchievement'))),
        gain.map((l, i) => h('figure', {},
          ring(l.value.value, fmt.short(l), `${names[i]}: ${t('line.results.measurableGain')} ${fmt.value(l)}`),
          h('figcaption', {}, `${names[i]}: ${t('line.results.measurableGain')}`)))),
      table(results, label, fmt, t, 'results'),
    );

    const operational = scorecard.company.filter((l) => l.cadence === 'operational');
    const strategic = scorecard.company.filter((l) => l.cadence === 'strategic');
    const companySection = h('section', { 'aria-labelledby': 'company-title' },
      h('h2', { id: 'company-title' }, t('scorecard.company')),
      h('h3', { id: 'operational-title' }, t('scorecard.operational')),
      table(operational, label, fmt, t, 'operational'),
      h('h3', { id: 'strategic-title' }, t('scorecard.strategic')),
      table(strategic, label, fmt, t, 'strategic'),
    );

    const surveys = (nps || trend?.groups?.length) && h('section', { 'aria-labelledby': 'surveys-title' },
      h('h2', { id: 'surveys-title' }, t('scorecard.surveys')),
      h('div', { class: 'charts' },
        nps && h('figure', {},
          stackedBar([
            { label: t('nps.detractors'), value: nps.detractors, className: 'detractors', title: `${t('nps.detractors')}: ${formatNumber(lang, nps.detractors)}` },
            { label: t('nps.passives'), value: nps.passives, className: 'passives', title: `${t('nps.passives')}: ${formatNumber(lang, nps.passives)}` },
            { label: t('nps.promoters'), value: nps.promoters, className: 'promoters', title: `${t('nps.promoters')}: ${formatNumber(lang, nps.promoters)}` },
          ], t('scorecard.npsDistribution', {
            score: formatNumber(lang, nps.score, { maximumFractionDigits: 0 }), n: formatNumber(lang, nps.n),
            promoters: formatNumber(lang, nps.promoters), passives: formatNumber(lang, nps.passives), detractors: formatNumber(lang, nps.detractors),
          })),
          h('ul', { class: 'legend' },
            ['detractors', 'passives', 'promoters'].map((k) => h('li', { class: k }, `${t(`nps.${k}`)} ${formatNumber(lang, nps[k])}`))),
          h('figcaption', {}, t('scorecard.npsCaption', {
            score: formatNumber(lang, nps.score, { maximumFractionDigits: 0 }),
            low: formatNumber(lang, nps.interval.low, { maximumFractionDigits: 0 }),
            high: formatNumber(lang, nps.interval.high, { maximumFractionDigits: 0 }),
          }))),
        trend?.groups?.length > 0 && trendFigure(trend, lang, t)),
      h('p', { class: 'caveat' }, t('scorecard.caveat')),
    );
    return [resultsSection, companySection, surveys];
  }
}

function trendFigure(trend, lang, t) {
  const nps = trend.kind === 'nps';
  const value = (r) => (nps ? r.score : r.mean ?? r.score);
  const points = trend.groups.map((g) => ({
    x: g.period, y: value(g.result), low: g.result.interval?.low, high: g.result.interval?.high,
    title: `${formatNumber(lang, value(g.result), { maximumFractionDigits: 1 })} (n = ${formatNumber(lang, g.result.n)})`,
  }));
  // The y axis spans the data and its intervals, in steps of 10 (NPS, CSAT %) or 1 (CES), within the scale.
  const [lowest, highest] = nps ? [-100, 100] : trend.kind === 'csat' ? [0, 100] : [1, trend.scale];
  const step = trend.kind === 'ces' ? 1 : 10;
  const min = Math.max(lowest, Math.floor(Math.min(...points.map((p) => p.low ?? p.y)) / step) * step);
  let max = Math.min(highest, Math.ceil(Math.max(...points.map((p) => p.high ?? p.y)) / step) * step);
  if (max <= min) max = min + step;
  const summary = points.map((p) => `${p.x} ${formatNumber(lang, p.y, { maximumFractionDigits: 0 })}`).join(', ');
  return h('figure', {},
    lineWithBand(points, { min, max, label: t('scorecard.trendChart', { kind: trend.kind.toUpperCase(), list: summary }) }),
    h('figcaption', {}, t('scorecard.trendCaption', { kind: trend.kind.toUpperCase() })));
}

function table(lines, label, fmt, t, id) {
  return h('table', { 'aria-labelledby': `${id}-title` },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('scorecard.metric')),
      h('th', { scope: 'col', class: 'num' }, t('scorecard.value')),
      h('th', { scope: 'col', class: 'num' }, t('scorecard.target')),
      h('th', { scope: 'col' }, t('scorecard.status')),
      h('th', { scope: 'col', class: 'num' }, t('scorecard.change')),
      h('th', { scope: 'col' }, t('scorecard.benchmark')))),
    h('tbody', {}, lines.map((line) => h('tr', {},
      h('th', { scope: 'row' }, label(line)),
      h('td', { class: 'num', title: line.value.reason ?? undefined }, fmt.value(line)),
      h('td', { class: 'num' }, line.target == null ? '–' : fmt.number(line, line.target)),
      h('td', { class: `status ${line.status}` }, t(`status.${line.status}`)),
      h('td', { class: 'num' }, fmt.change(line)),
      h('td', {}, fmt.benchmark(line))))));
}

/** Formatting of scorecard values by unit, for one language and currency. */
function formatter(lang, currency, t) {
  const plain = (x, digits = 1) => formatNumber(lang, x, { maximumFractionDigits: digits });
  const number = (line, x) => {
    switch (line.unit) {
      case 'currency': return formatNumber(lang, x, { style: 'currency', currency, maximumFractionDigits: 0 });
      case 'percent': return formatNumber(lang, x / 100, { style: 'percent', maximumFractionDigits: 1 });
      case 'ratio': return `${plain(x)} : 1`;
      case 'count': return plain(x, 0);
      case 'days': case 'minutes': case 'periods': return t(`unit.${line.unit}`, { n: plain(x) });
      default: return plain(x);
    }
  };
  return {
    number,
    value: (line) => (line.value.value == null ? t('scorecard.notAvailable') : number(line, line.value.value)),
    short: (line) => (line.value.value == null ? '–' : plain(line.value.value, 0) + (line.unit === 'percent' ? '%' : '')),
    change: (line) => {
      const c = line.change.value;
      if (c == null) return '–';
      const sign = c > 0 ? '+' : c < 0 ? '−' : '±';
      const size = line.unit === 'percent' ? t('unit.points', { n: plain(Math.abs(c)) }) : number(line, Math.abs(c));
      return `${sign}${size}`;
    },
    benchmark: (line) => {
      const b = line.benchmark;
      if (!b) return '–';
      if (b.low != null && b.high != null) return `${number(line, b.low)} – ${number(line, b.high)}`;
      return b.low != null ? `≥ ${number(line, b.low)}` : `≤ ${number(line, b.high)}`;
    },
  };
}
