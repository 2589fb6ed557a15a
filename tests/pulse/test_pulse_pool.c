/*
 * test_pulse_pool.c - pulseaudio.drv queues headers without an allocation per buffer: the node of
 * a returned header is reused (driver level, through its message functions, against the private
 * test server): 5 rounds of 4 buffers allocate at most 4 nodes, for playback (sink A) and
 * capture (the sine source). When a node is needed and no memory is left, WODM_WRITE /
 * WIDM_ADDBUFFER answer MMSYSERR_NOMEM and leave the header as it was (not queued).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common_int.h"
#include "pulse_test_util.h"
#include "pulse_wave_util.h"

enum { ROUNDS = 5, BUFS = 4, FRAMES = 441 /* 10 ms at 44100 */ };

/* Queues BUFS headers ROUNDS times (each round once the previous came back); returns the
 * number of library allocations made: at most BUFS nodes, the most ever queued at once. */
static long rounds(pw_events *ev, UINT queue, UINT done, int16_t *data, int capture)
{
    WAVEHDR h[BUFS];
    long allocations = 0;
    for (int r = 0; r < ROUNDS; r++) {
        if (r == 0)
            pacm_mem_fail_after(-1); /* starts counting */
        for (int i = 0; i < BUFS; i++) {
            pw_header(&h[i], data + (size_t)i * FRAMES * 2, FRAMES * 4);
            DWORD rc = capture ? pw_in(ev, queue, (DWORD_PTR)&h[i], sizeof h[i])
                               : pw_out(ev, queue, (DWORD_PTR)&h[i], sizeof h[i]);
            assert_int_equal(rc, MMSYSERR_NOERROR);
        }
        assert_int_equal(pw_events_wait(ev, done, (unsigned)(BUFS * (r + 1)), 3000), BUFS * (r + 1));
        if (r == ROUNDS - 1)
            allocations = pacm_mem_fail_after(-1);
    }
    return allocations;
}

/* A new open has no spare node: with no memory left, queueing answers MMSYSERR_NOMEM and the
 * header stays as it was (prepared, not queued, no notification). */
static void no_memory(pw_events *ev, int16_t *data, int capture)
{
    WAVEHDR h;
    pw_header(&h, data, FRAMES * 4);
    pacm_mem_fail_after(0);
    DWORD rc = capture ? pw_in(ev, WIDM_ADDBUFFER, (DWORD_PTR)&h, sizeof h)
                       : pw_out(ev, WODM_WRITE, (DWORD_PTR)&h, sizeof h);
    pacm_mem_fail_after(-1);
    assert_int_equal(rc, MMSYSERR_NOMEM);
    assert_int_equal(h.dwFlags, WHDR_PREPARED);
    pw_sleep_ms(20);
    assert_int_equal(ev->count, 1); /* WOM_OPEN / WIM_OPEN only */
}

static void reuses_nodes(int capture)
{
    WAVEFORMATEX wfx;
    pw_events ev;
    int16_t *d = calloc(BUFS * FRAMES, 4);
    pw_events_init(&ev);
    pw_format(&wfx, WAVE_FORMAT_PCM, 2, 44100, 16);
    assert_int_equal(capture ? pw_open_in(0, &wfx, &ev, 0) : pw_open_out(0, &wfx, &ev, 0), MMSYSERR_NOERROR);
    no_memory(&ev, d, capture);
    if (capture)
        assert_int_equal(pw_in(&ev, WIDM_START, 0, 0), MMSYSERR_NOERROR);
    long n = capture ? rounds(&ev, WIDM_ADDBUFFER, WIM_DATA, d, 1) : rounds(&ev, WODM_WRITE, WOM_DONE, d, 0);
    print_message("%s: %ld allocations for %d buffers\n", capture ? "capture" : "playback", n, ROUNDS * BUFS);
    assert_true(n <= BUFS);
    if (capture) {
        assert_int_equal(pw_in(&ev, WIDM_RESET, 0, 0), MMSYSERR_NOERROR);
        assert_int_equal(pw_in(&ev, WIDM_CLOSE, 0, 0), MMSYSERR_NOERROR);
    } else {
        assert_int_equal(pw_out(&ev, WODM_CLOSE, 0, 0), MMSYSERR_NOERROR);
    }
    free(d);
}

static void test_out_reuses_nodes(void **state)
{
    (void)state;
    reuses_nodes(0);
}

static void test_in_reuses_nodes(void **state)
{
    (void)state;
    reuses_nodes(1);
}

static int setup(void **state)
{
    (void)state;
    if (!pt_server_available())
        return -1;
    /* the driver learns its devices when first asked for their number */
    return pacm_pulse_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0) > 0 && pacm_pulse_wid_message(0, WIDM_GETNUMDEVS, 0, 0, 0) > 0
               ? 0
               : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_reuses_nodes),
        cmocka_unit_test(test_in_reuses_nodes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
