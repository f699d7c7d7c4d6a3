/* xlsx_unit.c - a unit's task list to fill in and return. */
#include "xlsx_unit.h"
#include "xlsx_cells.h"
#include "xlsx_sheet.h"
#include "xlsx_text.h"

#include <stdlib.h>
#include <string.h>

#define L(id) du_xl(b->en, DU_L_##id)

typedef struct du_ucols {
    int ref, plan, no, task, body, role, due, status, pct, exp, light, flags, latest, updated,
        in_text, in_status, in_pct, n;
} du_ucols;

static void du_unit_head(du_xbook *b, du_xsheet *s, du_ucols *c)
{
    du_xcol cols[DU_XS_MAXCOLS];
    int n = 0;
    c->ref = n, cols[n++] = (du_xcol){L(REF), DU_XC_TEXT, 8, 28};
    c->plan = n, cols[n++] = (du_xcol){L(PLAN), DU_XC_WRAP, 12, 24};
    c->no = n, cols[n++] = (du_xcol){L(NO), DU_XC_TEXT, 6, 14};
    c->task = n, cols[n++] = (du_xcol){L(TASK), DU_XC_WRAP, 14, 30};
    c->body = n, cols[n++] = (du_xcol){L(BODY), DU_XC_WRAP, 20, 50};
    c->role = n, cols[n++] = (du_xcol){L(ROLE), DU_XC_TEXT, 6, 12};
    c->due = n, cols[n++] = (du_xcol){L(DUE), DU_XC_DATE, 0, 0};
    c->status = n, cols[n++] = (du_xcol){L(CUR_STATUS), DU_XC_STATUS, 0, 0};
    c->pct = n, cols[n++] = (du_xcol){L(CUR_PERCENT), DU_XC_PCT, 0, 0};
    c->exp = n, cols[n++] = (du_xcol){L(EXPECTED), DU_XC_PCT, 0, 0};
    c->light = n, cols[n++] = (du_xcol){L(LIGHT), DU_XC_LIGHT, 0, 0};
    c->flags = n, cols[n++] = (du_xcol){L(FLAGS), DU_XC_WRAP, 8, 16};
    c->latest = n, cols[n++] = (du_xcol){L(LATEST), DU_XC_WRAP, 20, 40};
    c->updated = n, cols[n++] = (du_xcol){L(UPDATED), DU_XC_DATE, 0, 0};
    c->in_text = n, cols[n++] = (du_xcol){L(IN_TEXT), DU_XC_IN_TEXT, 0, 0};
    c->in_status = n, cols[n++] = (du_xcol){L(IN_STATUS), DU_XC_IN_STATUS, 0, 0};
    c->in_pct = n, cols[n++] = (du_xcol){L(IN_PERCENT), DU_XC_IN_INT, 0, 0};
    c->n = n;
    du_xs_head(s, cols, n, 0);
}

static void du_unit_row(du_xbook *b, du_xsheet *s, const du_ucols *c, du_buf *t,
                        const du_item *it, bool lead)
{
    const du_istate *is = &b->st->items[it->gindex];
    du_xs_str(s, c->ref, it->ref);
    du_xs_str(s, c->plan, it->plan->title);
    du_buf_clear(t);
    du_xc_path(t, it);
    du_xs_str(s, c->no, t->ptr);
    du_xs_str(s, c->task, it->title);
    du_buf_clear(t);
    du_md_plain(t, it->body);
    du_xs_str(s, c->body, t->ptr);
    du_xs_str(s, c->role, lead ? L(ROLE_LEAD) : L(ROLE_RESP));
    du_xs_date(s, c->due, it->due);
    du_xs_str(s, c->status, du_xl_status(b->en, is->status));
    du_xs_pct(s, c->pct, is->percent);
    du_xs_pct(s, c->exp, is->expected);
    du_xs_str(s, c->light, du_xl_light(b->en, is->light));
    du_buf_clear(t);
    du_xc_flags(t, b->en, is);
    du_xs_str(s, c->flags, t->ptr);
    du_buf_clear(t);
    du_xc_latest(t, b->en, is->latest);
    du_xs_str(s, c->latest, t->ptr);
    du_xs_date(s, c->updated, is->latest ? is->latest->date : DU_DATE_NONE);
    /* the open cells: blank but unlocked */
    du_xs_str(s, c->in_text, NULL);
    du_xs_str(s, c->in_status, NULL);
    du_xs_str(s, c->in_pct, NULL);
    du_xs_next(s);
}

static void du_unit_validate(du_xbook *b, du_xsheet *s, const du_ucols *c)
{
    if (s->row <= s->head + 1 || !s->ws)
        return;
    lxw_row_t r0 = s->head + 1, r1 = s->row - 1;
    lxw_data_validation text = {
        .validate = LXW_VALIDATION_TYPE_ANY,
        .input_title = (char *)L(IN_TEXT_TITLE),
        .input_message = (char *)L(IN_TEXT_MSG),
    };
    char *list[DU_ST_COUNT + 1];
    for (int k = 0; k < DU_ST_COUNT; k++)
        list[k] = (char *)du_xl_status(b->en, (du_status)k);
    list[DU_ST_COUNT] = NULL;
    lxw_data_validation status = {
        .validate = LXW_VALIDATION_TYPE_LIST,
        .value_list = list,
        .input_title = (char *)L(IN_STATUS_TITLE),
        .input_message = (char *)L(IN_STATUS_MSG),
        .error_title = (char *)L(IN_STATUS_TITLE),
        .error_message = (char *)L(IN_STATUS_ERR),
    };
    lxw_data_validation pct = {
        .validate = LXW_VALIDATION_TYPE_INTEGER,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .minimum_number = 0,
        .maximum_number = 100,
        .input_title = (char *)L(IN_PERCENT_TITLE),
        .input_message = (char *)L(IN_PERCENT_MSG),
        .error_title = (char *)L(IN_PERCENT_TITLE),
        .error_message = (char *)L(IN_PERCENT_ERR),
    };
    lxw_error e = worksheet_data_validation_range(s->ws, r0, (lxw_col_t)c->in_text, r1,
                                                  (lxw_col_t)c->in_text, &text);
    if (e == LXW_NO_ERROR)
        e = worksheet_data_validation_range(s->ws, r0, (lxw_col_t)c->in_status, r1,
                                            (lxw_col_t)c->in_status, &status);
    if (e == LXW_NO_ERROR)
        e = worksheet_data_validation_range(s->ws, r0, (lxw_col_t)c->in_pct, r1,
                                            (lxw_col_t)c->in_pct, &pct);
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

static void du_protect(du_xsheet *s)
{
    if (!s->ws)
        return;
    /* no password: the lock keeps the structure, not secrets */
    lxw_protection p = {.format_columns = 1, .format_rows = 1, .autofilter = 1};
    worksheet_protect(s->ws, NULL, &p);
}

static void du_help_count(du_xbook *b, du_xsheet *s, const char *label, size_t n)
{
    du_xs_str_fmt(s, 0, label, b->f.text);
    du_xs_count(s, 1, n);
    du_xs_next(s);
}

static void du_help(du_xbook *b, du_xsheet *s, const du_uview *v, du_buf *t)
{
    du_xcol cols[] = {{NULL, DU_XC_WRAP, 20, 90}, {NULL, DU_XC_INT, 8, 10}};
    du_xs_cols(s, cols, 2);
    du_xs_str_fmt(s, 0, L(HELP_TITLE), b->f.title);
    du_xs_next(s);
    du_xs_str_fmt(s, 0, v->unit->name, b->f.bold);
    du_xs_next(s);
    du_buf_clear(t);
    du_buf_printf(t, L(AS_OF), b->as_of);
    du_xs_str_fmt(s, 0, t->ptr, b->f.note);
    du_xs_next(s);
    du_xs_next(s);
    static const du_label steps[] = {DU_L_HELP_1, DU_L_HELP_2, DU_L_HELP_3, DU_L_HELP_4,
                                     DU_L_HELP_5};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        du_xs_str_fmt(s, 0, du_xl(b->en, steps[i]), NULL);
        du_xs_next(s);
    }
    du_buf_clear(t);
    du_buf_printf(t, L(HELP_RETURN), b->m->site.publisher);
    du_xs_str_fmt(s, 0, t->ptr, NULL);
    du_xs_next(s);
    du_xs_next(s);
    du_xs_str_fmt(s, 0, L(HELP_COUNTS), b->f.bold);
    du_xs_next(s);
    du_help_count(b, s, L(NTASKS), v->nitems);
    for (int k = 0; k < DU_ST_COUNT; k++)
        du_help_count(b, s, du_xl_status(b->en, (du_status)k), v->count[k]);
    for (int k = 0; k < DU_LIGHT_COUNT; k++)
        du_help_count(b, s, du_xl_light(b->en, (du_light)k), v->lights[k]);
    du_help_count(b, s, L(NOVERDUE), v->noverdue);
    du_help_count(b, s, L(NREPORTS), v->nreports);
    du_xs_widths(s);
}

lxw_error du_xlsx_unit_book(const du_model *m, const du_state *st, const du_uview *v,
                            const char *path, const char *tmpdir)
{
    du_xbook book, *b = &book;
    du_buf t = DU_BUF_INIT;
    du_buf_init(&t);
    bool en = m->site.language && strcmp(m->site.language, "en") == 0;
    du_buf_puts(&t, v->unit->name);
    du_buf_puts(&t, en ? " - " : " ");
    du_buf_puts(&t, du_xl(en, DU_L_SH_REPORT));
    char *title = du_buf_detach(&t);
    du_buf_init(&t);
    if (du_xbook_open(b, path, tmpdir, false, m, st, title, du_xl(en, DU_L_SUBJECT_UNIT)) != 0) {
        free(title);
        du_buf_free(&t);
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    b->title = v->unit->name; /* page headers: the unit, then the sheet */
    du_xsheet list, help;
    du_xs_add(&list, b, DU_L_SH_REPORT);
    du_xs_add(&help, b, DU_L_SH_HELP);
    du_ucols c;
    du_unit_head(b, &list, &c);
    for (size_t j = 0; j < v->nitems; j++)
        du_unit_row(b, &list, &c, &t, v->items[j], v->as_lead[j]);
    du_xs_finish(&list);
    du_unit_validate(b, &list, &c);
    du_protect(&list);
    du_help(b, &help, v, &t);
    du_protect(&help);
    if (list.ws)
        worksheet_activate(list.ws);
    lxw_error e = du_xbook_close(b);
    free(title);
    du_buf_free(&t);
    return e;
}
