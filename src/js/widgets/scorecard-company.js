// The company module for <clg-scorecard> given `records`: loaded by a
// dynamic import() the first time a widget needs it, so that a bundler puts
// it (and its .wasm) in a chunk of its own, fetched only then; and what the
// widget draws, built from the records and freed.
import { snapshot, unreadable } from './element.js';

/** The module once loaded and `init()`ed (null before). */
let loaded = null;
let loading;

/** Whether `companyModule()` resolves at once: the module is loaded and instantiated. */
export const companyLoaded = () => loaded !== null;

/**
 * `clg-metrics/company`, imported and `init()`ed once per page: an app that
 * imported it already gets the same module, whose `init()` returns the
 * promise of its own call (a `.wasm` URL given to it included). A failed
 * load is WASM_LOAD_FAILED, as `init()`'s own failures are; the next call
 * tries again.
 *
 * @returns {Promise<typeof import('../company/index.js')>}
 */
export function companyModule() {
  loading ??= import('../company/index.js')
    .catch((cause) => {
      throw Object.assign(new Error(`init: the company module (clg-metrics/company) did not load: ${cause?.message ?? cause}`, { cause }), {
        code: 'WASM_LOAD_FAILED', field: 'init', url: null,
      });
    })
    .then(async (company) => {
      await company.init(wasmFromDisk());
      loaded = company;
      return company;
    })
    .catch((error) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/**
 * In Node (a jsdom test of the app: Vitest, Jest), the company module's
 * bytes read from disk, which the browser entry's `init()` cannot fetch
 * from a `file:` URL; else undefined (`init()` fetches it). Node's `fs`
 * comes from `process.getBuiltinModule` (Node 20.16 on): no import of it
 * for a bundler to follow.
 */
function wasmFromDisk() {
  // Not new URL('literal', import.meta.url): a bundler would ship that file with the widget.
  const url = new URL(['..', 'company', 'wasm', 'clg_metrics_bg.wasm'].join('/'), import.meta.url);
  const fs = url.protocol === 'file:' ? /** @type {any} */ (globalThis).process?.getBuiltinModule?.('node:fs') : undefined;
  return fs?.readFileSync(url);
}

/**
 * What the scorecard widget draws from `records` and `options`: the
 * scorecard of `options` (its `period`, default the last), `history` (the
 * scorecards of that period and of up to `maxHistory - 1` periods before it,
 * for the sparklines: the earlier ones from the records alone, so a line drawn
 * from other options, such as `results` or `surveys`, has no sparkline), and the
 * records' `periods`. The `CompanyData` made is freed, also when a call throws.
 *
 * @param {typeof import('../company/index.js')} company
 * @param {unknown} records
 * @param {unknown} options
 * @param {number} maxHistory
 */
export function scorecardFrom(company, records, options, maxHistory) {
  const data = company.CompanyData.fromRecords(/** @type {any} */ (records));
  try {
    const scorecard = data.scorecard(/** @type {any} */ (options));
    const history = [];
    for (let period = Math.max(0, scorecard.period - maxHistory + 1); period < scorecard.period; period++) history.push(data.scorecard({ period }));
    history.push(scorecard);
    return { scorecard, history, periods: periodsOf(records) };
  } finally {
    data.free();
  }
}

/** `records.periods` as plain data (CompanyData.fromRecords read and checked them). */
function periodsOf(records) {
  let periods;
  try {
    periods = records.periods;
  } catch (error) {
    throw unreadable('periods', error);
  }
  return snapshot(periods, 'periods');
}
