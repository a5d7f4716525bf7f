// <clg-nps-prompt>, <clg-ces-prompt>, <clg-csat-prompt>: a one-question
// survey as a radio group with labelled ends (attribute `question` replaces
// the default wording), an optional follow-up
// question, and send / ask me later / dismiss, in a non-modal dialog.
//
// Events (bubbling, composed): `clg-submit` { kind, score, scale, comment },
// `clg-later` { kind }, `clg-dismiss` { kind } (the × button or Escape),
// `clg-error` { error, code, field, action } when the client refuses the
// answer. Once the answer is recorded the prompt thanks the person through
// a live region and closes itself after `thanks-timeout` ms (default 4000;
// 0 keeps it until closed); refused, it stays open with a short sentence
// saying why (e.g. consent is needed). When the prompt opens (`ask()` shows it, or
// the app removes `hidden`) focus moves into it; when it closes, focus
// goes back to where it came from. Enter and exit motion honours
// `prefers-reduced-motion`. `<clg-nps-prompt colored>` tints the 0-10
// scale by group (detractors, passives, promoters).
//
// With an SDK client (`prompt.client = client`), `ask()` shows the prompt
// only when the client's survey policy allows it, and the answer, the
// dismissal or the "ask me later" is recorded through the client. A `client`
// that is not one is reported as `clg-error` (WRONG_TYPE) and the prompt
// says it cannot be shown.
import { ClgElement, define, h, misfit, SDK_CLIENT } from './element.js';
import { formatNumber, message } from './i18n.js';
import { DIALOG_STYLES, PromptDialog, RECORD } from './prompt-dialog.js';

const COMMENT_MAX = 2000;
/** The methods of a `client` a prompt calls. */
const CLIENT_METHODS = 'shouldAskSurvey surveyShown submitSurvey dismissSurvey';

const STYLES = `${DIALOG_STYLES}
:host { container-type: inline-size; }
.question { font-size: var(--_text-lg); font-weight: 600; line-height: 1.35; margin: 0 0 var(--_space-3); margin-inline-end: 2rem; }
.scale { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); gap: var(--_space-1); border: 0; margin: 0; padding: 0; }
.scale label { position: relative; min-width: 0; }
.scale input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.scale span { display: block; text-align: center; padding: 0.55rem 0; border: 1px solid var(--_border); border-radius: var(--_radius-small);
  background: var(--_surface); font-variant-numeric: tabular-nums; transition: background-color var(--_motion), border-color var(--_motion); }
.scale label:hover span { border-color: var(--_accent); }
.colored .detractor span { background: color-mix(in srgb, var(--_detractor) 14%, var(--_bg)); border-color: color-mix(in srgb, var(--_detractor) 45%, var(--_bg)); }
.colored .passive span { background: color-mix(in srgb, var(--_passive) 14%, var(--_bg)); border-color: color-mix(in srgb, var(--_passive) 45%, var(--_bg)); }
.colored .promoter span { background: color-mix(in srgb, var(--_promoter) 14%, var(--_bg)); border-color: color-mix(in srgb, var(--_promoter) 45%, var(--_bg)); }
.scale input:checked + span, .colored input:checked + span { background: var(--_accent); border-color: var(--_accent); color: var(--_accent-fg); }
.scale input:focus-visible + span { outline: 3px solid var(--_focus); outline-offset: 2px; }
/* The ends share a line as before: a word of one is not broken to make room for the other. */
.ends { display: flex; justify-content: space-between; gap: var(--_space-4); font-size: var(--_text-sm); color: var(--_muted); margin: var(--_space-2) 0 0; overflow-wrap: break-word; }
.ends span:last-child { text-align: end; }
.follow-up { display: grid; gap: var(--_space-1); margin-top: var(--_space-3); }
textarea { font: inherit; padding: 0.4rem; border: 1px solid var(--_field-border); border-radius: var(--_radius-small); background: var(--_bg); color: var(--_fg); max-width: 100%; }
.actions { display: flex; flex-wrap: wrap; gap: var(--_space-2); margin-top: var(--_space-4); }
@container (max-width: 26rem) {
  .panel { padding: var(--_space-3); }
  .scale { gap: 2px; }
  .scale span { font-size: var(--_text-sm); padding: 0.6rem 0; }
}
`;

/** The NPS group of a 0-10 score, for the coloured scale. */
const npsGroup = (score) => (score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter');

export class SurveyPrompt extends ClgElement {
  static styles = STYLES;
  static observedAttributes = ['lang', 'company', 'question', 'follow-up', 'colored', 'hidden'];

  #score = null;
  #comment = '';
  #client = null;
  #promptId = null;
  /** Focus, thanks, closing and motion of the dialog. */
  #dialog;

  constructor() {
    super();
    this.#dialog = new PromptDialog(this, /** @type {any} */ (this.constructor).kind, (type) =>
      this.#sdk() && this.#promptId ? this.#client.dismissSurvey({ promptId: this.#promptId, askLater: type === 'clg-later' }) : undefined);
  }

  /** An SDK client from `clg-metrics/sdk`; see `ask()`. */
  get client() {
    return this.#client;
  }

  set client(value) {
    this.#client = value ?? null;
    if (this.isConnected) this.update(); // a value that is not a client: reported, the prompt says it cannot be shown
  }

  /** A WRONG_TYPE error when `client` is not an SDK client, else null. */
  #misfit() {
    return misfit('client', this.#client, SDK_CLIENT, CLIENT_METHODS);
  }

  /** The client, when it is one. */
  #sdk() {
    return this.#misfit() ? null : this.#client;
  }

  /** The survey id the policy and the collector know it by (attribute `survey-id`; default the kind). */
  get surveyId() {
    return this.getAttribute('survey-id') || /** @type {any} */ (this.constructor).kind;
  }

  /** The answer scale: { min, max }. */
  get scale() {
    return /** @type {any} */ (this.constructor).scale;
  }

  /** The selected score, or null. */
  get score() {
    return this.#score;
  }

  /**
   * Asks the client's survey policy whether to prompt now; shows the prompt
   * (and records that it was shown) only if so, and moves focus into it.
   * Resolves to the decision `{ show, reason, retryAt }`.
   */
  async ask() {
    if (!this.#client) throw Object.assign(new Error('ask() needs a client: set prompt.client first'), { code: 'NO_CLIENT', field: 'client' });
    const wrong = this.#misfit();
    if (wrong) throw wrong;
    const kind = /** @type {any} */ (this.constructor).kind;
    const decision = this.#client.shouldAskSurvey(kind, { surveyId: this.surveyId });
    if (decision.show) {
      this.#promptId = this.#client.surveyShown({ surveyId: this.surveyId, kind });
      if (this.hidden) this.hidden = false; // opens it (attributeChangedCallback)
      else this.#open();
    }
    return decision;
  }

  attributeChangedCallback(name, before, after) {
    if (name === 'hidden' && before !== null && after === null && this.isConnected) this.#open();
    else super.attributeChangedCallback(name);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#dialog.stop();
  }

  /** Moves focus into the prompt (to the selected answer, or the first). */
  focus() {
    /** @type {HTMLElement | null} */ (this.shadowRoot.querySelector('input:checked') ?? this.shadowRoot.querySelector('input') ?? this.shadowRoot.querySelector('.thanks'))?.focus();
  }

  render() {
    const wrong = this.#misfit();
    if (wrong) throw wrong;
    const kind = /** @type {any} */ (this.constructor).kind;
    const lang = this.locale;
    const t = (key, vars) => message(lang, key, vars);
    const thanks = this.#dialog.thanksNode(t('survey.thanks'));
    const close = (label, onclick) => h('button', { type: 'button', class: 'close', 'aria-label': label, 'data-focus-key': 'close', onclick }, '×');
    if (this.#dialog.sent) return [h('div', { class: 'panel' }, thanks, close(t('survey.close'), () => this.#dialog.hide()))];

    const company = this.getAttribute('company');
    const { min, max } = this.scale;
    const colored = kind === 'nps' && this.hasAttribute('colored');
    const options = [];
    for (let score = min; score <= max; score++) {
      options.push(
        h('label', { class: colored ? npsGroup(score) : false },
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
      h('p', { id: 'question', class: 'question' }, this.getAttribute('question') || (company ? t(`${kind}.question`, { company }) : t(`${kind}.questionNoCompany`))),
      h('div', { class: `scale${colored ? ' colored' : ''}`, role: 'radiogroup', 'aria-labelledby': 'question', 'aria-describedby': 'ends' }, options),
      h('p', { id: 'ends', class: 'ends' },
        h('span', {}, `${formatNumber(lang, min)} = ${t(`${kind}.low`)}`),
        h('span', {}, `${formatNumber(lang, max)} = ${t(`${kind}.high`)}`),
      ),
      followUp,
      this.#dialog.refusalNode(t),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'send', disabled: this.#score === null || this.#dialog.sending, 'data-focus-key': 'send' }, t('survey.submit')),
        h('button', { type: 'button', class: 'later', 'data-focus-key': 'later', onclick: () => this.#dialog.close('clg-later') }, t('survey.later')),
      ),
      close(t('survey.dismiss'), () => this.#dialog.close('clg-dismiss')),
    );
    if (this.#comment) form.querySelector('textarea')?.append(this.#comment);
    return [h('div', { class: 'panel', role: 'dialog', 'aria-labelledby': 'question' }, form), thanks];
  }

  /** A fresh question, shown with motion, focus moved into it. */
  #open() {
    this.#score = null;
    this.#comment = '';
    this.#dialog.open();
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
    // The comment is left out when empty, in the event as in the answer recorded.
    const comment = this.#comment.trim();
    const detail = { kind, score: this.#score, scale: { ...this.scale }, ...(comment && { comment }) };
    if (!this.emit('clg-submit', detail)) return;
    const answers = { score: this.#score, ...(comment && { comment }) };
    const client = this.#sdk();
    const record = this[RECORD]
      ? () => this[RECORD](detail)
      : client && (() => client.submitSurvey({ surveyId: this.surveyId, kind, promptId: this.#promptId ?? undefined, answers }));
    this.#dialog.send(record, 'submit', detail);
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

define('clg-nps-prompt', NpsPrompt);
define('clg-ces-prompt', CesPrompt);
define('clg-csat-prompt', CsatPrompt);
