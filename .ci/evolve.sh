#!/usr/bin/env bash
# The evolution corpus: compatible and breaking contract edits, each regenerated, checked and gated
# on a scratch copy of the workspace (see `cargo xtask evolve --list`).
exec "$(dirname "$0")/semver.sh" --evolve
