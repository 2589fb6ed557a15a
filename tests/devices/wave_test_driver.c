/*
 * wave_test_driver.c - a third-party wave driver for the test suite (wave_test_driver.h says
 * what it does and which knobs it has). Written as a driver author would: DriverProc, wodMessage
 * and widMessage, WAVEOPENDESC, DriverCallback, its own threads and locks; it never calls
 * winmm except DriverCallback and DefDriverProc.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wave_test_driver.h"

#ifdef WAVE_TEST_DRIVER_INPROC
#define WTD_EXPORT
#define WTD_PROC wave_test_inproc_proc
#define WTD_WOD wave_test_inproc_wod
#define WTD_WID wave_test_inproc_wid
#define WTD_OUTPUT wave_test_inproc_output
#define WTD_CLEAR wave_test_inproc_clear
#define WTD_LOG wave_test_inproc_log
#define WTD_DEFAULT_TAG "inproc"
#else
#define WTD_EXPORT __attribute__((visibility("default")))
#define WTD_PROC DriverProc
#define WTD_WOD wodMessage
#define WTD_WID widMessage
#define WTD_OUTPUT wave_test_driver_output
#define WTD_CLEAR wave_test_driver_clear
#define WTD_LOG wave_test_driver_log
#define WTD_DEFAULT_TAG "test"
WTD_EXPORT LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
WTD_EXPORT DWORD CALLBACK wodMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
WTD_EXPORT DWORD CALLBACK widMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
WTD_EXPORT size_t wave_test_driver_output(UINT device, void *buffer, size_t capacity);
WTD_EXPORT void wave_test_driver_clear(void);
WTD_EXPORT void wave_test_driver_log(char *buffer, size_t capacity);
#endif

#define WTD_MAX_DEVICES 8
#define WTD_TICK_NS 2000000L
#define WTD_OUTPUT_MAX (32u << 20)

/* ---- driver-wide state --------------------------------------------------------------------- */

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static UINT out_devices = 1, in_devices = 1;
static char tag[16] = WTD_DEFAULT_TAG;
static char log_text[1024];
static DWORD device_volume[WTD_MAX_DEVICES];
static unsigned char *played[WTD_MAX_DEVICES];
static size_t played_size[WTD_MAX_DEVICES], played_capacity[WTD_MAX_DEVICES];

static void log_word(const char *cls, const char *what)
{
    pthread_mutex_lock(&global_lock);
    size_t used = strlen(log_text);
    if (used + strlen(cls) + strlen(what) + 3 < sizeof log_text) {
        strcat(log_text, cls);
        strcat(log_text, ":");
        strcat(log_text, what);
        strcat(log_text, " ");
    }
    pthread_mutex_unlock(&global_lock);
}

WTD_EXPORT void WTD_LOG(char *buffer, size_t capacity)
{
    if (!buffer || capacity == 0)
        return;
    pthread_mutex_lock(&global_lock);
    strncpy(buffer, log_text, capacity - 1);
    buffer[capacity - 1] = '\0';
    pthread_mutex_unlock(&global_lock);
}

WTD_EXPORT size_t WTD_OUTPUT(UINT device, void *buffer, size_t capacity)
{
    if (device >= WTD_MAX_DEVICES)
        return 0;
    pthread_mutex_lock(&global_lock);
    size_t size = played_size[device];
    if (buffer)
        memcpy(buffer, played[device], capacity < size ? capacity : size);
    pthread_mutex_unlock(&global_lock);
    return size;
}

WTD_EXPORT void WTD_CLEAR(void)
{
    pthread_mutex_lock(&global_lock);
    for (int i = 0; i < WTD_MAX_DEVICES; i++)
        played_size[i] = 0;
    pthread_mutex_unlock(&global_lock);
}

static void append_played(UINT device, const void *bytes, size_t size)
{
    pthread_mutex_lock(&global_lock);
    if (played_size[device] + size > played_capacity[device] && played_size[device] + size <= WTD_OUTPUT_MAX) {
        size_t grown = (played_size[device] + size) * 2;
        unsigned char *bigger = realloc(played[device], grown);
        if (bigger) {
            played[device] = bigger;
            played_capacity[device] = grown;
        }
    }
    if (played_size[device] + size <= played_capacity[device]) {
        memcpy(played[device] + played_size[device], bytes, size);
        played_size[device] += size;
    }
    pthread_mutex_unlock(&global_lock);
}

/* DRV_OPEN's argument: "out=N in=N tag=X" (UTF-16). */
static void parse_knobs(LPCWSTR args)
{
    char text[128] = "";
    for (size_t i = 0; args && args[i] && i + 1 < sizeof text; i++)
        text[i] = args[i] < 128 ? (char)args[i] : '?';
    char *save = NULL;
    for (char *word = strtok_r(text, " \t", &save); word; word = strtok_r(NULL, " \t", &save)) {
        if (strncmp(word, "out=", 4) == 0 && atoi(word + 4) >= 0 && atoi(word + 4) <= WTD_MAX_DEVICES)
            out_devices = (UINT)atoi(word + 4);
        else if (strncmp(word, "in=", 3) == 0 && atoi(word + 3) >= 0 && atoi(word + 3) <= WTD_MAX_DEVICES)
            in_devices = (UINT)atoi(word + 3);
        else if (strncmp(word, "tag=", 4) == 0)
            snprintf(tag, sizeof tag, "%s", word + 4);
    }
}

WTD_EXPORT LRESULT CALLBACK WTD_PROC(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2)
{
    switch (msg) {
    case DRV_LOAD:
        for (int i = 0; i < WTD_MAX_DEVICES; i++)
            device_volume[i] = 0xFFFFFFFFu;
        return 1;
    case DRV_OPEN:
        parse_knobs((LPCWSTR)p1);
        return 1;
    case DRV_FREE:
        /* The module is about to be unloaded: what the devices played goes with it. */
        pthread_mutex_lock(&global_lock);
        for (int i = 0; i < WTD_MAX_DEVICES; i++) {
            free(played[i]);
            played[i] = NULL;
            played_size[i] = played_capacity[i] = 0;
        }
        pthread_mutex_unlock(&global_lock);
        return 1;
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_CLOSE:
        return 1;
    default:
        return DefDriverProc(id, hdrvr, msg, p1, p2);
    }
}

/* ---- one open stream ------------------------------------------------------------------------ */

typedef struct stream {
    bool input;
    UINT device;
    WAVEFORMATEX format;
    WAVEOPENDESC desc;
    DWORD dcb; /* DriverCallback type */
    pthread_mutex_t lock;
    pthread_t thread;
    bool quit, free_on_exit;
    WAVEHDR *head, *tail;  /* queued headers, linked through lpNext */
    WAVEHDR *current;      /* output: the header playing (a loop keeps earlier ones queued) */
    DWORD offset;          /* bytes of `current` (input: of head) done */
    WAVEHDR *loop_start;
    DWORD loops_left;
    bool paused, started;  /* output: paused; input: started */
    bool clock_running;
    struct timespec clock_base;
    uint64_t frames_at_base; /* frames done when the clock (re)started */
    uint64_t frames;         /* the position */
    DWORD volume;
} stream;

/* The open streams, so that DRVM_EXIT can stop the threads of devices the client left open
 * (at process exit, before the driver is unloaded). */
#define WTD_MAX_STREAMS 64
static stream *open_streams[WTD_MAX_STREAMS];

static void track_stream(stream *s, bool add)
{
    pthread_mutex_lock(&global_lock);
    for (int i = 0; i < WTD_MAX_STREAMS; i++) {
        if (add ? open_streams[i] == NULL : open_streams[i] == s) {
            open_streams[i] = add ? s : NULL;
            break;
        }
    }
    pthread_mutex_unlock(&global_lock);
}

/* After `quit` was set: joins the stream's thread and frees it, or, on that very thread (a close
 * from inside a callback), lets the thread free it when it leaves. */
static void end_thread(stream *s, bool own_thread)
{
    if (own_thread) {
        pthread_detach(s->thread);
    } else {
        pthread_join(s->thread, NULL);
        pthread_mutex_destroy(&s->lock);
        free(s);
    }
}

/* DRVM_EXIT: stops and frees every stream of one direction still open. */
static void stop_all_streams(bool input)
{
    for (;;) {
        stream *s = NULL;
        pthread_mutex_lock(&global_lock);
        for (int i = 0; i < WTD_MAX_STREAMS && !s; i++) {
            if (open_streams[i] && open_streams[i]->input == input) {
                s = open_streams[i];
                open_streams[i] = NULL;
            }
        }
        pthread_mutex_unlock(&global_lock);
        if (!s)
            return;
        pthread_mutex_lock(&s->lock);
        s->quit = true;
        bool own_thread = pthread_equal(s->thread, pthread_self());
        s->free_on_exit = own_thread;
        pthread_mutex_unlock(&s->lock);
        end_thread(s, own_thread);
    }
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void notify(stream *s, UINT msg, DWORD_PTR p1)
{
    DriverCallback(s->desc.dwCallback, s->dcb, (HDRVR)s->desc.hWave, msg, s->desc.dwInstance, p1, 0);
}

/* Headers taken off the queue, to give back once the lock is dropped. They are collected in
 * an array, not chained through lpNext: a client that polls WHDR_DONE may queue a header
 * again (which rewrites lpNext) the moment its flags say done. */
typedef struct done_list {
    WAVEHDR **items;
    size_t count, capacity;
} done_list;

/* The header's flags, read and written atomically: clients poll them from other threads. */
static DWORD *flags_of(WAVEHDR *h)
{
    return (DWORD *)(void *)((char *)h + offsetof(WAVEHDR, dwFlags));
}

static DWORD flags_get(WAVEHDR *h)
{
    return __atomic_load_n(flags_of(h), __ATOMIC_ACQUIRE);
}

static void flags_change(WAVEHDR *h, DWORD set, DWORD clear)
{
    DWORD *flags = flags_of(h);
    __atomic_store_n(flags, (__atomic_load_n(flags, __ATOMIC_RELAXED) & ~clear) | set, __ATOMIC_RELEASE);
}

/* Gives headers back: flags first (INQUEUE cleared, DONE set), then the callback; no lock held. */
static void give_back(stream *s, done_list *done)
{
    for (size_t i = 0; i < done->count; i++) {
        flags_change(done->items[i], WHDR_DONE, WHDR_INQUEUE);
        notify(s, s->input ? WIM_DATA : WOM_DONE, (DWORD_PTR)done->items[i]);
    }
    free(done->items);
    *done = (done_list){0};
}

/* Takes the queue off up to and including `last` (all when NULL) into `done`. Locked. */
static void detach_locked(stream *s, WAVEHDR *last, done_list *done)
{
    while (s->head) {
        WAVEHDR *h = s->head;
        if (done->count == done->capacity) {
            size_t grown = done->capacity ? done->capacity * 2 : 8;
            WAVEHDR **bigger = realloc(done->items, grown * sizeof *bigger);
            if (!bigger)
                abort(); /* a test driver: out of memory is not a case to test here */
            done->items = bigger;
            done->capacity = grown;
        }
        done->items[done->count++] = h;
        s->head = h->lpNext;
        h->lpNext = NULL;
        if (h == last)
            break;
    }
    if (!s->head)
        s->tail = NULL;
}

static void restart_clock_locked(stream *s)
{
    clock_gettime(CLOCK_MONOTONIC, &s->clock_base);
    s->frames_at_base = s->frames;
    s->clock_running = true;
}

/* How many frames are due by now. Locked. */
static uint64_t frames_due_locked(stream *s)
{
    uint64_t base = (uint64_t)s->clock_base.tv_sec * 1000000000u + (uint64_t)s->clock_base.tv_nsec;
    uint64_t elapsed = now_ns() - base;
    uint64_t target = s->frames_at_base + elapsed * s->format.nSamplesPerSec / 1000000000u;
    return target > s->frames ? target - s->frames : 0;
}

/* Plays up to `frames` frames; the headers finished go to `done`. Locked. */
static void play_locked(stream *s, uint64_t frames, done_list *done)
{
    WORD block = s->format.nBlockAlign;
    while (frames > 0 && s->current) {
        WAVEHDR *h = s->current;
        if (s->offset == 0 && (flags_get(h) & WHDR_BEGINLOOP) && !s->loop_start) {
            s->loop_start = h;
            s->loops_left = h->dwLoops ? h->dwLoops : 1;
        }
        DWORD left = (h->dwBufferLength - s->offset) / block * block;
        uint64_t take = frames * block < left ? frames * block : left;
        if (take) {
            append_played(s->device, h->lpData + s->offset, (size_t)take);
            s->offset += (DWORD)take;
            s->frames += take / block;
            frames -= take / block;
        }
        if ((h->dwBufferLength - s->offset) >= block)
            break;
        /* The header is finished. */
        s->offset = 0;
        if (s->loop_start && (flags_get(h) & WHDR_ENDLOOP) && --s->loops_left > 0) {
            s->current = s->loop_start;
            continue;
        }
        if (s->loop_start && (flags_get(h) & WHDR_ENDLOOP))
            s->loop_start = NULL;
        s->current = h->lpNext;
        if (!s->loop_start)
            detach_locked(s, h, done);
    }
    if (!s->current)
        s->clock_running = false; /* underrun: the clock restarts at the next write */
}

/* The known input signal. */
static int16_t input_sample(uint64_t frame, unsigned channel)
{
    return (int16_t)(uint16_t)(frame * 3u + channel * 1000u);
}

/* Records up to `frames` frames into the queued headers; the full ones go to `done`. Locked. */
static void record_locked(stream *s, uint64_t frames, done_list *done)
{
    WORD block = s->format.nBlockAlign;
    while (frames > 0) {
        WAVEHDR *h = s->head;
        if (!h) {
            s->frames += frames; /* nowhere to put them: lost */
            break;
        }
        while (frames > 0 && h->dwBufferLength - h->dwBytesRecorded >= block) {
            for (unsigned c = 0; c < s->format.nChannels; c++) {
                int16_t sample = input_sample(s->frames, c);
                memcpy(h->lpData + h->dwBytesRecorded + c * 2u, &sample, sizeof sample);
            }
            h->dwBytesRecorded += block;
            s->frames++;
            frames--;
        }
        if (h->dwBufferLength - h->dwBytesRecorded < block)
            detach_locked(s, h, done);
    }
}

static void *stream_thread(void *arg)
{
    stream *s = arg;
    for (;;) {
        struct timespec tick = {0, WTD_TICK_NS};
        nanosleep(&tick, NULL);
        pthread_mutex_lock(&s->lock);
        if (s->quit) {
            bool free_self = s->free_on_exit;
            pthread_mutex_unlock(&s->lock);
            if (free_self) {
                pthread_mutex_destroy(&s->lock);
                free(s);
            }
            return NULL;
        }
        done_list done = {0};
        if (s->clock_running) {
            uint64_t due = frames_due_locked(s);
            if (s->input)
                record_locked(s, due, &done);
            else
                play_locked(s, due, &done);
        }
        pthread_mutex_unlock(&s->lock);
        give_back(s, &done);
    }
}

static bool format_ok(const WAVEFORMATEX *f)
{
    return f->wFormatTag == WAVE_FORMAT_PCM && f->wBitsPerSample == 16 && (f->nChannels == 1 || f->nChannels == 2) &&
           f->nSamplesPerSec >= 8000 && f->nSamplesPerSec <= 96000 && f->nBlockAlign == f->nChannels * 2;
}

static DWORD stream_open(bool input, UINT dev, DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD flags)
{
    if (dev >= (input ? in_devices : out_devices))
        return MMSYSERR_BADDEVICEID;
    if (!user || !desc || !desc->lpFormat)
        return MMSYSERR_INVALPARAM;
    WAVEFORMATEX format;
    memcpy(&format, desc->lpFormat, sizeof format);
    if (!format_ok(&format))
        return WAVERR_BADFORMAT;
    if (flags & WAVE_FORMAT_QUERY)
        return MMSYSERR_NOERROR;
    stream *s = calloc(1, sizeof *s);
    if (!s)
        return MMSYSERR_NOMEM;
    s->input = input;
    s->device = dev;
    s->format = format;
    s->desc = *desc;
    s->desc.lpFormat = &s->format;
    s->dcb = HIWORD(flags & CALLBACK_TYPEMASK);
    s->volume = 0xFFFFFFFFu;
    pthread_mutex_init(&s->lock, NULL);
    if (pthread_create(&s->thread, NULL, stream_thread, s) != 0) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return MMSYSERR_NOMEM;
    }
    *user = (DWORD_PTR)s;
    track_stream(s, true);
    notify(s, input ? WIM_OPEN : WOM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

static DWORD stream_close(stream *s)
{
    pthread_mutex_lock(&s->lock);
    if (s->head) {
        pthread_mutex_unlock(&s->lock);
        return WAVERR_STILLPLAYING;
    }
    s->quit = true;
    bool own_thread = pthread_equal(s->thread, pthread_self());
    s->free_on_exit = own_thread;
    track_stream(s, false);
    pthread_mutex_unlock(&s->lock);
    notify(s, s->input ? WIM_CLOSE : WOM_CLOSE, 0);
    end_thread(s, own_thread);
    return MMSYSERR_NOERROR;
}

static DWORD stream_queue(stream *s, WAVEHDR *h, DWORD size)
{
    if (!h || size < sizeof(WAVEHDR) || !h->lpData)
        return MMSYSERR_INVALPARAM;
    if (!(flags_get(h) & WHDR_PREPARED))
        return WAVERR_UNPREPARED;
    pthread_mutex_lock(&s->lock);
    flags_change(h, WHDR_INQUEUE, WHDR_DONE);
    h->lpNext = NULL;
    if (s->input)
        h->dwBytesRecorded = 0;
    if (s->tail)
        s->tail->lpNext = h;
    else
        s->head = h;
    s->tail = h;
    if (!s->input && !s->current) {
        s->current = h;
        s->offset = 0;
        if (!s->paused)
            restart_clock_locked(s);
    }
    pthread_mutex_unlock(&s->lock);
    return MMSYSERR_NOERROR;
}

/* Reset (both), Stop (input): returns buffers on the caller's thread before returning. */
static DWORD stream_stop(stream *s, bool reset)
{
    pthread_mutex_lock(&s->lock);
    done_list done = {0};
    if (reset) {
        detach_locked(s, NULL, &done);
        s->current = NULL;
        s->loop_start = NULL;
        s->offset = 0;
        s->frames = 0;
        s->paused = s->started = false;
        s->clock_running = false;
    } else if (s->started) {
        if (s->clock_running)
            record_locked(s, frames_due_locked(s), &done);
        s->started = s->clock_running = false;
        if (s->head && s->head->dwBytesRecorded > 0)
            detach_locked(s, s->head, &done);
    }
    pthread_mutex_unlock(&s->lock);
    give_back(s, &done);
    return MMSYSERR_NOERROR;
}

static DWORD stream_position(stream *s, MMTIME *t, DWORD size)
{
    if (!t || size < sizeof(MMTIME))
        return MMSYSERR_INVALPARAM;
    pthread_mutex_lock(&s->lock);
    uint64_t frames = s->frames;
    pthread_mutex_unlock(&s->lock);
    switch (t->wType) {
    case TIME_SAMPLES:
        t->u.sample = (DWORD)frames;
        break;
    case TIME_MS:
        t->u.ms = (DWORD)(frames * 1000u / s->format.nSamplesPerSec);
        break;
    default:
        t->wType = TIME_BYTES;
        t->u.cb = (DWORD)(frames * s->format.nBlockAlign);
        break;
    }
    return MMSYSERR_NOERROR;
}

static void caps_name(WCHAR *out, const char *kind, UINT dev)
{
    char name[MAXPNAMELEN];
    /* the name is cut to MAXPNAMELEN - 1 characters, as a driver's caps name is */
    int length = snprintf(NULL, 0, "Wave Test %s %u (%s)", kind, dev, tag);
    char full[128];
    if (length < 0 || (size_t)length >= sizeof full)
        length = 0;
    snprintf(full, sizeof full, "Wave Test %s %u (%s)", kind, dev, tag);
    memcpy(name, full, sizeof name - 1);
    name[sizeof name - 1] = '\0';
    for (int i = 0; i < MAXPNAMELEN; i++)
        out[i] = (WCHAR)(unsigned char)name[i];
}

static DWORD device_caps(bool input, UINT dev, void *caps, DWORD size)
{
    if (dev >= (input ? in_devices : out_devices))
        return MMSYSERR_BADDEVICEID;
    if (!caps)
        return MMSYSERR_INVALPARAM;
    WAVEOUTCAPSW out;
    memset(&out, 0, sizeof out);
    out.wMid = 0xFF;
    out.wPid = input ? 2 : 1;
    out.vDriverVersion = 0x0100;
    WCHAR name[MAXPNAMELEN];
    caps_name(name, input ? "In" : "Out", dev);
    memcpy(out.szPname, name, sizeof name);
    out.dwFormats = WAVE_FORMAT_1M16 | WAVE_FORMAT_1S16 | WAVE_FORMAT_2M16 | WAVE_FORMAT_2S16 | WAVE_FORMAT_4M16 |
                    WAVE_FORMAT_4S16 | WAVE_FORMAT_48M16 | WAVE_FORMAT_48S16 | WAVE_FORMAT_96M16 | WAVE_FORMAT_96S16;
    out.wChannels = 2;
    out.dwSupport = WAVECAPS_VOLUME | WAVECAPS_LRVOLUME | WAVECAPS_SAMPLEACCURATE;
    /* WAVEINCAPSW is WAVEOUTCAPSW without dwSupport. */
    size_t full = input ? sizeof(WAVEINCAPSW) : sizeof(WAVEOUTCAPSW);
    memcpy(caps, &out, size < full ? size : full);
    return MMSYSERR_NOERROR;
}

static DWORD volume(UINT dev, stream *s, UINT msg, DWORD_PTR p1)
{
    if (dev >= out_devices)
        return MMSYSERR_BADDEVICEID;
    DWORD *slot = s ? &s->volume : &device_volume[dev];
    pthread_mutex_lock(&global_lock);
    DWORD result = MMSYSERR_NOERROR;
    if (msg == WODM_SETVOLUME)
        *slot = (DWORD)p1;
    else if (p1)
        memcpy((void *)p1, slot, sizeof *slot);
    else
        result = MMSYSERR_INVALPARAM;
    pthread_mutex_unlock(&global_lock);
    return result;
}

static DWORD set_flag(stream *s, UINT msg)
{
    pthread_mutex_lock(&s->lock);
    switch (msg) {
    case WODM_PAUSE:
        if (!s->paused && s->clock_running) {
            done_list done = {0};
            play_locked(s, frames_due_locked(s), &done);
            s->clock_running = false;
            pthread_mutex_unlock(&s->lock);
            give_back(s, &done);
            pthread_mutex_lock(&s->lock);
        }
        s->paused = true;
        break;
    case WODM_RESTART:
        if (s->paused && s->current)
            restart_clock_locked(s);
        s->paused = false;
        break;
    case WODM_BREAKLOOP:
        if (s->loop_start)
            s->loops_left = 1;
        break;
    case WIDM_START:
        if (!s->started)
            restart_clock_locked(s);
        s->started = true;
        break;
    }
    pthread_mutex_unlock(&s->lock);
    return MMSYSERR_NOERROR;
}

static void log_class(bool input, UINT msg)
{
    const char *cls = input ? "wid" : "wod";
    if (msg == DRVM_INIT)
        log_word(cls, "init");
    else if (msg == DRVM_EXIT)
        log_word(cls, "exit");
    else if (msg == (input ? WIDM_GETNUMDEVS : WODM_GETNUMDEVS))
        log_word(cls, "numdevs");
}

WTD_EXPORT DWORD CALLBACK WTD_WOD(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    stream *s = (stream *)user;
    log_class(false, msg);
    switch (msg) {
    case DRVM_EXIT:
        stop_all_streams(false);
        return MMSYSERR_NOERROR;
    case DRVM_INIT:
        return MMSYSERR_NOERROR;
    case WODM_GETNUMDEVS:
        return out_devices;
    case WODM_GETDEVCAPS:
        return device_caps(false, dev, (void *)p1, (DWORD)p2);
    case WODM_OPEN:
        return stream_open(false, dev, (DWORD_PTR *)user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    case WODM_GETVOLUME:
    case WODM_SETVOLUME:
        return volume(dev, s, msg, p1);
    }
    if (!s)
        return MMSYSERR_NOTSUPPORTED;
    switch (msg) {
    case WODM_CLOSE:
        return stream_close(s);
    case WODM_WRITE:
        return stream_queue(s, (WAVEHDR *)p1, (DWORD)p2);
    case WODM_PAUSE:
    case WODM_RESTART:
    case WODM_BREAKLOOP:
        return set_flag(s, msg);
    case WODM_RESET:
        return stream_stop(s, true);
    case WODM_GETPOS:
        return stream_position(s, (MMTIME *)p1, (DWORD)p2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

WTD_EXPORT DWORD CALLBACK WTD_WID(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    stream *s = (stream *)user;
    log_class(true, msg);
    switch (msg) {
    case DRVM_EXIT:
        stop_all_streams(true);
        return MMSYSERR_NOERROR;
    case DRVM_INIT:
        return MMSYSERR_NOERROR;
    case WIDM_GETNUMDEVS:
        return in_devices;
    case WIDM_GETDEVCAPS:
        return device_caps(true, dev, (void *)p1, (DWORD)p2);
    case WIDM_OPEN:
        return stream_open(true, dev, (DWORD_PTR *)user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    }
    if (!s)
        return MMSYSERR_NOTSUPPORTED;
    switch (msg) {
    case WIDM_CLOSE:
        return stream_close(s);
    case WIDM_ADDBUFFER:
        return stream_queue(s, (WAVEHDR *)p1, (DWORD)p2);
    case WIDM_START:
        return set_flag(s, msg);
    case WIDM_STOP:
        return stream_stop(s, false);
    case WIDM_RESET:
        return stream_stop(s, true);
    case WIDM_GETPOS:
        return stream_position(s, (MMTIME *)p1, (DWORD)p2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
