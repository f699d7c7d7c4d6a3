/* yamltree.h - YAML files into a tree that keeps file, line and column on
 * every node. libyaml parses; this module adds the checks libyaml lacks
 * (UTF-8, tab indentation, duplicate keys, size, depth and alias limits)
 * and resolves aliases and merge keys. */
#ifndef DU_YAMLTREE_H
#define DU_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

/* Documented limits (docs/limits.md). Each breach is a clear error. */
#define DU_YAML_MAX_FILE   (64u * 1024 * 1024)  /* bytes in one file */
#define DU_YAML_MAX_DEPTH  64                   /* nesting of maps and lists */
#define DU_YAML_MAX_NODES  1000000              /* nodes in one file */
#define DU_YAML_MAX_EXPAND 1000000              /* nodes added by expanding aliases */

typedef enum { DU_Y_SCALAR, DU_Y_SEQ, DU_Y_MAP } du_ytype;

typedef struct du_ynode du_ynode;
struct du_ynode {
    du_ytype type;
    const char *file;   /* display path, shared by all nodes of a file */
    int line, col;      /* 1-based; col counts characters */
    const char *str;    /* scalar value (NUL-terminated), or "" */
    size_t len;
    bool plain;         /* scalar written without quotes or block style */
    size_t n;           /* items in a sequence, pairs in a map */
    du_ynode **items;   /* sequence items, or map values */
    du_ynode **keys;    /* map keys (scalars) */
    size_t weight;      /* nodes reachable from here, aliases expanded */
};

/* Load one file. `path` is opened; `display` is what diagnostics show.
 * Returns the document root (an empty map for an empty file or a file of
 * comments only, with *empty set), or NULL after adding errors to d.
 * Nodes live in arena a. When hash is not NULL it receives
 * du_hash_file_bytes (hash.h) of the bytes read, or 0 when the file could
 * not be read whole. */
du_ynode *du_yaml_load_file(du_arena *a, const char *path, const char *display, bool *empty,
                            uint64_t *hash, du_diag *d);
/* Same, from memory (len bytes, need not be NUL-terminated). */
du_ynode *du_yaml_load_mem(du_arena *a, const char *buf, size_t len, const char *display,
                           bool *empty, du_diag *d);

/* Whether the parser reads the (checked) text in place, which is the
 * default, or through libyaml's reader: for tests that compare the two. */
void du_yaml_set_direct(bool on);
/* Whether the YAML that content is written in is read by yamlfast.c, which
 * is the default, or every text by libyaml: for tests that compare. */
void du_yaml_set_fast(bool on);

/* Map lookup by key; NULL when absent or not a map. */
du_ynode *du_ymap_get(const du_ynode *map, const char *key);
/* Printable name of a node type: "a map", "a list", "a string". */
const char *du_ytype_name(const du_ynode *n);

#endif
