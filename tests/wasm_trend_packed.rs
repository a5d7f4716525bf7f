//! `surveyTrendPacked` (the internal route of `surveyTrend` for response
//! objects packed into columns by the JS wrapper) across the JS boundary,
//! in Node and headless Chromium: the same JSON as `surveyTrend` on the
//! objects, the same errors, and typed errors for broken packing.
#![cfg(target_arch = "wasm32")]

use clg_metrics::wasm;
use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const ABSENT: u32 = u32::MAX;

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn text(value: &JsValue, key: &str) -> String {
    Reflect::get(value, &key.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// Three CSAT responses, as objects and packed; `score` of the second.
fn responses(score: f64) -> (JsValue, Vec<f64>) {
    let objects = js(&format!(
        r#"[
        {{"kind":"csat","score":5,"timestamp":1767571200000,"respondent":{{"userId":"a","role":"SDR"}},"segments":{{"plan":"pro"}}}},
        {{"kind":"csat","score":{score},"timestamp":1768608000000,"respondent":{{"userId":"b"}},"segments":{{"plan":"é-free"}}}},
        {{"kind":"csat","score":4,"timestamp":1769904000000,"respondent":{{"userId":"a","role":"SDR"}},"segments":{{"plan":"pro"}},"comment":"ok"}}
    ]"#
    ));
    let numbers = vec![
        5.0,
        1767571200000.0,
        f64::NAN,
        score,
        1768608000000.0,
        f64::NAN,
        4.0,
        1769904000000.0,
        f64::NAN,
    ];
    (objects, numbers)
}

// Strings: 0 csat, 1 a, 2 SDR, 3 plan, 4 pro, 5 b, 6 é-free, 7 ok.
const TEXT: &str = "csat\0a\0SDR\0plan\0pro\0b\0é-free\0ok";
const LENGTHS: [u32; 8] = [4, 1, 3, 4, 3, 1, 6, 2];
const REFS: [u32; 15] = [
    0, 1, ABSENT, 2, ABSENT, 0, 5, ABSENT, ABSENT, ABSENT, 0, 1, ABSENT, 2, 7,
];
const SEGMENTS: [u32; 9] = [0, 3, 4, 1, 3, 6, 2, 3, 4];

fn packed(numbers: &[f64], lengths: &[u32], options: &str) -> Result<JsValue, JsValue> {
    wasm::survey_trend_packed(
        TEXT.as_bytes(),
        lengths,
        numbers,
        &REFS,
        &SEGMENTS,
        js(options),
    )
}

fn objects(responses: JsValue, options: &str) -> Result<JsValue, JsValue> {
    wasm::survey_trend(responses.into(), Some(js(options).into()))
}

#[wasm_bindgen_test]
fn packed_and_objects_give_the_same_trend() {
    for options in [
        r#"{"groupBy":["plan"],"period":"month"}"#,
        r#"{"groupBy":["respondent.role","plan"]}"#,
        "{}",
    ] {
        let (list, numbers) = responses(2.0);
        let (a, b) = (
            packed(&numbers, &LENGTHS, options).unwrap(),
            objects(list, options).unwrap(),
        );
        assert_eq!(json(&a), json(&b));
    }
}

#[wasm_bindgen_test]
fn packed_errors_are_the_object_errors() {
    for (score, code) in [(6.0, "SCORE_OUT_OF_RANGE"), (2.5, "SCORE_NOT_INTEGER")] {
        let (list, numbers) = responses(score);
        let (a, b) = (
            packed(&numbers, &LENGTHS, "{}").unwrap_err(),
            objects(list, "{}").unwrap_err(),
        );
        assert_eq!(
            (text(&a, "code"), text(&a, "field")),
            (code.to_string(), "responses[1].score".to_string())
        );
        assert_eq!(
            (text(&a, "message"), text(&a, "code")),
            (text(&b, "message"), text(&b, "code"))
        );
    }
    let (_, numbers) = responses(2.0);
    let options = packed(&numbers, &LENGTHS, r#"{"period":"year"}"#).unwrap_err();
    assert_eq!(text(&options, "field"), "options.period");
}

#[wasm_bindgen_test]
fn broken_packing_is_a_typed_error() {
    let (_, numbers) = responses(2.0);
    let short = packed(&numbers, &[4, 1, 3, 4, 3, 1, 5, 2], "{}").unwrap_err();
    assert_eq!(
        (text(&short, "code"), text(&short, "field")),
        ("INVALID_VALUE".to_string(), "packed.strings".to_string())
    );
    let rows = packed(&numbers[..6], &LENGTHS, "{}").unwrap_err();
    assert_eq!(text(&rows, "field"), "packed.columns");
    let utf8 =
        wasm::survey_trend_packed(&[0xff], &[1], &numbers, &REFS, &SEGMENTS, js("{}")).unwrap_err();
    assert_eq!(text(&utf8, "field"), "packed.text");
}
