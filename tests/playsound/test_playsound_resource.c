/*
 * test_playsound_resource.c - PlaySound(SND_RESOURCE): a "WAVE" resource of the program
 * (sounds.rc, compiled by a real resource compiler and embedded with portacm_add_resources),
 * by name and by MAKEINTRESOURCE ID, plays through the wave mapper onto the wave test driver
 * byte for byte; a missing resource, a resource of another type and a NULL name fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mmsystem.h"
#include "wave/wave_test_util.h"

#define FRAMES 800

static char *folder;

static int setup(void **state)
{
    (void)state;
    folder = wt_setup("out=1 in=0");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wt_teardown(folder);
    return 0;
}

static void expect_chime_played(void)
{
    int16_t played[FRAMES + 16];
    size_t size = wt_output(0, played, sizeof played);
    assert_int_equal(size, FRAMES * 2);
    for (int i = 0; i < FRAMES; i++)
        assert_int_equal(played[i], 1000 + i);
}

static void test_resource_by_name_and_id(void **state)
{
    (void)state;
    wt_clear_output();
    assert_true(PlaySoundA("CHIME", NULL, SND_RESOURCE | SND_SYNC | SND_NODEFAULT));
    expect_chime_played();
    wt_clear_output();
    assert_true(PlaySoundW(MAKEINTRESOURCEW(7), NULL, SND_RESOURCE | SND_SYNC | SND_NODEFAULT));
    expect_chime_played();
    wt_clear_output();
    assert_true(sndPlaySoundA("chime", SND_RESOURCE | SND_SYNC | SND_NODEFAULT)); /* names ignore case */
    expect_chime_played();
}

static void test_missing_resources_fail(void **state)
{
    (void)state;
    wt_clear_output();
    assert_false(PlaySoundA("NOSUCHSOUND", NULL, SND_RESOURCE | SND_SYNC | SND_NODEFAULT));
    assert_false(PlaySoundA(MAKEINTRESOURCEA(8), NULL, SND_RESOURCE | SND_SYNC | SND_NODEFAULT));
    assert_false(PlaySoundA(NULL, NULL, SND_RESOURCE | SND_SYNC | SND_NODEFAULT) &&
                 wt_output(0, NULL, 0) != 0);
    assert_int_equal(wt_output(0, NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resource_by_name_and_id),
        cmocka_unit_test(test_missing_resources_fail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
