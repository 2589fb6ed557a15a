/*
 * test_midi_driver_stream.c - midiStream on a device whose driver plays streams itself
 * (MIDICAPS_STREAM: the test driver's output 0 with the knob stream=0): MODM_OPEN with
 * MIDI_IO_COOKED, buffers through MODM_STRMDATA in order with the MHDR flags Windows sets,
 * MODM_PAUSE / RESTART / STOP / GETPOS / PROPERTIES forwarded (after winmm's own checks),
 * MOM_DONE and MOM_POSITIONCB from the driver, the driver's errors returned, close with buffers
 * queued; output 1 (no MIDICAPS_STREAM) keeps winmm's player.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"
#include "midi_test_util.h"

static int setup(void **state)
{
    *state = mt_setup("out=2 in=0 stream=0");
    mt_clear();
    return 0;
}

static int teardown(void **state)
{
    mt_teardown(*state);
    return 0;
}

/* A stream buffer: `n` note-ons 0x90 | note << 8 (from `first`), the last with MEVT_F_CALLBACK. */
typedef struct buffer {
    DWORD words[64];
    MIDIHDR header;
} buffer;

static void fill(buffer *b, int n, BYTE first)
{
    memset(b, 0, sizeof *b);
    for (int i = 0; i < n; i++) {
        b->words[i * 3] = 10;
        b->words[i * 3 + 2] = ((DWORD)MEVT_SHORTMSG << 24) | 0x7F0090u | (DWORD)(first + i) << 8 |
                              (i == n - 1 ? MEVT_F_CALLBACK : 0);
    }
    b->header = (MIDIHDR){.lpData = (LPSTR)b->words, .dwBufferLength = sizeof b->words,
                          .dwBytesRecorded = (DWORD)n * 12};
}

static HMIDISTRM open_stream(UINT device, mt_seen *seen)
{
    HMIDISTRM hms = NULL;
    UINT id = device;
    assert_int_equal(midiStreamOpen(&hms, &id, 1, (DWORD_PTR)mt_record, (DWORD_PTR)seen, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(id, device);
    return hms;
}

static void queue(HMIDISTRM hms, buffer *b)
{
    assert_int_equal(midiOutPrepareHeader((HMIDIOUT)hms, &b->header, sizeof b->header), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamOut(hms, &b->header, sizeof b->header), MMSYSERR_NOERROR);
}

/* The recorded events of kind `kind` (up to `max`) into `out`; returns how many. */
static int events_of(int kind, midi_test_event *out, int max)
{
    static midi_test_event all[256];
    size_t count = mt_events(all, 256);
    int n = 0;
    for (size_t i = 0; i < count && i < 256; i++)
        if (all[i].kind == kind && n < max)
            out[n++] = all[i];
    return n;
}

static int count_of(int kind)
{
    midi_test_event e[64];
    return events_of(kind, e, 64);
}

static void open_cooked(void **state)
{
    (void)state;
    MIDIOUTCAPSW caps;
    assert_int_equal(midiOutGetDevCapsW(0, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_true(caps.dwSupport & MIDICAPS_STREAM);
    assert_int_equal(midiOutGetDevCapsW(1, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_false(caps.dwSupport & MIDICAPS_STREAM);

    mt_seen seen = {0};
    HMIDISTRM hms = open_stream(0, &seen);
    midi_test_event e[4];
    assert_int_equal(events_of(MTD_OPEN, e, 4), 1);
    assert_int_equal(e[0].message, CALLBACK_FUNCTION | MIDI_IO_COOKED);
    /* MOM_OPEN comes from the driver, once, with the stream handle. */
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.msgs[0], MOM_OPEN);
    assert_int_equal(seen.handles[0], (DWORD_PTR)hms);
    /* The stream handle is an HMIDIOUT: short messages go to the driver as MODM_DATA. */
    assert_int_equal(midiOutShortMsg((HMIDIOUT)hms, 0x403C90), MMSYSERR_NOERROR);
    assert_int_equal(midiOutShortMsg((HMIDIOUT)hms, 0x403E), MIDIERR_BADOPENMODE);
    assert_int_equal(count_of(MTD_SHORT), 1);
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
    assert_int_equal(mt_count(&seen, MOM_CLOSE), 1);
    assert_int_equal(seen.count, 2);

    /* A plain midiOutOpen of the same device is not cooked. */
    mt_clear();
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, 0, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MTD_OPEN), 0);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
}

static void buffers_in_order(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDISTRM hms = open_stream(0, &seen);
    static buffer b[3];
    for (int i = 0; i < 3; i++) {
        fill(&b[i], 2 + i, (BYTE)(40 + i * 10));
        queue(hms, &b[i]);
        assert_int_equal(mt_flags(&b[i].header), MHDR_PREPARED | MHDR_ISSTRM | MHDR_INQUEUE);
    }
    /* The stream starts paused: the driver holds the buffers, nothing played, nothing done. */
    midi_test_event e[16];
    assert_int_equal(events_of(MTD_STRMDATA, e, 16), 3);
    for (int i = 0; i < 3; i++) {
        LPMIDIHDR got;
        memcpy(&got, e[i].data, sizeof got);
        assert_ptr_equal(got, &b[i].header);
        assert_int_equal(e[i].message, MHDR_PREPARED | MHDR_ISSTRM | MHDR_INQUEUE);
        assert_int_equal(e[i].length, (DWORD)(2 + i) * 12);
    }
    assert_int_equal(count_of(MTD_SHORT), 0);
    assert_int_equal(mt_count(&seen, MOM_DONE), 0);

    assert_int_equal(midiStreamRestart(hms), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MTD_RESTART), 1);
    assert_int_equal(events_of(MTD_SHORT, e, 16), 2 + 3 + 4);
    int k = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2 + i; j++)
            assert_int_equal(e[k++].message, 0x7F0090u | (DWORD)(40 + i * 10 + j) << 8);
    /* MOM_POSITIONCB then MOM_DONE per buffer, in queue order, from the driver. */
    assert_int_equal(mt_count(&seen, MOM_DONE), 3);
    assert_int_equal(mt_count(&seen, MOM_POSITIONCB), 3);
    int done = 0, cb = 0;
    for (int i = 0; i < seen.count; i++) {
        if (seen.msgs[i] == MOM_POSITIONCB) {
            assert_int_equal(seen.p1[i], (DWORD_PTR)&b[cb].header);
            assert_int_equal(seen.offsets[i], (DWORD)(1 + cb) * 12);
            assert_int_equal(seen.handles[i], (DWORD_PTR)hms);
            cb++;
        } else if (seen.msgs[i] == MOM_DONE) {
            assert_int_equal(seen.p1[i], (DWORD_PTR)&b[done].header);
            assert_int_equal(cb, done + 1);
            done++;
        }
    }
    for (int i = 0; i < 3; i++) {
        assert_int_equal(mt_flags(&b[i].header), MHDR_PREPARED | MHDR_ISSTRM | MHDR_DONE);
        assert_int_equal(midiOutUnprepareHeader((HMIDIOUT)hms, &b[i].header, sizeof b[i].header), MMSYSERR_NOERROR);
    }
    /* A header queued twice: MIDIERR_STILLPLAYING before the driver sees it. */
    assert_int_equal(midiStreamPause(hms), MMSYSERR_NOERROR);
    queue(hms, &b[0]);
    mt_clear();
    assert_int_equal(midiStreamOut(hms, &b[0].header, sizeof b[0].header), MIDIERR_STILLPLAYING);
    assert_int_equal(count_of(MTD_STRMDATA), 0);
    assert_int_equal(midiStreamStop(hms), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
}

static void controls_forwarded(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDISTRM hms = open_stream(0, &seen);
    /* properties: forwarded with the caller's flags; the driver's values come back */
    MIDIPROPTEMPO tempo = {.cbStruct = sizeof tempo, .dwTempo = 250000};
    assert_int_equal(midiStreamProperty(hms, (LPBYTE)&tempo, MIDIPROP_SET | MIDIPROP_TEMPO), MMSYSERR_NOERROR);
    MIDIPROPTIMEDIV div = {.cbStruct = sizeof div, .dwTimeDiv = 96};
    assert_int_equal(midiStreamProperty(hms, (LPBYTE)&div, MIDIPROP_SET | MIDIPROP_TIMEDIV), MMSYSERR_NOERROR);
    tempo.dwTempo = 0;
    assert_int_equal(midiStreamProperty(hms, (LPBYTE)&tempo, MIDIPROP_GET | MIDIPROP_TEMPO), MMSYSERR_NOERROR);
    assert_int_equal(tempo.dwTempo, 250000);
    midi_test_event e[16];
    assert_int_equal(events_of(MTD_PROPERTY, e, 16), 3);
    assert_int_equal(e[0].message, MIDIPROP_SET | MIDIPROP_TEMPO);
    assert_int_equal(e[0].length, 250000);
    assert_int_equal(e[1].message, MIDIPROP_SET | MIDIPROP_TIMEDIV);
    assert_int_equal(e[1].length, 96);
    assert_int_equal(e[2].message, MIDIPROP_GET | MIDIPROP_TEMPO);
    /* winmm's checks come first: the driver is not asked */
    assert_int_equal(midiStreamProperty(hms, (LPBYTE)&tempo, MIDIPROP_GET | MIDIPROP_SET | MIDIPROP_TEMPO),
                     MMSYSERR_INVALPARAM);
    assert_int_equal(midiStreamProperty(hms, NULL, MIDIPROP_GET | MIDIPROP_TEMPO), MMSYSERR_INVALPARAM);
    assert_int_equal(count_of(MTD_PROPERTY), 3);

    /* position: 3 events of 10 ticks at 250000 µs / 96 ticks */
    static buffer b;
    fill(&b, 3, 60);
    queue(hms, &b);
    assert_int_equal(midiStreamRestart(hms), MMSYSERR_NOERROR);
    MMTIME t = {.wType = TIME_TICKS};
    assert_int_equal(midiStreamPosition(hms, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_TICKS);
    assert_int_equal(t.u.ticks, 30);
    t = (MMTIME){.wType = TIME_MS};
    assert_int_equal(midiStreamPosition(hms, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.u.ms, 30u * 250000u / 96u / 1000u);
    t = (MMTIME){.wType = TIME_SAMPLES};
    assert_int_equal(midiStreamPosition(hms, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_MS);
    assert_int_equal(events_of(MTD_GETPOS, e, 16), 3);
    assert_int_equal(e[0].message, TIME_TICKS);
    assert_int_equal(e[2].message, TIME_SAMPLES);
    assert_int_equal(midiStreamPosition(hms, &t, sizeof t - 1), MMSYSERR_INVALPARAM);
    assert_int_equal(midiStreamPosition(hms, NULL, sizeof t), MMSYSERR_INVALPARAM);
    assert_int_equal(count_of(MTD_GETPOS), 3);

    /* pause, then stop: the queued buffer comes back through the driver (MOM_DONE) */
    assert_int_equal(midiStreamPause(hms), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MTD_PAUSE), 1);
    int before = mt_count(&seen, MOM_DONE);
    fill(&b, 1, 70);
    queue(hms, &b);
    assert_int_equal(mt_count(&seen, MOM_DONE), before);
    assert_int_equal(midiStreamStop(hms), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MTD_STOP), 1);
    assert_int_equal(mt_count(&seen, MOM_DONE), before + 1);
    assert_int_equal(mt_flags(&b.header) & (MHDR_DONE | MHDR_INQUEUE), MHDR_DONE);
    t = (MMTIME){.wType = TIME_TICKS};
    assert_int_equal(midiStreamPosition(hms, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.u.ticks, 0);
    /* midiOutReset on the stream handle: MODM_RESET to the driver */
    queue(hms, &b);
    assert_int_equal(midiOutReset((HMIDIOUT)hms), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MTD_RESET), 1);
    assert_int_equal(mt_count(&seen, MOM_DONE), before + 2);
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
}

static void driver_errors(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDISTRM hms = open_stream(0, &seen);
    static buffer b;
    fill(&b, 2, 50);
    /* winmm's checks first: the driver never sees these */
    assert_int_equal(midiStreamOut(hms, &b.header, sizeof b.header), MIDIERR_UNPREPARED);
    assert_int_equal(midiOutPrepareHeader((HMIDIOUT)hms, &b.header, sizeof b.header), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamOut(hms, &b.header, 43), MMSYSERR_INVALPARAM);
    b.header.dwBytesRecorded = 20; /* not whole events */
    assert_int_equal(midiStreamOut(hms, &b.header, sizeof b.header), MMSYSERR_INVALPARAM);
    b.header.dwBytesRecorded = 24;
    assert_int_equal(midiStreamOut(NULL, &b.header, sizeof b.header), MMSYSERR_INVALHANDLE);
    assert_int_equal(count_of(MTD_STRMDATA), 0);
    assert_int_equal(mt_flags(&b.header), MHDR_PREPARED);
    /* a refused buffer is left as it was: prepared, not queued, not a stream buffer */
    mt_fail(MODM_STRMDATA, MMSYSERR_NOMEM);
    assert_int_equal(midiStreamOut(hms, &b.header, sizeof b.header), MMSYSERR_NOMEM);
    assert_int_equal(mt_flags(&b.header), MHDR_PREPARED);
    assert_int_equal(count_of(MTD_STRMDATA), 0);
    assert_int_equal(midiStreamOut(hms, &b.header, sizeof b.header), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MTD_STRMDATA), 1);

    mt_fail(MODM_RESTART, MMSYSERR_ERROR);
    assert_int_equal(midiStreamRestart(hms), MMSYSERR_ERROR);
    assert_int_equal(mt_count(&seen, MOM_DONE), 0);
    mt_fail(MODM_PAUSE, MMSYSERR_NOTSUPPORTED);
    assert_int_equal(midiStreamPause(hms), MMSYSERR_NOTSUPPORTED);
    mt_fail(MODM_GETPOS, MMSYSERR_NOTENABLED);
    MMTIME t = {.wType = TIME_MS};
    assert_int_equal(midiStreamPosition(hms, &t, sizeof t), MMSYSERR_NOTENABLED);
    mt_fail(MODM_PROPERTIES, MMSYSERR_INVALPARAM);
    MIDIPROPTEMPO tempo = {.cbStruct = sizeof tempo, .dwTempo = 1000};
    assert_int_equal(midiStreamProperty(hms, (LPBYTE)&tempo, MIDIPROP_SET | MIDIPROP_TEMPO), MMSYSERR_INVALPARAM);
    /* the driver's own rule: no time division while playing */
    assert_int_equal(midiStreamRestart(hms), MMSYSERR_NOERROR);
    assert_int_equal(mt_count(&seen, MOM_DONE), 1);
    MIDIPROPTIMEDIV div = {.cbStruct = sizeof div, .dwTimeDiv = 48};
    assert_int_equal(midiStreamProperty(hms, (LPBYTE)&div, MIDIPROP_SET | MIDIPROP_TIMEDIV), MMSYSERR_INVALPARAM);
    mt_fail(MODM_STOP, MMSYSERR_ERROR);
    assert_int_equal(midiStreamStop(hms), MMSYSERR_ERROR);
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
}

static void close_with_buffers(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDISTRM hms = open_stream(0, &seen);
    static buffer b;
    fill(&b, 1, 64);
    queue(hms, &b);
    assert_int_equal(midiStreamClose(hms), MIDIERR_STILLPLAYING);
    assert_int_equal(midiOutClose((HMIDIOUT)hms), MIDIERR_STILLPLAYING);
    assert_int_equal(mt_count(&seen, MOM_CLOSE), 0);
    /* still open: the buffer comes back with stop, then the close goes through */
    assert_int_equal(mt_flags(&b.header) & MHDR_INQUEUE, MHDR_INQUEUE);
    assert_int_equal(midiStreamStop(hms), MMSYSERR_NOERROR);
    assert_true(mt_wait(&seen, MOM_DONE, 1, 1000));
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
    assert_int_equal(mt_count(&seen, MOM_CLOSE), 1);
    assert_int_equal(midiStreamPause(hms), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiOutUnprepareHeader((HMIDIOUT)hms, &b.header, sizeof b.header), MMSYSERR_INVALHANDLE);
}

/* A device without MIDICAPS_STREAM keeps winmm's player: MODM_DATA at the event times, MOM_DONE
 * from winmm, no stream message to the driver. */
static void player_for_other_devices(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDISTRM hms = open_stream(1, &seen);
    assert_int_equal(count_of(MTD_OPEN), 0);
    static buffer b;
    fill(&b, 2, 30);
    queue(hms, &b);
    assert_int_equal(midiStreamRestart(hms), MMSYSERR_NOERROR);
    assert_true(mt_wait(&seen, MOM_DONE, 1, 2000));
    assert_int_equal(count_of(MTD_STRMDATA), 0);
    assert_int_equal(count_of(MTD_RESTART), 0);
    midi_test_event e[4];
    assert_int_equal(events_of(MTD_SHORT, e, 4), 2);
    assert_int_equal(e[0].device, 1);
    assert_int_equal(e[1].message, 0x7F0090u | 31u << 8);
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(open_cooked, setup, teardown),
        cmocka_unit_test_setup_teardown(buffers_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(controls_forwarded, setup, teardown),
        cmocka_unit_test_setup_teardown(driver_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(close_with_buffers, setup, teardown),
        cmocka_unit_test_setup_teardown(player_for_other_devices, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
