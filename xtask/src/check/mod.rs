//! `cargo xtask check`: every check of the contract, each reported with a rule id and a pointer.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::codegen;
use crate::diff::Base;
use crate::report::{self, Finding};
use crate::spec::Spec;
use crate::workspace;

pub mod breaking;
pub mod examples;
pub mod lint;
pub mod snapshot;
pub mod walk;

/// Runs the six checks and prints every finding. `base` is the released contract that step 5
/// compares against. Exit code 0 when all pass, 1 with findings; an error (exit code 2) when the
/// contract, its baseline or the documentation cannot be read or judged.
pub fn run(base: &Base) -> Result<ExitCode> {
    run_spec(&workspace::spec_path(), base)
}

/// [`run`] for the contract at `spec_path` (split into several files or not), checked against
/// this workspace's example payloads, snapshot and documentation.
pub fn run_spec(spec_path: &Path, base: &Base) -> Result<ExitCode> {
    let spec = Spec::load(spec_path)?;
    let spec_name = workspace::display(spec_path);
    let mut findings = Vec::new();

    // 1. The document parses as OpenAPI 3.0.
    if let Err(e) = spec.openapi() {
        findings.push(Finding::new(
            "openapi-parse",
            format!("{spec_name}#"),
            format!("not an OpenAPI 3.0 document: {e}"),
        ));
    }
    step("parse", &findings, 0);

    // 2. Lint rules.
    let before = findings.len();
    findings.extend(lint::lint(&spec.raw));
    step("lint", &findings, before);

    // 3. Examples against their schemas.
    let before = findings.len();
    findings.extend(examples::check_spec(&spec.raw));
    findings.extend(examples::check_dir(&spec.raw, &workspace::examples_dir())?);
    step("examples", &findings, before);

    // 4. The committed snapshot is what the current spec and settings generate.
    let before = findings.len();
    findings.extend(snapshot::check(&spec.text));
    step("snapshot", &findings, before);

    // 5. No breaking change against the released contract, unless allow-listed.
    let before = findings.len();
    let (report, breaking) = breaking::check(&spec.text, base)?;
    findings.extend(breaking);
    step("breaking", &findings, before);
    for assessed in &report.changes {
        let change = &assessed.change;
        let breaking_unallowed =
            assessed.allowed.is_none() && change.severity == crate::report::Severity::Error;
        if !breaking_unallowed {
            let allowed = assessed
                .allowed
                .as_deref()
                .map(|reason| format!(" [allowed: {reason}]"))
                .unwrap_or_default();
            println!(
                "note {}[{}] {}: {}{allowed}",
                change.severity, change.id, change.pointer, change.message
            );
        }
    }

    // 6. The check tables of the documentation are what the catalogues generate.
    let before = findings.len();
    let docs_path = codegen::docs_path();
    let docs_name = workspace::display(&docs_path);
    let docs =
        std::fs::read_to_string(&docs_path).with_context(|| format!("cannot read {docs_name}"))?;
    findings.extend(codegen::check_docs(&docs, &docs_name));
    step("docs", &findings, before);

    for finding in &findings {
        eprintln!("{finding}");
    }
    if findings.is_empty() {
        println!("contract check passed");
    } else {
        eprintln!("contract check failed: {} finding(s)", findings.len());
    }
    Ok(report::verdict(!findings.is_empty()))
}

fn step(name: &str, findings: &[Finding], before: usize) {
    let new = findings.len() - before;
    if new == 0 {
        println!("ok   {name}");
    } else {
        println!("FAIL {name}: {new} finding(s)");
    }
}
