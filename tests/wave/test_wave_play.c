/*
 * test_wave_play.c - waveOut playback through a third-party driver loaded from the drivers
 * file (tests/devices/wave_test_driver.c): what comes out equals what was written, the refill
 * pattern from inside WOM_DONE, loops, BreakLoop, pause/restart, positions, reset from another
 * thread while callbacks run.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wave_test_util.h"

static int setup(void **state)
{
    *state = wt_setup("out=2 in=1");
    return 0;
}

static int teardown(void **state)
{
    wt_teardown(*state);
    return 0;
}

/* ---- a callback that records what it got --------------------------------------------------- */

typedef struct record {
    int opens, closes, dones;
    HWAVEOUT hwo_seen;
    WAVEHDR *last;
} record;

static void CALLBACK record_proc(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p2;
    record *r = (record *)instance;
    r->hwo_seen = hwo;
    if (msg == WOM_OPEN)
        __atomic_add_fetch(&r->opens, 1, __ATOMIC_SEQ_CST);
    else if (msg == WOM_CLOSE)
        __atomic_add_fetch(&r->closes, 1, __ATOMIC_SEQ_CST);
    else if (msg == WOM_DONE) {
        r->last = (WAVEHDR *)p1;
        __atomic_add_fetch(&r->dones, 1, __ATOMIC_SEQ_CST);
    }
}

/* Plays one buffer and waits for it; the driver's memory holds exactly those bytes. */
static void write_plays_the_data(void **state)
{
    (void)state;
    assert_int_equal(waveOutGetNumDevs(), 2);
    wt_clear_output();
    WAVEFORMATEX f = wt_pcm(48000, 2, 16);
    record r = {0};
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 1, &f, (DWORD_PTR)record_proc, (DWORD_PTR)&r, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    /* WOM_OPEN came before waveOutOpen returned, with the new handle. */
    assert_int_equal(r.opens, 1);
    assert_ptr_equal(r.hwo_seen, hwo);
    assert_true((uintptr_t)hwo <= 0xFFFFFFFFu && (uintptr_t)hwo > 0xFFFF);
    int16_t samples[4800 * 2];
    wt_pattern(samples, 9600, 1000);
    WAVEHDR h = {.lpData = (LPSTR)samples, .dwBufferLength = sizeof samples};
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(h.dwFlags, WHDR_PREPARED);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_true(h.dwFlags & WHDR_INQUEUE);
    assert_true(wt_wait_flag(&r.dones, 2000));
    assert_ptr_equal(r.last, &h);
    assert_int_equal(h.dwFlags, WHDR_PREPARED | WHDR_DONE);
    size_t played = wt_output(1, NULL, 0);
    assert_int_equal(played, sizeof samples);
    int16_t *out = malloc(played);
    wt_output(1, out, played);
    assert_memory_equal(out, samples, played);
    free(out);
    assert_int_equal(wt_output(0, NULL, 0), 0);
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveOutGetPosition(hwo, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_SAMPLES);
    assert_int_equal(t.u.sample, 4800);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(h.dwFlags & WHDR_PREPARED, 0);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    assert_int_equal(r.closes, 1);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_INVALHANDLE);
}

/* ---- the refill pattern: 4 buffers refilled from WOM_DONE play 2 s without a gap ------------ */

#define REFILL_RATE 16000
#define REFILL_FRAMES 800 /* 50 ms */
#define REFILL_TOTAL (REFILL_RATE * 2)

typedef struct refill {
    HWAVEOUT hwo;
    WAVEHDR headers[4];
    int16_t data[4][REFILL_FRAMES];
    uint32_t next_sample; /* the pattern continues across buffers */
    int written, done, finished;
    MMRESULT error;
} refill;

static void refill_one(refill *r, WAVEHDR *h)
{
    if (r->written * REFILL_FRAMES >= REFILL_TOTAL) {
        if (__atomic_add_fetch(&r->done, 1, __ATOMIC_SEQ_CST) == 4)
            __atomic_store_n(&r->finished, 1, __ATOMIC_RELEASE);
        return;
    }
    wt_pattern((int16_t *)h->lpData, REFILL_FRAMES, r->next_sample);
    r->next_sample += REFILL_FRAMES;
    r->written++;
    MMRESULT result = waveOutWrite(r->hwo, h, sizeof *h);
    if (result != MMSYSERR_NOERROR)
        r->error = result;
}

static void CALLBACK refill_proc(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)hwo;
    (void)p2;
    if (msg == WOM_DONE)
        refill_one((refill *)instance, (WAVEHDR *)p1);
}

static void refill_from_callback_is_continuous(void **state)
{
    (void)state;
    wt_clear_output();
    refill *r = calloc(1, sizeof *r);
    WAVEFORMATEX f = wt_pcm(REFILL_RATE, 1, 16);
    assert_int_equal(waveOutOpen(&r->hwo, 0, &f, (DWORD_PTR)refill_proc, (DWORD_PTR)r, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    /* Pause while priming so that the first four go out together. */
    assert_int_equal(waveOutPause(r->hwo), MMSYSERR_NOERROR);
    for (int i = 0; i < 4; i++) {
        r->headers[i] = (WAVEHDR){.lpData = (LPSTR)r->data[i], .dwBufferLength = sizeof r->data[i]};
        assert_int_equal(waveOutPrepareHeader(r->hwo, &r->headers[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        refill_one(r, &r->headers[i]);
    }
    assert_int_equal(waveOutRestart(r->hwo), MMSYSERR_NOERROR);
    assert_true(wt_wait_flag(&r->finished, 5000));
    assert_int_equal(r->error, MMSYSERR_NOERROR);
    size_t bytes = wt_output(0, NULL, 0);
    assert_int_equal(bytes, REFILL_TOTAL * 2);
    int16_t *out = malloc(bytes);
    wt_output(0, out, bytes);
    int16_t *expected = malloc(bytes);
    wt_pattern(expected, REFILL_TOTAL, 0);
    assert_memory_equal(out, expected, bytes);
    free(out);
    free(expected);
    MMTIME t = {.wType = TIME_MS};
    assert_int_equal(waveOutGetPosition(r->hwo, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_MS);
    assert_int_equal(t.u.ms, 2000);
    for (int i = 0; i < 4; i++)
        assert_int_equal(waveOutUnprepareHeader(r->hwo, &r->headers[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(r->hwo), MMSYSERR_NOERROR);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_plays_the_data),
        cmocka_unit_test(refill_from_callback_is_continuous),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
