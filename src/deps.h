/* deps.h - what each output depends on, for incremental builds.
 *
 * A build's inputs split in two. The global key covers everything except
 * the progress entries: the binary, the options, the theme, site.yaml, the
 * units, the pairings, the plans, and what the derived state makes of all
 * entries together that every page shows (the briefing periods and their
 * numbers). Each plan then has a key of its own, over the entries reported
 * on its items or its indicators. An output records, in the output
 * manifest, the plans it shows (or "every plan"), and where that is too
 * coarse a key of its own inputs; the next build links it from the
 * previous output instead of rendering it when the global key, the keys of
 * those plans and its own key are all unchanged (docs/performance.md,
 * "Incremental builds"). The keys are computed here, once, from the model
 * and its derived state; the renderers only look them up. */
#ifndef DU_DEPS_H
#define DU_DEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "derive.h"
#include "model.h"
#include "output.h"   /* du_dep: what one output file depends on */

typedef struct du_deps {
    const du_model *m;
    const du_state *st;
    uint64_t global;
    uint64_t *plan;        /* by plan index */
    const char **names;    /* the plans' ids, by plan index (sorted: plans are) */
    uint64_t *entry;       /* by du_entry.index: a hash of everything in the entry */
    uint64_t *task;        /* by du_item.gindex: the item's state as pages show it */
    size_t ncurrent;       /* st->ncurrent, counted from the model */
    uint64_t *upto;        /* by position in st->current: entries [0..i] */
    du_date *dates;        /* their dates */
    uint64_t **plan_upto;  /* by plan: the same over the plan's current entries */
    du_date **plan_dates;  /* their dates */
    size_t *plan_n;
    uint64_t orphans;      /* the entries of no plan (every output depends on them) */
} du_deps;

/* Compute every key. inputs is the fingerprint of everything but the
 * progress files (du_fingerprint's global part). */
void du_deps_init(du_deps *dp, const du_model *m, const du_state *st, uint64_t inputs);
/* The same in two steps: begin needs only the resolved model (the
 * entries' hashes, the plans' keys and the running hashes over the
 * current entries), so it may run on another thread while du_derive
 * makes st; finish needs st (the periods and the tasks' states). */
void du_deps_begin(du_deps *dp, const du_model *m);
void du_deps_finish(du_deps *dp, const du_state *st, uint64_t inputs);
/* The tasks' keys, which finish makes unless this was called first: they
 * need begin's keys and what du_derive_items makes, so they may be made
 * on another thread while du_derive_views runs. */
void du_deps_tasks(du_deps *dp, const du_state *st);
void du_deps_free(du_deps *dp);

/* Hash of every field of an entry (what its files say of it). */
uint64_t du_deps_entry_hash(const du_entry *e);

du_dep du_deps_every(void);                                /* every plan */
du_dep du_deps_none(void);                                 /* the global key only */
du_dep du_deps_plan(const du_deps *dp, const du_plan *p); /* one plan */
/* A unit's page and workbook: its tasks, their state, its counts. */
du_dep du_deps_unit(const du_deps *dp, const du_unit *u);
/* A page holding current entries [from, to) (st->current, oldest first);
 * layout is a number standing for whatever else the page shows (its
 * number, the links of its pager). */
du_dep du_deps_progress(const du_deps *dp, size_t from, size_t to, uint64_t layout);
/* A briefing of period per for plan p (NULL: all plans): the entries up
 * to the period's end, of that plan or of all. */
du_dep du_deps_brief(const du_deps *dp, const du_period *per, const du_plan *p);

#endif
