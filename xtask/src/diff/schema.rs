//! Comparing two (inlined) schemas from a client's point of view. On the request side the client
//! produces values, so anything that accepts fewer values is breaking; on the response side the
//! client consumes them, so anything that may produce values it did not expect is breaking.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::checks::{self as c, Check};
use super::resolve::{CYCLE, flatten, semantic};
use super::{Change, Changes};
use crate::report::join;

/// Which side of the exchange a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the client (parameters, request bodies).
    Request,
    /// Received by the client (response bodies, response headers).
    Response,
}

const MAX_DEPTH: usize = 64;

/// Compares `old` with `new` at `pointer`, appending every change.
pub fn compare(old: &Value, new: &Value, direction: Direction, pointer: &str, out: &mut Changes) {
    compare_at(old, new, direction, pointer, out, 0);
}

fn compare_at(
    old: &Value,
    new: &Value,
    direction: Direction,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let (old, new) = (flatten(old), flatten(new));
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return;
    };
    if old.contains_key(CYCLE) || new.contains_key(CYCLE) {
        return;
    }
    let side = Side(direction);
    if !types(old, new, side, pointer, out) {
        return;
    }
    formats(old, new, side, pointer, out);
    nullable(old, new, side, pointer, out);
    enums(old, new, side, pointer, out);
    bounds(old, new, side, pointer, out);
    if direction == Direction::Request && semantic_of(old, "default") != semantic_of(new, "default")
    {
        out.push(Change::new(
            &c::REQUEST_DEFAULT_CHANGED,
            join(pointer, &["default"]),
            format!(
                "the default changed from {} to {}",
                shown(old.get("default")),
                shown(new.get("default"))
            ),
        ));
    }
    properties(old, new, side, pointer, out, depth);
    additional_properties(old, new, side, pointer, out, depth);
    if let (Some(old_items), Some(new_items)) = (old.get("items"), new.get("items")) {
        compare_at(
            old_items,
            new_items,
            direction,
            &join(pointer, &["items"]),
            out,
            depth + 1,
        );
    }
    compositions(old, new, side, pointer, out, depth);
}

/// The checks that apply to one direction.
#[derive(Clone, Copy)]
struct Side(Direction);

impl Side {
    fn pick(self, request: Check, response: Check) -> Check {
        match self.0 {
            Direction::Request => request,
            Direction::Response => response,
        }
    }
    fn is_request(self) -> bool {
        self.0 == Direction::Request
    }
}

/// The type of a schema, inferred from `properties` or `items` when `type` is absent.
fn schema_type(schema: &Map<String, Value>) -> Option<&str> {
    schema.get("type").and_then(Value::as_str).or_else(|| {
        if schema.contains_key("properties") {
            Some("object")
        } else if schema.contains_key("items") {
            Some("array")
        } else {
            None
        }
    })
}

fn type_name(ty: Option<&str>) -> String {
    ty.map_or_else(|| "any type".to_owned(), |t| format!("`{t}`"))
}

/// Compares types; returns whether the comparison should go deeper.
fn types(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
) -> bool {
    let (old_ty, new_ty) = (schema_type(old), schema_type(new));
    if old_ty == new_ty {
        return true;
    }
    let compatible = if side.is_request() {
        new_ty.is_none() || (old_ty == Some("integer") && new_ty == Some("number"))
    } else {
        old_ty.is_none() || (old_ty == Some("number") && new_ty == Some("integer"))
    };
    let check = match (side.is_request(), compatible) {
        (true, true) => c::REQUEST_TYPE_WIDENED,
        (true, false) => c::REQUEST_TYPE_CHANGED,
        (false, true) => c::RESPONSE_TYPE_NARROWED,
        (false, false) => c::RESPONSE_TYPE_CHANGED,
    };
    out.push(Change::new(
        &check,
        join(pointer, &["type"]),
        format!(
            "the type changed from {} to {}",
            type_name(old_ty),
            type_name(new_ty)
        ),
    ));
    false
}

fn formats(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
) {
    let of = old.get("format").and_then(Value::as_str);
    let nf = new.get("format").and_then(Value::as_str);
    if of == nf {
        return;
    }
    // (narrow, wide): a request may widen, a response may narrow.
    let widening = |from: Option<&str>, to: Option<&str>| {
        to.is_none()
            || matches!(
                (from, to),
                (Some("int32"), Some("int64")) | (Some("float"), Some("double"))
            )
    };
    let check = if side.is_request() {
        if widening(of, nf) {
            c::REQUEST_FORMAT_WIDENED
        } else {
            c::REQUEST_FORMAT_CHANGED
        }
    } else if widening(nf, of) {
        c::RESPONSE_FORMAT_NARROWED
    } else {
        c::RESPONSE_FORMAT_CHANGED
    };
    let name = |f: Option<&str>| f.map_or_else(|| "none".to_owned(), |f| format!("`{f}`"));
    out.push(Change::new(
        &check,
        join(pointer, &["format"]),
        format!("the format changed from {} to {}", name(of), name(nf)),
    ));
}

fn is_nullable(schema: &Map<String, Value>) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

fn nullable(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
) {
    let (was, is) = (is_nullable(old), is_nullable(new));
    if was == is {
        return;
    }
    let (check, message) = match (side.is_request(), is) {
        (true, true) => (c::REQUEST_NULLABLE_ADDED, "null is now accepted"),
        (true, false) => (c::REQUEST_NULLABLE_REMOVED, "null is no longer accepted"),
        (false, true) => (
            c::RESPONSE_NULLABLE_ADDED,
            "the value may now be null; clients that expect a value fail",
        ),
        (false, false) => (c::RESPONSE_NULLABLE_REMOVED, "the value is no longer null"),
    };
    out.push(Change::new(&check, join(pointer, &["nullable"]), message));
}

/// The enum of a schema: its values (null excluded) and whether it is extensible.
fn enum_of(schema: &Map<String, Value>) -> Option<(Vec<&Value>, bool)> {
    fn values(list: &Value) -> Option<Vec<&Value>> {
        list.as_array()
            .map(|items| items.iter().filter(|v| !v.is_null()).collect())
    }
    if let Some(list) = schema.get("enum") {
        return values(list).map(|v| (v, false));
    }
    schema
        .get("x-extensible-enum")
        .and_then(values)
        .map(|v| (v, true))
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(other) => format!("`{other}`"),
    }
}

fn list(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| shown(Some(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn enums(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
) {
    let at = |s: &Map<String, Value>| {
        let key = if s.contains_key("enum") {
            "enum"
        } else {
            "x-extensible-enum"
        };
        join(pointer, &[key])
    };
    match (enum_of(old), enum_of(new)) {
        (None, None) => {}
        (None, Some(_)) => {
            let check = side.pick(c::REQUEST_BOUNDS_TIGHTENED, c::RESPONSE_BOUNDS_TIGHTENED);
            out.push(Change::new(
                &check,
                at(new),
                "the values are now limited to an enum",
            ));
        }
        (Some((_, extensible)), None) => {
            let (check, message) = if side.is_request() {
                (
                    c::REQUEST_BOUNDS_LOOSENED,
                    "the enum was removed: any value is accepted",
                )
            } else if extensible {
                (
                    c::RESPONSE_ENUM_VALUE_ADDED_EXTENSIBLE,
                    "the extensible enum was removed: any value may arrive",
                )
            } else {
                (
                    c::RESPONSE_ENUM_VALUE_ADDED_CLOSED,
                    "the closed enum was removed: values clients do not know may arrive",
                )
            };
            out.push(Change::new(&check, at(old), message));
        }
        (Some((old_values, was_extensible)), Some((new_values, extensible))) => {
            let added: Vec<&Value> = new_values
                .iter()
                .filter(|v| !old_values.contains(v))
                .copied()
                .collect();
            let removed: Vec<&Value> = old_values
                .iter()
                .filter(|v| !new_values.contains(v))
                .copied()
                .collect();
            let pointer = at(new);
            if !added.is_empty() {
                let (check, message) = if side.is_request() {
                    (
                        c::REQUEST_ENUM_VALUE_ADDED,
                        format!("value(s) added: {}", list(&added)),
                    )
                } else if extensible {
                    (
                        c::RESPONSE_ENUM_VALUE_ADDED_EXTENSIBLE,
                        format!(
                            "value(s) added to an extensible enum: {}; clients keep them as unknown",
                            list(&added)
                        ),
                    )
                } else {
                    (
                        c::RESPONSE_ENUM_VALUE_ADDED_CLOSED,
                        format!(
                            "value(s) added to a closed enum: {}; clients that decode it strictly fail",
                            list(&added)
                        ),
                    )
                };
                out.push(Change::new(&check, &pointer, message));
            }
            if !removed.is_empty() {
                let (check, message) = if side.is_request() {
                    (
                        c::REQUEST_ENUM_VALUE_REMOVED,
                        format!("value(s) clients may send were removed: {}", list(&removed)),
                    )
                } else {
                    (
                        c::RESPONSE_ENUM_VALUE_REMOVED,
                        format!("value(s) no longer sent: {}", list(&removed)),
                    )
                };
                out.push(Change::new(&check, &pointer, message));
            }
            if !side.is_request() && !was_extensible && extensible {
                out.push(Change::new(
                    &c::RESPONSE_ENUM_MADE_EXTENSIBLE,
                    &pointer,
                    "the closed enum became `x-extensible-enum`: values clients do not know may arrive",
                ));
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Bound {
    /// A larger value accepts fewer values.
    Lower,
    /// A smaller value accepts fewer values.
    Upper,
    /// `true` accepts fewer values.
    Flag,
    /// Any change may accept fewer values.
    Opaque,
}

const BOUNDS: &[(&str, Bound)] = &[
    ("minimum", Bound::Lower),
    ("maximum", Bound::Upper),
    ("exclusiveMinimum", Bound::Flag),
    ("exclusiveMaximum", Bound::Flag),
    ("minLength", Bound::Lower),
    ("maxLength", Bound::Upper),
    ("minItems", Bound::Lower),
    ("maxItems", Bound::Upper),
    ("minProperties", Bound::Lower),
    ("maxProperties", Bound::Upper),
    ("uniqueItems", Bound::Flag),
    ("pattern", Bound::Opaque),
    ("multipleOf", Bound::Opaque),
];

/// Whether a bound changed so that fewer values are allowed (`Some(true)`), more
/// (`Some(false)`), or not at all (`None`).
fn tightened(bound: Bound, old: Option<&Value>, new: Option<&Value>) -> Option<bool> {
    if old == new {
        return None;
    }
    match bound {
        Bound::Flag => {
            let on = |v: Option<&Value>| v == Some(&Value::Bool(true));
            (on(old) != on(new)).then_some(on(new))
        }
        Bound::Lower | Bound::Upper | Bound::Opaque => match (old, new) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(o), Some(n)) => match (o.as_f64(), n.as_f64(), bound) {
                (Some(o), Some(n), Bound::Lower) => Some(n > o),
                (Some(o), Some(n), Bound::Upper) => Some(n < o),
                _ => Some(true),
            },
            (None, None) => None,
        },
    }
}

fn bounds(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
) {
    for (keyword, bound) in BOUNDS {
        let (o, n) = (old.get(*keyword), new.get(*keyword));
        let Some(tighter) = tightened(*bound, o, n) else {
            continue;
        };
        let check = match (side.is_request(), tighter) {
            (true, true) => c::REQUEST_BOUNDS_TIGHTENED,
            (true, false) => c::REQUEST_BOUNDS_LOOSENED,
            (false, true) => c::RESPONSE_BOUNDS_TIGHTENED,
            (false, false) => c::RESPONSE_BOUNDS_WIDENED,
        };
        out.push(Change::new(
            &check,
            join(pointer, &[keyword]),
            format!("`{keyword}` changed from {} to {}", shown(o), shown(n)),
        ));
    }
}

fn required_set(schema: &Map<String, Value>) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Whether a property takes part in this direction (`readOnly` ones are not sent, `writeOnly`
/// ones are not received).
fn applies(property: &Value, side: Side) -> bool {
    let flag = if side.is_request() {
        "readOnly"
    } else {
        "writeOnly"
    };
    flatten(property).get(flag) != Some(&Value::Bool(true))
}

fn properties(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) {
    let empty = Map::new();
    let props = |s: &'_ Map<String, Value>| -> Map<String, Value> {
        s.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty)
            .iter()
            .filter(|(_, p)| applies(p, side))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let (old_props, new_props) = (props(old), props(new));
    let (old_required, new_required) = (required_set(old), required_set(new));
    for (name, old_prop) in &old_props {
        let at = join(pointer, &["properties", name]);
        let was_required = old_required.contains(name.as_str());
        let is_required = new_required.contains(name.as_str());
        let Some(new_prop) = new_props.get(name) else {
            let (check, message) = if side.is_request() {
                (
                    c::REQUEST_PROPERTY_REMOVED,
                    format!("the property `{name}` was removed: the server ignores or rejects it"),
                )
            } else {
                (
                    c::RESPONSE_PROPERTY_REMOVED,
                    format!("the property `{name}` was removed: clients that read it get nothing"),
                )
            };
            out.push(Change::new(&check, at, message));
            continue;
        };
        if was_required != is_required {
            let check = match (side.is_request(), is_required) {
                (true, true) => c::REQUEST_PROPERTY_MADE_REQUIRED,
                (true, false) => c::REQUEST_PROPERTY_MADE_OPTIONAL,
                (false, true) => c::RESPONSE_PROPERTY_MADE_REQUIRED,
                (false, false) => c::RESPONSE_PROPERTY_MADE_OPTIONAL,
            };
            let now = if is_required { "required" } else { "optional" };
            out.push(Change::new(
                &check,
                &at,
                format!("the property `{name}` is now {now}"),
            ));
        }
        compare_at(old_prop, new_prop, side.0, &at, out, depth + 1);
    }
    for name in new_props.keys().filter(|n| !old_props.contains_key(*n)) {
        let at = join(pointer, &["properties", name]);
        let required = new_required.contains(name.as_str());
        let (check, message) = match (side.is_request(), required) {
            (true, true) => (
                c::REQUEST_PROPERTY_ADDED_REQUIRED,
                format!(
                    "the required property `{name}` was added: existing clients do not send it"
                ),
            ),
            (true, false) => (
                c::REQUEST_PROPERTY_ADDED,
                format!("the optional property `{name}` was added"),
            ),
            (false, _) => (
                c::RESPONSE_PROPERTY_ADDED,
                format!("the property `{name}` was added"),
            ),
        };
        out.push(Change::new(&check, at, message));
    }
}

fn additional_properties(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) {
    let (o, n) = (
        old.get("additionalProperties"),
        new.get("additionalProperties"),
    );
    let at = join(pointer, &["additionalProperties"]);
    if let (Some(o @ Value::Object(_)), Some(n @ Value::Object(_))) = (o, n) {
        compare_at(o, n, side.0, &at, out, depth + 1);
        return;
    }
    let closed = |v: Option<&Value>| v == Some(&Value::Bool(false));
    if closed(o) == closed(n) {
        return;
    }
    let check = match (side.is_request(), closed(n)) {
        (true, true) => c::REQUEST_BOUNDS_TIGHTENED,
        (true, false) => c::REQUEST_BOUNDS_LOOSENED,
        (false, true) => c::RESPONSE_BOUNDS_TIGHTENED,
        (false, false) => c::RESPONSE_BOUNDS_WIDENED,
    };
    let message = if closed(n) {
        "properties that are not declared are no longer allowed"
    } else {
        "properties that are not declared are now allowed"
    };
    out.push(Change::new(&check, at, message));
}

fn semantic_of(schema: &Map<String, Value>, key: &str) -> Option<Value> {
    schema.get(key).map(semantic)
}

fn compositions(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) {
    let check = side.pick(c::REQUEST_SCHEMA_CHANGED, c::RESPONSE_SCHEMA_CHANGED);
    for key in ["oneOf", "anyOf"] {
        match (
            old.get(key).and_then(Value::as_array),
            new.get(key).and_then(Value::as_array),
        ) {
            (None, None) => {}
            (Some(o), Some(n)) if o.len() == n.len() => {
                for (i, (o, n)) in o.iter().zip(n).enumerate() {
                    compare_at(
                        o,
                        n,
                        side.0,
                        &join(pointer, &[key, &i.to_string()]),
                        out,
                        depth + 1,
                    );
                }
            }
            (o, n) => out.push(Change::new(
                &check,
                join(pointer, &[key]),
                format!(
                    "the `{key}` alternatives changed from {} to {}",
                    o.map_or(0, Vec::len),
                    n.map_or(0, Vec::len)
                ),
            )),
        }
    }
    if semantic_of(old, "not") != semantic_of(new, "not") {
        out.push(Change::new(
            &check,
            join(pointer, &["not"]),
            "the `not` constraint changed",
        ));
    }
}
