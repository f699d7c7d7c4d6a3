#!/usr/bin/python3
"""Apply one random, valid change to one progress file of a site.

usage: mutate.py SITE SEED   (prints what it changed)

The kinds of change are those an editor makes: edit a summary, a status or
a percent, move an entry to another date, delete an entry, add one (dated
the reporting day, or in the past), change the reporting unit. The result
must still build; the incremental-build tests compare a rebuild after it
with a clean build.
"""
import datetime
import os
import random
import sys

import yaml


def files(site):
    root = os.path.join(site, "content", "progress")
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.join(d, n) for n in names if n.endswith(".yaml")]
    return sorted(out)


def main():
    site, seed = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(seed)
    with open(os.path.join(site, "content", "site.yaml"), encoding="utf-8") as f:
        as_of = yaml.safe_load(f).get("as_of")
    if isinstance(as_of, str):
        as_of = datetime.date.fromisoformat(as_of)
    cands = []
    for p in files(site):
        with open(p, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if isinstance(doc, dict) and doc.get("entries"):
            cands.append((p, doc))
    path, doc = rnd.choice(cands)
    ents = doc["entries"]
    i = rnd.randrange(len(ents))
    e = ents[i]
    kinds = ["summary", "status", "percent", "date", "delete", "add-new", "add-old", "unit"]
    kind = rnd.choice(kinds)
    if kind == "delete" and len(ents) < 2:
        kind = "summary"
    if kind == "summary":
        e["summary"] = str(e.get("summary", "")).rstrip("\n") + "（已更新）\n"
    elif kind == "status":
        e["status"] = rnd.choice(["未启动", "推进中", "已完成", "滞后", "暂停"])
    elif kind == "percent":
        e["percent"] = rnd.randrange(0, 101)
    elif kind == "date":
        d = e["date"]
        if isinstance(d, str):
            d = datetime.date.fromisoformat(d)
        nd = d + datetime.timedelta(days=rnd.choice([-200, -40, -3, 3, 40]))
        if as_of and nd > as_of:
            nd = as_of
        e["date"] = nd
    elif kind == "delete":
        del ents[i]
    elif kind in ("add-new", "add-old"):
        n = dict(e)
        n["summary"] = "新增进展：" + str(e.get("summary", "")).strip()[:40] + "\n"
        if kind == "add-new" and as_of:
            n["date"] = as_of
        ents.insert(i + 1, n)
    elif kind == "unit":
        units = sorted({x["unit"] for x in ents if x.get("unit")})
        if units and rnd.random() < 0.7:
            e["unit"] = rnd.choice(units)
        else:
            e.pop("unit", None)
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False)
    print("%s %s entry %d of %s" % (kind, os.path.relpath(path, site), i, len(ents)))


if __name__ == "__main__":
    main()
