//! The schedule: when a campaign runs and how often it may come back. What
//! the user was shown comes from the survey policy's state.

use crate::error::{msg, Error, ErrorCode, Num};
use crate::hygiene::{check_time, IdMap, Outcome, PolicyState, DAY_MS};

/// `{ start, end, recurDays }`, each optional.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Schedule {
    /// Not before this time (ms since 1970).
    pub start: Option<f64>,
    /// Not from this time on (after `start`).
    pub end: Option<f64>,
    /// Shown again at the earliest this many days after it was last shown
    /// (more than 0). Without it a campaign shows once per user, or, with a
    /// goal-period trigger, once per period.
    pub recur_days: Option<f64>,
}

/// Whether a rule lets a campaign show, and if not, until when it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Gate {
    Open,
    /// Held until this time, if nothing else changes.
    Until(f64),
    /// Held for good, or until something the decision cannot foresee (a
    /// new event, a new goal, a new role).
    Closed,
}

impl Schedule {
    pub(crate) fn check(&self, path: &str) -> Result<(), Error> {
        if let Some(start) = self.start {
            check_time(start, (path, ".start"))?;
        }
        if let Some(end) = self.end {
            check_time(end, (path, ".end"))?;
            if let Some(start) = self.start.filter(|&start| end <= start) {
                return Err(Error::new(
                    ErrorCode::InvalidTime,
                    msg!(path, ".end"),
                    msg!(
                        "must be after ",
                        path,
                        ".start (",
                        Num(start),
                        "), got ",
                        Num(end)
                    ),
                ));
            }
        }
        match self.recur_days {
            Some(days) if !(days.is_finite() && days > 0.0) => Err(Error::new(
                ErrorCode::InvalidDuration,
                msg!(path, ".recurDays"),
                msg!("must be a finite number of days above 0, got ", Num(days)),
            )),
            _ => Ok(()),
        }
    }

    /// The last moment the campaign may show.
    pub(crate) fn last(&self) -> Option<f64> {
        self.end.map(|end| end - 1.0)
    }

    /// Whether it may recur at `now`, given when it was `last_shown`.
    /// `per_period`: without `recurDays` the trigger limits it (once per
    /// goal period), not the schedule.
    pub(crate) fn recurrence(&self, last_shown: Option<f64>, per_period: bool, now: f64) -> Gate {
        let Some(shown) = last_shown else {
            return Gate::Open;
        };
        match self.recur_days {
            None if per_period => Gate::Open,
            None => Gate::Closed,
            Some(days) if now < shown + days * DAY_MS => Gate::Until(shown + days * DAY_MS),
            Some(_) => Gate::Open,
        }
    }
}

/// When this user was last shown each of `survey_ids`: the latest of its
/// prompts in the policy state, except those put off with "ask me later"
/// (the policy's snooze holds those back; they come back after it). One
/// pass over the prompts for all the campaigns of a decision.
pub(crate) fn last_shown(state: &PolicyState, survey_ids: &[&str]) -> Vec<Option<f64>> {
    let mut index = IdMap::default();
    // Backwards: a survey id used by several campaigns maps to the first.
    for (i, &id) in survey_ids.iter().enumerate().rev() {
        index.insert(id, i);
    }
    let mut last = vec![None; survey_ids.len()];
    for p in (state.prompts.iter()).filter(|p| p.outcome != Outcome::Snoozed) {
        if let Some(&i) = index.get(state.text(p.survey_id)) {
            last[i] = Some(last[i].map_or(p.at, |t: f64| t.max(p.at)));
        }
    }
    (survey_ids.iter())
        .map(|id| index.get(id).and_then(|&i| last[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn recurrence_once_per_user_per_period_or_every_n_days() {
        let once = Schedule::default();
        assert_eq!(once.recurrence(None, false, 5.0), Gate::Open);
        assert_eq!(once.recurrence(Some(1.0), false, 5.0), Gate::Closed);
        assert_eq!(once.recurrence(Some(1.0), true, 5.0), Gate::Open);
        let every = Schedule {
            recur_days: Some(90.0),
            ..once
        };
        let back = 1.0 + 90.0 * DAY_MS;
        assert_eq!(
            every.recurrence(Some(1.0), false, back - 1.0),
            Gate::Until(back)
        );
        assert_eq!(
            every.recurrence(Some(1.0), true, back - 1.0),
            Gate::Until(back)
        );
        assert_eq!(every.recurrence(Some(1.0), false, back), Gate::Open);
    }

    #[test]
    fn last_shown_skips_snoozed_and_other_surveys() {
        let mut state = PolicyState::default();
        for (id, survey, at, outcome) in [
            ("1", "s", 10.0, Outcome::Dismissed),
            ("2", "s", 20.0, Outcome::Shown),
            ("3", "s", 30.0, Outcome::Snoozed),
            ("4", "t", 40.0, Outcome::Responded),
        ] {
            let outcome_at = (outcome != Outcome::Shown).then_some(at);
            state.push_prompt(id, survey, "ces", at, outcome, outcome_at);
        }
        assert_eq!(
            last_shown(&state, &["s", "t", "u", "s"]),
            [Some(20.0), Some(40.0), None, Some(20.0)]
        );
    }

    #[test]
    fn bad_schedules_name_the_field() {
        let cases = [
            (
                Schedule {
                    start: Some(-1.0),
                    ..Default::default()
                },
                ErrorCode::InvalidTime,
                "s.start",
            ),
            (
                Schedule {
                    start: Some(5.0),
                    end: Some(5.0),
                    recur_days: None,
                },
                ErrorCode::InvalidTime,
                "s.end",
            ),
            (
                Schedule {
                    recur_days: Some(0.0),
                    ..Default::default()
                },
                ErrorCode::InvalidDuration,
                "s.recurDays",
            ),
        ];
        for (schedule, code, field) in cases {
            let e = schedule.check("s").unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
        }
    }
}
