/* hash.h - 64-bit FNV-1a, the one hash duban keeps in its manifests: a
 * quick filter for "did this change", never a proof (equal hashes are
 * followed by a byte comparison wherever a file is reused on a hash). */
#ifndef DU_HASH_H
#define DU_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DU_HASH_INIT UINT64_C(1469598103934665603)

static inline uint64_t du_hash_add(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* A string and its terminator (NULL hashes apart from ""). */
static inline uint64_t du_hash_str(uint64_t h, const char *s)
{
    static const unsigned char none[2] = {0xff, 0};
    return s ? du_hash_add(h, s, strlen(s) + 1) : du_hash_add(h, none, sizeof none);
}

static inline uint64_t du_hash_u64(uint64_t h, uint64_t v)
{
    return du_hash_add(h, &v, sizeof v);
}

#endif
