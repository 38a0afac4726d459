//! Listing 100 pages × 100 sessions from the fake with 20 ms latency per response:
//! a hand-written loop over the raw generated client (the baseline), the stream with its default
//! (one page ahead), prefetch 4 and prefetch 8, measured in one run and reported as ratios. Each
//! stream variant also runs on the previous engine (module `before`: no completeness check, no
//! report, no resume), so the cost of the current engine on a static listing reads as a ratio
//! measured in the same run.
//!
//! Two more groups, in the same run:
//!
//! - **Steady creation**: the fake's live flow creates 20 or 100 sessions a second (wall clock)
//!   while the listing runs newest first; the sequential raw loop (baseline) against the stream at
//!   prefetch 1 and 8. The sessions created are deleted again after each iteration, so every
//!   iteration starts from 100 pages.
//! - **Completeness cost**: what each order costs against a plain listing of the server's default
//!   order at the same prefetch: newest first (its check at the end), oldest first, and oldest
//!   first with the verification pass.
//!
//! `cargo bench -p sessions-api --bench pagination`

use std::time::Duration;

use criterion::Criterion;
use futures::TryStreamExt;
use sessions_api::fake::{FakeServer, LiveFlow};
use sessions_api::generated;
use sessions_api::paginate::Completeness;
use sessions_api::{Client, Environment, SessionsRequest, SortBy};

mod support;

/// The engine before the completeness check, as it was (`stream!` over a window of spawned
/// requests), through the public `PageSource` trait; error paths reduced to ending the stream.
mod before {
    use std::collections::VecDeque;

    use async_stream::stream;
    use futures::{Stream, StreamExt, stream};
    use sessions_api::paginate::PageSource;
    use sessions_api::{Error, Page};
    use tokio_util::task::AbortOnDropHandle;

    type InFlight<T> = AbortOnDropHandle<Result<Page<T>, Error>>;

    #[derive(PartialEq, Eq)]
    enum Step {
        Next,
        End,
    }

    struct Tracker {
        requested: u32,
        base: Option<i64>,
        received: u64,
        next: u32,
        limit: u32,
    }

    impl Tracker {
        fn take_budget(&mut self) -> bool {
            if self.requested >= 100_000 {
                return false;
            }
            self.requested += 1;
            true
        }

        fn next_request(&mut self) -> Option<u32> {
            if self.next > self.limit || !self.take_budget() {
                return None;
            }
            let number = self.next;
            self.next = self.next.checked_add(1)?;
            Some(number)
        }

        fn on_page<T>(&mut self, requested: Option<u32>, page: &Page<T>) -> Option<Step> {
            let number = i64::from(page.number());
            match requested {
                Some(asked) if number != i64::from(asked) => return None,
                Some(_) => {}
                None => self.base = Some(number),
            }
            let number = u32::try_from(number).ok()?;
            let count = page.items().len() as u64;
            self.received += count;
            if count == 0 {
                return Some(Step::End);
            }
            let size = i64::from(page.size());
            let full = size > 0 && count >= size as u64;
            let short = size > 0 && !full;
            let totals_known = page.total_pages() > 0;
            if self.base.is_none() && totals_known && i64::from(number) >= page.total_pages() {
                self.base = Some(1);
            }
            let last = self
                .base
                .unwrap_or(0)
                .saturating_add(page.total_pages() - 1);
            let at_last = totals_known && i64::from(number) >= last;
            let more_announced =
                page.total_elements() > 0 && self.received < page.total_elements() as u64;
            let step = if short {
                if totals_known && !at_last && more_announced {
                    Step::Next
                } else {
                    Step::End
                }
            } else if !totals_known {
                Step::Next
            } else if at_last {
                if full && (more_announced || self.base.is_none()) {
                    Step::Next
                } else {
                    Step::End
                }
            } else {
                Step::Next
            };
            if step == Step::Next {
                let next = number.checked_add(1)?;
                self.next = self.next.max(next);
                let by_totals = if totals_known {
                    last.clamp(0, i64::from(u32::MAX)) as u32
                } else {
                    0
                };
                self.limit = by_totals.max(next);
            }
            Some(step)
        }
    }

    fn pages<S: PageSource>(
        source: S,
        window_size: usize,
    ) -> impl Stream<Item = Result<Page<S::Item>, Error>> + Send + 'static {
        stream! {
            let mut tracker = Tracker { requested: 0, base: None, received: 0, next: 0, limit: 0 };
            let mut window: VecDeque<(u32, InFlight<S::Item>)> = VecDeque::new();
            if !tracker.take_budget() {
                return;
            }
            let mut requested = None;
            let mut result = source.fetch_page(requested).await;
            let mut first = true;
            loop {
                let page = match result {
                    Ok(page) => page,
                    Err(error) => {
                        yield Err(error);
                        return;
                    }
                };
                let Some(step) = tracker.on_page(requested, &page) else { return };
                if step == Step::Next {
                    while window.len() < window_size {
                        let Some(number) = tracker.next_request() else { break };
                        let handle = tokio::spawn(source.fetch_page(Some(number)));
                        window.push_back((number, AbortOnDropHandle::new(handle)));
                    }
                }
                let had_items = !page.items().is_empty();
                if had_items || first {
                    yield Ok(page);
                }
                first = false;
                if step == Step::End {
                    return;
                }
                let Some((number, handle)) = window.pop_front() else { return };
                requested = Some(number);
                let Ok(next) = handle.await else { return };
                result = next;
            }
        }
    }

    /// The items of `source`, as the previous engine's `items` did.
    pub fn items<S: PageSource>(
        source: S,
        window_size: usize,
    ) -> impl Stream<Item = Result<S::Item, Error>> + Send + 'static {
        pages(source, window_size).flat_map(|page| match page {
            Ok(page) => stream::iter(page.into_items().into_iter().map(Ok).collect::<Vec<_>>()),
            Err(error) => stream::iter(vec![Err(error)]),
        })
    }
}

const PAGES: u64 = 100;
const PAGE_SIZE: u32 = 100;
const LATENCY: Duration = Duration::from_millis(20);
/// Sessions created a second while listing, in the steady-creation group.
const CREATION_RATES: [u32; 2] = [20, 100];

/// Round trips a stream with prefetch `n` needs at best: the first page alone, then the other 99
/// pages `n` at a time.
fn latency_bound(prefetch: u64) -> Duration {
    LATENCY * u32::try_from(1 + (PAGES - 1).div_ceil(prefetch)).unwrap_or(u32::MAX)
}

async fn raw_loop(raw: &generated::Client) -> usize {
    raw_loop_sorted(raw, None).await
}

/// The baseline: page after page through the raw client, sorted by `sort` (`Some(true)`: newest
/// first) or in the server's default order.
async fn raw_loop_sorted(raw: &generated::Client, newest_first: Option<bool>) -> usize {
    let mut count = 0;
    let mut number = 1;
    loop {
        let mut request = raw
            .list_sessions()
            .flow_id("bench-flow")
            .environment(Environment::Live)
            .page(number)
            .size(PAGE_SIZE as i32);
        if let Some(descending) = newest_first {
            request = request
                .sort_by(generated::types::SortBy::CreatedAt)
                .sort_desc(descending);
        }
        let page = request.send().await.expect("the fake answers").into_inner();
        count += page.content.len();
        if page.content.is_empty() || i64::from(page.page.number) >= page.page.total_pages {
            return count;
        }
        number += 1;
    }
}

async fn stream(client: &Client, prefetch: usize) -> usize {
    client
        .sessions("bench-flow", Environment::Live)
        .page_size(PAGE_SIZE)
        .prefetch(prefetch)
        .items()
        .try_fold(0usize, |count, _| async move { Ok(count + 1) })
        .await
        .expect("the stream completes")
}

async fn stream_before(client: &Client, prefetch: usize) -> usize {
    let query = client
        .sessions("bench-flow", Environment::Live)
        .page_size(PAGE_SIZE);
    before::items(query, prefetch)
        .try_fold(0usize, |count, _| async move { Ok(count + 1) })
        .await
        .expect("the stream completes")
}

/// The sorts of the completeness-cost group: name, query.
fn sorted(client: &Client, order: &str) -> SessionsRequest {
    let query = client
        .sessions("bench-flow", Environment::Live)
        .page_size(PAGE_SIZE);
    match order {
        "newest_first" => query.sort_by(SortBy::CreatedAt).descending(),
        "oldest_first" => query.sort_by(SortBy::CreatedAt).ascending(),
        "oldest_first_verify" => query.sort_by(SortBy::CreatedAt).ascending().verify(true),
        _ => query,
    }
}

/// Lists `query` to the end; the number of sessions and the report's requests and completeness.
async fn listing(query: SessionsRequest) -> (usize, u32, Completeness) {
    let (sessions, report) = query
        .items()
        .try_collect_with_report()
        .await
        .expect("the stream completes");
    (sessions.len(), report.requests(), report.completeness())
}

/// Runs `list` while the fake creates `rate` sessions a second, then deletes them again.
async fn while_creating<F, Fut>(fake: &FakeServer, rate: u32, list: F) -> usize
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let before = fake.len();
    fake.set_live_flow(Some(LiveFlow::new().creations_per_second(rate)));
    let count = list().await;
    fake.set_live_flow(None);
    fake.remove_sessions(fake.len().saturating_sub(before));
    count
}

/// The orders of the completeness-cost group, against `default_order` at the same prefetch.
const ORDERS: [&str; 4] = [
    "default_order",
    "newest_first",
    "oldest_first",
    "oldest_first_verify",
];

/// The stream variants: name, prefetch.
const VARIANTS: [(&str, usize); 3] = [
    ("stream_default", 1),
    ("stream_prefetch_4", 4),
    ("stream_prefetch_8", 8),
];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let fake = runtime.block_on(
        FakeServer::builder()
            .generated_sessions(PAGES * u64::from(PAGE_SIZE), 2024)
            .max_size(PAGE_SIZE)
            .latency(LATENCY)
            .start(),
    );
    let (client, raw) = support::clients(&fake);
    let expected = (PAGES * u64::from(PAGE_SIZE)) as usize;
    assert_eq!(runtime.block_on(raw_loop(&raw)), expected);
    assert_eq!(runtime.block_on(stream(&client, 8)), expected);
    assert_eq!(runtime.block_on(stream_before(&client, 8)), expected);

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = criterion.benchmark_group("list_100_pages_x_100_sessions_20ms");
    support::bench_variant(&mut group, &runtime, "baseline_raw_loop", || raw_loop(&raw));
    for (name, prefetch) in VARIANTS {
        // Before and after back to back, so that both see the same load on the machine.
        let name_before = format!("{name}_before");
        support::bench_variant(&mut group, &runtime, &name_before, || {
            stream_before(&client, prefetch)
        });
        support::bench_variant(&mut group, &runtime, name, || stream(&client, prefetch));
    }
    group.finish();

    // Steady creation while listing newest first.
    let newest = sorted(&client, "newest_first").prefetch(8);
    let checked = runtime.block_on(while_creating(&fake, 100, || async {
        let (count, _, completeness) = listing(newest.clone()).await;
        assert_eq!(
            completeness,
            Completeness::Complete,
            "newest first at 100/s"
        );
        count
    }));
    assert!(
        checked >= expected,
        "nothing lost: {checked} of at least {expected}"
    );
    let mut group = criterion.benchmark_group("list_newest_first_while_creating");
    for rate in CREATION_RATES {
        let name = format!("creating_{rate}_baseline_raw_loop");
        support::bench_variant(&mut group, &runtime, &name, || {
            while_creating(&fake, rate, || raw_loop_sorted(&raw, Some(true)))
        });
        for prefetch in [1, 8] {
            let name = format!("creating_{rate}_stream_prefetch_{prefetch}");
            let query = sorted(&client, "newest_first").prefetch(prefetch);
            support::bench_variant(&mut group, &runtime, &name, || {
                let query = query.clone();
                while_creating(&fake, rate, || async move { listing(query).await.0 })
            });
        }
    }
    group.finish();

    // What each order's completeness costs on a static listing.
    let mut requests = Vec::new();
    let mut group = criterion.benchmark_group("completeness_cost");
    for prefetch in [1, 8] {
        for order in ORDERS {
            let query = sorted(&client, order).prefetch(prefetch);
            let (_, made, completeness) = runtime.block_on(listing(query.clone()));
            requests.push((format!("{order}_prefetch_{prefetch}"), made, completeness));
            let name = format!("{order}_prefetch_{prefetch}");
            support::bench_variant(&mut group, &runtime, &name, || {
                let query = query.clone();
                async move { listing(query).await.0 }
            });
        }
    }
    group.finish();
    criterion.final_summary();

    if let Some(baseline) = support::median("baseline_raw_loop") {
        static_table(baseline);
    }
    println!();
    println!(
        "{:<36} {:>12} {:>22}",
        "newest first while creating", "median", "speedup vs raw loop"
    );
    for rate in CREATION_RATES {
        let Some(base) = support::median(&format!("creating_{rate}_baseline_raw_loop")) else {
            continue;
        };
        for name in [
            format!("creating_{rate}_baseline_raw_loop"),
            format!("creating_{rate}_stream_prefetch_1"),
            format!("creating_{rate}_stream_prefetch_8"),
        ] {
            if let Some(time) = support::median(&name) {
                println!(
                    "{:<36} {:>12} {:>22}",
                    name,
                    support::ms(time),
                    format!("{:.2}x", base.as_secs_f64() / time.as_secs_f64())
                );
            }
        }
    }
    println!();
    println!(
        "{:<32} {:>10} {:>12} {:>16} {:>24}",
        "order", "requests", "median", "time / default", "completeness"
    );
    for (name, made, completeness) in &requests {
        let prefetch = if name.ends_with("_1") { 1 } else { 8 };
        let base = support::median(&format!("default_order_prefetch_{prefetch}"));
        if let (Some(base), Some(time)) = (base, support::median(name)) {
            let outcome = match completeness {
                Completeness::Complete => "complete".to_owned(),
                Completeness::Unverified(reason) => format!("unverified ({reason:?})"),
                other => format!("{other:?}"),
            };
            println!(
                "{:<32} {:>10} {:>12} {:>16} {:>24}",
                name,
                made,
                support::ms(time),
                format!("{:.2}", time.as_secs_f64() / base.as_secs_f64()),
                outcome
            );
        }
    }
}

/// The static listing's table: each variant against the raw loop, and against the engine before.
fn static_table(baseline: Duration) {
    println!();
    println!("machine: {}", support::machine());
    println!(
        "{:<20} {:>12} {:>20} {:>16} {:>18}",
        "variant", "median", "speedup vs baseline", "latency bound", "time / bound"
    );
    println!(
        "{:<20} {:>12} {:>20} {:>16} {:>18}",
        "baseline_raw_loop",
        support::ms(baseline),
        "1.00x",
        support::ms(latency_bound(1)),
        format!(
            "{:.2}",
            baseline.as_secs_f64() / latency_bound(1).as_secs_f64()
        )
    );
    for (name, prefetch) in VARIANTS {
        let prefetch = prefetch as u64;
        if let Some(time) = support::median(name) {
            let bound = latency_bound(prefetch);
            println!(
                "{:<20} {:>12} {:>20} {:>16} {:>18}",
                name,
                support::ms(time),
                format!("{:.2}x", baseline.as_secs_f64() / time.as_secs_f64()),
                support::ms(bound),
                format!("{:.2}", time.as_secs_f64() / bound.as_secs_f64())
            );
        }
    }
    println!();
    println!(
        "{:<20} {:>14} {:>14} {:>16}",
        "variant", "before", "now", "now / before"
    );
    for (name, _) in VARIANTS {
        if let (Some(before), Some(now)) = (
            support::median(&format!("{name}_before")),
            support::median(name),
        ) {
            println!(
                "{:<20} {:>14} {:>14} {:>16}",
                name,
                support::ms(before),
                support::ms(now),
                format!("{:.3}", now.as_secs_f64() / before.as_secs_f64())
            );
        }
    }
}
