/* build.c - the pipeline of one run. */
#include "build.h"
#include "mem.h"
#include "buf.h"
#include "deps.h"
#include "derive.h"
#include "export.h"
#include "fingerprint.h"
#include "load.h"
#include "model.h"
#include "output.h"
#include "render.h"
#include "resolve.h"
#include "theme.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Phase times for -v: where a long build spends its time. */
enum { DU_PH_FINGERPRINT, DU_PH_LOAD, DU_PH_DERIVE, DU_PH_KEYS, DU_PH_RENDER, DU_PH_COMMIT,
       DU_PH_N };

typedef struct du_phases {
    double wall0, cpu0;
    double wall[DU_PH_N], cpu[DU_PH_N];
} du_phases;

static double du_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void du_phases_start(du_phases *p)
{
    memset(p, 0, sizeof *p);
    p->wall0 = du_clock(CLOCK_MONOTONIC);
    p->cpu0 = du_clock(CLOCK_PROCESS_CPUTIME_ID);
}

/* Phase i ends now: its wall and processor time (all threads). */
static void du_lap(du_phases *p, int i)
{
    double w = du_clock(CLOCK_MONOTONIC), c = du_clock(CLOCK_PROCESS_CPUTIME_ID);
    p->wall[i] = w - p->wall0;
    p->cpu[i] = c - p->cpu0;
    p->wall0 = w;
    p->cpu0 = c;
}

static void du_phases_print(const du_phases *p)
{
    static const char *const names[DU_PH_N] = {"fingerprint", "load", "derive",
                                               "keys",        "render", "commit"};
    fprintf(stderr, "duban: seconds (wall/processor):");
    for (int i = 0; i < DU_PH_N; i++)
        fprintf(stderr, "%s %s %.2f/%.2f", i ? "," : "", names[i], p->wall[i], p->cpu[i]);
    fputc('\n', stderr);
}

static du_result du_load_all(const du_build_opts *o, du_model *m, du_diag *d)
{
    if (du_load_jobs(m, o->root, o->as_of, o->jobs, d) != 0)
        return DU_IO;
    du_resolve_jobs(m, o->jobs, d);
    if (d->errors || (o->strict && d->warnings))
        return DU_CONTENT;
    return DU_OK;
}

du_result du_check(const du_build_opts *o, du_diag *d)
{
    du_model m;
    du_result r = du_load_all(o, &m, d);
    if (r == DU_OK)
        r = du_render_check(&m, o, d) == 0 ? DU_OK : DU_CONTENT;
    du_model_free(&m);
    return r;
}

static void *du_begin_cb(void *ud, const char *rel) { return du_out_begin(ud, rel); }
static int du_append_cb(void *f, const void *data, size_t len) { return du_out_append(f, data, len); }
static int du_end_cb(void *f) { return du_out_end(f); }

/* The open data needs the derived state only. In a full build it is
 * written on a thread of its own while the dependency keys are made and
 * the pages rendered, filling what would otherwise be a processor left
 * idle (it is one thread's work). Over a previous output, whose files may
 * be kept, it is written in line, after the workbooks may have started on
 * their own thread (render.c): three parts at once would hold the memory
 * of all three. With -j 1, always in line. */
typedef struct du_data_job {
    const du_model *m;
    const du_state *st;
    du_out *out;
    int rc;
    bool threaded;
    pthread_t tid;
} du_data_job;

static void *du_data_run(void *arg)
{
    du_data_job *j = arg;
    /* the open data goes to the output a piece at a time */
    du_sink sink = {j->out, du_begin_cb, du_append_cb, du_end_cb};
    j->rc = du_export_json_to(j->m, j->st, &sink);
    return NULL;
}

static void du_data_start(du_data_job *j, const du_build_opts *o, bool thread)
{
    if (!(o->parts & DU_PART_DATA))
        return;
    j->threaded = thread && o->jobs != 1 && pthread_create(&j->tid, NULL, du_data_run, j) == 0;
    if (!j->threaded)
        du_data_run(j);
}

static int du_data_finish(du_data_job *j)
{
    if (j->threaded)
        pthread_join(j->tid, NULL);
    return j->rc;
}

/* The dependency keys made on threads of their own while the state is
 * derived: the entries' (begin: they need only the model), then the
 * tasks' (after joining the thread of begin; they need the tasks' states,
 * st, which du_derive_items made). */
typedef struct du_deps_job {
    du_deps *dp;
    const du_model *m;
    const du_state *st;        /* the tasks' keys: the state */
    struct du_deps_job *after; /* the tasks' keys: the job of begin */
    pthread_t tid;
} du_deps_job;

static void *du_deps_run(void *arg)
{
    du_deps_job *j = arg;
    if (j->after) {
        pthread_join(j->after->tid, NULL);
        du_deps_tasks(j->dp, j->st);
    } else {
        du_deps_begin(j->dp, j->m);
    }
    return NULL;
}

/* The folder of the theme a build will use, for the fingerprint (NULL when
 * it cannot be found; rendering reports that). Heap string. */
static char *du_theme_dir_of(const du_build_opts *o)
{
    du_diag quiet;
    du_diag_init(&quiet);
    du_theme *t = du_theme_open(o->root, du_fingerprint_theme_name(o), &quiet);
    char *dir = t ? du_xstrdup(du_theme_dir(t)) : NULL;
    du_theme_free(t);
    du_diag_free(&quiet);
    return dir;
}

du_result du_build(const du_build_opts *o, du_diag *d)
{
    du_phases ph;
    du_phases_start(&ph);
    du_buf outdir = DU_BUF_INIT;
    du_buf_init(&outdir);
    if (o->out && o->out[0] != '/') /* -C DIR: as if started in DIR */
        du_buf_printf(&outdir, "%s/%s", o->root, o->out);
    else if (o->out)
        du_buf_puts(&outdir, o->out);
    else
        du_buf_printf(&outdir, "%s/output", o->root);
    du_out *out = du_out_open(outdir.ptr, d);
    du_buf_free(&outdir);
    if (!out)
        return DU_IO;
    /* Over a previous output the fingerprint comes first: when nothing
     * changed, nothing is loaded. Into a fresh folder it comes after
     * loading, and takes the hashes of the content files from the loader
     * (which read them anyway) instead of reading them twice. */
    char *theme_dir = du_theme_dir_of(o);
    uint64_t global = 0;
    bool fresh = !du_out_has_previous(out);
    if (!fresh) {
        du_out_set_inputs(out, du_fingerprint(o, theme_dir, NULL, &global));
        du_lap(&ph, DU_PH_FINGERPRINT);
    }
    if (!fresh && du_out_up_to_date(out)) {
        free(theme_dir);
        /* nothing a build reads has changed since the last good build */
        size_t w = du_out_old_warnings(out);
        du_out_abort(out);
        if (!o->quiet || o->verbose)
            fprintf(stderr, "duban: output is up to date\n");
        /* the same inputs give the same warnings: say they are still there */
        if (w)
            fprintf(stderr,
                    "duban: the build of this output had %zu warning%s; 'duban check' "
                    "lists %s\n",
                    w, w == 1 ? "" : "s", w == 1 ? "it" : "them");
        return DU_OK;
    }
    du_model m;
    du_result r = du_load_all(o, &m, d);
    du_mem_collect();
    if (r != DU_OK) {
        free(theme_dir);
        du_out_abort(out);
        du_model_free(&m);
        return r;
    }
    du_lap(&ph, DU_PH_LOAD);
    if (fresh) {
        du_out_set_inputs(out, du_fingerprint(o, theme_dir, &m.file_hashes, &global));
        du_lap(&ph, DU_PH_FINGERPRINT);
    }
    free(theme_dir);
    /* the entries' keys need only the model: made beside deriving; the
     * tasks' keys, once the tasks' states are made, beside the rest of it */
    du_deps dp;
    du_deps_job dj = {.dp = &dp, .m = &m};
    bool dj_thread = o->jobs != 1 && pthread_create(&dj.tid, NULL, du_deps_run, &dj) == 0;
    du_state st;
    du_derive_items(&m, &st);
    du_deps_job tj = {.dp = &dp, .m = &m, .st = &st, .after = &dj};
    bool tj_thread = dj_thread && pthread_create(&tj.tid, NULL, du_deps_run, &tj) == 0;
    du_derive_views(&st);
    if (tj_thread)
        pthread_join(tj.tid, NULL);
    else if (dj_thread)
        pthread_join(dj.tid, NULL);
    else
        du_deps_begin(&dp, &m);
    du_lap(&ph, DU_PH_DERIVE);
    du_out_set_progress(out, !o->quiet);
    du_data_job data = {.m = &m, .st = &st, .out = out};
    if (fresh)
        du_data_start(&data, o, true);
    du_deps_finish(&dp, &st, global);
    du_out_set_keys(out, dp.global, dp.names, dp.plan, m.nplans);
    du_lap(&ph, DU_PH_KEYS);
    du_render_side *side = du_render_side_start(&m, &st, &dp, out, o);
    if (!fresh)
        du_data_start(&data, o, false);
    int rc = du_render_all(&m, &st, &dp, out, o, side != NULL, d);
    if (side) {
        int src = du_render_side_finish(side, d);
        if (src > rc)
            rc = src;
    }
    if (du_data_finish(&data) != 0 && rc == 0)
        rc = 2;
    du_deps_free(&dp);
    du_lap(&ph, DU_PH_RENDER);
    if (rc != 0 || d->errors) {
        du_out_abort(out);
        du_model_free(&m);
        return d->errors && !rc ? DU_CONTENT : (rc == 1 ? DU_CONTENT : DU_IO);
    }
    size_t files = du_out_files(out), reused = du_out_reused(out), kept = du_out_kept(out);
    du_out_set_warnings(out, d->warnings);
    if (du_out_commit(out, d) != 0) {
        du_model_free(&m);
        return DU_IO;
    }
    du_lap(&ph, DU_PH_COMMIT);
    if (o->verbose) {
        fprintf(stderr,
                "duban: %zu files: %zu kept from the previous output, %zu rendered "
                "(%zu of them changed)\n",
                files, kept, files - kept, files - reused);
        du_phases_print(&ph);
    }
    else if (!o->quiet && isatty(2))
        fprintf(stderr, "duban: %zu files, %zu changed (%zu plans, %zu items, %zu entries)\n",
                files, files - reused, m.nplans, m.nitems, m.nentries);
    du_model_free(&m);
    return DU_OK;
}
