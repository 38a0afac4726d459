//! One page through the client: the request it sends, the page it returns, and a page loop that
//! follows the page metadata, against the fake server.

mod client_support;

use client_support::{DOCUMENTED, bearer_client};
use sessions_api::fake::FakeServer;
use sessions_api::{Environment, ErrorKind, Outcome, SessionStatus, SortBy, USER_AGENT};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn page_sends_the_query_and_returns_the_reported_metadata() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 7)
        .start()
        .await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let page = client
        .sessions(fake.flow_id(), Environment::Live)
        .sort_by(SortBy::CreatedAt)
        .descending()
        .page_size(20)
        .page(2)
        .await
        .expect("page 2");

    assert_eq!(page.number(), 2);
    assert_eq!(page.size(), 20);
    assert_eq!(page.total_elements(), 45);
    assert_eq!(page.total_pages(), 3);
    assert_eq!(page.items().len(), 20);
    assert!(!page.is_last());
    assert_eq!(page.next_page(), Some(3));

    let expected = fake.expected_sessions(Some(SortBy::CreatedAt), true);
    assert_eq!(page.items(), &expected[20..40]);

    let requests = fake.list_requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.query_value("page"), Some("2"));
    assert_eq!(request.query_value("size"), Some("20"));
    assert_eq!(request.query_value("sortBy"), Some("createdAt"));
    assert_eq!(request.query_value("sortDesc"), Some("true"));
    assert_eq!(request.bearer_token(), Some(fake.token()));
}

#[tokio::test]
async fn ascending_and_status_sorting_are_sent() {
    let fake = FakeServer::builder().generated_sessions(5, 1).start().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let page = client
        .sessions(fake.flow_id(), Environment::Live)
        .sort_by(SortBy::Status)
        .ascending()
        .page(1)
        .await
        .expect("page 1");
    assert_eq!(
        page.items(),
        fake.expected_sessions(Some(SortBy::Status), false)
    );
    let request = &fake.list_requests()[0];
    assert_eq!(request.query_value("sortBy"), Some("status"));
    assert_eq!(request.query_value("sortDesc"), Some("false"));
    assert_eq!(request.query_value("size"), None);
}

#[tokio::test]
async fn the_last_page_has_no_next_page() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 7)
        .start()
        .await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let page = client
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(20)
        .page(3)
        .await
        .expect("page 3");
    assert_eq!(page.items().len(), 5);
    assert!(page.is_last());
    assert_eq!(page.next_page(), None);
}

#[tokio::test]
async fn a_page_loop_following_the_metadata_reads_every_session_once() {
    let fake = FakeServer::builder()
        .generated_sessions(130, 3)
        .start()
        .await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let query = client
        .sessions(fake.flow_id(), Environment::Live)
        .sort_by(SortBy::CreatedAt)
        .page_size(500); // clamped to 100 by the server
    let mut all = Vec::new();
    let mut number = 1u32;
    loop {
        let page = query.page(number).await.expect("page");
        assert_eq!(page.size(), 100, "the server's clamped size is reported");
        all.extend(page.items().iter().cloned());
        match page.next_page() {
            Some(next) => number = next,
            None => break,
        }
    }
    assert_eq!(all, fake.expected_sessions(Some(SortBy::CreatedAt), false));
    assert_eq!(fake.list_calls(), 2);
}

#[tokio::test]
async fn a_zero_based_server_is_followed_from_page_zero_to_the_end() {
    let fake = FakeServer::builder()
        .generated_sessions(40, 3)
        .page_base(0)
        .start()
        .await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let query = client
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(20);
    let first = query.page(0).await.expect("page 0");
    assert_eq!(first.number(), 0);
    assert_eq!(first.next_page(), Some(1));
    let second = query.page(1).await.expect("page 1");
    assert!(
        second.is_last(),
        "page 1 of 2 is the last of a server that answered page 0 with number 0"
    );
    let mut all = first.into_items();
    all.extend(second.into_items());
    assert_eq!(all, fake.expected_sessions(None, false));
}

#[tokio::test]
async fn without_page_zero_a_zero_based_server_costs_one_empty_page_at_most() {
    let fake = FakeServer::builder()
        .generated_sessions(40, 3)
        .page_base(0)
        .start()
        .await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let query = client
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(20);
    // Page 1 is the last full page of this 0-based server, which one page cannot tell.
    let page = query.page(1).await.expect("page 1");
    assert_eq!(page.next_page(), Some(2));
    let past = query.page(2).await.expect("page 2");
    assert!(past.items().is_empty());
    assert!(past.is_last());
    assert_eq!(past.next_page(), None);
}

#[tokio::test]
async fn sessions_expose_open_enums_and_timestamps() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(DOCUMENTED, "application/json"))
        .mount(&server)
        .await;
    let client = bearer_client(&server.uri(), "token-1234");
    let page = client
        .sessions("12345", Environment::Live)
        .page(1)
        .await
        .expect("documented page");
    let session = &page.items()[0];
    assert_eq!(session.id(), "0197c55f-5af6-7e3d-af9b-f2359b134be8");
    assert_eq!(session.status(), &SessionStatus::Completed);
    assert!(session.status().is_terminal());
    assert!(session.is_terminal());
    assert_eq!(session.outcome(), Some(&Outcome::Accepted));
    assert!(session.outcome().is_some_and(Outcome::is_accepted));
    assert_eq!(session.environment(), Some(&Environment::Live));
    assert_eq!(
        session.created_at().to_rfc3339(),
        "2025-01-07T10:30:00+00:00"
    );
    assert_eq!(session.expires_at(), None);
    let step = session.last_step().expect("a last step");
    assert_eq!(step.id(), Some("step_end_001"));
    assert_eq!(step.description(), Some("Final decision step"));
    // The documented example page is one short page: nothing follows it.
    assert!(page.is_last());
}

#[tokio::test]
async fn requests_carry_the_user_agent_and_the_api_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(DOCUMENTED, "application/json"))
        .mount(&server)
        .await;
    let client = bearer_client(&format!("{}/", server.uri()), "token-1234");
    client
        .sessions("12345", "staging")
        .page(1)
        .await
        .expect("page");
    let requests = server.received_requests().await.expect("recorded");
    let request = &requests[0];
    assert_eq!(
        request.url.path(),
        "/v1/flows/12345/staging/sessions",
        "a trailing slash on the base URL is tolerated"
    );
    assert_eq!(
        request
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok()),
        Some(USER_AGENT)
    );
    assert!(USER_AGENT.starts_with("sessions-api/"));
    assert_eq!(
        request
            .headers
            .get("api-version")
            .and_then(|v| v.to_str().ok()),
        Some("1.0.0")
    );
}

#[tokio::test]
async fn dot_segment_and_empty_flow_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = bearer_client(&server.uri(), "token-1234");
    for flow_id in ["", ".", ".."] {
        let error = client
            .sessions(flow_id, Environment::Live)
            .page(1)
            .await
            .expect_err("refused");
        assert_eq!(error.kind(), &ErrorKind::InvalidRequest, "{flow_id:?}");
        assert_eq!(error.status(), None);
        assert!(!error.is_retryable());
    }
    let error = client
        .sessions("f", Environment::Live)
        .page_size(0)
        .page(1)
        .await
        .expect_err("size 0 refused");
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
    let error = client
        .sessions("f", Environment::Live)
        .page(u32::MAX)
        .await
        .expect_err("page beyond i32 refused");
    assert_eq!(error.kind(), &ErrorKind::InvalidRequest);
    let received = server.received_requests().await.expect("recorded");
    assert!(received.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_environment_the_api_does_not_accept_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = bearer_client(&server.uri(), "token-1234");
    for environment in ["preprod", "Live", "", ".."] {
        let error = client
            .sessions("f", environment)
            .page(1)
            .await
            .expect_err("refused");
        assert_eq!(error.kind(), &ErrorKind::InvalidRequest, "{environment:?}");
        assert!(
            error.to_string().contains("`live` or `staging`"),
            "{environment:?}: {error}"
        );
        let stream = client
            .sessions("f", environment)
            .items()
            .try_collect::<Vec<_>>();
        assert_eq!(
            stream.await.expect_err("refused").kind(),
            &ErrorKind::InvalidRequest
        );
    }
    for environment in [Environment::Live, Environment::Staging] {
        assert!(client.sessions("f", environment).page(1).await.is_err());
    }
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2, "only `live` and `staging` were sent");
}

#[tokio::test]
async fn the_page_base_is_learned_per_query_not_per_client() {
    // One server, two flows: `zero` counts pages from 0, `one` from 1 (3 full pages of 10 each).
    let server = MockServer::start().await;
    let page = |number: u32| {
        serde_json::json!({
            "content": (0..10).map(|i| serde_json::json!({
                "sessionId": format!("s{number}-{i}"),
                "sessionStatus": "COMPLETED",
                "flowId": "f",
                "createdAt": "2025-01-07T10:30:00Z"
            })).collect::<Vec<_>>(),
            "page": { "size": 10, "number": number, "totalElements": 30, "totalPages": 3 }
        })
    };
    for (flow, number) in [("zero", 0), ("one", 2)] {
        Mock::given(method("GET"))
            .and(wiremock::matchers::path(format!(
                "/v1/flows/{flow}/live/sessions"
            )))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(number)))
            .mount(&server)
            .await;
    }
    let client = bearer_client(&server.uri(), "token-1234");
    let zero = client.sessions("zero", Environment::Live);
    let first = zero.page(0).await.expect("page 0");
    assert_eq!(first.number(), 0);
    // Page 2 of 3 is not the last of a server counting from 1, whatever another query learned.
    let second = client
        .sessions("one", Environment::Live)
        .page(2)
        .await
        .expect("page 2");
    assert!(
        !second.is_last(),
        "the other query's page base leaked into this one"
    );
    assert_eq!(second.next_page(), Some(3));
}

#[tokio::test]
async fn flow_ids_with_reserved_characters_stay_one_segment() {
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    client
        .sessions("a/b ..?x", Environment::Live)
        .page(1)
        .await
        .expect("page");
    let request = &fake.list_requests()[0];
    assert_eq!(request.path, "/v1/flows/a%2Fb%20..%3Fx/live/sessions");
}

#[tokio::test]
async fn the_raw_client_goes_through_the_same_credentials() {
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    let page = client
        .raw()
        .list_sessions()
        .flow_id(fake.flow_id())
        .environment(Environment::Live)
        .send()
        .await
        .expect("raw request");
    assert_eq!(page.content.len(), 3);
    assert_eq!(fake.list_requests()[0].bearer_token(), Some(fake.token()));

    fake.fail_next(1, 404);
    let raw_error = client
        .raw()
        .list_sessions()
        .flow_id(fake.flow_id())
        .environment(Environment::Live)
        .send()
        .await
        .expect_err("404");
    let error = client.map_raw_error(raw_error);
    assert_eq!(error.kind(), &ErrorKind::NotFound);
}

#[test]
fn request_builders_are_clone_send_sync_and_static() {
    fn check<T: Clone + Send + Sync + 'static>() {}
    check::<sessions_api::SessionsRequest>();
    check::<sessions_api::Client>();
    check::<sessions_api::Page<sessions_api::Session>>();
    fn send<T: Send>(_: &T) {}
    let client = client_support::bearer_client("http://127.0.0.1:9", "token-1234");
    let query = client.sessions("f", Environment::Live);
    let future = query.page(1);
    send(&future);
}
