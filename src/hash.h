/* hash.h - the hashes of duban's manifests and keys. 64-bit FNV-1a, byte
 * by byte, for the names and values in the inputs' fingerprint and the
 * dependency keys; four words at a step in four lanes (du_hash_block) for
 * the contents of input files; four words at a step with a lighter mix
 * (du_hasher) for the bytes of output files, which are many and only
 * filtered by it (an equal hash is followed by a byte comparison wherever
 * a file is reused on a hash); that mix a word at a step for the fields
 * of an entry's key (deps.c). */
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

/* splitmix64's finaliser: every bit of x moves every bit of the result. */
static inline uint64_t du_hash_mix64(uint64_t x)
{
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

static inline uint64_t du_hash_rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

/* One step of a lane: multiply, rotate, multiply (the round of xxHash64). */
static inline uint64_t du_hash_lane(uint64_t acc, uint64_t w)
{
    return du_hash_rotl(acc + w * UINT64_C(0xC2B2AE3D27D4EB4F), 31) * UINT64_C(0x9E3779B185EBCA87);
}

/* A block of bytes (an input file's contents, read a block at a time; a
 * string to intern) into h: when it is long, 32 bytes at a step in four
 * lanes that do not wait for each other, the lanes then mixed into h one
 * after another; the rest (a short text: all of it) eight bytes at a step;
 * and the length mixed in, so a block and the same block with zeros after
 * it differ. Blocks are hashed one after another, each from the previous h. */
#define DU_HASH_LANES_MIN 128

static inline uint64_t du_hash_block(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t w;
    size_t left = n;
    if (left >= DU_HASH_LANES_MIN) {
        uint64_t a = h ^ UINT64_C(0x243F6A8885A308D3), b = h ^ UINT64_C(0x13198A2E03707344),
                 c = h ^ UINT64_C(0xA4093822299F31D0), d = h ^ UINT64_C(0x082EFA98EC4E6C89);
        for (; left >= 32; p += 32, left -= 32) {
            memcpy(&w, p, 8);
            a = du_hash_lane(a, w);
            memcpy(&w, p + 8, 8);
            b = du_hash_lane(b, w);
            memcpy(&w, p + 16, 8);
            c = du_hash_lane(c, w);
            memcpy(&w, p + 24, 8);
            d = du_hash_lane(d, w);
        }
        h = du_hash_mix64(du_hash_mix64(du_hash_mix64(du_hash_mix64(h ^ a) ^ b) ^ c) ^ d);
    }
    for (; left >= 8; p += 8, left -= 8) {
        memcpy(&w, p, 8);
        h = du_hash_mix64(h ^ w);
    }
    w = 0;
    memcpy(&w, p, left);
    return du_hash_mix64(du_hash_mix64(h ^ w) ^ (uint64_t)n);
}

/* An input file's hash for the fingerprint: its bytes in blocks of
 * DU_HASH_FILE_BLOCK (the last one shorter), each hashed with
 * du_hash_block from the one before, so that reading a file in blocks and
 * hashing the whole of it read at once give the same number. */
#define DU_HASH_FILE_BLOCK 65536

static inline uint64_t du_hash_file_bytes(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = DU_HASH_INIT;
    for (size_t off = 0; off < n; off += DU_HASH_FILE_BLOCK)
        h = du_hash_block(h, p + off, n - off < DU_HASH_FILE_BLOCK ? n - off : DU_HASH_FILE_BLOCK);
    return h;
}

/* A content hash of output files, fed in pieces of any size with the same
 * result as in one piece: 32 bytes at a step in four lanes of the light
 * mix, which do not wait for each other (the pages of a build are
 * hundreds of megabytes), then the lanes, the last bytes and the length.
 * Only a filter: a file reused on an equal hash is compared byte for byte
 * first. */
typedef struct du_hasher {
    uint64_t lane[4];
    uint64_t len;             /* bytes fed */
    unsigned char tail[32];   /* bytes of the block not yet complete */
    unsigned ntail;
} du_hasher;

static inline void du_hasher_init(du_hasher *s)
{
    s->lane[0] = DU_HASH_INIT;
    s->lane[1] = DU_HASH_INIT ^ UINT64_C(0x243F6A8885A308D3);
    s->lane[2] = DU_HASH_INIT ^ UINT64_C(0x13198A2E03707344);
    s->lane[3] = DU_HASH_INIT ^ UINT64_C(0xA4093822299F31D0);
    s->len = 0;
    s->ntail = 0;
}

static inline uint64_t du_hasher_mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

static inline void du_hasher_block(uint64_t lane[4], const unsigned char *p)
{
    uint64_t w[4];
    memcpy(w, p, 32);
    lane[0] = du_hasher_mix(lane[0], w[0]);
    lane[1] = du_hasher_mix(lane[1], w[1]);
    lane[2] = du_hasher_mix(lane[2], w[2]);
    lane[3] = du_hasher_mix(lane[3], w[3]);
}

static inline void du_hasher_add(du_hasher *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    s->len += n;
    if (s->ntail) {
        size_t k = 32 - s->ntail < n ? 32 - s->ntail : n;
        memcpy(s->tail + s->ntail, p, k);
        s->ntail += (unsigned)k;
        p += k;
        n -= k;
        if (s->ntail < 32)
            return;
        du_hasher_block(s->lane, s->tail);
        s->ntail = 0;
    }
    uint64_t lane[4] = {s->lane[0], s->lane[1], s->lane[2], s->lane[3]};
    for (; n >= 32; p += 32, n -= 32)
        du_hasher_block(lane, p);
    memcpy(s->lane, lane, sizeof lane);
    memcpy(s->tail, p, n);
    s->ntail = (unsigned)n;
}

static inline uint64_t du_hasher_end(const du_hasher *s)
{
    uint64_t h = s->lane[0];
    h = du_hasher_mix(h, s->lane[1]);
    h = du_hasher_mix(h, s->lane[2]);
    h = du_hasher_mix(h, s->lane[3]);
    unsigned i = 0;
    uint64_t w;
    for (; i + 8 <= s->ntail; i += 8) {
        memcpy(&w, s->tail + i, 8);
        h = du_hasher_mix(h, w);
    }
    w = 0;
    memcpy(&w, s->tail + i, s->ntail - i);
    return du_hash_mix64(du_hasher_mix(h, w) ^ s->len);
}

#endif
