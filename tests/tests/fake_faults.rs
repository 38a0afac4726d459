//! Fault injection and payload drift of the fake: each knob changes exactly the responses it says.

use std::time::{Duration, SystemTime};

use serde_json::Value;
use sessions_api::fake::{Drift, FakeServer, Fault, RetryAfter};
use sessions_api_gen::types::SessionPage;

const PATH: &str = "/v1/flows/f/live/sessions";

async fn get(fake: &FakeServer) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}{PATH}", fake.base_url()))
        .bearer_auth(fake.token())
        .send()
        .await
        .expect("the fake answers")
}

async fn body(fake: &FakeServer) -> Value {
    let response = get(fake).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

async fn fake() -> FakeServer {
    FakeServer::builder()
        .generated_sessions(60, 8)
        .start()
        .await
}

#[tokio::test]
async fn fail_next_fails_exactly_that_many_requests_with_an_error_body() {
    let fake = fake().await;
    fake.fail_next(2, 503);
    for _ in 0..2 {
        let response = get(&fake).await;
        assert_eq!(response.status(), 503);
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(body["statusCode"], 503);
        assert_eq!(body["error"], "Service Unavailable");
    }
    assert_eq!(get(&fake).await.status(), 200);
    let statuses: Vec<u16> = fake.list_requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 503, 200]);
}

#[tokio::test]
async fn faults_come_before_authentication() {
    let fake = fake().await;
    fake.fail_next(1, 500);
    let response = reqwest::Client::new()
        .get(format!("{}{PATH}", fake.base_url()))
        .send()
        .await
        .expect("the fake answers");
    assert_eq!(response.status(), 500);
}

#[tokio::test]
async fn rate_limit_sends_retry_after_in_seconds_or_as_a_date_or_not_at_all() {
    let fake = fake().await;
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    fake.rate_limit_next(1, RetryAfter::Seconds(3));
    fake.inject(Fault::RateLimited(RetryAfter::Date(when)));
    fake.inject(Fault::RateLimited(RetryAfter::Absent));
    let retry_after = |r: &reqwest::Response| {
        r.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let first = get(&fake).await;
    assert_eq!(first.status(), 429);
    assert_eq!(retry_after(&first).as_deref(), Some("3"));
    let second = get(&fake).await;
    assert_eq!(second.status(), 429);
    let date = retry_after(&second).expect("a Retry-After date");
    assert_eq!(httpdate::parse_http_date(&date).ok(), Some(when));
    let third = get(&fake).await;
    assert_eq!(third.status(), 429);
    assert_eq!(retry_after(&third), None);
    assert_eq!(get(&fake).await.status(), 200);
}

#[tokio::test]
async fn malformed_and_truncated_bodies_do_not_decode() {
    let fake = fake().await;
    fake.inject(Fault::MalformedBody);
    fake.inject(Fault::TruncatedBody);
    for _ in 0..2 {
        let response = get(&fake).await;
        assert_eq!(response.status(), 200);
        let text = response.text().await.expect("a body");
        assert!(!text.is_empty());
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    }
    let whole = get(&fake).await.text().await.expect("a body");
    assert!(serde_json::from_str::<SessionPage>(&whole).is_ok());
}

#[tokio::test]
async fn truncated_body_is_a_prefix_of_the_real_one() {
    let fake = fake().await;
    let whole = get(&fake).await.text().await.expect("a body");
    fake.inject(Fault::TruncatedBody);
    let cut = get(&fake).await.text().await.expect("a body");
    assert!(cut.len() < whole.len());
    assert!(whole.starts_with(&cut));
}

#[tokio::test]
async fn delayed_response_still_answers_normally() {
    let fake = fake().await;
    fake.inject(Fault::Delay(Duration::from_millis(30)));
    fake.set_latency(Some(Duration::from_millis(5)));
    assert_eq!(get(&fake).await.status(), 200);
    fake.set_latency(None);
    assert_eq!(get(&fake).await.status(), 200);
}

#[tokio::test]
async fn token_faults_are_separate_from_list_faults() {
    let fake = fake().await;
    fake.inject_token_fault(Fault::Status(500));
    let (id, secret) = fake.client_credentials();
    let post = || {
        reqwest::Client::new()
            .post(fake.token_url())
            .basic_auth(id, Some(secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
    };
    assert_eq!(post().await.expect("answers").status(), 500);
    assert_eq!(get(&fake).await.status(), 200);
    assert_eq!(post().await.expect("answers").status(), 200);
    fake.inject_token_fault(Fault::MalformedBody);
    fake.fail_next(1, 502);
    fake.clear_faults();
    assert_eq!(post().await.expect("answers").status(), 200);
    assert_eq!(get(&fake).await.status(), 200);
}

fn sessions(body: &Value) -> &Vec<Value> {
    body["content"].as_array().expect("content")
}

#[tokio::test]
async fn extra_fields_drift_adds_undocumented_fields() {
    let fake = fake().await;
    fake.drift(Drift::ExtraFields);
    let body = body(&fake).await;
    assert!(body.get("links").is_some());
    assert!(
        sessions(&body)
            .iter()
            .all(|s| s.get("undocumentedRiskScore").is_some())
    );
}

#[tokio::test]
async fn older_last_step_drift_uses_step_name_and_type() {
    let fake = fake().await;
    fake.drift(Drift::OlderLastStep);
    let body = body(&fake).await;
    let steps: Vec<&Value> = sessions(&body)
        .iter()
        .filter_map(|s| s.get("lastStep"))
        .collect();
    assert!(!steps.is_empty());
    for step in steps {
        assert!(step.get("stepId").is_none() && step.get("stepDescription").is_none());
        assert!(
            step["stepName"].is_string() && step["stepType"].is_string(),
            "{step}"
        );
    }
}

#[tokio::test]
async fn upper_case_outcome_drift_still_decodes_to_the_same_outcome() {
    let fake = fake().await;
    let plain: SessionPage = serde_json::from_value(body(&fake).await).expect("a page");
    fake.drift(Drift::UpperCaseOutcome);
    let drifted = body(&fake).await;
    let outcomes: Vec<&str> = sessions(&drifted)
        .iter()
        .filter_map(|s| s["outcome"].as_str())
        .collect();
    assert!(!outcomes.is_empty());
    assert!(outcomes.iter().all(|o| *o == o.to_ascii_uppercase()));
    assert!(outcomes.contains(&"ACCEPTED"));
    let decoded: SessionPage = serde_json::from_value(drifted).expect("a page");
    assert_eq!(decoded, plain);
}

#[tokio::test]
async fn missing_field_and_wrong_type_drift_break_decoding() {
    let fake = fake().await;
    fake.drift(Drift::MissingRequiredField);
    let body_missing = body(&fake).await;
    assert!(
        sessions(&body_missing)
            .iter()
            .all(|s| s.get("createdAt").is_none())
    );
    assert!(serde_json::from_value::<SessionPage>(body_missing).is_err());
    fake.clear_drift();
    fake.drift(Drift::WrongType);
    let body_wrong = body(&fake).await;
    assert!(body_wrong["page"]["totalElements"].is_string());
    assert!(serde_json::from_value::<SessionPage>(body_wrong).is_err());
    fake.clear_drift();
    assert!(serde_json::from_value::<SessionPage>(body(&fake).await).is_ok());
}

#[tokio::test]
async fn unknown_enum_drift_sends_new_statuses_that_still_decode() {
    let fake = fake().await;
    fake.drift(Drift::UnknownEnumValues);
    let page: SessionPage = serde_json::from_value(body(&fake).await).expect("a page");
    assert!(page.content.iter().any(|s| s.session_status.is_unknown()));
}

#[tokio::test]
async fn drifts_combine_and_apply_from_the_builder() {
    let fake = FakeServer::builder()
        .generated_sessions(20, 1)
        .drift(Drift::ExtraFields)
        .drift(Drift::WrongType)
        .start()
        .await;
    let body = body(&fake).await;
    assert!(body.get("links").is_some());
    assert!(body["page"]["totalElements"].is_string());
}

#[tokio::test]
async fn a_status_that_is_not_http_is_answered_as_500() {
    let fake = fake().await;
    fake.fail_next(1, 42);
    let response = get(&fake).await;
    assert_eq!(response.status(), 500);
    assert_eq!(get(&fake).await.status(), 200);
}

/// Pages a client streams with `prefetch` pages in flight (10 sessions a page, no retries) before
/// the stream ends, and the error it ends with.
async fn stream_until_error(
    fake: &FakeServer,
    prefetch: usize,
) -> (Vec<u32>, Option<sessions_api::Error>) {
    let client = sessions_api::Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .retry(sessions_api::RetryPolicy::none())
        .build()
        .expect("a client");
    let mut pages = client
        .sessions("f", sessions_api::Environment::Live)
        .page_size(10)
        .prefetch(prefetch)
        .pages();
    let mut numbers = Vec::new();
    loop {
        match pages.try_next().await {
            Ok(Some(page)) => numbers.push(page.number()),
            Ok(None) => return (numbers, None),
            Err(error) => return (numbers, Some(error)),
        }
    }
}

#[tokio::test]
async fn a_fault_at_page_n_fails_page_n_with_one_or_eight_pages_in_flight() {
    for prefetch in [1, 8] {
        for _ in 0..5 {
            let fake = fake().await;
            fake.inject_at_page(4, Fault::Status(503));
            let (pages, error) = stream_until_error(&fake, prefetch).await;
            assert_eq!(pages, [1, 2, 3], "prefetch {prefetch}");
            let error = error.expect("page 4 fails");
            assert_eq!(
                error.status().map(|s| s.as_u16()),
                Some(503),
                "prefetch {prefetch}"
            );
            assert_eq!(error.resume_page(), Some(4), "prefetch {prefetch}");
            // Page 4 got the fault and no other request did, whatever order they arrived in.
            for request in fake.list_requests() {
                let expected = if request.page() == Some(4) { 503 } else { 200 };
                assert_eq!(request.status, expected, "prefetch {prefetch}: {request:?}");
            }
            // The fault was used: the page answers again.
            let (pages, error) = stream_until_error(&fake, prefetch).await;
            assert_eq!(pages, [1, 2, 3, 4, 5, 6], "prefetch {prefetch}");
            assert!(error.is_none(), "prefetch {prefetch}: {error:?}");
        }
    }
}

#[tokio::test]
async fn page_faults_follow_the_page_parameter_and_come_before_the_queue() {
    let fake = fake().await;
    let url = |query: &str| format!("{}{PATH}{query}", fake.base_url());
    let status = async |url: String| {
        reqwest::Client::new()
            .get(url)
            .bearer_auth(fake.token())
            .send()
            .await
            .expect("the fake answers")
            .status()
            .as_u16()
    };
    // No `page` is the first page; page 0 is read as the first page too (base 1).
    fake.inject_at_page(1, Fault::Status(502));
    fake.inject_at_page(1, Fault::Status(504));
    fake.inject_at_page(2, Fault::Status(500));
    assert_eq!(status(url("?page=3")).await, 200);
    assert_eq!(
        status(url("?page=x")).await,
        400,
        "not a number: no page fault"
    );
    assert_eq!(status(url("")).await, 502);
    assert_eq!(status(url("?page=0")).await, 504);
    assert_eq!(status(url("?page=1")).await, 200);
    // A page's fault comes before the queue; the queue serves the others.
    fake.fail_next(1, 503);
    assert_eq!(status(url("?page=2")).await, 500);
    assert_eq!(status(url("?page=2")).await, 503);
    assert_eq!(status(url("?page=2")).await, 200);
    // clear_faults drops page faults too.
    fake.inject_at_page(5, Fault::Status(500));
    fake.clear_faults();
    assert_eq!(status(url("?page=5")).await, 200);
}

#[tokio::test]
async fn inject_fail_next_and_rate_limit_next_share_one_queue_in_call_order() {
    let fake = fake().await;
    fake.inject(Fault::Status(500));
    fake.fail_next(2, 503);
    fake.rate_limit_next(1, RetryAfter::Seconds(7));
    fake.inject(Fault::Status(502));
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(get(&fake).await.status().as_u16());
    }
    assert_eq!(statuses, [500, 503, 503, 429, 502, 200]);
}

#[tokio::test]
async fn a_raw_fault_sends_its_status_and_body_as_given() {
    let fake = fake().await;
    let page = br#"{"content":[],"page":{"size":20,"number":1,"totalElements":99,"totalPages":1}}"#;
    fake.inject(Fault::Raw {
        status: 200,
        body: page.to_vec(),
    });
    fake.inject(Fault::Raw {
        status: 418,
        body: b"teapot".to_vec(),
    });
    let response = get(&fake).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    assert_eq!(&response.bytes().await.expect("a body")[..], &page[..]);
    let response = get(&fake).await;
    assert_eq!(response.status(), 418);
    assert_eq!(&response.bytes().await.expect("a body")[..], b"teapot");
    assert_eq!(body(&fake).await["page"]["totalElements"], 60);
}
