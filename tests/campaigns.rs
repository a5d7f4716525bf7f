//! Native tests of survey campaigns: each rule (trigger, targeting,
//! schedule, recurrence, goal periods), validation errors, and properties
//! of the decision over random campaigns, contexts and policy states.
#![cfg(not(target_arch = "wasm32"))]

use clg_metrics::campaigns::{
    campaign_triggers, decide, route_matches, Ask, Campaign, CampaignStatus, Context, Decision,
    Occurrence, Period, Reason, Schedule, Target, Trigger,
};
use clg_metrics::hygiene::{self, KindRule, Outcome, PolicyConfig, PolicyState, SurveyEvent};
use clg_metrics::results::Prop;
use clg_metrics::ErrorCode;
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

const DAY: f64 = 86_400_000.0;
const HOUR: f64 = 3_600_000.0;
/// 2026-01-01T00:00:00Z.
const T0: f64 = 1_767_225_600_000.0;

/// Every kind a campaign can use; one prompt a day per user at most.
fn policy() -> PolicyConfig {
    let kind = |kind: &str, recontact_days| KindRule {
        kind: kind.into(),
        recontact_days,
        sample_rate: 1.0,
    };
    PolicyConfig {
        kinds: vec![
            kind("nps", 90.0),
            kind("ces", 7.0),
            kind("csat", 30.0),
            kind("checkin", 0.0),
        ],
        user_gap_days: 1.0,
        account_cap: None,
        role_cap: None,
        session_delay_minutes: 2.0,
        snooze_days: 1.0,
    }
}

fn context(now: f64) -> Context {
    Context {
        level: Some(2.0),
        account: vec![("plan".into(), Prop::Text("pro".into()))],
        segments: vec!["beta".into()],
        ..Context::new(now, "u1", "analyst")
    }
}

fn survey(id: &str, kind: &str, trigger: Trigger) -> Campaign {
    Campaign::new(id, Ask::survey(kind), trigger)
}

fn check_in(id: &str, metrics: &[&str], trigger: Trigger) -> Campaign {
    Campaign::new(id, Ask::check_in(metrics), trigger)
}

fn status<'a>(decision: &'a Decision<'_>, id: &str) -> &'a CampaignStatus<'a> {
    decision
        .campaigns
        .iter()
        .find(|c| c.campaign_id == id)
        .unwrap()
}

/// `(reason, nextEligibleAt)` of the only campaign.
fn only(campaign: &Campaign, context: &Context, state: &PolicyState) -> (Reason, Option<f64>) {
    let d = decide(std::slice::from_ref(campaign), context, &policy(), state).unwrap();
    let s = &d.campaigns[0];
    assert_eq!(s.show, d.due.is_some());
    (s.reason, s.next_eligible_at)
}

/// Records that `campaign` was shown at `at` with `outcome`.
fn show(state: &mut PolicyState, campaign: &Campaign, at: f64, outcome: Outcome) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let id = format!("p{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let config = policy();
    state
        .record(
            &config,
            SurveyEvent::Shown {
                id: &id,
                survey_id: campaign.survey_id(),
                kind: campaign.kind(),
                role: "analyst",
                at,
            },
        )
        .unwrap();
    if outcome != Outcome::Shown {
        state
            .record(
                &config,
                SurveyEvent::Outcome {
                    id: &id,
                    outcome,
                    at,
                },
            )
            .unwrap();
    }
}

// -- each rule --

#[test]
fn event_trigger_waits_for_its_delay_then_is_due_once() {
    let ces = Campaign {
        delay_ms: 30_000.0,
        ..survey("ces-export", "ces", Trigger::event("report_exported"))
    };
    let fired = T0 + HOUR;
    let mut c = context(fired);
    let none = PolicyState::default();
    assert_eq!(only(&ces, &c, &none), (Reason::NotTriggered, None));
    c.triggered = vec![("ces-export".into(), fired)];
    assert_eq!(
        only(&ces, &c, &none),
        (Reason::Waiting, Some(fired + 30_000.0))
    );
    c.now = fired + 29_999.0;
    assert_eq!(
        only(&ces, &c, &none),
        (Reason::Waiting, Some(fired + 30_000.0))
    );
    c.now = fired + 30_000.0;
    assert_eq!(only(&ces, &c, &none), (Reason::Due, None));
    let d = decide(std::slice::from_ref(&ces), &c, &policy(), &none).unwrap();
    let due = d.due.unwrap();
    assert_eq!(
        (due.campaign_id, due.survey_id, due.kind),
        ("ces-export", "ces-export", "ces")
    );
    assert_eq!(due.metrics, None);

    // Shown (and answered): this firing is spent and it does not recur.
    let mut state = PolicyState::default();
    show(&mut state, &ces, c.now, Outcome::Responded);
    c.now += 20.0 * DAY;
    assert_eq!(only(&ces, &c, &state), (Reason::Done, None));
    // A new export does not bring it back either: once per user.
    c.triggered = vec![("ces-export".into(), c.now)];
    assert_eq!(only(&ces, &c, &state), (Reason::Done, None));
}

#[test]
fn a_check_in_asks_only_about_the_metrics_of_the_users_role() {
    let both = check_in("both", &["confidence", "seats"], Trigger::event("e"));
    let other = check_in("admins", &["seats"], Trigger::event("e"));
    let nps = survey("nps", "nps", Trigger::event("e"));
    let mut c = context(T0);
    c.triggered = ["both", "admins", "nps"]
        .map(|id| (id.to_string(), T0))
        .to_vec();
    c.metrics = Some(vec!["confidence".into()]);
    let none = PolicyState::default();
    let (policy, list) = (policy(), [other.clone(), both, nps.clone()]);
    let d = decide(&list, &c, &policy, &none).unwrap();
    assert_eq!(
        status(&d, "admins").reason,
        Reason::NotTargeted,
        "none of its metrics is the user's"
    );
    let due = d.due.unwrap();
    assert_eq!(
        (due.campaign_id, due.metrics),
        ("both", Some(vec!["confidence"]))
    );
    // Not a check-in for this user: the next campaign is not held behind it.
    let list = [other, nps];
    let d = decide(&list, &c, &policy, &none).unwrap();
    assert_eq!(d.due.unwrap().campaign_id, "nps");
    // Without the role's metrics in the context, every metric is asked.
    c.metrics = None;
    let d = decide(&list, &c, &policy, &none).unwrap();
    assert_eq!(d.due.unwrap().metrics, Some(vec!["seats"]));
}

#[test]
fn times_past_the_last_millisecond_or_between_two_are_no_error() {
    let half = Campaign {
        delay_ms: 1500.5,
        ..survey("half", "ces", Trigger::event("e"))
    };
    let far = survey("far", "csat", Trigger::DaysSinceSignup(1e9));
    let huge = Campaign {
        delay_ms: 9_007_199_254_740_991.0,
        ..survey("huge", "nps", Trigger::event("e"))
    };
    let due = survey("due", "nps", Trigger::event("f"));
    let mut c = context(T0);
    c.signup_at = Some(T0);
    c.triggered = ["half", "huge", "due"]
        .map(|id| (id.to_string(), T0))
        .to_vec();
    let (policy, none) = (policy(), PolicyState::default());
    let list = [half, far, huge, due];
    let d = decide(&list, &c, &policy, &none).unwrap();
    let next = |id| (status(&d, id).reason, status(&d, id).next_eligible_at);
    assert_eq!(
        next("half"),
        (Reason::Waiting, Some(T0 + 1501.0)),
        "the next whole millisecond"
    );
    assert_eq!(
        next("far"),
        (Reason::NotTriggered, None),
        "after 2^53 - 1 ms: never"
    );
    assert_eq!(next("huge"), (Reason::Waiting, None));
    assert_eq!(d.due.unwrap().campaign_id, "due");
    // An event that fired after `now` (the clock went back): not triggered, no time foreseen.
    c.triggered = vec![("due".into(), T0 + HOUR)];
    let d = decide(&list[3..], &c, &policy, &none).unwrap();
    let due = status(&d, "due");
    assert_eq!(
        (due.reason, due.next_eligible_at),
        (Reason::NotTriggered, None)
    );
}

#[test]
fn a_session_delay_and_the_delay_give_the_later_time() {
    let ces = Campaign {
        delay_ms: 60_000.0,
        ..survey("ces", "ces", Trigger::event("e"))
    };
    let mut c = context(T0);
    c.session_start = T0;
    c.triggered = vec![("ces".into(), T0)];
    // The delay ends at T0 + 1 min, the session delay at T0 + 2 min.
    assert_eq!(
        only(&ces, &c, &PolicyState::default()),
        (Reason::Waiting, Some(T0 + 120_000.0))
    );
    c.now = T0 + 60_000.0;
    assert_eq!(
        only(&ces, &c, &PolicyState::default()),
        (
            Reason::Policy(hygiene::Reason::SessionTooNew),
            Some(T0 + 120_000.0)
        )
    );
}

#[test]
fn recurrence_needs_a_new_trigger_and_the_gap() {
    let ces = Campaign {
        schedule: Schedule {
            recur_days: Some(10.0),
            ..Schedule::default()
        },
        ..survey("ces", "ces", Trigger::event("e"))
    };
    let mut state = PolicyState::default();
    show(&mut state, &ces, T0, Outcome::Dismissed);
    let mut c = context(T0 + 2.0 * DAY);
    c.triggered = vec![("ces".into(), T0 - HOUR)];
    // The firing before the prompt is spent: a new one is needed.
    assert_eq!(only(&ces, &c, &state), (Reason::Done, None));
    c.triggered = vec![("ces".into(), T0 + DAY)];
    assert_eq!(
        only(&ces, &c, &state),
        (Reason::Done, Some(T0 + 10.0 * DAY))
    );
    c.now = T0 + 10.0 * DAY;
    assert_eq!(only(&ces, &c, &state), (Reason::Due, None));
    // "Ask me later" is not a show: the snooze holds it one day, then it is back.
    let mut snoozed = PolicyState::default();
    show(&mut snoozed, &ces, T0 + DAY, Outcome::Snoozed);
    c.now = T0 + DAY + HOUR;
    assert_eq!(
        only(&ces, &c, &snoozed),
        (
            Reason::Policy(hygiene::Reason::Snoozed),
            Some(T0 + 2.0 * DAY)
        )
    );
}

#[test]
fn days_since_signup_and_the_schedule() {
    let nps = Campaign {
        schedule: Schedule {
            start: Some(T0 + 20.0 * DAY),
            end: Some(T0 + 40.0 * DAY),
            recur_days: None,
        },
        ..survey("nps", "nps", Trigger::DaysSinceSignup(14.0))
    };
    let mut c = context(T0);
    assert_eq!(
        only(&nps, &c, &PolicyState::default()),
        (Reason::NotStarted, None)
    ); // no signupAt
    c.signup_at = Some(T0 + 10.0 * DAY);
    assert_eq!(
        only(&nps, &c, &PolicyState::default()),
        (Reason::NotStarted, Some(T0 + 24.0 * DAY))
    );
    c.now = T0 + 21.0 * DAY;
    assert_eq!(
        only(&nps, &c, &PolicyState::default()),
        (Reason::NotTriggered, Some(T0 + 24.0 * DAY))
    );
    c.now = T0 + 24.0 * DAY;
    assert_eq!(only(&nps, &c, &PolicyState::default()), (Reason::Due, None));
    c.now = T0 + 40.0 * DAY;
    assert_eq!(
        only(&nps, &c, &PolicyState::default()),
        (Reason::Ended, None)
    );
    // The policy's retryAt past the end: never.
    let mut state = PolicyState::default();
    show(
        &mut state,
        &survey("other", "nps", Trigger::event("e")),
        T0 + 23.0 * DAY,
        Outcome::Responded,
    );
    c.now = T0 + 24.0 * DAY;
    assert_eq!(
        only(&nps, &c, &state),
        (Reason::Policy(hygiene::Reason::RecontactPeriod), None)
    );
}

#[test]
fn event_triggers_before_the_start_are_old_news() {
    let ces = Campaign {
        schedule: Schedule {
            start: Some(T0),
            ..Schedule::default()
        },
        ..survey("ces", "ces", Trigger::event("e"))
    };
    let mut c = context(T0 + DAY);
    c.triggered = vec![("ces".into(), T0 - 1.0)];
    assert_eq!(
        only(&ces, &c, &PolicyState::default()),
        (Reason::NotTriggered, None)
    );
    c.triggered = vec![("ces".into(), T0)];
    assert_eq!(only(&ces, &c, &PolicyState::default()), (Reason::Due, None));
}

#[test]
fn a_route_campaign_shows_while_the_user_is_on_its_route() {
    let reports = Campaign {
        delay_ms: 5_000.0,
        ..survey("reports", "csat", Trigger::Route("/reports/*".into()))
    };
    let mut c = context(T0 + 5_000.0);
    c.triggered = vec![("reports".into(), T0)];
    assert_eq!(
        only(&reports, &c, &PolicyState::default()),
        (Reason::Due, None)
    );
    c.route = Some("/reports/42".into());
    assert_eq!(
        only(&reports, &c, &PolicyState::default()),
        (Reason::Due, None)
    );
    c.route = Some("/settings".into());
    assert_eq!(
        only(&reports, &c, &PolicyState::default()),
        (Reason::NotTriggered, None)
    );
    c.now = T0 + 1_000.0;
    c.route = Some("/reports/42".into());
    assert_eq!(
        only(&reports, &c, &PolicyState::default()),
        (Reason::Waiting, Some(T0 + 5_000.0))
    );
    // Event campaigns do not care where the user is.
    let ces = survey("ces", "ces", Trigger::event("e"));
    c.triggered = vec![("ces".into(), T0)];
    c.route = Some("/settings".into());
    assert_eq!(only(&ces, &c, &PolicyState::default()), (Reason::Due, None));
}

#[test]
fn targeting_each_rule() {
    let targeted = |target: Target| Campaign {
        target,
        ..survey("ces", "ces", Trigger::DaysSinceSignup(0.0))
    };
    let mut c = context(T0);
    c.signup_at = Some(T0);
    let strings = |list: &[&str]| Some(list.iter().map(|&s| s.to_owned()).collect());
    let cases = [
        (
            Target {
                roles: strings(&["admin"]),
                ..Target::default()
            },
            false,
        ),
        (
            Target {
                roles: strings(&["admin", "analyst"]),
                ..Target::default()
            },
            true,
        ),
        (
            Target {
                levels: Some(vec![1.0]),
                ..Target::default()
            },
            false,
        ),
        (
            Target {
                levels: Some(vec![2.0, 3.0]),
                ..Target::default()
            },
            true,
        ),
        (
            Target {
                account: vec![("plan".into(), vec![Prop::Text("free".into())])],
                ..Target::default()
            },
            false,
        ),
        (
            Target {
                account: vec![("seats".into(), vec![Prop::Number(5.0)])],
                ..Target::default()
            },
            false,
        ),
        (
            Target {
                segments: strings(&["alpha"]),
                ..Target::default()
            },
            false,
        ),
        (
            Target {
                segments: strings(&["alpha", "beta"]),
                ..Target::default()
            },
            true,
        ),
    ];
    for (target, matches) in cases {
        let expected = if matches {
            Reason::Due
        } else {
            Reason::NotTargeted
        };
        assert_eq!(
            only(&targeted(target.clone()), &c, &PolicyState::default()).0,
            expected,
            "{target:?}"
        );
    }
}

#[test]
fn check_ins_at_the_start_and_near_the_end_of_goal_periods() {
    let baseline = check_in(
        "baseline",
        &["m1", "m2"],
        Trigger::DaysSincePeriodStart(0.0),
    );
    let result = check_in("result", &["m1", "m2"], Trigger::DaysBeforePeriodEnd(7.0));
    let start = T0 + 10.0 * DAY;
    let due = start + 90.0 * DAY;
    let mut c = context(T0);
    assert_eq!(
        only(&baseline, &c, &PolicyState::default()),
        (Reason::NoGoalPeriod, None)
    );
    c.periods = vec![
        ("m1".into(), Period { start, due }),
        ("m3".into(), Period { start: T0, due }),
    ];
    assert_eq!(
        only(&baseline, &c, &PolicyState::default()),
        (Reason::NotTriggered, Some(start))
    );
    c.now = start;
    let campaigns = [baseline.clone(), result.clone()];
    let d = decide(&campaigns, &c, &policy(), &PolicyState::default()).unwrap();
    let shown = d.due.as_ref().unwrap();
    assert_eq!((shown.campaign_id, shown.kind), ("baseline", "checkin"));
    assert_eq!(shown.metrics, Some(vec!["m1"]));
    assert_eq!(status(&d, "result").reason, Reason::NotTriggered);
    assert_eq!(status(&d, "result").next_eligible_at, Some(due - 7.0 * DAY));

    // Answered: spent for this period; m2's goal starting later fires it again.
    let mut state = PolicyState::default();
    show(&mut state, &baseline, start, Outcome::Responded);
    c.now = start + DAY;
    assert_eq!(only(&baseline, &c, &state), (Reason::Done, None));
    let later = start + 30.0 * DAY;
    c.periods.push((
        "m2".into(),
        Period {
            start: later,
            due: later + 20.0 * DAY,
        },
    ));
    assert_eq!(
        only(&baseline, &c, &state),
        (Reason::NotTriggered, Some(later))
    );
    c.now = later;
    let d = decide(std::slice::from_ref(&baseline), &c, &policy(), &state).unwrap();
    assert_eq!(d.due.unwrap().metrics, Some(vec!["m2"]));

    // Near the end: from due - 7 days until due, then over.
    c.now = due - 7.0 * DAY - 1.0;
    assert_eq!(
        only(&result, &c, &state),
        (Reason::NotTriggered, Some(due - 7.0 * DAY))
    );
    c.now = due;
    let d = decide(std::slice::from_ref(&result), &c, &policy(), &state).unwrap();
    assert_eq!(d.due.unwrap().metrics, Some(vec!["m1"]));
    c.now = due + 1.0;
    c.periods.truncate(2);
    assert_eq!(only(&result, &c, &state), (Reason::NotTriggered, None));
    // A period shorter than 7 days: the check-in fires at its start.
    c.periods = vec![(
        "m1".into(),
        Period {
            start: c.now,
            due: c.now + 3.0 * DAY,
        },
    )];
    assert_eq!(only(&result, &c, &state).0, Reason::Due);
    // A survey with a period trigger looks at every period of the role.
    let nps = survey("nps-goal", "nps", Trigger::DaysSincePeriodStart(1.0));
    assert_eq!(
        only(&nps, &c, &state),
        (Reason::NotTriggered, Some(c.now + DAY))
    );
}

#[test]
fn fatigue_budget_shared_by_surveys_and_check_ins() {
    let campaigns = [
        survey("ces", "ces", Trigger::event("e")),
        check_in("baseline", &["m1"], Trigger::DaysSincePeriodStart(0.0)),
    ];
    let mut c = context(T0);
    c.triggered = vec![("ces".into(), T0)];
    c.periods = vec![(
        "m1".into(),
        Period {
            start: T0,
            due: T0 + 30.0 * DAY,
        },
    )];
    let d = decide(&campaigns, &c, &policy(), &PolicyState::default()).unwrap();
    assert_eq!(d.due.as_ref().unwrap().campaign_id, "ces");
    assert_eq!(status(&d, "baseline").reason, Reason::Queued);
    assert_eq!(status(&d, "baseline").next_eligible_at, None);
    let mut state = PolicyState::default();
    show(&mut state, &campaigns[0], T0, Outcome::Responded);
    c.now = T0 + HOUR;
    let d = decide(&campaigns, &c, &policy(), &state).unwrap();
    assert!(d.due.is_none());
    let baseline = status(&d, "baseline");
    assert_eq!(
        baseline.reason,
        Reason::Policy(hygiene::Reason::UserFatigue)
    );
    assert_eq!(baseline.next_eligible_at, Some(T0 + DAY));
}

#[test]
fn sampled_out_is_never() {
    let mut p = policy();
    p.kinds[1].sample_rate = 0.0;
    let ces = survey("ces", "ces", Trigger::DaysSinceSignup(0.0));
    let mut c = context(T0);
    c.signup_at = Some(T0);
    let d = decide(std::slice::from_ref(&ces), &c, &p, &PolicyState::default()).unwrap();
    assert_eq!(
        d.campaigns[0].reason,
        Reason::Policy(hygiene::Reason::SampledOut)
    );
    assert_eq!(d.campaigns[0].next_eligible_at, None);
}

#[test]
fn triggers_of_an_occurrence() {
    let campaigns = [
        survey(
            "pdf",
            "ces",
            Trigger::Event {
                name: "export".into(),
                occurrence: 2.0,
                props: vec![("format".into(), Prop::Text("pdf".into()))],
            },
        ),
        survey("any", "csat", Trigger::event("export")),
        survey("reports", "csat", Trigger::Route("/reports/*".into())),
        survey("signup", "nps", Trigger::DaysSinceSignup(3.0)),
    ];
    let props = [("format".to_owned(), Prop::Text("pdf".into()))];
    let export = |count| Occurrence::Event {
        name: "export",
        props: &props,
        count,
    };
    assert_eq!(
        campaign_triggers(&campaigns, &export(1.0)).unwrap(),
        ["any"]
    );
    assert_eq!(
        campaign_triggers(&campaigns, &export(2.0)).unwrap(),
        ["pdf", "any"]
    );
    assert_eq!(
        campaign_triggers(&campaigns, &Occurrence::Route("/reports/1")).unwrap(),
        ["reports"]
    );
    assert!(
        campaign_triggers(&campaigns, &Occurrence::Route("/reports"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_input_names_the_path() {
    let ok = || survey("ces", "ces", Trigger::event("e"));
    let bad_occurrence = Campaign {
        trigger: Trigger::Event {
            name: "e".into(),
            occurrence: 0.5,
            props: vec![],
        },
        ..ok()
    };
    let c = context(T0);
    let s = PolicyState::default();
    let e = decide(&[ok(), ok(), bad_occurrence], &c, &policy(), &s).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::DuplicateId, "campaigns[1].id")
    );
    let bad = Campaign {
        id: "x".into(),
        trigger: Trigger::Event {
            name: "e".into(),
            occurrence: 0.5,
            props: vec![],
        },
        ..ok()
    };
    let e = decide(&[ok(), bad], &c, &policy(), &s).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (
            ErrorCode::InvalidCount,
            "campaigns[1].trigger.event.occurrence"
        )
    );
    assert!(
        e.message()
            .starts_with("campaigns[1].trigger.event.occurrence: must be a whole number"),
        "{}",
        e.message()
    );

    type Breaker = fn(&mut Context);
    let cases: [(Breaker, ErrorCode, &str); 9] = [
        (
            |c| c.route = Some(String::new()),
            ErrorCode::EmptyText,
            "context.route",
        ),
        (
            |c| c.triggered = (0..1001).map(|i| (format!("c{i}"), 0.0)).collect(),
            ErrorCode::TooLarge,
            "context.triggered",
        ),
        (|c| c.now = f64::NAN, ErrorCode::InvalidTime, "context.now"),
        (
            |c| c.session_start = c.now + 1.0,
            ErrorCode::InvalidTime,
            "context.sessionStart",
        ),
        (
            |c| c.user_id.clear(),
            ErrorCode::EmptyText,
            "context.userId",
        ),
        (
            |c| c.level = Some(0.5),
            ErrorCode::ValueOutOfRange,
            "context.level",
        ),
        (
            |c| c.segments.push(String::new()),
            ErrorCode::EmptyText,
            "context.segments[1]",
        ),
        (
            |c| c.triggered = vec![("ces".into(), -5.0)],
            ErrorCode::InvalidTime,
            "context.triggered.ces",
        ),
        (
            |c| {
                c.periods = vec![(
                    "m".into(),
                    Period {
                        start: 10.0,
                        due: 5.0,
                    },
                )]
            },
            ErrorCode::InvalidTime,
            "context.periods.m.due",
        ),
    ];
    for (break_it, code, field) in cases {
        let mut c = context(T0);
        break_it(&mut c);
        let e = decide(&[ok()], &c, &policy(), &s).unwrap_err();
        assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
    }
    let mut p = policy();
    p.kinds.retain(|k| k.kind != "checkin");
    // Checked before anything else of the check-in (here an empty, then a duplicated list).
    for metrics in [&["m"][..], &[], &["m", "m"]] {
        let e = decide(&[check_in("k", metrics, Trigger::event("e"))], &c, &p, &s).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::UnknownSurveyKind, "campaigns[0].ask.checkIn")
        );
    }
}

// -- properties over random campaigns, contexts and states --

const ROLES: [&str; 3] = ["admin", "analyst", "viewer"];
const PLANS: [&str; 3] = ["free", "pro", "enterprise"];
const SEGMENTS: [&str; 3] = ["beta", "early", "eu"];
const METRICS: [&str; 2] = ["m1", "m2"];

fn subset(all: &'static [&'static str]) -> impl Strategy<Value = Option<Vec<String>>> {
    prop::option::weighted(0.25, prop::sample::subsequence(all.to_vec(), 1..=all.len()))
        .prop_map(|s| s.map(|s| s.into_iter().map(String::from).collect()))
}

fn any_target() -> impl Strategy<Value = Target> {
    (
        subset(&ROLES),
        prop::option::weighted(0.25, prop::sample::subsequence(vec![1.0, 2.0, 3.0], 1..=3)),
        subset(&PLANS),
        subset(&SEGMENTS),
    )
        .prop_map(|(roles, levels, plans, segments)| Target {
            roles,
            levels,
            account: plans
                .map(|p| vec![("plan".into(), p.into_iter().map(Prop::Text).collect())])
                .unwrap_or_default(),
            segments,
        })
}

fn any_trigger() -> impl Strategy<Value = Trigger> {
    prop_oneof![
        (1u32..4).prop_map(|n| Trigger::Event {
            name: "e".into(),
            occurrence: f64::from(n),
            props: vec![]
        }),
        Just(Trigger::Route("/r/*".into())),
        (0u32..20).prop_map(|d| Trigger::DaysSinceSignup(f64::from(d))),
        (0u32..5).prop_map(|d| Trigger::DaysSincePeriodStart(f64::from(d))),
        (0u32..10).prop_map(|d| Trigger::DaysBeforePeriodEnd(f64::from(d))),
    ]
}

fn any_campaign(index: usize) -> impl Strategy<Value = Campaign> {
    (
        0usize..4,
        any_trigger(),
        any_target(),
        0u32..6,
        prop::option::weighted(0.3, (0u32..20, 1u32..60)),
        prop::option::of(1u32..30),
    )
        .prop_map(move |(kind, trigger, target, delay_hours, window, recur)| {
            let ask = match kind {
                0 => Ask::check_in(&METRICS[..1 + index % 2]),
                k => Ask::survey(["nps", "ces", "csat"][k - 1]),
            };
            Campaign {
                target,
                delay_ms: f64::from(delay_hours) * HOUR,
                schedule: Schedule {
                    start: window.map(|(s, _)| T0 + f64::from(s) * DAY),
                    end: window.map(|(s, l)| T0 + f64::from(s + l) * DAY),
                    recur_days: recur.map(f64::from),
                },
                ..Campaign::new(&format!("c{index}"), ask, trigger)
            }
        })
}

fn any_campaigns() -> impl Strategy<Value = Vec<Campaign>> {
    (1usize..6).prop_flat_map(|n| (0..n).map(any_campaign).collect::<Vec<_>>())
}

/// A random user at a random time, with triggers fired and goal periods.
fn any_context() -> impl Strategy<Value = Context> {
    (
        0u32..60 * 24,
        0usize..3,
        prop::option::of(1u32..4),
        0usize..3,
        prop::sample::subsequence(SEGMENTS.to_vec(), 0..=3),
        prop::option::of(0u32..60),
        prop::collection::vec(prop::option::of(0u32..60 * 24), 6),
        prop::collection::vec(prop::option::of((0u32..60, 0u32..40)), 2),
        0u32..120,
        prop::option::of(prop::sample::select(vec!["/r/1", "/x"])),
    )
        .prop_map(
            |(hours, role, level, plan, segments, signup, fired, periods, session, route)| {
                let now = T0 + f64::from(hours) * HOUR;
                Context {
                    now,
                    user_id: "u1".into(),
                    role: ROLES[role].into(),
                    level: level.map(f64::from),
                    session_start: now - f64::from(session) * 60_000.0,
                    signup_at: signup.map(|d| T0 - 10.0 * DAY + f64::from(d) * DAY),
                    route: route.map(String::from),
                    account: vec![("plan".into(), Prop::Text(PLANS[plan].into()))],
                    segments: segments.into_iter().map(String::from).collect(),
                    // Fired no later than now.
                    triggered: fired
                        .iter()
                        .enumerate()
                        .filter_map(|(i, h)| {
                            h.map(|h| (format!("c{i}"), now.min(T0 + f64::from(h) * HOUR)))
                        })
                        .collect(),
                    periods: periods
                        .iter()
                        .zip(METRICS)
                        .filter_map(|(p, m)| {
                            p.map(|(s, l)| {
                                let start = T0 + f64::from(s) * DAY;
                                (
                                    m.into(),
                                    Period {
                                        start,
                                        due: start + f64::from(l) * DAY,
                                    },
                                )
                            })
                        })
                        .collect(),
                    metrics: None,
                }
            },
        )
}

/// Prompts shown before `now`: (campaign index, hours before now, outcome).
fn any_history() -> impl Strategy<Value = Vec<(usize, u32, u8)>> {
    prop::collection::vec((0usize..6, 0u32..40 * 24, 0u8..4), 0..4)
}

fn state_of(campaigns: &[Campaign], history: &[(usize, u32, u8)], now: f64) -> PolicyState {
    let mut events: Vec<_> = history
        .iter()
        .filter_map(|&(i, hours, outcome)| {
            let campaign = campaigns.get(i)?;
            let outcome = [
                Outcome::Shown,
                Outcome::Responded,
                Outcome::Dismissed,
                Outcome::Snoozed,
            ][outcome as usize];
            Some((now - f64::from(hours) * HOUR, campaign, outcome))
        })
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut state = PolicyState::default();
    for (at, campaign, outcome) in events {
        show(&mut state, campaign, at, outcome);
    }
    state
}

/// When the campaign's trigger fired, where that is one moment.
fn fired_at(campaign: &Campaign, context: &Context) -> Option<Option<f64>> {
    match campaign.trigger {
        Trigger::Event { .. } | Trigger::Route(_) => Some(
            context
                .triggered
                .iter()
                .find(|(id, _)| *id == campaign.id)
                .map(|(_, at)| *at),
        ),
        Trigger::DaysSinceSignup(days) => Some(context.signup_at.map(|t| t + days * DAY)),
        _ => None,
    }
}

fn targeted(target: &Target, c: &Context) -> bool {
    target.roles.as_ref().map_or(true, |r| r.contains(&c.role))
        && target
            .levels
            .as_ref()
            .map_or(true, |l| c.level.is_some_and(|x| l.contains(&x)))
        && target.account.iter().all(|(k, values)| {
            c.account
                .iter()
                .any(|(name, v)| name == k && values.contains(v))
        })
        && target
            .segments
            .as_ref()
            .map_or(true, |s| s.iter().any(|x| c.segments.contains(x)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Deterministic; at most one due, the first eligible in list order; a
    /// campaign shows only when targeted, inside its schedule, and never
    /// before its trigger plus delay.
    #[test]
    fn the_decision_keeps_every_rule(
        campaigns in any_campaigns(), context in any_context(), history in any_history(),
    ) {
        let state = state_of(&campaigns, &history, context.now);
        let d = decide(&campaigns, &context, &policy(), &state).unwrap();
        prop_assert_eq!(&d, &decide(&campaigns, &context, &policy(), &state).unwrap());
        prop_assert_eq!(d.campaigns.len(), campaigns.len());
        let shown: Vec<_> = d.campaigns.iter().filter(|s| s.show).collect();
        prop_assert!(shown.len() <= 1);
        prop_assert_eq!(shown.first().map(|s| s.campaign_id), d.due.as_ref().map(|due| due.campaign_id));
        let first_eligible = d.campaigns.iter().position(|s| s.show || s.reason == Reason::Queued);
        prop_assert_eq!(first_eligible, d.campaigns.iter().position(|s| s.show));
        for (campaign, s) in campaigns.iter().zip(&d.campaigns) {
            prop_assert_eq!(s.show, s.reason == Reason::Due);
            if !targeted(&campaign.target, &context) {
                // Only an ended schedule comes first.
                prop_assert!(matches!(s.reason, Reason::NotTargeted | Reason::Ended), "{:?}", s);
            }
            if s.reason != Reason::Due && s.reason != Reason::Queued {
                continue;
            }
            prop_assert!(targeted(&campaign.target, &context));
            prop_assert!(campaign.schedule.start.map_or(true, |t| context.now >= t));
            prop_assert!(campaign.schedule.end.map_or(true, |t| context.now < t));
            if let (Trigger::Route(pattern), Some(route)) = (&campaign.trigger, &context.route) {
                prop_assert!(route_matches(pattern, route));
            }
            if let Some(fired) = fired_at(campaign, &context) {
                let fired = fired.expect("eligible without its trigger");
                prop_assert!(context.now >= fired + campaign.delay_ms);
            }
        }
    }

    /// A campaign's status in a list is the one it has decided alone (where
    /// nothing can queue it): the list shares its passes over the state
    /// (when each survey was last shown, the policy per kind and time).
    #[test]
    fn each_campaign_decides_as_it_would_alone(
        campaigns in any_campaigns(), context in any_context(), history in any_history(),
    ) {
        let state = state_of(&campaigns, &history, context.now);
        let d = decide(&campaigns, &context, &policy(), &state).unwrap();
        for (campaign, s) in campaigns.iter().zip(&d.campaigns) {
            let alone = decide(std::slice::from_ref(campaign), &context, &policy(), &state).unwrap();
            let expected = match s.reason {
                Reason::Queued => CampaignStatus { show: true, reason: Reason::Due, ..s.clone() },
                _ => s.clone(),
            };
            prop_assert_eq!(&alone.campaigns[0], &expected);
        }
    }

    /// `nextEligibleAt` is honest: with nothing else changed, the campaign
    /// is eligible then (due, or queued behind an earlier one), and not a
    /// millisecond before.
    #[test]
    fn next_eligible_at_is_the_earliest_time(
        campaigns in any_campaigns(), context in any_context(), history in any_history(),
    ) {
        let state = state_of(&campaigns, &history, context.now);
        let d = decide(&campaigns, &context, &policy(), &state).unwrap();
        for (index, s) in d.campaigns.iter().enumerate() {
            let Some(t) = s.next_eligible_at else { continue };
            prop_assert!(!s.show && t > context.now, "{:?}", s);
            let at = |now| {
                let c = Context { now, ..context.clone() };
                let d = decide(&campaigns, &c, &policy(), &state).unwrap();
                let s = &d.campaigns[index];
                s.show || s.reason == Reason::Queued
            };
            prop_assert!(at(t), "{:?} not eligible at {}", s, t);
            prop_assert!(!at(t - 1.0), "{:?} eligible before {}", s, t);
        }
    }

    /// After any prompt is shown, no campaign is due within the user gap.
    #[test]
    fn one_fatigue_budget_for_every_campaign(
        campaigns in any_campaigns(), context in any_context(), shown in 0usize..6, after in 0u32..24 * 60,
    ) {
        let Some(campaign) = campaigns.get(shown) else { return Ok(()) };
        let mut state = PolicyState::default();
        let at = context.now - f64::from(after) * 60_000.0;
        show(&mut state, campaign, at, Outcome::Responded);
        let d = decide(&campaigns, &context, &policy(), &state).unwrap();
        prop_assert!(d.due.is_none(), "{:?} due {} min after a prompt", d.due, after);
    }
}

/// A simulated month: the user exports every day, goal periods start and
/// end, and whatever is due is shown and answered. No two prompts are ever
/// within the one-day fatigue budget, and every campaign gets its turn.
#[test]
fn a_month_of_campaigns_respects_the_budget() {
    let campaigns = [
        Campaign {
            delay_ms: 10.0 * 60_000.0,
            ..survey("ces", "ces", Trigger::event("export"))
        },
        check_in("baseline", &["m1"], Trigger::DaysSincePeriodStart(0.0)),
        check_in("result", &["m1"], Trigger::DaysBeforePeriodEnd(3.0)),
        survey("nps", "nps", Trigger::DaysSinceSignup(7.0)),
    ];
    let mut state = PolicyState::default();
    let mut c = context(T0);
    c.signup_at = Some(T0);
    c.periods = vec![(
        "m1".into(),
        Period {
            start: T0 + 2.0 * DAY,
            due: T0 + 20.0 * DAY,
        },
    )];
    let mut shows: Vec<(f64, &str)> = Vec::new();
    let mut now = T0;
    while now < T0 + 30.0 * DAY {
        c.now = now;
        if (now - T0) % DAY == 9.0 * HOUR {
            c.triggered = vec![("ces".into(), now)];
            c.session_start = now;
        }
        let d = decide(&campaigns, &c, &policy(), &state).unwrap();
        if let Some(due) = d.due {
            let campaign = campaigns.iter().find(|x| x.id == due.campaign_id).unwrap();
            show(&mut state, campaign, now, Outcome::Responded);
            shows.push((now, due.campaign_id));
        }
        now += 5.0 * 60_000.0;
    }
    for pair in shows.windows(2) {
        assert!(pair[1].0 - pair[0].0 >= DAY, "{pair:?}");
    }
    let ids: Vec<&str> = shows.iter().map(|s| s.1).collect();
    // ces is asked once (it does not recur); baseline at the period's start;
    // nps from day 7; the result check-in 3 days before the period is due.
    assert_eq!(ids, ["ces", "baseline", "nps", "result"], "{shows:?}");
    assert_eq!(shows[0].0, T0 + 9.0 * HOUR + 10.0 * 60_000.0);
    assert_eq!(shows[1].0, T0 + 2.0 * DAY);
    assert_eq!(shows[3].0, T0 + 17.0 * DAY);
}
