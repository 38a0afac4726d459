//! Findings of the contract checks: a rule id, a JSON pointer and a message.

use std::fmt;
use std::process::ExitCode;

/// One problem found in the contract or its examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id (for example `operation-id-unique`).
    pub id: &'static str,
    /// JSON pointer into the document the finding is about (`#/paths/...`), or a file and pointer.
    pub pointer: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl Finding {
    /// A finding for `id` at `pointer`.
    pub fn new(id: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            id,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}] {}: {}", self.id, self.pointer, self.message)
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends reference tokens to a pointer.
pub fn join(pointer: &str, tokens: &[&str]) -> String {
    let mut out = pointer.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&escape(token));
    }
    out
}

/// How much a change or a drift matters to a client of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Compatible: nothing a client relies on changes.
    Info,
    /// Possibly breaking: some clients, or some uses, may break.
    Warning,
    /// Breaking: a client written against the old contract fails or misbehaves.
    Error,
}

impl Severity {
    /// The lower-case name (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// The GitHub Actions workflow command for an annotation of this severity.
    pub fn github_command(self) -> &'static str {
        match self {
            Self::Info => "notice",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Self::Info),
            "warning" | "warn" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected info, warning or error)"
            )),
        }
    }
}

/// Escapes a GitHub Actions workflow-command message (`%`, CR and LF).
pub fn github_escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a GitHub Actions workflow-command property value (also `:` and `,`).
pub fn github_escape_property(text: &str) -> String {
    github_escape_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Whether the process runs as a GitHub Actions step.
pub fn in_github_actions() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// One kind of finding or change, with a stable id and a fixed severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// Stable id, used in reports and allow-lists.
    pub id: &'static str,
    /// How much it matters to a client.
    pub severity: Severity,
    /// What it is, for the documentation table.
    pub summary: &'static str,
    /// Where the project classifies this differently from common breaking-change tools on
    /// purpose, and why; shown in the documentation table.
    pub policy: Option<&'static str>,
}

/// Declares `Check` constants and `ALL`, the list of them in declaration order. An entry may end
/// with a fourth string: the deliberate difference from common tools, and its reason.
macro_rules! checks {
    ($($name:ident = ($id:literal, $severity:ident, $summary:literal $(, $policy:literal)?);)*) => {
        $(
            #[doc = $summary]
            pub const $name: $crate::report::Check = $crate::report::Check {
                id: $id,
                severity: $crate::report::Severity::$severity,
                summary: $summary,
                policy: $crate::report::policy(&[$($policy)?]),
            };
        )*
        /// Every check, in documentation order.
        pub const ALL: &[$crate::report::Check] = &[$($name),*];
    };
}
pub(crate) use checks;

/// The policy note of a catalogue entry (none or one).
#[doc(hidden)]
pub const fn policy(notes: &[&'static str]) -> Option<&'static str> {
    match notes {
        [note] => Some(note),
        _ => None,
    }
}

/// A catalogue as a Markdown table (`| id | severity | meaning |`); a deliberate difference from
/// common tools is written after the meaning, with its reason.
pub fn markdown_table(checks: &[Check]) -> String {
    let mut out = String::from("| id | severity | meaning |\n|---|---|---|\n");
    for check in checks {
        let policy = check
            .policy
            .map(|p| format!(" **Policy:** {p}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "| `{}` | {} | {}{policy} |\n",
            check.id, check.severity, check.summary
        ));
    }
    out
}

/// The catalogue rows that carry a deliberate policy difference, as a Markdown list.
pub fn policy_list(checks: &[Check]) -> String {
    checks
        .iter()
        .filter_map(|c| {
            c.policy
                .map(|p| format!("- `{}` ({}): {p}\n", c.id, c.severity))
        })
        .collect()
}

/// Output format of `cargo xtask diff` and `cargo xtask contract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for tools.
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// Exit code 0: nothing at or above `--fail-on`.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code 1: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code 2: the tool could not judge (unreadable file, invalid YAML, not OpenAPI, an
/// unresolvable reference, bad arguments).
pub const EXIT_CANNOT_JUDGE: u8 = 2;

/// The exit code of a command that judged: 1 if something fails, 0 otherwise.
pub fn verdict(failing: bool) -> ExitCode {
    ExitCode::from(if failing { EXIT_FINDINGS } else { EXIT_CLEAN })
}

/// The exit code of a command's result: its own on success; 2 with the error on stderr when the
/// tool could not judge.
pub fn exit(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_CANNOT_JUDGE)
        }
    }
}

/// One GitHub Actions annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Its severity (error, warning, notice).
    pub severity: Severity,
    /// The file it is about, if any.
    pub file: Option<String>,
    /// The 1-based line in that file, if known.
    pub line: Option<usize>,
    /// The title (a check id).
    pub title: String,
    /// The message.
    pub message: String,
}

impl fmt::Display for Annotation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut properties = Vec::new();
        if let Some(file) = &self.file {
            properties.push(format!("file={}", github_escape_property(file)));
        }
        if let Some(line) = self.line {
            properties.push(format!("line={line}"));
        }
        properties.push(format!("title={}", github_escape_property(&self.title)));
        write!(
            f,
            "::{} {}::{}",
            self.severity.github_command(),
            properties.join(","),
            github_escape_data(&self.message)
        )
    }
}

/// A report that the diff and the contract commands render the same way.
pub trait Render {
    /// A plain-text table for people.
    fn table(&self) -> String;
    /// The report as JSON for tools.
    fn json(&self) -> serde_json::Value;
    /// The report as Markdown, for a pull-request comment (by default the table in a code block).
    fn markdown(&self) -> String {
        format!("```text\n{}```\n", self.table())
    }
    /// One annotation per finding that is not accepted.
    fn annotations(&self) -> Vec<Annotation>;
    /// Whether a finding that is not accepted reaches `threshold`.
    fn fails(&self, threshold: Severity) -> bool;
}

/// Prints `report` in `format` (and as annotations under GitHub Actions, on stderr in JSON and
/// Markdown mode so that stdout stays one document) and returns the exit code for `fail_on`.
pub fn emit(report: &dyn Render, format: Format, fail_on: Severity) -> anyhow::Result<ExitCode> {
    match format {
        Format::Table => print!("{}", report.table()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report.json())?),
        Format::Markdown => print!("{}", report.markdown()),
    }
    if in_github_actions() {
        for annotation in report.annotations() {
            match format {
                Format::Table => println!("{annotation}"),
                Format::Json | Format::Markdown => eprintln!("{annotation}"),
            }
        }
    }
    Ok(verdict(report.fails(fail_on)))
}

/// Lays out rows under a header in aligned columns; the last column is not padded.
pub fn columns(header: &[&str], rows: &[Vec<String>]) -> String {
    let count = header.len();
    let widths: Vec<usize> = (0..count.saturating_sub(1))
        .map(|col| {
            rows.iter()
                .map(|row| row.get(col).map_or(0, |c| c.chars().count()))
                .chain(std::iter::once(header[col].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (col, cell) in row.iter().enumerate() {
            match widths.get(col) {
                Some(width) => line.push_str(&format!("{cell:width$}  ")),
                None => line.push_str(cell),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
