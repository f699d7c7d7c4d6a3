/* site_ctx.c - page data for the HTML templates: the shared pieces (dates,
 * states, unit and item references, entries) and one builder per page
 * kind. Briefings and the feed are in site_brief.c. */
#include "site_ctx.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "theme.h"

#define DU_HOME_LATEST 10   /* newest entries on the home page */
#define DU_PAGER_SPAN 3     /* progress pages linked on each side of the current one */
#define DU_PAGE_KEEP (4u << 20) /* arena bytes a page builder keeps between pages */

/* ---- paths ---- */

/* The strings up to a NULL, joined: in arena a, or on the heap when a is
 * NULL. Every link of every page is built this way, where printf would
 * cost more than the rest of the link. */
#define DU_CAT_MAX 8 /* pieces measured once; more are measured twice */

static char *du_vcat(du_arena *a, const char *first, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    size_t n = 0, len[DU_CAT_MAX], k = 0;
    for (const char *s = first; s; s = va_arg(aq, const char *), k++) {
        size_t l = strlen(s);
        if (k < DU_CAT_MAX)
            len[k] = l;
        n += l;
    }
    va_end(aq);
    char *out = a ? du_arena_take(a, n + 1) : du_xmalloc(n + 1), *o = out;
    k = 0;
    for (const char *s = first; s; s = va_arg(ap, const char *), k++) {
        size_t l = k < DU_CAT_MAX ? len[k] : strlen(s);
        memcpy(o, s, l);
        o += l;
    }
    *o = '\0';
    return out;
}

char *du_ctx_cat(du_arena *a, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    char *s = du_vcat(a, first, ap);
    va_end(ap);
    return s;
}

/* n in decimal into out (at least 21 bytes); returns out. */
static const char *du_utoa(size_t n, char *out)
{
    char tmp[24], *q = tmp + sizeof tmp;
    *--q = '\0';
    do
        *--q = (char)('0' + n % 10);
    while (n /= 10);
    return memcpy(out, q, (size_t)(tmp + sizeof tmp - q));
}

char *du_rel_plan(du_arena *a, const du_plan *p)
{
    return du_ctx_cat(a, "plans/", p->id, ".html", NULL);
}

char *du_rel_item(du_arena *a, const du_item *it)
{
    return du_ctx_cat(a, "plans/", it->plan->id, "/", it->id, ".html", NULL);
}

char *du_rel_unit(du_arena *a, const du_unit *u)
{
    return du_ctx_cat(a, "units/", u->id, ".html", NULL);
}

char *du_rel_progress(du_arena *a, size_t page, size_t pages)
{
    if (page + 1 >= pages)
        return du_ctx_cat(a, "progress.html", NULL);
    char num[24];
    return du_ctx_cat(a, "progress/", du_utoa(page + 1, num), ".html", NULL);
}

char *du_rel_brief(du_arena *a, const du_period *per, const du_plan *p, const char *ext)
{
    return du_ctx_cat(a, "briefings/", p ? p->id : "", p ? "/" : "", per->key, ".", ext, NULL);
}

char *du_rel_brief_latest(du_arena *a, const du_plan *p, const char *ext)
{
    return du_ctx_cat(a, "briefings/", p ? p->id : "", p ? "/" : "", "latest.", ext, NULL);
}

/* ---- shared setup ---- */

du_date du_brief_date(const du_state *st, const du_period *per)
{
    return per->end < st->as_of ? per->end : st->as_of;
}

static void du_date_text(bool en, du_date d, char out[static 32])
{
    if (en)
        du_date_iso(d, out);
    else
        du_date_zh(d, out);
}

void du_site_shared_init(du_site_shared *sh, const du_model *m, const du_state *st,
                         const du_val *t, du_arena *a)
{
    memset(sh, 0, sizeof *sh);
    sh->m = m;
    sh->st = st;
    sh->t = t;
    sh->en = m->site.language && strcmp(m->site.language, "en") == 0;
    sh->page_size = m->site.page_size > 0 ? (size_t)m->site.page_size : 50;
    sh->nprogress = st->ncurrent ? (st->ncurrent + sh->page_size - 1) / sh->page_size : 1;
    sh->feed_entries = 50;
    du_val *s = du_val_map(a);
    du_map_str(a, s, "title", m->site.title);
    du_map_str(a, s, "publisher", m->site.publisher ? m->site.publisher : m->site.title);
    du_map_str(a, s, "lang", sh->en ? "en" : "zh-CN");
    char iso[11], text[32];
    du_date_iso(st->as_of, iso);
    du_date_text(sh->en, st->as_of, text);
    du_map_str(a, s, "as_of", du_arena_strdup(a, iso));
    du_map_str(a, s, "as_of_text", du_arena_strdup(a, text));
    if (m->site.base_url) {
        du_buf b = DU_BUF_INIT;
        du_buf_init(&b);
        du_url_clean(&b, m->site.base_url);
        if (!b.len || b.ptr[b.len - 1] != '/')
            du_buf_putc(&b, '/');
        du_map_str(a, s, "base_url", du_arena_strdup(a, b.ptr));
        du_buf_free(&b);
    }
    /* which kinds of pages exist, for links to them */
    du_val *pages = du_val_map(a);
    for (int k = 0; k < DU_PG_COUNT; k++)
        du_map_bool(a, pages, du_page_kind_name((du_page_kind)k),
                    du_site_writes(&m->site, (du_page_kind)k));
    du_map_set(a, s, "pages", pages);
    if (st->nperiods && du_site_writes(&m->site, DU_PG_BRIEFINGS)) {
        const du_period *per = &st->periods[st->nperiods - 1];
        du_val *lb = du_val_map(a);
        du_map_str(a, lb, "url", du_rel_brief(a, per, NULL, "html"));
        du_map_str(a, lb, "label", sh->en ? per->label_en : per->label_zh);
        du_map_num(a, lb, "number", per->number);
        du_map_set(a, s, "latest_brief", lb);
    }
    sh->site = s;
    /* what du_ctx_base puts on every page under these names */
    sh->consts = du_val_map(a);
    du_map_set(a, sh->consts, "site", sh->site);
    du_map_set(a, sh->consts, "t", (du_val *)sh->t);
}

void du_sctx_init(du_sctx *c, const du_site_shared *sh)
{
    memset(c, 0, sizeof *c);
    c->sh = sh;
    du_arena_init(&c->a);
    du_arena_init(&c->keep);
    du_buf_init(&c->tmp);
    c->x.a = &c->a;
    c->x.m = sh->m;
    c->x.st = sh->st;
    c->root = "";
    /* the per-build caches below, filled as pages need them */
    c->plan_refs = du_xcalloc(sh->m->nplans + 1, sizeof *c->plan_refs);
    c->unit_refs = du_xcalloc(sh->m->nunits + 1, sizeof *c->unit_refs);
    c->item_urls = du_xcalloc(sh->m->nitems + 1, sizeof *c->item_urls);
    c->unit_urls = du_xcalloc(sh->m->nunits + 1, sizeof *c->unit_urls);
}

void du_sctx_page(du_sctx *c, int depth)
{
    static const char *const roots[] = {"", "../", "../../"};
    /* most pages fit in a few blocks: keep those for the next page rather
     * than return them to malloc and ask again */
    du_arena_reset(&c->a, DU_PAGE_KEEP);
    c->root = roots[depth < 0 ? 0 : depth > 2 ? 2 : depth];
}

void du_sctx_free(du_sctx *c)
{
    du_arena_free(&c->a);
    du_arena_free(&c->keep);
    free(c->plan_refs);
    free(c->unit_refs);
    free(c->item_urls);
    free(c->unit_urls);
    free(c->dkey);
    free(c->dtext);
    du_buf_free(&c->tmp);
}

/* ---- small pieces ---- */

static const char *du_lab(du_sctx *c, const char *group, const char *key)
{
    return du_label(c->sh->t, group, key);
}

const char *du_ctx_period_label(const du_sctx *c, const du_period *per)
{
    return c->sh->en ? per->label_en : per->label_zh;
}

static void du_dates_grow(du_sctx *c)
{
    size_t n = c->dslots ? c->dslots * 2 : 1024;
    du_date *key = du_xmalloc(n * sizeof *key);
    const char **text = du_xmalloc(n * sizeof *text);
    for (size_t i = 0; i < n; i++)
        key[i] = DU_DATE_NONE;
    for (size_t i = 0; i < c->dslots; i++) {
        if (c->dkey[i] == DU_DATE_NONE)
            continue;
        size_t s = (size_t)(uint32_t)c->dkey[i] & (n - 1);
        while (key[s] != DU_DATE_NONE)
            s = (s + 1) & (n - 1);
        key[s] = c->dkey[i];
        text[s] = c->dtext[i];
    }
    free(c->dkey);
    free(c->dtext);
    c->dkey = key;
    c->dtext = text;
    c->dslots = n;
}

/* A date as pages print it. A corpus has a few thousand distinct dates
 * and prints each many times, so each thread keeps the texts it made. */
static const char *du_date_cached(du_sctx *c, du_date d)
{
    if (c->dcount * 2 >= c->dslots)
        du_dates_grow(c);
    size_t mask = c->dslots - 1, s = (size_t)(uint32_t)d & mask;
    for (; c->dkey[s] != DU_DATE_NONE; s = (s + 1) & mask)
        if (c->dkey[s] == d)
            return c->dtext[s];
    char text[32];
    du_date_text(c->sh->en, d, text);
    c->dkey[s] = d;
    c->dtext[s] = du_arena_strdup(&c->keep, text);
    c->dcount++;
    return c->dtext[s];
}

du_val *du_ctx_date(du_sctx *c, du_date d)
{
    if (d == DU_DATE_NONE)
        return du_val_null(&c->a);
    return du_val_str(&c->a, du_date_cached(c, d));
}

/* Optional strings are set to null, never left out: a key missing from a
 * map would make Mustache look it up in the enclosing contexts. */
static void du_opt(du_arena *a, du_val *m, const char *k, const char *s)
{
    du_map_set(a, m, k, s ? du_val_str(a, s) : du_val_null(a));
}

static du_val *du_num_or_null(du_sctx *c, bool has, double v)
{
    return has ? du_val_num(&c->a, v) : du_val_null(&c->a);
}

/* Join strings with the language's list separator. */
static const char *du_join(du_sctx *c, const char *const *s, size_t n)
{
    const char *sep = du_lab(c, NULL, "list_sep");
    du_buf_clear(&c->tmp);
    for (size_t i = 0; i < n; i++) {
        if (i)
            du_buf_puts(&c->tmp, sep);
        du_buf_puts(&c->tmp, s[i]);
    }
    return du_arena_strdup(&c->a, c->tmp.ptr);
}

/* Markdown field as an HTML string value in the page arena (null for
 * none): its length known from the buffer, never measured again. */
static du_val *du_md(du_sctx *c, const char *md, int level)
{
    if (!md || !*md)
        return du_val_null(&c->a);
    du_buf_clear(&c->tmp);
    du_md_html(&c->tmp, md, strlen(md), level);
    return du_val_strn(&c->a, du_arena_strndup(&c->a, c->tmp.ptr, c->tmp.len), c->tmp.len);
}

du_val *du_ctx_base(du_sctx *c, const char *section, const char *title)
{
    du_val *v = du_val_map(&c->a);
    du_map_set(&c->a, v, "site", c->sh->site);
    du_map_set(&c->a, v, "t", (du_val *)c->sh->t);
    du_map_str(&c->a, v, "root", c->root);
    du_val *nav = du_val_map(&c->a);
    if (section)
        du_map_bool(&c->a, nav, section, true);
    du_map_set(&c->a, v, "nav", nav);
    if (title)
        du_map_str(&c->a, v, "title", title);
    return v;
}

typedef struct {
    du_sctx *c;
    const du_istate *s;
} du_byunit_src;

/* Element i of a state's by_unit: a reporting unit, its status and its
 * latest entry. */
static du_val *du_ctx_byunit_at(void *ud, size_t i, du_arena *a)
{
    const du_byunit_src *b = ud;
    const du_unitstate *us = &b->s->byunit[i];
    du_val *u = du_val_map(a);
    du_map_str(a, u, "unit", us->unit->id);
    du_map_str(a, u, "status", du_status_key(us->status));
    du_map_str(a, u, "latest", du_ctx_anchor(b->c, us->latest));
    return u;
}

/* The derived state of an item or plan, with labels for the page. */
static du_val *du_ctx_state(du_sctx *c, const du_istate *s)
{
    if (s->status == DU_ST_NONE)
        return du_val_null(&c->a);
    du_arena *a = &c->a;
    du_val *v = du_val_map_sized(a, DU_X_ISTATE_KEYS + 8);
    du_x_istate_fields(&c->x, v, s);
    du_map_str(a, v, "status_label", du_lab(c, "status", du_status_key(s->status)));
    du_map_str(a, v, "light_label", du_lab(c, "light", du_light_key(s->light)));
    du_map_bool(a, v, "has_percent", s->percent >= 0);
    du_map_num(a, v, "bar", s->percent >= 0 ? du_round1(s->percent) : 0);
    if (s->latest)
        du_map_set(a, v, "latest_date", du_ctx_date(c, s->latest->date));
    /* pages name entries by anchor, not by their place among all entries
     * (which moves whenever an older entry is added anywhere) */
    du_map_set(a, v, "latest", s->latest ? du_val_str(a, du_ctx_anchor(c, s->latest))
                                          : du_val_null(a));
    if (s->nbyunit) {
        /* made when a template walks it: rows of item tables carry a state
         * each, and the default theme shows none of these lists */
        du_byunit_src *b = du_arena_alloc(a, sizeof *b);
        b->c = c;
        b->s = s;
        du_map_set(a, v, "by_unit", du_val_lazy(a, s->nbyunit, du_ctx_byunit_at, b, a));
    }
    return v;
}

du_val *du_ctx_statuses(du_sctx *c, const size_t *count, const size_t *lights)
{
    du_arena *a = &c->a;
    du_val *v = du_val_map(a), *st = du_val_list(a), *li = du_val_list(a);
    size_t total = 0;
    for (int i = 0; i < DU_ST_COUNT; i++)
        total += count[i];
    double x = 0;
    /* the chart draws statuses in this order: done first, then the rest */
    static const du_status order[] = {DU_ST_DONE, DU_ST_IN_PROGRESS, DU_ST_NOT_STARTED,
                                      DU_ST_DELAYED, DU_ST_SUSPENDED};
    du_val *seg = du_val_list(a);
    for (size_t k = 0; k < DU_ST_COUNT; k++) {
        du_status s = order[k];
        du_val *e = du_val_map(a);
        du_map_str(a, e, "key", du_status_key(s));
        du_map_str(a, e, "label", du_lab(c, "status", du_status_key(s)));
        du_map_num(a, e, "count", (double)count[s]);
        du_map_bool(a, e, "sep", k > 0);
        du_list_push(a, st, e);
        if (!count[s] || !total)
            continue;
        double w = 100.0 * (double)count[s] / (double)total;
        du_val *g = du_val_map(a);
        du_map_str(a, g, "key", du_status_key(s));
        du_map_str(a, g, "label", du_lab(c, "status", du_status_key(s)));
        du_map_num(a, g, "count", (double)count[s]);
        du_map_num(a, g, "x", round(x * 100) / 100);
        du_map_num(a, g, "w", round(w * 100) / 100);
        du_list_push(a, seg, g);
        x += w;
    }
    if (lights)
        for (int l = DU_LIGHT_COUNT - 1; l >= 0; l--) {
            du_val *e = du_val_map(a);
            du_map_str(a, e, "key", du_light_key((du_light)l));
            du_map_str(a, e, "label", du_lab(c, "light", du_light_key((du_light)l)));
            du_map_num(a, e, "count", (double)lights[l]);
            du_map_bool(a, e, "sep", l < DU_LIGHT_COUNT - 1);
            du_list_push(a, li, e);
        }
    du_map_num(a, v, "total", (double)total);
    du_map_bool(a, v, "has_total", total > 0);
    du_map_set(a, v, "statuses", st);
    du_map_set(a, v, "segments", seg);
    du_map_set(a, v, "lights", lights ? li : du_val_null(a));
    du_map_bool(a, v, "has_lights", lights != NULL);
    return v;
}

static du_val *du_plan_ref_in(du_arena *a, const du_plan *p)
{
    du_val *v = du_val_map(a);
    du_map_str(a, v, "id", p->id);
    du_map_str(a, v, "title", p->title);
    du_opt(a, v, "doc_number", p->doc_number);
    du_map_str(a, v, "url", du_rel_plan(a, p));
    return v;
}

static du_val *du_unit_ref_in(du_arena *a, const du_unit *u)
{
    du_val *v = du_val_map(a);
    du_map_str(a, v, "id", u->id);
    du_map_str(a, v, "name", u->name);
    du_map_str(a, v, "short", u->short_name ? u->short_name : u->name);
    du_map_str(a, v, "url", du_rel_unit(a, u));
    du_map_bool(a, v, "collective", u->collective);
    return v;
}

du_val *du_ctx_plan_ref(du_sctx *c, const du_plan *p) { return du_plan_ref_in(&c->a, p); }

du_val *du_ctx_unit_ref(du_sctx *c, const du_unit *u) { return du_unit_ref_in(&c->a, u); }

/* The references every entry carries, made once per build in keep: their
 * links are from the output's root, so they do not depend on the page.
 * Callers must not change them (du_ctx_plan_ref gives a map of one's own). */
static const du_val *du_plan_ref_kept(du_sctx *c, const du_plan *p)
{
    if (!c->plan_refs[p->index])
        c->plan_refs[p->index] = du_plan_ref_in(&c->keep, p);
    return c->plan_refs[p->index];
}

static const du_val *du_unit_ref_kept(du_sctx *c, const du_unit *u)
{
    if (!c->unit_refs[u->index])
        c->unit_refs[u->index] = du_unit_ref_in(&c->keep, u);
    return c->unit_refs[u->index];
}

/* The links to an item's and a unit's pages from the output's root, made
 * once per build: rows and references repeat them on many pages. */
static const char *du_item_url(du_sctx *c, const du_item *it)
{
    if (!c->item_urls[it->gindex])
        c->item_urls[it->gindex] = du_rel_item(&c->keep, it);
    return c->item_urls[it->gindex];
}

static const char *du_unit_url(du_sctx *c, const du_unit *u)
{
    if (!c->unit_urls[u->index])
        c->unit_urls[u->index] = du_rel_unit(&c->keep, u);
    return c->unit_urls[u->index];
}

/* A unit as the document prints it, linked when it resolved. */
static du_val *du_ctx_printed(du_sctx *c, const du_unitref *r)
{
    du_arena *a = &c->a;
    du_val *v = du_val_map(a);
    du_map_str(a, v, "name", r->printed);
    if (r->unit) {
        du_map_str(a, v, "url", du_unit_url(c, r->unit));
        du_opt(a, v, "full", strcmp(r->unit->name, r->printed) ? r->unit->name : NULL);
    } else {
        du_opt(a, v, "url", NULL);
        du_opt(a, v, "full", NULL);
    }
    return v;
}

static du_val *du_ctx_refs(du_sctx *c, const du_unitref *r, size_t n)
{
    du_val *l = du_val_list(&c->a);
    for (size_t i = 0; i < n; i++)
        du_map_bool(&c->a, du_list_push(&c->a, l, du_ctx_printed(c, &r[i])), "sep", i > 0);
    return l;
}

/* Units grouped by side, in the plan's order of sides ({side, units}). */
static du_val *du_ctx_sides(du_sctx *c, const du_plan *p, const du_unitref *r, size_t n)
{
    du_arena *a = &c->a;
    du_val *groups = du_val_list(a);
    for (size_t s = 0; s <= p->nsides; s++) {
        const char *side = s < p->nsides ? p->sides[s] : NULL;
        du_val *units = du_val_list(a);
        for (size_t i = 0; i < n; i++) {
            bool match = side ? r[i].side && strcmp(r[i].side, side) == 0 : !r[i].side;
            if (!match)
                continue;
            bool sep = units->len > 0;
            du_map_bool(a, du_list_push(a, units, du_ctx_printed(c, &r[i])), "sep", sep);
        }
        if (!units->len)
            continue;
        du_val *g = du_val_map(a);
        if (side)
            du_map_str(a, g, "side", side);
        du_map_bool(a, g, "sep", groups->len > 0);
        du_map_set(a, g, "units", units);
        du_list_push(a, groups, g);
    }
    return groups;
}

/* Lead and responsible units as printed, in one line. */
static const char *du_ctx_names(du_sctx *c, const du_item *it)
{
    const char *sep = du_lab(c, NULL, "list_sep");
    du_buf_clear(&c->tmp);
    for (size_t k = 0; k < it->nlead + it->nunits; k++) {
        const du_unitref *r = k < it->nlead ? &it->lead[k] : &it->units[k - it->nlead];
        if (k)
            du_buf_puts(&c->tmp, sep);
        du_buf_puts(&c->tmp, r->printed);
    }
    return du_arena_strdup(&c->a, c->tmp.ptr);
}

du_val *du_ctx_item_row(du_sctx *c, const du_item *it)
{
    du_arena *a = &c->a;
    du_val *v = du_val_map_sized(a, 32); /* an item page adds to it */
    du_x_item_fields(&c->x, v, it);
    du_map_set(a, v, "state", it->has_tasks ? du_ctx_state(c, &c->sh->st->items[it->gindex])
                                            : du_val_null(a));
    du_map_str(a, v, "url", du_item_url(c, it));
    du_map_str(a, v, "full_title", du_ctx_cat(a, it->number, it->title, NULL));
    du_map_num(a, v, "depth", it->depth);
    du_map_bool(a, v, "heading", it->nchildren > 0);
    du_map_set(a, v, "lead", du_ctx_refs(c, it->lead, it->nlead));
    du_map_bool(a, v, "has_lead", it->nlead > 0);
    du_map_set(a, v, "units", du_ctx_sides(c, it->plan, it->units, it->nunits));
    du_map_bool(a, v, "has_units", it->nunits + it->nlead > 0);
    du_map_str(a, v, "unit_names", du_ctx_names(c, it));
    du_map_set(a, v, "due_text", du_ctx_date(c, it->due));
    du_map_set(a, v, "start_text", du_ctx_date(c, it->start));
    return v;
}

const char *du_ctx_anchor(du_sctx *c, const du_entry *e)
{
    char num[24];
    if (!e->item)
        return du_ctx_cat(&c->a, "x", du_utoa(e->index, num), NULL);
    size_t n = du_entry_ordinal(c->sh->st, e);
    return du_ctx_cat(&c->a, e->item->ref, "/", du_utoa(n + 1, num), NULL);
}

/* An entry's item as entries show it. */
static du_val *du_ctx_entry_item(du_sctx *c, const du_item *item)
{
    du_arena *a = &c->a;
    du_val *it = du_val_map(a);
    du_map_str(a, it, "number", item->number);
    du_map_str(a, it, "title", item->title);
    du_map_str(a, it, "full_title", du_ctx_cat(a, item->number, item->title, NULL));
    du_map_str(a, it, "url", du_item_url(c, item));
    du_map_set(a, it, "plan", (du_val *)du_plan_ref_kept(c, item->plan));
    return it;
}

du_val *du_ctx_entry(du_sctx *c, const du_entry *e, bool md)
{
    return du_ctx_entry_of(c, e, md, NULL);
}

du_val *du_ctx_entry_of(du_sctx *c, const du_entry *e, bool md, du_val *item)
{
    du_arena *a = &c->a;
    du_val *v = du_val_map_sized(a, 16);
    du_map_str(a, v, "anchor", du_ctx_anchor(c, e));
    du_map_set(a, v, "date", du_x_date(&c->x, e->date));
    du_map_set(a, v, "date_text", du_ctx_date(c, e->date));
    if (e->item)
        du_map_set(a, v, "item", item ? item : du_ctx_entry_item(c, e->item));
    du_map_set(a, v, "unit", e->unit ? (du_val *)du_unit_ref_kept(c, e->unit) : du_val_null(a));
    du_opt(a, v, "unit_printed", e->unit_printed);
    bool has = e->status != DU_ST_NONE;
    du_opt(a, v, "status", has ? du_status_key(e->status) : NULL);
    du_opt(a, v, "status_label", has ? du_lab(c, "status", du_status_key(e->status)) : NULL);
    du_map_set(a, v, "percent", du_num_or_null(c, e->percent >= 0, du_round1(e->percent)));
    du_map_bool(a, v, "has_percent", e->percent >= 0);
    if (md) {
        du_buf_clear(&c->tmp);
        du_md_inline(&c->tmp, e->summary, strlen(e->summary));
        du_map_str(a, v, "summary_md", du_arena_strdup(a, c->tmp.ptr));
    } else {
        du_map_set(a, v, "summary_html", du_md(c, e->summary, 0));
    }
    du_val *src = du_val_list(a);
    for (size_t i = 0; i < e->nsources; i++) {
        const du_source *s = &e->sources[i];
        du_val *sv = du_val_map(a);
        du_map_str(a, sv, "title", s->title ? s->title : s->outlet);
        du_opt(a, sv, "outlet", s->title ? s->outlet : NULL);
        bool link = s->url && du_url_safe(s->url);
        du_opt(a, sv, "url", NULL);
        if (link) {
            du_buf_clear(&c->tmp);
            du_url_clean(&c->tmp, s->url);
            du_map_str(a, sv, "url", du_arena_strdup(a, c->tmp.ptr));
        }
        du_opt(a, sv, "url_md", NULL);
        if (md && link) {
            du_buf_clear(&c->tmp);
            du_md_url(&c->tmp, s->url);
            du_map_str(a, sv, "url_md", du_arena_strdup(a, c->tmp.ptr));
        }
        du_map_set(a, sv, "date_text", du_ctx_date(c, s->date));
        du_map_bool(a, sv, "sep", i > 0);
        du_list_push(a, src, sv);
    }
    du_map_set(a, v, "sources", src);
    du_map_bool(a, v, "has_sources", e->nsources > 0);
    return v;
}

/* ---- home ---- */

static du_val *du_ctx_plan_summary(du_sctx *c, const du_plan *p)
{
    du_arena *a = &c->a;
    const du_istate *s = &c->sh->st->plans[p->index].s;
    du_val *v = du_ctx_plan_ref(c, p);
    du_map_set(a, v, "state", du_ctx_state(c, s));
    du_map_set(a, v, "counts", du_ctx_statuses(c, s->count, s->lights));
    du_map_num(a, v, "tasks", (double)s->ntasks);
    du_map_num(a, v, "overdue", (double)s->noverdue);
    du_map_set(a, v, "start_text", du_ctx_date(c, p->start));
    du_map_set(a, v, "end_text", du_ctx_date(c, p->end));
    du_map_str(a, v, "issuers", du_join(c, p->issuers, p->nissuers));
    return v;
}

du_val *du_ctx_home(du_sctx *c)
{
    const du_model *m = c->sh->m;
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "home", NULL);
    du_val *sum = du_ctx_statuses(c, st->count, st->lights);
    du_map_num(a, sum, "tasks", (double)st->ntasks);
    du_map_num(a, sum, "overdue", (double)st->noverdue);
    du_map_num(a, sum, "stale", (double)st->nstale);
    du_map_num(a, sum, "plans", (double)m->nplans);
    du_map_num(a, sum, "units", (double)m->nunits);
    du_map_num(a, sum, "entries", (double)st->ncurrent);
    du_map_set(a, v, "summary", sum);
    du_val *plans = du_val_list(a);
    for (size_t i = 0; i < m->nplans; i++)
        du_list_push(a, plans, du_ctx_plan_summary(c, m->plans[i]));
    du_map_set(a, v, "plans", plans);
    if (st->nperiods && du_site_writes(&m->site, DU_PG_BRIEFINGS)) {
        const du_period *per = &st->periods[st->nperiods - 1];
        du_val *b = du_val_map(a);
        du_map_str(a, b, "label", du_ctx_period_label(c, per));
        du_map_num(a, b, "number", per->number);
        du_map_str(a, b, "url", du_rel_brief(&c->a, per, NULL, "html"));
        du_map_str(a, b, "md_url", du_rel_brief(&c->a, per, NULL, "md"));
        du_map_set(a, b, "date_text", du_ctx_date(c, du_brief_date(st, per)));
        du_map_num(a, b, "entries", (double)per->all.nentries);
        du_map_num(a, b, "completed", (double)per->all.ncompleted);
        du_map_num(a, b, "problems", (double)per->all.nproblems);
        du_map_num(a, b, "upcoming", (double)per->all.nupcoming);
        du_map_set(a, v, "latest_brief", b);
    }
    du_val *latest = du_val_list(a);
    for (size_t i = 0; i < st->ncurrent && i < DU_HOME_LATEST; i++)
        du_list_push(a, latest, du_ctx_entry(c, st->current[st->ncurrent - 1 - i], false));
    du_map_set(a, v, "latest", latest);
    return v;
}

/* ---- plan ---- */

static du_val *du_ctx_indicator(du_sctx *c, const du_indicator *ind)
{
    static const char *const sym[] = {"≥", "≤", "="};
    du_arena *a = &c->a;
    const du_indstate *s = &c->sh->st->inds[ind->gindex];
    du_val *v = du_x_indicator(&c->x, ind);
    if (ind->target_text) {
        du_map_str(a, v, "target_display", ind->target_text);
    } else if (ind->has_target) {
        du_buf_clear(&c->tmp);
        du_buf_puts(&c->tmp, sym[ind->cmp]);
        du_buf_put_num(&c->tmp, ind->target);
        du_map_str(a, v, "target_display", du_arena_strdup(a, c->tmp.ptr));
    }
    du_map_str(a, v, "mode_label", du_lab(c, "mode", ind->mode == DU_MODE_CUMULATIVE ? "cumulative" : "annual"));
    du_map_bool(a, v, "has_actual", s->has_actual);
    if (s->has_actual)
        du_map_set(a, v, "actual_date_text", du_ctx_date(c, s->actual_date));
    du_map_bool(a, v, "has_attainment", s->attainment >= 0);
    du_map_num(a, v, "bar", s->attainment >= 0 ? (s->attainment > 100 ? 100 : du_round1(s->attainment)) : 0);
    du_map_bool(a, v, "has_target", ind->has_target);
    du_map_set(a, v, "baseline", du_num_or_null(c, ind->has_baseline, ind->baseline));
    du_map_bool(a, v, "has_years", s->nyears > 0);
    du_map_set(a, v, "plan", du_ctx_plan_ref(c, ind->plan));
    return v;
}

static du_val *du_ctx_tables(du_sctx *c, const du_plan *p)
{
    du_arena *a = &c->a;
    du_val *l = du_val_list(a);
    for (size_t i = 0; i < p->ntables; i++) {
        const du_table *t = &p->tables[i];
        du_val *tv = du_val_map(a), *cols = du_val_list(a), *rows = du_val_list(a);
        du_map_str(a, tv, "id", t->id);
        du_map_str(a, tv, "caption", t->caption);
        du_opt(a, tv, "unit", t->unit);
        for (size_t k = 0; k < t->ncols; k++)
            du_list_push(a, cols, du_val_str(a, t->columns[k]));
        du_map_set(a, tv, "columns", cols);
        for (size_t r = 0; r < t->nrows; r++) {
            du_val *row = du_val_map(a), *cells = du_val_list(a);
            du_opt(a, row, "head", t->rowlen[r] ? t->rows[r][0] : NULL);
            for (size_t k = 1; k < t->rowlen[r]; k++)
                du_list_push(a, cells, du_val_str(a, t->rows[r][k]));
            du_map_set(a, row, "cells", cells);
            du_list_push(a, rows, row);
        }
        du_map_set(a, tv, "rows", rows);
        du_list_push(a, l, tv);
    }
    return l;
}

bool du_brief_exists(const du_period *per, const du_plan *p)
{
    return !p || p->start == DU_DATE_NONE || per->end >= p->start;
}

du_val *du_ctx_plan(du_sctx *c, const du_plan *p)
{
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "plans", p->title);
    du_val *pv = du_ctx_plan_summary(c, p);
    du_map_str(a, pv, "kind", p->kind);
    du_map_set(a, pv, "signed_text", du_ctx_date(c, p->signed_on));
    du_map_set(a, pv, "issued_text", du_ctx_date(c, p->issued_on));
    du_opt(a, pv, "regions", p->nregions ? du_join(c, p->regions, p->nregions) : NULL);
    du_opt(a, pv, "addressees", p->addressees);
    du_map_bool(a, pv, "public", p->is_public);
    du_map_set(a, pv, "notice_html", du_md(c, p->notice, 3));
    du_map_set(a, pv, "preamble_html", du_md(c, p->preamble, 3));
    du_map_num(a, pv, "expected", du_round1(st->plans[p->index].s.expected));
    du_val *basis = du_val_list(a);
    for (size_t i = 0; i < p->nbasis; i++) {
        const du_basis *b = &p->basis[i];
        du_val *bv = b->plan ? du_ctx_plan_ref(c, b->plan) : du_val_map(a);
        if (!b->plan) {
            du_opt(a, bv, "doc_number", b->doc);
            du_opt(a, bv, "title", b->title);
            du_opt(a, bv, "url", NULL);
        }
        du_list_push(a, basis, bv);
    }
    du_map_set(a, pv, "basis", basis);
    du_map_bool(a, pv, "has_basis", p->nbasis > 0);
    du_map_set(a, v, "plan", pv);
    du_val *items = du_val_list(a);
    for (size_t i = 0; i < p->nitems; i++)
        du_list_push(a, items, du_ctx_item_row(c, p->items[i]));
    du_map_set(a, v, "items", items);
    du_val *inds = du_val_list(a);
    for (size_t i = 0; i < p->nindicators; i++)
        du_list_push(a, inds, du_ctx_indicator(c, p->indicators[i]));
    du_map_set(a, v, "indicators", inds);
    du_map_set(a, v, "tables", du_ctx_tables(c, p));
    du_val *figs = du_val_list(a);
    for (size_t i = 0; i < p->nfigures; i++) {
        du_val *f = du_val_map(a);
        du_map_str(a, f, "caption", p->figures[i].caption);
        du_opt(a, f, "note", p->figures[i].note);
        du_list_push(a, figs, f);
    }
    du_map_set(a, v, "figures", figs);
    du_map_bool(a, v, "has_indicators", p->nindicators > 0);
    du_map_bool(a, v, "has_tables", p->ntables > 0);
    du_map_bool(a, v, "has_figures", p->nfigures > 0);
    du_val *briefs = du_val_list(a);
    bool written = du_site_writes(&c->sh->m->site, DU_PG_PLAN_BRIEFINGS);
    for (size_t i = written ? st->nperiods : 0; i-- > 0;) {
        const du_period *per = &st->periods[i];
        if (!du_brief_exists(per, p))
            continue;
        du_val *b = du_val_map(a);
        du_map_str(a, b, "label", du_ctx_period_label(c, per));
        du_map_num(a, b, "number", per->number);
        du_map_str(a, b, "url", du_rel_brief(&c->a, per, p, "html"));
        du_map_str(a, b, "md_url", du_rel_brief(&c->a, per, p, "md"));
        du_map_num(a, b, "entries", (double)per->plans[p->index].nentries);
        du_list_push(a, briefs, b);
    }
    du_map_set(a, v, "briefings", briefs);
    du_map_bool(a, v, "has_briefings", briefs->len > 0);
    return v;
}

/* ---- item ---- */

du_val *du_ctx_item(du_sctx *c, const du_item *it)
{
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "plans", du_ctx_cat(a, it->number, " ", it->title, NULL));
    du_map_bool(a, v, "in_item", true); /* entries need not name the item */
    du_map_set(a, v, "plan", du_ctx_plan_ref(c, it->plan));
    du_val *crumbs = du_val_list(a);
    const du_item *chain[64];
    size_t n = 0;
    for (const du_item *p = it->parent; p && n < 64; p = p->parent)
        chain[n++] = p;
    while (n-- > 0) {
        du_val *cv = du_val_map(a);
        du_map_str(a, cv, "number", chain[n]->number);
        du_map_str(a, cv, "title", chain[n]->title);
        du_map_str(a, cv, "url", du_item_url(c, chain[n]));
        du_list_push(a, crumbs, cv);
    }
    du_map_set(a, v, "crumbs", crumbs);
    du_val *iv = du_ctx_item_row(c, it);
    du_map_set(a, iv, "body_html", du_md(c, it->body, 2)); /* right below the h1 */
    const du_istate *s = &st->items[it->gindex];
    du_val *bu = du_val_list(a);
    for (size_t i = 0; i < s->nbyunit; i++) {
        du_val *u = du_ctx_unit_ref(c, s->byunit[i].unit);
        du_map_str(a, u, "status_label", du_lab(c, "status", du_status_key(s->byunit[i].status)));
        du_map_str(a, u, "status", du_status_key(s->byunit[i].status));
        du_map_set(a, u, "date_text", du_ctx_date(c, s->byunit[i].latest->date));
        du_list_push(a, bu, u);
    }
    du_map_set(a, iv, "by_unit", bu);
    du_map_bool(a, iv, "has_by_unit", bu->len > 0);
    du_val *kids = du_val_list(a);
    for (size_t i = 0; i < it->nchildren; i++)
        du_list_push(a, kids, du_ctx_item_row(c, it->children[i]));
    du_map_set(a, iv, "children", kids);
    du_val *ents = du_val_list(a);
    du_val *self = s->nentries ? du_ctx_entry_item(c, it) : NULL; /* every entry's item */
    for (size_t i = s->nentries; i-- > 0;)
        du_list_push(a, ents, du_ctx_entry_of(c, s->entries[i], false, self));
    du_map_set(a, iv, "entries", ents);
    du_map_bool(a, iv, "has_entries", ents->len > 0);
    du_map_bool(a, iv, "has_children", kids->len > 0);
    du_map_set(a, v, "item", iv);
    return v;
}

/* ---- units ---- */

static int du_cmp_region(const void *x, const void *y)
{
    const du_unit *a = *(du_unit *const *)x, *b = *(du_unit *const *)y;
    int r = strcmp(a->region, b->region);
    return r ? r : (a->index < b->index ? -1 : a->index > b->index);
}

static du_val *du_ctx_unit_counts(du_sctx *c, const du_unit *u)
{
    du_arena *a = &c->a;
    const du_uview *w = &c->sh->st->units[u->index];
    du_val *v = du_ctx_unit_ref(c, u);
    du_opt(a, v, "level", u->level);
    du_map_num(a, v, "tasks", (double)w->nitems);
    du_map_num(a, v, "overdue", (double)w->noverdue);
    du_map_num(a, v, "red", (double)w->lights[DU_RED]);
    du_map_num(a, v, "done", (double)w->count[DU_ST_DONE]);
    du_map_num(a, v, "reports", (double)w->nreports);
    return v;
}

du_val *du_ctx_units(du_sctx *c)
{
    const du_model *m = c->sh->m;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "units", du_lab(c, NULL, "units"));
    du_unit **s = du_xmalloc((m->nunits + 1) * sizeof *s);
    if (m->nunits)
        memcpy(s, m->units, m->nunits * sizeof *s);
    qsort(s, m->nunits, sizeof *s, du_cmp_region);
    du_val *regions = du_val_list(a), *cur = NULL;
    for (size_t i = 0; i < m->nunits; i++) {
        if (!i || strcmp(s[i]->region, s[i - 1]->region) != 0) {
            du_val *r = du_val_map(a);
            du_map_str(a, r, "name", s[i]->region);
            cur = du_val_list(a);
            du_map_set(a, r, "units", cur);
            du_list_push(a, regions, r);
        }
        du_list_push(a, cur, du_ctx_unit_counts(c, s[i]));
    }
    free(s);
    du_map_set(a, v, "regions", regions);
    du_map_num(a, v, "count", (double)m->nunits);
    return v;
}

du_val *du_ctx_unit(du_sctx *c, const du_unit *u)
{
    du_arena *a = &c->a;
    const du_uview *w = &c->sh->st->units[u->index];
    du_val *v = du_ctx_base(c, "units", u->name);
    du_val *uv = du_ctx_unit_counts(c, u);
    du_map_str(a, uv, "region", u->region);
    du_opt(a, uv, "notes", u->notes);
    du_opt(a, uv, "aliases", u->naliases ? du_join(c, u->aliases, u->naliases) : NULL);
    du_opt(a, uv, "short_name",
           u->short_name && strcmp(u->short_name, u->name) != 0 ? u->short_name : NULL);
    du_map_set(a, uv, "parent", u->parent ? du_ctx_unit_ref(c, u->parent) : du_val_null(a));
    du_map_set(a, uv, "counts", du_ctx_statuses(c, w->count, w->lights));
    du_map_set(a, v, "unit", uv);
    du_val *items = du_val_list(a);
    for (size_t i = 0; i < w->nitems; i++) {
        du_val *r = du_ctx_item_row(c, w->items[i]);
        du_map_set(a, r, "plan", du_ctx_plan_ref(c, w->items[i]->plan));
        du_map_str(a, r, "role", du_lab(c, "role", w->as_lead[i] ? "lead" : "responsible"));
        du_map_bool(a, r, "is_lead", w->as_lead[i]);
        du_list_push(a, items, r);
    }
    du_map_set(a, v, "items", items);
    du_map_bool(a, v, "has_items", w->nitems > 0);
    return v;
}

/* ---- pairings, indicators ---- */

du_val *du_ctx_pairings(du_sctx *c)
{
    const du_model *m = c->sh->m;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "pairings", du_lab(c, NULL, "pairings"));
    du_val *progs = du_val_list(a);
    bool *done = du_xcalloc(m->npairings + 1, sizeof *done);
    /* programs in order of first appearance, pairings in file order */
    for (size_t i = 0; i < m->npairings; i++) {
        if (done[i])
            continue;
        du_val *g = du_val_map(a), *l = du_val_list(a);
        du_map_str(a, g, "name", m->pairings[i]->program);
        for (size_t k = i; k < m->npairings; k++) {
            const du_pairing *p = m->pairings[k];
            if (done[k] || strcmp(p->program, m->pairings[i]->program) != 0)
                continue;
            done[k] = true;
            du_val *pv = du_x_pairing(&c->x, p);
            du_map_str(a, pv, "counties_text", du_join(c, p->counties, p->ncounties));
            const du_plan *src = p->source ? du_model_plan(m, p->source) : NULL;
            du_map_set(a, pv, "source_plan", src ? du_ctx_plan_ref(c, src) : du_val_null(a));
            du_list_push(a, l, pv);
        }
        du_map_set(a, g, "pairings", l);
        du_list_push(a, progs, g);
    }
    free(done);
    du_map_set(a, v, "programs", progs);
    du_map_num(a, v, "count", (double)m->npairings);
    return v;
}

du_val *du_ctx_indicators(du_sctx *c)
{
    const du_model *m = c->sh->m;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "indicators", du_lab(c, NULL, "indicators"));
    du_val *plans = du_val_list(a);
    for (size_t i = 0; i < m->nplans; i++) {
        const du_plan *p = m->plans[i];
        if (!p->nindicators)
            continue;
        du_val *pv = du_ctx_plan_ref(c, p), *inds = du_val_list(a);
        for (size_t k = 0; k < p->nindicators; k++)
            du_list_push(a, inds, du_ctx_indicator(c, p->indicators[k]));
        du_map_set(a, pv, "indicators", inds);
        du_list_push(a, plans, pv);
    }
    du_map_set(a, v, "plans", plans);
    du_map_num(a, v, "count", (double)m->nindicators);
    return v;
}

/* ---- progress ---- */

/* A link of the pager to page i: the newest is labelled as such, not by
 * its number, which grows. */
static void du_pager_link(du_sctx *c, du_val *links, size_t i, size_t page)
{
    du_arena *a = &c->a;
    size_t pages = c->sh->nprogress;
    du_val *l = du_val_map(a);
    bool newest = i + 1 >= pages;
    if (!newest)
        du_map_num(a, l, "n", (double)i + 1);
    du_map_bool(a, l, "newest", newest);
    du_map_str(a, l, "url", du_rel_progress(a, i, pages));
    du_map_bool(a, l, "current", i == page);
    du_list_push(a, links, l);
}

static du_val *du_pager_gap(du_sctx *c)
{
    du_val *gap = du_val_map(&c->a);
    du_map_bool(&c->a, gap, "gap", true);
    return gap;
}

/* The pager of progress page `page` (0 is the oldest). An archive page
 * gets only what stays true while entries are added after it: its own
 * number and its neighbours; the total count and the number of pages are
 * on the newest page alone (see du_progress_layout). */
static du_val *du_ctx_pager(du_sctx *c, size_t page)
{
    du_arena *a = &c->a;
    size_t pages = c->sh->nprogress;
    bool newest = page + 1 >= pages;
    du_val *v = du_val_map(a), *links = du_val_list(a);
    du_map_num(a, v, "page", (double)page + 1);
    du_map_bool(a, v, "newest", newest);
    if (newest)
        du_map_num(a, v, "pages", (double)pages);
    du_map_bool(a, v, "several", pages > 1);
    if (!newest)
        du_map_str(a, v, "prev", du_rel_progress(&c->a, page + 1, pages));
    if (page > 0)
        du_map_str(a, v, "next", du_rel_progress(&c->a, page - 1, pages));
    /* newest first: the newest page, a window around this one, the
     * oldest; a gap marks each run of pages left out */
    size_t top = pages >= 2 ? pages - 2 : 0; /* the newest archive page */
    size_t hi = page + DU_PAGER_SPAN < top ? page + DU_PAGER_SPAN : top;
    size_t lo = page > DU_PAGER_SPAN ? page - DU_PAGER_SPAN : 0;
    if (pages > 1) {
        du_pager_link(c, links, pages - 1, page);
        if (hi < top)
            du_list_push(a, links, du_pager_gap(c));
        for (size_t i = hi + 1; i-- > lo;)
            du_pager_link(c, links, i, page);
        if (lo > 1)
            du_list_push(a, links, du_pager_gap(c));
        if (lo > 0)
            du_pager_link(c, links, 0, page);
    }
    du_map_set(a, v, "links", links);
    return v;
}

uint64_t du_progress_layout(const du_site_shared *sh, size_t page)
{
    /* what the pager of an archive page shows depends on the number of
     * pages only when the page is near the newest */
    size_t pages = sh->nprogress;
    uint64_t near = page + DU_PAGER_SPAN + 3 >= pages ? pages : 0;
    return ((uint64_t)page << 40) ^ ((uint64_t)sh->page_size << 20) ^ near ^
           (page + 1 >= pages ? UINT64_C(1) << 63 : 0);
}

void du_progress_range(const du_site_shared *sh, size_t page, size_t *from, size_t *to)
{
    size_t n = sh->st->ncurrent, ps = sh->page_size;
    *from = page * ps < n ? page * ps : n;
    *to = *from + ps < n ? *from + ps : n;
}

du_val *du_ctx_progress(du_sctx *c, size_t page)
{
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "progress", du_lab(c, NULL, "progress"));
    size_t from, to;
    du_progress_range(c->sh, page, &from, &to);
    du_val *ents = du_val_list(a);
    for (size_t i = to; i-- > from;)
        du_list_push(a, ents, du_ctx_entry(c, st->current[i], false));
    du_map_set(a, v, "entries", ents);
    du_map_set(a, v, "pager", du_ctx_pager(c, page));
    if (page + 1 >= c->sh->nprogress)
        du_map_num(a, v, "count", (double)st->ncurrent);
    return v;
}

/* ---- briefings index, 404 ---- */

du_val *du_ctx_briefings(du_sctx *c)
{
    const du_model *m = c->sh->m;
    const du_state *st = c->sh->st;
    du_arena *a = &c->a;
    du_val *v = du_ctx_base(c, "briefings", du_lab(c, NULL, "briefings"));
    du_val *pers = du_val_list(a);
    size_t nplans = du_site_writes(&m->site, DU_PG_PLAN_BRIEFINGS) ? m->nplans : 0;
    for (size_t i = st->nperiods; i-- > 0;) {
        const du_period *per = &st->periods[i];
        du_val *pv = du_val_map(a), *plans = du_val_list(a);
        du_map_str(a, pv, "label", du_ctx_period_label(c, per));
        du_map_num(a, pv, "number", per->number);
        du_map_str(a, pv, "url", du_rel_brief(&c->a, per, NULL, "html"));
        du_map_str(a, pv, "md_url", du_rel_brief(&c->a, per, NULL, "md"));
        du_map_set(a, pv, "date_text", du_ctx_date(c, du_brief_date(st, per)));
        du_map_num(a, pv, "entries", (double)per->all.nentries);
        du_map_num(a, pv, "problems", (double)per->all.nproblems);
        for (size_t k = 0; k < nplans; k++) {
            const du_plan *p = m->plans[k];
            if (!du_brief_exists(per, p) || !per->plans[k].nentries)
                continue;
            du_val *b = du_ctx_plan_ref(c, p);
            du_map_str(a, b, "url", du_rel_brief(&c->a, per, p, "html"));
            du_map_str(a, b, "md_url", du_rel_brief(&c->a, per, p, "md"));
            du_map_num(a, b, "entries", (double)per->plans[k].nentries);
            du_list_push(a, plans, b);
        }
        du_map_set(a, pv, "plans", plans);
        du_list_push(a, pers, pv);
    }
    du_map_set(a, v, "periods", pers);
    return v;
}

du_val *du_ctx_404(du_sctx *c)
{
    const du_val *base = du_map_get(c->sh->site, "base_url");
    /* the server shows this page at any depth: absolute links when the
     * site's address is known, links from the root otherwise */
    if (base)
        c->root = base->str;
    return du_ctx_base(c, NULL, du_lab(c, NULL, "not_found"));
}
