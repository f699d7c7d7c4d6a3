/* jobs.h - how many threads a build's -j allows. */
#ifndef DU_JOBS_H
#define DU_JOBS_H

#include <stddef.h>
#include <unistd.h>

/* jobs when it is positive (-j N), else one per online processor; at
 * least 1. Callers bound it further by the work they have. */
static inline size_t du_jobs_threads(int jobs)
{
    long n = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);
    return n > 1 ? (size_t)n : 1;
}

#endif
