/* site.c - renders the HTML site and the Markdown briefings. The pages to
 * write are listed first as jobs; worker threads then take jobs in turn,
 * each with its own template environments, arena and buffers, and write
 * through the (thread-safe) output writer. A page depends only on its job,
 * so the output is the same whatever the number of threads. */
#include "site.h"
#include "jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "markdown.h"
#include "mustache.h"
#include "site_ctx.h"
#include "theme.h"

#define DU_MAX_THREADS 8

/* Every template a build renders, with the kind of page it makes (-1: a
 * page every site has); du_site_check compiles all but those of the kinds
 * the site leaves out, which a theme may then lack. */
typedef struct du_tpl_use {
    const char *name;
    int kind;              /* du_page_kind or -1 */
    bool md;               /* a Markdown template */
} du_tpl_use;

static const du_tpl_use du_templates[] = {
    {"home.html", -1, false}, {"plan.html", -1, false}, {"item.html", -1, false},
    {"units.html", -1, false}, {"unit.html", -1, false}, {"404.html", -1, false},
    {"pairings.html", DU_PG_PAIRINGS, false}, {"indicators.html", DU_PG_INDICATORS, false},
    {"progress.html", DU_PG_PROGRESS, false}, {"briefings.html", DU_PG_BRIEFINGS, false},
    {"briefing.html", DU_PG_BRIEFINGS, false}, {"briefing.md", DU_PG_BRIEFINGS, true},
    {"feed.xml", DU_PG_FEED, false}, {"sitemap.xml", DU_PG_SITEMAP, false}};

typedef enum {
    DU_J_HOME, DU_J_404, DU_J_UNITS, DU_J_PAIRINGS, DU_J_INDICATORS, DU_J_BRIEFINGS,
    DU_J_FEED, DU_J_SITEMAP, DU_J_PLAN, DU_J_ITEM, DU_J_UNIT, DU_J_PROGRESS, DU_J_BRIEF
} du_jkind;

typedef struct du_job {
    du_jkind kind;
    size_t n;              /* progress page */
    const void *p;         /* plan, item, unit or period */
    const du_plan *plan;   /* briefings: the plan, NULL for all plans */
} du_job;

typedef struct du_run {
    const du_theme *theme;
    const du_deps *dp;
    du_site_shared sh;
    du_job *jobs;
    size_t njobs;
    char **pages;          /* HTML pages for the sitemap */
    size_t npages;
    size_t *small, *big;   /* job indices: ordinary pages; briefings of every plan */
    size_t nsmall, nbig;
    atomic_size_t next, next_big;
    pthread_mutex_t big_mu; /* held while a briefing of every plan is made */
    atomic_int failed;
} du_run;

typedef struct du_worker {
    du_run *run;
    du_out *out;
    du_theme_loader lh, lm;
    du_tpl_env *html, *md;
    du_sctx c;
    du_buf page, mdbuf, htmlbuf;
    du_diag d;
    int rc;
    pthread_t tid;
} du_worker;

/* Buffers grown by a big page are given back rather than kept for the
 * rest of the build. */
#define DU_BUF_KEEP (1u << 20)

static void du_trim(du_buf *b)
{
    if (b->cap > DU_BUF_KEEP)
        du_buf_free(b);
}

/* ---- Markdown escaping for the briefing templates ---- */

static void du_md_esc(du_buf *out, const char *s, size_t n) { du_md_escape(out, s, n); }

/* ---- theme checks ---- */

static du_theme *du_site_theme(const du_model *m, const du_build_opts *o, du_diag *d)
{
    const char *name = o->theme ? o->theme : m->site.theme;
    return du_theme_open(m->root ? m->root : o->root, name, d);
}

/* consts: what is the same on every page (du_site_shared), or NULL */
static void du_worker_envs(du_worker *w, const du_theme *t, const du_val *consts)
{
    du_theme_loader_init(&w->lh, t);
    du_theme_loader_init(&w->lm, t);
    w->html = du_tpl_env_new(du_theme_load, &w->lh);
    w->md = du_tpl_env_new(du_theme_load, &w->lm);
    du_tpl_env_set_strict(w->html, true);
    du_tpl_env_set_strict(w->md, true);
    du_tpl_env_set_escape(w->md, du_md_esc);
    du_tpl_env_set_consts(w->html, consts);
    du_tpl_env_set_consts(w->md, consts);
}

static void du_refused(const du_theme_loader *l, du_diag *d)
{
    if (l->refused)
        du_diag_add(d, NULL, 0, 0, DU_ERROR,
                    "theme file name '%s' is refused: names are relative paths inside the theme "
                    "folder, without '..', '.' or empty parts", l->refused);
}

/* Compile every template the build uses, in strict mode. */
static int du_check_envs(du_worker *w, const du_site *s, du_diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < sizeof du_templates / sizeof *du_templates; i++) {
        const du_tpl_use *u = &du_templates[i];
        if (u->kind >= 0 && (s->disabled & (1u << u->kind)))
            continue;
        rc |= du_tpl_check(u->md ? w->md : w->html, u->name, d);
    }
    du_refused(&w->lh, d);
    du_refused(&w->lm, d);
    return rc || w->lh.refused || w->lm.refused ? -1 : 0;
}

static void du_worker_free(du_worker *w)
{
    du_tpl_env_free(w->html);
    du_tpl_env_free(w->md);
    du_theme_loader_free(&w->lh);
    du_theme_loader_free(&w->lm);
    du_sctx_free(&w->c);
    du_buf_free(&w->page);
    du_buf_free(&w->mdbuf);
    du_buf_free(&w->htmlbuf);
    du_diag_free(&w->d);
}

int du_site_check(const du_model *m, const du_build_opts *o, du_diag *d)
{
    du_theme *t = du_site_theme(m, o, d);
    if (!t)
        return -1;
    du_arena a;
    du_arena_init(&a);
    int rc = du_theme_strings(t, m->site.language, &a, d) ? 0 : -1;
    du_worker w;
    memset(&w, 0, sizeof w);
    du_worker_envs(&w, t, NULL);
    if (du_check_envs(&w, &m->site, d) != 0)
        rc = -1;
    du_tpl_env_free(w.html);
    du_tpl_env_free(w.md);
    du_theme_loader_free(&w.lh);
    du_theme_loader_free(&w.lm);
    du_arena_free(&a);
    du_theme_free(t);
    return rc;
}

/* ---- jobs ---- */

static void du_add_job(du_vec *jobs, du_jkind k, size_t n, const void *p, const du_plan *plan)
{
    du_job *j = du_xmalloc(sizeof *j);
    *j = (du_job){k, n, p, plan};
    du_vec_push(jobs, j);
}

/* The pages of every kind the site writes (site.yaml's disable_pages). */
static void du_list_jobs(du_run *r, const du_model *m, const du_state *st)
{
    const du_site *s = &m->site;
    bool brief = du_site_writes(s, DU_PG_BRIEFINGS);
    bool plan_brief = du_site_writes(s, DU_PG_PLAN_BRIEFINGS);
    du_vec v = {0};
    du_add_job(&v, DU_J_HOME, 0, NULL, NULL);
    du_add_job(&v, DU_J_UNITS, 0, NULL, NULL);
    if (du_site_writes(s, DU_PG_PAIRINGS))
        du_add_job(&v, DU_J_PAIRINGS, 0, NULL, NULL);
    if (du_site_writes(s, DU_PG_INDICATORS))
        du_add_job(&v, DU_J_INDICATORS, 0, NULL, NULL);
    if (brief)
        du_add_job(&v, DU_J_BRIEFINGS, 0, NULL, NULL);
    for (size_t i = 0; du_site_writes(s, DU_PG_PROGRESS) && i < r->sh.nprogress; i++)
        du_add_job(&v, DU_J_PROGRESS, i, NULL, NULL);
    for (size_t i = 0; i < m->nplans; i++)
        du_add_job(&v, DU_J_PLAN, 0, m->plans[i], NULL);
    for (size_t i = 0; i < m->nitems; i++)
        du_add_job(&v, DU_J_ITEM, 0, m->items[i], NULL);
    for (size_t i = 0; i < m->nunits; i++)
        du_add_job(&v, DU_J_UNIT, 0, m->units[i], NULL);
    for (size_t i = 0; brief && i < st->nperiods; i++) {
        du_add_job(&v, DU_J_BRIEF, 0, &st->periods[i], NULL);
        for (size_t k = 0; plan_brief && k < m->nplans; k++)
            if (du_brief_exists(&st->periods[i], m->plans[k]))
                du_add_job(&v, DU_J_BRIEF, 0, &st->periods[i], m->plans[k]);
    }
    du_add_job(&v, DU_J_404, 0, NULL, NULL);
    if (du_site_writes(s, DU_PG_FEED))
        du_add_job(&v, DU_J_FEED, 0, NULL, NULL);
    if (du_site_writes(s, DU_PG_SITEMAP))
        du_add_job(&v, DU_J_SITEMAP, 0, NULL, NULL);
    r->njobs = v.n;
    r->jobs = du_xmalloc((v.n + 1) * sizeof *r->jobs);
    for (size_t i = 0; i < v.n; i++) {
        r->jobs[i] = *(du_job *)v.v[i];
        free(v.v[i]);
    }
    du_vec_free(&v);
}

/* Output path of an HTML job (heap), or NULL for jobs that write no page. */
static char *du_job_rel(const du_run *r, const du_job *j)
{
    static const char *const fixed[] = {
        [DU_J_HOME] = "index.html", [DU_J_404] = "404.html", [DU_J_UNITS] = "units.html",
        [DU_J_PAIRINGS] = "pairings.html", [DU_J_INDICATORS] = "indicators.html",
        [DU_J_BRIEFINGS] = "briefings.html", [DU_J_FEED] = "feed.xml",
        [DU_J_SITEMAP] = "sitemap.xml"};
    switch (j->kind) {
    case DU_J_PLAN: return du_rel_plan(NULL, j->p);
    case DU_J_ITEM: return du_rel_item(NULL, j->p);
    case DU_J_UNIT: return du_rel_unit(NULL, j->p);
    case DU_J_PROGRESS: return du_rel_progress(NULL, j->n, r->sh.nprogress);
    case DU_J_BRIEF: return du_rel_brief(NULL, j->p, j->plan, "html");
    default: return du_xstrdup(fixed[j->kind]);
    }
}

static int du_depth(const char *rel)
{
    int d = 0;
    for (; *rel; rel++)
        d += *rel == '/';
    return d;
}

/* ---- incremental builds ---- */

/* What a job's pages show (deps.h). */
static du_dep du_job_dep(const du_run *r, const du_job *j)
{
    switch (j->kind) {
    case DU_J_PLAN: return du_deps_plan(r->dp, j->p);
    case DU_J_ITEM: return du_deps_plan(r->dp, ((const du_item *)j->p)->plan);
    case DU_J_UNIT: return du_deps_unit(r->dp, j->p);
    case DU_J_BRIEF: return du_deps_brief(r->dp, j->p, j->plan);
    case DU_J_PROGRESS:
        if (j->n + 1 < r->sh.nprogress) {
            size_t from, to;
            du_progress_range(&r->sh, j->n, &from, &to);
            return du_deps_progress(r->dp, from, to, du_progress_layout(&r->sh, j->n));
        }
        return du_deps_every();
    default: return du_deps_every();
    }
}

/* The files a job writes: its page, and for a briefing the Markdown and
 * the copies as latest (html, md, latest md, latest html). Heap strings;
 * returns how many. */
static size_t du_job_files(const du_run *r, const du_job *j, char *rels[4])
{
    size_t n = 0;
    rels[n++] = du_job_rel(r, j);
    if (j->kind == DU_J_BRIEF) {
        const du_state *st = r->sh.st;
        const du_period *per = j->p;
        rels[n++] = du_rel_brief(NULL, per, j->plan, "md");
        if (per == &st->periods[st->nperiods - 1]) {
            rels[n++] = du_rel_brief_latest(NULL, j->plan, "md");
            rels[n++] = du_rel_brief_latest(NULL, j->plan, "html");
        }
    }
    return n;
}

/* Take a job's files rels[0..n) from the previous output when nothing
 * they show has changed: true when done (*rc 0, or the error code); false
 * to render, after recording the dependencies of the files it writes. */
static bool du_job_keep(du_worker *w, const du_job *j, char *const *rels, size_t n, int *rc)
{
    du_dep dep = du_job_dep(w->run, j);
    bool same = true;
    for (size_t i = 0; i < n && same; i++)
        same = du_out_unchanged(w->out, rels[i], &dep);
    *rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (!same)
            du_out_dep(w->out, rels[i], &dep);
        else if (!*rc && du_out_keep(w->out, rels[i], &dep) != 0)
            *rc = 2;
    }
    return same;
}

/* ---- rendering ---- */

static int du_write(du_worker *w, const char *rel, const du_buf *b)
{
    return du_out_write(w->out, rel, b->ptr, b->len) == 0 ? 0 : 2;
}

/* Render template tpl with ctx into rel. */
static int du_emit(du_worker *w, du_tpl_env *env, const char *tpl, const du_val *ctx,
                   const char *rel)
{
    du_buf_clear(&w->page);
    if (du_tpl_render(env, tpl, ctx, &w->page, &w->d) != 0)
        return 1;
    return du_write(w, rel, &w->page);
}

/* A briefing into rels (see du_job_files), n of them. */
static int du_job_brief(du_worker *w, const du_job *j, char *const *rels, size_t n)
{
    const du_period *per = j->p;
    bool latest = n == 4;
    du_sctx_page(&w->c, du_depth(rels[0]));
    du_val *ctx = du_ctx_brief_md(&w->c, per, j->plan);
    du_buf_clear(&w->mdbuf);
    if (du_tpl_render(w->md, "briefing.md", ctx, &w->mdbuf, &w->d) != 0)
        return 1;
    int rc = du_write(w, rels[1], &w->mdbuf);
    if (rc == 0 && latest)
        rc = du_write(w, rels[2], &w->mdbuf);
    if (rc)
        return rc;
    du_buf_clear(&w->htmlbuf);
    du_md_html_doc(&w->htmlbuf, w->mdbuf.ptr, w->mdbuf.len);
    du_trim(&w->mdbuf);
    ctx = du_ctx_brief_html(&w->c, per, j->plan, w->htmlbuf.ptr);
    rc = du_emit(w, w->html, "briefing.html", ctx, rels[0]);
    if (rc == 0 && latest)
        rc = du_write(w, rels[3], &w->page);
    return rc;
}

static int du_job_run(du_worker *w, const du_job *j)
{
    du_sctx *c = &w->c;
    int rc = 0;
    char *rels[4];
    size_t n = du_job_files(w->run, j, rels);
    if (du_job_keep(w, j, rels, n, &rc))
        goto done;
    if (j->kind == DU_J_BRIEF) {
        rc = du_job_brief(w, j, rels, n);
        goto done;
    }
    const char *rel = rels[0];
    du_sctx_page(c, du_depth(rel));
    du_val *ctx = NULL;
    const char *tpl = NULL;
    switch (j->kind) {
    case DU_J_HOME: ctx = du_ctx_home(c); tpl = "home.html"; break;
    case DU_J_404: ctx = du_ctx_404(c); tpl = "404.html"; break;
    case DU_J_UNITS: ctx = du_ctx_units(c); tpl = "units.html"; break;
    case DU_J_PAIRINGS: ctx = du_ctx_pairings(c); tpl = "pairings.html"; break;
    case DU_J_INDICATORS: ctx = du_ctx_indicators(c); tpl = "indicators.html"; break;
    case DU_J_BRIEFINGS: ctx = du_ctx_briefings(c); tpl = "briefings.html"; break;
    case DU_J_FEED: ctx = du_ctx_feed(c); tpl = "feed.xml"; break;
    case DU_J_SITEMAP:
        ctx = du_ctx_sitemap(c, w->run->pages, w->run->npages);
        tpl = "sitemap.xml";
        break;
    case DU_J_PLAN: ctx = du_ctx_plan(c, j->p); tpl = "plan.html"; break;
    case DU_J_ITEM: ctx = du_ctx_item(c, j->p); tpl = "item.html"; break;
    case DU_J_UNIT: ctx = du_ctx_unit(c, j->p); tpl = "unit.html"; break;
    case DU_J_PROGRESS: ctx = du_ctx_progress(c, j->n); tpl = "progress.html"; break;
    case DU_J_BRIEF: break;
    }
    rc = du_emit(w, w->html, tpl, ctx, rel);
done:
    for (size_t i = 0; i < n; i++)
        free(rels[i]);
    return rc;
}

static int du_job_do(du_worker *w, size_t i)
{
    int rc = du_job_run(w, &w->run->jobs[i]);
    du_trim(&w->page);
    du_trim(&w->mdbuf);
    du_trim(&w->htmlbuf);
    du_trim(&w->c.tmp);
    return rc;
}

/* The next briefing of every plan when no other worker is making one (or
 * when wait and none is left but these), run under big_mu: such a
 * briefing holds every entry of its period several times over (Markdown,
 * cmark's tree, HTML), so two at once would double the peak memory.
 * Returns -1 when none was run. */
static int du_work_big(du_worker *w, bool wait)
{
    du_run *r = w->run;
    if (atomic_load(&r->next_big) >= r->nbig)
        return -1;
    if (wait)
        pthread_mutex_lock(&r->big_mu);
    else if (pthread_mutex_trylock(&r->big_mu) != 0)
        return -1;
    size_t k = atomic_fetch_add(&r->next_big, 1);
    int rc = k < r->nbig ? du_job_do(w, r->big[k]) : -1;
    pthread_mutex_unlock(&r->big_mu);
    return rc;
}

static void *du_work(void *arg)
{
    du_worker *w = arg;
    du_run *r = w->run;
    while (!atomic_load(&r->failed)) {
        int rc = du_work_big(w, false);
        if (rc < 0) {
            size_t i = atomic_fetch_add(&r->next, 1);
            rc = i < r->nsmall ? du_job_do(w, r->small[i]) : du_work_big(w, true);
            if (rc < 0)
                break;
        }
        if (rc) {
            w->rc = rc;
            atomic_store(&r->failed, 1);
            break;
        }
    }
    return NULL;
}

static int du_copy_static(const du_theme *t, du_out *out, du_diag *d)
{
    du_vec names = {0};
    du_theme_static(t, &names);
    du_buf src = DU_BUF_INIT, path = DU_BUF_INIT, name = DU_BUF_INIT;
    du_buf_init(&src);
    du_buf_init(&path);
    du_buf_init(&name);
    int rc = 0;
    for (size_t i = 0; i < names.n && !rc; i++) {
        du_buf_clear(&name);
        du_buf_printf(&name, "static/%s", (const char *)names.v[i]);
        du_dep dep = du_deps_none(); /* the theme is part of the global key */
        if (du_out_unchanged(out, name.ptr, &dep)) {
            if (du_out_keep(out, name.ptr, &dep) != 0)
                rc = 2;
            continue;
        }
        du_out_dep(out, name.ptr, &dep);
        if (du_theme_read(t, name.ptr, &src, &path) != 0) {
            du_diag_add(d, path.len ? path.ptr : NULL, 0, 0, DU_ERROR,
                        "cannot read theme file %s", name.ptr);
            rc = 2;
        } else if (du_out_write(out, name.ptr, src.ptr, src.len) != 0) {
            rc = 2;
        }
    }
    for (size_t i = 0; i < names.n; i++)
        free(names.v[i]);
    du_vec_free(&names);
    du_buf_free(&src);
    du_buf_free(&path);
    du_buf_free(&name);
    return rc;
}

static size_t du_threads(const du_build_opts *o, size_t njobs)
{
    size_t n = du_jobs_threads(o->jobs);
    if (n > DU_MAX_THREADS)
        n = DU_MAX_THREADS;
    if (n > njobs)
        n = njobs ? njobs : 1;
    return n;
}

static int du_run_workers(du_run *r, du_out *out, const du_build_opts *o, du_diag *d)
{
    size_t n = du_threads(o, r->njobs);
    du_worker *w = du_xcalloc(n, sizeof *w);
    for (size_t i = 0; i < n; i++) {
        w[i].run = r;
        w[i].out = out;
        du_worker_envs(&w[i], r->theme, r->sh.consts);
        du_sctx_init(&w[i].c, &r->sh);
        du_buf_init(&w[i].page);
        du_buf_init(&w[i].mdbuf);
        du_buf_init(&w[i].htmlbuf);
        du_diag_init(&w[i].d);
    }
    /* the first worker's environments compile (and check) everything once
     * before any page is rendered */
    int rc = du_check_envs(&w[0], &r->sh.m->site, d) == 0 ? 0 : 1;
    size_t started = 0;
    if (rc == 0) {
        for (size_t i = 1; i < n; i++)
            if (pthread_create(&w[i].tid, NULL, du_work, &w[i]) == 0)
                started = i;
            else
                break;
        du_work(&w[0]);
        for (size_t i = 1; i <= started; i++)
            pthread_join(w[i].tid, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        du_diag_merge(d, &w[i].d);
        if (w[i].rc && (!rc || w[i].rc > rc))
            rc = w[i].rc;
        du_worker_free(&w[i]);
    }
    free(w);
    return rc;
}

int du_site_render(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                   const du_build_opts *o, du_diag *d)
{
    du_theme *t = du_site_theme(m, o, d);
    if (!t)
        return 2;
    du_arena shared;
    du_arena_init(&shared);
    const du_val *strings = du_theme_strings(t, m->site.language, &shared, d);
    if (!strings) {
        du_arena_free(&shared);
        du_theme_free(t);
        return 1;
    }
    du_run r;
    memset(&r, 0, sizeof r);
    r.theme = t;
    r.dp = dp;
    du_site_shared_init(&r.sh, m, st, strings, &shared);
    du_list_jobs(&r, m, st);
    pthread_mutex_init(&r.big_mu, NULL);
    r.small = du_xmalloc((r.njobs + 1) * sizeof *r.small);
    r.big = du_xmalloc((r.njobs + 1) * sizeof *r.big);
    for (size_t i = 0; i < r.njobs; i++) {
        if (r.jobs[i].kind == DU_J_BRIEF && !r.jobs[i].plan)
            r.big[r.nbig++] = i;
        else
            r.small[r.nsmall++] = i;
    }
    r.pages = du_xmalloc((r.njobs + 1) * sizeof *r.pages);
    for (size_t i = 0; i < r.njobs; i++) {
        du_jkind k = r.jobs[i].kind;
        if (k != DU_J_404 && k != DU_J_FEED && k != DU_J_SITEMAP)
            r.pages[r.npages++] = du_job_rel(&r, &r.jobs[i]);
    }
    int rc = du_copy_static(t, out, d);
    if (rc == 0)
        rc = du_run_workers(&r, out, o, d);
    for (size_t i = 0; i < r.npages; i++)
        free(r.pages[i]);
    free(r.pages);
    free(r.small);
    free(r.big);
    pthread_mutex_destroy(&r.big_mu);
    free(r.jobs);
    du_arena_free(&shared);
    du_theme_free(t);
    return rc;
}
