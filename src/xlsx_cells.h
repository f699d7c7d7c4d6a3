/* xlsx_cells.h - the texts workbook cells show for model objects: an item's
 * numbering path and area, unit lists, the latest progress line, a task's
 * flags and an entry's sources. All append to a du_buf; states come from
 * du_state as derived. */
#ifndef DU_XLSX_CELLS_H
#define DU_XLSX_CELLS_H

#include <stdbool.h>

#include "buf.h"
#include "derive.h"
#include "model.h"

/* True when the item rolls up tasks below it (a heading in the ledger);
 * false for a task row. Structure only, as derive.c decides it. */
bool du_xc_heading(const du_item *it);
/* The numbers from the top of the plan down to it, as printed: "二、（一）1.". */
void du_xc_path(du_buf *b, const du_item *it);
/* Path and title of the heading above it ("" at the top). */
void du_xc_area(du_buf *b, const du_item *it);
/* Printed unit names joined with "、"; only those of side when side is
 * non-NULL, only those without a side when side is "" . */
void du_xc_units(du_buf *b, const du_unitref *r, size_t n, const char *side);
/* Every unit with its side: "浦东新区：甲、乙；大田县：丙". */
void du_xc_units_sided(du_buf *b, const du_unitref *r, size_t n);
/* The latest entry as a line: summary (plain text), then unit and date. */
void du_xc_latest(du_buf *b, bool en, const du_entry *e);
/* A task's flags from its state: 逾期；久未更新；落后于序时进度. */
void du_xc_flags(du_buf *b, bool en, const du_istate *s);
/* An entry's sources, one per line: "title（outlet，date）". */
void du_xc_sources(du_buf *b, bool en, const du_entry *e);
/* The sources' URLs, one per line. */
void du_xc_source_urls(du_buf *b, const du_entry *e);
/* The first source URL that starts with http:// or https://, or NULL. */
const char *du_xc_first_url(const du_entry *e);
/* A plan as a short label: its document number, else its title. */
const char *du_xc_plan_label(const du_plan *p);
/* A date as the language shows it: 2025年3月31日 or 2025-03-31. */
void du_xc_date(du_buf *b, bool en, du_date d);

#endif
