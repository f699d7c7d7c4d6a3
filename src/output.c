/* output.c - staging folder, atomic swap, lock, unchanged-file mtimes. */
#define _GNU_SOURCE
#include "output.h"
#include "arena.h"
#include "buf.h"
#include "hash.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <stdint.h>
#include <unistd.h>

typedef struct du_outfile {
    char *rel;
    uint64_t hash;
    uint64_t size;
    char *dep;       /* "OWN DEPS" of the manifest (see du_dep_text), or NULL */
} du_outfile;

typedef struct du_okey {  /* a plan's key in the previous manifest */
    char *name;
    uint64_t hash;
} du_okey;

#define DU_MANIFEST ".duban-manifest"

struct du_out {
    char *dir;       /* the published output folder */
    char *stage;     /* staging folder beside it */
    char *tmp;       /* scratch folder inside staging (removed before swap) */
    int lockfd;
    pthread_mutex_t mu;
    du_vec files;    /* du_outfile records of the files written */
    du_outfile *old; /* manifest of the previous output, sorted by path */
    size_t nold;
    bool have_old;   /* the previous output had a manifest */
    char *dirreal;   /* the output folder with symbolic links resolved, or NULL */
    size_t dirreallen;
    uint64_t old_inputs, inputs; /* fingerprints of the builds' inputs */
    size_t old_warnings, warnings; /* the builds' warnings ("warnings N") */
    size_t reused;   /* files identical to the previous output (linked) */
    bool progress;   /* show a running count on stderr (a terminal) */
    struct timespec shown;
    du_diag *d;
    bool failed;
    char **dirs;     /* folders made in the staging folder (hash set, under mu) */
    size_t ndirs, dirslots;
    /* incremental builds (du_out_set_keys) */
    uint64_t global, old_global;
    char **key_names; /* plan ids, sorted (copies) */
    uint64_t *keys;
    size_t nkeys;
    bool *dirty;     /* by key: changed since the previous build */
    bool any_dirty;
    bool can_skip;   /* the previous build had the same global key */
    du_okey *old_keys;
    size_t nold_keys;
    du_vec deps;     /* du_outfile records (rel, dep) of files rendered anew */
    size_t kept;     /* files taken from the previous output unrendered */
};

bool du_out_rel_ok(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/' || strlen(rel) > 1024)
        return false;
    const char *seg = rel;
    for (const char *p = rel;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '/' || c == '\0') {
            size_t n = (size_t)(p - seg);
            if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
                return false;
            if (n > 255)
                return false;
            if (c == '\0')
                return true;
            seg = p + 1;
            continue;
        }
        if (c < 0x20 || c == 0x7f || c == '\\' || c == ':')
            return false;
    }
}

static char *du_dirname_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return du_xstrdup(".");
    if (slash == path)
        return du_xstrdup("/");
    char *s = du_xmalloc((size_t)(slash - path) + 1);
    memcpy(s, path, (size_t)(slash - path));
    s[slash - path] = '\0';
    return s;
}

static const char *du_basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static char *du_sibling(const char *dir, const char *prefix, const char *suffix)
{
    char *parent = du_dirname_of(dir);
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_printf(&b, "%s/%s%s%s", parent, prefix, du_basename_of(dir), suffix);
    free(parent);
    return du_buf_detach(&b);
}

/* 64-bit FNV-1a: only a quick filter, identical files are still compared. */
static uint64_t du_hash(const void *data, size_t n)
{
    du_hasher s;
    du_hasher_init(&s);
    du_hasher_add(&s, data, n);
    return du_hasher_end(&s);
}

static int du_outfile_cmp(const void *a, const void *b)
{
    return strcmp(((const du_outfile *)a)->rel, ((const du_outfile *)b)->rel);
}

/* Read OUT/.duban-manifest ("HASH SIZE PATH" lines) if there is one. */
static void du_read_manifest(du_out *o)
{
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_printf(&p, "%s/" DU_MANIFEST, o->dir);
    FILE *f = fopen(p.ptr, "r");
    du_buf_free(&p);
    if (!f)
        return;
    /* lines have no length limit: a file may depend on hundreds of plans */
    char *line = NULL;
    size_t linecap = 0;
    size_t cap = 0;
    if (getline(&line, &linecap, f) < 17 || strncmp(line, "duban-manifest ", 15) != 0 ||
        (line[15] != '1' && line[15] != '2') || line[16] != '\n') {
        free(line);
        fclose(f);
        return;
    }
    bool v2 = line[15] == '2';
    size_t kcap = 0;
    while (getline(&line, &linecap, f) > 0) {
        unsigned long long h, sz;
        int off = 0;
        if (sscanf(line, "inputs %16llx", &h) == 1) {
            o->old_inputs = h;
            continue;
        }
        if (v2 && sscanf(line, "warnings %llu", &sz) == 1) {
            o->old_warnings = (size_t)sz;
            continue;
        }
        if (v2 && sscanf(line, "global %16llx", &h) == 1) {
            o->old_global = h;
            continue;
        }
        if (v2 && sscanf(line, "key %16llx %n", &h, &off) == 1 && off > 0) {
            char *name = line + off;
            name[strcspn(name, "\n")] = '\0';
            if (o->nold_keys == kcap) {
                kcap = kcap ? kcap * 2 : 64;
                o->old_keys = du_xrealloc(o->old_keys, kcap * sizeof *o->old_keys);
            }
            o->old_keys[o->nold_keys++] = (du_okey){du_xstrdup(name), h};
            continue;
        }
        if (sscanf(line, "%16llx %llu %n", &h, &sz, &off) != 2 || off <= 0)
            continue;
        char *rel = line + off, *dep = NULL;
        rel[strcspn(rel, "\n")] = '\0';
        if (v2) {
            /* OWN DEPS PATH */
            char *sp = strchr(rel, ' ');
            char *sp2 = sp ? strchr(sp + 1, ' ') : NULL;
            if (!sp2)
                continue;
            *sp2 = '\0';
            dep = rel;
            rel = sp2 + 1;
        }
        if (!du_out_rel_ok(rel))
            continue;
        if (o->nold == cap) {
            cap = cap ? cap * 2 : 256;
            o->old = du_xrealloc(o->old, cap * sizeof *o->old);
        }
        o->old[o->nold].rel = du_xstrdup(rel);
        o->old[o->nold].hash = h;
        o->old[o->nold].size = sz;
        o->old[o->nold].dep = dep ? du_xstrdup(dep) : NULL;
        o->nold++;
    }
    free(line);
    fclose(f);
    if (o->nold)
        qsort(o->old, o->nold, sizeof *o->old, du_outfile_cmp);
    o->have_old = true;
}

static const du_outfile *du_old_entry(const du_out *o, const char *rel)
{
    du_outfile key = {(char *)rel, 0, 0, NULL};
    return o->nold ? bsearch(&key, o->old, o->nold, sizeof *o->old, du_outfile_cmp) : NULL;
}

/* 1 when the previous output holds rel with exactly these bytes. */
static int du_old_same(const du_out *o, const char *rel, const void *data, size_t len,
                       uint64_t h)
{
    if (o->have_old) {
        const du_outfile *e = du_old_entry(o, rel);
        if (!e || e->hash != h || e->size != len)
            return 0;
    }
    if (!o->dirreal) /* no previous output */
        return 0;
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_puts(&p, o->dir);
    du_buf_putc(&p, '/');
    du_buf_puts(&p, rel);
    int same = 0;
    /* only a file reached without any symbolic link may be linked into the
     * new output: a link planted in the old one must not pull in a file
     * from elsewhere */
    char real[PATH_MAX];
    if (!realpath(p.ptr, real) || strncmp(real, o->dirreal, o->dirreallen) ||
        real[o->dirreallen] != '/' || strcmp(real + o->dirreallen + 1, rel)) {
        du_buf_free(&p);
        return 0;
    }
    int fd = open(p.ptr, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    du_buf_free(&p);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len) {
        char buf[65536];
        const char *q = data;
        size_t done = 0;
        same = 1;
        while (same && done < len) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0 || (size_t)r > len - done || memcmp(buf, q + done, (size_t)r) != 0)
                same = 0;
            else
                done += (size_t)r;
        }
    }
    if (fd >= 0)
        close(fd);
    return same;
}

/* Put the previous output's file at path (a hard link keeps its inode and
 * mtime, so a sync sees nothing new). With replace, path holds a file
 * written by a library, swapped for the link only once the link exists;
 * without, path must not exist yet (EEXIST: written twice). 0 on success,
 * else -1 with path as it was. */
static int du_reuse_old(du_out *o, const char *rel, const char *path, bool replace)
{
    du_buf p = DU_BUF_INIT, t = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_init(&t);
    du_buf_printf(&p, "%s/%s", o->dir, rel);
    du_buf_printf(&t, "%s.du-link", path);
    int rc;
    if (!replace) {
        rc = link(p.ptr, path);
    } else {
        unlink(t.ptr);
        rc = link(p.ptr, t.ptr);
        if (rc == 0 && (rc = rename(t.ptr, path)) != 0)
            unlink(t.ptr);
    }
    du_buf_free(&p);
    du_buf_free(&t);
    return rc;
}

static void du_record_dep(du_out *o, const char *rel, uint64_t h, uint64_t size, bool reused,
                          char *dep)
{
    du_outfile *f = du_xmalloc(sizeof *f);
    f->rel = du_xstrdup(rel);
    f->hash = h;
    f->size = size;
    f->dep = dep;
    pthread_mutex_lock(&o->mu);
    du_vec_push(&o->files, f);
    o->reused += reused;
    if (o->progress) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - o->shown.tv_sec) * 1000 + (now.tv_nsec - o->shown.tv_nsec) / 1000000;
        if (ms >= 100) {
            fprintf(stderr, "\rduban: %zu files written", o->files.n);
            o->shown = now;
        }
    }
    pthread_mutex_unlock(&o->mu);
}

static void du_record(du_out *o, const char *rel, uint64_t h, uint64_t size, bool reused)
{
    du_record_dep(o, rel, h, size, reused, NULL);
}

int du_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *dp = opendir(path);
    if (!dp)
        return -1;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        du_buf b = DU_BUF_INIT;
        du_buf_init(&b);
        du_buf_printf(&b, "%s/%s", path, e->d_name);
        if (du_rmtree(b.ptr) != 0)
            rc = -1;
        du_buf_free(&b);
    }
    closedir(dp);
    if (rmdir(path) != 0)
        rc = -1;
    return rc;
}

/* Remove staging folders left by killed builds (we hold the lock). */
static void du_remove_stale(const char *dir)
{
    char *parent = du_dirname_of(dir);
    du_buf prefix = DU_BUF_INIT;
    du_buf_init(&prefix);
    du_buf_printf(&prefix, ".%s.staging.", du_basename_of(dir));
    DIR *dp = opendir(parent);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp)))
            if (strncmp(e->d_name, prefix.ptr, prefix.len) == 0) {
                du_buf p = DU_BUF_INIT;
                du_buf_init(&p);
                du_buf_printf(&p, "%s/%s", parent, e->d_name);
                du_rmtree(p.ptr);
                du_buf_free(&p);
            }
        closedir(dp);
    }
    du_buf_free(&prefix);
    free(parent);
}

static int du_mkdirs(const char *path)
{
    char *p = du_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

/* The output folder is replaced wholesale, so it must be one: not a
 * symbolic link (the swap would replace the link, not its target), not a
 * file, and not a folder of other files (-o pointed at the wrong place). */
static int du_out_check_dir(const char *dir, du_diag *d)
{
    struct stat st;
    if (lstat(dir, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        du_diag_add(d, dir, 0, 0, DU_ERROR, "cannot use as the output folder: %s",
                    strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode)) {
        du_diag_add(d, dir, 0, 0, DU_ERROR,
                    "the output folder is a symbolic link; refusing to replace it");
        du_diag_hint(d, "give -o the folder it points to");
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        du_diag_add(d, dir, 0, 0, DU_ERROR, "exists and is not a folder; refusing to replace it");
        return -1;
    }
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_printf(&p, "%s/" DU_MANIFEST, dir);
    int ours = lstat(p.ptr, &st) == 0 && S_ISREG(st.st_mode);
    du_buf_free(&p);
    if (ours)
        return 0;
    DIR *dp = opendir(dir);
    if (!dp) {
        du_diag_add(d, dir, 0, 0, DU_ERROR, "cannot read the output folder: %s", strerror(errno));
        return -1;
    }
    const char *other = NULL;
    struct dirent *e;
    while (!other && (e = readdir(dp)))
        if (e->d_name[0] != '.')
            other = e->d_name;
    if (other) {
        du_diag_add(d, dir, 0, 0, DU_ERROR,
                    "holds files duban did not write ('%s', and no " DU_MANIFEST
                    "); refusing to replace it", other);
        du_diag_hint(d, "empty it, or choose another folder with -o");
    }
    closedir(dp);
    return other ? -1 : 0;
}

du_out *du_out_open(const char *dir, du_diag *d)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    du_out *o = du_xcalloc(1, sizeof *o);
    o->dir = du_xmalloc(n + 1);
    memcpy(o->dir, dir, n);
    o->dir[n] = '\0';
    o->d = d;
    o->lockfd = -1;
    pthread_mutex_init(&o->mu, NULL);
    char *parent = du_dirname_of(o->dir);
    if (du_mkdirs(parent) != 0) {
        du_diag_add(d, parent, 0, 0, DU_ERROR, "cannot create folder: %s", strerror(errno));
        free(parent);
        du_out_abort(o);
        return NULL;
    }
    free(parent);
    char *lock = du_sibling(o->dir, ".", ".lock");
    o->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (o->lockfd < 0) {
        du_diag_add(d, lock, 0, 0, DU_ERROR, "cannot create lock file: %s", strerror(errno));
        free(lock);
        du_out_abort(o);
        return NULL;
    }
    if (flock(o->lockfd, LOCK_EX | LOCK_NB) != 0) {
        if (isatty(2))
            fprintf(stderr, "duban: waiting for another build of %s to finish\n", o->dir);
        if (flock(o->lockfd, LOCK_EX) != 0) {
            du_diag_add(d, lock, 0, 0, DU_ERROR, "cannot lock: %s", strerror(errno));
            free(lock);
            du_out_abort(o);
            return NULL;
        }
    }
    free(lock);
    if (du_out_check_dir(o->dir, d) != 0) {
        du_out_abort(o);
        return NULL;
    }
    du_remove_stale(o->dir);
    o->dirreal = realpath(o->dir, NULL);
    o->dirreallen = o->dirreal ? strlen(o->dirreal) : 0;
    du_read_manifest(o);
    char suffix[32];
    snprintf(suffix, sizeof suffix, ".staging.%ld", (long)getpid());
    o->stage = du_sibling(o->dir, ".", suffix);
    if (mkdir(o->stage, 0755) != 0) {
        du_diag_add(d, o->stage, 0, 0, DU_ERROR, "cannot create staging folder: %s",
                    strerror(errno));
        du_out_abort(o);
        return NULL;
    }
    return o;
}

static void du_out_fail(du_out *o, const char *rel, const char *what)
{
    pthread_mutex_lock(&o->mu);
    du_diag_add(o->d, rel, 0, 0, DU_ERROR, "%s: %s", what, strerror(errno));
    o->failed = true;
    pthread_mutex_unlock(&o->mu);
}

static size_t du_dir_slot(char **dirs, size_t nslots, const char *dir, size_t n)
{
    uint64_t h = du_hash_add(DU_HASH_INIT, dir, n);
    size_t s = (size_t)h & (nslots - 1);
    while (dirs[s] && (strncmp(dirs[s], dir, n) != 0 || dirs[s][n] != '\0'))
        s = (s + 1) & (nslots - 1);
    return s;
}

static void du_dirs_grow(du_out *o)
{
    size_t n = o->dirslots ? o->dirslots * 2 : 256;
    char **dirs = du_xcalloc(n, sizeof *dirs);
    for (size_t i = 0; i < o->dirslots; i++)
        if (o->dirs[i])
            dirs[du_dir_slot(dirs, n, o->dirs[i], strlen(o->dirs[i]))] = o->dirs[i];
    free(o->dirs);
    o->dirs = dirs;
    o->dirslots = n;
}

/* Make the folders of rel's parent (its first n bytes) in the staging
 * folder. Each folder is made once: a site writes thousands of files into
 * a handful of folders, and a mkdir per path component per file cost more
 * system time than writing the files. */
static int du_stage_dirs(du_out *o, const char *rel, size_t n)
{
    if (n == 0)
        return 0;
    int rc = 0;
    pthread_mutex_lock(&o->mu);
    if (o->ndirs * 2 >= o->dirslots)
        du_dirs_grow(o);
    size_t s = du_dir_slot(o->dirs, o->dirslots, rel, n);
    if (!o->dirs[s]) {
        du_buf b = DU_BUF_INIT;
        du_buf_init(&b);
        du_buf_printf(&b, "%s/%.*s", o->stage, (int)n, rel);
        rc = du_mkdirs(b.ptr);
        du_buf_free(&b);
        if (rc == 0) {
            char *d = du_xmalloc(n + 1);
            memcpy(d, rel, n);
            d[n] = '\0';
            o->dirs[s] = d;
            o->ndirs++;
        }
    }
    pthread_mutex_unlock(&o->mu);
    return rc;
}

char *du_out_path(du_out *o, const char *rel)
{
    if (!du_out_rel_ok(rel)) {
        pthread_mutex_lock(&o->mu);
        du_diag_add(o->d, NULL, 0, 0, DU_ERROR, "refusing to write outside the output: '%s'", rel);
        o->failed = true;
        pthread_mutex_unlock(&o->mu);
        return NULL;
    }
    const char *slash = strrchr(rel, '/');
    if (du_stage_dirs(o, rel, slash ? (size_t)(slash - rel) : 0) != 0) {
        du_out_fail(o, rel, "cannot create folder");
        return NULL;
    }
    size_t ns = strlen(o->stage), nr = strlen(rel);
    char *path = du_xmalloc(ns + nr + 2);
    memcpy(path, o->stage, ns);
    path[ns] = '/';
    memcpy(path + ns + 1, rel, nr + 1);
    return path;
}

static char *du_read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        du_buf_put(&b, tmp, n);
    fclose(f);
    *len = b.len;
    return du_buf_detach(&b);
}

/* FNV-1a of a whole file, read in chunks; -1 when it cannot be read. */
static int du_hash_file(const char *path, uint64_t *h, uint64_t *size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    uint64_t n = 0;
    du_hasher x;
    du_hasher_init(&x);
    unsigned char buf[65536];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0) {
        du_hasher_add(&x, buf, (size_t)r);
        n += (uint64_t)r;
    }
    close(fd);
    if (r < 0)
        return -1;
    *h = du_hasher_end(&x);
    *size = n;
    return 0;
}

/* 1 when files a and b hold the same bytes (compared in chunks). */
static int du_same_files(const char *a, const char *b)
{
    int fa = open(a, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), fb = -1;
    struct stat sa, sb;
    int same = fa >= 0 && (fb = open(b, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0 &&
               fstat(fa, &sa) == 0 && fstat(fb, &sb) == 0 && S_ISREG(sb.st_mode) &&
               sa.st_size == sb.st_size;
    static const size_t chunk = 65536;
    char *x = same ? du_xmalloc(2 * chunk) : NULL, *y = NULL;
    if (x)
        y = x + chunk;
    while (same) {
        ssize_t ra = read(fa, x, chunk), rb = ra > 0 ? read(fb, y, (size_t)ra) : 0;
        if (ra == 0)
            break;
        same = ra > 0 && rb == ra && memcmp(x, y, (size_t)ra) == 0;
    }
    free(x);
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return same;
}

/* The previous output's copy of rel, when it may be linked into the new
 * one: reached without any symbolic link (see du_old_same). Heap path. */
static char *du_old_path(const du_out *o, const char *rel)
{
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_printf(&p, "%s/%s", o->dir, rel);
    char real[PATH_MAX];
    if (!o->dirreal || !realpath(p.ptr, real) || strncmp(real, o->dirreal, o->dirreallen) ||
        real[o->dirreallen] != '/' || strcmp(real + o->dirreallen + 1, rel)) {
        du_buf_free(&p);
        return NULL;
    }
    return du_buf_detach(&p);
}

void du_out_note(du_out *o, const char *rel)
{
    /* a workbook can be tens of megabytes: hash it and compare it with
     * the previous one a chunk at a time rather than read it whole */
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_printf(&p, "%s/%s", o->stage, rel);
    uint64_t h, len;
    if (du_hash_file(p.ptr, &h, &len) != 0) {
        du_out_fail(o, rel, "cannot read back");
        du_buf_free(&p);
        return;
    }
    bool reused = false;
    const du_outfile *e = o->have_old ? du_old_entry(o, rel) : NULL;
    if (!o->have_old || (e && e->hash == h && e->size == len)) {
        char *old = du_old_path(o, rel);
        reused = old && du_same_files(p.ptr, old) && du_reuse_old(o, rel, p.ptr, true) == 0;
        free(old);
    }
    du_record(o, rel, h, len, reused);
    du_buf_free(&p);
}

int du_out_write(du_out *o, const char *rel, const void *data, size_t len)
{
    char *path = du_out_path(o, rel);
    if (!path)
        return -1;
    uint64_t h = du_hash(data, len);
    if (du_old_same(o, rel, data, len, h)) {
        if (du_reuse_old(o, rel, path, false) == 0) {
            du_record(o, rel, h, len, true);
            free(path);
            return 0;
        }
        if (errno == EEXIST) {
            du_out_fail(o, rel, "written twice");
            free(path);
            return -1;
        }
        /* no link (another file system): write it anew */
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        du_out_fail(o, rel, errno == EEXIST ? "written twice" : "cannot write");
        free(path);
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            du_out_fail(o, rel, "cannot write");
            close(fd);
            free(path);
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0) {
        du_out_fail(o, rel, "cannot write");
        free(path);
        return -1;
    }
    free(path);
    du_record(o, rel, h, len, false);
    return 0;
}

struct du_out_file {
    du_out *o;
    char *rel, *path;
    int fd;
    du_hasher hs;
    uint64_t hash, size;
    bool failed;
};

du_out_file *du_out_begin(du_out *o, const char *rel)
{
    char *path = du_out_path(o, rel);
    if (!path)
        return NULL;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        du_out_fail(o, rel, errno == EEXIST ? "written twice" : "cannot write");
        free(path);
        return NULL;
    }
    du_out_file *f = du_xcalloc(1, sizeof *f);
    f->o = o;
    f->rel = du_xstrdup(rel);
    f->path = path;
    f->fd = fd;
    du_hasher_init(&f->hs); /* du_hash, a piece at a time */
    return f;
}

int du_out_append(du_out_file *f, const void *data, size_t len)
{
    if (f->failed)
        return -1;
    const unsigned char *p = data;
    du_hasher_add(&f->hs, p, len);
    f->size += len;
    while (len) {
        ssize_t w = write(f->fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            du_out_fail(f->o, f->rel, "cannot write");
            f->failed = true;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int du_out_end(du_out_file *f)
{
    if (!f)
        return -1;
    du_out *o = f->o;
    int rc = f->failed ? -1 : 0;
    if (close(f->fd) != 0 && rc == 0) {
        du_out_fail(o, f->rel, "cannot write");
        rc = -1;
    }
    if (rc == 0) {
        /* the same bytes as the previous output's copy: link that one
         * instead, as du_out_write does */
        f->hash = du_hasher_end(&f->hs);
        bool reused = false;
        const du_outfile *e = o->have_old ? du_old_entry(o, f->rel) : NULL;
        if (!o->have_old || (e && e->hash == f->hash && e->size == f->size)) {
            char *old = du_old_path(o, f->rel);
            reused = old && du_same_files(f->path, old) &&
                     du_reuse_old(o, f->rel, f->path, true) == 0;
            free(old);
        }
        du_record(o, f->rel, f->hash, f->size, reused);
    }
    free(f->rel);
    free(f->path);
    free(f);
    return rc;
}

const char *du_out_tmpdir(du_out *o)
{
    if (!o->tmp) {
        du_buf b = DU_BUF_INIT;
        du_buf_init(&b);
        du_buf_printf(&b, "%s.tmp", o->stage);
        mkdir(b.ptr, 0700);
        o->tmp = du_buf_detach(&b);
    }
    return o->tmp;
}

void du_out_set_inputs(du_out *o, uint64_t fp) { o->inputs = fp; }

bool du_out_up_to_date(const du_out *o)
{
    if (!o->have_old || o->old_inputs != o->inputs || o->inputs == 0)
        return false;
    /* the recorded files must all still be there */
    du_buf p = DU_BUF_INIT;
    du_buf_init(&p);
    bool ok = true;
    for (size_t i = 0; i < o->nold && ok; i++) {
        struct stat st;
        du_buf_clear(&p);
        du_buf_printf(&p, "%s/%s", o->dir, o->old[i].rel);
        ok = lstat(p.ptr, &st) == 0 && S_ISREG(st.st_mode) &&
             (uint64_t)st.st_size == o->old[i].size;
    }
    du_buf_free(&p);
    return ok;
}

void du_out_set_progress(du_out *o, bool on)
{
    o->progress = on;
    clock_gettime(CLOCK_MONOTONIC, &o->shown);
}

size_t du_out_files(const du_out *o) { return o->files.n; }
size_t du_out_reused(const du_out *o) { return o->reused; }

static int du_rel_cmp(const void *a, const void *b)
{
    const du_outfile *x = *(du_outfile *const *)a, *y = *(du_outfile *const *)b;
    return strcmp(x->rel, y->rel);
}

/* The record of what this build wrote, read by the next build. */
static int du_write_manifest(du_out *o)
{
    if (o->files.n)
        qsort(o->files.v, o->files.n, sizeof *o->files.v, du_rel_cmp);
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    if (o->deps.n)
        qsort(o->deps.v, o->deps.n, sizeof *o->deps.v, du_rel_cmp);
    du_buf_puts(&b, "duban-manifest 2\n");
    du_buf_printf(&b, "inputs %016llx\n", (unsigned long long)o->inputs);
    du_buf_printf(&b, "global %016llx\n", (unsigned long long)o->global);
    if (o->warnings)
        du_buf_printf(&b, "warnings %zu\n", o->warnings);
    for (size_t i = 0; i < o->nkeys; i++)
        du_buf_printf(&b, "key %016llx %s\n", (unsigned long long)o->keys[i], o->key_names[i]);
    for (size_t i = 0, k = 0; i < o->files.n; i++) {
        const du_outfile *f = o->files.v[i];
        const char *dep = f->dep;
        while (k < o->deps.n && strcmp(((du_outfile *)o->deps.v[k])->rel, f->rel) < 0)
            k++;
        if (!dep && k < o->deps.n && strcmp(((du_outfile *)o->deps.v[k])->rel, f->rel) == 0)
            dep = ((du_outfile *)o->deps.v[k])->dep;
        du_buf_printf(&b, "%016llx %llu %s %s\n", (unsigned long long)f->hash,
                      (unsigned long long)f->size, dep ? dep : "0 *", f->rel);
    }
    du_buf p = DU_BUF_INIT, q = DU_BUF_INIT;
    du_buf_init(&p);
    du_buf_init(&q);
    du_buf_printf(&p, "%s/" DU_MANIFEST, o->stage);
    du_buf_printf(&q, "%s/" DU_MANIFEST, o->dir);
    /* an unchanged manifest keeps its mtime too: a sync skips it */
    size_t oldlen = 0;
    char *old = du_read_all(q.ptr, &oldlen);
    bool same = old && oldlen == b.len && memcmp(old, b.ptr, b.len) == 0;
    free(old);
    du_buf_free(&q);
    if (same && du_reuse_old(o, DU_MANIFEST, p.ptr, false) == 0) {
        du_buf_free(&p);
        du_buf_free(&b);
        return 0;
    }
    FILE *f = fopen(p.ptr, "wb");
    int rc = f && fwrite(b.ptr, 1, b.len, f) == b.len ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    du_buf_free(&p);
    du_buf_free(&b);
    return rc;
}

/* Top-level dot files of the old output (.gitkeep …) are not ours to drop. */
static void du_keep_dotfiles(du_out *o)
{
    DIR *dp = opendir(o->dir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        du_buf src = DU_BUF_INIT, dst = DU_BUF_INIT;
        du_buf_init(&src);
        du_buf_init(&dst);
        du_buf_printf(&src, "%s/%s", o->dir, e->d_name);
        du_buf_printf(&dst, "%s/%s", o->stage, e->d_name);
        struct stat st;
        if (lstat(src.ptr, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 20) &&
            access(dst.ptr, F_OK) != 0)
            if (link(src.ptr, dst.ptr) != 0) {
                /* different file systems: copy */
                FILE *in = fopen(src.ptr, "rb"), *out = fopen(dst.ptr, "wb");
                char buf[4096];
                size_t n;
                while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
                    fwrite(buf, 1, n, out);
                if (in)
                    fclose(in);
                if (out)
                    fclose(out);
            }
        du_buf_free(&src);
        du_buf_free(&dst);
    }
    closedir(dp);
}

static void du_outfiles_free(du_vec *v)
{
    for (size_t i = 0; i < v->n; i++) {
        du_outfile *f = v->v[i];
        free(f->rel);
        free(f->dep);
        free(f);
    }
    du_vec_free(v);
}

static void du_out_release(du_out *o)
{
    if (o->progress && o->files.n)
        fputs("\r\033[K", stderr);
    if (o->lockfd >= 0)
        close(o->lockfd);
    du_outfiles_free(&o->files);
    du_outfiles_free(&o->deps);
    for (size_t i = 0; i < o->nold; i++) {
        free(o->old[i].rel);
        free(o->old[i].dep);
    }
    free(o->old);
    for (size_t i = 0; i < o->nold_keys; i++)
        free(o->old_keys[i].name);
    free(o->old_keys);
    free(o->dirty);
    for (size_t i = 0; i < o->nkeys; i++)
        free(o->key_names[i]);
    free(o->key_names);
    free(o->keys);
    for (size_t i = 0; i < o->dirslots; i++)
        free(o->dirs[i]);
    free(o->dirs);
    pthread_mutex_destroy(&o->mu);
    free(o->dir);
    free(o->dirreal);
    free(o->stage);
    free(o->tmp);
    free(o);
}

void du_out_abort(du_out *o)
{
    if (!o)
        return;
    if (o->tmp)
        du_rmtree(o->tmp);
    if (o->stage)
        du_rmtree(o->stage);
    du_out_release(o);
}

int du_out_commit(du_out *o, du_diag *d)
{
    if (o->tmp) {
        du_rmtree(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    if (o->failed) {
        du_out_abort(o);
        return -1;
    }
    if (du_write_manifest(o) != 0) {
        du_diag_add(d, o->stage, 0, 0, DU_ERROR, "cannot write the output manifest: %s",
                    strerror(errno));
        du_out_abort(o);
        return -1;
    }
    du_keep_dotfiles(o);
    struct stat st;
    int rc;
    if (lstat(o->dir, &st) != 0) {
        rc = rename(o->stage, o->dir);
    } else if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        rc = -1;
    } else {
        rc = renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->dir, RENAME_EXCHANGE);
    }
    if (rc != 0) {
        du_diag_add(d, o->dir, 0, 0, DU_ERROR, "cannot replace the output folder: %s",
                    strerror(errno));
        du_out_abort(o);
        return -1;
    }
    /* the staging path now holds the previous output */
    du_rmtree(o->stage);
    du_out_release(o);
    return 0;
}

/* ---- incremental builds ---- */

static int du_okey_cmp(const void *a, const void *b)
{
    return strcmp(((const du_okey *)a)->name, ((const du_okey *)b)->name);
}

void du_out_set_keys(du_out *o, uint64_t global, const char *const *names,
                     const uint64_t *keys, size_t n)
{
    o->global = global;
    for (size_t i = 0; i < o->nkeys; i++)
        free(o->key_names[i]);
    free(o->key_names);
    free(o->keys);
    o->key_names = du_xmalloc((n + 1) * sizeof *o->key_names);
    o->keys = du_xmalloc((n + 1) * sizeof *o->keys);
    for (size_t i = 0; i < n; i++) {
        o->key_names[i] = du_xstrdup(names[i]);
        o->keys[i] = keys[i];
    }
    o->nkeys = n;
    free(o->dirty);
    o->dirty = du_xcalloc(n + 1, sizeof *o->dirty);
    if (o->nold_keys)
        qsort(o->old_keys, o->nold_keys, sizeof *o->old_keys, du_okey_cmp);
    o->any_dirty = false;
    for (size_t i = 0; i < n; i++) {
        du_okey key = {(char *)names[i], 0};
        const du_okey *k = o->nold_keys ? bsearch(&key, o->old_keys, o->nold_keys,
                                                  sizeof *o->old_keys, du_okey_cmp)
                                        : NULL;
        o->dirty[i] = !k || k->hash != keys[i];
        o->any_dirty |= o->dirty[i];
    }
    o->can_skip = o->have_old && global != 0 && o->old_global == global;
    for (size_t i = 1; i < n; i++)
        if (strcmp(names[i - 1], names[i]) >= 0)
            o->can_skip = false; /* looked up by bsearch */
}

/* "OWN DEPS": own key in hex, then '*' (every plan), '-' (none) or the
 * plans' ids joined by ','. Heap string. */
static char *du_dep_text(const du_out *o, const du_dep *dep)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_printf(&b, "%llx ", (unsigned long long)(dep ? dep->own : 0));
    if (!dep || dep->all) {
        du_buf_putc(&b, '*');
    } else if (!dep->nplans) {
        du_buf_putc(&b, '-');
    } else {
        for (size_t i = 0; i < dep->nplans; i++) {
            if (i)
                du_buf_putc(&b, ',');
            du_buf_puts(&b, dep->plans[i] < o->nkeys ? o->key_names[dep->plans[i]] : "?");
        }
    }
    return du_buf_detach(&b);
}

static int du_name_cmp(const void *key, const void *elt)
{
    return strcmp(key, *(const char *const *)elt);
}

/* Whether the dependencies recorded in the previous manifest are clean. */
static bool du_old_dep_clean(const du_out *o, const char *text, uint64_t own)
{
    char *end = NULL;
    unsigned long long h = strtoull(text, &end, 16);
    if (!end || *end != ' ' || h != own)
        return false;
    const char *p = end + 1;
    if (!strcmp(p, "*"))
        return !o->any_dirty;
    if (!strcmp(p, "-"))
        return true;
    char name[80];
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 0 || n >= sizeof name)
            return false;
        memcpy(name, p, n);
        name[n] = '\0';
        char *const *k = bsearch(name, o->key_names, o->nkeys, sizeof *o->key_names,
                                 du_name_cmp);
        if (!k || o->dirty[k - o->key_names])
            return false;
        p += n + (p[n] == ',');
    }
    return true;
}

bool du_out_unchanged(du_out *o, const char *rel, const du_dep *dep)
{
    if (!o->can_skip || !dep)
        return false;
    if (dep->all && o->any_dirty)
        return false;
    for (size_t i = 0; !dep->all && i < dep->nplans; i++)
        if (dep->plans[i] >= o->nkeys || o->dirty[dep->plans[i]])
            return false;
    const du_outfile *e = du_old_entry(o, rel);
    if (!e || !e->dep || !du_old_dep_clean(o, e->dep, dep->own))
        return false;
    char *old = du_old_path(o, rel);
    struct stat st;
    bool ok = old && lstat(old, &st) == 0 && S_ISREG(st.st_mode) &&
              (uint64_t)st.st_size == e->size;
    free(old);
    return ok;
}

/* Copy the previous output's rel to path, for when it cannot be linked. */
static int du_copy_old(du_out *o, const char *rel, const char *path)
{
    char *old = du_old_path(o, rel);
    size_t len = 0;
    char *data = old ? du_read_all(old, &len) : NULL;
    free(old);
    if (!data)
        return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    int rc = fd < 0 ? -1 : 0;
    for (size_t done = 0; rc == 0 && done < len;) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = -1;
        else
            done += (size_t)w;
    }
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    free(data);
    return rc;
}

int du_out_keep(du_out *o, const char *rel, const du_dep *dep)
{
    const du_outfile *e = du_old_entry(o, rel);
    if (!e) {
        du_out_fail(o, rel, "cannot keep");
        return -1;
    }
    char *path = du_out_path(o, rel);
    if (!path)
        return -1;
    bool linked = du_reuse_old(o, rel, path, false) == 0;
    if (!linked && (errno == EEXIST || du_copy_old(o, rel, path) != 0)) {
        du_out_fail(o, rel, errno == EEXIST ? "written twice" : "cannot write");
        free(path);
        return -1;
    }
    free(path);
    du_record_dep(o, rel, e->hash, e->size, linked, du_dep_text(o, dep));
    pthread_mutex_lock(&o->mu);
    o->kept++;
    pthread_mutex_unlock(&o->mu);
    return 0;
}

void du_out_dep(du_out *o, const char *rel, const du_dep *dep)
{
    du_outfile *f = du_xcalloc(1, sizeof *f);
    f->rel = du_xstrdup(rel);
    f->dep = du_dep_text(o, dep);
    pthread_mutex_lock(&o->mu);
    du_vec_push(&o->deps, f);
    pthread_mutex_unlock(&o->mu);
}

size_t du_out_kept(const du_out *o) { return o->kept; }

bool du_out_has_previous(const du_out *o) { return o->have_old; }
void du_out_set_warnings(du_out *o, size_t n) { o->warnings = n; }
size_t du_out_old_warnings(const du_out *o) { return o->old_warnings; }

bool du_out_mostly_kept(const du_out *o)
{
    size_t dirty = 0;
    for (size_t i = 0; i < o->nkeys; i++)
        dirty += o->dirty[i];
    return o->can_skip && dirty * 4 <= o->nkeys;
}
