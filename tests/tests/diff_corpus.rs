//! The breaking-change corpus: single, labelled edits of a base contract
//! (`tests/fixtures/diff/base.yaml`), each classified exactly (ids, severities and where), and
//! edits that change nothing a client sees (reformatting, reordering, moving schemas into
//! components, documentation) giving no findings at all.

use serde_json::{Value, json};
use xtask::diff::{self, Change};
use xtask::report::Severity::{self, Error, Info, Warning};

/// The operation path of the base contract, as a pointer.
const P: &str = "/paths/~1v1~1flows~1{flowId}~1{environment}~1sessions";
/// Component schemas, as a pointer.
const S: &str = "/components/schemas";

fn base_text() -> String {
    let path = xtask::workspace::root().join("tests/fixtures/diff/base.yaml");
    std::fs::read_to_string(&path).expect("the corpus base is readable")
}

fn base() -> Value {
    diff::parse_document(&base_text(), "base.yaml").expect("the corpus base parses")
}

/// One edit of a document.
enum Edit {
    Set(String, Value),
    Remove(String),
    Append(String, Value),
    Move(String, String),
    /// Moves the value at the pointer into `components/schemas/<name>` and leaves a `$ref`.
    Extract(String, &'static str),
    /// Replaces a `$ref` at the pointer with a copy of its target.
    Inline(String),
    /// Reverses the array at the pointer.
    Reverse(String),
}

fn expand(pointer: &str) -> String {
    pointer.replace("$P", P).replace("$S", S)
}
fn set(pointer: &str, value: Value) -> Edit {
    Edit::Set(expand(pointer), value)
}
fn remove(pointer: &str) -> Edit {
    Edit::Remove(expand(pointer))
}
fn append(pointer: &str, value: Value) -> Edit {
    Edit::Append(expand(pointer), value)
}
fn mv(from: &str, to: &str) -> Edit {
    Edit::Move(expand(from), expand(to))
}
fn extract(pointer: &str, name: &'static str) -> Edit {
    Edit::Extract(expand(pointer), name)
}
fn inline(pointer: &str) -> Edit {
    Edit::Inline(expand(pointer))
}
fn reverse(pointer: &str) -> Edit {
    Edit::Reverse(expand(pointer))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The parent of `pointer` and the last reference token.
fn parent<'a>(doc: &'a mut Value, pointer: &str) -> (&'a mut Value, String) {
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer with a parent");
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no value at {parent}"));
    (parent, unescape(last))
}

fn take(doc: &mut Value, pointer: &str) -> Value {
    let (parent, last) = parent(doc, pointer);
    match parent {
        Value::Object(object) => object
            .remove(&last)
            .unwrap_or_else(|| panic!("no key {last} at {pointer}")),
        Value::Array(items) => items.remove(last.parse::<usize>().expect("an index")),
        _ => panic!("{pointer} is not in a container"),
    }
}

fn put(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, last) = parent(doc, pointer);
    match parent {
        Value::Object(object) => {
            object.insert(last, value);
        }
        Value::Array(items) => {
            let index: usize = last.parse().expect("an index");
            if index < items.len() {
                items[index] = value;
            } else {
                items.push(value);
            }
        }
        _ => panic!("{pointer} is not in a container"),
    }
}

fn apply(doc: &mut Value, edit: &Edit) {
    match edit {
        Edit::Set(pointer, value) => put(doc, pointer, value.clone()),
        Edit::Remove(pointer) => {
            take(doc, pointer);
        }
        Edit::Append(pointer, value) => doc
            .pointer_mut(pointer)
            .and_then(Value::as_array_mut)
            .unwrap_or_else(|| panic!("no array at {pointer}"))
            .push(value.clone()),
        Edit::Move(from, to) => {
            let value = take(doc, from);
            put(doc, to, value);
        }
        Edit::Extract(pointer, name) => {
            let value = take(doc, pointer);
            put(doc, &format!("{S}/{name}"), value);
            put(
                doc,
                pointer,
                json!({ "$ref": format!("#/components/schemas/{name}") }),
            );
        }
        Edit::Inline(pointer) => {
            let reference = doc
                .pointer(&format!("{pointer}/$ref"))
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("no $ref at {pointer}"))
                .to_owned();
            let target = doc
                .pointer(reference.trim_start_matches('#'))
                .cloned()
                .unwrap_or_else(|| panic!("{reference} points to nothing"));
            put(doc, pointer, target);
        }
        Edit::Reverse(pointer) => doc
            .pointer_mut(pointer)
            .and_then(Value::as_array_mut)
            .unwrap_or_else(|| panic!("no array at {pointer}"))
            .reverse(),
    }
}

/// One labelled change and what it must be classified as: (id, severity, pointer suffix).
/// A reversed case compares the edited document (as the old one) with the base (as the new one),
/// to exercise the mirror of an edit.
struct Case {
    label: &'static str,
    /// Edits applied to both documents first (what the old contract already said).
    common: Vec<Edit>,
    edits: Vec<Edit>,
    reversed: bool,
    expected: Vec<(&'static str, Severity, &'static str)>,
}

fn case(
    label: &'static str,
    edits: Vec<Edit>,
    expected: Vec<(&'static str, Severity, &'static str)>,
) -> Case {
    Case {
        label,
        common: Vec::new(),
        edits,
        reversed: false,
        expected,
    }
}

/// A case whose old document already carries `common` (a deprecation with its sunset date, say).
fn after(
    label: &'static str,
    common: Vec<Edit>,
    edits: Vec<Edit>,
    expected: Vec<(&'static str, Severity, &'static str)>,
) -> Case {
    Case {
        common,
        ..case(label, edits, expected)
    }
}

/// Marks the value at `pointer` deprecated with the sunset date `date`.
fn retire(pointer: &str, date: &str) -> Vec<Edit> {
    vec![
        set(&format!("{pointer}/deprecated"), json!(true)),
        set(&format!("{pointer}/x-sunset"), json!(date)),
    ]
}

/// A sunset date long passed, and one far ahead.
const PAST: &str = "2001-02-03";
const FUTURE: &str = "2999-01-01";

fn mirror(
    label: &'static str,
    edits: Vec<Edit>,
    expected: Vec<(&'static str, Severity, &'static str)>,
) -> Case {
    Case {
        reversed: true,
        ..case(label, edits, expected)
    }
}

/// The (old, new) documents of a case.
fn documents(base: &Value, case: &Case) -> (Value, Value) {
    let mut base = base.clone();
    for edit in &case.common {
        apply(&mut base, edit);
    }
    let base = &base;
    let mut edited = base.clone();
    for edit in &case.edits {
        apply(&mut edited, edit);
    }
    if case.reversed {
        (edited, base.clone())
    } else {
        (base.clone(), edited)
    }
}

fn add_param(name: &str, required: bool) -> Value {
    json!({"name": name, "in": "query", "required": required, "schema": {"type": "string"}})
}

/// Single changes, each labelled with what a client sees.
fn cases() -> Vec<Case> {
    let renamed = "/paths/~1v1~1flows~1{id}~1{environment}~1sessions";
    vec![
        // Paths and operations.
        case(
            "operation removed",
            vec![remove("$P/post")],
            vec![("operation-removed", Error, "/post")],
        ),
        case(
            "path removed",
            vec![remove("$P")],
            vec![("path-removed", Error, "sessions")],
        ),
        // Deprecation and sunset: what was deprecated with an `x-sunset` date that has passed may
        // go (a warning); before that date, or without a date, its removal stays an error.
        after(
            "operation removed after its sunset date",
            retire("$P/post", PAST),
            vec![remove("$P/post")],
            vec![("removed-after-sunset", Warning, "/post")],
        ),
        after(
            "operation removed before its sunset date",
            retire("$P/post", FUTURE),
            vec![remove("$P/post")],
            vec![("removed-before-sunset", Error, "/post")],
        ),
        after(
            "deprecated operation without a sunset date removed",
            vec![set("$P/post/deprecated", json!(true))],
            vec![remove("$P/post")],
            vec![("operation-removed", Error, "/post")],
        ),
        after(
            "path removed after the sunset date of all its operations",
            [retire("$P/get", PAST), retire("$P/post", "2002-01-01")]
                .into_iter()
                .flatten()
                .collect(),
            vec![remove("$P")],
            vec![("removed-after-sunset", Warning, "sessions")],
        ),
        after(
            "path removed while one operation is not deprecated",
            retire("$P/post", PAST),
            vec![remove("$P")],
            vec![("path-removed", Error, "sessions")],
        ),
        after(
            "parameter removed after its sunset date",
            retire("$P/get/parameters/3", PAST),
            vec![remove("$P/get/parameters/3")],
            vec![("removed-after-sunset", Warning, "/parameters/3")],
        ),
        after(
            "parameter removed before its sunset date",
            retire("$P/get/parameters/3", FUTURE),
            vec![remove("$P/get/parameters/3")],
            vec![("removed-before-sunset", Error, "/parameters/3")],
        ),
        after(
            "required response property removed after its sunset date",
            retire("$S/Session/properties/createdAt", PAST),
            vec![
                remove("$S/Session/properties/createdAt"),
                set("$S/Session/required", json!(["sessionId", "sessionStatus"])),
            ],
            vec![(
                "removed-after-sunset",
                Warning,
                "/items/properties/createdAt",
            )],
        ),
        after(
            "required response property removed before its sunset date",
            retire("$S/Session/properties/createdAt", FUTURE),
            vec![
                remove("$S/Session/properties/createdAt"),
                set("$S/Session/required", json!(["sessionId", "sessionStatus"])),
            ],
            vec![(
                "removed-before-sunset",
                Error,
                "/items/properties/createdAt",
            )],
        ),
        case(
            "path renamed to another literal",
            vec![mv(
                "$P",
                "/paths/~1v2~1flows~1{flowId}~1{environment}~1sessions",
            )],
            vec![
                (
                    "path-removed",
                    Error,
                    "~1v1~1flows~1{flowId}~1{environment}~1sessions",
                ),
                (
                    "path-added",
                    Info,
                    "~1v2~1flows~1{flowId}~1{environment}~1sessions",
                ),
            ],
        ),
        case(
            "method changed from POST to PUT",
            vec![mv("$P/post", "$P/put")],
            vec![("operation-method-changed", Error, "/put")],
        ),
        case(
            "operation added",
            vec![set(
                "$P/delete",
                json!({"operationId": "deleteSessions", "responses": {"204": {"description": "Deleted."}}}),
            )],
            vec![("operation-added", Info, "/delete")],
        ),
        case(
            "operationId changed",
            vec![set("$P/get/operationId", json!("getSessions"))],
            vec![("operation-id-changed", Warning, "/get/operationId")],
        ),
        case(
            "operation deprecated",
            vec![set("$P/get/deprecated", json!(true))],
            vec![("operation-deprecated", Info, "/get/deprecated")],
        ),
        // Parameters.
        case(
            "required query parameter added",
            vec![append("$P/get/parameters", add_param("tenant", true))],
            vec![("parameter-added-required", Error, "/get/parameters/5")],
        ),
        case(
            "optional query parameter added",
            vec![append("$P/get/parameters", add_param("tenant", false))],
            vec![("parameter-added-optional", Info, "/get/parameters/5")],
        ),
        case(
            "query parameter removed",
            vec![remove("$P/get/parameters/3")],
            vec![("parameter-removed", Warning, "/get/parameters/3")],
        ),
        case(
            "query parameter renamed",
            vec![set("$P/get/parameters/0/name", json!("pageNumber"))],
            vec![("parameter-renamed", Error, "/get/parameters/0")],
        ),
        case(
            "path parameter renamed",
            vec![
                mv("$P", renamed),
                set(&format!("{renamed}/parameters/0/name"), json!("id")),
            ],
            vec![(
                "path-parameter-renamed",
                Warning,
                "~1v1~1flows~1{id}~1{environment}~1sessions/parameters/0",
            )],
        ),
        case(
            "parameter moved from query to header",
            vec![set("$P/get/parameters/3/in", json!("header"))],
            vec![("parameter-moved", Error, "/get/parameters/3")],
        ),
        case(
            "optional parameter made required",
            vec![set("$P/get/parameters/1/required", json!(true))],
            vec![(
                "parameter-made-required",
                Error,
                "/get/parameters/1/required",
            )],
        ),
        case(
            "header parameter made required",
            vec![set("$P/get/parameters/4/required", json!(true))],
            vec![(
                "parameter-made-required",
                Error,
                "/get/parameters/4/required",
            )],
        ),
        mirror(
            "required header parameter made optional",
            vec![set("$P/get/parameters/4/required", json!(true))],
            vec![(
                "parameter-made-optional",
                Info,
                "/get/parameters/4/required",
            )],
        ),
        case(
            "parameter serialization changed",
            vec![set("$P/get/parameters/2/explode", json!(false))],
            vec![("parameter-style-changed", Error, "/get/parameters/2")],
        ),
        case(
            "parameter type changed",
            vec![set("$P/get/parameters/0/schema/type", json!("string"))],
            vec![(
                "request-type-changed",
                Error,
                "/get/parameters/0/schema/type",
            )],
        ),
        case(
            "parameter type widened to number",
            vec![set("$P/get/parameters/0/schema/type", json!("number"))],
            vec![(
                "request-type-widened",
                Info,
                "/get/parameters/0/schema/type",
            )],
        ),
        case(
            "parameter format widened",
            vec![set("$P/get/parameters/0/schema/format", json!("int64"))],
            vec![(
                "request-format-widened",
                Info,
                "/get/parameters/0/schema/format",
            )],
        ),
        case(
            "request body format changed",
            vec![set(
                "$S/CreateSession/properties/redirectUrl/format",
                json!("uuid"),
            )],
            vec![(
                "request-format-changed",
                Error,
                "/post/requestBody/content/application~1json/schema/properties/redirectUrl/format",
            )],
        ),
        case(
            "request enum value removed",
            vec![set("$S/SortBy/enum", json!(["createdAt"]))],
            vec![(
                "request-enum-value-removed",
                Error,
                "/get/parameters/2/schema/enum",
            )],
        ),
        case(
            "request enum value added",
            vec![set(
                "$S/SortBy/enum",
                json!(["status", "createdAt", "updatedAt"]),
            )],
            vec![(
                "request-enum-value-added",
                Info,
                "/get/parameters/2/schema/enum",
            )],
        ),
        case(
            "request maximum lowered",
            vec![set("$P/get/parameters/1/schema/maximum", json!(50))],
            vec![(
                "request-bounds-tightened",
                Error,
                "/get/parameters/1/schema/maximum",
            )],
        ),
        case(
            "request minimum raised",
            vec![set("$P/get/parameters/0/schema/minimum", json!(1))],
            vec![(
                "request-bounds-tightened",
                Error,
                "/get/parameters/0/schema/minimum",
            )],
        ),
        case(
            "request pattern added to a path parameter",
            vec![set("$P/parameters/0/schema/pattern", json!("^[0-9a-f-]+$"))],
            vec![(
                "request-bounds-tightened",
                Error,
                "sessions/parameters/0/schema/pattern",
            )],
        ),
        case(
            "request maximum raised",
            vec![set("$P/get/parameters/1/schema/maximum", json!(500))],
            vec![(
                "request-bounds-loosened",
                Info,
                "/get/parameters/1/schema/maximum",
            )],
        ),
        case(
            "request default changed",
            vec![set("$P/get/parameters/1/schema/default", json!(50))],
            vec![(
                "request-default-changed",
                Warning,
                "/get/parameters/1/schema/default",
            )],
        ),
        // Request bodies.
        case(
            "required property added to a request body",
            vec![
                set(
                    "$S/CreateSession/properties/locale",
                    json!({"type": "string"}),
                ),
                set("$S/CreateSession/required", json!(["input", "locale"])),
            ],
            vec![(
                "request-property-added-required",
                Error,
                "/requestBody/content/application~1json/schema/properties/locale",
            )],
        ),
        case(
            "optional property added to a request body",
            vec![set(
                "$S/CreateSession/properties/locale",
                json!({"type": "string"}),
            )],
            vec![("request-property-added", Info, "/schema/properties/locale")],
        ),
        case(
            "request body property removed",
            vec![remove("$S/CreateSession/properties/state")],
            vec![(
                "request-property-removed",
                Warning,
                "/schema/properties/state",
            )],
        ),
        case(
            "request body property made required",
            vec![set(
                "$S/CreateSession/required",
                json!(["input", "redirectUrl"]),
            )],
            vec![(
                "request-property-made-required",
                Error,
                "/schema/properties/redirectUrl",
            )],
        ),
        case(
            "request body no longer accepts null",
            vec![remove("$S/CreateSession/properties/state/nullable")],
            vec![(
                "request-nullable-removed",
                Error,
                "/schema/properties/state/nullable",
            )],
        ),
        case(
            "request body closed to undeclared properties",
            vec![set("$S/CreateSession/additionalProperties", json!(false))],
            vec![(
                "request-bounds-tightened",
                Error,
                "/schema/additionalProperties",
            )],
        ),
        case(
            "request body made optional",
            vec![set("$P/post/requestBody/required", json!(false))],
            vec![(
                "request-body-made-optional",
                Info,
                "/post/requestBody/required",
            )],
        ),
        mirror(
            "optional request body made required",
            vec![set("$P/post/requestBody/required", json!(false))],
            vec![(
                "request-body-made-required",
                Error,
                "/post/requestBody/required",
            )],
        ),
        case(
            "required request body added",
            vec![set(
                "$P/get/requestBody",
                json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}}),
            )],
            vec![("request-body-added-required", Error, "/get/requestBody")],
        ),
        case(
            "optional request body added",
            vec![set(
                "$P/get/requestBody",
                json!({"content": {"application/json": {"schema": {"type": "object"}}}}),
            )],
            vec![("request-body-added", Info, "/get/requestBody")],
        ),
        case(
            "request body property made optional",
            vec![set("$S/CreateSession/required", json!([]))],
            vec![(
                "request-property-made-optional",
                Info,
                "/schema/properties/input",
            )],
        ),
        case(
            "request body accepts null",
            vec![set(
                "$S/CreateSession/properties/redirectUrl/nullable",
                json!(true),
            )],
            vec![(
                "request-nullable-added",
                Info,
                "/schema/properties/redirectUrl/nullable",
            )],
        ),
        case(
            "request body constraint by `not` added",
            vec![set(
                "$S/CreateSession/properties/state/not",
                json!({"enum": [""]}),
            )],
            vec![(
                "request-schema-changed",
                Warning,
                "/schema/properties/state/not",
            )],
        ),
        case(
            "request body removed",
            vec![remove("$P/post/requestBody")],
            vec![("request-body-removed", Warning, "/post/requestBody")],
        ),
        case(
            "request media type replaced",
            vec![mv(
                "$P/post/requestBody/content/application~1json",
                "$P/post/requestBody/content/application~1xml",
            )],
            vec![
                (
                    "request-media-type-removed",
                    Error,
                    "/requestBody/content/application~1json",
                ),
                (
                    "request-media-type-added",
                    Info,
                    "/requestBody/content/application~1xml",
                ),
            ],
        ),
        // Responses.
        case(
            "success response status removed",
            vec![remove("$P/get/responses/200")],
            vec![("response-status-removed", Error, "/get/responses/200")],
        ),
        case(
            "error response status removed",
            vec![remove("$P/get/responses/429")],
            vec![(
                "response-error-status-removed",
                Warning,
                "/get/responses/429",
            )],
        ),
        case(
            "response status added",
            vec![set(
                "$P/get/responses/404",
                json!({"description": "Not found."}),
            )],
            vec![("response-status-added", Info, "/get/responses/404")],
        ),
        case(
            "response header removed",
            vec![remove("$P/get/responses/429/headers/Retry-After")],
            vec![(
                "response-header-removed",
                Warning,
                "/get/responses/429/headers/Retry-After",
            )],
        ),
        case(
            "optional response property removed",
            vec![remove("$S/Session/properties/flowVersion")],
            vec![(
                "response-optional-property-removed",
                Warning,
                "/items/properties/flowVersion",
            )],
        ),
        case(
            "required response property removed",
            vec![
                remove("$S/Session/properties/createdAt"),
                set("$S/Session/required", json!(["sessionId", "sessionStatus"])),
            ],
            vec![(
                "response-property-removed",
                Error,
                "/items/properties/createdAt",
            )],
        ),
        case(
            "nested optional response property removed",
            vec![remove("$S/Session/properties/lastStep/properties/verdict")],
            vec![(
                "response-optional-property-removed",
                Warning,
                "/lastStep/properties/verdict",
            )],
        ),
        case(
            "response property made optional",
            vec![set(
                "$S/Session/required",
                json!(["sessionId", "sessionStatus"]),
            )],
            vec![(
                "response-property-made-optional",
                Error,
                "/items/properties/createdAt",
            )],
        ),
        case(
            "response property made required",
            vec![set(
                "$S/Session/required",
                json!(["sessionId", "sessionStatus", "createdAt", "flowId"]),
            )],
            vec![(
                "response-property-made-required",
                Info,
                "/items/properties/flowId",
            )],
        ),
        case(
            "response property made nullable",
            vec![set("$S/Session/properties/flowId/nullable", json!(true))],
            vec![(
                "response-nullable-added",
                Error,
                "/items/properties/flowId/nullable",
            )],
        ),
        case(
            "response reference made nullable with an allOf wrapper",
            vec![set(
                "$S/Session/properties/channel",
                json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Channel"}]}),
            )],
            vec![(
                "response-nullable-added",
                Error,
                "/items/properties/channel/nullable",
            )],
        ),
        case(
            "response property no longer nullable",
            vec![remove("$S/Session/properties/startedAt/nullable")],
            vec![(
                "response-nullable-removed",
                Info,
                "/items/properties/startedAt/nullable",
            )],
        ),
        case(
            "response property type changed",
            vec![set(
                "$S/Session/properties/flowVersion/type",
                json!("string"),
            )],
            vec![(
                "response-type-changed",
                Error,
                "/items/properties/flowVersion/type",
            )],
        ),
        case(
            "response array item type changed",
            vec![set(
                "$S/Session/properties/tags/items/type",
                json!("integer"),
            )],
            vec![(
                "response-type-changed",
                Error,
                "/properties/tags/items/type",
            )],
        ),
        case(
            "response property format changed",
            vec![set("$S/Session/properties/createdAt/format", json!("date"))],
            vec![(
                "response-format-changed",
                Error,
                "/items/properties/createdAt/format",
            )],
        ),
        case(
            "response property format narrowed",
            vec![set(
                "$S/Session/properties/flowVersion/format",
                json!("int32"),
            )],
            vec![(
                "response-format-narrowed",
                Info,
                "/items/properties/flowVersion/format",
            )],
        ),
        case(
            "value added to a closed response enum",
            vec![set("$S/Channel/enum", json!(["web", "mobile", "kiosk"]))],
            vec![(
                "response-enum-value-added-closed",
                Error,
                "/items/properties/channel/enum",
            )],
        ),
        case(
            "value added to an extensible response enum",
            vec![set(
                "$S/SessionStatus/x-extensible-enum",
                json!(["CREATED", "RUNNING", "COMPLETED", "PAUSED"]),
            )],
            vec![(
                "response-enum-value-added-extensible",
                Info,
                "/items/properties/sessionStatus/x-extensible-enum",
            )],
        ),
        case(
            "value removed from a response enum",
            vec![set("$S/Channel/enum", json!(["web"]))],
            vec![(
                "response-enum-value-removed",
                Info,
                "/items/properties/channel/enum",
            )],
        ),
        case(
            "closed response enum made extensible",
            vec![set(
                "$S/Channel",
                json!({"type": "string", "x-extensible-enum": ["web", "mobile"]}),
            )],
            vec![(
                "response-enum-made-extensible",
                Warning,
                "/items/properties/channel/x-extensible-enum",
            )],
        ),
        case(
            "response length bound added",
            vec![set("$S/Session/properties/sessionId/maxLength", json!(36))],
            vec![(
                "response-bounds-tightened",
                Info,
                "/items/properties/sessionId/maxLength",
            )],
        ),
        mirror(
            "response length bound removed",
            vec![set("$S/Session/properties/sessionId/maxLength", json!(36))],
            vec![(
                "response-bounds-widened",
                Warning,
                "/items/properties/sessionId/maxLength",
            )],
        ),
        mirror(
            "response number narrowed to integer",
            vec![set(
                "$S/Session/properties/flowVersion/type",
                json!("number"),
            )],
            vec![(
                "response-type-narrowed",
                Info,
                "/items/properties/flowVersion/type",
            )],
        ),
        case(
            "response media type replaced",
            vec![mv(
                "$P/get/responses/200/content/application~1json",
                "$P/get/responses/200/content/application~1hal+json",
            )],
            vec![
                (
                    "response-media-type-removed",
                    Error,
                    "/get/responses/200/content/application~1json",
                ),
                (
                    "response-media-type-added",
                    Info,
                    "/get/responses/200/content/application~1hal+json",
                ),
            ],
        ),
        case(
            "response header added",
            vec![set(
                "$P/get/responses/200/headers",
                json!({"X-Total-Count": {"schema": {"type": "integer"}}}),
            )],
            vec![(
                "response-header-added",
                Info,
                "/get/responses/200/headers/X-Total-Count",
            )],
        ),
        case(
            "response property added",
            vec![set(
                "$S/Session/properties/region",
                json!({"type": "string"}),
            )],
            vec![("response-property-added", Info, "/items/properties/region")],
        ),
        case(
            "shared error schema changed everywhere it is used",
            vec![set(
                "$S/ApiError/properties/statusCode/type",
                json!("string"),
            )],
            vec![
                (
                    "response-type-changed",
                    Error,
                    "/get/responses/400/content/application~1json/schema/properties/statusCode/type",
                ),
                (
                    "response-type-changed",
                    Error,
                    "/get/responses/429/content/application~1json/schema/properties/statusCode/type",
                ),
                (
                    "response-type-changed",
                    Error,
                    "/post/responses/400/content/application~1json/schema/properties/statusCode/type",
                ),
            ],
        ),
        case(
            "response alternative added to a oneOf",
            vec![append(
                "$S/ApiError/properties/message/oneOf",
                json!({"type": "object"}),
            )],
            on_errors("response-alternative-added", Error, "message/oneOf/2"),
        ),
        // Security and servers.
        case(
            "security alternative removed",
            vec![set("/security", json!([{"bearerAuth": []}]))],
            vec![("security-changed", Error, "#/security")],
        ),
        case(
            "security alternative added to an operation",
            vec![append("$P/post/security", json!({"bearerAuth": []}))],
            vec![("security-alternative-added", Info, "/post/security")],
        ),
        case(
            "operation scopes changed",
            vec![set("$P/post/security/0/oauth2", json!(["sessions.admin"]))],
            vec![("security-scopes-added", Error, "/post/security")],
        ),
        case(
            "operation security removed",
            vec![set("$P/post/security", json!([]))],
            vec![("security-relaxed", Info, "/post/security")],
        ),
        case(
            "security scheme token URL changed",
            vec![set(
                "/components/securitySchemes/oauth2/flows/clientCredentials/tokenUrl",
                json!("https://auth.eu.platform.idnow.sx/oidc/token"),
            )],
            vec![(
                "security-scheme-changed",
                Error,
                "#/components/securitySchemes/oauth2",
            )],
        ),
        case(
            "security scheme added",
            vec![set(
                "/components/securitySchemes/apiKey",
                json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"}),
            )],
            vec![(
                "security-scheme-added",
                Info,
                "#/components/securitySchemes/apiKey",
            )],
        ),
        case(
            "security scheme removed",
            vec![remove("/components/securitySchemes/bearerAuth")],
            vec![(
                "security-scheme-removed",
                Error,
                "#/components/securitySchemes/bearerAuth",
            )],
        ),
        case(
            "server URL changed",
            vec![set(
                "/servers/1/url",
                json!("https://api.eu.platform.idnow.sx/api/v2"),
            )],
            vec![("server-url-changed", Error, "#/servers/1/url")],
        ),
        case(
            "server removed",
            vec![remove("/servers/1")],
            vec![("server-url-changed", Error, "#/servers/1")],
        ),
        case(
            "server added",
            vec![append(
                "/servers",
                json!({"url": "https://api.eu.platform.idnow.io/api/v2"}),
            )],
            vec![("server-added", Info, "#/servers/2")],
        ),
        // Compositions: alternatives matched by structure, judged by direction.
        case(
            "response oneOf alternative removed",
            vec![remove("$S/ApiError/properties/message/oneOf/1")],
            on_errors("response-alternative-removed", Info, "message/oneOf/1"),
        ),
        case(
            "response anyOf alternative added",
            vec![append(
                "$S/ApiError/properties/detail/anyOf",
                json!({"type": "boolean"}),
            )],
            on_errors("response-alternative-added", Error, "detail/anyOf/2"),
        ),
        case(
            "response alternative added to a composition marked extensible",
            vec![
                set("$S/ApiError/properties/detail/x-extensible", json!(true)),
                append(
                    "$S/ApiError/properties/detail/anyOf",
                    json!({"type": "boolean"}),
                ),
            ],
            on_errors(
                "response-alternative-added-extensible",
                Info,
                "detail/anyOf/2",
            ),
        ),
        case(
            "response anyOf alternative changes its type",
            vec![set(
                "$S/ApiError/properties/detail/anyOf/1/type",
                json!("boolean"),
            )],
            on_errors("response-type-changed", Error, "detail/anyOf/1/type"),
        ),
        case(
            "request oneOf alternative removed",
            vec![remove("$S/CreateSession/properties/target/oneOf/1")],
            vec![(
                "request-alternative-removed",
                Error,
                "/schema/properties/target/oneOf/1",
            )],
        ),
        case(
            "request oneOf alternative added",
            vec![append(
                "$S/CreateSession/properties/target/oneOf",
                json!({"type": "integer"}),
            )],
            vec![(
                "request-alternative-added",
                Info,
                "/schema/properties/target/oneOf/2",
            )],
        ),
        case(
            "request oneOf alternative added with the shape of another",
            vec![append(
                "$S/CreateSession/properties/target/oneOf",
                json!({"type": "string", "format": "uri", "title": "Another name"}),
            )],
            vec![(
                "request-one-of-ambiguous",
                Error,
                "/schema/properties/target/oneOf/2",
            )],
        ),
        after(
            "request oneOf alternative added with a shape already ambiguous before",
            vec![append(
                "$S/CreateSession/properties/target/oneOf",
                json!({"type": "string", "format": "uri"}),
            )],
            vec![append(
                "$S/CreateSession/properties/target/oneOf",
                json!({"type": "string", "format": "uri", "title": "A third name"}),
            )],
            vec![(
                "request-alternative-added",
                Info,
                "/schema/properties/target/oneOf/3",
            )],
        ),
        case(
            "request body wrapped into a oneOf of overlapping variants",
            vec![set(
                "$P/post/requestBody/content/application~1json/schema",
                json!({"oneOf": [
                    {"type": "object", "required": ["input"], "properties": {
                        "input": {"type": "object", "additionalProperties": {"type": "string"}}}},
                    {"type": "object", "properties": {
                        "redirectUrl": {"type": "string", "format": "uri"}}}
                ]}),
            )],
            vec![(
                "request-one-of-ambiguous",
                Error,
                "/post/requestBody/content/application~1json/schema/oneOf",
            )],
        ),
        case(
            "response body wrapped into a oneOf",
            vec![set(
                "$P/post/responses/201/content/application~1json/schema",
                json!({"oneOf": [
                    {"type": "object", "required": ["sessionId"], "properties": {
                        "sessionId": {"type": "string"},
                        "redirectUrl": {"type": "string", "format": "uri"}}},
                    {"type": "string"}
                ]}),
            )],
            vec![(
                "response-alternative-added",
                Error,
                "/post/responses/201/content/application~1json/schema/oneOf/1",
            )],
        ),
        // A schema appearing or disappearing on a media type.
        mirror(
            "request media type gains a schema",
            vec![remove(
                "$P/post/requestBody/content/application~1json/schema",
            )],
            vec![(
                "request-schema-added",
                Error,
                "/post/requestBody/content/application~1json/schema",
            )],
        ),
        case(
            "request media type loses its schema",
            vec![remove(
                "$P/post/requestBody/content/application~1json/schema",
            )],
            vec![(
                "request-schema-removed",
                Info,
                "/post/requestBody/content/application~1json/schema",
            )],
        ),
        case(
            "response media type loses its schema",
            vec![remove(
                "$P/post/responses/201/content/application~1json/schema",
            )],
            vec![(
                "response-schema-removed",
                Warning,
                "/post/responses/201/content/application~1json/schema",
            )],
        ),
        mirror(
            "response media type gains a schema",
            vec![remove(
                "$P/post/responses/201/content/application~1json/schema",
            )],
            vec![(
                "response-schema-added",
                Info,
                "/post/responses/201/content/application~1json/schema",
            )],
        ),
        // Patterns, by direction.
        case(
            "request pattern replaced by one that accepts everything",
            vec![set(
                "$S/CreateSession/properties/state/pattern",
                json!(".*"),
            )],
            vec![(
                "request-bounds-loosened",
                Info,
                "/schema/properties/state/pattern",
            )],
        ),
        case(
            "request pattern widened by an alternative",
            vec![set(
                "$S/CreateSession/properties/state/pattern",
                json!("^([a-z0-9-]+|[A-Z]+)$"),
            )],
            vec![(
                "request-bounds-loosened",
                Info,
                "/schema/properties/state/pattern",
            )],
        ),
        case(
            "request pattern removed",
            vec![remove("$S/CreateSession/properties/state/pattern")],
            vec![(
                "request-bounds-loosened",
                Info,
                "/schema/properties/state/pattern",
            )],
        ),
        case(
            "request pattern changed",
            vec![set(
                "$S/CreateSession/properties/state/pattern",
                json!("^[A-Z]+$"),
            )],
            vec![(
                "request-pattern-changed",
                Error,
                "/schema/properties/state/pattern",
            )],
        ),
        case(
            "response pattern changed",
            vec![set(
                "$S/Session/properties/flowId/pattern",
                json!("^[a-z]+$"),
            )],
            vec![(
                "response-pattern-changed",
                Warning,
                "/items/properties/flowId/pattern",
            )],
        ),
        case(
            "response pattern removed",
            vec![remove("$S/Session/properties/flowId/pattern")],
            vec![(
                "response-bounds-widened",
                Warning,
                "/items/properties/flowId/pattern",
            )],
        ),
        // Security.
        case(
            "operation needs more scopes",
            vec![set(
                "$P/post/security/0/oauth2",
                json!(["sessions.write", "sessions.admin"]),
            )],
            vec![("security-scopes-added", Error, "/post/security")],
        ),
        mirror(
            "operation needs fewer scopes",
            vec![set(
                "$P/post/security/0/oauth2",
                json!(["sessions.write", "sessions.admin"]),
            )],
            vec![("security-scopes-reduced", Info, "/post/security")],
        ),
        mirror(
            "security introduced on an open operation",
            vec![set("$P/get/security", json!([]))],
            vec![("security-added", Error, "#/security")],
        ),
        mirror(
            "unreferenced security scheme removed",
            vec![set(
                "/components/securitySchemes/apiKey",
                json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"}),
            )],
            vec![(
                "security-scheme-removed-unused",
                Info,
                "#/components/securitySchemes/apiKey",
            )],
        ),
        case(
            "scope offered by a security scheme added",
            vec![set(
                "/components/securitySchemes/oauth2/flows/clientCredentials/scopes/sessions.admin",
                json!("Administer sessions."),
            )],
            vec![(
                "security-scheme-scopes-changed",
                Info,
                "#/components/securitySchemes/oauth2",
            )],
        ),
        // Servers of an operation or a path.
        case(
            "operation server override changed",
            vec![set(
                "$P/post/servers/0/url",
                json!("https://upload.eu.platform.idnow.sx/api"),
            )],
            vec![("server-url-changed", Error, "/post/servers/0/url")],
        ),
        case(
            "operation server override added",
            vec![append(
                "$P/post/servers",
                json!({"url": "https://upload.eu.platform.idnow.io/api/v2"}),
            )],
            vec![("server-added", Info, "/post/servers/1")],
        ),
        case(
            "path-level server override replaces the document's servers",
            vec![set(
                "$P/servers",
                json!([{"url": "https://api.eu.platform.idnow.io/api"}]),
            )],
            vec![("server-url-changed", Error, "sessions/servers/1")],
        ),
        case(
            "response constraint by `not` added",
            vec![set(
                "$S/Session/properties/flowId/not",
                json!({"enum": [""]}),
            )],
            vec![(
                "response-schema-changed",
                Warning,
                "/items/properties/flowId/not",
            )],
        ),
        // readOnly properties are not judged on the request side, writeOnly ones not on the
        // response side, also when they become so.
        case(
            "request property made readOnly",
            vec![set(
                "$S/CreateSession/properties/state/readOnly",
                json!(true),
            )],
            vec![],
        ),
        // Array items that lose or gain their schema, and required names the schema does not
        // declare.
        case(
            "response array items lost their schema",
            vec![remove("$S/Session/properties/tags/items")],
            vec![(
                "response-bounds-widened",
                Warning,
                "/items/properties/tags/items",
            )],
        ),
        mirror(
            "response array items gained a schema",
            vec![remove("$S/Session/properties/tags/items")],
            vec![(
                "response-bounds-tightened",
                Info,
                "/items/properties/tags/items",
            )],
        ),
        case(
            "request requires a property it does not declare",
            vec![append("$S/CreateSession/required", json!("name"))],
            vec![("request-property-made-required", Error, "/schema/required")],
        ),
        mirror(
            "request no longer requires a property it does not declare",
            vec![append("$S/CreateSession/required", json!("name"))],
            vec![("request-property-made-optional", Info, "/schema/required")],
        ),
        // Arriving on a side is judged: a writeOnly response property that is now returned, a
        // readOnly request property clients may now send.
        after(
            "required writeOnly response property made readable",
            vec![set(
                "$S/Session/properties/createdAt/writeOnly",
                json!(true),
            )],
            vec![remove("$S/Session/properties/createdAt/writeOnly")],
            vec![(
                "response-property-added",
                Info,
                "/items/properties/createdAt",
            )],
        ),
        after(
            "readOnly request property made writable",
            vec![set(
                "$S/CreateSession/properties/state/readOnly",
                json!(true),
            )],
            vec![remove("$S/CreateSession/properties/state/readOnly")],
            vec![("request-property-added", Info, "/schema/properties/state")],
        ),
        case(
            "response-only property made writeOnly",
            vec![set(
                "$S/Session/properties/flowVersion/writeOnly",
                json!(true),
            )],
            vec![],
        ),
        case(
            "response default changed",
            vec![set("$S/Session/properties/flowVersion/default", json!(1))],
            vec![(
                "response-default-changed",
                Info,
                "/items/properties/flowVersion/default",
            )],
        ),
        case(
            "request discriminator added",
            vec![set(
                "$S/CreateSession/properties/target/discriminator",
                json!({"propertyName": "kind"}),
            )],
            vec![(
                "request-discriminator-changed",
                Info,
                "/schema/properties/target/discriminator",
            )],
        ),
        case(
            "response discriminator added",
            vec![set(
                "$S/ApiError/properties/detail/discriminator",
                json!({"propertyName": "kind"}),
            )],
            on_errors(
                "response-discriminator-changed",
                Info,
                "detail/discriminator",
            ),
        ),
        // Deprecation.
        mirror(
            "operation no longer deprecated",
            vec![set("$P/get/deprecated", json!(true))],
            vec![("operation-reactivated", Info, "/get")],
        ),
        case(
            "parameter deprecated",
            vec![set("$P/get/parameters/3/deprecated", json!(true))],
            vec![("parameter-deprecated", Info, "/get/parameters/3")],
        ),
        case(
            "request property deprecated",
            vec![set(
                "$S/CreateSession/properties/redirectUrl/deprecated",
                json!(true),
            )],
            vec![(
                "request-property-deprecated",
                Info,
                "/schema/properties/redirectUrl",
            )],
        ),
        case(
            "response property deprecated",
            vec![set(
                "$S/Session/properties/flowVersion/deprecated",
                json!(true),
            )],
            vec![(
                "response-property-deprecated",
                Info,
                "/items/properties/flowVersion",
            )],
        ),
        // `const` is a closed enum of one value.
        case(
            "response const added",
            vec![set("$S/PageMetadata/properties/size/const", json!(20))],
            vec![(
                "response-bounds-tightened",
                Info,
                "/page/properties/size/const",
            )],
        ),
        case(
            "request const added",
            vec![set(
                "$S/CreateSession/properties/redirectUrl/const",
                json!("https://x.test"),
            )],
            vec![(
                "request-bounds-tightened",
                Error,
                "/schema/properties/redirectUrl/const",
            )],
        ),
        // Required response headers.
        mirror(
            "required response header removed",
            vec![set(
                "$P/get/responses/429/headers/X-Rate-Limit",
                json!({"required": true, "schema": {"type": "integer"}}),
            )],
            vec![(
                "response-required-header-removed",
                Error,
                "/get/responses/429/headers/X-Rate-Limit",
            )],
        ),
        mirror(
            "required response header made optional",
            vec![set(
                "$P/get/responses/429/headers/Retry-After/required",
                json!(true),
            )],
            vec![(
                "response-header-made-optional",
                Error,
                "/get/responses/429/headers/Retry-After/required",
            )],
        ),
        // A recursive schema keeps working.
        case(
            "property added to a recursive schema",
            vec![set("$S/Node/properties/label", json!({"type": "string"}))],
            vec![(
                "response-property-added",
                Info,
                "/items/properties/tree/properties/label",
            )],
        ),
    ]
}

/// The same change at each use of the shared error schema (GET 400, GET 429, POST 400).
fn on_errors(
    id: &'static str,
    severity: Severity,
    suffix: &'static str,
) -> Vec<(&'static str, Severity, &'static str)> {
    vec![(id, severity, suffix); 3]
}

fn changes(old: &Value, new: &Value) -> Vec<Change> {
    diff::diff(old, new).expect("the documents compare")
}

fn show(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| format!("  {} {} {}: {}", c.severity, c.id, c.pointer, c.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_single_change_is_classified_exactly() {
    let base = base();
    let cases = cases();
    assert!(cases.len() >= 30, "the corpus holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let (old, new) = documents(&base, case);
        let found = changes(&old, &new);
        let mut unmatched: Vec<&Change> = found.iter().collect();
        let mut missing = Vec::new();
        for (id, severity, suffix) in &case.expected {
            match unmatched
                .iter()
                .position(|c| c.id == *id && c.severity == *severity && c.pointer.ends_with(suffix))
            {
                Some(index) => {
                    unmatched.remove(index);
                }
                None => missing.push(format!("{severity} {id} at ...{suffix}")),
            }
        }
        if !missing.is_empty() || !unmatched.is_empty() {
            failures.push(format!(
                "{}: missing {:?}; found\n{}",
                case.label,
                missing,
                show(&found)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn labels_are_unique_and_every_change_has_a_message() {
    let base = base();
    let mut labels: Vec<&str> = cases().iter().map(|c| c.label).collect();
    labels.sort();
    let before = labels.len();
    labels.dedup();
    assert_eq!(labels.len(), before, "duplicate labels");
    for case in cases() {
        let (old, new) = documents(&base, &case);
        for change in changes(&old, &new) {
            assert!(
                !change.message.is_empty(),
                "{}: {} has no message",
                case.label,
                change.id
            );
            assert!(
                !change.message.contains('\n'),
                "{}: multi-line message",
                case.label
            );
            assert!(
                change.pointer.starts_with("#/"),
                "{}: {}",
                case.label,
                change.pointer
            );
        }
    }
}

#[test]
fn the_corpus_exercises_every_check_id() {
    let base = base();
    let mut seen = std::collections::BTreeSet::new();
    for case in cases() {
        let (old, new) = documents(&base, &case);
        seen.extend(changes(&old, &new).into_iter().map(|c| c.id));
    }
    // Exercised by its own test, on documents built for it.
    seen.insert("schema-too-deep");
    let missing: Vec<&str> = diff::checks::ALL
        .iter()
        .map(|c| c.id)
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "check ids no case exercises: {missing:?}"
    );
}

// --- Changes that are no change ------------------------------------------------------------

fn assert_no_changes(label: &str, old: &Value, new: &Value) {
    let found = changes(old, new);
    assert!(
        found.is_empty(),
        "{label}: expected no changes, found\n{}",
        show(&found)
    );
}

#[test]
fn an_unchanged_contract_gives_no_findings() {
    let text = base_text();
    let report = diff::diff_texts((&text, "old"), (&text, "new"), &diff::AllowList::new())
        .expect("compares");
    assert!(report.changes.is_empty());
    assert_eq!(report.table(), "no changes\n");
}

#[test]
fn reformatting_as_json_or_re_emitted_yaml_gives_no_findings() {
    let base = base();
    let json_text = serde_json::to_string_pretty(&base).expect("serializes");
    let yaml_text = serde_yaml_ng::to_string(&base).expect("serializes");
    for (label, text) in [("pretty JSON", json_text), ("re-emitted YAML", yaml_text)] {
        assert_ne!(text, base_text());
        let reparsed = diff::parse_document(&text, label).expect("parses");
        assert_no_changes(label, &base, &reparsed);
    }
}

/// JSON text with every object's keys written in reverse order.
fn reversed_json(value: &Value) -> String {
    match value {
        Value::Object(object) => {
            let fields: Vec<String> = object
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), reversed_json(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(reversed_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

#[test]
fn reordered_keys_give_no_findings() {
    let base = base();
    let text = reversed_json(&base);
    let first_key = text.trim_start_matches('{').split(':').next().unwrap_or("");
    assert_eq!(first_key, "\"servers\"", "the keys really are reordered");
    let reordered = diff::parse_document(&text, "reordered").expect("parses");
    assert_no_changes("reordered keys", &base, &reordered);
}

fn path_parameter(base: &Value, index: usize) -> Value {
    base.pointer(&format!("{P}/parameters/{index}"))
        .cloned()
        .expect("the base declares path-level parameters")
}

#[test]
fn structural_rewrites_that_keep_the_contract_give_no_findings() {
    let base = base();
    let rewrites: Vec<(&str, Vec<Edit>)> = vec![
        (
            "inline response schema moved into components",
            vec![extract(
                "$P/post/responses/201/content/application~1json/schema",
                "Created",
            )],
        ),
        (
            "inline property schema moved into components",
            vec![extract("$S/Session/properties/lastStep", "LastStep")],
        ),
        (
            "component inlined at its use",
            vec![inline(
                "$P/get/responses/200/content/application~1json/schema",
            )],
        ),
        (
            "shared response inlined",
            vec![inline("$P/get/responses/400")],
        ),
        ("parameters reordered", vec![reverse("$P/get/parameters")]),
        (
            "path-level parameters repeated on each operation",
            vec![
                append("$P/get/parameters", path_parameter(&base, 0)),
                append("$P/get/parameters", path_parameter(&base, 1)),
                set(
                    "$P/post/parameters",
                    json!([path_parameter(&base, 0), path_parameter(&base, 1)]),
                ),
                remove("$P/parameters"),
            ],
        ),
        (
            "documentation changed",
            vec![
                set("$P/get/summary", json!("List the sessions of a flow")),
                set("$P/get/description", json!("Pages of sessions.")),
                set("$S/Session/description", json!("A session.")),
                set("$S/Session/properties/flowId/example", json!("12345")),
                set("$P/get/responses/200/description", json!("A page.")),
                set("/info/version", json!("1.0.1")),
            ],
        ),
        (
            "vendor extension added",
            vec![set("$S/Session/x-internal-note", json!(true))],
        ),
        (
            "enum values reordered",
            vec![set("$S/SortBy/enum", json!(["createdAt", "status"]))],
        ),
        (
            "header parameter name in other case",
            vec![set("$P/get/parameters/4/name", json!("x-request-id"))],
        ),
        (
            "unused component added",
            vec![set("$S/Unused", json!({"type": "string"}))],
        ),
        (
            "oneOf alternatives reordered",
            vec![reverse("$S/ApiError/properties/message/oneOf")],
        ),
        (
            "identical duplicate added to a response anyOf",
            vec![append(
                "$S/ApiError/properties/detail/anyOf",
                json!({"type": "string", "description": "The same shape again."}),
            )],
        ),
        (
            "identical duplicate added to an allOf",
            vec![set(
                "$S/Session/properties/channel",
                json!({"allOf": [
                    {"$ref": "#/components/schemas/Channel"},
                    {"$ref": "#/components/schemas/Channel"}
                ]}),
            )],
        ),
        (
            "oneOf alternative replaced by an identical shape under a name",
            vec![extract(
                "$S/CreateSession/properties/target/oneOf/1",
                "Target",
            )],
        ),
        (
            "readOnly property changed, judged on the request side only",
            vec![set(
                "$S/CreateSession/properties/createdBy/pattern",
                json!("^[0-9]+$"),
            )],
        ),
        (
            "trailing slash on a server URL",
            vec![set(
                "/servers/0/url",
                json!("https://api.eu.platform.idnow.io/api/"),
            )],
        ),
    ];
    for (label, edits) in rewrites {
        let mut new = base.clone();
        for edit in &edits {
            apply(&mut new, edit);
        }
        assert_ne!(new, base, "{label}: the rewrite changes the document");
        assert_no_changes(label, &base, &new);
    }
}

#[test]
fn the_real_contract_against_its_baseline_has_no_unaccepted_breaking_change() {
    let root = xtask::workspace::root();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("readable");
    let allow = diff::AllowList::load(&diff::allow_file_path()).expect("the allow-list parses");
    let report = diff::diff_texts(
        (&read("spec/baseline.yaml"), "spec/baseline.yaml"),
        (&read("spec/openapi.yaml"), "spec/openapi.yaml"),
        &allow,
    )
    .expect("compares");
    assert!(report.failing(Error).is_empty(), "{}", report.table());
}

#[test]
fn malformed_documents_are_clear_errors() {
    let error = diff::parse_document("a: [", "broken.yaml").expect_err("not YAML");
    assert!(format!("{error:#}").contains("broken.yaml"));
    let error = diff::parse_document("title: x", "plain.yaml").expect_err("not OpenAPI");
    assert!(error.to_string().contains("not an OpenAPI document"));
    let mut dangling = base();
    apply(
        &mut dangling,
        &set(
            "$S/SessionPage/properties/page/$ref",
            json!("#/components/schemas/Gone"),
        ),
    );
    let error = diff::diff(&base(), &dangling).expect_err("dangling reference");
    assert!(
        format!("{error:#}").contains("points to nothing"),
        "{error:#}"
    );
    // A cycle of references that never reaches a schema is no schema at all.
    let mut cycle = base();
    apply(
        &mut cycle,
        &set(
            "$S/PageMetadata",
            json!({"$ref": "#/components/schemas/Alias"}),
        ),
    );
    apply(
        &mut cycle,
        &set(
            "$S/Alias",
            json!({"$ref": "#/components/schemas/PageMetadata"}),
        ),
    );
    for (old, new) in [(&base(), &cycle), (&cycle, &base())] {
        let error = diff::diff(old, new).expect_err("a cycle of references");
        assert!(
            format!("{error:#}").contains("never reaches a schema"),
            "{error:#}"
        );
    }
}

/// A response schema `levels` properties deep, whose innermost value has `ty`.
fn nested(levels: usize, ty: &str) -> Value {
    let mut schema = json!({"type": ty});
    for _ in 0..levels {
        schema = json!({"type": "object", "properties": {"next": schema}});
    }
    json!({"openapi": "3.0.3", "info": {"title": "deep", "version": "1"}, "paths": {"/deep": {"get": {
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}}})
}

#[test]
fn schemas_nested_past_the_comparison_limit_are_a_finding_not_a_silent_stop() {
    let shallow = changes(&nested(10, "string"), &nested(10, "integer"));
    assert_eq!(
        shallow.iter().map(|c| c.id).collect::<Vec<_>>(),
        ["response-type-changed"]
    );
    let deep = changes(&nested(80, "string"), &nested(80, "integer"));
    assert_eq!(
        deep.iter().map(|c| (c.id, c.severity)).collect::<Vec<_>>(),
        [("schema-too-deep", Warning)],
        "{}",
        show(&deep)
    );
    assert!(
        deep[0].message.contains("not compared"),
        "{}",
        deep[0].message
    );
}

#[test]
fn the_generated_docs_list_every_check_id_with_its_severity_and_policy() {
    let root = xtask::workspace::root();
    let docs = std::fs::read_to_string(root.join("docs/contract-tooling.md"))
        .expect("docs/contract-tooling.md");
    let mut policies = 0;
    for check in diff::checks::ALL {
        let row = format!("| `{}` | {} | {}", check.id, check.severity, check.summary);
        assert!(
            docs.contains(&row),
            "docs/contract-tooling.md lacks the row {row}"
        );
        if let Some(policy) = check.policy {
            policies += 1;
            assert!(
                docs.contains(policy),
                "the policy of {} is not written",
                check.id
            );
        }
    }
    assert!(
        policies >= 10,
        "{policies} policy differences are documented"
    );
    for id in [
        "server-url-changed",
        "response-media-type-removed",
        "security-added",
    ] {
        assert!(
            diff::checks::by_id(id).and_then(|c| c.policy).is_some(),
            "{id} carries its policy reason"
        );
    }
}
