//! The results store: accounts and their role instances, observations,
//! app-generated metric state, goals with history, and canvas notes. Every
//! method validates its whole input before changing anything.

use std::collections::HashMap;

use super::canvas::Notes;
use super::doc::{invalid, join, Obj, Value};
use super::goal::{Goal, Status, Suggestion};
use super::model::{Collection, Direction, Improvement, Method, Metric, Model, Role, METHODS};
use super::rule::{Aggregate, Prop, RuleState};
use crate::error::{element, Error, ErrorCode, Num};

/// A value of a metric at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub at: i64,
    pub value: f64,
    pub user: Option<String>,
    pub method: Method,
}

/// Everything known about one metric at one role instance.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct MetricState {
    /// Sorted by time; equal times keep the order they were recorded in.
    pub(crate) observations: Vec<Observation>,
    pub(crate) rule: Option<RuleState>,
    pub(crate) goal: Option<Goal>,
    pub(crate) history: Vec<Goal>,
}

/// A role at an account.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Instance {
    /// 1-based level on the role's maturity model.
    pub(crate) maturity: usize,
    pub(crate) metrics: Vec<MetricState>,
    pub(crate) notes: Notes,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    /// By role index; `None` where the account has no such role.
    pub(crate) roles: Vec<Option<Instance>>,
}

/// What one tracked event adds to one rule term.
#[derive(Debug, Clone, Copy)]
enum Input {
    Add(f64),
    See(u64),
}

/// Where an event name feeds: (role, metric, term).
type Feed = (usize, usize, usize);

/// The whole customer-results state of one supplier.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub(crate) model: Option<Model>,
    pub(crate) accounts: Vec<Account>,
    by_id: HashMap<String, usize>,
    /// Event name -> the rule terms it feeds, sorted by name for binary
    /// search (a model has tens of event names).
    feeds: Vec<(String, Vec<Feed>)>,
    /// Reused per event so tracking does not allocate.
    scratch: Vec<(Feed, Input)>,
}

/// Version of the saved-state format written by [`Store::to_value`].
pub const STATE_VERSION: u32 = 1;
const STATE_FORMAT: &str = "clg-metrics/results";

#[cold]
#[inline(never)]
fn unknown(field: String, what: &str, id: &str) -> Error {
    Error::new(
        ErrorCode::UnknownId,
        field,
        format_args!("no {what} \"{id}\" is defined"),
    )
}

/// A reference to (account, role instance, metric) read from an argument.
pub(crate) struct Target {
    pub(crate) account: usize,
    pub(crate) role: usize,
    pub(crate) metric: usize,
}

impl Store {
    /// An empty store without a model.
    pub fn new() -> Store {
        Store::default()
    }

    fn model(&self) -> Result<&Model, Error> {
        self.model.as_ref().ok_or_else(no_model)
    }

    /// Sets the definitions. Allowed while no account is stored (changing
    /// the metrics under existing data would orphan it).
    pub fn define_model(&mut self, value: &Value) -> Result<(), Error> {
        let model = Model::from_value(value)?;
        if !self.accounts.is_empty() {
            return Err(Error::new(
                ErrorCode::ModelInUse,
                "model",
                "cannot be replaced while accounts are stored",
            ));
        }
        self.feeds = feeds(&model);
        self.model = Some(model);
        Ok(())
    }

    /// What tracked events the model's rules read: each event name a rule
    /// counts, sorted, with the properties its sum and distinct rules read
    /// (a caller can skip every other event and property).
    pub fn event_inputs(&self) -> Vec<(&str, Vec<&str>)> {
        let Some(model) = self.model.as_ref() else {
            return Vec::new();
        };
        self.feeds
            .iter()
            .map(|(event, feeds)| {
                let mut properties: Vec<&str> = Vec::new();
                for &(r, m, t) in feeds {
                    let term = model
                        .roles
                        .get(r)
                        .and_then(|role| role.metrics.get(m))
                        .and_then(|metric| match &metric.collection {
                            Collection::AppGenerated(rule) => rule.terms().nth(t),
                            _ => None,
                        });
                    if let Some(Aggregate::Sum(p) | Aggregate::Distinct(p)) =
                        term.map(|term| &term.aggregate)
                    {
                        if !properties.contains(&p.as_str()) {
                            properties.push(p);
                        }
                    }
                }
                (event.as_str(), properties)
            })
            .collect()
    }

    /// The definitions as given, `null` before [`Store::define_model`].
    pub fn model_value(&self) -> Value {
        self.model.as_ref().map_or(Value::Null, Model::to_value)
    }

    /// Adds or updates an account: `{ id, name?, roles: [{ role, maturity }] }`.
    /// Listed roles are added or get their maturity level (1-based) set;
    /// unlisted ones are kept.
    pub fn upsert_account(&mut self, value: &Value) -> Result<(), Error> {
        let model = self.model()?;
        let o = Obj::new(Some(value), "account", &["id", "name", "roles"])?;
        let id = o.text("id")?;
        let name = o.opt_text("name")?;
        let mut levels = Vec::new();
        for (i, item) in o.opt_array("roles")?.iter().enumerate() {
            let r = Obj::new(
                Some(item),
                &element("account.roles", i),
                &["role", "maturity"],
            )?;
            let role_id = r.text("role")?;
            let role = model
                .role_index(&role_id)
                .ok_or_else(|| unknown(r.at("role"), "role", &role_id))?;
            if levels.iter().any(|&(listed, _)| listed == role) {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    r.at("role"),
                    format_args!("must be listed once, \"{role_id}\" is listed twice"),
                ));
            }
            let max = model.roles[role].maturity.len();
            let level = r.number("maturity")?;
            if level.fract() != 0.0 || level < 1.0 || level > max as f64 {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    r.at("maturity"),
                    format_args!(
                        "must be a maturity level from 1 to {max}, got {}",
                        Num(level)
                    ),
                ));
            }
            levels.push((role, level as usize));
        }
        let sizes: Vec<usize> = model.roles.iter().map(|r| r.metrics.len()).collect();
        let index = match self.by_id.get(&id) {
            Some(&i) => i,
            None => {
                self.accounts.push(Account {
                    id: id.clone(),
                    name: None,
                    roles: empty(sizes.len()),
                });
                self.by_id.insert(id, self.accounts.len() - 1);
                self.accounts.len() - 1
            }
        };
        let account = &mut self.accounts[index];
        if name.is_some() {
            account.name = name;
        }
        for (role, level) in levels {
            let metrics = sizes.get(role).copied().unwrap_or(0);
            match &mut account.roles[role] {
                Some(instance) => instance.maturity = level,
                slot => {
                    *slot = Some(Instance {
                        maturity: level,
                        metrics: empty(metrics),
                        notes: Notes::default(),
                    })
                }
            }
        }
        Ok(())
    }

    /// Reads `{ account, role, metric }` of argument `path` into indices.
    fn target(&self, o: &Obj<'_>) -> Result<Target, Error> {
        let model = self.model()?;
        let account_id = o.text("account")?;
        let account = *self
            .by_id
            .get(&account_id)
            .ok_or_else(|| unknown(o.at("account"), "account", &account_id))?;
        let role_id = o.text("role")?;
        let role = model
            .role_index(&role_id)
            .ok_or_else(|| unknown(o.at("role"), "role", &role_id))?;
        if self.accounts[account].roles[role].is_none() {
            return Err(Error::new(
                ErrorCode::UnknownId,
                o.at("role"),
                format_args!("account \"{account_id}\" has no role \"{role_id}\" (add it with upsertAccount)"),
            ));
        }
        let metric_id = o.text("metric")?;
        let metric = model.roles[role]
            .metric_index(&metric_id)
            .ok_or_else(|| unknown(o.at("metric"), "metric", &metric_id))?;
        Ok(Target {
            account,
            role,
            metric,
        })
    }

    fn state(&self, t: &Target) -> Option<&MetricState> {
        self.accounts
            .get(t.account)?
            .roles
            .get(t.role)?
            .as_ref()?
            .metrics
            .get(t.metric)
    }

    fn state_mut(&mut self, t: &Target) -> Option<&mut MetricState> {
        self.accounts
            .get_mut(t.account)?
            .roles
            .get_mut(t.role)?
            .as_mut()?
            .metrics
            .get_mut(t.metric)
    }

    fn metric_def(&self, t: &Target) -> Option<&Metric> {
        self.model
            .as_ref()?
            .roles
            .get(t.role)?
            .metrics
            .get(t.metric)
    }

    /// Records a value: `{ account, role, metric, value, at, method?, user? }`.
    /// `method`, if given, must be the metric's; absent, it is the metric's
    /// (app-generated values come from [`Store::track`] only). A
    /// scale-assessed value must be one of the scale's points. Returns the
    /// goal closed by this value, or `null`.
    pub fn record_observation(&mut self, value: &Value) -> Result<Value, Error> {
        let o = Obj::new(
            Some(value),
            "observation",
            &["account", "role", "metric", "value", "at", "method", "user"],
        )?;
        let t = self.target(&o)?;
        let def = self
            .metric_def(&t)
            .ok_or_else(|| unknown(o.at("metric"), "metric", ""))?;
        let method = match o.get("method") {
            None => def.collection.method(),
            Some(_) => Method::from_index(o.one_of("method", &METHODS)?),
        };
        if method != def.collection.method() || method == Method::AppGenerated {
            let rule = if def.collection.method() == Method::AppGenerated {
                format!(
                    "metric \"{}\" is app-generated: its values come from track()",
                    def.id
                )
            } else {
                format!(
                    "must be \"{}\", the method of metric \"{}\"",
                    def.collection.method().as_str(),
                    def.id
                )
            };
            return Err(Error::new(ErrorCode::MethodMismatch, o.at("method"), rule));
        }
        let x = scale_point(def, o.number("value")?, || o.at("value"))?;
        let at = o.time("at")?;
        let user = o.opt_text("user")?;
        let state = self
            .state_mut(&t)
            .ok_or_else(|| unknown(o.at("metric"), "metric", ""))?;
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
        Ok(self.judge(&t, at).map_or(Value::Null, |g| g.to_value()))
    }

    /// Tracks an event of `account` (optionally only for role `role`) at
    /// `at`; `prop` looks up the event's properties. Updates every
    /// app-generated rule fed by `event` at the account's role instances,
    /// in O(rules fed by `event`) amortised. Returns the number of rule
    /// terms updated (events older than a window are not counted there).
    /// A missing or non-numeric property a rule needs is an error and
    /// changes nothing.
    pub fn track(
        &mut self,
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
            .ok_or_else(|| unknown("props.account".into(), "account", account))?;
        let only = match role {
            Some(id) => {
                let r = model
                    .role_index(id)
                    .ok_or_else(|| unknown("props.role".into(), "role", id))?;
                if !matches!(self.accounts[account_index].roles.get(r), Some(Some(_))) {
                    return Err(Error::new(
                        ErrorCode::UnknownId,
                        "props.role",
                        format_args!("account \"{account}\" has no role \"{id}\" (add it with upsertAccount)"),
                    ));
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
            let Some(Collection::AppGenerated(rule)) = model
                .roles
                .get(r)
                .and_then(|x| x.metrics.get(m))
                .map(|x| &x.collection)
            else {
                continue;
            };
            let Some(term) = rule.terms().nth(t) else {
                continue;
            };
            let input = match &term.aggregate {
                Aggregate::Count => Input::Add(1.0),
                Aggregate::Sum(name) => match prop(name)? {
                    Some(Prop::Number(x)) if x.is_finite() => Input::Add(x),
                    other => return Err(bad_prop(name, "a finite number", other)),
                },
                Aggregate::Distinct(name) => match prop(name)? {
                    Some(p) => Input::See(p.key()),
                    None => return Err(bad_prop(name, "a string, number or boolean", None)),
                },
            };
            scratch.push(((r, m, t), input));
        }
        let mut updated = 0;
        for &((r, m, t), input) in &scratch {
            let Some(Collection::AppGenerated(rule)) = model
                .roles
                .get(r)
                .and_then(|x| x.metrics.get(m))
                .map(|x| &x.collection)
            else {
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

    /// A next goal for `t` from its `current` level: one realistic
    /// improvement of the instance's maturity level, or, on an anchored
    /// scale, the first point at least that far (the next point when the
    /// step is smaller than the scale's spacing); none at the scale's end.
    fn suggest(&self, t: &Target, current: f64) -> Option<Suggestion> {
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
            return Some(step);
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
    /// and returns it when it closed.
    fn judge(&mut self, t: &Target, at: i64) -> Option<Goal> {
        let current = self.current(t, at);
        let direction = self.metric_def(t)?.direction;
        let state = self.state_mut(t)?;
        let goal = state.goal.as_mut()?;
        let status = goal.judge(current, at, direction);
        if status == Status::Active {
            return None;
        }
        goal.close(status, at, current);
        let closed = state.goal.take()?;
        state.history.push(closed.clone());
        Some(closed)
    }

    /// Sets the active goal of a metric: `{ account, role, metric, target,
    /// start, due?, baseline? }`; `baseline` defaults to the metric's value
    /// at `start`. Fails if a goal is already active (abandon it first).
    pub fn set_goal(&mut self, value: &Value) -> Result<Value, Error> {
        let o = Obj::new(
            Some(value),
            "goal",
            &[
                "account", "role", "metric", "baseline", "target", "start", "due",
            ],
        )?;
        let t = self.target(&o)?;
        let def = self
            .metric_def(&t)
            .ok_or_else(|| unknown(o.at("metric"), "metric", ""))?;
        let start = o.time("start")?;
        let baseline = match o.opt_number("baseline")? {
            Some(b) => b,
            None => self.current(&t, start).ok_or_else(|| {
                Error::new(
                    ErrorCode::NoCurrentValue,
                    o.at("baseline"),
                    "is needed: the metric has no value at start yet",
                )
            })?,
        };
        let baseline = scale_point(def, baseline, || o.at("baseline"))?;
        let target = scale_point(def, o.number("target")?, || o.at("target"))?;
        let goal = Goal::new(
            baseline,
            target,
            start,
            o.opt_time("due")?,
            def.direction,
            "goal",
        )?;
        let state = self
            .state_mut(&t)
            .ok_or_else(|| unknown(o.at("metric"), "metric", ""))?;
        if state.goal.is_some() {
            return Err(Error::new(
                ErrorCode::GoalActive,
                "goal.metric",
                "already has an active goal (abandon it first)",
            ));
        }
        let out = goal.to_value();
        state.goal = Some(goal);
        Ok(out)
    }

    /// Abandons the active goal: `{ account, role, metric, at }`.
    pub fn abandon_goal(&mut self, value: &Value) -> Result<Value, Error> {
        let o = Obj::new(Some(value), "goal", &["account", "role", "metric", "at"])?;
        let t = self.target(&o)?;
        let at = o.time("at")?;
        let current = self.current(&t, at);
        let state = self
            .state_mut(&t)
            .ok_or_else(|| unknown(o.at("metric"), "metric", ""))?;
        let Some(mut goal) = state.goal.take() else {
            return Err(Error::new(
                ErrorCode::NoActiveGoal,
                "goal.metric",
                "has no active goal",
            ));
        };
        goal.close(Status::Abandoned, at, current);
        state.history.push(goal.clone());
        Ok(goal.to_value())
    }

    /// Judges every active goal at `at` (achieved, or missed once past the
    /// due date) and returns those that closed as `{ account, role, metric,
    /// goal }`. Call it when showing goals of app-generated metrics, whose
    /// events do not judge goals (that would cost a window sum per event).
    pub fn review(&mut self, at: f64) -> Result<Value, Error> {
        let at = super::doc::time(Some(&Value::Number(at)), "at")?;
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

    /// Reads `{ account, role }` of argument `path`.
    fn instance_ref(
        &self,
        value: &Value,
        path: &str,
        extra: &[&str],
    ) -> Result<(usize, usize), Error> {
        let mut known = vec!["account", "role"];
        known.extend_from_slice(extra);
        let o = Obj::new(Some(value), path, &known)?;
        let model = self.model()?;
        let account_id = o.text("account")?;
        let account = *self
            .by_id
            .get(&account_id)
            .ok_or_else(|| unknown(o.at("account"), "account", &account_id))?;
        let role_id = o.text("role")?;
        let role = model
            .role_index(&role_id)
            .ok_or_else(|| unknown(o.at("role"), "role", &role_id))?;
        if self.accounts[account].roles[role].is_none() {
            return Err(unknown(o.at("role"), "role at this account", &role_id));
        }
        Ok((account, role))
    }

    /// Per metric of a role instance `{ account, role }` at time `at`: the
    /// current value, the active goal with progress and forecast, and the
    /// suggested next goal.
    pub fn goals(&self, which: &Value, at: f64) -> Result<Value, Error> {
        let at = super::doc::time(Some(&Value::Number(at)), "at")?;
        let (a, r) = self.instance_ref(which, "instance", &[])?;
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
                    if let (Value::Object(fields), Some(c)) = (&mut v, current) {
                        let p = g.progress(c, def.direction);
                        fields.push((
                            "progress".into(),
                            Value::object([("raw", p.raw.into()), ("percent", p.percent.into())]),
                        ));
                        let f = g.forecast(c, at, def.direction).map(|f| {
                            Value::object([
                                ("elapsed", f.elapsed.into()),
                                ("projected", f.projected.into()),
                                ("onTrack", f.on_track.into()),
                            ])
                        });
                        fields.push(("forecast".into(), f.into()));
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
                        if def.kind == super::model::Kind::Value {
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
    pub fn value(&self, which: &Value, at: f64) -> Result<Value, Error> {
        let at = super::doc::time(Some(&Value::Number(at)), "at")?;
        let o = Obj::new(Some(which), "instance", &["account", "role", "metric"])?;
        let t = self.target(&o)?;
        Ok(self.current(&t, at).into())
    }

    /// The closed goals of a metric `{ account, role, metric }`, oldest first.
    pub fn history(&self, which: &Value) -> Result<Value, Error> {
        let o = Obj::new(Some(which), "instance", &["account", "role", "metric"])?;
        let t = self.target(&o)?;
        let state = self
            .state(&t)
            .ok_or_else(|| unknown(o.at("metric"), "metric", ""))?;
        Ok(Value::Array(
            state.history.iter().map(Goal::to_value).collect(),
        ))
    }

    /// Replaces the canvas notes of `{ account, role, changesNeeded?,
    /// actions?, resources? }`.
    pub fn set_canvas(&mut self, value: &Value) -> Result<(), Error> {
        let (a, r) =
            self.instance_ref(value, "canvas", &["changesNeeded", "actions", "resources"])?;
        let notes_only = match value {
            Value::Object(fields) => Value::Object(
                fields
                    .iter()
                    .filter(|(k, _)| k != "account" && k != "role")
                    .cloned()
                    .collect(),
            ),
            _ => Value::Null,
        };
        let notes = Notes::from_value(Some(&notes_only), "canvas")?;
        if let Some(instance) = self.accounts[a].roles[r].as_mut() {
            instance.notes = notes;
        }
        Ok(())
    }

    /// The Customer Results Canvas of a role instance `{ account, role }` at
    /// `at`: maturity, metrics with data sources, current levels, goals and
    /// next goals, plus the notes.
    pub fn canvas(&self, which: &Value, at: f64) -> Result<Value, Error> {
        let at = super::doc::time(Some(&Value::Number(at)), "at")?;
        let (a, r) = self.instance_ref(which, "instance", &[])?;
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

    /// The whole state as versioned JSON data.
    pub fn to_value(&self) -> Value {
        let accounts = self
            .accounts
            .iter()
            .map(|account| {
                let roles = account
                    .roles
                    .iter()
                    .enumerate()
                    .filter_map(|(r, i)| Some((self.model.as_ref()?.roles.get(r)?, i.as_ref()?)))
                    .map(|(role, instance)| {
                        let metrics = role
                            .metrics
                            .iter()
                            .zip(&instance.metrics)
                            .map(|(def, s)| {
                                Value::object([
                                    ("metric", def.id.as_str().into()),
                                    (
                                        "observations",
                                        Value::Array(
                                            s.observations.iter().map(observation_value).collect(),
                                        ),
                                    ),
                                    (
                                        "rule",
                                        s.rule.as_ref().map_or(Value::Null, RuleState::to_value),
                                    ),
                                    ("goal", s.goal.as_ref().map_or(Value::Null, Goal::to_value)),
                                    (
                                        "history",
                                        Value::Array(
                                            s.history.iter().map(Goal::to_value).collect(),
                                        ),
                                    ),
                                ])
                            })
                            .collect();
                        Value::object([
                            ("role", role.id.as_str().into()),
                            ("maturity", (instance.maturity as f64).into()),
                            ("canvas", instance.notes.to_value()),
                            ("metrics", Value::Array(metrics)),
                        ])
                    })
                    .collect();
                Value::object([
                    ("id", account.id.as_str().into()),
                    ("name", account.name.clone().into()),
                    ("roles", Value::Array(roles)),
                ])
            })
            .collect();
        Value::object([
            ("format", STATE_FORMAT.into()),
            ("version", f64::from(STATE_VERSION).into()),
            ("model", self.model_value()),
            ("accounts", Value::Array(accounts)),
        ])
    }

    /// Loads a state written by [`Store::to_value`] into a new store; any
    /// error leaves nothing half-loaded (the caller keeps its old store).
    pub fn from_value(value: &Value) -> Result<Store, Error> {
        let o = Obj::new(
            Some(value),
            "state",
            &["format", "version", "model", "accounts"],
        )?;
        if o.get("format").and_then(Value::as_str) != Some(STATE_FORMAT) {
            return Err(invalid(
                &o.at("format"),
                &format!("must be \"{STATE_FORMAT}\""),
                o.get("format").unwrap_or(&Value::Null),
            ));
        }
        let version = o.number("version")?;
        if version.fract() != 0.0 || version < 1.0 || version > f64::from(STATE_VERSION) {
            return Err(Error::new(
                ErrorCode::UnsupportedVersion,
                o.at("version"),
                format_args!(
                    "this library reads state versions 1 to {STATE_VERSION}, got {}",
                    Num(version)
                ),
            ));
        }
        let mut store = Store::new();
        let Some(model_value) = o.get("model") else {
            if o.opt_array("accounts")?.is_empty() {
                return Ok(store);
            }
            return Err(Error::new(
                ErrorCode::NoModel,
                "state.model",
                "is needed when accounts are saved",
            ));
        };
        store
            .define_model(model_value)
            .map_err(|e| prefix(e, "state.model"))?;
        for (i, item) in o.array("accounts")?.iter().enumerate() {
            store.load_account(item, &element("state.accounts", i))?;
        }
        Ok(store)
    }

    /// Replaces this store's state with a saved one; on error nothing
    /// changes.
    pub fn load(&mut self, value: &Value) -> Result<(), Error> {
        *self = Store::from_value(value)?;
        Ok(())
    }

    #[inline(never)]
    fn load_account(&mut self, value: &Value, path: &str) -> Result<(), Error> {
        let model = self.model.as_ref().ok_or_else(no_model)?;
        let o = Obj::new(Some(value), path, &["id", "name", "roles"])?;
        let id = o.text("id")?;
        if self.by_id.contains_key(&id) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                o.at("id"),
                format_args!("account \"{id}\" is saved twice"),
            ));
        }
        let mut account = Account {
            id: id.clone(),
            name: o.opt_text("name")?,
            roles: empty(model.roles.len()),
        };
        for (i, item) in o.opt_array("roles")?.iter().enumerate() {
            let rpath = element(&o.at("roles"), i);
            let ro = Obj::new(
                Some(item),
                &rpath,
                &["role", "maturity", "canvas", "metrics"],
            )?;
            let role_id = ro.text("role")?;
            let r = model
                .role_index(&role_id)
                .ok_or_else(|| unknown(ro.at("role"), "role", &role_id))?;
            let role = &model.roles[r];
            let level = ro.number("maturity")?;
            if level.fract() != 0.0 || level < 1.0 || level > role.maturity.len() as f64 {
                return Err(invalid(
                    &ro.at("maturity"),
                    "must be a level of the role's maturity model",
                    &Value::Number(level),
                ));
            }
            let notes = match ro.get("canvas") {
                Some(v) => Notes::from_value(Some(v), &ro.at("canvas"))?,
                None => Notes::default(),
            };
            let mut metrics: Vec<MetricState> = empty(role.metrics.len());
            for (j, mv) in ro.opt_array("metrics")?.iter().enumerate() {
                let mpath = element(&ro.at("metrics"), j);
                let (m, state) = load_metric(role, mv, &mpath)?;
                metrics[m] = state;
            }
            if account.roles[r].is_some() {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    ro.at("role"),
                    "a role is saved twice for this account",
                ));
            }
            account.roles[r] = Some(Instance {
                maturity: level as usize,
                metrics,
                notes,
            });
        }
        self.accounts.push(account);
        self.by_id.insert(id, self.accounts.len() - 1);
        Ok(())
    }
}

/// `x` if the metric is not scale-assessed or `x` is a point of its scale;
/// else `SCORE_OUT_OF_RANGE` naming `field`.
fn scale_point(def: &Metric, x: f64, field: impl Fn() -> String) -> Result<f64, Error> {
    let Collection::ScaleAssessed(scale) = &def.collection else {
        return Ok(x);
    };
    if scale.iter().any(|a| a.value == x) {
        return Ok(x);
    }
    let points = scale
        .iter()
        .map(|a| Num(a.value).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::new(
        ErrorCode::ScoreOutOfRange,
        field(),
        format_args!(
            "must be a point of the metric's scale ({points}), got {}",
            Num(x)
        ),
    ))
}

/// `n` default values (without needing `Clone`, whose code the wasm would
/// carry only for this).
fn empty<T: Default>(n: usize) -> Vec<T> {
    (0..n).map(|_| T::default()).collect()
}

#[cold]
#[inline(never)]
fn no_model() -> Error {
    Error::new(
        ErrorCode::NoModel,
        "model",
        "define the model first (defineModel)",
    )
}

fn prefix(e: Error, path: &str) -> Error {
    let field = if e.field() == "model" || e.field().is_empty() {
        path.to_string()
    } else {
        join(path, e.field())
    };
    Error::new(e.code(), field, rule_of(&e))
}

/// The rule part of an error's message (after `"<field>: "`).
fn rule_of(e: &Error) -> String {
    e.message()
        .strip_prefix(e.field())
        .and_then(|r| r.strip_prefix(": "))
        .unwrap_or(e.message())
        .to_string()
}

#[cold]
#[inline(never)]
fn bad_prop(name: &str, expected: &str, got: Option<Prop>) -> Error {
    let v = match got {
        None => None,
        Some(Prop::Number(x)) => Some(Value::Number(x)),
        Some(Prop::Text(s)) => Some(Value::String(s)),
        Some(Prop::Bool(b)) => Some(Value::Bool(b)),
    };
    let e = super::doc::wrong_type(&join("props", name), expected, v.as_ref());
    if matches!(v, Some(Value::Number(_))) {
        return Error::new(ErrorCode::NotFinite, e.field(), rule_of(&e));
    }
    e
}

fn feeds(model: &Model) -> Vec<(String, Vec<Feed>)> {
    let mut feeds: Vec<(String, Vec<Feed>)> = Vec::new();
    for (r, role) in model.roles.iter().enumerate() {
        for (m, metric) in role.metrics.iter().enumerate() {
            if let Collection::AppGenerated(rule) = &metric.collection {
                for (t, term) in rule.terms().enumerate() {
                    match feeds.binary_search_by(|(name, _)| name.cmp(&term.event)) {
                        Ok(i) => feeds[i].1.push((r, m, t)),
                        Err(i) => feeds.insert(i, (term.event.clone(), vec![(r, m, t)])),
                    }
                }
            }
        }
    }
    feeds
}

#[inline(never)]
fn observation_value(o: &Observation) -> Value {
    Value::object([
        ("at", (o.at as f64).into()),
        ("value", o.value.into()),
        ("user", o.user.clone().into()),
        ("method", o.method.as_str().into()),
    ])
}

#[inline(never)]
fn load_metric(role: &Role, value: &Value, path: &str) -> Result<(usize, MetricState), Error> {
    let o = Obj::new(
        Some(value),
        path,
        &[
            "metric",
            "observations",
            "rule",
            "goal",
            "history",
            "nextGoal",
        ],
    )?;
    let id = o.text("metric")?;
    let m = role
        .metric_index(&id)
        .ok_or_else(|| unknown(o.at("metric"), "metric", &id))?;
    let def = &role.metrics[m];
    let mut state = MetricState::default();
    for (i, ov) in o.opt_array("observations")?.iter().enumerate() {
        let opath = element(&o.at("observations"), i);
        let ob = Obj::new(Some(ov), &opath, &["at", "value", "user", "method"])?;
        let method = Method::from_index(ob.one_of("method", &METHODS)?);
        if method != def.collection.method() {
            return Err(Error::new(
                ErrorCode::MethodMismatch,
                ob.at("method"),
                "must match the metric's method",
            ));
        }
        let obs = Observation {
            at: ob.time("at")?,
            value: ob.number("value")?,
            user: ob.opt_text("user")?,
            method,
        };
        if state
            .observations
            .last()
            .is_some_and(|prev| prev.at > obs.at)
        {
            return Err(invalid(
                &ob.at("at"),
                "observations must be saved in time order",
                &Value::Number(obs.at as f64),
            ));
        }
        state.observations.push(obs);
    }
    if let Some(rv) = o.get("rule") {
        let Collection::AppGenerated(rule) = &def.collection else {
            return Err(invalid(
                &o.at("rule"),
                "must be null for a metric that is not app-generated",
                rv,
            ));
        };
        state.rule = Some(RuleState::from_value(Some(rv), &o.at("rule"), rule)?);
    }
    if let Some(gv) = o.get("goal") {
        let goal = Goal::from_value(Some(gv), &o.at("goal"), def.direction)?;
        if goal.status != Status::Active {
            return Err(invalid(
                &join(&o.at("goal"), "status"),
                "the current goal must be active",
                &Value::from(goal.status.as_str()),
            ));
        }
        state.goal = Some(goal);
    }
    for (i, gv) in o.opt_array("history")?.iter().enumerate() {
        let gpath = element(&o.at("history"), i);
        let goal = Goal::from_value(Some(gv), &gpath, def.direction)?;
        if goal.status == Status::Active {
            return Err(invalid(
                &join(&gpath, "status"),
                "goals in history must be closed",
                &Value::from("active"),
            ));
        }
        state.history.push(goal);
    }
    // `nextGoal`, saved by earlier builds, is derived from the current
    // value and maturity when read: a saved one is checked and not kept.
    if let Some(sv) = o.get("nextGoal") {
        let s = Obj::new(
            Some(sv),
            &o.at("nextGoal"),
            &["baseline", "target", "maturityLevel"],
        )?;
        for key in ["baseline", "target", "maturityLevel"] {
            s.number(key)?;
        }
    }
    Ok((m, state))
}
