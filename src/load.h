/* load.h - content/ into a typed model. Reads every file, checks types,
 * required and unknown keys, ids and dates; references between files are
 * resolved afterwards by du_resolve() (resolve.h). */
#ifndef DU_LOAD_H
#define DU_LOAD_H

#include "diag.h"
#include "model.h"

/* Load the site root `root` into m (initialised here; free with
 * du_model_free even on failure). as_of overrides site.yaml when not
 * DU_DATE_NONE. Content problems go to d. Returns -1 when there is no
 * readable content/ folder (an I/O or usage problem), else 0. */
int du_load(du_model *m, const char *root, du_date as_of, du_diag *d);
/* The same on at most `jobs` threads (0: one per processor; 1: this one
 * alone). The model and the messages do not depend on it. */
int du_load_jobs(du_model *m, const char *root, du_date as_of, int jobs, du_diag *d);

/* One content document held in memory, and the kind of file it stands for. */
typedef enum { DU_DOC_SITE, DU_DOC_UNITS, DU_DOC_PAIRINGS, DU_DOC_PLAN, DU_DOC_PROGRESS } du_doc_kind;
typedef struct du_memdoc {
    du_doc_kind kind;
    const char *display;  /* file name shown in diagnostics */
    const char *buf;
    size_t len;
} du_memdoc;

/* Like du_load, but from n documents in memory instead of a content/
 * folder (for fuzzing and tests). m is initialised here; free it with
 * du_model_free. Problems go to d. */
void du_load_mem(du_model *m, const du_memdoc *docs, size_t n, du_date as_of, du_diag *d);

/* True when s is a valid id: 1–64 of [A-Za-z0-9._-], not starting with
 * '.' or '-'. Ids become file names, so this is a safety check too. */
bool du_id_valid(const char *s);

#endif
