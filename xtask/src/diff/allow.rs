//! The allow-list: breaking changes accepted on purpose, each with a reason.
//!
//! ```yaml
//! # spec/breaking-allow.yaml
//! allow:
//!   - id: response-property-removed
//!     pointer: "#/paths/~1v1~1flows~1{flowId}~1{environment}~1sessions/get/responses/200/content/application~1json/schema/properties/legacy"
//!     reason: "never sent by the provider; removed in 2.0"
//! ```
//!
//! An entry without `pointer` accepts the id everywhere; a pointer ending in `*` accepts every
//! pointer that starts with what precedes it.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::Change;
use super::checks;

/// One accepted change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    /// The check id.
    pub id: String,
    /// The pointer the change is reported at; absent for any.
    #[serde(default)]
    pub pointer: Option<String>,
    /// Why the change is accepted.
    pub reason: String,
}

impl AllowEntry {
    /// Whether this entry accepts `change`.
    pub fn accepts(&self, change: &Change) -> bool {
        if self.id != change.id {
            return false;
        }
        match self.pointer.as_deref() {
            None => true,
            Some(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => change.pointer.starts_with(prefix),
                None => change.pointer == pattern,
            },
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowFile {
    #[serde(default)]
    allow: Vec<AllowEntry>,
}

/// The accepted changes, from a file and from `--allow` flags.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    entries: Vec<AllowEntry>,
}

impl AllowList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses an allow-list file's text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let file: Option<AllowFile> = serde_yaml_ng::from_str(text)
            .with_context(|| format!("{origin} is not a valid allow-list"))?;
        let entries = file.map(|f| f.allow).unwrap_or_default();
        for (i, entry) in entries.iter().enumerate() {
            if checks::by_id(&entry.id).is_none() {
                bail!(
                    "{origin}: entry {i} names the unknown check id `{}`",
                    entry.id
                );
            }
            if entry.reason.trim().is_empty() {
                bail!("{origin}: entry {i} (`{}`) has no reason", entry.id);
            }
        }
        Ok(Self { entries })
    }

    /// Reads an allow-list file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Adds a `--allow` flag: `ID` or `ID@POINTER`.
    pub fn allow_flag(&mut self, flag: &str) -> Result<()> {
        let (id, pointer) = match flag.split_once('@') {
            Some((id, pointer)) => (id, Some(pointer.to_owned())),
            None => (flag, None),
        };
        if checks::by_id(id).is_none() {
            bail!("--allow names the unknown check id `{id}`");
        }
        self.entries.push(AllowEntry {
            id: id.to_owned(),
            pointer,
            reason: "accepted with --allow".to_owned(),
        });
        Ok(())
    }

    /// The entry that accepts `change`, if any.
    pub fn find(&self, change: &Change) -> Option<&AllowEntry> {
        self.entries.iter().find(|entry| entry.accepts(change))
    }

    /// Entries that accept none of `changes` (stale entries worth removing).
    pub fn unused<'a>(&'a self, changes: &[Change]) -> Vec<&'a AllowEntry> {
        self.entries
            .iter()
            .filter(|entry| !changes.iter().any(|change| entry.accepts(change)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::checks::RESPONSE_PROPERTY_REMOVED;

    fn change(pointer: &str) -> Change {
        Change::new(&RESPONSE_PROPERTY_REMOVED, pointer, "x")
    }

    #[test]
    fn entries_match_by_id_and_pointer() {
        let list = AllowList::parse(
            "allow:\n  - id: response-property-removed\n    pointer: '#/a/*'\n    reason: planned\n",
            "test",
        )
        .expect("parses");
        assert!(list.find(&change("#/a/b")).is_some());
        assert!(list.find(&change("#/b")).is_none());
        assert_eq!(list.unused(&[change("#/b")]).len(), 1);
    }

    #[test]
    fn unknown_ids_and_missing_reasons_are_rejected() {
        assert!(AllowList::parse("allow:\n  - id: nope\n    reason: x\n", "t").is_err());
        assert!(AllowList::parse("allow:\n  - id: path-removed\n    reason: ' '\n", "t").is_err());
        assert!(AllowList::new().allow_flag("nope").is_err());
    }

    #[test]
    fn an_empty_file_allows_nothing() {
        let list = AllowList::parse("", "t").expect("empty is fine");
        assert!(list.find(&change("#/a")).is_none());
    }
}
