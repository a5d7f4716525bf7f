//! The results store: accounts and their role instances, observations,
//! app-generated metric state, goals with history, and canvas notes. Every
//! method validates its whole input before changing anything.
//!
//! This file holds the store's data, its definitions (model, accounts) and
//! the lookups every job shares; each job has a file of its own:
//! [`tracking`] (observations, tracked events), [`goals`] (set, abandon,
//! judge, suggest the next), [`views`] (goals, values, history, canvas) and
//! [`saved`] (versioned state out and back in).

use super::canvas::Notes;
use super::goal::{Goal, Status, Suggestion};
use super::input::{
    AbandonInput, AccountInput, CanvasInput, GoalInput, InstanceRef, MetricRef, ObservationInput,
};
use super::model::{Collection, Direction, Improvement, Method, Metric, Model, Role, METHODS};
use super::rule::{Aggregate, Prop, RuleState, MAX_AMOUNT};
use crate::error::{element, msg, Error, ErrorCode, Num, Quoted};
use crate::id_map::IdMap;
use crate::input::{invalid, join, Obj, Value};

mod goals;
mod saved;
mod tracking;
mod views;

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
    by_id: IdMap<String, usize>,
    /// Event name -> the rule terms it feeds, sorted by name for binary
    /// search (a model has tens of event names).
    feeds: Vec<(String, Vec<Feed>)>,
    /// Reused per event so tracking does not allocate.
    scratch: Vec<(Feed, Input)>,
}

/// Version of the saved-state format written by [`Store::to_value`]:
/// version 2 added what app-generated metrics know of the past (`first`,
/// `previous`; version 1 state loads without it, see `Acc::read`).
pub const STATE_VERSION: u32 = 2;
const STATE_FORMAT: &str = "clg-metrics/results";

#[cold]
#[inline(never)]
fn unknown(field: String, what: &str, id: &str) -> Error {
    Error::new(
        ErrorCode::UnknownId,
        field,
        msg!("no ", what, " ", Quoted(id), " is defined"),
    )
}

/// `UNKNOWN_ID`: `account` does not have role `role`.
#[cold]
#[inline(never)]
fn no_role(field: String, account: &str, role: &str) -> Error {
    Error::new(
        ErrorCode::UnknownId,
        field,
        msg!(
            "account ",
            Quoted(account),
            " has no role ",
            Quoted(role),
            " (add the role to the account first)"
        ),
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
    pub fn define_model(&mut self, model: Model) -> Result<(), Error> {
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

    /// Adds or updates an account. Listed roles are added or get their
    /// maturity level (1-based) set; unlisted ones are kept.
    pub fn upsert_account(&mut self, input: AccountInput) -> Result<(), Error> {
        let model = self.model()?;
        let mut levels = Vec::new();
        for r in &input.roles {
            let role = model
                .role_index(&r.role)
                .ok_or_else(|| unknown(r.field("role"), "role", &r.role))?;
            if levels.iter().any(|&(listed, _)| listed == role) {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    r.field("role"),
                    msg!("must be listed once, ", Quoted(&r.role), " is listed twice"),
                ));
            }
            let max = model.roles[role].maturity.len();
            let level = r.maturity;
            if level.fract() != 0.0 || level < 1.0 || level > max as f64 {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    r.field("maturity"),
                    msg!(
                        "must be a maturity level from 1 to ",
                        max,
                        ", got ",
                        Num(level)
                    ),
                ));
            }
            levels.push((role, level as usize));
        }
        let sizes: Vec<usize> = model.roles.iter().map(|r| r.metrics.len()).collect();
        let index = match self.by_id.get(&input.id) {
            Some(&i) => i,
            None => {
                self.accounts.push(Account {
                    id: input.id.clone(),
                    name: None,
                    roles: empty(sizes.len()),
                });
                self.by_id.insert(input.id, self.accounts.len() - 1);
                self.accounts.len() - 1
            }
        };
        let account = &mut self.accounts[index];
        if input.name.is_some() {
            account.name = input.name;
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

    /// The indices of role instance `which`: an account this store has,
    /// and a role of the model that account has.
    fn instance(&self, which: &InstanceRef) -> Result<(usize, usize), Error> {
        let model = self.model()?;
        let (account_id, role_id) = (&which.account, &which.role);
        let account = *self
            .by_id
            .get(account_id)
            .ok_or_else(|| unknown(which.field("account"), "account", account_id))?;
        let role = model
            .role_index(role_id)
            .ok_or_else(|| unknown(which.field("role"), "role", role_id))?;
        if self.accounts[account].roles[role].is_none() {
            return Err(no_role(which.field("role"), account_id, role_id));
        }
        Ok((account, role))
    }

    /// The indices of metric `r`.
    fn target(&self, r: &MetricRef) -> Result<Target, Error> {
        let (account, role) = self.instance(&r.instance)?;
        let metric = self.model()?.roles[role]
            .metric_index(&r.metric)
            .ok_or_else(|| unknown(r.field("metric"), "metric", &r.metric))?;
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
}

/// A saved goal of metric `def`: its baseline and target are values the
/// metric can take, as `setGoal` requires, and so is the value it closed
/// at, which was a value recorded (an app-generated metric's baseline and
/// closing value are what its events gave, and only its events keep a
/// value at the due date).
fn saved_goal(def: &Metric, value: &Value, path: &str) -> Result<Goal, Error> {
    let goal = Goal::from_value(Some(value), path, def.direction)?;
    if !def.is_app_generated() {
        metric_value(def, goal.baseline, &|| join(path, "baseline"))?;
        if let Some(closed) = goal.closed_value {
            metric_value(def, closed, &|| join(path, "closedValue"))?;
        }
        if let Some(kept) = goal.due_value {
            return Err(invalid(
                join(path, "dueValue"),
                "must be absent: only an app-generated metric's events keep a value at the due date",
                &Value::Number(kept),
            ));
        }
    }
    metric_value(def, goal.target, &|| join(path, "target"))?;
    Ok(goal)
}

/// `x` if metric `def` can take it: inside its `min`/`max` (else
/// `VALUE_OUT_OF_RANGE`) and, on a scale-assessed metric, a point of its
/// scale (else `SCORE_OUT_OF_RANGE`); errors name `field`.
/// (`field` is a trait object: one copy of this function, not one per caller.)
fn metric_value(def: &Metric, x: f64, field: &dyn Fn() -> String) -> Result<f64, Error> {
    let [min, max] = def.range;
    if x < min || x > max {
        return Err(out_of_range(def, x, field()));
    }
    let Collection::ScaleAssessed(scale) = &def.collection else {
        return Ok(x);
    };
    if scale.iter().any(|a| a.value == x) {
        return Ok(x);
    }
    let points = scale
        .iter()
        .map(|a| msg!(Num(a.value)))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::new(
        ErrorCode::ScoreOutOfRange,
        field(),
        msg!(
            "must be a point of the metric's scale (",
            points,
            "), got ",
            Num(x)
        ),
    ))
}

/// `VALUE_OUT_OF_RANGE` for `x` outside the range of metric `def`.
#[cold]
#[inline(never)]
fn out_of_range(def: &Metric, x: f64, field: String) -> Error {
    let [min, max] = def.range;
    let rule = match (min.is_finite(), max.is_finite()) {
        (true, true) => msg!("must be from ", Num(min), " to ", Num(max)),
        (true, false) => msg!("must be at least ", Num(min)),
        _ => msg!("must be at most ", Num(max)),
    };
    Error::new(
        ErrorCode::ValueOutOfRange,
        field,
        msg!(
            rule,
            " (the range of metric ",
            Quoted(&def.id),
            "), got ",
            Num(x)
        ),
    )
}

/// `METHOD_MISMATCH` for an observation of metric `def` by another method
/// than its own, or of an app-generated metric (whose values come from
/// events), at `field`.
#[cold]
#[inline(never)]
fn method_mismatch(def: &Metric, field: String) -> Error {
    let rule = if def.is_app_generated() {
        msg!(
            "metric ",
            Quoted(&def.id),
            " is app-generated: its values come from tracked events"
        )
    } else {
        msg!(
            "must be \"",
            def.collection.method().as_str(),
            "\", the method of metric ",
            Quoted(&def.id)
        )
    };
    Error::new(ErrorCode::MethodMismatch, field, rule)
}

/// `n` default values (without needing `Clone`, whose code the wasm would
/// carry only for this).
fn empty<T: Default>(n: usize) -> Vec<T> {
    (0..n).map(|_| T::default()).collect()
}

#[cold]
#[inline(never)]
fn no_model() -> Error {
    Error::new(ErrorCode::NoModel, "model", "define the model first")
}

fn prefix(e: Error, path: &str) -> Error {
    if e.field() == "model" || e.field().is_empty() {
        Error::new(e.code(), path, rule_of(&e))
    } else {
        e.under(path)
    }
}

/// The rule part of an error's message (after `"<field>: "`).
fn rule_of(e: &Error) -> String {
    e.message()
        .strip_prefix(e.field())
        .and_then(|r| r.strip_prefix(": "))
        .unwrap_or(e.message())
        .to_string()
}

/// `VALUE_OUT_OF_RANGE` on `props.<name>`: amount `x` beyond [`MAX_AMOUNT`].
#[cold]
#[inline(never)]
fn too_large_amount(name: &str, x: f64) -> Error {
    Error::new(
        ErrorCode::ValueOutOfRange,
        join("props", name),
        msg!(
            "must be from -9007199254740991 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got ",
            Num(x)
        ),
    )
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
    let e = crate::input::wrong_type(join("props", name), expected, v.as_ref());
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
        .ok_or_else(|| unknown(o.field("metric"), "metric", &id))?;
    let def = &role.metrics[m];
    let mut state = MetricState::default();
    for (i, ov) in o
        .opt_array("observations")?
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let opath = element(&o.field("observations"), i);
        let ob = Obj::new(Some(ov), &opath, &["at", "value", "user", "method"])?;
        let method = Method::from_index(ob.one_of("method", &METHODS)?);
        if method != def.collection.method() || def.is_app_generated() {
            return Err(method_mismatch(def, ob.field("method")));
        }
        let obs = Observation {
            at: ob.time("at")?,
            value: metric_value(def, ob.finite("value")?, &|| ob.field("value"))?,
            user: ob.opt_text("user")?,
            method,
        };
        if state
            .observations
            .last()
            .is_some_and(|prev| prev.at > obs.at)
        {
            return Err(invalid(
                ob.field("at"),
                "observations must be saved in time order",
                &Value::Number(obs.at as f64),
            ));
        }
        state.observations.push(obs);
    }
    if let Some(rv) = o.get("rule") {
        let Collection::AppGenerated(rule) = &def.collection else {
            return Err(invalid(
                o.field("rule"),
                "must be null for a metric that is not app-generated",
                rv,
            ));
        };
        state.rule = Some(RuleState::from_value(Some(rv), &o.field("rule"), rule)?);
    }
    if let Some(gv) = o.get("goal") {
        let goal = saved_goal(def, gv, &o.field("goal"))?;
        if goal.status != Status::Active {
            return Err(invalid(
                join(&o.field("goal"), "status"),
                "the current goal must be active",
                &Value::from(goal.status.as_str()),
            ));
        }
        state.goal = Some(goal);
    }
    for (i, gv) in o
        .opt_array("history")?
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let gpath = element(&o.field("history"), i);
        let goal = saved_goal(def, gv, &gpath)?;
        if goal.status == Status::Active {
            return Err(invalid(
                join(&gpath, "status"),
                "goals in history must be closed",
                &Value::from("active"),
            ));
        }
        // Filed by closing time, then start (`history()` lists them so).
        let key = |g: &Goal| (g.closed_at, g.start);
        if state
            .history
            .last()
            .is_some_and(|prev| key(prev) > key(&goal))
        {
            return Err(invalid(
                join(&gpath, "closedAt"),
                "history must be saved in the order goals closed (closedAt, then start)",
                &Value::from(goal.closed_at.map(|t| t as f64)),
            ));
        }
        state.history.push(goal);
    }
    // `nextGoal`, saved by earlier builds, is derived from the current
    // value and maturity when read: a saved one is checked and not kept.
    if let Some(sv) = o.get("nextGoal") {
        let s = Obj::new(
            Some(sv),
            o.field("nextGoal"),
            &["baseline", "target", "maturityLevel"],
        )?;
        for key in ["baseline", "target", "maturityLevel"] {
            s.finite(key)?;
        }
    }
    Ok((m, state))
}
