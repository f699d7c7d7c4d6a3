/* mustache.c - Mustache templates: a source is compiled in four passes
 * (tokenise, match tags, decide which whitespace each tag removes, build a
 * node tree), cached by name, and rendered against a du_val context stack. */
#include "mustache.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* ------------------------------------------------------------------ */
/* Compiled form                                                       */

typedef enum {
    N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT, N_BLOCK
} node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    const char *s;       /* N_TEXT: the text; others: the tag name (NUL-terminated) */
    size_t len;          /* bytes in s */
    const char **path;   /* variables and sections: the dotted name split; npath 0 is "." */
    du_khash *hash;      /* du_key_hash() of each path segment */
    size_t npath;
    size_t pos;          /* offset of the tag in the source, for messages */
    node **kids;         /* sections, blocks: content; parents: their argument blocks */
    size_t nkids;
    const char *indent;  /* partials, parents, blocks: indentation added on expansion */
    size_t indent_len;
    const char *lead;    /* blocks: whitespace written before the default content */
    size_t lead_len;
    bool intrinsic;      /* blocks: indent applies to the default content as well */
    struct du_tpl *sub;  /* partials, parents: the template named, once looked up */
};

typedef struct du_tpl du_tpl;
struct du_tpl {
    char *name;
    char *path;          /* as shown in messages */
    char *src;           /* private copy of the source; text nodes point into it */
    size_t len;
    du_arena arena;      /* nodes and names */
    node **kids;
    size_t nkids;
    du_diag errs;        /* compile errors, replayed on every use */
    bool missing;        /* the loader does not know this name */
    unsigned check_gen;  /* last du_tpl_check pass that visited it */
    du_tpl *next;        /* hash chain */
};

struct du_tpl_env {
    du_tpl_load_fn load;
    void *ud;
    du_tpl_escape_fn esc;
    bool strict;
    size_t max_steps;
    const du_val *consts; /* du_tpl_env_set_consts */
    du_tpl **slots;      /* hash table of compiled templates by name */
    size_t nslots, count;
    unsigned check_gen;
};

/* ------------------------------------------------------------------ */
/* Utilities                                                           */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* First occurrence of needle (k > 0 bytes) in s[0..n), or NULL. */
static const char *find_bytes(const char *s, size_t n, const char *needle, size_t k)
{
    while (n >= k) {
        const char *p = memchr(s, needle[0], n - k + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, k) == 0)
            return p;
        n -= (size_t)(p - s) + 1;
        s = p + 1;
    }
    return NULL;
}

/* 1-based line and column of byte pos; columns count UTF-8 characters. */
static void line_col(const char *s, size_t pos, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < pos; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Record an error at byte pos of template t into d (pos SIZE_MAX: no position). */
static void tpl_verror(du_diag *d, const du_tpl *t, size_t pos, const char *fmt, va_list ap)
{
    int line = 0, col = 0;
    if (pos != SIZE_MAX && t->src)
        line_col(t->src, pos, &line, &col);
    du_buf msg = DU_BUF_INIT;
    du_buf_init(&msg);
    du_buf_vprintf(&msg, fmt, ap);
    du_diag_add(d, t->path, line, col, DU_ERROR, "%s", msg.ptr);
    du_buf_free(&msg);
}

static void tpl_error(du_diag *d, const du_tpl *t, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void tpl_error(du_diag *d, const du_tpl *t, size_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tpl_verror(d, t, pos, fmt, ap);
    va_end(ap);
}

/* Copy the compile errors of t into d. */
static void replay_errors(const du_tpl *t, du_diag *d)
{
    for (size_t i = 0; i < t->errs.n; i++) {
        const du_diag_item *it = &t->errs.items[i];
        du_diag_add(d, it->file, it->line, it->col, it->sev, "%s", it->msg);
    }
}

/* ------------------------------------------------------------------ */
/* Pass 1: tokens                                                      */

typedef enum {
    T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT, T_PARTIAL, T_PARENT,
    T_BLOCK, T_DELIM
} tok_kind;

typedef struct tok {
    tok_kind kind;
    size_t start, end;       /* the tag, delimiters included */
    size_t name, name_len;   /* trimmed content */
    size_t line_start;       /* where the blanks before the tag begin, when lclear */
    size_t line_end;         /* after trailing blanks and the newline, when rclear */
    bool lclear, rclear;     /* only blanks between the tag and the line start / end */
    size_t cut_lo, cut_hi;   /* source range the tag removes from the output */
    size_t match;            /* index of the matching opening or closing tag */
    bool standalone;         /* alone on its line */
    bool arg;                /* block directly inside a parent: an argument */
    bool pair;               /* standalone element (parent or parameter block) */
    size_t ind_lo, ind_hi;   /* raw indentation: partial/parent/block expansion */
    bool intrinsic;          /* block: ind is the intrinsic indentation of its content */
} tok;

typedef struct comp {
    du_tpl *t;
    const char *src;
    size_t len;
    tok *toks;
    size_t ntok, cap;
    bool failed;
} comp;

static void comp_error(comp *c, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void comp_error(comp *c, size_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tpl_verror(&c->t->errs, c->t, pos, fmt, ap);
    va_end(ap);
    c->failed = true;
}

typedef struct delims {
    char open[DU_TPL_MAX_DELIM + 1], close[DU_TPL_MAX_DELIM + 2];
    size_t olen, clen;
} delims;

static tok_kind sigil_kind(char ch, size_t *skip)
{
    *skip = 1;
    switch (ch) {
    case '{': case '&': return T_RAW;
    case '#': return T_SECTION;
    case '^': return T_INVERTED;
    case '/': return T_CLOSE;
    case '!': return T_COMMENT;
    case '>': return T_PARTIAL;
    case '<': return T_PARENT;
    case '$': return T_BLOCK;
    case '=': return T_DELIM;
    default: *skip = 0; return T_VAR;
    }
}

static void trim(const char *s, size_t *lo, size_t *hi)
{
    while (*lo < *hi && is_space(s[*lo]))
        (*lo)++;
    while (*hi > *lo && is_space(s[*hi - 1]))
        (*hi)--;
}

/* Parse "{{=<% %>=}}" content [lo, hi) into new delimiters. */
static bool set_delims(const char *s, size_t lo, size_t hi, delims *d)
{
    trim(s, &lo, &hi);
    size_t a = lo;
    while (a < hi && !is_space(s[a]))
        a++;
    size_t b = a;
    while (b < hi && is_space(s[b]))
        b++;
    size_t ol = a - lo, cl = hi - b;
    if (ol == 0 || cl == 0 || ol > DU_TPL_MAX_DELIM || cl > DU_TPL_MAX_DELIM)
        return false;
    for (size_t i = b; i < hi; i++)
        if (is_space(s[i]))
            return false;
    if (memchr(s + lo, '=', ol) || memchr(s + b, '=', cl))
        return false;
    memcpy(d->open, s + lo, ol);
    d->olen = ol;
    memcpy(d->close, s + b, cl);
    d->clen = cl;
    return true;
}

static void clearances(comp *c, tok *t)
{
    const char *s = c->src;
    size_t i = t->start;
    while (i > 0 && is_blank(s[i - 1]))
        i--;
    t->line_start = i;
    t->lclear = i == 0 || s[i - 1] == '\n';
    i = t->end;
    while (i < c->len && is_blank(s[i]))
        i++;
    t->rclear = true;
    if (i < c->len && s[i] == '\n')
        i++;
    else if (i + 1 < c->len && s[i] == '\r' && s[i + 1] == '\n')
        i += 2;
    else if (i < c->len)
        t->rclear = false;
    t->line_end = i;
}

static void push_tok(comp *c, const tok *t)
{
    if (c->ntok == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->toks = du_xrealloc(c->toks, c->cap * sizeof *c->toks);
    }
    c->toks[c->ntok++] = *t;
}

/* Scan one tag starting at `start` (where the open delimiter was found). */
static bool scan_tag(comp *c, size_t start, delims *d, size_t *next)
{
    tok t;
    memset(&t, 0, sizeof t);
    t.start = start;
    size_t p = start + d->olen, skip = 0;
    char ch = p < c->len ? c->src[p] : '\0';
    t.kind = sigil_kind(ch, &skip);
    p += skip;
    char needle[DU_TPL_MAX_DELIM + 2];
    size_t nlen = 0;
    if (ch == '{' || ch == '=')
        needle[nlen++] = ch == '{' ? '}' : '=';
    memcpy(needle + nlen, d->close, d->clen);
    nlen += d->clen;
    const char *e = find_bytes(c->src + p, c->len - p, needle, nlen);
    if (!e) {
        comp_error(c, start, "unclosed tag: no '%.*s' after it", (int)d->clen, d->close);
        return false;
    }
    size_t lo = p, hi = (size_t)(e - c->src);
    t.end = hi + nlen;
    *next = t.end;
    if (t.kind == T_DELIM && !set_delims(c->src, lo, hi, d)) {
        comp_error(c, start, "bad delimiter tag: expected two delimiters of at most %d "
                   "bytes without spaces or '=', as in {{=<%% %%>=}}", DU_TPL_MAX_DELIM);
        return false;
    }
    trim(c->src, &lo, &hi);
    t.name = lo;
    t.name_len = hi - lo;
    if (t.name_len == 0 && t.kind != T_COMMENT && t.kind != T_DELIM) {
        comp_error(c, start, "empty tag name");
        return false;
    }
    clearances(c, &t);
    push_tok(c, &t);
    return true;
}

static bool tokenize(comp *c)
{
    delims d;
    memcpy(d.open, "{{", 3);
    memcpy(d.close, "}}", 3);
    d.olen = d.clen = 2;
    size_t pos = 0;
    while (pos < c->len) {
        const char *o = find_bytes(c->src + pos, c->len - pos, d.open, d.olen);
        if (!o)
            break;
        if (!scan_tag(c, (size_t)(o - c->src), &d, &pos))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Pass 2: match opening and closing tags                              */

static bool is_opener(tok_kind k)
{
    return k == T_SECTION || k == T_INVERTED || k == T_PARENT || k == T_BLOCK;
}

static const char *kind_word(tok_kind k)
{
    switch (k) {
    case T_INVERTED: return "inverted section";
    case T_PARENT: return "parent";
    case T_BLOCK: return "block";
    default: return "section";
    }
}

static bool same_name(const comp *c, const tok *a, const tok *b)
{
    return a->name_len == b->name_len &&
           memcmp(c->src + a->name, c->src + b->name, a->name_len) == 0;
}

static bool close_tag(comp *c, size_t i, const size_t *stack, size_t *n)
{
    tok *t = &c->toks[i];
    if (*n == 0) {
        comp_error(c, t->start, "closing tag '%.*s' has no open section", (int)t->name_len,
                   c->src + t->name);
        return false;
    }
    tok *o = &c->toks[stack[*n - 1]];
    if (!same_name(c, o, t)) {
        int line, col;
        line_col(c->src, o->start, &line, &col);
        comp_error(c, t->start, "closing tag '%.*s' does not match %s '%.*s' opened at %d:%d",
                   (int)t->name_len, c->src + t->name, kind_word(o->kind), (int)o->name_len,
                   c->src + o->name, line, col);
        return false;
    }
    o->match = i;
    t->match = stack[--*n];
    return true;
}

static bool match_tags(comp *c)
{
    size_t stack[DU_TPL_MAX_NESTING], n = 0;
    for (size_t i = 0; i < c->ntok; i++) {
        tok *t = &c->toks[i];
        if (t->kind == T_CLOSE) {
            if (!close_tag(c, i, stack, &n))
                return false;
            continue;
        }
        if (!is_opener(t->kind))
            continue;
        if (n == DU_TPL_MAX_NESTING) {
            comp_error(c, t->start, "more than %d sections, parents and blocks open at once",
                       DU_TPL_MAX_NESTING);
            return false;
        }
        t->arg = t->kind == T_BLOCK && n > 0 && c->toks[stack[n - 1]].kind == T_PARENT;
        stack[n++] = i;
    }
    if (n > 0) {
        tok *o = &c->toks[stack[n - 1]];
        comp_error(c, o->start, "%s '%.*s' is never closed", kind_word(o->kind),
                   (int)o->name_len, c->src + o->name);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Pass 3: which whitespace each tag removes                           */
/* A tag alone on its line removes the line. Beyond that, following the
 * inheritance spec, a parent or parameter block whose opening tag starts a
 * line and whose closing tag ends one is a standalone element, and a block
 * has an intrinsic indentation that is removed where its content is
 * written and added back where it is expanded. */

/* Range of blanks that starts the line beginning at pos. */
static void line_indent(const comp *c, size_t pos, size_t *lo, size_t *hi)
{
    size_t i = pos;
    while (i < c->len && is_blank(c->src[i]))
        i++;
    *lo = pos;
    *hi = i;
}

/* A parent element: standalone when it starts and ends its lines; its
 * leading blanks then indent the expansion. */
static void decide_parent(tok *o, tok *e)
{
    o->pair = o->lclear && e->rclear;
    if (!o->pair)
        return;
    o->cut_lo = o->line_start;
    e->cut_hi = e->line_end;
    o->ind_lo = o->line_start;
    o->ind_hi = o->start;
}

/* An argument block: a line end right after its opening tag belongs to
 * the tag, and the next line's blanks are its intrinsic indentation. The
 * closing tag takes the blanks before it. */
static void decide_argument(comp *c, tok *o, tok *e)
{
    if (o->rclear) {
        o->cut_hi = o->line_end;
        o->intrinsic = true;
        line_indent(c, o->line_end, &o->ind_lo, &o->ind_hi);
    }
    if (e->lclear)
        e->cut_lo = e->line_start;
}

/* A parameter block: as a standalone element it indents what it expands
 * to, by its intrinsic indentation when its opening tag ends a line, else
 * by the blanks before the opening tag. */
static void decide_parameter(comp *c, tok *o, tok *e)
{
    o->pair = o->lclear && e->rclear;
    if (!o->pair)
        return;
    if (o->rclear) {
        o->intrinsic = true;
        line_indent(c, o->line_end, &o->ind_lo, &o->ind_hi);
        return;
    }
    o->cut_lo = o->line_start;
    o->ind_lo = o->line_start;
    o->ind_hi = o->start;
}

static void decide(comp *c)
{
    for (size_t i = 0; i < c->ntok; i++) {
        tok *t = &c->toks[i];
        t->cut_lo = t->start;
        t->cut_hi = t->end;
        if (t->kind == T_VAR || t->kind == T_RAW || !t->lclear || !t->rclear)
            continue;
        t->standalone = true;
        t->cut_lo = t->line_start;
        t->cut_hi = t->line_end;
        if (t->kind == T_PARTIAL) {
            t->ind_lo = t->line_start;
            t->ind_hi = t->start;
        }
    }
    for (size_t i = 0; i < c->ntok; i++) {
        tok *t = &c->toks[i];
        if (t->kind == T_PARENT)
            decide_parent(t, &c->toks[t->match]);
        else if (t->kind == T_BLOCK && t->arg)
            decide_argument(c, t, &c->toks[t->match]);
        else if (t->kind == T_BLOCK)
            decide_parameter(c, t, &c->toks[t->match]);
    }
}

/* ------------------------------------------------------------------ */
/* Pass 4: the node tree                                               */

typedef struct open_el {
    node *n;             /* the section, parent or block being filled */
    du_vec kids;
    size_t out_lo, out_len; /* intrinsic indentation removed from its lines */
} open_el;

typedef struct builder {
    comp *c;
    open_el stack[DU_TPL_MAX_NESTING + 1]; /* stack[0] is the template itself */
    size_t depth;
} builder;

/* Skip the intrinsic indentations of the enclosing blocks, outermost
 * first, at the line start pos; never past hi. */
static size_t outdent(const builder *b, size_t pos, size_t hi)
{
    const char *s = b->c->src;
    for (size_t i = 1; i <= b->depth; i++) {
        const open_el *el = &b->stack[i];
        if (el->out_len && pos + el->out_len <= hi &&
            memcmp(s + pos, s + el->out_lo, el->out_len) == 0)
            pos += el->out_len;
    }
    return pos;
}

static node *new_node(builder *b, node_kind kind, size_t pos)
{
    node *n = du_arena_alloc(&b->c->t->arena, sizeof *n);
    n->kind = kind;
    n->pos = pos;
    return n;
}

static void add_node(builder *b, node *n)
{
    open_el *top = &b->stack[b->depth];
    if (top->n && top->n->kind == N_PARENT && n->kind != N_BLOCK)
        return; /* a parent keeps only its argument blocks */
    du_vec_push(&top->kids, n);
}

static void add_text(builder *b, size_t lo, size_t hi)
{
    open_el *top = &b->stack[b->depth];
    const char *s = b->c->src;
    if (top->kids.n) {
        node *last = top->kids.v[top->kids.n - 1];
        if (last->kind == N_TEXT && last->s + last->len == s + lo) {
            last->len += hi - lo;
            return;
        }
    }
    node *n = new_node(b, N_TEXT, lo);
    n->s = s + lo;
    n->len = hi - lo;
    add_node(b, n);
}

/* Literal text [lo, hi), split where enclosing blocks remove indentation. */
static void emit_text(builder *b, size_t lo, size_t hi)
{
    const open_el *top = &b->stack[b->depth];
    if (top->n && top->n->kind == N_PARENT)
        return; /* text inside a parent but outside its blocks is ignored */
    const char *s = b->c->src;
    while (lo < hi) {
        if (lo == 0 || s[lo - 1] == '\n')
            lo = outdent(b, lo, hi);
        const char *nl = memchr(s + lo, '\n', hi - lo);
        size_t e = nl ? (size_t)(nl - s) + 1 : hi;
        if (e > lo)
            add_text(b, lo, e);
        lo = e;
    }
}

static const char *tok_name(builder *b, const tok *t)
{
    return du_arena_strndup(&b->c->t->arena, b->c->src + t->name, t->name_len);
}

/* Split a dotted name; "." is the implicit iterator (no segments). */
static void split_path(builder *b, node *n)
{
    if (strcmp(n->s, ".") == 0)
        return;
    size_t segs = 1;
    for (const char *p = n->s; *p; p++)
        segs += *p == '.';
    n->path = du_arena_alloc(&b->c->t->arena, segs * sizeof *n->path);
    n->hash = du_arena_alloc(&b->c->t->arena, segs * sizeof *n->hash);
    const char *p = n->s;
    for (size_t i = 0; i < segs; i++) {
        const char *dot = strchr(p, '.');
        size_t k = dot ? (size_t)(dot - p) : strlen(p);
        n->path[i] = du_arena_strndup(&b->c->t->arena, p, k);
        n->hash[i] = du_key_hash(n->path[i]);
        p += k + 1;
    }
    n->npath = segs;
}

/* Indentation [lo, hi) as seen after the enclosing blocks' outdent. */
static void set_indent(builder *b, node *n, size_t lo, size_t hi)
{
    lo = outdent(b, lo, hi);
    n->indent = b->c->src + lo;
    n->indent_len = hi - lo;
}

static void open_element(builder *b, const tok *t, node_kind kind)
{
    node *n = new_node(b, kind, t->start);
    n->s = tok_name(b, t);
    n->len = t->name_len;
    if (kind == N_SECTION || kind == N_INVERTED)
        split_path(b, n);
    size_t out_lo = 0, out_len = 0;
    if (kind == N_PARENT && t->pair)
        set_indent(b, n, t->ind_lo, t->ind_hi);
    if (kind == N_BLOCK && t->intrinsic) {
        set_indent(b, n, t->ind_lo, t->ind_hi);
        n->intrinsic = true;
        out_lo = (size_t)(n->indent - b->c->src);
        out_len = n->indent_len;
    } else if (kind == N_BLOCK && t->pair) {
        set_indent(b, n, t->ind_lo, t->ind_hi);
        n->lead = n->indent;
        n->lead_len = n->indent_len;
    }
    open_el *el = &b->stack[++b->depth];
    memset(el, 0, sizeof *el);
    el->n = n;
    el->out_lo = out_lo;
    el->out_len = out_len;
}

/* Move a du_vec of nodes into an arena array. */
static void settle_kids(builder *b, open_el *el, node ***kids, size_t *n)
{
    *n = el->kids.n;
    *kids = du_arena_alloc(&b->c->t->arena, (el->kids.n ? el->kids.n : 1) * sizeof **kids);
    if (el->kids.n)
        memcpy(*kids, el->kids.v, el->kids.n * sizeof **kids);
    du_vec_free(&el->kids);
}

static void close_element(builder *b)
{
    open_el *el = &b->stack[b->depth];
    settle_kids(b, el, &el->n->kids, &el->n->nkids);
    b->depth--;
    add_node(b, el->n);
}

static void add_leaf(builder *b, const tok *t)
{
    static const node_kind kinds[] = {
        [T_VAR] = N_VAR, [T_RAW] = N_RAW, [T_PARTIAL] = N_PARTIAL,
    };
    node *n = new_node(b, kinds[t->kind], t->start);
    n->s = tok_name(b, t);
    n->len = t->name_len;
    if (t->kind == T_PARTIAL && t->standalone)
        set_indent(b, n, t->ind_lo, t->ind_hi);
    else if (t->kind != T_PARTIAL)
        split_path(b, n);
    add_node(b, n);
}

static void build_tok(builder *b, const tok *t)
{
    switch (t->kind) {
    case T_VAR: case T_RAW: case T_PARTIAL: add_leaf(b, t); break;
    case T_SECTION: open_element(b, t, N_SECTION); break;
    case T_INVERTED: open_element(b, t, N_INVERTED); break;
    case T_PARENT: open_element(b, t, N_PARENT); break;
    case T_BLOCK: open_element(b, t, N_BLOCK); break;
    case T_CLOSE: close_element(b); break;
    case T_COMMENT: case T_DELIM: break;
    }
}

static void build(comp *c)
{
    builder *b = du_xcalloc(1, sizeof *b);
    b->c = c;
    size_t prev = 0;
    for (size_t i = 0; i < c->ntok; i++) {
        const tok *t = &c->toks[i];
        if (t->cut_lo > prev)
            emit_text(b, prev, t->cut_lo);
        build_tok(b, t);
        if (t->cut_hi > prev)
            prev = t->cut_hi;
    }
    emit_text(b, prev, c->len);
    settle_kids(b, &b->stack[0], &c->t->kids, &c->t->nkids);
    free(b);
}

static void compile(du_tpl *t)
{
    comp c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.src = t->src;
    c.len = t->len;
    if (tokenize(&c) && match_tags(&c)) {
        decide(&c);
        build(&c);
    }
    free(c.toks);
}

/* ------------------------------------------------------------------ */
/* Environment and cache                                               */

static size_t hash_name(const char *s)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return (size_t)h;
}

du_tpl_env *du_tpl_env_new(du_tpl_load_fn load, void *ud)
{
    du_tpl_env *env = du_xcalloc(1, sizeof *env);
    env->load = load;
    env->ud = ud;
    env->esc = du_buf_put_html;
    env->max_steps = DU_TPL_MAX_STEPS;
    env->nslots = 64;
    env->slots = du_xcalloc(env->nslots, sizeof *env->slots);
    return env;
}

static void tpl_free(du_tpl *t)
{
    du_arena_free(&t->arena);
    du_diag_free(&t->errs);
    free(t->name);
    free(t->path);
    free(t->src);
    free(t);
}

void du_tpl_env_free(du_tpl_env *env)
{
    if (!env)
        return;
    for (size_t i = 0; i < env->nslots; i++)
        for (du_tpl *t = env->slots[i], *next; t; t = next) {
            next = t->next;
            tpl_free(t);
        }
    free(env->slots);
    free(env);
}

void du_tpl_env_set_escape(du_tpl_env *env, du_tpl_escape_fn esc)
{
    env->esc = esc ? esc : du_buf_put_html;
}

void du_tpl_env_set_strict(du_tpl_env *env, bool strict) { env->strict = strict; }

void du_tpl_env_set_consts(du_tpl_env *env, const du_val *consts) { env->consts = consts; }

void du_tpl_env_set_max_steps(du_tpl_env *env, size_t max_steps)
{
    env->max_steps = max_steps ? max_steps : DU_TPL_MAX_STEPS;
}

static void env_grow(du_tpl_env *env)
{
    size_t n = env->nslots * 2;
    du_tpl **slots = du_xcalloc(n, sizeof *slots);
    for (size_t i = 0; i < env->nslots; i++)
        for (du_tpl *t = env->slots[i], *next; t; t = next) {
            next = t->next;
            size_t h = hash_name(t->name) & (n - 1);
            t->next = slots[h];
            slots[h] = t;
        }
    free(env->slots);
    env->slots = slots;
    env->nslots = n;
}

/* ---- constants into text ---- */

/* The text a scalar prints: false for null, lists and maps. */
static bool value_text(const du_val *v, du_buf *scratch, const char **s, size_t *len)
{
    switch (v->type) {
    case DU_STR: *s = v->str; *len = v->len; return true;
    case DU_BOOL: *s = v->b ? "true" : "false"; *len = strlen(*s); return true;
    case DU_NUM:
        du_buf_clear(scratch);
        du_buf_put_num(scratch, v->num);
        *s = scratch->ptr;
        *len = scratch->len;
        return true;
    default: return false;
    }
}

/* A variable named under env->consts, as the text it prints, into the
 * template's arena; false when it is not one or prints more than a line. */
static bool fold_var(du_tpl_env *env, du_tpl *t, node *n)
{
    if ((n->kind != N_VAR && n->kind != N_RAW) || n->npath == 0)
        return false;
    const du_val *v = du_map_get_hashed(env->consts, n->path[0], n->hash[0]);
    for (size_t k = 1; v && k < n->npath; k++)
        v = du_map_get_hashed(v, n->path[k], n->hash[k]);
    const char *s;
    size_t len;
    du_buf scratch = DU_BUF_INIT, out = DU_BUF_INIT;
    bool ok = v && value_text(v, &scratch, &s, &len) && !memchr(s, '\n', len);
    if (ok) {
        du_buf_init(&out);
        if (n->kind == N_VAR)
            env->esc(&out, s, len);
        else
            du_buf_put(&out, s, len);
        n->kind = N_TEXT;
        n->s = du_arena_strndup(&t->arena, out.ptr, out.len);
        n->len = out.len;
    }
    du_buf_free(&scratch);
    du_buf_free(&out);
    return ok;
}

/* Fold the constants of a node list and of the lists inside it, and join
 * the texts that then stand next to each other. */
static void fold_kids(du_tpl_env *env, du_tpl *t, node ***kids, size_t *nkids)
{
    node **k = *kids;
    size_t out = 0;
    for (size_t i = 0; i < *nkids; i++) {
        node *n = k[i];
        if (n->nkids)
            fold_kids(env, t, &n->kids, &n->nkids);
        fold_var(env, t, n);
        if (n->kind == N_TEXT && out > 0 && k[out - 1]->kind == N_TEXT) {
            node *prev = k[out - 1];
            char *joined = du_arena_alloc(&t->arena, prev->len + n->len + 1);
            memcpy(joined, prev->s, prev->len);
            memcpy(joined + prev->len, n->s, n->len);
            joined[prev->len + n->len] = '\0';
            prev->s = joined;
            prev->len += n->len;
            continue;
        }
        k[out++] = n;
    }
    *nkids = out;
}

/* Ask the loader for `name` and compile what it returns. */
static du_tpl *tpl_load(du_tpl_env *env, const char *name)
{
    du_tpl *t = du_xcalloc(1, sizeof *t);
    du_arena_init(&t->arena);
    du_diag_init(&t->errs);
    t->name = du_xstrdup(name);
    size_t len = 0;
    const char *path = NULL;
    const char *src = env->load ? env->load(env->ud, name, &len, &path) : NULL;
    t->path = du_xstrdup(path ? path : name);
    if (!src) {
        t->missing = true;
        return t;
    }
    if (len > DU_TPL_MAX_SIZE) {
        tpl_error(&t->errs, t, SIZE_MAX, "template is %zu bytes, more than the limit of %u",
                  len, DU_TPL_MAX_SIZE);
        return t;
    }
    t->src = du_xmalloc(len + 1);
    memcpy(t->src, src, len);
    t->src[len] = '\0';
    t->len = len;
    compile(t);
    if (env->consts && !t->errs.n)
        fold_kids(env, t, &t->kids, &t->nkids);
    return t;
}

/* The cached template called name, loading and compiling it on first use. */
static du_tpl *env_get(du_tpl_env *env, const char *name)
{
    size_t h = hash_name(name) & (env->nslots - 1);
    for (du_tpl *t = env->slots[h]; t; t = t->next)
        if (strcmp(t->name, name) == 0)
            return t;
    du_tpl *t = tpl_load(env, name);
    if (env->count * 4 >= env->nslots * 3) {
        env_grow(env);
        h = hash_name(name) & (env->nslots - 1);
    }
    t->next = env->slots[h];
    env->slots[h] = t;
    env->count++;
    return t;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

/* One parent expansion in progress: its argument blocks, the template
 * they were written in, and the expansions around it. */
typedef struct frame {
    const node *parent;
    const du_tpl *tpl;
    const struct frame *outer;
} frame;

typedef struct render {
    du_tpl_env *env;
    du_diag *diags;
    du_buf *out;
    const du_val **stack; /* context stack, innermost last */
    size_t nstack, cap;
    du_buf indent;        /* indentation of the current line starts */
    du_buf scratch;
    bool bol;             /* the output is at the start of a template line */
    bool failed;
    size_t steps;
    int depth;
} render;

static void render_nodes(render *r, const du_tpl *t, node *const *kids, size_t n,
                         const frame *frames);

static void render_fail(render *r, const du_tpl *t, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void render_fail(render *r, const du_tpl *t, size_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tpl_verror(r->diags, t, pos, fmt, ap);
    va_end(ap);
    r->failed = true;
}

/* Count one unit of work; false (and an error) once over the limit. */
static bool step(render *r, const du_tpl *t, const node *n)
{
    if (++r->steps <= r->env->max_steps)
        return true;
    render_fail(r, t, n->pos, "rendering takes more than %zu steps (section iterations "
                "and expansions)", r->env->max_steps);
    return false;
}

static void push_ctx(render *r, const du_val *v)
{
    if (r->nstack == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->stack = du_xrealloc(r->stack, r->cap * sizeof *r->stack);
    }
    r->stack[r->nstack++] = v;
}

static void put_indent(render *r)
{
    if (r->bol && r->indent.len)
        du_buf_put(r->out, r->indent.ptr, r->indent.len);
}

/* Template text: every line start gets the current indentation. */
static void put_text(render *r, const char *s, size_t n)
{
    while (n > 0) {
        put_indent(r);
        const char *nl = r->indent.len ? memchr(s, '\n', n) : NULL;
        size_t k = nl ? (size_t)(nl - s) + 1 : n;
        du_buf_put(r->out, s, k);
        r->bol = s[k - 1] == '\n';
        s += k;
        n -= k;
    }
}

/* Resolve a name against the context stack, as the spec says: the first
 * segment on the stack, the others strictly inside it. */
static const du_val *lookup(const render *r, const node *n)
{
    if (n->npath == 0)
        return r->nstack ? r->stack[r->nstack - 1] : NULL;
    const du_val *v = du_map_get_stack(r->stack, r->nstack, n->path[0], n->hash[0]);
    for (size_t k = 1; v && k < n->npath; k++)
        v = du_map_get_hashed(v, n->path[k], n->hash[k]);
    return v;
}

static void put_value(render *r, const node *n)
{
    const du_val *v = lookup(r, n);
    if (!v)
        return;
    const char *s;
    size_t len;
    if (!value_text(v, &r->scratch, &s, &len) || len == 0) /* null, lists and maps print nothing */
        return;
    put_indent(r);
    r->bol = false;
    if (n->kind == N_VAR)
        r->env->esc(r->out, s, len);
    else
        du_buf_put(r->out, s, len);
}

static void render_section(render *r, const du_tpl *t, const node *n, const frame *frames)
{
    const du_val *v = lookup(r, n);
    bool truthy = du_val_truthy(v);
    if (n->kind == N_INVERTED) {
        if (!truthy)
            render_nodes(r, t, n->kids, n->nkids, frames);
        return;
    }
    if (!truthy)
        return;
    size_t items = v->type == DU_LIST ? v->len : 1;
    const du_lazy *lazy = v->type == DU_LIST ? v->lazy : NULL;
    for (size_t i = 0; i < items && !r->failed; i++) {
        if (!step(r, t, n))
            return;
        /* an element made on demand lives until it is rendered */
        du_arena_mark mark;
        if (lazy)
            mark = du_arena_mark_get(lazy->a);
        push_ctx(r, v->type == DU_LIST ? du_list_at(v, i) : v);
        render_nodes(r, t, n->kids, n->nkids, frames);
        r->nstack--;
        if (lazy)
            du_arena_rewind(lazy->a, mark);
    }
}

static void with_indent(render *r, const char *s, size_t n, size_t *saved)
{
    *saved = r->indent.len;
    if (n)
        du_buf_put(&r->indent, s, n);
}

static void drop_indent(render *r, size_t saved)
{
    if (r->indent.len == saved)
        return;
    r->indent.len = saved;
    r->indent.ptr[saved] = '\0';
}

/* A partial, or a parent with its argument blocks. */
static void render_include(render *r, const du_tpl *t, const node *n, const frame *frames)
{
    const char *what = n->kind == N_PARENT ? "parent" : "partial";
    /* a node belongs to one environment, whose templates stay put */
    du_tpl *sub = n->sub ? n->sub : (((node *)n)->sub = env_get(r->env, n->s));
    if (sub->missing) {
        if (r->env->strict)
            render_fail(r, t, n->pos, "%s '%s' not found", what, n->s);
        return;
    }
    if (sub->errs.n) {
        replay_errors(sub, r->diags);
        r->failed = true;
        return;
    }
    if (r->depth >= DU_TPL_MAX_DEPTH) {
        render_fail(r, t, n->pos, "%s '%s' nested more than %d deep (recursive partial?)",
                    what, n->s, DU_TPL_MAX_DEPTH);
        return;
    }
    if (!step(r, t, n))
        return;
    frame f = {n, t, frames};
    size_t saved;
    with_indent(r, n->indent, n->indent_len, &saved);
    r->depth++;
    render_nodes(r, sub, sub->kids, sub->nkids, n->kind == N_PARENT ? &f : frames);
    r->depth--;
    drop_indent(r, saved);
}

static const node *find_arg(const node *parent, const char *name)
{
    for (size_t i = 0; i < parent->nkids; i++)
        if (strcmp(parent->kids[i]->s, name) == 0)
            return parent->kids[i];
    return NULL;
}

/* A block renders the argument given by the outermost parent expansion
 * that has one, in that argument's own scope of expansions, or else its
 * default content. */
static void render_block(render *r, const du_tpl *t, const node *n, const frame *frames)
{
    const node *arg = NULL;
    const frame *home = NULL;
    for (const frame *f = frames; f; f = f->outer) {
        const node *a = find_arg(f->parent, n->s);
        if (a) {
            arg = a;
            home = f;
        }
    }
    if (!step(r, t, n))
        return;
    size_t saved;
    if (arg) {
        with_indent(r, n->indent, n->indent_len, &saved);
        render_nodes(r, home->tpl, arg->kids, arg->nkids, home->outer);
    } else {
        put_text(r, n->lead, n->lead_len);
        with_indent(r, n->indent, n->intrinsic ? n->indent_len : 0, &saved);
        render_nodes(r, t, n->kids, n->nkids, frames);
    }
    drop_indent(r, saved);
}

static void render_node(render *r, const du_tpl *t, const node *n, const frame *frames)
{
    switch (n->kind) {
    case N_TEXT: put_text(r, n->s, n->len); break;
    case N_VAR: case N_RAW: put_value(r, n); break;
    case N_SECTION: case N_INVERTED: render_section(r, t, n, frames); break;
    case N_PARTIAL: case N_PARENT: render_include(r, t, n, frames); break;
    case N_BLOCK: render_block(r, t, n, frames); break;
    }
}

static void render_nodes(render *r, const du_tpl *t, node *const *kids, size_t n,
                         const frame *frames)
{
    for (size_t i = 0; i < n && !r->failed; i++)
        render_node(r, t, kids[i], frames);
}

/* The usable template called name, or NULL after reporting why not. */
static du_tpl *top_level(du_tpl_env *env, const char *name, du_diag *diags)
{
    du_tpl *t = env_get(env, name);
    if (t->missing) {
        du_diag_add(diags, t->path, 0, 0, DU_ERROR, "template '%s' not found", name);
        return NULL;
    }
    if (t->errs.n) {
        replay_errors(t, diags);
        return NULL;
    }
    return t;
}

int du_tpl_render(du_tpl_env *env, const char *name, const du_val *ctx, du_buf *out,
                  du_diag *diags)
{
    du_tpl *t = top_level(env, name, diags);
    if (!t)
        return -1;
    render r;
    memset(&r, 0, sizeof r);
    r.env = env;
    r.diags = diags;
    r.out = out;
    r.bol = true;
    du_buf_init(&r.indent);
    du_buf_init(&r.scratch);
    if (ctx)
        push_ctx(&r, ctx);
    size_t start = out->len;
    render_nodes(&r, t, t->kids, t->nkids, NULL);
    if (r.failed && out->len > start) {
        out->len = start;
        out->ptr[start] = '\0';
    }
    du_buf_free(&r.indent);
    du_buf_free(&r.scratch);
    free(r.stack);
    return r.failed ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Checking                                                            */

static int check_tpl(du_tpl_env *env, du_tpl *t, du_diag *diags);

static int check_nodes(du_tpl_env *env, const du_tpl *t, node *const *kids, size_t n,
                       du_diag *diags)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const node *k = kids[i];
        if (k->kind == N_PARTIAL || k->kind == N_PARENT) {
            du_tpl *sub = env_get(env, k->s);
            if (sub->missing && env->strict) {
                tpl_error(diags, t, k->pos, "%s '%s' not found",
                          k->kind == N_PARENT ? "parent" : "partial", k->s);
                rc = -1;
            } else if (!sub->missing && check_tpl(env, sub, diags) != 0) {
                rc = -1;
            }
        }
        if (k->nkids && check_nodes(env, t, k->kids, k->nkids, diags) != 0)
            rc = -1;
    }
    return rc;
}

static int check_tpl(du_tpl_env *env, du_tpl *t, du_diag *diags)
{
    if (t->check_gen == env->check_gen)
        return 0; /* visited in this pass (also ends cycles) */
    t->check_gen = env->check_gen;
    if (t->errs.n) {
        replay_errors(t, diags);
        return -1;
    }
    return check_nodes(env, t, t->kids, t->nkids, diags);
}

int du_tpl_check(du_tpl_env *env, const char *name, du_diag *diags)
{
    env->check_gen++;
    du_tpl *t = env_get(env, name);
    if (t->missing) {
        du_diag_add(diags, t->path, 0, 0, DU_ERROR, "template '%s' not found", name);
        return -1;
    }
    return check_tpl(env, t, diags);
}
