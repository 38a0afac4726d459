//! The contract tooling behind `cargo xtask`, as a library so that workspace tests can drive it.

pub mod check;
pub mod codegen;
pub mod command;
pub mod contract;
pub mod diff;
pub mod evolve;
pub mod openapi_schema;
pub mod release;
pub mod report;
pub mod scratch;
pub mod spec;
pub mod workspace;
