/*
 * test_synth_timing.c - when events sound.
 *  - Offline (portacm_synth_*): a note-on given after `F` rendered frames sounds from frame F
 *    when F is a multiple of 64, FluidSynth's processing block, and otherwise from the next
 *    multiple of 64 (FluidSynth starts voices only there), the sound being sample for sample
 *    the sound of a note-on at frame 0, shifted.
 *  - Live (fluidsynth.drv through midiOutShortMsg into the private PulseAudio server): events
 *    are stamped on arrival and handed to FluidSynth at the frame of their arrival time plus a
 *    constant latency, so two note-ons sent N ms apart are handed over exactly N ms of frames
 *    apart (checked through the driver's trace hook), and the recorded monitor has their onsets
 *    that far apart, to FluidSynth's 64-frame block.
 */
#include <math.h>
#include <stdbool.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mmsystem.h"
#include "portacm.h"
#include "pulse_test_util.h"
#include "synth_sched_int.h"

#define SF "/usr/share/sounds/sf2/TimGM6mb.sf2"
#define RATE 44100u
#define GRID 64u /* FluidSynth's processing block (FLUID_BUFSIZE) */
#define NOTE_ON(ch, key, vel) (0x90u | (ch) | (key) << 8 | (vel) << 16)
#define CC(ch, c, v) (0xB0u | (ch) | (c) << 8 | (v) << 16)
#define SYNTH_NAME "portacm GM Synth (FluidSynth)"

/* Renders `pre` frames, sends a note-on, renders up to `frames` in all (reverb and chorus
 * sends off, so the output is the note alone). */
static int16_t *note_at(size_t pre, size_t frames)
{
    portacm_synth *s = portacm_synth_open(SF, RATE);
    int16_t *buf = calloc(frames * 2, sizeof *buf);
    assert_non_null(s);
    assert_non_null(buf);
    assert_int_equal(portacm_synth_short_message(s, CC(0, 91, 0)), 0);
    assert_int_equal(portacm_synth_short_message(s, CC(0, 93, 0)), 0);
    /* rendered in odd pieces: where the calls split the frames must not matter */
    for (size_t done = 0; done < pre;) {
        size_t n = pre - done < 37 ? pre - done : 37;
        assert_int_equal(portacm_synth_render(s, buf + 2 * done, n), 0);
        done += n;
    }
    assert_int_equal(portacm_synth_short_message(s, NOTE_ON(0, 69, 110)), 0);
    assert_int_equal(portacm_synth_render(s, buf + 2 * pre, frames - pre), 0);
    portacm_synth_close(s);
    return buf;
}

static void test_offline_note_on_frame(void **state)
{
    static const size_t pres[] = {0, 64, 640, 4416, 1, 100, 4410, 4473};
    /* compared until the reverb's and chorus' returns (time-varying, ~2900 frames after the
     * onset) could differ; their sends stay on however the controllers are set */
    const size_t frames = 16384, compare = 2048;
    int16_t *ref = note_at(0, frames);
    size_t ref_onset = pt_first_above(ref, frames, 2, 0);
    (void)state;
    assert_true(ref_onset < 2048);
    for (size_t k = 0; k < sizeof pres / sizeof pres[0]; k++) {
        size_t pre = pres[k], at = (pre + GRID - 1) / GRID * GRID;
        int16_t *buf = note_at(pre, frames);
        size_t onset = pt_first_above(buf, frames, 2, 0);
        print_message("note-on after %zu frames: sounds from frame %zu (on the 64-frame grid: %zu)\n", pre,
                      onset - ref_onset, at);
        assert_int_equal(onset - ref_onset, at); /* exactly at F when F is on the grid */
        assert_true(at - pre < GRID);
        /* the same note, shifted (to 1 LSB: the idle reverb's denormal guard rounds either way) */
        for (size_t i = 0; i < compare * 2; i++)
            assert_true(abs(buf[2 * at + i] - ref[i]) <= 1);
        free(buf);
    }
    free(ref);
}

/* ---- the queue and the clock of the live driver (synth_sched.c) ---- */

static void test_sched_clock(void **state)
{
    pacm_synth_sched s;
    pacm_synth_event *taken = NULL;
    size_t capacity = 0, n, queued;
    uint64_t f1, f2, ready;
    (void)state;
    assert_true(pacm_synth_sched_init(&s, RATE, 147));
    pacm_synth_sched_start(&s, 0);
    assert_true(pacm_synth_sched_add(&s, 0x90, NULL, 0));
    usleep(20000);
    assert_true(pacm_synth_sched_add(&s, 0x80, (const uint8_t *)"\xF0\x7E\xF7", 3));
    f1 = s.events[0].frame, f2 = s.events[1].frame;
    /* an event arriving now lands one latency ahead; the interval is the arrivals' */
    assert_true(f1 >= 147 && f1 < 147 + RATE / 100);
    assert_true(llabs((long long)(f2 - f1) -
                      llround((double)(s.events[1].arrival_ns - s.events[0].arrival_ns) * RATE / 1e9)) <= 1);
    assert_int_equal(s.events[1].length, 3);
    assert_memory_equal(s.events[1].data, "\xF0\x7E\xF7", 3);
    /* the piece holding an event is not due before the event arrived */
    ready = pacm_synth_sched_ready_ns(&s, f1 + 1, RATE);
    assert_true(ready >= s.events[0].arrival_ns);
    /* an output far behind the clock moves it back, and the queued events with it, as a group
     * starting no earlier than the first frame not rendered (0 here) */
    usleep(30000);
    pacm_synth_sched_ready_ns(&s, 147, 0);
    assert_int_equal(s.events[0].frame, 0);
    assert_int_equal(s.events[1].frame - s.events[0].frame, f2 - f1);
    /* take: the events before `end`, in order */
    n = pacm_synth_sched_take(&s, s.events[1].frame, &taken, &capacity);
    assert_int_equal(n, 1);
    assert_int_equal(taken[0].message, 0x90);
    n = pacm_synth_sched_take(&s, UINT64_MAX, &taken, &capacity);
    assert_int_equal(n, 1);
    assert_non_null(taken[0].data);
    free(taken[0].data); /* the caller's now (pacm_mem_free is free) */
    /* clear drops what is queued; the queue refuses more than PACM_SYNTH_QUEUE_MAX */
    assert_true(pacm_synth_sched_add(&s, 0x90, (const uint8_t *)"x", 1));
    pacm_synth_sched_clear(&s);
    assert_int_equal(pacm_synth_sched_take(&s, UINT64_MAX, &taken, &capacity), 0);
    for (queued = 0; pacm_synth_sched_add(&s, 0xB0, NULL, 0); queued++)
        assert_true(queued <= PACM_SYNTH_QUEUE_MAX);
    assert_int_equal(queued, PACM_SYNTH_QUEUE_MAX);
    /* frames never go backwards: arrival order is kept */
    n = pacm_synth_sched_take(&s, UINT64_MAX, &taken, &capacity);
    assert_int_equal(n, PACM_SYNTH_QUEUE_MAX);
    for (size_t i = 1; i < n; i++)
        assert_true(taken[i].frame >= taken[i - 1].frame);
    free(taken);
    pacm_synth_sched_destroy(&s);
}

/* Rendering a block with events at frames 100 and 300 equals rendering up to each frame and
 * sending the event there (the offline API), sample for sample. */
static void test_render_events_split(void **state)
{
    pacm_synth_core *core = pacm_synth_core_create(SF, RATE);
    portacm_synth *offline = portacm_synth_open(SF, RATE);
    pacm_synth_event events[2] = {{100, 0, NOTE_ON(0, 60, 100), 0, NULL}, {300, 0, NOTE_ON(1, 67, 100), 0, NULL}};
    int16_t a[4410 * 2], b[4410 * 2];
    (void)state;
    assert_non_null(core);
    assert_non_null(offline);
    pacm_synth_render_events(core, a, 0, 441, events, 2, 1.0f, 1.0f);
    pacm_synth_render_events(core, a + 441 * 2, 441, 4410 - 441, NULL, 0, 1.0f, 1.0f);
    assert_int_equal(portacm_synth_render(offline, b, 100), 0);
    assert_int_equal(portacm_synth_short_message(offline, NOTE_ON(0, 60, 100)), 0);
    assert_int_equal(portacm_synth_render(offline, b + 200, 200), 0);
    assert_int_equal(portacm_synth_short_message(offline, NOTE_ON(1, 67, 100)), 0);
    assert_int_equal(portacm_synth_render(offline, b + 600, 4410 - 300), 0);
    assert_memory_equal(a, b, sizeof a);
    assert_true(pt_first_above(a, 4410, 2, 100) != (size_t)-1); /* and it sounds */
    pacm_synth_core_destroy(core);
    portacm_synth_close(offline);
}

/* ---- live ---- */

static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;
static pacm_synth_event note_ons[8];
static unsigned n_note_ons;
static double worst_render_ms; /* the latest a block was rendered after it was due */

static void on_trace(const pacm_synth_trace *t)
{
    double late = ((double)t->rendered_ns - (double)t->first_frame_ns) / 1e6 - t->frames * 1000.0 / t->rate;
    pthread_mutex_lock(&trace_lock);
    if (n_note_ons >= 1 && late > worst_render_ms)
        worst_render_ms = late;
    for (size_t i = 0; i < t->n_events; i++)
        if ((t->events[i].message & 0xF0) == 0x90 && n_note_ons < 8)
            note_ons[n_note_ons++] = t->events[i];
    pthread_mutex_unlock(&trace_lock);
}

static UINT synth_device(void)
{
    UINT n = midiOutGetNumDevs();
    for (UINT id = 0; id < n; id++) {
        MIDIOUTCAPSA caps;
        if (midiOutGetDevCapsA(id, &caps, sizeof caps) == MMSYSERR_NOERROR && strcmp(caps.szPname, SYNTH_NAME) == 0)
            return id;
    }
    fail_msg("no device named " SYNTH_NAME);
    return 0;
}

/* The first frame from `from` whose left sample's magnitude exceeds `threshold`. */
static size_t onset_from(const int16_t *s, size_t frames, size_t from, int threshold)
{
    size_t at = pt_first_above(s + 2 * from, frames - from, 2, threshold);
    return at == (size_t)-1 ? at : from + at;
}

/* Sum of squared differences between s[a..a+n) and s[b..b+n) (left channel). */
static double ssd(const int16_t *s, size_t a, size_t b, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)s[2 * (a + i)] - s[2 * (b + i)];
        sum += d * d;
    }
    return sum;
}

/* Where the sound at `on1` repeats near `guess` (within 3 of FluidSynth's blocks): the shift
 * whose next n frames match best (the first note's reverb tail is still there under the
 * second). */
static size_t match_from(const int16_t *s, size_t frames, size_t on1, size_t guess, size_t n)
{
    size_t best = (size_t)-1;
    double best_ssd = 1e300, energy = ssd(s, on1, frames - n, n) + 1;
    for (size_t at = guess - 3 * GRID; at <= guess + 3 * GRID && at + n <= frames; at++) {
        double d = ssd(s, on1, at, n);
        if (d < best_ssd)
            best_ssd = d, best = at;
    }
    if (best_ssd >= energy / 10) {
        size_t wide = best;
        double wide_ssd = 1e300;
        for (size_t at = guess - 4410; at <= guess + 4410 && at + n <= frames; at++) {
            double d = ssd(s, on1, at, n);
            if (d < wide_ssd)
                wide_ssd = d, wide = at;
        }
        print_message("residue %.1f %% of the note's energy; within 100 ms the best match is %ld frames from "
                      "where expected (residue %.1f %%)\n",
                      100 * best_ssd / energy, (long)wide - (long)guess, 100 * wide_ssd / energy);
    }
    assert_true(best_ssd < energy / 10); /* the same note: a residue under 10 % of its energy */
    return best;
}

/* Two note-ons `ms` apart, the first note silenced (all sound off) half-way, recorded. false
 * when this busy machine held the sending thread up (the second note more than 5 ms late, or
 * the first not silenced in time): then the render thread may have been held up as well and
 * the server may have played a gap, so nothing is checked. */
static bool play_pair(unsigned ms)
{
    pt_recorder *rec = pt_record_start(PT_MONITOR_A, RATE, 2);
    HMIDIOUT h = NULL;
    int16_t *s;
    size_t frames, on1, on2;
    double t1, t2, t_off;
    long handed, heard, sent;
    assert_non_null(rec);
    pthread_mutex_lock(&trace_lock);
    n_note_ons = 0;
    worst_render_ms = 0;
    pthread_mutex_unlock(&trace_lock);
    assert_int_equal(midiOutOpen(&h, synth_device(), 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    midiOutShortMsg(h, CC(0, 91, 0));
    midiOutShortMsg(h, CC(0, 93, 0));
    usleep(300000);
    t1 = pt_now_ms();
    assert_int_equal(midiOutShortMsg(h, NOTE_ON(0, 69, 110)), MMSYSERR_NOERROR);
    usleep(ms * 500);
    t_off = pt_now_ms();
    assert_int_equal(midiOutShortMsg(h, CC(0, 120, 0)), MMSYSERR_NOERROR); /* all sound off */
    while (pt_now_ms() < t1 + ms - 2)
        usleep(500);
    while (pt_now_ms() < t1 + ms)
        ;
    t2 = pt_now_ms();
    assert_int_equal(midiOutShortMsg(h, NOTE_ON(0, 69, 110)), MMSYSERR_NOERROR);
    usleep(400000);
    assert_int_equal(midiOutClose(h), MMSYSERR_NOERROR);
    s = pt_record_stop(rec, &frames);
    print_message("%u ms: blocks rendered at most %.1f ms after they were due\n", ms, worst_render_ms);
    if (t_off - t1 > ms * 0.6 || t2 - t1 > ms + 5 || worst_render_ms > 50) {
        print_message("%u ms: held up (silenced at %.1f ms, second note at %.1f ms, a block rendered %.1f ms "
                      "late); again\n", ms, t_off - t1, t2 - t1, worst_render_ms);
        free(s);
        return false;
    }
    pthread_mutex_lock(&trace_lock);
    assert_int_equal(n_note_ons, 2);
    handed = (long)(note_ons[1].frame - note_ons[0].frame);
    print_message("arrived %.3f ms apart, handed over %ld frames apart\n",
                  (double)(note_ons[1].arrival_ns - note_ons[0].arrival_ns) / 1e6, handed);
    /* handed over exactly as far apart as they arrived (to the frame) */
    assert_true(labs(handed - lround((double)(note_ons[1].arrival_ns - note_ons[0].arrival_ns) * RATE / 1e9)) <= 1);
    pthread_mutex_unlock(&trace_lock);
    on1 = onset_from(s, frames, 0, 200);
    assert_true(on1 != (size_t)-1);
    assert_true(on1 > 2 * GRID);
    on1 -= 2 * GRID; /* from a little before the onset: the whole attack is compared */
    /* compared until the first note is silenced */
    on2 = match_from(s, frames, on1, on1 + (size_t)handed, (size_t)((t_off - t1) * RATE / 1000) - 4 * GRID);
    heard = (long)(on2 - on1);
    sent = lround((t2 - t1) * RATE / 1000.0);
    print_message("%u ms: sent %ld frames apart, handed to FluidSynth %ld apart, heard %ld apart (%.3f ms; "
                  "FluidSynth's grid: %ld)\n",
                  ms, sent, handed, heard, heard * 1000.0 / RATE,
                  (long)((note_ons[1].frame + GRID - 1) / GRID * GRID - (note_ons[0].frame + GRID - 1) / GRID * GRID));
    /* heard exactly as FluidSynth starts them: at the grid points after the frames handed over */
    assert_int_equal(heard, (long)((note_ons[1].frame + GRID - 1) / GRID * GRID -
                                   (note_ons[0].frame + GRID - 1) / GRID * GRID));
    /* so within 1 ms of the sending interval, plus FluidSynth's block */
    assert_true(labs(heard - sent) <= (long)(RATE / 1000 + GRID));
    free(s);
    return true;
}

static void test_live_interval(void **state)
{
    (void)state;
    atomic_store(&pacm_synth_trace_hook, on_trace);
    static const unsigned intervals[] = {250, 123, 80};
    for (unsigned i = 0; i < 3; i++) {
        unsigned tries = 0;
        while (!play_pair(intervals[i]))
            assert_true(++tries < 5);
    }
    atomic_store(&pacm_synth_trace_hook, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offline_note_on_frame),
        cmocka_unit_test(test_sched_clock),
        cmocka_unit_test(test_render_events_split),
        cmocka_unit_test(test_live_interval),
    };
    if (!pt_server_available())
        return 1; /* the fixture is required: a missing server is a failure, not a skip */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
