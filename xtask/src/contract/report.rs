//! The contract report: observations grouped by (check, shape path, detail) with a count, the
//! first place seen and the severity; rendered as a table, JSON or GitHub annotations.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::validate::Observation;
use crate::report::{Annotation, Render, Severity, columns};

/// Observations of one kind at one place in the shape of the bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The check id.
    pub id: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Where in the shape (`/content/*/outcome`).
    pub path: String,
    /// What distinguishes it from other groups at the same path (an enum value), if anything.
    pub detail: Option<String>,
    /// How many times it was seen.
    pub count: usize,
    /// The first place it was seen: `<response>#<pointer>` (`page 2#/content/3/outcome`).
    pub first: String,
    /// The message of the first observation.
    pub message: String,
}

/// What a contract check found.
#[derive(Debug, Clone, Default)]
pub struct ContractReport {
    /// Responses checked.
    pub responses: usize,
    /// Sessions seen in `content` arrays.
    pub items: usize,
    /// Findings, most severe first.
    pub groups: Vec<Group>,
    /// Remarks that are not findings (how the listing ended).
    pub notes: Vec<String>,
}

impl ContractReport {
    /// Groups `(response label, observation)` pairs.
    pub fn new(responses: usize, items: usize, observations: Vec<(String, Observation)>) -> Self {
        let mut groups: BTreeMap<(&'static str, String, Option<String>), Group> = BTreeMap::new();
        for (label, observation) in observations {
            let key = (
                observation.check.id,
                observation.path.clone(),
                observation.detail.clone(),
            );
            groups
                .entry(key)
                .and_modify(|group| group.count += 1)
                .or_insert_with(|| Group {
                    id: observation.check.id,
                    severity: observation.check.severity,
                    path: observation.path,
                    detail: observation.detail,
                    count: 1,
                    first: format!("{label}#{}", observation.at),
                    message: observation.message,
                });
        }
        let mut groups: Vec<Group> = groups.into_values().collect();
        groups.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.id.cmp(b.id))
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.detail.cmp(&b.detail))
        });
        Self {
            responses,
            items,
            groups,
            notes: Vec::new(),
        }
    }

    /// Groups at or above `threshold`.
    pub fn failing(&self, threshold: Severity) -> Vec<&Group> {
        self.groups
            .iter()
            .filter(|g| g.severity >= threshold)
            .collect()
    }

    /// The groups with this check id.
    pub fn with_id(&self, id: &str) -> Vec<&Group> {
        self.groups.iter().filter(|g| g.id == id).collect()
    }

    /// One line: responses, sessions and findings by severity.
    pub fn summary(&self) -> String {
        let count = |s: Severity| self.groups.iter().filter(|g| g.severity == s).count();
        format!(
            "{} response(s), {} session(s) checked: {} error, {} warning, {} info finding(s)",
            self.responses,
            self.items,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        )
    }

    /// A plain-text table.
    pub fn table(&self) -> String {
        let mut out = String::new();
        if !self.groups.is_empty() {
            let rows: Vec<Vec<String>> = self
                .groups
                .iter()
                .map(|g| {
                    vec![
                        g.severity.to_string(),
                        g.id.to_owned(),
                        g.count.to_string(),
                        g.path.clone(),
                        g.first.clone(),
                        g.message.clone(),
                    ]
                })
                .collect();
            out.push_str(&columns(
                &["SEVERITY", "ID", "COUNT", "WHERE", "FIRST SEEN", "MESSAGE"],
                &rows,
            ));
        }
        out.push_str(&self.summary());
        out.push('\n');
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out
    }

    /// The report as JSON.
    pub fn json(&self) -> Value {
        json!({
            "responses": self.responses,
            "items": self.items,
            "findings": self.groups.iter().map(|g| json!({
                "id": g.id,
                "severity": g.severity,
                "path": g.path,
                "detail": g.detail,
                "count": g.count,
                "first": g.first,
                "message": g.message,
            })).collect::<Vec<_>>(),
            "notes": self.notes,
        })
    }

    /// One annotation per group.
    pub fn annotations(&self) -> Vec<Annotation> {
        self.groups
            .iter()
            .map(|g| Annotation {
                severity: g.severity,
                file: None,
                line: None,
                title: format!("contract {}", g.id),
                message: format!(
                    "{}: {} ({} time(s), first at {})",
                    g.path, g.message, g.count, g.first
                ),
            })
            .collect()
    }

    /// GitHub Actions workflow commands, one per group.
    pub fn github(&self) -> Vec<String> {
        self.annotations().iter().map(ToString::to_string).collect()
    }
}

impl Render for ContractReport {
    fn table(&self) -> String {
        ContractReport::table(self)
    }

    fn json(&self) -> Value {
        ContractReport::json(self)
    }

    fn annotations(&self) -> Vec<Annotation> {
        ContractReport::annotations(self)
    }

    fn fails(&self, threshold: Severity) -> bool {
        !self.failing(threshold).is_empty()
    }
}
