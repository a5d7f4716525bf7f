// Number fields that read what a person types in the widget's language.
//
// `<input type=number>` reads its text by the browser's locale, not the
// page's: in an English browser "2,5" typed into a Spanish form reads 25,
// and "1.234,5" 1.2345, without a word. These fields are text fields (a
// decimal keypad on phones, `inputmode=decimal`) with the ARIA spinbutton
// role (Up and Down step by one), read by `parseNumber` in the widget's
// language, the one every number it shows is written in. See the GOV.UK
// Design System's advice on number inputs.

import { h, numberFields } from './element.js';

/** How each language asked for writes numbers (see numberWriting). */
const writings = new Map();

/**
 * How `lang` writes numbers: its `decimal` point, its ten `digits` (Latin
 * or its own), and `own`, the pattern of a number as it writes it (digits
 * grouped in threes by its separator, in twos above the thousands where it
 * groups so: "12,34,567.5" in Indian English; a space-like separator may be
 * any space, `’` typed as `'`). With `latin`, as it writes numbers in Latin
 * digits (Arabic: "2,500.5", not "٢٬٥٠٠٫٥").
 */
function numberWriting(lang, latin = false) {
  const key = latin ? `${lang} latn` : lang;
  let found = writings.get(key);
  if (found) return found;
  const format = new Intl.NumberFormat(lang, latin ? { numberingSystem: 'latn' } : {});
  const parts = format.formatToParts(11111.5);
  const of = (type, fallback) => parts.find((p) => p.type === type)?.value ?? fallback;
  const digits = Array.from({ length: 10 }, (_, i) => format.format(i));
  const group = of('group', ',');
  const g = /^\s$/.test(group) ? '\\s' : /^['’]$/.test(group) ? "['’]" : escapeText(group);
  const indian = /^\d\d\D\d\d\D\d{3}$/.test(latinDigits(format.format(1234567), digits));
  const grouped = `[1-9]\\d{0,2}(?:${g}\\d{3})+${indian ? `|[1-9]\\d?(?:${g}\\d\\d)+${g}\\d{3}` : ''}`;
  found = {
    decimal: of('decimal', '.'),
    digits,
    groupText: group,
    group: new RegExp(g, 'g'),
    // Grouped digits start with a digit other than 0: "0,500" is not 500.
    own: new RegExp(`^[-+]?(?:${grouped}|\\d*)(?:${escapeText(of('decimal', '.'))}\\d*)?${EXPONENT}$`),
  };
  writings.set(key, found);
  return found;
}

const escapeText = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EXPONENT = '(?:[eE][-+]?\\d+)?';
/** Digits with one `.` or `,` as the decimal point: a keypad of another language than the widget's. */
const OTHER_POINT = new RegExp(`^[-+]?(?:\\d+[.,]?\\d*|[.,]\\d+)${EXPONENT}$`);
/** `text` with the ten `digits` of a language, and Arabic-Indic digits of either form, written as Latin digits. */
const latinDigits = (text, digits) => text.replace(/./gu, (c) => {
  const i = digits.indexOf(c);
  if (i >= 0) return String(i);
  const code = c.charCodeAt(0);
  return code >= 0x660 && code <= 0x669 ? String(code - 0x660) : code >= 0x6f0 && code <= 0x6f9 ? String(code - 0x6f0) : c;
});

/**
 * The number `text`, typed by a person, means in `lang`: null when it is
 * blank, NaN when it is not a finite number. Read first as `lang` writes
 * numbers (see numberWriting; its own digits or Latin ones), else with one
 * `.` or `,` as the decimal point (a phone's keypad may offer only its own
 * language's). A minus sign (U+2212) reads as `-`; the Arabic decimal and
 * thousands separators (U+066B, U+066C) as the language's own, as
 * Arabic-Indic digits read as its digits.
 *
 * @example parseNumber('es', '1.234,5'); // 1234.5
 * @example parseNumber('en', '2,5'); // 2.5 (not a group of three)
 * @example parseNumber('en', '2,500'); // 2500
 * @example parseNumber('ar', '٢٫٥'); // 2.5 (Arabic-Indic digits and decimal sign where `ar` writes Latin ones)
 * @param {string} lang
 * @param {string} text
 * @returns {number | null}
 */
export function parseNumber(lang, text) {
  let w = numberWriting(lang);
  // Latin digits typed where the language has its own: read as it writes numbers with Latin ones.
  if (w.digits[0] !== '0' && /[0-9]/.test(text)) w = numberWriting(lang, true);
  const typed = latinDigits(text.trim(), w.digits).replace(/[\u2212\u066b\u066c]/g, (c) => ({ '\u2212': '-', '\u066b': w.decimal, '\u066c': w.groupText })[c]);
  if (typed === '') return null;
  let read = NaN;
  if (w.own.test(typed) && /\d/.test(typed)) read = Number(typed.replace(w.group, '').replace(w.decimal, '.'));
  else if (OTHER_POINT.test(typed)) read = Number(typed.replace(',', '.'));
  return Number.isFinite(read) ? read : NaN;
}

/**
 * `value` as a number field shows it in `lang`: every digit (no grouping:
 * it reads back as the same number), in the language's digits, with its
 * decimal point; '' for null.
 *
 * @example fieldText('ru', 2.5); // '2,5'
 * @param {string} lang
 * @param {number | null | undefined} value
 */
export function fieldText(lang, value) {
  if (value == null) return '';
  const { decimal, digits } = numberWriting(lang);
  return String(value).replace(/[0-9.]/g, (c) => (c === '.' ? decimal : digits[Number(c)]));
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
    if (!by || Number.isNaN(now) || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const bound = (name, none) => (field.hasAttribute(name) ? Number(field.getAttribute(name)) : none);
    const next = Math.min(bound('aria-valuemax', Infinity), Math.max(bound('aria-valuemin', -Infinity), now === null ? 0 : stepped(now, by)));
    field.value = fieldText(field.dataset.lang ?? 'en', next);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
  field.addEventListener('input', () => showNumber(field));
  showNumber(field);
  numberFields.set(field, {
    // A field typed in, drawn in another language: the number typed shown as this language writes it.
    adopt: (typed) => {
      const read = readField(typed);
      if (typed.dataset.lang !== lang && Number.isFinite(read)) typed.value = fieldText(lang, read);
      typed.dataset.lang = lang;
      showNumber(typed);
    },
    sameDefault: (old, before) => Object.is(parseNumber(old.dataset.lang ?? 'en', before), parseNumber(lang, field.defaultValue)),
  });
  return field;
}

/**
 * `now + by` at the decimals `now` has (0.57 + 1 is 1.57, not 1.5699999999999998).
 *
 * @example stepped(2.675, -1) // 1.675
 */
function stepped(now, by) {
  const [digits, exponent] = String(now).split('e');
  const decimals = exponent === undefined ? (digits.split('.')[1] ?? '').length : 0;
  return exponent === undefined ? Number((now + by).toFixed(decimals)) : now + by;
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

/** Sets the field's `aria-valuenow` to the number its text reads, or removes it (blank, not a number). */
function showNumber(field) {
  const read = readField(field);
  if (Number.isFinite(read)) field.setAttribute('aria-valuenow', String(read));
  else field.removeAttribute('aria-valuenow');
}
