//! Survey campaign exports: checking a campaign list, the campaigns an
//! event or route fires, and the explainable decision. This module only
//! reads JS values into the core's types (every key checked, unknown keys
//! refused); the rules live in [`crate::campaigns`].

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::hygiene::{
    keep_returned, read_policy, take_state, to_js, SurveyPolicyArg, SurveyStateArg,
};
use super::input::wrong_type;
use super::object::{each, Obj};
use crate::campaigns::{
    self, Ask, Campaign, Context, Occurrence, Period, Schedule, Target, Trigger, MAX_CAMPAIGNS,
};
use crate::error::{Error, ErrorCode};
use crate::hygiene::check_entries;
use crate::results::Prop;

#[wasm_bindgen(typescript_custom_section)]
const TS_CAMPAIGNS: &'static str = r#"
/** A value of an event property or an account attribute. */
export type CampaignValue = string | number | boolean;

/** What a campaign asks: a survey, or a check-in on metrics of the user's role (policy kind `"checkin"`). */
export type CampaignAsk =
  | { survey: { kind: "nps" | "ces" | "csat"; surveyId?: string; question?: string; followUp?: string } }
  | { checkIn: { metrics: string[] } };

/** What makes a campaign due: exactly one key. */
export type CampaignTrigger =
  | { event: { name: string; occurrence?: number; props?: Record<string, CampaignValue> } }
  | { route: string }
  | { daysSinceSignup: number }
  | { daysSincePeriodStart: number }
  | { daysBeforePeriodEnd: number };

/** Whom a campaign may ask; every rule given must match. */
export interface CampaignTarget {
  roles?: string[];
  /** Maturity levels, 1-based. */
  levels?: number[];
  /** Per attribute, the values allowed: `{ plan: ["pro", "enterprise"] }`. */
  account?: Record<string, CampaignValue | CampaignValue[]>;
  /** The user is in at least one of these. */
  segments?: string[];
}

/** When a campaign runs: ms since 1970; without `recurDays` once per user (period triggers: once per period). */
export interface CampaignSchedule {
  start?: number;
  end?: number;
  recurDays?: number;
}

/** A survey campaign, declared as data. */
export interface Campaign {
  /** 1 to 128 characters, unique in the list. */
  id: string;
  ask: CampaignAsk;
  trigger: CampaignTrigger;
  target?: CampaignTarget;
  /** Wait after the trigger fired, ms. Default 0. */
  delayMs?: number;
  schedule?: CampaignSchedule;
}

/** Something the user just did: `{ event, props, count }` or `{ route }`. */
export type CampaignOccurrence =
  | { event: string; props?: Record<string, unknown>; count?: number }
  | { route: string };

/** Who the user is and what happened, at `now` (ms since 1970). */
export interface CampaignContext {
  now: number;
  userId: string;
  role: string;
  /** The role's maturity level, 1-based. */
  level?: number;
  sessionStart: number;
  signupAt?: number;
  /** The route the user is on: route-triggered campaigns show only while it matches their pattern. */
  route?: string;
  /** Account attributes (`null` values are unknown: they match no account rule). */
  account?: Record<string, CampaignValue | null>;
  segments?: string[];
  /** When each campaign's event or route trigger last fired, by campaign id. */
  triggered?: Record<string, number>;
  /** Goal periods of the user's role metrics, by metric id. */
  periods?: Record<string, { start: number; due: number }>;
}

/** Why a campaign shows or not: the campaign's rules, or the survey policy's reason. */
export type CampaignReason =
  | "DUE" | "QUEUED" | "ENDED" | "NOT_TARGETED" | "NOT_STARTED" | "NO_GOAL_PERIOD"
  | "NOT_TRIGGERED" | "DONE" | "WAITING"
  | Exclude<SurveyReason, "ELIGIBLE">;

export interface CampaignStatus {
  campaignId: string;
  show: boolean;
  reason: CampaignReason;
  /** The earliest time it could show if nothing else changes; `null` when shown, queued, or unknown. */
  nextEligibleAt: number | null;
}

/** The campaign to show now. */
export interface CampaignDue {
  campaignId: string;
  /** Record the prompt under this survey id. */
  surveyId: string;
  /** The policy kind (`"checkin"` for check-ins). */
  kind: string;
  /** The campaign's ask, with `surveyId` filled in for surveys. */
  ask: CampaignAsk;
  /** Check-ins only: the metrics to ask about now. */
  metrics?: string[];
}

export interface CampaignDecision {
  /** At most one: the first due campaign in list order. */
  due: CampaignDue | null;
  /** One per campaign, in list order. */
  campaigns: CampaignStatus[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A campaign list.
    #[wasm_bindgen(typescript_type = "readonly Campaign[]")]
    pub type CampaignsArg;
    /// A decision context.
    #[wasm_bindgen(typescript_type = "CampaignContext")]
    pub type CampaignContextArg;
    /// An event or route occurrence.
    #[wasm_bindgen(typescript_type = "CampaignOccurrence")]
    pub type CampaignOccurrenceArg;
}

/// Checks a campaign list against the survey policy and throws a
/// `ClgMetricsError` naming the first bad field
/// (`campaigns[2].trigger.event.occurrence`). Returns the checked list as a
/// frozen copy: pass that to `campaignTriggers` and `campaignDecision` and
/// they use it without reading it again.
///
/// @example
/// ```ts
/// const checked = checkCampaigns([{ id: 'ces-export', ask: { survey: { kind: 'ces' } },
///   trigger: { event: { name: 'report_exported', occurrence: 3 } }, delayMs: 30000 }],
///   { kinds: { ces: { recontactDays: 30 } } });
/// ```
#[wasm_bindgen(js_name = checkCampaigns, unchecked_return_type = "readonly Campaign[]")]
pub fn check_campaigns(
    campaigns: CampaignsArg,
    policy: SurveyPolicyArg,
) -> Result<JsValue, JsValue> {
    let value: JsValue = campaigns.into();
    let campaigns = read_campaigns(&value)?;
    let policy = read_policy(&policy.into())?;
    campaigns::check_campaigns(&campaigns, Some(&policy))?;
    CHECKED.set(Some((value.clone(), campaigns)));
    Ok(value)
}

thread_local! {
    /// The list `checkCampaigns` checked last, with what it holds. The JS
    /// wrapper hands it a fresh copy it has frozen throughout (and returns
    /// that copy): passed back unchanged, it is used without being read
    /// again.
    static CHECKED: RefCell<Option<(JsValue, Vec<Campaign>)>> = const { RefCell::new(None) };
}

/// The ids of the campaigns whose event or route trigger this occurrence
/// fires (an event from its `occurrence`-th time on, with matching props;
/// a route matching the pattern as a whole), in list order.
///
/// @example
/// ```ts
/// campaignTriggers(campaigns, { event: 'report_exported', props: { format: 'pdf' }, count: 3 }); // ['ces-export']
/// campaignTriggers(campaigns, { route: '/reports/42' });
/// ```
#[wasm_bindgen(js_name = campaignTriggers, unchecked_return_type = "string[]")]
pub fn campaign_triggers(
    campaigns: CampaignsArg,
    occurrence: CampaignOccurrenceArg,
) -> Result<JsValue, JsValue> {
    let campaigns = read_campaigns(&campaigns.into())?;
    let occurrence: JsValue = occurrence.into();
    let o = Obj::new(
        &occurrence,
        "occurrence",
        &["event", "props", "count", "route"],
    )?;
    let ids = match o.opt_string("route")? {
        Some(route)
            if o.present("event").is_none()
                && o.present("props").is_none()
                && o.present("count").is_none() =>
        {
            campaigns::campaign_triggers(&campaigns, &Occurrence::Route(&route))?
        }
        Some(_) => {
            return Err(one_of("occurrence", "event (with props and count) or route").into())
        }
        None => {
            let name = o.string("event")?;
            let props = match o.present("props") {
                Some(value) => scalars(&Obj::loose(&value, o.field("props"))?, |v| !is_scalar(v))?,
                None => Vec::new(),
            };
            let count = o.number_or("count", 1.0)?;
            let occurrence = Occurrence::Event {
                name: &name,
                props: &props,
                count,
            };
            campaigns::campaign_triggers(&campaigns, &occurrence)?
        }
    };
    to_js(&ids)
}

/// Which campaign to show now, and why each one shows or not:
/// `{ due, campaigns: [{ campaignId, show, reason, nextEligibleAt }] }`.
/// Every campaign's prompt goes through the survey policy with its kind and
/// survey id, so surveys and check-ins share one fatigue budget. A pure
/// function of its arguments.
///
/// @example
/// ```ts
/// const d = campaignDecision(campaigns, { now: Date.now(), userId: 'u1', role: 'analyst', sessionStart,
///   triggered: { 'ces-export': exportedAt } }, policy, state);
/// if (d.due) show(d.due); else console.log(d.campaigns.map((c) => [c.campaignId, c.reason, c.nextEligibleAt]));
/// ```
#[wasm_bindgen(js_name = campaignDecision, unchecked_return_type = "CampaignDecision")]
pub fn campaign_decision(
    campaigns: CampaignsArg,
    context: CampaignContextArg,
    policy: SurveyPolicyArg,
    state: Option<SurveyStateArg>,
) -> Result<JsValue, JsValue> {
    let campaigns = read_campaigns(&campaigns.into())?;
    let context = read_context(&context.into())?;
    let policy = read_policy(&policy.into())?;
    let state_value: JsValue = state.into();
    let (state, returned) = take_state(&state_value, "state")?;
    let decision = campaigns::decide(&campaigns, &context, &policy, &state).map(|d| to_js(&d));
    if returned {
        keep_returned(state_value, state);
    }
    decision?
}

fn read_campaigns(value: &JsValue) -> Result<Vec<Campaign>, Error> {
    let checked = CHECKED.with_borrow(|checked| match checked {
        Some((object, campaigns)) if object == value => Some(campaigns.clone()),
        _ => None,
    });
    if let Some(campaigns) = checked {
        return Ok(campaigns);
    }
    let Some(list) = value.dyn_ref::<Array>() else {
        return Err(wrong_type("campaigns", "an array of campaigns", value));
    };
    check_entries(list.length() as usize, MAX_CAMPAIGNS, "campaigns")?;
    each(list, "campaigns", read_campaign)
}

fn read_campaign(value: &JsValue, path: String) -> Result<Campaign, Error> {
    let c = Obj::new(
        value,
        path,
        &["id", "ask", "trigger", "target", "delayMs", "schedule"],
    )?;
    Ok(Campaign {
        id: c.string("id")?,
        ask: read_ask(&c)?,
        trigger: read_trigger(&c)?,
        target: read_target(&c)?,
        delay_ms: c.number_or("delayMs", 0.0)?,
        schedule: read_schedule(&c)?,
    })
}

fn read_schedule(c: &Obj) -> Result<Schedule, Error> {
    let keys = ["start", "end", "recurDays"];
    let Some(s) = Obj::optional(&c.get("schedule"), c.field("schedule"), &keys)? else {
        return Ok(Schedule::default());
    };
    Ok(Schedule {
        start: s.opt_number("start")?,
        end: s.opt_number("end")?,
        recur_days: s.opt_number("recurDays")?,
    })
}

fn read_ask(c: &Obj) -> Result<Ask, Error> {
    let a = Obj::new(&c.get("ask"), c.field("ask"), &["survey", "checkIn"])?;
    let key = single(
        &a,
        &["survey", "checkIn"],
        c.field("ask"),
        "survey or checkIn",
    )?;
    if key == "checkIn" {
        let k = Obj::new(&a.get(key), a.field(key), &["metrics"])?;
        return Ok(Ask::CheckIn {
            metrics: strings(&k, "metrics")?,
        });
    }
    let s = Obj::new(
        &a.get(key),
        a.field(key),
        &["kind", "surveyId", "question", "followUp"],
    )?;
    Ok(Ask::Survey {
        kind: s.string("kind")?,
        survey_id: s.opt_string("surveyId")?,
        question: s.opt_string("question")?,
        follow_up: s.opt_string("followUp")?,
    })
}

const TRIGGERS: [&str; 5] = [
    "event",
    "route",
    "daysSinceSignup",
    "daysSincePeriodStart",
    "daysBeforePeriodEnd",
];

fn read_trigger(c: &Obj) -> Result<Trigger, Error> {
    let t = Obj::new(&c.get("trigger"), c.field("trigger"), &TRIGGERS)?;
    let key = single(
        &t,
        &TRIGGERS,
        c.field("trigger"),
        "event, route, daysSinceSignup, daysSincePeriodStart or daysBeforePeriodEnd",
    )?;
    Ok(match key {
        "event" => {
            let e = Obj::new(&t.get(key), t.field(key), &["name", "occurrence", "props"])?;
            let props = match e.present("props") {
                Some(value) => scalars(&Obj::loose(&value, e.field("props"))?, |_| false)?,
                None => Vec::new(),
            };
            Trigger::Event {
                name: e.string("name")?,
                occurrence: e.number_or("occurrence", 1.0)?,
                props,
            }
        }
        "route" => Trigger::Route(t.string(key)?),
        "daysSinceSignup" => Trigger::DaysSinceSignup(t.number(key)?),
        "daysSincePeriodStart" => Trigger::DaysSincePeriodStart(t.number(key)?),
        _ => Trigger::DaysBeforePeriodEnd(t.number(key)?),
    })
}

fn read_target(c: &Obj) -> Result<Target, Error> {
    let Some(t) = Obj::optional(
        &c.get("target"),
        c.field("target"),
        &["roles", "levels", "account", "segments"],
    )?
    else {
        return Ok(Target::default());
    };
    let account = match t.present("account") {
        Some(value) => {
            let a = Obj::loose(&value, t.field("account"))?;
            let mut rules = Vec::new();
            for name in a.keys() {
                let value = a.get(&name);
                let values = match value.dyn_ref::<Array>() {
                    Some(list) => each(list, &a.field(&name), prop)?,
                    None => vec![prop(&value, a.field(&name))?],
                };
                rules.push((name, values));
            }
            rules
        }
        None => Vec::new(),
    };
    Ok(Target {
        roles: t
            .present("roles")
            .map(|_| strings(&t, "roles"))
            .transpose()?,
        levels: t.opt_numbers("levels", false)?,
        account,
        segments: t
            .present("segments")
            .map(|_| strings(&t, "segments"))
            .transpose()?,
    })
}

fn read_context(value: &JsValue) -> Result<Context, Error> {
    let c = Obj::new(
        value,
        "context",
        &[
            "now",
            "userId",
            "role",
            "level",
            "sessionStart",
            "signupAt",
            "route",
            "account",
            "segments",
            "triggered",
            "periods",
        ],
    )?;
    let account = match c.present("account") {
        Some(value) => scalars(&Obj::loose(&value, c.field("account"))?, JsValue::is_null)?,
        None => Vec::new(),
    };
    let mut periods = Vec::new();
    if let Some(value) = c.present("periods") {
        let p = Obj::loose(&value, c.field("periods"))?;
        for metric in p.keys() {
            let period = Obj::new(&p.get(&metric), p.field(&metric), &["start", "due"])?;
            periods.push((
                metric,
                Period {
                    start: period.number("start")?,
                    due: period.number("due")?,
                },
            ));
        }
    }
    Ok(Context {
        now: c.number("now")?,
        user_id: c.string("userId")?,
        role: c.string("role")?,
        level: c.opt_number("level")?,
        session_start: c.number("sessionStart")?,
        signup_at: c.opt_number("signupAt")?,
        route: c.opt_string("route")?,
        account,
        segments: match c.present("segments") {
            Some(_) => strings(&c, "segments")?,
            None => Vec::new(),
        },
        triggered: c.opt_number_map("triggered")?.unwrap_or_default(),
        periods,
    })
}

/// The one key of `keys` that `object` (at `field`) holds, not
/// `undefined` or `null`.
fn single<'k>(object: &Obj, keys: &[&'k str], field: String, what: &str) -> Result<&'k str, Error> {
    let mut given = keys.iter().filter(|k| object.present(k).is_some());
    match (given.next(), given.next()) {
        (Some(key), None) => Ok(key),
        _ => Err(one_of(&field, what)),
    }
}

fn one_of(field: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        field,
        format_args!("must have exactly one of {what}"),
    )
}

/// An array of strings at `key`.
fn strings(object: &Obj, key: &str) -> Result<Vec<String>, Error> {
    each(&object.array(key)?, &object.field(key), |value, path| {
        value
            .as_string()
            .ok_or_else(|| wrong_type(path, "a string", value))
    })
}

fn is_scalar(value: &JsValue) -> bool {
    value.is_string() || value.as_f64().is_some() || value.as_bool().is_some()
}

/// A string, number or boolean.
fn prop(value: &JsValue, path: String) -> Result<Prop, Error> {
    if let Some(text) = value.as_string() {
        return Ok(Prop::Text(text));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Prop::Number(n));
    }
    value
        .as_bool()
        .map(Prop::Bool)
        .ok_or_else(|| wrong_type(path, "a string, a number or a boolean", value))
}

/// The object's values by key, each a string, number or boolean, except
/// those `skip` leaves out (an event's props hold anything: only scalars
/// can match; an account attribute may be `null`: unknown).
fn scalars(object: &Obj, skip: impl Fn(&JsValue) -> bool) -> Result<Vec<(String, Prop)>, Error> {
    let mut out = Vec::new();
    for key in object.keys() {
        let value = object.get(&key);
        if !skip(&value) {
            out.push((key.clone(), prop(&value, object.field(&key))?));
        }
    }
    Ok(out)
}
