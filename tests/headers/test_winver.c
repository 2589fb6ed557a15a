/*
 * test_winver.c - WINVER and _WIN32_WINNT default as the current Windows SDK defaults them
 * (issue 10 item 17): both 0x0A00 with no defines, WINVER following a program's _WIN32_WINNT,
 * and a program's own WINVER kept. A driver source that picks its version with
 * `#if (WINVER >= 0x0400)` then reports 4.00, as it does when built with the SDK.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "winver_source.h"

winver_seen winver_seen_default(void)
{
    winver_seen seen = WINVER_SEEN_INITIALIZER;
    return seen;
}

static void assert_seen(winver_seen seen, unsigned winver, unsigned win32_winnt, DWORD driver_version)
{
    assert_int_equal(seen.winver, winver);
    assert_int_equal(seen.win32_winnt, win32_winnt);
    assert_int_equal(seen.driver_version, driver_version);
}

/* Failed before the fix: WINVER was undefined, so the #if saw 0 and the driver said 3.51
 * (0x03330000 instead of 0x04000000). */
static void regress_driver_version_without_defines_is_4_00(void **state)
{
    (void)state;
    assert_seen(winver_seen_default(), 0x0A00, 0x0A00, MAKE_ACM_VERSION(4, 0, 0));
}

static void winver_follows_the_programs_win32_winnt(void **state)
{
    (void)state;
    assert_seen(winver_seen_winnt_0601(), 0x0601, 0x0601, MAKE_ACM_VERSION(4, 0, 0));
}

static void the_programs_own_winver_is_kept(void **state)
{
    (void)state;
    assert_seen(winver_seen_winver_0351(), 0x0351, 0x0A00, MAKE_ACM_VERSION(3, 51, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regress_driver_version_without_defines_is_4_00),
        cmocka_unit_test(winver_follows_the_programs_win32_winnt),
        cmocka_unit_test(the_programs_own_winver_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
