#!/usr/bin/env bash
# Every Rust example of README.md and of sessions-api's doc comments compiles and runs in a crate
# whose only dependencies are sessions-api (features = ["fake"]) and tokio (macros, rt-multi-thread,
# time): the lines README gives a service.
#
# sessions-api's own doctests see every dependency of the crate (chrono, reqwest, futures,
# wiremock, ...), so an example naming `chrono::` instead of `sessions_api::chrono::` passes there
# and fails in a service. rustdoc has no stable way to run doctests against other dependencies, so
# `.ci/doc_examples.py` copies the doc text unchanged into a scratch crate under the target
# directory and rustdoc runs it there (`cargo test --doc`): hidden `# ` lines, `no_run`, `ignore`,
# `compile_fail` and the other attributes mean exactly what they mean in sessions-api. The number
# of doctests rustdoc ran must equal the number of Rust code blocks found, so that no block is
# silently skipped.
#
# Control: a doc comment whose example names bare `chrono::` must fail the same check.
#
# Last, README's way to read the fake's docs from a service ("Reading the API docs") is run in a
# scratch service with README's dependency lines: the command README gives writes the fake's page,
# and the form README says is refused is refused.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

target=${CARGO_TARGET_DIR:-target}
mkdir -p "$target/examples-check"
work=$(cd "$target/examples-check" && pwd)
# The scratch crates build into the workspace's target directory: the SDK's compiled dependencies
# are reused where their features agree.
export CARGO_TARGET_DIR
CARGO_TARGET_DIR=$(cd "$target" && pwd)

# Writes the scratch crate for README ($2, or "-") and the doc comments under $3..., runs its
# doctests, and checks that every code block ran. Output in $work/$1.log.
run_examples() {
  local name=$1 readme=$2
  shift 2
  local crate=$work/$name
  rm -rf "$crate"
  local blocks
  blocks=$(python3 .ci/doc_examples.py "$crate" sessions-api "$readme" "$@")
  # The workspace's resolved versions, so the scratch crate builds what CI tested.
  cp Cargo.lock "$crate/Cargo.lock"
  local status=0
  (cd "$crate" && cargo test --doc) >"$work/$name.log" 2>&1 || status=$?
  local ran
  ran=$(grep -E '^test result:' "$work/$name.log" |
    sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed; ([0-9]+) ignored.*/\1 \2 \3/' |
    awk '{ total += $1 + $2 + $3 } END { print total + 0 }')
  echo "$name: $blocks Rust code blocks, $ran doctests run"
  if [ "$status" -eq 0 ] && [ "$ran" -ne "$blocks" ]; then
    echo "$name: rustdoc ran $ran doctests for $blocks code blocks" >>"$work/$name.log"
    status=1
  fi
  return "$status"
}

echo "== README and sessions-api doc examples in a crate depending on sessions-api and tokio alone"
if ! run_examples service README.md sessions-api/src; then
  grep -E '^(error|---- |test result|failures:|    src/)|rustdoc ran' "$work/service.log" | head -60 >&2
  echo "examples: some examples do not compile or fail with only sessions-api and tokio as dependencies; full log: $work/service.log" >&2
  exit 1
fi

echo "== control: an example naming bare chrono:: fails the check"
fixture=$work/control-src
rm -rf "$fixture"
mkdir -p "$fixture"
cat >"$fixture/lib.rs" <<'EOF'
/// The time, as a service would not write it: `chrono` is a dependency of the SDK, not of a service.
///
/// ```
/// let now = chrono::Utc::now();
/// # drop(now);
/// ```
pub fn now() {}
EOF
if run_examples control - "$fixture"; then
  echo "control: an example naming bare chrono:: passed" >&2
  exit 1
fi
if ! grep -q 'chrono' "$work/control.log" || ! grep -q 'E0433' "$work/control.log"; then
  cat "$work/control.log" >&2
  echo "control: the example failed, but not because chrono is not a dependency" >&2
  exit 1
fi
echo "control: an example naming bare chrono:: fails the check (E0433: no crate chrono)"

echo "== README's command for the fake's docs, from a service with README's dependency lines"
reader=$work/docs-reader
rm -rf "$reader"
mkdir -p "$reader/src"
cat >"$reader/Cargo.toml" <<EOF
[package]
name = "your-service"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
sessions-api = { path = "$PWD/sessions-api" }
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }

[dev-dependencies]
sessions-api = { path = "$PWD/sessions-api", features = ["fake"] }

[workspace]

[profile.dev.package."*"]
debug = 0
EOF
echo '//! A service.' >"$reader/src/lib.rs"
cp Cargo.lock "$reader/Cargo.lock"
if (cd "$reader" && cargo doc -p sessions-api --features fake --no-deps) >"$work/docs-reader.log" 2>&1 ||
  ! grep -q 'cannot specify features for packages outside of workspace' "$work/docs-reader.log"; then
  cat "$work/docs-reader.log" >&2
  echo "docs: README says 'cargo doc -p sessions-api --features fake' is refused in a service; it was not, or not so" >&2
  exit 1
fi
rm -rf "$CARGO_TARGET_DIR/doc/sessions_api"
if ! (cd "$reader" && cargo doc --no-deps --features sessions-api/fake -p your-service -p sessions-api) >>"$work/docs-reader.log" 2>&1; then
  cat "$work/docs-reader.log" >&2
  echo "docs: README's command for the fake's docs failed" >&2
  exit 1
fi
if [ ! -f "$CARGO_TARGET_DIR/doc/sessions_api/fake/index.html" ]; then
  echo "docs: README's command did not write the fake's page" >&2
  exit 1
fi
echo "docs: README's command writes sessions_api/fake/index.html; the refused form is refused"
