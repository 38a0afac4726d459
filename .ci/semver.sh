#!/usr/bin/env bash
# The release gate: the contract and the public Rust API of sessions-api-gen and sessions-api
# against the last release (release.yaml), with cargo-semver-checks installed if missing.
# `.ci/semver.sh --evolve` also runs the evolution corpus (cargo xtask evolve).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

wanted='0.51'
if ! cargo semver-checks --version 2>/dev/null | grep -q "^cargo-semver-checks ${wanted//./\\.}\."; then
  echo "== installing cargo-semver-checks ${wanted} (once; kept in ~/.cargo/bin)"
  cargo install --locked cargo-semver-checks --version "^${wanted}"
fi

# The release revision must be present (a shallow clone may lack it).
revision=$(sed -n 's/^revision: *//p' release.yaml | tr -d "'\"")
if ! git cat-file -e "${revision}^{commit}" 2>/dev/null; then
  git fetch --quiet --unshallow 2>/dev/null || git fetch --quiet origin "${revision}" || true
fi

echo "== release gate (cargo xtask release-check)"
cargo xtask release-check

if [ "${1:-}" = "--evolve" ]; then
  echo "== evolution corpus (cargo xtask evolve)"
  cargo xtask evolve
fi
