/*
 * test_wave_callbacks.c - every callback kind of waveOutOpen / waveInOpen (CALLBACK_NULL,
 * FUNCTION, EVENT, WINDOW, THREAD): what arrives, in which order, with which handle; an event
 * closed before waveOutClose (NAudio's order) fails quietly; waveOutClose and waveOutReset
 * from inside the device's own callback.
 */
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
    *state = wt_setup("out=1 in=1");
    return 0;
}

static int teardown(void **state)
{
    wt_teardown(*state);
    return 0;
}

static int16_t silence[800];

static void prepare(HWAVEOUT hwo, WAVEHDR *h)
{
    *h = (WAVEHDR){.lpData = (LPSTR)silence, .dwBufferLength = sizeof silence}; /* 50 ms at 8 kHz */
    assert_int_equal(waveOutPrepareHeader(hwo, h, sizeof *h), MMSYSERR_NOERROR);
}

static void wait_header(const WAVEHDR *h)
{
    for (int i = 0; i < 1000 && !(wt_flags(h) & WHDR_DONE); i++)
        wt_sleep_ms(2);
    assert_true(wt_flags(h) & WHDR_DONE);
}

static void callback_null_polls_flags(void **state)
{
    (void)state;
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEOUT hwo = NULL;
    /* CALLBACK_NULL accepts any dwCallback. */
    assert_int_equal(waveOutOpen(&hwo, 0, &f, 0xDEAD, 0xBEEF, CALLBACK_NULL), MMSYSERR_NOERROR);
    WAVEHDR h;
    prepare(hwo, &h);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    wait_header(&h);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

static void callback_event(void **state)
{
    (void)state;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_non_null(event);
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 0, &f, (DWORD_PTR)event, 0, CALLBACK_EVENT), MMSYSERR_NOERROR);
    /* WOM_OPEN set it before waveOutOpen returned. */
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    WAVEHDR h;
    prepare(hwo, &h);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(WaitForSingleObject(event, 2000), WAIT_OBJECT_0);
    assert_true(wt_flags(&h) & WHDR_DONE);
    /* NAudio: reset, unprepare, close the event, then waveOutClose (whose WOM_CLOSE finds a
     * dead event and must fail quietly). */
    assert_int_equal(waveOutReset(hwo), MMSYSERR_NOERROR);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_true(CloseHandle(event));
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    /* And with a write in flight when the event dies. */
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_int_equal(waveOutOpen(&hwo, 0, &f, (DWORD_PTR)event, 0, CALLBACK_EVENT), MMSYSERR_NOERROR);
    prepare(hwo, &h);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_true(CloseHandle(event));
    wait_header(&h);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
}

/* Collects the MM_WOM_* messages a window or the thread receives. */
typedef struct seen {
    UINT msgs[8];
    WPARAM wparams[8];
    LPARAM lparams[8];
    int count;
} seen;

static seen window_seen;

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    if (msg >= MM_WOM_OPEN && msg <= MM_WOM_DONE && window_seen.count < 8) {
        window_seen.msgs[window_seen.count] = msg;
        window_seen.wparams[window_seen.count] = wParam;
        window_seen.lparams[window_seen.count] = lParam;
        window_seen.count++;
        return 0;
    }
    return DefWindowProcA(hwnd, msg, wParam, lParam);
}

/* Pumps the thread's queue until `count` messages arrived (window) or into `thread_seen`. */
static void pump(int *count, int wanted, seen *thread_seen)
{
    MSG m;
    for (int i = 0; i < 1000 && *count < wanted; i++) {
        while (PeekMessageA(&m, NULL, 0, 0, PM_REMOVE)) {
            if (!m.hwnd && thread_seen && thread_seen->count < 8) {
                thread_seen->msgs[thread_seen->count] = m.message;
                thread_seen->wparams[thread_seen->count] = m.wParam;
                thread_seen->lparams[thread_seen->count] = m.lParam;
                thread_seen->count++;
            }
            DispatchMessageA(&m);
        }
        if (*count < wanted)
            wt_sleep_ms(2);
    }
}

static void expect_open_done_close(const seen *s, HWAVEOUT hwo, const WAVEHDR *h)
{
    assert_int_equal(s->count, 3);
    assert_int_equal(s->msgs[0], MM_WOM_OPEN);
    assert_int_equal(s->msgs[1], MM_WOM_DONE);
    assert_int_equal(s->msgs[2], MM_WOM_CLOSE);
    for (int i = 0; i < 3; i++)
        assert_int_equal(s->wparams[i], (WPARAM)hwo);
    assert_int_equal(s->lparams[1], (LPARAM)h);
}

static void callback_window(void **state)
{
    (void)state;
    WNDCLASSA wc;
    memset(&wc, 0, sizeof wc);
    wc.lpfnWndProc = window_proc;
    wc.lpszClassName = "wave_test_window";
    assert_true(RegisterClassA(&wc) != 0);
    HWND hwnd = CreateWindowExA(0, "wave_test_window", "", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    assert_non_null(hwnd);
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 0, &f, (DWORD_PTR)hwnd, 0, CALLBACK_WINDOW), MMSYSERR_NOERROR);
    WAVEHDR h;
    prepare(hwo, &h);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    pump(&window_seen.count, 2, NULL);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    pump(&window_seen.count, 3, NULL);
    expect_open_done_close(&window_seen, hwo, &h);
    assert_true(DestroyWindow(hwnd));
    /* A destroyed window is no window. */
    assert_int_equal(waveOutOpen(&hwo, 0, &f, (DWORD_PTR)hwnd, 0, CALLBACK_WINDOW), MMSYSERR_INVALPARAM);
}

static void callback_thread(void **state)
{
    (void)state;
    MSG m;
    PeekMessageA(&m, NULL, 0, 0, PM_NOREMOVE); /* gives this thread its queue */
    seen s = {0};
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 0, &f, GetCurrentThreadId(), 0, CALLBACK_THREAD), MMSYSERR_NOERROR);
    WAVEHDR h;
    prepare(hwo, &h);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    pump(&s.count, 2, &s);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    pump(&s.count, 3, &s);
    expect_open_done_close(&s, hwo, &h);
}

/* waveOutReset and waveOutClose called from inside the device's own WOM_DONE. */
typedef struct inside {
    HWAVEOUT hwo;
    WAVEHDR h[2];
    MMRESULT reset_result, unprepare_result, close_result;
    int done, closed, finished;
} inside;

static void CALLBACK inside_proc(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p1;
    (void)p2;
    inside *in = (inside *)instance;
    if (msg == WOM_CLOSE)
        __atomic_store_n(&in->closed, 1, __ATOMIC_RELEASE);
    if (msg != WOM_DONE || __atomic_add_fetch(&in->done, 1, __ATOMIC_SEQ_CST) != 1)
        return;
    in->reset_result = waveOutReset(hwo);
    in->unprepare_result = waveOutUnprepareHeader(hwo, &in->h[0], sizeof(WAVEHDR)) |
                           waveOutUnprepareHeader(hwo, &in->h[1], sizeof(WAVEHDR));
    in->close_result = waveOutClose(hwo);
    __atomic_store_n(&in->finished, 1, __ATOMIC_RELEASE);
}

static void reset_and_close_inside_callback(void **state)
{
    (void)state;
    inside *in = calloc(1, sizeof *in);
    WAVEFORMATEX f = wt_pcm(8000, 1, 16);
    assert_int_equal(waveOutOpen(&in->hwo, 0, &f, (DWORD_PTR)inside_proc, (DWORD_PTR)in, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    prepare(in->hwo, &in->h[0]);
    prepare(in->hwo, &in->h[1]);
    assert_int_equal(waveOutWrite(in->hwo, &in->h[0], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    assert_int_equal(waveOutWrite(in->hwo, &in->h[1], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    assert_true(wt_wait_flag(&in->finished, 2000));
    assert_true(in->closed);
    assert_int_equal(in->reset_result, MMSYSERR_NOERROR);
    assert_int_equal(in->unprepare_result, MMSYSERR_NOERROR);
    assert_int_equal(in->close_result, MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(in->hwo), MMSYSERR_INVALHANDLE);
    wt_sleep_ms(20); /* the driver's thread finishes with the stream */
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(callback_null_polls_flags),
        cmocka_unit_test(callback_event),
        cmocka_unit_test(callback_window),
        cmocka_unit_test(callback_thread),
        cmocka_unit_test(reset_and_close_inside_callback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
