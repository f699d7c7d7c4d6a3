/* mustache.h - the Mustache template engine behind every renderer.
 * Templates are fetched through a loader, compiled once, cached by name in
 * an environment and rendered against du_val data. Follows the Mustache
 * spec: interpolation, sections, inverted sections, comments, partials,
 * set delimiters and template inheritance (parents and blocks); no lambdas.
 *
 * Threads: an environment compiles lazily and caches what it compiles, so
 * it is not safe to share between threads. Give each thread its own
 * environment; nothing else in the engine is shared. */
#ifndef DU_MUSTACHE_H
#define DU_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/* Limits. Breaching one is an error with a position, never a crash. */
#define DU_TPL_MAX_SIZE    (16u * 1024u * 1024u) /* bytes in one template source */
#define DU_TPL_MAX_NESTING 64        /* sections, parents and blocks open at once in one template */
#define DU_TPL_MAX_DEPTH   64        /* partial and parent expansions in progress (stops recursion) */
#define DU_TPL_MAX_DELIM   16        /* bytes in one custom delimiter */
#define DU_TPL_MAX_STEPS   10000000u /* section iterations plus expansions in one render call */

typedef struct du_tpl_env du_tpl_env;

/* Returns the source of the template called `name` (a top-level template,
 * partial or parent), or NULL when there is none. *len receives its length
 * and *path the file name used in messages (NULL means "use the name").
 * The engine copies both before it calls the loader again, so a loader may
 * reuse one buffer. */
typedef const char *(*du_tpl_load_fn)(void *ud, const char *name, size_t *len,
                                      const char **path);

/* Appends n bytes of s to out, escaped for the output format. */
typedef void (*du_tpl_escape_fn)(du_buf *out, const char *s, size_t n);

/* A new environment using `load` (called with `ud`). HTML escaping, not
 * strict. Free it with du_tpl_env_free(). Aborts on out-of-memory. */
du_tpl_env *du_tpl_env_new(du_tpl_load_fn load, void *ud);
/* Free the environment and every template it compiled. NULL is allowed. */
void du_tpl_env_free(du_tpl_env *env);
/* Escape used by {{name}}; NULL restores the default, du_buf_put_html.
 * {{{name}}} and {{& name}} never escape. */
void du_tpl_env_set_escape(du_tpl_env *env, du_tpl_escape_fn esc);
/* In strict mode a partial or parent the loader does not know is an error
 * at the position of its tag; otherwise it renders as nothing (the spec). */
void du_tpl_env_set_strict(du_tpl_env *env, bool strict);

/* Values fixed for every render with env, such as a theme's strings: a
 * variable whose first name is a key of the map `consts` and that prints
 * a line of text (a string without line ends, a number or a boolean)
 * becomes text when its template is compiled, so it costs nothing on each
 * page. The names are then not sought on the context stack, so data given
 * to du_tpl_render cannot hide them. Set before the first render; the map
 * must outlive env. NULL turns it off. */
void du_tpl_env_set_consts(du_tpl_env *env, const du_val *consts);

/* Lower (or raise) the work limit of one render call for this environment;
 * 0 restores DU_TPL_MAX_STEPS. */
void du_tpl_env_set_max_steps(du_tpl_env *env, size_t max_steps);

/* Render template `name` against ctx (NULL: no data), appending to out.
 * Returns 0, or -1 after adding "file:line:col" errors to diags (syntax
 * errors, a missing template, a limit breached); out is then left as it
 * was. Compiled templates stay cached, so later calls do not re-parse. */
int du_tpl_render(du_tpl_env *env, const char *name, const du_val *ctx, du_buf *out,
                  du_diag *diags);

/* Compile `name` and every partial and parent it can reach, without
 * rendering. Returns 0, or -1 after adding errors to diags; in strict mode
 * a missing partial or parent counts as an error. */
int du_tpl_check(du_tpl_env *env, const char *name, du_diag *diags);

#endif
