#!/usr/bin/env bash
# The crates package, and a service built from the packages (not from this checkout) compiles no
# code generator. Cargo verifies each package by building it from its packaged sources (the generator
# crate first, then the SDK against it through cargo's local overlay registry); then a minimal
# service (.ci/consumer: one dependency line plus tokio, a test with the fake) is built against the
# unpacked crates and its dependency graph is searched for the generator's crates.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

echo "== cargo package: sessions-api-gen, then sessions-api (each verified by a build of its package)"
# The workspace's dependency profile, so the verification builds reuse its compiled dependencies.
cargo package -p sessions-api-gen -p sessions-api --allow-dirty \
  --config 'profile.dev.package."*".debug = 0'

version=$(cargo metadata --format-version 1 --no-deps \
  | sed -n 's/.*"name":"sessions-api","version":"\([^"]*\)".*/\1/p')
consumer=target/package-consumer
rm -rf "$consumer"
mkdir -p "$consumer/crates"
for crate in sessions-api-gen sessions-api; do
  tar -xzf "target/package/$crate-$version.crate" -C "$consumer/crates"
done
cp -r .ci/consumer/src .ci/consumer/tests "$consumer/"
# The workspace's lock file and profile, so the build reuses the workspace's compiled dependencies.
cp Cargo.lock "$consumer/"
cat > "$consumer/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
sessions-api = "$version"
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }

[dev-dependencies]
sessions-api = { version = "$version", features = ["fake"] }

# The packaged crates stand in for the registry's copies.
[patch.crates-io]
sessions-api = { path = "crates/sessions-api-$version" }
sessions-api-gen = { path = "crates/sessions-api-gen-$version" }

[profile.dev.package."*"]
debug = 0

[workspace]
TOML

echo "== a service built from the packaged crates"
(cd "$consumer" && CARGO_TARGET_DIR=../../target cargo build --quiet && CARGO_TARGET_DIR=../../target cargo test --quiet --no-run)

echo "== its dependency graph (normal and build dependencies) holds no code generator"
tree=$(cd "$consumer" && cargo tree -e normal,build --prefix none)
if echo "$tree" | grep -E '^(progenitor|progenitor-impl|typify|typify-impl|typify-macro|openapiv3|serde_yaml|serde_yaml_ng|regress|prettyplease) '; then
  echo "a service built from the packages compiles the generator (above)" >&2
  exit 1
fi
echo "$tree" | grep -E '^sessions-api(-gen)? ' | sort -u
echo "no generator crate in the service's graph ($(echo "$tree" | sort -u | wc -l) crates)"
