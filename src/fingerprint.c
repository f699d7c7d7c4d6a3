/* fingerprint.c - hashing a build's inputs for the no-change shortcut. */
#include "fingerprint.h"
#include "jobs.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "hash.h"
#include "yamltree.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
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
    char buf[DU_HASH_FILE_BLOCK];
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

/* A file to hash: its path, its name in the fingerprint, whether it is
 * part of the global key too, and its hash once made. */
typedef struct du_fp_ent {
    char *path, *rel;
    bool global, known;
    uint64_t h;
} du_fp_ent;

/* Every file below dir, in sorted order, into files (du_fp_ent *); those
 * outside content/progress marked global. */
static void du_fp_walk(du_vec *files, const char *dir, const char *rel, bool global, int depth)
{
    if (global && strcmp(rel, "content/progress") == 0)
        global = false;
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
            du_fp_walk(files, p.ptr, r.ptr, global, depth + 1);
        } else {
            du_fp_ent *f = du_xmalloc(sizeof *f);
            *f = (du_fp_ent){du_xstrdup(p.ptr), du_xstrdup(r.ptr), global, false, 0};
            du_vec_push(files, f);
        }
        free(names.v[i]);
    }
    du_buf_free(&p);
    du_buf_free(&r);
    du_vec_free(&names);
}

typedef struct du_fp_work {
    du_vec *files;
    atomic_size_t next;
} du_fp_work;

static void *du_fp_hasher(void *arg)
{
    du_fp_work *w = arg;
    for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->files->n;) {
        du_fp_ent *f = w->files->v[i];
        if (!f->known)
            f->h = du_fp_file(f->path);
    }
    return NULL;
}

static int du_fh_cmp(const void *a, const void *b)
{
    return strcmp((*(du_file_hash *const *)a)->display, (*(du_file_hash *const *)b)->display);
}

/* Take the hashes of the files the loader read (by the name both give a
 * file: content/...) instead of reading them again; the others are read. */
static void du_fp_take_known(du_vec *files, const du_vec *known)
{
    if (!known || !known->n)
        return;
    du_file_hash **k = du_xmalloc(known->n * sizeof *k);
    memcpy(k, known->v, known->n * sizeof *k);
    qsort(k, known->n, sizeof *k, du_fh_cmp);
    for (size_t i = 0; i < files->n; i++) {
        du_fp_ent *f = files->v[i];
        du_file_hash key = {f->rel, 0}, *kp = &key;
        du_file_hash **hit = bsearch(&kp, k, known->n, sizeof *k, du_fh_cmp);
        if (hit) {
            f->h = (*hit)->hash;
            f->known = true;
        }
    }
    free(k);
}

/* Below this many files a second thread costs more than it saves. */
#define DU_FP_THREAD_FILES 256

/* Hash every file, on a second thread as well when there are many and
 * more than one job is allowed; the order of the files, not of the
 * hashing, makes the fingerprint. */
static void du_fp_hash_files(du_vec *files, int jobs)
{
    du_fp_work w = {files, 0};
    pthread_t tid;
    bool two = files->n >= DU_FP_THREAD_FILES && du_jobs_threads(jobs) > 1 &&
               pthread_create(&tid, NULL, du_fp_hasher, &w) == 0;
    du_fp_hasher(&w);
    if (two)
        pthread_join(tid, NULL);
}

/* The files of files by relative name and contents into f and, for those
 * marked global, into g too. */
static void du_fp_add_files(du_fp *f, du_fp *g, const du_vec *files)
{
    for (size_t i = 0; i < files->n; i++) {
        const du_fp_ent *e = files->v[i];
        du_fp_str(f, e->rel);
        du_fp_add(f, &e->h, sizeof e->h);
        if (e->global) {
            du_fp_str(g, e->rel);
            du_fp_add(g, &e->h, sizeof e->h);
        }
    }
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
    du_ynode *root = du_yaml_load_file(&a, p.ptr, p.ptr, NULL, NULL, &d);
    du_ynode *t = du_ymap_get(root, "theme");
    if (t && t->type == DU_Y_SCALAR && t->len > 0 && t->len < sizeof name)
        snprintf(name, sizeof name, "%s", t->str);
    du_diag_free(&d);
    du_arena_free(&a);
    du_buf_free(&p);
    return name;
}

uint64_t du_fingerprint(const du_build_opts *o, const char *theme_dir, const du_vec *known,
                        uint64_t *global)
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
    du_vec files = {0};
    static const char *const dirs[] = {"content", "layouts", "themes"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        du_buf_clear(&p);
        du_buf_printf(&p, "%s/%s", o->root, dirs[i]);
        du_fp_walk(&files, p.ptr, dirs[i], true, 0);
    }
    du_buf_free(&p);
    if (theme_dir)
        du_fp_walk(&files, theme_dir, "@theme", true, 0);
    du_fp_take_known(&files, known);
    du_fp_hash_files(&files, o->jobs);
    du_fp_add_files(&f, &g, &files);
    for (size_t i = 0; i < files.n; i++) {
        du_fp_ent *e = files.v[i];
        free(e->path);
        free(e->rel);
        free(e);
    }
    du_vec_free(&files);
    if (global)
        *global = g.h;
    return f.h;
}
