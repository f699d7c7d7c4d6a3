#!/usr/bin/env python3
"""Check the built open data against tests/content/*.expect.

Each .expect line is `KIND ARGS…`, numbers counted from the source documents:
  items TOP N            items below top-level item TOP (all levels)
  tasks_with_units N     items that carry units
  unit_mentions N        unit names listed over all items
  units ITEM TEXT        the item's units_text, exact
  title ITEM TEXT        the item's title, exact
  body ITEM PREFIX       the item's body starts with PREFIX
  district NAME N        (pairings.expect) counties of NAME's pairings sourced from shanghai-14th
  total N                (pairings.expect) counties over the pairings sourced from shanghai-14th
Prints `pass NAME` / `fail NAME: why` lines."""
import json
import os
import sys


def walk(items, out):
    for it in items:
        out.append(it)
        walk(it.get("children", []), out)
    return out


def main():
    data, expdir = sys.argv[1], sys.argv[2]
    plans = {p["id"]: p for p in json.load(open(os.path.join(data, "plans.json"), encoding="utf-8"))}
    pairings = json.load(open(os.path.join(data, "pairings.json"), encoding="utf-8"))
    for fn in sorted(os.listdir(expdir)):
        if not fn.endswith(".expect"):
            continue
        pid = fn[: -len(".expect")]
        for lineno, raw in enumerate(open(os.path.join(expdir, fn), encoding="utf-8"), 1):
            line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith(("units", "title", "body")) else raw.rstrip("\n")
            if not line.strip():
                continue
            kind, _, rest = line.partition(" ")
            name = f"content/{pid}:{lineno}:{kind}"
            try:
                got, want = check(kind, rest, pid, plans, pairings)
            except Exception as e:  # a missing plan or item is a failure, not a crash
                print(f"fail {name}: {type(e).__name__}: {e}")
                continue
            if got == want:
                print(f"pass {name}")
            else:
                print(f"fail {name}: expected {want!r}, got {got!r}")


def check(kind, rest, pid, plans, pairings):
    if kind in ("district", "total"):
        sourced = [p for p in pairings if p.get("source") == "shanghai-14th"]
        if kind == "total":
            return sum(len(p["counties"]) for p in sourced), int(rest)
        d, n = rest.rsplit(" ", 1)
        return sum(len(p["counties"]) for p in sourced if p["district"] == d), int(n)
    plan = plans[pid]
    allitems = walk(plan["items"], [])
    byid = {it["id"]: it for it in allitems}
    if kind == "items":
        top, n = rest.split()
        t = next(i for i in plan["items"] if i["id"] == top)
        return len(walk(t.get("children", []), [])), int(n)
    if kind == "tasks_with_units":
        return sum(1 for it in allitems if it["units"] or it["lead"]), int(rest.split()[0])
    if kind == "unit_mentions":
        return sum(len(it["units"]) + len(it["lead"]) for it in allitems), int(rest.split()[0])
    item, _, text = rest.partition(" ")
    text = text.split("    #", 1)[0].strip()
    it = byid[item]
    if kind == "units":
        return it["units_text"], text
    if kind == "title":
        return it["title"], text
    if kind == "body":
        return (it["body"] or "")[: len(text)], text
    raise ValueError(f"unknown kind {kind}")


main()
