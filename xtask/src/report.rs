//! Findings of the contract checks: a rule id, a JSON pointer and a message.

use std::fmt;

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
}

/// Declares `Check` constants and `ALL`, the list of them in declaration order.
macro_rules! checks {
    ($($name:ident = ($id:literal, $severity:ident, $summary:literal);)*) => {
        $(
            #[doc = $summary]
            pub const $name: $crate::report::Check = $crate::report::Check {
                id: $id,
                severity: $crate::report::Severity::$severity,
                summary: $summary,
            };
        )*
        /// Every check, in documentation order.
        pub const ALL: &[$crate::report::Check] = &[$($name),*];
    };
}
pub(crate) use checks;

/// A catalogue as a Markdown table (`| id | severity | meaning |`).
pub fn markdown_table(checks: &[Check]) -> String {
    let mut out = String::from("| id | severity | meaning |\n|---|---|---|\n");
    for check in checks {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            check.id, check.severity, check.summary
        ));
    }
    out
}
