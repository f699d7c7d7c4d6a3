/* test_yamltree.c - the positioned YAML tree: positions in characters,
 * BOM and CRLF, tabs, invalid UTF-8, duplicate keys, aliases and merge
 * keys, and the limits that stop hostile files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "yamltree.h"

typedef struct {
    du_arena a;
    du_diag d;
    bool empty;
} ctx;

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    du_arena_init(&c->a);
    du_diag_init(&c->d);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    du_arena_free(&c->a);
    du_diag_free(&c->d);
    free(c);
    return 0;
}

static du_ynode *load(ctx *c, const char *text)
{
    return du_yaml_load_mem(&c->a, text, strlen(text), "t.yaml", &c->empty, &c->d);
}

/* Exactly one diagnostic, at line:col, whose message contains part. */
static void assert_one_diag(const ctx *c, int line, int col, du_severity sev, const char *part)
{
    if (c->d.n != 1) {
        for (size_t i = 0; i < c->d.n; i++)
            print_message("diag %d:%d %s\n", c->d.items[i].line, c->d.items[i].col,
                          c->d.items[i].msg);
    }
    assert_int_equal(c->d.n, 1);
    const du_diag_item *it = &c->d.items[0];
    assert_string_equal(it->file, "t.yaml");
    assert_int_equal(it->line, line);
    assert_int_equal(it->col, col);
    assert_int_equal(it->sev, sev);
    if (!strstr(it->msg, part))
        fail_msg("message '%s' lacks '%s'", it->msg, part);
}

static void test_positions_count_characters(void **state)
{
    ctx *c = *state;
    /* line 2: "名称: 上海市合作交流办" - the value starts at character 5
     * (名 称 : space, then 上), though at byte 9. The key on line 3 follows a
     * CJK value on line 2 and still starts at column 3. */
    du_ynode *r = load(c, "a: 1\n"
                          "名称: 上海市合作交流办\n"
                          "子:\n"
                          "  - 甲乙丙: 丁\n");
    assert_non_null(r);
    assert_int_equal(c->d.n, 0);
    du_ynode *v = du_ymap_get(r, "名称");
    assert_non_null(v);
    assert_int_equal(v->line, 2);
    assert_int_equal(v->col, 5);
    assert_string_equal(v->str, "上海市合作交流办");
    du_ynode *list = du_ymap_get(r, "子");
    assert_int_equal(list->type, DU_Y_SEQ);
    du_ynode *item = list->items[0];
    assert_int_equal(item->line, 4);
    assert_int_equal(item->col, 5);
    /* key 甲乙丙 at column 5, its value after "甲乙丙: " at column 10 */
    assert_int_equal(item->keys[0]->col, 5);
    assert_int_equal(item->items[0]->col, 10);
}

static void test_bom_and_crlf(void **state)
{
    ctx *c = *state;
    du_ynode *r = load(c, "\xef\xbb\xbftitle: 督办\r\nlist:\r\n  - 一\r\n  - 二\r\n");
    assert_non_null(r);
    assert_int_equal(c->d.n, 0);
    du_ynode *t = du_ymap_get(r, "title");
    assert_string_equal(t->str, "督办"); /* no stray \r */
    assert_int_equal(t->line, 1);
    assert_int_equal(t->col, 8); /* the BOM is not a character of the line */
    du_ynode *l = du_ymap_get(r, "list");
    assert_int_equal(l->n, 2);
    assert_string_equal(l->items[1]->str, "二");
    assert_int_equal(l->items[1]->line, 4);
    assert_int_equal(l->items[1]->col, 5);
}

static void test_tab_indentation(void **state)
{
    ctx *c = *state;
    assert_null(load(c, "a:\n  b: 1\n\tc: 2\n"));
    assert_one_diag(c, 3, 1, DU_ERROR, "tab character used for indentation");
    assert_non_null(c->d.items[0].hint);
    assert_string_equal(c->d.items[0].hint, "indent with spaces");
}

static void test_tab_after_cjk_indentation(void **state)
{
    ctx *c = *state;
    /* two spaces then a tab: the tab is the third character of line 2 */
    assert_null(load(c, "名单:\n  \t- 甲\n"));
    assert_one_diag(c, 2, 3, DU_ERROR, "tab character used for indentation");
}

static void test_tab_inside_value_is_fine(void **state)
{
    ctx *c = *state;
    du_ynode *r = load(c, "a: \"x\ty\"\nb: 1\n");
    assert_non_null(r);
    assert_int_equal(c->d.n, 0);
    assert_string_equal(du_ymap_get(r, "a")->str, "x\ty");
}

static void test_invalid_utf8(void **state)
{
    ctx *c = *state;
    /* 0xff is the 6th character of line 2: 名 称 : space " 0xff */
    assert_null(load(c, "a: 1\n名称: \"\xff\"\n"));
    assert_one_diag(c, 2, 6, DU_ERROR, "invalid UTF-8 byte 0xff");
}

static void test_invalid_utf8_truncated_and_overlong(void **state)
{
    ctx *c = *state;
    /* a lead byte of a 3-byte sequence followed by ASCII */
    assert_null(load(c, "ab: \xe4\xb8x\n"));
    assert_one_diag(c, 1, 5, DU_ERROR, "invalid UTF-8 byte 0xe4");
    du_diag_free(&c->d);
    /* an over-long encoding of '/' */
    assert_null(load(c, "k: \xc0\xaf\n"));
    assert_one_diag(c, 1, 4, DU_ERROR, "invalid UTF-8 byte 0xc0");
    du_diag_free(&c->d);
    /* a UTF-16 surrogate encoded as UTF-8 */
    assert_null(load(c, "k: \xed\xa0\x80\n"));
    assert_one_diag(c, 1, 4, DU_ERROR, "invalid UTF-8 byte 0xed");
}

static void test_nul_byte(void **state)
{
    ctx *c = *state;
    static const char text[] = "a: 1\nb: x\0y\n";
    assert_null(du_yaml_load_mem(&c->a, text, sizeof text - 1, "t.yaml", &c->empty, &c->d));
    assert_one_diag(c, 2, 5, DU_ERROR, "NUL byte");
}

static void test_duplicate_key_reported_at_second(void **state)
{
    ctx *c = *state;
    assert_non_null(load(c, "title: a\nkind: b\ntitle: c\n"));
    assert_one_diag(c, 3, 1, DU_ERROR, "duplicate key 'title' (first defined at line 1)");
}

static void test_duplicate_key_nested(void **state)
{
    ctx *c = *state;
    assert_non_null(load(c, "items:\n  - id: a\n    名称: 甲\n    名称: 乙\n"));
    assert_one_diag(c, 4, 5, DU_ERROR, "duplicate key '名称' (first defined at line 3)");
}

/* Diagnostic i (in the order du_diag_sort leaves them: by position). */
static void assert_diag(ctx *c, size_t i, int line, const char *msg)
{
    du_diag_sort(&c->d);
    assert_true(i < c->d.n);
    assert_int_equal(c->d.items[i].line, line);
    assert_string_equal(c->d.items[i].msg, msg);
}

static void test_duplicate_key_three_times(void **state)
{
    ctx *c = *state;
    /* each copy is reported against the one just before it; keys of the
     * same length that differ are not duplicates */
    assert_non_null(load(c, "ab: 1\nac: 2\nab: 3\nab: 4\n"));
    assert_int_equal(c->d.n, 2);
    assert_diag(c, 0, 3, "duplicate key 'ab' (first defined at line 1)");
    assert_diag(c, 1, 4, "duplicate key 'ab' (first defined at line 3)");
}

static void test_duplicate_key_in_a_large_map(void **state)
{
    ctx *c = *state;
    /* sixteen keys and more take the sorted path: same reports */
    du_buf b;
    du_buf_init(&b);
    for (int i = 0; i < 20; i++)
        du_buf_printf(&b, "k%02d: %d\n", i, i);
    du_buf_puts(&b, "k07: again\nk03: again\nk07: thrice\n");
    assert_non_null(load(c, b.ptr));
    du_buf_free(&b);
    assert_int_equal(c->d.n, 3);
    assert_diag(c, 0, 21, "duplicate key 'k07' (first defined at line 8)");
    assert_diag(c, 1, 22, "duplicate key 'k03' (first defined at line 4)");
    assert_diag(c, 2, 23, "duplicate key 'k07' (first defined at line 21)");
}

static void test_alias_and_merge(void **state)
{
    ctx *c = *state;
    du_ynode *r = load(c, "base: &b {region: 上海市, level: 市级部门}\n"
                          "names: &n [甲, 乙]\n"
                          "unit:\n"
                          "  <<: *b\n"
                          "  level: 区级部门\n"
                          "  aliases: *n\n");
    assert_non_null(r);
    assert_int_equal(c->d.n, 0);
    du_ynode *u = du_ymap_get(r, "unit");
    assert_int_equal(u->type, DU_Y_MAP);
    assert_null(du_ymap_get(u, "<<")); /* the merge key itself is gone */
    assert_string_equal(du_ymap_get(u, "region")->str, "上海市");
    /* an explicit key wins over a merged one */
    assert_string_equal(du_ymap_get(u, "level")->str, "区级部门");
    du_ynode *al = du_ymap_get(u, "aliases");
    assert_int_equal(al->type, DU_Y_SEQ);
    assert_int_equal(al->n, 2);
    assert_string_equal(al->items[1]->str, "乙");
    assert_int_equal(u->n, 3);
}

static void test_merge_list_first_wins(void **state)
{
    ctx *c = *state;
    du_ynode *r = load(c, "a: &a {x: 1, y: 1}\n"
                          "b: &b {y: 2, z: 2}\n"
                          "c:\n"
                          "  <<: [*a, *b]\n");
    assert_non_null(r);
    assert_int_equal(c->d.n, 0);
    du_ynode *m = du_ymap_get(r, "c");
    assert_string_equal(du_ymap_get(m, "x")->str, "1");
    assert_string_equal(du_ymap_get(m, "y")->str, "1"); /* the first map in the list wins */
    assert_string_equal(du_ymap_get(m, "z")->str, "2");
}

static void test_merge_of_a_scalar_is_an_error(void **state)
{
    ctx *c = *state;
    assert_null(load(c, "a: &a text\nb:\n  <<: *a\n"));
    assert_one_diag(c, 1, 4, DU_ERROR, "a merge key (<<) needs a map");
}

static void test_unknown_alias(void **state)
{
    ctx *c = *state;
    assert_null(load(c, "a: 1\nb: *nope\n"));
    assert_one_diag(c, 2, 4, DU_ERROR, "unknown alias '*nope'");
}

static void test_recursive_alias(void **state)
{
    ctx *c = *state;
    assert_null(load(c, "a: &a\n  b: *a\n"));
    assert_one_diag(c, 2, 6, DU_ERROR, "refers to a map or list that contains it");
}

/* The classic "billion laughs": nine levels of nine aliases each would be
 * 9^9 = 387,420,489 strings. Expansion is counted, not performed: a list
 * weighs 1 + its items (a = 10, b = 1 + 9 × 10 = 91, c = 820, d = 7,381,
 * e = 66,430, f = 597,871), and every alias adds its target's weight to
 * the file's total: 90 + 819 + 7,380 + 66,429 + 597,870 = 672,588 after
 * line 6. The first *f of line 7 (column 8) passes 1,000,000, and the load
 * stops there. */
static void test_billion_laughs(void **state)
{
    ctx *c = *state;
    const char *text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                       "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                       "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                       "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                       "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                       "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                       "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                       "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    assert_null(load(c, text));
    assert_int_equal(c->d.n, 1);
    assert_int_equal(c->d.items[0].line, 7);
    assert_int_equal(c->d.items[0].col, 8);
    assert_non_null(strstr(c->d.items[0].msg, "alias expansion exceeds 1000000 nodes"));
    /* fails fast: nothing close to the expansion was allocated */
    assert_true(du_arena_used(&c->a) < 1024 * 1024);
}

static void test_depth_limit(void **state)
{
    ctx *c = *state;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    /* DU_YAML_MAX_DEPTH nested lists are fine ... */
    du_buf_puts(&b, "x: ");
    for (int i = 0; i < DU_YAML_MAX_DEPTH - 1; i++)
        du_buf_putc(&b, '[');
    for (int i = 0; i < DU_YAML_MAX_DEPTH - 1; i++)
        du_buf_putc(&b, ']');
    du_buf_putc(&b, '\n');
    assert_non_null(load(c, b.ptr));
    assert_int_equal(c->d.n, 0);
    /* ... one more is an error at the opening bracket that is too deep:
     * the root map is level 1, the 64th '[' (column 67) is level 65 */
    du_buf_clear(&b);
    du_buf_puts(&b, "x: ");
    for (int i = 0; i < DU_YAML_MAX_DEPTH; i++)
        du_buf_putc(&b, '[');
    for (int i = 0; i < DU_YAML_MAX_DEPTH; i++)
        du_buf_putc(&b, ']');
    assert_null(load(c, b.ptr));
    assert_one_diag(c, 1, 3 + DU_YAML_MAX_DEPTH, DU_ERROR, "nesting deeper than 64 levels");
    du_buf_free(&b);
}

static void test_empty_and_comments_only(void **state)
{
    ctx *c = *state;
    du_ynode *r = load(c, "");
    assert_non_null(r);
    assert_true(c->empty);
    assert_int_equal(r->type, DU_Y_MAP);
    assert_int_equal(r->n, 0);
    c->empty = false;
    r = load(c, "# 只有注释\n\n   # 另一行\n");
    assert_non_null(r);
    assert_true(c->empty);
    assert_int_equal(r->n, 0);
    c->empty = false;
    r = load(c, "---\n# a document marker and nothing else\n");
    assert_non_null(r);
    assert_true(c->empty);
    assert_int_equal(c->d.n, 0);
}

static void test_syntax_error_position(void **state)
{
    ctx *c = *state;
    assert_null(load(c, "title: [a, b\nnext: 1\n"));
    assert_int_equal(c->d.n, 1);
    assert_int_equal(c->d.items[0].line, 2);
    assert_non_null(strstr(c->d.items[0].msg, "YAML syntax:"));
}

static void test_two_documents(void **state)
{
    ctx *c = *state;
    assert_null(load(c, "a: 1\n---\nb: 2\n"));
    assert_one_diag(c, 2, 1, DU_ERROR, "more than one YAML document");
}

static void test_collection_as_key(void **state)
{
    ctx *c = *state;
    assert_null(load(c, "? [a, b]\n: c\n"));
    assert_one_diag(c, 1, 3, DU_ERROR, "a map key must be a plain string");
}

static void test_scalar_styles(void **state)
{
    ctx *c = *state;
    du_ynode *r = load(c, "p: plain\nq: \"quoted\"\nb: |\n  一行\n  二行\n");
    assert_non_null(r);
    assert_true(du_ymap_get(r, "p")->plain);
    assert_false(du_ymap_get(r, "q")->plain);
    assert_false(du_ymap_get(r, "b")->plain);
    assert_string_equal(du_ymap_get(r, "b")->str, "一行\n二行\n");
    assert_int_equal(du_ymap_get(r, "b")->len, strlen("一行\n二行\n"));
    assert_string_equal(du_ytype_name(du_ymap_get(r, "p")), "a string");
    assert_string_equal(du_ytype_name(r), "a map");
    assert_string_equal(du_ytype_name(NULL), "nothing");
}

static void test_load_file(void **state)
{
    ctx *c = *state;
    char dir[] = "/tmp/duban-yt.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    FILE *f = fopen(path, "w");
    fputs("名称: 甲\n", f);
    fclose(f);
    du_ynode *r = du_yaml_load_file(&c->a, path, "content/a.yaml", &c->empty, NULL, &c->d);
    assert_non_null(r);
    assert_string_equal(du_ymap_get(r, "名称")->file, "content/a.yaml");
    /* a folder is not a file */
    assert_null(du_yaml_load_file(&c->a, dir, "content/dir.yaml", &c->empty, NULL, &c->d));
    assert_int_equal(c->d.n, 1);
    assert_string_equal(c->d.items[0].file, "content/dir.yaml");
    assert_non_null(strstr(c->d.items[0].msg, "not a regular file"));
    /* a missing file */
    assert_null(du_yaml_load_file(&c->a, "/nonexistent/x.yaml", "content/x.yaml", &c->empty,
                                  NULL, &c->d));
    assert_int_equal(c->d.n, 2);
    assert_non_null(strstr(c->d.items[1].msg, "cannot open"));
    unlink(path);
    rmdir(dir);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_positions_count_characters),
        T(test_bom_and_crlf),
        T(test_tab_indentation),
        T(test_tab_after_cjk_indentation),
        T(test_tab_inside_value_is_fine),
        T(test_invalid_utf8),
        T(test_invalid_utf8_truncated_and_overlong),
        T(test_nul_byte),
        T(test_duplicate_key_reported_at_second),
        T(test_duplicate_key_nested),
        T(test_duplicate_key_three_times),
        T(test_duplicate_key_in_a_large_map),
        T(test_alias_and_merge),
        T(test_merge_list_first_wins),
        T(test_merge_of_a_scalar_is_an_error),
        T(test_unknown_alias),
        T(test_recursive_alias),
        T(test_billion_laughs),
        T(test_depth_limit),
        T(test_empty_and_comments_only),
        T(test_syntax_error_position),
        T(test_two_documents),
        T(test_collection_as_key),
        T(test_scalar_styles),
        T(test_load_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
