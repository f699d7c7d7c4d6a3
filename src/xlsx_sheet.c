/* xlsx_sheet.c - workbook setup, formats and table sheets. */
#include "xlsx_sheet.h"
#include "export.h"
#include "xlsx_text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Excel keeps at most this many hyperlinks in one worksheet. */
#define DU_XS_MAXURLS 65530

static void du_xchk(du_xbook *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

/* ---- formats ---- */

static lxw_format *du_fmt(du_xbook *b, bool border)
{
    lxw_format *f = workbook_add_format(b->wb);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (border) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, 0xBFBFBF);
    }
    return f;
}

static lxw_format *du_fill_fmt(du_xbook *b, lxw_color_t bg, lxw_color_t fg)
{
    lxw_format *f = workbook_add_format(b->wb);
    format_set_bg_color(f, bg);
    format_set_font_color(f, fg);
    return f;
}

static void du_formats(du_xbook *b)
{
    b->f.head = du_fmt(b, true);
    format_set_bold(b->f.head);
    format_set_bg_color(b->f.head, 0xD9E1F2);
    format_set_text_wrap(b->f.head);
    format_set_align(b->f.head, LXW_ALIGN_CENTER);
    format_set_align(b->f.head, LXW_ALIGN_VERTICAL_CENTER);
    b->f.text = du_fmt(b, true);
    b->f.wrap = du_fmt(b, true);
    format_set_text_wrap(b->f.wrap);
    b->f.date = du_fmt(b, true);
    format_set_num_format(b->f.date, "yyyy-mm-dd");
    format_set_align(b->f.date, LXW_ALIGN_CENTER);
    b->f.pct = du_fmt(b, true);
    format_set_num_format(b->f.pct, "0.0%");
    b->f.num = du_fmt(b, true);
    b->f.count = du_fmt(b, true);
    format_set_num_format(b->f.count, "0");
    b->f.link = du_fmt(b, true);
    format_set_text_wrap(b->f.link);
    format_set_font_color(b->f.link, LXW_COLOR_BLUE);
    format_set_underline(b->f.link, LXW_UNDERLINE_SINGLE);
    b->f.ilink = workbook_add_format(b->wb);
    format_set_font_color(b->f.ilink, LXW_COLOR_BLUE);
    format_set_underline(b->f.ilink, LXW_UNDERLINE_SINGLE);
    b->f.title = workbook_add_format(b->wb);
    format_set_bold(b->f.title);
    format_set_font_size(b->f.title, 14);
    b->f.bold = workbook_add_format(b->wb);
    format_set_bold(b->f.bold);
    b->f.note = workbook_add_format(b->wb);
    format_set_font_color(b->f.note, 0x595959);
    static const lxw_color_t shade[3] = {0xB4C6E7, 0xD9E1F2, 0xEDF2F9};
    for (int i = 0; i < 3; i++) {
        b->f.area[i] = du_fmt(b, true);
        format_set_bold(b->f.area[i]);
        format_set_bg_color(b->f.area[i], shade[i]);
        format_set_align(b->f.area[i], LXW_ALIGN_VERTICAL_CENTER);
    }
    b->f.in_text = du_fmt(b, true);
    format_set_unlocked(b->f.in_text);
    format_set_text_wrap(b->f.in_text);
    format_set_bg_color(b->f.in_text, 0xFFF2CC);
    b->f.in_status = du_fmt(b, true);
    format_set_unlocked(b->f.in_status);
    format_set_bg_color(b->f.in_status, 0xFFF2CC);
    b->f.in_int = du_fmt(b, true);
    format_set_unlocked(b->f.in_int);
    format_set_bg_color(b->f.in_int, 0xFFF2CC);
    format_set_num_format(b->f.in_int, "0");
    /* conditional fills: 未启动 推进中 已完成 滞后 暂停 / 绿 蓝 黄 红 */
    static const lxw_color_t sbg[DU_ST_COUNT] = {0xF2F2F2, 0xDDEBF7, 0xC6EFCE, 0xFFC7CE, 0xD9D9D9};
    static const lxw_color_t sfg[DU_ST_COUNT] = {0x595959, 0x1F4E79, 0x006100, 0x9C0006, 0x404040};
    for (int i = 0; i < DU_ST_COUNT; i++)
        b->f.status[i] = du_fill_fmt(b, sbg[i], sfg[i]);
    static const lxw_color_t lbg[DU_LIGHT_COUNT] = {0xC6EFCE, 0xBDD7EE, 0xFFEB9C, 0xFFC7CE};
    static const lxw_color_t lfg[DU_LIGHT_COUNT] = {0x006100, 0x1F4E79, 0x9C5700, 0x9C0006};
    for (int i = 0; i < DU_LIGHT_COUNT; i++)
        b->f.light[i] = du_fill_fmt(b, lbg[i], lfg[i]);
}

/* ---- workbook ---- */

int du_xbook_open(du_xbook *b, const char *path, const char *tmpdir, bool cm, const du_model *m,
                  const du_state *st, const char *title, const char *subject)
{
    memset(b, 0, sizeof *b);
    b->m = m;
    b->st = st;
    b->cm = cm;
    b->en = m->site.language && strcmp(m->site.language, "en") == 0;
    b->title = title;
    if (b->en)
        du_date_iso(m->site.as_of, b->as_of);
    else
        du_date_zh(m->site.as_of, b->as_of);
    du_buf_init(&b->tmp);
    lxw_workbook_options opt = {.constant_memory = cm, .tmpdir = (char *)tmpdir};
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb) {
        du_buf_free(&b->tmp);
        return -1;
    }
    /* the library copies these strings */
    lxw_doc_properties p = {
        .title = (char *)title,
        .subject = (char *)subject,
        .author = (char *)m->site.author,
        .company = (char *)m->site.company,
        .created = (time_t)du_date_epoch(m->site.as_of),
    };
    du_xchk(b, workbook_set_properties(b->wb, &p));
    du_formats(b);
    return 0;
}

lxw_error du_xbook_close(du_xbook *b)
{
    lxw_error e = workbook_close(b->wb);
    b->wb = NULL;
    for (size_t i = 0; i < b->nnames; i++)
        free(b->names[i]);
    du_buf_free(&b->tmp);
    return b->err != LXW_NO_ERROR ? b->err : e;
}

const char *du_xs_clean(du_xbook *b, const char *s)
{
    du_buf_clear(&b->tmp);
    du_cell_text(&b->tmp, s, DU_XLSX_CELL_MAX, du_xl(b->en, DU_L_CUT));
    return b->tmp.ptr;
}

/* du_xs_clean, and the text's width for the column. */
static const char *du_xs_clean_w(du_xbook *b, const char *s, size_t *width)
{
    du_buf_clear(&b->tmp);
    du_cell_text_width(&b->tmp, s, DU_XLSX_CELL_MAX, du_xl(b->en, DU_L_CUT), width);
    return b->tmp.ptr;
}

/* ---- sheets ---- */

static void du_xs_page(du_xsheet *s)
{
    du_xbook *b = s->b;
    lxw_worksheet *ws = s->ws;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.7);
    du_buf h = DU_BUF_INIT;
    du_buf_init(&h);
    du_buf_puts(&h, "&C&\"-,Bold\"");
    du_hf_text(&h, b->title, 160);
    du_buf_puts(&h, "  ");
    du_hf_text(&h, s->name, DU_XLSX_SHEET_MAX);
    du_xchk(b, worksheet_set_header(ws, h.ptr));
    du_buf_clear(&h);
    du_buf_puts(&h, "&L");
    char asof[64];
    snprintf(asof, sizeof asof, du_xl(b->en, DU_L_AS_OF), b->as_of);
    du_hf_text(&h, asof, 60);
    du_buf_puts(&h, "&R");
    du_buf_puts(&h, du_xl(b->en, DU_L_PAGE));
    du_xchk(b, worksheet_set_footer(ws, h.ptr));
    du_buf_free(&h);
}

void du_xs_add(du_xsheet *s, du_xbook *b, du_label name)
{
    memset(s, 0, sizeof *s);
    s->b = b;
    char buf[128];
    du_sheet_name(buf, du_xl(b->en, name), (const char *const *)b->names, b->nnames);
    if (b->nnames < DU_XS_MAXSHEETS)
        b->names[b->nnames++] = du_xstrdup(buf);
    s->name = b->names[b->nnames - 1];
    s->ws = workbook_add_worksheet(b->wb, s->name);
    if (!s->ws) {
        du_xchk(b, LXW_ERROR_SHEETNAME_ALREADY_USED);
        return;
    }
    du_xs_page(s);
}

static void du_xs_limits(const du_xcol *c, size_t *min, size_t *max)
{
    static const unsigned char lim[][2] = {
        [DU_XC_TEXT] = {6, 30},    [DU_XC_WRAP] = {12, 60},   [DU_XC_DATE] = {12, 12},
        [DU_XC_PCT] = {9, 10},     [DU_XC_NUM] = {8, 14},     [DU_XC_INT] = {6, 10},
        [DU_XC_STATUS] = {8, 12},  [DU_XC_LIGHT] = {6, 8},    [DU_XC_LINK] = {12, 50},
        [DU_XC_IN_TEXT] = {40, 40}, [DU_XC_IN_STATUS] = {12, 12}, [DU_XC_IN_INT] = {10, 12},
    };
    *min = c->min ? c->min : lim[c->kind][0];
    *max = c->max ? c->max : lim[c->kind][1];
}

void du_xs_cols(du_xsheet *s, const du_xcol *cols, int n)
{
    if (n > DU_XS_MAXCOLS)
        n = DU_XS_MAXCOLS;
    s->ncols = n;
    for (int i = 0; i < n; i++) {
        s->cols[i] = cols[i];
        s->cols[i].head = NULL; /* the caller's buffer may not live on */
    }
}

void du_xs_head(du_xsheet *s, const du_xcol *cols, int n, int freeze_cols)
{
    du_xs_cols(s, cols, n);
    s->head = s->row;
    s->has_head = true;
    for (int i = 0; i < s->ncols; i++)
        du_xs_str_fmt(s, i, cols[i].head, s->b->f.head);
    du_xs_next(s);
    if (!s->ws)
        return;
    worksheet_freeze_panes(s->ws, s->row, (lxw_col_t)freeze_cols);
    du_xchk(s->b, worksheet_repeat_rows(s->ws, s->head, s->head));
}

static lxw_format *du_col_fmt(const du_xsheet *s, int col)
{
    const du_xbook *b = s->b;
    switch (s->cols[col].kind) {
    case DU_XC_WRAP: return b->f.wrap;
    case DU_XC_DATE: return b->f.date;
    case DU_XC_PCT: return b->f.pct;
    case DU_XC_NUM: return b->f.num;
    case DU_XC_INT: return b->f.count;
    case DU_XC_LINK: return b->f.wrap;
    case DU_XC_IN_TEXT: return b->f.in_text;
    case DU_XC_IN_STATUS: return b->f.in_status;
    case DU_XC_IN_INT: return b->f.in_int;
    default: return b->f.text;
    }
}

static void du_xs_measure(du_xsheet *s, int col, size_t w)
{
    if (col >= 0 && col < DU_XS_MAXCOLS && w > s->width[col])
        s->width[col] = w;
}

void du_xs_str_fmt(du_xsheet *s, int col, const char *text, lxw_format *f)
{
    if (!s->ws)
        return;
    if (!text || !*text) {
        if (f)
            du_xchk(s->b, worksheet_write_blank(s->ws, s->row, (lxw_col_t)col, f));
        return;
    }
    size_t w;
    const char *t = du_xs_clean_w(s->b, text, &w);
    du_xs_measure(s, col, w);
    du_xchk(s->b, worksheet_write_string(s->ws, s->row, (lxw_col_t)col, t, f));
}

void du_xs_str(du_xsheet *s, int col, const char *text)
{
    du_xs_str_fmt(s, col, text, du_col_fmt(s, col));
}

void du_xs_num(du_xsheet *s, int col, double v)
{
    if (!s->ws)
        return;
    char buf[32];
    du_xs_measure(s, col, (size_t)snprintf(buf, sizeof buf, "%g", v));
    du_xchk(s->b, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, du_col_fmt(s, col)));
}

void du_xs_count(du_xsheet *s, int col, size_t n)
{
    du_xs_num(s, col, (double)n);
}

void du_xs_pct(du_xsheet *s, int col, double pct)
{
    if (!s->ws)
        return;
    if (pct < 0) {
        du_xs_str(s, col, NULL);
        return;
    }
    du_xchk(s->b, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, du_round1(pct) / 100.0,
                                         du_col_fmt(s, col)));
}

void du_xs_date(du_xsheet *s, int col, du_date d)
{
    if (!s->ws)
        return;
    if (d == DU_DATE_NONE) {
        du_xs_str(s, col, NULL);
        return;
    }
    /* Excel's day 0 is 1899-12-30 in the 1900 date system */
    double serial = (double)d + 25569.0;
    du_xchk(s->b, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, serial, du_col_fmt(s, col)));
}

static bool du_url_ok(const char *url)
{
    if (!url)
        return false;
    if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0)
        return false;
    size_t n = strlen(url);
    if (n > DU_XLSX_URL_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\')
            return false;
    }
    return true;
}

void du_xs_url(du_xsheet *s, int col, const char *url, const char *text)
{
    if (!s->ws)
        return;
    const char *show = text && *text ? text : url;
    if (!du_url_ok(url) || s->nurls >= DU_XS_MAXURLS || s->b->cm) {
        du_xs_str(s, col, show);
        return;
    }
    size_t w;
    const char *t = du_xs_clean_w(s->b, show, &w);
    du_xs_measure(s, col, w);
    lxw_error e = worksheet_write_url_opt(s->ws, s->row, (lxw_col_t)col, url, s->b->f.link, t, NULL);
    if (e == LXW_NO_ERROR) {
        s->nurls++;
        return;
    }
    /* a link the library refuses is written as its text */
    du_xs_str(s, col, show);
}

void du_xs_sheet_link(du_xsheet *s, int col, const char *sheet, const char *text)
{
    if (!s->ws)
        return;
    du_buf u = DU_BUF_INIT;
    du_buf_init(&u);
    du_buf_puts(&u, "internal:'");
    for (const char *p = sheet; *p; p++) {
        if (*p == '\'')
            du_buf_putc(&u, '\'');
        du_buf_putc(&u, *p);
    }
    du_buf_puts(&u, "'!A1");
    size_t w;
    const char *t = du_xs_clean_w(s->b, text, &w);
    du_xs_measure(s, col, w);
    du_xchk(s->b, worksheet_write_url_opt(s->ws, s->row, (lxw_col_t)col, u.ptr, s->b->f.ilink, t,
                                          NULL));
    du_buf_free(&u);
}

void du_xs_area(du_xsheet *s, int c0, int c1, int level, const char *text)
{
    if (!s->ws)
        return;
    lxw_format *f = s->b->f.area[level < 0 ? 0 : level > 2 ? 2 : level];
    const char *t = du_xs_clean(s->b, text && *text ? text : " ");
    if (c1 > c0 && !s->b->cm) {
        du_xchk(s->b, worksheet_merge_range(s->ws, s->row, (lxw_col_t)c0, s->row, (lxw_col_t)c1,
                                            t, f));
        return;
    }
    /* constant_memory: no merges; the text overflows into blank cells */
    du_xchk(s->b, worksheet_write_string(s->ws, s->row, (lxw_col_t)c0, t, f));
    for (int c = c0 + 1; c <= c1; c++)
        du_xchk(s->b, worksheet_write_blank(s->ws, s->row, (lxw_col_t)c, f));
}

void du_xs_next(du_xsheet *s) { s->row++; }

void du_xs_widths(du_xsheet *s)
{
    if (!s->ws)
        return;
    for (int c = 0; c < s->ncols; c++) {
        size_t min, max;
        du_xs_limits(&s->cols[c], &min, &max);
        size_t w = s->width[c] + 2;
        w = w < min ? min : w > max ? max : w;
        du_xchk(s->b, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL));
    }
}

static void du_xs_cf(du_xsheet *s, int col, lxw_row_t r0, lxw_row_t r1, const char *value,
                     lxw_format *f)
{
    char q[96];
    snprintf(q, sizeof q, "\"%s\"", value);
    lxw_conditional_format cf = {
        .type = LXW_CONDITIONAL_TYPE_CELL,
        .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
        .value_string = q,
        .format = f,
    };
    du_xchk(s->b, worksheet_conditional_format_range(s->ws, r0, (lxw_col_t)col, r1,
                                                     (lxw_col_t)col, &cf));
}

void du_xs_finish(du_xsheet *s)
{
    if (!s->ws || !s->has_head)
        return;
    du_xbook *b = s->b;
    lxw_row_t last = s->row > s->head + 1 ? s->row - 1 : s->head;
    du_xchk(b, worksheet_autofilter(s->ws, s->head, 0, last, (lxw_col_t)(s->ncols - 1)));
    du_xs_widths(s);
    for (int c = 0; c < s->ncols; c++) {
        if (last == s->head)
            continue;
        if (s->cols[c].kind == DU_XC_STATUS || s->cols[c].kind == DU_XC_IN_STATUS)
            for (int k = 0; k < DU_ST_COUNT; k++)
                du_xs_cf(s, c, s->head + 1, last, du_xl_status(b->en, (du_status)k), b->f.status[k]);
        if (s->cols[c].kind == DU_XC_LIGHT)
            for (int k = 0; k < DU_LIGHT_COUNT; k++)
                du_xs_cf(s, c, s->head + 1, last, du_xl_light(b->en, (du_light)k), b->f.light[k]);
    }
}
