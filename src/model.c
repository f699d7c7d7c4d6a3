/* model.c - small accessors over the loaded model. */
#include "model.h"

#include <string.h>

static const char *const du_st_zh[] = {"未启动", "推进中", "已完成", "滞后", "暂停"};
static const char *const du_st_key[] = {"not_started", "in_progress", "done", "delayed",
                                        "suspended"};

const char *du_status_zh(du_status s) { return s >= 0 && s < DU_ST_COUNT ? du_st_zh[s] : ""; }
const char *du_status_key(du_status s) { return s >= 0 && s < DU_ST_COUNT ? du_st_key[s] : ""; }

static const char *const du_pg_names[] = {"progress", "pairings", "indicators", "briefings",
                                          "plan_briefings", "feed", "sitemap"};

_Static_assert(sizeof du_pg_names / sizeof *du_pg_names == DU_PG_COUNT, "a name for each page kind");

const char *du_page_kind_name(du_page_kind k) { return k >= 0 && k < DU_PG_COUNT ? du_pg_names[k] : ""; }

bool du_site_writes(const du_site *s, du_page_kind k)
{
    if (k == DU_PG_PLAN_BRIEFINGS && !du_site_writes(s, DU_PG_BRIEFINGS))
        return false;
    if (k == DU_PG_SITEMAP && !s->base_url)
        return false;
    return !(s->disabled & (1u << k));
}

du_status du_status_parse(const char *s)
{
    for (int i = 0; i < DU_ST_COUNT; i++)
        if (strcmp(s, du_st_zh[i]) == 0 || strcmp(s, du_st_key[i]) == 0)
            return (du_status)i;
    return DU_ST_NONE;
}

du_plan *du_model_plan(const du_model *m, const char *id)
{
    size_t lo = 0, hi = m->nplans;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(m->plans[mid]->id, id);
        if (c == 0)
            return m->plans[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

du_unit *du_model_unit(const du_model *m, const char *id)
{
    size_t lo = 0, hi = m->nunits;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(m->units[mid]->id, id);
        if (c == 0)
            return m->units[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

du_item *du_plan_item(const du_plan *p, const char *id)
{
    if (!p->by_id) {
        for (size_t i = 0; i < p->nitems; i++)
            if (strcmp(p->items[i]->id, id) == 0)
                return p->items[i];
        return NULL;
    }
    /* the first of equal ids in by_id is the first in document order */
    size_t lo = 0, hi = p->nitems;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(p->by_id[mid]->id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nitems && strcmp(p->by_id[lo]->id, id) == 0 ? p->by_id[lo] : NULL;
}

du_item *du_model_item_ref(const du_model *m, const char *ref)
{
    const char *slash = strchr(ref, '/');
    if (!slash || slash - ref >= 128)
        return NULL;
    char pid[128];
    memcpy(pid, ref, (size_t)(slash - ref));
    pid[slash - ref] = '\0';
    du_plan *p = du_model_plan(m, pid);
    return p ? du_plan_item(p, slash + 1) : NULL;
}

du_indicator *du_plan_indicator(const du_plan *p, const char *id)
{
    for (size_t i = 0; i < p->nindicators; i++)
        if (strcmp(p->indicators[i]->id, id) == 0)
            return p->indicators[i];
    return NULL;
}

void du_model_free(du_model *m)
{
    du_vec_free(&m->file_hashes);
    du_arena_free(&m->arena);
}
