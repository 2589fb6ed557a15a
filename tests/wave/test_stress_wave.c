/*
 * test_stress_wave.c - threads opening, writing (also from inside WOM_DONE / WIM_DATA),
 * pausing, resetting and closing wave devices at once, while hostile threads call into the
 * same handles (live, closing or closed) with their own headers. Every result must be one
 * Windows allows, nothing may crash or hang, and every device must close in the end. Meant
 * for ThreadSanitizer too.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "wave_test_util.h"

#define WORKERS 4
#define HOSTILES 2
#define RUN_MS 1500

static uintptr_t shared[WORKERS]; /* each worker's current handle (atomic) */
static int stopping;
static int bad_result; /* an unexpected result code seen on another thread */

/* Keeps the first unexpected result (line * 1000 + code). */
static void note_bad(MMRESULT result, int line)
{
    int expected = 0;
    __atomic_compare_exchange_n(&bad_result, &expected, line * 1000 + (int)result, false, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
}

static bool allowed(MMRESULT r)
{
    return r == MMSYSERR_NOERROR || r == MMSYSERR_INVALHANDLE || r == WAVERR_STILLPLAYING || r == WAVERR_UNPREPARED;
}

typedef struct worker {
    int index;
    bool input;
    unsigned seed;
    HWAVEOUT hwo;
    WAVEHDR h[3];
    int16_t data[3][160];
    int refilling;
    int opens;
} worker;

static bool own_header(worker *w, WAVEHDR *h)
{
    return h >= &w->h[0] && h <= &w->h[2];
}

static void CALLBACK worker_proc(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p2;
    worker *w = (worker *)instance;
    WAVEHDR *h = (WAVEHDR *)p1;
    if ((msg != WOM_DONE && msg != WIM_DATA) || !own_header(w, h) || !__atomic_load_n(&w->refilling, __ATOMIC_ACQUIRE))
        return;
    MMRESULT r = w->input ? waveInAddBuffer((HWAVEIN)hwo, h, sizeof *h) : waveOutWrite(hwo, h, sizeof *h);
    if (!allowed(r))
        note_bad(r, __LINE__);
}

static MMRESULT close_device(worker *w)
{
    __atomic_store_n(&w->refilling, 0, __ATOMIC_RELEASE);
    MMRESULT r = WAVERR_STILLPLAYING;
    for (int tries = 0; tries < 200 && r == WAVERR_STILLPLAYING; tries++) {
        if (w->input)
            waveInReset((HWAVEIN)w->hwo);
        else
            waveOutReset(w->hwo);
        for (int i = 0; i < 3; i++) {
            if (w->input)
                waveInUnprepareHeader((HWAVEIN)w->hwo, &w->h[i], sizeof(WAVEHDR));
            else
                waveOutUnprepareHeader(w->hwo, &w->h[i], sizeof(WAVEHDR));
        }
        r = w->input ? waveInClose((HWAVEIN)w->hwo) : waveOutClose(w->hwo);
    }
    return r;
}

static void one_session(worker *w)
{
    WAVEFORMATEX f = wt_pcm(16000, 1, 16);
    MMRESULT r = w->input ? waveInOpen((LPHWAVEIN)&w->hwo, 0, &f, (DWORD_PTR)worker_proc, (DWORD_PTR)w, CALLBACK_FUNCTION)
                          : waveOutOpen(&w->hwo, (UINT)(rand_r(&w->seed) % 2), &f, (DWORD_PTR)worker_proc, (DWORD_PTR)w,
                                        CALLBACK_FUNCTION);
    if (r != MMSYSERR_NOERROR) {
        note_bad(r, __LINE__);
        return;
    }
    w->opens++;
    __atomic_store_n(&shared[w->index], (uintptr_t)w->hwo, __ATOMIC_RELEASE);
    __atomic_store_n(&w->refilling, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < 3; i++) {
        w->h[i] = (WAVEHDR){.lpData = (LPSTR)w->data[i], .dwBufferLength = sizeof w->data[i]};
        r = w->input ? waveInPrepareHeader((HWAVEIN)w->hwo, &w->h[i], sizeof(WAVEHDR))
                     : waveOutPrepareHeader(w->hwo, &w->h[i], sizeof(WAVEHDR));
        if (r == MMSYSERR_NOERROR)
            r = w->input ? waveInAddBuffer((HWAVEIN)w->hwo, &w->h[i], sizeof(WAVEHDR))
                         : waveOutWrite(w->hwo, &w->h[i], sizeof(WAVEHDR));
        if (r != MMSYSERR_NOERROR)
            note_bad(r, __LINE__);
    }
    if (w->input)
        waveInStart((HWAVEIN)w->hwo);
    for (int step = 0; step < 5; step++) {
        wt_sleep_ms((unsigned)(rand_r(&w->seed) % 15));
        switch (rand_r(&w->seed) % 4) {
        case 0:
            /* The buffers come back on this thread, and the callback queues them again. */
            r = w->input ? waveInReset((HWAVEIN)w->hwo) : waveOutReset(w->hwo);
            break;
        case 1:
            r = w->input ? waveInStop((HWAVEIN)w->hwo) : waveOutPause(w->hwo);
            break;
        case 2:
            r = w->input ? waveInStart((HWAVEIN)w->hwo) : waveOutRestart(w->hwo);
            break;
        default: {
            MMTIME t = {.wType = TIME_BYTES};
            r = w->input ? waveInGetPosition((HWAVEIN)w->hwo, &t, sizeof t) : waveOutGetPosition(w->hwo, &t, sizeof t);
        }
        }
        if (r != MMSYSERR_NOERROR)
            note_bad(r, __LINE__);
    }
    r = close_device(w);
    if (r != MMSYSERR_NOERROR)
        note_bad(r, __LINE__);
}

static void *worker_thread(void *arg)
{
    worker *w = arg;
    while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE))
        one_session(w);
    return NULL;
}

/* Calls into whatever handle a worker has (open, closing or closed). (Not with headers of its
 * own: polling a header's flags without the owner's callback is a data race by design.) */
static void *hostile_thread(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) {
        uintptr_t value = __atomic_load_n(&shared[rand_r(&seed) % WORKERS], __ATOMIC_ACQUIRE);
        HWAVEOUT hwo = (HWAVEOUT)value;
        MMTIME t = {.wType = TIME_SAMPLES};
        UINT id;
        MMRESULT r = MMSYSERR_NOERROR;
        switch (rand_r(&seed) % 5) {
        case 0:
            r = waveOutGetPosition(hwo, &t, sizeof t);
            break;
        case 1:
            r = waveOutGetID(hwo, &id);
            break;
        case 2:
            r = waveOutPause(hwo) == MMSYSERR_INVALHANDLE ? MMSYSERR_INVALHANDLE : waveOutRestart(hwo);
            break;
        case 3:
            r = waveInGetPosition((HWAVEIN)hwo, &t, sizeof t);
            break;
        default:
            r = waveOutBreakLoop(hwo);
        }
        if (!allowed(r))
            note_bad(r, __LINE__);
        wt_sleep_ms(1);
    }
    return NULL;
}

static void stress(void **state)
{
    (void)state;
    worker *workers = calloc(WORKERS, sizeof *workers);
    pthread_t threads[WORKERS + HOSTILES];
    for (int i = 0; i < WORKERS; i++) {
        workers[i].index = i;
        workers[i].input = i == WORKERS - 1;
        workers[i].seed = 1234u + (unsigned)i;
        assert_int_equal(pthread_create(&threads[i], NULL, worker_thread, &workers[i]), 0);
    }
    for (int i = 0; i < HOSTILES; i++)
        assert_int_equal(pthread_create(&threads[WORKERS + i], NULL, hostile_thread, (void *)(uintptr_t)(77 + i)), 0);
    wt_sleep_ms(RUN_MS);
    __atomic_store_n(&stopping, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < WORKERS + HOSTILES; i++)
        pthread_join(threads[i], NULL);
    assert_int_equal(__atomic_load_n(&bad_result, __ATOMIC_SEQ_CST), 0);
    for (int i = 0; i < WORKERS; i++) {
        assert_true(workers[i].opens > 3);
        UINT id;
        assert_int_equal(waveOutGetID(workers[i].hwo, &id), MMSYSERR_INVALHANDLE);
    }
    free(workers);
}

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stress),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
