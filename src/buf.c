/* buf.c - growable byte buffer and the escaping helpers built on it. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char du_buf_empty[1];

void *du_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("duban: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *du_xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) {
        fputs("duban: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *du_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("duban: out of memory\n", stderr);
        abort();
    }
    return q;
}

char *du_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = du_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

void du_buf_init(du_buf *b)
{
    b->ptr = du_buf_empty;
    b->len = 0;
    b->cap = 0;
}

void du_buf_free(du_buf *b)
{
    if (b->cap)
        free(b->ptr);
    du_buf_init(b);
}

void du_buf_grow(du_buf *b, size_t n)
{
    if (!b->ptr)
        du_buf_init(b);
    if (b->len + n + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
        cap += cap / 2 + 64;
    if (b->cap) {
        b->ptr = du_xrealloc(b->ptr, cap);
    } else {
        char *p = du_xmalloc(cap);
        memcpy(p, b->ptr, b->len + 1);
        b->ptr = p;
    }
    b->cap = cap;
}

void du_buf_puts(du_buf *b, const char *s) { du_buf_put(b, s, strlen(s)); }

void du_buf_vprintf(du_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    du_buf_grow(b, (size_t)n);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void du_buf_printf(du_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    du_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void du_buf_clear(du_buf *b)
{
    if (!b->ptr)
        du_buf_init(b);
    b->len = 0;
    if (b->cap)
        b->ptr[0] = '\0';
}

char *du_buf_detach(du_buf *b)
{
    char *p = b->cap ? b->ptr : du_xstrdup(b->ptr ? b->ptr : "");
    du_buf_init(b);
    return p;
}

/* Entity of each byte HTML text must escape (index into du_html_ent). */
static const unsigned char du_html_esc[256] = {['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4,
                                               ['\''] = 5};
static const char *const du_html_ent[] = {"", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
static const unsigned char du_html_entlen[] = {0, 5, 4, 4, 6, 5};

/* Index of the first byte at or after i that HTML text must escape, or n.
 * Eight bytes at a step: a word of non-ASCII bytes only (CJK text) is
 * skipped on one test, any other on a test for each of the five bytes. */
static size_t du_html_next(const char *s, size_t i, size_t n)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
#define DU_HAS(w, c) ((((w) ^ (ones * (c))) - ones) & ~((w) ^ (ones * (c))) & highs)
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w & highs) != highs &&
            (DU_HAS(w, '&') | DU_HAS(w, '<') | DU_HAS(w, '>') | DU_HAS(w, '"') | DU_HAS(w, '\'')))
            break;
    }
#undef DU_HAS
    while (i < n && !du_html_esc[(unsigned char)s[i]])
        i++;
    return i;
}

void du_buf_put_html(du_buf *b, const char *s, size_t n)
{
    if (n > 4096) { /* long text: no worst-case reservation */
        for (size_t i = 0;;) {
            size_t j = du_html_next(s, i, n);
            du_buf_put(b, s + i, j - i);
            if (j == n)
                return;
            unsigned char e = du_html_esc[(unsigned char)s[j]];
            du_buf_put(b, du_html_ent[e], du_html_entlen[e]);
            i = j + 1;
        }
    }
    /* at most six bytes out per byte in: write straight into the buffer */
    if (b->len + 6 * n + 1 > b->cap)
        du_buf_grow(b, 6 * n);
    char *o = b->ptr + b->len;
    for (size_t i = 0;;) {
        size_t j = du_html_next(s, i, n);
        memcpy(o, s + i, j - i);
        o += j - i;
        if (j == n)
            break;
        unsigned char e = du_html_esc[(unsigned char)s[j]];
        memcpy(o, du_html_ent[e], du_html_entlen[e]);
        o += du_html_entlen[e];
        i = j + 1;
    }
    b->len = (size_t)(o - b->ptr);
    b->ptr[b->len] = '\0';
}

/* Bytes a JSON string must escape: controls, '"', '\\' and DEL. */
static const unsigned char du_json_esc[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

void du_buf_put_json(du_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    /* at most six bytes out per byte in (\u00XX): write straight into the
     * buffer, a long string in pieces */
    while (n > 4096) {
        size_t k = 4096;
        du_buf_put_json(b, s, k);
        s += k;
        n -= k;
    }
    du_buf_grow(b, 6 * n);
    char *o = b->ptr + b->len;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!du_json_esc[c])
            continue;
        memcpy(o, s + start, i - start);
        o += i - start;
        start = i + 1;
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
            break;
        }
    }
    memcpy(o, s + start, n - start);
    o += n - start;
    b->len = (size_t)(o - b->ptr);
    b->ptr[b->len] = '\0';
}
