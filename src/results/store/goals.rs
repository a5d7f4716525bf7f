//! Goals: setting, abandoning and judging them, and the next goal suggested.

use super::*;

impl Store {
    /// A next goal for `t` from its `current` level: one realistic
    /// improvement of the instance's maturity level, or, on an anchored
    /// scale, the first point at least that far (the next point when the
    /// step is smaller than the scale's spacing); none at the scale's end.
    /// A target past the metric's `min` or `max` is cut to it; none when
    /// `current` is already there.
    pub(super) fn suggest(&self, t: &Target, current: f64) -> Option<Suggestion> {
        let def = self.metric_def(t)?;
        let role = self.model.as_ref()?.roles.get(t.role)?;
        let maturity = self
            .accounts
            .get(t.account)?
            .roles
            .get(t.role)?
            .as_ref()?
            .maturity;
        let level = role.maturity.get(maturity.checked_sub(1)?)?;
        let step = Suggestion::next(current, def.direction, level, maturity)?;
        let Collection::ScaleAssessed(anchors) = &def.collection else {
            let [min, max] = def.range;
            let target = step.target.max(min).min(max);
            return ((target - current) * def.direction.sign() > 0.0)
                .then_some(Suggestion { target, ..step });
        };
        let better = |value: f64| (value - current) * def.direction.sign() > 0.0;
        let reaches = |value: f64| (value - step.target) * def.direction.sign() >= 0.0;
        let mut points = anchors.iter().map(|a| a.value).filter(|&v| better(v));
        let target = if def.direction == Direction::Higher {
            points
                .clone()
                .find(|&v| reaches(v))
                .or_else(|| points.next_back())
        } else {
            points
                .clone()
                .rev()
                .find(|&v| reaches(v))
                .or_else(|| points.next())
        }?;
        Some(Suggestion { target, ..step })
    }

    /// Re-judges the active goal of `t` at `at`; closes it into history
    /// and returns it when it closed. Past its due date a goal is judged
    /// by the value the metric had at the due date, its closing value:
    /// one that reached its target by then is achieved (closed at the due
    /// date), however late the judging; else it is missed (closed at
    /// `at`), whatever came after the due date.
    pub(super) fn judge(&mut self, t: &Target, at: i64) -> Option<Goal> {
        let direction = self.metric_def(t)?.direction;
        let goal = self.state(t)?.goal.as_ref()?;
        let (status, closed_at, current) = match goal.due {
            Some(due) if at > due && due >= goal.start => {
                let then = self.current(t, due).or(goal.due_value);
                match goal.judge(then, due, direction) {
                    Status::Achieved => (Status::Achieved, due, then),
                    _ => (Status::Missed, at, then),
                }
            }
            _ => {
                let now = self.current(t, at);
                (goal.judge(now, at, direction), at, now)
            }
        };
        if status == Status::Active {
            return None;
        }
        let state = self.state_mut(t)?;
        let goal = state.goal.as_mut()?;
        goal.close(status, closed_at, current);
        let closed = state.goal.take()?;
        file(&mut state.history, closed.clone());
        Some(closed)
    }

    /// Sets the active goal of a metric; its `baseline` defaults to the
    /// metric's value at `start`. Fails if a goal is already active
    /// (abandon it first). Returns the goal set.
    pub fn set_goal(&mut self, input: &GoalInput) -> Result<Goal, Error> {
        let r = &input.metric;
        let t = self.target(r)?;
        let def = self
            .metric_def(&t)
            .ok_or_else(|| unknown(r.field("metric"), "metric", ""))?;
        let baseline = match input.baseline {
            Some(b) => b,
            None => self.current(&t, input.start).ok_or_else(|| {
                Error::new(
                    ErrorCode::NoCurrentValue,
                    r.field("baseline"),
                    "is needed: the metric has no value at start yet",
                )
            })?,
        };
        // An app-generated value is what its events gave, inside the range or not.
        let baseline = if def.is_app_generated() {
            baseline
        } else {
            metric_value(def, baseline, &|| r.field("baseline"))?
        };
        let target = metric_value(def, input.target, &|| r.field("target"))?;
        let goal = Goal::new(
            baseline,
            target,
            input.start,
            input.due,
            def.direction,
            &r.instance.path,
        )?;
        let state = self
            .state_mut(&t)
            .ok_or_else(|| unknown(r.field("metric"), "metric", ""))?;
        if state.goal.is_some() {
            return Err(Error::new(
                ErrorCode::GoalActive,
                r.field("metric"),
                "already has an active goal (abandon it first)",
            ));
        }
        state.goal = Some(goal.clone());
        Ok(goal)
    }

    /// Abandons the active goal of a metric at `at`; it moves to the
    /// history with the value at `at`. A goal already over at `at` (past
    /// its due date) is not abandoned: it closes as judged then, achieved
    /// or missed, as `review` closes it. Returns the goal closed.
    pub fn abandon_goal(&mut self, input: &AbandonInput) -> Result<Goal, Error> {
        let r = &input.metric;
        let t = self.target(r)?;
        let no_goal = || {
            Error::new(
                ErrorCode::NoActiveGoal,
                r.field("metric"),
                "has no active goal",
            )
        };
        let goal = self
            .state(&t)
            .ok_or_else(|| unknown(r.field("metric"), "metric", ""))?
            .goal
            .as_ref()
            .ok_or_else(no_goal)?;
        let (start, due) = (goal.start, goal.due);
        if input.at < start {
            return Err(invalid(
                r.field("at"),
                &msg!("must not be before the goal's start (", start, ")"),
                &Value::Number(input.at as f64),
            ));
        }
        if due.is_some_and(|due| input.at > due) {
            if let Some(closed) = self.judge(&t, input.at) {
                return Ok(closed);
            }
        }
        let current = self.current(&t, input.at);
        let state = self.state_mut(&t).ok_or_else(no_goal)?;
        let mut goal = state.goal.take().ok_or_else(no_goal)?;
        goal.close(Status::Abandoned, input.at, current);
        file(&mut state.history, goal.clone());
        Ok(goal)
    }

    /// Judges every active goal at `at` (achieved, or missed once past the
    /// due date) and returns those that closed as `{ account, role, metric,
    /// goal }`. Call it when showing goals of app-generated metrics, whose
    /// events do not judge goals (that would cost a window sum per event;
    /// the first one after a goal's due date's slot keeps the value there).
    pub fn review(&mut self, at: i64) -> Result<Value, Error> {
        let model = self.model()?;
        let mut targets = Vec::new();
        for (a, account) in self.accounts.iter().enumerate() {
            for (r, instance) in account.roles.iter().enumerate() {
                for (m, state) in instance.iter().flat_map(|i| i.metrics.iter().enumerate()) {
                    if state.goal.is_some() {
                        targets.push((
                            Target {
                                account: a,
                                role: r,
                                metric: m,
                            },
                            model.roles[r].id.clone(),
                            model.roles[r].metrics[m].id.clone(),
                        ));
                    }
                }
            }
        }
        let mut closed = Vec::new();
        for (t, role, metric) in targets {
            if let Some(goal) = self.judge(&t, at) {
                closed.push(Value::object([
                    ("account", self.accounts[t.account].id.clone().into()),
                    ("role", role.into()),
                    ("metric", metric.into()),
                    ("goal", goal.to_value()),
                ]));
            }
        }
        Ok(Value::Array(closed))
    }
}

/// Puts a closed goal into `history` in its place, oldest first by closing
/// time (then start): a goal set or abandoned with a past time may close
/// after a later one in the order of the calls. A search and an insert, not
/// a sort (no sort code in the module for it).
fn file(history: &mut Vec<Goal>, goal: Goal) {
    let key = |g: &Goal| (g.closed_at, g.start);
    let at = history.partition_point(|g| key(g) <= key(&goal));
    history.insert(at, goal);
}
