/* render.c - runs the renderers selected for a build. */
#include "render.h"

int du_render_check(const du_model *m, const du_build_opts *o, du_diag *d)
{
    (void)m;
    (void)o;
    (void)d;
    return 0;
}

int du_render_all(const du_model *m, const du_state *st, du_out *out, const du_build_opts *o,
                  du_diag *d)
{
    (void)m;
    (void)st;
    (void)out;
    (void)o;
    (void)d;
    return 0;
}
