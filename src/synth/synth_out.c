/*
 * synth_out.c - one open of the synthesizer: a FluidSynth instance, a 44100 Hz 16-bit stereo
 * wave output (the wave mapper, CALLBACK_FUNCTION) and a render thread that keeps up to
 * SYNTH_BUFFERS blocks of SYNTH_BLOCK_FRAMES frames queued. Events are stamped on arrival and
 * applied at the frame standing for their arrival time plus SYNTH_LATENCY_FRAMES
 * (synth_sched.c); the thread takes a block once it is free (WOM_DONE) and renders each piece
 * of it once every event that can fall into the piece has arrived. Long messages are copied,
 * so they complete (MOM_DONE) before MODM_LONGDATA returns.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "common_int.h"
#include "synth_out_int.h"
#include "synth_sched_int.h"

#define SYNTH_BUFFERS 8 /* more than the wave device holds back between two WOM_DONE bursts */
#define SYNTH_BLOCK_FRAMES 441u /* 10 ms at 44100 Hz */
/* A block is rendered in pieces, each as soon as its frames fall due on the clock. */
#define SYNTH_PIECE_FRAMES (SYNTH_BLOCK_FRAMES / 3) /* 147 frames, 3.3 ms */
/* From an event's arrival to its frame: one piece, the least that lets every event of a piece
 * arrive before the piece is rendered. */
#define SYNTH_LATENCY_FRAMES SYNTH_PIECE_FRAMES
/* Silence rendered ahead of the clock at the start: the margin the output device keeps against
 * a late render thread (it adds to the latency of the sound, not to the timing of events). */
#define SYNTH_PREROLL_FRAMES (4 * SYNTH_BLOCK_FRAMES - SYNTH_LATENCY_FRAMES)
/* How far the output may fall behind the clock before the clock is moved back to it. */
#define SYNTH_SLACK_FRAMES (PACM_SYNTH_RATE / 5)

typedef struct synth_open {
    struct synth_open *next; /* the list of opens (opens_lock) */
    pacm_synth_core *core;
    HWAVEOUT wave;
    WAVEHDR headers[SYNTH_BUFFERS];
    int16_t samples[SYNTH_BUFFERS][SYNTH_BLOCK_FRAMES * 2];
    pacm_synth_sched sched;
    uint64_t frame; /* frames rendered (render thread) */
    pacm_synth_event *taken; /* the events of the block being rendered (render thread) */
    size_t taken_capacity;
    pthread_t thread;
    pthread_mutex_t lock; /* free_mask, stop */
    pthread_cond_t cond;
    unsigned free_mask; /* the blocks not queued on the wave device */
    bool stop;
    _Atomic DWORD volume; /* low word left, high word right */
    DWORD_PTR callback, instance;
    HDRVR hmidi;
    DWORD callback_flags;
} synth_open;

static pthread_mutex_t opens_lock = PTHREAD_MUTEX_INITIALIZER;
static synth_open *opens;
static DWORD device_volume = 0xFFFFFFFFu; /* opens_lock */

static void notify(synth_open *o, UINT msg, DWORD_PTR p1)
{
    DriverCallback(o->callback, o->callback_flags, o->hmidi, msg, o->instance, p1, 0);
}

static void CALLBACK wave_done(HWAVEOUT wave, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    synth_open *o = (synth_open *)instance;
    (void)wave, (void)p2;
    if (msg != WOM_DONE || !p1)
        return;
    pthread_mutex_lock(&o->lock);
    o->free_mask |= 1u << ((WAVEHDR *)p1)->dwUser;
    pthread_cond_signal(&o->cond);
    pthread_mutex_unlock(&o->lock);
}

/* Waits until block `block` is free or stop; false on stop. o->lock held. */
static bool wait_free(synth_open *o, unsigned *block)
{
    while (!o->stop && o->free_mask == 0)
        pthread_cond_wait(&o->cond, &o->lock);
    if (o->stop)
        return false;
    *block = 0;
    while (!(o->free_mask & (1u << *block)))
        (*block)++;
    return true;
}

/* Waits until CLOCK_MONOTONIC time `ns` or stop; false on stop. o->lock held. */
static bool wait_until(synth_open *o, uint64_t ns)
{
    struct timespec deadline = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    while (!o->stop && pacm_synth_now_ns() < ns)
        if (pthread_cond_timedwait(&o->cond, &o->lock, &deadline) != 0)
            break;
    return !o->stop;
}

/* Renders the next SYNTH_PIECE_FRAMES frames into block `block` at frame offset `at`. */
static void render_piece(synth_open *o, unsigned block, size_t at)
{
    DWORD volume = atomic_load(&o->volume);
    void (*hook)(const pacm_synth_trace *) = atomic_load(&pacm_synth_trace_hook);
    int16_t *out = o->samples[block] + 2 * at;
    size_t n = pacm_synth_sched_take(&o->sched, o->frame + SYNTH_PIECE_FRAMES, &o->taken, &o->taken_capacity);
    pacm_synth_render_events(o->core, out, o->frame, SYNTH_PIECE_FRAMES, o->taken, n,
                             (float)(volume & 0xFFFF) / 65535.0f, (float)(volume >> 16) / 65535.0f);
    if (hook) {
        pacm_synth_trace t = {o->frame, SYNTH_PIECE_FRAMES, out, pacm_synth_now_ns(),
                              pacm_synth_sched_frame_ns(&o->sched, o->frame), PACM_SYNTH_RATE,
                              SYNTH_LATENCY_FRAMES, o->taken, n};
        hook(&t);
    }
    for (size_t i = 0; i < n; i++) {
        pacm_mem_free(o->taken[i].data);
        o->taken[i].data = NULL;
    }
    o->frame += SYNTH_PIECE_FRAMES;
}

/* Renders block `block` piece by piece, each once its frames fall due; false on stop. */
static bool render_block(synth_open *o, unsigned block)
{
    for (size_t at = 0; at < SYNTH_BLOCK_FRAMES; at += SYNTH_PIECE_FRAMES) {
        uint64_t ready = pacm_synth_sched_ready_ns(&o->sched, o->frame + SYNTH_PIECE_FRAMES, SYNTH_SLACK_FRAMES);
        bool running;
        pthread_mutex_lock(&o->lock);
        running = wait_until(o, ready);
        pthread_mutex_unlock(&o->lock);
        if (!running)
            return false;
        render_piece(o, block, at);
    }
    return true;
}

static void *render_thread(void *arg)
{
    synth_open *o = arg;
    for (;;) {
        unsigned block;
        pthread_mutex_lock(&o->lock);
        if (!wait_free(o, &block)) {
            pthread_mutex_unlock(&o->lock);
            return NULL;
        }
        o->free_mask &= ~(1u << block);
        pthread_mutex_unlock(&o->lock);
        if (!render_block(o, block))
            return NULL;
        if (waveOutWrite(o->wave, &o->headers[block], sizeof(WAVEHDR)) != MMSYSERR_NOERROR) {
            pacm_log_debug("synth: the wave device refused a block; rendering stops");
            return NULL;
        }
    }
}

/* Opens the wave mapper and prepares the blocks; false on failure (nothing left open). */
static MMRESULT wave_open(synth_open *o)
{
    WAVEFORMATEX fmt = {WAVE_FORMAT_PCM, 2, PACM_SYNTH_RATE, PACM_SYNTH_RATE * 4, 4, 16, 0};
    MMRESULT result = waveOutOpen(&o->wave, WAVE_MAPPER, &fmt, (DWORD_PTR)wave_done, (DWORD_PTR)o, CALLBACK_FUNCTION);
    if (result != MMSYSERR_NOERROR) {
        pacm_log_debug("synth: no wave output (%u)", (unsigned)result);
        return result;
    }
    for (unsigned i = 0; i < SYNTH_BUFFERS; i++) {
        WAVEHDR *h = &o->headers[i];
        h->lpData = (LPSTR)o->samples[i];
        h->dwBufferLength = sizeof o->samples[i];
        h->dwUser = i;
        result = waveOutPrepareHeader(o->wave, h, sizeof *h);
        if (result != MMSYSERR_NOERROR) {
            waveOutClose(o->wave);
            return result;
        }
    }
    return MMSYSERR_NOERROR;
}

static void wave_close(synth_open *o)
{
    waveOutReset(o->wave);
    for (unsigned i = 0; i < SYNTH_BUFFERS; i++)
        waveOutUnprepareHeader(o->wave, &o->headers[i], sizeof(WAVEHDR));
    waveOutClose(o->wave);
}

static void open_free(synth_open *o)
{
    pacm_synth_core_destroy(o->core);
    pacm_synth_sched_destroy(&o->sched);
    pacm_mem_free(o->taken);
    pthread_cond_destroy(&o->cond);
    pthread_mutex_destroy(&o->lock);
    pacm_mem_free(o);
}

static MMRESULT open_start(synth_open *o)
{
    MMRESULT result;
    o->core = pacm_synth_core_create(pacm_synth_driver_soundfont(), PACM_SYNTH_RATE);
    if (!o->core)
        return MMSYSERR_NOMEM;
    result = wave_open(o);
    if (result != MMSYSERR_NOERROR)
        return result;
    o->free_mask = (1u << SYNTH_BUFFERS) - 1;
    pacm_synth_sched_start(&o->sched, SYNTH_PREROLL_FRAMES); /* opening the wave device took a while */
    if (pthread_create(&o->thread, NULL, render_thread, o) != 0) {
        wave_close(o);
        return MMSYSERR_NOMEM;
    }
    return MMSYSERR_NOERROR;
}

/* The lock, the condition (on CLOCK_MONOTONIC) and the event queue; false on failure. */
static bool init_sync(synth_open *o)
{
    pthread_condattr_t attr;
    bool ok;
    if (pthread_condattr_init(&attr) != 0)
        return false;
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    ok = pthread_cond_init(&o->cond, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (!ok)
        return false;
    if (pthread_mutex_init(&o->lock, NULL) != 0) {
        pthread_cond_destroy(&o->cond);
        return false;
    }
    if (!pacm_synth_sched_init(&o->sched, PACM_SYNTH_RATE, SYNTH_LATENCY_FRAMES)) {
        pthread_mutex_destroy(&o->lock);
        pthread_cond_destroy(&o->cond);
        return false;
    }
    return true;
}

DWORD pacm_synth_out_open(DWORD_PTR *user, const MIDIOPENDESC *desc, DWORD flags)
{
    synth_open *o;
    MMRESULT result;
    if (!user || !desc)
        return MMSYSERR_INVALPARAM;
    if (flags & MIDI_IO_COOKED)
        return MMSYSERR_NOTSUPPORTED; /* no MIDICAPS_STREAM: winmm plays streams itself */
    o = pacm_mem_calloc(1, sizeof *o);
    if (!o)
        return MMSYSERR_NOMEM;
    if (!init_sync(o)) {
        pacm_mem_free(o);
        return MMSYSERR_NOMEM;
    }
    o->callback = desc->dwCallback;
    o->instance = desc->dwInstance;
    o->hmidi = (HDRVR)desc->hMidi;
    o->callback_flags = HIWORD(flags & CALLBACK_TYPEMASK);
    pthread_mutex_lock(&opens_lock);
    atomic_store(&o->volume, device_volume);
    pthread_mutex_unlock(&opens_lock);
    result = open_start(o);
    if (result != MMSYSERR_NOERROR) {
        open_free(o);
        return result;
    }
    pthread_mutex_lock(&opens_lock);
    o->next = opens;
    opens = o;
    pthread_mutex_unlock(&opens_lock);
    *user = (DWORD_PTR)o;
    notify(o, MOM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

/* The open whose instance value is `user`, or NULL (a value this driver never gave). */
static synth_open *open_find(DWORD_PTR user)
{
    synth_open *o;
    pthread_mutex_lock(&opens_lock);
    for (o = opens; o && (DWORD_PTR)o != user; o = o->next)
        ;
    pthread_mutex_unlock(&opens_lock);
    return o;
}

static DWORD out_close(synth_open *o)
{
    synth_open **link;
    pthread_mutex_lock(&opens_lock);
    for (link = &opens; *link != o; link = &(*link)->next)
        ;
    *link = o->next;
    pthread_mutex_unlock(&opens_lock);
    pthread_mutex_lock(&o->lock);
    o->stop = true;
    pthread_cond_signal(&o->cond);
    pthread_mutex_unlock(&o->lock);
    pthread_join(o->thread, NULL);
    wave_close(o);
    notify(o, MOM_CLOSE, 0);
    open_free(o);
    return MMSYSERR_NOERROR;
}

static DWORD out_long(synth_open *o, MIDIHDR *hdr, DWORD_PTR size)
{
    if (!hdr || size < offsetof(MIDIHDR, dwOffset) || !hdr->lpData)
        return MMSYSERR_INVALPARAM;
    if (!(hdr->dwFlags & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    /* winmm has checked that the header was not queued and marked it MHDR_INQUEUE; the data is
     * copied and applied at its frame */
    if (!pacm_synth_sched_add(&o->sched, 0, (const uint8_t *)hdr->lpData, hdr->dwBufferLength))
        return MMSYSERR_NOMEM;
    hdr->dwFlags = (hdr->dwFlags & ~(DWORD)MHDR_INQUEUE) | MHDR_DONE;
    notify(o, MOM_DONE, (DWORD_PTR)hdr); /* the header is not touched after this */
    return MMSYSERR_NOERROR;
}

DWORD pacm_synth_out_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    synth_open *o = open_find(user);
    if (!o)
        return MMSYSERR_INVALHANDLE;
    switch (msg) {
    case MODM_CLOSE:
        return out_close(o);
    case MODM_DATA:
        return pacm_synth_sched_add(&o->sched, (uint32_t)p1, NULL, 0) ? MMSYSERR_NOERROR : MMSYSERR_NOMEM;
    case MODM_LONGDATA:
        return out_long(o, (MIDIHDR *)p1, p2);
    case MODM_RESET: /* at once: what is queued is dropped */
        pacm_synth_sched_clear(&o->sched);
        pacm_synth_core_reset(o->core);
        return MMSYSERR_NOERROR;
    case MODM_GETVOLUME:
        if (!p1)
            return MMSYSERR_INVALPARAM;
        *(DWORD *)p1 = atomic_load(&o->volume);
        return MMSYSERR_NOERROR;
    case MODM_SETVOLUME:
        atomic_store(&o->volume, (DWORD)p1);
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

DWORD pacm_synth_out_device_volume(UINT msg, DWORD_PTR p1)
{
    if (msg == MODM_GETVOLUME && !p1)
        return MMSYSERR_INVALPARAM;
    pthread_mutex_lock(&opens_lock);
    if (msg == MODM_GETVOLUME) {
        *(DWORD *)p1 = device_volume;
    } else {
        device_volume = (DWORD)p1;
        for (synth_open *o = opens; o; o = o->next)
            atomic_store(&o->volume, device_volume);
    }
    pthread_mutex_unlock(&opens_lock);
    return MMSYSERR_NOERROR;
}
