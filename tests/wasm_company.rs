//! The company exports at the JS boundary, run by wasm-bindgen-test in Node
//! and headless Chromium: records and typed arrays in, plain objects out
//! (`null` for "not available", objects for maps), errors as `Error`
//! instances with a code and the exact field path.
#![cfg(target_arch = "wasm32")]

use clg_metrics::wasm::{self, CompanyHandle};
use js_sys::{Float64Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON must parse")
}

fn at(value: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(value.clone(), |v, k| match k.parse::<u32>() {
            Ok(i) => Reflect::get_u32(&v, i).unwrap(),
            Err(_) => Reflect::get(&v, &k.into()).unwrap(),
        })
}

fn num(value: &JsValue, path: &str) -> f64 {
    at(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

fn text(value: &JsValue, path: &str) -> String {
    at(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

/// (class, code, field, message) of a thrown error.
fn error<T>(result: Result<T, JsValue>) -> (String, String, String, String) {
    let Err(error) = result else {
        panic!("bad input must throw")
    };
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error instance"
    );
    let get = |k: &str| {
        Reflect::get(&error, &k.into())
            .unwrap()
            .as_string()
            .unwrap_or_default()
    };
    let class = Reflect::get(
        &Reflect::get(&error, &"constructor".into()).unwrap(),
        &"name".into(),
    )
    .unwrap()
    .as_string()
    .unwrap();
    (class, get("code"), get("field"), get("message"))
}

fn records(text: &str) -> Result<CompanyHandle, JsValue> {
    CompanyHandle::from_records(json(text).unchecked_into())
}

const RECORDS: &str = r#"{
  "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }, { "start": "2026-02-01", "end": "2026-03-01" }],
  "accounts": [
    { "id": "acme", "openingMrr": 1000, "mrr": [1200, 1100], "signupDate": "2025-06-01",
      "movements": [{ "upsell": 200 }, { "contraction": 100 }],
      "support": [{ "cases": 4, "resolvedFirstContact": 3 }, { "cases": 0, "resolvedFirstContact": 0 }],
      "usage": [{ "dau": 5, "wau": 8, "mau": 10, "sessions": 20, "sessionMinutes": 400, "featureUsers": { "reports": 6 } }, {}] },
    { "id": "globex", "openingMrr": 500, "mrr": [0, 0], "renewalDue": [true, false] },
    { "id": "initech", "mrr": [300, 300], "signupDate": "2026-01-05", "trialStartDate": "2026-01-05",
      "convertedDate": "2026-01-19", "firstValueDate": "2026-01-12", "activationDate": "2026-01-07" }
  ],
  "finance": [{ "revenue": 1500, "grossProfit": 1200, "cash": 90000 }, { "cash": 80000, "fte": 5 }]
}"#;

#[wasm_bindgen_test]
fn records_give_every_metric() {
    let data = records(RECORDS).unwrap();
    assert_eq!((data.periods(), data.accounts()), (2, 3));
    let m = data.metrics().unwrap();
    // Period 0: S = 1,500; expansion 200, churn 500 -> NRR 80 %, GRR 66.7 %.
    assert_eq!(num(&m, "0.revenue.nrr.value"), 80.0);
    assert!(at(&m, "0.revenue.nrr.reason").is_null());
    assert!((num(&m, "0.revenue.grr.value") - 100.0 / 1.5 * 1.0).abs() < 1e-9);
    assert_eq!(num(&m, "0.revenue.upsellMrr"), 200.0);
    assert_eq!(num(&m, "0.revenue.logoChurn.value"), 50.0);
    assert_eq!(num(&m, "0.revenue.renewalRate.value"), 0.0);
    assert_eq!(num(&m, "0.support.fcr.value"), 75.0);
    assert_eq!(num(&m, "0.usage.stickiness.value"), 50.0);
    assert_eq!(text(&m, "0.usage.features.0.feature"), "reports");
    assert_eq!(num(&m, "0.usage.features.0.adoption.value"), 60.0);
    assert_eq!(num(&m, "0.funnel.trialConversion.value"), 100.0);
    assert_eq!(num(&m, "0.funnel.timeToValue.median.value"), 7.0);
    assert_eq!(num(&m, "0.finance.grossMargin.value"), 80.0);
    assert_eq!(num(&m, "1.finance.netBurn.value"), 10_000.0);
    assert_eq!(num(&m, "1.finance.runway.value"), 8.0);
    // Not available: null with a reason, never NaN or undefined.
    assert!(at(&m, "1.revenue.renewalRate.value").is_null());
    assert_eq!(text(&m, "1.revenue.renewalRate.reason"), "NO_RENEWALS_DUE");
    assert_eq!(text(&m, "0.finance.cac.reason"), "NOT_GIVEN");
    let cohorts = data.cohorts().unwrap();
    assert_eq!(num(&cohorts, "0.cohort"), 0.0);
    assert_eq!(num(&cohorts, "0.startingMrr"), 300.0);
}

#[wasm_bindgen_test]
fn snapshots_from_typed_array_and_array_agree() {
    let values = [100.0, 120.0, 120.0, 50.0, 50.0, 0.0];
    let typed =
        CompanyHandle::from_snapshots(Float64Array::from(&values[..]).unchecked_into(), 3.0)
            .unwrap();
    let plain =
        CompanyHandle::from_snapshots(json("[100, 120, 120, 50, 50, 0]").unchecked_into(), 3.0)
            .unwrap();
    let (a, b) = (typed.metrics().unwrap(), plain.metrics().unwrap());
    for path in [
        "0.revenue.nrr.value",
        "1.revenue.logoChurn.value",
        "1.revenue.mrr",
        "0.revenue.arpa.value",
    ] {
        assert_eq!(num(&a, path), num(&b, path), "{path}");
    }
    assert_eq!(num(&a, "1.revenue.logoChurn.value"), 50.0);
}

#[wasm_bindgen_test]
fn scorecard_reads_options() {
    let data =
        CompanyHandle::from_snapshots(json("[100, 100, 110, 100, 100, 100]").unchecked_into(), 3.0)
            .unwrap();
    let options = json(
        r#"{ "targets": { "nrr": 104, "results.SDR.goalAchieved": 40 },
             "benchmarks": { "nps": { "low": 30 }, "ltvCac": null },
             "results": [{ "role": "SDR", "measuresInPlace": 80, "measurableGain": 60, "goalAchieved": 45 }],
             "surveys": { "nps": { "promoters": 6, "passives": 2, "detractors": 2 }, "csat": { "satisfied": 80, "responses": 100 } } }"#,
    );
    let card = data.scorecard(Some(options.unchecked_into())).unwrap();
    let line = |key: &str| {
        let lines = js_sys::Array::from(&at(&card, "company"))
            .concat(&js_sys::Array::from(&at(&card, "customerResults")));
        lines
            .iter()
            .find(|l| text(l, "key") == key)
            .unwrap_or_else(|| panic!("no line {key}"))
    };
    assert_eq!(num(&line("nrr"), "value.value"), 105.0);
    assert_eq!(text(&line("nrr"), "status"), "onTrack");
    assert_eq!(num(&line("nrr"), "change.value"), 5.0);
    assert_eq!(text(&line("nrr"), "cadence"), "strategic");
    assert_eq!(num(&line("nps"), "value.value"), 40.0);
    assert_eq!(num(&line("nps"), "benchmark.low"), 30.0);
    assert!(at(&line("nps"), "benchmark.high").is_null());
    assert!(at(&line("ltvCac"), "benchmark").is_null());
    assert_eq!(num(&line("csat"), "value.value"), 80.0);
    assert_eq!(at(&line("csat"), "withinBenchmark").as_bool(), Some(true));
    assert_eq!(text(&line("results.SDR.goalAchieved"), "status"), "onTrack");
    assert!(text(&card, "caveat").contains("never alone"));
    // No options: the last period, no targets.
    let plain = data.scorecard(None).unwrap();
    assert_eq!(num(&plain, "period"), 1.0);
}

#[wasm_bindgen_test]
fn results_link_with_typed_arrays() {
    let data =
        CompanyHandle::from_snapshots(json("[100, 150, 100, 90, 100, 0]").unchecked_into(), 2.0)
            .unwrap();
    let results = js_sys::Object::new();
    Reflect::set(
        &results,
        &"goalProgress".into(),
        &Float64Array::from(&[1.2, 1.0, 0.4, 1.1, 0.1, f64::NAN][..]),
    )
    .unwrap();
    Reflect::set(&results, &"goalsPerAccount".into(), &2.into()).unwrap();
    Reflect::set(&results, &"surveyScores".into(), &json("[9, null, 3]")).unwrap();
    let link = data.results_link(results.unchecked_into()).unwrap();
    assert_eq!(num(&link, "achieving.accounts"), 2.0);
    assert_eq!(num(&link, "achieving.nrr.value"), 120.0);
    assert_eq!(num(&link, "notAchieving.retention.value"), 0.0);
    assert_eq!(text(&link, "correlations.0.x"), "goalAchievement");
    assert_eq!(num(&link, "correlations.2.n"), 2.0);
    assert_eq!(at(&link, "leadingIndicators").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn health_advocates_and_clv() {
    let input = json(
        r#"{ "inputs": [{ "key": "activeDays", "weight": 2, "min": 0, "max": 20 },
                        { "key": "openCases", "weight": 1, "min": 0, "max": 10, "higherIsBetter": false }],
             "bands": { "healthy": 75 },
             "accounts": [{ "id": "acme", "values": { "activeDays": 15, "openCases": 2 } }, { "id": "none", "values": {} }] }"#,
    );
    let scores = wasm::health_scores(input.unchecked_into()).unwrap();
    assert!((num(&scores, "0.score.value") - 230.0 / 3.0).abs() < 1e-9);
    assert_eq!(text(&scores, "0.band"), "healthy");
    assert_eq!(num(&scores, "0.contributions.1.normalized"), 0.8);
    assert!(at(&scores, "1.band").is_null());
    assert_eq!(text(&scores, "1.score.reason"), "NO_HEALTH_INPUTS");

    let accounts = json(
        r#"[{ "id": "a", "nps": 10, "usageDepth": 0.9 }, { "id": "b", "nps": 6, "usageDepth": 0.2 }]"#,
    );
    let ranked = wasm::advocate_candidates(
        accounts.unchecked_into(),
        Some(json(r#"{ "limit": 1 }"#).unchecked_into()),
    )
    .unwrap();
    assert_eq!(js_sys::Array::from(&ranked).length(), 1);
    assert_eq!(
        (text(&ranked, "0.id"), num(&ranked, "0.score")),
        ("a".into(), 100.0)
    );
    assert!(at(&ranked, "0.signals.csat").is_null());

    let clv = |text: &str| wasm::customer_lifetime_value(json(text).unchecked_into());
    // The seed's example: ($50 x 4) x 5 = $1,000.
    let purchase = clv(r#"{ "form": "purchase", "averagePurchaseValue": 50, "purchaseFrequency": 4, "lifespanYears": 5 }"#).unwrap();
    assert_eq!(num(&purchase, "value"), 1000.0);
    let no_churn =
        clv(r#"{ "form": "marginChurn", "arpa": 500, "grossMargin": 80, "churnRate": 0 }"#)
            .unwrap();
    assert_eq!(text(&no_churn, "reason"), "NO_CHURN");
    // Margin and churn in percent: $500 a month, 80 %, 2 % a month = $20,000.
    let margin =
        clv(r#"{ "form": "marginChurn", "arpa": 500, "grossMargin": 80, "churnRate": 2 }"#)
            .unwrap();
    assert!((num(&margin, "value") - 20_000.0).abs() < 1e-9);
    assert_eq!(
        num(
            &clv(r#"{ "form": "simple", "averageArr": 1000, "lifespanYears": 3 }"#).unwrap(),
            "value"
        ),
        3000.0
    );
}

#[wasm_bindgen_test]
fn bad_records_name_the_field() {
    let cases: [(&str, &str, &str, &str); 11] = [
        (
            r#"{ "periods": [], "accounts": [] }"#,
            "RangeError",
            "INVALID_PERIODS",
            "periods",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "a", "mrr": ["1"] }] }"#,
            "TypeError",
            "WRONG_TYPE",
            "accounts[0].mrr[0]",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "a", "mrr": [-1] }] }"#,
            "RangeError",
            "NEGATIVE_VALUE",
            "accounts[0].mrr[0]",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "a", "mrr": [1], "mrrr": [] }] }"#,
            "Error",
            "UNKNOWN_OPTION",
            "accounts[0].mrrr",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "a", "mrr": [1, 2] }] }"#,
            "Error",
            "LENGTH_MISMATCH",
            "accounts[0].mrr",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "a", "mrr": [10], "movements": [{ "new": 5 }] }] }"#,
            "Error",
            "MOVEMENTS_DO_NOT_ADD_UP",
            "accounts[0].movements[0]",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "a", "mrr": [1], "signupDate": "2026-13-01" }] }"#,
            "RangeError",
            "INVALID_DATE",
            "accounts[0].signupDate",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": 7, "mrr": [1] }] }"#,
            "TypeError",
            "WRONG_TYPE",
            "accounts[0].id",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "", "mrr": [1] }] }"#,
            "RangeError",
            "EMPTY_TEXT",
            "accounts[0].id",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [{ "id": "a", "openingMrr": 10, "mrr": [10], "movements": [{ "upsell": 30, "contraction": 30 }] }] }"#,
            "RangeError",
            "VALUE_OUT_OF_RANGE",
            "accounts[0].movements[0].contraction",
        ),
        (
            r#"{ "periods": [{ "start": "2026-01-01", "end": "2026-02-01" }], "accounts": [], "finance": [{ "fte": "5" }] }"#,
            "TypeError",
            "WRONG_TYPE",
            "finance[0].fte",
        ),
    ];
    for (input, class, code, field) in cases {
        let (got_class, got_code, got_field, message) = error(records(input));
        assert_eq!(
            (got_class.as_str(), got_code.as_str(), got_field.as_str()),
            (class, code, field),
            "{message}"
        );
        assert!(message.starts_with(field), "{message}");
    }
    let (class, code, field, _) = error(CompanyHandle::from_records(
        JsValue::from_str("x").unchecked_into(),
    ));
    assert_eq!(
        (class.as_str(), code.as_str(), field.as_str()),
        ("TypeError", "WRONG_TYPE", "records")
    );
}

#[wasm_bindgen_test]
fn bad_input_for_every_other_export() {
    let (_, code, field, _) = error(CompanyHandle::from_snapshots(
        json("[1, 2, 3]").unchecked_into(),
        2.0,
    ));
    assert_eq!((code.as_str(), field.as_str()), ("LENGTH_MISMATCH", "mrr"));
    let (_, code, field, _) = error(CompanyHandle::from_snapshots(
        json("[1, 2]").unchecked_into(),
        2.5,
    ));
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("VALUE_OUT_OF_RANGE", "snapshots")
    );
    let (class, code, field, _) = error(CompanyHandle::from_snapshots(
        JsValue::from_str("1,2").unchecked_into(),
        2.0,
    ));
    assert_eq!(
        (class.as_str(), code.as_str(), field.as_str()),
        ("TypeError", "WRONG_TYPE", "mrr")
    );

    let data = CompanyHandle::from_snapshots(json("[1, 2, 3, 4]").unchecked_into(), 2.0).unwrap();
    let scorecard = |text: &str| error(data.scorecard(Some(json(text).unchecked_into())));
    assert_eq!(
        scorecard(r#"{ "targets": { "nps": "50" } }"#).2,
        "options.targets.nps"
    );
    assert_eq!(
        scorecard(r#"{ "targets": { "growth": 5 } }"#).1,
        "UNKNOWN_OPTION"
    );
    assert_eq!(scorecard(r#"{ "period": 3 }"#).2, "options.period");
    assert_eq!(
        scorecard(
            r#"{ "surveys": { "nps": { "promoters": 1.5, "passives": 0, "detractors": 0 } } }"#
        )
        .2,
        "options.surveys.nps.promoters"
    );
    assert_eq!(scorecard(r#"{ "results": [{ "role": "SDR", "measuresInPlace": 101, "measurableGain": 1, "goalAchieved": 1 }] }"#).2, "options.results[0].measuresInPlace");
    assert_eq!(scorecard(r#"{ "perod": 0 }"#).2, "options.perod");

    let link = |text: &str| error(data.results_link(json(text).unchecked_into()));
    assert_eq!(
        link(r#"{ "goalProgress": [1, 2, 3], "goalsPerAccount": 2 }"#).1,
        "LENGTH_MISMATCH"
    );
    assert_eq!(
        link(r#"{ "goalProgress": [1, "x"], "goalsPerAccount": 1 }"#).2,
        "results.goalProgress[1]"
    );
    assert_eq!(
        link(r#"{ "goalProgress": [1, 1], "goalsPerAccount": 1, "to": 5 }"#).2,
        "results.to"
    );

    let health = |text: &str| error(wasm::health_scores(json(text).unchecked_into()));
    assert_eq!(
        health(r#"{ "inputs": [], "accounts": [] }"#).1,
        "EMPTY_INPUT"
    );
    assert_eq!(health(r#"{ "inputs": [{ "key": "a", "weight": 1, "min": 0, "max": 1 }], "accounts": [{ "id": "x", "values": { "b": 1 } }] }"#).2, "accounts[0].values.b");
    assert_eq!(
        health(r#"{ "inputs": [{ "key": "a", "weight": 1, "min": 0 }], "accounts": [] }"#).2,
        "inputs[0].max"
    );

    let advocates =
        |text: &str| error(wasm::advocate_candidates(json(text).unchecked_into(), None));
    assert_eq!(
        advocates(r#"[{ "id": "a", "nps": -101 }]"#).2,
        "accounts[0].nps"
    );
    assert_eq!(advocates(r#"{ "id": "a" }"#).2, "accounts");
    assert_eq!(
        advocates(r#"[{ "id": "a", "nsp": 9 }]"#).1,
        "UNKNOWN_OPTION"
    );

    let clv = |text: &str| error(wasm::customer_lifetime_value(json(text).unchecked_into()));
    assert_eq!(clv(r#"{ "form": "purchase", "averagePurchaseValue": -1, "purchaseFrequency": 4, "lifespanYears": 5 }"#).2, "averagePurchaseValue");
    let lifetime = clv(r#"{ "form": "lifetime" }"#);
    assert_eq!(
        (
            lifetime.0.as_str(),
            lifetime.1.as_str(),
            lifetime.2.as_str()
        ),
        ("RangeError", "INVALID_CHOICE", "form")
    );
    assert_eq!(clv(r#"{ "form": 3 }"#).2, "form");
    assert_eq!(
        clv(r#"{ "form": "simple", "averageArr": 1 }"#).2,
        "lifespanYears"
    );
}

#[wasm_bindgen_test]
fn keeps_working_after_errors() {
    for _ in 0..3 {
        assert!(records(r#"{ "periods": [], "accounts": [] }"#).is_err());
        assert_eq!(records(RECORDS).unwrap().accounts(), 3);
    }
}
