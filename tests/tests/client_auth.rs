//! OAuth 2.0 client credentials: both client authentication methods, the token cache, one fetch at
//! a time under concurrency, and one refresh and retry after a 401.

mod client_support;

use std::sync::Arc;

use client_support::builder;
use futures::future::join_all;
use sessions_api::fake::{ClientAuth, FakeServer, Fault};
use sessions_api::{Client, Environment, ErrorKind, TokenAuthMethod};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn fake() -> FakeServer {
    FakeServer::builder().generated_sessions(5, 1).start().await
}

fn credentials_client(fake: &FakeServer, method: TokenAuthMethod) -> Client {
    let (id, secret) = fake.client_credentials();
    builder(&fake.base_url())
        .client_credentials(id, secret, fake.token_url())
        .token_auth_method(method)
        .build()
        .expect("valid")
}

#[tokio::test]
async fn client_secret_basic_obtains_a_token_and_lists() {
    let fake = fake().await;
    let client = credentials_client(&fake, TokenAuthMethod::ClientSecretBasic);
    let page = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("listed with a fetched token");
    assert_eq!(page.items().len(), 5);
    let token_requests = fake.token_requests();
    assert_eq!(token_requests.len(), 1);
    assert_eq!(token_requests[0].client_auth, Some(ClientAuth::Basic));
    let issued = fake.issued_tokens();
    assert_eq!(
        fake.list_requests()[0].bearer_token(),
        issued.first().map(String::as_str)
    );
}

#[tokio::test]
async fn client_secret_post_obtains_a_token_and_lists() {
    let fake = fake().await;
    let client = credentials_client(&fake, TokenAuthMethod::ClientSecretPost);
    client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("listed with a fetched token");
    let token_requests = fake.token_requests();
    assert_eq!(token_requests.len(), 1);
    assert_eq!(token_requests[0].client_auth, Some(ClientAuth::Post));
}

#[tokio::test]
async fn the_token_is_cached_while_valid_and_fetched_again_once_expired() {
    let fake = fake().await;
    let client = credentials_client(&fake, TokenAuthMethod::ClientSecretBasic);
    let query = client.sessions(fake.flow_id(), Environment::Live);
    for _ in 0..4 {
        query.page(1).await.expect("page");
    }
    assert_eq!(fake.token_calls(), 1, "one token for four requests");

    // A token that expires at once is never reused.
    fake.set_token_expires_in(0);
    let fresh = credentials_client(&fake, TokenAuthMethod::ClientSecretBasic);
    let query = fresh.sessions(fake.flow_id(), Environment::Live);
    for _ in 0..3 {
        query.page(1).await.expect("page");
    }
    assert_eq!(
        fake.token_calls(),
        1 + 3,
        "an expired token is fetched again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_requests_share_one_token_fetch() {
    let fake = Arc::new(fake().await);
    let client = credentials_client(&fake, TokenAuthMethod::ClientSecretBasic);
    let query = client.sessions(fake.flow_id(), Environment::Live);
    let results = join_all((0..50).map(|_| {
        let query = query.clone();
        tokio::spawn(async move { query.page(1).await })
    }))
    .await;
    for result in results {
        result.expect("task").expect("page");
    }
    assert_eq!(fake.token_calls(), 1);
    assert_eq!(fake.list_calls(), 50);
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries() {
    let fake = fake().await;
    let client = credentials_client(&fake, TokenAuthMethod::ClientSecretBasic);
    let query = client.sessions(fake.flow_id(), Environment::Live);
    query.page(1).await.expect("first page");
    fake.revoke_tokens();
    query.page(1).await.expect("refreshed and retried");
    assert_eq!(fake.token_calls(), 2);
    assert_eq!(fake.list_calls(), 3, "first, refused, retried");
    let list = fake.list_requests();
    let issued = fake.issued_tokens();
    assert_eq!(list[2].bearer_token(), issued.get(1).map(String::as_str));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_401s_make_one_refresh() {
    let fake = Arc::new(fake().await);
    let client = credentials_client(&fake, TokenAuthMethod::ClientSecretBasic);
    let query = client.sessions(fake.flow_id(), Environment::Live);
    query.page(1).await.expect("first page");
    fake.revoke_tokens();
    let results = join_all((0..50).map(|_| {
        let query = query.clone();
        tokio::spawn(async move { query.page(1).await })
    }))
    .await;
    for result in results {
        result.expect("task").expect("page after the refresh");
    }
    assert_eq!(fake.token_calls(), 2, "the first token and one refresh");
}

#[tokio::test]
async fn a_token_refused_twice_is_unauthorized_after_one_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oidc/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "issued-token-abcdef",
            "expires_in": 3600,
            "token_type": "Bearer"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .client_credentials(
            "id",
            "client-secret-xyz",
            format!("{}/oidc/token", server.uri()),
        )
        .build()
        .expect("valid");
    let error = client
        .sessions("f", Environment::Staging)
        .page(1)
        .await
        .expect_err("always 401");
    assert_eq!(error.kind(), &ErrorKind::Unauthorized);
    let requests = server.received_requests().await.expect("recorded");
    let tokens = requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    let lists = requests
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert_eq!((tokens, lists), (2, 2), "one refresh, one retry");
    assert!(
        error.to_string().contains("`staging` environment"),
        "{error}"
    );
}

#[tokio::test]
async fn refused_client_credentials_are_a_token_error_not_retried() {
    let fake = fake().await;
    let client = builder(&fake.base_url())
        .client_credentials("fake-client", "wrong-secret-123", fake.token_url())
        .build()
        .expect("valid");
    let error = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect_err("wrong secret");
    assert_eq!(error.kind(), &ErrorKind::TokenAcquisition);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(!error.is_retryable());
    let text = error.to_string();
    assert!(text.contains("/oidc/token"), "{text}");
    assert!(!text.contains("wrong-secret-123"), "{text}");
    assert!(
        text.contains("check the client id, the client secret"),
        "{text}"
    );
    assert!(!text.contains("unavailable"), "{text}");
    assert_eq!(fake.token_calls(), 1);
    assert_eq!(fake.list_calls(), 0);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_retried() {
    let fake = fake().await;
    let client = credentials_client(&fake, TokenAuthMethod::ClientSecretPost);
    fake.inject_token_fault(Fault::Status(503));
    client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("token fetched on the second try");
    assert_eq!(fake.token_calls(), 2);
    assert_eq!(fake.list_calls(), 1);
}

#[tokio::test]
async fn a_token_response_without_a_token_is_a_token_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "Bearer"
        })))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .client_credentials("id", "client-secret-xyz", format!("{}/token", server.uri()))
        .build()
        .expect("valid");
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("no token");
    assert_eq!(error.kind(), &ErrorKind::TokenAcquisition);
    assert!(error.to_string().contains("access_token"), "{error}");
}

/// A client whose token endpoint is `token_url`, for a list endpoint that is never reached.
fn client_with_token_url(token_url: String) -> Client {
    builder("http://127.0.0.1:9/api")
        .client_credentials("id", "client-secret-xyz", token_url)
        .build()
        .expect("valid")
}

#[tokio::test]
async fn a_token_endpoint_answering_503_is_a_retryable_token_error_that_blames_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_with_token_url(format!("{}/token", server.uri()));
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("the token endpoint is down");
    assert_eq!(error.kind(), &ErrorKind::TokenAcquisition);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.is_retryable());
    let text = error.to_string();
    assert!(text.contains("unavailable"), "{text}");
    assert!(text.contains("may succeed later"), "{text}");
    assert!(!text.contains("check the client id"), "{text}");
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_retryable_token_error_that_blames_no_credentials() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let client = client_with_token_url(format!("http://127.0.0.1:{port}/token"));
    let error = client
        .sessions("f", Environment::Live)
        .page(1)
        .await
        .expect_err("nothing listens");
    assert_eq!(error.kind(), &ErrorKind::TokenAcquisition);
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());
    let text = error.to_string();
    assert!(text.contains("unavailable"), "{text}");
    assert!(!text.contains("check the client id"), "{text}");
}
