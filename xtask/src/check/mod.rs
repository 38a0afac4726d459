//! `cargo xtask check`: every check of the contract, each reported with a rule id and a pointer.

use std::process::ExitCode;

use anyhow::Result;

use crate::report::Finding;
use crate::spec::Spec;
use crate::workspace;

pub mod examples;
pub mod lint;
pub mod snapshot;
pub mod walk;

/// Runs the four checks and prints every finding; fails if there is any.
pub fn run() -> Result<ExitCode> {
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
