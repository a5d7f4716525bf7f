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
// `clg-change` { account, role, metric, action }.
import { ClgElement, h } from './element.js';
import './goal-progress.js';
import { formatNumber, message } from './i18n.js';

const DAY = 86_400_000;

const STYLES = `
:host { display: block; font: var(--clg-font, inherit); color: var(--clg-fg, #1f2328); }
h2 { font-size: 1.2em; margin: 0 0 0.25rem; }
h3 { font-size: 1em; margin: 0; }
.maturity { margin: 0 0 1rem; color: var(--clg-muted, #59636e); }
.metric { background: var(--clg-bg, #fff); border: 1px solid var(--clg-border, #d1d9e0); border-radius: var(--clg-radius, 8px); padding: 1rem; margin-bottom: 1rem; display: grid; gap: 0.75rem; }
.meta { margin: 0; color: var(--clg-muted, #59636e); font-size: 0.9em; }
form { display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem; }
label { display: grid; gap: 0.2rem; font-size: 0.9em; }
input[type=number], input[type=date] { font: inherit; padding: 0.35rem; border: 1px solid var(--clg-border, #d1d9e0); border-radius: var(--clg-radius-small, 4px); width: 9rem; }
fieldset { border: 0; padding: 0; margin: 0; }
legend { font-size: 0.9em; margin-bottom: 0.3rem; }
.likert { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.likert label { position: relative; display: block; }
.likert input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.likert span { display: block; padding: 0.4rem 0.6rem; border: 1px solid var(--clg-border, #d1d9e0); border-radius: var(--clg-radius-small, 4px); background: var(--clg-option-bg, #f6f8fa); }
.likert input:checked + span { background: var(--clg-accent, #0969da); border-color: var(--clg-accent, #0969da); color: var(--clg-accent-fg, #fff); }
.likert input:focus-visible + span, button:focus-visible, input:focus-visible { outline: 3px solid var(--clg-focus, #0969da); outline-offset: 2px; }
button { font: inherit; cursor: pointer; border-radius: var(--clg-radius-small, 4px); padding: 0.4rem 0.8rem; background: var(--clg-accent, #0969da); color: var(--clg-accent-fg, #fff); border: 1px solid var(--clg-accent, #0969da); }
details summary { cursor: pointer; font-size: 0.9em; }
ol { margin: 0.4rem 0 0; padding-left: 1.2rem; font-size: 0.9em; }
.error { color: var(--clg-danger, #cf222e); font-weight: 600; margin: 0; }
`;

export class RoleGoals extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'account', 'role-id'];

  #store = null;
  #client = null;
  #error = '';

  /** The ResultsStore the panel reads and writes (with the `account` and `role-id` attributes). */
  get store() {
    return this.#store;
  }

  set store(value) {
    this.#store = value ?? null;
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
    this.#client = value ?? null;
    if (this.isConnected) this.update();
  }

  /** Re-reads the store (call after changing it elsewhere, e.g. after track()). */
  refresh() {
    this.update();
  }

  render() {
    const source = this.#source();
    if (!source) return [];
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    let canvas, definitions;
    try {
      canvas = source.canvas();
      definitions = source.model().roles.find((r) => r.id === canvas.role).metrics;
    } catch (error) {
      return [h('p', { class: 'error', role: 'alert' }, error.message)];
    }
    const m = canvas.maturity;
    return [
      h('section', { 'aria-labelledby': 'role-name' },
        h('h2', { id: 'role-name' }, canvas.roleName),
        h('p', { class: 'maturity' }, t('role.maturity', { level: formatNumber(lang, m.level), levels: formatNumber(lang, m.levels), name: m.name })),
        h('p', { class: 'error', role: 'alert' }, this.#error),
        canvas.metrics.map((status) => this.#metric(source, { account: canvas.account, role: canvas.role, metric: status.metric }, status, definitions.find((d) => d.id === status.metric), lang, t)),
      ),
    ];
  }

  #metric(source, ref, status, definition, lang, t) {
    const key = (name) => `${status.metric}-${name}`;
    const num = (x) => formatNumber(lang, x, { maximumFractionDigits: 2 });
    const progress = /** @type {import('./goal-progress.js').GoalProgress} */ (document.createElement('clg-goal-progress'));
    progress.setAttribute('lang', lang);
    progress.status = status;

    const suggested = status.goal?.status === 'active' ? status.goal.target : status.nextGoal?.target;
    const goalForm = h('form', { 'aria-label': t('role.goalForm', { metric: status.name }), onsubmit: (e) => this.#setGoal(e, ref, status) },
      h('label', {}, t('role.target', { unit: status.unit }),
        h('input', { type: 'number', name: 'target', step: 'any', required: true, value: suggested == null ? '' : Math.round(suggested * 100) / 100, 'data-focus-key': key('target') })),
      h('label', {}, t('role.due'),
        h('input', { type: 'date', name: 'due', required: true, value: isoDate(Date.now() + 30 * DAY), 'data-focus-key': key('due') })),
      h('button', { type: 'submit', 'data-focus-key': key('set') }, status.goal?.status === 'active' ? t('role.resetGoal') : t('role.setGoal')),
      status.nextGoal && !status.goal && h('span', { class: 'meta' }, t('role.suggested', { target: num(status.nextGoal.target) })),
    );

    let entry = null;
    const collection = definition.collection;
    if (collection.method === 'scaleAssessed') {
      entry = h('fieldset', { role: 'radiogroup', 'aria-labelledby': key('likert') },
        h('legend', { id: key('likert') }, t('role.assess')),
        h('div', { class: 'likert' }, collection.scale.map((point) =>
          h('label', {},
            h('input', { type: 'radio', name: key('likert'), value: point.value, checked: status.current === point.value, 'data-focus-key': key(`likert-${point.value}`),
              onchange: () => this.#observe(ref, point.value, 'scaleAssessed') }),
            h('span', {}, `${num(point.value)} · ${point.label}`)))));
    } else if (collection.method === 'selfReported') {
      entry = h('form', { 'aria-label': t('role.report', { metric: status.name }), onsubmit: (e) => { e.preventDefault(); this.#observe(ref, e.target.elements.value.valueAsNumber, 'selfReported'); } },
        h('label', {}, t('role.value', { unit: status.unit }), h('input', { type: 'number', name: 'value', step: 'any', required: true, 'data-focus-key': key('value') })),
        h('button', { type: 'submit', 'data-focus-key': key('save') }, t('role.save')));
    }

    const history = source.history(ref);
    return h('article', { class: 'metric', 'aria-labelledby': key('name') },
      h('h3', { id: key('name') }, status.name),
      h('p', { class: 'meta' }, t(`method.${status.method}`), definition.dataSource ? ` · ${definition.dataSource}` : ''),
      progress,
      entry,
      goalForm,
      history.length > 0 && h('details', {},
        h('summary', {}, t('role.history', { count: formatNumber(lang, history.length) })),
        h('ol', {}, history.map((g) => h('li', {}, t('role.historyItem', {
          status: t(`goal.${g.status}`), baseline: num(g.baseline), target: num(g.target),
          closed: g.closedValue == null ? '–' : num(g.closedValue), date: new Intl.DateTimeFormat(lang).format(g.closedAt ?? g.start),
        }))))),
    );
  }

  #setGoal(event, ref, status) {
    event.preventDefault();
    const form = event.target.elements;
    const goal = { target: form.target.valueAsNumber, start: Date.now(), due: form.due.valueAsNumber + DAY - 1 };
    this.#apply(ref, 'setGoal', this.#source().setGoal(ref, goal, status.goal?.status === 'active'));
  }

  #observe(ref, value, method) {
    this.#apply(ref, 'observe', this.#source().observe(ref, { value, method, at: Date.now() }));
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
        setGoal: ({ metric }, goal, replace) => () => client.setGoal({ metric, ...goal, replace }),
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
      setGoal: (ref, goal, replace) => () => {
        // Both or neither: a refused target restores the abandoned goal.
        const saved = replace ? store.toJSON() : null;
        try {
          if (replace) store.abandonGoal({ ...ref, at: goal.start });
          store.setGoal({ ...ref, ...goal });
        } catch (error) {
          if (saved) store.load(saved);
          throw error;
        }
      },
      observe: (ref, observation) => () => store.recordObservation({ ...ref, ...observation }),
    };
  }

  /** Runs a change; shows its error in the panel's alert instead of throwing into the page. */
  #apply(ref, action, change) {
    const done = (error) => {
      this.#error = error ? error.message : '';
      if (!error) this.emit('clg-change', { ...ref, action });
      this.update();
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

function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
