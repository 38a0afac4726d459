//! The committed insta snapshot of the generated client equals what the current spec and settings
//! generate.

use similar::TextDiff;

use crate::codegen;
use crate::report::Finding;
use crate::workspace;

const RULE: &str = "snapshot-stale";
const MAX_DIFF_LINES: usize = 80;

/// Compares the snapshot with a fresh generation from `spec_text`.
pub fn check(spec_text: &str) -> Vec<Finding> {
    let path = workspace::snapshot_path();
    let name = workspace::display(&path);
    let fix = codegen::SNAPSHOT_FIX;
    let generated = match codegen::generate(spec_text) {
        Ok(source) => source,
        Err(e) => return vec![Finding::new("codegen-failed", "spec/openapi.yaml#", e)],
    };
    let file = match std::fs::read_to_string(&path) {
        Ok(file) => file,
        Err(e) => {
            return vec![Finding::new(
                RULE,
                name,
                format!("cannot read the snapshot ({e}); {fix}"),
            )];
        }
    };
    let Some(committed) = codegen::snapshot_body(&file) else {
        return vec![Finding::new(
            RULE,
            name,
            format!("not an insta snapshot file; {fix}"),
        )];
    };
    if committed.trim_end() == generated.trim_end() {
        return Vec::new();
    }
    let diff = TextDiff::from_lines(committed.trim_end(), generated.trim_end());
    let unified = diff
        .unified_diff()
        .context_radius(2)
        .header("committed snapshot", "generated from spec/openapi.yaml")
        .to_string();
    let mut lines: Vec<&str> = unified.lines().take(MAX_DIFF_LINES).collect();
    let total = unified.lines().count();
    let more = format!(
        "... {} more diff line(s)",
        total.saturating_sub(MAX_DIFF_LINES)
    );
    if total > MAX_DIFF_LINES {
        lines.push(&more);
    }
    vec![Finding::new(
        RULE,
        name,
        format!(
            "the generated client no longer matches the committed snapshot: the spec or the \
             generation settings changed without regenerating; {fix}\n{}",
            lines.join("\n")
        ),
    )]
}
