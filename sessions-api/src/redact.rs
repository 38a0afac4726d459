//! Masking of credentials in text that leaves the client (error messages, body snippets).

use secrecy::{ExposeSecret, SecretString};

/// The text that replaces a credential.
pub(crate) const MASK: &str = "[REDACTED]";

/// Replaces every occurrence of each secret in `text` with [`MASK`].
pub(crate) fn redact(text: &str, secrets: &[&SecretString]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        let secret = secret.expose_secret();
        // Very short values would mask ordinary words; credentials are never that short.
        if secret.len() >= 4 && out.contains(secret) {
            out = out.replace(secret, MASK);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_occurrence() {
        let token = SecretString::from("tok-123456");
        let out = redact("a tok-123456 b tok-123456", &[&token]);
        assert_eq!(out, "a [REDACTED] b [REDACTED]");
    }
}
