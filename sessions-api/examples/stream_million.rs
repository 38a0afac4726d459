//! Streams 1,000,000 sessions (10,000 pages of 100) from a fake that generates pages on the fly, and
//! prints the peak resident memory of the process (fake included).
//!
//! `cargo run --release -p sessions-api --example stream_million [-- --sessions N --prefetch N --max-rss-mib N]`
//!
//! Exits with status 1 when the count is wrong or the peak exceeds `--max-rss-mib` (default 64).

use std::time::Instant;

use clap::Parser;
use futures::TryStreamExt;
use sessions_api::fake::FakeServer;
use sessions_api::{Client, Environment};

/// Stream a large listing and report peak memory.
#[derive(Debug, Parser)]
struct Args {
    /// Sessions the fake generates.
    #[arg(long, default_value_t = 1_000_000)]
    sessions: u64,
    /// Pages in flight.
    #[arg(long, default_value_t = 4)]
    prefetch: usize,
    /// Fail when the peak resident memory exceeds this many MiB.
    #[arg(long, default_value_t = 64)]
    max_rss_mib: u64,
}

/// The peak resident set size of this process in KiB (`VmHWM`), where /proc is available.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let fake = FakeServer::builder()
        .generated_sessions(args.sessions, 1)
        .max_size(100)
        .start()
        .await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .build()?;
    let started = Instant::now();
    let (count, last_id) = client
        .sessions("million", Environment::Live)
        .page_size(100)
        .prefetch(args.prefetch)
        .items()
        .try_fold((0u64, String::new()), |(count, _), session| async move {
            Ok((count + 1, session.session_id))
        })
        .await?;
    let elapsed = started.elapsed();
    let peak_mib = peak_rss_kib().map(|kib| kib as f64 / 1024.0);
    println!(
        "streamed {count} sessions ({} pages) in {:.1} s; last id {last_id}",
        fake.list_calls(),
        elapsed.as_secs_f64()
    );
    match peak_mib {
        Some(peak) => println!("peak RSS: {peak:.1} MiB (limit {} MiB)", args.max_rss_mib),
        None => println!("peak RSS: not available on this platform"),
    }
    if count != args.sessions {
        anyhow::bail!("expected {} sessions, streamed {count}", args.sessions);
    }
    if peak_mib.is_some_and(|peak| peak > args.max_rss_mib as f64) {
        anyhow::bail!("peak RSS exceeds {} MiB", args.max_rss_mib);
    }
    Ok(())
}
