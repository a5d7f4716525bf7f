//! The `ResultsStore` boundary, run by wasm-bindgen-test in Node and in
//! headless Chromium: JS objects and JSON text in, plain JS data out, errors
//! as `Error` instances with `code` and `field`, state round trips.
#![cfg(target_arch = "wasm32")]

use clg_metrics::wasm::ResultsStore;
use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const DAY: f64 = 86_400_000.0;
const JAN_1: f64 = 1_704_067_200_000.0; // 2024-01-01T00:00:00Z

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

/// An event name as JS passes it (any value).
fn event<T: JsCast>(name: impl Into<JsValue>) -> T {
    name.into().unchecked_into()
}

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, k| {
        Reflect::get(&v, &(*k).into()).unwrap()
    })
}

const MODEL: &str = r#"{"roles":[{"id":"sdr","name":"SDR",
  "maturity":[{"name":"Initial","improvement":{"type":"absolute","amount":5}}],
  "metrics":[
    {"id":"pipeline","name":"Pipeline","kind":"businessImpact","unit":"EUR","direction":"higher",
     "collection":{"method":"appGenerated","rule":{"type":"sum","event":"deal","property":"amount",
       "window":{"type":"calendar","period":"quarter"}}}},
    {"id":"calls","name":"Calls","kind":"value","unit":"calls","direction":"higher",
     "collection":{"method":"selfReported"}}]}]}"#;

fn store() -> ResultsStore {
    let mut s = ResultsStore::new();
    s.define_model(js(MODEL).unchecked_into()).unwrap();
    s.upsert_account(js(r#"{"id":"acme","roles":[{"role":"sdr","maturity":1}]}"#).unchecked_into())
        .unwrap();
    s
}

/// (class name, code, field) of a thrown error.
fn error_parts(error: JsValue) -> (String, String, String) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error instance"
    );
    let text = |k: &str| get(&error, &[k]).as_string().unwrap_or_default();
    (
        get(&error, &["constructor", "name"]).as_string().unwrap(),
        text("code"),
        text("field"),
    )
}

#[wasm_bindgen_test]
fn model_from_object_or_json_text() {
    let mut from_text = ResultsStore::new();
    from_text
        .define_model(JsValue::from_str(MODEL).unchecked_into())
        .unwrap();
    let from_object = store();
    assert_eq!(
        JSON::stringify(&from_text.model()).unwrap(),
        JSON::stringify(&from_object.model()).unwrap()
    );
    assert!(ResultsStore::new().model().is_null());
}

#[wasm_bindgen_test]
fn track_reads_only_the_properties_rules_need() {
    let mut s = store();
    let props = js(r#"{"account":"acme","amount":250.5,"unused":{"nested":true}}"#);
    assert_eq!(
        s.track(event("deal"), props.clone().unchecked_into(), Some(JAN_1))
            .unwrap(),
        1
    );
    assert_eq!(
        s.track(
            event("deal"),
            props.clone().unchecked_into(),
            Some(JAN_1 + 90.0 * DAY)
        )
        .unwrap(),
        1
    );
    let which = js(r#"{"account":"acme","role":"sdr","metric":"pipeline"}"#);
    assert_eq!(
        s.value(which.clone().unchecked_into(), Some(JAN_1 + 90.0 * DAY))
            .unwrap()
            .as_f64(),
        Some(501.0)
    ); // Mar 31
    let april = JAN_1 + 91.0 * DAY; // 2024 is a leap year: Apr 1 starts Q2
    assert_eq!(
        s.track(event("deal"), props.unchecked_into(), Some(april))
            .unwrap(),
        1
    );
    assert_eq!(
        s.value(which.clone().unchecked_into(), Some(april))
            .unwrap()
            .as_f64(),
        Some(250.5)
    );
    // A calendar window keeps the period before the current one: Q1 as it closed.
    assert_eq!(
        s.value(which.unchecked_into(), Some(JAN_1))
            .unwrap()
            .as_f64(),
        Some(501.0)
    );
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_code_and_field() {
    let mut s = store();
    let bad_model = MODEL.replace(
        r#""direction":"higher",
     "collection":{"method":"selfReported"}"#,
        r#""direction":"upward",
     "collection":{"method":"selfReported"}"#,
    );
    let err = ResultsStore::new()
        .define_model(js(&bad_model).unchecked_into())
        .unwrap_err();
    assert_eq!(
        error_parts(err),
        (
            "RangeError".into(),
            "INVALID_VALUE".into(),
            "roles[0].metrics[1].direction".into()
        )
    );

    let err = s
        .track(
            event("deal"),
            js(r#"{"account":"acme","amount":"12"}"#).unchecked_into(),
            Some(JAN_1),
        )
        .unwrap_err();
    assert_eq!(
        error_parts(err),
        (
            "TypeError".into(),
            "WRONG_TYPE".into(),
            "props.amount".into()
        )
    );
    let err = s
        .track(
            event(42),
            js(r#"{"account":"acme"}"#).unchecked_into(),
            Some(JAN_1),
        )
        .unwrap_err();
    assert_eq!(
        error_parts(err),
        ("TypeError".into(), "WRONG_TYPE".into(), "eventName".into())
    );
    let err = s
        .track(
            event("deal"),
            JsValue::from_str("acme").unchecked_into(),
            Some(JAN_1),
        )
        .unwrap_err();
    assert_eq!(error_parts(err).2, "props");
    let err = s
        .track(
            event("deal"),
            js(r#"{"account":"acme","amount":1}"#).unchecked_into(),
            Some(f64::NAN),
        )
        .unwrap_err();
    assert_eq!(
        error_parts(err),
        (
            "RangeError".into(),
            "INVALID_TIME".into(),
            "timestamp".into()
        )
    );

    let goal =
        js(r#"{"account":"acme","role":"sdr","metric":"calls","baseline":5,"target":5,"start":0}"#);
    assert_eq!(
        error_parts(s.set_goal(goal.unchecked_into()).unwrap_err()).1,
        "GOAL_ZERO_WIDTH"
    );
    let obs = js(
        r#"{"account":"acme","role":"sdr","metric":"calls","value":5,"at":0,"method":"integration"}"#,
    );
    assert_eq!(
        error_parts(s.record_observation(obs.unchecked_into()).unwrap_err()).1,
        "METHOD_MISMATCH"
    );
    let symbol = js_sys::Symbol::for_("x");
    let weird = Object::new();
    Reflect::set(&weird, &"id".into(), &symbol).unwrap();
    assert_eq!(
        error_parts(
            s.upsert_account(JsValue::from(weird).unchecked_into())
                .unwrap_err()
        ),
        ("TypeError".into(), "WRONG_TYPE".into(), "account.id".into())
    );
}

#[wasm_bindgen_test]
fn goals_and_kpis_come_back_as_plain_data() {
    let mut s = store();
    let obs = |v: f64, at: f64| {
        let o = js(r#"{"account":"acme","role":"sdr","metric":"calls","method":"selfReported"}"#);
        Reflect::set(&o, &"value".into(), &v.into()).unwrap();
        Reflect::set(&o, &"at".into(), &at.into()).unwrap();
        o
    };
    s.record_observation(obs(10.0, JAN_1).unchecked_into())
        .unwrap();
    let goal = js(&format!(
        r#"{{"account":"acme","role":"sdr","metric":"calls","target":20,"start":{JAN_1},"due":{}}}"#,
        JAN_1 + 10.0 * DAY
    ));
    s.set_goal(goal.unchecked_into()).unwrap();
    s.record_observation(obs(25.0, JAN_1 + DAY).unchecked_into())
        .unwrap(); // overshoot: achieved
    let rows = s
        .goals(
            js(r#"{"account":"acme","role":"sdr"}"#).unchecked_into(),
            Some(JAN_1 + DAY),
        )
        .unwrap();
    let calls = get(&rows, &["1"]);
    assert!(get(&calls, &["goal"]).is_null());
    assert_eq!(get(&calls, &["nextGoal", "target"]).as_f64(), Some(30.0)); // +5 absolute
    let history = s
        .history(js(r#"{"account":"acme","role":"sdr","metric":"calls"}"#).unchecked_into())
        .unwrap();
    assert_eq!(
        get(&history, &["0", "status"]).as_string().as_deref(),
        Some("achieved")
    );
    let kpis = s.kpis(Some(JAN_1 + DAY)).unwrap();
    assert_eq!(
        get(&kpis, &["roles", "0", "goalAchieved", "percent"]).as_f64(),
        Some(100.0)
    );
    assert_eq!(
        get(&kpis, &["roles", "0", "metrics", "1", "averageGain"]).as_f64(),
        Some(15.0)
    );
}

#[wasm_bindgen_test]
fn state_round_trips_and_bad_state_changes_nothing() {
    let mut s = store();
    s.track(
        event("deal"),
        js(r#"{"account":"acme","amount":7}"#).unchecked_into(),
        Some(JAN_1),
    )
    .unwrap();
    let text = JSON::stringify(&s.to_json()).unwrap();
    let loaded = ResultsStore::from_json(JsValue::from(text.clone()).unchecked_into()).unwrap();
    assert_eq!(JSON::stringify(&loaded.to_json()).unwrap(), text);
    let future = js(&String::from(text).replace(r#""version":2"#, r#""version":99"#));
    let err = s.load(future.unchecked_into()).unwrap_err();
    assert_eq!(
        error_parts(err),
        (
            "Error".into(),
            "UNSUPPORTED_VERSION".into(),
            "state.version".into()
        )
    );
    assert_eq!(
        JSON::stringify(&s.to_json()).unwrap(),
        JSON::stringify(&loaded.to_json()).unwrap()
    );
}

/// The core's views take a checked time; the boundary checks `at` once.
#[wasm_bindgen_test]
fn at_is_a_time_for_every_view() {
    let mut s = store();
    let instance = || js(r#"{"account":"acme","role":"sdr"}"#).unchecked_into();
    for at in [f64::NAN, f64::INFINITY, 0.5, 1e16] {
        for error in [
            s.goals(instance(), Some(at)).unwrap_err(),
            s.canvas(instance(), Some(at)).unwrap_err(),
            s.kpis(Some(at)).unwrap_err(),
            s.review(Some(at)).unwrap_err(),
        ] {
            assert_eq!(
                error_parts(error),
                ("RangeError".into(), "INVALID_TIME".into(), "at".into())
            );
        }
    }
}
