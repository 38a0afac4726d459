//! Lists the sessions of a flow: the README's main command.
//!
//! ```sh
//! cargo run -p sessions-api --example list_sessions                      # built-in fake, demo data
//! cargo run -p sessions-api --example list_sessions -- --format ndjson --limit 5
//! IDNOW_BASE_URL=https://api.eu.platform.idnow.sx/api IDNOW_TOKEN=... \
//!     cargo run -p sessions-api --example list_sessions -- --flow <flow-id> --env staging
//! ```
//!
//! Without credentials in the environment it starts the built-in fake server with demo data and says
//! so on stderr. With `IDNOW_TOKEN`, or `IDNOW_CLIENT_ID` + `IDNOW_CLIENT_SECRET` + `IDNOW_TOKEN_URL`,
//! it lists real sessions from `IDNOW_BASE_URL` (production EU by default). `RUST_LOG=sessions_api=debug`
//! shows the request spans on stderr.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use clap::{Parser, ValueEnum};
use futures::TryStreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use sessions_api::fake::FakeServer;
use sessions_api::{Client, Environment, PRODUCTION_EU, Session, SortBy, TokenAuthMethod};

/// The flow the demo data belongs to.
const DEMO_FLOW: &str = "demo-flow";
/// How many sessions the demo serves.
const DEMO_SESSIONS: u64 = 137;

/// Lists the sessions of an IDnow flow.
///
/// Credentials come from the environment: IDNOW_TOKEN (a bearer token), or IDNOW_CLIENT_ID,
/// IDNOW_CLIENT_SECRET and IDNOW_TOKEN_URL (OAuth 2.0 client credentials; IDNOW_TOKEN_AUTH=post sends
/// them in the body instead of HTTP Basic), with IDNOW_BASE_URL (default: production EU). Without
/// any, a built-in fake server with demo data answers.
#[derive(Debug, Parser)]
#[command(name = "list_sessions")]
struct Args {
    /// The flow whose sessions to list (default with the demo data: demo-flow).
    #[arg(long, env = "IDNOW_FLOW_ID")]
    flow: Option<String>,
    /// The environment of the flow: live or staging.
    #[arg(long, env = "IDNOW_ENVIRONMENT", default_value = "live")]
    env: String,
    /// The field to sort by.
    #[arg(long, value_enum, default_value_t = Sort::CreatedAt)]
    sort: Sort,
    /// Sort in descending order.
    #[arg(long)]
    desc: bool,
    /// Sessions per page to ask for (the server may use fewer).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    page_size: u32,
    /// Stop after this many sessions.
    #[arg(long)]
    limit: Option<usize>,
    /// Pages to keep in flight while listing (at least 1).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=32))]
    prefetch: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Sort {
    Status,
    CreatedAt,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// An aligned table: id, status, outcome, created, completed, last step.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Ndjson,
}

/// Where the sessions come from.
enum Source {
    Real(Client),
    /// The fake is kept alive for as long as the listing runs.
    Demo {
        client: Client,
        _fake: FakeServer,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The message of a sessions_api::Error is complete; its sources repeat it.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let source = source().await?;
    let (client, flow) = match &source {
        Source::Real(client) => {
            let flow = args
                .flow
                .clone()
                .context("--flow (or IDNOW_FLOW_ID) is required with real credentials")?;
            (client, flow)
        }
        Source::Demo { client, .. } => (client, args.flow.clone().unwrap_or(DEMO_FLOW.to_owned())),
    };
    let environment = Environment::from(args.env.as_str());
    let mut query = client
        .sessions(flow.clone(), environment.clone())
        .sort_by(match args.sort {
            Sort::Status => SortBy::Status,
            Sort::CreatedAt => SortBy::CreatedAt,
        })
        .page_size(args.page_size);
    query = if args.desc {
        query.descending()
    } else {
        query.ascending()
    };

    let limit = args.limit.unwrap_or(usize::MAX);
    let mut sessions: Vec<Session> = Vec::new();
    let mut pages = 0u32;
    let mut total = 0i64;
    let mut progress: Option<ProgressBar> = None;
    // The pages stream learns the page base, stops on the last page and keeps a few pages in
    // flight; dropping it at the limit cancels what is still in flight.
    let mut stream = std::pin::pin!(query.prefetch(args.prefetch as usize).pages());
    while sessions.len() < limit {
        let Some(page) = stream.try_next().await? else {
            break;
        };
        pages += 1;
        total = page.total_elements();
        let more = !page.is_last();
        let wanted = limit - sessions.len();
        sessions.extend(page.into_items().into_iter().take(wanted));
        if progress.is_none() && more && std::io::stderr().is_terminal() {
            let expected = usize::try_from(total.max(0))
                .unwrap_or(usize::MAX)
                .min(limit);
            progress = Some(progress_bar(expected as u64));
        }
        if let Some(bar) = &progress {
            bar.set_position(sessions.len() as u64);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Table => write_table(&mut out, &sessions),
        Format::Json => serde_json::to_writer_pretty(&mut out, &sessions)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Ndjson => sessions.iter().try_for_each(|session| {
            serde_json::to_writer(&mut out, session).map_err(std::io::Error::from)?;
            writeln!(out)
        }),
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        other => other.context("writing the sessions")?,
    }
    eprintln!(
        "{} of {total} sessions of flow {flow} ({environment}), {pages} page{}",
        sessions.len(),
        if pages == 1 { "" } else { "s" }
    );
    Ok(())
}

/// A client from the environment's credentials, or the demo fake when there are none.
async fn source() -> anyhow::Result<Source> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let base_url = var("IDNOW_BASE_URL").unwrap_or_else(|| PRODUCTION_EU.to_owned());
    let token = var("IDNOW_TOKEN");
    let client_id = var("IDNOW_CLIENT_ID");
    let client_secret = var("IDNOW_CLIENT_SECRET");
    let token_url = var("IDNOW_TOKEN_URL");
    let builder = Client::builder()
        .base_url(base_url)
        .timeout(Duration::from_secs(30));
    if let Some(token) = token {
        return Ok(Source::Real(builder.bearer_token(token).build()?));
    }
    match (client_id, client_secret, token_url) {
        (None, None, None) => {}
        (Some(id), Some(secret), Some(token_url)) => {
            let method = match var("IDNOW_TOKEN_AUTH").as_deref() {
                Some("post") => TokenAuthMethod::ClientSecretPost,
                _ => TokenAuthMethod::ClientSecretBasic,
            };
            let client = builder
                .client_credentials(id, secret, token_url)
                .token_auth_method(method)
                .build()?;
            return Ok(Source::Real(client));
        }
        _ => bail!(
            "client credentials need IDNOW_CLIENT_ID, IDNOW_CLIENT_SECRET and IDNOW_TOKEN_URL together"
        ),
    }
    let fake = FakeServer::builder()
        .generated_sessions(DEMO_SESSIONS, 42)
        .flow_id(DEMO_FLOW)
        .start()
        .await;
    eprintln!(
        "No IDNOW_TOKEN or IDNOW_CLIENT_ID/IDNOW_CLIENT_SECRET/IDNOW_TOKEN_URL set: listing demo data \
         from the built-in fake server at {} (flow {DEMO_FLOW}, {DEMO_SESSIONS} sessions).",
        fake.base_url()
    );
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .build()?;
    Ok(Source::Demo {
        client,
        _fake: fake,
    })
}

fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos}/{len} sessions [{bar:30}] {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn write_table(out: &mut impl Write, sessions: &[Session]) -> std::io::Result<()> {
    const HEADERS: [&str; 6] = [
        "ID",
        "STATUS",
        "OUTCOME",
        "CREATED",
        "COMPLETED",
        "LAST STEP",
    ];
    let rows: Vec<[String; 6]> = sessions
        .iter()
        .map(|s| {
            [
                s.id().to_owned(),
                s.status().to_string(),
                s.outcome().map_or("-".to_owned(), ToString::to_string),
                timestamp(Some(s.created_at())),
                timestamp(s.completed_at()),
                last_step(s),
            ]
        })
        .collect();
    let mut widths = HEADERS.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: [&str; 6]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  "));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, HEADERS)?;
    for row in &rows {
        line(out, row.each_ref().map(String::as_str))?;
    }
    Ok(())
}

fn timestamp(at: Option<DateTime<Utc>>) -> String {
    at.map_or("-".to_owned(), |t| {
        t.format("%Y-%m-%d %H:%M:%SZ").to_string()
    })
}

fn last_step(session: &Session) -> String {
    let Some(step) = session.last_step() else {
        return "-".to_owned();
    };
    let name = step.id().or(step.description()).unwrap_or("step");
    match step.verdict() {
        Some(verdict) => format!("{name} ({verdict})"),
        None => name.to_owned(),
    }
}
