#!/usr/bin/env python3
"""check_links.py OUTPUT: every HTML page of a built site has the landmarks
the theme promises and only relative links that lead to files of the
output; every Markdown briefing's links lead to files too. Links into
data/ are skipped (the JSON export may not have been built)."""
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()
        self.tags = {}
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if k in a and a[k] is not None:
                self.links.append(a[k])


def local_target(page, link):
    u = urlsplit(link)
    if u.scheme or link.startswith("//"):
        return None
    if not u.path:
        return None
    return os.path.normpath(os.path.join(os.path.dirname(page), unquote(u.path)))


def main():
    root = sys.argv[1]
    errors = []
    pages = 0
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if rel.startswith(("data" + os.sep, "xlsx" + os.sep)):
                continue
            if name.endswith(".html"):
                pages += 1
                p = Page()
                with open(path, encoding="utf-8") as f:
                    p.feed(f.read())
                if p.lang not in ("zh-CN", "en"):
                    errors.append(f"{rel}: html lang is {p.lang!r}")
                if p.tags.get("main") != 1 or p.tags.get("h1", 0) < 1:
                    errors.append(f"{rel}: needs one <main> and an <h1>")
                links = p.links
            elif name.endswith(".md"):
                with open(path, encoding="utf-8") as f:
                    links = re.findall(r"\]\(<?([^)>\s]+)>?\)", f.read())
            else:
                continue
            for link in links:
                target = local_target(path, link)
                if target is None:
                    continue
                trel = os.path.relpath(target, root)
                if trel.startswith("data" + os.sep):
                    continue
                if trel.startswith(".."):
                    errors.append(f"{rel}: link {link} leaves the output")
                elif not os.path.isfile(target):
                    errors.append(f"{rel}: link {link} leads nowhere")
    if pages < 10:
        errors.append(f"only {pages} pages")
    for e in errors[:40]:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
