//! Finds the properties the contract marks as personal data.
//!
//! A property is personal data when its schema carries `x-personal-data: true`, or when it refers
//! (`$ref`) to a component schema that does. The generation settings (`codegen.rs`) use the list to
//! mask generated `Debug` output and write it into the generated client as `PERSONAL_DATA_FIELDS`;
//! tests include the same file to show that a new mark reaches the list with no code change.

use serde_json::Value;

/// The extension that marks a schema as personal data.
pub const MARK: &str = "x-personal-data";

/// The names of every property marked as personal data anywhere in the contract, sorted, without
/// repetitions.
pub fn marked_properties(spec: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect(spec, spec, &mut found);
    found.sort();
    found.dedup();
    found
}

fn collect(node: &Value, spec: &Value, found: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for (name, schema) in properties {
                    if is_marked(schema, spec) {
                        found.push(name.clone());
                    }
                }
            }
            for value in map.values() {
                collect(value, spec, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(item, spec, found);
            }
        }
        _ => {}
    }
}

/// Whether a property's schema is marked, directly or through the schema its `$ref` names.
fn is_marked(schema: &Value, spec: &Value) -> bool {
    if schema.get(MARK).and_then(Value::as_bool) == Some(true) {
        return true;
    }
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix('#'))
        .and_then(|pointer| spec.pointer(pointer))
        .and_then(|target| target.get(MARK))
        .and_then(Value::as_bool)
        == Some(true)
}
