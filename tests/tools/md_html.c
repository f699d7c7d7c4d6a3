/* md_html FILE - print the HTML libcmark makes of a Markdown file, in its
 * default safe mode, so tests can inspect the structure of what duban
 * writes. */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: md_html FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        cmark_parser_feed(p, buf, n);
    fclose(f);
    cmark_node *doc = cmark_parser_finish(p);
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
    fputs(html, stdout);
    free(html);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return 0;
}
