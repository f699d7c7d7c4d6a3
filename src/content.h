/* content.h - finding the content files of a site root, safely: regular
 * files only, no symlink leading outside content/, sorted by path. */
#ifndef DU_CONTENT_H
#define DU_CONTENT_H

#include <stddef.h>

#include "diag.h"

typedef struct du_file {
    char *path;     /* path to open */
    char *display;  /* path shown in diagnostics: content/plans/x.yaml */
} du_file;

typedef struct du_filelist {
    du_file *v;
    size_t n, cap;
} du_filelist;

/* Collect the *.yaml / *.yml files under root/content/sub (recursively
 * when recurse), sorted by display path. Problems (a directory named
 * x.yaml, a FIFO, a symlink leading outside content/) are errors in d.
 * Returns -1 when the folder exists but cannot be read, else 0. */
int du_content_list(const char *root, const char *sub, int recurse, du_filelist *out, du_diag *d);
void du_filelist_free(du_filelist *l);
/* Check a single content file (site.yaml, units.yaml …). Returns 1 when it
 * exists and is usable, 0 when absent, -1 after an error in d. */
int du_content_file(const char *root, const char *name, du_file *out, du_diag *d);
void du_file_free(du_file *f);

#endif
