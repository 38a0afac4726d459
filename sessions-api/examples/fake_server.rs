//! Serves the fake List sessions API standalone, with generated sessions, until Ctrl-C.
//!
//! It keeps no request (its memory stays flat however long it runs) and prints its base URL, tokens
//! and client credentials on stdout, one `name: value` line each, before serving.
//!
//! ```sh
//! cargo run -p sessions-api --example fake_server -- --port 8080 --sessions 1000 --latency-ms 20
//! cargo run -p sessions-api --example fake_server -- --drift extra-fields --drift wrong-type
//! cargo run -p sessions-api --example fake_server -- --port 0 --total-pages-offset -1
//! curl -H "Authorization: Bearer fake-token" \
//!     "http://127.0.0.1:8080/v1/flows/demo-flow/live/sessions?size=5&sortBy=createdAt&sortDesc=true"
//! ```

use std::net::{Ipv4Addr, TcpListener};
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use sessions_api::fake::{Drift, FakeServer};

/// Serves a fake of the IDnow List sessions API on a loopback port.
#[derive(Debug, Parser)]
struct Args {
    /// The loopback port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// How many sessions to generate.
    #[arg(long, default_value_t = 1_000)]
    sessions: u64,
    /// The seed of the generated sessions (the same seed gives the same sessions).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// A delay added to every response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// The number of the first page (1 or 0).
    #[arg(long, default_value_t = 1)]
    page_base: u32,
    /// Payload drift to serve (repeatable): extra-fields, older-last-step, upper-case-outcome,
    /// missing-required-field, wrong-type, unknown-enum-values.
    #[arg(long)]
    drift: Vec<Drift>,
    /// The bearer token to accept.
    #[arg(long, default_value = sessions_api::fake::DEFAULT_TOKEN)]
    token: String,
    /// The token answered with 403 (valid, but without read permission).
    #[arg(long, default_value = sessions_api::fake::DEFAULT_FORBIDDEN_TOKEN)]
    forbidden_token: String,
    /// Report `totalPages` off by this many pages (totals that lie; 0 tells the truth).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    total_pages_offset: i64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, args.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
    let mut builder = FakeServer::builder()
        .listener(listener)
        .generated_sessions(args.sessions, args.seed)
        .page_base(args.page_base)
        .bearer_token(args.token)
        .forbidden_token(args.forbidden_token)
        .total_pages_offset(args.total_pages_offset)
        .record_requests(false);
    if args.latency_ms > 0 {
        builder = builder.latency(Duration::from_millis(args.latency_ms));
    }
    for drift in args.drift {
        builder = builder.drift(drift);
    }
    let fake = builder.start().await;
    let (client_id, client_secret) = fake.client_credentials();
    println!("base URL:        {}", fake.base_url());
    println!("bearer token:    {}", fake.token());
    println!("forbidden token: {} (answered 403)", fake.forbidden_token());
    println!("token URL:       {}", fake.token_url());
    println!("client id:       {client_id}");
    println!("client secret:   {client_secret}");
    println!(
        "try:             curl -H 'Authorization: Bearer {}' '{}/v1/flows/{}/live/sessions?size=5'",
        fake.token(),
        fake.base_url(),
        fake.flow_id()
    );
    println!("serving {} sessions; Ctrl-C to stop", fake.len());
    tokio::signal::ctrl_c()
        .await
        .context("cannot wait for Ctrl-C")?;
    println!("served {} list requests", fake.list_calls());
    Ok(())
}
