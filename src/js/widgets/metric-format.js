// How a role metric's numbers read, decided from its definition:
// - a unit that is an ISO 4217 code (`EUR`, `USD`) is money, in the
//   locale's currency format (Intl), whole units unless the value has cents;
// - the unit `%` is a percentage with at most one decimal;
// - countable metrics are whole numbers: those collected by a `count` or
//   `distinct` rule, a scale of whole points, or a unit the app lists in
//   `configureWidgets({ wholeUnits: ['meetings'] })` (one of their numbers
//   that is not whole, a target set with a fraction elsewhere, shows up to
//   two decimals: never "7 of a target of 7" when the target is 7.4);
// - anything else shows up to two decimals;
// - a value below 1 of a metric that is not counted (money too) shows two
//   significant digits, down to six decimals (0.00012, not 0).
// Suggested targets are rounded to that precision in the metric's good
// direction (11.5 contacts -> 12 when higher is better), so a target is
// never a number the person could not reach, and never past the metric's
// `min` or `max`, which its number fields carry too.
import { typeError, widgetSettings } from './element.js';
import { formatNumber, isolated, modelUnit } from './i18n.js';

const currencies = new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []);

/** Whether `unit` names a currency (ISO 4217). */
export function isCurrency(unit) {
  return /^[A-Z]{3}$/.test(unit) && (currencies.size === 0 || currencies.has(unit));
}

function currencySymbol(lang, currency) {
  return new Intl.NumberFormat(lang, { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency').value;
}

/**
 * Throws a WRONG_TYPE error naming (from `path`) the first field of a metric
 * definition its numbers are read from that is not of its shape: `min` and
 * `max` (numbers or null, `min` at most `max`), and a scale-assessed
 * metric's `collection.scale` (points with a number `value` and a `label`).
 *
 * @example checkDefinition({ id: 'hours', max: 'abc' }, 'metrics[1]') // TypeError "metrics[1].max: must be a number or null (a metric definition of the model)"
 */
export function checkDefinition(definition, path) {
  const what = 'a metric definition of the model';
  const wrong = (field, rule) => typeError(`${path}.${field}`, `${rule} (${what})`);
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) throw typeError(path, `must be ${what}`);
  for (const key of ['min', 'max']) if (definition[key] != null && !Number.isFinite(definition[key])) throw wrong(key, 'must be a number or null');
  if (definition.min != null && definition.max != null && definition.min > definition.max) throw wrong('max', 'must be at least min');
  const { method, scale } = definition.collection ?? {};
  if (method === 'scaleAssessed') checkScale(scale, `${path}.collection.scale`, what);
}

/**
 * Throws a WRONG_TYPE error naming `path` unless `scale` is a non-empty array
 * of { value, label } points, INVALID_VALUE naming a point's `value` that
 * another point has (one answer, two meanings).
 *
 * @example checkScale([{ value: 1, label: 'a' }, { value: 1, label: 'b' }], 'metrics[0].collection.scale', '...') // RangeError "metrics[0].collection.scale[1].value: ..."
 */
function checkScale(scale, path, what) {
  if (!(Array.isArray(scale) && scale.length > 0 && scale.every((point) => Number.isFinite(point?.value) && typeof point.label === 'string'))) {
    throw typeError(path, `must be a non-empty array of { value, label } points (${what})`);
  }
  const first = scale.findIndex((point, i) => scale.findIndex((other) => other.value === point.value) !== i);
  if (first !== -1) {
    throw Object.assign(new RangeError(`${path}[${first}].value: must differ from the other points' values, got ${scale[first].value} twice (${what})`), { code: 'INVALID_VALUE', field: `${path}[${first}].value` });
  }
}

/**
 * The number format of one metric for `lang`: `{ decimals, number(x),
 * withUnit(x), exactWithUnit(x), unit, fieldUnit, field, bounds(), round(x) }`. `status` is a MetricStatus, `definition`
 * its metric definition from the model (for the collection rule and the range).
 *
 * @example metricFormat('es', { unit: 'EUR', direction: 'higher' }).withUnit(5000) // '5000 €'
 */
export function metricFormat(lang, status, definition) {
  const unit = status.unit;
  const collection = definition?.collection;
  const money = isCurrency(unit);
  const percent = unit === '%';
  const whole = money || widgetSettings.wholeUnits.has(unit) ||
    (collection?.method === 'appGenerated' && ['count', 'distinct'].includes(collection.rule?.type)) ||
    (collection?.method === 'scaleAssessed' && collection.scale.every((p) => Number.isInteger(p.value)));
  const decimals = whole ? 0 : percent ? 1 : 2;
  // A value below 1 of a metric that is not counted (money included: $0.0042) shows two significant
  // digits, down to six decimals (0.00012, not 0; below 0.000001, noise of arithmetic, it is 0).
  const counted = whole && !money;
  // A counted metric's number that is not whole (a target of 7.4 set through the SDK) shows its
  // fraction, up to two decimals: shown as 7, it would read as reached at 7 when it is not.
  const fine = (x, digits) => {
    if (counted) return Number.isInteger(x) || x == null ? digits : Math.max(digits, 2);
    return !x || Math.abs(x) >= 1 ? digits : Math.max(digits, Math.min(6, 1 - Math.floor(Math.log10(Math.abs(x)))));
  };
  // `digits`: the most fraction digits (of the percentage for %); money shows cents only when it has them.
  const number = (x, digits = decimals) => {
    if (x == null) return '–';
    if (money) return formatNumber(lang, x, { style: 'currency', currency: unit, maximumFractionDigits: Number.isInteger(x) ? 0 : Math.max(2, fine(x, digits)) });
    if (percent) return formatNumber(lang, x / 100, { style: 'percent', maximumFractionDigits: fine(x, digits) });
    return formatNumber(lang, x, { maximumFractionDigits: fine(x, digits) });
  };
  // The unit's name: on its own (a field's label), and in the plural form of the number beside it, as shown.
  const label = money || percent ? '' : modelUnit(lang, unit, null, unit);
  // One run, isolated in a right-to-left language: "20 contacts" is not read "contacts 20".
  const named = (x, digits) => isolated(lang, `${number(x, digits)} ${modelUnit(lang, unit, x, unit, { maximumFractionDigits: fine(x, digits) })}`);
  const exactWithUnit = (x) => (label && x != null ? named(x, 6) : number(x, 6));
  const [min, max] = [definition?.min ?? -Infinity, definition?.max ?? Infinity];
  return {
    decimals,
    /** Whether the metric counts whole things (money aside): a target must be a whole number. */
    counted,
    number,
    /** The unit's name on its own ('' for money and %): `model.unit.<unit>`, else its `.other` form. */
    unit: label,
    /** The unit as a form field names it: the name, the currency symbol or %. */
    fieldUnit: money ? currencySymbol(lang, unit) : percent ? '%' : label,
    /** The number and its unit in the number's plural form ('1 visitor', '2 visitors'). */
    withUnit: (x) => (label && x != null ? named(x, decimals) : number(x)),
    /** As withUnit, to six decimals: a bound a typed value is compared with (12.345 %, not 12.3 %). */
    exactWithUnit,
    /** The range of a number field for a value of the metric (see numberField): `{ min, max }`, each finite or undefined. */
    field: {
      min: Number.isFinite(min) ? min : undefined,
      max: Number.isFinite(max) ? max : undefined,
    },
    /** The range's ends in words, to six decimals, for a refusal's sentence: `{ min, max }`. */
    bounds: () => ({ min: exactWithUnit(min), max: exactWithUnit(max) }),
    round: (x) => {
      // To the digits shown, and within the range's ends at those digits, inward (a max of 10.5
      // seats is 10): a suggested 0.000088 of a metric at 0.00011 is 0.000088, not 0.
      const f = 10 ** (counted ? decimals : fine(x, decimals));
      const [low, high] = [Math.ceil(min * f - 1e-9) / f, Math.floor(max * f + 1e-9) / f];
      return Math.min(high, Math.max(low, (status.direction === 'lower' ? Math.floor(x * f + 1e-9) : Math.ceil(x * f - 1e-9)) / f));
    },
  };
}
