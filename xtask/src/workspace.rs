//! Where things are in the workspace.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of the xtask crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The contract.
pub fn spec_path() -> PathBuf {
    root().join("spec/openapi.yaml")
}

/// JSON payloads used by tests, validated against the contract.
pub fn examples_dir() -> PathBuf {
    root().join("spec/examples")
}

/// A path relative to the workspace root, for messages.
pub fn display(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}
