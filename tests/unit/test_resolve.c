/* test_resolve.c - references between files: unit names (side first),
 * item and indicator references, basis plans and their cycles, unit
 * parents, duplicate ids, entry dates against as_of and the plan, and the
 * final ordering of the model. Each test writes a small site root. */
#define _GNU_SOURCE /* dlsym's RTLD_NEXT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "load.h"
#include "model.h"
#include "resolve.h"
#include "site_fixture.h"

/* Threads the code under test starts: this definition comes before the C
 * library's for the objects linked into this program. */
static int threads_started;

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
    static int (*next)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
    if (!next) {
        void *p = dlsym(RTLD_NEXT, "pthread_create");
        memcpy(&next, &p, sizeof p);
    }
    __atomic_fetch_add(&threads_started, 1, __ATOMIC_SEQ_CST);
    return next(t, attr, fn, arg);
}

/* ---- a site root in a temporary folder ---- */


/* Two offices called 国资委, one per side of the 浦东新区–大田县 pairing,
 * a Shanghai office known by three names, and a chain of parents. */
static const char base_units[] =
    "units:\n"
    "  - id: sh-gov\n"
    "    name: 上海市人民政府\n"
    "    short: 市政府\n"
    "    region: 上海市\n"
    "  - id: sh-hzb\n"
    "    name: 上海市人民政府合作交流办公室\n"
    "    short: 市政府合作交流办\n"
    "    aliases: [市合作交流办]\n"
    "    region: 上海市\n"
    "    parent: sh-gov\n"
    "  - id: sh-whlyj\n"
    "    name: 上海市文化和旅游局\n"
    "    short: 市文化旅游局\n"
    "    region: 上海市\n"
    "  - id: pd-gzw\n"
    "    name: 上海市浦东新区国有资产监督管理委员会\n"
    "    short: 浦东新区国资委\n"
    "    aliases: [国资委]\n"
    "    region: 浦东新区\n"
    "  - id: dt-gzw\n"
    "    name: 大田县国有资产监督管理委员会\n"
    "    short: 大田县国资委\n"
    "    aliases: [国资委]\n"
    "    region: 大田县\n";

static const char base_plan[] = "id: p\n"
                                "title: 测试计划\n"
                                "kind: 行动计划\n"
                                "issuers: [上海市人民政府]\n"
                                "signed: 2024-01-10\n"
                                "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                "sides: [浦东新区, 大田县]\n"
                                "items:\n"
                                "  - id: \"1\"\n"
                                "    number: 一、\n"
                                "    title: 重点任务\n"
                                "    children:\n"
                                "      - id: \"1.1\"\n"
                                "        number: （一）\n"
                                "        title: 国资合作\n"
                                "        units:\n"
                                "          浦东新区: [国资委]\n"
                                "          大田县: [国资委, 市合作交流办]\n"
                                "      - id: \"1.2\"\n"
                                "        number: （二）\n"
                                "        title: 文旅合作\n"
                                "        lead: [市政府合作交流办]\n"
                                "        units: [市文化旅游局, 上海市人民政府合作交流办公室]\n"
                                "indicators:\n"
                                "  - {id: invest, name: 投资, target: 100, mode: cumulative}\n";

static int setup(void **state)
{
    site *s = site_new("/tmp/duban-resolve.XXXXXX");
    site_file(s, "content/site.yaml", "title: 测试站点\nas_of: 2024-06-30\n");
    site_file(s, "content/units.yaml", base_units);
    site_file(s, "content/plans/p.yaml", base_plan);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    site_free(*state);
    return 0;
}

static void site_resolve(site *s)
{
    assert_int_equal(du_load(&s->m, s->root, DU_DATE_NONE, &s->d), 0);
    s->loaded = true;
    du_resolve(&s->m, &s->d);
}

static void expect_diags(site *s, const char *want)
{
    char *got = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&got, &len);
    du_diag_sort(&s->d);
    du_diag_print(&s->d, f, false, true);
    fclose(f);
    if (strcmp(got, want) != 0)
        print_message("--- got:\n%s--- want:\n%s", got, want);
    assert_string_equal(got, want);
    free(got);
}

static const char *uid(const du_unitref *r) { return r->unit ? r->unit->id : "(none)"; }

/* ---- unit names ---- */

static void test_unit_by_name_short_alias(void **state)
{
    site *s = *state;
    site_resolve(s);
    expect_diags(s, "");
    bool amb;
    du_unit *u = du_resolve_unit(&s->m, "上海市人民政府合作交流办公室", NULL, &amb);
    assert_non_null(u);
    assert_string_equal(u->id, "sh-hzb");
    assert_ptr_equal(du_resolve_unit(&s->m, "市政府合作交流办", NULL, &amb), u);
    assert_ptr_equal(du_resolve_unit(&s->m, "市合作交流办", NULL, &amb), u);
    assert_false(amb);
    assert_null(du_resolve_unit(&s->m, "合作交流办", NULL, &amb));
    assert_false(amb);
    /* the item lists it three ways: lead by short name, units by full name */
    du_item *it = du_model_item_ref(&s->m, "p/1.2");
    assert_int_equal(it->nlead, 1);
    assert_string_equal(uid(&it->lead[0]), "sh-hzb");
    assert_string_equal(uid(&it->units[0]), "sh-whlyj");
    assert_string_equal(uid(&it->units[1]), "sh-hzb");
    assert_string_equal(it->units[1].printed, "上海市人民政府合作交流办公室");
    /* parents resolve to units */
    assert_string_equal(u->parent->id, "sh-gov");
}

static void test_side_first(void **state)
{
    site *s = *state;
    site_resolve(s);
    expect_diags(s, "");
    du_item *it = du_model_item_ref(&s->m, "p/1.1");
    assert_int_equal(it->nunits, 3);
    /* the same printed name, two sides, two offices */
    assert_string_equal(it->units[0].printed, "国资委");
    assert_string_equal(it->units[0].side, "浦东新区");
    assert_string_equal(uid(&it->units[0]), "pd-gzw");
    assert_string_equal(it->units[1].printed, "国资委");
    assert_string_equal(it->units[1].side, "大田县");
    assert_string_equal(uid(&it->units[1]), "dt-gzw");
    /* no unit of region 大田县 is called 市合作交流办: the whole registry */
    assert_string_equal(uid(&it->units[2]), "sh-hzb");
    bool amb;
    du_unit *u = du_resolve_unit(&s->m, "国资委", "大田县", &amb);
    assert_non_null(u);
    assert_string_equal(u->id, "dt-gzw");
    assert_null(du_resolve_unit(&s->m, "国资委", NULL, &amb));
    assert_true(amb);
}

static void test_ambiguous_without_side(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - id: a\n"
                                         "    title: 甲\n"
                                         "    units: [市文化旅游局, 国资委]\n");
    site_resolve(s);
    expect_diags(s, "content/plans/q.yaml:9:21: error: ambiguous unit '国资委': several units have "
                    "this name (list it under a side, or use the full name)\n"
                    "1 error, 0 warnings\n");
}

static void test_ambiguous_within_side(void **state)
{
    site *s = *state;
    /* a second 国资委 in 大田县: the side no longer decides */
    site_file(s, "content/units/more.yaml", "units:\n"
                                            "  - {id: dt-gzw2, name: 大田县另一个委员会, aliases: [国资委], "
                                            "region: 大田县}\n");
    site_resolve(s);
    expect_diags(s, "content/plans/p.yaml:18:17: error: ambiguous unit '国资委': several units "
                    "have this name (list it under a side, or use the full name)\n"
                    "1 error, 0 warnings\n");
    du_item *it = du_model_item_ref(&s->m, "p/1.1");
    assert_string_equal(uid(&it->units[0]), "pd-gzw"); /* the other side is unaffected */
    assert_null(it->units[1].unit);
}

static void test_unknown_unit_suggestion(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - id: a\n"
                                         "    title: 甲\n"
                                         "    units: [市文化旅游居, 完全不存在的机构名称]\n");
    site_resolve(s);
    expect_diags(s, "content/plans/q.yaml:9:13: error: unknown unit '市文化旅游居' (did you mean "
                    "'市文化旅游局'?)\n"
                    "content/plans/q.yaml:9:21: error: unknown unit '完全不存在的机构名称' (add it to "
                    "content/units.yaml)\n"
                    "2 errors, 0 warnings\n");
}

/* ---- items, indicators, entries ---- */

static void test_item_refs(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: p/1.2\n"
                                            "    unit: 市文化旅游局\n"
                                            "    summary: 好\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: p/9\n"
                                            "    summary: 没有这一项\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: nope/1.1\n"
                                            "    summary: 没有这个计划\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: \"1.1\"\n"
                                            "    summary: 没写计划\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: p/1\n"
                                            "    summary: 标题也能报\n");
    site_resolve(s);
    expect_diags(s, "content/progress/a.yaml:7:11: error: unknown item 'p/9'\n"
                    "content/progress/a.yaml:10:11: error: unknown item 'nope/1.1' (there is no "
                    "plan 'nope')\n"
                    "content/progress/a.yaml:13:11: error: unknown item '1.1' (write "
                    "PLAN-ID/ITEM-ID)\n"
                    "3 errors, 0 warnings\n");
    du_entry *e = s->m.entries[0];
    assert_ptr_equal(e->item, du_model_item_ref(&s->m, "p/1.2"));
    assert_string_equal(e->unit->id, "sh-whlyj");
    assert_string_equal(e->unit_printed, "市文化旅游局");
    /* a heading above tasks may carry its own entries */
    assert_ptr_equal(s->m.entries[4]->item, du_model_item_ref(&s->m, "p/1"));
}

/* When a plan file cannot be read, references into it are not reported
 * (they would only repeat that error), but a wrong item of a plan that did
 * load still is. */
static void test_no_cascade_after_broken_plan(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/broken.yaml", "id: broken\ntitle: [unclosed\n");
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 2024-03-01, item: broken/1, summary: 甲}\n"
                                            "  - {date: 2024-03-01, item: p/9, summary: 乙}\n");
    site_resolve(s);
    assert_int_equal(s->d.errors, 2);
    du_diag_sort(&s->d);
    assert_string_equal(s->d.items[0].file, "content/plans/broken.yaml");
    assert_string_equal(s->d.items[1].file, "content/progress/a.yaml");
    assert_int_equal(s->d.items[1].line, 3);
    assert_string_equal(s->d.items[1].msg, "unknown item 'p/9'");
}

static void test_entry_on_text_item_warns(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - {id: goal, title: 主要目标}\n");
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 2024-03-01, item: q/goal, summary: 进展}\n");
    site_resolve(s);
    expect_diags(s, "content/progress/a.yaml:2:30: warning: item 'q/goal' is not a task; its "
                    "progress is not followed (add 'task: true' to the item, or report on one of "
                    "its tasks)\n"
                    "0 errors, 1 warning\n");
}

static void test_entry_unit_errors(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: p/1.1\n"
                                            "    unit: 国资委\n"
                                            "    summary: 哪一个国资委？\n"
                                            "  - date: 2024-03-02\n"
                                            "    item: p/1.1\n"
                                            "    unit: 市文化旅游居\n"
                                            "    summary: 错字\n");
    site_resolve(s);
    expect_diags(s, "content/progress/a.yaml:4:11: error: ambiguous unit '国资委': several units "
                    "have this name (list it under a side, or use the full name)\n"
                    "content/progress/a.yaml:8:11: error: unknown unit '市文化旅游居' (did you mean "
                    "'市文化旅游局'?)\n"
                    "2 errors, 0 warnings\n");
}

static void test_indicator_refs(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - {id: a, title: 甲, task: true}\n"
                                         "indicators:\n"
                                         "  - {id: visits, name: 游客, target: 5, mode: annual}\n");
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: p/1.2\n"
                                            "    summary: 三种写法\n"
                                            "    values:\n"
                                            "      invest: 10\n"
                                            "      q/visits: 2\n"
                                            "      visits: 3\n"
                                            "      nope/invest: 4\n");
    site_resolve(s);
    expect_diags(s, "content/progress/a.yaml:8:7: error: unknown indicator 'visits'\n"
                    "content/progress/a.yaml:9:7: error: unknown indicator 'nope/invest'\n"
                    "2 errors, 0 warnings\n");
    du_entry *e = s->m.entries[0];
    assert_int_equal(e->nvalues, 4);
    assert_string_equal(e->values[0].ind->id, "invest");
    assert_string_equal(e->values[0].ind->plan->id, "p");
    assert_string_equal(e->values[1].ind->id, "visits");
    assert_string_equal(e->values[1].ind->plan->id, "q");
    assert_null(e->values[2].ind);
    /* indicators are numbered across plans in plan order */
    assert_int_equal(s->m.nindicators, 2);
    assert_ptr_equal(s->m.indicators[1], e->values[1].ind);
    assert_int_equal(e->values[1].ind->gindex, 1);
}

static void test_duplicate_indicator(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items: []\n"
                                         "indicators:\n"
                                         "  - {id: x, name: 甲, target: 1, mode: annual}\n"
                                         "  - {id: x, name: 乙, target: 2, mode: annual}\n");
    site_resolve(s);
    expect_diags(s, "content/plans/q.yaml:9:5: error: duplicate indicator id 'x'\n"
                    "1 error, 0 warnings\n");
}

static void test_entry_dates(void **state)
{
    site *s = *state;
    /* p was signed 2024-01-10; q has no signature date, so its period
     * start 2024-03-01 counts; as_of is 2024-06-30 */
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-03-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - {id: a, title: 甲, task: true}\n");
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 2024-01-09, item: p/1.1, summary: 签署前}\n"
                                            "  - {date: 2024-01-10, item: p/1.1, summary: 签署当日}\n"
                                            "  - {date: 2024-06-30, item: p/1.1, summary: 当日}\n"
                                            "  - {date: 2024-07-01, item: p/1.1, summary: 之后}\n"
                                            "  - {date: 2024-02-29, item: q/a, summary: 期前}\n"
                                            "  - {date: 2024-03-01, item: q/a, summary: 期首}\n");
    site_resolve(s);
    expect_diags(s, "content/progress/a.yaml:2:5: warning: entry dated 2024-01-09 is before plan "
                    "'p' was issued\n"
                    "content/progress/a.yaml:5:5: warning: entry dated 2024-07-01 is after the "
                    "reporting date 2024-06-30 and is ignored\n"
                    "content/progress/a.yaml:6:5: warning: entry dated 2024-02-29 is before plan "
                    "'q' was issued\n"
                    "0 errors, 3 warnings\n");
}

static void test_entry_order(void **state)
{
    site *s = *state;
    /* files are read in path order (a.yaml, b/c.yaml), entries in file
     * order; the model sorts by date and keeps that order for equal dates */
    site_file(s, "content/progress/b/c.yaml", "entries:\n"
                                              "  - {date: 2024-02-01, item: p/1.1, summary: c1}\n"
                                              "  - {date: 2024-01-15, item: p/1.1, summary: c2}\n");
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 2024-02-01, item: p/1.2, summary: a1}\n"
                                            "  - {date: 2024-03-01, item: p/1.2, summary: a2}\n"
                                            "  - {date: 2024-02-01, item: p/1.1, summary: a3}\n");
    site_resolve(s);
    expect_diags(s, "");
    static const char *const want[] = {"c2", "a1", "a3", "c1", "a2"};
    assert_int_equal(s->m.nentries, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(s->m.entries[i]->summary, want[i]);
        assert_int_equal(s->m.entries[i]->index, i);
    }
}

/* Day numbers count from 1970-01-01, so dates before it are negative: they
 * still sort first (whatever else the checks say of them). */
static void test_entry_order_across_1970(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 1970-01-01, item: p/1.1, summary: e0}\n"
                                            "  - {date: 2024-01-02, item: p/1.1, summary: e1}\n"
                                            "  - {date: 1969-12-31, item: p/1.1, summary: e2}\n"
                                            "  - {date: 1901-03-01, item: p/1.1, summary: e3}\n"
                                            "  - {date: 1970-01-01, item: p/1.1, summary: e4}\n");
    site_resolve(s);
    static const char *const want[] = {"e3", "e2", "e0", "e4", "e1"};
    assert_int_equal(s->m.nentries, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(s->m.entries[i]->summary, want[i]);
        assert_int_equal(s->m.entries[i]->index, i);
    }
}

/* Many entries over three centuries, dates repeated: sorted by date,
 * equal dates in the order read (the sort passes over several digits of
 * the key and skips the rest). */
static void test_entry_order_many(void **state)
{
    site *s = *state;
    enum { N = 3000 };
    char *text = malloc(N * 80 + 16);
    size_t len = (size_t)sprintf(text, "entries:\n");
    uint32_t r = 12345;
    for (int i = 0; i < N; i++) {
        r = r * 1103515245u + 12345u;
        int year = 1901 + (int)((r >> 8) % 299), month = 1 + (int)((r >> 4) % 12);
        if (i % 7 == 0)
            year = 2024, month = 5; /* many on one day */
        len += (size_t)sprintf(text + len, "  - {date: %04d-%02d-01, item: p/1.1, summary: s%05d}\n",
                               year, month, i);
    }
    site_file(s, "content/progress/a.yaml", text);
    free(text);
    site_resolve(s);
    assert_int_equal(s->m.nentries, N);
    for (size_t i = 1; i < N; i++) {
        const du_entry *a = s->m.entries[i - 1], *b = s->m.entries[i];
        assert_true(a->date < b->date || (a->date == b->date && strcmp(a->summary, b->summary) < 0));
        assert_int_equal(b->index, i);
    }
}

/* Enough entries for them to be resolved on several threads: their
 * problems come in entry order, with their hints, and are all counted,
 * as from one thread. */
static void test_entry_problems_many(void **state)
{
    site *s = *state;
    enum { N = 30000 };
    char *text = malloc(N * 100 + 16);
    size_t len = (size_t)sprintf(text, "entries:\n");
    for (int i = 0; i < N; i++) {
        bool bad_item = i % 997 == 5, bad_unit = i % 1499 == 7 || i == N - 1;
        bool late = i % 2003 == 11;
        len += (size_t)sprintf(text + len,
                               "  - {date: 2024-%s-01, item: %s, unit: %s, summary: s%05d}\n",
                               late ? "07" : "03", bad_item ? "p/9.9" : "p/1.2",
                               bad_unit ? "市文化旅游居" : "市文化旅游局", i);
    }
    site_file(s, "content/progress/a.yaml", text);
    free(text);
    site_resolve(s);
    size_t k = 0, errors = 0, warnings = 0;
    for (int i = 0; i < N; i++) {
        int line = i + 2;
        if (i % 997 == 5) {
            assert_true(k < s->d.n);
            assert_int_equal(s->d.items[k].line, line);
            assert_string_equal(s->d.items[k].msg, "unknown item 'p/9.9'");
            k++, errors++;
        }
        if (i % 1499 == 7 || i == N - 1) {
            assert_true(k < s->d.n);
            assert_int_equal(s->d.items[k].line, line);
            assert_string_equal(s->d.items[k].msg, "unknown unit '市文化旅游居'");
            assert_non_null(s->d.items[k].hint);
            assert_string_equal(s->d.items[k].hint, "did you mean '市文化旅游局'?");
            k++, errors++;
        }
        if (i % 2003 == 11) {
            assert_true(k < s->d.n);
            assert_int_equal(s->d.items[k].line, line);
            assert_int_equal(s->d.items[k].sev, DU_WARNING);
            k++, warnings++;
        }
    }
    assert_int_equal(s->d.n, k);
    assert_int_equal(s->d.errors, errors);
    assert_int_equal(s->d.warnings, warnings);
    for (size_t i = 0; i < s->m.nentries; i++) {
        const du_entry *e = s->m.entries[i];
        bool bad_unit = strcmp(e->unit_printed, "市文化旅游居") == 0;
        assert_true(bad_unit ? e->unit == NULL : e->unit && strcmp(e->unit->id, "sh-whlyj") == 0);
        assert_true(e->item == NULL || strcmp(e->item->ref, "p/1.2") == 0);
    }
}

/* Enough plans' items for them to be resolved on several threads: the
 * unknown units of every plan come in plan order, then item order. */
static void test_plan_problems_many(void **state)
{
    site *s = *state;
    enum { PLANS = 8, ITEMS = 700 };
    char *text = malloc(ITEMS * 100 + 512);
    for (int q = 0; q < PLANS; q++) {
        /* files named against the order of the plans' ids */
        size_t len = (size_t)sprintf(text, "id: q%d\ntitle: 计划\nkind: 行动计划\n"
                                           "issuers: [上海市人民政府]\n"
                                           "period: {start: 2024-01-01, end: 2024-12-31}\nitems:\n",
                                     q);
        for (int k = 0; k < ITEMS; k++)
            len += (size_t)sprintf(text + len, "  - {id: \"%d\", title: 事项, units: [%s]}\n", k,
                                   (k * 7 + q) % 101 == 0 ? "市文化旅游居" : "市文化旅游局");
        char path[64];
        sprintf(path, "content/plans/%c.yaml", 'z' - q);
        site_file(s, path, text);
    }
    free(text);
    site_resolve(s);
    size_t n = 0;
    for (int q = 0; q < PLANS; q++)
        for (int k = 0; k < ITEMS; k++) {
            if ((k * 7 + q) % 101 != 0)
                continue;
            char file[64];
            sprintf(file, "content/plans/%c.yaml", 'z' - q);
            assert_true(n < s->d.n);
            assert_string_equal(s->d.items[n].file, file);
            assert_int_equal(s->d.items[n].line, 7 + k);
            assert_string_equal(s->d.items[n].msg, "unknown unit '市文化旅游居'");
            assert_string_equal(s->d.items[n].hint, "did you mean '市文化旅游局'?");
            n++;
        }
    assert_int_equal(s->d.n, n);
    assert_int_equal(s->d.errors, n);
    for (size_t i = 0; i < s->m.nplans; i++)
        assert_int_equal(s->m.plans[i]->index, i);
}

/* -j 1 means one thread: loading and resolving start none with jobs 1,
 * and with jobs 2 they do (several progress files, entries past the
 * split), to the same model and messages. */
static void test_jobs(void **state)
{
    site *s = *state;
    enum { FILES = 4, PER = 6000 };
    char *text = malloc(PER * 100 + 16);
    for (int f = 0; f < FILES; f++) {
        size_t len = (size_t)sprintf(text, "entries:\n");
        for (int i = 0; i < PER; i++)
            len += (size_t)sprintf(text + len,
                                   "  - {date: 2024-03-01, item: %s, unit: 市文化旅游局, summary: s}\n",
                                   i % 1000 == 3 ? "p/9.9" : "p/1.2");
        char path[64];
        sprintf(path, "content/progress/%d.yaml", f);
        site_file(s, path, text);
    }
    free(text);
    size_t errors[2];
    for (int jobs = 1; jobs <= 2; jobs++) {
        du_model m;
        du_diag d;
        du_diag_init(&d);
        int before = __atomic_load_n(&threads_started, __ATOMIC_SEQ_CST);
        assert_int_equal(du_load_jobs(&m, s->root, DU_DATE_NONE, jobs, &d), 0);
        du_resolve_jobs(&m, jobs, &d);
        int started = __atomic_load_n(&threads_started, __ATOMIC_SEQ_CST) - before;
        if (jobs == 1)
            assert_int_equal(started, 0);
        else
            assert_true(started >= 2); /* one loading, one resolving at least */
        assert_int_equal(m.nentries, FILES * PER);
        errors[jobs - 1] = d.errors;
        du_diag_free(&d);
        du_model_free(&m);
    }
    assert_int_equal(errors[0], FILES * (PER / 1000));
    assert_int_equal(errors[1], errors[0]);
}

/* ---- plans, units, pairings ---- */

static void test_sorted_and_numbered(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/a.yaml", "id: zz\ntitle: 后\nkind: 方案\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items: [{id: x, title: 甲}]\n");
    site_resolve(s);
    expect_diags(s, "");
    assert_int_equal(s->m.nplans, 2);
    assert_string_equal(s->m.plans[0]->id, "p");
    assert_string_equal(s->m.plans[1]->id, "zz");
    assert_int_equal(s->m.plans[1]->index, 1);
    /* items: plan order, then document order */
    assert_int_equal(s->m.nitems, 4);
    assert_string_equal(s->m.items[0]->ref, "p/1");
    assert_string_equal(s->m.items[2]->ref, "p/1.2");
    assert_string_equal(s->m.items[3]->ref, "zz/x");
    for (size_t i = 0; i < s->m.nitems; i++)
        assert_int_equal(s->m.items[i]->gindex, i);
    static const char *const ids[] = {"dt-gzw", "pd-gzw", "sh-gov", "sh-hzb", "sh-whlyj"};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(s->m.units[i]->id, ids[i]);
        assert_int_equal(s->m.units[i]->index, i);
    }
}

static void test_basis(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "basis:\n"
                                         "  - plan: p\n"
                                         "  - doc: 国发〔2021〕3号\n"
                                         "  - plan: gone\n"
                                         "items: []\n");
    site_resolve(s);
    expect_diags(s, "content/plans/q.yaml:9:5: error: basis names an unknown plan 'gone'\n"
                    "1 error, 0 warnings\n");
    du_plan *q = du_model_plan(&s->m, "q");
    assert_int_equal(q->nbasis, 3);
    assert_ptr_equal(q->basis[0].plan, du_model_plan(&s->m, "p"));
    assert_null(q->basis[1].plan);
    assert_string_equal(q->basis[1].doc, "国发〔2021〕3号");
}

static void plan_with_basis(site *s, const char *id, const char *basis)
{
    char rel[64], text[512];
    snprintf(rel, sizeof rel, "content/plans/%s.yaml", id);
    snprintf(text, sizeof text,
             "id: %s\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
             "period: {start: 2024-01-01, end: 2024-12-31}\n"
             "basis:\n  - plan: %s\nitems: []\n",
             id, basis);
    site_file(s, rel, text);
}

static void test_basis_cycle(void **state)
{
    site *s = *state;
    /* a → b → c → a, and d → a (resting on a cycle is not a cycle) */
    plan_with_basis(s, "a", "b");
    plan_with_basis(s, "b", "c");
    plan_with_basis(s, "c", "a");
    plan_with_basis(s, "d", "a");
    site_resolve(s);
    expect_diags(s, "content/plans/c.yaml:7:5: error: basis references form a cycle: 'a' → 'b' → "
                    "'c' → 'a'\n"
                    "1 error, 0 warnings\n");
}

static void test_basis_self(void **state)
{
    site *s = *state;
    plan_with_basis(s, "a", "a");
    site_resolve(s);
    expect_diags(s, "content/plans/a.yaml:7:5: error: basis references form a cycle: 'a' → 'a'\n"
                    "1 error, 0 warnings\n");
}

static void test_unit_parents(void **state)
{
    site *s = *state;
    /* m ⇄ z is a cycle; a → m only leads into it, x names no known unit */
    site_file(s, "content/units/more.yaml", "units:\n"
                                            "  - {id: a, name: 单位A, region: 上海市, parent: m}\n"
                                            "  - {id: m, name: 单位M, region: 上海市, parent: z}\n"
                                            "  - {id: z, name: 单位Z, region: 上海市, parent: m}\n"
                                            "  - {id: x, name: 单位X, region: 上海市, parent: nobody}\n");
    site_resolve(s);
    expect_diags(s, "content/units/more.yaml:3:5: error: unit 'm' is its own ancestor (a cycle of "
                    "'parent')\n"
                    "content/units/more.yaml:5:5: error: unit 'x' names an unknown parent "
                    "'nobody'\n"
                    "2 errors, 0 warnings\n");
}

static void test_duplicate_ids(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/p2.yaml", base_plan);
    site_file(s, "content/units/more.yaml", "units:\n"
                                            "  - {id: sh-gov, name: 又一个市政府, region: 上海市}\n");
    site_file(s, "content/pairings.yaml", "pairings:\n"
                                          "  - {id: pd-dt, program: 对口合作, district: 浦东新区, partner: 三明市}\n"
                                          "  - {id: pd-dt, program: 对口合作, district: 浦东新区, partner: 三明市}\n"
                                          "  - {id: x, program: 对口合作, district: 浦东新区, partner: 三明市, "
                                          "source: nope}\n");
    site_resolve(s);
    expect_diags(s, "content/pairings.yaml:3:5: error: duplicate pairing id 'pd-dt' (first in "
                    "content/pairings.yaml:2)\n"
                    "content/pairings.yaml:4:5: error: pairing 'x' names an unknown plan 'nope' as "
                    "source\n"
                    "content/plans/p2.yaml:1:1: error: duplicate plan id 'p' (first in "
                    "content/plans/p.yaml:1)\n"
                    "content/units/more.yaml:2:5: error: duplicate unit id 'sh-gov' (first in "
                    "content/units.yaml:2)\n"
                    "4 errors, 0 warnings\n");
}

/* Items are found by id through the plan's items sorted once: every id of
 * a plan written out of order, the first of an id given twice (as the
 * loader reports the second), and ids before, between and after. */
static void test_item_lookup(void **state)
{
    site *s = *state;
    static const char *const ids[] = {"3", "10", "1", "2.1", "2", "9", "2", "11", "a", "B"};
    const size_t n = sizeof ids / sizeof *ids;
    char text[2048];
    int len = snprintf(text, sizeof text, "id: q\ntitle: 查找\nkind: 行动计划\nissuers: [上海市人民政府]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\nitems:\n");
    for (size_t i = 0; i < n; i++)
        len += snprintf(text + len, sizeof text - (size_t)len,
                        "  - {id: \"%s\", number: \"%zu.\", title: 第%zu项}\n", ids[i], i + 1, i + 1);
    site_file(s, "content/plans/q.yaml", text);
    site_resolve(s);
    const du_plan *q = du_model_plan(&s->m, "q");
    assert_non_null(q);
    assert_int_equal(q->nitems, n);
    for (size_t i = 0; i < n; i++) {
        char ref[32];
        snprintf(ref, sizeof ref, "q/%s", ids[i]);
        du_item *it = du_model_item_ref(&s->m, ref);
        assert_non_null(it);
        assert_string_equal(it->id, ids[i]);
        /* "2" is items 5 and 7: the lookup gives item 5 */
        assert_string_equal(it->number, strcmp(ids[i], "2") == 0 ? "5." : q->items[i]->number);
    }
    static const char *const absent[] = {"q/0", "q/12", "q/2.0", "q/b", "q/z", "q/", "q/10 "};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        assert_null(du_model_item_ref(&s->m, absent[i]));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_unit_by_name_short_alias),
        T(test_side_first),
        T(test_ambiguous_without_side),
        T(test_ambiguous_within_side),
        T(test_unknown_unit_suggestion),
        T(test_item_refs),
        T(test_no_cascade_after_broken_plan),
        T(test_entry_on_text_item_warns),
        T(test_entry_unit_errors),
        T(test_indicator_refs),
        T(test_duplicate_indicator),
        T(test_entry_dates),
        T(test_entry_order),
        T(test_entry_order_across_1970),
        T(test_entry_order_many),
        T(test_entry_problems_many),
        T(test_plan_problems_many),
        T(test_jobs),
        T(test_sorted_and_numbered),
        T(test_basis),
        T(test_basis_cycle),
        T(test_basis_self),
        T(test_unit_parents),
        T(test_duplicate_ids),
        T(test_item_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
