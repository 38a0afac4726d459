//! What each output of a session does with the fields the contract marks as personal data
//! (`x-personal-data`, today `subjectId`), as README's "Personal data" section states it:
//! `Debug` masks them, reports hold no session data, and `Serialize` writes the contract's wire
//! shape with them in clear, because serializing is how a service stores or forwards sessions;
//! clearing the marked fields leaves them out.

use serde_json::Value;
use sessions_api::chrono::{TimeZone, Utc};
use sessions_api::fake::FakeServer;
use sessions_api::generated::PERSONAL_DATA_FIELDS;
use sessions_api::{Client, Environment, Session, SessionStatus};

const SUBJECT: &str = "subj_8f3a2c91b47d4e6b";

fn session_with_subject() -> Session {
    Session::builder()
        .session_id("0197c55f-5af6-7e3d-af9b-f2359b134be8")
        .session_status(SessionStatus::Completed)
        .flow_id("demo-flow")
        .created_at(
            Utc.with_ymd_and_hms(2025, 1, 7, 10, 30, 0)
                .single()
                .expect("a valid time"),
        )
        .subject_id(SUBJECT.to_owned())
        .try_into()
        .expect("every required property is set")
}

/// The property names of the contract's `Session` schema.
fn contract_session_properties() -> Vec<String> {
    let text = xtask::spec::read_bundled(&xtask::workspace::spec_path()).expect("the contract");
    let spec: Value = serde_yaml_ng::from_str(&text).expect("the contract is YAML");
    spec["components"]["schemas"]["Session"]["properties"]
        .as_object()
        .expect("Session has properties")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn serialize_writes_the_wire_shape_with_the_marked_field_in_clear() {
    let session = session_with_subject();
    let json = serde_json::to_value(&session).expect("a session serializes");
    let object = json.as_object().expect("a JSON object");

    assert_eq!(object["subjectId"], SUBJECT, "{json}");
    assert_eq!(object["sessionId"], "0197c55f-5af6-7e3d-af9b-f2359b134be8");
    assert_eq!(object["sessionStatus"], "COMPLETED");
    assert_eq!(object["createdAt"], "2025-01-07T10:30:00Z");
    let properties = contract_session_properties();
    for key in object.keys() {
        assert!(
            properties.contains(key),
            "{key} is not a property of the contract's Session"
        );
    }
    let back: Session = serde_json::from_value(json).expect("the wire shape decodes");
    assert_eq!(back, session);

    // Debug of the same session masks the value.
    let debug = format!("{session:?} {session:#?}");
    assert!(!debug.contains(SUBJECT), "{debug}");
    assert!(debug.contains("[personal data]"), "{debug}");
}

#[test]
fn clearing_the_marked_fields_leaves_them_out_of_the_serialized_session() {
    assert_eq!(PERSONAL_DATA_FIELDS, ["subjectId"]);

    // Either clear the field before serializing...
    let mut session = session_with_subject();
    session.subject_id = None;
    let json = serde_json::to_value(&session).expect("a session serializes");
    assert!(json.get("subjectId").is_none(), "{json}");

    // ...or drop every marked key from the serialized object (this follows the contract's marks).
    let mut json = serde_json::to_value(session_with_subject()).expect("a session serializes");
    let object = json.as_object_mut().expect("a JSON object");
    for field in PERSONAL_DATA_FIELDS {
        assert!(object.remove(*field).is_some(), "{field} is a wire key");
    }
    assert!(!json.to_string().contains(SUBJECT), "{json}");
}

#[tokio::test]
async fn a_listing_stream_and_its_report_hold_no_session_data() {
    let fake = FakeServer::builder()
        .generated_sessions(60, 3)
        .start()
        .await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .build()
        .expect("a valid configuration");
    let mut stream = client
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(20)
        .dedupe(true)
        .items();
    let mut subjects = Vec::new();
    while let Some(session) = stream.try_next().await.expect("the fake lists") {
        subjects.extend(session.subject_id().map(str::to_owned));
    }
    assert!(
        subjects.len() > 40,
        "most generated sessions carry a subject id"
    );

    let texts = [
        format!("{stream:?}"),
        format!("{:?}", stream.report()),
        format!("{:?}", stream.report().completeness()),
    ];
    for text in &texts {
        for subject in &subjects {
            assert!(!text.contains(subject.as_str()), "{subject} in {text}");
        }
    }
}
