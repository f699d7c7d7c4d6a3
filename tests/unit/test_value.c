/* test_value.c - numbers as templates and JSON print them, against
 * printf: integers as "%.0f", others as "%.15g" (the one-decimal path
 * must agree with it on every value it takes, and leave the rest alone),
 * map keys set, replaced and found, and keys hashed by the compiler. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "value.h"

/* What du_buf_put_num must print, by printf. */
static void model_num(char *out, size_t size, double n)
{
    if (isnan(n) || isinf(n))
        snprintf(out, size, "null");
    else if (n == floor(n) && fabs(n) < 1e15)
        snprintf(out, size, "%.0f", n);
    else
        snprintf(out, size, "%.15g", n);
}

static void check(double n)
{
    char want[64];
    model_num(want, sizeof want, n);
    du_buf got;
    du_buf_init(&got);
    du_buf_puts(&got, "x");
    du_buf_put_num(&got, n);
    if (strcmp(got.ptr + 1, want) != 0)
        fail_msg("%.17g printed as '%s', want '%s'", n, got.ptr + 1, want);
    du_buf_free(&got);
}

static void test_tenths(void **state)
{
    (void)state;
    for (long k = -200000; k <= 200000; k++) {
        check((double)k / 10.0);
        check(round((double)k * 0.7) / 10.0); /* du_round1's results */
    }
    /* the largest values the one-decimal path takes, and just past them */
    static const double edge[] = {99999999999999.9, -99999999999999.9, 12345678901234.5,
                                  123456789012345.6, 999999999999999.9, 1e15, 1e15 + 2,
                                  4503599627370495.5, 0.1, -0.1, 0.5, 1e14 + 0.5};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        check(edge[i]);
}

static void test_other_fractions(void **state)
{
    (void)state;
    /* not tenths: more decimals, sums that miss a tenth by an ulp, tiny
     * and huge values, and the values with no number */
    static const double v[] = {0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 0.05, 0.25, 12.345, 1e-5,
                               -1e-7, 1e20, -3.5e17, 1e300, 5e-324, 0.30000000000000004,
                               0.7 * 3, 33.333333333333336, -0.0, 0.0, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        check(v[i]);
    /* every double near a few tenths, a few ulps either side */
    static const double near[] = {0.3, 2.7, 66.6, 99.9, 1234.1, 7e13 + 0.3};
    for (size_t i = 0; i < sizeof near / sizeof *near; i++) {
        double x = near[i];
        for (int s = 0; s < 4; s++)
            x = nextafter(x, 0);
        for (int s = 0; s < 9; s++, x = nextafter(x, INFINITY)) {
            check(x);
            check(-x);
        }
    }
    /* random doubles of every magnitude, seeded */
    uint64_t r = 88172645463325252u;
    for (int i = 0; i < 200000; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        double x;
        uint64_t bits = r;
        memcpy(&x, &bits, sizeof x);
        check(x);
        check((double)(int64_t)(r >> 20) / 1024.0);
    }
}

static void test_map_keys(void **state)
{
    (void)state;
    du_arena a;
    du_arena_init(&a);
    for (size_t n = 1; n <= 40; n++) {
        du_val *m = du_val_map(&a);
        char *keys[40];
        for (size_t i = 0; i < n; i++) {
            char k[16];
            snprintf(k, sizeof k, "k%zu", i);
            keys[i] = du_arena_strdup(&a, k);
            du_map_num(&a, m, keys[i], (double)i);
        }
        /* replacing keeps the count and the first place */
        for (size_t i = 0; i < n; i += 3)
            du_map_num(&a, m, keys[i], (double)(i + 100));
        assert_int_equal(m->len, n);
        for (size_t i = 0; i < n; i++) {
            const du_val *v = du_map_get(m, keys[i]);
            assert_non_null(v);
            assert_true(v->num == (double)(i % 3 ? i : i + 100));
            assert_string_equal(m->pairs[i].key, keys[i]);
        }
        assert_null(du_map_get(m, "absent"));
        assert_null(du_map_get(m, "k"));
        const du_val *stack[2] = {m, du_val_map(&a)};
        assert_non_null(du_map_get_stack(stack, 2, keys[0], du_key_hash(keys[0])));
        assert_null(du_map_get_stack(stack, 2, "nope", du_key_hash("nope")));
    }
    du_arena_free(&a);
}

/* Keys written as literals are hashed by the compiler, the others when
 * set; both must agree with du_key_hash, and maps built either way must
 * find their keys. */
static void test_key_hashes(void **state)
{
    (void)state;
#if defined(__GNUC__)
    char key[64];
    for (size_t n = 0; n < sizeof key; n++) {
        memset(key, 'k', n);
        key[n] = '\0';
        if (n)
            key[n / 2] = (char)('a' + n % 26);
        du_khash lit = du_key_hash_lit(key);
        if (n < 48)
            assert_true(lit == du_key_hash(key));
        else
            assert_true(lit == 0); /* long: left to du_map_set */
    }
#endif
    static const char *const lits[] = {"", "a", "status", "status_label", "latest_date",
                                       "a_key_of_more_than_forty_eight_characters_in_all_x"};
    du_khash h[] = {DU_KEY_HASH(""), DU_KEY_HASH("a"), DU_KEY_HASH("status"),
                    DU_KEY_HASH("status_label"), DU_KEY_HASH("latest_date"),
                    DU_KEY_HASH("a_key_of_more_than_forty_eight_characters_in_all_x")};
    for (size_t i = 0; i < sizeof lits / sizeof *lits; i++) {
        assert_true(du_key_hash(lits[i]) != 0);
        assert_true(h[i] == 0 || h[i] == du_key_hash(lits[i]));
    }
    du_arena a;
    du_arena_init(&a);
    du_val *m = du_val_map(&a);
    du_map_num(&a, m, "status", 1);
    du_map_str(&a, m, "status_label", "进行中");
    du_map_bool(&a, m, "a_key_of_more_than_forty_eight_characters_in_all_x", true);
    char dyn[16];
    snprintf(dyn, sizeof dyn, "%s", "status");
    du_map_num(&a, m, dyn, 2); /* a key from elsewhere replaces the literal's */
    assert_int_equal(m->len, 3);
    assert_true(du_map_get(m, "status")->num == 2);
    assert_string_equal(du_map_get(m, "status_label")->str, "进行中");
    assert_true(du_map_get(m, "a_key_of_more_than_forty_eight_characters_in_all_x")->b);
    du_arena_free(&a);
}

/* Keys whose hashes collide (same length, same FNV-1a) are told apart by
 * their bytes, in small maps and in maps with an index. */
static void test_colliding_keys(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {{"F8YGW", "4TKYu"},
                                           {"cuiiWS1v", "GRNChqa9"},
                                           {"RRj0ivvLKrSx", "pqrvmcJaSpwy"},
                                           {"qbHUEKmCEsuBXNemp", "uyq6GOAmapQQd_o14"}};
    du_arena a;
    du_arena_init(&a);
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char x[32], y[32];
        snprintf(x, sizeof x, "%s", pairs[i][0]); /* not literals: hashed when set */
        snprintf(y, sizeof y, "%s", pairs[i][1]);
        assert_true(du_key_hash(x) == du_key_hash(y));
        for (int filler = 0; filler <= 20; filler += 20) {
            du_val *m = du_val_map(&a);
            for (int k = 0; k < filler; k++)
                du_map_num(&a, m, du_arena_printf(&a, "f%d", k), k);
            du_map_num(&a, m, x, 1);
            assert_null(du_map_get(m, y));
            du_map_num(&a, m, y, 2);
            assert_int_equal(m->len, (size_t)filler + 2);
            assert_true(du_map_get(m, x)->num == 1);
            assert_true(du_map_get(m, y)->num == 2);
            assert_true(du_map_get(m, pairs[i][0])->num == 1);
        }
    }
    du_arena_free(&a);
}

/* Given the hash of a key, a lookup finds a key of exactly its bytes: a
 * copy of it, and not a key one byte different anywhere (the hash passed
 * is the first key's, as if the two collided), at every length. */
static void test_key_bytes_compared(void **state)
{
    (void)state;
    du_arena a;
    du_arena_init(&a);
    for (size_t n = 0; n <= 40; n++) {
        char key[48], other[48];
        for (size_t i = 0; i < n; i++)
            key[i] = (char)('a' + (i * 7) % 26);
        key[n] = '\0';
        du_val *m = du_val_map(&a);
        du_map_num(&a, m, key, 1);
        du_khash h = du_key_hash(key);
        memcpy(other, key, n + 1);
        assert_non_null(du_map_get_hashed(m, other, h));
        for (size_t p = 0; p < n; p++) {
            memcpy(other, key, n + 1);
            other[p] = 'Z';
            if (du_map_get_hashed(m, other, h))
                fail_msg("'%s' taken for '%s'", other, key);
        }
    }
    du_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tenths),
        cmocka_unit_test(test_other_fractions),
        cmocka_unit_test(test_map_keys),
        cmocka_unit_test(test_key_hashes),
        cmocka_unit_test(test_colliding_keys),
        cmocka_unit_test(test_key_bytes_compared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
