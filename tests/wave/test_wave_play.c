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
    assert_int_equal(wt_flags(&h), WHDR_PREPARED);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_true(wt_flags(&h) & WHDR_INQUEUE);
    assert_true(wt_wait_flag(&r.dones, 2000));
    assert_ptr_equal(r.last, &h);
    assert_int_equal(wt_flags(&h), WHDR_PREPARED | WHDR_DONE);
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
    assert_int_equal(wt_flags(&h) & WHDR_PREPARED, 0);
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


/* ---- loops, BreakLoop, pause, reset ------------------------------------------------------------ */

/* Plays `count` headers of `frames` frames each (header i holds the value i + 1 in every sample)
 * with the given flags and loop counts and waits until all are done. */
static void play_blocks(HWAVEOUT hwo, WAVEHDR *h, int16_t (*data)[400], int count, const DWORD *flags, const DWORD *loops)
{
    for (int i = 0; i < count; i++) {
        for (int k = 0; k < 400; k++)
            data[i][k] = (int16_t)(i + 1);
        h[i] = (WAVEHDR){.lpData = (LPSTR)data[i], .dwBufferLength = sizeof data[i]};
        assert_int_equal(waveOutPrepareHeader(hwo, &h[i], sizeof h[i]), MMSYSERR_NOERROR);
        h[i].dwFlags |= flags[i];
        h[i].dwLoops = loops[i];
    }
    for (int i = 0; i < count; i++)
        assert_int_equal(waveOutWrite(hwo, &h[i], sizeof h[i]), MMSYSERR_NOERROR);
}

/* The played blocks as a string of digits ("1222" ...), one per 400-sample block. */
static void played_blocks(UINT device, char *out, size_t capacity)
{
    size_t bytes = wt_output(device, NULL, 0);
    int16_t *samples = malloc(bytes + 2);
    wt_output(device, samples, bytes);
    size_t n = 0;
    for (size_t i = 0; i < bytes / 2 && n + 1 < capacity; i += 400)
        out[n++] = (char)('0' + samples[i]);
    out[n] = '\0';
    free(samples);
}

static bool all_done(const WAVEHDR *h, int count)
{
    for (int i = 0; i < count; i++)
        if (!(wt_flags(&h[i]) & WHDR_DONE))
            return false;
    return true;
}

static void wait_done(const WAVEHDR *h, int count)
{
    for (int i = 0; i < 2500 && !all_done(h, count); i++)
        wt_sleep_ms(2);
    assert_true(all_done(h, count));
}

static void loops_repeat_blocks(void **state)
{
    (void)state;
    WAVEFORMATEX f = wt_pcm(16000, 1, 16); /* 400 samples = 25 ms */
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 0, &f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    WAVEHDR h[5];
    int16_t data[5][400];
    char blocks[64];
    /* One block looped three times between two others. */
    wt_clear_output();
    const DWORD flags1[3] = {0, WHDR_BEGINLOOP | WHDR_ENDLOOP, 0}, loops1[3] = {0, 3, 0};
    assert_int_equal(waveOutPause(hwo), MMSYSERR_NOERROR);
    play_blocks(hwo, h, data, 3, flags1, loops1);
    assert_int_equal(waveOutRestart(hwo), MMSYSERR_NOERROR);
    wait_done(h, 3);
    played_blocks(0, blocks, sizeof blocks);
    assert_string_equal(blocks, "12223");
    for (int i = 0; i < 3; i++)
        assert_int_equal(waveOutUnprepareHeader(hwo, &h[i], sizeof h[i]), MMSYSERR_NOERROR);
    /* A loop over two blocks, twice; dwLoops 1 plays once. */
    assert_int_equal(waveOutReset(hwo), MMSYSERR_NOERROR);
    wt_clear_output();
    const DWORD flags2[5] = {WHDR_BEGINLOOP, WHDR_ENDLOOP, WHDR_BEGINLOOP | WHDR_ENDLOOP, 0, 0};
    const DWORD loops2[5] = {2, 0, 1, 0, 0};
    assert_int_equal(waveOutPause(hwo), MMSYSERR_NOERROR);
    play_blocks(hwo, h, data, 4, flags2, loops2);
    assert_int_equal(waveOutRestart(hwo), MMSYSERR_NOERROR);
    wait_done(h, 4);
    played_blocks(0, blocks, sizeof blocks);
    assert_string_equal(blocks, "121234");
    for (int i = 0; i < 4; i++)
        assert_int_equal(waveOutUnprepareHeader(hwo, &h[i], sizeof h[i]), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static void breakloop_ends_the_loop(void **state)
{
    (void)state;
    WAVEFORMATEX f = wt_pcm(16000, 1, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 0, &f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    wt_clear_output();
    WAVEHDR h[2];
    int16_t data[2][400];
    const DWORD flags[2] = {WHDR_BEGINLOOP | WHDR_ENDLOOP, 0}, loops[2] = {100000, 0};
    play_blocks(hwo, h, data, 2, flags, loops);
    wt_sleep_ms(120);
    /* Still looping: the looped block and the one after it stay queued. */
    assert_true(wt_flags(&h[0]) & WHDR_INQUEUE);
    assert_true(wt_flags(&h[1]) & WHDR_INQUEUE);
    assert_int_equal(waveOutBreakLoop(hwo), MMSYSERR_NOERROR);
    wait_done(h, 2);
    char blocks[64];
    played_blocks(0, blocks, sizeof blocks);
    size_t n = strlen(blocks);
    assert_true(n >= 5 && n < 20);
    assert_int_equal(blocks[n - 1], '2');
    for (size_t i = 0; i + 1 < n; i++)
        assert_int_equal(blocks[i], '1');
    for (int i = 0; i < 2; i++)
        assert_int_equal(waveOutUnprepareHeader(hwo, &h[i], sizeof h[i]), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static DWORD position_bytes(HWAVEOUT hwo)
{
    MMTIME t = {.wType = TIME_BYTES};
    assert_int_equal(waveOutGetPosition(hwo, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_BYTES);
    return t.u.cb;
}

static void pause_freezes_position(void **state)
{
    (void)state;
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 0, &f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    static int16_t data[8000]; /* 1 s */
    WAVEHDR h = {.lpData = (LPSTR)data, .dwBufferLength = sizeof data};
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    /* Written while paused: nothing plays. */
    assert_int_equal(waveOutPause(hwo), MMSYSERR_NOERROR);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    wt_sleep_ms(60);
    assert_int_equal(position_bytes(hwo), 0);
    assert_int_equal(waveOutRestart(hwo), MMSYSERR_NOERROR);
    wt_sleep_ms(150);
    assert_int_equal(waveOutPause(hwo), MMSYSERR_NOERROR);
    DWORD paused_at = position_bytes(hwo);
    assert_true(paused_at >= 2 * 8000 / 10 && paused_at < 2 * 8000 / 2); /* 100..500 ms */
    wt_sleep_ms(100);
    assert_int_equal(position_bytes(hwo), paused_at);
    assert_true(wt_flags(&h) & WHDR_INQUEUE);
    assert_int_equal(waveOutRestart(hwo), MMSYSERR_NOERROR);
    wt_sleep_ms(60);
    assert_true(position_bytes(hwo) > paused_at);
    /* Reset: the buffer comes back before Reset returns; the position is 0 again. */
    assert_int_equal(waveOutReset(hwo), MMSYSERR_NOERROR);
    assert_int_equal(wt_flags(&h), WHDR_PREPARED | WHDR_DONE);
    assert_int_equal(position_bytes(hwo), 0);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

/* waveOutReset from another thread while the refill callbacks run on the driver's thread. */
typedef struct racing {
    HWAVEOUT hwo;
    WAVEHDR h[4];
    int16_t data[4][160];
    int stop, callbacks;
} racing;

static void CALLBACK racing_proc(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p2;
    racing *r = (racing *)instance;
    if (msg != WOM_DONE)
        return;
    __atomic_add_fetch(&r->callbacks, 1, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
        waveOutWrite(hwo, (WAVEHDR *)p1, sizeof(WAVEHDR)); /* fails quietly once reset wins */
}

static void reset_while_callbacks_run(void **state)
{
    (void)state;
    racing *r = calloc(1, sizeof *r);
    WAVEFORMATEX f = wt_pcm(16000, 1, 16); /* 160 samples = 10 ms */
    assert_int_equal(waveOutOpen(&r->hwo, 1, &f, (DWORD_PTR)racing_proc, (DWORD_PTR)r, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    for (int i = 0; i < 4; i++) {
        r->h[i] = (WAVEHDR){.lpData = (LPSTR)r->data[i], .dwBufferLength = sizeof r->data[i]};
        assert_int_equal(waveOutPrepareHeader(r->hwo, &r->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        assert_int_equal(waveOutWrite(r->hwo, &r->h[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    }
    for (int round = 0; round < 20; round++) {
        wt_sleep_ms(15);
        assert_int_equal(waveOutReset(r->hwo), MMSYSERR_NOERROR);
        /* Refill again: every header not in the queue is written back. */
        for (int i = 0; i < 4; i++)
            if (!(wt_flags(&r->h[i]) & WHDR_INQUEUE))
                waveOutWrite(r->hwo, &r->h[i], sizeof(WAVEHDR));
    }
    __atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
    assert_int_equal(waveOutReset(r->hwo), MMSYSERR_NOERROR);
    assert_true(__atomic_load_n(&r->callbacks, __ATOMIC_SEQ_CST) > 20);
    /* Callbacks already detached may still refill once: reset until the queue stays empty. */
    MMRESULT closed = WAVERR_STILLPLAYING;
    for (int i = 0; i < 100 && closed == WAVERR_STILLPLAYING; i++) {
        waveOutReset(r->hwo);
        for (int k = 0; k < 4; k++)
            waveOutUnprepareHeader(r->hwo, &r->h[k], sizeof(WAVEHDR));
        closed = waveOutClose(r->hwo);
    }
    assert_int_equal(closed, MMSYSERR_NOERROR);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_plays_the_data),
        cmocka_unit_test(refill_from_callback_is_continuous),
        cmocka_unit_test(loops_repeat_blocks),
        cmocka_unit_test(breakloop_ends_the_loop),
        cmocka_unit_test(pause_freezes_position),
        cmocka_unit_test(reset_while_callbacks_run),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
