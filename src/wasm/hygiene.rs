//! Survey hygiene exports: the policy decision, recording prompts and their
//! outcomes, merging state from the host app, and the sampling hash.
//!
//! Policies, questions, events and state given as plain data are converted
//! by [`from_js`] and read by the core (`src/hygiene/parse.rs`: every field
//! checked, unknown keys refused), which validates state before using it.
//! State also has two faster ways in. State this module returns is frozen
//! to the last entry, and the last one is remembered: handed back, it is
//! used as it is, without being read again.
//!
//! The JS wrapper passes large state as columns instead (see
//! [`StateColumns`]): `loadSurveyStatePacked` turns them into a token that
//! stands for the state in the next call, and the `...Packed` exports
//! return the new state as columns, from which the wrapper builds the
//! objects (src/js/policy-state.js) and names them (`adoptSurveyState`).

use std::cell::RefCell;

use js_sys::{Array, Float64Array, Object, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::input::{from_js, text, wrong_type};
use super::tape::to_js;
use crate::error::Error;
use crate::hygiene::{
    self, Ask, ColumnText, Decision, PolicyConfig, PolicyState, StateColumns, SurveyEvent,
    STATE_VERSION,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_HYGIENE: &'static str = r#"
/** The rule for one survey kind. */
export interface SurveyKindRule {
  /** No prompt of this kind for this many days after one was shown (except "ask me later"). */
  recontactDays: number;
  /** Share of users, 0..1, sampled in for each survey of this kind. Default 1. */
  sampleRate?: number | null | undefined;
}

/** At most `max` prompts in any sliding window of `windowDays`. */
export interface SurveyCap {
  max: number;
  windowDays: number;
}

/** The survey policy: rules per kind and one fatigue budget shared by all kinds. */
export interface SurveyPolicy {
  /** One rule per survey kind, e.g. `{ nps: { recontactDays: 90 }, csat: { recontactDays: 30, sampleRate: 0.2 } }`. */
  kinds: Record<string, SurveyKindRule>;
  /** At most one prompt per this many days per user, across kinds. Default 14. */
  userGapDays?: number | null | undefined;
  /** Cap on prompts across all users of the account. Default none. */
  accountCap?: SurveyCap | null | undefined;
  /** Cap on prompts across the account's users of the same role. Default none. */
  roleCap?: SurveyCap | null | undefined;
  /** No prompt in the first minutes of a session. Default 2. */
  sessionDelayMinutes?: number | null | undefined;
  /** How long "ask me later" holds a kind back, in days. Default 1. */
  snoozeDays?: number | null | undefined;
}

/** One prompt shown to this user. */
export interface SurveyPrompt {
  readonly id: string;
  readonly surveyId: string;
  readonly kind: string;
  /** Shown at, ms since 1970. */
  readonly at: number;
  readonly outcome: "shown" | "responded" | "dismissed" | "snoozed";
  /** When the outcome was recorded; `null` while `"shown"`. */
  readonly outcomeAt: number | null;
}

/** One prompt shown to any user of the account. */
export interface SurveyAccountPrompt {
  readonly id: string;
  readonly role: string;
  readonly at: number;
}

/**
 * The policy's memory as versioned JSON (store it, or load it from your
 * backend). Deeply readonly: every state the package returns is frozen;
 * where a state is an argument, a plain (mutable) object is accepted too.
 */
export interface SurveyState {
  readonly version: 1;
  readonly prompts: readonly SurveyPrompt[];
  readonly accountPrompts: readonly SurveyAccountPrompt[];
}

/** A question to the policy. Times are ms since 1970. */
export interface SurveyAsk {
  surveyId: string;
  kind: string;
  userId: string;
  role: string;
  now: number;
  sessionStart: number;
}

/** Something that happened to a prompt. */
export type SurveyEvent =
  | { type: "shown"; promptId: string; surveyId: string; kind: string; role: string; at: number }
  | { type: "responded" | "dismissed" | "snoozed"; promptId: string; at: number };

/** Why a survey may or may not be shown now. */
export type SurveyReason =
  | "ELIGIBLE"
  | "SAMPLED_OUT"
  | "SESSION_TOO_NEW"
  | "SNOOZED"
  | "RECONTACT_PERIOD"
  | "USER_FATIGUE"
  | "ROLE_CAP"
  | "ACCOUNT_CAP";

export interface SurveyDecision {
  show: boolean;
  /** `"ELIGIBLE"` when shown; otherwise the rule that blocks longest. */
  reason: SurveyReason;
  /** When every rule passes if nothing else happens; `null` when shown or never by time alone. */
  retryAt: number | null;
}
"#;

/// The types of `recordSurveyEvent` and `mergeSurveyState`, which the
/// wrapper (`src/js/policy.js`) implements over the packed exports below:
/// declared here, beside the policy's other types, with no wasm code.
#[wasm_bindgen(typescript_custom_section)]
const TS_STATE_FUNCTIONS: &'static str = r#"
/**
 * Records a prompt being shown, answered, dismissed or snoozed and returns
 * the new state, frozen (the input is not changed; prompts too old to
 * matter are dropped). A dismissal is an outcome, never a response.
 *
 * @example
 * ```ts
 * let state = recordSurveyEvent(policy, null, { type: 'shown', promptId: crypto.randomUUID(),
 *   surveyId: 'nps-q3', kind: 'nps', role: 'admin', at: Date.now() });
 * state = recordSurveyEvent(policy, state, { type: 'dismissed', promptId: state.prompts[0].id, at: Date.now() });
 * ```
 */
export function recordSurveyEvent(policy: SurveyPolicy, state: SurveyState | null | undefined, event: SurveyEvent): SurveyState;
/**
 * Merges survey state the host app loaded (from its backend: other
 * devices, other users of the account) into this state, by prompt id, and
 * returns the result, frozen. Both are validated first. With `options`,
 * the result forgets the prompts `options.policy` no longer needs as of
 * `options.now`, as `recordSurveyEvent` does at an event of that time.
 *
 * @example
 * ```ts
 * const state = mergeSurveyState(localState, await (await fetch('/api/survey-state')).json(), { policy, now: Date.now() });
 * ```
 */
export function mergeSurveyState(state: SurveyState | null | undefined, other: SurveyState, options?: { policy: SurveyPolicy; now: number } | null): SurveyState;
"#;

#[wasm_bindgen]
extern "C" {
    /// A survey policy.
    #[wasm_bindgen(typescript_type = "SurveyPolicy")]
    pub type SurveyPolicyArg;
    /// Survey state; as an `Option` (`null`/`undefined`: empty) wasm-bindgen
    /// adds `| null | undefined` to the type itself.
    #[wasm_bindgen(typescript_type = "SurveyState")]
    pub type SurveyStateArg;
    /// A question to the policy.
    #[wasm_bindgen(typescript_type = "SurveyAsk")]
    pub type SurveyAskArg;
}

/// Checks a survey policy and throws a `ClgMetricsError` naming the first
/// bad field (`policy.kinds.nps.sampleRate`...); returns nothing when valid.
///
/// @example
/// ```ts
/// checkSurveyPolicy({ kinds: { nps: { recontactDays: 90 } }, userGapDays: 14 });
/// ```
#[wasm_bindgen(js_name = checkSurveyPolicy)]
pub fn check_survey_policy(policy: SurveyPolicyArg) -> Result<(), JsValue> {
    read_policy(&policy.into())?;
    Ok(())
}

/// Whether to show a survey now: `{ show, reason, retryAt }`. Sampling
/// (FNV-1a 32-bit of `surveyId`, a 0 byte and `userId`, then murmur3
/// fmix32; in when `hash / 2^32 < sampleRate`) is final; otherwise the
/// reason is the rule that blocks longest and `retryAt` when the last
/// block lifts.
///
/// @example
/// ```ts
/// const d = surveyDecision({ kinds: { nps: { recontactDays: 90 } } }, state,
///   { surveyId: 'nps-q3', kind: 'nps', userId: 'u1', role: 'admin', now: Date.now(), sessionStart });
/// if (d.show) showNps(); else console.log(d.reason, d.retryAt);
/// ```
#[wasm_bindgen(js_name = surveyDecision, unchecked_return_type = "SurveyDecision")]
pub fn survey_decision(
    policy: SurveyPolicyArg,
    state: Option<SurveyStateArg>,
    ask: SurveyAskArg,
) -> Result<JsValue, JsValue> {
    let config = read_policy(&policy.into())?;
    let state_value: JsValue = state.into();
    let (state, returned) = take_state(&state_value, "state")?;
    let decision = decide(&config, &state, &ask.into());
    if returned {
        keep_returned(state_value, state);
    }
    let decision = decision?;
    Ok(to_js(&decision.to_value()))
}

/// Reads `ask` and decides.
fn decide(config: &PolicyConfig, state: &PolicyState, ask: &JsValue) -> Result<Decision, Error> {
    let ask = from_js(ask, "ask")?;
    hygiene::decide(config, state, &Ask::from_value(&ask, "ask")?)
}

/// `recordSurveyEvent` (declared in [`TS_STATE_FUNCTIONS`]; the wrapper,
/// `src/js/policy.js`, builds the frozen state): the new state as columns
/// (an array `[text, lengths, times, codes]`, see [`StateColumns`]).
#[wasm_bindgen(js_name = recordSurveyEventPacked, skip_typescript)]
pub fn record_survey_event_packed(
    policy: JsValue,
    state: JsValue,
    event: JsValue,
) -> Result<JsValue, JsValue> {
    give_columns(record(policy, state, event)?)
}

fn record(policy: JsValue, value: JsValue, event: JsValue) -> Result<PolicyState, Error> {
    let config = read_policy(&policy)?;
    let (mut state, returned) = take_state(&value, "state")?;
    // On error the state is unchanged: the one returned last stays known.
    match apply(&config, &mut state, &event) {
        Ok(()) => Ok(state),
        Err(e) => Err(give_back(value, state, returned, e)),
    }
}

/// Reads `event` and records it in `state` (unchanged on error).
fn apply(config: &PolicyConfig, state: &mut PolicyState, event: &JsValue) -> Result<(), Error> {
    let event = from_js(event, "event")?;
    state.record(config, SurveyEvent::from_value(&event, "event")?)
}

/// `mergeSurveyState` (declared in [`TS_STATE_FUNCTIONS`]): the merged
/// state as columns (see [`record_survey_event_packed`]).
#[wasm_bindgen(js_name = mergeSurveyStatePacked, skip_typescript)]
pub fn merge_survey_state_packed(
    state: JsValue,
    other: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    give_columns(merge(state, other, options)?)
}

fn merge(value: JsValue, other: JsValue, options: JsValue) -> Result<PolicyState, Error> {
    // Read before the states are taken: an error leaves the state returned last known.
    let forget = hygiene::forget_options(&from_js(&options, "options")?, "options")?;
    let (mut state, returned) = take_state(&value, "state")?;
    let other = if other.is_undefined() || other.is_null() {
        Err(wrong_type("other", "survey state", &other))
    } else {
        take_state(&other, "other")
    };
    match other {
        Ok((other, _)) => {
            match forget {
                Some((config, now)) => state.merge_and_forget(other, &config, now),
                None => state.merge_owned(other),
            }
            Ok(state)
        }
        Err(e) => Err(give_back(value, state, returned, e)),
    }
}

/// Survey state as columns (see [`StateColumns`]; the JS wrapper packs
/// state it did not get from this module so): an object that stands for
/// this state as the `state` or `other` argument of a later policy call,
/// where it is checked as state read field by field is. The two loaded
/// last wait for that call. The text is `wide` (UTF-16) unless that is
/// empty, else `ascii` (see [`ColumnText`]).
#[wasm_bindgen(js_name = loadSurveyStatePacked, skip_typescript)]
pub fn load_survey_state_packed(
    ascii: Vec<u8>,
    wide: Vec<u16>,
    lengths: Vec<u32>,
    times: Vec<f64>,
    codes: Vec<u8>,
) -> Result<JsValue, JsValue> {
    let text = if wide.is_empty() {
        ColumnText::Ascii(ascii)
    } else {
        ColumnText::Utf16(wide)
    };
    let state = StateColumns::read(text, &lengths, &times, &codes, "state")?;
    let token: JsValue = Object::freeze(&Object::new()).into();
    LOADED.with_borrow_mut(|loaded| {
        if loaded.len() == 2 {
            loaded.remove(0);
        }
        loaded.push((token.clone(), state));
    });
    Ok(token)
}

/// The 32-bit sampling hash of a survey and a user (FNV-1a over the UTF-8
/// of `surveyId`, a 0 byte and `userId`, then murmur3 fmix32): the same on
/// every device and in any backend that implements it.
///
/// @example
/// ```ts
/// samplingHash('nps-q3', 'user-42'); // 28598760
/// samplingHash('nps-q3', 'user-42') / 2 ** 32 < 0.25; // in a 25 % sample?
/// ```
#[wasm_bindgen(js_name = samplingHash)]
pub fn sampling_hash(
    #[wasm_bindgen(js_name = surveyId, unchecked_param_type = "string")] survey_id: JsValue,
    #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: JsValue,
) -> Result<u32, JsValue> {
    let read = |value: &JsValue, field: &str| {
        text(value, &|| field.into())?.ok_or_else(|| wrong_type(field, "a string", value))
    };
    Ok(hygiene::sampling_hash(
        &read(&survey_id, "surveyId")?,
        &read(&user_id, "userId")?,
    ))
}

/// Reads and validates a policy, filling in the documented defaults.
pub(super) fn read_policy(value: &JsValue) -> Result<PolicyConfig, Error> {
    PolicyConfig::from_value(&from_js(value, "policy")?, "policy")
}

thread_local! {
    /// The state object this module returned last, frozen to the last
    /// entry, with the state it holds: the SDK hands it back on every call,
    /// and it is then used without being read and checked again.
    static RETURNED: RefCell<Option<(JsValue, PolicyState)>> = const { RefCell::new(None) };
    /// State loaded from columns, not checked yet, by token.
    static LOADED: RefCell<Vec<(JsValue, PolicyState)>> = const { RefCell::new(Vec::new()) };
}

/// The state `value` (the argument `name`) holds, and whether it is the
/// state this module returned last (taken back as it is: frozen, it cannot
/// have changed; [`keep_returned`] puts it back). State loaded from
/// columns is checked as state read field by field is; anything else is
/// read and checked.
pub(super) fn take_state(value: &JsValue, name: &str) -> Result<(PolicyState, bool), Error> {
    let returned = RETURNED.with_borrow_mut(|last| match last {
        Some((object, _)) if object == value => last.take().map(|(_, state)| state),
        _ => None,
    });
    if let Some(state) = returned {
        return Ok((state, true));
    }
    let loaded = LOADED.with_borrow_mut(|loaded| {
        let at = loaded.iter().position(|(token, _)| token == value)?;
        Some(loaded.remove(at).1)
    });
    match loaded {
        Some(state) => Ok((
            PolicyState::load(Some(STATE_VERSION.into()), name, |_| Ok(state))?,
            false,
        )),
        None if value.is_undefined() || value.is_null() => Ok((PolicyState::default(), false)),
        None => Ok((
            PolicyState::from_value(&from_js(value, name)?, name)?,
            false,
        )),
    }
}

/// `error`, after the state `object` holds is remembered again when it was
/// [`take_state`]n as the state returned last (the call using it failed).
fn give_back(object: JsValue, state: PolicyState, returned: bool, error: Error) -> Error {
    if returned {
        keep_returned(object, state);
    }
    error
}

/// Remembers the frozen `object` the wrapper built from the `columns` this
/// module returned last as the state returned last (see [`take_state`]).
#[wasm_bindgen(js_name = adoptSurveyState, skip_typescript)]
pub fn adopt_survey_state(columns: JsValue, object: JsValue) {
    RETURNED.with_borrow_mut(|last| {
        if let Some((key, _)) = last.as_mut().filter(|(key, _)| *key == columns) {
            *key = object;
        }
    });
}

/// Remembers `state` as what the frozen `object` holds.
pub(super) fn keep_returned(object: JsValue, state: PolicyState) {
    RETURNED.set(Some((object, state)));
}

/// `state` as columns `[text, lengths, times, codes]`, remembered under
/// that array until [`adopt_survey_state`] names the object built from it.
fn give_columns(state: PolicyState) -> Result<JsValue, JsValue> {
    let c = StateColumns::write(&state);
    let columns: JsValue = Array::of4(
        &c.text.into(),
        &Uint32Array::from(&c.lengths[..]),
        &Float64Array::from(&c.times[..]),
        &Uint8Array::from(&c.codes[..]),
    )
    .into();
    keep_returned(columns.clone(), state);
    Ok(columns)
}
