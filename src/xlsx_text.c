/* xlsx_text.c - cell text: UTF-8, widths, truncation, sheet names, plain
 * text from Markdown. */
#include "xlsx_text.h"

#include <cmark.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "markdown.h"

size_t du_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[0];
    size_t len;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        len = 2, c &= 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3, c &= 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4, c &= 0x07, min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    if (len > n) {
        *cp = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        *cp = 0xfffd;
        return 1;
    }
    *cp = c;
    return len;
}

/* East Asian Wide (W) and Fullwidth (F) blocks, sorted; a condensed form of
 * Unicode's EastAsianWidth.txt that covers what plans and reports use. */
static const uint32_t du_wide[][2] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x23e9, 0x23ec},
    {0x23f0, 0x23f0},   {0x23f3, 0x23f3},   {0x25fd, 0x25fe},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
    {0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},   {0x26ce, 0x26ce},
    {0x26d4, 0x26d4},   {0x26ea, 0x26ea},   {0x26f2, 0x26f3},   {0x26f5, 0x26f5},
    {0x26fa, 0x26fa},   {0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
    {0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27b0, 0x27b0},   {0x27bf, 0x27bf},
    {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
    {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
    {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
    {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x16fe0, 0x16fe4},
    {0x17000, 0x18cff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
    {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f251}, {0x1f300, 0x1f64f},
    {0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb}, {0x1f90c, 0x1f9ff}, {0x1fa70, 0x1faff},
    {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

static bool du_in_table(uint32_t cp, const uint32_t (*t)[2], size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < t[mid][0])
            hi = mid;
        else if (cp > t[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

static const uint32_t du_zero[][2] = {
    {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a},
    {0x064b, 0x065f}, {0x200b, 0x200f}, {0x2028, 0x202e}, {0x2060, 0x2064},
    {0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
    {0xe0100, 0xe01ef},
};

int du_cp_width(uint32_t cp)
{
    if (cp < 0x300)
        return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1;
    if (cp >= 0x4e00 && cp <= 0x9fff) /* the common case: CJK ideographs */
        return 2;
    if (du_in_table(cp, du_zero, sizeof du_zero / sizeof du_zero[0]))
        return 0;
    return du_in_table(cp, du_wide, sizeof du_wide / sizeof du_wide[0]) ? 2 : 1;
}

size_t du_text_width(const char *s)
{
    size_t best = 0, cur = 0, n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        if (c < 0x80)
            i++;
        else
            i += du_utf8_decode(s + i, n - i, &cp);
        if (cp == '\n') {
            cur = 0;
            continue;
        }
        cur += (size_t)du_cp_width(cp);
        if (cur > best)
            best = cur;
    }
    return best;
}

size_t du_utf16_len(const char *s)
{
    size_t units = 0, n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += du_utf8_decode(s + i, n - i, &cp);
        units += cp > 0xffff ? 2 : 1;
    }
    return units;
}

static void du_put_cp(du_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
    } else {
        u[0] = (char)(0xf0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
    }
    du_buf_put(b, u, n);
}

/* XML 1.0 has no place for C0 controls (but tab and newline), and Excel
 * shows C1 controls and noncharacters as boxes at best. */
static bool du_cell_char_ok(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return true;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return false;
    return cp != 0xfffe && cp != 0xffff;
}

/* One code point of s[i..n): the common three-byte form (CJK) decoded in
 * place, the rest by du_utf8_decode. */
static size_t du_next_cp(const char *s, size_t i, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if ((u[0] & 0xf0) == 0xe0 && i + 2 < n && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
        uint32_t c = ((uint32_t)(u[0] & 0x0f) << 12) | ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
        if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
            *cp = c;
            return 3;
        }
    }
    return du_utf8_decode(s + i, n - i, cp);
}

bool du_cell_text_width(du_buf *b, const char *s, size_t max, const char *mark, size_t *width)
{
    size_t n = s ? strlen(s) : 0;
    size_t total = 0, best = 0, cur = 0;
    bool clean = true;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) { /* plain ASCII */
            total++, i++;
            if (++cur > best)
                best = cur;
            continue;
        }
        uint32_t cp;
        size_t k = du_next_cp(s, i, n, &cp);
        if (cp == 0xfffd && k == 1)
            clean = false; /* malformed (or a literal U+FFFD: the slow path keeps it) */
        if (du_cell_char_ok(cp))
            total += cp > 0xffff ? 2 : 1;
        else
            clean = false;
        i += k;
        if (cp == '\n') {
            cur = 0;
            continue;
        }
        /* CJK ideographs and the fullwidth punctuation around them are
         * most of a cell: wide without a table search */
        if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xff01 && cp <= 0xff60) ||
            (cp >= 0x3001 && cp <= 0x303e))
            cur += 2;
        else
            cur += (size_t)du_cp_width(cp);
        if (cur > best)
            best = cur;
    }
    if (clean && total <= max) { /* nearly always: copy as it is */
        du_buf_put(b, s, n);
        if (width)
            *width = best;
        return false;
    }
    size_t start = b->len;
    size_t room = total, mlen = du_utf16_len(mark);
    bool cut = total > max;
    if (cut)
        room = max > mlen ? max - mlen : 0;
    size_t used = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += du_utf8_decode(s + i, n - i, &cp);
        if (!du_cell_char_ok(cp))
            continue;
        size_t w = cp > 0xffff ? 2 : 1;
        if (used + w > room)
            break;
        used += w;
        du_put_cp(b, cp);
    }
    if (cut && mark && mlen <= max)
        du_buf_puts(b, mark);
    if (width)
        *width = du_text_width(b->ptr + start);
    return cut;
}

bool du_cell_text(du_buf *b, const char *s, size_t max, const char *mark)
{
    return du_cell_text_width(b, s, max, mark, NULL);
}

/* Append at most max UTF-16 units of s (whole characters) to b. */
static void du_put_units(du_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s), used = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = du_utf8_decode(s + i, n - i, &cp);
        size_t w = cp > 0xffff ? 2 : 1;
        if (used + w > max)
            break;
        used += w;
        du_put_cp(b, cp);
        i += k;
    }
}

static bool du_name_used(const char *name, const char *const *used, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(name, used[i]) == 0)
            return true;
    return false;
}

void du_sheet_name(char *out, const char *want, const char *const *used, size_t n)
{
    du_buf clean = DU_BUF_INIT;
    du_buf_init(&clean);
    size_t len = want ? strlen(want) : 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += du_utf8_decode(want + i, len - i, &cp);
        if (cp < 0x20 || cp == 0x7f)
            cp = ' ';
        else if (cp < 0x80 && strchr("[]:*?/\\", (int)cp))
            cp = '_';
        du_put_cp(&clean, cp);
    }
    /* no apostrophe or space at either end */
    size_t a = 0, z = clean.len;
    while (a < z && (clean.ptr[a] == '\'' || clean.ptr[a] == ' '))
        a++;
    while (z > a && (clean.ptr[z - 1] == '\'' || clean.ptr[z - 1] == ' '))
        z--;
    clean.ptr[z] = '\0';
    const char *base = a < z ? clean.ptr + a : "Sheet";
    du_buf name = DU_BUF_INIT;
    du_buf_init(&name);
    du_put_units(&name, base, DU_XLSX_SHEET_MAX);
    for (int k = 2; du_name_used(name.ptr, used, n) && k < 100000; k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", k);
        du_buf_clear(&name);
        du_put_units(&name, base, DU_XLSX_SHEET_MAX - strlen(suffix));
        /* the cut may leave an apostrophe or space at the end */
        while (name.len && (name.ptr[name.len - 1] == '\'' || name.ptr[name.len - 1] == ' '))
            name.ptr[--name.len] = '\0';
        du_buf_puts(&name, suffix);
    }
    memcpy(out, name.ptr, name.len + 1);
    du_buf_free(&name);
    du_buf_free(&clean);
}

void du_hf_text(du_buf *b, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0, used = 0;
    for (size_t i = 0; i < n && used < max;) {
        uint32_t cp;
        i += du_utf8_decode(s + i, n - i, &cp);
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
            cp = ' ';
        if (cp == '&') {
            if (used + 2 > max)
                break;
            du_buf_puts(b, "&&");
            used += 2;
            continue;
        }
        du_put_cp(b, cp);
        used += cp > 0xffff ? 2 : 1;
    }
}

/* ---- Markdown to plain text ---- */

/* The last code point in b, or 0. */
static uint32_t du_last_cp(const du_buf *b)
{
    if (!b->len)
        return 0;
    size_t i = b->len - 1;
    while (i > 0 && ((unsigned char)b->ptr[i] & 0xc0) == 0x80 && b->len - i < 4)
        i--;
    uint32_t cp;
    du_utf8_decode(b->ptr + i, b->len - i, &cp);
    return cp;
}

static void du_newline(du_buf *b, size_t start)
{
    if (b->len > start && b->ptr[b->len - 1] != '\n')
        du_buf_putc(b, '\n');
}

static void du_md_item(du_buf *b, cmark_node *item)
{
    cmark_node *list = cmark_node_parent(item);
    if (!list || cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) {
        du_buf_puts(b, "• ");
        return;
    }
    int k = cmark_node_get_list_start(list);
    for (cmark_node *p = cmark_node_previous(item); p; p = cmark_node_previous(p))
        k++;
    du_buf_printf(b, "%d. ", k);
}

void du_md_plain(du_buf *b, const char *md)
{
    if (!md || !*md)
        return;
    size_t n = strlen(md), lit = du_md_literal(md, n);
    if (lit) { /* one line of text: cmark would give it back as it is */
        du_buf_put(b, md, lit);
        return;
    }
    size_t start = b->len;
    cmark_node *doc = cmark_parse_document(md, n, CMARK_OPT_DEFAULT);
    cmark_iter *it = cmark_iter_new(doc);
    bool join = false; /* a soft break waits for the next character */
    size_t marker = (size_t)-1; /* end of the last list marker written */
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_EXIT)
            continue;
        const char *lit = NULL;
        switch (t) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
        case CMARK_NODE_BLOCK_QUOTE:
        case CMARK_NODE_THEMATIC_BREAK:
            if (b->len != marker) /* an item's first block follows its marker */
                du_newline(b, start);
            join = false;
            break;
        case CMARK_NODE_ITEM:
            du_newline(b, start);
            du_md_item(b, node);
            marker = b->len;
            join = false;
            break;
        case CMARK_NODE_CODE_BLOCK: {
            if (b->len != marker)
                du_newline(b, start);
            lit = cmark_node_get_literal(node);
            size_t n = lit ? strlen(lit) : 0;
            while (n && lit[n - 1] == '\n')
                n--;
            if (n)
                du_buf_put(b, lit, n);
            lit = NULL;
            join = false;
            break;
        }
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            lit = cmark_node_get_literal(node);
            break;
        case CMARK_NODE_SOFTBREAK:
            join = true;
            break;
        case CMARK_NODE_LINEBREAK:
            du_buf_putc(b, '\n');
            join = false;
            break;
        default: /* raw HTML is dropped, as on the site */
            break;
        }
        if (lit && *lit) {
            if (join) {
                uint32_t next;
                du_utf8_decode(lit, strlen(lit), &next);
                if (du_cp_width(du_last_cp(b)) != 2 || du_cp_width(next) != 2)
                    du_buf_putc(b, ' ');
                join = false;
            }
            du_buf_puts(b, lit);
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    while (b->len > start && (b->ptr[b->len - 1] == '\n' || b->ptr[b->len - 1] == ' '))
        b->ptr[--b->len] = '\0';
}
