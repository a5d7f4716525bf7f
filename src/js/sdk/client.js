// The in-app client: checks every call, hands accepted items (event
// batches, survey responses, dismissals, observations, goal changes) to the
// user's outbox (outbox.js), asks the Rust survey policy whether to prompt
// (the survey-policy state: survey-state.js), and keeps the user's view of
// their role's metrics, goals and survey scores. Background failures never
// throw: they go to `onError`.
import { plain } from '../in-app/input.js';
import { CAMPAIGN_LIMITS, LIMITS } from '../in-app/limits.js';
import { Campaigns, newerMemory } from './campaigns.js';
import { dropKeptResults, readKeptCampaigns, readKeptResults, whenPageHides, writeKeptCampaigns, writeKeptResults } from './journal.js';
import { argumentError, discardedByReset, sdkError, withdrawnConsent } from './errors.js';
import { boundedText, EVENT_CHARS, eventProps, finiteJson, objectArg, promptText, rangeError, readOptions, rooted, surveyText, text } from './options.js';
import { Outbox, storageError } from './outbox.js';
import { fields, LocalResults } from './results.js';
import { LocalScores, SCORED_KINDS } from './scores.js';
import { forgetSessionStart, sessionStartOf } from './session.js';
import { SurveyState } from './survey-state.js';

/** Name of the tracked event that records a survey prompt being shown. */
export const SURVEY_SHOWN_EVENT = '$survey_shown';

/** A refused call's result (`extra`: the call's own fields, e.g. `goal: null`). */
const refused = (error, extra) => ({ accepted: false, key: null, error, ...extra });
/** surveyState() before anything was shown or loaded. */
const NO_SURVEY_STATE = Object.freeze({ version: 1, prompts: Object.freeze([]), accountPrompts: Object.freeze([]) });

export class Client {
  #lib;
  #uuid;
  #o;
  #consented;
  /** Set when destroy() is called: later calls throw CLIENT_DESTROYED. */
  #destroyed = false;
  /** destroy()'s promise, once called. */
  #ending = null;
  /** Writes called before destroy() and not settled yet: destroy() lets them finish first. */
  #writes = new Set();
  /** Buffering, storage and delivery of this user's items. */
  #outbox;
  /** The survey-policy state: kept, recorded, stored and shared with the user's other tabs. */
  #survey;
  #sessionStart;
  /** The user's role instance: metrics, goals (null without options.model). */
  #results = null;
  /** Survey scores shown to the user. */
  #scores;
  /** Results changes run one at a time: each is checked against the state the previous one left. */
  #changes = Promise.resolve();
  /** Results changes between their check and their apply: goals are not judged meanwhile. */
  #changing = 0;
  /** What a write made on a view that reset() or revokeConsent() cleared resolves to. */
  #cleared = null;
  /** While reset() runs: settles once the fresh storage is open (writes wait for it). */
  #reopening = null;
  /** reset(), grantConsent() and revokeConsent(), one at a time: each runs once the one called before it settled. */
  #turns = Promise.resolve();
  /** Calls in `#turns` not settled yet: with none, the next starts at once (a reset forgets what is shown before it returns). */
  #turnsOpen = 0;
  /** reset() calls so far, and the last whose turn began (cleared memory): between the two, track() holds events. */
  #resetCalls = 0;
  #resetsBegun = 0;
  /**
   * Events tracked while a reset() waits for its turn, or while consent is
   * being granted, each with the reset() calls made before it (`after`) and
   * the grantConsent() and revokeConsent() calls (`consent`): a reset
   * clears memory first, then tracks those the next user's, a grant
   * tracks those it waited for (see #release), a revocation drops them.
   */
  #held = [];
  /** Whether storage was opened (#start) since consent was last withdrawn: a revocation then clears memory, whatever store is open. */
  #opened = false;
  /** grantConsent() and revokeConsent() calls so far: a grant whose turn comes after a later revocation was called does not grant. */
  #consentCalls = 0;
  /** Whether the held events are in a journal (the page was hidden while some were held: see #journalHeld). */
  #heldJournaled = false;
  /** Removes the page listeners that journal the held events: set while some are held. */
  #unlistenHeld = null;
  /** `#consentCalls` at the last revokeConsent(): events held before it are dropped. */
  #revokedAt = 0;
  /** While a grantConsent() called without consent has not finished (and no revocation came since): writes wait for it, events are held. */
  #granting = null;
  #resultsSaving = false;
  /**
   * Hook point for the survey and customer-results cores: each observer's
   * `accepted(item)` is called with every item once it is in the outbox
   * (event batches, responses, dismissals). Failures go to onError.
   */
  #observers;
  /** Survey campaigns: trigger bookkeeping and the runner asking the core when one is due. */
  #campaigns;
  /** onMetrics listeners (each subscription its own entry), called once per task of changes. */
  #metricsListeners = new Set();
  #metricsQueued = false;
  /** Whether the queued onMetrics call follows the user's data being forgotten (reset, revoked consent). */
  #metricsCleared = false;

  constructor(lib, uuid, options) {
    this.#lib = lib;
    this.#uuid = uuid;
    this.#o = options;
    this.#consented = options.consent === 'granted';
    this.#observers = [...options.observers];
    this.#sessionStart = options.sessionStart ?? Date.now();
    this.#results = this.#freshResults();
    this.#scores = new LocalScores(lib);
    this.#campaigns = new Campaigns(lib, {
      policy: () => this.#survey.policy(),
      state: () => this.#survey.state,
      context: (now) => this.#campaignContext(now),
      active: () => this.#consented && !this.#destroyed,
      metrics: () => this.#results && {
        mine: new Map(this.#role().metrics.map((m) => [m.id, m.collection.method])),
        all: new Set(this.#results.model().roles.flatMap((r) => r.metrics.map((m) => m.id))),
      },
      shown: (shown) => this.surveyShown(shown),
      save: (memory) => {
        this.#save('campaigns', memory);
        // Also at once where a page that goes away cannot lose it (IndexedDB may not commit).
        if (this.#consented && this.#store?.kind === 'indexeddb') writeKeptCampaigns(this.#outbox.name, memory);
      },
      report: (error) => this.#report(error),
    });
    this.#outbox = new Outbox(options, {
      uuid,
      who: () => this.#who(),
      report: (error) => this.#report(error),
      onSeal: () => {
        if (this.#results && this.#syncResults(this.#results)) this.#saveResultsSoon();
        this.#campaigns.sealed();
      },
      onStored: (item) => this.#notify(item),
      delivered: (keys) => this.#call('onDelivered', keys),
      // The page goes away with every event in the outbox or the journal: the view counting
      // them is kept too, for the next page, whatever becomes of its IndexedDB save.
      persisted: () => {
        if (this.#consented && this.#results) writeKeptResults(this.#outbox.name, Date.now(), this.#results.toJSON());
      },
    });
    this.#survey = new SurveyState(lib, options, {
      name: this.#outbox.name,
      store: () => this.#store,
      report: (error) => this.#report(error),
    });
  }

  /** The user's store once consent is granted (IndexedDB or memory). */
  get #store() {
    return this.#outbox.store;
  }

  /** `"indexeddb"`, `"memory"`, or `"none"` while consent is pending. */
  get storage() {
    this.#assertAlive();
    return (this.#consented && this.#store?.kind) || 'none'; // a grant opens storage before it is done
  }

  /** `"granted"` or `"required"`. */
  get consent() {
    this.#assertAlive();
    return this.#consented ? 'granted' : 'required';
  }

  /**
   * A client for createClient, with storage open and syncing started when
   * consent is granted (else grantConsent() opens them). Not a method: a
   * second open would replace the store that holds the user's items.
   *
   * @param {ConstructorParameters<typeof Client>} args
   */
  static async opened(...args) {
    const client = new Client(...args);
    if (client.#consented) await client.#start();
    return client;
  }

  /**
   * Opens storage and starts syncing (createClient, grantConsent, reset),
   * loading the stored views unless `load` is false (reset: the database
   * was just deleted, and a view saved since holds less than memory).
   */
  async #start(load = true) {
    this.#opened = true;
    await this.#outbox.open();
    await this.#survey.restore();
    this.#survey.share();
    if (load) await this.#loadViews();
    if (this.#o.sessionStart === undefined) this.#sessionStart = sessionStartOf(this.#outbox.name, this.#sessionStart);
    await this.#outbox.start();
  }

  /**
   * Records an app event. Synchronous and cheap: events are buffered and
   * written to the outbox as one batch every `flushIntervalMs`, every
   * `batchSize` events, and on pagehide. Returns false when the event was
   * refused (consent pending, or the outbox is full: OUTBOX_FULL goes to
   * onError); throws a TypeError for a bad name or props (a RangeError,
   * EMPTY_TEXT, for an empty name).
   */
  track(event, props) {
    text(event, 'event');
    const { props: copy, bytes } = eventProps(event, props);
    this.#assertAlive();
    if (!this.#consented && !this.#granting) return false;
    const tracked = { name: event, at: Date.now(), props: copy };
    if (this.#resetsBegun < this.#resetCalls || !this.#consented) return this.#hold(tracked, bytes);
    return this.#tracked(tracked, bytes, false);
  }

  /**
   * Puts a tracked event in the outbox's open batch, the results view and
   * the campaigns' triggers; false when the outbox is full, unless the
   * event was `accepted` already (held, see #hold).
   */
  #tracked(event, bytes, accepted) {
    if (!this.#outbox.track(event, bytes, accepted)) return false;
    if (this.#results?.counts(event.name)) this.#results.queue(event.name, event.at, event.props, (error) => this.#report(error));
    this.#campaigns.track(event.name, event.props, event.at);
    return true;
  }

  /**
   * Holds an event tracked while a reset() waits for its turn (it is the
   * next user's, and the outbox's open batch is the last user's, which that
   * turn clears) or while consent is being granted (no storage is open
   * yet). At most as many events as a full outbox holds.
   */
  #hold(event, bytes) {
    if (this.#held.length >= this.#o.maxOutboxItems * this.#o.batchSize) {
      this.#outbox.full();
      return false;
    }
    this.#held.push({ event, bytes, after: this.#resetCalls, consent: this.#consentCalls });
    this.#unlistenHeld ??= this.#listenHeld();
    return true;
  }

  /**
   * Journals the held events when the page is hidden, frozen or goes away
   * (browsers, IndexedDB storage): they are in no outbox yet, and the page
   * may not come back. Returns what removes the listeners.
   */
  #listenHeld() {
    return this.#o.storage === 'indexeddb' ? whenPageHides(() => this.#journalHeld()) : () => {};
  }

  /**
   * Writes the held events a later turn will track (not those a reset()
   * or revokeConsent() called after them drops) to this page's journal,
   * which the user's next client stores; rewritten as they are released.
   */
  #journalHeld() {
    const kept = this.#held.filter((h) => h.after >= this.#resetsBegun);
    this.#heldJournaled = this.#outbox.journalHeld(kept.map((h) => h.event)) > 0;
  }

  /** Drops the held events tracked before the last revokeConsent() (see #hold), from the journal too. */
  #dropRevoked() {
    this.#held = this.#held.filter((h) => h.consent >= this.#revokedAt);
    if (this.#heldJournaled) this.#journalHeld();
    this.#stopHolding();
  }

  /** Removes the page listeners that journal held events, once none is held (or the client ends). */
  #stopHolding() {
    if (this.#held.length > 0 && !this.#destroyed) return;
    this.#unlistenHeld?.();
    this.#unlistenHeld = null;
  }

  /** Once reset number `call` cleared memory: releases the held events (see #release). */
  #releaseHeld(call) {
    if (this.#resetsBegun >= call) return 0;
    this.#resetsBegun = call;
    return this.#release();
  }

  /**
   * Drops the held events tracked before the last reset() that began (the
   * last user's); tracks those whose reset has begun, once consent is
   * granted; the others stay held. Returns the number of batches the
   * dropped ones would have made.
   */
  #release() {
    const held = this.#held;
    this.#held = [];
    let dropped = 0;
    let tracked = 0;
    for (const h of held) {
      if (h.after < this.#resetsBegun) dropped++;
      else if (h.after > this.#resetsBegun || !this.#consented) this.#held.push(h);
      else tracked += this.#tracked(h.event, h.bytes, true) ? 1 : 0;
    }
    if (this.#heldJournaled) {
      // The page was hidden: the outbox's journal takes those tracked before this one lets them go.
      if (tracked) this.#outbox.persist();
      this.#journalHeld();
    }
    this.#stopHolding();
    return Math.ceil(dropped / this.#o.batchSize);
  }

  /**
   * Records a survey response. Resolves once it is in the outbox:
   * `{ accepted: true, key }`, or `{ accepted: false, error }` (consent
   * pending, OUTBOX_FULL, STORAGE_QUOTA...). With a `promptId` the survey
   * policy records the prompt as answered.
   * @param {{ surveyId?: string, kind?: string, promptId?: string, answers?: object }} [response]
   */
  async submitSurvey(response) {
    const { surveyId, kind, promptId, answers } = objectArg(response, 'response', false, ['surveyId', 'kind', 'promptId', 'answers']);
    surveyText(surveyId, 'response.surveyId');
    surveyText(kind, 'response.kind');
    if (promptId !== undefined) {
      promptText(promptId, 'response.promptId');
      this.#assertAnswers(promptId, surveyId, kind);
    }
    // Read within the limits first (sizes, getters, BigInt), then as JSON (no NaN: JSON would make it null).
    const read = plain(answers, 'response.answers');
    // A scored survey's scale that is not finite breaks the scale's rule (INVALID_SCALE), as in the core.
    if (SCORED_KINDS.includes(kind) && typeof read?.scale === 'number' && !Number.isFinite(read.scale)) this.#scores.assertScale(kind, read.scale);
    finiteJson(read, 'response.answers');
    const json = JSON.stringify(read) ?? 'null';
    const chars = json.length + surveyId.length + kind.length + (promptId?.length ?? 0);
    if (chars > EVENT_CHARS) {
      throw rangeError('TOO_LARGE', 'response', `a response's answers as JSON, surveyId, kind and promptId must hold at most ${EVENT_CHARS} characters, got ${chars}`);
    }
    const copy = JSON.parse(json);
    if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) throw argumentError('response.answers', 'must be a JSON object', answers);
    this.#assertAlive();
    const since = this.#callsBefore();
    return this.#pendingWrite(this.#survey.closing(promptId, async () => {
      const close = promptId === undefined || !this.#consented ? null : this.#survey.outcome('responded', promptId, 'response');
      // nps, ces and csat answers are scores: checked now (against the
      // answers accepted and those still being accepted), counted in scores().
      const scored = SCORED_KINDS.includes(kind) ? this.#scores.check(surveyId, kind, copy.scale, copy.score) : this.#scores.assertKind(surveyId, kind);
      const payload = { ...this.#who(), surveyId, kind, promptId: promptId ?? null, answers: copy };
      try {
        const result = await this.#accept(since, 'response', payload, close, (item, kept) => {
          this.#survey.closed(promptId);
          if (!scored || !kept) return;
          this.#scores.add(surveyId, scored, copy.score, item.at);
          this.#save('scores', this.#scores.toJSON());
        });
        this.#campaigns.closed(promptId);
        return result;
      } finally {
        if (scored) this.#scores.settle(surveyId);
      }
    }));
  }

  /**
   * Throws unless a response of survey `surveyId` of `kind` can answer
   * prompt `promptId` as this page showed it (a prompt of another survey
   * would count as responded while the response counts for another). Only
   * this page's open prompts are looked at: finding one in a state of
   * 100 k entries would build its lists.
   */
  #assertAnswers(promptId, surveyId, kind) {
    const shown = this.#survey.shownHere(promptId);
    if (shown === undefined) return;
    if (shown.kind !== kind) throw sdkError('KIND_MISMATCH', `response.kind: prompt "${promptId}" was shown for a survey of kind "${shown.kind}", got "${kind}"`, 'response.kind');
    if (shown.surveyId !== surveyId) throw rangeError('INVALID_VALUE', 'response.surveyId', `must be the survey prompt "${promptId}" was shown for, "${shown.surveyId}", got "${surveyId}"`);
  }

  /**
   * The result of survey `surveyId` (`NpsResult`, `CesResult` or
   * `CsatResult`, as the core's `SurveyAggregate.summary` gives it) over
   * the aggregate loaded with `loadScores` and the answers this client
   * accepted since; `null` without answers.
   */
  scores(surveyId, options) {
    this.#assertAlive();
    surveyText(surveyId, 'surveyId');
    return this.#scores.summary(surveyId, objectArg(options, 'options'));
  }

  /**
   * Loads your backend's aggregate of `surveyId` (a SurveyAggregate's JSON)
   * covering answers up to `asOf`; this client's answers accepted later
   * are added to it in `scores()`. Throws a typed error for an invalid
   * aggregate; nothing changes then.
   * @param {string} surveyId
   * @param {*} aggregate
   * @param {{ asOf?: number }} options
   */
  loadScores(surveyId, aggregate, options) {
    this.#assertAlive();
    const { asOf } = objectArg(options, 'options', false, ['asOf']);
    this.#scores.load(surveyId, aggregate, asOf);
    this.#save('scores', this.#scores.toJSON());
  }

  /**
   * Records a value of one of the role's scale-assessed (Likert),
   * self-reported or integration metrics: checked by the core, written to
   * the outbox, then counted. `method` defaults to the metric's collection
   * method, `at` to now. Resolves to Accepted plus `goal`: the goal this
   * value closed (achieved, or missed when past due), else null. Bad input
   * rejects with a typed error; nothing is stored then.
   */
  async record(observation) {
    const results = this.#requireResults();
    const { metric, value, method, at = Date.now() } = fields(objectArg(observation, 'observation', false), 'observation', ['metric', 'value', 'method', 'at']);
    const input = { ...results.instance, metric, value, method: method ?? this.#methodOf(metric), at, user: this.#o.userId };
    return this.#change(
      'observation',
      (store) => ({ goal: store.recordObservation(input) }),
      ({ goal }) => ({ ...this.#who(), metric, value, method: input.method, at, closedGoal: goal }),
    );
  }

  /**
   * Sets the active goal of one of the role's metrics (`baseline` defaults
   * to the metric's value at `start`, `start` to now). With `replace: true`
   * an active goal is abandoned first, in the same step (both or neither).
   * Resolves to Accepted plus the `goal` set and the goal `replaced` (or
   * null); the outbox item carries both, baseline resolved.
   */
  async setGoal(goal) {
    const results = this.#requireResults();
    const { metric, target, baseline, start = Date.now(), due, replace = false } = fields(objectArg(goal, 'goal', false), 'goal', ['metric', 'target', 'baseline', 'start', 'due', 'replace']);
    if (typeof replace !== 'boolean') throw argumentError('goal.replace', 'must be a boolean', replace);
    const input = { ...results.instance, metric, target, start, ...(baseline !== undefined && { baseline }), ...(due !== undefined && { due }) };
    const active = (store) => {
      const goal = store.goals(results.instance, start).find((m) => m.metric === metric)?.goal;
      return goal?.status === 'active' ? goal : null;
    };
    // A goal of the metric already over when the new one starts, or now
    // when that is earlier (past its due date), is judged first, with every
    // goal then, as a read judges them. A start that is no time is
    // setGoal's to report.
    const judgeAt = Number.isSafeInteger(start) ? Math.max(-8.64e15, Math.min(start, Date.now())) : undefined;
    const overdue = (store) => {
      const goal = judgeAt === undefined ? undefined : store.goals(results.instance, judgeAt).find((m) => m.metric === metric)?.goal;
      return goal?.status === 'active' && goal.due != null && goal.due < judgeAt;
    };
    let checked; // the baseline as checked: events tracked meanwhile do not move it
    return this.#change(
      'goal',
      (store) => {
        if (overdue(store)) store.review(judgeAt);
        const current = replace ? active(store) : null;
        // Abandoned when the new goal starts, or at its own start when that is later (a next quarter's goal).
        const replaced = current ? store.abandonGoal({ ...results.instance, metric, at: Math.max(start, current.start) }) : null;
        const set = store.setGoal(checked === undefined ? input : { ...input, baseline: checked });
        checked ??= set.baseline;
        return { goal: set, replaced };
      },
      ({ goal: set, replaced }) => ({ ...this.#who(), action: 'set', metric, goal: set, replaced }),
      { replaced: null },
    );
  }

  /**
   * Abandons a metric's active goal (it moves to the history; one past its
   * due date at `at` closes as judged then). Resolves to Accepted plus the
   * `goal` closed.
   */
  async abandonGoal(goal) {
    const results = this.#requireResults();
    const { metric, at = Date.now() } = fields(objectArg(goal, 'goal', false), 'goal', ['metric', 'at']);
    const input = { ...results.instance, metric, at };
    return this.#change(
      'goal',
      (store) => ({ goal: store.abandonGoal(input) }),
      ({ goal: closed }) => ({ ...this.#who(), action: 'abandon', metric, goal: closed }),
    );
  }

  /**
   * Per metric of the user's role: current value, active goal with
   * progress and forecast, suggested next goal (the core's MetricStatus).
   * Tracked events count at once.
   */
  metrics(at) {
    return this.#readResults((results) => results.metrics(at));
  }

  /** The closed goals of a metric, oldest first. */
  history(metric) {
    return this.#readResults((results) => results.history(metric));
  }

  /** The Customer Results Canvas of the user's role. */
  canvas(at) {
    return this.#readResults((results) => results.canvas(at));
  }

  /** The model given in options (as the core normalised it). */
  model() {
    return this.#requireResults().model();
  }

  /** The results state (versioned JSON), to save in your backend. */
  results() {
    return this.#readResults((results) => results.toJSON());
  }

  /**
   * Replaces the local results with state from your backend (e.g. the
   * role's metrics as other users and integrations fed them). Throws a
   * typed error (MODEL_MISMATCH for state of another model, INVALID_VALUE
   * for an account other than the client's); nothing changes then.
   */
  loadResults(state) {
    const results = this.#requireResults();
    results.load(state);
    this.#save('results', results.toJSON());
    this.#metricsChanged();
    this.#campaigns.refresh(); // other goal periods
  }

  /**
   * Records that the user closed a shown prompt without answering (data,
   * not a response); `askLater: true` is "ask me later" (a snooze: the
   * kind comes back after the policy's snoozeDays). Resolves like
   * submitSurvey.
   * @param {{ promptId?: string, askLater?: boolean }} dismissal
   */
  async dismissSurvey(dismissal) {
    const { promptId, askLater = false } = objectArg(dismissal, 'dismissal', false, ['promptId', 'askLater']);
    promptText(promptId, 'dismissal.promptId');
    if (typeof askLater !== 'boolean') throw argumentError('dismissal.askLater', 'must be a boolean', askLater);
    this.#assertAlive();
    const since = this.#callsBefore();
    return this.#pendingWrite(this.#survey.closing(promptId, async () => {
      const prompt = this.#survey.prompt(promptId);
      const close = this.#consented ? this.#survey.outcome(askLater ? 'snoozed' : 'dismissed', promptId, 'dismissal') : null;
      const payload = { ...this.#who(), promptId, surveyId: prompt?.surveyId ?? null, kind: prompt?.kind ?? null, askLater };
      const result = await this.#accept(since, 'dismissal', payload, close, () => {
        this.#survey.closed(promptId);
      });
      this.#campaigns.closed(promptId);
      return result;
    }));
  }

  /**
   * Asks the survey policy (in Rust) whether to show a survey of `kind`
   * now: `{ show, reason, retryAt }`. `surveyId` (default: the kind) is
   * what sampling hashes with the user id.
   */
  shouldAskSurvey(kind, options) {
    this.#assertAlive();
    surveyText(kind, 'kind');
    const { surveyId = kind } = objectArg(options, 'options', true, ['surveyId']);
    surveyText(surveyId, 'options.surveyId');
    const policy = this.#survey.policy();
    let decision;
    try {
      // Asked even before consent: bad input is refused first (an unknown kind throws).
      decision = this.#lib.surveyDecision(policy, this.#survey.state, {
        surveyId,
        kind,
        userId: this.#o.userId,
        role: this.#o.role,
        now: Date.now(),
        sessionStart: this.#sessionStart,
      });
    } catch (error) {
      throw rooted(rooted(error, 'ask.kind', 'kind'), 'ask.surveyId', 'options.surveyId');
    }
    return this.#consented ? decision : { show: false, reason: 'CONSENT_REQUIRED', retryAt: null };
  }

  /**
   * Records that the host app showed a survey; returns the prompt id to
   * pass to submitSurvey or dismissSurvey. The prompt counts towards the
   * recontact period and the fatigue budget, and is tracked as a
   * `$survey_shown` event.
   * @param {{ surveyId?: string, kind?: string }} shown
   */
  surveyShown(shown) {
    this.#assertAlive();
    const { surveyId, kind } = objectArg(shown, 'shown', false, ['surveyId', 'kind']);
    surveyText(surveyId, 'shown.surveyId');
    surveyText(kind, 'shown.kind');
    const promptId = this.#uuid();
    let state;
    try {
      // Computed even before consent: bad input is refused first.
      state = this.#survey.next({ type: 'shown', promptId, surveyId, kind, role: this.#o.role, at: Date.now() });
    } catch (error) {
      throw rooted(error, 'event', 'shown');
    }
    if (!this.#consented) throw sdkError('CONSENT_REQUIRED', 'consent: is required before surveys are shown (surveyShown)', 'consent');
    this.#survey.shown(promptId, state, { surveyId, kind });
    this.track(SURVEY_SHOWN_EVENT, { promptId, surveyId, kind });
    return promptId;
  }

  /**
   * The survey-policy state (versioned JSON) to save in the host's backend:
   * the frozen state the module returned, shared, not copied (a copy of
   * 200k prompts took ~300 ms); its lists are built when first read.
   */
  surveyState() {
    this.#assertAlive();
    return this.#survey.state ?? NO_SURVEY_STATE;
  }

  /**
   * Merges survey-policy state from the host's backend (other devices,
   * other users of the account) and stores it. Throws a typed error for
   * invalid state; nothing changes then.
   */
  loadSurveyState(state) {
    this.#assertAlive();
    this.#survey.merge(state);
  }

  /**
   * Sets the survey campaigns (plain data, checked at once by the core
   * against the policy: a bad campaign throws its coded error naming the
   * path, e.g. `campaigns[2].trigger.event.occurrence`, and nothing
   * changes) and the user's targeting attributes. A `<clg-prompt-host>`
   * (or `onCampaign`) then shows whichever is due.
   *
   * @example client.campaigns([{ id: 'ces-export', ask: { survey: { kind: 'ces' } }, trigger: { event: { name: 'report_exported' } } }]);
   * @param {object[]} list
   * @param {{ signupAt?: number, account?: object, segments?: string[] }} [audience]
   */
  campaigns(list, audience) {
    this.#assertAlive();
    this.#campaigns.set(plain(list, 'campaigns', CAMPAIGN_LIMITS), objectArg(audience, 'audience', true, ['signupAt', 'account', 'segments']));
  }

  /** Reports the route the user is on (`'/reports/42'`): route triggers fire on it. */
  route(path) {
    this.#assertAlive();
    const route = boundedText(path, 'path', LIMITS.route);
    this.#campaigns.route(route, Date.now());
  }

  /**
   * Why each campaign does or does not show now: `{ due, campaigns: [{
   * campaignId, show, reason, nextEligibleAt }] }`.
   */
  campaignStatus() {
    this.#assertAlive();
    return this.#campaigns.status(Date.now());
  }

  /**
   * Calls `listener(due)` when a campaign is due and no campaign prompt is
   * open (`due`: `{ campaignId, surveyId, kind, ask, metrics }`). Show it,
   * then call `campaignShown(due)` and answer through submitSurvey /
   * dismissSurvey with its prompt id. `withdrawn(due)`, if given, is
   * called when a prompt shown for `due` no longer applies (a route
   * campaign whose route the user left): close it. Returns the unsubscribe
   * function. `<clg-prompt-host>` does all of this.
   */
  onCampaign(listener, withdrawn) {
    this.#assertAlive();
    if (typeof listener !== 'function') throw argumentError('listener', 'must be a function', listener);
    if (withdrawn != null && typeof withdrawn !== 'function') throw argumentError('withdrawn', 'must be a function', withdrawn);
    return this.#campaigns.subscribe(listener, withdrawn ?? undefined);
  }

  /**
   * Calls `listener({ cleared })` after the user's metrics or goals changed:
   * tracked events applied (at each sealed batch, and at a read), a
   * `record`, `setGoal` or `abandonGoal` applied, a goal judged,
   * `loadResults`, `reset()`. Changes of one task make one call; read
   * `metrics()` (or `canvas()`) again in it. `cleared` is true when the
   * user's data was forgotten (`reset()`, `revokeConsent()`): drop what
   * was shown or typed for them. Returns the unsubscribe function.
   * `<clg-role-goals>` with a `client` uses it.
   *
   * @example
   * const stop = client.onMetrics(() => render(client.metrics()));
   */
  onMetrics(listener) {
    this.#requireResults();
    if (typeof listener !== 'function') throw argumentError('listener', 'must be a function', listener);
    const entry = { listener };
    this.#metricsListeners.add(entry);
    return () => {
      this.#metricsListeners.delete(entry);
    };
  }

  /** Records that the due campaign is shown (like surveyShown); returns the prompt id. */
  campaignShown(due) {
    this.#assertAlive();
    due = objectArg(due, 'due', false);
    const { surveyId, kind } = fields(due, 'due', ['campaignId', 'surveyId', 'kind', 'ask', 'metrics']);
    surveyText(surveyId, 'due.surveyId');
    surveyText(kind, 'due.kind');
    return this.#campaigns.shown(due);
  }

  /**
   * Writes buffered events to the outbox and sends what the outbox holds
   * now (unless the collector's Retry-After still holds). Never rejects on
   * a failed send (only after destroy(), CLIENT_DESTROYED): resolves to `{ delivered, pending: { tab, all } }`, the keys the
   * collector acknowledged to this tab meanwhile and the items still
   * waiting (failures went to onError and will be retried).
   */
  async flush() {
    this.#assertAlive();
    if (!this.#consented && this.#granting) await this.#granting; // what was tracked meanwhile goes too
    if (!this.#consented) return { delivered: [], pending: { tab: 0, all: 0 } };
    return this.#outbox.flush();
  }

  /**
   * What the outbox holds, without sending anything: `{ count, tab,
   * oldestAt, oldestAgeMs, notDurable, attempt, nextRetryAt }`.
   */
  async inspectOutbox() {
    this.#assertAlive();
    if (!this.#consented && this.#granting) await this.#granting; // what was tracked meanwhile is in it then
    return this.#outbox.inspect();
  }

  /**
   * Logout: forgets this user's local data (buffer, outbox, survey state,
   * the whole database). Unsent items are discarded: call flush() first to
   * deliver them. The client stays usable, empty; resolves to the number
   * of items discarded.
   */
  async reset() {
    this.#assertAlive();
    /** @type {(value?: unknown) => void} */
    let reopened = () => {};
    const reopening = new Promise((resolve) => { reopened = resolve; });
    this.#reopening = reopening;
    const call = ++this.#resetCalls;
    try {
      return await this.#inTurn('reset', () => this.#reset(call));
    } finally {
      this.#releaseHeld(call); // had the turn failed before clearing
      if (this.#reopening === reopening) this.#reopening = null;
      reopened();
    }
  }

  async #reset(call) {
    this.#forget(discardedByReset());
    this.#survey.forgetPrompts(); // logout: the next user answers none of these
    // Detach the store first: a send in flight stops at its next step, and
    // events tracked meanwhile (and those held since this call) wait in
    // memory for the fresh store. The collector's Retry-After still holds.
    const detached = this.#outbox.detach(true);
    const dropped = this.#releaseHeld(call);
    const { store, discarded } = await detached;
    if (!store) return discarded + dropped;
    this.#forgetSession();
    try {
      await store.destroy();
    } catch (error) {
      this.#report(sdkError('STORAGE_FAILED', 'could not delete local data', 'storage', error));
    }
    // Also when destroy() was called meanwhile: it then writes (or journals) what was accepted since.
    // The views in memory hold what was tracked since: nothing stored is loaded over them.
    if (this.#consented) await this.#start(false);
    return discarded + dropped;
  }

  /**
   * Grants consent: storage opens and syncing starts. Events tracked and
   * writes called until it finishes are held and wait, then are stored.
   */
  async grantConsent() {
    this.#assertAlive();
    const call = ++this.#consentCalls;
    const granting = this.#inTurn('grantConsent', async () => {
      // Also when destroy() was called meanwhile: the writes called before it are taken as they would be without it.
      if (this.#consented || call !== this.#consentCalls) return;
      await this.#start();
      if (call !== this.#consentCalls) return; // revoked meanwhile: its turn, next, clears what this opened
      this.#consented = true;
      this.#release();
      this.#outbox.requestSend();
      this.#campaigns.refresh();
    });
    if (this.#consented) return granting;
    const settled = granting.then(() => {}, () => {});
    this.#granting = settled;
    await settled;
    if (this.#granting === settled) this.#granting = null;
    return granting;
  }

  /** Revokes consent: refuses writes at once, then stops syncing and deletes this user's local data. */
  async revokeConsent() {
    this.#assertAlive();
    this.#revokedAt = ++this.#consentCalls;
    this.#consented = false;
    this.#granting = null;
    this.#dropRevoked();
    return this.#inTurn('revokeConsent', async () => {
      // Nothing opened since the last clearing: nothing to clear. (A reset() running when this was
      // called leaves no store open, and memory to clear.) Data loaded meanwhile (loadResults) stays.
      if (!this.#opened) return;
      this.#opened = false;
      this.#forget(withdrawnConsent());
      const { store } = await this.#outbox.detach();
      this.#forgetSession();
      try {
        await store?.destroy();
      } catch (error) {
        this.#report(sdkError('STORAGE_FAILED', 'could not delete local data', 'storage', error));
      }
    });
  }

  /**
   * Runs `task` at once, or once the reset or consent change called before
   * it settled (they would otherwise open and clear storage under each
   * other); a failure without a code rejects as STORAGE_FAILED naming `method`.
   */
  #inTurn(method, task) {
    const queued = this.#turnsOpen++ > 0;
    const run = (queued ? this.#turns.then(task) : task()).catch((error) => {
      throw typeof error?.code === 'string' ? error : sdkError('STORAGE_FAILED', `${method}() failed: ${error?.message ?? String(error)}`, 'storage', error);
    });
    const settled = () => {
      this.#turnsOpen--;
    };
    this.#turns = run.then(settled, settled);
    return run;
  }

  /**
   * Lets the writes called before it finish, writes buffered events to the
   * outbox, stops timers and listeners and closes storage. Later calls
   * throw CLIENT_DESTROYED; destroy() again resolves with the first.
   */
  async destroy() {
    return (this.#ending ??= this.#end());
  }

  async #end() {
    this.#destroyed = true;
    await this.#turns; // a reset or consent change called before
    await Promise.allSettled(this.#writes);
    await this.#outbox.settle();
    this.#stopHolding();
    this.#survey.close();
    this.#campaigns.clear();
    this.#metricsListeners.clear();
    this.#outbox.close();
    this.#store?.close();
    this.#results?.free();
    this.#results = null;
  }

  // --- internals -----------------------------------------------------------

  #who() {
    return { accountId: this.#o.accountId, userId: this.#o.userId, role: this.#o.role };
  }

  #assertAlive() {
    if (this.#destroyed) throw sdkError('CLIENT_DESTROYED', 'client: this client was destroyed: create a new one', 'client');
  }

  /** Calls the host's `options[name]`; its failure goes to onError. */
  #call(name, value) {
    try {
      this.#o[name]?.(value);
    } catch (error) {
      this.#report(sdkError('OBSERVER_FAILED', `options.${name} failed`, `options.${name}`, error));
    }
  }

  /** Calls onError (or console.warn) and never lets the host's callback throw into us. */
  #report(error) {
    try {
      if (this.#o.onError) this.#o.onError(error);
      else console.warn('clg-metrics:', error);
    } catch {
      // The host's onError failed: nothing more we can do.
    }
  }

  /**
   * Accepts one item: reserves a slot, writes it to the outbox, then counts
   * it as accepted, commits the survey state `close()` gives (see
   * SurveyState's outcome) and runs `accepted(item)` (its result's fields
   * join the answer; `extra` holds them for a refusal). A write called
   * while reset() runs waits for the fresh storage; one called before a
   * reset() (`since`: the calls made before it, see #callsBefore) is
   * DISCARDED; one called before a revokeConsent() is CONSENT_REQUIRED.
   */
  async #accept(since, type, payload, close, accepted, extra) {
    while (since.consented && (this.#reopening || this.#granting)) await this.#storageOpening();
    if (this.#resetCalls > since.resets) return refused(discardedByReset(), extra);
    if (this.#revokedAt > since.consent) return refused(withdrawnConsent(), extra);
    if (!this.#consented || !since.consented) return refused(sdkError('CONSENT_REQUIRED', 'consent is required before anything is stored', 'consent'), extra);
    const cleared = this.#cleared;
    const { item, error } = await this.#outbox.accept(type, payload);
    if (error) return refused(error, extra);
    // Stored before a reset() or revokeConsent() cleared memory: accepted, and discarded with the
    // rest; the views it cleared do not count it (`kept` false).
    const kept = this.#cleared === cleared;
    if (close && kept) {
      try {
        this.#survey.commit(close());
      } catch {
        // Closed or forgotten meanwhile (state loaded with its outcome, a reset): the state stays.
      }
    }
    const more = accepted?.(item, kept);
    this.#notify(item);
    return { accepted: true, key: item.key, error: null, ...more };
  }

  /**
   * A results change, one at a time: `change(store)` is checked on a copy
   * (bad input rejects with the core's typed error, nothing stored), the
   * item `payload(result)` goes to the outbox, then the change is applied
   * and the state saved. Resolves to Accepted plus the change's result
   * (`{ goal, ... }`; when refused, `goal: null` and `refusedFields`).
   */
  #change(type, change, payload, refusedFields) {
    const since = this.#callsBefore();
    // The view this call was made on; none yet while a reset() called before it waits for its turn,
    // or while consent is being granted (the grant loads the stored one).
    const made = this.#resetsBegun === since.resets && !this.#granting ? this.#results : null;
    const run = async () => {
      while (this.#reopening || this.#granting) await this.#storageOpening(); // a reset() or grantConsent() called before this turn goes first
      const results = this.#results;
      if (this.#resetCalls > since.resets) return refused(discardedByReset(), { goal: null, ...refusedFields });
      if (made && results !== made) return refused(this.#cleared, { goal: null, ...refusedFields }); // consent withdrawn meanwhile
      // Events tracked so far count (sealed first: the view is saved only with
      // batches in the outbox). Goals are not judged by the write, nor while
      // it is being stored: a value dated before an overdue goal's due date,
      // entered late, still achieves it, as the core's recordObservation
      // judges it, unless a read judged the goal first.
      this.#changing++;
      try {
        this.#outbox.seal();
        if (results.sync(Date.now(), (error) => this.#report(error), false)) this.#saveResultsSoon();
        const result = results.check(change);
        return await this.#accept(since, type, payload(result), null, () => {
          if (this.#results !== results) return result; // reset meanwhile: the item is out, the view is gone
          try {
            const applied = results.apply(change);
            this.#saveResultsSoon(); // once the batches the view counts are in the outbox too
            this.#campaigns.refresh(); // a goal period may start or end
            return applied;
          } catch (error) {
            this.#report(sdkError('RESULTS_CONFLICT', `the ${type} is in the outbox but the local metrics refused it: ${error.message}`, 'results', error));
            return result;
          }
        }, { goal: null, ...refusedFields });
      } finally {
        this.#changing--;
      }
    };
    const done = this.#changes.then(run);
    this.#changes = done.catch(() => {});
    return this.#pendingWrite(done);
  }

  /**
   * What a write finds when called: the reset() and consent calls made
   * before it (a later reset() discards it, a later revokeConsent() refuses
   * it) and whether consent was granted or being granted (if not, a grant
   * called after it does not take it).
   */
  #callsBefore() {
    return { resets: this.#resetCalls, consent: this.#consentCalls, consented: this.#consented || this.#granting !== null };
  }

  /** What a write waits for: the reset() running, else the grantConsent() being granted (the storage it goes to opens). */
  #storageOpening() {
    return this.#reopening ?? this.#granting;
  }

  /** `call`, a write called before destroy(): destroy() waits for it to settle. */
  #pendingWrite(call) {
    this.#writes.add(call);
    const settled = () => this.#writes.delete(call);
    call.then(settled, settled);
    return call;
  }

  #requireResults() {
    this.#assertAlive();
    if (!this.#results) throw sdkError('NO_MODEL', 'options.model: createClient({ model }) is needed for metrics and goals', 'options.model');
    return this.#results;
  }

  /**
   * Applies tracked events and judges goals, then reads. The open batch is
   * sealed first: the events a read shows are on their way to storage.
   */
  #readResults(read) {
    const results = this.#requireResults();
    this.#outbox.seal();
    if (this.#syncResults(results)) this.#saveResultsSoon();
    return read(results);
  }

  /**
   * Applies tracked events, and judges goals now unless a results change
   * is being stored (it applies as it was checked).
   */
  #syncResults(results) {
    return results.sync(Date.now(), (error) => this.#report(error), this.#changing === 0);
  }

  /**
   * The campaign decision's context from this client: who, when, the role's
   * metrics (a check-in asks only about those) and their goal periods.
   */
  #campaignContext(now) {
    const context = { now, userId: this.#o.userId, role: this.#o.role, sessionStart: this.#sessionStart, periods: {} };
    if (!this.#results) return context;
    context.level = this.#o.maturity;
    context.metrics = [];
    for (const { metric, goal } of this.#readResults((results) => results.metrics(now))) {
      context.metrics.push(metric);
      // A period needs its end: goals without a due date get no check-ins. A
      // goal may start before 1970 (the results store takes such times); the
      // campaign core takes times from 0, so its period starts at 0.
      if (goal?.status === 'active' && goal.due != null) context.periods[metric] = { start: Math.max(0, goal.start), due: goal.due };
    }
    return context;
  }

  #freshResults() {
    const { model, accountId, role, maturity } = this.#o;
    return model === undefined ? null : new LocalResults(this.#lib, { model, accountId, role, maturity });
  }

  /** The collection method of `metric` in the user's role, if it is defined. */
  #methodOf(metric) {
    return this.#role().metrics.find((m) => m.id === metric)?.collection.method;
  }

  /** The user's role in the model. */
  #role() {
    return this.#results.model().roles.find((r) => r.id === this.#o.role);
  }

  /**
   * Saves the results once the batches sealed so far are stored: a saved
   * view never counts events the outbox could still lose (a crash before
   * their write). Tracked events move the view at every sealed batch, and
   * the state costs ~0.3 ms to serialise: one save per write.
   */
  #saveResultsSoon() {
    this.#metricsChanged();
    if (this.#resultsSaving) return;
    this.#resultsSaving = true;
    const save = () => {
      this.#resultsSaving = false;
      if (this.#results) this.#save('results', this.#results.toJSON());
    };
    this.#outbox.written().then(save, save);
  }

  /** Stores a named value (results, scores, survey state); failures go to onError. */
  #save(name, value) {
    if (!this.#consented) return;
    const at = Date.now();
    const store = this.#store;
    const saved = store?.putMeta(name, value);
    // Stored: a results view kept by a page that went away before is older, and goes.
    if (name === 'results' && store?.kind === 'indexeddb') saved?.then(() => dropKeptResults(this.#outbox.name, at), () => {});
    saved?.catch((error) => this.#report(storageError(error, `could not store the ${name}`)));
  }

  /**
   * The results view a page kept in localStorage as it went away (see the
   * `persisted` hook), when it loads; else undefined (one that does not is
   * dropped: IndexedDB's copy is then what is left).
   */
  #keptResults() {
    const kept = readKeptResults(this.#outbox.name)?.state;
    if (kept === undefined) return undefined;
    try {
      this.#lib.ResultsStore.fromJSON(kept).free();
      return kept;
    } catch {
      dropKeptResults(this.#outbox.name, Infinity);
      return undefined;
    }
  }

  /** Restores the stored results and scores; invalid ones are quarantined and reported. */
  async #loadViews() {
    const views = [
      ['results', this.#results, (r, stored) => r.load(stored, 'stored results')],
      ['scores', this.#scores, (s, stored) => s.restore(stored)],
      ['campaigns', this.#campaigns, (c, stored) => c.restore(stored)],
    ];
    for (const [name, view, restore] of views) {
      if (!view) continue;
      let stored;
      try {
        stored = await this.#store.getMeta(name);
      } catch (error) {
        this.#report(storageError(error, `could not read the ${name}`));
      }
      // The campaign bookkeeping kept in localStorage may be newer (the page went away before IndexedDB committed),
      // and so may a results view kept there (it would be gone had a later IndexedDB save of it succeeded).
      if (name === 'campaigns' && this.#store.kind === 'indexeddb') stored = newerMemory(stored, readKeptCampaigns(this.#outbox.name));
      if (name === 'results' && this.#store.kind === 'indexeddb') stored = this.#keptResults() ?? stored;
      if (stored === undefined) continue;
      try {
        restore(view, stored);
      } catch (error) {
        await this.#store.quarantineMeta(name, stored, `${error.code}: ${error.message}`).catch(() => {});
        const changed = error.code === 'MODEL_MISMATCH';
        this.#report(sdkError(
          changed ? 'MODEL_CHANGED' : 'STORAGE_CORRUPT',
          changed
            ? `the stored ${name} were built on another model: they were quarantined and the metrics start empty (load your backend's state with loadResults)`
            : `the stored ${name} were invalid and were quarantined (${error.message})`,
          'storage', error));
      }
    }
  }

  /** Calls the onMetrics listeners once the current task is done. */
  #metricsChanged() {
    if (this.#metricsQueued || this.#metricsListeners.size === 0) return;
    this.#metricsQueued = true;
    queueMicrotask(() => {
      this.#metricsQueued = false;
      const cleared = this.#metricsCleared;
      this.#metricsCleared = false;
      for (const { listener } of [...this.#metricsListeners]) {
        if (this.#destroyed) return;
        try {
          listener({ cleared });
        } catch (error) {
          this.#report(sdkError('OBSERVER_FAILED', 'an onMetrics listener failed', 'onMetrics', error));
        }
      }
    });
  }

  #notify(item) {
    for (const observer of this.#observers) {
      try {
        observer.accepted(item);
      } catch (error) {
        this.#report(sdkError('OBSERVER_FAILED', `an observer failed on item ${item.key}`, 'observers', error));
      }
    }
  }

  /** Ends the kept session (reset, revoked consent): the next one starts now, unless the app gave `sessionStart`. */
  #forgetSession() {
    forgetSessionStart(this.#outbox.name);
    this.#sessionStart = this.#o.sessionStart ?? Date.now();
  }

  /** Forgets everything held in memory for this user. */
  #forget(error) {
    this.#cleared = error;
    this.#survey.forget();
    this.#results?.free();
    this.#results = this.#freshResults();
    if (this.#metricsListeners.size) this.#metricsCleared = true; // told with the next call
    this.#metricsChanged();
    this.#scores.clear();
    this.#campaigns.clear();
  }
}

/**
 * Creates a client (see Client). Validates the options synchronously,
 * waits for the WebAssembly module, and opens storage when consent is
 * granted.
 */
export async function createClient(lib, uuid, options) {
  await lib.init();
  const o = readOptions(lib, options);
  return boundTo(await Client.opened(lib, uuid, o));
}

/**
 * `client` as the app gets it: its methods and getters bound to it on a
 * plain object (not frozen: tests spy on methods). Destructured methods
 * work; no class method is reachable to call on another object.
 *
 * @example
 * const { track } = await createClient(lib, uuid, options);
 * track('report_exported'); // true
 */
function boundTo(client) {
  const methods = {};
  for (const [key, { get, value }] of Object.entries(Object.getOwnPropertyDescriptors(Client.prototype))) {
    if (key === 'constructor') continue;
    const bound = get ? { get: get.bind(client) } : { value: value.bind(client), writable: true };
    Object.defineProperty(methods, key, { ...bound, enumerable: true, configurable: true });
  }
  return /** @type {Client} */ (methods);
}
