//! Listings against the fake's live flow (steady creation, a retention purge of the oldest, status
//! transitions), in every order at prefetch 1 and 8. The ground truth is the fake's own state: the
//! sessions present before the listing and after it existed for the whole listing (ids are never
//! reused), and a listing that reports `Complete` must have yielded every one of them.
//!
//! The fake's clock moves on a fixed step per request, so every run sees the same data.

use std::collections::HashSet;
use std::time::Duration;

use sessions_api::fake::{FakeServer, LiveClock, LiveFlow};
use sessions_api::paginate::{Completeness, ListingReport, Unverified};
use sessions_api::{Client, Environment, SessionsRequest, SortBy};

const SESSIONS: u64 = 1_000;
const PAGE_SIZE: u32 = 50;

/// What a listing came to, against the ground truth.
struct Outcome {
    /// Sessions that existed for the whole listing and were not yielded.
    missed: usize,
    report: ListingReport,
}

impl Outcome {
    /// The promise: `Complete` only when nothing that existed throughout was missed.
    fn assert_honest(&self, context: &str) {
        if self.report.completeness() == Completeness::Complete {
            assert_eq!(self.missed, 0, "{context}: Complete after missing sessions");
        }
    }
}

async fn fake(flow: LiveFlow) -> FakeServer {
    FakeServer::builder()
        .generated_sessions(SESSIONS, 15)
        .live_flow(flow)
        .start()
        .await
}

fn query(fake: &FakeServer) -> SessionsRequest {
    Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token())
        .build()
        .expect("a client")
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(PAGE_SIZE)
}

fn ids(fake: &FakeServer) -> HashSet<String> {
    fake.expected_sessions(None, false)
        .into_iter()
        .map(|s| s.session_id)
        .collect()
}

async fn list(fake: &FakeServer, query: SessionsRequest) -> Outcome {
    let before = ids(fake);
    let (sessions, report) = query
        .items()
        .try_collect_with_report()
        .await
        .expect("the fake answers every page");
    let after = ids(fake);
    let listed: HashSet<&str> = sessions.iter().map(|s| s.id()).collect();
    let missed = before
        .intersection(&after)
        .filter(|id| !listed.contains(id.as_str()))
        .count();
    Outcome { missed, report }
}

/// Per request: ten created and ten of the oldest purged (100 a second, 100 ms a request).
fn purge() -> LiveFlow {
    LiveFlow::new()
        .creations_per_second(100)
        .purge_oldest(true)
        .clock(LiveClock::PerRequest(Duration::from_millis(100)))
}

/// Per request: five sessions move one status on.
fn transitions() -> LiveFlow {
    LiveFlow::new()
        .transitions_per_second(50)
        .clock(LiveClock::PerRequest(Duration::from_millis(100)))
}

/// Per request: two created (100 a second, 20 ms a request).
fn steady_creation() -> LiveFlow {
    LiveFlow::new()
        .creations_per_second(100)
        .clock(LiveClock::PerRequest(Duration::from_millis(20)))
}

#[tokio::test]
async fn a_purge_of_the_oldest_listed_oldest_first_misses_sessions_and_never_says_complete() {
    for prefetch in [1, 8] {
        let fake = fake(purge()).await;
        let query = query(&fake)
            .sort_by(SortBy::CreatedAt)
            .ascending()
            .prefetch(prefetch);
        let out = list(&fake, query).await;
        let context = format!("prefetch {prefetch}");
        assert!(out.missed > 0, "{context}: the purge must bite");
        assert_eq!(
            out.report.completeness(),
            Completeness::Unverified(Unverified::Order),
            "{context}"
        );
    }
}

#[tokio::test]
async fn sessions_completing_while_listed_by_status_are_missed_and_never_complete() {
    let mut missed = 0;
    for descending in [false, true] {
        for prefetch in [1, 8] {
            let fake = fake(transitions()).await;
            let mut query = query(&fake).sort_by(SortBy::Status).prefetch(prefetch);
            if descending {
                query = query.descending();
            }
            let out = list(&fake, query).await;
            let context = format!("descending {descending}, prefetch {prefetch}");
            assert_eq!(
                out.report.completeness(),
                Completeness::Unverified(Unverified::Order),
                "{context}"
            );
            missed += out.missed;
        }
    }
    assert!(
        missed > 0,
        "status transitions must move sessions across pages"
    );
}

#[tokio::test]
async fn the_servers_default_order_is_never_complete() {
    for flow in [purge(), transitions()] {
        for prefetch in [1, 8] {
            let fake = fake(flow.clone()).await;
            let out = list(&fake, query(&fake).prefetch(prefetch)).await;
            assert_eq!(
                out.report.completeness(),
                Completeness::Unverified(Unverified::Order),
                "prefetch {prefetch}"
            );
        }
    }
}

#[tokio::test]
async fn newest_first_with_steady_creation_is_complete_and_misses_nothing() {
    for prefetch in [1, 8] {
        let fake = fake(steady_creation()).await;
        let query = query(&fake)
            .sort_by(SortBy::CreatedAt)
            .descending()
            .prefetch(prefetch);
        let out = list(&fake, query).await;
        let context = format!("prefetch {prefetch}");
        assert_eq!(out.missed, 0, "{context}");
        assert_eq!(
            out.report.completeness(),
            Completeness::Complete,
            "{context}"
        );
        if prefetch > 1 {
            assert_eq!(out.report.head_checks(), 1, "{context}");
        }
    }
}

#[tokio::test]
async fn newest_first_with_a_purge_is_proven_sequentially_and_never_falsely_complete_concurrently()
{
    let fake_1 = fake(purge()).await;
    let query_1 = query(&fake_1).sort_by(SortBy::CreatedAt).descending();
    let out = list(&fake_1, query_1).await;
    assert_eq!(out.missed, 0);
    assert_eq!(out.report.completeness(), Completeness::Complete);

    let fake_8 = fake(purge()).await;
    let query_8 = query(&fake_8)
        .sort_by(SortBy::CreatedAt)
        .descending()
        .prefetch(8);
    let out = list(&fake_8, query_8).await;
    out.assert_honest("prefetch 8");
    if out.report.head_checks() > 0 {
        // Pages were taken out of order while the oldest were purged: the check says so.
        assert_eq!(
            out.report.completeness(),
            Completeness::Unverified(Unverified::ConcurrentDeletions)
        );
    }
}

#[tokio::test]
async fn verification_makes_an_oldest_first_listing_under_a_purge_complete() {
    for prefetch in [1, 8] {
        let fake = fake(purge()).await;
        let query = query(&fake)
            .sort_by(SortBy::CreatedAt)
            .ascending()
            .prefetch(prefetch)
            .verify(true);
        let out = list(&fake, query).await;
        let context = format!("prefetch {prefetch}");
        out.assert_honest(&context);
        assert!(out.report.verification_pages() > 0, "{context}");
        if prefetch == 1 {
            assert_eq!(out.missed, 0, "{context}");
            assert_eq!(
                out.report.completeness(),
                Completeness::Complete,
                "{context}"
            );
        }
    }
}

#[tokio::test]
async fn verification_makes_a_status_listing_under_transitions_complete() {
    for prefetch in [1, 8] {
        let fake = fake(transitions()).await;
        let query = query(&fake)
            .sort_by(SortBy::Status)
            .prefetch(prefetch)
            .verify(true);
        let out = list(&fake, query).await;
        let context = format!("prefetch {prefetch}");
        // Transitions neither create nor delete: the newest-first pass is proven at any prefetch.
        assert_eq!(out.missed, 0, "{context}");
        assert_eq!(
            out.report.completeness(),
            Completeness::Complete,
            "{context}"
        );
    }
}

#[tokio::test]
async fn created_after_under_steady_creation_is_complete_at_prefetch_8() {
    let fake = fake(steady_creation()).await;
    let all = fake.expected_sessions(Some(SortBy::CreatedAt), true);
    let cutoff = all[600].created_at;
    let mut recent = query(&fake).prefetch(8).created_after(cutoff);
    let mut listed = HashSet::new();
    while let Some(session) = recent.try_next().await.expect("the fake answers") {
        listed.insert(session.id().to_owned());
    }
    assert!(all[..600].iter().all(|s| listed.contains(&s.session_id)));
    assert_eq!(recent.report().completeness(), Completeness::Complete);
}

#[tokio::test]
async fn the_wall_clock_creates_at_a_steady_rate_in_time() {
    let fake = fake(LiveFlow::new().creations_per_second(1_000)).await;
    let first = query(&fake).page(1).await.expect("a page").total_elements();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let later = query(&fake).page(1).await.expect("a page").total_elements();
    assert!(later >= first + 50, "{first} then {later}");
}
