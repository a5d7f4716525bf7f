//! What the policy remembers: this user's prompts and their outcomes, and
//! the prompts shown across the account (which only the host app's backend
//! knows in full, so it can be loaded from there).

use serde::{Deserialize, Serialize};

use super::{check_text, check_time, PolicyConfig, DAY_MS};
use crate::error::{element, Error, ErrorCode, Num};

/// The version of the serialised state this build writes and reads.
pub const STATE_VERSION: u32 = 1;

/// What became of a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Shown, no outcome yet.
    Shown,
    /// The user answered.
    Responded,
    /// The user closed it without answering (data, not a response).
    Dismissed,
    /// "Ask me later": the kind is held back for the policy's snooze days.
    Snoozed,
}

/// One prompt shown to this user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prompt {
    /// Unique id of this prompt (the SDK uses a random UUID).
    pub id: String,
    /// The survey shown.
    pub survey_id: String,
    /// Its kind (a key of the policy's kinds).
    pub kind: String,
    /// When it was shown.
    pub at: f64,
    /// What became of it.
    pub outcome: Outcome,
    /// When the outcome was recorded (`None` while `Shown`).
    pub outcome_at: Option<f64>,
}

/// One prompt shown to any user of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountPrompt {
    /// The prompt's id (the same id as in [`Prompt`] for this user's own).
    pub id: String,
    /// The role of the user who saw it.
    pub role: String,
    /// When it was shown.
    pub at: f64,
}

/// The policy's memory, serialised as versioned JSON:
/// `{ "version": 1, "prompts": [...], "accountPrompts": [...] }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyState {
    /// Always [`STATE_VERSION`] for state this build wrote.
    pub version: u32,
    /// This user's prompts, oldest first.
    pub prompts: Vec<Prompt>,
    /// Prompts across the account (this user's included), oldest first.
    pub account_prompts: Vec<AccountPrompt>,
}

impl Default for PolicyState {
    fn default() -> Self {
        PolicyState {
            version: STATE_VERSION,
            prompts: Vec::new(),
            account_prompts: Vec::new(),
        }
    }
}

/// Something that happened to a prompt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SurveyEvent<'a> {
    /// A prompt was shown to this user, who has `role`.
    Shown {
        /// New, unique prompt id.
        id: &'a str,
        /// The survey shown.
        survey_id: &'a str,
        /// Its kind.
        kind: &'a str,
        /// The user's role.
        role: &'a str,
        /// When.
        at: f64,
    },
    /// The user answered, dismissed or snoozed a shown prompt.
    Outcome {
        /// The prompt's id.
        id: &'a str,
        /// `Responded`, `Dismissed` or `Snoozed` (`Shown` is refused).
        outcome: Outcome,
        /// When.
        at: f64,
    },
}

impl PolicyState {
    /// Checks state read from storage or from the host app: the version,
    /// every time, id and kind text, unique ids, and outcomes that follow
    /// their prompt. Field paths start with `state`.
    ///
    /// ```
    /// use clg_metrics::{hygiene::PolicyState, ErrorCode};
    /// let mut state = PolicyState::default();
    /// state.version = 2;
    /// assert_eq!(state.validate().unwrap_err().code(), ErrorCode::UnsupportedVersion);
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        self.validate_as("state")
    }

    /// [`PolicyState::validate`] with field paths that start with `name`.
    pub fn validate_as(&self, name: &str) -> Result<(), Error> {
        if self.version != STATE_VERSION {
            return Err(Error::new(
                ErrorCode::UnsupportedVersion,
                format!("{name}.version"),
                format_args!(
                    "this build reads version {STATE_VERSION}, got {}",
                    self.version
                ),
            ));
        }
        for (index, prompt) in self.prompts.iter().enumerate() {
            let path = element(&format!("{name}.prompts"), index);
            check_text(&prompt.id, &format!("{path}.id"))?;
            check_text(&prompt.survey_id, &format!("{path}.surveyId"))?;
            check_text(&prompt.kind, &format!("{path}.kind"))?;
            check_time(prompt.at, &format!("{path}.at"))?;
            match (prompt.outcome, prompt.outcome_at) {
                (Outcome::Shown, None) => {}
                (Outcome::Shown, Some(_)) | (_, None) => {
                    return Err(Error::new(
                        ErrorCode::InvalidTime,
                        format!("{path}.outcomeAt"),
                        "must be set exactly when the prompt has an outcome",
                    ))
                }
                (_, Some(at)) => check_order(prompt.at, at, &format!("{path}.outcomeAt"))?,
            }
            if self.prompts[..index].iter().any(|p| p.id == prompt.id) {
                return Err(duplicate(&format!("{path}.id"), &prompt.id));
            }
        }
        for (index, prompt) in self.account_prompts.iter().enumerate() {
            let path = element(&format!("{name}.accountPrompts"), index);
            check_text(&prompt.id, &format!("{path}.id"))?;
            check_text(&prompt.role, &format!("{path}.role"))?;
            check_time(prompt.at, &format!("{path}.at"))?;
            if self.account_prompts[..index]
                .iter()
                .any(|p| p.id == prompt.id)
            {
                return Err(duplicate(&format!("{path}.id"), &prompt.id));
            }
        }
        Ok(())
    }

    /// Records `event`, then forgets prompts older than anything the policy
    /// can still look at. The event is checked completely first: on error
    /// the state is unchanged.
    pub fn record(&mut self, config: &PolicyConfig, event: SurveyEvent<'_>) -> Result<(), Error> {
        let now = match event {
            SurveyEvent::Shown {
                id,
                survey_id,
                kind,
                role,
                at,
            } => {
                check_text(id, "event.promptId")?;
                check_text(survey_id, "event.surveyId")?;
                check_text(role, "event.role")?;
                config.rule(kind, "event.kind")?;
                check_time(at, "event.at")?;
                if self.prompts.iter().any(|p| p.id == id)
                    || self.account_prompts.iter().any(|p| p.id == id)
                {
                    return Err(duplicate("event.promptId", id));
                }
                self.prompts.push(Prompt {
                    id: id.into(),
                    survey_id: survey_id.into(),
                    kind: kind.into(),
                    at,
                    outcome: Outcome::Shown,
                    outcome_at: None,
                });
                self.account_prompts.push(AccountPrompt {
                    id: id.into(),
                    role: role.into(),
                    at,
                });
                at
            }
            SurveyEvent::Outcome { id, outcome, at } => {
                check_time(at, "event.at")?;
                if outcome == Outcome::Shown {
                    return Err(Error::new(
                        ErrorCode::WrongType,
                        "event.type",
                        "must be \"responded\", \"dismissed\" or \"snoozed\", got \"shown\"",
                    ));
                }
                let Some(prompt) = self.prompts.iter_mut().find(|p| p.id == id) else {
                    return Err(Error::new(
                        ErrorCode::UnknownPrompt,
                        "event.promptId",
                        format_args!("must be the id of a prompt shown to this user, got \"{id}\""),
                    ));
                };
                if prompt.outcome != Outcome::Shown {
                    return Err(Error::new(
                        ErrorCode::PromptClosed,
                        "event.promptId",
                        format_args!("already has an outcome, got \"{id}\""),
                    ));
                }
                check_order(prompt.at, at, "event.at")?;
                prompt.outcome = outcome;
                prompt.outcome_at = Some(at);
                at
            }
        };
        self.prune(config, now);
        Ok(())
    }

    /// Adds prompts the host app knows about (e.g. from other devices or
    /// other users of the account) that this state lacks, by id, each at its
    /// place in time (no sort: `std`'s sort would add kilobytes to the wasm
    /// module). Both states must be valid.
    ///
    /// ```
    /// use clg_metrics::hygiene::{AccountPrompt, PolicyState};
    /// let mut mine = PolicyState::default();
    /// let mut server = PolicyState::default();
    /// server.account_prompts.push(AccountPrompt { id: "p9".into(), role: "admin".into(), at: 5.0 });
    /// mine.merge(&server);
    /// mine.merge(&server);
    /// assert_eq!(mine.account_prompts.len(), 1);
    /// ```
    pub fn merge(&mut self, other: &PolicyState) {
        for prompt in &other.prompts {
            match self.prompts.iter_mut().find(|p| p.id == prompt.id) {
                // An outcome known elsewhere wins over a bare "shown".
                Some(mine) if mine.outcome == Outcome::Shown => *mine = prompt.clone(),
                Some(_) => {}
                None => {
                    let at = self.prompts.partition_point(|p| p.at <= prompt.at);
                    self.prompts.insert(at, prompt.clone());
                }
            }
        }
        for prompt in &other.account_prompts {
            if !self.account_prompts.iter().any(|p| p.id == prompt.id) {
                let at = self.account_prompts.partition_point(|p| p.at <= prompt.at);
                self.account_prompts.insert(at, prompt.clone());
            }
        }
    }

    /// Drops prompts older than the policy's horizon as seen from `now`.
    fn prune(&mut self, config: &PolicyConfig, now: f64) {
        let cutoff = now - config.horizon_days() * DAY_MS;
        self.prompts
            .retain(|p| p.at > cutoff || p.outcome_at.is_some_and(|t| t > cutoff));
        self.account_prompts.retain(|p| p.at > cutoff);
    }
}

/// An outcome time must not precede the prompt.
fn check_order(shown: f64, at: f64, field: &str) -> Result<(), Error> {
    check_time(at, field)?;
    if at < shown {
        return Err(Error::new(
            ErrorCode::InvalidTime,
            field,
            format_args!(
                "must not be before the prompt was shown ({}), got {}",
                Num(shown),
                Num(at)
            ),
        ));
    }
    Ok(())
}

fn duplicate(field: &str, id: &str) -> Error {
    Error::new(
        ErrorCode::DuplicateId,
        field,
        format_args!("must be unique, got \"{id}\" twice"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::config::tests::config;
    use super::*;

    fn shown(id: &str, kind: &str, at: f64) -> SurveyEvent<'static> {
        let id: &'static str = Box::leak(id.to_owned().into_boxed_str());
        let kind: &'static str = Box::leak(kind.to_owned().into_boxed_str());
        SurveyEvent::Shown {
            id,
            survey_id: "s1",
            kind,
            role: "admin",
            at,
        }
    }

    #[test]
    fn records_shown_and_outcome() {
        let c = config();
        let mut s = PolicyState::default();
        s.record(&c, shown("p1", "nps", 1000.0)).unwrap();
        s.record(
            &c,
            SurveyEvent::Outcome {
                id: "p1",
                outcome: Outcome::Dismissed,
                at: 2000.0,
            },
        )
        .unwrap();
        assert_eq!(s.prompts[0].outcome, Outcome::Dismissed);
        assert_eq!(s.prompts[0].outcome_at, Some(2000.0));
        assert_eq!(s.account_prompts.len(), 1);
        s.validate().unwrap();
    }

    #[test]
    fn bad_events_change_nothing() {
        let c = config();
        let mut s = PolicyState::default();
        s.record(&c, shown("p1", "nps", 5000.0)).unwrap();
        let before = s.clone();
        let cases: [(SurveyEvent, ErrorCode, &str); 8] = [
            (
                shown("p1", "nps", 6000.0),
                ErrorCode::DuplicateId,
                "event.promptId",
            ),
            (
                shown("p2", "ces", 6000.0),
                ErrorCode::UnknownSurveyKind,
                "event.kind",
            ),
            (
                shown("", "nps", 6000.0),
                ErrorCode::EmptyText,
                "event.promptId",
            ),
            (shown("p2", "nps", -1.0), ErrorCode::InvalidTime, "event.at"),
            (shown("p2", "nps", 1.5), ErrorCode::InvalidTime, "event.at"),
            (
                SurveyEvent::Outcome {
                    id: "p9",
                    outcome: Outcome::Responded,
                    at: 6000.0,
                },
                ErrorCode::UnknownPrompt,
                "event.promptId",
            ),
            (
                SurveyEvent::Outcome {
                    id: "p1",
                    outcome: Outcome::Responded,
                    at: 4999.0,
                },
                ErrorCode::InvalidTime,
                "event.at",
            ),
            (
                SurveyEvent::Outcome {
                    id: "p1",
                    outcome: Outcome::Shown,
                    at: 6000.0,
                },
                ErrorCode::WrongType,
                "event.type",
            ),
        ];
        for (event, code, field) in cases {
            let e = s.record(&c, event).unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
            assert_eq!(s, before);
        }
        s.record(
            &c,
            SurveyEvent::Outcome {
                id: "p1",
                outcome: Outcome::Responded,
                at: 5000.0,
            },
        )
        .unwrap();
        let e = s
            .record(
                &c,
                SurveyEvent::Outcome {
                    id: "p1",
                    outcome: Outcome::Dismissed,
                    at: 5001.0,
                },
            )
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::PromptClosed);
    }

    #[test]
    fn prunes_beyond_the_horizon_only() {
        let c = config(); // horizon 90 days
        let mut s = PolicyState::default();
        s.record(&c, shown("old", "nps", 0.0)).unwrap();
        s.record(&c, shown("edge", "nps", 1.0)).unwrap();
        s.record(&c, shown("new", "csat", 90.0 * DAY_MS)).unwrap();
        // "old" is exactly 90 days old: it no longer matters; "edge" still does.
        let ids: Vec<&str> = s.prompts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["edge", "new"]);
        assert_eq!(s.account_prompts.len(), 2);
    }

    #[test]
    fn validate_rejects_corrupt_state() {
        let c = config();
        let mut good = PolicyState::default();
        good.record(&c, shown("p1", "nps", 10.0)).unwrap();
        good.validate().unwrap();
        type Breaker = fn(&mut PolicyState);
        let cases: [(Breaker, ErrorCode, &str); 6] = [
            (
                |s| s.prompts[0].at = f64::NAN,
                ErrorCode::InvalidTime,
                "state.prompts[0].at",
            ),
            (
                |s| s.prompts[0].kind = String::new(),
                ErrorCode::EmptyText,
                "state.prompts[0].kind",
            ),
            (
                |s| s.prompts[0].outcome_at = Some(20.0),
                ErrorCode::InvalidTime,
                "state.prompts[0].outcomeAt",
            ),
            (
                |s| {
                    s.prompts[0].outcome = Outcome::Responded;
                    s.prompts[0].outcome_at = Some(5.0)
                },
                ErrorCode::InvalidTime,
                "state.prompts[0].outcomeAt",
            ),
            (
                |s| {
                    let p = s.prompts[0].clone();
                    s.prompts.push(p)
                },
                ErrorCode::DuplicateId,
                "state.prompts[1].id",
            ),
            (
                |s| s.account_prompts[0].role = String::new(),
                ErrorCode::EmptyText,
                "state.accountPrompts[0].role",
            ),
        ];
        for (break_it, code, field) in cases {
            let mut s = good.clone();
            break_it(&mut s);
            let e = s.validate().unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
        }
    }

    #[test]
    fn json_round_trip_is_versioned() {
        let c = config();
        let mut s = PolicyState::default();
        s.record(&c, shown("p1", "nps", 1000.0)).unwrap();
        s.record(
            &c,
            SurveyEvent::Outcome {
                id: "p1",
                outcome: Outcome::Snoozed,
                at: 2000.0,
            },
        )
        .unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"version":1,"prompts":[{"id":"p1","surveyId":"s1","kind":"nps","at":1000.0,"outcome":"snoozed","outcomeAt":2000.0}],"accountPrompts":[{"id":"p1","role":"admin","at":1000.0}]}"#
        );
        let back: PolicyState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn merge_is_idempotent_and_outcomes_win() {
        let c = config();
        let mut mine = PolicyState::default();
        mine.record(&c, shown("p1", "nps", 100.0)).unwrap();
        let mut theirs = mine.clone();
        theirs
            .record(
                &c,
                SurveyEvent::Outcome {
                    id: "p1",
                    outcome: Outcome::Responded,
                    at: 200.0,
                },
            )
            .unwrap();
        theirs.record(&c, shown("p0", "csat", 50.0)).unwrap();
        mine.merge(&theirs);
        mine.merge(&theirs);
        mine.validate().unwrap();
        assert_eq!(mine.prompts.len(), 2);
        assert_eq!(mine.prompts[0].id, "p0");
        assert_eq!(mine.prompts[1].outcome, Outcome::Responded);
        assert_eq!(mine.account_prompts.len(), 2);
    }
}
