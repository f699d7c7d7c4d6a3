/* model.h - the typed, validated content: site settings, units, plans with
 * their item trees, indicators and tables, pairings and progress entries.
 * Everything lives in the model's arena and is freed by du_model_free(). */
#ifndef DU_MODEL_H
#define DU_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "date.h"

typedef struct du_pos {
    const char *file;
    int line, col;
} du_pos;

typedef enum {
    DU_ST_NONE = -1,
    DU_ST_NOT_STARTED = 0, /* 未启动 */
    DU_ST_IN_PROGRESS,     /* 推进中 */
    DU_ST_DONE,            /* 已完成 */
    DU_ST_DELAYED,         /* 滞后 */
    DU_ST_SUSPENDED,       /* 暂停 */
    DU_ST_COUNT
} du_status;

typedef enum { DU_CMP_GE, DU_CMP_LE, DU_CMP_EQ } du_cmp;
typedef enum { DU_MODE_ANNUAL, DU_MODE_CUMULATIVE } du_mode;
typedef enum { DU_CAD_MONTH, DU_CAD_QUARTER, DU_CAD_YEAR } du_cadence;

/* Kinds of pages a site may leave out (site.yaml's disable_pages): bits of
 * du_site.disabled. Home, plan, item and unit pages are always written. */
typedef enum {
    DU_PG_PROGRESS,       /* progress.html and progress/N.html */
    DU_PG_PAIRINGS,       /* pairings.html */
    DU_PG_INDICATORS,     /* indicators.html */
    DU_PG_BRIEFINGS,      /* briefings.html and every briefing, Markdown and HTML */
    DU_PG_PLAN_BRIEFINGS, /* the briefings of each plan */
    DU_PG_FEED,           /* feed.xml */
    DU_PG_SITEMAP,        /* sitemap.xml */
    DU_PG_COUNT
} du_page_kind;

typedef struct du_plan du_plan;
typedef struct du_item du_item;

typedef struct du_unit {
    du_pos pos;
    const char *id, *name, *short_name, *region, *level, *parent_id, *notes;
    const char **aliases;
    size_t naliases;
    bool collective;
    struct du_unit *parent;
    size_t index;          /* position in du_model.units (sorted by id) */
} du_unit;

/* A unit as a document prints it, resolved through the registry. */
typedef struct du_unitref {
    const char *printed;
    const char *side;      /* one of the plan's sides, or NULL */
    du_unit *unit;         /* NULL when it did not resolve */
    du_pos pos;
} du_unitref;

struct du_item {
    du_pos pos;
    const char *id, *number, *title, *body, *units_text;
    du_unitref *lead, *units;
    size_t nlead, nunits;
    du_date start, due;    /* defaults filled from the plan's period */
    double weight;
    bool task;             /* a task whose progress is followed */
    bool has_tasks;        /* task, or has a task below it */
    du_item *parent;
    du_item **children;
    size_t nchildren;
    du_plan *plan;
    size_t order;          /* document order within the plan */
    size_t gindex;         /* index in du_model.items */
    int depth;             /* 0 for top-level items */
    const char *ref;       /* "plan-id/item-id" */
};

typedef struct du_indicator {
    du_pos pos;
    const char *id, *name, *unit, *category, *target_text, *nature;
    double baseline, target;
    bool has_baseline, has_target; /* no target: qualitative, shown as printed */
    du_cmp cmp;
    du_mode mode;
    du_plan *plan;
    size_t gindex;         /* index in du_model.indicators */
} du_indicator;

typedef struct du_table {
    const char *id, *caption, *unit;
    const char **columns;
    size_t ncols;
    const char ***rows;
    size_t *rowlen;
    size_t nrows;
} du_table;

typedef struct du_figure {
    const char *id, *caption, *note;
} du_figure;

typedef struct du_basis {
    du_pos pos;
    const char *plan_id;   /* a plan of this site, or NULL */
    du_plan *plan;
    const char *doc, *title;
} du_basis;

struct du_plan {
    du_pos pos;
    const char *id, *title, *doc_number, *kind, *addressees, *notice, *preamble;
    const char **issuers, **regions, **sides;
    size_t nissuers, nregions, nsides;
    du_date signed_on, issued_on, start, end; /* DU_DATE_NONE when absent */
    bool is_public;
    du_basis *basis;
    size_t nbasis;
    du_item **top;         /* top-level items */
    size_t ntop;
    du_item **items;       /* all items in document order */
    size_t nitems;
    du_item **by_id;       /* the same sorted by id, then order (NULL: search items) */
    du_indicator **indicators;
    size_t nindicators;
    du_table *tables;
    size_t ntables;
    du_figure *figures;
    size_t nfigures;
    size_t index;          /* position in du_model.plans */
};

typedef struct du_source {
    const char *title, *outlet, *url;
    du_date date;
} du_source;

typedef struct du_ivalue {
    du_pos pos;
    const char *ref;
    du_indicator *ind;
    double value;
} du_ivalue;

typedef struct du_entry {
    du_pos pos;
    du_pos item_pos, unit_pos; /* of the 'item' and 'unit' values, for diagnostics */
    du_date date;
    const char *item_ref;
    du_item *item;
    const char *unit_printed;
    du_unit *unit;
    du_status status;      /* DU_ST_NONE when not reported */
    double percent;        /* < 0 when not reported */
    const char *summary;
    du_ivalue *values;
    size_t nvalues;
    du_source *sources;
    size_t nsources;
    size_t seq;            /* file order, then order within the file */
    size_t index;          /* position in du_model.entries (date order) */
} du_entry;

/* A content file as the loader read it: its name from the site's folder
 * (content/plans/x.yaml) and du_hash_file_bytes of its bytes. */
typedef struct du_file_hash {
    const char *display;
    uint64_t hash;
} du_file_hash;

typedef struct du_pairing {
    du_pos pos;
    const char *id, *program, *district, *partner, *since, *source, *notes;
    const char **counties;
    size_t ncounties;
} du_pairing;

typedef struct du_site {
    const char *title, *publisher, *language, *base_url, *theme, *author, *company;
    du_date as_of;
    du_cadence cadence;
    int stale_days, yellow_points, red_points, blue_days, page_size;
    unsigned disabled;     /* 1u << du_page_kind for each kind left out */
} du_site;

typedef struct du_model {
    du_arena arena;
    const char *root;      /* site root directory */
    du_site site;
    du_unit **units;       /* sorted by id */
    size_t nunits;
    du_plan **plans;       /* sorted by id */
    size_t nplans;
    du_item **items;       /* all items: plan order, then document order */
    size_t nitems;
    du_indicator **indicators;
    size_t nindicators;
    du_pairing **pairings;
    size_t npairings;
    du_entry **entries;    /* by date, then file order */
    size_t nentries;
    size_t nfiles;         /* content files read */
    du_vec file_hashes;    /* du_file_hash of each content file read (for the fingerprint) */
    bool units_incomplete; /* a unit file could not be read: unknown names are not reported */
    bool plans_incomplete; /* a plan file could not be read: unknown items are not reported */
} du_model;

/* The summary `duban new progress` writes for the editor to replace. */
#define DU_SUMMARY_PLACEHOLDER "请填写本期进展。"

/* Status names: "未启动" …, and the English keys "not_started" …. */
const char *du_status_zh(du_status s);
const char *du_status_key(du_status s);
/* The name of a page kind in site.yaml and in templates' `pages` map. */
const char *du_page_kind_name(du_page_kind k);
/* Whether the site writes pages of kind k (plan briefings need briefings). */
bool du_site_writes(const du_site *s, du_page_kind k);
/* Accepts either form; returns DU_ST_NONE when unknown. */
du_status du_status_parse(const char *s);

du_plan *du_model_plan(const du_model *m, const char *id);
du_unit *du_model_unit(const du_model *m, const char *id);
du_item *du_plan_item(const du_plan *p, const char *id);
/* "plan-id/item-id" → item, or NULL. */
du_item *du_model_item_ref(const du_model *m, const char *ref);
du_indicator *du_plan_indicator(const du_plan *p, const char *id);

void du_model_free(du_model *m);

#endif
