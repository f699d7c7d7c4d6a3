/* site_brief.c - data for the briefings (工作简报), the Atom feed and the
 * sitemap. A briefing reads one du_pview of the derived state; this file
 * only groups and orders what the view holds. */
#include "site_ctx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

static void du_opt_null(du_arena *a, du_val *m, const char *k)
{
    du_map_set(a, m, k, du_val_null(a));
}

static const du_pview *du_view(const du_period *per, const du_plan *p)
{
    return p ? &per->plans[p->index] : &per->all;
}

/* The heading an entry is reported under: the item's parent, or the item
 * itself at the top of its plan. */
static const du_item *du_area(const du_item *it)
{
    return it->parent ? it->parent : it;
}

static int du_cmp_progress(const void *x, const void *y)
{
    const du_entry *a = *(du_entry *const *)x, *b = *(du_entry *const *)y;
    const du_item *ia = a->item, *ib = b->item;
    if (ia->plan->index != ib->plan->index)
        return ia->plan->index < ib->plan->index ? -1 : 1;
    const du_item *aa = du_area(ia), *ab = du_area(ib);
    if (aa->order != ab->order)
        return aa->order < ab->order ? -1 : 1;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The progress section: the view's entries sorted by plan, area and date,
 * and where each plan's run of them starts. */
typedef struct du_prog {
    du_sctx *c;
    du_entry **e;
    size_t *start;     /* ngroups + 1 offsets into e */
} du_prog;

/* One plan of the progress section, with its areas and their entries. */
static du_val *du_prog_plan(void *ud, size_t g, du_arena *a)
{
    const du_prog *pg = ud;
    du_sctx *c = pg->c;
    du_entry *const *e = pg->e;
    size_t lo = pg->start[g], hi = pg->start[g + 1];
    du_val *pv = du_ctx_plan_ref(c, e[lo]->item->plan), *areas = du_val_list(a), *ents = NULL;
    du_map_set(a, pv, "areas", areas);
    for (size_t i = lo; i < hi; i++) {
        const du_item *it = e[i]->item;
        if (i == lo || du_area(e[i - 1]->item) != du_area(it)) {
            const du_item *ar = du_area(it);
            du_val *av = du_val_map(a);
            du_map_str(a, av, "number", ar->number);
            du_map_str(a, av, "title", ar->title);
            du_map_str(a, av, "full_title", du_ctx_cat(a, ar->number, ar->title, NULL));
            du_map_str(a, av, "url", du_rel_item(a, ar));
            ents = du_val_list(a);
            du_map_set(a, av, "entries", ents);
            du_list_push(a, areas, av);
        }
        du_list_push(a, ents, du_ctx_entry(c, e[i], true));
    }
    return pv;
}

/* Entries of the view grouped by plan, then by area; each plan's data is
 * made when the template reaches it (a briefing of every plan has every
 * entry of its period). */
static du_val *du_brief_progress(du_sctx *c, const du_pview *v)
{
    du_arena *a = &c->a;
    du_prog *pg = du_arena_alloc(a, sizeof *pg);
    pg->c = c;
    pg->e = du_arena_alloc(a, (v->nentries + 1) * sizeof *pg->e);
    size_t n = 0, groups = 0;
    for (size_t i = 0; i < v->nentries; i++)
        if (v->entries[i]->item)
            pg->e[n++] = v->entries[i];
    qsort(pg->e, n, sizeof *pg->e, du_cmp_progress);
    pg->start = du_arena_alloc(a, (n + 1) * sizeof *pg->start);
    for (size_t i = 0; i < n; i++)
        if (!i || pg->e[i - 1]->item->plan != pg->e[i]->item->plan)
            pg->start[groups++] = i;
    pg->start[groups] = n;
    return du_val_lazy(a, groups, du_prog_plan, pg, a);
}

/* A list of item rows (with their plan when with_plan), made row by row. */
typedef struct du_rows {
    du_sctx *c;
    du_item *const *items;
    bool with_plan;
} du_rows;

static du_val *du_brief_row(void *ud, size_t i, du_arena *a)
{
    const du_rows *rs = ud;
    du_val *r = du_ctx_item_row(rs->c, rs->items[i]);
    du_map_set(a, r, "plan", rs->with_plan ? du_ctx_plan_ref(rs->c, rs->items[i]->plan)
                                          : du_val_null(a));
    return r;
}

static du_val *du_brief_items(du_sctx *c, du_item *const *items, size_t n, bool with_plan)
{
    du_arena *a = &c->a;
    du_rows *rs = du_arena_alloc(a, sizeof *rs);
    rs->c = c;
    rs->items = items;
    rs->with_plan = with_plan;
    return du_val_lazy(a, n, du_brief_row, rs, a);
}

static int du_cmp_due(const void *x, const void *y)
{
    const du_item *a = *(du_item *const *)x, *b = *(du_item *const *)y;
    if (a->due != b->due)
        return a->due < b->due ? -1 : 1;
    return a->gindex < b->gindex ? -1 : a->gindex > b->gindex;
}

static du_val *du_brief_link(du_sctx *c, const du_period *per, const du_plan *p)
{
    du_arena *a = &c->a;
    du_val *v = du_val_map(a);
    du_map_str(a, v, "url", du_rel_brief(a, per, p, "html"));
    du_map_str(a, v, "label", du_ctx_period_label(c, per));
    du_map_num(a, v, "number", per->number);
    return v;
}

static void du_brief_meta(du_sctx *c, du_val *b, const du_period *per, const du_plan *p)
{
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    du_map_str(a, b, "label", du_ctx_period_label(c, per));
    du_map_num(a, b, "number", per->number);
    du_map_set(a, b, "date_text", du_ctx_date(c, du_brief_date(st, per)));
    du_map_set(a, b, "start_text", du_ctx_date(c, per->start));
    du_map_set(a, b, "end_text", du_ctx_date(c, per->end));
    bool current = per == &st->periods[st->nperiods - 1];
    du_map_bool(a, b, "current", current);
    du_map_bool(a, b, "all", p == NULL);
    du_map_set(a, b, "plan", p ? du_ctx_plan_ref(c, p) : du_val_null(a));
    const char *rel = du_rel_brief(a, per, p, "md");
    du_map_str(a, b, "md_url", strrchr(rel, '/') + 1);
    du_map_set(a, b, "prev", du_val_null(a));
    du_map_set(a, b, "next", du_val_null(a));
    size_t i = (size_t)(per - st->periods);
    for (size_t k = i; k-- > 0;)
        if (du_brief_exists(&st->periods[k], p)) {
            du_map_set(a, b, "prev", du_brief_link(c, &st->periods[k], p));
            break;
        }
    if (i + 1 < st->nperiods)
        du_map_set(a, b, "next", du_brief_link(c, &st->periods[i + 1], p));
}

du_val *du_ctx_brief_md(du_sctx *c, const du_period *per, const du_plan *p)
{
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    const du_pview *v = du_view(per, p);
    du_val *ctx = du_ctx_base(c, "briefings", p ? p->title : c->sh->m->site.title);
    du_val *b = du_val_map(a);
    du_brief_meta(c, b, per, p);
    /* lights exist for the reporting date only; past briefings show
     * the status of their tasks at period end */
    const size_t *lights = NULL;
    if (per == &st->periods[st->nperiods - 1])
        lights = p ? st->plans[p->index].s.lights : st->lights;
    du_map_set(a, b, "counts", du_ctx_statuses(c, v->count, lights));
    du_map_num(a, b, "tasks", (double)v->ntasks);
    du_map_num(a, b, "entries", (double)v->nentries);
    du_map_num(a, b, "reporting_count", (double)v->nreporting);
    du_map_num(a, b, "silent_count", (double)v->nsilent);
    du_map_num(a, b, "changed", (double)v->nchanged);
    du_map_num(a, b, "completed_count", (double)v->ncompleted);
    du_map_num(a, b, "overdue_count", (double)v->noverdue);
    du_map_num(a, b, "problems_count", (double)v->nproblems);
    du_map_num(a, b, "upcoming_count", (double)v->nupcoming);
    du_map_set(a, b, "progress", du_brief_progress(c, v));
    du_map_set(a, b, "completed", du_brief_items(c, v->completed, v->ncompleted, !p));
    du_map_set(a, b, "problems", du_brief_items(c, v->problems, v->nproblems, !p));
    du_item **up = du_arena_alloc(a, (v->nupcoming + 1) * sizeof *up);
    if (v->nupcoming)
        memcpy(up, v->upcoming, v->nupcoming * sizeof *up);
    qsort(up, v->nupcoming, sizeof *up, du_cmp_due);
    du_map_set(a, b, "upcoming", du_brief_items(c, up, v->nupcoming, !p));
    du_val *rep = du_val_list(a);
    for (size_t i = 0; i < v->nreporting; i++) {
        du_val *u = du_ctx_unit_ref(c, v->reporting[i]);
        du_map_num(a, u, "count", (double)v->nreported[i]);
        du_list_push(a, rep, u);
    }
    du_map_set(a, b, "reporting", rep);
    du_val *sil = du_val_list(a);
    for (size_t i = 0; i < v->nsilent; i++)
        du_map_bool(a, du_list_push(a, sil, du_ctx_unit_ref(c, v->silent[i])), "sep", i > 0);
    du_map_set(a, b, "silent", sil);
    du_map_bool(a, b, "has_silent", v->nsilent > 0);
    du_map_bool(a, b, "has_reporting", v->nreporting > 0);
    du_map_bool(a, b, "has_progress", v->nentries > 0);
    du_map_bool(a, b, "has_completed", v->ncompleted > 0);
    du_map_set(a, ctx, "brief", b);
    return ctx;
}

du_val *du_ctx_brief_html(du_sctx *c, const du_period *per, const du_plan *p, const char *html)
{
    du_arena *a = &c->a;
    du_buf_clear(&c->tmp);
    du_buf_printf(&c->tmp, "%s %s", p ? p->title : du_label(c->sh->t, "briefing", "title"),
                  du_ctx_period_label(c, per));
    du_val *ctx = du_ctx_base(c, "briefings", du_arena_strdup(a, c->tmp.ptr));
    du_val *b = du_val_map(a);
    du_brief_meta(c, b, per, p);
    du_map_str(a, b, "html", html);
    du_map_set(a, ctx, "brief", b);
    return ctx;
}

/* ---- feed and sitemap ---- */

/* A stable urn:uuid from a string: two FNV-1a hashes, RFC 9562 version 8. */
static const char *du_urn(du_sctx *c, const char *s)
{
    uint64_t h1 = 0xcbf29ce484222325ull, h2 = 0x84222325cbf29ce4ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h1 = (h1 ^ *p) * 0x100000001b3ull;
        h2 = (h2 ^ *p) * 0x100000001b3ull;
        h2 ^= h2 >> 29;
    }
    h1 = (h1 & ~0xf000ull) | 0x8000ull;                     /* version 8 */
    h2 = (h2 & 0x3fffffffffffffffull) | 0x8000000000000000ull; /* variant 10 */
    return du_arena_printf(&c->a, "urn:uuid:%08x-%04x-%04x-%04x-%012llx",
                           (unsigned)(h1 >> 32), (unsigned)(h1 >> 16) & 0xffff,
                           (unsigned)h1 & 0xffff, (unsigned)(h2 >> 48),
                           (unsigned long long)(h2 & 0xffffffffffffull));
}

static const char *du_feed_id(du_sctx *c, const char *base, const char *rel)
{
    if (base)
        return du_arena_printf(&c->a, "%s%s", base, rel);
    return du_urn(c, du_arena_printf(&c->a, "%s\n%s", c->sh->m->site.title, rel));
}

static const char *du_stamp(du_sctx *c, du_date d)
{
    char iso[11];
    du_date_iso(d, iso);
    return du_arena_printf(&c->a, "%sT00:00:00Z", iso);
}

typedef struct du_fitem {
    du_date date;
    int kind;          /* 0 briefing, 1 entry: briefings first on a day */
    size_t key;        /* period or entry index, newest first */
    du_val *v;
} du_fitem;

static int du_cmp_fitem(const void *x, const void *y)
{
    const du_fitem *a = x, *b = y;
    if (a->date != b->date)
        return a->date > b->date ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return a->key > b->key ? -1 : a->key < b->key;
}

du_val *du_ctx_feed(du_sctx *c)
{
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    const du_val *bv = du_map_get(c->sh->site, "base_url");
    const char *base = bv ? bv->str : NULL;
    du_val *ctx = du_ctx_base(c, NULL, NULL);
    du_val *f = du_val_map(a);
    du_map_str(a, f, "id", du_feed_id(c, base, "feed.xml"));
    du_map_str(a, f, "updated", du_stamp(c, st->as_of));
    du_map_str(a, f, "link", base ? base : "index.html");
    if (base)
        du_map_str(a, f, "self", du_arena_printf(a, "%sfeed.xml", base));
    du_map_set(a, ctx, "feed", f);
    size_t ne = st->ncurrent < c->sh->feed_entries ? st->ncurrent : c->sh->feed_entries;
    du_fitem *items = du_xmalloc((st->nperiods + ne + 1) * sizeof *items);
    size_t n = 0;
    size_t nbrief = du_site_writes(&c->sh->m->site, DU_PG_BRIEFINGS) ? st->nperiods : 0;
    for (size_t i = 0; i < nbrief; i++) {
        const du_period *per = &st->periods[i];
        const char *rel = du_rel_brief(a, per, NULL, "html");
        du_val *v = du_val_map(a);
        du_map_str(a, v, "title", du_arena_printf(a, "%s %s", du_label(c->sh->t, "briefing", "title"),
                                                    du_ctx_period_label(c, per)));
        du_map_str(a, v, "id", du_feed_id(c, base, rel));
        du_map_str(a, v, "url", du_arena_printf(a, "%s%s", base ? base : "", rel));
        du_map_str(a, v, "updated", du_stamp(c, du_brief_date(st, per)));
        du_map_num(a, v, "number", per->number);
        du_map_num(a, v, "entries", (double)per->all.nentries);
        du_map_num(a, v, "problems", (double)per->all.nproblems);
        du_map_bool(a, v, "is_brief", true);
        du_opt_null(a, v, "summary_html");
        items[n++] = (du_fitem){du_brief_date(st, per), 0, i, v};
    }
    for (size_t i = 0; i < ne; i++) {
        const du_entry *e = st->current[st->ncurrent - 1 - i];
        if (!e->item)
            continue;
        du_val *v = du_ctx_entry(c, e, false);
        const char *anchor = du_ctx_cat(a, du_rel_item(a, e->item), "#e-", du_ctx_anchor(c, e), NULL);
        du_map_str(a, v, "title", du_arena_printf(a, "%s %s", e->item->number, e->item->title));
        du_map_str(a, v, "id", du_feed_id(c, base, anchor));
        du_map_str(a, v, "url", du_arena_printf(a, "%s%s", base ? base : "", anchor));
        du_map_str(a, v, "updated", du_stamp(c, e->date));
        du_map_bool(a, v, "is_brief", false);
        items[n++] = (du_fitem){e->date, 1, e->index, v};
    }
    qsort(items, n, sizeof *items, du_cmp_fitem);
    du_val *l = du_val_list(a);
    for (size_t i = 0; i < n; i++)
        du_list_push(a, l, items[i].v);
    free(items);
    du_map_set(a, ctx, "entries", l);
    return ctx;
}

du_val *du_ctx_sitemap(du_sctx *c, char *const *rels, size_t n)
{
    du_arena *a = &c->a;
    const du_val *bv = du_map_get(c->sh->site, "base_url");
    du_val *ctx = du_ctx_base(c, NULL, NULL), *l = du_val_list(a);
    for (size_t i = 0; bv && i < n; i++) {
        du_val *u = du_val_map(a);
        du_map_str(a, u, "loc", du_arena_printf(a, "%s%s", bv->str, rels[i]));
        du_list_push(a, l, u);
    }
    du_map_set(a, ctx, "urls", l);
    return ctx;
}
