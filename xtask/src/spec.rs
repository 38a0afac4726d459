//! Loading the contract: the raw JSON value (for lint and pointers) and the typed OpenAPI model.

use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

/// The contract as loaded from disk.
#[derive(Debug)]
pub struct Spec {
    /// The document as generic JSON, with pointers as written.
    pub raw: Value,
    /// The YAML text it was read from.
    pub text: String,
}

impl Spec {
    /// Reads a YAML or JSON OpenAPI document.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let raw =
            parse_yaml(&text).with_context(|| format!("{} is not valid YAML", path.display()))?;
        Ok(Self { raw, text })
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
