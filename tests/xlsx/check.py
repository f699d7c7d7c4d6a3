#!/usr/bin/python3
"""Read the built workbooks back with openpyxl and check them against the
open data of the same build (output/data/*.json): the sheets, headers, row
counts, a sample of cells per sheet, links, validations, protection, frozen
panes, autofilters, print setup, formats and conditional formats.

usage: check.py workbooks ROOT OUT [--cm-rows N] [--hostile] [--tag T]
       check.py lo XLSX CSVDIR     (LibreOffice's CSVs carry the same content)

ROOT is the site root (for site.yaml), OUT the output folder of the build.
--cm-rows N: workbooks whose progress log has more than N rows (default
50000, as duban's) must be written in constant_memory mode (inline strings,
no merged cells), the others with shared strings. --hostile: every cell holding text must be a
string, never a formula, and every hyperlink http(s) or internal.
Prints `pass NAME` / `fail NAME: why` lines."""
import csv
import datetime
import json
import os
import re
import sys
import unicodedata
import zipfile

import openpyxl
import yaml
from openpyxl.utils import get_column_letter

STATUS_KEYS = ["not_started", "in_progress", "done", "delayed", "suspended"]
LIGHT_KEYS = ["green", "blue", "yellow", "red"]

LABELS = {
    "zh-CN": {
        "status": ["未启动", "推进中", "已完成", "滞后", "暂停"],
        "light": ["绿", "蓝", "黄", "红"],
        "plan_sheets": ["概览", "任务分工", "责任单位", "进展记录", "指标"],
        "pairs_sheet": "结对关系",
        "unit_sheets": ["任务清单", "填报说明"],
        "ledger_a": ["序号", "领域", "任务", "主要内容", "牵头单位"],
        "units": "责任单位",
        "units_side": "责任单位（{}）",
        "ledger_b": ["完成时限", "状态", "进度", "序时进度", "预警", "提示", "最新进展", "更新日期"],
        "plan": "方案",
        "units_head": ["单位", "地区", "层级", "牵头任务", "参与任务", "任务数"],
        "units_tail": ["逾期", "报送次数"],
        "log": ["日期", "序号", "任务", "单位", "状态", "进度", "进展情况", "来源", "来源网址"],
        "inds": ["序号", "类别", "指标", "计量单位", "基期值", "目标值", "年均/累计", "属性",
                 "最新实际值", "数据日期", "完成率", "是否达标", "序时目标", "低于序时目标"],
        "pairs": ["序号", "类别", "上海结对区", "结对地区", "结对县（市、区）", "起始", "依据", "备注"],
        "unit": ["编号", "方案", "序号", "任务", "主要内容", "角色", "完成时限", "当前状态", "当前进度",
                 "序时进度", "预警", "提示", "最新进展", "更新日期", "本期进展", "本期状态", "本期进度（%）"],
        "lead": "牵头", "resp": "参与", "total": "合计", "yes": "是", "no": "否",
        "annual": "年均", "cumulative": "累计",
    },
    "en": {
        "status": ["Not started", "In progress", "Done", "Delayed", "Suspended"],
        "light": ["Green", "Blue", "Yellow", "Red"],
        "plan_sheets": ["Overview", "Tasks", "Units", "Progress log", "Indicators"],
        "pairs_sheet": "Pairings",
        "unit_sheets": ["Task list", "How to fill in"],
        "ledger_a": ["No.", "Area", "Task", "Content", "Lead units"],
        "units": "Responsible units",
        "units_side": "Responsible units ({})",
        "ledger_b": ["Due", "Status", "Progress", "Expected", "Warning", "Flags", "Latest progress", "Updated"],
        "plan": "Plan",
        "units_head": ["Unit", "Region", "Level", "Tasks as lead", "Tasks as responsible", "Tasks"],
        "units_tail": ["Overdue", "Reports"],
        "log": ["Date", "No.", "Task", "Unit", "Status", "Progress", "Summary", "Source", "Source URLs"],
        "inds": ["No.", "Category", "Indicator", "Unit", "Baseline", "Target", "Annual/cumulative",
                 "Nature", "Latest actual", "Actual as of", "Attainment", "Met", "Expected by now", "Behind"],
        "pairs": ["No.", "Programme", "District", "Partner", "Counties", "Since", "Source", "Notes"],
        "unit": ["Ref", "Plan", "No.", "Task", "Content", "Role", "Due", "Current status", "Current progress",
                 "Expected", "Warning", "Flags", "Latest progress", "Updated", "Progress this period",
                 "Status now", "Progress now (%)"],
        "lead": "lead", "resp": "responsible", "total": "Total", "yes": "yes", "no": "no",
        "annual": "annual", "cumulative": "cumulative",
    },
}

MD_SYNTAX = re.compile(r"[*_`\[\]<>#|\\!&]|^\s*[-+>]|^\s*\d+[.)]\s|\n")


TAG = ""  # --tag T: names read xlsx[T]/... to tell builds apart


def report(name, problems):
    if TAG:
        name = name.replace("xlsx/", f"xlsx[{TAG}]/", 1)
    if problems:
        print(f"fail {name}: " + "; ".join(str(p) for p in problems[:4]) +
              (f" (+{len(problems) - 4} more)" if len(problems) > 4 else ""))
    else:
        print(f"pass {name}")


def walk(items, out):
    for it in items:
        out.append(it)
        walk(it.get("children", []), out)
    return out


def is_heading(it):
    return any(c.get("state") for c in it.get("children", []))


def path_numbers(it, parents):
    return "".join((p.get("number") or "") for p in parents) + (it.get("number") or "")


def day(v):
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    return v


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return isinstance(a, (int, float)) and abs(a - b) < 1e-9


def pct(v):
    return None if v is None else v / 100.0


def display_width(s):
    best = cur = 0
    for ch in s:
        if ch == "\n":
            cur = 0
            continue
        cur += 2 if unicodedata.east_asian_width(ch) in "WF" else (0 if unicodedata.combining(ch) else 1)
        best = max(best, cur)
    return best


class Build:
    def __init__(self, root, out):
        self.root, self.out = root, out
        data = os.path.join(out, "data")
        load = lambda n: json.load(open(os.path.join(data, n), encoding="utf-8"))
        self.site = load("site.json")
        self.plans = load("plans.json")
        self.units = load("units.json")
        self.progress = load("progress.json")
        self.pairings = load("pairings.json")
        self.cfg = yaml.safe_load(open(os.path.join(root, "content", "site.yaml"), encoding="utf-8-sig"))
        self.lang = self.site.get("language") or "zh-CN"
        self.L = LABELS["en" if self.lang == "en" else "zh-CN"]
        self.current = [e for e in self.progress if not e.get("after_as_of")]
        self.items = {}      # ref -> (item, parents, plan)
        for p in self.plans:
            self._index(p, p["items"], [])
        self.unit_by_id = {u["id"]: u for u in self.units}

    def _index(self, plan, items, parents):
        for it in items:
            self.items[it["ref"]] = (it, parents, plan)
            self._index(plan, it.get("children", []), parents + [it])

    def status(self, key):
        return self.L["status"][STATUS_KEYS.index(key)] if key else None

    def light(self, key):
        return self.L["light"][LIGHT_KEYS.index(key)] if key else None

    def plan_label(self, plan):
        return plan.get("doc_number") or plan["title"]


def sheet_xml(path):
    """Sheet name -> the sheet's XML text, from the workbook's relationships."""
    z = zipfile.ZipFile(path)
    wb = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    target.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet name="([^"]*)" sheetId="\d+" r:id="(rId\d+)"', wb):
        name = name.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        out[name] = z.read("xl/" + target[rid]).decode()
    return z, out


class Checker:
    def __init__(self, b, cm_rows, hostile):
        self.b, self.cm_rows, self.hostile = b, cm_rows, hostile
        self.L = b.L

    # ---- generic sheet properties ----

    def table_props(self, name, ws, ncols, freeze="A2"):
        p = []
        if ws.freeze_panes != freeze:
            p.append(f"frozen at {ws.freeze_panes}, want {freeze}")
        want = f"A1:{get_column_letter(ncols)}{max(ws.max_row, 1)}"
        if ws.auto_filter.ref != want:
            p.append(f"autofilter {ws.auto_filter.ref}, want {want}")
        if ws.print_title_rows != "$1:$1":
            p.append(f"print titles {ws.print_title_rows}")
        hdr = [c.font.b for c in ws[1][:ncols]]
        if not all(hdr):
            p.append("header row not bold")
        report(f"{name}/table", p)

    def page_props(self, name, ws, xml):
        p = []
        ps = ws.page_setup
        if ps.orientation != "landscape":
            p.append(f"orientation {ps.orientation}")
        if str(ps.paperSize) != "9":
            p.append(f"paper {ps.paperSize}")
        fit = ws.sheet_properties.pageSetUpPr
        if not (fit and fit.fitToPage) or str(ps.fitToHeight) != "0" or ps.fitToWidth not in (None, 1, "1"):
            p.append(f"fit to page {fit and fit.fitToPage} {ps.fitToWidth}x{ps.fitToHeight}")
        m = re.search(r"<oddHeader>(.*?)</oddHeader>", xml)
        title = ws.title.replace("&", "&amp;amp;")
        if not m or not m.group(1).startswith("&amp;C") or not m.group(1).endswith(title):
            p.append(f"page header {m and m.group(1)!r}")
        m = re.search(r"<oddFooter>(.*?)</oddFooter>", xml)
        as_of = self.b.site["as_of"]
        y, mo, d = (int(x) for x in as_of.split("-"))
        shown = as_of if self.b.lang == "en" else f"{y}年{mo}月{d}日"
        if not m or shown not in m.group(1) or "&amp;P" not in m.group(1) or "&amp;N" not in m.group(1):
            p.append(f"footer {m and m.group(1)!r}")
        report(f"{name}/page", p)

    def cells(self, name, ws):
        """Strings stay strings: no formulas anywhere; links only http(s) or internal."""
        p = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if c.data_type == "f":
                    p.append(f"{c.coordinate} is a formula: {c.value!r}")
                if isinstance(c.value, str) and c.data_type != "s":
                    p.append(f"{c.coordinate} is {c.data_type}: {c.value!r}")
                if isinstance(c.value, str) and len(c.value.encode("utf-16-le")) // 2 > 32767:
                    p.append(f"{c.coordinate} longer than Excel's cell limit")
                h = c.hyperlink
                if h is not None and h.target and not re.match(r"https?://", h.target, re.I):
                    p.append(f"{c.coordinate} links to {h.target!r}")
        report(f"{name}/cells-are-text", p)

    def cf(self, name, ws, cols, nrows):
        """Conditional formats over the status and light columns."""
        p = []
        if nrows == 0:
            report(f"{name}/conditional-formats", p)
            return
        rules = {}
        for rng in ws.conditional_formatting:
            rules[str(rng.sqref)] = [r.formula[0] for r in rng.rules]
        for col, kind in cols:
            letter = get_column_letter(col + 1)
            ref = colref(letter, nrows)
            labels = self.L["status"] if kind == "status" else self.L["light"]
            want = [f'"{x}"' for x in labels]
            if rules.get(ref) != want:
                p.append(f"{ref}: {rules.get(ref)}")
        report(f"{name}/conditional-formats", p)

    def formats(self, name, ws, date_cols, pct_cols):
        p = []
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if c.value is None:
                    continue
                if c.column - 1 in date_cols and c.number_format != "yyyy-mm-dd":
                    p.append(f"{c.coordinate} date format {c.number_format}")
                if c.column - 1 in pct_cols and c.number_format != "0.0%":
                    p.append(f"{c.coordinate} percent format {c.number_format}")
                if c.column - 1 in date_cols and not isinstance(c.value, datetime.datetime):
                    p.append(f"{c.coordinate} is not a date: {c.value!r}")
        report(f"{name}/number-formats", p)

    def mode(self, name, path, nlog, ws_with_areas):
        z = zipfile.ZipFile(path)
        shared = "xl/sharedStrings.xml" in z.namelist()
        want_cm = nlog > self.cm_rows
        p = []
        if want_cm and shared:
            p.append("shared strings in constant_memory mode")
        if not want_cm and not shared:
            p.append("no shared strings table")
        merged = len(ws_with_areas.merged_cells.ranges) if ws_with_areas is not None else 0
        if want_cm and merged:
            p.append(f"{merged} merged ranges in constant_memory mode")
        report(f"{name}/mode-{'constant-memory' if want_cm else 'shared-strings'}", p)
        return want_cm

    def doc_props(self, name, wb, z, title):
        p = []
        pr = wb.properties
        cfg = self.b.cfg
        author = cfg.get("author") or cfg.get("publisher") or cfg.get("title")
        if pr.title != title:
            p.append(f"title {pr.title!r}, want {title!r}")
        if pr.creator != author:
            p.append(f"author {pr.creator!r}, want {author!r}")
        app = z.read("docProps/app.xml").decode()
        m = re.search(r"<Company>(.*?)</Company>", app, re.S)
        company = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&") if m else None
        if (cfg.get("company") or None) != (company or None):
            p.append(f"company {company!r}")
        if pr.created is None or pr.created.date().isoformat() != self.b.site["as_of"]:
            p.append(f"created {pr.created}")
        report(f"{name}/properties", p)

    def header(self, name, ws, want):
        got = [c.value for c in ws[1]][: len(want)]
        extra = [c.value for c in ws[1]][len(want):]
        p = []
        if got != want or any(v is not None for v in extra):
            p.append(f"header {got + extra}, want {want}")
        report(f"{name}/header", p)

    # ---- plan and combined workbooks ----

    def ledger(self, name, ws, plans, combined):
        L, b = self.L, self.b
        head = ([L["plan"]] if combined else []) + L["ledger_a"]
        sided = []
        if not combined and plans[0]["sides"]:
            sided = list(plans[0]["sides"])
            head += [L["units_side"].format(s) for s in sided]
            anyunsided = any(u.get("side") is None for it in walk(plans[0]["items"], []) for u in it["units"])
            if anyunsided:
                head.append(L["units"])
        else:
            head.append(L["units"])
        head += L["ledger_b"]
        self.header(f"{name}/任务分工", ws, head)
        col = {h: i for i, h in enumerate(head)}
        off = 1 if combined else 0
        rows = []
        for plan in plans:
            if combined:
                rows.append(("plan", plan, None))
            def rec(items, parents):
                for it in items:
                    if it.get("state"):
                        rows.append(("area" if is_heading(it) else "task", it, parents))
                    rec(it.get("children", []), parents + [it])
            rec(plan["items"], [])
        p = []
        if ws.max_row != len(rows) + 1:
            p.append(f"{ws.max_row - 1} rows, want {len(rows)}")
        report(f"{name}/任务分工/rows", p)
        p = []
        merged = {str(r).split(":")[0] for r in ws.merged_cells.ranges}
        ntask = 0
        for r, (kind, it, parents) in enumerate(rows, start=2):
            v = lambda h: ws.cell(r, col[h] + 1).value
            if kind == "plan":
                if ws.cell(r, 2).value != it["title"]:
                    p.append(f"row {r}: plan {ws.cell(r, 2).value!r}")
                continue
            if kind == "area":
                want = (it.get("number") or "") + it["title"]
                if ws.cell(r, 1 + off).value != want:
                    p.append(f"row {r}: area {ws.cell(r, 1 + off).value!r}, want {want!r}")
                continue
            ntask += 1
            st = it["state"]
            checks = [
                (L["ledger_a"][0], it["number"]),
                (L["ledger_a"][2], it["title"]),
                (L["ledger_b"][1], b.status(st["status"])),
                (L["ledger_b"][4], b.light(st["light"])),
            ]
            if parents:
                par = parents[-1]
                checks.append((L["ledger_a"][1], path_numbers(par, parents[:-1]) + par["title"]))
            if not combined and not sided:
                checks.append((L["ledger_a"][4], "、".join(u["printed"] for u in it["lead"]) or None))
                checks.append((L["units"], "、".join(u["printed"] for u in it["units"]) or None))
            for s in sided:
                checks.append((L["units_side"].format(s),
                               "、".join(u["printed"] for u in it["units"] if u.get("side") == s) or None))
            if combined:
                checks.append((L["plan"], b.plan_label(it_plan(b, it))))
            body = it.get("body") or ""
            if body and not MD_SYNTAX.search(body.strip()):
                checks.append((L["ledger_a"][3], body.strip()))
            for h, want in checks:
                if v(h) != want:
                    p.append(f"row {r} {h}: {v(h)!r}, want {want!r}")
            if day(v(L["ledger_b"][0])) != it["due"]:
                p.append(f"row {r} due {v(L['ledger_b'][0])!r}, want {it['due']}")
            if not close(v(L["ledger_b"][2]), pct(st["percent"])):
                p.append(f"row {r} percent {v(L['ledger_b'][2])!r}, want {st['percent']}")
            if not close(v(L["ledger_b"][3]), pct(st["expected"])):
                p.append(f"row {r} expected {v(L['ledger_b'][3])!r}, want {st['expected']}")
            latest = b.progress[st["latest"]] if st.get("latest") is not None else None
            if day(v(L["ledger_b"][7])) != (latest["date"] if latest else None):
                p.append(f"row {r} updated {v(L['ledger_b'][7])!r}")
            if latest and not (v(L["ledger_b"][6]) or "").endswith(("）", ")")):
                p.append(f"row {r} latest {v(L['ledger_b'][6])!r}")
            flags = v(L["ledger_b"][5]) or ""
            if bool(st["overdue"]) != (("逾期" if b.lang != "en" else "overdue") in flags):
                p.append(f"row {r} flags {flags!r} (overdue {st['overdue']})")
        report(f"{name}/任务分工/cells", p)
        nrows = len(rows)
        self.cf(f"{name}/任务分工", ws, [(col[L["ledger_b"][1]], "status"), (col[L["ledger_b"][4]], "light")], nrows)
        self.formats(f"{name}/任务分工", ws, {col[L["ledger_b"][0]], col[L["ledger_b"][7]]},
                     {col[L["ledger_b"][2]], col[L["ledger_b"][3]]})
        self.table_props(f"{name}/任务分工", ws, len(head))
        return ntask

    def units_sheet(self, name, ws, plans, combined):
        L, b = self.L, self.b
        head = L["units_head"] + L["status"] + L["light"] + L["units_tail"]
        self.header(f"{name}/责任单位", ws, head)
        ids = {p["id"] for p in plans}
        want = []
        for u in b.units:
            items = [x for x in u["view"]["items"] if x["item"].split("/")[0] in ids]
            if items:
                want.append((u, items))
        p = []
        if ws.max_row != len(want) + 1:
            p.append(f"{ws.max_row - 1} rows, want {len(want)}")
        for r, (u, items) in enumerate(want, start=2):
            row = [c.value for c in ws[r]]
            if row[0] != u["name"]:
                p.append(f"row {r}: unit {row[0]!r}, want {u['name']!r}")
                continue
            if combined:
                counts = [len(items)] + [u["view"]["counts"]["status"][k] for k in STATUS_KEYS] + \
                         [u["view"]["counts"]["light"][k] for k in LIGHT_KEYS] + \
                         [u["view"]["overdue"], u["view"]["reports"]]
            else:
                states = [b.items[x["item"]][0]["state"] for x in items]
                reports = sum(1 for e in b.current if e.get("unit") == u["id"] and e["item"].split("/")[0] in ids)
                counts = [len(items)] + [sum(s["status"] == k for s in states) for k in STATUS_KEYS] + \
                         [sum(s["light"] == k for s in states) for k in LIGHT_KEYS] + \
                         [sum(bool(s["overdue"]) for s in states), reports]
            if row[5:5 + len(counts)] != counts:
                p.append(f"row {r} {u['id']}: counts {row[5:5 + len(counts)]}, want {counts}")
            nlead = sum(1 for x in items if x["role"] == "lead")
            lines = (row[3] or "").count("\n") + 1 if row[3] else 0
            if lines != nlead:
                p.append(f"row {r} {u['id']}: {lines} lead lines, want {nlead}")
        report(f"{name}/责任单位/rows-and-counts", p)
        # widths count East Asian characters as two (names are short, under the cap)
        names = [u["name"] for u, _ in want] + [head[0]]
        wantw = min(max(max(display_width(n) for n in names) + 2, 10), 30)
        gotw = ws.column_dimensions["A"].width
        report(f"{name}/责任单位/cjk-width", [] if gotw and int(gotw) == wantw else [f"width {gotw}, want {wantw}"])
        self.table_props(f"{name}/责任单位", ws, len(head), freeze="B2")

    def log_sheet(self, name, ws, plans, combined):
        L, b = self.L, self.b
        head = ([L["plan"]] if combined else []) + L["log"]
        self.header(f"{name}/进展记录", ws, head)
        ids = {p["id"] for p in plans}
        ents = [e for e in b.current if e["item"].split("/")[0] in ids]
        off = 1 if combined else 0
        p = []
        if ws.max_row != len(ents) + 1:
            p.append(f"{ws.max_row - 1} rows, want {len(ents)}")
        report(f"{name}/进展记录/rows", p)
        p = []
        links = 0
        cm = len(ents) > self.cm_rows
        for r, e in enumerate(ents, start=2):
            cell = lambda k: ws.cell(r, off + k + 1)
            it, parents, plan = b.items[e["item"]]
            unit = e.get("unit_printed") or (b.unit_by_id[e["unit"]]["name"] if e.get("unit") else None)
            checks = [(0, e["date"], day(cell(0).value)), (1, path_numbers(it, parents), cell(1).value),
                      (2, it["title"], cell(2).value), (3, unit, cell(3).value),
                      (4, b.status(e.get("status")), cell(4).value)]
            if not MD_SYNTAX.search(e["summary"].strip()):
                checks.append((6, e["summary"].strip(), cell(6).value))
            for k, want, got in checks:
                if got != want:
                    p.append(f"row {r} {head[off + k]}: {got!r}, want {want!r}")
            if not close(cell(5).value, pct(e.get("percent"))):
                p.append(f"row {r} percent {cell(5).value!r}, want {e.get('percent')}")
            url = next((s["url"] for s in e["sources"] if s.get("url") and re.match(r"https?://", s["url"], re.I)), None)
            h = cell(7).hyperlink
            got = None
            if h is not None and h.target:
                got = h.target + ("#" + h.location if h.location else "")
            # constant_memory workbooks show sources as text: libxlsxwriter
            # keeps every link in memory until the sheet is closed
            linkable = (url and len(url) <= 255 and not cm
                        and not re.search(r'[\s"<>\\\x7f-\U0010ffff]', url))
            if (url if linkable else None) != got:
                p.append(f"row {r} link {got!r}, want {url!r}")
            links += got is not None
            if combined and cell(-1).value != b.plan_label(plan):
                p.append(f"row {r} plan {cell(-1).value!r}")
        report(f"{name}/进展记录/cells-and-links", p)
        self.cf(f"{name}/进展记录", ws, [(off + 4, "status")], len(ents))
        self.formats(f"{name}/进展记录", ws, {off}, {off + 5})
        self.table_props(f"{name}/进展记录", ws, len(head))
        return len(ents)

    def inds_sheet(self, name, ws, plans, combined):
        L, b = self.L, self.b
        head = ([L["plan"]] if combined else []) + L["inds"]
        self.header(f"{name}/指标", ws, head)
        off = 1 if combined else 0
        inds = [i for p in plans for i in p["indicators"]]
        p = []
        if ws.max_row != len(inds) + 1:
            p.append(f"{ws.max_row - 1} rows, want {len(inds)}")
        for r, ind in enumerate(inds, start=2):
            cell = lambda k: ws.cell(r, off + k + 1).value
            target = ind.get("target_text") or ind.get("target")
            checks = [(2, ind["name"]), (5, target), (6, L["cumulative"] if ind["mode"] == "cumulative" else L["annual"]),
                      (7, ind.get("nature"))]
            for k, want in checks:
                if cell(k) != want and not close(cell(k), want):
                    p.append(f"row {r} {head[off + k]}: {cell(k)!r}, want {want!r}")
            if not close(cell(8), ind.get("actual")):
                p.append(f"row {r} actual {cell(8)!r}, want {ind.get('actual')}")
            if not close(cell(10), pct(ind.get("attainment"))):
                p.append(f"row {r} attainment {cell(10)!r}, want {ind.get('attainment')}")
            met = None if ind.get("attainment") is None else (L["yes"] if ind["met"] else L["no"])
            if cell(11) != met:
                p.append(f"row {r} met {cell(11)!r}, want {met!r}")
        report(f"{name}/指标/rows-and-cells", p)
        self.table_props(f"{name}/指标", ws, len(head))

    def pairs_sheet(self, name, ws):
        L, b = self.L, self.b
        self.header(f"{name}/结对关系", ws, L["pairs"])
        p = []
        if ws.max_row != len(b.pairings) + 1:
            p.append(f"{ws.max_row - 1} rows, want {len(b.pairings)}")
        for r, pr in enumerate(b.pairings, start=2):
            row = [c.value for c in ws[r]]
            want = [r - 1, pr["program"], pr["district"], pr["partner"], "、".join(pr["counties"]) or None]
            if row[:5] != want:
                p.append(f"row {r}: {row[:5]}, want {want}")
        report(f"{name}/结对关系/rows", p)
        self.table_props(f"{name}/结对关系", ws, len(L["pairs"]))

    def overview(self, name, ws, title, plans, combined, others, z, xml):
        L, b = self.L, self.b
        p = []
        if ws["A1"].value != title:
            p.append(f"A1 {ws['A1'].value!r}, want {title!r}")
        links = []
        for row in ws.iter_rows():
            for c in row:
                if c.hyperlink is not None and c.hyperlink.location:
                    links.append(c.hyperlink.location)
        want = [f"'{n}'!A1" for n in others]
        if links != want:
            p.append(f"links {links}, want {want}")
        report(f"{name}/概览/links", p)
        p = []
        vals = [[c.value for c in row] for row in ws.iter_rows()]
        totals = [r for r in vals if r and r[0] == L["total"]]
        if combined:
            s = b.site
            want = [s["tasks"]] + [s["counts"]["status"][k] for k in STATUS_KEYS] + \
                   [s["counts"]["light"][k] for k in LIGHT_KEYS] + [s["overdue"]]
            byplan = {r[0]: r for r in vals if r and r[0] in {pl["title"] for pl in plans}}
            for pl in plans:
                st = pl["state"]
                wp = [st.get("tasks", 0)] + [st["counts"]["status"][k] for k in STATUS_KEYS] + \
                     [st["counts"]["light"][k] for k in LIGHT_KEYS] + [st.get("overdue_tasks", 0)]
                got = byplan.get(pl["title"], [None] * 13)[1:12]
                if got != wp:
                    p.append(f"{pl['id']}: {got}, want {wp}")
        else:
            st = plans[0]["state"]
            if "counts" in st:
                want = [st["tasks"]] + [st["counts"]["status"][k] for k in STATUS_KEYS] + \
                       [st["counts"]["light"][k] for k in LIGHT_KEYS] + [st["overdue_tasks"]]
            else:
                want = [0] * 11
        if len(totals) != 1 or totals[0][1:12] != want:
            p.append(f"total row {totals and totals[0][1:12]}, want {want}")
        report(f"{name}/概览/counts", p)
        names = z.namelist()
        has_chart = any(n.startswith("xl/charts/chart") for n in names) and "<drawing " in xml
        report(f"{name}/概览/chart", [] if has_chart else ["no chart"])

    def plan_book(self, path, plans, combined):
        b, L = self.b, self.L
        rel = os.path.relpath(path, os.path.join(b.out, "xlsx"))
        name = f"xlsx/{rel}"
        try:
            wb = openpyxl.load_workbook(path)
            z, xml = sheet_xml(path)
        except Exception as e:
            report(f"{name}/open", [f"{type(e).__name__}: {e}"])
            return
        sheets = list(L["plan_sheets"]) + ([L["pairs_sheet"]] if combined else [])
        report(f"{name}/sheets", [] if wb.sheetnames == sheets else [f"{wb.sheetnames}, want {sheets}"])
        if wb.sheetnames != sheets:
            return
        title = b.site.get("title") if combined else plans[0]["title"]
        self.doc_props(name, wb, z, title)
        ov, led, un, lg, ind = (wb[n] for n in sheets[:5])
        self.ledger(name, led, plans, combined)
        self.units_sheet(name, un, plans, combined)
        nlog = self.log_sheet(name, lg, plans, combined)
        self.inds_sheet(name, ind, plans, combined)
        if combined:
            self.pairs_sheet(name, wb[sheets[5]])
        self.overview(name, ov, title, plans, combined, sheets[1:], z, xml[sheets[0]])
        self.mode(name, path, nlog, led)
        for ws in wb.worksheets:
            self.page_props(f"{name}/{ws.title}", ws, xml[ws.title])
            if self.hostile:
                self.cells(f"{name}/{ws.title}", ws)

    # ---- unit workbooks ----

    def unit_book(self, path, unit):
        b, L = self.b, self.L
        name = f"xlsx/units/{unit['id']}.xlsx"
        try:
            wb = openpyxl.load_workbook(path)
            z, xml = sheet_xml(path)
        except Exception as e:
            report(f"{name}/open", [f"{type(e).__name__}: {e}"])
            return
        report(f"{name}/sheets", [] if wb.sheetnames == L["unit_sheets"] else [f"{wb.sheetnames}"])
        if wb.sheetnames != L["unit_sheets"]:
            return
        ws, help_ws = wb[L["unit_sheets"][0]], wb[L["unit_sheets"][1]]
        self.header(name, ws, L["unit"])
        items = unit["view"]["items"]
        p = []
        if ws.max_row != len(items) + 1:
            p.append(f"{ws.max_row - 1} rows, want {len(items)}")
        n = len(L["unit"])
        for r, x in enumerate(items, start=2):
            it, parents, plan = b.items[x["item"]]
            st = it["state"]
            row = [c.value for c in ws[r]]
            want = [x["item"], plan["title"], path_numbers(it, parents), it["title"]]
            if row[:4] != want:
                p.append(f"row {r}: {row[:4]}, want {want}")
            if row[5] != (L["lead"] if x["role"] == "lead" else L["resp"]):
                p.append(f"row {r} role {row[5]!r}")
            if day(row[6]) != it["due"] or row[7] != b.status(st["status"]) or row[10] != b.light(st["light"]):
                p.append(f"row {r} state {row[6:11]}")
            if not close(row[8], pct(st["percent"])) or not close(row[9], pct(st["expected"])):
                p.append(f"row {r} percents {row[8:10]}")
            for c in ws[r][: n - 3]:
                if c.protection.locked is False:
                    p.append(f"{c.coordinate} unlocked")
                    break
            for c in ws[r][n - 3: n]:
                if c.protection.locked is not False:
                    p.append(f"{c.coordinate} locked")
                if c.value is not None:
                    p.append(f"{c.coordinate} not empty")
        report(f"{name}/rows", p)
        p = []
        if not ws.protection.sheet or not help_ws.protection.sheet:
            p.append("sheets not protected")
        if ws.protection.password or help_ws.protection.password:
            p.append("protected with a password")
        if not ws.protection.autoFilter is False and ws.protection.autoFilter:
            p.append("autofilter not allowed on the protected sheet")
        report(f"{name}/protection", p)
        p = []
        dv = {str(v.sqref): v for v in ws.data_validations.dataValidation}
        last = len(items) + 1
        col = lambda k: colref(get_column_letter(n - 3 + k + 1), len(items))
        if items:
            text = dv.get(col(0))
            status = dv.get(col(1))
            num = dv.get(col(2))
            if not text or not text.showInputMessage or not text.prompt:
                p.append(f"progress text validation {text}")
            want = '"' + ",".join(L["status"]) + '"'
            if not status or status.type != "list" or status.formula1 != want or not status.prompt:
                p.append(f"status validation {status and (status.type, status.formula1)}")
            if not num or num.type != "whole" or num.operator not in (None, "between") or \
                    (num.formula1, num.formula2) != ("0", "100") or not num.prompt:
                p.append(f"percent validation {num and (num.type, num.operator, num.formula1, num.formula2)}")
            if len(dv) != 3:
                p.append(f"{len(dv)} validations")
        report(f"{name}/validation", p)
        title = f"{unit['name']} - Task list" if b.lang == "en" else f"{unit['name']} 任务清单"
        self.doc_props(name, wb, z, title)
        self.cf(name, ws, [(7, "status"), (10, "light")], len(items))
        self.formats(name, ws, {6, 13}, {8, 9})
        self.table_props(name, ws, n)
        for s in wb.worksheets:
            self.page_props(f"{name}/{s.title}", s, xml[s.title])
            if self.hostile:
                self.cells(f"{name}/{s.title}", s)

    def run(self):
        b = self.b
        xdir = os.path.join(b.out, "xlsx")
        want = {"all.xlsx"} | {f"{p['id']}.xlsx" for p in b.plans} | \
               {f"units/{u['id']}.xlsx" for u in b.units if u["view"]["items"]}
        have = set()
        for dp, _, fs in os.walk(xdir):
            for f in fs:
                have.add(os.path.relpath(os.path.join(dp, f), xdir))
        report("xlsx/files", [] if have == want else [f"missing {sorted(want - have)[:5]}", f"extra {sorted(have - want)[:5]}"])
        self.plan_book(os.path.join(xdir, "all.xlsx"), b.plans, True)
        for p in b.plans:
            self.plan_book(os.path.join(xdir, f"{p['id']}.xlsx"), [p], False)
        for u in b.units:
            if u["view"]["items"]:
                self.unit_book(os.path.join(xdir, "units", f"{u['id']}.xlsx"), u)


def colref(letter, nrows):
    """The range of a column's data rows (2..nrows+1) as Excel writes it."""
    return f"{letter}2" if nrows == 1 else f"{letter}2:{letter}{nrows + 1}"


def it_plan(b, it):
    return b.items[it["ref"]][2]


# ---- LibreOffice's CSVs ----

def shown(c):
    v = c.value
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, bool):
        return str(v).upper()
    if isinstance(v, (int, float)):
        if c.number_format == "0.0%":
            return f"{v * 100:.1f}%"
        if float(v).is_integer():
            return str(int(v))
        return None  # General decimals: compared as numbers
    return v


def lo_compare(xlsx, csvdir):
    wb = openpyxl.load_workbook(xlsx)
    stem = os.path.splitext(os.path.basename(xlsx))[0]
    p = []
    for ws in wb.worksheets:
        fn = os.path.join(csvdir, f"{stem}-{ws.title}.csv")
        if len(wb.worksheets) == 1 and not os.path.exists(fn):
            fn = os.path.join(csvdir, f"{stem}.csv")
        if not os.path.exists(fn):
            p.append(f"no CSV for sheet {ws.title}")
            continue
        with open(fn, encoding="utf-8", newline="") as f:
            lo = [r for r in csv.reader(f)]
        ours = [[c for c in row] for row in ws.iter_rows()]
        trim = lambda r: r[: max([i + 1 for i, x in enumerate(r) if x != ""] or [0])]
        lo = [trim(r) for r in lo]
        while lo and not lo[-1]:
            lo.pop()
        if len(lo) != len(ours):
            p.append(f"{ws.title}: {len(lo)} rows in LibreOffice, {len(ours)} in openpyxl")
            continue
        for r, (a, row) in enumerate(zip(lo, ours), start=1):
            b = trim([shown(c) if shown(c) is not None else "?" for c in row])
            for k, c in enumerate(row[: len(b)]):
                if b[k] == "?":
                    try:
                        ok = k < len(a) and abs(float(a[k]) - float(c.value)) < 1e-6 * max(1, abs(c.value))
                    except ValueError:
                        ok = False
                    b[k] = a[k] if ok else f"{c.value!r}"
            if a != b:
                p.append(f"{ws.title} row {r}: {a[:6]} != {b[:6]}")
                break
    report(f"xlsx/libreoffice/{os.path.basename(xlsx)}", p)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "lo":
        lo_compare(sys.argv[2], sys.argv[3])
        return
    args = sys.argv[2:]
    cm_rows, hostile = 50000, False
    if "--cm-rows" in args:
        i = args.index("--cm-rows")
        cm_rows = int(args[i + 1])
        del args[i: i + 2]
    if "--tag" in args:
        global TAG
        i = args.index("--tag")
        TAG = args[i + 1]
        del args[i: i + 2]
    if "--hostile" in args:
        hostile = True
        args.remove("--hostile")
    b = Build(args[0], args[1])
    Checker(b, cm_rows, hostile).run()


if __name__ == "__main__":
    main()
