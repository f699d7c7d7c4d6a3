/* xlsx.c - the officials' workbooks (not yet written). */
#include "xlsx.h"

int du_xlsx_render(const du_model *m, const du_state *st, du_out *out, const du_build_opts *o,
                   du_diag *d)
{
    (void)m;
    (void)st;
    (void)out;
    (void)o;
    (void)d;
    return 0;
}
