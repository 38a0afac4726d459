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
