/*
 * test_midi_in.c - midiIn through the MIDI test driver (input fed by the test): open checks,
 * MIM_DATA with running status expanded and timestamps, SysEx into the queued buffers, the
 * header checks of midiInAddBuffer, start/stop/reset (every buffer back, empty ones too), close
 * with buffers queued, and MIDI thru done by winmm (the driver has none).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "windows.h"
#include "mmsystem.h"
#include "midi_test_util.h"

static int setup(void **state)
{
    *state = mt_setup("out=1 in=2");
    mt_clear();
    return 0;
}

static int teardown(void **state)
{
    mt_teardown(*state);
    return 0;
}

static HMIDIIN open_in(UINT id, mt_seen *seen)
{
    HMIDIIN hmi = NULL;
    assert_int_equal(midiInOpen(&hmi, id, (DWORD_PTR)mt_record, (DWORD_PTR)seen, CALLBACK_FUNCTION), MMSYSERR_NOERROR);
    return hmi;
}

static void open_checks(void **state)
{
    (void)state;
    HMIDIIN hmi = (HMIDIIN)(uintptr_t)1;
    assert_int_equal(midiInOpen(NULL, 0, 0, 0, CALLBACK_NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(midiInOpen(&hmi, 2, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
    assert_null(hmi);
    assert_int_equal(midiInOpen(&hmi, MIDI_MAPPER, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
    assert_int_equal(midiInOpen(&hmi, 0, 0, 0, CALLBACK_NULL | 0x100), MMSYSERR_INVALFLAG);
    mt_seen seen = {0};
    assert_int_equal(midiInOpen(&hmi, 1, (DWORD_PTR)mt_record, (DWORD_PTR)&seen, CALLBACK_FUNCTION | MIDI_IO_STATUS),
                     MMSYSERR_NOERROR);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.msgs[0], MIM_OPEN);
    assert_int_equal(seen.handles[0], (DWORD_PTR)hmi);
    UINT id = 0;
    assert_int_equal(midiInGetID(hmi, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, 1);
    assert_int_equal(midiInMessage(hmi, MIDM_OPEN, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(midiInStart((HMIDIIN)(uintptr_t)0x12345), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiInClose(hmi), MMSYSERR_NOERROR);
    assert_int_equal(seen.msgs[1], MIM_CLOSE);
    assert_int_equal(midiInClose(hmi), MMSYSERR_INVALHANDLE);
    /* Other callback kinds pass through winmm's interposed callback. */
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_int_equal(midiInOpen(&hmi, 0, (DWORD_PTR)event, 0, CALLBACK_EVENT), MMSYSERR_NOERROR);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    assert_int_equal(midiInStart(hmi), MMSYSERR_NOERROR);
    static const BYTE note[] = {0x90, 0x3C, 0x64};
    mt_inject(0, note, sizeof note);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    assert_int_equal(midiInClose(hmi), MMSYSERR_NOERROR);
    CloseHandle(event);
    MSG m;
    PeekMessageA(&m, NULL, 0, 0, PM_NOREMOVE);
    assert_int_equal(midiInOpen(&hmi, 0, GetCurrentThreadId(), 0, CALLBACK_THREAD), MMSYSERR_NOERROR);
    assert_int_equal(midiInStart(hmi), MMSYSERR_NOERROR);
    mt_inject(0, note, sizeof note);
    assert_int_equal(midiInClose(hmi), MMSYSERR_NOERROR);
    UINT got[3];
    LPARAM data = 0;
    int count = 0;
    while (count < 3 && PeekMessageA(&m, NULL, 0, 0, PM_REMOVE)) {
        if (m.message >= MM_MIM_OPEN && m.message <= MM_MIM_LONGDATA) {
            assert_int_equal(m.wParam, (WPARAM)hmi);
            if (m.message == MM_MIM_DATA)
                data = m.lParam;
            got[count++] = m.message;
        }
    }
    assert_int_equal(count, 3);
    assert_int_equal(got[0], MM_MIM_OPEN);
    assert_int_equal(got[1], MM_MIM_DATA);
    assert_int_equal(got[2], MM_MIM_CLOSE);
    assert_int_equal(data, 0x643C90);
}

static void short_data(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDIIN hmi = open_in(0, &seen);
    static const BYTE before[] = {0x90, 0x3C, 0x64};
    mt_inject(0, before, sizeof before); /* not started: lost */
    assert_int_equal(midiInStart(hmi), MMSYSERR_NOERROR);
    mt_sleep_ms(30);
    static const BYTE bytes[] = {0x90, 0x3C, 0x64, 0x3E, 0x50, 0xF8, 0x40, 0x00, 0xC2, 0x05, 0xFE};
    mt_inject(0, bytes, sizeof bytes);
    assert_int_equal(mt_count(&seen, MIM_DATA), 5);
    assert_int_equal(seen.p1[1], 0x643C90);
    assert_int_equal(seen.p1[2], 0x503E90); /* running status expanded */
    assert_int_equal(seen.p1[3], 0xF8);
    assert_int_equal(seen.p1[4], 0x004090);
    assert_int_equal(seen.p1[5], 0x05C2);
    assert_true(seen.p2[1] >= 25 && seen.p2[1] < 1000); /* ms since midiInStart */
    assert_int_equal(midiInStop(hmi), MMSYSERR_NOERROR);
    mt_inject(0, bytes, 3);
    assert_int_equal(mt_count(&seen, MIM_DATA), 5);
    /* Start again: the time base restarts. */
    assert_int_equal(midiInStart(hmi), MMSYSERR_NOERROR);
    mt_inject(0, bytes, 3);
    assert_int_equal(mt_count(&seen, MIM_DATA), 6);
    assert_true(seen.p2[6] < 20);
    assert_int_equal(midiInClose(hmi), MMSYSERR_NOERROR);
}

static void buffers(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDIIN hmi = open_in(0, &seen);
    char data[3][8];
    MIDIHDR h[3];
    for (int i = 0; i < 3; i++)
        h[i] = (MIDIHDR){.lpData = data[i], .dwBufferLength = sizeof data[i]};
    /* AddBuffer: header checks before the handle. */
    assert_int_equal(midiInAddBuffer(NULL, NULL, sizeof h[0]), MMSYSERR_INVALPARAM);
    assert_int_equal(midiInAddBuffer(NULL, &h[0], 43), MMSYSERR_INVALPARAM);
    assert_int_equal(midiInAddBuffer(NULL, &h[0], sizeof h[0]), MIDIERR_UNPREPARED);
    for (int i = 0; i < 3; i++)
        assert_int_equal(midiInPrepareHeader(hmi, &h[i], sizeof h[i]), MMSYSERR_NOERROR);
    assert_int_equal(midiInAddBuffer(NULL, &h[0], sizeof h[0]), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiInAddBuffer(hmi, &h[0], sizeof h[0]), MMSYSERR_NOERROR);
    assert_true(mt_flags(&h[0]) & MHDR_INQUEUE);
    assert_int_equal(midiInAddBuffer(hmi, &h[0], sizeof h[0]), MIDIERR_STILLPLAYING);
    assert_int_equal(midiInUnprepareHeader(hmi, &h[0], sizeof h[0]), MIDIERR_STILLPLAYING);
    assert_int_equal(midiInAddBuffer(hmi, &h[1], sizeof h[1]), MMSYSERR_NOERROR);
    assert_int_equal(midiInAddBuffer(hmi, &h[2], sizeof h[2]), MMSYSERR_NOERROR);
    assert_int_equal(midiInStart(hmi), MMSYSERR_NOERROR);
    /* 4-byte SysEx fills part of buffer 0; a 10-byte one fills buffer 1 and continues in 2. */
    static const BYTE sysex[] = {0xF0, 0x01, 0x02, 0xF7, 0xF0, 1, 2, 3, 4, 5, 6, 7, 8, 0xF7};
    mt_inject(0, sysex, sizeof sysex);
    assert_int_equal(mt_count(&seen, MIM_LONGDATA), 3);
    assert_int_equal(seen.p1[1], (DWORD_PTR)&h[0]);
    assert_int_equal(h[0].dwBytesRecorded, 4);
    assert_memory_equal(h[0].lpData, sysex, 4);
    assert_true(mt_flags(&h[0]) & MHDR_DONE);
    assert_int_equal(seen.p1[2], (DWORD_PTR)&h[1]);
    assert_int_equal(h[1].dwBytesRecorded, 8);
    assert_int_equal(seen.p1[3], (DWORD_PTR)&h[2]);
    assert_int_equal(h[2].dwBytesRecorded, 2);
    assert_int_equal(midiInAddBuffer(hmi, &h[0], sizeof h[0]), MMSYSERR_NOERROR);
    assert_int_equal(h[0].dwBytesRecorded, 0);
    assert_int_equal(midiInAddBuffer(hmi, &h[1], sizeof h[1]), MMSYSERR_NOERROR);
    assert_int_equal(midiInClose(hmi), MIDIERR_STILLPLAYING);
    static const BYTE partial[] = {0xF0, 0x11};
    mt_inject(0, partial, sizeof partial);
    /* Reset gives back the rest, partly filled or empty. */
    assert_int_equal(midiInReset(hmi), MMSYSERR_NOERROR);
    assert_int_equal(mt_count(&seen, MIM_LONGDATA), 5);
    assert_int_equal(seen.p1[4], (DWORD_PTR)&h[0]);
    assert_int_equal(h[0].dwBytesRecorded, 2);
    assert_int_equal(seen.p1[5], (DWORD_PTR)&h[1]);
    assert_int_equal(h[1].dwBytesRecorded, 0);
    for (int i = 0; i < 3; i++) {
        assert_false(mt_flags(&h[i]) & MHDR_INQUEUE);
        assert_int_equal(midiInUnprepareHeader(hmi, &h[i], sizeof h[i]), MMSYSERR_NOERROR);
    }
    /* With no buffer queued, SysEx is dropped. */
    assert_int_equal(midiInStart(hmi), MMSYSERR_NOERROR);
    mt_inject(0, sysex, 4);
    assert_int_equal(mt_count(&seen, MIM_LONGDATA), 5);
    assert_int_equal(midiInClose(hmi), MMSYSERR_NOERROR);
}

static void thru(void **state)
{
    (void)state;
    HMIDIIN hmi = open_in(0, NULL);
    HMIDIOUT hmo = NULL, other = NULL;
    assert_int_equal(midiOutOpen(&hmo, 0, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(midiConnect((HMIDI)hmi, NULL, NULL), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiConnect(NULL, hmo, NULL), MMSYSERR_INVALHANDLE);
    /* An output as source: the test driver has no thru. */
    assert_int_equal(midiConnect((HMIDI)hmo, hmo, NULL), MIDIERR_NOTREADY);
    assert_int_equal(midiConnect((HMIDI)hmi, hmo, NULL), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamOpen((LPHMIDISTRM)&other, &(UINT){0}, 1, 0, 0, 0), MMSYSERR_ALLOCATED);
    assert_int_equal(midiConnect((HMIDI)hmi, hmo, NULL), MIDIERR_NOTREADY); /* one output per input */
    mt_clear();
    assert_int_equal(midiInStart(hmi), MMSYSERR_NOERROR);
    static const BYTE bytes[] = {0x91, 0x40, 0x7F, 0x41, 0x7F};
    mt_inject(0, bytes, sizeof bytes);
    char data[16];
    MIDIHDR h = {.lpData = data, .dwBufferLength = sizeof data};
    assert_int_equal(midiInPrepareHeader(hmi, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(midiInAddBuffer(hmi, &h, sizeof h), MMSYSERR_NOERROR);
    static const BYTE sysex[] = {0xF0, 0x43, 0x10, 0xF7};
    mt_inject(0, sysex, sizeof sysex);
    midi_test_event events[8];
    assert_int_equal(mt_events(events, 8), 3);
    assert_int_equal(events[0].message, 0x7F4091);
    assert_int_equal(events[1].message, 0x7F4191);
    assert_int_equal(events[2].kind, MTD_LONG);
    assert_int_equal(events[2].length, 4);
    assert_memory_equal(events[2].data, sysex, 4);
    assert_int_equal(midiDisconnect((HMIDI)hmi, hmo, NULL), MMSYSERR_NOERROR);
    mt_inject(0, bytes, 3);
    assert_int_equal(mt_events(NULL, 0), 3);
    /* Thru to an output closed meanwhile: nothing happens. */
    assert_int_equal(midiConnect((HMIDI)hmi, hmo, NULL), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    mt_inject(0, bytes, 3);
    assert_int_equal(mt_events(NULL, 0), 3);
    assert_int_equal(midiInReset(hmi), MMSYSERR_NOERROR);
    assert_int_equal(midiInUnprepareHeader(hmi, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(midiInClose(hmi), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(open_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(short_data, setup, teardown),
        cmocka_unit_test_setup_teardown(buffers, setup, teardown),
        cmocka_unit_test_setup_teardown(thru, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
