//! Property tests of the pagination stream over simulated servers: page base 0 or 1, size clamping,
//! totals lying up or down, drifting totalElements, repeated page numbers, rows inserted or removed
//! between requests, concurrent requests answered in a random order while rows are inserted or
//! removed, and extreme numbers (`i64::MIN`/`MAX`, negatives, zero) in the page metadata. Every
//! stream must end within the documented bound without panicking (this suite runs with overflow
//! checks), a consistent server must yield every item exactly once in server order, inserts must
//! never lose an item at any prefetch, and a removal that could lose one must be reported.

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use proptest::prelude::*;
use sessions_api::paginate::{
    Completeness, HARD_CAP_PAGES, ItemKey, ListingEnd, ListingOrder, ListingReport, PageSource,
    PaginationOptions, Unverified, items, pages,
};
use sessions_api::{ErrorKind, Page};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row(String);

impl ItemKey for Row {
    fn item_key(&self) -> &str {
        &self.0
    }
}

/// How a simulated server behaves.
#[derive(Clone, Debug)]
struct Behaviour {
    base: u32,
    rows: usize,
    requested_size: u32,
    max_size: u32,
    total_pages_lie: i64,
    total_elements_lie: i64,
    /// The page (index from the first page) for which the server reports the previous page number.
    repeat_at: Option<u32>,
    /// Rows inserted (true) or removed (false) at a position before a given request.
    mutations: Vec<(u32, bool, usize)>,
}

impl Behaviour {
    /// A server that tells the truth: no lies, no repeats, no rows changing.
    fn truthful(base: u32, rows: usize, requested_size: u32, max_size: u32) -> Self {
        Self {
            base,
            rows,
            requested_size,
            max_size,
            total_pages_lie: 0,
            total_elements_lie: 0,
            repeat_at: None,
            mutations: vec![],
        }
    }

    fn consistent(&self) -> bool {
        self.total_pages_lie == 0
            && self.total_elements_lie == 0
            && self.repeat_at.is_none()
            && self.mutations.is_empty()
    }

    fn size(&self) -> u32 {
        self.requested_size.min(self.max_size).max(1)
    }
}

#[derive(Debug)]
struct State {
    rows: Vec<Row>,
    requests: u32,
    next_id: usize,
    max_rows: usize,
}

#[derive(Clone, Debug)]
struct Simulated {
    behaviour: Arc<Behaviour>,
    state: Arc<Mutex<State>>,
}

impl Simulated {
    fn new(behaviour: Behaviour) -> Self {
        let rows = (0..behaviour.rows).map(|i| Row(format!("s{i}"))).collect();
        let state = State {
            rows,
            requests: 0,
            next_id: behaviour.rows,
            max_rows: behaviour.rows,
        };
        Self {
            behaviour: Arc::new(behaviour),
            state: Arc::new(Mutex::new(state)),
        }
    }

    fn requests(&self) -> u32 {
        self.state.lock().expect("not poisoned").requests
    }

    fn max_rows(&self) -> usize {
        self.state.lock().expect("not poisoned").max_rows
    }

    fn answer(&self, number: Option<u32>) -> Page<Row> {
        let b = &self.behaviour;
        let mut state = self.state.lock().expect("not poisoned");
        let request = state.requests;
        state.requests += 1;
        for (at, insert, position) in &b.mutations {
            if *at == request {
                let len = state.rows.len();
                if *insert {
                    let id = format!("s{}", state.next_id);
                    state.next_id += 1;
                    state.rows.insert(position % (len + 1), Row(id));
                } else if len > 0 {
                    state.rows.remove(position % len);
                }
            }
        }
        state.max_rows = state.max_rows.max(state.rows.len());
        let size = b.size();
        let number = number.unwrap_or(b.base);
        let index = number.saturating_sub(b.base) as usize;
        let start = index.saturating_mul(size as usize).min(state.rows.len());
        let end = (start + size as usize).min(state.rows.len());
        let items = state.rows[start..end].to_vec();
        let len = state.rows.len() as i64;
        let true_pages = (len + i64::from(size) - 1) / i64::from(size);
        let reported_number = match b.repeat_at {
            Some(at) if at as usize == index && index > 0 => number - 1,
            _ => number,
        };
        Page::from_parts(
            items,
            reported_number,
            size,
            (len + b.total_elements_lie).max(0),
            (true_pages + b.total_pages_lie).max(0),
        )
    }
}

impl PageSource for Simulated {
    type Item = Row;

    fn fetch_page(
        &self,
        number: Option<u32>,
    ) -> BoxFuture<'static, Result<Page<Row>, sessions_api::Error>> {
        let this = self.clone();
        async move {
            tokio::task::yield_now().await;
            Ok(this.answer(number))
        }
        .boxed()
    }

    /// Rows that never change cannot move: a static listing has the proof of a newest-first one.
    fn order(&self) -> ListingOrder {
        if self.behaviour.mutations.is_empty() {
            ListingOrder::NewestFirst
        } else {
            ListingOrder::Unknown
        }
    }
}

fn behaviour() -> impl Strategy<Value = Behaviour> {
    (
        0u32..=1,
        0usize..120,
        1u32..30,
        1u32..30,
        prop_oneof![3 => Just(0i64), 1 => -3i64..=3],
        prop_oneof![3 => Just(0i64), 1 => -15i64..=15],
        prop_oneof![4 => Just(None), 1 => (1u32..8).prop_map(Some)],
        prop_oneof![3 => Just(vec![]), 1 => prop::collection::vec((1u32..10, any::<bool>(), 0usize..100), 1..4)],
    )
        .prop_map(
            |(base, rows, requested_size, max_size, tp, te, repeat_at, mutations)| Behaviour {
                base,
                rows,
                requested_size,
                max_size,
                total_pages_lie: tp,
                total_elements_lie: te,
                repeat_at,
                mutations,
            },
        )
}

struct Outcome {
    rows: Vec<Row>,
    error: Option<sessions_api::Error>,
    requests: u32,
    max_rows: usize,
    report: ListingReport,
}

fn run(behaviour: Behaviour, options: PaginationOptions) -> Outcome {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let source = Simulated::new(behaviour);
    runtime.block_on(async {
        let mut stream = items(source.clone(), options);
        let mut rows = Vec::new();
        let mut error = None;
        while let Some(item) = stream.next().await {
            match item {
                Ok(row) => rows.push(row),
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        assert!(
            stream.next().await.is_none(),
            "the stream goes on after an error"
        );
        let report = stream.report().clone();
        assert!(
            report.requests() >= source.requests(),
            "the report counts every request started"
        );
        Outcome {
            rows,
            error,
            requests: source.requests(),
            max_rows: source.max_rows(),
            report,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn stream_ends_within_bound_and_is_exact_when_consistent(
        b in behaviour(),
        prefetch in prop_oneof![Just(1usize), Just(2), Just(4), Just(8)],
        dedupe in any::<bool>(),
    ) {
        let size = b.size() as usize;
        let consistent = b.consistent();
        let lie_up = b.total_pages_lie.max(0) as usize;
        let options = PaginationOptions::new().with_prefetch(prefetch).with_dedupe(dedupe);
        let out = run(b.clone(), options);
        // The bound the docs state: the real pages, the pages the totals claim beyond them, one
        // probe and one empty page; and for each page asked for again, the requests in flight that
        // were dropped with it.
        let bound = out.max_rows.div_ceil(size) + lie_up + 2 + out.report.refetched() as usize * prefetch
            + out.report.head_checks() as usize;
        prop_assert!(
            (out.requests as usize) <= bound,
            "{} requests for at most {} rows of size {}: bound {}", out.requests, out.max_rows, size, bound
        );
        if consistent {
            prop_assert!(out.error.is_none(), "error from a consistent server: {:?}", out.error);
            let expected: Vec<Row> = (0..b.rows).map(|i| Row(format!("s{i}"))).collect();
            prop_assert_eq!(&out.rows, &expected);
            prop_assert_eq!(out.report.completeness(), Completeness::Complete);
            prop_assert_eq!(out.report.refetched(), 0);
        }
        if dedupe {
            let mut ids: Vec<&str> = out.rows.iter().map(|r| r.0.as_str()).collect();
            ids.sort_unstable();
            let before = ids.len();
            ids.dedup();
            prop_assert_eq!(before, ids.len(), "dedupe let a repeated id through");
        }
        if let Some(error) = &out.error {
            prop_assert_eq!(error.kind(), &ErrorKind::Pagination);
            prop_assert!(error.resume_page().is_some(), "a pagination error says where to resume");
        }
    }

    #[test]
    fn a_repeated_page_number_is_an_error_naming_the_page_after_the_items_before_it(
        base in 0u32..=1,
        rows in 20usize..80,
        size in 2u32..10,
        repeat_at in 1u32..3,
        prefetch in prop_oneof![Just(1usize), Just(4)],
    ) {
        let b = Behaviour {
            base, rows, requested_size: size, max_size: 100, total_pages_lie: 0,
            total_elements_lie: 0, repeat_at: Some(repeat_at), mutations: vec![],
        };
        let out = run(b, PaginationOptions::new().with_prefetch(prefetch));
        let error = out.error.expect("the repeated page number is reported");
        prop_assert_eq!(error.kind(), &ErrorKind::Pagination);
        let requested = base + repeat_at;
        prop_assert_eq!(error.resume_page(), Some(requested));
        prop_assert!(error.to_string().contains(&requested.to_string()));
        let expected: Vec<Row> = (0..(repeat_at * size) as usize).map(|i| Row(format!("s{i}"))).collect();
        prop_assert_eq!(out.rows, expected);
        prop_assert_eq!(out.report.end(), Some(ListingEnd::Error));
        prop_assert_eq!(out.report.completeness(), Completeness::Unfinished);
    }

    #[test]
    fn max_pages_bounds_requests_and_keeps_order(
        base in 0u32..=1,
        rows in 0usize..200,
        size in 1u32..20,
        max_pages in 1u32..6,
        prefetch in prop_oneof![Just(1usize), Just(3), Just(8)],
    ) {
        let b = Behaviour::truthful(base, rows, size, 100);
        let options = PaginationOptions::new().with_prefetch(prefetch).with_max_pages(max_pages);
        let out = run(b, options);
        prop_assert!(out.requests <= max_pages);
        prop_assert!(out.error.is_none());
        let expected_len = rows.min((max_pages * size) as usize);
        let expected: Vec<Row> = (0..expected_len).map(|i| Row(format!("s{i}"))).collect();
        prop_assert_eq!(out.rows, expected);
    }

    #[test]
    fn start_page_yields_the_rest(
        base in 0u32..=1,
        rows in 1usize..100,
        size in 1u32..10,
        skip in 0u32..5,
    ) {
        let b = Behaviour::truthful(base, rows, size, 100);
        let options = PaginationOptions::new().with_start_page(base + skip);
        let out = run(b, options);
        prop_assert!(out.error.is_none(), "{:?}", out.error);
        let from = ((skip * size) as usize).min(rows);
        let expected: Vec<Row> = (from..rows).map(|i| Row(format!("s{i}"))).collect();
        prop_assert_eq!(out.rows, expected);
    }
}

#[test]
fn prefetch_never_requests_past_the_last_page_of_consistent_totals() {
    for prefetch in [1, 2, 4, 8, 16] {
        for rows in [0usize, 1, 9, 10, 11, 95, 100] {
            let b = Behaviour::truthful(1, rows, 10, 10);
            let out = run(b, PaginationOptions::new().with_prefetch(prefetch));
            let pages = rows.div_ceil(10).max(1) as u32;
            // Plus the check at the end of a listing whose pages were in flight at once.
            let checks = out.report.head_checks();
            assert!(checks <= 1, "rows {rows}, prefetch {prefetch}");
            assert_eq!(
                out.requests,
                pages + checks,
                "rows {rows}, prefetch {prefetch}"
            );
            assert_eq!(out.rows.len(), rows);
        }
    }
}

#[test]
fn pages_stream_reports_the_metadata_of_an_empty_first_page() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let source = Simulated::new(Behaviour::truthful(0, 0, 10, 10));
    let collected: Vec<_> =
        runtime.block_on(pages(source.clone(), PaginationOptions::default()).collect());
    assert_eq!(collected.len(), 1);
    let page = collected[0].as_ref().expect("an empty page, not an error");
    assert!(page.items().is_empty());
    assert_eq!(page.number(), 0);
    assert_eq!(source.requests(), 1);
}

/// Counts requests in flight; records whether each ended by completing or by being dropped.
#[derive(Clone, Debug, Default)]
struct Gauge {
    inner: Arc<Mutex<GaugeState>>,
}

#[derive(Debug, Default)]
struct GaugeState {
    in_flight: usize,
    max_in_flight: usize,
    started: usize,
    dropped: usize,
}

struct InFlight {
    gauge: Gauge,
    done: bool,
}

impl Gauge {
    fn start(&self) -> InFlight {
        let mut state = self.inner.lock().expect("not poisoned");
        state.in_flight += 1;
        state.started += 1;
        state.max_in_flight = state.max_in_flight.max(state.in_flight);
        InFlight {
            gauge: self.clone(),
            done: false,
        }
    }

    fn snapshot(&self) -> (usize, usize, usize, usize) {
        let s = self.inner.lock().expect("not poisoned");
        (s.in_flight, s.max_in_flight, s.started, s.dropped)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = self.gauge.inner.lock().expect("not poisoned");
        state.in_flight -= 1;
        if !self.done {
            state.dropped += 1;
        }
    }
}

/// 20 pages of 10 rows, counted from 1; page `hang_from` and later never answer.
#[derive(Clone, Debug)]
struct Gauged {
    gauge: Gauge,
    hang_from: u32,
}

impl PageSource for Gauged {
    type Item = Row;

    fn fetch_page(
        &self,
        number: Option<u32>,
    ) -> BoxFuture<'static, Result<Page<Row>, sessions_api::Error>> {
        let this = self.clone();
        async move {
            let mut guard = this.gauge.start();
            let number = number.unwrap_or(1);
            if number >= this.hang_from {
                std::future::pending::<()>().await;
            }
            // Long enough that the requests spawned beside this one start before it ends, however
            // busy the machine (a few yields were not, under load).
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            guard.done = true;
            let start = (number as usize - 1) * 10;
            let items = (start..start + 10).map(|i| Row(format!("s{i}"))).collect();
            Ok(Page::from_parts(items, number, 10, 200, 20))
        }
        .boxed()
    }
}

#[test]
fn prefetch_keeps_up_to_n_requests_in_flight_and_no_more() {
    for prefetch in [1usize, 2, 4, 8] {
        let gauge = Gauge::default();
        let source = Gauged {
            gauge: gauge.clone(),
            hang_from: u32::MAX,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let rows: Vec<Row> = runtime
            .block_on(items(source, PaginationOptions::new().with_prefetch(prefetch)).try_collect())
            .expect("no error");
        assert_eq!(rows.len(), 200);
        let (in_flight, max_in_flight, started, dropped) = gauge.snapshot();
        assert_eq!(
            (in_flight, started, dropped),
            (0, 20, 0),
            "prefetch {prefetch}"
        );
        assert!(
            max_in_flight <= prefetch,
            "prefetch {prefetch}: {max_in_flight} in flight"
        );
        assert!(
            max_in_flight >= prefetch.min(2),
            "prefetch {prefetch} never overlapped requests"
        );
    }
}

#[test]
fn dropping_the_stream_aborts_the_requests_in_flight() {
    let gauge = Gauge::default();
    let source = Gauged {
        gauge: gauge.clone(),
        hang_from: 2,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut stream = pages(source, PaginationOptions::new().with_prefetch(6));
        let first = stream.next().await.expect("a page").expect("no error");
        assert_eq!(first.number(), 1);
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        let (in_flight, _, started, _) = gauge.snapshot();
        assert_eq!(
            (in_flight, started),
            (6, 7),
            "six pages ahead were requested"
        );
        drop(stream);
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        let (in_flight, _, _, dropped) = gauge.snapshot();
        assert_eq!(
            (in_flight, dropped),
            (0, 6),
            "the requests in flight were aborted"
        );
    });
}

/// How rows change while a [`Shuffled`] server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Churn {
    /// Up to this many rows inserted after each answer, at random positions (or at the head).
    Insert { most: usize, at_head: bool },
    /// Up to this many rows removed after each answer, at random positions.
    Remove { most: usize },
}

#[derive(Debug)]
struct ShuffledState {
    rows: Vec<Row>,
    next_id: usize,
    rng: u64,
    requests: u32,
    removed: Vec<Row>,
}

impl ShuffledState {
    /// xorshift64*: deterministic for a seed, good enough to shuffle answers.
    fn random(&mut self, below: usize) -> usize {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        let value = self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D);
        if below == 0 {
            0
        } else {
            (value % below as u64) as usize
        }
    }
}

/// A truthful 1-based server whose answers to concurrent requests come in a random order (each
/// request waits a random number of scheduler turns), with rows changing after every answer.
#[derive(Clone, Debug)]
struct Shuffled {
    state: Arc<Mutex<ShuffledState>>,
    size: u32,
    churn: Churn,
}

impl Shuffled {
    fn new(rows: usize, size: u32, churn: Churn, seed: u64) -> Self {
        let state = ShuffledState {
            rows: (0..rows).map(|i| Row(format!("s{i}"))).collect(),
            next_id: rows,
            rng: seed | 1,
            requests: 0,
            removed: Vec::new(),
        };
        Self {
            state: Arc::new(Mutex::new(state)),
            size,
            churn,
        }
    }

    fn answer(&self, number: Option<u32>) -> Page<Row> {
        let mut state = self.state.lock().expect("not poisoned");
        state.requests += 1;
        let size = self.size as usize;
        let number = number.unwrap_or(1);
        let start = (number.saturating_sub(1) as usize)
            .saturating_mul(size)
            .min(state.rows.len());
        let end = (start + size).min(state.rows.len());
        let items = state.rows[start..end].to_vec();
        let len = state.rows.len() as i64;
        let page = Page::from_parts(
            items,
            number,
            self.size,
            len,
            (len + size as i64 - 1) / size as i64,
        );
        match self.churn {
            Churn::Insert { most, at_head } => {
                for _ in 0..state.random(most + 1) {
                    let position = if at_head {
                        0
                    } else {
                        let len = state.rows.len();
                        state.random(len + 1)
                    };
                    let id = format!("s{}", state.next_id);
                    state.next_id += 1;
                    state.rows.insert(position, Row(id));
                }
            }
            Churn::Remove { most } => {
                for _ in 0..state.random(most + 1) {
                    let len = state.rows.len();
                    if len > 0 {
                        let position = state.random(len);
                        let row = state.rows.remove(position);
                        state.removed.push(row);
                    }
                }
            }
        }
        page
    }
}

impl PageSource for Shuffled {
    type Item = Row;

    fn fetch_page(
        &self,
        number: Option<u32>,
    ) -> BoxFuture<'static, Result<Page<Row>, sessions_api::Error>> {
        let this = self.clone();
        async move {
            let turns = this.state.lock().expect("not poisoned").random(12);
            for _ in 0..turns {
                tokio::task::yield_now().await;
            }
            Ok(this.answer(number))
        }
        .boxed()
    }

    /// Inserts at the head and removals anywhere are what a newest-first listing sees; inserts
    /// anywhere are not.
    fn order(&self) -> ListingOrder {
        match self.churn {
            Churn::Insert { at_head: false, .. } => ListingOrder::Unknown,
            _ => ListingOrder::NewestFirst,
        }
    }
}

struct ShuffledOutcome {
    rows: Vec<Row>,
    report: ListingReport,
    /// The rows that existed for the whole listing, in server order.
    survivors: Vec<Row>,
    requests: u32,
}

fn run_shuffled(source: Shuffled, original: usize, options: PaginationOptions) -> ShuffledOutcome {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (rows, report) = runtime
        .block_on(items(source.clone(), options).try_collect_with_report())
        .expect("a truthful server gives no error");
    let state = source.state.lock().expect("not poisoned");
    let survivors = (0..original)
        .map(|i| Row(format!("s{i}")))
        .filter(|row| !state.removed.contains(row))
        .collect();
    ShuffledOutcome {
        rows,
        report,
        survivors,
        requests: state.requests,
    }
}

/// The first occurrence of each of `wanted`'s rows in `rows`, in the order of `rows`.
fn first_occurrences(rows: &[Row], wanted: &[Row]) -> Vec<Row> {
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .filter(|row| wanted.contains(row) && seen.insert((*row).clone()))
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Concurrent requests answered in any order while rows are inserted anywhere (or at the head,
    /// as in a newest-first listing) lose nothing at any prefetch: every row that existed for the
    /// whole listing comes out, in server order, exactly once with dedupe.
    #[test]
    fn inserts_never_lose_a_row_at_any_prefetch(
        rows in 0usize..150,
        size in 2u32..20,
        most in 0usize..4,
        at_head in any::<bool>(),
        prefetch in 1usize..=8,
        dedupe in any::<bool>(),
        seed in any::<u64>(),
    ) {
        // Fewer inserts per answer than a page holds, so that the listing ends.
        let most = most.min(size as usize - 1);
        let source = Shuffled::new(rows, size, Churn::Insert { most, at_head }, seed);
        let options = PaginationOptions::new().with_prefetch(prefetch).with_dedupe(dedupe);
        let out = run_shuffled(source, rows, options);
        prop_assert_eq!(first_occurrences(&out.rows, &out.survivors), out.survivors.clone());
        if dedupe {
            let unique: std::collections::HashSet<&Row> = out.rows.iter().collect();
            prop_assert_eq!(unique.len(), out.rows.len(), "a row came out twice with dedupe");
        }
        if at_head {
            prop_assert_eq!(out.report.completeness(), Completeness::Complete);
        } else {
            // Inserts anywhere lose nothing, but the order cannot prove it.
            prop_assert!(matches!(
                out.report.completeness(),
                Completeness::Complete | Completeness::Unverified(Unverified::Order)
            ));
        }
        prop_assert!(out.report.requests() >= out.requests);
    }

    /// While rows are only removed, a listing that reports itself complete lists every row that
    /// existed for the whole listing; a listing that missed one says it is possibly incomplete.
    #[test]
    fn a_removal_that_can_lose_a_row_is_reported(
        rows in 0usize..150,
        size in 1u32..20,
        most in 0usize..3,
        prefetch in 1usize..=8,
        seed in any::<u64>(),
    ) {
        let source = Shuffled::new(rows, size, Churn::Remove { most }, seed);
        let out = run_shuffled(source, rows, PaginationOptions::new().with_prefetch(prefetch).with_dedupe(true));
        let listed = first_occurrences(&out.rows, &out.survivors);
        match out.report.completeness() {
            Completeness::Complete => prop_assert_eq!(listed, out.survivors),
            Completeness::PossiblyIncomplete(loss) => {
                prop_assert!(loss.total_after() < loss.total_before());
            }
            Completeness::Unverified(reason) => {
                prop_assert!(prefetch > 1, "prefetch 1 needs no check at the end");
                prop_assert_eq!(reason, Unverified::ConcurrentDeletions);
            }
            other => prop_assert!(false, "the listing did not end: {:?}", other),
        }
    }
}

#[test]
fn head_inserts_during_a_prefetched_listing_are_caught_and_refetched() {
    // Many seeds: at least one run must answer out of order across an insert, and none may lose.
    let mut refetched = 0;
    for seed in 1..40u64 {
        let source = Shuffled::new(
            200,
            10,
            Churn::Insert {
                most: 5,
                at_head: true,
            },
            seed,
        );
        let out = run_shuffled(
            source,
            200,
            PaginationOptions::new().with_prefetch(8).with_dedupe(true),
        );
        assert_eq!(
            out.rows.len(),
            out.rows
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len()
        );
        assert_eq!(
            first_occurrences(&out.rows, &out.survivors),
            out.survivors,
            "seed {seed}"
        );
        refetched += out.report.refetched();
    }
    assert!(
        refetched > 0,
        "no page was ever answered from an older state"
    );
}

/// One answer: items on the page, number (`u32::MAX - 1`: the page asked for), size,
/// totalElements, totalPages.
type Answer = (usize, u32, u32, i64, i64);

/// Extreme page metadata, one value of each field per answer.
#[derive(Clone, Debug)]
struct Extreme {
    answers: Arc<Vec<Answer>>,
    calls: Arc<Mutex<u32>>,
}

impl PageSource for Extreme {
    type Item = Row;

    fn fetch_page(
        &self,
        number: Option<u32>,
    ) -> BoxFuture<'static, Result<Page<Row>, sessions_api::Error>> {
        let this = self.clone();
        async move {
            let call = {
                let mut calls = this.calls.lock().expect("not poisoned");
                *calls += 1;
                *calls as usize - 1
            };
            let (len, reported, size, total_elements, total_pages) =
                this.answers[call % this.answers.len()];
            // Either the page asked for, or what the answer says.
            let number = if reported == u32::MAX - 1 {
                number.unwrap_or(0)
            } else {
                reported
            };
            let items = (0..len).map(|i| Row(format!("c{call}-{i}"))).collect();
            Ok(Page::from_parts(
                items,
                number,
                size,
                total_elements,
                total_pages,
            ))
        }
        .boxed()
    }
}

fn extreme_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MIN),
        Just(i64::MIN + 1),
        Just(-1i64),
        Just(0i64),
        Just(1i64),
        Just(i64::from(u32::MAX)),
        Just(i64::MAX - 1),
        Just(i64::MAX),
        any::<i64>(),
        -5i64..50,
    ]
}

fn extreme_u32() -> impl Strategy<Value = u32> {
    prop_oneof![
        1 => Just(0u32),
        1 => Just(1u32),
        1 => Just(i32::MAX as u32),
        1 => Just(u32::MAX),
        // The page that was asked for.
        3 => Just(u32::MAX - 1),
        1 => any::<u32>(),
        1 => 0u32..5,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever numbers the server reports, neither `Page` nor the streams panic (overflow checks
    /// are on in this suite), and a stream makes at most its `max_pages` requests.
    #[test]
    fn extreme_metadata_never_panics(
        answers in prop::collection::vec(
            (0usize..4, extreme_u32(), extreme_u32(), extreme_i64(), extreme_i64()),
            1..6,
        ),
        prefetch in 1usize..=8,
        dedupe in any::<bool>(),
        start_page in prop::option::of(extreme_u32()),
        max_pages in 1u32..40,
    ) {
        for &(len, number, size, total_elements, total_pages) in &answers {
            let page = Page::from_parts(vec![0u8; len], number, size, total_elements, total_pages);
            if let Some(next) = page.next_page() {
                prop_assert_eq!(Some(next), number.checked_add(1));
                prop_assert!(len > 0, "an empty page is always the last");
            }
        }
        let source = Extreme { answers: Arc::new(answers), calls: Arc::default() };
        let mut options = PaginationOptions::new()
            .with_prefetch(prefetch)
            .with_dedupe(dedupe)
            .with_max_pages(max_pages);
        options.start_page = start_page;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let report = runtime.block_on(async {
            let mut stream = pages(source.clone(), options);
            while let Some(page) = stream.next().await {
                if page.is_err() {
                    prop_assert!(stream.next().await.is_none(), "nothing after an error");
                    break;
                }
            }
            Ok(stream.report().clone())
        })?;
        let calls = *source.calls.lock().expect("not poisoned");
        prop_assert!(calls <= max_pages, "{} requests for max_pages {}", calls, max_pages);
        prop_assert!(report.requests() >= calls);
        prop_assert!(report.end().is_some(), "the stream ended");
    }
}

#[test]
fn without_max_pages_endless_full_pages_stop_at_the_hard_cap_with_an_error() {
    // Every answer is a full page of a listing that never ends; the hard cap ends it, loudly.
    let source = Extreme {
        answers: Arc::new(vec![(1, u32::MAX - 1, 1, i64::MAX, i64::MAX)]),
        calls: Arc::default(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut stream = items(source.clone(), PaginationOptions::new().with_prefetch(8));
    let (count, error) = runtime.block_on(async {
        let mut count = 0u32;
        loop {
            match stream.next().await {
                Some(Ok(_)) => count += 1,
                Some(Err(error)) => return (count, Some(error)),
                None => return (count, None),
            }
        }
    });
    let error = error.expect("the hard cap is an error");
    assert_eq!(error.kind(), &ErrorKind::Pagination);
    assert_eq!(count, HARD_CAP_PAGES);
    assert_eq!(*source.calls.lock().expect("not poisoned"), HARD_CAP_PAGES);
    assert!(!stream.resume(), "the hard cap cannot be resumed");
}

#[test]
fn this_suite_runs_with_overflow_checks() {
    let overflow =
        std::panic::catch_unwind(|| std::hint::black_box(i64::MAX) + std::hint::black_box(1));
    assert!(
        overflow.is_err(),
        "overflow checks are off: the extreme-value tests prove nothing"
    );
}

/// What may happen to the rows of a [`LiveModel`] after each answer.
#[derive(Clone, Copy, Debug)]
struct Moves {
    /// Rows created (newest of all; at a random place of the custom order).
    create: bool,
    /// Deletions of the newest row.
    delete_newest: bool,
    /// Deletions of the oldest row (a retention purge).
    delete_oldest: bool,
    /// Deletions of any row.
    delete_any: bool,
    /// Rows moving to another place of the custom order (a sort key that changes, like a status).
    move_key: bool,
    /// The most changes after one answer.
    most: usize,
}

/// Which order a [`LiveSource`] lists in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    /// Newest first by creation: the order with a proof.
    NewestFirst,
    /// The model's own order, where rows are created anywhere and move as their key changes.
    Custom,
}

#[derive(Debug)]
struct LiveModel {
    /// Row ids (their creation number) in the custom order.
    rows: Vec<usize>,
    next_id: usize,
    rng: ShuffledState,
    removed: std::collections::HashSet<usize>,
}

impl LiveModel {
    fn change(&mut self, moves: Moves) {
        let mut kinds = Vec::new();
        for (on, kind) in [
            (moves.create, 0),
            (moves.delete_newest, 1),
            (moves.delete_oldest, 2),
            (moves.delete_any, 3),
            (moves.move_key, 4),
        ] {
            if on {
                kinds.push(kind);
            }
        }
        if kinds.is_empty() {
            return;
        }
        for _ in 0..self.rng.random(moves.most + 1) {
            let kind = kinds[self.rng.random(kinds.len())];
            let len = self.rows.len();
            let doomed = match kind {
                0 => {
                    let at = self.rng.random(len + 1);
                    self.rows.insert(at, self.next_id);
                    self.next_id += 1;
                    None
                }
                1 => self.rows.iter().copied().max(),
                2 => self.rows.iter().copied().min(),
                3 if len > 0 => Some(self.rows[self.rng.random(len)]),
                4 if len > 0 => {
                    let row = self.rows.remove(self.rng.random(len));
                    let at = self.rng.random(len);
                    self.rows.insert(at, row);
                    None
                }
                _ => None,
            };
            if let Some(id) = doomed {
                self.rows.retain(|row| *row != id);
                self.removed.insert(id);
            }
        }
    }
}

/// A 1-based server over a [`LiveModel`], answering concurrent requests in a random order and
/// changing rows after every answer.
#[derive(Clone, Debug)]
struct LiveSource {
    model: Arc<Mutex<LiveModel>>,
    view: View,
    moves: Moves,
    size: u32,
}

impl LiveSource {
    fn answer(&self, number: Option<u32>) -> Page<Row> {
        let mut model = self.model.lock().expect("not poisoned");
        let mut listing = model.rows.clone();
        if self.view == View::NewestFirst {
            listing.sort_unstable_by(|a, b| b.cmp(a));
        }
        let size = self.size as usize;
        let number = number.unwrap_or(1);
        let start = (number.saturating_sub(1) as usize)
            .saturating_mul(size)
            .min(listing.len());
        let end = (start + size).min(listing.len());
        let items = listing[start..end]
            .iter()
            .map(|id| Row(format!("s{id}")))
            .collect();
        let len = listing.len() as i64;
        let page = Page::from_parts(
            items,
            number,
            self.size,
            len,
            (len + size as i64 - 1) / size as i64,
        );
        model.change(self.moves);
        page
    }
}

impl PageSource for LiveSource {
    type Item = Row;

    fn fetch_page(
        &self,
        number: Option<u32>,
    ) -> BoxFuture<'static, Result<Page<Row>, sessions_api::Error>> {
        let this = self.clone();
        async move {
            let turns = this.model.lock().expect("not poisoned").rng.random(12);
            for _ in 0..turns {
                tokio::task::yield_now().await;
            }
            Ok(this.answer(number))
        }
        .boxed()
    }

    fn order(&self) -> ListingOrder {
        match self.view {
            View::NewestFirst => ListingOrder::NewestFirst,
            View::Custom => ListingOrder::Unknown,
        }
    }

    fn verification(&self) -> Option<Self> {
        let mut newest_first = self.clone();
        newest_first.view = View::NewestFirst;
        Some(newest_first)
    }
}

fn moves() -> impl Strategy<Value = Moves> {
    (any::<[bool; 5]>(), 1usize..4).prop_map(|(on, most)| Moves {
        create: on[0],
        delete_newest: on[1],
        delete_oldest: on[2],
        delete_any: on[3],
        move_key: on[4],
        most,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// In either order, at any prefetch, with or without verification, while rows are created,
    /// deleted at the head, the tail or anywhere, and move as their key changes: a listing that
    /// says `Complete` yielded every row that existed for the whole listing. Newest first, the
    /// proof holds where the docs say it does: at prefetch 1 always (never `Unverified`), and at
    /// any prefetch while nothing is deleted (always `Complete`).
    #[test]
    fn complete_means_nothing_that_existed_throughout_was_missed(
        rows in 0usize..150,
        size in 4u32..20,
        mut moves in moves(),
        newest_first in any::<bool>(),
        prefetch in 1usize..=8,
        verify in any::<bool>(),
        dedupe in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let view = if newest_first { View::NewestFirst } else { View::Custom };
        if view == View::NewestFirst {
            // Creation times never change: rows keep their place relative to each other.
            moves.move_key = false;
        }
        // Fewer changes after an answer than a page holds, so that the listing ends.
        moves.most = moves.most.min(size as usize - 1);
        let model = LiveModel {
            rows: (0..rows).collect(),
            next_id: rows,
            rng: ShuffledState { rows: vec![], next_id: 0, rng: seed | 1, requests: 0, removed: vec![] },
            removed: std::collections::HashSet::new(),
        };
        let source = LiveSource { model: Arc::new(Mutex::new(model)), view, moves, size };
        let options = PaginationOptions::new()
            .with_prefetch(prefetch)
            .with_dedupe(dedupe)
            .with_verify(verify);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let (listed, report) = runtime
            .block_on(items(source.clone(), options).try_collect_with_report())
            .expect("no error from the model");
        let model = source.model.lock().expect("not poisoned");
        let listed: std::collections::HashSet<Row> = listed.into_iter().collect();
        let missed: Vec<usize> = (0..rows)
            .filter(|id| !model.removed.contains(id) && !listed.contains(&Row(format!("s{id}"))))
            .collect();
        let completeness = report.completeness();
        if completeness == Completeness::Complete {
            prop_assert!(missed.is_empty(), "Complete, yet missed {:?}", missed);
        }
        let deletes = moves.delete_newest || moves.delete_oldest || moves.delete_any;
        if view == View::NewestFirst || verify {
            if prefetch == 1 {
                prop_assert!(
                    !matches!(completeness, Completeness::Unverified(_)),
                    "{:?}", completeness
                );
            }
            if !deletes && (view == View::NewestFirst || !moves.create || prefetch == 1) {
                prop_assert_eq!(completeness, Completeness::Complete);
            }
        } else {
            prop_assert!(matches!(
                completeness,
                Completeness::Complete | Completeness::Unverified(Unverified::Order)
                    | Completeness::PossiblyIncomplete(_)
            ));
        }
    }
}
