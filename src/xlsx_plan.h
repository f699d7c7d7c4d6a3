/* xlsx_plan.h - the ledger workbooks: one per plan, and the combined one
 * across all plans (with 结对关系). Sheets: 概览, 任务分工, 责任单位,
 * 进展记录, 指标 (docs/workbooks.md). */
#ifndef DU_XLSX_PLAN_H
#define DU_XLSX_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "derive.h"
#include "model.h"

typedef struct du_xscope {
    du_plan *const *plans;     /* the workbook's plans, in plan order */
    size_t nplans;
    bool combined;             /* all plans: a plan column, 结对关系, totals of the site */
    du_entry *const *entries;  /* its progress log: entries up to as_of, by date */
    size_t nentries;
    const du_uview *units;     /* unit views over these plans, by unit id */
    size_t nunits;
} du_xscope;

/* Write the workbook of scope at path, libxlsxwriter's temporary files in
 * tmpdir; cm selects constant_memory. Returns LXW_NO_ERROR or the first
 * libxlsxwriter error (LXW_ERROR_MEMORY_MALLOC_FAILED when it cannot
 * start). */
lxw_error du_xlsx_plan_book(const du_model *m, const du_state *st, const du_xscope *sc,
                            const char *path, const char *tmpdir, bool cm);

#endif
