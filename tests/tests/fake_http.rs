//! The fake speaks HTTP as RFC 9110 asks: `405` names the allowed methods in `Allow`, `HEAD` is
//! served wherever `GET` is (same status and headers, no body), and with recording off it keeps no
//! request while still counting them.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use sessions_api::fake::{FakeServer, RequestKind};

fn list_url(fake: &FakeServer) -> String {
    format!("{}/v1/flows/f/live/sessions?size=3", fake.base_url())
}

async fn send(method: Method, url: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the fake answers")
}

fn allow(response: &reqwest::Response) -> Option<&str> {
    response
        .headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn method_not_allowed_names_the_allowed_methods() {
    let fake = FakeServer::builder().generated_sessions(5, 1).start().await;
    let url = list_url(&fake);
    for method in [
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ] {
        let response = send(method.clone(), &url, Some(fake.token())).await;
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(allow(&response), Some("GET, HEAD"), "{method}");
        let body: Value = response.json().await.expect("an error body");
        assert_eq!(body["statusCode"], 405);
    }
    for method in [Method::GET, Method::HEAD, Method::DELETE] {
        let response = send(method.clone(), &fake.token_url(), None).await;
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(allow(&response), Some("POST"), "{method}");
    }
    // Statuses other than 405 carry no Allow header.
    let ok = send(Method::GET, &url, Some(fake.token())).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(allow(&ok), None);
}

#[tokio::test]
async fn head_is_served_where_get_is_with_the_same_headers_and_no_body() {
    let fake = FakeServer::builder().generated_sessions(5, 1).start().await;
    let url = list_url(&fake);
    for token in [Some(fake.token()), Some(fake.forbidden_token()), None] {
        let get = send(Method::GET, &url, token).await;
        let head = send(Method::HEAD, &url, token).await;
        assert_eq!(head.status(), get.status(), "{token:?}");
        for name in ["content-type", "content-length", "www-authenticate"] {
            assert_eq!(
                head.headers().get(name),
                get.headers().get(name),
                "{name} for {token:?}"
            );
        }
        let get_body = get.bytes().await.expect("a body");
        assert!(!get_body.is_empty());
        let length: usize = head
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("HEAD states the length of the GET body");
        assert_eq!(length, get_body.len());
        assert!(head.bytes().await.expect("an empty body").is_empty());
    }
    let methods: Vec<String> = fake.list_requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET", "HEAD", "GET", "HEAD", "GET", "HEAD"]);
    let statuses: Vec<u16> = fake.list_requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 403, 403, 401, 401]);
}

#[tokio::test]
async fn head_on_an_unknown_path_is_404_like_get() {
    let fake = FakeServer::builder().start().await;
    let url = format!("{}/v1/other", fake.base_url());
    let response = send(Method::HEAD, &url, Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(fake.requests()[0].kind, RequestKind::Other);
}

#[tokio::test]
async fn without_recording_nothing_is_kept_but_requests_are_counted() {
    let fake = FakeServer::builder()
        .generated_sessions(5, 1)
        .record_requests(false)
        .start()
        .await;
    assert!(!fake.records_requests());
    let url = list_url(&fake);
    assert_eq!(
        send(Method::GET, &url, Some(fake.token())).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        send(Method::GET, &url, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let form = "grant_type=client_credentials&client_id=fake-client&client_secret=fake-secret";
    let token = reqwest::Client::new()
        .post(fake.token_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("the fake answers");
    assert_eq!(token.status(), StatusCode::OK);
    assert_eq!(fake.list_calls(), 2);
    assert_eq!(fake.token_calls(), 1);
    assert!(fake.requests().is_empty());
    assert!(fake.list_requests().is_empty());
    fake.clear_requests();
    assert_eq!(fake.list_calls(), 0);
}

#[tokio::test]
async fn recording_is_on_by_default() {
    let fake = FakeServer::builder().generated_sessions(5, 1).start().await;
    assert!(fake.records_requests());
    send(Method::GET, &list_url(&fake), Some(fake.token())).await;
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_recording_every_request_is_answered_under_concurrent_clients() {
    // Eight clients at once, 1,600 requests: each is answered in full and counted once.
    let fake = std::sync::Arc::new(
        FakeServer::builder()
            .generated_sessions(50, 3)
            .record_requests(false)
            .start()
            .await,
    );
    let client = reqwest::Client::new();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let fake = std::sync::Arc::clone(&fake);
            let client = client.clone();
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for _ in 0..200 {
                    let response = client
                        .get(list_url(&fake))
                        .bearer_auth(fake.token())
                        .send()
                        .await
                        .expect("the fake answers");
                    statuses.push(response.status().as_u16());
                    let body: Value = response.json().await.expect("a page");
                    assert_eq!(body["content"].as_array().map(Vec::len), Some(3));
                }
                statuses
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.extend(task.await.expect("the task completes"));
    }
    assert_eq!(statuses.len(), 1600);
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(fake.list_calls(), 1600);
}

#[tokio::test]
async fn a_slow_response_holds_up_no_other_request() {
    let fake = std::sync::Arc::new(FakeServer::builder().generated_sessions(5, 1).start().await);
    fake.inject(sessions_api::fake::Fault::Delay(
        std::time::Duration::from_secs(3600),
    ));
    let slow = tokio::spawn({
        let fake = std::sync::Arc::clone(&fake);
        async move { send(Method::GET, &list_url(&fake), Some(fake.token())).await }
    });
    while fake.list_calls() == 0 {
        tokio::task::yield_now().await;
    }
    // The slow request was answered (its delay runs); another client is served meanwhile.
    let response = send(Method::GET, &list_url(&fake), Some(fake.token())).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(fake.list_calls(), 2);
    assert!(!slow.is_finished());
    slow.abort();
}
