/* xlsx_plan.c - a plan's workbook (or the combined one): 概览, 任务分工,
 * 责任单位, 进展记录, 指标 and, combined, 结对关系. Every number comes
 * from du_state. */
#include "xlsx_plan.h"
#include "export.h"
#include "xlsx_cells.h"
#include "xlsx_sheet.h"
#include "xlsx_text.h"

#include <stdio.h>
#include <string.h>

#define DU_MAXSIDES 8

typedef struct du_xctx {
    du_xbook *b;
    const du_model *m;
    const du_state *st;
    const du_xscope *sc;
    bool en;
    du_buf t;           /* the cell text being built */
} du_xctx;

#define L(id) du_xl(x->en, DU_L_##id)

static const char *du_t_reset(du_xctx *x)
{
    du_buf_clear(&x->t);
    return x->t.ptr;
}

/* ---- 任务分工 ---- */

typedef struct du_lcols {
    int plan, no, area, task, body, lead, units, side[DU_MAXSIDES], nsides, due, status, pct, exp,
        light, flags, latest, updated, last;
    bool sided_text;
} du_lcols;

/* Does the plan list any unit without a side? (then a plain column too) */
static bool du_unsided_units(const du_plan *p)
{
    for (size_t i = 0; i < p->nitems; i++)
        for (size_t k = 0; k < p->items[i]->nunits; k++)
            if (!p->items[i]->units[k].side)
                return true;
    return false;
}

static void du_ledger_head(du_xctx *x, du_xsheet *s, du_lcols *c)
{
    du_xcol cols[DU_XS_MAXCOLS];
    char side_head[DU_MAXSIDES][160];
    int n = 0;
    const du_plan *one = x->sc->combined ? NULL : x->sc->plans[0];
    memset(c, -1, sizeof *c);
    c->nsides = 0;
    if (x->sc->combined)
        c->plan = n, cols[n++] = (du_xcol){L(PLAN), DU_XC_WRAP, 12, 24};
    c->no = n, cols[n++] = (du_xcol){L(NO), DU_XC_TEXT, 6, 8};
    c->area = n, cols[n++] = (du_xcol){L(AREA), DU_XC_WRAP, 12, 24};
    c->task = n, cols[n++] = (du_xcol){L(TASK), DU_XC_WRAP, 14, 30};
    c->body = n, cols[n++] = (du_xcol){L(BODY), DU_XC_WRAP, 20, 60};
    c->lead = n, cols[n++] = (du_xcol){L(LEAD), DU_XC_WRAP, 10, 24};
    /* one column per side; the combined workbook, or a plan with more
     * sides than columns, names the sides inside one column instead */
    c->sided_text = !one || one->nsides > DU_MAXSIDES;
    if (one && one->nsides && !c->sided_text) {
        for (size_t i = 0; i < one->nsides && i < DU_MAXSIDES; i++) {
            du_buf_clear(&x->t);
            du_buf_printf(&x->t, L(UNITS_SIDE), one->sides[i]);
            snprintf(side_head[i], sizeof side_head[i], "%s", du_xs_clean(x->b, x->t.ptr));
            c->side[c->nsides++] = n;
            cols[n++] = (du_xcol){side_head[i], DU_XC_WRAP, 12, 30};
        }
        if (du_unsided_units(one))
            c->units = n, cols[n++] = (du_xcol){L(UNITS), DU_XC_WRAP, 12, 30};
    } else {
        c->units = n, cols[n++] = (du_xcol){L(UNITS), DU_XC_WRAP, 12, 30};
    }
    c->due = n, cols[n++] = (du_xcol){L(DUE), DU_XC_DATE, 0, 0};
    c->status = n, cols[n++] = (du_xcol){L(STATUS), DU_XC_STATUS, 0, 0};
    c->pct = n, cols[n++] = (du_xcol){L(PERCENT), DU_XC_PCT, 0, 0};
    c->exp = n, cols[n++] = (du_xcol){L(EXPECTED), DU_XC_PCT, 0, 0};
    c->light = n, cols[n++] = (du_xcol){L(LIGHT), DU_XC_LIGHT, 0, 0};
    c->flags = n, cols[n++] = (du_xcol){L(FLAGS), DU_XC_WRAP, 8, 16};
    c->latest = n, cols[n++] = (du_xcol){L(LATEST), DU_XC_WRAP, 20, 50};
    c->updated = n, cols[n++] = (du_xcol){L(UPDATED), DU_XC_DATE, 0, 0};
    c->last = n - 1;
    du_xs_head(s, cols, n, 0);
}

static void du_ledger_task(du_xctx *x, du_xsheet *s, const du_lcols *c, const du_item *it)
{
    const du_istate *is = &x->st->items[it->gindex];
    bool en = x->en;
    if (c->plan >= 0)
        du_xs_str(s, c->plan, du_xc_plan_label(it->plan));
    du_xs_str(s, c->no, it->number);
    du_t_reset(x);
    du_xc_area(&x->t, it);
    du_xs_str(s, c->area, x->t.ptr);
    du_xs_str(s, c->task, it->title);
    du_t_reset(x);
    du_md_plain(&x->t, it->body);
    du_xs_str(s, c->body, x->t.ptr);
    du_t_reset(x);
    if (it->plan->nsides) /* names a side only where the document gives one */
        du_xc_units_sided(&x->t, it->lead, it->nlead);
    else
        du_xc_units(&x->t, it->lead, it->nlead, NULL);
    du_xs_str(s, c->lead, x->t.ptr);
    for (int k = 0; k < c->nsides; k++) {
        du_t_reset(x);
        du_xc_units(&x->t, it->units, it->nunits, it->plan->sides[k]);
        du_xs_str(s, c->side[k], x->t.ptr);
    }
    if (c->units >= 0) {
        du_t_reset(x);
        if (c->sided_text)
            du_xc_units_sided(&x->t, it->units, it->nunits);
        else
            du_xc_units(&x->t, it->units, it->nunits, c->nsides ? "" : NULL);
        du_xs_str(s, c->units, x->t.ptr);
    }
    du_xs_date(s, c->due, it->due);
    du_xs_str(s, c->status, du_xl_status(en, is->status));
    du_xs_pct(s, c->pct, is->percent);
    du_xs_pct(s, c->exp, is->expected);
    du_xs_str(s, c->light, du_xl_light(en, is->light));
    du_t_reset(x);
    du_xc_flags(&x->t, en, is);
    du_xs_str(s, c->flags, x->t.ptr);
    du_t_reset(x);
    du_xc_latest(&x->t, en, is->latest);
    du_xs_str(s, c->latest, x->t.ptr);
    du_xs_date(s, c->updated, is->latest ? is->latest->date : DU_DATE_NONE);
    du_xs_next(s);
}

static void du_ledger(du_xctx *x, du_xsheet *s)
{
    du_lcols c;
    du_ledger_head(x, s, &c);
    int shift = x->sc->combined ? 1 : 0;
    for (size_t p = 0; p < x->sc->nplans; p++) {
        const du_plan *plan = x->sc->plans[p];
        if (x->sc->combined) {
            du_xs_str_fmt(s, c.plan, du_xc_plan_label(plan), x->b->f.area[0]);
            du_xs_area(s, c.no, c.last, 0, plan->title);
            du_xs_next(s);
        }
        for (size_t i = 0; i < plan->nitems; i++) {
            const du_item *it = plan->items[i];
            if (!it->has_tasks)
                continue;
            if (!du_xc_heading(it)) {
                du_ledger_task(x, s, &c, it);
                continue;
            }
            int level = it->depth + shift;
            if (c.plan >= 0)
                du_xs_str_fmt(s, c.plan, du_xc_plan_label(plan), x->b->f.area[level > 2 ? 2 : level]);
            du_t_reset(x);
            du_buf_puts(&x->t, it->number ? it->number : "");
            du_buf_puts(&x->t, it->title);
            du_xs_area(s, c.no, c.last, level, x->t.ptr);
            du_xs_next(s);
        }
    }
    du_xs_finish(s);
}

/* ---- 责任单位 ---- */

static void du_task_lines(du_xctx *x, const du_uview *v, bool lead)
{
    du_t_reset(x);
    for (size_t j = 0; j < v->nitems; j++) {
        if (v->as_lead[j] != lead)
            continue;
        if (x->t.len)
            du_buf_putc(&x->t, '\n');
        size_t start = x->t.len;
        if (x->sc->combined) {
            du_buf_puts(&x->t, du_xc_plan_label(v->items[j]->plan));
            du_buf_putc(&x->t, ' ');
        }
        du_xc_path(&x->t, v->items[j]);
        du_buf_puts(&x->t, v->items[j]->title);
        /* one line per task, whatever the title holds */
        for (size_t k = start; k < x->t.len; k++)
            if (x->t.ptr[k] == '\n' || x->t.ptr[k] == '\r' || x->t.ptr[k] == '\t')
                x->t.ptr[k] = ' ';
    }
}

static void du_units_sheet(du_xctx *x, du_xsheet *s)
{
    du_xcol cols[DU_XS_MAXCOLS];
    int n = 0;
    cols[n++] = (du_xcol){L(UNIT), DU_XC_WRAP, 10, 30};
    cols[n++] = (du_xcol){L(REGION), DU_XC_TEXT, 6, 14};
    cols[n++] = (du_xcol){L(LEVEL), DU_XC_TEXT, 6, 12};
    cols[n++] = (du_xcol){L(AS_LEAD), DU_XC_WRAP, 16, 50};
    cols[n++] = (du_xcol){L(AS_RESP), DU_XC_WRAP, 16, 50};
    cols[n++] = (du_xcol){L(NTASKS), DU_XC_INT, 0, 0};
    for (int k = 0; k < DU_ST_COUNT; k++)
        cols[n++] = (du_xcol){du_xl_status(x->en, (du_status)k), DU_XC_INT, 0, 0};
    for (int k = 0; k < DU_LIGHT_COUNT; k++)
        cols[n++] = (du_xcol){du_xl_light(x->en, (du_light)k), DU_XC_INT, 0, 0};
    cols[n++] = (du_xcol){L(NOVERDUE), DU_XC_INT, 0, 0};
    cols[n++] = (du_xcol){L(NREPORTS), DU_XC_INT, 0, 0};
    du_xs_head(s, cols, n, 1);
    for (size_t u = 0; u < x->sc->nunits; u++) {
        const du_uview *v = &x->sc->units[u];
        if (!v->nitems)
            continue;
        int c = 0;
        du_xs_str(s, c++, v->unit->name);
        du_xs_str(s, c++, v->unit->region);
        du_xs_str(s, c++, v->unit->level);
        du_task_lines(x, v, true);
        du_xs_str(s, c++, x->t.ptr);
        du_task_lines(x, v, false);
        du_xs_str(s, c++, x->t.ptr);
        du_xs_count(s, c++, v->nitems);
        for (int k = 0; k < DU_ST_COUNT; k++)
            du_xs_count(s, c++, v->count[k]);
        for (int k = 0; k < DU_LIGHT_COUNT; k++)
            du_xs_count(s, c++, v->lights[k]);
        du_xs_count(s, c++, v->noverdue);
        du_xs_count(s, c++, v->nreports);
        du_xs_next(s);
    }
    du_xs_finish(s);
}

/* ---- 进展记录 ---- */

static void du_log_sheet(du_xctx *x, du_xsheet *s)
{
    du_xcol cols[DU_XS_MAXCOLS];
    int n = 0, cp = -1;
    if (x->sc->combined)
        cp = n, cols[n++] = (du_xcol){L(PLAN), DU_XC_WRAP, 12, 24};
    int c0 = n;
    cols[n++] = (du_xcol){L(DATE), DU_XC_DATE, 0, 0};
    cols[n++] = (du_xcol){L(NO), DU_XC_TEXT, 6, 16};
    cols[n++] = (du_xcol){L(TASK), DU_XC_WRAP, 12, 30};
    cols[n++] = (du_xcol){L(UNIT), DU_XC_WRAP, 8, 24};
    cols[n++] = (du_xcol){L(STATUS), DU_XC_STATUS, 0, 0};
    cols[n++] = (du_xcol){L(PERCENT), DU_XC_PCT, 0, 0};
    cols[n++] = (du_xcol){L(SUMMARY), DU_XC_WRAP, 30, 60};
    cols[n++] = (du_xcol){L(SOURCE), DU_XC_LINK, 12, 40};
    cols[n++] = (du_xcol){L(SOURCE_URLS), DU_XC_WRAP, 12, 40};
    du_xs_head(s, cols, n, 0);
    for (size_t i = 0; i < x->sc->nentries; i++) {
        const du_entry *e = x->sc->entries[i];
        if (!e->item)
            continue;
        int c = c0;
        if (cp >= 0)
            du_xs_str(s, cp, du_xc_plan_label(e->item->plan));
        du_xs_date(s, c++, e->date);
        du_t_reset(x);
        du_xc_path(&x->t, e->item);
        du_xs_str(s, c++, x->t.ptr);
        du_xs_str(s, c++, e->item->title);
        du_xs_str(s, c++, e->unit_printed ? e->unit_printed : e->unit ? e->unit->name : NULL);
        du_xs_str(s, c++, du_xl_status(x->en, e->status));
        du_xs_pct(s, c++, e->percent);
        du_t_reset(x);
        du_md_plain(&x->t, e->summary);
        du_xs_str(s, c++, x->t.ptr);
        du_t_reset(x);
        du_xc_sources(&x->t, x->en, e);
        du_xs_url(s, c++, du_xc_first_url(e), x->t.ptr);
        du_t_reset(x);
        du_xc_source_urls(&x->t, e);
        du_xs_str(s, c++, x->t.ptr);
        du_xs_next(s);
    }
    du_xs_finish(s);
}

/* ---- 指标 ---- */

static void du_ind_row(du_xctx *x, du_xsheet *s, int c, size_t no, const du_indicator *ind)
{
    const du_indstate *is = &x->st->inds[ind->gindex];
    du_xs_count(s, c++, no);
    du_xs_str(s, c++, ind->category);
    du_xs_str(s, c++, ind->name);
    du_xs_str(s, c++, ind->unit);
    if (ind->has_baseline)
        du_xs_num(s, c++, ind->baseline);
    else
        du_xs_str(s, c++, NULL);
    if (ind->target_text) /* as printed */
        du_xs_str(s, c++, ind->target_text);
    else if (ind->has_target)
        du_xs_num(s, c++, ind->target);
    else
        du_xs_str(s, c++, NULL);
    du_xs_str(s, c++, ind->mode == DU_MODE_CUMULATIVE ? L(CUMULATIVE) : L(ANNUAL));
    du_xs_str(s, c++, ind->nature);
    if (is->has_actual) {
        du_xs_num(s, c++, is->actual);
        du_xs_date(s, c++, is->actual_date);
    } else {
        du_xs_str(s, c++, NULL);
        du_xs_str(s, c++, NULL);
    }
    du_xs_pct(s, c++, is->attainment);
    du_xs_str(s, c++, is->attainment >= 0 ? (is->met ? L(YES) : L(NOT)) : NULL);
    if (is->has_trajectory) {
        du_xs_num(s, c++, du_round1(is->trajectory));
        du_xs_str(s, c++, is->behind ? L(YES) : L(NOT));
    } else {
        du_xs_str(s, c++, NULL);
        du_xs_str(s, c++, NULL);
    }
    du_xs_next(s);
}

static void du_inds_sheet(du_xctx *x, du_xsheet *s)
{
    du_xcol cols[DU_XS_MAXCOLS];
    int n = 0, cp = -1;
    if (x->sc->combined)
        cp = n, cols[n++] = (du_xcol){L(PLAN), DU_XC_WRAP, 12, 24};
    int c0 = n;
    cols[n++] = (du_xcol){L(NO), DU_XC_INT, 6, 6};
    cols[n++] = (du_xcol){L(CATEGORY), DU_XC_WRAP, 8, 20};
    cols[n++] = (du_xcol){L(INDICATOR), DU_XC_WRAP, 12, 36};
    cols[n++] = (du_xcol){L(IUNIT), DU_XC_TEXT, 6, 12};
    cols[n++] = (du_xcol){L(BASELINE), DU_XC_NUM, 0, 0};
    cols[n++] = (du_xcol){L(TARGET), DU_XC_NUM, 0, 20};
    cols[n++] = (du_xcol){L(MODE), DU_XC_TEXT, 8, 12};
    cols[n++] = (du_xcol){L(NATURE), DU_XC_TEXT, 6, 10};
    cols[n++] = (du_xcol){L(ACTUAL), DU_XC_NUM, 0, 0};
    cols[n++] = (du_xcol){L(ACTUAL_DATE), DU_XC_DATE, 0, 0};
    cols[n++] = (du_xcol){L(ATTAIN), DU_XC_PCT, 0, 0};
    cols[n++] = (du_xcol){L(MET), DU_XC_TEXT, 6, 10};
    cols[n++] = (du_xcol){L(TRAJ), DU_XC_NUM, 0, 0};
    cols[n++] = (du_xcol){L(BEHIND_TRAJ), DU_XC_TEXT, 6, 12};
    du_xs_head(s, cols, n, 0);
    for (size_t p = 0; p < x->sc->nplans; p++) {
        const du_plan *plan = x->sc->plans[p];
        for (size_t i = 0; i < plan->nindicators; i++) {
            if (cp >= 0)
                du_xs_str(s, cp, du_xc_plan_label(plan));
            du_ind_row(x, s, c0, i + 1, plan->indicators[i]);
        }
    }
    du_xs_finish(s);
}

/* ---- 结对关系 ---- */

static void du_pairs_sheet(du_xctx *x, du_xsheet *s)
{
    du_xcol cols[] = {
        {L(NO), DU_XC_INT, 6, 6},          {L(PROGRAM), DU_XC_TEXT, 8, 14},
        {L(DISTRICT), DU_XC_TEXT, 8, 16},  {L(PARTNER), DU_XC_TEXT, 10, 24},
        {L(COUNTIES), DU_XC_WRAP, 12, 40}, {L(SINCE), DU_XC_TEXT, 6, 12},
        {L(BASIS), DU_XC_WRAP, 12, 40},    {L(NOTES), DU_XC_WRAP, 12, 50},
    };
    du_xs_head(s, cols, (int)(sizeof cols / sizeof cols[0]), 0);
    for (size_t i = 0; i < x->m->npairings; i++) {
        const du_pairing *p = x->m->pairings[i];
        int c = 0;
        du_xs_count(s, c++, i + 1);
        du_xs_str(s, c++, p->program);
        du_xs_str(s, c++, p->district);
        du_xs_str(s, c++, p->partner);
        du_t_reset(x);
        for (size_t k = 0; k < p->ncounties; k++) {
            if (k)
                du_buf_puts(&x->t, "、");
            du_buf_puts(&x->t, p->counties[k]);
        }
        du_xs_str(s, c++, x->t.ptr);
        du_xs_str(s, c++, p->since);
        const du_plan *src = p->source ? du_model_plan(x->m, p->source) : NULL;
        du_xs_str(s, c++, src ? src->title : p->source);
        du_xs_str(s, c++, p->notes);
        du_xs_next(s);
    }
    du_xs_finish(s);
}

/* ---- 概览 ---- */

enum { DU_OV_COLS = 2 + DU_ST_COUNT + DU_LIGHT_COUNT + 3 };

static void du_ov_head(du_xctx *x, du_xsheet *s, const char *first)
{
    lxw_format *h = x->b->f.head;
    int c = 0;
    du_xs_str_fmt(s, c++, first, h);
    du_xs_str_fmt(s, c++, L(NTASKS), h);
    for (int k = 0; k < DU_ST_COUNT; k++)
        du_xs_str_fmt(s, c++, du_xl_status(x->en, (du_status)k), h);
    for (int k = 0; k < DU_LIGHT_COUNT; k++)
        du_xs_str_fmt(s, c++, du_xl_light(x->en, (du_light)k), h);
    du_xs_str_fmt(s, c++, L(NOVERDUE), h);
    du_xs_str_fmt(s, c++, L(PERCENT), h);
    du_xs_str_fmt(s, c++, L(EXPECTED), h);
    du_xs_next(s);
}

static void du_ov_counts(du_xsheet *s, size_t ntasks, const size_t *count, const size_t *lights,
                         size_t noverdue)
{
    int c = 1;
    du_xs_count(s, c++, ntasks);
    for (int k = 0; k < DU_ST_COUNT; k++)
        du_xs_count(s, c++, count[k]);
    for (int k = 0; k < DU_LIGHT_COUNT; k++)
        du_xs_count(s, c++, lights[k]);
    du_xs_count(s, c++, noverdue);
}

static void du_ov_row(du_xsheet *s, const char *label, const du_istate *is, lxw_format *f)
{
    du_xs_str_fmt(s, 0, label, f);
    du_ov_counts(s, is->ntasks, is->count, is->lights, is->noverdue);
    du_xs_pct(s, DU_OV_COLS - 2, is->percent);
    du_xs_pct(s, DU_OV_COLS - 1, is->expected);
    du_xs_next(s);
}

/* Areas are the headings directly above tasks, and tasks at the top. */
static bool du_is_area(const du_item *it)
{
    if (!it->has_tasks)
        return false;
    if (!du_xc_heading(it))
        return it->parent == NULL;
    for (size_t i = 0; i < it->nchildren; i++)
        if (it->children[i]->has_tasks && !du_xc_heading(it->children[i]))
            return true;
    return false;
}

static void du_ov_areas(du_xctx *x, du_xsheet *s, const du_plan *plan)
{
    for (size_t i = 0; i < plan->nitems; i++) {
        const du_item *it = plan->items[i];
        if (!du_is_area(it))
            continue;
        du_t_reset(x);
        if (x->sc->combined) {
            du_buf_puts(&x->t, du_xc_plan_label(plan));
            du_buf_putc(&x->t, ' ');
        }
        du_xc_path(&x->t, it);
        du_buf_puts(&x->t, it->title);
        du_ov_row(s, x->t.ptr, &x->st->items[it->gindex], x->b->f.wrap);
    }
}

static void du_ov_chart(du_xctx *x, du_xsheet *s, lxw_row_t head, lxw_row_t r0, lxw_row_t r1,
                        du_label title)
{
    static const lxw_color_t color[DU_ST_COUNT] = {0xBFBFBF, 0x5B9BD5, 0x70AD47, 0xFF0000,
                                                   0x7F7F7F};
    if (r1 < r0)
        return;
    lxw_chart *ch = workbook_add_chart(x->b->wb, LXW_CHART_BAR_STACKED);
    if (!ch)
        return;
    for (int k = 0; k < DU_ST_COUNT; k++) {
        lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(ser, s->name, r0, 0, r1, 0);
        chart_series_set_values(ser, s->name, r0, (lxw_col_t)(2 + k), r1, (lxw_col_t)(2 + k));
        chart_series_set_name_range(ser, s->name, head, (lxw_col_t)(2 + k));
        lxw_chart_fill fill = {.color = color[k]};
        chart_series_set_fill(ser, &fill);
    }
    chart_title_set_name(ch, du_xl(x->en, title));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    /* first area on top, as in the table, and the values along the bottom */
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_crossing_max(ch->y_axis);
    double rows = (double)(r1 - r0 + 1);
    lxw_chart_options opt = {.x_scale = 2.0, .y_scale = rows > 8 ? (120.0 + 24.0 * rows) / 288.0 : 1.0};
    lxw_error e = worksheet_insert_chart_opt(s->ws, s->row + 1, 0, ch, &opt);
    if (e != LXW_NO_ERROR && x->b->err == LXW_NO_ERROR)
        x->b->err = e;
}

/* Title, reporting date and links to the other sheets. */
static void du_ov_contents(du_xctx *x, du_xsheet *s, du_xsheet *const *others, size_t nothers)
{
    du_xs_str_fmt(s, 0, x->b->title, x->b->f.title);
    du_xs_next(s);
    du_t_reset(x);
    du_buf_printf(&x->t, L(AS_OF), x->b->as_of);
    du_xs_str_fmt(s, 0, x->t.ptr, x->b->f.note);
    du_xs_next(s);
    du_xs_next(s);
    du_xs_str_fmt(s, 0, L(CONTENTS), x->b->f.bold);
    du_xs_next(s);
    for (size_t i = 0; i < nothers; i++) {
        du_xs_sheet_link(s, 0, others[i]->name, others[i]->name);
        du_xs_next(s);
    }
    du_xs_next(s);
}

/* Combined: per plan with the site's total, then every plan's areas;
 * the chart is per plan. */
static void du_ov_combined(du_xctx *x, du_xsheet *s)
{
    const du_state *st = x->st;
    du_xs_str_fmt(s, 0, L(BY_PLAN), x->b->f.bold);
    du_xs_next(s);
    lxw_row_t head = s->row;
    du_ov_head(x, s, L(PLAN));
    lxw_row_t r0 = s->row;
    for (size_t p = 0; p < x->sc->nplans; p++) {
        const du_plan *plan = x->sc->plans[p];
        du_ov_row(s, plan->title, &st->plans[plan->index].s, x->b->f.wrap);
    }
    lxw_row_t r1 = s->row - 1;
    du_xs_str_fmt(s, 0, L(TOTAL), x->b->f.area[1]);
    du_ov_counts(s, st->ntasks, st->count, st->lights, st->noverdue);
    du_xs_next(s);
    du_xs_next(s);
    du_xs_str_fmt(s, 0, L(BY_AREA), x->b->f.bold);
    du_xs_next(s);
    du_ov_head(x, s, L(AREA));
    for (size_t p = 0; p < x->sc->nplans; p++)
        du_ov_areas(x, s, x->sc->plans[p]);
    du_ov_chart(x, s, head, r0, r1, DU_L_CHART_PLAN);
}

/* One plan: its areas and its total; the chart is per area. */
static void du_ov_plan(du_xctx *x, du_xsheet *s)
{
    const du_plan *plan = x->sc->plans[0];
    du_xs_str_fmt(s, 0, L(BY_AREA), x->b->f.bold);
    du_xs_next(s);
    lxw_row_t head = s->row;
    du_ov_head(x, s, L(AREA));
    lxw_row_t r0 = s->row;
    du_ov_areas(x, s, plan);
    lxw_row_t r1 = s->row - 1;
    du_ov_row(s, L(TOTAL), &x->st->plans[plan->index].s, x->b->f.area[1]);
    du_ov_chart(x, s, head, r0, r1, DU_L_CHART_AREA);
}

static void du_overview(du_xctx *x, du_xsheet *s, du_xsheet *const *others, size_t nothers)
{
    du_xcol cols[DU_OV_COLS];
    cols[0] = (du_xcol){NULL, DU_XC_WRAP, 24, 60};
    for (int c = 1; c < DU_OV_COLS - 2; c++)
        cols[c] = (du_xcol){NULL, DU_XC_INT, 6, 8};
    cols[DU_OV_COLS - 2] = (du_xcol){NULL, DU_XC_PCT, 0, 0};
    cols[DU_OV_COLS - 1] = (du_xcol){NULL, DU_XC_PCT, 0, 0};
    du_xs_cols(s, cols, DU_OV_COLS);
    du_ov_contents(x, s, others, nothers);
    if (x->sc->combined)
        du_ov_combined(x, s);
    else
        du_ov_plan(x, s);
    du_xs_widths(s);
}

/* ---- the workbook ---- */

lxw_error du_xlsx_plan_book(const du_model *m, const du_state *st, const du_xscope *sc,
                            const char *path, const char *tmpdir, bool cm)
{
    du_xbook b;
    const char *title = sc->combined ? m->site.title : sc->plans[0]->title;
    bool en = m->site.language && strcmp(m->site.language, "en") == 0;
    if (du_xbook_open(&b, path, tmpdir, cm, m, st, title, du_xl(en, DU_L_SUBJECT)) != 0)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    du_xctx x = {.b = &b, .m = m, .st = st, .sc = sc, .en = b.en};
    du_buf_init(&x.t);
    du_xsheet ov, ledger, units, log, inds, pairs;
    /* sheets in tab order first; each is then written row by row */
    du_xs_add(&ov, &b, DU_L_SH_OVERVIEW);
    du_xs_add(&ledger, &b, DU_L_SH_LEDGER);
    du_xs_add(&units, &b, DU_L_SH_UNITS);
    du_xs_add(&log, &b, DU_L_SH_LOG);
    du_xs_add(&inds, &b, DU_L_SH_INDS);
    du_xsheet *others[] = {&ledger, &units, &log, &inds, &pairs};
    size_t nothers = 4;
    if (sc->combined) {
        du_xs_add(&pairs, &b, DU_L_SH_PAIRS);
        nothers = 5;
    }
    du_ledger(&x, &ledger);
    du_units_sheet(&x, &units);
    du_log_sheet(&x, &log);
    du_inds_sheet(&x, &inds);
    if (sc->combined)
        du_pairs_sheet(&x, &pairs);
    du_overview(&x, &ov, others, nothers);
    if (ov.ws)
        worksheet_activate(ov.ws);
    du_buf_free(&x.t);
    return du_xbook_close(&b);
}
