// What every prompt widget (the survey prompts, the check-in) does as a
// non-modal dialog: opening moves focus into it and remembers where focus
// came from; send shows a thank-you live region that closes itself after
// `thanks-timeout` ms (default 4000; 0 keeps it), once whoever records the
// answer accepted it (refused, the prompt stays with a short sentence
// saying why); "ask me later", × and Escape close it; closing gives focus
// back; enter and exit motion honours `prefers-reduced-motion`. Used by
// composition, so the widgets keep their own private state.
import { byFocusKey, h, reportError } from './element.js';
import { errorMessageKey } from './errors.js';

const THANKS_TIMEOUT = 4000;

/**
 * Refusals that sending again cannot lift: the client forgot the prompt
 * (`reset()`), another outcome of it was recorded first, or the client is
 * gone. The prompt closes rather than ask the person to try again.
 */
const FINAL = ['UNKNOWN_PROMPT', 'PROMPT_CLOSED', 'CLIENT_DESTROYED'];

/**
 * Where `<clg-prompt-host>` hands a prompt it opens the recording of its
 * answer (`element[RECORD](detail)`, resolving to `{ accepted, error }`)
 * and of its closing (`element[CLOSE](type)`). The prompt calls them only
 * when no listener cancelled the event, whichever listener ran last.
 */
export const RECORD = Symbol('record');
export const CLOSE = Symbol('close');
/**
 * Set by `<clg-prompt-host>` on a prompt it opens by itself (no one asked):
 * the prompt then takes focus only when nothing on the page has it, so it
 * never pulls a person out of the field or control they are using.
 */
export const UNASKED = Symbol('unasked');

/** The panel, its buttons (send, ask me later, ×) and the thank-you, shared by the prompt widgets' styles. */
export const DIALOG_STYLES = `
.panel { position: relative; max-width: 40rem; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  padding: var(--_space-4) var(--_space-5); box-shadow: var(--_shadow); overflow-wrap: anywhere; }
button { font: inherit; cursor: pointer; border-radius: var(--_radius-small); padding: 0.45rem 0.9rem; }
.send { background: var(--_accent); color: var(--_accent-fg); border: 1px solid var(--_accent); }
.send:disabled { opacity: 0.5; cursor: not-allowed; }
.later { background: transparent; border: 1px solid var(--_border); color: inherit; }
.close { position: absolute; top: var(--_space-2); inset-inline-end: var(--_space-2); background: transparent; border: 0; font-size: 1.25rem; line-height: 1;
  padding: 0.25rem 0.5rem; color: var(--_muted); }
.thanks { margin: 0; margin-inline-end: 2rem; font-weight: 600; }
.thanks:focus { outline: none; }
.thanks:empty { display: none; }
.refused { color: var(--_danger); font-weight: 600; margin: var(--_space-3) 0 0; }
/* The room left for the × is at the panel's end: English in a right-to-left prompt (dir="ltr") takes it at its start. */
.panel:dir(rtl) :is(.question, h2, .thanks):dir(ltr) { margin-inline: 2rem 0; }
`;

export class PromptDialog {
  #element;
  #kind;
  #closed;
  #returnFocus = null;
  /** The document or shadow root #returnFocus was in (a removed node no longer knows it). */
  #returnRoot = null;
  #thanksTimer = null;
  /** Whether the answer was sent (the thank-you is showing). */
  sent = false;
  /** The error that refused the last answer (the widget shows its sentence), or null. */
  refused = null;
  /** The metric whose value was refused (a check-in's, from the result's `metric`), or null. */
  refusedMetric = null;
  /** Whether an answer is being recorded (send is disabled meanwhile). */
  sending = false;

  /**
   * `element`: the widget (its shadow root has `.panel` and `.thanks`);
   * `kind`: the `detail.kind` of its events; `closed(type)`: records that
   * the person closed it without answering (`clg-later` or `clg-dismiss`;
   * returns a `{ accepted, error }` result, its promise, or nothing).
   * @param {*} element
   * @param {string} kind
   * @param {(type: string) => any} [closed]
   */
  constructor(element, kind, closed = () => {}) {
    this.#element = element;
    this.#kind = kind;
    this.#closed = closed;
    // Remember where focus came from, to give it back when the prompt closes.
    element.addEventListener('focusin', (event) => {
      if (!this.#returnFocus && event.relatedTarget instanceof Node && !element.contains(event.relatedTarget)) this.#returnTo(event.relatedTarget);
    });
    element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || element.hidden) return;
      event.preventDefault();
      if (this.sent) this.hide();
      else this.close('clg-dismiss');
    });
  }

  /** Remembers `control` (or none) as where focus goes back to when the prompt closes. */
  #returnTo(control) {
    this.#returnFocus = control;
    this.#returnRoot = control?.getRootNode() ?? null;
  }

  /**
   * A fresh question (the widget reset its answers), shown with motion, focus moved into it
   * (for one opened UNASKED, only when nothing else has focus).
   */
  open() {
    clearTimeout(this.#thanksTimer);
    this.sent = false;
    this.refused = null;
    const element = this.#element;
    const active = deepActiveElement();
    const inside = element.contains(active) || element.shadowRoot.contains(active);
    const elsewhere = active && active !== document.body && !inside ? active : null;
    // Left where it is, focus may come in later (Tab): it then goes back to where it came from.
    const stay = element[UNASKED] && elsewhere;
    element[UNASKED] = false;
    this.#returnTo(stay ? null : elsewhere);
    element.update();
    this.#animate([{ opacity: 0, transform: 'translateY(0.75rem)' }, { opacity: 1, transform: 'none' }]);
    if (!stay) element.focus();
  }

  /**
   * Records the answer with `record()` (a `{ accepted, error }` result or
   * its promise; none: nothing to record) and, once it is accepted, emits
   * `clg-sent` with `detail` (the `clg-submit` detail: what an app reacts
   * to, the answer now kept) and thanks the person. Refused (or thrown),
   * the prompt stays: `refused` holds the error for the widget's sentence,
   * focus goes to it, and the developer hears a `clg-error` with `action`;
   * a refusal no retry can lift (the prompt was forgotten by a reset,
   * already answered, or the client destroyed) closes the prompt instead.
   *
   * @param {(() => any) | undefined} record
   * @param {string} action
   * @param {object} detail
   */
  async send(record, action, detail) {
    if (this.sending) return;
    let result;
    this.sending = true;
    this.refused = null;
    this.#element.update();
    try {
      result = await record?.();
    } catch (error) {
      result = { accepted: false, error };
    } finally {
      this.sending = false;
    }
    if (result?.accepted === false) {
      reportError(this.#element, result.error, result.action ?? action);
      if (FINAL.includes(result.error?.code)) {
        this.hide();
        return;
      }
      this.refuse(result.error, result.metric);
      return;
    }
    this.#element.emit('clg-sent', detail);
    this.thank();
  }

  /**
   * The answer is refused for `error` (of the value of `metric`, a
   * check-in's): the prompt stays, redrawn with its sentence (refusalNode),
   * and focus goes to it.
   *
   * @param {*} error
   * @param {string | null} [metric]
   */
  refuse(error, metric = null) {
    this.refused = error;
    this.refusedMetric = metric;
    this.#element.update();
    /** @type {HTMLElement | null} */ (this.#element.shadowRoot.querySelector('.refused'))?.focus();
  }

  /**
   * The thank-you paragraph: a live region, empty until the answer is
   * accepted. Filled, it is named by its own text, so that the focus moved
   * there reads it (a status has no name from its content).
   *
   * @example h('div', { class: 'panel' }, dialog.thanksNode(t('survey.thanks')))
   */
  thanksNode(text) {
    const named = this.sent ? { id: 'thanks', 'aria-labelledby': 'thanks' } : {};
    return h('p', { class: 'thanks', role: 'status', tabindex: -1, ...named }, this.sent ? text : '');
  }

  /**
   * The sentence of a refused answer (`t` translates its key), focused when
   * shown and named by its own text; false when nothing was refused.
   * `describe(refusedMetric)` gives the sentence's `context` (see
   * errorMessageKey) and `vars`, e.g. a metric's range.
   *
   * @param {(key: string, vars?: object) => string} t
   * @param {(metric: string | null) => { context?: object, vars?: object }} [describe]
   */
  refusalNode(t, describe = () => ({})) {
    const { context, vars } = describe(this.refusedMetric);
    return Boolean(this.refused) &&
      h('p', { id: 'refused', class: 'refused', role: 'alert', tabindex: -1, 'aria-labelledby': 'refused' }, t(errorMessageKey(this.refused, context), vars));
  }

  /** The answer was sent: the thank-you takes the prompt's place and focus, then leaves. */
  thank() {
    const element = this.#element;
    this.sent = true;
    element.update();
    /** @type {HTMLElement} */ (element.shadowRoot.querySelector('.thanks')).focus();
    const timeout = thanksTimeout(element.getAttribute('thanks-timeout'));
    if (timeout > 0) this.#thanksTimer = setTimeout(() => this.hide(), timeout);
  }

  /**
   * "Ask me later" (`clg-later`) or dismiss (`clg-dismiss`), unless a
   * listener cancels it: recorded (by the host's `CLOSE`, else the widget's
   * own), and hidden; a refused record is a `clg-error` for the developer
   * (the person asked for the prompt to go, so it goes).
   */
  close(type) {
    const element = this.#element;
    if (!element.emit(type, { kind: this.#kind })) return;
    const action = type === 'clg-later' ? 'later' : 'dismiss';
    const refused = (error) => reportError(element, error, action);
    try {
      Promise.resolve(element[CLOSE] ? element[CLOSE](type) : this.#closed(type)).then((r) => r?.accepted === false && refused(r.error), refused);
    } catch (error) {
      refused(error);
    }
    this.hide();
  }

  /** Hides the prompt (after its exit motion) and gives focus back if it had it. */
  async hide() {
    clearTimeout(this.#thanksTimer);
    const element = this.#element;
    if (element.matches(':focus-within')) returnTarget(this.#returnFocus, this.#returnRoot)?.focus();
    await this.#animate([{ opacity: 1, transform: 'none' }, { opacity: 0, transform: 'translateY(0.75rem)' }]);
    element.hidden = true;
    this.#returnTo(null);
  }

  /** The widget left the page: no thank-you timer outlives it. */
  stop() {
    clearTimeout(this.#thanksTimer);
  }

  /** Plays `keyframes` on the panel for the theme's motion time (0 under prefers-reduced-motion). */
  #animate(keyframes) {
    const panel = this.#element.shadowRoot.querySelector('.panel');
    const duration = motionMs(this.#element);
    if (!panel || duration === 0 || typeof panel.animate !== 'function') return Promise.resolve();
    return panel.animate(keyframes, { duration, easing: 'ease-out' }).finished.catch(() => {});
  }
}

/**
 * Where focus goes back to: `control` while it is on the page, else the
 * control a widget drew again in its place (the same `data-focus-key` in
 * the same shadow root: a panel redrawn while the prompt was open, e.g.
 * after the check-in's answer updated its goals), else null.
 *
 * @param {Element | null} control
 * @param {Node | null} root
 * @returns {HTMLElement | null}
 */
function returnTarget(control, root) {
  if (!control || control.isConnected) return /** @type {HTMLElement | null} */ (control);
  const key = /** @type {HTMLElement} */ (control).dataset?.focusKey;
  const again = key && root instanceof ShadowRoot ? byFocusKey(root, key) : null;
  return again?.isConnected ? again : null;
}

/**
 * The ms a thank-you stays, from the `thanks-timeout` attribute: the
 * default without one, and for a value that is no number of ms (empty or
 * blank, as `Number('')` is 0; "abc"; negative); `0` keeps it until closed.
 *
 * @example thanksTimeout('') // 4000
 * @example thanksTimeout('3000000000') // 2147483647
 * @param {string | null} attribute
 */
export function thanksTimeout(attribute) {
  const given = attribute === null || attribute.trim() === '' ? NaN : Number(attribute);
  // A timer holds at most 2^31 - 1 ms (about 24.8 days): a longer one would fire at once.
  return Number.isFinite(given) && given >= 0 ? Math.min(given, 2 ** 31 - 1) : THANKS_TIMEOUT;
}

/** The focused element, looking into open shadow roots. */
function deepActiveElement() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * The widget's motion time in ms: `--clg-motion` (default 200ms), 0 when the person prefers
 * reduced motion. A DOM without `matchMedia` (jsdom) knows no such preference.
 */
function motionMs(element) {
  if (globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return 0;
  const value = getComputedStyle(element).getPropertyValue('--_motion').trim();
  const ms = parseFloat(value) * (value.endsWith('ms') ? 1 : 1000);
  return Number.isFinite(ms) ? ms : 0;
}
