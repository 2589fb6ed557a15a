/*
 * test_stress_midi.c - threads opening, sending (short and long), streaming, receiving and
 * closing MIDI handles at once, each using handles another thread may close at any moment.
 * Every call must return one of its documented codes; nothing may crash, hang or leak. Meant
 * to run under TSan and ASan too.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "windows.h"
#include "mmsystem.h"
#include "midi_test_util.h"

#define RUN_MS 1500
#define OUTS 3

static uintptr_t outs[OUTS]; /* open output handles (0: none), atomic */
static uintptr_t stream, input; /* atomic */
static int stop_flag;
static int failures;

static bool running(void)
{
    return !__atomic_load_n(&stop_flag, __ATOMIC_ACQUIRE);
}

static void expect(MMRESULT result, MMRESULT a, MMRESULT b, MMRESULT c)
{
    if (result != a && result != b && result != c)
        __atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
}

static void *opener(void *arg)
{
    UINT device = (UINT)(uintptr_t)arg;
    while (running()) {
        HMIDIOUT hmo = NULL;
        MMRESULT r = midiOutOpen(&hmo, device, 0, 0, CALLBACK_NULL);
        expect(r, MMSYSERR_NOERROR, MMSYSERR_ALLOCATED, MMSYSERR_NOERROR);
        if (r == MMSYSERR_NOERROR) {
            __atomic_store_n(&outs[device], (uintptr_t)hmo, __ATOMIC_RELEASE);
            mt_sleep_ms(1);
            __atomic_store_n(&outs[device], 0, __ATOMIC_RELEASE);
            expect(midiOutClose(hmo), MMSYSERR_NOERROR, MMSYSERR_NOERROR, MMSYSERR_NOERROR);
        }
    }
    return NULL;
}

static void *sender(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    char sysex[] = {(char)0xF0, 0x7D, 0x11, (char)0xF7};
    while (running()) {
        seed = seed * 1103515245u + 12345u;
        HMIDIOUT hmo = (HMIDIOUT)__atomic_load_n(&outs[(seed >> 16) % OUTS], __ATOMIC_ACQUIRE);
        expect(midiOutShortMsg(hmo, 0x7F3C90), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        expect(midiOutShortMsg(hmo, 0x0040), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        MIDIHDR *h = calloc(1, 120);
        h->lpData = sysex;
        h->dwBufferLength = sizeof sysex;
        MMRESULT r = midiOutPrepareHeader(hmo, h, 120);
        expect(r, MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        if (r == MMSYSERR_NOERROR) {
            expect(midiOutLongMsg(hmo, h, 120), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
            expect(midiOutUnprepareHeader(hmo, h, 120), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        }
        free(h);
        if ((seed & 7) == 0)
            expect(midiOutReset(hmo), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
    }
    return NULL;
}

static void *streamer(void *arg)
{
    (void)arg;
    static DWORD words[4][12];
    while (running()) {
        HMIDISTRM hms = NULL;
        UINT id = OUTS;
        if (midiStreamOpen(&hms, &id, 1, 0, 0, CALLBACK_NULL) != MMSYSERR_NOERROR) {
            __atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
            return NULL;
        }
        __atomic_store_n(&stream, (uintptr_t)hms, __ATOMIC_RELEASE);
        MIDIHDR h[4];
        for (int i = 0; i < 4; i++) {
            DWORD event[] = {0, 0, 0x7F3C90, 1, 0, MEVT_F_CALLBACK | 0x003C80, 2, 0, (DWORD)MEVT_NOP << 24,
                             1000000, 0, 0x7F3D90};
            memcpy(words[i], event, sizeof event);
            h[i] = (MIDIHDR){.lpData = (LPSTR)words[i], .dwBufferLength = sizeof words[i],
                             .dwBytesRecorded = (i == 3 ? 12 : 9) * 4};
            expect(midiOutPrepareHeader((HMIDIOUT)hms, &h[i], sizeof h[i]), MMSYSERR_NOERROR, MMSYSERR_NOERROR,
                   MMSYSERR_NOERROR);
            expect(midiStreamOut(hms, &h[i], sizeof h[i]), MMSYSERR_NOERROR, MMSYSERR_NOERROR, MMSYSERR_NOERROR);
        }
        expect(midiStreamRestart(hms), MMSYSERR_NOERROR, MMSYSERR_NOERROR, MMSYSERR_NOERROR);
        mt_sleep_ms(5);
        __atomic_store_n(&stream, 0, __ATOMIC_RELEASE);
        expect(midiStreamClose(hms), MMSYSERR_NOERROR, MMSYSERR_NOERROR, MMSYSERR_NOERROR);
        for (int i = 0; i < 4; i++)
            if (!(mt_flags(&h[i]) & MHDR_DONE))
                __atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

static void *stream_poker(void *arg)
{
    (void)arg;
    while (running()) {
        HMIDISTRM hms = (HMIDISTRM)__atomic_load_n(&stream, __ATOMIC_ACQUIRE);
        MMTIME t = {.wType = TIME_TICKS};
        expect(midiStreamPosition(hms, &t, sizeof t), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        expect(midiStreamPause(hms), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        expect(midiStreamRestart(hms), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        MIDIPROPTEMPO p = {.cbStruct = sizeof p, .dwTempo = 100000};
        expect(midiStreamProperty(hms, (LPBYTE)&p, MIDIPROP_SET | MIDIPROP_TEMPO), MMSYSERR_NOERROR,
               MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        expect(midiStreamStop(hms), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        expect(midiOutShortMsg((HMIDIOUT)hms, 0x7F3C90), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
    }
    return NULL;
}

static void CALLBACK input_proc(HMIDIIN hmi, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)hmi;
    (void)instance;
    (void)p1;
    (void)p2;
    (void)msg;
}

static void *receiver(void *arg)
{
    (void)arg;
    while (running()) {
        HMIDIIN hmi = NULL;
        if (midiInOpen(&hmi, 0, (DWORD_PTR)input_proc, 0, CALLBACK_FUNCTION) != MMSYSERR_NOERROR) {
            __atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
            return NULL;
        }
        char data[2][16];
        MIDIHDR h[2];
        for (int i = 0; i < 2; i++) {
            h[i] = (MIDIHDR){.lpData = data[i], .dwBufferLength = sizeof data[i]};
            midiInPrepareHeader(hmi, &h[i], sizeof h[i]);
            expect(midiInAddBuffer(hmi, &h[i], sizeof h[i]), MMSYSERR_NOERROR, MMSYSERR_NOERROR, MMSYSERR_NOERROR);
        }
        HMIDIOUT thru_out = (HMIDIOUT)__atomic_load_n(&outs[0], __ATOMIC_ACQUIRE);
        expect(midiConnect((HMIDI)hmi, thru_out, NULL), MMSYSERR_NOERROR, MMSYSERR_INVALHANDLE, MMSYSERR_NOERROR);
        midiInStart(hmi);
        __atomic_store_n(&input, (uintptr_t)hmi, __ATOMIC_RELEASE);
        mt_sleep_ms(3);
        __atomic_store_n(&input, 0, __ATOMIC_RELEASE);
        expect(midiInReset(hmi), MMSYSERR_NOERROR, MMSYSERR_NOERROR, MMSYSERR_NOERROR);
        for (int i = 0; i < 2; i++)
            expect(midiInUnprepareHeader(hmi, &h[i], sizeof h[i]), MMSYSERR_NOERROR, MMSYSERR_NOERROR,
                   MMSYSERR_NOERROR);
        expect(midiInClose(hmi), MMSYSERR_NOERROR, MMSYSERR_NOERROR, MMSYSERR_NOERROR);
    }
    return NULL;
}

static void *injector(void *arg)
{
    (void)arg;
    static const BYTE bytes[] = {0x90, 0x3C, 0x7F, 0x3E, 0x7F, 0xF0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xF7, 0xF8};
    while (running()) {
        if (__atomic_load_n(&input, __ATOMIC_ACQUIRE))
            mt_inject(0, bytes, sizeof bytes);
        mt_sleep_ms(1);
    }
    return NULL;
}

static void stress(void **state)
{
    (void)state;
    char *folder = mt_setup("out=4 in=1");
    pthread_t threads[16];
    int n = 0;
    for (UINT d = 0; d < OUTS; d++)
        pthread_create(&threads[n++], NULL, opener, (void *)(uintptr_t)d);
    for (int i = 0; i < 3; i++)
        pthread_create(&threads[n++], NULL, sender, (void *)(uintptr_t)(i + 1));
    pthread_create(&threads[n++], NULL, streamer, NULL);
    pthread_create(&threads[n++], NULL, stream_poker, NULL);
    pthread_create(&threads[n++], NULL, receiver, NULL);
    pthread_create(&threads[n++], NULL, injector, NULL);
    mt_sleep_ms(RUN_MS);
    __atomic_store_n(&stop_flag, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    assert_int_equal(__atomic_load_n(&failures, __ATOMIC_RELAXED), 0);
    assert_true(mt_events(NULL, 0) > 100);
    /* Everything was closed: every device opens again. */
    for (UINT d = 0; d < 4; d++) {
        HMIDIOUT hmo = NULL;
        assert_int_equal(midiOutOpen(&hmo, d, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
        assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    }
    mt_teardown(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
