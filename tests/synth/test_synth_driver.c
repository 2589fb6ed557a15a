/*
 * test_synth_driver.c - fluidsynth.drv through its modMessage, as winmm drives it (MIDIOPENDESC,
 * CALLBACK_FUNCTION), playing into the private PulseAudio server: caps, MOM_OPEN / MOM_DONE /
 * MOM_CLOSE, a note-on of A4 sounds at 440 Hz on sink A's monitor and a note-off ends it, L/R
 * volume, SysEx completed synchronously, header and parameter checks, hostile messages, close
 * with notes sounding, installation.
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

#include "common_int.h"
#include "pulse_test_util.h"
#include "synth_int.h"
#include "synth_test_util.h"

#define RATE 44100u
#define NOTE_ON(ch, key, vel) (0x90u | (ch) | (key) << 8 | (vel) << 16)
#define NOTE_OFF(ch, key) (0x80u | (ch) | (key) << 8 | 64u << 16)
#define PROGRAM(ch, p) (0xC0u | (ch) | (p) << 8)

/* What the driver delivered through DriverCallback. */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static UINT seen_msg[64];
static DWORD_PTR seen_p1[64], seen_instance[64];
static HDRVR seen_handle[64];
static unsigned seen_count;

static void CALLBACK on_midi(HDRVR h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p2;
    pthread_mutex_lock(&seen_lock);
    if (seen_count < 64) {
        seen_msg[seen_count] = msg, seen_p1[seen_count] = p1, seen_instance[seen_count] = instance;
        seen_handle[seen_count++] = h;
    }
    pthread_mutex_unlock(&seen_lock);
}

static unsigned seen(void)
{
    unsigned n;
    pthread_mutex_lock(&seen_lock);
    n = seen_count;
    pthread_mutex_unlock(&seen_lock);
    return n;
}

#define FAKE_HMIDI ((HMIDI)(uintptr_t)0x5E170001u)
#define INSTANCE 0xC0FFEEu

static DWORD_PTR open_synth(void)
{
    MIDIOPENDESC desc;
    DWORD_PTR user = 0;
    unsigned before = seen();
    memset(&desc, 0, sizeof desc);
    desc.hMidi = FAKE_HMIDI;
    desc.dwCallback = (DWORD_PTR)on_midi;
    desc.dwInstance = INSTANCE;
    assert_int_equal(pacm_synth_mod_message(0, MODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_true(user != 0);
    /* MOM_OPEN before MODM_OPEN returns, with the handle and the instance value */
    assert_int_equal(seen(), before + 1);
    assert_int_equal(seen_msg[before], MOM_OPEN);
    assert_ptr_equal(seen_handle[before], (HDRVR)FAKE_HMIDI);
    assert_int_equal(seen_instance[before], INSTANCE);
    return user;
}

static void close_synth(DWORD_PTR user)
{
    unsigned before = seen();
    assert_int_equal(pacm_synth_mod_message(0, MODM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(seen(), before + 1);
    assert_int_equal(seen_msg[before], MOM_CLOSE);
}

static DWORD send(DWORD_PTR user, uint32_t message)
{
    return pacm_synth_mod_message(0, MODM_DATA, user, message, 0);
}

static void test_caps(void **state)
{
    MIDIOUTCAPSW caps;
    char name[64];
    (void)state;
    assert_int_equal(pacm_synth_mod_message(0, DRVM_INIT, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETNUMDEVS, 0, 0, 0), 1);
    memset(&caps, 0xAB, sizeof caps);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), MMSYSERR_NOERROR);
    pacm_utf16_to_utf8_buffer(caps.szPname, name, sizeof name);
    assert_string_equal(name, "portacm GM Synth (FluidSynth)");
    assert_int_equal(caps.wTechnology, MOD_SWSYNTH);
    assert_int_equal(caps.wChannelMask, 0xFFFF);
    assert_true(caps.wVoices >= 32 && caps.wNotes == caps.wVoices);
    assert_int_equal(caps.dwSupport, MIDICAPS_VOLUME | MIDICAPS_LRVOLUME);
    /* a short buffer gets what fits */
    memset(&caps, 0xAB, sizeof caps);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, 4), MMSYSERR_NOERROR);
    assert_int_equal(caps.wMid, 0xFF);
    assert_int_equal(caps.vDriverVersion & 0xFFFF, 0xABAB);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETDEVCAPS, 0, 0, sizeof caps), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_synth_mod_message(1, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps),
                     MMSYSERR_BADDEVICEID);
    assert_int_equal(pacm_synth_mod_message(0, MODM_PREPARE, 0, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(pacm_synth_mod_message(0, MODM_UNPREPARE, 0, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(pacm_synth_mod_message(0, MODM_STRMDATA, 0, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(pacm_synth_driver_proc(0, 0, DRV_LOAD, 0, 0), 1);
    assert_int_equal(pacm_synth_driver_proc(0, 0, DRV_QUERYCONFIGURE, 0, 0), 0);
}

static void test_open_checks(void **state)
{
    MIDIOPENDESC desc;
    DWORD_PTR user = 0;
    (void)state;
    memset(&desc, 0, sizeof desc);
    assert_int_equal(pacm_synth_mod_message(1, MODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, 0),
                     MMSYSERR_BADDEVICEID);
    assert_int_equal(pacm_synth_mod_message(0, MODM_OPEN, (DWORD_PTR)&user, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_synth_mod_message(0, MODM_OPEN, 0, (DWORD_PTR)&desc, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_synth_mod_message(0, MODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, MIDI_IO_COOKED),
                     MMSYSERR_NOTSUPPORTED);
    assert_int_equal(user, 0);
    /* an instance value the driver never gave */
    assert_int_equal(pacm_synth_mod_message(0, MODM_DATA, 0x1234, 0x90, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(pacm_synth_mod_message(0, MODM_CLOSE, (DWORD_PTR)&desc, 0, 0), MMSYSERR_INVALHANDLE);
}

/* Plays A4 on a flute for 0.6 s, then 1.4 s after the note-off, recording sink A's monitor. */
static void test_note_sounds_at_440_and_stops(void **state)
{
    pt_recorder *rec = pt_record_start(PT_MONITOR_A, RATE, 2);
    DWORD_PTR user;
    int16_t *s;
    size_t frames, start, n = RATE * 3 / 10;
    double pitch, held, after, t_record = pt_now_ms(), t_note, latency;
    (void)state;
    assert_non_null(rec);
    user = open_synth();
    usleep(300000);
    assert_int_equal(send(user, PROGRAM(0, 73)), MMSYSERR_NOERROR);
    t_note = pt_now_ms();
    assert_int_equal(send(user, NOTE_ON(0, 69, 110)), MMSYSERR_NOERROR);
    usleep(600000);
    assert_int_equal(send(user, NOTE_OFF(0, 69)), MMSYSERR_NOERROR);
    usleep(1400000);
    close_synth(user);
    s = pt_record_stop(rec, &frames);
    assert_non_null(s);
    start = pt_first_above(s, frames, 2, 300);
    assert_true(start != (size_t)-1 && start + RATE * 17 / 10 < frames);
    /* where the note starts in the recording against when it was sent: the latency through the
     * wave device, plus the monitor's own capture delay (so an upper bound) */
    latency = (double)start * 1000.0 / RATE - (t_note - t_record);
    print_message("recorded %zu frames, sound from frame %zu: about %.0f ms after MODM_DATA\n", frames, start,
                  latency);
    assert_true(latency < 1000.0);
    pitch = st_pitch(s + (start + RATE / 10) * 2, n, 2, RATE);
    held = st_rms(s + (start + RATE / 10) * 2, n, 2, 0);
    after = st_rms(s + (start + RATE * 16 / 10) * 2, RATE / 10, 2, 0); /* 1 s after note-off */
    print_message("pitch %.2f Hz, held %.5f, after note-off %.6f\n", pitch, held, after);
    assert_true(pitch > 437.0 && pitch < 443.0);
    assert_true(held > 0.01);
    assert_true(after < held / 100);
    free(s);
}

static void test_volume_left_right(void **state)
{
    pt_recorder *rec;
    DWORD_PTR user;
    DWORD volume = 0;
    int16_t *s;
    size_t frames, start;
    double left, right;
    (void)state;
    user = open_synth();
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETVOLUME, user, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0xFFFFFFFFu);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETVOLUME, user, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_synth_mod_message(0, MODM_SETVOLUME, user, 0xFFFF0000u, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETVOLUME, user, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0xFFFF0000u);
    rec = pt_record_start(PT_MONITOR_A, RATE, 2);
    assert_non_null(rec);
    send(user, PROGRAM(0, 73));
    send(user, NOTE_ON(0, 69, 110));
    usleep(500000);
    close_synth(user);
    s = pt_record_stop(rec, &frames);
    start = pt_first_above(s, frames, 2, 0) == (size_t)-1 ? 0 : 0;
    for (start = 0; start < frames && abs(s[start * 2 + 1]) < 300; start++)
        ;
    assert_true(start + RATE / 5 < frames);
    left = st_rms(s + start * 2, RATE / 5, 2, 0), right = st_rms(s + start * 2, RATE / 5, 2, 1);
    print_message("volume 0xFFFF0000: left %.6f, right %.5f\n", left, right);
    assert_true(right > 0.01);
    assert_true(left < 0.0001);
    free(s);
    /* by device ID (dwUser 0): the device volume, given to every open */
    assert_int_equal(pacm_synth_mod_message(0, MODM_SETVOLUME, 0, 0x80008000u, 0), MMSYSERR_NOERROR);
    user = open_synth();
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETVOLUME, user, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x80008000u);
    assert_int_equal(pacm_synth_mod_message(0, MODM_SETVOLUME, 0, 0xFFFFFFFFu, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETVOLUME, user, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0xFFFFFFFFu);
    assert_int_equal(pacm_synth_mod_message(0, MODM_GETVOLUME, 0, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0xFFFFFFFFu);
    assert_int_equal(pacm_synth_mod_message(1, MODM_GETVOLUME, 0, (DWORD_PTR)&volume, 0), MMSYSERR_BADDEVICEID);
    close_synth(user);
}

static void test_long_data(void **state)
{
    char gm_on[] = {(char)0xF0, 0x7E, 0x7F, 0x09, 0x01, (char)0xF7};
    char no_framing[] = {0x7E, 0x7F, 0x09, 0x01};
    MIDIHDR hdr;
    DWORD_PTR user = open_synth();
    unsigned before;
    (void)state;
    memset(&hdr, 0, sizeof hdr);
    hdr.lpData = gm_on;
    hdr.dwBufferLength = sizeof gm_on;
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, (DWORD_PTR)&hdr, sizeof hdr), MIDIERR_UNPREPARED);
    hdr.dwFlags = MHDR_PREPARED | MHDR_INQUEUE;
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, (DWORD_PTR)&hdr, sizeof hdr),
                     MIDIERR_STILLPLAYING);
    hdr.dwFlags = MHDR_PREPARED;
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, 0, sizeof hdr), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, (DWORD_PTR)&hdr, 43), MMSYSERR_INVALPARAM);
    before = seen();
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, (DWORD_PTR)&hdr, sizeof hdr), MMSYSERR_NOERROR);
    /* done and notified before the call returned */
    assert_int_equal(hdr.dwFlags, MHDR_PREPARED | MHDR_DONE);
    assert_int_equal(seen(), before + 1);
    assert_int_equal(seen_msg[before], MOM_DONE);
    assert_int_equal(seen_p1[before], (DWORD_PTR)&hdr);
    /* SysEx without F0/F7, empty, and absurd lengths are accepted and completed */
    hdr.lpData = no_framing;
    hdr.dwBufferLength = sizeof no_framing;
    hdr.dwFlags = MHDR_PREPARED;
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, (DWORD_PTR)&hdr, sizeof hdr), MMSYSERR_NOERROR);
    hdr.dwBufferLength = 0;
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, (DWORD_PTR)&hdr, sizeof hdr), MMSYSERR_NOERROR);
    hdr.lpData = NULL;
    assert_int_equal(pacm_synth_mod_message(0, MODM_LONGDATA, user, (DWORD_PTR)&hdr, sizeof hdr), MMSYSERR_INVALPARAM);
    close_synth(user);
}

static void test_hostile_and_close_while_sounding(void **state)
{
    DWORD_PTR user = open_synth(), user2 = open_synth();
    (void)state;
    for (uint32_t m = 0; m < 0x20000; m += 3)
        assert_int_equal(send(user, m * 0x01010101u), MMSYSERR_NOERROR);
    assert_int_equal(pacm_synth_mod_message(0, MODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_synth_mod_message(0, 0x7777, user, 0, 0), MMSYSERR_NOTSUPPORTED);
    for (unsigned ch = 0; ch < 16; ch++) {
        send(user, NOTE_ON(ch, 40 + ch, 127));
        send(user2, NOTE_ON(ch, 60 + ch, 127));
    }
    usleep(100000);
    close_synth(user); /* notes still sounding */
    send(user2, 0xB0u | 64u << 8 | 127u << 16);
    close_synth(user2);
    assert_int_equal(send(user, NOTE_ON(0, 60, 100)), MMSYSERR_INVALHANDLE);
}

static void test_install(void **state)
{
    PORTACM_DEVICE_PROCS procs = {0};
    (void)state;
    procs.modMessage = pacm_synth_mod_message;
    pacm_synth_install();
    pacm_synth_install(); /* once */
    assert_int_equal(portacm_device_driver_register("fluidsynth.drv", pacm_synth_driver_proc, &procs),
                     MMSYSERR_ALLOCATED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_open_checks),
        cmocka_unit_test(test_note_sounds_at_440_and_stops),
        cmocka_unit_test(test_volume_left_right),
        cmocka_unit_test(test_long_data),
        cmocka_unit_test(test_hostile_and_close_while_sounding),
        cmocka_unit_test(test_install),
    };
    if (!pt_server_available())
        return 1; /* the fixture is required: a missing server is a failure, not a skip */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
