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
//! version does not know instead of failing; match them with a wildcard arm and `as_str()` (the rule
//! is in [`generated::open_enums`]).
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
//! [`futures`] (the [`Stream`](futures::Stream) trait of the pagination streams and its
//! combinators) and [`reqwest`] (a client of your own for [`ClientBuilder::http_client`], the
//! [`StatusCode`](reqwest::StatusCode) of [`Error::status`]). A service still needs its own
//! async runtime: `tokio`.
//!
//! # Example
//!
//! ```
//! use sessions_api::{Client, Environment, ErrorKind, SortBy};
//! # use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), sessions_api::Error> {
//! # let server = MockServer::start().await;
//! # let body = include_str!("../../spec/examples/documented.json");
//! # Mock::given(method("GET"))
//! #     .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
//! #     .mount(&server)
//! #     .await;
//! # let base_url = server.uri();
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
//! assert!(page.items()[0].status().is_terminal());
//! assert_eq!(page.next_page(), None); // a short page is the last one
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
pub use session::{LastStep, Session, SortBy};
pub use sessions_api_gen::{Environment, Outcome, SessionStatus, Verdict};

/// The generated client and types, for what the wrapper does not cover.
pub use sessions_api_gen as generated;

/// Dates and times: [`Session::created_at`] and the other timestamps are
/// [`chrono::DateTime<chrono::Utc>`].
pub use chrono;
/// Streams and their combinators: [`SessionsRequest::items`] and [`SessionsRequest::pages`] return
/// a [`futures::Stream`].
pub use futures;
/// The HTTP client underneath: [`ClientBuilder::http_client`] takes a [`reqwest::Client`], and
/// [`Error::status`] returns a [`reqwest::StatusCode`].
pub use reqwest;

#[cfg(feature = "fake")]
#[cfg_attr(docsrs, doc(cfg(feature = "fake")))]
pub mod fake;

// Every Rust snippet in README.md is a doctest of this crate: a snippet that stops compiling (or
// whose assertions fail) fails `cargo test --workspace`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}
