//! The committed client (the content of the generated client's insta snapshot, what
//! `sessions-api-gen` compiles) equals what the current spec and settings generate.

use similar::TextDiff;

use crate::codegen;
use crate::report::Finding;
use crate::workspace;

const RULE: &str = "snapshot-stale";
const MAX_DIFF_LINES: usize = 80;

/// Compares the committed client with a fresh generation from `spec_text`.
pub fn check(spec_text: &str) -> Vec<Finding> {
    let path = workspace::root().join(codegen::CLIENT_PATH);
    let name = workspace::display(&path);
    let fix = codegen::SNAPSHOT_FIX;
    let generated = match codegen::generate(spec_text) {
        Ok(source) => source,
        Err(e) => return vec![Finding::new("codegen-failed", "spec/openapi.yaml#", e)],
    };
    let committed = match std::fs::read_to_string(&path) {
        Ok(file) => file,
        Err(e) => {
            return vec![Finding::new(
                RULE,
                name,
                format!("cannot read the committed client ({e}); {fix}"),
            )];
        }
    };
    if codegen::is_current(&committed, &generated) {
        return Vec::new();
    }
    let diff = TextDiff::from_lines(&committed, &generated);
    let unified = diff
        .unified_diff()
        .context_radius(2)
        .header("committed client", "generated from spec/openapi.yaml")
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
            "the committed client differs from what the spec and the generation settings \
             generate: they changed without regenerating; {fix}\n{}",
            lines.join("\n")
        ),
    )]
}
