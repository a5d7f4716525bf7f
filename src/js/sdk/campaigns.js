// The client's survey campaigns: keeps the campaign list, counts this
// user's tracked events and records when each campaign's event or route
// trigger fired (saved per user, so a reload keeps them), and asks the Rust
// core's `campaignDecision` whether one is due at the moments that can
// change the answer: a trigger, a delay or `nextEligibleAt` running out, a
// route change, a goal change, a prompt closing. At most one prompt is open
// at a time. Every rule (triggers, targeting, schedule, the survey policy)
// is the core's; this module only decides when to ask it.
import { argumentError, sdkError } from './errors.js';
import { fields } from './results.js';
import { MAX_TIMEOUT } from './sync.js';

/** Version of the saved trigger bookkeeping (`meta` `campaigns`). */
const VERSION = 1;

/**
 * The trigger bookkeeping of one user: `counts` (event name -> times
 * tracked since a campaign without `schedule.start` named it), `since`
 * (a `schedule.start` -> event name -> times tracked from then on: an
 * event tracked before a campaign starts does not count for it) and
 * `triggered` (campaign id -> when its trigger last fired, ms since 1970).
 */
const emptyMemory = () => ({ version: VERSION, counts: {}, since: {}, triggered: {} });

/**
 * Why stored bookkeeping cannot be used, or '' if it can.
 * @example memoryProblem({ version: 1, counts: { export: 2 }, triggered: {} }) // ''
 */
export function memoryProblem(stored) {
  if (stored === null || typeof stored !== 'object') return 'not an object';
  if (stored.version !== VERSION) return `version ${stored.version} is not ${VERSION}`;
  const bad = (map, ok) => map === null || typeof map !== 'object' || Object.values(map).some((v) => !ok(v));
  const count = (n) => Number.isInteger(n) && n > 0;
  if (bad(stored.counts, count)) return 'counts must be whole numbers from 1';
  if (stored.since !== undefined && bad(stored.since, (counts) => !bad(counts, count))) return 'since must hold counts by event name';
  if (bad(stored.triggered, (t) => Number.isFinite(t) && t >= 0)) return 'triggered must be times in ms';
  return '';
}

/**
 * The newer of two valid bookkeepings, entry by entry: counts and trigger
 * times only grow (until a reset clears both copies), so the larger of each
 * is the later. Either may be undefined; an invalid `kept` is left out, an
 * invalid `stored` returned as it is (restore() then quarantines it).
 *
 * @example
 * newerMemory({ version: 1, counts: { a: 2 }, triggered: {} }, { version: 1, counts: { a: 3 }, triggered: {} }).counts.a // 3
 */
export function newerMemory(stored, kept) {
  if (kept === undefined || memoryProblem(kept) || (stored !== undefined && memoryProblem(stored))) return stored; // a bad stored one is quarantined
  if (stored === undefined) return kept;
  const larger = (a = {}, b = {}) => {
    const out = { ...a };
    for (const [key, value] of Object.entries(b)) out[key] = Math.max(out[key] ?? value, value);
    return out;
  };
  const since = { ...stored.since };
  for (const [start, counts] of Object.entries(kept.since ?? {})) since[start] = larger(since[start], counts);
  return { version: VERSION, counts: larger(stored.counts, kept.counts), since, triggered: larger(stored.triggered, kept.triggered) };
}

export class Campaigns {
  #lib;
  /**
   * What the runner needs from the client: `policy()`, `state()` (the
   * survey-policy state), `context(now)` (userId, role, level,
   * sessionStart, periods), `active()` (consent granted, not destroyed),
   * `metrics()` (`{ mine, all }`: metric id -> collection method in the
   * user's role, and every role's metric ids; null without a model),
   * `shown({ surveyId, kind })` -> promptId, `save(memory)`, `report(error)`.
   */
  #host;
  #list = [];
  /**
   * Event name -> `schedule.start` (undefined: none) -> the ids of the
   * campaigns with that start whose trigger reads it: only these events
   * are counted, once per start.
   */
  #events = new Map();
  /** Ids of the campaigns with a route trigger. */
  #routed = new Set();
  /** The user's targeting attributes: { signupAt, account, segments }. */
  #audience = {};
  /** The route the app last reported on this page (a route campaign shows only while the user is on it). */
  #route;
  #memory = emptyMemory();
  #listeners = new Set();
  /** The open prompt: { promptId, due }, or null. */
  #open = null;
  #timer = null;
  #queued = false;
  /** Counts changed since the last save (saved when the event batch is sealed). */
  #unsaved = false;

  constructor(lib, host) {
    this.#lib = lib;
    this.#host = host;
  }

  /** Whether any campaign is set. */
  get active() {
    return this.#list.length > 0;
  }

  /**
   * Sets the campaigns (checked by the core against the policy: its coded
   * error names the path, e.g. `campaigns[2].trigger.event.occurrence`) and
   * the user's targeting attributes. Nothing changes on error.
   */
  set(list, audience = {}) {
    if (!Array.isArray(list)) throw argumentError('campaigns', 'must be an array of campaigns', list);
    const { signupAt, account, segments } = fields(audience, 'audience', ['signupAt', 'account', 'segments']);
    if (signupAt !== undefined && (!Number.isInteger(signupAt) || signupAt < 0)) throw argumentError('audience.signupAt', 'must be a time in ms since 1970', signupAt);
    if (account !== undefined && (account === null || typeof account !== 'object' || Array.isArray(account))) throw argumentError('audience.account', 'must be an object of attributes', account);
    if (segments !== undefined && (!Array.isArray(segments) || segments.some((s) => typeof s !== 'string'))) throw argumentError('audience.segments', 'must be an array of strings', segments);
    // the core's frozen copy: handed back on every tracked event, it is not read again
    const checked = this.#lib.checkCampaigns(list, this.#host.policy());
    checkIns(checked, this.#host.metrics());
    const next = {
      ...(signupAt !== undefined && { signupAt }),
      ...(account !== undefined && { account: { ...account } }),
      segments: segments ? [...segments] : [],
    };
    try {
      this.#decide(checked, next, Date.now()); // the core checks the attributes' values
    } catch (error) {
      throw asAudience(error);
    }
    this.#list = checked;
    this.#events = new Map();
    for (const { id, trigger, schedule } of checked) {
      const name = trigger.event?.name;
      if (name === undefined) continue;
      const starts = this.#events.get(name) ?? this.#events.set(name, new Map()).get(name);
      starts.set(schedule?.start, (starts.get(schedule?.start) ?? new Set()).add(id));
    }
    this.#routed = new Set(checked.filter((c) => c.trigger.route !== undefined).map((c) => c.id));
    this.#audience = next;
    this.refresh();
  }

  /**
   * Counts a tracked event; records the campaigns it triggers. Nothing
   * crosses into wasm for events no campaign names. Campaigns that start
   * later (`schedule.start`) count only the events tracked from their
   * start. A trigger is saved at once, a count with the event's batch
   * (`sealed()`).
   */
  track(name, props, at) {
    const starts = this.#events.get(name);
    if (starts === undefined) return;
    for (const [start, ids] of starts) {
      if (start !== undefined && at < start) continue;
      const counts = start === undefined ? this.#memory.counts : (this.#memory.since[start] ??= {});
      const count = (counts[name] ?? 0) + 1;
      counts[name] = count;
      this.#unsaved = true;
      this.#fire({ event: name, props, count }, at, ids);
    }
  }

  /** The event batch was sealed: saves the counts it changed. */
  sealed() {
    if (this.#unsaved) this.#save();
  }

  /**
   * Records the route the user is on, and the campaigns whose route trigger
   * matches it. An open prompt of a route campaign whose route the user
   * left is withdrawn: the listeners' `withdrawn(due)` closes it.
   */
  route(path, at) {
    this.#route = path;
    if (!this.active) return;
    const here = this.#fire({ route: path }, at);
    const open = this.#open;
    if (open && this.#routed.has(open.due.campaignId) && !here.includes(open.due.campaignId)) {
      this.#open = null;
      for (const { withdrawn } of this.#listeners) this.#notify(withdrawn, open.due);
    }
    this.refresh(); // leaving a route can hold its campaign back
  }

  /**
   * The explainable decision now: `{ due, campaigns: [{ campaignId, show,
   * reason, nextEligibleAt }] }` (the core's `campaignDecision`).
   */
  status(now) {
    if (!this.#host.active()) {
      return { due: null, campaigns: this.#list.map((c) => ({ campaignId: c.id, show: false, reason: 'CONSENT_REQUIRED', nextEligibleAt: null })) };
    }
    if (!this.active) return { due: null, campaigns: [] };
    return this.#decide(this.#list, this.#audience, now);
  }

  /** The core's decision for `list` and the user's `audience` at `now`. */
  #decide(list, audience, now) {
    const context = { ...this.#host.context(now), ...audience, triggered: { ...this.#memory.triggered } };
    if (this.#route !== undefined) context.route = this.#route;
    return this.#lib.campaignDecision(list, context, this.#host.policy(), this.#host.state());
  }

  /**
   * Calls `offer(due)` whenever a campaign is due and no prompt is open;
   * the listener shows it and calls `shown(due)`. `withdrawn(due)`, if
   * given, is called when the prompt shown for `due` no longer applies (the
   * user left its route): close it. Returns the unsubscribe function.
   */
  subscribe(offer, withdrawn) {
    const listener = { offer, withdrawn };
    this.#listeners.add(listener);
    this.refresh();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        clearTimeout(this.#timer);
        this.#open = null;
      }
    };
  }

  /** Records that `due` is shown (through the survey policy); returns its prompt id. */
  shown(due) {
    const promptId = this.#host.shown({ surveyId: due.surveyId, kind: due.kind });
    this.#open = { promptId, due };
    return promptId;
  }

  /** A prompt was answered or dismissed: the next one may come. */
  closed(promptId) {
    if (this.#open?.promptId !== promptId) return;
    this.#open = null;
    this.refresh();
  }

  /** Asks the core again once the current task is done (one decision for many changes). */
  refresh() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#run();
    });
  }

  /** The bookkeeping to save. */
  toJSON() {
    return structuredClone(this.#memory);
  }

  /** Restores saved bookkeeping (checked first with memoryProblem). */
  restore(stored) {
    const problem = memoryProblem(stored);
    if (problem) throw Object.assign(new Error(`storage: the stored campaign bookkeeping is invalid (${problem})`), { code: 'STORAGE_CORRUPT', field: 'storage' });
    this.#memory = { since: {}, ...structuredClone(stored) }; // saved before `since` existed
    this.refresh();
  }

  /** Forgets the user's bookkeeping and the open prompt (reset, revoked consent, destroy). */
  clear() {
    clearTimeout(this.#timer);
    this.#memory = emptyMemory();
    const open = this.#open;
    this.#open = null;
    this.#unsaved = false;
    // Its prompt was the user's whose data went (reset, revoked consent): withdrawn, unanswered.
    if (open) for (const { withdrawn } of this.#listeners) this.#notify(withdrawn, open.due);
  }

  /**
   * Records when the campaigns `occurrence` triggers (those among the ids
   * `counted` for it, when given) fired; returns their ids.
   */
  #fire(occurrence, at, counted) {
    let ids;
    try {
      ids = this.#lib.campaignTriggers(this.#list, occurrence);
    } catch (error) {
      this.#host.report(error);
      return [];
    }
    if (counted) ids = ids.filter((id) => counted.has(id));
    if (ids.length === 0) return ids;
    for (const id of ids) this.#memory.triggered[id] = at;
    this.#save();
    this.refresh();
    return ids;
  }

  /** Calls one listener's callback; its failure goes to onError. */
  #notify(callback, due) {
    try {
      callback?.(due);
    } catch (error) {
      this.#host.report(sdkError('OBSERVER_FAILED', `a campaign listener failed on ${due.campaignId}`, 'onCampaign', error));
    }
  }

  #save() {
    this.#unsaved = false;
    this.#host.save(this.toJSON());
  }

  /** Offers the due campaign to the listeners, or waits for the next time the answer can change. */
  #run() {
    clearTimeout(this.#timer);
    if (!this.active || this.#listeners.size === 0 || this.#open || !this.#host.active()) return;
    const now = Date.now();
    let decision;
    try {
      decision = this.status(now);
    } catch (error) {
      this.#host.report(error);
      return;
    }
    if (decision.due) {
      for (const { offer } of this.#listeners) {
        if (this.#open) break;
        this.#notify(offer, decision.due);
      }
      return;
    }
    const next = Math.min(...decision.campaigns.map((c) => c.nextEligibleAt ?? Infinity).filter((t) => t > now));
    // A later time than setTimeout's limit is reached in steps.
    if (next !== Infinity) this.#timer = setTimeout(() => this.#run(), Math.min(next - now, MAX_TIMEOUT));
  }
}

/** Collection methods a check-in can ask a value of. */
const ASKABLE = ['scaleAssessed', 'selfReported'];

/**
 * Checks that every check-in of `list` asks metrics someone can answer.
 * `metrics` is null without a model (NO_MODEL); else `{ mine, all }`: the
 * collection method of each metric of the user's role by id, and the ids
 * of every role's metrics (one list serves every role: each user is asked
 * about the metrics of their own). A metric of no role is UNKNOWN_ID, an
 * integration or app-generated one of the user's role METHOD_MISMATCH,
 * both naming the path (`campaigns[1].ask.checkIn.metrics[0]`).
 */
function checkIns(list, metrics) {
  list.forEach(({ ask }, i) => {
    const path = `campaigns[${i}].ask.checkIn`;
    if (ask.checkIn === undefined) return;
    if (metrics === null) throw sdkError('NO_MODEL', `${path}: a check-in needs the client's model (createClient's \`model\`)`, path);
    ask.checkIn.metrics.forEach((metric, j) => {
      const method = metrics.mine.get(metric);
      const field = `${path}.metrics[${j}]`;
      if (!metrics.all.has(metric)) throw sdkError('UNKNOWN_ID', `${field}: no role of the model has a metric "${metric}"`, field);
      if (method !== undefined && !ASKABLE.includes(method)) {
        throw sdkError('METHOD_MISMATCH', `${field}: "${metric}" is ${method}; a check-in asks scale-assessed or self-reported metrics`, field);
      }
    });
  });
}

/**
 * The core's error about the decision context's targeting attributes
 * (`context.account.plan`), named after the argument that gave them
 * (`audience.account.plan`); other errors as they are.
 */
function asAudience(error) {
  const match = /^context\.(signupAt|account|segments)\b/.exec(error?.field);
  if (!match) return error;
  const field = `audience${error.field.slice('context'.length)}`;
  const message = error.message.startsWith(error.field) ? field + error.message.slice(error.field.length) : error.message;
  return Object.assign(new error.constructor(message, { cause: error }), { code: error.code, field });
}
