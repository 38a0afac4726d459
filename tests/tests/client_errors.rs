//! Error statuses become matchable error kinds with a message that says what to do, whatever the
//! body looks like; statuses that cannot succeed later are never retried.

mod client_support;

use client_support::{answering, bearer_client};
use sessions_api::fake::FakeServer;
use sessions_api::{Environment, ErrorKind};
use wiremock::{MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-0123456789";

async fn calls(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn unauthorized_names_the_environment_and_is_not_retried() {
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    let client = bearer_client(&fake.base_url(), TOKEN);
    let error = client
        .sessions(fake.flow_id(), Environment::Staging)
        .page(1)
        .await
        .expect_err("unknown token");
    assert_eq!(error.kind(), &ErrorKind::Unauthorized);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(!error.is_retryable());
    let text = error.to_string();
    assert!(text.contains("`staging` environment"), "{text}");
    assert!(text.contains("must belong to"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert_eq!(fake.list_calls(), 1, "a bearer token cannot be refreshed");
}

#[tokio::test]
async fn unauthorized_with_an_html_body_is_still_classified_by_status() {
    let server = answering(
        ResponseTemplate::new(401).set_body_raw("<html><body>Denied</body></html>", "text/html"),
    )
    .await;
    let client = bearer_client(&server.uri(), TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("401");
    assert_eq!(error.kind(), &ErrorKind::Unauthorized);
    assert_eq!(
        error.body_snippet(),
        Some("<html><body>Denied</body></html>")
    );
}

#[tokio::test]
async fn forbidden_says_which_permission_is_missing() {
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    let client = bearer_client(&fake.base_url(), fake.forbidden_token());
    let error = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect_err("403");
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert!(error.to_string().contains("api.read"), "{error}");
    assert_eq!(fake.list_calls(), 1);
}

#[tokio::test]
async fn not_found_names_the_flow_and_environment() {
    let fake = FakeServer::builder()
        .generated_sessions(3, 1)
        .flow_id("known-flow")
        .start()
        .await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let error = client
        .sessions("other-flow", Environment::Live)
        .page(1)
        .await
        .expect_err("404");
    assert_eq!(error.kind(), &ErrorKind::NotFound);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let text = error.to_string();
    assert!(text.contains("flow `other-flow`"), "{text}");
    assert!(text.contains("`live` environment"), "{text}");
    assert!(
        text.contains("(server says: Flow not found)"),
        "the server's message, labelled as the server's: {text}"
    );
    assert!(!error.is_retryable());
    assert_eq!(fake.list_calls(), 1);
}

#[tokio::test]
async fn bad_request_is_never_retried() {
    let server = answering(ResponseTemplate::new(400).set_body_json(serde_json::json!({
        "statusCode": 400,
        "message": ["size must be a positive number", "page must be a number"],
        "error": "Bad Request"
    })))
    .await;
    let client = bearer_client(&server.uri(), TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("400");
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), 1);
    let text = error.to_string();
    assert!(
        text.contains("(server says: size must be a positive number; page must be a number)"),
        "{text}"
    );
    assert!(text.contains("query parameters"), "{text}");
    assert_eq!(calls(&server).await, 1);
}

#[tokio::test]
async fn an_unknown_environment_is_refused_before_sending() {
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let error = client
        .sessions(fake.flow_id(), "preprod")
        .page(1)
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
    assert_eq!(fake.list_calls(), 0, "refused before sending");
    let text = error.to_string();
    assert!(text.contains("preprod"), "{text}");
    assert!(
        text.contains("`live`") && text.contains("`staging`"),
        "names the known ones: {text}"
    );
    assert!(
        !text.contains("query parameters"),
        "the query is not the problem: {text}"
    );
}

#[tokio::test]
async fn not_found_names_the_base_path_that_was_wrong() {
    let server = MockServer::start().await;
    let base_url = format!("{}/not-the-api", server.uri());
    let client = bearer_client(&base_url, TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("nothing is served there");
    assert_eq!(error.kind(), &ErrorKind::NotFound);
    let text = error.to_string();
    assert!(text.contains("`/not-the-api`"), "the base path: {text}");
    assert!(text.contains(&base_url), "the base URL: {text}");
    assert!(
        !text.contains("server says"),
        "the server said nothing: {text}"
    );
}

#[tokio::test]
async fn an_html_bad_gateway_is_a_server_error_after_the_retries() {
    let server =
        answering(ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"))
            .await;
    let client = bearer_client(&server.uri(), TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("502");
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 3);
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    assert_eq!(calls(&server).await, 3);
}

#[tokio::test]
async fn an_undocumented_status_is_unexpected_and_not_retried() {
    let server = answering(ResponseTemplate::new(418)).await;
    let client = bearer_client(&server.uri(), TOKEN);
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("418");
    assert_eq!(error.kind(), &ErrorKind::UnexpectedStatus);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(418));
    assert!(!error.is_retryable());
    assert_eq!(calls(&server).await, 1);
}

#[tokio::test]
async fn kinds_can_be_matched_without_comparing_strings() {
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    fake.fail_next(1, 404);
    let outcome = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await;
    let advice = match outcome {
        Ok(_) => "none",
        Err(e) => match e.kind() {
            ErrorKind::Unauthorized | ErrorKind::Forbidden => "fix credentials",
            ErrorKind::NotFound => "fix the flow id",
            ErrorKind::RateLimited => "slow down",
            _ => "other",
        },
    };
    assert_eq!(advice, "fix the flow id");
}
