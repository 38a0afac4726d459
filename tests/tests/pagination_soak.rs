//! A soak of the pagination streams against the fake: long listings through random faults (5xx,
//! 429, timeouts, malformed and cut bodies) while sessions are created (at the head of a
//! newest-first listing, or in the middle of a listing sorted by status) or deleted, at prefetch 1
//! to 8. With dedupe, every session that existed for the whole listing comes out exactly once, in
//! server order, the stream resuming after each failed page; the listing is proven complete newest
//! first, and unverified (never complete) by status; with deletions the stream reports that the
//! listing is possibly incomplete.
//!
//! The default size keeps the suite quick. A longer run:
//! `SOAK_SESSIONS=50000 cargo test --release -p sessions-api-tests --test pagination_soak -- --nocapture`
//! (`SOAK_PREFETCH=1,2,...,8` chooses the prefetch values, `SOAK_LATENCY_MS=20` adds latency to
//! every answer; figures are printed per run).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use sessions_api::fake::{FakeServer, Fault, RetryAfter};
use sessions_api::paginate::{Completeness, Unverified};
use sessions_api::{Client, Environment, RetryPolicy, Session, SortBy};

/// The client's timeout; a delayed answer beyond it is a timeout, retried.
const TIMEOUT: Duration = Duration::from_millis(400);

fn sessions_per_run() -> u64 {
    std::env::var("SOAK_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

/// Latency the fake adds to every answer (`SOAK_LATENCY_MS`, none by default).
fn latency() -> Option<Duration> {
    std::env::var("SOAK_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
}

fn prefetch_values(default: &[usize]) -> Vec<usize> {
    std::env::var("SOAK_PREFETCH")
        .ok()
        .map(|v| v.split(',').filter_map(|p| p.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| default.to_vec())
}

/// xorshift64*: the same faults for the same seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }

    /// A fault about one time in `one_in`.
    fn fault(&mut self, one_in: u64) -> Option<Fault> {
        if self.below(one_in) != 0 {
            return None;
        }
        Some(match self.below(8) {
            0 => Fault::Status(500),
            1 => Fault::Status(502),
            2 => Fault::Status(503),
            3 => Fault::Status(504),
            4 => Fault::RateLimited(RetryAfter::Seconds(0)),
            5 => Fault::Delay(TIMEOUT + Duration::from_millis(100)),
            6 => Fault::MalformedBody,
            _ => Fault::TruncatedBody,
        })
    }
}

#[derive(Clone, Copy, Debug)]
enum Churn {
    /// Sessions created after every answer.
    Inserts(u64),
    /// Sessions deleted after every answer.
    Removals(u64),
}

struct Run {
    sort: Option<SortBy>,
    descending: bool,
    churn: Churn,
    prefetch: usize,
    seed: u64,
}

struct Figures {
    listed: Vec<Session>,
    completeness: Completeness,
    faults: u32,
    errors: u32,
    requests: u32,
    refetched: u32,
    duplicates: u64,
    elapsed: Duration,
}

async fn soak(run: &Run) -> (Figures, Vec<Session>) {
    let mut fake = FakeServer::builder().generated_sessions(sessions_per_run(), run.seed);
    if let Some(latency) = latency() {
        fake = fake.latency(latency);
    }
    let fake = fake.start().await;
    let expected = fake.expected_sessions(run.sort, run.descending);
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .timeout(TIMEOUT)
        .retry(
            RetryPolicy::default()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build()
        .expect("a client");
    let mut query = client
        .sessions(fake.flow_id(), Environment::Live)
        .page_size(25)
        .prefetch(run.prefetch)
        .dedupe(true);
    if let Some(sort) = run.sort {
        query = query.sort_by(sort);
    }
    if run.descending {
        query = query.descending();
    }
    match run.churn {
        Churn::Inserts(count) => fake.set_churn(count, 0),
        Churn::Removals(count) => fake.set_churn(0, count),
    }
    let mut dice = Dice(run.seed | 1);
    let started = Instant::now();
    let mut pages = query.pages();
    let mut listed = Vec::new();
    let (mut faults, mut errors) = (0, 0);
    loop {
        match pages.next().await {
            Some(Ok(page)) => {
                listed.extend(page.into_items());
                // About one fault per 8 pages, for whichever request comes next.
                if let Some(fault) = dice.fault(8) {
                    fake.inject(fault);
                    faults += 1;
                }
            }
            Some(Err(error)) => {
                // A fault the retries did not absorb (a malformed or cut body is not retried).
                errors += 1;
                assert!(errors < 1_000, "the listing does not progress: {error}");
                assert!(pages.resume(), "a failed page can be resumed: {error}");
            }
            None => break,
        }
    }
    let report = pages.report();
    let figures = Figures {
        listed,
        completeness: report.completeness(),
        faults,
        errors,
        requests: report.requests(),
        refetched: report.refetched(),
        duplicates: report.duplicates(),
        elapsed: started.elapsed(),
    };
    assert_eq!(report.resumed(), errors);
    (figures, expected)
}

fn print(run: &Run, figures: &Figures, lost: usize) {
    eprintln!(
        "{:?} sort {:?} desc {} prefetch {}: {} sessions listed, {} lost, {} duplicates dropped, \
         {} requests ({} pages asked again), {} faults injected, {} errors resumed, {:?}, {:.2} s",
        run.churn,
        run.sort,
        run.descending,
        run.prefetch,
        figures.listed.len(),
        lost,
        figures.duplicates,
        figures.requests,
        figures.refetched,
        figures.faults,
        figures.errors,
        figures.completeness,
        figures.elapsed.as_secs_f64()
    );
}

/// Every session of `expected` in `listed` exactly once and in order; returns how many are missing.
fn check_exactly_once_in_order(listed: &[Session], expected: &[Session], context: &str) -> usize {
    let mut unique = HashSet::new();
    for session in listed {
        assert!(
            unique.insert(session.session_id.as_str()),
            "{context}: session listed twice despite dedupe"
        );
    }
    let wanted: HashSet<&str> = expected.iter().map(|s| s.session_id.as_str()).collect();
    let kept: Vec<&str> = listed
        .iter()
        .map(|s| s.session_id.as_str())
        .filter(|id| wanted.contains(id))
        .collect();
    let expected_ids: Vec<&str> = expected.iter().map(|s| s.session_id.as_str()).collect();
    let lost = expected.len() - kept.len();
    assert_eq!(lost, 0, "{context}: {lost} sessions lost");
    assert_eq!(kept, expected_ids, "{context}: out of server order");
    lost
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inserts_and_faults_at_any_prefetch_list_every_session_exactly_once_in_order() {
    let mut seed = 11;
    for prefetch in prefetch_values(&[1, 4, 8]) {
        for (sort, descending, inserts) in [
            // A live flow listed newest first: new sessions at the head.
            (Some(SortBy::CreatedAt), true, 3),
            // Sorted by status: new sessions land in the middle.
            (Some(SortBy::Status), false, 2),
        ] {
            seed += 1;
            let run = Run {
                sort,
                descending,
                churn: Churn::Inserts(inserts),
                prefetch,
                seed,
            };
            let (figures, expected) = soak(&run).await;
            let context = format!("prefetch {prefetch}, sort {sort:?}");
            let lost = check_exactly_once_in_order(&figures.listed, &expected, &context);
            print(&run, &figures, lost);
            // Nothing was lost either way; only newest first can prove it (status order has no
            // cheap proof: a status change would move a session unseen).
            let proven = sort == Some(SortBy::CreatedAt) && descending;
            let expected_completeness = if proven {
                Completeness::Complete
            } else {
                Completeness::Unverified(Unverified::Order)
            };
            assert_eq!(figures.completeness, expected_completeness, "{context}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletions_and_faults_make_the_listing_report_possible_incompleteness() {
    for (seed, prefetch) in (101..).zip(prefetch_values(&[1, 8])) {
        let run = Run {
            sort: None,
            descending: false,
            churn: Churn::Removals(1),
            prefetch,
            seed,
        };
        let (figures, _) = soak(&run).await;
        let unique: HashSet<&str> = figures
            .listed
            .iter()
            .map(|s| s.session_id.as_str())
            .collect();
        assert_eq!(unique.len(), figures.listed.len(), "a session listed twice");
        print(&run, &figures, 0);
        assert!(
            matches!(figures.completeness, Completeness::PossiblyIncomplete(_)),
            "prefetch {prefetch}: deletions went unreported: {:?}",
            figures.completeness
        );
    }
}
