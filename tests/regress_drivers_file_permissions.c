/*
 * regress_drivers_file_permissions.c - the drivers file names code that OpenDriver loads, so
 * a file that someone other than the user (or root) could have written is ignored: group- or
 * world-writable, or owned by another user. Each refusal gets a PORTACM_DEBUG diagnostic.
 * The alias points at a built-in module registered here, so the file's acceptance is the only
 * thing that decides whether OpenDriverA succeeds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "windows.h"
#include "mmsystem.h"
#include "ts_files.h"
#include "ts_driver.h"

/* Accepts the DRV_* life cycle. */
static ts_driver plain = TS_DRIVER_INIT;
static char *folder;
static char *drivers_path;

static int setup(void **state)
{
    (void)state;
    unsetenv("PORTACM_DEBUG");
    folder = ts_temp_dir();
    drivers_path = ts_write_text(folder, "drivers.ini", "[drivers32]\nperm.alias = regress_perm.drv\n");
    setenv("PORTACM_DRIVERS", drivers_path, 1);
    if (portacm_driver_register("regress_perm.drv", ts_driver_proc(&plain)) != MMSYSERR_NOERROR)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    portacm_driver_unregister("regress_perm.drv");
    ts_remove_tree(folder);
    free(folder);
    free(drivers_path);
    return 0;
}

/* true when the alias resolves (the file was accepted). */
static bool alias_opens(void)
{
    HDRVR h = OpenDriverA("perm.alias", "drivers32", 0);
    if (!h)
        return false;
    CloseDriver(h, 0, 0);
    return true;
}

static void expect_refused(const char *why)
{
    ts_capture_begin();
    bool opened = alias_opens();
    char *log = ts_capture_end();
    if (opened || !strstr(log, "writable by group or others"))
        print_error("case %s: opened=%d, log: %s\n", why, opened, log);
    assert_false(opened);
    assert_non_null(strstr(log, "writable by group or others"));
    assert_non_null(strstr(log, drivers_path));
    free(log);
}

static void private_file_is_read(void **state)
{
    (void)state;
    assert_int_equal(chmod(drivers_path, 0644), 0);
    assert_true(alias_opens());
    assert_int_equal(chmod(drivers_path, 0600), 0);
    assert_true(alias_opens());
}

static void group_writable_file_is_ignored(void **state)
{
    (void)state;
    assert_int_equal(chmod(drivers_path, 0664), 0);
    expect_refused("0664");
    assert_int_equal(chmod(drivers_path, 0620), 0);
    expect_refused("0620");
    assert_int_equal(chmod(drivers_path, 0644), 0);
    assert_true(alias_opens());
}

static void world_writable_file_is_ignored(void **state)
{
    (void)state;
    assert_int_equal(chmod(drivers_path, 0646), 0);
    expect_refused("0646");
    assert_int_equal(chmod(drivers_path, 0666), 0);
    expect_refused("0666");
    assert_int_equal(chmod(drivers_path, 0644), 0);
    assert_true(alias_opens());
}

static void file_of_another_user_is_ignored(void **state)
{
    (void)state;
    /* Giving a file away needs root; as a normal user the case cannot be built. */
    if (geteuid() != 0) {
        print_message("skipped: changing a file's owner needs root (running as uid %lu)\n",
                      (unsigned long)geteuid());
        skip();
    }
    assert_int_equal(chmod(drivers_path, 0644), 0);
    assert_int_equal(chown(drivers_path, 4242, 4242), 0);
    expect_refused("owner 4242");
    /* Root's own file is fine (the system file /etc/portacm/drivers.ini is root's). */
    assert_int_equal(chown(drivers_path, 0, 0), 0);
    assert_true(alias_opens());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(private_file_is_read),
        cmocka_unit_test(group_writable_file_is_ignored),
        cmocka_unit_test(world_writable_file_is_ignored),
        cmocka_unit_test(file_of_another_user_is_ignored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
