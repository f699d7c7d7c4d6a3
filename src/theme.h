/* theme.h - finding a theme and reading its files. A theme is a folder of
 * Mustache templates, partials/, strings/LANG.yaml (labels) and static/
 * (copied to output/static/). A file of the same name under the site's
 * own layouts/ folder overrides the theme's. No name ever leads outside
 * those two folders. */
#ifndef DU_THEME_H
#define DU_THEME_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "value.h"

typedef struct du_theme du_theme;

/* Find theme `name` ("default" when NULL) for the site at root, in order:
 * ROOT/themes/NAME, next to the executable (themes/NAME, ../../themes/NAME,
 * ../share/duban/themes/NAME), DU_DATADIR/themes/NAME. Returns NULL after
 * an error in d when the name is invalid or no folder exists. */
du_theme *du_theme_open(const char *root, const char *name, du_diag *d);
void du_theme_free(du_theme *t);
/* The folder the theme was found in. */
const char *du_theme_dir(const du_theme *t);

/* True when name may name a theme file: relative, at most 255 bytes, no
 * empty, "." or ".." component, no backslash or control character. */
bool du_theme_name_ok(const char *name);

/* Read theme file `name` (ROOT/layouts/ first, then the theme folder)
 * into src, replacing its contents; path receives the file name shown in
 * messages. Returns 0, -1 when there is no such file, -2 when the name is
 * refused or the file resolves (through symlinks) outside its folder. */
int du_theme_read(const du_theme *t, const char *name, du_buf *src, du_buf *path);

/* A template loader over a theme (du_tpl_load_fn), one per environment.
 * A refused name counts as missing; the first one is kept in `refused`
 * (heap, freed by du_theme_loader_free) so the caller can say why. */
typedef struct du_theme_loader {
    const du_theme *theme;
    du_buf src, path;
    char *refused;
} du_theme_loader;

void du_theme_loader_init(du_theme_loader *l, const du_theme *t);
void du_theme_loader_free(du_theme_loader *l);
const char *du_theme_load(void *ud, const char *name, size_t *len, const char **path);

/* The labels of strings/LANG.yaml as a value tree (maps, lists and
 * strings) in arena a. Returns NULL after errors in d. */
du_val *du_theme_strings(const du_theme *t, const char *lang, du_arena *a, du_diag *d);
/* strings[group][key] when it is a string; else key itself. */
const char *du_label(const du_val *strings, const char *group, const char *key);

/* The files below static/ of the theme and of ROOT/layouts/static, as
 * relative names (heap strings; free them and the vector), sorted bytewise
 * without duplicates. Symlinks and unsafe names are skipped. */
void du_theme_static(const du_theme *t, du_vec *names);

#endif
