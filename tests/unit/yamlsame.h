/* yamlsame.h - a text loaded with the parser reading it in place and
 * through libyaml's reader, compared: the same diagnostics (position,
 * severity, message, hint) and the same tree (types, strings, styles,
 * positions, weights). For test_yamlread and the yamlread fuzz target. */
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

/* True when both ways agree; otherwise the first difference in why. */
static bool yamlsame(const char *text, size_t len, char *why, size_t n)
{
    du_arena a[2];
    du_diag d[2];
    du_ynode *root[2];
    bool empty[2] = {false, false}, ok = true;
    for (int k = 0; k < 2; k++) {
        du_arena_init(&a[k]);
        du_diag_init(&d[k]);
        du_yaml_set_direct(k == 0);
        root[k] = du_yaml_load_mem(&a[k], text, len, "t.yaml", &empty[k], &d[k]);
    }
    du_yaml_set_direct(true);
    if (d[0].n != d[1].n) {
        snprintf(why, n, "%zu diagnostics in place, %zu through the reader (first: '%s' / '%s')",
                 d[0].n, d[1].n, d[0].n ? d[0].items[0].msg : "", d[1].n ? d[1].items[0].msg : "");
        ok = false;
    }
    for (size_t i = 0; ok && i < d[0].n; i++) {
        const du_diag_item *p = &d[0].items[i], *q = &d[1].items[i];
        if (p->line != q->line || p->col != q->col || p->sev != q->sev ||
            strcmp(p->msg, q->msg) != 0 ||
            strcmp(yamlsame_or(p->hint), yamlsame_or(q->hint)) != 0) {
            snprintf(why, n, "%d:%d %s (%s) in place, %d:%d %s (%s) through the reader", p->line,
                     p->col, p->msg, yamlsame_or(p->hint), q->line, q->col, q->msg,
                     yamlsame_or(q->hint));
            ok = false;
        }
    }
    if (ok && (!root[0] != !root[1] || (root[0] && empty[0] != empty[1]))) {
        snprintf(why, n, "loaded one way only");
        ok = false;
    }
    if (ok)
        ok = yamlsame_node(root[0], root[1], why, n);
    for (int k = 0; k < 2; k++) {
        du_arena_free(&a[k]);
        du_diag_free(&d[k]);
    }
    return ok;
}

#endif
