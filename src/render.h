/* render.h - the renderers that turn the model and its derived state into
 * pages, briefings and workbooks. Each reads du_state; none computes a
 * status of its own. */
#ifndef DU_RENDER_H
#define DU_RENDER_H

#include "build.h"
#include "deps.h"
#include "derive.h"
#include "diag.h"
#include "model.h"
#include "output.h"

/* Check what rendering will need (theme templates parse, partials exist)
 * without writing anything. Returns 0 or -1 with errors in d. */
int du_render_check(const du_model *m, const du_build_opts *o, du_diag *d);
/* Render every part selected in o->parts except the JSON data. Returns 0,
 * 1 for content/theme errors, 2 for I/O errors (details in d). */
int du_render_all(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                  const du_build_opts *o, du_diag *d);

#endif
