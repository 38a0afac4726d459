//! `SessionsRequest::page_raw`: the answer as the server sent it, through the same client.

use std::time::Duration;

use sessions_api::fake::{Drift, FakeServer};
use sessions_api::{Client, Environment, ErrorKind, RetryPolicy};

fn client(fake: &FakeServer, token: &str) -> Client {
    Client::builder()
        .base_url(fake.base_url())
        .bearer_token(token.to_owned())
        .retry(RetryPolicy::none())
        .build()
        .expect("a valid client")
}

#[tokio::test]
async fn the_body_is_kept_even_when_it_does_not_decode() {
    let fake = FakeServer::builder()
        .generated_sessions(30, 4)
        .drift(Drift::WrongType)
        .start()
        .await;
    let query = client(&fake, fake.token()).sessions("flow", Environment::Live);
    let typed = query
        .page(1)
        .await
        .expect_err("a drifted type does not decode");
    assert_eq!(typed.kind(), &ErrorKind::Decode);

    let raw = query.page_raw(Some(1)).await.expect("the answer as sent");
    assert_eq!(raw.status.as_u16(), 200);
    assert!(
        raw.content_type
            .as_deref()
            .is_some_and(|c| c.contains("json"))
    );
    let body: serde_json::Value = serde_json::from_slice(&raw.body).expect("JSON");
    assert_eq!(body["content"].as_array().map(Vec::len), Some(20));
    let first = fake.list_requests();
    assert_eq!(first.last().and_then(|r| r.page()), Some(1));
}

#[tokio::test]
async fn error_statuses_are_returned_as_data_and_the_first_page_needs_no_number() {
    let fake = FakeServer::builder().generated_sessions(5, 4).start().await;
    let forbidden = client(&fake, fake.forbidden_token())
        .sessions("flow", Environment::Live)
        .page_raw(None)
        .await
        .expect("a 403 is an answer");
    assert_eq!(forbidden.status.as_u16(), 403);
    let body: serde_json::Value = serde_json::from_slice(&forbidden.body).expect("JSON");
    assert_eq!(body["statusCode"], 403);
    assert_eq!(fake.list_requests()[0].page(), None);
}

#[tokio::test]
async fn no_answer_at_all_is_an_error() {
    let fake = FakeServer::builder().generated_sessions(5, 4).start().await;
    let query = client(&fake, fake.token()).sessions("", Environment::Live);
    let error = query
        .page_raw(None)
        .await
        .expect_err("an invalid request is not sent");
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
}

#[tokio::test]
async fn after_the_retries_the_last_answer_is_returned() {
    let fake = FakeServer::builder().generated_sessions(5, 4).start().await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .retry(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        )
        .build()
        .expect("a valid client");
    fake.fail_next(3, 503);
    let raw = client
        .sessions(fake.flow_id(), Environment::Live)
        .page_raw(Some(1))
        .await
        .expect("a 503 is an answer");
    assert_eq!(raw.status.as_u16(), 503);
    assert_eq!(fake.list_calls(), 3);
}

#[tokio::test]
async fn concurrent_raw_fetches_each_get_their_own_answer() {
    let fake = FakeServer::builder()
        .generated_sessions(30, 4)
        .start()
        .await;
    let query = client(&fake, fake.token())
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(4);
    let pages = futures::future::join_all((1..=6).map(|n| {
        let query = query.clone();
        tokio::spawn(async move { (n, query.page_raw(Some(n)).await) })
    }))
    .await;
    for joined in pages {
        let (n, raw) = joined.expect("the task ran");
        let raw = raw.expect("an answer");
        let body: serde_json::Value = serde_json::from_slice(&raw.body).expect("JSON");
        assert_eq!(body["page"]["number"], n, "page {n} got its own answer");
    }
}
