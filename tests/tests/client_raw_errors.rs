//! `Client::map_raw_error`: each error the generated client can report becomes the error this
//! crate's own requests get, whichever way it arrives: through the executor (every status that is
//! not a success comes back as the executor's error) or from a generated client without it.

mod client_support;

use std::time::Duration;

use client_support::{answering, builder};
use serde_json::json;
use sessions_api::generated::{self, Hooks};
use sessions_api::{Client, Environment, Error, ErrorKind, RetryPolicy};
use wiremock::ResponseTemplate;

const TOKEN: &str = "secret-token-0123456789";

fn client(base_url: &str) -> Client {
    builder(base_url)
        .bearer_token(TOKEN)
        .retry(RetryPolicy::none())
        .build()
        .expect("valid")
}

/// Lists through `generated` and maps the failure with `client`.
async fn mapped(client: &Client, generated: &generated::Client) -> Error {
    let raw = generated
        .list_sessions()
        .flow_id("f")
        .environment(Environment::Live)
        .send()
        .await
        .expect_err("the request fails");
    client.map_raw_error(raw)
}

fn api_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "statusCode": status,
        "message": message,
    }))
}

#[tokio::test]
async fn a_request_the_generated_builder_refuses_is_invalid_and_never_sent() {
    let server = answering(ResponseTemplate::new(200)).await;
    let client = client(&server.uri());
    let raw = client
        .raw()
        .list_sessions()
        .environment(Environment::Live)
        .send()
        .await
        .expect_err("no flow id");
    let error = client.map_raw_error(raw);
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
    assert_eq!(error.status(), None);
    assert_eq!(error.attempts(), 0);
    assert!(error.to_string().contains("not sent"), "{error}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn statuses_carried_by_the_executor_keep_their_kind() {
    for (status, kind) in [
        (400, ErrorKind::InvalidRequest),
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (408, ErrorKind::Timeout),
        (429, ErrorKind::RateLimited),
        (503, ErrorKind::Server),
        (418, ErrorKind::UnexpectedStatus),
    ] {
        let server = answering(api_error(status, "said by the server")).await;
        let client = client(&server.uri());
        let error = mapped(&client, client.raw()).await;
        assert_eq!(error.kind(), &kind, "{status}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.attempts(), 1);
    }
}

#[tokio::test]
async fn a_body_that_does_not_decode_is_a_decode_error() {
    let server =
        answering(ResponseTemplate::new(200).set_body_raw(r#"{"content":7}"#, "application/json"))
            .await;
    let client = client(&server.uri());
    let error = mapped(&client, client.raw()).await;
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert_eq!(error.body_snippet(), Some(r#"{"content":7}"#));
}

#[tokio::test]
async fn documented_error_statuses_without_the_executor_are_classified_by_status() {
    for (status, kind) in [
        (400, ErrorKind::InvalidRequest),
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
        (503, ErrorKind::Server),
    ] {
        let server =
            answering(api_error(status, "Flow not found").insert_header("retry-after", "7")).await;
        let client = client(&server.uri());
        let bare = generated::Client::new(&server.uri(), Hooks::none());
        let error = mapped(&client, &bare).await;
        assert_eq!(error.kind(), &kind, "{status}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.attempts(), 1);
        assert_eq!(error.host(), Some(server.address().to_string().as_str()));
        assert!(
            error.to_string().contains("(server says: Flow not found)"),
            "{error}"
        );
        if status == 429 {
            assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
        }
    }
}

#[tokio::test]
async fn undocumented_error_statuses_without_the_executor_are_classified_by_status() {
    for (status, kind, retryable) in [
        (418, ErrorKind::UnexpectedStatus, false),
        (408, ErrorKind::Timeout, true),
        (502, ErrorKind::Server, true),
    ] {
        let server = answering(ResponseTemplate::new(status)).await;
        let client = client(&server.uri());
        let bare = generated::Client::new(&server.uri(), Hooks::none());
        let error = mapped(&client, &bare).await;
        assert_eq!(error.kind(), &kind, "{status}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.is_retryable(), retryable, "{status}");
    }
}

#[tokio::test]
async fn a_connection_failure_without_the_executor_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let base_url = format!("http://{address}");
    let client = client(&base_url);
    let bare = generated::Client::new(&base_url, Hooks::none());
    let error = mapped(&client, &bare).await;
    assert_eq!(error.kind(), &ErrorKind::Transport);
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(error.host(), Some(address.to_string().as_str()));
}
