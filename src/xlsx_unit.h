/* xlsx_unit.h - the workbook sent to one responsible unit: its tasks across
 * all plans with three open columns (本期进展, 本期状态, 本期进度) under
 * data validation, everything else locked, and a sheet of instructions. */
#ifndef DU_XLSX_UNIT_H
#define DU_XLSX_UNIT_H

#include <stdbool.h>

#include <xlsxwriter.h>

#include "derive.h"
#include "model.h"

/* Write the workbook of unit view v at path (libxlsxwriter's temporary
 * files in tmpdir). Returns LXW_NO_ERROR or the first libxlsxwriter error. */
lxw_error du_xlsx_unit_book(const du_model *m, const du_state *st, const du_uview *v,
                            const char *path, const char *tmpdir);

#endif
