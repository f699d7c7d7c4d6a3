/* newentry.c - progress entry skeletons for editors. */
#include "newentry.h"
#include "buf.h"
#include "load.h"
#include "model.h"
#include "resolve.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Indentation of "- date:" items in an existing file, or -1. */
static int du_item_indent(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[4096];
    int indent = -1;
    while (fgets(line, sizeof line, f)) {
        int n = 0;
        while (line[n] == ' ')
            n++;
        if (line[n] == '-' && line[n + 1] == ' ') {
            indent = n;
            break;
        }
    }
    fclose(f);
    return indent;
}

static void du_ends_with_newline(const char *path, du_buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    if (fseek(f, -1, SEEK_END) == 0 && fgetc(f) != '\n')
        du_buf_putc(b, '\n');
    fclose(f);
}

/* How an existing file without list items holds its 'entries' key:
 * -1 none, 0 "entries:" alone (items go below it), 1 "entries: []" at
 * byte *at (the brackets must go first), 2 anything else inline. */
static int du_entries_key(const char *path, long *at)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char line[4096];
    int kind = -1;
    long off = ftell(f);
    while (kind < 0 && fgets(line, sizeof line, f)) {
        if (strncmp(line, "entries:", 8) == 0) {
            const char *q = line + 8;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '\0' || *q == '\n' || *q == '\r' || *q == '#') {
                kind = 0;
            } else if (q[0] == '[' && q[1] == ']') {
                kind = 1;
                *at = off + (long)(q - line);
            } else {
                kind = 2;
            }
        }
        off = ftell(f);
    }
    fclose(f);
    return kind;
}

/* Rewrite path without the two bytes "[]" at offset at. */
static int du_drop_brackets(const char *path, long at)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    FILE *f = fopen(path, "rb");
    int rc = -1;
    if (f) {
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            du_buf_put(&b, chunk, n);
        fclose(f);
        if (at >= 0 && (size_t)at + 2 <= b.len) {
            /* "entries: []" becomes "entries:", without a trailing blank */
            size_t from = (size_t)at, to = from + 2;
            if (to == b.len || b.ptr[to] == '\n' || b.ptr[to] == '\r')
                while (from > 0 && b.ptr[from - 1] == ' ')
                    from--;
            memmove(b.ptr + from, b.ptr + to, b.len - to);
            b.len -= to - from;
            f = fopen(path, "wb");
            if (f && fwrite(b.ptr, 1, b.len, f) == b.len)
                rc = 0;
            if (f && fclose(f) != 0)
                rc = -1;
        }
    }
    du_buf_free(&b);
    return rc;
}

int du_new_progress(const char *root, const char *ref, const char *unit, du_date date, du_diag *d)
{
    du_model m;
    if (du_load(&m, root, DU_DATE_NONE, d) != 0) {
        du_model_free(&m);
        return 2;
    }
    du_resolve(&m, d);
    int rc = 0;
    du_item *it = du_model_item_ref(&m, ref);
    if (!it) {
        du_diag_add(d, NULL, 0, 0, DU_ERROR, "unknown item '%s'", ref);
        du_diag_hint(d, "write PLAN-ID/ITEM-ID, as in data/plans.json or the item's page");
        rc = 1;
    }
    du_unit *u = NULL;
    if (unit) {
        bool amb;
        u = du_resolve_unit(&m, unit, NULL, &amb);
        if (!u) {
            du_diag_add(d, NULL, 0, 0, DU_ERROR, "%s unit '%s'", amb ? "ambiguous" : "unknown", unit);
            rc = 1;
        }
    }
    if (rc) {
        du_model_free(&m);
        return rc;
    }
    du_buf path = DU_BUF_INIT, b = DU_BUF_INIT;
    du_buf_init(&path);
    du_buf_init(&b);
    du_buf_printf(&path, "%s/content/progress", root);
    mkdir(path.ptr, 0755);
    du_buf_printf(&path, "/%s.yaml", it->plan->id);
    int indent = du_item_indent(path.ptr);
    struct stat st;
    bool exists = stat(path.ptr, &st) == 0;
    long at = -1;
    int key = exists && indent < 0 ? du_entries_key(path.ptr, &at) : -1;
    if (key == 2 || (key == 1 && du_drop_brackets(path.ptr, at) != 0)) {
        du_diag_add(d, path.ptr, 0, 0, DU_ERROR, "cannot append: 'entries' is written inline");
        du_diag_hint(d, "write 'entries:' alone on its line, with each entry below it");
        du_buf_free(&path);
        du_buf_free(&b);
        du_model_free(&m);
        return 1;
    }
    if (exists)
        du_ends_with_newline(path.ptr, &b);
    if (indent < 0) {
        if (key < 0)
            du_buf_puts(&b, "entries:\n");
        indent = 2;
    }
    char day[11];
    du_date_iso(date, day);
    char pad[17];
    /* the items of the file's list keep its indentation */
    int np = indent < 16 ? indent : 16;
    memset(pad, ' ', (size_t)np);
    pad[np] = '\0';
    du_buf_printf(&b, "%s- date: %s\n", pad, day);
    du_buf_printf(&b, "%s  item: %s   # %s %s\n", pad, ref, it->number, it->title);
    if (u)
        du_buf_printf(&b, "%s  unit: %s\n", pad, u->name);
    else
        du_buf_printf(&b, "%s  # unit: 报送单位（单位名录中的任一名称）\n", pad);
    du_buf_printf(&b, "%s  # 状态 status: 未启动 | 推进中 | 已完成 | 滞后 | 暂停\n", pad);
    du_buf_printf(&b, "%s  status: 推进中\n", pad);
    du_buf_printf(&b, "%s  # percent: 0-100（可选）\n", pad);
    du_buf_printf(&b, "%s  summary: |\n%s    %s\n", pad, pad, DU_SUMMARY_PLACEHOLDER);
    du_buf_printf(&b, "%s  sources: []   # - {title: 标题, outlet: 媒体, url: https://…, date: YYYY-MM-DD}\n", pad);
    FILE *f = fopen(path.ptr, "ab");
    if (!f || fwrite(b.ptr, 1, b.len, f) != b.len) {
        du_diag_add(d, path.ptr, 0, 0, DU_ERROR, "cannot write: %s", strerror(errno));
        rc = 2;
    } else {
        printf("%s\n", path.ptr);
    }
    if (f && fclose(f) != 0 && rc == 0) {
        du_diag_add(d, path.ptr, 0, 0, DU_ERROR, "cannot write: %s", strerror(errno));
        rc = 2;
    }
    du_buf_free(&path);
    du_buf_free(&b);
    du_model_free(&m);
    return rc;
}
