/* resolve.h - references between files: unit names (with sides), item
 * references, indicator values, basis plans (and their cycles), unit
 * parents; unique ids; and the final deterministic ordering of the model. */
#ifndef DU_RESOLVE_H
#define DU_RESOLVE_H

#include "diag.h"
#include "model.h"

/* Resolve and check everything in m; problems go to d. Afterwards units and
 * plans are sorted by id, entries by date then file order, and the global
 * item and indicator arrays are filled. */
void du_resolve(du_model *m, du_diag *d);
/* The same on at most `jobs` threads (0: one per processor; 1: this one
 * alone). The model and the messages do not depend on it. */
void du_resolve_jobs(du_model *m, int jobs, du_diag *d);

/* Resolve one unit name as printed, within `side` (a region) when given.
 * Returns NULL when unknown; *ambiguous is set when several match. */
du_unit *du_resolve_unit(const du_model *m, const char *name, const char *side, bool *ambiguous);

#endif
