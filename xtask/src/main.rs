//! `cargo xtask`: keeps the contract, the generated client and its snapshot honest.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use std::path::PathBuf;

use xtask::contract::{self, ContractArgs};
use xtask::diff::{self, Base, DiffArgs};
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
    /// Regenerate the client from spec/openapi.yaml and update its insta snapshot, and regenerate
    /// the check tables of docs/contract-tooling.md from the catalogues.
    Codegen,
    /// Check the contract: OpenAPI 3.0 parse, lint rules, examples against their schemas, the
    /// generated-client snapshot against what the current spec generates, and no breaking change
    /// against the released contract (spec/baseline.yaml) unless spec/breaking-allow.yaml accepts it,
    /// and the generated documentation tables current. Exit code 0: all pass; 1: findings; 2: the
    /// contract or its baseline could not be read or judged.
    Check {
        /// Compare against spec/openapi.yaml at this git revision instead of spec/baseline.yaml.
        #[arg(long, value_name = "GIT-REF", conflicts_with = "baseline")]
        base: Option<String>,
        /// Compare against this file instead of spec/baseline.yaml.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Check this contract instead of spec/openapi.yaml (against this workspace's examples,
        /// snapshot and documentation).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
    },
    /// Classify every change between two OpenAPI 3.0 documents as breaking (error), possibly
    /// breaking (warning) or compatible (info). Exit code 0: nothing at or above --fail-on that is
    /// not allowed; 1: such changes; 2: a document could not be judged.
    Diff(DiffArgs),
    /// Check real responses against the contract in strict mode: the live API (paged through, up
    /// to --max-pages) or recorded JSON files (--recorded DIR). Exit code 0: no finding reaches
    /// --fail-on; 1: one does; 2: the check could not run.
    Contract(Box<ContractArgs>),
    /// The release gate: the contract and the public Rust API of both crates against the last
    /// release (release.yaml), the version bump they require, and whether the versions carry it.
    ReleaseCheck,
    /// Record a revision (default HEAD) as the last release: release.yaml and spec/baseline.yaml.
    ReleaseRecord {
        /// The released revision.
        #[arg(long, value_name = "GIT-REF")]
        revision: Option<String>,
    },
    /// The evolution corpus: contract edits on a scratch copy, regenerated, checked and gated.
    Evolve(xtask::evolve::EvolveArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen => codegen::run(),
        Command::Check {
            base,
            baseline,
            spec,
        } => {
            let base = match (base, baseline) {
                (Some(reference), _) => Base::GitRef(reference),
                (None, Some(path)) => Base::File(path),
                (None, None) => Base::File(diff::baseline_path()),
            };
            match spec {
                Some(spec) => check::run_spec(&spec, &base),
                None => check::run(&base),
            }
        }
        Command::Diff(args) => diff::run(&args),
        Command::Contract(args) => contract::run(&args),
        Command::ReleaseCheck => xtask::release::run_check(),
        Command::ReleaseRecord { revision } => xtask::release::run_record(revision.as_deref()),
        Command::Evolve(args) => xtask::evolve::run(&args),
    };
    xtask::report::exit(result)
}
