//! Goals: baseline, target, start and optional due date; progress toward the
//! target, a forecast from the pace so far, and the next goal suggested from
//! the role's maturity when a goal is achieved.

use super::model::{Direction, Improvement, Level};
use crate::error::{msg, Error, ErrorCode, Num};
use crate::input::{invalid, Obj, Value};

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Achieved,
    Missed,
    Abandoned,
}

const STATUSES: [&str; 4] = ["active", "achieved", "missed", "abandoned"];

impl Status {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        STATUSES[self as usize]
    }
}

/// A short-term goal on one metric of one role instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub baseline: f64,
    pub target: f64,
    /// Milliseconds since 1970 (UTC).
    pub start: i64,
    pub due: Option<i64>,
    pub status: Status,
    /// When the goal left `Active`.
    pub closed_at: Option<i64>,
    /// The value the goal closed with (if there was one): the metric's
    /// value when it closed, or at its due date for a goal judged after
    /// it (the value it was judged by).
    pub closed_value: Option<f64>,
    /// The metric's value at the due date, kept (and saved) by the first
    /// tracked event after the due date's slot, whose window may move past
    /// it: a later review judges by it when the rule no longer tells it.
    pub due_value: Option<f64>,
}

/// Progress toward a target: `raw = (current - baseline) / (target -
/// baseline)` (1 = target reached; above 1 overshoot, below 0 regress) and
/// `percent`, the display value `100 * raw` clamped to 0..=100.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub raw: f64,
    pub percent: f64,
}

/// Progress of `current` from `baseline` toward `target`. The sign of
/// `target - baseline` carries the direction, so the same formula serves
/// "higher is better" and "lower is better". A zero-width goal (`target ==
/// baseline`) is rejected when the goal is set, so this is never called
/// with one by the store; called directly it gives `raw = 1` (already there)
/// when `current` is at or past the target in the metric's direction and
/// `0` otherwise.
///
/// ```
/// use clg_metrics::results::goal::progress;
/// use clg_metrics::results::Direction;
/// let p = progress(10.0, 20.0, 15.0, Direction::Higher);
/// assert_eq!((p.raw, p.percent), (0.5, 50.0));
/// let p = progress(40.0, 30.0, 45.0, Direction::Lower); // time to respond, regressed
/// assert_eq!((p.raw, p.percent), (-0.5, 0.0));
/// ```
pub fn progress(baseline: f64, target: f64, current: f64, direction: Direction) -> Progress {
    let raw = if target == baseline {
        if (current - target) * direction.sign() >= 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        let (gap, span) = (current - baseline, target - baseline);
        let raw = if gap.is_finite() && span.is_finite() {
            gap / span
        } else {
            // Halved, a difference of finite numbers is finite.
            (current / 2.0 - baseline / 2.0) / (target / 2.0 - baseline / 2.0)
        };
        // `+ 0.0`: a lower-is-better goal at its baseline is 0 / -x = -0.
        finite(raw + 0.0)
    };
    Progress {
        raw,
        percent: (raw * 100.0).clamp(0.0, 100.0),
    }
}

/// `x`, an overflow to infinity taken back to the largest finite number
/// of its sign (so that no progress or gain is Infinity, or NaN after it).
pub(crate) fn finite(x: f64) -> f64 {
    x.clamp(-f64::MAX, f64::MAX)
}

impl Progress {
    /// As data: `{ raw, percent }`.
    pub fn to_value(self) -> Value {
        Value::object([("raw", self.raw.into()), ("percent", self.percent.into())])
    }
}

/// Whether a goal with a due date is on pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// Share of the goal's time that has passed (0..=1).
    pub elapsed: f64,
    /// Raw progress expected at the due date if the pace so far continues.
    pub projected: f64,
    /// `projected >= 1`.
    pub on_track: bool,
}

impl Goal {
    /// Validates a new active goal for a metric going in `direction`:
    /// finite numbers, `target` strictly better than `baseline` (a
    /// zero-width goal is an error: its progress would be 0/0), `due` after
    /// `start`. `path` names the goal argument in errors.
    pub fn new(
        baseline: f64,
        target: f64,
        start: i64,
        due: Option<i64>,
        direction: Direction,
        path: &str,
    ) -> Result<Goal, Error> {
        let field = |k: &str| crate::input::join(path, k);
        if target == baseline {
            return Err(Error::new(
                ErrorCode::GoalZeroWidth,
                field("target"),
                msg!(
                    "must differ from the baseline, got ",
                    Num(target),
                    " for both"
                ),
            ));
        }
        if (target - baseline) * direction.sign() < 0.0 {
            let rule = match direction {
                Direction::Higher => "must be above the baseline (higher is better)",
                Direction::Lower => "must be below the baseline (lower is better)",
            };
            return Err(Error::new(
                ErrorCode::GoalWrongDirection,
                field("target"),
                msg!(
                    rule,
                    ", got ",
                    Num(target),
                    " from baseline ",
                    Num(baseline)
                ),
            ));
        }
        if let Some(due) = due.filter(|d| *d <= start) {
            return Err(invalid(
                field("due"),
                "must be after start",
                &Value::Number(due as f64),
            ));
        }
        Ok(Goal {
            baseline,
            target,
            start,
            due,
            status: Status::Active,
            closed_at: None,
            closed_value: None,
            due_value: None,
        })
    }

    /// Progress of `current` toward this goal.
    pub fn progress(&self, current: f64, direction: Direction) -> Progress {
        progress(self.baseline, self.target, current, direction)
    }

    /// The pace so far projected to the due date; `None` without a due
    /// date or before any time has passed.
    ///
    /// ```
    /// use clg_metrics::results::{goal::Goal, Direction};
    /// let day = 86_400_000;
    /// let goal = Goal::new(10.0, 20.0, 0, Some(30 * day), Direction::Higher, "goal").unwrap();
    /// let f = goal.forecast(13.0, 10 * day, Direction::Higher).unwrap();
    /// assert!((f.projected - 0.9).abs() < 1e-12 && !f.on_track); // 30 % done in a third of the time
    /// ```
    pub fn forecast(&self, current: f64, at: i64, direction: Direction) -> Option<Forecast> {
        let due = self.due?;
        let passed = at.min(due) - self.start;
        if passed <= 0 {
            return None;
        }
        let elapsed = passed as f64 / (due - self.start) as f64;
        let raw = self.progress(current, direction).raw;
        let projected = finite(raw / elapsed);
        Some(Forecast {
            elapsed,
            projected,
            on_track: projected >= 1.0,
        })
    }

    /// Closes the goal with `status` at time `at`.
    pub(crate) fn close(&mut self, status: Status, at: i64, value: Option<f64>) {
        self.status = status;
        self.closed_at = Some(at);
        self.closed_value = value;
    }

    /// The status an active goal should have given value `current` at `at`:
    /// achieved when the target is reached by the due date, missed once the
    /// due date has passed without it.
    pub(crate) fn judge(&self, current: Option<f64>, at: i64, direction: Direction) -> Status {
        if at < self.start || self.status != Status::Active {
            return self.status;
        }
        let reached = current.is_some_and(|c| self.progress(c, direction).raw >= 1.0);
        match self.due {
            Some(due) if at > due => Status::Missed,
            _ if reached => Status::Achieved,
            _ => Status::Active,
        }
    }

    /// The goal as saved state holds it: [`Goal::to_value`] with the value
    /// kept at the due date (`dueValue`), when there is one.
    pub(crate) fn saved_value(&self) -> Value {
        let mut value = self.to_value();
        if let (Value::Object(fields), Some(v)) = (&mut value, self.due_value) {
            fields.push(("dueValue".into(), v.into()));
        }
        value
    }

    /// The goal as data, in the shape of `Goal` in the TypeScript declarations.
    pub fn to_value(&self) -> Value {
        Value::object([
            ("baseline", self.baseline.into()),
            ("target", self.target.into()),
            ("start", (self.start as f64).into()),
            ("due", self.due.map(|d| d as f64).into()),
            ("status", self.status.as_str().into()),
            ("closedAt", self.closed_at.map(|d| d as f64).into()),
            ("closedValue", self.closed_value.into()),
        ])
    }

    pub(crate) fn from_value(
        value: Option<&Value>,
        path: &str,
        direction: Direction,
    ) -> Result<Goal, Error> {
        let o = Obj::new(
            value,
            path,
            &[
                "baseline",
                "target",
                "start",
                "due",
                "status",
                "closedAt",
                "closedValue",
                "dueValue",
            ],
        )?;
        let mut goal = Goal::new(
            o.finite("baseline")?,
            o.finite("target")?,
            o.time("start")?,
            o.opt_time("due")?,
            direction,
            path,
        )?;
        let status = o.one_of("status", &STATUSES)?;
        goal.status = [
            Status::Active,
            Status::Achieved,
            Status::Missed,
            Status::Abandoned,
        ][status];
        goal.closed_at = o.opt_time("closedAt")?;
        goal.closed_value = o.opt_finite("closedValue")?;
        goal.due_value = o.opt_finite("dueValue")?;
        if goal.due_value.is_some() && (goal.status != Status::Active || goal.due.is_none()) {
            return Err(invalid(
                o.field("dueValue"),
                "must be absent unless the goal is active with a due date",
                o.get("dueValue").unwrap_or(&Value::Null),
            ));
        }
        if (goal.status == Status::Active) != goal.closed_at.is_none() {
            return Err(invalid(
                o.field("closedAt"),
                "must be set exactly when the goal is closed",
                o.get("closedAt").unwrap_or(&Value::Null),
            ));
        }
        // A goal closes at or after its start (a value dated before it judges it at the start).
        if goal.closed_at.is_some_and(|at| at < goal.start) {
            return Err(invalid(
                o.field("closedAt"),
                "must not be before the goal's start",
                o.get("closedAt").unwrap_or(&Value::Null),
            ));
        }
        if goal.status == Status::Active && goal.closed_value.is_some() {
            return Err(invalid(
                o.field("closedValue"),
                "must be absent while the goal is active",
                o.get("closedValue").unwrap_or(&Value::Null),
            ));
        }
        // Closed as the store closes goals: achieved at a value that
        // reaches the target, by the due date; missed after the due date,
        // at a value that does not.
        let after_due = goal.due.zip(goal.closed_at).map(|(due, at)| at > due);
        let (key, rule) = match goal.status {
            Status::Achieved
                if !goal
                    .closed_value
                    .is_some_and(|v| goal.progress(v, direction).raw >= 1.0) =>
            {
                ("closedValue", "must reach the target on an achieved goal")
            }
            Status::Achieved if after_due == Some(true) => (
                "closedAt",
                "must not be after the due date on an achieved goal",
            ),
            Status::Missed if after_due != Some(true) => {
                ("closedAt", "must be after the due date on a missed goal")
            }
            // Judged by its value at the due date, which fell short.
            Status::Missed
                if goal
                    .closed_value
                    .is_some_and(|v| goal.progress(v, direction).raw >= 1.0) =>
            {
                ("closedValue", "must not reach the target on a missed goal")
            }
            _ => return Ok(goal),
        };
        Err(invalid(
            o.field(key),
            rule,
            o.get(key).unwrap_or(&Value::Null),
        ))
    }
}

/// A next goal suggested from the level reached and the role's maturity.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub baseline: f64,
    pub target: f64,
    /// The maturity level (1-based) whose realistic improvement was used.
    pub level: usize,
}

impl Suggestion {
    /// The next goal from `current`: one realistic improvement of maturity
    /// `level` (1-based) in the better direction; `None` when a percentage
    /// step of a zero level would be zero-width.
    ///
    /// ```
    /// use clg_metrics::results::{goal::Suggestion, Direction, Improvement, Level};
    /// let level = Level { name: "Defined".into(), improvement: Improvement::Percent(10.0) };
    /// let s = Suggestion::next(40.0, Direction::Lower, &level, 2).unwrap();
    /// assert_eq!((s.baseline, s.target), (40.0, 36.0));
    /// ```
    pub fn next(
        current: f64,
        direction: Direction,
        level: &Level,
        number: usize,
    ) -> Option<Suggestion> {
        let step = match level.improvement {
            Improvement::Percent(p) => current.abs() * p / 100.0,
            Improvement::Absolute(a) => a,
        };
        let target = current + direction.sign() * step;
        (target != current && target.is_finite()).then_some(Suggestion {
            baseline: current,
            target,
            level: number,
        })
    }

    pub(crate) fn to_value(&self) -> Value {
        Value::object([
            ("baseline", self.baseline.into()),
            ("target", self.target.into()),
            ("maturityLevel", (self.level as f64).into()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn progress_in_both_directions_with_overshoot_and_regress() {
        // (baseline, target, current, direction, raw, percent): hand-computed.
        let cases = [
            (10.0, 20.0, 15.0, Direction::Higher, 0.5, 50.0),
            (10.0, 20.0, 25.0, Direction::Higher, 1.5, 100.0),
            (10.0, 20.0, 5.0, Direction::Higher, -0.5, 0.0),
            (10.0, 20.0, 20.0, Direction::Higher, 1.0, 100.0),
            (40.0, 30.0, 35.0, Direction::Lower, 0.5, 50.0),
            (40.0, 30.0, 20.0, Direction::Lower, 2.0, 100.0),
            (40.0, 30.0, 44.0, Direction::Lower, -0.4, 0.0),
            (-5.0, 5.0, 0.0, Direction::Higher, 0.5, 50.0),
        ];
        for (b, t, c, d, raw, percent) in cases {
            let p = progress(b, t, c, d);
            assert!((p.raw - raw).abs() < 1e-12, "{b} {t} {c}: {}", p.raw);
            assert!((p.percent - percent).abs() < 1e-9);
        }
    }

    #[test]
    fn zero_width_goals_are_rejected_and_progress_defined() {
        let err = Goal::new(5.0, 5.0, 0, None, Direction::Higher, "goal").unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::GoalZeroWidth, "goal.target")
        );
        assert_eq!(progress(5.0, 5.0, 5.0, Direction::Higher).raw, 1.0);
        assert_eq!(progress(5.0, 5.0, 4.0, Direction::Higher).raw, 0.0);
        assert_eq!(progress(5.0, 5.0, 4.0, Direction::Lower).raw, 1.0);
    }

    #[test]
    fn targets_must_point_the_better_way_and_due_follow_start() {
        let err = Goal::new(5.0, 4.0, 0, None, Direction::Higher, "goal").unwrap_err();
        assert_eq!(err.code(), ErrorCode::GoalWrongDirection);
        assert!(
            err.message().contains("got 4 from baseline 5"),
            "{}",
            err.message()
        );
        let err = Goal::new(5.0, 6.0, 0, None, Direction::Lower, "g").unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::GoalWrongDirection, "g.target")
        );
        let err = Goal::new(5.0, 6.0, DAY, Some(DAY), Direction::Higher, "goal").unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::InvalidValue, "goal.due")
        );
    }

    #[test]
    fn forecast_projects_the_pace_to_the_due_date() {
        let goal = Goal::new(100.0, 80.0, 0, Some(20 * DAY), Direction::Lower, "goal").unwrap();
        let f = goal.forecast(90.0, 5 * DAY, Direction::Lower).unwrap();
        assert_eq!((f.elapsed, f.projected, f.on_track), (0.25, 2.0, true));
        let f = goal.forecast(98.0, 10 * DAY, Direction::Lower).unwrap();
        assert!((f.projected - 0.2).abs() < 1e-12 && !f.on_track);
        // After the due date the projection is the progress reached.
        let f = goal.forecast(85.0, 40 * DAY, Direction::Lower).unwrap();
        assert_eq!((f.elapsed, f.projected), (1.0, 0.75));
        assert_eq!(goal.forecast(90.0, 0, Direction::Lower), None);
        let open = Goal::new(1.0, 2.0, 0, None, Direction::Higher, "goal").unwrap();
        assert_eq!(open.forecast(1.5, DAY, Direction::Higher), None);
        // raw / elapsed, not raw x span / passed: 1e306 / 0.5 fits a double
        // (the product overflowed and read f64::MAX).
        let goal = Goal::new(0.0, 10.0, 1000, Some(3000), Direction::Higher, "goal").unwrap();
        let f = goal.forecast(1e307, 2000, Direction::Higher).unwrap();
        assert_eq!((f.elapsed, f.projected), (0.5, 2e306));
    }

    #[test]
    fn judging_closes_on_target_or_after_due() {
        let goal = Goal::new(10.0, 20.0, DAY, Some(10 * DAY), Direction::Higher, "goal").unwrap();
        assert_eq!(goal.judge(Some(25.0), 0, Direction::Higher), Status::Active); // before start
        assert_eq!(
            goal.judge(Some(19.9), 2 * DAY, Direction::Higher),
            Status::Active
        );
        assert_eq!(
            goal.judge(Some(20.0), 10 * DAY, Direction::Higher),
            Status::Achieved
        );
        assert_eq!(
            goal.judge(Some(25.0), 10 * DAY + 1, Direction::Higher),
            Status::Missed
        );
        assert_eq!(
            goal.judge(None, 11 * DAY, Direction::Higher),
            Status::Missed
        );
    }

    #[test]
    fn suggestions_step_by_the_maturity_improvement() {
        let pct = Level {
            name: "L".into(),
            improvement: Improvement::Percent(25.0),
        };
        let abs = Level {
            name: "L".into(),
            improvement: Improvement::Absolute(3.0),
        };
        let s = Suggestion::next(-8.0, Direction::Higher, &pct, 1).unwrap();
        assert_eq!((s.baseline, s.target), (-8.0, -6.0));
        let s = Suggestion::next(10.0, Direction::Lower, &abs, 3).unwrap();
        assert_eq!((s.target, s.level), (7.0, 3));
        assert_eq!(Suggestion::next(0.0, Direction::Higher, &pct, 1), None);
    }
}
