/* arena.h - bump allocator for the model: everything a build loads and
 * derives lives in one arena, freed once at the end. */
#ifndef DU_ARENA_H
#define DU_ARENA_H

#include <stddef.h>

typedef struct du_arena_block du_arena_block;

typedef struct du_arena {
    unsigned char *cur, *end; /* the room left in the head block */
    du_arena_block *head;
    size_t retired;           /* bytes handed out from blocks before the head */
    du_arena_block *spare;    /* blocks kept by du_arena_reset for reuse */
    size_t nspare;
} du_arena;

void du_arena_init(du_arena *a);
/* Free every block; the arena may be reused after. */
void du_arena_free(du_arena *a);
/* Forget everything allocated but keep up to `keep` bytes of blocks to
 * serve the next allocations (a page builder starting its next page). */
void du_arena_reset(du_arena *a, size_t keep);
/* Bytes handed out since the arena was made or last reset. */
size_t du_arena_used(const du_arena *a);
/* A point in an arena's allocations, to give back everything allocated
 * after it with du_arena_rewind (which must be called in reverse order
 * of the marks, and only while the arena is neither reset nor freed). */
typedef struct du_arena_mark {
    du_arena_block *head, *next;
    size_t pos, retired;
} du_arena_mark;

du_arena_mark du_arena_mark_get(const du_arena *a);
void du_arena_rewind(du_arena *a, du_arena_mark m);

/* Zeroed, 16-byte aligned memory owned by the arena. Aborts on OOM. */
void *du_arena_alloc(du_arena *a, size_t n);
/* The same, not zeroed: for objects the caller fills in whole. The room
 * left in the head block serves it in line (pages take millions of small
 * pieces); a new block comes from du_arena_take_slow. */
void *du_arena_take_slow(du_arena *a, size_t n);
static inline void *du_arena_take(du_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n - 1 < (size_t)(a->end - a->cur)) { /* 0 < n <= room */
        void *p = a->cur;
        a->cur += n;
        return p;
    }
    return du_arena_take_slow(a, n);
}
/* Copies of strings, owned by the arena. */
char *du_arena_strdup(du_arena *a, const char *s);
char *du_arena_strndup(du_arena *a, const char *s, size_t n);
char *du_arena_printf(du_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Growable array of pointers whose storage is heap-owned (du_vec_free). */
typedef struct du_vec {
    void **v;
    size_t n, cap;
} du_vec;

void du_vec_push(du_vec *vec, void *p);
void du_vec_free(du_vec *vec);

#endif
