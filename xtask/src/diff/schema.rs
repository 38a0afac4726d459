//! Comparing two (inlined) schemas from a client's point of view. On the request side the client
//! produces values, so anything that accepts fewer values is breaking; on the response side the
//! client consumes them, so anything that may produce values it did not expect is breaking.
//!
//! Every change is first described by its [`Effect`] on the values a schema allows (fewer, more,
//! or other ones); [`Side::judge`] then picks the check of that kind of change for the side of
//! the exchange, from one [`Rule`] per kind.

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

/// How a change affects the values a schema allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Fewer values are allowed (a constraint added or tightened, something removed from a set).
    Narrower,
    /// More values are allowed (a constraint removed or loosened, something added to a set).
    Wider,
    /// Other values: neither a subset nor a superset of the old ones.
    Other,
}

/// The check of one kind of change for each side and effect.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Request side: narrower, wider, other.
    request: [Check; 3],
    /// Response side: narrower, wider, other.
    response: [Check; 3],
}

impl Rule {
    /// A rule whose "other" change is judged like the breaking direction of each side
    /// (narrower on the request side, wider on the response side).
    pub const fn new(
        request_narrower: Check,
        request_wider: Check,
        response_narrower: Check,
        response_wider: Check,
    ) -> Self {
        Self {
            request: [request_narrower, request_wider, request_narrower],
            response: [response_narrower, response_wider, response_wider],
        }
    }

    /// With explicit checks for a change that is neither narrower nor wider.
    pub const fn with_other(mut self, request: Check, response: Check) -> Self {
        self.request[2] = request;
        self.response[2] = response;
        self
    }
}

/// Constraints (bounds, lengths, items, `additionalProperties`, enums appearing).
pub const BOUNDS: Rule = Rule::new(
    c::REQUEST_BOUNDS_TIGHTENED,
    c::REQUEST_BOUNDS_LOOSENED,
    c::RESPONSE_BOUNDS_TIGHTENED,
    c::RESPONSE_BOUNDS_WIDENED,
);
/// Patterns.
pub const PATTERN: Rule =
    BOUNDS.with_other(c::REQUEST_PATTERN_CHANGED, c::RESPONSE_PATTERN_CHANGED);
/// `nullable`.
pub const NULLABLE: Rule = Rule::new(
    c::REQUEST_NULLABLE_REMOVED,
    c::REQUEST_NULLABLE_ADDED,
    c::RESPONSE_NULLABLE_REMOVED,
    c::RESPONSE_NULLABLE_ADDED,
);
/// Enum values (removed: narrower, added: wider).
pub const ENUM_VALUES: Rule = Rule::new(
    c::REQUEST_ENUM_VALUE_REMOVED,
    c::REQUEST_ENUM_VALUE_ADDED,
    c::RESPONSE_ENUM_VALUE_REMOVED,
    c::RESPONSE_ENUM_VALUE_ADDED_CLOSED,
);
/// Types.
pub const TYPES: Rule = Rule::new(
    c::REQUEST_TYPE_CHANGED,
    c::REQUEST_TYPE_WIDENED,
    c::RESPONSE_TYPE_NARROWED,
    c::RESPONSE_TYPE_CHANGED,
)
.with_other(c::REQUEST_TYPE_CHANGED, c::RESPONSE_TYPE_CHANGED);
/// Formats.
pub const FORMATS: Rule = Rule::new(
    c::REQUEST_FORMAT_CHANGED,
    c::REQUEST_FORMAT_WIDENED,
    c::RESPONSE_FORMAT_NARROWED,
    c::RESPONSE_FORMAT_CHANGED,
)
.with_other(c::REQUEST_FORMAT_CHANGED, c::RESPONSE_FORMAT_CHANGED);
/// Whether a property is required (made required: narrower).
pub const REQUIRED: Rule = Rule::new(
    c::REQUEST_PROPERTY_MADE_REQUIRED,
    c::REQUEST_PROPERTY_MADE_OPTIONAL,
    c::RESPONSE_PROPERTY_MADE_REQUIRED,
    c::RESPONSE_PROPERTY_MADE_OPTIONAL,
);
/// Alternatives of a `oneOf` or `anyOf` (removed: narrower, added: wider).
pub const ALTERNATIVES: Rule = Rule::new(
    c::REQUEST_ALTERNATIVE_REMOVED,
    c::REQUEST_ALTERNATIVE_ADDED,
    c::RESPONSE_ALTERNATIVE_REMOVED,
    c::RESPONSE_ALTERNATIVE_ADDED,
)
.with_other(c::REQUEST_SCHEMA_CHANGED, c::RESPONSE_SCHEMA_CHANGED);
/// The schema of a media type (added: narrower, removed: wider).
pub const MEDIA_SCHEMA: Rule = Rule::new(
    c::REQUEST_SCHEMA_ADDED,
    c::REQUEST_SCHEMA_REMOVED,
    c::RESPONSE_SCHEMA_ADDED,
    c::RESPONSE_SCHEMA_REMOVED,
);

/// Defaults: only a change is judged.
pub const DEFAULTS: Rule = Rule::new(
    c::REQUEST_DEFAULT_CHANGED,
    c::REQUEST_DEFAULT_CHANGED,
    c::RESPONSE_DEFAULT_CHANGED,
    c::RESPONSE_DEFAULT_CHANGED,
)
.with_other(c::REQUEST_DEFAULT_CHANGED, c::RESPONSE_DEFAULT_CHANGED);
/// Deprecation of a property: only a change is judged.
pub const DEPRECATION: Rule = Rule::new(
    c::REQUEST_PROPERTY_DEPRECATED,
    c::REQUEST_PROPERTY_DEPRECATED,
    c::RESPONSE_PROPERTY_DEPRECATED,
    c::RESPONSE_PROPERTY_DEPRECATED,
)
.with_other(
    c::REQUEST_PROPERTY_DEPRECATED,
    c::RESPONSE_PROPERTY_DEPRECATED,
);
/// Discriminators: only a change is judged.
pub const DISCRIMINATOR: Rule = Rule::new(
    c::REQUEST_DISCRIMINATOR_CHANGED,
    c::REQUEST_DISCRIMINATOR_CHANGED,
    c::RESPONSE_DISCRIMINATOR_CHANGED,
    c::RESPONSE_DISCRIMINATOR_CHANGED,
)
.with_other(
    c::REQUEST_DISCRIMINATOR_CHANGED,
    c::RESPONSE_DISCRIMINATOR_CHANGED,
);
/// Media types of a request body or response (removed: narrower, added: wider).
pub const MEDIA_TYPES: Rule = Rule::new(
    c::REQUEST_MEDIA_TYPE_REMOVED,
    c::REQUEST_MEDIA_TYPE_ADDED,
    c::RESPONSE_MEDIA_TYPE_REMOVED,
    c::RESPONSE_MEDIA_TYPE_ADDED,
);

/// How deep two schemas are compared before the comparison stops with [`c::SCHEMA_TOO_DEEP`].
pub const MAX_DEPTH: usize = 64;

/// The marker of a composition whose response alternatives may grow (clients keep unknown shapes).
pub const EXTENSIBLE: &str = "x-extensible";

/// Compares `old` with `new` at `pointer`, appending every change.
pub fn compare(old: &Value, new: &Value, direction: Direction, pointer: &str, out: &mut Changes) {
    compare_at(old, new, Side(direction), pointer, out, 0);
}

fn compare_at(
    old: &Value,
    new: &Value,
    side: Side,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        out.push(Change::new(
            &c::SCHEMA_TOO_DEEP,
            pointer,
            format!(
                "the schemas nest more than {MAX_DEPTH} levels deep here; what lies below was not compared"
            ),
        ));
        return;
    }
    let (old, new) = (flatten(old), flatten(new));
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return;
    };
    if old.contains_key(CYCLE) || new.contains_key(CYCLE) {
        return;
    }
    if wrapping(old, new, side, pointer, out, depth) {
        return;
    }
    if !types(old, new, side, pointer, out) {
        return;
    }
    formats(old, new, side, pointer, out);
    nullable(old, new, side, pointer, out);
    enums(old, new, side, pointer, out);
    bounds(old, new, side, pointer, out);
    patterns(old, new, side, pointer, out);
    if semantic_of(old, "discriminator") != semantic_of(new, "discriminator") {
        out.push(Change::new(
            &side.judge(Effect::Other, &DISCRIMINATOR),
            join(pointer, &["discriminator"]),
            "the discriminator changed",
        ));
    }
    if semantic_of(old, "default") != semantic_of(new, "default") {
        out.push(Change::new(
            &side.judge(Effect::Other, &DEFAULTS),
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
    items(old, new, side, pointer, out, depth);
    compositions(old, new, side, pointer, out, depth);
}

/// The items of an array: compared when both have them; an `items` schema that appears constrains
/// them, one that disappears lets anything through.
fn items(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) {
    let at = join(pointer, &["items"]);
    match (old.get("items"), new.get("items")) {
        (Some(old_items), Some(new_items)) => {
            compare_at(old_items, new_items, side, &at, out, depth + 1);
        }
        (None, Some(_)) => out.push(Change::new(
            &side.judge(Effect::Narrower, &BOUNDS),
            at,
            "the array items gained a schema: items are now constrained",
        )),
        (Some(_), None) => out.push(Change::new(
            &side.judge(Effect::Wider, &BOUNDS),
            at,
            "the array items lost their schema: items of any shape are allowed",
        )),
        (None, None) => {}
    }
}

/// One side of the exchange, and the checks that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side(pub Direction);

impl Side {
    /// The check for a change with `effect` of the kind `rule` describes, on this side.
    pub fn judge(self, effect: Effect, rule: &Rule) -> Check {
        let checks = match self.0 {
            Direction::Request => &rule.request,
            Direction::Response => &rule.response,
        };
        match effect {
            Effect::Narrower => checks[0],
            Effect::Wider => checks[1],
            Effect::Other => checks[2],
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
    let effect = match (old_ty, new_ty) {
        (_, None) | (Some("integer"), Some("number")) => Effect::Wider,
        (None, _) | (Some("number"), Some("integer")) => Effect::Narrower,
        _ => Effect::Other,
    };
    out.push(Change::new(
        &side.judge(effect, &TYPES),
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
    let widening = |from: Option<&str>, to: Option<&str>| {
        to.is_none()
            || matches!(
                (from, to),
                (Some("int32"), Some("int64")) | (Some("float"), Some("double"))
            )
    };
    let effect = if widening(of, nf) {
        Effect::Wider
    } else if widening(nf, of) {
        Effect::Narrower
    } else {
        Effect::Other
    };
    let name = |f: Option<&str>| f.map_or_else(|| "none".to_owned(), |f| format!("`{f}`"));
    out.push(Change::new(
        &side.judge(effect, &FORMATS),
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
    let message = match (side.is_request(), is) {
        (true, true) => "null is now accepted",
        (true, false) => "null is no longer accepted",
        (false, true) => "the value may now be null; clients that expect a value fail",
        (false, false) => "the value is no longer null",
    };
    let effect = if is { Effect::Wider } else { Effect::Narrower };
    out.push(Change::new(
        &side.judge(effect, &NULLABLE),
        join(pointer, &["nullable"]),
        message,
    ));
}

/// The enum of a schema: its values (null excluded) and whether it is extensible. A `const` is a
/// closed enum of one value.
fn enum_of(schema: &Map<String, Value>) -> Option<(Vec<&Value>, bool)> {
    fn values(list: &Value) -> Option<Vec<&Value>> {
        list.as_array()
            .map(|items| items.iter().filter(|v| !v.is_null()).collect())
    }
    if let Some(value) = schema.get("const") {
        return Some((vec![value], false));
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
        let key = if s.contains_key("const") {
            "const"
        } else if s.contains_key("enum") {
            "enum"
        } else {
            "x-extensible-enum"
        };
        join(pointer, &[key])
    };
    match (enum_of(old), enum_of(new)) {
        (None, None) => {}
        (None, Some(_)) => out.push(Change::new(
            &side.judge(Effect::Narrower, &BOUNDS),
            at(new),
            "the values are now limited to an enum",
        )),
        (Some((_, extensible)), None) => out.push(enum_removed(extensible, side, at(old))),
        (Some(old_enum), Some(new_enum)) => enum_values(old_enum, new_enum, side, &at(new), out),
    }
}

/// The enum of a value was dropped: any value is accepted, or may arrive.
fn enum_removed(extensible: bool, side: Side, at: String) -> Change {
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
    Change::new(&check, at, message)
}

/// Values added to or removed from an enum (each list: its values, and whether it is
/// `x-extensible-enum`), and a closed response enum that became extensible.
fn enum_values(
    (old_values, was_extensible): (Vec<&Value>, bool),
    (new_values, extensible): (Vec<&Value>, bool),
    side: Side,
    pointer: &str,
    out: &mut Changes,
) {
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
    if !added.is_empty() {
        let (check, message) = if side.is_request() {
            (
                side.judge(Effect::Wider, &ENUM_VALUES),
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
                side.judge(Effect::Wider, &ENUM_VALUES),
                format!(
                    "value(s) added to a closed enum: {}; clients that decode it strictly fail",
                    list(&added)
                ),
            )
        };
        out.push(Change::new(&check, pointer, message));
    }
    if !removed.is_empty() {
        let message = if side.is_request() {
            format!("value(s) clients may send were removed: {}", list(&removed))
        } else {
            format!("value(s) no longer sent: {}", list(&removed))
        };
        let check = side.judge(Effect::Narrower, &ENUM_VALUES);
        out.push(Change::new(&check, pointer, message));
    }
    if !side.is_request() && !was_extensible && extensible {
        out.push(Change::new(
            &c::RESPONSE_ENUM_MADE_EXTENSIBLE,
            pointer,
            "the closed enum became `x-extensible-enum`: values clients do not know may arrive",
        ));
    }
}

#[derive(Clone, Copy)]
enum Bound {
    /// A larger value accepts fewer values.
    Lower,
    /// A smaller value accepts fewer values.
    Upper,
    /// `true` accepts fewer values (a number is a bound of its own, as in OpenAPI 3.1).
    Flag(Option<&'static str>),
    /// Any change may accept other values.
    Opaque,
}

const BOUNDS_KEYWORDS: &[(&str, Bound)] = &[
    ("minimum", Bound::Lower),
    ("maximum", Bound::Upper),
    ("exclusiveMinimum", Bound::Flag(Some("minimum"))),
    ("exclusiveMaximum", Bound::Flag(Some("maximum"))),
    ("minLength", Bound::Lower),
    ("maxLength", Bound::Upper),
    ("minItems", Bound::Lower),
    ("maxItems", Bound::Upper),
    ("minProperties", Bound::Lower),
    ("maxProperties", Bound::Upper),
    ("uniqueItems", Bound::Flag(None)),
    ("multipleOf", Bound::Opaque),
];

/// How a bound changed, or `None` if it did not.
fn bound_effect(bound: Bound, old: Option<&Value>, new: Option<&Value>) -> Option<Effect> {
    if old == new {
        return None;
    }
    let narrower = |yes: bool| if yes { Effect::Narrower } else { Effect::Wider };
    match bound {
        Bound::Flag(numeric) => {
            let number = |v: Option<&Value>| v.and_then(Value::as_f64);
            if number(old).is_some() || number(new).is_some() {
                let kind = match numeric {
                    Some("minimum") => Bound::Lower,
                    Some(_) => Bound::Upper,
                    None => Bound::Opaque,
                };
                return bound_effect(kind, old, new);
            }
            let on = |v: Option<&Value>| v == Some(&Value::Bool(true));
            (on(old) != on(new)).then(|| narrower(on(new)))
        }
        Bound::Lower | Bound::Upper | Bound::Opaque => match (old, new) {
            (None, Some(_)) => Some(Effect::Narrower),
            (Some(_), None) => Some(Effect::Wider),
            (Some(o), Some(n)) => match (o.as_f64(), n.as_f64(), bound) {
                (Some(o), Some(n), Bound::Lower) => Some(narrower(n > o)),
                (Some(o), Some(n), Bound::Upper) => Some(narrower(n < o)),
                _ => Some(Effect::Other),
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
    for (keyword, bound) in BOUNDS_KEYWORDS {
        let (o, n) = (old.get(*keyword), new.get(*keyword));
        let Some(effect) = bound_effect(*bound, o, n) else {
            continue;
        };
        out.push(Change::new(
            &side.judge(effect, &BOUNDS),
            join(pointer, &[keyword]),
            format!("`{keyword}` changed from {} to {}", shown(o), shown(n)),
        ));
    }
}

/// Whether a pattern accepts every string (or every non-empty one, which is what `.+` is
/// written for).
fn accepts_everything(pattern: &str) -> bool {
    let core = pattern.trim_start_matches('^').trim_end_matches('$');
    let core = unwrap_group(core);
    matches!(core, "" | ".*" | ".+" | "[\\s\\S]*" | "(.*)")
}

/// `(...)` or `(?:...)` around a whole pattern, removed.
fn unwrap_group(pattern: &str) -> &str {
    let inner = pattern
        .strip_prefix("(?:")
        .or_else(|| pattern.strip_prefix('('))
        .and_then(|p| p.strip_suffix(')'));
    match inner {
        Some(inner) if top_level_balanced(inner) => inner,
        _ => pattern,
    }
}

/// Whether the parentheses and brackets of `pattern` balance (escapes respected).
fn top_level_balanced(pattern: &str) -> bool {
    let mut depth = 0i32;
    let mut class = false;
    let mut chars = pattern.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                chars.next();
            }
            '[' if !class => class = true,
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !class
}

/// The top-level alternatives of a pattern (split at `|` outside groups and classes), with the
/// anchors it has on both ends.
fn alternatives_of(pattern: &str) -> (bool, bool, BTreeSet<String>) {
    let start = pattern.starts_with('^');
    let end = pattern.ends_with('$') && !pattern.ends_with("\\$");
    let core = pattern.strip_prefix('^').unwrap_or(pattern);
    let core = if end {
        core.strip_suffix('$').unwrap_or(core)
    } else {
        core
    };
    let core = unwrap_group(core);
    let mut parts = BTreeSet::new();
    let (mut depth, mut class, mut current) = (0i32, false, String::new());
    let mut chars = core.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                current.push(ch);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
                continue;
            }
            '[' if !class => class = true,
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => depth -= 1,
            '|' if !class && depth == 0 => {
                parts.insert(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    parts.insert(current);
    (start, end, parts)
}

/// Whether every string `old` matches is provably matched by `new`: `new` drops anchors of `old`,
/// or adds top-level alternatives to it.
fn provably_wider(old: &str, new: &str) -> bool {
    let (old_start, old_end, old_parts) = alternatives_of(old);
    let (new_start, new_end, new_parts) = alternatives_of(new);
    (old_start || !new_start) && (old_end || !new_end) && old_parts.is_subset(&new_parts)
}

/// How a pattern changed: removing it or replacing it with one that accepts everything widens;
/// adding one narrows; another one is narrower or wider only when that can be shown.
fn pattern_effect(old: Option<&str>, new: Option<&str>) -> Option<Effect> {
    fn constraining(p: Option<&str>) -> Option<&str> {
        p.filter(|p| !accepts_everything(p))
    }
    match (constraining(old), constraining(new)) {
        (None, None) => None,
        (Some(_), None) => Some(Effect::Wider),
        (None, Some(_)) => Some(Effect::Narrower),
        (Some(o), Some(n)) if o == n => None,
        (Some(o), Some(n)) if provably_wider(o, n) => Some(Effect::Wider),
        (Some(o), Some(n)) if provably_wider(n, o) => Some(Effect::Narrower),
        (Some(_), Some(_)) => Some(Effect::Other),
    }
}

fn patterns(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
) {
    let (o, n) = (old.get("pattern"), new.get("pattern"));
    let Some(effect) = pattern_effect(o.and_then(Value::as_str), n.and_then(Value::as_str)) else {
        return;
    };
    let how = match effect {
        Effect::Narrower => "fewer values match",
        Effect::Wider => "more values match",
        Effect::Other => "other values match",
    };
    out.push(Change::new(
        &side.judge(effect, &PATTERN),
        join(pointer, &["pattern"]),
        format!("`pattern` changed from {} to {}: {how}", shown(o), shown(n)),
    ));
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
    let all = |s: &'_ Map<String, Value>| -> Map<String, Value> {
        s.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty)
            .clone()
    };
    let (old_props, new_props) = (all(old), all(new));
    let (old_required, new_required) = (required_set(old), required_set(new));
    for (name, old_prop) in &old_props {
        let at = join(pointer, &["properties", name]);
        let was_required = old_required.contains(name.as_str());
        let is_required = new_required.contains(name.as_str());
        match (applies(old_prop, side), new_props.get(name)) {
            // Not part of this side before (`readOnly` on the request side, `writeOnly` on the
            // response side): only its arrival on this side is judged.
            (false, Some(new_prop)) if applies(new_prop, side) => {
                out.push(now_taking_part(name, is_required, side, &at));
            }
            (false, _) => {}
            (true, None) => out.push(removed_property(name, old_prop, was_required, side, at)),
            // Leaving this side is not judged on it (a property that became `writeOnly` is
            // still part of the response shape clients decode).
            (true, Some(new_prop)) if !applies(new_prop, side) => {}
            (true, Some(new_prop)) => {
                let required = (was_required, is_required);
                property_changed(name, old_prop, new_prop, required, side, &at, out);
                compare_at(old_prop, new_prop, side, &at, out, depth + 1);
            }
        }
    }
    for (name, new_prop) in new_props
        .iter()
        .filter(|(n, _)| !old_props.contains_key(*n))
    {
        if applies(new_prop, side) {
            let at = join(pointer, &["properties", name]);
            let required = new_required.contains(name.as_str());
            added_property(name, required, side, &at, out);
        }
    }
    let declared = |name: &&str| old_props.contains_key(*name) || new_props.contains_key(*name);
    for (names, effect, now) in [
        (
            new_required.difference(&old_required),
            Effect::Narrower,
            "required",
        ),
        (
            old_required.difference(&new_required),
            Effect::Wider,
            "optional",
        ),
    ] {
        for name in names.filter(|name| !declared(name)) {
            out.push(Change::new(
                &side.judge(effect, &REQUIRED),
                join(pointer, &["required"]),
                format!("the property `{name}`, which the schema does not declare, is now {now}"),
            ));
        }
    }
}

/// A property removed on this side, judged by its retirement (see [`super::sunset`]).
fn removed_property(
    name: &str,
    old_prop: &Value,
    was_required: bool,
    side: Side,
    at: String,
) -> Change {
    let (check, message) = match (side.is_request(), was_required) {
        (true, _) => (
            c::REQUEST_PROPERTY_REMOVED,
            format!("the property `{name}` was removed: the server ignores or rejects it"),
        ),
        (false, true) => (
            c::RESPONSE_PROPERTY_REMOVED,
            format!("the required property `{name}` was removed: clients that read it get nothing"),
        ),
        (false, false) => (
            c::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
            format!("the optional property `{name}` was removed"),
        ),
    };
    let retirement = super::sunset::retirement(&flatten(old_prop), &super::sunset::today());
    let (check, message) = super::sunset::removal(&retirement, check, message);
    Change::new(&check, at, message)
}

/// A property that starts taking part on this side: a `writeOnly` response property that is now
/// returned, a `readOnly` request property that clients may now send (required: they must).
fn now_taking_part(name: &str, is_required: bool, side: Side, at: &str) -> Change {
    match (side.is_request(), is_required) {
        (true, true) => Change::new(
            &c::REQUEST_PROPERTY_ADDED_REQUIRED,
            at,
            format!(
                "the property `{name}` is no longer readOnly and is required: existing clients do not send it"
            ),
        ),
        (true, false) => Change::new(
            &c::REQUEST_PROPERTY_ADDED,
            at,
            format!("the property `{name}` is no longer readOnly: clients may send it"),
        ),
        (false, _) => Change::new(
            &c::RESPONSE_PROPERTY_ADDED,
            at,
            format!("the property `{name}` is no longer writeOnly: it is now returned"),
        ),
    }
}

/// Changes of a property's own standing: required, deprecated.
fn property_changed(
    name: &str,
    old_prop: &Value,
    new_prop: &Value,
    (was_required, is_required): (bool, bool),
    side: Side,
    at: &str,
    out: &mut Changes,
) {
    if was_required != is_required {
        let effect = if is_required {
            Effect::Narrower
        } else {
            Effect::Wider
        };
        let now = if is_required { "required" } else { "optional" };
        out.push(Change::new(
            &side.judge(effect, &REQUIRED),
            at,
            format!("the property `{name}` is now {now}"),
        ));
    }
    let deprecated = |p: &Value| flatten(p).get("deprecated") == Some(&Value::Bool(true));
    if deprecated(old_prop) != deprecated(new_prop) {
        let now = if deprecated(new_prop) {
            "is now deprecated"
        } else {
            "is no longer deprecated"
        };
        out.push(Change::new(
            &side.judge(Effect::Other, &DEPRECATION),
            at,
            format!("the property `{name}` {now}"),
        ));
    }
}

fn added_property(name: &str, required: bool, side: Side, at: &str, out: &mut Changes) {
    let (check, message) = match (side.is_request(), required) {
        (true, true) => (
            c::REQUEST_PROPERTY_ADDED_REQUIRED,
            format!("the required property `{name}` was added: existing clients do not send it"),
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
        compare_at(o, n, side, &at, out, depth + 1);
        return;
    }
    let closed = |v: Option<&Value>| v == Some(&Value::Bool(false));
    if closed(o) == closed(n) {
        return;
    }
    let (effect, message) = if closed(n) {
        (
            Effect::Narrower,
            "properties that are not declared are no longer allowed",
        )
    } else {
        (
            Effect::Wider,
            "properties that are not declared are now allowed",
        )
    };
    out.push(Change::new(&side.judge(effect, &BOUNDS), at, message));
}

fn semantic_of(schema: &Map<String, Value>, key: &str) -> Option<Value> {
    schema.get(key).map(semantic)
}

/// The alternatives of `key` (`oneOf`, `anyOf`) with their positions; for `anyOf` identical
/// alternatives count once (a value matching both is fine).
fn alternatives<'a>(schema: &'a Map<String, Value>, key: &str) -> Option<Vec<(usize, &'a Value)>> {
    let items = schema.get(key)?.as_array()?;
    let mut out: Vec<(usize, &Value)> = Vec::new();
    let mut seen: Vec<Value> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if key == "anyOf" {
            let shape = semantic(item);
            if seen.contains(&shape) {
                continue;
            }
            seen.push(shape);
        }
        out.push((i, item));
    }
    Some(out)
}

/// How alike two alternatives are: the same type counts most, then shared property names and
/// required properties. `None` when their types differ.
fn likeness(old: &Value, new: &Value) -> Option<usize> {
    let (old, new) = (flatten(old), flatten(new));
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return None;
    };
    if schema_type(old) != schema_type(new) {
        return None;
    }
    let names = |s: &Map<String, Value>| -> BTreeSet<String> {
        s.get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let shared = names(old).intersection(&names(new)).count();
    let required = required_set(old).intersection(&required_set(new)).count();
    Some(1 + 2 * shared + required)
}

/// Alternatives matched by structure: identical shapes first, then by likeness, then a last
/// pair of one old and one new alternative as a change of that alternative.
struct Matching {
    /// (old position, new position) of alternatives that are the same or changed.
    pairs: Vec<(usize, usize)>,
    /// Old positions without a match.
    removed: Vec<usize>,
    /// New positions without a match.
    added: Vec<usize>,
}

fn match_alternatives(old: &[(usize, &Value)], new: &[(usize, &Value)]) -> Matching {
    let old_shapes: Vec<Value> = old.iter().map(|(_, v)| semantic(v)).collect();
    let new_shapes: Vec<Value> = new.iter().map(|(_, v)| semantic(v)).collect();
    let mut used = vec![false; new.len()];
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    for (i, shape) in old_shapes.iter().enumerate() {
        match (0..new.len()).find(|&j| !used[j] && new_shapes[j] == *shape) {
            Some(j) => {
                used[j] = true;
                pairs.push((i, j));
            }
            None => left.push(i),
        }
    }
    let mut removed = Vec::new();
    let mut unmatched_old = Vec::new();
    for i in left {
        let best = (0..new.len())
            .filter(|&j| !used[j])
            .filter_map(|j| likeness(old[i].1, new[j].1).map(|score| (score, j)))
            .max_by_key(|(score, j)| (*score, std::cmp::Reverse(*j)));
        match best {
            Some((_, j)) => {
                used[j] = true;
                pairs.push((i, j));
            }
            None => unmatched_old.push(i),
        }
    }
    let unmatched_new: Vec<usize> = (0..new.len()).filter(|&j| !used[j]).collect();
    let mut added = Vec::new();
    if let ([i], [j]) = (unmatched_old.as_slice(), unmatched_new.as_slice()) {
        pairs.push((*i, *j));
    } else {
        removed = unmatched_old;
        added = unmatched_new;
    }
    Matching {
        pairs: pairs
            .into_iter()
            .map(|(i, j)| (old[i].0, new[j].0))
            .collect(),
        removed: removed.into_iter().map(|i| old[i].0).collect(),
        added: added.into_iter().map(|j| new[j].0).collect(),
    }
}

fn is_extensible(schema: &Map<String, Value>) -> bool {
    schema.get(EXTENSIBLE) == Some(&Value::Bool(true))
}

/// Reports the alternatives of `key` at `at` that were removed or added.
fn alternatives_changed(
    key: &str,
    removed: &[usize],
    added: &[usize],
    extensible: bool,
    side: Side,
    at: &str,
    out: &mut Changes,
) {
    for index in removed {
        let message = if side.is_request() {
            format!(
                "the `{key}` alternative {index} was removed: clients that send that shape are rejected"
            )
        } else {
            format!("the `{key}` alternative {index} was removed: that shape no longer arrives")
        };
        out.push(Change::new(
            &side.judge(Effect::Narrower, &ALTERNATIVES),
            join(at, &[key, &index.to_string()]),
            message,
        ));
    }
    for index in added {
        let (check, message) = if side.is_request() {
            (
                side.judge(Effect::Wider, &ALTERNATIVES),
                format!("the `{key}` alternative {index} was added"),
            )
        } else if extensible {
            (
                c::RESPONSE_ALTERNATIVE_ADDED_EXTENSIBLE,
                format!(
                    "the `{key}` alternative {index} was added to a composition marked `{EXTENSIBLE}`"
                ),
            )
        } else {
            (
                side.judge(Effect::Wider, &ALTERNATIVES),
                format!(
                    "the `{key}` alternative {index} was added: clients meet a shape they cannot decode"
                ),
            )
        };
        out.push(Change::new(
            &check,
            join(at, &[key, &index.to_string()]),
            message,
        ));
    }
}

fn compositions(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) {
    for key in ["oneOf", "anyOf"] {
        let (o, n) = (alternatives(old, key), alternatives(new, key));
        if o.is_none() && n.is_none() {
            continue;
        }
        let (o, n) = (o.unwrap_or_default(), n.unwrap_or_default());
        let matching = match_alternatives(&o, &n);
        for (i, j) in &matching.pairs {
            if let (Some(old_alt), Some(new_alt)) = (
                old.get(key).and_then(|a| a.get(*i)),
                new.get(key).and_then(|a| a.get(*j)),
            ) {
                compare_at(
                    old_alt,
                    new_alt,
                    side,
                    &join(pointer, &[key, &j.to_string()]),
                    out,
                    depth + 1,
                );
            }
        }
        let mut added = matching.added;
        if key == "oneOf" && side.is_request() {
            added.retain(|j| !newly_ambiguous(&o, &n, *j, pointer, out));
        }
        alternatives_changed(
            key,
            &matching.removed,
            &added,
            is_extensible(new),
            side,
            pointer,
            out,
        );
    }
    if semantic_of(old, "not") != semantic_of(new, "not") {
        out.push(Change::new(
            &side.judge(Effect::Other, &ALTERNATIVES),
            join(pointer, &["not"]),
            "the `not` constraint changed",
        ));
    }
}

/// Whether the request `oneOf` alternative `j` of `new`, added, has the shape of another
/// alternative: every payload of that shape then matches twice and fails `oneOf`. When the old
/// `oneOf` already had two alternatives of that shape, the ambiguity is not new and the addition is
/// judged as any other (`false`).
fn newly_ambiguous(
    old: &[(usize, &Value)],
    new: &[(usize, &Value)],
    j: usize,
    pointer: &str,
    out: &mut Changes,
) -> bool {
    let shapes: Vec<(usize, Value)> = new.iter().map(|(i, v)| (*i, semantic(v))).collect();
    let Some(shape) = shapes.iter().find(|(i, _)| *i == j).map(|(_, s)| s) else {
        return false;
    };
    let Some(twin) = shapes
        .iter()
        .find(|(i, s)| *i != j && s == shape)
        .map(|(i, _)| *i)
    else {
        return false;
    };
    let already = old.iter().filter(|(_, v)| semantic(v) == *shape).count();
    if already >= 2 {
        return false;
    }
    out.push(Change::new(
        &c::REQUEST_ONE_OF_AMBIGUOUS,
        join(pointer, &["oneOf", &j.to_string()]),
        format!(
            "the `oneOf` alternative {j} was added with the shape of alternative {twin}: payloads of that shape match both and fail `oneOf`"
        ),
    ));
    true
}

/// Keywords that make a schema more than a composition.
fn is_pure_composition(schema: &Map<String, Value>, key: &str) -> bool {
    schema.contains_key(key)
        && !schema.contains_key("properties")
        && !schema.contains_key("items")
        && !schema.contains_key("enum")
        && (schema_type(schema).is_none() || schema_type(schema) == Some("object"))
}

/// Whether every value `old` accepts is accepted by the alternative `variant`, as far as
/// required properties and declared property shapes tell.
fn accepts_all_of(variant: &Value, old: &Map<String, Value>) -> bool {
    let variant = flatten(variant);
    let Some(variant) = variant.as_object() else {
        return false;
    };
    if schema_type(variant).is_some() && schema_type(variant) != schema_type(old) {
        return false;
    }
    if !required_set(variant).is_subset(&required_set(old)) {
        return false;
    }
    let empty = Map::new();
    let props = |s: &Map<String, Value>| s.get("properties").and_then(Value::as_object).cloned();
    let (old_props, variant_props) = (props(old).unwrap_or_default(), props(variant));
    variant_props
        .as_ref()
        .unwrap_or(&empty)
        .iter()
        .all(|(name, shape)| {
            old_props
                .get(name)
                .is_some_and(|old_shape| semantic(old_shape) == semantic(shape))
        })
        && (variant.get("additionalProperties") != Some(&Value::Bool(false))
            || old_props
                .keys()
                .all(|name| variant_props.as_ref().is_some_and(|v| v.contains_key(name))))
}

/// A plain schema wrapped into a `oneOf`/`anyOf` (or such a composition unwrapped into a plain
/// schema), judged as a whole instead of keyword by keyword. Returns whether it handled the pair.
fn wrapping(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    side: Side,
    pointer: &str,
    out: &mut Changes,
    depth: usize,
) -> bool {
    for key in ["oneOf", "anyOf"] {
        let wrapped = !old.contains_key(key) && is_pure_composition(new, key);
        let unwrapped = !new.contains_key(key) && is_pure_composition(old, key);
        if !wrapped && !unwrapped {
            continue;
        }
        let (plain, composed) = if wrapped { (old, new) } else { (new, old) };
        let Some(variants) = alternatives(composed, key) else {
            continue;
        };
        let plain_value = Value::Object(plain.clone());
        if wrapped && side.is_request() && key == "oneOf" {
            let accepting: Vec<usize> = variants
                .iter()
                .filter(|(_, v)| accepts_all_of(v, plain))
                .map(|(i, _)| *i)
                .collect();
            if accepting.len() >= 2 {
                out.push(Change::new(
                    &c::REQUEST_ONE_OF_AMBIGUOUS,
                    join(pointer, &[key]),
                    format!(
                        "the value was wrapped into a `oneOf` whose alternatives {} all accept what was valid before: such a payload matches several and fails `oneOf`",
                        accepting
                            .iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                return true;
            }
        }
        // The alternative most like the plain schema stands for it; the others were added
        // (wrapped) or removed (unwrapped).
        let best = variants
            .iter()
            .map(|(i, v)| {
                let exact = semantic(v) == semantic(&plain_value);
                let accepts = accepts_all_of(v, plain);
                (
                    exact,
                    accepts,
                    likeness(&plain_value, v).unwrap_or(0),
                    *i,
                    *v,
                )
            })
            .max_by_key(|(exact, accepts, score, i, _)| {
                (*exact, *accepts, *score, std::cmp::Reverse(*i))
            });
        let Some((_, _, _, index, variant)) = best else {
            continue;
        };
        let at = join(pointer, &[key, &index.to_string()]);
        if wrapped {
            compare_at(&plain_value, variant, side, &at, out, depth + 1);
        } else {
            compare_at(variant, &plain_value, side, pointer, out, depth + 1);
        }
        let others: Vec<usize> = variants
            .iter()
            .map(|(i, _)| *i)
            .filter(|i| *i != index)
            .collect();
        let (removed, added) = if wrapped {
            (Vec::new(), others)
        } else {
            (others, Vec::new())
        };
        alternatives_changed(
            key,
            &removed,
            &added,
            is_extensible(new),
            side,
            pointer,
            out,
        );
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_judged_by_direction() {
        assert_eq!(pattern_effect(Some("^[a-z]+$"), None), Some(Effect::Wider));
        assert_eq!(
            pattern_effect(Some("^[a-z]+$"), Some(".*")),
            Some(Effect::Wider)
        );
        assert_eq!(
            pattern_effect(None, Some("^[a-z]+$")),
            Some(Effect::Narrower)
        );
        assert_eq!(pattern_effect(None, Some(".*")), None);
        assert_eq!(
            pattern_effect(Some("^[a-z]+$"), Some("^[0-9]+$")),
            Some(Effect::Other)
        );
        assert_eq!(
            pattern_effect(Some("^[a-z]+$"), Some("^([a-z]+|[0-9]+)$")),
            Some(Effect::Wider)
        );
        assert_eq!(
            pattern_effect(Some("^(a|b)$"), Some("^a$")),
            Some(Effect::Narrower)
        );
        assert_eq!(
            pattern_effect(Some("^abc$"), Some("abc")),
            Some(Effect::Wider)
        );
    }

    #[test]
    fn side_judge_picks_one_check_per_side_and_effect() {
        let request = Side(Direction::Request);
        let response = Side(Direction::Response);
        assert_eq!(
            request.judge(Effect::Narrower, &BOUNDS).id,
            "request-bounds-tightened"
        );
        assert_eq!(
            response.judge(Effect::Other, &BOUNDS).id,
            "response-bounds-widened"
        );
        assert_eq!(
            request.judge(Effect::Other, &PATTERN).id,
            "request-pattern-changed"
        );
        assert_eq!(
            response.judge(Effect::Wider, &MEDIA_SCHEMA).id,
            "response-schema-removed"
        );
    }
}
