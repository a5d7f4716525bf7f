// The survey-policy state of one user: the prompts shown and their
// outcomes, as the Rust core records them. It computes each change with the
// core before the client commits it, keeps the prompts this page showed
// until they are answered or closed, stores the state in the user's storage
// merged with what their other tabs stored (one fatigue budget across tabs),
// tells those tabs, and quarantines a stored state that fails its checks.
// The client checks calls and consent; this module keeps the state.
//
//   const survey = new SurveyState(lib, options, { name, store, report });
//   await survey.restore();              // the stored state, once storage is open
//   survey.share();                      // the other tabs listened to
//   survey.shown(promptId, survey.next({ type: 'shown', promptId, ... }), { surveyId, kind });
//   const close = survey.outcome('responded', promptId, 'response'); // checked now
//   survey.commit(close());              // once the response is stored
import { loadStoredSurveyState, storedSurveyState } from '../in-app/policy-state.js';
import { sdkError } from './errors.js';
import { rooted } from './options.js';
import { storageError } from './outbox.js';

export class SurveyState {
  #lib;
  #o;
  /** The user's database name: names the channel to their other tabs. */
  #name;
  /** Gives the user's store, or null while storage is closed (reset(), consent pending). */
  #store;
  #report;
  #state = null;
  /** The channel to this user's other tabs (see #save, share). */
  #tabs = null;
  /** The state changed while storage was closed: stored once it opens. */
  #unstored = false;
  /** This tab's connection to the database another tab's reset() deleted: nothing is read back from it. */
  #deletedStore = null;
  /**
   * Prompts shown on this page and not answered or closed yet: prompt id ->
   * `{ surveyId, kind, at }` (memory only; see #closingState).
   */
  #issued = new Map();
  /** Outcomes of prompts being stored: prompt id -> settled promise (see closing). */
  #closing = new Map();

  /**
   * `options`: the client's validated options (`policy`, `role`). `hooks`:
   * `name`, the user's database name; `store()`, the user's store or null;
   * `report(error)` goes to onError.
   */
  constructor(lib, options, { name, store, report }) {
    this.#lib = lib;
    this.#o = options;
    this.#name = name;
    this.#store = store;
    this.#report = report;
  }

  /** The state as the core returned it (frozen, shared), or null before anything was shown or loaded. */
  get state() {
    return this.#state;
  }

  /** `options.policy`; throws NO_POLICY without one. */
  policy() {
    if (this.#o.policy === undefined) throw sdkError('NO_POLICY', 'options.policy: createClient({ policy }) is needed to ask about surveys', 'options.policy');
    return this.#o.policy;
  }

  /** The state after `event`, computed (and validated) by Rust without committing it. */
  next(event) {
    return this.#lib.recordSurveyEvent(this.policy(), this.#state, event);
  }

  /**
   * Makes `state` this tab's state and stores it (see #save).
   */
  commit(state) {
    this.#state = state;
    this.#save();
  }

  /** Commits `state`, which records prompt `promptId` shown (see next), and keeps the prompt until it is answered or closed. */
  shown(promptId, state, { surveyId, kind }) {
    this.commit(state);
    this.#issued.set(promptId, { surveyId, kind, at: Date.now() });
  }

  /** Prompt `promptId` was answered or closed: it is not this page's open prompt any more. */
  closed(promptId) {
    this.#issued.delete(promptId);
  }

  /** Prompt `promptId` as this page showed it (`{ surveyId, kind, at }`) while it is open, else undefined. */
  shownHere(promptId) {
    return this.#issued.get(promptId);
  }

  /** Prompt `promptId` as this page showed it, else as the state holds it (`{ surveyId, kind }`), else undefined. */
  prompt(promptId) {
    return this.#issued.get(promptId) ?? this.#state?.prompts.find((p) => p.id === promptId);
  }

  /**
   * Merges survey-policy state from the host's backend and commits it.
   * Throws a typed error (naming `state`) for invalid state; nothing
   * changes then.
   */
  merge(state) {
    let merged;
    try {
      merged = this.#merged(this.#state, state);
    } catch (error) {
      throw rooted(error, 'other', 'state'); // the client's `state` is the core's `other`
    }
    this.commit(merged);
  }

  /**
   * Runs `close` (which stores an outcome of prompt `promptId`) once the
   * outcome being stored for that prompt, if any, is settled: of two
   * answers at once (a double click, an answer and a dismissal), the
   * second then sees the first (PROMPT_CLOSED) instead of both being
   * stored. Without a prompt id it runs at once.
   * @template T
   * @param {string | undefined} promptId
   * @param {() => Promise<T>} close
   * @returns {Promise<T>}
   */
  closing(promptId, close) {
    if (promptId === undefined) return close();
    const run = (this.#closing.get(promptId) ?? Promise.resolve()).then(close);
    const settled = run.then(() => {}, () => {});
    this.#closing.set(promptId, settled);
    settled.then(() => {
      if (this.#closing.get(promptId) === settled) this.#closing.delete(promptId);
    });
    return run;
  }

  /**
   * Prompt `promptId` answered, dismissed or snoozed (`type`) now: checked
   * against the state at once (the core's errors named under the caller's
   * `argument`, `response.promptId`), and returned as the function that
   * applies it to the state as it is once the outcome is stored (a prompt
   * shown, or state loaded, meanwhile stays in it).
   * @returns {() => object}
   */
  outcome(type, promptId, argument) {
    const at = Date.now();
    this.#closingState(type, promptId, argument, at);
    return () => this.#closingState(type, promptId, argument, at);
  }

  /**
   * The state with prompt `promptId` closed by `type` at `at`. A prompt
   * this page showed whose record a consent withdrawal (or its age) forgot
   * is recorded as shown again first, at the time it was shown: the person
   * sees it still, and their answer counts (a response or dismissal blocks
   * nothing anew; "ask me later" snoozes, as the person asked).
   * A prompt shown later than this device's clock says (another device's)
   * closes at the time it was shown.
   */
  #closingState(type, promptId, argument, at) {
    try {
      return this.next({ type, promptId, at });
    } catch (error) {
      if (error?.code === 'INVALID_TIME' && error.field === 'event.at') {
        const shownAt = this.#state?.prompts.find((p) => p.id === promptId)?.at;
        if (shownAt > at) return this.#closingState(type, promptId, argument, shownAt);
      }
      const shown = this.#issued.get(promptId);
      if (error?.code !== 'UNKNOWN_PROMPT' || shown === undefined) throw rooted(error, 'event', argument);
      const policy = this.policy();
      try {
        const again = this.#lib.recordSurveyEvent(policy, this.#state, { type: 'shown', promptId, ...shown, role: this.#o.role });
        // Not before it was shown, as above (this clock moved back since).
        return this.#lib.recordSurveyEvent(policy, again, { type, promptId, at: Math.max(at, shown.at) });
      } catch (cause) {
        throw rooted(cause, 'event', argument);
      }
    }
  }

  /**
   * Reads the stored state once storage is open: a state committed while
   * storage was closed (a prompt shown during reset()) joins it; one that
   * fails its checks is quarantined.
   */
  async restore() {
    let stored;
    try {
      stored = await this.#store().getMeta('surveyState');
    } catch (error) {
      this.#report(storageError(error, 'could not read the survey state'));
    }
    if (stored === undefined) return;
    try {
      const loaded = loadStoredSurveyState(stored);
      this.#state = this.#unstored ? this.#merged(this.#state, loaded) : loaded;
    } catch (cause) {
      if (!this.#unstored) this.#state = null;
      await this.#quarantine(this.#store(), stored, cause);
    }
  }

  /**
   * Listens to this user's other tabs (IndexedDB only: memory is this
   * page's): a stored state is merged into this tab's; a reset() or consent
   * withdrawal there deleted the user's data, so this tab forgets its state
   * too (the prompts shown before it are not this session's any more).
   * Then stores a state committed while storage was closed.
   */
  share() {
    this.#tabs?.close();
    this.#tabs = null;
    if (typeof BroadcastChannel === 'function' && this.#store()?.kind === 'indexeddb') {
      const tabs = new BroadcastChannel(`${this.#name}:surveyState`);
      tabs.onmessage = async ({ data }) => {
        if (data === 'cleared') {
          this.#state = null;
          this.#deletedStore = this.#store(); // this tab's connection to the database being deleted
          return;
        }
        const store = this.#store();
        const stored = await store?.getMeta('surveyState').catch(() => undefined);
        if (this.#tabs !== tabs || stored === undefined || store === this.#deletedStore) return;
        try {
          this.#state = this.#merged(this.#state, loadStoredSurveyState(stored));
        } catch {
          // A state that fails its checks: this tab's next write quarantines it.
        }
      };
      this.#tabs = tabs;
    }
    if (this.#unstored && this.#state) this.#save();
  }

  /**
   * Forgets the state (reset, consent withdrawn): tells this user's other
   * tabs that local data is being deleted, then stops listening. The
   * prompts this page showed stay (see forgetPrompts).
   */
  forget() {
    try {
      this.#tabs?.postMessage('cleared');
    } catch {
      // closed meanwhile: nobody to tell
    }
    this.close();
    this.#state = null;
    this.#unstored = false;
  }

  /** Forgets the prompts this page showed (logout: the next user answers none of them). */
  forgetPrompts() {
    this.#issued.clear();
  }

  /** Stops listening to the other tabs (destroy). */
  close() {
    this.#tabs?.close();
    this.#tabs = null;
  }

  /**
   * `state` with `other` merged in, forgetting the prompts the policy (if
   * any) no longer needs now, as recording an event does: a copy stored
   * before an event would otherwise bring back what that event forgot.
   */
  #merged(state, other) {
    const policy = this.#o.policy;
    return this.#lib.mergeSurveyState(state, other, policy === undefined ? undefined : { policy, now: Date.now() });
  }

  /**
   * Stores this tab's state merged with what this user's other tabs
   * stored, in one transaction, and tells them: each merges the stored
   * state into its own (one fatigue budget across tabs, and no tab's
   * prompt or outcome is lost from storage). While storage is closed
   * (reset(), consent pending) it is stored once storage opens. A stored
   * state that fails its checks is quarantined, never overwritten unseen.
   */
  #save(again = true) {
    const [store, tabs] = [this.#store(), this.#tabs];
    this.#unstored = !store;
    if (!store) return;
    let corrupt = null;
    const merged = (stored) => {
      corrupt = null;
      // Nothing comes back from a database another tab's reset() is deleting.
      if (stored !== undefined && store !== this.#deletedStore) {
        try {
          this.#state = this.#merged(this.#state, loadStoredSurveyState(stored));
        } catch (error) {
          corrupt = { stored, error };
          return undefined; // left as it is, for the quarantine below
        }
      }
      return storedSurveyState(this.#state);
    };
    store.updateMeta('surveyState', merged).then(async () => {
      if (corrupt) {
        await this.#quarantine(store, corrupt.stored, corrupt.error);
        // Once: a quarantine that failed leaves the state unstored, not in a loop.
        if (again && this.#store() === store) this.#save(false);
        else this.#unstored = true;
      } else if (this.#tabs === tabs) {
        tabs?.postMessage('surveyState');
      }
    }, (error) => {
      this.#unstored = true;
      this.#report(storageError(error, 'could not store the survey state'));
    });
  }

  /** Moves a stored state that failed its checks (`cause`) to quarantine and reports STORAGE_CORRUPT. */
  async #quarantine(store, stored, cause) {
    const error = rooted(cause, 'other', 'state'); // the stored state is the core's `other`
    await store.quarantineMeta('surveyState', stored, `${error.code}: ${error.message}`).catch(() => {});
    this.#report(sdkError('STORAGE_CORRUPT', `the stored survey state was invalid and was quarantined (${error.message})`, 'storage', error));
  }
}
