/* xlsx_sheet.h - one workbook and its table sheets over libxlsxwriter: the
 * shared formats, a bold frozen header with autofilter, widths fitted to
 * the content (East Asian characters count two), dates, percentages and
 * links written as such, user text always as a string (never a formula),
 * status and light colours by conditional formatting, and the print setup
 * (A4 landscape, one page wide, header row on every page, title in the
 * page header, page numbers and as_of in the footer). */
#ifndef DU_XLSX_SHEET_H
#define DU_XLSX_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "derive.h"
#include "model.h"
#include "xlsx_labels.h"

#define DU_XS_MAXCOLS 40
#define DU_XS_MAXSHEETS 16

typedef enum {
    DU_XC_TEXT,     /* short text, one line */
    DU_XC_WRAP,     /* long text, wrapped at the column's maximum width */
    DU_XC_DATE,     /* a du_date as a real date, yyyy-mm-dd */
    DU_XC_PCT,      /* 0–100 stored as 0–1 with a 0.0% format */
    DU_XC_NUM,      /* a number as it is */
    DU_XC_INT,      /* a count */
    DU_XC_STATUS,   /* status text, coloured by conditional formatting */
    DU_XC_LIGHT,    /* light text, coloured by conditional formatting */
    DU_XC_LINK,     /* a hyperlink or its text */
    DU_XC_IN_TEXT,  /* unlocked input cells (unit workbooks) */
    DU_XC_IN_STATUS,
    DU_XC_IN_INT
} du_xkind;

typedef struct du_xcol {
    const char *head;   /* header text (copied when the header is written) */
    du_xkind kind;
    unsigned char min, max; /* width limits in characters; 0 = from the kind */
} du_xcol;

typedef struct du_xbook {
    lxw_workbook *wb;
    bool en;            /* English labels */
    bool cm;            /* constant_memory: rows strictly in order, no merges */
    const du_model *m;
    const du_state *st;
    char as_of[32];     /* "2025年6月30日" / "2025-06-30" */
    const char *title;  /* the workbook's title, for page headers */
    char *names[DU_XS_MAXSHEETS]; /* sheet names given so far (heap) */
    size_t nnames;
    lxw_error err;      /* first library error, LXW_NO_ERROR when none */
    du_buf tmp;         /* scratch for cell text */
    struct {
        lxw_format *head, *text, *wrap, *date, *pct, *num, *count, *link, *ilink, *title, *bold,
            *note, *area[3], *in_text, *in_status, *in_int;
        lxw_format *status[DU_ST_COUNT], *light[DU_LIGHT_COUNT]; /* conditional fills */
    } f;
} du_xbook;

typedef struct du_xsheet {
    du_xbook *b;
    lxw_worksheet *ws;
    const char *name;   /* owned by the book */
    du_xcol cols[DU_XS_MAXCOLS];
    int ncols;
    size_t width[DU_XS_MAXCOLS]; /* widest content so far */
    lxw_row_t head;     /* header row */
    lxw_row_t row;      /* the row being written */
    size_t nurls;       /* hyperlinks so far (Excel allows 65,530 per sheet) */
    bool has_head;
} du_xsheet;

/* Create the workbook at path (tmpdir for libxlsxwriter's temporary files)
 * with document properties from the site (author, company; created =
 * as_of at midnight UTC, so the same input gives the same bytes) and the
 * shared formats. Returns 0, or -1 when libxlsxwriter cannot start it. */
int du_xbook_open(du_xbook *b, const char *path, const char *tmpdir, bool cm, const du_model *m,
                  const du_state *st, const char *title, const char *subject);
/* Write the file and free everything. Returns LXW_NO_ERROR or the first
 * error met while writing or closing. */
lxw_error du_xbook_close(du_xbook *b);

/* Add a sheet named by label (made valid and unique) with the print setup;
 * its page header shows the book title and the sheet name. */
void du_xs_add(du_xsheet *s, du_xbook *b, du_label name);
/* Set the columns (kinds and width limits) without writing a header row,
 * for sheets laid out by hand (概览); du_xs_widths() then fits them. */
void du_xs_cols(du_xsheet *s, const du_xcol *cols, int n);
void du_xs_widths(du_xsheet *s);
/* Write the column headers at the current row; rows above it (titles) stay
 * outside the table. freeze_cols columns stay in view when scrolling. */
void du_xs_head(du_xsheet *s, const du_xcol *cols, int n, int freeze_cols);
/* Cells of the current row. Text is cleaned and cut to Excel's cell limit;
 * NULL or "" leaves a formatted blank. */
void du_xs_str(du_xsheet *s, int col, const char *text);
void du_xs_str_fmt(du_xsheet *s, int col, const char *text, lxw_format *f);
void du_xs_num(du_xsheet *s, int col, double v);
void du_xs_count(du_xsheet *s, int col, size_t n);
/* A percentage 0–100 (rounded to one decimal as everywhere); < 0 is blank. */
void du_xs_pct(du_xsheet *s, int col, double pct);
void du_xs_date(du_xsheet *s, int col, du_date d);
/* A hyperlink showing text when url is http(s), at most 255 characters and
 * the sheet has room for links; otherwise text alone. */
void du_xs_url(du_xsheet *s, int col, const char *url, const char *text);
/* A link to cell A1 of another sheet of the book. */
void du_xs_sheet_link(du_xsheet *s, int col, const char *sheet, const char *text);
/* An area row for the document hierarchy: text across columns c0..c1,
 * merged unless in constant_memory mode; level 0–2 picks the shade. */
void du_xs_area(du_xsheet *s, int c0, int c1, int level, const char *text);
/* Move to the next row. */
void du_xs_next(du_xsheet *s);
/* Finish a table sheet: autofilter over header and rows, column widths,
 * conditional formats of status and light columns. */
void du_xs_finish(du_xsheet *s);

/* Cleaned cell text of s in the book's scratch buffer (valid until the
 * next call). */
const char *du_xs_clean(du_xbook *b, const char *s);

#endif
