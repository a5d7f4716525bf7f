//! Survey campaigns: prompts declared as data (what to ask, when it is
//! triggered, whom it targets, its delay and schedule) and one explainable
//! decision that says which campaign, if any, is due now.
//!
//! Every campaign's prompt goes through the survey policy of
//! [`crate::hygiene`] (sampling, session delay, snooze, recontact, the
//! user's one fatigue budget, account and role caps) with its kind and
//! survey id, so surveys and check-ins share one budget. Whether a campaign
//! was shown comes from the policy state: its prompts with the campaign's
//! survey id.
//!
//! ```
//! use clg_metrics::campaigns::{decide, Ask, Campaign, Context, Reason, Trigger};
//! use clg_metrics::hygiene::{KindRule, PolicyConfig, PolicyState};
//! let policy = PolicyConfig {
//!     kinds: vec![KindRule { kind: "ces".into(), recontact_days: 30.0, sample_rate: 1.0 }],
//!     user_gap_days: 14.0, account_cap: None, role_cap: None,
//!     session_delay_minutes: 0.0, snooze_days: 1.0,
//! };
//! let campaigns = [Campaign {
//!     delay_ms: 30_000.0,
//!     ..Campaign::new("ces-export", Ask::survey("ces"), Trigger::event("report_exported"))
//! }];
//! let t = 1_767_225_600_000.0;
//! let mut context = Context::new(t, "u1", "analyst");
//! context.triggered = vec![("ces-export".into(), t - 10_000.0)];
//! let d = decide(&campaigns, &context, &policy, &PolicyState::default()).unwrap();
//! assert!(d.due.is_none());
//! assert_eq!(d.campaigns[0].reason, Reason::Waiting);
//! assert_eq!(d.campaigns[0].next_eligible_at, Some(t + 20_000.0));
//! ```

mod campaign;
mod decision;
mod parse;
mod schedule;
mod target;
mod trigger;

pub use campaign::{check_campaigns, Ask, Campaign, CHECK_IN_KIND};
pub use decision::{decide, CampaignStatus, Context, Decision, Due, Period, Reason};
pub use parse::{read_campaigns, read_context, read_occurrence, OccurrenceInput};
pub use schedule::Schedule;
pub use target::Target;
pub use trigger::{campaign_triggers, route_matches, Occurrence, Trigger};

use crate::error::{msg, Error, ErrorCode, Part};

/// Most campaigns in one list.
pub const MAX_CAMPAIGNS: usize = 100;
/// Most entries in each list inside a campaign (roles, levels, segments,
/// values of an account attribute, attributes, event props, check-in
/// metrics).
pub const MAX_LIST: usize = 100;
/// Most entries in each list or map of a decision's context (account
/// attributes, segments, triggers, goal periods).
pub const MAX_CONTEXT_ENTRIES: usize = 1_000;
/// Longest campaign id, in UTF-16 code units.
pub const MAX_CAMPAIGN_ID: usize = 128;
/// Longest question or follow-up text, in UTF-16 code units.
pub const MAX_QUESTION: usize = 1_000;
/// Longest route an app reports, in UTF-16 code units.
pub const MAX_ROUTE: usize = 2_048;

/// Checks that `value` is neither empty nor longer than `max` UTF-16 code
/// units (JS `string.length`). `field` is written out only for an error.
#[inline]
pub(crate) fn check_length(value: &str, max: usize, field: impl Part) -> Result<(), Error> {
    check_length_at(value, max, &field)
}

/// [`check_length`], one copy for every type of field.
#[inline(never)]
fn check_length_at(value: &str, max: usize, field: &dyn Part) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyText,
            msg!(field),
            "must not be empty, got \"\"",
        ));
    }
    let units = value.encode_utf16().count();
    if units > max {
        return Err(Error::new(
            ErrorCode::TextTooLong,
            msg!(field),
            msg!(
                "must be at most ",
                max,
                " characters (UTF-16 code units), got ",
                units
            ),
        ));
    }
    Ok(())
}

/// Checks a list a rule gives: 1 to [`MAX_LIST`] entries (an empty list
/// would match nobody: leave the rule out instead).
pub(crate) fn check_list<T>(list: &[T], field: &str) -> Result<(), Error> {
    if list.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            field,
            "must list at least one entry (leave the rule out to match everyone)",
        ));
    }
    crate::hygiene::check_entries(list.len(), MAX_LIST, field)
}
