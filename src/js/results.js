// The customer results store: role value metrics, goals, views and KPIs
// (the `results` cargo feature).
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { jsonText, number, plain } from './input.js';
import { disposable, Handles } from './handles.js';
import { codedError } from './error.js';
import { MODEL_LIMITS, STATE_LIMITS } from './limits.js';

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

export class ResultsStore extends core.ResultsStore {
  constructor() {
    assertReady();
    super();
    stores.adopt(this);
  }

  static fromJSON(state) {
    const store = new ResultsStore();
    try {
      store.load(state);
    } catch (error) {
      store.free(); // not left for the garbage collector: wasm memory holds it until then
      throw error;
    }
    return store;
  }

  defineModel(model) {
    stores.check(this, 'this');
    return super.defineModel(...stores.args(this, document(model, 'model', MODEL_LIMITS, true)));
  }

  load(state) {
    stores.check(this, 'this');
    return super.load(...stores.args(this, document(state, 'state', STATE_LIMITS)));
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
    return super.upsertAccount(...stores.args(this, plain(account, 'account')));
  }

  recordObservation(observation) {
    stores.check(this, 'this');
    return super.recordObservation(...stores.args(this, plain(observation, 'observation')));
  }

  track(eventName, props, timestamp) {
    stores.check(this, 'this');
    return super.track(...stores.args(this, plain(eventName, 'eventName'), plain(props, 'props'), number(timestamp, 'timestamp', true)));
  }

  trackBatch(account, role, names, events, times, props) {
    stores.check(this, 'this');
    return super.trackBatch(
      ...stores.args(
        this,
        plain(account, 'account'),
        plain(role, 'role'),
        plain(names, 'names'),
        plain(events, 'events'),
        plain(times, 'times'),
        plain(props, 'props'),
      ),
    );
  }

  value(metric, at) {
    stores.check(this, 'this');
    return super.value(...stores.args(this, plain(metric, 'metric'), number(at, 'at', true)));
  }

  setGoal(goal) {
    stores.check(this, 'this');
    return super.setGoal(...stores.args(this, plain(goal, 'goal')));
  }

  abandonGoal(goal) {
    stores.check(this, 'this');
    return super.abandonGoal(...stores.args(this, plain(goal, 'goal')));
  }

  review(at) {
    stores.check(this, 'this');
    return super.review(...stores.args(this, number(at, 'at', true)));
  }

  goals(instance, at) {
    stores.check(this, 'this');
    return super.goals(...stores.args(this, plain(instance, 'instance'), number(at, 'at', true)));
  }

  history(metric) {
    stores.check(this, 'this');
    return super.history(...stores.args(this, plain(metric, 'metric')));
  }

  canvas(instance, at) {
    stores.check(this, 'this');
    return super.canvas(...stores.args(this, plain(instance, 'instance'), number(at, 'at', true)));
  }

  setCanvas(canvas) {
    stores.check(this, 'this');
    return super.setCanvas(...stores.args(this, plain(canvas, 'canvas')));
  }

  kpis(at) {
    stores.check(this, 'this');
    return super.kpis(...stores.args(this, number(at, 'at', true)));
  }

  toJSON() {
    stores.check(this, 'this');
    return super.toJSON();
  }

  free() {
    if (stores.release(this, 'this')) super.free();
  }
}

disposable(ResultsStore);
