// The client's arguments checked: createClient's options, event
// properties and text fields. Every problem is a TypeError/RangeError with
// a `code` and the `field` it is about.
import { imitatesView, opaqueTag, plain, unreadable } from '../in-app/input.js';
import { illFormed, wellFormed } from '../in-app/text.js';
import { LIMITS } from '../in-app/limits.js';
import { argumentError, sdkError } from './errors.js';

/** Tuning options and their defaults (README, API). */
const DEFAULTS = {
  flushIntervalMs: 1000,
  batchSize: 100,
  maxOutboxItems: 1000,
  sendBatchItems: 50,
  retryBaseMs: 1000,
  retryMaxMs: 60_000,
  requestTimeoutMs: 10_000,
};

/**
 * UTF-16 code units an id option may hold: the results store's ids hold 200
 * characters, the survey policy's 256 code units; both take it.
 */
const ID_CHARS = 200;

const OPTIONS = [
  'accountId', 'userId', 'role', 'endpoint', 'storage', 'consent', 'onError', 'onDelivered', 'policy', 'sessionStart', 'observers', 'model', 'maturity',
  ...Object.keys(DEFAULTS),
];

/**
 * Validates createClient's options; throws a TypeError/RangeError naming the
 * option. An option holding `null` is absent and takes its default (the
 * README's one rule for `null`).
 */
export function readOptions(lib, options) {
  if (options === null || typeof options !== 'object') throw argumentError('options', 'must be an object', options);
  /** @type {Record<string, any>} */
  const o = { ...DEFAULTS };
  for (const key of read(() => Object.keys(options), 'options')) {
    if (!OPTIONS.includes(key)) {
      throw sdkError('UNKNOWN_OPTION', `options.${key}: is not an option here (known: ${OPTIONS.join(', ')})`, `options.${key}`);
    }
    const value = read(() => options[key], `options.${key}`);
    if (typeof value === 'string' && value.length > LIMITS.text) {
      throw rangeError('TOO_LARGE', `options.${key}`, `must be at most ${LIMITS.text} characters, got ${value.length}`);
    }
    if (value != null) o[key] = value;
  }
  for (const key of ['accountId', 'userId', 'role']) {
    // They name the user's database: a lone surrogate would name another user's too.
    boundedText(o[key], `options.${key}`, ID_CHARS);
    // Blank says nothing (and the core's ResultsStore refuses it as an id).
    if (o[key].trim() === '') throw rangeError('EMPTY_TEXT', `options.${key}`, 'must say something, not only spaces');
  }
  if (o.endpoint !== undefined && typeof o.endpoint !== 'string') throw argumentError('options.endpoint', 'must be a URL string', o.endpoint);
  o.storage = choice(o.storage ?? 'indexeddb', 'options.storage', ['indexeddb', 'memory']);
  o.consent = choice(o.consent ?? 'granted', 'options.consent', ['granted', 'required']);
  for (const key of ['onError', 'onDelivered']) {
    if (o[key] !== undefined && typeof o[key] !== 'function') throw argumentError(`options.${key}`, 'must be a function', o[key]);
  }
  for (const key of Object.keys(DEFAULTS)) {
    if (typeof o[key] !== 'number') throw argumentError(`options.${key}`, 'must be a whole number from 1 up', o[key]);
    if (!Number.isInteger(o[key]) || o[key] < 1) throw rangeError('INVALID_COUNT', `options.${key}`, `must be a whole number from 1 up, got ${o[key]}`);
  }
  if (o.policy !== undefined) {
    try {
      lib.checkSurveyPolicy(o.policy);
    } catch (error) {
      throw prefixed(error, 'options.policy');
    }
  }
  if (o.sessionStart !== undefined) time(o.sessionStart, 'options.sessionStart');
  if (o.model === undefined && o.maturity !== undefined) throw sdkError('NO_MODEL', 'options.maturity: needs options.model', 'options.maturity');
  o.maturity ??= 1;
  o.observers = observerList(o.observers ?? []);
  return o;
}

/**
 * `options.observers` copied into a fresh array, read once (a revoked Proxy
 * or a throwing trap is UNREADABLE, a length over the input limit TOO_LARGE);
 * each an object with an `accepted(item)` method, else WRONG_TYPE naming it.
 */
function observerList(list) {
  const length = read(() => (Array.isArray(list) ? list.length : -1), 'options.observers');
  if (length < 0) throw argumentError('options.observers', 'must be an array', list);
  if (length > LIMITS.items) throw rangeError('TOO_LARGE', 'options.observers', `must hold at most ${LIMITS.items} observers, got ${length}`);
  const observers = read(() => Array.from({ length }, (_, i) => list[i]), 'options.observers');
  observers.forEach((observer, i) => {
    const field = `options.observers[${i}]`;
    if (observer === null || typeof observer !== 'object') throw argumentError(field, 'must be an object with an accepted(item) method', observer);
    const accepted = read(() => observer.accepted, `${field}.accepted`);
    if (typeof accepted !== 'function') throw argumentError(`${field}.accepted`, 'must be a function', accepted);
  });
  return observers;
}

/** What `get()` reads; a throw (a getter, a Proxy trap) is UNREADABLE naming `field`. */
function read(get, field) {
  try {
    return get();
  } catch (error) {
    throw unreadable(field, error);
  }
}

/**
 * An object argument as plain data, read once by the package's input layer
 * (a getter or Proxy trap that throws is UNREADABLE, a size over a limit
 * TOO_LARGE, a BigInt, Symbol or function WRONG_TYPE), its keys holding
 * null left out (the README's one rule for `null`). An `optional` one is
 * `{}` when undefined or null; anything else but an object is WRONG_TYPE.
 *
 * @example
 * const { promptId, askLater = false } = objectArg(dismissal, 'dismissal');
 */
export function objectArg(value, field, optional = true, known = undefined) {
  if (value == null && optional) return {};
  const copy = plain(value, field);
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy) || ArrayBuffer.isView(copy)) throw argumentError(field, 'must be an object', value);
  for (const key of Object.keys(copy)) {
    if (known && !known.includes(key)) {
      throw sdkError('UNKNOWN_OPTION', `${field}.${key}: is not a known key here (known: ${known.join(', ')})`, `${field}.${key}`);
    }
    if (copy[key] === null) delete copy[key];
  }
  return copy;
}

/**
 * Throws NOT_FINITE naming the first number in `value` (plain data) that
 * is not finite (`field.a[2]`): JSON would write it as null; and
 * INVALID_VALUE naming a string or key with a lone surrogate.
 *
 * @example
 * finiteJson(copy, 'response.answers');
 */
export function finiteJson(value, field) {
  if (typeof value === 'number' && !Number.isFinite(value)) throw rangeError('NOT_FINITE', field, `must be a finite number, got ${value}`);
  if (typeof value === 'string' && !wellFormed(value)) throw illFormed(field);
  if (value === null || typeof value !== 'object') return;
  const array = Array.isArray(value);
  for (const key of Object.keys(value)) {
    if (!array && !wellFormed(key)) throw illFormed(`${field}.${key}`);
    finiteJson(value[key], array ? `${field}[${key}]` : `${field}.${key}`);
  }
}

/**
 * `value` if it is a non-empty, well-formed string (INVALID_VALUE at a
 * lone surrogate) of at most `max` UTF-16 code units (TEXT_TOO_LONG),
 * naming `field`: the SDK's ids, survey ids, kinds and prompt ids.
 *
 * @example
 * boundedText('nps-q3', 'response.surveyId', 200); // 'nps-q3'
 */
export function boundedText(value, field, max) {
  if (!wellFormed(text(value, field))) throw illFormed(field);
  if (value.length > max) throw rangeError('TEXT_TOO_LONG', field, `must be at most ${max} characters (UTF-16 code units), got ${value.length}`);
  return value;
}

/** A survey id or kind: at most 200 units, as a response's (the core's `validateResponse` and `surveyTrend` take no longer). */
export const surveyText = (value, field) => boundedText(value, field, 200);

/** A prompt id: at most 256 units, the survey policy's texts. */
export const promptText = (value, field) => boundedText(value, field, 256);

/**
 * `error` with the root `from` of its field (`event`, `other`) read as `to`
 * (`response`, `state`): the core names an argument of its own call, the
 * caller passed it under another name. Other errors as they are.
 *
 * @example
 * throw rooted(error, 'event', 'dismissal'); // event.promptId -> dismissal.promptId
 */
export function rooted(error, from, to) {
  const field = error?.field;
  if (typeof field !== 'string' || !(field === from || field.startsWith(`${from}.`) || field.startsWith(`${from}[`))) return error;
  return withField(error, to + field.slice(from.length));
}

/** `error` (same class and code) about `field`, its message renamed too; the original as `cause`. */
function withField(error, field) {
  const message = error.message.startsWith(error.field) ? field + error.message.slice(error.field.length) : error.message;
  return Object.assign(new error.constructor(message, { cause: error }), { code: error.code, field });
}

/** `value` if it is one of `choices`; else WRONG_TYPE (not a string) or INVALID_CHOICE naming `field`. */
function choice(value, field, choices) {
  const list = choices.map((c) => `"${c}"`).join(' or ');
  if (typeof value !== 'string') throw argumentError(field, `must be ${list}`, value);
  if (!choices.includes(value)) throw rangeError('INVALID_CHOICE', field, `must be ${list}, got "${value.slice(0, 40)}"`);
  return value;
}

/** The latest time a JS Date holds (ms since 1970). */
const MAX_TIME = 8.64e15;

/**
 * A time in ms since 1970: a number (WRONG_TYPE), finite (NOT_FINITE), and
 * a whole number within the Date range (INVALID_TIME), named `field`.
 *
 * @example
 * time(options.asOf, 'options.asOf');
 */
export function time(value, field) {
  if (typeof value !== 'number') throw argumentError(field, 'must be a time in ms since 1970', value);
  // A time that is not finite breaks the rule of times, as in the core (README: Errors).
  if (!Number.isInteger(value) || value < 0 || value > MAX_TIME) {
    throw rangeError('INVALID_TIME', field, `must be a whole number of ms since 1970, at most ${MAX_TIME}, got ${value}`);
  }
  return value;
}

/** A RangeError with `code` about `field`. */
export function rangeError(code, field, rule) {
  return Object.assign(new RangeError(`${field}: ${rule}`), { code, field });
}

/**
 * The core's `error` about an argument named under `prefix`: its field
 * (`policy.kinds.nps`, `roles[0].id`) and message start with the prefix
 * (`options.policy.kinds.nps`, `options.model.roles[0].id`); same code and
 * class, the original as `cause`.
 */
export function prefixed(error, prefix) {
  if (typeof error?.field !== 'string') return error;
  const own = prefix.slice(prefix.lastIndexOf('.') + 1);
  const rest = error.field === own ? '' : error.field.startsWith(`${own}.`) ? error.field.slice(own.length + 1) : error.field;
  return withField(error, rest ? `${prefix}.${rest}` : prefix);
}

/**
 * Characters one tracked event may hold: its name, its props' keys and
 * string values, and EVENT_OTHER_CHARS per number, boolean or null (about
 * its JSON size). Also the most a survey response's answers may hold as
 * JSON. Every item must fit a request a collector takes (sync.js).
 */
export const EVENT_CHARS = 32 * 1024;
/** What a number, boolean or null counts towards EVENT_CHARS: a double's JSON is at most 24 characters. */
const EVENT_OTHER_CHARS = 24;

/**
 * The tracked event `name` with `props`: `{ props, chars, bytes }`, a
 * shallow copy of the flat properties (own enumerable keys), its size in
 * characters (see EVENT_CHARS) and at most how many UTF-8 bytes the event
 * takes as JSON (`{ name, at, props }`: 6 a character, a control character
 * escaped as `\u0001`, and 36 a property and 48 an event for quotes,
 * colons, commas and the time), counted without serialising it; throws
 * naming the bad property, or TOO_LARGE over EVENT_CHARS. Undefined and
 * null are no properties.
 *
 * @example
 * const { props, chars, bytes } = eventProps('report_created', { rows: 3 }); // chars: 14 + 4 + 24, bytes: 6 * (42 + 6) + 48
 */
export function eventProps(name, props) {
  const { copy, chars, count } = copyProps(props, name.length);
  if (chars > EVENT_CHARS) {
    throw rangeError('TOO_LARGE', 'props', `an event's name and props must hold at most ${EVENT_CHARS} characters (keys and string values, ${EVENT_OTHER_CHARS} per other value), got ${chars}`);
  }
  return { props: copy, chars, bytes: 6 * (chars + 6 * count) + 48 };
}

/** `{ copy, chars, count }`: see eventProps; `chars` starts from `counted`, `count` is the properties kept. */
function copyProps(props, counted) {
  let chars = counted;
  let count = 0;
  if (props == null) return { copy: {}, chars, count };
  const rule = 'must be an object of strings, finite numbers, booleans or null';
  if (typeof props !== 'object' || ArrayBuffer.isView(props)) throw argumentError('props', rule, props);
  let keys; // undefined for an array, an imitation of a typed array (its keys: every index), or a Map, Date...
  try {
    keys = Array.isArray(props) || imitatesView(props) ? undefined : Object.keys(props);
    // A Map, Date, Set... keeps its contents in internal slots, not own keys (as the core's input layer).
    if (keys?.length === 0 && opaqueTag(props) !== undefined) keys = undefined;
  } catch (error) {
    throw unreadable('props', error);
  }
  if (keys === undefined) throw argumentError('props', rule, props);
  if (keys.length > LIMITS.items) throw rangeError('TOO_LARGE', 'props', `must hold at most ${LIMITS.items} properties, got ${keys.length}`);
  const copy = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let value;
    try {
      value = props[key];
    } catch (error) {
      throw unreadable(`props.${key}`, error);
    }
    const type = typeof value;
    if (value === undefined) continue; // absent, as null is (the one null rule): not sent
    if (type === 'string' ? value.length > LIMITS.text : !(type === 'boolean' || value === null || (type === 'number' && Number.isFinite(value)))) {
      if (type === 'string') throw rangeError('TOO_LARGE', `props.${key}`, `must be at most ${LIMITS.text} characters, got ${value.length}`);
      if (type === 'number') throw rangeError('NOT_FINITE', `props.${key}`, `must be a finite number, got ${value}`);
      throw argumentError(`props.${key}`, 'must be a string, a finite number, a boolean or null', value);
    }
    // An own `__proto__` prop (as JSON.parse gives it) is data: assigned, it would set the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    else copy[key] = value;
    count++;
    chars += key.length + (type === 'string' ? value.length : EVENT_OTHER_CHARS);
  }
  return { copy, chars, count };
}

/** A non-empty string; else a TypeError (WRONG_TYPE) or, when empty, a RangeError (EMPTY_TEXT) naming `field`. */
export function text(value, field) {
  if (typeof value !== 'string') throw argumentError(field, 'must be a non-empty string', value);
  if (value === '') throw rangeError('EMPTY_TEXT', field, 'must not be empty');
  return value;
}
