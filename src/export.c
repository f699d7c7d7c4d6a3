/* export.c - model + derived state as values, and the open-data JSON. */
#include "export.h"

#include <math.h>
#include <string.h>

double du_round1(double x) { return round(x * 10.0) / 10.0; }

du_val *du_x_date(du_export *x, du_date d)
{
    if (d == DU_DATE_NONE)
        return du_val_null(x->a);
    char buf[11];
    du_date_iso(d, buf);
    return du_val_strcpy(x->a, buf);
}

static du_val *du_x_strs(du_export *x, const char *const *s, size_t n)
{
    du_val *l = du_val_list(x->a);
    for (size_t i = 0; i < n; i++)
        du_list_push(x->a, l, du_val_str(x->a, s[i]));
    return l;
}

static void du_x_opt(du_export *x, du_val *m, const char *k, const char *s)
{
    du_map_set(x->a, m, k, s ? du_val_str(x->a, s) : du_val_null(x->a));
}

static du_val *du_x_pct(du_export *x, double p)
{
    return p < 0 ? du_val_null(x->a) : du_val_num(x->a, du_round1(p));
}

du_val *du_x_unitref(du_export *x, const du_unitref *r)
{
    du_val *v = du_val_map(x->a);
    du_map_str(x->a, v, "printed", r->printed);
    du_x_opt(x, v, "side", r->side);
    du_x_opt(x, v, "unit", r->unit ? r->unit->id : NULL);
    return v;
}

static du_val *du_x_refs(du_export *x, const du_unitref *r, size_t n)
{
    du_val *l = du_val_list(x->a);
    for (size_t i = 0; i < n; i++)
        du_list_push(x->a, l, du_x_unitref(x, &r[i]));
    return l;
}

static du_val *du_x_counts(du_export *x, const size_t *count, const size_t *lights)
{
    du_val *v = du_val_map(x->a), *s = du_val_map(x->a), *l = du_val_map(x->a);
    for (int i = 0; i < DU_ST_COUNT; i++)
        du_map_num(x->a, s, du_status_key((du_status)i), (double)count[i]);
    for (int i = 0; i < DU_LIGHT_COUNT; i++)
        du_map_num(x->a, l, du_light_key((du_light)i), (double)lights[i]);
    du_map_set(x->a, v, "status", s);
    du_map_set(x->a, v, "light", l);
    return v;
}

void du_x_istate_fields(du_export *x, du_val *v, const du_istate *s)
{
    du_map_str(x->a, v, "status", s->status == DU_ST_NONE ? "" : du_status_key(s->status));
    du_map_str(x->a, v, "status_zh", s->status == DU_ST_NONE ? "" : du_status_zh(s->status));
    du_map_set(x->a, v, "percent", du_x_pct(x, s->percent));
    du_map_num(x->a, v, "expected", du_round1(s->expected));
    du_map_bool(x->a, v, "overdue", s->overdue);
    du_map_bool(x->a, v, "stale", s->stale);
    du_map_bool(x->a, v, "behind", s->behind);
    du_map_str(x->a, v, "light", du_light_key(s->light));
    du_map_str(x->a, v, "light_zh", du_light_zh(s->light));
    du_map_num(x->a, v, "entries", (double)s->nentries);
    if (s->ntasks) {
        du_map_num(x->a, v, "tasks", (double)s->ntasks);
        du_map_num(x->a, v, "overdue_tasks", (double)s->noverdue);
        du_map_set(x->a, v, "counts", du_x_counts(x, s->count, s->lights));
    }
}

du_val *du_x_istate(du_export *x, const du_istate *s)
{
    du_val *v = du_val_map_sized(x->a, DU_X_ISTATE_KEYS);
    du_x_istate_fields(x, v, s);
    du_map_set(x->a, v, "latest", s->latest ? du_val_num(x->a, (double)s->latest->index)
                                            : du_val_null(x->a));
    if (s->nbyunit) {
        du_val *bu = du_val_list(x->a);
        for (size_t i = 0; i < s->nbyunit; i++) {
            du_val *u = du_val_map(x->a);
            du_map_str(x->a, u, "unit", s->byunit[i].unit->id);
            du_map_str(x->a, u, "status", du_status_key(s->byunit[i].status));
            du_map_num(x->a, u, "latest", (double)s->byunit[i].latest->index);
            du_list_push(x->a, bu, u);
        }
        du_map_set(x->a, v, "by_unit", bu);
    }
    return v;
}

void du_x_item_fields(du_export *x, du_val *v, const du_item *it)
{
    du_map_str(x->a, v, "id", it->id);
    du_map_str(x->a, v, "ref", it->ref);
    du_map_str(x->a, v, "number", it->number);
    du_map_str(x->a, v, "title", it->title);
    du_x_opt(x, v, "body", it->body);
    du_x_opt(x, v, "units_text", it->units_text);
    du_map_set(x->a, v, "start", du_x_date(x, it->start));
    du_map_set(x->a, v, "due", du_x_date(x, it->due));
    du_map_num(x->a, v, "weight", it->weight);
    du_map_bool(x->a, v, "task", it->task);
}

du_val *du_x_item(du_export *x, const du_item *it, bool deep)
{
    du_val *v = du_val_map_sized(x->a, 16); /* its 14 keys */
    du_x_item_fields(x, v, it);
    du_map_set(x->a, v, "lead", du_x_refs(x, it->lead, it->nlead));
    du_map_set(x->a, v, "units", du_x_refs(x, it->units, it->nunits));
    du_map_set(x->a, v, "state", it->has_tasks ? du_x_istate(x, &x->st->items[it->gindex])
                                               : du_val_null(x->a));
    if (deep) {
        du_val *ch = du_val_list(x->a);
        for (size_t i = 0; i < it->nchildren; i++)
            du_list_push(x->a, ch, du_x_item(x, it->children[i], true));
        du_map_set(x->a, v, "children", ch);
    }
    return v;
}

du_val *du_x_indicator(du_export *x, const du_indicator *ind)
{
    static const char *const cmp[] = {">=", "<=", "="};
    const du_indstate *s = &x->st->inds[ind->gindex];
    du_val *v = du_val_map(x->a);
    du_map_str(x->a, v, "id", ind->id);
    du_map_str(x->a, v, "plan", ind->plan->id);
    du_map_str(x->a, v, "name", ind->name);
    du_x_opt(x, v, "unit", ind->unit);
    du_x_opt(x, v, "category", ind->category);
    du_x_opt(x, v, "nature", ind->nature);
    du_x_opt(x, v, "target_text", ind->target_text);
    du_map_set(x->a, v, "baseline", ind->has_baseline ? du_val_num(x->a, ind->baseline) : du_val_null(x->a));
    du_map_set(x->a, v, "target", ind->has_target ? du_val_num(x->a, ind->target) : du_val_null(x->a));
    du_map_str(x->a, v, "compare", cmp[ind->cmp]);
    du_map_str(x->a, v, "mode", ind->mode == DU_MODE_CUMULATIVE ? "cumulative" : "annual");
    du_map_set(x->a, v, "actual", s->has_actual ? du_val_num(x->a, s->actual) : du_val_null(x->a));
    du_map_set(x->a, v, "actual_date", s->has_actual ? du_x_date(x, s->actual_date) : du_val_null(x->a));
    du_map_set(x->a, v, "attainment", du_x_pct(x, s->attainment));
    du_map_bool(x->a, v, "met", s->met);
    du_map_set(x->a, v, "trajectory", s->has_trajectory ? du_val_num(x->a, du_round1(s->trajectory)) : du_val_null(x->a));
    du_map_bool(x->a, v, "behind_trajectory", s->behind);
    du_val *years = du_val_list(x->a);
    for (size_t i = 0; i < s->nyears; i++) {
        du_val *y = du_val_map(x->a);
        du_map_num(x->a, y, "year", s->years[i]);
        du_map_num(x->a, y, "value", s->year_values[i]);
        du_list_push(x->a, years, y);
    }
    du_map_set(x->a, v, "by_year", years);
    return v;
}

du_val *du_x_plan(du_export *x, const du_plan *p, bool deep)
{
    du_val *v = du_val_map(x->a);
    du_map_str(x->a, v, "id", p->id);
    du_map_str(x->a, v, "title", p->title);
    du_x_opt(x, v, "doc_number", p->doc_number);
    du_map_str(x->a, v, "kind", p->kind);
    du_map_set(x->a, v, "issuers", du_x_strs(x, p->issuers, p->nissuers));
    du_map_set(x->a, v, "regions", du_x_strs(x, p->regions, p->nregions));
    du_map_set(x->a, v, "sides", du_x_strs(x, p->sides, p->nsides));
    du_map_set(x->a, v, "signed", du_x_date(x, p->signed_on));
    du_map_set(x->a, v, "issued", du_x_date(x, p->issued_on));
    du_val *per = du_val_map(x->a);
    du_map_set(x->a, per, "start", du_x_date(x, p->start));
    du_map_set(x->a, per, "end", du_x_date(x, p->end));
    du_map_set(x->a, v, "period", per);
    du_x_opt(x, v, "addressees", p->addressees);
    du_map_bool(x->a, v, "public", p->is_public);
    du_x_opt(x, v, "notice", p->notice);
    du_x_opt(x, v, "preamble", p->preamble);
    du_val *basis = du_val_list(x->a);
    for (size_t i = 0; i < p->nbasis; i++) {
        du_val *b = du_val_map(x->a);
        du_x_opt(x, b, "plan", p->basis[i].plan_id);
        du_x_opt(x, b, "doc", p->basis[i].doc);
        du_x_opt(x, b, "title", p->basis[i].title);
        du_list_push(x->a, basis, b);
    }
    du_map_set(x->a, v, "basis", basis);
    du_map_set(x->a, v, "state", du_x_istate(x, &x->st->plans[p->index].s));
    if (!deep)
        return v;
    du_val *items = du_val_list(x->a);
    for (size_t i = 0; i < p->ntop; i++)
        du_list_push(x->a, items, du_x_item(x, p->top[i], true));
    du_map_set(x->a, v, "items", items);
    du_val *inds = du_val_list(x->a);
    for (size_t i = 0; i < p->nindicators; i++)
        du_list_push(x->a, inds, du_x_indicator(x, p->indicators[i]));
    du_map_set(x->a, v, "indicators", inds);
    du_val *tables = du_val_list(x->a);
    for (size_t i = 0; i < p->ntables; i++) {
        const du_table *t = &p->tables[i];
        du_val *tv = du_val_map(x->a), *rows = du_val_list(x->a);
        du_map_str(x->a, tv, "id", t->id);
        du_map_str(x->a, tv, "caption", t->caption);
        du_x_opt(x, tv, "unit", t->unit);
        du_map_set(x->a, tv, "columns", du_x_strs(x, t->columns, t->ncols));
        for (size_t r = 0; r < t->nrows; r++)
            du_list_push(x->a, rows, du_x_strs(x, t->rows[r], t->rowlen[r]));
        du_map_set(x->a, tv, "rows", rows);
        du_list_push(x->a, tables, tv);
    }
    du_map_set(x->a, v, "tables", tables);
    du_val *figs = du_val_list(x->a);
    for (size_t i = 0; i < p->nfigures; i++) {
        du_val *f = du_val_map(x->a);
        du_map_str(x->a, f, "id", p->figures[i].id);
        du_map_str(x->a, f, "caption", p->figures[i].caption);
        du_x_opt(x, f, "note", p->figures[i].note);
        du_list_push(x->a, figs, f);
    }
    du_map_set(x->a, v, "figures", figs);
    return v;
}

du_val *du_x_unit(du_export *x, const du_unit *u, bool with_view)
{
    du_val *v = du_val_map(x->a);
    du_map_str(x->a, v, "id", u->id);
    du_map_str(x->a, v, "name", u->name);
    du_x_opt(x, v, "short", u->short_name);
    du_map_set(x->a, v, "aliases", du_x_strs(x, u->aliases, u->naliases));
    du_map_str(x->a, v, "region", u->region);
    du_x_opt(x, v, "level", u->level);
    du_x_opt(x, v, "parent", u->parent_id);
    du_map_bool(x->a, v, "collective", u->collective);
    du_x_opt(x, v, "notes", u->notes);
    if (!with_view)
        return v;
    const du_uview *w = &x->st->units[u->index];
    du_val *items = du_val_list(x->a);
    for (size_t i = 0; i < w->nitems; i++) {
        du_val *r = du_val_map(x->a);
        du_map_str(x->a, r, "item", w->items[i]->ref);
        du_map_str(x->a, r, "role", w->as_lead[i] ? "lead" : "responsible");
        du_list_push(x->a, items, r);
    }
    du_val *view = du_val_map(x->a);
    du_map_set(x->a, view, "items", items);
    du_map_set(x->a, view, "counts", du_x_counts(x, w->count, w->lights));
    du_map_num(x->a, view, "overdue", (double)w->noverdue);
    du_map_num(x->a, view, "reports", (double)w->nreports);
    du_map_set(x->a, v, "view", view);
    return v;
}

du_val *du_x_entry(du_export *x, const du_entry *e)
{
    du_val *v = du_val_map(x->a);
    du_map_num(x->a, v, "index", (double)e->index);
    du_map_set(x->a, v, "date", du_x_date(x, e->date));
    du_map_str(x->a, v, "item", e->item_ref);
    du_x_opt(x, v, "unit", e->unit ? e->unit->id : NULL);
    du_x_opt(x, v, "unit_printed", e->unit_printed);
    du_map_set(x->a, v, "status", e->status == DU_ST_NONE ? du_val_null(x->a)
                                                          : du_val_str(x->a, du_status_key(e->status)));
    du_map_set(x->a, v, "percent", du_x_pct(x, e->percent));
    du_map_str(x->a, v, "summary", e->summary);
    du_val *vals = du_val_map(x->a);
    for (size_t i = 0; i < e->nvalues; i++)
        if (e->values[i].ind)
            du_map_num(x->a, vals, e->values[i].ref, e->values[i].value);
    du_map_set(x->a, v, "values", vals);
    du_val *src = du_val_list(x->a);
    for (size_t i = 0; i < e->nsources; i++) {
        du_val *s = du_val_map(x->a);
        du_x_opt(x, s, "title", e->sources[i].title);
        du_x_opt(x, s, "outlet", e->sources[i].outlet);
        du_x_opt(x, s, "url", e->sources[i].url);
        du_map_set(x->a, s, "date", du_x_date(x, e->sources[i].date));
        du_list_push(x->a, src, s);
    }
    du_map_set(x->a, v, "sources", src);
    du_map_bool(x->a, v, "after_as_of", e->date > x->st->as_of);
    return v;
}

du_val *du_x_pairing(du_export *x, const du_pairing *p)
{
    du_val *v = du_val_map(x->a);
    du_map_str(x->a, v, "id", p->id);
    du_map_str(x->a, v, "program", p->program);
    du_map_str(x->a, v, "district", p->district);
    du_map_str(x->a, v, "partner", p->partner);
    du_map_set(x->a, v, "counties", du_x_strs(x, p->counties, p->ncounties));
    du_x_opt(x, v, "since", p->since);
    du_x_opt(x, v, "source", p->source);
    du_x_opt(x, v, "notes", p->notes);
    return v;
}

static du_val *du_x_itemrefs(du_export *x, du_item *const *items, size_t n)
{
    du_val *l = du_val_list(x->a);
    for (size_t i = 0; i < n; i++)
        du_list_push(x->a, l, du_val_str(x->a, items[i]->ref));
    return l;
}

static du_val *du_x_unitids(du_export *x, du_unit *const *u, size_t n)
{
    du_val *l = du_val_list(x->a);
    for (size_t i = 0; i < n; i++)
        du_list_push(x->a, l, du_val_str(x->a, u[i]->id));
    return l;
}

du_val *du_x_pview(du_export *x, const du_pview *v)
{
    du_val *o = du_val_map(x->a);
    du_val *ents = du_val_list(x->a);
    for (size_t i = 0; i < v->nentries; i++)
        du_list_push(x->a, ents, du_val_num(x->a, (double)v->entries[i]->index));
    du_map_set(x->a, o, "entries", ents);
    du_val *ch = du_val_list(x->a);
    for (size_t i = 0; i < v->nchanged; i++) {
        du_val *c = du_val_map(x->a);
        du_map_str(x->a, c, "item", v->changed[i]->ref);
        du_map_str(x->a, c, "from", du_status_key(v->from[i]));
        du_map_str(x->a, c, "to", du_status_key(v->to[i]));
        du_list_push(x->a, ch, c);
    }
    du_map_set(x->a, o, "changed", ch);
    du_map_set(x->a, o, "completed", du_x_itemrefs(x, v->completed, v->ncompleted));
    du_map_set(x->a, o, "newly_overdue", du_x_itemrefs(x, v->overdue, v->noverdue));
    du_map_set(x->a, o, "problems", du_x_itemrefs(x, v->problems, v->nproblems));
    du_map_set(x->a, o, "upcoming", du_x_itemrefs(x, v->upcoming, v->nupcoming));
    du_map_set(x->a, o, "silent_units", du_x_unitids(x, v->silent, v->nsilent));
    du_map_set(x->a, o, "reporting_units", du_x_unitids(x, v->reporting, v->nreporting));
    return o;
}

du_val *du_x_period(du_export *x, const du_period *p, bool with_plans)
{
    du_val *v = du_val_map(x->a);
    du_map_str(x->a, v, "key", p->key);
    du_map_num(x->a, v, "number", p->number);
    du_map_str(x->a, v, "label", p->label_zh);
    du_map_str(x->a, v, "label_en", p->label_en);
    du_map_set(x->a, v, "start", du_x_date(x, p->start));
    du_map_set(x->a, v, "end", du_x_date(x, p->end));
    du_map_set(x->a, v, "all", du_x_pview(x, &p->all));
    if (with_plans) {
        du_val *pl = du_val_map(x->a);
        for (size_t i = 0; i < x->m->nplans; i++)
            du_map_set(x->a, pl, x->m->plans[i]->id, du_x_pview(x, &p->plans[i]));
        du_map_set(x->a, v, "plans", pl);
    }
    return v;
}

du_val *du_x_summary(du_export *x)
{
    static const char *const cad[] = {"month", "quarter", "year"};
    const du_model *m = x->m;
    du_val *v = du_val_map(x->a);
    du_map_str(x->a, v, "title", m->site.title);
    du_map_str(x->a, v, "publisher", m->site.publisher);
    du_map_str(x->a, v, "language", m->site.language);
    du_map_set(x->a, v, "as_of", du_x_date(x, m->site.as_of));
    du_map_str(x->a, v, "cadence", cad[m->site.cadence]);
    du_map_num(x->a, v, "plans", (double)m->nplans);
    du_map_num(x->a, v, "units", (double)m->nunits);
    du_map_num(x->a, v, "entries", (double)m->nentries);
    du_map_num(x->a, v, "tasks", (double)x->st->ntasks);
    du_map_num(x->a, v, "overdue", (double)x->st->noverdue);
    du_map_num(x->a, v, "stale", (double)x->st->nstale);
    du_map_set(x->a, v, "counts", du_x_counts(x, x->st->count, x->st->lights));
    return v;
}

/* Text is handed to the sink in pieces of about this size. */
#define DU_EMIT_CHUNK (1u << 20)

static int du_flush(const du_sink *s, void *f, du_buf *b)
{
    int rc = b->len ? s->append(f, b->ptr, b->len) : 0;
    du_buf_clear(b);
    return rc;
}

static int du_emit(const char *rel, du_val *v, const du_sink *s)
{
    void *f = s->begin(s->ud, rel);
    if (!f)
        return -1;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_val_to_json(v, &b, true, 1);
    du_buf_putc(&b, '\n');
    int rc = du_flush(s, f, &b);
    rc |= s->end(f);
    du_buf_free(&b);
    return rc;
}

typedef du_val *(*du_x_elem)(du_export *x, size_t i);

/* A JSON list written one element at a time: each element's values live
 * in an arena reset after it is serialised, and the text goes to the sink
 * a megabyte at a time, so memory stays at one element plus a megabyte
 * (the same bytes as du_val_to_json of the whole list). */
static int du_emit_list(du_export *x, const char *rel, size_t n, du_x_elem elem, const du_sink *s)
{
    void *f = s->begin(s->ud, rel);
    if (!f)
        return -1;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_putc(&b, '[');
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        du_buf_puts(&b, i ? ",\n " : "\n ");
        du_val_to_json_at(elem(x, i), &b, true, 1, 1);
        du_arena_reset(x->a, DU_EMIT_CHUNK);
        if (b.len >= DU_EMIT_CHUNK)
            rc = du_flush(s, f, &b);
    }
    du_buf_puts(&b, n ? "\n]\n" : "]\n");
    if (rc == 0)
        rc = du_flush(s, f, &b);
    rc |= s->end(f);
    du_buf_free(&b);
    return rc;
}

static du_val *du_x_plan_i(du_export *x, size_t i) { return du_x_plan(x, x->m->plans[i], true); }
static du_val *du_x_unit_i(du_export *x, size_t i) { return du_x_unit(x, x->m->units[i], true); }
static du_val *du_x_pairing_i(du_export *x, size_t i) { return du_x_pairing(x, x->m->pairings[i]); }
static du_val *du_x_entry_i(du_export *x, size_t i) { return du_x_entry(x, x->m->entries[i]); }
static du_val *du_x_period_i(du_export *x, size_t i)
{
    return du_x_period(x, &x->st->periods[i], true);
}

int du_export_json_to(const du_model *m, const du_state *st, const du_sink *s)
{
    du_arena a;
    du_arena_init(&a);
    du_export x = {&a, m, st};
    int rc = du_emit("data/site.json", du_x_summary(&x), s);
    du_arena_reset(&a, DU_EMIT_CHUNK);
    rc |= du_emit_list(&x, "data/plans.json", m->nplans, du_x_plan_i, s);
    rc |= du_emit_list(&x, "data/units.json", m->nunits, du_x_unit_i, s);
    rc |= du_emit_list(&x, "data/pairings.json", m->npairings, du_x_pairing_i, s);
    rc |= du_emit_list(&x, "data/progress.json", m->nentries, du_x_entry_i, s);
    rc |= du_emit_list(&x, "data/periods.json", st->nperiods, du_x_period_i, s);
    du_arena_free(&a);
    return rc ? -1 : 0;
}

/* ---- whole files through a du_write_fn ---- */

typedef struct du_whole {
    du_write_fn fn;
    void *ud;
    const char *rel;
    du_buf b;
} du_whole;

static void *du_whole_begin(void *ud, const char *rel)
{
    du_whole *w = ud;
    w->rel = rel;
    du_buf_clear(&w->b);
    return w;
}

static int du_whole_append(void *f, const void *data, size_t len)
{
    du_buf_put(&((du_whole *)f)->b, data, len);
    return 0;
}

static int du_whole_end(void *f)
{
    du_whole *w = f;
    return w->fn(w->ud, w->rel, w->b.ptr, w->b.len);
}

int du_export_json(const du_model *m, const du_state *st, du_write_fn fn, void *ud)
{
    du_whole w = {fn, ud, NULL, DU_BUF_INIT};
    du_buf_init(&w.b);
    du_sink s = {&w, du_whole_begin, du_whole_append, du_whole_end};
    int rc = du_export_json_to(m, st, &s);
    du_buf_free(&w.b);
    return rc;
}
