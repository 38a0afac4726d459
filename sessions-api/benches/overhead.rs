//! The cost of the wrapper: one page of 20 sessions through `Client::sessions(..).page(1)` against
//! the same request through the raw generated client, both on the loopback fake with no added
//! latency, measured in one run. The wrapper adds credentials, the retry loop, the body limit, the
//! tracing span and the typed page; the budget is at most 10% over the raw client.
//!
//! The wrapper's own requests each go through a generated client built for that request (it keeps
//! the exchange the executor saw); `build_generated_client` measures that construction alone, and
//! `raw_generated_client_built_per_page` the raw page with it, beside `raw_generated_client`.
//!
//! `cargo bench -p sessions-api --bench overhead`

use std::time::{Duration, Instant};

use criterion::Criterion;
use sessions_api::fake::FakeServer;
use sessions_api::generated;
use sessions_api::generated::ClientInfo;
use sessions_api::{Client, Environment, SortBy};

mod support;

const FLOW: &str = "bench-flow";
const PAGE_SIZE: u32 = 20;
/// The wrapper may cost at most this much more than the raw client.
const BUDGET: f64 = 1.10;

async fn wrapper_page(client: &Client) -> usize {
    client
        .sessions(FLOW, Environment::Live)
        .sort_by(SortBy::CreatedAt)
        .descending()
        .page_size(PAGE_SIZE)
        .page(1)
        .await
        .expect("the fake answers")
        .items()
        .len()
}

async fn raw_page(raw: &generated::Client) -> usize {
    raw.list_sessions()
        .flow_id(FLOW)
        .environment(Environment::Live)
        .sort_by(generated::types::SortBy::CreatedAt)
        .sort_desc(true)
        .size(PAGE_SIZE as i32)
        .page(1)
        .send()
        .await
        .expect("the fake answers")
        .into_inner()
        .content
        .len()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let fake = runtime.block_on(
        FakeServer::builder()
            .generated_sessions(1_000, 7)
            .flow_id(FLOW)
            .start(),
    );
    let (client, raw) = support::clients(&fake);
    assert_eq!(runtime.block_on(wrapper_page(&client)), PAGE_SIZE as usize);
    assert_eq!(runtime.block_on(raw_page(&raw)), PAGE_SIZE as usize);

    let mut criterion = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(6))
        .configure_from_args();
    let mut group = criterion.benchmark_group("one_page_of_20_on_the_loopback_fake");
    support::bench_variant(&mut group, &runtime, "raw_generated_client", || {
        raw_page(&raw)
    });
    support::bench_variant(&mut group, &runtime, "wrapper", || wrapper_page(&client));
    let base_url = fake.base_url();
    let http = raw.client().clone();
    support::bench_variant(
        &mut group,
        &runtime,
        "raw_generated_client_built_per_page",
        || {
            let per_page = generated::Client::new_with_client(
                &base_url,
                http.clone(),
                generated::Hooks::none(),
            );
            async move { raw_page(&per_page).await }
        },
    );
    group.finish();
    let mut build = criterion.benchmark_group("per_call_generated_client");
    build.bench_function("build_generated_client", |b| {
        b.iter(|| {
            generated::Client::new_with_client(&base_url, http.clone(), generated::Hooks::none())
        })
    });
    build.finish();
    criterion.final_summary();

    let (Some(raw_time), Some(wrapper_time)) = (
        support::median("raw_generated_client"),
        support::median("wrapper"),
    ) else {
        // A filtered run (`cargo bench -- wrapper`) measures one side only: no ratio.
        return;
    };
    // Background load shifts the two criterion groups differently; batches that alternate between
    // the two clients see the same load, so the median of their ratios is the steadier figure.
    let paired = runtime.block_on(paired_ratio(&client, &raw));
    let ratio = wrapper_time.as_secs_f64() / raw_time.as_secs_f64();
    println!();
    println!("machine: {}", support::machine());
    println!("{:<22} {:>12}", "variant", "median");
    println!(
        "{:<22} {:>12}",
        "raw_generated_client",
        support::ms(raw_time)
    );
    println!("{:<22} {:>12}", "wrapper", support::ms(wrapper_time));
    if let Some(per_page) = support::median("raw_generated_client_built_per_page") {
        println!(
            "raw, generated client built per page / raw: {:.3}",
            per_page.as_secs_f64() / raw_time.as_secs_f64()
        );
    }
    println!("wrapper / raw, criterion medians:  {ratio:.3}");
    println!(
        "wrapper / raw, {ROUNDS} paired rounds: {paired:.3} (budget {BUDGET:.2}): {}",
        if paired <= BUDGET {
            "within budget"
        } else {
            "OVER BUDGET"
        }
    );
}

/// Rounds of the paired measurement, and requests per client per round.
const ROUNDS: usize = 31;
const BATCH: usize = 100;

/// The median over rounds of (wrapper batch time / raw batch time), alternating which goes first.
async fn paired_ratio(client: &Client, raw: &generated::Client) -> f64 {
    let mut ratios = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let (mut wrapper_time, mut raw_time) = (Duration::ZERO, Duration::ZERO);
        for side in [round % 2, (round + 1) % 2] {
            let start = Instant::now();
            for _ in 0..BATCH {
                if side == 0 {
                    std::hint::black_box(wrapper_page(client).await);
                } else {
                    std::hint::black_box(raw_page(raw).await);
                }
            }
            let elapsed = start.elapsed();
            if side == 0 {
                wrapper_time = elapsed;
            } else {
                raw_time = elapsed;
            }
        }
        ratios.push(wrapper_time.as_secs_f64() / raw_time.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}
