/* fingerprint.h - one number for everything a build reads: the content,
 * the site's layouts/ and themes/, the theme in use, the options and the
 * duban binary. A build whose fingerprint equals the one recorded in the
 * output's manifest has nothing to do. */
#ifndef DU_FINGERPRINT_H
#define DU_FINGERPRINT_H

#include <stdint.h>

#include "arena.h"
#include "build.h"
#include "model.h"

/* Fingerprint of the inputs of a build with options o. theme_dir is the
 * folder of the theme in use (may be NULL). Never fails: unreadable files
 * still change the result through their names. known, when not NULL,
 * holds du_file_hash entries (model.h) of files read already, whose
 * hashes are taken instead of reading those files again (a build into a
 * fresh folder fingerprints after loading). When global is not NULL it
 * receives the fingerprint of everything but content/progress/, the
 * global key of incremental builds (deps.h). */
uint64_t du_fingerprint(const du_build_opts *o, const char *theme_dir, const du_vec *known,
                        uint64_t *global);

/* The theme named by -t, else by site.yaml's `theme:`, else "default".
 * Returns a string owned by a static buffer (single-threaded use). */
const char *du_fingerprint_theme_name(const du_build_opts *o);

#endif
