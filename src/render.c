/* render.c - runs the renderers selected for a build. */
#include "render.h"
#include "buf.h"
#include "mem.h"
#include "site.h"
#include "xlsx.h"

#include <pthread.h>
#include <stdlib.h>

int du_render_check(const du_model *m, const du_build_opts *o, du_diag *d)
{
    return du_site_check(m, o, d) == 0 ? 0 : -1;
}

int du_render_all(const du_model *m, const du_state *st, const du_deps *dp, du_out *out,
                  const du_build_opts *o, bool side, du_diag *d)
{
    int rc = 0;
    if (o->parts & DU_PART_SITE)
        rc = du_site_render(m, st, dp, out, o, d);
    if (rc == 0 && !side && (o->parts & DU_PART_XLSX))
        rc = du_xlsx_render(m, st, dp, out, o, d);
    return rc;
}

struct du_render_side {
    const du_model *m;
    const du_state *st;
    const du_deps *dp;
    du_out *out;
    const du_build_opts *o;
    du_diag d;
    int rc;
    pthread_t tid;
};

static void *du_side_run(void *arg)
{
    du_render_side *s = arg;
    s->rc = du_xlsx_render(s->m, s->st, s->dp, s->out, s->o, &s->d);
    return NULL;
}

du_render_side *du_render_side_start(const du_model *m, const du_state *st, const du_deps *dp,
                                     du_out *out, const du_build_opts *o)
{
    /* a full build keeps the parts apart: each already uses every
     * processor, and together they would need the memory of both */
    if (!(o->parts & DU_PART_XLSX) || !du_out_mostly_kept(out))
        return NULL;
    /* few files are rendered, by several threads at once: give back what
     * each frees rather than keep it (mem.c) */
    du_mem_return_early();
    du_render_side *s = du_xcalloc(1, sizeof *s);
    *s = (du_render_side){.m = m, .st = st, .dp = dp, .out = out, .o = o};
    du_diag_init(&s->d);
    if (pthread_create(&s->tid, NULL, du_side_run, s) != 0) {
        du_diag_free(&s->d);
        free(s);
        return NULL;
    }
    return s;
}

int du_render_side_finish(du_render_side *s, du_diag *d)
{
    pthread_join(s->tid, NULL);
    du_diag_merge(d, &s->d);
    du_diag_free(&s->d);
    int rc = s->rc;
    free(s);
    return rc;
}
