/*
 * test_pulse_fixture.c - the private PulseAudio server of tests/pulse answers, has the sinks
 * and source README.md promises, and the recording helpers measure what they should.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <cmocka.h>
#include <pulse/simple.h>

#include "pulse_test_util.h"

/* The server is private: PULSE_SERVER points into the build tree, never at a user's socket. */
static void test_server_is_private(void **state)
{
    (void)state;
    const char *server = getenv("PULSE_SERVER");
    assert_non_null(server);
    assert_non_null(strstr(server, "pulse-server/native"));
    assert_true(pt_server_available());
}

/* The default source is the 440 Hz sine. */
static void test_sine_source(void **state)
{
    (void)state;
    pt_recorder *r = pt_record_start(NULL, 48000, 1);
    assert_non_null(r);
    double t0 = pt_now_ms();
    while (pt_now_ms() - t0 < 500)
        ;
    size_t frames = 0;
    int16_t *s = pt_record_stop(r, &frames);
    assert_true(frames >= 48000 / 4);
    double f = pt_frequency(s, frames, 1, 0, 48000);
    assert_true(f > PT_SINE_HZ - 2 && f < PT_SINE_HZ + 2);
    assert_true(pt_rms(s, frames, 1, 0) > 0.1);
    free(s);
}

/* A ramp played into sink B (48000 Hz, the sink's own rate: no resampling) is recorded
 * exactly from its monitor. */
static void test_monitor_exact(void **state)
{
    (void)state;
    enum { RATE = 48000, FRAMES = RATE / 2 };
    int16_t *ref = malloc(FRAMES * 2 * sizeof(int16_t));
    assert_non_null(ref);
    uint32_t x = 12345;
    for (size_t i = 0; i < 2 * (size_t)FRAMES; i++) { /* noise, never repeating, never 0 */
        x = x * 1664525u + 1013904223u;
        ref[i] = (int16_t)((int32_t)(x >> 16) % 16000 + (x & 0x8000 ? -17000 : 17000) / 2);
    }
    pt_recorder *r = pt_record_start(PT_MONITOR_B, RATE, 2);
    assert_non_null(r);
    pa_sample_spec ss = {PA_SAMPLE_S16LE, RATE, 2};
    int err = 0;
    pa_simple *p = pa_simple_new(NULL, "portacm-test", PA_STREAM_PLAYBACK, PT_SINK_B, "ramp", &ss, NULL, NULL, &err);
    assert_non_null(p);
    assert_int_equal(pa_simple_write(p, ref, FRAMES * 4, &err), 0);
    assert_int_equal(pa_simple_drain(p, &err), 0);
    pa_simple_free(p);
    double t0 = pt_now_ms();
    while (pt_now_ms() - t0 < 200)
        ;
    size_t frames = 0;
    int16_t *s = pt_record_stop(r, &frames);
    size_t off = pt_find_exact(s, frames, ref, FRAMES, 2, 64);
    if (off == (size_t)-1 || pt_count_equal(s, frames, off, ref, FRAMES, 2) != FRAMES)
        print_message("recorded %zu frames, match at %zd, %zu equal\n", frames, (ssize_t)off,
                      off == (size_t)-1 ? 0 : pt_count_equal(s, frames, off, ref, FRAMES, 2));
    assert_true(off != (size_t)-1);
    assert_int_equal(pt_count_equal(s, frames, off, ref, FRAMES, 2), FRAMES);
    free(s);
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_is_private),
        cmocka_unit_test(test_sine_source),
        cmocka_unit_test(test_monitor_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
