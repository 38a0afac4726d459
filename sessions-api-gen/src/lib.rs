//! The generated layer of the sessions SDK: a client for the IDnow platform List sessions endpoint,
//! generated from `spec/openapi.yaml` by progenitor.
//!
//! The generated client is committed (`src/generated/client.snap.rs`, reviewed like code) and
//! compiled as it is: a service depending on this crate never compiles the generator. Inside the
//! workspace, the feature `generate` regenerates it on every build and the test suite and `cargo
//! xtask check` fail while the committed file differs.
//!
//! Generated code is never edited by hand; what is hand-written here is what must live beside it:
//! the [`hooks`] through which a wrapper adds per-request behaviour, the [`open_enums`] that replace
//! the contract's open value sets, and the accessors on [`types::Session`] and [`types::LastStep`]
//! (`id()`, `status()`, `outcome()`, ...). Most services use the `sessions-api` crate instead.
//!
//! # Compatibility
//!
//! A compatible change of the contract is a compatible release of this crate. The generated data
//! types are `#[non_exhaustive]`: read their public fields, build them with their builders, and end
//! every `match` on an enum with a wildcard arm. Open value sets follow the matching rule in
//! [`open_enums`].
//!
//! ```
//! # fn demo() -> Result<(), sessions_api_gen::types::error::ConversionError> {
//! use sessions_api_gen::SessionStatus;
//! use sessions_api_gen::types::{PageMetadata, Session, SessionPage};
//!
//! let session: Session = Session::builder()
//!     .session_id("s-1")
//!     .session_status(SessionStatus::Completed)
//!     .flow_id("demo-flow")
//!     .created_at(chrono::DateTime::UNIX_EPOCH)
//!     .try_into()?;
//! let page: SessionPage = SessionPage::builder()
//!     .content(vec![session])
//!     .page(PageMetadata::builder().number(1).size(20).total_elements(1).total_pages(1))
//!     .try_into()?;
//! assert_eq!(page.content[0].id(), "s-1");
//! # Ok(()) }
//! # demo().unwrap();
//! ```
//!
//! A struct literal does not compile, so a property added later cannot break one:
//!
//! ```compile_fail,E0639
//! let page = sessions_api_gen::types::PageMetadata { number: 1, size: 20, total_elements: 1, total_pages: 1 };
//! ```
//!
//! nor does a `match` without a wildcard arm, so a value added later cannot break one:
//!
//! ```compile_fail,E0004
//! use sessions_api_gen::types::SortBy;
//!
//! fn field(sort_by: SortBy) -> &'static str {
//!     match sort_by {
//!         SortBy::Status => "status",
//!         SortBy::CreatedAt => "createdAt",
//!     }
//! }
//! ```
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
    include!("generated/client.snap.rs");
}

pub use generated::*;

/// The Rust source of the client as this build generated it from the workspace's contract (feature
/// `generate`, inside the workspace only). The test suite compares it with the committed client.
#[cfg(feature = "generate")]
pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/client.rs"));
