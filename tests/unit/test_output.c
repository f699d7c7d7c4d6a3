/* test_output.c - the output writer: which relative paths it accepts, and
 * that staging, commit and abort leave the output as they promise. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "output.h"

static void test_rel_ok_accepts_clean_paths(void **state)
{
    (void)state;
    assert_true(du_out_rel_ok("index.html"));
    assert_true(du_out_rel_ok("plans/sanming-2023/2.1.html"));
    assert_true(du_out_rel_ok("data/plans.json"));
    assert_true(du_out_rel_ok("briefings/2025-q2.md"));
    assert_true(du_out_rel_ok("a.b/c..d/e...f")); /* dots inside names are fine */
    assert_true(du_out_rel_ok("单位/上海市教委.html"));
    assert_true(du_out_rel_ok(".well-known/x")); /* a dot file, not "." */
}

static void test_rel_ok_refuses_escapes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",                 /* empty */
        "/etc/passwd",      /* absolute */
        "//x",
        "..",               /* parent */
        "../x",
        "a/../../x",
        "a/..",
        ".",                /* current folder segments */
        "./x",
        "a/./b",
        "a//b",             /* empty segments */
        "a/",
        "a\\..\\..\\x",     /* backslashes (Windows separators) */
        "a\\b",
        "C:x",              /* drive letters, streams */
        "a\tb",             /* control characters */
        "a\nb",
        "a\rb",
        "x\x01",
        "x\x1f",
        "x\x7f",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (du_out_rel_ok(bad[i]))
            fail_msg("accepted '%s'", bad[i]);
    }
    assert_false(du_out_rel_ok(NULL));
}

static void test_rel_ok_limits_length(void **state)
{
    (void)state;
    char seg[300];
    memset(seg, 'a', sizeof seg - 1);
    seg[sizeof seg - 1] = '\0';
    assert_false(du_out_rel_ok(seg)); /* one segment over 255 bytes */
    seg[255] = '\0';
    assert_true(du_out_rel_ok(seg));
    du_buf b = DU_BUF_INIT;
    du_buf_init(&b);
    while (b.len <= 1024)
        du_buf_puts(&b, "abcdefgh/");
    du_buf_puts(&b, "x");
    assert_false(du_out_rel_ok(b.ptr)); /* whole path over 1024 bytes */
    du_buf_free(&b);
}

/* A scratch folder holding "out", removed by the test. */
static char *scratch(void)
{
    char tmpl[] = "/tmp/duban-test-output.XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static char *join(const char *a, const char *b)
{
    du_buf buf = DU_BUF_INIT;
    du_buf_init(&buf);
    du_buf_printf(&buf, "%s/%s", a, b);
    return du_buf_detach(&buf);
}

static void test_write_refuses_bad_paths_and_twice(void **state)
{
    (void)state;
    char *top = scratch(), *out = join(top, "out");
    du_diag d;
    du_diag_init(&d);
    du_out *o = du_out_open(out, &d);
    assert_non_null(o);
    assert_int_equal(du_out_write(o, "ok.txt", "a", 1), 0);
    assert_int_equal(du_out_write(o, "../escape.txt", "b", 1), -1);
    assert_int_equal(du_out_write(o, "/tmp/escape.txt", "b", 1), -1);
    assert_int_equal(du_out_write(o, "ok.txt", "c", 1), -1); /* written twice */
    assert_true(d.errors >= 3);
    char *esc = join(top, "escape.txt");
    assert_int_not_equal(access(esc, F_OK), 0);
    /* a failed write makes the commit fail, leaving no output behind */
    assert_int_equal(du_out_commit(o, &d), -1);
    assert_int_not_equal(access(out, F_OK), 0);
    free(esc);
    du_diag_free(&d);
    assert_int_equal(du_rmtree(top), 0);
    free(out);
    free(top);
}

static void test_commit_and_abort(void **state)
{
    (void)state;
    char *top = scratch(), *out = join(top, "out");
    du_diag d;
    du_diag_init(&d);
    du_out *o = du_out_open(out, &d);
    assert_non_null(o);
    assert_int_equal(du_out_write(o, "a/b.txt", "one", 3), 0);
    assert_int_equal(du_out_commit(o, &d), 0);
    char *ab = join(out, "a/b.txt");
    struct stat st;
    assert_int_equal(stat(ab, &st), 0);
    assert_int_equal(st.st_size, 3);
    /* an aborted build changes nothing */
    o = du_out_open(out, &d);
    assert_non_null(o);
    assert_int_equal(du_out_write(o, "a/b.txt", "two!", 4), 0);
    assert_int_equal(du_out_write(o, "c.txt", "new", 3), 0);
    du_out_abort(o);
    assert_int_equal(stat(ab, &st), 0);
    assert_int_equal(st.st_size, 3);
    char *c = join(out, "c.txt");
    assert_int_not_equal(access(c, F_OK), 0);
    assert_int_equal(d.errors, 0);
    free(c);
    free(ab);
    du_diag_free(&d);
    assert_int_equal(du_rmtree(top), 0);
    free(out);
    free(top);
}

static void test_unchanged_files_keep_their_mtime(void **state)
{
    (void)state;
    char *top = scratch(), *out = join(top, "out"), *same = join(out, "same.txt"),
         *changed = join(out, "changed.txt"), *gone = join(out, "gone.txt"),
         *stale = join(top, ".out.staging.1");
    du_diag d;
    du_diag_init(&d);
    du_out *o = du_out_open(out, &d);
    assert_non_null(o);
    assert_int_equal(du_out_write(o, "same.txt", "same", 4), 0);
    assert_int_equal(du_out_write(o, "changed.txt", "old", 3), 0);
    assert_int_equal(du_out_write(o, "gone.txt", "bye", 3), 0);
    assert_int_equal(du_out_commit(o, &d), 0);
    /* pretend both files are an hour old */
    struct timespec old[2] = {{.tv_sec = 1700000000}, {.tv_sec = 1700000000}};
    assert_int_equal(utimensat(AT_FDCWD, same, old, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, changed, old, 0), 0);
    /* a staging folder left by a killed build is cleaned up */
    assert_int_equal(mkdir(stale, 0755), 0);
    o = du_out_open(out, &d);
    assert_non_null(o);
    assert_int_not_equal(access(stale, F_OK), 0);
    assert_int_equal(du_out_write(o, "same.txt", "same", 4), 0);
    assert_int_equal(du_out_write(o, "changed.txt", "new", 3), 0);
    /* identical bytes written twice are still an error */
    assert_int_equal(du_out_write(o, "same.txt", "same", 4), -1);
    assert_int_equal(d.errors, 1);
    du_out_abort(o);
    o = du_out_open(out, &d);
    assert_int_equal(du_out_write(o, "same.txt", "same", 4), 0);
    assert_int_equal(du_out_write(o, "changed.txt", "new", 3), 0);
    assert_int_equal(du_out_commit(o, &d), 0);
    struct stat st;
    assert_int_equal(stat(same, &st), 0);
    assert_int_equal(st.st_mtim.tv_sec, 1700000000);
    assert_int_equal(stat(changed, &st), 0);
    assert_int_not_equal(st.st_mtim.tv_sec, 1700000000);
    assert_int_not_equal(access(gone, F_OK), 0); /* no source any more */
    du_diag_free(&d);
    assert_int_equal(du_rmtree(top), 0);
    free(stale);
    free(gone);
    free(changed);
    free(same);
    free(out);
    free(top);
}

static void test_planted_link_not_followed(void **state)
{
    (void)state;
    char *top = scratch(), *out = join(top, "out"), *outside = join(top, "outside"),
         *secret = join(top, "outside/x.txt"), *a = join(out, "a"), *ax = join(out, "a/x.txt");
    du_diag d;
    du_diag_init(&d);
    du_out *o = du_out_open(out, &d);
    assert_int_equal(du_out_write(o, "a/x.txt", "same", 4), 0);
    assert_int_equal(du_out_commit(o, &d), 0);
    /* someone replaces out/a with a link to a folder outside */
    assert_int_equal(mkdir(outside, 0755), 0);
    FILE *f = fopen(secret, "w");
    assert_non_null(f);
    fputs("same", f);
    fclose(f);
    assert_int_equal(du_rmtree(a), 0);
    assert_int_equal(symlink("../outside", a), 0);
    o = du_out_open(out, &d);
    assert_int_equal(du_out_write(o, "a/x.txt", "same", 4), 0);
    assert_int_equal(du_out_commit(o, &d), 0);
    struct stat s1, s2;
    assert_int_equal(lstat(ax, &s1), 0);
    assert_int_equal(stat(secret, &s2), 0);
    assert_true(S_ISREG(s1.st_mode));
    assert_true(s1.st_ino != s2.st_ino); /* a new file, not the outside one */
    assert_int_equal(s2.st_nlink, 1);
    assert_int_equal(d.errors, 0);
    du_diag_free(&d);
    assert_int_equal(du_rmtree(top), 0);
    free(ax);
    free(a);
    free(secret);
    free(outside);
    free(out);
    free(top);
}

static void test_open_refuses_foreign_folders(void **state)
{
    (void)state;
    char *top = scratch(), *out = join(top, "out"), *file = join(top, "file"),
         *link = join(top, "link"), *mine = join(out, "notes.txt");
    du_diag d;
    du_diag_init(&d);
    /* a folder of someone else's files */
    assert_int_equal(mkdir(out, 0755), 0);
    FILE *f = fopen(mine, "w");
    assert_non_null(f);
    fclose(f);
    assert_null(du_out_open(out, &d));
    assert_int_equal(access(mine, F_OK), 0);
    /* a plain file, and a symbolic link to a folder */
    f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    assert_null(du_out_open(file, &d));
    assert_int_equal(symlink("out", link), 0);
    assert_null(du_out_open(link, &d));
    assert_int_equal(d.errors, 3);
    assert_non_null(strstr(d.items[2].msg, "symbolic link"));
    du_diag_free(&d);
    assert_int_equal(du_rmtree(top), 0);
    free(mine);
    free(link);
    free(file);
    free(out);
    free(top);
}

/* The dependency record: a file depending on many plans (a manifest line
 * of kilobytes) is kept while those plans are unchanged and rendered again
 * once one of them changes; the up-to-date check reads such lines too. */
static void test_keep_by_dependencies(void **state)
{
    (void)state;
    char *top = scratch(), *out = join(top, "out");
    enum { NP = 600 };
    char *names[NP];
    uint64_t keys[NP];
    size_t all[NP];
    for (size_t i = 0; i < NP; i++) {
        names[i] = malloc(32);
        snprintf(names[i], 32, "plan-with-a-long-id-%04zu", i);
        keys[i] = 1000 + i;
        all[i] = i;
    }
    du_dep many = {.plans = all, .nplans = NP}, one = {.plans = all + 7, .nplans = 1};
    du_dep own = {.own = 42};
    du_diag d;
    du_diag_init(&d);
    /* first build: nothing to keep */
    du_out *o = du_out_open(out, &d);
    assert_non_null(o);
    du_out_set_inputs(o, 1);
    du_out_set_keys(o, 99, (const char *const *)names, keys, NP);
    assert_false(du_out_unchanged(o, "many.html", &many));
    du_out_dep(o, "many.html", &many);
    assert_int_equal(du_out_write(o, "many.html", "m", 1), 0);
    du_out_dep(o, "one.html", &one);
    assert_int_equal(du_out_write(o, "one.html", "o", 1), 0);
    du_out_dep(o, "own.html", &own);
    assert_int_equal(du_out_write(o, "own.html", "w", 1), 0);
    assert_int_equal(du_out_commit(o, &d), 0);
    /* same inputs: up to date, whatever the length of the lines */
    o = du_out_open(out, &d);
    du_out_set_inputs(o, 1);
    assert_true(du_out_up_to_date(o));
    du_out_abort(o);
    /* other inputs, same keys: every file can be kept, the one whose
     * manifest line runs to kilobytes too */
    o = du_out_open(out, &d);
    du_out_set_inputs(o, 3);
    du_out_set_keys(o, 99, (const char *const *)names, keys, NP);
    assert_true(du_out_unchanged(o, "many.html", &many));
    assert_true(du_out_unchanged(o, "one.html", &one));
    du_out_abort(o);
    /* plan 300 changed: files on it are rendered, the others kept */
    keys[300]++;
    o = du_out_open(out, &d);
    du_out_set_inputs(o, 2);
    du_out_set_keys(o, 99, (const char *const *)names, keys, NP);
    assert_false(du_out_unchanged(o, "many.html", &many));
    assert_true(du_out_unchanged(o, "one.html", &one));
    assert_true(du_out_unchanged(o, "own.html", &own));
    du_dep own2 = {.own = 43};
    assert_false(du_out_unchanged(o, "own.html", &own2));
    assert_int_equal(du_out_keep(o, "one.html", &one), 0);
    assert_int_equal(du_out_kept(o), 1);
    du_out_abort(o);
    /* another global key: nothing is kept */
    o = du_out_open(out, &d);
    du_out_set_keys(o, 98, (const char *const *)names, keys, NP);
    assert_false(du_out_unchanged(o, "one.html", &one));
    du_out_abort(o);
    assert_int_equal(d.errors, 0);
    du_diag_free(&d);
    for (size_t i = 0; i < NP; i++)
        free(names[i]);
    assert_int_equal(du_rmtree(top), 0);
    free(out);
    free(top);
}

/* The content hash of output files gives the same value whatever the
 * pieces a file is written in (the open data is written in pieces, pages
 * whole; pieces shorter and longer than its 32-byte blocks), and another
 * value when a byte is added or one is changed. */
static void test_hash_in_pieces(void **state)
{
    (void)state;
    unsigned char buf[600];
    srand(7);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)rand();
    for (size_t n = 0; n < sizeof buf; n += (n < 80 ? 1 : 23)) {
        du_hasher a;
        du_hasher_init(&a);
        du_hasher_add(&a, buf, n);
        uint64_t whole = du_hasher_end(&a);
        for (int t = 0; t < 20; t++) {
            du_hasher b;
            du_hasher_init(&b);
            for (size_t i = 0; i < n;) {
                size_t k = (size_t)rand() % (t % 2 ? 13 : 70);
                if (k > n - i)
                    k = n - i;
                du_hasher_add(&b, buf + i, k);
                i += k;
            }
            assert_true(du_hasher_end(&b) == whole);
        }
        du_hasher c;
        du_hasher_init(&c);
        du_hasher_add(&c, buf, n + 1);
        assert_true(du_hasher_end(&c) != whole);
        for (size_t i = 0; i < n; i += 5) { /* each byte of every lane and of the tail */
            buf[i] ^= 0x20;
            du_hasher_init(&c);
            du_hasher_add(&c, buf, n);
            assert_true(du_hasher_end(&c) != whole);
            buf[i] ^= 0x20;
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rel_ok_accepts_clean_paths),
        cmocka_unit_test(test_rel_ok_refuses_escapes),
        cmocka_unit_test(test_rel_ok_limits_length),
        cmocka_unit_test(test_write_refuses_bad_paths_and_twice),
        cmocka_unit_test(test_commit_and_abort),
        cmocka_unit_test(test_unchanged_files_keep_their_mtime),
        cmocka_unit_test(test_planted_link_not_followed),
        cmocka_unit_test(test_open_refuses_foreign_folders),
        cmocka_unit_test(test_keep_by_dependencies),
        cmocka_unit_test(test_hash_in_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
