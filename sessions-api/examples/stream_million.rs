//! Streams 1,000,000 sessions (10,000 pages of 100) from a fake that generates pages on the fly, and
//! prints the peak resident memory of the streaming process.
//!
//! `cargo run --release -p sessions-api --example stream_million [-- --sessions N --prefetch N --max-rss-mib N]`
//!
//! The fake runs in a child process (this program started again with `--serve`), so the figure is the
//! client's alone; `--in-process` runs the fake inside this process instead (it keeps no request, so
//! only its own working memory counts too). Exits with status 1 when the count is wrong or the peak exceeds `--max-rss-mib`
//! (default 64).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
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
    /// Run the fake inside this process.
    #[arg(long)]
    in_process: bool,
    /// Serve the fake and print its address (used by the parent process).
    #[arg(long, hide = true)]
    serve: bool,
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

async fn start_fake(sessions: u64) -> FakeServer {
    FakeServer::builder()
        .generated_sessions(sessions, 1)
        .max_size(100)
        .record_requests(false)
        .start()
        .await
}

/// The fake in a child process: (child, base URL, token).
fn spawn_fake(sessions: u64) -> anyhow::Result<(Child, String, String)> {
    let mut child = Command::new(std::env::current_exe()?)
        .args(["--serve", "--sessions", &sessions.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot start the fake process")?;
    let stdout = child.stdout.take().context("no stdout from the fake")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some("READY"), Some(url), Some(token)) => Ok((child, url.to_owned(), token.to_owned())),
        _ => {
            let _ = child.kill();
            bail!("the fake process did not start: {line:?}")
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.serve {
        let fake = start_fake(args.sessions).await;
        println!("READY {} {}", fake.base_url(), fake.token());
        std::future::pending::<()>().await;
        return Ok(());
    }
    let (in_process, mut child, base_url, token) = if args.in_process {
        let fake = start_fake(args.sessions).await;
        let (url, token) = (fake.base_url(), fake.token().to_owned());
        (Some(fake), None, url, token)
    } else {
        let (child, url, token) = spawn_fake(args.sessions)?;
        (None, Some(child), url, token)
    };
    let client = Client::builder()
        .base_url(base_url)
        .bearer_token(token)
        .build()?;
    let started = Instant::now();
    let mut stream = client
        .sessions("million", Environment::Live)
        .page_size(100)
        .prefetch(args.prefetch)
        .pages();
    let mut result = Ok((0u64, 0u64));
    loop {
        match stream.try_next().await {
            Ok(Some(page)) => {
                if let Ok((sessions, pages)) = result.as_mut() {
                    *sessions += page.items().len() as u64;
                    *pages += 1;
                }
            }
            Ok(None) => break,
            Err(error) => {
                result = Err(error);
                break;
            }
        }
    }
    let report = stream.report().clone();
    if let Some(child) = child.as_mut() {
        let _ = child.kill();
        let _ = child.wait();
    }
    drop(in_process);
    let (count, pages) = result?;
    let elapsed = started.elapsed();
    let peak_mib = peak_rss_kib().map(|kib| kib as f64 / 1024.0);
    println!(
        "streamed {count} sessions in {pages} pages ({} requests, prefetch {}, {:?}) in {:.1} s; \
         fake {}",
        report.requests(),
        args.prefetch,
        report.completeness(),
        elapsed.as_secs_f64(),
        if args.in_process {
            "in this process"
        } else {
            "in a child process"
        }
    );
    match peak_mib {
        Some(peak) => println!("peak RSS: {peak:.1} MiB (limit {} MiB)", args.max_rss_mib),
        None => println!("peak RSS: not available on this platform"),
    }
    if count != args.sessions {
        bail!("expected {} sessions, streamed {count}", args.sessions);
    }
    if peak_mib.is_some_and(|peak| peak > args.max_rss_mib as f64) {
        bail!("peak RSS exceeds {} MiB", args.max_rss_mib);
    }
    Ok(())
}
