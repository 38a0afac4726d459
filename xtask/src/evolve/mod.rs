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
    let selected: Vec<Edit> = edits::ALL
        .iter()
        .filter(|e| args.only.is_empty() || args.only.iter().any(|o| e.name.contains(o.as_str())))
        .copied()
        .collect();
    if args.list {
        for edit in &selected {
            println!(
                "{:<36} {:<10} {}",
                edit.name,
                format!("{:?}", edit.expect),
                edit.summary
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if selected.is_empty() {
        bail!("no edit matches {:?}", args.only);
    }
    rust_api::ensure_tool()?;
    let started = Instant::now();
    let root = workspace::root();
    let workspace_dirs = Dirs::for_workspace(&root);
    let scratch = workspace_dirs.target.join("evolve");
    // The scratch copies build in a target directory of their own (never the workspace's: its
    // units would be shared with the copies, see `crate::scratch`); rustdoc JSON builds go to the
    // gate's directory like `cargo xtask release-check`'s.
    let dirs = Dirs {
        target: scratch.join("target"),
        work: scratch.join("gate"),
        ..workspace_dirs
    };
    // The unedited copy's API is documented afresh on every run.
    let _ = std::fs::remove_dir_all(&dirs.work);
    let base = scratch.join("base");
    let work = scratch.join("work");
    let files = workspace_files(&root)?;
    mirror(&root, &base, &files)?;
    let spec_text = std::fs::read_to_string(base.join("spec/openapi.yaml"))
        .context("cannot read the unedited contract")?;
    let versions = release::crate_versions(&base)?;
    let baseline = Baseline {
        root: base.clone(),
        label: "unedited".into(),
        version: versions[0].1,
        contract: spec_text.clone(),
        contract_name: "the unedited spec/openapi.yaml".into(),
    };
    println!(
        "evolution corpus: {} edit(s) on a scratch copy in {}",
        selected.len(),
        workspace::display(&scratch)
    );
    let mut outcomes = Vec::new();
    for edit in selected {
        let begun = Instant::now();
        mirror(&base, &work, &files)?;
        let mut outcome = match try_edit(&edit, &spec_text, &work, &baseline, &dirs) {
            Ok(outcome) => outcome,
            Err(e) => Outcome {
                edit,
                problems: vec![format!("{e:#}")],
                summary: "could not run".into(),
                took: Duration::ZERO,
            },
        };
        outcome.took = begun.elapsed();
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
        outcomes.push(outcome);
    }
    // Leave the scratch copy unedited.
    mirror(&base, &work, &files)?;
    let failed = outcomes.iter().filter(|o| !o.problems.is_empty()).count();
    println!(
        "evolution corpus: {} of {} edit(s) came out as expected in {:.0?}",
        outcomes.len() - failed,
        outcomes.len(),
        started.elapsed()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn try_edit(
    edit: &Edit,
    spec_text: &str,
    work: &Path,
    baseline: &Baseline,
    dirs: &Dirs,
) -> Result<Outcome> {
    let mut problems = Vec::new();
    let mut doc = spec::parse_yaml(spec_text)?;
    (edit.apply)(&mut doc).with_context(|| format!("cannot apply {}", edit.name))?;
    let text = serde_yaml_ng::to_string(&doc)?;
    std::fs::write(work.join("spec/openapi.yaml"), &text).context("cannot write the edit")?;

    if edit.expect == Expect::Compatible {
        // The edit itself is a valid contract: lint-clean, its examples and the example payloads
        // valid (what `cargo xtask check` asks of the contract).
        let mut findings = lint::lint(&doc);
        findings.extend(examples::check_spec(&doc));
        findings.extend(examples::check_dir(&doc, &work.join("spec/examples"))?);
        for finding in findings {
            problems.push(format!(
                "the edited contract does not pass the checks: {finding}"
            ));
        }
    }

    // `cargo xtask codegen`, in-process.
    let generated = codegen::generate(&text).map_err(anyhow::Error::msg)?;
    codegen::write_client(work, &generated).context("cannot write the client")?;

    let mut timings = String::new();
    if edit.expect == Expect::Compatible {
        let begun = Instant::now();
        let output = rust_api::cargo()
            .current_dir(work)
            .env("CARGO_TARGET_DIR", &dirs.target)
            .args(["check", "--workspace", "--all-targets", "--quiet"])
            .output()
            .context("cannot run cargo check")?;
        if !output.status.success() {
            problems.push(format!(
                "`cargo check --workspace --all-targets` fails after regenerating:\n{}",
                rust_api::tail(&String::from_utf8_lossy(&output.stderr), 30)
            ));
        }
        let _ = write!(timings, "check {:.0?}, ", begun.elapsed());
    }

    let begun = Instant::now();
    let assessment = release::assess(work, baseline, true, dirs)?;
    let _ = write!(timings, "gate {:.0?}", begun.elapsed());
    let lints: BTreeSet<&str> = assessment
        .apis
        .iter()
        .filter_map(|api| api.diff.as_ref().ok())
        .flat_map(|diff| diff.lints.iter().map(String::as_str))
        .collect();
    let unbuilt: Vec<&str> = assessment
        .apis
        .iter()
        .filter(|api| api.diff.is_err())
        .map(|api| api.name)
        .collect();
    let mut summary = format!(
        "contract {}, API {}",
        assessment.contract_change,
        assessment
            .apis
            .iter()
            .filter_map(|api| api.diff.as_ref().ok().map(|d| d.change))
            .max()
            .unwrap_or(Change::None)
    );
    if !lints.is_empty() {
        let _ = write!(
            summary,
            " [{}]",
            lints.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    if !unbuilt.is_empty() {
        let _ = write!(summary, " [does not build: {}]", unbuilt.join(", "));
    }
    let _ = write!(
        summary,
        "; requires {} -> {}; gate {}",
        assessment.required,
        assessment.next_version(),
        if assessment.passed() {
            "passes"
        } else {
            "fails"
        }
    );
    let _ = write!(summary, " [{timings}]");
    match edit.expect {
        Expect::Compatible => {
            if assessment.required > Change::Addition {
                problems.push(format!(
                    "needs a {} release:\n{}",
                    assessment.required,
                    assessment.render()
                ));
            } else if !assessment.passed() {
                problems.push(format!("the gate fails:\n{}", assessment.render()));
            }
        }
        Expect::Breaking => {
            if assessment.required != Change::Breaking || assessment.passed() {
                problems.push(format!(
                    "not judged breaking by the gate:\n{}",
                    assessment.render()
                ));
            }
        }
    }
    Ok(Outcome {
        edit: *edit,
        problems,
        summary,
        took: Duration::ZERO,
    })
}
