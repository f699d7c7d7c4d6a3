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
    if (!exists || indent < 0) {
        if (exists)
            du_ends_with_newline(path.ptr, &b);
        du_buf_puts(&b, "entries:\n");
        indent = 2;
    } else {
        du_ends_with_newline(path.ptr, &b);
    }
    char day[11];
    du_date_iso(date, day);
    const char *pad = indent >= 2 ? "  " : "";
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
