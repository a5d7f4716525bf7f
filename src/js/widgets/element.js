// The base of every widget: a custom element with an open shadow root, its
// styles (a shared constructable stylesheet, or a <style nonce> where those
// are not supported), its language, and a DOM builder that only ever sets
// text — data never reaches innerHTML.
import { onLocaleChange, resolveLocale } from './i18n.js';
import { THEME } from './theme.js';

/** The page-wide settings (see configureWidgets). */
export const widgetSettings = { nonce: undefined, wholeUnits: new Set() };

/**
 * Page-wide widget settings. `nonce`: the CSP nonce put on the <style>
 * elements used where constructable stylesheets are unavailable (a widget's
 * own `nonce` attribute wins). `wholeUnits`: units of countable metrics
 * (shown and suggested as whole numbers) beyond those the model already
 * makes countable (count and distinct rules, whole scale points).
 *
 * @example configureWidgets({ wholeUnits: ['meetings', 'deals'] });
 * @param {{ nonce?: string, wholeUnits?: string[] }} [settings]
 */
export function configureWidgets(settings = {}) {
  if (settings === null || typeof settings !== 'object') throw settingsError('settings', 'must be an object');
  const { nonce, wholeUnits, ...unknown } = settings;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) throw Object.assign(settingsError(`settings.${extra}`, 'is not a widget setting (nonce, wholeUnits)'), { code: 'UNKNOWN_OPTION' });
  if (nonce !== undefined && typeof nonce !== 'string') throw settingsError('settings.nonce', 'must be a string');
  if (wholeUnits !== undefined && (!Array.isArray(wholeUnits) || wholeUnits.some((u) => typeof u !== 'string'))) {
    throw settingsError('settings.wholeUnits', 'must be an array of unit names');
  }
  if ('nonce' in settings) widgetSettings.nonce = nonce;
  if (wholeUnits !== undefined) widgetSettings.wholeUnits = new Set(wholeUnits);
}

function settingsError(field, rule) {
  return Object.assign(new TypeError(`${field}: ${rule}`), { code: 'WRONG_TYPE', field });
}

const sheets = new Map();
const constructable = typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in Document.prototype;

/**
 * Builds an element: `h('button', { type: 'button', onclick: f }, 'Send')`.
 * Props starting with `on` become listeners, `true` makes a boolean
 * attribute, `false`/`null`/`undefined` are skipped; children are nodes or
 * text (set as text, never parsed).
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value != null) node.setAttribute(name, String(value));
  }
  node.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return node;
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
  if (!customElements.get(name)) customElements.define(name, element);
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

export class ClgElement extends HTMLElement {
  /** CSS of the widget (subclasses override). */
  static styles = '';

  #stopListening;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  connectedCallback() {
    this.#stopListening = onLocaleChange(() => this.update());
    this.update();
  }

  disconnectedCallback() {
    this.#stopListening?.();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.update();
  }

  /**
   * The widget's language: its own or its closest ancestor's `lang`, across
   * the shadow roots it sits in (an app built of web components), else the
   * browser's.
   */
  get locale() {
    return resolveLocale(langOf(this) || navigator.language);
  }

  /** Re-renders the shadow tree from `render()`, keeping focus on the same control where it can. */
  update() {
    const focused = /** @type {HTMLElement | null} */ (this.shadowRoot.activeElement)?.dataset.focusKey;
    const styles = THEME + /** @type {typeof ClgElement} */ (this.constructor).styles;
    if (constructable) {
      let sheet = sheets.get(styles);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(styles);
        sheets.set(styles, sheet);
      }
      this.shadowRoot.adoptedStyleSheets = [sheet];
      this.shadowRoot.replaceChildren(...this.render());
    } else {
      // The `nonce` property: with the CSP in a header the browser hides the attribute's value.
      const nonce = this.nonce || this.getAttribute('nonce') || widgetSettings.nonce;
      this.shadowRoot.replaceChildren(h('style', { nonce }, styles), ...this.render());
    }
    if (focused) /** @type {HTMLElement | null} */ (this.shadowRoot.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`))?.focus();
  }

  /** The shadow tree's nodes (subclasses override). */
  render() {
    return [];
  }

  /** Dispatches a bubbling, composed CustomEvent; returns false if a listener cancelled it. */
  emit(type, detail) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
  }
}
