//! A production client for the IDnow platform **List sessions** endpoint
//! (`GET /v1/flows/{flowId}/{environment}/sessions`).
//!
//! The HTTP layer is generated from the OpenAPI contract (`sessions-api-gen`); this crate adds what a
//! service needs around it:
//!
//! - [`Client::builder`]: base URL ([`PRODUCTION_EU`], [`SANDBOX_EU`]), a bearer token or OAuth 2.0
//!   client credentials (token cached, refreshed once on 401, one fetch at a time), timeouts, a
//!   response body limit, a caller's own `reqwest::Client`; checked at `build()`.
//! - [`Client::sessions`] returns a [`SessionsRequest`]; [`SessionsRequest::page`] fetches one
//!   [`Page`] of [`Session`]s with the page metadata the server reported.
//! - Retries of transient failures by a [`RetryPolicy`] (capped exponential backoff, full jitter,
//!   `Retry-After` honoured up to a cap).
//! - One [`Error`] type whose [`ErrorKind`] can be matched; its message says what to do.
//! - Security: tokens and secrets are never shown by `Debug`, `Display` or tracing; plain `http://`
//!   is refused except to loopback; `Authorization` never follows a redirect to another host;
//!   response bodies are capped; TLS by rustls.
//! - A `tracing` span per request (`sessions_api.request`: operation, flow id, page, attempt,
//!   status, latency).
//!
//! Open value sets ([`SessionStatus`], [`Outcome`], [`Verdict`], [`Environment`]) keep values this
//! version does not know instead of failing; match them by the rule in [Open values](#open-values).
//!
//! # Open values
//!
//! [`SessionStatus`], [`Outcome`], [`Verdict`] and [`Environment`] have a variant per value the
//! contract documents and an `Unknown` variant for any other value, kept exactly as received. A value
//! this version does not know may become a known variant in a later, compatible release; so that the
//! upgrade never changes which arm of your `match` runs:
//!
//! - Match the known variants you care about, then end with a wildcard arm (the types are
//!   `#[non_exhaustive]`, so the compiler requires one).
//! - To handle a value this version does not know yet, compare its text in a guard on a binding,
//!   never the `Unknown` variant: `other if other.as_str() == "ON_HOLD" => ...`. When a later release
//!   learns `ON_HOLD`, `as_str()` still returns `"ON_HOLD"` and the same arm runs.
//! - `Unknown` holds an opaque value; matching the variant is `#[deprecated]`, because such an arm
//!   would stop running for a value on the day that value becomes known. Build values, known or not,
//!   from their text (`"ON_HOLD".parse()`, `SessionStatus::from("ON_HOLD")`).
//! - `is_unknown()` says only whether *this version* knows the value: use it to log or count values
//!   worth adding, not to decide what a session means.
//!
//! ```
//! use sessions_api::SessionStatus;
//!
//! fn describe(status: &SessionStatus) -> &'static str {
//!     match status {
//!         SessionStatus::Completed => "done",
//!         SessionStatus::Running | SessionStatus::Created => "in progress",
//!         // Not known to this version: the arm keeps running when a later version knows it.
//!         other if other.as_str() == "ON_HOLD" => "waiting for review",
//!         other if other.is_terminal() => "ended without a decision",
//!         _ => "unknown",
//!     }
//! }
//!
//! assert_eq!(describe(&SessionStatus::from("ON_HOLD")), "waiting for review");
//! assert_eq!(describe(&SessionStatus::Expired), "ended without a decision");
//! assert_eq!(describe(&"SOMETHING_NEW".parse().unwrap()), "unknown");
//! ```
//!
//! # Features
//!
//! - `fake`: the [`fake`] module, a loopback fake of the API for your tests (enable it in
//!   `[dev-dependencies]`).
//!
//! # Re-exports
//!
//! The crates whose types appear in this crate's API are re-exported, so that one dependency line
//! is enough and their versions always match: [`chrono`] (the timestamps of a [`Session`]),
//! `sessions_api::futures` (the `Stream` trait of the pagination streams and its combinators),
//! `sessions_api::reqwest` (a client of your own for [`ClientBuilder::http_client`], the
//! `StatusCode` of [`Error::status`]), `sessions_api::secrecy` (the credential setters take
//! `impl Into<SecretString>`) and `sessions_api::serde_json` (a [`Session`] serializes with it).
//! Import them from here (`use sessions_api::chrono::Utc;`): every example in these docs compiles
//! in a crate that depends on `sessions-api` and `tokio` alone. A service still needs its own async
//! runtime: `tokio`.
//!
//! # Example
//!
//! ```
//! use sessions_api::{Client, Environment, ErrorKind, SortBy};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), sessions_api::Error> {
//! # // A loopback fake of the API (feature `fake`) with 25 sessions stands in for the real one.
//! # let fake = sessions_api::fake::FakeServer::builder()
//! #     .generated_sessions(25, 7)
//! #     .bearer_token("my-token")
//! #     .start()
//! #     .await;
//! # let base_url = fake.base_url();
//! let client = Client::builder()
//!     .base_url(base_url) // a loopback test server here; PRODUCTION_EU by default
//!     .bearer_token("my-token")
//!     .build()?;
//!
//! let page = client
//!     .sessions("0197c55f-5af6-7e3d-af9b-f2359b154be8", Environment::Live)
//!     .sort_by(SortBy::CreatedAt)
//!     .descending()
//!     .page_size(10)
//!     .page(1)
//!     .await?;
//!
//! for session in page.items() {
//!     println!("{} {} {:?}", session.id(), session.status(), session.outcome());
//! }
//! assert_eq!(page.total_elements(), 25);
//! assert_eq!(page.items().len(), 10);
//! assert_eq!(page.next_page(), Some(2)); // None on the last page
//!
//! // Errors carry a kind to match on.
//! let missing = client.sessions("", Environment::Live).page(1).await.unwrap_err();
//! assert_eq!(missing.kind(), &ErrorKind::InvalidRequest);
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]
// On docs.rs (`--cfg docsrs`, a nightly toolchain), items behind a feature are marked with it.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod body;
mod builder;
mod call;
mod client;
mod error;
mod executor;
mod page;
pub mod paginate;
mod personal_data;
mod raw;
mod raw_error;
mod redact;
mod request;
mod retry;
mod session;
mod transport;

pub use auth::TokenAuthMethod;
pub use body::DEFAULT_MAX_BODY_SIZE;
pub use builder::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, PRODUCTION_EU, SANDBOX_EU, USER_AGENT,
};
pub use client::Client;
pub use error::{Error, ErrorKind, Result};
pub use page::Page;
pub use raw::RawResponse;
pub use request::SessionsRequest;
pub use retry::RetryPolicy;
pub use session::{LastStep, LastStepBuilder, Session, SessionBuilder, SortBy};
pub use sessions_api_gen::{Environment, Outcome, SessionStatus, Verdict};

/// The generated client and types, for what the wrapper does not cover.
pub use sessions_api_gen as generated;

/// Dates and times: [`Session::created_at`] and the other timestamps are
/// [`chrono::DateTime<chrono::Utc>`].
pub use chrono;
/// Streams and their combinators: [`SessionsRequest::items`] and [`SessionsRequest::pages`] return
/// a `futures::Stream`.
pub use futures;
/// The HTTP client underneath: [`ClientBuilder::http_client`] takes a `reqwest::Client`, and
/// [`Error::status`] returns a `reqwest::StatusCode`.
pub use reqwest;
/// Secrets: [`ClientBuilder::bearer_token`] and [`ClientBuilder::client_credentials`] take
/// `impl Into<secrecy::SecretString>`, so a secret read into a `SecretString` is never copied
/// into a plain `String` on its way in.
pub use secrecy;
/// JSON: a [`Session`] implements `serde::Serialize`; write it with `serde_json::to_string` or
/// read a stored page with `serde_json::from_slice`.
pub use serde_json;

#[cfg(feature = "fake")]
#[cfg_attr(docsrs, doc(cfg(feature = "fake")))]
pub mod fake;

// Every Rust snippet in README.md is a doctest of this crate: a snippet that stops compiling (or
// whose assertions fail) fails `cargo test --workspace`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}
