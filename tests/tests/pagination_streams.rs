//! The pagination streams end to end: the SDK client against the fake server (and wiremock where a
//! page must fail deterministically).

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use sessions_api::fake::FakeServer;
use sessions_api::{Client, Environment, ErrorKind, RetryPolicy, Session, SortBy};
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base_url: &str, token: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(token.to_owned())
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a valid client")
}

fn ids(sessions: &[Session]) -> Vec<&str> {
    sessions.iter().map(|s| s.session_id.as_str()).collect()
}

#[tokio::test]
async fn every_session_exactly_once_in_server_order_for_base_0_and_1() {
    for base in [0, 1] {
        for (sort, desc) in [
            (None, false),
            (Some(SortBy::CreatedAt), false),
            (Some(SortBy::Status), true),
        ] {
            for prefetch in [1, 8] {
                let fake = FakeServer::builder()
                    .generated_sessions(237, 7)
                    .page_base(base)
                    .start()
                    .await;
                let mut query = client(&fake.base_url(), fake.token())
                    .sessions("flow", Environment::Live)
                    .page_size(20)
                    .prefetch(prefetch);
                if let Some(sort) = sort {
                    query = query.sort_by(sort);
                }
                if desc {
                    query = query.descending();
                }
                let all = query.collect_all().await.expect("a complete listing");
                let expected = fake.expected_sessions(sort, desc);
                assert_eq!(
                    ids(&all),
                    ids(&expected),
                    "base {base}, sort {sort:?}, prefetch {prefetch}"
                );
                // 12 pages of 20 hold 237 sessions: one request each, nothing past the end.
                assert_eq!(fake.list_calls(), 12, "base {base}, prefetch {prefetch}");
                let first = &fake.list_requests()[0];
                assert_eq!(
                    first.page(),
                    None,
                    "the first request leaves the page base to the server"
                );
            }
        }
    }
}

#[tokio::test]
async fn silent_size_clamping_loses_nothing() {
    let fake = FakeServer::builder()
        .generated_sessions(250, 3)
        .max_size(100)
        .start()
        .await;
    let all = client(&fake.base_url(), fake.token())
        .sessions("flow", Environment::Live)
        .page_size(500)
        .prefetch(4)
        .collect_all()
        .await
        .expect("a complete listing");
    assert_eq!(ids(&all), ids(&fake.expected_sessions(None, false)));
    assert_eq!(fake.list_calls(), 3);
}

#[tokio::test]
async fn a_clamp_the_page_object_hides_still_lists_everything() {
    let fake = FakeServer::builder()
        .generated_sessions(250, 3)
        .max_size(100)
        .report_requested_size(true)
        .start()
        .await;
    let all = client(&fake.base_url(), fake.token())
        .sessions("flow", Environment::Live)
        .page_size(500)
        .collect_all()
        .await
        .expect("a complete listing");
    assert_eq!(ids(&all), ids(&fake.expected_sessions(None, false)));
}

#[tokio::test]
async fn lying_total_pages_neither_loop_nor_lose_sessions() {
    for offset in [-3, -1, 1, 4] {
        let fake = FakeServer::builder()
            .generated_sessions(95, 11)
            .total_pages_offset(offset)
            .start()
            .await;
        let all = client(&fake.base_url(), fake.token())
            .sessions("flow", Environment::Live)
            .page_size(10)
            .prefetch(8)
            .collect_all()
            .await
            .expect("a complete listing");
        assert_eq!(
            ids(&all),
            ids(&fake.expected_sessions(None, false)),
            "offset {offset}"
        );
        // 10 real pages; pages the totals invent beyond them, plus at most one empty probe.
        let bound = 10 + offset.max(0) as usize + 1;
        assert!(
            fake.list_calls() <= bound,
            "offset {offset}: {} calls",
            fake.list_calls()
        );
    }
}

#[tokio::test]
async fn dedupe_drops_sessions_repeated_by_inserts_between_requests() {
    let fake = FakeServer::builder()
        .generated_sessions(100, 5)
        .start()
        .await;
    let query = client(&fake.base_url(), fake.token())
        .sessions("flow", Environment::Live)
        .page_size(10);
    let mut pages = std::pin::pin!(query.clone().dedupe(true).pages());
    let mut seen = Vec::new();
    while let Some(page) = pages.try_next().await.expect("pages") {
        seen.extend(page.items().iter().map(|s| s.session_id.clone()));
        // New sessions arrive at the front: the rest shifts back and would repeat.
        fake.insert_sessions(3);
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "a session id came out twice");
    assert!(seen.len() >= 100 - 10, "{} sessions", seen.len());
}

#[tokio::test]
async fn the_streams_are_send_and_static() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 1)
        .start()
        .await;
    let query = client(&fake.base_url(), fake.token())
        .sessions("flow", Environment::Staging)
        .page_size(10);
    let items = tokio::spawn(query.items().try_collect::<Vec<_>>());
    let pages = tokio::spawn(
        query
            .prefetch(3)
            .pages()
            .map(|p| p.map(|p| p.items().len()))
            .try_collect::<Vec<_>>(),
    );
    let items = items.await.expect("joined").expect("listed");
    let pages = pages.await.expect("joined").expect("listed");
    assert_eq!(items.len(), 45);
    assert_eq!(pages, [10, 10, 10, 10, 5]);
}

fn session_json(i: usize) -> serde_json::Value {
    serde_json::json!({
        "sessionId": format!("session-{i:03}"),
        "sessionStatus": "COMPLETED",
        "flowId": "flow",
        "createdAt": "2025-01-07T10:30:00Z",
        "outcome": "accepted"
    })
}

fn page_json(number: usize) -> serde_json::Value {
    // Pages 1..=3 of 10 sessions.
    let content: Vec<_> = ((number - 1) * 10..number * 10).map(session_json).collect();
    serde_json::json!({
        "content": content,
        "page": { "size": 10, "number": number, "totalElements": 30, "totalPages": 3 }
    })
}

async fn mount_page(server: &MockServer, number: usize, template: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(query_param("page", number.to_string()))
        .respond_with(template)
        .mount(server)
        .await;
}

/// A server that answers the request without a page number with page 1.
async fn server_with_first_page() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(1)))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_error_mid_stream_comes_after_the_items_before_it_and_resuming_yields_the_rest() {
    let server = server_with_first_page().await;
    mount_page(
        &server,
        2,
        ResponseTemplate::new(200).set_body_json(page_json(2)),
    )
    .await;
    mount_page(&server, 3, ResponseTemplate::new(503)).await;
    let query = client(&server.uri(), "token")
        .sessions("flow", Environment::Live)
        .prefetch(2);

    let mut items = std::pin::pin!(query.items());
    let mut before = Vec::new();
    let error = loop {
        match items.next().await {
            Some(Ok(session)) => before.push(session.session_id),
            Some(Err(error)) => break error,
            None => panic!("the stream ended without reporting the failed page"),
        }
    };
    assert!(items.next().await.is_none(), "nothing after the error");
    let expected: Vec<String> = (0..20).map(|i| format!("session-{i:03}")).collect();
    assert_eq!(before, expected);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.resume_page(), Some(3));

    // The page recovers; resuming from the page the error names yields the rest.
    server.reset().await;
    mount_page(
        &server,
        3,
        ResponseTemplate::new(200).set_body_json(page_json(3)),
    )
    .await;
    let rest = query
        .clone()
        .start_page(error.resume_page().expect("a resume page"))
        .collect_all()
        .await
        .expect("the rest");
    let expected: Vec<String> = (20..30).map(|i| format!("session-{i:03}")).collect();
    assert_eq!(
        rest.into_iter().map(|s| s.session_id).collect::<Vec<_>>(),
        expected
    );
}

#[tokio::test]
async fn a_page_number_that_does_not_advance_is_a_pagination_error_not_a_loop() {
    let server = server_with_first_page().await;
    // Page 2 is answered as page 1 again (a server ignoring the page parameter).
    mount_page(
        &server,
        2,
        ResponseTemplate::new(200).set_body_json(page_json(1)),
    )
    .await;
    let result = client(&server.uri(), "token")
        .sessions("flow", Environment::Live)
        .collect_all()
        .await;
    let error = result.expect_err("a pagination error");
    assert_eq!(error.kind(), &ErrorKind::Pagination);
    assert_eq!(error.resume_page(), Some(2));
    assert!(error.to_string().contains("page 2"), "{error}");
    let calls = server.received_requests().await.expect("recorded").len();
    assert_eq!(calls, 2);
}

#[tokio::test]
async fn max_pages_stops_quietly() {
    let fake = FakeServer::builder()
        .generated_sessions(100, 2)
        .start()
        .await;
    let all = client(&fake.base_url(), fake.token())
        .sessions("flow", Environment::Live)
        .page_size(10)
        .prefetch(8)
        .max_pages(3)
        .collect_all()
        .await
        .expect("three pages");
    assert_eq!(all.len(), 30);
    assert_eq!(fake.list_calls(), 3);
}
