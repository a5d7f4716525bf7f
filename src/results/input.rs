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

use super::model::{Method, METHODS};
use crate::error::Error;
use crate::input::{join, Obj, Value};

/// A metric of a role instance: `{ account, role, metric }`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRef {
    /// Account id.
    pub account: String,
    /// Role id.
    pub role: String,
    /// Metric id.
    pub metric: String,
    /// Where it was read (`goal`, `observation`, `instance`).
    pub path: String,
}

impl MetricRef {
    /// Reads `{ account, role, metric }` named `path`.
    pub fn from_value(value: &Value, path: &str) -> Result<MetricRef, Error> {
        MetricRef::read(&Obj::new(value, path, &["account", "role", "metric"])?)
    }

    /// The three ids of `o`.
    fn read(o: &Obj<'_>) -> Result<MetricRef, Error> {
        Ok(MetricRef {
            account: o.text("account")?,
            role: o.text("role")?,
            metric: o.text("metric")?,
            path: o.path().to_owned(),
        })
    }

    /// The path of one of its fields, e.g. `goal.metric`.
    pub fn field(&self, key: &str) -> String {
        join(&self.path, key)
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
