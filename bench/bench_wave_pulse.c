/*
 * bench_wave_pulse.c - pulseaudio.drv against the PulseAudio tools on the same server:
 *   1. CPU per minute of 44.1 kHz stereo s16 playback: pulseaudio.drv (4 x 20 ms buffers
 *      refilled from WOM_DONE) vs `pacat` playing the same data from a file;
 *   2. the smallest buffer size (3 buffers) that plays N seconds without an underrun while
 *      another process spins on a core;
 *   3. open-to-first-sound: from the open call to the first non-zero sample on the sink's
 *      monitor, pulseaudio.drv vs pa_simple (libpulse-simple, loaded with dlopen) in this process.
 * The driver is driven through its message functions, as winmm drives it.
 *
 * Usage: bench_wave_pulse [--seconds N] [--cpu-seconds N] [--only buffers|cpu]   (PULSE_SERVER names the server;
 * tests/pulse/pulse_server.sh starts a private one; sink 0 and its monitor are used.)
 */
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <pulse/simple.h>

#include "audio_int.h"
#include "mmreg.h"
#include "pulse/pulse_int.h"

enum { RATE = 44100, CH = 2, FB = 4 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double cpu_ms(const struct rusage *r)
{
    return r->ru_utime.tv_sec * 1000.0 + r->ru_utime.tv_usec / 1000.0 + r->ru_stime.tv_sec * 1000.0 +
           r->ru_stime.tv_usec / 1000.0;
}

/* One second of a 440 Hz tone, computed once: refills copy from it (no sin() in the callback,
 * as pacat only reads a file). */
static int16_t g_second[RATE * CH];

static void tone(int16_t *d, size_t first, size_t frames)
{
    if (g_second[2] == 0)
        for (size_t i = 0; i < RATE; i++)
            g_second[2 * i] = g_second[2 * i + 1] = (int16_t)(8000 * __builtin_sin(6.283185307 * 440.0 * (double)i / RATE));
    for (size_t i = 0; i < frames;) {
        size_t at = (first + i) % RATE, n = frames - i < RATE - at ? frames - i : RATE - at;
        memcpy(d + 2 * i, g_second + 2 * at, n * FB);
        i += n;
    }
}

/* ---- the driver, refilled from WOM_DONE ---- */
typedef struct player {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    DWORD_PTR user;
    WAVEHDR hdr[8];
    int16_t *buf[8];
    size_t chunk, next, total;
    unsigned done, want;
    unsigned long underruns_at_last;
} player;

static void CALLBACK on_msg(HDRVR h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)p2;
    player *p = (player *)inst;
    if (msg != WOM_DONE)
        return;
    pthread_mutex_lock(&p->lock);
    WAVEHDR *w = (WAVEHDR *)p1;
    if (++p->done == p->want)
        p->underruns_at_last = pacm_pulse_underruns();
    if (p->next < p->total) {
        tone((int16_t *)w->lpData, p->next, p->chunk);
        p->next += p->chunk;
        pacm_pulse_wod_message(0, WODM_WRITE, p->user, (DWORD_PTR)w, sizeof *w);
    }
    if (p->done == p->want) /* wake the waiting thread once, not per buffer */
        pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

/* Plays `seconds` with `nbuf` buffers of `ms` ms; returns the underruns while data was queued
 * (or -1 on error). */
static long play_driver(double seconds, unsigned nbuf, unsigned ms)
{
    WAVEFORMATEX wfx = {WAVE_FORMAT_PCM, CH, RATE, RATE * FB, FB, 16, 0};
    WAVEOPENDESC desc;
    static player p;
    memset(&p, 0, sizeof p);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.cond, NULL);
    p.chunk = RATE * ms / 1000;
    p.total = (size_t)(seconds * RATE) / p.chunk * p.chunk;
    p.want = (unsigned)(p.total / p.chunk);
    memset(&desc, 0, sizeof desc);
    desc.lpFormat = &wfx;
    desc.dwCallback = (DWORD_PTR)on_msg;
    desc.dwInstance = (DWORD_PTR)&p;
    unsigned long before = pacm_pulse_underruns();
    if (pacm_pulse_wod_message(0, WODM_OPEN, (DWORD_PTR)&p.user, (DWORD_PTR)&desc, CALLBACK_FUNCTION) != 0)
        return -1;
    pthread_mutex_lock(&p.lock);
    for (unsigned i = 0; i < nbuf; i++) {
        p.buf[i] = malloc(p.chunk * FB);
        memset(&p.hdr[i], 0, sizeof p.hdr[i]);
        p.hdr[i].lpData = (LPSTR)p.buf[i];
        p.hdr[i].dwBufferLength = (DWORD)(p.chunk * FB);
        p.hdr[i].dwFlags = WHDR_PREPARED;
        tone(p.buf[i], p.next, p.chunk);
        p.next += p.chunk;
        pacm_pulse_wod_message(0, WODM_WRITE, p.user, (DWORD_PTR)&p.hdr[i], sizeof(WAVEHDR));
    }
    while (p.done < p.want)
        pthread_cond_wait(&p.cond, &p.lock);
    pthread_mutex_unlock(&p.lock);
    pacm_pulse_wod_message(0, WODM_CLOSE, p.user, 0, 0);
    for (unsigned i = 0; i < nbuf; i++)
        free(p.buf[i]);
    return (long)(p.underruns_at_last - before);
}

/* ---- 1. CPU per minute ---- */
static void bench_cpu(double seconds)
{
    struct rusage r0, r1, rc;
    getrusage(RUSAGE_SELF, &r0);
    double t0 = now_ms();
    play_driver(seconds, 4, 20);
    double wall = now_ms() - t0;
    getrusage(RUSAGE_SELF, &r1);
    double drv = (cpu_ms(&r1) - cpu_ms(&r0)) * 60.0 / seconds;

    char path[] = "/tmp/bench_wave_pulse_XXXXXX";
    int fd = mkstemp(path);
    size_t frames = (size_t)(seconds * RATE);
    int16_t *d = malloc(frames * FB);
    tone(d, 0, frames);
    if (fd < 0 || write(fd, d, frames * FB) != (ssize_t)(frames * FB)) {
        perror("temp file");
        exit(1);
    }
    close(fd);
    free(d);
    double pc[2], pwall[2];
    for (int k = 0; k < 2; k++) { /* pacat with its defaults (2 s buffer), then with 80 ms (= 4 x 20 ms) */
        double t1 = now_ms();
        pid_t pid = fork();
        if (pid == 0) {
            execlp("pacat", "pacat", "--raw", "--format=s16le", "--rate=44100", "--channels=2",
                   k ? "--latency-msec=80" : "--volume=65536", path, (char *)NULL);
            _exit(127);
        }
        int st = 0;
        wait4(pid, &st, 0, &rc);
        pwall[k] = now_ms() - t1;
        pc[k] = cpu_ms(&rc) * 60.0 / seconds;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            printf("pacat failed (status %d)\n", st);
    }
    unlink(path);
    printf("cpu per minute of 44.1 kHz stereo playback: pulseaudio.drv (4 x 20 ms) %.0f ms (wall %.1f s); "
           "pacat default buffer %.0f ms (wall %.1f s), ratio %.2f; pacat --latency-msec=80 %.0f ms (wall %.1f s), "
           "ratio %.2f\n",
           drv, wall / 1000, pc[0], pwall[0] / 1000, pc[0] > 0 ? drv / pc[0] : 0.0, pc[1], pwall[1] / 1000,
           pc[1] > 0 ? drv / pc[1] : 0.0);
}

/* ---- 2. smallest buffer under load ---- */
static void bench_small_buffers(double seconds)
{
    static const unsigned sizes[] = {2, 3, 5, 10, 20, 50};
    pid_t spinner = fork();
    if (spinner == 0) {
        for (volatile unsigned long x = 0;; x++)
            ;
    }
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        long u = play_driver(seconds, 3, sizes[i]);
        printf("3 x %u ms buffers, %.0f s with a core loaded: %ld underruns\n", sizes[i], seconds, u);
        if (u == 0) {
            printf("smallest buffer without underrun: 3 x %u ms\n", sizes[i]);
            break;
        }
    }
    kill(spinner, SIGKILL);
    waitpid(spinner, NULL, 0);
}

/* ---- 3. open to first sound ---- */
typedef pa_simple *(*simple_new_fn)(const char *, const char *, pa_stream_direction_t, const char *, const char *,
                                    const pa_sample_spec *, const pa_channel_map *, const pa_buffer_attr *, int *);
typedef int (*simple_io_fn)(pa_simple *, void *, size_t, int *);
typedef int (*simple_drain_fn)(pa_simple *, int *);
typedef void (*simple_free_fn)(pa_simple *);
static simple_new_fn s_new;
static simple_io_fn s_write, s_read;
static simple_drain_fn s_drain;
static simple_free_fn s_free;

typedef struct watcher {
    pa_simple *rec;
    volatile int stop;
    volatile double first; /* ms of the first read holding a non-zero sample */
} watcher;

static void *watch(void *arg)
{
    watcher *w = arg;
    int16_t buf[RATE / 1000 * 2 * CH];
    int err;
    while (!w->stop) {
        if (s_read(w->rec, buf, sizeof buf, &err) < 0)
            break;
        for (size_t i = 0; i < sizeof buf / 2 && w->first == 0; i++)
            if (buf[i] != 0)
                w->first = now_ms();
    }
    return NULL;
}

static double first_sound(int use_driver)
{
    pa_sample_spec ss = {PA_SAMPLE_S16LE, RATE, CH};
    pa_buffer_attr ra = {(uint32_t)-1, (uint32_t)-1, (uint32_t)-1, (uint32_t)-1, RATE / 1000 * FB};
    int err;
    watcher w = {0};
    char monitor[160];
    pacm_pulse_device d;
    pacm_pulse_device_get(PACM_PULSE_OUT, 0, &d);
    snprintf(monitor, sizeof monitor, "%s.monitor", d.name);
    w.rec = s_new(NULL, "bench", PA_STREAM_RECORD, monitor, "watch", &ss, NULL, &ra, &err);
    if (!w.rec)
        return -1;
    pthread_t t;
    pthread_create(&t, NULL, watch, &w);
    usleep(200000);
    static int16_t data[RATE / 10 * CH];
    tone(data, 1, RATE / 10);
    double t0 = now_ms();
    if (use_driver) {
        WAVEFORMATEX wfx = {WAVE_FORMAT_PCM, CH, RATE, RATE * FB, FB, 16, 0};
        WAVEOPENDESC desc = {0};
        DWORD_PTR user = 0;
        WAVEHDR h = {(LPSTR)data, sizeof data, 0, 0, WHDR_PREPARED, 1, NULL, 0};
        desc.lpFormat = &wfx;
        pacm_pulse_wod_message(0, WODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_NULL);
        pacm_pulse_wod_message(0, WODM_WRITE, user, (DWORD_PTR)&h, sizeof h);
        while (w.first == 0 && now_ms() - t0 < 3000)
            usleep(500);
        while (!(h.dwFlags & WHDR_DONE))
            usleep(1000);
        pacm_pulse_wod_message(0, WODM_CLOSE, user, 0, 0);
    } else {
        /* a 20 ms target buffer (the defaults would wait for 2 s of data before starting) */
        pa_buffer_attr pa = {(uint32_t)-1, RATE / 50 * FB, (uint32_t)-1, (uint32_t)-1, (uint32_t)-1};
        pa_simple *p = s_new(NULL, "bench", PA_STREAM_PLAYBACK, d.name, "first", &ss, NULL, &pa, &err);
        s_write(p, data, sizeof data, &err);
        while (w.first == 0 && now_ms() - t0 < 3000)
            usleep(500);
        s_drain(p, &err);
        s_free(p);
    }
    double first = w.first;
    w.stop = 1;
    pthread_join(t, NULL);
    s_free(w.rec);
    return first ? first - t0 : -1;
}

static void bench_first_sound(void)
{
    void *lib = dlopen("libpulse-simple.so.0", RTLD_NOW);
    if (!lib) {
        printf("open-to-first-sound: libpulse-simple.so.0 not found (%s)\n", dlerror());
        return;
    }
    s_new = (simple_new_fn)dlsym(lib, "pa_simple_new");
    s_write = (simple_io_fn)dlsym(lib, "pa_simple_write");
    s_read = (simple_io_fn)dlsym(lib, "pa_simple_read");
    s_drain = (simple_drain_fn)dlsym(lib, "pa_simple_drain");
    s_free = (simple_free_fn)dlsym(lib, "pa_simple_free");
    double drv = 0, simple = 0;
    int n = 5;
    for (int i = 0; i < n; i++) {
        drv += first_sound(1);
        simple += first_sound(0);
    }
    drv /= n;
    simple /= n;
    printf("open-to-first-sound (mean of %d, measured on the monitor): pulseaudio.drv %.1f ms, pa_simple %.1f ms; "
           "ratio %.2f\n",
           n, drv, simple, simple > 0 ? drv / simple : 0.0);
}

int main(int argc, char **argv)
{
    double seconds = 60, cpu_seconds = 30;
    int only_buffers = 0, only_cpu = 0;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--cpu-seconds") == 0)
            cpu_seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0)
        {
            i++;
            only_buffers = strcmp(argv[i], "buffers") == 0;
            only_cpu = strcmp(argv[i], "cpu") == 0;
        }
    }
    if (pacm_pulse_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0) == 0) {
        fprintf(stderr, "no PulseAudio server (set PULSE_SERVER; tests/pulse/pulse_server.sh starts one)\n");
        return 1;
    }
    if (only_cpu) {
        bench_cpu(cpu_seconds);
        return 0;
    }
    if (!only_buffers) {
        bench_first_sound();
        bench_cpu(cpu_seconds);
    }
    bench_small_buffers(seconds);
    return 0;
}
