/* value.h - a small dynamic value tree (null, bool, number, string, list,
 * map) used as the data that templates render and that the JSON export
 * writes. Values live in a du_arena; maps keep insertion order. */
#ifndef DU_VALUE_H
#define DU_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

typedef enum {
    DU_NULL,
    DU_BOOL,
    DU_NUM,
    DU_STR,
    DU_LIST,
    DU_MAP
} du_vtype;

typedef struct du_val du_val;

/* Element i of a list made on demand, built in arena a. */
typedef du_val *(*du_gen_fn)(void *ud, size_t i, du_arena *a);

typedef struct du_lazy {
    du_gen_fn gen;
    void *ud;
    du_arena *a;
} du_lazy;

/* A map key's hash: its byte length in the high half, 32-bit FNV-1a of
 * its bytes (0 made 1) in the low half; never 0. Keys match when their
 * hashes do and their bytes compare equal. */
typedef uint64_t du_khash;

typedef struct du_pair {
    const char *key;
    du_val *val;
    du_khash hash;       /* du_key_hash(key) */
} du_pair;

struct du_val {
    du_vtype type;
    bool b;
    union {
        double num;     /* DU_NUM */
        uint64_t bloom; /* DU_MAP: bit du_key_bit(hash) set for each key */
    };
    const char *str;     /* DU_STR: NUL-terminated, UTF-8 */
    size_t len;          /* DU_STR: byte length; DU_LIST/DU_MAP: count */
    size_t cap;
    du_val **items;      /* DU_LIST */
    du_pair *pairs;      /* DU_MAP, in insertion order */
    union {
        unsigned *index;     /* DU_MAP of many keys: hash slots holding pair index + 1 */
        const du_lazy *lazy; /* DU_LIST made on demand (items is NULL) */
    };
};

du_val *du_val_null(du_arena *a);
du_val *du_val_bool(du_arena *a, bool b);
du_val *du_val_num(du_arena *a, double n);
/* The string is referenced, not copied: it must outlive the value
 * (arena strings do). du_val_strcpy copies it into the arena. */
du_val *du_val_str(du_arena *a, const char *s);
du_val *du_val_strn(du_arena *a, const char *s, size_t n);
du_val *du_val_strcpy(du_arena *a, const char *s);
du_val *du_val_list(du_arena *a);
du_val *du_val_map(du_arena *a);
/* A map with room for n keys before it grows: for maps built with many
 * keys at once (growing copies the pairs each time the room doubles). */
du_val *du_val_map_sized(du_arena *a, size_t n);
/* A list of n elements that templates build one at a time as they walk
 * it: gen(ud, i, list_arena) makes element i in list_arena, and what it
 * allocated there is given back once the element is rendered. Keeps the
 * data of a page with thousands of rows (a briefing of every plan) from
 * being built whole. du_list_push does not take such lists. */
du_val *du_val_lazy(du_arena *a, size_t n, du_gen_fn gen, void *ud, du_arena *list_arena);
/* Element i of a list (made now for a lazy list; see du_val_lazy). */
du_val *du_list_at(const du_val *list, size_t i);

/* Append to a list. */
du_val *du_list_push(du_arena *a, du_val *list, du_val *v);

/* Hash of a map key, as du_map_get_hashed() expects it (never 0). */
du_khash du_key_hash(const char *key);

/* The hash of a key written as a string literal, made by the compiler
 * (pages set millions of keys, nearly all of them literals); 0, meaning
 * "hash it when it is set", for any other key or compiler. */
#if defined(__GNUC__)
#if defined(__clang__)
#define DU_UNROLL _Pragma("clang loop unroll(full)")
#else
#define DU_UNROLL _Pragma("GCC unroll 48")
#endif
static inline __attribute__((always_inline)) du_khash du_key_hash_lit(const char *key)
{
    unsigned h = 2166136261u;
    DU_UNROLL
    for (int i = 0; i < 48; i++) {
        unsigned char c = (unsigned char)key[i];
        if (!c)
            return (du_khash)i << 32 | (h ? h : 1);
        h = (h ^ c) * 16777619u;
    }
    return 0; /* a long key: hashed when set */
}
#define DU_KEY_HASH(k) (__builtin_constant_p(k) ? du_key_hash_lit(k) : (du_khash)0)
#else
#define DU_KEY_HASH(k) ((du_khash)0)
#endif

/* Set a key in a map (replacing an earlier value of the same key); hash
 * is du_key_hash(key), or 0 to have it computed. Keys are referenced, not
 * copied. Returns the value. The convenience setters set nothing for a
 * NULL string. The macros pass the hash of literal keys. */
du_val *du_map_set_h(du_arena *a, du_val *map, const char *key, du_khash hash, du_val *v);
void du_map_str_h(du_arena *a, du_val *map, const char *key, du_khash hash, const char *s);
void du_map_num_h(du_arena *a, du_val *map, const char *key, du_khash hash, double n);
void du_map_bool_h(du_arena *a, du_val *map, const char *key, du_khash hash, bool b);
#define du_map_set(a, m, k, v) du_map_set_h(a, m, k, DU_KEY_HASH(k), v)
#define du_map_str(a, m, k, s) du_map_str_h(a, m, k, DU_KEY_HASH(k), s)
#define du_map_num(a, m, k, n) du_map_num_h(a, m, k, DU_KEY_HASH(k), n)
#define du_map_bool(a, m, k, b) du_map_bool_h(a, m, k, DU_KEY_HASH(k), b)

/* Look up a key in a map; NULL when absent or when m is not a map. */
du_val *du_map_get(const du_val *m, const char *key);
/* The same with the key's du_key_hash() computed beforehand (templates
 * hash their names once when they are compiled). */
du_val *du_map_get_hashed(const du_val *m, const char *key, du_khash hash);
/* The value of key in the innermost of the maps stack[n-1] … stack[0]
 * that has it (what a template name resolves to); NULL when none has it.
 * Elements that are not maps are passed over. */
du_val *du_map_get_stack(const du_val *const *stack, size_t n, const char *key, du_khash hash);

/* Mustache/JSON truthiness: null, false, empty list and empty string are
 * false... (Mustache treats "" as truthy; see du_val_truthy_mustache). */
bool du_val_truthy(const du_val *v);

/* Serialise as JSON. sort_keys orders map keys bytewise; indent > 0
 * pretty-prints with that many spaces. Numbers that are integers print
 * without a fraction; others with up to 15 significant digits. */
void du_val_to_json(const du_val *v, du_buf *out, bool sort_keys, int indent);
/* The same, as if nested `depth` levels deep (for writing a long list one
 * element at a time). */
void du_val_to_json_at(const du_val *v, du_buf *out, bool sort_keys, int indent, int depth);

/* Append a number formatted as Mustache and JSON do (integers plain). */
void du_buf_put_num(du_buf *b, double n);

#endif
