/* mem.h - how soon the allocator gives freed memory back to the system. */
#ifndef DU_MEM_H
#define DU_MEM_H

/* From now on, return freed pages to the system at once instead of
 * keeping them for reuse. Call while only one thread runs. */
void du_mem_return_early(void);
/* Give back to the system the pages this thread's heap holds free. */
void du_mem_collect(void);

#endif
