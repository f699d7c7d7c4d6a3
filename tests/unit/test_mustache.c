/* test_mustache.c - the template engine beyond the spec: error positions,
 * strict mode, limits, caching and custom escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

/* A loader over a NULL-terminated list of {name, path, source} triples;
 * it counts its calls so tests can see the cache at work. */
typedef struct fixture {
    const char *const (*files)[3];
    int loads;
} fixture;

static const char *load(void *ud, const char *name, size_t *len, const char **path)
{
    fixture *f = ud;
    f->loads++;
    for (size_t i = 0; f->files[i][0]; i++)
        if (strcmp(f->files[i][0], name) == 0) {
            *len = strlen(f->files[i][2]);
            *path = f->files[i][1];
            return f->files[i][2];
        }
    return NULL;
}

/* Render `name` with files; returns the status, output in out. */
static int render(fixture *f, const char *name, const du_val *ctx, bool strict, du_buf *out,
                  du_diag *d)
{
    du_tpl_env *env = du_tpl_env_new(load, f);
    du_tpl_env_set_strict(env, strict);
    int rc = du_tpl_render(env, name, ctx, out, d);
    du_tpl_env_free(env);
    return rc;
}

static void assert_diag(const du_diag *d, const char *file, int line, int col, const char *part)
{
    assert_true(d->n >= 1);
    assert_string_equal(d->items[0].file, file);
    assert_int_equal(d->items[0].line, line);
    assert_int_equal(d->items[0].col, col);
    assert_int_equal(d->items[0].sev, DU_ERROR);
    assert_non_null(strstr(d->items[0].msg, part));
}

static void test_unclosed_section_position(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"page", "themes/t/page.mustache", "<h1>{{title}}</h1>\n  {{#items}}\n<li>{{.}}</li>\n"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(render(&f, "page", NULL, false, &out, &d), -1);
    assert_diag(&d, "themes/t/page.mustache", 2, 3, "never closed");
    assert_non_null(strstr(d.items[0].msg, "items"));
    assert_int_equal(out.len, 0);
    du_buf_free(&out);
    du_diag_free(&d);
}

static void test_mismatched_close_position(void **state)
{
    (void)state;
    /* Columns count characters, not bytes: "é" is two bytes, one column. */
    static const char *const files[][3] = {
        {"page", "themes/t/page.mustache", "{{#a}}\nré {{/b}}\n{{/a}}\n"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(render(&f, "page", NULL, false, &out, &d), -1);
    assert_diag(&d, "themes/t/page.mustache", 2, 4, "does not match");
    assert_non_null(strstr(d.items[0].msg, "opened at 1:1"));
    du_buf_free(&out);
    du_diag_free(&d);
}

static void test_missing_partial(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"page", "page.mustache", "a\n  {{> heaer}}\nb\n"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    /* The spec: a missing partial renders as nothing. */
    assert_int_equal(render(&f, "page", NULL, false, &out, &d), 0);
    assert_string_equal(out.ptr, "a\nb\n");
    assert_int_equal(d.n, 0);
    /* Strict mode: an error at the tag. */
    du_buf_clear(&out);
    assert_int_equal(render(&f, "page", NULL, true, &out, &d), -1);
    assert_diag(&d, "page.mustache", 2, 3, "partial 'heaer' not found");
    du_buf_free(&out);
    du_diag_free(&d);
}

static void test_missing_parent_and_check(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"page", "page.mustache", "{{<layot}}{{$body}}x{{/body}}{{/layot}}"},
        {"ok", "ok.mustache", "{{>inner}}"},
        {"inner", "inner.mustache", "{{#a}}"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_diag d;
    du_diag_init(&d);
    du_tpl_env *env = du_tpl_env_new(load, &f);
    du_tpl_env_set_strict(env, true);
    assert_int_equal(du_tpl_check(env, "page", &d), -1);
    assert_diag(&d, "page.mustache", 1, 1, "parent 'layot' not found");
    du_diag_free(&d);
    /* Checking follows partials and reports their syntax errors. */
    assert_int_equal(du_tpl_check(env, "ok", &d), -1);
    assert_diag(&d, "inner.mustache", 1, 1, "never closed");
    du_diag_free(&d);
    assert_int_equal(du_tpl_check(env, "nothing", &d), -1);
    assert_non_null(strstr(d.items[0].msg, "template 'nothing' not found"));
    du_diag_free(&d);
    du_tpl_env_free(env);
}

static void test_recursion_limit(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"page", "page.mustache", "top {{>loop}}"},
        {"loop", "loop.mustache", "x\n{{>loop}}"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(render(&f, "page", NULL, false, &out, &d), -1);
    assert_diag(&d, "loop.mustache", 2, 1, "nested more than 64 deep");
    assert_int_equal(d.n, 1);
    assert_int_equal(out.len, 0);
    du_buf_free(&out);
    du_diag_free(&d);
}

static void test_exponential_expansion_stops(void **state)
{
    (void)state;
    /* Each level multiplies the work by ten: 10^12 iterations unless the
     * step limit stops it (lowered here to keep the test fast). */
    static const char *const files[][3] = {
        {"page", "page.mustache", "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}"
                                  "{{#l}}{{#l}}{{#l}}{{#l}}{{.}}{{/l}}{{/l}}{{/l}}{{/l}}"
                                  "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_arena a;
    du_arena_init(&a);
    du_val *ctx = du_val_map(&a);
    du_val *l = du_map_set(&a, ctx, "l", du_val_list(&a));
    for (int i = 0; i < 10; i++)
        du_list_push(&a, l, du_val_num(&a, i));
    du_tpl_env *env = du_tpl_env_new(load, &f);
    du_tpl_env_set_max_steps(env, 100000);
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(du_tpl_render(env, "page", ctx, &out, &d), -1);
    assert_diag(&d, "page.mustache", 1, 67, "more than 100000 steps");
    assert_int_equal(out.len, 0);
    du_buf_free(&out);
    du_diag_free(&d);
    du_tpl_env_free(env);
    du_arena_free(&a);
}

static void test_cache(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"page", "page.mustache", "{{#items}}{{>item}}{{/items}}"},
        {"item", "item.mustache", "<{{name}}>"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_arena a;
    du_arena_init(&a);
    du_val *ctx = du_val_map(&a);
    du_val *items = du_map_set(&a, ctx, "items", du_val_list(&a));
    for (int i = 0; i < 3; i++) {
        du_val *it = du_list_push(&a, items, du_val_map(&a));
        du_map_str(&a, it, "name", i == 1 ? "b&b" : "x");
    }
    du_tpl_env *env = du_tpl_env_new(load, &f);
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(du_tpl_render(env, "page", ctx, &out, &d), 0);
    assert_string_equal(out.ptr, "<x><b&amp;b><x>");
    assert_int_equal(f.loads, 2);
    du_buf_clear(&out);
    assert_int_equal(du_tpl_render(env, "page", ctx, &out, &d), 0);
    assert_string_equal(out.ptr, "<x><b&amp;b><x>");
    assert_int_equal(f.loads, 2); /* compiled once, loaded once */
    assert_int_equal(d.n, 0);
    du_buf_free(&out);
    du_diag_free(&d);
    du_tpl_env_free(env);
    du_arena_free(&a);
}

static void star_escape(du_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '*' || s[i] == '_')
            du_buf_putc(out, '\\');
        du_buf_putc(out, s[i]);
    }
}

static void test_custom_escape(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"brief", "brief.md.mustache", "- {{title}} / {{{title}}} / {{& title}} / {{n}}\n"},
        {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_arena a;
    du_arena_init(&a);
    du_val *ctx = du_val_map(&a);
    du_map_str(&a, ctx, "title", "*bold* <b>");
    du_map_num(&a, ctx, "n", 1.5);
    du_tpl_env *env = du_tpl_env_new(load, &f);
    du_tpl_env_set_escape(env, star_escape);
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(du_tpl_render(env, "brief", ctx, &out, &d), 0);
    assert_string_equal(out.ptr, "- \\*bold\\* <b> / *bold* <b> / *bold* <b> / 1.5\n");
    du_tpl_env_set_escape(env, NULL); /* back to HTML */
    du_buf_clear(&out);
    assert_int_equal(du_tpl_render(env, "brief", ctx, &out, &d), 0);
    assert_string_equal(out.ptr, "- *bold* &lt;b&gt; / *bold* <b> / *bold* <b> / 1.5\n");
    du_buf_free(&out);
    du_diag_free(&d);
    du_tpl_env_free(env);
    du_arena_free(&a);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    static const struct {
        const char *src, *part;
        int line, col;
    } cases[] = {
        {"a {{b", "unclosed tag", 1, 3},
        {"x\n{{=<%%>=}}", "bad delimiter", 2, 1},
        {"{{= a= b =}}", "bad delimiter", 1, 1},
        {"{{/a}}", "has no open section", 1, 1},
        {"ok {{ }}", "empty tag name", 1, 4},
        {"{{=<% %>=}}\n<%#a%>\n<%/b%>", "does not match", 3, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const files[][3] = {{"t", "t.mustache", cases[i].src}, {NULL, NULL, NULL}};
        fixture f = {files, 0};
        du_diag d;
        du_diag_init(&d);
        du_buf out = DU_BUF_INIT;
        du_buf_init(&out);
        assert_int_equal(render(&f, "t", NULL, false, &out, &d), -1);
        assert_diag(&d, "t.mustache", cases[i].line, cases[i].col, cases[i].part);
        du_buf_free(&out);
        du_diag_free(&d);
    }
}

static void test_nesting_limit(void **state)
{
    (void)state;
    du_buf src = DU_BUF_INIT;
    du_buf_init(&src);
    for (int i = 0; i <= DU_TPL_MAX_NESTING; i++)
        du_buf_puts(&src, "{{#a}}");
    const char *const files[][3] = {{"t", "t.mustache", src.ptr}, {NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(render(&f, "t", NULL, false, &out, &d), -1);
    assert_diag(&d, "t.mustache", 1, 6 * DU_TPL_MAX_NESTING + 1, "open at once");
    du_buf_free(&out);
    du_buf_free(&src);
    du_diag_free(&d);
}

static void test_missing_top_level(void **state)
{
    (void)state;
    static const char *const files[][3] = {{NULL, NULL, NULL}};
    fixture f = {files, 0};
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    assert_int_equal(render(&f, "page", NULL, false, &out, &d), -1);
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.items[0].msg, "template 'page' not found"));
    du_buf_free(&out);
    du_diag_free(&d);
}

/* Constants (du_tpl_env_set_consts) print what the same names on the
 * context print: in sections and inverted sections, indented partials and
 * blocks, escaped and raw, strings, numbers and booleans, next to each
 * other and at line starts; names that print nothing or several lines
 * stay as they were. */
static void test_consts_fold(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"page", "page.mustache",
         "{{t.a}}{{t.b}}|{{{t.b}}}|{{& t.b}}|{{t.n}}|{{t.yes}}|{{t.none}}|{{t}}|{{site.title}}\n"
         "{{#list}}{{t.a}}={{.}}{{t.c}}\n{{/list}}{{^none}}{{t.a}}{{/none}}\n"
         "  {{> part}}\n"
         "{{< parent}}{{$b}}  {{t.a}}\n{{t.lines}}{{/b}}{{/parent}}\n"
         "{{t.lines}}{{t.empty}}{{t.a}}\n"},
        {"part", "part.mustache", "{{t.a}}\n{{t.lines}}\n{{#list}}{{t.c}}{{.}}\n{{/list}}"},
        {"parent", "parent.mustache", "[\n  {{$b}}default{{/b}}\n]"},
        {NULL, NULL, NULL}};
    du_arena a;
    du_arena_init(&a);
    du_val *t = du_val_map(&a);
    du_map_str(&a, t, "a", "甲");
    du_map_str(&a, t, "b", "<&\"'>");
    du_map_str(&a, t, "c", "，");
    du_map_num(&a, t, "n", 2.5);
    du_map_bool(&a, t, "yes", true);
    du_map_str(&a, t, "lines", "one\ntwo");
    du_map_str(&a, t, "empty", "");
    du_val *site = du_val_map(&a);
    du_map_str(&a, site, "title", "督办");
    du_val *consts = du_val_map(&a);
    du_map_set(&a, consts, "t", t);
    du_map_set(&a, consts, "site", site);
    du_val *ctx = du_val_map(&a);
    du_map_set(&a, ctx, "t", t);
    du_map_set(&a, ctx, "site", site);
    du_val *list = du_val_list(&a);
    du_list_push(&a, list, du_val_str(&a, "x"));
    du_list_push(&a, list, du_val_str(&a, "y"));
    du_map_set(&a, ctx, "list", list);
    du_buf out[2];
    for (int k = 0; k < 2; k++) {
        fixture f = {files, 0};
        du_tpl_env *env = du_tpl_env_new(load, &f);
        du_tpl_env_set_strict(env, true);
        if (k)
            du_tpl_env_set_consts(env, consts);
        du_diag d;
        du_diag_init(&d);
        du_buf_init(&out[k]);
        assert_int_equal(du_tpl_render(env, "page", ctx, &out[k], &d), 0);
        /* a second render, from the compiled templates */
        du_buf_clear(&out[k]);
        assert_int_equal(du_tpl_render(env, "page", ctx, &out[k], &d), 0);
        du_diag_free(&d);
        du_tpl_env_free(env);
    }
    assert_string_equal(out[1].ptr, out[0].ptr);
    assert_non_null(strstr(out[0].ptr, "甲&lt;&amp;&quot;&#39;&gt;|<&\"'>|<&\"'>|2.5|true|||督办\n"));
    assert_non_null(strstr(out[0].ptr, "  甲\n  one\ntwo\n  ，x\n  ，y\n"));
    du_buf_free(&out[0]);
    du_buf_free(&out[1]);
    du_arena_free(&a);
}

/* Data cannot hide a constant: a map on the context with its own "t"
 * changes what {{t.a}} prints without constants, not with them. */
static void test_consts_not_hidden(void **state)
{
    (void)state;
    static const char *const files[][3] = {
        {"page", "page.mustache", "{{t.a}}{{#row}}/{{t.a}}{{/row}}"}, {NULL, NULL, NULL}};
    du_arena a;
    du_arena_init(&a);
    du_val *t = du_val_map(&a), *own = du_val_map(&a), *row = du_val_map(&a);
    du_map_str(&a, t, "a", "label");
    du_map_str(&a, own, "a", "data");
    du_map_set(&a, row, "t", own);
    du_val *consts = du_val_map(&a), *ctx = du_val_map(&a);
    du_map_set(&a, consts, "t", t);
    du_map_set(&a, ctx, "t", t);
    du_map_set(&a, ctx, "row", row);
    const char *want[2] = {"label/data", "label/label"};
    for (int k = 0; k < 2; k++) {
        fixture f = {files, 0};
        du_tpl_env *env = du_tpl_env_new(load, &f);
        du_tpl_env_set_consts(env, k ? consts : NULL);
        du_diag d;
        du_diag_init(&d);
        du_buf out = DU_BUF_INIT;
        du_buf_init(&out);
        assert_int_equal(du_tpl_render(env, "page", ctx, &out, &d), 0);
        assert_string_equal(out.ptr, want[k]);
        du_buf_free(&out);
        du_diag_free(&d);
        du_tpl_env_free(env);
    }
    du_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unclosed_section_position),
        cmocka_unit_test(test_mismatched_close_position),
        cmocka_unit_test(test_missing_partial),
        cmocka_unit_test(test_missing_parent_and_check),
        cmocka_unit_test(test_recursion_limit),
        cmocka_unit_test(test_exponential_expansion_stops),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_custom_escape),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_missing_top_level),
        cmocka_unit_test(test_consts_fold),
        cmocka_unit_test(test_consts_not_hidden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
