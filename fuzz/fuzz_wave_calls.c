/*
 * fuzz_wave_calls.c - sequences of waveOut / waveIn calls with the IDs, formats, flags, sizes
 * and handles an application (or a careless one) might pass, over the test suite's wave
 * driver registered in-process (tests/devices/wave_test_driver.c): open (any device ID, the
 * mapper, QUERY, MAPPED, DIRECT, NULL / FUNCTION / EVENT callbacks), prepare, unprepare,
 * write, add-buffer, pause, restart, reset, break-loop, start, stop, positions with any wType
 * and size, volume by ID or handle, GetID, Message with any message, caps with any ID and size,
 * error texts; on up to 3 handles sharing 4 headers, plus forged handle values.
 *
 * The harness keeps the rules an application must keep: it never frees or changes a buffer
 * the driver may still use (a header is re-armed only after a Reset gave everything back),
 * and at the end every device is reset, unprepared and closed, which must succeed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_format_util.h"
#include "mmddk.h"
#include "../tests/devices/wave_test_driver.h"

#define SEQ_HANDLES 3
#define SEQ_HEADERS 4
#define SEQ_BUFFER 256

typedef struct seq_state {
    uintptr_t handles[SEQ_HANDLES];
    bool input[SEQ_HANDLES];
    WAVEHDR headers[SEQ_HEADERS];
    BYTE buffers[SEQ_HEADERS][SEQ_BUFFER];
    HANDLE event;
} seq_state;

static void seq_require(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_wave_calls: %s\n", what);
        abort();
    }
}

static void CALLBACK seq_callback(HDRVR h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)msg, (void)instance, (void)p1, (void)p2;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_isolate_environment();
    PORTACM_DEVICE_PROCS procs = {.wodMessage = wave_test_inproc_wod, .widMessage = wave_test_inproc_wid};
    seq_require(portacm_device_driver_register("fuzzwave.drv", wave_test_inproc_proc, &procs) == MMSYSERR_NOERROR,
                "cannot register the wave test driver");
    return 0;
}

/* A handle value: one of ours (possibly closed or of the other direction), or a forged one. */
static uintptr_t pick_handle(fuzz_cursor *c, seq_state *s)
{
    uint8_t pick = fuzz_u8(c);
    if (pick < 200)
        return s->handles[pick % SEQ_HANDLES];
    static const uintptr_t forged[] = {0, 1, 0xFFFF, 0xFFFFFFFF, 0x40000000, 0x40010000, 0x7FFFFFFF};
    return forged[pick % (sizeof forged / sizeof forged[0])];
}

static WAVEFORMATEX pick_format(fuzz_cursor *c)
{
    static const DWORD rates[] = {8000, 11025, 16000, 22050, 44100, 48000, 96000, 0, 4000, 192000};
    WAVEFORMATEX f = {WAVE_FORMAT_PCM, 1, 8000, 16000, 2, 16, 0};
    uint8_t shape = fuzz_u8(c);
    f.nSamplesPerSec = rates[shape % 10];
    f.nChannels = (WORD)(1 + (shape >> 4) % 3);
    f.wBitsPerSample = (shape & 0x80) ? 8 : 16;
    if (fuzz_u8(c) > 230)
        f.wFormatTag = fuzz_u16(c);
    f.nBlockAlign = (WORD)(f.nChannels * f.wBitsPerSample / 8);
    f.nAvgBytesPerSec = f.nBlockAlign * f.nSamplesPerSec;
    return f;
}

static void seq_open(fuzz_cursor *c, seq_state *s)
{
    int slot = fuzz_u8(c) % SEQ_HANDLES;
    if (s->handles[slot])
        return; /* the old one stays tracked until it is closed */
    bool input = fuzz_u8(c) & 1;
    static const UINT ids[] = {0, 1, 2, WAVE_MAPPER, 0xFFFF, 77};
    UINT id = ids[fuzz_u8(c) % 6];
    WAVEFORMATEX f = pick_format(c);
    static const DWORD kinds[] = {CALLBACK_NULL, CALLBACK_FUNCTION, CALLBACK_EVENT, CALLBACK_FUNCTION};
    uint8_t bits = fuzz_u8(c);
    DWORD flags = kinds[bits % 4] | ((bits >> 2) & (WAVE_FORMAT_QUERY | WAVE_ALLOWSYNC | WAVE_MAPPED | WAVE_FORMAT_DIRECT));
    DWORD_PTR callback = 0;
    if ((flags & CALLBACK_TYPEMASK) == CALLBACK_FUNCTION)
        callback = (bits & 0x80) ? 0 : (DWORD_PTR)seq_callback;
    else if ((flags & CALLBACK_TYPEMASK) == CALLBACK_EVENT)
        callback = (DWORD_PTR)s->event;
    uintptr_t handle = 0;
    MMRESULT r = input ? waveInOpen((LPHWAVEIN)&handle, id, &f, callback, 0, flags)
                       : waveOutOpen((LPHWAVEOUT)&handle, id, &f, callback, 0, flags);
    if (r == MMSYSERR_NOERROR && !(flags & WAVE_FORMAT_QUERY)) {
        seq_require(handle > 0xFFFF && handle < 0xFFFFFFFF, "handle out of range");
        s->handles[slot] = handle;
        s->input[slot] = input;
    }
}

/* Re-arms a header that is in no queue (after its device was reset or before any use). */
static void seq_rearm(fuzz_cursor *c, seq_state *s, WAVEHDR *h)
{
    if (h->dwFlags & WHDR_INQUEUE)
        return;
    h->lpData = (LPSTR)s->buffers[h - s->headers];
    h->dwBufferLength = fuzz_u8(c) % (SEQ_BUFFER + 1);
    h->dwFlags = fuzz_u8(c) & (WHDR_BEGINLOOP | WHDR_ENDLOOP | WHDR_PREPARED | WHDR_DONE);
    h->dwLoops = fuzz_u8(c) % 4;
}

static void seq_header_call(fuzz_cursor *c, seq_state *s, uint8_t op)
{
    uintptr_t handle = pick_handle(c, s);
    WAVEHDR *h = &s->headers[fuzz_u8(c) % SEQ_HEADERS];
    UINT cb = fuzz_u8(c) > 20 ? sizeof(WAVEHDR) : fuzz_u8(c);
    switch (op % 6) {
    case 0:
        waveOutPrepareHeader((HWAVEOUT)handle, h, cb);
        break;
    case 1:
        waveOutUnprepareHeader((HWAVEOUT)handle, h, cb);
        break;
    case 2:
        waveOutWrite((HWAVEOUT)handle, h, cb);
        break;
    case 3:
        waveInPrepareHeader((HWAVEIN)handle, h, cb);
        break;
    case 4:
        waveInAddBuffer((HWAVEIN)handle, h, cb);
        break;
    default:
        waveInUnprepareHeader((HWAVEIN)handle, h, cb);
    }
}

static void seq_control(fuzz_cursor *c, seq_state *s, uint8_t op)
{
    uintptr_t handle = pick_handle(c, s);
    MMTIME t = {.wType = fuzz_u8(c) & 0x3F};
    UINT cb = fuzz_u8(c) > 20 ? sizeof t : fuzz_u8(c) % sizeof t;
    DWORD value = 0;
    UINT id = 0;
    switch (op % 12) {
    case 0: waveOutPause((HWAVEOUT)handle); break;
    case 1: waveOutRestart((HWAVEOUT)handle); break;
    case 2: waveOutReset((HWAVEOUT)handle); break;
    case 3: waveOutBreakLoop((HWAVEOUT)handle); break;
    case 4: waveInStart((HWAVEIN)handle); break;
    case 5: waveInStop((HWAVEIN)handle); break;
    case 6: waveInReset((HWAVEIN)handle); break;
    case 7:
        waveOutGetPosition((HWAVEOUT)handle, &t, cb);
        waveInGetPosition((HWAVEIN)handle, &t, cb);
        break;
    case 8:
        waveOutSetVolume((HWAVEOUT)handle, fuzz_u32(c));
        waveOutGetVolume((HWAVEOUT)handle, &value);
        break;
    case 9:
        waveOutGetID((HWAVEOUT)handle, &id);
        waveInGetID((HWAVEIN)handle, &id);
        break;
    case 10:
        waveOutMessage((HWAVEOUT)handle, fuzz_u16(c), 0, 0);
        break;
    default:
        waveOutGetPitch((HWAVEOUT)handle, &value);
        waveOutSetPlaybackRate((HWAVEOUT)handle, fuzz_u32(c));
    }
}

static void seq_info(fuzz_cursor *c, seq_state *s)
{
    BYTE caps[160];
    char text[64];
    WCHAR wtext[64];
    UINT cb = fuzz_u8(c) % (sizeof caps + 1);
    UINT_PTR id = fuzz_u8(c) > 128 ? pick_handle(c, s) : fuzz_u8(c) % 4;
    waveOutGetDevCapsA(id, (LPWAVEOUTCAPSA)caps, cb);
    waveOutGetDevCapsW(id, (LPWAVEOUTCAPSW)caps, cb);
    waveInGetDevCapsA(id, (LPWAVEINCAPSA)caps, cb);
    waveInGetDevCapsW(id, (LPWAVEINCAPSW)caps, cb);
    MMRESULT code = fuzz_u16(c);
    UINT cch = fuzz_u8(c) % 65;
    waveOutGetErrorTextA(code, text, cch);
    waveInGetErrorTextW(code, wtext, cch);
}

/* Resets, unprepares and closes everything; every device must close. */
static void seq_finish(seq_state *s)
{
    for (int i = 0; i < SEQ_HANDLES; i++) {
        uintptr_t h = s->handles[i];
        if (!h)
            continue;
        MMRESULT r = WAVERR_STILLPLAYING;
        for (int tries = 0; tries < 10 && r != MMSYSERR_NOERROR; tries++) {
            if (s->input[i])
                waveInReset((HWAVEIN)h);
            else
                waveOutReset((HWAVEOUT)h);
            for (int k = 0; k < SEQ_HEADERS; k++)
                s->input[i] ? waveInUnprepareHeader((HWAVEIN)h, &s->headers[k], sizeof(WAVEHDR))
                            : waveOutUnprepareHeader((HWAVEOUT)h, &s->headers[k], sizeof(WAVEHDR));
            r = s->input[i] ? waveInClose((HWAVEIN)h) : waveOutClose((HWAVEOUT)h);
        }
        seq_require(r == MMSYSERR_NOERROR, "a device did not close");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cursor c = fuzz_cursor_make(data, size);
    seq_state *s = calloc(1, sizeof *s);
    if (!s)
        return 0;
    s->event = CreateEventA(NULL, FALSE, FALSE, NULL);
    for (int i = 0; i < SEQ_HEADERS; i++)
        seq_rearm(&c, s, &s->headers[i]);
    for (int steps = 0; steps < 64 && fuzz_left(&c) > 0; steps++) {
        uint8_t op = fuzz_u8(&c);
        switch (op % 5) {
        case 0: seq_open(&c, s); break;
        case 1: seq_header_call(&c, s, op / 5); break;
        case 2: seq_control(&c, s, op / 5); break;
        case 3: seq_info(&c, s); break;
        default: {
            /* Close one (STILLPLAYING keeps it), or reset everything and re-arm a header. */
            int slot = (op / 5) % SEQ_HANDLES;
            uintptr_t h = s->handles[slot];
            MMRESULT r = s->input[slot] ? waveInClose((HWAVEIN)h) : waveOutClose((HWAVEOUT)h);
            if (r == MMSYSERR_NOERROR)
                s->handles[slot] = 0;
            if (fuzz_u8(&c) & 1) {
                for (int i = 0; i < SEQ_HANDLES; i++)
                    s->input[i] ? waveInReset((HWAVEIN)s->handles[i]) : waveOutReset((HWAVEOUT)s->handles[i]);
                seq_rearm(&c, s, &s->headers[fuzz_u8(&c) % SEQ_HEADERS]);
            }
        }
        }
    }
    seq_finish(s);
    if (s->event)
        CloseHandle(s->event);
    free(s);
    return 0;
}
