//! One survey response: what was asked, the answer, when, by whom, and the
//! free segment attributes (plan, product line, CSM coverage...) it is
//! grouped by.

use serde::{Serialize, Serializer};

use super::kind::clip;
use super::Kind;
use crate::error::{msg, Error, ErrorCode, Num, Part, Quoted};

/// Longest follow-up comment, in characters (Unicode code points).
pub const MAX_COMMENT_CHARS: usize = 2000;
/// Longest id, role, segment name or segment value, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// Largest timestamp magnitude a JS `Date` accepts, in ms (±100 M days).
pub const MAX_TIMESTAMP_MS: f64 = 8.64e15;

/// Who answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Respondent {
    /// The person's id in the host app (required).
    pub user_id: String,
    /// The customer account they belong to.
    pub account_id: Option<String>,
    /// Their role, e.g. `"SDR"` or `"Marketing VP"`.
    pub role: Option<String>,
}

/// A validated response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// The question asked.
    pub kind: Kind,
    /// Highest score of the scale (10 for NPS, whose scale starts at 0).
    pub scale: u8,
    /// The answer, on the scale.
    pub score: u8,
    /// When it was given, ms since 1970-01-01 UTC.
    pub timestamp: f64,
    /// Who gave it.
    pub respondent: Respondent,
    /// Segment attributes, name to value, in the order given.
    pub segments: Attributes<String>,
    /// Optional follow-up text, at most [`MAX_COMMENT_CHARS`] characters.
    pub comment: Option<String>,
}

/// Named values (segment attributes), serialised as a JSON object. A
/// short list rather than a map: responses have a handful of attributes,
/// and a map type would add ~20 KiB to the wasm module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes<V>(pub Vec<(String, V)>);

impl<V> Attributes<V> {
    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl<V: Serialize> Serialize for Attributes<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(n, v)| (n, v)))
    }
}

/// A response as read from JS, before validation: types are already
/// right, values are not yet checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawResponse {
    /// `"nps"`, `"ces"` or `"csat"`.
    pub kind: String,
    /// Highest score of the scale; `None` for the kind's default.
    pub scale: Option<f64>,
    /// The answer.
    pub score: f64,
    /// ms since the epoch.
    pub timestamp: f64,
    /// Respondent's user id.
    pub user_id: String,
    /// Respondent's account id.
    pub account_id: Option<String>,
    /// Respondent's role.
    pub role: Option<String>,
    /// Segment attributes in the order given.
    pub segments: Vec<(String, String)>,
    /// Follow-up text.
    pub comment: Option<String>,
}

impl Response {
    /// Validates every field of `raw`; `path` prefixes field names in errors
    /// (e.g. `responses[3]` gives `responses[3].score`) and is formatted
    /// only when there is an error.
    ///
    /// ```
    /// use clg_metrics::survey::response::{RawResponse, Response};
    /// let raw = RawResponse { kind: "csat".into(), score: 4.0, timestamp: 1.7e12, user_id: "u1".into(), ..Default::default() };
    /// assert_eq!(Response::from_raw(raw.clone(), &"response").unwrap().scale, 5);
    /// let err = Response::from_raw(RawResponse { score: 6.0, ..raw }, &"response").unwrap_err();
    /// assert_eq!(err.field(), "response.score");
    /// ```
    pub fn from_raw(raw: RawResponse, path: &dyn Part) -> Result<Response, Error> {
        let at = |name: &str| msg!(path, ".", name);
        // Field paths are formatted only on error: this runs once per response.
        let kind = Kind::parse(&raw.kind, "").or_else(|_| Kind::parse(&raw.kind, &at("kind")))?;
        let scale = kind
            .scale(raw.scale, "")
            .or_else(|_| kind.scale(raw.scale, &at("scale")))?;
        let score = scale.score_from_f64(raw.score, || at("score"))?;
        let timestamp = timestamp(raw.timestamp, || at("timestamp"))?;
        text(&raw.user_id, MAX_TEXT_CHARS, || at("respondent.userId"))?;
        for (value, name) in [
            (&raw.account_id, "respondent.accountId"),
            (&raw.role, "respondent.role"),
        ] {
            if let Some(value) = value {
                text(value, MAX_TEXT_CHARS, || at(name))?;
            }
        }
        for (name, value) in &raw.segments {
            text(name, MAX_TEXT_CHARS, || at("segments")).map_err(of_each_key)?;
            text(value, MAX_TEXT_CHARS, || msg!(path, ".segments.", name))?;
        }
        if let Some(text) = &raw.comment {
            comment(text, || at("comment"))?;
        }
        Ok(Response {
            kind,
            scale: scale.max,
            score,
            timestamp,
            respondent: Respondent {
                user_id: raw.user_id,
                account_id: raw.account_id,
                role: raw.role,
            },
            segments: Attributes(raw.segments),
            comment: raw.comment,
        })
    }
}

/// Whether `ms` is a whole number of ms within the JS `Date` range (NaN
/// and the infinities are not).
#[inline]
pub fn is_timestamp(ms: f64) -> bool {
    ms.abs() <= MAX_TIMESTAMP_MS && ms.trunc() == ms
}

/// Checks a timestamp: a whole number of ms within the JS `Date` range.
pub fn timestamp(ms: f64, field: impl FnOnce() -> String) -> Result<f64, Error> {
    if is_timestamp(ms) {
        return Ok(ms);
    }
    Err(Error::new(
        ErrorCode::InvalidTime,
        field(),
        msg!(
            "a timestamp must be whole ms since 1970-01-01 UTC within ±8.64e15, got ",
            Num(ms)
        ),
    ))
}

/// Checks that a text is not empty and has at most `max` characters.
pub fn text(value: &str, max: usize, field: impl FnOnce() -> String) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyText,
            field(),
            "must not be empty",
        ));
    }
    too_long(value, max, field)
}

/// `error` of a key of an object (which names the object): its rule said
/// of each key, as in "segments: each key must not be empty".
#[cold]
fn of_each_key(error: Error) -> Error {
    let rule = error
        .message()
        .strip_prefix(error.field())
        .and_then(|r| r.strip_prefix(": "));
    Error::new(
        error.code(),
        error.field(),
        msg!("each key ", rule.unwrap_or("")),
    )
}

/// Checks a follow-up comment: at most [`MAX_COMMENT_CHARS`] characters (may be empty).
pub fn comment(value: &str, field: impl FnOnce() -> String) -> Result<(), Error> {
    too_long(value, MAX_COMMENT_CHARS, field)
}

fn too_long(value: &str, max: usize, field: impl FnOnce() -> String) -> Result<(), Error> {
    // Byte length bounds the character count from above: skip the count for short texts.
    if value.len() <= max {
        return Ok(());
    }
    let count = value.chars().count();
    if count <= max {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::TextTooLong,
        field(),
        msg!(
            "must be at most ",
            max,
            " characters, got ",
            count,
            " (",
            Quoted(&clip(value)),
            ")"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawResponse {
        RawResponse {
            kind: "ces".into(),
            scale: None,
            score: 6.0,
            timestamp: 1_767_225_600_000.0,
            user_id: "u-1".into(),
            account_id: Some("acme".into()),
            role: Some("SDR".into()),
            segments: vec![("plan".into(), "pro".into()), ("csm".into(), "yes".into())],
            comment: Some("Quick fix, thanks".into()),
        }
    }

    #[test]
    fn valid_response() {
        let r = Response::from_raw(raw(), &"r").unwrap();
        assert_eq!((r.kind, r.scale, r.score), (Kind::Ces, 7, 6));
        assert_eq!(r.segments.get("plan").map(String::as_str), Some("pro"));
        assert_eq!(r.respondent.role.as_deref(), Some("SDR"));
        let max = RawResponse {
            comment: Some("é".repeat(MAX_COMMENT_CHARS)),
            ..raw()
        };
        assert!(
            Response::from_raw(max, &"r").is_ok(),
            "2000 two-byte characters are within the limit"
        );
    }

    #[test]
    fn every_field_is_checked() {
        let cases = [
            (
                RawResponse {
                    kind: "effort".into(),
                    ..raw()
                },
                ErrorCode::InvalidChoice,
                "r.kind",
            ),
            (
                RawResponse {
                    scale: Some(12.0),
                    ..raw()
                },
                ErrorCode::InvalidScale,
                "r.scale",
            ),
            (
                RawResponse {
                    score: 8.0,
                    ..raw()
                },
                ErrorCode::ScoreOutOfRange,
                "r.score",
            ),
            (
                RawResponse {
                    score: 0.0,
                    ..raw()
                },
                ErrorCode::ScoreOutOfRange,
                "r.score",
            ),
            (
                RawResponse {
                    score: 2.5,
                    ..raw()
                },
                ErrorCode::ScoreNotInteger,
                "r.score",
            ),
            (
                RawResponse {
                    timestamp: f64::NAN,
                    ..raw()
                },
                ErrorCode::InvalidTime,
                "r.timestamp",
            ),
            (
                RawResponse {
                    timestamp: 9e15,
                    ..raw()
                },
                ErrorCode::InvalidTime,
                "r.timestamp",
            ),
            (
                RawResponse {
                    timestamp: 1_767_225_600_000.5,
                    ..raw()
                },
                ErrorCode::InvalidTime,
                "r.timestamp",
            ),
            (
                RawResponse {
                    user_id: String::new(),
                    ..raw()
                },
                ErrorCode::EmptyText,
                "r.respondent.userId",
            ),
            (
                RawResponse {
                    account_id: Some("a".repeat(201)),
                    ..raw()
                },
                ErrorCode::TextTooLong,
                "r.respondent.accountId",
            ),
            (
                RawResponse {
                    role: Some(String::new()),
                    ..raw()
                },
                ErrorCode::EmptyText,
                "r.respondent.role",
            ),
            (
                RawResponse {
                    segments: vec![(String::new(), "x".into())],
                    ..raw()
                },
                ErrorCode::EmptyText,
                "r.segments",
            ),
            (
                RawResponse {
                    segments: vec![("plan".into(), String::new())],
                    ..raw()
                },
                ErrorCode::EmptyText,
                "r.segments.plan",
            ),
            (
                RawResponse {
                    comment: Some("x".repeat(MAX_COMMENT_CHARS + 1)),
                    ..raw()
                },
                ErrorCode::TextTooLong,
                "r.comment",
            ),
        ];
        for (input, code, field) in cases {
            let err = Response::from_raw(input, &"r").unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (code, field),
                "{}",
                err.message()
            );
            assert!(err.message().len() < 200, "{}", err.message());
        }
    }

    #[test]
    fn a_key_of_segments_is_named_as_a_key() {
        for (key, message) in [
            (String::new(), "r.segments: each key must not be empty"),
            (
                "k".repeat(201),
                "r.segments: each key must be at most 200 characters, got 201 (\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…\")",
            ),
        ] {
            let input = RawResponse {
                segments: vec![(key, "x".into())],
                ..raw()
            };
            assert_eq!(
                Response::from_raw(input, &"r").unwrap_err().message(),
                message
            );
        }
    }

    #[test]
    fn messages_name_the_rule() {
        let err = Response::from_raw(
            RawResponse {
                comment: Some("x".repeat(2001)),
                ..raw()
            },
            &"r",
        )
        .unwrap_err();
        assert!(
            err.message()
                .starts_with("r.comment: must be at most 2000 characters, got 2001"),
            "{}",
            err.message()
        );
        let err = timestamp(f64::INFINITY, || "t".into()).unwrap_err();
        assert!(err.message().ends_with("got Infinity"), "{}", err.message());
        let err = timestamp(1.5, || "t".into()).unwrap_err();
        assert!(
            err.message().contains("whole ms") && err.message().ends_with("got 1.5"),
            "{}",
            err.message()
        );
        assert_eq!(timestamp(-8.64e15, || "t".into()), Ok(-8.64e15));
    }
}
