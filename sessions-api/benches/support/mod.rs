//! Shared by the benchmarks: per-iteration timings recorded alongside criterion's, so each benchmark
//! can print its variants as ratios against the baseline measured in the same run.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

fn samples() -> &'static Mutex<BTreeMap<String, Vec<Duration>>> {
    static SAMPLES: OnceLock<Mutex<BTreeMap<String, Vec<Duration>>>> = OnceLock::new();
    SAMPLES.get_or_init(|| Mutex::new(BTreeMap::new()))
}

/// Records the mean time of one iteration of `variant`.
pub fn record(variant: &str, total: Duration, iterations: u64) {
    let per_iteration = total / u32::try_from(iterations.max(1)).unwrap_or(u32::MAX);
    if let Ok(mut samples) = samples().lock() {
        samples
            .entry(variant.to_owned())
            .or_default()
            .push(per_iteration);
    }
}

/// The median time per iteration of `variant`, if it ran.
pub fn median(variant: &str) -> Option<Duration> {
    let samples = samples().lock().ok()?;
    let mut times = samples.get(variant)?.clone();
    times.sort_unstable();
    times.get(times.len() / 2).copied()
}

/// The machine the figures come from, for the report.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!("{cpu}, {cores} cores, {}", std::env::consts::OS)
}

/// Milliseconds with two decimals.
pub fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1e3)
}

/// The two clients a benchmark compares on `fake`: the SDK client, and the raw generated client
/// sending the same bearer token.
pub fn clients(
    fake: &sessions_api::fake::FakeServer,
) -> (sessions_api::Client, sessions_api::generated::Client) {
    let client = sessions_api::Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .build()
        .expect("a client");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {}", fake.token())
            .parse()
            .expect("a header value"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("an HTTP client");
    let raw = sessions_api::generated::Client::new_with_client(
        &fake.base_url(),
        http,
        sessions_api::generated::Hooks::none(),
    );
    (client, raw)
}

/// Benchmarks `run` as `variant` in `group` on `runtime`, recording every sample for the ratios.
pub fn bench_variant<F, Fut>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    runtime: &tokio::runtime::Runtime,
    variant: &str,
    run: F,
) where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    group.bench_function(variant, |b| {
        b.to_async(runtime).iter_custom(|iters| {
            let run = &run;
            async move {
                let start = std::time::Instant::now();
                for _ in 0..iters {
                    std::hint::black_box(run().await);
                }
                let elapsed = start.elapsed();
                record(variant, elapsed, iters);
                elapsed
            }
        })
    });
}
