//! Property tests of the pagination stream over simulated servers: page base 0 or 1, size clamping,
//! totals lying up or down, drifting totalElements, repeated page numbers, rows inserted or removed
//! between requests. Every stream must end within the documented bound without panicking, and a
//! consistent server must yield every item exactly once, in server order.

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt, TryStreamExt};
use proptest::prelude::*;
use sessions_api::paginate::{ItemKey, PageSource, PaginationOptions, items, pages};
use sessions_api::{ErrorKind, Page};

#[derive(Clone, Debug, PartialEq, Eq)]
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
            Some(at) if at as usize == index && index > 0 => i64::from(number) - 1,
            _ => i64::from(number),
        };
        Page::from_parts(
            items,
            reported_number,
            i64::from(size),
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
}

fn run(behaviour: Behaviour, options: PaginationOptions) -> Outcome {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let source = Simulated::new(behaviour);
    runtime.block_on(async {
        let mut stream = Box::pin(items(source.clone(), options));
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
        Outcome {
            rows,
            error,
            requests: source.requests(),
            max_rows: source.max_rows(),
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
        let options = PaginationOptions { prefetch, dedupe, ..PaginationOptions::default() };
        let out = run(b.clone(), options);
        // The bound the docs state: the real pages, the pages the totals claim beyond them, one
        // probe and one empty page.
        let bound = out.max_rows.div_ceil(size) + lie_up + 2;
        prop_assert!(
            (out.requests as usize) <= bound,
            "{} requests for at most {} rows of size {}: bound {}", out.requests, out.max_rows, size, bound
        );
        if consistent {
            prop_assert!(out.error.is_none(), "error from a consistent server: {:?}", out.error);
            let expected: Vec<Row> = (0..b.rows).map(|i| Row(format!("s{i}"))).collect();
            prop_assert_eq!(&out.rows, &expected);
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
        let out = run(b, PaginationOptions { prefetch, ..PaginationOptions::default() });
        let error = out.error.expect("the repeated page number is reported");
        prop_assert_eq!(error.kind(), &ErrorKind::Pagination);
        let requested = base + repeat_at;
        prop_assert_eq!(error.resume_page(), Some(requested));
        prop_assert!(error.to_string().contains(&requested.to_string()));
        let expected: Vec<Row> = (0..(repeat_at * size) as usize).map(|i| Row(format!("s{i}"))).collect();
        prop_assert_eq!(out.rows, expected);
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
        let options = PaginationOptions { prefetch, max_pages: Some(max_pages), ..PaginationOptions::default() };
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
        let options = PaginationOptions { start_page: Some(base + skip), ..PaginationOptions::default() };
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
            let out = run(
                b,
                PaginationOptions {
                    prefetch,
                    ..PaginationOptions::default()
                },
            );
            let pages = rows.div_ceil(10).max(1) as u32;
            assert_eq!(out.requests, pages, "rows {rows}, prefetch {prefetch}");
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
            for _ in 0..5 {
                tokio::task::yield_now().await;
            }
            guard.done = true;
            let start = (number as usize - 1) * 10;
            let items = (start..start + 10).map(|i| Row(format!("s{i}"))).collect();
            Ok(Page::from_parts(items, i64::from(number), 10, 200, 20))
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
            .block_on(
                items(
                    source,
                    PaginationOptions {
                        prefetch,
                        ..PaginationOptions::default()
                    },
                )
                .try_collect(),
            )
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
        let mut stream = Box::pin(pages(
            source,
            PaginationOptions {
                prefetch: 6,
                ..PaginationOptions::default()
            },
        ));
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
