//! The SDK's pagination streams end to end: the client's `pages()`/`items()`/`created_after()`
//! against the fake server (and wiremock where a page must fail deterministically), under inserts
//! and removals while listing, with the stream's own methods (no pinning, no futures import).

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use sessions_api::fake::{FakeServer, Fault};
use sessions_api::paginate::ListingEnd;
use sessions_api::paginate::{Completeness, Unverified};
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
                let all = query
                    .items()
                    .try_collect::<Vec<_>>()
                    .await
                    .expect("a complete listing");
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
        .items()
        .try_collect::<Vec<_>>()
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
        .items()
        .try_collect::<Vec<_>>()
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
            .items()
            .try_collect::<Vec<_>>()
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
    let mut pages = query.clone().dedupe(true).pages();
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

    let mut items = query.items();
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
        .items()
        .try_collect::<Vec<_>>()
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
        .items()
        .try_collect::<Vec<_>>()
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
        .items()
        .try_collect::<Vec<_>>()
        .await
        .expect("three pages");
    assert_eq!(all.len(), 30);
    assert_eq!(fake.list_calls(), 3);
}

/// Every session in `expected` comes out exactly once, in the same order.
fn assert_exactly_once_in_order(listed: &[Session], expected: &[Session], context: &str) {
    let mut unique = std::collections::HashSet::new();
    for session in listed {
        assert!(
            unique.insert(session.session_id.as_str()),
            "{context}: a session came out twice"
        );
    }
    let wanted: std::collections::HashSet<&str> =
        expected.iter().map(|s| s.session_id.as_str()).collect();
    let kept: Vec<&str> = ids(listed)
        .into_iter()
        .filter(|id| wanted.contains(id))
        .collect();
    let missing = expected.len() - kept.len();
    assert_eq!(missing, 0, "{context}: {missing} sessions lost");
    assert_eq!(kept, ids(expected), "{context}: out of server order");
}

#[tokio::test]
async fn newest_first_with_sessions_created_meanwhile_loses_nothing_at_any_prefetch() {
    for (prefetch, inserts) in [(1, 5), (4, 5), (8, 5), (8, 15)] {
        let fake = FakeServer::builder()
            .generated_sessions(300, 9)
            .start()
            .await;
        let expected = fake.expected_sessions(Some(SortBy::CreatedAt), true);
        // New sessions arrive at the head after every answer, as in a live flow.
        fake.set_churn(inserts, 0);
        let (listed, report) = client(&fake.base_url(), fake.token())
            .sessions("flow", Environment::Live)
            .sort_by(SortBy::CreatedAt)
            .descending()
            .page_size(20)
            .prefetch(prefetch)
            .dedupe(true)
            .items()
            .try_collect_with_report()
            .await
            .expect("a complete listing");
        let context = format!("prefetch {prefetch}, {inserts} inserts per answer");
        assert_exactly_once_in_order(&listed, &expected, &context);
        assert_eq!(report.completeness(), Completeness::Complete, "{context}");
        assert_eq!(report.end(), Some(ListingEnd::LastPage), "{context}");
    }
}

#[tokio::test]
async fn sessions_created_mid_list_lose_nothing_when_sorted_by_status() {
    // New sessions have any status: sorted by status, they land in the middle of the listing.
    for prefetch in [3, 8] {
        let fake = FakeServer::builder()
            .generated_sessions(400, 4)
            .start()
            .await;
        let expected = fake.expected_sessions(Some(SortBy::Status), false);
        fake.set_churn(4, 0);
        let (listed, report) = client(&fake.base_url(), fake.token())
            .sessions("flow", Environment::Live)
            .sort_by(SortBy::Status)
            .page_size(25)
            .prefetch(prefetch)
            .dedupe(true)
            .items()
            .try_collect_with_report()
            .await
            .expect("a complete listing");
        assert_exactly_once_in_order(&listed, &expected, &format!("prefetch {prefetch}"));
        // Nothing was lost, but status order has no proof: a status change would move a session
        // unseen.
        assert_eq!(
            report.completeness(),
            Completeness::Unverified(Unverified::Order)
        );
    }
}

#[tokio::test]
async fn sessions_removed_meanwhile_make_the_listing_possibly_incomplete() {
    for prefetch in [1, 8] {
        let fake = FakeServer::builder()
            .generated_sessions(300, 2)
            .start()
            .await;
        // Two of the newest sessions are deleted after every answer.
        fake.set_churn(0, 2);
        let mut sessions = client(&fake.base_url(), fake.token())
            .sessions("flow", Environment::Live)
            .page_size(20)
            .prefetch(prefetch)
            .dedupe(true)
            .items();
        while sessions.try_next().await.expect("no error").is_some() {}
        let Completeness::PossiblyIncomplete(loss) = sessions.report().completeness() else {
            panic!(
                "prefetch {prefetch}: removals went unreported: {:?}",
                sessions.report()
            );
        };
        assert!(loss.total_after() < loss.total_before());
        assert!(loss.page() > 1, "the first page has nothing before it");
        assert_eq!(sessions.report().end(), Some(ListingEnd::LastPage));
    }
}

#[tokio::test]
async fn created_after_stops_at_the_cutoff_and_asks_for_at_most_prefetch_minus_one_pages_past_it() {
    for prefetch in [1usize, 2, 4, 8] {
        let fake = FakeServer::builder()
            .generated_sessions(500, 6)
            .start()
            .await;
        let newest_first = fake.expected_sessions(Some(SortBy::CreatedAt), true);
        // The cutoff is the creation time of the 96th newest session: 95 are newer, on pages 1..=10.
        let cutoff = newest_first[95].created_at;
        let (recent, report): (Vec<Session>, _) = client(&fake.base_url(), fake.token())
            .sessions("flow", Environment::Live)
            .page_size(10)
            .prefetch(prefetch)
            .created_after(cutoff)
            .try_collect_with_report()
            .await
            .expect("the recent sessions");
        assert_eq!(
            ids(&recent),
            ids(&newest_first[..95]),
            "prefetch {prefetch}"
        );
        assert_eq!(report.completeness(), Completeness::Complete);
        // The check at the end of a listing with pages in flight at once is not a page past it.
        let calls = fake.list_calls() - report.head_checks() as usize;
        assert!(
            (10..10 + prefetch).contains(&calls),
            "prefetch {prefetch}: {calls} requests for a cutoff on page 10"
        );
        let request = &fake.list_requests()[0];
        assert_eq!(request.query_value("sortBy"), Some("createdAt"));
        assert_eq!(request.query_value("sortDesc"), Some("true"));
    }
}

#[tokio::test]
async fn created_after_a_cutoff_older_than_everything_lists_everything() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 6)
        .start()
        .await;
    let newest_first = fake.expected_sessions(Some(SortBy::CreatedAt), true);
    let cutoff = newest_first[44].created_at - chrono::Duration::minutes(1);
    let mut recent = client(&fake.base_url(), fake.token())
        .sessions("flow", Environment::Live)
        .page_size(10)
        .prefetch(4)
        .created_after(cutoff);
    let mut listed = Vec::new();
    while let Some(session) = recent.try_next().await.expect("no error") {
        listed.push(session);
    }
    assert_eq!(ids(&listed), ids(&newest_first));
    assert_eq!(recent.report().end(), Some(ListingEnd::LastPage));
    assert_eq!(recent.report().completeness(), Completeness::Complete);
}

#[tokio::test]
async fn resume_after_a_failed_page_continues_without_repeats_or_losses() {
    let fake = FakeServer::builder()
        .generated_sessions(200, 8)
        .start()
        .await;
    let expected = fake.expected_sessions(None, false);
    let mut sessions = client(&fake.base_url(), fake.token())
        .sessions("flow", Environment::Live)
        .page_size(10)
        .prefetch(3)
        .dedupe(true)
        .items();
    let mut listed = Vec::new();
    let mut failures = 0;
    loop {
        match sessions.next().await {
            Some(Ok(session)) => {
                listed.push(session);
                if listed.len() % 50 == 0 {
                    // A cut body ends the stream (it is not retried); sessions keep arriving.
                    fake.insert_sessions(7);
                    fake.inject(Fault::TruncatedBody);
                }
            }
            Some(Err(error)) => {
                failures += 1;
                assert_eq!(error.kind(), &ErrorKind::Decode);
                assert!(error.resume_page().is_some());
                assert!(sessions.next().await.is_none(), "nothing after an error");
                assert!(sessions.resume(), "a failed page can be resumed");
            }
            None => break,
        }
    }
    assert!(failures > 0, "no fault reached the stream");
    assert_exactly_once_in_order(&listed, &expected, "resumed");
    let report = sessions.report();
    assert_eq!(report.resumed(), failures);
    // The server's default order has no proof.
    assert_eq!(
        report.completeness(),
        Completeness::Unverified(Unverified::Order)
    );
    assert!(!sessions.resume(), "nothing to resume after the end");
}

/// A page body with these raw metadata values (JSON numbers, any size).
fn hostile_page(number: &str, size: &str, total_elements: &str, total_pages: &str) -> String {
    let sessions: Vec<String> = (0..3).map(|i| session_json(i).to_string()).collect();
    format!(
        r#"{{"content":[{}],"page":{{"number":{number},"size":{size},"totalElements":{total_elements},"totalPages":{total_pages}}}}}"#,
        sessions.join(",")
    )
}

#[tokio::test]
async fn extreme_page_metadata_from_the_server_gives_pages_or_typed_errors_never_a_panic() {
    const NUMBERS: [&str; 7] = [
        "-1",
        "0",
        "1",
        "2147483647",
        "-2147483648",
        "2147483648",
        "9223372036854775807",
    ];
    const SIZES: [&str; 5] = ["-5", "0", "3", "2147483647", "4294967296"];
    const TOTALS: [&str; 6] = [
        "-9223372036854775808",
        "-1",
        "0",
        "3",
        "9223372036854775807",
        "18446744073709551616",
    ];
    let mut cases = Vec::new();
    for number in NUMBERS {
        cases.push((number, "3", "3", "1"));
    }
    for size in SIZES {
        cases.push(("1", size, "3", "1"));
    }
    for total in TOTALS {
        cases.push(("1", "3", total, "1"));
        cases.push(("1", "3", "3", total));
    }
    cases.push((
        "2147483647",
        "0",
        "-9223372036854775808",
        "9223372036854775807",
    ));
    cases.push((
        "0",
        "2147483647",
        "9223372036854775807",
        "-9223372036854775808",
    ));
    let server = MockServer::start().await;
    let client = client(&server.uri(), "token");
    for (number, size, total_elements, total_pages) in cases {
        let case = format!("number {number}, size {size}, totals {total_elements}/{total_pages}");
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                hostile_page(number, size, total_elements, total_pages),
                "application/json",
            ))
            .mount(&server)
            .await;
        let in_contract = number.parse::<i32>().is_ok_and(|n| n >= 0)
            && size.parse::<i32>().is_ok_and(|n| n >= 0)
            && total_elements.parse::<i64>().is_ok()
            && total_pages.parse::<i64>().is_ok();
        let query = client.sessions("flow", Environment::Live);
        match query.page(1).await {
            Ok(page) => {
                assert!(in_contract, "{case}: accepted");
                assert_eq!(page.items().len(), 3, "{case}");
            }
            Err(error) => {
                assert!(!in_contract, "{case}: refused: {error}");
                assert_eq!(error.kind(), &ErrorKind::Decode, "{case}: {error}");
                // A response arrived: the error counts it, whichever check refused it.
                assert!(error.attempts() >= 1, "{case}: {error:?}");
                let decodes = number.parse::<i32>().is_ok() && size.parse::<i32>().is_ok();
                if decodes
                    && total_elements.parse::<i64>().is_ok()
                    && total_pages.parse::<i64>().is_ok()
                {
                    // Decoded, then refused by the SDK as outside the contract: the status is kept.
                    assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{case}");
                    assert!(error.to_string().contains("negative"), "{case}: {error}");
                }
            }
        }
        let mut stream = query.max_pages(4).prefetch(4).items();
        let mut errors = 0;
        while let Some(item) = stream.next().await {
            if let Err(error) = item {
                errors += 1;
                // A page past i32::MAX is refused before sending: the API cannot carry it.
                assert!(
                    matches!(
                        error.kind(),
                        ErrorKind::Decode | ErrorKind::Pagination | ErrorKind::InvalidRequest
                    ),
                    "{case}: {error}"
                );
            }
        }
        assert!(errors <= 1, "{case}");
        assert!(stream.report().requests() <= 4, "{case}");
    }
}
