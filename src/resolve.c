/* resolve.c - cross-file references, uniqueness and ordering. */
#include "resolve.h"
#include "jobs.h"
#include "buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *name;
    du_unit *unit;
} du_uname;

/* The name index is rebuilt per model; kept in a static only during
 * du_resolve, then freed. Lookups after that scan the units. */
typedef struct {
    du_uname *v;
    size_t n;
} du_unames;

static int du_uname_cmp(const void *a, const void *b)
{
    const du_uname *x = a, *y = b;
    int r = strcmp(x->name, y->name);
    if (r)
        return r;
    return strcmp(x->unit->id, y->unit->id);
}

static void du_unames_add(du_unames *ix, size_t *cap, const char *name, du_unit *u)
{
    if (!name || !*name)
        return;
    for (size_t i = ix->n; i-- > 0 && ix->v[i].unit == u;)
        if (strcmp(ix->v[i].name, name) == 0)
            return; /* the same unit lists the name twice: harmless */
    if (ix->n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        ix->v = du_xrealloc(ix->v, *cap * sizeof *ix->v);
    }
    ix->v[ix->n].name = name;
    ix->v[ix->n].unit = u;
    ix->n++;
}

static void du_unames_build(const du_model *m, du_unames *ix)
{
    size_t cap = 0;
    ix->v = NULL;
    ix->n = 0;
    for (size_t i = 0; i < m->nunits; i++) {
        du_unit *u = m->units[i];
        du_unames_add(ix, &cap, u->name, u);
        du_unames_add(ix, &cap, u->short_name, u);
        for (size_t k = 0; k < u->naliases; k++)
            du_unames_add(ix, &cap, u->aliases[k], u);
    }
    if (ix->n)
        qsort(ix->v, ix->n, sizeof *ix->v, du_uname_cmp);
}

/* Range [lo, hi) of entries with this name. */
static void du_unames_range(const du_unames *ix, const char *name, size_t *lo, size_t *hi)
{
    size_t a = 0, b = ix->n;
    while (a < b) {
        size_t mid = (a + b) / 2;
        if (strcmp(ix->v[mid].name, name) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    *lo = a;
    size_t e = a;
    while (e < ix->n && strcmp(ix->v[e].name, name) == 0)
        e++;
    *hi = e;
}

static du_unit *du_unames_find(const du_unames *ix, const char *name, const char *side,
                               bool *ambiguous)
{
    size_t lo, hi;
    *ambiguous = false;
    du_unames_range(ix, name, &lo, &hi);
    if (lo == hi)
        return NULL;
    if (side) {
        du_unit *found = NULL;
        size_t count = 0;
        for (size_t i = lo; i < hi; i++)
            if (strcmp(ix->v[i].unit->region, side) == 0) {
                found = ix->v[i].unit;
                count++;
            }
        if (count == 1)
            return found;
        if (count > 1) {
            *ambiguous = true;
            return NULL;
        }
    }
    if (hi - lo == 1)
        return ix->v[lo].unit;
    /* several units share the name: not ambiguous when all but one are
     * restricted to a side region the caller did not ask for */
    *ambiguous = true;
    return NULL;
}

du_unit *du_resolve_unit(const du_model *m, const char *name, const char *side, bool *ambiguous)
{
    du_unames ix;
    du_unames_build(m, &ix);
    du_unit *u = du_unames_find(&ix, name, side, ambiguous);
    free(ix.v);
    return u;
}

/* The closest known name, for "did you mean" hints; NULL when none is close. */
static const char *du_unames_suggest(const du_unames *ix, const char *name)
{
    const char *best = NULL;
    int bestd = 3;
    for (size_t i = 0; i < ix->n; i++) {
        int d = du_edit_distance(name, ix->v[i].name, 2);
        if (d < bestd) {
            bestd = d;
            best = ix->v[i].name;
        }
    }
    return best;
}

static bool du_quiet_units; /* a unit file failed to load: avoid a cascade */

static void du_resolve_ref(const du_unames *ix, du_unitref *r, du_diag *d)
{
    bool amb;
    r->unit = du_unames_find(ix, r->printed, r->side, &amb);
    if (r->unit || (du_quiet_units && !amb))
        return;
    if (amb) {
        du_diag_add(d, r->pos.file, r->pos.line, r->pos.col, DU_ERROR,
                    "ambiguous unit '%s': several units have this name", r->printed);
        du_diag_hint(d, "list it under a side, or use the full name");
        return;
    }
    du_diag_add(d, r->pos.file, r->pos.line, r->pos.col, DU_ERROR, "unknown unit '%s'", r->printed);
    const char *s = du_unames_suggest(ix, r->printed);
    if (s)
        du_diag_hint(d, "did you mean '%s'?", s);
    else
        du_diag_hint(d, "add it to content/units.yaml");
}

/* Equal ids (a duplicate) keep file order, so "first in" names the first
 * definition whatever qsort does with ties. */
static int du_id_pos_cmp(const char *x, const du_pos *px, const char *y, const du_pos *py)
{
    int r = strcmp(x, y);
    if (r)
        return r;
    r = strcmp(px->file ? px->file : "", py->file ? py->file : "");
    if (r)
        return r;
    return px->line < py->line ? -1 : px->line > py->line;
}

static int du_unit_cmp(const void *a, const void *b)
{
    const du_unit *x = *(du_unit *const *)a, *y = *(du_unit *const *)b;
    return du_id_pos_cmp(x->id, &x->pos, y->id, &y->pos);
}

static int du_plan_cmp(const void *a, const void *b)
{
    const du_plan *x = *(du_plan *const *)a, *y = *(du_plan *const *)b;
    return du_id_pos_cmp(x->id, &x->pos, y->id, &y->pos);
}

static int du_pairing_cmp(const void *a, const void *b)
{
    const du_pairing *x = *(du_pairing *const *)a, *y = *(du_pairing *const *)b;
    return du_id_pos_cmp(x->id, &x->pos, y->id, &y->pos);
}

/* An entry's sort key, copied beside it: sorting then reads keys in one
 * array instead of fetching two entries from the arena for every
 * comparison (entries lie in file order, not date order). The key is the
 * date (its sign bit flipped, so unsigned order is the dates' order) over
 * the read order, which is unique: any correct sort gives the one order. */
typedef struct {
    uint64_t key;
    du_entry *e;
} du_ekey;

/* For more entries than 32 bits count, which the key cannot hold. */
static int du_ekey_cmp(const void *a, const void *b)
{
    const du_entry *x = ((const du_ekey *)a)->e, *y = ((const du_ekey *)b)->e;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Least significant digit first, sixteen bits at a pass; a pass where every
 * key has the same digit (the high bits of dates close together) is
 * skipped. Each pass is stable, so the result is sorted by the whole key. */
static void du_ekey_radix(du_ekey *k, size_t n)
{
    enum { BITS = 16, SIZE = 1 << BITS };
    du_ekey *tmp = du_xmalloc(n * sizeof *tmp), *from = k, *to = tmp;
    size_t *count = du_xmalloc(SIZE * sizeof *count);
    for (unsigned shift = 0; shift < 64; shift += BITS) {
        memset(count, 0, SIZE * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(from[i].key >> shift) & (SIZE - 1)]++;
        if (count[(from[0].key >> shift) & (SIZE - 1)] == n)
            continue;
        size_t sum = 0;
        for (size_t d = 0; d < SIZE; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].key >> shift) & (SIZE - 1)]++] = from[i];
        du_ekey *t = from;
        from = to;
        to = t;
    }
    if (from != k)
        memcpy(k, from, n * sizeof *k);
    free(count);
    free(tmp);
}

/* Entries by date, then by the order they were read in. */
static void du_sort_entries(du_model *m)
{
    size_t n = m->nentries;
    du_ekey *k = du_xmalloc((n + 1) * sizeof *k);
    bool fits = n <= UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        const du_entry *e = m->entries[i];
        fits = fits && e->seq <= UINT32_MAX;
        k[i] = (du_ekey){(uint64_t)((uint32_t)e->date ^ UINT32_C(0x80000000)) << 32 |
                             (uint32_t)e->seq,
                         m->entries[i]};
    }
    if (fits && n > 1)
        du_ekey_radix(k, n);
    else if (n > 1)
        qsort(k, n, sizeof *k, du_ekey_cmp);
    for (size_t i = 0; i < n; i++)
        m->entries[i] = k[i].e;
    free(k);
}

#define DU_DUP_CHECK(arr, n, what)                                                              \
    for (size_t i_ = 1; i_ < (n); i_++)                                                        \
        if (strcmp((arr)[i_]->id, (arr)[i_ - 1]->id) == 0)                                     \
            du_diag_add(d, (arr)[i_]->pos.file, (arr)[i_]->pos.line, (arr)[i_]->pos.col,       \
                        DU_ERROR, "duplicate " what " id '%s' (first in %s:%d)", (arr)[i_]->id, \
                        (arr)[i_ - 1]->pos.file, (arr)[i_ - 1]->pos.line);

static void du_resolve_parents(du_model *m, du_diag *d)
{
    for (size_t i = 0; i < m->nunits; i++) {
        du_unit *u = m->units[i];
        if (!u->parent_id)
            continue;
        u->parent = du_model_unit(m, u->parent_id);
        if (!u->parent && !m->units_incomplete)
            du_diag_add(d, u->pos.file, u->pos.line, u->pos.col, DU_ERROR,
                        "unit '%s' names an unknown parent '%s'", u->id, u->parent_id);
    }
    /* u is in a cycle when its parent chain comes back to u; a unit whose
     * chain only runs into someone else's cycle is not */
    for (size_t i = 0; i < m->nunits; i++) {
        du_unit *u = m->units[i];
        size_t steps = 0;
        du_unit *p = u->parent;
        while (p && p != u && steps++ < m->nunits)
            p = p->parent;
        if (p == u) {
            du_diag_add(d, u->pos.file, u->pos.line, u->pos.col, DU_ERROR,
                        "unit '%s' is its own ancestor (a cycle of 'parent')", u->id);
            u->parent = NULL;
        }
    }
}

/* Depth-first search for cycles of basis references. colour: 0 new,
 * 1 on the stack, 2 done; path holds the plans on the stack, so the
 * message can name the whole cycle. */
static void du_basis_dfs(du_plan *p, unsigned char *colour, du_plan **path, size_t depth,
                         du_diag *d)
{
    colour[p->index] = 1;
    path[depth] = p;
    for (size_t i = 0; i < p->nbasis; i++) {
        du_plan *q = p->basis[i].plan;
        if (!q)
            continue;
        if (colour[q->index] == 1) {
            du_buf cyc = DU_BUF_INIT;
            du_buf_init(&cyc);
            size_t from = depth;
            while (path[from] != q)
                from--;
            for (size_t k = from; k <= depth; k++)
                du_buf_printf(&cyc, "'%s' → ", path[k]->id);
            du_buf_printf(&cyc, "'%s'", q->id);
            du_diag_add(d, p->basis[i].pos.file, p->basis[i].pos.line, p->basis[i].pos.col,
                        DU_ERROR, "basis references form a cycle: %s", cyc.ptr);
            du_buf_free(&cyc);
            p->basis[i].plan = NULL;
        } else if (colour[q->index] == 0) {
            du_basis_dfs(q, colour, path, depth + 1, d);
        }
    }
    colour[p->index] = 2;
}

/* Plans' items and entries are resolved in ranges on several threads
 * when there are many (at 200,000 entries, walks over objects scattered
 * in memory that ran between loading and deriving with one processor
 * idle). Each range's problems go to a list of its own, merged in range
 * order: the same messages in the same order as from one thread. */
#define DU_RESOLVE_SPLIT 20000      /* fewer entries: one thread */
#define DU_RESOLVE_SPLIT_ITEMS 5000 /* fewer items in all plans: one thread */
#define DU_RESOLVE_THREADS 4

typedef void (*du_range_fn)(du_model *m, const du_unames *ix, size_t from, size_t to,
                            du_diag *d);

typedef struct du_rjob {
    du_range_fn fn;
    du_model *m;
    const du_unames *ix;
    size_t from, to;
    du_diag d;
    pthread_t tid;
} du_rjob;

static void *du_range_run(void *arg)
{
    du_rjob *j = arg;
    j->fn(j->m, j->ix, j->from, j->to, &j->d);
    return NULL;
}

/* fn over [0, n): in one call, or when split in one range per thread of
 * `jobs` (0: one per processor). */
static void du_in_ranges(du_model *m, const du_unames *ix, size_t n, bool split, int jobs,
                         du_range_fn fn, du_diag *d)
{
    size_t t = !split || n < 2 ? 1 : du_jobs_threads(jobs);
    if (t > DU_RESOLVE_THREADS)
        t = DU_RESOLVE_THREADS;
    if (t == 1) {
        fn(m, ix, 0, n, d);
        return;
    }
    du_rjob part[DU_RESOLVE_THREADS];
    bool started[DU_RESOLVE_THREADS] = {false};
    for (size_t i = 0; i < t; i++) {
        part[i] = (du_rjob){.fn = fn, .m = m, .ix = ix, .from = n * i / t, .to = n * (i + 1) / t};
        du_diag_init(&part[i].d);
    }
    for (size_t i = 1; i < t; i++)
        started[i] = pthread_create(&part[i].tid, NULL, du_range_run, &part[i]) == 0;
    fn(m, ix, part[0].from, part[0].to, d);
    for (size_t i = 1; i < t; i++) {
        if (started[i])
            pthread_join(part[i].tid, NULL);
        else
            fn(m, ix, part[i].from, part[i].to, &part[i].d);
        du_diag_merge(d, &part[i].d);
        du_diag_free(&part[i].d);
    }
}

/* The plans [from, to): numbered, their basis plans, the units of their
 * items and their indicators' ids checked. Reads the other plans, writes
 * only these. */
static void du_resolve_plan_range(du_model *m, const du_unames *ix, size_t from, size_t to,
                                  du_diag *d)
{
    for (size_t i = from; i < to; i++) {
        du_plan *p = m->plans[i];
        p->index = i;
        for (size_t k = 0; k < p->nbasis; k++) {
            du_basis *b = &p->basis[k];
            if (!b->plan_id)
                continue;
            b->plan = du_model_plan(m, b->plan_id);
            if (!b->plan)
                du_diag_add(d, b->pos.file, b->pos.line, b->pos.col, DU_ERROR,
                            "basis names an unknown plan '%s'", b->plan_id);
        }
        for (size_t k = 0; k < p->nitems; k++) {
            du_item *it = p->items[k];
            for (size_t j = 0; j < it->nunits; j++)
                du_resolve_ref(ix, &it->units[j], d);
            for (size_t j = 0; j < it->nlead; j++)
                du_resolve_ref(ix, &it->lead[j], d);
        }
        for (size_t k = 1; k < p->nindicators; k++)
            for (size_t j = 0; j < k; j++)
                if (!strcmp(p->indicators[k]->id, p->indicators[j]->id))
                    du_diag_add(d, p->indicators[k]->pos.file, p->indicators[k]->pos.line,
                                p->indicators[k]->pos.col, DU_ERROR,
                                "duplicate indicator id '%s'", p->indicators[k]->id);
    }
}

static void du_resolve_plans(du_model *m, const du_unames *ix, int jobs, du_diag *d)
{
    size_t nitems = 0, ninds = 0;
    for (size_t i = 0; i < m->nplans; i++) {
        nitems += m->plans[i]->nitems;
        ninds += m->plans[i]->nindicators;
    }
    du_in_ranges(m, ix, m->nplans, nitems >= DU_RESOLVE_SPLIT_ITEMS, jobs, du_resolve_plan_range,
                 d);
    unsigned char *colour = du_xcalloc(m->nplans + 1, 1);
    du_plan **path = du_xcalloc(m->nplans + 1, sizeof *path);
    for (size_t i = 0; i < m->nplans; i++)
        if (!colour[i])
            du_basis_dfs(m->plans[i], colour, path, 0, d);
    free(path);
    free(colour);
    m->items = du_arena_alloc(&m->arena, (nitems + 1) * sizeof *m->items);
    m->indicators = du_arena_alloc(&m->arena, (ninds + 1) * sizeof *m->indicators);
    for (size_t i = 0; i < m->nplans; i++) {
        du_plan *p = m->plans[i];
        for (size_t k = 0; k < p->nitems; k++) {
            p->items[k]->gindex = m->nitems;
            m->items[m->nitems++] = p->items[k];
        }
        for (size_t k = 0; k < p->nindicators; k++) {
            p->indicators[k]->gindex = m->nindicators;
            m->indicators[m->nindicators++] = p->indicators[k];
        }
    }
}

static du_indicator *du_find_indicator(const du_model *m, const du_item *it, const char *ref)
{
    const char *slash = strchr(ref, '/');
    if (!slash)
        return it ? du_plan_indicator(it->plan, ref) : NULL;
    char pid[128];
    if ((size_t)(slash - ref) >= sizeof pid)
        return NULL;
    memcpy(pid, ref, (size_t)(slash - ref));
    pid[slash - ref] = '\0';
    du_plan *p = du_model_plan(m, pid);
    return p ? du_plan_indicator(p, slash + 1) : NULL;
}

/* The plan named by "plan-id/item-id", when it loaded. */
static du_plan *du_ref_plan(const du_model *m, const char *ref)
{
    const char *slash = strchr(ref, '/');
    char pid[128];
    if (!slash || (size_t)(slash - ref) >= sizeof pid)
        return NULL;
    memcpy(pid, ref, (size_t)(slash - ref));
    pid[slash - ref] = '\0';
    return du_model_plan(m, pid);
}

/* What a text resolved to, by the text's address: entries repeat a few
 * hundred item references and unit names, kept once each by the loader
 * (load.c), over hundreds of thousands of entries. Direct-mapped: a slot
 * taken by another text is simply replaced. */
#define DU_RCACHE 1024

typedef struct du_rcache {
    const char *key;
    void *val;
} du_rcache;

static du_rcache *du_rcache_slot(du_rcache *c, const char *key)
{
    uintptr_t h = (uintptr_t)key;
    return &c[(h ^ (h >> 10)) / 16 % DU_RCACHE];
}

/* The entries [from, to): their items, units and indicators found, their
 * dates checked. Reads the model, writes only those entries. */
static void du_resolve_entry_range(du_model *m, const du_unames *ix, size_t from, size_t to,
                             du_diag *d)
{
    char day[11], lim[11];
    du_rcache *items = du_xcalloc(DU_RCACHE, sizeof *items);
    du_rcache *units = du_xcalloc(DU_RCACHE, sizeof *units);
    for (size_t i = from; i < to; i++) {
        du_entry *e = m->entries[i];
        du_rcache *ic = du_rcache_slot(items, e->item_ref);
        if (ic->key != e->item_ref) {
            ic->key = e->item_ref;
            ic->val = du_model_item_ref(m, e->item_ref);
        }
        e->item = ic->val;
        if (!e->item && m->plans_incomplete && !du_ref_plan(m, e->item_ref)) {
            /* the plan may be in the file that failed to load */
        } else if (!e->item) {
            du_diag_add(d, e->item_pos.file, e->item_pos.line, e->item_pos.col, DU_ERROR,
                        "unknown item '%s'", e->item_ref);
            if (!strchr(e->item_ref, '/'))
                du_diag_hint(d, "write PLAN-ID/ITEM-ID");
            else if (!du_model_item_ref(m, e->item_ref) && strchr(e->item_ref, '/')) {
                char pid[128];
                size_t n = (size_t)(strchr(e->item_ref, '/') - e->item_ref);
                if (n < sizeof pid) {
                    memcpy(pid, e->item_ref, n);
                    pid[n] = '\0';
                    if (!du_model_plan(m, pid))
                        du_diag_hint(d, "there is no plan '%s'", pid);
                }
            }
        } else if (!e->item->has_tasks) {
            du_diag_add(d, e->item_pos.file, e->item_pos.line, e->item_pos.col, DU_WARNING,
                        "item '%s' is not a task; its progress is not followed", e->item_ref);
            du_diag_hint(d, "add 'task: true' to the item, or report on one of its tasks");
        }
        if (e->unit_printed) {
            du_rcache *uc = du_rcache_slot(units, e->unit_printed);
            if (uc->key == e->unit_printed) {
                e->unit = uc->val; /* only names that resolved are kept */
            } else {
                du_unitref r = {.printed = e->unit_printed, .pos = e->unit_pos};
                du_resolve_ref(ix, &r, d);
                e->unit = r.unit;
                if (r.unit) {
                    uc->key = e->unit_printed;
                    uc->val = r.unit;
                }
            }
        }
        for (size_t k = 0; k < e->nvalues; k++) {
            du_ivalue *v = &e->values[k];
            v->ind = du_find_indicator(m, e->item, v->ref);
            if (!v->ind && (e->item || strchr(v->ref, '/')))
                du_diag_add(d, v->pos.file, v->pos.line, v->pos.col, DU_ERROR,
                            "unknown indicator '%s'", v->ref);
        }
        if (e->date > m->site.as_of) {
            du_date_iso(e->date, day);
            du_date_iso(m->site.as_of, lim);
            du_diag_add(d, e->pos.file, e->pos.line, e->pos.col, DU_WARNING,
                        "entry dated %s is after the reporting date %s and is ignored", day, lim);
        }
        if (e->item) {
            du_date from = e->item->plan->signed_on;
            if (from == DU_DATE_NONE)
                from = e->item->plan->start;
            if (from != DU_DATE_NONE && e->date < from) {
                du_date_iso(e->date, day);
                du_diag_add(d, e->pos.file, e->pos.line, e->pos.col, DU_WARNING,
                            "entry dated %s is before plan '%s' was issued", day,
                            e->item->plan->id);
            }
        }
    }
    free(items);
    free(units);
}

void du_resolve(du_model *m, du_diag *d) { du_resolve_jobs(m, 0, d); }

void du_resolve_jobs(du_model *m, int jobs, du_diag *d)
{
    if (m->nunits)
        qsort(m->units, m->nunits, sizeof *m->units, du_unit_cmp);
    if (m->nplans)
        qsort(m->plans, m->nplans, sizeof *m->plans, du_plan_cmp);
    if (m->npairings)
        qsort(m->pairings, m->npairings, sizeof *m->pairings, du_pairing_cmp);
    DU_DUP_CHECK(m->units, m->nunits, "unit")
    DU_DUP_CHECK(m->plans, m->nplans, "plan")
    DU_DUP_CHECK(m->pairings, m->npairings, "pairing")
    for (size_t i = 0; i < m->nunits; i++)
        m->units[i]->index = i;
    du_resolve_parents(m, d);
    du_unames ix;
    du_unames_build(m, &ix);
    du_quiet_units = m->units_incomplete;
    du_resolve_plans(m, &ix, jobs, d);
    for (size_t i = 0; i < m->npairings; i++) {
        du_pairing *p = m->pairings[i];
        if (p->source && !du_model_plan(m, p->source))
            du_diag_add(d, p->pos.file, p->pos.line, p->pos.col, DU_ERROR,
                        "pairing '%s' names an unknown plan '%s' as source", p->id, p->source);
    }
    du_in_ranges(m, &ix, m->nentries, m->nentries >= DU_RESOLVE_SPLIT, jobs,
                 du_resolve_entry_range, d);
    free(ix.v);
    du_sort_entries(m);
    for (size_t i = 0; i < m->nentries; i++)
        m->entries[i]->index = i;
}
