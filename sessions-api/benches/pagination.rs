//! Listing 100 pages × 100 sessions from the fake with 20 ms latency per response:
//! a hand-written loop over the raw generated client (the baseline), the stream with its default
//! (one page ahead), prefetch 4 and prefetch 8, measured in one run and reported as ratios. Each
//! stream variant also runs on the previous engine (module `before`: no completeness check, no
//! report, no resume), so the cost of the current engine on a static listing reads as a ratio
//! measured in the same run.
//!
//! `cargo bench -p sessions-api --bench pagination`

use std::time::Duration;

use criterion::Criterion;
use futures::TryStreamExt;
use sessions_api::fake::FakeServer;
use sessions_api::generated;
use sessions_api::{Client, Environment};

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

/// Round trips a stream with prefetch `n` needs at best: the first page alone, then the other 99
/// pages `n` at a time.
fn latency_bound(prefetch: u64) -> Duration {
    LATENCY * u32::try_from(1 + (PAGES - 1).div_ceil(prefetch)).unwrap_or(u32::MAX)
}

async fn raw_loop(raw: &generated::Client) -> usize {
    let mut count = 0;
    let mut number = 1;
    loop {
        let page = raw
            .list_sessions()
            .flow_id("bench-flow")
            .environment(Environment::Live)
            .page(number)
            .size(PAGE_SIZE as i32)
            .send()
            .await
            .expect("the fake answers")
            .into_inner();
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
    criterion.final_summary();

    let Some(baseline) = support::median("baseline_raw_loop") else {
        return;
    };
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
