// The base of every widget: a custom element with an open shadow root, its
// styles (a shared constructable stylesheet, or a <style nonce> where those
// are not supported), its language, and a DOM builder that only ever sets
// text — data never reaches innerHTML. Data a widget cannot show becomes a
// short localised sentence, and the detail a `clg-error` event.
import { inEnglish, message, onLocaleChange, resetFallbacks, resolveLocale, settingText } from './i18n.js';
import { THEME } from './theme.js';

/** The page-wide settings (see configureWidgets). */
export const widgetSettings = { nonce: undefined, wholeUnits: new Set() };

/** The widgets on the page, re-rendered when the settings change. */
const connected = new Set();

/**
 * Page-wide widget settings. `nonce`: the CSP nonce put on the <style>
 * elements used where constructable stylesheets are unavailable (a widget's
 * own `nonce` attribute wins). `wholeUnits`: units of countable metrics
 * (shown and suggested as whole numbers) beyond those the model already
 * makes countable (count and distinct rules, whole scale points). Only the
 * settings given change: one left out, `undefined` or `null` keeps its value
 * (as does `settings` itself `undefined` or `null`). Widgets already on the
 * page re-render with the new settings.
 *
 * @example configureWidgets({ wholeUnits: ['meetings', 'deals'] });
 * @param {{ nonce?: string | null, wholeUnits?: string[] | null } | null} [settings]
 */
export function configureWidgets(settings) {
  const { nonce, wholeUnits } = readSettings(settings);
  if (nonce != null) widgetSettings.nonce = nonce;
  if (wholeUnits != null) widgetSettings.wholeUnits = new Set(wholeUnits);
  for (const widget of connected) widget.update();
}

/**
 * `settings` read once into plain data (snapshot: a getter, a Proxy trap or
 * a revoked Proxy is UNREADABLE naming its setting), then checked.
 *
 * @example readSettings({ nonce: null }) // {}
 * @returns {{ nonce?: string | null, wholeUnits?: string[] | null }}
 */
function readSettings(settings) {
  const copy = snapshot(settings ?? {}, 'settings');
  if (typeof copy !== 'object' || Array.isArray(copy)) throw typeError('settings', 'must be an object');
  const { nonce, wholeUnits, ...unknown } = copy;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) {
    // An Error, as the core's UNKNOWN_OPTION (README: Errors): the key, not its value's type, is wrong.
    throw Object.assign(new Error(`settings.${extra}: is not a widget setting (nonce, wholeUnits)`), { code: 'UNKNOWN_OPTION', field: `settings.${extra}` });
  }
  if (nonce != null && typeof nonce !== 'string') throw typeError('settings.nonce', 'must be a string');
  if (wholeUnits != null && !Array.isArray(wholeUnits)) throw typeError('settings.wholeUnits', 'must be an array of unit names');
  const bad = wholeUnits?.findIndex((unit) => typeof unit !== 'string') ?? -1;
  if (bad >= 0) throw typeError(`settings.wholeUnits[${bad}]`, 'must be a unit name (a string)');
  if (nonce != null) settingText(nonce, 'settings.nonce');
  wholeUnits?.forEach((unit, i) => settingText(unit, `settings.wholeUnits[${i}]`));
  return copy;
}

/**
 * A TypeError with the code `WRONG_TYPE` naming `field`: a setting, or data
 * given to a widget that it cannot show.
 *
 * @example typeError('status.method', 'must be a collection method')
 */
export function typeError(field, rule) {
  return Object.assign(new TypeError(`${field}: ${rule}`), { code: 'WRONG_TYPE', field });
}

/**
 * An UNREADABLE error naming `field`: reading data given to a widget threw
 * `cause` (a getter, a Proxy trap, a revoked Proxy; kept, never read).
 *
 * @example unreadable('values.hours', error) // TypeError "values.hours: could not be read: reading it threw (see `cause`)"
 */
export function unreadable(field, cause) {
  return Object.assign(new TypeError(`${field}: could not be read: reading it threw (see \`cause\`)`, { cause }), { code: 'UNREADABLE', field });
}

/** How deep `snapshot` copies: data nested deeper (or a cycle) is not a widget's data. */
const MAX_DEPTH = 32;
/** The most items `snapshot` copies from an array without a limit of its own. */
const MAX_ITEMS = 100_000;

/**
 * `value` read once into plain data (arrays, objects of their own enumerable
 * keys, primitives), so what is checked is what is drawn: a getter returning
 * another value on its next read, or a Proxy, is read only here. A hole in an
 * array is `undefined`. Reading that throws is UNREADABLE naming the path
 * from `field`; data nested past MAX_DEPTH levels (a cycle) is WRONG_TYPE; an
 * array longer than its limit in `limits` (by path, `[]` for any index:
 * `{ 'trend.groups': 5000 }`), else MAX_ITEMS, is TOO_LARGE, before its items are read.
 *
 * @example snapshot({ get hours() { throw new Error('g'); } }, 'values') // throws UNREADABLE "values.hours"
 * @param {unknown} value
 * @param {string} field
 * @param {Record<string, number>} [limits]
 * @returns {any}
 */
export function snapshot(value, field, limits = {}, depth = 0) {
  if (typeof value !== 'object' || value === null) return value;
  if (depth === MAX_DEPTH) throw typeError(field, `must be plain data nested at most ${MAX_DEPTH} levels deep (no cycles)`);
  let array, keys, opaque;
  try {
    array = Array.isArray(value);
    keys = array ? null : Object.keys(value);
    // A Map, Date, Set... keeps its contents in internal slots, not own keys: as plain data it would be {}.
    opaque = keys?.length === 0 && Object.prototype.toString.call(value) !== '[object Object]';
  } catch (error) {
    throw unreadable(field, error);
  }
  if (opaque) throw typeError(field, 'must be plain data (its own keys are read), got a Map, Date or other built-in');
  const read = (key, path) => {
    let item;
    try {
      item = value[key];
    } catch (error) {
      throw unreadable(path, error);
    }
    return snapshot(item, path, limits, depth + 1);
  };
  if (!array) return Object.fromEntries(keys.map((key) => [key, read(key, `${field}.${key}`)]));
  const length = read('length', `${field}.length`);
  const limit = limits[field.replace(/\[\d+\]/g, '[]')] ?? MAX_ITEMS;
  if (!Number.isSafeInteger(length) || length < 0) throw typeError(`${field}.length`, 'must be an array length');
  if (length > limit) {
    throw Object.assign(new RangeError(`${field}: must hold at most ${limit} items, got ${length}`), { code: 'TOO_LARGE', field });
  }
  const copy = new Array(length);
  for (let i = 0; i < length; i++) copy[i] = read(i, `${field}[${i}]`);
  return copy;
}

/** Data a property setter could not read: its coded `error`, thrown when the widget draws (see readData). */
export class Unread {
  constructor(error) {
    this.error = error;
  }
}

/**
 * What a data property's setter keeps: `snapshot(value, field, limits)`, or,
 * when reading it or `check` (given the copy) throws, that error, so that
 * nothing is thrown into the page: `drawable()` throws it from `render()`,
 * which shows the sentence of data a widget cannot show and reports it as `clg-error`.
 *
 * @example this.#values = readData(value, 'values'); // in render(): const values = drawable(this.#values);
 * @param {unknown} value
 * @param {string} field
 * @param {{ limits?: Record<string, number>, check?: (copy: any) => void }} [options]
 */
export function readData(value, field, { limits, check } = {}) {
  try {
    const copy = snapshot(value, field, limits);
    check?.(copy);
    return copy;
  } catch (error) {
    return new Unread(error);
  }
}

/** `data` kept by readData, or the error reading it met, thrown. */
export function drawable(data) {
  if (data instanceof Unread) throw data.error;
  return data;
}

/** What a `client` property takes. */
export const SDK_CLIENT = 'an SDK client from clg-metrics/sdk';

/**
 * A WRONG_TYPE error naming `field` when `value` (set, not null) lacks one
 * of `methods` (space-separated) a widget calls, UNREADABLE when reading
 * them throws, else null.
 *
 * @example misfit('client', {}, SDK_CLIENT, 'submitSurvey dismissSurvey')
 *   // TypeError "client: must be an SDK client from clg-metrics/sdk (it has no submitSurvey, dismissSurvey method)"
 */
export function misfit(field, value, what, methods) {
  let missing;
  try {
    missing = methods.split(' ').filter((name) => typeof value?.[name] !== 'function');
  } catch (error) {
    return unreadable(field, error); // a getter that throws, a revoked Proxy
  }
  return value != null && missing.length > 0 ? typeError(field, `must be ${what} (it has no ${missing.join(', ')} method)`) : null;
}

/**
 * Tells the developer: a cancellable `clg-error` event from `element`
 * ({ error, code, field, action }) and, unless cancelled, a console.warn.
 */
export function reportError(element, error, action) {
  const detail = { error, code: error?.code ?? null, field: error?.field ?? null, action };
  const unhandled = element.dispatchEvent(new CustomEvent('clg-error', { detail, bubbles: true, composed: true, cancelable: true }));
  if (unhandled) console.warn(`${element.localName}: ${action} refused: ${detail.code ?? 'no code'}: ${error?.message ?? error}`);
}

const sheets = new Map();
/**
 * Whether the browser has constructable stylesheets: each global checked before it is used,
 * so a partial DOM (jsdom, a test's shim) takes the <style> fallback instead of throwing.
 */
const constructable = typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype &&
  typeof Document !== 'undefined' && 'adoptedStyleSheets' in Document.prototype;

/**
 * Builds an element: `h('button', { type: 'button', onclick: f }, 'Send')`.
 * Props starting with `on` become listeners, `true` makes a boolean
 * attribute, `false`/`null`/`undefined` are skipped; children are nodes or
 * text (set as text, never parsed). An element whose text or attributes hold
 * English given for a missing message gets `lang="en"` (see inEnglish), and
 * `dir="ltr"` when its text does.
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value != null) node.setAttribute(name, String(value));
  }
  const content = children.flat(Infinity).filter((c) => c != null && c !== false);
  node.append(...content);
  markEnglish(node, [...Object.values(props), ...content], content);
  return node;
}

/**
 * Gives `node` `lang="en"` when one of its `values` (attributes, text) is English given for a
 * missing message, and (an HTML element) `dir="ltr"` when its `text` is: English text reads left
 * to right in a right-to-left page too ("or colleague?", not "?or colleague"). An English label
 * alone (the × button's) leaves the element in the page's direction.
 */
export function markEnglish(node, values, text = []) {
  const english = (list) => list.some((v) => typeof v === 'string' && inEnglish(v));
  if (node.hasAttribute('lang') || !english(values)) return;
  node.setAttribute('lang', 'en');
  if (english(text)) leftToRight(node);
}

/** Gives an HTML element without a `dir` `dir="ltr"` (an SVG chart is laid out left to right by its CSS). */
function leftToRight(node) {
  if (node instanceof HTMLElement && !node.hasAttribute('dir')) node.setAttribute('dir', 'ltr');
}

/**
 * Registers `element` as the custom element `name`, unless the page already
 * has one by that name (the entry was loaded twice, or the app defined its
 * own). Each widget module registers its elements when imported, so an app
 * loads only the widgets it imports (README: Widgets).
 *
 * @example define('clg-goal-progress', GoalProgress);
 * @param {string} name
 * @param {CustomElementConstructor} element
 */
export function define(name, element) {
  // Without a DOM (Node, server rendering) importing a widget entry registers nothing.
  if (typeof customElements !== 'undefined' && !customElements.get(name)) customElements.define(name, element);
}

/** The `lang` of `element` or its closest ancestor, looking out of shadow roots to their hosts; '' when none. */
function langOf(element) {
  for (let at = element; at; ) {
    const found = at.closest('[lang]');
    if (found) return found.getAttribute('lang');
    const root = at.getRootNode();
    at = root instanceof ShadowRoot ? root.host : null;
  }
  return '';
}

/** Gives `element` the `theme` attribute of the widget `from` that draws it (or none). */
export function takeTheme(element, from) {
  const theme = from.getAttribute('theme');
  if (theme === null) element.removeAttribute('theme');
  else element.setAttribute('theme', theme);
}

/**
 * The text and number fields of `root` the person typed in:
 * `[focusKey, defaultValue, field]` each (a field drawn again from the same
 * data has the same default, so the field typed in takes its place).
 *
 * @returns {[string, string, HTMLInputElement][]}
 */
function typedFields(root) {
  return /** @type {HTMLInputElement[]} */ ([...root.querySelectorAll('input[data-focus-key]')])
    .filter((field) => field.type !== 'radio' && field.value !== field.defaultValue)
    .map((field) => [field.dataset.focusKey ?? '', field.defaultValue, field]);
}

/**
 * The element of `root` matching `selector` whose `data-focus-key` is `key`, or null: keys
 * compared as text, so no CSS escaping is needed (a DOM without `CSS.escape`, such as jsdom, works too).
 *
 * @example byFocusKey(this.shadowRoot, 'score-9')
 * @param {ParentNode} root
 * @param {string} key
 * @returns {HTMLElement | null}
 */
export function byFocusKey(root, key, selector = '[data-focus-key]') {
  return /** @type {HTMLElement[]} */ ([...root.querySelectorAll(selector)]).find((node) => node.dataset.focusKey === key) ?? null;
}

/**
 * Gives `typed`, a field the person typed in, the attributes of `fresh`, the
 * same field drawn again, and returns it to stand in its place: it keeps what
 * was typed (a number field's number written as `fresh`'s language writes it,
 * see numberFields) and its caret. Its listeners stay those it was drawn with
 * (a field's key names the same field of the same data).
 *
 * @param {HTMLInputElement} fresh
 * @param {HTMLInputElement} typed
 */
export function keepField(fresh, typed) {
  numberFields.get(fresh)?.adopt(typed);
  // Not `aria-valuenow`: a number field's is the number its typed text reads.
  const own = (name) => name === 'aria-valuenow';
  for (const { name } of [...typed.attributes]) if (!fresh.hasAttribute(name) && !own(name)) typed.removeAttribute(name);
  // Only the attributes that changed: setting `value` again would move the caret to the end.
  for (const { name, value } of fresh.attributes) if (typed.getAttribute(name) !== value && !own(name)) typed.setAttribute(name, value);
  return typed;
}

/**
 * The number fields drawn (number-field.js), each with how it `adopt`s the
 * field typed in that takes its place (keepField: the number typed, shown
 * as its language writes it), and whether the default `before` of the
 * field drawn before (`sameDefault(field, before)`) is its own default
 * written in another language ("14,76" in Spanish, "14.76" in English).
 * Here, so that widgets without number fields carry none of their code.
 *
 * @type {WeakMap<HTMLInputElement, { adopt(typed: HTMLInputElement): void, sameDefault(field: HTMLInputElement, before: string): boolean }>}
 */
export const numberFields = new WeakMap();

/** Without a DOM (Node, server rendering) a plain base: the entries load and register nothing (see define). */
const Base = /** @type {typeof HTMLElement} */ (globalThis.HTMLElement ?? Object);

export class ClgElement extends Base {
  /** CSS of the widget (subclasses override). */
  static styles = '';

  #stopListening;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  connectedCallback() {
    // A widget another widget draws (the prompt host's prompts, the goals
    // panel's progress) takes that widget's `theme`: the app cannot reach it.
    const root = this.getRootNode();
    const host = root instanceof ShadowRoot ? root.host : null;
    if (host instanceof ClgElement) takeTheme(this, host);
    connected.add(this);
    this.#stopListening = onLocaleChange(() => this.update({ keepTyped: true }));
    this.update();
  }

  disconnectedCallback() {
    connected.delete(this);
    this.#stopListening?.();
  }

  attributeChangedCallback(name) {
    if (this.isConnected) this.update({ keepTyped: name === 'lang' || name === 'theme' });
  }

  /**
   * The widget's language: its own or its closest ancestor's `lang`, across
   * the shadow roots it sits in (an app built of web components), else the
   * browser's.
   */
  get locale() {
    return resolveLocale(langOf(this) || navigator.language);
  }

  /**
   * Re-renders the shadow tree from `render()`, keeping focus on the same
   * control where it can. Data `render()` cannot show (it throws) leaves a
   * short sentence in the reader's language, and goes to the developer as
   * `clg-error` with `action: 'read'`. With `keepTyped` (only the language
   * or theme changed), a field the person typed in and did not send takes
   * the place of its drawing again (keepField), what it holds kept; with
   * `newData` too (the same fields drawn from newer data, whose defaults may
   * differ), it does whatever its new default.
   *
   * @param {{ keepTyped?: boolean, newData?: boolean }} [options]
   */
  update({ keepTyped = false, newData = false } = {}) {
    const active = /** @type {HTMLInputElement | null} */ (this.shadowRoot.activeElement);
    const focused = active?.dataset.focusKey;
    // Where the caret was in a text field (a number written anew in another language keeps it too).
    const caret = active?.selectionStart == null ? null : [active.selectionStart, active.selectionEnd ?? active.selectionStart];
    const typed = keepTyped ? typedFields(this.shadowRoot) : [];
    const styles = THEME + /** @type {typeof ClgElement} */ (this.constructor).styles;
    let nodes;
    resetFallbacks();
    try {
      // Skipped as h() skips them (a `cond && node` that is false, null or undefined).
      nodes = this.render().filter((node) => node != null && node !== false);
    } catch (error) {
      // Data no check of render() foresaw (it met a TypeError): still a coded error for the developer.
      const coded = error?.code ? error : Object.assign(new TypeError(`${this.localName}: cannot show this data (${error?.message})`, { cause: error }), { code: 'WRONG_TYPE', field: null });
      reportError(this, coded, 'read');
      nodes = [h('p', { class: 'unshown', role: 'alert' }, message(this.locale, 'error.unshown'))];
    }
    // The language the text is in: the page's, or English where the page's is not bundled,
    // and on each element holding English given for a missing message (WCAG 3.1.2).
    // English (the page's language has no messages) also reads left to right in a right-to-left page.
    const lang = this.locale;
    for (const node of nodes) {
      if (!(node instanceof Element) || node.hasAttribute('lang')) continue;
      node.setAttribute('lang', lang);
      if (lang === 'en') leftToRight(node);
    }
    if (constructable) {
      let sheet = sheets.get(styles);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(styles);
        sheets.set(styles, sheet);
      }
      this.shadowRoot.adoptedStyleSheets = [sheet];
      this.shadowRoot.replaceChildren(...nodes);
    } else {
      // The `nonce` property: with the CSP in a header the browser hides the attribute's value.
      const nonce = this.nonce || this.getAttribute('nonce') || widgetSettings.nonce;
      this.shadowRoot.replaceChildren(h('style', { nonce }, styles), ...nodes);
    }
    for (const [key, before, field] of typed) {
      const fresh = /** @type {HTMLInputElement | null} */ (byFocusKey(this.shadowRoot, key, 'input[data-focus-key]'));
      if (fresh && fresh !== field && (newData || fresh.defaultValue === before || numberFields.get(fresh)?.sameDefault(field, before))) fresh.replaceWith(keepField(fresh, field));
    }
    if (!focused) return;
    const field = /** @type {HTMLInputElement | null} */ (byFocusKey(this.shadowRoot, focused));
    field?.focus();
    if (caret && field?.selectionStart != null) field.setSelectionRange(Math.min(caret[0], field.value.length), Math.min(caret[1], field.value.length));
  }

  /** The shadow tree's nodes (subclasses override; throw a coded error for data they cannot show). */
  render() {
    return [];
  }

  /** Dispatches a bubbling, composed CustomEvent; returns false if a listener cancelled it. */
  emit(type, detail) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
  }
}
