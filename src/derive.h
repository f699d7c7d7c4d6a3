/* derive.h - the state every renderer reports: item status, percent,
 * 序时进度, warning light, overdue and stale flags, roll-ups to headings and
 * plans, indicator actuals and attainment, per-unit views and per-period
 * briefing views. Computed once; renderers only read it.
 * The rules are documented in docs/status-rules.md. */
#ifndef DU_DERIVE_H
#define DU_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

typedef enum { DU_LIGHT_NONE = -1, DU_GREEN = 0, DU_BLUE, DU_YELLOW, DU_RED, DU_LIGHT_COUNT } du_light;

typedef struct du_unitstate {   /* latest report of one unit on one item */
    du_unit *unit;
    du_entry *latest;
    du_status status;
} du_unitstate;

typedef struct du_istate {
    du_status status;      /* effective status (rolled up for headings) */
    double percent;        /* 0–100, or -1 when unknown */
    double expected;       /* 序时进度 0–100 */
    bool overdue;          /* due before as_of and not done */
    bool stale;            /* no entry for more than stale_days */
    bool behind;           /* percent known and below 序时进度 */
    du_light light;
    du_entry *latest;      /* latest own entry on or before as_of, or NULL */
    du_entry **entries;    /* own entries on or before as_of, by date */
    size_t nentries;
    du_unitstate *byunit;  /* per reporting unit, by unit id */
    size_t nbyunit;
    /* headings and plans: counts over the tasks below */
    size_t ntasks;
    size_t count[DU_ST_COUNT];
    size_t lights[DU_LIGHT_COUNT];
    size_t noverdue;
} du_istate;

typedef struct du_pstate {      /* a plan, rolled up like a heading */
    du_istate s;
    struct du_uview *units; /* units with tasks in this plan, by unit id: their
                               views restricted to this plan's tasks */
    size_t nunits;
} du_pstate;

typedef struct du_indstate {
    bool has_actual;
    double actual;         /* latest (annual) or sum (cumulative) */
    du_date actual_date;
    double attainment;     /* percent of target reached, -1 when unknown */
    bool met;
    bool has_trajectory;   /* cumulative: linear path to the plan's end */
    double trajectory;     /* expected value by as_of on that path */
    bool behind;           /* cumulative and below the trajectory */
    int *years;            /* per year actuals: years[i], year_values[i] */
    double *year_values;
    size_t nyears;
} du_indstate;

typedef struct du_uview {       /* one unit across all plans */
    du_unit *unit;
    du_item **items;       /* overdue and red first, then plan and document order */
    bool *as_lead;         /* parallel to items */
    size_t nitems;
    size_t count[DU_ST_COUNT];
    size_t lights[DU_LIGHT_COUNT];
    size_t noverdue;
    size_t nreports;       /* entries the unit reported */
} du_uview;

typedef struct du_pview {       /* one briefing period, for all plans or one */
    du_plan *plan;         /* NULL for the whole portfolio */
    du_entry **entries;    /* entries in the period, by date */
    size_t nentries;
    du_item **changed;     /* tasks whose status changed in the period */
    du_status *from, *to;
    size_t nchanged;
    du_item **completed;   /* tasks that became 已完成 in the period */
    size_t ncompleted;
    du_item **overdue;     /* tasks that became overdue in the period */
    size_t noverdue;
    du_item **problems;    /* at period end: overdue, red or stale tasks */
    size_t nproblems;
    du_item **upcoming;    /* not done, due within 90 days after the period */
    size_t nupcoming;
    du_unit **silent;      /* units responsible for tasks here, no report in the period */
    size_t nsilent;
    du_unit **reporting;   /* units that reported in the period */
    size_t *nreported;     /* parallel: entries per reporting unit */
    size_t nreporting;
    size_t ntasks;         /* tasks here, and their status at period end */
    size_t count[DU_ST_COUNT];
} du_pview;

typedef struct du_period {
    du_date start, end;    /* inclusive */
    int number;            /* 第N期, from the first period with entries */
    const char *key;       /* "2025-q2", "2025-06", "2025" */
    const char *label_zh;  /* "2025年第二季度" */
    const char *label_en;  /* "2025 Q2" */
    du_pview all;
    du_pview *plans;       /* one per plan, in plan order */
} du_period;

typedef struct du_state {
    du_model *m;
    du_date as_of;
    du_istate *items;      /* by du_item.gindex */
    du_pstate *plans;      /* by du_plan.index */
    du_indstate *inds;     /* by du_indicator.gindex */
    du_uview *units;       /* by du_unit.index */
    du_period *periods;    /* oldest first; the last holds as_of */
    size_t nperiods;
    size_t count[DU_ST_COUNT];      /* over every task */
    size_t lights[DU_LIGHT_COUNT];
    size_t ntasks, noverdue, nstale;
    du_entry **current;    /* entries on or before as_of, by date */
    size_t ncurrent;
    size_t *ordinal;       /* by position in current: place among its item's entries */
} du_state;

/* Compute the state of m at m->site.as_of. Memory comes from m's arena. */
void du_derive(du_model *m, du_state *st);
/* The same in two steps. items makes the current entries, the tasks' and
 * plans' states and the totals: st->items, st->plans and st->ordinal do
 * not change after it (du_deps_tasks may read them on another thread).
 * views makes the rest: indicators, the units' views and the periods. */
void du_derive_items(du_model *m, du_state *st);
void du_derive_views(du_state *st);

const char *du_light_zh(du_light l);  /* 绿 蓝 黄 红 */
const char *du_light_key(du_light l); /* green blue yellow red */

/* Place of a current entry among its item's own entries (0 for the
 * oldest): pages name an entry by its item and this number, which changes
 * only when that item's entries do. */
size_t du_entry_ordinal(const du_state *st, const du_entry *e);

/* Status of a task at an arbitrary date (entries on or before it). */
du_status du_task_status_at(const du_state *st, const du_item *it, du_date d);

#endif
