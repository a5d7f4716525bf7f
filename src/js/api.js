// The public functions and classes, shared by the browser and Node entry
// points. Each checks that the module is loaded, reads its arguments into
// plain data through the input layer (input.js: no user code can run, and
// nothing over a documented limit gets through, while WebAssembly runs) and
// checks its handles (handles.js); validation and computation happen in Rust.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { packResponses } from './pack.js';
import { number, numbers, plain, scores, shallow } from './input.js';
import { Handles } from './handles.js';
import { returnedFrom, stateArgument } from './policy-state.js';
import { scoreSummary } from './counts.js';
import { codedError } from './error.js';
import { CAMPAIGN_LIMITS, LIMITS, MODEL_LIMITS, STATE_LIMITS } from './limits.js';

// -- survey analytics --

export function nps(scoreList, options) {
  assertReady();
  return scoreSummary('nps', scoreList, options);
}

export function csat(scoreList, options) {
  assertReady();
  return scoreSummary('csat', scoreList, options);
}

export function ces(scoreList, options) {
  assertReady();
  return scoreSummary('ces', scoreList, options);
}

export function compare(kind, first, second, options) {
  assertReady();
  return core.compare(plain(kind, 'kind'), scores(first, 'first'), scores(second, 'second'), plain(options, 'options'));
}

export function validateResponse(response) {
  assertReady();
  return core.validateResponse(plain(response, 'response'));
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
      if (packed !== undefined) result = core.surveyTrendPacked(nulls(list.length), ...packed, opts);
    } catch {
      // A getter of the caller's threw, or a response needs reading: the copy below tells.
    }
    if (result !== undefined) return result;
  }
  const copy = plain(list ?? responses, 'responses');
  const packed = packResponses(copy, opts);
  if (packed === undefined) return core.surveyTrend(copy, opts);
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return core.surveyTrendPacked(copy, ...packed, opts);
}

let nullArray = [];

/** An array of `length` nulls (one kept for the next call: do not change it). */
function nulls(length) {
  if (nullArray.length !== length) nullArray = new Array(length).fill(null);
  return nullArray;
}

export function surveyTrendColumns(kind, columns, options) {
  assertReady();
  return core.surveyTrendColumns(plain(kind, 'kind'), plain(columns, 'columns'), plain(options, 'options'));
}

const aggregates = new Handles('SurveyAggregate');

export class SurveyAggregate extends core.SurveyAggregate {
  constructor(kind, options) {
    assertReady();
    super(plain(kind, 'kind'), plain(options, 'options'));
    aggregates.adopt(this);
  }

  static fromJSON(json) {
    assertReady();
    const made = core.SurveyAggregate.fromJSON(plain(json, 'json'));
    return aggregates.adopt(Object.setPrototypeOf(made, SurveyAggregate.prototype));
  }

  add(score) {
    aggregates.check(this, 'this');
    return super.add(plain(score, 'score'));
  }

  addScores(scoreList) {
    aggregates.check(this, 'this');
    return super.addScores(scores(scoreList, 'scores'));
  }

  /** Adds `other`'s answers; `a.merge(a)` doubles `a`'s counts. */
  merge(other) {
    aggregates.check(this, 'this');
    aggregates.check(other, 'other');
    if (other !== this) return super.merge(other);
    // The glue cannot lend one handle twice (once mutably): merge a copy.
    const copy = core.SurveyAggregate.fromJSON(super.toJSON());
    try {
      return super.merge(copy);
    } finally {
      copy.free();
    }
  }

  summary(options) {
    aggregates.check(this, 'this');
    return super.summary(plain(options, 'options'));
  }

  compareWith(other, options) {
    aggregates.check(this, 'this');
    aggregates.check(other, 'other');
    return super.compareWith(other, plain(options, 'options'));
  }

  toJSON() {
    aggregates.check(this, 'this');
    return super.toJSON();
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get kind() {
    aggregates.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.kind;
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get n() {
    aggregates.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.n;
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get scale() {
    aggregates.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.scale;
  }

  free() {
    aggregates.release(this, 'this');
    super.free();
  }
}

disposable(SurveyAggregate);

// -- survey hygiene --

export function checkSurveyPolicy(policy) {
  assertReady();
  return core.checkSurveyPolicy(plain(policy, 'policy'));
}

export function surveyDecision(policy, state, ask) {
  assertReady();
  return core.surveyDecision(plain(policy, 'policy'), stateArgument(state, 'state'), plain(ask, 'ask'));
}

export function recordSurveyEvent(policy, state, event) {
  assertReady();
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return returnedFrom(core.recordSurveyEventPacked(plain(policy, 'policy'), stateArgument(state, 'state'), plain(event, 'event')));
}

export function mergeSurveyState(state, other) {
  assertReady();
  const mine = stateArgument(state, 'state');
  // @ts-expect-error: an internal export, left out of the bindings' .d.ts
  return returnedFrom(core.mergeSurveyStatePacked(mine, stateArgument(other, 'other', other !== state)));
}

export function samplingHash(surveyId, userId) {
  assertReady();
  return core.samplingHash(plain(surveyId, 'surveyId'), plain(userId, 'userId'));
}

// -- survey campaigns --

/**
 * The frozen copy `checkCampaigns` returned last. The core remembers what
 * it holds (src/wasm/campaigns.rs), so handed back (as the SDK does on
 * every tracked event) it crosses as it is and is not read again. Any
 * other list is copied and read.
 */
let checkedCampaigns;

export function checkCampaigns(campaigns, policy) {
  assertReady();
  const copy = plain(campaigns, 'campaigns', CAMPAIGN_LIMITS);
  const frozen = deepFreeze(copy);
  const checked = core.checkCampaigns(copy, plain(policy, 'policy'));
  checkedCampaigns = frozen ? checked : undefined;
  return checked;
}

function campaignList(campaigns) {
  return campaigns !== undefined && campaigns === checkedCampaigns ? campaigns : plain(campaigns, 'campaigns', CAMPAIGN_LIMITS);
}

/**
 * Freezes a plain copy throughout; false when it holds a typed array (which
 * cannot be frozen, and may share its buffer): then it is not kept.
 */
function deepFreeze(value) {
  if (typeof value !== 'object' || value === null) return true;
  if (ArrayBuffer.isView(value)) return false;
  let all = true;
  for (const item of Object.values(value)) all = deepFreeze(item) && all;
  Object.freeze(value);
  return all;
}

export function campaignTriggers(campaigns, occurrence) {
  assertReady();
  return core.campaignTriggers(campaignList(campaigns), plain(occurrence, 'occurrence'));
}

export function campaignDecision(campaigns, context, policy, state) {
  assertReady();
  return core.campaignDecision(
    campaignList(campaigns),
    plain(context, 'context'),
    plain(policy, 'policy'),
    stateArgument(state, 'state'),
  );
}

// -- customer results --

const stores = new Handles('ResultsStore');

/** Saved state or a model: JSON text is parsed here so that its size is checked like an object's. */
function document(value, field, perPath) {
  if (typeof value !== 'string') return plain(value, field, perPath);
  if (value.length > LIMITS.json) {
    throw codedError(RangeError, 'TOO_LARGE', field, `must be at most ${LIMITS.json} characters of JSON, got ${value.length}`);
  }
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw codedError(RangeError, 'INVALID_VALUE', field, 'must be valid JSON text or an object', error);
  }
  return plain(parsed, field, perPath);
}

export class ResultsStore extends core.ResultsStore {
  constructor() {
    assertReady();
    super();
    stores.adopt(this);
  }

  static fromJSON(state) {
    const store = new ResultsStore();
    store.load(state);
    return store;
  }

  defineModel(model) {
    stores.check(this, 'this');
    return super.defineModel(document(model, 'model', MODEL_LIMITS));
  }

  load(state) {
    stores.check(this, 'this');
    return super.load(document(state, 'state', STATE_LIMITS));
  }

  model() {
    stores.check(this, 'this');
    return super.model();
  }

  eventInputs() {
    stores.check(this, 'this');
    return super.eventInputs();
  }

  upsertAccount(account) {
    stores.check(this, 'this');
    return super.upsertAccount(plain(account, 'account'));
  }

  recordObservation(observation) {
    stores.check(this, 'this');
    return super.recordObservation(plain(observation, 'observation'));
  }

  track(eventName, props, timestamp) {
    stores.check(this, 'this');
    return super.track(plain(eventName, 'eventName'), plain(props, 'props'), number(timestamp, 'timestamp', true));
  }

  trackBatch(account, role, names, events, times, props) {
    stores.check(this, 'this');
    return super.trackBatch(
      plain(account, 'account'),
      plain(role, 'role'),
      plain(names, 'names'),
      plain(events, 'events'),
      plain(times, 'times'),
      plain(props, 'props'),
    );
  }

  value(metric, at) {
    stores.check(this, 'this');
    return super.value(plain(metric, 'metric'), number(at, 'at', true));
  }

  setGoal(goal) {
    stores.check(this, 'this');
    return super.setGoal(plain(goal, 'goal'));
  }

  abandonGoal(goal) {
    stores.check(this, 'this');
    return super.abandonGoal(plain(goal, 'goal'));
  }

  review(at) {
    stores.check(this, 'this');
    return super.review(number(at, 'at', true));
  }

  goals(instance, at) {
    stores.check(this, 'this');
    return super.goals(plain(instance, 'instance'), number(at, 'at', true));
  }

  history(metric) {
    stores.check(this, 'this');
    return super.history(plain(metric, 'metric'));
  }

  canvas(instance, at) {
    stores.check(this, 'this');
    return super.canvas(plain(instance, 'instance'), number(at, 'at', true));
  }

  setCanvas(canvas) {
    stores.check(this, 'this');
    return super.setCanvas(plain(canvas, 'canvas'));
  }

  kpis(at) {
    stores.check(this, 'this');
    return super.kpis(number(at, 'at', true));
  }

  toJSON() {
    stores.check(this, 'this');
    return super.toJSON();
  }

  free() {
    stores.release(this, 'this');
    super.free();
  }
}

disposable(ResultsStore);

// -- company KPIs and scorecard --

export function healthScores(input) {
  assertReady();
  return core.healthScores(plain(input, 'input'));
}

export function advocateCandidates(accounts, options) {
  assertReady();
  return core.advocateCandidates(plain(accounts, 'accounts'), plain(options, 'options'));
}

export function customerLifetimeValue(input) {
  assertReady();
  return core.customerLifetimeValue(plain(input, 'input'));
}

const companies = new Handles('CompanyData');

// Made by its static constructors only; the objects they return are of this class.
// @ts-expect-error: the bindings' constructor is private; instances come from the static constructors
export class CompanyData extends core.CompanyData {
  // @ts-expect-error: never constructs (no super call): only the static constructors make one
  constructor() {
    throw codedError(TypeError, 'WRONG_TYPE', 'CompanyData', 'is made by CompanyData.fromRecords or CompanyData.fromSnapshots, not new');
  }

  static fromRecords(records) {
    assertReady();
    const input = plain(records, 'records', { periods: LIMITS.periods });
    mrrCells(input, 'records.accounts');
    return companies.adopt(Object.setPrototypeOf(core.CompanyData.fromRecords(input), CompanyData.prototype));
  }

  static fromSnapshots(mrr, snapshots) {
    assertReady();
    number(snapshots, 'snapshots');
    if (snapshots > LIMITS.snapshots) {
      throw codedError(RangeError, 'TOO_LARGE', 'snapshots', `must be at most ${LIMITS.snapshots} (${LIMITS.periods} periods), got ${snapshots}`);
    }
    const values = numbers(mrr, 'mrr', LIMITS.mrr);
    return companies.adopt(Object.setPrototypeOf(core.CompanyData.fromSnapshots(values, snapshots), CompanyData.prototype));
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get accounts() {
    companies.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.accounts;
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get periods() {
    companies.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.periods;
  }

  metrics() {
    companies.check(this, 'this');
    return super.metrics();
  }

  cohorts() {
    companies.check(this, 'this');
    return super.cohorts();
  }

  scorecard(options) {
    companies.check(this, 'this');
    return super.scorecard(plain(options, 'options'));
  }

  resultsLink(results) {
    companies.check(this, 'this');
    return super.resultsLink(plain(results, 'results'));
  }

  free() {
    companies.release(this, 'this');
    super.free();
  }
}

disposable(CompanyData);

/** `using` frees through the checked `free()` (the glue's own dispose would skip the check). */
function disposable(Class) {
  if (Symbol.dispose) Class.prototype[Symbol.dispose] = Class.prototype.free;
}

/**
 * The core sizes its tables as accounts x periods before it reads an
 * account: that product is bounded (LIMITS.mrr), not only each factor.
 */
function mrrCells(input, field) {
  if (!Array.isArray(input?.accounts) || !Array.isArray(input.periods)) return;
  const accounts = input.accounts.length;
  const periods = input.periods.length;
  if (accounts * (periods + 1) > LIMITS.mrr) {
    throw codedError(RangeError, 'TOO_LARGE', field, `accounts x (periods + 1) must be at most ${LIMITS.mrr}, got ${accounts} x ${periods + 1}`);
  }
}
