//! Native tests of the one reader, the limits, the survey readers, and a
//! property test: arbitrary values never panic any typed parser, and every
//! refusal carries a code and a path.

use proptest::prelude::*;

use super::limits::Limits;
use super::survey::{self, ColumnTrendOptions, SurveyColumns, TrendOptions};
use super::*;
use crate::campaigns::{read_campaigns, read_context, read_occurrence};
use crate::company::data::CompanyInput;
use crate::company::link::AccountResults;
use crate::company::parse::{advocates_input, lifetime_value, HealthScoreInput};
use crate::company::scorecard::ScorecardInput;
use crate::error::{Error, ErrorCode};
use crate::hygiene::{Ask, PolicyConfig, PolicyState, SurveyEvent};
use crate::results::{
    AbandonInput, AccountInput, CanvasInput, GoalInput, InstanceRef, MetricRef, Model,
    ObservationInput, Store,
};
use crate::survey::Kind;

fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::object(pairs)
}

fn code_field(e: Error) -> (ErrorCode, String) {
    (e.code(), e.field().to_owned())
}

#[test]
fn required_and_optional_fields() {
    let v = obj([("n", 2.5.into()), ("s", "x".into()), ("b", true.into())]);
    let o = Obj::new(&v, "opts", &["n", "s", "b", "gone"]).unwrap();
    assert_eq!(o.number("n").unwrap(), 2.5);
    assert_eq!(o.string("s").unwrap(), "x");
    assert!(o.bool("b").unwrap());
    assert_eq!(o.opt_number("gone").unwrap(), None);
    assert_eq!(o.number_or("gone", 7.0).unwrap(), 7.0);
    let e = o.number("gone").unwrap_err();
    assert_eq!(
        code_field(e.clone()),
        (ErrorCode::WrongType, "opts.gone".into())
    );
    assert_eq!(e.message(), "opts.gone: must be a number, got nothing");
    let e = o.number("s").unwrap_err();
    assert_eq!(
        e.message(),
        "opts.s: must be a number, got the string \"x\""
    );
    assert_eq!(o.opt_string("n").unwrap_err().code(), ErrorCode::WrongType);
}

#[test]
fn null_is_absent_for_optional_fields_and_wrong_for_required_ones() {
    let v = obj([("level", Value::Null), ("name", Value::Null)]);
    let o = Obj::new(&v, "options", &["level", "name"]).unwrap();
    assert_eq!(o.opt_number("level").unwrap(), None);
    assert_eq!(o.opt_text("name").unwrap(), None);
    assert_eq!(o.opt_array("level").unwrap(), None);
    assert!(o.opt_object("level", &[]).unwrap().is_none());
    assert!(o.get("level").is_none());
    let e = o.number("level").unwrap_err();
    assert_eq!(e.message(), "options.level: must be a number, got nothing");
    // A null options argument is "all defaults".
    assert!(Obj::optional(&Value::Null, "options", &[])
        .unwrap()
        .is_none());
    assert_eq!(
        code_field(Obj::new(&Value::Null, "options", &[]).unwrap_err()),
        (ErrorCode::WrongType, "options".into())
    );
}

#[test]
fn one_unknown_key_message_at_every_level() {
    let v = obj([("levle", 0.9.into())]);
    let e = Obj::new(&v, "options", &["level", "scale"]).unwrap_err();
    assert_eq!(
        code_field(e.clone()),
        (ErrorCode::UnknownOption, "options.levle".into())
    );
    assert_eq!(
        e.message(),
        "options.levle: is not a known key here (known: level, scale)"
    );
    // The same words from a nested object, a survey option and a model.
    let nested = obj([("bands", obj([("good", 1.0.into())]))]);
    let o = Obj::new(&nested, "input", &["bands"]).unwrap();
    let e = o.opt_object("bands", &["healthy"]).unwrap_err();
    assert_eq!(
        e.message(),
        "input.bands.good: is not a known key here (known: healthy)"
    );
    let e = TrendOptions::from_value(&obj([("groupby", Value::Null)]), "options").unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::UnknownOption, "options.groupby".into())
    );
}

#[test]
fn errors_name_the_full_path() {
    let metric = obj([("id", "calls".into()), ("unit", 3.0.into())]);
    let role = |metrics| obj([("metrics", Value::Array(metrics))]);
    let v = obj([(
        "roles",
        Value::Array(vec![role(vec![]), role(vec![]), role(vec![metric])]),
    )]);
    let root = Obj::new(&v, "model", &["roles"]).unwrap();
    let e = each(
        root.array("roles").unwrap(),
        &root.field("roles"),
        |r, path| {
            let r = Obj::new(r, path, &["metrics"])?;
            each(r.array("metrics")?, &r.field("metrics"), |m, path| {
                Obj::new(m, path, &["id", "unit"])?.string("unit")
            })
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), "model.roles[2].metrics[0].unit");
    // A root object (empty path) names its fields alone.
    let e = Obj::new(&obj([("x", 1.0.into())]), "", &[]).unwrap_err();
    assert_eq!(e.field(), "x");
}

#[test]
fn numbers_times_indices_and_choices() {
    let list = Value::Array(vec![1.0.into(), Value::Null, 3.0.into()]);
    let got = numbers(Some(&list), "xs", true).unwrap();
    assert_eq!((got[0], got[1].is_nan(), got[2]), (1.0, true, 3.0));
    let e = numbers(Some(&list), "xs", false).unwrap_err();
    assert_eq!(code_field(e), (ErrorCode::WrongType, "xs[1]".into()));
    assert_eq!(
        numbers(Some(&Value::Numbers(vec![2.0])), "xs", false).unwrap(),
        [2.0]
    );
    assert_eq!(
        numbers(Some(&Value::Bytes(vec![4])), "xs", false).unwrap(),
        [4.0]
    );
    assert_eq!(
        into_numbers(Value::Numbers(vec![5.0]), "xs", false).unwrap(),
        [5.0]
    );
    assert_eq!(
        numbers(Some(&"1".into()), "xs", false).unwrap_err().code(),
        ErrorCode::WrongType
    );

    assert_eq!(time(Some(&1e12.into()), "at").unwrap(), 1_000_000_000_000);
    for bad in [0.5, 9e15, f64::NAN, f64::INFINITY] {
        assert_eq!(
            time(Some(&bad.into()), "at").unwrap_err().code(),
            ErrorCode::InvalidTime
        );
    }
    assert_eq!(index(3.0, "i").unwrap(), 3);
    for bad in [-1.0, 1.5, 5e9, f64::MAX] {
        assert_eq!(
            index(bad, "i").unwrap_err().code(),
            ErrorCode::ValueOutOfRange
        );
    }
    // NaN and ±Infinity break the finite rule, whoever reads the number.
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = index(bad, "i").unwrap_err();
        assert_eq!((e.code(), e.field()), (ErrorCode::NotFinite, "i"));
    }
    assert_eq!(
        finite(Some(&f64::NAN.into()), "x").unwrap_err().code(),
        ErrorCode::NotFinite
    );
    assert!(number(Some(&f64::NAN.into()), "x").unwrap().is_nan());
    assert_eq!(one_of(Some(&"b".into()), "k", &["a", "b"]).unwrap(), 1);
    let e = one_of(Some(&"c".into()), "k", &["a", "b"]).unwrap_err();
    assert_eq!(
        e.message(),
        "k: must be one of \"a\", \"b\", got the string \"c\""
    );
    assert_eq!(
        text(Some(&"  ".into()), "id").unwrap_err().code(),
        ErrorCode::InvalidValue
    );
    let e = text(Some(&"é".repeat(201).into()), "id").unwrap_err();
    assert_eq!(
        (e.code(), e.message()),
        (
            ErrorCode::TextTooLong,
            "id: must be at most 200 characters, got 201"
        )
    );
    assert_eq!(
        text(Some(&"é".repeat(200).into()), "id").unwrap(),
        "é".repeat(200)
    );
    let url = Value::String(format!("https://example.com/{}", "p".repeat(2028)));
    assert!(text_within(Some(&url), "url", 2048).is_ok());
    assert_eq!(
        text_within(Some(&url), "url", 2047).unwrap_err().code(),
        ErrorCode::TextTooLong
    );
}

#[test]
fn budget_bounds_depth_elements_totals_and_text() {
    let limits = Limits {
        values: 5,
        items: 3,
        total: 4,
        depth: 2,
        text: 4,
    };
    let mut b = Budget::with("arg", limits);
    assert!(b.enter(1, || "arg.a".into()).is_ok());
    let e = b.enter(2, || "arg.a.b".into()).unwrap_err();
    assert_eq!(code_field(e), (ErrorCode::TooLarge, "arg.a.b".into()));
    assert!(b.values(5, || "arg.v".into()).is_ok());
    assert_eq!(b.values(6, || "arg.v".into()).unwrap_err().field(), "arg.v");
    let e = b.items(4, || "arg.list".into()).unwrap_err();
    assert_eq!(e.message(), "arg.list: must hold at most 3 elements, got 4");
    assert!(b.items(3, || unreachable!()).is_ok());
    // The total spans every level of the argument; its error names the argument.
    let e = b.items(2, || unreachable!()).unwrap_err();
    assert_eq!(code_field(e), (ErrorCode::TooLarge, "arg".into()));
    // Text counts UTF-16 units as JS does: "ééé" is 6 bytes but 3 units.
    assert!(b.text("ééé", || unreachable!()).is_ok());
    assert_eq!(
        b.text("abcde", || "arg.s".into()).unwrap_err().field(),
        "arg.s"
    );
    assert_eq!(LIMITS.depth, 32);
    assert!(Budget::new("x").enter(31, || unreachable!()).is_ok());
}

#[test]
fn survey_kinds_levels_scales_and_scores() {
    assert_eq!(survey::kind(&"ces".into(), "kind").unwrap(), Kind::Ces);
    assert_eq!(
        survey::kind(&1.0.into(), "kind").unwrap_err().code(),
        ErrorCode::WrongType
    );
    let v = obj([("level", 0.9.into()), ("scale", 7.0.into())]);
    let o = Obj::new(&v, "options", &["level", "scale"]).unwrap();
    assert_eq!(survey::level(Some(&o)).unwrap().value(), 0.9);
    assert_eq!(survey::scale(Kind::Ces, Some(&o)).unwrap().max, 7);
    assert_eq!(survey::level(None).unwrap().value(), 0.95);
    let bad = obj([("level", 1.5.into())]);
    let o = Obj::new(&bad, "options", &["level"]).unwrap();
    assert_eq!(
        survey::level(Some(&o)).unwrap_err().field(),
        "options.level"
    );

    let nps = Kind::Nps.scale(None, "").unwrap();
    let bytes = survey::scores(Kind::Nps, nps, &Value::Bytes(vec![10, 9, 0]), "scores").unwrap();
    let list = Value::Array(vec![10.0.into(), 9.0.into(), 0.0.into()]);
    let array = survey::scores(Kind::Nps, nps, &list, "scores").unwrap();
    assert_eq!(bytes.counts(), array.counts());
    let e = survey::scores(
        Kind::Nps,
        nps,
        &Value::Array(vec![1.0.into(), Value::Null]),
        "scores",
    )
    .unwrap_err();
    assert_eq!(code_field(e), (ErrorCode::WrongType, "scores[1]".into()));
    let e = survey::scores(Kind::Nps, nps, &Value::Numbers(vec![11.0]), "scores").unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::ScoreOutOfRange, "scores[0]".into())
    );
}

fn response(extra: Vec<(&str, Value)>) -> Value {
    let mut fields = vec![
        ("kind", "nps".into()),
        ("score", 9.0.into()),
        ("timestamp", 1.7e12.into()),
        (
            "respondent",
            obj([("userId", "u1".into()), ("role", Value::Null)]),
        ),
    ];
    for (k, v) in extra {
        fields.retain(|(name, _)| *name != k);
        fields.push((k, v));
    }
    Value::object(fields)
}

#[test]
fn response_objects() {
    let raw = survey::raw_response(&response(vec![("scale", Value::Null)]), "r").unwrap();
    assert_eq!(
        (raw.scale, raw.role, raw.user_id.as_str()),
        (None, None, "u1")
    );
    let cases = [
        (response(vec![("scale", "10".into())]), "r.scale"),
        (response(vec![("respondent", Value::Null)]), "r.respondent"),
        (
            response(vec![("respondent", obj([]))]),
            "r.respondent.userId",
        ),
        (
            response(vec![("segments", obj([("plan", 1.0.into())]))]),
            "r.segments.plan",
        ),
        (
            response(vec![("segments", Value::Array(vec![]))]),
            "r.segments",
        ),
        (response(vec![("kind", Value::Null)]), "r.kind"),
        (Value::Array(vec![]), "r"),
    ];
    for (value, field) in cases {
        let e = survey::raw_response(&value, "r").unwrap_err();
        assert_eq!(code_field(e), (ErrorCode::WrongType, field.into()));
    }
    // A typo is refused, not dropped: a misspelt key would lose its value.
    let typos = [
        (response(vec![("commnet", "x".into())]), "r.commnet"),
        (
            response(vec![(
                "respondent",
                obj([("userId", "u1".into()), ("acountId", "a".into())]),
            )]),
            "r.respondent.acountId",
        ),
    ];
    for (value, field) in typos {
        let e = survey::raw_response(&value, "r").unwrap_err();
        assert!(
            e.message().contains("is not a known key here (known: "),
            "{}",
            e.message()
        );
        assert_eq!(code_field(e), (ErrorCode::UnknownOption, field.into()));
    }
}

#[test]
fn trend_options_and_columns() {
    let o = TrendOptions::from_value(&Value::Null, "options").unwrap();
    assert_eq!((o.group_by.len(), o.calendar.is_none()), (0, true));
    let v = obj([
        ("groupBy", Value::Array(vec!["plan".into()])),
        ("period", "week".into()),
        ("utcOffsetMinutes", Value::Null),
    ]);
    let o = TrendOptions::from_value(&v, "options").unwrap();
    assert_eq!(
        (o.group_by, o.calendar.is_some()),
        (vec!["plan".to_string()], true)
    );
    let e =
        TrendOptions::from_value(&obj([("period", "fortnight".into())]), "options").unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::InvalidChoice, "options.period".into())
    );
    let e = TrendOptions::from_value(
        &obj([("groupBy", Value::Array(vec![2.0.into()]))]),
        "options",
    )
    .unwrap_err();
    assert_eq!(e.field(), "options.groupBy[0]");
    // Each response is read once per attribute: at most 16, checked before any is read.
    let names = |n: usize| Value::Array(vec![Value::from("plan"); n]);
    assert!(TrendOptions::from_value(&obj([("groupBy", names(16))]), "options").is_ok());
    let e = TrendOptions::from_value(&obj([("groupBy", names(17))]), "options").unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::TooLarge, "options.groupBy".into())
    );
    let e = ColumnTrendOptions::from_value(Kind::Csat, &obj([("scale", 2.5.into())]), "options")
        .unwrap_err();
    assert_eq!(e.field(), "options.scale");

    let columns = obj([
        ("scores", Value::Bytes(vec![5, 4])),
        ("timestamps", Value::Numbers(vec![0.0, 1.0])),
        ("segments", Value::Null),
    ]);
    let c = SurveyColumns::from_value(columns, "columns").unwrap();
    assert_eq!(
        (c.scores, c.timestamps, c.segments),
        (vec![5, 4], Some(vec![0.0, 1.0]), None)
    );
    let e = SurveyColumns::from_value(obj([]), "columns").unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::WrongType, "columns.scores".into())
    );
    let e = SurveyColumns::from_value(obj([("scores", Value::Numbers(vec![]))]), "columns")
        .unwrap_err();
    assert_eq!(
        e.message(),
        "columns.scores: must be a Uint8Array, got a Float64Array"
    );
    let e = SurveyColumns::from_value(Value::Bytes(vec![]), "columns").unwrap_err();
    assert_eq!(code_field(e), (ErrorCode::WrongType, "columns".into()));
}

#[test]
fn health_and_advocate_accounts_are_each_given_once() {
    let health = Value::json(
        r#"{ "inputs": [{ "key": "usage", "weight": 1, "min": 0, "max": 10 }],
             "accounts": [{ "id": "a", "values": { "usage": 3 } }, { "id": "b", "values": {} }, { "id": "a", "values": {} }] }"#,
    );
    let e = HealthScoreInput::from_value(&health).unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::DuplicateId, "accounts[2].id".into())
    );
    let accounts = Value::json(r#"[{ "id": "a", "nps": 9 }, { "id": "a", "nps": 3 }]"#);
    let e = advocates_input(&accounts, &Value::Null).unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::DuplicateId, "accounts[1].id".into())
    );
    assert!(advocates_input(
        &Value::json(r#"[{ "id": "a" }, { "id": "b" }]"#),
        &Value::Null
    )
    .is_ok());
}

#[test]
fn saved_aggregates_through_their_versioned_format() {
    let saved = |version: f64, counts: Vec<Value>| {
        obj([
            ("version", version.into()),
            ("kind", "csat".into()),
            ("scale", 5.0.into()),
            ("counts", Value::Array(counts)),
        ])
    };
    let five = || (0..5).map(|i| f64::from(i).into()).collect::<Vec<Value>>();
    let a = survey::aggregate_state(&saved(1.0, five()), "json").unwrap();
    assert_eq!(a.n(), 10);
    let e = survey::aggregate_state(&saved(2.0, five()), "json").unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::UnsupportedVersion, "json.version".into())
    );
    let e = survey::aggregate_state(&saved(1.0, vec![(-1.0).into()]), "json").unwrap_err();
    assert_eq!(
        code_field(e),
        (ErrorCode::InvalidAggregate, "json.counts[0]".into())
    );
    let mut extra = saved(1.0, five());
    if let Value::Object(fields) = &mut extra {
        fields.push(("n".into(), 1.0.into()));
    }
    let e = survey::aggregate_state(&extra, "json").unwrap_err();
    // An unknown key reads as everywhere else, under the format's code.
    assert_eq!(
        e.message(),
        "json.n: is not a known key here (known: version, kind, scale, counts)"
    );
    assert_eq!(
        code_field(e),
        (ErrorCode::InvalidAggregate, "json.n".into())
    );
}

/// Every typed parser of the crate, on one value.
fn parse_all(v: &Value) -> Vec<Result<(), Error>> {
    fn done<T>(r: Result<T, Error>) -> Result<(), Error> {
        r.map(drop)
    }
    let nps = Kind::Nps.scale(None, "").unwrap();
    let o = Obj::optional(v, "options", &["level", "scale"]);
    vec![
        done(Obj::new(v, "options", &["level", "scale"])),
        done(o.and_then(|o| survey::level(o.as_ref()))),
        done(survey::kind(v, "kind")),
        done(survey::scores(Kind::Nps, nps, v, "scores")),
        done(survey::raw_response(v, "response")),
        done(TrendOptions::from_value(v, "options")),
        done(ColumnTrendOptions::from_value(Kind::Ces, v, "options")),
        done(SurveyColumns::from_value(v.clone(), "columns")),
        done(survey::aggregate_state(v, "json")),
        done(numbers(Some(v), "xs", true)),
        done(CompanyInput::from_value(v)),
        done(ScorecardInput::from_value(v)),
        done(HealthScoreInput::from_value(v)),
        done(advocates_input(v, v)),
        done(lifetime_value(v)),
        done(AccountResults::from_value(v.clone(), 0)),
        done(Model::from_value(v)),
        done(GoalInput::from_value(v)),
        done(AbandonInput::from_value(v)),
        done(ObservationInput::from_value(v)),
        done(MetricRef::from_value(v, "instance")),
        done(InstanceRef::from_value(v, "instance")),
        done(AccountInput::from_value(v)),
        done(CanvasInput::from_value(v)),
        done(Store::from_value(v)),
        done(PolicyConfig::from_value(v, "policy")),
        done(Ask::from_value(v, "ask")),
        done(SurveyEvent::from_value(v, "event")),
        done(PolicyState::from_value(v, "state")),
        done(read_campaigns(v)),
        done(read_occurrence(v)),
        done(read_context(v)),
    ]
}

/// Values near the inputs' shapes: their keys, plus typed arrays.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![any::<f64>(), (-3i32..12).prop_map(f64::from)].prop_map(Value::Number),
        prop_oneof![
            Just("nps".to_string()),
            Just("simple".to_string()),
            Just("clg-metrics/results".to_string()),
            "[a-z ]{0,6}"
        ]
        .prop_map(Value::String),
        prop::collection::vec(any::<u8>(), 0..4).prop_map(Value::Bytes),
        prop::collection::vec(any::<u32>(), 0..4).prop_map(Value::Indices),
        prop::collection::vec(any::<f64>(), 0..4).prop_map(Value::Numbers),
    ];
    let key = prop::sample::select(vec![
        "kind",
        "score",
        "timestamp",
        "respondent",
        "userId",
        "scale",
        "level",
        "counts",
        "version",
        "format",
        "model",
        "accounts",
        "roles",
        "id",
        "mrr",
        "periods",
        "start",
        "end",
        "inputs",
        "form",
        "goalProgress",
        "goalsPerAccount",
        "account",
        "role",
        "metric",
        "maturity",
        "changesNeeded",
        "actions",
        "target",
        "at",
        "value",
        "groupBy",
        "period",
        "scores",
        "results",
        // the survey policy and campaigns
        "kinds",
        "recontactDays",
        "prompts",
        "accountPrompts",
        "outcome",
        "type",
        "promptId",
        "surveyId",
        "ask",
        "survey",
        "checkIn",
        "metrics",
        "trigger",
        "event",
        "name",
        "occurrence",
        "now",
        "sessionStart",
        "triggered",
        "x",
    ]);
    leaf.prop_recursive(4, 48, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key.clone().prop_map(String::from), inner), 0..6)
                .prop_map(Value::Object),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any value: every typed parser returns, and each refusal has a path.
    #[test]
    fn the_reader_never_panics_and_every_error_names_a_path(v in any_value()) {
        for result in parse_all(&v) {
            if let Err(e) = result {
                prop_assert!(!e.field().is_empty(), "{:?}", e);
                prop_assert!(!e.code().as_str().is_empty());
                prop_assert!(e.message().starts_with(e.field()), "{:?}", e);
            }
        }
    }
}
