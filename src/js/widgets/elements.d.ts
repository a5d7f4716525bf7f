// The widgets' types, shared by clg-metrics/widgets (index.d.ts) and the
// entries of single widgets (types/*.d.ts). Each entry declares the tags it
// registers (HTMLElementTagNameMap) itself, so that importing one widget
// types only the elements that import registers.

/** Page-wide widget settings (only the keys given change: one left out, `undefined` or `null` keeps its value). */
export interface WidgetSettings {
  /** CSP nonce for the <style> elements used where constructable stylesheets are unavailable. */
  nonce?: string | null | undefined;
  /**
   * Units of countable metrics, shown and suggested as whole numbers, beyond those the model
   * makes countable (count and distinct rules, scales of whole points).
   */
  wholeUnits?: readonly string[] | null | undefined;
}

/**
 * Sets page-wide widget settings (`undefined` or `null`: none). `settings` is read once; throws
 * a `TypeError` (`WRONG_TYPE`) for a setting of the wrong type, an `Error` (`UNKNOWN_OPTION`)
 * for an unknown one, a `TypeError` (`UNREADABLE`) when reading one throws, with the `field`.
 * @example configureWidgets({ nonce: document.querySelector<HTMLMetaElement>('meta[name=csp-nonce]')?.content, wholeUnits: ['meetings'] });
 */
export function configureWidgets(settings?: WidgetSettings | null): void;

/** The share of a goal's period (0.2) that must pass before its pace is judged. */
export const MIN_ELAPSED: number;

/**
 * The pace state a widget shows for a goal: its status when closed, `'onTrack'` once its
 * target is reached, `'early'` before `MIN_ELAPSED` of its period has passed, then
 * `'onTrack'` or `'behind'` by the core's forecast; `null` for a goal without a due date.
 * @example paceState(store.goals({ account: 'acme', role: 'sdr' })[0].goal); // 'early'
 */
export function paceState(
  goal: import('../index.js').GoalProgress | import('../index.js').ClosedGoal | null | undefined,
): 'achieved' | 'missed' | 'abandoned' | 'onTrack' | 'behind' | 'early' | null;

/** `detail` of the `clg-error` event: a change a widget could not make, or data it could not show (the person saw a localised sentence). */
export interface WidgetErrorDetail {
  /** The original error, with the developer's message. */
  error: unknown;
  code: string | null;
  field: string | null;
  action: 'setGoal' | 'observe' | 'submit' | 'later' | 'dismiss' | 'read' | 'show';
}

/**
 * Adds a language, or overrides some messages of one (missing keys fall back to English; a key
 * holding `null` or `undefined` is left out). `messages` is read once; throws a `TypeError`
 * (`WRONG_TYPE`, `UNREADABLE` when reading it throws) naming the field (`messages.<key>`).
 * English (`en`), Spanish (`es`) and Russian (`ru`) are bundled. The model's own texts are
 * translated under `model.role.<id>`, `model.metric.<id>`, `model.maturity.<name>`,
 * `model.unit.<unit>` (beside a number, in its plural form: `model.unit.<unit>.one`, `.few`,
 * `.many`, `.other`), `model.scale.<metric id>.<value>`, `model.source.<text>` and
 * `model.feature.<id>`.
 * @example registerLocale('de', { 'survey.submit': 'Senden', 'model.unit.contacts': 'Kontakte', 'model.unit.contacts.one': 'Kontakt' });
 */
export function registerLocale(lang: string, messages: Readonly<Record<string, string | null | undefined>>): void;

export type SurveyKind = 'nps' | 'ces' | 'csat';

/** `detail` of the `clg-submit` event. */
export interface SurveySubmitDetail {
  kind: SurveyKind;
  score: number;
  scale: { min: number; max: number };
  /** The follow-up answer, trimmed; absent when empty. */
  comment?: string;
}

/** `detail` of the `clg-later` and `clg-dismiss` events of a survey prompt (a check-in's: {@link CheckInCloseDetail}). */
export interface SurveyCloseDetail {
  kind: SurveyKind;
}

/**
 * A one-question survey prompt in a non-modal dialog. Attributes: `company` (fills the
 * question), `question` (replaces the default wording), `follow-up` (shows an optional free-text question; its value replaces the
 * default wording), `colored` (NPS: tints the scale by group), `thanks-timeout` (ms the
 * thank-you stays, default 4000, also when empty or not a number of ms; `0` until closed), `theme` (`light` | `dark`), `lang`,
 * `nonce`. Opening it (`ask()`, or removing `hidden`) moves focus into it; Escape closes
 * it and focus goes back. Themed through CSS custom properties (`--clg-accent`, `--clg-bg`,
 * `--clg-fg`, `--clg-border`, `--clg-radius`, ...; see the README).
 *
 * @example
 * ```html
 * <clg-nps-prompt company="Acme" follow-up></clg-nps-prompt>
 * <script type="module">
 *   import 'clg-metrics/widgets';
 *   document.querySelector('clg-nps-prompt')
 *     .addEventListener('clg-submit', (e) => console.log(e.detail.score));
 * </script>
 * ```
 */
export class SurveyPrompt extends HTMLElement {
  /** The answer scale. */
  readonly scale: { min: number; max: number };
  /** The selected score, or null. */
  readonly score: number | null;
  /** The survey id known to the policy and the collector: attribute `survey-id`, default the kind. */
  readonly surveyId: string;
  /**
   * An SDK client: `ask()` then shows the prompt only when its survey policy allows, and the
   * answer, dismissal or "ask me later" is recorded through it.
   */
  client: import('../sdk/index.js').Client | null;
  /** Asks the client's policy; shows the prompt (and records it as shown) only if allowed. */
  ask(): Promise<import('../sdk/index.js').ClientSurveyDecision>;
  addEventListener(type: 'clg-submit' | 'clg-sent', listener: (this: this, event: CustomEvent<SurveySubmitDetail>) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: 'clg-later' | 'clg-dismiss', listener: (this: this, event: CustomEvent<SurveyCloseDetail>) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: this, event: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener(type: 'clg-submit' | 'clg-sent', listener: (this: this, event: CustomEvent<SurveySubmitDetail>) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: 'clg-later' | 'clg-dismiss', listener: (this: this, event: CustomEvent<SurveyCloseDetail>) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: this, event: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** NPS prompt: 0 to 10. */
export class NpsPrompt extends SurveyPrompt {}
/** CES prompt: 1 (strongly disagree) to 7 (strongly agree). */
export class CesPrompt extends SurveyPrompt {}
/** CSAT prompt: 1 to 5. */
export class CsatPrompt extends SurveyPrompt {}

/**
 * What `<clg-goal-progress>` shows: an element of `ResultsStore.goals()`, or one whose `goal`
 * is a closed goal of `history()` (`{ ...status, goal: store.history(ref).at(-1) }`; absent or
 * `null`: no goal).
 */
export type GoalProgressStatus = Omit<import('../index.js').MetricStatus, 'goal'> & {
  goal?: import('../index.js').GoalProgress | import('../index.js').ClosedGoal | null | undefined;
};

/**
 * One metric's goal as a bar (default) or a ring (`variant="ring"`): baseline, current,
 * target, % of the way and the on-track state. Display only: set `status` to an element of
 * `ResultsStore.goals()`; every number comes from the core.
 *
 * @example
 * ```js
 * const el = document.createElement('clg-goal-progress');
 * el.setAttribute('variant', 'ring');
 * el.status = store.goals({ account: 'acme', role: 'sdr' })[0];
 * ```
 */
export class GoalProgress extends HTMLElement {
  /** Set `undefined` or `null` to show nothing. */
  get status(): GoalProgressStatus | null;
  set status(value: GoalProgressStatus | null | undefined);
  /** The metric's definition from the model: count/distinct rules and whole scales show whole numbers. */
  definition: import('../index.js').MetricDefinition | null;
}

/** `detail` of the `clg-change` event of `<clg-role-goals>`. */
export interface RoleGoalsChangeDetail {
  account: string;
  role: string;
  metric: string;
  action: 'setGoal' | 'observe';
}

/**
 * The goals panel of one role at one account (attributes `account` and `role-id`): each metric's
 * current level, goal progress, set or reset a goal (the target suggested from the role's
 * maturity is filled in), Likert self-assessment with anchored labels, self-reported entry,
 * and the history of earlier goals. Reads and writes through `client` or `store`; errors are
 * shown in the panel, never thrown into the page.
 *
 * @example
 * ```js
 * const panel = document.querySelector('clg-role-goals'); // <clg-role-goals account="acme" role-id="sdr">
 * panel.store = store;
 * panel.addEventListener('clg-change', () => save(store.toJSON()));
 * ```
 */
export class RoleGoals extends HTMLElement {
  store: import('../index.js').ResultsStore | null;
  /**
   * Or an SDK client created with a `model`: the panel shows the client's role (no attributes
   * needed) and writes through the client's outbox; a refused write shows its error.
   *
   * @example
   * ```ts
   * const client = await createClient({ accountId: 'acme', userId: 'u-42', role: 'sdr', model, endpoint: '/collect' });
   * document.querySelector('clg-role-goals')!.client = client;
   * ```
   */
  client: import('../sdk/index.js').Client | null;
  /** Re-reads the `store`, e.g. after `track()` changed app-generated values (a `client`'s changes redraw the panel by themselves). */
  refresh(): void;
}

/**
 * The customer-led-growth scorecard of one period: customer results first (goal achievement
 * by role as bars, measurable gain as rings), the company lines by cadence (operational,
 * strategic), each line a card with value, status colour, a sparkline over `history` with
 * target and benchmark, and survey scores beside behaviour (the NPS distribution and a trend
 * line with its interval band). Attribute `currency` (ISO 4217, default `USD`).
 *
 * Give it the scorecard your app computed (`scorecard`, `history`, `periods`), or the company
 * records (`records`, `options`): it then loads `clg-metrics/company` itself, only then (a
 * chunk of its own in a bundled app), builds the scorecard, its history and periods, and frees
 * what it made; `aria-busy="true"` and a loading state until it is drawn.
 *
 * @example
 * ```js
 * const card = document.querySelector('clg-scorecard');
 * const all = records.periods.map((_, period) => data.scorecard({ period, targets: { nrr: 105 }, results }));
 * card.periods = records.periods;
 * card.history = all;
 * card.scorecard = all.at(-1);
 * card.nps = nps(scoresOfThatPeriod);
 * card.trend = surveyTrend(responses, { period: 'month' });
 * ```
 * @example
 * ```js
 * // Without clg-metrics/company in your bundle: the widget loads it.
 * card.options = { targets: { nrr: 105 }, results };
 * card.records = records;
 * ```
 */
export class Scorecard extends HTMLElement {
  /** The scorecard to show (`CompanyData.scorecard()`); not with `records`. */
  scorecard: import('../index.js').Scorecard | null;
  /** Scorecards of the periods the sparklines cover (matched by `period`; later ones are ignored). */
  history: readonly import('../index.js').Scorecard[] | null;
  /** The periods `{ start, end }` (`YYYY-MM-DD`) that `period` numbers index, for dates in the reader's language. */
  periods: readonly { start: string; end: string }[] | null;
  /** The `nps()` result of the scorecard's period. */
  nps: import('../index.js').NpsResult | null;
  /** A `surveyTrend()` result with a period, one segment's (its groups' periods in order). */
  trend: import('../index.js').Trend<unknown> | null;
  /**
   * What `CompanyData.fromRecords` takes, instead of `scorecard`, `history` and `periods`: the
   * widget loads `clg-metrics/company` and builds them (the scorecard of `options`, the
   * scorecards of the periods before it for the sparklines, the records' periods).
   */
  records: import('../index.js').CompanyRecords | null;
  /** What `data.scorecard()` takes, for `records` (default: the last period). */
  options: import('../index.js').ScorecardOptions | null;
}

/**
 * `detail` of the `clg-submit` event of `<clg-check-in>`: the answered metrics' values (the
 * points of their anchored scales, or the reported numbers, each within its metric's `min` and
 * `max`: the check-in refuses others before this event).
 */
export interface CheckInSubmitDetail {
  kind: 'checkin';
  values: Record<string, number>;
}

/** `detail` of the `clg-later` and `clg-dismiss` events of `<clg-check-in>`. */
export interface CheckInCloseDetail {
  kind: 'checkin';
}

/**
 * A goal-period check-in in a non-modal dialog: each scale-assessed metric as a radio group of
 * its anchored scale, each self-reported one as a number field with its unit; send, ask me
 * later, dismiss (× or Escape). Dispatches `clg-submit` ({@link CheckInSubmitDetail}),
 * `clg-later` and `clg-dismiss` ({@link CheckInCloseDetail}); record the values with
 * `client.record` (`<clg-prompt-host>` does). Opening it (removing `hidden`) moves focus to the
 * first answer; closing gives focus back.
 *
 * @example
 * ```js
 * const checkIn = document.createElement('clg-check-in');
 * checkIn.metrics = client.model().roles.find((r) => r.id === 'marketer').metrics.filter((m) => m.id === 'targeting');
 * checkIn.values = { targeting: 2 };
 * checkIn.addEventListener('clg-submit', (e) => client.record({ metric: 'targeting', value: e.detail.values.targeting }));
 * ```
 */
export class CheckIn extends HTMLElement {
  /** The metric definitions to ask about (others than scale-assessed and self-reported are left out). */
  metrics: readonly import('../index.js').MetricDefinition[] | null;
  /** Current values by metric id, as given (null when none): scale points are pre-selected, numbers filled in (a value that is none of its scale's points is not, nor sent). */
  get values(): Readonly<Record<string, number>> | null;
  set values(values: Readonly<Record<string, number>> | null);
  addEventListener(type: 'clg-submit' | 'clg-sent', listener: (this: this, event: CustomEvent<CheckInSubmitDetail>) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: 'clg-later' | 'clg-dismiss', listener: (this: this, event: CustomEvent<CheckInCloseDetail>) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: this, event: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener(type: 'clg-submit' | 'clg-sent', listener: (this: this, event: CustomEvent<CheckInSubmitDetail>) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: 'clg-later' | 'clg-dismiss', listener: (this: this, event: CustomEvent<CheckInCloseDetail>) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: this, event: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** `detail` of the `clg-prompt` event: a campaign prompt opened. */
export interface PromptOpenDetail {
  campaignId: string;
  surveyId: string;
  kind: string;
  promptId: string;
}

/**
 * Shows the SDK client's survey campaigns, one at a time: whichever is due (after its trigger
 * and delay, under the survey policy) as `<clg-nps-prompt>`, `<clg-ces-prompt>` or
 * `<clg-csat-prompt>` with the campaign's wording, or as `<clg-check-in>`. Answers go through
 * `client.submitSurvey` (check-in values first through `client.record`), "ask me later" and ×
 * through `client.dismissSurvey`; the prompt is removed once it closes. Attributes: `company`,
 * `colored` (passed to the survey prompts), `inline` (in the page's flow instead of floating at
 * the bottom corner). Dispatches `clg-prompt` ({@link PromptOpenDetail}), `clg-change`
 * ({@link RoleGoalsChangeDetail}, `action: 'observe'`) once a check-in value is recorded, and
 * `clg-error`; the prompts' own events bubble through it.
 *
 * @example
 * ```js
 * client.campaigns(campaigns);
 * document.querySelector('clg-prompt-host').client = client;
 * ```
 */
export class PromptHost extends HTMLElement {
  client: import('../sdk/index.js').Client | null;
}

/**
 * The widgets' events, as they bubble to the document and the window too: one listener there
 * (`document.addEventListener('clg-error', (e) => e.detail.code)`) hears every widget.
 */
export interface ClgWidgetEventMap {
  /** A survey prompt's answer, or a check-in's values (`kind: 'checkin'`): tell them apart by `detail.kind`. */
  'clg-submit': CustomEvent<SurveySubmitDetail | CheckInSubmitDetail>;
  /** The answer of `clg-submit` was accepted (recorded by the client or the host, or nothing to record): the thank-you shows. */
  'clg-sent': CustomEvent<SurveySubmitDetail | CheckInSubmitDetail>;
  /** A survey prompt's or a check-in's "ask me later" (`kind: 'checkin'`): tell them apart by `detail.kind`. */
  'clg-later': CustomEvent<SurveyCloseDetail | CheckInCloseDetail>;
  /** A survey prompt or a check-in closed with × or Escape (`kind: 'checkin'`). */
  'clg-dismiss': CustomEvent<SurveyCloseDetail | CheckInCloseDetail>;
  'clg-change': CustomEvent<RoleGoalsChangeDetail>;
  'clg-error': CustomEvent<WidgetErrorDetail>;
  'clg-prompt': CustomEvent<PromptOpenDetail>;
}

declare global {
  interface HTMLElementEventMap extends ClgWidgetEventMap {}
  interface DocumentEventMap extends ClgWidgetEventMap {}
  interface WindowEventMap extends ClgWidgetEventMap {}
}
