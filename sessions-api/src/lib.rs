//! A client for the IDnow platform List sessions endpoint.
//!
//! This crate re-exports the generated layer for now; the hand-written client builds on it.

#![deny(missing_docs)]

pub use sessions_api_gen::{Environment, Outcome, SessionStatus, Verdict};

/// The generated client and types, for what the wrapper does not cover.
pub use sessions_api_gen as generated;

#[cfg(feature = "fake")]
pub mod fake;
