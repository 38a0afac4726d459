//! `cargo xtask codegen`: regenerate the client and update its insta snapshot.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::check::snapshot;
use crate::workspace;

#[path = "../../sessions-api-gen/codegen.rs"]
#[allow(dead_code)]
mod settings;

/// The generated client source for a spec, with exactly the settings `build.rs` uses.
pub fn generate(spec_text: &str) -> Result<String, String> {
    settings::generate(spec_text)
}

/// Regenerates and rewrites the snapshot through insta itself, then confirms it is current.
pub fn run() -> Result<ExitCode> {
    let spec_path = workspace::spec_path();
    let spec_text = std::fs::read_to_string(&spec_path)
        .with_context(|| format!("cannot read {}", spec_path.display()))?;
    let generated = generate(&spec_text).map_err(anyhow::Error::msg)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(workspace::root())
        .args([
            "test",
            "--quiet",
            "-p",
            "sessions-api-tests",
            "--test",
            "generated_client",
        ])
        .env("INSTA_UPDATE", "always")
        .env("INSTA_FORCE_PASS", "1")
        .env_remove("CI")
        .status()
        .context("cannot run cargo test to update the snapshot")?;
    if !status.success() {
        bail!("updating the snapshot failed: cargo test exited with {status}");
    }
    let snapshot_path = workspace::snapshot_path();
    let file = std::fs::read_to_string(&snapshot_path)
        .with_context(|| format!("cannot read {}", snapshot_path.display()))?;
    match snapshot::snapshot_body(&file) {
        Some(body) if body.trim_end() == generated.trim_end() => {
            println!(
                "regenerated the client ({} lines); review `git diff {}` and commit it",
                generated.lines().count(),
                workspace::display(&snapshot_path)
            );
            Ok(ExitCode::SUCCESS)
        }
        _ => bail!(
            "{} does not match the generated client after updating",
            workspace::display(&snapshot_path)
        ),
    }
}
