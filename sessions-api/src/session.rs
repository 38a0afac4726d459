//! The session model: the generated types, re-exported, with accessors (`id()`, `status()`,
//! `outcome()`, `created_at()`, ...) that return the open enums and `chrono` timestamps.

pub use sessions_api_gen::types::{LastStep, Session, SortBy};
