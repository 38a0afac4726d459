//! README's section on the main command, checked against the command: every quoted output
//! (`console` blocks) is what the command prints against the demo data, every quoted command line
//! parses, and the configuration table names the variables the command reads.

use std::collections::BTreeSet;

use clap::Parser;

use super::Shared;
use crate::args::Args;

const README: &str = include_str!("../../../../README.md");
const COMMAND: &str = "cargo run -p sessions-api --example list_sessions";

/// The text of README's section `heading` (up to the next heading of its level or above).
fn section(heading: &str) -> &'static str {
    let level = heading.split(' ').next().expect("a heading");
    let start = README.find(&format!("\n{heading}\n")).expect("the section") + 1;
    let rest = &README[start + heading.len()..];
    let end = rest
        .lines()
        .filter(|line| line.starts_with('#'))
        .find(|line| {
            line.split(' ')
                .next()
                .is_some_and(|h| h.len() <= level.len())
        })
        .and_then(|line| rest.find(&format!("\n{line}\n")))
        .unwrap_or(rest.len());
    &README[start..start + heading.len() + end]
}

/// The fenced blocks of `text` in `language`.
fn blocks<'t>(text: &'t str, language: &str) -> Vec<Vec<&'t str>> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == format!("```{language}") {
            found.push(lines.by_ref().take_while(|l| *l != "```").collect());
        }
    }
    found
}

/// `127.0.0.1:43299` and every other port of the fake read `127.0.0.1:PORT`.
fn normalise(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("127.0.0.1:") {
        let end = at + "127.0.0.1:".len();
        out.push_str(&rest[..end]);
        out.push_str("PORT");
        rest = rest[end..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out.trim_end().to_owned()
}

/// What the command prints for `flags` with no credentials set, stdout and stderr in one stream.
async fn output(flags: &str) -> String {
    let words = std::iter::once("list_sessions").chain(flags.split_whitespace());
    let args = match Args::try_parse_from(words) {
        Ok(args) => args,
        Err(help) => return help.to_string(),
    };
    let both = Shared::default();
    crate::run(&args, &|_| None, both.clone(), both.clone(), false).await;
    both.text()
}

/// Whether `actual` is what `quoted` shows, where a line `... (N more rows)` stands for N lines.
fn assert_quoted(quoted: &[&str], actual: &str) {
    let actual: Vec<String> = actual.lines().map(normalise).collect();
    let mut at = 0;
    for line in quoted {
        let skipped = line.strip_prefix("...").and_then(|rest| {
            let rest = rest.trim().strip_prefix('(')?.strip_suffix(" more rows)")?;
            rest.parse::<usize>().ok()
        });
        match skipped {
            Some(rows) => at += rows,
            None => {
                assert_eq!(actual.get(at), Some(&normalise(line)), "line {}", at + 1);
                at += 1;
            }
        }
    }
    assert_eq!(
        at,
        actual.len(),
        "the command printed more:\n{}",
        actual.join("\n")
    );
}

#[tokio::test]
async fn every_quoted_output_is_what_the_command_prints() {
    let quoted = blocks(section("## The main command"), "console");
    assert!(
        quoted.len() >= 3,
        "the listing, the help and an error are quoted"
    );
    for block in quoted {
        let (command, printed) = block.split_first().expect("a command line");
        let flags = command
            .strip_prefix(&format!("$ {COMMAND}"))
            .unwrap_or_else(|| panic!("not the main command: {command}"))
            .trim_start()
            .trim_start_matches("--");
        assert_quoted(printed, &output(flags).await);
    }
}

#[test]
fn every_quoted_command_line_parses() {
    let mut lines = 0;
    for block in blocks(section("## The main command"), "sh") {
        for line in block {
            let Some(flags) = line.strip_prefix(COMMAND) else {
                continue;
            };
            let flags = flags.split(['|', '#']).next().unwrap_or_default();
            let flags = flags.replace("<flow-id>", "f");
            let words = std::iter::once("list_sessions").chain(flags.split_whitespace().skip(1));
            if let Err(error) = Args::try_parse_from(words) {
                panic!("{line}: {error}");
            }
            lines += 1;
        }
    }
    assert!(lines >= 2);
}

#[test]
fn the_configuration_table_names_the_variables_the_command_reads() {
    let idnow_words = |text: &'static str| -> BTreeSet<&'static str> {
        text.split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
            .filter(|word| word.starts_with("IDNOW_"))
            .collect()
    };
    let code = [include_str!("../source.rs"), include_str!("../args.rs")];
    let read: BTreeSet<&str> = code
        .iter()
        .flat_map(|text| text.split('"').skip(1).step_by(2))
        .filter(|literal| literal.starts_with("IDNOW_"))
        .collect();
    assert!(read.len() >= 8, "{read:?}");
    assert_eq!(idnow_words(section("### Configuration")), read);
}
