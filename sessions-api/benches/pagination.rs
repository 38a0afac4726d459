//! Listing 100 pages × 100 sessions from the fake with 20 ms latency per response:
//! a hand-written loop over the raw generated client (the baseline), the stream with its default
//! (one page ahead), prefetch 4 and prefetch 8, measured in one run and reported as ratios.
//!
//! `cargo bench -p sessions-api --bench pagination`

use std::time::Duration;

use criterion::Criterion;
use futures::TryStreamExt;
use sessions_api::fake::FakeServer;
use sessions_api::generated;
use sessions_api::{Client, Environment};

mod support;

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
        if page.content.is_empty() || page.page.number >= page.page.total_pages {
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

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = criterion.benchmark_group("list_100_pages_x_100_sessions_20ms");
    support::bench_variant(&mut group, &runtime, "baseline_raw_loop", || raw_loop(&raw));
    for (name, prefetch) in [
        ("stream_default", 1usize),
        ("stream_prefetch_4", 4),
        ("stream_prefetch_8", 8),
    ] {
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
    for (name, prefetch) in [
        ("stream_default", 1u64),
        ("stream_prefetch_4", 4),
        ("stream_prefetch_8", 8),
    ] {
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
}
