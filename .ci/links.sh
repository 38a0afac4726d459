#!/usr/bin/env bash
# The API docs of sessions-api with the fake, as `cargo doc --no-deps` writes them, have no link
# that leads nowhere: every relative link names an existing page and anchor, and no intra-doc link
# is left unresolved, including inside items re-exported from sessions-api-gen (rustdoc's
# `-D warnings` does not see those). `.ci/doc_links.py` reads the pages.
#
# Control: two scratch crates where a re-exported item links to a module that has no page, the crate
# root names a crate that is not documented, and a link names a missing anchor. rustdoc accepts them
# with `-D warnings`; the check must report each of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

target=${CARGO_TARGET_DIR:-target}
work=$target/links
mkdir -p "$work"

echo "== links in the docs of sessions-api (feature fake), as a reader gets them (--no-deps)"
# Only this crate's pages: a page of another crate left by an earlier `cargo doc` must not make a
# link look alive.
rm -rf "$target/doc"
cargo doc -p sessions-api --features fake --no-deps
python3 .ci/doc_links.py "$target/doc" sessions_api

echo "== control: links rustdoc accepts that lead nowhere are reported"
control=$work/control
rm -rf "$control"
mkdir -p "$control/upstream/src" "$control/downstream/src"
cat >"$control/upstream/Cargo.toml" <<'EOF'
[package]
name = "upstream"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]
EOF
cat >"$control/upstream/src/lib.rs" <<'EOF'
//! A crate whose item is re-exported.

pub mod inner {
    //! The module the re-exported item links to.

    /// A re-exported item; see [the module](crate::inner).
    pub struct Thing;
}
EOF
cat >"$control/downstream/Cargo.toml" <<'EOF'
[package]
name = "downstream"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
upstream = { path = "../upstream" }

[workspace]
EOF
cat >"$control/downstream/src/lib.rs" <<'EOF'
//! Names the crate [`upstream`], whose docs are not built; links to
//! [a missing anchor](struct.Thing.html#no-such-anchor).

pub use upstream::inner::Thing;
EOF
(cd "$control/downstream" && RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet)
if python3 .ci/doc_links.py "$control/downstream/target/doc" downstream >"$control/report.txt" 2>&1; then
  cat "$control/report.txt"
  echo "control: the link check passed docs with links that lead nowhere" >&2
  exit 1
fi
cat "$control/report.txt"
for expected in 'crate::inner: not a URL' 'left as text: \[<code>upstream</code>\]' 'no element #no-such-anchor'; do
  if ! grep -q "$expected" "$control/report.txt"; then
    echo "control: the link check did not report: $expected" >&2
    exit 1
  fi
done
echo "control: a link inside a re-exported item, an unresolved crate name and a missing anchor are all reported"
