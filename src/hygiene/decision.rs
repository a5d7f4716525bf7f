//! The decision: show a survey now or not, why, and when to ask again.

use super::{
    check_text, check_time, sampled_in, sampling_hash, Cap, Outcome, PolicyConfig, PolicyState,
    DAY_MS, MINUTE_MS,
};
use crate::error::{msg, Error, ErrorCode, Num};
use crate::input::Value;

/// A question to the policy: may `user_id` see `survey_id` now?
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ask<'a> {
    /// The survey the host app would show.
    pub survey_id: &'a str,
    /// Its kind (a key of the policy's kinds).
    pub kind: &'a str,
    /// The user (sampling is by survey and user).
    pub user_id: &'a str,
    /// The user's role (for the role cap).
    pub role: &'a str,
    /// Now, in ms since 1970.
    pub now: f64,
    /// When the user's session started, not after `now`.
    pub session_start: f64,
}

/// Why a survey may or may not be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Every rule passes: show it.
    Eligible,
    /// The user is outside this survey's sample, for good.
    SampledOut,
    /// The session is younger than the policy's session delay.
    SessionTooNew,
    /// The user asked to be asked later about this kind.
    Snoozed,
    /// The user saw this kind within its recontact period.
    RecontactPeriod,
    /// The user saw some survey within the global gap.
    UserFatigue,
    /// The user's role reached its cap in the window.
    RoleCap,
    /// The account reached its cap in the window.
    AccountCap,
}

/// The answer: `{ show, reason, retryAt }`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// Whether to show the survey now.
    pub show: bool,
    /// `Eligible` when shown; otherwise the rule that blocks longest.
    pub reason: Reason,
    /// The earliest time every rule passes if nothing else happens
    /// meanwhile; `None` when shown, or when time alone never lifts the
    /// block (sampled out, or a cap of 0).
    pub retry_at: Option<f64>,
}

impl Reason {
    /// The reason as JS reads it.
    ///
    /// ```
    /// use clg_metrics::hygiene::Reason;
    /// assert_eq!(Reason::RecontactPeriod.name(), "RECONTACT_PERIOD");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Reason::Eligible => "ELIGIBLE",
            Reason::SampledOut => "SAMPLED_OUT",
            Reason::SessionTooNew => "SESSION_TOO_NEW",
            Reason::Snoozed => "SNOOZED",
            Reason::RecontactPeriod => "RECONTACT_PERIOD",
            Reason::UserFatigue => "USER_FATIGUE",
            Reason::RoleCap => "ROLE_CAP",
            Reason::AccountCap => "ACCOUNT_CAP",
        }
    }
}

impl Decision {
    /// `{ show, reason, retryAt }` as the bindings return it.
    pub fn to_value(&self) -> Value {
        Value::object([
            ("show", Value::Bool(self.show)),
            ("reason", self.reason.name().into()),
            ("retryAt", self.retry_at.map_or(Value::Null, Value::from)),
        ])
    }
}

/// Decides whether to show a survey now.
///
/// Sampling comes first and is final. Otherwise every time-based rule is
/// checked; the survey shows only when none blocks, and when some do, the
/// decision names the one that blocks longest and `retry_at` is when the
/// last of them lifts. Windows are half-open: a prompt at `t` blocks while
/// `now < t + period`.
pub fn decide(
    config: &PolicyConfig,
    state: &PolicyState,
    ask: &Ask<'_>,
) -> Result<Decision, Error> {
    match screen(config, ask)? {
        Some(sampled_out) => Ok(sampled_out),
        None => weigh(config, state, ask),
    }
}

/// The part of [`decide`] that reads the ask alone: its checks, and
/// sampling (`Some` decision when it is sampled out). What [`weigh`] then
/// decides depends on the ask's kind, role, `now` and `session_start`
/// only, not on its survey or user: campaigns weigh each kind and time
/// once for all their surveys.
pub(crate) fn screen(config: &PolicyConfig, ask: &Ask<'_>) -> Result<Option<Decision>, Error> {
    check_text(ask.survey_id, "ask.surveyId")?;
    check_text(ask.user_id, "ask.userId")?;
    check_text(ask.role, "ask.role")?;
    let rule = config.rule(ask.kind, "ask.kind")?;
    let now = check_time(ask.now, "ask.now")?;
    let session_start = check_time(ask.session_start, "ask.sessionStart")?;
    if session_start > now {
        return Err(Error::new(
            ErrorCode::InvalidTime,
            "ask.sessionStart",
            msg!(
                "must not be after ask.now (",
                Num(now),
                "), got ",
                Num(session_start)
            ),
        ));
    }

    Ok(
        (!sampled_in(sampling_hash(ask.survey_id, ask.user_id), rule.sample_rate)).then_some(
            Decision {
                show: false,
                reason: Reason::SampledOut,
                retry_at: None,
            },
        ),
    )
}

/// The time-based rules of [`decide`] over `state`, for an ask that
/// [`screen`] let through.
pub(crate) fn weigh(
    config: &PolicyConfig,
    state: &PolicyState,
    ask: &Ask<'_>,
) -> Result<Decision, Error> {
    let rule = config.rule(ask.kind, "ask.kind")?;
    let (now, session_start) = (ask.now, ask.session_start);

    // Counted prompts: everything shown except "ask me later".
    let counted = || {
        state
            .prompts
            .iter()
            .filter(|p| p.outcome != Outcome::Snoozed)
    };
    let last = |kind: Option<&str>| {
        counted()
            .filter(|p| kind.map_or(true, |k| state.is(p.kind, k)))
            .map(|p| p.at)
            .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.max(t))))
    };
    // Whatever its outcome, a prompt holds every other one back for a day
    // (or the whole user gap, when shorter): "ask me later" does not let a
    // second prompt through on the same day, counted from the click (a
    // prompt may stay open for hours before it).
    let day_floor = state
        .prompts
        .iter()
        .map(|p| match (p.outcome, p.outcome_at) {
            (Outcome::Snoozed, Some(clicked)) => clicked.max(p.at),
            _ => p.at,
        })
        .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.max(t))))
        .map(|t| t + config.user_gap_days.min(1.0) * DAY_MS);
    let snoozed_until = state
        .prompts
        .iter()
        .filter(|p| p.outcome == Outcome::Snoozed && state.is(p.kind, ask.kind))
        .filter_map(|p| p.outcome_at)
        .map(|t| t + config.snooze_days * DAY_MS)
        .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.max(t))));

    let blocks = [
        (
            Reason::SessionTooNew,
            Some(session_start + config.session_delay_minutes * MINUTE_MS),
        ),
        (Reason::Snoozed, snoozed_until),
        (
            Reason::RecontactPeriod,
            last(Some(ask.kind)).map(|t| t + rule.recontact_days * DAY_MS),
        ),
        (
            Reason::UserFatigue,
            match (
                last(None).map(|t| t + config.user_gap_days * DAY_MS),
                day_floor,
            ) {
                (Some(gap), Some(floor)) => Some(gap.max(floor)),
                (gap, floor) => gap.or(floor),
            },
        ),
        (
            Reason::RoleCap,
            config.role_cap.and_then(|cap| {
                cap_lifts(
                    cap,
                    now,
                    state
                        .account_prompts
                        .iter()
                        .filter(|p| state.is(p.role, ask.role))
                        .map(|p| p.at),
                )
            }),
        ),
        (
            Reason::AccountCap,
            config
                .account_cap
                .and_then(|cap| cap_lifts(cap, now, state.account_prompts.iter().map(|p| p.at))),
        ),
    ];
    let mut decision = Decision {
        show: true,
        reason: Reason::Eligible,
        retry_at: None,
    };
    for (reason, until) in blocks {
        if let Some(until) = until.filter(|&u| now < u) {
            if decision.retry_at.map_or(true, |r| until > r) {
                decision = Decision {
                    show: false,
                    reason,
                    retry_at: Some(until),
                };
            }
        }
    }
    // A block lifts at its first whole millisecond (a duration in days or
    // minutes may end between two). A cap of 0 never lifts by time alone,
    // and a block that lifts after the last time a JS `Date` holds (which
    // `now` could not be) as good as never.
    decision.retry_at = decision
        .retry_at
        .map(f64::ceil)
        .filter(|&t| super::is_time(t));
    Ok(decision)
}

/// When a cap stops blocking: with the prompts that count against it
/// sorted (those at `t` with `now < t + window`: a prompt blocks while its
/// window lasts, one dated after `now` too, as the other rules count it),
/// the cap lifts once all but `max - 1` of them have left. `None` when
/// fewer than `max` count.
fn cap_lifts(cap: Cap, now: f64, times: impl Iterator<Item = f64>) -> Option<f64> {
    let window = cap.window_days * DAY_MS;
    let mut inside: Vec<f64> = times.filter(|&t| now < t + window).collect();
    let max = cap.max as usize;
    if inside.len() < max {
        return None;
    }
    if max == 0 {
        return Some(f64::INFINITY); // a cap of 0 blocks for good
    }
    // The (len - max)th oldest (0-based) must leave.
    inside.sort_unstable_by(f64::total_cmp);
    inside.get(inside.len() - max).map(|t| t + window)
}

#[cfg(test)]
mod tests {
    use super::super::config::tests::config;
    use super::super::{KindRule, SurveyEvent};
    use super::*;
    use proptest::prelude::*;

    const T0: f64 = 1_700_000_000_000.0;

    fn ask(now: f64) -> Ask<'static> {
        Ask {
            survey_id: "s1",
            kind: "nps",
            user_id: "u1",
            role: "admin",
            now,
            session_start: T0,
        }
    }

    fn show(
        state: &mut PolicyState,
        id: &'static str,
        kind: &'static str,
        role: &'static str,
        at: f64,
    ) {
        state
            .record(
                &config(),
                SurveyEvent::Shown {
                    id,
                    survey_id: "s0",
                    kind,
                    role,
                    at,
                },
            )
            .unwrap();
    }

    fn outcome(state: &mut PolicyState, id: &'static str, outcome: Outcome, at: f64) {
        state
            .record(&config(), SurveyEvent::Outcome { id, outcome, at })
            .unwrap();
    }

    fn blocked(reason: Reason, retry_at: f64) -> Decision {
        Decision {
            show: false,
            reason,
            retry_at: Some(retry_at),
        }
    }

    const ELIGIBLE: Decision = Decision {
        show: true,
        reason: Reason::Eligible,
        retry_at: None,
    };

    #[test]
    fn session_delay_boundary() {
        let s = PolicyState::default();
        let delay = 3.0 * MINUTE_MS;
        assert_eq!(
            decide(&config(), &s, &ask(T0)).unwrap(),
            blocked(Reason::SessionTooNew, T0 + delay)
        );
        assert_eq!(
            decide(&config(), &s, &ask(T0 + delay - 1.0)).unwrap(),
            blocked(Reason::SessionTooNew, T0 + delay)
        );
        assert_eq!(decide(&config(), &s, &ask(T0 + delay)).unwrap(), ELIGIBLE);
    }

    #[test]
    fn recontact_period_per_kind_boundary() {
        let mut s = PolicyState::default();
        let t = T0 + DAY_MS;
        show(&mut s, "p1", "nps", "admin", t);
        outcome(&mut s, "p1", Outcome::Responded, t);
        let end = t + 90.0 * DAY_MS;
        assert_eq!(
            decide(&config(), &s, &ask(end - 1.0)).unwrap(),
            blocked(Reason::RecontactPeriod, end)
        );
        assert_eq!(decide(&config(), &s, &ask(end)).unwrap(), ELIGIBLE);
        // Another kind only waits for the global gap (14 days), not nps's 90.
        let csat = Ask {
            kind: "csat",
            ..ask(t + 14.0 * DAY_MS - 1.0)
        };
        assert_eq!(
            decide(&config(), &s, &csat).unwrap(),
            blocked(Reason::UserFatigue, t + 14.0 * DAY_MS)
        );
        let csat = Ask {
            now: t + 14.0 * DAY_MS,
            ..csat
        };
        assert_eq!(decide(&config(), &s, &csat).unwrap(), ELIGIBLE);
    }

    #[test]
    fn dismissal_counts_like_a_prompt_but_is_not_a_response() {
        let mut s = PolicyState::default();
        let t = T0 + DAY_MS;
        show(&mut s, "p1", "nps", "admin", t);
        outcome(&mut s, "p1", Outcome::Dismissed, t + 1000.0);
        assert_eq!(s.prompts[0].outcome, Outcome::Dismissed);
        assert_eq!(
            decide(&config(), &s, &ask(t + 20.0 * DAY_MS)).unwrap(),
            blocked(Reason::RecontactPeriod, t + 90.0 * DAY_MS)
        );
    }

    #[test]
    fn snooze_holds_the_kind_back_for_snooze_days_only() {
        let mut s = PolicyState::default();
        let t = T0 + DAY_MS;
        show(&mut s, "p1", "nps", "admin", t);
        outcome(&mut s, "p1", Outcome::Snoozed, t + 60_000.0);
        let until = t + 60_000.0 + DAY_MS;
        assert_eq!(
            decide(&config(), &s, &ask(until - 1.0)).unwrap(),
            blocked(Reason::Snoozed, until)
        );
        // A snoozed prompt does not use the recontact period or the user gap...
        assert_eq!(decide(&config(), &s, &ask(until)).unwrap(), ELIGIBLE);
        // ...and holds other kinds back for one day only (never two prompts
        // in a day) from "ask me later", but it does count towards the caps.
        let csat = |at| Ask {
            kind: "csat",
            ..ask(at)
        };
        assert_eq!(
            decide(&config(), &s, &csat(t + 120_000.0)).unwrap(),
            blocked(Reason::UserFatigue, until)
        );
        assert_eq!(decide(&config(), &s, &csat(until)).unwrap(), ELIGIBLE);
        // A prompt left open for most of a day, then snoozed: the day runs from the click.
        let mut late = PolicyState::default();
        show(&mut late, "p2", "nps", "admin", t);
        outcome(&mut late, "p2", Outcome::Snoozed, t + DAY_MS - 60_000.0);
        assert_eq!(
            decide(&config(), &late, &csat(t + DAY_MS)).unwrap(),
            blocked(Reason::UserFatigue, t + 2.0 * DAY_MS - 60_000.0)
        );
        assert_eq!(s.account_prompts.len(), 1);
    }

    #[test]
    fn a_block_lifting_after_the_last_date_has_no_retry_time() {
        let mut s = PolicyState::default();
        let t = super::super::MAX_TIME - DAY_MS;
        s.push_account_prompt("a", "admin", t);
        s.push_account_prompt("b", "admin", t + 1.0);
        s.push_account_prompt("c", "admin", t + 2.0);
        // The caps (3 in 7 days) would lift at t + 7 days, past 8.64e15.
        let d = decide(&config(), &s, &ask(t + 5000.0)).unwrap();
        assert_eq!((d.show, d.retry_at), (false, None));
    }

    #[test]
    fn a_block_lifts_at_its_first_whole_millisecond() {
        // A user gap of 1e-7 days (8.64 ms) and a session delay of 0.123456
        // minutes (7407.36 ms) end between two milliseconds.
        let mut c = config();
        (c.account_cap, c.role_cap) = (None, None);
        (c.user_gap_days, c.session_delay_minutes) = (1e-7, 0.0);
        let mut s = PolicyState::default();
        show(&mut s, "p1", "csat", "admin", T0 + DAY_MS);
        let at = ask(T0 + DAY_MS);
        assert_eq!(
            decide(&c, &s, &at).unwrap(),
            blocked(Reason::UserFatigue, T0 + DAY_MS + 9.0)
        );
        (c.user_gap_days, c.session_delay_minutes) = (0.0, 0.123456);
        let fresh = Ask {
            session_start: T0,
            ..ask(T0)
        };
        let d = decide(&c, &PolicyState::default(), &fresh).unwrap();
        assert_eq!(d, blocked(Reason::SessionTooNew, T0 + 7408.0));
        // At that millisecond, the block has lifted.
        let then = Ask {
            now: T0 + 7408.0,
            ..fresh
        };
        assert_eq!(
            decide(&c, &PolicyState::default(), &then).unwrap(),
            ELIGIBLE
        );
    }

    #[test]
    fn a_prompt_dated_after_now_counts_against_the_caps() {
        // Another device's clock runs a minute ahead.
        let mut s = PolicyState::default();
        let (t, week) = (T0 + DAY_MS, 7.0 * DAY_MS);
        for (i, id) in ["a", "b", "c"].into_iter().enumerate() {
            s.push_account_prompt(id, "editor", t + 60_000.0 + i as f64);
        }
        assert_eq!(
            decide(&config(), &s, &ask(t)).unwrap(),
            blocked(Reason::AccountCap, t + 60_000.0 + week)
        );
    }

    #[test]
    fn caps_per_account_and_role_over_a_sliding_window() {
        let mut s = PolicyState::default();
        let t = T0 + DAY_MS;
        let week = 7.0 * DAY_MS;
        // Other users' prompts, loaded from the host app: 2 editors, then 1 admin.
        let mut server = PolicyState::default();
        for (i, (id, role)) in [("a", "editor"), ("b", "editor"), ("c", "admin")]
            .into_iter()
            .enumerate()
        {
            server.push_account_prompt(id, role, t + i as f64 * 1000.0);
        }
        s.merge(&server);
        // Account cap 3 in 7 days: reached; lifts when "a" leaves the window.
        assert_eq!(
            decide(&config(), &s, &ask(t + 5000.0)).unwrap(),
            blocked(Reason::AccountCap, t + week)
        );
        assert_eq!(decide(&config(), &s, &ask(t + week)).unwrap(), ELIGIBLE);
        // Role cap 2 in 7 days: editors are at 2 (longest block wins: both lift at t + week, account cap reported).
        let editor = Ask {
            role: "editor",
            ..ask(t + 5000.0)
        };
        let d = decide(&config(), &s, &editor).unwrap();
        assert_eq!(d.retry_at, Some(t + week));
        // With no account cap, the role cap is what blocks editors, not admins.
        let mut c = config();
        c.account_cap = None;
        assert_eq!(
            decide(&c, &s, &editor).unwrap(),
            blocked(Reason::RoleCap, t + week)
        );
        assert_eq!(decide(&c, &s, &ask(t + 5000.0)).unwrap(), ELIGIBLE);
        // A cap of 0 blocks for good; no cap at all never blocks.
        c.role_cap = Some(Cap {
            max: 0,
            window_days: 1.0,
        });
        assert_eq!(
            decide(&c, &s, &ask(t + 5000.0)).unwrap(),
            Decision {
                show: false,
                reason: Reason::RoleCap,
                retry_at: None
            }
        );
    }

    #[test]
    fn longest_block_is_reported() {
        let mut s = PolicyState::default();
        show(&mut s, "p1", "nps", "admin", T0);
        // At T0 + 1 min: session delay (T0 + 3 min), user gap (14 d), recontact (90 d).
        assert_eq!(
            decide(&config(), &s, &ask(T0 + MINUTE_MS)).unwrap(),
            blocked(Reason::RecontactPeriod, T0 + 90.0 * DAY_MS)
        );
    }

    #[test]
    fn sampling_is_final_and_deterministic() {
        let mut c = config();
        c.kinds[0].sample_rate = 0.0;
        let d = decide(&c, &PolicyState::default(), &ask(T0 + DAY_MS)).unwrap();
        assert_eq!(
            d,
            Decision {
                show: false,
                reason: Reason::SampledOut,
                retry_at: None
            }
        );
        c.kinds[0] = KindRule {
            kind: "nps".into(),
            recontact_days: 0.0,
            sample_rate: 0.5,
        };
        let ins = (0..2000)
            .filter(|i| {
                let user = format!("user-{i}");
                let a = Ask {
                    user_id: &user,
                    ..ask(T0 + DAY_MS)
                };
                let d = decide(&c, &PolicyState::default(), &a).unwrap();
                assert_eq!(d, decide(&c, &PolicyState::default(), &a).unwrap());
                assert_eq!(d.show, sampled_in(sampling_hash("s1", &user), 0.5));
                d.show
            })
            .count();
        assert!((900..=1100).contains(&ins), "{ins}"); // 0.5 ± 4.5 sd (sd = 22.4)
    }

    #[test]
    fn bad_asks_name_the_field() {
        let s = PolicyState::default();
        let cases: [(Ask, ErrorCode, &str); 6] = [
            (
                Ask {
                    kind: "ces",
                    ..ask(T0)
                },
                ErrorCode::UnknownSurveyKind,
                "ask.kind",
            ),
            (
                Ask {
                    survey_id: "",
                    ..ask(T0)
                },
                ErrorCode::EmptyText,
                "ask.surveyId",
            ),
            (
                Ask {
                    user_id: "",
                    ..ask(T0)
                },
                ErrorCode::EmptyText,
                "ask.userId",
            ),
            (
                Ask {
                    role: "",
                    ..ask(T0)
                },
                ErrorCode::EmptyText,
                "ask.role",
            ),
            (ask(f64::NAN), ErrorCode::InvalidTime, "ask.now"),
            (ask(T0 - 1.0), ErrorCode::InvalidTime, "ask.sessionStart"),
        ];
        for (a, code, field) in cases {
            let e = decide(&config(), &s, &a).unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
        }
    }

    /// The cap this module had before (a sorted insertion per prompt):
    /// the reference.
    fn cap_lifts_reference(cap: Cap, now: f64, times: &[f64]) -> Option<f64> {
        let window = cap.window_days * DAY_MS;
        let mut inside: Vec<f64> = Vec::new();
        for &t in times.iter().filter(|&&t| now < t + window) {
            inside.insert(inside.partition_point(|&u| u <= t), t);
        }
        let max = cap.max as usize;
        if inside.len() < max {
            return None;
        }
        match max {
            0 => Some(f64::INFINITY),
            _ => inside.get(inside.len() - max).map(|t| t + window),
        }
    }

    proptest! {
        #[test]
        fn cap_lifts_equals_the_reference(
            hours in prop::collection::vec(0u32..24 * 10, 0..60),
            max in 0u32..8,
            window_days in prop_oneof![Just(0.0), 0.5f64..9.0],
            now_hours in 0u32..24 * 12,
        ) {
            let times: Vec<f64> = hours.iter().map(|&h| T0 + f64::from(h) * 3_600_000.0).collect();
            let cap = Cap { max, window_days };
            let now = T0 + f64::from(now_hours) * 3_600_000.0;
            prop_assert_eq!(
                cap_lifts(cap, now, times.iter().copied()),
                cap_lifts_reference(cap, now, &times)
            );
        }

        /// Whatever the (past) history, a blocked decision's retryAt is in the
        /// future, and asking again at retryAt is not blocked by the same
        /// time-based rules (only later events could block it).
        #[test]
        fn retry_at_really_lifts_the_block(
            history in prop::collection::vec((0u8..2, 0u8..3, 0u8..3, 0u32..40 * 24), 0..12),
            after_hours in 0u32..60 * 24,
        ) {
            let c = config();
            let mut s = PolicyState::default();
            for (i, (kind, role, outcome_kind, hours)) in history.into_iter().enumerate() {
                let id: &'static str = Box::leak(format!("p{i}").into_boxed_str());
                let kind = ["nps", "csat"][kind as usize];
                let role = ["admin", "editor", "viewer"][role as usize];
                let at = T0 + f64::from(hours) * 3_600_000.0;
                if s.record(&c, SurveyEvent::Shown { id, survey_id: "s0", kind, role, at }).is_ok() {
                    let outcome = [Outcome::Responded, Outcome::Dismissed, Outcome::Snoozed][outcome_kind as usize];
                    s.record(&c, SurveyEvent::Outcome { id, outcome, at }).unwrap();
                }
            }
            // Asked after the last prompt (history is in the past).
            let last = s.account_prompts.iter().map(|p| p.at).fold(T0, f64::max);
            let now = last + f64::from(after_hours) * 3_600_000.0;
            let d = decide(&c, &s, &ask(now)).unwrap();
            prop_assert_eq!(d.show, d.reason == Reason::Eligible);
            if let Some(at) = d.retry_at {
                prop_assert!(at > now);
                let again = decide(&c, &s, &ask(at)).unwrap();
                prop_assert_eq!(again, ELIGIBLE);
            }
        }
    }
}
