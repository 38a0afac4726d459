//! Walking the schemas of an OpenAPI document as raw JSON, with JSON pointers.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::report::join;
use crate::spec::resolve;

/// HTTP methods that name operations in a path item.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` for `schema` and every schema nested in it (properties, items, compositions),
/// without following `$ref`s.
pub fn schemas(schema: &Value, pointer: &str, visit: &mut dyn FnMut(&Value, &str)) {
    visit(schema, pointer);
    let Some(object) = schema.as_object() else {
        return;
    };
    if let Some(props) = object.get("properties").and_then(Value::as_object) {
        for (name, child) in props {
            schemas(child, &join(pointer, &["properties", name]), visit);
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(child) = object.get(key).filter(|c| c.is_object()) {
            schemas(child, &join(pointer, &[key]), visit);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(items) = object.get(key).and_then(Value::as_array) {
            for (i, child) in items.iter().enumerate() {
                schemas(child, &join(pointer, &[key, &i.to_string()]), visit);
            }
        }
    }
}

/// Calls `visit` for every schema reachable from `schema`, following `$ref`s once each; a schema
/// reached through a reference is reported at its own pointer (`#/components/schemas/...`).
pub fn reachable(
    doc: &Value,
    schema: &Value,
    pointer: &str,
    seen: &mut BTreeSet<String>,
    visit: &mut dyn FnMut(&Value, &str),
) {
    let mut refs = Vec::new();
    schemas(schema, pointer, &mut |s, p| {
        if let Some(reference) = s.get("$ref").and_then(Value::as_str) {
            refs.push(reference.to_owned());
        }
        visit(s, p);
    });
    for reference in refs {
        if seen.insert(reference.clone())
            && let Some(target) = resolve(doc, &reference)
        {
            reachable(doc, target, &reference, seen, visit);
        }
    }
}

/// Follows a `$ref` if `value` is one; returns the value and its pointer.
pub fn deref<'a>(doc: &'a Value, value: &'a Value, pointer: &str) -> (&'a Value, String) {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => match resolve(doc, reference) {
            Some(target) => (target, reference.to_owned()),
            None => (value, pointer.to_owned()),
        },
        None => (value, pointer.to_owned()),
    }
}

/// Every operation: (path, method, operation, pointer).
pub fn operations(doc: &Value) -> Vec<(String, &'static str, &Value, String)> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(*method) {
                    out.push((
                        path.clone(),
                        *method,
                        op,
                        join("#", &["paths", path, method]),
                    ));
                }
            }
        }
    }
    out
}

/// The parameters of an operation, path-level ones included (refs resolved), with pointers.
pub fn parameters<'a>(
    doc: &'a Value,
    path_item: Option<&'a Value>,
    operation: &'a Value,
    op_pointer: &str,
) -> Vec<(&'a Value, String)> {
    let mut out = Vec::new();
    let item_pointer = op_pointer
        .rsplit_once('/')
        .map_or("", |(p, _)| p)
        .to_owned();
    for (owner, owner_pointer) in [
        (path_item, item_pointer),
        (Some(operation), op_pointer.to_owned()),
    ] {
        if let Some(params) = owner
            .and_then(|o| o.get("parameters"))
            .and_then(Value::as_array)
        {
            for (i, param) in params.iter().enumerate() {
                let pointer = join(&owner_pointer, &["parameters", &i.to_string()]);
                out.push(deref(doc, param, &pointer));
            }
        }
    }
    out
}
