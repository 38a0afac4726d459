//! `cargo xtask check`: every check of the contract, each reported with a rule id and a pointer.

use std::process::ExitCode;

use anyhow::Result;

use crate::diff::Base;
use crate::report::Finding;
use crate::spec::Spec;
use crate::workspace;

pub mod breaking;
pub mod examples;
pub mod lint;
pub mod snapshot;
pub mod walk;

/// Runs the five checks and prints every finding; fails if there is any. `base` is the released
/// contract that step 5 compares against.
pub fn run(base: &Base) -> Result<ExitCode> {
    let spec_path = workspace::spec_path();
    let spec = Spec::load(&spec_path)?;
    let spec_name = workspace::display(&spec_path);
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

    for finding in &findings {
        eprintln!("{finding}");
    }
    if findings.is_empty() {
        println!("contract check passed");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("contract check failed: {} finding(s)", findings.len());
        Ok(ExitCode::FAILURE)
    }
}

fn step(name: &str, findings: &[Finding], before: usize) {
    let new = findings.len() - before;
    if new == 0 {
        println!("ok   {name}");
    } else {
        println!("FAIL {name}: {new} finding(s)");
    }
}
