//! Personal data never leaves the client: the value of a field the contract marks
//! `x-personal-data` (`subjectId`) appears in no error message, `Debug` output, body snippet or log
//! line, whatever the response: a success that does not decode, an error status with a body, an
//! undocumented success status, a body cut in the middle of a value. The marks are read from the
//! contract at build time, so a newly marked field is masked with no code change.

mod client_support;

#[path = "../../sessions-api-gen/personal_data.rs"]
mod personal_data;

use client_support::{DOCUMENTED, answering, bearer_client, capture_logs};
use serde_json::{Value, json};
use sessions_api::fake::{Drift, FakeServer};
use sessions_api::{Client, Environment, Error, ErrorKind};
use wiremock::ResponseTemplate;

const TOKEN: &str = "secret-token-0123456789";
/// The subject id of the documented example page.
const SUBJECT: &str = "subj_8f3a2c91b47d4e6b";
const OTHER_SUBJECT: &str = "subj_77aa00bb11cc22dd";

async fn first_page(client: &Client) -> Error {
    client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("the page fails")
}

/// Every text an error shows: `Display`, `Debug` (both forms), the snippet, and its sources.
fn texts(error: &Error) -> Vec<String> {
    let mut texts = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
        error.body_snippet().unwrap_or_default().to_owned(),
    ];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        source = cause.source();
    }
    texts
}

fn assert_hidden(error: &Error, values: &[&str], case: &str) {
    for text in texts(error) {
        for value in values {
            assert!(!text.contains(value), "{case}: {value} in {text}");
        }
    }
}

/// The documented page with `edit` applied to its JSON.
fn documented_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut page: Value = serde_json::from_str(DOCUMENTED).expect("the example is JSON");
    edit(&mut page);
    page.to_string()
}

fn json_body(status: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, "application/json")
}

#[tokio::test]
async fn no_marked_value_reaches_an_error_or_a_log_line() {
    let (_guard, logs) = capture_logs();
    let number_subject = "987654321012";
    let cases: Vec<(&str, ResponseTemplate, ErrorKind)> = vec![
        (
            "a page whose total is a string",
            json_body(
                200,
                documented_with(|p| p["page"]["totalElements"] = json!("25")),
            ),
            ErrorKind::Decode,
        ),
        (
            "a subject id of the wrong type, quoted by the decoder",
            json_body(
                200,
                documented_with(|p| p["content"][0]["subjectId"] = json!(987_654_321_012_u64)),
            ),
            ErrorKind::Decode,
        ),
        (
            "a subject id given as an object",
            json_body(
                200,
                documented_with(|p| p["content"][0]["subjectId"] = json!({ "id": SUBJECT })),
            ),
            ErrorKind::Decode,
        ),
        (
            "a page that is not JSON by its content type",
            ResponseTemplate::new(200).set_body_raw(DOCUMENTED, "text/plain"),
            ErrorKind::Decode,
        ),
        (
            "a 400 whose message quotes the subject id",
            json_body(
                400,
                json!({
                    "statusCode": 400,
                    "message": format!("subject {SUBJECT} is not valid"),
                    "subjectId": SUBJECT,
                })
                .to_string(),
            ),
            ErrorKind::InvalidRequest,
        ),
        (
            "a 404 whose message echoes a session as JSON",
            json_body(
                404,
                json!({
                    "statusCode": 404,
                    "message": [format!("no session like {{\"subjectId\":\"{SUBJECT}\"}}")],
                })
                .to_string(),
            ),
            ErrorKind::NotFound,
        ),
        (
            "a 403 whose body holds a session",
            json_body(
                403,
                json!({ "statusCode": 403, "session": { "subjectId": OTHER_SUBJECT } }).to_string(),
            ),
            ErrorKind::Forbidden,
        ),
        (
            "a 503 echoing the page, after the retries",
            json_body(503, DOCUMENTED.to_owned()),
            ErrorKind::Server,
        ),
        (
            "a 500 in form encoding",
            ResponseTemplate::new(500).set_body_raw(
                format!("subjectId={SUBJECT}&reason=boom"),
                "application/x-www-form-urlencoded",
            ),
            ErrorKind::Server,
        ),
        (
            "an undocumented success status with a page",
            json_body(206, DOCUMENTED.to_owned()),
            ErrorKind::UnexpectedStatus,
        ),
    ];
    for (case, template, kind) in cases {
        let server = answering(template).await;
        let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
        assert_eq!(error.kind(), &kind, "{case}: {error:?}");
        assert_hidden(&error, &[SUBJECT, OTHER_SUBJECT, number_subject], case);
    }
    let text = logs.text();
    assert!(text.contains("sessions_api.request"), "{text}");
    for value in [SUBJECT, OTHER_SUBJECT, number_subject] {
        assert!(!text.contains(value), "{value} in the logs: {text}");
    }
}

#[tokio::test]
async fn the_snippet_keeps_the_shape_of_the_body_with_the_value_masked() {
    let body = documented_with(|p| p["page"]["totalElements"] = json!("25"));
    let server = answering(json_body(200, body)).await;
    let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
    let snippet = error.body_snippet().expect("a snippet");
    assert!(
        snippet.contains(r#""subjectId":"[personal data]""#),
        "{snippet}"
    );
    assert!(snippet.contains(r#""flowVersion":1"#), "{snippet}");
}

#[tokio::test]
async fn a_value_cut_by_the_snippet_is_masked_to_the_cut() {
    let (_guard, logs) = capture_logs();
    let value = "subj_cutcutcut0123456789abcdef";
    // The snippet keeps 512 characters: the value starts 20 characters before the cut.
    let (opening, key) = (r#"{"pad":""#, r#"","subjectId":""#);
    let pad = "x".repeat(512 - 20 - opening.len() - key.len());
    let prefix = format!("{opening}{pad}{key}");
    let body = format!(r#"{prefix}{value}","content":7}}"#);
    assert_eq!(prefix.chars().count(), 512 - 20);
    let server = answering(json_body(200, body)).await;
    let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert!(
        error.body_snippet().is_some_and(|s| s.ends_with('…')),
        "{error:?}"
    );
    assert_hidden(&error, &["subj_cut", "cutcut"], "cut value");
    assert!(!logs.text().contains("cutcut"));
}

#[tokio::test]
async fn subject_ids_of_a_drifted_page_appear_nowhere() {
    let (_guard, logs) = capture_logs();
    let fake = FakeServer::builder()
        .generated_sessions(40, 3)
        .drift(Drift::WrongType)
        .start()
        .await;
    let query = bearer_client(&fake.base_url(), fake.token()).sessions("flow", Environment::Live);
    let raw = query.page_raw(Some(1)).await.expect("the answer as sent");
    let body: Value = serde_json::from_slice(&raw.body).expect("JSON");
    let subjects: Vec<String> = body["content"]
        .as_array()
        .expect("sessions")
        .iter()
        .filter_map(|s| s["subjectId"].as_str().map(str::to_owned))
        .collect();
    assert!(
        subjects.len() > 5,
        "the fake sets subject ids: {subjects:?}"
    );
    let values: Vec<&str> = subjects.iter().map(String::as_str).collect();

    let error = query
        .page(1)
        .await
        .expect_err("a drifted type does not decode");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert_hidden(&error, &values, "drifted page");

    let raw_debug = format!("{raw:?}{raw:#?}");
    for value in &values {
        assert!(!raw_debug.contains(value), "{value} in {raw_debug}");
    }
    let text = logs.text();
    for value in &values {
        assert!(!text.contains(value), "{value} in the logs");
    }
}

fn contract() -> String {
    std::fs::read_to_string(xtask::workspace::spec_path()).expect("the contract is readable")
}

#[test]
fn the_build_lists_exactly_the_properties_the_contract_marks() {
    let spec: Value = serde_yaml_ng::from_str(&contract()).expect("the contract is YAML");
    assert_eq!(
        personal_data::marked_properties(&spec),
        sessions_api_gen::PERSONAL_DATA_FIELDS
    );
    assert!(sessions_api_gen::PERSONAL_DATA_FIELDS.contains(&"subjectId"));
}

#[test]
fn a_newly_marked_property_reaches_the_list_without_code_changes() {
    let mark = format!("\n          {}: true", personal_data::MARK);
    // Mark a property directly, and a component schema another property refers to.
    let edited = contract()
        .replacen("\n        flowId:", &format!("\n        flowId:{mark}"), 1)
        .replacen(
            "\n    Environment:",
            &format!("\n    Environment:{}", mark.replacen("    ", "", 1)),
            1,
        );
    let spec: Value = serde_yaml_ng::from_str(&edited).expect("still YAML");
    let fields = personal_data::marked_properties(&spec);
    for expected in ["flowId", "environment", "subjectId"] {
        assert!(fields.iter().any(|f| f == expected), "{fields:?}");
    }
    assert!(!fields.iter().any(|f| f == "sessionId"), "{fields:?}");
    let source = xtask::codegen::generate(&edited).expect("the edited contract generates");
    assert!(
        source.contains(
            r#"pub const PERSONAL_DATA_FIELDS: &[&str] = &["environment", "flowId", "subjectId"];"#
        ),
        "{source}"
    );
}

#[tokio::test]
async fn debug_of_a_session_and_of_its_page_masks_the_marked_field() {
    let server = answering(json_body(200, DOCUMENTED.to_owned())).await;
    let client = bearer_client(&server.uri(), TOKEN);
    let page = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect("the documented page decodes");
    let session = &page.items()[0];
    assert_eq!(
        session.subject_id(),
        Some(SUBJECT),
        "the data itself is kept"
    );
    for text in [
        format!("{session:?}"),
        format!("{session:#?}"),
        format!("{page:?}"),
        format!(
            "{:?}",
            sessions_api::Session::builder().subject_id(SUBJECT.to_owned())
        ),
    ] {
        assert!(!text.contains(SUBJECT), "{text}");
        assert!(text.contains("[personal data]"), "{text}");
    }
}
