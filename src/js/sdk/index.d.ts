// Public types of `clg-metrics/sdk`: the in-app client.
import type {
  Campaign, CampaignDecision, CampaignDue, CampaignValue, Canvas, ClgMetricsError, ClosedGoal, Goal, LevelOptions, MetricStatus,
  ResultsModel, ResultsState, SurveyAggregateJSON, SurveyDecision, SurveyPolicy, SurveyReason, SurveyResult, SurveyState,
} from '../index.js';

export type {
  Campaign, CampaignDecision, CampaignDue, CampaignReason, CampaignStatus, Canvas, ClgErrorCode, ClgMetricsError, ClosedGoal, Goal, MetricStatus,
  ResultsModel, ResultsState, SurveyAggregateJSON, SurveyDecision, SurveyPolicy, SurveyResult, SurveyState,
} from '../index.js';

/** Flat event properties (a prop holding `undefined` is left out, as JSON would). */
export type EventProps = Record<string, string | number | boolean | null | undefined>;

/** An item of the outbox, exactly as it goes on the wire (docs: wire format). */
export interface OutboxItem {
  /** Idempotency key (a random UUID): the collector stores each key once. */
  key: string;
  type: 'events' | 'response' | 'dismissal' | 'observation' | 'goal';
  /** When the item was created, ms since 1970. */
  at: number;
  payload: Record<string, unknown>;
}

/**
 * Hook point for the survey and customer-results cores: `accepted` is
 * called with every item once it is in the outbox.
 */
/** An outbox observer: `accepted` is called with every item once it is in the outbox. */
export interface OutboxObserver {
  accepted(item: OutboxItem): void;
}

export interface ClientOptions {
  /** The customer account the user belongs to. */
  accountId: string;
  /** The signed-in user; local data is kept per (account, user). */
  userId: string;
  /** The user's role (role metrics and the survey role cap). */
  role: string;
  /** The collector URL (same origin is simplest under a strict CSP); without it nothing is sent. */
  endpoint?: string | null | undefined;
  /** `"indexeddb"` (default; falls back to memory with STORAGE_UNAVAILABLE) or `"memory"`. */
  storage?: 'indexeddb' | 'memory' | null | undefined;
  /** `"required"`: nothing is stored or sent until `grantConsent()`. Default `"granted"`. */
  consent?: 'granted' | 'required' | null | undefined;
  /** Receives every background failure (an Error with `code`; a failed send also has `attempt` and `nextRetryAt`); never thrown into your app. */
  onError?: ((error: ClientError) => void) | null | undefined;
  /**
   * Called with the keys the collector acknowledged: the items this tab
   * accepted (whichever tab sent them) and the ones it sent. A key can
   * come twice (a lost ack, two tabs); the collector stored it once.
   */
  onDelivered?: ((keys: string[]) => void) | null | undefined;
  /** Survey policy for `shouldAskSurvey` (validated at creation). */
  policy?: SurveyPolicy | null | undefined;
  /** Start of the user's session, ms since 1970 (default: kept per tab in sessionStorage, so reloads and page changes do not restart it; else now). */
  sessionStart?: number | null | undefined;
  /** Hook points for the survey and customer-results cores. */
  observers?: readonly OutboxObserver[] | null | undefined;
  /**
   * The supplier's roles and metrics (`ResultsStore.defineModel`): enables
   * `record`, `setGoal`, `metrics`... for the user's `role`, which the
   * model must define. App-generated metrics count `track()` events.
   */
  model?: ResultsModel | string | null | undefined;
  /** The role's maturity level at this account, 1-based (default 1); needs `model`. */
  maturity?: number | null | undefined;
  /** Buffered events are written to IndexedDB at least this often: the durability bound (plus one write). Default 1000. */
  flushIntervalMs?: number | null | undefined;
  /** Events per batch (a full buffer is written at once). Default 100. */
  batchSize?: number | null | undefined;
  /** Outbox cap in items (batches, responses, dismissals); past it new items are refused with OUTBOX_FULL. Default 1000. */
  maxOutboxItems?: number | null | undefined;
  /** Items per request to the collector. Default 50. */
  sendBatchItems?: number | null | undefined;
  /** First retry delay bound; doubles per failure (full jitter). Default 1000. */
  retryBaseMs?: number | null | undefined;
  /** Largest retry delay, jittered or asked by the collector's `Retry-After` (429, 503). Default 60000. */
  retryMaxMs?: number | null | undefined;
  /** A request to the collector is abandoned (and retried) after this long. Default 10000. */
  requestTimeoutMs?: number | null | undefined;
}

/** An SDK error: a failed send (SEND_FAILED, BAD_ACK) also says which attempt it was and when the next one is due. */
export type ClientError = ClgMetricsError & {
  /** Failed sends in a row, this one included. */
  attempt?: number;
  /** When the next send is due, ms since 1970. */
  nextRetryAt?: number;
  /** The collector's HTTP status (SEND_FAILED with an answer). */
  status?: number;
  /** What the collector's `Retry-After` asked for, in ms (429, 503), or null. */
  retryAfterMs?: number | null | undefined;
};

/** What `flush()` resolves to. */
export interface Flushed {
  /** Keys the collector acknowledged to this tab while the flush ran. */
  delivered: string[];
  /** Items still waiting: accepted by this tab, and in the user's whole outbox (every tab, the open batch included). */
  pending: { tab: number; all: number };
}

/** What `inspectOutbox()` resolves to (nothing is sent). */
export interface OutboxState {
  /** Items in the user's outbox: every tab's stored items, plus this tab's not yet written. */
  count: number;
  /** This tab's share of them. */
  tab: number;
  /** `at` of the oldest item (ms since 1970), or null when empty. */
  oldestAt: number | null;
  oldestAgeMs: number | null;
  /** Items only in this page's memory (the open batch, a write in flight, or refused by storage). */
  notDurable: number;
  /** Failed sends in a row (0 after a success). */
  attempt: number;
  /** When the next send is due after a failure, or null. */
  nextRetryAt: number | null;
}

/** The result of a call that writes one item to the outbox. */
export type Accepted =
  | { accepted: true; key: string; error: null }
  | { accepted: false; key: null; error: ClgMetricsError };

export interface SurveyResponseInput {
  surveyId: string;
  kind: string;
  /** From `surveyShown`: the policy then records the prompt as answered. */
  promptId?: string | null | undefined;
  /**
   * The answers, as JSON. For kind `nps`, `ces` and `csat`, `score` is
   * required (checked by the core) and `scale` is the highest score
   * (default 10 / 7 / 5); they count in `scores()`.
   */
  answers: Record<string, unknown>;
}

/** A value of a scale-assessed (Likert), self-reported or integration metric of the user's role. */
export interface ClientObservation {
  metric: string;
  value: number;
  /** Default: the metric's collection method. */
  method?: 'scaleAssessed' | 'selfReported' | 'integration' | null | undefined;
  /** ms since 1970; default now. */
  at?: number | null | undefined;
}

export interface ClientGoalInput {
  metric: string;
  target: number;
  /** Default: the metric's value at `start`. */
  baseline?: number | null | undefined;
  /** ms since 1970; default now. */
  start?: number | null | undefined;
  due?: number | null | undefined;
  /** Abandon an active goal first, in the same step (both or neither). Default false: GOAL_ACTIVE. */
  replace?: boolean | null | undefined;
}

/** Accepted, plus the goal the call set, closed or abandoned (`null` if none, or when refused). */
export type GoalChange = Accepted & { goal: Goal | null };

export interface SurveyDismissalInput {
  promptId: string;
  /** "Ask me later": the kind comes back after the policy's `snoozeDays`. */
  askLater?: boolean | null | undefined;
}

/** `SurveyDecision`, or a refusal before consent. */
export type ClientSurveyDecision = SurveyDecision | { show: false; reason: 'CONSENT_REQUIRED'; retryAt: null };

/** The user's targeting attributes for campaigns (all optional). */
export interface CampaignAudience {
  /** When the user signed up, ms since 1970 (`daysSinceSignup` triggers). */
  signupAt?: number | null | undefined;
  /** Account attributes such as `{ plan: 'pro' }` (`target.account` rules). */
  account?: Record<string, CampaignValue | null> | null | undefined;
  /** The segments the user is in (`target.segments` rules). */
  segments?: readonly string[] | null | undefined;
}

/** `campaignStatus()`: the core's decision, or every campaign held back while consent is pending. */
export type ClientCampaignDecision = CampaignDecision | {
  due: null;
  campaigns: { campaignId: string; show: false; reason: 'CONSENT_REQUIRED'; nextEligibleAt: null }[];
};

/**
 * The in-app client: a plain object of methods bound to it, so
 * `const { track } = client` works.
 */
export interface Client {
  /** `"indexeddb"`, `"memory"`, or `"none"` while consent is pending. */
  readonly storage: 'indexeddb' | 'memory' | 'none';
  readonly consent: 'granted' | 'required';
  /**
   * Records an app event: synchronous, buffered (no storage write per call).
   * Returns `false` when refused (consent pending, or OUTBOX_FULL, which
   * also goes to onError). Throws a TypeError for a bad name or props.
   *
   * @example
   * ```ts
   * client.track('report_exported', { format: 'csv', rows: 1200 });
   * ```
   */
  track(event: string, props?: EventProps | null): boolean;
  /**
   * Stores a survey response in the outbox; resolves once it is stored.
   *
   * @example
   * ```ts
   * const r = await client.submitSurvey({ surveyId: 'nps-q3', kind: 'nps', promptId, answers: { score: 9 } });
   * if (!r.accepted) console.warn(r.error.code); // OUTBOX_FULL, STORAGE_QUOTA, CONSENT_REQUIRED...
   * ```
   */
  submitSurvey(response: SurveyResponseInput): Promise<Accepted>;
  /** Records a dismissal (data, not a response) or, with `askLater`, a snooze. */
  dismissSurvey(dismissal: SurveyDismissalInput): Promise<Accepted>;
  /**
   * Asks the survey policy (Rust) whether to show a survey of `kind` now.
   *
   * @example
   * ```ts
   * const d = client.shouldAskSurvey('nps', { surveyId: 'nps-q3' });
   * if (d.show) openNps(client.surveyShown({ surveyId: 'nps-q3', kind: 'nps' }));
   * else console.log(d.reason, d.retryAt); // e.g. "RECONTACT_PERIOD", 1767225600000
   * ```
   */
  shouldAskSurvey(kind: string, options?: { surveyId?: string | null | undefined } | null): ClientSurveyDecision;
  /** Records that a survey is shown; returns the prompt id for submitSurvey / dismissSurvey. */
  surveyShown(shown: { surveyId: string; kind: string }): string;
  /**
   * Sets the survey campaigns, checked at once by the core against the policy (a bad one
   * throws its coded error naming the path, e.g. `campaigns[2].trigger.event.occurrence`;
   * nothing changes), and the user's targeting attributes. `<clg-prompt-host>` shows them.
   *
   * @example
   * ```ts
   * client.campaigns([{ id: 'ces-export', ask: { survey: { kind: 'ces' } },
   *   trigger: { event: { name: 'report_exported', occurrence: 3 } }, delayMs: 30_000 }], { account: { plan: 'pro' } });
   * document.querySelector('clg-prompt-host')!.client = client;
   * ```
   */
  campaigns(list: readonly Campaign[], audience?: CampaignAudience | null): void;
  /**
   * Reports the route the user is on: campaigns with a matching `route` trigger fire, and an
   * open prompt of a route campaign whose route the user left is withdrawn. At most 2048
   * characters (`TEXT_TOO_LONG`).
   */
  route(path: string): void;
  /** Why each campaign does or does not show now, and when it may. */
  campaignStatus(): ClientCampaignDecision;
  /**
   * Calls `listener(due)` when a campaign is due and no campaign prompt is open (after a
   * trigger, a delay or `nextEligibleAt` running out, a route or goal change, a prompt
   * closing). Show it, call `campaignShown(due)`, and answer through `submitSurvey` /
   * `dismissSurvey` with the prompt id. `withdrawn(due)` is called when the prompt shown for
   * `due` no longer applies (a route campaign whose route the user left; `reset()` or
   * `revokeConsent()`): close it. Returns
   * the unsubscribe function.
   */
  onCampaign(listener: (due: CampaignDue) => void, withdrawn?: ((due: CampaignDue) => void) | null): () => void;
  /**
   * Calls `listener({ cleared })` after the user's metrics or goals changed (tracked events
   * applied at each sealed batch or read, `record` / `setGoal` / `abandonGoal` applied, a goal
   * judged, `loadResults`, `reset()`); changes of one task make one call. Read `metrics()` again
   * in it. `cleared` is true when the user's data was forgotten (`reset()`, `revokeConsent()`):
   * drop what was shown or typed for them. Returns the unsubscribe function. `NO_MODEL` without
   * a `model`.
   */
  onMetrics(listener: (change: { cleared: boolean }) => void): () => void;
  /** Records that the due campaign is shown (as `surveyShown`); returns the prompt id. */
  campaignShown(due: CampaignDue): string;
  /** The survey-policy state, frozen, to save in your backend (it must survive devices). */
  surveyState(): SurveyState;
  /** Merges survey-policy state from your backend (validated; throws a typed error). */
  loadSurveyState(state: SurveyState): void;
  /**
   * Records a value of one of the role's scale-assessed (Likert),
   * self-reported or integration metrics: checked by the core, written to
   * the outbox (item type `observation`), then counted. `goal` is the goal
   * this value closed (achieved, or missed when past due). Bad input
   * rejects with a typed error (e.g. SCORE_OUT_OF_RANGE for a value that
   * is not a point of the scale) and nothing is stored.
   *
   * @example
   * ```ts
   * const r = await client.record({ metric: 'confidence', value: 4 }); // a Likert point
   * if (r.goal?.status === 'achieved') celebrate();
   * await client.record({ metric: 'hoursSaved', value: 6 });           // self-reported
   * ```
   */
  record(observation: ClientObservation): Promise<GoalChange>;
  /**
   * Sets a metric's active goal (item type `goal`, action `set`, with the
   * resolved baseline and the goal `replaced`). GOAL_ACTIVE while one is
   * active, unless `replace: true`.
   *
   * @example
   * ```ts
   * const next = client.metrics().find((m) => m.metric === 'contacts')?.nextGoal;
   * if (next) await client.setGoal({ metric: 'contacts', target: next.target, due: Date.now() + 30 * 864e5 });
   * ```
   */
  setGoal(goal: ClientGoalInput): Promise<GoalChange & { replaced: Goal | null }>;
  /**
   * Abandons a metric's active goal; it moves to the history. One past its
   * due date at `at` was over: it closes as judged then (achieved or
   * missed), and `goal` says so.
   */
  abandonGoal(goal: { metric: string; at?: number | null | undefined }): Promise<GoalChange>;
  /**
   * Per metric of the user's role: current value, active goal with
   * progress and forecast, suggested next goal. Tracked events count at once.
   *
   * @example
   * ```ts
   * for (const m of client.metrics()) console.log(m.name, m.current, m.goal?.progress?.percent);
   * ```
   */
  metrics(at?: number | null): MetricStatus[];
  /** The closed goals of a metric, oldest first. */
  history(metric: string): ClosedGoal[];
  /** The Customer Results Canvas of the user's role. */
  canvas(at?: number | null): Canvas;
  /** `options.model` as the core normalised it. */
  model(): ResultsModel;
  /** The local results state, to save in your backend. */
  results(): ResultsState;
  /**
   * Replaces the local results with your backend's state (the role's
   * metrics as all its users and integrations fed them). Throws a typed
   * error (MODEL_MISMATCH for state of another model, INVALID_VALUE for an
   * account other than the client's); nothing changes then.
   */
  loadResults(state: ResultsState | string): void;
  /**
   * The result of a survey over the aggregate loaded with `loadScores`
   * plus the answers this client accepted after its `asOf`; `null`
   * without answers (`options` are checked all the same).
   *
   * @example
   * ```ts
   * const s = client.scores('nps-q3');
   * if (s?.kind === 'nps') show(`${s.score} (${s.interval.low.toFixed(0)} to ${s.interval.high.toFixed(0)})`);
   * ```
   */
  scores(surveyId: string, options?: LevelOptions | null): SurveyResult | null;
  /**
   * Loads your backend's aggregate of a survey (`SurveyAggregate` JSON)
   * that covers answers up to `asOf`: answers this client accepted before
   * the call at or before `asOf` are assumed in it, the others are added
   * (never counted twice). One older than the aggregate loaded (an earlier
   * `asOf`) holds less and is ignored.
   */
  loadScores(surveyId: string, aggregate: SurveyAggregateJSON | string, options: { asOf: number }): void;
  /**
   * Writes buffered events and sends the outbox now (unless the collector's
   * Retry-After still holds); never rejects on a failed send (failures go
   * to `onError`); after `destroy()` it rejects with `CLIENT_DESTROYED`.
   *
   * @example
   * ```ts
   * const { delivered, pending } = await client.flush();
   * console.log(delivered.length, pending.tab, pending.all);
   * ```
   */
  flush(): Promise<Flushed>;
  /**
   * What the outbox holds, without sending anything.
   *
   * @example
   * ```ts
   * const { count, oldestAgeMs } = await client.inspectOutbox();
   * if (oldestAgeMs !== null && oldestAgeMs > 3_600_000) showSyncWarning(count);
   * ```
   */
  inspectOutbox(): Promise<OutboxState>;
  /** Logout: deletes this user's local data (unsent items included); resolves to how many were discarded. */
  reset(): Promise<number>;
  /** Grants consent: storage opens and syncing starts. */
  grantConsent(): Promise<void>;
  /** Revokes consent: syncing stops and this user's local data is deleted. */
  revokeConsent(): Promise<void>;
  /**
   * Lets the writes called before it finish, writes buffered events, stops
   * timers and listeners, closes storage; later calls (and getters) throw
   * `CLIENT_DESTROYED`.
   */
  destroy(): Promise<void>;
}

/**
 * Creates the in-app client: loads the WebAssembly module if needed, opens
 * the user's storage (unless consent is required) and starts syncing.
 * Rejects with a typed error for bad options.
 *
 * @example
 * ```ts
 * import { createClient } from 'clg-metrics/sdk';
 * const client = await createClient({
 *   accountId: 'acme', userId: 'u-42', role: 'admin', endpoint: '/collect',
 *   policy: { kinds: { nps: { recontactDays: 90 } }, userGapDays: 14 },
 *   onError: (e) => console.warn(e.code, e.message),
 * });
 * client.track('dashboard_opened');
 * ```
 */
export function createClient(options: ClientOptions): Promise<Client>;

/** Name of the event `surveyShown` tracks. */
export const SURVEY_SHOWN_EVENT: '$survey_shown';

/** Reasons `shouldAskSurvey` can give. */
export type ClientSurveyReason = SurveyReason | 'CONSENT_REQUIRED';
