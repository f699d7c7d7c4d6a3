/* mustache_spec.c - runs the Mustache spec (its YAML files, given as
 * arguments) against the template engine, case by case. Lambdas are not
 * supported: ~lambdas.yml and any case whose data holds a !code value are
 * skipped. Prints each failing case and "mustache-spec: N passed, M failed". */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

/* The name under which a case's own template is handed to the engine. */
#define TOP_NAME "(spec template)"

typedef struct counts {
    int passed, failed, skipped;
} counts;

typedef struct spec_case {
    const char *file;
    const char *name;
    const du_val *data;
    const du_val *template;
    const du_val *partials;
    const du_val *expected;
} spec_case;

/* ---- YAML document to du_val ---- */

static bool plain_number(const char *s, double *out)
{
    if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
        return false;
    char *end;
    *out = strtod(s, &end);
    return *end == '\0';
}

static du_val *scalar(du_arena *a, const yaml_node_t *n)
{
    const char *s = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        double num;
        if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
            return du_val_bool(a, s[0] == 't');
        if (strcmp(s, "null") == 0 || strcmp(s, "~") == 0 || len == 0)
            return du_val_null(a);
        if (plain_number(s, &num))
            return du_val_num(a, num);
    }
    return du_val_strn(a, du_arena_strndup(a, s, len), len);
}

static du_val *convert(du_arena *a, yaml_document_t *doc, yaml_node_t *n)
{
    if (n->type == YAML_SCALAR_NODE)
        return scalar(a, n);
    if (n->type == YAML_SEQUENCE_NODE) {
        du_val *list = du_val_list(a);
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++)
            du_list_push(a, list, convert(a, doc, yaml_document_get_node(doc, *it)));
        return list;
    }
    du_val *map = du_val_map(a);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        const char *key = k->type == YAML_SCALAR_NODE
                              ? du_arena_strdup(a, (const char *)k->data.scalar.value)
                              : "";
        du_map_set(a, map, key, convert(a, doc, yaml_document_get_node(doc, p->value)));
    }
    return map;
}

/* True when n or anything below it is tagged !code (a lambda). */
static bool has_lambda(yaml_document_t *doc, yaml_node_t *n)
{
    if (n->tag && strcmp((const char *)n->tag, "!code") == 0)
        return true;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++)
            if (has_lambda(doc, yaml_document_get_node(doc, *it)))
                return true;
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
             p < n->data.mapping.pairs.top; p++)
            if (has_lambda(doc, yaml_document_get_node(doc, p->value)))
                return true;
    }
    return false;
}

/* The value of key in a YAML mapping node, or NULL. */
static yaml_node_t *yaml_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    return NULL;
}

/* Parse a spec file into doc; false (and a message) on error. */
static bool load_yaml(const char *path, yaml_document_t *doc)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return false;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    bool ok = yaml_parser_load(&parser, doc);
    if (!ok)
        fprintf(stderr, "%s:%zu: %s\n", path, parser.problem_mark.line + 1,
                parser.problem ? parser.problem : "YAML error");
    yaml_parser_delete(&parser);
    fclose(f);
    if (ok && !yaml_document_get_root_node(doc)) {
        yaml_document_delete(doc);
        ok = false;
    }
    return ok;
}

/* ---- running cases ---- */

static const char *load_template(void *ud, const char *name, size_t *len, const char **path)
{
    const spec_case *c = ud;
    const du_val *v = strcmp(name, TOP_NAME) == 0 ? c->template : du_map_get(c->partials, name);
    if (!v || v->type != DU_STR)
        return NULL;
    *len = v->len;
    *path = name;
    return v->str;
}

static void show(const char *label, const char *s, size_t n)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_put_json(&b, s, n);
    printf("    %s \"%s\"\n", label, b.ptr);
    du_buf_free(&b);
}

/* Render the case twice (the second time from the cache); true when both
 * renders succeed and match the expected output. */
static bool run_case(const spec_case *c)
{
    du_tpl_env *env = du_tpl_env_new(load_template, (void *)c);
    du_diag diags;
    du_diag_init(&diags);
    du_buf out[2];
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        du_buf_init(&out[i]);
        if (du_tpl_render(env, TOP_NAME, c->data, &out[i], &diags) != 0)
            ok = false;
        if (out[i].len != c->expected->len || memcmp(out[i].ptr, c->expected->str, out[i].len))
            ok = false;
    }
    if (!ok) {
        printf("FAIL %s: %s\n", c->file, c->name);
        show("template:", c->template->str, c->template->len);
        show("expected:", c->expected->str, c->expected->len);
        show("got:     ", out[0].ptr, out[0].len);
        du_diag_print(&diags, stdout, false, false);
    }
    du_buf_free(&out[0]);
    du_buf_free(&out[1]);
    du_diag_free(&diags);
    du_tpl_env_free(env);
    return ok;
}

static bool verbose; /* -v: one PASS line per case as well */

static bool is_string(const du_val *v) { return v && v->type == DU_STR; }

/* Run one case, given as its YAML mapping node. */
static void run_node(const char *base, yaml_document_t *doc, yaml_node_t *node, counts *n)
{
    if (has_lambda(doc, node)) {
        n->skipped++;
        return;
    }
    du_arena a;
    du_arena_init(&a);
    const du_val *t = convert(&a, doc, node);
    const du_val *name = du_map_get(t, "name");
    spec_case c = {base, is_string(name) ? name->str : "(unnamed)", du_map_get(t, "data"),
                   du_map_get(t, "template"), du_map_get(t, "partials"),
                   du_map_get(t, "expected")};
    if (!is_string(c.template) || !is_string(c.expected)) {
        printf("FAIL %s: %s: malformed case\n", base, c.name);
        n->failed++;
    } else if (run_case(&c)) {
        if (verbose)
            printf("PASS %s: %s\n", base, c.name);
        n->passed++;
    } else {
        n->failed++;
    }
    du_arena_free(&a);
}

static void run_file(const char *path, counts *n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, "~lambdas.yml") == 0)
        return;
    yaml_document_t doc;
    if (!load_yaml(path, &doc)) {
        printf("FAIL %s: cannot read\n", base);
        n->failed++;
        return;
    }
    yaml_node_t *tests = yaml_get(&doc, yaml_document_get_root_node(&doc), "tests");
    if (!tests || tests->type != YAML_SEQUENCE_NODE) {
        printf("FAIL %s: no list of tests\n", base);
        n->failed++;
    } else {
        for (yaml_node_item_t *it = tests->data.sequence.items.start;
             it < tests->data.sequence.items.top; it++)
            run_node(base, &doc, yaml_document_get_node(&doc, *it), n);
    }
    yaml_document_delete(&doc);
}

int main(int argc, char **argv)
{
    counts n = {0, 0, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = true;
        else
            run_file(argv[i], &n);
    }
    if (n.skipped)
        fprintf(stderr, "mustache-spec: %d cases with lambdas skipped\n", n.skipped);
    printf("mustache-spec: %d passed, %d failed\n", n.passed, n.failed);
    return n.failed ? 1 : 0;
}
