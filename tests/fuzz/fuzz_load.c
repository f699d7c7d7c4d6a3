/* fuzz_load.c - libFuzzer target: bytes as one content file of a small
 * site, through the YAML loader, the typed loader and validation, the
 * resolver, the derived state and the JSON export. The kind of file is
 * taken from the document's top-level keys, so content/ files seed it
 * unchanged. Properties checked beyond "no crash, no leak": every JSON
 * file name is a safe output path, and every error about a document
 * carries a file name. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "derive.h"
#include "diag.h"
#include "export.h"
#include "load.h"
#include "model.h"
#include "output.h"
#include "resolve.h"
#include "yamltree.h"

static const char site_yaml[] = "title: 测试\nas_of: 2025-06-30\ncadence: quarter\n";

static const char units_yaml[] =
    "units:\n"
    "  - {id: fa-gai, name: 市发展改革委, short: 发改委, region: 上海}\n"
    "  - {id: jiao-wei, name: 市教委, region: 上海, parent: fa-gai}\n"
    "  - {id: sm-gov, name: 三明市人民政府, region: 三明, aliases: [三明市政府]}\n";

static const char plan_yaml[] =
    "id: base\n"
    "title: 基础方案\n"
    "kind: 实施方案\n"
    "issuers: [上海市人民政府]\n"
    "signed: 2023-01-10\n"
    "sides: [上海, 三明]\n"
    "period: {start: 2023-01-01, end: 2025-12-31}\n"
    "items:\n"
    "  - id: a\n"
    "    number: 一、\n"
    "    title: 总体要求\n"
    "    children:\n"
    "      - {id: a1, number: （一）, title: 产业合作, lead: 发改委, units: {上海: [市教委], 三明: [三明市政府]}, due: 2024-12-31}\n"
    "      - {id: a2, title: 人才交流, units: [市教委], weight: 2}\n"
    "indicators:\n"
    "  - {id: gdp, name: 合作项目, unit: 个, baseline: 3, target: 30, mode: cumulative}\n";

static const char progress_yaml[] =
    "entries:\n"
    "  - {date: 2024-03-31, item: base/a1, unit: 发改委, status: 推进中, percent: 40, summary: 签约, values: {gdp: 12}}\n"
    "  - {date: 2025-05-01, item: base/a2, status: 已完成, summary: 完成}\n";

static du_doc_kind kind_of(const uint8_t *data, size_t size)
{
    du_arena a;
    du_diag d;
    du_arena_init(&a);
    du_diag_init(&d);
    du_doc_kind k = DU_DOC_PLAN;
    du_ynode *root = du_yaml_load_mem(&a, (const char *)data, size, "x.yaml", NULL, &d);
    if (du_ymap_get(root, "entries"))
        k = DU_DOC_PROGRESS;
    else if (du_ymap_get(root, "units"))
        k = DU_DOC_UNITS;
    else if (du_ymap_get(root, "pairings"))
        k = DU_DOC_PAIRINGS;
    else if (du_ymap_get(root, "title") && !du_ymap_get(root, "id"))
        k = DU_DOC_SITE;
    du_diag_free(&d);
    du_arena_free(&a);
    return k;
}

static int write_cb(void *ud, const char *rel, const void *data, size_t len)
{
    (void)ud;
    (void)data;
    (void)len;
    if (!du_out_rel_ok(rel)) {
        fprintf(stderr, "unsafe output path '%s'\n", rel);
        abort();
    }
    return 0;
}

#define DOC(k, name, s) {k, name, s, sizeof s - 1}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    du_doc_kind k = kind_of(data, size);
    du_memdoc docs[5] = {
        DOC(DU_DOC_SITE, "content/site.yaml", site_yaml),
        DOC(DU_DOC_UNITS, "content/units.yaml", units_yaml),
        DOC(DU_DOC_PLAN, "content/plans/base.yaml", plan_yaml),
        DOC(DU_DOC_PROGRESS, "content/progress/base.yaml", progress_yaml),
        {k, "content/fuzz.yaml", (const char *)data, size},
    };
    size_t n = 5;
    if (k == DU_DOC_SITE) {
        docs[0] = docs[4]; /* the fuzzed site.yaml replaces the fixed one */
        n = 4;
    }
    du_model m;
    du_diag d;
    du_diag_init(&d);
    d.max = 1000;
    du_load_mem(&m, docs, n, DU_DATE_NONE, &d);
    du_resolve(&m, &d);
    for (size_t i = 0; i < d.n; i++)
        if (d.items[i].sev == DU_ERROR && !d.items[i].file) {
            fprintf(stderr, "error without a file: %s\n", d.items[i].msg);
            abort();
        }
    if (d.errors == 0) {
        du_state st;
        du_derive(&m, &st);
        du_export_json(&m, &st, write_cb, NULL);
    }
    du_diag_sort(&d);
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    if (sink)
        du_diag_print(&d, sink, false, true);
    du_diag_free(&d);
    du_model_free(&m);
    return 0;
}
