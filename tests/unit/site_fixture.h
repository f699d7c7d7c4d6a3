/* site_fixture.h - a small site root in a temporary folder, for the cmocka
 * tests of the loader and the resolver. Include after <cmocka.h>. */
#ifndef DU_TEST_SITE_FIXTURE_H
#define DU_TEST_SITE_FIXTURE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "model.h"

typedef struct {
    char root[64];
    du_model m;
    du_diag d;
    bool loaded;
} site;

/* Write root/rel, creating its folders. */
static void site_file(site *s, const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", s->root, rel);
    for (char *p = path + strlen(s->root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A fresh site in a folder made from template (e.g. "/tmp/duban-x.XXXXXX"). */
static site *site_new(const char *template)
{
    site *s = calloc(1, sizeof *s);
    assert_non_null(s);
    snprintf(s->root, sizeof s->root, "%s", template);
    assert_non_null(mkdtemp(s->root));
    du_diag_init(&s->d);
    return s;
}

static int site_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Free the model and diagnostics and remove the folder. */
static void site_free(site *s)
{
    if (s->loaded)
        du_model_free(&s->m);
    du_diag_free(&s->d);
    nftw(s->root, site_rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(s);
}

#endif
