/* mem.c - how soon the allocator gives freed memory back to the system.
 *
 * The release build links mimalloc (Makefile), which keeps the pages a
 * thread frees for a while (25 ms) in case that thread allocates again.
 * That is what makes it fast when a build renders thousands of files. A
 * rebuild over a previous output renders a hundred, with the workbooks on
 * a thread of their own alongside the pages: there the pages kept by each
 * thread add up to tens of megabytes at the peak, and giving them back at
 * once costs little (docs/performance.md). With the C library's allocator
 * (MALLOC=), nothing to do: it keeps less.
 *
 * After loading, the loading thread's heap holds the freed blocks of the
 * YAML trees it built between the model's blocks; collecting it then
 * lowers the peak of a full build at large by about 8 MB. */
#include "mem.h"

#ifdef DU_MIMALLOC
#include <mimalloc.h>
#endif

void du_mem_return_early(void)
{
#ifdef DU_MIMALLOC
    mi_option_set(mi_option_decommit_delay, 0);
#endif
}

void du_mem_collect(void)
{
#ifdef DU_MIMALLOC
    mi_collect(true);
#endif
}
