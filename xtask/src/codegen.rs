//! `cargo xtask codegen`: regenerate the committed client (the content of its insta snapshot), and
//! regenerate the
//! check tables of `docs/contract-tooling.md` from the catalogues (between `<!-- BEGIN GENERATED:
//! name -->` and `<!-- END GENERATED: name -->` markers; `cargo xtask check` fails while they are
//! stale).
//!
//! The client is written here, from the same generation function `build.rs` uses, without building
//! any crate of the SDK, so it can be updated even while the committed client is stale or
//! hand-written code that uses a changed part of it does not compile yet (the compiler then points
//! at what to adapt).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::report::Finding;
use crate::workspace;

#[path = "../../sessions-api-gen/codegen.rs"]
#[allow(dead_code)]
mod settings;

pub use settings::{CLIENT_PATH, SNAPSHOT_FIX, SNAPSHOT_METADATA, SNAPSHOT_PATH, is_current};

/// The generated client source for a spec, with exactly the settings `build.rs` uses.
pub fn generate(spec_text: &str) -> Result<String, String> {
    settings::generate(spec_text)
}

/// Regenerates the client and rewrites the snapshot if it changed, then the documentation tables.
pub fn run() -> Result<ExitCode> {
    snapshot()?;
    docs()?;
    Ok(ExitCode::SUCCESS)
}

/// Regenerates the client and rewrites the snapshot if it changed.
fn snapshot() -> Result<()> {
    let spec_path = workspace::spec_path();
    let spec_text = crate::spec::read_bundled(&spec_path)?;
    let generated = generate(&spec_text).map_err(anyhow::Error::msg)?;
    let name = CLIENT_PATH;
    if write_client(&workspace::root(), &generated)? {
        println!(
            "regenerated the client ({} lines) into {name}; review `git diff {name}`, build, and commit it",
            generated.lines().count()
        );
    } else {
        println!("the generated client is unchanged; {name} is current");
    }
    Ok(())
}

/// Writes `source` as the committed client of the workspace at `root` (and the snapshot's insta
/// metadata when it is missing), and removes a pending snapshot insta left for review. Whether the
/// client changed.
pub fn write_client(root: &Path, source: &str) -> Result<bool> {
    let client = root.join(CLIENT_PATH);
    let metadata = root.join(SNAPSHOT_PATH);
    if let Some(dir) = client.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    if !metadata.exists() {
        std::fs::write(&metadata, SNAPSHOT_METADATA)
            .with_context(|| format!("cannot write {}", metadata.display()))?;
    }
    // A pending snapshot insta wrote for review is obsolete once the client is regenerated.
    for pending in [".new", ".new.rs"] {
        let mut name = metadata.clone().into_os_string();
        name.push(pending);
        let _ = std::fs::remove_file(name);
    }
    let committed = std::fs::read_to_string(&client).ok();
    if committed.as_deref().is_some_and(|c| is_current(c, source)) {
        return Ok(false);
    }
    std::fs::write(&client, source)
        .with_context(|| format!("cannot write {}", client.display()))?;
    Ok(true)
}

/// The documentation whose check tables are generated.
pub fn docs_path() -> PathBuf {
    workspace::root().join("docs/contract-tooling.md")
}

/// What fixes stale documentation tables.
pub const DOCS_FIX: &str = "run cargo xtask codegen";

/// The generated sections: marker name and content.
pub fn docs_sections() -> Vec<(&'static str, String)> {
    vec![
        ("diff-checks", crate::diff::checks::markdown_table()),
        (
            "diff-policy",
            crate::report::policy_list(crate::diff::checks::ALL),
        ),
        ("contract-checks", crate::contract::checks::markdown_table()),
    ]
}

/// `text` with every generated section replaced by its current content. Fails when a section's
/// markers are missing.
pub fn generated_docs(text: &str) -> Result<String> {
    let mut out = text.to_owned();
    for (name, content) in docs_sections() {
        let begin = format!("<!-- BEGIN GENERATED: {name} (cargo xtask codegen) -->\n");
        let end = format!("<!-- END GENERATED: {name} -->");
        let (Some(start), Some(stop)) = (out.find(&begin), out.find(&end)) else {
            bail!("the markers of the generated section `{name}` are missing: {begin}... {end}");
        };
        let from = start + begin.len();
        if stop < from {
            bail!("the markers of the generated section `{name}` are out of order");
        }
        out.replace_range(from..stop, &content);
    }
    Ok(out)
}

/// Rewrites the generated sections of the documentation if they changed.
fn docs() -> Result<()> {
    let path = docs_path();
    let name = workspace::display(&path);
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {name}"))?;
    let generated = generated_docs(&text).with_context(|| format!("in {name}"))?;
    if generated == text {
        println!("the check tables are unchanged; {name} is current");
        return Ok(());
    }
    std::fs::write(&path, generated).with_context(|| format!("cannot write {name}"))?;
    println!("regenerated the check tables in {name}; review `git diff {name}` and commit it");
    Ok(())
}

/// The finding (rule `docs-stale`) when the generated sections of the documentation `text`
/// (named `name`) differ from what the catalogues generate, or their markers are missing.
pub fn check_docs(text: &str, name: &str) -> Vec<Finding> {
    match generated_docs(text) {
        Ok(generated) if generated == text => Vec::new(),
        Ok(_) => vec![Finding::new(
            "docs-stale",
            name,
            format!(
                "the check tables differ from the catalogues in the diff and contract modules; {DOCS_FIX} and commit the result"
            ),
        )],
        Err(error) => vec![Finding::new(
            "docs-stale",
            name,
            format!("{error:#}; restore the markers, then {DOCS_FIX}"),
        )],
    }
}
