//! The survey policy a host app configures: rules per kind and the shared
//! fatigue budget.

use super::{check_entries, check_rule_duration, check_text, MAX_KINDS};
use crate::error::{msg, Error, ErrorCode, Num, Quoted};

/// The rule for one survey kind (e.g. `"nps"`, `"csat"`, `"ces"`).
#[derive(Debug, Clone, PartialEq)]
pub struct KindRule {
    /// The kind's name, as the host app calls it.
    pub kind: String,
    /// After a user was prompted with this kind, no prompt of the same kind
    /// for this many days (whatever the outcome, except "ask me later").
    pub recontact_days: f64,
    /// Share of users (0..=1) sampled in for each survey of this kind.
    pub sample_rate: f64,
}

/// At most `max` prompts in any sliding window of `window_days`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    /// Prompts allowed in the window (0 blocks every prompt).
    pub max: u32,
    /// Length of the window in days.
    pub window_days: f64,
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyConfig {
    /// One rule per survey kind; asking about another kind is an error.
    pub kinds: Vec<KindRule>,
    /// Global fatigue budget: at most one prompt per this many days per
    /// user, across every kind.
    pub user_gap_days: f64,
    /// Prompts shown to all users of the account together.
    pub account_cap: Option<Cap>,
    /// Prompts shown to all users of the account who have the asking user's role.
    pub role_cap: Option<Cap>,
    /// No prompt in the first minutes of a session.
    pub session_delay_minutes: f64,
    /// How long "ask me later" holds back a kind.
    pub snooze_days: f64,
}

impl PolicyConfig {
    /// Checks every field; the error names the first bad one with the JS
    /// path of the `policy` option (e.g. `policy.kinds.nps.sampleRate`). At
    /// most [`MAX_KINDS`] kinds.
    ///
    /// ```
    /// use clg_metrics::{hygiene::{KindRule, PolicyConfig}, ErrorCode};
    /// let config = PolicyConfig {
    ///     kinds: vec![KindRule { kind: "nps".into(), recontact_days: 90.0, sample_rate: 1.5 }],
    ///     user_gap_days: 14.0, account_cap: None, role_cap: None,
    ///     session_delay_minutes: 2.0, snooze_days: 1.0,
    /// };
    /// assert_eq!(config.validate().unwrap_err().code(), ErrorCode::InvalidRate);
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        check_entries(self.kinds.len(), MAX_KINDS, "policy.kinds")?;
        for (index, rule) in self.kinds.iter().enumerate() {
            let path = msg!("policy.kinds.", rule.kind);
            check_text(&rule.kind, "policy.kinds")?;
            if self.kinds[..index].iter().any(|r| r.kind == rule.kind) {
                return Err(Error::new(ErrorCode::DuplicateId, path, "is defined twice"));
            }
            check_rule_duration(rule.recontact_days, 1.0, &msg!(path, ".recontactDays"))?;
            if !(0.0..=1.0).contains(&rule.sample_rate) {
                return Err(Error::new(
                    ErrorCode::InvalidRate,
                    msg!(path, ".sampleRate"),
                    msg!("must be from 0 to 1, got ", Num(rule.sample_rate)),
                ));
            }
        }
        check_rule_duration(self.user_gap_days, 1.0, "policy.userGapDays")?;
        check_rule_duration(
            self.session_delay_minutes,
            1440.0,
            "policy.sessionDelayMinutes",
        )?;
        check_rule_duration(self.snooze_days, 1.0, "policy.snoozeDays")?;
        if let Some(cap) = &self.account_cap {
            check_rule_duration(cap.window_days, 1.0, "policy.accountCap.windowDays")?;
        }
        if let Some(cap) = &self.role_cap {
            check_rule_duration(cap.window_days, 1.0, "policy.roleCap.windowDays")?;
        }
        Ok(())
    }

    /// The rule for `kind`, or `UNKNOWN_SURVEY_KIND` naming `field`.
    pub fn rule(&self, kind: &str, field: &str) -> Result<&KindRule, Error> {
        self.kinds.iter().find(|r| r.kind == kind).ok_or_else(|| {
            let known: Vec<&str> = self.kinds.iter().map(|r| r.kind.as_str()).collect();
            Error::new(
                ErrorCode::UnknownSurveyKind,
                field,
                msg!(
                    "has no rule in the policy (known: ",
                    known.join(", "),
                    "), got ",
                    Quoted(kind)
                ),
            )
        })
    }

    /// How long any prompt can still matter, in days: the longest
    /// recontact period, gap, cap window or snooze, and at least a day (a
    /// prompt's outcome comes a while after it is shown, even when no rule
    /// looks back at all).
    pub(crate) fn horizon_days(&self) -> f64 {
        let caps = [self.account_cap, self.role_cap];
        self.kinds
            .iter()
            .map(|r| r.recontact_days)
            .chain(caps.iter().flatten().map(|c| c.window_days))
            .chain([self.user_gap_days, self.snooze_days])
            .fold(1.0, f64::max)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The policy the hygiene tests share.
    pub(crate) fn config() -> PolicyConfig {
        PolicyConfig {
            kinds: vec![
                KindRule {
                    kind: "nps".into(),
                    recontact_days: 90.0,
                    sample_rate: 1.0,
                },
                KindRule {
                    kind: "csat".into(),
                    recontact_days: 30.0,
                    sample_rate: 1.0,
                },
            ],
            user_gap_days: 14.0,
            account_cap: Some(Cap {
                max: 3,
                window_days: 7.0,
            }),
            role_cap: Some(Cap {
                max: 2,
                window_days: 7.0,
            }),
            session_delay_minutes: 3.0,
            snooze_days: 1.0,
        }
    }

    #[test]
    fn valid_config_and_horizon() {
        config().validate().unwrap();
        assert_eq!(config().horizon_days(), 90.0);
        // No rule looks back at all: a prompt is still kept a day, for its outcome.
        let mut none = config();
        none.kinds.iter_mut().for_each(|k| k.recontact_days = 0.0);
        (none.user_gap_days, none.snooze_days) = (0.0, 0.0);
        (none.account_cap, none.role_cap) = (None, None);
        assert_eq!(none.horizon_days(), 1.0);
    }

    #[test]
    fn bad_configs_name_the_field() {
        type Breaker = fn(&mut PolicyConfig);
        let cases: [(Breaker, ErrorCode, &str); 10] = [
            (
                |c| c.kinds[0].sample_rate = -0.1,
                ErrorCode::InvalidRate,
                "policy.kinds.nps.sampleRate",
            ),
            (
                |c| c.kinds[1].sample_rate = f64::NAN,
                ErrorCode::InvalidRate,
                "policy.kinds.csat.sampleRate",
            ),
            (
                |c| c.kinds[0].recontact_days = -1.0,
                ErrorCode::InvalidDuration,
                "policy.kinds.nps.recontactDays",
            ),
            (
                |c| c.kinds[1].kind = "nps".into(),
                ErrorCode::DuplicateId,
                "policy.kinds.nps",
            ),
            (
                |c| c.kinds[0].kind = String::new(),
                ErrorCode::EmptyText,
                "policy.kinds",
            ),
            (
                |c| c.user_gap_days = f64::INFINITY,
                ErrorCode::InvalidDuration,
                "policy.userGapDays",
            ),
            (
                |c| c.kinds[0].recontact_days = 36_525.5, // beyond 100 years
                ErrorCode::InvalidDuration,
                "policy.kinds.nps.recontactDays",
            ),
            (
                |c| c.session_delay_minutes = 36_525.0 * 1440.0 + 1.0,
                ErrorCode::InvalidDuration,
                "policy.sessionDelayMinutes",
            ),
            (
                |c| c.session_delay_minutes = -0.5,
                ErrorCode::InvalidDuration,
                "policy.sessionDelayMinutes",
            ),
            (
                |c| {
                    c.role_cap = Some(Cap {
                        max: 1,
                        window_days: f64::NAN,
                    })
                },
                ErrorCode::InvalidDuration,
                "policy.roleCap.windowDays",
            ),
        ];
        for (break_it, code, field) in cases {
            let mut c = config();
            break_it(&mut c);
            let e = c.validate().unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
        }
        // Boundaries are allowed.
        let mut c = config();
        c.kinds[0].sample_rate = 0.0;
        c.kinds[1].sample_rate = 1.0;
        c.user_gap_days = 0.0;
        c.snooze_days = 36_525.0;
        c.session_delay_minutes = 36_525.0 * 1440.0;
        c.validate().unwrap();
    }

    #[test]
    fn unknown_kind_lists_the_known_ones() {
        let e = config().rule("ces", "ask.kind").unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnknownSurveyKind);
        assert_eq!(
            e.message(),
            "ask.kind: has no rule in the policy (known: nps, csat), got \"ces\""
        );
    }
}
