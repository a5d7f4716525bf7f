//! Native tests of the customer-results core: definitions, observations,
//! app-generated rules at window boundaries, goals, canvas, KPIs, state.
//! Expected values are worked out by hand in the comments beside them.
#![cfg(not(target_arch = "wasm32"))]

use clg_metrics::results::{
    goal::progress, AbandonInput, AccountInput, CanvasInput, Direction, GoalInput, InstanceRef,
    MetricRef, Model, ObservationInput, Prop, Store, Value,
};
use clg_metrics::{Error, ErrorCode};
use proptest::prelude::*;

const DAY: i64 = 86_400_000;
/// 2024-01-01T00:00:00Z, a Monday (Python: datetime(2024,1,1,tzinfo=utc).timestamp()).
const JAN_1: i64 = 1_704_067_200_000;

fn convert(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap()),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
        serde_json::Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
        }
    }
}

fn back(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into)
        }
        Value::String(s) => s.clone().into(),
        Value::Array(a) => a.iter().map(back).collect(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| (k.clone(), back(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => panic!("the results core returns no typed arrays, got {other:?}"),
    }
}

/// `v` with object keys sorted (serde_json's parser sorts them too).
fn sorted(v: &Value) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        Value::Object(o) => {
            let mut o: Vec<_> = o.iter().map(|(k, v)| (k.clone(), sorted(v))).collect();
            o.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(o)
        }
        other => other.clone(),
    }
}

// The store's typed calls as the wasm shim makes them: parse the input,
// call, return the result as data.

/// The store fed JSON data as the wasm boundary feeds it: each input read
/// by its parser, then the typed method called.
trait FromJson {
    fn upsert(&mut self, account: &Value) -> Result<(), Error>;
    fn goals_of(&self, instance: &Value, at: i64) -> Result<Value, Error>;
    fn canvas_of(&self, instance: &Value, at: i64) -> Result<Value, Error>;
    fn set_canvas_from(&mut self, canvas: &Value) -> Result<(), Error>;
    /// Replaces the store with saved state; on error it is kept.
    fn load(&mut self, state: &Value) -> Result<(), Error>;
}

impl FromJson for Store {
    fn upsert(&mut self, account: &Value) -> Result<(), Error> {
        self.upsert_account(AccountInput::from_value(account)?)
    }

    fn goals_of(&self, instance: &Value, at: i64) -> Result<Value, Error> {
        self.goals(&InstanceRef::from_value(instance, "instance")?, at)
    }

    fn canvas_of(&self, instance: &Value, at: i64) -> Result<Value, Error> {
        self.canvas(&InstanceRef::from_value(instance, "instance")?, at)
    }

    fn set_canvas_from(&mut self, canvas: &Value) -> Result<(), Error> {
        self.set_canvas(CanvasInput::from_value(canvas)?)
    }

    fn load(&mut self, state: &Value) -> Result<(), Error> {
        *self = Store::from_value(state)?;
        Ok(())
    }
}

fn define(s: &mut Store, model: &Value) -> Result<(), Error> {
    let model = Model::from_value(model)?;
    model.check_new()?;
    s.define_model(model)
}

fn record(s: &mut Store, observation: &Value) -> Result<Value, Error> {
    let input = ObservationInput::from_value(observation)?;
    Ok(s.record_observation(&input)?
        .map_or(Value::Null, |goal| goal.to_value()))
}

fn abandon(s: &mut Store, goal: &Value) -> Result<Value, Error> {
    Ok(s.abandon_goal(&AbandonInput::from_value(goal)?)?.to_value())
}

fn value_at(s: &Store, which: &Value, at: i64) -> Result<Option<f64>, Error> {
    s.value(&MetricRef::from_value(which, "instance")?, at)
}

fn history(s: &Store, which: &Value) -> Result<Value, Error> {
    let goals = s.history(&MetricRef::from_value(which, "instance")?)?;
    Ok(Value::Array(
        goals.iter().map(|goal| goal.to_value()).collect(),
    ))
}

fn json(text: &str) -> Value {
    convert(&serde_json::from_str(text).unwrap())
}

fn model_json() -> serde_json::Value {
    serde_json::json!({ "roles": [
        { "id": "sdr", "name": "SDR",
          "maturity": [
            { "name": "Initial", "improvement": { "type": "percent", "amount": 20 } },
            { "name": "Defined", "improvement": { "type": "percent", "amount": 10 } },
            { "name": "Leading", "improvement": { "type": "absolute", "amount": 2 } } ],
          "metrics": [
            { "id": "contacts", "name": "Contacts provided per week", "kind": "value", "unit": "contacts",
              "direction": "higher", "dataSource": "CRM sync",
              "collection": { "method": "appGenerated", "rule": { "type": "count", "event": "contact_added",
                "window": { "type": "rolling", "days": 7 } } } },
            { "id": "pipeline", "name": "Pipeline this month", "kind": "businessImpact", "unit": "EUR",
              "direction": "higher",
              "collection": { "method": "appGenerated", "rule": { "type": "sum", "event": "deal_created",
                "property": "amount", "window": { "type": "calendar", "period": "month" } } } },
            { "id": "reached", "name": "Companies reached this week", "kind": "value", "unit": "companies",
              "direction": "higher",
              "collection": { "method": "appGenerated", "rule": { "type": "distinct", "event": "contact_added",
                "property": "company", "window": { "type": "calendar", "period": "week" } } } },
            { "id": "fit", "name": "ICP fit", "kind": "value", "unit": "%", "direction": "higher",
              "collection": { "method": "appGenerated", "rule": { "type": "ratio", "percent": true,
                "numerator": { "type": "count", "event": "visitor_fit" },
                "denominator": { "type": "count", "event": "visitor_identified" },
                "window": { "type": "rolling", "days": 1 } } } },
            { "id": "confidence", "name": "Confidence in prospecting", "kind": "value", "unit": "points",
              "direction": "higher",
              "collection": { "method": "scaleAssessed", "scale": [
                { "value": 1, "label": "Guessing" }, { "value": 2, "label": "Some method" },
                { "value": 3, "label": "Repeatable" }, { "value": 4, "label": "Measured" },
                { "value": 5, "label": "Optimised" } ] } } ] },
        { "id": "support", "name": "Support lead",
          "maturity": [ { "name": "Basic", "improvement": { "type": "absolute", "amount": 5 } } ],
          "metrics": [
            { "id": "response", "name": "First response time", "kind": "value", "unit": "minutes",
              "direction": "lower", "collection": { "method": "selfReported" } },
            { "id": "csat", "name": "CSAT from helpdesk", "kind": "businessImpact", "unit": "%",
              "direction": "higher", "collection": { "method": "integration" } } ] } ] })
}

fn store() -> Store {
    let mut s = Store::new();
    define(&mut s, &convert(&model_json())).unwrap();
    for (id, roles) in [
        (
            "acme",
            r#"[{"role":"sdr","maturity":1},{"role":"support","maturity":1}]"#,
        ),
        ("globex", r#"[{"role":"sdr","maturity":2}]"#),
        ("initech", r#"[{"role":"support","maturity":1}]"#),
    ] {
        s.upsert(&json(&format!(r#"{{"id":"{id}","roles":{roles}}}"#)))
            .unwrap();
    }
    s
}

fn track(
    s: &mut Store,
    event: &str,
    account: &str,
    at: i64,
    props: &[(&str, Prop)],
) -> Result<usize, Error> {
    let props: Vec<(String, Prop)> = props
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    s.track(event, account, None, at, &mut |name| {
        Ok(props
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone()))
    })
}

fn value(s: &Store, account: &str, role: &str, metric: &str, at: i64) -> Option<f64> {
    let which = json(&format!(
        r#"{{"account":"{account}","role":"{role}","metric":"{metric}"}}"#
    ));
    value_at(s, &which, at).unwrap()
}

fn observe(
    s: &mut Store,
    account: &str,
    role: &str,
    metric: &str,
    method: &str,
    v: f64,
    at: i64,
) -> Result<Value, Error> {
    record(
        s,
        &json(&format!(
            r#"{{"account":"{account}","role":"{role}","metric":"{metric}","method":"{method}","value":{v},"at":{at}}}"#
        )),
    )
}

/// Sets the goal of acme's support CSAT: 70 -> 80, from JAN_1, due day 10.
fn set_csat_goal(s: &mut Store) {
    set_goal(s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":70,"target":80,"start":{JAN_1},"due":{}}}"#, JAN_1 + 10 * DAY)).unwrap();
}

/// Records acme's support CSAT `v` (integration-fed) on day `day`; returns the goal it closed.
fn csat(s: &mut Store, v: f64, day: i64) -> Value {
    observe(
        s,
        "acme",
        "support",
        "csat",
        "integration",
        v,
        JAN_1 + day * DAY,
    )
    .unwrap()
}

/// A change to a JSON fixture that should make it invalid.
type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;

fn model_error(edit: impl FnOnce(&mut serde_json::Value)) -> Error {
    let mut m = model_json();
    edit(&mut m);
    define(&mut Store::new(), &convert(&m)).unwrap_err()
}

// ---------------------------------------------------------------- definitions

#[test]
fn invalid_definitions_name_the_field_path() {
    let cases: Vec<(Edit, ErrorCode, &str)> = vec![
        (
            Box::new(|m| m["roles"][1]["metrics"][0]["direction"] = "up".into()),
            ErrorCode::InvalidValue,
            "roles[1].metrics[0].direction",
        ),
        (
            Box::new(|m| m["roles"][0]["metrics"][1]["kind"] = 3.into()),
            ErrorCode::WrongType,
            "roles[0].metrics[1].kind",
        ),
        (
            Box::new(|m| m["roles"][1]["id"] = "sdr".into()),
            ErrorCode::DuplicateId,
            "roles[1].id",
        ),
        (
            Box::new(|m| m["roles"][1]["metrics"][1]["id"] = "response".into()),
            ErrorCode::DuplicateId,
            "roles[1].metrics[1].id",
        ),
        (
            Box::new(|m| m["roles"][0]["metrics"][0]["colour"] = "red".into()),
            ErrorCode::UnknownOption,
            "roles[0].metrics[0].colour",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][1]["collection"]["rule"]["property"] = "account".into()
            }),
            ErrorCode::InvalidValue,
            "roles[0].metrics[1].collection.rule.property",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][2]["collection"]["rule"]["property"] = "role".into()
            }),
            ErrorCode::InvalidValue,
            "roles[0].metrics[2].collection.rule.property",
        ),
        (
            Box::new(|m| m["roles"][0]["metrics"][0]["name"] = " ".into()),
            ErrorCode::InvalidValue,
            "roles[0].metrics[0].name",
        ),
        (
            Box::new(|m| m["roles"][0]["maturity"] = serde_json::json!([])),
            ErrorCode::EmptyInput,
            "roles[0].maturity",
        ),
        (
            Box::new(|m| m["roles"][0]["maturity"][2]["improvement"]["amount"] = 0.into()),
            ErrorCode::InvalidValue,
            "roles[0].maturity[2].improvement.amount",
        ),
        (
            Box::new(|m| m["roles"][0]["maturity"][1]["improvement"]["type"] = "ratio".into()),
            ErrorCode::InvalidValue,
            "roles[0].maturity[1].improvement.type",
        ),
        (
            Box::new(|m| m["roles"][0]["metrics"][4]["collection"]["scale"][3]["value"] = 2.into()),
            ErrorCode::InvalidValue,
            "roles[0].metrics[4].collection.scale[3].value",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][4]["collection"]["scale"][0]["label"] =
                    serde_json::Value::Null
            }),
            ErrorCode::WrongType,
            "roles[0].metrics[4].collection.scale[0].label",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][4]["collection"]["scale"] =
                    serde_json::json!([{"value": 1, "label": "x"}])
            }),
            ErrorCode::InvalidValue,
            "roles[0].metrics[4].collection.scale",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][4]["collection"]["scale"] = serde_json::json!([])
            }),
            ErrorCode::EmptyInput,
            "roles[0].metrics[4].collection.scale",
        ),
        (
            Box::new(|m| m["roles"][1]["metrics"][0]["collection"]["rule"] = serde_json::json!({})),
            ErrorCode::UnknownOption,
            "roles[1].metrics[0].collection.rule",
        ),
        (
            Box::new(|m| m["roles"][1]["metrics"][0]["collection"]["method"] = "guess".into()),
            ErrorCode::InvalidValue,
            "roles[1].metrics[0].collection.method",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][0]["collection"]["rule"]["window"]["days"] = 0.into()
            }),
            ErrorCode::InvalidValue,
            "roles[0].metrics[0].collection.rule.window.days",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][0]["collection"]["rule"]["window"]["days"] = 1.5.into()
            }),
            ErrorCode::InvalidValue,
            "roles[0].metrics[0].collection.rule.window.days",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][1]["collection"]["rule"]["window"]["period"] =
                    "year".into()
            }),
            ErrorCode::InvalidValue,
            "roles[0].metrics[1].collection.rule.window.period",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][0]["collection"]["rule"]["property"] = "x".into()
            }),
            ErrorCode::UnknownOption,
            "roles[0].metrics[0].collection.rule.property",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][1]["collection"]["rule"]["property"] =
                    serde_json::Value::Null
            }),
            ErrorCode::WrongType,
            "roles[0].metrics[1].collection.rule.property",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][3]["collection"]["rule"]["denominator"] =
                    serde_json::Value::Null
            }),
            ErrorCode::WrongType,
            "roles[0].metrics[3].collection.rule.denominator",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][3]["collection"]["rule"]["numerator"]["type"] =
                    "ratio".into()
            }),
            ErrorCode::InvalidValue,
            "roles[0].metrics[3].collection.rule.numerator.type",
        ),
        (
            Box::new(|m| {
                m["roles"][0]["metrics"][3]["collection"]["rule"]["percent"] = "yes".into()
            }),
            ErrorCode::WrongType,
            "roles[0].metrics[3].collection.rule.percent",
        ),
        (
            Box::new(|m| *m = serde_json::json!({"roles": []})),
            ErrorCode::EmptyInput,
            "roles",
        ),
        (
            Box::new(|m| *m = serde_json::json!([1])),
            ErrorCode::WrongType,
            "model",
        ),
    ];
    for (edit, code, field) in cases {
        let err = model_error(edit);
        assert_eq!(
            (err.code(), err.field()),
            (code, field),
            "{}",
            err.message()
        );
        assert!(err.message().starts_with(field), "{}", err.message());
    }
}

#[test]
fn a_bad_model_changes_nothing_and_a_used_model_is_kept() {
    let mut s = store();
    let before = s.to_value();
    let err = define(&mut s, &convert(&model_json())).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ModelInUse);
    assert!(define(&mut s, &json(r#"{"roles":[{"id":1}]}"#)).is_err());
    assert_eq!(s.to_value(), before);
}

// --------------------------------------------------------------- accounts

#[test]
fn accounts_are_validated_and_upserted() {
    let mut s = Store::new();
    assert_eq!(
        s.upsert(&json(r#"{"id":"a"}"#)).unwrap_err().code(),
        ErrorCode::NoModel
    );
    let mut s = store();
    let cases = [
        (
            r#"{"id":"x","roles":[{"role":"cfo","maturity":1}]}"#,
            ErrorCode::UnknownId,
            "account.roles[0].role",
        ),
        (
            r#"{"id":"x","roles":[{"role":"sdr","maturity":4}]}"#,
            ErrorCode::InvalidValue,
            "account.roles[0].maturity",
        ),
        (
            r#"{"id":"x","roles":[{"role":"sdr","maturity":1.5}]}"#,
            ErrorCode::InvalidValue,
            "account.roles[0].maturity",
        ),
        (
            r#"{"id":"","roles":[]}"#,
            ErrorCode::InvalidValue,
            "account.id",
        ),
        (
            r#"{"id":"x","plan":"pro"}"#,
            ErrorCode::UnknownOption,
            "account.plan",
        ),
        (
            r#"{"id":"x","roles":{}}"#,
            ErrorCode::WrongType,
            "account.roles",
        ),
    ];
    let before = s.to_value();
    for (input, code, field) in cases {
        let err = s.upsert(&json(input)).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (code, field),
            "{}",
            err.message()
        );
    }
    assert_eq!(s.to_value(), before, "failed upserts change nothing");
    s.upsert(&json(r#"{"id":"globex","name":"Globex","roles":[{"role":"sdr","maturity":3},{"role":"support","maturity":1}]}"#)).unwrap();
    let canvas = s
        .canvas_of(&json(r#"{"account":"globex","role":"sdr"}"#), JAN_1)
        .unwrap();
    assert_eq!(
        canvas.get("maturity").unwrap().get("level"),
        Some(&Value::Number(3.0))
    );
    assert!(s
        .canvas_of(&json(r#"{"account":"globex","role":"support"}"#), JAN_1)
        .is_ok());
}

// ----------------------------------------------------------- observations

#[test]
fn observations_are_checked_against_their_metric() {
    let mut s = store();
    let before = s.to_value();
    let cases = [
        (
            "acme",
            "support",
            "response",
            "integration",
            5.0,
            ErrorCode::MethodMismatch,
            "observation.method",
        ),
        (
            "acme",
            "sdr",
            "contacts",
            "appGenerated",
            5.0,
            ErrorCode::MethodMismatch,
            "observation.method",
        ),
        (
            "acme",
            "sdr",
            "confidence",
            "scaleAssessed",
            2.5,
            ErrorCode::ScoreOutOfRange,
            "observation.value",
        ),
        (
            "acme",
            "sdr",
            "confidence",
            "scaleAssessed",
            6.0,
            ErrorCode::ScoreOutOfRange,
            "observation.value",
        ),
        (
            "nobody",
            "sdr",
            "confidence",
            "scaleAssessed",
            2.0,
            ErrorCode::UnknownId,
            "observation.account",
        ),
        (
            "initech",
            "sdr",
            "confidence",
            "scaleAssessed",
            2.0,
            ErrorCode::UnknownId,
            "observation.role",
        ),
        (
            "acme",
            "sdr",
            "reply_rate",
            "selfReported",
            2.0,
            ErrorCode::UnknownId,
            "observation.metric",
        ),
        (
            "acme",
            "support",
            "response",
            "typed",
            2.0,
            ErrorCode::InvalidValue,
            "observation.method",
        ),
    ];
    for (account, role, metric, method, v, code, field) in cases {
        let err = observe(&mut s, account, role, metric, method, v, JAN_1).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (code, field),
            "{}",
            err.message()
        );
    }
    for (input, code, field) in [
        (
            r#"{"account":"acme","role":"support","metric":"response","method":"selfReported","value":"5","at":0}"#,
            ErrorCode::WrongType,
            "observation.value",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"response","method":"selfReported","value":5,"at":1.5}"#,
            ErrorCode::InvalidTime,
            "observation.at",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"response","method":"selfReported","value":5,"at":9e15}"#,
            ErrorCode::InvalidTime,
            "observation.at",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"response","method":"selfReported","value":5}"#,
            ErrorCode::WrongType,
            "observation.at",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"response","method":"selfReported","value":5,"at":0,"user":7}"#,
            ErrorCode::WrongType,
            "observation.user",
        ),
        (r#"[]"#, ErrorCode::WrongType, "observation"),
        (
            r#"{"account":"acme","role":"sdr","metric":"contacts","value":5,"at":0}"#,
            ErrorCode::MethodMismatch,
            "observation.method",
        ),
    ] {
        let err = record(&mut s, &json(input)).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (code, field),
            "{}",
            err.message()
        );
    }
    let err = record(&mut s, &Value::object([("value", Value::Number(f64::NAN))])).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongType); // account is checked first
    assert_eq!(s.to_value(), before);
    // Without `method`, the metric's own method applies.
    record(
        &mut s,
        &json(r#"{"account":"acme","role":"support","metric":"response","value":5,"at":0}"#),
    )
    .unwrap();
    assert_ne!(s.to_value(), before);
}

#[test]
fn the_current_value_is_the_latest_observation_at_the_time_asked() {
    let mut s = store();
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        30.0,
        JAN_1 + 10 * DAY,
    )
    .unwrap();
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        40.0,
        JAN_1,
    )
    .unwrap(); // recorded late
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        25.0,
        JAN_1 + 20 * DAY,
    )
    .unwrap();
    assert_eq!(value(&s, "acme", "support", "response", JAN_1 - 1), None);
    assert_eq!(
        value(&s, "acme", "support", "response", JAN_1 + 5 * DAY),
        Some(40.0)
    );
    assert_eq!(
        value(&s, "acme", "support", "response", JAN_1 + 10 * DAY),
        Some(30.0)
    );
    assert_eq!(
        value(&s, "acme", "support", "response", JAN_1 + 30 * DAY),
        Some(25.0)
    );
    observe(
        &mut s,
        "acme",
        "sdr",
        "confidence",
        "scaleAssessed",
        2.0,
        JAN_1,
    )
    .unwrap();
    assert_eq!(value(&s, "acme", "sdr", "confidence", JAN_1), Some(2.0));
}

#[test]
fn readers_reject_bad_references_and_times() {
    let s = store();
    let cases = [
        (
            r#"{"account":"nobody","role":"sdr","metric":"contacts"}"#,
            ErrorCode::UnknownId,
            "instance.account",
        ),
        (
            r#"{"account":"acme","role":"cfo","metric":"contacts"}"#,
            ErrorCode::UnknownId,
            "instance.role",
        ),
        (
            r#"{"account":"initech","role":"sdr","metric":"contacts"}"#,
            ErrorCode::UnknownId,
            "instance.role",
        ),
        (
            r#"{"account":"acme","role":"sdr","metric":"calls"}"#,
            ErrorCode::UnknownId,
            "instance.metric",
        ),
        (
            r#"{"account":"acme","role":"sdr"}"#,
            ErrorCode::WrongType,
            "instance.metric",
        ),
        (
            r#"{"account":"acme","role":"sdr","metric":"contacts","extra":1}"#,
            ErrorCode::UnknownOption,
            "instance.extra",
        ),
    ];
    for (input, code, field) in cases {
        for err in [
            value_at(&s, &json(input), 0).unwrap_err(),
            history(&s, &json(input)).unwrap_err(),
        ] {
            assert_eq!(
                (err.code(), err.field()),
                (code, field),
                "{}",
                err.message()
            );
        }
    }
    for (input, code, field) in [
        (
            r#"{"account":"acme","role":"cfo"}"#,
            ErrorCode::UnknownId,
            "instance.role",
        ),
        (
            r#"{"account":"acme"}"#,
            ErrorCode::WrongType,
            "instance.role",
        ),
        (
            r#"{"account":"acme","role":"sdr","metric":"contacts"}"#,
            ErrorCode::UnknownOption,
            "instance.metric",
        ),
        (r#""acme""#, ErrorCode::WrongType, "instance"),
    ] {
        for err in [
            s.goals_of(&json(input), 0).unwrap_err(),
            s.canvas_of(&json(input), 0).unwrap_err(),
        ] {
            assert_eq!(
                (err.code(), err.field()),
                (code, field),
                "{}",
                err.message()
            );
        }
    }
}

// ----------------------------------------------------------------- tracking

#[test]
fn rolling_counts_at_day_boundaries() {
    let mut s = store();
    // contacts: count over the query's UTC day and the 6 days before.
    track(
        &mut s,
        "contact_added",
        "acme",
        JAN_1,
        &[("company", Prop::Text("a".into()))],
    )
    .unwrap();
    track(
        &mut s,
        "contact_added",
        "acme",
        JAN_1 + 7 * DAY - 1,
        &[("company", Prop::Text("b".into()))],
    )
    .unwrap();
    assert_eq!(
        value(&s, "acme", "sdr", "contacts", JAN_1 + 7 * DAY - 1),
        Some(2.0)
    );
    assert_eq!(
        value(&s, "acme", "sdr", "contacts", JAN_1 + 7 * DAY),
        Some(1.0)
    );
    assert_eq!(
        value(&s, "acme", "sdr", "contacts", JAN_1 + 14 * DAY),
        Some(0.0)
    );
    assert_eq!(
        value(&s, "globex", "sdr", "contacts", JAN_1),
        None,
        "no events: no value"
    );
}

/// A sum rule adds amounts up to 2^53 - 1 either way: beyond, the event is
/// refused and nothing changes, so no total becomes Infinity (which JSON
/// saves as null, and the state would not load again).
#[test]
fn sum_rules_refuse_amounts_beyond_the_safe_integers() {
    let mut s = store();
    let amount = |x: f64| [("amount", Prop::Number(x))];
    let max = 9_007_199_254_740_991.0;
    track(&mut s, "deal_created", "acme", JAN_1, &amount(max)).unwrap();
    track(&mut s, "deal_created", "acme", JAN_1, &amount(-max)).unwrap();
    let before = s.to_value();
    for x in [1e308, -max - 2.0] {
        let e = track(&mut s, "deal_created", "acme", JAN_1, &amount(x)).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::ValueOutOfRange, "props.amount")
        );
    }
    assert_eq!(s.to_value(), before);
    assert_eq!(value(&s, "acme", "sdr", "pipeline", JAN_1), Some(0.0));
}

#[test]
fn calendar_sums_and_distinct_counts_reset_at_period_boundaries() {
    let mut s = store();
    let feb_1 = JAN_1 + 31 * DAY; // 2024-02-01
    let amount = |x: f64| [("amount", Prop::Number(x))];
    track(&mut s, "deal_created", "acme", JAN_1, &amount(100.0)).unwrap();
    track(&mut s, "deal_created", "acme", feb_1 - 1, &amount(50.5)).unwrap();
    assert_eq!(value(&s, "acme", "sdr", "pipeline", feb_1 - 1), Some(150.5));
    track(&mut s, "deal_created", "acme", feb_1, &amount(10.0)).unwrap();
    assert_eq!(value(&s, "acme", "sdr", "pipeline", feb_1), Some(10.0));
    // A January event arriving in February is too late for the month kept.
    assert_eq!(
        track(&mut s, "deal_created", "acme", JAN_1, &amount(1.0)).unwrap(),
        0
    );
    assert_eq!(value(&s, "acme", "sdr", "pipeline", feb_1), Some(10.0));

    // reached: distinct companies in the ISO week (Monday JAN_1 .. Sunday).
    let company = |c: &str| [("company", Prop::Text(c.into()))];
    for (at, c) in [
        (JAN_1, "a"),
        (JAN_1 + DAY, "a"),
        (JAN_1 + 2 * DAY, "b"),
        (JAN_1 + 7 * DAY - 1, "c"),
    ] {
        track(&mut s, "contact_added", "acme", at, &company(c)).unwrap();
    }
    assert_eq!(
        value(&s, "acme", "sdr", "reached", JAN_1 + 7 * DAY - 1),
        Some(3.0)
    );
    track(
        &mut s,
        "contact_added",
        "acme",
        JAN_1 + 7 * DAY,
        &company("a"),
    )
    .unwrap();
    assert_eq!(
        value(&s, "acme", "sdr", "reached", JAN_1 + 7 * DAY),
        Some(1.0)
    );
}

#[test]
fn ratios_need_a_denominator() {
    let mut s = store();
    assert_eq!(value(&s, "acme", "sdr", "fit", JAN_1), None);
    track(&mut s, "visitor_fit", "acme", JAN_1, &[]).unwrap();
    assert_eq!(
        value(&s, "acme", "sdr", "fit", JAN_1),
        None,
        "0 identified: no ratio"
    );
    for _ in 0..4 {
        track(&mut s, "visitor_identified", "acme", JAN_1 + 1, &[]).unwrap();
    }
    assert_eq!(value(&s, "acme", "sdr", "fit", JAN_1), Some(25.0)); // 1 of 4, as %
}

#[test]
fn tracking_validates_before_changing_anything() {
    let mut s = store();
    let before = s.to_value();
    let err = track(&mut s, "contact_added", "acme", JAN_1, &[]).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::WrongType, "props.company")
    );
    let err = track(
        &mut s,
        "deal_created",
        "acme",
        JAN_1,
        &[("amount", Prop::Text("5".into()))],
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::WrongType, "props.amount")
    );
    let err = track(
        &mut s,
        "deal_created",
        "acme",
        JAN_1,
        &[("amount", Prop::Number(f64::INFINITY))],
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::NotFinite, "props.amount")
    );
    let err = track(&mut s, "contact_added", "nobody", JAN_1, &[]).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::UnknownId, "props.account")
    );
    let err = s
        .track("contact_added", "acme", Some("cfo"), JAN_1, &mut |_| {
            Ok(None)
        })
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::UnknownId, "props.role")
    );
    assert_eq!(s.to_value(), before);
    // Unknown events and accounts without the role are no-ops.
    assert_eq!(track(&mut s, "page_view", "acme", JAN_1, &[]).unwrap(), 0);
    assert_eq!(
        track(&mut s, "visitor_fit", "initech", JAN_1, &[]).unwrap(),
        0
    );
    // The role filter keeps other roles' rules out.
    assert_eq!(
        s.track("visitor_fit", "acme", Some("support"), JAN_1, &mut |_| Ok(
            None
        ))
        .unwrap(),
        0
    );
    assert_eq!(
        s.track("visitor_fit", "acme", Some("sdr"), JAN_1, &mut |_| Ok(None))
            .unwrap(),
        1
    );
}

// -------------------------------------------------------------------- goals

fn set_goal(s: &mut Store, body: &str) -> Result<Value, Error> {
    Ok(s.set_goal(&GoalInput::from_value(&json(body))?)?.to_value())
}

#[test]
fn goal_validation() {
    let mut s = store();
    let cases = [
        (
            r#"{"account":"acme","role":"support","metric":"response","baseline":30,"target":30,"start":0}"#,
            ErrorCode::GoalZeroWidth,
            "goal.target",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"response","baseline":30,"target":35,"start":0}"#,
            ErrorCode::GoalWrongDirection,
            "goal.target",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"csat","baseline":80,"target":70,"start":0}"#,
            ErrorCode::GoalWrongDirection,
            "goal.target",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"csat","baseline":80,"target":90,"start":10,"due":10}"#,
            ErrorCode::InvalidValue,
            "goal.due",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"csat","target":90,"start":0}"#,
            ErrorCode::NoCurrentValue,
            "goal.baseline",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"csat","baseline":80,"start":0}"#,
            ErrorCode::WrongType,
            "goal.target",
        ),
        (
            r#"{"account":"acme","role":"support","metric":"csat","baseline":80,"target":90,"start":0,"owner":"x"}"#,
            ErrorCode::UnknownOption,
            "goal.owner",
        ),
    ];
    let before = s.to_value();
    for (input, code, field) in cases {
        let err = set_goal(&mut s, input).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (code, field),
            "{}",
            err.message()
        );
    }
    assert_eq!(s.to_value(), before);
    set_goal(&mut s, r#"{"account":"acme","role":"support","metric":"csat","baseline":80,"target":90,"start":0}"#).unwrap();
    let err = set_goal(&mut s, r#"{"account":"acme","role":"support","metric":"csat","baseline":80,"target":95,"start":0}"#).unwrap_err();
    assert_eq!(err.code(), ErrorCode::GoalActive);
    let err = abandon(
        &mut s,
        &json(r#"{"account":"acme","role":"support","metric":"response","at":0}"#),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NoActiveGoal);
}

fn metric_row<'a>(rows: &'a Value, metric: &str) -> &'a Value {
    match rows {
        Value::Array(rows) => rows
            .iter()
            .find(|r| r.get("metric").and_then(Value::as_str) == Some(metric))
            .unwrap(),
        _ => panic!("not an array"),
    }
}

fn num(v: &Value, path: &[&str]) -> Option<f64> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_f64()
}

#[test]
fn a_first_goal_is_suggested_from_the_current_level_and_maturity() {
    let mut s = store();
    let instance = json(r#"{"account":"acme","role":"support"}"#);
    let next = |s: &Store| {
        metric_row(&s.goals_of(&instance, JAN_1 + DAY).unwrap(), "response")
            .get("nextGoal")
            .cloned()
    };
    // No value yet: nothing to suggest from.
    assert_eq!(next(&s), Some(Value::Null));
    // 40 minutes, lower is better, maturity level 1 "Basic" improves by 5 (absolute): 40 -> 35.
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        40.0,
        JAN_1,
    )
    .unwrap();
    let suggestion = next(&s).unwrap();
    assert_eq!(num(&suggestion, &["baseline"]), Some(40.0));
    assert_eq!(num(&suggestion, &["target"]), Some(35.0));
    assert_eq!(num(&suggestion, &["maturityLevel"]), Some(1.0));
    // While a goal is active there is no next goal.
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"response","target":35,"start":{JAN_1}}}"#)).unwrap();
    assert_eq!(next(&s), Some(Value::Null));

    // On an anchored scale the suggestion is a point of the scale: from 2, level 1's +20 %
    // (2.4) rounds up to the next point, 3; at the top point there is nothing to suggest.
    let sdr = json(r#"{"account":"acme","role":"sdr"}"#);
    let confidence = |s: &Store| {
        metric_row(&s.goals_of(&sdr, JAN_1 + DAY).unwrap(), "confidence")
            .get("nextGoal")
            .cloned()
            .unwrap()
    };
    observe(
        &mut s,
        "acme",
        "sdr",
        "confidence",
        "scaleAssessed",
        2.0,
        JAN_1,
    )
    .unwrap();
    assert_eq!(num(&confidence(&s), &["target"]), Some(3.0));
    observe(
        &mut s,
        "acme",
        "sdr",
        "confidence",
        "scaleAssessed",
        5.0,
        JAN_1,
    )
    .unwrap();
    assert_eq!(confidence(&s), Value::Null);
}

#[test]
fn a_lower_is_better_goal_is_achieved_closed_and_followed_by_a_suggestion() {
    let mut s = store();
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        40.0,
        JAN_1,
    )
    .unwrap();
    // Baseline defaults to the value at start (40); target 30 minutes; due in 20 days.
    let goal = set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"response","target":30,"start":{JAN_1},"due":{}}}"#, JAN_1 + 20 * DAY)).unwrap();
    assert_eq!(goal.get("baseline"), Some(&Value::Number(40.0)));
    // Day 5: 35 minutes = half way in a quarter of the time: projected 2.0, on track.
    assert_eq!(
        observe(
            &mut s,
            "acme",
            "support",
            "response",
            "selfReported",
            35.0,
            JAN_1 + 5 * DAY
        )
        .unwrap(),
        Value::Null
    );
    let rows = s
        .goals_of(
            &json(r#"{"account":"acme","role":"support"}"#),
            JAN_1 + 5 * DAY,
        )
        .unwrap();
    let row = metric_row(&rows, "response");
    assert_eq!(num(row, &["current"]), Some(35.0));
    assert_eq!(num(row, &["goal", "progress", "raw"]), Some(0.5));
    assert_eq!(num(row, &["goal", "progress", "percent"]), Some(50.0));
    assert_eq!(num(row, &["goal", "forecast", "projected"]), Some(2.0));
    assert_eq!(
        row.get("goal")
            .unwrap()
            .get("forecast")
            .unwrap()
            .get("onTrack"),
        Some(&Value::Bool(true))
    );
    // Regress: 44 minutes -> raw -0.4, display 0 %.
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        44.0,
        JAN_1 + 6 * DAY,
    )
    .unwrap();
    let rows = s
        .goals_of(
            &json(r#"{"account":"acme","role":"support"}"#),
            JAN_1 + 6 * DAY,
        )
        .unwrap();
    assert!(
        (num(metric_row(&rows, "response"), &["goal", "progress", "raw"]).unwrap() + 0.4).abs()
            < 1e-12
    );
    assert_eq!(
        num(
            metric_row(&rows, "response"),
            &["goal", "progress", "percent"]
        ),
        Some(0.0)
    );
    // Overshoot to 28: achieved, closed into history.
    let closed = observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        28.0,
        JAN_1 + 9 * DAY,
    )
    .unwrap();
    assert_eq!(
        closed.get("status").and_then(Value::as_str),
        Some("achieved")
    );
    assert_eq!(num(&closed, &["closedValue"]), Some(28.0));
    let history = history(
        &s,
        &json(r#"{"account":"acme","role":"support","metric":"response"}"#),
    )
    .unwrap();
    assert!(matches!(&history, Value::Array(h) if h.len() == 1));
    // Next goal: maturity level 1 "Basic" = absolute step 5, lower is better: 28 -> 23.
    let rows = s
        .goals_of(
            &json(r#"{"account":"acme","role":"support"}"#),
            JAN_1 + 9 * DAY,
        )
        .unwrap();
    let row = metric_row(&rows, "response");
    assert_eq!(row.get("goal"), Some(&Value::Null));
    assert_eq!(num(row, &["nextGoal", "baseline"]), Some(28.0));
    assert_eq!(num(row, &["nextGoal", "target"]), Some(23.0));
    assert_eq!(num(row, &["nextGoal", "maturityLevel"]), Some(1.0));
}

#[test]
fn a_value_dated_before_the_start_judges_the_goal_at_its_start() {
    let mut s = store();
    // Starts on day 5: a value of day 1 is the one in force then, unless a later one came first.
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":70,"target":80,"start":{},"due":{}}}"#, JAN_1 + 5 * DAY, JAN_1 + 10 * DAY)).unwrap();
    csat(&mut s, 72.0, 3);
    assert_eq!(
        csat(&mut s, 85.0, 1),
        Value::Null,
        "day 3's 72 is in force at the start"
    );
    let closed = csat(&mut s, 90.0, 4);
    assert_eq!(
        closed.get("status").and_then(Value::as_str),
        Some("achieved")
    );
    assert_eq!(
        num(&closed, &["closedAt"]),
        Some((JAN_1 + 5 * DAY) as f64),
        "closed at the start"
    );
    assert_eq!(num(&closed, &["closedValue"]), Some(90.0));
}

#[test]
fn an_event_past_the_due_date_keeps_the_value_there_for_a_late_review() {
    // Reached on day 4 (due day 5); the app tracks on day 40, which moves the
    // 7-day ring past the due date's window: the value at the due date is
    // then unknown to the rule, but the day-40 event kept it with the goal,
    // and a review on day 41 (after a save and a load) still judges by it.
    let mut s = store();
    let contacts = json(r#"{"account":"acme","role":"sdr","metric":"contacts"}"#);
    let goal = |target: i64, start: i64, due: i64| {
        format!(
            r#"{{"account":"acme","role":"sdr","metric":"contacts","baseline":0,"target":{target},"start":{start},"due":{due}}}"#
        )
    };
    let add = |s: &mut Store, at: i64| {
        track(
            s,
            "contact_added",
            "acme",
            at,
            &[("company", Prop::Number(1.0))],
        )
        .unwrap();
    };
    set_goal(&mut s, &goal(5, JAN_1, JAN_1 + 5 * DAY)).unwrap();
    for _ in 0..6 {
        add(&mut s, JAN_1 + 4 * DAY);
    }
    add(&mut s, JAN_1 + 5 * DAY + 1);
    add(&mut s, JAN_1 + 40 * DAY);
    assert_eq!(
        value_at(&s, &contacts, JAN_1 + 5 * DAY).unwrap(),
        None,
        "forgotten by the rule"
    );
    let mut s = Store::from_value(&s.to_value()).unwrap();
    let Value::Array(closed) = s.review(JAN_1 + 41 * DAY).unwrap() else {
        panic!()
    };
    let closed = closed[0].get("goal").unwrap();
    assert_eq!(
        closed.get("status").and_then(Value::as_str),
        Some("achieved")
    );
    assert_eq!(num(closed, &["closedAt"]), Some((JAN_1 + 5 * DAY) as f64));
    assert_eq!(num(closed, &["closedValue"]), Some(7.0));
    assert_eq!(closed.get("dueValue"), None, "kept in saved state only");

    // Not reached by its due date: missed, closed by the review, as ever.
    set_goal(&mut s, &goal(9, JAN_1 + 41 * DAY, JAN_1 + 45 * DAY)).unwrap();
    add(&mut s, JAN_1 + 47 * DAY);
    let Value::Array(closed) = s.review(JAN_1 + 48 * DAY).unwrap() else {
        panic!()
    };
    assert_eq!(
        closed[0]
            .get("goal")
            .unwrap()
            .get("status")
            .and_then(Value::as_str),
        Some("missed")
    );
    assert_eq!(
        num(closed[0].get("goal").unwrap(), &["closedAt"]),
        Some((JAN_1 + 48 * DAY) as f64)
    );
}

#[test]
fn goals_are_missed_after_due_and_abandoned_on_request() {
    let mut s = store();
    set_csat_goal(&mut s);
    csat(&mut s, 75.0, 1);
    assert_eq!(
        s.review(JAN_1 + 10 * DAY).unwrap(),
        Value::Array(vec![]),
        "due day itself is still in time"
    );
    let closed = s.review(JAN_1 + 10 * DAY + 1).unwrap();
    let Value::Array(closed) = closed else {
        panic!()
    };
    assert_eq!(closed.len(), 1);
    assert_eq!(
        closed[0]
            .get("goal")
            .unwrap()
            .get("status")
            .and_then(Value::as_str),
        Some("missed")
    );
    assert_eq!(
        closed[0].get("metric").and_then(Value::as_str),
        Some("csat")
    );
    // A reached target after the due date does not count as achieved.
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":75,"target":80,"start":{JAN_1},"due":{}}}"#, JAN_1 + 20 * DAY)).unwrap();
    let closed = observe(
        &mut s,
        "acme",
        "support",
        "csat",
        "integration",
        85.0,
        JAN_1 + 21 * DAY,
    )
    .unwrap();
    assert_eq!(closed.get("status").and_then(Value::as_str), Some("missed"));
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":85,"target":90,"start":{JAN_1}}}"#)).unwrap();
    // Not before the goal started: refused, and the goal stays active.
    let early = abandon(
        &mut s,
        &json(&format!(
            r#"{{"account":"acme","role":"support","metric":"csat","at":{}}}"#,
            JAN_1 - 1
        )),
    )
    .unwrap_err();
    assert_eq!(
        (early.code(), early.field()),
        (ErrorCode::InvalidValue, "goal.at")
    );
    assert!(early.message().contains("before the goal's start"));
    let abandoned = abandon(
        &mut s,
        &json(&format!(
            r#"{{"account":"acme","role":"support","metric":"csat","at":{}}}"#,
            JAN_1 + 22 * DAY
        )),
    )
    .unwrap();
    assert_eq!(
        abandoned.get("status").and_then(Value::as_str),
        Some("abandoned")
    );
    let Value::Array(history) = history(
        &s,
        &json(r#"{"account":"acme","role":"support","metric":"csat"}"#),
    )
    .unwrap() else {
        panic!()
    };
    let statuses: Vec<_> = history
        .iter()
        .map(|g| g.get("status").and_then(Value::as_str).unwrap())
        .collect();
    assert_eq!(statuses, ["missed", "missed", "abandoned"]);
}

#[test]
fn a_goal_abandoned_after_its_due_date_closes_as_judged_there() {
    let mut s = store();
    csat(&mut s, 72.0, 5);
    csat(&mut s, 90.0, 12);
    // Set afterwards, for the past (70 -> 80, due day 10), and not judged since.
    set_csat_goal(&mut s);
    let at = |day: i64| {
        json(&format!(
            r#"{{"account":"acme","role":"support","metric":"csat","at":{}}}"#,
            JAN_1 + day * DAY
        ))
    };
    // It was over: missed by its value at the due date (72), not abandoned at 90.
    let late = abandon(&mut s, &at(30)).unwrap();
    assert_eq!(late.get("status").and_then(Value::as_str), Some("missed"));
    assert_eq!(
        late.get("closedAt").and_then(Value::as_f64),
        Some((JAN_1 + 30 * DAY) as f64)
    );
    assert_eq!(late.get("closedValue").and_then(Value::as_f64), Some(72.0));
    // Reached by its due date: achieved, closed at the due date.
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":80,"target":85,"start":{},"due":{}}}"#, JAN_1 + 11 * DAY, JAN_1 + 20 * DAY)).unwrap();
    let reached = abandon(&mut s, &at(25)).unwrap();
    assert_eq!(
        reached.get("status").and_then(Value::as_str),
        Some("achieved")
    );
    assert_eq!(
        reached.get("closedAt").and_then(Value::as_f64),
        Some((JAN_1 + 20 * DAY) as f64)
    );
    // Before its due date a goal is abandoned, with the value at the time abandoned.
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":90,"target":95,"start":{},"due":{}}}"#, JAN_1 + 30 * DAY, JAN_1 + 40 * DAY)).unwrap();
    let early = abandon(&mut s, &at(35)).unwrap();
    assert_eq!(
        early.get("status").and_then(Value::as_str),
        Some("abandoned")
    );
    assert_eq!(early.get("closedValue").and_then(Value::as_f64), Some(90.0));
}

#[test]
fn app_generated_goals_are_judged_by_review_and_suggest_from_maturity() {
    let mut s = store();
    set_goal(&mut s, &format!(r#"{{"account":"globex","role":"sdr","metric":"contacts","baseline":10,"target":20,"start":{JAN_1}}}"#)).unwrap();
    for i in 0..20 {
        track(
            &mut s,
            "contact_added",
            "globex",
            JAN_1 + i * 1000,
            &[("company", Prop::Number(i as f64))],
        )
        .unwrap();
    }
    let rows = s
        .goals_of(&json(r#"{"account":"globex","role":"sdr"}"#), JAN_1 + DAY)
        .unwrap();
    assert_eq!(
        num(metric_row(&rows, "contacts"), &["goal", "progress", "raw"]),
        Some(1.0)
    );
    assert_eq!(
        metric_row(&rows, "contacts")
            .get("goal")
            .unwrap()
            .get("forecast"),
        Some(&Value::Null),
        "no due date"
    );
    let Value::Array(closed) = s.review(JAN_1 + DAY).unwrap() else {
        panic!()
    };
    assert_eq!(closed.len(), 1);
    // globex SDR is at maturity 2 "Defined": +10 % of 20 -> 22.
    let rows = s
        .goals_of(&json(r#"{"account":"globex","role":"sdr"}"#), JAN_1 + DAY)
        .unwrap();
    assert_eq!(
        num(metric_row(&rows, "contacts"), &["nextGoal", "target"]),
        Some(22.0)
    );
    assert_eq!(
        num(
            metric_row(&rows, "contacts"),
            &["nextGoal", "maturityLevel"]
        ),
        Some(2.0)
    );
}

// ------------------------------------------------------------------- canvas

#[test]
fn canvas_notes_are_stored_and_returned_with_the_computed_parts() {
    let mut s = store();
    s.set_canvas_from(&json(r#"{"account":"acme","role":"sdr",
        "changesNeeded":["Log every call"],
        "actions":[{"by":"supplier","text":"Run a sequencing workshop"},{"by":"role","text":"Use templates","done":true}],
        "resources":[{"name":"Sequences","type":"feature","url":"https://example.com/seq"}]}"#)).unwrap();
    let c = sorted(
        &s.canvas_of(&json(r#"{"account":"acme","role":"sdr"}"#), JAN_1)
            .unwrap(),
    );
    assert_eq!(c.get("roleName").and_then(Value::as_str), Some("SDR"));
    assert_eq!(
        c.get("maturity")
            .unwrap()
            .get("name")
            .and_then(Value::as_str),
        Some("Initial")
    );
    assert_eq!(num(&c, &["maturity", "improvement", "amount"]), Some(20.0));
    let row = metric_row(c.get("metrics").unwrap(), "contacts");
    assert_eq!(
        row.get("dataSource").and_then(Value::as_str),
        Some("CRM sync")
    );
    assert_eq!(row.get("kind").and_then(Value::as_str), Some("value"));
    assert_eq!(
        row.get("method").and_then(Value::as_str),
        Some("appGenerated")
    );
    assert_eq!(c.get("changesNeeded"), Some(&json(r#"["Log every call"]"#)));
    assert_eq!(
        c.get("actions"),
        Some(&json(
            r#"[{"by":"supplier","text":"Run a sequencing workshop","done":false},{"by":"role","text":"Use templates","done":true}]"#
        ))
    );
    assert_eq!(
        c.get("resources"),
        Some(&json(
            r#"[{"name":"Sequences","type":"feature","url":"https://example.com/seq"}]"#
        ))
    );
    let before = s.to_value();
    for (input, code, field) in [
        (
            r#"{"account":"acme","role":"sdr","actions":[{"by":"cfo","text":"x"}]}"#,
            ErrorCode::InvalidValue,
            "canvas.actions[0].by",
        ),
        (
            r#"{"account":"acme","role":"sdr","resources":[{"name":"x","type":"video"}]}"#,
            ErrorCode::InvalidValue,
            "canvas.resources[0].type",
        ),
        (
            r#"{"account":"acme","role":"sdr","changesNeeded":[""]}"#,
            ErrorCode::InvalidValue,
            "canvas.changesNeeded[0]",
        ),
        (
            r#"{"account":"acme","role":"sdr","notes":"x"}"#,
            ErrorCode::UnknownOption,
            "canvas.notes",
        ),
        (
            r#"{"account":"initech","role":"sdr"}"#,
            ErrorCode::UnknownId,
            "canvas.role",
        ),
    ] {
        let err = s.set_canvas_from(&json(input)).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (code, field),
            "{}",
            err.message()
        );
    }
    assert_eq!(s.to_value(), before);
}

// --------------------------------------------------------------------- KPIs

#[test]
fn kpis_across_accounts() {
    let mut s = store();
    // support: acme 40 -> 30 minutes (gain +10, +25 %), initech 20 -> 25 (gain -5, -25 %).
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        40.0,
        JAN_1,
    )
    .unwrap();
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        30.0,
        JAN_1 + DAY,
    )
    .unwrap();
    observe(
        &mut s,
        "initech",
        "support",
        "response",
        "selfReported",
        20.0,
        JAN_1,
    )
    .unwrap();
    observe(
        &mut s,
        "initech",
        "support",
        "response",
        "selfReported",
        25.0,
        JAN_1 + DAY,
    )
    .unwrap();
    // acme achieves a csat goal 80 -> 85; initech never sets a goal.
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":80,"target":85,"start":{JAN_1}}}"#)).unwrap();
    observe(
        &mut s,
        "acme",
        "support",
        "csat",
        "integration",
        86.0,
        JAN_1 + DAY,
    )
    .unwrap();
    let k = s.kpis(JAN_1 + 2 * DAY).unwrap();
    assert_eq!(num(&k, &["accounts"]), Some(3.0));
    let Some(Value::Array(roles)) = k.get("roles") else {
        panic!()
    };
    let support = roles
        .iter()
        .find(|r| r.get("role").and_then(Value::as_str) == Some("support"))
        .unwrap();
    assert_eq!(num(support, &["instances"]), Some(2.0));
    // Both support instances have a baseline; of 3 accounts -> 66.67 %.
    assert_eq!(num(support, &["measuresInPlace", "count"]), Some(2.0));
    assert!((num(support, &["measuresInPlace", "percent"]).unwrap() - 200.0 / 3.0).abs() < 1e-9);
    // Only acme gained (response and csat): 1 of 2.
    assert_eq!(num(support, &["measurableGain", "percent"]), Some(50.0));
    // acme achieved its goal; it is the only instance with a goal: 1 of 1.
    assert_eq!(num(support, &["goalAchieved", "count"]), Some(1.0));
    assert_eq!(num(support, &["goalAchieved", "of"]), Some(1.0));
    let response = metric_row(support.get("metrics").unwrap(), "response");
    assert_eq!(num(response, &["averageGain"]), Some(2.5)); // (10 + -5) / 2
    assert_eq!(num(response, &["averageGainPercent"]), Some(0.0)); // (25 % + -25 %) / 2
    let csat = metric_row(support.get("metrics").unwrap(), "csat");
    assert_eq!(
        (num(csat, &["averageGain"]), num(csat, &["instances"])),
        (Some(6.0), Some(1.0))
    );
    let sdr = roles
        .iter()
        .find(|r| r.get("role").and_then(Value::as_str) == Some("sdr"))
        .unwrap();
    assert_eq!(num(sdr, &["measuresInPlace", "count"]), Some(0.0));
    assert_eq!(
        sdr.get("goalAchieved").unwrap().get("percent"),
        Some(&Value::Null)
    );
    assert_eq!(
        Store::new().kpis(0).unwrap().get("roles"),
        Some(&Value::Array(vec![]))
    );
}

#[test]
fn an_instance_whose_gain_is_unknown_is_left_out_of_measurable_gain() {
    // acme gains 1 -> 5 contacts in January; globex has no baseline (no
    // gain, known). A February event moves acme's 7-day ring past the end
    // of January: its value then is unknown, so it is left out, not
    // counted as an instance without gain.
    let mut s = store();
    let add = |s: &mut Store, at: i64| {
        track(
            s,
            "contact_added",
            "acme",
            at,
            &[("company", Prop::Number(1.0))],
        )
        .unwrap();
    };
    let end_of_jan = JAN_1 + 31 * DAY - 1;
    add(&mut s, JAN_1 + 9 * DAY);
    set_goal(
        &mut s,
        &format!(
            r#"{{"account":"acme","role":"sdr","metric":"contacts","target":10,"start":{}}}"#,
            JAN_1 + 9 * DAY + 1
        ),
    )
    .unwrap();
    for _ in 0..4 {
        add(&mut s, end_of_jan);
    }
    let gain = |s: &Store| {
        let k = s.kpis(end_of_jan).unwrap();
        let Some(Value::Array(roles)) = k.get("roles") else {
            panic!()
        };
        let sdr = roles
            .iter()
            .find(|r| r.get("role").and_then(Value::as_str) == Some("sdr"))
            .unwrap();
        (
            num(sdr, &["measurableGain", "count"]),
            num(sdr, &["measurableGain", "of"]),
        )
    };
    assert_eq!(gain(&s), (Some(1.0), Some(2.0)));
    add(&mut s, JAN_1 + 50 * DAY);
    assert_eq!(
        gain(&s),
        (Some(0.0), Some(1.0)),
        "acme's gain is unknown now"
    );
}

// -------------------------------------------------------------------- state

fn busy_store() -> Store {
    let mut s = store();
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        40.0,
        JAN_1,
    )
    .unwrap();
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"response","target":30,"start":{JAN_1},"due":{}}}"#, JAN_1 + 30 * DAY)).unwrap();
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":1,"target":2,"start":{JAN_1}}}"#)).unwrap();
    observe(&mut s, "acme", "support", "csat", "integration", 3.0, JAN_1).unwrap();
    for i in 0..50 {
        let props = [
            ("company", Prop::Text(format!("c{}", i % 7))),
            ("amount", Prop::Number(i as f64 * 1.5)),
        ];
        track(&mut s, "contact_added", "acme", JAN_1 + i * DAY / 5, &props).unwrap();
        track(
            &mut s,
            "deal_created",
            "globex",
            JAN_1 + i * DAY / 3,
            &props,
        )
        .unwrap();
        track(
            &mut s,
            "visitor_identified",
            "acme",
            JAN_1 + i * DAY / 5,
            &props,
        )
        .unwrap();
    }
    s.set_canvas_from(&json(
        r#"{"account":"acme","role":"sdr","changesNeeded":["x"]}"#,
    ))
    .unwrap();
    s
}

#[test]
fn state_round_trips_through_json_text() {
    let s = busy_store();
    let saved = s.to_value();
    let text = serde_json::to_string(&back(&saved)).unwrap();
    let loaded = Store::from_value(&json(&text)).unwrap();
    assert_eq!(loaded.to_value(), saved);
    for at in [JAN_1, JAN_1 + 5 * DAY, JAN_1 + 40 * DAY] {
        assert_eq!(loaded.kpis(at).unwrap(), s.kpis(at).unwrap());
        for m in ["contacts", "pipeline", "reached", "fit"] {
            assert_eq!(
                value(&loaded, "acme", "sdr", m, at),
                value(&s, "acme", "sdr", m, at),
                "{m}"
            );
        }
    }
    assert_eq!(
        Store::from_value(&Store::new().to_value())
            .unwrap()
            .to_value(),
        Store::new().to_value()
    );
}

#[test]
fn bad_state_is_rejected_whole() {
    let saved = back(&busy_store().to_value());
    let cases: Vec<(Edit, ErrorCode, &str)> = vec![
        (
            Box::new(|s| s["version"] = 3.into()),
            ErrorCode::UnsupportedVersion,
            "state.version",
        ),
        (
            // Not a number is not a version, as a fraction is not.
            Box::new(|s| s["version"] = "1".into()),
            ErrorCode::InvalidValue,
            "state.version",
        ),
        (
            Box::new(|s| s["format"] = "other".into()),
            ErrorCode::InvalidValue,
            "state.format",
        ),
        (
            Box::new(|s| s["model"]["roles"][0]["metrics"][0]["direction"] = "up".into()),
            ErrorCode::InvalidValue,
            "state.model.roles[0].metrics[0].direction",
        ),
        (
            Box::new(|s| s["accounts"][0]["roles"][0]["role"] = "cfo".into()),
            ErrorCode::UnknownId,
            "state.accounts[0].roles[0].role",
        ),
        (
            Box::new(|s| s["accounts"][1]["id"] = "acme".into()),
            ErrorCode::DuplicateId,
            "state.accounts[1].id",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][1]["metrics"][0]["observations"][0]["method"] =
                    "integration".into()
            }),
            ErrorCode::MethodMismatch,
            "state.accounts[0].roles[1].metrics[0].observations[0].method",
        ),
        (
            Box::new(|s| s["accounts"][0]["roles"][1]["metrics"][0]["goal"]["target"] = 40.into()),
            ErrorCode::GoalZeroWidth,
            "state.accounts[0].roles[1].metrics[0].goal.target",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][0]["rule"][0]["values"] =
                    serde_json::json!([1])
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[0].metrics[0].rule[0].values",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][2]["rule"][0]["keys"][0][0] = "xyz".into()
            }),
            ErrorCode::WrongType,
            "state.accounts[0].roles[0].metrics[2].rule[0].keys[0][0]",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][2]["rule"][0]["keys"][0][1] = 1.into()
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[0].metrics[2].rule[0].keys[0][1]",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][1]["metrics"][1]["history"] =
                    serde_json::json!([{"baseline":1,"target":2,"start":0,"status":"active"}])
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[1].metrics[1].history[0].status",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][1]["metrics"][0]["rule"] = serde_json::json!([])
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[1].metrics[0].rule",
        ),
        (
            Box::new(|s| s["accounts"][0]["extra"] = 1.into()),
            ErrorCode::UnknownOption,
            "state.accounts[0].extra",
        ),
        // What the store's own calls refuse is refused in saved state too.
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][0]["rule"][0]["values"][0] = (-5).into()
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[0].metrics[0].rule[0].values[0]",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][0]["rule"][0]["values"][0] = 0.5.into()
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[0].metrics[0].rule[0].values[0]",
        ),
        (
            // Totals before any event (no head): they would count in the next read.
            Box::new(|s| {
                let rule = &mut s["accounts"][0]["roles"][0]["metrics"][0]["rule"][0];
                rule.as_object_mut().unwrap().retain(|k, _| k == "values");
                rule["head"] = serde_json::Value::Null;
                rule["values"] = serde_json::json!([0, 0, 0, 700, 0, 0, 0]);
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[0].metrics[0].rule[0].values[3]",
        ),
        (
            // More events than a count can reach (2^53 - 1 at most), a sum beyond any 2^53 amounts.
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][0]["rule"][0]["values"][0] =
                    2f64.powi(60).into()
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[0].metrics[0].rule[0].values[0]",
        ),
        (
            Box::new(|s| {
                s["accounts"][1]["roles"][0]["metrics"][1]["rule"][0]["values"][0] = 1e308.into()
            }),
            ErrorCode::InvalidValue,
            "state.accounts[1].roles[0].metrics[1].rule[0].values[0]",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][1]["metrics"][0]["goal"]["closedValue"] = 5.into()
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[1].metrics[0].goal.closedValue",
        ),
        (
            // The value kept at the due date belongs to an active goal with one.
            Box::new(|s| {
                s["accounts"][0]["roles"][1]["metrics"][1]["history"] = serde_json::json!([
                    {"baseline":1,"target":2,"start":10,"due":20,"status":"missed","closedAt":25,"closedValue":1,"dueValue":1}
                ])
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[1].metrics[1].history[0].dueValue",
        ),
        (
            // Only an app-generated metric's events keep one (csat is an integration metric).
            Box::new(|s| {
                s["accounts"][0]["roles"][1]["metrics"][1]["goal"] = serde_json::json!(
                    {"baseline":1,"target":2,"start":10,"due":20,"status":"active","dueValue":2}
                )
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[1].metrics[1].goal.dueValue",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][1]["metrics"][1]["history"] = serde_json::json!([
                    {"baseline":1,"target":2,"start":10,"status":"achieved","closedAt":5,"closedValue":2}
                ])
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[1].metrics[1].history[0].closedAt",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][4]["observations"] =
                    serde_json::json!([{"at": 0, "value": 9, "method": "scaleAssessed"}])
            }),
            ErrorCode::ScoreOutOfRange,
            "state.accounts[0].roles[0].metrics[4].observations[0].value",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][4]["goal"] = serde_json::json!({"baseline": 1, "target": 3.5, "start": 0, "status": "active"})
            }),
            ErrorCode::ScoreOutOfRange,
            "state.accounts[0].roles[0].metrics[4].goal.target",
        ),
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][0]["observations"] =
                    serde_json::json!([{"at": 0, "value": 1, "method": "appGenerated"}])
            }),
            ErrorCode::MethodMismatch,
            "state.accounts[0].roles[0].metrics[0].observations[0].method",
        ),
        (
            Box::new(|s| {
                let copy = s["accounts"][0]["roles"][1]["metrics"][0].clone();
                s["accounts"][0]["roles"][1]["metrics"]
                    .as_array_mut()
                    .unwrap()
                    .push(copy);
            }),
            ErrorCode::DuplicateId,
            "state.accounts[0].roles[1].metrics[2].metric",
        ),
        (
            Box::new(|s| *s = serde_json::json!("state")),
            ErrorCode::WrongType,
            "state",
        ),
        // A slot no time a Date holds has (day 10^12 is 8.6e22 ms).
        (
            Box::new(|s| {
                s["accounts"][0]["roles"][0]["metrics"][0]["rule"][0]["head"] = 1e12.into()
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[0].metrics[0].rule[0].head",
        ),
        // Goals filed out of the order they closed in.
        (
            Box::new(|s| {
                let goal = |at: i64| serde_json::json!({"baseline":1,"target":2,"start":10,"status":"abandoned","closedAt":at});
                s["accounts"][0]["roles"][1]["metrics"][1]["history"] =
                    serde_json::json!([goal(30), goal(20)]);
            }),
            ErrorCode::InvalidValue,
            "state.accounts[0].roles[1].metrics[1].history[1].closedAt",
        ),
    ];
    for (edit, code, field) in cases {
        let mut bad = saved.clone();
        edit(&mut bad);
        let mut s = busy_store();
        let before = s.to_value();
        let err = s.load(&convert(&bad)).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (code, field),
            "{}",
            err.message()
        );
        assert_eq!(s.to_value(), before, "a failed load keeps the old state");
    }
}

#[test]
fn a_saved_observation_by_another_method_names_the_metric_s_method() {
    let saved = back(&busy_store().to_value());
    let mut bad = saved.clone();
    bad["accounts"][0]["roles"][1]["metrics"][0]["observations"][0]["method"] =
        "integration".into();
    let metric = bad["accounts"][0]["roles"][1]["metrics"][0]["metric"].clone();
    let err = busy_store().load(&convert(&bad)).unwrap_err();
    let method = err.message().split('"').nth(1).map(str::to_owned);
    assert_ne!(method.as_deref(), Some("integration"), "{}", err.message());
    assert!(
        err.message()
            .contains(&format!("the method of metric {metric}")),
        "{}",
        err.message()
    );
}

#[test]
fn the_model_comes_back_without_absent_fields() {
    let mut with_nulls = model_json();
    let metric = &mut with_nulls["roles"][1]["metrics"][0];
    metric["min"] = serde_json::Value::Null;
    metric["dataSource"] = serde_json::Value::Null;
    let mut s = Store::new();
    define(&mut s, &convert(&with_nulls)).unwrap();
    assert_eq!(s.model_value(), convert(&model_json()));
}

/// Puts into the history of acme's support CSAT one goal (1 -> 2 from 10,
/// due 100) with the closing fields of `closing`.
fn closed(state: &mut serde_json::Value, closing: serde_json::Value) {
    let mut goal = serde_json::json!({"baseline":1,"target":2,"start":10,"due":100});
    for (k, v) in closing.as_object().unwrap() {
        goal[k] = v.clone();
    }
    state["accounts"][0]["roles"][1]["metrics"][1]["history"] = serde_json::json!([goal]);
}

#[test]
fn goals_load_only_as_the_store_closes_them() {
    use serde_json::json;
    let mut state = back(&busy_store().to_value());
    let field = |key: &str| format!("state.accounts[0].roles[1].metrics[1].history[0].{key}");
    for (closing, refused) in [
        (
            json!({"status":"achieved","closedAt":100,"closedValue":2}),
            None,
        ),
        (
            json!({"status":"missed","closedAt":101,"closedValue":null}),
            None,
        ),
        (
            json!({"status":"abandoned","closedAt":10,"closedValue":null}),
            None,
        ),
        // Achieved short of the target, at no value, or after the due date.
        (
            json!({"status":"achieved","closedAt":20,"closedValue":1.5}),
            Some("closedValue"),
        ),
        (
            json!({"status":"achieved","closedAt":20,"closedValue":null}),
            Some("closedValue"),
        ),
        (
            json!({"status":"achieved","closedAt":200,"closedValue":2}),
            Some("closedAt"),
        ),
        // Missed by the due date, or without one.
        (
            json!({"status":"missed","closedAt":100,"closedValue":1}),
            Some("closedAt"),
        ),
        (
            json!({"status":"missed","closedAt":150,"due":null}),
            Some("closedAt"),
        ),
        // Missed at a value short of the target, not at one that reaches it
        // (judged by the value at the due date, which fell short).
        (
            json!({"status":"missed","closedAt":150,"closedValue":1.5}),
            None,
        ),
        (
            json!({"status":"missed","closedAt":150,"closedValue":2}),
            Some("closedValue"),
        ),
    ] {
        closed(&mut state, closing.clone());
        match (Store::from_value(&convert(&state)), refused) {
            (Ok(_), None) => {}
            (Err(e), Some(key)) => assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::InvalidValue, field(key).as_str()),
                "{closing}"
            ),
            (result, _) => panic!("{closing}: {:?}", result.err()),
        }
    }
}

#[test]
fn tracked_totals_stop_where_saved_state_can_hold_them() {
    const MAX: f64 = 9_007_199_254_740_991.0; // Number.MAX_SAFE_INTEGER
    let mut state = back(&busy_store().to_value());
    let rule = &mut state["accounts"][0]["roles"][0]["metrics"][0]["rule"][0];
    let head = rule["head"].as_f64().unwrap() as i64;
    let slot = head.rem_euclid(7) as usize;
    rule["values"] = serde_json::json!([0, 0, 0, 0, 0, 0, 0]);
    rule["values"][slot] = MAX.into();
    let mut s = Store::from_value(&convert(&state)).unwrap();
    let company = [("company", Prop::Text("c".into()))];
    track(&mut s, "contact_added", "acme", head * DAY, &company).unwrap();
    assert_eq!(value(&s, "acme", "sdr", "contacts", head * DAY), Some(MAX));
    let again = Store::from_value(&s.to_value()).expect("the store's own state loads");
    assert_eq!(
        value(&again, "acme", "sdr", "contacts", head * DAY),
        Some(MAX)
    );
    // Seven full slots make a window total of MAX too, not 7 x MAX.
    let rule = &mut state["accounts"][0]["roles"][0]["metrics"][0]["rule"][0];
    rule["values"] = serde_json::json!([MAX, MAX, MAX, MAX, MAX, MAX, MAX]);
    let s = Store::from_value(&convert(&state)).unwrap();
    assert_eq!(value(&s, "acme", "sdr", "contacts", head * DAY), Some(MAX));
}

#[test]
fn goals_at_the_ends_of_f64_give_numbers() {
    let mut s = store();
    let goal = r#"{"account":"acme","role":"support","metric":"response","baseline":1.7e308,"target":-1.7e308,"start":0,"due":1000}"#;
    set_goal(&mut s, goal).unwrap();
    // -1e308 - 1.7e308 and the span -3.4e308 overflow f64: their halves do not.
    observe(
        &mut s,
        "acme",
        "support",
        "response",
        "selfReported",
        -1e308,
        10,
    )
    .unwrap();
    let rows = s
        .goals_of(&json(r#"{"account":"acme","role":"support"}"#), 20)
        .unwrap();
    let goal = metric_row(&rows, "response").get("goal").unwrap();
    let raw = num(goal, &["progress", "raw"]).unwrap();
    assert!((raw - 2.7 / 3.4).abs() < 1e-12, "{raw}");
    assert!(num(goal, &["forecast", "projected"]).is_some_and(f64::is_finite));
    observe(
        &mut s,
        "initech",
        "support",
        "response",
        "selfReported",
        -1.7e308,
        0,
    )
    .unwrap();
    set_goal(&mut s, r#"{"account":"initech","role":"support","metric":"response","baseline":1.7e308,"target":0,"start":5}"#).unwrap();
    let k = back(&s.kpis(20).unwrap());
    let response = &k["roles"][1]["metrics"][0];
    assert_eq!(response["metric"], "response");
    for key in ["averageGain", "averageGainPercent"] {
        assert!(
            response[key].as_f64().is_some_and(f64::is_finite),
            "{key}: {response}"
        );
    }
    // A gain past f64's range still has its percentage: -1.7e308 to 1.7e308 is +200 %.
    let mut s = store();
    observe(
        &mut s,
        "acme",
        "support",
        "csat",
        "integration",
        -1.7e308,
        0,
    )
    .unwrap();
    observe(
        &mut s,
        "acme",
        "support",
        "csat",
        "integration",
        1.7e308,
        10,
    )
    .unwrap();
    let k = back(&s.kpis(20).unwrap());
    assert_eq!(
        k["roles"][1]["metrics"][1]["averageGainPercent"], 200.0,
        "{k}"
    );
}

// --------------------------------------------------------------- properties

proptest! {
    #[test]
    fn progress_is_monotone_in_current_and_clamped(
        baseline in -1e6f64..1e6, width in 1e-3f64..1e6, a in -1e7f64..1e7, b in -1e7f64..1e7, lower in any::<bool>(),
    ) {
        let (direction, target) = if lower { (Direction::Lower, baseline - width) } else { (Direction::Higher, baseline + width) };
        let (worse, better) = if (a - b) * direction.sign() <= 0.0 { (a, b) } else { (b, a) };
        let (pw, pb) = (progress(baseline, target, worse, direction), progress(baseline, target, better, direction));
        prop_assert!(pw.raw <= pb.raw);
        prop_assert!(pw.percent <= pb.percent);
        prop_assert!((0.0..=100.0).contains(&pw.percent) && (0.0..=100.0).contains(&pb.percent));
        prop_assert!((progress(baseline, target, target, direction).raw - 1.0).abs() < 1e-9);
        prop_assert_eq!(progress(baseline, target, baseline, direction).raw, 0.0);
    }

    #[test]
    fn progress_is_a_number_for_any_finite_goal(
        baseline in prop::num::f64::NORMAL, target in prop::num::f64::NORMAL,
        current in prop::num::f64::NORMAL, lower in any::<bool>(),
    ) {
        prop_assume!(target != baseline);
        let direction = if lower { Direction::Lower } else { Direction::Higher };
        let p = progress(baseline, target, current, direction);
        prop_assert!(p.raw.is_finite(), "raw {}", p.raw);
        prop_assert!((0.0..=100.0).contains(&p.percent), "percent {}", p.percent);
    }

    #[test]
    fn incremental_rules_match_a_recount_from_scratch(
        events in prop::collection::vec((0i64..40 * DAY, 0u8..6, 0u8..4), 1..120), after in 0i64..10 * DAY,
    ) {
        // Events arrive in time order (late ones beyond the window are
        // dropped by design, which a recount would not model) and the
        // value is asked at or after the newest event (day slots hold the
        // whole day, so earlier times would see later events of that day).
        let mut events = events;
        events.sort_by_key(|e| e.0);
        let query = events.last().map_or(0, |e| e.0) + after;
        let mut s = store();
        for &(t, company, kind) in &events {
            let props = [("company", Prop::Number(f64::from(company))), ("amount", Prop::Number(f64::from(company) * 0.5))];
            let event = ["contact_added", "deal_created", "visitor_fit", "visitor_identified"][usize::from(kind)];
            track(&mut s, event, "acme", JAN_1 + t, &props).unwrap();
        }
        let q = JAN_1 + query;
        let day = |t: i64| (JAN_1 + t).div_euclid(DAY);
        let qday = q.div_euclid(DAY);
        let seen = |kind: u8| events.iter().filter(move |e| e.2 == kind && e.0 <= query);
        // contacts: rolling 7 days ending on the query's day.
        let contacts = seen(0).filter(|e| day(e.0) > qday - 7).count() as f64;
        let any_contacts = events.iter().any(|e| e.2 == 0);
        prop_assert_eq!(value(&s, "acme", "sdr", "contacts", q), any_contacts.then_some(contacts));
        // reached: distinct companies in the query's ISO week (JAN_1 is a Monday).
        let week = |d: i64| (d - JAN_1 / DAY).div_euclid(7);
        let mut companies: Vec<u8> = seen(0).filter(|e| week(day(e.0)) == week(qday)).map(|e| e.1).collect();
        companies.sort_unstable();
        companies.dedup();
        prop_assert_eq!(value(&s, "acme", "sdr", "reached", q), any_contacts.then_some(companies.len() as f64));
        // pipeline: sum of amounts in the query's calendar month (2024: Jan 31, Feb 29 days).
        let month = |d: i64| { let d = d - JAN_1 / DAY; if d < 31 { 0 } else if d < 60 { 1 } else { 2 } };
        if events.iter().any(|e| e.2 == 1) {
            let sum: f64 = seen(1).filter(|e| month(day(e.0)) == month(qday)).map(|e| f64::from(e.1) * 0.5).sum();
            let got = value(&s, "acme", "sdr", "pipeline", q).unwrap();
            prop_assert!((got - sum).abs() < 1e-9, "pipeline {} vs {}", got, sum);
        }
    }

    #[test]
    fn state_round_trip_is_exact(
        values in prop::collection::vec((0i64..100 * DAY, 0.0f64..500.0), 0..30), events in prop::collection::vec(0i64..100 * DAY, 0..60),
    ) {
        let mut s = store();
        for &(t, v) in &values {
            observe(&mut s, "initech", "support", "response", "selfReported", v, JAN_1 + t).unwrap();
        }
        for &t in &events {
            track(&mut s, "contact_added", "globex", JAN_1 + t, &[("company", Prop::Number((t % 13) as f64))]).unwrap();
        }
        let saved = s.to_value();
        let text = serde_json::to_string(&back(&saved)).unwrap();
        let loaded = Store::from_value(&json(&text)).unwrap();
        prop_assert_eq!(loaded.to_value(), saved);
    }
}

/// Any JSON-like value, a few levels deep.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![
            any::<f64>(),
            -1e16f64..1e16,
            (-5i32..400).prop_map(f64::from)
        ]
        .prop_map(Value::Number),
        prop_oneof![
            Just("sdr".to_string()),
            Just("active".to_string()),
            "[a-z0-9]{0,17}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z]{1,8}", inner), 0..4).prop_map(Value::Object),
        ]
    })
}

/// `v` with the node number `target` (in depth-first order) replaced.
fn replace_node(v: &mut Value, target: &mut usize, with: &Value) -> bool {
    if *target == 0 {
        *v = with.clone();
        return true;
    }
    *target -= 1;
    match v {
        Value::Array(items) => items.iter_mut().any(|x| replace_node(x, target, with)),
        Value::Object(fields) => fields
            .iter_mut()
            .any(|(_, x)| replace_node(x, target, with)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Corrupt saved state never panics; what loads saves back the same.
    #[test]
    fn corrupted_state_loads_whole_or_not_at_all(node in 0usize..3000, with in any_value()) {
        let mut state = busy_store().to_value();
        let mut target = node;
        replace_node(&mut state, &mut target, &with);
        let mut s = busy_store();
        let before = s.to_value();
        match s.load(&state) {
            Ok(()) => {
                let saved = s.to_value();
                prop_assert_eq!(Store::from_value(&saved).unwrap().to_value(), saved);
            }
            Err(_) => prop_assert_eq!(s.to_value(), before),
        }
    }

    /// Corrupt definitions never panic.
    #[test]
    fn corrupted_models_are_accepted_or_rejected_cleanly(node in 0usize..400, with in any_value()) {
        let mut model = convert(&model_json());
        let mut target = node;
        replace_node(&mut model, &mut target, &with);
        let mut s = Store::new();
        if define(&mut s, &model).is_ok() {
            // An optional field holding null is absent (the one null rule): left out.
            prop_assert_eq!(s.model_value(), model.without_nulls());
        }
    }
}

#[test]
fn event_inputs_list_the_events_and_properties_rules_read() {
    let s = store();
    let inputs = s.event_inputs();
    let names: Vec<&str> = inputs.iter().map(|(event, _)| *event).collect();
    assert_eq!(
        names,
        [
            "contact_added",
            "deal_created",
            "visitor_fit",
            "visitor_identified"
        ]
    );
    let read = |event: &str| {
        inputs
            .iter()
            .find(|(e, _)| *e == event)
            .map(|(_, p)| p.clone())
    };
    assert_eq!(read("contact_added"), Some(vec!["company"]));
    assert_eq!(read("deal_created"), Some(vec!["amount"]));
    assert_eq!(read("visitor_fit"), Some(vec![]));
    assert!(Store::new().event_inputs().is_empty());
}

// ------------------------------------------- issue 13: numbers a CS leader can trust

/// A role with a lower-is-better cost whose maturity steps differ by level:
/// level 1 = 20 % of the value, level 2 = an absolute 5.
fn cost_store() -> Store {
    let mut s = Store::new();
    define(&mut s, &json(
        r#"{ "roles": [ { "id": "ops", "name": "Ops lead",
          "maturity": [ { "name": "Initial", "improvement": { "type": "percent", "amount": 20 } },
                        { "name": "Defined", "improvement": { "type": "absolute", "amount": 5 } } ],
          "metrics": [ { "id": "cost", "name": "Cost per ticket", "kind": "value", "unit": "EUR",
                         "direction": "lower", "collection": { "method": "selfReported" } } ] } ] }"#,
    ))
    .unwrap();
    s.upsert(&json(
        r#"{"id":"acme","roles":[{"role":"ops","maturity":1}]}"#,
    ))
    .unwrap();
    s
}

fn cost_row(s: &Store, at: i64) -> Value {
    let rows = s
        .goals_of(&json(r#"{"account":"acme","role":"ops"}"#), at)
        .unwrap();
    metric_row(&rows, "cost").clone()
}

#[test]
fn the_next_goal_follows_the_current_value_and_level_after_an_achieved_goal() {
    let mut s = cost_store();
    observe(&mut s, "acme", "ops", "cost", "selfReported", 80.0, JAN_1).unwrap();
    set_goal(
        &mut s,
        &format!(
            r#"{{"account":"acme","role":"ops","metric":"cost","target":70,"start":{JAN_1}}}"#
        ),
    )
    .unwrap();
    let closed = observe(
        &mut s,
        "acme",
        "ops",
        "cost",
        "selfReported",
        70.0,
        JAN_1 + DAY,
    )
    .unwrap();
    assert_eq!(
        closed.get("status").and_then(Value::as_str),
        Some("achieved")
    );
    // Level 1 at 70: 20 % lower -> 56.
    let row = cost_row(&s, JAN_1 + DAY);
    assert_eq!(num(&row, &["nextGoal", "baseline"]), Some(70.0));
    assert_eq!(num(&row, &["nextGoal", "target"]), Some(56.0));
    // The value moves to 60 and the role to level 2 (an absolute 5): 60 -> 55.
    observe(
        &mut s,
        "acme",
        "ops",
        "cost",
        "selfReported",
        60.0,
        JAN_1 + 2 * DAY,
    )
    .unwrap();
    s.upsert(&json(
        r#"{"id":"acme","roles":[{"role":"ops","maturity":2}]}"#,
    ))
    .unwrap();
    let row = cost_row(&s, JAN_1 + 2 * DAY);
    assert_eq!(num(&row, &["nextGoal", "baseline"]), Some(60.0));
    assert_eq!(num(&row, &["nextGoal", "target"]), Some(55.0));
    assert_eq!(num(&row, &["nextGoal", "maturityLevel"]), Some(2.0));
    // The saved state carries no frozen suggestion; a state saved with one
    // (as earlier builds wrote it) still loads, and the suggestion follows.
    let mut old = back(&s.to_value());
    let metric = &mut old["accounts"][0]["roles"][0]["metrics"][0];
    assert!(metric.get("nextGoal").is_none());
    metric["nextGoal"] = serde_json::json!({ "baseline": 70, "target": 56, "maturityLevel": 1 });
    let loaded = Store::from_value(&convert(&old)).unwrap();
    let mut bad = old.clone();
    bad["accounts"][0]["roles"][0]["metrics"][0]["nextGoal"] = "soon".into();
    let err = Store::from_value(&convert(&bad)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (
            ErrorCode::WrongType,
            "state.accounts[0].roles[0].metrics[0].nextGoal"
        )
    );
    assert_eq!(
        num(&cost_row(&loaded, JAN_1 + 2 * DAY), &["nextGoal", "target"]),
        Some(55.0)
    );
}

#[test]
fn kpis_at_a_time_count_only_what_was_known_then() {
    let mut s = cost_store();
    observe(&mut s, "acme", "ops", "cost", "selfReported", 80.0, JAN_1).unwrap();
    set_goal(
        &mut s,
        &format!(
            r#"{{"account":"acme","role":"ops","metric":"cost","target":70,"start":{JAN_1}}}"#
        ),
    )
    .unwrap();
    observe(
        &mut s,
        "acme",
        "ops",
        "cost",
        "selfReported",
        75.0,
        JAN_1 + DAY,
    )
    .unwrap();
    // Reached on day 10.
    observe(
        &mut s,
        "acme",
        "ops",
        "cost",
        "selfReported",
        70.0,
        JAN_1 + 10 * DAY,
    )
    .unwrap();
    let ops = |at: i64| {
        let k = s.kpis(at).unwrap();
        let Some(Value::Array(roles)) = k.get("roles") else {
            panic!()
        };
        roles[0].clone()
    };
    // A day before any data: nothing in place, no goal, no gain.
    let before = ops(JAN_1 - DAY);
    assert_eq!(num(&before, &["measuresInPlace", "count"]), Some(0.0));
    assert_eq!(num(&before, &["goalAchieved", "of"]), Some(0.0));
    assert_eq!(
        before.get("goalAchieved").unwrap().get("percent"),
        Some(&Value::Null)
    );
    let Some(Value::Array(metrics)) = before.get("metrics") else {
        panic!()
    };
    assert_eq!(num(&metrics[0], &["instances"]), Some(0.0));
    // Five days before the goal was reached: a goal in place, not achieved; gain 5.
    let day5 = ops(JAN_1 + 5 * DAY);
    assert_eq!(num(&day5, &["measuresInPlace", "count"]), Some(1.0));
    assert_eq!(
        (
            num(&day5, &["goalAchieved", "count"]),
            num(&day5, &["goalAchieved", "of"])
        ),
        (Some(0.0), Some(1.0))
    );
    let Some(Value::Array(metrics)) = day5.get("metrics") else {
        panic!()
    };
    assert_eq!(num(&metrics[0], &["averageGain"]), Some(5.0));
    // Once reached: achieved.
    let day10 = ops(JAN_1 + 10 * DAY);
    assert_eq!(num(&day10, &["goalAchieved", "percent"]), Some(100.0));
    // The role's average gain %: (80 - 70) / 80 = 12.5 %.
    assert_eq!(num(&day10, &["averageGainPercent"]), Some(12.5));
}

fn positive_zero(x: Option<f64>) -> bool {
    x.is_some_and(|x| x == 0.0 && x.is_sign_positive())
}

#[test]
fn no_negative_zero_in_progress_forecast_or_emptied_windows() {
    let mut s = cost_store();
    observe(&mut s, "acme", "ops", "cost", "selfReported", 80.0, JAN_1).unwrap();
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"ops","metric":"cost","target":70,"start":{JAN_1},"due":{}}}"#, JAN_1 + 10 * DAY)).unwrap();
    let row = cost_row(&s, JAN_1 + DAY);
    for path in [
        &["goal", "progress", "raw"][..],
        &["goal", "progress", "percent"],
        &["goal", "forecast", "projected"],
    ] {
        assert!(
            positive_zero(num(&row, path)),
            "{path:?}: {:?}",
            num(&row, path)
        );
    }
    assert!(positive_zero(Some(
        progress(80.0, 70.0, 80.0, Direction::Lower).raw
    )));
    // A count window that has emptied.
    let mut s = store();
    track(
        &mut s,
        "contact_added",
        "acme",
        JAN_1,
        &[("company", Prop::Text("a".into()))],
    )
    .unwrap();
    assert!(positive_zero(value(
        &s,
        "acme",
        "sdr",
        "contacts",
        JAN_1 + 30 * DAY
    )));
    assert!(positive_zero(value(
        &s,
        "acme",
        "sdr",
        "reached",
        JAN_1 + 30 * DAY
    )));
}

#[test]
fn tracking_for_a_role_the_account_lacks_is_unknown_id() {
    let mut s = store();
    let before = s.to_value();
    // globex has only the SDR role.
    let err = s
        .track(
            "contact_added",
            "globex",
            Some("support"),
            JAN_1,
            &mut |_| Ok(None),
        )
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::UnknownId, "props.role")
    );
    assert!(
        err.message().contains("\"globex\" has no role \"support\""),
        "{}",
        err.message()
    );
    assert_eq!(s.to_value(), before);
}

#[test]
fn an_account_listing_a_role_twice_is_rejected() {
    let mut s = store();
    let before = s.to_value();
    let err = s
        .upsert(&json(
            r#"{"id":"acme","roles":[{"role":"sdr","maturity":1},{"role":"sdr","maturity":3}]}"#,
        ))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::DuplicateId, "account.roles[1].role")
    );
    assert_eq!(s.to_value(), before);
}

#[test]
fn goals_on_a_scale_take_points_of_the_scale() {
    let mut s = store();
    let base = r#""account":"acme","role":"sdr","metric":"confidence","start":0"#;
    for (body, field) in [
        (
            format!(r#"{{{base},"baseline":2,"target":3.5}}"#),
            "goal.target",
        ),
        (
            format!(r#"{{{base},"baseline":0,"target":3}}"#),
            "goal.baseline",
        ),
        (
            format!(r#"{{{base},"baseline":2,"target":6}}"#),
            "goal.target",
        ),
    ] {
        let err = set_goal(&mut s, &body).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::ScoreOutOfRange, field),
            "{body}"
        );
        assert!(
            err.message().contains("(1, 2, 3, 4, 5)"),
            "{}",
            err.message()
        );
    }
    set_goal(&mut s, &format!(r#"{{{base},"baseline":2,"target":4}}"#)).unwrap();
}

#[test]
fn distinct_counts_tell_value_types_apart_as_a_js_set_does() {
    // Decided: like `new Set([1, "1", true, "true"]).size === 4` (SameValueZero):
    // four values; 1 and 1.0, and 0 and -0, are one value each.
    let mut s = store();
    for company in [
        Prop::Number(1.0),
        Prop::Text("1".into()),
        Prop::Bool(true),
        Prop::Text("true".into()),
        Prop::Number(1.0),
        Prop::Number(0.0),
        Prop::Number(-0.0),
    ] {
        track(
            &mut s,
            "contact_added",
            "acme",
            JAN_1,
            &[("company", company)],
        )
        .unwrap();
    }
    assert_eq!(value(&s, "acme", "sdr", "reached", JAN_1), Some(5.0));
}

#[test]
fn a_rule_reading_account_or_role_is_refused_in_new_models_and_loads_from_saved_state() {
    let mut model = model_json();
    model["roles"][0]["metrics"][2]["collection"]["rule"]["property"] = "role".into();
    let model = convert(&model);
    let e = define(&mut Store::new(), &model).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (
            ErrorCode::InvalidValue,
            "roles[0].metrics[2].collection.rule.property"
        )
    );
    // State saved by a release that accepted it still loads, as it was.
    let mut old = Store::new();
    old.define_model(Model::from_value(&model).unwrap())
        .unwrap();
    let saved = old.to_value();
    assert_eq!(Store::from_value(&saved).unwrap().to_value(), saved);
}

#[test]
fn distinct_counts_refuse_numbers_that_are_not_finite() {
    // NaN has many bit patterns that one Set value stands for, and the SDK
    // refuses non-finite props: the store does too, and changes nothing.
    let mut s = store();
    track(
        &mut s,
        "contact_added",
        "acme",
        JAN_1,
        &[("company", Prop::Number(1.0))],
    )
    .unwrap();
    for x in [f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = track(
            &mut s,
            "contact_added",
            "acme",
            JAN_1,
            &[("company", Prop::Number(x))],
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::NotFinite, "props.company"),
            "{x}"
        );
    }
    assert_eq!(value(&s, "acme", "sdr", "reached", JAN_1), Some(1.0));
}

#[test]
fn typed_inputs_follow_the_one_reader() {
    let goal = GoalInput::from_value(&json(
        r#"{"account":"acme","role":"sdr","metric":"contacts","target":5,"start":0,"due":null,"baseline":null}"#,
    ))
    .unwrap();
    assert_eq!(
        (goal.baseline, goal.due, goal.metric.field("metric")),
        (None, None, "goal.metric".to_string())
    );
    let cases: Vec<(Result<(), Error>, ErrorCode, &str)> = vec![
        (
            GoalInput::from_value(&json(
                r#"{"account":"acme","role":"sdr","metric":"m","target":5,"start":0,"due":0.5}"#,
            ))
            .map(drop),
            ErrorCode::InvalidTime,
            "goal.due",
        ),
        (
            GoalInput::from_value(&json(
                r#"{"account":"acme","role":"sdr","metric":"m","target":null,"start":0}"#,
            ))
            .map(drop),
            ErrorCode::WrongType,
            "goal.target",
        ),
        (
            AbandonInput::from_value(&json(
                r#"{"account":"acme","role":"sdr","metric":"m","at":0,"why":"x"}"#,
            ))
            .map(drop),
            ErrorCode::UnknownOption,
            "goal.why",
        ),
        (
            ObservationInput::from_value(&json(
                r#"{"account":"acme","role":"sdr","metric":"m","value":1,"at":0,"method":"guess"}"#,
            ))
            .map(drop),
            ErrorCode::InvalidValue,
            "observation.method",
        ),
        (
            MetricRef::from_value(
                &json(r#"{"account":"","role":"sdr","metric":"m"}"#),
                "instance",
            )
            .map(drop),
            ErrorCode::InvalidValue,
            "instance.account",
        ),
    ];
    for (result, code, field) in cases {
        let e = result.unwrap_err();
        assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
    }
    // A null method is the metric's own (the null rule).
    let ob = ObservationInput::from_value(&json(
        r#"{"account":"acme","role":"sdr","metric":"m","value":1,"at":0,"method":null,"user":null}"#,
    ))
    .unwrap();
    assert_eq!((ob.method, ob.user), (None, None));
    // Lookups after parsing name the same paths.
    let mut s = store();
    let e = set_goal(
        &mut s,
        r#"{"account":"nobody","role":"sdr","metric":"contacts","target":5,"start":0}"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::UnknownId, "goal.account")
    );
    let e = record(
        &mut s,
        &json(r#"{"account":"acme","role":"sdr","metric":"contacts","value":1,"at":0}"#),
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::MethodMismatch, "observation.method")
    );
    assert!(
        !e.message().contains("track()"),
        "core errors name no JS method: {}",
        e.message()
    );
}

#[test]
fn saved_state_loads_through_the_versioned_format() {
    let saved = back(&busy_store().to_value());
    let with = |version: serde_json::Value| {
        let mut state = saved.clone();
        state["version"] = version;
        Store::from_value(&convert(&state))
    };
    assert_eq!(with(1.into()).unwrap().to_value(), busy_store().to_value());
    let e = with(3.into()).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::UnsupportedVersion, "state.version")
    );
    assert!(
        e.message().contains("a newer clg-metrics wrote it"),
        "{}",
        e.message()
    );
    // A newer version may have keys this one does not know: its version speaks first.
    let mut newer = saved.clone();
    newer["version"] = 3.into();
    newer["goalsByTeam"] = serde_json::json!({});
    let e = Store::from_value(&convert(&newer)).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::UnsupportedVersion, "state.version")
    );
    newer["version"] = 2.into();
    let e = Store::from_value(&convert(&newer)).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::UnknownOption, "state.goalsByTeam")
    );
    for malformed in [0.into(), 1.5.into(), (-1).into()] {
        let e = with(malformed).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidValue, "state.version")
        );
    }
    let mut untagged = saved.clone();
    untagged.as_object_mut().unwrap().remove("format");
    let e = Store::from_value(&convert(&untagged)).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::InvalidValue, "state.format")
    );
}

#[test]
fn a_goal_reached_by_its_due_date_is_achieved_however_late_it_is_reviewed() {
    // App-generated (contacts in the last 7 days): 20 on day 8, due day 10, first reviewed on day 30.
    let mut s = store();
    set_goal(&mut s, &format!(r#"{{"account":"globex","role":"sdr","metric":"contacts","baseline":10,"target":20,"start":{JAN_1},"due":{}}}"#, JAN_1 + 10 * DAY)).unwrap();
    for i in 0..20 {
        track(
            &mut s,
            "contact_added",
            "globex",
            JAN_1 + 8 * DAY + i * 1000,
            &[("company", Prop::Number(i as f64))],
        )
        .unwrap();
    }
    let Value::Array(closed) = s.review(JAN_1 + 30 * DAY).unwrap() else {
        panic!()
    };
    assert_eq!(closed.len(), 1);
    let goal = closed[0].get("goal").unwrap();
    assert_eq!(goal.get("status").and_then(Value::as_str), Some("achieved"));
    assert_eq!(
        goal.get("closedAt").and_then(Value::as_f64),
        Some((JAN_1 + 10 * DAY) as f64),
        "closed at the due date, where it was judged"
    );
    // Integration-fed: the value is at the target when the goal is set; the first judging comes after the due date.
    let mut s = store();
    csat(&mut s, 85.0, 0);
    set_csat_goal(&mut s);
    let Value::Array(closed) = s.review(JAN_1 + 30 * DAY).unwrap() else {
        panic!()
    };
    let status = closed[0].get("goal").unwrap().get("status");
    assert_eq!(status.and_then(Value::as_str), Some("achieved"));
    // Below the target at the due date: missed, whatever came later.
    let mut s = store();
    set_csat_goal(&mut s);
    csat(&mut s, 75.0, 1);
    let late = csat(&mut s, 90.0, 20);
    assert_eq!(late.get("status").and_then(Value::as_str), Some("missed"));
    // Closed when judged, with the value it was judged by (75 at the due
    // date, not the 90 that came later), which the history's progress shows.
    let closed = |key| late.get(key).and_then(Value::as_f64);
    assert_eq!(closed("closedValue"), Some(75.0));
    assert_eq!(closed("closedAt"), Some((JAN_1 + 20 * DAY) as f64));
    let metric = json(r#"{"account":"acme","role":"support","metric":"csat"}"#);
    let history = s.history_view(&MetricRef::from_value(&metric, "metric").unwrap());
    let Value::Array(goals) = history.unwrap() else {
        panic!()
    };
    let progress = |key| goals[0].get("progress").and_then(|p| p.get(key)?.as_f64());
    assert_eq!(
        (progress("raw"), progress("percent")),
        (Some(0.5), Some(50.0))
    );
}

#[test]
fn history_is_oldest_first_whatever_the_order_of_the_calls() {
    let mut s = store();
    let metric = r#"{"account":"acme","role":"support","metric":"csat"}"#;
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":70,"target":80,"start":{}}}"#, JAN_1 + 50 * DAY)).unwrap();
    abandon(
        &mut s,
        &json(&format!(
            r#"{{"account":"acme","role":"support","metric":"csat","at":{}}}"#,
            JAN_1 + 60 * DAY
        )),
    )
    .unwrap();
    // Backdated: set afterwards, but started and achieved before the first one.
    set_csat_goal(&mut s);
    csat(&mut s, 85.0, 5);
    let history = s
        .history_view(&MetricRef::from_value(&json(metric), "metric").unwrap())
        .unwrap();
    let Value::Array(goals) = history else {
        panic!()
    };
    let statuses: Vec<_> = goals
        .iter()
        .map(|g| g.get("status").and_then(Value::as_str))
        .collect();
    assert_eq!(statuses, [Some("achieved"), Some("abandoned")]);
}

// --------------------------------------------------------- a metric's range

/// The support role of the model with ranges: response minutes `min` 0,
/// CSAT % from 0 to 100.
fn ranged_store() -> Store {
    let mut model = model_json();
    let support = &mut model["roles"][1]["metrics"];
    support[0]["min"] = 0.into();
    support[1]["min"] = 0.into();
    support[1]["max"] = 100.into();
    let mut s = Store::new();
    define(&mut s, &convert(&model)).unwrap();
    s.upsert(&json(
        r#"{"id":"acme","roles":[{"role":"support","maturity":1}]}"#,
    ))
    .unwrap();
    s
}

/// Records acme's support `metric` (CSAT integration-fed, response self-reported).
fn report(s: &mut Store, metric: &str, v: f64, at: i64) -> Result<Value, Error> {
    let method = if metric == "csat" {
        "integration"
    } else {
        "selfReported"
    };
    observe(s, "acme", "support", metric, method, v, at)
}

#[test]
fn a_metric_range_is_checked_where_it_is_defined() {
    // (role, metric) of model_json(): support's self-reported response time,
    // and sdr's scale-assessed confidence, whose scale is its range.
    let cases = [
        (
            (1, 0),
            serde_json::json!({ "min": 0, "max": 0 }),
            ErrorCode::InvalidValue,
            "max",
            "must be above min (0), got 0",
        ),
        (
            (1, 0),
            serde_json::json!({ "min": 5, "max": 1 }),
            ErrorCode::InvalidValue,
            "max",
            "must be above min (5), got 1",
        ),
        (
            (1, 0),
            serde_json::json!({ "min": "0" }),
            ErrorCode::WrongType,
            "min",
            "",
        ),
        (
            (0, 4),
            serde_json::json!({ "max": 5 }),
            ErrorCode::InvalidValue,
            "max",
            "scale-assessed",
        ),
    ];
    for ((role, metric), range, code, key, rule) in cases {
        let mut model = model_json();
        let definition = model["roles"][role]["metrics"][metric]
            .as_object_mut()
            .unwrap();
        definition.extend(range.as_object().unwrap().clone());
        let err = Model::from_value(&convert(&model)).unwrap_err();
        let field = format!("roles[{role}].metrics[{metric}].{key}");
        assert_eq!((err.code(), err.field()), (code, field.as_str()), "{range}");
        assert!(err.message().contains(rule), "{}", err.message());
    }
    // Only one bound is fine, and both round-trip with the model.
    let s = ranged_store();
    let saved = back(&s.to_value());
    assert_eq!(saved["model"]["roles"][1]["metrics"][1]["max"], 100.0);
}

#[test]
fn values_and_goals_outside_a_metric_range_are_refused_and_suggestions_stop_at_it() {
    let mut s = ranged_store();
    let err = report(&mut s, "csat", 100.5, JAN_1).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::ValueOutOfRange, "observation.value")
    );
    assert_eq!(
        err.message(),
        "observation.value: must be from 0 to 100 (the range of metric \"csat\"), got 100.5"
    );
    let err = report(&mut s, "response", -1.0, JAN_1).unwrap_err();
    assert_eq!(
        (err.code(), err.message()),
        (
            ErrorCode::ValueOutOfRange,
            "observation.value: must be at least 0 (the range of metric \"response\"), got -1"
        )
    );
    // Nothing was stored by the refused calls; the bounds themselves are values.
    assert_eq!(value(&s, "acme", "support", "csat", JAN_1), None);
    report(&mut s, "csat", 100.0, JAN_1).unwrap();
    report(&mut s, "response", 3.0, JAN_1).unwrap();

    // Goals: target and baseline inside the range.
    let err = set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"response","target":-2,"start":{JAN_1}}}"#)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::ValueOutOfRange, "goal.target")
    );
    let err = set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"csat","baseline":120,"target":130,"start":{JAN_1}}}"#)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::ValueOutOfRange, "goal.baseline")
    );

    // Suggestions: level 1 improves by 5 (absolute). Response 3 minutes, lower is
    // better: 3 - 5 = -2 is cut to the min, 0. CSAT at 100: nothing is left to suggest.
    let instance = json(r#"{"account":"acme","role":"support"}"#);
    let goals = s.goals_of(&instance, JAN_1 + DAY).unwrap();
    let next = metric_row(&goals, "response")
        .get("nextGoal")
        .cloned()
        .unwrap();
    assert_eq!(
        (num(&next, &["baseline"]), num(&next, &["target"])),
        (Some(3.0), Some(0.0))
    );
    assert_eq!(
        metric_row(&goals, "csat").get("nextGoal"),
        Some(&Value::Null)
    );
    // CSAT 97: 97 + 5 = 102 is cut to 100.
    report(&mut s, "csat", 97.0, JAN_1 + 1).unwrap();
    let goals = s.goals_of(&instance, JAN_1 + DAY).unwrap();
    let next = metric_row(&goals, "csat").get("nextGoal").cloned().unwrap();
    assert_eq!(num(&next, &["target"]), Some(100.0));
    // At the min, lower is better: nothing to suggest.
    report(&mut s, "response", 0.0, JAN_1 + 1).unwrap();
    let goals = s.goals_of(&instance, JAN_1 + DAY).unwrap();
    assert_eq!(
        metric_row(&goals, "response").get("nextGoal"),
        Some(&Value::Null)
    );
}

#[test]
fn saved_state_outside_a_metric_range_is_refused() {
    let mut s = ranged_store();
    report(&mut s, "csat", 90.0, JAN_1).unwrap();
    let mut saved = back(&s.to_value());
    let text = saved.to_string();
    assert!(text.contains("90"), "{text}");
    // The observation edited past the max: the load names it, the store keeps its state.
    let observations =
        saved["accounts"][0]["roles"][0]["metrics"][1]["observations"].as_array_mut();
    observations.unwrap()[0]["value"] = 190.into();
    let before = s.to_value();
    let err = s.load(&convert(&saved)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ValueOutOfRange, "{}", err.message());
    assert!(
        err.field().ends_with("observations[0].value"),
        "{}",
        err.field()
    );
    assert_eq!(s.to_value(), before);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// With any range, a value is recorded exactly when it lies inside, and
    /// a suggested target never leaves it.
    #[test]
    fn values_are_kept_inside_any_range(
        lo in -1e6f64..1e6,
        width in 1e-3f64..1e6,
        v in -3e6f64..3e6,
        level in prop_oneof![Just("percent"), Just("absolute")],
        amount in 0.5f64..500.0,
        lower in any::<bool>(),
    ) {
        let hi = lo + width;
        let mut model = model_json();
        let metric = &mut model["roles"][1]["metrics"][0];
        metric["min"] = lo.into();
        metric["max"] = hi.into();
        metric["direction"] = if lower { "lower" } else { "higher" }.into();
        model["roles"][1]["maturity"][0]["improvement"] = serde_json::json!({ "type": level, "amount": amount });
        let mut s = Store::new();
        define(&mut s, &convert(&model)).unwrap();
        s.upsert(&json(r#"{"id":"acme","roles":[{"role":"support","maturity":1}]}"#)).unwrap();
        let recorded = report(&mut s, "response", v, JAN_1);
        prop_assert_eq!(recorded.is_ok(), (lo..=hi).contains(&v));
        if let Err(err) = recorded {
            prop_assert_eq!(err.code(), ErrorCode::ValueOutOfRange);
            return Ok(());
        }
        let instance = json(r#"{"account":"acme","role":"support"}"#);
        let goals = s.goals_of(&instance, JAN_1 + DAY).unwrap();
        if let Some(target) = metric_row(&goals, "response").get("nextGoal").and_then(|g| num(g, &["target"])) {
            prop_assert!((lo..=hi).contains(&target), "{} outside {}..{}", target, lo, hi);
            let better = if lower { target < v } else { target > v };
            prop_assert!(better, "{} is no better than {}", target, v);
        }
    }
}

#[test]
fn an_app_generated_value_outside_its_range_is_a_baseline_and_only_targets_are_bounded() {
    let mut model = model_json();
    model["roles"][0]["metrics"][1]["min"] = 0.into(); // sdr pipeline: a sum of deal amounts
    let mut s = Store::new();
    define(&mut s, &convert(&model)).unwrap();
    s.upsert(&json(
        r#"{"id":"acme","roles":[{"role":"sdr","maturity":1}]}"#,
    ))
    .unwrap();
    // A refund: the month's sum is -100, below the min. Events are facts: it counts.
    track(
        &mut s,
        "deal_created",
        "acme",
        JAN_1,
        &[("amount", Prop::Number(-100.0))],
    )
    .unwrap();
    assert_eq!(value(&s, "acme", "sdr", "pipeline", JAN_1), Some(-100.0));
    // Level 1's +20 % of |-100| would be -80, below the min: the target is cut to 0.
    let instance = json(r#"{"account":"acme","role":"sdr"}"#);
    let goals = s.goals_of(&instance, JAN_1).unwrap();
    let next = metric_row(&goals, "pipeline")
        .get("nextGoal")
        .cloned()
        .unwrap();
    assert_eq!(
        (num(&next, &["baseline"]), num(&next, &["target"])),
        (Some(-100.0), Some(0.0))
    );
    // The suggestion is a goal the store takes: the baseline is the value as it is.
    let body = |target: f64| {
        format!(
            r#"{{"account":"acme","role":"sdr","metric":"pipeline","target":{target},"start":{JAN_1}}}"#
        )
    };
    let err = set_goal(&mut s, &body(-50.0)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::ValueOutOfRange, "goal.target")
    );
    let goal = set_goal(&mut s, &body(0.0)).unwrap();
    assert_eq!(
        (num(&goal, &["baseline"]), num(&goal, &["target"])),
        (Some(-100.0), Some(0.0))
    );
    // And it saves and loads.
    let saved = s.to_value();
    let mut again = Store::new();
    again.load(&saved).unwrap();
    assert_eq!(again.to_value(), saved);
}

#[test]
fn a_saved_closing_value_outside_a_metric_range_is_refused() {
    let mut s = ranged_store();
    report(&mut s, "csat", 70.0, JAN_1).unwrap();
    set_goal(
        &mut s,
        &format!(
            r#"{{"account":"acme","role":"support","metric":"csat","target":80,"start":{JAN_1}}}"#
        ),
    )
    .unwrap();
    report(&mut s, "csat", 85.0, JAN_1 + DAY).unwrap(); // achieved: closed at 85
    let mut saved = back(&s.to_value());
    let history = &mut saved["accounts"][0]["roles"][0]["metrics"][1]["history"][0];
    assert_eq!(history["closedValue"], 85.0);
    history["closedValue"] = 150.into();
    let err = s.load(&convert(&saved)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ValueOutOfRange, "{}", err.message());
    assert!(
        err.field().ends_with("history[0].closedValue"),
        "{}",
        err.field()
    );
}

#[test]
fn a_goal_without_a_current_value_has_null_progress_and_forecast() {
    let mut s = store();
    // An explicit baseline, and no observation yet: no current value.
    set_goal(&mut s, &format!(r#"{{"account":"acme","role":"support","metric":"response","target":30,"baseline":40,"start":{JAN_1},"due":{}}}"#, JAN_1 + 20 * DAY)).unwrap();
    let sdr = json(r#"{"account":"acme","role":"support"}"#);
    let rows = s.goals_of(&sdr, JAN_1 + DAY).unwrap();
    let goal = metric_row(&rows, "response").get("goal").unwrap();
    assert_eq!(
        metric_row(&rows, "response").get("current"),
        Some(&Value::Null)
    );
    assert_eq!(
        (goal.get("progress"), goal.get("forecast")),
        (Some(&Value::Null), Some(&Value::Null))
    );
}

#[test]
fn a_month_that_missed_a_late_deal_is_unknown_not_short() {
    let mut s = store();
    let deal = |amount: f64| [("amount", Prop::Number(amount))];
    // Deals in January and February; then a January deal arrives late.
    assert_eq!(
        track(&mut s, "deal_created", "acme", JAN_1 + DAY, &deal(100.0)),
        Ok(1)
    );
    assert_eq!(
        track(
            &mut s,
            "deal_created",
            "acme",
            JAN_1 + 40 * DAY,
            &deal(50.0)
        ),
        Ok(1)
    );
    assert_eq!(
        value(&s, "acme", "sdr", "pipeline", JAN_1 + 20 * DAY),
        Some(100.0)
    );
    assert_eq!(
        track(&mut s, "deal_created", "acme", JAN_1 + 2 * DAY, &deal(7.0)),
        Ok(0)
    );
    // January's total would leave the late deal out: unknown. February is whole.
    assert_eq!(value(&s, "acme", "sdr", "pipeline", JAN_1 + 20 * DAY), None);
    assert_eq!(
        value(&s, "acme", "sdr", "pipeline", JAN_1 + 40 * DAY),
        Some(50.0)
    );
}
