//! The generated layer of the sessions SDK: a client for the IDnow platform List sessions endpoint,
//! generated at build time from `spec/openapi.yaml` by progenitor.
//!
//! Nothing here is edited by hand except the seam that must live beside the generated [`Client`]:
//! the [`hooks`] through which a wrapper adds per-request behaviour, and the [`open_enums`] that
//! replace the contract's open value sets. Most services use the `sessions-api` crate instead.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use sessions_api_gen::{Client, Environment, Hooks, types::SortBy};
//!
//! let client = Client::new("https://api.eu.platform.idnow.io/api", Hooks::default());
//! let page = client
//!     .list_sessions()
//!     .flow_id("12345")
//!     .environment(Environment::Live)
//!     .sort_by(SortBy::CreatedAt)
//!     .send()
//!     .await?;
//! println!("{} sessions", page.content.len());
//! # Ok(()) }
//! ```

mod accessors;
pub mod hooks;
pub mod open_enums;

pub use hooks::{Hooks, RequestExecutor};
pub use open_enums::{Environment, Outcome, SessionStatus, Verdict};

#[allow(
    missing_docs,
    missing_debug_implementations,
    unused_qualifications,
    clippy::all,
    clippy::unwrap_used,
    rust_2018_idioms
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

pub use generated::*;

/// The Rust source of the generated client exactly as compiled into this crate (for snapshots).
pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/client.rs"));

include!(concat!(env!("OUT_DIR"), "/personal_data.rs"));

/// The OpenAPI contract this crate was generated from.
pub const OPENAPI_YAML: &str = include_str!("../openapi.yaml");
