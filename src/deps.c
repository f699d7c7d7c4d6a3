/* deps.c - the keys of incremental builds (see deps.h). */
#include "deps.h"
#include "arena.h"
#include "buf.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

static uint64_t du_hash_f64(uint64_t h, double v)
{
    return du_hash_add(h, &v, sizeof v);
}

/* An entry's fields go through du_hasher_mix a word at a time: for each
 * word it is a bijection of the state, so a change in any one word of the
 * stream changes the key. A text gives its words, then its last bytes
 * (the last eight, or a shorter text zero padded) and its length, which
 * keeps "ab", "c" apart from "a", "bc"; NULL gives a word of its own. */
static uint64_t du_key_text(uint64_t h, const char *s)
{
    if (!s)
        return du_hasher_mix(h, UINT64_C(0x9E3779B97F4A7C15));
    size_t n = strlen(s), left = n;
    const unsigned char *p = (const unsigned char *)s;
    uint64_t w;
    for (; left >= 8; p += 8, left -= 8) {
        memcpy(&w, p, 8);
        h = du_hasher_mix(h, w);
    }
    w = 0;
    if (left && n >= 8) {
        memcpy(&w, s + n - 8, 8); /* the last eight bytes, overlapping the word before */
    } else {
        for (size_t i = 0; i < left; i++)
            w |= (uint64_t)p[i] << (8 * i);
    }
    return du_hasher_mix(du_hasher_mix(h, w), (uint64_t)n);
}

static uint64_t du_key_u64(uint64_t h, uint64_t v) { return du_hasher_mix(h, v); }

static uint64_t du_key_f64(uint64_t h, double v)
{
    uint64_t w;
    memcpy(&w, &v, sizeof w);
    return du_hasher_mix(h, w);
}

uint64_t du_deps_entry_hash(const du_entry *e)
{
    /* every field an editor writes; positions in the file are left out,
     * so moving or commenting an entry changes nothing shown */
    uint64_t h = DU_HASH_INIT;
    h = du_key_u64(h, (uint64_t)(int64_t)e->date);
    h = du_key_text(h, e->item_ref);
    h = du_key_text(h, e->unit_printed);
    h = du_key_u64(h, (uint64_t)(int64_t)e->status);
    h = du_key_f64(h, e->percent);
    h = du_key_text(h, e->summary);
    h = du_key_u64(h, e->nvalues);
    for (size_t i = 0; i < e->nvalues; i++) {
        h = du_key_text(h, e->values[i].ref);
        h = du_key_f64(h, e->values[i].value);
    }
    h = du_key_u64(h, e->nsources);
    for (size_t i = 0; i < e->nsources; i++) {
        const du_source *s = &e->sources[i];
        h = du_key_text(h, s->title);
        h = du_key_text(h, s->outlet);
        h = du_key_text(h, s->url);
        h = du_key_u64(h, (uint64_t)(int64_t)s->date);
    }
    return du_hash_mix64(h);
}

/* Calls fn for each plan an entry is reported on: its item's, and the
 * plans of the indicators it gives values for (once each). False when
 * the entry belongs to no plan. */
static bool du_entry_plans(const du_entry *e, void (*fn)(void *, size_t), void *ud)
{
    if (!e->item || !e->item->plan)
        return false;
    size_t own = e->item->plan->index;
    fn(ud, own);
    for (size_t i = 0; i < e->nvalues; i++) {
        const du_indicator *ind = e->values[i].ind;
        if (!ind || !ind->plan || ind->plan->index == own)
            continue;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = e->values[k].ind && e->values[k].ind->plan == ind->plan;
        if (!seen)
            fn(ud, ind->plan->index);
    }
    return true;
}

/* The current state of a task as pages show it, with its own entries
 * (whose places among the task's entries name them in pages). */
static uint64_t du_state_hash(const du_deps *dp, uint64_t h, const du_item *it)
{
    const du_istate *s = &dp->st->items[it->gindex];
    h = du_hash_u64(h, it->gindex);
    h = du_hash_u64(h, (uint64_t)(int64_t)s->status);
    h = du_hash_f64(h, s->percent);
    h = du_hash_f64(h, s->expected);
    h = du_hash_u64(h, (uint64_t)s->overdue | (uint64_t)s->stale << 1 | (uint64_t)s->behind << 2);
    h = du_hash_u64(h, (uint64_t)(int64_t)s->light);
    h = du_hash_u64(h, s->nentries);
    for (size_t i = 0; i < s->nentries; i++)
        h = du_hash_u64(h, dp->entry[s->entries[i]->index]);
    h = du_hash_u64(h, s->ntasks);
    h = du_hash_u64(h, s->noverdue);
    h = du_hash_add(h, s->count, sizeof s->count);
    h = du_hash_add(h, s->lights, sizeof s->lights);
    h = du_hash_u64(h, s->nbyunit);
    for (size_t i = 0; i < s->nbyunit; i++) {
        h = du_hash_u64(h, s->byunit[i].unit->index);
        h = du_hash_u64(h, (uint64_t)(int64_t)s->byunit[i].status);
        h = du_hash_u64(h, du_entry_ordinal(dp->st, s->byunit[i].latest));
    }
    return h;
}

/* An entry's hash joins the key of each plan it is reported on and, for
 * a current entry, that plan's running hashes (plan_upto, plan_dates),
 * the arrays grown as they fill. */
typedef struct {
    du_deps *dp;
    const du_entry *e;
    uint64_t eh;
    bool current;
    size_t *cap;
} du_plan_add;

static void du_add_to_plan(void *ud, size_t p)
{
    du_plan_add *a = ud;
    du_deps *dp = a->dp;
    dp->plan[p] = du_hash_u64(dp->plan[p], a->eh);
    if (!a->current)
        return;
    size_t k = dp->plan_n[p]++;
    if (k == a->cap[p]) {
        a->cap[p] = a->cap[p] ? a->cap[p] * 2 : 16;
        dp->plan_upto[p] = du_xrealloc(dp->plan_upto[p], a->cap[p] * sizeof **dp->plan_upto);
        dp->plan_dates[p] = du_xrealloc(dp->plan_dates[p], a->cap[p] * sizeof **dp->plan_dates);
    }
    uint64_t prev = k ? dp->plan_upto[p][k - 1] : DU_HASH_INIT;
    dp->plan_upto[p][k] = du_hash_u64(prev, a->eh);
    dp->plan_dates[p][k] = a->e->date;
}

void du_deps_begin(du_deps *dp, const du_model *m)
{
    memset(dp, 0, sizeof *dp);
    dp->m = m;
    size_t np = m->nplans;
    dp->plan = du_xmalloc((np + 1) * sizeof *dp->plan);
    dp->names = du_xmalloc((np + 1) * sizeof *dp->names);
    for (size_t p = 0; p < np; p++) {
        dp->plan[p] = du_hash_str(DU_HASH_INIT, m->plans[p]->id);
        dp->names[p] = m->plans[p]->id;
    }
    /* the current entries, as du_derive counts them: those up to as_of,
     * a prefix of the entries sorted by date */
    size_t cur = 0;
    while (cur < m->nentries && m->entries[cur]->date <= m->site.as_of)
        cur++;
    dp->ncurrent = cur;
    dp->entry = du_xmalloc((m->nentries + 1) * sizeof *dp->entry);
    dp->upto = du_xmalloc((cur + 1) * sizeof *dp->upto);
    dp->dates = du_xmalloc((cur + 1) * sizeof *dp->dates);
    dp->plan_n = du_xcalloc(np + 1, sizeof *dp->plan_n);
    dp->plan_upto = du_xcalloc(np + 1, sizeof *dp->plan_upto);
    dp->plan_dates = du_xcalloc(np + 1, sizeof *dp->plan_dates);
    size_t *cap = du_xcalloc(np + 1, sizeof *cap);
    /* one walk over the entries, which lie in memory in file order and
     * are visited in date order: everything that needs them in it */
    uint64_t orphans = DU_HASH_INIT, upto = DU_HASH_INIT;
    for (size_t i = 0; i < m->nentries; i++) {
        const du_entry *e = m->entries[i];
        du_plan_add a = {dp, e, du_deps_entry_hash(e), i < cur, cap};
        dp->entry[e->index] = a.eh;
        /* an entry of no plan (a build that goes on despite it) makes
         * every output depend on it */
        if (!du_entry_plans(e, du_add_to_plan, &a))
            orphans = du_hash_u64(orphans, a.eh);
        if (a.current) {
            dp->upto[i] = upto = du_hash_u64(upto, a.eh);
            dp->dates[i] = e->date;
        }
    }
    free(cap);
    dp->orphans = orphans;
}

void du_deps_finish(du_deps *dp, const du_state *st, uint64_t inputs)
{
    dp->st = st;
    uint64_t g = du_hash_u64(DU_HASH_INIT, inputs);
    g = du_hash_u64(g, (uint64_t)(int64_t)st->as_of);
    g = du_hash_u64(g, st->nperiods);
    for (size_t i = 0; i < st->nperiods; i++) {
        const du_period *per = &st->periods[i];
        g = du_hash_u64(g, (uint64_t)(int64_t)per->start);
        g = du_hash_u64(g, (uint64_t)(int64_t)per->end);
        g = du_hash_u64(g, (uint64_t)(int64_t)per->number);
        g = du_hash_str(g, per->key);
    }
    g = du_hash_u64(g, dp->orphans);
    if (!dp->task)
        du_deps_tasks(dp, st);
    dp->global = g ? g : 1;
}

void du_deps_tasks(du_deps *dp, const du_state *st)
{
    const du_model *m = dp->m;
    dp->st = st;
    /* every item's state once: briefings and units list the same tasks
     * many times over */
    dp->task = du_xmalloc((m->nitems + 1) * sizeof *dp->task);
    for (size_t i = 0; i < m->nitems; i++)
        dp->task[i] = du_state_hash(dp, DU_HASH_INIT, m->items[i]);
}

void du_deps_init(du_deps *dp, const du_model *m, const du_state *st, uint64_t inputs)
{
    du_deps_begin(dp, m);
    du_deps_finish(dp, st, inputs);
}

void du_deps_free(du_deps *dp)
{
    for (size_t p = 0; dp->plan_upto && p < dp->m->nplans; p++) {
        free(dp->plan_upto[p]);
        free(dp->plan_dates[p]);
    }
    free(dp->plan_upto);
    free(dp->plan_dates);
    free(dp->plan_n);
    free(dp->plan);
    free(dp->names);
    free(dp->entry);
    free(dp->task);
    free(dp->upto);
    free(dp->dates);
    memset(dp, 0, sizeof *dp);
}

du_dep du_deps_every(void) { return (du_dep){.all = true}; }
du_dep du_deps_none(void) { return (du_dep){0}; }

du_dep du_deps_plan(const du_deps *dp, const du_plan *p)
{
    (void)dp;
    return (du_dep){.plans = &p->index, .nplans = 1};
}

static uint64_t du_nonzero(uint64_t h) { return h ? h : 1; }

du_dep du_deps_progress(const du_deps *dp, size_t from, size_t to, uint64_t layout)
{
    uint64_t h = du_hash_u64(DU_HASH_INIT, layout);
    h = du_hash_u64(h, to - from);
    for (size_t i = from; i < to && i < dp->st->ncurrent; i++) {
        const du_entry *e = dp->st->current[i];
        h = du_hash_u64(h, dp->entry[e->index]);
        h = du_hash_u64(h, du_entry_ordinal(dp->st, e)); /* its anchor */
    }
    return (du_dep){.own = du_nonzero(h)};
}

/* Number of dates in d[0..n), oldest first, on or before x. */
static size_t du_count_upto(const du_date *d, size_t n, du_date x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

du_dep du_deps_unit(const du_deps *dp, const du_unit *u)
{
    /* a unit's page and workbook list its tasks with their current state,
     * its counts and how many reports it made: a key of exactly that, so
     * a change in a plan re-renders only the units whose tasks it moved */
    const du_uview *w = &dp->st->units[u->index];
    uint64_t h = du_hash_u64(DU_HASH_INIT, u->index);
    h = du_hash_u64(h, w->nitems);
    for (size_t i = 0; i < w->nitems; i++) {
        h = du_hash_u64(h, w->as_lead[i]);
        h = du_hash_u64(h, dp->task[w->items[i]->gindex]);
    }
    h = du_hash_add(h, w->count, sizeof w->count);
    h = du_hash_add(h, w->lights, sizeof w->lights);
    h = du_hash_u64(h, w->noverdue);
    h = du_hash_u64(h, w->nreports);
    return (du_dep){.own = du_nonzero(h)};
}

static uint64_t du_list_hash(const du_deps *dp, uint64_t h, du_item *const *v, size_t n)
{
    h = du_hash_u64(h, n);
    for (size_t i = 0; i < n; i++)
        h = du_hash_u64(h, dp->task[v[i]->gindex]);
    return h;
}

du_dep du_deps_brief(const du_deps *dp, const du_period *per, const du_plan *p)
{
    uint64_t h = du_hash_u64(DU_HASH_INIT, p ? p->index + 1 : 0);
    h = du_hash_str(h, per->key);
    /* the entries (of the plan, or all) up to the period's end */
    const uint64_t *upto = p ? dp->plan_upto[p->index] : dp->upto;
    size_t n = p ? du_count_upto(dp->plan_dates[p->index], dp->plan_n[p->index], per->end)
                 : du_count_upto(dp->dates, dp->st->ncurrent, per->end);
    h = du_hash_u64(h, n ? upto[n - 1] : 0);
    /* the tasks a briefing lists are shown with their current state */
    const du_pview *v = p ? &per->plans[p->index] : &per->all;
    h = du_list_hash(dp, h, v->changed, v->nchanged);
    h = du_list_hash(dp, h, v->completed, v->ncompleted);
    h = du_list_hash(dp, h, v->overdue, v->noverdue);
    h = du_list_hash(dp, h, v->problems, v->nproblems);
    h = du_list_hash(dp, h, v->upcoming, v->nupcoming);
    return (du_dep){.own = du_nonzero(h)};
}
