/* test_date.c - calendar dates: strict parsing, leap years, day numbers
 * and the printed forms. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "date.h"

static du_date ymd(int y, int m, int d) { return du_date_from_ymd(y, m, d); }

static void test_parse_valid(void **state)
{
    (void)state;
    du_date d;
    assert_true(du_date_parse("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(du_date_parse("2024-02-29", &d)); /* 2024 is a leap year */
    assert_int_equal(d, ymd(2024, 2, 29));
    assert_true(du_date_parse("2000-02-29", &d)); /* divisible by 400 */
    assert_true(du_date_parse("2025-12-31", &d));
    assert_int_equal(d, ymd(2025, 12, 31));
}

static void test_parse_not_in_calendar(void **state)
{
    (void)state;
    du_date d = 42;
    assert_false(du_date_parse("2023-02-29", &d)); /* 2023 is not a leap year */
    assert_false(du_date_parse("1900-02-29", &d)); /* divisible by 100, not by 400 */
    assert_false(du_date_parse("2024-13-01", &d));
    assert_false(du_date_parse("2024-00-10", &d));
    assert_false(du_date_parse("2024-04-31", &d));
    assert_false(du_date_parse("2024-01-00", &d));
    assert_int_equal(d, 42); /* untouched on failure */
}

static void test_parse_malformed(void **state)
{
    (void)state;
    du_date d;
    assert_false(du_date_parse("2024-1-1", &d));
    assert_false(du_date_parse("2024/01/01", &d));
    assert_false(du_date_parse("2024-01-01 ", &d));
    assert_false(du_date_parse("2024-01-0a", &d));
    assert_false(du_date_parse("", &d));
    assert_false(du_date_parse("20240101", &d));
    assert_false(du_date_parse("+024-01-01", &d));
}

static void test_leap_and_month_lengths(void **state)
{
    (void)state;
    assert_true(du_is_leap(2024));
    assert_true(du_is_leap(2000));
    assert_false(du_is_leap(1900));
    assert_false(du_is_leap(2023));
    assert_int_equal(du_days_in_month(2024, 2), 29);
    assert_int_equal(du_days_in_month(2023, 2), 28);
    assert_int_equal(du_days_in_month(2024, 4), 30);
    assert_int_equal(du_days_in_month(2024, 12), 31);
    assert_int_equal(du_days_in_month(2024, 13), 0);
}

/* Day numbers are plain differences: 2024 has 366 days, and February of
 * 2024 has 29 (2024-02-01 → 2024-03-01). */
static void test_day_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(ymd(2025, 1, 1) - ymd(2024, 1, 1), 366);
    assert_int_equal(ymd(2024, 1, 1) - ymd(2023, 1, 1), 365);
    assert_int_equal(ymd(2024, 3, 1) - ymd(2024, 2, 1), 29);
    assert_int_equal(ymd(2024, 3, 1) - ymd(2024, 2, 28), 2);
    assert_int_equal(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
    assert_int_equal(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1);
}

static void test_round_trip(void **state)
{
    (void)state;
    /* every day from 1999 to 2031 survives ymd → day → ymd → iso → parse */
    for (du_date d = ymd(1999, 1, 1); d <= ymd(2031, 12, 31); d++) {
        int y, m, dd;
        du_date_ymd(d, &y, &m, &dd);
        assert_int_equal(ymd(y, m, dd), d);
        char iso[11];
        du_date_iso(d, iso);
        du_date back;
        assert_true(du_date_parse(iso, &back));
        assert_int_equal(back, d);
    }
}

static void test_printed_forms(void **state)
{
    (void)state;
    char iso[11], zh[32];
    du_date_iso(ymd(2025, 3, 31), iso);
    assert_string_equal(iso, "2025-03-31");
    du_date_zh(ymd(2025, 3, 31), zh);
    assert_string_equal(zh, "2025年3月31日");
    du_date_zh(ymd(2024, 12, 1), zh);
    assert_string_equal(zh, "2024年12月1日");
    du_date_zh_month(ymd(2025, 3, 31), zh);
    assert_string_equal(zh, "2025年3月");
    assert_int_equal(du_date_epoch(ymd(1970, 1, 2)), 86400);
}

static void test_today_from_source_date_epoch(void **state)
{
    (void)state;
    const char *old = getenv("SOURCE_DATE_EPOCH");
    char *saved = old ? strdup(old) : NULL;
    setenv("SOURCE_DATE_EPOCH", "1751241600", 1); /* 2025-06-30T00:00:00Z */
    assert_int_equal(du_date_today(), ymd(2025, 6, 30));
    setenv("SOURCE_DATE_EPOCH", "1751327999", 1); /* the last second of that day */
    assert_int_equal(du_date_today(), ymd(2025, 6, 30));
    setenv("SOURCE_DATE_EPOCH", "not a number", 1); /* ignored: the clock is used */
    assert_true(du_date_today() > ymd(2025, 1, 1));
    if (saved)
        setenv("SOURCE_DATE_EPOCH", saved, 1);
    else
        unsetenv("SOURCE_DATE_EPOCH");
    free(saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_not_in_calendar),
        cmocka_unit_test(test_parse_malformed),
        cmocka_unit_test(test_leap_and_month_lengths),
        cmocka_unit_test(test_day_arithmetic),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_printed_forms),
        cmocka_unit_test(test_today_from_source_date_epoch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
