//! Reading campaigns, occurrences and decision contexts from the generic
//! input [`Value`] (one reader, one `null` rule: see [`crate::input`]).
//! Every key is checked and unknown keys are refused; the rules that need
//! more than a type (lengths, ranges, duplicates) are [`super::check_campaigns`]'s.

use super::{check_list, Ask, Campaign, Context, Period, Schedule, Target, Trigger, MAX_CAMPAIGNS};
use crate::error::{msg, Error, ErrorCode};
use crate::hygiene::check_entries;
use crate::input::{array, each, finite, wrong_type, Obj, Value};
use crate::results::Prop;

/// What the user just did, owned (see [`super::Occurrence`] for the borrowed form
/// the rules take).
#[derive(Debug, Clone, PartialEq)]
pub enum OccurrenceInput {
    /// `{ event, props, count }`; `count` defaults to 1.
    Event {
        name: String,
        props: Vec<(String, Prop)>,
        count: f64,
    },
    /// `{ route }`.
    Route(String),
}

impl OccurrenceInput {
    /// The borrowed form [`super::campaign_triggers`] takes.
    pub fn as_occurrence(&self) -> super::Occurrence<'_> {
        match self {
            OccurrenceInput::Event { name, props, count } => super::Occurrence::Event {
                name,
                props,
                count: *count,
            },
            OccurrenceInput::Route(route) => super::Occurrence::Route(route),
        }
    }
}

/// A campaign list (`campaigns`): at most [`MAX_CAMPAIGNS`].
///
/// ```
/// use clg_metrics::{campaigns::read_campaigns, input::Value};
/// let e = read_campaigns(&Value::from("ces")).unwrap_err();
/// assert_eq!(e.field(), "campaigns");
/// ```
pub fn read_campaigns(value: &Value) -> Result<Vec<Campaign>, Error> {
    let list = array(Some(value), "campaigns")?;
    check_entries(list.len(), MAX_CAMPAIGNS, "campaigns")?;
    each(list, "campaigns", read_campaign)
}

fn read_campaign(value: &Value, path: String) -> Result<Campaign, Error> {
    let c = Obj::new(
        value,
        path,
        &["id", "ask", "trigger", "target", "delayMs", "schedule"],
    )?;
    Ok(Campaign {
        id: c.string("id")?,
        ask: read_ask(&c)?,
        trigger: read_trigger(&c)?,
        target: read_target(&c)?,
        delay_ms: c.number_or("delayMs", 0.0)?,
        schedule: read_schedule(&c)?,
    })
}

fn read_schedule(c: &Obj) -> Result<Schedule, Error> {
    let Some(s) = c.opt_object("schedule", &["start", "end", "recurDays"])? else {
        return Ok(Schedule::default());
    };
    Ok(Schedule {
        start: s.opt_number("start")?,
        end: s.opt_number("end")?,
        recur_days: s.opt_number("recurDays")?,
    })
}

fn read_ask(c: &Obj) -> Result<Ask, Error> {
    let asks = ["survey", "checkIn"];
    let a = c.object("ask", &asks)?;
    let key = single(&a, &asks, "survey or checkIn")?;
    if key == "checkIn" {
        let k = a.object(key, &["metrics"])?;
        return Ok(Ask::CheckIn {
            metrics: strings(&k, "metrics")?,
        });
    }
    let s = a.object(key, &["kind", "surveyId", "question", "followUp"])?;
    Ok(Ask::Survey {
        kind: s.string("kind")?,
        survey_id: s.opt_string("surveyId")?,
        question: s.opt_string("question")?,
        follow_up: s.opt_string("followUp")?,
    })
}

const TRIGGERS: [&str; 5] = [
    "event",
    "route",
    "daysSinceSignup",
    "daysSincePeriodStart",
    "daysBeforePeriodEnd",
];

fn read_trigger(c: &Obj) -> Result<Trigger, Error> {
    let t = c.object("trigger", &TRIGGERS)?;
    let key = single(
        &t,
        &TRIGGERS,
        "event, route, daysSinceSignup, daysSincePeriodStart or daysBeforePeriodEnd",
    )?;
    Ok(match key {
        "event" => {
            let e = t.object(key, &["name", "occurrence", "props"])?;
            let props = match e.get("props") {
                Some(value) => {
                    let props = Obj::loose(value, e.field("props"))?;
                    // `{}` is an empty rule (EMPTY_INPUT): left out, it matches every event.
                    check_list(props.entries(), &e.field("props"))?;
                    scalars(&props, |_| false)?
                }
                None => Vec::new(),
            };
            Trigger::Event {
                name: e.string("name")?,
                occurrence: e.number_or("occurrence", 1.0)?,
                props,
            }
        }
        "route" => Trigger::Route(t.string(key)?),
        "daysSinceSignup" => Trigger::DaysSinceSignup(t.number(key)?),
        "daysSincePeriodStart" => Trigger::DaysSincePeriodStart(t.number(key)?),
        _ => Trigger::DaysBeforePeriodEnd(t.number(key)?),
    })
}

fn read_target(c: &Obj) -> Result<Target, Error> {
    let Some(t) = c.opt_object("target", &["roles", "levels", "account", "segments"])? else {
        return Ok(Target::default());
    };
    let mut account = Vec::new();
    if let Some(value) = t.get("account") {
        let a = Obj::loose(value, t.field("account"))?;
        check_list(a.entries(), &t.field("account"))?;
        for (name, value) in a.entries() {
            let values = match value {
                Value::Array(list) => each(list, &a.field(name), prop)?,
                other => vec![prop(other, a.field(name))?],
            };
            account.push((name.clone(), values));
        }
    }
    Ok(Target {
        roles: t.get("roles").map(|_| strings(&t, "roles")).transpose()?,
        levels: t.opt_numbers("levels", false)?,
        account,
        segments: t
            .get("segments")
            .map(|_| strings(&t, "segments"))
            .transpose()?,
    })
}

/// An occurrence (`occurrence`): `{ event, props?, count? }` or `{ route }`.
///
/// ```
/// use clg_metrics::{campaigns::{read_occurrence, OccurrenceInput}, input::Value};
/// let o = read_occurrence(&Value::object([("route", Value::from("/reports/42"))])).unwrap();
/// assert_eq!(o, OccurrenceInput::Route("/reports/42".into()));
/// ```
pub fn read_occurrence(value: &Value) -> Result<OccurrenceInput, Error> {
    let o = Obj::new(value, "occurrence", &["event", "props", "count", "route"])?;
    match o.opt_string("route")? {
        Some(route)
            if o.get("event").is_none() && o.get("props").is_none() && o.get("count").is_none() =>
        {
            Ok(OccurrenceInput::Route(route))
        }
        Some(_) => Err(one_of(
            "occurrence",
            "event (with props and count) or route",
        )),
        None => Ok(OccurrenceInput::Event {
            name: o.string("event")?,
            props: match o.get("props") {
                Some(value) => scalars(&Obj::loose(value, o.field("props"))?, |v| !is_scalar(v))?,
                None => Vec::new(),
            },
            count: o.number_or("count", 1.0)?,
        }),
    }
}

/// A decision context (`context`).
pub fn read_context(value: &Value) -> Result<Context, Error> {
    let c = Obj::new(
        value,
        "context",
        &[
            "now",
            "userId",
            "role",
            "level",
            "sessionStart",
            "signupAt",
            "route",
            "account",
            "segments",
            "triggered",
            "periods",
            "metrics",
        ],
    )?;
    let account = match c.get("account") {
        Some(value) => scalars(&Obj::loose(value, c.field("account"))?, Value::is_null)?,
        None => Vec::new(),
    };
    let mut periods = Vec::new();
    if let Some(value) = c.get("periods") {
        let p = Obj::loose(value, c.field("periods"))?;
        for (metric, _) in p.entries() {
            let period = p.object(metric, &["start", "due"])?;
            periods.push((
                metric.clone(),
                Period {
                    start: period.number("start")?,
                    due: period.number("due")?,
                },
            ));
        }
    }
    Ok(Context {
        now: c.number("now")?,
        user_id: c.string("userId")?,
        role: c.string("role")?,
        level: c.opt_number("level")?,
        session_start: c.number("sessionStart")?,
        signup_at: c.opt_number("signupAt")?,
        route: c.opt_string("route")?,
        account,
        segments: match c.get("segments") {
            Some(_) => strings(&c, "segments")?,
            None => Vec::new(),
        },
        triggered: c.opt_number_map("triggered")?.unwrap_or_default(),
        periods,
        metrics: match c.get("metrics") {
            Some(_) => Some(strings(&c, "metrics")?),
            None => None,
        },
    })
}

/// The one key of `keys` that `object` holds (not absent, not `null`).
fn single<'k>(object: &Obj, keys: &[&'k str], what: &str) -> Result<&'k str, Error> {
    let mut given = keys.iter().filter(|k| object.get(k).is_some());
    match (given.next(), given.next()) {
        (Some(key), None) => Ok(key),
        _ => Err(one_of(object.path(), what)),
    }
}

fn one_of(field: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        field,
        msg!("must have exactly one of ", what),
    )
}

/// An array of strings at `key`.
fn strings(object: &Obj, key: &str) -> Result<Vec<String>, Error> {
    each(object.array(key)?, &object.field(key), |value, path| {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| wrong_type(path, "a string", Some(value)))
    })
}

/// A value a trigger's props can match: a string, a finite number or a boolean.
fn is_scalar(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_finite(),
        _ => matches!(value, Value::String(_) | Value::Bool(_)),
    }
}

/// A string, finite number or boolean.
fn prop(value: &Value, path: String) -> Result<Prop, Error> {
    match value {
        Value::String(text) => Ok(Prop::Text(text.clone())),
        Value::Number(_) => Ok(Prop::Number(finite(Some(value), &path)?)),
        Value::Bool(b) => Ok(Prop::Bool(*b)),
        other => Err(wrong_type(
            path,
            "a string, a number or a boolean",
            Some(other),
        )),
    }
}

/// The object's values by key, each a string, number or boolean, except
/// those `skip` leaves out (an event's props hold anything: only scalars
/// can match; an account attribute may be `null`: unknown).
fn scalars(object: &Obj, skip: impl Fn(&Value) -> bool) -> Result<Vec<(String, Prop)>, Error> {
    let mut out = Vec::new();
    for (key, value) in object.entries() {
        if !skip(value) {
            out.push((key.clone(), prop(value, object.field(key))?));
        }
    }
    Ok(out)
}

/// Native checks of the readers: each refusal with its code and path, and
/// what a valid value reads as.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn json(text: &str) -> Value {
        Value::json(text)
    }

    fn refused<T>(result: Result<T, Error>) -> (ErrorCode, String) {
        let e = result.err().expect("refused");
        assert!(e.message().starts_with(e.field()), "{}", e.message());
        (e.code(), e.field().into())
    }

    #[test]
    fn a_campaign_list_names_each_broken_field() {
        let ok = r#"{ "id": "c", "ask": { "survey": { "kind": "nps" } }, "trigger": { "route": "/r/*" } }"#;
        let list = read_campaigns(&json(&format!("[{ok}]"))).unwrap();
        assert_eq!((list[0].id.as_str(), list[0].kind()), ("c", "nps"));
        let cases = [
            (r#"{ "id": "c" }"#, ErrorCode::WrongType, "campaigns[1].ask"),
            (
                r#"{ "id": "c", "ask": { "survey": { "kind": "nps" }, "checkIn": { "metrics": ["m"] } }, "trigger": { "route": "/" } }"#,
                ErrorCode::InvalidValue,
                "campaigns[1].ask",
            ),
            (
                r#"{ "id": "c", "ask": { "checkIn": { "metrics": [1] } }, "trigger": { "route": "/" } }"#,
                ErrorCode::WrongType,
                "campaigns[1].ask.checkIn.metrics[0]",
            ),
            (
                r#"{ "id": "c", "ask": { "survey": { "kind": "nps" } }, "trigger": { "route": "/", "daysSinceSignup": 1 } }"#,
                ErrorCode::InvalidValue,
                "campaigns[1].trigger",
            ),
            (
                r#"{ "id": "c", "ask": { "survey": { "kind": "nps" } }, "trigger": { "route": "/" }, "delay": 5 }"#,
                ErrorCode::UnknownOption,
                "campaigns[1].delay",
            ),
            (
                r#"{ "id": "c", "ask": { "survey": { "kind": "nps" } }, "trigger": { "event": { "name": "e", "props": { "x": [1] } } } }"#,
                ErrorCode::WrongType,
                "campaigns[1].trigger.event.props.x",
            ),
            // An empty rule: left out, it matches everyone (every event).
            (
                r#"{ "id": "c", "ask": { "survey": { "kind": "nps" } }, "trigger": { "event": { "name": "e", "props": {} } } }"#,
                ErrorCode::EmptyInput,
                "campaigns[1].trigger.event.props",
            ),
            (
                r#"{ "id": "c", "ask": { "survey": { "kind": "nps" } }, "trigger": { "route": "/" }, "target": { "account": {} } }"#,
                ErrorCode::EmptyInput,
                "campaigns[1].target.account",
            ),
            (
                r#"{ "id": "c", "ask": { "survey": { "kind": "nps" } }, "trigger": { "route": "/" }, "schedule": { "recurDays": "9" } }"#,
                ErrorCode::WrongType,
                "campaigns[1].schedule.recurDays",
            ),
        ];
        for (campaign, code, field) in cases {
            // The second campaign of the list: its paths start at campaigns[1].
            let text = format!("[{ok}, {campaign}]");
            assert_eq!(
                refused(read_campaigns(&json(&text))),
                (code, field.into()),
                "{campaign}"
            );
        }
        assert_eq!(
            refused(read_campaigns(&json("{}"))),
            (ErrorCode::WrongType, "campaigns".into())
        );
    }

    #[test]
    fn an_occurrence_is_an_event_or_a_route() {
        let event = read_occurrence(&json(
            r#"{ "event": "export", "props": { "rows": 3 }, "count": 2 }"#,
        ))
        .unwrap();
        assert!(
            matches!(event, OccurrenceInput::Event { ref name, count, .. } if name == "export" && count == 2.0)
        );
        assert_eq!(
            refused(read_occurrence(&json(r#"{ "event": "e", "route": "/" }"#))),
            (ErrorCode::InvalidValue, "occurrence".into())
        );
        assert_eq!(
            refused(read_occurrence(&json(r#"{ "event": 5 }"#))),
            (ErrorCode::WrongType, "occurrence.event".into())
        );
        assert_eq!(
            refused(read_occurrence(&json(r#"{ "event": "e", "when": 1 }"#))),
            (ErrorCode::UnknownOption, "occurrence.when".into())
        );
    }

    /// A caller's own attribute that is not a finite number is refused; an
    /// app event's prop of that kind is skipped (it can match nothing), as
    /// a nested one is.
    #[test]
    fn numbers_that_are_not_finite() {
        let context = Value::object([
            ("now", 5.0.into()),
            ("userId", "u".into()),
            ("role", "r".into()),
            ("sessionStart", 0.0.into()),
            ("account", Value::object([("plan", f64::NAN.into())])),
        ]);
        assert_eq!(
            refused(read_context(&context)),
            (ErrorCode::NotFinite, "context.account.plan".into())
        );
        let props = Value::object([("a", f64::INFINITY.into()), ("b", 2.0.into())]);
        let occurrence = Value::object([("event", "e".into()), ("props", props)]);
        let OccurrenceInput::Event { props, .. } = read_occurrence(&occurrence).unwrap() else {
            panic!("an event");
        };
        assert_eq!(props, vec![("b".to_string(), Prop::Number(2.0))]);
    }

    #[test]
    fn a_context_reads_its_maps_and_names_each_broken_field() {
        let c = read_context(&json(
            r#"{ "now": 5, "userId": "u", "role": "r", "sessionStart": 0, "account": { "plan": "pro", "seats": null },
                 "triggered": { "c": 1, "d": null }, "periods": { "m": { "start": 1, "due": 2 } }, "metrics": ["m"] }"#,
        ))
        .unwrap();
        assert_eq!(
            (c.account.len(), c.triggered.len(), c.periods.len()),
            (1, 1, 1)
        );
        assert_eq!(c.metrics, Some(vec!["m".to_string()]));
        let cases = [
            (
                r#"{ "userId": "u", "role": "r", "sessionStart": 0 }"#,
                ErrorCode::WrongType,
                "context.now",
            ),
            (
                r#"{ "now": 5, "userId": "u", "role": "r", "sessionStart": 0, "periods": { "m": { "start": 1 } } }"#,
                ErrorCode::WrongType,
                "context.periods.m.due",
            ),
            (
                r#"{ "now": 5, "userId": "u", "role": "r", "sessionStart": 0, "metrics": "m" }"#,
                ErrorCode::WrongType,
                "context.metrics",
            ),
            (
                r#"{ "now": 5, "userId": "u", "role": "r", "sessionStart": 0, "account": { "plan": [1] } }"#,
                ErrorCode::WrongType,
                "context.account.plan",
            ),
            (
                r#"{ "now": 5, "userId": "u", "role": "r", "sessionStart": 0, "user": "u" }"#,
                ErrorCode::UnknownOption,
                "context.user",
            ),
        ];
        for (text, code, field) in cases {
            assert_eq!(
                refused(read_context(&json(text))),
                (code, field.into()),
                "{text}"
            );
        }
    }
}
