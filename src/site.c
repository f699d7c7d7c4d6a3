/* site.c - the HTML site and Markdown briefings (not yet written). */
#include "site.h"

int du_site_check(const du_model *m, const du_build_opts *o, du_diag *d)
{
    (void)m;
    (void)o;
    (void)d;
    return 0;
}

int du_site_render(const du_model *m, const du_state *st, du_out *out, const du_build_opts *o,
                   du_diag *d)
{
    (void)m;
    (void)st;
    (void)out;
    (void)o;
    (void)d;
    return 0;
}
