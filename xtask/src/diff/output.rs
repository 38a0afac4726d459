//! Rendering a diff: a table for people, JSON for tools, annotation lines for GitHub Actions (and
//! a pull-request comment: [`super::markdown`]).

use serde_json::{Value, json};

use super::Change;
use super::allow::AllowList;
use crate::report::{Annotation, Render, Severity, columns};

/// A change with the allow-list's verdict.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// The change.
    pub change: Change,
    /// Why it is accepted, if the allow-list accepts it.
    pub allowed: Option<String>,
}

/// The changes between two contracts, assessed.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every change, most severe first.
    pub changes: Vec<Assessed>,
    /// Allow-list entries that matched nothing.
    pub unused_allows: Vec<String>,
    /// The new document (name, text), for the lines of annotations.
    source: Option<(String, String)>,
    /// The `info.version` of the old and the new document, when known.
    pub info_versions: (Option<String>, Option<String>),
}

impl Report {
    /// Assesses `changes` against `allow`.
    pub fn new(changes: Vec<Change>, allow: &AllowList) -> Self {
        let unused_allows = allow
            .unused(&changes)
            .into_iter()
            .map(|entry| match &entry.pointer {
                Some(pointer) => format!("{} at {pointer}", entry.id),
                None => entry.id.clone(),
            })
            .collect();
        let changes = changes
            .into_iter()
            .map(|change| Assessed {
                allowed: allow.find(&change).map(|entry| entry.reason.clone()),
                change,
            })
            .collect();
        Self {
            changes,
            unused_allows,
            source: None,
            info_versions: (None, None),
        }
    }

    /// Changes at or above `threshold` that the allow-list does not accept.
    pub fn failing(&self, threshold: Severity) -> Vec<&Change> {
        self.changes
            .iter()
            .filter(|a| a.allowed.is_none() && a.change.severity >= threshold)
            .map(|a| &a.change)
            .collect()
    }

    fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|a| a.change.severity == severity)
            .count()
    }

    /// One line: how many changes of each severity.
    pub fn summary(&self) -> String {
        let allowed = self.changes.iter().filter(|a| a.allowed.is_some()).count();
        let mut line = format!(
            "{} breaking, {} possibly breaking, {} compatible change(s)",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info)
        );
        if allowed > 0 {
            line.push_str(&format!("; {allowed} accepted by the allow-list"));
        }
        line
    }

    /// A plain-text table: severity, id, pointer, message.
    pub fn table(&self) -> String {
        if self.changes.is_empty() {
            return "no changes\n".to_owned();
        }
        let rows: Vec<Vec<String>> = self
            .changes
            .iter()
            .map(|a| {
                let severity = match &a.allowed {
                    Some(_) => format!("{} (allowed)", a.change.severity),
                    None => a.change.severity.to_string(),
                };
                let message = match &a.allowed {
                    Some(reason) => format!("{} [allowed: {reason}]", a.change.message),
                    None => a.change.message.clone(),
                };
                vec![
                    severity,
                    a.change.id.to_owned(),
                    a.change.pointer.clone(),
                    message,
                ]
            })
            .collect();
        let mut out = columns(&["SEVERITY", "ID", "POINTER", "MESSAGE"], &rows);
        out.push_str(&self.summary());
        out.push('\n');
        for entry in &self.unused_allows {
            out.push_str(&format!(
                "note: the allow-list entry {entry} matches no change\n"
            ));
        }
        out
    }

    /// The report as JSON: `{summary, changes: [{id, severity, pointer, message, allowed, reason}]}`.
    pub fn json(&self) -> Value {
        json!({
            "summary": {
                "error": self.count(Severity::Error),
                "warning": self.count(Severity::Warning),
                "info": self.count(Severity::Info),
                "allowed": self.changes.iter().filter(|a| a.allowed.is_some()).count(),
            },
            "changes": self.changes.iter().map(|a| json!({
                "id": a.change.id,
                "severity": a.change.severity,
                "pointer": a.change.pointer,
                "message": a.change.message,
                "allowed": a.allowed.is_some(),
                "reason": a.allowed,
            })).collect::<Vec<_>>(),
            "unusedAllows": self.unused_allows,
        })
    }

    /// One annotation per change not accepted by the allow-list, on `file`; `locate` gives the
    /// line of a pointer in `file` when it can.
    pub fn annotations_in(
        &self,
        file: &str,
        locate: &dyn Fn(&str) -> Option<usize>,
    ) -> Vec<Annotation> {
        self.changes
            .iter()
            .filter(|a| a.allowed.is_none())
            .map(|a| Annotation {
                severity: a.change.severity,
                file: (!file.is_empty()).then(|| file.to_owned()),
                line: locate(&a.change.pointer),
                title: a.change.id.to_owned(),
                message: format!("{}: {}", a.change.pointer, a.change.message),
            })
            .collect()
    }

    /// GitHub Actions workflow commands, one per change not accepted by the allow-list:
    /// `::error file=...,line=...,title=<id>::<pointer>: <message>`.
    pub fn github(&self, file: &str, locate: &dyn Fn(&str) -> Option<usize>) -> Vec<String> {
        self.annotations_in(file, locate)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Records the `info.version` of the old and the new document, for the version bump the
    /// Markdown comment states.
    pub fn with_info_versions(mut self, old: Option<&str>, new: Option<&str>) -> Self {
        self.info_versions = (old.map(str::to_owned), new.map(str::to_owned));
        self
    }

    /// Names the new document, so that annotations point at lines in it.
    pub fn with_source(mut self, name: &str, text: &str) -> Self {
        self.source = Some((name.to_owned(), text.to_owned()));
        self
    }
}

impl Render for Report {
    fn table(&self) -> String {
        Report::table(self)
    }

    fn json(&self) -> Value {
        Report::json(self)
    }

    fn markdown(&self) -> String {
        super::markdown::render(self)
    }

    fn annotations(&self) -> Vec<Annotation> {
        let Some((name, text)) = &self.source else {
            return self.annotations_in("", &|_| None);
        };
        let doc = super::parse_document(text, name).ok();
        let locate = |pointer: &str| {
            doc.as_ref()
                .and_then(|doc| locate_line(text, &super::resolve::raw_pointer(doc, pointer)))
        };
        self.annotations_in(name, &locate)
    }

    fn fails(&self, threshold: Severity) -> bool {
        !self.failing(threshold).is_empty()
    }
}

/// The 1-based line in YAML `text` where the deepest locatable prefix of `pointer` starts: each
/// reference token is looked up as a mapping key (or a sequence item) more indented than its
/// parent. A heuristic for annotations, not a YAML parser.
pub fn locate_line(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let tokens = pointer.strip_prefix('#').unwrap_or(pointer);
    let mut tokens = tokens.split('/').skip(1).peekable();
    let mut start = 0usize;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    while let Some(raw) = tokens.next() {
        let token = raw.replace("~1", "/").replace("~0", "~");
        let mut hit = None;
        let mut item = 0usize;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = indent_of(line);
            if let Some(parent) = parent_indent
                && indent <= parent
                && i > start
            {
                break;
            }
            let key = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let is_key = [
                format!("{token}:"),
                format!("'{token}':"),
                format!("\"{token}\":"),
            ]
            .iter()
            .any(|k| key.starts_with(k.as_str()));
            if is_key {
                hit = Some((i, indent + (trimmed.len() - key.len())));
                break;
            }
            if let Ok(index) = token.parse::<usize>()
                && trimmed.starts_with("- ")
            {
                if item == index {
                    hit = Some((i, indent));
                    break;
                }
                item += 1;
            }
        }
        let Some((line, indent)) = hit else {
            break;
        };
        found = Some(line + 1);
        start = line + 1;
        parent_indent = Some(indent);
        if tokens.peek().is_some() && raw.parse::<usize>().is_ok() {
            // A sequence item: its keys may sit on the item's own line.
            start = line;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_through_keys_and_items() {
        let text = "a:\n  b:\n    - x: 1\n    - y: 2\n      z: 3\nc: 4\n";
        assert_eq!(locate_line(text, "#/a/b"), Some(2));
        assert_eq!(locate_line(text, "#/a/b/1/z"), Some(5));
        assert_eq!(locate_line(text, "#/c"), Some(6));
        assert_eq!(locate_line(text, "#/missing"), None);
        assert_eq!(locate_line(text, "#/a/b/1/missing"), Some(4));
    }
}
