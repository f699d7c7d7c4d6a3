/* xlsx_floor.c - the workbook floor of the benchmark: the rows of duban's
 * workbooks written by libxlsxwriter alone (shared strings, the default).
 * Rows come as tab-separated text from bench/gen.py: LEDGER.tsv one row per
 * task (its plan first, the ids of its units last), LOG.tsv one per entry.
 *
 * By default each row is written once: a task ledger per plan (one row per
 * task) and one progress log holding every entry. With -a the rows go where
 * duban puts them: a workbook per plan with its ledger and its log, a
 * combined workbook with every task and every entry, and a workbook per unit
 * with the tasks naming it; as in duban, a workbook whose log passes 50,000
 * rows is written in constant-memory mode. With -c the log is written in
 * constant-memory mode (rows flushed as they are written, inline strings),
 * for comparison.
 * usage: xlsx_floor [-a | -c] LEDGER.tsv LOG.tsv OUT-DIR */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#define MAX_COLS 16
#define LEDGER_FIELDS 9 /* plan, path, title, units, due, status, percent, latest, unit ids */
#define LOG_FIELDS 11
#define CM_ROWS 50000 /* duban's DU_XLSX_CM_ROWS */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Split one line in place; returns the number of fields and the next line. */
static int split(char *line, char **f, char **next)
{
    int n = 0;
    char *end = strchr(line, '\n');
    if (end)
        *end = '\0';
    *next = end ? end + 1 : line + strlen(line);
    f[n++] = line;
    for (char *p = line; *p && n < MAX_COLS; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static lxw_datetime date_of(const char *s)
{
    lxw_datetime d = {0};
    sscanf(s, "%d-%d-%d", &d.year, &d.month, &d.day);
    return d;
}

static void header(lxw_worksheet *ws, lxw_format *bold, const char *const *names)
{
    for (int c = 0; names[c]; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, names[c], bold);
    worksheet_freeze_panes(ws, 1, 0);
}

static const char *const LEDGER_COLS[] = {"序号", "任务", "责任单位", "完成时限", "状态",
                                          "进度（%）", "最新进展", NULL};
static const char *const LOG_COLS[] = {"日期", "方案", "序号", "任务", "报送单位", "状态",
                                       "进度（%）", "进展情况", "来源", "媒体", "链接", NULL};

/* A new workbook with the formats every sheet uses. */
static lxw_workbook *book(const char *path, bool constant, lxw_format **bold, lxw_format **day)
{
    lxw_workbook_options opt = {.constant_memory = constant ? LXW_TRUE : LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return NULL;
    *bold = workbook_add_format(wb);
    format_set_bold(*bold);
    *day = workbook_add_format(wb);
    format_set_num_format(*day, "yyyy\"年\"m\"月\"d\"日\"");
    return wb;
}

static void ledger_row(lxw_worksheet *ws, lxw_row_t r, char **f, lxw_format *day)
{
    worksheet_write_string(ws, r, 0, f[1], NULL);
    worksheet_write_string(ws, r, 1, f[2], NULL);
    worksheet_write_string(ws, r, 2, f[3], NULL);
    lxw_datetime due = date_of(f[4]);
    worksheet_write_datetime(ws, r, 3, &due, day);
    worksheet_write_string(ws, r, 4, f[5], NULL);
    if (*f[6])
        worksheet_write_number(ws, r, 5, atof(f[6]), NULL);
    worksheet_write_string(ws, r, 6, f[7], NULL);
}

static void log_row(lxw_worksheet *ws, lxw_row_t r, char **f, lxw_format *day)
{
    lxw_datetime d = date_of(f[1]);
    worksheet_write_datetime(ws, r, 0, &d, day);
    /* the link a plain string too: a worksheet holds at most 65,530 hyperlinks */
    for (int c = 1; c < LOG_FIELDS; c++)
        if (c != 6)
            worksheet_write_string(ws, r, (lxw_col_t)c, f[c == 1 ? 0 : c], NULL);
    if (*f[6])
        worksheet_write_number(ws, r, 6, atof(f[6]), NULL);
}

/* One workbook per plan: its tasks, in document order. */
static int write_ledgers(char *text, const char *dir, unsigned long *rows)
{
    char *f[MAX_COLS], *next, path[4096], plan[256] = "";
    lxw_workbook *wb = NULL;
    lxw_worksheet *ws = NULL;
    lxw_format *bold = NULL, *day = NULL;
    lxw_row_t r = 0;
    for (char *line = text; *line; line = next) {
        if (split(line, f, &next) < 8)
            continue;
        if (strcmp(f[0], plan) != 0) {
            if (wb && workbook_close(wb) != LXW_NO_ERROR)
                return -1;
            snprintf(plan, sizeof plan, "%s", f[0]);
            snprintf(path, sizeof path, "%s/%s.xlsx", dir, plan);
            wb = book(path, false, &bold, &day);
            if (!wb)
                return -1;
            ws = workbook_add_worksheet(wb, "任务分工表");
            header(ws, bold, LEDGER_COLS);
            r = 1;
        }
        ledger_row(ws, r, f, day);
        r++;
        (*rows)++;
    }
    return wb && workbook_close(wb) != LXW_NO_ERROR ? -1 : 0;
}

/* One workbook with every progress entry. */
static int write_log(char *text, const char *dir, bool constant, unsigned long *rows)
{
    char *f[MAX_COLS], *next, path[4096];
    snprintf(path, sizeof path, "%s/progress-log.xlsx", dir);
    lxw_format *bold, *day;
    lxw_workbook *wb = book(path, constant, &bold, &day);
    if (!wb)
        return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "进展台账");
    header(ws, bold, LOG_COLS);
    lxw_row_t r = 1;
    for (char *line = text; *line; line = next) {
        if (split(line, f, &next) < LOG_FIELDS)
            continue;
        log_row(ws, r, f, day);
        r++;
        (*rows)++;
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* ---- -a: the rows where duban puts them ---------------------------------- */


typedef struct {
    char **f; /* n rows of `width` fields */
    size_t n, cap;
    int width;
} rows_t;

static int rows_load(char *text, int width, rows_t *r)
{
    char *f[MAX_COLS], *next;
    r->width = width;
    for (char *line = text; *line; line = next) {
        int k = split(line, f, &next);
        if (k < width - 1) /* the ledger's unit ids may be missing */
            continue;
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 1024;
            char **g = realloc(r->f, r->cap * (size_t)width * sizeof *g);
            if (!g)
                return -1;
            r->f = g;
        }
        char **row = r->f + r->n++ * (size_t)width;
        for (int c = 0; c < width; c++)
            row[c] = c < k ? f[c] : "";
    }
    return 0;
}

/* One workbook: the ledger rows at idx[0..ni) of `tasks` and, when `log` is
 * not NULL, the log rows [lo, hi) of `log`. */
static int write_book(const char *path, const rows_t *tasks, const size_t *idx, size_t ni, size_t t0,
                      const rows_t *log, size_t lo, size_t hi, unsigned long *rows)
{
    lxw_format *bold, *day;
    lxw_workbook *wb = book(path, log && hi - lo > CM_ROWS, &bold, &day);
    if (!wb)
        return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "任务分工表");
    header(ws, bold, LEDGER_COLS);
    for (size_t i = 0; i < ni; i++)
        ledger_row(ws, (lxw_row_t)(i + 1), tasks->f + (idx ? idx[i] : t0 + i) * LEDGER_FIELDS, day);
    *rows += ni;
    if (log) {
        ws = workbook_add_worksheet(wb, "进展台账");
        header(ws, bold, LOG_COLS);
        for (size_t i = lo; i < hi; i++)
            log_row(ws, (lxw_row_t)(i - lo + 1), log->f + i * LOG_FIELDS, day);
        *rows += hi - lo;
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

typedef struct {
    const char *unit;
    size_t task;
} assign_t;

static int assign_cmp(const void *a, const void *b)
{
    const assign_t *x = a, *y = b;
    int c = strcmp(x->unit, y->unit);
    return c ? c : (x->task > y->task) - (x->task < y->task);
}

static int write_as_duban(char *ledger, char *logtext, const char *dir, unsigned long *rows)
{
    rows_t t = {0}, l = {0};
    if (rows_load(ledger, LEDGER_FIELDS, &t) != 0 || rows_load(logtext, LOG_FIELDS, &l) != 0)
        return -1;
    char path[4096];
    int rc = 0;
    /* a workbook per plan: both files list plans in the same order */
    for (size_t a = 0, b = 0; a < t.n && rc == 0;) {
        const char *plan = t.f[a * LEDGER_FIELDS];
        size_t a2 = a, b2 = b;
        while (a2 < t.n && strcmp(t.f[a2 * LEDGER_FIELDS], plan) == 0)
            a2++;
        while (b2 < l.n && strcmp(l.f[b2 * LOG_FIELDS], plan) == 0)
            b2++;
        snprintf(path, sizeof path, "%s/%s.xlsx", dir, plan);
        rc = write_book(path, &t, NULL, a2 - a, a, &l, b, b2, rows);
        a = a2, b = b2;
    }
    /* the combined workbook */
    snprintf(path, sizeof path, "%s/all.xlsx", dir);
    if (rc == 0)
        rc = write_book(path, &t, NULL, t.n, 0, &l, 0, l.n, rows);
    /* a workbook per unit: the tasks naming it */
    assign_t *as = NULL;
    size_t na = 0, cap = 0;
    for (size_t i = 0; i < t.n && rc == 0; i++) {
        for (char *u = t.f[i * LEDGER_FIELDS + LEDGER_FIELDS - 1], *sp; *u; u = sp) {
            sp = strchr(u, ' ');
            if (sp)
                *sp++ = '\0';
            else
                sp = u + strlen(u);
            if (na == cap) {
                cap = cap ? cap * 2 : 1024;
                assign_t *g = realloc(as, cap * sizeof *g);
                if (!g) {
                    rc = -1;
                    break;
                }
                as = g;
            }
            as[na++] = (assign_t){u, i};
        }
    }
    if (rc == 0 && na)
        qsort(as, na, sizeof *as, assign_cmp);
    size_t *idx = rc == 0 ? malloc((na ? na : 1) * sizeof *idx) : NULL;
    if (!idx)
        rc = -1;
    for (size_t a = 0; a < na && rc == 0;) {
        size_t a2 = a;
        while (a2 < na && strcmp(as[a2].unit, as[a].unit) == 0) {
            idx[a2 - a] = as[a2].task;
            a2++;
        }
        snprintf(path, sizeof path, "%s/unit-%s.xlsx", dir, as[a].unit);
        rc = write_book(path, &t, idx, a2 - a, 0, NULL, 0, 0, rows);
        a = a2;
    }
    free(idx);
    free(as);
    free(t.f);
    free(l.f);
    return rc;
}

int main(int argc, char **argv)
{
    bool constant = argc > 1 && strcmp(argv[1], "-c") == 0;
    bool as_duban = argc > 1 && strcmp(argv[1], "-a") == 0;
    argv += constant || as_duban;
    argc -= constant || as_duban;
    if (argc != 4) {
        fprintf(stderr, "usage: xlsx_floor [-a | -c] LEDGER.tsv LOG.tsv OUT-DIR\n");
        return 2;
    }
    size_t n;
    char *ledger = read_all(argv[1], &n), *log = read_all(argv[2], &n);
    if (!ledger || !log) {
        fprintf(stderr, "xlsx_floor: cannot read the row files\n");
        return 1;
    }
    unsigned long tasks = 0, entries = 0;
    int rc = as_duban ? write_as_duban(ledger, log, argv[3], &tasks)
                      : write_ledgers(ledger, argv[3], &tasks) != 0 ? -1
                                                                    : write_log(log, argv[3], constant, &entries);
    if (rc != 0) {
        fprintf(stderr, "xlsx_floor: cannot write the workbooks in %s\n", argv[3]);
        return 1;
    }
    free(ledger);
    free(log);
    if (as_duban)
        printf("xlsx_floor: %lu rows in all workbooks\n", tasks);
    else
        printf("xlsx_floor: %lu ledger rows, %lu log rows\n", tasks, entries);
    return 0;
}
