/* content.c - walking content/ safely and deterministically. */
#include "content.h"
#include "arena.h"
#include "buf.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DU_CONTENT_MAX_DEPTH 16

static char *du_join(const char *a, const char *b)
{
    du_buf buf = DU_BUF_INIT;
    du_buf_init(&buf);
    du_buf_puts(&buf, a);
    if (buf.len && buf.ptr[buf.len - 1] != '/')
        du_buf_putc(&buf, '/');
    du_buf_puts(&buf, b);
    return du_buf_detach(&buf);
}

static int du_has_yaml_ext(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* 1 when path (after resolving links) lies inside the content folder. */
static int du_inside(const char *content_real, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return 0;
    size_t n = strlen(content_real);
    return strncmp(real, content_real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

static void du_push(du_filelist *l, char *path, char *display)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = du_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n].path = path;
    l->v[l->n].display = display;
    l->n++;
}

/* Check one candidate: returns 1 usable, 0 skip silently, -1 reported. */
static int du_check_entry(const char *creal, const char *path, const char *display, du_diag *d,
                          int *is_dir)
{
    struct stat st;
    *is_dir = 0;
    if (lstat(path, &st) != 0) {
        du_diag_add(d, display, 0, 0, DU_ERROR, "cannot read: %s", strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode)) {
        if (!du_inside(creal, path)) {
            du_diag_add(d, display, 0, 0, DU_ERROR,
                        "symbolic link leads outside content/ (or nowhere); refused");
            return -1;
        }
        if (stat(path, &st) != 0)
            return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        *is_dir = 1;
        return 1;
    }
    if (!S_ISREG(st.st_mode)) {
        du_diag_add(d, display, 0, 0, DU_ERROR, "not a regular file (a FIFO or device?)");
        return -1;
    }
    return 1;
}

static int du_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int du_walk(const char *creal, const char *dir, const char *ddir, int recurse, int depth,
                   du_filelist *out, du_diag *d)
{
    if (depth > DU_CONTENT_MAX_DEPTH) {
        du_diag_add(d, ddir, 0, 0, DU_ERROR, "folders nested deeper than %d levels",
                    DU_CONTENT_MAX_DEPTH);
        return 0;
    }
    DIR *dp = opendir(dir);
    if (!dp) {
        du_diag_add(d, ddir, 0, 0, DU_ERROR, "cannot read folder: %s", strerror(errno));
        return -1;
    }
    du_vec names = {0};
    struct dirent *e;
    while ((e = readdir(dp)))
        if (e->d_name[0] != '.')
            du_vec_push(&names, du_xstrdup(e->d_name));
    closedir(dp);
    qsort(names.v, names.n, sizeof *names.v, du_cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.v[i];
        char *path = du_join(dir, name), *display = du_join(ddir, name);
        int is_dir;
        int ok = du_check_entry(creal, path, display, d, &is_dir);
        if (ok == 1 && is_dir && du_has_yaml_ext(name)) {
            du_diag_add(d, display, 0, 0, DU_ERROR, "is a directory, not a YAML file");
        } else if (ok == 1 && is_dir && recurse) {
            du_walk(creal, path, display, recurse, depth + 1, out, d);
        } else if (ok == 1 && !is_dir && du_has_yaml_ext(name)) {
            du_push(out, path, display);
            path = display = NULL;
        }
        free(path);
        free(display);
        free(names.v[i]);
    }
    du_vec_free(&names);
    return 0;
}

static int du_cmp_file(const void *a, const void *b)
{
    return strcmp(((const du_file *)a)->display, ((const du_file *)b)->display);
}

int du_content_list(const char *root, const char *sub, int recurse, du_filelist *out, du_diag *d)
{
    char *content = du_join(root, "content");
    char creal[PATH_MAX];
    int rc = 0;
    if (!realpath(content, creal)) {
        free(content);
        return 0;
    }
    char *dir = du_join(content, sub);
    char *ddir = du_join("content", sub);
    struct stat st;
    if (lstat(dir, &st) == 0) {
        if (S_ISLNK(st.st_mode) && !du_inside(creal, dir))
            du_diag_add(d, ddir, 0, 0, DU_ERROR, "symbolic link leads outside content/; refused");
        else if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            rc = du_walk(creal, dir, ddir, recurse, 0, out, d);
        else
            du_diag_add(d, ddir, 0, 0, DU_ERROR, "should be a folder");
    }
    if (out->n) /* no folder: v is NULL, which qsort may not be given */
        qsort(out->v, out->n, sizeof *out->v, du_cmp_file);
    free(dir);
    free(ddir);
    free(content);
    return rc;
}

int du_content_file(const char *root, const char *name, du_file *out, du_diag *d)
{
    char *content = du_join(root, "content");
    char creal[PATH_MAX];
    out->path = out->display = NULL;
    if (!realpath(content, creal)) {
        free(content);
        return 0;
    }
    char *path = du_join(content, name);
    char *display = du_join("content", name);
    free(content);
    struct stat st;
    if (lstat(path, &st) != 0) {
        free(path);
        free(display);
        return 0;
    }
    int is_dir;
    int ok = du_check_entry(creal, path, display, d, &is_dir);
    if (ok == 1 && is_dir) {
        du_diag_add(d, display, 0, 0, DU_ERROR, "is a directory, not a YAML file");
        ok = -1;
    }
    if (ok != 1) {
        free(path);
        free(display);
        return -1;
    }
    out->path = path;
    out->display = display;
    return 1;
}

void du_file_free(du_file *f)
{
    free(f->path);
    free(f->display);
    f->path = f->display = NULL;
}

void du_filelist_free(du_filelist *l)
{
    for (size_t i = 0; i < l->n; i++)
        du_file_free(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
