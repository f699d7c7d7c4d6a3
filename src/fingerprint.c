/* fingerprint.c - hashing a build's inputs for the no-change shortcut. */
#include "fingerprint.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "hash.h"
#include "yamltree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DU_FP_MAX_DEPTH 16

typedef struct {
    uint64_t h;
} du_fp;

static void du_fp_add(du_fp *f, const void *data, size_t n)
{
    f->h = du_hash_add(f->h, data, n);
}

static void du_fp_str(du_fp *f, const char *s)
{
    du_fp_add(f, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* A file's own hash (of "?" when it cannot be read). */
static uint64_t du_fp_file(const char *path)
{
    du_fp f = {DU_HASH_INIT};
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        du_fp_str(&f, "?");
        if (fd >= 0)
            close(fd);
        return ~f.h;
    }
    /* whole blocks, so that the hash does not depend on where a read
     * happens to stop */
    char buf[65536];
    size_t n = 0;
    ssize_t r;
    while ((r = read(fd, buf + n, sizeof buf - n)) > 0 || (r < 0 && errno == EINTR)) {
        n += r > 0 ? (size_t)r : 0;
        if (n == sizeof buf) {
            f.h = du_hash_block(f.h, buf, n);
            n = 0;
        }
    }
    if (n)
        f.h = du_hash_block(f.h, buf, n);
    close(fd);
    return f.h;
}

static int du_fp_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file below dir, in sorted order, by relative name and contents,
 * into f and, outside content/progress, into g too. */
static void du_fp_tree(du_fp *f, du_fp *g, const char *dir, const char *rel, int depth)
{
    if (g && strcmp(rel, "content/progress") == 0)
        g = NULL;
    if (depth > DU_FP_MAX_DEPTH)
        return;
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    du_vec names = {0};
    struct dirent *e;
    while ((e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            du_vec_push(&names, du_xstrdup(e->d_name));
    closedir(dp);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, du_fp_cmp);
    du_buf p = DU_BUF_INIT, r = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_init(&r);
    for (size_t i = 0; i < names.n; i++) {
        du_buf_clear(&p);
        du_buf_clear(&r);
        du_buf_printf(&p, "%s/%s", dir, (char *)names.v[i]);
        du_buf_printf(&r, "%s/%s", rel, (char *)names.v[i]);
        struct stat st;
        if (stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
            du_fp_tree(f, g, p.ptr, r.ptr, depth + 1);
        } else {
            uint64_t h = du_fp_file(p.ptr);
            du_fp_str(f, r.ptr);
            du_fp_add(f, &h, sizeof h);
            if (g) {
                du_fp_str(g, r.ptr);
                du_fp_add(g, &h, sizeof h);
            }
        }
        free(names.v[i]);
    }
    du_buf_free(&p);
    du_buf_free(&r);
    du_vec_free(&names);
}

const char *du_fingerprint_theme_name(const du_build_opts *o)
{
    static char name[80];
    snprintf(name, sizeof name, "%s", o->theme ? o->theme : "default");
    if (o->theme)
        return name;
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_printf(&p, "%s/content/site.yaml", o->root);
    du_arena a;
    du_arena_init(&a);
    du_diag d;
    du_diag_init(&d);
    du_ynode *root = du_yaml_load_file(&a, p.ptr, p.ptr, NULL, &d);
    du_ynode *t = du_ymap_get(root, "theme");
    if (t && t->type == DU_Y_SCALAR && t->len > 0 && t->len < sizeof name)
        snprintf(name, sizeof name, "%s", t->str);
    du_diag_free(&d);
    du_arena_free(&a);
    du_buf_free(&p);
    return name;
}

uint64_t du_fingerprint(const du_build_opts *o, const char *theme_dir, uint64_t *global)
{
    du_fp f = {DU_HASH_INIT};
    char num[64];
    du_fp_str(&f, "duban " DU_VERSION);
    /* a rebuilt binary may render differently */
    struct stat st;
    if (stat("/proc/self/exe", &st) == 0) {
        snprintf(num, sizeof num, "%lld %lld", (long long)st.st_size, (long long)st.st_mtime);
        du_fp_str(&f, num);
    }
    snprintf(num, sizeof num, "%d %d %u %d", (int)o->as_of, (int)du_date_today(), o->parts,
             (int)o->strict);
    du_fp_str(&f, num);
    du_fp_str(&f, o->theme);
    du_fp_str(&f, getenv("DUBAN_XLSX_CONSTANT_MEMORY_ROWS"));
    du_fp g = f;
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    static const char *const dirs[] = {"content", "layouts", "themes"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        du_buf_clear(&p);
        du_buf_printf(&p, "%s/%s", o->root, dirs[i]);
        du_fp_tree(&f, &g, p.ptr, dirs[i], 0);
    }
    du_buf_free(&p);
    if (theme_dir)
        du_fp_tree(&f, &g, theme_dir, "@theme", 0);
    if (global)
        *global = g.h;
    return f.h;
}
