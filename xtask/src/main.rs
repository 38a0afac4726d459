//! `cargo xtask`: keeps the contract, the generated client and its snapshot honest.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use xtask::{check, codegen};

/// Contract tooling for the sessions SDK workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the client from spec/openapi.yaml and update its insta snapshot.
    Codegen,
    /// Check the contract: OpenAPI 3.0 parse, lint rules, examples against their schemas, and the
    /// generated-client snapshot against what the current spec generates.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen => codegen::run(),
        Command::Check => check::run(),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
