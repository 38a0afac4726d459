//! Breaking-change detection between two OpenAPI 3.0 documents (`cargo xtask diff`, and step 5 of
//! `cargo xtask check` against `spec/baseline.yaml`).
//!
//! Both documents are normalized first ([`resolve`]): local `$ref`s are inlined (so moving a schema
//! into `components` changes nothing), `allOf` members are merged, annotations (descriptions,
//! examples, `x-*` other than `x-extensible-enum`) are ignored, key order and formatting do not
//! matter. Operations are matched by path template (parameter names erased) and method;
//! parameters by location and name, with renames and moves recognized; schemas recursively, with
//! the direction in mind: tightening matters on the request side, loosening on the response side.
//!
//! Every change has a stable id with a fixed severity: `error` = breaking, `warning` = possibly
//! breaking, `info` = compatible. Pointers name the new document (the old one for removals),
//! through references.
//!
//! The catalogue is [`checks::ALL`]; the table in `docs/contract-tooling.md` is generated from it
//! by `cargo xtask codegen` (and checked by `cargo xtask check`), with the reason wherever the
//! project classifies a change differently from common tools on purpose.
//!
//! A document that cannot be judged (unreadable, not YAML, not OpenAPI, a reference that points
//! to nothing or only to other references) is an error, which `cargo xtask diff` reports with exit
//! code 2; changes at or above `--fail-on` give 1; anything else 0.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::Value;

pub use crate::report::Format;
use crate::report::{self, Severity};
use crate::spec::parse_yaml;
use crate::workspace;

pub mod allow;
pub mod checks;
pub mod classify;
pub mod markdown;
pub mod output;
pub mod resolve;
pub mod schema;
pub mod sunset;

pub use allow::AllowList;
pub use checks::Check;
pub use output::Report;

/// One change between two contracts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The stable check id (see [`checks::ALL`]).
    pub id: &'static str,
    /// The check's severity.
    pub severity: Severity,
    /// JSON pointer into the new document (the old one for removals), through references.
    pub pointer: String,
    /// One line: what changed.
    pub message: String,
}

impl Change {
    /// A change of kind `check` at `pointer`.
    pub fn new(check: &Check, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            id: check.id,
            severity: check.severity,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// The changes found so far.
pub type Changes = Vec<Change>;

/// Every change from `old` to `new`, most severe first, then by pointer and id.
pub fn diff(old: &Value, new: &Value) -> Result<Vec<Change>> {
    let old = resolve::inline_refs(old).context("the old document")?;
    let new = resolve::inline_refs(new).context("the new document")?;
    let mut changes = Vec::new();
    classify::document(&old, &new, &mut changes);
    changes.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.id.cmp(b.id))
            .then_with(|| a.message.cmp(&b.message))
    });
    changes.dedup();
    Ok(changes)
}

/// Parses YAML or JSON text as an OpenAPI document; `origin` names it in errors.
pub fn parse_document(text: &str, origin: &str) -> Result<Value> {
    let doc = parse_yaml(text).with_context(|| format!("{origin} is not valid YAML or JSON"))?;
    if !doc.is_object() || doc.get("openapi").is_none() {
        bail!("{origin} is not an OpenAPI document (no `openapi` field)");
    }
    Ok(doc)
}

/// Where the old contract comes from.
#[derive(Debug, Clone)]
pub enum Base {
    /// A file (`spec/baseline.yaml` by default).
    File(PathBuf),
    /// `spec/openapi.yaml` as committed at a git revision.
    GitRef(String),
}

impl Base {
    /// Reads the old contract, with the files it references bundled in: its text and a name
    /// for messages.
    pub fn load(&self) -> Result<(String, String)> {
        match self {
            Base::File(path) => Ok((crate::spec::read_bundled(path)?, workspace::display(path))),
            Base::GitRef(reference) => Ok((
                crate::spec::read_at_revision(&workspace::root(), reference)?,
                format!("{reference}:spec/openapi.yaml"),
            )),
        }
    }
}

/// The default allow-list file.
pub fn allow_file_path() -> PathBuf {
    workspace::root().join("spec/breaking-allow.yaml")
}

/// The default baseline.
pub fn baseline_path() -> PathBuf {
    workspace::root().join("spec/baseline.yaml")
}

/// `cargo xtask diff OLD NEW`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The old contract (YAML or JSON).
    pub old: PathBuf,
    /// The new contract (YAML or JSON).
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Accept changes with this check id (`ID` or `ID@POINTER`); repeatable.
    #[arg(long = "allow", value_name = "ID[@POINTER]")]
    pub allow: Vec<String>,
    /// An allow-list file (`allow: [{id, pointer, reason}]`).
    #[arg(long, value_name = "FILE")]
    pub allow_file: Option<PathBuf>,
    /// Fail on changes at or above this severity that are not allowed.
    #[arg(long, default_value = "error")]
    pub fail_on: Severity,
}

/// Diffs two files and assesses the changes against an allow-list.
pub fn diff_texts(old: (&str, &str), new: (&str, &str), allow: &AllowList) -> Result<Report> {
    let old_doc = parse_document(old.0, old.1)?;
    let new_doc = parse_document(new.0, new.1)?;
    let version = crate::release::contract_version::info_version;
    Ok(Report::new(diff(&old_doc, &new_doc)?, allow)
        .with_info_versions(version(&old_doc), version(&new_doc)))
}

/// A document with the files it references bundled in.
fn read(path: &Path) -> Result<String> {
    crate::spec::read_bundled(path)
}

/// Runs `cargo xtask diff`: prints the report; exit code 1 on changes that are not allowed at or
/// above `--fail-on`, 0 otherwise (an error, which the caller turns into exit code 2, when a
/// document cannot be judged).
pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    let mut allow = match &args.allow_file {
        Some(path) => AllowList::load(path)?,
        None => AllowList::new(),
    };
    for flag in &args.allow {
        allow.allow_flag(flag)?;
    }
    let (old_text, new_text) = (read(&args.old)?, read(&args.new)?);
    let new_name = args.new.display().to_string();
    let report = diff_texts(
        (&old_text, &args.old.display().to_string()),
        (&new_text, &new_name),
        &allow,
    )?
    .with_source(&new_name, &new_text);
    report::emit(&report, args.format, args.fail_on)
}
