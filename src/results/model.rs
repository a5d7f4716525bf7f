//! The supplier's definitions: roles, their maturity model and their
//! metrics with a collection method. Written once as JSON, validated here
//! with errors that name the field path (`roles[1].metrics[0].direction`).

use super::rule::{Aggregate, Rule};
use crate::error::{element, msg, Error, ErrorCode, Num, Quoted};
use crate::input::{invalid, Obj, Value};

/// Whether a metric is role- and activity-specific or a higher-level result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A value metric (an SDR's "contacts provided per week").
    Value,
    /// A business-impact metric (a VP's "revenue from web visitors").
    BusinessImpact,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
}

impl Direction {
    /// `+1` when higher is better, `-1` when lower is better: multiplying a
    /// change by it gives the gain.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Higher => 1.0,
            Direction::Lower => -1.0,
        }
    }
}

/// One labelled point of an anchored Likert scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// The point's value, e.g. `3`.
    pub value: f64,
    /// What the point means, e.g. "We review it monthly".
    pub label: String,
}

/// How values of a metric are collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Rated on an anchored Likert scale at the start and end of a period.
    ScaleAssessed,
    /// Typed in by the person.
    SelfReported,
    /// Pushed by the host app from a system it integrates with.
    Integration,
    /// Derived from tracked events by a [`Rule`].
    AppGenerated,
}

/// JSON names of [`Method`], in declaration order.
pub(crate) const METHODS: [&str; 4] = [
    "scaleAssessed",
    "selfReported",
    "integration",
    "appGenerated",
];

impl Method {
    /// The method's JSON name.
    pub fn as_str(self) -> &'static str {
        METHODS[self as usize]
    }

    pub(crate) fn from_index(i: usize) -> Method {
        [
            Method::ScaleAssessed,
            Method::SelfReported,
            Method::Integration,
            Method::AppGenerated,
        ][i.min(3)]
    }
}

/// A metric's collection method with what it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Collection {
    /// The anchored scale, points in increasing order.
    ScaleAssessed(Vec<Anchor>),
    /// Typed in by the person.
    SelfReported,
    /// Pushed in by the host app.
    Integration,
    /// Derived from events.
    AppGenerated(Rule),
}

impl Collection {
    /// The bare method.
    pub fn method(&self) -> Method {
        match self {
            Collection::ScaleAssessed(_) => Method::ScaleAssessed,
            Collection::SelfReported => Method::SelfReported,
            Collection::Integration => Method::Integration,
            Collection::AppGenerated(_) => Method::AppGenerated,
        }
    }
}

/// A metric definition of a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub unit: String,
    pub direction: Direction,
    pub collection: Collection,
    /// Where the data comes from, in words (shown on the canvas).
    pub data_source: Option<String>,
    /// The values the metric can take, `[min, max]` (infinite where not
    /// given): a share is `[0, 100]`, a count `[0, inf]`. Recorded values,
    /// goals and suggested targets stay inside; an app-generated value (and
    /// so the baseline of a goal on it) is what its events give.
    pub range: [f64; 2],
}

impl Metric {
    /// Whether its values come from tracked events (and so are not bounded
    /// by its range: only its goals' targets are).
    pub fn is_app_generated(&self) -> bool {
        matches!(self.collection, Collection::AppGenerated(_))
    }
}

/// The improvement that is realistic for one goal cycle at a maturity level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Improvement {
    /// A percentage of the current level's magnitude, e.g. `10` for 10 %.
    Percent(f64),
    /// An absolute step in the metric's unit.
    Absolute(f64),
}

/// A level of a role's maturity model.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub name: String,
    pub improvement: Improvement,
}

/// A key customer role with its maturity model and metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// Maturity levels, level 1 first.
    pub maturity: Vec<Level>,
    pub metrics: Vec<Metric>,
}

impl Role {
    /// The index of metric `id`.
    pub fn metric_index(&self, id: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m.id == id)
    }
}

/// The validated definitions, with the JSON they were read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub roles: Vec<Role>,
    pub(crate) source: Value,
}

impl Model {
    /// Reads and validates definitions `{ roles: [...] }`; see the docs for
    /// the schema. Errors name the field path.
    ///
    /// ```
    /// use clg_metrics::results::{Model, Value};
    /// let role = Value::object([
    ///     ("id", "sdr".into()), ("name", "SDR".into()),
    ///     ("maturity", Value::Array(vec![Value::object([
    ///         ("name", "Initial".into()),
    ///         ("improvement", Value::object([("type", "percent".into()), ("amount", 20.0.into())])),
    ///     ])])),
    ///     ("metrics", Value::Array(vec![Value::object([
    ///         ("id", "contacts".into()), ("name", "Contacts provided".into()),
    ///         ("kind", "value".into()), ("unit", "contacts".into()), ("direction", "up".into()),
    ///         ("collection", Value::object([("method", "selfReported".into())])),
    ///     ])])),
    /// ]);
    /// let err = Model::from_value(&Value::object([("roles", Value::Array(vec![role]))])).unwrap_err();
    /// assert_eq!(err.field(), "roles[0].metrics[0].direction");
    /// ```
    /// Refuses, in new definitions, a rule whose `property` is `account` or
    /// `role`: they say whose event it is (`track` reads them so), not what
    /// it counts. Saved state is not refused for it (it loads as it was).
    ///
    /// ```
    /// use clg_metrics::results::{Model, Value};
    /// let object = |fields: &[(&str, Value)]| Value::object(fields.iter().cloned());
    /// let rule = object(&[("type", "distinct".into()), ("event", "e".into()), ("property", "role".into()),
    ///     ("window", object(&[("type", "rolling".into()), ("days", 7.0.into())]))]);
    /// let metric = object(&[("id", "m".into()), ("name", "M".into()), ("kind", "value".into()),
    ///     ("unit", "x".into()), ("direction", "higher".into()),
    ///     ("collection", object(&[("method", "appGenerated".into()), ("rule", rule)]))]);
    /// let level = object(&[("name", "Initial".into()),
    ///     ("improvement", object(&[("type", "percent".into()), ("amount", 20.0.into())]))]);
    /// let role = object(&[("id", "sdr".into()), ("name", "SDR".into()),
    ///     ("maturity", Value::Array(vec![level])), ("metrics", Value::Array(vec![metric]))]);
    /// let model = Model::from_value(&object(&[("roles", Value::Array(vec![role]))])).unwrap();
    /// assert_eq!(model.check_new().unwrap_err().field(), "roles[0].metrics[0].collection.rule.property");
    /// ```
    pub fn check_new(&self) -> Result<(), Error> {
        for (r, role) in self.roles.iter().enumerate() {
            for (m, metric) in role.metrics.iter().enumerate() {
                let Collection::AppGenerated(rule) = &metric.collection else {
                    continue;
                };
                for (t, term) in rule.terms().enumerate() {
                    let (Aggregate::Sum(name) | Aggregate::Distinct(name)) = &term.aggregate else {
                        continue;
                    };
                    if matches!(name.as_str(), "account" | "role") {
                        let part = match (rule.denominator.is_some(), t) {
                            (false, _) => "",
                            (true, 0) => ".numerator",
                            (true, _) => ".denominator",
                        };
                        return Err(invalid(
                            msg!(
                                "roles[",
                                r,
                                "].metrics[",
                                m,
                                "].collection.rule",
                                part,
                                ".property"
                            ),
                            "must not be \"account\" or \"role\": they say whose event it is",
                            &Value::String(name.clone()),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    pub fn from_value(value: &Value) -> Result<Model, Error> {
        if !matches!(value, Value::Object(_)) {
            return Err(crate::input::wrong_type("model", "an object", Some(value)));
        }
        let root = Obj::new(Some(value), "", &["roles"])?;
        let items = root.array("roles")?;
        if items.is_empty() {
            return Err(Error::new(
                ErrorCode::EmptyInput,
                "roles",
                "must list at least one role",
            ));
        }
        let mut roles = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = element("roles", i);
            let role = role(item, &path)?;
            if roles.iter().any(|other: &Role| other.id == role.id) {
                return Err(duplicate(&msg!(path, ".id"), &role.id));
            }
            roles.push(role);
        }
        Ok(Model {
            roles,
            source: value.without_nulls(),
        })
    }

    /// The index of role `id` (a model has a handful of roles).
    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == id)
    }

    /// The definitions as they were given.
    pub fn to_value(&self) -> Value {
        self.source.clone()
    }
}

#[cold]
#[inline(never)]
fn duplicate(path: &str, id: &str) -> Error {
    Error::new(
        ErrorCode::DuplicateId,
        path,
        msg!("ids must be unique, ", Quoted(id), " is used twice"),
    )
}

#[inline(never)]
fn role(value: &Value, path: &str) -> Result<Role, Error> {
    let o = Obj::new(Some(value), path, &["id", "name", "maturity", "metrics"])?;
    let id = o.text("id")?;
    let name = o.text("name")?;
    let levels = o.array("maturity")?;
    if levels.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            o.field("maturity"),
            "must list at least one level",
        ));
    }
    let maturity = levels
        .iter()
        .enumerate()
        .map(|(i, l)| level(l, &element(&o.field("maturity"), i)))
        .collect::<Result<Vec<_>, _>>()?;
    let items = o.array("metrics")?;
    if items.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            o.field("metrics"),
            "must list at least one metric",
        ));
    }
    let mut metrics: Vec<Metric> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mpath = element(&o.field("metrics"), i);
        let m = metric(item, &mpath)?;
        if metrics.iter().any(|other| other.id == m.id) {
            return Err(duplicate(&msg!(mpath, ".id"), &m.id));
        }
        metrics.push(m);
    }
    Ok(Role {
        id,
        name,
        maturity,
        metrics,
    })
}

#[inline(never)]
fn level(value: &Value, path: &str) -> Result<Level, Error> {
    let o = Obj::new(Some(value), path, &["name", "improvement"])?;
    let name = o.text("name")?;
    let imp = Obj::new(
        o.get("improvement"),
        o.field("improvement"),
        &["type", "amount"],
    )?;
    let kind = imp.one_of("type", &["percent", "absolute"])?;
    let amount = imp.finite("amount")?;
    if amount <= 0.0 {
        return Err(invalid(
            imp.field("amount"),
            "must be greater than 0",
            &Value::Number(amount),
        ));
    }
    let improvement = if kind == 0 {
        Improvement::Percent(amount)
    } else {
        Improvement::Absolute(amount)
    };
    Ok(Level { name, improvement })
}

#[inline(never)]
fn metric(value: &Value, path: &str) -> Result<Metric, Error> {
    let o = Obj::new(
        Some(value),
        path,
        &[
            "id",
            "name",
            "kind",
            "unit",
            "direction",
            "collection",
            "dataSource",
            "min",
            "max",
        ],
    )?;
    let id = o.text("id")?;
    let name = o.text("name")?;
    let kind =
        [Kind::Value, Kind::BusinessImpact][o.one_of("kind", &["value", "businessImpact"])?];
    let unit = o.text("unit")?;
    let direction =
        [Direction::Higher, Direction::Lower][o.one_of("direction", &["higher", "lower"])?];
    let collection = collection(o.get("collection"), &o.field("collection"))?;
    let data_source = o.opt_text("dataSource")?;
    let range = range(&o, &collection)?;
    Ok(Metric {
        id,
        name,
        kind,
        unit,
        direction,
        collection,
        data_source,
        range,
    })
}

/// A metric's optional `min` and `max`: finite, `min` below `max`, and not
/// on a scale-assessed metric (its scale is its range).
#[inline(never)]
fn range(o: &Obj, collection: &Collection) -> Result<[f64; 2], Error> {
    let (min, max) = (o.opt_finite("min")?, o.opt_finite("max")?);
    if matches!(collection, Collection::ScaleAssessed(_)) && (min.is_some() || max.is_some()) {
        let key = if min.is_some() { "min" } else { "max" };
        return Err(invalid(
            o.field(key),
            "must be left out on a scale-assessed metric (its scale bounds it)",
            o.get(key).unwrap_or(&Value::Null),
        ));
    }
    let range = [
        min.unwrap_or(f64::NEG_INFINITY),
        max.unwrap_or(f64::INFINITY),
    ];
    if range[0] >= range[1] {
        return Err(invalid(
            o.field("max"),
            &msg!("must be above min (", Num(range[0]), ")"),
            &Value::Number(range[1]),
        ));
    }
    Ok(range)
}

#[inline(never)]
fn collection(value: Option<&Value>, path: &str) -> Result<Collection, Error> {
    let method = Obj::new(value, path, &["method", "scale", "rule"])?.one_of("method", &METHODS)?;
    let allowed: &[&str] = match method {
        0 => &["method", "scale"],
        3 => &["method", "rule"],
        _ => &["method"],
    };
    let o = Obj::new(value, path, allowed)?;
    Ok(match method {
        0 => Collection::ScaleAssessed(scale(o.array("scale")?, &o.field("scale"))?),
        1 => Collection::SelfReported,
        2 => Collection::Integration,
        _ => Collection::AppGenerated(Rule::from_value(o.get("rule"), &o.field("rule"))?),
    })
}

#[inline(never)]
fn scale(points: &[Value], path: &str) -> Result<Vec<Anchor>, Error> {
    if points.len() < 2 {
        // One point is a list with items, just too few of them.
        let code = match points.len() {
            0 => ErrorCode::EmptyInput,
            _ => ErrorCode::InvalidValue,
        };
        return Err(Error::new(
            code,
            path,
            "an anchored scale needs at least two labelled points",
        ));
    }
    let mut anchors: Vec<Anchor> = Vec::with_capacity(points.len());
    for (i, p) in points.iter().enumerate() {
        let ppath = element(path, i);
        let o = Obj::new(Some(p), &ppath, &["value", "label"])?;
        let value = o.finite("value")?;
        let label = o.text("label")?;
        if anchors.last().is_some_and(|prev| prev.value >= value) {
            return Err(invalid(
                o.field("value"),
                "scale points must be in strictly increasing order",
                &Value::Number(value),
            ));
        }
        anchors.push(Anchor { value, label });
    }
    Ok(anchors)
}
