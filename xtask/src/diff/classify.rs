//! Comparing two inlined documents: servers, security, paths, operations, parameters, request
//! bodies and responses. Schemas are compared by [`super::schema`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::checks as c;
use super::resolve::{path_key, semantic};
use super::schema::{self, Direction, Effect, Side};
use super::sunset;
use super::{Change, Changes};
use crate::check::walk::METHODS;
use crate::report::join;

/// Appends every change from `old` to `new` (both with references inlined).
pub fn document(old: &Value, new: &Value, out: &mut Changes) {
    servers(old, new, out);
    security_schemes(old, new, out);
    paths(old, new, out);
}

fn servers(old: &Value, new: &Value, out: &mut Changes) {
    compare_servers(old.get("servers"), new.get("servers"), "#/servers", "", out);
}

/// The server URLs of a `servers` list, without trailing slashes.
fn server_urls(servers: Option<&Value>) -> Vec<String> {
    servers
        .and_then(Value::as_array)
        .map(|servers| {
            servers
                .iter()
                .filter_map(|s| s.get("url").and_then(Value::as_str))
                .map(|u| u.trim_end_matches('/').to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Compares two `servers` lists declared at `base` (`#/servers`, or a path's or operation's);
/// `scope` says whose servers they are in messages (empty for the document).
fn compare_servers(
    old: Option<&Value>,
    new: Option<&Value>,
    base: &str,
    scope: &str,
    out: &mut Changes,
) {
    let (old_urls, new_urls) = (server_urls(old), server_urls(new));
    let added: Vec<(usize, &String)> = new_urls
        .iter()
        .enumerate()
        .filter(|(_, u)| !old_urls.contains(u))
        .collect();
    for (i, url) in old_urls.iter().enumerate() {
        if new_urls.contains(url) {
            continue;
        }
        let replacement = added.iter().find(|(j, _)| *j == i).map(|(_, u)| u);
        let (pointer, message) = match replacement {
            Some(to) => (
                join(base, &[&i.to_string(), "url"]),
                format!("the server URL `{url}`{scope} changed to `{to}`"),
            ),
            None => (
                join(base, &[&i.to_string()]),
                format!("the server URL `{url}`{scope} was removed"),
            ),
        };
        out.push(Change::new(&c::SERVER_URL_CHANGED, pointer, message));
    }
    for (j, url) in added {
        if old_urls.get(j).is_some_and(|u| !new_urls.contains(u)) {
            continue; // reported as a change of the old URL
        }
        out.push(Change::new(
            &c::SERVER_ADDED,
            join(base, &[&j.to_string()]),
            format!("the server URL `{url}`{scope} was added"),
        ));
    }
}

/// The servers an operation is called on, and where they are declared: the operation's own,
/// else its path's, else the document's.
fn effective_servers<'a>(
    doc: &'a Value,
    item: &'a Value,
    op: &'a Value,
    op_pointer: &str,
) -> (Option<&'a Value>, String, bool) {
    if let Some(servers) = op.get("servers") {
        return (Some(servers), join(op_pointer, &["servers"]), true);
    }
    if let Some(servers) = item.get("servers") {
        let item_pointer = op_pointer
            .rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_owned());
        return (Some(servers), join(&item_pointer, &["servers"]), true);
    }
    (doc.get("servers"), "#/servers".to_owned(), false)
}

/// The servers of one operation, compared when a path or the operation overrides the document's
/// in either version (the document's own are compared once, by [`servers`]).
fn operation_servers(pair: &OperationPair<'_>, out: &mut Changes) {
    let (old, _, old_override) =
        effective_servers(pair.old_doc, pair.old_item, pair.old_op, &pair.old_pointer);
    let (new, base, new_override) =
        effective_servers(pair.new_doc, pair.new_item, pair.new_op, &pair.pointer);
    if !old_override && !new_override {
        return;
    }
    let base = if new_override {
        base
    } else {
        join(&pair.pointer, &["servers"])
    };
    compare_servers(old, new, &base, " of this operation", out);
}

/// The names of the security schemes some operation of `doc` (or the document) requires.
fn referenced_schemes(doc: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut add = |list: Option<&Value>| {
        for requirement in list.and_then(Value::as_array).into_iter().flatten() {
            if let Some(requirement) = requirement.as_object() {
                names.extend(requirement.keys().cloned());
            }
        }
    };
    add(doc.get("security"));
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
    {
        for method in METHODS {
            add(item.get(*method).and_then(|op| op.get("security")));
        }
    }
    names
}

/// A security scheme without the scopes its flows offer.
fn without_scopes(scheme: &Value) -> Value {
    let mut scheme = semantic(scheme);
    if let Some(flows) = scheme.get_mut("flows").and_then(Value::as_object_mut) {
        for flow in flows.values_mut() {
            if let Some(flow) = flow.as_object_mut() {
                flow.remove("scopes");
            }
        }
    }
    scheme
}

fn security_schemes(old: &Value, new: &Value, out: &mut Changes) {
    let schemes = |doc: &Value| {
        doc.pointer("/components/securitySchemes")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (old_schemes, new_schemes) = (schemes(old), schemes(new));
    let used = referenced_schemes(old);
    for (name, old_scheme) in &old_schemes {
        let pointer = join("#/components/securitySchemes", &[name]);
        match new_schemes.get(name) {
            None if used.contains(name) => out.push(Change::new(
                &c::SECURITY_SCHEME_REMOVED,
                pointer,
                format!("the security scheme `{name}` was removed"),
            )),
            None => out.push(Change::new(
                &c::SECURITY_SCHEME_REMOVED_UNUSED,
                pointer,
                format!("the security scheme `{name}`, which no operation required, was removed"),
            )),
            Some(new_scheme) if without_scopes(old_scheme) != without_scopes(new_scheme) => {
                out.push(Change::new(
                    &c::SECURITY_SCHEME_CHANGED,
                    pointer,
                    format!(
                        "the security scheme `{name}` changed ({})",
                        differing_keys(old_scheme, new_scheme)
                    ),
                ));
            }
            Some(new_scheme) if semantic(old_scheme) != semantic(new_scheme) => {
                out.push(Change::new(
                    &c::SECURITY_SCHEME_SCOPES_CHANGED,
                    pointer,
                    format!(
                        "the scopes the security scheme `{name}` offers changed ({})",
                        differing_keys(old_scheme, new_scheme)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    for name in new_schemes.keys().filter(|n| !old_schemes.contains_key(*n)) {
        out.push(Change::new(
            &c::SECURITY_SCHEME_ADDED,
            join("#/components/securitySchemes", &[name]),
            format!("the security scheme `{name}` was added"),
        ));
    }
}

/// The keys (as dotted paths) whose values differ between two objects, ignoring annotations.
fn differing_keys(old: &Value, new: &Value) -> String {
    fn walk(old: &Value, new: &Value, prefix: &str, out: &mut Vec<String>) {
        match (old, new) {
            (Value::Object(o), Value::Object(n)) => {
                let keys: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
                for key in keys {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    match (o.get(key), n.get(key)) {
                        (Some(a), Some(b)) => walk(a, b, &path, out),
                        _ => out.push(path),
                    }
                }
            }
            (a, b) if a != b => out.push(prefix.to_owned()),
            _ => {}
        }
    }
    let mut keys = Vec::new();
    walk(&semantic(old), &semantic(new), "", &mut keys);
    if keys.is_empty() {
        "its definition".to_owned()
    } else {
        keys.join(", ")
    }
}

/// A path item of a document, found by its normalized template.
struct PathItem<'a> {
    template: &'a str,
    item: &'a Value,
}

fn path_items(doc: &Value) -> BTreeMap<String, PathItem<'_>> {
    let mut out = BTreeMap::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (template, item) in paths {
            out.entry(path_key(template))
                .or_insert(PathItem { template, item });
        }
    }
    out
}

fn methods(item: &Value) -> Vec<&'static str> {
    METHODS
        .iter()
        .copied()
        .filter(|m| item.get(*m).is_some_and(Value::is_object))
        .collect()
}

fn paths(old: &Value, new: &Value, out: &mut Changes) {
    let (old_items, new_items) = (path_items(old), path_items(new));
    for (key, old_item) in &old_items {
        let Some(new_item) = new_items.get(key) else {
            let ops = methods(old_item.item)
                .iter()
                .map(|m| m.to_uppercase())
                .collect::<Vec<_>>()
                .join(", ");
            let operations = methods(old_item.item)
                .into_iter()
                .filter_map(|m| old_item.item.get(m));
            let (check, message) = sunset::removal(
                &sunset::retirement_of_all(operations, &sunset::today()),
                c::PATH_REMOVED,
                format!(
                    "the path `{}` was removed with its operations ({ops})",
                    old_item.template
                ),
            );
            out.push(Change::new(
                &check,
                join("#/paths", &[old_item.template]),
                message,
            ));
            continue;
        };
        operations(old, new, old_item, new_item, out);
    }
    for (key, new_item) in &new_items {
        if !old_items.contains_key(key) {
            out.push(Change::new(
                &c::PATH_ADDED,
                join("#/paths", &[new_item.template]),
                format!("the path `{}` was added", new_item.template),
            ));
        }
    }
}

fn operation_id(op: &Value) -> Option<&str> {
    op.get("operationId").and_then(Value::as_str)
}

fn operations(
    old: &Value,
    new: &Value,
    old_item: &PathItem<'_>,
    new_item: &PathItem<'_>,
    out: &mut Changes,
) {
    let (old_methods, new_methods) = (methods(old_item.item), methods(new_item.item));
    let mut added: Vec<&str> = new_methods
        .iter()
        .copied()
        .filter(|m| !old_methods.contains(m))
        .collect();
    for method in &old_methods {
        let old_op = &old_item.item[*method];
        if new_methods.contains(method) {
            let ctx = OperationPair {
                old_doc: old,
                new_doc: new,
                old_item: old_item.item,
                new_item: new_item.item,
                old_op,
                new_op: &new_item.item[*method],
                old_pointer: join("#/paths", &[old_item.template, method]),
                pointer: join("#/paths", &[new_item.template, method]),
            };
            operation(&ctx, out);
            continue;
        }
        // Moved to another method: the same operationId under a method that is new.
        let moved = added.iter().position(|m| {
            operation_id(old_op).is_some()
                && operation_id(&new_item.item[*m]) == operation_id(old_op)
        });
        match moved {
            Some(index) => {
                let to = added.remove(index);
                out.push(Change::new(
                    &c::OPERATION_METHOD_CHANGED,
                    join("#/paths", &[new_item.template, to]),
                    format!(
                        "`{}` moved from {} to {}",
                        operation_id(old_op).unwrap_or(method),
                        method.to_uppercase(),
                        to.to_uppercase()
                    ),
                ));
            }
            None => {
                let (check, message) = sunset::removal(
                    &sunset::retirement(old_op, &sunset::today()),
                    c::OPERATION_REMOVED,
                    format!(
                        "the operation {} {}{} was removed",
                        method.to_uppercase(),
                        old_item.template,
                        operation_id(old_op)
                            .map(|id| format!(" (`{id}`)"))
                            .unwrap_or_default()
                    ),
                );
                out.push(Change::new(
                    &check,
                    join("#/paths", &[old_item.template, method]),
                    message,
                ));
            }
        }
    }
    for method in added {
        out.push(Change::new(
            &c::OPERATION_ADDED,
            join("#/paths", &[new_item.template, method]),
            format!(
                "the operation {} {} was added",
                method.to_uppercase(),
                new_item.template
            ),
        ));
    }
}

/// One operation in both documents.
struct OperationPair<'a> {
    old_doc: &'a Value,
    new_doc: &'a Value,
    old_item: &'a Value,
    new_item: &'a Value,
    old_op: &'a Value,
    new_op: &'a Value,
    old_pointer: String,
    pointer: String,
}

fn operation(pair: &OperationPair<'_>, out: &mut Changes) {
    let (old_id, new_id) = (operation_id(pair.old_op), operation_id(pair.new_op));
    if old_id != new_id {
        out.push(Change::new(
            &c::OPERATION_ID_CHANGED,
            join(&pair.pointer, &["operationId"]),
            format!(
                "the operationId changed from `{}` to `{}`",
                old_id.unwrap_or("none"),
                new_id.unwrap_or("none")
            ),
        ));
    }
    let deprecated = |op: &Value| op.get("deprecated") == Some(&Value::Bool(true));
    if !deprecated(pair.old_op) && deprecated(pair.new_op) {
        out.push(Change::new(
            &c::OPERATION_DEPRECATED,
            join(&pair.pointer, &["deprecated"]),
            "the operation is now deprecated",
        ));
    }
    if deprecated(pair.old_op) && !deprecated(pair.new_op) {
        out.push(Change::new(
            &c::OPERATION_REACTIVATED,
            &pair.pointer,
            "the operation is no longer deprecated",
        ));
    }
    security(pair, out);
    operation_servers(pair, out);
    parameters(pair, out);
    request_body(pair, out);
    responses(pair, out);
}

type Requirement = BTreeMap<String, BTreeSet<String>>;

/// The security an operation effectively requires, and the pointer where it is declared.
fn effective_security(
    doc: &Value,
    op: &Value,
    op_pointer: &str,
) -> (BTreeSet<Requirement>, String) {
    let (list, pointer) = match op.get("security") {
        Some(list) => (Some(list), join(op_pointer, &["security"])),
        None => (doc.get("security"), "#/security".to_owned()),
    };
    let requirements = list
        .and_then(Value::as_array)
        .map(|alternatives| {
            alternatives
                .iter()
                .filter_map(Value::as_object)
                .map(|requirement| {
                    requirement
                        .iter()
                        .map(|(scheme, scopes)| {
                            let scopes = scopes
                                .as_array()
                                .map(|s| {
                                    s.iter()
                                        .filter_map(Value::as_str)
                                        .map(str::to_owned)
                                        .collect()
                                })
                                .unwrap_or_default();
                            (scheme.clone(), scopes)
                        })
                        .collect::<Requirement>()
                })
                .collect()
        })
        .unwrap_or_default();
    (requirements, pointer)
}

fn requirement_text(requirement: &Requirement) -> String {
    if requirement.is_empty() {
        return "anonymous access".to_owned();
    }
    requirement
        .iter()
        .map(|(scheme, scopes)| {
            if scopes.is_empty() {
                format!("`{scheme}`")
            } else {
                let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                format!("`{scheme}` [{}]", scopes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Whether a client that meets `old` can meet `new` with the same credentials: the same schemes,
/// each needing no scope `old` did not.
fn satisfied_by(old: &Requirement, new: &Requirement) -> bool {
    old.len() == new.len()
        && old.iter().all(|(scheme, scopes)| {
            new.get(scheme)
                .is_some_and(|needed| needed.is_subset(scopes))
        })
}

/// Whether two requirements use the same schemes (whatever their scopes).
fn same_schemes(a: &Requirement, b: &Requirement) -> bool {
    a.len() == b.len() && a.keys().all(|scheme| b.contains_key(scheme))
}

fn scopes_between(from: &Requirement, to: &Requirement) -> String {
    let scopes: Vec<String> = to
        .iter()
        .flat_map(|(scheme, scopes)| {
            let before = from.get(scheme);
            scopes
                .iter()
                .filter(move |s| before.is_none_or(|b| !b.contains(*s)))
                .map(move |s| format!("`{scheme}` {s}"))
        })
        .collect();
    scopes.join(", ")
}

/// Security requirements as a client sees them: each old alternative must still be usable with
/// the same credentials; OAuth2 scopes are sets (fewer is compatible, more is breaking).
fn security(pair: &OperationPair<'_>, out: &mut Changes) {
    let (old, _) = effective_security(pair.old_doc, pair.old_op, &pair.old_pointer);
    let (new, pointer) = effective_security(pair.new_doc, pair.new_op, &pair.pointer);
    if old == new {
        return;
    }
    let open = |set: &BTreeSet<Requirement>| set.is_empty() || set.iter().any(BTreeMap::is_empty);
    if open(&old) && !open(&new) {
        out.push(Change::new(
            &c::SECURITY_ADDED,
            pointer,
            "the operation now requires security; it required none",
        ));
        return;
    }
    if open(&new) {
        if !open(&old) {
            out.push(Change::new(
                &c::SECURITY_RELAXED,
                pointer,
                "the operation no longer requires security",
            ));
        }
        return;
    }
    let mut explained: BTreeSet<&Requirement> = BTreeSet::new();
    for requirement in &old {
        if new.contains(requirement) {
            continue;
        }
        if let Some(fewer) = new.iter().find(|n| satisfied_by(requirement, n)) {
            explained.insert(fewer);
            out.push(Change::new(
                &c::SECURITY_SCOPES_REDUCED,
                &pointer,
                format!(
                    "the security alternative {} now needs fewer scopes: {}",
                    requirement_text(requirement),
                    requirement_text(fewer)
                ),
            ));
            continue;
        }
        if let Some(more) = new
            .iter()
            .find(|n| !old.contains(*n) && same_schemes(requirement, n))
        {
            explained.insert(more);
            out.push(Change::new(
                &c::SECURITY_SCOPES_ADDED,
                &pointer,
                format!(
                    "the security alternative {} now also needs {}: tokens without them are refused",
                    requirement_text(requirement),
                    scopes_between(requirement, more)
                ),
            ));
            continue;
        }
        out.push(Change::new(
            &c::SECURITY_CHANGED,
            &pointer,
            format!(
                "the security alternative {} is no longer accepted",
                requirement_text(requirement)
            ),
        ));
    }
    for requirement in new.difference(&old) {
        if explained.contains(requirement) {
            continue;
        }
        out.push(Change::new(
            &c::SECURITY_ALTERNATIVE_ADDED,
            &pointer,
            format!(
                "the security alternative {} is now accepted",
                requirement_text(requirement)
            ),
        ));
    }
}

/// A parameter with its location and pointer.
struct Parameter<'a> {
    location: String,
    name: String,
    value: &'a Map<String, Value>,
    pointer: String,
}

impl Parameter<'_> {
    fn key(&self) -> (String, String) {
        let name = if self.location == "header" {
            self.name.to_ascii_lowercase()
        } else {
            self.name.clone()
        };
        (self.location.clone(), name)
    }
    fn required(&self) -> bool {
        self.value.get("required") == Some(&Value::Bool(true))
    }
    fn schema(&self) -> Option<&Value> {
        self.value.get("schema").or_else(|| {
            self.value
                .get("content")
                .and_then(Value::as_object)
                .and_then(|content| content.values().next())
                .and_then(|media| media.get("schema"))
        })
    }
    fn schema_pointer(&self) -> String {
        if self.value.contains_key("schema") {
            return join(&self.pointer, &["schema"]);
        }
        let media = self
            .value
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.keys().next())
            .map_or("", String::as_str);
        join(&self.pointer, &["content", media, "schema"])
    }
    /// The effective serialization: (style, explode).
    fn style(&self) -> (String, bool) {
        let default = match self.location.as_str() {
            "query" | "cookie" => "form",
            _ => "simple",
        };
        let style = self
            .value
            .get("style")
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned();
        let explode = self
            .value
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == "form");
        (style, explode)
    }
    fn describe(&self) -> String {
        format!("the {} parameter `{}`", self.location, self.name)
    }
}

/// Headers that OpenAPI ignores as parameters.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// The effective parameters of an operation: path-level ones overridden by the operation's.
fn effective_parameters<'a>(
    item: &'a Value,
    op: &'a Value,
    op_pointer: &str,
) -> Vec<Parameter<'a>> {
    let item_pointer = op_pointer
        .rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_owned());
    let mut out: Vec<Parameter<'a>> = Vec::new();
    for (owner, owner_pointer) in [(item, item_pointer), (op, op_pointer.to_owned())] {
        let Some(params) = owner.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (i, param) in params.iter().enumerate() {
            let Some(value) = param.as_object() else {
                continue;
            };
            let (Some(location), Some(name)) = (
                value.get("in").and_then(Value::as_str),
                value.get("name").and_then(Value::as_str),
            ) else {
                continue;
            };
            if location == "header" && IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            let parameter = Parameter {
                location: location.to_owned(),
                name: name.to_owned(),
                value,
                pointer: join(&owner_pointer, &["parameters", &i.to_string()]),
            };
            out.retain(|p| p.key() != parameter.key());
            out.push(parameter);
        }
    }
    out
}

fn parameters(pair: &OperationPair<'_>, out: &mut Changes) {
    let old = effective_parameters(pair.old_item, pair.old_op, &pair.old_pointer);
    let new = effective_parameters(pair.new_item, pair.new_op, &pair.pointer);
    let old_keys: BTreeSet<_> = old.iter().map(Parameter::key).collect();
    let mut added: Vec<&Parameter<'_>> = new
        .iter()
        .filter(|p| !old_keys.contains(&p.key()))
        .collect();
    for old_param in &old {
        if let Some(new_param) = new.iter().find(|p| p.key() == old_param.key()) {
            parameter(old_param, new_param, out);
            continue;
        }
        let same_shape = |p: &Parameter<'_>| {
            p.location == old_param.location
                && p.required() == old_param.required()
                && p.schema().map(semantic) == old_param.schema().map(semantic)
        };
        if let Some(index) = added.iter().position(|p| same_shape(p)) {
            let to = added.remove(index);
            let check = if old_param.location == "path" {
                c::PATH_PARAMETER_RENAMED
            } else {
                c::PARAMETER_RENAMED
            };
            out.push(Change::new(
                &check,
                &to.pointer,
                format!("{} was renamed to `{}`", old_param.describe(), to.name),
            ));
            continue;
        }
        if let Some(index) = added
            .iter()
            .position(|p| p.name.eq_ignore_ascii_case(&old_param.name))
        {
            let to = added.remove(index);
            out.push(Change::new(
                &c::PARAMETER_MOVED,
                &to.pointer,
                format!("{} moved to {}", old_param.describe(), to.location),
            ));
            continue;
        }
        let retired = Value::Object(old_param.value.clone());
        let (check, message) = sunset::removal(
            &sunset::retirement(&retired, &sunset::today()),
            c::PARAMETER_REMOVED,
            format!("{} was removed", old_param.describe()),
        );
        out.push(Change::new(&check, &old_param.pointer, message));
    }
    for param in added {
        let (check, message) = if param.required() {
            (
                c::PARAMETER_ADDED_REQUIRED,
                format!(
                    "{} was added as required: existing clients do not send it",
                    param.describe()
                ),
            )
        } else {
            (
                c::PARAMETER_ADDED_OPTIONAL,
                format!("{} was added", param.describe()),
            )
        };
        out.push(Change::new(&check, &param.pointer, message));
    }
}

fn parameter(old: &Parameter<'_>, new: &Parameter<'_>, out: &mut Changes) {
    let deprecated = |p: &Parameter<'_>| p.value.get("deprecated") == Some(&Value::Bool(true));
    if deprecated(old) != deprecated(new) {
        let now = if deprecated(new) {
            "is now deprecated"
        } else {
            "is no longer deprecated"
        };
        out.push(Change::new(
            &c::PARAMETER_DEPRECATED,
            &new.pointer,
            format!("{} {now}", new.describe()),
        ));
    }
    if old.required() != new.required() {
        let (check, now) = if new.required() {
            (c::PARAMETER_MADE_REQUIRED, "required")
        } else {
            (c::PARAMETER_MADE_OPTIONAL, "optional")
        };
        out.push(Change::new(
            &check,
            join(&new.pointer, &["required"]),
            format!("{} is now {now}", new.describe()),
        ));
    }
    if old.style() != new.style() {
        let (os, oe) = old.style();
        let (ns, ne) = new.style();
        out.push(Change::new(
            &c::PARAMETER_STYLE_CHANGED,
            &new.pointer,
            format!(
                "{} is serialized differently: style `{os}` explode {oe} became style `{ns}` explode {ne}",
                new.describe()
            ),
        ));
    }
    if let (Some(o), Some(n)) = (old.schema(), new.schema()) {
        schema::compare(o, n, Direction::Request, &new.schema_pointer(), out);
    }
}

fn request_body(pair: &OperationPair<'_>, out: &mut Changes) {
    let pointer = join(&pair.pointer, &["requestBody"]);
    let required = |body: &Value| body.get("required") == Some(&Value::Bool(true));
    match (
        pair.old_op.get("requestBody"),
        pair.new_op.get("requestBody"),
    ) {
        (None, None) => {}
        (None, Some(body)) => {
            let (check, message) = if required(body) {
                (
                    c::REQUEST_BODY_ADDED_REQUIRED,
                    "a required request body was added",
                )
            } else {
                (c::REQUEST_BODY_ADDED, "an optional request body was added")
            };
            out.push(Change::new(&check, pointer, message));
        }
        (Some(_), None) => out.push(Change::new(
            &c::REQUEST_BODY_REMOVED,
            join(&pair.old_pointer, &["requestBody"]),
            "the request body was removed: what clients send is ignored or rejected",
        )),
        (Some(old), Some(new)) => {
            if required(old) != required(new) {
                let (check, message) = if required(new) {
                    (
                        c::REQUEST_BODY_MADE_REQUIRED,
                        "the request body is now required",
                    )
                } else {
                    (
                        c::REQUEST_BODY_MADE_OPTIONAL,
                        "the request body is now optional",
                    )
                };
                out.push(Change::new(&check, join(&pointer, &["required"]), message));
            }
            content(
                old,
                new,
                &pointer,
                Direction::Request,
                &join(&pair.old_pointer, &["requestBody"]),
                out,
            );
        }
    }
}

/// Compares the `content` maps of two request bodies or responses.
fn content(
    old: &Value,
    new: &Value,
    pointer: &str,
    direction: Direction,
    old_owner_pointer: &str,
    out: &mut Changes,
) {
    let media = |owner: &Value| -> BTreeMap<String, Value> {
        owner
            .get("content")
            .and_then(Value::as_object)
            .map(|c| {
                c.iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_media, new_media) = (media(old), media(new));
    let side = Side(direction);
    for (name, old_media_object) in &old_media {
        let Some(new_media_object) = new_media.get(name) else {
            out.push(Change::new(
                &side.judge(Effect::Narrower, &schema::MEDIA_TYPES),
                join(old_owner_pointer, &["content", name]),
                format!("the media type `{name}` was removed"),
            ));
            continue;
        };
        let at = join(pointer, &["content", name, "schema"]);
        match (
            old_media_object.get("schema"),
            new_media_object.get("schema"),
        ) {
            (Some(o), Some(n)) => schema::compare(o, n, direction, &at, out),
            (None, None) => {}
            (None, Some(_)) => out.push(Change::new(
                &side.judge(Effect::Narrower, &schema::MEDIA_SCHEMA),
                at,
                format!("the media type `{name}` gained a schema where it had none"),
            )),
            (Some(_), None) => out.push(Change::new(
                &side.judge(Effect::Wider, &schema::MEDIA_SCHEMA),
                join(old_owner_pointer, &["content", name, "schema"]),
                format!("the media type `{name}` lost its schema"),
            )),
        }
    }
    for name in new_media.keys().filter(|n| !old_media.contains_key(*n)) {
        out.push(Change::new(
            &side.judge(Effect::Wider, &schema::MEDIA_TYPES),
            join(pointer, &["content", name]),
            format!("the media type `{name}` was added"),
        ));
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2') || status.eq_ignore_ascii_case("default")
}

fn responses(pair: &OperationPair<'_>, out: &mut Changes) {
    let statuses = |op: &Value| -> BTreeMap<String, Value> {
        op.get("responses")
            .and_then(Value::as_object)
            .map(|r| {
                r.iter()
                    .map(|(k, v)| (k.to_ascii_uppercase(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old, new) = (statuses(pair.old_op), statuses(pair.new_op));
    let base = join(&pair.pointer, &["responses"]);
    for (status, old_response) in &old {
        let status_key = status.to_ascii_lowercase();
        let status_name = if status_key == "default" {
            &status_key
        } else {
            status
        };
        let Some(new_response) = new.get(status) else {
            let (check, message) = if is_success(status) {
                (
                    c::RESPONSE_STATUS_REMOVED,
                    format!("the success response `{status_name}` was removed"),
                )
            } else {
                (
                    c::RESPONSE_ERROR_STATUS_REMOVED,
                    format!(
                        "the error response `{status_name}` was removed: that case may now answer differently"
                    ),
                )
            };
            out.push(Change::new(
                &check,
                join(&pair.old_pointer, &["responses", status_name]),
                message,
            ));
            continue;
        };
        let pointer = join(&base, &[status_name]);
        let old_pointer = join(&pair.old_pointer, &["responses", status_name]);
        content(
            old_response,
            new_response,
            &pointer,
            Direction::Response,
            &old_pointer,
            out,
        );
        headers(old_response, new_response, &pointer, &old_pointer, out);
    }
    for status in new.keys().filter(|s| !old.contains_key(*s)) {
        let status_key = status.to_ascii_lowercase();
        let status_name = if status_key == "default" {
            &status_key
        } else {
            status
        };
        out.push(Change::new(
            &c::RESPONSE_STATUS_ADDED,
            join(&base, &[status_name]),
            format!("the response `{status_name}` was added"),
        ));
    }
}

fn headers(old: &Value, new: &Value, pointer: &str, old_pointer: &str, out: &mut Changes) {
    let headers = |response: &Value| -> BTreeMap<String, (String, Value)> {
        response
            .get("headers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), (k.clone(), v.clone())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_headers, new_headers) = (headers(old), headers(new));
    let required = |header: &Value| header.get("required") == Some(&Value::Bool(true));
    for (key, (name, old_header)) in &old_headers {
        match new_headers.get(key) {
            None if required(old_header) => out.push(Change::new(
                &c::RESPONSE_REQUIRED_HEADER_REMOVED,
                join(old_pointer, &["headers", name]),
                format!("the required response header `{name}` was removed: clients that read it get nothing"),
            )),
            None => out.push(Change::new(
                &c::RESPONSE_HEADER_REMOVED,
                join(old_pointer, &["headers", name]),
                format!("the response header `{name}` was removed"),
            )),
            Some((new_name, new_header)) => {
                if required(old_header) && !required(new_header) {
                    out.push(Change::new(
                        &c::RESPONSE_HEADER_MADE_OPTIONAL,
                        join(pointer, &["headers", new_name, "required"]),
                        format!("the response header `{new_name}` is no longer always sent"),
                    ));
                }
                if let (Some(o), Some(n)) = (old_header.get("schema"), new_header.get("schema")) {
                    schema::compare(
                        o,
                        n,
                        Direction::Response,
                        &join(pointer, &["headers", new_name, "schema"]),
                        out,
                    );
                }
            }
        }
    }
    for (key, (name, _)) in &new_headers {
        if !old_headers.contains_key(key) {
            out.push(Change::new(
                &c::RESPONSE_HEADER_ADDED,
                join(pointer, &["headers", name]),
                format!("the response header `{name}` was added"),
            ));
        }
    }
}
