/* xlsx_text.h - text as spreadsheet cells need it: UTF-8 decoding, display
 * widths counting East Asian wide characters as two, truncation to Excel's
 * limits on character boundaries, valid sheet names, header/footer escaping
 * and Markdown reduced to plain text. No libxlsxwriter here. */
#ifndef DU_XLSX_TEXT_H
#define DU_XLSX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Excel's limits, counted in UTF-16 code units as Excel counts them. */
#define DU_XLSX_CELL_MAX 32767   /* characters in a cell */
#define DU_XLSX_URL_MAX 255      /* characters in a hyperlink target */
#define DU_XLSX_SHEET_MAX 31     /* characters in a sheet name */
#define DU_XLSX_HF_MAX 255       /* characters in a header or footer */

/* Decode one code point from s (n > 0 bytes). Returns the bytes used (1–4);
 * malformed or overlong input yields U+FFFD and consumes one byte. */
size_t du_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Columns a code point takes: 2 for East Asian wide and fullwidth
 * characters (CJK, kana, hangul, fullwidth forms), 0 for combining marks
 * and zero-width characters, 1 otherwise. */
int du_cp_width(uint32_t cp);
/* Display width of the widest line of s (lines split at '\n'). */
size_t du_text_width(const char *s);
/* UTF-16 code units of s (what Excel counts). */
size_t du_utf16_len(const char *s);

/* Append s to b as cell text: invalid UTF-8 becomes U+FFFD, control
 * characters other than tab and newline are dropped, and text longer than
 * max UTF-16 units is cut on a character boundary and ends with `mark`
 * (which counts towards max). Returns true when it was cut. */
bool du_cell_text(du_buf *b, const char *s, size_t max, const char *mark);
/* The same, also giving du_text_width() of the text appended, measured in
 * the same pass (every cell is both cleaned and measured). */
bool du_cell_text_width(du_buf *b, const char *s, size_t max, const char *mark, size_t *width);

/* A valid, unique sheet name from want into out (at least 128 bytes):
 * none of []:*?/\ (replaced by '_'), no leading or trailing apostrophe,
 * at most 31 UTF-16 units, never empty, and different (ignoring ASCII
 * case, as Excel does) from the n names in used; a clash gets " (2)", " (3)"…
 * The caller adds out to used. */
void du_sheet_name(char *out, const char *want, const char *const *used, size_t n);

/* Append s for a header or footer: '&' doubled, line breaks and control
 * characters turned into spaces, cut to at most max characters. */
void du_hf_text(du_buf *b, const char *s, size_t max);

/* Append Markdown md as plain text: block structure kept as lines, list
 * items with "• " or their number, links as their text, raw HTML dropped,
 * soft breaks joined (without a space between CJK characters). */
void du_md_plain(du_buf *b, const char *md);

#endif
