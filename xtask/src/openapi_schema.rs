//! OpenAPI 3.0 schemas as JSON Schema (draft 2020-12), validated with the `jsonschema` crate.
//!
//! OpenAPI 3.0 schemas are close to JSON Schema but not the same: `nullable: true` adds null to the
//! values its `type` allows, `exclusiveMinimum`/`exclusiveMaximum` are booleans, and `example` and `x-*` are
//! annotations. [`to_json_schema`] converts one schema; [`validator`] builds a validator for any
//! schema of a document with the document's components reachable through `#/components/schemas`.

use anyhow::{Result, anyhow};
use serde_json::{Map, Value, json};

/// How to convert.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mode {
    /// Reject properties the schema does not declare (`unevaluatedProperties: false` on every schema
    /// with `properties`). The contract allows unknown fields; strict mode finds them.
    pub strict: bool,
}

/// Converts an OpenAPI 3.0 schema object to JSON Schema 2020-12.
pub fn to_json_schema(schema: &Value, mode: Mode) -> Value {
    let Value::Object(object) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "nullable" | "example" | "discriminator" | "xml" | "externalDocs" => {}
            k if k.starts_with("x-") => {}
            "properties" => {
                let props = value
                    .as_object()
                    .map(|props| {
                        props
                            .iter()
                            .map(|(name, s)| (name.clone(), to_json_schema(s, mode)))
                            .collect::<Map<_, _>>()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(props));
            }
            "items" | "not" => {
                out.insert(key.clone(), to_json_schema(value, mode));
            }
            "additionalProperties" if value.is_object() => {
                out.insert(key.clone(), to_json_schema(value, mode));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let items = value
                    .as_array()
                    .map(|items| items.iter().map(|s| to_json_schema(s, mode)).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(items));
            }
            "exclusiveMinimum" | "exclusiveMaximum" => {
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                if value == &Value::Bool(true) {
                    if let Some(limit) = object.get(bound) {
                        out.insert(key.clone(), limit.clone());
                    }
                } else if value.is_number() {
                    out.insert(key.clone(), value.clone());
                }
            }
            "minimum" | "maximum" => {
                let exclusive = if key == "minimum" {
                    "exclusiveMinimum"
                } else {
                    "exclusiveMaximum"
                };
                if object.get(exclusive) != Some(&Value::Bool(true)) {
                    out.insert(key.clone(), value.clone());
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if mode.strict && out.contains_key("properties") {
        out.insert("unevaluatedProperties".into(), Value::Bool(false));
    }
    if object.get("nullable") == Some(&Value::Bool(true)) {
        // OpenAPI 3.0.3: `nullable` adds null to the values `type` allows (and so to an `enum`);
        // subschemas such as `allOf` still apply, as Spectral and Redocly read it.
        if let Some(Value::String(ty)) = out.get("type").cloned() {
            out.insert("type".into(), json!([ty, "null"]));
        }
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
    }
    Value::Object(out)
}

/// A validator for `schema`, an OpenAPI schema taken from `document` (refs resolve against the
/// document's `components.schemas`).
pub fn validator(document: &Value, schema: &Value, mode: Mode) -> Result<jsonschema::Validator> {
    let components = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, s)| (name.clone(), to_json_schema(s, mode)))
                .collect::<Map<_, _>>()
        })
        .unwrap_or_default();
    let mut root = match to_json_schema(schema, mode) {
        Value::Object(object) => object,
        other => {
            let mut wrapper = Map::new();
            wrapper.insert("allOf".into(), Value::Array(vec![other]));
            wrapper
        }
    };
    root.insert(
        "$schema".into(),
        Value::String("https://json-schema.org/draft/2020-12/schema".into()),
    );
    root.insert("components".into(), json!({ "schemas": components }));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .map_err(|e| anyhow!("the schema cannot be compiled: {e}"))
}

/// The validation errors of `instance`, each as `instance pointer: message`.
pub fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| {
            let at = error.instance_path().to_string();
            let at = if at.is_empty() { "/".to_owned() } else { at };
            format!("{at}: {error}")
        })
        .collect()
}
