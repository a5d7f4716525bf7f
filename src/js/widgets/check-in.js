// <clg-check-in>: a goal-period check-in in a non-modal dialog. For each
// metric: a scale-assessed one as a radio group of its anchored scale
// ("1 · Guessing" ... "5 · Proven"), a self-reported one as a number field
// with its unit; then send / ask me later / dismiss.
//
// Data in: property `metrics` (metric definitions of the model, as
// `client.model()` gives them) and optional `values` ({ metricId: current
// value }, pre-selected; a scale's value that is none of its points is
// not, and is not sent). Events (bubbling, composed, cancellable):
// `clg-submit` { kind: 'checkin', values: { metricId: value } } (only the
// answered metrics), `clg-later` { kind }, `clg-dismiss` { kind } (× or
// Escape). The app (or `<clg-prompt-host>`) records the values with
// `client.record`; when the host's client refuses one, the check-in stays
// open with a short sentence saying why. A value past its metric's `min` or
// `max`, or text that is not a number, the check-in refuses itself, before
// `clg-submit`, in the same way (the field keeps what was typed). Opening (removing `hidden`) moves
// focus into it; closing gives focus back; the thank-you is a live region.
// `metrics` that are not an array, or an asked metric without its id,
// name, unit, a numeric range or a scale of numbered, labelled points, are reported as `clg-error` (WRONG_TYPE) and
// the check-in says it cannot be shown. Without `metrics` it shows nothing,
// and one shown (not `hidden`) reports the missing `metrics` as WRONG_TYPE.
import { ClgElement, define, drawable, h, keepField, readData, reportError, typeError, Unread } from './element.js';
import { formatNumber, message, modelText } from './i18n.js';
import { checkDefinition, metricFormat } from './metric-format.js';
import { DIALOG_STYLES, PromptDialog, RECORD } from './prompt-dialog.js';
import { numberField, readField } from './number-field.js';

const STYLES = `${DIALOG_STYLES}
h2 { font-size: var(--_text-lg); line-height: 1.35; margin: 0 0 var(--_space-1); margin-inline-end: 2rem; }
.intro { margin: 0 0 var(--_space-3); color: var(--_muted); font-size: var(--_text-sm); }
fieldset { border: 0; padding: 0; margin: 0 0 var(--_space-3); min-width: 0; }
legend { font-weight: 600; margin-bottom: var(--_space-1); padding: 0; }
.scale { display: flex; flex-wrap: wrap; gap: var(--_space-1); }
.scale label { position: relative; }
.scale input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.scale span { display: block; padding: 0.4rem 0.6rem; border: 1px solid var(--_border); border-radius: var(--_radius-small); background: var(--_surface); }
.scale label:hover span { border-color: var(--_accent); }
.scale input:checked + span { background: var(--_accent); border-color: var(--_accent); color: var(--_accent-fg); }
.scale input:focus-visible + span { outline: 3px solid var(--_focus); outline-offset: 2px; }
.reported { display: grid; gap: var(--_space-1); margin-bottom: var(--_space-3); font-weight: 600; }
input[inputmode=decimal] { font: inherit; font-weight: normal; padding: 0.35rem; border: 1px solid var(--_field-border); border-radius: var(--_radius-small); width: 9rem; max-width: 100%; background: var(--_bg); color: var(--_fg); }
.actions { display: flex; flex-wrap: wrap; gap: var(--_space-2); }
input[aria-invalid=true] { border-color: var(--_danger); box-shadow: 0 0 0 1px var(--_danger); }
`;

export class CheckIn extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'hidden'];

  /** The `metrics` given (the getter's), or null. */
  #given = null;
  /** Those metric definitions read into plain data (readData; those that are not asked about are skipped when drawn), or null. */
  #metrics = null;
  /** The `values` given (the getter's), or null. */
  #givenValues = null;
  /** The `values` read into plain data (readData). */
  #values = {};
  /** The last `metrics` reported as holding nothing to ask. */
  #unasked = null;
  /** The person's answers so far: metric id -> value. */
  #answers = new Map();
  /** Focus, thanks, closing and motion of the dialog. */
  #dialog = new PromptDialog(this, 'checkin');

  /** The metric definitions to ask about (scale-assessed and self-reported ones are asked). */
  get metrics() {
    return this.#given;
  }

  set metrics(value) {
    this.#given = value ?? null;
    this.#metrics = readData(this.#given, 'metrics');
    if (this.isConnected) this.update();
  }

  /** Current values ({ metricId: value }) as given, or null: scale points are pre-selected. */
  get values() {
    return this.#givenValues;
  }

  set values(value) {
    this.#givenValues = value ?? null;
    this.#values = readData(value ?? {}, 'values', { check: checkValues });
    const values = this.#values instanceof Unread ? {} : this.#values;
    this.#answers = new Map(Object.entries(values).filter(([, v]) => Number.isFinite(v)));
    if (this.isConnected) this.update();
  }

  attributeChangedCallback(name, before, after) {
    if (name === 'hidden' && before !== null && after === null && this.isConnected) this.#dialog.open();
    else super.attributeChangedCallback(name);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#dialog.stop();
  }

  /** Moves focus to the first question's answer (its chosen point, if any), else the thanks. */
  focus() {
    const root = this.shadowRoot;
    const first = root.querySelector('form fieldset, form .reported');
    /** @type {HTMLElement | null} */ (first?.querySelector('input:checked') ?? first?.querySelector('input') ?? root.querySelector('.thanks'))?.focus();
  }

  render() {
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    const thanks = this.#dialog.thanksNode(t('checkIn.thanks'));
    const close = (label, onclick) => h('button', { type: 'button', class: 'close', 'aria-label': label, 'data-focus-key': 'close', onclick }, '×');
    if (this.#dialog.sent) return [h('div', { class: 'panel' }, thanks, close(t('survey.close'), () => this.#dialog.hide()))];
    if (this.#metrics === null) {
      // Not an empty form: nothing, and the developer told once the task that set the page up is done (metrics set after append are not missing).
      if (!this.hidden) queueMicrotask(() => this.#metrics === null && this.isConnected && !this.hidden && reportError(this, typeError('metrics', 'must be set to an array of metric definitions'), 'read'));
      return [];
    }
    if (!Array.isArray(drawable(this.#metrics))) throw typeError('metrics', 'must be an array of metric definitions');
    drawable(this.#values);
    if (!this.#metrics.some((definition) => ASKED.includes(definition?.collection?.method))) {
      // Nothing to ask (an empty list, or only integration and app-generated metrics): not an
      // empty form either; the developer is told once per list.
      if (this.#unasked !== this.#metrics) reportError(this, typeError('metrics', 'must hold a scale-assessed or self-reported metric (a check-in asks only those)'), 'read');
      this.#unasked = this.#metrics;
      return [];
    }
    // `novalidate`: a value past a field's `min` or `max`, or text that is not a number, gets the
    // check-in's own sentence (#refusal), not the browser's bubble in the browser's language.
    const answered = this.#answered(); // before #field moves a field holding unparsed text into the new form
    const form = h('form', { 'aria-labelledby': 'title', novalidate: true, onsubmit: (event) => this.#submit(event) },
      h('h2', { id: 'title' }, t('checkIn.title')),
      h('p', { class: 'intro' }, t('checkIn.intro')),
      this.#metrics.map((definition, i) => ASKED.includes(definition?.collection?.method) && this.#field(definition, i, lang)),
      this.#dialog.refusalNode(t, (metric) => this.#range(metric, lang)),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'send', disabled: !answered || this.#dialog.sending, 'data-focus-key': 'send' }, t('survey.submit')),
        h('button', { type: 'button', class: 'later', 'data-focus-key': 'later', onclick: () => this.#dialog.close('clg-later') }, t('survey.later')),
      ),
      close(t('survey.dismiss'), () => this.#dialog.close('clg-dismiss')),
    );
    return [h('div', { class: 'panel', role: 'dialog', 'aria-labelledby': 'title' }, form), thanks];
  }

  /** One metric's question (the `i`th of `metrics`): its anchored scale, or a number field with its unit. */
  #field(definition, i, lang) {
    checkQuestion(definition, `metrics[${i}]`);
    const first = this.#metrics.findIndex((d) => d?.id === definition.id);
    if (first !== i) {
      // Two questions, one answer in `values` and in `clg-submit`.
      throw Object.assign(new RangeError(`metrics[${i}].id: must differ from metrics[${first}].id, "${definition.id}" (one question per metric)`), { code: 'INVALID_VALUE', field: `metrics[${i}].id` });
    }
    const id = definition.id;
    const { method, scale } = definition.collection;
    const name = modelText(lang, 'metric', id, definition.name);
    const fmt = metricFormat(lang, definition, definition);
    const chosen = this.#answers.get(id);
    if (method === 'scaleAssessed') {
      return h('fieldset', { role: 'radiogroup', 'aria-labelledby': `${id}-name` },
        h('legend', { id: `${id}-name` }, name),
        h('div', { class: 'scale' }, scale.map((point) =>
          h('label', {},
            h('input', { type: 'radio', name: id, value: point.value, checked: chosen === point.value, 'data-focus-key': `${id}-${point.value}`,
              onchange: () => this.#answer(id, point.value) }),
            h('span', {}, `${formatNumber(lang, point.value)} · ${modelText(lang, 'scale', `${id}.${point.value}`, point.label)}`)))));
    }
    const field = numberField(lang, { name: id, 'data-focus-key': `${id}-value`,
      ...(this.#dialog.refusedMetric === id && this.#dialog.refused && { 'aria-invalid': 'true', 'aria-describedby': 'refused' }),
      oninput: (event) => this.#answer(id, readField(event.target)) }, chosen, fmt.field);
    // What was typed stays as typed ("1.234,5", text that is not a number: "1e400") while it is the answer.
    const typed = this.#numberFields().find((f) => f.name === id && (Number.isNaN(readField(f)) || (f.value !== f.defaultValue && readField(f) === chosen)));
    return h('label', { class: 'reported' }, message(lang, 'checkIn.value', { metric: name, unit: fmt.fieldUnit }), typed ? keepField(field, typed) : field);
  }

  /** The number fields drawn. */
  #numberFields() {
    return /** @type {HTMLInputElement[]} */ ([...this.shadowRoot.querySelectorAll('input[inputmode=decimal]')]);
  }

  /** The number fields drawn that hold text that is not a number (in their language). */
  #unparsed() {
    return this.#numberFields().filter((field) => Number.isNaN(readField(field)));
  }

  /**
   * Whether a question is answered, or a number field holds text (a number
   * drawn again in another language, counted as it is sent; text that is not
   * one: sending says so).
   */
  #answered() {
    return this.#asked().length > 0 || this.#numberFields().some((field) => readField(field) !== null);
  }

  /**
   * The first answer the check-in refuses, `{ metric, error }`, else null:
   * a field's text that is not a number (NOT_FINITE), a value past its
   * metric's `min` or `max` (VALUE_OUT_OF_RANGE). Its own check, the core's
   * rule: a check-in the app records itself has no core to refuse them.
   */
  #refusal() {
    const unparsed = this.#unparsed()[0];
    if (unparsed) return { metric: unparsed.name, error: valueError('NOT_FINITE', unparsed.name, 'must be a number') };
    for (const [metric, value] of this.#asked()) {
      const rule = outOfRange(this.#metrics.find((d) => d?.id === metric), value);
      if (rule) return { metric, error: valueError('VALUE_OUT_OF_RANGE', metric, rule) };
    }
    return null;
  }

  /** The sentence's context and variables for a value of `metric` refused: its range, formatted. */
  #range(metric, lang) {
    const definition = this.#metrics?.find((d) => d?.id === metric);
    if (!definition) return {};
    const fmt = metricFormat(lang, definition, definition);
    return { context: fmt.field, vars: fmt.bounds() };
  }

  #answer(id, value) {
    if (Number.isFinite(value)) this.#answers.set(id, value);
    else this.#answers.delete(id);
    const send = /** @type {HTMLButtonElement | null} */ (this.shadowRoot.querySelector('.send'));
    if (send) send.disabled = !this.#answered();
  }

  /**
   * The answers `[metricId, value]` to the questions asked (`values` may hold
   * other metrics too, and for a scale a value that is none of its points:
   * not pre-selected, so not an answer).
   */
  #asked() {
    return [...this.#answers].filter(([id, value]) => this.#metrics?.some((d) => d?.id === id && answers(d, value)));
  }

  #submit(event) {
    event.preventDefault();
    // A field typed in answers with what it reads now: drawn again in another language, text that
    // was not a number may be one ("1.234,5" in Spanish) without an input event.
    for (const field of this.#numberFields()) if (field.value !== field.defaultValue) this.#answer(field.name, readField(field));
    const refused = this.#refusal();
    if (refused) {
      this.#dialog.refuse(refused.error, refused.metric);
      return;
    }
    const values = Object.fromEntries(this.#asked());
    const detail = { kind: 'checkin', values };
    if (Object.keys(values).length === 0 || !this.emit('clg-submit', detail)) return;
    this.#dialog.send(this[RECORD] && (() => this[RECORD](detail)), 'submit', detail);
  }
}

/** The collection methods a check-in asks about. */
const ASKED = ['scaleAssessed', 'selfReported'];

/**
 * Throws a WRONG_TYPE error naming (from `path`) the first field of the
 * asked metric `definition` that its question cannot be drawn from: its
 * `id` and `name`, a number field's `unit`, its range and scale (checkDefinition).
 *
 * @example checkQuestion({ id: 'hours', name: 7, collection: { method: 'selfReported' } }, 'metrics[1]') // TypeError "metrics[1].name: must be a string ..."
 */
function checkQuestion(definition, path) {
  const wrong = (field, rule) => typeError(`${path}.${field}`, `${rule} (a metric definition of the model)`);
  if (!(typeof definition.id === 'string' && definition.id !== '')) throw wrong('id', 'must be a non-empty string');
  if (typeof definition.name !== 'string') throw wrong('name', 'must be a string');
  // A number field's label names its unit; a scale's points say what they mean.
  if (definition.collection.method === 'selfReported' && typeof definition.unit !== 'string') throw wrong('unit', 'must be a string');
  checkDefinition(definition, path);
}

/** Throws WRONG_TYPE `values` unless it is an object `{ metricId: value }`. */
function checkValues(values) {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw typeError('values', 'must be an object { metricId: value }');
  for (const [id, value] of Object.entries(values)) {
    if (value != null && !Number.isFinite(value)) throw typeError(`values.${id}`, 'must be a finite number, or null for a metric without a value');
  }
}

/**
 * Whether `value` answers the question of the metric `definition`: a number
 * for a self-reported metric, one of its scale's points for a scale-assessed one.
 *
 * @example answers({ collection: { method: 'scaleAssessed', scale: [{ value: 1 }, { value: 3 }] } }, 2) // false
 */
function answers(definition, value) {
  const { method, scale } = definition.collection ?? {};
  if (method === 'scaleAssessed') return Array.isArray(scale) && scale.some((point) => point?.value === value);
  return method === 'selfReported';
}

/**
 * The rule `value` breaks when it is past the `min` or `max` of the metric
 * `definition` (the core's words), else null.
 *
 * @example outOfRange({ id: 'hours', min: 0, max: 80 }, 81) // 'must be from 0 to 80 (the range of metric "hours"), got 81'
 */
function outOfRange(definition, value) {
  const [min, max] = [definition.min ?? -Infinity, definition.max ?? Infinity];
  if (value >= min && value <= max) return null;
  const rule = Number.isFinite(min) && Number.isFinite(max) ? `must be from ${min} to ${max}` : Number.isFinite(min) ? `must be at least ${min}` : `must be at most ${max}`;
  return `${rule} (the range of metric "${definition.id}"), got ${value}`;
}

/**
 * The error of an answer the check-in refuses, coded as the core codes it.
 *
 * @example valueError('VALUE_OUT_OF_RANGE', 'hours', 'must be from 0 to 80') // RangeError "values.hours: must be from 0 to 80"
 */
function valueError(code, metric, rule) {
  return Object.assign(new RangeError(`values.${metric}: ${rule}`), { code, field: `values.${metric}` });
}

define('clg-check-in', CheckIn);
