//! Loading the contract: the raw JSON value (for lint and pointers) and the typed OpenAPI model.
//! A contract split into several files is bundled into one document first ([`bundle`]).

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use serde_json::Value;

/// Relative-file `$ref`s bundled into one document: the code `build.rs` runs before generating.
#[path = "../../sessions-api-gen/bundle.rs"]
pub mod bundle;

/// The contract as loaded from disk.
#[derive(Debug)]
pub struct Spec {
    /// The document as generic JSON, with pointers as written.
    pub raw: Value,
    /// The YAML text it was read from.
    pub text: String,
}

impl Spec {
    /// Reads a YAML or JSON OpenAPI document, with the files it references bundled in.
    pub fn load(path: &Path) -> Result<Self> {
        let bundle = bundle::read(path).map_err(|e| anyhow!(e))?;
        Ok(Self {
            raw: bundle.value,
            text: bundle.text,
        })
    }

    /// Parses the document as OpenAPI 3.0 with `openapiv3`.
    pub fn openapi(&self) -> Result<openapiv3::OpenAPI> {
        Ok(serde_json::from_value(self.raw.clone())?)
    }
}

/// Parses YAML (a superset of JSON) into a JSON value.
pub fn parse_yaml(text: &str) -> Result<Value> {
    Ok(serde_yaml_ng::from_str(text)?)
}

/// Resolves a local `$ref` (`#/components/...`) against the document.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    reference
        .strip_prefix('#')
        .and_then(|pointer| doc.pointer(pointer))
}

/// The text of the contract at `path` with the files it references bundled in (exactly the file
/// when it references no other file).
pub fn read_bundled(path: &Path) -> Result<String> {
    bundle::read(path).map(|b| b.text).map_err(|e| anyhow!(e))
}

/// The text of the contract `spec/openapi.yaml` as committed at a git revision, with the files of
/// `spec/` it references bundled in. The folder is extracted under `target/xtask/spec-at/`.
pub fn read_at_revision(root: &Path, revision: &str) -> Result<String> {
    if revision.starts_with('-') {
        anyhow::bail!("`{revision}` is not a git revision");
    }
    let label: String = revision
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let dir = root.join("target/xtask/spec-at").join(label);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let listing = crate::command::output(
        std::process::Command::new("git").current_dir(root).args([
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            revision,
            "--",
            "spec",
        ]),
        &format!("git ls-tree {revision} spec"),
    )?;
    let names = listing
        .split(|b| *b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned());
    for name in names {
        let object = format!("{revision}:{name}");
        let content = crate::command::output(
            std::process::Command::new("git")
                .current_dir(root)
                .args(["show", &object]),
            &format!("git show {object}"),
        )?;
        let target = dir.join(&name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, content)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    let contract = dir.join("spec/openapi.yaml");
    if !contract.exists() {
        anyhow::bail!("{revision} has no spec/openapi.yaml");
    }
    read_bundled(&contract)
}
