/* markdown.h - every piece of Markdown duban reads or writes goes through
 * here: content Markdown to HTML (libcmark, safe mode, links limited to
 * http(s), mailto and relative targets), plain text escaped so it cannot
 * change a Markdown document's structure, and entry summaries folded into
 * one inline paragraph for the briefings. */
#ifndef DU_MARKDOWN_H
#define DU_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Append the HTML of CommonMark text s[0..n) to out. Raw HTML is dropped,
 * links and images whose target is not http(s), mailto or relative keep
 * only their text, and headings are moved down so the shallowest one
 * becomes <h{min_level}> (1 keeps them as written; 0 turns headings into
 * plain paragraphs, for text that sits inside a list). Never fails. */
void du_md_html(du_buf *out, const char *s, size_t n, int min_level);

/* The same for a whole generated document (a briefing, headings kept as
 * written), a section at a time when that gives the same bytes: cmark's
 * tree of a long document is several times its text, a section's is not.
 * Sections start at headings at the left margin; the document is parsed
 * whole when anything could reach across one (a link reference
 * definition, or fenced code or HTML at the top level). */
void du_md_html_doc(du_buf *out, const char *s, size_t n);

/* Length of s[0..n) without one final line end when the text is a single
 * line that CommonMark reads as one paragraph of literal text, with no
 * character that could start markup (most entry summaries), else 0. Such
 * text renders as itself: du_md_html and du_md_inline take a shortcut. */
size_t du_md_literal(const char *s, size_t n);

/* Whether du_md_html renders s[0..n) without cmark: paragraphs and tight
 * bullet lists ("- ") of one line each, one blank line apart, each line
 * literal text but for at most one strong emphasis (most item bodies). */
bool du_md_plain_blocks(const char *s, size_t n);

/* Append plain text s[0..n) as CommonMark text that reads as itself:
 * line breaks and tabs become spaces, and every character that could
 * open a block or an inline construct is backslash-escaped. */
void du_md_escape(du_buf *out, const char *s, size_t n);

/* Append CommonMark s[0..n) folded into one line of inline Markdown that
 * is safe after a list marker: headings, breaks, quotes and lists become
 * their text, code blocks become code spans, raw HTML becomes literal
 * text, unsafe links and all images keep only their text. */
void du_md_inline(du_buf *out, const char *s, size_t n);

/* Append url as a CommonMark link destination in angle brackets, with
 * the characters that could end it percent-encoded. */
void du_md_url(du_buf *out, const char *url);

/* True for URLs a page may link to: http(s), mailto, or no scheme. */
bool du_url_safe(const char *url);

/* Append url with the characters a URL may not contain (controls, space,
 * quotes, angle brackets, backslash, ^ ` { | } and DEL) percent-encoded,
 * so it is a valid attribute URL; everything else is kept as written. */
void du_url_clean(du_buf *out, const char *url);

#endif
