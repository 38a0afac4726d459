//! Real responses against the contract (`cargo xtask contract`): from the live API or from
//! recorded JSON files, every body is validated against its response schema in strict mode, and
//! page metadata is checked against the content.
//!
//! Findings are grouped by check id and place in the shape of the bodies (`/content/*/outcome`),
//! with a count, the first place seen and a severity; the command exits with 1 when a finding
//! reaches `--fail-on` (default `error`), with 2 when it cannot check (an unreadable contract or
//! directory, a failed request), and with 0 otherwise. Reports show pointers, types and enum values, never other
//! values from the bodies (subject ids are personal data) and never tokens.
//!
//! The catalogue is [`checks::ALL`]; the table in `docs/contract-tooling.md` is generated from it
//! by `cargo xtask codegen` and checked by `cargo xtask check`.
//!
//! Recorded pages of one listing are named `page-<N>.json` (or `<listing>-page-<N>.json` for
//! several listings in one directory): they are checked in the order of `N` as a sequence too,
//! like live pages (numbers advance, totals hold, no session on two pages).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::Value;

pub use crate::report::Format;
use crate::report::{self as output, Severity};
use crate::spec::Spec;
use crate::workspace;

pub mod checks;
#[cfg(feature = "live")]
pub mod live;
pub mod pages;
pub mod report;
pub mod source;
pub mod validate;

pub use report::{ContractReport, Group};
pub use source::{Credentials, LiveOptions, Response, SecretString};

use checks as c;
use pages::{PageMeta, Sequence};
use validate::{BodyValidator, Observation};

/// The production API base URL (the contract's first server).
pub const PRODUCTION_BASE_URL: &str = "https://api.eu.platform.idnow.io/api";

/// Checks `responses` against `spec`. With `listing`, the responses are consecutive pages of one
/// listing and are also checked as a sequence (numbers advance, totals hold, no repeats);
/// otherwise responses that name a recorded listing ([`Response::listing`]) are checked as the
/// sequence of that listing.
pub fn check_responses(
    spec: &Value,
    responses: &[Response],
    listing: bool,
) -> Result<ContractReport> {
    let validator = BodyValidator::new(spec)?;
    let mut live = Sequence::new();
    let mut recorded: BTreeMap<String, Sequence> = BTreeMap::new();
    let mut observations = Vec::new();
    let mut items = 0usize;
    for response in responses {
        let mut found = Vec::new();
        let sequence = if listing {
            Some(&mut live)
        } else {
            response
                .listing
                .as_ref()
                .map(|name| recorded.entry(name.clone()).or_default())
        };
        check_one(
            &validator, response, listing, sequence, &mut found, &mut items,
        );
        observations.extend(found.into_iter().map(|o| (response.label.clone(), o)));
    }
    Ok(ContractReport::new(responses.len(), items, observations))
}

fn check_one(
    validator: &BodyValidator,
    response: &Response,
    listing: bool,
    sequence: Option<&mut Sequence>,
    out: &mut Vec<Observation>,
    items: &mut usize,
) {
    let status = response.status;
    let nothing = Value::Null;
    if listing && status != 200 {
        out.push(
            Observation::new(
                c::HTTP_STATUS,
                &nothing,
                "",
                format!("the server answered {status}"),
            )
            .with_detail(status.to_string()),
        );
    }
    if !validator.documents(status) {
        out.push(
            Observation::new(
                c::STATUS_UNDOCUMENTED,
                &nothing,
                "",
                format!("the contract documents no response {status}"),
            )
            .with_detail(status.to_string()),
        );
    }
    if let Some(content_type) = &response.content_type
        && !crate::check::lint::is_json(content_type)
    {
        out.push(Observation::new(
            c::CONTENT_TYPE_NOT_JSON,
            &nothing,
            "",
            "the Content-Type is not JSON",
        ));
    }
    let body: Value = match serde_json::from_slice(&response.body) {
        Ok(body) => body,
        Err(error) => {
            out.push(Observation::new(
                c::BODY_NOT_JSON,
                &nothing,
                "",
                format!(
                    "the body ({} bytes) is not JSON: {} at line {} column {}",
                    response.body.len(),
                    classify_json_error(&error),
                    error.line(),
                    error.column()
                ),
            ));
            return;
        }
    };
    out.extend(validator.validate(status, &body));
    if status != 200 {
        return;
    }
    if let Some(content) = body.get("content").and_then(Value::as_array) {
        *items += content.len();
    }
    if let Some(meta) = PageMeta::read(&body) {
        let base = sequence.and_then(|sequence| {
            sequence.feed(response.requested_page, &meta, &body, out);
            sequence.base()
        });
        pages::check_page(&meta, base, &body, out);
    }
}

/// What went wrong in a JSON parse, without quoting the body.
fn classify_json_error(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Eof => "it ends early",
        serde_json::error::Category::Syntax => "a syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "a read error",
    }
}

/// Checks every JSON file in `dir` (see [`source::read_recorded`]).
pub fn check_recorded(spec: &Value, dir: &Path) -> Result<ContractReport> {
    let responses = source::read_recorded(dir)?;
    check_responses(spec, &responses, false)
}

/// Lists sessions from the live API and checks every page.
#[cfg(feature = "live")]
pub async fn check_live(spec: &Value, options: &LiveOptions) -> Result<ContractReport> {
    let listing = live::fetch_live(options).await?;
    let mut report = check_responses(spec, &listing.responses, true)?;
    if let Some(error) = listing.stream_error {
        report.notes.push(format!(
            "the SDK's pagination stream ended with an error: {error}"
        ));
    }
    Ok(report)
}

/// `cargo xtask contract`.
#[derive(Debug, Clone, clap::Args)]
pub struct ContractArgs {
    /// The contract to check against.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// Check recorded responses: every *.json file in DIR (`error-*.json` are error bodies).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["flow", "base_url"])]
    pub recorded: Option<PathBuf>,
    /// The API base URL of the live source.
    #[arg(long, value_name = "URL", default_value = PRODUCTION_BASE_URL)]
    pub base_url: String,
    /// The flow whose sessions are listed (live source).
    #[arg(long, value_name = "FLOW-ID", required_unless_present = "recorded")]
    pub flow: Option<String>,
    /// The logical environment (`live` or `staging`).
    #[arg(long, value_name = "ENV", default_value = "live")]
    pub env: String,
    /// The environment variable holding a bearer token.
    #[arg(long, value_name = "VAR", default_value = "IDNOW_TOKEN")]
    pub token_env: String,
    /// Use OAuth 2.0 client credentials with this token endpoint instead of a bearer token.
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,
    /// The environment variable holding the client id (with --token-url).
    #[arg(long, value_name = "VAR", default_value = "IDNOW_CLIENT_ID")]
    pub client_id_env: String,
    /// The environment variable holding the client secret (with --token-url).
    #[arg(long, value_name = "VAR", default_value = "IDNOW_CLIENT_SECRET")]
    pub client_secret_env: String,
    /// The most pages to fetch.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_pages: u32,
    /// The page size to ask for (the server's default if absent).
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
    /// Seconds before a request times out.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
    /// Exit with 1 when a finding has this severity or a higher one.
    #[arg(long, value_name = "SEVERITY", default_value = "error")]
    pub fail_on: Severity,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn secret_from_env(var: &str) -> Result<SecretString> {
    match std::env::var(var) {
        Ok(value) if !value.trim().is_empty() => Ok(SecretString::from(value)),
        _ => bail!("the environment variable {var} is not set"),
    }
}

impl ContractArgs {
    /// The live options these arguments describe (reads the credentials from the environment).
    pub fn live_options(&self) -> Result<LiveOptions> {
        let Some(flow_id) = self.flow.clone() else {
            bail!("--flow is required for the live source (or use --recorded DIR)");
        };
        let credentials = match &self.token_url {
            Some(token_url) => Credentials::ClientCredentials {
                token_url: token_url.clone(),
                client_id: std::env::var(&self.client_id_env).with_context(|| {
                    format!("the environment variable {} is not set", self.client_id_env)
                })?,
                client_secret: secret_from_env(&self.client_secret_env)?,
            },
            None => Credentials::Bearer(secret_from_env(&self.token_env).with_context(
                || "set a bearer token, or use --token-url with client credentials",
            )?),
        };
        Ok(LiveOptions {
            base_url: self.base_url.clone(),
            flow_id,
            environment: self.env.clone(),
            credentials,
            max_pages: self.max_pages,
            page_size: self.page_size,
            timeout: Duration::from_secs(self.timeout),
        })
    }
}

#[cfg(feature = "live")]
fn live_report(spec: &Value, args: &ContractArgs) -> Result<ContractReport> {
    let options = args.live_options()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(check_live(spec, &options))
}

/// Without the `live` feature, the live source runs in `cargo xtask` built with it: the same
/// command line, started again.
#[cfg(not(feature = "live"))]
fn live_report(_: &Value, args: &ContractArgs) -> Result<ContractReport> {
    args.live_options()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace::root())
        .args(["run", "--quiet", "-p", "xtask", "--features", "live", "--"])
        .args(std::env::args_os().skip(1))
        .status()
        .context("cannot start the live contract check")?;
    // 0 and 1 are the verdict of the started check; anything else (2, a build failure, a signal)
    // means it could not judge.
    let code = match status.code() {
        Some(code @ 0..=2) => code,
        _ => i32::from(output::EXIT_CANNOT_JUDGE),
    };
    std::process::exit(code);
}

/// Runs `cargo xtask contract`.
pub fn run(args: &ContractArgs) -> Result<ExitCode> {
    let spec_path = args.spec.clone().unwrap_or_else(workspace::spec_path);
    let spec = Spec::load(&spec_path)?;
    let report = match &args.recorded {
        Some(dir) => check_recorded(&spec.raw, dir)?,
        None => live_report(&spec.raw, args)?,
    };
    output::emit(&report, args.format, args.fail_on)
}
