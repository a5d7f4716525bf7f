// The client's view of its user's role instance (one account, one role):
// a ResultsStore (Rust) holding the role's metrics, observations, goals and
// the app-generated metrics fed by track(). Every rule is the core's; this
// module only decides what crosses when, keeps the state saveable, and
// checks a change on a copy before it is accepted into the outbox.
import { argumentError, sdkError } from './errors.js';
import { prefixed, rangeError, rooted } from './options.js';

/** The fields an input object may have; a TypeError names the first unknown one. */
export function fields(value, name, known) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw argumentError(name, 'must be an object', value);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const error = new TypeError(`${name}.${key}: is not a field here (known: ${known.join(', ')})`);
      throw Object.assign(error, { code: 'UNKNOWN_FIELD', field: `${name}.${key}` });
    }
  }
  return value;
}

export class LocalResults {
  #lib;
  #store;
  #account;
  #role;
  /** The ids of the model's roles. */
  #roles;
  #maturity;
  /** The normalised model as JSON text, to recognise state built on another model. */
  #modelText;
  /** Event name -> the properties its rules read: other events and properties never cross into wasm. */
  #events;
  /** Tracked events not yet applied: [name, at, props]. */
  #pending = [];

  /**
   * Validates the model, and the user's role and maturity level in it: the
   * core's typed errors, named after the options (`options.model.roles[0].id`,
   * `options.role`, `options.maturity`).
   */
  constructor(lib, { model, accountId, role, maturity }) {
    this.#lib = lib;
    this.#account = accountId;
    this.#role = role;
    this.#maturity = maturity;
    const store = new lib.ResultsStore();
    try {
      store.defineModel(model);
    } catch (error) {
      store.free();
      throw prefixed(error, 'options.model');
    }
    const normalised = store.model();
    this.#modelText = JSON.stringify(normalised);
    this.#roles = new Set(normalised.roles.map((r) => r.id));
    this.#events = new Map(Object.entries(store.eventInputs()));
    try {
      this.#addInstance(store);
    } catch (error) {
      store.free();
      throw asOption(error);
    }
    this.#store = store;
  }

  /** The model as the core normalised it. */
  model() {
    return JSON.parse(this.#modelText);
  }

  /** `{ account, role }` of this user. */
  get instance() {
    return { account: this.#account, role: this.#role };
  }

  /** Whether tracked events named `name` feed a metric here. */
  counts(name) {
    return this.#events.has(name);
  }

  /**
   * Queues a tracked event for the next `sync()`, unless its `props.account`
   * or `props.role` names another account or role than this user's: the
   * event is theirs (the core's `track` counts it for them), not counted
   * here. A `props.role` that is no role of the model, or a `props.account`
   * that is no id (not a string, or blank), goes to `report` (the event is
   * still sent), whatever account it names.
   */
  queue(name, at, props, report) {
    const { account, role } = props;
    const refuse = (code, rule) => report(sdkError(code, `the event "${name}" could not update the metrics: ${rule}`, 'track'));
    const got = (x) => (typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : `a ${typeof x}`);
    if (account != null && (typeof account !== 'string' || account.trim() === '')) {
      refuse(typeof account === 'string' ? 'EMPTY_TEXT' : 'WRONG_TYPE', `props.account: must be this client's accountId, another account's id or null, got ${got(account)}`);
    } else if (role != null && role !== this.#role && !this.#roles.has(role)) {
      refuse(typeof role === 'string' ? 'UNKNOWN_ID' : 'WRONG_TYPE', `props.role: must be a role of the model, got ${got(role)}`);
    } else if ((account ?? this.#account) === this.#account && (role ?? this.#role) === this.#role) {
      this.#pending.push([name, at, props]);
    }
  }

  /**
   * Applies queued events (each error goes to `report`; the others still
   * count), then judges goals at `now` unless `judge` is false. Returns
   * whether anything changed.
   */
  sync(now, report, judge = true) {
    const pending = this.#pending;
    this.#pending = [];
    if (pending.length) this.#apply(pending, report);
    return (judge && this.#store.review(now).length > 0) || pending.length > 0;
  }

  /** Tracks `pending` in one crossing; only the properties the rules read go along. */
  #apply(pending, report) {
    const names = [];
    const index = new Map();
    const events = new Uint32Array(pending.length);
    const times = new Float64Array(pending.length);
    const props = []; // packed (no holes): reading a hole walks the prototype chain
    for (let i = 0; i < pending.length; i++) {
      const [name, at, all] = pending[i];
      let k = index.get(name);
      if (k === undefined) index.set(name, (k = names.push(name) - 1));
      events[i] = k;
      times[i] = at;
      const read = this.#events.get(name);
      let only;
      if (read.length) {
        only = {};
        for (const key of read) only[key] = all[key];
      }
      props.push(only);
    }
    for (const { index: i, error } of this.#store.trackBatch(this.#account, this.#role, names, events, times, props)) {
      const name = pending[i][0];
      // The core names the batch's element (`props[7].amount`): here it is the event's `props.amount`.
      const message = error.message.replace(`props[${i}]`, 'props');
      report(sdkError(error.code, `the event "${name}" could not update the metrics: ${message}`, 'track', error));
    }
  }

  /**
   * Runs `change(store)` on a copy: throws its typed error, or returns its
   * result without touching this state. `apply` repeats it for real once
   * the outbox holds the item.
   */
  check(change) {
    const copy = this.#lib.ResultsStore.fromJSON(this.#store.toJSON());
    try {
      return change(copy);
    } finally {
      copy.free();
    }
  }

  apply(change) {
    return change(this.#store);
  }

  metrics(at) {
    return this.#store.goals(this.instance, at);
  }

  history(metric) {
    try {
      return this.#store.history({ ...this.instance, metric });
    } catch (error) {
      // The core names the reference it was given `metric`; the reference's `metric` is this call's argument.
      throw rooted(error, 'metric.metric', 'metric');
    }
  }

  canvas(at) {
    return this.#store.canvas(this.instance, at);
  }

  toJSON() {
    return this.#store.toJSON();
  }

  /**
   * Replaces the state with `state` (from the host's backend or storage):
   * throws a typed error, changing nothing, when it is invalid, built on
   * another model, or holds an account other than this client's. Adds this
   * user's role instance when `state` lacks it.
   */
  load(state, field = 'state') {
    let next;
    try {
      next = this.#lib.ResultsStore.fromJSON(state);
    } catch (error) {
      throw prefixed(error, field);
    }
    if (JSON.stringify(next.model()) !== this.#modelText) {
      next.free();
      throw sdkError('MODEL_MISMATCH', `${field}.model: differs from options.model (the state was built on another model)`, `${field}.model`);
    }
    // A client is for one account: state of another would show and send as this user's.
    const accounts = next.toJSON().accounts;
    const other = accounts.findIndex((account) => account.id !== this.#account);
    if (other >= 0) {
      next.free();
      throw rangeError('INVALID_VALUE', `${field}.accounts[${other}].id`, `must be the client's account "${this.#account}", got "${accounts[other].id.slice(0, 40)}"`);
    }
    try {
      this.#addInstance(next);
    } catch (error) {
      next.free();
      throw prefixed(error, field);
    }
    this.#store.free();
    this.#store = next;
  }

  free() {
    this.#store.free();
    this.#pending = [];
  }

  /** Adds the user's role instance unless `store` has it (its maturity there wins). */
  #addInstance(store) {
    try {
      store.goals(this.instance, 0);
    } catch {
      store.upsertAccount({ id: this.#account, roles: [{ role: this.#role, maturity: this.#maturity }] });
    }
  }
}

/** The options that give the user's role instance, by the field the core names them. */
const OPTION_OF = { id: 'accountId', 'roles[0].role': 'role', 'roles[0].maturity': 'maturity' };

/**
 * The core's error about the user's role instance (`account.id`,
 * `account.roles[0].role`, `account.roles[0].maturity`, or a field inside
 * one: `...maturity.x`) named after the option that gave it.
 */
function asOption(error) {
  const match = /^account\.(id|roles\[0\]\.role|roles\[0\]\.maturity)([.[].*)?$/.exec(error?.field);
  if (!match) return error;
  const field = `options.${OPTION_OF[match[1]]}${match[2] ?? ''}`;
  return Object.assign(new error.constructor(field + error.message.slice(error.field.length), { cause: error }), { code: error.code, field });
}

