/* fuzz_template.c - libFuzzer target: bytes as a Mustache template,
 * compiled, checked and rendered in strict mode against a fixed context.
 * The input may hold a second template after a NUL byte, reachable as the
 * partial "in"; the input itself is the partial "self" (recursion), and a
 * few fixed partials and parents are always there. It is rendered once
 * more with the context's "t" and "site" as constants
 * (du_tpl_env_set_consts), which must not change what it renders. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

typedef struct {
    const char *main;
    size_t mainlen;
    const char *in;
    size_t inlen;
} fuzz_src;

static const char *const fixed[][2] = {
    {"item", "<li>{{title}} {{#done}}✓{{/done}}{{^done}}…{{/done}}</li>\n"},
    {"list", "{{#items}}{{>item}}{{/items}}"},
    {"base", "<html>{{$title}}默认{{/title}}<body>{{$body}}{{/body}}</body></html>"},
    {"loop", "{{#items}}{{>loop}}{{/items}}"},
    {"deep", "{{#a}}{{#b}}{{#c}}{{>deep}}{{/c}}{{/b}}{{/a}}"},
    {NULL, NULL}};

static const char *load(void *ud, const char *name, size_t *len, const char **path)
{
    fuzz_src *s = ud;
    *path = NULL;
    if (!strcmp(name, "main") || !strcmp(name, "self")) {
        *len = s->mainlen;
        return s->main;
    }
    if (!strcmp(name, "in") && s->in) {
        *len = s->inlen;
        return s->in;
    }
    for (size_t i = 0; fixed[i][0]; i++)
        if (!strcmp(fixed[i][0], name)) {
            *len = strlen(fixed[i][1]);
            return fixed[i][1];
        }
    return NULL;
}

static du_val *item(du_arena *a, const char *title, bool done)
{
    du_val *m = du_val_map(a);
    du_map_str(a, m, "title", title);
    du_map_bool(a, m, "done", done);
    du_map_num(a, m, "percent", done ? 100 : 37.5);
    return m;
}

static du_val *context(du_arena *a)
{
    du_val *c = du_val_map(a);
    du_map_str(a, c, "title", "<script>alert(1)</script> & \"督办\"");
    du_map_str(a, c, "empty", "");
    du_map_num(a, c, "n", 42);
    du_map_num(a, c, "x", -0.125);
    du_map_bool(a, c, "yes", true);
    du_map_bool(a, c, "no", false);
    du_map_set(a, c, "nothing", du_val_null(a));
    du_map_set(a, c, "none", du_val_list(a));
    du_val *items = du_map_set(a, c, "items", du_val_list(a));
    du_list_push(a, items, item(a, "一、总体要求", true));
    du_list_push(a, items, item(a, "（一）产业合作", false));
    du_list_push(a, items, item(a, "1. 人才", true));
    du_val *nest = du_map_set(a, c, "a", du_val_map(a));
    du_val *b = du_map_set(a, nest, "b", du_val_map(a));
    du_val *cl = du_map_set(a, b, "c", du_val_list(a));
    du_list_push(a, cl, du_val_num(a, 1));
    du_list_push(a, cl, du_val_str(a, "two"));
    du_map_set(a, c, "site", item(a, "上海", true));
    du_val *t = du_map_set(a, c, "t", du_val_map(a));
    du_map_str(a, t, "colon", "：");
    du_map_str(a, t, "amp", "<&\"'>");
    du_map_str(a, t, "lines", "一\n  二\n");
    du_map_str(a, t, "empty", "");
    du_map_num(a, t, "n", 2.5);
    du_map_bool(a, t, "yes", true);
    du_val *nav = du_map_set(a, t, "nav", du_val_map(a));
    du_map_str(a, nav, "home", "首页");
    return c;
}

/* The context's constants, as a site gives them (site_ctx.c). */
static du_val *consts(du_arena *a, const du_val *ctx)
{
    du_val *k = du_val_map(a);
    du_map_set(a, k, "t", du_map_get(ctx, "t"));
    du_map_set(a, k, "site", du_map_get(ctx, "site"));
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_src s = {(const char *)data, size, NULL, 0};
    const uint8_t *nul = memchr(data, 0, size);
    if (nul) {
        s.mainlen = (size_t)(nul - data);
        s.in = (const char *)nul + 1;
        s.inlen = size - s.mainlen - 1;
    }
    du_arena a;
    du_arena_init(&a);
    du_val *ctx = context(&a);
    du_tpl_env *env = du_tpl_env_new(load, &s);
    du_tpl_env_set_strict(env, true);
    /* keep each input fast: the default limit is meant for real sites */
    du_tpl_env_set_max_steps(env, 100000);
    du_diag d;
    du_diag_init(&d);
    du_buf out = DU_BUF_INIT;
    du_buf_init(&out);
    du_tpl_check(env, "main", &d);
    int rc = du_tpl_render(env, "main", ctx, &out, &d);
    /* the same with constants */
    du_tpl_env *kenv = du_tpl_env_new(load, &s);
    du_tpl_env_set_strict(kenv, true);
    du_tpl_env_set_max_steps(kenv, 100000);
    du_tpl_env_set_consts(kenv, consts(&a, ctx));
    du_buf kout = DU_BUF_INIT;
    du_buf_init(&kout);
    int krc = du_tpl_render(kenv, "main", ctx, &kout, &d);
    if (krc != rc || kout.len != out.len || memcmp(kout.ptr, out.ptr, out.len) != 0) {
        fprintf(stderr, "template: with constants %d '%s', without %d '%s'\n", krc, kout.ptr, rc,
                out.ptr);
        abort();
    }
    du_buf_free(&kout);
    du_tpl_env_free(kenv);
    du_buf_clear(&out);
    du_tpl_render(env, "main", NULL, &out, &d); /* cached, no data */
    du_buf_free(&out);
    du_diag_free(&d);
    du_tpl_env_free(env);
    du_arena_free(&a);
    return 0;
}
