/*
 * test_driver_config.c - the drivers file: entries in file order, case-insensitive sections
 * and aliases, first definition wins, value splitting, malformed and oversized files (skipped
 * lines named in PORTACM_DEBUG diagnostics), which files are read, and OpenDriver going through
 * the file to a built-in module with the entry's argument text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common_int.h"
#include "driver_int.h"
#include "ts_driver.h"
#include "ts_files.h"

static char *folder; /* this test's private folder */

static int setup(void **state)
{
    folder = ts_temp_dir();
    *state = folder;
    unsetenv("PORTACM_DEBUG");
    return 0;
}


/* Collects what pacm_drv_config_enumerate visits as "alias=value\n" lines. */
typedef struct collected {
    char text[4096];
    int count;
    int stop_after; /* 0: never stop */
} collected;

static bool collect(const char *alias, const char *value, void *context)
{
    collected *c = context;
    size_t used = strlen(c->text);
    snprintf(c->text + used, sizeof c->text - used, "%s=%s\n", alias, value);
    c->count++;
    return c->stop_after == 0 || c->count < c->stop_after;
}

static void entries_in_file_order(void **state)
{
    ts_use_drivers_file(folder, "; a comment\n"
                     "# another comment\n"
                     "[Drivers32]\n"
                     "msacm.b = b.acm arg1  arg2 \n"
                     "MSACM.a=a.acm\n"
                     "msacm.B = duplicate.acm\n"
                     "[other]\n"
                     "x = y.so\n"
                     "  [ DRIVERS32 ]  ; again\n"
                     "\tmsacm.c\t=\t\"/path with space/c.so\"   tail  \n"
                     "msacm.a=later.acm\n");
    collected c = {.text = ""};
    pacm_drv_config_enumerate("drivers32", collect, &c);
    assert_string_equal(c.text, "msacm.b=b.acm arg1  arg2\n"
                                "MSACM.a=a.acm\n"
                                "msacm.c=\"/path with space/c.so\"   tail\n");
    collected other = {.text = ""};
    pacm_drv_config_enumerate("OTHER", collect, &other);
    assert_string_equal(other.text, "x=y.so\n");
    collected none = {.text = ""};
    pacm_drv_config_enumerate("missing", collect, &none);
    assert_int_equal(none.count, 0);
    collected first = {.text = "", .stop_after = 1};
    pacm_drv_config_enumerate("drivers32", collect, &first);
    assert_string_equal(first.text, "msacm.b=b.acm arg1  arg2\n");

    char *value = pacm_drv_config_lookup("DRIVERS32", "Msacm.A");
    assert_string_equal(value, "a.acm");
    pacm_mem_free(value);
    assert_null(pacm_drv_config_lookup("drivers32", "x"));
    assert_null(pacm_drv_config_lookup("drivers32", "msacm"));
    assert_null(pacm_drv_config_lookup("drivers32", ""));
    assert_null(pacm_drv_config_lookup(NULL, "msacm.a"));
}

static void values_split_into_file_and_arguments(void **state)
{
    char *file, *arguments;
    assert_true(pacm_drv_config_split_value("b.acm arg1  arg2", &file, &arguments));
    assert_string_equal(file, "b.acm");
    assert_string_equal(arguments, "arg1  arg2");
    pacm_mem_free(file);
    pacm_mem_free(arguments);
    assert_true(pacm_drv_config_split_value("  a.acm\t ", &file, &arguments));
    assert_string_equal(file, "a.acm");
    assert_null(arguments);
    pacm_mem_free(file);
    assert_true(pacm_drv_config_split_value("\"/path with space/c.so\"   tail", &file, &arguments));
    assert_string_equal(file, "/path with space/c.so");
    assert_string_equal(arguments, "tail");
    pacm_mem_free(file);
    pacm_mem_free(arguments);
    /* An unmatched quote is an ordinary character. */
    assert_true(pacm_drv_config_split_value("\"odd.so x", &file, &arguments));
    assert_string_equal(file, "\"odd.so");
    assert_string_equal(arguments, "x");
    pacm_mem_free(file);
    pacm_mem_free(arguments);
    assert_false(pacm_drv_config_split_value("", &file, &arguments));
    assert_false(pacm_drv_config_split_value("   ", &file, &arguments));
    assert_false(pacm_drv_config_split_value("\"\" args", &file, &arguments));
    assert_false(pacm_drv_config_split_value(NULL, &file, &arguments));
    assert_null(file);
    assert_null(arguments);
}

static void malformed_lines_are_skipped_and_named(void **state)
{
    char text[8192];
    char overlong[5001];
    memset(overlong, 'a', sizeof overlong - 1);
    overlong[sizeof overlong - 1] = 0;
    int length = snprintf(text, sizeof text,
                          "orphan=before.acm\n"            /* 1: before any section */
                          "[drivers32]\n"                  /* 2 */
                          "first=1.acm\n"                  /* 3 */
                          "no equals sign here\n"          /* 4 */
                          "[unterminated\n"                /* 5 */
                          "leak=leak.acm\n"                /* 6: belongs to no section */
                          "[drivers32] trailing\n"         /* 7 */
                          "leak2=leak.acm\n"               /* 8 */
                          "[]\n"                           /* 9 */
                          "leak3=leak.acm\n"               /* 10 */
                          "[drivers32]\r\n"                /* 11: CRLF is fine */
                          "%s=overlong.acm\n"              /* 12 */
                          " = novalias.acm\n"              /* 13 */
                          "emptyvalue=\n"                  /* 14 */
                          "bin\001ary=x.acm\n"             /* 15 */
                          "good=good.acm\r\n",             /* 16 */
                          overlong);
    assert_true(length > 0 && (size_t)length < sizeof text);
    /* Line 17: a NUL byte in the middle; line 18: a valid entry after it. */
    static const char tail[] = "nul\0byte=x.acm\nlast=last.acm";
    memcpy(text + length, tail, sizeof tail - 1);
    length += (int)(sizeof tail - 1);
    char *path = ts_write_file(folder, "bad.ini", text, (size_t)length);
    setenv("PORTACM_DRIVERS", path, 1);

    ts_capture_begin();
    collected c = {.text = ""};
    pacm_drv_config_enumerate("drivers32", collect, &c);
    char *log = ts_capture_end();
    assert_string_equal(c.text, "first=1.acm\ngood=good.acm\nlast=last.acm\n");

    static const struct {
        int line;
        const char *why;
    } expected[] = {
        {1, "before any [section]"},   {4, "without '='"},        {5, "unterminated section header"},
        {7, "text after section header"}, {9, "empty section name"}, {12, "longer than"},
        {13, "empty alias"},           {14, "empty value"},        {15, "binary"},
        {17, "binary"},
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        char needle[4200];
        snprintf(needle, sizeof needle, "%s:%d: ", path, expected[i].line);
        const char *at = strstr(log, needle);
        if (!at)
            fail_msg("no diagnostic for line %d in:\n%s", expected[i].line, log);
        const char *end = strchr(at, '\n');
        assert_non_null(end);
        const char *why = strstr(at, expected[i].why);
        if (!why || why > end)
            fail_msg("line %d: expected '%s' in '%.*s'", expected[i].line, expected[i].why, (int)(end - at), at);
    }
    free(log);
    free(path);
}

static void oversized_and_special_files_are_ignored(void **state)
{
    /* A valid entry followed by padding past the 1 MiB limit: the whole file is refused. */
    size_t size = DRV_CONFIG_MAX_FILE_SIZE + 1;
    char *big = malloc(size);
    assert_non_null(big);
    memset(big, '\n', size);
    memcpy(big, "[drivers32]\nbig=big.acm\n", 24);
    char *path = ts_write_file(folder, "big.ini", big, size);
    free(big);
    setenv("PORTACM_DRIVERS", path, 1);
    ts_capture_begin();
    char *value = pacm_drv_config_lookup("drivers32", "big");
    char *log = ts_capture_end();
    assert_null(value);
    assert_non_null(strstr(log, "larger than"));
    assert_non_null(strstr(log, path));
    free(log);

    /* At the limit it is read. */
    assert_int_equal(truncate(path, DRV_CONFIG_MAX_FILE_SIZE), 0);
    value = pacm_drv_config_lookup("drivers32", "big");
    assert_string_equal(value, "big.acm");
    pacm_mem_free(value);
    free(path);

    /* Devices and folders are not read (/dev/zero would never end). */
    setenv("PORTACM_DRIVERS", "/dev/zero", 1);
    ts_capture_begin();
    assert_null(pacm_drv_config_lookup("drivers32", "big"));
    log = ts_capture_end();
    assert_non_null(strstr(log, "not a regular file"));
    free(log);
    setenv("PORTACM_DRIVERS", folder, 1);
    assert_null(pacm_drv_config_lookup("drivers32", "big"));
    setenv("PORTACM_DRIVERS", "/nonexistent/portacm/drivers.ini", 1);
    assert_null(pacm_drv_config_lookup("drivers32", "big"));
}

static void which_files_are_read(void **state)
{
    char xdg[PATH_MAX], xdg_portacm[PATH_MAX], home[PATH_MAX], home_config[PATH_MAX], home_portacm[PATH_MAX];
    snprintf(xdg, sizeof xdg, "%s/xdg", folder);
    snprintf(xdg_portacm, sizeof xdg_portacm, "%s/xdg/portacm", folder);
    snprintf(home, sizeof home, "%s/home", folder);
    snprintf(home_config, sizeof home_config, "%s/home/.config", folder);
    snprintf(home_portacm, sizeof home_portacm, "%s/home/.config/portacm", folder);
    const char *folders[] = {xdg, xdg_portacm, home, home_config, home_portacm};
    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++)
        assert_int_equal(mkdir(folders[i], 0700), 0);
    free(ts_write_text(xdg_portacm, "drivers.ini", "[drivers32]\nwhere.test=xdg.acm\n"));
    free(ts_write_text(home_portacm, "drivers.ini", "[drivers32]\nwhere.test=home.acm\n"));
    char *explicit_path = ts_write_text(folder, "explicit.ini", "[drivers32]\nother=explicit.acm\n");
    char *saved_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

    /* PORTACM_DRIVERS alone, when set. */
    setenv("PORTACM_DRIVERS", explicit_path, 1);
    setenv("XDG_CONFIG_HOME", xdg, 1);
    assert_null(pacm_drv_config_lookup("drivers32", "where.test"));
    /* Unset (or empty): $XDG_CONFIG_HOME/portacm/drivers.ini. */
    setenv("PORTACM_DRIVERS", "", 1);
    char *value = pacm_drv_config_lookup("drivers32", "where.test");
    assert_string_equal(value, "xdg.acm");
    pacm_mem_free(value);
    unsetenv("PORTACM_DRIVERS");
    value = pacm_drv_config_lookup("drivers32", "where.test");
    assert_string_equal(value, "xdg.acm");
    pacm_mem_free(value);
    /* A relative XDG_CONFIG_HOME is ignored (XDG rules): ~/.config instead. */
    setenv("HOME", home, 1);
    setenv("XDG_CONFIG_HOME", "relative/xdg", 1);
    value = pacm_drv_config_lookup("drivers32", "where.test");
    assert_string_equal(value, "home.acm");
    pacm_mem_free(value);
    unsetenv("XDG_CONFIG_HOME");
    value = pacm_drv_config_lookup("drivers32", "where.test");
    assert_string_equal(value, "home.acm");
    pacm_mem_free(value);

    if (saved_home) {
        setenv("HOME", saved_home, 1);
        free(saved_home);
    }
    setenv("PORTACM_DRIVERS", explicit_path, 1);
    free(explicit_path);
}

/* ---- OpenDriver through the file -------------------------------------------------------- */

/* Records every message; DRV_OPEN's text argument is kept (DRV_CLOSE answers 0 as
 * DefDriverProc does). */
static ts_driver cfg = TS_DRIVER_INIT;

static DRIVERPROC config_proc(void)
{
    cfg.open_argument_text = true;
    cfg.close_result = 0;
    return ts_driver_proc(&cfg);
}

/* The last DRV_OPEN the driver received. */
static const ts_driver_record *last_open(void)
{
    const ts_driver_record *open = ts_driver_last(&cfg, DRV_OPEN);
    assert_non_null(open);
    return open;
}

static void open_driver_uses_the_file(void **state)
{
    assert_int_equal(portacm_driver_register("cfg.test", config_proc()), MMSYSERR_NOERROR);
    /* A file with the built-in's name in the search path must not win over the built-in. */
    free(ts_write_text(folder, "cfg.test", "not a shared object"));
    setenv("PORTACM_DRIVER_PATH", folder, 1);
    ts_use_drivers_file(folder, "[Drivers32]\n"
                     "MyAlias = cfg.test  some args h\xc3\xa9re \n"
                     "[Custom]\n"
                     "foo = CFG.TEST\n");

    HDRVR h = OpenDriverA("myalias", NULL, 5);
    assert_non_null(h);
    assert_int_equal(ts_driver_count(&cfg, DRV_OPEN), 1);
    assert_false(last_open()->lParam1 == 0);
    assert_string_equal(last_open()->argument, "some args h\xc3\xa9re");
    assert_int_equal(last_open()->lParam2, 5);
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);

    h = OpenDriver(u"MYALIAS", u"drivers32", 6);
    assert_non_null(h);
    assert_string_equal(last_open()->argument, "some args h\xc3\xa9re");
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);

    /* The section argument; an entry without arguments gives lParam1 NULL. */
    h = OpenDriver(u"FOO", u"custom", 7);
    assert_non_null(h);
    assert_true(last_open()->lParam1 == 0);
    assert_int_equal(last_open()->lParam2, 7);
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);
    assert_null(OpenDriverA("foo", NULL, 0));       /* not in [drivers32] */
    assert_null(OpenDriverA("myalias", "custom", 0)); /* not in [custom] */
    assert_null(OpenDriverA("myalias", "", 0));
    assert_int_equal(ts_driver_count(&cfg, DRV_OPEN), 3);

    /* The file is read again on every open. */
    ts_use_drivers_file(folder, "[drivers32]\nmyalias=cfg.test changed\n");
    h = OpenDriverA("myalias", NULL, 0);
    assert_non_null(h);
    assert_string_equal(last_open()->argument, "changed");
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);

    ts_capture_begin();
    assert_null(OpenDriverA("nosuch.alias", NULL, 0));
    char *log = ts_capture_end();
    assert_non_null(strstr(log, "no entry 'nosuch.alias' in section [drivers32]"));
    free(log);
    unsetenv("PORTACM_DRIVER_PATH");
    portacm_driver_unregister("cfg.test");
}

/* Every allocation of an open through the drivers file fails in turn: the open either works
 * or returns NULL, and the driver's messages stay balanced (ASan checks for leaks). */
static void allocation_failures_are_clean(void **state)
{
    assert_int_equal(portacm_driver_register("cfg.test", config_proc()), MMSYSERR_NOERROR);
    ts_use_drivers_file(folder, "[drivers32]\nmyalias = cfg.test some args\n");
    int successes = 0, failures = 0;
    for (long n = 0; n < 200; n++) {
        ts_driver_clear(&cfg);
        pacm_mem_fail_after(n);
        HDRVR h = OpenDriverA("myalias", NULL, 0);
        pacm_mem_fail_after(-1);
        if (h) {
            successes++;
            assert_string_equal(last_open()->argument, "some args");
            assert_int_equal(CloseDriver(h, 0, 0), TRUE);
        } else {
            failures++;
        }
        assert_int_equal(ts_driver_count(&cfg, DRV_LOAD), ts_driver_count(&cfg, DRV_FREE));
        assert_int_equal(ts_driver_count(&cfg, DRV_OPEN), h ? 1 : 0);
        assert_int_equal(ts_driver_count(&cfg, DRV_CLOSE), ts_driver_count(&cfg, DRV_OPEN));
    }
    assert_true(successes > 0);
    assert_true(failures > 0);
    portacm_driver_unregister("cfg.test");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entries_in_file_order),
        cmocka_unit_test(values_split_into_file_and_arguments),
        cmocka_unit_test(malformed_lines_are_skipped_and_named),
        cmocka_unit_test(oversized_and_special_files_are_ignored),
        cmocka_unit_test(which_files_are_read),
        cmocka_unit_test(open_driver_uses_the_file),
        cmocka_unit_test(allocation_failures_are_clean),
    };
    return cmocka_run_group_tests(tests, setup, ts_folder_teardown);
}
