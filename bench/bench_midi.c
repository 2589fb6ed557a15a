/*
 * bench_midi.c - the built-in synthesizer (fluidsynth.drv) against FluidSynth driven directly,
 * side by side in one run:
 *   1. latency: midiOutShortMsg (note-on) -> the first rendered non-silent sample, through the
 *      synth driver (its render thread, 441-frame blocks rendered in 147-frame pieces) vs fluid_synth_noteon + a thread
 *      rendering 441-frame blocks with fluid_synth_write_s16 paced by the clock, same settings;
 *      measured at the render layer of both (the trace hook of src/synth for portacm);
 *   2. stream timing: a generated multi-channel GM song played by midiStreamOut, each event's
 *      lateness (when the synthesizer received it / the frame it was applied at vs its ideal
 *      time from the stream start), median, p99 and drift; vs the ALSA sequencer queue where
 *      /dev/snd/seq exists, else FluidSynth's own fluid_sequencer (sample-timed, driving the
 *      same paced render loop);
 *   3. CPU of playing the song: midiStreamOut -> synth -> PulseAudio null sink in real time vs
 *      fluid_player playing the same Standard MIDI File through FluidSynth's own PulseAudio
 *      driver (and the sequencer loop above, which outputs nothing); portacm_synth_* offline vs
 *      fluid_player rendering the file offline.
 *
 * Usage: bench_midi [--seconds N (song, default 60)] [--trials N (latency, default 40)]
 *                   [--only latency|stream|cpu] [--soundfont FILE]
 * PULSE_SERVER names the server (tests/pulse/pulse_server.sh starts a private one); the synth
 * plays to its default sink.
 */
#include <fluidsynth.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "mmsystem.h"
#include "portacm.h"
#include "synth_int.h"
#include "synth_out_int.h"
#include "synth_sched_int.h"
#include "midi/bench_midi_song.h"

#define RATE 44100u
#define BLOCK 441u /* the synth driver's block: 10 ms */
#define THRESHOLD 300 /* |sample| above this is sound */
#define SYNTH_NAME "portacm GM Synth (FluidSynth)"

static const char *soundfont;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_until(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0)
        ;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct stats {
    double mean, median, p99, min, max, sd;
} stats;

static stats stats_of(double *v, size_t n)
{
    stats s = {0, 0, 0, 0, 0, 0};
    if (n == 0)
        return s;
    qsort(v, n, sizeof *v, cmp_double);
    for (size_t i = 0; i < n; i++)
        s.mean += v[i] / n;
    for (size_t i = 0; i < n; i++)
        s.sd += (v[i] - s.mean) * (v[i] - s.mean) / n;
    s.sd = sqrt(s.sd);
    s.median = v[n / 2];
    s.p99 = v[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
    s.min = v[0];
    s.max = v[n - 1];
    return s;
}

static fluid_synth_t *direct_synth(fluid_settings_t **settings)
{
    fluid_synth_t *synth;
    /* the settings synth_core.c gives its instance */
    *settings = new_fluid_settings();
    fluid_settings_setnum(*settings, "synth.sample-rate", RATE);
    fluid_settings_setint(*settings, "synth.polyphony", (int)PACM_SYNTH_POLYPHONY);
    fluid_settings_setint(*settings, "synth.cpu-cores", 1);
    fluid_settings_setnum(*settings, "synth.gain", 0.5);
    synth = new_fluid_synth(*settings);
    if (!synth || fluid_synth_sfload(synth, soundfont, 1) == FLUID_FAILED) {
        fprintf(stderr, "bench_midi: FluidSynth cannot load %s\n", soundfont);
        exit(1);
    }
    return synth;
}

static UINT synth_device(void)
{
    UINT n = midiOutGetNumDevs();
    for (UINT id = 0; id < n; id++) {
        MIDIOUTCAPSA caps;
        if (midiOutGetDevCapsA(id, &caps, sizeof caps) == MMSYSERR_NOERROR && strcmp(caps.szPname, SYNTH_NAME) == 0)
            return id;
    }
    fprintf(stderr, "bench_midi: no midiOut device named %s (no SoundFont?)\n", SYNTH_NAME);
    exit(1);
}

/* ---- 1. latency ---- */

/* One trial in flight: the note-on sent at sent_ns; the render side fills the rest. */
static struct {
    pthread_mutex_t lock;
    uint64_t sent_ns;
    uint32_t message;
    bool armed, seen_event, done;
    uint64_t from_frame; /* portacm: the frame the note-on was handed over at */
    double render_ms, sample_ms; /* render call done, sample's clock time; minus sent_ns */
} trial = {PTHREAD_MUTEX_INITIALIZER, 0, 0, false, false, false, 0, 0, 0};

/* The first frame of block (first, frames) at or after `from` above THRESHOLD, or -1. */
static long first_sound(const int16_t *s, uint64_t first, size_t frames, uint64_t from)
{
    for (size_t i = from > first ? (size_t)(from - first) : 0; i < frames; i++)
        if (abs(s[2 * i]) > THRESHOLD || abs(s[2 * i + 1]) > THRESHOLD)
            return (long)i;
    return -1;
}

static void latency_hook(const pacm_synth_trace *t)
{
    long at;
    pthread_mutex_lock(&trial.lock);
    if (trial.armed && !trial.seen_event) {
        for (size_t i = 0; i < t->n_events; i++)
            if (t->events[i].message == trial.message && t->events[i].arrival_ns >= trial.sent_ns) {
                trial.seen_event = true;
                trial.from_frame = t->events[i].frame;
            }
    }
    if (trial.armed && trial.seen_event && !trial.done &&
        (at = first_sound(t->samples, t->first_frame, t->frames, trial.from_frame)) >= 0) {
        /* the block was due (and its samples stand for) first_frame_ns + latency */
        double block_clock = (double)t->first_frame_ns + t->latency * 1e9 / t->rate;
        trial.render_ms = ((double)t->rendered_ns - (double)trial.sent_ns) / 1e6;
        trial.sample_ms = (block_clock + at * 1e9 / t->rate - (double)trial.sent_ns) / 1e6;
        trial.done = true;
    }
    pthread_mutex_unlock(&trial.lock);
}

static bool trial_wait(void)
{
    for (int i = 0; i < 200; i++) {
        bool done;
        pthread_mutex_lock(&trial.lock);
        done = trial.done;
        pthread_mutex_unlock(&trial.lock);
        if (done)
            return true;
        usleep(2000);
    }
    return false;
}

static void trial_arm(uint32_t message)
{
    pthread_mutex_lock(&trial.lock);
    trial.message = message;
    trial.armed = true;
    trial.seen_event = trial.done = false;
    trial.sent_ns = now_ns();
    pthread_mutex_unlock(&trial.lock);
}

static void trial_disarm(void)
{
    pthread_mutex_lock(&trial.lock);
    trial.armed = false;
    pthread_mutex_unlock(&trial.lock);
}


static void latency_portacm(unsigned trials, double *render_ms, double *sample_ms, unsigned *n)
{
    HMIDIOUT h = NULL;
    if (midiOutOpen(&h, synth_device(), 0, 0, CALLBACK_NULL) != MMSYSERR_NOERROR) {
        fprintf(stderr, "bench_midi: midiOutOpen failed (is PULSE_SERVER set?)\n");
        exit(1);
    }
    midiOutShortMsg(h, 0x005BB0); /* reverb and chorus sends 0 */
    midiOutShortMsg(h, 0x005DB0);
    atomic_store(&pacm_synth_trace_hook, latency_hook);
    usleep(500000);
    *n = 0;
    for (unsigned i = 0; i < trials; i++) {
        uint32_t msg = 0x7F0090u | (60u + i % 12) << 8;
        usleep(20000 + bench_midi_rand() % 10000); /* any phase of the block */
        trial_arm(msg);
        midiOutShortMsg(h, msg);
        if (trial_wait()) {
            render_ms[*n] = trial.render_ms;
            sample_ms[(*n)++] = trial.sample_ms;
        }
        trial_disarm();
        midiOutShortMsg(h, 0x0078B0); /* all sound off */
        usleep(300000);
    }
    atomic_store(&pacm_synth_trace_hook, NULL);
    midiOutClose(h);
}

/* FluidSynth driven directly: a thread renders BLOCK frames when each block is due. */
static struct {
    fluid_synth_t *synth;
    atomic_bool stop;
} direct;

static void *direct_render(void *arg)
{
    int16_t buf[BLOCK * 2];
    uint64_t start = now_ns();
    (void)arg;
    for (uint64_t k = 0; !atomic_load(&direct.stop); k++) {
        uint64_t due = start + k * BLOCK * 1000000000ull / RATE;
        long at;
        sleep_until(due);
        fluid_synth_write_s16(direct.synth, BLOCK, buf, 0, 2, buf, 1, 2);
        pthread_mutex_lock(&trial.lock);
        if (trial.armed && !trial.done && (at = first_sound(buf, 0, BLOCK, 0)) >= 0) {
            trial.render_ms = ((double)now_ns() - (double)trial.sent_ns) / 1e6;
            trial.sample_ms = ((double)due + at * 1e9 / RATE - (double)trial.sent_ns) / 1e6;
            trial.done = true;
        }
        pthread_mutex_unlock(&trial.lock);
    }
    return NULL;
}

static void latency_direct(unsigned trials, double *render_ms, double *sample_ms, unsigned *n)
{
    fluid_settings_t *settings;
    pthread_t thread;
    direct.synth = direct_synth(&settings);
    fluid_synth_cc(direct.synth, 0, 91, 0);
    fluid_synth_cc(direct.synth, 0, 93, 0);
    atomic_store(&direct.stop, false);
    pthread_create(&thread, NULL, direct_render, NULL);
    usleep(500000);
    *n = 0;
    for (unsigned i = 0; i < trials; i++) {
        int key = 60 + (int)(i % 12);
        usleep(20000 + bench_midi_rand() % 10000);
        trial_arm(0);
        fluid_synth_noteon(direct.synth, 0, key, 127);
        if (trial_wait()) {
            render_ms[*n] = trial.render_ms;
            sample_ms[(*n)++] = trial.sample_ms;
        }
        trial_disarm();
        fluid_synth_all_sounds_off(direct.synth, 0);
        usleep(300000);
    }
    atomic_store(&direct.stop, true);
    pthread_join(thread, NULL);
    delete_fluid_synth(direct.synth);
    delete_fluid_settings(settings);
}

static void print_latency_row(const char *name, double *v, unsigned n)
{
    stats s = stats_of(v, n);
    printf("  %-46s %3u  %6.2f  %6.2f  %6.2f  %6.2f  %6.2f\n", name, n, s.mean, s.median, s.min, s.max, s.sd);
}

static void bench_latency(unsigned trials)
{
    double *pr = calloc(trials, sizeof *pr), *ps = calloc(trials, sizeof *ps);
    double *dr = calloc(trials, sizeof *dr), *ds = calloc(trials, sizeof *ds);
    unsigned np, nd;
    latency_portacm(trials, pr, ps, &np);
    latency_direct(trials, dr, ds, &nd);
    printf("\n1. note-on -> first rendered non-silent sample (|s| > %d), %u trials, %u-frame blocks at %u Hz\n",
           THRESHOLD, trials, BLOCK, RATE);
    printf("  %-46s %3s  %6s  %6s  %6s  %6s  %6s   (ms)\n", "", "n", "mean", "median", "min", "max", "sd");
    print_latency_row("portacm midiOutShortMsg: render call done", pr, np);
    print_latency_row("FluidSynth noteon: render call done", dr, nd);
    print_latency_row("portacm midiOutShortMsg: sample's clock time", ps, np);
    print_latency_row("FluidSynth noteon: sample's clock time", ds, nd);
    free(pr), free(ps), free(dr), free(ds);
}

/* ---- 2. and 3.: the song through midiStreamOut ---- */

static struct {
    pthread_mutex_t lock;
    double *arrival_ns, *frame_ns; /* per song event, in order */
    size_t n;
} got = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 0};

static void stream_hook(const pacm_synth_trace *t)
{
    pthread_mutex_lock(&got.lock);
    for (size_t i = 0; i < t->n_events && got.n < song_n; i++, got.n++) {
        got.arrival_ns[got.n] = (double)t->events[i].arrival_ns;
        /* the arrival time the frame it was applied at stands for */
        got.frame_ns[got.n] =
            (double)t->first_frame_ns + ((double)t->events[i].frame - (double)t->first_frame) * 1e9 / t->rate;
    }
    pthread_mutex_unlock(&got.lock);
}

static atomic_uint buffers_done;

static void CALLBACK on_stream(HMIDIOUT h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)instance, (void)p1, (void)p2;
    if (msg == MOM_DONE)
        atomic_fetch_add(&buffers_done, 1);
}

#define EVENTS_PER_BUFFER 4000u

/* Plays the song through midiStreamOut on the synth; fills the lateness arrays (ms) and
 * returns the CPU seconds the process used from Restart to the last buffer back. */
static double stream_portacm(double *receive_ms, double *render_ms, size_t *n, double *start_ms)
{
    HMIDISTRM hs = NULL;
    UINT dev = synth_device();
    MIDIPROPTIMEDIV div = {sizeof div, 500};
    MIDIPROPTEMPO tempo = {sizeof tempo, 500000};
    unsigned nbuf = (unsigned)((song_n + EVENTS_PER_BUFFER - 1) / EVENTS_PER_BUFFER);
    MIDIHDR *hdrs = calloc(nbuf, sizeof *hdrs);
    DWORD *data = calloc(song_n * 3, sizeof *data);
    uint64_t t0;
    double cpu0, cpu;
    if (midiStreamOpen(&hs, &dev, 1, (DWORD_PTR)on_stream, 0, CALLBACK_FUNCTION) != MMSYSERR_NOERROR) {
        fprintf(stderr, "bench_midi: midiStreamOpen failed (is PULSE_SERVER set?)\n");
        exit(1);
    }
    midiStreamProperty(hs, (LPBYTE)&div, MIDIPROP_SET | MIDIPROP_TIMEDIV);
    midiStreamProperty(hs, (LPBYTE)&tempo, MIDIPROP_SET | MIDIPROP_TEMPO);
    for (size_t i = 0; i < song_n; i++) {
        data[3 * i] = song[i].ms - (i ? song[i - 1].ms : 0);
        data[3 * i + 1] = 0;
        data[3 * i + 2] = ((DWORD)MEVT_SHORTMSG << 24) | song[i].msg;
    }
    got.arrival_ns = calloc(song_n, sizeof(double));
    got.frame_ns = calloc(song_n, sizeof(double));
    got.n = 0;
    atomic_store(&buffers_done, 0);
    for (unsigned b = 0; b < nbuf; b++) {
        size_t first = (size_t)b * EVENTS_PER_BUFFER;
        size_t count = song_n - first < EVENTS_PER_BUFFER ? song_n - first : EVENTS_PER_BUFFER;
        hdrs[b].lpData = (LPSTR)(data + 3 * first);
        hdrs[b].dwBufferLength = hdrs[b].dwBytesRecorded = (DWORD)(count * 12);
        midiOutPrepareHeader((HMIDIOUT)hs, &hdrs[b], sizeof hdrs[b]);
        midiStreamOut(hs, &hdrs[b], sizeof hdrs[b]);
    }
    atomic_store(&pacm_synth_trace_hook, stream_hook);
    usleep(300000);
    cpu0 = cpu_seconds();
    t0 = now_ns();
    midiStreamRestart(hs);
    while (atomic_load(&buffers_done) < nbuf)
        usleep(10000);
    usleep(100000); /* the last events' block */
    cpu = cpu_seconds() - cpu0;
    atomic_store(&pacm_synth_trace_hook, NULL);
    midiStreamClose(hs);
    for (unsigned b = 0; b < nbuf; b++)
        midiOutUnprepareHeader((HMIDIOUT)hs, &hdrs[b], sizeof hdrs[b]);
    *n = got.n;
    for (size_t i = 0; i < got.n; i++) {
        double ideal = (double)t0 + song[i].ms * 1e6;
        receive_ms[i] = (got.arrival_ns[i] - ideal) / 1e6;
        render_ms[i] = (got.frame_ns[i] - ideal) / 1e6;
    }
    *start_ms = got.n ? receive_ms[0] : 0;
    free(got.arrival_ns), free(got.frame_ns), free(hdrs), free(data);
    return cpu;
}

/* FluidSynth's sequencer as the peer: the song's events scheduled up front (sequencer ticks
 * = samples), delivered to a client of ours that records when and passes them to the synth,
 * which a loop renders in BLOCK frames as each block falls due. */
static struct {
    fluid_synth_t *synth;
    fluid_sequencer_t *seq;
    uint64_t t0;
    double *receive_ms, *render_ms;
    size_t n;
} peer;

static void peer_client(unsigned int time, fluid_event_t *ev, fluid_sequencer_t *seq, void *data)
{
    unsigned tick = fluid_sequencer_get_tick(seq);
    int ch = fluid_event_get_channel(ev);
    size_t i = peer.n++;
    (void)data;
    if (i < song_n) {
        peer.render_ms[i] = ((double)tick - (double)time) * 1000.0 / RATE;
        peer.receive_ms[i] = ((double)now_ns() - ((double)peer.t0 + (double)time * 1e9 / RATE)) / 1e6;
    }
    switch (fluid_event_get_type(ev)) {
    case FLUID_SEQ_NOTEON:
        fluid_synth_noteon(peer.synth, ch, fluid_event_get_key(ev), fluid_event_get_velocity(ev));
        break;
    case FLUID_SEQ_NOTEOFF:
        fluid_synth_noteoff(peer.synth, ch, fluid_event_get_key(ev));
        break;
    case FLUID_SEQ_PROGRAMCHANGE:
        fluid_synth_program_change(peer.synth, ch, fluid_event_get_program(ev));
        break;
    case FLUID_SEQ_CONTROLCHANGE:
        fluid_synth_cc(peer.synth, ch, fluid_event_get_control(ev), fluid_event_get_value(ev));
        break;
    case FLUID_SEQ_PITCHBEND:
        fluid_synth_pitch_bend(peer.synth, ch, fluid_event_get_pitch(ev));
        break;
    default:
        break;
    }
}

static void peer_schedule(fluid_seq_id_t client, unsigned start)
{
    fluid_event_t *ev = new_fluid_event();
    for (size_t i = 0; i < song_n; i++) {
        uint32_t m = song[i].msg;
        int ch = m & 0x0F, d1 = (m >> 8) & 0x7F, d2 = (m >> 16) & 0x7F;
        fluid_event_set_source(ev, -1);
        fluid_event_set_dest(ev, client);
        switch (m & 0xF0) {
        case 0x90:
            fluid_event_noteon(ev, ch, (short)d1, (short)d2);
            break;
        case 0x80:
            fluid_event_noteoff(ev, ch, (short)d1);
            break;
        case 0xC0:
            fluid_event_program_change(ev, ch, d1);
            break;
        case 0xE0:
            fluid_event_pitch_bend(ev, ch, d1 | d2 << 7);
            break;
        default:
            fluid_event_control_change(ev, ch, (short)d1, d2);
            break;
        }
        fluid_sequencer_send_at(peer.seq, ev, start + (unsigned)((uint64_t)song[i].ms * RATE / 1000), 1);
    }
    delete_fluid_event(ev);
}

static double stream_peer(double *receive_ms, double *render_ms, size_t *n)
{
    fluid_settings_t *settings;
    fluid_seq_id_t client;
    int16_t buf[BLOCK * 2];
    double cpu0, cpu;
    uint64_t end_frames = ((uint64_t)song[song_n - 1].ms + 100) * RATE / 1000;
    peer.synth = direct_synth(&settings);
    peer.seq = new_fluid_sequencer2(0);
    fluid_sequencer_set_time_scale(peer.seq, RATE); /* a tick per sample */
    fluid_sequencer_register_fluidsynth(peer.seq, peer.synth); /* its sample timer drives the queue */
    client = fluid_sequencer_register_client(peer.seq, "bench", peer_client, NULL);
    peer.receive_ms = receive_ms, peer.render_ms = render_ms, peer.n = 0;
    cpu0 = cpu_seconds();
    peer.t0 = now_ns();
    peer_schedule(client, fluid_sequencer_get_tick(peer.seq));
    for (uint64_t k = 0; k * BLOCK < end_frames; k++) {
        sleep_until(peer.t0 + k * BLOCK * 1000000000ull / RATE);
        fluid_synth_write_s16(peer.synth, BLOCK, buf, 0, 2, buf, 1, 2);
    }
    cpu = cpu_seconds() - cpu0;
    *n = peer.n < song_n ? peer.n : song_n;
    delete_fluid_sequencer(peer.seq);
    delete_fluid_synth(peer.synth);
    delete_fluid_settings(settings);
    return cpu;
}

static void print_lateness(const char *name, double *v, size_t n)
{
    size_t k = n / 20 ? n / 20 : 1; /* drift: the last 5 % against the first 5 % */
    double head = 0, tail = 0;
    stats s;
    if (n == 0) {
        printf("  %-44s  no events\n", name);
        return;
    }
    for (size_t i = 0; i < k; i++)
        head += v[i] / k, tail += v[n - 1 - i] / k;
    s = stats_of(v, n);
    printf("  %-44s %6zu  %7.3f  %7.3f  %7.3f  %7.3f  %7.3f\n", name, n, s.median, s.p99, s.min, s.max, tail - head);
}

/* ---- 3. offline rendering of the song ---- */

/* fluid_player plays the SMF; the loop renders BLOCK frames at a time, as fast as it can. */
static double cpu_fluid_player(const char *smf, double *seconds_out)
{
    fluid_settings_t *settings;
    fluid_synth_t *synth = direct_synth(&settings);
    fluid_player_t *player = new_fluid_player(synth);
    int16_t buf[BLOCK * 2];
    uint64_t frames = 0, end = ((uint64_t)song[song_n - 1].ms + 100) * RATE / 1000;
    double cpu0 = cpu_seconds(), cpu;
    fluid_player_add(player, smf);
    fluid_player_play(player);
    /* as many frames as portacm renders (the player would go on with the last notes' release) */
    while (fluid_player_get_status(player) == FLUID_PLAYER_PLAYING && frames < end) {
        fluid_synth_write_s16(synth, BLOCK, buf, 0, 2, buf, 1, 2);
        frames += BLOCK;
    }
    cpu = cpu_seconds() - cpu0;
    *seconds_out = (double)frames / RATE;
    delete_fluid_player(player);
    delete_fluid_synth(synth);
    delete_fluid_settings(settings);
    return cpu;
}

/* portacm_synth_*: each event given at its frame, BLOCK frames rendered at a time. */
static double cpu_portacm_offline(double *seconds_out)
{
    portacm_synth *s = portacm_synth_open(soundfont, RATE);
    int16_t buf[BLOCK * 2];
    uint64_t pos = 0, end = ((uint64_t)song[song_n - 1].ms + 100) * RATE / 1000;
    size_t i = 0;
    double cpu0 = cpu_seconds(), cpu;
    if (!s) {
        fprintf(stderr, "bench_midi: portacm_synth_open failed\n");
        exit(1);
    }
    while (pos < end) {
        uint64_t block_end = pos + BLOCK;
        while (pos < block_end) {
            uint64_t next = i < song_n ? (uint64_t)song[i].ms * RATE / 1000 : block_end;
            uint64_t upto = next < block_end ? next : block_end;
            if (upto > pos) {
                portacm_synth_render(s, buf + 2 * (pos % BLOCK), (size_t)(upto - pos));
                pos = upto;
            }
            while (i < song_n && (uint64_t)song[i].ms * RATE / 1000 <= pos)
                portacm_synth_short_message(s, song[i++].msg);
        }
    }
    cpu = cpu_seconds() - cpu0;
    *seconds_out = (double)pos / RATE;
    portacm_synth_close(s);
    return cpu;
}

/* FluidSynth playing the SMF in real time to the same PulseAudio server through its own audio
 * driver (fluid_player + new_fluid_audio_driver, "pulseaudio", 8 periods of 441 frames). */
static double cpu_fluid_realtime(const char *smf)
{
    fluid_settings_t *settings;
    fluid_synth_t *synth = direct_synth(&settings);
    fluid_player_t *player = new_fluid_player(synth);
    fluid_audio_driver_t *adriver;
    double cpu0 = cpu_seconds(), cpu;
    fluid_settings_setstr(settings, "audio.driver", "pulseaudio");
    fluid_settings_setint(settings, "audio.period-size", BLOCK);
    fluid_settings_setint(settings, "audio.periods", 8);
    fluid_player_add(player, smf);
    adriver = new_fluid_audio_driver(settings, synth);
    if (!adriver) {
        delete_fluid_player(player);
        delete_fluid_synth(synth);
        delete_fluid_settings(settings);
        return -1;
    }
    fluid_player_play(player);
    fluid_player_join(player);
    cpu = cpu_seconds() - cpu0;
    delete_fluid_audio_driver(adriver);
    delete_fluid_player(player);
    delete_fluid_synth(synth);
    delete_fluid_settings(settings);
    return cpu;
}

/* 2., and the CPU of playing in real time. */
static void bench_stream(unsigned seconds, const char *smf)
{
    double *rx = calloc(song_n, sizeof *rx), *rn = calloc(song_n, sizeof *rn);
    double *px = calloc(song_n, sizeof *px), *pn = calloc(song_n, sizeof *pn);
    double start_ms, cpu_stream, cpu_peer, cpu_fluid;
    size_t n, pnn;
    cpu_stream = stream_portacm(rx, rn, &n, &start_ms);
    cpu_peer = stream_peer(px, pn, &pnn);
    cpu_fluid = cpu_fluid_realtime(smf);
    printf("\n2. midiStreamOut timing, lateness against the ideal time from the stream start (ms)\n");
    if (access("/dev/snd/seq", F_OK) == 0)
        printf("  (/dev/snd/seq exists, but the ALSA queue peer is not built; FluidSynth's sequencer is used)\n");
    else
        printf("  /dev/snd/seq does not exist on this machine: no ALSA sequencer queue to compare with;\n"
               "  the peer is FluidSynth's own fluid_sequencer (sample timer, paced render loop)\n");
    printf("  %-44s %6s  %7s  %7s  %7s  %7s  %7s\n", "", "events", "median", "p99", "min", "max", "drift");
    print_lateness("portacm: received by the synth driver", rx, n);
    print_lateness("portacm: frame applied at (minus latency)", rn, n);
    print_lateness("fluid_sequencer: delivered (wall clock)", px, pnn);
    print_lateness("fluid_sequencer: delivered (sample clock)", pn, pnn);
    printf("  portacm: first event received %.3f ms after midiStreamRestart\n", start_ms);
    printf("\n3a. CPU of playing the song in real time (process CPU time, user + system)\n");
    printf("  %-58s %8.2f s CPU for %u s of music (%.1f %% of a core)\n",
           "portacm midiStreamOut -> synth -> PulseAudio", cpu_stream, seconds, 100 * cpu_stream / seconds);
    printf("  %-58s %8.2f s CPU for %u s of music (%.1f %% of a core)\n",
           "FluidSynth fluid_player + its PulseAudio driver (the SMF)", cpu_fluid, seconds, 100 * cpu_fluid / seconds);
    printf("  %-58s %8.2f s CPU for %u s of music (%.1f %% of a core)\n",
           "FluidSynth fluid_sequencer, paced render loop, no output", cpu_peer, seconds, 100 * cpu_peer / seconds);
    free(rx), free(rn), free(px), free(pn);
}

/* 3b., best of 3 each, alternated. */
static void bench_offline(const char *smf)
{
    double best_player = 1e9, best_offline = 1e9, player_s = 0, offline_s = 0;
    for (int r = 0; r < 3; r++) {
        double c = cpu_fluid_player(smf, &player_s);
        best_player = c < best_player ? c : best_player;
        c = cpu_portacm_offline(&offline_s);
        best_offline = c < best_offline ? c : best_offline;
    }
    printf("\n3b. CPU of rendering the song offline (process CPU time, best of 3)\n");
    printf("  %-58s %8.2f s CPU for %.1f s rendered\n", "portacm_synth_* offline, events at their frames",
           best_offline, offline_s);
    printf("  %-58s %8.2f s CPU for %.1f s rendered\n", "FluidSynth fluid_player offline (the SMF)", best_player,
           player_s);
}

/* ---- main ---- */

int main(int argc, char **argv)
{
    unsigned seconds = 60, trials = 40;
    const char *only = NULL;
    char smf[] = "/tmp/bench_midi_XXXXXX";
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--trials") == 0 && i + 1 < argc)
            trials = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--soundfont") == 0 && i + 1 < argc)
            setenv("PORTACM_SOUNDFONT", argv[++i], 1);
        else {
            fprintf(stderr, "usage: bench_midi [--seconds N] [--trials N] [--only latency|stream|cpu] "
                            "[--soundfont FILE]\n");
            return 2;
        }
    }
    if (seconds < 4 || trials < 1) {
        fprintf(stderr, "bench_midi: --seconds 4 or more, --trials 1 or more\n");
        return 2;
    }
    soundfont = pacm_synth_driver_soundfont();
    if (!soundfont) {
        fprintf(stderr, "bench_midi: no SoundFont (set PORTACM_SOUNDFONT)\n");
        return 1;
    }
    printf("bench_midi: SoundFont %s, %u Hz, %u-frame blocks (the synth driver renders them in pieces of %u "
           "frames, its constant latency)\n", soundfont, RATE, BLOCK, BLOCK / 3);
    if (!only || strcmp(only, "latency") == 0)
        bench_latency(trials);
    song_make(seconds);
    {
        int fd = mkstemp(smf);
        if (fd < 0)
            return 1;
        close(fd);
    }
    song_write_smf(smf);
    printf("\nsong: %u s, %zu events on 8 channels (%s)\n", seconds, song_n, smf);
    if (!only || strcmp(only, "stream") == 0)
        bench_stream(seconds, smf);
    if (!only || strcmp(only, "cpu") == 0)
        bench_offline(smf);
    unlink(smf);
    free(song);
    return 0;
}
