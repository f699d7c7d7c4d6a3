/* yaml_floor.c - the YAML floor of the benchmark: every content file read
 * and parsed by libyaml into events, no tree, nothing kept.
 * usage: yaml_floor CONTENT-DIR   (prints files, bytes and events) */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

static unsigned long nfiles, nevents;
static unsigned long long nbytes;

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int parse_file(const char *path)
{
    size_t len;
    unsigned char *text = read_all(path, &len);
    if (!text) {
        perror(path);
        return -1;
    }
    yaml_parser_t p;
    yaml_event_t ev;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, text, len);
    int rc = 0;
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "%s:%lu: %s\n", path, (unsigned long)p.problem_mark.line + 1,
                    p.problem ? p.problem : "parse error");
            rc = -1;
            break;
        }
        nevents++;
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (end)
            break;
    }
    yaml_parser_delete(&p);
    free(text);
    nfiles++;
    nbytes += len;
    return rc;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 5 || strcmp(path + n - 5, ".yaml") != 0)
        return 0;
    return parse_file(path) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: yaml_floor CONTENT-DIR\n");
        return 2;
    }
    if (nftw(argv[1], visit, 32, FTW_PHYS) != 0)
        return 1;
    printf("yaml_floor: %lu files, %llu bytes, %lu events\n", nfiles, nbytes, nevents);
    return 0;
}
