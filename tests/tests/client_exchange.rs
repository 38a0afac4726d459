//! Errors keep their request: every error that had a response says its status, how many attempts
//! it took and the host it came from, whether the response failed by its status or after it (a
//! success whose body does not decode, an undocumented success status, a body over the limit).

mod client_support;

use client_support::{DOCUMENTED, bearer_client, builder};
use sessions_api::{Client, Environment, Error, ErrorKind};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-0123456789";

/// A server that answers `first` once (when given), then `then` to every request.
async fn answering(first: Option<ResponseTemplate>, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    if let Some(first) = first {
        Mock::given(method("GET"))
            .respond_with(first)
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn host(server: &MockServer) -> String {
    server.address().to_string()
}

async fn first_page(client: &Client) -> Error {
    client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("the page fails")
}

fn assert_exchange(error: &Error, status: u16, attempts: u32, host: &str) {
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(status),
        "{error:?}"
    );
    assert_eq!(error.attempts(), attempts, "{error:?}");
    assert_eq!(error.host(), Some(host), "{error:?}");
    assert!(error.to_string().contains(host), "{error}");
}

fn not_a_page() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(r#"{"content":"not a list"}"#, "application/json")
}

#[tokio::test]
async fn a_success_whose_body_does_not_decode_keeps_its_exchange() {
    let server = answering(None, not_a_page()).await;
    let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert_exchange(&error, 200, 1, &host(&server));
    assert!(error.to_string().contains("200 OK"), "{error}");
}

#[tokio::test]
async fn a_decode_error_after_a_retry_counts_both_attempts() {
    let server = answering(Some(ResponseTemplate::new(503)), not_a_page()).await;
    let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert_exchange(&error, 200, 2, &host(&server));
}

#[tokio::test]
async fn an_undocumented_success_status_keeps_its_exchange() {
    for status in [201, 204, 206] {
        let server = answering(
            Some(ResponseTemplate::new(500)),
            ResponseTemplate::new(status).set_body_raw(DOCUMENTED, "application/json"),
        )
        .await;
        let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
        assert_eq!(error.kind(), &ErrorKind::UnexpectedStatus, "{status}");
        assert_exchange(&error, status, 2, &host(&server));
        assert!(!error.is_retryable());
        assert!(
            error.to_string().contains("unexpected success status"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_body_over_the_limit_keeps_its_exchange() {
    let server = answering(
        None,
        ResponseTemplate::new(200).set_body_raw(DOCUMENTED, "application/json"),
    )
    .await;
    let client = builder(&server.uri())
        .bearer_token(TOKEN)
        .max_body_size(64)
        .build()
        .expect("valid");
    let error = first_page(&client).await;
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 64, .. }),
        "{error:?}"
    );
    assert_exchange(&error, 200, 1, &host(&server));
}

#[tokio::test]
async fn a_success_that_is_not_json_keeps_its_exchange() {
    let server = answering(
        None,
        ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
    )
    .await;
    let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert_exchange(&error, 200, 1, &host(&server));
}

#[tokio::test]
async fn error_statuses_keep_their_exchange_after_the_retries() {
    let server = answering(None, ResponseTemplate::new(503)).await;
    let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert_exchange(&error, 503, 3, &host(&server));

    let server = answering(None, ResponseTemplate::new(404)).await;
    let error = first_page(&bearer_client(&server.uri(), TOKEN)).await;
    assert_eq!(error.kind(), &ErrorKind::NotFound);
    assert_exchange(&error, 404, 1, &host(&server));
}

#[tokio::test]
async fn the_raw_client_keeps_the_exchange_it_can_see() {
    // An undocumented success status: the response says how it was delivered.
    let server = answering(
        Some(ResponseTemplate::new(502)),
        ResponseTemplate::new(206).set_body_raw(DOCUMENTED, "application/json"),
    )
    .await;
    let client = bearer_client(&server.uri(), TOKEN);
    let raw = client
        .raw()
        .list_sessions()
        .flow_id("f")
        .environment(Environment::Live)
        .send()
        .await
        .expect_err("206 is not documented");
    let error = client.map_raw_error(raw);
    assert_eq!(error.kind(), &ErrorKind::UnexpectedStatus);
    assert_exchange(&error, 206, 2, &host(&server));

    // A body that does not decode: the generated client keeps only the body, so the error names
    // the host and counts the one attempt it can be sure of.
    let server = answering(None, not_a_page()).await;
    let client = bearer_client(&server.uri(), TOKEN);
    let raw = client
        .raw()
        .list_sessions()
        .flow_id("f")
        .environment(Environment::Live)
        .send()
        .await
        .expect_err("not a page");
    let error = client.map_raw_error(raw);
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert!(error.attempts() >= 1);
    assert_eq!(error.host(), Some(host(&server).as_str()));
}

#[tokio::test]
async fn a_request_never_sent_has_no_exchange() {
    let client = bearer_client("http://127.0.0.1:9", TOKEN);
    let error = client
        .sessions("", Environment::Live)
        .page(1)
        .await
        .expect_err("an empty flow id is refused");
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
    assert_eq!(error.status(), None);
    assert_eq!(error.attempts(), 0);
    assert_eq!(error.host(), None);
}
