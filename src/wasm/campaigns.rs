//! Survey campaign exports: checking a campaign list, the campaigns an
//! event or route fires, and the explainable decision. This module only
//! reads JS values into the core's types (every key checked, unknown keys
//! refused); the rules live in [`crate::campaigns`].

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::hygiene::{keep_returned, read_policy, take_state, SurveyPolicyArg, SurveyStateArg};
use super::input::from_js;
use super::tape::to_js;
use crate::campaigns::{self, read_campaigns, read_context, read_occurrence, Campaign};
use crate::error::Error;
use crate::input::Value;

#[wasm_bindgen(typescript_custom_section)]
const TS_CAMPAIGNS: &'static str = r#"
/** A value of an event property or an account attribute. */
export type CampaignValue = string | number | boolean;

/** What a campaign asks: a survey, or a check-in on metrics of the user's role (policy kind `"checkin"`). */
export type CampaignAsk =
  | { survey: { kind: "nps" | "ces" | "csat"; surveyId?: string | null | undefined; question?: string | null | undefined; followUp?: string | null | undefined } }
  | { checkIn: { metrics: string[] } };

/** What makes a campaign due: exactly one key. */
export type CampaignTrigger =
  | { event: { name: string; occurrence?: number | null | undefined; props?: Record<string, CampaignValue> | null | undefined } }
  | { route: string }
  | { daysSinceSignup: number }
  | { daysSincePeriodStart: number }
  | { daysBeforePeriodEnd: number };

/** Whom a campaign may ask; every rule given must match. */
export interface CampaignTarget {
  roles?: string[] | null | undefined;
  /** Maturity levels, 1-based. */
  levels?: number[] | null | undefined;
  /** Per attribute, the values allowed: `{ plan: ["pro", "enterprise"] }`. */
  account?: Record<string, CampaignValue | CampaignValue[]> | null | undefined;
  /** The user is in at least one of these. */
  segments?: string[] | null | undefined;
}

/** When a campaign runs: ms since 1970; without `recurDays` once per user (period triggers: once per period). */
export interface CampaignSchedule {
  start?: number | null | undefined;
  end?: number | null | undefined;
  recurDays?: number | null | undefined;
}

/** A survey campaign, declared as data. */
export interface Campaign {
  /** 1 to 128 characters, unique in the list. */
  id: string;
  ask: CampaignAsk;
  trigger: CampaignTrigger;
  target?: CampaignTarget | null | undefined;
  /** Wait after the trigger fired, ms. Default 0. */
  delayMs?: number | null | undefined;
  schedule?: CampaignSchedule | null | undefined;
}

/** Something the user just did: `{ event, props, count }` or `{ route }`. */
export type CampaignOccurrence =
  | { event: string; props?: Record<string, unknown> | null | undefined; count?: number | null | undefined }
  | { route: string };

/** Who the user is and what happened, at `now` (ms since 1970). */
export interface CampaignContext {
  now: number;
  userId: string;
  role: string;
  /** The role's maturity level, 1-based. */
  level?: number | null | undefined;
  sessionStart: number;
  signupAt?: number | null | undefined;
  /** The route the user is on: route-triggered campaigns show only while it matches their pattern. */
  route?: string | null | undefined;
  /** Account attributes (`null` values are unknown: they match no account rule). */
  account?: Record<string, CampaignValue | null> | null | undefined;
  segments?: string[] | null | undefined;
  /** When each campaign's event or route trigger last fired, by campaign id. */
  triggered?: Record<string, number> | null | undefined;
  /** Goal periods of the user's role metrics, by metric id. */
  periods?: Record<string, { start: number; due: number }> | null | undefined;
  /** The ids of the user's role metrics: a check-in asks only about these, and is `NOT_TARGETED` without any of them (absent: every metric of a check-in is asked). */
  metrics?: string[] | null | undefined;
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
    let campaigns = read_campaigns(&from_js(&value, "campaigns")?)?;
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
    let campaigns = campaign_list(&campaigns.into())?;
    let occurrence = read_occurrence(&from_js(&occurrence.into(), "occurrence")?)?;
    let ids = campaigns::campaign_triggers(&campaigns, &occurrence.as_occurrence())?;
    Ok(to_js(&Value::Array(
        ids.iter().map(|&id| id.into()).collect(),
    )))
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
    let campaigns = campaign_list(&campaigns.into())?;
    let context = read_context(&from_js(&context.into(), "context")?)?;
    let policy = read_policy(&policy.into())?;
    let state_value: JsValue = state.into();
    let (state, returned) = take_state(&state_value, "state")?;
    let decision =
        campaigns::decide(&campaigns, &context, &policy, &state).map(|d| to_js(&d.to_value()));
    if returned {
        keep_returned(state_value, state);
    }
    Ok(decision?)
}

/// The campaigns `value` holds: the list `checkCampaigns` returned last is
/// taken as it was checked; any other is read.
fn campaign_list(value: &JsValue) -> Result<Vec<Campaign>, Error> {
    let checked = CHECKED.with_borrow(|checked| match checked {
        Some((object, campaigns)) if object == value => Some(campaigns.clone()),
        _ => None,
    });
    match checked {
        Some(campaigns) => Ok(campaigns),
        None => read_campaigns(&from_js(value, "campaigns")?),
    }
}
