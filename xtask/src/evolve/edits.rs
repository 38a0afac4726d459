//! The contract edits of the evolution corpus, each applied to the parsed contract (not to its
//! text, so they keep applying while the contract around them changes).

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

/// What an edit must come out as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Regenerates, builds every target, and needs no more than a compatible release.
    Compatible,
    /// Needs a breaking release (and fails the gate while the version is unchanged).
    Breaking,
}

/// One contract edit.
#[derive(Debug, Clone, Copy)]
pub struct Edit {
    /// A short name (for `--only` and the report).
    pub name: &'static str,
    /// What the edit does, in words.
    pub summary: &'static str,
    /// What it must come out as.
    pub expect: Expect,
    /// Applies the edit to the contract.
    pub apply: fn(&mut Value) -> Result<()>,
}

/// The list operation's path.
const LIST: &str = "/v1/flows/{flowId}/{environment}/sessions";

/// Every edit, compatible ones first.
pub const ALL: &[Edit] = &[
    Edit {
        name: "session-optional-nullable-property",
        summary: "Session gains an optional, nullable string `reviewNote`",
        expect: Expect::Compatible,
        apply: |doc| {
            add_property(
                doc,
                "Session",
                "reviewNote",
                json!({"type": "string", "nullable": true, "description": "A note left by a reviewer; null when none."}),
            )
        },
    },
    Edit {
        name: "session-optional-property",
        summary: "Session gains an optional, non-nullable object `device` (a new named schema)",
        expect: Expect::Compatible,
        apply: |doc| {
            schemas(doc)?.insert(
                "Device".into(),
                json!({
                    "type": "object",
                    "description": "The device the session ran on.",
                    "properties": {
                        "platform": {"type": "string", "description": "The platform name."},
                        "appVersion": {"type": "string", "description": "The app version."}
                    }
                }),
            );
            add_property(
                doc,
                "Session",
                "device",
                json!({"$ref": "#/components/schemas/Device"}),
            )
        },
    },
    Edit {
        name: "last-step-optional-property",
        summary: "LastStep gains an optional, nullable date-time `stepStartedAt`",
        expect: Expect::Compatible,
        apply: |doc| {
            add_property(
                doc,
                "LastStep",
                "stepStartedAt",
                json!({"type": "string", "format": "date-time", "nullable": true, "description": "When the step started."}),
            )
        },
    },
    Edit {
        name: "page-metadata-optional-property",
        summary: "PageMetadata gains an optional boolean `hasNext`",
        expect: Expect::Compatible,
        apply: |doc| {
            add_property(
                doc,
                "PageMetadata",
                "hasNext",
                json!({"type": "boolean", "description": "Whether a next page exists."}),
            )
        },
    },
    Edit {
        name: "page-optional-property",
        summary: "SessionPage gains an optional inline object `links` (a new generated type)",
        expect: Expect::Compatible,
        apply: |doc| {
            add_property(
                doc,
                "SessionPage",
                "links",
                json!({
                    "type": "object",
                    "description": "Links to neighbouring pages.",
                    "properties": {
                        "next": {"type": "string", "nullable": true, "description": "The next page."}
                    }
                }),
            )
        },
    },
    Edit {
        name: "optional-query-parameter",
        summary: "listSessions gains an optional date-time query parameter `createdAfter`",
        expect: Expect::Compatible,
        apply: |doc| {
            parameters(doc, LIST, "get")?.push(json!({
                "name": "createdAfter",
                "in": "query",
                "required": false,
                "description": "Only sessions created after this instant.",
                "schema": {"type": "string", "format": "date-time"}
            }));
            Ok(())
        },
    },
    Edit {
        name: "optional-response-header",
        summary: "the 200 response documents an optional `X-Request-Id` header",
        expect: Expect::Compatible,
        apply: |doc| {
            let response = object(
                operation(doc, LIST, "get")?.pointer_mut("/responses/200"),
                "the 200 response",
            )?;
            let headers = response
                .entry("headers")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .context("headers is not a map")?;
            headers.insert(
                "X-Request-Id".into(),
                json!({"description": "An id for support requests.", "schema": {"type": "string"}}),
            );
            Ok(())
        },
    },
    Edit {
        name: "extensible-value-added",
        summary: "SessionStatus and Verdict each gain a value",
        expect: Expect::Compatible,
        apply: |doc| {
            for (schema, value) in [("SessionStatus", "ON_HOLD"), ("Verdict", "escalated")] {
                let values = object(schemas(doc)?.get_mut(schema), schema)?
                    .get_mut("x-extensible-enum")
                    .and_then(Value::as_array_mut)
                    .with_context(|| format!("{schema} has no x-extensible-enum"))?;
                values.push(json!(value));
            }
            Ok(())
        },
    },
    Edit {
        name: "error-status-added",
        summary: "listSessions documents a 502 error response",
        expect: Expect::Compatible,
        apply: |doc| {
            let responses = object(
                operation(doc, LIST, "get")?.get_mut("responses"),
                "the responses",
            )?;
            responses.insert(
                "502".into(),
                json!({
                    "description": "A gateway in front of the service failed.",
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ApiError"},
                        "example": {"statusCode": 502, "message": "Bad Gateway"}
                    }}
                }),
            );
            Ok(())
        },
    },
    Edit {
        name: "new-operation",
        summary: "a new operation `getSession` on a new path",
        expect: Expect::Compatible,
        apply: |doc| {
            let list = operation(doc, LIST, "get")?.clone();
            let mut parameters: Vec<Value> = list["parameters"]
                .as_array()
                .map(|all| all.iter().filter(|p| p["in"] == "path").cloned().collect())
                .unwrap_or_default();
            parameters.push(json!({
                "name": "sessionId",
                "in": "path",
                "required": true,
                "description": "The session's id.",
                "schema": {"type": "string"}
            }));
            let example = list
                .pointer(
                    "/responses/200/content/application~1json/examples/documented/value/content/0",
                )
                .cloned()
                .context("the documented example has no session")?;
            let mut errors = list["responses"].as_object().cloned().unwrap_or_default();
            errors.retain(|status, _| !status.starts_with('2'));
            errors.insert(
                "200".into(),
                json!({
                    "description": "The session.",
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Session"},
                        "example": example
                    }}
                }),
            );
            let paths = object(doc.get_mut("paths"), "paths")?;
            paths.insert(
                "/v1/flows/{flowId}/{environment}/sessions/{sessionId}".into(),
                json!({"get": {
                    "operationId": "getSession",
                    "tags": list["tags"],
                    "summary": "Get a session",
                    "description": "Retrieves one session of a flow by its id.",
                    "parameters": parameters,
                    "responses": errors
                }}),
            );
            Ok(())
        },
    },
    Edit {
        name: "description-and-example-changed",
        summary: "descriptions and an example change",
        expect: Expect::Compatible,
        apply: |doc| {
            let session = object(schemas(doc)?.get_mut("Session"), "Session")?;
            session.insert(
                "description".into(),
                json!("A verification session as listed; fields may be absent under data minimization."),
            );
            let status = object(schemas(doc)?.get_mut("SessionStatus"), "SessionStatus")?;
            status.insert("example".into(), json!("RUNNING"));
            let operation = object(Some(operation(doc, LIST, "get")?), "listSessions")?;
            operation.insert("summary".into(), json!("List the sessions of a flow"));
            Ok(())
        },
    },
    Edit {
        name: "optional-header-parameter",
        summary: "listSessions gains an optional header parameter `X-Correlation-Id`",
        expect: Expect::Compatible,
        apply: |doc| {
            parameters(doc, LIST, "get")?.push(json!({
                "name": "X-Correlation-Id",
                "in": "header",
                "required": false,
                "description": "An id echoed in the provider's logs.",
                "schema": {"type": "string"}
            }));
            Ok(())
        },
    },
    Edit {
        name: "response-property-removed",
        summary: "ApiError loses its `path` property",
        expect: Expect::Breaking,
        apply: |doc| remove_property(doc, "ApiError", "path"),
    },
    Edit {
        name: "required-query-parameter-added",
        summary: "listSessions gains a required query parameter `region`",
        expect: Expect::Breaking,
        apply: |doc| {
            parameters(doc, LIST, "get")?.push(json!({
                "name": "region",
                "in": "query",
                "required": true,
                "description": "The data region.",
                "schema": {"type": "string"}
            }));
            Ok(())
        },
    },
    Edit {
        name: "closed-enum-value-removed",
        summary: "SortBy loses the value `status`",
        expect: Expect::Breaking,
        apply: |doc| {
            let values = object(schemas(doc)?.get_mut("SortBy"), "SortBy")?
                .get_mut("enum")
                .and_then(Value::as_array_mut)
                .context("SortBy has no enum")?;
            values.retain(|v| v != "status");
            Ok(())
        },
    },
    Edit {
        name: "property-type-changed",
        summary: "ApiError.statusCode becomes a string",
        expect: Expect::Breaking,
        apply: |doc| {
            let property = object(
                schemas(doc)?
                    .get_mut("ApiError")
                    .and_then(|s| s.pointer_mut("/properties/statusCode")),
                "ApiError.statusCode",
            )?;
            property.insert("type".into(), json!("string"));
            property.remove("format");
            Ok(())
        },
    },
    Edit {
        name: "operation-id-changed",
        summary: "listSessions is renamed searchSessions",
        expect: Expect::Breaking,
        apply: |doc| {
            let operation = object(Some(operation(doc, LIST, "get")?), "listSessions")?;
            operation.insert("operationId".into(), json!("searchSessions"));
            Ok(())
        },
    },
    Edit {
        name: "server-url-changed",
        summary: "the production server moves",
        expect: Expect::Breaking,
        apply: |doc| {
            let server = doc
                .pointer_mut("/servers/0")
                .and_then(Value::as_object_mut)
                .context("no server")?;
            server.insert("url".into(), json!("https://api.eu2.platform.idnow.io/api"));
            Ok(())
        },
    },
    Edit {
        name: "required-property-made-optional",
        summary: "Session.flowId is no longer required",
        expect: Expect::Breaking,
        apply: |doc| {
            let required = object(schemas(doc)?.get_mut("Session"), "Session")?
                .get_mut("required")
                .and_then(Value::as_array_mut)
                .context("Session has no required list")?;
            required.retain(|v| v != "flowId");
            Ok(())
        },
    },
];

fn object<'a>(value: Option<&'a mut Value>, what: &str) -> Result<&'a mut Map<String, Value>> {
    value
        .and_then(Value::as_object_mut)
        .with_context(|| format!("{what} is not in the contract (or not a map)"))
}

fn schemas(doc: &mut Value) -> Result<&mut Map<String, Value>> {
    object(doc.pointer_mut("/components/schemas"), "components.schemas")
}

fn operation<'a>(doc: &'a mut Value, path: &str, method: &str) -> Result<&'a mut Value> {
    doc.get_mut("paths")
        .and_then(|paths| paths.get_mut(path))
        .and_then(|item| item.get_mut(method))
        .with_context(|| format!("no {method} {path} in the contract"))
}

fn parameters<'a>(doc: &'a mut Value, path: &str, method: &str) -> Result<&'a mut Vec<Value>> {
    operation(doc, path, method)?
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
        .with_context(|| format!("{method} {path} has no parameters"))
}

fn add_property(doc: &mut Value, schema: &str, name: &str, property: Value) -> Result<()> {
    let properties = object(
        schemas(doc)?
            .get_mut(schema)
            .and_then(|s| s.get_mut("properties")),
        &format!("{schema}.properties"),
    )?;
    if properties.contains_key(name) {
        bail!("{schema} already has a property `{name}`");
    }
    properties.insert(name.into(), property);
    Ok(())
}

fn remove_property(doc: &mut Value, schema: &str, name: &str) -> Result<()> {
    let schema_map = object(schemas(doc)?.get_mut(schema), schema)?;
    if let Some(required) = schema_map.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|v| v != name);
    }
    let properties = object(
        schema_map.get_mut("properties"),
        &format!("{schema}.properties"),
    )?;
    properties
        .remove(name)
        .with_context(|| format!("{schema} has no property `{name}`"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract() -> Value {
        let text = std::fs::read_to_string(crate::workspace::spec_path()).expect("the contract");
        crate::spec::parse_yaml(&text).expect("YAML")
    }

    #[test]
    fn every_edit_applies_to_the_contract_and_changes_it() {
        let original = contract();
        for edit in ALL {
            let mut doc = original.clone();
            (edit.apply)(&mut doc).unwrap_or_else(|e| panic!("{}: {e:#}", edit.name));
            assert_ne!(doc, original, "{} changed nothing", edit.name);
        }
    }

    #[test]
    fn the_corpus_has_ten_compatible_and_five_breaking_edits_with_unique_names() {
        let count = |expect| ALL.iter().filter(|e| e.expect == expect).count();
        assert!(count(Expect::Compatible) >= 10);
        assert!(count(Expect::Breaking) >= 5);
        let mut names: Vec<&str> = ALL.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }
}
