/* xlsx_floor.c - the workbook floor of the benchmark: the rows of duban's
 * workbooks written by libxlsxwriter alone (shared strings, the default):
 * a task ledger per plan (one row per task) and one progress log holding
 * every entry. Rows come as tab-separated text from bench/gen.py.
 * With -c the log is written in libxlsxwriter's constant-memory mode (rows
 * flushed as they are written, inline strings), for comparison.
 * usage: xlsx_floor [-c] LEDGER.tsv LOG.tsv OUT-DIR */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#define MAX_COLS 16

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
            wb = workbook_new(path);
            if (!wb)
                return -1;
            bold = workbook_add_format(wb);
            format_set_bold(bold);
            day = workbook_add_format(wb);
            format_set_num_format(day, "yyyy\"年\"m\"月\"d\"日\"");
            ws = workbook_add_worksheet(wb, "任务分工表");
            header(ws, bold, LEDGER_COLS);
            r = 1;
        }
        worksheet_write_string(ws, r, 0, f[1], NULL);
        worksheet_write_string(ws, r, 1, f[2], NULL);
        worksheet_write_string(ws, r, 2, f[3], NULL);
        lxw_datetime due = date_of(f[4]);
        worksheet_write_datetime(ws, r, 3, &due, day);
        worksheet_write_string(ws, r, 4, f[5], NULL);
        if (*f[6])
            worksheet_write_number(ws, r, 5, atof(f[6]), NULL);
        worksheet_write_string(ws, r, 6, f[7], NULL);
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
    lxw_workbook_options opt = {.constant_memory = constant ? LXW_TRUE : LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return -1;
    lxw_format *bold = workbook_add_format(wb), *day = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_num_format(day, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "进展台账");
    header(ws, bold, LOG_COLS);
    lxw_row_t r = 1;
    for (char *line = text; *line; line = next) {
        if (split(line, f, &next) < 11)
            continue;
        lxw_datetime d = date_of(f[1]);
        worksheet_write_datetime(ws, r, 0, &d, day);
        worksheet_write_string(ws, r, 1, f[0], NULL);
        worksheet_write_string(ws, r, 2, f[2], NULL);
        worksheet_write_string(ws, r, 3, f[3], NULL);
        worksheet_write_string(ws, r, 4, f[4], NULL);
        worksheet_write_string(ws, r, 5, f[5], NULL);
        if (*f[6])
            worksheet_write_number(ws, r, 6, atof(f[6]), NULL);
        worksheet_write_string(ws, r, 7, f[7], NULL);
        worksheet_write_string(ws, r, 8, f[8], NULL);
        worksheet_write_string(ws, r, 9, f[9], NULL);
        /* a plain string: a worksheet holds at most 65,530 hyperlinks */
        worksheet_write_string(ws, r, 10, f[10], NULL);
        r++;
        (*rows)++;
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int main(int argc, char **argv)
{
    bool constant = argc > 1 && strcmp(argv[1], "-c") == 0;
    argv += constant;
    argc -= constant;
    if (argc != 4) {
        fprintf(stderr, "usage: xlsx_floor [-c] LEDGER.tsv LOG.tsv OUT-DIR\n");
        return 2;
    }
    size_t n;
    char *ledger = read_all(argv[1], &n), *log = read_all(argv[2], &n);
    if (!ledger || !log) {
        fprintf(stderr, "xlsx_floor: cannot read the row files\n");
        return 1;
    }
    unsigned long tasks = 0, entries = 0;
    if (write_ledgers(ledger, argv[3], &tasks) != 0 || write_log(log, argv[3], constant, &entries) != 0) {
        fprintf(stderr, "xlsx_floor: cannot write the workbooks in %s\n", argv[3]);
        return 1;
    }
    free(ledger);
    free(log);
    printf("xlsx_floor: %lu ledger rows, %lu log rows\n", tasks, entries);
    return 0;
}
