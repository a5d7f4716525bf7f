use super::*;

fn refused<T: std::fmt::Debug>(r: Result<T, Error>) -> (ErrorCode, String, String) {
    let e = r.unwrap_err();
    (e.code(), e.field().to_owned(), e.message().to_owned())
}

/// Each JSON text of `cases` is refused by `read` with its code and field.
fn each_refused<T: std::fmt::Debug>(
    cases: &[(&str, ErrorCode, &str)],
    read: impl Fn(&str) -> Result<T, Error>,
) {
    for &(text, code, field) in cases {
        let (got_code, got_field, _) = refused(read(text));
        assert_eq!((got_code, got_field.as_str()), (code, field), "{text}");
    }
}

fn policy(text: &str) -> Result<PolicyConfig, Error> {
    PolicyConfig::from_value(&Value::json(text), "policy")
}

#[test]
fn a_policy_reads_with_its_defaults_and_null_is_absent() {
    let config = policy(
        r#"{"kinds":{"nps":{"recontactDays":90},"csat":{"recontactDays":30,"sampleRate":0.2}},
            "accountCap":{"max":5,"windowDays":7},"roleCap":null,"snoozeDays":null}"#,
    )
    .unwrap();
    let rule = |kind: &str| {
        let rule = config.kinds.iter().find(|r| r.kind == kind).unwrap();
        (rule.recontact_days, rule.sample_rate)
    };
    assert_eq!(config.kinds.len(), 2);
    assert_eq!((rule("nps"), rule("csat")), ((90.0, 1.0), (30.0, 0.2)));
    assert_eq!(
        (
            config.user_gap_days,
            config.session_delay_minutes,
            config.snooze_days
        ),
        (14.0, 2.0, 1.0)
    );
    assert_eq!(
        config.account_cap.map(|c| (c.max, c.window_days)),
        Some((5, 7.0))
    );
    assert!(config.role_cap.is_none());
}

#[test]
fn a_policy_names_each_broken_rule() {
    let nps = r#""kinds":{"nps":{"recontactDays":90}}"#;
    let cases = [
        ("[]", ErrorCode::WrongType, "policy"),
        (r#"{"kinds":[]}"#, ErrorCode::WrongType, "policy.kinds"),
        (r#"{"kinds":null}"#, ErrorCode::WrongType, "policy.kinds"),
        (
            r#"{"kinds":{"nps":{}}}"#,
            ErrorCode::WrongType,
            "policy.kinds.nps.recontactDays",
        ),
        (
            r#"{"kinds":{"nps":{"recontactDays":90,"rate":1}}}"#,
            ErrorCode::UnknownOption,
            "policy.kinds.nps.rate",
        ),
        (
            r#"{"kinds":{"nps":{"recontactDays":90,"sampleRate":2}}}"#,
            ErrorCode::InvalidRate,
            "policy.kinds.nps.sampleRate",
        ),
        (
            &format!(r#"{{{nps},"userGapDays":"14"}}"#),
            ErrorCode::WrongType,
            "policy.userGapDays",
        ),
        (
            &format!(r#"{{{nps},"accountCap":{{"max":1.5,"windowDays":7}}}}"#),
            ErrorCode::InvalidCount,
            "policy.accountCap.max",
        ),
        (
            &format!(r#"{{{nps},"roleCap":{{"max":1}}}}"#),
            ErrorCode::WrongType,
            "policy.roleCap.windowDays",
        ),
    ];
    each_refused(&cases, policy);
    let many: Vec<String> = (0..=MAX_KINDS)
        .map(|i| format!(r#""k{i}":{{"recontactDays":1}}"#))
        .collect();
    let (code, field, _) = refused(policy(&format!(r#"{{"kinds":{{{}}}}}"#, many.join(","))));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::TooLarge, "policy.kinds")
    );
}

#[test]
fn an_unknown_key_gets_the_one_message() {
    let (code, field, message) = refused(policy(r#"{"kinds":{},"gapDays":3}"#));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::UnknownOption, "policy.gapDays")
    );
    assert!(
        message.ends_with("is not a known key here (known: kinds, userGapDays, accountCap, roleCap, sessionDelayMinutes, snoozeDays)"),
        "{message}"
    );
}

#[test]
fn an_ask_borrows_its_texts_and_checks_types() {
    let value = Value::json(
        r#"{"surveyId":"s","kind":"nps","userId":"u","role":"admin","now":10,"sessionStart":0}"#,
    );
    let ask = Ask::from_value(&value, "ask").unwrap();
    assert_eq!(
        (
            ask.survey_id,
            ask.kind,
            ask.user_id,
            ask.role,
            ask.now,
            ask.session_start
        ),
        ("s", "nps", "u", "admin", 10.0, 0.0)
    );
    let null_role = Value::json(
        r#"{"surveyId":"s","kind":"nps","userId":"u","role":null,"now":10,"sessionStart":0}"#,
    );
    let (code, field, message) = refused(Ask::from_value(&null_role, "ask"));
    assert_eq!((code, field.as_str()), (ErrorCode::WrongType, "ask.role"));
    assert_eq!(message, "ask.role: must be a string, got nothing");
    let (code, field, _) = refused(Ask::from_value(&Value::json(r#"{"now":"10"}"#), "ask"));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::WrongType, "ask.surveyId")
    );
    let (code, field, _) = refused(Ask::from_value(&Value::json(r#"{"userID":"u"}"#), "ask"));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::UnknownOption, "ask.userID")
    );
    let (code, field, _) = refused(Ask::from_value(&Value::Null, "ask"));
    assert_eq!((code, field.as_str()), (ErrorCode::WrongType, "ask"));
}

#[test]
fn an_event_is_shown_or_an_outcome() {
    let shown = Value::json(
        r#"{"type":"shown","promptId":"p","surveyId":"s","kind":"nps","role":"r","at":5}"#,
    );
    assert!(matches!(
        SurveyEvent::from_value(&shown, "event").unwrap(),
        SurveyEvent::Shown { id: "p", survey_id: "s", kind: "nps", role: "r", at } if at == 5.0
    ));
    let answered = Value::json(r#"{"type":"responded","promptId":"p","at":6}"#);
    assert!(matches!(
        SurveyEvent::from_value(&answered, "event").unwrap(),
        SurveyEvent::Outcome { id: "p", outcome: Outcome::Responded, at } if at == 6.0
    ));
    let cases = [
        (
            r#"{"type":"shown","promptId":"p"}"#,
            ErrorCode::WrongType,
            "event.surveyId",
        ),
        (
            r#"{"type":"opened","promptId":"p","at":1}"#,
            ErrorCode::InvalidChoice,
            "event.type",
        ),
        (
            r#"{"type":"shown","promptId":"p","at":1,"x":1}"#,
            ErrorCode::UnknownOption,
            "event.x",
        ),
        // An outcome takes no survey fields.
        (
            r#"{"type":"snoozed","promptId":"p","at":1,"kind":"nps"}"#,
            ErrorCode::UnknownOption,
            "event.kind",
        ),
        (
            r#"{"type":null,"promptId":"p","at":1}"#,
            ErrorCode::WrongType,
            "event.type",
        ),
        (
            r#"{"type":"dismissed","promptId":"p","at":null}"#,
            ErrorCode::WrongType,
            "event.at",
        ),
        // No event at all: the object is what is missing, not its type.
        ("null", ErrorCode::WrongType, "event"),
    ];
    each_refused(&cases, |text| {
        SurveyEvent::from_value(&Value::json(text), "event").map(|_| ())
    });
    let (code, _, message) = refused(SurveyEvent::from_value(
        &Value::json(r#"{"type":"shown2","promptId":"p","at":1}"#),
        "event",
    ));
    assert_eq!(
        code,
        ErrorCode::InvalidChoice,
        "a string that is not one of the choices"
    );
    assert_eq!(
        message,
        "event.type: must be \"shown\", \"responded\", \"dismissed\" or \"snoozed\", got \"shown2\""
    );
    // An unknown type with the keys of a shown event: the type is named, not a key.
    let (code, _, message) = refused(SurveyEvent::from_value(
        &Value::json(
            r#"{"type":"Shown","promptId":"p","surveyId":"s","kind":"nps","role":"r","at":1}"#,
        ),
        "event",
    ));
    assert_eq!(code, ErrorCode::InvalidChoice);
    assert!(
        message.starts_with("event.type: must be \"shown\", "),
        "{message}"
    );
}

fn state(text: &str) -> Result<PolicyState, Error> {
    PolicyState::from_value(&Value::json(text), "state")
}

#[test]
fn state_reads_every_entry_and_null_outcome_at_is_absent() {
    let s = state(
        r#"{"version":1,
            "prompts":[{"id":"p1","surveyId":"s","kind":"nps","at":1,"outcome":"shown","outcomeAt":null},
                       {"id":"p2","surveyId":"s","kind":"nps","at":2,"outcome":"responded","outcomeAt":3}],
            "accountPrompts":[{"id":"p1","role":"admin","at":1}]}"#,
    )
    .unwrap();
    assert_eq!(s.prompts.len(), 2);
    assert_eq!(
        (s.prompts[0].outcome, s.prompts[0].outcome_at),
        (Outcome::Shown, None)
    );
    assert_eq!(
        (s.prompts[1].outcome, s.prompts[1].outcome_at),
        (Outcome::Responded, Some(3.0))
    );
    assert_eq!(s.text(s.account_prompts[0].role), "admin");
}

#[test]
fn state_names_each_broken_rule() {
    let cases = [
        (
            r#"{"version":2,"prompts":"later"}"#,
            ErrorCode::UnsupportedVersion,
            "state.version",
        ),
        // A newer version may have keys this one does not know: its version speaks first.
        (
            r#"{"version":2,"packed":[],"prompts":[],"accountPrompts":[]}"#,
            ErrorCode::UnsupportedVersion,
            "state.version",
        ),
        (
            r#"{"version":1,"prompts":{},"accountPrompts":[]}"#,
            ErrorCode::WrongType,
            "state.prompts",
        ),
        (
            r#"{"version":1,"prompts":[],"accountPrompts":null}"#,
            ErrorCode::WrongType,
            "state.accountPrompts",
        ),
        (
            r#"{"version":1,"prompts":[{"id":"p","surveyId":"s","kind":"nps","at":1,"outcome":"gone"}],"accountPrompts":[]}"#,
            ErrorCode::InvalidChoice,
            "state.prompts[0].outcome",
        ),
        (
            r#"{"version":1,"prompts":[],"accountPrompts":[{"id":"p","role":"r","at":1,"user":"u"}]}"#,
            ErrorCode::UnknownOption,
            "state.accountPrompts[0].user",
        ),
        (
            r#"{"version":1,"prompts":[],"accountPrompts":[{"id":"p","role":null,"at":1}]}"#,
            ErrorCode::WrongType,
            "state.accountPrompts[0].role",
        ),
        (
            r#"{"version":1,"prompts":[],"accountPrompts":[],"extra":0}"#,
            ErrorCode::UnknownOption,
            "state.extra",
        ),
    ];
    each_refused(&cases, state);
    // Too many entries are refused before any is read.
    let many = Value::object([
        ("version", Value::from(1.0)),
        (
            "prompts",
            Value::Array(vec![Value::Null; MAX_STATE_ENTRIES + 1]),
        ),
        ("accountPrompts", Value::Array(Vec::new())),
    ]);
    let (code, field, _) = refused(PolicyState::from_value(&many, "state"));
    assert_eq!(
        (code, field.as_str()),
        (ErrorCode::TooLarge, "state.prompts")
    );
}
