/* arena.c - bump allocator and pointer vector. */
#include "arena.h"
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DU_ARENA_BLOCK (64 * 1024)

struct du_arena_block {
    du_arena_block *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

void du_arena_init(du_arena *a)
{
    a->cur = a->end = NULL;
    a->head = NULL;
    a->retired = 0;
    a->spare = NULL;
    a->nspare = 0;
}

size_t du_arena_used(const du_arena *a)
{
    return a->retired + (a->head ? (size_t)(a->cur - a->head->data) : 0);
}

/* Make b the head block, pos bytes of it in use. */
static void du_arena_head(du_arena *a, du_arena_block *b, size_t pos)
{
    a->head = b;
    a->cur = b ? b->data + pos : NULL;
    a->end = b ? b->data + b->size : NULL;
}

static void du_blocks_free(du_arena_block *b)
{
    while (b) {
        du_arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void du_arena_free(du_arena *a)
{
    du_blocks_free(a->head);
    du_blocks_free(a->spare);
    du_arena_init(a);
}

/* A block given back by a reset or a rewind: standard ones are kept as spares. */
static void du_block_drop(du_arena *a, du_arena_block *b)
{
    if (b->size == DU_ARENA_BLOCK) {
        b->next = a->spare;
        a->spare = b;
        a->nspare++;
    } else {
        free(b);
    }
}

void du_arena_reset(du_arena *a, size_t keep)
{
    du_arena_block *b = a->head;
    while (b) {
        du_arena_block *next = b->next;
        du_block_drop(a, b);
        b = next;
    }
    while (a->spare && a->nspare * DU_ARENA_BLOCK > keep) {
        b = a->spare;
        a->spare = b->next;
        a->nspare--;
        free(b);
    }
    du_arena_head(a, NULL, 0);
    a->retired = 0;
}

du_arena_mark du_arena_mark_get(const du_arena *a)
{
    du_arena_mark m = {a->head, a->head ? a->head->next : NULL,
                       a->head ? (size_t)(a->cur - a->head->data) : 0, a->retired};
    return m;
}

void du_arena_rewind(du_arena *a, du_arena_mark m)
{
    /* blocks made after the mark sit before its head in the chain; big
     * blocks made while the mark's head was current sit right after it */
    du_arena_block *b = a->head;
    while (b != m.head) {
        du_arena_block *next = b->next;
        du_block_drop(a, b);
        b = next;
    }
    if (m.head) {
        for (b = m.head->next; b != m.next;) {
            du_arena_block *next = b->next;
            du_block_drop(a, b);
            b = next;
        }
        m.head->next = m.next;
    }
    du_arena_head(a, m.head, m.pos);
    a->retired = m.retired;
}

/* A standard block: a spare one if there is one. */
static du_arena_block *du_block_new(du_arena *a)
{
    du_arena_block *b = a->spare;
    if (b) {
        a->spare = b->next;
        a->nspare--;
    } else {
        b = du_xmalloc(sizeof *b + DU_ARENA_BLOCK);
        b->size = DU_ARENA_BLOCK;
    }
    return b;
}

void *du_arena_take_slow(du_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    du_arena_block *b = a->head;
    if (b && n <= (size_t)(a->end - a->cur)) { /* n == 0 */
        void *p = a->cur;
        a->cur += n;
        return p;
    }
    size_t size = n > DU_ARENA_BLOCK / 4 ? n : DU_ARENA_BLOCK;
    du_arena_block *nb;
    if (size == DU_ARENA_BLOCK) {
        nb = du_block_new(a);
    } else {
        nb = du_xmalloc(sizeof *nb + size);
        nb->size = size;
    }
    if (size != DU_ARENA_BLOCK && b) {
        /* big allocation: keep the current block as head for small ones */
        nb->next = b->next;
        b->next = nb;
        a->retired += n;
        return nb->data;
    }
    if (b)
        a->retired += (size_t)(a->cur - b->data);
    nb->next = b;
    du_arena_head(a, nb, n);
    return nb->data;
}

void *du_arena_alloc(du_arena *a, size_t n)
{
    void *p = du_arena_take(a, n);
    return memset(p, 0, n);
}

char *du_arena_strndup(du_arena *a, const char *s, size_t n)
{
    char *p = du_arena_take(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *du_arena_strdup(du_arena *a, const char *s)
{
    return s ? du_arena_strndup(a, s, strlen(s)) : NULL;
}

char *du_arena_printf(du_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = du_arena_alloc(a, n > 0 ? (size_t)n + 1 : 1);
    if (n > 0)
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void du_vec_push(du_vec *vec, void *p)
{
    if (vec->n == vec->cap) {
        vec->cap = vec->cap ? vec->cap * 2 : 8;
        vec->v = du_xrealloc(vec->v, vec->cap * sizeof *vec->v);
    }
    vec->v[vec->n++] = p;
}

void du_vec_free(du_vec *vec)
{
    free(vec->v);
    vec->v = NULL;
    vec->n = vec->cap = 0;
}
