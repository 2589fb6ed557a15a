/*
 * test_wave_in.c - waveIn capture through the wave test driver, which produces a known signal
 * (sample of frame n, channel c = n * 3 + c * 1000): buffers come back full and in order with
 * the signal intact, the WIM_DATA refill pattern, Stop returns the partly filled buffer,
 * Reset returns everything and zeroes the position, and the waveIn argument checks.
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
    *state = wt_setup("out=1 in=2");
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

static int16_t expected_sample(uint64_t frame, unsigned channel)
{
    return (int16_t)(uint16_t)(frame * 3u + channel * 1000u);
}

/* True when the stereo capture in `h` is the known signal from frame `first` on. */
static bool is_signal(const WAVEHDR *h, uint64_t first)
{
    const int16_t *s = (const int16_t *)(const void *)h->lpData;
    for (DWORD i = 0; i < h->dwBytesRecorded / 4; i++)
        if (s[2 * i] != expected_sample(first + i, 0) || s[2 * i + 1] != expected_sample(first + i, 1))
            return false;
    return true;
}

typedef struct capture {
    HWAVEIN hwi;
    WAVEHDR h[3];
    int16_t data[3][1600 * 2]; /* 100 ms of 16 kHz stereo */
    WAVEHDR *order[16];
    int count, opens, closes;
    int stop_refill;
    int bad_signal; /* a buffer that was not full or not the signal (found in the callback) */
} capture;

static void CALLBACK capture_proc(HWAVEIN hwi, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p2;
    capture *c = (capture *)instance;
    if (msg == WIM_OPEN)
        c->opens++;
    else if (msg == WIM_CLOSE)
        c->closes++;
    else if (msg == WIM_DATA) {
        int n = __atomic_load_n(&c->count, __ATOMIC_ACQUIRE);
        if (n < 16)
            c->order[n] = (WAVEHDR *)p1;
        __atomic_store_n(&c->count, n + 1, __ATOMIC_RELEASE);
        /* The NAudio pattern: re-add the buffer from inside WIM_DATA, until told to stop. */
        if (n + 1 < 6 && !__atomic_load_n(&c->stop_refill, __ATOMIC_ACQUIRE)) {
            WAVEHDR *h = (WAVEHDR *)p1;
            if (h->dwBytesRecorded != h->dwBufferLength || !is_signal(h, (uint64_t)n * 1600))
                c->bad_signal = 1;
            waveInAddBuffer(hwi, h, sizeof *h);
        }
    }
}

static void capture_the_known_signal(void **state)
{
    (void)state;
    capture *c = calloc(1, sizeof *c);
    WAVEFORMATEX f = wt_pcm(16000, 2, 16);
    assert_int_equal(waveInOpen(&c->hwi, 1, &f, (DWORD_PTR)capture_proc, (DWORD_PTR)c, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(c->opens, 1);
    for (int i = 0; i < 3; i++) {
        c->h[i] = (WAVEHDR){.lpData = (LPSTR)c->data[i], .dwBufferLength = sizeof c->data[i], .dwBytesRecorded = 77};
        assert_int_equal(waveInPrepareHeader(c->hwi, &c->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        assert_int_equal(c->h[i].dwBytesRecorded, 0);
        assert_int_equal(waveInAddBuffer(c->hwi, &c->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        assert_int_equal(wt_flags(&c->h[i]), WHDR_PREPARED | WHDR_INQUEUE);
    }
    /* Queued again: refused. Nothing is captured before waveInStart. */
    assert_int_equal(waveInAddBuffer(c->hwi, &c->h[0], sizeof(WAVEHDR)), WAVERR_STILLPLAYING);
    wt_sleep_ms(30);
    assert_int_equal(c->count, 0);
    assert_int_equal(waveInStart(c->hwi), MMSYSERR_NOERROR);
    for (int i = 0; i < 2000 && __atomic_load_n(&c->count, __ATOMIC_ACQUIRE) < 6; i++)
        wt_sleep_ms(2);
    assert_true(__atomic_load_n(&c->count, __ATOMIC_ACQUIRE) >= 6);
    /* In queue order, full, the signal continuous across buffers (checked in the callback). */
    for (int i = 0; i < 6; i++) {
        assert_ptr_equal(c->order[i], &c->h[i % 3]);
    }
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveInGetPosition(c->hwi, &t, sizeof t), MMSYSERR_NOERROR);
    assert_true(t.u.sample >= 6 * 1600);
    assert_int_equal(c->bad_signal, 0);
    __atomic_store_n(&c->stop_refill, 1, __ATOMIC_RELEASE);
    assert_int_equal(waveInReset(c->hwi), MMSYSERR_NOERROR);
    for (int i = 0; i < 3; i++) {
        assert_false(wt_flags(&c->h[i]) & WHDR_INQUEUE);
        assert_int_equal(waveInUnprepareHeader(c->hwi, &c->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    }
    assert_int_equal(waveInClose(c->hwi), MMSYSERR_NOERROR);
    free(c);
}

/* Stop returns the partly filled buffer; empty ones stay queued; Reset returns the rest. */
static void stop_and_reset(void **state)
{
    (void)state;
    capture *c = calloc(1, sizeof *c);
    c->stop_refill = 1;
    WAVEFORMATEX f = wt_pcm(16000, 2, 16);
    assert_int_equal(waveInOpen(&c->hwi, 0, &f, (DWORD_PTR)capture_proc, (DWORD_PTR)c, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(waveInStop(c->hwi), MMSYSERR_NOERROR); /* not started: no effect */
    for (int i = 0; i < 2; i++) {
        c->h[i] = (WAVEHDR){.lpData = (LPSTR)c->data[i], .dwBufferLength = sizeof c->data[i]};
        assert_int_equal(waveInPrepareHeader(c->hwi, &c->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        assert_int_equal(waveInAddBuffer(c->hwi, &c->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    }
    assert_int_equal(waveInStart(c->hwi), MMSYSERR_NOERROR);
    wt_sleep_ms(40);
    assert_int_equal(waveInStop(c->hwi), MMSYSERR_NOERROR);
    /* Delivered before waveInStop returned. */
    assert_int_equal(c->count, 1);
    assert_true(wt_flags(&c->h[0]) & WHDR_DONE);
    assert_true(c->h[0].dwBytesRecorded > 0 && c->h[0].dwBytesRecorded < sizeof c->data[0]);
    assert_int_equal(c->h[0].dwBytesRecorded % 4, 0);
    assert_true(is_signal(&c->h[0], 0));
    assert_int_equal(wt_flags(&c->h[1]), WHDR_PREPARED | WHDR_INQUEUE);
    MMTIME t = {.wType = TIME_BYTES};
    assert_int_equal(waveInGetPosition(c->hwi, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_BYTES);
    assert_int_equal(t.u.cb, c->h[0].dwBytesRecorded);
    /* Close with a buffer queued; unprepare of a queued buffer. */
    assert_int_equal(waveInClose(c->hwi), WAVERR_STILLPLAYING);
    assert_int_equal(waveInUnprepareHeader(c->hwi, &c->h[1], sizeof(WAVEHDR)), WAVERR_STILLPLAYING);
    assert_int_equal(waveInReset(c->hwi), MMSYSERR_NOERROR);
    assert_int_equal(c->count, 2);
    assert_int_equal(wt_flags(&c->h[1]), WHDR_PREPARED | WHDR_DONE);
    assert_int_equal(c->h[1].dwBytesRecorded, 0);
    assert_int_equal(waveInGetPosition(c->hwi, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.u.cb, 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(waveInUnprepareHeader(c->hwi, &c->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    assert_int_equal(waveInClose(c->hwi), MMSYSERR_NOERROR);
    assert_int_equal(c->closes, 1);
    free(c);
}

static void add_buffer_checks(void **state)
{
    (void)state;
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEIN hwi = NULL;
    assert_int_equal(waveInOpen(&hwi, 0, &f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    int16_t data[80];
    WAVEHDR h = {.lpData = (LPSTR)data, .dwBufferLength = sizeof data};
    /* W9 order: header checks before the handle. */
    assert_int_equal(waveInAddBuffer((HWAVEIN)7, NULL, sizeof h), MMSYSERR_INVALPARAM);
    assert_int_equal(waveInAddBuffer((HWAVEIN)7, &h, sizeof h - 1), MMSYSERR_INVALPARAM);
    assert_int_equal(waveInAddBuffer((HWAVEIN)7, &h, sizeof h), WAVERR_UNPREPARED);
    assert_int_equal(waveInAddBuffer(hwi, &h, sizeof h), WAVERR_UNPREPARED);
    assert_int_equal(waveInPrepareHeader(hwi, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveInAddBuffer((HWAVEIN)7, &h, sizeof h), MMSYSERR_INVALHANDLE);
    assert_int_equal(waveInGetPosition(hwi, NULL, 12), MMSYSERR_INVALPARAM);
    MMTIME t = {.wType = TIME_MS};
    assert_int_equal(waveInGetPosition(hwi, &t, 4), MMSYSERR_ERROR);
    assert_int_equal(waveInGetPosition(hwi, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_MS);
    UINT id = 9;
    assert_int_equal(waveInGetID(hwi, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, 0);
    assert_int_equal(waveInMessage(hwi, WIDM_ADDBUFFER, (DWORD_PTR)&h, sizeof h), MMSYSERR_INVALPARAM);
    assert_int_equal(waveInUnprepareHeader(hwi, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveInClose(hwi), MMSYSERR_NOERROR);
    /* A device that refuses the format. */
    WAVEFORMATEX bad = wt_pcm(4000, 1, 16);
    assert_int_equal(waveInOpen(&hwi, 0, &bad, 0, 0, CALLBACK_NULL), WAVERR_BADFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capture_the_known_signal),
        cmocka_unit_test(stop_and_reset),
        cmocka_unit_test(add_buffer_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
