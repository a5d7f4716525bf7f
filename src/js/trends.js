// Survey trends by month and response checks (the `trends` cargo feature).
import * as core from './wasm/clg_metrics.js';
// The glue's exports that share a public name here are imported under other
// names, so that a bundle keeps the public ones (esbuild renames a function
// or class named like a member of the glue that the bundle reads).
import { validateResponse as coreValidateResponse, surveyTrend as coreSurveyTrend, surveyTrendColumns as coreSurveyTrendColumns } from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { packResponses } from './pack.js';
import { arrayLength, item, plain, settled } from './input.js';
import { LIMITS } from './limits.js';

export function validateResponse(response) {
  assertReady();
  return coreValidateResponse(...settled(plain(response, 'response')));
}

/**
 * The fast path packs the responses into columns in JS (pack.js) and hands
 * the core, in place of the response objects, an array of nulls: the core
 * reads a response object only for one its columns do not prove valid, and
 * null is never valid. So a call that succeeds read no object, and any
 * error is computed again from a full plain copy, which names the field.
 */
export function surveyTrend(responses, options) {
  assertReady();
  const opts = plain(options, 'options');
  const list = shallow(responses, 'responses');
  if (list !== undefined) {
    let result;
    try {
      const packed = packResponses(list, opts);
      // @ts-expect-error: an internal export, left out of the bindings' .d.ts
      // Reading the responses ran the caller's code: settled() checks the options again.
      if (packed !== undefined) result = core.surveyTrendPacked(nulls(list.length), ...packed, ...settled(opts));
    } catch {
      // A getter of the caller's threw, or a response needs reading: the copy below tells.
    }
    if (result !== undefined) return result;
  }
  const copy = plain(list ?? responses, 'responses');
  const packed = packResponses(copy, opts);
  if (packed === undefined) return coreSurveyTrend(...settled(copy, opts));
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return core.surveyTrendPacked(copy, ...packed, ...settled(opts));
}

/**
 * The elements of an Array as a fresh Array (its length read once, at most
 * LIMITS.items), the elements themselves as they are; undefined for a
 * non-Array (the plain copy then names what is wrong).
 *
 * @example
 * shallow(responses, 'responses'); // [...responses]
 */
function shallow(value, field) {
  const length = arrayLength(value, field, LIMITS.items);
  if (length < 0) return undefined;
  const out = new Array(length);
  for (let i = 0; i < length; i++) out[i] = item(value, i, field);
  return out;
}

let nullArray = [];

/** An array of `length` nulls (one kept for the next call: do not change it). */
function nulls(length) {
  if (nullArray.length !== length) nullArray = new Array(length).fill(null);
  return nullArray;
}

export function surveyTrendColumns(kind, columns, options) {
  assertReady();
  return coreSurveyTrendColumns(...settled(plain(kind, 'kind'), plain(columns, 'columns'), plain(options, 'options')));
}
