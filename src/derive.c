/* derive.c - status, 序时进度, lights, roll-ups, indicators and views.
 * Every number a page, briefing, workbook or JSON file shows comes from
 * here (rules: docs/status-rules.md). */
#include "derive.h"
#include "buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *du_light_zh(du_light l)
{
    static const char *const n[] = {"绿", "蓝", "黄", "红"};
    return l >= 0 && l < DU_LIGHT_COUNT ? n[l] : "";
}

const char *du_light_key(du_light l)
{
    static const char *const n[] = {"green", "blue", "yellow", "red"};
    return l >= 0 && l < DU_LIGHT_COUNT ? n[l] : "";
}

/* ---- tasks ---- */

/* The status after entry e, s before it: the entry's own if it states
 * one; an entry without one means 推进中 (unless a status came before). */
static du_status du_status_step(du_status s, const du_entry *e)
{
    if (e->status != DU_ST_NONE)
        return e->status;
    return s == DU_ST_NOT_STARTED ? DU_ST_IN_PROGRESS : s;
}

/* The status a list of entries (by date) reports at date d. */
static du_status du_status_from(du_entry **e, size_t n, du_date d)
{
    du_status s = DU_ST_NOT_STARTED;
    for (size_t i = 0; i < n && e[i]->date <= d; i++)
        s = du_status_step(s, e[i]);
    return s;
}

du_status du_task_status_at(const du_state *st, const du_item *it, du_date d)
{
    const du_istate *s = &st->items[it->gindex];
    return du_status_from(s->entries, s->nentries, d);
}

static double du_expected(const du_item *it, du_date as_of)
{
    if (it->start == DU_DATE_NONE || it->due == DU_DATE_NONE)
        return 0;
    if (as_of >= it->due)
        return 100;
    if (as_of <= it->start)
        return 0;
    double span = (double)(it->due - it->start);
    return span > 0 ? 100.0 * (double)(as_of - it->start) / span : 100;
}

static du_light du_light_of(const du_site *site, du_istate *s, du_date due, du_date as_of)
{
    if (s->status == DU_ST_DONE)
        return DU_GREEN;
    if (s->overdue || s->status == DU_ST_DELAYED)
        return DU_RED;
    if (s->percent >= 0) {
        double gap = s->expected - s->percent;
        if (gap > site->red_points)
            return DU_RED;
        if (gap >= site->yellow_points)
            return DU_YELLOW;
    }
    if (due != DU_DATE_NONE && due >= as_of && due - as_of <= site->blue_days)
        return DU_BLUE;
    return DU_GREEN;
}

static int du_ustate_cmp(const void *a, const void *b)
{
    return strcmp(((const du_unitstate *)a)->unit->id, ((const du_unitstate *)b)->unit->id);
}

static void du_task_state(du_state *st, du_item *it)
{
    du_model *m = st->m;
    du_istate *s = &st->items[it->gindex];
    s->status = du_status_from(s->entries, s->nentries, st->as_of);
    s->latest = s->nentries ? s->entries[s->nentries - 1] : NULL;
    s->percent = -1;
    for (size_t i = s->nentries; i-- > 0;)
        if (s->entries[i]->percent >= 0) {
            s->percent = s->entries[i]->percent;
            break;
        }
    if (s->status == DU_ST_DONE)
        s->percent = 100;
    else if (s->status == DU_ST_NOT_STARTED && s->percent < 0)
        s->percent = 0;
    s->expected = du_expected(it, st->as_of);
    s->overdue = it->due != DU_DATE_NONE && it->due < st->as_of && s->status != DU_ST_DONE;
    s->behind = s->percent >= 0 && s->percent < s->expected && s->status != DU_ST_DONE;
    du_date last = s->latest ? s->latest->date : it->start;
    s->stale = s->status != DU_ST_DONE && last != DU_DATE_NONE &&
               st->as_of - last > m->site.stale_days;
    s->light = du_light_of(&m->site, s, it->due, st->as_of);
    /* per reporting unit */
    size_t nu = 0;
    for (size_t i = 0; i < s->nentries; i++)
        nu += s->entries[i]->unit != NULL;
    if (!nu)
        return;
    s->byunit = du_arena_alloc(&m->arena, nu * sizeof *s->byunit);
    for (size_t i = 0; i < s->nentries; i++) {
        du_entry *e = s->entries[i];
        if (!e->unit)
            continue;
        du_unitstate *u = NULL;
        for (size_t k = 0; k < s->nbyunit; k++)
            if (s->byunit[k].unit == e->unit)
                u = &s->byunit[k];
        if (!u) {
            u = &s->byunit[s->nbyunit++];
            u->unit = e->unit;
            u->status = DU_ST_NOT_STARTED;
        }
        u->latest = e;
        if (e->status != DU_ST_NONE)
            u->status = e->status;
        else if (u->status == DU_ST_NOT_STARTED)
            u->status = DU_ST_IN_PROGRESS;
    }
    /* by unit id; a task names a few units, which are all different */
    if (s->nbyunit > 8) {
        qsort(s->byunit, s->nbyunit, sizeof *s->byunit, du_ustate_cmp);
        return;
    }
    for (size_t i = 1; i < s->nbyunit; i++) {
        du_unitstate x = s->byunit[i];
        size_t j = i;
        for (; j > 0 && du_ustate_cmp(&s->byunit[j - 1], &x) > 0; j--)
            s->byunit[j] = s->byunit[j - 1];
        s->byunit[j] = x;
    }
}

/* ---- roll-up ---- */

static void du_count_task(du_istate *into, const du_istate *t)
{
    into->ntasks++;
    into->count[t->status]++;
    into->lights[t->light]++;
    into->noverdue += t->overdue;
}

static void du_add_counts(du_istate *into, const du_istate *from)
{
    into->ntasks += from->ntasks;
    into->noverdue += from->noverdue;
    for (int i = 0; i < DU_ST_COUNT; i++)
        into->count[i] += from->count[i];
    for (int i = 0; i < DU_LIGHT_COUNT; i++)
        into->lights[i] += from->lights[i];
}

/* Roll children (those with tasks) up into s: weighted mean percent,
 * status from the children, the latest entry below. */
static void du_rollup(du_state *st, du_istate *s, du_item **kids, size_t n, du_date due)
{
    double wsum = 0, psum = 0;
    bool all_done = true, any_late = false, any_started = false, any = false;
    bool unknown = false; /* a counted child reported no percent */
    du_entry *latest_below = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!kids[i]->has_tasks)
            continue;
        const du_istate *k = &st->items[kids[i]->gindex];
        any = true;
        if (k->percent >= 0) {
            wsum += kids[i]->weight;
            psum += kids[i]->weight * k->percent;
        } else if (kids[i]->weight > 0) {
            unknown = true;
        }
        all_done &= k->status == DU_ST_DONE;
        any_late |= k->overdue || k->status == DU_ST_DELAYED;
        any_started |= k->status != DU_ST_NOT_STARTED;
        du_entry *kl = k->latest;
        if (kl && (!latest_below || kl->date > latest_below->date ||
                   (kl->date == latest_below->date && kl->seq > latest_below->seq)))
            latest_below = kl;
    }
    if (!any)
        return;
    /* a mean over the children that happen to report would understate (or
     * overstate) progress: with one unknown the heading's percent is unknown */
    s->percent = wsum > 0 && !unknown ? psum / wsum : -1;
    s->status = all_done ? DU_ST_DONE
              : any_late ? DU_ST_DELAYED
              : any_started ? DU_ST_IN_PROGRESS
              : DU_ST_NOT_STARTED;
    /* the heading's own entry wins when it is later than any below */
    if (s->latest && (!latest_below || s->latest->date > latest_below->date)) {
        du_status own = du_status_from(s->entries, s->nentries, st->as_of);
        s->status = own;
        if (s->latest->percent >= 0)
            s->percent = s->latest->percent;
    } else {
        s->latest = latest_below;
    }
    if (s->status == DU_ST_DONE)
        s->percent = 100;
    s->overdue = due != DU_DATE_NONE && due < st->as_of && s->status != DU_ST_DONE;
    s->behind = s->percent >= 0 && s->percent < s->expected && s->status != DU_ST_DONE;
    s->stale = false;
    s->light = du_light_of(&st->m->site, s, due, st->as_of);
}

static void du_item_state(du_state *st, du_item *it)
{
    du_istate *s = &st->items[it->gindex];
    s->light = DU_LIGHT_NONE;
    s->status = DU_ST_NONE;
    s->percent = -1;
    for (size_t i = 0; i < it->nchildren; i++)
        du_item_state(st, it->children[i]);
    if (!it->has_tasks)
        return;
    bool heading = false;
    for (size_t i = 0; i < it->nchildren; i++)
        heading |= it->children[i]->has_tasks;
    if (!heading) {
        du_task_state(st, it);
        du_count_task(s, s);
        return;
    }
    s->latest = s->nentries ? s->entries[s->nentries - 1] : NULL;
    s->expected = du_expected(it, st->as_of);
    for (size_t i = 0; i < it->nchildren; i++)
        if (it->children[i]->has_tasks)
            du_add_counts(s, &st->items[it->children[i]->gindex]);
    du_rollup(st, s, it->children, it->nchildren, it->due);
}

static void du_plan_state(du_state *st, du_plan *p)
{
    du_istate *s = &st->plans[p->index].s;
    s->light = DU_LIGHT_NONE;
    s->status = DU_ST_NONE;
    s->percent = -1;
    for (size_t i = 0; i < p->ntop; i++)
        du_item_state(st, p->top[i]);
    du_date as_of = st->as_of;
    if (p->start != DU_DATE_NONE && p->end != DU_DATE_NONE)
        s->expected = as_of >= p->end ? 100 : as_of <= p->start ? 0
                    : 100.0 * (double)(as_of - p->start) / (double)(p->end - p->start);
    for (size_t i = 0; i < p->ntop; i++)
        if (p->top[i]->has_tasks)
            du_add_counts(s, &st->items[p->top[i]->gindex]);
    du_rollup(st, s, p->top, p->ntop, p->end);
}

/* ---- indicators ---- */

static void du_ind_year(du_arena *a, du_indstate *s, int year, double v, bool sum)
{
    for (size_t i = 0; i < s->nyears; i++)
        if (s->years[i] == year) {
            s->year_values[i] = sum ? s->year_values[i] + v : v;
            return;
        }
    /* years arrive in date order, so appending keeps them sorted */
    int *y = du_arena_alloc(a, (s->nyears + 1) * sizeof *y);
    double *yv = du_arena_alloc(a, (s->nyears + 1) * sizeof *yv);
    if (s->nyears) {
        memcpy(y, s->years, s->nyears * sizeof *y);
        memcpy(yv, s->year_values, s->nyears * sizeof *yv);
    }
    y[s->nyears] = year;
    yv[s->nyears] = v;
    s->years = y;
    s->year_values = yv;
    s->nyears++;
}

static void du_indicators(du_state *st)
{
    du_model *m = st->m;
    for (size_t i = 0; i < st->ncurrent; i++) {
        du_entry *e = st->current[i];
        for (size_t k = 0; k < e->nvalues; k++) {
            du_indicator *ind = e->values[k].ind;
            if (!ind)
                continue;
            du_indstate *s = &st->inds[ind->gindex];
            bool cum = ind->mode == DU_MODE_CUMULATIVE;
            double v = e->values[k].value;
            s->actual = cum && s->has_actual ? s->actual + v : v;
            s->has_actual = true;
            s->actual_date = e->date;
            int y, mo, d;
            du_date_ymd(e->date, &y, &mo, &d);
            du_ind_year(&m->arena, s, y, v, cum);
        }
    }
    for (size_t i = 0; i < m->nindicators; i++) {
        du_indicator *ind = m->indicators[i];
        du_indstate *s = &st->inds[i];
        s->attainment = -1;
        if (!s->has_actual || !ind->has_target)
            continue;
        switch (ind->cmp) {
        case DU_CMP_GE:
            s->met = s->actual >= ind->target;
            s->attainment = ind->target != 0 ? 100.0 * s->actual / ind->target : (s->met ? 100 : 0);
            break;
        case DU_CMP_LE:
            s->met = s->actual <= ind->target;
            s->attainment = s->met ? 100 : (s->actual != 0 ? 100.0 * ind->target / s->actual : 0);
            break;
        case DU_CMP_EQ:
            s->met = fabs(s->actual - ind->target) < 1e-9;
            s->attainment = ind->target != 0 ? 100.0 * s->actual / ind->target : (s->met ? 100 : 0);
            break;
        }
        du_plan *p = ind->plan;
        if (ind->mode == DU_MODE_CUMULATIVE && ind->cmp == DU_CMP_GE && p->start != DU_DATE_NONE &&
            p->end != DU_DATE_NONE && p->end > p->start) {
            double f = st->as_of >= p->end ? 1 : st->as_of <= p->start ? 0
                     : (double)(st->as_of - p->start) / (double)(p->end - p->start);
            /* the actual is the sum reported within the plan, which starts
             * at 0 whatever the baseline (a previous period's figure) */
            s->has_trajectory = true;
            s->trajectory = ind->target * f;
            s->behind = s->actual < s->trajectory;
        }
    }
}

/* ---- per unit ---- */

static int du_item_rank(const du_state *st, const du_item *it)
{
    const du_istate *s = &st->items[it->gindex];
    if (s->overdue)
        return 0;
    if (s->light == DU_RED)
        return 1;
    return 2;
}

typedef struct du_ulead {
    du_item *item;
    bool lead;
} du_ulead;

static void du_unit_views(du_state *st)
{
    du_model *m = st->m;
    size_t *cnt = du_xcalloc(m->nunits + 1, sizeof *cnt);
    /* count first so every view is one allocation */
    for (size_t i = 0; i < m->nitems; i++) {
        du_item *it = m->items[i];
        if (!it->task)
            continue;
        for (size_t k = 0; k < it->nunits + it->nlead; k++) {
            du_unitref *r = k < it->nlead ? &it->lead[k] : &it->units[k - it->nlead];
            if (r->unit)
                cnt[r->unit->index]++;
        }
    }
    for (size_t u = 0; u < m->nunits; u++) {
        st->units[u].unit = m->units[u];
        st->units[u].items = du_arena_alloc(&m->arena, (cnt[u] + 1) * sizeof(du_item *));
        st->units[u].as_lead = du_arena_alloc(&m->arena, (cnt[u] + 1) * sizeof(bool));
    }
    for (size_t i = 0; i < m->nitems; i++) {
        du_item *it = m->items[i];
        if (!it->task)
            continue;
        for (size_t k = 0; k < it->nunits + it->nlead; k++) {
            bool lead = k < it->nlead;
            du_unitref *r = lead ? &it->lead[k] : &it->units[k - it->nlead];
            if (!r->unit)
                continue;
            du_uview *v = &st->units[r->unit->index];
            /* items are taken one at a time, so an item listed twice for
             * a unit (lead and responsible) is the view's last one */
            if (v->nitems && v->items[v->nitems - 1] == it) {
                v->as_lead[v->nitems - 1] |= lead;
                continue;
            }
            v->items[v->nitems] = it;
            v->as_lead[v->nitems] = lead;
            v->nitems++;
            const du_istate *s = &st->items[it->gindex];
            v->count[s->status]++;
            v->lights[s->light]++;
            v->noverdue += s->overdue;
        }
    }
    for (size_t i = 0; i < st->ncurrent; i++)
        if (st->current[i]->unit)
            st->units[st->current[i]->unit->index].nreports++;
    for (size_t u = 0; u < m->nunits; u++) {
        du_uview *v = &st->units[u];
        /* keep as_lead parallel: sort (item, lead) pairs */
        size_t n = v->nitems;
        if (n < 2)
            continue;
        du_ulead *pairs = du_xmalloc(n * sizeof *pairs);
        /* the items were taken once each in the order of m->items, which
         * is gindex order: one stable pass per rank sorts them by rank,
         * then gindex */
        size_t at[4] = {0, 0, 0, 0};
        for (size_t j = 0; j < n; j++)
            at[du_item_rank(st, v->items[j]) + 1]++;
        at[2] += at[1];
        at[3] += at[2];
        for (size_t j = 0; j < n; j++)
            pairs[at[du_item_rank(st, v->items[j])]++] = (du_ulead){v->items[j], v->as_lead[j]};
        for (size_t j = 0; j < n; j++) {
            v->items[j] = pairs[j].item;
            v->as_lead[j] = pairs[j].lead;
        }
        free(pairs);
    }
    free(cnt);
}

/* The unit views restricted to each plan (same order, counts over the
 * plan's tasks only), for the plan's own unit list. */
static void du_plan_unit_views(du_state *st)
{
    du_model *m = st->m;
    size_t np = m->nplans;
    size_t *nu = du_xcalloc(np + 1, sizeof *nu);   /* units per plan */
    size_t *seen = du_xcalloc(np + 1, sizeof *seen); /* last unit counted there, +1 */
    size_t *cnt = du_xcalloc(np + 1, sizeof *cnt);   /* items of one unit per plan */
    for (size_t u = 0; u < m->nunits; u++)
        for (size_t j = 0; j < st->units[u].nitems; j++) {
            size_t p = st->units[u].items[j]->plan->index;
            if (seen[p] != u + 1) {
                seen[p] = u + 1;
                nu[p]++;
            }
        }
    for (size_t p = 0; p < np; p++)
        st->plans[p].units = du_arena_alloc(&m->arena, (nu[p] + 1) * sizeof(du_uview));
    for (size_t u = 0; u < m->nunits; u++) {
        const du_uview *v = &st->units[u];
        for (size_t j = 0; j < v->nitems; j++)
            cnt[v->items[j]->plan->index]++;
        for (size_t j = 0; j < v->nitems; j++) {
            size_t p = v->items[j]->plan->index;
            du_pstate *ps = &st->plans[p];
            if (cnt[p]) { /* the unit's first task in this plan */
                du_uview *w = &ps->units[ps->nunits++];
                w->unit = v->unit;
                w->items = du_arena_alloc(&m->arena, cnt[p] * sizeof *w->items);
                w->as_lead = du_arena_alloc(&m->arena, cnt[p] * sizeof *w->as_lead);
                cnt[p] = 0;
            }
            du_uview *w = &ps->units[ps->nunits - 1];
            const du_istate *s = &st->items[v->items[j]->gindex];
            w->items[w->nitems] = v->items[j];
            w->as_lead[w->nitems++] = v->as_lead[j];
            w->count[s->status]++;
            w->lights[s->light]++;
            w->noverdue += s->overdue;
        }
    }
    /* reports per plan: the views are in unit order, so search them */
    for (size_t i = 0; i < st->ncurrent; i++) {
        const du_entry *e = st->current[i];
        if (!e->unit || !e->item)
            continue;
        du_pstate *ps = &st->plans[e->item->plan->index];
        size_t lo = 0, hi = ps->nunits;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ps->units[mid].unit->index < e->unit->index)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < ps->nunits && ps->units[lo].unit == e->unit)
            ps->units[lo].nreports++;
    }
    free(nu);
    free(seen);
    free(cnt);
}

/* ---- periods ---- */

static const char *const du_qzh[] = {"一", "二", "三", "四"};

static void du_period_bounds(du_cadence c, du_date d, du_date *start, du_date *end)
{
    int y, m, dd;
    du_date_ymd(d, &y, &m, &dd);
    int m0 = c == DU_CAD_MONTH ? m : c == DU_CAD_QUARTER ? ((m - 1) / 3) * 3 + 1 : 1;
    int m1 = c == DU_CAD_MONTH ? m : c == DU_CAD_QUARTER ? m0 + 2 : 12;
    *start = du_date_from_ymd(y, m0, 1);
    *end = du_date_from_ymd(y, m1, du_days_in_month(y, m1));
}

static void du_period_labels(du_arena *a, du_cadence c, du_period *p)
{
    int y, m, d;
    du_date_ymd(p->start, &y, &m, &d);
    if (c == DU_CAD_MONTH) {
        p->key = du_arena_printf(a, "%04d-%02d", y, m);
        p->label_zh = du_arena_printf(a, "%d年%d月", y, m);
        p->label_en = du_arena_printf(a, "%04d-%02d", y, m);
    } else if (c == DU_CAD_QUARTER) {
        int q = (m - 1) / 3;
        p->key = du_arena_printf(a, "%04d-q%d", y, q + 1);
        p->label_zh = du_arena_printf(a, "%d年第%s季度", y, du_qzh[q]);
        p->label_en = du_arena_printf(a, "%d Q%d", y, q + 1);
    } else {
        p->key = du_arena_printf(a, "%04d", y);
        p->label_zh = du_arena_printf(a, "%d年", y);
        p->label_en = du_arena_printf(a, "%d", y);
    }
}

/* A task as the views of every period look at it, in one compact array
 * per scope: the items themselves lie all over the model's arena, and a
 * large portfolio's views would fetch each one from memory once per period. */
typedef struct {
    du_item *it;
    du_date due;
    size_t gindex;
} du_tref;

/* The tasks and entries a view looks at: all of them for the portfolio,
 * one plan's for a plan view (so the per-plan views cost one pass in all).
 * What does not change from one period to the next (the tasks, the units
 * responsible for them) is made once, by du_scope_make. */
typedef struct {
    du_entry **entries;
    size_t nentries;
    du_tref *tasks;
    size_t ntasks;
    bool *responsible; /* by unit index: named on a task, not collective */
} du_scope;

static void du_scope_make(du_scope *sc, const du_model *m, du_item *const *items, size_t n,
                          du_entry **entries, size_t nentries)
{
    sc->entries = entries;
    sc->nentries = nentries;
    sc->tasks = du_xmalloc((n + 1) * sizeof *sc->tasks);
    sc->ntasks = 0;
    sc->responsible = du_xcalloc(m->nunits + 1, sizeof *sc->responsible);
    for (size_t i = 0; i < n; i++) {
        du_item *it = items[i];
        if (!it->task)
            continue;
        sc->tasks[sc->ntasks++] = (du_tref){it, it->due, it->gindex};
        for (size_t k = 0; k < it->nunits + it->nlead; k++) {
            const du_unitref *r = k < it->nlead ? &it->lead[k] : &it->units[k - it->nlead];
            if (r->unit && !r->unit->collective)
                sc->responsible[r->unit->index] = true;
        }
    }
}

static void du_scope_free(du_scope *sc)
{
    free(sc->tasks);
    free(sc->responsible);
}

/* Room for a view's task lists while they are filled; each list is then
 * copied to the arena at its final length (the lists of every view of
 * every period would otherwise each take room for all tasks). */
typedef struct du_vtmp {
    du_item **changed, **completed, **overdue, **problems, **upcoming;
    du_status *from, *to;
} du_vtmp;

/* Every item's status at the start and at the end of the period being
 * filled (by item gindex), shared by the portfolio view and the plan
 * views of that period. Periods are filled in date order, so each item's
 * entries are walked once for all periods: a cursor per item and the
 * status so far (du_status_from, a step at a time). */
typedef struct du_pstat {
    du_status *before, *after;
    du_status *s;  /* status up to the cursor */
    size_t *next;  /* first entry past the cursor */
} du_pstat;

static void du_pstat_advance(const du_state *st, du_pstat *ps, du_date d, du_status *into)
{
    size_t n = st->m->nitems;
    for (size_t i = 0; i < n; i++) {
        const du_istate *s = &st->items[i];
        size_t k = ps->next[i];
        du_status cur = ps->s[i];
        for (; k < s->nentries && s->entries[k]->date <= d; k++)
            cur = du_status_step(cur, s->entries[k]);
        ps->next[i] = k;
        ps->s[i] = cur;
        into[i] = cur;
    }
}

/* First of the n entries (by date) dated d or later. */
static size_t du_first_from(du_entry *const *e, size_t n, du_date d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e[mid]->date < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void *du_keep(du_arena *a, const void *p, size_t n, size_t size)
{
    void *q = du_arena_alloc(a, (n + 1) * size);
    if (n)
        memcpy(q, p, n * size);
    return q;
}

static void du_fill_view(du_state *st, du_period *per, du_pview *v, const du_scope *sc,
                         const du_pstat *ps, du_vtmp *t)
{
    du_model *m = st->m;
    du_arena *a = &m->arena;
    du_date end = per->end < st->as_of ? per->end : st->as_of;
    /* entries in the period: a run of the scope's, which are by date */
    size_t lo = du_first_from(sc->entries, sc->nentries, per->start), hi = lo;
    while (hi < sc->nentries && sc->entries[hi]->date <= end)
        hi++;
    v->nentries = hi - lo;
    /* a scope without entries may have no array at all */
    v->entries = du_keep(a, v->nentries ? sc->entries + lo : NULL, v->nentries, sizeof *v->entries);
    /* reporting units, by unit id */
    size_t *per_unit = du_xcalloc(m->nunits + 1, sizeof *per_unit);
    for (size_t i = 0; i < v->nentries; i++)
        if (v->entries[i]->unit)
            per_unit[v->entries[i]->unit->index]++;
    size_t nrep = 0;
    for (size_t u = 0; u < m->nunits; u++)
        nrep += per_unit[u] > 0;
    v->reporting = du_arena_alloc(a, (nrep + 1) * sizeof *v->reporting);
    v->nreported = du_arena_alloc(a, (nrep + 1) * sizeof *v->nreported);
    for (size_t u = 0; u < m->nunits; u++)
        if (per_unit[u]) {
            v->reporting[v->nreporting] = m->units[u];
            v->nreported[v->nreporting++] = per_unit[u];
        }
    /* tasks: changes, completions, new overdue, problems, upcoming */
    v->changed = t->changed;
    v->from = t->from;
    v->to = t->to;
    v->completed = t->completed;
    v->overdue = t->overdue;
    v->problems = t->problems;
    v->upcoming = t->upcoming;
    const bool *responsible = sc->responsible;
    bool last = per == &st->periods[st->nperiods - 1];
    for (size_t i = 0; i < sc->ntasks; i++) {
        du_item *it = sc->tasks[i].it;
        du_date due = sc->tasks[i].due;
        size_t g = sc->tasks[i].gindex;
        du_status before = ps->before[g], after = ps->after[g];
        v->ntasks++;
        v->count[after]++;
        if (before != after) {
            v->from[v->nchanged] = before;
            v->to[v->nchanged] = after;
            v->changed[v->nchanged++] = it;
            if (after == DU_ST_DONE)
                v->completed[v->ncompleted++] = it;
        }
        /* overdue from the day after it was due: a task due on the last day
         * of the previous period becomes overdue in this one */
        if (due >= per->start - 1 && due < end && after != DU_ST_DONE)
            v->overdue[v->noverdue++] = it;
        bool late = due < end && after != DU_ST_DONE;
        if (last) {
            const du_istate *s = &st->items[g];
            if (s->overdue || s->light == DU_RED || s->stale)
                v->problems[v->nproblems++] = it;
        } else if (late) {
            v->problems[v->nproblems++] = it;
        }
        if (after != DU_ST_DONE && due > end && due <= end + 90)
            v->upcoming[v->nupcoming++] = it;
    }
    v->changed = du_keep(a, t->changed, v->nchanged, sizeof *v->changed);
    v->from = du_keep(a, t->from, v->nchanged, sizeof *v->from);
    v->to = du_keep(a, t->to, v->nchanged, sizeof *v->to);
    v->completed = du_keep(a, t->completed, v->ncompleted, sizeof *v->completed);
    v->overdue = du_keep(a, t->overdue, v->noverdue, sizeof *v->overdue);
    v->problems = du_keep(a, t->problems, v->nproblems, sizeof *v->problems);
    v->upcoming = du_keep(a, t->upcoming, v->nupcoming, sizeof *v->upcoming);
    size_t nsil = 0;
    for (size_t u = 0; u < m->nunits; u++)
        nsil += responsible[u] && !per_unit[u];
    v->silent = du_arena_alloc(a, (nsil + 1) * sizeof *v->silent);
    for (size_t u = 0; u < m->nunits; u++)
        if (responsible[u] && !per_unit[u])
            v->silent[v->nsilent++] = m->units[u];
    free(per_unit);
}

static void du_periods(du_state *st)
{
    du_model *m = st->m;
    du_cadence c = m->site.cadence;
    if (!st->ncurrent)
        return;
    du_date first_start, first_end, last_start, last_end;
    du_period_bounds(c, st->current[0]->date, &first_start, &first_end);
    du_period_bounds(c, st->as_of, &last_start, &last_end);
    size_t n = 0;
    for (du_date d = first_start; d <= last_start; n++) {
        du_date s, e;
        du_period_bounds(c, d, &s, &e);
        d = e + 1;
    }
    st->periods = du_arena_alloc(&m->arena, n * sizeof *st->periods);
    st->nperiods = n;
    du_date d = first_start;
    for (size_t i = 0; i < n; i++) {
        du_period *p = &st->periods[i];
        du_period_bounds(c, d, &p->start, &p->end);
        d = p->end + 1;
        p->number = (int)i + 1;
        du_period_labels(&m->arena, c, p);
    }
    /* entries of each plan, in date order */
    du_vec *byplan = du_xcalloc(m->nplans + 1, sizeof *byplan);
    du_vec valid = {0};
    for (size_t i = 0; i < st->ncurrent; i++) {
        du_entry *e = st->current[i];
        if (!e->item)
            continue;
        du_vec_push(&valid, e);
        du_vec_push(&byplan[e->item->plan->index], e);
    }
    du_scope all;
    du_scope_make(&all, m, m->items, m->nitems, (du_entry **)valid.v, valid.n);
    du_scope *one = du_xmalloc((m->nplans + 1) * sizeof *one);
    for (size_t k = 0; k < m->nplans; k++)
        du_scope_make(&one[k], m, m->plans[k]->items, m->plans[k]->nitems,
                      (du_entry **)byplan[k].v, byplan[k].n);
    du_pstat ps = {du_xmalloc((m->nitems + 1) * sizeof(du_status)),
                   du_xmalloc((m->nitems + 1) * sizeof(du_status)),
                   du_xmalloc((m->nitems + 1) * sizeof(du_status)),
                   du_xcalloc(m->nitems + 1, sizeof(size_t))};
    for (size_t i = 0; i < m->nitems; i++)
        ps.s[i] = DU_ST_NOT_STARTED;
    size_t cap = m->nitems + 1;
    du_vtmp t = {du_xmalloc(cap * sizeof(du_item *)), du_xmalloc(cap * sizeof(du_item *)),
                 du_xmalloc(cap * sizeof(du_item *)), du_xmalloc(cap * sizeof(du_item *)),
                 du_xmalloc(cap * sizeof(du_item *)), du_xmalloc(cap * sizeof(du_status)),
                 du_xmalloc(cap * sizeof(du_status))};
    for (size_t i = 0; i < n; i++) {
        du_period *p = &st->periods[i];
        if (i == 0) {
            du_pstat_advance(st, &ps, p->start - 1, ps.before);
        } else { /* periods are contiguous and end before as_of but the last:
                  * the status at this start is the one at the last end */
            du_status *t = ps.before;
            ps.before = ps.after;
            ps.after = t;
        }
        du_pstat_advance(st, &ps, p->end < st->as_of ? p->end : st->as_of, ps.after);
        du_fill_view(st, p, &p->all, &all, &ps, &t);
        p->plans = du_arena_alloc(&m->arena, (m->nplans + 1) * sizeof *p->plans);
        for (size_t k = 0; k < m->nplans; k++) {
            p->plans[k].plan = m->plans[k];
            du_fill_view(st, p, &p->plans[k], &one[k], &ps, &t);
        }
    }
    free(t.changed);
    free(t.completed);
    free(t.overdue);
    free(t.problems);
    free(t.upcoming);
    free(t.from);
    free(t.to);
    free(ps.before);
    free(ps.after);
    free(ps.s);
    free(ps.next);
    for (size_t k = 0; k < m->nplans; k++) {
        du_scope_free(&one[k]);
        du_vec_free(&byplan[k]);
    }
    free(one);
    du_scope_free(&all);
    free(byplan);
    du_vec_free(&valid);
}

/* ---- driver ---- */

void du_derive_items(du_model *m, du_state *st)
{
    memset(st, 0, sizeof *st);
    st->m = m;
    st->as_of = m->site.as_of;
    du_arena *a = &m->arena;
    st->items = du_arena_alloc(a, (m->nitems + 1) * sizeof *st->items);
    st->plans = du_arena_alloc(a, (m->nplans + 1) * sizeof *st->plans);
    st->inds = du_arena_alloc(a, (m->nindicators + 1) * sizeof *st->inds);
    st->units = du_arena_alloc(a, (m->nunits + 1) * sizeof *st->units);
    /* entries up to as_of, already sorted by date then file order */
    size_t n = 0;
    while (n < m->nentries && m->entries[n]->date <= st->as_of)
        n++;
    st->current = m->entries;
    st->ncurrent = n;
    /* bucket entries per item, two passes to allocate exactly */
    size_t *cnt = du_xcalloc(m->nitems + 1, sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        if (m->entries[i]->item)
            cnt[m->entries[i]->item->gindex]++;
    for (size_t i = 0; i < m->nitems; i++)
        st->items[i].entries = du_arena_alloc(a, (cnt[i] + 1) * sizeof(du_entry *));
    st->ordinal = du_arena_alloc(a, (n + 1) * sizeof *st->ordinal);
    for (size_t i = 0; i < n; i++) {
        du_entry *e = m->entries[i];
        st->ordinal[i] = 0;
        if (e->item) {
            du_istate *s = &st->items[e->item->gindex];
            st->ordinal[i] = s->nentries;
            s->entries[s->nentries++] = e;
        }
    }
    free(cnt);
    for (size_t i = 0; i < m->nplans; i++)
        du_plan_state(st, m->plans[i]);
    for (size_t i = 0; i < m->nitems; i++) {
        const du_istate *s = &st->items[i];
        if (!m->items[i]->task || s->light == DU_LIGHT_NONE)
            continue;
        bool heading = false;
        for (size_t k = 0; k < m->items[i]->nchildren; k++)
            heading |= m->items[i]->children[k]->has_tasks;
        if (heading)
            continue;
        st->ntasks++;
        st->count[s->status]++;
        st->lights[s->light]++;
        st->noverdue += s->overdue;
        st->nstale += s->stale;
    }
}

void du_derive_views(du_state *st)
{
    du_indicators(st);
    du_unit_views(st);
    du_plan_unit_views(st);
    du_periods(st);
}

void du_derive(du_model *m, du_state *st)
{
    du_derive_items(m, st);
    du_derive_views(st);
}

size_t du_entry_ordinal(const du_state *st, const du_entry *e)
{
    return e->item && e->index < st->ncurrent ? st->ordinal[e->index] : 0;
}
