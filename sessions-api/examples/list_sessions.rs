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
//!
//! Rows are written to stdout page by page as they arrive (a table with fixed column widths, a JSON
//! array, or NDJSON). When a page fails, everything received before it has been written (a JSON array
//! is closed so it stays valid), and stderr names the `--start-page` that lists the rest. The summary
//! on stderr counts what was listed and says when the server's totals disagree.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use sessions_api::fake::FakeServer;
use sessions_api::{
    Client, Environment, PRODUCTION_EU, Session, SessionsRequest, SortBy, TokenAuthMethod,
};

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
    /// Start at this page, in the server's numbering: the page an interrupted listing names in its
    /// hint ("run the same command with --start-page N"; keep the sort and page size).
    #[arg(long)]
    start_page: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Sort {
    Status,
    CreatedAt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// An aligned table with fixed column widths: id, status, outcome, created, completed, last step.
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
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<ExitCode> {
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
    let options = Options {
        limit: args.limit,
        prefetch: usize::try_from(args.prefetch).unwrap_or(1),
        start_page: args.start_page,
    };
    // A progress bar only when it cannot mix with the rows on a terminal.
    let progress =
        (std::io::stderr().is_terminal() && !std::io::stdout().is_terminal()).then(progress_bar);

    let stdout = std::io::stdout();
    let mut rows = Rows::new(std::io::BufWriter::new(stdout.lock()), args.format);
    let (listing, stop) = list(&query, &options, &mut rows, progress.as_ref()).await;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let context = format!("flow {flow} ({environment})");
    Ok(report(&listing, stop, &options, &context))
}

/// What the listing is asked to do beyond the query itself.
#[derive(Clone, Debug, Default)]
struct Options {
    /// Stop after this many sessions.
    limit: Option<usize>,
    /// Pages in flight.
    prefetch: usize,
    /// The page to start at, in the server's numbering.
    start_page: Option<u32>,
}

/// How far a listing got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Listing {
    /// Sessions written.
    listed: usize,
    /// Pages received.
    pages: u32,
    /// The number of the first page received, in the server's numbering.
    first_page: Option<u32>,
    /// The number of the last page received.
    last_page: Option<u32>,
    /// `totalElements` of the last page received.
    reported_total: Option<i64>,
}

/// Why a listing ended.
#[derive(Debug)]
enum Stop {
    /// The server had no more pages.
    Done,
    /// `--limit` sessions were written while more were available.
    Limit,
    /// Whoever reads stdout stopped reading (e.g. `| head`).
    OutputClosed,
    /// Writing stdout failed.
    Output(std::io::Error),
    /// A page could not be listed.
    Failed(sessions_api::Error),
}

/// Lists the pages of `query`, writing each page's rows as soon as it arrives.
async fn list<W: Write>(
    query: &SessionsRequest,
    options: &Options,
    rows: &mut Rows<W>,
    progress: Option<&ProgressBar>,
) -> (Listing, Stop) {
    let mut listing = Listing::default();
    let stop = list_into(query, options, rows, progress, &mut listing).await;
    // Close the output whatever happened, so what was written stays well-formed.
    let closed = rows.finish();
    let stop = match (stop, closed) {
        (Stop::Done | Stop::Limit, Err(error)) => output_stop(error),
        (stop, _) => stop,
    };
    (listing, stop)
}

async fn list_into<W: Write>(
    query: &SessionsRequest,
    options: &Options,
    rows: &mut Rows<W>,
    progress: Option<&ProgressBar>,
    listing: &mut Listing,
) -> Stop {
    let limit = options.limit.unwrap_or(usize::MAX);
    let mut query = query.clone().prefetch(options.prefetch.max(1));
    if let Some(page) = options.start_page {
        query = query.start_page(page);
    }
    // The stream learns the page base, stops on the last page and keeps a few pages in flight;
    // dropping it at the limit cancels what is still in flight.
    let mut pages = query.pages();
    let mut more = true;
    loop {
        if listing.listed >= limit {
            return if more { Stop::Limit } else { Stop::Done };
        }
        let page = match pages.try_next().await {
            Ok(Some(page)) => page,
            Ok(None) => return Stop::Done,
            Err(error) => return Stop::Failed(error),
        };
        let number = page.number();
        listing.pages += 1;
        listing.first_page.get_or_insert(number);
        listing.last_page = Some(number);
        listing.reported_total = Some(page.total_elements());
        more = !page.is_last();
        let items = page.into_items();
        let wanted = limit - listing.listed;
        more |= items.len() > wanted;
        for session in items.iter().take(wanted) {
            if let Err(error) = rows.row(session) {
                return output_stop(error);
            }
            listing.listed += 1;
        }
        if let Err(error) = rows.flush() {
            return output_stop(error);
        }
        if let Some(bar) = progress {
            // From the first page, the bar expects the server's total (or the limit); when starting
            // mid-listing it only counts.
            if bar.length().is_none()
                && options.start_page.is_none()
                && let Ok(total) = u64::try_from(listing.reported_total.unwrap_or(0))
            {
                bar.set_length(total.min(limit as u64));
            }
            bar.set_position(listing.listed as u64);
        }
    }
}

fn output_stop(error: std::io::Error) -> Stop {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Stop::OutputClosed
    } else {
        Stop::Output(error)
    }
}

/// Prints the summary (and on failure the error and how to resume) on stderr; the exit code.
fn report(listing: &Listing, stop: Stop, options: &Options, context: &str) -> ExitCode {
    match stop {
        Stop::Done | Stop::Limit | Stop::OutputClosed => {
            let limited = matches!(stop, Stop::Limit);
            eprintln!("{}", summary(listing, options, context, limited));
            ExitCode::SUCCESS
        }
        Stop::Output(error) => {
            eprintln!("error: writing the sessions: {error}");
            ExitCode::FAILURE
        }
        Stop::Failed(error) => {
            // The message of a sessions_api::Error is complete; its sources repeat it.
            eprintln!("error: {error}");
            eprintln!("{}", failure_hint(listing, &error, options, context));
            ExitCode::FAILURE
        }
    }
}

fn plural(count: impl Into<i64>, one: &str, many: &str) -> String {
    let count = count.into();
    format!("{count} {}", if count == 1 { one } else { many })
}

fn count(listed: usize) -> i64 {
    i64::try_from(listed).unwrap_or(i64::MAX)
}

/// Where the listing started and ended, e.g. "pages 3-5" or "page 1".
fn page_span(listing: &Listing) -> String {
    match (listing.first_page, listing.last_page) {
        (Some(first), Some(last)) if first != last => format!("pages {first}-{last}"),
        (Some(first), _) => format!("page {first}"),
        _ => "no page".to_owned(),
    }
}

/// The summary of a listing that ended without an error. It says only what is true: the count is
/// what was written, and the server's total is named apart when it differs.
fn summary(listing: &Listing, options: &Options, context: &str, limited: bool) -> String {
    let listed = count(listing.listed);
    let mut text = format!(
        "{} listed of {context}, {}",
        plural(listed, "session", "sessions"),
        page_span(listing)
    );
    if limited {
        text.push_str(&format!(
            "; stopped at --limit {}",
            options.limit.unwrap_or(listing.listed)
        ));
    }
    match listing.reported_total {
        Some(total) if options.start_page.is_some() || limited => {
            text.push_str(&format!(" (the server reported {total} in all)"));
        }
        Some(total) if total != listed => {
            text.push_str(&format!(" (the server reported {total})"));
        }
        _ => {}
    }
    text
}

/// What was listed before a failure, and how to list the rest.
fn failure_hint(
    listing: &Listing,
    error: &sessions_api::Error,
    options: &Options,
    context: &str,
) -> String {
    let mut text = format!(
        "{} of {context} listed before the error",
        plural(count(listing.listed), "session", "sessions"),
    );
    if listing.pages > 0 {
        text.push_str(&format!(" ({})", page_span(listing)));
    }
    match error.resume_page() {
        Some(page) => text.push_str(&format!(
            "; to list the rest, run the same command with --start-page {page}"
        )),
        None if options.start_page.is_some() => {
            text.push_str("; run the same command again to retry");
        }
        None => text.push_str("; nothing to resume from: run the command again"),
    }
    text
}

/// Writes sessions as they arrive in one of the output formats.
struct Rows<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

/// The table's columns and their fixed widths (the last one is not padded). A longer value is
/// written whole and pushes the rest of its row to the right.
const COLUMNS: [(&str, usize); 6] = [
    ("ID", 36),
    ("STATUS", 9),
    ("OUTCOME", 10),
    ("CREATED", 20),
    ("COMPLETED", 20),
    ("LAST STEP", 0),
];

impl<W: Write> Rows<W> {
    fn new(out: W, format: Format) -> Self {
        Self {
            out,
            format,
            written: 0,
        }
    }

    /// Writes one session (after the table header or the array's opening bracket, the first time).
    fn row(&mut self, session: &Session) -> std::io::Result<()> {
        match self.format {
            Format::Table => {
                if self.written == 0 {
                    self.table_line(COLUMNS.map(|(name, _)| name.to_owned()))?;
                }
                self.table_line(table_cells(session))?;
            }
            Format::Json => {
                let text = serde_json::to_string_pretty(session)?;
                self.out
                    .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                for (i, line) in text.lines().enumerate() {
                    if i > 0 {
                        self.out.write_all(b"\n")?;
                    }
                    write!(self.out, "  {line}")?;
                }
            }
            Format::Ndjson => {
                serde_json::to_writer(&mut self.out, session)?;
                writeln!(self.out)?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn table_line(&mut self, cells: [String; 6]) -> std::io::Result<()> {
        let mut text = String::new();
        for (cell, (_, width)) in cells.iter().zip(COLUMNS) {
            text.push_str(&format!("{cell:<width$}  "));
        }
        writeln!(self.out, "{}", text.trim_end())
    }

    /// Pushes what was written so far to the reader.
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Ends the output: closes the JSON array (an empty one when nothing was written).
    fn finish(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

fn table_cells(s: &Session) -> [String; 6] {
    [
        s.id().to_owned(),
        s.status().to_string(),
        s.outcome().map_or("-".to_owned(), |o| o.to_string()),
        timestamp(Some(s.created_at())),
        timestamp(s.completed_at()),
        last_step(s),
    ]
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
    let fake = demo_fake().await;
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

/// The demo's fake: it keeps no request, so a long demo listing runs in flat memory.
async fn demo_fake() -> FakeServer {
    FakeServer::builder()
        .generated_sessions(DEMO_SESSIONS, 42)
        .flow_id(DEMO_FLOW)
        .record_requests(false)
        .start()
        .await
}

/// A bar counting sessions; its length is set once the first page gives the total.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::no_length();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos}/{len} sessions [{bar:30}] {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
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

#[cfg(test)]
mod tests {
    //! The command end to end against the fake: streaming, failures mid-listing, resuming, and
    //! summaries that say what is true.

    use std::sync::{Arc, Mutex};

    use sessions_api::RetryPolicy;
    use sessions_api::fake::{FakeServer, Fault};

    use super::*;

    /// Output that notes how many list requests the fake had received when the first byte came.
    #[derive(Clone)]
    struct Probe {
        bytes: Arc<Mutex<Vec<u8>>>,
        fake: Arc<FakeServer>,
        calls_at_first_write: Arc<Mutex<Option<usize>>>,
    }

    impl Probe {
        fn new(fake: &Arc<FakeServer>) -> Self {
            Self {
                bytes: Arc::default(),
                fake: Arc::clone(fake),
                calls_at_first_write: Arc::default(),
            }
        }

        fn text(&self) -> String {
            let bytes = self.bytes.lock().expect("not poisoned").clone();
            String::from_utf8(bytes).expect("UTF-8 output")
        }
    }

    impl Write for Probe {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.calls_at_first_write
                .lock()
                .expect("not poisoned")
                .get_or_insert_with(|| self.fake.list_calls());
            self.bytes
                .lock()
                .expect("not poisoned")
                .extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    async fn fake(sessions: u64) -> Arc<FakeServer> {
        Arc::new(
            FakeServer::builder()
                .generated_sessions(sessions, 9)
                .flow_id("flow")
                .start()
                .await,
        )
    }

    fn query(fake: &FakeServer, page_size: u32) -> SessionsRequest {
        let client = Client::builder()
            .base_url(fake.base_url())
            .bearer_token(fake.token().to_owned())
            .retry(RetryPolicy::none())
            .build()
            .expect("a client");
        client
            .sessions("flow", Environment::Live)
            .sort_by(SortBy::CreatedAt)
            .descending()
            .page_size(page_size)
    }

    fn options(prefetch: usize) -> Options {
        Options {
            prefetch,
            ..Options::default()
        }
    }

    /// The ids in NDJSON output, in order.
    fn ndjson_ids(text: &str) -> Vec<String> {
        text.lines()
            .map(|line| {
                let session: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                session["sessionId"].as_str().expect("an id").to_owned()
            })
            .collect()
    }

    fn expected_ids(fake: &FakeServer) -> Vec<String> {
        fake.expected_sessions(Some(SortBy::CreatedAt), true)
            .iter()
            .map(|s| s.id().to_owned())
            .collect()
    }

    /// Page `number` answers 503 once.
    async fn fail_page_once(fake: &FakeServer, number: u32) {
        fake.inject_at_page(u64::from(number), Fault::Status(503));
    }

    #[tokio::test]
    async fn rows_are_written_before_the_listing_ends() {
        let fake = fake(50).await;
        let probe = Probe::new(&fake);
        let mut rows = Rows::new(probe.clone(), Format::Table);
        let (listing, stop) = list(&query(&fake, 10), &options(1), &mut rows, None).await;
        assert!(matches!(stop, Stop::Done), "{stop:?}");
        assert_eq!(listing.listed, 50);
        assert_eq!(fake.list_calls(), 5);
        let calls = probe
            .calls_at_first_write
            .lock()
            .expect("not poisoned")
            .expect("something was written");
        assert!(
            calls < 5,
            "the first row waited for {calls} of 5 page requests"
        );
    }

    #[tokio::test]
    async fn a_failed_page_keeps_every_row_before_it_and_names_the_page_to_resume_from() {
        for prefetch in [1, 4] {
            let fake = fake(50).await;
            fail_page_once(&fake, 3).await;
            let probe = Probe::new(&fake);
            let mut rows = Rows::new(probe.clone(), Format::Ndjson);
            let opts = options(prefetch);
            let (listing, stop) = list(&query(&fake, 10), &opts, &mut rows, None).await;
            let Stop::Failed(error) = stop else {
                panic!("prefetch {prefetch}: the listing should fail, got {stop:?}")
            };
            let first = ndjson_ids(&probe.text());
            assert_eq!(
                first.len(),
                20,
                "prefetch {prefetch}: pages 1 and 2 are written"
            );
            assert_eq!(listing.listed, 20);
            assert_eq!(error.resume_page(), Some(3));
            let hint = failure_hint(&listing, &error, &opts, "flow flow (live)");
            assert_eq!(
                hint,
                "20 sessions of flow flow (live) listed before the error (pages 1-2); to list the \
                 rest, run the same command with --start-page 3"
            );

            // Resuming as the hint says lists the rest, and nothing is lost or repeated.
            let probe = Probe::new(&fake);
            let mut rows = Rows::new(probe.clone(), Format::Ndjson);
            let resume = Options {
                start_page: Some(3),
                ..options(prefetch)
            };
            let (listing, stop) = list(&query(&fake, 10), &resume, &mut rows, None).await;
            assert!(matches!(stop, Stop::Done), "{stop:?}");
            assert_eq!(listing.first_page, Some(3));
            let mut all = first;
            all.extend(ndjson_ids(&probe.text()));
            assert_eq!(all, expected_ids(&fake), "prefetch {prefetch}");
            let text = summary(&listing, &resume, "flow flow (live)", false);
            assert_eq!(
                text,
                "30 sessions listed of flow flow (live), pages 3-5 (the server reported 50 in all)"
            );
        }
    }

    #[tokio::test]
    async fn a_json_array_is_closed_when_a_page_fails() {
        let fake = fake(30).await;
        fail_page_once(&fake, 2).await;
        let probe = Probe::new(&fake);
        let mut rows = Rows::new(probe.clone(), Format::Json);
        let (_, stop) = list(&query(&fake, 10), &options(2), &mut rows, None).await;
        assert!(matches!(stop, Stop::Failed(_)), "{stop:?}");
        let sessions: Vec<serde_json::Value> =
            serde_json::from_str(&probe.text()).expect("a complete JSON array");
        assert_eq!(sessions.len(), 10);

        let empty = Probe::new(&fake);
        let mut rows = Rows::new(empty.clone(), Format::Json);
        rows.finish().expect("written");
        assert_eq!(empty.text(), "[]\n");
    }

    #[tokio::test]
    async fn table_rows_have_fixed_column_widths_from_the_first_page_on() {
        let fake = fake(25).await;
        let probe = Probe::new(&fake);
        let mut rows = Rows::new(probe.clone(), Format::Table);
        let (listing, _) = list(&query(&fake, 10), &options(1), &mut rows, None).await;
        assert_eq!(listing.listed, 25);
        let text = probe.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 26, "a header and a row per session");
        assert!(lines[0].starts_with("ID"));
        let created = 36 + 2 + 9 + 2 + 10 + 2;
        assert_eq!(lines[0].find("CREATED"), Some(created));
        for (line, session) in lines[1..]
            .iter()
            .zip(fake.expected_sessions(Some(SortBy::CreatedAt), true))
        {
            assert!(line.starts_with(session.id()), "{line}");
            assert_eq!(
                line.find(" 2025-").map(|at| at + 1),
                Some(created),
                "{line}"
            );
        }
    }

    #[tokio::test]
    async fn lying_totals_are_reported_apart_from_what_was_listed() {
        let fake = fake(20).await;
        let sessions = fake.expected_sessions(Some(SortBy::CreatedAt), true);
        let body = serde_json::json!({
            "content": sessions,
            "page": {"size": 20, "number": 1, "totalElements": 1, "totalPages": 1},
        });
        fake.inject(Fault::Raw {
            status: 200,
            body: serde_json::to_vec(&body).expect("JSON"),
        });
        let probe = Probe::new(&fake);
        let mut rows = Rows::new(probe.clone(), Format::Ndjson);
        let opts = options(1);
        let (listing, stop) = list(&query(&fake, 20), &opts, &mut rows, None).await;
        assert!(matches!(stop, Stop::Done), "{stop:?}");
        assert_eq!(listing.listed, 20);
        let text = summary(&listing, &opts, "flow flow (live)", false);
        assert_eq!(
            text,
            "20 sessions listed of flow flow (live), page 1 (the server reported 1)"
        );
    }

    #[tokio::test]
    async fn a_limit_stops_early_and_says_so() {
        let fake = fake(50).await;
        let probe = Probe::new(&fake);
        let mut rows = Rows::new(probe.clone(), Format::Ndjson);
        let opts = Options {
            limit: Some(15),
            ..options(1)
        };
        let (listing, stop) = list(&query(&fake, 10), &opts, &mut rows, None).await;
        assert!(matches!(stop, Stop::Limit), "{stop:?}");
        assert_eq!(ndjson_ids(&probe.text()), expected_ids(&fake)[..15]);
        assert_eq!(
            summary(&listing, &opts, "flow flow (live)", true),
            "15 sessions listed of flow flow (live), pages 1-2; stopped at --limit 15 (the server \
             reported 50 in all)"
        );

        // A limit the listing does not reach is no stop.
        let opts = Options {
            limit: Some(50),
            ..options(1)
        };
        let mut rows = Rows::new(Probe::new(&fake), Format::Ndjson);
        let (listing, stop) = list(&query(&fake, 10), &opts, &mut rows, None).await;
        assert!(matches!(stop, Stop::Done), "{stop:?}");
        assert_eq!(
            summary(&listing, &opts, "flow flow (live)", false),
            "50 sessions listed of flow flow (live), pages 1-5"
        );
    }

    #[tokio::test]
    async fn a_first_page_failure_has_nothing_to_resume_from() {
        let fake = fake(5).await;
        fake.fail_next(1, 500);
        let mut rows = Rows::new(Probe::new(&fake), Format::Table);
        let opts = options(1);
        let (listing, stop) = list(&query(&fake, 10), &opts, &mut rows, None).await;
        let Stop::Failed(error) = stop else {
            panic!("the listing should fail, got {stop:?}")
        };
        assert_eq!(
            failure_hint(&listing, &error, &opts, "flow flow (live)"),
            "0 sessions of flow flow (live) listed before the error; nothing to resume from: run \
             the command again"
        );
    }

    #[tokio::test]
    async fn the_demo_fake_keeps_no_request() {
        let fake = demo_fake().await;
        assert!(!fake.records_requests());
        assert_eq!(fake.len(), DEMO_SESSIONS);
    }
}
