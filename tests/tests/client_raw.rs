//! `SessionsRequest::page_raw`: the answer as the server sent it, through the same client.

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
