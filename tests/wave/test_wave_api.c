/*
 * test_wave_api.c - every waveOut / waveIn function's argument checks and results, in
 * Windows' order (spec winmm-devices §4.2, §4.3, §6.2, §6.3): device IDs, NULL pointers,
 * sizes, flags, forged / stale / closed handles, the header state machine, error texts, caps
 * (A, W and the CAPS2 sizes NAudio passes), volume by ID and by handle, GetID and Message.
 * The wave mapper is taken out in setup, so WAVE_MAPPER is a bad device ID here (the mapper
 * has its own tests in tests/mapper).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "devices_int.h"
#include "wave_int.h"
#include "wave_test_util.h"

static int setup(void **state)
{
    *state = wt_setup("out=2 in=1");
    /* the wave layer installs the wave mapper at its first use: take it out again, so that
     * WAVE_MAPPER and format failures reach this test as they do with no mapper */
    pacm_wave_init();
    pacm_dev_set_mapper(PACM_DEV_WAVEOUT, NULL);
    pacm_dev_set_mapper(PACM_DEV_WAVEIN, NULL);
    return 0;
}

static int teardown(void **state)
{
    wt_teardown(*state);
    return 0;
}

static HWAVEOUT open_out(UINT id)
{
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, id, &f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    return hwo;
}

/* Values that are not open handles: never a crash, always INVALHANDLE. */
static const uintptr_t forged[] = {0, 1, 2, 0xFFFF, 0x10000, 0x40000000, 0x4000FFFF, 0x7FFFFFFF, 0xFFFFFFFF,
                                   (uintptr_t)0xDEADBEEFCAFEull};

static void forged_and_closed_handles(void **state)
{
    (void)state;
    HWAVEOUT closed = open_out(0);
    assert_int_equal(waveOutClose(closed), MMSYSERR_NOERROR);
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEIN in = NULL;
    assert_int_equal(waveInOpen(&in, 0, &f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    int16_t data[16];
    for (size_t i = 0; i < sizeof forged / sizeof forged[0] + 2; i++) {
        HWAVEOUT h = i < sizeof forged / sizeof forged[0] ? (HWAVEOUT)forged[i]
                     : i == sizeof forged / sizeof forged[0] ? closed : (HWAVEOUT)in;
        WAVEHDR hdr = {.lpData = (LPSTR)data, .dwBufferLength = sizeof data, .dwFlags = WHDR_PREPARED};
        MMTIME t = {.wType = TIME_BYTES};
        DWORD value = 0;
        UINT id = 0;
        assert_int_equal(waveOutClose(h), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutWrite(h, &hdr, sizeof hdr), MMSYSERR_INVALHANDLE);
        hdr.dwFlags = 0;
        assert_int_equal(waveOutPrepareHeader(h, &hdr, sizeof hdr), MMSYSERR_INVALHANDLE);
        hdr.dwFlags = WHDR_PREPARED;
        assert_int_equal(waveOutUnprepareHeader(h, &hdr, sizeof hdr), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutPause(h), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutRestart(h), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutReset(h), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutBreakLoop(h), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutGetPosition(h, &t, sizeof t), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutGetPitch(h, &value), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutSetPitch(h, 0x10000), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutGetPlaybackRate(h, &value), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutSetPlaybackRate(h, 0x10000), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutGetID(h, &id), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveOutMessage(h, DRVM_USER, 0, 0), MMSYSERR_INVALHANDLE);
        /* 0 and 1 are device IDs and 0xFFFF / 0xFFFFFFFF the mapper for the volume functions. */
        if ((uintptr_t)h >= 2 && (uintptr_t)h != 0xFFFF && (uintptr_t)h != 0xFFFFFFFF) {
            assert_int_equal(waveOutGetVolume(h, &value), MMSYSERR_INVALHANDLE);
            assert_int_equal(waveOutSetVolume(h, 0), MMSYSERR_INVALHANDLE);
        }
        /* The waveIn side with the same values (an HWAVEOUT is no HWAVEIN either). */
        HWAVEIN hi = (HWAVEIN)(h == (HWAVEOUT)in ? (uintptr_t)closed : (uintptr_t)h);
        assert_int_equal(waveInClose(hi), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveInAddBuffer(hi, &hdr, sizeof hdr), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveInStart(hi), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveInStop(hi), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveInReset(hi), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveInGetPosition(hi, &t, sizeof t), MMSYSERR_INVALHANDLE);
        assert_int_equal(waveInGetID(hi, &id), MMSYSERR_INVALHANDLE);
    }
    assert_int_equal(waveInClose(in), MMSYSERR_NOERROR);
}

static void open_checks_in_order(void **state)
{
    (void)state;
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEOUT hwo = NULL;
    /* phwo NULL without QUERY, before anything else. */
    assert_int_equal(waveOutOpen(NULL, 99, NULL, 0, 0, CALLBACK_WINDOW), MMSYSERR_INVALPARAM);
    /* A window callback that is no window. */
    assert_int_equal(waveOutOpen(&hwo, 99, &f, 0x12345, 0, CALLBACK_WINDOW), MMSYSERR_INVALPARAM);
    /* NULL format, then the device ID. */
    assert_int_equal(waveOutOpen(&hwo, 99, NULL, 0, 0, CALLBACK_NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutOpen(&hwo, 2, &f, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
    assert_int_equal(waveInOpen((LPHWAVEIN)&hwo, 1, &f, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
    /* No mapper in this program: WAVE_MAPPER is no device; with WAVE_MAPPED it is invalid. */
    assert_int_equal(waveOutOpen(&hwo, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
    assert_int_equal(waveOutOpen(&hwo, WAVE_MAPPER, &f, 0, 0, WAVE_MAPPED), MMSYSERR_INVALPARAM);
    /* PCM with no rate. */
    WAVEFORMATEX zero = f;
    zero.nSamplesPerSec = 0;
    assert_int_equal(waveOutOpen(&hwo, 0, &zero, 0, 0, CALLBACK_NULL), MMSYSERR_INVALPARAM);
    /* CALLBACK_FUNCTION with NULL is accepted (since Windows 2000). */
    assert_int_equal(waveOutOpen(&hwo, 0, &f, 0, 0, CALLBACK_FUNCTION), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    /* The format the driver refuses (8-bit): BADFORMAT, no handle written. */
    WAVEFORMATEX eight = wt_pcm(8000, 1, 8);
    hwo = (HWAVEOUT)0x1234;
    assert_int_equal(waveOutOpen(&hwo, 0, &eight, 0, 0, CALLBACK_NULL), WAVERR_BADFORMAT);
    assert_ptr_equal(hwo, (HWAVEOUT)0x1234);
    assert_int_equal(waveOutOpen(&hwo, 0, &eight, 0, 0, WAVE_FORMAT_DIRECT), WAVERR_BADFORMAT);
}

static void query_opens_nothing(void **state)
{
    (void)state;
    WAVEFORMATEX f = wt_pcm(44100, 2, 16);
    WAVEFORMATEX eight = wt_pcm(44100, 2, 8);
    assert_int_equal(waveOutOpen(NULL, 0, &f, 0, 0, WAVE_FORMAT_QUERY), MMSYSERR_NOERROR);
    assert_int_equal(waveOutOpen(NULL, 0, &eight, 0, 0, WAVE_FORMAT_QUERY), WAVERR_BADFORMAT);
    assert_int_equal(waveInOpen(NULL, 0, &f, 0, 0, WAVE_FORMAT_QUERY), MMSYSERR_NOERROR);
    HWAVEOUT hwo = (HWAVEOUT)0x1234;
    assert_int_equal(waveOutOpen(&hwo, 0, &f, 0, 0, WAVE_FORMAT_QUERY), MMSYSERR_NOERROR);
    assert_ptr_equal(hwo, (HWAVEOUT)0x1234);
}

/* winmm repairs a PCM format's block align, byte rate and odd bit depth, and copies it. */
static void pcm_format_repaired_and_copied(void **state)
{
    (void)state;
    WAVEFORMATEX *f = malloc(sizeof *f);
    *f = wt_pcm(8000, 2, 16);
    f->nBlockAlign = 3;
    f->nAvgBytesPerSec = 7;
    f->wBitsPerSample = 15;
    f->cbSize = 0xFFFF; /* not read for PCM */
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 0, f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    free(f);
    int16_t data[160];
    memset(data, 0, sizeof data);
    WAVEHDR h = {.lpData = (LPSTR)data, .dwBufferLength = sizeof data};
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    for (int i = 0; i < 500 && !(wt_flags(&h) & WHDR_DONE); i++)
        wt_sleep_ms(2);
    MMTIME t = {.wType = TIME_BYTES};
    assert_int_equal(waveOutGetPosition(hwo, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.u.cb, sizeof data); /* 4 bytes a frame: the repaired block align */
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static void header_state_machine(void **state)
{
    (void)state;
    HWAVEOUT hwo = open_out(0);
    int16_t data[8000]; /* 1 s */
    memset(data, 0, sizeof data);
    WAVEHDR h = {.lpData = (LPSTR)data, .dwBufferLength = sizeof data};
    /* Prepare: NULL or short before the handle; twice is fine. */
    assert_int_equal(waveOutPrepareHeader((HWAVEOUT)7, NULL, sizeof h), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h - 1), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), WAVERR_UNPREPARED);
    h.dwFlags = WHDR_DONE | WHDR_INQUEUE; /* garbage from the caller: cleared */
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(wt_flags(&h), WHDR_PREPARED);
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(wt_flags(&h), WHDR_PREPARED);
    /* Write: no data -> UNPREPARED; NULL -> INVALPARAM. */
    h.lpData = NULL;
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), WAVERR_UNPREPARED);
    h.lpData = (LPSTR)data;
    assert_int_equal(waveOutWrite(hwo, NULL, sizeof h), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(wt_flags(&h), WHDR_PREPARED | WHDR_INQUEUE);
    /* Queued: written again or unprepared -> STILLPLAYING; close -> STILLPLAYING, handle kept. */
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), WAVERR_STILLPLAYING);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), WAVERR_STILLPLAYING);
    assert_int_equal(waveOutClose(hwo), WAVERR_STILLPLAYING);
    UINT id = 99;
    assert_int_equal(waveOutGetID(hwo, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, 0);
    /* Reset gives it back DONE before returning. */
    assert_int_equal(waveOutReset(hwo), MMSYSERR_NOERROR);
    assert_int_equal(wt_flags(&h), WHDR_PREPARED | WHDR_DONE);
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveOutGetPosition(hwo, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.u.sample, 0);
    /* Unprepare: clears PREPARED (winmm's default: the driver does not prepare); again: no-op. */
    assert_int_equal(waveOutUnprepareHeader(hwo, NULL, sizeof h), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, 8), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(wt_flags(&h), WHDR_DONE);
    assert_int_equal(waveOutUnprepareHeader((HWAVEOUT)7, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), WAVERR_UNPREPARED);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static void positions_and_controls(void **state)
{
    (void)state;
    HWAVEOUT hwo = open_out(1);
    MMTIME t = {.wType = TIME_SMPTE};
    assert_int_equal(waveOutGetPosition((HWAVEOUT)7, NULL, sizeof t), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutGetPosition((HWAVEOUT)7, &t, sizeof t - 1), MMSYSERR_ERROR);
    assert_int_equal(waveOutGetPosition(hwo, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_BYTES); /* the driver's fallback */
    assert_int_equal(t.u.cb, 0);
    DWORD value = 0;
    assert_int_equal(waveOutGetPitch(hwo, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutGetPitch(hwo, &value), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(waveOutSetPitch(hwo, 0x10000), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(waveOutGetPlaybackRate(hwo, &value), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(waveOutSetPlaybackRate(hwo, 0x10000), MMSYSERR_NOTSUPPORTED);
    /* Pause / Restart / BreakLoop with nothing playing: no effect, success. */
    assert_int_equal(waveOutPause(hwo), MMSYSERR_NOERROR);
    assert_int_equal(waveOutPause(hwo), MMSYSERR_NOERROR);
    assert_int_equal(waveOutRestart(hwo), MMSYSERR_NOERROR);
    assert_int_equal(waveOutBreakLoop(hwo), MMSYSERR_NOERROR);
    UINT id = 0;
    assert_int_equal(waveOutGetID(hwo, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutGetID(hwo, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, 1);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static void volume_by_id_and_by_handle(void **state)
{
    (void)state;
    DWORD value = 0;
    assert_int_equal(waveOutGetVolume((HWAVEOUT)0, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutSetVolume((HWAVEOUT)0, 0x80004000), MMSYSERR_NOERROR);
    assert_int_equal(waveOutGetVolume((HWAVEOUT)0, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 0x80004000);
    assert_int_equal(waveOutGetVolume((HWAVEOUT)1, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 0xFFFFFFFF);
    assert_int_equal(waveOutGetVolume((HWAVEOUT)2, &value), MMSYSERR_INVALHANDLE);
    assert_int_equal(waveOutGetVolume((HWAVEOUT)(uintptr_t)WAVE_MAPPER, &value), MMSYSERR_BADDEVICEID);
    HWAVEOUT hwo = open_out(0);
    assert_int_equal(waveOutSetVolume(hwo, 0x12345678), MMSYSERR_NOERROR);
    assert_int_equal(waveOutGetVolume(hwo, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 0x12345678);
    assert_int_equal(waveOutGetVolume((HWAVEOUT)0, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 0x80004000);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static void messages(void **state)
{
    (void)state;
    HWAVEOUT hwo = open_out(0);
    /* Standard messages cannot be injected through a handle. */
    assert_int_equal(waveOutMessage(hwo, WODM_WRITE, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutMessage(hwo, WODM_CLOSE, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutMessage(hwo, DRVM_IOCTL_LAST, 0, 0), MMSYSERR_INVALPARAM);
    /* Others reach the driver (which knows none of them). */
    assert_int_equal(waveOutMessage(hwo, DRVM_USER + 1, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(waveOutMessage(hwo, DRVM_IOCTL, 0, 0), MMSYSERR_NOTSUPPORTED);
    /* A device ID carries only the queries. */
    assert_int_equal(waveOutMessage((HWAVEOUT)0, DRV_QUERYMAPPABLE, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(waveOutMessage((HWAVEOUT)0, DRVM_USER, 0, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(waveOutMessage((HWAVEOUT)5, DRV_QUERYMAPPABLE, 0, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static void caps(void **state)
{
    (void)state;
    WAVEOUTCAPSA a;
    WAVEOUTCAPSW w;
    /* The ID is checked before the pointer. */
    assert_int_equal(waveOutGetDevCapsA(2, NULL, sizeof a), MMSYSERR_BADDEVICEID);
    assert_int_equal(waveOutGetDevCapsA(0, NULL, sizeof a), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutGetDevCapsW(WAVE_MAPPER, &w, sizeof w), MMSYSERR_BADDEVICEID);
    assert_int_equal(waveOutGetDevCapsW((UINT_PTR)0x4000FFFF, &w, sizeof w), MMSYSERR_BADDEVICEID);
    assert_int_equal(waveOutGetDevCapsA(1, &a, sizeof a), MMSYSERR_NOERROR);
    assert_string_equal(a.szPname, "Wave Test Out 1 (test)");
    assert_int_equal(a.wChannels, 2);
    assert_int_equal(a.dwSupport, WAVECAPS_VOLUME | WAVECAPS_LRVOLUME | WAVECAPS_SAMPLEACCURATE);
    assert_int_equal(waveOutGetDevCapsW(1, &w, sizeof w), MMSYSERR_NOERROR);
    assert_int_equal(w.szPname[0], u'W');
    assert_int_equal(w.dwFormats, a.dwFormats);
    /* cb 0 writes nothing; a short cb writes only that much. */
    memset(&a, 0x55, sizeof a);
    assert_int_equal(waveOutGetDevCapsA(0, &a, 0), MMSYSERR_NOERROR);
    assert_int_equal(a.wMid, 0x5555);
    assert_int_equal(waveOutGetDevCapsA(0, &a, 4), MMSYSERR_NOERROR);
    assert_int_equal(a.wMid, 0xFF);
    assert_int_equal((unsigned char)a.szPname[0], 0x55);
    /* CAPS2 sizes (NAudio: 100 / 132 out, 96 / 128 in): base filled, GUIDs zero. */
    WAVEOUTCAPS2A a2;
    memset(&a2, 0x55, sizeof a2);
    assert_int_equal(waveOutGetDevCapsA(0, (LPWAVEOUTCAPSA)&a2, sizeof a2), MMSYSERR_NOERROR);
    assert_int_equal(sizeof a2, 100);
    assert_string_equal(a2.szPname, "Wave Test Out 0 (test)");
    static const unsigned char zero_guid[16];
    assert_memory_equal(&a2.NameGuid, zero_guid, 16);
    WAVEOUTCAPS2W w2;
    assert_int_equal(waveOutGetDevCapsW(0, (LPWAVEOUTCAPSW)&w2, sizeof w2), MMSYSERR_NOERROR);
    assert_int_equal(sizeof w2, 132);
    assert_memory_equal(&w2.ManufacturerGuid, zero_guid, 16);
    WAVEINCAPS2A i2;
    assert_int_equal(waveInGetDevCapsA(0, (LPWAVEINCAPSA)&i2, sizeof i2), MMSYSERR_NOERROR);
    assert_string_equal(i2.szPname, "Wave Test In 0 (test)");
    WAVEINCAPSW iw;
    assert_int_equal(waveInGetDevCapsW(1, &iw, sizeof iw), MMSYSERR_BADDEVICEID);
    /* An open handle names its device. */
    HWAVEOUT hwo = open_out(1);
    assert_int_equal(waveOutGetDevCapsA((UINT_PTR)hwo, &a, sizeof a), MMSYSERR_NOERROR);
    assert_string_equal(a.szPname, "Wave Test Out 1 (test)");
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    assert_int_equal(waveOutGetDevCapsA((UINT_PTR)hwo, &a, sizeof a), MMSYSERR_BADDEVICEID);
}

static void error_texts(void **state)
{
    (void)state;
    char text[MAXERRORLENGTH];
    WCHAR wtext[MAXERRORLENGTH];
    assert_int_equal(waveOutGetErrorTextA(MMSYSERR_NOERROR, NULL, 10), MMSYSERR_INVALPARAM);
    assert_int_equal(waveOutGetErrorTextW(MMSYSERR_NOERROR, NULL, 10), MMSYSERR_INVALPARAM);
    memset(text, 'x', sizeof text);
    assert_int_equal(waveOutGetErrorTextA(12345, text, 0), MMSYSERR_NOERROR);
    assert_int_equal(text[0], 'x');
    for (MMRESULT code = 0; code < 1100; code++) {
        bool known = code <= MMSYSERR_LASTERROR || (code >= WAVERR_BASE && code <= WAVERR_LASTERROR);
        assert_int_equal(waveOutGetErrorTextA(code, text, sizeof text), known ? MMSYSERR_NOERROR : MMSYSERR_BADERRNUM);
        assert_int_equal(waveInGetErrorTextW(code, wtext, MAXERRORLENGTH), known ? MMSYSERR_NOERROR : MMSYSERR_BADERRNUM);
        if (known) {
            assert_true(strlen(text) > 3);
            assert_null(strchr(text, ':')); /* the meaning only, no "NAME: " */
            assert_int_equal(wtext[0], (WCHAR)text[0]);
        }
    }
    assert_int_equal(waveInGetErrorTextA(WAVERR_STILLPLAYING, text, sizeof text), MMSYSERR_NOERROR);
    assert_string_equal(text, "still something playing");
    assert_int_equal(waveOutGetErrorTextA(WAVERR_STILLPLAYING, text, 6), MMSYSERR_NOERROR);
    assert_string_equal(text, "still");
    assert_int_equal(waveOutGetErrorTextA(MIXERR_INVALLINE, text, sizeof text), MMSYSERR_BADERRNUM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forged_and_closed_handles),
        cmocka_unit_test(open_checks_in_order),
        cmocka_unit_test(query_opens_nothing),
        cmocka_unit_test(pcm_format_repaired_and_copied),
        cmocka_unit_test(header_state_machine),
        cmocka_unit_test(positions_and_controls),
        cmocka_unit_test(volume_by_id_and_by_handle),
        cmocka_unit_test(messages),
        cmocka_unit_test(caps),
        cmocka_unit_test(error_texts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
