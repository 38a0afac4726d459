//! Lint rules for the contract. Each rule has a stable id; each finding names a JSON pointer.
//!
//! | id | rule |
//! |---|---|
//! | `path-leading-slash` | every path starts with `/` (the generator silently drops others) |
//! | `operation-id-present` | every operation has an `operationId` |
//! | `operation-id-unique` | operation ids are unique |
//! | `path-params-declared` | every `{name}` in a path is declared as a path parameter, and back |
//! | `path-params-required` | path parameters are `required: true` |
//! | `operation-security` | every operation has security (its own or the document's) |
//! | `operation-tags` | every operation has at least one tag |
//! | `operation-summary` | every operation has a summary |
//! | `response-description` | every response has a description |
//! | `json-2xx-schema` | every JSON 2xx response has a schema |
//! | `json-2xx-example` | every JSON 2xx response has an example |
//! | `no-openapi-31` | no OpenAPI 3.1 or JSON Schema 2019+ constructs (the generator rejects 3.1) |
//! | `response-enum-extensible` | enums reachable from a response are `x-extensible-enum`, unless marked `x-closed-enum: true` |

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::walk;
use crate::report::{Finding, join};

/// Runs every rule over the raw document.
pub fn lint(doc: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    document_version(doc, &mut findings);
    operations(doc, &mut findings);
    schema_constructs(doc, &mut findings);
    response_enums(doc, &mut findings);
    findings
}

fn document_version(doc: &Value, findings: &mut Vec<Finding>) {
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0.") {
        findings.push(Finding::new(
            "no-openapi-31",
            "#/openapi",
            format!("`openapi: {version}` is not 3.0.x; the generator only reads OpenAPI 3.0"),
        ));
    }
    for key in ["webhooks", "jsonSchemaDialect"] {
        if doc.get(key).is_some() {
            findings.push(Finding::new(
                "no-openapi-31",
                join("#", &[key]),
                format!("`{key}` is OpenAPI 3.1 only"),
            ));
        }
    }
    if doc.pointer("/info/license/identifier").is_some() {
        findings.push(Finding::new(
            "no-openapi-31",
            "#/info/license/identifier",
            "`license.identifier` is OpenAPI 3.1 only; use `license.url`",
        ));
    }
}

fn operations(doc: &Value, findings: &mut Vec<Finding>) {
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let has_global_security = doc
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for path in paths.keys() {
            if !path.starts_with('/') {
                findings.push(Finding::new(
                    "path-leading-slash",
                    join("#", &["paths", path]),
                    format!("path `{path}` must start with `/`; the generator drops it silently"),
                ));
            }
        }
    }
    for (path, _method, op, pointer) in walk::operations(doc) {
        match op.get("operationId").and_then(Value::as_str) {
            None | Some("") => findings.push(Finding::new(
                "operation-id-present",
                &pointer,
                "the operation has no operationId; the generated method is named after it",
            )),
            Some(id) => {
                if let Some(first) = ids.insert(id.to_owned(), pointer.clone()) {
                    findings.push(Finding::new(
                        "operation-id-unique",
                        join(&pointer, &["operationId"]),
                        format!("operationId `{id}` is also used at {first}"),
                    ));
                }
            }
        }
        path_parameters(doc, &path, op, &pointer, findings);
        let has_security = match op.get("security") {
            Some(security) => security.as_array().is_some_and(|s| !s.is_empty()),
            None => has_global_security,
        };
        if !has_security {
            findings.push(Finding::new(
                "operation-security",
                &pointer,
                "the operation has no security requirement (set `security` on it or on the document)",
            ));
        }
        if op
            .get("tags")
            .and_then(Value::as_array)
            .is_none_or(|t| t.is_empty())
        {
            findings.push(Finding::new(
                "operation-tags",
                &pointer,
                "the operation has no tags",
            ));
        }
        if op
            .get("summary")
            .and_then(Value::as_str)
            .is_none_or(|s| s.trim().is_empty())
        {
            findings.push(Finding::new(
                "operation-summary",
                &pointer,
                "the operation has no summary",
            ));
        }
        responses(doc, op, &pointer, findings);
    }
}

fn path_parameters(
    doc: &Value,
    path: &str,
    op: &Value,
    pointer: &str,
    findings: &mut Vec<Finding>,
) {
    let templated: BTreeSet<String> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    let path_item = doc.get("paths").and_then(|p| p.get(path));
    let mut declared = BTreeSet::new();
    for (param, param_pointer) in walk::parameters(doc, path_item, op, pointer) {
        if param.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let name = param.get("name").and_then(Value::as_str).unwrap_or("");
        declared.insert(name.to_owned());
        if !templated.contains(name) {
            findings.push(Finding::new(
                "path-params-declared",
                &param_pointer,
                format!("path parameter `{name}` does not appear in `{path}`"),
            ));
        }
        if param.get("required") != Some(&Value::Bool(true)) {
            findings.push(Finding::new(
                "path-params-required",
                join(&param_pointer, &["required"]),
                format!("path parameter `{name}` must be `required: true`"),
            ));
        }
    }
    for name in templated.difference(&declared) {
        findings.push(Finding::new(
            "path-params-declared",
            pointer,
            format!("`{{{name}}}` in `{path}` is not declared as a path parameter"),
        ));
    }
}

fn responses(doc: &Value, op: &Value, pointer: &str, findings: &mut Vec<Finding>) {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return;
    };
    for (status, response) in responses {
        let (response, response_pointer) =
            walk::deref(doc, response, &join(pointer, &["responses", status]));
        if response
            .get("description")
            .and_then(Value::as_str)
            .is_none_or(|d| d.trim().is_empty())
        {
            findings.push(Finding::new(
                "response-description",
                &response_pointer,
                format!("response `{status}` has no description"),
            ));
        }
        if !status.starts_with('2') {
            continue;
        }
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            continue;
        };
        for (media, media_object) in content {
            if !is_json(media) {
                continue;
            }
            let media_pointer = join(&response_pointer, &["content", media]);
            let schema = media_object.get("schema");
            if schema.is_none() {
                findings.push(Finding::new(
                    "json-2xx-schema",
                    &media_pointer,
                    format!("JSON response `{status}` has no schema"),
                ));
            }
            let schema_example = schema
                .map(|s| walk::deref(doc, s, "").0)
                .is_some_and(|s| s.get("example").is_some());
            let has_example = media_object.get("example").is_some()
                || media_object
                    .get("examples")
                    .and_then(Value::as_object)
                    .is_some_and(|e| !e.is_empty())
                || schema_example;
            if !has_example {
                findings.push(Finding::new(
                    "json-2xx-example",
                    &media_pointer,
                    format!("JSON response `{status}` has no example"),
                ));
            }
        }
    }
}

/// Whether a media type is JSON, by the rule the SDK follows too: parameters stripped, compared
/// without regard to case, JSON when the subtype is `json` or ends in `+json`
/// (`application/json`, `application/problem+json`, `text/json`; not `text/json+html`).
pub fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    let Some((_, subtype)) = essence.split_once('/') else {
        return false;
    };
    let subtype = subtype.trim().to_ascii_lowercase();
    subtype == "json" || subtype.ends_with("+json")
}

/// Every schema in the document with its pointer: components, parameters, headers, media types.
fn all_schemas(doc: &Value) -> Vec<(&Value, String)> {
    let mut roots = Vec::new();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            roots.push((schema, join("#", &["components", "schemas", name])));
        }
    }
    let mut stack = vec![(doc, "#".to_owned())];
    while let Some((value, pointer)) = stack.pop() {
        let Some(object) = value.as_object() else {
            if let Some(items) = value.as_array() {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, join(&pointer, &[&i.to_string()])));
                }
            }
            continue;
        };
        for (key, child) in object {
            let child_pointer = join(&pointer, &[key]);
            if key == "schema" && child.is_object() {
                roots.push((child, child_pointer));
            } else if key != "schemas" || pointer != "#/components" {
                stack.push((child, child_pointer));
            }
        }
    }
    roots
}

const JSON_SCHEMA_2019: &[&str] = &[
    "const",
    "examples",
    "prefixItems",
    "$defs",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "contentMediaType",
    "contentEncoding",
    "$schema",
    "$id",
    "$anchor",
];

fn schema_constructs(doc: &Value, findings: &mut Vec<Finding>) {
    for (root, root_pointer) in all_schemas(doc) {
        walk::schemas(root, &root_pointer, &mut |schema, pointer| {
            let Some(object) = schema.as_object() else {
                return;
            };
            if object.get("type").is_some_and(Value::is_array) {
                findings.push(Finding::new(
                    "no-openapi-31",
                    join(pointer, &["type"]),
                    "`type` as a list is OpenAPI 3.1; use one type and `nullable: true`",
                ));
            }
            for key in JSON_SCHEMA_2019 {
                if object.contains_key(*key) {
                    findings.push(Finding::new(
                        "no-openapi-31",
                        join(pointer, &[key]),
                        format!("`{key}` is not an OpenAPI 3.0 schema keyword"),
                    ));
                }
            }
            for key in ["exclusiveMinimum", "exclusiveMaximum"] {
                if object.get(key).is_some_and(Value::is_number) {
                    findings.push(Finding::new(
                        "no-openapi-31",
                        join(pointer, &[key]),
                        format!("numeric `{key}` is OpenAPI 3.1; in 3.0 it is a boolean"),
                    ));
                }
            }
        });
    }
}

fn response_enums(doc: &Value, findings: &mut Vec<Finding>) {
    let mut seen = BTreeSet::new();
    let mut reported = BTreeSet::new();
    for (_, _, op, pointer) in walk::operations(doc) {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            continue;
        };
        for (status, response) in responses {
            let (response, response_pointer) =
                walk::deref(doc, response, &join(&pointer, &["responses", status]));
            let mut roots = Vec::new();
            if let Some(content) = response.get("content").and_then(Value::as_object) {
                for (media, media_object) in content {
                    if let Some(schema) = media_object.get("schema") {
                        roots.push((
                            schema,
                            join(&response_pointer, &["content", media, "schema"]),
                        ));
                    }
                }
            }
            if let Some(headers) = response.get("headers").and_then(Value::as_object) {
                for (name, header) in headers {
                    let (header, header_pointer) =
                        walk::deref(doc, header, &join(&response_pointer, &["headers", name]));
                    if let Some(schema) = header.get("schema") {
                        roots.push((schema, join(&header_pointer, &["schema"])));
                    }
                }
            }
            for (schema, schema_pointer) in roots {
                walk::reachable(doc, schema, &schema_pointer, &mut seen, &mut |s, p| {
                    let closed = s.get("x-closed-enum") == Some(&Value::Bool(true));
                    if s.get("enum").is_some() && !closed && reported.insert(p.to_owned()) {
                        findings.push(Finding::new(
                            "response-enum-extensible",
                            join(p, &["enum"]),
                            "a closed enum in a response fails decoding when the server adds a value; \
                             use `x-extensible-enum`, or mark it `x-closed-enum: true` if the set can never grow",
                        ));
                    }
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_media_types_follow_the_shared_rule() {
        for json in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/problem+json",
            "application/vnd.api+JSON ; q=1",
            "text/json",
        ] {
            assert!(is_json(json), "{json} is JSON");
        }
        for other in [
            "text/json+html",
            "application/jsonp",
            "application/json-seq",
            "text/plain",
            "json",
            "",
        ] {
            assert!(!is_json(other), "{other} is not JSON");
        }
    }
}
