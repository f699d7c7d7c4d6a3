/* test_deps.c - the keys of incremental builds: an entry's hash covers
 * every field an editor writes, a change in one plan's entries changes
 * that plan's key and no other, and the global key follows everything
 * else. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "deps.h"
#include "derive.h"
#include "fingerprint.h"
#include "hash.h"
#include "load.h"
#include "resolve.h"
#include "site_fixture.h"

static const char *const units_yaml =
    "units:\n"
    "  - {id: u-a, name: 甲办公室, short: 甲办, region: 上海市}\n"
    "  - {id: u-b, name: 乙局, region: 上海市}\n"
    "  - {id: u-c, name: 丙局, region: 上海市}\n";

static const char *const plan_a =
    "id: pa\ntitle: 甲计划\nkind: 行动计划\nissuers: [上海市人民政府]\n"
    "period: {start: 2025-01-01, end: 2025-12-31}\n"
    "items:\n"
    "  - {id: \"1\", number: 一、, title: 任务一, lead: [甲办]}\n"
    "  - {id: \"2\", number: 二、, title: 任务二, units: [乙局]}\n";

static const char *const plan_b =
    "id: pb\ntitle: 乙计划\nkind: 行动计划\nissuers: [上海市人民政府]\n"
    "period: {start: 2025-01-01, end: 2025-12-31}\n"
    "items:\n"
    "  - {id: \"1\", number: 一、, title: 任务一, units: [乙局]}\n";

static const char *const prog_a =
    "entries:\n"
    "  - {date: 2025-02-10, item: pa/1, unit: 甲办, status: 推进中, percent: 20, summary: 甲一。}\n"
    "  - {date: 2025-05-10, item: pa/2, unit: 乙局, status: 推进中, summary: 甲二。}\n";

static const char *const prog_b =
    "entries:\n"
    "  - {date: 2025-03-01, item: pb/1, unit: 乙局, status: 推进中, summary: 乙一。}\n";

typedef struct {
    site *s;
    du_state st;
    du_deps dp;
} built;

static built *build(const char *site_yaml, const char *pa, const char *pb)
{
    built *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->s = site_new("/tmp/duban-deps.XXXXXX");
    site_file(b->s, "content/site.yaml", site_yaml);
    site_file(b->s, "content/units.yaml", units_yaml);
    site_file(b->s, "content/plans/pa.yaml", plan_a);
    site_file(b->s, "content/plans/pb.yaml", plan_b);
    site_file(b->s, "content/progress/pa.yaml", pa);
    site_file(b->s, "content/progress/pb.yaml", pb);
    assert_int_equal(du_load(&b->s->m, b->s->root, DU_DATE_NONE, &b->s->d), 0);
    b->s->loaded = true;
    du_resolve(&b->s->m, &b->s->d);
    assert_int_equal(b->s->d.errors, 0);
    du_derive(&b->s->m, &b->st);
    /* the fingerprint of everything but the progress files stands in
     * for a hash of site.yaml here */
    uint64_t inputs = 0;
    for (const char *p = site_yaml; *p; p++)
        inputs = inputs * 31 + (unsigned char)*p;
    du_deps_init(&b->dp, &b->s->m, &b->st, inputs);
    return b;
}

static void unbuild(built *b)
{
    du_deps_free(&b->dp);
    site_free(b->s);
    free(b);
}

#define SITE "title: 测试\nas_of: 2025-06-30\n"

static void test_entry_hash_covers_every_field(void **state)
{
    (void)state;
    du_ivalue val = {.ref = "ind-1", .value = 3};
    du_source src = {.title = "报道", .outlet = "日报", .url = "https://example.org/a",
                     .date = 20000};
    du_entry base = {.date = 20000, .item_ref = "pa/1", .unit_printed = "甲办",
                     .status = DU_ST_IN_PROGRESS, .percent = 20, .summary = "甲一。",
                     .values = &val, .nvalues = 1, .sources = &src, .nsources = 1};
    uint64_t h0 = du_deps_entry_hash(&base);
    /* positions in the file are not part of it */
    du_entry e = base;
    e.pos.line = 99;
    e.seq = 7;
    assert_int_equal(du_deps_entry_hash(&e), h0);
#define CHANGED(field, value)                                                               \
    do {                                                                                    \
        e = base;                                                                           \
        e.field = value;                                                                    \
        assert_true(du_deps_entry_hash(&e) != h0);                                          \
    } while (0)
    CHANGED(date, 20001);
    CHANGED(item_ref, "pa/2");
    CHANGED(unit_printed, "乙局");
    CHANGED(unit_printed, NULL);
    CHANGED(status, DU_ST_DONE);
    CHANGED(percent, 21);
    CHANGED(summary, "甲一！");
    CHANGED(nvalues, 0);
    CHANGED(nsources, 0);
    CHANGED(unit_printed, "");
    /* text moved from one field to the next is a change */
    base.unit_printed = "甲";
    base.summary = "办甲一。";
    h0 = du_deps_entry_hash(&base);
    base.unit_printed = "甲办";
    base.summary = "甲一。";
    assert_true(du_deps_entry_hash(&base) != h0);
    h0 = du_deps_entry_hash(&base);
    /* and so is a long text that differs in one byte past its first eight */
    base.summary = "甲一。甲二。甲三。";
    h0 = du_deps_entry_hash(&base);
    CHANGED(summary, "甲一。甲二。甲四。");
    /* any one byte of a long summary */
    char text[301];
    for (size_t i = 0; i < 300; i++)
        text[i] = (char)('a' + i % 26);
    text[300] = '\0';
    base.summary = text;
    h0 = du_deps_entry_hash(&base);
    for (size_t i = 0; i < 300; i++) {
        text[i] ^= 0x20;
        assert_true(du_deps_entry_hash(&base) != h0);
        text[i] ^= 0x20;
    }
    text[299] = '\0'; /* one byte shorter */
    assert_true(du_deps_entry_hash(&base) != h0);
    base.summary = "甲一。";
    h0 = du_deps_entry_hash(&base);
#undef CHANGED
    du_ivalue val2 = val;
    du_source src2 = src;
    e = base;
    e.values = &val2;
    e.sources = &src2;
    val2.value = 4;
    assert_true(du_deps_entry_hash(&e) != h0);
    val2 = val;
    val2.ref = "ind-2";
    assert_true(du_deps_entry_hash(&e) != h0);
    val2 = val;
    src2.url = "https://example.org/b";
    assert_true(du_deps_entry_hash(&e) != h0);
    src2 = src;
    src2.outlet = NULL;
    assert_true(du_deps_entry_hash(&e) != h0);
    src2 = src;
    src2.date = 20001;
    assert_true(du_deps_entry_hash(&e) != h0);
    src2 = src;
    src2.title = "报道二";
    assert_true(du_deps_entry_hash(&e) != h0);
    src2 = src;
    assert_int_equal(du_deps_entry_hash(&e), h0);
}

/* x and y have the same global key and the same key for both plans. */
static void same_keys(const built *x, const built *y)
{
    assert_int_equal(x->dp.global, y->dp.global);
    assert_int_equal(x->dp.plan[0], y->dp.plan[0]);
    assert_int_equal(x->dp.plan[1], y->dp.plan[1]);
}

static void test_plan_keys_follow_their_entries(void **state)
{
    (void)state;
    built *a = build(SITE, prog_a, prog_b);
    /* the same content gives the same keys */
    built *same = build(SITE, prog_a, prog_b);
    same_keys(a, same);
    /* a summary changed in pa's file: pa's key only */
    const char *pa2 =
        "entries:\n"
        "  - {date: 2025-02-10, item: pa/1, unit: 甲办, status: 推进中, percent: 20, summary: 甲一改。}\n"
        "  - {date: 2025-05-10, item: pa/2, unit: 乙局, status: 推进中, summary: 甲二。}\n";
    built *b = build(SITE, pa2, prog_b);
    assert_int_equal(a->dp.global, b->dp.global);
    assert_true(a->dp.plan[0] != b->dp.plan[0]);
    assert_int_equal(a->dp.plan[1], b->dp.plan[1]);
    /* reformatted, same entries: no key changes */
    const char *pa3 =
        "# 注释\nentries:\n"
        "  - date: 2025-02-10\n    item: pa/1\n    unit: 甲办\n    status: 推进中\n"
        "    percent: 20\n    summary: 甲一。\n"
        "  - {date: 2025-05-10, item: pa/2, unit: 乙局, status: 推进中, summary: 甲二。}\n";
    built *c = build(SITE, pa3, prog_b);
    same_keys(a, c);
    /* an entry older than all others moves the briefing periods: global */
    const char *pb2 =
        "entries:\n"
        "  - {date: 2025-03-01, item: pb/1, unit: 乙局, status: 推进中, summary: 乙一。}\n"
        "  - {date: 2024-11-01, item: pb/1, unit: 乙局, status: 推进中, summary: 乙零。}\n";
    built *d = build(SITE, prog_a, pb2);
    assert_true(a->dp.global != d->dp.global);
    /* site.yaml: global */
    built *e = build(SITE "stale_days: 30\n", prog_a, prog_b);
    assert_true(a->dp.global != e->dp.global);
    unbuild(a);
    unbuild(same);
    unbuild(b);
    unbuild(c);
    unbuild(d);
    unbuild(e);
}

static void test_unit_plans_and_brief_keys(void **state)
{
    (void)state;
    built *a = build(SITE, prog_a, prog_b);
    const du_model *m = &a->s->m;
    /* a briefing's key: the entries up to its period's end */
    const du_state *st = &a->st;
    assert_true(st->nperiods >= 2);
    const char *pa2 =
        "entries:\n"
        "  - {date: 2025-02-10, item: pa/1, unit: 甲办, status: 推进中, percent: 20, summary: 甲一。}\n"
        "  - {date: 2025-05-10, item: pa/2, unit: 乙局, status: 推进中, summary: 甲二改。}\n";
    built *b = build(SITE, pa2, prog_b);
    assert_int_equal(a->dp.global, b->dp.global);
    const du_plan *pa = du_model_plan(m, "pa"), *pb = du_model_plan(m, "pb");
    const du_plan *pa_b = du_model_plan(&b->s->m, "pa"), *pb_b = du_model_plan(&b->s->m, "pb");
    const du_period *q1 = &a->st.periods[0], *q1b = &b->st.periods[0];
    const du_period *q2 = &a->st.periods[1], *q2b = &b->st.periods[1];
    /* Q1 (2025-01..03) does not hold the changed entry (2025-05-10) */
    assert_int_equal(du_deps_brief(&a->dp, q1, pa).own, du_deps_brief(&b->dp, q1b, pa_b).own);
    assert_int_equal(du_deps_brief(&a->dp, q1, NULL).own, du_deps_brief(&b->dp, q1b, NULL).own);
    assert_true(du_deps_brief(&a->dp, q2, pa).own != du_deps_brief(&b->dp, q2b, pa_b).own);
    assert_true(du_deps_brief(&a->dp, q2, NULL).own != du_deps_brief(&b->dp, q2b, NULL).own);
    /* units: keyed by their tasks' state; 甲办's only task (pa/1) kept
     * its entries, 乙局's pa/2 did not; 丙局 has no task */
    const du_model *mb = &b->s->m;
    assert_int_equal(du_deps_unit(&a->dp, du_model_unit(m, "u-a")).own,
                     du_deps_unit(&b->dp, du_model_unit(mb, "u-a")).own);
    assert_true(du_deps_unit(&a->dp, du_model_unit(m, "u-b")).own !=
                du_deps_unit(&b->dp, du_model_unit(mb, "u-b")).own);
    assert_int_equal(du_deps_unit(&a->dp, du_model_unit(m, "u-c")).own,
                     du_deps_unit(&b->dp, du_model_unit(mb, "u-c")).own);
    assert_false(du_deps_unit(&a->dp, du_model_unit(m, "u-a")).all);
    assert_int_equal(du_deps_unit(&a->dp, du_model_unit(m, "u-a")).nplans, 0);
    /* pb's briefings do not show pa's entries */
    assert_int_equal(du_deps_brief(&a->dp, q2, pb).own, du_deps_brief(&b->dp, q2b, pb_b).own);
    /* a progress page over the same entries, laid out the same, keeps its key */
    assert_int_equal(du_deps_progress(&a->dp, 0, 1, 7).own, du_deps_progress(&b->dp, 0, 1, 7).own);
    assert_true(du_deps_progress(&a->dp, 0, 1, 7).own != du_deps_progress(&a->dp, 0, 1, 8).own);
    assert_true(du_deps_progress(&a->dp, 0, 3, 7).own != du_deps_progress(&b->dp, 0, 3, 7).own);
    unbuild(a);
    unbuild(b);
}

/* Input files are hashed 32 bytes at a step in four lanes
 * (from DU_HASH_LANES_MIN bytes on), the rest eight at a step: any one bit
 * flipped, a zero byte added, and two words swapped give another hash. */
static void test_block_hash_sees_every_bit(void **state)
{
    (void)state;
    unsigned char buf[DU_HASH_LANES_MIN + 41] = {0};
    for (size_t n = 0; n < sizeof buf - 1; n++) {
        uint64_t h = du_hash_block(DU_HASH_INIT, buf, n);
        assert_true(du_hash_block(DU_HASH_INIT, buf, n + 1) != h);
        for (size_t bit = 0; bit < n * 8; bit++) {
            buf[bit / 8] ^= (unsigned char)(1u << bit % 8);
            assert_true(du_hash_block(DU_HASH_INIT, buf, n) != h);
            buf[bit / 8] ^= (unsigned char)(1u << bit % 8);
        }
        assert_true(du_hash_block(DU_HASH_INIT, buf, n) == h);
    }
    const size_t n = DU_HASH_LANES_MIN + 32;
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(i * 7 + 1);
    uint64_t h = du_hash_block(DU_HASH_INIT, buf, n);
    for (size_t x = 0; x < n / 8; x++)
        for (size_t y = x + 1; y < n / 8; y++) {
            unsigned char t[8];
            memcpy(t, buf + 8 * x, 8);
            memcpy(buf + 8 * x, buf + 8 * y, 8);
            memcpy(buf + 8 * y, t, 8);
            assert_true(du_hash_block(DU_HASH_INIT, buf, n) != h);
            memcpy(buf + 8 * y, buf + 8 * x, 8);
            memcpy(buf + 8 * x, t, 8);
        }
    assert_true(du_hash_block(DU_HASH_INIT, buf, n) == h);
}

/* A site of one plan and one progress file (whose text is given). */
static site *fp_site(const char *tmpl, const char *progress)
{
    site *s = site_new(tmpl);
    site_file(s, "content/site.yaml", SITE);
    site_file(s, "content/units.yaml", units_yaml);
    site_file(s, "content/plans/pa.yaml", plan_a);
    site_file(s, "content/progress/pa.yaml", progress);
    return s;
}

/* The fingerprint follows the bytes of every input file; the global key
 * follows all but the progress files. */
static void test_fingerprint_follows_inputs(void **state)
{
    (void)state;
    site *s = fp_site("/tmp/duban-fp.XXXXXX", "progress: []\n");
    du_build_opts o = {.root = s->root, .theme = "default"};
    uint64_t g0, g1, g2, g3;
    uint64_t f0 = du_fingerprint(&o, NULL, NULL, &g0);
    site_file(s, "content/progress/pa.yaml", "progress: []\n ");
    uint64_t f1 = du_fingerprint(&o, NULL, NULL, &g1);
    assert_true(f1 != f0);
    assert_true(g1 == g0);
    site_file(s, "content/plans/pa.yaml", plan_b);
    uint64_t f2 = du_fingerprint(&o, NULL, NULL, &g2);
    assert_true(f2 != f1);
    assert_true(g2 != g1);
    site_file(s, "content/plans/pa.yaml", plan_a);
    site_file(s, "content/progress/pa.yaml", "progress: []\n");
    assert_true(du_fingerprint(&o, NULL, NULL, &g3) == f0);
    assert_true(g3 == g0);
    site_free(s);
}

/* Into a fresh folder the fingerprint comes after loading and takes the
 * loader's hashes of the content files: the same numbers as reading them. */
static void test_fingerprint_with_the_loaders_hashes(void **state)
{
    (void)state;
    site *s = fp_site("/tmp/duban-fpl.XXXXXX", "entries: []\n");
    site_file(s, "content/notes.txt", "not loaded, still fingerprinted\n");
    du_build_opts o = {.root = s->root, .theme = "default"};
    assert_int_equal(du_load(&s->m, s->root, DU_DATE_NONE, &s->d), 0);
    s->loaded = true;
    assert_int_equal(s->m.file_hashes.n, 4);
    uint64_t g_read, g_known;
    uint64_t f_read = du_fingerprint(&o, NULL, NULL, &g_read);
    uint64_t f_known = du_fingerprint(&o, NULL, &s->m.file_hashes, &g_known);
    assert_true(f_known == f_read);
    assert_true(g_known == g_read);
    /* the hashes given are the ones used */
    du_file_hash *h = s->m.file_hashes.v[0];
    h->hash ^= 1;
    assert_true(du_fingerprint(&o, NULL, &s->m.file_hashes, NULL) != f_read);
    site_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_hash_covers_every_field),
        cmocka_unit_test(test_plan_keys_follow_their_entries),
        cmocka_unit_test(test_unit_plans_and_brief_keys),
        cmocka_unit_test(test_block_hash_sees_every_bit),
        cmocka_unit_test(test_fingerprint_follows_inputs),
        cmocka_unit_test(test_fingerprint_with_the_loaders_hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
