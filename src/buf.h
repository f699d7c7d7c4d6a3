/* buf.h - the one growable byte buffer used for all text building.
 * A du_buf owns its memory; du_buf_free() releases it. Contents are always
 * NUL-terminated so b->ptr can be passed to C string functions. */
#ifndef DU_BUF_H
#define DU_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct du_buf {
    char *ptr;   /* NUL-terminated contents (never NULL after init) */
    size_t len;  /* bytes used, excluding the NUL */
    size_t cap;  /* bytes allocated */
} du_buf;

#define DU_BUF_INIT {NULL, 0, 0}

/* Prepare an empty buffer. Aborts on out-of-memory, as every du_ allocator. */
void du_buf_init(du_buf *b);
/* Release the memory and leave the buffer empty and reusable. */
void du_buf_free(du_buf *b);
/* Make room for at least n more bytes. */
void du_buf_grow(du_buf *b, size_t n);
/* Append n bytes, a string, a byte. The room check is made in line:
 * pages append hundreds of thousands of short pieces. */
static inline void du_buf_put(du_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) /* also a buffer never initialised (cap 0) */
        du_buf_grow(b, n);
    if (n)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}
void du_buf_puts(du_buf *b, const char *s);
static inline void du_buf_putc(du_buf *b, int c)
{
    if (b->len + 2 > b->cap)
        du_buf_grow(b, 1);
    b->ptr[b->len++] = (char)c;
    b->ptr[b->len] = '\0';
}
void du_buf_printf(du_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void du_buf_vprintf(du_buf *b, const char *fmt, va_list ap);
/* Empty the buffer without freeing its memory. */
void du_buf_clear(du_buf *b);
/* Hand the contents to the caller (free() them); the buffer is left empty. */
char *du_buf_detach(du_buf *b);

/* Escaping helpers shared by every renderer. */
/* HTML text and attribute values: & < > " ' are replaced by entities. */
void du_buf_put_html(du_buf *b, const char *s, size_t n);
/* JSON string body (no quotes): control characters, " and \ escaped; UTF-8 kept. */
void du_buf_put_json(du_buf *b, const char *s, size_t n);

/* xmalloc family: abort with a message on out-of-memory. */
void *du_xmalloc(size_t n);
void *du_xcalloc(size_t n, size_t m);
void *du_xrealloc(void *p, size_t n);
char *du_xstrdup(const char *s);

#endif
