//! The release gate (`cargo xtask release-check`) and the release record (`cargo xtask
//! release-record`).
//!
//! `release.yaml` at the workspace root records the last release: its version, the git revision
//! it was cut from, and the file holding its contract (`spec/baseline.yaml`). The gate compares the
//! current tree with that release twice:
//!
//! - the contract, with the contract diff (`xtask diff`): breaking and possibly breaking changes
//!   need a breaking release, compatible ones an addition;
//! - the public Rust API of `sessions-api-gen` and `sessions-api` (with its `fake`), with
//!   cargo-semver-checks against the released revision's sources.
//!
//! It prints the bump both require under Cargo's semver rules (while the version is `0.x`:
//! breaking → `0.(x+1).0`, anything else → a patch) and fails when
//!
//! - the contract has a breaking change that `spec/breaking-allow.yaml` does not accept;
//! - the contract's `info.version` moved by less than its changes require (a breaking change a
//!   new major version, an addition a new minor one; see [`contract_version`]);
//! - the Rust API has a breaking change while the crate versions still equal the release (a
//!   breaking change never passes silently: bump the version with it);
//! - the crate versions differ from the release but carry less than the required bump;
//! - a crate does not build, or cannot be compared.
//!
//! Versions equal to the release pass with compatible changes: the bump happens at release time.

pub mod contract_version;
pub mod rust_api;
pub mod version;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::diff::{self, AllowList, Report};
use crate::report::Severity;
use crate::workspace;
use rust_api::{ApiDiff, CRATES};
pub use version::{Change, Version};

/// The release record's file name, at the workspace root.
pub const RECORD_FILE: &str = "release.yaml";

/// The last release, as `release.yaml` records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The version both crates were released as.
    pub version: String,
    /// The git revision (a full commit hash) the release was cut from.
    pub revision: String,
    /// The released contract, relative to the workspace root.
    pub contract: String,
}

impl Record {
    /// Reads the record of the workspace at `root`.
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join(RECORD_FILE);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_yaml_ng::from_str(&text).with_context(|| format!("{} is not valid", path.display()))
    }
}

/// The release a tree is compared with.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// Its sources (a workspace root).
    pub root: PathBuf,
    /// A short name for paths and messages (the revision, or `unedited`).
    pub label: String,
    /// The version it was released as.
    pub version: Version,
    /// Its contract's text.
    pub contract: String,
    /// The contract's name, for messages.
    pub contract_name: String,
}

/// Where the gate builds and keeps rustdoc JSON.
#[derive(Debug, Clone)]
pub struct Dirs {
    /// The workspace's cargo target directory (`CARGO_TARGET_DIR`, or `target/`).
    pub target: PathBuf,
    /// The target directory of rustdoc JSON builds, inside `target`. It is kept apart because
    /// rustdoc's JSON output needs `RUSTC_BOOTSTRAP=1`, which some build scripts (proc-macro2's)
    /// watch: sharing one directory would rebuild every proc macro and its dependents on each
    /// switch between `cargo check` and the gate.
    pub docs: PathBuf,
    /// Where rustdoc JSON copies are kept (the baseline's are reused while it does not change).
    pub work: PathBuf,
}

impl Dirs {
    /// The target directory cargo uses for the workspace, and a `release-gate` directory in it.
    pub fn for_workspace(root: &Path) -> Self {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    root.join(dir)
                }
            })
            .unwrap_or_else(|| root.join("target"));
        let work = target.join("release-gate");
        Self {
            docs: work.join("target"),
            work,
            target,
        }
    }
}

/// One crate's API against the release.
#[derive(Debug, Clone)]
pub struct CrateApi {
    /// The crate.
    pub name: &'static str,
    /// Its version in the current tree.
    pub version: Version,
    /// What cargo-semver-checks found, or why it could not compare.
    pub diff: Result<ApiDiff, String>,
}

/// Everything the gate found.
#[derive(Debug)]
pub struct Assessment {
    /// The released version.
    pub released: Version,
    /// The contract changes, assessed against the allow-list.
    pub contract: Report,
    /// The largest contract change.
    pub contract_change: Change,
    /// The API of each crate.
    pub apis: Vec<CrateApi>,
    /// Whether the crates' sources changed at all (a fix at least).
    pub sources_changed: bool,
    /// The bump the changes require.
    pub required: Change,
    /// Why the gate fails; empty when it passes.
    pub problems: Vec<String>,
}

impl Assessment {
    /// Whether the gate passes.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    /// The version the next release takes.
    pub fn next_version(&self) -> Version {
        self.released.bumped(self.required)
    }

    /// The report printed by `cargo xtask release-check`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "contract: {} -> {}",
            self.contract.summary(),
            self.contract_change
        );
        for assessed in &self.contract.changes {
            let change = &assessed.change;
            let allowed = match &assessed.allowed {
                Some(reason) => format!(" [allowed: {reason}]"),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "  {} {} {}: {}{allowed}",
                change.severity, change.id, change.pointer, change.message
            );
        }
        for api in &self.apis {
            match &api.diff {
                Ok(diff) if diff.lints.is_empty() => {
                    let _ = writeln!(out, "{} {}: no lint fired", api.name, api.version);
                }
                Ok(diff) => {
                    let _ = writeln!(
                        out,
                        "{} {}: {} ({})",
                        api.name,
                        api.version,
                        diff.change,
                        diff.lints.join(", ")
                    );
                }
                Err(e) => {
                    let _ = writeln!(out, "{} {}: not compared: {e}", api.name, api.version);
                }
            }
        }
        let _ = writeln!(
            out,
            "required: {} -> the next release from {} is {}",
            self.required,
            self.released,
            self.next_version()
        );
        for problem in &self.problems {
            let _ = writeln!(out, "FAIL {problem}");
        }
        out
    }
}

/// The change a contract diff requires: breaking or possibly breaking changes a breaking release,
/// compatible ones an addition.
pub fn contract_change(report: &Report) -> Change {
    report
        .changes
        .iter()
        .map(|a| match a.change.severity {
            Severity::Error | Severity::Warning => Change::Breaking,
            Severity::Info => Change::Addition,
        })
        .max()
        .unwrap_or(Change::None)
}

/// The versions of the gated crates in the workspace at `root` (from `cargo metadata`).
pub fn crate_versions(root: &Path) -> Result<Vec<(&'static str, Version)>> {
    let stdout = crate::command::output(
        rust_api::cargo()
            .current_dir(root)
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--offline",
            ])
            .arg("--manifest-path")
            .arg(root.join("Cargo.toml")),
        "cargo metadata",
    )?;
    let metadata: serde_json::Value =
        serde_json::from_slice(&stdout).context("cargo metadata printed no JSON")?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    CRATES
        .iter()
        .map(|(name, _)| {
            let version = packages
                .iter()
                .find(|p| p["name"] == *name)
                .and_then(|p| p["version"].as_str())
                .with_context(|| format!("{name} is not a package of {}", root.display()))?;
            Ok((*name, version.parse()?))
        })
        .collect()
}

/// The contract of the tree at `current` against the release: its changes (assessed against the
/// tree's allow-list), the bump they require, and what fails the gate.
#[derive(Debug)]
pub struct ContractAssessment {
    /// The contract changes, assessed against the allow-list.
    pub report: Report,
    /// The largest contract change.
    pub change: Change,
    /// Breaking changes the allow-list does not accept, and an `info.version` that did not move
    /// far enough.
    pub problems: Vec<String>,
}

/// Assesses the contract of the tree at `current` (split into files or not) against the
/// released contract of `baseline`.
pub fn assess_contract(current: &Path, baseline: &Baseline) -> Result<ContractAssessment> {
    let spec = crate::spec::read_bundled(&current.join("spec/openapi.yaml"))?;
    let allow_path = current.join("spec/breaking-allow.yaml");
    let allow = if allow_path.exists() {
        AllowList::load(&allow_path)?
    } else {
        AllowList::new()
    };
    let released = diff::parse_document(&baseline.contract, &baseline.contract_name)?;
    let now = diff::parse_document(&spec, "spec/openapi.yaml")?;
    let report = Report::new(diff::diff(&released, &now)?, &allow);
    let mut problems: Vec<String> = report
        .failing(Severity::Error)
        .into_iter()
        .map(|change| {
            format!(
                "contract: breaking change {} at {} ({}) against {}, not accepted by \
                 spec/breaking-allow.yaml",
                change.id, change.pointer, change.message, baseline.contract_name
            )
        })
        .collect();
    let change = contract_change(&report);
    problems.extend(contract_version::problem(&released, &now, change));
    Ok(ContractAssessment {
        report,
        change,
        problems,
    })
}

/// The public Rust API of each gated crate of the tree at `current` against the release.
fn assess_apis(current: &Path, baseline: &Baseline, dirs: &Dirs) -> Result<Vec<CrateApi>> {
    rust_api::ensure_tool()?;
    let versions = crate_versions(current)?;
    let mut apis = Vec::new();
    for ((name, features), (_, version)) in CRATES.iter().zip(&versions) {
        let base_json = rust_api::json_path(&dirs.work, &baseline.label, name);
        if !base_json.exists() {
            rust_api::rustdoc_json(&baseline.root, name, features, &dirs.docs, &base_json)
                .with_context(|| format!("the release's {name} does not document"))?;
        }
        let current_json = rust_api::json_path(&dirs.work, "current", name);
        let diff = rust_api::rustdoc_json(current, name, features, &dirs.docs, &current_json)
            .and_then(|()| rust_api::compare(&base_json, &current_json))
            .map_err(|e| format!("{e:#}"));
        apis.push(CrateApi {
            name,
            version: *version,
            diff,
        });
    }
    Ok(apis)
}

/// Compares the tree at `current` (a scratch copy: see [`rust_api::rustdoc_json`]) with the
/// release: the contract and the public Rust API, the bump they require, and what fails the gate.
/// `sources_changed`: whether the crates' sources differ from the release at all (a fix at least).
pub fn assess(
    current: &Path,
    baseline: &Baseline,
    sources_changed: bool,
    dirs: &Dirs,
) -> Result<Assessment> {
    let contract = assess_contract(current, baseline)?;
    let apis = assess_apis(current, baseline, dirs)?;
    let mut problems = contract.problems;
    for api in &apis {
        if let Err(e) = &api.diff {
            let name = api.name;
            problems.push(format!(
                "{name}: cannot compare its API with the release: {e}"
            ));
        }
    }
    let api_change = apis
        .iter()
        .map(|api| {
            api.diff
                .as_ref()
                .map_or(Change::Breaking, |diff| diff.change)
        })
        .max()
        .unwrap_or(Change::None);
    let fix = if sources_changed {
        Change::Fix
    } else {
        Change::None
    };
    let required = contract.change.max(api_change).max(fix);
    let released = baseline.version;
    let changes: Vec<(&str, Version, Change)> = apis
        .iter()
        .map(|api| {
            let change = api.diff.as_ref().map_or(Change::None, |diff| diff.change);
            (api.name, api.version, change)
        })
        .collect();
    problems.extend(version_problems(released, required, &changes));
    Ok(Assessment {
        released,
        contract: contract.report,
        contract_change: contract.change,
        apis,
        sources_changed,
        required,
        problems,
    })
}

/// What is wrong with the crates' versions, given the released version, the bump the changes
/// require, and each crate's version and API change (from cargo-semver-checks).
pub fn version_problems(
    released: Version,
    required: Change,
    crates: &[(&str, Version, Change)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for &(name, version, api_change) in crates {
        match released.change_allowed_up_to(version) {
            None if version < released => problems.push(format!(
                "{name} {version} is older than the release {released}"
            )),
            None if api_change == Change::Breaking => problems.push(format!(
                "{name}: breaking API change while its version is still the released {released}: \
                 bump the workspace version to {} with the change",
                released.bumped(Change::Breaking)
            )),
            None => {}
            Some(allowed) if allowed < required => problems.push(format!(
                "{name} {version} carries a {allowed} bump from {released}, the changes need {} \
                 ({})",
                required,
                released.bumped(required)
            )),
            Some(_) => {}
        }
    }
    problems
}

use crate::command::git;

/// The sources of `revision`, extracted once under `dirs.work`.
fn checkout(root: &Path, revision: &str, dirs: &Dirs) -> Result<PathBuf> {
    let tree = dirs.work.join(revision).join("tree");
    let done = tree.join(".extracted");
    if done.exists() {
        return Ok(tree);
    }
    let _ = std::fs::remove_dir_all(&tree);
    std::fs::create_dir_all(&tree).with_context(|| format!("cannot create {}", tree.display()))?;
    let archive = crate::command::output(
        Command::new("git")
            .current_dir(root)
            .args(["archive", "--format=tar", revision]),
        &format!("git archive {revision} (is the release revision fetched?)"),
    )?;
    let mut tar = Command::new("tar")
        .current_dir(&tree)
        .args(["-x", "-f", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("cannot run tar")?;
    if let Some(mut stdin) = tar.stdin.take() {
        use std::io::Write as _;
        stdin.write_all(&archive).context("cannot feed tar")?;
    }
    if !tar.wait().context("tar failed")?.success() {
        bail!("cannot extract {revision} into {}", tree.display());
    }
    std::fs::write(&done, revision).context("cannot mark the extraction done")?;
    Ok(tree)
}

/// The files whose change is a change of the released crates.
const CRATE_SOURCES: &[&str] = &[
    "sessions-api-gen",
    "sessions-api/src",
    "sessions-api/Cargo.toml",
    "spec/openapi.yaml",
    "Cargo.toml",
];

/// `cargo xtask release-check`.
pub fn run_check() -> Result<ExitCode> {
    let root = workspace::root();
    let record = Record::load(&root)?;
    let dirs = Dirs::for_workspace(&root);
    let tree = checkout(&root, &record.revision, &dirs)?;
    let contract_path = root.join(&record.contract);
    // rustdoc's JSON format follows the toolchain: a cached baseline is kept per toolchain.
    let toolchain = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let toolchain: String = toolchain
        .split_whitespace()
        .nth(1)
        .unwrap_or("unknown")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let baseline = Baseline {
        root: tree,
        label: format!("{}-rustc-{toolchain}", record.revision),
        version: record.version.parse()?,
        contract: crate::spec::read_bundled(&contract_path)?,
        contract_name: record.contract.clone(),
    };
    let mut diff_args = vec!["diff", "--quiet", &record.revision, "--"];
    diff_args.extend(CRATE_SOURCES);
    let sources_changed = git(&root, &diff_args).is_err();
    println!(
        "release gate: {} against the release {} ({}, contract {})",
        root.display(),
        record.version,
        &record.revision,
        record.contract
    );
    // The developer's tree is documented through a copy (see `crate::scratch`).
    let current = dirs.work.join("current-tree");
    crate::scratch::mirror(&root, &current, &crate::scratch::workspace_files(&root)?)?;
    let assessment = assess(&current, &baseline, sources_changed, &dirs)?;
    print!("{}", assessment.render());
    Ok(if assessment.passed() {
        println!("release gate passed");
        ExitCode::SUCCESS
    } else {
        println!(
            "release gate failed: {} problem(s)",
            assessment.problems.len()
        );
        ExitCode::FAILURE
    })
}

/// `cargo xtask release-record`: records `revision` (default `HEAD`) as the last release, with the
/// crates' current version, and makes its contract the baseline.
pub fn run_record(revision: Option<&str>) -> Result<ExitCode> {
    let root = workspace::root();
    let revision = git(
        &root,
        &["rev-parse", "--verify", revision.unwrap_or("HEAD")],
    )?;
    let versions = crate_versions(&root)?;
    let version = versions[0].1;
    if versions.iter().any(|(_, v)| *v != version) {
        bail!("the crates have different versions: {versions:?}");
    }
    let contract = crate::spec::read_at_revision(&root, &revision)?;
    let baseline_path = diff::baseline_path();
    std::fs::write(&baseline_path, format!("{}\n", contract.trim_end()))
        .with_context(|| format!("cannot write {}", baseline_path.display()))?;
    let record = Record {
        version: version.to_string(),
        revision: revision.clone(),
        contract: workspace::display(&baseline_path),
    };
    let text = format!(
        "# The last release, read by `cargo xtask release-check`; written by `cargo xtask \
         release-record`.\n{}",
        serde_yaml_ng::to_string(&record)?
    );
    std::fs::write(root.join(RECORD_FILE), text).context("cannot write the release record")?;
    println!(
        "recorded the release {version} at {revision}; {} is its contract. Empty \
         spec/breaking-allow.yaml of the entries this release shipped, then commit.",
        record.contract
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().expect("a version")
    }

    #[test]
    fn a_breaking_api_change_fails_until_the_version_carries_it() {
        let breaking = [("sessions-api-gen", v("0.2.0"), Change::Breaking)];
        let problems = version_problems(v("0.2.0"), Change::Breaking, &breaking);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("0.3.0"), "{problems:?}");
        let patch = [("sessions-api-gen", v("0.2.1"), Change::Breaking)];
        assert_eq!(
            version_problems(v("0.2.0"), Change::Breaking, &patch).len(),
            1
        );
        let bumped = [("sessions-api-gen", v("0.3.0"), Change::Breaking)];
        assert!(version_problems(v("0.2.0"), Change::Breaking, &bumped).is_empty());
    }

    #[test]
    fn compatible_changes_pass_unbumped_and_with_a_patch() {
        for version in ["0.2.0", "0.2.1", "0.3.0"] {
            let crates = [("sessions-api", v(version), Change::None)];
            assert!(version_problems(v("0.2.0"), Change::Addition, &crates).is_empty());
        }
        let older = [("sessions-api", v("0.1.9"), Change::None)];
        assert_eq!(version_problems(v("0.2.0"), Change::None, &older).len(), 1);
    }

    #[test]
    fn possibly_breaking_contract_changes_need_a_breaking_release() {
        use crate::diff::{Change as ContractChange, checks};
        let report = |check: &checks::Check| {
            Report::new(
                vec![ContractChange::new(check, "#/x", "x")],
                &AllowList::new(),
            )
        };
        assert_eq!(
            contract_change(&report(&checks::OPERATION_ID_CHANGED)),
            Change::Breaking
        );
        assert_eq!(
            contract_change(&report(&checks::RESPONSE_PROPERTY_ADDED)),
            Change::Addition
        );
        assert_eq!(
            contract_change(&Report::new(Vec::new(), &AllowList::new())),
            Change::None
        );
    }
}
