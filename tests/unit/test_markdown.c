/* test_markdown.c - Markdown in and out: safe HTML, escaped plain text,
 * summaries folded into one inline paragraph. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "markdown.h"

static char *html(const char *md, int level)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_md_html(&b, md, strlen(md), level);
    return du_buf_detach(&b);
}

static char *esc(const char *s)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_md_escape(&b, s, strlen(s));
    return du_buf_detach(&b);
}

static char *inl(const char *s)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_md_inline(&b, s, strlen(s));
    return du_buf_detach(&b);
}

/* The HTML cmark makes of md, as a list item after "- ". */
static char *as_item(const char *md)
{
    size_t n = strlen(md) + 3;
    char *src = malloc(n);
    snprintf(src, n, "- %s", md);
    char *out = cmark_markdown_to_html(src, strlen(src), CMARK_OPT_DEFAULT);
    free(src);
    return out;
}

static void test_html_plain(void **state)
{
    (void)state;
    char *h = html("支持**三明**发展。\n第二行", 1);
    assert_string_equal(h, "<p>支持<strong>三明</strong>发展。\n第二行</p>\n");
    free(h);
}

static void test_html_drops_raw_and_unsafe_links(void **state)
{
    (void)state;
    char *h = html("<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](https://x.org/) "
                   "![c](data:image/png;base64,AAAA) [d](JaVa\tScRiPt:alert(1)) <img src=x onerror=alert(1)>",
                   1);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "javascript"));
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "data:"));
    assert_non_null(strstr(h, "<a href=\"https://x.org/\">b</a>"));
    free(h);
}

static void test_html_heading_levels(void **state)
{
    (void)state;
    char *h = html("# one\n\n### three\n\n###### six", 3);
    assert_string_equal(h, "<h3>one</h3>\n<h5>three</h5>\n<h6>six</h6>\n");
    free(h);
}

static void test_html_headings_flattened(void **state)
{
    (void)state;
    char *h = html("# one\n\ntext", 0);
    assert_string_equal(h, "<p>one</p>\n<p>text</p>\n");
    free(h);
}

static void test_url_clean(void **state)
{
    (void)state;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_url_clean(&b, "https://x.org/?q=\"'><s> a|b{c}^`\\");
    assert_string_equal(b.ptr, "https://x.org/?q=%22'%3E%3Cs%3E%20a%7Cb%7Bc%7D%5E%60%5C");
    du_buf_free(&b);
}

static void test_url_safe(void **state)
{
    (void)state;
    assert_true(du_url_safe("https://example.org/a?b=javascript:1"));
    assert_true(du_url_safe("HTTP://example.org"));
    assert_true(du_url_safe("mailto:a@b.org"));
    assert_true(du_url_safe("../plans/x.html"));
    assert_true(du_url_safe("#top"));
    assert_false(du_url_safe("javascript:alert(1)"));
    assert_false(du_url_safe(" \x01JavaScript:alert(1)"));
    assert_false(du_url_safe("java\nscript:alert(1)"));
    assert_false(du_url_safe("data:text/html,<b>"));
    assert_false(du_url_safe("vbscript:x"));
    assert_false(du_url_safe(NULL));
}

static void test_escape(void **state)
{
    (void)state;
    char *e = esc("# heading\n---\n| a | <b> *x* _y_ [l](u) `c` & ! ~");
    assert_string_equal(e, "\\# heading --- \\| a \\| \\<b\\> \\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` \\& \\! \\~");
    free(e);
    e = esc("  -1");
    assert_string_equal(e, "\\-1");
    free(e);
    e = esc("=HYPERLINK(\"http://x\",\"y\")");
    assert_string_equal(e, "\\=HYPERLINK(\"http://x\",\"y\")");
    free(e);
    e = esc("1. 第一");
    assert_string_equal(e, "1\\. 第一");
    free(e);
    e = esc("1.共同弘扬");
    assert_string_equal(e, "1.共同弘扬");
    free(e);
    e = esc("2025-06-30 上海市");
    assert_string_equal(e, "2025-06-30 上海市");
    free(e);
}

/* Whatever the escaped text, cmark reads it back as one plain paragraph. */
static void test_escape_round_trip(void **state)
{
    (void)state;
    const char *cases[] = {"# h", "---", "===", "> q", "- l", "+ l", "1) l", "    code",
                           "<div>x</div>", "```", "[x]: /u", "***", "| a |\n|---|", NULL};
    for (size_t i = 0; cases[i]; i++) {
        char *e = esc(cases[i]);
        char *h = cmark_markdown_to_html(e, strlen(e), CMARK_OPT_DEFAULT);
        size_t n = strlen(h);
        assert_true(strncmp(h, "<p>", 3) == 0);
        assert_true(n > 8 && strcmp(h + n - 5, "</p>\n") == 0);
        assert_null(strstr(h + 3, "<p>"));
        assert_null(strstr(h, "<code>"));
        free(h);
        free(e);
    }
}

static void test_inline_folds_blocks(void **state)
{
    (void)state;
    char *s = inl("# heading\n\n---\n\n<script>alert(1)</script>\n\n- a\n- b\n\n```\ncode\n```\n\n"
                  "[x](javascript:alert(1)) ![i](https://x.org/i.png) [ok](https://x.org/)");
    assert_null(strchr(s, '\n'));
    char *h = as_item(s);
    /* one list item holding one paragraph, nothing else */
    assert_true(strncmp(h, "<ul>\n<li>", 9) == 0);
    assert_null(strstr(h + 9, "<li>"));
    assert_null(strstr(h, "<p>"));
    assert_null(strstr(h, "<h1"));
    assert_null(strstr(h, "<hr"));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "javascript"));
    assert_null(strstr(h, "<img"));
    assert_non_null(strstr(h, "&lt;script&gt;"));
    assert_non_null(strstr(h, "<code>code</code>"));
    assert_non_null(strstr(h, "<a href=\"https://x.org/\">ok</a>"));
    free(h);
    free(s);
}

static void test_inline_markers(void **state)
{
    (void)state;
    const char *cases[] = {"1. x", "+1", "-1", "=1", "> q", "    code", "| a |", "===", NULL};
    for (size_t i = 0; cases[i]; i++) {
        char *s = inl(cases[i]);
        char *h = as_item(s);
        assert_true(strncmp(h, "<ul>\n<li>", 9) == 0);
        assert_null(strstr(h + 9, "<ol"));
        assert_null(strstr(h + 9, "<ul"));
        assert_null(strstr(h + 9, "<blockquote"));
        assert_null(strstr(h + 9, "<pre"));
        free(h);
        free(s);
    }
}

static void test_md_url(void **state)
{
    (void)state;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_md_url(&b, "https://x.org/a b>c\\d(e)");
    assert_string_equal(b.ptr, "<https://x.org/a%20b%3Ec%5Cd(e)>");
    du_buf_free(&b);
}

/* A long document rendered a section at a time gives cmark's bytes for
 * the whole; documents where something could span a heading are parsed
 * whole. */
static void doc_same(const char *extra, unsigned seed)
{
    du_buf md = DU_BUF_INIT, whole = DU_BUF_INIT, doc = DU_BUF_INIT;
    du_buf_init(&md);
    du_buf_init(&whole);
    du_buf_init(&doc);
    srand(seed);
    du_buf_puts(&md, "# 工作简报\n\n**2025年第二季度**\n\n* * *\n\n");
    for (int s = 0; md.len < 200000; s++) {
        du_buf_printf(&md, "%s 第%d部分\n\n", rand() % 2 ? "##" : "####", s);
        int n = 1 + rand() % 30;
        for (int i = 0; i < n; i++) {
            switch (rand() % 6) {
            case 0: du_buf_printf(&md, "- 条目 *%d* [链接](https://example.org/%d)\n", i, i); break;
            case 1: du_buf_printf(&md, "1. 编号 %d\n   续行\n", i); break;
            case 2: du_buf_printf(&md, "\n段落 %d **加粗** `code`\n\n", i); break;
            case 3: du_buf_printf(&md, "> 引用 %d\n", i); break;
            case 4: du_buf_printf(&md, "- 外层\n\n  - 内层 %d\n\n", i); break;
            default: du_buf_printf(&md, "    缩进 %d\n", i); break;
            }
        }
        du_buf_puts(&md, s % 7 == 3 ? "" : "\n");
        if (s == 5 && extra)
            du_buf_puts(&md, extra);
    }
    du_md_html(&whole, md.ptr, md.len, 1);
    du_md_html_doc(&doc, md.ptr, md.len);
    assert_int_equal(whole.len, doc.len);
    assert_memory_equal(whole.ptr, doc.ptr, whole.len);
    du_buf_free(&md);
    du_buf_free(&whole);
    du_buf_free(&doc);
}

static void test_html_doc_by_sections(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 5; seed++)
        doc_same(NULL, seed);
    /* an open fence, an HTML block, a reference used before its definition */
    doc_same("```\n# 不是标题\n", 11);
    doc_same("<div>\n# 不是标题\n", 12);
    doc_same("[甲][r]\n\n## 后面\n\n[r]: https://example.org/r\n", 13);
    doc_same("~~~\n## 仍在代码里\n", 14);
}

/* Random texts from pieces that make paragraphs, emphasis of every kind,
 * line ends, lists, quotes and headings, without links, images or raw
 * HTML (which du_md_html changes on purpose): du_md_html gives cmark's
 * bytes whether it takes a shortcut (plain text, one strong emphasis) or
 * not. Half the texts are made in the shape of the shortcut, "前**中**后",
 * with every kind of piece inside and around the stars. */
static void test_html_matches_cmark(void **state)
{
    (void)state;
    static const char *const piece[] = {
        "上海", "三明", "下一步", "。", "，", "、", "（", "）", "：", "“", "”", "a", "Bc", "7",
        "2024", " ", "  ", "*", "**", "_", "__", "\"", "'", "&", ">", "-", "+", ".", "1.", "#",
        "\n", "\n\n", "\t", "%", "~", "—", "😀", "\xc2\xa0", "·", "\xe3\x80\x80", "\\", "=",
        "\xe4\xb8\x80", "\xe9\xbf\xbf", "\xe4\xb7\xbf", "\xea\xb0\x80", "\n\n- ", "\n- ",
        "- ", "\n\n", "\n\n\n"};
    const size_t np = sizeof piece / sizeof *piece;
    uint64_t r = 0x9e3779b97f4a7c15u;
    size_t strong = 0, blocks = 0;
    for (int i = 0; i < 200000; i++) {
        char s[512];
        size_t n = 0;
        for (int part = 0; part < 3; part++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            int k = (int)(r % 6) + (part == 1);
            for (int j = 0; j < k; j++) {
                r ^= r << 13;
                r ^= r >> 7;
                r ^= r << 17;
                const char *p = piece[r % np];
                memcpy(s + n, p, strlen(p));
                n += strlen(p);
            }
            if (i % 2 && part < 2) {
                memcpy(s + n, "**", 2);
                n += 2;
            }
        }
        s[n] = '\0';
        char *want = cmark_markdown_to_html(s, n, CMARK_OPT_DEFAULT);
        char *got = html(s, 1);
        if (strcmp(got, want) != 0)
            fail_msg("'%s': got '%s', cmark makes '%s'", s, got, want);
        size_t stars = 0;
        for (size_t j = 0; j < n; j++)
            stars += s[j] == '*';
        if (stars == 4 && strstr(got, "<strong>"))
            strong++;
        /* several blocks, rendered without cmark */
        if (du_md_plain_blocks(s, n) && (strstr(got, "<li>") || strstr(got, "</p>\n<p>")))
            blocks++;
        free(want);
        free(got);
    }
    /* texts made of paragraphs and lists, a piece here and there any of
     * the above */
    static const char *const safe[] = {"上海", "三明", "下一步", "。", "，", "（", "）", "a",
                                       "Bc", "2024", " ", "**要点**", "“", "”", "—"};
    const size_t ns = sizeof safe / sizeof *safe;
    for (int i = 0; i < 100000; i++) {
        char s[1024];
        size_t n = 0;
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        int nblocks = 1 + (int)(r % 4);
        for (int bl = 0; bl < nblocks; bl++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            bool list = r % 2;
            int lines = list ? 1 + (int)(r / 2 % 3) : 1;
            for (int ln = 0; ln < lines; ln++) {
                if (list) {
                    memcpy(s + n, "- ", 2);
                    n += 2;
                }
                for (int k = 0; k < 1 + (int)(r / 8 % 4); k++) {
                    r ^= r << 13;
                    r ^= r >> 7;
                    r ^= r << 17;
                    const char *p = r % 16 ? safe[r / 16 % ns] : piece[r / 16 % np];
                    memcpy(s + n, p, strlen(p));
                    n += strlen(p);
                }
                if (ln + 1 < lines)
                    s[n++] = '\n';
            }
            if (bl + 1 < nblocks) {
                const char *sep = r % 32 ? "\n\n" : r % 3 ? "\n" : "\n\n\n";
                memcpy(s + n, sep, strlen(sep));
                n += strlen(sep);
            }
        }
        s[n] = '\0';
        char *want = cmark_markdown_to_html(s, n, CMARK_OPT_DEFAULT);
        char *got = html(s, 1);
        if (strcmp(got, want) != 0)
            fail_msg("'%s': got '%s', cmark makes '%s'", s, got, want);
        if (du_md_plain_blocks(s, n) && (strstr(got, "<li>") || strstr(got, "</p>\n<p>")))
            blocks++;
        free(want);
        free(got);
    }
    /* the shapes were made often enough to have been taken */
    assert_true(strong > 5000);
    assert_true(blocks > 20000);
}

/* Paragraphs and tight lists, rendered without cmark, as cmark renders
 * them; and texts next to them that only cmark may render. */
static void test_html_blocks(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool plain;
    } cases[] = {
        {"甲。\n\n乙。", true},
        {"甲。\n\n乙。\n", true},
        {"重点做好以下工作：\n\n- 开展合作；\n- 推进**项目**落地；\n\n支持发展。\n", true},
        {"- a\n- b", true},
        {"- a\n\nb", true},
        {"a\n\n- b\n\nc\n\n- d", true},
        {"- a\n\n- b", false},     /* one loose list */
        {"a\n- b", false},          /* a list interrupting a paragraph */
        {"a\nb\n\nc", false},       /* a paragraph of two lines */
        {"a\n\n\nb", false},        /* two blank lines */
        {"- a\n  b", false},         /* a continued item */
        {"-a\n\nb", false},
        {"- 1. a", false},
        {"a\n\n  - b", false},
        {"a\n\n", false},
        {"\n\na", false},
        {"- a\n* b", false},
        {"a\n\n- b  \n- c", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *t = cases[i].text;
        if (du_md_plain_blocks(t, strlen(t)) != cases[i].plain)
            fail_msg("'%s': %s", t, cases[i].plain ? "rendered by cmark" : "not rendered by cmark");
        char *want = cmark_markdown_to_html(t, strlen(t), CMARK_OPT_DEFAULT);
        char *got = html(t, 1);
        if (strcmp(got, want) != 0)
            fail_msg("'%s': got '%s', cmark makes '%s'", t, got, want);
        free(want);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_plain),
        cmocka_unit_test(test_html_matches_cmark),
        cmocka_unit_test(test_html_blocks),
        cmocka_unit_test(test_html_drops_raw_and_unsafe_links),
        cmocka_unit_test(test_html_heading_levels),
        cmocka_unit_test(test_html_headings_flattened),
        cmocka_unit_test(test_url_clean),
        cmocka_unit_test(test_url_safe),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_escape_round_trip),
        cmocka_unit_test(test_inline_folds_blocks),
        cmocka_unit_test(test_inline_markers),
        cmocka_unit_test(test_md_url),
        cmocka_unit_test(test_html_doc_by_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
