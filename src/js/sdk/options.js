// The client's arguments checked: createClient's options, event
// properties and text fields. Every problem is a TypeError/RangeError with
// a `code` and the `field` it is about.
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

const OPTIONS = [
  'accountId', 'userId', 'role', 'endpoint', 'storage', 'consent', 'onError', 'onDelivered', 'policy', 'sessionStart', 'observers', 'model', 'maturity',
  ...Object.keys(DEFAULTS),
];

/** Validates createClient's options; throws a TypeError/RangeError naming the option. */
export function readOptions(lib, options) {
  if (options === null || typeof options !== 'object') throw argumentError('options', 'must be an object', options);
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      throw sdkError('UNKNOWN_OPTION', `options.${key}: is not an option here (known: ${OPTIONS.join(', ')})`, `options.${key}`);
    }
  }
  const o = { ...DEFAULTS, ...options };
  for (const key of ['accountId', 'userId', 'role']) {
    if (typeof o[key] !== 'string' || o[key] === '') throw argumentError(`options.${key}`, 'must be a non-empty string', o[key]);
  }
  if (o.endpoint !== undefined && typeof o.endpoint !== 'string') throw argumentError('options.endpoint', 'must be a URL string', o.endpoint);
  o.storage ??= 'indexeddb';
  if (o.storage !== 'indexeddb' && o.storage !== 'memory') throw argumentError('options.storage', 'must be "indexeddb" or "memory"', o.storage);
  o.consent ??= 'granted';
  if (o.consent !== 'granted' && o.consent !== 'required') throw argumentError('options.consent', 'must be "granted" or "required"', o.consent);
  for (const key of ['onError', 'onDelivered']) {
    if (o[key] !== undefined && typeof o[key] !== 'function') throw argumentError(`options.${key}`, 'must be a function', o[key]);
  }
  for (const key of Object.keys(DEFAULTS)) {
    if (!Number.isInteger(o[key]) || o[key] < 1) {
      const error = new RangeError(`options.${key}: must be a whole number from 1 up, got ${o[key]}`);
      throw Object.assign(error, { code: 'INVALID_COUNT', field: `options.${key}` });
    }
  }
  if (o.policy !== undefined) lib.checkSurveyPolicy(o.policy);
  if (o.sessionStart !== undefined && (!Number.isInteger(o.sessionStart) || o.sessionStart < 0)) throw argumentError('options.sessionStart', 'must be a time in ms since 1970', o.sessionStart);
  o.maturity ??= 1;
  if (o.model === undefined && options.maturity !== undefined) throw sdkError('NO_MODEL', 'options.maturity: needs options.model', 'options.maturity');
  o.observers ??= [];
  if (!Array.isArray(o.observers)) throw argumentError('options.observers', 'must be an array', o.observers);
  return o;
}

/** A shallow copy of flat event properties; throws naming the bad one. */
export function copyProps(props) {
  if (props === undefined) return {};
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw argumentError('props', 'must be an object of strings, finite numbers, booleans or null', props);
  }
  const copy = {};
  for (const key in props) {
    const value = props[key];
    const type = typeof value;
    if (type === 'string' || type === 'boolean' || value === null || (type === 'number' && Number.isFinite(value))) copy[key] = value;
    else throw argumentError(`props.${key}`, 'must be a string, a finite number, a boolean or null', value);
  }
  return copy;
}

/** A non-empty string, or a TypeError naming `field`. */
export function text(value, field) {
  if (typeof value !== 'string' || value === '') throw argumentError(field, 'must be a non-empty string', value);
  return value;
}
