/* markdown.c - libcmark behind a few calls. libcmark parses and renders;
 * this file only reshapes the parsed tree (unsafe links, heading levels,
 * folding a summary into one paragraph) and escapes plain text. cmark
 * runs in its default safe mode: CMARK_OPT_UNSAFE is never passed. */
#include "markdown.h"

#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* HTML of at least this size is handed to the caller's empty buffer as
 * cmark made it (its memory comes from malloc) rather than copied. */
#define DU_MD_ADOPT (64u << 10)

static bool du_ascii_eq(const char *a, size_t n, const char *lit)
{
    if (strlen(lit) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return false;
    }
    return true;
}

static bool du_is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool du_url_safe(const char *url)
{
    if (!url)
        return false;
    /* Browsers drop leading controls and spaces, and tabs and line breaks
     * anywhere, before they look for the scheme; do the same. */
    char scheme[16];
    size_t n = 0;
    const char *p = url;
    while (*p && (unsigned char)*p <= ' ')
        p++;
    for (; *p; p++) {
        if (*p == '\t' || *p == '\n' || *p == '\r')
            continue;
        if (*p == ':')
            break;
        bool ok = du_is_alpha(*p) || (n > 0 && ((*p >= '0' && *p <= '9') || *p == '+' ||
                                               *p == '-' || *p == '.'));
        if (!ok)
            return true; /* no scheme: a relative reference */
        if (n == sizeof scheme)
            return false;
        scheme[n++] = *p;
    }
    if (!*p)
        return true;
    return du_ascii_eq(scheme, n, "http") || du_ascii_eq(scheme, n, "https") ||
           du_ascii_eq(scheme, n, "mailto");
}

/* Replace node by its children (a link keeps its text). */
static void du_md_unwrap(cmark_node *node)
{
    cmark_node *c;
    while ((c = cmark_node_first_child(node)))
        cmark_node_insert_before(node, c);
    cmark_node_free(node);
}

/* Links and images to unsafe targets lose their target; images lose it
 * too when keep_images is false. */
static void du_md_defuse(cmark_node *root, bool keep_images, int min_level)
{
    du_vec drop = {0}, heads = {0};
    int top = 7;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)) {
            if ((t == CMARK_NODE_IMAGE && !keep_images) || !du_url_safe(cmark_node_get_url(n)))
                du_vec_push(&drop, n);
        } else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_HEADING) {
            du_vec_push(&heads, n);
            int l = cmark_node_get_heading_level(n);
            if (l < top)
                top = l;
        }
    }
    cmark_iter_free(it);
    /* exit events come innermost first, so an image inside a link goes first */
    for (size_t i = 0; i < drop.n; i++)
        du_md_unwrap(drop.v[i]);
    if (min_level == 0)
        for (size_t i = 0; i < heads.n; i++) {
            cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH), *c;
            while ((c = cmark_node_first_child(heads.v[i])))
                cmark_node_append_child(para, c);
            cmark_node_insert_before(heads.v[i], para);
            cmark_node_free(heads.v[i]);
        }
    else if (min_level > 1)
        for (size_t i = 0; i < heads.n; i++) {
            int l = cmark_node_get_heading_level(heads.v[i]) - top + min_level;
            cmark_node_set_heading_level(heads.v[i], l > 6 ? 6 : l);
        }
    du_vec_free(&drop);
    du_vec_free(&heads);
}

/* ---- plain text, the common case ---- */

/* Bytes that mean nothing to CommonMark inside a line of text and that
 * neither renderer escapes, except '"' (&quot; in HTML). Block markers
 * only matter at the start of a line, which must be a letter or a
 * non-ASCII character. */
#define DU_MD_BIT(c) (UINT64_C(1) << ((c) & 63))
static const uint64_t du_md_inert_lo = /* bytes 0-63 */
    DU_MD_BIT(' ') | DU_MD_BIT('"') | DU_MD_BIT('$') | DU_MD_BIT('%') | DU_MD_BIT('\'') |
    DU_MD_BIT('(') | DU_MD_BIT(')') | DU_MD_BIT('+') | DU_MD_BIT(',') | DU_MD_BIT('-') |
    DU_MD_BIT('.') | DU_MD_BIT('/') | (UINT64_C(0x3ff) << ('0' & 63)) | DU_MD_BIT(':') |
    DU_MD_BIT(';') | DU_MD_BIT('=') | DU_MD_BIT('?');
static const uint64_t du_md_inert_hi = /* bytes 64-127 */
    DU_MD_BIT('@') | (UINT64_C(0x3ffffff) << ('A' & 63)) | DU_MD_BIT('^') |
    (UINT64_C(0x3ffffff) << ('a' & 63)) | DU_MD_BIT('{') | DU_MD_BIT('|') | DU_MD_BIT('}') |
    DU_MD_BIT('~');

static inline bool du_md_inert(unsigned char c)
{
    if (c >= 0x80)
        return true;
    return ((c < 64 ? du_md_inert_lo : du_md_inert_hi) >> (c & 63)) & 1;
}

static size_t du_md_simple(const char *s, size_t n, size_t *a, size_t *b);

size_t du_md_literal(const char *s, size_t n)
{
    size_t a, b, m = du_md_simple(s, n, &a, &b);
    return b ? 0 : m;
}

/* Whether the character that starts at p (end: the text's end) is an
 * ASCII letter or digit or a CJK unified ideograph (U+4E00-U+9FFF):
 * neither white space nor punctuation to CommonMark. */
static bool du_md_wordch(const unsigned char *p, const unsigned char *end)
{
    if (p >= end)
        return false;
    if (p[0] < 0x80)
        return (p[0] >= '0' && p[0] <= '9') || ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z');
    if (end - p < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
        return false;
    return (p[0] == 0xe4 && p[1] >= 0xb8) || (p[0] >= 0xe5 && p[0] <= 0xe9);
}

/* The start of the character that ends just before p. */
static const unsigned char *du_md_back(const unsigned char *p, const unsigned char *start)
{
    const unsigned char *q = p - 1;
    while (q > start && (*q & 0xc0) == 0x80 && p - q < 4)
        q--;
    return q;
}

/* The length of s without its final line end when it is literal text
 * (the inert bytes above, starting with a letter or a non-ASCII
 * character, not ending in a space), with *b = 0; or when it is literal
 * but for one strong emphasis, "前**要点**后", with *a and *b the
 * offsets of the two runs of stars: they are the only stars, and the
 * characters just inside them are letters, digits or ideographs. Each
 * run is then both left- and right-flanking, so the first can open and
 * the second close, their lengths (2 + 2) are no multiple of three, and
 * cmark makes <strong> of them whatever stands outside. 0 for any other
 * text. */
static size_t du_md_simple(const char *s, size_t n, size_t *a, size_t *b)
{
    *a = *b = 0;
    if (n && s[n - 1] == '\n')
        n--;
    if (!n || s[n - 1] == ' ' ||
        !((unsigned char)s[0] >= 0x80 || ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z')))
        return 0;
    size_t stars[4], k = 0;
    for (size_t i = 0; i < n; i++) {
        /* eight bytes of non-ASCII text (CJK) at a step */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & UINT64_C(0x8080808080808080)) != UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i == n)
            break;
        if (du_md_inert((unsigned char)s[i]))
            continue;
        if (s[i] != '*' || k == 4)
            return 0;
        stars[k++] = i;
    }
    if (k == 0)
        return n;
    if (k != 4 || stars[1] != stars[0] + 1 || stars[3] != stars[2] + 1 || stars[2] < stars[1] + 2)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    const unsigned char *in = u + stars[1] + 1, *out = u + stars[2];
    if (!du_md_wordch(in, out) || !du_md_wordch(du_md_back(out, in), out))
        return 0;
    *a = stars[0];
    *b = stars[2];
    return n;
}

/* s[0..n) as HTML text: only '"' needs escaping in what is inert. */
static char *du_md_put_inert(char *o, const char *s, size_t n)
{
    for (const char *end = s + n; s < end;) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        size_t k = q ? (size_t)(q - s) : (size_t)(end - s);
        memcpy(o, s, k);
        o += k;
        s += k;
        if (q) {
            memcpy(o, "&quot;", 6);
            o += 6;
            s++;
        }
    }
    return o;
}

/* ---- paragraphs and lists cmark need not parse ----
 * Text of blocks of one line each, separated by one blank line: a
 * paragraph is a line as du_md_simple takes it, a list a run of lines
 * "- " and such a line. Each line starts with a letter or a non-ASCII
 * character, so none can start another block or continue another line,
 * and a list has no blank line inside (two lists one blank line apart
 * would be one loose list: they go to cmark), so it is tight. */

#define DU_MD_PIECES 64

typedef struct {
    size_t off, len; /* the line's inline text in s */
    size_t a, b;     /* du_md_simple's runs of stars, relative to off */
    bool item;       /* a list item, else a paragraph */
} du_md_piece;

/* The pieces of s[0..n) into pc, or 0 when s is not such text. */
static size_t du_md_split(const char *s, size_t n, du_md_piece *pc)
{
    if (n && s[n - 1] == '\n')
        n--;
    if (!n || s[n - 1] == '\n')
        return 0;
    size_t np = 0;
    bool after_list = false;
    for (size_t i = 0; i < n;) {
        size_t e = i; /* the block's end: the first of two line ends, or n */
        for (;;) {
            const char *nl = memchr(s + e, '\n', n - e);
            e = nl ? (size_t)(nl - s) : n;
            if (!nl || s[e + 1] == '\n') /* s[n - 1] is no line end: e + 1 < n */
                break;
            e++;
        }
        if (e == i)
            return 0; /* more than one blank line */
        bool list = s[i] == '-';
        if (list && after_list)
            return 0;
        for (size_t p = i; p < e;) {
            const char *nl = list ? memchr(s + p, '\n', e - p) : NULL;
            size_t le = nl ? (size_t)(nl - s) : e, at = list ? p + 2 : p, a, b;
            if (np == DU_MD_PIECES || (list && (le - p < 3 || s[p] != '-' || s[p + 1] != ' ')))
                return 0;
            if (du_md_simple(s + at, le - at, &a, &b) != le - at)
                return 0;
            pc[np++] = (du_md_piece){at, le - at, a, b, list};
            p = le + 1;
        }
        after_list = list;
        i = e + 2;
    }
    return np;
}

bool du_md_plain_blocks(const char *s, size_t n)
{
    du_md_piece pc[DU_MD_PIECES];
    return s && du_md_split(s, n, pc) > 0;
}

/* A line's inline text: literal, or with its one strong emphasis. */
static char *du_md_put_line(char *o, const char *s, const du_md_piece *p)
{
    const char *t = s + p->off;
    if (!p->b)
        return du_md_put_inert(o, t, p->len);
    o = du_md_put_inert(o, t, p->a);
    memcpy(o, "<strong>", 8);
    o = du_md_put_inert(o + 8, t + p->a + 2, p->b - p->a - 2);
    memcpy(o, "</strong>", 9);
    return du_md_put_inert(o + 9, t + p->b + 2, p->len - p->b - 2);
}

void du_md_html(du_buf *out, const char *s, size_t n, int min_level)
{
    if (!s || !n)
        return;
    /* what cmark makes of such text, without parsing it */
    du_md_piece pc[DU_MD_PIECES];
    size_t np = du_md_split(s, n, pc);
    if (np) {
        du_buf_grow(out, n * 6 + np * 32);
        char *o = out->ptr + out->len;
        for (size_t k = 0; k < np; k++) {
            if (pc[k].item && (k == 0 || !pc[k - 1].item)) {
                memcpy(o, "<ul>\n", 5);
                o += 5;
            }
            memcpy(o, pc[k].item ? "<li>" : "<p>", pc[k].item ? 4 : 3);
            o += pc[k].item ? 4 : 3;
            o = du_md_put_line(o, s, &pc[k]);
            memcpy(o, pc[k].item ? "</li>\n" : "</p>\n", pc[k].item ? 6 : 5);
            o += pc[k].item ? 6 : 5;
            if (pc[k].item && (k + 1 == np || !pc[k + 1].item)) {
                memcpy(o, "</ul>\n", 6);
                o += 6;
            }
        }
        out->len = (size_t)(o - out->ptr);
        out->ptr[out->len] = '\0';
        return;
    }
    cmark_node *doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
    du_md_defuse(doc, true, min_level);
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
    cmark_node_free(doc);
    size_t len = strlen(html);
    if (out->len == 0 && len >= DU_MD_ADOPT) {
        /* a whole briefing: keep cmark's string instead of copying it */
        du_buf_free(out);
        out->ptr = html;
        out->len = len;
        out->cap = len + 1;
        return;
    }
    du_buf_put(out, html, len);
    free(html);
}

/* ---- long documents ---- */

/* Below this size a document is parsed whole: sections save nothing. */
#define DU_MD_SECTIONED (64u << 10)

/* Whether a line (at s, n bytes) may open a block that a heading does not
 * close: fenced code or HTML at the top level (nested ones end with
 * their list item or quote, which a heading at the margin closes). */
static bool du_md_spans(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    if (i < n && s[i] == '<')
        return true;
    return i + 3 <= n && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0);
}

/* A line that starts a section: an ATX heading at the left margin. */
static bool du_md_section(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 6 && s[i] == '#')
        i++;
    return i > 0 && (i == n || s[i] == ' ' || s[i] == '\n');
}

void du_md_html_doc(du_buf *out, const char *s, size_t n)
{
    if (!s || !n)
        return;
    /* link reference definitions hold for the whole document: any "]:"
     * at all and it is parsed whole */
    bool whole = n < DU_MD_SECTIONED;
    for (const char *p = s; !whole && (p = memchr(p, ']', n - (size_t)(p - s))); p++)
        whole = (size_t)(p - s) + 1 < n && p[1] == ':';
    for (size_t i = 0; i < n && !whole;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
        whole = du_md_spans(s + i, len);
        i += len + 1;
    }
    if (whole) {
        du_md_html(out, s, n, 1);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
        if (i > start && du_md_section(s + i, len)) {
            du_md_html(out, s + start, i - start, 1);
            start = i;
        }
        i += nl ? len + 1 : len;
    }
    du_md_html(out, s + start, n - start, 1);
}

/* ---- plain text ---- */

static bool du_md_special(char c)
{
    switch (c) {
    case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
    case '#': case '!': case '|': case '~': case '&':
        return true;
    default:
        return false;
    }
}

void du_md_escape(du_buf *out, const char *s, size_t n)
{
    /* at most two bytes out per byte in: write straight into the buffer */
    du_buf_grow(out, 2 * n + 1);
    char *o = out->ptr + out->len, *first = o;
    size_t i = 0;
    bool space = false;
    while (i < n && ((unsigned char)s[i] <= ' ' || s[i] == 0x7f))
        i++;
    /* leading digits: "1. " or "1) " would open an ordered list */
    size_t digits = 0;
    while (i + digits < n && s[i + digits] >= '0' && s[i + digits] <= '9')
        digits++;
    for (size_t k = i; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        /* letters, digits and non-ASCII (most of Chinese text) need nothing */
        if (!space && (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
            *o++ = (char)c;
            continue;
        }
        if (c <= ' ' || c == 0x7f) {
            space = true;
            continue;
        }
        if (space) {
            *o++ = ' ';
            space = false;
        }
        bool marker = (o == first && (c == '-' || c == '+' || c == '=')) ||
                      (k == i + digits && digits > 0 && digits < 10 && (c == '.' || c == ')') &&
                       (k + 1 == n || (unsigned char)s[k + 1] <= ' '));
        if (marker || du_md_special((char)c))
            *o++ = '\\';
        *o++ = (char)c;
    }
    out->len = (size_t)(o - out->ptr);
    out->ptr[out->len] = '\0';
}

/* Bytes a URL may not hold as they are: 1 for du_url_clean, 2 more for
 * du_md_url (which keeps quotes and braces but not angle brackets). */
static const unsigned char du_url_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    [' '] = 3, ['"'] = 1, ['<'] = 3, ['>'] = 3, ['\\'] = 3, ['^'] = 1, ['`'] = 1,
    ['{'] = 1, ['|'] = 1, ['}'] = 1, [0x7f] = 3,
};

/* url with the bytes of class bit `bit` percent-encoded, appended to out. */
static void du_url_put(du_buf *out, const char *url, unsigned char bit)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(url);
    du_buf_grow(out, 3 * n + 1);
    char *o = out->ptr + out->len;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (!(du_url_class[c] & bit))
            continue;
        memcpy(o, url + start, i - start);
        o += i - start;
        *o++ = '%';
        *o++ = hex[c >> 4];
        *o++ = hex[c & 15];
        start = i + 1;
    }
    memcpy(o, url + start, n - start);
    o += n - start;
    out->len = (size_t)(o - out->ptr);
    out->ptr[out->len] = '\0';
}

void du_url_clean(du_buf *out, const char *url)
{
    /* controls, space, quotes, angle brackets, backslash, ^ ` { | } and DEL */
    du_url_put(out, url, 1);
}

void du_md_url(du_buf *out, const char *url)
{
    /* what would end a link destination in angle brackets */
    du_buf_putc(out, '<');
    du_url_put(out, url, 2);
    du_buf_putc(out, '>');
}

/* ---- one inline paragraph ---- */

static cmark_node *du_md_text(const char *lit, cmark_node_type type)
{
    cmark_node *t = cmark_node_new(type);
    /* line ends inside code or raw HTML would end the line item */
    size_t n = lit ? strlen(lit) : 0;
    char *s = du_xmalloc(n + 1);
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)lit[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = k > 0;
            continue;
        }
        if (space)
            s[k++] = ' ';
        space = false;
        s[k++] = (char)c;
    }
    s[k] = '\0';
    cmark_node_set_literal(t, s);
    free(s);
    return t;
}

static cmark_node *du_md_space(void)
{
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(t, " ");
    return t;
}

static void du_md_sep(cmark_node *para)
{
    if (cmark_node_first_child(para))
        cmark_node_append_child(para, du_md_space());
}

/* Move the inline content of every block under n into para. */
static void du_md_gather(cmark_node *n, cmark_node *para)
{
    cmark_node *c = cmark_node_first_child(n), *next;
    for (; c; c = next) {
        next = cmark_node_next(c);
        switch (cmark_node_get_type(c)) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING: {
            du_md_sep(para);
            cmark_node *k;
            while ((k = cmark_node_first_child(c)))
                cmark_node_append_child(para, k);
            break;
        }
        case CMARK_NODE_CODE_BLOCK:
            du_md_sep(para);
            cmark_node_append_child(para, du_md_text(cmark_node_get_literal(c), CMARK_NODE_CODE));
            break;
        case CMARK_NODE_HTML_BLOCK:
            du_md_sep(para);
            cmark_node_append_child(para, du_md_text(cmark_node_get_literal(c), CMARK_NODE_TEXT));
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            break;
        default: /* quotes, lists, items, custom blocks */
            du_md_gather(c, para);
            break;
        }
    }
}

/* Inside the paragraph: breaks become spaces, raw HTML literal text. */
static void du_md_flatten(cmark_node *para)
{
    du_vec swap = {0};
    cmark_iter *it = cmark_iter_new(para);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
                                        t == CMARK_NODE_HTML_INLINE))
            du_vec_push(&swap, n);
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < swap.n; i++) {
        cmark_node *n = swap.v[i];
        bool html = cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE;
        cmark_node_insert_before(n, html ? du_md_text(cmark_node_get_literal(n), CMARK_NODE_TEXT)
                                         : du_md_space());
        cmark_node_free(n);
    }
    du_vec_free(&swap);
}

void du_md_inline(du_buf *out, const char *s, size_t n)
{
    if (!s || !n)
        return;
    size_t plain = du_md_literal(s, n);
    if (plain) {
        du_buf_put(out, s, plain);
        return;
    }
    cmark_node *doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
    cmark_node *flat = cmark_node_new(CMARK_NODE_DOCUMENT);
    cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(flat, para);
    du_md_gather(doc, para);
    cmark_node_free(doc);
    du_md_defuse(para, false, 1);
    du_md_flatten(para);
    char *md = cmark_render_commonmark(flat, CMARK_OPT_DEFAULT, 0);
    size_t len = strlen(md);
    while (len && (md[len - 1] == '\n' || md[len - 1] == ' '))
        len--;
    /* the renderer writes one line for one paragraph without breaks; a
     * stray line end would still end the list item, so flatten it too */
    du_buf_grow(out, len);
    for (size_t i = 0; i < len; i++)
        out->ptr[out->len + i] = md[i] == '\n' ? ' ' : md[i];
    out->len += len;
    out->ptr[out->len] = '\0';
    free(md);
    cmark_node_free(flat);
}
