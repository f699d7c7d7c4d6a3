/* test_load.c - content/ into the typed model: required keys, types,
 * unknown keys with suggestions, real dates, percent range, ids, defaults,
 * and the exact diagnostics an editor sees. Each test writes a small site
 * root into a temporary folder. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
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

/* ---- a site root in a temporary folder ---- */


static const char base_site[] = "title: 测试站点\nas_of: 2024-06-30\n";
static const char base_units[] = "units:\n"
                                 "  - id: sh-hzb\n"
                                 "    name: 上海市人民政府合作交流办公室\n"
                                 "    short: 市政府合作交流办\n"
                                 "    aliases: [市合作交流办]\n"
                                 "    region: 上海市\n";
static const char base_plan[] = "id: p\n"
                                "title: 测试计划\n"
                                "kind: 行动计划\n"
                                "issuers: [上海市人民政府]\n"
                                "signed: 2024-01-10\n"
                                "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                "items:\n"
                                "  - id: \"1\"\n"
                                "    number: 一、\n"
                                "    title: 重点任务\n"
                                "    children:\n"
                                "      - id: \"1.1\"\n"
                                "        number: （一）\n"
                                "        title: 第一项\n"
                                "        units: [市合作交流办]\n";

static int setup(void **state)
{
    site *s = site_new("/tmp/duban-load.XXXXXX");
    site_file(s, "content/site.yaml", base_site);
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

static int site_load_at(site *s, du_date as_of)
{
    int rc = du_load(&s->m, s->root, as_of, &s->d);
    s->loaded = true;
    return rc;
}

static int site_load(site *s) { return site_load_at(s, DU_DATE_NONE); }

/* The diagnostics exactly as `duban check` prints them (sorted, no colour,
 * with the summary line). */
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

/* ---- tests ---- */

static void test_clean_site(void **state)
{
    site *s = *state;
    assert_int_equal(site_load(s), 0);
    du_resolve(&s->m, &s->d);
    expect_diags(s, "");
    assert_string_equal(s->m.site.title, "测试站点");
    assert_int_equal(s->m.site.as_of, du_date_from_ymd(2024, 6, 30));
    assert_int_equal(s->m.nplans, 1);
    assert_int_equal(s->m.nunits, 1);
    du_plan *p = s->m.plans[0];
    assert_int_equal(p->nitems, 2);
    assert_int_equal(p->ntop, 1);
    du_item *t = p->items[1];
    assert_string_equal(t->ref, "p/1.1");
    assert_string_equal(t->number, "（一）");
    assert_ptr_equal(t->parent, p->items[0]);
    assert_int_equal(t->depth, 1);
    assert_int_equal(t->pos.line, 12);
    assert_int_equal(t->pos.col, 9);
    assert_string_equal(t->pos.file, "content/plans/p.yaml");
}

static void test_defaults(void **state)
{
    site *s = *state;
    assert_int_equal(site_load(s), 0);
    const du_site *st = &s->m.site;
    assert_string_equal(st->language, "zh-CN");
    assert_string_equal(st->theme, "default");
    assert_int_equal(st->cadence, DU_CAD_QUARTER);
    assert_int_equal(st->stale_days, 90);
    assert_int_equal(st->yellow_points, 10);
    assert_int_equal(st->red_points, 30);
    assert_int_equal(st->blue_days, 30);
    assert_string_equal(st->publisher, "测试站点"); /* the title stands in */
    du_plan *p = s->m.plans[0];
    du_item *head = p->items[0], *task = p->items[1];
    /* start and due default to the plan's period */
    assert_int_equal(task->start, du_date_from_ymd(2024, 1, 1));
    assert_int_equal(task->due, du_date_from_ymd(2024, 12, 31));
    assert_true(task->weight == 1.0);
    assert_true(task->task);          /* it names units */
    assert_false(head->task);         /* a heading without units */
    assert_true(head->has_tasks);     /* ... above a task */
    assert_false(p->is_public);
}

static void test_as_of_override(void **state)
{
    site *s = *state;
    assert_int_equal(site_load_at(s, du_date_from_ymd(2025, 1, 2)), 0);
    assert_int_equal(s->m.site.as_of, du_date_from_ymd(2025, 1, 2));
}

static void test_no_content_folder(void **state)
{
    site *s = *state;
    char other[96];
    snprintf(other, sizeof other, "%s/nowhere", s->root);
    assert_int_equal(du_load(&s->m, other, DU_DATE_NONE, &s->d), -1);
    s->loaded = true;
    assert_int_equal(s->d.errors, 1);
    assert_non_null(strstr(s->d.items[0].msg, "no content/ folder"));
}

static void test_missing_site_yaml(void **state)
{
    site *s = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/content/site.yaml", s->root);
    unlink(path);
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/site.yaml: error: missing: the site needs a site.yaml with at least a "
                    "title\n1 error, 0 warnings\n");
}

static void test_empty_site_yaml_and_empty_progress(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "# 只有注释\n");
    site_file(s, "content/progress/empty.yaml", "");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/progress/empty.yaml: warning: file is empty\n"
                    "content/site.yaml:1:1: error: site.yaml is empty; it needs at least a title\n"
                    "1 error, 1 warning\n");
}

static void test_bom_crlf_content(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "\xef\xbb\xbftitle: 督办\r\nas_of: 2024-06-30\r\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "");
    assert_string_equal(s->m.site.title, "督办");
}

static void test_unknown_keys_suggest(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "title: 测试站点\nas_of: 2024-06-30\ncadance: month\n"
                                      "完全无关的键: 1\n");
    site_file(s, "content/units.yaml", "units:\n"
                                       "  - id: sh-hzb\n"
                                       "    name: 上海市人民政府合作交流办公室\n"
                                       "    alias: [市合作交流办]\n"
                                       "    region: 上海市\n");
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: p/1.1\n"
                                            "    summery: 已启动\n"
                                            "    summary: 已启动\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/progress/a.yaml:4:5: warning: unknown key 'summery' (did you mean "
                    "'summary'?)\n"
                    "content/site.yaml:3:1: warning: unknown key 'cadance' (did you mean "
                    "'cadence'?)\n"
                    "content/site.yaml:4:1: warning: unknown key '完全无关的键'\n"
                    "content/units.yaml:4:5: warning: unknown key 'alias' (did you mean "
                    "'aliases'?)\n"
                    "0 errors, 4 warnings\n");
}

static void test_required_keys(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "as_of: 2024-06-30\n");
    site_file(s, "content/units.yaml", "units:\n  - id: u1\n    short: 某办\n");
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nitems: []\n");
    site_file(s, "content/progress/a.yaml", "entries:\n  - item: p/1.1\n    status: 推进中\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:1:1: error: missing required key 'kind'\n"
                    "content/plans/q.yaml:1:1: error: missing required key 'issuers'\n"
                    "content/plans/q.yaml:1:1: error: missing required key 'period'\n"
                    "content/progress/a.yaml:2:5: error: missing required key 'date'\n"
                    "content/progress/a.yaml:2:5: error: missing required key 'summary'\n"
                    "content/site.yaml:1:1: error: missing required key 'title'\n"
                    "content/units.yaml:2:5: error: missing required key 'name'\n"
                    "content/units.yaml:2:5: error: missing required key 'region'\n"
                    "8 errors, 0 warnings\n");
    /* what failed is left out of the model rather than half-filled */
    assert_int_equal(s->m.nunits, 0);
    assert_int_equal(s->m.nentries, 0);
}

static void test_null_value_counts_as_missing(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "title:\nas_of: 2024-06-30\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/site.yaml:1:1: error: missing required key 'title'\n"
                    "1 error, 0 warnings\n");
}

static void test_wrong_types(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "title: [一, 二]\nas_of: 2024-06-30\nstale_days: 九十\n"
                                      "warn: 30\n");
    site_file(s, "content/plans/q.yaml", "id: q\n"
                                         "title: 计划\n"
                                         "kind: 行动计划\n"
                                         "issuers: {a: 1}\n"
                                         "public: 是\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - id: a\n"
                                         "    title: 甲\n"
                                         "    weight: 重\n"
                                         "    children: 无\n"
                                         "  - 一个字符串\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:4:10: error: 'issuers' should be a list of strings, not "
                    "a map\n"
                    "content/plans/q.yaml:5:9: error: 'public' should be true or false\n"
                    "content/plans/q.yaml:10:13: error: 'weight' should be a number, not '重'\n"
                    "content/plans/q.yaml:11:15: error: 'children' should be a list, not a string\n"
                    "content/plans/q.yaml:12:5: error: an item should be a map (key: value lines), "
                    "not a string\n"
                    "content/site.yaml:1:8: error: 'title' should be a string, not a list\n"
                    "content/site.yaml:3:13: error: 'stale_days' should be a number, not '九十'\n"
                    "content/site.yaml:4:7: error: warn should be a map (key: value lines), not a "
                    "string\n"
                    "8 errors, 0 warnings\n");
}

static void test_dates_must_exist(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - date: 2023-02-29\n"
                                            "    item: p/1.1\n"
                                            "    summary: 不存在的日期\n"
                                            "  - date: 2024-02-29\n"
                                            "    item: p/1.1\n"
                                            "    summary: 闰日\n"
                                            "  - date: 2024-13-01\n"
                                            "    item: p/1.1\n"
                                            "    summary: 十三月\n"
                                            "  - date: 2024-3-1\n"
                                            "    item: p/1.1\n"
                                            "    summary: 格式不对\n"
                                            "  - date: 三月一日\n"
                                            "    item: p/1.1\n"
                                            "    summary: 中文日期\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/progress/a.yaml:2:11: error: 'date' is not a real calendar date: "
                    "'2023-02-29'\n"
                    "content/progress/a.yaml:8:11: error: 'date' is not a real calendar date: "
                    "'2024-13-01'\n"
                    "content/progress/a.yaml:11:11: error: 'date' should be a date written "
                    "YYYY-MM-DD, not '2024-3-1'\n"
                    "content/progress/a.yaml:14:11: error: 'date' should be a date written "
                    "YYYY-MM-DD, not '三月一日'\n"
                    "4 errors, 0 warnings\n");
    assert_int_equal(s->m.nentries, 1);
    assert_int_equal(s->m.entries[0]->date, du_date_from_ymd(2024, 2, 29));
}

static void test_percent_range(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 2024-03-01, item: p/1.1, summary: a, percent: 0}\n"
                                            "  - {date: 2024-03-02, item: p/1.1, summary: b, percent: 100}\n"
                                            "  - {date: 2024-03-03, item: p/1.1, summary: c, percent: 100.5}\n"
                                            "  - {date: 2024-03-04, item: p/1.1, summary: d, percent: -1}\n"
                                            "  - {date: 2024-03-05, item: p/1.1, summary: e, percent: 50%}\n"
                                            "  - {date: 2024-03-06, item: p/1.1, summary: f, percent: 37.5}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/progress/a.yaml:4:58: error: percent should be from 0 to 100, not "
                    "100.5\n"
                    "content/progress/a.yaml:5:58: error: percent should be from 0 to 100, not -1\n"
                    "content/progress/a.yaml:6:58: error: 'percent' should be a number, not '50%'\n"
                    "3 errors, 0 warnings\n");
    /* the entries stay, without the bad percent */
    assert_int_equal(s->m.nentries, 6);
    assert_true(s->m.entries[0]->percent == 0);
    assert_true(s->m.entries[1]->percent == 100);
    assert_true(s->m.entries[2]->percent < 0);
    assert_true(s->m.entries[5]->percent == 37.5);
}

/* Numbers as strtod reads them, whichever way they are read: digits only
 * (007, nine digits, ten), a sign, a fraction, an exponent. */
static void test_percent_numbers(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 2024-03-01, item: p/1.1, summary: a, percent: 007}\n"
                                            "  - {date: 2024-03-02, item: p/1.1, summary: b, percent: +5}\n"
                                            "  - {date: 2024-03-03, item: p/1.1, summary: c, percent: 5e1}\n"
                                            "  - {date: 2024-03-04, item: p/1.1, summary: d, percent: 000000099}\n"
                                            "  - {date: 2024-03-05, item: p/1.1, summary: e, percent: 0000000100}\n"
                                            "  - {date: 2024-03-06, item: p/1.1, summary: f, percent: 12.}\n"
                                            "  - {date: 2024-03-07, item: p/1.1, summary: g, percent: 0x10}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/progress/a.yaml:8:58: error: 'percent' should be a number, not "
                    "'0x10'\n"
                    "1 error, 0 warnings\n");
    static const double want[] = {7, 5, 50, 99, 100, 12};
    assert_int_equal(s->m.nentries, 7);
    for (size_t i = 0; i < 6; i++)
        assert_true(s->m.entries[i]->percent == want[i]);
}

static void test_status_names(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - {date: 2024-03-01, item: p/1.1, summary: a, status: 已完成}\n"
                                            "  - {date: 2024-03-02, item: p/1.1, summary: b, status: delayed}\n"
                                            "  - {date: 2024-03-03, item: p/1.1, summary: c, status: 完成}\n"
                                            "  - {date: 2024-03-04, item: p/1.1, summary: d}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/progress/a.yaml:4:57: error: unknown status '完成' (use 未启动, 推进中, "
                    "已完成, 滞后 or 暂停)\n"
                    "1 error, 0 warnings\n");
    assert_int_equal(s->m.entries[0]->status, DU_ST_DONE);
    assert_int_equal(s->m.entries[1]->status, DU_ST_DELAYED);
    assert_int_equal(s->m.entries[3]->status, DU_ST_NONE);
}

static void test_id_validity(void **state)
{
    (void)state;
    assert_true(du_id_valid("sanming-2023"));
    assert_true(du_id_valid("2.1.3"));
    assert_true(du_id_valid("a_b.C-9"));
    assert_false(du_id_valid(""));
    assert_false(du_id_valid(".hidden"));
    assert_false(du_id_valid("-x"));
    assert_false(du_id_valid("a/b"));
    assert_false(du_id_valid("a..b"));
    assert_false(du_id_valid("a b"));
    assert_false(du_id_valid("三明"));
    char long_id[70];
    memset(long_id, 'a', 64);
    long_id[64] = '\0';
    assert_true(du_id_valid(long_id));
    long_id[64] = 'a';
    long_id[65] = '\0';
    assert_false(du_id_valid(long_id));
}

static void test_invalid_id_reported(void **state)
{
    site *s = *state;
    site_file(s, "content/units.yaml", "units:\n"
                                       "  - id: 合作办\n"
                                       "    name: 上海市人民政府合作交流办公室\n"
                                       "    region: 上海市\n"
                                       "  - id: ../etc\n"
                                       "    name: 乙\n"
                                       "    region: 上海市\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/units.yaml:2:9: error: invalid id '合作办' (use 1-64 letters, digits, "
                    "'.', '_' or '-'; no '/', '..' or spaces)\n"
                    "content/units.yaml:5:9: error: invalid id '../etc' (use 1-64 letters, digits, "
                    "'.', '_' or '-'; no '/', '..' or spaces)\n"
                    "2 errors, 0 warnings\n");
    assert_int_equal(s->m.nunits, 0);
}

static void test_duplicate_item_ids(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\n"
                                         "title: 计划\n"
                                         "kind: 行动计划\n"
                                         "issuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - id: a\n"
                                         "    title: 甲\n"
                                         "    children:\n"
                                         "      - id: a\n"
                                         "        title: 乙\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:10:9: error: duplicate item id 'a' (first at line 7)\n"
                    "1 error, 0 warnings\n");
}

static void test_due_outside_period_and_start_after_due(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\n"
                                         "title: 计划\n"
                                         "kind: 行动计划\n"
                                         "issuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items:\n"
                                         "  - id: a\n"
                                         "    title: 甲\n"
                                         "    due: 2025-01-01\n"
                                         "  - id: b\n"
                                         "    title: 乙\n"
                                         "    start: 2024-06-01\n"
                                         "    due: 2024-05-31\n"
                                         "  - id: c\n"
                                         "    title: 丙\n"
                                         "    due: 2024-12-31\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:7:5: error: due date of item 'a' lies outside the plan's "
                    "period\n"
                    "content/plans/q.yaml:10:5: error: item 'b' starts after it is due\n"
                    "2 errors, 0 warnings\n");
}

static void test_period_ends_before_start(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-12-31, end: 2024-01-01}\n"
                                         "items: []\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:5:9: error: the period ends before it starts\n"
                    "1 error, 0 warnings\n");
}

static void test_site_values(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "title: 测试\n"
                                      "as_of: 2024-06-30\n"
                                      "language: fr\n"
                                      "cadence: 季度\n"
                                      "base_url: example.org\n"
                                      "stale_days: 0\n"
                                      "warn: {yellow_points: 40, red_points: 30, blue_days: 7}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/site.yaml:3:11: error: language should be zh-CN or en, not 'fr'\n"
                    "content/site.yaml:4:10: error: cadence should be month, quarter or year\n"
                    "content/site.yaml:5:11: error: base_url should start with https:// or "
                    "http://\n"
                    "content/site.yaml:6:13: error: 'stale_days' should be a whole number from 1 to "
                    "3650\n"
                    "content/site.yaml:7:7: error: yellow_points (40) should not exceed red_points "
                    "(30)\n"
                    "5 errors, 0 warnings\n");
    assert_int_equal(s->m.site.blue_days, 7);
}

static void test_warn_thresholds(void **state)
{
    site *s = *state;
    site_file(s, "content/site.yaml", "title: 测试\nas_of: 2024-06-30\ncadence: month\n"
                                      "stale_days: 60\n"
                                      "warn: {yellow_points: 5, red_points: 20, blue_days: 14}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "");
    assert_int_equal(s->m.site.cadence, DU_CAD_MONTH);
    assert_int_equal(s->m.site.stale_days, 60);
    assert_int_equal(s->m.site.yellow_points, 5);
    assert_int_equal(s->m.site.red_points, 20);
    assert_int_equal(s->m.site.blue_days, 14);
}

static void test_sides(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\n"
                                         "title: 计划\n"
                                         "kind: 行动计划\n"
                                         "issuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "sides: [浦东新区, 大田县]\n"
                                         "items:\n"
                                         "  - id: a\n"
                                         "    title: 甲\n"
                                         "    units:\n"
                                         "      浦东新区: [区合作交流办]\n"
                                         "      大田县: 县发改局\n"
                                         "      三明市: [市发改委]\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:13:7: error: '三明市' is not one of the plan's sides (the "
                    "plan's sides are listed under 'sides:')\n"
                    "1 error, 0 warnings\n");
    du_plan *q = NULL;
    for (size_t i = 0; i < s->m.nplans; i++)
        if (!strcmp(s->m.plans[i]->id, "q"))
            q = s->m.plans[i];
    assert_non_null(q);
    du_item *a = q->items[0];
    assert_int_equal(a->nunits, 3);
    assert_string_equal(a->units[0].printed, "区合作交流办");
    assert_string_equal(a->units[0].side, "浦东新区");
    assert_string_equal(a->units[1].printed, "县发改局"); /* a single name is a list of one */
    assert_string_equal(a->units[1].side, "大田县");
    assert_int_equal(a->units[1].pos.line, 12);
    assert_int_equal(a->units[1].pos.col, 12);
}

static void test_indicators(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\n"
                                         "title: 计划\n"
                                         "kind: 行动计划\n"
                                         "issuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items: []\n"
                                         "indicators:\n"
                                         "  - {id: a, name: 甲, target: 10, compare: \"≤\", mode: 累计}\n"
                                         "  - {id: b, name: 乙, target: 10, compare: \">>\", mode: annual}\n"
                                         "  - {id: c, name: 丙, mode: annual}\n"
                                         "  - {id: d, name: 丁, target_text: 显著提升, mode: 每年}\n"
                                         "  - {id: e, name: 戊, target: 1, mode: annual, nature: 指导性}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:9:43: error: compare should be >=, <= or =, not '>>'\n"
                    "content/plans/q.yaml:10:5: error: an indicator needs a 'target' (a number) or "
                    "a 'target_text'\n"
                    "content/plans/q.yaml:11:47: error: mode should be annual or cumulative, not "
                    "'每年'\n"
                    "content/plans/q.yaml:12:55: error: nature should be 约束性 or 预期性, not '指导性'\n"
                    "4 errors, 0 warnings\n");
    du_plan *q = s->m.plans[1];
    assert_string_equal(q->id, "q");
    du_indicator *a = q->indicators[0];
    assert_int_equal(a->cmp, DU_CMP_LE);
    assert_int_equal(a->mode, DU_MODE_CUMULATIVE);
    assert_true(a->has_target && a->target == 10);
    assert_false(a->has_baseline);
}

static void test_sources(void **state)
{
    site *s = *state;
    site_file(s, "content/progress/a.yaml", "entries:\n"
                                            "  - date: 2024-03-01\n"
                                            "    item: p/1.1\n"
                                            "    summary: 甲\n"
                                            "    sources:\n"
                                            "      - {title: 报道, url: \"javascript:alert(1)\"}\n"
                                            "      - {outlet: 东南网, url: \"https://a.example/x y\"}\n"
                                            "      - {url: \"https://a.example/\"}\n"
                                            "      - {title: 好, outlet: 网, url: \"https://a.example/\", date: 2024-03-02}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/progress/a.yaml:6:26: error: a source url must start with https:// "
                    "or http://\n"
                    "content/progress/a.yaml:7:28: error: a source url may not contain spaces, "
                    "quotes or angle brackets\n"
                    "content/progress/a.yaml:8:9: error: a source needs a 'title' or an 'outlet'\n"
                    "3 errors, 0 warnings\n");
    du_entry *e = s->m.entries[0];
    assert_int_equal(e->nsources, 3);
    assert_null(e->sources[0].url);
    assert_string_equal(e->sources[2].url, "https://a.example/");
    assert_int_equal(e->sources[2].date, du_date_from_ymd(2024, 3, 2));
}

static void test_units_folder_and_positions_after_cjk(void **state)
{
    site *s = *state;
    site_file(s, "content/units/more/extra.yaml", "units:\n"
                                                  "  - {id: dt-fgj, name: 大田县发展和改革局, short: 县发改局, region: 大田县}\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "");
    assert_int_equal(s->m.nunits, 2);
    du_unit *u = s->m.units[1];
    assert_string_equal(u->id, "dt-fgj");
    assert_string_equal(u->pos.file, "content/units/more/extra.yaml");
    assert_int_equal(u->pos.line, 2);
    assert_int_equal(u->pos.col, 5);
}

static void test_table_row_too_long(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "items: []\n"
                                         "tables:\n"
                                         "  - id: t1\n"
                                         "    caption: 表1\n"
                                         "    columns: [省份, 2016年]\n"
                                         "    rows:\n"
                                         "      - [江苏, \"1\"]\n"
                                         "      - [浙江, \"2\", \"3\"]\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:13:9: warning: row has 3 cells but the table has 2 "
                    "columns\n"
                    "0 errors, 1 warning\n");
}

static void test_basis_entry_needs_plan_or_doc(void **state)
{
    site *s = *state;
    site_file(s, "content/plans/q.yaml", "id: q\ntitle: 计划\nkind: 行动计划\nissuers: [甲]\n"
                                         "period: {start: 2024-01-01, end: 2024-12-31}\n"
                                         "basis:\n"
                                         "  - title: 没有文号\n"
                                         "items: []\n");
    assert_int_equal(site_load(s), 0);
    expect_diags(s, "content/plans/q.yaml:7:5: error: a basis entry needs 'plan' (an id of this "
                    "site) or 'doc' (a document number)\n"
                    "1 error, 0 warnings\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_clean_site),
        T(test_defaults),
        T(test_as_of_override),
        T(test_no_content_folder),
        T(test_missing_site_yaml),
        T(test_empty_site_yaml_and_empty_progress),
        T(test_bom_crlf_content),
        T(test_unknown_keys_suggest),
        T(test_required_keys),
        T(test_null_value_counts_as_missing),
        T(test_wrong_types),
        T(test_dates_must_exist),
        T(test_percent_range),
        T(test_percent_numbers),
        T(test_status_names),
        T(test_id_validity),
        T(test_invalid_id_reported),
        T(test_duplicate_item_ids),
        T(test_due_outside_period_and_start_after_due),
        T(test_period_ends_before_start),
        T(test_site_values),
        T(test_warn_thresholds),
        T(test_sides),
        T(test_indicators),
        T(test_sources),
        T(test_units_folder_and_positions_after_cjk),
        T(test_table_row_too_long),
        T(test_basis_entry_needs_plan_or_doc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
