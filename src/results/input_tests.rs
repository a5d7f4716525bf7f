//! Native tests of the results store's typed inputs: what each reads, and
//! the code, path and message of each kind of refusal.

use super::*;
use crate::error::ErrorCode;

fn refused<T: std::fmt::Debug>(r: Result<T, Error>) -> (ErrorCode, String, String) {
    let e = r.unwrap_err();
    (e.code(), e.field().to_owned(), e.message().to_owned())
}

/// Each JSON text of `cases` is refused by `read` with its code and field.
fn each_refused<T: std::fmt::Debug>(
    cases: &[(&str, ErrorCode, &str)],
    read: impl Fn(&Value) -> Result<T, Error>,
) {
    for &(text, code, field) in cases {
        let (got_code, got_field, message) = refused(read(&Value::json(text)));
        assert_eq!((got_code, got_field.as_str()), (code, field), "{text}");
        assert!(message.starts_with(field), "{message}");
    }
}

/// `text` with `maturity` of its first role set to `x` (JSON has no NaN).
fn with_maturity(text: &str, x: f64) -> Value {
    let mut v = Value::json(text);
    if let Value::Object(fields) = &mut v {
        if let Some((_, Value::Array(roles))) = fields.iter_mut().find(|(k, _)| k == "roles") {
            if let Value::Object(role) = &mut roles[0] {
                role.push(("maturity".into(), Value::Number(x)));
            }
        }
    }
    v
}

#[test]
fn an_account_reads_its_roles_with_their_paths_and_null_is_absent() {
    let account = AccountInput::from_value(&Value::json(
        r#"{"id":"acme","name":"Acme","roles":[{"role":"sdr","maturity":2},{"role":"cs","maturity":1}]}"#,
    ))
    .unwrap();
    assert_eq!(
        (account.id.as_str(), account.name.as_deref()),
        ("acme", Some("Acme"))
    );
    let roles: Vec<_> = account
        .roles
        .iter()
        .map(|r| (r.role.as_str(), r.maturity, r.field("maturity")))
        .collect();
    assert_eq!(
        roles,
        [
            ("sdr", 2.0, "account.roles[0].maturity".to_string()),
            ("cs", 1.0, "account.roles[1].maturity".to_string())
        ]
    );
    let bare = AccountInput::from_value(&Value::json(r#"{"id":"acme","name":null,"roles":null}"#))
        .unwrap();
    assert_eq!((bare.name, bare.roles), (None, Vec::new()));
    // The level is a finite number here; the role's model bounds it when stored.
    let high = AccountInput::from_value(&Value::json(
        r#"{"id":"a","roles":[{"role":"sdr","maturity":40.5}]}"#,
    ))
    .unwrap();
    assert_eq!(high.roles[0].maturity, 40.5);
}

#[test]
fn an_account_names_each_broken_field() {
    let long = format!(r#"{{"id":"{}"}}"#, "x".repeat(201));
    each_refused(
        &[
            ("[]", ErrorCode::WrongType, "account"),
            ("null", ErrorCode::WrongType, "account"),
            ("{}", ErrorCode::WrongType, "account.id"),
            (r#"{"id":null}"#, ErrorCode::WrongType, "account.id"),
            (r#"{"id":7}"#, ErrorCode::WrongType, "account.id"),
            (r#"{"id":" "}"#, ErrorCode::InvalidValue, "account.id"),
            (&long, ErrorCode::TextTooLong, "account.id"),
            (
                r#"{"id":"a","name":5}"#,
                ErrorCode::WrongType,
                "account.name",
            ),
            (
                r#"{"id":"a","name":""}"#,
                ErrorCode::InvalidValue,
                "account.name",
            ),
            (
                r#"{"id":"a","roles":{}}"#,
                ErrorCode::WrongType,
                "account.roles",
            ),
            (
                r#"{"id":"a","roles":[5]}"#,
                ErrorCode::WrongType,
                "account.roles[0]",
            ),
            (
                r#"{"id":"a","roles":[null]}"#,
                ErrorCode::WrongType,
                "account.roles[0]",
            ),
            (
                r#"{"id":"a","roles":[{"maturity":1}]}"#,
                ErrorCode::WrongType,
                "account.roles[0].role",
            ),
            (
                r#"{"id":"a","roles":[{"role":"sdr"}]}"#,
                ErrorCode::WrongType,
                "account.roles[0].maturity",
            ),
            (
                r#"{"id":"a","roles":[{"role":"sdr","maturity":null}]}"#,
                ErrorCode::WrongType,
                "account.roles[0].maturity",
            ),
            (
                r#"{"id":"a","roles":[{"role":"sdr","maturity":1},{"role":"cs","maturity":"2"}]}"#,
                ErrorCode::WrongType,
                "account.roles[1].maturity",
            ),
            (
                r#"{"id":"a","roles":[{"role":"sdr","maturity":1,"level":1}]}"#,
                ErrorCode::UnknownOption,
                "account.roles[0].level",
            ),
        ],
        AccountInput::from_value,
    );
    let (code, field, message) = refused(AccountInput::from_value(&Value::json(
        r#"{"id":"a","plan":"pro"}"#,
    )));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::UnknownOption, "account.plan")
    );
    assert_eq!(
        message,
        "account.plan: is not a known key here (known: id, name, roles)"
    );
    for x in [f64::NAN, f64::INFINITY] {
        let (code, field, _) = refused(AccountInput::from_value(&with_maturity(
            r#"{"id":"a","roles":[{"role":"sdr"}]}"#,
            x,
        )));
        assert_eq!(
            (code, field.as_str()),
            (ErrorCode::NotFinite, "account.roles[0].maturity")
        );
    }
}

#[test]
fn an_instance_reads_at_its_path_and_a_metric_ref_shares_it() {
    let which = InstanceRef::from_value(
        &Value::json(r#"{"account":"acme","role":"sdr"}"#),
        "instance",
    )
    .unwrap();
    assert_eq!(
        (which.account.as_str(), which.role.as_str()),
        ("acme", "sdr")
    );
    assert_eq!(which.field("role"), "instance.role");
    let metric = MetricRef::from_value(
        &Value::json(r#"{"account":"acme","role":"sdr","metric":"calls"}"#),
        "goal",
    )
    .unwrap();
    assert_eq!(
        (metric.instance.path.as_str(), metric.metric.as_str()),
        ("goal", "calls")
    );
    assert_eq!(metric.field("metric"), "goal.metric");
}

#[test]
fn an_instance_names_each_broken_field() {
    each_refused(
        &[
            (r#""acme""#, ErrorCode::WrongType, "instance"),
            ("null", ErrorCode::WrongType, "instance"),
            (
                r#"{"account":"acme"}"#,
                ErrorCode::WrongType,
                "instance.role",
            ),
            (
                r#"{"account":"acme","role":null}"#,
                ErrorCode::WrongType,
                "instance.role",
            ),
            (
                r#"{"account":["acme"],"role":"sdr"}"#,
                ErrorCode::WrongType,
                "instance.account",
            ),
            (
                r#"{"account":"","role":"sdr"}"#,
                ErrorCode::InvalidValue,
                "instance.account",
            ),
        ],
        |v| InstanceRef::from_value(v, "instance"),
    );
    let (code, field, message) = refused(InstanceRef::from_value(
        &Value::json(r#"{"account":"acme","role":"sdr","metric":"calls"}"#),
        "instance",
    ));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::UnknownOption, "instance.metric")
    );
    assert_eq!(
        message,
        "instance.metric: is not a known key here (known: account, role)"
    );
}

#[test]
fn canvas_notes_read_with_their_instance_and_null_lists_are_empty() {
    let canvas = CanvasInput::from_value(&Value::json(
        r#"{"account":"acme","role":"sdr","changesNeeded":["Log every call"],
            "actions":[{"by":"role","text":"Use templates","done":null}],
            "resources":[{"name":"Sequences","type":"feature","url":null}]}"#,
    ))
    .unwrap();
    assert_eq!(canvas.instance.field("role"), "canvas.role");
    assert_eq!(
        canvas.notes.to_value(),
        Value::object([
            ("changesNeeded", Value::from(vec!["Log every call"])),
            (
                "actions",
                Value::Array(vec![Value::object([
                    ("by", "role".into()),
                    ("text", "Use templates".into()),
                    ("done", false.into()),
                ])]),
            ),
            (
                "resources",
                Value::Array(vec![Value::object([
                    ("name", "Sequences".into()),
                    ("type", "feature".into()),
                    ("url", Value::Null),
                ])]),
            ),
        ])
    );
    let bare = CanvasInput::from_value(&Value::json(
        r#"{"account":"acme","role":"sdr","changesNeeded":null,"actions":null}"#,
    ))
    .unwrap();
    assert_eq!(bare.notes, Notes::default());
}

#[test]
fn canvas_notes_name_each_broken_field() {
    let at = |notes: &str| format!(r#"{{"account":"acme","role":"sdr",{notes}}}"#);
    let cases = [
        (
            at(r#""changesNeeded":"x""#),
            ErrorCode::WrongType,
            "canvas.changesNeeded",
        ),
        (
            at(r#""changesNeeded":[""]"#),
            ErrorCode::InvalidValue,
            "canvas.changesNeeded[0]",
        ),
        (
            at(r#""changesNeeded":[null]"#),
            ErrorCode::WrongType,
            "canvas.changesNeeded[0]",
        ),
        (
            at(r#""actions":[{"by":"cfo","text":"x"}]"#),
            ErrorCode::InvalidValue,
            "canvas.actions[0].by",
        ),
        (
            at(r#""actions":[{"by":"role"}]"#),
            ErrorCode::WrongType,
            "canvas.actions[0].text",
        ),
        (
            at(r#""actions":[{"by":"role","text":"x","done":"yes"}]"#),
            ErrorCode::WrongType,
            "canvas.actions[0].done",
        ),
        (
            at(r#""resources":[{"name":"x","type":"video"}]"#),
            ErrorCode::InvalidValue,
            "canvas.resources[0].type",
        ),
        (
            at(r#""resources":[{"name":"x","type":"other","url":4}]"#),
            ErrorCode::WrongType,
            "canvas.resources[0].url",
        ),
        (
            at(r#""resources":[{"name":"x","type":"other","kind":"a"}]"#),
            ErrorCode::UnknownOption,
            "canvas.resources[0].kind",
        ),
        (
            r#"{"role":"sdr"}"#.into(),
            ErrorCode::WrongType,
            "canvas.account",
        ),
        (
            r#"{"account":null,"role":"sdr"}"#.into(),
            ErrorCode::WrongType,
            "canvas.account",
        ),
        ("[]".into(), ErrorCode::WrongType, "canvas"),
        (
            at(&format!(r#""changesNeeded":["{}"]"#, "x".repeat(2001))),
            ErrorCode::TextTooLong,
            "canvas.changesNeeded[0]",
        ),
        (
            at(&format!(
                r#""actions":[{{"by":"role","text":"{}"}}]"#,
                "x".repeat(2001)
            )),
            ErrorCode::TextTooLong,
            "canvas.actions[0].text",
        ),
        (
            at(&format!(
                r#""resources":[{{"name":"x","type":"other","url":"https://{}"}}]"#,
                "x".repeat(2041)
            )),
            ErrorCode::TextTooLong,
            "canvas.resources[0].url",
        ),
    ];
    let cases: Vec<_> = cases.iter().map(|(t, c, f)| (t.as_str(), *c, *f)).collect();
    each_refused(&cases, CanvasInput::from_value);
    // Notes and a URL longer than an id are fine within their limits.
    let long = at(&format!(
        r#""changesNeeded":["{0}"],"actions":[{{"by":"role","text":"{0}"}}],"resources":[{{"name":"x","type":"other","url":"https://{1}"}}]"#,
        "x".repeat(2000),
        "x".repeat(2040)
    ));
    assert!(CanvasInput::from_value(&Value::json(&long)).is_ok());
    let (code, field, message) =
        refused(CanvasInput::from_value(&Value::json(&at(r#""notes":"x""#))));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::UnknownOption, "canvas.notes")
    );
    assert_eq!(
        message,
        "canvas.notes: is not a known key here (known: account, role, changesNeeded, actions, resources)"
    );
}
