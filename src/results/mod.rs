//! Customer results: key roles with a maturity level, their value and
//! business-impact metrics collected by one of four methods (scale-assessed,
//! self-reported, integration, app-generated from tracked events), goals
//! with progress and forecast, the Customer Results Canvas, and the
//! results-achievement KPIs of the supplier's scorecard.
//!
//! Input and output are JSON data ([`Value`]); [`Store`] holds the state and
//! saves it as versioned JSON.
//!
//! ```
//! use clg_metrics::results::{Store, Value};


//! let mut store = Store::new();
//! assert!(store.upsert_account(&Value::object([("id", "acme".into())])).is_err()); // no model yet
//! ```

pub mod calendar;
mod canvas;
pub(crate) mod doc;
pub mod goal;
mod kpi;
mod model;
mod rule;
mod store;

pub use doc::Value;
pub use model::{Anchor, Collection, Direction, Improvement, Kind, Level, Method, Metric, Model, Role};
pub use rule::{Aggregate, Prop, Rule, Term, Window};
pub use store::{Observation, Store, STATE_VERSION};
