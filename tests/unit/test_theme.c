/* test_theme.c - theme lookup: names that may not leave the theme folder,
 * layouts/ overriding the theme, symlinks leading out, unknown themes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "theme.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void sub(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/duban-theme-XXXXXX");
    assert_non_null(mkdtemp(root));
    sub("themes");
    sub("themes/t1");
    sub("themes/t1/partials");
    sub("layouts");
    sub("layouts/partials");
    put("themes/t1/home.html", "theme home");
    put("themes/t1/partials/a.html", "theme a");
    put("layouts/partials/a.html", "site a");
    put("secret.txt", "secret");
    char target[256], link[256];
    snprintf(target, sizeof target, "%s/secret.txt", root);
    snprintf(link, sizeof link, "%s/themes/t1/partials/leak.html", root);
    assert_int_equal(symlink(target, link), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_names(void **state)
{
    (void)state;
    assert_true(du_theme_name_ok("home.html"));
    assert_true(du_theme_name_ok("partials/entry.html"));
    assert_true(du_theme_name_ok("strings/zh-CN.yaml"));
    assert_false(du_theme_name_ok(""));
    assert_false(du_theme_name_ok(NULL));
    assert_false(du_theme_name_ok("/etc/passwd"));
    assert_false(du_theme_name_ok("../x"));
    assert_false(du_theme_name_ok("partials/../../x"));
    assert_false(du_theme_name_ok("partials/./x"));
    assert_false(du_theme_name_ok("partials//x"));
    assert_false(du_theme_name_ok("partials/"));
    assert_false(du_theme_name_ok("a\\b"));
    assert_false(du_theme_name_ok("a\nb"));
}

static void test_override_and_refusals(void **state)
{
    (void)state;
    du_diag d;
    du_diag_init(&d);
    du_theme *t = du_theme_open(root, "t1", &d);
    assert_non_null(t);
    du_buf src = DU_BUF_INIT, path = DU_BUF_INIT;
    du_buf_init(&src);
    du_buf_init(&path);
    assert_int_equal(du_theme_read(t, "home.html", &src, &path), 0);
    assert_string_equal(src.ptr, "theme home");
    assert_int_equal(du_theme_read(t, "partials/a.html", &src, &path), 0);
    assert_string_equal(src.ptr, "site a");
    assert_non_null(strstr(path.ptr, "layouts/partials/a.html"));
    assert_int_equal(du_theme_read(t, "nosuch.html", &src, &path), -1);
    assert_int_equal(du_theme_read(t, "../../secret.txt", &src, &path), -2);
    assert_int_equal(du_theme_read(t, "partials/leak.html", &src, &path), -2);
    du_buf_free(&src);
    du_buf_free(&path);
    du_theme_free(t);
    assert_int_equal(d.errors, 0);
    du_diag_free(&d);
}

static void test_unknown_theme(void **state)
{
    (void)state;
    du_diag d;
    du_diag_init(&d);
    assert_null(du_theme_open(root, "nosuch", &d));
    assert_null(du_theme_open(root, "../themes/t1", &d));
    assert_int_equal(d.errors, 2);
    assert_non_null(strstr(d.items[0].msg, "theme 'nosuch' not found"));
    assert_non_null(strstr(d.items[1].msg, "invalid theme name"));
    du_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_override_and_refusals),
        cmocka_unit_test(test_unknown_theme),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
