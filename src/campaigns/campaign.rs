//! A campaign as the host app declares it, and its validation.

use super::{
    check_length, check_list, Context, Schedule, Target, Trigger, MAX_CAMPAIGNS, MAX_CAMPAIGN_ID,
    MAX_QUESTION,
};
use crate::error::{element, msg, ElementPath, Error, ErrorCode, Num, Quoted};
use crate::hygiene::{check_entries, check_text, PolicyConfig};
use crate::input::Value;

/// The policy kind every check-in is asked under.
pub const CHECK_IN_KIND: &str = "checkin";
/// The survey kinds a campaign can ask (the prompt widget's scales).
const SURVEY_KINDS: [&str; 3] = ["nps", "ces", "csat"];

/// One campaign: what to ask, when, whom, after what delay, in what window.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    /// Unique within the list, 1 to 128 characters.
    pub id: String,
    /// What it asks.
    pub ask: Ask,
    /// What makes it due.
    pub trigger: Trigger,
    /// Whom it may ask (default: everyone).
    pub target: Target,
    /// How long to wait after the trigger fired, in ms (default 0).
    pub delay_ms: f64,
    /// When it runs and how often it may recur (default: always, once).
    pub schedule: Schedule,
}

/// What a campaign asks: `{ survey: {...} }` or `{ checkIn: {...} }`.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// An NPS, CES or CSAT survey.
    Survey {
        /// `"nps"`, `"ces"` or `"csat"`; also a kind of the policy.
        kind: String,
        /// The survey's id for the policy (default: the campaign id).
        survey_id: Option<String>,
        /// The question shown (default: the widget's wording for the kind).
        question: Option<String>,
        /// An optional open follow-up question.
        follow_up: Option<String>,
    },
    /// A check-in on scale-assessed or self-reported metrics of the user's
    /// role, asked under the policy kind `"checkin"`.
    CheckIn {
        /// Metric ids, 1 to 100, unique.
        metrics: Vec<String>,
    },
}

impl Ask {
    /// `{ survey: { kind, surveyId, question, followUp } }` (those given)
    /// or `{ checkIn: { metrics } }`, as the bindings return it.
    pub fn to_value(&self) -> Value {
        match self {
            Ask::Survey {
                kind,
                survey_id,
                question,
                follow_up,
            } => {
                let mut fields = vec![("kind".to_owned(), kind.as_str().into())];
                for (key, text) in [
                    ("surveyId", survey_id),
                    ("question", question),
                    ("followUp", follow_up),
                ] {
                    if let Some(text) = text {
                        fields.push((key.into(), text.as_str().into()));
                    }
                }
                Value::object([("survey", Value::Object(fields))])
            }
            Ask::CheckIn { metrics } => {
                let metrics = metrics.iter().map(|m| m.as_str().into()).collect();
                Value::object([(
                    "checkIn",
                    Value::object([("metrics", Value::Array(metrics))]),
                )])
            }
        }
    }

    /// A survey of `kind` with the default wording and survey id.
    pub fn survey(kind: &str) -> Ask {
        Ask::Survey {
            kind: kind.into(),
            survey_id: None,
            question: None,
            follow_up: None,
        }
    }

    /// A check-in on `metrics`.
    pub fn check_in(metrics: &[&str]) -> Ask {
        Ask::CheckIn {
            metrics: metrics.iter().map(|&m| m.into()).collect(),
        }
    }
}

impl Campaign {
    /// A campaign with no targeting, no delay and the default schedule.
    pub fn new(id: &str, ask: Ask, trigger: Trigger) -> Campaign {
        Campaign {
            id: id.into(),
            ask,
            trigger,
            target: Target::default(),
            delay_ms: 0.0,
            schedule: Schedule::default(),
        }
    }

    /// The policy kind it is asked under.
    pub fn kind(&self) -> &str {
        match &self.ask {
            Ask::Survey { kind, .. } => kind,
            Ask::CheckIn { .. } => CHECK_IN_KIND,
        }
    }

    /// The survey id the policy samples and records it under: the survey's
    /// `surveyId`, else the campaign id.
    pub fn survey_id(&self) -> &str {
        match &self.ask {
            Ask::Survey {
                survey_id: Some(id),
                ..
            } => id,
            _ => &self.id,
        }
    }

    /// The check-in's metrics (none for a survey).
    pub fn metrics(&self) -> &[String] {
        match &self.ask {
            Ask::CheckIn { metrics } => metrics,
            Ask::Survey { .. } => &[],
        }
    }

    /// The check-in's metrics this user is asked about: those of the
    /// user's role when the context lists them (`context.metrics`), else all.
    pub(crate) fn metrics_of(&self, context: &Context) -> Vec<&str> {
        let role = context.metrics.as_deref();
        self.metrics()
            .iter()
            .filter(|m| role.map_or(true, |role| role.contains(m)))
            .map(String::as_str)
            .collect()
    }

    /// Whether the campaign asks this user anything: a survey does; a
    /// check-in when one of its metrics is of the user's role.
    pub(crate) fn asks(&self, context: &Context) -> bool {
        matches!(self.ask, Ask::Survey { .. }) || !self.metrics_of(context).is_empty()
    }

    /// Checks every field; `path` is the campaign's (`campaigns[2]`). With a
    /// `policy`, the kind must be one of its kinds.
    fn check(&self, path: &str, policy: Option<&PolicyConfig>) -> Result<(), Error> {
        check_length(&self.id, MAX_CAMPAIGN_ID, (path, ".id"))?;
        self.check_ask(&msg!(path, ".ask"), policy)?;
        self.trigger.check(&msg!(path, ".trigger"))?;
        self.target.check(&msg!(path, ".target"))?;
        if !(self.delay_ms.is_finite() && self.delay_ms >= 0.0) {
            return Err(Error::new(
                ErrorCode::InvalidDuration,
                msg!(path, ".delayMs"),
                msg!(
                    "must be a finite number of ms, 0 or more, got ",
                    Num(self.delay_ms)
                ),
            ));
        }
        self.schedule.check(&msg!(path, ".schedule"))
    }

    fn check_ask(&self, path: &str, policy: Option<&PolicyConfig>) -> Result<(), Error> {
        let kind_path = match &self.ask {
            Ask::Survey {
                kind,
                survey_id,
                question,
                follow_up,
            } => {
                let kind_path = msg!(path, ".survey.kind");
                if !SURVEY_KINDS.contains(&kind.as_str()) {
                    return Err(Error::new(
                        ErrorCode::InvalidChoice,
                        kind_path,
                        msg!("must be \"nps\", \"ces\" or \"csat\", got ", Quoted(kind)),
                    ));
                }
                if let Some(id) = survey_id {
                    check_text(id, (path, ".survey.surveyId"))?;
                }
                for (text, key) in [(question, "question"), (follow_up, "followUp")] {
                    if let Some(text) = text {
                        check_length(text, MAX_QUESTION, (path, ".survey.", key))?;
                    }
                }
                Some(kind_path)
            }
            Ask::CheckIn { metrics } => {
                // The policy's `checkin` kind first: without it nothing else of a check-in matters.
                if let Some(policy) = policy {
                    policy.rule(self.kind(), &msg!(path, ".checkIn"))?;
                }
                let list = msg!(path, ".checkIn.metrics");
                check_list(metrics, &list)?;
                for (index, metric) in metrics.iter().enumerate() {
                    check_text(metric, ElementPath(&list, index))?;
                    if metrics[..index].contains(metric) {
                        return Err(Error::new(
                            ErrorCode::DuplicateId,
                            element(&list, index),
                            msg!("must be unique, got ", Quoted(metric), " twice"),
                        ));
                    }
                }
                None // its kind was checked first
            }
        };
        match (policy, kind_path) {
            (Some(policy), Some(kind_path)) => policy.rule(self.kind(), &kind_path).map(|_| ()),
            _ => Ok(()),
        }
    }
}

/// Checks a campaign list: at most [`MAX_CAMPAIGNS`], every field valid,
/// unique ids, and (given a `policy`) every kind a kind of the policy
/// (check-ins: `"checkin"`). Errors name the path, e.g.
/// `campaigns[2].trigger.event.occurrence`.
///
/// ```
/// use clg_metrics::campaigns::{check_campaigns, Ask, Campaign, Trigger};
/// use clg_metrics::ErrorCode;
/// let a = Campaign::new("a", Ask::check_in(&["confidence"]), Trigger::DaysSincePeriodStart(0.0));
/// let e = check_campaigns(&[a.clone(), a], None).unwrap_err();
/// assert_eq!((e.code(), e.field()), (ErrorCode::DuplicateId, "campaigns[1].id"));
/// ```
pub fn check_campaigns(campaigns: &[Campaign], policy: Option<&PolicyConfig>) -> Result<(), Error> {
    check_entries(campaigns.len(), MAX_CAMPAIGNS, "campaigns")?;
    for (index, campaign) in campaigns.iter().enumerate() {
        let path = element("campaigns", index);
        campaign.check(&path, policy)?;
        // At most 100: comparing with the earlier ones costs less code than a set.
        if campaigns[..index].iter().any(|c| c.id == campaign.id) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                msg!(path, ".id"),
                msg!("must be unique, got ", Quoted(&campaign.id), " twice"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hygiene::KindRule;

    fn policy() -> PolicyConfig {
        PolicyConfig {
            kinds: vec![KindRule {
                kind: "ces".into(),
                recontact_days: 30.0,
                sample_rate: 1.0,
            }],
            user_gap_days: 14.0,
            account_cap: None,
            role_cap: None,
            session_delay_minutes: 0.0,
            snooze_days: 1.0,
        }
    }

    fn ces() -> Campaign {
        Campaign::new("c", Ask::survey("ces"), Trigger::event("export"))
    }

    fn error(campaigns: &[Campaign], policy: Option<&PolicyConfig>) -> (ErrorCode, String) {
        let e = check_campaigns(campaigns, policy).unwrap_err();
        (e.code(), e.field().to_owned())
    }

    #[test]
    fn kinds_are_the_widgets_and_the_policys() {
        check_campaigns(&[ces()], Some(&policy())).unwrap();
        let nps = Campaign::new("n", Ask::survey("nps"), Trigger::event("x"));
        assert_eq!(
            error(&[ces(), nps.clone()], Some(&policy())),
            (
                ErrorCode::UnknownSurveyKind,
                "campaigns[1].ask.survey.kind".into()
            )
        );
        check_campaigns(&[nps], None).unwrap();
        let odd = Campaign::new("o", Ask::survey("checkin"), Trigger::event("x"));
        assert_eq!(
            error(&[odd], None),
            (
                ErrorCode::InvalidChoice,
                "campaigns[0].ask.survey.kind".into()
            )
        );
        let check_in = Campaign::new("k", Ask::check_in(&["m"]), Trigger::event("x"));
        assert_eq!(
            error(&[check_in], Some(&policy())),
            (
                ErrorCode::UnknownSurveyKind,
                "campaigns[0].ask.checkIn".into()
            )
        );
    }

    #[test]
    fn bad_fields_name_their_path() {
        type Breaker = fn(&mut Campaign);
        let cases: [(Breaker, ErrorCode, &str); 8] = [
            (|c| c.id = String::new(), ErrorCode::EmptyText, "id"),
            (|c| c.id = "x".repeat(129), ErrorCode::TextTooLong, "id"),
            (|c| c.delay_ms = -1.0, ErrorCode::InvalidDuration, "delayMs"),
            (
                |c| c.ask = Ask::check_in(&[]),
                ErrorCode::EmptyInput,
                "ask.checkIn.metrics",
            ),
            (
                |c| c.ask = Ask::check_in(&["a", "b", "a"]),
                ErrorCode::DuplicateId,
                "ask.checkIn.metrics[2]",
            ),
            (
                |c| {
                    c.ask = Ask::Survey {
                        kind: "ces".into(),
                        survey_id: Some(String::new()),
                        question: None,
                        follow_up: None,
                    }
                },
                ErrorCode::EmptyText,
                "ask.survey.surveyId",
            ),
            (
                |c| {
                    c.ask = Ask::Survey {
                        kind: "ces".into(),
                        survey_id: None,
                        question: Some("q".into()),
                        follow_up: Some("?".repeat(1001)),
                    }
                },
                ErrorCode::TextTooLong,
                "ask.survey.followUp",
            ),
            (
                |c| c.trigger = Trigger::DaysSinceSignup(f64::NAN),
                ErrorCode::InvalidDuration,
                "trigger.daysSinceSignup",
            ),
        ];
        for (break_it, code, field) in cases {
            let mut c = ces();
            break_it(&mut c);
            assert_eq!(
                error(&[ces(), c], None),
                (code, format!("campaigns[1].{field}"))
            );
        }
        let many: Vec<Campaign> = (0..=MAX_CAMPAIGNS)
            .map(|i| Campaign {
                id: format!("c{i}"),
                ..ces()
            })
            .collect();
        assert_eq!(
            error(&many, None),
            (ErrorCode::TooLarge, "campaigns".into())
        );
        check_campaigns(&many[..MAX_CAMPAIGNS], None).unwrap();
    }

    #[test]
    fn survey_id_defaults_to_the_campaign_id() {
        assert_eq!(ces().survey_id(), "c");
        let mut c = ces();
        c.ask = Ask::Survey {
            kind: "ces".into(),
            survey_id: Some("ces-export".into()),
            question: None,
            follow_up: None,
        };
        assert_eq!((c.survey_id(), c.kind()), ("ces-export", "ces"));
        let k = Campaign::new("k", Ask::check_in(&["m"]), Trigger::event("x"));
        assert_eq!(
            (k.survey_id(), k.kind(), k.metrics()),
            ("k", "checkin", &["m".to_owned()][..])
        );
    }
}
