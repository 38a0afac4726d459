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
//! so on stderr ([`source`]). Rows go to stdout page by page as they arrive ([`rows`]), without the
//! fields the contract marks as personal data unless `--include-personal-data` is given
//! ([`personal`]). The summary on stderr states what was listed and whether the listing is complete
//! ([`summary`]); a failure names what to do only when doing it can help ([`hints`]).

mod args;
mod hints;
mod listing;
mod personal;
mod progress;
mod rows;
mod source;
mod summary;
#[cfg(test)]
mod tests;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::Args;
use crate::listing::{Stop, list};
use crate::rows::Rows;
use crate::source::Source;

/// The exit code of a command that did what it was asked.
const SUCCESS: u8 = 0;
/// The exit code of a command that failed (a bad argument is clap's 2).
const FAILURE: u8 = 1;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    // A progress bar only when it cannot mix with the rows on a terminal.
    let progress = std::io::stderr().is_terminal() && !std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let env = |name: &str| std::env::var(name).ok();
    ExitCode::from(run(&args, &env, out, std::io::stderr(), progress).await)
}

/// The whole command: the source of sessions from `env`, then the listing. Returns the exit code.
async fn run(
    args: &Args,
    env: &dyn Fn(&str) -> Option<String>,
    out: impl Write,
    mut err: impl Write,
    progress: bool,
) -> u8 {
    match Source::from_env(env, &mut err).await {
        Ok(source) => list_from(args, &source, out, err, progress).await,
        Err(error) => {
            let _ = writeln!(err, "error: {error:#}");
            FAILURE
        }
    }
}

/// Lists the sessions `args` ask for from `source`: rows to `out`, the summary or the error to
/// `err`. Returns the exit code.
async fn list_from(
    args: &Args,
    source: &Source,
    out: impl Write,
    mut err: impl Write,
    progress: bool,
) -> u8 {
    let flow = match source.flow(args.flow.as_deref()) {
        Ok(flow) => flow,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return FAILURE;
        }
    };
    let query = args.query(source.client(), &flow);
    let options = args.options();
    let bar = progress.then(progress::bar);
    let mut rows = Rows::new(out, args.format, args.personal_data());
    let (listing, stop) = list(&query, &options, &mut rows, bar.as_ref()).await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let context = format!("flow {flow} ({})", query.environment());
    let (text, code) = match stop {
        Stop::Failed(error) => (
            // The message of a sessions_api::Error is complete; its sources repeat it.
            format!(
                "error: {error}\n{}",
                hints::failure(&listing, &error, &options, &context)
            ),
            FAILURE,
        ),
        Stop::Output(error) => (format!("error: writing the sessions: {error}"), FAILURE),
        stop => match hints::past_the_end(&listing, &options, &context) {
            Some(text) => (format!("error: {text}"), FAILURE),
            None => (summary::line(&listing, &stop, &options, &context), SUCCESS),
        },
    };
    let _ = writeln!(err, "{text}");
    code
}
