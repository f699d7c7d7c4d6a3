/* test_xlsx_text.c - cell text: UTF-8 decoding, East Asian widths, cuts at
 * Excel's limits, sheet names, header/footer escaping, Markdown as plain
 * text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "xlsx_text.h"

static void test_decode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(du_utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(du_utf8_decode("é", 2, &cp), 2);
    assert_int_equal(cp, 0xe9);
    assert_int_equal(du_utf8_decode("中", 3, &cp), 3);
    assert_int_equal(cp, 0x4e2d);
    assert_int_equal(du_utf8_decode("😀", 4, &cp), 4);
    assert_int_equal(cp, 0x1f600);
    /* truncated, bad continuation, overlong, surrogate: one byte, U+FFFD */
    assert_int_equal(du_utf8_decode("\xe4\xb8", 2, &cp), 1);
    assert_int_equal(cp, 0xfffd);
    assert_int_equal(du_utf8_decode("\xe4\x41\x41", 3, &cp), 1);
    assert_int_equal(cp, 0xfffd);
    assert_int_equal(du_utf8_decode("\xc0\x80", 2, &cp), 1);
    assert_int_equal(cp, 0xfffd);
    assert_int_equal(du_utf8_decode("\xed\xa0\x80", 3, &cp), 1);
    assert_int_equal(cp, 0xfffd);
    assert_int_equal(du_utf8_decode("\xff", 1, &cp), 1);
    assert_int_equal(cp, 0xfffd);
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(du_cp_width('a'), 1);
    assert_int_equal(du_cp_width(0x4e2d), 2);  /* 中 */
    assert_int_equal(du_cp_width(0xff0c), 2);  /* ， fullwidth comma */
    assert_int_equal(du_cp_width(0x3001), 2);  /* 、 */
    assert_int_equal(du_cp_width(0xac00), 2);  /* 가 */
    assert_int_equal(du_cp_width(0x1f600), 2); /* emoji */
    assert_int_equal(du_cp_width(0x20000), 2); /* CJK extension B */
    assert_int_equal(du_cp_width(0x0301), 0);  /* combining acute */
    assert_int_equal(du_cp_width(0x200b), 0);  /* zero width space */
    assert_int_equal(du_cp_width(0xe9), 1);
    assert_int_equal(du_cp_width(0x2014), 1);  /* — is ambiguous: narrow */
    assert_int_equal(du_text_width(""), 0);
    assert_int_equal(du_text_width("abc"), 3);
    assert_int_equal(du_text_width("ab\n中文字"), 6);
    assert_int_equal(du_text_width("中文\nabcdefg"), 7);
    assert_int_equal(du_utf16_len("a😀中"), 4);
}

static void test_cell_text(void **state)
{
    (void)state;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    assert_false(du_cell_text(&b, "=SUM(A1) 中文", 100, "…"));
    assert_string_equal(b.ptr, "=SUM(A1) 中文");
    du_buf_clear(&b);
    assert_false(du_cell_text(&b, "a\x01" "b\tc\nd\x7f", 100, "…"));
    assert_string_equal(b.ptr, "ab\tc\nd");
    du_buf_clear(&b);
    du_cell_text(&b, "a\xff" "b", 100, "…");
    assert_string_equal(b.ptr, "a\xef\xbf\xbd" "b");
    du_buf_clear(&b);
    /* cut: the mark counts towards the limit */
    assert_true(du_cell_text(&b, "中中中中中中中中中中", 5, "…"));
    assert_string_equal(b.ptr, "中中中中…");
    assert_int_equal(du_utf16_len(b.ptr), 5);
    du_buf_clear(&b);
    /* a surrogate pair is never split */
    assert_true(du_cell_text(&b, "a😀b", 2, NULL));
    assert_string_equal(b.ptr, "a");
    du_buf_clear(&b);
    assert_true(du_cell_text(&b, "a😀b", 3, NULL));
    assert_string_equal(b.ptr, "a😀");
    du_buf_clear(&b);
    assert_false(du_cell_text(&b, NULL, 10, "…"));
    assert_string_equal(b.ptr, "");
    du_buf_free(&b);
}

static void test_cell_limit(void **state)
{
    (void)state;
    size_t n = 40000;
    du_buf in = DU_BUF_INIT, out = DU_BUF_INIT;
    du_buf_init(&in);
    du_buf_init(&out);
    for (size_t i = 0; i < n; i++)
        du_buf_puts(&in, "题");
    assert_true(du_cell_text(&out, in.ptr, DU_XLSX_CELL_MAX, "…（已截断）"));
    assert_int_equal(du_utf16_len(out.ptr), DU_XLSX_CELL_MAX);
    assert_int_equal(out.len % 3, 0); /* whole characters */
    du_buf_free(&in);
    du_buf_free(&out);
}

static void test_sheet_name(void **state)
{
    (void)state;
    char out[128];
    du_sheet_name(out, "a[b]c:d*e?f/g\\h", NULL, 0);
    assert_string_equal(out, "a_b_c_d_e_f_g_h");
    du_sheet_name(out, "'quoted'", NULL, 0);
    assert_string_equal(out, "quoted");
    du_sheet_name(out, "", NULL, 0);
    assert_string_equal(out, "Sheet");
    du_sheet_name(out, "''", NULL, 0);
    assert_string_equal(out, "Sheet");
    du_sheet_name(out, "tab\there", NULL, 0);
    assert_string_equal(out, "tab here");
    /* 40 CJK characters: cut to 31 */
    char want[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(want, "中");
    du_sheet_name(out, want, NULL, 0);
    assert_int_equal(du_utf16_len(out), 31);
    /* unique, ignoring case, keeping 31 units with the suffix */
    const char *used[] = {"Data", "data (2)"};
    du_sheet_name(out, "data", used, 2);
    assert_string_equal(out, "data (3)");
    const char *one[] = {"1234567890123456789012345678901"};
    du_sheet_name(out, "1234567890123456789012345678901", one, 1);
    assert_string_equal(out, "123456789012345678901234567 (2)");
    /* an emoji pair is never split by the cut */
    char emo[200] = "123456789012345678901234567890";
    strcat(emo, "😀");
    du_sheet_name(out, emo, NULL, 0);
    assert_string_equal(out, "123456789012345678901234567890");
}

static void test_hf_text(void **state)
{
    (void)state;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_hf_text(&b, "A&B\nC&P", 100);
    assert_string_equal(b.ptr, "A&&B C&&P");
    du_buf_clear(&b);
    du_hf_text(&b, "&&&", 4);
    assert_string_equal(b.ptr, "&&&&");
    du_buf_clear(&b);
    du_hf_text(&b, "中文标题", 2);
    assert_string_equal(b.ptr, "中文");
    du_buf_free(&b);
}

static void md(const char *in, const char *want)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_md_plain(&b, in);
    assert_string_equal(b.ptr, want);
    du_buf_free(&b);
}

static void test_md_plain(void **state)
{
    (void)state;
    md("", "");
    md("**加粗**和[链接](javascript:alert(1))。\n", "加粗和链接。");
    md("第一行\n第二行", "第一行第二行");
    md("one\ntwo", "one two");
    md("第一段。\n\n第二段。", "第一段。\n第二段。");
    md("- 甲\n- 乙", "• 甲\n• 乙");
    md("3. x\n4. y", "3. x\n4. y");
    md("<script>alert(1)</script>\n\ntext", "text");
    md("a <b>bold</b> c", "a bold c");
    md("# 标题\n正文", "标题\n正文");
    md("=SUM(A1)", "=SUM(A1)");
    md("```\ncode <x>\n```", "code <x>");
    md("line  \nbreak", "line\nbreak");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),     cmocka_unit_test(test_width),
        cmocka_unit_test(test_cell_text),  cmocka_unit_test(test_cell_limit),
        cmocka_unit_test(test_sheet_name), cmocka_unit_test(test_hf_text),
        cmocka_unit_test(test_md_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
