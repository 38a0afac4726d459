//! `cargo xtask diff`: exit codes, the allow-list (flags and file), and the three outputs (table,
//! JSON, GitHub annotations).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use xtask::diff::{self, AllowList, DiffArgs, Format, output};
use xtask::report::Severity;

/// A scratch directory of this test process, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("diff-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Self(dir)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn base_text() -> String {
    std::fs::read_to_string(xtask::workspace::root().join("tests/fixtures/diff/base.yaml"))
        .expect("the corpus base")
}

/// The base with the required `createdAt` removed from responses (breaking) and a response
/// property added (compatible).
fn changed_text() -> String {
    let text = base_text();
    let removed = text
        .replace(
            "        createdAt:\n          type: string\n          format: date-time\n",
            "        region:\n          type: string\n",
        )
        .replace(
            "        - sessionStatus\n        - createdAt\n",
            "        - sessionStatus\n",
        );
    assert_ne!(removed, text, "the edit applies");
    removed
}

fn args(old: &Path, new: &Path) -> DiffArgs {
    DiffArgs {
        old: old.to_owned(),
        new: new.to_owned(),
        format: Format::Json,
        allow: Vec::new(),
        allow_file: None,
        fail_on: Severity::Error,
    }
}

#[test]
fn breaking_changes_fail_unless_allowed_by_flag_or_file() {
    let scratch = Scratch::new("exit");
    let old = scratch.write("old.yaml", &base_text());
    let new = scratch.write("new.yaml", &changed_text());

    let plain = args(&old, &new);
    assert_eq!(diff::run(&plain).expect("runs"), ExitCode::FAILURE);

    let mut by_flag = args(&old, &new);
    by_flag.allow = vec!["response-property-removed".to_owned()];
    assert_eq!(diff::run(&by_flag).expect("runs"), ExitCode::SUCCESS);

    let mut wrong_pointer = args(&old, &new);
    wrong_pointer.allow = vec!["response-property-removed@#/elsewhere".to_owned()];
    assert_eq!(diff::run(&wrong_pointer).expect("runs"), ExitCode::FAILURE);

    let allow = scratch.write(
        "allow.yaml",
        "allow:\n  - id: response-property-removed\n    pointer: '#/paths/*'\n    reason: planned for 2.0\n",
    );
    let mut by_file = args(&old, &new);
    by_file.allow_file = Some(allow);
    assert_eq!(diff::run(&by_file).expect("runs"), ExitCode::SUCCESS);

    let mut stricter = args(&old, &new);
    stricter.allow = vec!["response-property-removed".to_owned()];
    stricter.fail_on = Severity::Info;
    assert_eq!(
        diff::run(&stricter).expect("runs"),
        ExitCode::FAILURE,
        "the added property is info"
    );

    let same = args(&old, &old);
    assert_eq!(diff::run(&same).expect("runs"), ExitCode::SUCCESS);
}

/// The exit code `cargo xtask diff` ends with for these arguments.
fn exit_code(args: &DiffArgs) -> ExitCode {
    xtask::report::exit(diff::run(args))
}

#[test]
fn exit_codes_tell_clean_findings_and_unjudgeable_documents_apart() {
    let scratch = Scratch::new("codes");
    let old = scratch.write("old.yaml", &base_text());
    let new = scratch.write("new.yaml", &changed_text());
    assert_eq!(exit_code(&args(&old, &old)), ExitCode::from(0));
    assert_eq!(exit_code(&args(&old, &new)), ExitCode::from(1));
    let not_yaml = scratch.write("broken.yaml", "openapi: 3.0.3\npaths: [\n");
    let not_openapi = scratch.write("plain.yaml", "title: not a contract\n");
    let dangling = scratch.write(
        "dangling.yaml",
        &base_text().replace(
            "$ref: '#/components/schemas/PageMetadata'",
            "$ref: '#/components/schemas/Gone'",
        ),
    );
    let cycle = scratch.write(
        "cycle.yaml",
        &base_text().replace(
            "    PageMetadata:\n      type: object\n",
            "    PageMetadata:\n      $ref: '#/components/schemas/Alias'\n    Alias:\n      $ref: '#/components/schemas/PageMetadata'\n    Unused:\n      type: object\n",
        ),
    );
    let missing = scratch.0.join("missing.yaml");
    for (label, path) in [
        ("invalid YAML", &not_yaml),
        ("not OpenAPI", &not_openapi),
        ("a dangling reference", &dangling),
        ("a cycle of references only", &cycle),
        ("an unreadable file", &missing),
    ] {
        assert_eq!(exit_code(&args(&old, path)), ExitCode::from(2), "{label}");
        assert_eq!(exit_code(&args(path, &old)), ExitCode::from(2), "{label}");
    }
}

#[test]
fn unknown_ids_unreadable_files_and_bad_documents_are_errors() {
    let scratch = Scratch::new("errors");
    let old = scratch.write("old.yaml", &base_text());
    let mut unknown = args(&old, &old);
    unknown.allow = vec!["no-such-check".to_owned()];
    assert!(diff::run(&unknown).is_err());
    let missing = args(&old, &scratch.0.join("missing.yaml"));
    let error = diff::run(&missing).expect_err("missing file");
    assert!(error.to_string().contains("cannot read"), "{error:#}");
    let broken = scratch.write("broken.yaml", "openapi: 3.0.3\npaths: [\n");
    assert!(diff::run(&args(&old, &broken)).is_err());
}

#[test]
fn the_report_renders_as_table_json_and_annotations() {
    let allow = {
        let mut allow = AllowList::new();
        allow
            .allow_flag("response-property-added")
            .expect("known id");
        allow
    };
    let new_text = changed_text();
    let report =
        diff::diff_texts((&base_text(), "old"), (&new_text, "new"), &allow).expect("compares");
    let ids: Vec<&str> = report.changes.iter().map(|a| a.change.id).collect();
    assert_eq!(
        ids,
        ["response-property-removed", "response-property-added"]
    );

    let table = report.table();
    let header = table.lines().next().unwrap_or("");
    for column in ["SEVERITY", "ID", "POINTER", "MESSAGE"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(table.contains("info (allowed)"), "{table}");
    assert!(table.contains("1 breaking, 0 possibly breaking, 1 compatible change(s)"));

    let json = report.json();
    assert_eq!(json.pointer("/summary/error"), Some(&Value::from(1)));
    assert_eq!(json.pointer("/summary/allowed"), Some(&Value::from(1)));
    assert_eq!(
        json.pointer("/changes/0/id").and_then(Value::as_str),
        Some("response-property-removed")
    );
    assert_eq!(
        json.pointer("/changes/1/reason").and_then(Value::as_str),
        Some("accepted with --allow")
    );

    let doc = diff::parse_document(&new_text, "new").expect("parses");
    let locate =
        |pointer: &str| output::locate_line(&new_text, &diff::resolve::raw_pointer(&doc, pointer));
    let lines = report.github("spec/openapi.yaml", &locate);
    assert_eq!(
        lines.len(),
        1,
        "allowed changes are not annotated: {lines:?}"
    );
    assert!(
        lines[0].starts_with("::error file=spec/openapi.yaml,line="),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("title=response-property-removed::"));
    let line: usize = lines[0]
        .split("line=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .expect("a line number");
    let session_line = new_text
        .lines()
        .position(|l| l == "    Session:")
        .expect("the Session schema")
        + 1;
    assert!(
        line >= session_line,
        "the annotation points into the Session schema (line {line} before {session_line})"
    );
}

#[test]
fn markdown_groups_changes_by_severity_with_pointers_and_the_bump_they_require() {
    let mut allow = AllowList::new();
    allow
        .allow_flag("response-property-added")
        .expect("a valid flag");
    let report = diff::diff_texts(
        (&base_text(), "old.yaml"),
        (&changed_text(), "new.yaml"),
        &allow,
    )
    .expect("judges");
    let comment = diff::markdown::render(&report);
    assert!(comment.starts_with(diff::markdown::HEADING), "{comment}");
    let breaking = comment
        .find("### Breaking (error): 1")
        .expect("a breaking section");
    let accepted = comment
        .find("### Accepted by the allow-list: 1")
        .expect("an accepted section");
    assert!(breaking < accepted, "{comment}");
    assert!(
        !comment.contains("### Compatible"),
        "the accepted change is listed once"
    );
    assert!(
        comment.contains(
            "| `response-property-removed` | `#/paths/~1v1~1flows~1{flowId}~1{environment}~1sessions/get/responses/200/content/application~1json/schema/properties/content/items/properties/createdAt` |"
        ),
        "{comment}"
    );
    assert!(
        comment.contains("**Required release:** a breaking release (new major version): `info.version` 1.0.0 → at least **2.0.0** (the new contract says `1.0.0`: does not carry it)"),
        "{comment}"
    );

    let bumped = changed_text().replacen("version: 1.0.0", "version: 2.0.0", 1);
    let report = diff::diff_texts((&base_text(), "old"), (&bumped, "new"), &AllowList::new())
        .expect("judges");
    let comment = diff::markdown::render(&report);
    assert!(comment.contains("says `2.0.0`: carries it"), "{comment}");
    assert!(comment.contains("### Compatible (info): 1"), "{comment}");

    let same = diff::diff_texts(
        (&base_text(), "old"),
        (&base_text(), "new"),
        &AllowList::new(),
    )
    .expect("judges");
    assert_eq!(
        diff::markdown::render(&same),
        format!(
            "{}\n\nNo change a client can see.\n",
            diff::markdown::HEADING
        )
    );
}
