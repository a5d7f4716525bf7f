// The customer results store: role value metrics, goals, views and KPIs
// (the `results` cargo feature).
// The glue's exports that share a public name here are imported under other
// names, so that a bundle keeps the public ones (esbuild renames a function
// or class named like a member of the glue that the bundle reads).
import { ResultsStore as CoreResultsStore } from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { jsonText, plain, settled } from './input.js';
import { number } from './numbers.js';
import { Handles, publicClass } from './handles.js';
import { codedError } from './error.js';
import { LIMITS, MODEL_LIMITS, STATE_LIMITS } from './limits.js';

/** @type {Handles<CoreResultsStore>} */
const stores = new Handles('ResultsStore');

/** Saved state or a model: JSON text is parsed here so that its size is checked like an object's. */
function document(value, field, perPath, bare = false) {
  if (typeof value !== 'string') return plain(value, field, perPath, bare);
  const text = jsonText(value, field);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw codedError(RangeError, 'INVALID_VALUE', field, 'must be valid JSON text or an object', error);
  }
  return plain(parsed, field, perPath, bare);
}

/**
 * `model` (plain data) unless its roles hold more than LIMITS.modelMetrics
 * metrics together: TOO_LARGE naming the role's list that passes it, before
 * anything crosses (`prefix` is `state.model.` in saved state).
 *
 * @example
 * const args = settled(withinModelLimit(document(model, 'model', MODEL_LIMITS, true), ''));
 */
function withinModelLimit(model, prefix) {
  const roles = model?.roles;
  if (!Array.isArray(roles)) return model;
  let metrics = 0;
  for (let i = 0; i < roles.length; i++) {
    const list = roles[i]?.metrics;
    metrics += Array.isArray(list) ? list.length : 0;
    if (metrics > LIMITS.modelMetrics) {
      throw codedError(RangeError, 'TOO_LARGE', `${prefix}roles[${i}].metrics`, `must bring the model to at most ${LIMITS.modelMetrics} metrics, all roles together: got ${metrics} by here`);
    }
  }
  return model;
}

export class ResultsStore {
  constructor() {
    assertReady();
    stores.adopt(this, new CoreResultsStore());
  }

  static fromJSON(state) {
    return loaded(state);
  }

  defineModel(model) {
    stores.live(this);
    const args = settled(withinModelLimit(document(model, 'model', MODEL_LIMITS, true), ''));
    return stores.live(this).defineModel(...args);
  }

  load(state) {
    stores.live(this);
    const saved = document(state, 'state', STATE_LIMITS);
    withinModelLimit(saved?.model, 'state.model.');
    const args = settled(saved);
    return stores.live(this).load(...args);
  }

  model() {
    return stores.live(this).model();
  }

  eventInputs() {
    return stores.live(this).eventInputs();
  }

  upsertAccount(account) {
    stores.live(this);
    const args = settled(plain(account, 'account'));
    return stores.live(this).upsertAccount(...args);
  }

  recordObservation(observation) {
    stores.live(this);
    const args = settled(plain(observation, 'observation'));
    return stores.live(this).recordObservation(...args);
  }

  track(eventName, props, timestamp) {
    stores.live(this);
    const args = settled(plain(eventName, 'eventName'), plain(props, 'props'), number(timestamp, 'timestamp', true));
    return stores.live(this).track(...args);
  }

  trackBatch(account, role, names, events, times, props) {
    stores.live(this);
    const args = settled(
      plain(account, 'account'),
      plain(role, 'role'),
      plain(names, 'names'),
      plain(events, 'events'),
      plain(times, 'times'),
      plain(props, 'props'),
    );
    return stores.live(this).trackBatch(...args);
  }

  value(metric, at) {
    stores.live(this);
    const args = settled(plain(metric, 'metric'), number(at, 'at', true));
    return stores.live(this).value(...args);
  }

  setGoal(goal) {
    stores.live(this);
    const args = settled(plain(goal, 'goal'));
    return stores.live(this).setGoal(...args);
  }

  abandonGoal(goal) {
    stores.live(this);
    const args = settled(plain(goal, 'goal'));
    return stores.live(this).abandonGoal(...args);
  }

  review(at) {
    stores.live(this);
    const args = settled(number(at, 'at', true));
    return stores.live(this).review(...args);
  }

  goals(instance, at) {
    stores.live(this);
    const args = settled(plain(instance, 'instance'), number(at, 'at', true));
    return stores.live(this).goals(...args);
  }

  history(metric) {
    stores.live(this);
    const args = settled(plain(metric, 'metric'));
    return stores.live(this).history(...args);
  }

  canvas(instance, at) {
    stores.live(this);
    const args = settled(plain(instance, 'instance'), number(at, 'at', true));
    return stores.live(this).canvas(...args);
  }

  setCanvas(canvas) {
    stores.live(this);
    const args = settled(plain(canvas, 'canvas'));
    return stores.live(this).setCanvas(...args);
  }

  kpis(at) {
    stores.live(this);
    const args = settled(number(at, 'at', true));
    return stores.live(this).kpis(...args);
  }

  toJSON() {
    return stores.live(this).toJSON();
  }

  free() {
    stores.release(this, 'this')?.free();
  }
}

publicClass(ResultsStore, 'ResultsStore');

/**
 * A new ResultsStore holding saved `state` (fromJSON). Out of the class
 * body: a class that names itself inside gets an inner name in a bundle
 * (`class _ResultsStore`), and stack frames would show it.
 */
function loaded(state) {
  const store = new ResultsStore();
  try {
    store.load(state);
  } catch (error) {
    store.free(); // not left for the garbage collector: wasm memory holds it until then
    throw error;
  }
  return store;
}
