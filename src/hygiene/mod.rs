//! Survey hygiene: whether to prompt a user now, decided the same way on
//! every device from a small, serialisable state.
//!
//! Rules, checked by [`decide`]: deterministic hash sampling per survey
//! ([`sampling_hash`]); no prompt in the first minutes of a session; "ask me
//! later" snoozes a kind; a recontact period per survey kind; one global
//! fatigue budget per user (one prompt per N days, across kinds); caps per
//! account and per role over a sliding window. Dismissals and snoozes are
//! recorded as outcomes of a prompt, never as responses.
//!
//! Times are milliseconds since the Unix epoch (JS `Date.now()`).
//!
//! ```
//! use clg_metrics::hygiene::{decide, Ask, Cap, KindRule, Outcome, PolicyConfig, PolicyState, Reason, SurveyEvent};
//! let config = PolicyConfig {
//!     kinds: vec![KindRule { kind: "nps".into(), recontact_days: 90.0, sample_rate: 1.0 }],
//!     user_gap_days: 14.0,
//!     account_cap: Some(Cap { max: 20, window_days: 7.0 }),
//!     role_cap: None,
//!     session_delay_minutes: 3.0,
//!     snooze_days: 1.0,
//! };
//! let mut state = PolicyState::default();
//! let day = 86_400_000.0;
//! let ask = Ask { survey_id: "nps-q3", kind: "nps", user_id: "u1", role: "admin", now: 10.0 * day, session_start: 0.0 };
//! assert!(decide(&config, &state, &ask).unwrap().show);
//!
//! state.record(&config, SurveyEvent::Shown { id: "p1", survey_id: "nps-q3", kind: "nps", role: "admin", at: 10.0 * day }).unwrap();
//! state.record(&config, SurveyEvent::Outcome { id: "p1", outcome: Outcome::Dismissed, at: 10.0 * day }).unwrap();
//! let later = decide(&config, &state, &Ask { now: 20.0 * day, ..ask }).unwrap();
//! assert_eq!((later.show, later.reason), (false, Reason::RecontactPeriod));
//! assert_eq!(later.retry_at, Some(100.0 * day));
//! ```

mod columns;
mod config;
mod decision;
mod hash;
mod ids;
mod parse;
mod state;

pub use columns::{ColumnText, StateColumns};
pub use config::{Cap, KindRule, PolicyConfig};
pub use decision::{decide, Ask, Decision, Reason};
// For campaigns (the policy with results): shared passes over the state.
#[cfg(feature = "results")]
pub(crate) use crate::id_map::IdMap;
#[cfg(feature = "results")]
pub(crate) use decision::{screen, weigh};
pub use hash::{sampled_in, sampling_hash};
pub use parse::forget_options;
pub use state::{
    AccountPrompt, Outcome, PolicyState, Prompt, Span, SurveyEvent, STATE_FORMAT, STATE_VERSION,
};

use crate::error::{msg, Error, ErrorCode, Num, Part};

/// Most prompts a state holds in each of its lists (`prompts`,
/// `accountPrompts`). Loading more is `TOO_LARGE`; recording and
/// merging forget the oldest prompts beyond it.
pub const MAX_STATE_ENTRIES: usize = 100_000;
/// Most survey kinds a policy defines.
pub const MAX_KINDS: usize = 64;
/// Longest id, survey id, user id, kind or role, in UTF-16 code units (as
/// JS `string.length` counts).
pub const MAX_ID_LENGTH: usize = 256;

/// Milliseconds in a day.
pub const DAY_MS: f64 = 86_400_000.0;
/// Milliseconds in a minute.
pub const MINUTE_MS: f64 = 60_000.0;
/// The latest time a JS `Date` holds (ms since 1970), as `INVALID_TIME`
/// means everywhere.
const MAX_TIME: f64 = 8.64e15;

/// Checks a timestamp: a whole number of milliseconds from 0 to 8.64e15.
/// `field` is written out only for an error.
#[inline]
pub(crate) fn check_time(at: f64, field: impl Part) -> Result<f64, Error> {
    check_time_at(at, &field)
}

/// [`check_time`], one copy for every type of field.
#[inline(never)]
fn check_time_at(at: f64, field: &dyn Part) -> Result<f64, Error> {
    if is_time(at) {
        return Ok(at);
    }
    Err(Error::new(
        ErrorCode::InvalidTime,
        msg!(field),
        msg!(
            "must be a whole number of milliseconds since 1970 (0 or more) within the range of a JS Date, got ",
            Num(at)
        ),
    ))
}

/// Whether `at` passes [`check_time`] (for loops over 100k times, where a
/// call per time costs more than the check; opt-level "z" would not
/// inline it otherwise).
#[inline(always)]
pub(crate) fn is_time(at: f64) -> bool {
    (0.0..=MAX_TIME).contains(&at) && at.fract() == 0.0
}

/// Checks a duration (in days) of a campaign trigger: finite and 0 or more
/// (beyond 2^53 - 1 ms a trigger never fires).
#[cfg(feature = "results")]
pub(crate) fn check_duration(value: f64, field: &str) -> Result<f64, Error> {
    if value.is_finite() && value >= 0.0 {
        return Ok(value);
    }
    Err(Error::new(
        ErrorCode::InvalidDuration,
        field,
        msg!("must be a finite duration of 0 or more, got ", Num(value)),
    ))
}

/// The longest duration of a policy rule: 36,525 days (100 years), so
/// every `retryAt` computed from one stays a valid JS `Date`.
pub(crate) const MAX_RULE_DAYS: f64 = 36_525.0;

/// Checks a duration of a policy rule, in units of which `per_day` make a
/// day (1 for days, 1440 for minutes): from 0 to [`MAX_RULE_DAYS`].
pub(crate) fn check_rule_duration(value: f64, per_day: f64, field: &str) -> Result<f64, Error> {
    let max = MAX_RULE_DAYS * per_day;
    if (0.0..=max).contains(&value) {
        return Ok(value);
    }
    Err(Error::new(
        ErrorCode::InvalidDuration,
        field,
        msg!(
            "must be a duration from 0 to ",
            Num(max),
            " (100 years), got ",
            Num(value)
        ),
    ))
}

/// Checks that an id, kind or role is neither empty nor longer than
/// [`MAX_ID_LENGTH`]. `field` is written out only for an error.
#[inline]
pub(crate) fn check_text(value: &str, field: impl Part) -> Result<(), Error> {
    check_text_at(value, &field)
}

/// [`check_text`], one copy for every type of field.
#[inline(never)]
fn check_text_at(value: &str, field: &dyn Part) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyText,
            msg!(field),
            "must not be empty, got \"\"",
        ));
    }
    // UTF-8 is never shorter than UTF-16, so short texts skip the count.
    if value.len() > MAX_ID_LENGTH && value.encode_utf16().nth(MAX_ID_LENGTH).is_some() {
        return Err(Error::new(
            ErrorCode::TextTooLong,
            msg!(field),
            msg!(
                "must be at most ",
                MAX_ID_LENGTH,
                " characters (UTF-16 code units), got ",
                value.encode_utf16().count()
            ),
        ));
    }
    Ok(())
}

/// Checks that a list of `len` entries named `field` is within `max`; call
/// it before reading (and allocating) the entries.
///
/// ```
/// use clg_metrics::{hygiene::{check_entries, MAX_STATE_ENTRIES}, ErrorCode};
/// assert!(check_entries(MAX_STATE_ENTRIES, MAX_STATE_ENTRIES, "state.prompts").is_ok());
/// let e = check_entries(1 << 31, MAX_STATE_ENTRIES, "state.prompts").unwrap_err();
/// assert_eq!(e.code(), ErrorCode::TooLarge);
/// ```
pub fn check_entries(len: usize, max: usize, field: &str) -> Result<(), Error> {
    if len <= max {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::TooLarge,
        field,
        msg!("must hold at most ", max, " elements, got ", len),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_is_whole_ms_from_0_to_the_last_js_date() {
        for ok in [0.0, 1_767_225_600_000.0, 8.64e15] {
            assert_eq!(check_time(ok, "at").unwrap(), ok);
        }
        // 2^53 is a whole number, and no JS Date.
        for bad in [-1.0, 0.5, 8.64e15 + 1.0, 9_007_199_254_740_992.0, f64::NAN] {
            let e = check_time(bad, ("ask", ".now")).unwrap_err();
            assert_eq!((e.code(), e.field()), (ErrorCode::InvalidTime, "ask.now"));
            assert!(
                e.message().contains("within the range of a JS Date"),
                "{}",
                e.message()
            );
        }
    }
}
