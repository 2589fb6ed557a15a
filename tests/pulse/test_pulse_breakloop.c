/*
 * test_pulse_breakloop.c - waveOutBreakLoop through the public API (winmm, waveOut*) on the
 * built-in PulseAudio driver, against the private test server (tests/pulse/README.md): device 0
 * is portacm_sink_a (44100 Hz s16 stereo), whose monitor gives back what was played sample for
 * sample. A 200 ms block of a 500 Hz tone loops 5 times (BEGINLOOP|ENDLOOP), then a 300 ms
 * block of a 1500 Hz tone follows. BreakLoop early in the second iteration: the recording holds
 * whole iterations of the tone (the one playing completes, at most 250 ms more), then the
 * following block exactly, with no gap; every header comes back; the position ends at what was
 * played. Also: BreakLoop with the loop entirely in the server, late in an iteration, on a
 * paused device, with a loop of two headers, without a loop (no effect), and on an idle device.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "mmddk.h"
#include "mmreg.h"
#include "pulse_test_util.h"
#include "ts_files.h"

enum { RATE = 44100, CH = 2, FB = 4, TOLERANCE_FRAMES = RATE / 4 /* 250 ms */ };
enum { PAUSE = 1, SPLIT = 2 }; /* play_and_break: paused around the call; the loop in two headers */

static atomic_uint g_done;

static void CALLBACK on_wom(HWAVEOUT h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)inst, (void)p1, (void)p2;
    if (msg == WOM_DONE)
        atomic_fetch_add(&g_done, 1);
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* `frames` frames of a tone at half scale, starting at `phase` rad (not 0, so that the start is
 * found exactly in a recording that begins with digital silence). */
static int16_t *tone(double hz, double phase, size_t frames)
{
    int16_t *d = malloc(frames * FB);
    for (size_t i = 0; i < frames; i++)
        for (unsigned c = 0; c < CH; c++)
            d[i * CH + c] = (int16_t)lrint(16000.0 * sin(2.0 * M_PI * hz * (double)i / RATE + phase + c));
    return d;
}

static int server_ready(void)
{
    ts_use_drivers_file(ts_scratch_dir(), "[drivers32]\n");
    if (!pt_server_available() || waveOutGetNumDevs() == 0) {
        print_message("skipped: no PulseAudio wave output device (server or built-in driver missing)\n");
        return 0;
    }
    return 1;
}

static HWAVEOUT open_out(void)
{
    WAVEFORMATEX wfx = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = CH, .nSamplesPerSec = RATE,
                        .nAvgBytesPerSec = RATE * FB, .nBlockAlign = FB, .wBitsPerSample = 16};
    HWAVEOUT h = NULL;
    atomic_store(&g_done, 0);
    assert_int_equal(waveOutOpen(&h, 0, &wfx, (DWORD_PTR)on_wom, 0, CALLBACK_FUNCTION), MMSYSERR_NOERROR);
    return h;
}

static void prepare(HWAVEOUT h, WAVEHDR *hdr, int16_t *data, size_t frames, DWORD flags, DWORD loops)
{
    memset(hdr, 0, sizeof *hdr);
    hdr->lpData = (LPSTR)data;
    hdr->dwBufferLength = (DWORD)(frames * FB);
    hdr->dwFlags = flags;
    hdr->dwLoops = loops;
    assert_int_equal(waveOutPrepareHeader(h, hdr, sizeof *hdr), MMSYSERR_NOERROR);
}

static DWORD position(HWAVEOUT h)
{
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveOutGetPosition(h, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_SAMPLES);
    return t.u.sample;
}

/* Waits until the position reaches `frames` (at most 5 s); returns it. */
static DWORD wait_position(HWAVEOUT h, DWORD frames)
{
    double t0 = pt_now_ms();
    DWORD p;
    while ((p = position(h)) < frames && pt_now_ms() - t0 < 5000)
        sleep_ms(2);
    return p;
}

static void wait_done(unsigned n)
{
    double t0 = pt_now_ms();
    while (atomic_load(&g_done) < n && pt_now_ms() - t0 < 5000)
        sleep_ms(5);
    assert_int_equal(atomic_load(&g_done), n);
}

/* Frames from `*at` that equal the looped block repeated (the tone is continuous across
 * iterations, so a cut inside an iteration shows as a shorter run); digital silence (a pause:
 * the tone is never 0 on both channels) is skipped. *at gets where the run ended. */
static size_t loop_run(const int16_t *s, size_t n, size_t *at, const int16_t *a, size_t a_frames)
{
    static const int16_t zero[CH];
    size_t i = 0, r = *at;
    while (r < n) {
        if (memcmp(s + r * CH, a + (i % a_frames) * CH, FB) == 0)
            i++;
        else if (memcmp(s + r * CH, zero, FB) != 0)
            break;
        r++;
    }
    *at = r;
    return i;
}

typedef struct {
    size_t loop_frames, iterations; /* what the recording holds */
    DWORD end_position;
} outcome;

/* Plays the loop (loops x a_frames of tone A) and the following block (b_frames of tone B);
 * once the position reaches `at` (paused for 300 ms around the call when `pause`), calls
 * waveOutBreakLoop; checks the headers, the recording and the position. `current` gets the
 * iteration (1-based) that was playing at the call. */
static outcome play_and_break(size_t a_frames, DWORD loops, size_t b_frames, DWORD at, int how, DWORD *current)
{
    int pause = how & PAUSE;
    size_t first = how & SPLIT ? a_frames / 3 : a_frames; /* frames in the loop's first header */
    int16_t *a = tone(500.0, 0.5, a_frames), *b = tone(1500.0, 2.0, b_frames);
    pt_recorder *rec = pt_record_start(PT_MONITOR_A, RATE, CH);
    assert_non_null(rec);
    HWAVEOUT h = open_out();
    WAVEHDR ha, ha2, hb;
    prepare(h, &ha, a, first, WHDR_BEGINLOOP | (how & SPLIT ? 0 : WHDR_ENDLOOP), loops);
    assert_int_equal(waveOutWrite(h, &ha, sizeof ha), MMSYSERR_NOERROR);
    if (how & SPLIT) {
        prepare(h, &ha2, a + first * CH, a_frames - first, WHDR_ENDLOOP, 0);
        assert_int_equal(waveOutWrite(h, &ha2, sizeof ha2), MMSYSERR_NOERROR);
    }
    prepare(h, &hb, b, b_frames, 0, 0);
    assert_int_equal(waveOutWrite(h, &hb, sizeof hb), MMSYSERR_NOERROR);
    DWORD p = wait_position(h, at);
    assert_true(p >= at);
    if (pause) {
        assert_int_equal(waveOutPause(h), MMSYSERR_NOERROR);
        p = position(h);
    }
    assert_int_equal(waveOutBreakLoop(h), MMSYSERR_NOERROR);
    *current = (DWORD)(p / a_frames) + 1;
    if (pause) {
        sleep_ms(300);
        assert_true(position(h) - p < RATE / 20); /* stays (what the sink had taken plays out) */
        assert_int_equal(waveOutRestart(h), MMSYSERR_NOERROR);
    }
    wait_done(how & SPLIT ? 3 : 2);
    assert_true(ha.dwFlags & WHDR_DONE);
    assert_false(ha.dwFlags & WHDR_INQUEUE);
    assert_true(hb.dwFlags & WHDR_DONE);
    assert_false(hb.dwFlags & WHDR_INQUEUE);
    sleep_ms(700); /* what the server still holds after WOM_DONE */
    outcome o = {0};
    o.end_position = position(h);
    assert_int_equal(waveOutUnprepareHeader(h, &ha, sizeof ha), MMSYSERR_NOERROR);
    if (how & SPLIT) {
        assert_true((ha2.dwFlags & (WHDR_DONE | WHDR_INQUEUE)) == WHDR_DONE);
        assert_int_equal(waveOutUnprepareHeader(h, &ha2, sizeof ha2), MMSYSERR_NOERROR);
    }
    assert_int_equal(waveOutUnprepareHeader(h, &hb, sizeof hb), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
    size_t n = 0;
    int16_t *s = pt_record_stop(rec, &n);
    size_t start = pt_find_exact(s, n, a, a_frames, CH, 64);
    assert_true(start != (size_t)-1);
    size_t after = start;
    o.loop_frames = loop_run(s, n, &after, a, a_frames);
    o.iterations = o.loop_frames / a_frames;
    size_t b_exact = pt_count_equal(s, n, after, b, b_frames, CH);
    print_message("BreakLoop at frame %u (iteration %u of %u): %zu frames of the loop (%.3f iterations) recorded, "
                  "then %zu of the %zu frames of the following block exactly; end position %u\n",
                  (unsigned)p, (unsigned)*current, (unsigned)loops, o.loop_frames, (double)o.loop_frames / a_frames,
                  b_exact, b_frames, (unsigned)o.end_position);
    /* whole iterations: the one playing completed */
    assert_int_equal(o.loop_frames % a_frames, 0);
    /* then the following block, exactly and at once (no gap, nothing of the loop after it) */
    assert_int_equal(b_exact, b_frames);
    if (!pause)
        assert_int_equal(after - start, o.loop_frames);
    free(s);
    free(a);
    free(b);
    return o;
}

static void check_cut(const outcome *o, size_t a_frames, DWORD loops, size_t b_frames, DWORD current)
{
    assert_true(o->iterations >= current);                                        /* completed */
    assert_true(o->loop_frames <= (size_t)current * a_frames + TOLERANCE_FRAMES); /* then ended */
    assert_true(o->iterations < loops);
    /* the position counts what was played: the iterations, then the following block (the
     * server's clock may stop a few milliseconds short after the last frame) */
    assert_true(o->end_position <= o->loop_frames + b_frames);
    assert_true(o->end_position + RATE / 50 >= o->loop_frames + b_frames);
}

/* One case: `loops` x a_ms of tone A, then b_ms of tone B; BreakLoop at_ms into the playback
 * (`how`: PAUSE, SPLIT). */
static DWORD scenario(unsigned a_ms, DWORD loops, unsigned b_ms, unsigned at_ms, int how)
{
    if (!server_ready())
        skip();
    const size_t a_frames = (size_t)RATE * a_ms / 1000, b_frames = (size_t)RATE * b_ms / 1000;
    DWORD current = 0;
    outcome o = play_and_break(a_frames, loops, b_frames, (DWORD)((uint64_t)RATE * at_ms / 1000), how, &current);
    check_cut(&o, a_frames, loops, b_frames, current);
    return current;
}

/* 5 x 200 ms looped, BreakLoop 50 ms into the second iteration (the server holds ~500 ms ahead:
 * the rest of the loop had already been written to it). */
static void test_breakloop_playing(void **state)
{
    (void)state;
    assert_int_equal(scenario(200, 5, 300, 250, 0), 2);
}

/* 4 x 120 ms: the whole loop and part of the following block are in the server when BreakLoop
 * comes, 10 ms into the second iteration (and the loop's header may already have come back:
 * WOM_DONE comes up to `keep` early); the following block is handed over again after it. */
static void test_breakloop_loop_in_server(void **state)
{
    (void)state;
    scenario(120, 4, 100, 130, 0);
}

/* BreakLoop 10 ms before the end of the first iteration: the server may already read into the
 * second (then that one is the last); either way whole iterations, then the following block
 * with nothing skipped. */
static void test_breakloop_late_in_iteration(void **state)
{
    (void)state;
    scenario(200, 5, 200, 190, 0);
}

/* Paused in the second iteration: BreakLoop returns at once, the position stays; after Restart
 * the iteration completes and the following block plays. */
static void test_breakloop_paused(void **state)
{
    (void)state;
    scenario(200, 5, 300, 250, PAUSE);
}

/* The loop made of two headers (BEGINLOOP on the first, ENDLOOP on the second): the same. */
static void test_breakloop_two_headers(void **state)
{
    (void)state;
    assert_int_equal(scenario(200, 5, 300, 250, SPLIT), 2);
}

/* No loop: BreakLoop has no effect (MMSYSERR_NOERROR), the block plays whole. Idle: the same. */
static void test_breakloop_no_loop(void **state)
{
    (void)state;
    if (!server_ready())
        skip();
    const size_t frames = RATE / 2;
    int16_t *a = tone(500.0, 0.5, frames);
    pt_recorder *rec = pt_record_start(PT_MONITOR_A, RATE, CH);
    assert_non_null(rec);
    HWAVEOUT h = open_out();
    assert_int_equal(waveOutBreakLoop(h), MMSYSERR_NOERROR); /* idle */
    WAVEHDR ha;
    prepare(h, &ha, a, frames, 0, 0);
    assert_int_equal(waveOutWrite(h, &ha, sizeof ha), MMSYSERR_NOERROR);
    wait_position(h, RATE / 10);
    assert_int_equal(waveOutBreakLoop(h), MMSYSERR_NOERROR);
    wait_done(1);
    sleep_ms(700);
    DWORD end = position(h);
    print_message("no loop: end position %u of %zu frames\n", (unsigned)end, frames);
    assert_true(end <= frames && end + RATE / 50 >= frames);
    assert_int_equal(waveOutBreakLoop(h), MMSYSERR_NOERROR); /* idle again */
    assert_int_equal(waveOutUnprepareHeader(h, &ha, sizeof ha), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutBreakLoop(h), MMSYSERR_INVALHANDLE); /* closed */
    size_t n = 0;
    int16_t *s = pt_record_stop(rec, &n);
    size_t start = pt_find_exact(s, n, a, frames, CH, 64);
    assert_true(start != (size_t)-1);
    assert_int_equal(pt_count_equal(s, n, start, a, frames, CH), frames);
    free(s);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breakloop_playing),
        cmocka_unit_test(test_breakloop_loop_in_server),
        cmocka_unit_test(test_breakloop_late_in_iteration),
        cmocka_unit_test(test_breakloop_paused),
        cmocka_unit_test(test_breakloop_two_headers),
        cmocka_unit_test(test_breakloop_no_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
