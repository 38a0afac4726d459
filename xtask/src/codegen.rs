//! `cargo xtask codegen`: regenerate the client and update its insta snapshot.
//!
//! The snapshot is written here, from the same generation function `build.rs` uses, so it can be
//! updated even while hand-written code that uses a changed part of the client does not compile yet
//! (the compiler then points at what to adapt).

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::workspace;

#[path = "../../sessions-api-gen/codegen.rs"]
#[allow(dead_code)]
mod settings;

pub use settings::{SNAPSHOT_FIX, SNAPSHOT_PATH, snapshot_body, snapshot_file, snapshot_matches};

/// The generated client source for a spec, with exactly the settings `build.rs` uses.
pub fn generate(spec_text: &str) -> Result<String, String> {
    settings::generate(spec_text)
}

/// Regenerates the client and rewrites the snapshot if it changed.
pub fn run() -> Result<ExitCode> {
    let spec_path = workspace::spec_path();
    let spec_text = std::fs::read_to_string(&spec_path)
        .with_context(|| format!("cannot read {}", spec_path.display()))?;
    let generated = generate(&spec_text).map_err(anyhow::Error::msg)?;
    let snapshot_path = workspace::snapshot_path();
    let existing = std::fs::read_to_string(&snapshot_path).ok();
    let name = workspace::display(&snapshot_path);
    if existing
        .as_deref()
        .is_some_and(|file| snapshot_matches(file, &generated))
    {
        println!("the generated client is unchanged; {name} is current");
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = snapshot_path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(
        &snapshot_path,
        snapshot_file(existing.as_deref(), &generated),
    )
    .with_context(|| format!("cannot write {name}"))?;
    println!(
        "regenerated the client ({} lines) into {name}; review `git diff {name}`, build, and commit it",
        generated.lines().count()
    );
    Ok(ExitCode::SUCCESS)
}
