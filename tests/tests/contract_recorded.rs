//! `cargo xtask contract --recorded DIR`: recorded bodies against the contract. Clean bodies give
//! nothing; each drifted fixture gives its one finding; the documented payloads in `spec/examples`
//! give only warnings; values from bodies never reach the report.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;
use xtask::contract::{self, ContractReport};
use xtask::report::Severity::{self, Error, Info, Warning};

fn root() -> PathBuf {
    xtask::workspace::root()
}

fn spec() -> Value {
    xtask::spec::Spec::load(&xtask::workspace::spec_path())
        .expect("the contract loads")
        .raw
}

fn recorded(dir: &str) -> ContractReport {
    contract::check_recorded(&spec(), &root().join(dir)).expect("the recorded check runs")
}

fn found(report: &ContractReport) -> BTreeSet<(&'static str, Severity, String)> {
    report
        .groups
        .iter()
        .map(|g| (g.id, g.severity, g.path.clone()))
        .collect()
}

#[test]
fn clean_recorded_pages_and_errors_give_no_findings() {
    let report = recorded("tests/fixtures/contract/clean");
    assert_eq!(report.groups, Vec::new(), "{}", report.table());
    assert_eq!((report.responses, report.items), (3, 3));
}

#[test]
fn each_recorded_drift_gives_its_finding_and_nothing_else() {
    let report = recorded("tests/fixtures/contract/drift");
    let expected: BTreeSet<(&str, Severity, String)> = [
        ("body-not-json", Error, "/"),
        ("constraint-violated", Error, "/page/number"),
        ("format-mismatch", Error, "/content/*/createdAt"),
        ("null-not-allowed", Error, "/content/*/sessionId"),
        ("page-size-exceeded", Error, "/content"),
        ("type-mismatch", Error, "/content/*/subjectId"),
        ("page-total-pages-mismatch", Warning, "/page/totalPages"),
        ("undocumented-property", Warning, "/traceId"),
    ]
    .into_iter()
    .map(|(id, severity, path)| (id, severity, path.to_owned()))
    .collect();
    assert_eq!(found(&report), expected, "{}", report.table());
    let first = |id: &str| {
        report
            .with_id(id)
            .first()
            .map(|g| g.first.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        first("type-mismatch"),
        "c-subject-as-number.json#/content/0/subjectId"
    );
    assert_eq!(first("body-not-json"), "f-truncated.json#");
    let subject = report.with_id("type-mismatch");
    assert_eq!(subject[0].message, "expected string or null, got integer");
    assert!(!report.failing(Error).is_empty());
}

#[test]
fn values_from_recorded_bodies_never_reach_the_report() {
    let report = recorded("tests/fixtures/contract/drift");
    let printed = format!(
        "{}{}{}",
        report.table(),
        report.json(),
        report.github().join("\n")
    );
    for value in [
        "987654321",
        "abc-123",
        "yesterday at noon",
        "positive integer",
    ] {
        assert!(!printed.contains(value), "`{value}` was printed");
    }
}

#[test]
fn the_documented_payloads_drift_only_in_warnings() {
    let report = recorded("spec/examples");
    assert!(report.failing(Error).is_empty(), "{}", report.table());
    let ids: BTreeSet<&str> = report.groups.iter().map(|g| g.id).collect();
    let expected: BTreeSet<&str> = [
        "deprecated-property-present",
        "enum-value-case-mismatch",
        "enum-value-unknown",
        "page-content-length-mismatch",
        "undocumented-property",
    ]
    .into();
    assert_eq!(ids, expected, "{}", report.table());
    let unknown: BTreeSet<&str> = report
        .with_id("enum-value-unknown")
        .iter()
        .map(|g| g.path.as_str())
        .collect();
    assert_eq!(
        unknown,
        [
            "/content/*/environment",
            "/content/*/lastStep/verdict",
            "/content/*/outcome",
            "/content/*/sessionStatus"
        ]
        .into()
    );
    assert!(report.groups.iter().all(|g| g.severity <= Warning));
    assert!(report.groups.iter().all(|g| g.severity >= Info));
}

#[test]
fn a_missing_directory_or_operation_is_a_clear_error() {
    let error = contract::check_recorded(&spec(), &root().join("tests/fixtures/nowhere"))
        .expect_err("no directory");
    assert!(error.to_string().contains("cannot list"), "{error:#}");
    let error = contract::check_recorded(&spec(), &root().join("tests/fixtures/diff"))
        .expect_err("no json files");
    assert!(error.to_string().contains("no .json files"), "{error:#}");
    let mut other = spec();
    if let Some(paths) = other.get_mut("paths").and_then(Value::as_object_mut) {
        paths.clear();
    }
    let error = contract::check_recorded(&other, &root().join("tests/fixtures/contract/clean"))
        .expect_err("no operation");
    assert!(error.to_string().contains("listSessions"), "{error:#}");
}

#[test]
fn recorded_pages_of_a_listing_are_checked_across_pages_in_number_order() {
    let report = recorded("tests/fixtures/contract/pages");
    let expected: BTreeSet<(&str, Severity, String)> = [
        ("page-duplicate-items", Warning, "/content"),
        ("page-number-mismatch", Warning, "/page/number"),
        ("page-number-not-advancing", Error, "/page/number"),
    ]
    .into_iter()
    .map(|(id, severity, path)| (id, severity, path.to_owned()))
    .collect();
    assert_eq!(found(&report), expected, "{}", report.table());
    let first = |id: &str| {
        report
            .with_id(id)
            .first()
            .map(|g| g.first.clone())
            .unwrap_or_default()
    };
    // The repeat is on page 2 of its own listing; `numeric-page-10` follows `numeric-page-9`
    // (by number, not by name), and `single.json`, no page of a listing, repeats nothing.
    assert_eq!(first("page-duplicate-items"), "orders-page-2.json#/content");
    assert_eq!(
        first("page-number-not-advancing"),
        "orders-page-3.json#/page/number"
    );
    assert_eq!(
        xtask::contract::source::recorded_page("numeric-page-10.json"),
        Some(("numeric".to_owned(), 10))
    );
    assert_eq!(
        xtask::contract::source::recorded_page("page-2.json"),
        Some((String::new(), 2))
    );
    assert_eq!(xtask::contract::source::recorded_page("single.json"), None);
}

fn args(dir: &str) -> contract::ContractArgs {
    contract::ContractArgs {
        spec: None,
        recorded: Some(root().join(dir)),
        base_url: contract::PRODUCTION_BASE_URL.to_owned(),
        flow: None,
        env: "live".to_owned(),
        token_env: "IDNOW_TOKEN".to_owned(),
        token_url: None,
        client_id_env: "IDNOW_CLIENT_ID".to_owned(),
        client_secret_env: "IDNOW_CLIENT_SECRET".to_owned(),
        max_pages: 5,
        page_size: None,
        timeout: 30,
        fail_on: Error,
        format: contract::Format::Json,
    }
}

#[test]
fn exit_codes_tell_clean_drifted_and_unchecked_apart() {
    let code = |args: &contract::ContractArgs| xtask::report::exit(contract::run(args));
    assert_eq!(
        code(&args("tests/fixtures/contract/clean")),
        ExitCode::from(0)
    );
    assert_eq!(
        code(&args("tests/fixtures/contract/drift")),
        ExitCode::from(1)
    );
    let mut warnings = args("spec/examples");
    assert_eq!(code(&warnings), ExitCode::from(0), "only warnings");
    warnings.fail_on = Warning;
    assert_eq!(code(&warnings), ExitCode::from(1));
    assert_eq!(code(&args("tests/fixtures/nowhere")), ExitCode::from(2));
    let mut no_spec = args("tests/fixtures/contract/clean");
    no_spec.spec = Some(root().join("tests/fixtures/missing.yaml"));
    assert_eq!(code(&no_spec), ExitCode::from(2));
}

#[test]
fn the_generated_docs_list_every_contract_check_with_its_severity() {
    let docs = std::fs::read_to_string(root().join("docs/contract-tooling.md"))
        .expect("docs/contract-tooling.md");
    for check in contract::checks::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            check.id, check.severity, check.summary
        );
        assert!(
            docs.contains(&row),
            "docs/contract-tooling.md lacks the row {row}"
        );
    }
}
