//! Typed inputs of the results store, read from a [`Value`] by the one
//! reader ([`crate::input`]). Each keeps the path it was read at, so that
//! the store's lookups (an unknown account, role or metric) name the same
//! field as the reader would, e.g. `goal.metric`.
//!
//! ```
//! use clg_metrics::results::{GoalInput, Value};
//! let v = Value::object([
//!     ("account", "acme".into()), ("role", "sdr".into()), ("metric", "calls".into()),
//!     ("target", 40.0.into()), ("start", 0.0.into()), ("due", Value::Null),
//! ]);
//! let goal = GoalInput::from_value(&v).unwrap();
//! assert_eq!((goal.target, goal.due), (40.0, None)); // null = absent
//! let e = GoalInput::from_value(&Value::object([("target", "ten".into())])).unwrap_err();
//! assert_eq!(e.field(), "goal.account");
//! ```

use super::canvas::Notes;
use super::model::{Method, METHODS};
use crate::error::{element, Error};
use crate::input::{join, Obj, Value};

/// A role instance: `{ account, role }`.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceRef {
    /// Account id.
    pub account: String,
    /// Role id.
    pub role: String,
    /// Where it was read (`instance`, `canvas`, `goal`...).
    pub path: String,
}

impl InstanceRef {
    /// Reads `{ account, role }` named `path`.
    pub fn from_value(value: &Value, path: &str) -> Result<InstanceRef, Error> {
        InstanceRef::read(&Obj::new(value, path, &["account", "role"])?)
    }

    /// The two ids of `o`.
    fn read(o: &Obj<'_>) -> Result<InstanceRef, Error> {
        Ok(InstanceRef {
            account: o.text("account")?,
            role: o.text("role")?,
            path: o.path().to_owned(),
        })
    }

    /// The path of one of its fields, e.g. `instance.role`.
    pub fn field(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

/// A metric of a role instance: `{ account, role, metric }`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRef {
    /// The role instance (and the path it was read at).
    pub instance: InstanceRef,
    /// Metric id.
    pub metric: String,
}

impl MetricRef {
    /// Reads `{ account, role, metric }` named `path`.
    pub fn from_value(value: &Value, path: &str) -> Result<MetricRef, Error> {
        MetricRef::read(&Obj::new(value, path, &["account", "role", "metric"])?)
    }

    /// The three ids of `o`.
    fn read(o: &Obj<'_>) -> Result<MetricRef, Error> {
        Ok(MetricRef {
            instance: InstanceRef::read(o)?,
            metric: o.text("metric")?,
        })
    }

    /// The path of one of its fields, e.g. `goal.metric`.
    pub fn field(&self, key: &str) -> String {
        self.instance.field(key)
    }
}

/// An account to add or update: `{ id, name?, roles?: [{ role, maturity }] }`.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountInput {
    /// Account id.
    pub id: String,
    /// Display name; kept as it was when `None`.
    pub name: Option<String>,
    /// Roles to add or whose maturity level to set.
    pub roles: Vec<RoleLevel>,
}

/// A role of an account at a maturity level: `{ role, maturity }`. The
/// level is checked against the role's maturity model when stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleLevel {
    /// Role id.
    pub role: String,
    /// 1-based maturity level, as given (a finite number).
    pub maturity: f64,
    /// Where it was read, e.g. `account.roles[0]`.
    pub path: String,
}

impl AccountInput {
    /// Reads it, named `account`.
    ///
    /// ```
    /// use clg_metrics::results::{AccountInput, Value};
    /// let role = Value::object([("role", "sdr".into()), ("maturity", 2.0.into())]);
    /// let v = Value::object([("id", "acme".into()), ("roles", Value::Array(vec![role]))]);
    /// let account = AccountInput::from_value(&v).unwrap();
    /// assert_eq!((account.roles[0].maturity, account.roles[0].field("role")), (2.0, "account.roles[0].role".into()));
    /// ```
    pub fn from_value(value: &Value) -> Result<AccountInput, Error> {
        let o = Obj::new(value, "account", &["id", "name", "roles"])?;
        let (id, name) = (o.text("id")?, o.opt_text("name")?);
        let mut roles = Vec::new();
        for (i, item) in o.opt_array("roles")?.unwrap_or_default().iter().enumerate() {
            let r = Obj::new(item, element("account.roles", i), &["role", "maturity"])?;
            roles.push(RoleLevel {
                role: r.text("role")?,
                maturity: r.finite("maturity")?,
                path: r.path().to_owned(),
            });
        }
        Ok(AccountInput { id, name, roles })
    }
}

impl RoleLevel {
    /// The path of one of its fields, e.g. `account.roles[0].maturity`.
    pub fn field(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

/// New canvas notes of a role instance: `{ account, role, changesNeeded?,
/// actions?, resources? }`.
#[derive(Debug, Clone, PartialEq)]
pub struct CanvasInput {
    /// The role instance.
    pub instance: InstanceRef,
    /// Its notes (absent lists are empty).
    pub notes: Notes,
}

impl CanvasInput {
    /// Reads it, named `canvas`.
    pub fn from_value(value: &Value) -> Result<CanvasInput, Error> {
        let o = Obj::new(
            value,
            "canvas",
            &["account", "role", "changesNeeded", "actions", "resources"],
        )?;
        Ok(CanvasInput {
            instance: InstanceRef::read(&o)?,
            notes: Notes::read(&o)?,
        })
    }
}

/// A goal to set: `{ account, role, metric, target, start, due?, baseline? }`.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalInput {
    /// The metric.
    pub metric: MetricRef,
    /// The baseline; the metric's value at `start` when `None`.
    pub baseline: Option<f64>,
    /// The target.
    pub target: f64,
    /// Start, ms since 1970.
    pub start: i64,
    /// Due date, ms since 1970.
    pub due: Option<i64>,
}

impl GoalInput {
    /// Reads a goal named `goal`.
    pub fn from_value(value: &Value) -> Result<GoalInput, Error> {
        let o = Obj::new(
            value,
            "goal",
            &[
                "account", "role", "metric", "baseline", "target", "start", "due",
            ],
        )?;
        Ok(GoalInput {
            metric: MetricRef::read(&o)?,
            baseline: o.opt_finite("baseline")?,
            target: o.finite("target")?,
            start: o.time("start")?,
            due: o.opt_time("due")?,
        })
    }
}

/// A goal to abandon: `{ account, role, metric, at }`.
#[derive(Debug, Clone, PartialEq)]
pub struct AbandonInput {
    /// The metric.
    pub metric: MetricRef,
    /// When, ms since 1970.
    pub at: i64,
}

impl AbandonInput {
    /// Reads it, named `goal`.
    pub fn from_value(value: &Value) -> Result<AbandonInput, Error> {
        let o = Obj::new(value, "goal", &["account", "role", "metric", "at"])?;
        Ok(AbandonInput {
            metric: MetricRef::read(&o)?,
            at: o.time("at")?,
        })
    }
}

/// An observed value: `{ account, role, metric, value, at, method?, user? }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationInput {
    /// The metric.
    pub metric: MetricRef,
    /// The value.
    pub value: f64,
    /// When, ms since 1970.
    pub at: i64,
    /// The collection method, if given (it must be the metric's).
    pub method: Option<Method>,
    /// Who reported it.
    pub user: Option<String>,
}

impl ObservationInput {
    /// Reads it, named `observation`.
    pub fn from_value(value: &Value) -> Result<ObservationInput, Error> {
        let o = Obj::new(
            value,
            "observation",
            &["account", "role", "metric", "value", "at", "method", "user"],
        )?;
        Ok(ObservationInput {
            metric: MetricRef::read(&o)?,
            method: match o.get("method") {
                None => None,
                Some(_) => Some(Method::from_index(o.one_of("method", &METHODS)?)),
            },
            value: o.finite("value")?,
            at: o.time("at")?,
            user: o.opt_text("user")?,
        })
    }
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
