//! The fake server itself, read with plain HTTP (no SDK stream): it pages, sorts and generates data
//! like the documented API (Spring paging), and its paging misbehaviour knobs do what they say.

use std::collections::HashSet;

use chrono::{TimeZone, Utc};
use serde_json::Value;
use sessions_api::fake::FakeServer;
use sessions_api_gen::types::{Session, SessionPage, SortBy};
use sessions_api_gen::{Environment, Outcome, SessionStatus};

const PATH: &str = "/v1/flows/demo-flow/live/sessions";

async fn raw(fake: &FakeServer, query: &str) -> Value {
    let response = reqwest::Client::new()
        .get(format!("{}{PATH}?{query}", fake.base_url()))
        .bearer_auth(fake.token())
        .send()
        .await
        .expect("the fake answers");
    assert_eq!(response.status(), 200, "query {query}");
    response.json().await.expect("JSON")
}

async fn page(fake: &FakeServer, query: &str) -> SessionPage {
    serde_json::from_value(raw(fake, query).await).expect("a SessionPage")
}

fn ids(sessions: &[Session]) -> Vec<String> {
    sessions.iter().map(|s| s.session_id.clone()).collect()
}

fn sort_query(sort_by: Option<SortBy>, descending: bool) -> String {
    match sort_by {
        None => String::new(),
        Some(sort_by) => format!("&sortBy={sort_by}&sortDesc={descending}"),
    }
}

/// Every page from the base until `totalPages`, concatenated.
async fn walk(fake: &FakeServer, size: u64, sort: &str) -> Vec<Session> {
    let base = fake.page_base();
    let first = page(fake, &format!("size={size}{sort}")).await;
    assert_eq!(first.page.number as u64, base);
    let mut all = first.content;
    for number in base + 1..base + first.page.total_pages as u64 {
        let next = page(fake, &format!("page={number}&size={size}{sort}")).await;
        assert_eq!(next.page.number as u64, number);
        all.extend(next.content);
    }
    all
}

fn session(id: &str, status: &str, minute: u32) -> Session {
    Session::builder()
        .session_id(id)
        .session_status(status)
        .flow_id("demo-flow")
        .flow_version(1_i64)
        .environment(Environment::Live)
        .created_at(
            Utc.with_ymd_and_hms(2025, 3, 1, 12, minute, 0)
                .single()
                .expect("a valid time"),
        )
        .try_into()
        .expect("every required property is set")
}

#[tokio::test]
async fn default_request_is_first_page_of_twenty_in_base_one() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 3)
        .start()
        .await;
    let first = page(&fake, "").await;
    assert_eq!(first.page.number, 1);
    assert_eq!(first.page.size, 20);
    assert_eq!(first.page.total_elements, 45);
    assert_eq!(first.page.total_pages, 3);
    assert_eq!(
        ids(&first.content),
        ids(&fake.expected_sessions(None, false)[..20])
    );
    let last = page(&fake, "page=3").await;
    assert_eq!(last.content.len(), 5);
    let past = page(&fake, "page=4").await;
    assert!(past.content.is_empty());
    assert_eq!(past.page.number, 4);
    assert_eq!(past.page.total_pages, 3);
}

#[tokio::test]
async fn page_base_zero_numbers_pages_from_zero() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 3)
        .page_base(0)
        .start()
        .await;
    let first = page(&fake, "").await;
    assert_eq!(first.page.number, 0);
    let expected = fake.expected_sessions(None, false);
    assert_eq!(ids(&first.content), ids(&expected[..20]));
    let last = page(&fake, "page=2").await;
    assert_eq!(ids(&last.content), ids(&expected[40..]));
    assert!(page(&fake, "page=3").await.content.is_empty());
}

#[tokio::test]
async fn page_below_the_base_is_read_as_the_base() {
    let fake = FakeServer::builder()
        .generated_sessions(30, 3)
        .start()
        .await;
    let zero = page(&fake, "page=0").await;
    let one = page(&fake, "page=1").await;
    assert_eq!(zero.page.number, 1);
    assert_eq!(ids(&zero.content), ids(&one.content));
}

#[tokio::test]
async fn oversized_page_is_clamped_silently_and_zero_means_default() {
    let fake = FakeServer::builder()
        .generated_sessions(250, 3)
        .start()
        .await;
    let clamped = page(&fake, "size=500").await;
    assert_eq!(clamped.page.size, 100);
    assert_eq!(clamped.content.len(), 100);
    assert_eq!(clamped.page.total_pages, 3);
    let zero = page(&fake, "size=0").await;
    assert_eq!(zero.page.size, 20);
    assert_eq!(zero.content.len(), 20);

    let custom = FakeServer::builder()
        .generated_sessions(50, 3)
        .default_size(7)
        .max_size(9)
        .start()
        .await;
    assert_eq!(page(&custom, "").await.content.len(), 7);
    let clamped = page(&custom, "size=10").await;
    assert_eq!((clamped.page.size, clamped.content.len()), (9, 9));
    assert_eq!(clamped.page.total_pages, 6);
}

#[tokio::test]
async fn walking_all_pages_yields_every_session_once_in_each_order() {
    let fake = FakeServer::builder()
        .generated_sessions(237, 11)
        .flow_id("demo-flow")
        .start()
        .await;
    let orders = [
        (None, false),
        (Some(SortBy::CreatedAt), false),
        (Some(SortBy::CreatedAt), true),
        (Some(SortBy::Status), false),
        (Some(SortBy::Status), true),
    ];
    for (sort_by, descending) in orders {
        let all = walk(&fake, 25, &sort_query(sort_by, descending)).await;
        let expected = fake.expected_sessions(sort_by, descending);
        assert_eq!(expected.len(), 237);
        assert_eq!(all, expected, "order {sort_by:?} desc={descending}");
        let unique: HashSet<&str> = all.iter().map(|s| s.session_id.as_str()).collect();
        assert_eq!(unique.len(), 237);
    }
}

#[tokio::test]
async fn generated_sessions_are_sorted_as_requested() {
    let fake = FakeServer::builder()
        .generated_sessions(300, 5)
        .start()
        .await;
    let asc = walk(&fake, 100, "&sortBy=createdAt").await;
    assert!(asc.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    let desc = walk(&fake, 100, "&sortBy=createdAt&sortDesc=true").await;
    assert!(desc.windows(2).all(|w| w[0].created_at >= w[1].created_at));
    let unsorted = walk(&fake, 100, "").await;
    assert_eq!(ids(&unsorted), ids(&desc));
    let by_status = walk(&fake, 100, "&sortBy=status").await;
    assert!(
        by_status
            .windows(2)
            .all(|w| w[0].session_status.as_str() <= w[1].session_status.as_str())
    );
    let by_status_desc = walk(&fake, 100, "&sortBy=status&sortDesc=true").await;
    assert!(
        by_status_desc
            .windows(2)
            .all(|w| w[0].session_status.as_str() >= w[1].session_status.as_str())
    );
}

#[tokio::test]
async fn given_sessions_are_served_and_sorted() {
    let given = vec![
        session("b", "RUNNING", 2),
        session("a", "COMPLETED", 5),
        session("c", "PAUSED", 1),
        session("d", "COMPLETED", 3),
    ];
    let fake = FakeServer::builder().sessions(given.clone()).start().await;
    assert_eq!(fake.len(), 4);
    let storage = page(&fake, "").await;
    assert_eq!(storage.content, given);
    let order = |p: SessionPage| ids(&p.content).join("");
    assert_eq!(order(page(&fake, "sortBy=createdAt").await), "cbda");
    assert_eq!(
        order(page(&fake, "sortBy=createdAt&sortDesc=true").await),
        "adbc"
    );
    // By status text; ties keep the given order.
    assert_eq!(order(page(&fake, "sortBy=status").await), "adcb");
    assert_eq!(
        order(page(&fake, "sortBy=status&sortDesc=true").await),
        "bcad"
    );
}

#[tokio::test]
async fn generated_data_has_documented_variety_and_nulls() {
    let fake = FakeServer::builder()
        .generated_sessions(1000, 42)
        .start()
        .await;
    let mut statuses = HashSet::new();
    let mut outcomes = HashSet::new();
    let (mut with_step, mut without_step, mut null_expiry) = (0, 0, 0);
    for number in 1..=10 {
        let body = raw(&fake, &format!("page={number}&size=100")).await;
        for session in body["content"].as_array().expect("content") {
            let status = session["sessionStatus"].as_str().expect("a status");
            statuses.insert(status.to_owned());
            let terminal = matches!(status, "COMPLETED" | "EXPIRED" | "ABORTED" | "ERROR");
            // Nullable fields the documentation shows as null are sent as null, not omitted.
            assert_eq!(session["outcome"].is_null(), !terminal, "{session}");
            assert_eq!(session["completedAt"].is_null(), !terminal, "{session}");
            assert!(session.get("startedAt").is_some() && session.get("expiresAt").is_some());
            if let Some(outcome) = session["outcome"].as_str() {
                outcomes.insert(outcome.to_owned());
            }
            if status == "COMPLETED" {
                assert!(matches!(
                    session["outcome"].as_str(),
                    Some("accepted" | "rejected")
                ));
            }
            if session.get("lastStep").is_some() {
                with_step += 1;
            } else {
                without_step += 1;
            }
            if session["expiresAt"].is_null() {
                null_expiry += 1;
            }
        }
    }
    assert_eq!(statuses.len(), 6, "{statuses:?}");
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert!(with_step > 0 && without_step > 0);
    assert!(null_expiry > 0 && null_expiry < 1000);
    let typed = page(&fake, "size=100").await;
    assert!(typed.content.iter().all(|s| s.flow_id == "demo-flow"));
    assert!(
        typed
            .content
            .iter()
            .filter(|s| s.session_status == SessionStatus::Completed)
            .all(|s| matches!(s.outcome, Some(Outcome::Accepted | Outcome::Rejected)))
    );
}

#[tokio::test]
async fn a_million_generated_sessions_page_at_any_depth() {
    let fake = FakeServer::builder()
        .generated_sessions(1_000_000, 7)
        .start()
        .await;
    let last = page(&fake, "page=10000&size=100").await;
    assert_eq!(last.page.total_elements, 1_000_000);
    assert_eq!(last.page.total_pages, 10_000);
    assert_eq!(last.content.len(), 100);
    assert!(page(&fake, "page=10001&size=100").await.content.is_empty());
    let oldest = page(&fake, "size=1&sortBy=createdAt").await;
    assert_eq!(
        oldest.content[0].session_id, last.content[99].session_id,
        "ascending starts where descending ends"
    );
    let by_status = page(&fake, "page=5000&size=100&sortBy=status").await;
    assert_eq!(by_status.content.len(), 100);
    assert!(
        by_status
            .content
            .windows(2)
            .all(|w| w[0].session_status.as_str() <= w[1].session_status.as_str())
    );
}

#[tokio::test]
async fn total_pages_can_lie_in_both_directions() {
    let fake = FakeServer::builder()
        .generated_sessions(45, 3)
        .total_pages_offset(2)
        .start()
        .await;
    let first = page(&fake, "").await;
    assert_eq!(first.page.total_pages, 5);
    assert_eq!(first.page.total_elements, 45);
    assert!(page(&fake, "page=4").await.content.is_empty());
    fake.set_total_pages_offset(-1);
    let first = page(&fake, "").await;
    assert_eq!(first.page.total_pages, 2);
    assert_eq!(page(&fake, "page=3").await.content.len(), 5);
    fake.set_total_pages_offset(-10);
    assert_eq!(page(&fake, "").await.page.total_pages, 0);
}

#[tokio::test]
async fn clamp_can_be_hidden_from_the_page_object() {
    let fake = FakeServer::builder()
        .generated_sessions(250, 3)
        .report_requested_size(true)
        .start()
        .await;
    let hidden = page(&fake, "size=150").await;
    assert_eq!(hidden.page.size, 150);
    assert_eq!(hidden.content.len(), 100);
    fake.set_report_requested_size(false);
    assert_eq!(page(&fake, "size=150").await.page.size, 100);
}

#[tokio::test]
async fn sessions_created_between_requests_repeat_items() {
    let fake = FakeServer::builder()
        .generated_sessions(40, 3)
        .start()
        .await;
    let first = page(&fake, "size=10").await;
    fake.insert_sessions(3);
    let second = page(&fake, "page=2&size=10").await;
    assert_eq!(second.page.total_elements, 43);
    assert_eq!(ids(&second.content[..3]), ids(&first.content[7..]));
    assert!(second.content[0].created_at > second.content[3].created_at);
}

#[tokio::test]
async fn sessions_removed_between_requests_are_skipped() {
    let fake = FakeServer::builder()
        .generated_sessions(40, 3)
        .start()
        .await;
    let before = fake.expected_sessions(None, false);
    page(&fake, "size=10").await;
    fake.remove_sessions(3);
    let second = page(&fake, "page=2&size=10").await;
    assert_eq!(second.page.total_elements, 37);
    assert_eq!(ids(&second.content), ids(&before[13..23]));
}

#[tokio::test]
async fn churn_changes_the_set_after_every_list_response() {
    let fake = FakeServer::builder()
        .generated_sessions(20, 3)
        .start()
        .await;
    fake.set_churn(2, 0);
    assert_eq!(page(&fake, "").await.page.total_elements, 20);
    assert_eq!(page(&fake, "").await.page.total_elements, 22);
    fake.set_churn(0, 5);
    assert_eq!(page(&fake, "").await.page.total_elements, 24);
    assert_eq!(fake.len(), 19);
    fake.set_churn(0, 0);
    assert_eq!(page(&fake, "").await.page.total_elements, 19);
}
