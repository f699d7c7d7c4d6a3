/* load.c - YAML trees into the typed model, with type and key checks. */
#include "load.h"
#include "jobs.h"
#include "hash.h"
#include "buf.h"
#include "content.h"
#include "yamltree.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A file's YAML tree lives in a scratch arena freed after the file is
 * loaded; everything the model keeps (strings, the file name of positions)
 * is copied into the model's arena, so memory stays near the corpus size. */
typedef struct {
    du_model *m;
    du_diag *d;
    du_vec units, plans, pairings, entries;
    size_t seq;
    const char *file;   /* display name of the current file, model-owned */
    const char **interned; /* short strings kept once (open addressing) */
    size_t nslots, ninterned;
    du_date date_max;      /* the last day of DU_YEAR_MAX */
    size_t threads;        /* threads loading may use, this one included */
} du_lctx;

static du_pos du_at(const du_lctx *c, const du_ynode *n)
{
    du_pos p = {c->file, n ? n->line : 0, n ? n->col : 0};
    return p;
}

/* A scalar's text, copied into the model. */
static const char *du_keep(du_lctx *c, const du_ynode *v)
{
    return du_arena_strndup(&c->m->arena, v->str, v->len);
}

/* Short texts that progress entries repeat (item references, units as
 * printed, outlets, indicator ids) are kept once: at 200,000 entries that
 * is tens of megabytes. Longer texts are copied as they are. */
#define DU_INTERN_MAX 64

static const char *du_keep_shared(du_lctx *c, const du_ynode *v)
{
    if (v->len > DU_INTERN_MAX || memchr(v->str, '\0', v->len))
        return du_keep(c, v);
    if (c->ninterned * 2 >= c->nslots) {
        size_t n = c->nslots ? c->nslots * 2 : 1024;
        const char **t = du_xcalloc(n, sizeof *t);
        for (size_t i = 0; i < c->nslots; i++) {
            const char *x = c->interned[i];
            if (!x)
                continue;
            size_t h = (size_t)du_hash_block(DU_HASH_INIT, x, strlen(x)) & (n - 1);
            while (t[h])
                h = (h + 1) & (n - 1);
            t[h] = x;
        }
        free(c->interned);
        c->interned = t;
        c->nslots = n;
    }
    size_t h = (size_t)du_hash_block(DU_HASH_INIT, v->str, v->len) & (c->nslots - 1);
    for (; c->interned[h]; h = (h + 1) & (c->nslots - 1))
        if (c->interned[h][0] == v->str[0] && strncmp(c->interned[h], v->str, v->len) == 0 &&
            c->interned[h][v->len] == '\0')
            return c->interned[h];
    const char *x = du_keep(c, v);
    c->interned[h] = x;
    c->ninterned++;
    return x;
}

/* Dates in content lie in these years (docs/limits.md). */
#define DU_YEAR_MIN 1900
#define DU_YEAR_MAX 2199

#define du_err(c, n, ...) du_diag_add((c)->d, (n)->file, (n)->line, (n)->col, DU_ERROR, __VA_ARGS__)
#define du_warn(c, n, ...) \
    du_diag_add((c)->d, (n)->file, (n)->line, (n)->col, DU_WARNING, __VA_ARGS__)

bool du_id_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '.' || ch == '_' || ch == '-'))
            return false;
    }
    return strstr(s, "..") == NULL;
}

/* Unknown keys are warnings, with the closest known key as a hint. */
static void du_check_keys(du_lctx *c, const du_ynode *map, const char *const *known)
{
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->str;
        bool found = false;
        /* the first two bytes (the second may be the end) rule out most */
        for (const char *const *p = known; *p && !found; p++)
            found = (*p)[0] == k[0] && (*p)[1] == k[1] && strcmp(*p, k) == 0;
        if (found)
            continue;
        /* only an unknown key pays for the suggestion */
        const char *best = du_closest(k, known);
        du_warn(c, map->keys[i], "unknown key '%s'", k);
        if (best)
            du_diag_hint(c->d, "did you mean '%s'?", best);
    }
}

static bool du_is_null(const du_ynode *n)
{
    return n->type == DU_Y_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0);
}

static const du_ynode *du_field(du_lctx *c, const du_ynode *map, const char *key, bool required)
{
    const du_ynode *v = du_ymap_get(map, key);
    if (v && du_is_null(v))
        v = NULL;
    if (!v && required)
        du_err(c, map, "missing required key '%s'", key);
    return v;
}

/* The scalar under key, or NULL after reporting a non-scalar (or, when
 * required, a missing or empty one). */
static const du_ynode *du_scalar(du_lctx *c, const du_ynode *map, const char *key, bool required)
{
    const du_ynode *v = du_field(c, map, key, required);
    if (!v)
        return NULL;
    if (v->type != DU_Y_SCALAR) {
        du_err(c, v, "'%s' should be a string, not %s", key, du_ytype_name(v));
        return NULL;
    }
    if (required && v->len == 0) {
        du_err(c, v, "'%s' is empty", key);
        return NULL;
    }
    return v;
}

static const char *du_str(du_lctx *c, const du_ynode *map, const char *key, bool required)
{
    const du_ynode *v = du_scalar(c, map, key, required);
    return v ? du_keep(c, v) : NULL;
}

/* The same for a short text many entries repeat (kept once). */
static const char *du_str_shared(du_lctx *c, const du_ynode *map, const char *key, bool required)
{
    const du_ynode *v = du_scalar(c, map, key, required);
    return v ? du_keep_shared(c, v) : NULL;
}

/* A scalar's text for use while its file is being loaded (not kept). */
static const char *du_str_now(du_lctx *c, const du_ynode *map, const char *key)
{
    const du_ynode *v = du_scalar(c, map, key, false);
    return v ? v->str : NULL;
}

static bool du_num_of(du_lctx *c, const du_ynode *v, const char *key, double *out)
{
    char *end;
    if (v->type != DU_Y_SCALAR || v->len == 0) {
        du_err(c, v, "'%s' should be a number, not %s", key, du_ytype_name(v));
        return false;
    }
    /* most numbers are a few digits (percents): read them as strtod would */
    if (v->len <= 9) {
        double n = 0;
        size_t i = 0;
        while (i < v->len && v->str[i] >= '0' && v->str[i] <= '9')
            n = n * 10 + (v->str[i++] - '0');
        if (i == v->len) {
            *out = n;
            return true;
        }
    }
    /* decimal only: strtod would also take "0x40", "inf" and " 40" */
    size_t bad = strspn(v->str, "0123456789+-.eE");
    double x = strtod(v->str, &end);
    if (*end != '\0' || v->str[bad] != '\0' || !isfinite(x)) {
        du_err(c, v, "'%s' should be a number, not '%s'", key, v->str);
        return false;
    }
    *out = x;
    return true;
}

static bool du_num(du_lctx *c, const du_ynode *map, const char *key, bool required, double *out)
{
    const du_ynode *v = du_field(c, map, key, required);
    return v && du_num_of(c, v, key, out);
}

static bool du_int_in(du_lctx *c, const du_ynode *map, const char *key, int lo, int hi, int *out)
{
    double x;
    if (!du_num(c, map, key, false, &x))
        return false;
    const du_ynode *v = du_ymap_get(map, key);
    if (x != floor(x) || x < lo || x > hi) {
        du_err(c, v, "'%s' should be a whole number from %d to %d", key, lo, hi);
        return false;
    }
    *out = (int)x;
    return true;
}

static bool du_bool(du_lctx *c, const du_ynode *map, const char *key, bool def)
{
    const du_ynode *v = du_field(c, map, key, false);
    if (!v)
        return def;
    if (v->type == DU_Y_SCALAR) {
        if (!strcmp(v->str, "true") || !strcmp(v->str, "True") || !strcmp(v->str, "TRUE"))
            return true;
        if (!strcmp(v->str, "false") || !strcmp(v->str, "False") || !strcmp(v->str, "FALSE"))
            return false;
    }
    du_err(c, v, "'%s' should be true or false", key);
    return def;
}

static du_date du_date_of(du_lctx *c, const du_ynode *v, const char *key)
{
    du_date d;
    if (v->type != DU_Y_SCALAR) {
        du_err(c, v, "'%s' should be a date (YYYY-MM-DD), not %s", key, du_ytype_name(v));
        return DU_DATE_NONE;
    }
    if (!du_date_parse(v->str, &d)) {
        int y, mo, dd, used = 0;
        /* only a well-formed YYYY-MM-DD can be "not a real date" */
        if (sscanf(v->str, "%4d-%2d-%2d%n", &y, &mo, &dd, &used) == 3 && used == 10 &&
            v->len == 10 && y < DU_YEAR_MIN)
            du_err(c, v, "'%s' should be a date from %d to %d, not '%s'", key, DU_YEAR_MIN,
                   DU_YEAR_MAX, v->str);
        else if (used == 10 && v->len == 10)
            du_err(c, v, "'%s' is not a real calendar date: '%s'", key, v->str);
        else
            du_err(c, v, "'%s' should be a date written YYYY-MM-DD, not '%s'", key, v->str);
        return DU_DATE_NONE;
    }
    /* far-off years would make thousands of reporting periods */
    if (d > c->date_max) {
        du_err(c, v, "'%s' should be a date from %d to %d, not '%s'", key, DU_YEAR_MIN,
               DU_YEAR_MAX, v->str);
        return DU_DATE_NONE;
    }
    return d;
}

static du_date du_date_field(du_lctx *c, const du_ynode *map, const char *key, bool required)
{
    const du_ynode *v = du_field(c, map, key, required);
    return v ? du_date_of(c, v, key) : DU_DATE_NONE;
}

/* A list of strings; a single string is accepted as a list of one. */
static const char **du_strlist(du_lctx *c, const du_ynode *v, const char *key, size_t *n,
                               const du_ynode ***nodes)
{
    *n = 0;
    if (!v || du_is_null(v))
        return NULL;
    du_arena *a = &c->m->arena;
    if (v->type == DU_Y_SCALAR) {
        const char **out = du_arena_alloc(a, sizeof *out);
        out[0] = du_keep(c, v);
        if (nodes) {
            *nodes = du_arena_alloc(a, sizeof **nodes);
            (*nodes)[0] = v;
        }
        *n = 1;
        return out;
    }
    if (v->type != DU_Y_SEQ) {
        du_err(c, v, "'%s' should be a list of strings, not %s", key, du_ytype_name(v));
        return NULL;
    }
    const char **out = du_arena_alloc(a, (v->n + 1) * sizeof *out);
    if (nodes)
        *nodes = du_arena_alloc(a, (v->n + 1) * sizeof **nodes);
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->type != DU_Y_SCALAR) {
            du_err(c, v->items[i], "'%s' should list strings, not %s", key,
                   du_ytype_name(v->items[i]));
            continue;
        }
        if (nodes)
            (*nodes)[*n] = v->items[i];
        out[(*n)++] = du_keep(c, v->items[i]);
    }
    return out;
}

static bool du_need_map(du_lctx *c, const du_ynode *v, const char *what)
{
    if (v->type == DU_Y_MAP)
        return true;
    du_err(c, v, "%s should be a map (key: value lines), not %s", what, du_ytype_name(v));
    return false;
}

static const char *du_id(du_lctx *c, const du_ynode *map, const char *key)
{
    const char *id = du_str(c, map, key, true);
    if (id && !du_id_valid(id)) {
        du_err(c, du_ymap_get(map, key), "invalid id '%s'", id);
        du_diag_hint(c->d, "use 1-64 letters, digits, '.', '_' or '-'; no '/', '..' or spaces");
        return NULL;
    }
    return id;
}

/* The list under `key` of a file's root map: `units:`, `entries:` … */
static const du_ynode *du_root_list(du_lctx *c, const du_ynode *root, const char *key,
                                    const char *const *known, bool empty)
{
    if (empty) {
        du_diag_add(c->d, root->file, 0, 0, DU_WARNING, "file is empty");
        return NULL;
    }
    if (!du_need_map(c, root, "the file"))
        return NULL;
    du_check_keys(c, root, known);
    const du_ynode *l = du_field(c, root, key, true);
    if (l && l->type != DU_Y_SEQ) {
        du_err(c, l, "'%s' should be a list, not %s", key, du_ytype_name(l));
        return NULL;
    }
    return l;
}

/* ---- site.yaml ---- */

/* disable_pages: kinds of pages the site leaves out (du_page_kind). */
static void du_load_disabled(du_lctx *c, const du_ynode *v, du_site *s)
{
    const char *kinds[DU_PG_COUNT + 1];
    for (int k = 0; k < DU_PG_COUNT; k++)
        kinds[k] = du_page_kind_name((du_page_kind)k);
    kinds[DU_PG_COUNT] = NULL;
    const du_ynode **nodes = NULL;
    size_t n;
    const char **names = du_strlist(c, v, "disable_pages", &n, &nodes);
    for (size_t i = 0; i < n; i++) {
        int k = 0;
        while (k < DU_PG_COUNT && strcmp(names[i], kinds[k]) != 0)
            k++;
        if (k < DU_PG_COUNT) {
            s->disabled |= 1u << k;
            continue;
        }
        const char *best = du_closest(names[i], kinds);
        du_err(c, nodes[i], "unknown kind of page '%s' in disable_pages", names[i]);
        if (best)
            du_diag_hint(c->d, "did you mean '%s'?", best);
        else
            du_diag_hint(c->d, "the kinds are progress, pairings, indicators, briefings, "
                               "plan_briefings, feed and sitemap");
    }
}

static void du_load_site(du_lctx *c, const du_ynode *root, bool empty)
{
    static const char *const known[] = {"title", "publisher", "language", "base_url", "theme",
                                        "as_of", "cadence", "stale_days", "warn", "author",
                                        "company", "progress_page_size", "disable_pages", NULL};
    static const char *const warnkeys[] = {"yellow_points", "red_points", "blue_days", NULL};
    du_site *s = &c->m->site;
    if (empty) {
        du_err(c, root, "site.yaml is empty; it needs at least a title");
        return;
    }
    if (!du_need_map(c, root, "site.yaml"))
        return;
    du_check_keys(c, root, known);
    s->title = du_str(c, root, "title", true);
    const char *v;
    if ((v = du_str(c, root, "publisher", false)))
        s->publisher = v;
    if ((v = du_str(c, root, "language", false))) {
        if (strcmp(v, "zh-CN") && strcmp(v, "en"))
            du_err(c, du_ymap_get(root, "language"), "language should be zh-CN or en, not '%s'", v);
        else
            s->language = v;
    }
    if ((v = du_str(c, root, "base_url", false))) {
        if (strncmp(v, "https://", 8) && strncmp(v, "http://", 7))
            du_err(c, du_ymap_get(root, "base_url"), "base_url should start with https:// or http://");
        else
            s->base_url = v;
    }
    if ((v = du_str(c, root, "theme", false))) {
        if (!du_id_valid(v))
            du_err(c, du_ymap_get(root, "theme"), "invalid theme name '%s'", v);
        else
            s->theme = v;
    }
    if ((v = du_str(c, root, "author", false)))
        s->author = v;
    if ((v = du_str(c, root, "company", false)))
        s->company = v;
    const du_ynode *n = du_field(c, root, "as_of", false);
    if (n) {
        du_date d = du_date_of(c, n, "as_of");
        if (d != DU_DATE_NONE && s->as_of == DU_DATE_NONE)
            s->as_of = d;
    }
    if ((v = du_str(c, root, "cadence", false))) {
        if (!strcmp(v, "month")) s->cadence = DU_CAD_MONTH;
        else if (!strcmp(v, "quarter")) s->cadence = DU_CAD_QUARTER;
        else if (!strcmp(v, "year")) s->cadence = DU_CAD_YEAR;
        else du_err(c, du_ymap_get(root, "cadence"), "cadence should be month, quarter or year");
    }
    du_int_in(c, root, "stale_days", 1, 3650, &s->stale_days);
    du_int_in(c, root, "progress_page_size", 5, 10000, &s->page_size);
    du_load_disabled(c, du_ymap_get(root, "disable_pages"), s);
    const du_ynode *w = du_field(c, root, "warn", false);
    if (w && du_need_map(c, w, "warn")) {
        du_check_keys(c, w, warnkeys);
        du_int_in(c, w, "yellow_points", 0, 100, &s->yellow_points);
        du_int_in(c, w, "red_points", 0, 100, &s->red_points);
        du_int_in(c, w, "blue_days", 0, 3650, &s->blue_days);
        if (s->yellow_points > s->red_points)
            du_err(c, w, "yellow_points (%d) should not exceed red_points (%d)", s->yellow_points,
                   s->red_points);
    }
}

/* ---- units ---- */

static void du_load_units(du_lctx *c, const du_ynode *root, bool empty)
{
    static const char *const rootkeys[] = {"units", NULL};
    static const char *const known[] = {"id", "name", "short", "aliases", "region", "level",
                                        "parent", "collective", "notes", NULL};
    const du_ynode *l = du_root_list(c, root, "units", rootkeys, empty);
    for (size_t i = 0; l && i < l->n; i++) {
        const du_ynode *u = l->items[i];
        if (!du_need_map(c, u, "a unit"))
            continue;
        du_check_keys(c, u, known);
        du_unit *x = du_arena_alloc(&c->m->arena, sizeof *x);
        x->pos = du_at(c, u);
        x->id = du_id(c, u, "id");
        x->name = du_str(c, u, "name", true);
        x->short_name = du_str(c, u, "short", false);
        x->region = du_str(c, u, "region", true);
        x->level = du_str(c, u, "level", false);
        x->parent_id = du_str(c, u, "parent", false);
        x->notes = du_str(c, u, "notes", false);
        x->collective = du_bool(c, u, "collective", false);
        x->aliases = du_strlist(c, du_ymap_get(u, "aliases"), "aliases", &x->naliases, NULL);
        if (x->id && x->name && x->region)
            du_vec_push(&c->units, x);
        else
            c->m->units_incomplete = true;
    }
}

/* ---- pairings ---- */

static void du_load_pairings(du_lctx *c, const du_ynode *root, bool empty)
{
    static const char *const rootkeys[] = {"pairings", NULL};
    static const char *const known[] = {"id", "program", "district", "partner", "counties",
                                        "since", "source", "notes", NULL};
    const du_ynode *l = du_root_list(c, root, "pairings", rootkeys, empty);
    for (size_t i = 0; l && i < l->n; i++) {
        const du_ynode *p = l->items[i];
        if (!du_need_map(c, p, "a pairing"))
            continue;
        du_check_keys(c, p, known);
        du_pairing *x = du_arena_alloc(&c->m->arena, sizeof *x);
        x->pos = du_at(c, p);
        x->id = du_id(c, p, "id");
        x->program = du_str(c, p, "program", true);
        x->district = du_str(c, p, "district", true);
        x->partner = du_str(c, p, "partner", true);
        x->since = du_str(c, p, "since", false);
        x->source = du_str(c, p, "source", false);
        x->notes = du_str(c, p, "notes", false);
        x->counties = du_strlist(c, du_ymap_get(p, "counties"), "counties", &x->ncounties, NULL);
        if (x->id && x->program && x->district && x->partner)
            du_vec_push(&c->pairings, x);
    }
}

/* ---- plans ---- */

static du_unitref *du_unitrefs(du_lctx *c, du_plan *p, const du_ynode *v, const char *key,
                               size_t *n)
{
    *n = 0;
    if (!v || du_is_null(v))
        return NULL;
    du_arena *a = &c->m->arena;
    if (v->type == DU_Y_MAP) {
        size_t total = 0;
        for (size_t i = 0; i < v->n; i++)
            if (v->items[i]->type == DU_Y_SEQ)
                total += v->items[i]->n;
            else
                total++;
        du_unitref *out = du_arena_alloc(a, (total + 1) * sizeof *out);
        for (size_t i = 0; i < v->n; i++) {
            const char *side = du_keep(c, v->keys[i]);
            bool known = false;
            for (size_t k = 0; k < p->nsides; k++)
                known |= strcmp(p->sides[k], side) == 0;
            if (!known) {
                du_err(c, v->keys[i], "'%s' is not one of the plan's sides", side);
                if (p->nsides)
                    du_diag_hint(c->d, "the plan's sides are listed under 'sides:'");
                else
                    du_diag_hint(c->d, "add 'sides:' to the plan, or list the units without sides");
            }
            size_t m;
            const du_ynode **nodes = NULL;
            const char **names = du_strlist(c, v->items[i], key, &m, &nodes);
            for (size_t k = 0; k < m; k++) {
                out[*n].printed = names[k];
                out[*n].side = side;
                out[*n].pos = du_at(c, nodes[k]);
                (*n)++;
            }
        }
        return out;
    }
    size_t m;
    const du_ynode **nodes = NULL;
    const char **names = du_strlist(c, v, key, &m, &nodes);
    du_unitref *out = du_arena_alloc(a, (m + 1) * sizeof *out);
    for (size_t k = 0; k < m; k++) {
        out[k].printed = names[k];
        out[k].pos = du_at(c, nodes[k]);
    }
    *n = m;
    return out;
}

static du_item *du_load_item(du_lctx *c, du_plan *p, du_item *parent, const du_ynode *v,
                             du_vec *all, int depth)
{
    static const char *const known[] = {"id", "number", "title", "body", "units_text", "units",
                                        "lead", "due", "start", "weight", "task", "children",
                                        NULL};
    if (!du_need_map(c, v, "an item"))
        return NULL;
    du_check_keys(c, v, known);
    du_item *it = du_arena_alloc(&c->m->arena, sizeof *it);
    it->pos = du_at(c, v);
    it->plan = p;
    it->parent = parent;
    it->depth = depth;
    it->id = du_id(c, v, "id");
    it->number = du_str(c, v, "number", false);
    if (!it->number)
        it->number = "";
    it->title = du_str(c, v, "title", true);
    it->body = du_str(c, v, "body", false);
    it->units_text = du_str(c, v, "units_text", false);
    it->units = du_unitrefs(c, p, du_ymap_get(v, "units"), "units", &it->nunits);
    it->lead = du_unitrefs(c, p, du_ymap_get(v, "lead"), "lead", &it->nlead);
    it->start = du_date_field(c, v, "start", false);
    it->due = du_date_field(c, v, "due", false);
    it->weight = 1;
    if (du_num(c, v, "weight", false, &it->weight) && it->weight < 0) {
        du_err(c, du_ymap_get(v, "weight"), "weight should not be negative");
        it->weight = 1;
    }
    it->task = du_bool(c, v, "task", it->nunits > 0 || it->nlead > 0);
    if (!it->id || !it->title)
        return NULL;
    it->order = all->n;
    du_vec_push(all, it);
    const du_ynode *ch = du_field(c, v, "children", false);
    if (ch && ch->type != DU_Y_SEQ) {
        du_err(c, ch, "'children' should be a list, not %s", du_ytype_name(ch));
        ch = NULL;
    }
    if (ch) {
        it->children = du_arena_alloc(&c->m->arena, (ch->n + 1) * sizeof *it->children);
        for (size_t i = 0; i < ch->n; i++) {
            du_item *k = du_load_item(c, p, it, ch->items[i], all, depth + 1);
            if (k)
                it->children[it->nchildren++] = k;
        }
    }
    return it;
}

static int du_parse_cmp(const char *s, du_cmp *out)
{
    if (!strcmp(s, ">=") || !strcmp(s, "≥")) *out = DU_CMP_GE;
    else if (!strcmp(s, "<=") || !strcmp(s, "≤")) *out = DU_CMP_LE;
    else if (!strcmp(s, "=") || !strcmp(s, "==")) *out = DU_CMP_EQ;
    else return -1;
    return 0;
}

static void du_load_indicators(du_lctx *c, du_plan *p, const du_ynode *l)
{
    static const char *const known[] = {"id", "name", "unit", "baseline", "target", "compare",
                                        "mode", "nature", "category", "target_text", NULL};
    if (!l)
        return;
    if (l->type != DU_Y_SEQ) {
        du_err(c, l, "'indicators' should be a list, not %s", du_ytype_name(l));
        return;
    }
    p->indicators = du_arena_alloc(&c->m->arena, (l->n + 1) * sizeof *p->indicators);
    for (size_t i = 0; i < l->n; i++) {
        const du_ynode *v = l->items[i];
        if (!du_need_map(c, v, "an indicator"))
            continue;
        du_check_keys(c, v, known);
        du_indicator *x = du_arena_alloc(&c->m->arena, sizeof *x);
        x->pos = du_at(c, v);
        x->plan = p;
        x->id = du_id(c, v, "id");
        x->name = du_str(c, v, "name", true);
        x->unit = du_str(c, v, "unit", false);
        x->category = du_str(c, v, "category", false);
        x->target_text = du_str(c, v, "target_text", false);
        x->has_baseline = du_num(c, v, "baseline", false, &x->baseline);
        x->has_target = du_num(c, v, "target", false, &x->target);
        bool ok = true;
        if (!x->has_target && !x->target_text) {
            du_err(c, v, "an indicator needs a 'target' (a number) or a 'target_text'");
            ok = false;
        }
        const char *s = du_str(c, v, "compare", false);
        if (s && du_parse_cmp(s, &x->cmp) < 0)
            du_err(c, du_ymap_get(v, "compare"), "compare should be >=, <= or =, not '%s'", s);
        s = du_str(c, v, "mode", true);
        if (s && (!strcmp(s, "cumulative") || !strcmp(s, "累计")))
            x->mode = DU_MODE_CUMULATIVE;
        else if (s && (!strcmp(s, "annual") || !strcmp(s, "年均")))
            x->mode = DU_MODE_ANNUAL;
        else if (s)
            du_err(c, du_ymap_get(v, "mode"), "mode should be annual or cumulative, not '%s'", s);
        s = du_str(c, v, "nature", false);
        if (s && strcmp(s, "约束性") && strcmp(s, "预期性"))
            du_err(c, du_ymap_get(v, "nature"), "nature should be 约束性 or 预期性, not '%s'", s);
        x->nature = s;
        if (x->id && x->name && ok)
            p->indicators[p->nindicators++] = x;
    }
}

static void du_load_tables(du_lctx *c, du_plan *p, const du_ynode *l)
{
    static const char *const known[] = {"id", "caption", "unit", "columns", "rows", "note", NULL};
    if (!l)
        return;
    if (l->type != DU_Y_SEQ) {
        du_err(c, l, "'tables' should be a list, not %s", du_ytype_name(l));
        return;
    }
    p->tables = du_arena_alloc(&c->m->arena, (l->n + 1) * sizeof *p->tables);
    for (size_t i = 0; i < l->n; i++) {
        const du_ynode *v = l->items[i];
        if (!du_need_map(c, v, "a table"))
            continue;
        du_check_keys(c, v, known);
        /* the slot of a table that failed is reused: start it afresh */
        du_table *t = &p->tables[p->ntables];
        memset(t, 0, sizeof *t);
        t->id = du_id(c, v, "id");
        t->caption = du_str(c, v, "caption", true);
        t->unit = du_str(c, v, "unit", false);
        t->columns = du_strlist(c, du_field(c, v, "columns", true), "columns", &t->ncols, NULL);
        const du_ynode *rows = du_field(c, v, "rows", true);
        if (rows && rows->type != DU_Y_SEQ) {
            du_err(c, rows, "'rows' should be a list of lists");
            rows = NULL;
        }
        if (rows) {
            t->rows = du_arena_alloc(&c->m->arena, (rows->n + 1) * sizeof *t->rows);
            t->rowlen = du_arena_alloc(&c->m->arena, (rows->n + 1) * sizeof *t->rowlen);
            for (size_t r = 0; r < rows->n; r++) {
                if (rows->items[r]->type != DU_Y_SEQ) {
                    du_err(c, rows->items[r], "a table row should be a list of cells");
                    continue;
                }
                t->rows[t->nrows] = du_strlist(c, rows->items[r], "rows", &t->rowlen[t->nrows], NULL);
                if (t->rowlen[t->nrows] > t->ncols)
                    du_warn(c, rows->items[r], "row has %zu cells but the table has %zu columns",
                            t->rowlen[t->nrows], t->ncols);
                t->nrows++;
            }
        }
        if (t->id && t->caption)
            p->ntables++;
    }
}

static void du_load_figures(du_lctx *c, du_plan *p, const du_ynode *l)
{
    static const char *const known[] = {"id", "caption", "note", NULL};
    if (!l)
        return;
    if (l->type != DU_Y_SEQ) {
        du_err(c, l, "'figures' should be a list, not %s", du_ytype_name(l));
        return;
    }
    p->figures = du_arena_alloc(&c->m->arena, (l->n + 1) * sizeof *p->figures);
    for (size_t i = 0; i < l->n; i++) {
        const du_ynode *v = l->items[i];
        if (!du_need_map(c, v, "a figure"))
            continue;
        du_check_keys(c, v, known);
        du_figure *f = &p->figures[p->nfigures];
        f->id = du_id(c, v, "id");
        f->caption = du_str(c, v, "caption", true);
        f->note = du_str(c, v, "note", false);
        if (f->id && f->caption)
            p->nfigures++;
    }
}

static void du_load_basis(du_lctx *c, du_plan *p, const du_ynode *l)
{
    static const char *const known[] = {"plan", "doc", "title", NULL};
    if (!l)
        return;
    if (l->type != DU_Y_SEQ) {
        du_err(c, l, "'basis' should be a list, not %s", du_ytype_name(l));
        return;
    }
    p->basis = du_arena_alloc(&c->m->arena, (l->n + 1) * sizeof *p->basis);
    for (size_t i = 0; i < l->n; i++) {
        const du_ynode *v = l->items[i];
        if (!du_need_map(c, v, "a basis entry"))
            continue;
        du_check_keys(c, v, known);
        du_basis *b = &p->basis[p->nbasis];
        b->pos = du_at(c, v);
        b->plan_id = du_str(c, v, "plan", false);
        b->doc = du_str(c, v, "doc", false);
        b->title = du_str(c, v, "title", false);
        if (!b->plan_id && !b->doc) {
            du_err(c, v, "a basis entry needs 'plan' (an id of this site) or 'doc' (a document number)");
            continue;
        }
        p->nbasis++;
    }
}

static void du_item_defaults(du_lctx *c, du_plan *p, du_item *it)
{
    if (it->start == DU_DATE_NONE)
        it->start = it->parent ? it->parent->start : p->start;
    if (it->due == DU_DATE_NONE)
        it->due = it->parent ? it->parent->due : p->end;
    if (p->start != DU_DATE_NONE && p->end != DU_DATE_NONE &&
        (it->due < p->start || it->due > p->end))
        du_diag_add(c->d, it->pos.file, it->pos.line, it->pos.col, DU_ERROR,
                    "due date of item '%s' lies outside the plan's period", it->id);
    if (it->start != DU_DATE_NONE && it->due != DU_DATE_NONE && it->start > it->due)
        du_diag_add(c->d, it->pos.file, it->pos.line, it->pos.col, DU_ERROR,
                    "item '%s' starts after it is due", it->id);
    it->ref = du_arena_printf(&c->m->arena, "%s/%s", p->id, it->id);
    for (size_t i = 0; i < it->nchildren; i++)
        du_item_defaults(c, p, it->children[i]);
    it->has_tasks = it->task;
    for (size_t i = 0; i < it->nchildren; i++)
        it->has_tasks |= it->children[i]->has_tasks;
}

static int du_cmp_item_id(const void *a, const void *b)
{
    const du_item *x = *(du_item *const *)a, *y = *(du_item *const *)b;
    int r = strcmp(x->id, y->id);
    return r ? r : (x->order < y->order ? -1 : 1);
}

/* Sorts the plan's items by id into p->by_id (du_plan_item searches it)
 * and reports ids given twice. */
static void du_check_item_ids(du_lctx *c, du_plan *p)
{
    du_item **s = du_arena_alloc(&c->m->arena, (p->nitems + 1) * sizeof *s);
    if (p->nitems)
        memcpy(s, p->items, p->nitems * sizeof *s);
    qsort(s, p->nitems, sizeof *s, du_cmp_item_id);
    for (size_t i = 1; i < p->nitems; i++)
        if (!strcmp(s[i]->id, s[i - 1]->id))
            du_diag_add(c->d, s[i]->pos.file, s[i]->pos.line, s[i]->pos.col, DU_ERROR,
                        "duplicate item id '%s' (first at line %d)", s[i]->id, s[i - 1]->pos.line);
    p->by_id = s;
}

static void du_load_plan(du_lctx *c, const du_ynode *root, bool empty)
{
    static const char *const known[] = {
        "id", "title", "doc_number", "kind", "issuers", "signed", "issued", "period", "regions",
        "sides", "addressees", "public", "notice", "basis", "preamble", "items", "indicators",
        "tables", "figures", NULL};
    static const char *const periodkeys[] = {"start", "end", NULL};
    if (empty) {
        du_diag_add(c->d, root->file, 0, 0, DU_WARNING, "file is empty");
        return;
    }
    if (!du_need_map(c, root, "a plan file"))
        return;
    du_check_keys(c, root, known);
    du_arena *a = &c->m->arena;
    du_plan *p = du_arena_alloc(a, sizeof *p);
    p->pos = du_at(c, root);
    p->id = du_id(c, root, "id");
    p->title = du_str(c, root, "title", true);
    p->doc_number = du_str(c, root, "doc_number", false);
    p->kind = du_str(c, root, "kind", true);
    p->addressees = du_str(c, root, "addressees", false);
    p->notice = du_str(c, root, "notice", false);
    p->preamble = du_str(c, root, "preamble", false);
    p->is_public = du_bool(c, root, "public", false);
    p->issuers = du_strlist(c, du_field(c, root, "issuers", true), "issuers", &p->nissuers, NULL);
    p->regions = du_strlist(c, du_ymap_get(root, "regions"), "regions", &p->nregions, NULL);
    p->sides = du_strlist(c, du_ymap_get(root, "sides"), "sides", &p->nsides, NULL);
    p->signed_on = du_date_field(c, root, "signed", false);
    p->issued_on = du_date_field(c, root, "issued", false);
    p->start = p->end = DU_DATE_NONE;
    const du_ynode *per = du_field(c, root, "period", true);
    if (per && du_need_map(c, per, "period")) {
        du_check_keys(c, per, periodkeys);
        p->start = du_date_field(c, per, "start", true);
        p->end = du_date_field(c, per, "end", true);
        if (p->start != DU_DATE_NONE && p->end != DU_DATE_NONE && p->start > p->end)
            du_err(c, per, "the period ends before it starts");
    }
    du_load_basis(c, p, du_field(c, root, "basis", false));
    const du_ynode *items = du_field(c, root, "items", true);
    du_vec all = {0};
    if (items && items->type != DU_Y_SEQ) {
        du_err(c, items, "'items' should be a list, not %s", du_ytype_name(items));
        items = NULL;
    }
    if (items) {
        p->top = du_arena_alloc(a, (items->n + 1) * sizeof *p->top);
        for (size_t i = 0; i < items->n; i++) {
            du_item *it = du_load_item(c, p, NULL, items->items[i], &all, 0);
            if (it)
                p->top[p->ntop++] = it;
        }
    }
    p->items = du_arena_alloc(a, (all.n + 1) * sizeof *p->items);
    if (all.n)
        memcpy(p->items, all.v, all.n * sizeof *p->items);
    p->nitems = all.n;
    du_vec_free(&all);
    du_load_indicators(c, p, du_field(c, root, "indicators", false));
    du_load_tables(c, p, du_field(c, root, "tables", false));
    du_load_figures(c, p, du_field(c, root, "figures", false));
    if (!p->id || !p->title) {
        c->m->plans_incomplete = true;
        return;
    }
    for (size_t i = 0; i < p->ntop; i++)
        du_item_defaults(c, p, p->top[i]);
    du_check_item_ids(c, p);
    du_vec_push(&c->plans, p);
}

/* ---- progress ---- */

static void du_load_sources(du_lctx *c, du_entry *e, const du_ynode *l)
{
    static const char *const known[] = {"title", "outlet", "url", "date", NULL};
    if (!l)
        return;
    if (l->type != DU_Y_SEQ) {
        du_err(c, l, "'sources' should be a list, not %s", du_ytype_name(l));
        return;
    }
    e->sources = du_arena_alloc(&c->m->arena, (l->n + 1) * sizeof *e->sources);
    for (size_t i = 0; i < l->n; i++) {
        const du_ynode *v = l->items[i];
        if (!du_need_map(c, v, "a source"))
            continue;
        du_check_keys(c, v, known);
        du_source *s = &e->sources[e->nsources];
        s->title = du_str(c, v, "title", false);
        s->outlet = du_str_shared(c, v, "outlet", false);
        if (!s->title && !s->outlet) {
            du_err(c, v, "a source needs a 'title' or an 'outlet'");
            continue;
        }
        s->url = du_str(c, v, "url", false);
        s->date = du_date_field(c, v, "date", false);
        if (s->url && strncmp(s->url, "https://", 8) && strncmp(s->url, "http://", 7)) {
            du_err(c, du_ymap_get(v, "url"), "a source url must start with https:// or http://");
            s->url = NULL;
        }
        if (s->url)
            for (const char *q = s->url; *q; q++)
                if ((unsigned char)*q <= ' ' || *q == '"' || *q == '<' || *q == '>' || *q == '\\') {
                    du_err(c, du_ymap_get(v, "url"), "a source url may not contain spaces, quotes or angle brackets");
                    s->url = NULL;
                    break;
                }
        e->nsources++;
    }
}

static void du_load_values(du_lctx *c, du_entry *e, const du_ynode *v)
{
    if (!v)
        return;
    if (!du_need_map(c, v, "'values'"))
        return;
    e->values = du_arena_alloc(&c->m->arena, (v->n + 1) * sizeof *e->values);
    for (size_t i = 0; i < v->n; i++) {
        du_ivalue *x = &e->values[e->nvalues];
        x->pos = du_at(c, v->keys[i]);
        x->ref = du_keep_shared(c, v->keys[i]);
        if (du_num_of(c, v->items[i], x->ref, &x->value))
            e->nvalues++;
    }
}

static void du_load_progress(du_lctx *c, const du_ynode *root, bool empty)
{
    static const char *const rootkeys[] = {"entries", NULL};
    static const char *const known[] = {"date", "item", "unit", "status", "percent",
                                        "summary", "values", "sources", NULL};
    const du_ynode *l = du_root_list(c, root, "entries", rootkeys, empty);
    for (size_t i = 0; l && i < l->n; i++) {
        const du_ynode *v = l->items[i];
        if (!du_need_map(c, v, "an entry"))
            continue;
        du_check_keys(c, v, known);
        du_entry *e = du_arena_alloc(&c->m->arena, sizeof *e);
        e->pos = du_at(c, v);
        e->seq = c->seq++;
        e->date = du_date_field(c, v, "date", true);
        e->item_ref = du_str_shared(c, v, "item", true);
        e->unit_printed = du_str_shared(c, v, "unit", false);
        e->item_pos = e->unit_pos = e->pos;
        if (e->item_ref)
            e->item_pos = du_at(c, du_ymap_get(v, "item"));
        if (e->unit_printed)
            e->unit_pos = du_at(c, du_ymap_get(v, "unit"));
        e->summary = du_str(c, v, "summary", true);
        if (e->summary && strstr(e->summary, DU_SUMMARY_PLACEHOLDER))
            du_warn(c, du_ymap_get(v, "summary"),
                    "summary still holds the placeholder text of 'duban new progress'");
        e->status = DU_ST_NONE;
        e->percent = -1;
        const char *s = du_str_now(c, v, "status");
        if (s) {
            e->status = du_status_parse(s);
            if (e->status == DU_ST_NONE) {
                du_err(c, du_ymap_get(v, "status"), "unknown status '%s'", s);
                du_diag_hint(c->d, "use 未启动, 推进中, 已完成, 滞后 or 暂停");
            }
        }
        double pct;
        if (du_num(c, v, "percent", false, &pct)) {
            if (pct < 0 || pct > 100)
                du_err(c, du_ymap_get(v, "percent"), "percent should be from 0 to 100, not %g", pct);
            else
                e->percent = pct;
        }
        du_load_values(c, e, du_field(c, v, "values", false));
        du_load_sources(c, e, du_field(c, v, "sources", false));
        if (e->date != DU_DATE_NONE && e->item_ref && e->summary)
            du_vec_push(&c->entries, e);
    }
}

/* ---- driver ---- */

typedef void (*du_loader)(du_lctx *, const du_ynode *, bool);

/* What loading a file makes of it once its YAML tree is built. */
static void du_load_tree(du_lctx *c, const du_file *f, du_ynode *root, bool empty, uint64_t hash,
                         du_loader fn)
{
    c->m->nfiles++;
    c->file = du_arena_strdup(&c->m->arena, f->display);
    if (hash) {
        du_file_hash *h = du_arena_take(&c->m->arena, sizeof *h);
        *h = (du_file_hash){c->file, hash};
        du_vec_push(&c->m->file_hashes, h);
    }
    if (root)
        fn(c, root, empty);
    if (root)
        return;
    if (fn == du_load_units)
        c->m->units_incomplete = true;
    else if (fn == du_load_plan)
        c->m->plans_incomplete = true;
}

static void du_load_one(du_lctx *c, const du_file *f, du_loader fn)
{
    bool empty = false;
    du_arena tree;
    du_arena_init(&tree);
    uint64_t hash;
    du_ynode *root = du_yaml_load_file(&tree, f->path, f->display, &empty, &hash, c->d);
    du_load_tree(c, f, root, empty, hash, fn);
    du_arena_free(&tree);
}

/* ---- reading ahead ----
 * Building a file's YAML tree is most of the cost of loading and needs
 * nothing from the model, so other threads (one per further processor)
 * build the trees of the next files while this one turns the trees into
 * model objects, in order. When the next tree is not ready, this thread
 * builds the tree of the next file not yet begun rather than wait: a
 * thread only making model objects, beside as many building trees as
 * there are processors, left a fifth of the loading's processor time
 * idle. The model is made by this thread alone (its memory comes from
 * one thread's heap, not mixed with the trees' in another's).
 * Files are still taken in order, each file's diagnostics recorded when
 * it is taken, so the model and the messages are those of a one-thread
 * load. */

#define DU_AHEAD 8         /* trees built ahead at most */
#define DU_AHEAD_THREADS 4 /* threads besides this one, at most */

typedef struct du_parsed {
    du_arena tree;
    du_ynode *root;
    uint64_t hash;
    bool empty, ready;
    du_diag d;
} du_parsed;

typedef struct du_ahead {
    du_lctx *c;
    du_loader fn;
    const du_filelist *l;
    du_parsed slot[DU_AHEAD];
    size_t taken;          /* files turned into model objects */
    size_t next;           /* next file to build a tree for */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} du_ahead;

/* Build the tree of the next file not yet begun, if the window has room;
 * called and returns with a->mu held. */
static bool du_ahead_build(du_ahead *a)
{
    if (a->next >= a->l->n || a->next >= a->taken + DU_AHEAD)
        return false;
    size_t i = a->next++;
    pthread_mutex_unlock(&a->mu);
    du_parsed *q = &a->slot[i % DU_AHEAD];
    du_arena_init(&q->tree);
    du_diag_init(&q->d);
    q->empty = false;
    q->root = du_yaml_load_file(&q->tree, a->l->v[i].path, a->l->v[i].display, &q->empty,
                                &q->hash, &q->d);
    pthread_mutex_lock(&a->mu);
    q->ready = true;
    pthread_cond_broadcast(&a->cv);
    return true;
}

/* The other threads: trees until every file has one. */
static void du_ahead_builder(du_ahead *a)
{
    pthread_mutex_lock(&a->mu);
    while (a->next < a->l->n)
        if (!du_ahead_build(a))
            pthread_cond_wait(&a->cv, &a->mu);
    pthread_mutex_unlock(&a->mu);
}

/* This thread: each file's model objects in order, trees between. */
static void du_ahead_loader(du_ahead *a)
{
    pthread_mutex_lock(&a->mu);
    while (a->taken < a->l->n) {
        du_parsed *p = &a->slot[a->taken % DU_AHEAD];
        if (!p->ready) {
            if (!du_ahead_build(a))
                pthread_cond_wait(&a->cv, &a->mu);
            continue;
        }
        size_t i = a->taken;
        pthread_mutex_unlock(&a->mu);
        du_diag_merge(a->c->d, &p->d);
        du_load_tree(a->c, &a->l->v[i], p->root, p->empty, p->hash, a->fn);
        du_diag_free(&p->d);
        du_arena_free(&p->tree);
        pthread_mutex_lock(&a->mu);
        p->ready = false;
        a->taken = i + 1;
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
}

static void *du_ahead_thread(void *arg)
{
    du_ahead_builder(arg);
    return NULL;
}

/* Load the files of l in order, with up to nthreads other threads. */
static void du_load_ahead(du_lctx *c, const du_filelist *l, du_loader fn, size_t nthreads)
{
    du_ahead a;
    memset(&a, 0, sizeof a);
    a.c = c;
    a.fn = fn;
    a.l = l;
    pthread_mutex_init(&a.mu, NULL);
    pthread_cond_init(&a.cv, NULL);
    pthread_t tid[DU_AHEAD_THREADS];
    size_t started = 0;
    while (started < nthreads && started < DU_AHEAD_THREADS &&
           pthread_create(&tid[started], NULL, du_ahead_thread, &a) == 0)
        started++;
    du_ahead_loader(&a); /* alone, when no other thread could start */
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_cond_destroy(&a.cv);
    pthread_mutex_destroy(&a.mu);
}

static void du_load_list(du_lctx *c, const char *sub, int recurse, du_loader fn)
{
    du_filelist l = {0};
    du_content_list(c->m->root, sub, recurse, &l, c->d);
    if (l.n >= 2 && c->threads >= 2)
        du_load_ahead(c, &l, fn, c->threads - 1);
    else
        for (size_t i = 0; i < l.n; i++)
            du_load_one(c, &l.v[i], fn);
    du_filelist_free(&l);
}

static void du_site_defaults(du_site *s)
{
    memset(s, 0, sizeof *s);
    s->language = "zh-CN";
    s->theme = "default";
    s->as_of = DU_DATE_NONE;
    s->cadence = DU_CAD_QUARTER;
    s->stale_days = 90;
    s->yellow_points = 10;
    s->red_points = 30;
    s->blue_days = 30;
    s->page_size = 50;
}

static void *du_vec_to_arena(du_arena *a, du_vec *v, size_t *n)
{
    void **out = du_arena_alloc(a, (v->n + 1) * sizeof *out);
    if (v->n)
        memcpy(out, v->v, v->n * sizeof *out);
    *n = v->n;
    du_vec_free(v);
    return out;
}

static void du_load_begin(du_model *m, const char *root, du_date as_of)
{
    memset(m, 0, sizeof *m);
    du_arena_init(&m->arena);
    m->root = du_arena_strdup(&m->arena, root);
    du_site_defaults(&m->site);
    m->site.as_of = as_of;
}

static void du_load_finish(du_lctx *c)
{
    du_model *m = c->m;
    free(c->interned);
    c->interned = NULL;
    c->nslots = c->ninterned = 0;
    if (m->site.as_of == DU_DATE_NONE)
        m->site.as_of = du_date_today();
    if (!m->site.title)
        m->site.title = "";
    if (!m->site.publisher)
        m->site.publisher = m->site.title;
    if (!m->site.author)
        m->site.author = m->site.publisher;
    if (!m->site.company)
        m->site.company = "";
    m->units = du_vec_to_arena(&m->arena, &c->units, &m->nunits);
    m->plans = du_vec_to_arena(&m->arena, &c->plans, &m->nplans);
    m->pairings = du_vec_to_arena(&m->arena, &c->pairings, &m->npairings);
    m->entries = du_vec_to_arena(&m->arena, &c->entries, &m->nentries);
}

void du_load_mem(du_model *m, const du_memdoc *docs, size_t n, du_date as_of, du_diag *d)
{
    static const du_loader fns[] = {du_load_site, du_load_units, du_load_pairings, du_load_plan,
                                    du_load_progress};
    du_load_begin(m, ".", as_of);
    du_lctx c = {.m = m,
                 .d = d,
                 .date_max = du_date_from_ymd(DU_YEAR_MAX, 12, 31)};
    for (size_t i = 0; i < n; i++) {
        bool empty = false;
        du_arena tree;
        du_arena_init(&tree);
        du_ynode *root = du_yaml_load_mem(&tree, docs[i].buf, docs[i].len, docs[i].display,
                                          &empty, d);
        m->nfiles++;
        c.file = du_arena_strdup(&m->arena, docs[i].display);
        if (root && (unsigned)docs[i].kind < sizeof fns / sizeof *fns)
            fns[docs[i].kind](&c, root, empty);
        du_arena_free(&tree);
    }
    du_load_finish(&c);
}

int du_load(du_model *m, const char *root, du_date as_of, du_diag *d)
{
    return du_load_jobs(m, root, as_of, 0, d);
}

int du_load_jobs(du_model *m, const char *root, du_date as_of, int jobs, du_diag *d)
{
    du_load_begin(m, root, as_of);
    du_buf dir = DU_BUF_INIT;
    du_buf_init(&dir);
    du_buf_printf(&dir, "%s/content", root);
    struct stat st;
    int ok = stat(dir.ptr, &st) == 0 && S_ISDIR(st.st_mode);
    du_buf_free(&dir);
    if (!ok) {
        du_diag_add(d, NULL, 0, 0, DU_ERROR, "no content/ folder in '%s'", root);
        return -1;
    }
    du_lctx c = {.m = m,
                 .d = d,
                 .date_max = du_date_from_ymd(DU_YEAR_MAX, 12, 31),
                 .threads = du_jobs_threads(jobs)};
    du_file f;
    int r = du_content_file(root, "site.yaml", &f, d);
    if (r == 1) {
        du_load_one(&c, &f, du_load_site);
        du_file_free(&f);
    } else if (r == 0) {
        du_diag_add(d, "content/site.yaml", 0, 0, DU_ERROR, "missing: the site needs a site.yaml with at least a title");
    }
    if (du_content_file(root, "units.yaml", &f, d) == 1) {
        du_load_one(&c, &f, du_load_units);
        du_file_free(&f);
    }
    du_load_list(&c, "units", 1, du_load_units);
    if (du_content_file(root, "pairings.yaml", &f, d) == 1) {
        du_load_one(&c, &f, du_load_pairings);
        du_file_free(&f);
    }
    du_load_list(&c, "plans", 0, du_load_plan);
    du_load_list(&c, "progress", 1, du_load_progress);
    du_load_finish(&c);
    return 0;
}
