//! Validating one response body against the contract in strict mode, as observations that say
//! where and what, never which value (bodies carry personal data such as subject ids).
//!
//! Two passes: the `jsonschema` validator on the schema converted with
//! [`openapi_schema`] in strict mode (undocumented fields, missing required
//! fields, types, null, formats, closed enums, bounds), then a walk of the inlined OpenAPI schema
//! for what JSON Schema cannot express: values of `x-extensible-enum`s the contract does not list,
//! and fields the contract marks `deprecated`.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::checks::{self as c, Check};
use crate::check::walk;
use crate::diff::resolve::{CYCLE, flatten, inline_refs};
use crate::openapi_schema::{self, Mode};
use crate::report::join;

/// The operation whose responses are checked.
pub const OPERATION_ID: &str = "listSessions";

/// One thing found in one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// What kind of finding.
    pub check: Check,
    /// Where in the shape of the body: the instance pointer with array indices as `*`
    /// (`/content/*/outcome`).
    pub path: String,
    /// Where in this body (`/content/3/outcome`).
    pub at: String,
    /// What distinguishes findings at the same path (an unknown enum value); part of the grouping
    /// key. Never personal data.
    pub detail: Option<String>,
    /// One line, without values from the body (except enum values, which are not personal data).
    pub message: String,
}

impl Observation {
    /// An observation of `check` at instance pointer `at` of `body`.
    pub fn new(check: Check, body: &Value, at: &str, message: impl Into<String>) -> Self {
        Self {
            check,
            path: shape_path(body, at),
            at: at.to_owned(),
            detail: None,
            message: message.into(),
        }
    }

    /// With a grouping detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// The instance pointer `at` with every array index replaced by `*`.
pub fn shape_path(body: &Value, at: &str) -> String {
    let mut current = Some(body);
    let mut out = String::new();
    for raw in at.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        let (next, shown) = match current {
            Some(Value::Array(items)) => (
                token.parse::<usize>().ok().and_then(|i| items.get(i)),
                "*".to_owned(),
            ),
            Some(Value::Object(object)) => (object.get(&token), raw.to_owned()),
            _ => (None, raw.to_owned()),
        };
        out.push('/');
        out.push_str(&shown);
        current = next;
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// What stands for a value that is not shown.
pub const REDACTED: &str = "<redacted value>";

/// A value as it may be shown: only if it looks like an enum token (short, no spaces or
/// punctuation beyond `_-.`); anything else is [`REDACTED`].
pub fn safe_value(value: &str) -> &str {
    let plain = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if plain { value } else { REDACTED }
}

/// [`safe_value`] for messages: in backticks unless redacted.
pub fn safe_token(value: &str) -> String {
    match safe_value(value) {
        REDACTED => REDACTED.to_owned(),
        shown => format!("`{shown}`"),
    }
}

/// The JSON type of a value, for messages.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The response schemas of the checked operation, compiled once.
#[derive(Debug)]
pub struct BodyValidator {
    /// By response key (`200`, `4XX`, `default`): the strict validator and the inlined schema.
    responses: BTreeMap<String, Compiled>,
}

struct Compiled {
    validator: jsonschema::Validator,
    inlined: Value,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled").finish_non_exhaustive()
    }
}

impl BodyValidator {
    /// Compiles the JSON response schemas of [`OPERATION_ID`] in `spec`.
    pub fn new(spec: &Value) -> Result<Self> {
        let inlined_doc = inline_refs(spec).context("the contract's references")?;
        let Some((path, method, op, _)) =
            walk::operations(spec).into_iter().find(|(_, _, op, _)| {
                op.get("operationId").and_then(Value::as_str) == Some(OPERATION_ID)
            })
        else {
            bail!("the contract has no operation `{OPERATION_ID}`");
        };
        let inlined_op = inlined_doc
            .get("paths")
            .and_then(|p| p.get(&path))
            .and_then(|item| item.get(method))
            .context("the inlined operation")?;
        let mut responses = BTreeMap::new();
        if let Some(declared) = op.get("responses").and_then(Value::as_object) {
            for (status, response) in declared {
                let (response, _) = walk::deref(spec, response, "");
                let Some(schema) = json_schema(response) else {
                    continue;
                };
                let Some(inlined) = inlined_op
                    .get("responses")
                    .and_then(|r| r.get(status))
                    .and_then(json_schema)
                else {
                    continue;
                };
                let validator = openapi_schema::validator(spec, schema, Mode { strict: true })
                    .with_context(|| format!("the schema of response {status}"))?;
                responses.insert(
                    status.to_ascii_uppercase(),
                    Compiled {
                        validator,
                        inlined: inlined.clone(),
                    },
                );
            }
        }
        if !responses.contains_key("200") {
            bail!("the contract has no JSON schema for `{OPERATION_ID}` 200");
        }
        Ok(Self { responses })
    }

    fn schema_for(&self, status: u16) -> Option<&Compiled> {
        let exact = status.to_string();
        let range = format!("{}XX", status / 100);
        self.responses
            .get(&exact)
            .or_else(|| self.responses.get(&range))
            .or_else(|| self.responses.get("DEFAULT"))
    }

    /// Whether the contract documents `status` (exactly, as a range or by `default`).
    pub fn documents(&self, status: u16) -> bool {
        self.schema_for(status).is_some()
    }

    /// Every observation about `body`, a response with `status`.
    pub fn validate(&self, status: u16, body: &Value) -> Vec<Observation> {
        let Some(compiled) = self.schema_for(status) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for error in compiled.validator.iter_errors(body) {
            let at = error.instance_path().as_str().to_owned();
            classify(error.kind(), error.instance(), body, &at, &mut out);
        }
        extensions(&compiled.inlined, body, body, "", &mut out, 0);
        out
    }
}

fn json_schema(response: &Value) -> Option<&Value> {
    let content = response.get("content")?.as_object()?;
    content
        .iter()
        .find(|(media, _)| crate::check::lint::is_json(media))
        .and_then(|(_, media)| media.get("schema"))
}

fn classify(
    kind: &ValidationErrorKind,
    instance: &Value,
    body: &Value,
    at: &str,
    out: &mut Vec<Observation>,
) {
    match kind {
        ValidationErrorKind::UnevaluatedProperties { unexpected }
        | ValidationErrorKind::AdditionalProperties { unexpected } => {
            out.extend(undocumented(unexpected, instance, body, at));
        }
        ValidationErrorKind::Required { property } => {
            out.push(required_missing(property.as_str().unwrap_or("?"), body, at));
        }
        ValidationErrorKind::Type { kind } => out.push(type_mismatch(kind, instance, body, at)),
        ValidationErrorKind::Format { format } => out.push(Observation::new(
            c::FORMAT_MISMATCH,
            body,
            at,
            format!("the string is not a valid `{format}`"),
        )),
        ValidationErrorKind::Enum { .. } => out.push(enum_not_allowed(instance, body, at)),
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. }
        | ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::MaxLength { .. }
        | ValidationErrorKind::MinItems { .. }
        | ValidationErrorKind::MaxItems { .. }
        | ValidationErrorKind::MinProperties { .. }
        | ValidationErrorKind::MaxProperties { .. }
        | ValidationErrorKind::MultipleOf { .. }
        | ValidationErrorKind::Pattern { .. }
        | ValidationErrorKind::UniqueItems => {
            let keyword = kind.keyword().to_owned();
            let message = format!("the value violates `{keyword}`");
            out.push(
                Observation::new(c::CONSTRAINT_VIOLATED, body, at, message).with_detail(keyword),
            );
        }
        other => {
            let keyword = other.keyword().to_owned();
            let message = format!("the value does not match the schema's `{keyword}`");
            out.push(Observation::new(c::SCHEMA_MISMATCH, body, at, message).with_detail(keyword));
        }
    }
}

/// Fields the contract does not declare (strict mode), each with its JSON type.
fn undocumented(
    unexpected: &[String],
    instance: &Value,
    body: &Value,
    at: &str,
) -> Vec<Observation> {
    unexpected
        .iter()
        .map(|name| {
            let ty = instance.get(name).map_or("unknown", json_type);
            Observation::new(
                c::UNDOCUMENTED_PROPERTY,
                body,
                &join(at, &[name]),
                format!("the field `{name}` ({ty}) is not declared by the contract"),
            )
        })
        .collect()
}

/// A required field that is absent, reported at the field so that groups name it.
fn required_missing(name: &str, body: &Value, at: &str) -> Observation {
    let mut observation = Observation::new(
        c::REQUIRED_PROPERTY_MISSING,
        body,
        at,
        format!("the required field `{name}` is missing"),
    );
    observation.path = join(&observation.path, &[name]);
    observation.at = join(at, &[name]);
    observation
}

/// A value of another JSON type; null gets its own check.
fn type_mismatch(kind: &TypeKind, instance: &Value, body: &Value, at: &str) -> Observation {
    let expected = match kind {
        TypeKind::Single(ty) => ty.to_string(),
        TypeKind::Multiple(set) => {
            // "string or null" reads better than the set's order.
            let mut names: Vec<String> = set.iter().map(|t| t.to_string()).collect();
            names.sort_by_key(|name| name == "null");
            names.join(" or ")
        }
    };
    if instance.is_null() {
        Observation::new(
            c::NULL_NOT_ALLOWED,
            body,
            at,
            format!("null where the contract expects {expected} and does not allow null"),
        )
    } else {
        Observation::new(
            c::TYPE_MISMATCH,
            body,
            at,
            format!("expected {expected}, got {}", json_type(instance)),
        )
    }
}

/// A value outside a closed enum: shown only when it is a safe token (never personal data).
fn enum_not_allowed(instance: &Value, body: &Value, at: &str) -> Observation {
    let (shown, detail) = match instance.as_str() {
        Some(value) => (safe_token(value), safe_value(value).to_owned()),
        None => (
            json_type(instance).to_owned(),
            json_type(instance).to_owned(),
        ),
    };
    Observation::new(
        c::ENUM_VALUE_NOT_ALLOWED,
        body,
        at,
        format!("{shown} is not a value of this closed enum"),
    )
    .with_detail(detail)
}

const MAX_DEPTH: usize = 64;

/// Walks `instance` along the inlined OpenAPI `schema`: unknown values of `x-extensible-enum`s and
/// fields marked `deprecated`.
fn extensions(
    schema: &Value,
    instance: &Value,
    body: &Value,
    at: &str,
    out: &mut Vec<Observation>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = flatten(schema);
    if schema.get(CYCLE).is_some() {
        return;
    }
    match instance {
        Value::String(value) => {
            if schema.get("enum").is_some() {
                return; // closed: the validator reports it
            }
            let Some(known) = schema.get("x-extensible-enum").and_then(Value::as_array) else {
                return;
            };
            let known: Vec<&str> = known.iter().filter_map(Value::as_str).collect();
            if known.contains(&value.as_str()) {
                return;
            }
            let shown = safe_token(value);
            let detail = safe_value(value);
            match known.iter().find(|k| k.eq_ignore_ascii_case(value)) {
                Some(documented) => out.push(
                    Observation::new(
                        c::ENUM_VALUE_CASE_MISMATCH,
                        body,
                        at,
                        format!("{shown} differs from the documented `{documented}` only in case"),
                    )
                    .with_detail(detail),
                ),
                None => out.push(
                    Observation::new(
                        c::ENUM_VALUE_UNKNOWN,
                        body,
                        at,
                        format!(
                            "{shown} is not among the documented values ({})",
                            known.join(", ")
                        ),
                    )
                    .with_detail(detail),
                ),
            }
        }
        Value::Object(fields) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (name, value) in fields {
                let Some(property) = properties.get(name) else {
                    continue;
                };
                let field_at = join(at, &[name]);
                if flatten(property).get("deprecated") == Some(&Value::Bool(true)) {
                    out.push(Observation::new(
                        c::DEPRECATED_PROPERTY_PRESENT,
                        body,
                        &field_at,
                        format!("the field `{name}` is deprecated in the contract (an older response shape)"),
                    ));
                }
                extensions(property, value, body, &field_at, out, depth + 1);
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    extensions(
                        item_schema,
                        item,
                        body,
                        &join(at, &[&i.to_string()]),
                        out,
                        depth + 1,
                    );
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_paths_replace_indices() {
        let body = json!({"content": [{"a": 1}, {"a": 2}], "page": {"0": 1}});
        assert_eq!(shape_path(&body, "/content/1/a"), "/content/*/a");
        assert_eq!(shape_path(&body, "/page/0"), "/page/0");
        assert_eq!(shape_path(&body, ""), "/");
    }

    #[test]
    fn only_token_like_values_are_shown() {
        assert_eq!(safe_token("ON_HOLD"), "`ON_HOLD`");
        assert_eq!(safe_token("Jane Doe"), "<redacted value>");
        assert_eq!(safe_token(&"x".repeat(65)), "<redacted value>");
    }
}
