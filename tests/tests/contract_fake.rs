//! `cargo xtask contract`'s live mode against the fake server: each drift the fake can inject is
//! reported with the right check, place and severity, and nothing else is; without drift there
//! are no findings at all.

use std::time::Duration;

use serde_json::Value;
use sessions_api::fake::{Drift, FakeServer};
use xtask::contract::{self, ContractReport, Credentials, LiveOptions, SecretString as Secret};
use xtask::report::Severity;

fn spec() -> Value {
    let spec = xtask::spec::Spec::load(&xtask::workspace::spec_path()).expect("the contract loads");
    spec.raw
}

#[test]
fn the_contract_marks_the_older_last_step_fields_deprecated() {
    // This is how the contract says "still accepted, an older shape", and what lets the strict
    // check report the older lastStep shape as drift.
    let spec = spec();
    for field in ["stepName", "stepType"] {
        let pointer = format!("/components/schemas/LastStep/properties/{field}/deprecated");
        assert_eq!(spec.pointer(&pointer), Some(&Value::Bool(true)), "{field}");
    }
}

async fn fake(drift: Option<Drift>) -> FakeServer {
    let mut builder = FakeServer::builder()
        .generated_sessions(45, 7)
        .flow_id("contract-flow");
    if let Some(drift) = drift {
        builder = builder.drift(drift);
    }
    builder.start().await
}

fn options(fake: &FakeServer) -> LiveOptions {
    LiveOptions {
        base_url: fake.base_url(),
        flow_id: fake.flow_id().to_owned(),
        environment: "live".to_owned(),
        credentials: Credentials::Bearer(Secret::from(fake.token().to_owned())),
        max_pages: 10,
        page_size: Some(10),
        timeout: Duration::from_secs(30),
    }
}

async fn check(fake: &FakeServer, spec: &Value) -> ContractReport {
    contract::check_live(spec, &options(fake))
        .await
        .expect("the live check runs")
}

/// The (id, path) of every group, sorted.
fn found(report: &ContractReport) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = report
        .groups
        .iter()
        .map(|g| (g.id, g.path.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn expect(items: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = items.iter().map(|(id, p)| (*id, (*p).to_owned())).collect();
    out.sort();
    out
}

#[tokio::test]
async fn without_drift_the_fake_yields_no_findings_over_every_page() {
    let fake = fake(None).await;
    let report = check(&fake, &spec()).await;
    assert_eq!(report.groups, Vec::new(), "{}", report.table());
    assert_eq!(report.responses, 5, "45 sessions in pages of 10");
    assert_eq!(report.items, 45);
    assert!(report.failing(Severity::Info).is_empty());
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

#[tokio::test]
async fn without_drift_a_zero_based_fake_and_client_credentials_also_pass() {
    let fake = FakeServer::builder()
        .generated_sessions(30, 11)
        .page_base(0)
        .start()
        .await;
    let (id, secret) = fake.client_credentials();
    let mut options = options(&fake);
    options.credentials = Credentials::ClientCredentials {
        token_url: fake.token_url(),
        client_id: id.to_owned(),
        client_secret: Secret::from(secret.to_owned()),
    };
    let report = contract::check_live(&spec(), &options)
        .await
        .expect("the live check runs");
    assert_eq!(report.groups, Vec::new(), "{}", report.table());
    assert_eq!((report.responses, report.items), (3, 30));
    assert_eq!(fake.token_calls(), 1);
}

#[tokio::test]
async fn extra_fields_are_reported_as_undocumented_on_every_session() {
    let fake = fake(Some(Drift::ExtraFields)).await;
    let report = check(&fake, &spec()).await;
    assert_eq!(
        found(&report),
        expect(&[
            ("undocumented-property", "/content/*/channel"),
            ("undocumented-property", "/content/*/undocumentedRiskScore"),
            ("undocumented-property", "/links"),
        ]),
        "{}",
        report.table()
    );
    let risk = report
        .groups
        .iter()
        .find(|g| g.path == "/content/*/undocumentedRiskScore")
        .expect("undocumentedRiskScore group");
    assert_eq!(risk.count, 45);
    assert_eq!(risk.severity, Severity::Warning);
    assert_eq!(risk.first, "first page#/content/0/undocumentedRiskScore");
    assert!(report.failing(Severity::Error).is_empty());
    assert_eq!(report.failing(Severity::Warning).len(), 3);
}

#[tokio::test]
async fn the_older_last_step_shape_is_reported_as_deprecated_fields() {
    let fake = fake(Some(Drift::OlderLastStep)).await;
    let report = check(&fake, &spec()).await;
    assert_eq!(
        found(&report),
        expect(&[
            (
                "deprecated-property-present",
                "/content/*/lastStep/stepName"
            ),
            (
                "deprecated-property-present",
                "/content/*/lastStep/stepType"
            ),
        ]),
        "{}",
        report.table()
    );
    assert!(
        report
            .groups
            .iter()
            .all(|g| g.severity == Severity::Warning)
    );
}

#[tokio::test]
async fn upper_case_outcomes_are_reported_as_case_mismatches() {
    let fake = fake(Some(Drift::UpperCaseOutcome)).await;
    let report = check(&fake, &spec()).await;
    assert_eq!(
        found(&report),
        expect(&[("enum-value-case-mismatch", "/content/*/outcome")]),
        "{}",
        report.table()
    );
    let mut values: Vec<_> = report
        .groups
        .iter()
        .filter_map(|g| g.detail.as_deref())
        .collect();
    values.sort();
    assert!(
        values
            .iter()
            .all(|v| ["ACCEPTED", "REJECTED", "NO_OUTCOME"].contains(v)),
        "{values:?}"
    );
    assert!(values.contains(&"ACCEPTED"), "{values:?}");
}

#[tokio::test]
async fn a_missing_required_field_is_an_error_on_every_session() {
    let fake = fake(Some(Drift::MissingRequiredField)).await;
    let report = check(&fake, &spec()).await;
    assert_eq!(
        found(&report),
        expect(&[("required-property-missing", "/content/*/createdAt")]),
        "{}",
        report.table()
    );
    assert_eq!(report.groups[0].count, 45);
    assert_eq!(report.groups[0].severity, Severity::Error);
    assert_eq!(report.failing(Severity::Error).len(), 1);
}

#[tokio::test]
async fn a_wrong_type_is_an_error_and_paging_still_goes_on() {
    let fake = fake(Some(Drift::WrongType)).await;
    let report = check(&fake, &spec()).await;
    assert_eq!(
        found(&report),
        expect(&[("type-mismatch", "/page/totalElements")]),
        "{}",
        report.table()
    );
    assert_eq!(report.groups[0].count, 5, "one per page");
    assert_eq!(report.groups[0].message, "expected integer, got string");
    assert_eq!(report.responses, 5);
}

#[tokio::test]
async fn unknown_values_of_an_open_enum_are_reported_with_the_value() {
    let fake = fake(Some(Drift::UnknownEnumValues)).await;
    let report = check(&fake, &spec()).await;
    assert_eq!(
        found(&report),
        expect(&[("enum-value-unknown", "/content/*/sessionStatus")]),
        "{}",
        report.table()
    );
    assert_eq!(report.groups[0].detail.as_deref(), Some("ON_HOLD"));
    assert_eq!(report.groups[0].count, 9, "every fifth of 45 sessions");
}

#[tokio::test]
async fn every_drift_at_once_is_reported_without_tokens_or_subject_ids() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 7)
        .drift(Drift::ExtraFields)
        .drift(Drift::OlderLastStep)
        .drift(Drift::UpperCaseOutcome)
        .drift(Drift::MissingRequiredField)
        .drift(Drift::WrongType)
        .start()
        .await;
    let report = check(&fake, &spec()).await;
    let ids: std::collections::BTreeSet<_> = report.groups.iter().map(|g| g.id).collect();
    for id in [
        "undocumented-property",
        "deprecated-property-present",
        "enum-value-case-mismatch",
        "required-property-missing",
        "type-mismatch",
    ] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
    let printed = format!(
        "{}{}{}",
        report.table(),
        report.json(),
        report.github().join("\n")
    );
    assert!(!printed.contains(fake.token()));
    let subjects: Vec<String> = fake
        .expected_sessions(None, false)
        .into_iter()
        .filter_map(|s| s.subject_id)
        .collect();
    assert!(!subjects.is_empty());
    for subject in subjects {
        assert!(!printed.contains(&subject), "a subject id was printed");
    }
}

#[tokio::test]
async fn totals_that_lie_and_hidden_clamping_are_page_metadata_findings() {
    let fake = fake(None).await;
    fake.set_total_pages_offset(1);
    let report = check(&fake, &spec()).await;
    assert!(
        !report.with_id("page-total-pages-mismatch").is_empty(),
        "{}",
        report.table()
    );

    let fake = fake_clamped().await;
    let mut options = options(&fake);
    options.page_size = Some(500);
    let report = contract::check_live(&spec(), &options)
        .await
        .expect("the live check runs");
    assert_eq!(
        found(&report),
        expect(&[
            ("page-content-length-mismatch", "/content"),
            ("page-total-pages-mismatch", "/page/totalPages"),
        ]),
        "{}",
        report.table()
    );
}

async fn fake_clamped() -> FakeServer {
    FakeServer::builder()
        .generated_sessions(250, 3)
        .report_requested_size(true)
        .start()
        .await
}

#[tokio::test]
async fn an_error_status_is_reported_and_its_body_checked() {
    let fake = fake(None).await;
    let mut options = options(&fake);
    options.credentials = Credentials::Bearer(Secret::from(fake.forbidden_token().to_owned()));
    let report = contract::check_live(&spec(), &options)
        .await
        .expect("the live check runs");
    let status = report.with_id("http-status");
    assert_eq!(status.len(), 1, "{}", report.table());
    assert_eq!(status[0].detail.as_deref(), Some("403"));
    assert_eq!(report.responses, 1, "paging stops at an error");
    assert!(report.with_id("status-undocumented").is_empty());
}
