//! The explainable decision: for every campaign whether it shows now, why
//! (or why not), and the earliest time it could if nothing else changes;
//! and the first due one. A pure function of its inputs.

use std::cell::RefCell;

use super::schedule::{last_shown, Gate};
use super::target::check_level;
use super::trigger::Firing;
use super::{check_campaigns, check_length, Ask, Campaign, MAX_CONTEXT_ENTRIES, MAX_ROUTE};
use crate::error::{msg, ElementPath, Error, ErrorCode, Num};
use crate::hygiene::{
    self, check_entries, check_text, check_time, Cap, PolicyConfig, PolicyState, DAY_MS,
};
use crate::input::Value;
use crate::results::Prop;

/// Who the user is and what happened, at `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// Now, in ms since 1970.
    pub now: f64,
    /// The user (sampling is by survey and user).
    pub user_id: String,
    /// The user's role.
    pub role: String,
    /// The role's maturity level (1-based), if known.
    pub level: Option<f64>,
    /// When the session started, not after `now`.
    pub session_start: f64,
    /// When the user signed up, if known.
    pub signup_at: Option<f64>,
    /// The route the user is on, if the app reports it: a route-triggered
    /// campaign shows only while it matches the campaign's pattern.
    pub route: Option<String>,
    /// The account's attributes (`plan`...).
    pub account: Vec<(String, Prop)>,
    /// The user's segments.
    pub segments: Vec<String>,
    /// When each campaign's event or route trigger last fired, by campaign id.
    pub triggered: Vec<(String, f64)>,
    /// Goal periods of the user's role metrics, by metric id.
    pub periods: Vec<(String, Period)>,
    /// The ids of the user's role metrics, when known: a check-in asks
    /// only about those, and one with none of them is not for this user.
    pub metrics: Option<Vec<String>>,
}

/// A goal's period: `{ start, due }`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Period {
    /// The goal's start.
    pub start: f64,
    /// The goal's due time, not before `start`.
    pub due: f64,
}

/// Why a campaign shows or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// It shows now.
    Due,
    /// It could show now, but an earlier campaign in the list does (one
    /// prompt at a time).
    Queued,
    /// Its schedule has ended.
    Ended,
    /// The user's role, level, account or segments are not targeted.
    NotTargeted,
    /// Its schedule has not started.
    NotStarted,
    /// A goal-period trigger, and none of its metrics has a goal period.
    NoGoalPeriod,
    /// Its trigger has not fired (or fires later).
    NotTriggered,
    /// Shown already for this trigger, and it does not recur, or not yet.
    Done,
    /// Its trigger fired and the delay after it is not over.
    Waiting,
    /// The survey policy holds it back (its reason, as `surveyDecision`
    /// names it: `USER_FATIGUE`, `RECONTACT_PERIOD`...).
    Policy(hygiene::Reason),
}

impl Reason {
    /// The reason as JS reads it (a policy reason by its own name).
    pub fn name(self) -> &'static str {
        match self {
            Reason::Policy(reason) => reason.name(),
            Reason::Due => "DUE",
            Reason::Queued => "QUEUED",
            Reason::Ended => "ENDED",
            Reason::NotTargeted => "NOT_TARGETED",
            Reason::NotStarted => "NOT_STARTED",
            Reason::NoGoalPeriod => "NO_GOAL_PERIOD",
            Reason::NotTriggered => "NOT_TRIGGERED",
            Reason::Done => "DONE",
            Reason::Waiting => "WAITING",
        }
    }
}

/// One campaign's answer: `{ campaignId, show, reason, nextEligibleAt }`.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignStatus<'a> {
    pub campaign_id: &'a str,
    /// Whether it is the one to show now.
    pub show: bool,
    /// `Due` when shown; otherwise the first rule that holds it back, in
    /// the order of [`Reason`] (policy last).
    pub reason: Reason,
    /// The earliest time it could show if nothing else changes (its delay,
    /// schedule, recurrence, goal period and the policy's `retryAt` all
    /// taken into account); `None` when shown, when queued, or when only
    /// something unforeseeable (a new event, goal, role...) could let it.
    pub next_eligible_at: Option<f64>,
}

/// The campaign to show now: `{ campaignId, surveyId, kind, ask, metrics }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Due<'a> {
    pub campaign_id: &'a str,
    /// The survey id to record the prompt under (`recordSurveyEvent`).
    pub survey_id: &'a str,
    /// The policy kind (`"checkin"` for check-ins).
    pub kind: &'a str,
    /// What to ask, with the survey id filled in.
    pub ask: Ask,
    /// Check-ins: the metrics to ask about now (for a goal-period trigger,
    /// those whose period fired; left out of the value when `None`).
    pub metrics: Option<Vec<&'a str>>,
}

/// `{ due, campaigns }`: at most one due campaign, the first in list order.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision<'a> {
    pub due: Option<Due<'a>>,
    /// One per campaign, in list order.
    pub campaigns: Vec<CampaignStatus<'a>>,
}

impl Decision<'_> {
    /// `{ due, campaigns }` as the bindings return it.
    pub fn to_value(&self) -> Value {
        let due = self.due.as_ref().map_or(Value::Null, |due| {
            let mut fields = vec![
                ("campaignId".into(), due.campaign_id.into()),
                ("surveyId".into(), due.survey_id.into()),
                ("kind".into(), due.kind.into()),
                ("ask".into(), due.ask.to_value()),
            ];
            if let Some(metrics) = &due.metrics {
                let metrics = metrics.iter().map(|&m| m.into()).collect();
                fields.push(("metrics".into(), Value::Array(metrics)));
            }
            Value::Object(fields)
        });
        let campaigns = self.campaigns.iter().map(|c| {
            Value::object([
                ("campaignId", c.campaign_id.into()),
                ("show", Value::Bool(c.show)),
                ("reason", c.reason.name().into()),
                (
                    "nextEligibleAt",
                    c.next_eligible_at.map_or(Value::Null, Value::from),
                ),
            ])
        });
        Value::object([
            ("due", due),
            ("campaigns", Value::Array(campaigns.collect())),
        ])
    }
}

impl Context {
    /// A context at `now` with a session that started at 0 (no session
    /// delay) and nothing else known.
    pub fn new(now: f64, user_id: &str, role: &str) -> Context {
        Context {
            now,
            user_id: user_id.into(),
            role: role.into(),
            level: None,
            session_start: 0.0,
            signup_at: None,
            route: None,
            account: Vec::new(),
            segments: Vec::new(),
            triggered: Vec::new(),
            periods: Vec::new(),
            metrics: None,
        }
    }

    /// Checks every field; paths start with `context`.
    fn check(&self) -> Result<(), Error> {
        check_time(self.now, "context.now")?;
        check_time(self.session_start, "context.sessionStart")?;
        if self.session_start > self.now {
            return Err(Error::new(
                ErrorCode::InvalidTime,
                "context.sessionStart",
                msg!(
                    "must not be after context.now (",
                    Num(self.now),
                    "), got ",
                    Num(self.session_start)
                ),
            ));
        }
        check_text(&self.user_id, "context.userId")?;
        for (len, field) in [
            (self.account.len(), "context.account"),
            (self.segments.len(), "context.segments"),
            (self.triggered.len(), "context.triggered"),
            (self.periods.len(), "context.periods"),
            (self.metrics.as_ref().map_or(0, Vec::len), "context.metrics"),
        ] {
            check_entries(len, MAX_CONTEXT_ENTRIES, field)?;
        }
        check_text(&self.role, "context.role")?;
        if let Some(level) = self.level {
            check_level(level, "context.level")?;
        }
        if let Some(at) = self.signup_at {
            check_time(at, "context.signupAt")?;
        }
        if let Some(route) = &self.route {
            check_length(route, MAX_ROUTE, "context.route")?;
        }
        for (index, segment) in self.segments.iter().enumerate() {
            check_text(segment, ElementPath("context.segments", index))?;
        }
        for (id, at) in &self.triggered {
            check_time(*at, ("context.triggered.", id))?;
        }
        for (metric, period) in &self.periods {
            check_time(period.start, ("context.periods.", metric, ".start"))?;
            check_time(period.due, ("context.periods.", metric, ".due"))?;
            if period.due < period.start {
                return Err(Error::new(
                    ErrorCode::InvalidTime,
                    msg!("context.periods.", metric, ".due"),
                    msg!(
                        "must not be before its start (",
                        Num(period.start),
                        "), got ",
                        Num(period.due)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Decides which campaign, if any, to show now, and explains every one.
///
/// Per campaign, the rules in order (the first that holds it back is its
/// reason): schedule ended, targeting, schedule started, a goal period to
/// look at, trigger fired (each event, route or period firing shows at most
/// once), recurrence, the delay after the trigger, and then the survey
/// policy with the campaign's kind and survey id at `now`. Every input is
/// checked first; errors name the path.
pub fn decide<'a>(
    campaigns: &'a [Campaign],
    context: &Context,
    policy: &PolicyConfig,
    state: &PolicyState,
) -> Result<Decision<'a>, Error> {
    policy.validate()?;
    check_campaigns(campaigns, Some(policy))?;
    context.check()?;
    let recent = recent(state, policy, &context.role, context.now);
    let survey_ids: Vec<&str> = campaigns.iter().map(Campaign::survey_id).collect();
    let shown = last_shown(state, &survey_ids);
    let weighed = RefCell::new(Vec::new());
    let mut decision = Decision {
        due: None,
        campaigns: Vec::with_capacity(campaigns.len()),
    };
    for (campaign, shown) in campaigns.iter().zip(shown) {
        let recorded = context
            .triggered
            .iter()
            .find(|(id, _)| *id == campaign.id)
            .map(|(_, at)| *at);
        let (mut status, metrics) = Rules {
            campaign,
            context,
            policy,
            shown,
            recent: &recent,
            weighed: &weighed,
        }
        .status(recorded)?;
        if status.show {
            if decision.due.is_some() {
                status = CampaignStatus {
                    show: false,
                    reason: Reason::Queued,
                    ..status
                };
            } else {
                decision.due = Some(due(campaign, metrics));
            }
        }
        decision.campaigns.push(status);
    }
    Ok(decision)
}

/// The prompts of `state` the policy can still look at from `now` on, for
/// `role`: the same decisions at `now` and later, for a fraction of the
/// work when the account's list is long. A rule looks back at most the
/// policy's horizon (recontact, gap, snooze, cap window); a cap counts a
/// prompt at `t` while `t <= at < t + window`, so one at or before
/// `now - window` never again, and without an account cap only this
/// role's prompts count.
fn recent(state: &PolicyState, policy: &PolicyConfig, role: &str, now: f64) -> PolicyState {
    let since = now - policy.horizon_days() * DAY_MS;
    let within = |cap: Option<Cap>, at: f64| cap.is_some_and(|c| at > now - c.window_days * DAY_MS);
    state.filtered(
        |p| p.at > since || p.outcome_at.is_some_and(|t| t > since),
        |p| {
            within(policy.account_cap, p.at)
                || (state.is(p.role, role) && within(policy.role_cap, p.at))
        },
    )
}

fn due<'a>(campaign: &'a Campaign, metrics: Vec<&'a str>) -> Due<'a> {
    let mut ask = campaign.ask.clone();
    if let Ask::Survey { survey_id, .. } = &mut ask {
        survey_id.get_or_insert_with(|| campaign.id.clone());
    }
    let check_in = matches!(campaign.ask, Ask::CheckIn { .. });
    Due {
        campaign_id: &campaign.id,
        survey_id: campaign.survey_id(),
        kind: campaign.kind(),
        ask,
        metrics: check_in.then_some(metrics),
    }
}

/// One campaign's rules against the context, the policy and its state.
struct Rules<'a, 'c> {
    campaign: &'a Campaign,
    context: &'c Context,
    policy: &'c PolicyConfig,
    /// When the campaign's survey was last shown, however long ago.
    shown: Option<f64>,
    /// What the policy can still look at ([`recent`]).
    recent: &'c PolicyState,
    /// The policy's rules over `recent` as weighed so far in this decision,
    /// by kind and time (see [`hygiene::screen`]): 100 campaigns over a
    /// state of 100k prompts scan it once per kind and time, not once or
    /// twice per campaign.
    weighed: &'c RefCell<Vec<(&'a str, f64, hygiene::Decision)>>,
}

impl<'a> Rules<'a, '_> {
    /// The campaign's status, and (when it shows) the check-in metrics due.
    fn status(&self, recorded: Option<f64>) -> Result<(CampaignStatus<'a>, Vec<&'a str>), Error> {
        let (campaign, now) = (self.campaign, self.context.now);
        let trigger = &campaign.trigger;
        let schedule = &campaign.schedule;
        let shown = self.shown;
        let firings = trigger.firings(campaign, self.context, recorded);
        // A firing answered by a prompt at or after it is spent; one whose
        // period is over (delay included) can no longer show.
        let delay = campaign.delay_ms;
        let spendable = trigger.is_recorded() || trigger.is_per_period();
        let spent = |f: &Firing<'_>| spendable && shown >= Some(f.at);
        let open = |f: &Firing<'_>| {
            f.last
                .map_or(true, |last| f.at + delay <= last && now <= last)
        };
        let all = firings.iter().flatten();
        let candidates: Vec<&Firing<'a>> = all.clone().filter(|f| !spent(f) && open(f)).collect();
        let trigger_gate = match (&firings, candidates.first()) {
            (None, _) => (Reason::NoGoalPeriod, Gate::Closed),
            (Some(_), None) if all.clone().any(spent) => (Reason::Done, Gate::Closed),
            (Some(_), None) => (Reason::NotTriggered, Gate::Closed),
            // An event or route that fired after `now` (the clock went back) tells no time.
            (Some(_), Some(_)) if now < candidates[0].at && trigger.is_recorded() => {
                (Reason::NotTriggered, Gate::Closed)
            }
            (Some(_), Some(first)) if now < first.at => {
                (Reason::NotTriggered, Gate::Until(first.at))
            }
            _ => (Reason::NotTriggered, Gate::Open),
        };
        let waiting = candidates
            .first()
            .map(|first| first.at + delay)
            .filter(|&until| now < until)
            .map_or(Gate::Open, Gate::Until);
        let gates = [
            (
                Reason::Ended,
                closed_if(schedule.end.is_some_and(|end| now >= end)),
            ),
            (
                Reason::NotTargeted,
                closed_if(!campaign.target.matches(self.context) || !campaign.asks(self.context)),
            ),
            (
                Reason::NotStarted,
                schedule
                    .start
                    .filter(|&start| now < start)
                    .map_or(Gate::Open, Gate::Until),
            ),
            trigger_gate,
            (
                Reason::Done,
                schedule.recurrence(shown, trigger.is_per_period(), now),
            ),
            (Reason::Waiting, waiting),
        ];
        let blocked = gates.iter().find(|(_, g)| *g != Gate::Open);
        let closed = gates.iter().any(|(_, g)| *g == Gate::Closed);
        let reason = match blocked {
            Some((reason, _)) => *reason,
            None => {
                let policy = self.policy_at(now)?;
                if policy.show {
                    let metrics = candidates
                        .iter()
                        .filter(|f| f.at + delay <= now)
                        .flat_map(|f| f.metrics.iter().copied())
                        .fold(Vec::new(), |mut all, m| {
                            if !all.contains(&m) {
                                all.push(m);
                            }
                            all
                        });
                    let status = self.status_of(true, Reason::Due, None);
                    return Ok((status, metrics));
                }
                Reason::Policy(policy.reason)
            }
        };
        let next = if closed {
            None
        } else {
            // The latest of the time-based holds, for the earliest firing
            // whose window allows it.
            let hold = gates
                .iter()
                .filter_map(|(_, g)| match g {
                    Gate::Until(t) => Some(*t),
                    _ => None,
                })
                .fold(now, f64::max);
            let mut next: Option<f64> = None;
            for firing in &candidates {
                let from = hold.max(firing.at + delay);
                let last = [schedule.last(), firing.last]
                    .into_iter()
                    .flatten()
                    .reduce(f64::min);
                if let Some(t) = self.first_time(from, last)? {
                    next = Some(next.map_or(t, |n| n.min(t)));
                }
            }
            next
        };
        Ok((self.status_of(false, reason, next), Vec::new()))
    }

    fn status_of(&self, show: bool, reason: Reason, next: Option<f64>) -> CampaignStatus<'a> {
        CampaignStatus {
            campaign_id: &self.campaign.id,
            show,
            reason,
            next_eligible_at: next,
        }
    }

    /// The policy's decision for this campaign's prompt at `at`
    /// ([`hygiene::decide`], its rules over the state weighed once per kind
    /// and time).
    fn policy_at(&self, at: f64) -> Result<hygiene::Decision, Error> {
        let kind = self.campaign.kind();
        let ask = hygiene::Ask {
            survey_id: self.campaign.survey_id(),
            kind,
            user_id: &self.context.user_id,
            role: &self.context.role,
            now: at,
            session_start: self.context.session_start,
        };
        if let Some(sampled_out) = hygiene::screen(self.policy, &ask)? {
            return Ok(sampled_out);
        }
        let known = (self.weighed.borrow().iter())
            .find(|(k, t, _)| *k == kind && t.total_cmp(&at).is_eq())
            .map(|(_, _, decision)| *decision);
        if let Some(decision) = known {
            return Ok(decision);
        }
        let decision = hygiene::weigh(self.policy, self.recent, &ask)?;
        self.weighed.borrow_mut().push((kind, at, decision));
        Ok(decision)
    }

    /// The first time from `from` (up to `last`) the policy lets it show,
    /// if nothing else changes: at `from`, or at the policy's `retryAt`
    /// (when every block it found lifts).
    fn first_time(&self, from: f64, last: Option<f64>) -> Result<Option<f64>, Error> {
        let within = |t: f64| last.map_or(true, |last| t <= last);
        // A time the campaign's numbers make (a delay of 1.5 ms, 10^9 days
        // after signup) may fall between milliseconds or after the last one
        // a JS number holds: the first whole millisecond from it, or none.
        let from = from.ceil();
        if !within(from) || !hygiene::is_time(from) {
            return Ok(None);
        }
        let policy = self.policy_at(from)?;
        Ok(match policy.retry_at {
            _ if policy.show => Some(from),
            Some(retry) if within(retry) => Some(retry),
            _ => None,
        })
    }
}

fn closed_if(held: bool) -> Gate {
    if held {
        Gate::Closed
    } else {
        Gate::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hygiene::{KindRule, Outcome, SurveyEvent};
    use proptest::prelude::*;

    const T0: f64 = 1_767_225_600_000.0;
    const HOUR: f64 = 3_600_000.0;

    proptest! {
        /// The policy decides the same on the recent prompts as on all of
        /// them, at `now` and later, whatever caps are set.
        #[test]
        fn recent_prompts_decide_the_same(
            history in prop::collection::vec((0u8..2, 0u8..3, 0u8..4, 0u32..15 * 24), 0..40),
            caps in (prop::option::of((0u32..4, 1u32..10)), prop::option::of((0u32..4, 1u32..10))),
            later in 0u32..3 * 24,
        ) {
            let cap = |c: Option<(u32, u32)>| c.map(|(max, days)| Cap { max, window_days: f64::from(days) });
            let rule = |kind: &str, days| KindRule { kind: kind.into(), recontact_days: days, sample_rate: 1.0 };
            let policy = PolicyConfig {
                kinds: vec![rule("nps", 1.0), rule("ces", 0.5)],
                user_gap_days: 0.25,
                account_cap: cap(caps.0),
                role_cap: cap(caps.1),
                session_delay_minutes: 0.0,
                snooze_days: 0.5,
            };
            let mut state = PolicyState::default();
            let mut sorted = history.clone();
            sorted.sort_by_key(|h| h.3);
            for (i, (kind, role, outcome, hours)) in sorted.into_iter().enumerate() {
                let id = format!("p{i}");
                let at = T0 + f64::from(hours) * HOUR;
                let kind = ["nps", "ces"][kind as usize];
                let role = ["admin", "analyst", "viewer"][role as usize];
                let shown = SurveyEvent::Shown { id: &id, survey_id: kind, kind, role, at };
                state.record(&policy, shown).unwrap();
                let outcome = [Outcome::Shown, Outcome::Responded, Outcome::Dismissed, Outcome::Snoozed][outcome as usize];
                if outcome != Outcome::Shown {
                    state.record(&policy, SurveyEvent::Outcome { id: &id, outcome, at: at + HOUR }).unwrap();
                }
            }
            let now = T0 + 15.0 * 24.0 * HOUR + HOUR;
            let trimmed = recent(&state, &policy, "analyst", now);
            for kind in ["nps", "ces"] {
                let at = now + f64::from(later) * HOUR;
                let ask = hygiene::Ask { survey_id: kind, kind, user_id: "u", role: "analyst", now: at, session_start: 0.0 };
                prop_assert_eq!(hygiene::decide(&policy, &trimmed, &ask), hygiene::decide(&policy, &state, &ask));
            }
        }
    }
}
