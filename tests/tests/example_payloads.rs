//! Every payload in spec/examples/ decodes through the generated types.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use sessions_api_gen::types::{ApiError, ApiErrorMessage, SessionPage};
use sessions_api_gen::{Environment, Outcome, SessionStatus, Verdict};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/examples")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(examples_dir().join(name))
        .unwrap_or_else(|e| panic!("cannot read spec/examples/{name}: {e}"))
}

fn page(name: &str) -> SessionPage {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name} does not decode: {e}"))
}

#[test]
fn every_example_file_decodes() {
    let mut count = 0;
    for entry in std::fs::read_dir(examples_dir()).expect("spec/examples exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("readable file");
        if name.starts_with("error-") {
            serde_json::from_str::<ApiError>(&text)
                .unwrap_or_else(|e| panic!("{name} does not decode as ApiError: {e}"));
        } else {
            serde_json::from_str::<SessionPage>(&text)
                .unwrap_or_else(|e| panic!("{name} does not decode as SessionPage: {e}"));
        }
        count += 1;
    }
    assert!(count >= 7, "expected the example payloads, found {count}");
}

#[test]
fn documented_example_decodes_to_documented_values() {
    let page = page("documented.json");
    assert_eq!(page.page.size, 10);
    assert_eq!(page.page.number, 1);
    assert_eq!(page.page.total_elements, 25);
    assert_eq!(page.page.total_pages, 3);
    assert_eq!(page.content.len(), 1);
    let s = &page.content[0];
    assert_eq!(s.session_id, "0197c55f-5af6-7e3d-af9b-f2359b134be8");
    assert_eq!(s.session_status, SessionStatus::Completed);
    assert_eq!(s.flow_id, "0197c55f-5af6-7e3d-af9b-f2359b154be8");
    assert_eq!(s.flow_version, Some(1));
    assert_eq!(s.environment, Some(Environment::Live));
    assert_eq!(s.subject_id.as_deref(), Some("subj_8f3a2c91b47d4e6b"));
    assert_eq!(s.outcome, Some(Outcome::Accepted));
    let created = Utc.with_ymd_and_hms(2025, 1, 7, 10, 30, 0).unwrap();
    let completed = Utc.with_ymd_and_hms(2025, 1, 7, 10, 35, 0).unwrap();
    assert_eq!(s.created_at, created);
    assert_eq!(s.started_at, Some(created));
    assert_eq!(s.updated_at, Some(completed));
    assert_eq!(s.completed_at, Some(completed));
    assert_eq!(s.expires_at, None);
    let step = s.last_step.as_ref().expect("lastStep present");
    assert_eq!(step.step_id.as_deref(), Some("step_end_001"));
    assert_eq!(
        step.step_description.as_deref(),
        Some("Final decision step")
    );
    assert_eq!(step.verdict, Some(Verdict::Accepted));
}

#[test]
fn minimized_payload_decodes_with_absent_fields_as_none() {
    let s = &page("minimized.json").content[0];
    assert_eq!(s.session_status, SessionStatus::Created);
    assert_eq!(s.flow_id, "12345");
    assert!(s.environment.is_none() && s.outcome.is_none() && s.last_step.is_none());
    assert!(s.flow_version.is_none() && s.subject_id.is_none() && s.completed_at.is_none());
}

#[test]
fn older_last_step_shape_decodes() {
    let s = &page("older-last-step.json").content[0];
    let step = s.last_step.as_ref().expect("lastStep present");
    assert_eq!(step.step_name.as_deref(), Some("document-check"));
    assert_eq!(step.step_type.as_deref(), Some("DOCUMENT_VERIFICATION"));
    assert_eq!(step.verdict, Some(Verdict::NotVerified));
    assert!(step.step_id.is_none());
}

#[test]
fn upper_case_outcome_is_recognised() {
    let page = page("uppercase-outcome.json");
    assert_eq!(page.content[0].outcome, Some(Outcome::Accepted));
    assert!(
        page.content[0]
            .outcome
            .as_ref()
            .is_some_and(Outcome::is_accepted)
    );
    assert_eq!(page.content[1].outcome, Some(Outcome::Rejected));
}

#[test]
fn unknown_enum_values_are_kept_and_reserialized_unchanged() {
    let text = read("unknown-enum-values.json");
    let page: SessionPage = serde_json::from_str(&text).expect("decodes");
    let s = &page.content[0];
    assert!(s.session_status.is_unknown());
    assert_eq!(s.session_status.as_str(), "PAUSED_FOR_REVIEW");
    assert!(!s.session_status.is_terminal());
    let environment = s.environment.as_ref().expect("environment present");
    assert!(environment.is_unknown());
    assert_eq!(environment.as_str(), "preprod");
    let outcome = s.outcome.as_ref().expect("outcome present");
    assert!(outcome.is_unknown());
    assert_eq!(outcome.as_str(), "manual_review");
    let verdict = s.last_step.as_ref().and_then(|l| l.verdict.clone());
    assert_eq!(verdict, Some(Verdict::from("escalated")));
    assert!(verdict.is_some_and(|v| v.is_unknown()));

    let reserialized = serde_json::to_value(&page).expect("serializes");
    let original: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    for field in ["sessionStatus", "environment", "outcome"] {
        assert_eq!(
            reserialized["content"][0][field], original["content"][0][field],
            "{field} changed on re-serialization"
        );
    }
    assert_eq!(
        reserialized["content"][0]["lastStep"]["verdict"],
        original["content"][0]["lastStep"]["verdict"]
    );
}

#[test]
fn extra_undocumented_fields_are_accepted() {
    let s = &page("extra-fields.json").content[0];
    assert_eq!(s.session_status, SessionStatus::Expired);
    assert!(s.session_status.is_terminal());
    assert!(s.outcome.is_none() && s.last_step.is_none() && s.started_at.is_none());
}

#[test]
fn error_body_message_may_be_a_list() {
    let error: ApiError = serde_json::from_str(&read("error-message-list.json")).expect("decodes");
    assert_eq!(error.status_code, Some(400));
    assert!(matches!(error.message, Some(ApiErrorMessage::Array(ref m)) if m.len() == 2));
}

#[test]
fn wrong_type_in_a_payload_is_a_decode_error() {
    let text = read("documented.json").replace("\"flowVersion\": 1", "\"flowVersion\": \"one\"");
    assert!(serde_json::from_str::<SessionPage>(&text).is_err());
}

#[test]
fn null_for_an_optional_field_decodes_as_absent() {
    let text =
        read("documented.json").replace("\"lastStep\": {", "\"lastStep\": null, \"ignored\": {");
    let page: SessionPage = serde_json::from_str(&text).expect("decodes");
    assert!(page.content[0].last_step.is_none());
}
