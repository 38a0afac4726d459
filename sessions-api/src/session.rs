//! The session model: the generated types, re-exported, with accessors (`id()`, `status()`,
//! `outcome()`, `created_at()`, ...) that return the open enums and `chrono` timestamps.
//!
//! The types are `#[non_exhaustive]`, so a property the contract adds in a compatible release is a
//! compatible release of this crate: read them through their public fields or accessors, build them
//! with their builders (never a struct literal), and end a `match` on [`SortBy`] or an open enum
//! with a wildcard arm.

/// # Building sessions in tests
///
/// `Session::builder()` is the one way to build a session outside a response (to seed the fake
/// server of `sessions_api::fake`, or to call your own functions): set what the test needs, then
/// `try_into()`. It fails only when a property the contract requires (`session_id`,
/// `session_status`, `flow_id`, `created_at`) is missing; optional properties default to `None`,
/// so a property added to the contract later leaves the test compiling. To vary an existing
/// session, start from it: [`SessionBuilder::from(session)`](SessionBuilder).
///
/// ```
/// use sessions_api::chrono::{TimeZone, Utc};
/// use sessions_api::{LastStep, Outcome, Session, SessionStatus, Verdict};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let step: LastStep = LastStep::builder()
///     .step_id("step_end_001".to_owned())
///     .verdict(Verdict::Accepted)
///     .try_into()?;
/// let session: Session = Session::builder()
///     .session_id("0197c55f-5af6-7e3d-af9b-f2359b134be8")
///     .session_status(SessionStatus::Completed)
///     .flow_id("demo-flow")
///     .created_at(Utc.with_ymd_and_hms(2025, 1, 7, 10, 30, 0).unwrap())
///     .outcome(Outcome::Accepted)
///     .last_step(step)
///     .try_into()?;
///
/// assert!(session.status().is_terminal());
/// assert_eq!(session.last_step().and_then(LastStep::id), Some("step_end_001"));
/// # Ok(()) }
/// ```
///
/// A page of them for code that takes a [`Page`](crate::Page) is
/// [`Page::from_parts`](crate::Page::from_parts).
pub use sessions_api_gen::types::Session;

/// Built with `LastStep::builder()` (every property optional), as shown on [`Session`].
pub use sessions_api_gen::types::LastStep;

/// What `Session::builder()` returns: set properties, then `try_into()` a [`Session`]. Start from
/// an existing session with `SessionBuilder::from(session)`.
pub use sessions_api_gen::types::builder::SessionBuilder;

/// What `LastStep::builder()` returns: set properties, then `try_into()` a [`LastStep`].
pub use sessions_api_gen::types::builder::LastStepBuilder;

/// A field to sort by. The set may grow in a compatible release (the type is `#[non_exhaustive]`):
/// end a `match` on it with a wildcard arm.
pub use sessions_api_gen::types::SortBy;
