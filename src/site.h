/* site.h - the HTML site and the Markdown briefings, rendered from the
 * theme's Mustache templates. */
#ifndef DU_SITE_H
#define DU_SITE_H

#include "build.h"
#include "deps.h"
#include "derive.h"
#include "diag.h"
#include "model.h"
#include "output.h"

/* Check that the theme's templates compile and every partial exists. */
int du_site_check(const du_model *m, const du_build_opts *o, du_diag *d);
/* Render every page and briefing into out. Returns 0, 1 for theme or
 * content errors, 2 for I/O errors. */
int du_site_render(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                   const du_build_opts *o, du_diag *d);

#endif
