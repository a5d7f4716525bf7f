//! The JS boundary, run by wasm-bindgen-test in Node and in headless
//! Chromium (`scripts/test.sh` runs this file in both): typed arrays and
//! arrays in, plain objects out, and errors as `Error` instances with a code.
#![cfg(target_arch = "wasm32")]

use clg_metrics::wasm;
use js_sys::{Array, Float64Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// `nps` as JS calls it: any value as scores, any object as options. The
/// result is the record the JS wrapper turns into an `NpsResult`.
fn nps(scores: JsValue, options: Option<Object>) -> Result<Vec<f64>, JsValue> {
    wasm::nps(scores.unchecked_into(), options.map(JsCast::unchecked_into))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// The field at `path` of an NPS record (src/wasm/survey.rs): kind,
/// score, n, promoters, passives, detractors, lowSample, interval.
fn number(record: &[f64], path: &[&str]) -> f64 {
    let slot = match path {
        ["score"] => 1,
        ["n"] => 2,
        ["promoters"] => 3,
        ["passives"] => 4,
        ["detractors"] => 5,
        ["interval", "low"] => 7,
        ["interval", "high"] => 8,
        ["interval", "level"] => 9,
        _ => panic!("{path:?} is not a field of an NPS record"),
    };
    record[slot]
}

fn array(values: &[JsValue]) -> JsValue {
    values.iter().collect::<Array>().into()
}

fn numbers(values: &[f64]) -> JsValue {
    array(
        &values
            .iter()
            .map(|&v| JsValue::from_f64(v))
            .collect::<Vec<_>>(),
    )
}

fn options(level: JsValue) -> Option<Object> {
    let object = Object::new();
    Reflect::set(&object, &"level".into(), &level).unwrap();
    Some(object)
}

/// Calls `nps` expecting an error; returns (class name, code, field, message).
fn nps_error(scores: JsValue, options: Option<Object>) -> (String, String, String, String) {
    let error = nps(scores, options).expect_err("bad input must throw");
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error instance"
    );
    let text = |k: &str| get(&error, k).as_string().unwrap_or_default();
    let class = get(&get(&error, "constructor"), "name")
        .as_string()
        .unwrap();
    (class, text("code"), text("field"), text("message"))
}

#[wasm_bindgen_test]
fn typed_array_and_array_give_the_same_result() {
    let scores = [10u8, 9, 9, 8, 7, 6, 0, 10];
    let typed = nps(Uint8Array::from(&scores[..]).into(), None).unwrap();
    let plain = nps(numbers(&scores.map(f64::from)), None).unwrap();
    let float = nps(Float64Array::from(&scores.map(f64::from)[..]).into(), None).unwrap();
    for path in [
        &["score"][..],
        &["n"],
        &["promoters"],
        &["passives"],
        &["detractors"],
        &["interval", "low"],
        &["interval", "high"],
    ] {
        assert_eq!(number(&typed, path), number(&plain, path), "{path:?}");
        assert_eq!(number(&float, path), number(&plain, path), "{path:?}");
    }
    assert_eq!(number(&typed, &["score"]), 25.0);
    assert_eq!(number(&typed, &["n"]), 8.0);
    assert_eq!(number(&typed, &["interval", "level"]), 0.95);
}

#[wasm_bindgen_test]
fn level_option_changes_the_interval() {
    let scores = numbers(&[10.0, 9.0, 3.0, 8.0, 10.0, 2.0]);
    let narrow = nps(scores.clone(), options(0.90.into())).unwrap();
    let wide = nps(scores, options(0.99.into())).unwrap();
    assert_eq!(number(&narrow, &["interval", "level"]), 0.90);
    assert!(number(&wide, &["interval", "low"]) < number(&narrow, &["interval", "low"]));
    assert!(number(&wide, &["interval", "high"]) > number(&narrow, &["interval", "high"]));
}

#[wasm_bindgen_test]
fn bad_scores_throw_typed_errors_naming_the_position() {
    let cases: [(JsValue, &str, &str, &str); 6] = [
        (
            numbers(&[1.0, 11.0]),
            "RangeError",
            "SCORE_OUT_OF_RANGE",
            "scores[1]",
        ),
        (
            numbers(&[-1.0]),
            "RangeError",
            "SCORE_OUT_OF_RANGE",
            "scores[0]",
        ),
        (
            numbers(&[3.0, 4.0, 7.5]),
            "RangeError",
            "SCORE_NOT_INTEGER",
            "scores[2]",
        ),
        (
            numbers(&[f64::NAN]),
            "RangeError",
            "NOT_FINITE",
            "scores[0]",
        ),
        (
            array(&[9.into(), "9".into()]),
            "TypeError",
            "WRONG_TYPE",
            "scores[1]",
        ),
        (array(&[]), "Error", "EMPTY_INPUT", "scores"),
    ];
    for (scores, class, code, field) in cases {
        let (got_class, got_code, got_field, message) = nps_error(scores, None);
        assert_eq!(
            (got_class.as_str(), got_code.as_str(), got_field.as_str()),
            (class, code, field),
            "{message}"
        );
        assert!(
            message.starts_with(field),
            "message must name the position: {message}"
        );
    }
    let (_, code, field, _) = nps_error(Float64Array::from(&[9.0, 0.5][..]).into(), None);
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("SCORE_NOT_INTEGER", "scores[1]")
    );
    let (_, code, field, message) = nps_error(Uint8Array::from(&[1u8, 2, 200][..]).into(), None);
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("SCORE_OUT_OF_RANGE", "scores[2]")
    );
    assert!(message.contains("from 0 to 10, got 200"), "{message}");
}

#[wasm_bindgen_test]
fn wrong_containers_and_options_are_rejected() {
    let (class, code, field, _) = nps_error("10,9".into(), None);
    assert_eq!(
        (class.as_str(), code.as_str(), field.as_str()),
        ("TypeError", "WRONG_TYPE", "scores")
    );
    let (class, code, field, message) = nps_error(numbers(&[9.0]), options(2.into()));
    assert_eq!(
        (class.as_str(), code.as_str(), field.as_str()),
        ("RangeError", "INVALID_LEVEL", "options.level")
    );
    assert!(
        message.contains("greater than 0 and less than 1"),
        "{message}"
    );
    let (_, code, field, _) = nps_error(numbers(&[9.0]), options("0.9".into()));
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("WRONG_TYPE", "options.level")
    );
    let typo = Object::new();
    Reflect::set(&typo, &"levle".into(), &0.9.into()).unwrap();
    let (_, code, field, _) = nps_error(numbers(&[9.0]), Some(typo));
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("UNKNOWN_OPTION", "options.levle")
    );
}

#[wasm_bindgen_test]
fn keeps_working_after_errors() {
    for _ in 0..3 {
        assert!(nps(numbers(&[11.0]), None).is_err());
        let ok = nps(numbers(&[10.0, 0.0]), None).unwrap();
        assert_eq!(number(&ok, &["score"]), 0.0);
    }
}

#[wasm_bindgen_test]
fn large_typed_array() {
    let scores: Vec<u8> = (0..100_003u32).map(|i| (i % 11) as u8).collect();
    let r = nps(Uint8Array::from(&scores[..]).into(), None).unwrap();
    assert_eq!(number(&r, &["n"]), 100_003.0);
    let promoters = scores.iter().filter(|&&s| s >= 9).count() as f64;
    assert_eq!(number(&r, &["promoters"]), promoters);
}
