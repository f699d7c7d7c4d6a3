/* test_derive.c - the derived state against hand-computed results. Each
 * test loads a small corpus under tests/fixtures/derive/, derives it at a
 * chosen as_of and checks the numbers; the arithmetic is in the comments
 * (docs/status-rules.md states the rules).
 *
 * Day counts used below (2024 is a leap year):
 *   2024-01-01 → 2024-03-01   60 days (31 + 29)
 *   2024-01-01 → 2024-07-01  182 days (31 + 29 + 31 + 30 + 31 + 30)
 *   2024-01-01 → 2024-12-31  365 days
 *   2024-01-01 → 2025-12-31  730 days */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "resolve.h"

typedef struct {
    du_model m;
    du_diag d;
    du_state st;
} corpus;

static du_date ymd(int y, int m, int d) { return du_date_from_ymd(y, m, d); }

/* Load the site at root (as_of DU_DATE_NONE: from its site.yaml), which
 * must be free of errors; then derive. */
static corpus *load_root(const char *root, du_date as_of)
{
    corpus *c = calloc(1, sizeof *c);
    du_diag_init(&c->d);
    assert_int_equal(du_load(&c->m, root, as_of, &c->d), 0);
    du_resolve(&c->m, &c->d);
    if (c->d.errors) {
        du_diag_sort(&c->d);
        du_diag_print(&c->d, stderr, false, true);
    }
    assert_int_equal(c->d.errors, 0);
    du_derive(&c->m, &c->st);
    return c;
}

/* The same for tests/fixtures/derive/NAME. */
static corpus *load_corpus(const char *name, du_date as_of)
{
    char root[256];
    snprintf(root, sizeof root, "tests/fixtures/derive/%s", name);
    return load_root(root, as_of);
}

static void free_corpus(corpus *c)
{
    du_model_free(&c->m);
    du_diag_free(&c->d);
    free(c);
}

static const du_istate *item(const corpus *c, const char *ref)
{
    du_item *it = du_model_item_ref(&c->m, ref);
    if (!it)
        fail_msg("no item %s", ref);
    return &c->st.items[it->gindex];
}

static const du_istate *plan(const corpus *c, const char *id)
{
    du_plan *p = du_model_plan(&c->m, id);
    assert_non_null(p);
    return &c->st.plans[p->index].s;
}

static const du_uview *unit(const corpus *c, const char *id)
{
    du_unit *u = du_model_unit(&c->m, id);
    assert_non_null(u);
    return &c->st.units[u->index];
}

#define assert_near(a, b)                                                                      \
    do {                                                                                       \
        double a_ = (a), b_ = (b);                                                             \
        if (fabs(a_ - b_) > 1e-9)                                                              \
            fail_msg("%s = %.12g, expected %.12g", #a, a_, b_);                                \
    } while (0)

/* A list of item refs, compared with a space-separated expectation. */
static void assert_refs(du_item *const *items, size_t n, const char *want)
{
    char got[1024] = "";
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(got, " ");
        strcat(got, items[i]->ref);
    }
    assert_string_equal(got, want);
}

static void assert_units(du_unit *const *units, size_t n, const char *want)
{
    char got[1024] = "";
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(got, " ");
        strcat(got, units[i]->id);
    }
    assert_string_equal(got, want);
}

/* ---- no entries ---- */

/* as_of 2024-03-01, 60 days into the year.
 * p/1: due 2024-12-31: 序时进度 60/365 = 16.44; not started so 0 %,
 *      16.44 points behind: 10 ≤ 16.44 ≤ 30 → 黄.
 * p/2: due 2024-03-31 (90 days after the start): 60/90 = 66.67; 66.67
 *      points behind → 红, although it is also due within 30 days (蓝):
 *      the worse light wins.
 * p/3: text only, no state. Plan: mean of 0 and 0 = 0 %, 未启动, its own
 *      序时进度 60/365 → 黄. No entries, so no briefing periods. */
static void test_no_entries(void **state)
{
    (void)state;
    corpus *c = load_corpus("empty", DU_DATE_NONE);
    assert_int_equal(c->st.as_of, ymd(2024, 3, 1));
    const du_istate *t1 = item(c, "p/1"), *t2 = item(c, "p/2"), *t3 = item(c, "p/3");
    assert_int_equal(t1->status, DU_ST_NOT_STARTED);
    assert_near(t1->percent, 0);
    assert_near(t1->expected, 100.0 * 60 / 365);
    assert_true(t1->behind);
    assert_false(t1->overdue);
    assert_false(t1->stale); /* 60 days since the start ≤ 90 */
    assert_int_equal(t1->light, DU_YELLOW);
    assert_null(t1->latest);
    assert_int_equal(t1->nentries, 0);
    assert_int_equal(t1->nbyunit, 0);
    assert_near(t2->expected, 100.0 * 60 / 90);
    assert_int_equal(t2->light, DU_RED);
    assert_int_equal(t3->status, DU_ST_NONE);
    assert_int_equal(t3->light, DU_LIGHT_NONE);
    const du_istate *p = plan(c, "p");
    assert_int_equal(p->status, DU_ST_NOT_STARTED);
    assert_near(p->percent, 0);
    assert_near(p->expected, 100.0 * 60 / 365);
    assert_int_equal(p->light, DU_YELLOW);
    assert_int_equal(p->ntasks, 2);
    assert_int_equal(p->count[DU_ST_NOT_STARTED], 2);
    assert_int_equal(p->lights[DU_YELLOW], 1);
    assert_int_equal(p->lights[DU_RED], 1);
    assert_int_equal(c->st.ntasks, 2);
    assert_int_equal(c->st.noverdue, 0);
    assert_int_equal(c->st.nstale, 0);
    assert_int_equal(c->st.ncurrent, 0);
    assert_int_equal(c->st.nperiods, 0);
    /* the unit's view: the red task first */
    const du_uview *u = unit(c, "u-a");
    assert_refs(u->items, u->nitems, "p/2 p/1");
    assert_false(u->as_lead[0]);
    assert_int_equal(u->count[DU_ST_NOT_STARTED], 2);
    assert_int_equal(u->nreports, 0);
    free_corpus(c);
}

/* as_of 2024-04-15, 105 days into the year: p/2 (due 03-31) is overdue
 * (红, 序时进度 100); both tasks have had no entry for 105 > 90 days since
 * their start, so both are stale. A plan with an overdue task is 滞后
 * although nothing was ever started; p/1: 105/365 = 28.77 → still 黄. */
static void test_no_entries_later(void **state)
{
    (void)state;
    corpus *c = load_corpus("empty", ymd(2024, 4, 15));
    const du_istate *t1 = item(c, "p/1"), *t2 = item(c, "p/2");
    assert_true(t2->overdue);
    assert_near(t2->expected, 100);
    assert_int_equal(t2->light, DU_RED);
    assert_true(t2->stale);
    assert_near(t1->expected, 100.0 * 105 / 365);
    assert_int_equal(t1->light, DU_YELLOW);
    assert_true(t1->stale);
    assert_int_equal(c->st.noverdue, 1);
    assert_int_equal(c->st.nstale, 2);
    const du_istate *p = plan(c, "p");
    assert_int_equal(p->status, DU_ST_DELAYED);
    assert_int_equal(p->light, DU_RED);
    assert_int_equal(p->noverdue, 1);
    assert_false(p->overdue); /* the plan itself runs to 2024-12-31 */
    free_corpus(c);
}

/* ---- dates: due on as_of, a leap-day window, entries after as_of ---- */

/* as_of 2024-06-30. p/due-today is due that very day: not overdue (due
 * before as_of is), 序时进度 100, reported 95 % → 5 points behind, under
 * the yellow threshold; due within 30 days → 蓝.
 * p/later's only entry (2024-07-15, 已完成) lies after as_of: ignored, so
 * 未启动 at 0 % against 181/365 = 49.59 → 红. */
static void test_due_on_as_of_and_entries_after(void **state)
{
    (void)state;
    corpus *c = load_corpus("timing", DU_DATE_NONE);
    assert_int_equal(c->d.warnings, 1); /* the entry after as_of */
    const du_istate *t = item(c, "p/due-today");
    assert_int_equal(t->status, DU_ST_IN_PROGRESS);
    assert_near(t->percent, 95);
    assert_near(t->expected, 100);
    assert_false(t->overdue);
    assert_true(t->behind);
    assert_int_equal(t->light, DU_BLUE);
    const du_istate *l = item(c, "p/later");
    assert_int_equal(l->status, DU_ST_NOT_STARTED);
    assert_null(l->latest);
    assert_int_equal(l->nentries, 0);
    assert_near(l->expected, 100.0 * 181 / 365);
    assert_int_equal(l->light, DU_RED);
    assert_int_equal(c->m.nentries, 3);
    assert_int_equal(c->st.ncurrent, 2);
    free_corpus(c);
    /* one day later the same task is overdue and red */
    c = load_corpus("timing", ymd(2024, 7, 1));
    assert_true(item(c, "p/due-today")->overdue);
    assert_int_equal(item(c, "p/due-today")->light, DU_RED);
    free_corpus(c);
    /* once as_of passes 2024-07-15 the late entry counts: 已完成, 100 %, 绿 */
    c = load_corpus("timing", ymd(2024, 7, 31));
    l = item(c, "p/later");
    assert_int_equal(l->status, DU_ST_DONE);
    assert_near(l->percent, 100);
    assert_int_equal(l->light, DU_GREEN);
    assert_non_null(l->latest);
    assert_int_equal(l->latest->date, ymd(2024, 7, 15));
    free_corpus(c);
}

/* p/leap runs 2024-02-01 → 2024-03-01: 29 days, because February 2024
 * has 29. Reported 70 % on 2024-02-20.
 * as_of 2024-02-29: 28 of 29 days gone, 序时进度 = 2800/29 = 96.55;
 *   26.55 points behind → 黄 (yellow outranks the blue of "due tomorrow").
 * as_of 2024-03-01: due today, 序时进度 100, exactly 30 points behind:
 *   still 黄 (红 is *more* than 30), and not overdue.
 * as_of 2024-03-02: overdue → 红. */
static void test_leap_day_window(void **state)
{
    (void)state;
    corpus *c = load_corpus("timing", ymd(2024, 2, 29));
    const du_istate *t = item(c, "p/leap");
    assert_int_equal(du_model_item_ref(&c->m, "p/leap")->due - du_model_item_ref(&c->m, "p/leap")->start, 29);
    assert_near(t->expected, 100.0 * 28 / 29);
    assert_near(t->percent, 70);
    assert_int_equal(t->light, DU_YELLOW);
    assert_false(t->overdue);
    free_corpus(c);
    c = load_corpus("timing", ymd(2024, 3, 1));
    t = item(c, "p/leap");
    assert_near(t->expected, 100);
    assert_false(t->overdue);
    assert_int_equal(t->light, DU_YELLOW);
    free_corpus(c);
    c = load_corpus("timing", ymd(2024, 3, 2));
    t = item(c, "p/leap");
    assert_true(t->overdue);
    assert_int_equal(t->light, DU_RED);
    free_corpus(c);
}

/* ---- roll-up ---- */

/* as_of 2024-07-01: 序时进度 of a task running the whole year is
 * 182/365 = 49.863. */
#define FULL_YEAR (100.0 * 182 / 365)

/* p/1 has three children:
 *   1.1 weight 3, 推进中 60 %   → 绿 (ahead of 49.86)
 *   1.2 weight 1 (default), 已完成 → 100 %, 绿
 *   1.3 weight 2, no entries    → 未启动 0 %, 49.86 behind → 红, stale
 *       (182 days since its start > 90)
 * percent = (3×60 + 1×100 + 2×0) / (3 + 1 + 2) = 280/6 = 46.667
 * status: not all done, none overdue or 滞后, some started → 推进中
 * light: 49.863 − 46.667 = 3.2 points behind → 绿 (but behind). */
static void test_weighted_rollup(void **state)
{
    (void)state;
    corpus *c = load_corpus("rollup", DU_DATE_NONE);
    const du_istate *a = item(c, "p/1.1"), *b = item(c, "p/1.2"), *d = item(c, "p/1.3");
    assert_near(a->percent, 60);
    assert_int_equal(a->light, DU_GREEN);
    assert_int_equal(b->status, DU_ST_DONE);
    assert_near(b->percent, 100);
    assert_int_equal(d->status, DU_ST_NOT_STARTED);
    assert_int_equal(d->light, DU_RED);
    assert_true(d->stale);
    const du_istate *h = item(c, "p/1");
    assert_near(h->percent, 280.0 / 6);
    assert_int_equal(h->status, DU_ST_IN_PROGRESS);
    assert_near(h->expected, FULL_YEAR);
    assert_true(h->behind);
    assert_int_equal(h->light, DU_GREEN);
    assert_int_equal(h->ntasks, 3);
    assert_int_equal(h->count[DU_ST_IN_PROGRESS], 1);
    assert_int_equal(h->count[DU_ST_DONE], 1);
    assert_int_equal(h->count[DU_ST_NOT_STARTED], 1);
    assert_int_equal(h->lights[DU_GREEN], 2);
    assert_int_equal(h->lights[DU_RED], 1);
    /* the heading's latest entry is the latest below it: 1.2 on 06-01 */
    assert_non_null(h->latest);
    assert_int_equal(h->latest->date, ymd(2024, 6, 1));
    free_corpus(c);
}

/* r/1: 1.1 reports 60 %, 1.2 is 推进中 with no percent: a mean over 1.1
 * alone would claim 60 % for the heading, so its percent is unknown (-1);
 * the status still rolls up (推进中). r/2: the child without a percent has
 * weight 0, so it does not count: (1 × 60) / 1 = 60 %. */
static void test_rollup_unknown_percent(void **state)
{
    (void)state;
    corpus *c = load_corpus("unknown", DU_DATE_NONE);
    assert_near(item(c, "r/1.1")->percent, 60);
    assert_true(item(c, "r/1.2")->percent < 0);
    const du_istate *h = item(c, "r/1");
    assert_true(h->percent < 0);
    assert_int_equal(h->status, DU_ST_IN_PROGRESS);
    assert_false(h->behind);
    assert_near(item(c, "r/2")->percent, 60);
    free_corpus(c);
}

/* p/2: children 2.1 (滞后, 10 %, 03-01) and 2.2 (推进中, 50 %, 03-15) would
 * give (10 + 50)/2 = 30 % and 滞后; but the heading has its own entry on
 * 04-01 (推进中, 80 %), later than any below, so it wins: 推进中, 80 %, 绿.
 * p/3: its own entry (02-01, 90 %) is older than its child's (3.1 on
 * 03-01, 推进中 20 %), so the child rules: 20 %, 29.86 points behind → 黄. */
static void test_parent_own_entry(void **state)
{
    (void)state;
    corpus *c = load_corpus("rollup", DU_DATE_NONE);
    assert_int_equal(item(c, "p/2.1")->status, DU_ST_DELAYED);
    assert_int_equal(item(c, "p/2.1")->light, DU_RED);
    assert_int_equal(item(c, "p/2.2")->light, DU_GREEN);
    assert_false(item(c, "p/2.2")->behind); /* 50 ≥ 49.86 */
    const du_istate *h2 = item(c, "p/2");
    assert_int_equal(h2->status, DU_ST_IN_PROGRESS);
    assert_near(h2->percent, 80);
    assert_int_equal(h2->light, DU_GREEN);
    assert_int_equal(h2->latest->date, ymd(2024, 4, 1));
    assert_int_equal(h2->count[DU_ST_DELAYED], 1); /* counts still describe the tasks */
    const du_istate *h3 = item(c, "p/3");
    assert_int_equal(h3->status, DU_ST_IN_PROGRESS);
    assert_near(h3->percent, 20);
    assert_int_equal(h3->light, DU_YELLOW);
    assert_int_equal(h3->latest->date, ymd(2024, 3, 1));
    free_corpus(c);
}

/* p/4 names 甲办 and 乙局. Entries: 05-01 甲办 推进中 40 %, 06-01 乙局
 * 已完成, 06-15 甲办 推进中 70 %. Overall follows the latest entry (06-15):
 * 推进中, 70 %; per unit (by id): u-a 推进中 (06-15), u-b 已完成 (06-01). */
static void test_two_units_one_item(void **state)
{
    (void)state;
    corpus *c = load_corpus("rollup", DU_DATE_NONE);
    const du_istate *t = item(c, "p/4");
    assert_int_equal(t->status, DU_ST_IN_PROGRESS);
    assert_near(t->percent, 70);
    assert_int_equal(t->nentries, 3);
    assert_int_equal(t->latest->date, ymd(2024, 6, 15));
    assert_int_equal(t->nbyunit, 2);
    assert_string_equal(t->byunit[0].unit->id, "u-a");
    assert_int_equal(t->byunit[0].status, DU_ST_IN_PROGRESS);
    assert_int_equal(t->byunit[0].latest->date, ymd(2024, 6, 15));
    assert_string_equal(t->byunit[1].unit->id, "u-b");
    assert_int_equal(t->byunit[1].status, DU_ST_DONE);
    assert_int_equal(t->byunit[1].latest->date, ymd(2024, 6, 1));
    /* the overall status at other dates follows the latest entry by then */
    du_item *it = du_model_item_ref(&c->m, "p/4");
    assert_int_equal(du_task_status_at(&c->st, it, ymd(2024, 4, 30)), DU_ST_NOT_STARTED);
    assert_int_equal(du_task_status_at(&c->st, it, ymd(2024, 5, 1)), DU_ST_IN_PROGRESS);
    assert_int_equal(du_task_status_at(&c->st, it, ymd(2024, 6, 10)), DU_ST_DONE);
    assert_int_equal(du_task_status_at(&c->st, it, ymd(2024, 6, 15)), DU_ST_IN_PROGRESS);
    free_corpus(c);
}

/* Plan q shows the status rules of a heading:
 *   q/1: both children 已完成 → 已完成, 100 %, 绿.
 *   q/2: no child started → 未启动, 0 %; its children are due 11-30:
 *        182/334 = 54.49 behind → 红; the heading (due at the plan's end)
 *        49.86 behind → 红.
 *   q/3: 3.1 was due 06-30 and is not done → overdue; so the heading is
 *        滞后 (红) though both children report 推进中 50 %.
 * The plan: (100 + 0 + 50)/3 = 50 %, 滞后 (q/3 is), 红.
 * Plan p: (46.667 + 80 + 20 + 70)/4 = 54.167 %, 推进中, ahead → 绿. */
static void test_status_rules_and_plans(void **state)
{
    (void)state;
    corpus *c = load_corpus("rollup", DU_DATE_NONE);
    const du_istate *h1 = item(c, "q/1"), *h2 = item(c, "q/2"), *h3 = item(c, "q/3");
    assert_int_equal(h1->status, DU_ST_DONE);
    assert_near(h1->percent, 100);
    assert_int_equal(h1->light, DU_GREEN);
    assert_int_equal(h2->status, DU_ST_NOT_STARTED);
    assert_near(h2->percent, 0);
    assert_near(item(c, "q/2.1")->expected, 100.0 * 182 / 334);
    assert_int_equal(item(c, "q/2.1")->light, DU_RED);
    assert_int_equal(h2->light, DU_RED);
    assert_true(item(c, "q/3.1")->overdue);
    assert_int_equal(h3->status, DU_ST_DELAYED);
    assert_near(h3->percent, 50);
    assert_int_equal(h3->light, DU_RED);
    assert_int_equal(h3->noverdue, 1);
    const du_istate *q = plan(c, "q");
    assert_near(q->percent, 50);
    assert_int_equal(q->status, DU_ST_DELAYED);
    assert_int_equal(q->light, DU_RED);
    assert_int_equal(q->ntasks, 6);
    assert_int_equal(q->count[DU_ST_DONE], 2);
    assert_int_equal(q->count[DU_ST_NOT_STARTED], 2);
    assert_int_equal(q->count[DU_ST_IN_PROGRESS], 2);
    const du_istate *p = plan(c, "p");
    assert_near(p->percent, (280.0 / 6 + 80 + 20 + 70) / 4);
    assert_int_equal(p->status, DU_ST_IN_PROGRESS);
    assert_int_equal(p->light, DU_GREEN);
    assert_near(p->expected, FULL_YEAR);
    /* tasks of p: 1.1 1.2 1.3 2.1 2.2 3.1 4 */
    assert_int_equal(p->ntasks, 7);
    assert_int_equal(p->count[DU_ST_NOT_STARTED], 1);
    assert_int_equal(p->count[DU_ST_IN_PROGRESS], 4);
    assert_int_equal(p->count[DU_ST_DONE], 1);
    assert_int_equal(p->count[DU_ST_DELAYED], 1);
    assert_int_equal(p->lights[DU_GREEN], 4);  /* 1.1 1.2 2.2 4 */
    assert_int_equal(p->lights[DU_YELLOW], 1); /* 3.1 */
    assert_int_equal(p->lights[DU_RED], 2);    /* 1.3 2.1 */
    assert_int_equal(p->latest->date, ymd(2024, 6, 15));
    /* site-wide: 13 tasks, one overdue (q/3.1); stale: p/1.3, q/2.1, q/2.2
     * (never reported, 182 days), p/2.1, p/3.1 (03-01, 122 days), p/2.2
     * (03-15, 108 days) */
    assert_int_equal(c->st.ntasks, 13);
    assert_int_equal(c->st.noverdue, 1);
    assert_int_equal(c->st.nstale, 6);
    free_corpus(c);
}

/* Unit views: overdue first, then red, then the rest, each group in plan
 * and document order.
 *   u-a 甲办: q/3.1 overdue; p/2.1 红; p/1.1 and p/4 绿 → q/3.1 p/2.1 p/1.1 p/4
 *   u-b 乙局: all 绿 → document order
 *   u-c 丙委: p/1.3 红, q/2.1 红, q/2.2 红, p/3.1 黄 */
static void test_unit_views(void **state)
{
    (void)state;
    corpus *c = load_corpus("rollup", DU_DATE_NONE);
    const du_uview *a = unit(c, "u-a"), *b = unit(c, "u-b"), *u = unit(c, "u-c");
    assert_refs(a->items, a->nitems, "q/3.1 p/2.1 p/1.1 p/4");
    assert_refs(b->items, b->nitems, "p/1.2 p/2.2 p/4 q/1.1 q/1.2 q/3.2");
    assert_refs(u->items, u->nitems, "p/1.3 q/2.1 q/2.2 p/3.1");
    assert_int_equal(a->count[DU_ST_IN_PROGRESS], 3);
    assert_int_equal(a->count[DU_ST_DELAYED], 1);
    assert_int_equal(a->noverdue, 1);
    assert_int_equal(a->lights[DU_RED], 2);
    /* reports on or before as_of: 甲办 p/2.1 p/1.1 p/4 p/4 q/3.1; 乙局 six */
    assert_int_equal(a->nreports, 5);
    assert_int_equal(b->nreports, 6);
    assert_int_equal(u->nreports, 1);
    assert_int_equal(b->count[DU_ST_DONE], 3);
    free_corpus(c);
}

/* ---- indicators ---- */

/* as_of 2024-12-31 on a plan 2024-01-01 → 2025-12-31: 365 of 730 days,
 * a fraction of 0.5. The entry of 2025-02-01 lies after as_of.
 *   pm25 (annual, ≤ 35): 40 then 33 → latest 33 ≤ 35: met, 100 %.
 *   energy (annual, ≤ 0.5): 0.8 → not met; 0.5/0.8 = 62.5 %.
 *   invest (cumulative, ≥ 200): 30 + 20 = 50 → 25 %; linear path to
 *     200 at the end: 200 × 0.5 = 100 by now → behind.
 *   aid (cumulative, ≥ 120, baseline 20): 25 + 35 = 60 → 50 %; path
 *     120 × 0.5 = 60 → on it, not behind. (The sum counts what was
 *     reported within the plan, so the path starts from 0 too.)
 *   visitors (annual, ≥ 100): 120 → met, 120 %.
 *   parks (= 3): 3 → met, 100 %.
 *   quality: a target in words only → no attainment. */
static const du_indstate *ind(const corpus *c, const char *id)
{
    du_indicator *x = du_plan_indicator(du_model_plan(&c->m, "p"), id);
    assert_non_null(x);
    return &c->st.inds[x->gindex];
}

static void test_indicators(void **state)
{
    (void)state;
    corpus *c = load_corpus("indicators", DU_DATE_NONE);
    const du_indstate *s = ind(c, "pm25");
    assert_true(s->has_actual);
    assert_near(s->actual, 33);
    assert_int_equal(s->actual_date, ymd(2024, 9, 1));
    assert_true(s->met);
    assert_near(s->attainment, 100);
    assert_false(s->has_trajectory);
    assert_int_equal(s->nyears, 1);
    assert_int_equal(s->years[0], 2024);
    assert_near(s->year_values[0], 33);
    s = ind(c, "energy");
    assert_false(s->met);
    assert_near(s->attainment, 62.5);
    s = ind(c, "invest");
    assert_near(s->actual, 50);
    assert_near(s->attainment, 25);
    assert_false(s->met);
    assert_true(s->has_trajectory);
    assert_near(s->trajectory, 100);
    assert_true(s->behind);
    assert_near(s->year_values[0], 50);
    s = ind(c, "aid");
    assert_near(s->actual, 60);
    assert_near(s->attainment, 50);
    assert_near(s->trajectory, 60);
    assert_false(s->behind);
    s = ind(c, "visitors");
    assert_true(s->met);
    assert_near(s->attainment, 120);
    s = ind(c, "parks");
    assert_true(s->met);
    assert_near(s->attainment, 100);
    s = ind(c, "quality");
    assert_false(s->has_actual);
    assert_near(s->attainment, -1);
    assert_false(s->met);
    free_corpus(c);
}

/* as_of 2025-12-31, the plan's end: the 2025 entry counts.
 *   pm25: latest 30 (2025-02-01); per year 2024: 33, 2025: 30.
 *   invest: 30 + 20 + 50 = 100; per year 2024: 50, 2025: 50; the path
 *     has reached the target, 200 → behind. */
static void test_indicators_per_year(void **state)
{
    (void)state;
    corpus *c = load_corpus("indicators", ymd(2025, 12, 31));
    const du_indstate *s = ind(c, "pm25");
    assert_near(s->actual, 30);
    assert_int_equal(s->nyears, 2);
    assert_int_equal(s->years[1], 2025);
    assert_near(s->year_values[0], 33);
    assert_near(s->year_values[1], 30);
    s = ind(c, "invest");
    assert_near(s->actual, 100);
    assert_near(s->year_values[0], 50);
    assert_near(s->year_values[1], 50);
    assert_near(s->trajectory, 200);
    assert_true(s->behind);
    free_corpus(c);
}

/* ---- briefing periods ---- */

/* Quarters, as_of 2024-08-15. Entries: 03-31 (p/1 推进中, 甲办), 04-01
 * (p/1 已完成, 甲办), 05-10 (p/3 推进中, 乙局). The plan starts 2023-07-01,
 * but numbering starts with the first quarter that has an entry, 2024 Q1.
 * Responsible units: 甲办 (p/1), 乙局 (p/2, p/3), 丙委 (p/4, lead);
 * 相关区政府 is collective and never "silent".
 *
 * 第1期 2024 Q1 (01-01 → 03-31): entry 03-31; p/1 未启动 → 推进中;
 *   p/2 is due 03-31, the period's last day: not yet overdue; upcoming
 *   (due in 03-31 + 1 … + 90 = 06-29): p/3 (06-29); silent: u-b u-c.
 * 第2期 2024 Q2 (04-01 → 06-30): entries 04-01, 05-10; p/1 推进中 → 已完成
 *   (completed), p/3 未启动 → 推进中; newly overdue: p/2 (overdue from
 *   04-01) and p/3 (from 06-30); problems at the end: p/2 p/3; nothing due
 *   06-30 + 1 … + 90 = 09-28; silent: u-c.
 * 第3期 2024 Q3, up to as_of 08-15: no entries; upcoming p/4 (10-15 ≤
 *   08-15 + 90 = 11-13); problems now: p/2 and p/3 overdue, p/4 红 (0 %
 *   against 411/472 = 87.08, its window 2023-07-01 → 2024-10-15);
 *   silent: all three. */
static void test_quarter_periods(void **state)
{
    (void)state;
    corpus *c = load_corpus("periods", DU_DATE_NONE);
    assert_int_equal(c->st.nperiods, 3);
    const du_period *q1 = &c->st.periods[0], *q2 = &c->st.periods[1], *q3 = &c->st.periods[2];
    assert_int_equal(q1->number, 1);
    assert_int_equal(q3->number, 3);
    assert_string_equal(q1->key, "2024-q1");
    assert_string_equal(q1->label_zh, "2024年第一季度");
    assert_string_equal(q1->label_en, "2024 Q1");
    assert_string_equal(q2->label_zh, "2024年第二季度");
    assert_int_equal(q1->start, ymd(2024, 1, 1));
    assert_int_equal(q1->end, ymd(2024, 3, 31));
    assert_int_equal(q2->start, ymd(2024, 4, 1));
    assert_int_equal(q3->end, ymd(2024, 9, 30));
    /* Q1 */
    const du_pview *v = &q1->all;
    assert_int_equal(v->nentries, 1);
    assert_int_equal(v->entries[0]->date, ymd(2024, 3, 31));
    assert_refs(v->changed, v->nchanged, "p/1");
    assert_int_equal(v->from[0], DU_ST_NOT_STARTED);
    assert_int_equal(v->to[0], DU_ST_IN_PROGRESS);
    assert_int_equal(v->ncompleted, 0);
    assert_refs(v->overdue, v->noverdue, "");
    assert_refs(v->problems, v->nproblems, "");
    assert_refs(v->upcoming, v->nupcoming, "p/3");
    assert_units(v->reporting, v->nreporting, "u-a");
    assert_int_equal(v->nreported[0], 1);
    assert_units(v->silent, v->nsilent, "u-b u-c");
    /* Q2 */
    v = &q2->all;
    assert_int_equal(v->nentries, 2);
    assert_int_equal(v->entries[0]->date, ymd(2024, 4, 1));
    assert_refs(v->changed, v->nchanged, "p/1 p/3");
    assert_int_equal(v->from[0], DU_ST_IN_PROGRESS);
    assert_int_equal(v->to[0], DU_ST_DONE);
    assert_refs(v->completed, v->ncompleted, "p/1");
    assert_refs(v->overdue, v->noverdue, "p/2 p/3");
    assert_refs(v->problems, v->nproblems, "p/2 p/3");
    assert_refs(v->upcoming, v->nupcoming, "");
    assert_units(v->reporting, v->nreporting, "u-a u-b");
    assert_units(v->silent, v->nsilent, "u-c");
    /* Q3 */
    v = &q3->all;
    assert_int_equal(v->nentries, 0);
    assert_int_equal(v->nchanged, 0);
    assert_refs(v->overdue, v->noverdue, "");
    assert_refs(v->upcoming, v->nupcoming, "p/4");
    assert_refs(v->problems, v->nproblems, "p/2 p/3 p/4");
    assert_units(v->silent, v->nsilent, "u-a u-b u-c");
    assert_near(item(c, "p/4")->expected, 100.0 * 411 / 472);
    /* one plan: its own view says the same */
    assert_ptr_equal(q2->plans[0].plan, du_model_plan(&c->m, "p"));
    assert_refs(q2->plans[0].overdue, q2->plans[0].noverdue, "p/2 p/3");
    assert_int_equal(q2->plans[0].nentries, 2);
    free_corpus(c);
}

/* as_of on the quarter's last day: the entry of that day is in, and there
 * is one period; the day before there are no entries, so no period. */
static void test_period_edges(void **state)
{
    (void)state;
    corpus *c = load_corpus("periods", ymd(2024, 3, 31));
    assert_int_equal(c->st.nperiods, 1);
    assert_int_equal(c->st.periods[0].all.nentries, 1);
    free_corpus(c);
    c = load_corpus("periods", ymd(2024, 3, 30));
    assert_int_equal(c->st.nperiods, 0);
    free_corpus(c);
}

/* The same corpus by month: 2024-03 … 2024-08 (第1期 … 第6期). p/2 (due
 * 03-31) becomes overdue in April, p/3 (due 06-29) in June. By year: one
 * period, 2024, in which both became overdue. */
static void test_month_and_year_periods(void **state)
{
    (void)state;
    corpus *c = load_corpus("periods", DU_DATE_NONE);
    c->m.site.cadence = DU_CAD_MONTH;
    du_derive(&c->m, &c->st);
    assert_int_equal(c->st.nperiods, 6);
    const du_period *p = c->st.periods;
    assert_string_equal(p[0].key, "2024-03");
    assert_string_equal(p[0].label_zh, "2024年3月");
    assert_string_equal(p[5].key, "2024-08");
    assert_int_equal(p[5].number, 6);
    assert_int_equal(p[0].all.nentries, 1);
    assert_int_equal(p[1].all.nentries, 1);
    assert_int_equal(p[2].all.nentries, 1);
    assert_refs(p[0].all.overdue, p[0].all.noverdue, "");
    assert_refs(p[1].all.overdue, p[1].all.noverdue, "p/2");
    assert_refs(p[3].all.overdue, p[3].all.noverdue, "p/3");
    assert_refs(p[1].all.completed, p[1].all.ncompleted, "p/1");
    c->m.site.cadence = DU_CAD_YEAR;
    du_derive(&c->m, &c->st);
    assert_int_equal(c->st.nperiods, 1);
    assert_string_equal(c->st.periods[0].key, "2024");
    assert_string_equal(c->st.periods[0].label_zh, "2024年");
    assert_int_equal(c->st.periods[0].all.nentries, 3);
    assert_refs(c->st.periods[0].all.overdue, c->st.periods[0].all.noverdue, "p/2 p/3");
    free_corpus(c);
}

/* ---- lights from site.yaml ---- */

/* site.yaml: yellow 5, red 20, blue 10 days; as_of 2024-07-01.
 *   a: 46 % vs 49.86 → 3.86 behind                → 绿 (绿 by default too)
 *   b: 44 %          → 5.86 behind ≥ 5            → 黄 (绿 with 10)
 *   c: 29 %          → 20.86 behind > 20          → 红 (黄 with 30)
 *   d: due 07-10, 182/191 = 95.29, 96 % → ahead; due in 9 ≤ 10 days → 蓝
 *   e: due 07-15, 182/196 = 92.86, 97 % → ahead; due in 14 > 10 days → 绿
 *      (蓝 with the default 30) */
static void test_light_thresholds(void **state)
{
    (void)state;
    corpus *c = load_corpus("lights", DU_DATE_NONE);
    assert_int_equal(c->m.site.yellow_points, 5);
    assert_int_equal(item(c, "p/a")->light, DU_GREEN);
    assert_int_equal(item(c, "p/b")->light, DU_YELLOW);
    assert_int_equal(item(c, "p/c")->light, DU_RED);
    assert_near(item(c, "p/d")->expected, 100.0 * 182 / 191);
    assert_int_equal(item(c, "p/d")->light, DU_BLUE);
    assert_near(item(c, "p/e")->expected, 100.0 * 182 / 196);
    assert_int_equal(item(c, "p/e")->light, DU_GREEN);
    assert_int_equal(c->st.lights[DU_GREEN], 2);
    assert_int_equal(c->st.lights[DU_YELLOW], 1);
    assert_int_equal(c->st.lights[DU_RED], 1);
    assert_int_equal(c->st.lights[DU_BLUE], 1);
    /* the defaults (10, 30, 30) on the same entries */
    c->m.site.yellow_points = 10;
    c->m.site.red_points = 30;
    c->m.site.blue_days = 30;
    du_derive(&c->m, &c->st);
    assert_int_equal(item(c, "p/b")->light, DU_GREEN);
    assert_int_equal(item(c, "p/c")->light, DU_YELLOW);
    assert_int_equal(item(c, "p/e")->light, DU_BLUE);
    free_corpus(c);
}

/* ---- the worked example of docs/status-rules.md ---- */

/* Plan demo runs 2025-01-01 → 2025-12-31 (364 days apart); as_of
 * 2025-06-30 is 180 days in.
 *   1.1 weight 2, due 12-31: 180/364 = 49.45; reported 35 %: 14.45 behind → 黄
 *   1.2 due 09-30 (272 days): 180/272 = 66.18; 20 %: 46.18 behind → 红
 *   1.3 03-01 → 07-15 (136 days, 121 gone): 88.97; 80 %: 8.97 behind,
 *       due in 15 days → 蓝
 *   一、 (2 × 35 + 20 + 80)/4 = 42.5 %, 推进中; 49.45 − 42.5 = 6.95 → 绿
 * At 2025-10-01 (273 days in): 1.1 273/364 = 75.0, 40 behind → 红; 1.2 and
 * 1.3 overdue → 红; 一、 滞后 (红), still 42.5 %; all three stale. */
static void test_worked_example(void **state)
{
    (void)state;
    corpus *c = load_corpus("example", DU_DATE_NONE);
    assert_near(item(c, "demo/1.1")->expected, 100.0 * 180 / 364);
    assert_int_equal(item(c, "demo/1.1")->light, DU_YELLOW);
    assert_near(item(c, "demo/1.2")->expected, 100.0 * 180 / 272);
    assert_int_equal(item(c, "demo/1.2")->light, DU_RED);
    assert_near(item(c, "demo/1.3")->expected, 100.0 * 121 / 136);
    assert_int_equal(item(c, "demo/1.3")->light, DU_BLUE);
    const du_istate *h = item(c, "demo/1");
    assert_near(h->percent, 42.5);
    assert_int_equal(h->status, DU_ST_IN_PROGRESS);
    assert_int_equal(h->light, DU_GREEN);
    assert_near(plan(c, "demo")->percent, 42.5);
    assert_int_equal(plan(c, "demo")->light, DU_GREEN);
    assert_int_equal(c->st.nstale, 0);
    /* unit views: 甲办 leads 1.1 and shares 1.3; 乙局's red 1.2 comes first */
    assert_refs(unit(c, "u-a")->items, unit(c, "u-a")->nitems, "demo/1.1 demo/1.3");
    assert_true(unit(c, "u-a")->as_lead[0]);
    assert_refs(unit(c, "u-b")->items, unit(c, "u-b")->nitems, "demo/1.2 demo/1.3");
    /* one briefing, 2025 Q2: three changes, 1.3 due within 90 days after
     * 06-30 (09-28 is the last such day, so not 1.2), 1.2 a problem */
    assert_int_equal(c->st.nperiods, 1);
    const du_pview *v = &c->st.periods[0].all;
    assert_string_equal(c->st.periods[0].key, "2025-q2");
    assert_int_equal(v->nentries, 3);
    assert_refs(v->changed, v->nchanged, "demo/1.1 demo/1.2 demo/1.3");
    assert_refs(v->upcoming, v->nupcoming, "demo/1.3");
    assert_refs(v->problems, v->nproblems, "demo/1.2");
    assert_int_equal(v->nsilent, 0);
    free_corpus(c);
    c = load_corpus("example", ymd(2025, 10, 1));
    assert_near(item(c, "demo/1.1")->expected, 75);
    assert_int_equal(item(c, "demo/1.1")->light, DU_RED);
    assert_true(item(c, "demo/1.2")->overdue);
    assert_true(item(c, "demo/1.3")->overdue);
    h = item(c, "demo/1");
    assert_int_equal(h->status, DU_ST_DELAYED);
    assert_int_equal(h->light, DU_RED);
    assert_near(h->percent, 42.5);
    assert_int_equal(c->st.noverdue, 2);
    assert_int_equal(c->st.nstale, 3);
    free_corpus(c);
}

/* A briefing view against the rules applied directly: its entries are
 * those of its scope dated within the period (up to as_of), and each
 * task's status at the period's start and end is du_task_status_at's. */
static void check_view(const corpus *c, const du_period *p, const du_pview *v, const du_plan *pl)
{
    const du_state *st = &c->st;
    du_date end = p->end < st->as_of ? p->end : st->as_of;
    size_t k = 0;
    for (size_t i = 0; i < st->ncurrent; i++) {
        du_entry *e = st->current[i];
        if (!e->item || (pl && e->item->plan != pl) || e->date < p->start || e->date > end)
            continue;
        assert_true(k < v->nentries);
        assert_ptr_equal(v->entries[k], e);
        k++;
    }
    assert_int_equal(k, v->nentries);
    du_item *const *items = pl ? pl->items : c->m.items;
    size_t n = pl ? pl->nitems : c->m.nitems, changed = 0, tasks = 0;
    size_t count[DU_ST_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        const du_item *it = items[i];
        if (!it->task)
            continue;
        du_status before = du_task_status_at(st, it, p->start - 1);
        du_status after = du_task_status_at(st, it, end);
        tasks++;
        count[after]++;
        if (before != after) {
            assert_true(changed < v->nchanged);
            assert_ptr_equal(v->changed[changed], it);
            assert_int_equal(v->from[changed], before);
            assert_int_equal(v->to[changed], after);
            changed++;
        }
    }
    assert_int_equal(changed, v->nchanged);
    assert_int_equal(tasks, v->ntasks);
    for (int i = 0; i < DU_ST_COUNT; i++)
        assert_int_equal(count[i], v->count[i]);
}

static void check_periods(const corpus *c)
{
    for (size_t i = 0; i < c->st.nperiods; i++) {
        const du_period *p = &c->st.periods[i];
        check_view(c, p, &p->all, NULL);
        for (size_t k = 0; k < c->m.nplans; k++)
            check_view(c, p, &p->plans[k], c->m.plans[k]);
    }
}

/* Periods are filled with one walk over each item's entries for all of
 * them; every view must still be what the rules give for it alone: on
 * the fixtures at several reporting dates, and on the default content
 * (five plans, real progress entries over several years). */
static void test_periods_match_rules(void **state)
{
    (void)state;
    static const char *const names[] = {"periods", "example", "timing", "rollup", "unknown"};
    const du_date dates[] = {DU_DATE_NONE, ymd(2024, 3, 31), ymd(2024, 8, 15), ymd(2025, 7, 1)};
    size_t checked = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        for (size_t k = 0; k < sizeof dates / sizeof *dates; k++) {
            corpus *c = load_corpus(names[i], dates[k]);
            check_periods(c);
            checked += c->st.nperiods;
            free_corpus(c);
        }
    assert_true(checked > 10);
    corpus *c = load_root(".", DU_DATE_NONE);
    assert_true(c->st.nperiods > 4);
    assert_true(c->m.nplans >= 5);
    check_periods(c);
    free_corpus(c);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(du_light_zh(DU_GREEN), "绿");
    assert_string_equal(du_light_zh(DU_BLUE), "蓝");
    assert_string_equal(du_light_zh(DU_YELLOW), "黄");
    assert_string_equal(du_light_zh(DU_RED), "红");
    assert_string_equal(du_light_key(DU_RED), "red");
    assert_string_equal(du_light_zh(DU_LIGHT_NONE), "");
    assert_string_equal(du_status_zh(DU_ST_DELAYED), "滞后");
    assert_string_equal(du_status_key(DU_ST_SUSPENDED), "suspended");
    assert_int_equal(du_status_parse("暂停"), DU_ST_SUSPENDED);
    assert_int_equal(du_status_parse("done"), DU_ST_DONE);
    assert_int_equal(du_status_parse("完成"), DU_ST_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_entries),
        cmocka_unit_test(test_no_entries_later),
        cmocka_unit_test(test_due_on_as_of_and_entries_after),
        cmocka_unit_test(test_leap_day_window),
        cmocka_unit_test(test_weighted_rollup),
        cmocka_unit_test(test_rollup_unknown_percent),
        cmocka_unit_test(test_parent_own_entry),
        cmocka_unit_test(test_two_units_one_item),
        cmocka_unit_test(test_status_rules_and_plans),
        cmocka_unit_test(test_unit_views),
        cmocka_unit_test(test_indicators),
        cmocka_unit_test(test_indicators_per_year),
        cmocka_unit_test(test_quarter_periods),
        cmocka_unit_test(test_period_edges),
        cmocka_unit_test(test_month_and_year_periods),
        cmocka_unit_test(test_light_thresholds),
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_periods_match_rules),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
