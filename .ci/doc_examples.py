#!/usr/bin/env python3
"""Writes a scratch crate whose doctests are the examples of README.md and of doc comments.

Usage: doc_examples.py CRATE_DIR SDK_DIR README SOURCE_DIR...

CRATE_DIR gets a Cargo.toml depending on the crate at SDK_DIR (features = ["fake"]) and tokio alone,
and a src/lib.rs whose crate docs are README (when not "-") and which has one empty module per doc
comment (of SOURCE_DIR/**/*.rs) that holds a code block, carrying that comment's text unchanged.
`cargo test --doc` in CRATE_DIR then runs every example the way rustdoc runs it in SDK_DIR, except
that only the dependencies a service declares are visible.

Prints the number of Rust code blocks written (fenced blocks rustdoc treats as Rust), so the caller
can compare it with the number of doctests rustdoc ran.
"""

import json
import os
import re
import sys

DOC_LINE = re.compile(r"^\s*(///|//!)(?!/)(.*)$")
FENCE = re.compile(r"^\s*(```+|~~~+)(.*)$")

# Code block attributes rustdoc understands (anything else marks a block as another language).
RUST_TAGS = {
    "rust",
    "ignore",
    "no_run",
    "compile_fail",
    "should_panic",
    "test_harness",
    "standalone_crate",
}


def is_rust(info: str) -> bool:
    tokens = [t for t in re.split(r"[\s,{}]+", info.strip()) if t]
    if not tokens:
        return True
    seen_other = False
    seen_rust = False
    for token in tokens:
        token = token.lstrip(".")
        if (
            token in RUST_TAGS
            or re.fullmatch(r"edition\d{4}", token)
            or re.fullmatch(r"E\d{4}", token)
            or token.startswith("ignore-")
        ):
            seen_rust = True
        else:
            seen_other = True
    return seen_rust or not seen_other


def rust_blocks(markdown: str) -> int:
    count = 0
    fence = None
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                count += is_rust(match.group(2))
        elif match and match.group(1).startswith(fence) and not match.group(2).strip():
            fence = None
    return count


def unindent(lines):
    """What rustdoc does to a sugared doc comment: drop the indentation common to its lines."""
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] if line.strip() else "" for line in lines]


def doc_comments(path):
    """Runs of `///` or `//!` lines in a file: (first line number, text)."""
    with open(path, encoding="utf-8") as file:
        lines = file.read().splitlines()
    for number, line in enumerate(lines, 1):
        if "/**" in line or "/*!" in line:
            sys.exit(f"{path}:{number}: block doc comments are not extracted; use `///` or `//!`")
    run, kind, start = [], None, 0
    for number, line in enumerate(lines, 1):
        match = DOC_LINE.match(line)
        if match and (kind is None or match.group(1) == kind):
            if kind is None:
                kind, start = match.group(1), number
            run.append(match.group(2))
            continue
        if run:
            yield start, "\n".join(unindent(run)) + "\n"
        run, kind = [], None
        if match:
            kind, start, run = match.group(1), number, [match.group(2)]
    if run:
        yield start, "\n".join(unindent(run)) + "\n"


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    crate, sdk, readme, sources = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    sdk = os.path.abspath(sdk)
    os.makedirs(os.path.join(crate, "src", "docs"), exist_ok=True)
    with open(os.path.join(crate, "Cargo.toml"), "w", encoding="utf-8") as file:
        file.write(
            f"""# Written by .ci/doc_examples.py: a service's dependency lines, nothing more.
[package]
name = "service-examples"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
sessions-api = {{ path = {json.dumps(sdk)}, features = ["fake"] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "time"] }}

[workspace]

# The SDK workspace's profile, so that its compiled dependencies are reused.
[profile.dev.package."*"]
debug = 0
"""
        )
    blocks = 0
    lib = ["//! Examples of sessions-api, as a service sees them.\n"]
    if readme != "-":
        with open(readme, encoding="utf-8") as file:
            blocks += rust_blocks(file.read())
        lib = [f"#![doc = include_str!({json.dumps(os.path.abspath(readme))})]\n"]
    for source in sources:
        for root, _, files in sorted(os.walk(source)):
            for name in sorted(files):
                if not name.endswith(".rs"):
                    continue
                path = os.path.join(root, name)
                for line, text in doc_comments(path):
                    count = rust_blocks(text)
                    if not count:
                        continue
                    blocks += count
                    # The module's name says where the comment is: `sessions_api_src_lib_rs_line_41`.
                    module = re.sub(r"\W", "_", f"{os.path.normpath(path)}_line_{line}")
                    with open(os.path.join(crate, "src", "docs", module + ".md"), "w") as out:
                        out.write(text)
                    lib.append(f'\n#[doc = include_str!("docs/{module}.md")]\npub mod {module} {{}}\n')
    with open(os.path.join(crate, "src", "lib.rs"), "w", encoding="utf-8") as file:
        file.write("".join(lib))
    print(blocks)


if __name__ == "__main__":
    main()
