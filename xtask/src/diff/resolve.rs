//! Normalizing a document for comparison: local `$ref`s inlined (cycles guarded), `allOf` merged,
//! path templates compared without their parameter names, annotations ignored.

use anyhow::{Result, bail};
use serde_json::{Map, Value};

use crate::report::join;

/// How deep references may nest before the document is rejected.
const MAX_DEPTH: usize = 64;

/// The marker left where a reference points back into itself.
pub const CYCLE: &str = "x-cycle";

/// The document with every local `$ref` replaced by its target. A reference that refers back to
/// one being expanded, through a schema on the way (a tree node whose children are nodes),
/// becomes `{"x-cycle": true}`. A cycle of references that never reaches a schema
/// (`A: {$ref: B}`, `B: {$ref: A}`), an external reference and a dangling one are errors.
pub fn inline_refs(doc: &Value) -> Result<Value> {
    let mut stack = Vec::new();
    inline(doc, doc, "#", &mut stack)
}

/// A reference being expanded: its text, and whether a schema (anything but a bare reference)
/// was entered since.
struct Expanding {
    reference: String,
    through_content: bool,
}

fn inline(doc: &Value, value: &Value, pointer: &str, stack: &mut Vec<Expanding>) -> Result<Value> {
    if stack.len() > MAX_DEPTH {
        bail!("references nest more than {MAX_DEPTH} deep at {pointer}");
    }
    match value {
        Value::Object(object) => {
            if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                let Some(local) = reference.strip_prefix('#') else {
                    bail!("external reference `{reference}` at {pointer} is not supported");
                };
                if let Some(at) = stack.iter().position(|e| e.reference == reference) {
                    if stack[at..].iter().all(|e| !e.through_content) {
                        let chain: Vec<&str> = stack[at..]
                            .iter()
                            .map(|e| e.reference.as_str())
                            .chain(std::iter::once(reference))
                            .collect();
                        bail!(
                            "the references at {pointer} form a cycle that never reaches a schema: {}",
                            chain.join(" -> ")
                        );
                    }
                    let mut marker = Map::new();
                    marker.insert(CYCLE.into(), Value::Bool(true));
                    return Ok(Value::Object(marker));
                }
                let Some(target) = doc.pointer(local) else {
                    bail!("reference `{reference}` at {pointer} points to nothing");
                };
                stack.push(Expanding {
                    reference: reference.to_owned(),
                    through_content: false,
                });
                let resolved = inline(doc, target, pointer, stack);
                stack.pop();
                return resolved;
            }
            if let Some(last) = stack.last_mut() {
                last.through_content = true;
            }
            let mut out = Map::new();
            for (key, child) in object {
                out.insert(
                    key.clone(),
                    inline(doc, child, &join(pointer, &[key]), stack)?,
                );
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| inline(doc, item, &join(pointer, &[&i.to_string()]), stack))
            .collect::<Result<Vec<_>>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// Translates a pointer that goes through references (as diff pointers do) into a pointer of the
/// raw document: each `$ref` met on the way is followed. Stops at the deepest node that exists.
pub fn raw_pointer(doc: &Value, pointer: &str) -> String {
    let tokens = pointer.strip_prefix('#').unwrap_or(pointer);
    let mut current = doc;
    let mut at = "#".to_owned();
    for raw in tokens.split('/').skip(1) {
        if let Some(target) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#').map(|local| (r, local)))
            .and_then(|(r, local)| doc.pointer(local).map(|t| (r, t)))
        {
            at = target.0.to_owned();
            current = target.1;
        }
        let token = raw.replace("~1", "/").replace("~0", "~");
        let next = match current {
            Value::Object(object) => object.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            break;
        };
        current = next;
        at = join(&at, &[&token]);
    }
    at
}

/// A path template with its parameter names erased (`/v1/flows/{}/{}/sessions`), so that renaming
/// a path parameter does not read as a new path.
pub fn path_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// A schema with its `allOf` members merged into it (recursively for the members, not for
/// properties): properties and `required` are united, other keywords are taken from the schema
/// first, then from the members in order; `nullable` holds if the schema or any member says so.
pub fn flatten(schema: &Value) -> Value {
    let Value::Object(object) = schema else {
        return schema.clone();
    };
    let Some(members) = object.get("allOf").and_then(Value::as_array) else {
        return schema.clone();
    };
    let mut out = object.clone();
    out.remove("allOf");
    for member in members {
        let Value::Object(member) = flatten(member) else {
            continue;
        };
        for (key, value) in member {
            match key.as_str() {
                "properties" => {
                    let props = out
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let (Value::Object(props), Value::Object(more)) = (props, value) {
                        for (name, prop) in more {
                            props.entry(name).or_insert(prop);
                        }
                    }
                }
                "required" => {
                    let required = out
                        .entry("required")
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let (Value::Array(required), Value::Array(more)) = (required, value) {
                        for name in more {
                            if !required.contains(&name) {
                                required.push(name);
                            }
                        }
                    }
                }
                "nullable" => {
                    if value == Value::Bool(true) {
                        out.insert(key, value);
                    }
                }
                _ => {
                    out.entry(key).or_insert(value);
                }
            }
        }
    }
    Value::Object(out)
}

/// Keywords that document a schema without constraining it.
const ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
    "xml",
];

/// A value with annotations removed (descriptions, examples, `x-*` other than
/// `x-extensible-enum`) and `allOf` merged, recursively: two schemas that constrain the same values
/// the same way are equal after this.
pub fn semantic(value: &Value) -> Value {
    match flatten(value) {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .filter(|(key, _)| {
                    !ANNOTATIONS.contains(&key.as_str())
                        && (!key.starts_with("x-") || key == "x-extensible-enum" || key == CYCLE)
                })
                .map(|(key, child)| {
                    let child = if key == "properties" {
                        match child {
                            Value::Object(props) => Value::Object(
                                props
                                    .into_iter()
                                    .map(|(name, prop)| (name, semantic(&prop)))
                                    .collect(),
                            ),
                            other => other,
                        }
                    } else if key == "enum" || key == "required" || key == "x-extensible-enum" {
                        sorted(child)
                    } else {
                        semantic(&child)
                    };
                    (key, child)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(semantic).collect()),
        other => other,
    }
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Array(mut items) => {
            items.sort_by_key(|item| item.to_string());
            Value::Array(items)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_are_inlined_and_cycles_marked() {
        let doc = json!({
            "a": {"$ref": "#/components/schemas/Node"},
            "components": {"schemas": {"Node": {"type": "object", "properties": {
                "next": {"$ref": "#/components/schemas/Node"}}}}}
        });
        let inlined = inline_refs(&doc).expect("resolves");
        assert_eq!(inlined.pointer("/a/type"), Some(&json!("object")));
        assert_eq!(
            inlined.pointer("/a/properties/next"),
            Some(&json!({"x-cycle": true}))
        );
    }

    #[test]
    fn reference_cycles_that_never_reach_a_schema_are_errors() {
        let doc = json!({
            "a": {"$ref": "#/components/schemas/A"},
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"}}}
        });
        let error = inline_refs(&doc).expect_err("a cycle of references only");
        assert!(
            error.to_string().contains("never reaches a schema"),
            "{error}"
        );
        let own = json!({"components": {"schemas": {"A": {"$ref": "#/components/schemas/A"}}}});
        assert!(inline_refs(&own).is_err());
        let tree = json!({"components": {"schemas": {
            "Tree": {"type": "object", "properties": {"children": {"type": "array",
                "items": {"$ref": "#/components/schemas/Node"}}}},
            "Node": {"$ref": "#/components/schemas/Tree"}}}});
        assert!(
            inline_refs(&tree).is_ok(),
            "a recursive schema through an alias works"
        );
    }

    #[test]
    fn dangling_and_external_refs_are_errors() {
        let dangling = json!({"a": {"$ref": "#/components/schemas/Missing"}});
        let error = inline_refs(&dangling).expect_err("dangling");
        assert!(error.to_string().contains("points to nothing"), "{error}");
        let external = json!({"a": {"$ref": "other.yaml#/X"}});
        assert!(inline_refs(&external).is_err());
    }

    #[test]
    fn raw_pointers_follow_refs() {
        let doc = json!({
            "a": {"schema": {"$ref": "#/components/schemas/X"}},
            "components": {"schemas": {"X": {"properties": {"p": {"type": "string"}}}}}
        });
        assert_eq!(
            raw_pointer(&doc, "#/a/schema/properties/p/type"),
            "#/components/schemas/X/properties/p/type"
        );
        assert_eq!(raw_pointer(&doc, "#/a/missing/deeper"), "#/a");
    }

    #[test]
    fn path_keys_ignore_parameter_names() {
        assert_eq!(
            path_key("/v1/flows/{flowId}/x/"),
            path_key("/v1/flows/{id}/x")
        );
        assert_ne!(path_key("/v1/flows/{a}"), path_key("/v1/flow/{a}"));
    }

    #[test]
    fn all_of_merges_properties_required_and_nullable() {
        let schema = json!({"type": "object", "nullable": true, "allOf": [
            {"properties": {"a": {"type": "string"}}, "required": ["a"]}
        ]});
        let flat = flatten(&schema);
        assert_eq!(flat.pointer("/properties/a/type"), Some(&json!("string")));
        assert_eq!(flat.get("required"), Some(&json!(["a"])));
        assert_eq!(flat.get("nullable"), Some(&json!(true)));
        assert!(flat.get("allOf").is_none());
    }

    #[test]
    fn semantic_ignores_annotations_and_order() {
        let a = json!({"type": "string", "description": "x", "enum": ["b", "a"], "x-note": 1});
        let b = json!({"enum": ["a", "b"], "type": "string"});
        assert_eq!(semantic(&a), semantic(&b));
    }
}
