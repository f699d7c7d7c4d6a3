/* yamlsame.h - a text loaded as a build loads it (yamlfast.c when it
 * takes the text), with libyaml's parser reading it in place, and with
 * libyaml reading it through its reader, compared: the same diagnostics
 * (position, severity, message, hint) and the same tree (types, strings,
 * styles, positions, weights). For test_yamlread and the yamlread fuzz
 * target. */
#ifndef DU_YAMLSAME_H
#define DU_YAMLSAME_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "yamltree.h"

static const char *yamlsame_or(const char *s) { return s ? s : "(none)"; }

static bool yamlsame_node(const du_ynode *x, const du_ynode *y, char *why, size_t n)
{
    if (!x || !y) {
        if (x != y)
            snprintf(why, n, "a node on one side only");
        return x == y;
    }
    if (x->type != y->type || x->line != y->line || x->col != y->col || x->len != y->len ||
        x->plain != y->plain || x->n != y->n || x->weight != y->weight ||
        memcmp(x->str, y->str, x->len + 1) != 0 || strcmp(x->file, y->file) != 0) {
        snprintf(why, n, "node at %d:%d (type %d, '%s') against %d:%d (type %d, '%s')", x->line,
                 x->col, (int)x->type, x->str, y->line, y->col, (int)y->type, y->str);
        return false;
    }
    for (size_t i = 0; i < x->n; i++) {
        if (x->type == DU_Y_MAP && !yamlsame_node(x->keys[i], y->keys[i], why, n))
            return false;
        if (!yamlsame_node(x->items[i], y->items[i], why, n))
            return false;
    }
    return true;
}

/* Load a text one way: 0 as a build does (yamlfast.c, else libyaml
 * reading in place), 1 libyaml reading in place, 2 libyaml through its
 * reader. */
static du_ynode *yamlsame_load(int way, du_arena *a, du_diag *d, const char *text, size_t len,
                               bool *empty)
{
    du_arena_init(a);
    du_diag_init(d);
    du_yaml_set_fast(way == 0);
    du_yaml_set_direct(way < 2);
    du_ynode *root = du_yaml_load_mem(a, text, len, "t.yaml", empty, d);
    du_yaml_set_fast(true);
    du_yaml_set_direct(true);
    return root;
}

static const char *const yamlsame_ways[] = {"as a build reads", "in place", "through the reader"};

/* Way w against the reader: the same diagnostics and tree. */
static bool yamlsame_way(int w, const char *text, size_t len, char *why, size_t n)
{
    du_arena a[2];
    du_diag d[2];
    du_ynode *root[2];
    bool empty[2] = {false, false}, ok = true;
    root[0] = yamlsame_load(w, &a[0], &d[0], text, len, &empty[0]);
    root[1] = yamlsame_load(2, &a[1], &d[1], text, len, &empty[1]);
    const char *way = yamlsame_ways[w];
    if (d[0].n != d[1].n) {
        snprintf(why, n, "%zu diagnostics %s, %zu through the reader (first: '%s' / '%s')",
                 d[0].n, way, d[1].n, d[0].n ? d[0].items[0].msg : "",
                 d[1].n ? d[1].items[0].msg : "");
        ok = false;
    }
    for (size_t i = 0; ok && i < d[0].n; i++) {
        const du_diag_item *p = &d[0].items[i], *q = &d[1].items[i];
        if (p->line != q->line || p->col != q->col || p->sev != q->sev ||
            strcmp(p->msg, q->msg) != 0 ||
            strcmp(yamlsame_or(p->hint), yamlsame_or(q->hint)) != 0) {
            snprintf(why, n, "%d:%d %s (%s) %s, %d:%d %s (%s) through the reader", p->line,
                     p->col, p->msg, yamlsame_or(p->hint), way, q->line, q->col, q->msg,
                     yamlsame_or(q->hint));
            ok = false;
        }
    }
    if (ok && (!root[0] != !root[1] || (root[0] && empty[0] != empty[1]))) {
        snprintf(why, n, "loaded one way only (%s)", way);
        ok = false;
    }
    if (ok && !yamlsame_node(root[0], root[1], why, n)) {
        size_t k = strlen(why);
        snprintf(why + k, n - k, " (%s)", way);
        ok = false;
    }
    for (int k = 0; k < 2; k++) {
        du_arena_free(&a[k]);
        du_diag_free(&d[k]);
    }
    return ok;
}

/* True when every way agrees with libyaml through its reader; otherwise
 * the first difference in why. */
static bool yamlsame(const char *text, size_t len, char *why, size_t n)
{
    return yamlsame_way(0, text, len, why, n) && yamlsame_way(1, text, len, why, n);
}

#endif
