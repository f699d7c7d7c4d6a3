/* diag.h - diagnostics with positions. Every problem found in a run is
 * collected here, then sorted by file and line and printed once in the
 * compiler form "file:line:col: error: message". */
#ifndef DU_DIAG_H
#define DU_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { DU_NOTE, DU_WARNING, DU_ERROR } du_severity;

typedef struct du_diag_item {
    char *file;      /* path as shown to the user; may be NULL */
    int line, col;   /* 1-based; 0 when unknown */
    du_severity sev;
    char *msg;
    char *hint;      /* "did you mean ...?" or NULL */
    size_t seq;      /* insertion order, for stable sorting */
} du_diag_item;

typedef struct du_diag {
    du_diag_item *items;
    size_t n, cap;
    size_t errors, warnings;
    size_t max;      /* stop recording after this many (0 = 10000) */
    size_t dropped;
    bool last_dropped; /* the last problem added was not recorded (nor is its hint) */
} du_diag;

void du_diag_init(du_diag *d);
void du_diag_free(du_diag *d);
/* Record a problem. file may be NULL. Strings are copied. */
void du_diag_add(du_diag *d, const char *file, int line, int col, du_severity sev,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Attach a hint (e.g. "did you mean 'x'?") to the last recorded item. */
void du_diag_hint(du_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copy every item of from into into, in order (hints included), and add
 * its counts: into then holds what adding from's problems to it one by one
 * would have left. */
void du_diag_merge(du_diag *into, const du_diag *from);
/* Sort by file, line, column, then insertion order. */
void du_diag_sort(du_diag *d);
/* Print every item and, when summary is set and anything was printed,
 * one summary line ("2 errors, 1 warning"). color adds ANSI colours. */
void du_diag_print(du_diag *d, FILE *f, bool color, bool summary);

/* Edit distance for suggestions, counted in code points; capped at max+1. */
int du_edit_distance(const char *a, const char *b, int max);
/* The name of the NULL-terminated list closest to s (at most 2 edits
 * away), for "did you mean" hints; NULL when none is close. */
const char *du_closest(const char *s, const char *const *names);

#endif
