/*
 * test_synth_render.c - the offline synthesizer of portacm.h (portacm_synth_*), with the small
 * TimGM6mb SoundFont: pitch of A4, note-off decay, program change, GM drums on channel 10,
 * running status, SysEx (GM reset, master volume), determinism, and hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "portacm.h"
#include "synth_test_util.h"

#define SF "/usr/share/sounds/sf2/TimGM6mb.sf2"
#define RATE 44100u
#define NOTE_ON(ch, key, vel) (0x90u | (ch) | (key) << 8 | (vel) << 16)
#define NOTE_OFF(ch, key) (0x80u | (ch) | (key) << 8 | 64u << 16)
#define PROGRAM(ch, p) (0xC0u | (ch) | (p) << 8)

static int16_t *render(portacm_synth *s, size_t frames)
{
    int16_t *buf = calloc(frames * 2, sizeof *buf);
    assert_non_null(buf);
    assert_int_equal(portacm_synth_render(s, buf, frames), 0);
    return buf;
}

static portacm_synth *open_synth(void)
{
    portacm_synth *s = portacm_synth_open(SF, RATE);
    assert_non_null(s);
    return s;
}

/* Renders 0.5 s of `key` on channel `ch` with `program` and returns the samples from 0.1 s. */
static int16_t *tone(unsigned ch, unsigned program, unsigned key, size_t *frames)
{
    portacm_synth *s = open_synth();
    int16_t *skip, *buf;
    assert_int_equal(portacm_synth_short_message(s, PROGRAM(ch, program)), 0);
    assert_int_equal(portacm_synth_short_message(s, NOTE_ON(ch, key, 100)), 0);
    skip = render(s, RATE / 10);
    free(skip);
    *frames = RATE * 4 / 10;
    buf = render(s, *frames);
    portacm_synth_close(s);
    return buf;
}

static void test_silence_before_notes(void **state)
{
    portacm_synth *s = open_synth();
    int16_t *buf = render(s, RATE / 10);
    (void)state;
    for (size_t i = 0; i < RATE / 10 * 2; i++)
        assert_int_equal(buf[i], 0);
    free(buf);
    portacm_synth_close(s);
}

static void test_a4_is_440_hz(void **state)
{
    size_t frames;
    int16_t *buf = tone(0, 0, 69, &frames); /* acoustic grand piano */
    double f = st_pitch(buf, frames, 2, RATE);
    (void)state;
    print_message("A4 on piano: %.2f Hz, rms %.4f\n", f, st_rms(buf, frames, 2, 0));
    assert_true(st_rms(buf, frames, 2, 0) > 0.01);
    assert_true(st_rms(buf, frames, 2, 1) > 0.01);
    assert_true(f > 437.0 && f < 443.0);
    free(buf);
    /* an octave up is 880 Hz, and on another channel and instrument too */
    buf = tone(3, 73, 81, &frames); /* flute, A5 */
    f = st_pitch(buf, frames, 2, RATE);
    print_message("A5 on flute: %.2f Hz\n", f);
    assert_true(f > 874.0 && f < 886.0);
    free(buf);
}

static void test_note_off_decays(void **state)
{
    portacm_synth *s = open_synth();
    int16_t *on, *tail;
    double level_on, level_tail;
    (void)state;
    portacm_synth_short_message(s, PROGRAM(0, 73)); /* flute: sustains while held */
    portacm_synth_short_message(s, NOTE_ON(0, 69, 100));
    free(render(s, RATE / 5));
    on = render(s, RATE / 10);
    level_on = st_rms(on, RATE / 10, 2, 0);
    portacm_synth_short_message(s, NOTE_OFF(0, 69));
    free(render(s, RATE)); /* 1 s of release */
    tail = render(s, RATE / 10);
    level_tail = st_rms(tail, RATE / 10, 2, 0);
    print_message("held %.5f, 1 s after note-off %.6f\n", level_on, level_tail);
    assert_true(level_on > 0.01);
    assert_true(level_tail < level_on / 100); /* more than 40 dB down */
    free(on);
    free(tail);
    portacm_synth_close(s);
}

static void test_note_on_velocity_0_is_note_off(void **state)
{
    portacm_synth *s = open_synth();
    int16_t *tail;
    (void)state;
    portacm_synth_short_message(s, PROGRAM(0, 73));
    portacm_synth_short_message(s, NOTE_ON(0, 69, 100));
    free(render(s, RATE / 5));
    portacm_synth_short_message(s, NOTE_ON(0, 69, 0));
    free(render(s, RATE));
    tail = render(s, RATE / 10);
    assert_true(st_rms(tail, RATE / 10, 2, 0) < 0.0005);
    free(tail);
    portacm_synth_close(s);
}

static void test_program_change_changes_timbre(void **state)
{
    enum { H = 10 };
    size_t frames;
    double piano[H], piano2[H], other[H];
    int16_t *a = tone(0, 0, 69, &frames), *b = tone(0, 0, 69, &frames), *c = tone(0, 80, 69, &frames);
    (void)state;
    st_harmonics(a, frames, 2, RATE, 440.0, piano, H);
    st_harmonics(b, frames, 2, RATE, 440.0, piano2, H);
    st_harmonics(c, frames, 2, RATE, 440.0, other, H); /* square lead */
    print_message("piano vs piano %.4f, piano vs square lead %.4f\n", st_profile_distance(piano, piano2, H),
                  st_profile_distance(piano, other, H));
    assert_true(st_profile_distance(piano, piano2, H) < 0.01);
    assert_true(st_profile_distance(piano, other, H) > 0.2);
    assert_true(st_pitch(c, frames, 2, RATE) > 437.0 && st_pitch(c, frames, 2, RATE) < 443.0);
    free(a);
    free(b);
    free(c);
}

static void test_channel_10_plays_drums(void **state)
{
    size_t frames;
    /* key 38 (acoustic snare) on channel 10 is a drum, noisy and unpitched; the same key on
     * channel 1 is a pitched piano note at 73.4 Hz */
    int16_t *drum = tone(9, 0, 38, &frames);
    int16_t *melodic = tone(0, 0, 38, &frames);
    double pd, pm;
    (void)state;
    free(drum);
    free(melodic);
    {
        portacm_synth *s = open_synth();
        int16_t *hit;
        portacm_synth_short_message(s, NOTE_ON(9, 38, 120));
        hit = render(s, RATE / 5);
        assert_true(st_rms(hit, RATE / 5, 2, 0) > 0.01);
        pd = st_pitch(hit, RATE / 5, 2, RATE);
        free(hit);
        portacm_synth_close(s);
        s = open_synth();
        portacm_synth_short_message(s, NOTE_ON(0, 38, 120));
        hit = render(s, RATE / 5);
        pm = st_pitch(hit, RATE / 5, 2, RATE);
        free(hit);
        portacm_synth_close(s);
    }
    print_message("key 38: channel 10 pitch %.1f Hz, channel 1 pitch %.1f Hz\n", pd, pm);
    assert_true(pm > 71.0 && pm < 76.0);
    assert_true(pd < 71.0 || pd > 76.0);
}

static void test_running_status(void **state)
{
    portacm_synth *a = open_synth(), *b = open_synth();
    int16_t *x, *y;
    (void)state;
    /* a: explicit statuses; b: the second note-on by running status (data bytes moved down) */
    portacm_synth_short_message(a, NOTE_ON(0, 60, 100));
    portacm_synth_short_message(a, NOTE_ON(0, 64, 100));
    portacm_synth_short_message(b, NOTE_ON(0, 60, 100));
    portacm_synth_short_message(b, 64u | 100u << 8);
    x = render(a, RATE / 5);
    y = render(b, RATE / 5);
    assert_memory_equal(x, y, RATE / 5 * 4);
    /* realtime bytes keep it; system common clears it (the data-only message is dropped) */
    portacm_synth_short_message(a, 0xF8);
    portacm_synth_short_message(b, 0xF8);
    portacm_synth_short_message(a, 67u | 100u << 8);
    portacm_synth_short_message(b, NOTE_ON(0, 67, 100));
    portacm_synth_short_message(a, 0xF6);
    portacm_synth_short_message(a, 72u | 100u << 8); /* dropped */
    free(x);
    free(y);
    x = render(a, RATE / 5);
    y = render(b, RATE / 5);
    assert_memory_equal(x, y, RATE / 5 * 4);
    free(x);
    free(y);
    portacm_synth_close(a);
    portacm_synth_close(b);
}

static void test_deterministic(void **state)
{
    size_t frames;
    int16_t *a = tone(0, 0, 69, &frames), *b = tone(0, 0, 69, &frames);
    (void)state;
    assert_memory_equal(a, b, frames * 4);
    free(a);
    free(b);
}

static void test_sysex_master_volume_and_gm_reset(void **state)
{
    static const uint8_t quiet[] = {0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x00, 0x08, 0xF7}; /* master volume 1/16 */
    static const uint8_t gm_on[] = {0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7};
    portacm_synth *s = open_synth();
    int16_t *loud, *soft;
    double l, q;
    (void)state;
    portacm_synth_short_message(s, PROGRAM(0, 73));
    portacm_synth_short_message(s, NOTE_ON(0, 69, 100));
    free(render(s, RATE / 5));
    loud = render(s, RATE / 10);
    assert_int_equal(portacm_synth_long_message(s, quiet, sizeof quiet), 0);
    free(render(s, RATE / 10));
    soft = render(s, RATE / 10);
    l = st_rms(loud, RATE / 10, 2, 0), q = st_rms(soft, RATE / 10, 2, 0);
    print_message("master volume: %.5f -> %.5f\n", l, q);
    assert_true(q < l / 4 && q > 0);
    free(soft);
    /* GM System On restores the master volume */
    assert_int_equal(portacm_synth_long_message(s, gm_on, sizeof gm_on), 0);
    free(render(s, RATE / 10));
    soft = render(s, RATE / 10);
    print_message("after GM System On: %.5f\n", st_rms(soft, RATE / 10, 2, 0));
    assert_true(st_rms(soft, RATE / 10, 2, 0) > q * 2);
    free(soft);
    free(loud);
    portacm_synth_close(s);
}

static void test_reset_silences(void **state)
{
    portacm_synth *s = open_synth();
    int16_t *before, *after;
    double b, a;
    (void)state;
    portacm_synth_short_message(s, 0xB0u | 64u << 8 | 127u << 16); /* sustain pedal down */
    for (unsigned ch = 0; ch < 16; ch++)
        portacm_synth_short_message(s, NOTE_ON(ch, 60 + ch, 110));
    free(render(s, RATE / 10));
    before = render(s, RATE / 10);
    assert_int_equal(portacm_synth_reset(s), 0);
    free(render(s, RATE / 20));
    after = render(s, RATE / 10); /* only the reverb's tail is left */
    b = st_rms(before, RATE / 10, 2, 0), a = st_rms(after, RATE / 10, 2, 0);
    print_message("reset: %.5f -> %.5f\n", b, a);
    assert_true(a < b / 10);
    free(after);
    free(render(s, 2 * RATE));
    after = render(s, RATE / 10);
    assert_true(st_rms(after, RATE / 10, 2, 0) < 0.0005);
    free(after);
    free(before);
    portacm_synth_close(s);
}

static void test_hostile_input(void **state)
{
    static const uint8_t bad[][6] = {
        {0x7E, 0x7F, 0x09, 0x01, 0x00, 0x00}, /* no F0, no F7 */
        {0xF0, 0xF0, 0xF0, 0xF7, 0xF7, 0xF7}, /* empty messages */
        {0x90, 0x3C, 0x64, 0x80, 0x3C, 0x00}, /* channel messages, not SysEx */
        {0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x7F}, /* truncated */
    };
    uint8_t big[70000];
    portacm_synth *s = open_synth();
    int16_t buf[64];
    (void)state;
    assert_null(portacm_synth_open(SF, 7999));
    assert_null(portacm_synth_open(SF, 192001));
    assert_null(portacm_synth_open("/nonexistent/x.sf2", RATE));
    assert_null(portacm_synth_open(PORTACM_TEST_DATA_DIR "/synth/tests.cmake", RATE)); /* not a SoundFont */
    assert_int_equal(portacm_synth_short_message(NULL, 0x90), -1);
    assert_int_equal(portacm_synth_long_message(NULL, bad[0], 6), -1);
    assert_int_equal(portacm_synth_long_message(s, NULL, 6), -1);
    assert_int_equal(portacm_synth_long_message(s, NULL, 0), 0);
    assert_int_equal(portacm_synth_render(NULL, buf, 32), -1);
    assert_int_equal(portacm_synth_render(s, NULL, 32), -1);
    assert_int_equal(portacm_synth_render(s, buf, 0), 0);
    assert_int_equal(portacm_synth_render(s, buf, (size_t)-1), -1);
    assert_int_equal(portacm_synth_reset(NULL), -1);
    portacm_synth_close(NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(portacm_synth_long_message(s, bad[i], sizeof bad[i]), 0);
    memset(big, 0x11, sizeof big);
    big[0] = 0xF0;
    assert_int_equal(portacm_synth_long_message(s, big, sizeof big), 0);
    /* every 32-bit pattern class as a short message: statuses, data bytes, junk high byte */
    for (uint32_t m = 0; m < 0x10000; m += 7)
        portacm_synth_short_message(s, m | 0xFF000000u | (m & 0x7F) << 16);
    assert_int_equal(portacm_synth_reset(s), 0);
    assert_int_equal(portacm_synth_render(s, buf, 32), 0);
    portacm_synth_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silence_before_notes),
        cmocka_unit_test(test_a4_is_440_hz),
        cmocka_unit_test(test_note_off_decays),
        cmocka_unit_test(test_note_on_velocity_0_is_note_off),
        cmocka_unit_test(test_program_change_changes_timbre),
        cmocka_unit_test(test_channel_10_plays_drums),
        cmocka_unit_test(test_running_status),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_sysex_master_volume_and_gm_reset),
        cmocka_unit_test(test_reset_silences),
        cmocka_unit_test(test_hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
