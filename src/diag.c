/* diag.c - collecting, sorting and printing diagnostics. */
#include "diag.h"
#include "buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void du_diag_init(du_diag *d) { memset(d, 0, sizeof *d); }

void du_diag_free(du_diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].msg);
        free(d->items[i].hint);
    }
    free(d->items);
    du_diag_init(d);
}

static char *du_vfmt(const char *fmt, va_list ap)
{
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    du_buf_vprintf(&b, fmt, ap);
    return du_buf_detach(&b);
}

void du_diag_add(du_diag *d, const char *file, int line, int col, du_severity sev,
                 const char *fmt, ...)
{
    if (sev == DU_ERROR)
        d->errors++;
    else if (sev == DU_WARNING)
        d->warnings++;
    size_t max = d->max ? d->max : 10000;
    d->last_dropped = d->n >= max;
    if (d->last_dropped) {
        d->dropped++;
        return;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = du_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    du_diag_item *it = &d->items[d->n];
    it->file = file ? du_xstrdup(file) : NULL;
    it->line = line;
    it->col = col;
    it->sev = sev;
    it->hint = NULL;
    it->seq = d->n;
    va_list ap;
    va_start(ap, fmt);
    it->msg = du_vfmt(fmt, ap);
    va_end(ap);
    d->n++;
}

void du_diag_hint(du_diag *d, const char *fmt, ...)
{
    if (!d->n || d->last_dropped) /* the hint of a problem not recorded */
        return;
    du_diag_item *it = &d->items[d->n - 1];
    free(it->hint);
    va_list ap;
    va_start(ap, fmt);
    it->hint = du_vfmt(fmt, ap);
    va_end(ap);
}

static int du_diag_cmp(const void *x, const void *y)
{
    const du_diag_item *a = x, *b = y;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool du_diag_same(const du_diag_item *a, const du_diag_item *b)
{
    return a->line == b->line && a->col == b->col && a->sev == b->sev &&
           strcmp(a->file ? a->file : "", b->file ? b->file : "") == 0 &&
           strcmp(a->msg, b->msg) == 0 &&
           strcmp(a->hint ? a->hint : "", b->hint ? b->hint : "") == 0;
}

void du_diag_sort(du_diag *d)
{
    if (d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, du_diag_cmp);
    /* one problem found by several threads or templates is shown once;
     * duplicates share file, line and column, so they sit in one run */
    size_t out = 0;
    for (size_t i = 0; i < d->n; i++) {
        du_diag_item *it = &d->items[i];
        bool dup = false;
        for (size_t k = out; k-- > 0 && !dup;) {
            const du_diag_item *p = &d->items[k];
            if (p->line != it->line || p->col != it->col ||
                strcmp(p->file ? p->file : "", it->file ? it->file : ""))
                break;
            dup = du_diag_same(p, it);
        }
        if (dup) {
            if (it->sev == DU_ERROR)
                d->errors--;
            else if (it->sev == DU_WARNING)
                d->warnings--;
            free(it->file);
            free(it->msg);
            free(it->hint);
            continue;
        }
        d->items[out++] = *it;
    }
    d->n = out;
}

void du_diag_print(du_diag *d, FILE *f, bool color, bool summary)
{
    static const char *names[] = {"note", "warning", "error"};
    static const char *colors[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
    for (size_t i = 0; i < d->n; i++) {
        const du_diag_item *it = &d->items[i];
        if (color)
            fputs("\033[1m", f);
        if (it->file) {
            fputs(it->file, f);
            if (it->line > 0) {
                fprintf(f, ":%d", it->line);
                if (it->col > 0)
                    fprintf(f, ":%d", it->col);
            }
            fputs(": ", f);
        } else {
            fputs("duban: ", f);
        }
        if (color)
            fprintf(f, "\033[0m%s%s:\033[0m ", colors[it->sev], names[it->sev]);
        else
            fprintf(f, "%s: ", names[it->sev]);
        fputs(it->msg, f);
        if (it->hint)
            fprintf(f, " (%s)", it->hint);
        fputc('\n', f);
    }
    if (d->dropped)
        fprintf(f, "duban: note: %zu more problems not shown\n", d->dropped);
    if (summary && (d->errors || d->warnings)) {
        fprintf(f, "%zu error%s, %zu warning%s\n", d->errors, d->errors == 1 ? "" : "s",
                d->warnings, d->warnings == 1 ? "" : "s");
    }
}

/* Decode one UTF-8 code point (lenient: invalid bytes count as one). */
static size_t du_utf8_next(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) { *cp = u[0]; return 1; }
    if ((u[0] & 0xe0) == 0xc0 && (u[1] & 0xc0) == 0x80) {
        *cp = ((u[0] & 0x1fu) << 6) | (u[1] & 0x3fu); return 2;
    }
    if ((u[0] & 0xf0) == 0xe0 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
        *cp = ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu); return 3;
    }
    if ((u[0] & 0xf8) == 0xf0 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80 &&
        (u[3] & 0xc0) == 0x80) {
        *cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3fu) << 12) | ((u[2] & 0x3fu) << 6) |
              (u[3] & 0x3fu);
        return 4;
    }
    *cp = u[0];
    return 1;
}

static size_t du_decode_all(const char *s, unsigned *out, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        s += du_utf8_next(s, &out[n]);
        n++;
    }
    return n;
}

int du_edit_distance(const char *a, const char *b, int max)
{
    enum { CAP = 128 };
    unsigned x[CAP], y[CAP];
    size_t n = du_decode_all(a, x, CAP), m = du_decode_all(b, y, CAP);
    if ((n > m ? n - m : m - n) > (size_t)max)
        return max + 1;
    int prev[CAP + 1], cur[CAP + 1];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (int)i;
        int best = cur[0];
        for (size_t j = 1; j <= m; j++) {
            int c = prev[j - 1] + (x[i - 1] != y[j - 1]);
            if (prev[j] + 1 < c) c = prev[j] + 1;
            if (cur[j - 1] + 1 < c) c = cur[j - 1] + 1;
            cur[j] = c;
            if (c < best) best = c;
        }
        if (best > max)
            return max + 1;
        memcpy(prev, cur, (m + 1) * sizeof *prev);
    }
    return prev[m] > max ? max + 1 : prev[m];
}

void du_diag_merge(du_diag *into, const du_diag *from)
{
    /* the counts include what from did not record */
    size_t errors = into->errors + from->errors, warnings = into->warnings + from->warnings;
    for (size_t i = 0; i < from->n; i++) {
        const du_diag_item *it = &from->items[i];
        du_diag_add(into, it->file, it->line, it->col, it->sev, "%s", it->msg);
        if (it->hint)
            du_diag_hint(into, "%s", it->hint);
    }
    into->dropped += from->dropped;
    if (from->last_dropped)
        into->last_dropped = true;
    into->errors = errors;
    into->warnings = warnings;
}

const char *du_closest(const char *s, const char *const *names)
{
    const char *best = NULL;
    int bestd = 3;
    for (; *names; names++) {
        int d = du_edit_distance(s, *names, 2);
        if (d < bestd) {
            bestd = d;
            best = *names;
        }
    }
    return best;
}
