/* export.h - the model and its derived state as value trees: the open-data
 * JSON under output/data/ and the data that templates render start here,
 * so every output shows the same numbers. */
#ifndef DU_EXPORT_H
#define DU_EXPORT_H

#include "derive.h"
#include "model.h"
#include "value.h"

typedef struct du_export {
    du_arena *a;           /* values are allocated here */
    const du_model *m;
    const du_state *st;
} du_export;

/* Numbers shown anywhere are rounded to one decimal (percentages). */
double du_round1(double x);

/* A date as "YYYY-MM-DD" string value, or null for DU_DATE_NONE. */
du_val *du_x_date(du_export *x, du_date d);
/* A unit reference as printed and resolved: {printed, side, unit}. */
du_val *du_x_unitref(du_export *x, const du_unitref *r);
/* An item with its derived state; children recursively when deep. */
du_val *du_x_item(du_export *x, const du_item *it, bool deep);
/* The item's own fields of du_x_item (id, ref, number, title, body,
 * units_text, start, due, weight, task) set in map v: for a page that
 * shows units and state its own way. */
void du_x_item_fields(du_export *x, du_val *v, const du_item *it);
/* The derived state of an item (status, percent, expected, light …). */
du_val *du_x_istate(du_export *x, const du_istate *s);
/* Its fields but latest and by_unit (which name entries by their place
 * among all entries) set in map v. */
void du_x_istate_fields(du_export *x, du_val *v, const du_istate *s);
/* How many keys du_x_istate's map has at most (to size maps by). */
#define DU_X_ISTATE_KEYS 16
/* A plan: metadata, state, indicators, tables, figures; items when deep. */
du_val *du_x_plan(du_export *x, const du_plan *p, bool deep);
du_val *du_x_indicator(du_export *x, const du_indicator *ind);
du_val *du_x_unit(du_export *x, const du_unit *u, bool with_view);
du_val *du_x_entry(du_export *x, const du_entry *e);
du_val *du_x_pairing(du_export *x, const du_pairing *p);
du_val *du_x_pview(du_export *x, const du_pview *v);
du_val *du_x_period(du_export *x, const du_period *p, bool with_plans);
/* Site-wide summary: as_of, counts, lights. */
du_val *du_x_summary(du_export *x);

/* Write output/data/{site,plans,units,pairings,progress,periods}.json
 * through the writer fn(ud, rel, bytes, len). Returns 0 or -1. */
typedef int (*du_write_fn)(void *ud, const char *rel, const void *data, size_t len);
int du_export_json(const du_model *m, const du_state *st, du_write_fn fn, void *ud);

/* A writer that takes each file in pieces: begin(ud, rel) returns a handle
 * (NULL on failure), append adds bytes, end finishes and releases it. */
typedef struct du_sink {
    void *ud;
    void *(*begin)(void *ud, const char *rel);
    int (*append)(void *file, const void *data, size_t len);
    int (*end)(void *file);
} du_sink;
/* du_export_json through a sink: the lists (every progress entry) are
 * handed over a megabyte at a time, never held whole. Returns 0 or -1. */
int du_export_json_to(const du_model *m, const du_state *st, const du_sink *s);

#endif
