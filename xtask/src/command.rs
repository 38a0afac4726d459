//! Running a program and failing with what it said: the one place xtask turns a failed command
//! into an error.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// How many lines of a failed command's stderr an error quotes (its end, where the cause is).
const STDERR_LINES: usize = 40;

/// Runs `command` and returns its stdout; `what` names it in errors. A command that cannot start
/// or ends unsuccessfully is an error quoting the end of its stderr.
pub fn output(command: &mut Command, what: &str) -> Result<Vec<u8>> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {what}"))?;
    if !output.status.success() {
        bail!(
            "{what} failed: {}",
            tail(&String::from_utf8_lossy(&output.stderr), STDERR_LINES).trim()
        );
    }
    Ok(output.stdout)
}

/// [`output`] as trimmed text (lossy UTF-8).
pub fn text(command: &mut Command, what: &str) -> Result<String> {
    let stdout = output(command, what)?;
    Ok(String::from_utf8_lossy(&stdout).trim().to_owned())
}

/// `git ARGS` in `root`, its stdout as trimmed text.
pub fn git(root: &Path, args: &[&str]) -> Result<String> {
    text(
        Command::new("git").current_dir(root).args(args),
        &format!("git {}", args.join(" ")),
    )
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_command_is_an_error_quoting_its_stderr() {
        let error = output(
            Command::new("sh").args(["-c", "echo first >&2; echo cause >&2; exit 3"]),
            "the probe",
        )
        .expect_err("exit 3 fails");
        let message = error.to_string();
        assert!(message.starts_with("the probe failed: "), "{message}");
        assert!(message.contains("cause"), "{message}");
        let out = text(Command::new("sh").args(["-c", "echo ' ok '"]), "echo").expect("runs");
        assert_eq!(out, "ok");
    }

    #[test]
    fn tails_keep_the_last_lines() {
        assert_eq!(tail("a\nb\nc", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
    }
}
