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
/* Render every part selected in o->parts except the JSON data (and the
 * workbooks when side is set: see du_render_side_start). Returns 0, 1 for
 * content/theme errors, 2 for I/O errors (details in d). */
int du_render_all(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                  const du_build_opts *o, bool side, du_diag *d);

/* In a build that takes most files from the previous output, the combined
 * workbook alone can take longer than everything else, on one processor:
 * the workbooks then start on a thread of their own, alongside the data
 * and the site. Returns NULL (the workbooks are left to du_render_all)
 * when the build renders most files or no workbooks. */
typedef struct du_render_side du_render_side;
du_render_side *du_render_side_start(const du_model *m, const du_state *st, const du_deps *dp,
                                     du_out *out, const du_build_opts *o);
/* Wait for the workbooks; their diagnostics go to d. Returns as
 * du_render_all. */
int du_render_side_finish(du_render_side *s, du_diag *d);

#endif
