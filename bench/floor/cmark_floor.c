/* cmark_floor.c - the Markdown floor of the benchmark: every Markdown text of
 * the corpus (bodies, preambles, notices, summaries; NUL-separated in one
 * file written by bench/gen.py) rendered to HTML by cmark.
 * usage: cmark_floor MARKDOWN-FILE OUT-FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: cmark_floor MARKDOWN-FILE OUT-FILE\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    fseek(in, 0, SEEK_END);
    long len = ftell(in);
    rewind(in);
    char *text = malloc((size_t)len + 1);
    if (!text || fread(text, 1, (size_t)len, in) != (size_t)len) {
        perror(argv[1]);
        return 1;
    }
    fclose(in);
    text[len] = '\0';
    FILE *out = fopen(argv[2], "wb");
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    unsigned long ndocs = 0;
    unsigned long long nout = 0;
    for (char *s = text; s < text + len; s += strlen(s) + 1) {
        char *html = cmark_markdown_to_html(s, strlen(s), CMARK_OPT_DEFAULT);
        size_t n = strlen(html);
        fwrite(html, 1, n, out);
        nout += n;
        ndocs++;
        free(html);
    }
    if (fclose(out) != 0) {
        perror(argv[2]);
        return 1;
    }
    free(text);
    printf("cmark_floor: %lu texts, %ld bytes in, %llu bytes out\n", ndocs, len, nout);
    return 0;
}
