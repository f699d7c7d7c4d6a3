/* test_buf.c - HTML escaping against a byte-at-a-time model: each escaped
 * byte at every offset of an eight-byte word, among ASCII and CJK text,
 * in short strings and in long ones (the path without a worst-case
 * reservation), appended to a buffer that already holds text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* What HTML text escaping must give, one byte at a time. */
static void model_html(du_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': du_buf_puts(b, "&amp;"); break;
        case '<': du_buf_puts(b, "&lt;"); break;
        case '>': du_buf_puts(b, "&gt;"); break;
        case '"': du_buf_puts(b, "&quot;"); break;
        case '\'': du_buf_puts(b, "&#39;"); break;
        default: du_buf_putc(b, s[i]); break;
        }
    }
}

static void check(const char *s, size_t n)
{
    du_buf got, want;
    du_buf_init(&got);
    du_buf_init(&want);
    du_buf_puts(&got, "前缀");
    du_buf_puts(&want, "前缀");
    du_buf_put_html(&got, s, n);
    model_html(&want, s, n);
    if (got.len != want.len || memcmp(got.ptr, want.ptr, got.len) != 0)
        fail_msg("escaping %zu bytes gave %zu bytes, want %zu", n, got.len, want.len);
    assert_int_equal(got.ptr[got.len], '\0');
    du_buf_free(&got);
    du_buf_free(&want);
}

static void checks(const char *s) { check(s, strlen(s)); }

static void test_each_byte_at_each_offset(void **state)
{
    (void)state;
    static const char special[] = "&<>\"'";
    static const char *const fill[] = {"abcdefghijklmnopqrstuvwx", /* ASCII */
                                       "上海市合作交流办公室三明市", /* CJK, 3 bytes each */
                                       "a上b海c市d合e作f交g流h办"};  /* mixed */
    for (size_t f = 0; f < sizeof fill / sizeof *fill; f++) {
        size_t len = strlen(fill[f]);
        for (size_t k = 0; k < sizeof special - 1; k++)
            for (size_t at = 0; at < len; at++) {
                char s[64];
                memcpy(s, fill[f], len);
                s[at] = special[k]; /* may split a CJK character: bytes are bytes */
                for (size_t n = at + 1; n <= len; n++)
                    check(s, n);
            }
        check(fill[f], len);
    }
}

static void test_runs_and_neighbours(void **state)
{
    (void)state;
    check("", 0);
    check("&", 1);
    checks("&&&&&&&&&&&&&&&&");
    checks("<p class=\"x\">'a' & 'b'</p>");
    checks("无需转义的中文：进度 50%，完成。");
    /* bytes next to the five in value: none of them is escaped */
    checks("!#$%()*+,-./0123456789:;=?@[]^`{|}~");
    checks("\x21\x23\x25\x3b\x3d\x3f\x25\x27\x26\x28");
}

static void test_long_text(void **state)
{
    (void)state;
    /* past 4096 bytes: mostly CJK with escapes scattered, and at the ends */
    size_t n = 0, cap = 20000;
    char *s = malloc(cap);
    s[n++] = '<';
    for (unsigned i = 0; n + 8 < cap; i++) {
        memcpy(s + n, "督办", 6);
        n += 6;
        if (i % 7 == 0)
            s[n++] = "&<>\"'"[i % 5];
        if (i % 11 == 0)
            s[n++] = 'x';
    }
    s[n++] = '>';
    check(s, n);
    check(s + 1, n - 2);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_byte_at_each_offset),
        cmocka_unit_test(test_runs_and_neighbours),
        cmocka_unit_test(test_long_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
