/* build.h - one run of duban: load → resolve → derive → render → write.
 * main.c parses the command line and turns the result into an exit code. */
#ifndef DU_BUILD_H
#define DU_BUILD_H

#include <stdbool.h>

#include "date.h"
#include "diag.h"

typedef enum {
    DU_OK = 0,          /* clean (warnings allowed unless strict) */
    DU_CONTENT = 1,     /* content errors */
    DU_IO = 2           /* usage or I/O errors */
} du_result;

/* Parts of the output, for `duban build --only` and the benchmark. */
enum { DU_PART_DATA = 1, DU_PART_SITE = 2, DU_PART_XLSX = 4, DU_PART_ALL = 7 };

typedef struct du_build_opts {
    const char *root;    /* site root (holds content/) */
    const char *out;     /* output folder; default root/output */
    const char *theme;   /* theme name; default from site.yaml */
    du_date as_of;       /* DU_DATE_NONE: from site.yaml or today */
    bool strict;         /* warnings fail */
    bool quiet;
    bool verbose;        /* say how many files were kept, rendered, written */
    int jobs;            /* worker threads for rendering; 0 = auto */
    unsigned parts;      /* DU_PART_* */
} du_build_opts;

/* Load and validate only. */
du_result du_check(const du_build_opts *o, du_diag *d);
/* Check, then render everything into the output (atomically). */
du_result du_build(const du_build_opts *o, du_diag *d);

#endif
