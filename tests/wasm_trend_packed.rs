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

/// The texts' JS lengths of each response: userId, accountId, role, comment.
const TEXTS: [[u32; 4]; 3] = [
    [1, ABSENT, 3, ABSENT],
    [1, ABSENT, ABSENT, ABSENT],
    [1, ABSENT, 3, 2],
];
/// Per segment attribute: response, name length, value length.
const SEGMENTS: [u32; 9] = [0, 4, 3, 1, 4, 6, 2, 4, 3];

/// The packing of the three responses for `options` (which groups by
/// nothing, `plan`, or `respondent.role` and `plan`): distinct strings
/// (kind and grouping values) and `refs`.
fn packing(options: &str) -> (&'static str, Vec<u32>, Vec<u32>) {
    // Each response's grouping values, as string indices.
    let (text, lengths, values): (_, _, [&[u32]; 3]) = if options.contains("respondent.role") {
        (
            "csat\0SDR\0pro\0é-free",
            vec![4, 3, 3, 6],
            [&[1, 2], &[ABSENT, 3], &[1, 2]],
        )
    } else if options.contains("plan") {
        ("csat\0pro\0é-free", vec![4, 3, 6], [&[1], &[2], &[1]])
    } else {
        ("csat", vec![4], [&[], &[], &[]])
    };
    let mut refs = Vec::new();
    for (texts, values) in TEXTS.iter().zip(values) {
        refs.push(0); // csat
        refs.extend(texts);
        refs.extend(values);
    }
    (text, lengths, refs)
}

fn packed(objects: &JsValue, numbers: &[f64], options: &str) -> Result<JsValue, JsValue> {
    let (text, lengths, refs) = packing(options);
    wasm::survey_trend_packed(
        objects.clone(),
        text.as_bytes(),
        &lengths,
        numbers,
        &refs,
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
            packed(&list, &numbers, options).unwrap(),
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
            packed(&list, &numbers, "{}").unwrap_err(),
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
    let (list, numbers) = responses(2.0);
    let options = packed(&list, &numbers, r#"{"period":"year"}"#).unwrap_err();
    assert_eq!(text(&options, "field"), "options.period");
}

#[wasm_bindgen_test]
fn a_text_the_lengths_do_not_decide_is_read_from_the_object() {
    // 150 emoji: 300 UTF-16 units but 150 characters (valid); 201: too long.
    for (emoji, error) in [(150, None), (201, Some("responses[1].respondent.userId"))] {
        let (list, numbers) = responses(2.0);
        let second = Reflect::get(&list, &1.into()).unwrap();
        let respondent = Reflect::get(&second, &"respondent".into()).unwrap();
        let user = "\u{1F600}".repeat(emoji);
        Reflect::set(&respondent, &"userId".into(), &user.as_str().into()).unwrap();
        let (joined, lengths, mut refs) = packing("{}");
        refs[5 + 1] = 2 * emoji as u32; // response 1's userId
        let outcome = wasm::survey_trend_packed(
            list.clone(),
            joined.as_bytes(),
            &lengths,
            &numbers,
            &refs,
            &SEGMENTS,
            js("{}"),
        );
        let expected = objects(list, "{}");
        match error {
            None => assert_eq!(json(&outcome.unwrap()), json(&expected.unwrap())),
            Some(field) => {
                let (a, b) = (outcome.unwrap_err(), expected.unwrap_err());
                assert_eq!(text(&a, "field"), field);
                assert_eq!(text(&a, "message"), text(&b, "message"));
            }
        }
    }
}

#[wasm_bindgen_test]
fn broken_packing_is_a_typed_error() {
    let (list, numbers) = responses(2.0);
    let (joined, _, refs) = packing("{}");
    let call = |list: &JsValue, joined: &[u8], lengths: &[u32], numbers: &[f64]| {
        wasm::survey_trend_packed(
            list.clone(),
            joined,
            lengths,
            numbers,
            &refs,
            &SEGMENTS,
            js("{}"),
        )
        .unwrap_err()
    };
    let short = call(&list, joined.as_bytes(), &[3], &numbers);
    assert_eq!(
        (text(&short, "code"), text(&short, "field")),
        ("INVALID_VALUE".to_string(), "packed.strings".to_string())
    );
    let rows = call(&list, joined.as_bytes(), &[4], &numbers[..6]);
    assert_eq!(text(&rows, "field"), "packed.columns");
    let utf8 = call(&list, &[0xff], &[1], &numbers);
    assert_eq!(text(&utf8, "field"), "packed.text");
    let other = call(&js("[]"), joined.as_bytes(), &[4], &numbers);
    assert_eq!(text(&other, "field"), "packed.responses");
}
