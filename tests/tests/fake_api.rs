//! The fake server checks requests like the documented API: bearer tokens, environments, flows,
//! query validation, the client-credentials token endpoint, and it records what it received.

use reqwest::StatusCode;
use serde_json::Value;
use sessions_api::fake::{ClientAuth, FakeServer, RequestKind};
use sessions_api_gen::types::{ApiError, SessionPage};

async fn get(fake: &FakeServer, path_and_query: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(format!("{}{path_and_query}", fake.base_url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the fake answers")
}

async fn post_form(
    fake: &FakeServer,
    body: &str,
    basic: Option<(&str, &str)>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(fake.token_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    request.send().await.expect("the fake answers")
}

async fn api_error(response: reqwest::Response) -> ApiError {
    let text = response.text().await.expect("a body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not an ApiError ({e}): {text}"))
}

fn list_path(flow: &str) -> String {
    format!("/v1/flows/{flow}/live/sessions")
}

#[tokio::test]
async fn missing_or_unknown_bearer_token_gets_401_with_challenge() {
    let fake = FakeServer::builder().generated_sessions(5, 1).start().await;
    for token in [None, Some("not-the-token")] {
        let response = get(&fake, &list_path("f"), token).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "token {token:?}"
        );
        assert_eq!(
            response
                .headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer")
        );
        assert_eq!(api_error(response).await.status_code, Some(401));
    }
    let response = reqwest::Client::new()
        .get(format!("{}{}", fake.base_url(), list_path("f")))
        .header("authorization", format!("Basic {}", fake.token()))
        .send()
        .await
        .expect("the fake answers");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_without_read_permission_gets_403() {
    let fake = FakeServer::builder()
        .forbidden_token("read-less")
        .start()
        .await;
    assert_eq!(fake.forbidden_token(), "read-less");
    let response = get(&fake, &list_path("f"), Some("read-less")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(api_error(response).await.status_code, Some(403));
}

#[tokio::test]
async fn configured_token_is_accepted_and_bearer_scheme_is_case_insensitive() {
    let fake = FakeServer::builder()
        .bearer_token("my-token")
        .generated_sessions(3, 9)
        .start()
        .await;
    assert_eq!(fake.token(), "my-token");
    let response = reqwest::Client::new()
        .get(format!("{}{}", fake.base_url(), list_path("f")))
        .header("authorization", "bearer my-token")
        .send()
        .await
        .expect("the fake answers");
    assert_eq!(response.status(), StatusCode::OK);
    let page: SessionPage = response.json().await.expect("a page");
    assert_eq!(page.content.len(), 3);
}

#[tokio::test]
async fn unknown_flow_gets_404_only_when_flows_are_configured() {
    let open = FakeServer::builder().generated_sessions(2, 1).start().await;
    let response = get(&open, &list_path("anything"), Some(open.token())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: SessionPage = response.json().await.expect("a page");
    assert!(page.content.iter().all(|s| s.flow_id == "anything"));

    let closed = FakeServer::builder()
        .generated_sessions(2, 1)
        .flow_id("known")
        .start()
        .await;
    assert_eq!(closed.flow_id(), "known");
    let response = get(&closed, &list_path("other"), Some(closed.token())).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(api_error(response).await.status_code, Some(404));
    let response = get(&closed, &list_path("known"), Some(closed.token())).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn percent_encoded_flow_id_is_decoded() {
    let fake = FakeServer::builder()
        .generated_sessions(1, 1)
        .flow_id("a b/c")
        .start()
        .await;
    let response = get(&fake, &list_path("a%20b%2Fc"), Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: SessionPage = response.json().await.expect("a page");
    assert_eq!(page.content[0].flow_id, "a b/c");
}

#[tokio::test]
async fn environment_is_validated_and_can_be_tied_to_the_token() {
    let fake = FakeServer::builder().generated_sessions(2, 1).start().await;
    let response = get(&fake, "/v1/flows/f/production/sessions", Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = get(&fake, "/v1/flows/f/staging/sessions", Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: SessionPage = response.json().await.expect("a page");
    assert!(
        page.content
            .iter()
            .all(|s| s.environment == Some(sessions_api_gen::Environment::Staging))
    );

    let staging_only = FakeServer::builder()
        .environment(sessions_api_gen::Environment::Staging)
        .start()
        .await;
    let response = get(&staging_only, &list_path("f"), Some(staging_only.token())).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn invalid_query_gets_400_with_a_message_per_problem() {
    let fake = FakeServer::builder().generated_sessions(2, 1).start().await;
    let path = format!(
        "{}?page=-1&size=ten&sortBy=name&sortDesc=yes",
        list_path("f")
    );
    let response = get(&fake, &path, Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("JSON");
    let messages = body["message"].as_array().expect("a list of messages");
    assert_eq!(messages.len(), 4, "{body}");
    assert_eq!(body["statusCode"], 400);
    let path = format!("{}?page=99999999999", list_path("f"));
    let response = get(&fake, &path, Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn other_paths_and_methods_are_not_the_api() {
    let fake = FakeServer::builder().start().await;
    let response = get(&fake, "/v1/flows/f/live/sessions/extra", Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = reqwest::Client::new()
        .delete(format!("{}{}", fake.base_url(), list_path("f")))
        .bearer_auth(fake.token())
        .send()
        .await
        .expect("the fake answers");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let kinds: Vec<RequestKind> = fake.requests().iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [RequestKind::Other, RequestKind::List]);
}

#[tokio::test]
async fn token_endpoint_accepts_basic_and_post_credentials() {
    let fake = FakeServer::builder()
        .client_credentials("my-client", "s3cr:t&")
        .token_expires_in(120)
        .start()
        .await;
    let (id, secret) = fake.client_credentials();
    assert_eq!((id, secret), ("my-client", "s3cr:t&"));

    // client_secret_basic: id and secret are form-encoded before base64 (RFC 6749 §2.3.1).
    let response = post_form(
        &fake,
        "grant_type=client_credentials",
        Some(("my-client", "s3cr%3At%26")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 120);
    let first = body["access_token"].as_str().expect("a token").to_owned();

    // client_secret_post.
    let response = post_form(
        &fake,
        "grant_type=client_credentials&client_id=my-client&client_secret=s3cr%3At%26",
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    let second = body["access_token"].as_str().expect("a token").to_owned();
    assert_ne!(first, second);
    assert_eq!(fake.issued_tokens(), [first.clone(), second]);

    let auths: Vec<Option<ClientAuth>> = fake
        .token_requests()
        .iter()
        .map(|r| r.client_auth)
        .collect();
    assert_eq!(auths, [Some(ClientAuth::Basic), Some(ClientAuth::Post)]);
    assert_eq!(fake.token_calls(), 2);

    // An issued token opens the list endpoint.
    let response = get(&fake, &list_path("f"), Some(&first)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_endpoint_rejects_wrong_credentials_and_grants() {
    let fake = FakeServer::builder().start().await;
    let (id, _) = fake.client_credentials();
    let response = post_form(&fake, "grant_type=client_credentials", Some((id, "wrong"))).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["error"], "invalid_client");

    let response = post_form(&fake, "grant_type=client_credentials", None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let (id, secret) = fake.client_credentials();
    let response = post_form(&fake, "grant_type=password", Some((id, secret))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["error"], "unsupported_grant_type");

    assert!(fake.issued_tokens().is_empty());
    assert_eq!(fake.token_calls(), 3);
    assert!(
        fake.token_requests()
            .iter()
            .all(|r| r.client_auth.is_none())
    );
}

#[tokio::test]
async fn revoked_tokens_get_401_and_new_ones_work() {
    let fake = FakeServer::builder().generated_sessions(1, 1).start().await;
    fake.revoke_tokens();
    let response = get(&fake, &list_path("f"), Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    fake.set_token_expires_in(5);
    let (id, secret) = fake.client_credentials();
    let response = post_form(&fake, "grant_type=client_credentials", Some((id, secret))).await;
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["expires_in"], 5);
    let token = body["access_token"].as_str().expect("a token");
    let response = get(&fake, &list_path("f"), Some(token)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn requests_are_recorded_with_query_token_and_status() {
    let fake = FakeServer::builder()
        .generated_sessions(30, 2)
        .start()
        .await;
    let path = format!("{}?page=2&size=10&sortBy=createdAt", list_path("f"));
    get(&fake, &path, Some(fake.token())).await;
    get(&fake, &list_path("f"), None).await;
    assert_eq!(fake.list_calls(), 2);
    assert_eq!(fake.token_calls(), 0);
    let requests = fake.list_requests();
    assert_eq!(requests[0].page(), Some(2));
    assert_eq!(requests[0].size(), Some(10));
    assert_eq!(requests[0].query_value("sortBy"), Some("createdAt"));
    assert_eq!(requests[0].bearer_token(), Some(fake.token()));
    assert_eq!(requests[0].status, 200);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/v1/flows/f/live/sessions");
    assert_eq!(requests[1].bearer_token(), None);
    assert_eq!(requests[1].status, 401);
    assert_eq!(fake.requests().len(), 2);
    fake.clear_requests();
    assert_eq!(fake.list_calls(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_fake_serves_concurrent_tasks() {
    let fake = std::sync::Arc::new(
        FakeServer::builder()
            .generated_sessions(100, 5)
            .start()
            .await,
    );
    let tasks: Vec<_> = (1..=5)
        .map(|page| {
            let fake = std::sync::Arc::clone(&fake);
            tokio::spawn(async move {
                let path = format!("{}?page={page}", list_path("f"));
                let response = get(&fake, &path, Some(fake.token())).await;
                let page: SessionPage = response.json().await.expect("a page");
                page.content
                    .into_iter()
                    .map(|s| s.session_id)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.extend(task.await.expect("task completes"));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 100);
    assert_eq!(fake.list_calls(), 5);
}

#[test]
fn start_blocking_works_without_a_runtime() {
    let fake = FakeServer::builder()
        .generated_sessions(4, 1)
        .start_blocking()
        .expect("the fake starts");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let status = runtime.block_on(async {
        get(&fake, &list_path("f"), Some(fake.token()))
            .await
            .status()
    });
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fake.len(), 4);
}
