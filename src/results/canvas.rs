//! The editable part of the Customer Results Canvas of a role instance:
//! the changes in work and behaviour needed, the actions the supplier and
//! the role will take, and the resources (value elements, product features
//! among them) that help. The computed part (maturity, metrics, current
//! level, goals) is added by the store when the canvas is read.

use crate::error::{element, Error};
use crate::input::{Obj, Value};

/// The most characters of a change needed or an action's text.
pub const NOTE_CHARS: usize = 2000;
/// The most characters of a resource's URL.
pub const URL_CHARS: usize = 2048;

/// Validated canvas notes, kept as the JSON they were given in.
#[derive(Debug, Clone, PartialEq)]
pub struct Notes(Value);

impl Default for Notes {
    fn default() -> Notes {
        Notes(Value::object([
            ("changesNeeded", Value::Array(Vec::new())),
            ("actions", Value::Array(Vec::new())),
            ("resources", Value::Array(Vec::new())),
        ]))
    }
}

impl Notes {
    /// Reads `{ changesNeeded: string[], actions: [{ by: "supplier" |
    /// "role", text, done? }], resources: [{ name, type: "feature" |
    /// "content" | "service" | "other", url? }] }` named `path`.
    pub(crate) fn from_value(value: &Value, path: &str) -> Result<Notes, Error> {
        Notes::read(&Obj::new(
            value,
            path,
            &["changesNeeded", "actions", "resources"],
        )?)
    }

    /// The three lists of `o` (whose other keys the caller reads); absent
    /// lists are empty.
    pub(crate) fn read(o: &Obj<'_>) -> Result<Notes, Error> {
        let changes = o
            .opt_array("changesNeeded")?
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, v)| {
                Ok(Value::String(crate::input::text_within(
                    Some(v),
                    &element(&o.field("changesNeeded"), i),
                    NOTE_CHARS,
                )?))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let mut actions = Vec::new();
        for (i, v) in o
            .opt_array("actions")?
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let a = Obj::new(
                Some(v),
                element(&o.field("actions"), i),
                &["by", "text", "done"],
            )?;
            let by = ["supplier", "role"][a.one_of("by", &["supplier", "role"])?];
            let done = if a.get("done").is_some() {
                a.bool("done")?
            } else {
                false
            };
            actions.push(Value::object([
                ("by", by.into()),
                ("text", a.text_within("text", NOTE_CHARS)?.into()),
                ("done", done.into()),
            ]));
        }
        let kinds = ["feature", "content", "service", "other"];
        let mut resources = Vec::new();
        for (i, v) in o
            .opt_array("resources")?
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let r = Obj::new(
                Some(v),
                element(&o.field("resources"), i),
                &["name", "type", "url"],
            )?;
            let name = r.text("name")?;
            let kind = kinds[r.one_of("type", &kinds)?];
            resources.push(Value::object([
                ("name", name.into()),
                ("type", kind.into()),
                ("url", r.opt_text_within("url", URL_CHARS)?.into()),
            ]));
        }
        Ok(Notes(Value::object([
            ("changesNeeded", Value::Array(changes)),
            ("actions", Value::Array(actions)),
            ("resources", Value::Array(resources)),
        ])))
    }

    /// The notes' fields, to merge into the canvas.
    pub(crate) fn fields(&self) -> Vec<(String, Value)> {
        match &self.0 {
            Value::Object(fields) => fields.clone(),
            _ => Vec::new(),
        }
    }

    /// The notes as JSON data, every list present.
    pub fn to_value(&self) -> Value {
        self.0.clone()
    }
}
