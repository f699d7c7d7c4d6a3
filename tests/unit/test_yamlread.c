/* test_yamlread.c - the parser reading a checked text in place gives what
 * it gives reading through libyaml's reader: the same tree (types,
 * strings, styles, lines and columns) and the same diagnostics, for
 * texts at the edges (the end of the input in every place, controls,
 * line separators, byte order marks, CRLF), for every prefix of a few
 * realistic files, and for every YAML file of the repository. */
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

#include "yamlsame.h"

static size_t compared;

/* Load text both ways and compare. */
static void same(const char *text, size_t len, const char *what)
{
    char why[512];
    if (!yamlsame(text, len, why, sizeof why))
        fail_msg("%s: %s", what, why);
    compared++;
}

static void same_str(const char *text) { same(text, strlen(text), text); }

static void test_edges(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "", "\n", "a", "a:", "a: b", "a: b\n", "- a\n- b", "[a, b", "{a: b", "[a, b]", "{a: b}",
        "a: 'unterminated", "a: \"unterminated", "a: \"esc \\", "a: |\n  text", "a: |\n",
        "a: >-\n  folded\n  lines\n\n", "a: |+\n  kept\n\n\n", "a:\n\tb: c\n", "a: b\tc\n",
        "---", "---\n", "--- a", "...\n", "---\na: b\n...\n", "%YAML 1.1\n---\na: b\n",
        "%YAML 1.1", "%TAG ! tag:x,2000:\n--- !a b\n", "a: &x 1\nb: *x\n", "a: &", "a: *",
        "a: !", "? a\n: b\n", "? ", "# comment only", "a: b # comment", "a: b #",
        "a:\r\n  - b\r\n", "a: b\r", "a:\rb: c\r", "\xef\xbb\xbf" "a: b\n", "\xef\xbb\xbf",
        "a: \x01\n", "a: b\x7f\n", "a: \xc2\x80\n", "a: \xc2\x9f", "a: \xc2\x85" "b\n",
        "a: b\xc2\x85" "c: d\n", "a: \xe2\x80\xa8" "b\n", "a: b\xe2\x80\xa9", "a: \xef\xbf\xbe\n",
        "a: \xef\xbf\xbf", "a: \xef\xbf\xbd\n", "a: \xf0\x9f\x98\x80\n", "a: \xe0\xa0\x80",
        "a: \xed\x9f\xbf", "a: \xc2\xa0" "b", "名称: 甲\n单位: [市发展改革委, 三明市]\n",
        "- 一、\n- （一）\n- 1.\n", "a: \"\\u00e9\\x41\\t\"\n", "a: 'it''s'\n", "a: b\n c\n",
        "a:\n- b\n-", "a: [b, {c: d}, [e]]\n", "a: {b: [c, d], e: f}", "\t", " \t\n", "a: b\n\t",
        "a: \xff\n", "a: \xe4\xb8", "a: \xc0\xaf\n", "- - - - a\n", "a: ]\n", "a: }\n",
        "a: b: c\n", "'a': 1\n\"b\": 2\n", "a: 1\na: 2\n", "a: [1, 2,]\n", "? [a]\n: b\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        same_str(texts[i]);
    /* a NUL inside the text is refused before parsing, either way */
    same("a: b\0c\n", 7, "NUL");
    /* every control byte and DEL at every place of two eight-byte words
     * of ASCII (read a word at a time), and after CJK text */
    for (int b = 0; b < 0x80; b++) {
        if (b >= 0x20 && b != 0x7f)
            continue;
        for (size_t at = 3; at < 19; at++) {
            char t[64];
            snprintf(t, sizeof t, "%s", at % 2 ? "key: abcdefghijklmnopqr\n" : "名称: 甲乙abcdefghijklm\n");
            t[at] = (char)b;
            char what[32];
            snprintf(what, sizeof what, "byte %02x at %zu", b, at);
            same(t, strlen(t) + (b == 0 ? strlen(t + at + 1) + 1 : 0), what);
        }
    }
}

static const char plan_text[] =
    "# 方案（节选）\n"
    "id: sm-2024\n"
    "title: \"上海市与三明市对口合作实施方案\"\n"
    "doc_number: 沪府办〔2024〕1号\n"
    "issuers: [上海市人民政府, 三明市人民政府]\n"
    "period: {start: 2024-01-01, end: 2025-12-31}\n"
    "preamble: |\n"
    "  为深入贯彻落实……，制定本方案。\n"
    "\n"
    "  第二段，含**强调**与[链接](https://example.org/a?b=1&c=2)。\n"
    "items:\n"
    "  - id: a\n"
    "    number: 一、\n"
    "    title: 总体要求\n"
    "    children:\n"
    "      - {id: a1, number: （一）, title: 产业合作, lead: 发改委, due: 2024-12-31}\n"
    "      - id: a2\n"
    "        title: '人才''交流'\n"
    "        units:\n"
    "          上海: [市教委, 市人社局]\n"
    "          三明: [三明市政府]\n"
    "        body: >-\n"
    "          折叠的\n"
    "          文字 😀\n"
    "anchors:\n"
    "  base: &b {weight: 2, task: true}\n"
    "  use: {<<: *b, weight: 3}\n";

static const char progress_text[] =
    "entries:\r\n"
    "  - date: 2024-03-31\r\n"
    "    item: sm-2024/a1\r\n"
    "    unit: 发改委\r\n"
    "    status: 推进中\r\n"
    "    percent: 40\r\n"
    "    summary: |\r\n"
    "      签约项目12个。**下一步**，继续推进。\r\n"
    "    sources:\r\n"
    "      - {title: \"报道\", outlet: 文汇报, url: \"https://whb.example.cn/x.htm\", date: 2024-03-31}\r\n";

/* Every prefix: the end of the input falls in every token, in every
 * character (cutting a UTF-8 sequence), in every line ending. */
static void test_every_prefix(void **state)
{
    (void)state;
    const char *texts[] = {plan_text, progress_text};
    for (size_t t = 0; t < 2; t++) {
        size_t len = strlen(texts[t]);
        for (size_t n = 0; n <= len; n++) {
            char what[64];
            snprintf(what, sizeof what, "text %zu, first %zu bytes", t, n);
            same(texts[t], n, what);
        }
    }
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 5 || strcmp(path + n - 5, ".yaml") != 0 || sb->st_size > (4 << 20))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *buf = malloc((size_t)sb->st_size + 1);
    size_t got = fread(buf, 1, (size_t)sb->st_size, f);
    fclose(f);
    same(buf, got, path);
    free(buf);
    return 0;
}

/* The repository's own files: the default content, the themes' strings,
 * and the test fixtures (among them the bad and hostile ones). */
static void test_repository_files(void **state)
{
    (void)state;
    size_t before = compared;
    const char *dirs[] = {"content", "themes", "tests"};
    for (size_t i = 0; i < 3; i++)
        nftw(dirs[i], visit, 16, FTW_PHYS);
    if (compared - before < 20)
        fail_msg("only %zu YAML files found (run from the top of the repository)",
                 compared - before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_repository_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
