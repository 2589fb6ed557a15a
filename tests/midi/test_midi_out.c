/*
 * test_midi_out.c - midiOut through the MIDI test driver: device count and caps, error texts,
 * open/close argument checks and every callback kind, running status, SysEx (including a
 * header freed right after midiOutLongMsg and a long message sent from a callback), header
 * state machine, reset, volume, patch caching, GetID and Message.
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
    *state = mt_setup("out=2 in=1");
    mt_clear();
    return 0;
}

static int teardown(void **state)
{
    mt_teardown(*state);
    return 0;
}

static HMIDIOUT open_out(UINT id, mt_seen *seen)
{
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, id, (DWORD_PTR)mt_record, (DWORD_PTR)seen, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_non_null(hmo);
    return hmo;
}

static size_t short_events(DWORD *messages, size_t capacity)
{
    midi_test_event events[64];
    size_t count = mt_events(events, 64), n = 0;
    for (size_t i = 0; i < count && i < 64; i++)
        if (events[i].kind == MTD_SHORT && n < capacity)
            messages[n++] = events[i].message;
    return n;
}

static void caps(void **state)
{
    (void)state;
    assert_int_equal(midiOutGetNumDevs(), 2);
    MIDIOUTCAPSW w;
    assert_int_equal(midiOutGetDevCapsW(1, &w, sizeof w), MMSYSERR_NOERROR);
    char name[MAXPNAMELEN];
    for (int i = 0; i < MAXPNAMELEN; i++)
        name[i] = (char)w.szPname[i];
    assert_string_equal(name, "MIDI Test Out 1 (test)");
    assert_int_equal(w.wTechnology, MOD_MIDIPORT);
    MIDIOUTCAPSA a;
    assert_int_equal(midiOutGetDevCapsA(0, &a, sizeof a), MMSYSERR_NOERROR);
    assert_string_equal(a.szPname, "MIDI Test Out 0 (test)");
    assert_int_equal(a.dwSupport, MIDICAPS_VOLUME | MIDICAPS_LRVOLUME);
    MIDIOUTCAPS2A a2;
    memset(&a2, 0xAB, sizeof a2);
    assert_int_equal(midiOutGetDevCapsA(0, (LPMIDIOUTCAPSA)&a2, sizeof a2), MMSYSERR_NOERROR);
    static const GUID zero;
    assert_memory_equal(&a2.NameGuid, &zero, sizeof zero);
    /* A short buffer gets only what fits. */
    memset(&a, 0xCD, sizeof a);
    assert_int_equal(midiOutGetDevCapsA(0, &a, 4), MMSYSERR_NOERROR);
    assert_int_equal(a.wMid, 0xFF);
    assert_int_equal((BYTE)a.szPname[0], 0xCD);
    /* The ID is checked before the pointer. */
    assert_int_equal(midiOutGetDevCapsW(2, NULL, sizeof w), MMSYSERR_BADDEVICEID);
    assert_int_equal(midiOutGetDevCapsW(0, NULL, sizeof w), MMSYSERR_INVALPARAM);
    /* The mapper and a handle. */
    assert_int_equal(midiOutGetDevCapsW(MIDI_MAPPER, &w, sizeof w), MMSYSERR_NOERROR);
    assert_int_equal(w.wTechnology, MOD_MAPPER);
    assert_int_equal(w.wChannelMask, 0xFFFF);
    mt_seen seen = {0};
    HMIDIOUT hmo = open_out(1, &seen);
    assert_int_equal(midiOutGetDevCapsA((UINT_PTR)hmo, &a, sizeof a), MMSYSERR_NOERROR);
    assert_string_equal(a.szPname, "MIDI Test Out 1 (test)");
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    assert_int_equal(midiOutGetDevCapsA((UINT_PTR)hmo, &a, sizeof a), MMSYSERR_BADDEVICEID);
    MIDIINCAPSA in;
    assert_int_equal(midiInGetNumDevs(), 1);
    assert_int_equal(midiInGetDevCapsA(0, &in, sizeof in), MMSYSERR_NOERROR);
    assert_string_equal(in.szPname, "MIDI Test In 0 (test)");
    assert_int_equal(midiInGetDevCapsA(MIDI_MAPPER, &in, sizeof in), MMSYSERR_BADDEVICEID);
}

static void error_text(void **state)
{
    (void)state;
    char text[128];
    WCHAR wide[128];
    for (MMRESULT code = 0; code <= 21; code++)
        assert_int_equal(midiOutGetErrorTextA(code, text, sizeof text), MMSYSERR_NOERROR);
    for (MMRESULT code = 64; code <= 71; code++) {
        assert_int_equal(midiInGetErrorTextA(code, text, sizeof text), MMSYSERR_NOERROR);
        assert_true(strlen(text) > 0);
        assert_int_equal(midiOutGetErrorTextW(code, wide, 128), MMSYSERR_NOERROR);
        assert_int_equal(wide[0], (WCHAR)(unsigned char)text[0]);
    }
    assert_int_equal(midiOutGetErrorTextA(22, text, sizeof text), MMSYSERR_BADERRNUM);
    assert_int_equal(midiOutGetErrorTextA(WAVERR_BADFORMAT, text, sizeof text), MMSYSERR_BADERRNUM);
    assert_int_equal(midiOutGetErrorTextA(72, text, sizeof text), MMSYSERR_BADERRNUM);
    assert_int_equal(midiOutGetErrorTextA(0, NULL, 10), MMSYSERR_INVALPARAM);
    assert_int_equal(midiOutGetErrorTextA(MIDIERR_NODEVICE, text, 4), MMSYSERR_NOERROR);
    assert_int_equal(strlen(text), 3);
}

static void open_close(void **state)
{
    (void)state;
    HMIDIOUT hmo = (HMIDIOUT)(uintptr_t)0x1234;
    assert_int_equal(midiOutOpen(NULL, 0, 0, 0, CALLBACK_NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(midiOutOpen(&hmo, 2, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
    assert_null(hmo);
    hmo = (HMIDIOUT)(uintptr_t)0x1234;
    assert_int_equal(midiOutOpen(&hmo, 0, 0x5678, 0, CALLBACK_WINDOW), MMSYSERR_INVALPARAM);
    assert_null(hmo);
    mt_seen seen = {0};
    hmo = open_out(0, &seen);
    /* MOM_OPEN arrived before midiOutOpen returned. */
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.msgs[0], MOM_OPEN);
    assert_int_equal(seen.handles[0], (DWORD_PTR)hmo);
    uintptr_t value = (uintptr_t)hmo;
    assert_true(value >= 0x10000 && value <= 0x7FFFFFFF);
    HMIDIOUT second = NULL;
    assert_int_equal(midiOutOpen(&second, 0, 0, 0, CALLBACK_NULL), MMSYSERR_ALLOCATED);
    assert_null(second);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    assert_int_equal(seen.count, 2);
    assert_int_equal(seen.msgs[1], MOM_CLOSE);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiOutClose(NULL), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiOutShortMsg(hmo, 0x90), MMSYSERR_INVALHANDLE);
    /* A NULL function callback is accepted. */
    assert_int_equal(midiOutOpen(&hmo, 0, 0, 0, CALLBACK_FUNCTION), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    /* 0xFFFF is the mapper. */
    assert_int_equal(midiOutOpen(&hmo, 0xFFFF, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    UINT id = 0;
    assert_int_equal(midiOutGetID(hmo, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, MIDI_MAPPER);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
}

static void running_status(void **state)
{
    (void)state;
    HMIDIOUT hmo = open_out(1, NULL);
    mt_clear();
    assert_int_equal(midiOutShortMsg(hmo, 0x00403C), MMSYSERR_NOERROR);  /* no running status: dropped */
    assert_int_equal(midiOutShortMsg(hmo, 0x643C90), MMSYSERR_NOERROR);  /* note on */
    assert_int_equal(midiOutShortMsg(hmo, 0x003E40), MMSYSERR_NOERROR);  /* running: 90 40 3E */
    assert_int_equal(midiOutShortMsg(hmo, 0xF8), MMSYSERR_NOERROR);      /* clock keeps it */
    assert_int_equal(midiOutShortMsg(hmo, 0x0041), MMSYSERR_NOERROR);    /* 90 41 00 */
    assert_int_equal(midiOutShortMsg(hmo, 0x05C1), MMSYSERR_NOERROR);    /* program change */
    assert_int_equal(midiOutShortMsg(hmo, 0x06), MMSYSERR_NOERROR);      /* C1 06 */
    assert_int_equal(midiOutShortMsg(hmo, 0x0102F2), MMSYSERR_NOERROR);  /* song position clears */
    assert_int_equal(midiOutShortMsg(hmo, 0x0707), MMSYSERR_NOERROR);    /* dropped */
    assert_int_equal(midiOutShortMsg(hmo, 0x7F07B0), MMSYSERR_NOERROR);
    assert_int_equal(midiOutReset(hmo), MMSYSERR_NOERROR);               /* reset clears it */
    assert_int_equal(midiOutShortMsg(hmo, 0x0707), MMSYSERR_NOERROR);    /* dropped */
    DWORD m[16];
    size_t n = short_events(m, 16);
    assert_int_equal(n, 8);
    assert_int_equal(m[0], 0x643C90);
    assert_int_equal(m[1], 0x3E4090);
    assert_int_equal(m[2], 0xF8);
    assert_int_equal(m[3], 0x004190);
    assert_int_equal(m[4], 0x05C1);
    assert_int_equal(m[5], 0x06C1);
    assert_int_equal(m[6] & 0xFF, 0xF2);
    assert_int_equal(m[7], 0x7F07B0);
    midi_test_event events[32];
    size_t count = mt_events(events, 32);
    assert_int_equal(events[count - 1].kind, MTD_RESET);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
}

static void headers_and_sysex(void **state)
{
    (void)state;
    mt_seen seen = {0};
    HMIDIOUT hmo = open_out(0, &seen);
    mt_clear();
    static char sysex[] = {(char)0xF0, 0x7E, 0x7F, 0x09, 0x01, (char)0xF7};
    MIDIHDR h = {.lpData = sysex, .dwBufferLength = sizeof sysex};
    assert_int_equal(midiOutLongMsg(hmo, &h, sizeof h), MIDIERR_UNPREPARED);
    assert_int_equal(midiOutPrepareHeader(hmo, &h, 43), MMSYSERR_INVALPARAM);
    assert_int_equal(midiOutPrepareHeader(hmo, NULL, sizeof h), MMSYSERR_INVALPARAM);
    assert_int_equal(midiOutPrepareHeader(NULL, &h, sizeof h), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiOutPrepareHeader(hmo, &h, 44), MMSYSERR_NOERROR);
    assert_true(mt_flags(&h) & MHDR_PREPARED);
    assert_int_equal(midiOutPrepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR); /* again: fine */
    assert_int_equal(midiOutLongMsg(hmo, &h, 43), MMSYSERR_INVALPARAM);
    assert_int_equal(midiOutLongMsg(NULL, &h, sizeof h), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiOutLongMsg(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    /* The test driver completes synchronously. */
    assert_int_equal(mt_count(&seen, MOM_DONE), 1);
    assert_int_equal(seen.p1[1], (DWORD_PTR)&h);
    assert_true(mt_flags(&h) & MHDR_DONE);
    assert_false(mt_flags(&h) & MHDR_INQUEUE);
    midi_test_event events[8];
    assert_int_equal(mt_events(events, 8), 1);
    assert_int_equal(events[0].kind, MTD_LONG);
    assert_int_equal(events[0].length, sizeof sysex);
    assert_memory_equal(events[0].data, sysex, sizeof sysex);
    /* INQUEUE headers cannot be unprepared or sent again. */
    h.dwFlags |= MHDR_INQUEUE;
    assert_int_equal(midiOutUnprepareHeader(hmo, &h, sizeof h), MIDIERR_STILLPLAYING);
    assert_int_equal(midiOutLongMsg(hmo, &h, sizeof h), MIDIERR_STILLPLAYING);
    h.dwFlags &= ~(DWORD)MHDR_INQUEUE;
    assert_int_equal(midiOutUnprepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_false(mt_flags(&h) & MHDR_PREPARED);
    assert_int_equal(midiOutUnprepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    /* NAudio: a heap copy of the header, prepared, sent, unprepared, freed right away. */
    for (int i = 0; i < 4; i++) {
        MIDIHDR *copy = calloc(1, 120);
        copy->lpData = sysex;
        copy->dwBufferLength = sizeof sysex;
        assert_int_equal(midiOutPrepareHeader(hmo, copy, 120), MMSYSERR_NOERROR);
        assert_int_equal(midiOutLongMsg(hmo, copy, 120), MMSYSERR_NOERROR);
        assert_int_equal(midiOutUnprepareHeader(hmo, copy, 120), MMSYSERR_NOERROR);
        free(copy);
    }
    assert_int_equal(mt_events(NULL, 0), 5);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
}

/* midiOutLongMsg from inside MOM_DONE. */
typedef struct nested {
    HMIDIOUT hmo;
    MIDIHDR second;
    MMRESULT result;
    int done;
} nested;

static void CALLBACK nested_proc(HMIDIOUT hmo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p2;
    nested *n = (nested *)instance;
    if (msg != MOM_DONE)
        return;
    n->done++;
    if ((LPMIDIHDR)p1 != &n->second)
        n->result = midiOutLongMsg(hmo, &n->second, sizeof n->second);
}

static void long_from_callback(void **state)
{
    (void)state;
    static char first_data[] = {(char)0xF0, 0x01, (char)0xF7}, second_data[] = {(char)0xF0, 0x02, (char)0xF7};
    nested n = {.second = {.lpData = second_data, .dwBufferLength = 3}, .result = 0xFFFF};
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, 0, (DWORD_PTR)nested_proc, (DWORD_PTR)&n, CALLBACK_FUNCTION), MMSYSERR_NOERROR);
    mt_clear();
    MIDIHDR first = {.lpData = first_data, .dwBufferLength = 3};
    assert_int_equal(midiOutPrepareHeader(hmo, &first, sizeof first), MMSYSERR_NOERROR);
    assert_int_equal(midiOutPrepareHeader(hmo, &n.second, sizeof n.second), MMSYSERR_NOERROR);
    assert_int_equal(midiOutLongMsg(hmo, &first, sizeof first), MMSYSERR_NOERROR);
    assert_int_equal(n.result, MMSYSERR_NOERROR);
    assert_int_equal(n.done, 2);
    midi_test_event events[4];
    assert_int_equal(mt_events(events, 4), 2);
    assert_int_equal(events[1].data[1], 0x02);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
}

static void callback_event_thread(void **state)
{
    (void)state;
    /* Event: signalled for MOM_OPEN, MOM_DONE and MOM_CLOSE. */
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, 0, (DWORD_PTR)event, 0, CALLBACK_EVENT), MMSYSERR_NOERROR);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    CloseHandle(event);
    /* Thread: MM_MOM_OPEN / MM_MOM_CLOSE posted to the thread with the handle in wParam. */
    MSG m;
    PeekMessageA(&m, NULL, 0, 0, PM_NOREMOVE);
    assert_int_equal(midiOutOpen(&hmo, 1, GetCurrentThreadId(), 0, CALLBACK_THREAD), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    UINT got[4];
    int count = 0;
    while (count < 4 && PeekMessageA(&m, NULL, 0, 0, PM_REMOVE)) {
        if (m.message == MM_MOM_OPEN || m.message == MM_MOM_CLOSE) {
            assert_int_equal(m.wParam, (WPARAM)hmo);
            got[count++] = m.message;
        }
    }
    assert_int_equal(count, 2);
    assert_int_equal(got[0], MM_MOM_OPEN);
    assert_int_equal(got[1], MM_MOM_CLOSE);
}

static int window_count;
static UINT window_msgs[8];
static WPARAM window_wparams[8];

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    if (msg >= MM_MOM_OPEN && msg <= MM_MOM_DONE && window_count < 8) {
        window_msgs[window_count] = msg;
        window_wparams[window_count++] = wParam;
        return 0;
    }
    return DefWindowProcA(hwnd, msg, wParam, lParam);
}

static void callback_window(void **state)
{
    (void)state;
    WNDCLASSA wc;
    memset(&wc, 0, sizeof wc);
    wc.lpfnWndProc = window_proc;
    wc.lpszClassName = "midi_test_window";
    assert_true(RegisterClassA(&wc) != 0);
    HWND hwnd = CreateWindowExA(0, "midi_test_window", "", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    assert_non_null(hwnd);
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, 0, (DWORD_PTR)hwnd, 0, CALLBACK_WINDOW), MMSYSERR_NOERROR);
    static char sysex[] = {(char)0xF0, 0x01, (char)0xF7};
    MIDIHDR h = {.lpData = sysex, .dwBufferLength = 3};
    assert_int_equal(midiOutPrepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(midiOutLongMsg(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    MSG m;
    for (int i = 0; i < 200 && window_count < 3; i++) {
        while (PeekMessageA(&m, NULL, 0, 0, PM_REMOVE))
            DispatchMessageA(&m);
        if (window_count < 3)
            mt_sleep_ms(2);
    }
    assert_int_equal(window_count, 3);
    assert_int_equal(window_msgs[0], MM_MOM_OPEN);
    assert_int_equal(window_msgs[1], MM_MOM_DONE);
    assert_int_equal(window_msgs[2], MM_MOM_CLOSE);
    for (int i = 0; i < 3; i++)
        assert_int_equal(window_wparams[i], (WPARAM)hmo);
    assert_true(DestroyWindow(hwnd));
    assert_int_equal(midiOutOpen(&hmo, 0, (DWORD_PTR)hwnd, 0, CALLBACK_WINDOW), MMSYSERR_INVALPARAM);
}

static void volume_cache_id_message(void **state)
{
    (void)state;
    HMIDIOUT hmo = open_out(1, NULL);
    assert_int_equal(midiOutSetVolume(hmo, 0x80004000), MMSYSERR_NOERROR);
    DWORD v = 0;
    assert_int_equal(midiOutGetVolume((HMIDIOUT)(UINT_PTR)1, &v), MMSYSERR_NOERROR); /* by device ID */
    assert_int_equal(v, 0x80004000);
    assert_int_equal(midiOutSetVolume((HMIDIOUT)(UINT_PTR)1, 0x1234), MMSYSERR_NOERROR);
    assert_int_equal(midiOutGetVolume(hmo, &v), MMSYSERR_NOERROR);
    assert_int_equal(v, 0x1234);
    assert_int_equal(midiOutGetVolume(hmo, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(midiOutGetVolume((HMIDIOUT)(UINT_PTR)7, &v), MMSYSERR_INVALHANDLE);
    PATCHARRAY patches = {0};
    assert_int_equal(midiOutCachePatches(hmo, 0, patches, MIDI_CACHE_ALL), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(midiOutCacheDrumPatches(hmo, 0, patches, MIDI_CACHE_ALL), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(midiOutCachePatches((HMIDIOUT)(UINT_PTR)0x20001234, 0, patches, MIDI_CACHE_ALL),
                     MMSYSERR_INVALHANDLE);
    UINT id = 99;
    assert_int_equal(midiOutGetID(hmo, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(midiOutGetID(NULL, &id), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiOutGetID(hmo, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, 1);
    assert_int_equal(midiOutMessage(hmo, MODM_OPEN, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(midiOutMessage(hmo, MODM_DATA, 0x7F3C90, 0), MMSYSERR_NOERROR);
    assert_int_equal(midiOutMessage((HMIDIOUT)(UINT_PTR)0x20000000, MODM_DATA, 0, 0), MMSYSERR_INVALHANDLE);
    /* A midiIn handle is no midiOut handle. */
    HMIDIIN hmi = NULL;
    assert_int_equal(midiInOpen(&hmi, 0, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(midiOutShortMsg((HMIDIOUT)hmi, 0x90), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiInClose(hmi), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(caps, setup, teardown),
        cmocka_unit_test_setup_teardown(error_text, setup, teardown),
        cmocka_unit_test_setup_teardown(open_close, setup, teardown),
        cmocka_unit_test_setup_teardown(running_status, setup, teardown),
        cmocka_unit_test_setup_teardown(headers_and_sysex, setup, teardown),
        cmocka_unit_test_setup_teardown(long_from_callback, setup, teardown),
        cmocka_unit_test_setup_teardown(callback_event_thread, setup, teardown),
        cmocka_unit_test_setup_teardown(callback_window, setup, teardown),
        cmocka_unit_test_setup_teardown(volume_cache_id_message, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
