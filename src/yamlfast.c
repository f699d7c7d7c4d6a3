/* yamlfast.c - the block YAML of content files, read a line at a time.
 *
 * The text is read as lines. A map or list is parsed by a function that
 * is given the column of its keys or dashes and returns at the first line
 * indented less (or at the end). After every node the scanner stands at
 * the next line that is neither blank nor a comment, its indentation
 * counted. Each rule below is the one libyaml applies to the same text;
 * where libyaml versions differ (':' and '?' inside flow strings) or the
 * rule is long (multi-line strings, escapes), the scanner gives up. */
#include "yamlfast.h"
#include "yamltree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DU_YF_DEPTH   32  /* nesting read here; deeper goes to libyaml */
/* events at most: a node makes one or two, so more than this is a file
 * over the limit of nodes, which libyaml reads to report it */
#define DU_YF_EVENTS  (2 * (size_t)DU_YAML_MAX_NODES + 2)
#define DU_YF_KEY_MAX 128 /* bytes of a key (libyaml's limit is 1024 characters) */

typedef struct {
    du_yfast *f;
    const char *end; /* end of the text */
    const char *ls;  /* start of the current line (end at the end of the text) */
    const char *eol; /* its end: the '\n', or the end of the text */
    int line;        /* 1-based number of the current line */
    int ind;         /* spaces before the current line's first character */
    int depth;
    bool over;         /* more events than DU_YF_EVENTS */
    du_yfevent spare;  /* where they go */
    /* column cursor on the current line: col is the column of cp */
    const char *cp;
    int col;
} du_yfs;

void du_yfast_init(du_yfast *f)
{
    memset(f, 0, sizeof *f);
    du_buf_init(&f->text);
}

void du_yfast_free(du_yfast *f)
{
    free(f->ev);
    du_buf_free(&f->text);
    memset(f, 0, sizeof *f);
}

/* The next event; a dummy past the limit, which du_yfast_scan refuses. */
static du_yfevent *du_yf_push(du_yfs *st, du_yfkind kind, int line, int col)
{
    du_yfast *f = st->f;
    if (f->n == f->cap) {
        if (f->cap >= DU_YF_EVENTS) {
            st->over = true;
            return &st->spare;
        }
        f->cap = f->cap ? f->cap * 2 : 256;
        f->ev = du_xrealloc(f->ev, f->cap * sizeof *f->ev);
    }
    du_yfevent *e = &f->ev[f->n++];
    *e = (du_yfevent){.kind = (unsigned char)kind, .line = line, .col = col};
    return e;
}

/* Column (1-based, in characters) of p on the current line. */
static int du_yf_col(du_yfs *st, const char *p)
{
    if (p < st->cp) {
        st->cp = st->ls;
        st->col = 1;
    }
    const char *q = st->cp;
    int col = st->col;
    for (; q < p; q++)
        col += ((unsigned char)*q & 0xc0) != 0x80;
    st->cp = p;
    st->col = col;
    return col;
}

/* A string of len bytes at p, whose node starts at `at` (its quote). */
static void du_yf_string(du_yfs *st, du_yfkind kind, const char *at, const char *p, size_t len)
{
    du_yfevent *e = du_yf_push(st, kind, st->line, du_yf_col(st, at));
    e->off = (uint32_t)(p - st->f->base);
    e->len = (uint32_t)len;
}

static void du_yf_set_line(du_yfs *st, const char *ls)
{
    st->ls = st->cp = ls;
    st->col = 1;
    if (ls == st->end) {
        st->eol = ls;
        return;
    }
    const char *nl = memchr(ls, '\n', (size_t)(st->end - ls));
    st->eol = nl ? nl : st->end;
}

/* To the next line; at the end of the text, ls == end. */
static void du_yf_advance(du_yfs *st)
{
    if (st->eol == st->end) {
        du_yf_set_line(st, st->end);
        return;
    }
    st->line++;
    du_yf_set_line(st, st->eol + 1);
}

/* From the current line to the first that is neither blank nor a comment;
 * its indentation in st->ind. False at a document marker or directive. */
static bool du_yf_content(du_yfs *st)
{
    for (; st->ls < st->end; du_yf_advance(st)) {
        const char *p = st->ls;
        while (p < st->eol && *p == ' ')
            p++;
        if (p == st->eol || *p == '#')
            continue;
        if (p == st->ls && (*p == '%' || (st->eol - p >= 3 && (memcmp(p, "---", 3) == 0 ||
                                                                memcmp(p, "...", 3) == 0))))
            return false;
        st->ind = (int)(p - st->ls);
        return true;
    }
    return true;
}

static bool du_yf_at_end(const du_yfs *st) { return st->ls == st->end; }

/* After a node that ends at q on the current line: nothing but spaces and
 * a comment (after a space), then on to the next content line. */
static bool du_yf_rest(du_yfs *st, const char *q)
{
    const char *r = q;
    while (r < st->eol && *r == ' ')
        r++;
    if (r < st->eol && (*r != '#' || r == q))
        return false;
    du_yf_advance(st);
    return du_yf_content(st);
}

/* Whether a plain string may start with c here: letters, digits, CJK and
 * a few signs that are never YAML indicators. */
static bool du_yf_plain_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80 || c == '_' || c == '.' || c == '/' || c == '(' || c == '+' || c == '~' ||
           c == '$';
}

static bool du_yf_dash(const du_yfs *st, const char *p)
{
    return *p == '-' && (p + 1 == st->eol || p[1] == ' ');
}

/* A plain string in a block from p (a plain start) to the end of its
 * line: it ends before ": " (or ':' at the end of the line), before " #",
 * or at the end of the line, trailing spaces cut. *colon: whether a ':'
 * ended it. */
static const char *du_yf_plain(const du_yfs *st, const char *p, bool *colon)
{
    const char *q = p;
    *colon = false;
    while (q < st->eol) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (st->end - q >= 8) {
            /* the first ':' or '#' of eight bytes (a byte of w ^ c is zero
             * where w has c; the lowest flag of the test for a zero byte
             * is exact), those past the line masked off */
            const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones << 7;
            uint64_t w, a, b, m;
            memcpy(&w, q, 8);
            a = w ^ (ones * ':');
            b = w ^ (ones * '#');
            m = ((a - ones) & ~a & highs) | ((b - ones) & ~b & highs);
            if (st->eol - q < 8)
                m &= (UINT64_C(1) << (8 * (st->eol - q))) - 1;
            if (!m) {
                q = st->eol - q > 8 ? q + 8 : st->eol;
                continue;
            }
            q += __builtin_ctzll(m) >> 3;
        } else
#endif
        {
            while (q < st->eol && *q != ':' && *q != '#')
                q++;
            if (q == st->eol)
                break;
        }
        if (*q == ':' && (q + 1 == st->eol || q[1] == ' ')) {
            *colon = true;
            break;
        }
        if (*q == '#' && q[-1] == ' ')
            break;
        q++;
    }
    while (q > p && q[-1] == ' ')
        q--;
    return q;
}

/* A double-quoted string on one line without escapes: the closing quote,
 * or NULL. */
static const char *du_yf_quoted(const du_yfs *st, const char *p)
{
    for (const char *q = p + 1; q < st->eol; q++) {
        if (*q == '"')
            return q;
        if (*q == '\\')
            return NULL;
    }
    return NULL;
}

/* A plain string inside a flow list or map, from p (a plain start): up to
 * ',' or the closing bracket, trailing spaces cut. NULL at anything whose
 * reading differs between libyaml versions or needs more rules. */
static const char *du_yf_flow_plain(const du_yfs *st, const char *p, char close)
{
    const char *q = p;
    for (; q < st->eol; q++) {
        char c = *q;
        if (c == ',' || c == close)
            break;
        if (c == ':' || c == '#' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}' ||
            c == '"' || c == '\'')
            return NULL;
    }
    if (q == st->eol)
        return NULL;
    while (q > p && q[-1] == ' ')
        q--;
    return q;
}

/* One string in a flow list or map, from p; returns where it ends, or NULL. */
static const char *du_yf_flow_item(du_yfs *st, const char *p, char close)
{
    if (*p == '"') {
        const char *q = du_yf_quoted(st, p);
        if (!q)
            return NULL;
        du_yf_string(st, DU_YF_QUOTED, p, p + 1, (size_t)(q - p - 1));
        return q + 1;
    }
    if (!du_yf_plain_start((unsigned char)*p))
        return NULL;
    const char *q = du_yf_flow_plain(st, p, close);
    if (!q)
        return NULL;
    du_yf_string(st, DU_YF_PLAIN, p, p, (size_t)(q - p));
    return q;
}

static const char *du_yf_skip(const du_yfs *st, const char *p)
{
    while (p < st->eol && *p == ' ')
        p++;
    return p;
}

/* "[a, b]" or "{k: v, k: v}" of strings, on one line, from p at the
 * bracket; returns the end, or NULL. */
static const char *du_yf_flow(du_yfs *st, const char *p)
{
    bool map = *p == '{';
    char close = map ? '}' : ']';
    du_yf_push(st, map ? DU_YF_MAP : DU_YF_SEQ, st->line, du_yf_col(st, p));
    p = du_yf_skip(st, p + 1);
    if (p < st->eol && *p == close) {
        du_yf_push(st, DU_YF_END, 0, 0);
        return p + 1;
    }
    for (;;) {
        if (p == st->eol)
            return NULL;
        if (map) {
            if (!du_yf_plain_start((unsigned char)*p))
                return NULL;
            const char *k = p;
            while (p < st->eol && *p != ':' && *p != ',' && *p != '#' && *p != '?' &&
                   *p != '[' && *p != ']' && *p != '{' && *p != '}' && *p != '"' && *p != '\'')
                p++;
            if (p + 1 >= st->eol || *p != ':' || p[1] != ' ' || p - k > DU_YF_KEY_MAX)
                return NULL;
            const char *ke = p;
            while (ke > k && ke[-1] == ' ')
                ke--;
            du_yf_string(st, DU_YF_PLAIN, k, k, (size_t)(ke - k));
            p = du_yf_skip(st, p + 1);
            if (p == st->eol)
                return NULL;
        }
        p = du_yf_flow_item(st, p, close);
        if (!p)
            return NULL;
        p = du_yf_skip(st, p);
        if (p == st->eol)
            return NULL;
        if (*p == close)
            break;
        if (*p != ',')
            return NULL;
        p = du_yf_skip(st, p + 1);
        if (p == st->eol || *p == close)
            return NULL;
    }
    du_yf_push(st, DU_YF_END, 0, 0);
    return p + 1;
}

/* A literal block ("|" at bar, alone at the end of its line) in a map
 * whose keys are at column n. The indentation is the first line's, which
 * must be deeper than n; a line indented less that is not blank ends the
 * block; lines lose the indentation; the line break of the last line is
 * kept, the blank lines after it are not (clip). */
static bool du_yf_literal(du_yfs *st, const char *bar, int n)
{
    du_yfevent *e = du_yf_push(st, DU_YF_LITERAL, st->line, du_yf_col(st, bar));
    du_buf *t = &st->f->text;
    size_t start = t->len;
    du_yf_advance(st);
    int ind = -1;
    size_t blanks = 0;
    bool any = false, broke = false;
    while (!du_yf_at_end(st)) {
        const char *p = st->ls;
        while (p < st->eol && *p == ' ')
            p++;
        int s = (int)(p - st->ls);
        if (ind < 0) {
            /* leading blank lines set the indentation by a rule of their own */
            if (p == st->eol || s <= n)
                return false;
            ind = s;
        }
        if (p == st->eol && s <= ind) {
            blanks++;
            du_yf_advance(st);
            continue;
        }
        if (s < ind)
            break;
        if (any) {
            du_buf_putc(t, '\n');
            for (; blanks; blanks--)
                du_buf_putc(t, '\n');
        }
        blanks = 0;
        du_buf_put(t, st->ls + ind, (size_t)(st->eol - st->ls - ind));
        any = true;
        broke = st->eol < st->end;
        du_yf_advance(st);
    }
    if (!any)
        return false;
    if (broke)
        du_buf_putc(t, '\n');
    e->off = (uint32_t)start;
    e->len = (uint32_t)(t->len - start);
    return du_yf_content(st);
}

static bool du_yf_map(du_yfs *st, const char *p, int n);
static bool du_yf_seq(du_yfs *st, const char *p, int n, bool indentless);

/* A block node on the lines after its key or dash at column n; in a map,
 * a list may be at n itself. */
static bool du_yf_below(du_yfs *st, int n, bool in_map)
{
    if (!du_yf_content(st) || du_yf_at_end(st))
        return false; /* an empty value */
    const char *p = st->ls + st->ind;
    if (st->ind > n)
        return du_yf_dash(st, p) ? du_yf_seq(st, p, st->ind, false) : du_yf_map(st, p, st->ind);
    if (st->ind == n && in_map && du_yf_dash(st, p))
        return du_yf_seq(st, p, n, true);
    return false;
}

/* The value after a key's ':' (in_map) or a dash, p just after it; n is
 * the column of the map's keys or of the dash. */
static bool du_yf_value(du_yfs *st, const char *p, int n, bool in_map)
{
    const char *q = du_yf_skip(st, p);
    if (q == st->eol || (*q == '#' && q > p)) {
        du_yf_advance(st);
        return du_yf_below(st, n, in_map);
    }
    if (!in_map) {
        /* a list or map may start on a dash's line */
        int col = (int)(q - st->ls); /* only spaces and dashes before it */
        if (du_yf_dash(st, q))
            return du_yf_seq(st, q, col, false);
        if (du_yf_plain_start((unsigned char)*q)) {
            bool colon;
            const char *e = du_yf_plain(st, q, &colon);
            if (colon)
                return du_yf_map(st, q, col);
            du_yf_string(st, DU_YF_PLAIN, q, q, (size_t)(e - q));
            return du_yf_rest(st, e);
        }
    }
    if (*q == '"') {
        const char *e = du_yf_quoted(st, q);
        if (!e)
            return false;
        du_yf_string(st, DU_YF_QUOTED, q, q + 1, (size_t)(e - q - 1));
        return du_yf_rest(st, e + 1);
    }
    if (*q == '[' || *q == '{') {
        const char *e = du_yf_flow(st, q);
        return e && du_yf_rest(st, e);
    }
    if (*q == '|' && in_map && q + 1 == st->eol)
        return du_yf_literal(st, q, n);
    if (in_map && du_yf_plain_start((unsigned char)*q)) {
        bool colon;
        const char *e = du_yf_plain(st, q, &colon);
        if (colon)
            return false; /* "a: b: c" */
        du_yf_string(st, DU_YF_PLAIN, q, q, (size_t)(e - q));
        return du_yf_rest(st, e);
    }
    return false;
}

typedef enum { DU_YF_MORE, DU_YF_ENDS, DU_YF_OUT } du_yfnext;

/* After a node of a map or list at column n: whether the next line
 * continues it, ends it, or is not read here (deeper: a string over
 * several lines, or an error). */
static du_yfnext du_yf_next(const du_yfs *st, int n)
{
    if (du_yf_at_end(st) || st->ind < n)
        return DU_YF_ENDS;
    return st->ind > n ? DU_YF_OUT : DU_YF_MORE;
}

/* A block map whose first key is at p on the current line, column n (all
 * before it on the line is ASCII). */
static bool du_yf_map(du_yfs *st, const char *p, int n)
{
    if (++st->depth > DU_YF_DEPTH)
        return false;
    du_yf_push(st, DU_YF_MAP, st->line, n + 1);
    for (;;) {
        if (!du_yf_plain_start((unsigned char)*p))
            return false;
        bool colon;
        const char *e = du_yf_plain(st, p, &colon);
        if (!colon || e - p > DU_YF_KEY_MAX)
            return false;
        du_yf_string(st, DU_YF_PLAIN, p, p, (size_t)(e - p));
        while (*e != ':')
            e++;
        du_yfnext next = du_yf_value(st, e + 1, n, true) ? du_yf_next(st, n) : DU_YF_OUT;
        if (next != DU_YF_MORE) {
            if (next == DU_YF_OUT)
                return false;
            break;
        }
        p = st->ls + n;
        if (du_yf_dash(st, p))
            return false; /* a list where a key is due */
    }
    du_yf_push(st, DU_YF_END, 0, 0);
    st->depth--;
    return true;
}

/* A block list whose first dash is at p, column n. indentless: the value
 * of a key at column n, which ends at the first line there without a dash. */
static bool du_yf_seq(du_yfs *st, const char *p, int n, bool indentless)
{
    if (++st->depth > DU_YF_DEPTH)
        return false;
    du_yf_push(st, DU_YF_SEQ, st->line, du_yf_col(st, p));
    for (;;) {
        du_yfnext next = du_yf_value(st, p + 1, n, false) ? du_yf_next(st, n) : DU_YF_OUT;
        if (next != DU_YF_MORE) {
            if (next == DU_YF_OUT)
                return false;
            break;
        }
        p = st->ls + n;
        if (!du_yf_dash(st, p)) {
            if (indentless)
                break;
            return false;
        }
    }
    du_yf_push(st, DU_YF_END, 0, 0);
    st->depth--;
    return true;
}

bool du_yfast_scan(du_yfast *f, const char *text, size_t len)
{
    f->n = 0;
    f->base = text;
    du_buf_clear(&f->text);
    if (len > DU_YAML_MAX_FILE || memchr(text, '\t', len) || memchr(text, '\r', len))
        return false;
    du_yfs st = {.f = f, .end = text + len, .line = 1};
    du_yf_set_line(&st, text);
    if (!du_yf_content(&st) || du_yf_at_end(&st))
        return false; /* an empty document goes the usual way */
    const char *p = st.ls + st.ind;
    bool ok;
    if (du_yf_dash(&st, p))
        ok = du_yf_seq(&st, p, st.ind, false);
    else
        ok = du_yf_map(&st, p, st.ind);
    return ok && du_yf_at_end(&st) && !st.over;
}
