//! Customer results: key roles with a maturity level, their value and
//! business-impact metrics collected by one of four methods (scale-assessed,
//! self-reported, integration, app-generated from tracked events), goals
//! with progress and forecast, the Customer Results Canvas, and the
//! results-achievement KPIs of the supplier's scorecard.
//!
//! Input is read from JSON data ([`Value`]) into typed inputs ([`Model`],
//! [`AccountInput`], [`GoalInput`], [`ObservationInput`], [`InstanceRef`],
//! [`MetricRef`], [`CanvasInput`]...); [`Store`] holds the state and saves
//! it as versioned JSON.
//!
//! ```
//! use clg_metrics::results::{AccountInput, MetricRef, Model, Store, Value};
//! let obj = |pairs: Vec<(&str, Value)>| Value::object(pairs);
//! let list = |items: Vec<Value>| Value::Array(items);
//! let rule = obj(vec![
//!     ("type", "count".into()), ("event", "contact_added".into()),
//!     ("window", obj(vec![("type", "rolling".into()), ("days", 7.0.into())])),
//! ]);
//! let model = obj(vec![("roles", list(vec![obj(vec![
//!     ("id", "sdr".into()), ("name", "SDR".into()),
//!     ("maturity", list(vec![obj(vec![("name", "Initial".into()),
//!         ("improvement", obj(vec![("type", "percent".into()), ("amount", 20.0.into())]))])])),
//!     ("metrics", list(vec![obj(vec![
//!         ("id", "contacts".into()), ("name", "Contacts per week".into()), ("kind", "value".into()),
//!         ("unit", "contacts".into()), ("direction", "higher".into()),
//!         ("collection", obj(vec![("method", "appGenerated".into()), ("rule", rule)])),
//!     ])])),
//! ])]))]);
//! let mut store = Store::new();
//! store.define_model(Model::from_value(&model).unwrap()).unwrap();
//! let account = obj(vec![("id", "acme".into()), ("roles", list(vec![
//!     obj(vec![("role", "sdr".into()), ("maturity", 1.0.into())])]))]);
//! store.upsert_account(AccountInput::from_value(&account).unwrap()).unwrap();
//! store.track("contact_added", "acme", None, 0, &mut |_| Ok(None)).unwrap();
//! let which = obj(vec![("account", "acme".into()), ("role", "sdr".into()), ("metric", "contacts".into())]);
//! let which = MetricRef::from_value(&which, "instance").unwrap();
//! assert_eq!(store.value(&which, 0).unwrap(), Some(1.0));
//! ```

mod canvas;
pub mod goal;
mod input;
mod kpi;
mod model;
mod rule;
mod store;

pub use crate::input::Value;
pub use canvas::Notes;
pub use input::{
    AbandonInput, AccountInput, CanvasInput, GoalInput, InstanceRef, MetricRef, ObservationInput,
    RoleLevel,
};
pub use model::{
    Anchor, Collection, Direction, Improvement, Kind, Level, Method, Metric, Model, Role,
};
pub use rule::{Aggregate, Prop, Rule, Term, Window};
pub use store::{Observation, Store, STATE_VERSION};
