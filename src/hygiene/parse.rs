//! The policy's inputs read from a [`Value`] with the one reader of
//! [`crate::input`] (`null` is absent, unknown keys refused): the policy,
//! a question, an event and saved state. Texts are borrowed from the value.
//!
//! ```
//! use clg_metrics::hygiene::PolicyConfig;
//! use clg_metrics::input::Value;
//! let rule = Value::object([("recontactDays", Value::from(90.0))]);
//! let policy = Value::object([("kinds", Value::object([("nps", rule)]))]);
//! let config = PolicyConfig::from_value(&policy, "policy").unwrap();
//! assert_eq!((config.kinds[0].kind.as_str(), config.user_gap_days), ("nps", 14.0));
//! ```

use super::{
    check_entries, check_time, Ask, Cap, KindRule, Outcome, PolicyConfig, PolicyState, SurveyEvent,
    MAX_KINDS, MAX_STATE_ENTRIES,
};
use crate::error::{msg, Error, ErrorCode, Num, Quoted};
use crate::input::{each, wrong_type, Obj, Value};

const POLICY_KEYS: &[&str] = &[
    "kinds",
    "userGapDays",
    "accountCap",
    "roleCap",
    "sessionDelayMinutes",
    "snoozeDays",
];
const ASK_KEYS: &[&str] = &["surveyId", "kind", "userId", "role", "now", "sessionStart"];
const SHOWN_KEYS: &[&str] = &["type", "promptId", "surveyId", "kind", "role", "at"];
const OUTCOME_KEYS: &[&str] = &["type", "promptId", "at"];
const STATE_KEYS: &[&str] = &["version", "prompts", "accountPrompts"];
const PROMPT_KEYS: &[&str] = &["id", "surveyId", "kind", "at", "outcome", "outcomeAt"];
const ACCOUNT_PROMPT_KEYS: &[&str] = &["id", "role", "at"];

impl PolicyConfig {
    /// Reads and validates a policy named `name`, filling in the
    /// documented defaults.
    pub fn from_value(value: &Value, name: &str) -> Result<PolicyConfig, Error> {
        let p = Obj::new(value, name, POLICY_KEYS)?;
        let kinds = match p.raw("kinds") {
            Some(Value::Object(entries)) => entries,
            other => {
                return Err(wrong_type(
                    p.field("kinds"),
                    "an object of kind rules",
                    other,
                ))
            }
        };
        check_entries(kinds.len(), MAX_KINDS, &p.field("kinds"))?;
        let kinds = kinds
            .iter()
            .map(|(kind, rule)| {
                let rule = Obj::new(
                    rule,
                    msg!(name, ".kinds.", kind),
                    &["recontactDays", "sampleRate"],
                )?;
                Ok(KindRule {
                    recontact_days: rule.number("recontactDays")?,
                    sample_rate: rule.number_or("sampleRate", 1.0)?,
                    kind: kind.clone(),
                })
            })
            .collect::<Result<_, Error>>()?;
        let config = PolicyConfig {
            kinds,
            user_gap_days: p.number_or("userGapDays", 14.0)?,
            account_cap: cap(&p, "accountCap")?,
            role_cap: cap(&p, "roleCap")?,
            session_delay_minutes: p.number_or("sessionDelayMinutes", 2.0)?,
            snooze_days: p.number_or("snoozeDays", 1.0)?,
        };
        config.validate()?;
        Ok(config)
    }
}

/// The optional cap `key` of the policy `p`.
fn cap(p: &Obj<'_>, key: &str) -> Result<Option<Cap>, Error> {
    let Some(cap) = p.opt_object(key, &["max", "windowDays"])? else {
        return Ok(None);
    };
    let max = cap.number("max")?;
    if !(max >= 0.0 && max <= f64::from(u32::MAX) && max.fract() == 0.0) {
        return Err(Error::new(
            ErrorCode::InvalidCount,
            cap.field("max"),
            msg!("must be a whole number from 0 up, got ", Num(max)),
        ));
    }
    Ok(Some(Cap {
        max: max as u32,
        window_days: cap.number("windowDays")?,
    }))
}

/// The string `key` of `o`, borrowed.
fn text<'a>(o: &Obj<'a>, key: &str) -> Result<&'a str, Error> {
    match o.raw(key) {
        Some(Value::String(s)) => Ok(s),
        other => Err(wrong_type(o.field(key), "a string", other)),
    }
}

impl<'a> Ask<'a> {
    /// Reads a question to the policy, `{ surveyId, kind, userId, role,
    /// now, sessionStart }`, named `name` (the values are checked when
    /// deciding).
    pub fn from_value(value: &'a Value, name: &str) -> Result<Ask<'a>, Error> {
        let a = Obj::new(value, name, ASK_KEYS)?;
        Ok(Ask {
            survey_id: text(&a, "surveyId")?,
            kind: text(&a, "kind")?,
            user_id: text(&a, "userId")?,
            role: text(&a, "role")?,
            now: a.number("now")?,
            session_start: a.number("sessionStart")?,
        })
    }
}

/// The options of a merge, `{ policy, now }` named `name`: the merged
/// state then forgets what `policy` no longer needs as of `now` (see
/// [`PolicyState::merge_and_forget`]). `None` when `value` is `null`.
///
/// ```
/// use clg_metrics::hygiene::forget_options;
/// use clg_metrics::input::Value;
/// assert!(forget_options(&Value::Null, "options").unwrap().is_none());
/// let e = forget_options(&Value::object([("now", Value::from(0.0))]), "options").unwrap_err();
/// assert_eq!(e.field(), "options.policy");
/// ```
pub fn forget_options(value: &Value, name: &str) -> Result<Option<(PolicyConfig, f64)>, Error> {
    if matches!(value, Value::Null) {
        return Ok(None);
    }
    let o = Obj::new(value, name, &["policy", "now"])?;
    let policy = o.raw("policy").unwrap_or(&Value::Null);
    // The policy's checks name their fields from `policy`.
    let config = PolicyConfig::from_value(policy, &o.field("policy"))
        .map_err(|e| e.renamed("policy", &o.field("policy")))?;
    let now = check_time(o.number("now")?, o.field("now"))?;
    Ok(Some((config, now)))
}

impl<'a> SurveyEvent<'a> {
    /// Reads an event named `name`: `{ type: "shown", promptId, surveyId,
    /// kind, role, at }` or `{ type: "responded" | "dismissed" |
    /// "snoozed", promptId, at }` (the values are checked when recording).
    pub fn from_value(value: &'a Value, name: &str) -> Result<SurveyEvent<'a>, Error> {
        let e = Obj::new(value, name, SHOWN_KEYS)?;
        let kind = text(&e, "type")?;
        if kind == "shown" {
            return Ok(SurveyEvent::Shown {
                id: text(&e, "promptId")?,
                survey_id: text(&e, "surveyId")?,
                kind: text(&e, "kind")?,
                role: text(&e, "role")?,
                at: e.number("at")?,
            });
        }
        // The type first: with an unknown one, the other keys mean nothing.
        let outcome = outcome(kind, &e.field("type"))?;
        let e = Obj::new(value, name, OUTCOME_KEYS)?;
        Ok(SurveyEvent::Outcome {
            outcome,
            id: text(&e, "promptId")?,
            at: e.number("at")?,
        })
    }
}

impl PolicyState {
    /// Reads saved state named `name`, `{ version, prompts, accountPrompts }`,
    /// through [`PolicyState::load`] (the version first, then every entry
    /// checked). A list longer than [`MAX_STATE_ENTRIES`] is refused before
    /// any entry is read.
    pub fn from_value(value: &Value, name: &str) -> Result<PolicyState, Error> {
        // The version first: a newer version may have other keys.
        let version = match Obj::loose(value, name)?.raw("version") {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        };
        PolicyState::load(version, name, |_version| {
            let s = Obj::new(value, name, STATE_KEYS)?;
            let prompts = list(&s, "prompts")?;
            let account_prompts = list(&s, "accountPrompts")?;
            let mut state = PolicyState::default();
            each(prompts, &s.field("prompts"), |item, path| {
                prompt(item, path, &mut state)
            })?;
            each(account_prompts, &s.field("accountPrompts"), |item, path| {
                account_prompt(item, path, &mut state)
            })?;
            Ok(state)
        })
    }
}

/// The array `key` of `s`, at most [`MAX_STATE_ENTRIES`] long.
fn list<'a>(s: &Obj<'a>, key: &str) -> Result<&'a [Value], Error> {
    let items = s.array(key)?;
    check_entries(items.len(), MAX_STATE_ENTRIES, &s.field(key))?;
    Ok(items)
}

/// Reads a prompt and adds it to `state`.
fn prompt(item: &Value, path: String, state: &mut PolicyState) -> Result<(), Error> {
    let p = Obj::new(item, path, PROMPT_KEYS)?;
    state.push_prompt(
        text(&p, "id")?,
        text(&p, "surveyId")?,
        text(&p, "kind")?,
        p.number("at")?,
        outcome(text(&p, "outcome")?, &p.field("outcome"))?,
        p.opt_number("outcomeAt")?,
    );
    Ok(())
}

/// Reads an account prompt and adds it to `state`.
fn account_prompt(item: &Value, path: String, state: &mut PolicyState) -> Result<(), Error> {
    let p = Obj::new(item, path, ACCOUNT_PROMPT_KEYS)?;
    state.push_account_prompt(text(&p, "id")?, text(&p, "role")?, p.number("at")?);
    Ok(())
}

/// Reads an outcome name (an event's type, a stored prompt's outcome).
fn outcome(text: &str, field: &str) -> Result<Outcome, Error> {
    match text {
        "shown" => Ok(Outcome::Shown),
        "responded" => Ok(Outcome::Responded),
        "dismissed" => Ok(Outcome::Dismissed),
        "snoozed" => Ok(Outcome::Snoozed),
        _ => Err(Error::new(
            ErrorCode::InvalidChoice,
            field,
            msg!(
                "must be \"shown\", \"responded\", \"dismissed\" or \"snoozed\", got ",
                Quoted(text)
            ),
        )),
    }
}

/// Native checks of the readers: valid input, each rule, the `null` rule
/// and the unknown-key message.
#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
