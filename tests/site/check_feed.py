#!/usr/bin/env python3
"""check_feed.py FEED.xml: the Atom feed has what RFC 4287 requires: feed
id, title, updated and author; every entry an id (unique), a title, an
updated time in RFC 3339 form and an alternate link."""
import re
import sys
import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def main():
    root = ET.parse(sys.argv[1]).getroot()
    errors = []
    if root.tag != A + "feed":
        errors.append(f"root is {root.tag}")
    for k in ("id", "title", "updated", "author"):
        if root.find(A + k) is None:
            errors.append(f"feed has no {k}")
    ids = set()
    entries = root.findall(A + "entry")
    for e in entries:
        i = e.findtext(A + "id") or ""
        if not i or i in ids:
            errors.append(f"entry id {i!r} missing or repeated")
        ids.add(i)
        if not (e.findtext(A + "title") or "").strip():
            errors.append(f"entry {i} has no title")
        if not STAMP.match(e.findtext(A + "updated") or ""):
            errors.append(f"entry {i} has a bad updated time")
        if e.find(A + "link[@rel='alternate']") is None:
            errors.append(f"entry {i} has no alternate link")
    if not entries:
        errors.append("no entries")
    print("\n".join(errors[:20]))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
