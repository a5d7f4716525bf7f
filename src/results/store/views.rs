//! Views: goals, values, history and the canvas of a role instance.

use super::*;

impl Store {
    /// Per metric of a role instance `{ account, role }` at time `at`: the
    /// current value, the active goal with progress and forecast, and the
    /// suggested next goal.
    pub fn goals(&self, which: &InstanceRef, at: i64) -> Result<Value, Error> {
        let (a, r) = self.instance(which)?;
        Ok(Value::Array(self.metric_rows(a, r, at, false)))
    }

    fn metric_rows(&self, a: usize, r: usize, at: i64, canvas: bool) -> Vec<Value> {
        let Some(role) = self.model.as_ref().and_then(|m| m.roles.get(r)) else {
            return Vec::new();
        };
        role.metrics
            .iter()
            .enumerate()
            .filter_map(|(m, def)| {
                let t = Target {
                    account: a,
                    role: r,
                    metric: m,
                };
                let state = self.state(&t)?;
                let current = self.current(&t, at);
                let goal = state.goal.as_ref().map(|g| {
                    let mut v = g.to_value();
                    if let Value::Object(fields) = &mut v {
                        // Both `null` without a current value.
                        let progress = current.map(|c| g.progress(c, def.direction).to_value());
                        let forecast = current.and_then(|c| g.forecast(c, at, def.direction));
                        let forecast = forecast.map(|f| {
                            Value::object([
                                ("elapsed", f.elapsed.into()),
                                ("projected", f.projected.into()),
                                ("onTrack", f.on_track.into()),
                            ])
                        });
                        fields.push(("progress".into(), progress.into()));
                        fields.push(("forecast".into(), forecast.into()));
                    }
                    v
                });
                let mut fields = vec![
                    ("metric".to_string(), Value::from(def.id.as_str())),
                    ("name".into(), def.name.as_str().into()),
                    ("unit".into(), def.unit.as_str().into()),
                    (
                        "direction".into(),
                        if def.direction == Direction::Higher {
                            "higher"
                        } else {
                            "lower"
                        }
                        .into(),
                    ),
                    ("method".into(), def.collection.method().as_str().into()),
                ];
                if canvas {
                    fields.push((
                        "kind".into(),
                        if def.kind == crate::results::model::Kind::Value {
                            "value"
                        } else {
                            "businessImpact"
                        }
                        .into(),
                    ));
                    fields.push(("dataSource".into(), def.data_source.clone().into()));
                }
                fields.push(("current".into(), current.into()));
                fields.push(("goal".into(), goal.into()));
                // Always from the value and maturity level at `at`, so it
                // follows the metric after a goal closes.
                let next_goal = match (&state.goal, current) {
                    (None, Some(c)) => self.suggest(&t, c),
                    _ => None,
                };
                fields.push((
                    "nextGoal".into(),
                    next_goal.as_ref().map(Suggestion::to_value).into(),
                ));
                Some(Value::Object(fields))
            })
            .collect()
    }

    /// The value of metric `{ account, role, metric }` at `at` (see
    /// [`Store::goals`] for what "current" means per method), or `null`.
    pub fn value(&self, which: &MetricRef, at: i64) -> Result<Option<f64>, Error> {
        let t = self.target(which)?;
        Ok(self.current(&t, at))
    }

    /// The closed goals of a metric `{ account, role, metric }`, oldest first.
    pub fn history(&self, which: &MetricRef) -> Result<&[Goal], Error> {
        let t = self.target(which)?;
        let state = self
            .state(&t)
            .ok_or_else(|| unknown(which.field("metric"), "metric", ""))?;
        Ok(&state.history)
    }

    /// [`Store::history`] as data, oldest first (by closing time, then
    /// start, as closed goals are filed): each goal with the `progress` its
    /// closing value made (`null` when it closed without one).
    pub fn history_view(&self, which: &MetricRef) -> Result<Value, Error> {
        let t = self.target(which)?;
        let direction = self.model()?.roles[t.role].metrics[t.metric].direction;
        let goals = self.history(which)?.iter().map(|g| {
            let progress = g.closed_value.map(|c| g.progress(c, direction).to_value());
            let mut v = g.to_value();
            if let Value::Object(fields) = &mut v {
                fields.push(("progress".into(), progress.into()));
            }
            v
        });
        Ok(Value::Array(goals.collect()))
    }

    /// Replaces the canvas notes of a role instance.
    pub fn set_canvas(&mut self, input: CanvasInput) -> Result<(), Error> {
        let (a, r) = self.instance(&input.instance)?;
        if let Some(instance) = self.accounts[a].roles[r].as_mut() {
            instance.notes = input.notes;
        }
        Ok(())
    }

    /// The Customer Results Canvas of a role instance `{ account, role }` at
    /// `at`: maturity, metrics with data sources, current levels, goals and
    /// next goals, plus the notes.
    pub fn canvas(&self, which: &InstanceRef, at: i64) -> Result<Value, Error> {
        let (a, r) = self.instance(which)?;
        let model = self.model()?;
        let role = &model.roles[r];
        let Some(instance) = self.accounts[a].roles[r].as_ref() else {
            return Ok(Value::Null);
        };
        let level = instance
            .maturity
            .checked_sub(1)
            .and_then(|i| role.maturity.get(i));
        let maturity = Value::object([
            ("level", (instance.maturity as f64).into()),
            ("levels", (role.maturity.len() as f64).into()),
            ("name", level.map(|l| l.name.clone()).into()),
            (
                "improvement",
                level.map_or(Value::Null, |l| match l.improvement {
                    Improvement::Percent(p) => {
                        Value::object([("type", "percent".into()), ("amount", p.into())])
                    }
                    Improvement::Absolute(x) => {
                        Value::object([("type", "absolute".into()), ("amount", x.into())])
                    }
                }),
            ),
        ]);
        let mut fields = vec![
            (
                "account".to_string(),
                Value::from(self.accounts[a].id.as_str()),
            ),
            ("role".into(), role.id.as_str().into()),
            ("roleName".into(), role.name.as_str().into()),
            ("maturity".into(), maturity),
            (
                "metrics".into(),
                Value::Array(self.metric_rows(a, r, at, true)),
            ),
        ];
        fields.extend(instance.notes.fields());
        Ok(Value::Object(fields))
    }
}
