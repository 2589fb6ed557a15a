/*
 * test_synth_midiout.c - the synthesizer through the public midiOut API (the MIDI layer installs
 * it), into the private PulseAudio server: it is listed with its caps, the MIDI mapper picks it
 * (MOD_SWSYNTH), midiOutShortMsg plays A4 at 440 Hz on sink A's monitor, midiOutLongMsg
 * completes with MOM_DONE before it returns, volume and reset work, and close with notes
 * sounding returns MOM_CLOSE.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mmsystem.h"
#include "pulse_test_util.h"
#include "synth_test_util.h"

#define RATE 44100u
#define SYNTH_NAME "portacm GM Synth (FluidSynth)"

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static UINT seen_msg[16];
static unsigned seen_count;

static void CALLBACK on_midi(HMIDIOUT h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)instance, (void)p1, (void)p2;
    pthread_mutex_lock(&seen_lock);
    if (seen_count < 16)
        seen_msg[seen_count++] = msg;
    pthread_mutex_unlock(&seen_lock);
}

static UINT synth_device(void)
{
    UINT n = midiOutGetNumDevs();
    for (UINT id = 0; id < n; id++) {
        MIDIOUTCAPSA caps;
        assert_int_equal(midiOutGetDevCapsA(id, &caps, sizeof caps), MMSYSERR_NOERROR);
        if (strcmp(caps.szPname, SYNTH_NAME) == 0) {
            assert_int_equal(caps.wTechnology, MOD_SWSYNTH);
            assert_int_equal(caps.wChannelMask, 0xFFFF);
            assert_int_equal(caps.dwSupport, MIDICAPS_VOLUME | MIDICAPS_LRVOLUME);
            return id;
        }
    }
    fail_msg("no device named " SYNTH_NAME " among %u", n);
    return 0;
}

/* Plays A4 (flute) for 0.5 s through `id` (a device or MIDI_MAPPER), records it. */
static void play_a4(UINT id)
{
    pt_recorder *rec = pt_record_start(PT_MONITOR_A, RATE, 2);
    HMIDIOUT h = NULL;
    int16_t *s;
    size_t frames, start;
    double pitch;
    assert_non_null(rec);
    assert_int_equal(midiOutOpen(&h, id, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    usleep(200000);
    assert_int_equal(midiOutShortMsg(h, 0x49C0), MMSYSERR_NOERROR); /* program 73 */
    assert_int_equal(midiOutShortMsg(h, 0x6E4590), MMSYSERR_NOERROR); /* A4 */
    usleep(500000);
    assert_int_equal(midiOutShortMsg(h, 0x404580), MMSYSERR_NOERROR);
    usleep(200000);
    assert_int_equal(midiOutClose(h), MMSYSERR_NOERROR);
    s = pt_record_stop(rec, &frames);
    start = pt_first_above(s, frames, 2, 300);
    assert_true(start != (size_t)-1 && start + RATE * 4 / 10 < frames);
    pitch = st_pitch(s + (start + RATE / 10) * 2, RATE * 3 / 10, 2, RATE);
    print_message("device %d: %.2f Hz\n", (int)id, pitch);
    assert_true(pitch > 437.0 && pitch < 443.0);
    free(s);
}

static void test_device_plays_440(void **state)
{
    (void)state;
    play_a4(synth_device());
}

static void test_mapper_plays_440(void **state)
{
    MIDIOUTCAPSA caps;
    (void)state;
    assert_int_equal(midiOutGetDevCapsA(MIDI_MAPPER, &caps, sizeof caps), MMSYSERR_NOERROR);
    play_a4(MIDI_MAPPER);
}

static void test_long_volume_reset_close(void **state)
{
    char gm_on[] = {(char)0xF0, 0x7E, 0x7F, 0x09, 0x01, (char)0xF7};
    MIDIHDR hdr;
    HMIDIOUT h = NULL;
    DWORD volume = 0;
    UINT id = synth_device();
    (void)state;
    seen_count = 0;
    assert_int_equal(midiOutOpen(&h, id, (DWORD_PTR)on_midi, 7, CALLBACK_FUNCTION), MMSYSERR_NOERROR);
    assert_int_equal(seen_count, 1);
    assert_int_equal(seen_msg[0], MOM_OPEN);
    memset(&hdr, 0, sizeof hdr);
    hdr.lpData = gm_on;
    hdr.dwBufferLength = sizeof gm_on;
    assert_int_equal(midiOutLongMsg(h, &hdr, sizeof hdr), MIDIERR_UNPREPARED);
    assert_int_equal(midiOutPrepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_int_equal(midiOutLongMsg(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_true(hdr.dwFlags & MHDR_DONE);
    assert_int_equal(seen_count, 2);
    assert_int_equal(seen_msg[1], MOM_DONE);
    assert_int_equal(midiOutUnprepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_int_equal(midiOutSetVolume(h, 0x40008000u), MMSYSERR_NOERROR);
    assert_int_equal(midiOutGetVolume(h, &volume), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x40008000u);
    for (DWORD ch = 0; ch < 16; ch++)
        assert_int_equal(midiOutShortMsg(h, 0x7F3090 | ch), MMSYSERR_NOERROR);
    assert_int_equal(midiOutReset(h), MMSYSERR_NOERROR);
    for (DWORD ch = 0; ch < 16; ch++)
        midiOutShortMsg(h, 0x7F4090 | ch);
    assert_int_equal(midiOutClose(h), MMSYSERR_NOERROR); /* notes sounding */
    assert_int_equal(seen_msg[seen_count - 1], MOM_CLOSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_device_plays_440),
        cmocka_unit_test(test_mapper_plays_440),
        cmocka_unit_test(test_long_volume_reset_close),
    };
    if (!pt_server_available())
        return 1; /* the fixture is required: a missing server is a failure, not a skip */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
