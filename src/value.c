/* value.c - dynamic values for templates and the JSON export. */
#include "value.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static du_val *du_val_new(du_arena *a, du_vtype t)
{
    /* filled in whole by assignment: pages make millions of values */
    du_val *v = du_arena_take(a, sizeof *v);
    *v = (du_val){.type = t};
    return v;
}

du_val *du_val_null(du_arena *a) { return du_val_new(a, DU_NULL); }

du_val *du_val_bool(du_arena *a, bool b)
{
    du_val *v = du_val_new(a, DU_BOOL);
    v->b = b;
    return v;
}

du_val *du_val_num(du_arena *a, double n)
{
    du_val *v = du_val_new(a, DU_NUM);
    v->num = n;
    return v;
}

du_val *du_val_strn(du_arena *a, const char *s, size_t n)
{
    du_val *v = du_val_new(a, DU_STR);
    v->str = s;
    v->len = n;
    return v;
}

du_val *du_val_str(du_arena *a, const char *s)
{
    return du_val_strn(a, s ? s : "", s ? strlen(s) : 0);
}

du_val *du_val_strcpy(du_arena *a, const char *s)
{
    return du_val_str(a, du_arena_strdup(a, s ? s : ""));
}

du_val *du_val_list(du_arena *a) { return du_val_new(a, DU_LIST); }
du_val *du_val_map(du_arena *a) { return du_val_new(a, DU_MAP); }

du_val *du_val_map_sized(du_arena *a, size_t n)
{
    du_val *v = du_val_new(a, DU_MAP);
    size_t cap = 4; /* a power of two, as du_grow keeps it (the index needs it) */
    while (cap < n)
        cap *= 2;
    v->pairs = du_arena_take(a, cap * sizeof *v->pairs);
    v->cap = cap;
    return v;
}

du_val *du_val_lazy(du_arena *a, size_t n, du_gen_fn gen, void *ud, du_arena *list_arena)
{
    du_val *v = du_val_new(a, DU_LIST);
    du_lazy *l = du_arena_alloc(a, sizeof *l);
    l->gen = gen;
    l->ud = ud;
    l->a = list_arena;
    v->lazy = l;
    v->len = n;
    return v;
}

du_val *du_list_at(const du_val *list, size_t i)
{
    if (list->lazy)
        return list->lazy->gen(list->lazy->ud, i, list->lazy->a);
    return list->items[i];
}

/* Arrays grow by doubling inside the arena; the old copy is abandoned
 * (the arena frees it at the end), which keeps ownership trivial. */
static void *du_grow(du_arena *a, void *old, size_t elem, size_t n, size_t *cap)
{
    if (n < *cap)
        return old;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = du_arena_take(a, ncap * elem); /* slots past n are written before read */
    if (old)
        memcpy(p, old, n * elem);
    *cap = ncap;
    return p;
}

du_val *du_list_push(du_arena *a, du_val *list, du_val *v)
{
    list->items = du_grow(a, list->items, sizeof *list->items, list->len, &list->cap);
    list->items[list->len++] = v;
    return v;
}

/* Maps with at least this many pair slots get a hash index: pages look
 * names up in maps of dozens of keys (the theme's labels: hundreds) many
 * times per line of output. */
#define DU_MAP_INDEXED 16

du_khash du_key_hash(const char *key)
{
    unsigned h = 2166136261u;
    const unsigned char *p = (const unsigned char *)key;
    for (; *p; p++)
        h = (h ^ *p) * 16777619u;
    return (du_khash)(p - (const unsigned char *)key) << 32 | (h ? h : 1);
}

/* The index has twice as many slots as the map has room for pairs (a
 * power of two), so it is never more than half full. */
static void du_index_add(du_val *m, size_t i)
{
    size_t mask = m->cap * 2 - 1;
    size_t s = m->pairs[i].hash & mask;
    while (m->index[s])
        s = (s + 1) & mask;
    m->index[s] = (unsigned)i + 1;
}

static void du_reindex(du_arena *a, du_val *m)
{
    m->index = du_arena_alloc(a, m->cap * 2 * sizeof *m->index);
    for (size_t i = 0; i < m->len; i++)
        du_index_add(m, i);
}

/* Two keys of the same length n, compared in line (a call to memcmp
 * costs more than the comparison of a key): in eight-byte words, the last
 * one overlapping; shorter keys in four-byte halves or byte by byte. */
static inline bool du_key_eq(const char *a, const char *b, size_t n)
{
    if (a == b)
        return true;
    uint64_t x, y;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return false;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t p, q, r, t;
        memcpy(&p, a, 4);
        memcpy(&q, b, 4);
        memcpy(&r, a + n - 4, 4);
        memcpy(&t, b + n - 4, 4);
        return p == q && r == t;
    }
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

/* A key's bit in its map's bloom: most lookups that miss (a Mustache
 * name sought through the maps of the context, a key set for the first
 * time) end at it without reading a pair. */
static inline uint64_t du_key_bit(du_khash h) { return UINT64_C(1) << ((h >> 26) & 63); }

static inline __attribute__((always_inline)) du_pair *du_find(const du_val *m, const char *key,
                                                              du_khash h)
{
    if (!(m->bloom & du_key_bit(h)))
        return NULL;
    du_pair *pairs = m->pairs;
    if (m->index) {
        size_t mask = m->cap * 2 - 1;
        for (size_t s = h & mask; m->index[s]; s = (s + 1) & mask) {
            du_pair *p = &pairs[m->index[s] - 1];
            if (p->hash == h && du_key_eq(p->key, key, (size_t)(h >> 32)))
                return p;
        }
        return NULL;
    }
    for (size_t i = 0, n = m->len; i < n; i++)
        if (pairs[i].hash == h && du_key_eq(pairs[i].key, key, (size_t)(h >> 32)))
            return &pairs[i];
    return NULL;
}

du_val *du_map_set_h(du_arena *a, du_val *map, const char *key, du_khash h, du_val *v)
{
    if (!h)
        h = du_key_hash(key);
    du_pair *p = du_find(map, key, h);
    if (p) {
        p->val = v;
        return v;
    }
    size_t cap = map->cap;
    map->pairs = du_grow(a, map->pairs, sizeof *map->pairs, map->len, &map->cap);
    map->pairs[map->len].key = key;
    map->pairs[map->len].val = v;
    map->pairs[map->len].hash = h;
    map->bloom |= du_key_bit(h);
    map->len++;
    if (map->cap >= DU_MAP_INDEXED) {
        if (map->cap != cap || !map->index)
            du_reindex(a, map);
        else
            du_index_add(map, map->len - 1);
    }
    return v;
}

void du_map_str_h(du_arena *a, du_val *map, const char *key, du_khash h, const char *s)
{
    if (s)
        du_map_set_h(a, map, key, h, du_val_str(a, s));
}

void du_map_num_h(du_arena *a, du_val *map, const char *key, du_khash h, double n)
{
    du_map_set_h(a, map, key, h, du_val_num(a, n));
}

void du_map_bool_h(du_arena *a, du_val *map, const char *key, du_khash h, bool b)
{
    du_map_set_h(a, map, key, h, du_val_bool(a, b));
}

du_val *du_map_get_hashed(const du_val *m, const char *key, du_khash hash)
{
    if (!m || m->type != DU_MAP)
        return NULL;
    du_pair *p = du_find(m, key, hash);
    return p ? p->val : NULL;
}

du_val *du_map_get_stack(const du_val *const *stack, size_t n, const char *key, du_khash hash)
{
    while (n-- > 0) {
        const du_val *m = stack[n];
        if (!m || m->type != DU_MAP)
            continue;
        du_pair *p = du_find(m, key, hash);
        if (p)
            return p->val;
    }
    return NULL;
}

du_val *du_map_get(const du_val *m, const char *key)
{
    return du_map_get_hashed(m, key, du_key_hash(key));
}

bool du_val_truthy(const du_val *v)
{
    if (!v)
        return false;
    switch (v->type) {
    case DU_NULL: return false;
    case DU_BOOL: return v->b;
    case DU_LIST: return v->len > 0;
    default: return true;
    }
}

void du_buf_put_num(du_buf *b, double n)
{
    if (isnan(n) || isinf(n)) {
        du_buf_puts(b, "null");
        return;
    }
    if (n == floor(n) && fabs(n) < 1e15) {
        /* what printf("%.0f") writes, without printf: most numbers on a
         * page are counts and percents */
        char tmp[24], *e = tmp + sizeof tmp, *q = e;
        unsigned long long k = (unsigned long long)fabs(n);
        do
            *--q = (char)('0' + k % 10);
        while (k /= 10);
        if (signbit(n))
            *--q = '-';
        du_buf_put(b, q, (size_t)(e - q));
        return;
    }
    double t = n * 10.0;
    if (t == floor(t) && fabs(t) < 1e15 && t / 10.0 == n) {
        /* one decimal (percentages, rounded with du_round1): n is the
         * double nearest to t/10, which has at most 15 significant
         * digits, so "%.15g" prints exactly those digits */
        char tmp[24], *e = tmp + sizeof tmp, *q = e;
        unsigned long long k = (unsigned long long)fabs(t);
        *--q = (char)('0' + k % 10);
        *--q = '.';
        k /= 10;
        do
            *--q = (char)('0' + k % 10);
        while (k /= 10);
        if (n < 0)
            *--q = '-';
        du_buf_put(b, q, (size_t)(e - q));
        return;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.15g", n);
    du_buf_puts(b, tmp);
}

/* ---- JSON ---- */

#define DU_SORT_SMALL 32   /* maps up to this size: sorted on the stack, cached */
#define DU_SORT_SLOTS 64

/* The sorted key order of a map of at most DU_SORT_SMALL keys, remembered
 * by the keys' addresses: an export writes thousands of maps built by the
 * same code with the same key strings, so each shape is sorted once. */
typedef struct du_sorted {
    size_t n;
    const char *keys[DU_SORT_SMALL];
    unsigned char order[DU_SORT_SMALL];
} du_sorted;

static _Thread_local du_sorted du_sort_cache[DU_SORT_SLOTS];

static int du_pair_cmp(const void *x, const void *y)
{
    const du_pair *p = *(const du_pair *const *)x, *q = *(const du_pair *const *)y;
    return strcmp(p->key, q->key);
}

/* Indices of m's pairs in key order into order[] (m->len <= DU_SORT_SMALL). */
static void du_sort_small(const du_val *m, unsigned char *order)
{
    size_t n = m->len;
    uintptr_t h = n;
    for (size_t i = 0; i < n; i++)
        h = h * 31 + (uintptr_t)m->pairs[i].key;
    du_sorted *c = &du_sort_cache[(h ^ (h >> 17)) % DU_SORT_SLOTS];
    bool hit = c->n == n;
    for (size_t i = 0; hit && i < n; i++)
        hit = c->keys[i] == m->pairs[i].key;
    if (hit) {
        memcpy(order, c->order, n);
        return;
    }
    /* insertion sort: keys are unique, so any correct sort gives this order */
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        while (k > 0 && strcmp(m->pairs[order[k - 1]].key, m->pairs[i].key) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = (unsigned char)i;
    }
    c->n = n;
    for (size_t i = 0; i < n; i++)
        c->keys[i] = m->pairs[i].key;
    memcpy(c->order, order, n);
}

static void du_json_indent(du_buf *out, int indent, int depth)
{
    static const char spaces[] = "\n                                                                ";
    if (indent <= 0)
        return;
    size_t n = (size_t)indent * (size_t)depth;
    if (n < sizeof spaces - 1) {
        du_buf_put(out, spaces, n + 1);
        return;
    }
    du_buf_putc(out, '\n');
    for (size_t i = 0; i < n; i++)
        du_buf_putc(out, ' ');
}

static void du_json_write(const du_val *v, du_buf *out, bool sort, int indent, int depth);

static void du_json_pair(const du_pair *p, du_buf *out, bool sort, int indent, int depth,
                         bool first)
{
    if (!first)
        du_buf_putc(out, ',');
    du_json_indent(out, indent, depth + 1);
    du_buf_putc(out, '"');
    du_buf_put_json(out, p->key, strlen(p->key));
    du_buf_put(out, "\": ", indent > 0 ? 3 : 2);
    du_json_write(p->val, out, sort, indent, depth + 1);
}

static void du_json_map(const du_val *v, du_buf *out, bool sort, int indent, int depth)
{
    du_buf_putc(out, '{');
    if (!sort) {
        for (size_t i = 0; i < v->len; i++)
            du_json_pair(&v->pairs[i], out, sort, indent, depth, i == 0);
    } else if (v->len <= DU_SORT_SMALL) {
        unsigned char order[DU_SORT_SMALL];
        du_sort_small(v, order);
        for (size_t i = 0; i < v->len; i++)
            du_json_pair(&v->pairs[order[i]], out, sort, indent, depth, i == 0);
    } else {
        const du_pair **order = du_xmalloc(v->len * sizeof *order);
        for (size_t i = 0; i < v->len; i++)
            order[i] = &v->pairs[i];
        qsort(order, v->len, sizeof *order, du_pair_cmp);
        for (size_t i = 0; i < v->len; i++)
            du_json_pair(order[i], out, sort, indent, depth, i == 0);
        free(order);
    }
    if (v->len)
        du_json_indent(out, indent, depth);
    du_buf_putc(out, '}');
}

static void du_json_write(const du_val *v, du_buf *out, bool sort, int indent, int depth)
{
    if (!v) {
        du_buf_put(out, "null", 4);
        return;
    }
    switch (v->type) {
    case DU_NULL: du_buf_put(out, "null", 4); break;
    case DU_BOOL: du_buf_puts(out, v->b ? "true" : "false"); break;
    case DU_NUM: du_buf_put_num(out, v->num); break;
    case DU_STR:
        du_buf_putc(out, '"');
        du_buf_put_json(out, v->str, v->len);
        du_buf_putc(out, '"');
        break;
    case DU_LIST:
        du_buf_putc(out, '[');
        for (size_t i = 0; i < v->len; i++) {
            if (i)
                du_buf_putc(out, ',');
            du_json_indent(out, indent, depth + 1);
            du_json_write(du_list_at(v, i), out, sort, indent, depth + 1);
        }
        if (v->len)
            du_json_indent(out, indent, depth);
        du_buf_putc(out, ']');
        break;
    case DU_MAP: du_json_map(v, out, sort, indent, depth); break;
    }
}

void du_val_to_json_at(const du_val *v, du_buf *out, bool sort_keys, int indent, int depth)
{
    du_json_write(v, out, sort_keys, indent, depth);
}

void du_val_to_json(const du_val *v, du_buf *out, bool sort_keys, int indent)
{
    du_json_write(v, out, sort_keys, indent, 0);
}
