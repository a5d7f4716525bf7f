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

/** Version of the saved trigger bookkeeping (`meta` `campaigns`). */
const VERSION = 1;
/** setTimeout's largest delay (about 24.8 days); a later time is reached in steps. */
const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * The trigger bookkeeping of one user: `counts` (event name -> times
 * tracked since a campaign named it) and `triggered` (campaign id -> when
 * its trigger last fired, ms since 1970).
 */
const emptyMemory = () => ({ version: VERSION, counts: {}, triggered: {} });

/**
 * Why stored bookkeeping cannot be used, or '' if it can.
 * @example memoryProblem({ version: 1, counts: { export: 2 }, triggered: {} }) // ''
 */
export function memoryProblem(stored) {
  if (stored === null || typeof stored !== 'object') return 'not an object';
  if (stored.version !== VERSION) return `version ${stored.version} is not ${VERSION}`;
  const bad = (map, ok) => map === null || typeof map !== 'object' || Object.values(map).some((v) => !ok(v));
  if (bad(stored.counts, (n) => Number.isInteger(n) && n > 0)) return 'counts must be whole numbers from 1';
  if (bad(stored.triggered, (t) => Number.isFinite(t) && t >= 0)) return 'triggered must be times in ms';
  return '';
}

export class Campaigns {
  #lib;
  /**
   * What the runner needs from the client: `policy()`, `state()` (the
   * survey-policy state), `context(now)` (userId, role, level,
   * sessionStart, periods), `active()` (consent granted, not destroyed),
   * `shown({ surveyId, kind })` -> promptId, `save(memory)`, `report(error)`.
   */
  #host;
  #list = [];
  /** Names of the events some campaign's trigger reads: only these are counted. */
  #events = new Set();
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
    this.#events = new Set(this.#list.map((c) => c.trigger.event?.name).filter(Boolean));
    this.#audience = next;
    this.refresh();
  }

  /**
   * Counts a tracked event; records the campaigns it triggers. Nothing
   * crosses into wasm for events no campaign names. A trigger is saved at
   * once, a count with the event's batch (`sealed()`).
   */
  track(name, props, at) {
    if (!this.#events.has(name)) return;
    const count = (this.#memory.counts[name] ?? 0) + 1;
    this.#memory.counts[name] = count;
    this.#unsaved = true;
    this.#fire({ event: name, props, count }, at);
  }

  /** The event batch was sealed: saves the counts it changed. */
  sealed() {
    if (this.#unsaved) this.#save();
  }

  /** Records the route the user is on, and the campaigns whose route trigger matches it. */
  route(path, at) {
    this.#route = path;
    if (!this.active) return;
    this.#fire({ route: path }, at);
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
   * Calls `listener(due)` whenever a campaign is due and no prompt is open;
   * the listener shows it and calls `shown(due)`. Returns the unsubscribe
   * function.
   */
  subscribe(listener) {
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
    if (problem) throw Object.assign(new Error(`campaigns: ${problem}`), { code: 'STORAGE_CORRUPT', field: 'storage' });
    this.#memory = structuredClone(stored);
    this.refresh();
  }

  /** Forgets the user's bookkeeping and the open prompt (reset, revoked consent, destroy). */
  clear() {
    clearTimeout(this.#timer);
    this.#memory = emptyMemory();
    this.#open = null;
    this.#unsaved = false;
  }

  #fire(occurrence, at) {
    let ids;
    try {
      ids = this.#lib.campaignTriggers(this.#list, occurrence);
    } catch (error) {
      this.#host.report(error);
      return;
    }
    if (ids.length === 0) return;
    for (const id of ids) this.#memory.triggered[id] = at;
    this.#save();
    this.refresh();
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
      for (const listener of this.#listeners) {
        if (this.#open) break;
        try {
          listener(decision.due);
        } catch (error) {
          this.#host.report(sdkError('OBSERVER_FAILED', `a campaign listener failed on ${decision.due.campaignId}`, 'onCampaign', error));
        }
      }
      return;
    }
    const next = Math.min(...decision.campaigns.map((c) => c.nextEligibleAt ?? Infinity).filter((t) => t > now));
    if (next !== Infinity) this.#timer = setTimeout(() => this.#run(), Math.min(next - now, MAX_TIMEOUT));
  }
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
