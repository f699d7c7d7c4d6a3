/* render.c - runs the renderers selected for a build. */
#include "render.h"
#include "site.h"
#include "xlsx.h"

int du_render_check(const du_model *m, const du_build_opts *o, du_diag *d)
{
    return du_site_check(m, o, d) == 0 ? 0 : -1;
}

int du_render_all(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                  const du_build_opts *o, du_diag *d)
{
    int rc = 0;
    if (o->parts & DU_PART_SITE)
        rc = du_site_render(m, st, dp, out, o, d);
    if (rc == 0 && (o->parts & DU_PART_XLSX))
        rc = du_xlsx_render(m, st, dp, out, o, d);
    return rc;
}
