/*
 * test_synth_soundfont.c - which SoundFont the synthesizer loads, and the driver without one.
 * Runs with PORTACM_SOUNDFONT naming a missing file (tests.cmake): the driver then has no device
 * and says so; afterwards the lookup order is checked with the environment and the user's
 * synth.ini (under the test's own XDG_CONFIG_HOME).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "common_int.h"
#include "portacm.h"
#include "synth_int.h"

#define TIM "/usr/share/sounds/sf2/TimGM6mb.sf2"

static void test_no_soundfont_no_device(void **state)
{
    MIDIOUTCAPSW caps;
    MIDIOPENDESC desc;
    DWORD_PTR user = 0;
    (void)state;
    assert_non_null(getenv("PORTACM_SOUNDFONT")); /* tests.cmake sets it */
    assert_string_equal(getenv("PORTACM_SOUNDFONT"), "/nonexistent/portacm-test.sf2");
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETNUMDEVS, 0, 0, 0), 0);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps),
                     MMSYSERR_BADDEVICEID);
    memset(&desc, 0, sizeof desc);
    assert_int_equal(pacm_synth_mod_message(0, MODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, 0),
                     MMSYSERR_BADDEVICEID);
    pacm_synth_install(); /* registers nothing, does not crash */
    assert_null(portacm_synth_open(NULL, 44100));
    /* an explicit path still works */
    portacm_synth *s = portacm_synth_open(TIM, 44100);
    assert_non_null(s);
    portacm_synth_close(s);
}

/* Writes the user's synth.ini, creating $XDG_CONFIG_HOME and its portacm folder. */
static void write_config(const char *text)
{
    const char *home = getenv("XDG_CONFIG_HOME");
    char dir[4096], *path;
    FILE *f;
    assert_non_null(home);
    mkdir(home, 0755);
    snprintf(dir, sizeof dir, "%s/portacm", home);
    mkdir(dir, 0755);
    path = pacm_config_user_path("portacm/synth.ini");
    assert_non_null(path);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    pacm_mem_free(path);
}

static void expect_found(const char *expected)
{
    char *found = pacm_synth_soundfont_find();
    if (!expected) {
        assert_null(found);
        return;
    }
    assert_non_null(found);
    assert_string_equal(found, expected);
    pacm_mem_free(found);
}

static void test_lookup_order(void **state)
{
    char *found;
    (void)state;
    /* no variable, no file: a standard path */
    unsetenv("PORTACM_SOUNDFONT");
    write_config("; nothing here\n");
    found = pacm_synth_soundfont_find();
    assert_non_null(found);
    assert_true(strncmp(found, "/usr/share/", 11) == 0);
    pacm_mem_free(found);
    /* the configuration file */
    write_config("[other]\nsoundfont = /x.sf2\n[synth]\nsoundfont = " TIM "\n");
    expect_found(TIM);
    /* a configured file that is missing: no SoundFont (not silently another one) */
    write_config("[synth]\nsoundfont = /nonexistent/x.sf2\n");
    expect_found(NULL);
    /* the variable wins over the file; an empty one is ignored */
    setenv("PORTACM_SOUNDFONT", TIM, 1);
    expect_found(TIM);
    setenv("PORTACM_SOUNDFONT", "", 1);
    expect_found(NULL);
    write_config("[synth]\nsoundfont = " TIM "\n");
    expect_found(TIM);
    /* a folder is not a SoundFont */
    setenv("PORTACM_SOUNDFONT", "/usr/share", 1);
    expect_found(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_soundfont_no_device),
        cmocka_unit_test(test_lookup_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
