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

#include "yamlfast.h"
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
        "a: x\xef\xbb\xbfy\n", "a: b\n\xef\xbb\xbf" "c: d\n", "a: \xe2\x80\xa9x\n",
        "a: 甲\xe2\x80\x94乙\xef\xbc\x8c丙\n", "a: \xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80x\n",
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

/* A file's bytes (malloc'd, *got of them), or NULL. */
static char *slurp(const char *path, const struct stat *sb, size_t *got)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc((size_t)sb->st_size + 1);
    *got = fread(buf, 1, (size_t)sb->st_size, f);
    fclose(f);
    return buf;
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 5 || strcmp(path + n - 5, ".yaml") != 0 || sb->st_size > (4 << 20))
        return 0;
    size_t got;
    char *buf = slurp(path, sb, &got);
    if (!buf)
        return 0;
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

/* ---- the scanner of the YAML content is written in (yamlfast.c) ---- */

static bool taken(const char *text, size_t len)
{
    du_yfast f;
    du_yfast_init(&f);
    size_t skip = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    bool ok = du_yfast_scan(&f, text + skip, len - skip);
    du_yfast_free(&f);
    return ok;
}

/* Texts of the part it reads: each must be taken, and read as libyaml
 * reads it. */
static void test_fast_taken(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "a: b", "a: b\n", "- a\n- b\n", "a:\n  b: c\n", "a:\n- b\n- c\nd: e\n",
        "a:\n  - b\n  - c\n", "- - a\n  - b\n- c\n", "-   a: b\n    c: d\n- e\n",
        "-\n  a: b\n", "a:\n\n  # c\n  b: c\n", "  a: b\n  c: d\n", "# c\n\na: b # c\n",
        "a:    b   \n", "a  : b\n", "a: b#c\n", "a: b #c\n", "a: b:c\n", "a: b, [c] {d}\n",
        "a: it's \"q\"\n", "a: https://x.org/p?q=1#f\n", "名称: 甲\n单位: [市发展改革委, 三明市]\n",
        "名称: \"甲\"  # 注\n", "a: \"\"\n", "a: \" x \"\n", "a: []\n", "a: {}\n", "a: [ b , c ]\n",
        "a: [\"b\", c]\n", "a: {b: c, d: \"e\"}\n", "a: {b:  c , d: e}\n", "- [a, b]\n- {c: d}\n",
        "a: |\n  x\n", "a: |\n  x", "a: |\n  x\n\n\n", "a: |\n  x\n\n  y\n", "a: |\n  x\n    y\n  z\n",
        "a: |\n  x\n  # not a comment\nb: c\n", "a: |\n    x\n  # c\nb: c\n",
        "a: |\n  x\n      \n  y\n", "a: |\n  x\n \n  y\n", "a: |\n  x\n     \n",
        "- a: |\n    x\n  b: c\n", "a:\n  b: |\n   x\n  c: d\n", "a: 1\na: 2\n",
        "a: ~\nb: .5\nc: /p\nd: (x)\ne: +1\nf: $x\ng: _x\n",
        "- 一、\n- （一）\n- 1.\n", "a:\n- b\n-  c\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        if (!taken(texts[i], strlen(texts[i])))
            fail_msg("not taken: '%s'", texts[i]);
        same_str(texts[i]);
    }
}

/* Texts outside that part: libyaml reads them, errors included. */
static void test_fast_not_taken(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "", "# c\n", "a", "a:", "a:\nb: c\n", "- \n", "a: &x b\n", "a: *x\n", "a: !t b\n",
        "a: 'b'\n", "a: \"b\\n\"\n", "a: \"b\n  c\"\n", "a: b\n  c\n", "a: >\n  b\n",
        "a: |-\n  b\n", "a: |+\n  b\n", "a: |2\n  b\n", "a: | # c\n  b\n", "a: |\n\n  b\n",
        "a: |\nb: c\n", "a: |\n", "a:\tb\n", "a: b\r\n", "---\na: b\n", "a: b\n...\n",
        "%YAML 1.1\n---\na: b\n", "? a\n: b\n", "a: b: c\n", "a: [b: c]\n", "a: [b, [c]]\n",
        "a: [b,]\n", "a: [b\n  c]\n", "a: {b: c:d}\n", "a: [b?]\n", "a: [b#c]\n", "a: -1\n",
        "- a\nb: c\n", "a: b\n- c\n", "a:\n  - b\n c: d\n", "a: \"b\"c\n", "a: [b]c\n",
        "<<: {a: b}\n", "a: b\n  # c\n   d\n", "\"a\": b\n", "- |\n  a\n", "a: @b\n",
        "-\n- a\n", "a:\n  -\n  - b\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        if (taken(texts[i], strlen(texts[i])))
            fail_msg("taken: '%s'", texts[i]);
        same_str(texts[i]);
    }
}

static const char fast_text[] =
    "# 方案\n"
    "id: sm-2024\n"
    "title: \"上海市与三明市对口合作实施方案\"\n"
    "doc_number: 沪府办〔2024〕1号\n"
    "issuers: [上海市人民政府, 三明市人民政府]\n"
    "period: {start: 2024-01-01, end: 2025-12-31}\n"
    "none: []\n"
    "preamble: |\n"
    "  为深入贯彻落实……，制定本方案。\n"
    "\n"
    "  第二段，含**强调**与[链接](https://example.org/a?b=1&c=2)。\n"
    "    缩进的一行\n"
    "\n"
    "items:\n"
    "  - id: \"1\"\n"
    "    number: 一、\n"
    "    title: 总体要求 # 注释\n"
    "    children:\n"
    "      - id: a1\n"
    "        units: [市教委, \"市人社局\"]\n"
    "        body: |\n"
    "          第一行\n"
    "          # 不是注释\n"
    "        # 这是注释\n"
    "      -   id: a2\n"
    "          due: 2024-12-31\n"
    "tags:\n"
    "- 一\n"
    "- - 二\n"
    "  - 三\n"
    "-\n"
    "  键: 值\n"
    "url: https://example.org/x#frag\n"
    "last: 末尾\n";

/* The text above, and every text made from it by taking one byte out,
 * putting one in, or replacing one with a character that matters to YAML:
 * read alike whether the scanner takes them or not; many of them it must
 * take, or the comparison says little about it. */
static void test_fast_mutations(void **state)
{
    (void)state;
    static const char marks[] = " \n#:-|\"[]{},'&a";
    size_t len = strlen(fast_text), n = 0, fast = 0;
    if (!taken(fast_text, len))
        fail_msg("the base text is not taken");
    char *t = malloc(len + 2);
    for (size_t at = 0; at <= len; at++) {
        for (size_t k = 0; k <= 2 * (sizeof marks - 1); k++) {
            size_t tl;
            if (k == 0) {
                if (at == len)
                    continue;
                memcpy(t, fast_text, at); /* out */
                memcpy(t + at, fast_text + at + 1, len - at - 1);
                tl = len - 1;
            } else if (k <= sizeof marks - 1) {
                memcpy(t, fast_text, at); /* in */
                t[at] = marks[k - 1];
                memcpy(t + at + 1, fast_text + at, len - at);
                tl = len + 1;
            } else {
                if (at == len)
                    continue;
                memcpy(t, fast_text, len); /* instead */
                t[at] = marks[k - 1 - (sizeof marks - 1)];
                tl = len;
            }
            char what[64];
            snprintf(what, sizeof what, "mutation %zu at byte %zu", k, at);
            fast += taken(t, tl);
            same(t, tl, what);
            n++;
        }
    }
    free(t);
    if (fast < n / 4)
        fail_msg("only %zu of %zu texts taken by the scanner", fast, n);
}

/* Every file of the default content and of the themes is of that part:
 * a build reads them without libyaml. */
static size_t content_files, content_taken;

static int visit_content(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 5 || strcmp(path + n - 5, ".yaml") != 0)
        return 0;
    size_t got;
    char *buf = slurp(path, sb, &got);
    if (!buf)
        return 0;
    content_files++;
    if (taken(buf, got))
        content_taken++;
    else
        print_message("not taken by the scanner: %s\n", path);
    free(buf);
    return 0;
}

static void test_fast_content(void **state)
{
    (void)state;
    nftw("content", visit_content, 16, FTW_PHYS);
    nftw("themes", visit_content, 16, FTW_PHYS);
    if (content_files < 10 || content_taken != content_files)
        fail_msg("%zu of %zu content files taken", content_taken, content_files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_repository_files),
        cmocka_unit_test(test_fast_taken),
        cmocka_unit_test(test_fast_not_taken),
        cmocka_unit_test(test_fast_mutations),
        cmocka_unit_test(test_fast_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
