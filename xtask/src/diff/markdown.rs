//! The diff as a pull-request comment (`cargo xtask diff --format markdown`): the changes grouped
//! by severity, each with its id, JSON pointer and message, and the version bump they require.

use std::fmt::Write as _;

use super::output::{Assessed, Report};
use crate::release::{Change, Version, contract_change};
use crate::report::Severity;

/// The heading the comment starts with (a CI job can find its earlier comment by it).
pub const HEADING: &str = "## Contract changes";

/// The report as a Markdown comment.
pub fn render(report: &Report) -> String {
    let mut out = format!("{HEADING}\n\n");
    if report.changes.is_empty() {
        out.push_str("No change a client can see.\n");
        return out;
    }
    let _ = writeln!(out, "{}.\n", report.summary());
    let _ = writeln!(out, "{}\n", bump_line(report));
    let groups = [
        (Severity::Error, "Breaking (error)"),
        (Severity::Warning, "Possibly breaking (warning)"),
        (Severity::Info, "Compatible (info)"),
    ];
    for (severity, title) in groups {
        let rows: Vec<&Assessed> = report
            .changes
            .iter()
            .filter(|a| a.change.severity == severity && a.allowed.is_none())
            .collect();
        section(&mut out, title, &rows);
    }
    let allowed: Vec<&Assessed> = report
        .changes
        .iter()
        .filter(|a| a.allowed.is_some())
        .collect();
    section(&mut out, "Accepted by the allow-list", &allowed);
    for entry in &report.unused_allows {
        let _ = writeln!(
            out,
            "> The allow-list entry {} matches no change.",
            cell(entry)
        );
    }
    out
}

/// What release the changes require, and whether the new contract's `info.version` carries it.
fn bump_line(report: &Report) -> String {
    let change = contract_change(report);
    let mut line = format!("**Required release:** {}", words(change));
    let (old, new) = &report.info_versions;
    let Some(old) = old else {
        return line;
    };
    let new = new.as_deref().unwrap_or("");
    match old.parse::<Version>() {
        Ok(released) if change > Change::Fix => {
            let needed = released.bumped(change);
            let carried = new.parse::<Version>().ok().and_then(|v| {
                released
                    .change_allowed_up_to(v)
                    .filter(|allowed| *allowed >= change)
            });
            let verdict = if carried.is_some() {
                "carries it"
            } else {
                "does not carry it"
            };
            let _ = write!(
                line,
                ": `info.version` {released} → at least **{needed}** (the new contract says \
                 `{new}`: {verdict})"
            );
        }
        _ => {
            let _ = write!(line, " (`info.version` `{old}` → `{new}`)");
        }
    }
    line
}

fn words(change: Change) -> &'static str {
    match change {
        Change::Breaking => "a breaking release (new major version)",
        Change::Addition => "a compatible release (new minor version)",
        Change::Fix | Change::None => "none",
    }
}

fn section(out: &mut String, title: &str, rows: &[&Assessed]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title}: {}\n", rows.len());
    out.push_str("| id | pointer | change |\n|---|---|---|\n");
    for assessed in rows {
        let change = &assessed.change;
        let reason = assessed
            .allowed
            .as_deref()
            .map(|reason| format!(" (accepted: {})", cell(reason)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {}{reason} |",
            change.id,
            cell(&change.pointer).replace('`', "'"),
            cell(&change.message)
        );
    }
    out.push('\n');
}

/// Text safe inside a table cell: pipes escaped, line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
