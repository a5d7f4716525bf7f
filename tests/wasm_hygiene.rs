//! The survey-policy boundary in Node and headless Chromium: policies,
//! state and events as plain JSON objects in, decisions and versioned state
//! out, and typed errors naming the field.
#![cfg(target_arch = "wasm32")]

use clg_metrics::hygiene::{PolicyState, StateColumns};
use clg_metrics::wasm;
use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const DAY: f64 = 86_400_000.0;
const T0: f64 = 1_700_000_000_000.0;

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn policy() -> JsValue {
    json(
        r#"{ "kinds": { "nps": { "recontactDays": 90 }, "csat": { "recontactDays": 30, "sampleRate": 1 } },
              "userGapDays": 14, "accountCap": { "max": 3, "windowDays": 7 }, "roleCap": null,
              "sessionDelayMinutes": 3, "snoozeDays": 1 }"#,
    )
}

fn ask(now: f64) -> JsValue {
    json(&format!(
        r#"{{ "surveyId": "s1", "kind": "nps", "userId": "u1", "role": "admin", "now": {now}, "sessionStart": {T0} }}"#
    ))
}

fn decide(policy: &JsValue, state: &JsValue, ask: &JsValue) -> Result<JsValue, JsValue> {
    wasm::survey_decision(
        policy.clone().unchecked_into(),
        Some(state.clone().unchecked_into()),
        ask.clone().unchecked_into(),
    )
}

fn record(state: &JsValue, event: &str) -> Result<JsValue, JsValue> {
    wasm::record_survey_event_packed(policy(), state.clone(), json(event)).map(returned)
}

/// A plain object with these fields, in this order.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

/// The state object the wrapper (`src/js/policy-state.js`) makes of the
/// columns a packed call returns: decoded, frozen and adopted, so the
/// module takes it back as the state it returned.
fn returned(columns: JsValue) -> JsValue {
    let parts: js_sys::Array = columns.clone().unchecked_into();
    let text: Vec<u16> = parts.get(0).as_string().unwrap().encode_utf16().collect();
    let lengths = js_sys::Uint32Array::from(parts.get(1)).to_vec();
    let times = js_sys::Float64Array::from(parts.get(2)).to_vec();
    let codes = js_sys::Uint8Array::from(parts.get(3)).to_vec();
    let mut texts = Vec::new();
    let mut at = 0;
    for length in lengths {
        texts.push(String::from_utf16(&text[at..at + length as usize]).unwrap());
        at += length as usize;
    }
    let n = codes.len();
    let prompts: js_sys::Array = (0..n)
        .map(|i| {
            let outcome = ["shown", "responded", "dismissed", "snoozed"][usize::from(codes[i] & 3)];
            let outcome_at = if codes[i] & 4 != 0 {
                times[2 * i + 1].into()
            } else {
                JsValue::NULL
            };
            object(&[
                ("id", texts[3 * i].as_str().into()),
                ("surveyId", texts[3 * i + 1].as_str().into()),
                ("kind", texts[3 * i + 2].as_str().into()),
                ("at", times[2 * i].into()),
                ("outcome", outcome.into()),
                ("outcomeAt", outcome_at),
            ])
        })
        .collect();
    let account_prompts: js_sys::Array = (0..times.len() - 2 * n)
        .map(|j| {
            object(&[
                ("id", texts[3 * n + 2 * j].as_str().into()),
                ("role", texts[3 * n + 2 * j + 1].as_str().into()),
                ("at", times[2 * n + j].into()),
            ])
        })
        .collect();
    let object = object(&[
        ("version", 1.into()),
        ("prompts", prompts.into()),
        ("accountPrompts", account_prompts.into()),
    ]);
    for key in ["prompts", "accountPrompts"] {
        for entry in js_sys::Array::from(&get(&object, key)).iter() {
            js_sys::Object::freeze(entry.unchecked_ref::<js_sys::Object>());
        }
        js_sys::Object::freeze(get(&object, key).unchecked_ref::<js_sys::Object>());
    }
    js_sys::Object::freeze(object.unchecked_ref::<js_sys::Object>());
    wasm::adopt_survey_state(columns, object.clone());
    object
}

/// (class name, code, field) of a thrown error.
fn error_of(result: Result<JsValue, JsValue>) -> (String, String, String) {
    let error = result.expect_err("bad input must throw");
    assert!(error.is_instance_of::<js_sys::Error>());
    let text = |v: JsValue| v.as_string().unwrap_or_default();
    (
        text(get(&get(&error, "constructor"), "name")),
        text(get(&error, "code")),
        text(get(&error, "field")),
    )
}

#[wasm_bindgen_test]
fn decision_is_a_plain_object_with_reason_and_retry_at() {
    let d = decide(&policy(), &JsValue::NULL, &ask(T0 + 60_000.0)).unwrap();
    assert_eq!(
        stringify(&d),
        format!(
            r#"{{"show":false,"reason":"SESSION_TOO_NEW","retryAt":{}}}"#,
            T0 + 180_000.0
        )
    );
    let d = decide(&policy(), &JsValue::UNDEFINED, &ask(T0 + 180_000.0)).unwrap();
    assert_eq!(
        stringify(&d),
        r#"{"show":true,"reason":"ELIGIBLE","retryAt":null}"#
    );
}

/// State after prompt "p1" (nps, admin) was shown at `at`.
fn shown_p1(at: f64) -> JsValue {
    record(
        &JsValue::NULL,
        &format!(r#"{{ "type": "shown", "promptId": "p1", "surveyId": "s1", "kind": "nps", "role": "admin", "at": {at} }}"#),
    )
    .unwrap()
}

#[wasm_bindgen_test]
fn shown_then_dismissed_round_trips_as_versioned_json() {
    let at = T0 + DAY;
    let state = shown_p1(at);
    let state = record(
        &state,
        &format!(r#"{{ "type": "dismissed", "promptId": "p1", "at": {at} }}"#),
    )
    .unwrap();
    let text = stringify(&state);
    assert_eq!(
        text,
        format!(
            r#"{{"version":1,"prompts":[{{"id":"p1","surveyId":"s1","kind":"nps","at":{at},"outcome":"dismissed","outcomeAt":{at}}}],"accountPrompts":[{{"id":"p1","role":"admin","at":{at}}}]}}"#
        )
    );
    // The stored JSON reads back and drives the decision.
    let d = decide(&policy(), &json(&text), &ask(at + 20.0 * DAY)).unwrap();
    assert_eq!(get(&d, "reason").as_string().unwrap(), "RECONTACT_PERIOD");
    assert_eq!(get(&d, "retryAt").as_f64().unwrap(), at + 90.0 * DAY);
}

#[wasm_bindgen_test]
fn merge_adds_the_accounts_prompts_once() {
    let server = json(&format!(
        r#"{{ "version": 1, "prompts": [], "accountPrompts": [
            {{ "id": "a", "role": "editor", "at": {a} }}, {{ "id": "b", "role": "editor", "at": {b} }}, {{ "id": "c", "role": "viewer", "at": {c} }} ] }}"#,
        a = T0 + DAY,
        b = T0 + DAY + 1.0,
        c = T0 + DAY + 2.0
    ));
    let merged = merge(&JsValue::NULL, &server).unwrap();
    let merged = merge(&merged, &server).unwrap();
    let d = decide(&policy(), &merged, &ask(T0 + DAY + 10.0)).unwrap();
    assert_eq!(get(&d, "reason").as_string().unwrap(), "ACCOUNT_CAP");
    assert_eq!(get(&d, "retryAt").as_f64().unwrap(), T0 + 8.0 * DAY);
}

#[wasm_bindgen_test]
fn sampling_hash_matches_the_documented_reference() {
    // Reference values computed in Python (see src/hygiene/hash.rs): exact.
    assert_eq!(
        wasm::sampling_hash("nps-q3".into(), "user-42".into()).unwrap(),
        0x01b4_61e8
    );
    assert_eq!(
        wasm::sampling_hash("csat".into(), "é".into()).unwrap(),
        0x6848_f443
    );
    let e = wasm::sampling_hash(JsValue::from_f64(3.0), "u".into()).map(JsValue::from);
    assert_eq!(
        error_of(e),
        ("TypeError".into(), "WRONG_TYPE".into(), "surveyId".into())
    );
}

#[wasm_bindgen_test]
fn bad_policies_name_the_field() {
    let cases = [
        (
            r#"{ "kinds": { "nps": { "recontactDays": 90, "sampleRate": 2 } } }"#,
            "RangeError",
            "INVALID_RATE",
            "policy.kinds.nps.sampleRate",
        ),
        (
            r#"{ "kinds": { "nps": { "recontactDays": -1 } } }"#,
            "RangeError",
            "INVALID_DURATION",
            "policy.kinds.nps.recontactDays",
        ),
        (
            r#"{ "kinds": { "nps": { "recontactDay": 1 } } }"#,
            "Error",
            "UNKNOWN_OPTION",
            "policy.kinds.nps.recontactDay",
        ),
        (
            r#"{ "kinds": [] }"#,
            "TypeError",
            "WRONG_TYPE",
            "policy.kinds",
        ),
        (
            r#"{ "kinds": {}, "accountCap": { "max": 1.5, "windowDays": 7 } }"#,
            "RangeError",
            "INVALID_COUNT",
            "policy.accountCap.max",
        ),
        (
            r#"{ "kinds": {}, "roleCap": { "max": 2 } }"#,
            "TypeError",
            "WRONG_TYPE",
            "policy.roleCap.windowDays",
        ),
        (
            r#"{ "kinds": {}, "userGapDays": "14" }"#,
            "TypeError",
            "WRONG_TYPE",
            "policy.userGapDays",
        ),
        (r#"null"#, "TypeError", "WRONG_TYPE", "policy"),
    ];
    for (text, class, code, field) in cases {
        let result =
            wasm::check_survey_policy(json(text).unchecked_into()).map(|()| JsValue::UNDEFINED);
        assert_eq!(
            error_of(result),
            (class.into(), code.into(), field.into()),
            "{text}"
        );
    }
    wasm::check_survey_policy(policy().unchecked_into()).unwrap();
}

#[wasm_bindgen_test]
fn bad_state_events_and_asks_name_the_field() {
    let state_cases = [
        (
            r#"{ "version": 2, "prompts": [], "accountPrompts": [] }"#,
            "Error",
            "UNSUPPORTED_VERSION",
            "state.version",
        ),
        (
            r#"{ "version": 1, "prompts": {}, "accountPrompts": [] }"#,
            "TypeError",
            "WRONG_TYPE",
            "state.prompts",
        ),
        (
            r#"{ "version": 1, "prompts": [{ "id": "p", "surveyId": "s", "kind": "nps", "at": -5, "outcome": "shown", "outcomeAt": null }], "accountPrompts": [] }"#,
            "RangeError",
            "INVALID_TIME",
            "state.prompts[0].at",
        ),
        (
            r#"{ "version": 1, "prompts": [{ "id": "p", "surveyId": "s", "kind": "nps", "at": 5, "outcome": "maybe", "outcomeAt": null }], "accountPrompts": [] }"#,
            "RangeError",
            "INVALID_CHOICE",
            "state.prompts[0].outcome",
        ),
        (
            r#"{ "version": 1, "prompts": [], "accountPrompts": [{ "id": "a", "role": "", "at": 1 }] }"#,
            "RangeError",
            "EMPTY_TEXT",
            "state.accountPrompts[0].role",
        ),
        (
            r#"{ "version": 1, "prompts": [], "accountPrompts": [], "extra": 1 }"#,
            "Error",
            "UNKNOWN_OPTION",
            "state.extra",
        ),
    ];
    for (text, class, code, field) in state_cases {
        assert_eq!(
            error_of(decide(&policy(), &json(text), &ask(T0))),
            (class.into(), code.into(), field.into()),
            "{text}"
        );
    }
    let event_cases = [
        (
            r#"{ "type": "answered", "promptId": "p", "at": 1 }"#,
            "INVALID_CHOICE",
            "event.type",
        ),
        (
            r#"{ "type": "dismissed", "promptId": "nope", "at": 1 }"#,
            "UNKNOWN_PROMPT",
            "event.promptId",
        ),
        (
            r#"{ "type": "shown", "promptId": "p", "surveyId": "s", "kind": "ces", "role": "r", "at": 1 }"#,
            "UNKNOWN_SURVEY_KIND",
            "event.kind",
        ),
        (
            r#"{ "type": "shown", "promptId": "p", "surveyId": "s", "kind": "nps", "at": 1 }"#,
            "WRONG_TYPE",
            "event.role",
        ),
    ];
    for (text, code, field) in event_cases {
        let (_, c, f) = error_of(record(&JsValue::NULL, text));
        assert_eq!((c.as_str(), f.as_str()), (code, field), "{text}");
    }
    let bad_ask = json(
        r#"{ "surveyId": "s1", "kind": "nps", "userId": "u1", "role": "admin", "now": 1, "sessionStart": 2 }"#,
    );
    assert_eq!(
        error_of(decide(&policy(), &JsValue::NULL, &bad_ask)),
        (
            "RangeError".into(),
            "INVALID_TIME".into(),
            "ask.sessionStart".into()
        )
    );
}

fn merge(state: &JsValue, other: &JsValue) -> Result<JsValue, JsValue> {
    wasm::merge_survey_state_packed(state.clone(), other.clone(), JsValue::UNDEFINED).map(returned)
}

#[wasm_bindgen_test]
fn saved_state_loads_through_one_versioned_loader() {
    let at = T0 + DAY;
    let state = shown_p1(at);
    // Stored as JSON text and read back: the same state.
    let text = stringify(&state);
    assert_eq!(
        stringify(&merge(&JsValue::NULL, &json(&text)).unwrap()),
        text
    );
    let cases = [
        (
            r#"{ "version": 3, "prompts": 7 }"#,
            "Error",
            "UNSUPPORTED_VERSION",
        ),
        (
            r#"{ "prompts": [], "accountPrompts": [] }"#,
            "Error",
            "INVALID_SURVEY_STATE",
        ),
        (
            r#"{ "version": "1", "prompts": [], "accountPrompts": [] }"#,
            "Error",
            "INVALID_SURVEY_STATE",
        ),
        (
            r#"{ "version": 0.5, "prompts": [], "accountPrompts": [] }"#,
            "Error",
            "INVALID_SURVEY_STATE",
        ),
    ];
    for (text, class, code) in cases {
        assert_eq!(
            error_of(merge(&JsValue::NULL, &json(text))),
            (class.into(), code.into(), "other.version".into()),
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
fn entries_read_fast_or_strictly_give_the_same_answers() {
    let prompt = |extra: &str| {
        json(&format!(
            r#"{{ "version": 1, "accountPrompts": [], "prompts": [{{ "id": "p", "surveyId": "s", "kind": "nps", "at": 5, "outcome": "shown"{extra} }}] }}"#
        ))
    };
    // `outcomeAt` null, absent, or an own key holding undefined: all "none".
    let undefined_own = prompt("");
    Reflect::set(
        &get(&undefined_own, "prompts")
            .unchecked_into::<js_sys::Array>()
            .get(0),
        &"outcomeAt".into(),
        &JsValue::UNDEFINED,
    )
    .unwrap();
    for state in [prompt(r#", "outcomeAt": null"#), prompt(""), undefined_own] {
        let merged = merge(&JsValue::NULL, &state).unwrap();
        assert_eq!(
            stringify(&get(&merged, "prompts")),
            r#"[{"id":"p","surveyId":"s","kind":"nps","at":5,"outcome":"shown","outcomeAt":null}]"#
        );
    }
    assert_eq!(
        error_of(merge(
            &JsValue::NULL,
            &prompt(r#", "outcomeAt": null, "note": 1"#)
        )),
        (
            "Error".into(),
            "UNKNOWN_OPTION".into(),
            "other.prompts[0].note".into()
        )
    );
    assert_eq!(
        error_of(merge(&JsValue::NULL, &prompt(r#", "outcomeAt": "soon""#))),
        (
            "TypeError".into(),
            "WRONG_TYPE".into(),
            "other.prompts[0].outcomeAt".into()
        )
    );
    let account = json(
        r#"{ "version": 1, "prompts": [], "accountPrompts": [{ "id": "a", "role": "r", "at": 1, "by": "x" }] }"#,
    );
    assert_eq!(
        error_of(merge(&JsValue::NULL, &account)),
        (
            "Error".into(),
            "UNKNOWN_OPTION".into(),
            "other.accountPrompts[0].by".into()
        )
    );
}

#[wasm_bindgen_test]
fn state_and_policy_limits_are_range_errors_before_reading() {
    // Sparse arrays claiming more than the limit (100 000): refused by their
    // length, whatever they hold, without reading 2e8 holes.
    for length in [100_001.0, 2e8] {
        let state = json(r#"{ "version": 1, "prompts": [], "accountPrompts": [] }"#);
        let sparse = js_sys::Array::new();
        sparse.set_length(length as u32);
        Reflect::set(&state, &"accountPrompts".into(), &sparse).unwrap();
        assert_eq!(
            error_of(decide(&policy(), &state, &ask(T0))),
            (
                "RangeError".into(),
                "TOO_LARGE".into(),
                "state.accountPrompts".into()
            )
        );
    }
    let kinds: String = (0..65)
        .map(|i| format!(r#""k{i}": {{ "recontactDays": 1 }}"#))
        .collect::<Vec<_>>()
        .join(",");
    let result = wasm::check_survey_policy(
        json(&format!(r#"{{ "kinds": {{ {kinds} }} }}"#)).unchecked_into(),
    )
    .map(|()| JsValue::UNDEFINED);
    assert_eq!(
        error_of(result),
        (
            "RangeError".into(),
            "TOO_LARGE".into(),
            "policy.kinds".into()
        )
    );
    let long = "x".repeat(257);
    assert_eq!(
        error_of(record(
            &JsValue::NULL,
            &format!(
                r#"{{ "type": "shown", "promptId": "{long}", "surveyId": "s", "kind": "nps", "role": "r", "at": 1 }}"#
            )
        )),
        (
            "RangeError".into(),
            "TEXT_TOO_LONG".into(),
            "event.promptId".into()
        )
    );
}

#[wasm_bindgen_test]
fn returned_state_is_used_as_it_is() {
    // Frozen by the wrapper (tests/js/survey-policy-state.test.mjs), adopted here as it does.
    let at = T0 + DAY;
    let a = shown_p1(at);
    // Handed back, read again from a copy, or no longer the last one
    // returned: the same decisions.
    let later = ask(at + 20.0 * DAY);
    let copy = json(&stringify(&a));
    let expected = stringify(&decide(&policy(), &copy, &later).unwrap());
    assert_eq!(stringify(&decide(&policy(), &a, &later).unwrap()), expected);
    let b = record(
        &a,
        &format!(r#"{{ "type": "responded", "promptId": "p1", "at": {at} }}"#),
    )
    .unwrap();
    assert_eq!(stringify(&decide(&policy(), &a, &later).unwrap()), expected);
    assert_eq!(
        get(&js_sys::Array::from(&get(&a, "prompts")).get(0), "outcome")
            .as_string()
            .unwrap(),
        "shown"
    );
    // A failed call on the returned state leaves it usable.
    let bad = record(
        &b,
        r#"{ "type": "responded", "promptId": "nope", "at": 1 }"#,
    );
    assert_eq!(error_of(bad).1, "UNKNOWN_PROMPT");
    let d = decide(&policy(), &b, &later).unwrap();
    assert_eq!(get(&d, "reason").as_string().unwrap(), "RECONTACT_PERIOD");
}

/// Account prompts `(id, at)` as the columns the JS wrapper packs, loaded: a token.
fn load_packed(account: &[(&str, f64)]) -> JsValue {
    let mut state = PolicyState::default();
    for &(id, at) in account {
        state.push_account_prompt(id, "admin", at);
    }
    let c = StateColumns::write(&state);
    // ASCII text crosses a byte per character, any other as UTF-16.
    let (ascii, wide) = if c.text.is_ascii() {
        (c.text.into_bytes(), Vec::new())
    } else {
        (Vec::new(), c.text.encode_utf16().collect())
    };
    wasm::load_survey_state_packed(ascii, wide, c.lengths, c.times, c.codes).unwrap()
}

#[wasm_bindgen_test]
fn packed_state_is_checked_as_state_read_field_by_field() {
    let state = r#"{ "version": 1, "prompts": [], "accountPrompts": [
        { "id": "a", "role": "admin", "at": 1 }, { "id": "b", "role": "admin", "at": 2 } ] }"#;
    let packed = || load_packed(&[("a", 1.0), ("b", 2.0)]);
    let later = ask(T0);
    assert_eq!(
        stringify(&decide(&policy(), &packed(), &later).unwrap()),
        stringify(&decide(&policy(), &json(state), &later).unwrap())
    );
    // Returned as columns, then named by the object built from them: that
    // object is the state returned last, used as it is (this one is not
    // even frozen: a changed copy would be read, and fail).
    let columns =
        wasm::merge_survey_state_packed(JsValue::NULL, packed(), JsValue::UNDEFINED).unwrap();
    let built = json(r#"{ "version": 1, "prompts": "not read", "accountPrompts": [] }"#);
    wasm::adopt_survey_state(columns, built.clone());
    assert!(decide(&policy(), &built, &later).is_ok());
    // The values are checked, with paths under the argument's name.
    let empty = json(r#"{ "version": 1, "prompts": [], "accountPrompts": [] }"#);
    assert_eq!(
        error_of(merge(&empty, &load_packed(&[("a", 1.0), ("a", 2.0)]))),
        (
            "Error".into(),
            "DUPLICATE_ID".into(),
            "other.accountPrompts[1].id".into()
        )
    );
    // A token stands for its state once: used again it is an empty object.
    let token = packed();
    assert!(decide(&policy(), &token, &later).is_ok());
    assert_eq!(
        error_of(decide(&policy(), &token, &later)).1,
        "INVALID_SURVEY_STATE"
    );
    // Columns that do not fit together are a coded error.
    let e = wasm::load_survey_state_packed(vec![97], vec![], vec![2], vec![1.0], vec![]);
    assert_eq!(error_of(e).1, "INVALID_SURVEY_STATE");
    // Text that is not ASCII crosses as UTF-16.
    let wide = load_packed(&[("é", 1.0), ("😀", 2.0)]);
    let merged = merge(&empty, &wide).unwrap();
    assert_eq!(
        stringify(&get(&get(&get(&merged, "accountPrompts"), "1"), "id")),
        r#""😀""#
    );
}
