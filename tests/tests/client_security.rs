//! Security rules: secrets never appear in `Debug`, `Display` or tracing output; plain http only to
//! loopback; `Authorization` never reaches another host through a redirect; bodies are capped; TLS
//! by rustls alone.

mod client_support;

use client_support::{DOCUMENTED, bearer_client, builder, capture_logs};
use sessions_api::fake::{FakeServer, RetryAfter};
use sessions_api::{Client, DEFAULT_MAX_BODY_SIZE, Environment, ErrorKind};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-SECRET-4f9a8b7c6d5e";
const CLIENT_SECRET: &str = "cs-SECRET-0a1b2c3d4e5f";

#[tokio::test]
async fn debug_never_shows_the_token_or_the_client_secret() {
    let bearer_builder = Client::builder().bearer_token(TOKEN);
    assert!(!format!("{bearer_builder:?}").contains(TOKEN));
    let bearer = bearer_builder.build().expect("valid");
    let query = bearer.sessions("f", Environment::Live);
    for text in [
        format!("{bearer:?}"),
        format!("{query:?}"),
        format!("{query:#?}"),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(
            text.contains("REDACTED") || text.contains("SessionsRequest"),
            "{text}"
        );
    }

    let fake = FakeServer::builder()
        .client_credentials("client-1", CLIENT_SECRET)
        .generated_sessions(2, 1)
        .start()
        .await;
    let credentials_builder =
        builder(&fake.base_url()).client_credentials("client-1", CLIENT_SECRET, fake.token_url());
    assert!(!format!("{credentials_builder:?}").contains(CLIENT_SECRET));
    let client = credentials_builder.build().expect("valid");
    client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("page with a fetched token");
    let issued = fake.issued_tokens();
    let token = issued.first().expect("a token was issued");
    let text = format!("{client:?} {client:#?}");
    assert!(!text.contains(CLIENT_SECRET), "{text}");
    assert!(!text.contains(token.as_str()), "{text}");
    assert!(
        text.contains("client-1"),
        "the client id is not secret: {text}"
    );
}

#[tokio::test]
async fn errors_never_show_the_token_even_when_the_server_echoes_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "statusCode": 401,
            "message": format!("invalid token Bearer {TOKEN}"),
        })))
        .mount(&server)
        .await;
    let client = bearer_client(&server.uri(), TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("401");
    assert_eq!(error.kind(), &ErrorKind::Unauthorized);
    let display = error.to_string();
    let debug = format!("{error:?}");
    let snippet = error.body_snippet().expect("a snippet").to_owned();
    for text in [&display, &debug, &snippet] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    assert!(snippet.contains("[REDACTED]"), "{snippet}");
}

#[tokio::test]
async fn decode_errors_keep_a_bounded_snippet_without_the_token() {
    let server = MockServer::start().await;
    let body = format!(
        "{{\"content\": \"{TOKEN}\", \"padding\": \"{}\"}}",
        "x".repeat(5000)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = bearer_client(&server.uri(), TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("not a page");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    let snippet = error.body_snippet().expect("a snippet");
    assert!(snippet.chars().count() <= 513, "bounded: {}", snippet.len());
    assert!(!snippet.contains(TOKEN));
    assert!(!error.to_string().contains(TOKEN));
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn tracing_output_never_holds_secrets_or_subject_ids() {
    let (_guard, logs) = capture_logs();
    let fake = FakeServer::builder()
        .client_credentials("client-1", CLIENT_SECRET)
        .generated_sessions(30, 9)
        .start()
        .await;
    let client = builder(&fake.base_url())
        .client_credentials("client-1", CLIENT_SECRET, fake.token_url())
        .build()
        .expect("valid");
    let query = client.sessions(fake.flow_id(), Environment::Live);
    fake.rate_limit_next(1, RetryAfter::Seconds(0));
    fake.fail_next(1, 503);
    let page = query.page(1).await.expect("page after retries");
    fake.revoke_tokens();
    query.page(2).await.expect("page after a refresh");
    fake.fail_next(1, 401);
    let _ = query.page(1).await;

    let text = logs.text();
    assert!(text.contains("sessions_api.request"), "{text}");
    assert!(!text.contains(CLIENT_SECRET), "{text}");
    for token in fake.issued_tokens() {
        assert!(!text.contains(&token), "token in logs: {text}");
    }
    let subjects: Vec<&str> = page.items().iter().filter_map(|s| s.subject_id()).collect();
    assert!(!subjects.is_empty(), "the fake sets subject ids");
    for subject in subjects {
        assert!(!text.contains(subject), "subject id {subject} in logs");
    }
}

#[tokio::test]
async fn the_request_span_carries_operation_flow_page_attempt_status_and_latency() {
    let (_guard, logs) = capture_logs();
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    fake.fail_next(1, 500);
    client
        .sessions("flow-7", Environment::Live)
        .page(4)
        .await
        .expect("page");
    let text = logs.text();
    let span_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("sessions_api.request{"))
        .collect();
    let closed = span_lines
        .iter()
        .find(|l| l.contains("close"))
        .unwrap_or_else(|| panic!("the span closes: {text}"));
    for field in [
        "operation=\"list_sessions\"",
        "flow_id=\"flow-7\"",
        "page=4",
        "attempt=2",
        "status=200",
        "latency_ms=",
    ] {
        assert!(closed.contains(field), "{field} missing in {closed}");
    }
}

#[test]
fn plain_http_is_refused_except_to_loopback_unless_allowed() {
    let refused = Client::builder()
        .base_url("http://api.example.com/api")
        .bearer_token(TOKEN)
        .build()
        .expect_err("plain http to a remote host");
    assert_eq!(refused.kind(), &ErrorKind::Config);
    assert!(
        refused.to_string().contains("allow_insecure_http"),
        "{refused}"
    );

    let refused_token_url = Client::builder()
        .client_credentials("id", CLIENT_SECRET, "http://auth.example.com/oidc/token")
        .build()
        .expect_err("plain http token URL");
    assert_eq!(refused_token_url.kind(), &ErrorKind::Config);
    assert!(!refused_token_url.to_string().contains(CLIENT_SECRET));

    for loopback in [
        "http://127.0.0.1:8080/api",
        "http://localhost:1/api",
        "http://[::1]:2",
    ] {
        Client::builder()
            .base_url(loopback)
            .bearer_token(TOKEN)
            .build()
            .unwrap_or_else(|e| panic!("{loopback}: {e}"));
    }
    Client::builder()
        .base_url("http://api.example.com/api")
        .bearer_token(TOKEN)
        .allow_insecure_http(true)
        .build()
        .expect("explicitly allowed");
}

/// Two servers on different ports: the API redirects to the other one, which records what it gets.
async fn redirecting_pair() -> (MockServer, MockServer) {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/stolen", elsewhere.uri()).as_str()),
        )
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(DOCUMENTED, "application/json"))
        .mount(&elsewhere)
        .await;
    (api, elsewhere)
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let (api, elsewhere) = redirecting_pair().await;
    let client = bearer_client(&api.uri(), TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("redirect not followed");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedStatus);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
    assert!(error.to_string().contains("not followed"), "{error}");
    let received = elsewhere.received_requests().await.expect("recorded");
    assert!(received.is_empty(), "nothing reached the other host");
}

#[tokio::test]
async fn with_a_callers_http_client_authorization_is_dropped_on_cross_host_redirects() {
    let (api, elsewhere) = redirecting_pair().await;
    let client = builder(&api.uri())
        .bearer_token(TOKEN)
        .http_client(reqwest::Client::new())
        .build()
        .expect("valid");
    client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect("the caller's client follows the redirect");
    let received = elsewhere.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1);
    assert!(
        received[0].headers.get("authorization").is_none(),
        "Authorization reached another host"
    );
    let at_api = api.received_requests().await.expect("recorded");
    assert!(at_api[0].headers.get("authorization").is_some());
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/flows/f/live/sessions"))
        .respond_with(
            ResponseTemplate::new(307).insert_header("location", "/moved/v1/flows/f/live/sessions"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved/v1/flows/f/live/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(DOCUMENTED, "application/json"))
        .mount(&server)
        .await;
    let client = bearer_client(&server.uri(), TOKEN);
    client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect("followed");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    let expected = format!("Bearer {TOKEN}");
    assert_eq!(
        received[1]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(expected.as_str())
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_with_a_clear_error() {
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 16 * 1024 * 1024);
    let fake = FakeServer::builder()
        .generated_sessions(100, 1)
        .start()
        .await;
    let client = builder(&fake.base_url())
        .bearer_token(fake.token())
        .max_body_size(4096)
        .build()
        .expect("valid");
    let error = client
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(100)
        .page(1)
        .await
        .expect_err("too large");
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 4096, .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("4096 bytes"), "{error}");
    assert_eq!(fake.list_calls(), 1);
}

#[test]
fn no_openssl_in_the_dependency_tree() {
    // The lock file lists every package of every build of the workspace: if no OpenSSL binding is
    // in it, none can be linked (the same fact `cargo tree -i openssl-sys` reports).
    let lock = include_str!("../../Cargo.lock");
    let packages: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(packages.contains(&"rustls"), "TLS is by rustls");
    for forbidden in ["openssl", "openssl-sys", "native-tls", "hyper-tls"] {
        assert!(
            !packages.contains(&forbidden),
            "{forbidden} is in Cargo.lock"
        );
    }
}

/// Answers with the Authorization header it received echoed in an error body, after a delay.
struct EchoAuthorization(std::time::Duration);

impl wiremock::Respond for EchoAuthorization {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let sent = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        ResponseTemplate::new(400)
            .set_body_json(serde_json::json!({
                "statusCode": 400,
                "message": format!("rejected credentials: {sent}"),
            }))
            .set_delay(self.0)
    }
}

#[tokio::test]
async fn a_token_that_expires_while_its_request_runs_is_still_masked_in_the_error() {
    const EXPIRING: &str = "tok-EXPIRING-9c8b7a6f5e4d";
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oidc/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": EXPIRING,
            "expires_in": 1,
            "token_type": "Bearer",
        })))
        .mount(&server)
        .await;
    // The answer arrives after the token's lifetime: the client no longer holds it as current.
    Mock::given(method("GET"))
        .respond_with(EchoAuthorization(std::time::Duration::from_millis(1_300)))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .client_credentials("id", CLIENT_SECRET, format!("{}/oidc/token", server.uri()))
        .build()
        .expect("valid");
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("400");
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
    let snippet = error.body_snippet().unwrap_or_default().to_owned();
    assert!(snippet.contains("rejected credentials"), "{snippet}");
    for text in [error.to_string(), format!("{error:?}"), snippet] {
        assert!(!text.contains(EXPIRING), "the sent token leaked: {text}");
    }
}
