// <clg-scorecard>: the customer-led-growth scorecard of one period.
// Customer results first (goal achievement by role as bars, measurable
// gain as rings), then the company lines by cadence, then survey scores
// beside behaviour: the NPS distribution of the period and the trend with
// its interval band, with the caveat that they lead revenue only together
// with usage and renewals.
//
// Every line is a card: its value, a status colour and word, a sparkline
// over the periods in `history` with the target (dashed) and benchmark
// (band), and its target, change and benchmark in words. Lines are drawn
// from their `key`, `unit` and `cadence` alone, so lines the core adds
// later show up without code here (named from the `line.<key>` message,
// else from the key).
//
// Set `scorecard` (from CompanyData.scorecard()), and optionally `history`
// (the scorecards of the periods to draw, e.g. every period up to this one)
// and `periods` (CompanyRecords.periods, for dates in the reader's
// language); or set `records` (what CompanyData.fromRecords takes) and
// `options` (what its scorecard() takes): the widget then loads
// clg-metrics/company itself, lazily (scorecard-company.js), and builds all
// three, showing a loading state meanwhile. Either way `nps` (the nps()
// result of the scorecard's period) and `trend` (a surveyTrend() result with
// a period) are optional. Attribute `currency` (ISO 4217, default USD). A
// currency that is not ISO 4217, a scorecard, history, periods, nps or trend
// not of its shape (checked field by field as drawn), records or options the
// core refuses, or a company module that did not load, is reported as
// `clg-error` (INVALID_VALUE, WRONG_TYPE naming the field's full path, the
// core's code, WASM_LOAD_FAILED) and the widget says it cannot show the
// scorecard.
import { lineWithBand, ring, sparkline, stackedBar, svg } from './charts.js';
import { ClgElement, define, drawable, h, readData, typeError, Unread } from './element.js';
import { formatNumber, message, modelText, plural } from './i18n.js';
import { companyLoaded, companyModule, scorecardFrom } from './scorecard-company.js';

const STYLES = `
section { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space-4) var(--_space-5); margin-bottom: var(--_space-5); }
h2 { font-size: var(--_text-xl); line-height: 1.2; margin: 0 0 var(--_space-4); }
h3 { font-size: var(--_text-lg); margin: var(--_space-5) 0 var(--_space-3); }
h2 + h3 { margin-top: 0; }
.charts { display: flex; flex-wrap: wrap; gap: var(--_space-5); align-items: flex-start; margin-bottom: var(--_space-4); }
figure { margin: 0; min-width: 0; }
figcaption { font-size: var(--_text-sm); color: var(--_muted); margin-top: var(--_space-2); max-width: 24rem; overflow-wrap: anywhere; }
.achievement { flex: 1 1 16rem; max-width: 28rem; }
.rings { display: flex; flex-wrap: wrap; gap: var(--_space-4); }
.rings figure { width: 6.5rem; text-align: center; }
.rings figcaption { margin-top: var(--_space-1); }
.hbars { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_space-2); }
.hbars li { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0 var(--_space-2); align-items: baseline; font-size: var(--_text-sm); overflow-wrap: anywhere; }
.hbars .bar { grid-column: 1 / -1; width: 100%; height: 0.6rem; display: block; }
.hbars .track { fill: var(--_track); }
.hbars .fill { fill: var(--_accent); }
.hbars .num { font-variant-numeric: tabular-nums; font-weight: 600; }
/* Charts keep their geometry in a right-to-left page: text-anchor start and end stay left and right. */
.chart { display: block; direction: ltr; }
.chart.ring { width: 5.5rem; height: 5.5rem; margin: 0 auto; }
.chart.line { width: min(100%, 28rem); height: auto; }
.chart.stacked { width: min(100%, 28rem); height: 1.25rem; border-radius: var(--_radius-small); }
.chart .grid { stroke: var(--_border); stroke-width: 1; }
.chart .axis { font-size: 10px; fill: var(--_muted); }
.chart.ring circle { fill: none; stroke-width: 10; }
.chart.ring .track { stroke: var(--_track); }
.chart.ring .value { stroke: var(--_accent); stroke-linecap: round; transform: rotate(-90deg); transform-origin: 50% 50%; }
.chart .ring-text { font: 600 18px var(--clg-font, system-ui, sans-serif); fill: currentColor; }
.chart.line .band { fill: color-mix(in srgb, var(--_accent) 16%, transparent); }
.chart.line .value { fill: none; stroke: var(--_accent); stroke-width: 2; }
.chart.line .dot { fill: var(--_accent); }
.detractors { fill: var(--_detractor); }
.passives { fill: var(--_passive); }
.promoters { fill: var(--_promoter); }
.legend { display: flex; flex-wrap: wrap; gap: var(--_space-1) var(--_space-4); font-size: var(--_text-sm); margin: var(--_space-2) 0 0; padding: 0; list-style: none; overflow-wrap: anywhere; }
/* Colour keys keep their colours under forced colours (they name the chart's colours, which SVG keeps). */
.legend li::before { content: ''; display: inline-block; width: 0.7em; height: 0.7em; margin-inline-end: 0.3em; border-radius: 2px; background: var(--swatch); forced-color-adjust: none; }
.legend .detractors { --swatch: var(--_detractor); }
.legend .passives { --swatch: var(--_passive); }
.legend .promoters { --swatch: var(--_promoter); }
.kpis { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr)); gap: var(--_space-3); }
.kpi { --status: var(--_muted); border: 1px solid var(--_border); border-inline-start: 4px solid var(--status); border-radius: var(--_radius-small); padding: var(--_space-2) var(--_space-3); display: grid; gap: var(--_space-1); min-width: 0; }
.kpi.onTrack { --status: var(--_success); }
.kpi.offTrack { --status: var(--_danger); }
.kpi .name { margin: 0; font-size: var(--_text-sm); color: var(--_muted); overflow-wrap: anywhere; }
.kpi .headline { margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0 var(--_space-2); }
.kpi .value { font-size: var(--_text-xl); font-weight: 600; font-variant-numeric: tabular-nums; line-height: 1.2; overflow-wrap: anywhere; }
.kpi .status { font-size: var(--_text-xs); font-weight: 600; color: var(--status); white-space: nowrap; }
.kpi.noTarget .status, .kpi.notAvailable .status { font-weight: 400; }
.kpi .reason { margin: 0; font-size: var(--_text-xs); color: var(--_muted); }
.kpi .facts { margin: 0; display: flex; flex-wrap: wrap; gap: 0 var(--_space-3); font-size: var(--_text-xs); color: var(--_muted); }
.kpi .facts div { display: flex; gap: 0.25em; }
.kpi dt::after { content: ':'; }
/* A target, change or benchmark reads as a number does in a left-to-right text ("+0.2 pp", "−$1,534", "≥ 3%"), also in a right-to-left page;
   a number of 300 digits (a target of 1e308) wraps inside its card. */
.kpi .facts div { min-width: 0; }
.kpi dd { margin: 0; min-width: 0; color: var(--_fg); font-variant-numeric: tabular-nums; direction: ltr; unicode-bidi: isolate; overflow-wrap: anywhere; }
.chart.spark { width: 100%; height: 2.25rem; overflow: visible; }
.spark .value { fill: none; stroke: var(--status); stroke-width: 1.75; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.spark .last { stroke: var(--status); stroke-width: 7; stroke-linecap: round; vector-effect: non-scaling-stroke; }
.spark .point { stroke: var(--status); stroke-width: 4; stroke-linecap: round; vector-effect: non-scaling-stroke; }
.spark .target { stroke: var(--_fg); stroke-width: 1; stroke-dasharray: 3 3; vector-effect: non-scaling-stroke; opacity: 0.6; }
.spark .benchmark { fill: color-mix(in srgb, var(--_success) 14%, transparent); }
.key { display: flex; flex-wrap: wrap; gap: var(--_space-1) var(--_space-4); font-size: var(--_text-xs); color: var(--_muted); margin: 0 0 var(--_space-3); padding: 0; list-style: none; }
.key .target::before { content: ''; display: inline-block; width: 1.2em; margin-inline-end: 0.35em; vertical-align: middle; border-top: 1px dashed currentColor; }
.key .benchmark::before { content: ''; display: inline-block; width: 1.2em; height: 0.7em; margin-inline-end: 0.35em; vertical-align: middle; background: color-mix(in srgb, var(--_success) 20%, transparent); forced-color-adjust: none; }
.caveat { font-size: var(--_text-sm); color: var(--_muted); margin: var(--_space-3) 0 0; }
.empty { color: var(--_muted); margin: 0; }
.loading p { color: var(--_muted); margin: 0 0 var(--_space-4); }
.skeleton .kpi { min-height: 5.5rem; background: var(--_track); border-color: var(--_track); }
@media (prefers-reduced-motion: no-preference) { .skeleton .kpi { animation: pulse 1.2s ease-in-out infinite alternate; } }
@keyframes pulse { to { opacity: 0.45; } }
`;

export class Scorecard extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'currency'];

  /** The properties as given (the getters'). */
  #given = { scorecard: null, history: null, periods: null, nps: null, trend: null };
  /** Those read into plain data (readData): what is checked is what is drawn. */
  #read = { ...this.#given };
  /** #read, each drawable (set by render). */
  #data = { ...this.#given };
  /** `records` and `options` as given: read by the company module once it has loaded. */
  #inputs = { records: null, options: null };
  /** What the widget built from #inputs (`{ scorecard, history, periods }`, or an Unread error); null while it builds. */
  #made = null;
  /** Counts the sets of #inputs: only what the newest set builds is drawn. */
  #generation = 0;
  /** Whether #busy set `aria-busy` (an app's own is left alone). */
  #wasBusy = false;

  /** The scorecard to show (from `CompanyData.scorecard()`). */
  get scorecard() { return this.#given.scorecard; }
  set scorecard(value) { this.#set('scorecard', value); }
  /** Scorecards of the periods each line's sparkline covers (any order; matched by `period`; at most MAX_HISTORY). */
  get history() { return this.#given.history; }
  set history(value) { this.#set('history', value); }
  /** The periods `[{ start, end }]` (dates `YYYY-MM-DD`) the scorecard's `period` numbers index. */
  get periods() { return this.#given.periods; }
  set periods(value) { this.#set('periods', value); }
  /** An `nps()` result of the scorecard's period: its distribution is drawn. */
  get nps() { return this.#given.nps; }
  set nps(value) { this.#set('nps', value); }
  /** A `surveyTrend()` result with a period: its scores and intervals are drawn (at most MAX_GROUPS groups). */
  get trend() { return this.#given.trend; }
  set trend(value) { this.#set('trend', value); }
  /** What `CompanyData.fromRecords` takes: the widget loads `clg-metrics/company` and builds the scorecard, its history and periods. */
  get records() { return this.#inputs.records; }
  set records(value) { this.#setInput('records', value); }
  /** What `data.scorecard()` takes, for `records` (default: the last period). */
  get options() { return this.#inputs.options; }
  set options(value) { this.#setInput('options', value); }

  #set(key, value) {
    this.#given[key] = value ?? null;
    this.#read[key] = readData(this.#given[key], key, { limits: LIMITS });
    if (this.isConnected) this.update();
  }

  /**
   * Sets `records` or `options` and builds what they give once the company
   * module has loaded (the loading state is drawn until then; once loaded the
   * new drawing replaces the previous one before the next paint). A newer set
   * wins: what an older one builds is dropped, or not built at all.
   */
  #setInput(key, value) {
    this.#inputs[key] = value ?? null;
    const generation = ++this.#generation;
    const { records, options } = this.#inputs;
    this.#made = null;
    if (records !== null) {
      const newest = () => generation === this.#generation;
      companyModule()
        .then((company) => (newest() ? scorecardFrom(company, records, options, RECORDS_HISTORY) : null))
        .catch((error) => new Unread(error))
        .then((made) => {
          if (!newest()) return;
          this.#made = made;
          if (this.isConnected) this.update();
        });
      if (companyLoaded()) return;
    }
    if (this.isConnected) this.update();
  }

  /** Marks the element `aria-busy` while the company module loads and the scorecard is built (its content is not final). */
  #busy(busy) {
    if (busy) this.setAttribute('aria-busy', 'true');
    else if (this.#wasBusy) this.removeAttribute('aria-busy');
    this.#wasBusy = busy;
  }

  render() {
    const building = this.#inputs.records !== null;
    this.#busy(building && this.#made === null);
    for (const key of Object.keys(this.#read)) this.#data[key] = drawable(this.#read[key]);
    if (building) {
      const given = ['scorecard', 'history', 'periods'].find((key) => this.#given[key] !== null);
      if (given) {
        throw Object.assign(new RangeError(`records: cannot be drawn with \`${given}\` set too: give records (and options), or a scorecard (with its history and periods)`), { code: 'INVALID_VALUE', field: 'records' });
      }
      if (this.#made === null) return [loading(message(this.locale, 'scorecard.loading'))];
      Object.assign(this.#data, drawable(this.#made));
    }
    const { scorecard, nps, trend } = this.#data;
    if (scorecard === null) return [];
    const currency = (this.getAttribute('currency') || 'USD').toUpperCase();
    // Intl formats any three letters ("ABC") and throws an uncoded RangeError on "EURO":
    // the codes it knows, where it lists them, else three letters.
    const known = Intl.supportedValuesOf?.('currency') ?? [currency];
    if (!/^[A-Z]{3}$/.test(currency) || !known.includes(currency)) {
      throw Object.assign(new RangeError(`currency: "${this.getAttribute('currency')}" is not an ISO 4217 code`), { code: 'INVALID_VALUE', field: 'currency' });
    }
    checkShapes(this.#data);
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    const fmt = formatter(lang, currency, t, calendarMonths(this.#data.periods));
    const periodName = periodNamer(lang, this.#data.periods, t);
    const roleName = (line) => modelText(lang, 'role', line.role, line.roleName ?? line.role);
    const featureName = (id) => modelText(lang, 'feature', id, id);
    const label = (line) => (line.role ? `${roleName(line)}: ${lineName(t, line.key.split('.').pop(), 'line.results.')}`
      : line.key.startsWith('featureAdoption.') ? t('line.featureAdoption', { feature: featureName(line.key.slice('featureAdoption.'.length)) })
        : lineName(t, line.key, 'line.'));
    const history = [...(this.#data.history ?? [])].filter((s) => s.period <= scorecard.period).sort((a, b) => a.period - b.period);
    const cards = (lines, id) => (lines.length === 0
      ? h('p', { class: 'empty' }, t('scorecard.noLines'))
      : h('ul', { class: 'kpis', 'aria-labelledby': id }, lines.map((line) => lineCard(line, label(line), history, fmt, t, periodName))));

    const results = scorecard.customerResults;
    const roles = [...new Set(results.map((l) => l.role))];
    const byRole = (suffix) => roles.map((role) => results.find((l) => l.role === role && l.key.endsWith(`.${suffix}`))).filter(Boolean);
    const achieved = byRole('goalAchieved');
    const gain = byRole('measurableGain');
    // The sparklines' key, over a section's lines: the marks some line of it draws.
    const key = (lines) => {
      const marks = history.length > 1 && ['target', 'benchmark'].filter((mark) => lines.some((line) => (mark === 'target' ? line.target != null : bounded(line.benchmark))));
      return marks.length > 0 && h('ul', { class: 'key', 'aria-hidden': 'true' }, marks.map((mark) => h('li', { class: mark }, t(`scorecard.${mark}`))));
    };

    const resultsSection = h('section', { 'aria-labelledby': 'results-title' },
      h('h2', { id: 'results-title' }, t('scorecard.customerResults')),
      roles.length > 0 && h('div', { class: 'charts' },
        achieved.length > 0 && h('figure', { class: 'achievement' },
          h('ul', { class: 'hbars' }, achieved.map((l) => h('li', {},
            h('span', {}, roleName(l)),
            h('span', { class: 'num' }, fmt.value(l)),
            svg('svg', { class: 'bar', viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
              svg('rect', { class: 'track', width: 100, height: 6, rx: 3 }),
              (l.value.value ?? 0) > 0 && svg('rect', { class: 'fill', width: Math.min(100, l.value.value), height: 6, rx: 3 }))))),
          h('figcaption', {}, t('scorecard.goalAchievement'))),
        gain.length > 0 && h('div', { class: 'rings' }, gain.map((l) => h('figure', {},
          ring(l.value.value, fmt.short(l), `${roleName(l)}: ${t('line.results.measurableGain')} ${fmt.value(l)}`),
          h('figcaption', {}, `${roleName(l)}: ${t('line.results.measurableGain')}`))))),
      key(results),
      cards(results, 'results-title'),
    );

    const cadences = [...new Set(scorecard.company.map((l) => l.cadence))];
    const companySection = h('section', { 'aria-labelledby': 'company-title' },
      h('h2', { id: 'company-title' }, t('scorecard.company')),
      key(scorecard.company),
      cadences.length === 0 && cards([], 'company-title'),
      cadences.map((cadence) => [
        h('h3', { id: `${cadence}-title` }, message(lang, `scorecard.${cadence}`) === `scorecard.${cadence}` ? humanize(cadence) : t(`scorecard.${cadence}`)),
        cards(scorecard.company.filter((l) => l.cadence === cadence), `${cadence}-title`),
      ]),
    );

    const surveys = (nps !== null || trend?.groups?.length > 0) && h('section', { 'aria-labelledby': 'surveys-title' },
      h('h2', { id: 'surveys-title' }, t('scorecard.surveys')),
      h('div', { class: 'charts' },
        nps && npsFigure(nps, periodName(scorecard.period), lang, t),
        trend?.groups?.length > 0 && trendFigure(trend, lang, t)),
      h('p', { class: 'caveat' }, t('scorecard.caveat')),
    );
    return [resultsSection, companySection, surveys];
  }
}

/** The loading state: `text` (a status) above the shape of the cards to come. */
function loading(text) {
  return h('section', { class: 'loading' },
    h('p', { role: 'status' }, text),
    h('ul', { class: 'kpis skeleton', 'aria-hidden': 'true' }, Array.from({ length: 6 }, () => h('li', { class: 'kpi' }))));
}

/**
 * The properties' shapes, checked before anything is drawn, field by field as
 * they are drawn: a WRONG_TYPE error naming the first field that is wrong by
 * its full path (`scorecard.company[3].value.value`, `nps.interval.level`).
 */
function checkShapes({ scorecard, history, periods, nps, trend }) {
  if (scorecard !== null) checkScorecard(scorecard, 'scorecard', true);
  if (history !== null) {
    if (!Array.isArray(history)) throw typeError('history', `must be an array of ${SCORECARD}s`);
    history.forEach((s, i) => checkScorecard(s, `history[${i}]`, false));
  }
  if (periods !== null) checkPeriods(periods);
  if (nps !== null) checkNps(nps);
  if (trend !== null) checkTrend(trend);
}

/** The most scorecards `history` holds: each is a point of every line's sparkline. */
const MAX_HISTORY = 1000;
/** Periods whose scorecards the widget builds from `records` for the sparklines (one scorecard each, on the main thread). */
const RECORDS_HISTORY = 25;
/** The most groups (periods) a `trend` holds. */
const MAX_GROUPS = 1000;
/** The lengths readData refuses (TOO_LARGE) before reading the items. */
const LIMITS = { history: MAX_HISTORY, 'trend.groups': MAX_GROUPS };

const SCORECARD = 'CompanyData.scorecard() result';
const STATUSES = ['onTrack', 'offTrack', 'noTarget', 'notAvailable'];
const isObject = (v) => typeof v === 'object' && v !== null;
const isText = (v) => typeof v === 'string' && v !== '';
const isCount = (v) => Number.isInteger(v) && v >= 0;
const orNull = (fits) => (v) => v == null || fits(v);
const between = (v, low, high) => Number.isFinite(v) && v >= low && v <= high;
/** A calendar date YYYY-MM-DD that exists: it reads back as written ('2026-02-30' does not). */
const isDate = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v;

/**
 * The check of one property's fields: `must(field, fits, rule)` throws a
 * WRONG_TYPE error naming `field` unless it `fits`, the message saying the
 * rule and what the property must be.
 *
 * @example checker('an nps() result')('nps.score', false, 'must be a number') // TypeError "nps.score: must be a number (an nps() result)"
 */
const checker = (what) => (field, fits, rule) => {
  if (!fits) throw typeError(field, `${rule} (${what})`);
};

/**
 * Checks a scorecard at `path`: its period and lines; a line of `history`
 * (`drawn` false) only for what its sparkline reads, its key and value.
 */
function checkScorecard(s, path, drawn) {
  if (!isObject(s)) throw typeError(path, `must be a ${SCORECARD}`);
  const must = checker(`a ${SCORECARD}`);
  must(`${path}.period`, isCount(s.period), 'must be a period index, a whole number from 0');
  for (const section of ['customerResults', 'company']) {
    must(`${path}.${section}`, Array.isArray(s[section]), 'must be an array of lines');
    s[section].forEach((line, i) => checkLine(line, `${path}.${section}[${i}]`, drawn && section));
  }
}

/**
 * Checks the line at `path` field by field as its card draws it (`section`
 * 'customerResults' or 'company'; false: only its key and value, a line of
 * `history`).
 *
 * @example checkLine({ key: 'nrr', value: { value: 'abc' } }, 'scorecard.company[3]', 'company') // TypeError "scorecard.company[3].value.value: must be a number or null ..."
 */
function checkLine(line, path, section) {
  const must = checker('a line of CompanyData.scorecard()');
  must(path, isObject(line), 'must be a scorecard line');
  must(`${path}.key`, isText(line.key), 'must be a non-empty string');
  must(`${path}.value`, isObject(line.value), 'must be { value, reason }');
  must(`${path}.value.value`, orNull(Number.isFinite)(line.value.value), 'must be a number or null');
  if (!section) return;
  must(`${path}.value.reason`, orNull(isText)(line.value.reason), 'must be a reason code or null');
  // A customer-results line is drawn under its role; a company line names one only if it has one.
  if (section === 'customerResults') must(`${path}.role`, isText(line.role), 'must be a role id');
  else must(`${path}.role`, orNull((v) => typeof v === 'string')(line.role), 'must be a role id or null');
  must(`${path}.roleName`, orNull(isText)(line.roleName), 'must be a string or null');
  must(`${path}.unit`, isText(line.unit), 'must be a unit name');
  if (section === 'company') must(`${path}.cadence`, isText(line.cadence), 'must be a cadence name');
  must(`${path}.status`, STATUSES.includes(line.status), `must be one of ${STATUSES.join(', ')}`);
  must(`${path}.change`, isObject(line.change), 'must be { value, reason }');
  must(`${path}.change.value`, orNull(Number.isFinite)(line.change.value), 'must be a number or null');
  must(`${path}.target`, orNull(Number.isFinite)(line.target), 'must be a number or null');
  const { benchmark } = line;
  if (benchmark == null) return;
  must(`${path}.benchmark`, isObject(benchmark), 'must be { low, high } or null');
  for (const bound of ['low', 'high']) must(`${path}.benchmark.${bound}`, orNull(Number.isFinite)(benchmark[bound]), 'must be a number or null');
  must(`${path}.benchmark.high`, benchmark.low == null || benchmark.high == null || benchmark.high >= benchmark.low, 'must be at least low, or null');
}

function checkPeriods(periods) {
  const what = 'an array of { start, end } dates (CompanyRecords.periods)';
  if (!Array.isArray(periods)) throw typeError('periods', `must be ${what}`);
  const must = checker(what);
  periods.forEach((p, i) => {
    must(`periods[${i}]`, isObject(p), 'must be { start, end }');
    for (const key of ['start', 'end']) must(`periods[${i}].${key}`, isDate(p[key]), 'must be a calendar date YYYY-MM-DD');
    must(`periods[${i}].end`, p.end >= p.start, 'must be on or after its start');
  });
}

function checkNps(nps) {
  if (!isObject(nps)) throw typeError('nps', 'must be an nps() result');
  const must = checker('an nps() result');
  must('nps.score', between(nps.score, -100, 100), 'must be a number from -100 to 100');
  for (const key of ['n', 'promoters', 'passives', 'detractors']) must(`nps.${key}`, isCount(nps[key]), 'must be a whole number from 0');
  must('nps.n', nps.n === nps.promoters + nps.passives + nps.detractors, 'must be promoters + passives + detractors');
  checkInterval(nps.interval, 'nps.interval', must);
  must('nps.interval.level', Number.isFinite(nps.interval.level) && nps.interval.level > 0 && nps.interval.level < 1, 'must be a number between 0 and 1');
}

/** Checks `interval` (`{ low, high }`, low <= high) at `path` with `must`. */
function checkInterval(interval, path, must) {
  must(path, isObject(interval), 'must be { low, high, level }');
  must(`${path}.low`, Number.isFinite(interval.low), 'must be a number');
  must(`${path}.high`, Number.isFinite(interval.high) && interval.high >= interval.low, 'must be a number from low');
}

/** The lowest and highest score of a trend of `kind` (a CES trend's on its `scale`). */
const TREND_RANGE = { nps: () => [-100, 100], csat: () => [0, 100], ces: (trend) => [1, trend.scale] };

/** The value a trend group's `result` is drawn at: an NPS or CSAT score, a CES mean. */
const trendValue = (kind, result) => (kind === 'nps' ? result.score : result.mean ?? result.score);

/**
 * Checks a trend: one series of periods in order (surveyTrend() with a
 * period, without segments), each result's value within its scale.
 */
function checkTrend(trend) {
  if (!isObject(trend)) throw typeError('trend', 'must be a surveyTrend() result');
  const must = checker('a surveyTrend() result with a period');
  must('trend.kind', Object.hasOwn(TREND_RANGE, trend.kind), 'must be nps, ces or csat');
  if (trend.kind === 'ces') must('trend.scale', Number.isInteger(trend.scale) && trend.scale >= 3 && trend.scale <= 10, 'must be a whole number from 3 to 10');
  must('trend.groups', Array.isArray(trend.groups), 'must be an array of groups');
  const [low, high] = TREND_RANGE[trend.kind](trend);
  trend.groups.forEach((g, i) => {
    const path = `trend.groups[${i}]`;
    must(path, isObject(g), 'must be a group');
    const before = trend.groups[i - 1]?.period;
    must(`${path}.period`, isText(g.period) && (i === 0 || g.period > before),
      i === 0 ? 'must be a period label' : `must be a period label after groups[${i - 1}].period (one segment's periods, in order)`);
    must(`${path}.result`, isObject(g.result), 'must be a survey result');
    must(`${path}.result.n`, isCount(g.result.n), 'must be a whole number from 0');
    must(`${path}.result.${trend.kind === 'ces' ? 'mean' : 'score'}`, between(trendValue(trend.kind, g.result), low, high), `must be a number from ${low} to ${high}`);
    if (g.result.interval != null) checkInterval(g.result.interval, `${path}.result.interval`, must);
  });
}

/**
 * The sentence of a reason code that says more than "not enough data"
 * (`scorecard.noValue`, the sentence of every other code).
 */
const REASONS = {
  NOT_GIVEN: 'scorecard.notGiven',
  NO_CHURN: 'scorecard.noChurn',
  NOT_BURNING: 'scorecard.notBurning',
  NO_PREVIOUS_PERIOD: 'scorecard.noPrevious',
  NO_SEATS: 'scorecard.zeroBase',
  NO_ACQUISITION_COST: 'scorecard.zeroBase',
  NO_REVENUE: 'scorecard.zeroBase',
  NO_FTE: 'scorecard.zeroBase',
};

/** Whether a line's `benchmark` has a bound to draw (`{ low: null, high: null }`, from `benchmarks: { key: {} }`, has none). */
const bounded = (benchmark) => benchmark != null && (benchmark.low != null || benchmark.high != null);

/** One line as a card: name, value, status, sparkline with target and benchmark, and the facts in words. */
function lineCard(line, name, history, fmt, t, periodName) {
  const series = history.map((s) => [...s.customerResults, ...s.company].find((l) => l.key === line.key)?.value.value ?? null);
  const drawn = series.filter((v) => v != null).length > 1;
  const points = history.map((s, i) => `${periodName(s.period)} ${series[i] == null ? t('scorecard.notAvailable') : fmt.number(line, series[i])}`);
  return h('li', { class: `kpi ${line.status}` },
    h('p', { class: 'name' }, name),
    h('p', { class: 'headline' },
      h('span', { class: 'value', 'data-reason': line.value.reason }, fmt.value(line)),
      h('span', { class: 'status' }, t(`status.${line.status}`))),
    // Why a value is missing, in words on the card (a title would reach neither touch nor screen
    // readers reliably); the core's reason code stays in data-reason for the developer.
    line.value.reason && h('p', { class: 'reason' }, t(REASONS[line.value.reason] ?? 'scorecard.noValue')),
    drawn && sparkline(series, { target: line.target, benchmark: line.benchmark, label: t('scorecard.sparkline', { name, list: points.join(', ') }) }),
    h('dl', { class: 'facts' },
      line.target != null && h('div', {}, h('dt', {}, t('scorecard.target')), h('dd', {}, fmt.number(line, line.target))),
      line.change.value != null ? h('div', {}, h('dt', {}, t('scorecard.change')), h('dd', {}, fmt.change(line)))
        // A value without a change: n/a, and why (no earlier period, or none of its value).
        : line.value.value != null && h('div', {}, h('dt', {}, t('scorecard.change')),
          h('dd', {}, `${t('scorecard.notAvailable')}: ${t(line.previous?.reason === 'NO_PREVIOUS_PERIOD' ? 'scorecard.noPrevious' : 'scorecard.noPreviousValue')}`)),
      bounded(line.benchmark) && h('div', {}, h('dt', {}, t('scorecard.benchmark')), h('dd', {}, fmt.benchmark(line)))),
  );
}

function npsFigure(nps, period, lang, t) {
  const whole = (x) => formatNumber(lang, x, { maximumFractionDigits: 0 });
  // One decimal, as the scorecard's NPS line shows it.
  const score = formatNumber(lang, nps.score, { maximumFractionDigits: 1 });
  const groups = ['detractors', 'passives', 'promoters'];
  // Each count as a number (as before: `{n}`, `{promoters}`...) and with its noun in its plural form (`{answers}`, `{promoterCount}`...).
  const count = (key, n) => plural(lang, `count.${key}`, n, { n: formatNumber(lang, n) });
  const counts = {
    n: formatNumber(lang, nps.n), promoters: formatNumber(lang, nps.promoters), passives: formatNumber(lang, nps.passives), detractors: formatNumber(lang, nps.detractors),
    answers: count('answers', nps.n), promoterCount: count('promoters', nps.promoters), passiveCount: count('passives', nps.passives), detractorCount: count('detractors', nps.detractors),
  };
  return h('figure', {},
    stackedBar(groups.map((k) => ({ label: t(`nps.${k}`), value: nps[k], className: k, title: `${t(`nps.${k}`)}: ${formatNumber(lang, nps[k])}` })),
      t('scorecard.npsDistribution', { score, period, ...counts })),
    h('ul', { class: 'legend' }, groups.map((k) => h('li', { class: k }, `${t(`nps.${k}`)} ${formatNumber(lang, nps[k])}`))),
    h('figcaption', {}, t('scorecard.npsCaption', {
      score, period, ...counts, low: whole(nps.interval.low), high: whole(nps.interval.high),
      level: formatNumber(lang, nps.interval.level, { style: 'percent', maximumFractionDigits: 1 }),
    })));
}

function trendFigure(trend, lang, t) {
  const value = (r) => trendValue(trend.kind, r);
  // Each value written once, to one decimal as the NPS line shows it: the point's title and the
  // text alternative read the same (a CES of 6.5 is not a 7).
  const one = (n) => formatNumber(lang, n, { maximumFractionDigits: 1 });
  const shown = (r) => one(value(r));
  const points = trend.groups.map((g) => ({
    x: periodLabel(lang, g.period), y: value(g.result), low: g.result.interval?.low, high: g.result.interval?.high,
    shown: shown(g.result), title: `${shown(g.result)} (n = ${formatNumber(lang, g.result.n)})`,
  }));
  // The y axis spans the data and its intervals, in steps of 10 (NPS, CSAT %) or 1 (CES), within the scale.
  const [lowest, highest] = TREND_RANGE[trend.kind](trend);
  const step = trend.kind === 'ces' ? 1 : 10;
  // A loop, not a spread into Math.min: a spread of many groups overflows the stack.
  let [bottom, top] = [Infinity, -Infinity];
  for (const p of points) [bottom, top] = [Math.min(bottom, p.low ?? p.y), Math.max(top, p.high ?? p.y)];
  const min = Math.max(lowest, Math.floor(bottom / step) * step);
  let max = Math.min(highest, Math.ceil(top / step) * step);
  if (max <= min) max = min + step;
  // Each value with its interval, as the band draws it.
  const interval = (p) => (p.low != null && p.high != null ? ` (${one(p.low)} – ${one(p.high)})` : '');
  const summary = points.map((p) => `${p.x} ${p.shown}${interval(p)}`).join(', ');
  return h('figure', {},
    lineWithBand(points, {
      min, max, label: t('scorecard.trendChart', { kind: trend.kind.toUpperCase(), list: summary }), format: one,
    }),
    h('figcaption', {}, t('scorecard.trendCaption', { kind: trend.kind.toUpperCase() })));
}

/** A line's name: its message, else its key in words ('featureAdoption' -> 'Feature adoption'). */
function lineName(t, key, prefix) {
  const text = t(`${prefix}${key}`);
  return text === `${prefix}${key}` ? humanize(key) : text;
}

function humanize(key) {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A trend period label ('2026-03', '2026-03-01') as a date in `lang`; other labels (weeks) as they are. */
function periodLabel(lang, text) {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) return new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(Date.UTC(+month[1], +month[2] - 1, 1));
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) && Date.parse(text);
  return day ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(day) : text;
}

/** Names a period number: its month (or start date) in `lang` when `periods` are given, else "period n". */
function periodNamer(lang, periods, t) {
  const month = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  return (i) => {
    const p = periods?.[i];
    if (!p) return t('scorecard.periodN', { n: formatNumber(lang, i + 1) });
    return (isCalendarMonth(p) ? month : date).format(Date.parse(p.start));
  };
}

/** Whether the period `p` (`{ start, end }`, dates) is a calendar month: from the 1st to the 1st of the next month. */
function isCalendarMonth(p) {
  const start = /^(\d{4})-(\d{2})-01$/.exec(p.start);
  return start !== null && Date.parse(p.end) === Date.UTC(+start[1], +start[2], 1);
}

/** Whether `periods` are all calendar months. */
const calendarMonths = (periods) => periods?.length > 0 && periods.every(isCalendarMonth);

/** Formatting of scorecard values by unit, for one language and currency; a line in `periods` says months when `months`. */
function formatter(lang, currency, t, months) {
  // `signed`: the sign written by Intl where the language puts it ("+0.2", "-$13"; a change).
  const sign = (signed) => (signed ? { signDisplay: 'exceptZero' } : {});
  const plain = (x, digits = 1, signed = false) => formatNumber(lang, x, { maximumFractionDigits: digits, ...sign(signed) });
  const number = (line, x, signed = false) => {
    switch (line.unit) {
      case 'currency': return formatNumber(lang, x, { style: 'currency', currency, maximumFractionDigits: 0, ...sign(signed) });
      case 'percent': return formatNumber(lang, x / 100, { style: 'percent', maximumFractionDigits: 1, ...sign(signed) });
      case 'ratio': return `${plain(x, 1, signed)} : 1`;
      case 'count': return plain(x, 0, signed);
      case 'days': case 'minutes': case 'periods': {
        const unit = line.unit === 'periods' && months ? 'months' : line.unit;
        return plural(lang, `unit.${unit}`, Math.abs(x), { n: plain(x, 1, signed) }, { maximumFractionDigits: 1 });
      }
      default: return plain(x, 1, signed);
    }
  };
  return {
    number,
    value: (line) => (line.value.value == null ? t('scorecard.notAvailable') : number(line, line.value.value)),
    // A ring's text: the card's value (a percentage as the card writes it, "48.7%"), without a unit's word.
    short: (line) => (line.value.value == null ? '–' : line.unit === 'percent' ? number(line, line.value.value)
      : plain(line.value.value, ['count', 'currency'].includes(line.unit) ? 0 : 1)),
    change: (line) => {
      const size = (x, signed) => (line.unit === 'percent' ? t('unit.points', { n: plain(x, 1, signed) }) : number(line, x, signed));
      const c = line.change.value;
      return size(Math.abs(c)) === size(0) ? `±${size(0)}` : size(c, true); // ± when it rounds to nothing
    },
    benchmark: (line) => {
      const b = line.benchmark;
      if (b.low != null && b.high != null) return `${number(line, b.low)} – ${number(line, b.high)}`;
      return b.low != null ? `≥ ${number(line, b.low)}` : `≤ ${number(line, b.high)}`;
    },
  };
}

define('clg-scorecard', Scorecard);
