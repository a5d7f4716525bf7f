// <clg-prompt-host>: shows the SDK client's survey campaigns. Given a
// client (`host.client = client`, after `client.campaigns(list)`), it
// renders whichever campaign is due, one at a time: an NPS, CES or CSAT
// survey with the campaign's wording in `<clg-nps-prompt>` and friends, or
// a goal-period check-in in `<clg-check-in>`. Answers go through
// `client.submitSurvey` (check-in values first through `client.record`, so
// goal progress moves at once), "ask me later" and × through
// `client.dismissSurvey`; the prompt is removed once it closes.
//
// The prompt is a child of the host (light DOM), so it follows the page's
// `lang`. Attributes: `company` (the surveys' default wording), `colored`
// (tinted NPS scale), `inline` (in the flow of the page instead of
// floating at the bottom corner). Events (bubbling): `clg-prompt` {
// campaignId, surveyId, kind, promptId } when a prompt opens, the prompt's
// own `clg-submit` / `clg-later` / `clg-dismiss`, `clg-change` { account,
// role, metric, action: 'observe' } once a check-in value is recorded (as
// `<clg-role-goals>` sends), and `clg-error` { error, code, field, action }
// when the client refuses an answer.
import './check-in.js'; // registers <clg-check-in>, which it opens
import { ClgElement, define, h, misfit, reportError, SDK_CLIENT, takeTheme } from './element.js';
import { message } from './i18n.js';
import { CLOSE, RECORD, UNASKED } from './prompt-dialog.js';
import './survey-prompt.js'; // registers the prompts it opens

/** A check-in element -> the values it was pre-filled with. */
const prefilled = new WeakMap();

const STYLES = `
/* Floating: never taller than the viewport (a tall check-in at 400 % zoom scrolls inside, WCAG 1.4.10). */
/* The scroller is inside, around the prompt only: with none open it has nothing to scroll, so it is
   no keyboard-focusable scroll container (an empty host would be an invisible Tab stop). */
:host { display: block; position: fixed; inset-inline-end: 1rem; bottom: 1rem; width: min(34rem, calc(100% - 2rem)); z-index: 10; }
.scroller { max-height: calc(100vh - 2rem); max-height: calc(100dvh - 2rem); overflow-y: auto; overscroll-behavior: contain; }
:host([inline]) { position: static; width: auto; }
:host([inline]) .scroller { max-height: none; overflow: visible; }
@media (max-width: 30rem) { :host(:not([inline])) { inset-inline: 0.5rem; bottom: 0.5rem; width: auto; } :host(:not([inline])) .scroller { max-height: calc(100dvh - 1rem); } }
.announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** The prompt element of each survey kind a campaign can ask. */
const SURVEY_ELEMENTS = { nps: 'clg-nps-prompt', ces: 'clg-ces-prompt', csat: 'clg-csat-prompt' };

export class PromptHost extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'theme'];

  #client = null;
  #unsubscribe = null;
  /** The open prompt: { element, due, promptId, watcher }, or null. */
  #open = null;
  /** A campaign that fell due while the last prompt was leaving: shown once it is gone. */
  #next = null;
  /** The message key of what the live region says ('' for nothing). */
  #announcement = '';

  /** An SDK client from `clg-metrics/sdk` with campaigns set. */
  get client() {
    return this.#client;
  }

  set client(value) {
    if (value === this.#client) return;
    this.#stop();
    this.#client = value ?? null;
    if (this.isConnected) this.#start();
  }

  attributeChangedCallback(name) {
    if (name === 'theme' && this.#open) takeTheme(this.#open.element, this); // an open prompt follows
    super.attributeChangedCallback(name);
  }

  connectedCallback() {
    super.connectedCallback();
    this.#start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#stop();
  }

  render() {
    return [h('p', { class: 'announce', role: 'status' }, this.#announced()), h('div', { class: 'scroller' }, h('slot'))];
  }

  /** Listens to the client's campaigns; a value that is not a live SDK client is reported as `clg-error` (action 'show'). */
  #start() {
    const client = this.#client;
    if (!client || this.#unsubscribe) return;
    try {
      const wrong = misfit('client', client, SDK_CLIENT, 'onCampaign campaignShown canvas model record submitSurvey dismissSurvey');
      if (wrong) throw wrong;
      this.#unsubscribe = client.onCampaign((due) => this.#show(due), (due) => this.#withdraw(due));
    } catch (error) {
      reportError(this, error, 'show');
    }
  }

  /** Stops listening and removes an open prompt (it stays recorded as shown). */
  #stop() {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#next = null;
    this.#remove();
  }

  /** Shows `due` unless a prompt is open; the host never shows two. */
  #show(due) {
    if (this.#open) {
      this.#next = due;
      return;
    }
    const element = due.kind === 'checkin' ? this.#checkIn(due) : this.#survey(due);
    if (!element) return;
    const client = this.#client;
    let promptId;
    try {
      promptId = client.campaignShown(due);
    } catch (error) {
      reportError(this, error, 'show');
      return;
    }
    // `recorded`: a check-in's values recorded so far (metric -> value), not recorded twice.
    // `prefilled`: a check-in's values as it opened with them (see #answer).
    const open = { element, due, promptId, watcher: null, recorded: new Map(), prefilled: prefilled.get(element) ?? {} };
    this.#open = open;
    // The prompt calls these once its event went through every listener uncancelled.
    element[RECORD] = (detail) => this.#answer(open, detail);
    element[CLOSE] = (type) => this.#dismiss(open, type === 'clg-later');
    // The prompt hides itself once closed (after its thank-you): then it goes.
    open.watcher = new MutationObserver(() => element.hidden && this.#remove(open));
    open.watcher.observe(element, { attributes: true, attributeFilter: ['hidden'] });
    takeTheme(element, this);
    this.append(element);
    this.#announce('host.opened');
    element[UNASKED] = true; // no one asked: focus moves in only when nothing else has it
    element.hidden = false; // opens it
    this.emit('clg-prompt', { campaignId: due.campaignId, surveyId: due.surveyId, kind: due.kind, promptId });
  }

  /** The client withdrew `due` (the user left its route): its prompt goes, unanswered. */
  #withdraw(due) {
    if (this.#next?.campaignId === due.campaignId) this.#next = null;
    if (this.#open?.due.campaignId === due.campaignId) this.#remove();
  }

  /** A survey prompt with the campaign's wording (the core allows only the kinds with a widget). */
  #survey(due) {
    const { question, followUp } = due.ask.survey;
    const element = document.createElement(SURVEY_ELEMENTS[due.kind]);
    element.hidden = true;
    element.setAttribute('survey-id', due.surveyId);
    for (const name of ['company', 'colored']) if (this.hasAttribute(name)) element.setAttribute(name, this.getAttribute(name));
    if (question) element.setAttribute('question', question);
    if (followUp) element.setAttribute('follow-up', followUp);
    return element;
  }

  /** A check-in on the due metrics, with their definitions and current values from the client. */
  #checkIn(due) {
    let definitions, statuses;
    try {
      const canvas = this.#client.canvas();
      const role = this.#client.model().roles.find((r) => r.id === canvas.role);
      statuses = canvas.metrics;
      definitions = (due.metrics ?? []).map((id) => role.metrics.find((m) => m.id === id)).filter(Boolean);
    } catch (error) {
      reportError(this, error, 'show');
      return null;
    }
    if (definitions.length === 0) return null;
    const element = /** @type {import('./check-in.js').CheckIn} */ (document.createElement('clg-check-in'));
    element.hidden = true;
    element.metrics = definitions;
    const values = Object.fromEntries(statuses.filter((s) => s.current != null).map((s) => [s.metric, s.current]));
    element.values = values;
    prefilled.set(element, values);
    return element;
  }

  /**
   * Records the answer (`detail` of the prompt's `clg-submit`): check-in
   * values become observations first, then the response closes the prompt
   * in the policy. Resolves to the first refusal (`action` 'observe' and
   * its `metric` for a value), else the response's `{ accepted, error }`;
   * the prompt shows it. A value this check-in already recorded is not
   * recorded again when the person sends once more after a refusal.
   */
  async #answer(open, detail) {
    if (this.#open !== open) return undefined;
    const { due, promptId } = open;
    const client = this.#client;
    let answers;
    if (due.kind === 'checkin') {
      answers = { values: detail.values };
      // A value left as it was pre-filled, which the metric no longer has (changed elsewhere while
      // the check-in was open), is stale: recording it would undo the newer one.
      const current = new Map(client.metrics().map((m) => [m.metric, m.current]));
      for (const [metric, value] of Object.entries(detail.values)) {
        if (open.recorded.get(metric) === value) continue;
        if (open.prefilled[metric] === value && current.get(metric) !== value) continue;
        // Bad input rejects (a value past the metric's range...); a refusal resolves: both name the metric.
        let recorded;
        try {
          recorded = await client.record({ metric, value });
        } catch (error) {
          recorded = { accepted: false, error };
        }
        if (!recorded.accepted) return { ...recorded, action: 'observe', metric };
        open.recorded.set(metric, value);
        this.emit('clg-change', { ...this.#instance(), metric, action: 'observe' });
      }
    } else {
      answers = { score: detail.score, ...(detail.comment && { comment: detail.comment }) };
    }
    return client.submitSurvey({ surveyId: due.surveyId, kind: due.kind, promptId, answers });
  }

  /** `{ account, role }` of the client's user, for `clg-change`. */
  #instance() {
    const { account, role } = this.#client.canvas();
    return { account, role };
  }

  /** Records "ask me later" or a dismissal; resolves to the client's `{ accepted, error }` (the prompt reports a refusal). */
  #dismiss(open, askLater) {
    return this.#client.dismissSurvey({ promptId: open.promptId, askLater });
  }

  /** Removes the open prompt (`only`: if it is still that one). */
  #remove(only = this.#open) {
    if (!this.#open || this.#open !== only) return;
    this.#open.watcher.disconnect();
    this.#open.element.remove();
    this.#open = null;
    this.#announce('');
    const next = this.#next;
    this.#next = null;
    if (next && this.#unsubscribe) this.#show(next);
  }

  /** Says the message `key` ('' for nothing) in the live region; drawn again, it is in the language of the moment. */
  #announce(key) {
    this.#announcement = key;
    const region = this.shadowRoot.querySelector('.announce');
    if (region) region.textContent = this.#announced();
  }

  #announced() {
    return this.#announcement && message(this.locale, this.#announcement);
  }
}

define('clg-prompt-host', PromptHost);
