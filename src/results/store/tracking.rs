//! Tracking: observations and tracked events, the values metrics are made of.

use super::*;

impl Store {
    /// Records a value: `{ account, role, metric, value, at, method?, user? }`.
    /// `method`, if given, must be the metric's; absent, it is the metric's
    /// (app-generated values come from [`Store::track`] only). A value must
    /// lie in the metric's range; a scale-assessed one must be a point of
    /// its scale. Returns the
    /// goal closed by this value, or `null` (a value dated before the goal's
    /// start that is the one in force at the start closes it at its start).
    pub fn record_observation(&mut self, input: &ObservationInput) -> Result<Option<Goal>, Error> {
        let r = &input.metric;
        let t = self.target(r)?;
        let def = self
            .metric_def(&t)
            .ok_or_else(|| unknown(r.field("metric"), "metric", ""))?;
        let method = input.method.unwrap_or(def.collection.method());
        if method != def.collection.method() || def.is_app_generated() {
            return Err(method_mismatch(def, r.field("method")));
        }
        let x = metric_value(def, input.value, &|| r.field("value"))?;
        let (at, user) = (input.at, input.user.clone());
        let state = self
            .state_mut(&t)
            .ok_or_else(|| unknown(r.field("metric"), "metric", ""))?;
        // A value dated before the active goal's start judges it at its start
        // (where it is in force unless a later one came before the start).
        let judged_at = state.goal.as_ref().map_or(at, |g| at.max(g.start));
        let pos = state.observations.partition_point(|ob| ob.at <= at);
        state.observations.insert(
            pos,
            Observation {
                at,
                value: x,
                user,
                method,
            },
        );
        Ok(self.judge(&t, judged_at))
    }

    /// Tracks an event of `account` (optionally only for role `role`) at
    /// `at`; `prop` looks up the event's properties. Updates every
    /// app-generated rule fed by `event` at the account's role instances,
    /// in O(rules fed by `event`) amortised. Returns the number of rule
    /// terms updated (events older than a window are not counted there).
    /// The first event after the slot of an active goal's due date keeps
    /// the value there with the goal (see [`Store::review`]). A missing or
    /// non-numeric property a rule needs is an error and changes nothing.
    pub fn track(
        &mut self,
        event: &str,
        account: &str,
        role: Option<&str>,
        at: i64,
        prop: &mut dyn FnMut(&str) -> Result<Option<Prop>, Error>,
    ) -> Result<usize, Error> {
        self.track_from("props.", event, account, role, at, prop)
    }

    /// [`Store::track`], its errors naming `account` and `role` below
    /// `from` (`"props."` where they are the event's properties, `""`
    /// where they are arguments of their own).
    pub fn track_from(
        &mut self,
        from: &str,
        event: &str,
        account: &str,
        role: Option<&str>,
        at: i64,
        prop: &mut dyn FnMut(&str) -> Result<Option<Prop>, Error>,
    ) -> Result<usize, Error> {
        let model = self.model.as_ref().ok_or_else(no_model)?;
        let account_index = *self
            .by_id
            .get(account)
            .ok_or_else(|| unknown(msg!(from, "account"), "account", account))?;
        let only = match role {
            Some(id) => {
                let r = model
                    .role_index(id)
                    .ok_or_else(|| unknown(msg!(from, "role"), "role", id))?;
                if !matches!(self.accounts[account_index].roles.get(r), Some(Some(_))) {
                    return Err(no_role(msg!(from, "role"), account, id));
                }
                Some(r)
            }
            None => None,
        };
        let Ok(found) = self
            .feeds
            .binary_search_by(|(name, _)| name.as_str().cmp(event))
        else {
            return Ok(0);
        };
        let feeds = &self.feeds[found].1;
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let roles = &self.accounts[account_index].roles;
        for &(r, m, t) in feeds {
            if only.is_some_and(|o| o != r) || !matches!(roles.get(r), Some(Some(_))) {
                continue;
            }
            let Some(rule) = app_rule(model, r, m) else {
                continue;
            };
            let Some(term) = rule.terms().nth(t) else {
                continue;
            };
            let input = match &term.aggregate {
                Aggregate::Count => Input::Add(1.0),
                Aggregate::Sum(name) => match prop(name)? {
                    Some(Prop::Number(x)) if x.abs() <= MAX_AMOUNT => Input::Add(x),
                    Some(Prop::Number(x)) if x.is_finite() => {
                        return Err(too_large_amount(name, x))
                    }
                    other => return Err(bad_prop(name, "a finite number", other)),
                },
                Aggregate::Distinct(name) => match prop(name)? {
                    Some(Prop::Number(x)) if !x.is_finite() => {
                        let expected = "a string, finite number or boolean";
                        return Err(bad_prop(name, expected, Some(Prop::Number(x))));
                    }
                    Some(p) => Input::See(p.key()),
                    None => return Err(bad_prop(name, "a string, number or boolean", None)),
                },
            };
            scratch.push(((r, m, t), input));
        }
        // The first event after an active goal's due date's slot may move
        // the ring past the due date: the value there, which judges the
        // goal, is kept with it first.
        for &((role, metric, _), _) in &scratch {
            let t = Target {
                account: account_index,
                role,
                metric,
            };
            if let Some(due) = self.due_unkept(&t, at) {
                let then = self.current(&t, due);
                if let Some(goal) = self.state_mut(&t).and_then(|s| s.goal.as_mut()) {
                    goal.due_value = then;
                }
            }
        }
        let model = self.model.as_ref().ok_or_else(no_model)?;
        let mut updated = 0;
        for &((r, m, t), input) in &scratch {
            let Some(rule) = app_rule(model, r, m) else {
                continue;
            };
            let Some(state) = self.accounts[account_index].roles[r]
                .as_mut()
                .and_then(|i| i.metrics.get_mut(m))
            else {
                continue;
            };
            let rule_state = state.rule.get_or_insert_with(|| RuleState::new(rule));
            let Some(acc) = rule_state.terms.get_mut(t) else {
                continue;
            };
            let slot = rule.window.slot(at);
            let counted = match input {
                Input::Add(x) => acc.add(slot, x),
                Input::See(key) => acc.see(slot, key),
            };
            updated += usize::from(counted);
        }
        self.scratch = scratch;
        Ok(updated)
    }

    /// The due date of the active goal of app-generated `t` when it lies in
    /// a slot of its rule before the slot of `at` and its value there is
    /// not kept yet.
    fn due_unkept(&self, t: &Target, at: i64) -> Option<i64> {
        let goal = self
            .state(t)?
            .goal
            .as_ref()
            .filter(|g| g.due_value.is_none())?;
        let (due, rule) = (goal.due?, app_rule(self.model.as_ref()?, t.role, t.metric)?);
        (rule.window.slot(at) > rule.window.slot(due)).then_some(due)
    }

    /// The metric's value at `at`: the latest observation at or before `at`,
    /// or for an app-generated metric the rule's value over the window
    /// ending at `at`. `None` when there is none yet.
    pub(crate) fn current(&self, t: &Target, at: i64) -> Option<f64> {
        let state = self.state(t)?;
        match &self.metric_def(t)?.collection {
            Collection::AppGenerated(rule) => state.rule.as_ref()?.value(rule, at),
            _ => {
                let n = state.observations.partition_point(|o| o.at <= at);
                state.observations.get(n.checked_sub(1)?).map(|o| o.value)
            }
        }
    }
}

/// The app-generated rule of metric `m` of role `r`, if it has one.
fn app_rule(model: &Model, r: usize, m: usize) -> Option<&crate::results::Rule> {
    match &model.roles.get(r)?.metrics.get(m)?.collection {
        Collection::AppGenerated(rule) => Some(rule),
        _ => None,
    }
}
