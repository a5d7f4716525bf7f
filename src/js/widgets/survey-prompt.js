// <clg-nps-prompt>, <clg-ces-prompt>, <clg-csat-prompt>: a one-question
// survey as a radio group with labelled ends, an optional follow-up
// question, and send / ask me later / dismiss.
//
// Events (bubbling, composed): `clg-submit` { kind, score, scale, comment },
// `clg-later` { kind }, `clg-dismiss` { kind }. After a submit the prompt
// thanks the person through a live region; after "later" or dismiss it hides
// itself and returns focus to where it came from.
//
// With an SDK client (`prompt.client = client`), `ask()` shows the prompt
// only when the client's survey policy allows it, and the answer, the
// dismissal or the "ask me later" is recorded through the client.
import { ClgElement, h } from './element.js';
import { formatNumber, message } from './i18n.js';

const COMMENT_MAX = 2000;

const STYLES = `
:host { display: block; font: var(--clg-font, inherit); color: var(--clg-fg, #1f2328); }
:host([hidden]) { display: none; }
form, .thanks:not(:empty) { position: relative; background: var(--clg-bg, #fff); border: 1px solid var(--clg-border, #d1d9e0);
  border-radius: var(--clg-radius, 8px); padding: 1rem 1.25rem; box-shadow: var(--clg-shadow, 0 4px 16px rgb(0 0 0 / 0.12)); }
.question { font-weight: 600; margin: 0 2rem 0.75rem 0; }
.scale { display: flex; flex-wrap: wrap; gap: 0.25rem; border: 0; margin: 0; padding: 0; }
.scale label { position: relative; flex: 1 1 2.25rem; min-width: 2.25rem; }
.scale input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.scale span { display: block; text-align: center; padding: 0.5rem 0; border: 1px solid var(--clg-border, #d1d9e0);
  border-radius: var(--clg-radius-small, 4px); background: var(--clg-option-bg, #f6f8fa); font-variant-numeric: tabular-nums; }
.scale input:checked + span { background: var(--clg-accent, #0969da); border-color: var(--clg-accent, #0969da); color: var(--clg-accent-fg, #fff); }
.scale input:focus-visible + span { outline: 3px solid var(--clg-focus, #0969da); outline-offset: 2px; }
.ends { display: flex; justify-content: space-between; gap: 1rem; font-size: 0.85em; color: var(--clg-muted, #59636e); margin: 0.35rem 0 0; }
.follow-up { display: grid; gap: 0.25rem; margin-top: 0.75rem; }
textarea { font: inherit; padding: 0.4rem; border: 1px solid var(--clg-border, #d1d9e0); border-radius: var(--clg-radius-small, 4px); }
.actions { display: flex; gap: 0.5rem; margin-top: 0.75rem; }
button { font: inherit; cursor: pointer; border-radius: var(--clg-radius-small, 4px); padding: 0.45rem 0.9rem; }
button:focus-visible, textarea:focus-visible { outline: 3px solid var(--clg-focus, #0969da); outline-offset: 2px; }
.send { background: var(--clg-accent, #0969da); color: var(--clg-accent-fg, #fff); border: 1px solid var(--clg-accent, #0969da); }
.send:disabled { opacity: 0.5; cursor: not-allowed; }
.later { background: transparent; border: 1px solid var(--clg-border, #d1d9e0); color: inherit; }
.dismiss { position: absolute; top: 0.5rem; right: 0.5rem; background: transparent; border: 0; font-size: 1.25rem; line-height: 1; padding: 0.25rem 0.5rem; color: var(--clg-muted, #59636e); }
.thanks:focus { outline: none; }
`;

class SurveyPrompt extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'company', 'follow-up'];

  #score = null;
  #comment = '';
  #sent = false;
  #returnFocus = null;
  #client = null;
  #promptId = null;

  /** An SDK client from `clg-metrics/sdk`; see `ask()`. */
  get client() {
    return this.#client;
  }

  set client(value) {
    this.#client = value ?? null;
  }

  /** The survey id the policy and the collector know it by (attribute `survey-id`; default the kind). */
  get surveyId() {
    return this.getAttribute('survey-id') || /** @type {any} */ (this.constructor).kind;
  }

  /**
   * Asks the client's survey policy whether to prompt now; shows the prompt
   * (and records that it was shown) only if so. Resolves to the decision
   * `{ show, reason, retryAt }`.
   */
  async ask() {
    if (!this.#client) throw Object.assign(new Error('ask() needs a client: set prompt.client first'), { code: 'NO_CLIENT', field: 'client' });
    const kind = /** @type {any} */ (this.constructor).kind;
    const decision = this.#client.shouldAskSurvey(kind, { surveyId: this.surveyId });
    if (decision.show) {
      this.#promptId = this.#client.surveyShown({ surveyId: this.surveyId, kind });
      this.#score = null;
      this.#comment = '';
      this.#sent = false;
      this.hidden = false;
      this.update();
    }
    return decision;
  }

  constructor() {
    super();
    // Remember where focus came from, to give it back when the prompt closes.
    this.addEventListener('focusin', (event) => {
      if (!this.#returnFocus && event.relatedTarget instanceof Node && !this.contains(event.relatedTarget)) this.#returnFocus = event.relatedTarget;
    });
  }

  /** The answer scale: { min, max }. */
  get scale() {
    return /** @type {any} */ (this.constructor).scale;
  }

  /** The selected score, or null. */
  get score() {
    return this.#score;
  }

  /** Moves focus into the prompt (to the selected answer, or the first). */
  focus() {
    /** @type {HTMLInputElement | null} */ (this.shadowRoot.querySelector('input:checked') ?? this.shadowRoot.querySelector('input'))?.focus();
  }

  render() {
    const kind = /** @type {any} */ (this.constructor).kind;
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    const company = this.getAttribute('company') || t('survey.company');
    const thanks = h('p', { class: 'thanks', role: 'status', tabindex: -1 }, this.#sent ? t('survey.thanks') : '');
    if (this.#sent) return [thanks];

    const { min, max } = this.scale;
    const options = [];
    for (let score = min; score <= max; score++) {
      options.push(
        h('label', {},
          h('input', {
            type: 'radio', name: 'score', value: score, checked: this.#score === score, 'data-focus-key': `score-${score}`,
            'aria-label': t('survey.scoreLabel', { score: formatNumber(lang, score), max: formatNumber(lang, max) }),
            onchange: () => this.#select(score),
          }),
          h('span', { 'aria-hidden': 'true' }, formatNumber(lang, score)),
        ),
      );
    }
    const followUp = this.hasAttribute('follow-up') &&
      h('div', { class: 'follow-up' },
        h('label', { for: 'comment' }, this.getAttribute('follow-up') || t('survey.followUp')),
        h('textarea', {
          id: 'comment', rows: 2, maxlength: COMMENT_MAX, 'data-focus-key': 'comment',
          oninput: (event) => { this.#comment = event.target.value; },
        }),
      );
    const form = h('form', { 'aria-labelledby': 'question', onsubmit: (event) => this.#submit(event) },
      h('p', { id: 'question', class: 'question' }, t(`${kind}.question`, { company })),
      h('div', { class: 'scale', role: 'radiogroup', 'aria-labelledby': 'question', 'aria-describedby': 'ends' }, options),
      h('p', { id: 'ends', class: 'ends' },
        h('span', {}, `${formatNumber(lang, min)} = ${t(`${kind}.low`)}`),
        h('span', {}, `${formatNumber(lang, max)} = ${t(`${kind}.high`)}`),
      ),
      followUp,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'send', disabled: this.#score === null, 'data-focus-key': 'send' }, t('survey.submit')),
        h('button', { type: 'button', class: 'later', 'data-focus-key': 'later', onclick: () => this.#close('clg-later') }, t('survey.later')),
      ),
      h('button', { type: 'button', class: 'dismiss', 'aria-label': t('survey.dismiss'), 'data-focus-key': 'dismiss', onclick: () => this.#close('clg-dismiss') }, '×'),
    );
    if (this.#comment) form.querySelector('textarea')?.append(this.#comment);
    return [form, thanks];
  }

  #select(score) {
    this.#score = score;
    const send = /** @type {HTMLButtonElement | null} */ (this.shadowRoot.querySelector('.send'));
    if (send) send.disabled = false;
  }

  #submit(event) {
    event.preventDefault();
    if (this.#score === null) return;
    const kind = /** @type {any} */ (this.constructor).kind;
    const comment = this.#comment.trim() || undefined;
    const accepted = this.emit('clg-submit', { kind, score: this.#score, scale: { ...this.scale }, comment });
    if (!accepted) return;
    // The client reports a refused answer through its own onError.
    this.#client?.submitSurvey({ surveyId: this.surveyId, kind, promptId: this.#promptId ?? undefined, answers: { score: this.#score, ...(comment && { comment }) } });
    this.#sent = true;
    this.update();
    /** @type {HTMLElement} */ (this.shadowRoot.querySelector('.thanks')).focus();
  }

  #close(type) {
    if (!this.emit(type, { kind: /** @type {any} */ (this.constructor).kind })) return;
    if (this.#client && this.#promptId) this.#client.dismissSurvey({ promptId: this.#promptId, askLater: type === 'clg-later' });
    const hadFocus = this.matches(':focus-within');
    this.hidden = true;
    if (hadFocus && this.#returnFocus?.isConnected) this.#returnFocus.focus();
  }
}

/** NPS: "How likely are you to recommend ...?" 0 to 10. */
export class NpsPrompt extends SurveyPrompt {
  static kind = 'nps';
  static scale = Object.freeze({ min: 0, max: 10 });
}

/** CES: "<Company> made it easy for me to handle my issue." 1 (strongly disagree) to 7. */
export class CesPrompt extends SurveyPrompt {
  static kind = 'ces';
  static scale = Object.freeze({ min: 1, max: 7 });
}

/** CSAT: satisfaction from 1 to 5. */
export class CsatPrompt extends SurveyPrompt {
  static kind = 'csat';
  static scale = Object.freeze({ min: 1, max: 5 });
}
