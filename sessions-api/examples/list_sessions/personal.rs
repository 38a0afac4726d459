//! Personal data in the output: the fields the contract marks `x-personal-data` (the generated
//! [`PERSONAL_DATA_FIELDS`]) are left out of every format unless `--include-personal-data` asks for
//! them. Marking another field in the contract leaves it out here with no code change.

use serde_json::Value;
use sessions_api::Session;
use sessions_api::generated::PERSONAL_DATA_FIELDS;

/// Whether the output carries the marked fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PersonalData {
    /// Left out (the default).
    Omit,
    /// Written like any other field.
    Include,
}

/// A session as JSON (the shape `Serialize` writes), without the marked fields at any depth unless
/// they are included.
pub(crate) fn session_json(session: &Session, personal: PersonalData) -> serde_json::Result<Value> {
    let mut json = serde_json::to_value(session)?;
    if personal == PersonalData::Omit {
        strip(&mut json);
    }
    Ok(json)
}

fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|name, _| !PERSONAL_DATA_FIELDS.contains(&name.as_str()));
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// The table's headers for the marked fields: `subjectId` is `SUBJECT ID`.
pub(crate) fn headers() -> Vec<String> {
    PERSONAL_DATA_FIELDS
        .iter()
        .map(|name| {
            let mut header = String::new();
            for c in name.chars() {
                if c.is_uppercase() && !header.is_empty() {
                    header.push(' ');
                }
                header.extend(c.to_uppercase());
            }
            header
        })
        .collect()
}

/// The table's cells for the marked fields of a session's JSON (the first occurrence of each name,
/// at any depth; `-` when absent or null).
pub(crate) fn cells(json: &Value) -> Vec<String> {
    PERSONAL_DATA_FIELDS
        .iter()
        .map(|name| match find(json, name) {
            None | Some(Value::Null) => "-".to_owned(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        })
        .collect()
}

fn find<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map
            .get(name)
            .or_else(|| map.values().find_map(|v| find(v, name))),
        Value::Array(items) => items.iter().find_map(|v| find(v, name)),
        _ => None,
    }
}
