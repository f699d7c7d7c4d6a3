/* yamlfast.h - the YAML that content is written in, read without libyaml.
 *
 * Content files use a small part of YAML: block maps and lists, strings on
 * one line (plain or in double quotes without escapes), literal blocks
 * ("|") and one-line flow lists and maps of such strings. This scanner
 * reads exactly that part, several times faster than libyaml's general
 * parser, into the events the tree builder (yamltree.c) takes. On
 * anything else (anchors, tags, folded or chomped blocks, strings over
 * several lines, escapes, single quotes, tabs, CR, document markers,
 * empty values, errors of any kind) it gives up before any event is used,
 * and libyaml reads the text. What it takes, it reads as libyaml 0.2 does:
 * the same nodes, strings, styles, lines and columns (test_yamlread and
 * the yamlread fuzz target compare the two). */
#ifndef DU_YAMLFAST_H
#define DU_YAMLFAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef enum {
    DU_YF_MAP,     /* a map starts */
    DU_YF_SEQ,     /* a list starts */
    DU_YF_END,     /* the innermost open map or list ends */
    DU_YF_PLAIN,   /* a string without quotes */
    DU_YF_QUOTED,  /* a string in double quotes */
    DU_YF_LITERAL, /* a literal block */
} du_yfkind;

typedef struct {
    unsigned char kind; /* du_yfkind */
    int line, col;      /* 1-based; col counts characters */
    uint32_t off, len;  /* a string's bytes: at off in the text, or in f->text for a literal */
} du_yfevent;

typedef struct {
    du_yfevent *ev;
    size_t n, cap;
    const char *base; /* the text read */
    du_buf text;      /* the strings of literal blocks, which are not in the text as they read */
} du_yfast;

void du_yfast_init(du_yfast *f);
void du_yfast_free(du_yfast *f);

/* Read len bytes of text. The text must be valid UTF-8 of characters
 * libyaml's reader takes and hold no line break but LF and no byte order
 * mark (U+0085, U+2028, U+2029 and U+FEFF are breaks or skipped there);
 * yamltree.c checks this first. True when the whole text was read: the
 * events are in f. False when the text is not of the part read here, or
 * has more nodes than a file may have (DU_YAML_MAX_NODES, yamltree.h). */
bool du_yfast_scan(du_yfast *f, const char *text, size_t len);

/* A string event's bytes (not NUL-terminated; e->len of them). */
static inline const char *du_yfast_str(const du_yfast *f, const du_yfevent *e)
{
    return (e->kind == DU_YF_LITERAL ? f->text.ptr : f->base) + e->off;
}

#endif
