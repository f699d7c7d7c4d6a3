/* site_ctx.h - the data each page template gets, built from the model and
 * its derived state (never computing a status of its own). Links are
 * relative: every URL in the data is relative to the output root, and
 * templates prefix it with {{root}}, the "../" path of the page.
 * Page data lives in the builder's arena, which the caller resets between
 * pages; one builder per thread. docs/themes.md describes every key. */
#ifndef DU_SITE_CTX_H
#define DU_SITE_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "derive.h"
#include "export.h"
#include "model.h"
#include "value.h"

/* Read-only data shared by every thread of a build. */
typedef struct du_site_shared {
    const du_model *m;
    const du_state *st;
    const du_val *t;       /* the theme's labels */
    du_val *site;          /* site-wide map: title, publisher, as_of … */
    du_val *consts;        /* "t" and "site": the same on every page (du_tpl_env_set_consts) */
    bool en;               /* English dates and period labels */
    size_t page_size;      /* entries per progress page */
    size_t nprogress;      /* progress pages (at least 1) */
    size_t feed_entries;   /* newest entries in the Atom feed */
} du_site_shared;

/* One thread's page builder. */
typedef struct du_sctx {
    const du_site_shared *sh;
    du_arena a;
    du_export x;
    du_buf tmp;
    const char *root;      /* "", "../" or "../../" for the current page */
    du_arena keep;         /* what outlives a page: the date texts, the references below */
    const du_val **plan_refs, **unit_refs; /* entries' plan and unit references, by index */
    const char **item_urls, **unit_urls;   /* links to items (by gindex) and units, in keep */
    du_date *dkey;         /* dates written so far (open addressing) */
    const char **dtext;    /* their texts, in keep */
    size_t dslots, dcount;
} du_sctx;

/* Fill sh->site (allocated in a, which must outlive the build). */
void du_site_shared_init(du_site_shared *sh, const du_model *m, const du_state *st,
                         const du_val *t, du_arena *a);

void du_sctx_init(du_sctx *c, const du_site_shared *sh);
/* Free the previous page's data and start a page at depth (0, 1, 2). */
void du_sctx_page(du_sctx *c, int depth);
void du_sctx_free(du_sctx *c);

/* Output paths, in arena a, or on the heap (the caller frees them) when a
 * is NULL. */
char *du_rel_plan(du_arena *a, const du_plan *p);
char *du_rel_item(du_arena *a, const du_item *it);
char *du_rel_unit(du_arena *a, const du_unit *u);
/* Progress page `page` of `pages`, numbered from the oldest: the newest
 * is progress.html, the others progress/N.html with N = page + 1, so a
 * page keeps its entries and its address as new entries come. */
char *du_rel_progress(du_arena *a, size_t page, size_t pages);
char *du_rel_brief(du_arena *a, const du_period *per, const du_plan *p, const char *ext);
char *du_rel_brief_latest(du_arena *a, const du_plan *p, const char *ext);
/* The strings up to a NULL argument joined, in arena a (heap when NULL). */
char *du_ctx_cat(du_arena *a, const char *first, ...);

/* Page data. Each returns the root map of a page's context. */
du_val *du_ctx_home(du_sctx *c);
du_val *du_ctx_plan(du_sctx *c, const du_plan *p);
du_val *du_ctx_item(du_sctx *c, const du_item *it);
du_val *du_ctx_units(du_sctx *c);
du_val *du_ctx_unit(du_sctx *c, const du_unit *u);
du_val *du_ctx_pairings(du_sctx *c);
du_val *du_ctx_indicators(du_sctx *c);
du_val *du_ctx_progress(du_sctx *c, size_t page);
/* The entries [from, to) of st->current on progress page `page`, and a
 * number for everything else that page shows (deps.h). */
void du_progress_range(const du_site_shared *sh, size_t page, size_t *from, size_t *to);
uint64_t du_progress_layout(const du_site_shared *sh, size_t page);
du_val *du_ctx_briefings(du_sctx *c);
du_val *du_ctx_404(du_sctx *c);
/* The Markdown briefing of period per for plan p (NULL: all plans). */
du_val *du_ctx_brief_md(du_sctx *c, const du_period *per, const du_plan *p);
/* The HTML page around html, the briefing's Markdown rendered by cmark. */
du_val *du_ctx_brief_html(du_sctx *c, const du_period *per, const du_plan *p, const char *html);
/* feed.xml; sitemap.xml over the HTML pages rels[0..n). */
du_val *du_ctx_feed(du_sctx *c);
du_val *du_ctx_sitemap(du_sctx *c, char *const *rels, size_t n);

/* Shared helpers for the builders (site_ctx.c, site_brief.c). */
du_val *du_ctx_base(du_sctx *c, const char *section, const char *title);
du_val *du_ctx_date(du_sctx *c, du_date d);
du_val *du_ctx_entry(du_sctx *c, const du_entry *e, bool md);
/* The same with the value of the entry's item made beforehand (all the
 * entries of an item's page share it), or NULL to make it. */
du_val *du_ctx_entry_of(du_sctx *c, const du_entry *e, bool md, du_val *item);
/* An entry's id in pages: "plan-id/item-id/N", N its place among the
 * item's entries (stable while other items' entries change). */
const char *du_ctx_anchor(du_sctx *c, const du_entry *e);
du_val *du_ctx_item_row(du_sctx *c, const du_item *it);
du_val *du_ctx_plan_ref(du_sctx *c, const du_plan *p);
du_val *du_ctx_unit_ref(du_sctx *c, const du_unit *u);
du_val *du_ctx_statuses(du_sctx *c, const size_t *count, const size_t *lights);
const char *du_ctx_period_label(const du_sctx *c, const du_period *per);
/* Whether plan p (NULL: all plans) has a briefing for per: not for
 * periods that end before the plan starts. */
bool du_brief_exists(const du_period *per, const du_plan *p);
/* Date a briefing carries: its period's end, or as_of while it runs. */
du_date du_brief_date(const du_state *st, const du_period *per);

#endif
