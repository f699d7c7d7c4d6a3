/* xlsx.h - the officials' workbooks (task ledgers, unit lists) written
 * with libxlsxwriter from the derived state. */
#ifndef DU_XLSX_H
#define DU_XLSX_H

#include "build.h"
#include "deps.h"
#include "derive.h"
#include "diag.h"
#include "model.h"
#include "output.h"

/* Write output/xlsx/: one workbook per plan, a combined one, one per unit.
 * Returns 0, or 2 after I/O errors in d. */
int du_xlsx_render(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                   const du_build_opts *o, du_diag *d);

#endif
