//! The public Rust API of the published crates, compared between two source trees with
//! cargo-semver-checks.
//!
//! Each tree's rustdoc JSON is built here (`cargo doc` with rustdoc's JSON output, in the shared
//! target directory, so dependencies compiled for `cargo check` are reused) and handed to
//! `cargo semver-checks check-release --baseline-rustdoc ... --current-rustdoc ...`. The tool runs
//! with `--release-type patch`, so every lint that needs more than a patch release reports, and the
//! summary says whether a major (breaking) or minor change is required.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::version::Change;

/// The crates whose public API is gated, with the features their API is checked with (the fake is
/// part of `sessions-api`'s public API).
pub const CRATES: &[(&str, &[&str])] = &[("sessions-api-gen", &[]), ("sessions-api", &["fake"])];

/// The cargo-semver-checks release line the gate is written against.
pub const TOOL_VERSION: &str = "0.51";

/// The rustdoc flags cargo-semver-checks itself uses (JSON output needs `-Z unstable-options`, which
/// `RUSTC_BOOTSTRAP=1` allows on a stable toolchain).
const RUSTDOCFLAGS: &str = "-Z unstable-options --document-private-items --document-hidden-items \
                            --output-format=json --cap-lints=allow";

/// What cargo-semver-checks found between two versions of one crate's API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// `Breaking` when a major-level lint fired, `Addition` for minor-level lints only, `None`
    /// when no lint fired (pure additions fire none: the contract diff reports those).
    pub change: Change,
    /// The ids of the lints that fired (`constructible_struct_adds_field`, ...).
    pub lints: Vec<String>,
    /// The tool's output, for the report.
    pub output: String,
}

/// The `cargo` that runs this process (or the one on `PATH`).
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Fails with what to do when cargo-semver-checks is missing or of another release line.
pub fn ensure_tool() -> Result<()> {
    let output = cargo().args(["semver-checks", "--version"]).output();
    let text = output
        .as_ref()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let wanted = format!("cargo-semver-checks {TOOL_VERSION}.");
    if output.is_ok_and(|o| o.status.success()) && text.starts_with(&wanted) {
        return Ok(());
    }
    bail!(
        "cargo-semver-checks {TOOL_VERSION} is not installed (found: {}); run .ci/semver.sh, or \
         `cargo install --locked cargo-semver-checks --version '^{TOOL_VERSION}'`",
        if text.trim().is_empty() {
            "none"
        } else {
            text.trim()
        }
    )
}

/// Builds the rustdoc JSON of `krate` in the workspace copy at `root` and copies it to `out`. `Err`
/// with the compiler's output when the crate does not build.
///
/// `root` must be a scratch copy, never the developer's tree: its files are touched first, because
/// `target_dir` is shared with other copies (see [`crate::scratch`]).
pub fn rustdoc_json(
    root: &Path,
    krate: &str,
    features: &[&str],
    target_dir: &Path,
    out: &Path,
) -> Result<()> {
    let produced = target_dir
        .join("doc")
        .join(format!("{}.json", krate.replace('-', "_")));
    crate::scratch::touch(root)?;
    // Another tree's crate of the same name writes the same file: never read a stale one.
    let _ = std::fs::remove_file(&produced);
    for extra in ["", " --cfg=sessions_api_release_gate_rerun"] {
        let mut command = cargo();
        command
            .current_dir(root)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTDOCFLAGS", format!("{RUSTDOCFLAGS}{extra}"))
            .env("CARGO_TARGET_DIR", target_dir)
            .args(["doc", "--quiet", "--no-deps", "--lib", "--package", krate])
            .arg("--manifest-path")
            .arg(root.join("Cargo.toml"));
        if !features.is_empty() {
            command.args(["--features", &features.join(",")]);
        }
        crate::command::output(
            &mut command,
            &format!("cargo doc for {krate} in {}", root.display()),
        )?;
        // Cargo skips rustdoc for a crate it believes documented already; the changed flags of
        // the second round make it run.
        if produced.exists() {
            if let Some(dir) = out.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::copy(&produced, out).with_context(|| {
                format!("cannot copy {} to {}", produced.display(), out.display())
            })?;
            return Ok(());
        }
    }
    bail!("cargo doc did not write {} for {krate}", produced.display())
}

/// Compares two rustdoc JSON files of one crate.
pub fn compare(baseline: &Path, current: &Path) -> Result<ApiDiff> {
    let output = cargo()
        .args(["semver-checks", "check-release", "--color", "never"])
        .args(["--release-type", "patch"])
        .arg("--baseline-rustdoc")
        .arg(baseline)
        .arg("--current-rustdoc")
        .arg(current)
        .output()
        .context("cannot run cargo semver-checks")?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    parse(&text)
}

/// Reads cargo-semver-checks' report.
pub fn parse(text: &str) -> Result<ApiDiff> {
    let change = if text.contains("semver requires new major version") {
        Change::Breaking
    } else if text.contains("semver requires new minor version") {
        Change::Addition
    } else if text.contains("no semver update required") {
        Change::None
    } else {
        bail!(
            "cargo semver-checks did not report a result:\n{}",
            tail(text, 40)
        );
    };
    let lints = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--- failure "))
        .filter_map(|rest| rest.split(':').next())
        .map(str::to_owned)
        .collect();
    Ok(ApiDiff {
        change,
        lints,
        output: text.to_owned(),
    })
}

/// Where the rustdoc JSON of `krate` from the tree labelled `label` is kept.
pub fn json_path(dir: &Path, label: &str, krate: &str) -> PathBuf {
    dir.join(label).join(format!("{krate}.json"))
}

pub use crate::command::tail;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_major_summary_is_breaking_and_names_its_lints() {
        let text = "\n--- failure constructible_struct_adds_field: externally-constructible struct \
                    adds field ---\n\nDescription:\n...\n     Summary semver requires new major \
                    version: 1 major and 0 minor checks failed\n";
        let diff = parse(text).expect("a result");
        assert_eq!(diff.change, Change::Breaking);
        assert_eq!(diff.lints, ["constructible_struct_adds_field"]);
    }

    #[test]
    fn no_summary_is_an_error_not_a_pass() {
        assert_eq!(
            parse("     Summary no semver update required\n")
                .expect("a result")
                .change,
            Change::None
        );
        assert!(parse("error: failed to parse rustdoc JSON").is_err());
    }
}
