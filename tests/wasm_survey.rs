//! Survey exports across the JS boundary, in Node and headless Chromium:
//! typed arrays and objects in, plain objects (trends) or the records the
//! JS wrapper turns into objects (scores, src/wasm/survey.rs) out, typed
//! errors for every kind of bad input.
#![cfg(target_arch = "wasm32")]

use clg_metrics::wasm::{self, SurveyAggregate};
use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(value.clone(), |v, k| Reflect::get(&v, &k.into()).unwrap())
}

fn number(value: &JsValue, path: &str) -> f64 {
    get(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

fn numbers(values: &[f64]) -> JsValue {
    values
        .iter()
        .map(|&v| JsValue::from_f64(v))
        .collect::<Array>()
        .into()
}

/// A JS object from JSON text (test data only).
fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn opts(json: &str) -> Option<JsValue> {
    Some(js(json))
}

/// Asserts `result` is a thrown `Error` with this class, code and field.
#[track_caller]
fn assert_error<T>(result: Result<T, JsValue>, class: &str, code: &str, field: &str) {
    let Err(error) = result else {
        panic!("bad input must throw ({code} at {field})")
    };
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error instance"
    );
    let message = get(&error, "message").as_string().unwrap_or_default();
    let text = |k: &str| get(&error, k).as_string().unwrap_or_default();
    let got_class = get(&error, "constructor.name").as_string().unwrap();
    assert_eq!(
        (
            got_class.as_str(),
            text("code").as_str(),
            text("field").as_str()
        ),
        (class, code, field),
        "{message}"
    );
    assert!(
        message.starts_with(field),
        "message must name the field: {message}"
    );
}

fn csat(scores: JsValue, options: Option<JsValue>) -> Result<Vec<f64>, JsValue> {
    wasm::csat(scores.unchecked_into(), options.map(JsCast::unchecked_into))
}

fn ces(scores: JsValue, options: Option<JsValue>) -> Result<Vec<f64>, JsValue> {
    wasm::ces(scores.unchecked_into(), options.map(JsCast::unchecked_into))
}

fn compare(
    kind: &str,
    a: JsValue,
    b: JsValue,
    options: Option<JsValue>,
) -> Result<Vec<f64>, JsValue> {
    wasm::compare(
        JsValue::from_str(kind).unchecked_into(),
        a.unchecked_into(),
        b.unchecked_into(),
        options.map(JsCast::unchecked_into),
    )
}

fn trend(responses: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    wasm::survey_trend(
        responses.unchecked_into(),
        options.map(JsCast::unchecked_into),
    )
}

fn columns(kind: &str, data: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    wasm::survey_trend_columns(
        JsValue::from_str(kind).unchecked_into(),
        data.unchecked_into(),
        options.map(JsCast::unchecked_into),
    )
}

fn aggregate(kind: &str, options: Option<JsValue>) -> Result<SurveyAggregate, JsValue> {
    SurveyAggregate::new(
        JsValue::from_str(kind).unchecked_into(),
        options.map(JsCast::unchecked_into),
    )
}

// A summary record: [kind (0 nps, 1 ces, 2 csat), the fields in the
// order of the result's type (booleans 0/1, null NaN, the interval as
// low, high, level), then the CSAT/CES counts from slot 11].

#[wasm_bindgen_test]
fn csat_and_ces_results() {
    let typed = csat(Uint8Array::from(&[5u8, 4, 4, 3, 1][..]).into(), None).unwrap();
    let plain = csat(numbers(&[5.0, 4.0, 4.0, 3.0, 1.0]), None).unwrap();
    // Bit for bit (the unused slots hold NaN).
    let bits = |r: &[f64]| r.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&typed), bits(&plain));
    // csat, score 60, n 5, satisfied 3, lowSample, scale 5, interval
    assert_eq!(typed[..6], [2.0, 60.0, 5.0, 3.0, 1.0, 5.0]);
    assert_eq!(typed[11..16], [1.0, 0.0, 1.0, 2.0, 1.0], "counts of 1..5");
    let ten = csat(
        numbers(&[9.0, 10.0, 6.0]),
        opts(r#"{"scale":10,"level":0.9}"#),
    )
    .unwrap();
    // satisfied, scale, interval.level
    assert_eq!((ten[3], ten[5], ten[8]), (2.0, 10.0, 0.9));

    let r = ces(
        numbers(&[7.0, 6.0, 6.0, 5.0, 4.0, 7.0, 3.0, 6.0, 5.0, 7.0]),
        None,
    )
    .unwrap();
    assert_eq!(r[0], 1.0, "ces");
    assert!((r[1] - 5.6).abs() < 1e-12, "mean");
    // interval.low: mpmath 1.3 reference (see survey::ces tests); tolerance 1e-12.
    assert!((r[8] - 4.634_341_776_133_632).abs() < 1e-12);
    assert_eq!(r[5], 80.0, "easyShare");
    let single = ces(numbers(&[4.0]), None).unwrap();
    assert!(
        single[8].is_nan() && single[3].is_nan(),
        "no interval, no sd"
    );
}

#[wasm_bindgen_test]
fn nps_result_has_low_sample() {
    let r = wasm::nps(numbers(&[10.0, 9.0, 3.0]).unchecked_into(), None).unwrap();
    assert_eq!((r[0], r[6]), (0.0, 1.0), "nps, lowSample");
    let many: Vec<u8> = (0..30).map(|i| (i % 11) as u8).collect();
    let r = wasm::nps(Uint8Array::from(&many[..]).unchecked_into(), None).unwrap();
    assert_eq!(r[6], 0.0, "lowSample");
}

#[wasm_bindgen_test]
fn score_functions_reject_bad_input() {
    assert_error(
        csat(numbers(&[5.0, 6.0]), None),
        "RangeError",
        "SCORE_OUT_OF_RANGE",
        "scores[1]",
    );
    assert_error(
        csat(numbers(&[0.0]), None),
        "RangeError",
        "SCORE_OUT_OF_RANGE",
        "scores[0]",
    );
    assert_error(
        csat(Uint8Array::from(&[3u8, 9][..]).into(), None),
        "RangeError",
        "SCORE_OUT_OF_RANGE",
        "scores[1]",
    );
    assert_error(
        ces(numbers(&[2.5]), None),
        "RangeError",
        "SCORE_NOT_INTEGER",
        "scores[0]",
    );
    assert_error(
        ces(numbers(&[f64::INFINITY]), None),
        "RangeError",
        "NOT_FINITE",
        "scores[0]",
    );
    assert_error(
        ces(js(r#"[1, "2"]"#), None),
        "TypeError",
        "WRONG_TYPE",
        "scores[1]",
    );
    assert_error(ces("1,2".into(), None), "TypeError", "WRONG_TYPE", "scores");
    assert_error(ces(numbers(&[]), None), "Error", "EMPTY_INPUT", "scores");
    assert_error(
        csat(numbers(&[5.0]), opts(r#"{"scale":11}"#)),
        "RangeError",
        "INVALID_SCALE",
        "options.scale",
    );
    assert_error(
        csat(numbers(&[5.0]), opts(r#"{"scale":"5"}"#)),
        "TypeError",
        "WRONG_TYPE",
        "options.scale",
    );
    assert_error(
        ces(numbers(&[5.0]), opts(r#"{"level":1}"#)),
        "RangeError",
        "INVALID_LEVEL",
        "options.level",
    );
    assert_error(
        ces(numbers(&[5.0]), opts(r#"{"scal":5}"#)),
        "Error",
        "UNKNOWN_OPTION",
        "options.scal",
    );
    assert_error(
        ces(numbers(&[5.0]), opts("[]")),
        "TypeError",
        "WRONG_TYPE",
        "options",
    );
}

#[wasm_bindgen_test]
fn compare_results_and_errors() {
    let a = numbers(&[7.0, 6.0, 6.0, 5.0, 4.0, 7.0, 3.0, 6.0, 5.0, 7.0]);
    let b = Uint8Array::from(&[4u8, 5, 3, 6, 2, 4, 5, 3][..]).into();
    // A comparison record: kind, difference, interval (low, high, level),
    // significant, pValue, df, nFirst, nSecond.
    let c = compare("ces", a.clone(), b, None).unwrap();
    // pValue: mpmath 1.3 / scipy.stats.ttest_ind(equal_var=False); tolerance 1e-10.
    assert!((c[6] - 0.022_315_319_821_079_374).abs() < 1e-10);
    assert_eq!((c[0], c[5], c[8], c[9]), (1.0, 1.0, 10.0, 8.0));
    let n = compare("nps", numbers(&[10.0, 9.0]), numbers(&[0.0, 10.0]), None).unwrap();
    assert!(n[6].is_nan() && n[7].is_nan(), "no pValue, no df");
    assert_eq!(n[1], 100.0, "difference");

    assert_error(
        compare("cez", a.clone(), a.clone(), None),
        "RangeError",
        "INVALID_CHOICE",
        "kind",
    );
    assert_error(
        compare("ces", a.clone(), numbers(&[9.0]), None),
        "RangeError",
        "SCORE_OUT_OF_RANGE",
        "second[0]",
    );
    assert_error(
        compare("ces", numbers(&[1.5]), a.clone(), None),
        "RangeError",
        "SCORE_NOT_INTEGER",
        "first[0]",
    );
    assert_error(
        compare("ces", a.clone(), numbers(&[5.0]), None),
        "Error",
        "TOO_FEW_SCORES",
        "second",
    );
    assert_error(
        compare("csat", numbers(&[]), numbers(&[5.0]), None),
        "Error",
        "EMPTY_INPUT",
        "first",
    );
    assert_error(
        compare("ces", a.clone(), a, opts(r#"{"scale":2}"#)),
        "RangeError",
        "INVALID_SCALE",
        "options.scale",
    );
    let kind = wasm::compare(
        JsValue::from_f64(1.0).unchecked_into(),
        numbers(&[]).unchecked_into(),
        numbers(&[]).unchecked_into(),
        None,
    );
    assert_error(kind, "TypeError", "WRONG_TYPE", "kind");
}

const RESPONSE: &str = r#"{"kind":"nps","score":9,"timestamp":1767225600000,"respondent":{"userId":"u1","accountId":"acme","role":"SDR"},"segments":{"plan":"pro"},"comment":"Great"}"#;

/// RESPONSE with `key` (a top-level field, or `respondent.x`) replaced by
/// the JSON `value` (`undefined` removes it).
fn response_with(key: &str, value: &str) -> JsValue {
    let r = js(RESPONSE);
    let (target, key) = match key.split_once('.') {
        Some((outer, inner)) => (get(&r, outer), inner.to_string()),
        None => (r.clone(), key.to_string()),
    };
    if value == "undefined" {
        Reflect::delete_property(target.unchecked_ref::<Object>(), &key.into()).unwrap();
    } else {
        Reflect::set(&target, &key.into(), &js(value)).unwrap();
    }
    r
}

#[wasm_bindgen_test]
fn validate_response_fills_defaults_and_rejects_bad_fields() {
    let ok = wasm::validate_response(js(RESPONSE).unchecked_into()).unwrap();
    assert_eq!(
        (
            number(&ok, "scale"),
            get(&ok, "segments.plan").as_string().unwrap()
        ),
        (10.0, "pro".to_string())
    );
    let bare =
        wasm::validate_response(response_with("segments", "undefined").unchecked_into()).unwrap();
    assert_eq!(
        Object::keys(get(&bare, "segments").unchecked_ref::<Object>()).length(),
        0
    );
    let long = format!("\"{}\"", "x".repeat(2001));
    let cases: [(JsValue, &str, &str, &str); 14] = [
        ("nope".into(), "TypeError", "WRONG_TYPE", "response"),
        (
            response_with("kind", "\"effort\""),
            "RangeError",
            "INVALID_CHOICE",
            "response.kind",
        ),
        (
            response_with("kind", "undefined"),
            "TypeError",
            "WRONG_TYPE",
            "response.kind",
        ),
        (
            response_with("score", "11"),
            "RangeError",
            "SCORE_OUT_OF_RANGE",
            "response.score",
        ),
        (
            response_with("score", "\"9\""),
            "TypeError",
            "WRONG_TYPE",
            "response.score",
        ),
        (
            response_with("scale", "7"),
            "RangeError",
            "INVALID_SCALE",
            "response.scale",
        ),
        (
            response_with("timestamp", "1e16"),
            "RangeError",
            "INVALID_TIME",
            "response.timestamp",
        ),
        (
            response_with("timestamp", "undefined"),
            "TypeError",
            "WRONG_TYPE",
            "response.timestamp",
        ),
        (
            response_with("respondent", "null"),
            "TypeError",
            "WRONG_TYPE",
            "response.respondent",
        ),
        (
            response_with("respondent.userId", "\"\""),
            "RangeError",
            "EMPTY_TEXT",
            "response.respondent.userId",
        ),
        (
            response_with("respondent.role", "5"),
            "TypeError",
            "WRONG_TYPE",
            "response.respondent.role",
        ),
        (
            response_with("segments", r#"{"plan":1}"#),
            "TypeError",
            "WRONG_TYPE",
            "response.segments.plan",
        ),
        (
            response_with("segments", r#"{"plan":""}"#),
            "RangeError",
            "EMPTY_TEXT",
            "response.segments.plan",
        ),
        (
            response_with("comment", &long),
            "RangeError",
            "TEXT_TOO_LONG",
            "response.comment",
        ),
    ];
    for (value, class, code, field) in cases {
        assert_error(
            wasm::validate_response(value.unchecked_into()),
            class,
            code,
            field,
        );
    }
}

/// Three CSAT responses: two in January (pro, free), one in February (pro).
fn csat_responses() -> JsValue {
    js(r#"[
        {"kind":"csat","score":5,"timestamp":1767571200000,"respondent":{"userId":"a","role":"SDR"},"segments":{"plan":"pro"}},
        {"kind":"csat","score":2,"timestamp":1768608000000,"respondent":{"userId":"b"},"segments":{"plan":"free"}},
        {"kind":"csat","score":4,"timestamp":1769904000000,"respondent":{"userId":"c","role":"SDR"},"segments":{"plan":"pro"}}
    ]"#)
}

#[wasm_bindgen_test]
fn trend_by_segment_and_month() {
    let t = trend(
        csat_responses(),
        opts(r#"{"groupBy":["plan"],"period":"month"}"#),
    )
    .unwrap();
    assert_eq!(
        (get(&t, "kind").as_string().unwrap(), number(&t, "scale")),
        ("csat".to_string(), 5.0)
    );
    let groups: Array = get(&t, "groups").unchecked_into();
    let rows: Vec<(String, String, f64)> = groups
        .iter()
        .map(|g| {
            (
                get(&g, "segment.plan").as_string().unwrap(),
                get(&g, "period").as_string().unwrap(),
                number(&g, "result.n"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("free".into(), "2026-01".into(), 1.0),
            ("pro".into(), "2026-01".into(), 1.0),
            ("pro".into(), "2026-02".into(), 1.0)
        ]
    );
    assert_eq!(
        get(&groups.get(0), "result.kind").as_string().unwrap(),
        "csat"
    );
    // By role: a response without one is grouped under null.
    let by_role = trend(csat_responses(), opts(r#"{"groupBy":["respondent.role"]}"#)).unwrap();
    let groups: Array = get(&by_role, "groups").unchecked_into();
    assert_eq!(groups.length(), 2);
    let role =
        |i: u32| Reflect::get(&get(&groups.get(i), "segment"), &"respondent.role".into()).unwrap();
    assert!(role(0).is_null() && get(&groups.get(0), "period").is_null());
    assert_eq!(
        (
            role(1).as_string().unwrap(),
            number(&groups.get(1), "result.n")
        ),
        ("SDR".to_string(), 2.0)
    );
}

#[wasm_bindgen_test]
fn trend_rejects_bad_input() {
    let mixed = csat_responses();
    Reflect::set(&Array::from(&mixed).get(1), &"kind".into(), &"ces".into()).unwrap();
    assert_error(
        trend(mixed, None),
        "Error",
        "KIND_MISMATCH",
        "responses[1].kind",
    );
    let scales = csat_responses();
    Reflect::set(&Array::from(&scales).get(2), &"scale".into(), &7.into()).unwrap();
    assert_error(
        trend(scales, None),
        "Error",
        "SCALE_MISMATCH",
        "responses[2].scale",
    );
    let bad = csat_responses();
    Reflect::set(&Array::from(&bad).get(2), &"score".into(), &6.into()).unwrap();
    assert_error(
        trend(bad, None),
        "RangeError",
        "SCORE_OUT_OF_RANGE",
        "responses[2].score",
    );
    assert_error(trend(js("[]"), None), "Error", "EMPTY_INPUT", "responses");
    assert_error(
        trend(js("{}"), None),
        "TypeError",
        "WRONG_TYPE",
        "responses",
    );
    assert_error(
        trend(csat_responses(), opts(r#"{"period":"year"}"#)),
        "RangeError",
        "INVALID_CHOICE",
        "options.period",
    );
    assert_error(
        trend(csat_responses(), opts(r#"{"period":7}"#)),
        "TypeError",
        "WRONG_TYPE",
        "options.period",
    );
    assert_error(
        trend(csat_responses(), opts(r#"{"utcOffsetMinutes":900}"#)),
        "RangeError",
        "INVALID_OFFSET",
        "options.utcOffsetMinutes",
    );
    assert_error(
        trend(csat_responses(), opts(r#"{"groupBy":"plan"}"#)),
        "TypeError",
        "WRONG_TYPE",
        "options.groupBy",
    );
    assert_error(
        trend(csat_responses(), opts(r#"{"groupBy":[""]}"#)),
        "RangeError",
        "EMPTY_TEXT",
        "options.groupBy[0]",
    );
    assert_error(
        trend(csat_responses(), opts(r#"{"groupby":[]}"#)),
        "Error",
        "UNKNOWN_OPTION",
        "options.groupby",
    );
}

fn column_data(scores: &[u8], timestamps: Option<&[f64]>, segments: Option<&[u32]>) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"scores".into(), &Uint8Array::from(scores)).unwrap();
    if let Some(t) = timestamps {
        Reflect::set(&o, &"timestamps".into(), &Float64Array::from(t)).unwrap();
    }
    if let Some(s) = segments {
        Reflect::set(&o, &"segments".into(), &Uint32Array::from(s)).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn column_trend_matches_object_trend() {
    let t = [
        1_767_571_200_000.0,
        1_768_608_000_000.0,
        1_769_904_000_000.0,
    ];
    let by_columns = columns(
        "csat",
        column_data(&[5, 2, 4], Some(&t), Some(&[1, 0, 1])),
        opts(r#"{"period":"month"}"#),
    )
    .unwrap();
    let by_objects = trend(
        csat_responses(),
        opts(r#"{"groupBy":["plan"],"period":"month"}"#),
    )
    .unwrap();
    let (a, b): (Array, Array) = (
        get(&by_columns, "groups").unchecked_into(),
        get(&by_objects, "groups").unchecked_into(),
    );
    assert_eq!(a.length(), 3);
    for i in 0..3 {
        assert_eq!(
            JSON::stringify(&get(&a.get(i), "result")).unwrap(),
            JSON::stringify(&get(&b.get(i), "result")).unwrap()
        );
        assert_eq!(number(&a.get(i), "start"), number(&b.get(i), "start"));
    }
    assert_eq!(number(&a.get(0), "segment"), 0.0);
    let plain = columns("nps", column_data(&[10, 0], None, None), None).unwrap();
    assert!(get(&Array::from(&get(&plain, "groups")).get(0), "segment").is_null());
}

#[wasm_bindgen_test]
fn column_trend_rejects_bad_input() {
    let t = [0.0, 1.0];
    assert_error(
        columns("nps", column_data(&[10, 11], None, None), None),
        "RangeError",
        "SCORE_OUT_OF_RANGE",
        "columns.scores[1]",
    );
    assert_error(
        columns("nps", column_data(&[10], Some(&t), None), None),
        "Error",
        "LENGTH_MISMATCH",
        "columns.timestamps",
    );
    assert_error(
        columns("nps", column_data(&[10, 9], Some(&t), Some(&[1])), None),
        "Error",
        "LENGTH_MISMATCH",
        "columns.segments",
    );
    assert_error(
        columns(
            "nps",
            column_data(&[10, 9], None, None),
            opts(r#"{"period":"week"}"#),
        ),
        "Error",
        "LENGTH_MISMATCH",
        "columns.timestamps",
    );
    assert_error(
        columns(
            "nps",
            column_data(&[10, 9], Some(&[0.0, f64::NAN]), None),
            None,
        ),
        "RangeError",
        "INVALID_TIME",
        "columns.timestamps[1]",
    );
    assert_error(
        columns("nps", js(r#"{"scores":[1,2]}"#), None),
        "TypeError",
        "WRONG_TYPE",
        "columns.scores",
    );
    assert_error(
        columns("nps", js(r#"{"score":1}"#), None),
        "Error",
        "UNKNOWN_OPTION",
        "columns.score",
    );
    assert_error(
        columns("nps", JsValue::NULL, None),
        "TypeError",
        "WRONG_TYPE",
        "columns",
    );
    assert_error(
        columns("nps", column_data(&[1], None, None), opts(r#"{"scale":7}"#)),
        "RangeError",
        "INVALID_SCALE",
        "options.scale",
    );
    assert_error(
        columns("NPS", column_data(&[1], None, None), None),
        "RangeError",
        "INVALID_CHOICE",
        "kind",
    );
}

#[wasm_bindgen_test]
fn aggregate_adds_merges_and_round_trips() {
    let mut tab = aggregate("ces", opts(r#"{"scale":7}"#)).unwrap();
    tab.add(6.into()).unwrap();
    tab.add_scores(Uint8Array::from(&[7u8, 5, 2][..]).unchecked_into())
        .unwrap();
    // version 1, ces, scale 7, the counts of 1..7
    assert_eq!(
        tab.to_json(),
        [1.0, 1.0, 7.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    );
    let saved = r#"{"version":1,"kind":"ces","scale":7,"counts":[0,1,0,0,1,1,1]}"#;
    let mut other = SurveyAggregate::from_json(JsValue::from_str(saved).unchecked_into()).unwrap();
    other.merge(&tab).unwrap();
    assert_eq!(
        (other.n(), other.kind(), other.scale()),
        (8.0, "ces".to_string(), 7)
    );
    let summary = other.summary(None).unwrap();
    assert_eq!((summary[0], summary[1]), (1.0, 5.0), "ces, mean");
    let from_object = SurveyAggregate::from_json(js(saved).unchecked_into()).unwrap();
    assert_eq!(from_object.n(), 4.0);
    let c = other.compare_with(&from_object, None).unwrap();
    assert_eq!(c[1], 0.0, "difference");
}

#[wasm_bindgen_test]
fn aggregate_rejects_bad_input_and_stays_unchanged() {
    assert_error(
        aggregate("ces", opts(r#"{"scale":12}"#)),
        "RangeError",
        "INVALID_SCALE",
        "options.scale",
    );
    assert_error(
        aggregate("effort", None),
        "RangeError",
        "INVALID_CHOICE",
        "kind",
    );
    assert_error(
        aggregate("ces", opts(r#"{"level":0.9}"#)),
        "Error",
        "UNKNOWN_OPTION",
        "options.level",
    );
    let mut a = aggregate("csat", None).unwrap();
    a.add(5.into()).unwrap();
    assert_error(a.add(6.into()), "RangeError", "SCORE_OUT_OF_RANGE", "score");
    assert_error(a.add("5".into()), "TypeError", "WRONG_TYPE", "score");
    assert_error(
        a.add_scores(numbers(&[5.0, 4.0, 0.0]).unchecked_into()),
        "RangeError",
        "SCORE_OUT_OF_RANGE",
        "scores[2]",
    );
    assert_error(
        a.merge(&aggregate("csat", opts(r#"{"scale":7}"#)).unwrap()),
        "Error",
        "SCALE_MISMATCH",
        "other",
    );
    assert_error(
        a.merge(&aggregate("nps", None).unwrap()),
        "Error",
        "KIND_MISMATCH",
        "other",
    );
    assert_eq!(a.n(), 1.0, "failed calls change nothing");
    assert_error(
        aggregate("nps", None).unwrap().summary(None),
        "Error",
        "EMPTY_INPUT",
        "this",
    );
    assert_error(
        a.summary(opts(r#"{"level":2}"#).map(JsCast::unchecked_into)),
        "RangeError",
        "INVALID_LEVEL",
        "options.level",
    );
    assert_error(
        a.compare_with(&aggregate("csat", None).unwrap(), None),
        "Error",
        "EMPTY_INPUT",
        "other", // compareWith's argument (compare names it `second`)
    );

    let from = |json: &str| {
        SurveyAggregate::from_json(JsValue::from_str(json).unchecked_into()).map(|a| a.n())
    };
    assert_error(
        from(r#"{"version":2,"kind":"ces","scale":7,"counts":[]}"#),
        "Error",
        "UNSUPPORTED_VERSION",
        "json.version",
    );
    assert_error(
        from(r#"{"version":2,"shape":"new"}"#),
        "Error",
        "UNSUPPORTED_VERSION",
        "json.version",
    );
    assert_error(
        from(r#"{"version":1,"kind":"ces","scale":7,"counts":[],"extra":1}"#),
        "Error",
        "INVALID_AGGREGATE",
        "json.extra",
    );
    assert_error(
        from(r#"{"kind":"ces"}"#),
        "Error",
        "INVALID_AGGREGATE",
        "json.version",
    );
    assert_error(from("{not json"), "Error", "INVALID_AGGREGATE", "json");
    assert_error(
        from(r#"{"version":1,"kind":"ces","scale":7,"counts":[1,2]}"#),
        "Error",
        "INVALID_AGGREGATE",
        "json.counts",
    );
    assert_error(
        from(r#"{"version":1,"kind":"ces","scale":7,"counts":[0,0,0,0,0,0,-1]}"#),
        "Error",
        "INVALID_AGGREGATE",
        "json.counts[6]",
    );
    assert_error(
        from(r#"{"version":1,"kind":"nps","scale":7,"counts":[]}"#),
        "Error",
        "INVALID_AGGREGATE",
        "json.scale",
    );
    assert_error(
        from(r#"{"version":1,"kind":"x","scale":7,"counts":[]}"#),
        "Error",
        "INVALID_AGGREGATE",
        "json.kind",
    );
    assert_error(from("[]"), "Error", "INVALID_AGGREGATE", "json"); // JSON text, not an object
    assert_error(
        SurveyAggregate::from_json(JsValue::from_f64(1.0).unchecked_into()).map(|a| a.n()),
        "TypeError",
        "WRONG_TYPE",
        "json",
    );
}

#[wasm_bindgen_test]
fn saved_aggregate_versions_and_sizes_are_checked_first() {
    let from =
        |value: &JsValue| SurveyAggregate::from_json(value.clone().unchecked_into()).map(|a| a.n());
    for version in ["0", "1.5", "\"1\"", "null"] {
        let text =
            format!(r#"{{"version":{version},"kind":"ces","scale":7,"counts":[0,0,0,0,0,0,1]}}"#);
        assert_error(
            from(&JsValue::from_str(&text)),
            "Error",
            "INVALID_AGGREGATE",
            "json.version",
        );
    }
    // A sparse counts array claiming 2e8 entries is refused by its length,
    // by the one converter's element limit, before anything is read.
    let state = JSON::parse(r#"{"version":1,"kind":"ces","scale":7,"counts":[]}"#).unwrap();
    let counts = Array::new();
    counts.set_length(200_000_000);
    Reflect::set(&state, &"counts".into(), &counts).unwrap();
    assert_error(from(&state), "RangeError", "TOO_LARGE", "json.counts");
}
