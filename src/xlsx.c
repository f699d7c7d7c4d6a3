/* xlsx.c - the officials' workbooks: which files, in which mode, written by
 * how many threads. The sheets themselves are in xlsx_plan.c and
 * xlsx_unit.c (docs/workbooks.md). */
#include "xlsx.h"
#include "jobs.h"
#include "buf.h"
#include "xlsx_plan.h"
#include "xlsx_unit.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A workbook whose progress log has more rows than this is written in
 * constant_memory mode; DUBAN_XLSX_CONSTANT_MEMORY_ROWS overrides it. */
#define DU_XLSX_CM_ROWS 50000
#define DU_XLSX_MAX_JOBS 8

typedef enum { DU_XJ_ALL, DU_XJ_PLAN, DU_XJ_UNIT } du_xjob_kind;

typedef struct du_xjob {
    du_xjob_kind kind;
    size_t index;          /* plan or unit index */
    char *rel;             /* output path, heap */
    lxw_error err;
    bool failed;           /* no path, or the library failed */
} du_xjob;

typedef struct du_xrun {
    const du_model *m;
    const du_state *st;
    const du_deps *dp;
    du_out *out;
    du_xjob *jobs;
    size_t njobs;
    size_t next;           /* next job to take, under mu */
    pthread_mutex_t mu;
    du_entry ***plan_log;  /* per plan: its entries up to as_of, by date */
    size_t *plan_nlog;
    size_t cm_rows;
    const char *tmpdir;
} du_xrun;

static size_t du_cm_rows(void)
{
    const char *v = getenv("DUBAN_XLSX_CONSTANT_MEMORY_ROWS");
    if (!v || !*v)
        return DU_XLSX_CM_ROWS;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    return *end ? DU_XLSX_CM_ROWS : (size_t)n;
}

/* Bucket the entries up to as_of by plan, keeping date order: one pass. */
static void du_plan_logs(du_xrun *r)
{
    size_t np = r->m->nplans;
    r->plan_nlog = du_xcalloc(np + 1, sizeof *r->plan_nlog);
    r->plan_log = du_xcalloc(np + 1, sizeof *r->plan_log);
    for (size_t i = 0; i < r->st->ncurrent; i++)
        if (r->st->current[i]->item)
            r->plan_nlog[r->st->current[i]->item->plan->index]++;
    for (size_t p = 0; p < np; p++) {
        r->plan_log[p] = du_xmalloc((r->plan_nlog[p] + 1) * sizeof **r->plan_log);
        r->plan_nlog[p] = 0;
    }
    for (size_t i = 0; i < r->st->ncurrent; i++) {
        du_entry *e = r->st->current[i];
        if (e->item) {
            size_t p = e->item->plan->index;
            r->plan_log[p][r->plan_nlog[p]++] = e;
        }
    }
}

static void du_add_job(du_vec *v, du_xjob_kind kind, size_t index, const char *fmt, const char *id)
{
    du_xjob *j = du_xcalloc(1, sizeof *j);
    j->kind = kind;
    j->index = index;
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_printf(&b, fmt, id);
    j->rel = du_buf_detach(&b);
    du_vec_push(v, j);
}

/* The combined workbook first: it is the largest, so it starts early. */
static void du_jobs(du_xrun *r, du_diag *d)
{
    const du_model *m = r->m;
    du_vec v = {0};
    du_add_job(&v, DU_XJ_ALL, 0, "xlsx/%s.xlsx", "all");
    for (size_t p = 0; p < m->nplans; p++) {
        bool clash = strcmp(m->plans[p]->id, "all") == 0;
        if (clash)
            du_diag_add(d, m->plans[p]->pos.file, m->plans[p]->pos.line, m->plans[p]->pos.col,
                        DU_WARNING,
                        "plan id 'all' is the name of the combined workbook; its own workbook "
                        "is xlsx/plan-all.xlsx");
        du_add_job(&v, DU_XJ_PLAN, p, clash ? "xlsx/plan-%s.xlsx" : "xlsx/%s.xlsx",
                   m->plans[p]->id);
    }
    for (size_t u = 0; u < m->nunits; u++)
        if (r->st->units[u].nitems)
            du_add_job(&v, DU_XJ_UNIT, u, "xlsx/units/%s.xlsx", m->units[u]->id);
    r->njobs = v.n;
    r->jobs = du_xcalloc(v.n + 1, sizeof *r->jobs);
    for (size_t i = 0; i < v.n; i++) {
        r->jobs[i] = *(du_xjob *)v.v[i];
        free(v.v[i]);
    }
    du_vec_free(&v);
}

static lxw_error du_run_job(du_xrun *r, du_xjob *j, const char *path, const char *tmpdir)
{
    const du_model *m = r->m;
    const du_state *st = r->st;
    if (j->kind == DU_XJ_UNIT)
        return du_xlsx_unit_book(m, st, &st->units[j->index], path, tmpdir);
    du_xscope sc = {0};
    if (j->kind == DU_XJ_ALL) {
        sc.plans = m->plans;
        sc.nplans = m->nplans;
        sc.combined = true;
        sc.entries = st->current;
        sc.nentries = st->ncurrent;
        sc.units = st->units;
        sc.nunits = m->nunits;
    } else {
        sc.plans = &m->plans[j->index];
        sc.nplans = 1;
        sc.entries = r->plan_log[j->index];
        sc.nentries = r->plan_nlog[j->index];
        sc.units = st->plans[j->index].units;
        sc.nunits = st->plans[j->index].nunits;
    }
    return du_xlsx_plan_book(m, st, &sc, path, tmpdir, sc.nentries > r->cm_rows);
}

typedef struct du_xworker {
    du_xrun *r;
    int id;
} du_xworker;

static void *du_worker(void *arg)
{
    du_xworker *w = arg;
    du_xrun *r = w->r;
    /* a folder of its own: libxlsxwriter names temporary files from one
     * shared random seed, so workers must not share a folder */
    du_buf tmp = DU_BUF_INIT;
    du_buf_init(&tmp);
    du_buf_printf(&tmp, "%s/xlsx-%d", r->tmpdir, w->id);
    if (mkdir(tmp.ptr, 0700) != 0 && errno != EEXIST) {
        du_buf_clear(&tmp);
        du_buf_puts(&tmp, r->tmpdir);
    }
    for (;;) {
        pthread_mutex_lock(&r->mu);
        size_t i = r->next++;
        pthread_mutex_unlock(&r->mu);
        if (i >= r->njobs)
            break;
        du_xjob *j = &r->jobs[i];
        /* a plan's workbook shows that plan; a unit's, its tasks and
         * their state (deps.c); the combined one, every plan */
        du_dep dep = j->kind == DU_XJ_PLAN   ? du_deps_plan(r->dp, r->m->plans[j->index])
                     : j->kind == DU_XJ_UNIT ? du_deps_unit(r->dp, r->m->units[j->index])
                                             : du_deps_every();
        if (du_out_unchanged(r->out, j->rel, &dep)) {
            if (du_out_keep(r->out, j->rel, &dep) != 0)
                j->failed = true;
            continue;
        }
        du_out_dep(r->out, j->rel, &dep);
        char *path = du_out_path(r->out, j->rel);
        if (!path) {
            j->failed = true;
            continue;
        }
        j->err = du_run_job(r, j, path, tmp.ptr);
        if (j->err == LXW_NO_ERROR)
            du_out_note(r->out, j->rel);
        else
            j->failed = true;
        free(path);
    }
    du_buf_free(&tmp);
    return NULL;
}

static int du_threads(const du_build_opts *o, size_t njobs)
{
    size_t n = du_jobs_threads(o->jobs);
    if (o->jobs <= 0 && n > DU_XLSX_MAX_JOBS)
        n = DU_XLSX_MAX_JOBS;
    if (n > njobs)
        n = njobs ? njobs : 1;
    return (int)n;
}

int du_xlsx_render(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                   const du_build_opts *o, du_diag *d)
{
    du_xrun r = {.m = m, .st = st, .dp = dp, .out = out, .cm_rows = du_cm_rows()};
    pthread_mutex_init(&r.mu, NULL);
    r.tmpdir = du_out_tmpdir(out);
    du_plan_logs(&r);
    du_jobs(&r, d);
    int n = du_threads(o, r.njobs);
    du_xworker *w = du_xcalloc((size_t)n, sizeof *w);
    pthread_t *t = du_xcalloc((size_t)n, sizeof *t);
    int started = 0;
    for (int i = 0; i < n; i++) {
        w[i] = (du_xworker){&r, i};
        if (n == 1 || pthread_create(&t[i], NULL, du_worker, &w[i]) != 0)
            break;
        started++;
    }
    if (started == 0)
        du_worker(&w[0]);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    int rc = 0;
    for (size_t i = 0; i < r.njobs; i++) {
        du_xjob *j = &r.jobs[i];
        if (j->failed) {
            if (j->err != LXW_NO_ERROR)
                du_diag_add(d, j->rel, 0, 0, DU_ERROR, "cannot write workbook: %s",
                            lxw_strerror(j->err));
            rc = 2;
        }
        free(j->rel);
    }
    for (size_t p = 0; p < m->nplans; p++)
        free(r.plan_log[p]);
    free(r.plan_log);
    free(r.plan_nlog);
    free(r.jobs);
    free(w);
    free(t);
    pthread_mutex_destroy(&r.mu);
    return rc;
}
