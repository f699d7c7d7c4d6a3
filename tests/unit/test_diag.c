/* test_diag.c - the list of problems: its limit, hints, and merging lists
 * made on other threads (loading, resolving) as if their problems had
 * been added one by one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Problem i of a sequence: an error with a hint on every third, a
 * warning otherwise. */
static void add_nth(du_diag *d, int i)
{
    if (i % 3 == 0) {
        du_diag_add(d, "a.yaml", i + 1, 1, DU_ERROR, "error %d", i);
        du_diag_hint(d, "hint %d", i);
    } else {
        du_diag_add(d, "a.yaml", i + 1, 1, DU_WARNING, "warning %d", i);
    }
}

static void expect_same(const du_diag *a, const du_diag *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->errors, b->errors);
    assert_int_equal(a->warnings, b->warnings);
    assert_int_equal(a->dropped, b->dropped);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->items[i].line, b->items[i].line);
        assert_int_equal(a->items[i].sev, b->items[i].sev);
        assert_string_equal(a->items[i].msg, b->items[i].msg);
        if (a->items[i].hint || b->items[i].hint) {
            assert_non_null(a->items[i].hint);
            assert_non_null(b->items[i].hint);
            assert_string_equal(a->items[i].hint, b->items[i].hint);
        }
    }
}

/* A hint given for a problem past the limit is not put on the last
 * problem recorded. */
static void test_hint_of_dropped(void **state)
{
    (void)state;
    du_diag d;
    du_diag_init(&d);
    d.max = 2;
    du_diag_add(&d, "a.yaml", 1, 1, DU_ERROR, "first");
    du_diag_add(&d, "a.yaml", 2, 1, DU_ERROR, "second");
    du_diag_hint(&d, "for the second");
    du_diag_add(&d, "a.yaml", 3, 1, DU_ERROR, "third");
    du_diag_hint(&d, "for the third");
    assert_int_equal(d.n, 2);
    assert_int_equal(d.errors, 3);
    assert_int_equal(d.dropped, 1);
    assert_string_equal(d.items[1].hint, "for the second");
    du_diag_free(&d);
}

/* Split a sequence of problems into parts at every pair of cut points,
 * the parts into lists of their own merged in order into a list that
 * already holds some: the same list as adding them all one by one, at
 * limits below, within and above the number of problems. */
static void test_merge_as_added(void **state)
{
    (void)state;
    enum { N = 40, BEFORE = 5 };
    static const size_t limits[] = {3, 7, 20, 44, 100};
    for (size_t l = 0; l < sizeof limits / sizeof *limits; l++)
        for (int cut1 = 0; cut1 <= N; cut1 += 3)
            for (int cut2 = cut1; cut2 <= N; cut2 += 7) {
                du_diag one, merged;
                du_diag_init(&one);
                du_diag_init(&merged);
                one.max = merged.max = limits[l];
                for (int i = 0; i < BEFORE; i++) {
                    add_nth(&one, 1000 + i);
                    add_nth(&merged, 1000 + i);
                }
                for (int i = 0; i < N; i++)
                    add_nth(&one, i);
                int cuts[] = {0, cut1, cut2, N};
                for (int p = 0; p < 3; p++) {
                    du_diag part;
                    du_diag_init(&part);
                    part.max = limits[l];
                    for (int i = cuts[p]; i < cuts[p + 1]; i++)
                        add_nth(&part, i);
                    du_diag_merge(&merged, &part);
                    du_diag_free(&part);
                }
                expect_same(&one, &merged);
                du_diag_free(&one);
                du_diag_free(&merged);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hint_of_dropped),
        cmocka_unit_test(test_merge_as_added),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
