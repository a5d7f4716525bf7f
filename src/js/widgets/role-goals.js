// <clg-role-goals account="acme" role-id="sdr">: the goals panel of one role
// (`role-id`, not `role`, which is ARIA's)
// at one account. For each of the role's metrics: its current level and
// where the data comes from, the goal's progress, setting or resetting a
// goal (the target suggested from the role's maturity is filled in), an
// anchored Likert self-assessment or a self-reported value where the
// metric is collected that way, and the history of closed goals.
//
// Set `client` to an SDK client created with a `model` (the panel shows the
// client's role; changes go through its outbox), or `store` to a
// ResultsStore with the attributes. Every rule (validation, progress,
// suggestions) stays in the core. After each change it dispatches
// `clg-change` { account, role, metric, action }; a refused change shows a
// localised sentence by the error's code and dispatches `clg-error`.
// A self-assessment is recorded once the person has chosen (see #choose).
import { ClgElement, define, h, keepField, misfit, reportError, SDK_CLIENT } from './element.js';
import { errorMessageKey } from './errors.js';
import './goal-progress.js'; // registers <clg-goal-progress>, which it shows
import { formatNumber, message, modelText } from './i18n.js';
import { metricFormat } from './metric-format.js';
import { numberField, readField } from './number-field.js';

const DAY = 86_400_000;
/** How long a point reached with the arrow keys waits for another step before it is recorded (ms). */
const SETTLE_MS = 1500;
/** A form asked to send again within this many ms of its last write, untouched since (a double Enter), sends nothing. */
const REPEAT_MS = 500;
/** What a `client` and a `store` are, and the methods the panel calls on each. */
const SHAPES = {
  client: [SDK_CLIENT, 'onMetrics canvas model history setGoal record'],
  store: ['a ResultsStore from clg-metrics', 'canvas model history setGoal abandonGoal recordObservation toJSON load'],
};

const STYLES = `
:host { overflow-wrap: anywhere; }
h2 { font-size: var(--_text-xl); line-height: 1.2; margin: 0 0 var(--_space-1); }
h3 { font-size: var(--_text-lg); line-height: 1.3; margin: 0; }
.maturity { margin: 0 0 var(--_space-4); color: var(--_muted); }
.metric { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space-4); margin-bottom: var(--_space-4); display: grid; grid-template-columns: minmax(0, 1fr); gap: var(--_space-3); }
.meta { margin: 0; color: var(--_muted); font-size: var(--_text-sm); }
form { display: flex; flex-wrap: wrap; align-items: end; gap: var(--_space-2); }
/* A field as wide as its label's text, at least 9rem: no gap between a long label's field and the button after it. */
label { display: grid; grid-template-columns: minmax(9rem, auto); gap: var(--_space-1); font-size: var(--_text-sm); }
input[inputmode=decimal], input[type=date] { font: inherit; font-size: 1rem; padding: 0.35rem; border: 1px solid var(--_field-border); border-radius: var(--_radius-small); width: 100%; min-width: 0; box-sizing: border-box; background: var(--_bg); color: var(--_fg); }
fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
input[aria-invalid=true] { border-color: var(--_danger); box-shadow: 0 0 0 1px var(--_danger); }
legend { font-size: var(--_text-sm); margin-bottom: var(--_space-1); }
.likert { display: flex; flex-wrap: wrap; gap: var(--_space-1); }
.likert label { position: relative; display: block; font-size: 1em; }
.likert input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.likert span { display: block; padding: 0.4rem 0.6rem; border: 1px solid var(--_border); border-radius: var(--_radius-small); background: var(--_surface); }
.likert input:checked + span { background: var(--_accent); border-color: var(--_accent); color: var(--_accent-fg); }
.likert input:focus-visible + span { outline: 3px solid var(--_focus); outline-offset: 2px; }
button { font: inherit; cursor: pointer; border-radius: var(--_radius-small); padding: 0.4rem 0.8rem; background: var(--_accent); color: var(--_accent-fg); border: 1px solid var(--_accent); }
details summary { cursor: pointer; font-size: var(--_text-sm); }
ol { margin: var(--_space-1) 0 0; padding-inline-start: 1.2rem; font-size: var(--_text-sm); }
.error { color: var(--_danger); font-weight: 600; margin: 0; }
.error:empty { display: none; }
`;

export class RoleGoals extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'theme', 'account', 'role-id'];

  #store = null;
  #client = null;
  /** Stops following the client's metrics (onMetrics). */
  #unsubscribe = null;
  /** The client's metrics changed while focus was in the panel: redraw once it leaves the panel. */
  #stale = false;
  /**
   * The last refused change: { metric, error, status, fields, field, stands } (shown localised
   * beside its metric while the metric `stands` as it did when refused; `fields`, its form's
   * fields by name, stay as typed in every redraw; `field`, the name of the one refused, is
   * marked invalid), or null.
   */
  #error = null;
  /** A self-assessment chosen with the arrow keys, not yet recorded: { source, ref, value, status }, or null. */
  #pending = null;
  /** The forms' writes being stored, as `metric\naction` (see #apply). */
  #writing = new Set();
  /** When each form's last write was stored, until the person types in it: formKey -> performance.now() (see #apply). */
  #sent = new Map();
  /** When #pending is recorded without another step. */
  #timer = null;
  /** Whether an arrow key is down: the point it checks is a step, not yet a choice. */
  #arrowing = false;
  /** Records #pending when the page is hidden or left (bound, to add and remove as a listener). */
  #commitNow = () => this.#commit();

  /** The ResultsStore the panel reads and writes (with the `account` and `role-id` attributes). */
  get store() {
    return this.#store;
  }

  set store(value) {
    this.#commit();
    this.#store = value ?? null;
    this.#error = null;
    if (this.isConnected) this.update();
  }

  /**
   * Or an SDK client created with a `model`: the panel shows the client's
   * role and writes through its outbox (attributes are not needed).
   */
  get client() {
    return this.#client;
  }

  set client(value) {
    this.#commit();
    this.#unwatch();
    this.#client = value ?? null;
    this.#error = null;
    if (this.isConnected) {
      this.#watch();
      this.update();
    }
  }

  attributeChangedCallback(name, before, after) {
    // Another account or role (not a presentational attribute: `lang`, `theme`): a pending
    // choice goes to the one it was made on, and a refused change's sentence goes.
    if ((name === 'account' || name === 'role-id') && before !== after) {
      this.#commit();
      this.#error = null;
    }
    super.attributeChangedCallback(name);
  }

  connectedCallback() {
    this.#watch();
    super.connectedCallback();
    addEventListener('pagehide', this.#commitNow);
    document.addEventListener('visibilitychange', this.#commitNow);
    this.shadowRoot.addEventListener('focusout', this.#refreshIfStale);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#unwatch();
    removeEventListener('pagehide', this.#commitNow);
    document.removeEventListener('visibilitychange', this.#commitNow);
    this.shadowRoot.removeEventListener('focusout', this.#refreshIfStale);
    this.#commit();
  }

  /**
   * Re-reads the store (call after changing a `store` elsewhere, e.g.
   * after track(); a `client`'s changes redraw the panel by themselves).
   * What was typed and not saved stays in its field, as in any redraw.
   */
  refresh() {
    this.#redraw();
  }

  /**
   * A WRONG_TYPE error naming `client` (or, without one, `store`) when it
   * lacks a method the panel calls, else null.
   *
   * @example panel.store = {}; // #misfit(): TypeError "store: must be a ResultsStore (it has no canvas, model, ... method)"
   */
  #misfit() {
    const field = this.#client != null ? 'client' : 'store';
    return misfit(field, this[field], ...SHAPES[field]);
  }

  /** Follows the client's metrics: a change redraws the panel (after an edit in progress). */
  #watch() {
    if (!this.#client || this.#unsubscribe || this.#misfit()) return; // render() reports a client that is not one
    try {
      this.#unsubscribe = this.#client.onMetrics(this.#changed);
    } catch (error) {
      reportError(this, error, 'read'); // a client without a model: render() says so
    }
  }

  #unwatch() {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /**
   * The client's metrics changed: redraw, unless focus is in the panel (a redraw would
   * replace the control focus is moving to) or a choice is pending; then once focus
   * leaves the panel. What was typed and not sent stays in its field. The user's data
   * forgotten (`reset()`, `revokeConsent()`): nothing of theirs stays, not a choice
   * pending, a refusal's sentence nor what they typed.
   */
  #changed = (change) => {
    if (change?.cleared) {
      clearTimeout(this.#timer);
      this.#pending = null;
      this.#error = null;
      this.update({ newData: true });
    } else if (this.shadowRoot.activeElement || this.#pending) this.#stale = true;
    else this.#redraw();
  };

  /** Focus left a control: once it has settled outside the panel (not Tab to another of its controls), a stale panel redraws. */
  #refreshIfStale = (event) => {
    if (!this.#stale || this.shadowRoot.contains(event.relatedTarget)) return;
    setTimeout(() => {
      if (this.#stale && this.isConnected && !this.shadowRoot.activeElement && !this.#pending) this.#redraw();
    });
  };

  /** Draws newer data, fields typed in and not sent kept as typed. */
  #redraw() {
    this.update({ keepTyped: true, newData: true });
  }

  /**
   * Every redraw reads the data afresh: a held one is no longer due. One
   * that keeps what was typed (a change of language or theme) while a
   * redraw is held draws newer data: what was typed stays whatever the new
   * defaults.
   */
  update(options) {
    const newer = this.#stale && options?.keepTyped;
    this.#stale = false;
    super.update(newer ? { ...options, newData: true } : options);
  }

  render() {
    // A `client` or `store` that is not one: update() shows the unshown sentence and reports WRONG_TYPE.
    const misfit = this.#misfit();
    if (misfit) throw misfit;
    const source = this.#source();
    if (!source) return [];
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    let canvas, definitions;
    try {
      canvas = source.canvas();
      definitions = source.model().roles.find((r) => r.id === canvas.role).metrics;
    } catch (error) {
      reportError(this, error, 'read');
      return [h('p', { class: 'error', role: 'alert' }, t(errorMessageKey(error)))];
    }
    const m = canvas.maturity;
    const metrics = canvas.metrics.map((status) => ({ status, definition: definitions.find((d) => d.id === status.metric) }));
    const names = formNames(metrics.map(({ status, definition }) => ({
      name: modelText(lang, 'metric', status.metric, status.name), unit: metricFormat(lang, status, definition).fieldUnit,
    })), lang);
    return [
      h('section', { 'aria-labelledby': 'role-name' },
        h('h2', { id: 'role-name' }, modelText(lang, 'role', canvas.role, canvas.roleName)),
        h('p', { class: 'maturity' }, t('role.maturity', { level: formatNumber(lang, m.level), levels: formatNumber(lang, m.levels), name: modelText(lang, 'maturity', m.name, m.name) })),
        metrics.map(({ status, definition }, i) => this.#metric(source, { account: canvas.account, role: canvas.role, metric: status.metric }, status, definition, names[i], lang, t)),
      ),
    ];
  }

  /** One metric's card; `formName` names it in its forms' labels (formNames). */
  #metric(source, ref, status, definition, formName, lang, t) {
    const key = (name) => `${status.metric}-${name}`;
    const fmt = metricFormat(lang, status, definition);
    const name = modelText(lang, 'metric', status.metric, status.name);
    const unit = fmt.fieldUnit;
    const progress = /** @type {import('./goal-progress.js').GoalProgress} */ (document.createElement('clg-goal-progress'));
    progress.setAttribute('lang', lang);
    progress.toggleAttribute('hide-name', true);
    progress.definition = definition;
    progress.status = status;

    // A goal starts from the current value: without one, the form would only meet NO_CURRENT_VALUE.
    const active = status.goal?.status === 'active';
    // A suggestion is rounded to the digits shown, unless that lands at or behind the current
    // value (a max of 99.99 from 99.5 is 99 in whole dollars): then it is given exactly.
    const next = status.nextGoal?.target;
    const rounded = next == null ? null : fmt.round(next);
    const ahead = (x) => status.current == null || (x - status.current) * (status.direction === 'lower' ? -1 : 1) > 0;
    const exact = rounded != null && !ahead(rounded);
    const suggested = active ? status.goal.target : exact ? next : rounded;
    // Resetting an active goal starts from it: its target, and its due date while that is ahead.
    const due = active && status.goal.due > Date.now() ? status.goal.due : Date.now() + 30 * DAY;
    const refused = this.#refusal(status);
    // After a refusal its form's fields are the ones typed in, holding what was typed (even text
    // that is not a number: "1e400"); the one refused is invalid, described by the sentence.
    const input = (props, number) => {
      const marked = { ...props, ...(refused?.field === props.name && { 'aria-invalid': 'true', 'aria-describedby': key('error') }) };
      const fresh = number ? numberField(lang, marked, number.value, fmt.field) : h('input', marked);
      const typed = refused?.fields?.[props.name];
      return typed ? keepField(fresh, typed) : fresh;
    };
    // `novalidate`: the browser's own bubble would speak its language, not the page's, and
    // mark nothing; an empty or out-of-range field gets the sentence below instead.
    const goalForm = status.current != null && h('form', {
      'aria-label': t('role.goalForm', { metric: formName }), novalidate: true, onkeydown: ignoreHeldKey,
      oninput: () => this.#sent.delete(formKey(status.metric, 'setGoal')), onsubmit: (e) => this.#setGoal(e, ref, status, fmt.counted),
    },
      h('label', {}, t('role.target', { unit }),
        input({ name: 'target', required: true, 'data-focus-key': key('target') }, { value: suggested })),
      h('label', {}, t('role.due'),
        input({ type: 'date', name: 'due', required: true, value: isoDate(due), 'data-focus-key': key('due') })),
      h('button', { type: 'submit', 'data-focus-key': key('set') }, active ? t('role.resetGoal') : t('role.setGoal')),
      suggested != null && !active && h('span', { class: 'meta' }, t('role.suggested', { target: exact ? fmt.exactWithUnit(suggested) : fmt.withUnit(suggested) })),
    );

    let entry = null;
    const collection = definition.collection;
    if (collection.method === 'scaleAssessed') {
      const chosen = this.#pending?.ref.metric === status.metric ? this.#pending.value : status.current;
      entry = h('fieldset', {
        role: 'radiogroup', 'aria-labelledby': key('likert'),
        onkeydown: (e) => {
          this.#arrowing = e.key.startsWith('Arrow');
          if (e.key === 'Enter' || e.key === ' ') this.#commit();
        },
        onkeyup: () => { this.#arrowing = false; },
        // Once focus has moved (recording re-renders the panel, which keeps focus where it went).
        onfocusout: (e) => !e.currentTarget.contains(e.relatedTarget) && this.#commitIn(0),
      },
        h('legend', { id: key('likert') }, t('role.assess')),
        h('div', { class: 'likert' }, collection.scale.map((point) =>
          h('label', {},
            h('input', { type: 'radio', name: key('likert'), value: point.value, checked: chosen === point.value, 'data-focus-key': key(`likert-${point.value}`),
              onchange: () => this.#choose(source, ref, point.value, status) }),
            h('span', {}, `${fmt.number(point.value)} · ${modelText(lang, 'scale', `${status.metric}.${point.value}`, point.label)}`)))));
    } else if (collection.method === 'selfReported') {
      entry = h('form', { 'aria-label': t('role.report', { metric: formName }), novalidate: true, onkeydown: ignoreHeldKey, oninput: () => this.#sent.delete(formKey(status.metric, 'observe')), onsubmit: (e) => { e.preventDefault(); this.#observe(source, ref, 'selfReported', status, e.target.elements.value); } },
        h('label', {}, t('role.value', { unit }), input({ name: 'value', required: true, 'data-focus-key': key('value') }, { value: null })),
        h('button', { type: 'submit', 'data-focus-key': key('save') }, t('role.save')));
    }

    // A date before year 1 names its era ("Apr 20, 271822 BC"): dateStyle leaves it out.
    const date = { format: (ms) => new Intl.DateTimeFormat(lang, new Date(ms).getFullYear() < 1 ? ERA_DATE : { dateStyle: 'medium' }).format(ms) };
    const history = source.history(ref);
    return h('article', { class: 'metric', 'aria-labelledby': key('name') },
      h('h3', { id: key('name') }, name),
      h('p', { class: 'meta' }, t(`method.${status.method}`), definition.dataSource ? ` · ${modelText(lang, 'source', definition.dataSource, definition.dataSource)}` : ''),
      progress,
      entry,
      goalForm,
      h('p', { id: key('error'), class: 'error', role: 'alert' }, refused ? t(errorMessageKey(refused.error, { direction: refused.status.direction, ...fmt.field }), {
        metric: name, baseline: fmt.exactWithUnit(refused.status.current), ...fmt.bounds(),
      }) : ''),
      history.length > 0 && h('details', {},
        h('summary', { 'data-focus-key': key('history') }, t('role.history', { count: formatNumber(lang, history.length) })),
        // Where the metric stood when the goal closed, when it had a value then: a goal missed past
        // its due date closed with the value at the due date, so that is its date.
        h('ol', {}, history.map((g) => h('li', {}, t(g.closedValue == null ? 'role.historyItemNoValue' : 'role.historyItem', {
          status: t(`goal.${g.status}`), baseline: fmt.number(g.baseline), target: fmt.withUnit(g.target),
          closed: fmt.withUnit(g.closedValue), date: date.format(g.status === 'missed' && g.due != null ? Math.min(g.due, g.closedAt ?? g.due) : g.closedAt ?? g.start),
        }))))),
    );
  }

  /**
   * The refused change of `status`'s metric while the metric stands as it did when refused, else
   * null: once it changed (a value recorded elsewhere, another goal, `reset()`) the sentence no
   * longer says why, and goes.
   */
  #refusal(status) {
    const refused = this.#error?.metric === status.metric ? this.#error : null;
    if (!refused) return null;
    const g = status.goal;
    const stands = JSON.stringify([status.current, g?.status, g?.baseline, g?.target, g?.start, g?.due]);
    refused.stands ??= stands;
    if (refused.stands === stands) return refused;
    this.#error = null;
    return null;
  }

  #setGoal(event, ref, status, counted) {
    event.preventDefault();
    const form = event.target.elements;
    const goal = { target: readField(form.target) ?? NaN, start: Date.now(), due: endOfLocalDay(form.due.value) };
    const replacing = status.goal?.status === 'active' ? status.goal : null;
    // A countable metric's target is a whole number: one typed with a fraction is refused (a
    // goal set elsewhere with one, and left as pre-filled, is not the person's slip).
    const typed = form.target.value !== form.target.defaultValue;
    const set = counted && typed && Number.isFinite(goal.target) && !Number.isInteger(goal.target)
      ? () => { throw notWhole(goal.target); }
      : this.#source().setGoal(ref, goal, replacing);
    this.#apply(ref, 'setGoal', set, status, { target: form.target, due: form.due });
  }

  /** Records `value`: a scale point chosen, or (self-reported) what its `field` holds. */
  #observe(source, ref, method, status, field, value = readField(field) ?? NaN) {
    this.#apply(ref, 'observe', source.observe(ref, { value, method, at: Date.now() }), status, field ? { value: field } : {});
  }

  /**
   * A point of a self-assessment was checked. A click or Space records it
   * at once. An arrow key only moves the choice (a radio group wraps, so
   * one stray key would record the far end of the scale): the point is
   * recorded once the person commits to it (Enter or Space, focus leaving
   * the group, or SETTLE_MS without another step), and at the latest when
   * the panel leaves the page, shows another role, or the page is hidden.
   */
  #choose(source, ref, value, status) {
    if (this.#pending?.ref.metric !== ref.metric) this.#commit(); // another metric's choice first
    this.#pending = { source, ref, value, status };
    if (this.#arrowing) this.#commitIn(SETTLE_MS);
    else this.#commit();
  }

  /** Records the pending choice in `ms`. */
  #commitIn(ms) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#commit(), ms);
  }

  /** Records the pending choice now, unless it is back at the value the metric already has. */
  #commit() {
    clearTimeout(this.#timer);
    const pending = this.#pending;
    this.#pending = null;
    if (pending && pending.value !== pending.status.current) this.#observe(pending.source, pending.ref, 'scaleAssessed', pending.status, null, pending.value);
  }

  /**
   * Reads and writes of the client or the store. Writes return a change for
   * #apply: a store's runs synchronously and throws; a client's resolves to
   * `{ accepted, error }`.
   */
  #source() {
    const client = this.#client;
    if (client) {
      return {
        canvas: () => client.canvas(),
        model: () => client.model(),
        history: (ref) => client.history(ref.metric),
        setGoal: ({ metric }, goal, replacing) => () => client.setGoal({ metric, ...goal, replace: replacing !== null }),
        observe: ({ metric }, observation) => () => client.record({ metric, ...observation }),
      };
    }
    const store = this.#store;
    const account = this.getAttribute('account');
    const role = this.getAttribute('role-id');
    if (!store || !account || !role) return null;
    return {
      canvas: () => store.canvas({ account, role }),
      model: () => store.model(),
      history: (ref) => store.history(ref),
      setGoal: (ref, goal, replacing) => () => {
        // Both or neither: a refused target restores the abandoned goal.
        const saved = replacing ? store.toJSON() : null;
        try {
          // Abandoned when the new goal starts, or at the old one's start when that is later.
          if (replacing) store.abandonGoal({ ...ref, at: Math.max(goal.start, replacing.start) });
          store.setGoal({ ...ref, ...goal });
        } catch (error) {
          if (saved) store.load(saved);
          throw error;
        }
      },
      observe: (ref, observation) => () => store.recordObservation({ ...ref, ...observation }),
    };
  }

  /**
   * Runs a change. A refused one shows a localised sentence beside its
   * metric and goes to the developer as a `clg-error` event; nothing is
   * thrown into the page. `fields` (`{ target, due }`, `{ value }`) are
   * the form's fields: refused, they stay as typed, and the one the error
   * names is marked invalid.
   */
  #apply(ref, action, change, status, fields = {}) {
    // A form sends once until its write settles, and not again within REPEAT_MS of that unless
    // the person typed in it since (a store's write settles at once): a second click or Enter
    // meanwhile does nothing (a second goal would replace the first; a report would send the
    // emptied field). A scale point chosen again is a new choice.
    const key = Object.keys(fields).length > 0 ? formKey(ref.metric, action) : null;
    if (this.#writing.has(key) || performance.now() - this.#sent.get(key) < REPEAT_MS) return;
    if (key) this.#writing.add(key);
    const done = (error) => {
      this.#writing.delete(key);
      if (key && !error) this.#sent.set(key, performance.now());
      // The field refused: the one the error names (`goal.due`); none when it names no field of the form.
      const field = Object.keys(fields).find((name) => error?.field?.endsWith(`.${name}`) || error?.field === name);
      this.#error = error ? { metric: ref.metric, error, status, fields, field } : null;
      if (error) reportError(this, error, action);
      else this.emit('clg-change', { ...ref, action });
      // The fields sent and accepted are drawn afresh; every other field typed in and not sent stays as typed.
      if (!error) for (const field of Object.values(fields)) field.value = field.defaultValue;
      this.update({ keepTyped: true, newData: !error });
    };
    try {
      const result = change();
      if (typeof result?.then === 'function') result.then((r) => done(r?.accepted === false ? r.error : null), done);
      else done(null);
    } catch (error) {
      done(error);
    }
  }
}

/**
 * A medium date with its era, for dates before year 1.
 * @type {Intl.DateTimeFormatOptions}
 */
const ERA_DATE = { year: 'numeric', month: 'short', day: 'numeric', era: 'short' };

/**
 * The metrics' names for their forms' labels, each form a landmark that must
 * be told apart: a name another metric of the role also has gets its unit,
 * and, where that is not enough either, its place among those alike.
 *
 * @example formNames([{ name: 'Calls', unit: 'calls' }, { name: 'Calls', unit: 'h' }, { name: 'Calls', unit: 'h' }], 'en') // ['Calls (calls)', 'Calls (h, 1)', 'Calls (h, 2)']
 */
function formNames(metrics, lang) {
  const alike = (m, keys) => metrics.filter((other) => keys.every((key) => other[key] === m[key]));
  return metrics.map((m) => {
    const sameName = alike(m, ['name']);
    if (sameName.length === 1) return m.name;
    const same = alike(m, ['name', 'unit']);
    const place = (same.length > 1 || !m.unit) && formatNumber(lang, same.indexOf(m) + 1);
    return `${m.name} (${[m.unit, place].filter(Boolean).join(', ')})`;
  });
}

/** The key of a metric's form by the action it sends (see #apply). */
function formKey(metric, action) {
  return `${metric}\n${action}`;
}

/**
 * A form's keydown handler: a held Enter (the key repeating) sends nothing
 * more; the first press sent the form.
 */
function ignoreHeldKey(event) {
  if (event.repeat && event.key === 'Enter') event.preventDefault();
}

/**
 * INVALID_VALUE naming `goal.target`: a countable metric's target must be
 * a whole number.
 */
function notWhole(target) {
  return Object.assign(new RangeError(`goal.target: must be a whole number (the metric counts whole things), got ${target}`), { code: 'INVALID_VALUE', field: 'goal.target' });
}

/** The local date of `ms` as a date input's value (`YYYY-MM-DD`). */
function isoDate(ms) {
  const d = new Date(ms);
  return [String(d.getFullYear()).padStart(4, '0'), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')].join('-');
}

/**
 * The last millisecond of the local day a date input holds (`YYYY-MM-DD`):
 * the goal is due when the day the person picked ends where they are. NaN
 * for an empty or invalid date (the core then names `goal.due`).
 *
 * @example endOfLocalDay('2026-12-03') // 2026-12-03T23:59:59.999 local time
 */
function endOfLocalDay(value) {
  const [y, m, d] = value.split('-').map(Number);
  const next = new Date(0);
  next.setFullYear(y, m - 1, d + 1);
  next.setHours(0, 0, 0, 0);
  return next.getTime() - 1;
}

define('clg-role-goals', RoleGoals);
