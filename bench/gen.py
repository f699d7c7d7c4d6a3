#!/usr/bin/python3
"""bench/gen.py - a synthetic corpus for the benchmark, from a seed.

Writes, under OUT:
  site/   a duban site root (content/ in the documented format)
  hugo/   the same plans, items and entries as a Hugo site
  floor/  the same Markdown texts and workbook rows, for the floor programs

Same scale and seed give byte-identical trees: the only randomness is
random.Random(seed).random(), whose sequence Python keeps stable across
versions, and every collection is walked in an explicit order.

usage: gen.py --scale small|medium|large [--seed N] [--plans P --items I
              --entries E] --out OUT
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import sys

SCALES = {
    "small": (5, 150, 1500),
    "medium": (100, 5000, 50000),
    "large": (400, 20000, 200000),
}
AS_OF = datetime.date(2025, 6, 30)
HERE = os.path.dirname(os.path.abspath(__file__))


class Rng:
    """Integers and choices drawn only from random() (stable across Pythons)."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def int(self, lo, hi):
        return lo + int(self.r.random() * (hi - lo + 1))

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.int(0, len(seq) - 1)]

    def sample(self, seq, k):
        pool = list(seq)
        for i in range(k):
            j = self.int(i, len(pool) - 1)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def real(self, lo, hi):
        return lo + self.r.random() * (hi - lo)


# ---------------------------------------------------------------- vocabulary

# (city/district full, city/district short, county full, county short)
DEPTS = [
    ("发展和改革委员会", "发展改革委", "发展和改革局", "发改局"),
    ("经济和信息化委员会", "经济信息化委", "工业和信息化局", "工信局"),
    ("商务委员会", "商务委", "商务局", "商务局"),
    ("教育委员会", "教委", "教育局", "教育局"),
    ("科学技术委员会", "科委", "科学技术局", "科技局"),
    ("卫生健康委员会", "卫生健康委", "卫生健康局", "卫健局"),
    ("农业农村委员会", "农业农村委", "农业农村局", "农业农村局"),
    ("文化和旅游局", "文化旅游局", "文化和旅游局", "文旅局"),
    ("财政局", "财政局", "财政局", "财政局"),
    ("人力资源和社会保障局", "人力资源社会保障局", "人力资源和社会保障局", "人社局"),
    ("生态环境局", "生态环境局", "生态环境局", "生态环境局"),
    ("国有资产监督管理委员会", "国资委", "国有资产服务中心", "国资中心"),
    ("规划和自然资源局", "规划资源局", "自然资源局", "自然资源局"),
    ("住房和城乡建设管理委员会", "住房城乡建设管理委", "住房和城乡建设局", "住建局"),
    ("交通委员会", "交通委", "交通运输局", "交通运输局"),
    ("市场监督管理局", "市场监管局", "市场监督管理局", "市场监管局"),
    ("民政局", "民政局", "民政局", "民政局"),
    ("体育局", "体育局", "体育局", "体育局"),
]
DISTRICTS = [
    ("浦东新区", "pd"), ("黄浦区", "hp"), ("徐汇区", "xh"), ("长宁区", "cn"),
    ("静安区", "ja"), ("普陀区", "pt"), ("虹口区", "hk"), ("杨浦区", "yp"),
    ("闵行区", "mh"), ("宝山区", "bs"), ("嘉定区", "jd"), ("金山区", "js"),
    ("松江区", "sj"), ("青浦区", "qp"), ("奉贤区", "fx"), ("崇明区", "cm"),
]
# (county, id slug, prefecture, province)
COUNTIES = [
    ("大田县", "datian", "三明市", "福建省"), ("将乐县", "jiangle", "三明市", "福建省"),
    ("泰宁县", "taining", "三明市", "福建省"), ("建宁县", "jianning", "三明市", "福建省"),
    ("宁化县", "ninghua", "三明市", "福建省"), ("清流县", "qingliu", "三明市", "福建省"),
    ("明溪县", "mingxi", "三明市", "福建省"), ("尤溪县", "youxi", "三明市", "福建省"),
    ("金寨县", "jinzhai", "六安市", "安徽省"), ("霍山县", "huoshan", "六安市", "安徽省"),
    ("舒城县", "shucheng", "六安市", "安徽省"), ("霍邱县", "huoqiu", "六安市", "安徽省"),
    ("元阳县", "yuanyang", "红河州", "云南省"), ("绿春县", "lvchun", "红河州", "云南省"),
    ("红河县", "honghe", "红河州", "云南省"), ("金平县", "jinping", "红河州", "云南省"),
]
KINDS = ["行动计划", "实施方案", "工作方案"]
SECTIONS = [
    "开展红色文化传承行动", "推进乡村振兴合作", "深化产业协作", "加强生态环境共保联治",
    "促进公共服务共建共享", "深化干部人才交流", "拓展消费帮扶", "推动文旅融合发展",
    "加强科技创新合作", "推进基础设施互联互通", "深化教育卫生合作", "加强劳务协作",
]
VERBS = ["推进", "深化", "加强", "支持", "建设", "完善", "推动", "开展", "打造", "培育",
         "拓展", "提升", "健全", "促进"]
OBJECTS = [
    "产业合作园区", "农特产品产销对接", "红色文化资源保护", "医疗卫生人才交流", "教育结对帮扶",
    "文旅融合发展", "数字经济合作", "生态环境共保联治", "劳务协作", "消费帮扶", "基础设施互联互通",
    "科技创新平台", "干部人才双向挂职", "乡村振兴示范村", "公共服务共建共享", "招商引资",
    "绿色低碳发展", "飞地经济", "职业技能培训", "特色小镇建设", "冷链物流体系", "品牌农业",
]
MEASURES = ["加强组织领导", "完善工作机制", "强化资金保障", "加强宣传引导", "强化督促检查"]
OUTLETS = [
    ("新华网", "xinhua"), ("人民网", "people"), ("中国新闻网", "chinanews"), ("东南网", "fjsen"),
    ("解放日报", "jfdaily"), ("文汇报", "whb"), ("上海发布", "shanghaifabu"), ("澎湃新闻", "thepaper"),
    ("东方网", "eastday"), ("三明日报", "smrb"), ("六安日报", "larb"), ("云南日报", "yndaily"),
]
# (name, unit, target low, target high, mode)
INDICATORS = [
    ("财政援助资金", "亿元", 2, 50, "cumulative"), ("引进企业", "家", 20, 300, "cumulative"),
    ("实施合作项目", "个", 10, 120, "cumulative"), ("培训干部人才", "人次", 500, 20000, "cumulative"),
    ("消费帮扶金额", "亿元", 1, 30, "cumulative"), ("劳务协作转移就业", "人", 1000, 30000, "cumulative"),
    ("共建产业园区", "个", 1, 6, "cumulative"), ("结对帮扶村", "个", 10, 200, "cumulative"),
    ("医疗卫生人才交流", "人次", 50, 2000, "cumulative"), ("农产品进沪销售额", "亿元", 1, 40, "annual"),
    ("游客人次年均增长", "%", 5, 20, "annual"),
]
STATUS_ZH = ["未启动", "推进中", "已完成", "滞后", "暂停"]


# ---------------------------------------------------------------- YAML text

_PLAIN_FIRST = re.compile(r"[^\x00-\x7f]|[A-Za-z]")
_BAD = re.compile(r": | #|[\x00-\x1f\"]|:$")
_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def q(s):
    """A scalar for a block context: plain when that is safe, else double-quoted."""
    if s and _PLAIN_FIRST.match(s) and not _BAD.search(s) and s.lower() not in _WORDS \
            and not s.endswith(" "):
        return s
    return json.dumps(s, ensure_ascii=False)


def qf(s):
    """A scalar inside a flow list."""
    return json.dumps(s, ensure_ascii=False) if re.search(r"[,\[\]{}]", s) else q(s)


def flow(xs):
    return "[" + ", ".join(qf(x) for x in xs) + "]"


def block(out, ind, key, text):
    """key: | with text as a literal block."""
    out.append(f"{ind}{key}: |\n")
    pad = ind + "  "
    for line in text.rstrip("\n").split("\n"):
        out.append(pad + line + "\n" if line else "\n")


def num(x):
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


# ---------------------------------------------------------------- the corpus

def make_units(rng):
    units = [
        {"id": "sh-gov", "name": "上海市人民政府", "short": "市政府", "region": "上海市", "level": "市"},
        {"id": "sh-districts", "name": "相关区政府", "collective": True, "region": "上海市", "level": "区"},
        {"id": "sh-members", "name": "市领导小组成员单位", "collective": True, "region": "上海市",
         "level": "市级部门"},
    ]
    for k, d in enumerate(DEPTS):
        units.append({"id": f"sh-d{k:02d}", "name": "上海市" + d[0], "short": "市" + d[1],
                      "region": "上海市", "level": "市级部门", "parent": "sh-gov"})
    by_region = {}
    for name, slug in DISTRICTS:
        gov = {"id": f"{slug}-gov", "name": f"上海市{name}人民政府", "short": name + "政府",
               "aliases": ["区政府"], "region": name, "level": "区", "parent": "sh-gov"}
        mine = [gov]
        for k in sorted(rng.sample(range(len(DEPTS)), 5)):
            d = DEPTS[k]
            mine.append({"id": f"{slug}-d{k:02d}", "name": f"上海市{name}{d[0]}", "short": name + d[1],
                         "aliases": [d[1]], "region": name, "level": "区级部门", "parent": gov["id"]})
        by_region[name] = mine
        units += mine
    for name, slug, pref, prov in COUNTIES:
        gov = {"id": f"{slug}-gov", "name": f"{name}人民政府", "short": name + "政府",
               "aliases": ["县政府"], "region": name, "level": "县"}
        mine = [gov]
        for k in sorted(rng.sample(range(len(DEPTS)), 5)):
            d = DEPTS[k]
            u = {"id": f"{slug}-d{k:02d}", "name": name + d[2], "short": name + d[3],
                 "aliases": [d[3]], "region": name, "level": "县级部门", "parent": gov["id"]}
            mine.append(u)
        by_region[name] = mine
        units += mine
    for u in units:
        if u.get("short") == u["name"]:
            del u["short"]
    return units, by_region


def sentence(rng, a, b):
    v1, v2 = rng.pick(VERBS), rng.pick(VERBS)
    o1, o2 = rng.pick(OBJECTS), rng.pick(OBJECTS)
    return f"支持{a}与{b}在{o1}方面{v1}合作，{v2}{o2}，形成一批可复制可推广的经验做法。"


def body_text(rng, a, b, n):
    """Markdown as editors write it: paragraphs, some emphasis, lists and links."""
    paras = []
    for _ in range(n):
        s = sentence(rng, a, b)
        if rng.chance(0.3):
            o = rng.pick(OBJECTS)
            s = s.replace(o, f"**{o}**", 1)
        paras.append(s + sentence(rng, b, a))
    if rng.chance(0.2):
        paras.append("重点做好以下工作：\n\n" + "\n".join(
            f"- {rng.pick(VERBS)}{rng.pick(OBJECTS)}；" for _ in range(rng.int(2, 4))))
    if rng.chance(0.15):
        paras.append(f"详见[{b}人民政府网站](https://www.example.gov.cn/{rng.int(1000, 9999)}/index.html)。")
    return "\n\n".join(paras) + "\n"


def make_tree(rng, n, a, b):
    """Items in document order: (depth, number, title, kind) with exactly n items.
    kind: 'text' (body, no units), 'head' (heading), 'task'."""
    zh = "一二三四五六七八九十"
    nums = ["（" + c + "）" for c in zh] + [f"（十{c}）" for c in zh[:9]] + \
           [f"（二十{c}）" if c else "（二十）" for c in [""] + list(zh[:9])]

    def sub(k):
        return nums[k] if k < len(nums) else f"（{k + 1}）"

    measures = rng.int(3, 4)
    rest = n - 3 - (1 + measures)
    out = [(0, "一、", "总体要求", "head", "1"), (1, "（一）", "指导思想", "text", "1.1"),
           (1, "（二）", "主要目标", "text", "1.2")]
    out.append((0, "二、", "重点任务", "head", "2"))
    rem, s = rest - 1, 0
    while rem > 0:
        if rem == 1 and s > 0:
            last = sum(1 for x in out if x[4].startswith(f"2.{s}."))
            out.append((2, f"{last + 1}.", rng.pick(VERBS) + rng.pick(OBJECTS), "task", f"2.{s}.{last + 1}"))
            break
        s += 1
        leaves = rem - 1 if rem <= 8 else rng.int(2, min(6, rem - 4))
        out.append((1, sub(s - 1), SECTIONS[(s - 1) % len(SECTIONS)], "head", f"2.{s}"))
        for k in range(leaves):
            out.append((2, f"{k + 1}.", rng.pick(VERBS) + rng.pick(OBJECTS), "task", f"2.{s}.{k + 1}"))
        rem -= 1 + leaves
    out.append((0, "三、", "保障措施", "head", "3"))
    for k in range(measures):
        out.append((1, sub(k), MEASURES[k], "task", f"3.{k + 1}"))
    return out


def iso(d):
    return d.isoformat()


def make_plan(rng, i, nitems, units, by_region):
    dname, dslug = DISTRICTS[i % len(DISTRICTS)]
    cname, cslug, pref, prov = COUNTIES[(i * 7 + i // len(DISTRICTS)) % len(COUNTIES)]
    y = 2021 + i % 3
    kind = KINDS[i % len(KINDS)]
    sided = i % 3 != 2
    signed = datetime.date(y, rng.int(2, 5), rng.int(1, 28))
    p = {
        "id": f"{dslug}-{cslug}-{i + 1:04d}",
        "title": f"上海市{dname}与{cname}对口合作{kind}（{y}—{y + 2}年）",
        "doc_number": f"{dname[:1]}府〔{y}〕{rng.int(1, 120)}号",
        "kind": kind,
        "issuers": [f"上海市{dname}人民政府", f"{cname}人民政府"],
        "signed": signed,
        "issued": signed + datetime.timedelta(days=rng.int(2, 10)),
        "start": datetime.date(y, 1, 1),
        "end": datetime.date(y + 2, 12, 31),
        "regions": [dname, cname],
        "sides": [dname, cname] if sided else [],
        "district": dname, "county": cname,
    }
    p["notice"] = f"现将《{p['title']}》印发给你们，请认真贯彻执行。\n"
    p["preamble"] = body_text(rng, dname, cname, 1)
    city = [u for u in units if u["region"] == "上海市" and not u.get("collective")]
    items = []
    for depth, number, title, kind_, iid in make_tree(rng, nitems, dname, cname):
        it = {"id": iid, "number": number, "title": title, "depth": depth, "task": kind_ == "task"}
        if kind_ == "text":
            it["body"] = body_text(rng, dname, cname, rng.int(1, 2))
        elif kind_ == "task":
            it["body"] = body_text(rng, dname, cname, rng.int(1, 3))
            it["units"] = task_units(rng, p, city, by_region)
            if rng.chance(0.2):
                it["due"] = datetime.date(rng.int(y, y + 2), 12, 31)
            if not sided and rng.chance(0.15):
                it["lead"] = [it["units"][0][1]]
        items.append(it)
    p["items"] = items
    inds = []
    for k, j in enumerate(sorted(rng.sample(range(len(INDICATORS)), rng.int(4, 8)))):
        name, unit, lo, hi, mode = INDICATORS[j]
        inds.append({"id": f"ind-{k + 1:02d}", "name": name, "unit": unit, "target": rng.int(lo, hi),
                     "mode": mode, "nature": "约束性" if rng.chance(0.3) else "预期性"})
    p["indicators"] = inds
    return p


def task_units(rng, p, city, by_region):
    """1–6 responsible units as (side or None, printed name, unit)."""
    n = rng.int(1, 6)
    if p["sides"]:
        a, b = p["sides"]
        na = rng.int(1, min(n, 5)) if n > 1 else 1
        nb = min(n - na, 5)
        got = [(a, u) for u in rng.sample(by_region[a], na)] + \
              [(b, u) for u in rng.sample(by_region[b], nb)]
        # under a side the short alias is enough, as documents print it
        return [(s, u["aliases"][0] if rng.chance(0.7) else u["name"], u) for s, u in got]
    pool = city + by_region[p["district"]] + by_region[p["county"]]
    return [(None, u.get("short", u["name"]), u) for u in rng.sample(pool, n)]


def units_text(units):
    sides = []
    for s, name, _ in units:
        if not sides or sides[-1][0] != s:
            sides.append((s, []))
        sides[-1][1].append(name)
    return "；".join("、".join(names) for _, names in sides)


def make_entries(rng, p, n):
    """n progress entries of plan p, each a dict; in date order per task."""
    tasks = [it for it in p["items"] if it["task"]]
    per = {it["id"]: [] for it in tasks}
    lo = p["signed"]
    span = (AS_OF - lo).days
    for _ in range(n):
        it = tasks[rng.int(0, len(tasks) - 1)]
        per[it["id"]].append(lo + datetime.timedelta(days=rng.int(0, span)))
    inds = p["indicators"]
    entries = []
    for it in tasks:
        dates = sorted(per[it["id"]])
        reach = rng.real(0.5, 1.15)
        for k, d in enumerate(dates):
            pct = min(100, int(100 * reach * (k + 1) / len(dates)))
            e = {"date": d, "item": f"{p['id']}/{it['id']}", "task": it}
            if rng.chance(0.8):
                e["unit"] = rng.pick(it["units"])[2]["name"] if it["units"] else None
            if rng.chance(0.95):
                e["status"] = 2 if pct == 100 else (3 if rng.chance(0.1) else
                                                    (4 if rng.chance(0.02) else 1))
            if rng.chance(0.9):
                e["percent"] = pct
            e["summary"] = summary(rng, p, e)
            if rng.chance(0.2):
                # cumulative values are increments summed by duban; annual ones are levels
                e["values"] = [(ind["id"], round(ind["target"] * (rng.real(0.01, 0.08) if
                                                                  ind["mode"] == "cumulative" else
                                                                  rng.real(0.6, 1.2)), 2))
                               for ind in rng.sample(inds, rng.int(1, 2))]
            e["sources"] = []
            for _ in range(rng.int(1, 2)):
                outlet, slug = rng.pick(OUTLETS)
                sd = min(AS_OF, d + datetime.timedelta(days=rng.int(0, 3)))
                e["sources"].append({
                    "title": f"{p['district']}与{p['county']}{rng.pick(VERBS)}{rng.pick(OBJECTS)}",
                    "outlet": outlet,
                    "url": f"https://{slug}.example.cn/{sd:%Y-%m}/{sd:%d}/content_{rng.int(10**7, 10**8 - 1)}.htm",
                    "date": sd})
            entries.append(e)
    entries.sort(key=lambda e: (e["date"], e["item"]))
    return entries


def summary(rng, p, e):
    who = e.get("unit") or p["county"]
    res = rng.pick([
        f"签约合作项目{rng.int(2, 30)}个，总投资{rng.int(1, 200)}亿元",
        f"举办对接活动{rng.int(1, 12)}场，参与企业{rng.int(10, 300)}家",
        f"完成培训{rng.int(50, 3000)}人次",
        f"实现销售额{rng.int(100, 90000)}万元",
        f"新增结对{rng.int(2, 40)}对",
        f"累计投入资金{rng.int(100, 50000)}万元",
    ])
    s = f"{who}{rng.pick(VERBS)}{rng.pick(OBJECTS)}，{res}。"
    if rng.chance(0.6):
        s += f"{p['district']}与{p['county']}围绕{rng.pick(OBJECTS)}召开专题会议，研究部署{rng.pick(OBJECTS)}相关工作。"
    if rng.chance(0.3):
        s += f"**下一步**，将继续{rng.pick(VERBS)}{rng.pick(OBJECTS)}。"
    if rng.chance(0.05):
        s += "\n\n- " + "\n- ".join(f"{rng.pick(VERBS)}{rng.pick(OBJECTS)}" for _ in range(3))
    if rng.chance(0.05):
        s += f"\n\n[相关报道](https://news.example.cn/{rng.int(10000, 99999)}.html)"
    return s + "\n"


# ---------------------------------------------------------------- writers

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def unit_yaml(units):
    out = ["# 基准测试用单位登记表（合成数据）\nunits:\n"]
    for u in units:
        out.append(f"  - id: {u['id']}\n    name: {q(u['name'])}\n")
        if "short" in u:
            out.append(f"    short: {q(u['short'])}\n")
        if u.get("aliases"):
            out.append(f"    aliases: {flow(u['aliases'])}\n")
        out.append(f"    region: {q(u['region'])}\n    level: {q(u['level'])}\n")
        if u.get("parent"):
            out.append(f"    parent: {u['parent']}\n")
        if u.get("collective"):
            out.append("    collective: true\n")
    return "".join(out)


def plan_yaml(p, basis):
    o = [f"id: {p['id']}\ntitle: {q(p['title'])}\ndoc_number: {q(p['doc_number'])}\n"
         f"kind: {q(p['kind'])}\nissuers: {flow(p['issuers'])}\n"
         f"signed: {iso(p['signed'])}\nissued: {iso(p['issued'])}\n"
         f"period: {{start: {iso(p['start'])}, end: {iso(p['end'])}}}\n"
         f"regions: {flow(p['regions'])}\n"]
    if p["sides"]:
        o.append(f"sides: {flow(p['sides'])}\n")
    o.append("public: true\n")
    block(o, "", "notice", p["notice"])
    if basis:
        o.append("basis:\n  - doc: 国发〔2021〕3号\n    title: 国务院关于新时代支持革命老区振兴发展的意见\n")
        o.append(f"  - plan: {basis}\n")
    block(o, "", "preamble", p["preamble"])
    o.append("items:\n")
    # children lists follow the depth of each item in document order
    prev = -1
    for it in p["items"]:
        d = it["depth"]
        ind = "  " + "    " * d
        if d > prev and prev >= 0:
            o.append("  " + "    " * prev + "  children:\n")
        o.append(f"{ind}- id: {q(it['id'])}\n{ind}  number: {q(it['number'])}\n"
                 f"{ind}  title: {q(it['title'])}\n")
        if "body" in it:
            block(o, ind + "  ", "body", it["body"])
        if it.get("units"):
            o.append(f"{ind}  units_text: {q(units_text(it['units']))}\n")
            if p["sides"]:
                o.append(f"{ind}  units:\n")
                for s in p["sides"]:
                    names = [n for side, n, _ in it["units"] if side == s]
                    if names:
                        o.append(f"{ind}    {q(s)}: {flow(names)}\n")
            else:
                o.append(f"{ind}  units: {flow([n for _, n, _ in it['units']])}\n")
        if it.get("lead"):
            o.append(f"{ind}  lead: {flow(it['lead'])}\n")
        if it.get("due"):
            o.append(f"{ind}  due: {iso(it['due'])}\n")
        prev = d
    o.append("indicators:\n")
    for x in p["indicators"]:
        o.append(f"  - id: {x['id']}\n    name: {q(x['name'])}\n    unit: {q(x['unit'])}\n"
                 f"    target: {x['target']}\n    compare: \">=\"\n    mode: {x['mode']}\n"
                 f"    nature: {x['nature']}\n")
    return "".join(o)


def entry_yaml(o, e):
    o.append(f"  - date: {iso(e['date'])}\n    item: {q(e['item'])}\n")
    if e.get("unit"):
        o.append(f"    unit: {q(e['unit'])}\n")
    if "status" in e:
        o.append(f"    status: {STATUS_ZH[e['status']]}\n")
    if "percent" in e:
        o.append(f"    percent: {e['percent']}\n")
    block(o, "    ", "summary", e["summary"])
    if e.get("values"):
        o.append("    values:\n")
        for k, v in e["values"]:
            o.append(f"      {k}: {num(v)}\n")
    o.append("    sources:\n")
    for s in e["sources"]:
        o.append(f"      - title: {q(s['title'])}\n        outlet: {q(s['outlet'])}\n"
                 f"        url: {s['url']}\n        date: {iso(s['date'])}\n")


def write_site(root, plans, units, entries_of):
    c = os.path.join(root, "content")
    write(os.path.join(c, "site.yaml"),
          "# 基准测试用合成站点：见 bench/README.md\n"
          "title: 对口合作督办（基准测试）\npublisher: 基准测试数据组\nlanguage: zh-CN\n"
          f"base_url: https://example.org/bench/\nas_of: {iso(AS_OF)}\ncadence: quarter\n"
          "stale_days: 180\nwarn:\n  yellow_points: 10\n  red_points: 30\n  blue_days: 30\n"
          "progress_page_size: 50\n")
    write(os.path.join(c, "units.yaml"), unit_yaml(units))
    seen, pair = set(), ["pairings:\n"]
    for p in plans:
        key = (p["district"], p["county"])
        if key in seen:
            continue
        seen.add(key)
        pair.append(f"  - id: {p['id'].rsplit('-', 1)[0]}\n    program: 对口合作\n"
                    f"    district: {q(p['district'])}\n    partner: {q(p['county'])}\n"
                    f"    since: {p['start'].year}\n    source: {p['id']}\n")
    write(os.path.join(c, "pairings.yaml"), "".join(pair))
    last_by_county = {}
    for p in plans:
        write(os.path.join(c, "plans", p["id"] + ".yaml"), plan_yaml(p, last_by_county.get(p["county"])))
        last_by_county[p["county"]] = p["id"]
        by_year = {}
        for e in entries_of[p["id"]]:
            by_year.setdefault(e["date"].year, []).append(e)
        for year in sorted(by_year):
            o = [f"# {p['title']} {year}年进展（合成数据）\nentries:\n"]
            for e in by_year[year]:
                entry_yaml(o, e)
            write(os.path.join(c, "progress", p["id"], f"{year}.yaml"), "".join(o))


def hugo_page(p, it, es, path):
    o = ["---\n", f"title: {q(it['number'] + ' ' + it['title'])}\n", f"weight: {it['order']}\n",
         f"plan: {q(p['title'])}\n"]
    if it.get("units"):
        o.append(f"units_text: {q(units_text(it['units']))}\n")
        names = sorted({u["name"] for _, _, u in it["units"]})
        o.append(f"units: {flow(names)}\n")
    if it.get("due"):
        o.append(f"due: \"{iso(it['due'])}\"\n")
    if es:
        o.append("entries:\n")
        for e in es:
            o.append(f"  - date: \"{iso(e['date'])}\"\n")
            if e.get("unit"):
                o.append(f"    unit: {q(e['unit'])}\n")
            if "status" in e:
                o.append(f"    status: {STATUS_ZH[e['status']]}\n")
            if "percent" in e:
                o.append(f"    percent: {e['percent']}\n")
            block(o, "    ", "summary", e["summary"])
            o.append("    sources:\n")
            for s in e["sources"]:
                o.append(f"      - title: {q(s['title'])}\n        outlet: {q(s['outlet'])}\n"
                         f"        url: {s['url']}\n        date: \"{iso(s['date'])}\"\n")
    o.append("---\n")
    o.append(it.get("body", ""))
    write(path, "".join(o))


def write_hugo(root, plans, entries_of):
    shutil.copytree(os.path.join(HERE, "hugo"), root)
    c = os.path.join(root, "content")
    write(os.path.join(c, "_index.md"), "---\ntitle: 对口合作督办（基准测试）\n---\n")
    for n, p in enumerate(plans):
        write(os.path.join(c, p["id"], "_index.md"),
              f"---\ntitle: {q(p['title'])}\nweight: {n + 1}\ndoc_number: {q(p['doc_number'])}\n---\n"
              + p["notice"] + "\n" + p["preamble"])
        per = {}
        for e in entries_of[p["id"]]:
            per.setdefault(e["task"]["id"], []).append(e)
        for k, it in enumerate(p["items"]):
            it["order"] = k + 1
            hugo_page(p, it, per.get(it["id"], []),
                      os.path.join(c, p["id"], "item-" + it["id"].replace(".", "-") + ".md"))


def flat(s):
    return re.sub(r"[\t\n]+", " ", s).strip()


def write_floor(root, plans, entries_of):
    """What the floor programs read: every Markdown text (NUL-separated), the
    ledger rows (one per task, ending with the ids of its units) and the
    progress log rows (one per entry)."""
    md, ledger, log = [], [], []
    for p in plans:
        md += [p["notice"], p["preamble"]]
        md += [it["body"] for it in p["items"] if "body" in it]
        last = {}
        for e in entries_of[p["id"]]:
            md.append(e["summary"])
            last[e["task"]["id"]] = e
        path = {}
        for it in p["items"]:
            path[it["depth"]] = it["number"]
            it["path"] = "".join(path[d] for d in range(it["depth"] + 1))
            if not it["task"]:
                continue
            e = last.get(it["id"], {})
            ledger.append("\t".join([
                p["id"], it["path"], it["title"], units_text(it["units"]),
                iso(it.get("due") or p["end"]), STATUS_ZH[e["status"]] if "status" in e else "",
                str(e["percent"]) if "percent" in e else "", flat(e.get("summary", "")),
                " ".join(u["id"] for _, _, u in it["units"])]))
        for e in entries_of[p["id"]]:
            s = e["sources"][0]
            log.append("\t".join([
                p["id"], iso(e["date"]), e["task"]["path"], e["task"]["title"], e.get("unit") or "",
                STATUS_ZH[e["status"]] if "status" in e else "",
                str(e["percent"]) if "percent" in e else "", flat(e["summary"]),
                s["title"], s["outlet"], s["url"]]))
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "markdown.bin"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\0".join(md))
    write(os.path.join(root, "ledger.tsv"), "\n".join(ledger) + "\n")
    write(os.path.join(root, "log.tsv"), "\n".join(log) + "\n")


def main():
    ap = argparse.ArgumentParser(description="Generate a synthetic benchmark corpus.")
    ap.add_argument("--scale", choices=sorted(SCALES), default="small")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plans", type=int)
    ap.add_argument("--items", type=int, help="items in all")
    ap.add_argument("--entries", type=int, help="progress entries in all")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    nplans, nitems, nentries = SCALES[a.scale]
    nplans = a.plans or nplans
    nitems = a.items or nitems
    nentries = a.entries or nentries
    if nitems // nplans < 14:
        sys.exit("gen.py: need at least 14 items per plan")
    rng = Rng(a.seed)
    units, by_region = make_units(rng)
    plans, entries_of = [], {}
    for i in range(nplans):
        # spread the remainders so the totals are exact
        ni = nitems // nplans + (1 if i < nitems % nplans else 0)
        ne = nentries // nplans + (1 if i < nentries % nplans else 0)
        p = make_plan(rng, i, ni, units, by_region)
        plans.append(p)
        entries_of[p["id"]] = make_entries(rng, p, ne)
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    write_site(os.path.join(a.out, "site"), plans, units, entries_of)
    write_hugo(os.path.join(a.out, "hugo"), plans, entries_of)
    write_floor(os.path.join(a.out, "floor"), plans, entries_of)


if __name__ == "__main__":
    main()
