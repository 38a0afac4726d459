//! Every example in the contract, and every payload in `spec/examples/`, validated against its
//! schema with a JSON Schema validator (`nullable` converted).

use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

use super::walk;
use crate::openapi_schema::{self, Mode};
use crate::report::{Finding, join};
use crate::workspace;

const RULE: &str = "example-valid";

/// Validates `example` (at `pointer`) against `schema`.
fn validate(doc: &Value, schema: &Value, example: &Value, pointer: &str, out: &mut Vec<Finding>) {
    match openapi_schema::validator(doc, schema, Mode::default()) {
        Ok(validator) => {
            for error in openapi_schema::errors(&validator, example) {
                out.push(Finding::new(
                    RULE,
                    pointer,
                    format!("the example does not match its schema at {error}"),
                ));
            }
        }
        Err(e) => out.push(Finding::new("schema-invalid", pointer, e.to_string())),
    }
}

/// Examples of an object holding `schema` plus `example` / `examples` (media types, parameters,
/// headers).
fn holder(doc: &Value, holder: &Value, pointer: &str, out: &mut Vec<Finding>) {
    let Some(schema) = holder.get("schema") else {
        return;
    };
    if let Some(example) = holder.get("example") {
        validate(doc, schema, example, &join(pointer, &["example"]), out);
    }
    if let Some(examples) = holder.get("examples").and_then(Value::as_object) {
        for (name, example) in examples {
            let (example, example_pointer) =
                walk::deref(doc, example, &join(pointer, &["examples", name]));
            if let Some(value) = example.get("value") {
                validate(doc, schema, value, &join(&example_pointer, &["value"]), out);
            }
        }
    }
}

/// Every example written in the contract.
pub fn check_spec(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, _, op, pointer) in walk::operations(doc) {
        let path_item = doc.get("paths").and_then(|p| p.get(&path));
        for (param, param_pointer) in walk::parameters(doc, path_item, op, &pointer) {
            holder(doc, param, &param_pointer, &mut out);
        }
        if let Some(body) = op.get("requestBody") {
            let (body, body_pointer) = walk::deref(doc, body, &join(&pointer, &["requestBody"]));
            media(doc, body, &body_pointer, &mut out);
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for (status, response) in responses {
                let (response, response_pointer) =
                    walk::deref(doc, response, &join(&pointer, &["responses", status]));
                media(doc, response, &response_pointer, &mut out);
                if let Some(headers) = response.get("headers").and_then(Value::as_object) {
                    for (name, header) in headers {
                        let (header, header_pointer) =
                            walk::deref(doc, header, &join(&response_pointer, &["headers", name]));
                        holder(doc, header, &header_pointer, &mut out);
                    }
                }
            }
        }
    }
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let root = join("#", &["components", "schemas", name]);
            walk::schemas(schema, &root, &mut |s, p| {
                if let Some(example) = s.get("example") {
                    validate(doc, s, example, &join(p, &["example"]), &mut out);
                }
            });
        }
    }
    dedupe(out)
}

fn media(doc: &Value, owner: &Value, pointer: &str, out: &mut Vec<Finding>) {
    if let Some(content) = owner.get("content").and_then(Value::as_object) {
        for (media, media_object) in content {
            holder(doc, media_object, &join(pointer, &["content", media]), out);
        }
    }
}

/// A response schema of `listSessions` by status, for payload files.
fn list_sessions_schema<'a>(doc: &'a Value, status: &str) -> Option<&'a Value> {
    walk::operations(doc)
        .into_iter()
        .find(|(_, _, op, _)| op.get("operationId").and_then(Value::as_str) == Some("listSessions"))
        .and_then(|(_, _, op, _)| op.pointer(&format!("/responses/{status}")))
        .map(|response| walk::deref(doc, response, "").0)
        .and_then(|response| response.pointer("/content/application~1json/schema"))
}

/// Every JSON file in `dir`: `error-*.json` are error bodies (the 400 response schema), the others
/// bodies of the 200 response of `listSessions`.
pub fn check_dir(doc: &Value, dir: &Path) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let name = workspace::display(&file);
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let payload: Value = match serde_json::from_str(&text) {
            Ok(payload) => payload,
            Err(e) => {
                out.push(Finding::new(
                    RULE,
                    format!("{name}#"),
                    format!("not valid JSON: {e}"),
                ));
                continue;
            }
        };
        let is_error = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("error-"));
        let status = if is_error { "400" } else { "200" };
        match list_sessions_schema(doc, status) {
            Some(schema) => validate(doc, schema, &payload, &format!("{name}#"), &mut out),
            None => out.push(Finding::new(
                RULE,
                format!("{name}#"),
                format!("the contract has no JSON schema for listSessions {status} to check this file against"),
            )),
        }
    }
    Ok(out)
}

fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings {
        if !out.contains(&finding) {
            out.push(finding);
        }
    }
    out
}
