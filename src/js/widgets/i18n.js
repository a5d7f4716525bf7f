// Localisation of the widgets: English, Spanish and Russian are bundled;
// `registerLocale` adds or overrides languages. Keys missing from a locale
// fall back to English; numbers go through Intl.
import en from './locales/en.js';
import es from './locales/es.js';
import ru from './locales/ru.js';

/** Messages by language, built by locales() on first use. @type {Map<string, Record<string, string>> | undefined} */
let tables;

/**
 * Messages by language; languages differ in plural forms, so in keys (`unit.periods.few`).
 * Built on first use: a bundler then drops the tables from an app that calls none of this
 * module's functions (webpack keeps a top-level `new Map`, and the build's minifier drops
 * `@__PURE__` annotations).
 */
function locales() {
  tables ??= new Map(/** @type {[string, Record<string, string>][]} */ ([['en', en], ['es', es], ['ru', ru]]));
  return tables;
}
const listeners = new Set();
let langObserver;
/** English texts given since the last resetFallbacks() where a language lacks the message. */
const fallbacks = new Set();

/**
 * Adds a language, or overrides some messages of one. `messages` is read
 * once (each own key and its text) before anything changes: a key holding
 * `null` or `undefined` is left out; a text that is not a string is
 * WRONG_TYPE, reading that throws UNREADABLE, each naming `messages.<key>`.
 * @example registerLocale('de', { 'survey.submit': 'Senden' });
 */
export function registerLocale(lang, messages) {
  if (typeof lang !== 'string' || lang === '') throw localeError('lang', 'must be a non-empty language tag');
  try {
    Intl.getCanonicalLocales(settingText(lang, 'lang'));
  } catch (error) {
    if (error.code) throw error;
    throw Object.assign(new RangeError(`lang: must be a language tag that Intl takes (BCP 47, such as "de" or "pt-BR"), got "${lang.slice(0, 40)}"`), { code: 'INVALID_VALUE', field: 'lang' });
  }
  const texts = readMessages(messages);
  const tag = lang.toLowerCase();
  locales().set(tag, { ...locales().get(tag), ...texts });
  notify();
}

/**
 * `messages` read once into a plain `{ key: text }`, then checked (README:
 * Input contract): a getter, a Proxy trap or a revoked Proxy runs here only.
 *
 * @example readMessages({ 'survey.submit': 'Senden', 'survey.later': null }) // { 'survey.submit': 'Senden' }
 */
function readMessages(messages) {
  if (messages === null || typeof messages !== 'object') throw localeError('messages', 'must be an object of strings');
  let array, keys;
  try {
    // A Map of messages (its entries are not own keys) is refused as an array is.
    array = Array.isArray(messages) || Object.prototype.toString.call(messages) !== '[object Object]';
    keys = Object.keys(messages);
  } catch (error) {
    throw unreadable('messages', error); // a revoked Proxy, a throwing ownKeys trap
  }
  if (array) throw localeError('messages', 'must be an object of strings');
  const entries = keys.map((key) => [key, readKey(messages, key)]).filter(([, text]) => text != null);
  for (const [key, text] of entries) {
    if (typeof text !== 'string') throw localeError(`messages.${key}`, 'must be a string');
    settingText(text, `messages.${key}`);
  }
  return Object.fromEntries(entries);
}

/**
 * `text`, a page setting (a language tag, a message, a nonce, a unit), if
 * it is text as the core takes it (README: Input contract): at most
 * 1,000,000 characters (TOO_LARGE), well-formed (INVALID_VALUE at a lone
 * surrogate); else a RangeError naming `field`.
 *
 * @example settingText('Senden', 'messages.survey.submit') // 'Senden'
 */
export function settingText(text, field) {
  // `isWellFormed` where the engine has it (src/js/text.js, which the widgets do not load, does the same).
  const wellFormed = text.isWellFormed?.() ?? !/\p{Cs}/u.test(text);
  const broken = text.length > 1_000_000 ? ['TOO_LARGE', `must be at most 1000000 characters, got ${text.length}`]
    : !wellFormed && ['INVALID_VALUE', 'must be well-formed text: it has a lone surrogate (half of a UTF-16 pair)'];
  if (broken) throw Object.assign(new RangeError(`${field}: ${broken[1]}`), { code: broken[0], field });
  return text;
}

/** `messages[key]`, or UNREADABLE naming it when reading it throws. */
function readKey(messages, key) {
  try {
    return messages[key];
  } catch (error) {
    throw unreadable(`messages.${key}`, error);
  }
}

/**
 * Calls `listener` whenever a locale is registered or a `lang` attribute
 * changes anywhere in the document (a widget follows its ancestors' `lang`);
 * returns the unsubscribe function.
 */
export function onLocaleChange(listener) {
  listeners.add(listener);
  if (!langObserver && typeof MutationObserver !== 'undefined') {
    langObserver = new MutationObserver(() => notify());
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      langObserver?.disconnect();
      langObserver = undefined;
    }
  };
}

function notify() {
  for (const listener of listeners) listener();
}

/**
 * The locale a widget speaks for a BCP 47 tag: the tag itself when it or
 * its base language is registered (`es-mx`: the `es` messages, numbers
 * and dates as in Mexico; the base language when the tag is malformed:
 * `es-`), else English.
 */
export function resolveLocale(tag) {
  const lower = (tag || 'en').toLowerCase();
  if (!locales().has(lower) && !locales().has(baseOf(lower))) return 'en';
  try {
    Intl.getCanonicalLocales(lower);
    return lower;
  } catch {
    return baseOf(lower); // not a language tag ("es-"): its registered base language
  }
}

const baseOf = (lang) => lang.split('-')[0];

/** The message `key` in `lang` (else its base language, else English) with `{name}` placeholders filled from `vars`. */
export function message(lang, key, vars = {}) {
  const own = locales().get(lang)?.[key] ?? locales().get(baseOf(lang))?.[key];
  return own === undefined && en[key] !== undefined ? english(fill(en[key], vars)) : fill(own ?? key, vars);
}

/** `text`, English given for a message `lang` lacks: remembered, so its element says it is English. */
function english(text) {
  if (text !== '') fallbacks.add(text);
  return text;
}

/** Whether `text` holds English given for a missing message since the last resetFallbacks() (its element gets `lang="en"`). */
export function inEnglish(text) {
  for (const fallback of fallbacks) if (text.includes(fallback)) return true;
  return false;
}

/** Forgets the fallbacks remembered: a widget calls it before it renders. */
export function resetFallbacks() {
  fallbacks.clear();
}

/**
 * The message `key` for the count `n`, in the plural form the language
 * gives it (Intl.PluralRules with `options`, those the number is formatted
 * with): `key.one`, `key.few`, `key.many`... else `key.other`, else `key`;
 * in `lang`, else its base language, else English. `vars` fill it as in
 * message().
 *
 * @example
 * plural('ru', 'unit.periods', 3, { n: '3' }); // '3 периода'
 * plural('en', 'unit.periods', 1, { n: '1' }); // '1 period'
 */
export function plural(lang, key, n, vars = {}, options = {}) {
  for (const tag of new Set([lang, baseOf(lang), 'en'])) {
    const messages = locales().get(tag);
    if (!messages) continue;
    const form = new Intl.PluralRules(tag === 'en' ? 'en' : lang, options).select(n);
    const text = messages[`${key}.${form}`] ?? messages[`${key}.other`] ?? messages[key];
    if (text !== undefined) return tag === 'en' && baseOf(lang) !== 'en' ? english(fill(text, vars)) : fill(text, vars);
  }
  return key;
}

/** `text` with its `{name}` placeholders filled from `vars` (unknown ones left as they are). */
function fill(text, vars) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * A text of the app's own model in `lang`: the translation registered under
 * `model.<kind>.<id>` (e.g. `model.metric.contacts`, `model.role.sdr`,
 * `model.maturity.Initial`, `model.unit.contacts`, `model.scale.targeting.2`,
 * `model.source.Your calendar`, `model.feature.crm-sync`), else the model's own
 * text `fallback`. A unit beside a number: modelUnit().
 *
 * @example
 * registerLocale('es', { 'model.unit.contacts': 'contactos' });
 * modelText('es', 'unit', 'contacts', 'contacts'); // 'contactos'
 */
export function modelText(lang, kind, id, fallback) {
  const key = `model.${kind}.${id}`;
  return locales().get(lang)?.[key] ?? locales().get(baseOf(lang))?.[key] ?? isolated(lang, fallback);
}

/** Scripts written right to left (a language's likely script, Intl.Locale's maximize()). */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr']);

/**
 * `text` isolated from the text around it (FSI ... PDI) when `lang` is written right to left, so
 * that its own direction holds: "20 contacts" and "SDR (EMEA)." keep their order in a Hebrew
 * sentence. Left-to-right languages get `text` as it is.
 *
 * @example isolated('he', '20 contacts') // '\u206820 contacts\u2069'
 */
export function isolated(lang, text) {
  let rtl = rightToLeft.get(lang);
  if (rtl === undefined) {
    try {
      rtl = RTL_SCRIPTS.has(new Intl.Locale(lang).maximize().script);
    } catch {
      rtl = false; // not a language tag Intl takes: left to right, as the widgets' English
    }
    rightToLeft.set(lang, rtl);
  }
  return rtl ? `\u2068${text}\u2069` : text;
}

/** Whether a language is written right to left, by tag, as found. */
const rightToLeft = new Map();

/**
 * A unit of the app's model in `lang`, beside the number `n` (formatted with
 * `options`, e.g. `{ maximumFractionDigits: 0 }`): `model.unit.<unit>.<form>`
 * for the plural form Intl.PluralRules gives `n` (`one`, `few`, `many`...),
 * else `model.unit.<unit>.other`, else `model.unit.<unit>`, else `fallback`
 * (the model's unit); in `lang`, else its base language. Without `n`, the
 * unit as a name on its own (a form field's label): `model.unit.<unit>`,
 * else `.other`, else `fallback`.
 *
 * @example
 * registerLocale('en', { 'model.unit.visitors.one': 'visitor' });
 * modelUnit('en', 'visitors', 1, 'visitors'); // 'visitor'
 * modelUnit('en', 'visitors', 2, 'visitors'); // 'visitors'
 */
export function modelUnit(lang, unit, n, fallback, options = {}) {
  const key = `model.unit.${unit}`;
  for (const tag of new Set([lang, baseOf(lang)])) {
    const messages = locales().get(tag);
    if (!messages) continue;
    const text = n == null ? messages[key] ?? messages[`${key}.other`]
      : messages[`${key}.${new Intl.PluralRules(lang, options).select(n)}`] ?? messages[`${key}.other`] ?? messages[key];
    if (text !== undefined) return text;
  }
  return fallback;
}

/**
 * Formats a number for `lang`. A value that rounds to zero has no sign
 * ("0 %", not "-0 %"), where the engine knows `signDisplay: 'negative'`.
 *
 * @example formatNumber('en', -0.00001, { style: 'percent' }); // '0%'
 */
export function formatNumber(lang, value, options) {
  return new Intl.NumberFormat(lang, hasNegativeSign() ? { signDisplay: 'negative', ...options } : options).format(value);
}

/** Whether this engine has Intl.NumberFormat v3's `signDisplay: 'negative'` (an older one throws a RangeError); asked on first use. */
let negativeSign;
function hasNegativeSign() {
  if (negativeSign === undefined) {
    try {
      negativeSign = new Intl.NumberFormat('en', { signDisplay: 'negative' }).format(-0) === '0';
    } catch {
      negativeSign = false;
    }
  }
  return negativeSign;
}

function localeError(field, rule) {
  return Object.assign(new TypeError(`${field}: ${rule}`), { code: 'WRONG_TYPE', field });
}

/** Reading `field` threw `cause` (kept, never read), as element.js's unreadable(). */
function unreadable(field, cause) {
  return Object.assign(new TypeError(`${field}: could not be read: reading it threw (see \`cause\`)`, { cause }), { code: 'UNREADABLE', field });
}
