//! `cargo xtask check`: every lint rule fires on the edit it is about, examples that violate their
//! schema are found, and a stale snapshot is reported with the command that fixes it. The committed
//! contract passes all of it.

use serde_json::{Value, json};
use xtask::check::{examples, lint, snapshot};
use xtask::report::Finding;
use xtask::spec::Spec;

const OP: &str = "/paths/~1v1~1flows~1{flowId}~1{environment}~1sessions/get";

fn spec() -> Spec {
    Spec::load(&xtask::workspace::spec_path()).expect("the contract loads")
}

fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut doc = spec().raw;
    edit(&mut doc);
    doc
}

fn ids(findings: &[Finding]) -> Vec<&'static str> {
    let mut ids: Vec<_> = findings.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    doc.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{pointer} is an object in the contract"))
}

#[test]
fn the_committed_contract_passes_lint_and_example_checks() {
    let spec = spec();
    assert!(spec.openapi().is_ok());
    assert_eq!(lint::lint(&spec.raw), Vec::<Finding>::new());
    assert_eq!(examples::check_spec(&spec.raw), Vec::<Finding>::new());
    let dir = xtask::workspace::examples_dir();
    assert_eq!(
        examples::check_dir(&spec.raw, &dir).expect("readable"),
        Vec::<Finding>::new()
    );
}

#[test]
fn each_lint_rule_fires_on_its_edit_and_names_the_place() {
    type Edit = fn(&mut Value);
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "path-leading-slash",
            |d| {
                let paths = at(d, "/paths");
                let item = paths
                    .remove("/v1/flows/{flowId}/{environment}/sessions")
                    .expect("path");
                paths.insert("v1/flows/{flowId}/{environment}/sessions".into(), item);
            },
            "#/paths/v1~1flows~1{flowId}~1{environment}~1sessions",
        ),
        (
            "operation-id-present",
            |d| {
                at(d, OP).remove("operationId");
            },
            "#/paths/~1v1~1flows~1{flowId}~1{environment}~1sessions/get",
        ),
        (
            "operation-id-unique",
            |d| {
                let op = d.pointer(OP).cloned().expect("operation");
                at(d, "/paths").insert("/v2/{flowId}/{environment}".into(), json!({ "get": op }));
            },
            "operationId",
        ),
        (
            "path-params-required",
            |d| {
                at(d, &format!("{OP}/parameters/0")).insert("required".into(), json!(false));
            },
            "/parameters/0/required",
        ),
        (
            "path-params-declared",
            |d| {
                at(d, &format!("{OP}/parameters/0")).insert("name".into(), json!("flow"));
            },
            "/parameters/0",
        ),
        (
            "operation-security",
            |d| {
                at(d, OP).remove("security");
                at(d, "").remove("security");
            },
            "/get",
        ),
        (
            "operation-tags",
            |d| {
                at(d, OP).remove("tags");
            },
            "/get",
        ),
        (
            "operation-summary",
            |d| {
                at(d, OP).insert("summary".into(), json!(" "));
            },
            "/get",
        ),
        (
            "response-description",
            |d| {
                at(d, "/components/responses/Forbidden").remove("description");
            },
            "#/components/responses/Forbidden",
        ),
        (
            "json-2xx-schema",
            |d| {
                at(d, &format!("{OP}/responses/200/content/application~1json")).remove("schema");
            },
            "/responses/200/content/application~1json",
        ),
        (
            "json-2xx-example",
            |d| {
                at(d, &format!("{OP}/responses/200/content/application~1json")).remove("examples");
            },
            "/responses/200/content/application~1json",
        ),
        (
            "no-openapi-31",
            |d| {
                at(d, "/components/schemas/Session/properties/subjectId")
                    .insert("type".into(), json!(["string", "null"]));
            },
            "#/components/schemas/Session/properties/subjectId/type",
        ),
        (
            "response-enum-extensible",
            |d| {
                let status = at(d, "/components/schemas/SessionStatus");
                let values = status.remove("x-extensible-enum").expect("open value set");
                status.insert("enum".into(), values);
            },
            "#/components/schemas/SessionStatus/enum",
        ),
    ];
    assert_eq!(cases.len(), 13, "one case per rule");
    for (rule, edit, pointer) in cases {
        let findings = lint::lint(&edited(edit));
        assert_eq!(ids(&findings), [rule], "{rule}: {findings:#?}");
        assert!(
            findings
                .iter()
                .any(|f| f.pointer.ends_with(pointer) || f.pointer.contains(pointer)),
            "{rule} does not name {pointer}: {findings:#?}"
        );
        let shown = findings[0].to_string();
        assert!(shown.starts_with(&format!("error[{rule}] ")), "{shown}");
    }
}

#[test]
fn openapi_31_documents_are_refused() {
    let findings = lint::lint(&edited(|d| {
        at(d, "").insert("openapi".into(), json!("3.1.0"));
    }));
    assert_eq!(ids(&findings), ["no-openapi-31"]);
    assert_eq!(findings[0].pointer, "#/openapi");
}

#[test]
fn an_example_that_violates_its_schema_is_found() {
    let documented =
        format!("{OP}/responses/200/content/application~1json/examples/documented/value/content/0");
    let wrong_type = edited(|d| {
        at(d, &documented).insert("flowVersion".into(), json!("one"));
    });
    let findings = examples::check_spec(&wrong_type);
    assert_eq!(ids(&findings), ["example-valid"], "{findings:#?}");
    assert!(
        findings[0].message.contains("/content/0/flowVersion"),
        "{}",
        findings[0]
    );

    // Null where the contract does not say nullable (read as Spectral and Redocly read it).
    let null_step = edited(|d| {
        at(d, &documented).insert("lastStep".into(), Value::Null);
    });
    assert_eq!(ids(&examples::check_spec(&null_step)), ["example-valid"]);

    // A schema-level example of the wrong type.
    let bad_status = edited(|d| {
        at(d, "/components/schemas/SessionStatus").insert("example".into(), json!(42));
    });
    let findings = examples::check_spec(&bad_status);
    assert_eq!(ids(&findings), ["example-valid"]);
    assert!(
        findings[0]
            .pointer
            .ends_with("/components/schemas/SessionStatus/example")
    );
}

#[test]
fn a_stale_snapshot_names_the_snapshot_and_the_fix() {
    let spec = spec();
    assert_eq!(snapshot::check(&spec.text), Vec::<Finding>::new());
    let renamed = spec.text.replace("name: sortDesc", "name: sortDescending");
    assert_ne!(renamed, spec.text, "the edit applies");
    let findings = snapshot::check(&renamed);
    assert_eq!(ids(&findings), ["snapshot-stale"]);
    let finding = &findings[0];
    assert_eq!(
        finding.pointer,
        "sessions-api-gen/src/generated/client.snap.rs"
    );
    assert!(
        finding.message.contains("cargo xtask codegen"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("sort_descending"),
        "the diff is shown: {}",
        finding.message
    );
}

/// `cargo xtask codegen` writes the client (and insta's metadata beside it when missing) into the
/// one committed file, and leaves a current file untouched.
#[test]
fn codegen_writes_the_one_committed_client_file() {
    let root = std::env::temp_dir().join(format!("xtask-codegen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let source = xtask::codegen::generate(&spec().text).expect("the contract generates");
    assert!(xtask::codegen::write_client(&root, &source).expect("writes"));
    let client = root.join(xtask::codegen::CLIENT_PATH);
    assert_eq!(std::fs::read_to_string(&client).expect("written"), source);
    assert_eq!(
        std::fs::read_to_string(root.join(xtask::codegen::SNAPSHOT_PATH)).expect("written"),
        xtask::codegen::SNAPSHOT_METADATA
    );
    assert!(!xtask::codegen::write_client(&root, &source).expect("reads"));
    let committed = include_str!("../../sessions-api-gen/src/generated/client.snap.rs");
    assert_eq!(source, committed, "the committed client is current");
    assert_eq!(
        include_str!("../../sessions-api-gen/src/generated/client.snap"),
        xtask::codegen::SNAPSHOT_METADATA
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn stale_docs_tables_fail_the_check_with_the_command_that_fixes_them() {
    let path = xtask::codegen::docs_path();
    let text = std::fs::read_to_string(&path).expect("the contract tooling docs");
    let name = "docs/contract-tooling.md";
    assert_eq!(
        xtask::codegen::check_docs(&text, name),
        Vec::<Finding>::new(),
        "the committed tables are current"
    );
    let edited = text.replacen(
        "| `path-removed` | error |",
        "| `path-removed` | warning |",
        1,
    );
    assert_ne!(edited, text, "the edit applies");
    let findings = xtask::codegen::check_docs(&edited, name);
    assert_eq!(ids(&findings), ["docs-stale"]);
    assert_eq!(findings[0].pointer, name);
    assert!(
        findings[0].message.contains("run cargo xtask codegen"),
        "{}",
        findings[0].message
    );
    assert_eq!(
        xtask::codegen::generated_docs(&edited).expect("regenerates"),
        text,
        "cargo xtask codegen rewrites the edited row"
    );
    let unmarked = text.replace("<!-- END GENERATED: contract-checks -->", "");
    let findings = xtask::codegen::check_docs(&unmarked, name);
    assert_eq!(ids(&findings), ["docs-stale"]);
    assert!(
        findings[0].message.contains("markers"),
        "{}",
        findings[0].message
    );
}

#[test]
fn check_exits_0_when_clean_1_on_findings_and_2_when_it_cannot_judge() {
    use std::process::ExitCode;
    use xtask::diff::{self, Base};
    let code = |base: &Base| xtask::report::exit(xtask::check::run(base));
    assert_eq!(code(&Base::File(diff::baseline_path())), ExitCode::from(0));

    let dir = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    // A baseline with one more operation: the current contract removes it (breaking).
    let mut wider = spec().raw;
    let op = wider.pointer(OP).cloned().expect("operation");
    at(&mut wider, "/paths").insert("/v1/extra".into(), json!({ "get": op }));
    let wider_path = dir.join("wider.yaml");
    std::fs::write(&wider_path, serde_json::to_string(&wider).expect("JSON")).expect("write");
    let broken_path = dir.join("broken.yaml");
    std::fs::write(&broken_path, "openapi: 3.0.3\npaths: [\n").expect("write");
    let findings = code(&Base::File(wider_path));
    let unjudged = code(&Base::File(broken_path));
    let missing = code(&Base::File(dir.join("missing.yaml")));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(findings, ExitCode::from(1));
    assert_eq!(unjudged, ExitCode::from(2));
    assert_eq!(missing, ExitCode::from(2));
}
