/* theme.c - theme lookup, theme file reading with layouts/ overrides, the
 * label strings, and the list of static files. */
#include "theme.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "yamltree.h"

#ifndef DU_DATADIR
#define DU_DATADIR "/usr/local/share/duban"
#endif

/* Theme files larger than this are refused (templates have their own,
 * smaller limit in the engine). */
#define DU_THEME_MAX_FILE (64u * 1024u * 1024u)

struct du_theme {
    char *dir;        /* the theme folder as found */
    char *dir_real;   /* its canonical path, for containment checks */
    char *layouts;    /* ROOT/layouts */
    char *layouts_real; /* NULL when the site has no layouts/ folder */
};

static bool du_is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* "root/rest", or just "rest" for the root ".". Heap string. */
static char *du_join(const char *root, const char *rest)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    if (root && strcmp(root, ".") != 0 && *root) {
        du_buf_puts(&b, root);
        if (b.ptr[b.len - 1] != '/')
            du_buf_putc(&b, '/');
    }
    du_buf_puts(&b, rest);
    return du_buf_detach(&b);
}

/* Folder of the running executable, or NULL. */
static char *du_exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return du_xstrdup(buf);
}

static char *du_find_theme(const char *root, const char *name)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_printf(&b, "themes/%s", name);
    char *p = du_join(root, b.ptr);
    if (du_is_dir(p)) {
        du_buf_free(&b);
        return p;
    }
    free(p);
    char *exe = du_exe_dir();
    static const char *const rel[] = {"%s/themes/%s", "%s/../../themes/%s",
                                      "%s/../share/duban/themes/%s"};
    for (size_t i = 0; exe && i < sizeof rel / sizeof *rel; i++) {
        du_buf_clear(&b);
        du_buf_printf(&b, rel[i], exe, name);
        char real[PATH_MAX];
        if (du_is_dir(b.ptr) && realpath(b.ptr, real)) {
            free(exe);
            du_buf_free(&b);
            return du_xstrdup(real);
        }
    }
    free(exe);
    du_buf_clear(&b);
    du_buf_printf(&b, "%s/themes/%s", DU_DATADIR, name);
    if (du_is_dir(b.ptr))
        return du_buf_detach(&b);
    du_buf_free(&b);
    return NULL;
}

du_theme *du_theme_open(const char *root, const char *name, du_diag *d)
{
    if (!name)
        name = "default";
    if (!du_id_valid(name)) {
        du_diag_add(d, NULL, 0, 0, DU_ERROR, "invalid theme name '%s'", name);
        du_diag_hint(d, "a theme name uses only letters, digits, '.', '_' and '-'");
        return NULL;
    }
    char *dir = du_find_theme(root, name);
    char real[PATH_MAX];
    if (!dir || !realpath(dir, real)) {
        du_diag_add(d, NULL, 0, 0, DU_ERROR, "theme '%s' not found", name);
        du_diag_hint(d, "looked in themes/%s of the site, next to the duban program and in %s/themes",
                     name, DU_DATADIR);
        free(dir);
        return NULL;
    }
    du_theme *t = du_xcalloc(1, sizeof *t);
    t->dir = dir;
    t->dir_real = du_xstrdup(real);
    t->layouts = du_join(root, "layouts");
    if (du_is_dir(t->layouts) && realpath(t->layouts, real))
        t->layouts_real = du_xstrdup(real);
    return t;
}

void du_theme_free(du_theme *t)
{
    if (!t)
        return;
    free(t->dir);
    free(t->dir_real);
    free(t->layouts);
    free(t->layouts_real);
    free(t);
}

const char *du_theme_dir(const du_theme *t) { return t->dir; }

bool du_theme_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 255 || name[0] == '/')
        return false;
    const char *comp = name;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '/' || c == '\0') {
            size_t len = (size_t)(name + i - comp);
            if (len == 0 || (len == 1 && comp[0] == '.') ||
                (len == 2 && comp[0] == '.' && comp[1] == '.'))
                return false;
            comp = name + i + 1;
        } else if (c < 0x20 || c == 0x7f || c == '\\') {
            return false;
        }
    }
    return true;
}

/* Read base/name into src when it exists. 0, -1 absent, -2 outside base
 * (through a symlink) or unreadable. */
static int du_read_in(const char *base, const char *base_real, const char *name, du_buf *src,
                      du_buf *path)
{
    du_buf_clear(path);
    du_buf_printf(path, "%s/%s", base, name);
    struct stat sb;
    if (stat(path->ptr, &sb) != 0)
        return -1;
    if (!S_ISREG(sb.st_mode))
        return -2;
    char real[PATH_MAX];
    size_t bl = strlen(base_real);
    if (!realpath(path->ptr, real) || strncmp(real, base_real, bl) != 0 || real[bl] != '/')
        return -2;
    if ((unsigned long long)sb.st_size > DU_THEME_MAX_FILE)
        return -2;
    FILE *f = fopen(real, "rb");
    if (!f)
        return -2;
    du_buf_clear(src);
    du_buf_grow(src, (size_t)sb.st_size + 1);
    size_t got;
    char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        du_buf_put(src, chunk, got);
    int err = ferror(f);
    fclose(f);
    return err ? -2 : 0;
}

int du_theme_read(const du_theme *t, const char *name, du_buf *src, du_buf *path)
{
    if (!du_theme_name_ok(name))
        return -2;
    if (t->layouts_real) {
        int rc = du_read_in(t->layouts, t->layouts_real, name, src, path);
        if (rc != -1)
            return rc;
    }
    return du_read_in(t->dir, t->dir_real, name, src, path);
}

void du_theme_loader_init(du_theme_loader *l, const du_theme *t)
{
    l->theme = t;
    du_buf_init(&l->src);
    du_buf_init(&l->path);
    l->refused = NULL;
}

void du_theme_loader_free(du_theme_loader *l)
{
    du_buf_free(&l->src);
    du_buf_free(&l->path);
    free(l->refused);
    l->refused = NULL;
}

const char *du_theme_load(void *ud, const char *name, size_t *len, const char **path)
{
    du_theme_loader *l = ud;
    int rc = du_theme_read(l->theme, name, &l->src, &l->path);
    if (rc == -2 && !l->refused)
        l->refused = du_xstrdup(name);
    if (rc != 0)
        return NULL;
    *len = l->src.len;
    *path = l->path.ptr;
    return l->src.ptr;
}

/* ---- strings ---- */

static du_val *du_yaml_val(du_arena *a, const du_ynode *n)
{
    if (n->type == DU_Y_SCALAR)
        return du_val_strn(a, du_arena_strndup(a, n->str, n->len), n->len);
    du_val *v = n->type == DU_Y_MAP ? du_val_map(a) : du_val_list(a);
    for (size_t i = 0; i < n->n; i++) {
        du_val *k = du_yaml_val(a, n->items[i]);
        if (n->type == DU_Y_MAP)
            du_map_set(a, v, du_arena_strdup(a, n->keys[i]->str), k);
        else
            du_list_push(a, v, k);
    }
    return v;
}

du_val *du_theme_strings(const du_theme *t, const char *lang, du_arena *a, du_diag *d)
{
    du_buf name = DU_BUF_INIT, src = DU_BUF_INIT, path = DU_BUF_INIT;
    du_buf_init(&name);
    du_buf_init(&src);
    du_buf_init(&path);
    du_buf_printf(&name, "strings/%s.yaml", lang ? lang : "zh-CN");
    du_val *v = NULL;
    int rc = du_theme_read(t, name.ptr, &src, &path);
    if (rc != 0) {
        du_diag_add(d, NULL, 0, 0, DU_ERROR, "theme '%s' has no %s", t->dir, name.ptr);
    } else {
        char *display = du_arena_strdup(a, path.ptr);
        bool empty = false;
        du_ynode *root = du_yaml_load_mem(a, src.ptr, src.len, display, &empty, d);
        if (root && root->type != DU_Y_MAP)
            du_diag_add(d, display, root->line, root->col, DU_ERROR,
                        "the strings file should be a map of labels");
        else if (root)
            v = du_yaml_val(a, root);
    }
    du_buf_free(&name);
    du_buf_free(&src);
    du_buf_free(&path);
    return v;
}

const char *du_label(const du_val *strings, const char *group, const char *key)
{
    const du_val *g = group ? du_map_get(strings, group) : strings;
    const du_val *v = du_map_get(g, key);
    return v && v->type == DU_STR ? v->str : key;
}

/* ---- static files ---- */

static int du_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void du_walk(const char *dir, const char *rel, du_vec *names, int depth)
{
    if (depth > 16)
        return;
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue; /* also skips . and .. and hidden files */
        du_buf p = DU_BUF_INIT, r = DU_BUF_INIT;
        du_buf_init(&p);
        du_buf_init(&r);
        du_buf_printf(&p, "%s/%s", dir, de->d_name);
        du_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
        struct stat sb;
        if (lstat(p.ptr, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                du_walk(p.ptr, r.ptr, names, depth + 1);
            else if (S_ISREG(sb.st_mode) && du_theme_name_ok(r.ptr))
                du_vec_push(names, du_buf_detach(&r));
        }
        du_buf_free(&p);
        du_buf_free(&r);
    }
    closedir(dp);
}

void du_theme_static(const du_theme *t, du_vec *names)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_printf(&b, "%s/static", t->dir);
    du_walk(b.ptr, "", names, 0);
    if (t->layouts_real) {
        du_buf_clear(&b);
        du_buf_printf(&b, "%s/static", t->layouts);
        du_walk(b.ptr, "", names, 0);
    }
    du_buf_free(&b);
    if (names->n > 1)
        qsort(names->v, names->n, sizeof *names->v, du_cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < names->n; i++) {
        if (k && strcmp(names->v[k - 1], names->v[i]) == 0) {
            free(names->v[i]);
            continue;
        }
        names->v[k++] = names->v[i];
    }
    names->n = k;
}
