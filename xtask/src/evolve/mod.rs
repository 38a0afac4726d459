//! `cargo xtask evolve`: the evolution corpus. Each contract edit of [`edits::ALL`] is applied to a
//! scratch copy of the workspace (under the target directory), the client is regenerated, every
//! target is checked (`cargo check --workspace --all-targets`, compatible edits only), and the
//! release gate runs against the unedited copy: a compatible edit must need no more than a
//! compatible release and pass the gate; a breaking one must need a breaking release and fail it.
//!
//! One scratch copy is reused from edit to edit (only the files an edit changed are rewritten, so
//! cargo rebuilds only what depends on them) with one target directory under
//! `target/evolve/target`, so dependencies compile once and stay compiled between runs.

pub mod edits;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::check::{examples, lint};
use crate::release::{self, Baseline, Change, Dirs, rust_api};
use crate::scratch::{mirror, workspace_files};
use crate::{codegen, spec, workspace};
use edits::{Edit, Expect};

/// `cargo xtask evolve`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvolveArgs {
    /// Run only the edits whose name contains this text (repeatable).
    #[arg(long = "only", value_name = "TEXT")]
    pub only: Vec<String>,
    /// List the edits and exit.
    #[arg(long)]
    pub list: bool,
}

/// What one edit came out as.
#[derive(Debug)]
pub struct Outcome {
    /// The edit.
    pub edit: Edit,
    /// Why it did not come out as expected; empty when it did.
    pub problems: Vec<String>,
    /// One line: the contract change, the API lints, the required bump, the gate's verdict.
    pub summary: String,
    /// How long it took.
    pub took: Duration,
}

/// Runs the corpus.
pub fn run(args: &EvolveArgs) -> Result<ExitCode> {
    let selected = select(args);
    if args.list {
        list(&selected);
        return Ok(ExitCode::SUCCESS);
    }
    if selected.is_empty() {
        bail!("no edit matches {:?}", args.only);
    }
    rust_api::ensure_tool()?;
    let started = Instant::now();
    let corpus = Corpus::prepare()?;
    println!(
        "evolution corpus: {} edit(s) on a scratch copy in {}",
        selected.len(),
        workspace::display(&corpus.scratch)
    );
    let mut outcomes = Vec::new();
    for edit in selected {
        let outcome = corpus.run_one(edit)?;
        print_outcome(&outcome);
        outcomes.push(outcome);
    }
    // Leave the scratch copy unedited.
    mirror(&corpus.base, &corpus.work, &corpus.files)?;
    let failed = outcomes.iter().filter(|o| !o.problems.is_empty()).count();
    println!(
        "evolution corpus: {} of {} edit(s) came out as expected in {:.0?}",
        outcomes.len() - failed,
        outcomes.len(),
        started.elapsed()
    );
    Ok(crate::report::verdict(failed > 0))
}

/// The edits `--only` selects (all without it).
fn select(args: &EvolveArgs) -> Vec<Edit> {
    edits::ALL
        .iter()
        .filter(|e| args.only.is_empty() || args.only.iter().any(|o| e.name.contains(o.as_str())))
        .copied()
        .collect()
}

fn list(selected: &[Edit]) {
    for edit in selected {
        println!(
            "{:<36} {:<10} {}",
            edit.name,
            format!("{:?}", edit.expect),
            edit.summary
        );
    }
}

fn print_outcome(outcome: &Outcome) {
    println!(
        "{} {:<36} {:<10} {} ({:.0?})",
        if outcome.problems.is_empty() {
            "ok  "
        } else {
            "FAIL"
        },
        outcome.edit.name,
        format!("{:?}", outcome.edit.expect),
        outcome.summary,
        outcome.took
    );
    for problem in &outcome.problems {
        println!("       {}", problem.replace('\n', "\n       "));
    }
}

/// The scratch copies the corpus works in, and the unedited release it gates against.
struct Corpus {
    /// Holds both copies and their target directory.
    scratch: std::path::PathBuf,
    /// The unedited copy.
    base: std::path::PathBuf,
    /// The copy each edit is applied to.
    work: std::path::PathBuf,
    /// The workspace's files.
    files: Vec<std::path::PathBuf>,
    dirs: Dirs,
    /// The unedited contract, bundled into one document.
    spec_text: String,
    baseline: Baseline,
}

impl Corpus {
    fn prepare() -> Result<Self> {
        let root = workspace::root();
        let workspace_dirs = Dirs::for_workspace(&root);
        let scratch = workspace_dirs.target.join("evolve");
        // The scratch copies build in a target directory of their own (never the workspace's:
        // its units would be shared with the copies, see `crate::scratch`); rustdoc JSON builds
        // go to the gate's directory like `cargo xtask release-check`'s.
        let dirs = Dirs {
            target: scratch.join("target"),
            work: scratch.join("gate"),
            ..workspace_dirs
        };
        // The unedited copy's API is documented afresh on every run.
        let _ = std::fs::remove_dir_all(&dirs.work);
        let base = scratch.join("base");
        let files = workspace_files(&root)?;
        mirror(&root, &base, &files)?;
        let spec_text = spec::read_bundled(&base.join("spec/openapi.yaml"))
            .context("cannot read the unedited contract")?;
        let versions = release::crate_versions(&base)?;
        let baseline = Baseline {
            root: base.clone(),
            label: "unedited".into(),
            version: versions[0].1,
            contract: spec_text.clone(),
            contract_name: "the unedited spec/openapi.yaml".into(),
        };
        Ok(Self {
            work: scratch.join("work"),
            scratch,
            base,
            files,
            dirs,
            spec_text,
            baseline,
        })
    }

    /// Applies `edit` to a fresh copy of the unedited workspace and judges it.
    fn run_one(&self, edit: Edit) -> Result<Outcome> {
        let begun = Instant::now();
        mirror(&self.base, &self.work, &self.files)?;
        let mut outcome = self.try_edit(&edit).unwrap_or_else(|e| Outcome {
            edit,
            problems: vec![format!("{e:#}")],
            summary: "could not run".into(),
            took: Duration::ZERO,
        });
        outcome.took = begun.elapsed();
        Ok(outcome)
    }

    fn try_edit(&self, edit: &Edit) -> Result<Outcome> {
        let (doc, text) = write_edit(edit, &self.spec_text, &self.work)?;
        let mut problems = Vec::new();
        if edit.expect == Expect::Compatible {
            problems.extend(contract_problems(&doc, &self.work)?);
        }
        regenerate(&text, &self.work)?;
        let mut timings = String::new();
        if edit.expect == Expect::Compatible {
            let begun = Instant::now();
            problems.extend(cargo_check(&self.work, &self.dirs));
            let _ = write!(timings, "check {:.0?}, ", begun.elapsed());
        }
        let begun = Instant::now();
        let assessment = release::assess(&self.work, &self.baseline, true, &self.dirs)?;
        let _ = write!(timings, "gate {:.0?}", begun.elapsed());
        problems.extend(judge(edit.expect, &assessment));
        Ok(Outcome {
            edit: *edit,
            problems,
            summary: format!("{} [{timings}]", summarize(&assessment)),
            took: Duration::ZERO,
        })
    }
}

/// Applies `edit` to the unedited contract and writes it into `work`: the edited document and its
/// text. With a compatible edit the contract's `info.version` moves a minor step, as its author
/// would move it (the gate asks for that); a breaking edit leaves it, and the gate says which
/// version it needs.
fn write_edit(edit: &Edit, spec_text: &str, work: &Path) -> Result<(Value, String)> {
    let mut doc = spec::parse_yaml(spec_text)?;
    (edit.apply)(&mut doc).with_context(|| format!("cannot apply {}", edit.name))?;
    if edit.expect == Expect::Compatible {
        bump_info_version(&mut doc, Change::Addition)?;
    }
    let text = serde_yaml_ng::to_string(&doc)?;
    std::fs::write(work.join("spec/openapi.yaml"), &text).context("cannot write the edit")?;
    Ok((doc, text))
}

fn bump_info_version(doc: &mut Value, change: Change) -> Result<()> {
    let version = doc
        .pointer_mut("/info/version")
        .context("the contract has no info.version")?;
    let current: release::Version = version
        .as_str()
        .context("info.version is not a string")?
        .parse()?;
    *version = Value::String(current.bumped(change).to_string());
    Ok(())
}

/// The edited contract is a valid contract: lint-clean, its examples and the example payloads
/// valid (what `cargo xtask check` asks of the contract).
fn contract_problems(doc: &Value, work: &Path) -> Result<Vec<String>> {
    let mut findings = lint::lint(doc);
    findings.extend(examples::check_spec(doc));
    findings.extend(examples::check_dir(doc, &work.join("spec/examples"))?);
    Ok(findings
        .into_iter()
        .map(|finding| format!("the edited contract does not pass the checks: {finding}"))
        .collect())
}

/// `cargo xtask codegen`, in-process: the committed client of `work` follows the edited contract.
fn regenerate(text: &str, work: &Path) -> Result<()> {
    let generated = codegen::generate(text).map_err(anyhow::Error::msg)?;
    codegen::write_client(work, &generated).context("cannot write the client")?;
    Ok(())
}

/// Every target of `work` still compiles.
fn cargo_check(work: &Path, dirs: &Dirs) -> Option<String> {
    crate::command::output(
        rust_api::cargo()
            .current_dir(work)
            .env("CARGO_TARGET_DIR", &dirs.target)
            .args(["check", "--workspace", "--all-targets", "--quiet"]),
        "`cargo check --workspace --all-targets`",
    )
    .err()
    .map(|error| format!("{error:#} (after regenerating)"))
}

/// One line: the contract change, the API lints, the required bump, the gate's verdict.
fn summarize(assessment: &release::Assessment) -> String {
    let apis = || assessment.apis.iter();
    let lints: BTreeSet<&str> = apis()
        .filter_map(|api| api.diff.as_ref().ok())
        .flat_map(|diff| diff.lints.iter().map(String::as_str))
        .collect();
    let unbuilt: Vec<&str> = apis()
        .filter(|api| api.diff.is_err())
        .map(|api| api.name)
        .collect();
    let api_change = apis()
        .filter_map(|api| api.diff.as_ref().ok().map(|d| d.change))
        .max()
        .unwrap_or(Change::None);
    let mut summary = format!("contract {}, API {api_change}", assessment.contract_change);
    if !lints.is_empty() {
        let lints: Vec<&str> = lints.into_iter().collect();
        let _ = write!(summary, " [{}]", lints.join(", "));
    }
    if !unbuilt.is_empty() {
        let _ = write!(summary, " [does not build: {}]", unbuilt.join(", "));
    }
    let verdict = if assessment.passed() {
        "passes"
    } else {
        "fails"
    };
    let _ = write!(
        summary,
        "; requires {} -> {}; gate {verdict}",
        assessment.required,
        assessment.next_version(),
    );
    summary
}

/// Why the gate's assessment is not what the edit expects; `None` when it is.
fn judge(expect: Expect, assessment: &release::Assessment) -> Option<String> {
    match expect {
        Expect::Compatible if assessment.required > Change::Addition => Some(format!(
            "needs a {} release:\n{}",
            assessment.required,
            assessment.render()
        )),
        Expect::Compatible if !assessment.passed() => {
            Some(format!("the gate fails:\n{}", assessment.render()))
        }
        Expect::Breaking if assessment.required != Change::Breaking || assessment.passed() => Some(
            format!("not judged breaking by the gate:\n{}", assessment.render()),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compatible_edits_move_the_contract_version_a_minor_step() {
        let mut doc = json!({"info": {"version": "1.4.2"}});
        bump_info_version(&mut doc, Change::Addition).expect("bumps");
        assert_eq!(doc.pointer("/info/version"), Some(&json!("1.5.0")));
        assert!(bump_info_version(&mut json!({}), Change::Addition).is_err());
    }
}
