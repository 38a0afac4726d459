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
//! Every change has a stable id with a fixed severity, listed in [`checks::ALL`] (and in the
//! README): `error` = breaking, `warning` = possibly breaking, `info` = compatible. Pointers name
//! the new document (the old one for removals), through references.
//!
//! | id | severity | meaning |
//! |---|---|---|
//! | `path-removed` | error | a path and all its operations were removed |
//! | `path-added` | info | a path was added |
//! | `operation-removed` | error | an operation was removed from a path that remains |
//! | `operation-added` | info | an operation was added |
//! | `operation-method-changed` | error | an operation moved to another HTTP method |
//! | `operation-id-changed` | warning | the operationId changed (generated clients rename the method) |
//! | `operation-deprecated` | info | an operation was marked deprecated |
//! | `parameter-added-required` | error | a required parameter was added |
//! | `parameter-added-optional` | info | an optional parameter was added |
//! | `parameter-removed` | warning | a parameter was removed (the server ignores or rejects what clients still send) |
//! | `parameter-renamed` | error | a query, header or cookie parameter was renamed (same location and schema) |
//! | `path-parameter-renamed` | warning | a path parameter was renamed: the URL is unchanged, generated code renames it |
//! | `parameter-moved` | error | a parameter moved to another location (query, path, header, cookie) |
//! | `parameter-made-required` | error | an optional parameter became required |
//! | `parameter-made-optional` | info | a required parameter became optional |
//! | `parameter-style-changed` | error | the serialization (style or explode) of a parameter changed |
//! | `request-body-added-required` | error | a required request body was added |
//! | `request-body-added` | info | an optional request body was added |
//! | `request-body-removed` | warning | the request body was removed |
//! | `request-body-made-required` | error | an optional request body became required |
//! | `request-body-made-optional` | info | a required request body became optional |
//! | `request-media-type-removed` | error | a request media type is no longer accepted |
//! | `request-media-type-added` | info | a request media type was added |
//! | `request-type-changed` | error | the type of a request value changed |
//! | `request-type-widened` | info | a request value accepts a wider type (integer to number, or any type) |
//! | `request-format-changed` | error | the format of a request value changed |
//! | `request-format-widened` | info | a request value accepts a wider format (int32 to int64, float to double, or none) |
//! | `request-nullable-removed` | error | a request value no longer accepts null |
//! | `request-nullable-added` | info | a request value now accepts null |
//! | `request-enum-value-removed` | error | a value a client may send was removed from an enum |
//! | `request-enum-value-added` | info | a value was added to a request enum |
//! | `request-bounds-tightened` | error | a request constraint was tightened (minimum, maximum, length, items, pattern, enum, additionalProperties) |
//! | `request-bounds-loosened` | info | a request constraint was loosened |
//! | `request-default-changed` | warning | the default of a request value changed: clients that omit it get other behaviour |
//! | `request-property-added-required` | error | a required property was added to a request body |
//! | `request-property-added` | info | an optional property was added to a request body |
//! | `request-property-removed` | warning | a request body property was removed |
//! | `request-property-made-required` | error | a request body property became required |
//! | `request-property-made-optional` | info | a request body property became optional |
//! | `request-schema-changed` | warning | a request schema composition (oneOf, anyOf, not) changed |
//! | `response-status-removed` | error | a success response status was removed |
//! | `response-error-status-removed` | warning | an error response status was removed (the case may now answer differently) |
//! | `response-status-added` | info | a response status was added |
//! | `response-media-type-removed` | error | a response media type was removed |
//! | `response-media-type-added` | info | a response media type was added |
//! | `response-header-removed` | warning | a response header was removed |
//! | `response-header-added` | info | a response header was added |
//! | `response-type-changed` | error | the type of a response value changed |
//! | `response-type-narrowed` | info | a response value has a narrower type (number to integer, or any type to one) |
//! | `response-format-changed` | error | the format of a response value changed |
//! | `response-format-narrowed` | info | a response value has a narrower format (int64 to int32, double to float, none to one) |
//! | `response-nullable-added` | error | a response value (property, item) was made nullable |
//! | `response-nullable-removed` | info | a response value is no longer nullable |
//! | `response-property-removed` | error | a response property was removed |
//! | `response-property-added` | info | a response property was added |
//! | `response-property-made-optional` | error | a required response property became optional |
//! | `response-property-made-required` | info | an optional response property became required |
//! | `response-enum-value-added-closed` | error | a value was added to a closed response enum (or its enum was dropped) |
//! | `response-enum-value-added-extensible` | info | a value was added to an `x-extensible-enum` in a response |
//! | `response-enum-value-removed` | info | a value was removed from a response enum |
//! | `response-enum-made-extensible` | warning | a closed response enum became `x-extensible-enum`: unknown values may now arrive |
//! | `response-bounds-widened` | warning | a response constraint was loosened: values outside the old bounds may arrive |
//! | `response-bounds-tightened` | info | a response constraint was tightened |
//! | `response-schema-changed` | warning | a response schema composition (oneOf, anyOf, not) changed |
//! | `security-changed` | error | a security requirement a client may use was removed or changed, or security was introduced |
//! | `security-alternative-added` | info | a new security alternative is accepted |
//! | `security-relaxed` | info | an operation no longer requires security |
//! | `security-scheme-changed` | error | a security scheme changed (type, scheme, location, flows, token URL, scopes) |
//! | `security-scheme-removed` | error | a security scheme was removed |
//! | `security-scheme-added` | info | a security scheme was added |
//! | `server-url-changed` | error | a server URL was removed or changed |
//! | `server-added` | info | a server URL was added |

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::Value;

use crate::report::{Severity, in_github_actions};
use crate::spec::parse_yaml;
use crate::workspace;

pub mod allow;
pub mod checks;
pub mod classify;
pub mod output;
pub mod resolve;
pub mod schema;

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
    /// Reads the old contract: its text and a name for messages.
    pub fn load(&self) -> Result<(String, String)> {
        match self {
            Base::File(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                Ok((text, workspace::display(path)))
            }
            Base::GitRef(reference) => {
                if reference.starts_with('-') {
                    bail!("`{reference}` is not a git revision");
                }
                let object = format!("{reference}:spec/openapi.yaml");
                let output = Command::new("git")
                    .current_dir(workspace::root())
                    .args(["show", &object])
                    .output()
                    .context("cannot run git")?;
                if !output.status.success() {
                    bail!(
                        "git show {object} failed: {}",
                        String::from_utf8_lossy(&output.stderr).trim()
                    );
                }
                let text = String::from_utf8(output.stdout)
                    .with_context(|| format!("{object} is not UTF-8"))?;
                Ok((text, object))
            }
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

/// Output format of `cargo xtask diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for tools.
    Json,
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
    Ok(Report::new(diff(&old_doc, &new_doc)?, allow))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Runs `cargo xtask diff`: prints the report; exit code 1 on changes that are not allowed at or
/// above `--fail-on`.
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
    )?;
    match args.format {
        Format::Table => print!("{}", report.table()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report.json())?),
    }
    if in_github_actions() {
        let new_doc = parse_document(&new_text, &new_name)?;
        let locate = |pointer: &str| {
            output::locate_line(&new_text, &resolve::raw_pointer(&new_doc, pointer))
        };
        for line in report.github(&new_name, &locate) {
            // Keep stdout valid JSON in JSON mode; the runner reads commands from both streams.
            match args.format {
                Format::Table => println!("{line}"),
                Format::Json => eprintln!("{line}"),
            }
        }
    }
    Ok(if report.failing(args.fail_on).is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
