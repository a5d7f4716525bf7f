// Number fields that read what a person types in the widget's language.
//
// `<input type=number>` reads its text by the browser's locale, not the
// page's: in an English browser "2,5" typed into a Spanish form reads 25,
// and "1.234,5" 1.2345, without a word. These fields are text fields (a
// decimal keypad on phones, `inputmode=decimal`) with the ARIA spinbutton
// role (Up and Down step by one), read by `parseNumber` in the widget's
// language. See the GOV.UK Design System's advice on number inputs.

import { h } from './element.js';

/** `{ decimal, group }` separators of each language asked for. */
const SEPARATORS = new Map();

function separators(lang) {
  let found = SEPARATORS.get(lang);
  if (!found) {
    const parts = new Intl.NumberFormat(lang).formatToParts(11111.5);
    const of = (type, fallback) => parts.find((p) => p.type === type)?.value ?? fallback;
    found = { decimal: of('decimal', '.'), group: of('group', ',') };
    SEPARATORS.set(lang, found);
  }
  return found;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EXPONENT = '(?:[eE][-+]?\\d+)?';
/** Digits with one `.` or `,` as the decimal point: a keypad of another language than the widget's. */
const OTHER_POINT = new RegExp(`^[-+]?(?:\\d+[.,]?\\d*|[.,]\\d+)${EXPONENT}$`);

/**
 * The number `text` means in `lang`: null when it is blank, NaN when it is
 * not a finite number. Read first as `lang` writes numbers (its decimal
 * point, digits grouped in threes by its separator: a space, no-break space
 * or narrow no-break space where it groups with one), else with one `.` or
 * `,` as the decimal point (a phone's keypad may offer only its own
 * language's). A minus sign (U+2212) reads as `-`.
 *
 * @example parseNumber('es', '1.234,5'); // 1234.5
 * @example parseNumber('en', '2,5'); // 2.5 (not a group of three)
 * @example parseNumber('en', '2,500'); // 2500
 * @param {string} lang
 * @param {string} text
 * @returns {number | null}
 */
export function parseNumber(lang, text) {
  const typed = text.trim().replace(/\u2212/g, '-');
  if (typed === '') return null;
  const { decimal, group } = separators(lang);
  const g = /^\s$/.test(group) ? '[\\s]' : escape(group);
  const d = escape(decimal);
  // Grouped digits start with a digit other than 0: "0,500" is not 500.
  const own = new RegExp(`^[-+]?(?:[1-9]\\d{0,2}(?:${g}\\d{3})+|\\d*)(?:${d}\\d*)?${EXPONENT}$`);
  let read = NaN;
  if (own.test(typed) && /\d/.test(typed)) read = Number(typed.replace(new RegExp(g, 'g'), '').replace(decimal, '.'));
  else if (OTHER_POINT.test(typed)) read = Number(typed.replace(',', '.'));
  return Number.isFinite(read) ? read : NaN;
}

/**
 * `value` as its field shows it in `lang`: every digit (no grouping) with
 * the language's decimal point; '' for null.
 *
 * @example fieldText('ru', 2.5); // '2,5'
 * @param {string} lang
 * @param {number | null | undefined} value
 */
export function fieldText(lang, value) {
  return value == null ? '' : String(value).replace('.', separators(lang).decimal);
}

/**
 * A number field of the widget in `lang`: `props` as `h` takes them (name,
 * required, data attributes, oninput...), `value` its number (or null),
 * `range` the metric's `{ min, max }` (its `fmt.field`). Up and Down step by
 * one within the range and fire `input`. The language is the field's
 * `data-lang`, read at each event: a field kept across a redraw in another
 * language (keepField) takes the new one's attributes.
 *
 * @example numberField('es', { name: 'value', required: true }, 2.5, fmt.field)
 * @param {string} lang
 * @param {Record<string, unknown>} props
 * @param {number | null | undefined} value
 * @param {{ min?: number, max?: number }} range
 */
export function numberField(lang, props, value, { min, max }) {
  const field = /** @type {HTMLInputElement} */ (h('input', {
    type: 'text', inputmode: 'decimal', role: 'spinbutton', autocomplete: 'off', spellcheck: 'false', 'data-lang': lang,
    'aria-valuemin': Number.isFinite(min) ? min : null, 'aria-valuemax': Number.isFinite(max) ? max : null,
    ...props, value: fieldText(lang, value),
  }));
  field.addEventListener('keydown', (event) => {
    const by = { ArrowUp: 1, ArrowDown: -1 }[event.key];
    const now = readField(field);
    if (!by || Number.isNaN(now) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const bound = (name, none) => (field.hasAttribute(name) ? Number(field.getAttribute(name)) : none);
    const next = Math.min(bound('aria-valuemax', Infinity), Math.max(bound('aria-valuemin', -Infinity), now === null ? 0 : now + by));
    field.value = fieldText(field.dataset.lang ?? 'en', next);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
  field.addEventListener('input', () => showValue(field));
  showValue(field);
  return field;
}

/**
 * The number a field of numberField reads (see parseNumber): null blank,
 * NaN when its text is not a number.
 *
 * @param {HTMLInputElement} field
 */
export function readField(field) {
  return parseNumber(field.dataset.lang ?? 'en', field.value);
}

/** Sets the field's `aria-valuenow` to the number its text reads, or removes it. */
function showValue(field) {
  const now = readField(field);
  if (now === null || Number.isNaN(now)) field.removeAttribute('aria-valuenow');
  else field.setAttribute('aria-valuenow', String(now));
}
