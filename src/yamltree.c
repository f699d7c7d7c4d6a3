/* yamltree.c - libyaml events into a positioned tree, with limits. */
#include "yamltree.h"
#include "buf.h"
#include "hash.h"
#include "yamlfast.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define DU_OPEN ((size_t)-1) /* weight of a node still being built */

typedef struct {
    du_ynode *node;
    du_vec items, keys;
    bool want_key;
} du_yframe;

typedef struct {
    const char *name;
    du_ynode *node;
} du_anchor;

typedef struct {
    du_arena *a;
    du_diag *d;
    const char *file;
    const char *buf;
    size_t len;
    du_yframe stack[DU_YAML_MAX_DEPTH + 1];
    int depth;
    du_anchor *anchors;
    size_t nanchors, capanchors;
    size_t nodes;
    size_t expanded;    /* nodes added by aliases */
    du_ynode *root;
    bool failed;
} du_yctx;

du_ynode *du_ymap_get(const du_ynode *map, const char *key)
{
    if (!map || map->type != DU_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->str;
        /* the first two bytes (the second may be the end) rule out most */
        if (k[0] == key[0] && (!k[0] || (k[1] == key[1] && strcmp(k, key) == 0)))
            return map->items[i];
    }
    return NULL;
}

const char *du_ytype_name(const du_ynode *n)
{
    if (!n)
        return "nothing";
    switch (n->type) {
    case DU_Y_MAP: return "a map";
    case DU_Y_SEQ: return "a list";
    default: return "a string";
    }
}

/* Line and column (in characters) of byte offset off. */
static void du_ypos(const char *buf, size_t len, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        unsigned char ch = (unsigned char)buf[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xc0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Returns the offset of the first invalid UTF-8 sequence or NUL byte, or
 * len; counts the characters into *chars and says in *plain whether every
 * one is a character libyaml's reader takes (tab, line feed, carriage
 * return, U+0020-U+007E, U+0085, U+00A0-U+D7FF, U+E000-U+FFFD and from
 * U+10000 on), and in *breaks whether one is a line break of YAML 1.1
 * but LF and CR (U+0085, U+2028, U+2029) or a byte order mark (U+FEFF),
 * which libyaml skips at the start of a line. Fast paths for what content
 * is made of: eight bytes at a step while they are ASCII from space to
 * '~' (or line ends), the like bytes before the first other one of eight
 * at once, and runs of the three-byte sequences of CJK text whose lead
 * byte (E1-EC, EE, EF) admits any continuation bytes; everything else is
 * decoded and checked for overlong forms, surrogates and the range. */
/* The three-byte characters of the lead bytes E2 and EF that matter:
 * U+FFFE and U+FFFF, which the reader refuses (*ok), and U+FEFF, U+2028
 * and U+2029 (*brk). Any other lead byte: nothing. */
static inline void du_utf8_e2_ef(unsigned c0, unsigned c1, unsigned c2, bool *ok, bool *brk)
{
    if (c0 == 0xef) {
        if (c1 == 0xbf && c2 >= 0xbe)
            *ok = false; /* U+FFFE, U+FFFF */
        else if (c1 == 0xbb && c2 == 0xbf)
            *brk = true; /* U+FEFF */
    } else if (c0 == 0xe2 && c1 == 0x80 && (c2 | 1) == 0xa9) {
        *brk = true; /* U+2028, U+2029 */
    }
}

static size_t du_utf8_check(const unsigned char *s, size_t len, size_t *chars, bool *plain,
                            bool *breaks)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    size_t i = 0, nc = 0;
    bool ok = true, brk = false;
    *chars = 0;
    *plain = false;
    *breaks = false;
    while (i < len) {
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t hi = w & highs, a = w & ~highs;
            /* per ASCII byte, exactly (a byte's low seven bits, so no sum
             * carries): the controls but tab, line feed and carriage
             * return (NUL among them), and DEL */
            uint64_t bad = ~(a + ones * 0x60) & highs;
            bad &= ((a ^ ones * '\n') + ones * 0x7f) & ((a ^ ones * '\t') + ones * 0x7f) &
                   ((a ^ ones * '\r') + ones * 0x7f);
            bad |= ~((a ^ ones * 0x7f) + ones * 0x7f) & highs;
            bad &= ~hi;
            if (!(hi | bad)) {
                i += 8;
                nc += 8;
                continue;
            }
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* past the plain ASCII bytes before the first other one */
            size_t k = (size_t)__builtin_ctzll(hi | bad) >> 3;
            i += k;
            nc += k;
#endif
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return i;
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                ok = false;
            i++;
            nc++;
            continue;
        }
        /* a run of three-byte sequences whose lead byte (E1-EC, EE, EF)
         * admits any continuation bytes: CJK text */
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        while (len - i >= 4) { /* a sequence in one load */
            uint32_t x;
            memcpy(&x, s + i, 4);
            if ((x & 0xc0c0f0) != 0x8080e0)
                break;
            unsigned l = x & 0x0f; /* lead E1, E3-EC and EE need nothing more */
            if (!((0x5ffau >> l) & 1)) {
                if (l == 0x0 || l == 0xd)
                    break;
                du_utf8_e2_ef(0xe0 | l, (x >> 8) & 0xff, (x >> 16) & 0xff, &ok, &brk);
            }
            i += 3;
            nc++;
        }
#endif
        while (len - i >= 3) {
            unsigned c0 = s[i], c1 = s[i + 1], c2 = s[i + 2];
            if (c0 < 0xe1 || c0 > 0xef || c0 == 0xed || (c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80)
                break;
            if (c0 == 0xef || c0 == 0xe2)
                du_utf8_e2_ef(c0, c1, c2, &ok, &brk);
            i += 3;
            nc++;
        }
        if (i == len || s[i] < 0x80)
            continue;
        c = s[i];
        size_t n;
        uint32_t cp, min;
        if ((c & 0xe0) == 0xc0) { n = 2; cp = c & 0x1f; min = 0x80; }
        else if ((c & 0xf0) == 0xe0) { n = 3; cp = c & 0x0f; min = 0x800; }
        else if ((c & 0xf8) == 0xf0) { n = 4; cp = c & 0x07; min = 0x10000; }
        else return i;
        if (i + n > len)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        if ((cp < 0xa0 && cp != 0x85) || cp == 0xfffe || cp == 0xffff)
            ok = false;
        brk |= cp == 0x85;
        i += n;
        nc++;
    }
    *chars = nc;
    *plain = ok;
    *breaks = brk;
    return len;
}

/* ---- the text handed to libyaml ---- */

/* libyaml's reader copies its input into a buffer of its own a character
 * at a time, checking each: an eighth of all the work of loading. The
 * text has been checked by then (du_utf8_check, as strictly as the
 * reader checks it), so the parser may be given the text itself as that
 * buffer, which it then only reads: the buffer is made to look as the
 * reader leaves it at the end of the input (every character in it and a
 * NUL after them, the end of the input reached), so the reader is never
 * called on. This relies on the parser's reader fields as libyaml 0.2
 * has them (yaml.h declares them; 0.2.1 to 0.2.5 use them alike), so it
 * is done for that version only; any other reads the usual way. Tests
 * compare both ways on the same texts (du_yaml_set_direct). */

/* Zero bytes after a text given as the parser's buffer: at the end the
 * scanner looks up to four characters past the last. */
#define DU_YPAD 8

static bool du_ydirect_off; /* tests: read through libyaml's reader */

void du_yaml_set_direct(bool on) { du_ydirect_off = !on; }

static bool du_ydirect_ok(void)
{
    int major, minor, patch;
    yaml_get_version(&major, &minor, &patch);
    return !du_ydirect_off && major == 0 && minor == 2;
}

typedef struct du_yown {
    yaml_char_t *start, *end, *pointer, *last;
} du_yown;

/* text: len bytes of chars characters followed by DU_YPAD zero bytes. The
 * parser's own buffer is kept in *own to be put back before
 * yaml_parser_delete frees it. */
static void du_ygive(yaml_parser_t *p, unsigned char *text, size_t len, size_t chars, du_yown *own)
{
    yaml_parser_set_input_string(p, text, len);
    *own = (du_yown){p->buffer.start, p->buffer.end, p->buffer.pointer, p->buffer.last};
    p->buffer.start = p->buffer.pointer = text;
    p->buffer.last = text + len + 1; /* the NUL the reader puts at the end */
    p->buffer.end = text + len + DU_YPAD;
    p->unread = chars + 1;
    p->encoding = YAML_UTF8_ENCODING;
    p->offset = len;
    p->eof = 1; /* with nothing left in the raw buffer: the reader returns at once */
}

static void du_ytake_back(yaml_parser_t *p, const du_yown *own)
{
    p->buffer.start = own->start;
    p->buffer.end = own->end;
    p->buffer.pointer = own->pointer;
    p->buffer.last = own->last;
}

/* line, col: 1-based */
static du_ynode *du_ynew(du_yctx *c, du_ytype t, int line, int col)
{
    du_ynode *n = du_arena_take(c->a, sizeof *n);
    *n = (du_ynode){.type = t,
                    .file = c->file,
                    .line = line,
                    .col = col,
                    .str = "",
                    .weight = 1};
    if (++c->nodes > DU_YAML_MAX_NODES && !c->failed) {
        du_diag_add(c->d, c->file, n->line, n->col, DU_ERROR,
                    "too many YAML nodes (limit %u)", (unsigned)DU_YAML_MAX_NODES);
        c->failed = true;
    }
    return n;
}

static void du_yerror(du_yctx *c, const du_ynode *at, const char *msg, const char *arg)
{
    du_diag_add(c->d, c->file, at ? at->line : 0, at ? at->col : 0, DU_ERROR, msg, arg);
    c->failed = true;
}

static void du_yanchor(du_yctx *c, const char *name, du_ynode *n)
{
    if (!name)
        return;
    if (c->nanchors == c->capanchors) {
        c->capanchors = c->capanchors ? c->capanchors * 2 : 16;
        c->anchors = du_xrealloc(c->anchors, c->capanchors * sizeof *c->anchors);
    }
    c->anchors[c->nanchors].name = du_arena_strdup(c->a, name);
    c->anchors[c->nanchors].node = n;
    c->nanchors++;
}

static du_ynode *du_yfind_anchor(du_yctx *c, const char *name)
{
    /* the latest definition of a name wins, as YAML requires */
    for (size_t i = c->nanchors; i-- > 0;)
        if (strcmp(c->anchors[i].name, name) == 0)
            return c->anchors[i].node;
    return NULL;
}

/* Attach a finished node to the open collection, or make it the root.
 * at: where an alias was used (expansion errors point there), or NULL. */
static void du_yattach(du_yctx *c, du_ynode *n, const yaml_mark_t *at)
{
    if (c->depth == 0) {
        c->root = n;
        return;
    }
    du_yframe *f = &c->stack[c->depth - 1];
    size_t w = n->weight == DU_OPEN ? 1 : n->weight;
    f->node->weight += w;
    /* only what aliases add counts here; plain nodes have their own limit */
    if (at)
        c->expanded += w;
    if (c->expanded > DU_YAML_MAX_EXPAND && !c->failed) {
        du_diag_add(c->d, c->file, at ? (int)at->line + 1 : n->line,
                    at ? (int)at->column + 1 : n->col, DU_ERROR,
                    "alias expansion exceeds %u nodes (a \"billion laughs\" file?)",
                    (unsigned)DU_YAML_MAX_EXPAND);
        c->failed = true;
    }
    if (f->node->type == DU_Y_SEQ) {
        du_vec_push(&f->items, n);
        return;
    }
    if (f->want_key) {
        if (n->type != DU_Y_SCALAR) {
            du_yerror(c, n, "a map key must be a plain string%s", "");
            n = du_ynew(c, DU_Y_SCALAR, n->line, n->col);
        }
        du_vec_push(&f->keys, n);
    } else {
        du_vec_push(&f->items, n);
    }
    f->want_key = !f->want_key;
}

static bool du_yis_merge(const du_ynode *k)
{
    return k->plain && k->len == 2 && k->str[0] == '<' && k->str[1] == '<';
}

static void du_ymerge_from(du_yctx *c, du_yframe *f, const du_ynode *src, const du_ynode *at)
{
    if (src->type != DU_Y_MAP) {
        du_yerror(c, at, "a merge key (<<) needs a map or a list of maps%s", "");
        return;
    }
    for (size_t i = 0; i < src->n; i++) {
        bool present = false;
        for (size_t j = 0; j < f->keys.n && !present; j++) {
            du_ynode *k = f->keys.v[j];
            present = !du_yis_merge(k) && strcmp(k->str, src->keys[i]->str) == 0;
        }
        if (!present) {
            du_vec_push(&f->keys, src->keys[i]);
            du_vec_push(&f->items, src->items[i]);
        }
    }
}

static int du_ykey_cmp(const void *x, const void *y)
{
    const du_ynode *a = *(du_ynode *const *)x, *b = *(du_ynode *const *)y;
    int r = strcmp(a->str, b->str);
    if (r)
        return r;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

static void du_ydup(du_yctx *c, const du_ynode *k, const du_ynode *first)
{
    du_diag_add(c->d, c->file, k->line, k->col, DU_ERROR,
                "duplicate key '%s' (first defined at line %d)", k->str, first->line);
}

/* Keys given twice, each reported with the one just before it. Content
 * maps are small: pairwise, lengths first, below 16 keys. */
static void du_ycheck_dups(du_yctx *c, du_ynode **keys, size_t n)
{
    if (n < 2)
        return;
    if (n < 16) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j-- > 0;)
                if (keys[j]->len == keys[i]->len && keys[j]->str[0] == keys[i]->str[0] &&
                    memcmp(keys[j]->str, keys[i]->str, keys[i]->len) == 0) {
                    du_ydup(c, keys[i], keys[j]);
                    break;
                }
        return;
    }
    du_ynode **sorted = du_xmalloc(n * sizeof *sorted);
    memcpy(sorted, keys, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, du_ykey_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(sorted[i]->str, sorted[i - 1]->str) == 0)
            du_ydup(c, sorted[i], sorted[i - 1]);
    free(sorted);
}

static void du_yclose(du_yctx *c)
{
    du_yframe *f = &c->stack[--c->depth];
    du_ynode *n = f->node;
    if (n->type == DU_Y_MAP) {
        size_t nkeys = f->keys.n;
        /* explicit keys first, for duplicate checking */
        du_ycheck_dups(c, (du_ynode **)f->keys.v, nkeys);
        for (size_t i = 0; i < nkeys; i++) {
            du_ynode *k = f->keys.v[i];
            if (!du_yis_merge(k))
                continue;
            du_ynode *v = f->items.v[i];
            if (v->type == DU_Y_SEQ)
                for (size_t j = 0; j < v->n; j++)
                    du_ymerge_from(c, f, v->items[j], v->items[j]);
            else
                du_ymerge_from(c, f, v, v);
        }
        size_t out = 0;
        n->keys = du_arena_alloc(c->a, (f->keys.n + 1) * sizeof *n->keys);
        n->items = du_arena_alloc(c->a, (f->keys.n + 1) * sizeof *n->items);
        for (size_t i = 0; i < f->keys.n && i < f->items.n; i++) {
            if (du_yis_merge(f->keys.v[i]))
                continue;
            n->keys[out] = f->keys.v[i];
            n->items[out] = f->items.v[i];
            out++;
        }
        n->n = out;
    } else {
        n->items = du_arena_alloc(c->a, (f->items.n + 1) * sizeof *n->items);
        if (f->items.n)
            memcpy(n->items, f->items.v, f->items.n * sizeof *n->items);
        n->n = f->items.n;
    }
    /* the frame's arrays stay for the next node at this depth */
    f->items.n = f->keys.n = 0;
    du_yattach(c, n, NULL);
}

static void du_yopen(du_yctx *c, du_ytype t, int line, int col, const char *anchor)
{
    du_ynode *n = du_ynew(c, t, line, col);
    if (c->depth >= DU_YAML_MAX_DEPTH) {
        du_diag_add(c->d, c->file, n->line, n->col, DU_ERROR,
                    "nesting deeper than %d levels", DU_YAML_MAX_DEPTH);
        c->failed = true;
        return;
    }
    du_yanchor(c, anchor, n);
    du_yframe *f = &c->stack[c->depth++];
    f->node = n;
    f->items.n = f->keys.n = 0; /* their storage is reused */
    f->want_key = true;
}

/* Escapes ("\0", "\x01") can put control characters into a string that
 * the raw-text check never saw; they would cut ids short (NUL) or break
 * the XML of a workbook, so they are refused. Tab, LF and CR stay. Only
 * double-quoted scalars have escapes: in any other, libyaml's reader has
 * refused such characters already (du_ysyntax_error). */
static bool du_ycontrol_ok(du_yctx *c, const du_ynode *n, const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
            du_diag_add(c->d, c->file, n->line, n->col, DU_ERROR,
                        s[i] ? "control character U+%04X in a string" : "NUL character (U+%04X) in a string",
                        s[i]);
            c->failed = true;
            return false;
        }
    return true;
}

/* A string at line, col, NUL-terminated, that lives as long as the tree
 * (used as it is); dquoted: in double quotes, the one style with escapes. */
static void du_yscalar_in(du_yctx *c, int line, int col, const char *s, size_t len, bool plain,
                          bool dquoted, const char *anchor)
{
    du_ynode *n = du_ynew(c, DU_Y_SCALAR, line, col);
    if (dquoted && !du_ycontrol_ok(c, n, (const unsigned char *)s, len))
        return;
    n->str = s;
    n->len = len;
    n->plain = plain;
    du_yanchor(c, anchor, n);
    du_yattach(c, n, NULL);
}

/* The same for len bytes anywhere: copied into the tree's arena. */
static void du_yscalar(du_yctx *c, int line, int col, const char *s, size_t len, bool plain,
                       bool dquoted, const char *anchor)
{
    du_yscalar_in(c, line, col, du_arena_strndup(c->a, s, len), len, plain, dquoted, anchor);
}

static void du_yalias(du_yctx *c, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    du_ynode *t = du_yfind_anchor(c, name);
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    if (!t) {
        du_diag_add(c->d, c->file, line, col, DU_ERROR, "unknown alias '*%s'", name);
        c->failed = true;
        return;
    }
    for (int i = 0; i < c->depth; i++)
        if (c->stack[i].node == t) {
            du_diag_add(c->d, c->file, line, col, DU_ERROR,
                        "alias '*%s' refers to a map or list that contains it", name);
            c->failed = true;
            return;
        }
    du_yattach(c, t, &ev->start_mark);
}

static void du_ysyntax_error(du_yctx *c, yaml_parser_t *p)
{
    if (p->error == YAML_READER_ERROR && p->problem_offset < c->len) {
        /* the reader gives a byte offset and no line: a control character
         * (the whole file is valid UTF-8 by then) */
        size_t skip = c->len >= 3 && memcmp(c->buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
        int line, col;
        du_ypos(c->buf + skip, c->len - skip, p->problem_offset - skip, &line, &col);
        int v = p->problem_value;
        if (v >= 0 && (v < 0x20 || (v >= 0x7f && v < 0xa0))) {
            du_diag_add(c->d, c->file, line, col, DU_ERROR, "control character U+%04X in the text",
                        (unsigned)v);
            du_diag_hint(c->d, "remove it; of the control characters only tab, line feed and "
                               "carriage return are allowed");
        } else if (v >= 0) {
            du_diag_add(c->d, c->file, line, col, DU_ERROR, "character U+%04X is not allowed in YAML",
                        (unsigned)v);
            du_diag_hint(c->d, "remove it");
        } else {
            du_diag_add(c->d, c->file, line, col, DU_ERROR, "YAML syntax: %s",
                        p->problem ? p->problem : "cannot read");
        }
        c->failed = true;
        return;
    }
    size_t off = p->problem_mark.index;
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    /* libyaml's index counts characters; find the byte of line/col ourselves */
    size_t b = 0;
    for (int l = 1; l < line && b < c->len; b++)
        if (c->buf[b] == '\n')
            l++;
    for (int k = 1; k < col && b < c->len; b++)
        if (((unsigned char)c->buf[b] & 0xc0) != 0x80)
            k++;
    (void)off;
    bool tab = false;
    if (b < c->len && c->buf[b] == '\t') {
        size_t s = b;
        while (s > 0 && c->buf[s - 1] != '\n' && (c->buf[s - 1] == ' ' || c->buf[s - 1] == '\t'))
            s--;
        tab = s == 0 || c->buf[s - 1] == '\n';
    }
    if (tab) {
        du_diag_add(c->d, c->file, line, col, DU_ERROR, "tab character used for indentation");
        du_diag_hint(c->d, "indent with spaces");
    } else if (p->context) {
        du_diag_add(c->d, c->file, line, col, DU_ERROR, "YAML syntax: %s %s", p->problem,
                    p->context);
        /* the opening of an unclosed quote or bracket is what the editor looks for */
        if (p->context_mark.line != p->problem_mark.line ||
            p->context_mark.column != p->problem_mark.column)
            du_diag_hint(c->d, "started at line %d, column %d", (int)p->context_mark.line + 1,
                         (int)p->context_mark.column + 1);
    } else {
        du_diag_add(c->d, c->file, line, col, DU_ERROR, "YAML syntax: %s",
                    p->problem ? p->problem : "cannot parse");
    }
    c->failed = true;
}

/* The end of a load either way: the tree, or NULL after errors. */
static du_ynode *du_ydone(du_yctx *c, bool *empty)
{
    for (size_t i = 0; i < sizeof c->stack / sizeof *c->stack; i++) {
        du_vec_free(&c->stack[i].items);
        du_vec_free(&c->stack[i].keys);
    }
    free(c->anchors);
    if (c->failed)
        return NULL;
    /* "---" alone (or "~") is an empty document, like a file of comments */
    du_ynode *r = c->root;
    if (r && r->type == DU_Y_SCALAR && r->plain &&
        (r->len == 0 || !strcmp(r->str, "~") || !strcmp(r->str, "null")))
        c->root = NULL;
    if (!c->root) {
        if (empty)
            *empty = true;
        return du_ynew(c, DU_Y_MAP, 1, 1);
    }
    return c->root;
}

/* ---- the text read without libyaml ---- */

static bool du_yfast_off; /* tests: always libyaml */

void du_yaml_set_fast(bool on) { du_yfast_off = !on; }

/* yamlfast.c reads as libyaml 0.2 does; with another version, libyaml. */
static bool du_yfast_ok(void)
{
    int major, minor, patch;
    yaml_get_version(&major, &minor, &patch);
    return !du_yfast_off && major == 0 && minor == 2;
}

/* Whether yamlfast.c read the text; then its events are built into the
 * tree as libyaml's would be. own: the text is writable and lives as long
 * as the tree (it is in the tree's arena). Then a string that stands in
 * the text as it reads (not a literal block, whose lines lose their
 * indentation) is ended in place, its NUL written over the byte after it
 * (a quote, a colon, a comma, a space, a line feed or the padding), and
 * the tree points at it instead of at a copy. The scan is over by then;
 * strings come in the order of the text, so the byte overwritten is
 * never one of a string still to come: checked all the same. */
static bool du_yfast_load(du_yctx *c, char *text, size_t len, bool own)
{
    du_yfast f;
    du_yfast_init(&f);
    bool taken = du_yfast_scan(&f, text, len);
    size_t free_from = 0; /* text before this offset may have been written */
    for (size_t i = 0; taken && i < f.n && !c->failed; i++) {
        const du_yfevent *e = &f.ev[i];
        switch (e->kind) {
        case DU_YF_MAP: du_yopen(c, DU_Y_MAP, e->line, e->col, NULL); break;
        case DU_YF_SEQ: du_yopen(c, DU_Y_SEQ, e->line, e->col, NULL); break;
        case DU_YF_END:
            if (c->depth > 0)
                du_yclose(c);
            break;
        case DU_YF_PLAIN:
        case DU_YF_QUOTED:
            if (own && e->off >= free_from) {
                text[e->off + e->len] = '\0';
                free_from = (size_t)e->off + e->len + 1;
                du_yscalar_in(c, e->line, e->col, text + e->off, e->len,
                              e->kind == DU_YF_PLAIN, e->kind == DU_YF_QUOTED, NULL);
                break;
            }
            /* fall through */
        default:
            du_yscalar(c, e->line, e->col, du_yfast_str(&f, e), e->len, e->kind == DU_YF_PLAIN,
                       e->kind == DU_YF_QUOTED, NULL);
            break;
        }
    }
    du_yfast_free(&f);
    return taken;
}

/* padded: buf[len] and the DU_YPAD - 1 bytes after it are zero, and buf
 * is in arena a, where nothing else writes to it (the tree may keep its
 * strings there). */
static du_ynode *du_yload(du_arena *a, char *buf, size_t len, bool padded, const char *display,
                          bool *empty, du_diag *d)
{
    du_yctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.d = d;
    c.file = du_arena_strdup(a, display);
    c.buf = buf;
    c.len = len;
    if (empty)
        *empty = false;
    if (len > DU_YAML_MAX_FILE) {
        du_diag_add(d, c.file, 0, 0, DU_ERROR, "file is larger than the limit of %u MiB",
                    (unsigned)(DU_YAML_MAX_FILE >> 20));
        return NULL;
    }
    if (len >= 2 && ((unsigned char)buf[0] == 0xff || (unsigned char)buf[0] == 0xfe) &&
        ((unsigned char)buf[1] ^ (unsigned char)buf[0]) == 0x01) {
        du_diag_add(d, c.file, 1, 1, DU_ERROR, "file is encoded as UTF-16 (or UTF-32)");
        du_diag_hint(d, "save it as UTF-8");
        return NULL;
    }
    size_t skip = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    size_t chars;
    bool plain, breaks;
    size_t bad =
        du_utf8_check((const unsigned char *)buf + skip, len - skip, &chars, &plain, &breaks);
    if (bad != len - skip) {
        int line, col;
        du_ypos(buf + skip, len - skip, bad, &line, &col);
        du_diag_add(d, c.file, line, col, DU_ERROR,
                    buf[skip + bad] ? "invalid UTF-8 byte 0x%02x" : "NUL byte (0x%02x) in text",
                    (unsigned char)buf[skip + bad]);
        return NULL;
    }
    if (plain && !breaks && du_yfast_ok() && du_yfast_load(&c, buf + skip, len - skip, padded))
        return du_ydone(&c, empty);
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    du_yown own = {0};
    bool direct = padded && plain && du_ydirect_ok();
    if (direct)
        du_ygive(&p, (unsigned char *)buf + skip, len - skip, chars, &own);
    else
        yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    int docs = 0;
    bool done = false;
    while (!done && !c.failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            du_ysyntax_error(&c, &p);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                du_diag_add(d, c.file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                            DU_ERROR, "more than one YAML document in a file");
                c.failed = true;
            }
            break;
        case YAML_MAPPING_START_EVENT:
            du_yopen(&c, DU_Y_MAP, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                     (const char *)ev.data.mapping_start.anchor);
            break;
        case YAML_SEQUENCE_START_EVENT:
            du_yopen(&c, DU_Y_SEQ, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                     (const char *)ev.data.sequence_start.anchor);
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (c.depth > 0)
                du_yclose(&c);
            break;
        case YAML_SCALAR_EVENT:
            du_yscalar(&c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                       (const char *)ev.data.scalar.value, ev.data.scalar.length,
                       ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE,
                       ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE,
                       (const char *)ev.data.scalar.anchor);
            break;
        case YAML_ALIAS_EVENT: du_yalias(&c, &ev); break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    if (direct)
        du_ytake_back(&p, &own);
    yaml_parser_delete(&p);
    return du_ydone(&c, empty);
}

du_ynode *du_yaml_load_mem(du_arena *a, const char *buf, size_t len, const char *display,
                           bool *empty, du_diag *d)
{
    if (len > DU_YAML_MAX_FILE) /* refused before a byte is read */
        return du_yload(a, (char *)buf, len, false, display, empty, d);
    /* a padded copy in the tree's arena, for the parser to read as it is
     * and the tree to keep its strings in */
    char *copy = du_arena_take(a, len + DU_YPAD);
    memcpy(copy, buf, len);
    memset(copy + len, 0, DU_YPAD);
    return du_yload(a, copy, len, true, display, empty, d);
}

du_ynode *du_yaml_load_file(du_arena *a, const char *path, const char *display, bool *empty,
                            uint64_t *hash, du_diag *d)
{
    if (hash)
        *hash = 0;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        du_diag_add(d, display, 0, 0, DU_ERROR, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        du_diag_add(d, display, 0, 0, DU_ERROR, "not a regular file");
        close(fd);
        return NULL;
    }
    if ((uint64_t)st.st_size > DU_YAML_MAX_FILE) {
        du_diag_add(d, display, 0, 0, DU_ERROR, "file is larger than the limit of %u MiB",
                    (unsigned)(DU_YAML_MAX_FILE >> 20));
        close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    /* in the tree's arena: the tree may keep its strings there */
    char *buf = du_arena_take(a, size + DU_YPAD); /* read into, padded after */
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    memset(buf + got, 0, DU_YPAD);
    if (hash && got == size)
        *hash = du_hash_file_bytes(buf, got);
    return du_yload(a, buf, got, true, display, empty, d);
}
