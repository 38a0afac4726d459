#!/usr/bin/env python3
"""Finds links that lead nowhere in one crate's rustdoc output.

Usage: doc_links.py DOC_DIR CRATE

Reads every page of DOC_DIR/CRATE (and the crate's source pages) and reports:

- a relative link whose file does not exist, or whose `#fragment` names no element of that page;
- a link rustdoc could not turn into a URL and wrote out as it was (`href="crate::open_enums"`,
  `href="futures::Stream"`: an intra-doc link, resolved in the crate that wrote it, to an item that
  has no page here);
- an intra-doc link rustdoc left as text (`[<code>futures</code>]`).

rustdoc's own `-D warnings` sees none of these inside items re-exported from another crate, nor
links to a crate documented elsewhere (`--no-deps`). Links to other sites (`https://...`) are not
fetched. The text rustdoc copies from other crates' trait docs into the trait, auto-trait and
blanket implementation sections is not this crate's and is skipped (the signatures there are not).
Exits 1 when anything is found.
"""

import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# Sections whose docs come from the traits' own crates.
FOREIGN_SECTIONS = {
    "trait-implementations-list",
    "synthetic-implementations-list",
    "blanket-implementations-list",
}
UNRESOLVED_TEXT = re.compile(r"\[<code>[^<]*</code>\]|\[[A-Za-z_]\w*(?:::\w+)+\]")
SOURCE_LINES = re.compile(r"^\d+(-\d+)?$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Page(HTMLParser):
    """The links and element ids of one page, and what rustdoc left unresolved in it."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.ids = set()
        self.links = []  # (line, url, foreign)
        self.stack = []  # (tag, in a foreign section, in a foreign docblock) for open elements
        self.raw = ""

    def foreign(self):
        """Inside the text of another crate's trait docs."""
        return bool(self.stack) and self.stack[-1][2]

    def record(self, attrs):
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.links.append((self.getpos()[0], attrs[key], self.foreign()))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.record(attrs)
        if tag not in VOID:
            section = attrs.get("id") in FOREIGN_SECTIONS or (bool(self.stack) and self.stack[-1][1])
            docblock = "docblock" in (attrs.get("class") or "").split()
            foreign = (section and docblock) or (bool(self.stack) and self.stack[-1][2])
            self.stack.append((tag, section, foreign))

    def handle_startendtag(self, tag, attrs):
        self.record(dict(attrs))

    def handle_endtag(self, tag):
        if any(entry[0] == tag for entry in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass


def parse(path):
    page = Page()
    with open(path, encoding="utf-8") as file:
        text = file.read()
    page.feed(text)
    page.close()
    page.raw = text
    return page


def unresolved_text(page):
    """Literal `[path]` text outside the foreign sections (the parser's positions are lines)."""
    cut = len(page.raw)
    for section in FOREIGN_SECTIONS:
        at = page.raw.find(f'id="{section}"')
        if at != -1:
            cut = min(cut, at)
    for match in UNRESOLVED_TEXT.finditer(page.raw[:cut]):
        yield page.raw.count("\n", 0, match.start()) + 1, match.group(0)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    doc, crate = sys.argv[1], sys.argv[2]
    roots = [os.path.join(doc, crate), os.path.join(doc, "src", crate)]
    if not os.path.isfile(os.path.join(doc, crate, "index.html")):
        sys.exit(f"no docs at {os.path.join(doc, crate)}: run cargo doc first")
    pages = {}

    def page_of(path):
        if path not in pages:
            pages[path] = parse(path)
        return pages[path]

    problems = []
    checked = 0
    for root in roots:
        for directory, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                if not name.endswith(".html"):
                    continue
                path = os.path.join(directory, name)
                page = page_of(path)
                where = os.path.relpath(path, doc)
                # Source pages show doc comments as code: only rendered docs can leave a link as text.
                for line, text in ([] if root != roots[0] else unresolved_text(page)):
                    problems.append(f"{where}:{line}: unresolved intra-doc link left as text: {text}")
                for line, url, foreign in page.links:
                    checked += 1
                    problem = check(path, url, foreign, page_of)
                    if problem:
                        problems.append(f"{where}:{line}: {url}: {problem}")
    for problem in problems:
        print(problem)
    print(f"{checked} links in the docs of {crate}; {len(problems)} lead nowhere", file=sys.stderr)
    sys.exit(1 if problems else 0)


def check(path, url, foreign, page_of):
    if foreign or url in ("", "#"):
        return None
    if url.startswith(("http://", "https://", "mailto:", "javascript:", "data:")):
        return None
    if "::" in url or SCHEME.match(url):
        return "not a URL (an intra-doc link rustdoc could not resolve to a page)"
    parts = urlsplit(url)
    target = path
    if parts.path:
        target = os.path.normpath(os.path.join(os.path.dirname(path), unquote(parts.path)))
        if os.path.isdir(target):
            target = os.path.join(target, "index.html")
        if not os.path.isfile(target):
            return "no such file"
    fragment = parts.fragment
    if not fragment or not target.endswith(".html"):
        return None
    if SOURCE_LINES.match(fragment) and f"{os.sep}src{os.sep}" in target:
        return None  # source pages: line numbers, highlighted by rustdoc's script
    ids = page_of(target).ids
    if fragment not in ids and unquote(fragment) not in ids:
        return f"no element #{fragment} in {os.path.basename(target)}"
    return None


if __name__ == "__main__":
    main()
