/* xlsx_labels.h - the fixed words of the workbooks (sheet names, column
 * headers, notes) in Chinese and English, chosen by site.yaml `language`. */
#ifndef DU_XLSX_LABELS_H
#define DU_XLSX_LABELS_H

#include <stdbool.h>

#include "derive.h"

typedef enum {
    /* sheets */
    DU_L_SH_LEDGER, DU_L_SH_UNITS, DU_L_SH_LOG, DU_L_SH_INDS, DU_L_SH_OVERVIEW,
    DU_L_SH_PAIRS, DU_L_SH_REPORT, DU_L_SH_HELP,
    /* ledger */
    DU_L_PLAN, DU_L_NO, DU_L_AREA, DU_L_TASK, DU_L_BODY, DU_L_LEAD, DU_L_UNITS,
    DU_L_UNITS_SIDE, DU_L_DUE, DU_L_STATUS, DU_L_PERCENT, DU_L_EXPECTED, DU_L_LIGHT,
    DU_L_FLAGS, DU_L_LATEST, DU_L_UPDATED, DU_L_OVERDUE, DU_L_STALE, DU_L_BEHIND,
    /* units */
    DU_L_UNIT, DU_L_REGION, DU_L_LEVEL, DU_L_AS_LEAD, DU_L_AS_RESP, DU_L_NTASKS,
    DU_L_NOVERDUE, DU_L_NREPORTS,
    /* log */
    DU_L_DATE, DU_L_SUMMARY, DU_L_SOURCE, DU_L_SOURCE_URLS,
    /* indicators */
    DU_L_CATEGORY, DU_L_INDICATOR, DU_L_IUNIT, DU_L_BASELINE, DU_L_TARGET, DU_L_MODE,
    DU_L_NATURE, DU_L_ACTUAL, DU_L_ACTUAL_DATE, DU_L_ATTAIN, DU_L_MET, DU_L_TRAJ,
    DU_L_BEHIND_TRAJ, DU_L_ANNUAL, DU_L_CUMULATIVE, DU_L_YES, DU_L_NOT,
    /* overview */
    DU_L_AS_OF, DU_L_CONTENTS, DU_L_TOTAL, DU_L_BY_PLAN, DU_L_BY_AREA, DU_L_CHART_AREA,
    DU_L_CHART_PLAN, DU_L_NO_AREA, DU_L_TASKS_ALL,
    /* pairings */
    DU_L_PROGRAM, DU_L_DISTRICT, DU_L_PARTNER, DU_L_COUNTIES, DU_L_SINCE, DU_L_BASIS,
    DU_L_NOTES,
    /* unit workbooks */
    DU_L_REF, DU_L_ROLE, DU_L_ROLE_LEAD, DU_L_ROLE_RESP, DU_L_CUR_STATUS,
    DU_L_CUR_PERCENT, DU_L_IN_TEXT, DU_L_IN_STATUS, DU_L_IN_PERCENT, DU_L_IN_TEXT_TITLE,
    DU_L_IN_TEXT_MSG, DU_L_IN_STATUS_TITLE, DU_L_IN_STATUS_MSG, DU_L_IN_PERCENT_TITLE,
    DU_L_IN_PERCENT_MSG, DU_L_IN_STATUS_ERR, DU_L_IN_PERCENT_ERR, DU_L_HELP_TITLE,
    DU_L_HELP_1, DU_L_HELP_2, DU_L_HELP_3, DU_L_HELP_4, DU_L_HELP_5, DU_L_HELP_RETURN,
    DU_L_HELP_COUNTS,
    /* page and document */
    DU_L_PAGE, DU_L_CUT, DU_L_SUBJECT, DU_L_SUBJECT_UNIT, DU_L_ALL_PLANS,
    DU_L_COUNT
} du_label;

/* The label in English when en, else in Chinese (static strings). */
const char *du_xl(bool en, du_label l);
/* Status and light names: du_status_zh / du_light_zh, or English words;
 * "" for DU_ST_NONE and DU_LIGHT_NONE. */
const char *du_xl_status(bool en, du_status s);
const char *du_xl_light(bool en, du_light l);

#endif
