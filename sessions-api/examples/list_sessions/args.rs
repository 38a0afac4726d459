//! The command line: flags, their defaults and ranges, and the query and options they make.

use clap::{Parser, ValueEnum};
use sessions_api::{Client, Environment, SessionsRequest, SortBy};

use crate::listing::Options;
use crate::personal::PersonalData;

/// The most pages `--prefetch` keeps in flight.
pub(crate) const MAX_PREFETCH: u64 = 32;

/// Lists the sessions of an IDnow flow.
///
/// Credentials come from the environment: IDNOW_TOKEN (a bearer token), or IDNOW_CLIENT_ID,
/// IDNOW_CLIENT_SECRET and IDNOW_TOKEN_URL (OAuth 2.0 client credentials; IDNOW_TOKEN_AUTH=post sends
/// them in the body instead of HTTP Basic), with IDNOW_BASE_URL (default: production EU). Without
/// any, a built-in fake server with demo data answers.
#[derive(Debug, Parser)]
#[command(name = "list_sessions")]
pub(crate) struct Args {
    /// The flow whose sessions to list (default with the demo data: demo-flow).
    #[arg(long, env = "IDNOW_FLOW_ID", hide_env_values = true)]
    pub(crate) flow: Option<String>,
    /// The environment of the flow: live or staging.
    #[arg(
        long,
        env = "IDNOW_ENVIRONMENT",
        hide_env_values = true,
        default_value = "live"
    )]
    env: String,
    /// The field to sort by; `status` orders by the status's wire text (alphabetical: COMPLETED
    /// before CREATED before RUNNING), not by progress.
    #[arg(long, value_enum, default_value_t = Sort::CreatedAt)]
    sort: Sort,
    /// Ascending order (oldest first for created-at): sessions deleted while listing (a retention
    /// purge) can hide others.
    #[arg(long, conflicts_with = "desc")]
    asc: bool,
    /// Descending order (newest first for created-at): the default, and the order whose
    /// completeness the listing can verify.
    #[arg(long)]
    desc: bool,
    /// Sessions per page to ask for (the server may use fewer).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    page_size: u32,
    /// Stop after this many sessions.
    #[arg(long)]
    limit: Option<usize>,
    /// Pages to keep in flight while listing, from 1 to 32.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=MAX_PREFETCH))]
    prefetch: u64,
    /// Start at this page, in the server's numbering (the page a failed listing names; keep the
    /// sort and page size).
    #[arg(long)]
    start_page: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
    /// Also write the fields the contract marks as personal data (e.g. subjectId), in every
    /// format; they are left out otherwise.
    #[arg(long)]
    include_personal_data: bool,
}

/// The sort field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Sort {
    Status,
    CreatedAt,
}

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// An aligned table with fixed column widths: id, status, outcome, created, completed, last step.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Ndjson,
}

impl Args {
    /// The query these flags ask for.
    pub(crate) fn query(&self, client: &Client, flow: &str) -> SessionsRequest {
        let query = client
            .sessions(flow, Environment::from(self.env.as_str()))
            .sort_by(match self.sort {
                Sort::Status => SortBy::Status,
                Sort::CreatedAt => SortBy::CreatedAt,
            })
            .page_size(self.page_size);
        if self.asc {
            query.ascending()
        } else {
            query.descending()
        }
    }

    /// What the listing is asked to do beyond the query.
    pub(crate) fn options(&self) -> Options {
        let order = match (self.sort, self.asc) {
            (Sort::CreatedAt, false) => "newest first",
            (Sort::CreatedAt, true) => "oldest first",
            (Sort::Status, false) => "by status, descending",
            (Sort::Status, true) => "by status, ascending",
        };
        Options {
            limit: self.limit,
            prefetch: usize::try_from(self.prefetch).unwrap_or(1),
            start_page: self.start_page,
            order,
        }
    }

    /// Whether the rows carry the fields marked as personal data.
    pub(crate) fn personal_data(&self) -> PersonalData {
        if self.include_personal_data {
            PersonalData::Include
        } else {
            PersonalData::Omit
        }
    }
}
