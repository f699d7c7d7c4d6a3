/* output.h - writing the output tree safely. A build writes into a staging
 * folder beside the output; du_out_commit() swaps it in atomically only when
 * everything succeeded, so a failed or killed build never damages the
 * published tree. Files whose bytes did not change are hard links to the
 * previous output's, so they keep their inode and mtime; a manifest of
 * every file (.duban-manifest: hash, size, path) records what was written. */
#ifndef DU_OUTPUT_H
#define DU_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef struct du_out du_out;

/* Lock `dir` (waiting for another build of the same output to finish) and
 * create a fresh staging folder beside it. Returns NULL after reporting an
 * I/O error in d. */
du_out *du_out_open(const char *dir, du_diag *d);
/* Write one file at relative path rel ("plans/x.html"). rel must be a
 * clean relative path (no "..", no leading '/', no control characters or
 * backslashes); anything else is refused with an error. Thread-safe.
 * Returns 0, or -1 after recording an error. */
int du_out_write(du_out *o, const char *rel, const void *data, size_t len);
/* A file written in pieces, for files too big to hold whole (the open
 * data): du_out_begin creates rel in the staging folder, du_out_append
 * adds bytes, du_out_end finishes it as du_out_write would have (linked
 * to the previous output's copy when the bytes are the same) and frees f.
 * One thread writes a given file. NULL / -1 after recording an error. */
typedef struct du_out_file du_out_file;
du_out_file *du_out_begin(du_out *o, const char *rel);
int du_out_append(du_out_file *f, const void *data, size_t len);
int du_out_end(du_out_file *f);
/* Path of the staging folder, for libraries that write files themselves
 * (libxlsxwriter): du_out_path(o, rel) returns a malloc'd path inside the
 * staging folder after validating rel and creating its parent folders;
 * the caller must then call du_out_note(o, rel) once the file is written. */
char *du_out_path(du_out *o, const char *rel);
void du_out_note(du_out *o, const char *rel);
/* A scratch folder inside the staging area (for temporary files). */
const char *du_out_tmpdir(du_out *o);
/* Swap the staging folder in. Unchanged files get their old mtime back;
 * top-level dot files of the old output (.gitkeep) are kept. Returns 0 or
 * -1 (the old output is then untouched). Frees o in every case. */
int du_out_commit(du_out *o, du_diag *d);
/* Throw the staging folder away, leaving the output untouched; frees o. */
void du_out_abort(du_out *o);
/* Files written so far, and how many of them were identical to the
 * previous output (linked to it, keeping inode and mtime). */
size_t du_out_files(const du_out *o);
/* Record the fingerprint of this build's inputs in the manifest. */
void du_out_set_inputs(du_out *o, uint64_t fp);
/* True when the previous output was built from the same inputs (its
 * manifest records this fingerprint) and all its files are still there:
 * the build can stop and leave everything as it is. */
bool du_out_up_to_date(const du_out *o);
/* Warnings of this build, recorded in the manifest; and those the
 * previous output's build recorded (0 without a manifest), which a build
 * that stops because the output is up to date mentions. */
void du_out_set_warnings(du_out *o, size_t n);
size_t du_out_old_warnings(const du_out *o);
/* Whether there is a previous output with its manifest, whose files this
 * build may keep. */
bool du_out_has_previous(const du_out *o);
/* Show a running count of files written on stderr (for a terminal). */
void du_out_set_progress(du_out *o, bool on);
size_t du_out_reused(const du_out *o);

/* ---- incremental builds ----
 * A build gives the output a global key and one key per plan
 * (du_out_set_keys); each file it writes may declare what it depends on
 * (a du_dep). The manifest records the keys and every file's dependencies,
 * and the next build asks du_out_unchanged() before rendering a file: when
 * the global key, the keys of the plans the file depends on (in this build
 * and in the previous one) and its own key are unchanged, and the previous
 * copy is still there as recorded, du_out_keep() links it instead. */
typedef struct du_dep {
    bool all;              /* depends on every plan */
    const size_t *plans;   /* else on these plans (indices into the key names) */
    size_t nplans;
    uint64_t own;          /* a key of the file's own inputs, 0 for none */
} du_dep;

/* names: the plans' ids, sorted; keys parallel to them (both copied). */
void du_out_set_keys(du_out *o, uint64_t global, const char *const *names,
                     const uint64_t *keys, size_t n);
/* True when rel can be taken from the previous output unrendered. */
bool du_out_unchanged(du_out *o, const char *rel, const du_dep *dep);
/* Take rel from the previous output (after du_out_unchanged said so).
 * Returns 0, or -1 after recording an error. Thread-safe. */
int du_out_keep(du_out *o, const char *rel, const du_dep *dep);
/* Record the dependencies of a file written anew. Thread-safe. */
void du_out_dep(du_out *o, const char *rel, const du_dep *dep);
/* True when the previous output can be reused and at most a quarter of
 * the plans changed: most files will be kept, little rendered. */
bool du_out_mostly_kept(const du_out *o);
/* Files taken unrendered from the previous output. */
size_t du_out_kept(const du_out *o);

/* True when rel is a safe relative output path (see du_out_write). */
bool du_out_rel_ok(const char *rel);
/* Remove a folder tree (no symlinks followed). Returns 0 or -1. */
int du_rmtree(const char *path);

#endif
