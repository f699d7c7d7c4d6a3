/* xlsx_cells.c - cell texts for items, units, entries and sources. */
#include "xlsx_cells.h"
#include "xlsx_labels.h"
#include "xlsx_text.h"

#include <string.h>
#include <strings.h>

bool du_xc_heading(const du_item *it)
{
    for (size_t i = 0; i < it->nchildren; i++)
        if (it->children[i]->has_tasks)
            return true;
    return false;
}

void du_xc_path(du_buf *b, const du_item *it)
{
    const du_item *chain[64];
    size_t n = 0;
    for (const du_item *p = it; p && n < 64; p = p->parent)
        chain[n++] = p;
    while (n--)
        du_buf_puts(b, chain[n]->number ? chain[n]->number : "");
}

void du_xc_area(du_buf *b, const du_item *it)
{
    if (!it->parent)
        return;
    du_xc_path(b, it->parent);
    du_buf_puts(b, it->parent->title);
}

void du_xc_units(du_buf *b, const du_unitref *r, size_t n, const char *side)
{
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (side && *side && (!r[i].side || strcmp(r[i].side, side) != 0))
            continue;
        if (side && !*side && r[i].side)
            continue;
        if (!first)
            du_buf_puts(b, "、");
        du_buf_puts(b, r[i].printed);
        first = false;
    }
}

void du_xc_units_sided(du_buf *b, const du_unitref *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool new_side = i == 0 || (r[i].side != r[i - 1].side &&
                                   (!r[i].side || !r[i - 1].side || strcmp(r[i].side, r[i - 1].side)));
        if (new_side) {
            if (i)
                du_buf_puts(b, "；");
            if (r[i].side) {
                du_buf_puts(b, r[i].side);
                du_buf_puts(b, "：");
            }
        } else {
            du_buf_puts(b, "、");
        }
        du_buf_puts(b, r[i].printed);
    }
}

void du_xc_date(du_buf *b, bool en, du_date d)
{
    char s[32];
    if (en)
        du_date_iso(d, s);
    else
        du_date_zh(d, s);
    du_buf_puts(b, s);
}

void du_xc_latest(du_buf *b, bool en, const du_entry *e)
{
    if (!e)
        return;
    du_md_plain(b, e->summary);
    const char *unit = e->unit_printed ? e->unit_printed : e->unit ? e->unit->name : NULL;
    du_buf_puts(b, en ? " (" : "（");
    if (unit) {
        du_buf_puts(b, unit);
        du_buf_puts(b, en ? ", " : "，");
    }
    du_xc_date(b, en, e->date);
    du_buf_puts(b, en ? ")" : "）");
}

void du_xc_flags(du_buf *b, bool en, const du_istate *s)
{
    const char *sep = en ? "; " : "；";
    size_t start = b->len;
    if (s->overdue)
        du_buf_puts(b, du_xl(en, DU_L_OVERDUE));
    if (s->stale) {
        if (b->len > start)
            du_buf_puts(b, sep);
        du_buf_puts(b, du_xl(en, DU_L_STALE));
    }
    if (s->behind) {
        if (b->len > start)
            du_buf_puts(b, sep);
        du_buf_puts(b, du_xl(en, DU_L_BEHIND));
    }
}

void du_xc_sources(du_buf *b, bool en, const du_entry *e)
{
    for (size_t i = 0; i < e->nsources; i++) {
        const du_source *s = &e->sources[i];
        if (i)
            du_buf_putc(b, '\n');
        const char *head = s->title ? s->title : s->outlet ? s->outlet : s->url;
        du_buf_puts(b, head ? head : "");
        bool outlet = s->outlet && head != s->outlet;
        if (!outlet && s->date == DU_DATE_NONE)
            continue;
        du_buf_puts(b, en ? " (" : "（");
        if (outlet)
            du_buf_puts(b, s->outlet);
        if (outlet && s->date != DU_DATE_NONE)
            du_buf_puts(b, en ? ", " : "，");
        if (s->date != DU_DATE_NONE)
            du_xc_date(b, en, s->date);
        du_buf_puts(b, en ? ")" : "）");
    }
}

void du_xc_source_urls(du_buf *b, const du_entry *e)
{
    bool first = true;
    for (size_t i = 0; i < e->nsources; i++) {
        if (!e->sources[i].url)
            continue;
        if (!first)
            du_buf_putc(b, '\n');
        du_buf_puts(b, e->sources[i].url);
        first = false;
    }
}

const char *du_xc_first_url(const du_entry *e)
{
    for (size_t i = 0; i < e->nsources; i++) {
        const char *u = e->sources[i].url;
        if (u && (strncasecmp(u, "https://", 8) == 0 || strncasecmp(u, "http://", 7) == 0))
            return u;
    }
    return NULL;
}

const char *du_xc_plan_label(const du_plan *p)
{
    return p->doc_number && *p->doc_number ? p->doc_number : p->title;
}
