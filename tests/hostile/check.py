#!/usr/bin/env python3
"""check.py OUTPUT MD_HTML: the site built from tests/hostile is inert.

XML files (feed, sitemap) are well-formed. HTML pages and XML files
(parsed with html.parser, as a browser would tokenise them):
no <script>, <iframe>, <object>, <embed>, <style>, <img> or <form>; no
on* attribute; no href/src/action whose scheme is javascript:, data: or
vbscript: (after the whitespace and control characters browsers ignore);
and the payload text is still shown, escaped.

Markdown briefings: every line has one of the shapes the template writes,
no payload starts a line, and libcmark (via the MD_HTML tool) finds no raw
HTML, tables, quotes, code blocks, ordered or nested lists, no extra
thematic breaks and no unsafe links. Prints one line per problem."""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

BAD_TAGS = {"script", "iframe", "object", "embed", "style", "img", "form", "base", "meta_refresh"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}


def scheme(value):
    v = "".join(ch for ch in value if ord(ch) > 0x20 and ch not in "\t\n\r").lower()
    m = re.match(r"([a-z][a-z0-9+.-]*):", v)
    return m.group(1) if m else ""


class Page(HTMLParser):
    def __init__(self, rel, problems):
        super().__init__(convert_charrefs=True)
        self.rel = rel
        self.problems = problems
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        if tag in BAD_TAGS:
            self.problems.append(f"{self.rel}: <{tag}> element")
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append(f"{self.rel}: <{tag} {k}=...> event attribute")
            if k in URL_ATTRS and v is not None and scheme(v) in ("javascript", "data", "vbscript"):
                self.problems.append(f"{self.rel}: <{tag} {k}={v!r}>")
            if k == "style":
                self.problems.append(f"{self.rel}: <{tag} style=...> attribute")

    def handle_data(self, data):
        self.text.append(data)


LINE_SHAPES = [
    r"# \S", r"## \S", r"### \S", r"#### \S", r"- \S", r"\*\*\S", r"\* \* \*$",
]


def check_md(path, rel, md_html, problems):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if re.match(r"#+ (heading|---|\||<|```|=|\+|-|@)", line) or re.match(
                r"(---|\||<|```|\s{4}|>|\d+[.)] |=+$)", line):
            problems.append(f"{rel}:{i}: a payload starts a line: {line[:60]!r}")
        if not any(re.match(s, line) for s in LINE_SHAPES) and ord(line[0]) < 0x80:
            # the template's own paragraphs all start with a (Chinese) label
            problems.append(f"{rel}:{i}: unexpected paragraph line: {line[:60]!r}")
    html = subprocess.run([md_html, path], capture_output=True, text=True, check=True).stdout
    for bad in ("raw HTML omitted", "<table", "<blockquote", "<pre", "<ol", "<img", 'href=""'):
        if bad in html:
            problems.append(f"{rel}: cmark finds {bad!r}")
    if html.count("<hr />") != 1:
        problems.append(f"{rel}: {html.count('<hr />')} thematic breaks, expected 1")
    if html.count("<h1>") != 1 or html.count("<h2>") != 5:
        problems.append(f"{rel}: {html.count('<h1>')} h1 and {html.count('<h2>')} h2, expected 1 and 5")
    if re.search(r"<li>\s*<(ul|ol|p)", html) or re.search(r"<li>[^\n]*\n[^<]", html):
        problems.append(f"{rel}: a list item holds more than one line of text")
    for m in re.finditer(r'href="([^"]*)"', html):
        if scheme(m.group(1)) not in ("", "http", "https"):
            problems.append(f"{rel}: link to {m.group(1)!r}")


def main():
    root, md_html = sys.argv[1], sys.argv[2]
    problems = []
    pages = mds = 0
    shown = False
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if rel.startswith(("data" + os.sep, "xlsx" + os.sep)):
                continue
            if name.endswith(".xml"):
                try:
                    ET.parse(path)
                except ET.ParseError as e:
                    problems.append(f"{rel}: not well-formed XML: {e}")
            if name.endswith((".html", ".xml")):
                pages += 1
                p = Page(rel, problems)
                with open(path, encoding="utf-8") as f:
                    p.feed(f.read())
                p.close()
                if "alert(1)" in "".join(p.text) and "<script>" in "".join(p.text):
                    shown = True
            elif name.endswith(".md"):
                mds += 1
                check_md(path, rel, md_html, problems)
    if pages < 10 or mds < 3:
        problems.append(f"only {pages} pages and {mds} briefings")
    if not shown:
        problems.append("the payloads are not shown as text anywhere")
    for p in problems[:60]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
