/*
 * synth_out.c - one open of the synthesizer: a FluidSynth instance, a 44100 Hz 16-bit stereo
 * wave output (the wave mapper, CALLBACK_FUNCTION) and a render thread that keeps
 * SYNTH_BUFFERS blocks of SYNTH_BLOCK_FRAMES frames queued, rendering a block as soon as the
 * wave device returns one (WOM_DONE). Short messages are applied at once, so they sound from
 * the next block rendered; long messages complete before MODM_LONGDATA returns.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdatomic.h>
#include <string.h>

#include "common_int.h"
#include "synth_out_int.h"

#define SYNTH_BUFFERS 4
#define SYNTH_BLOCK_FRAMES 441u /* 10 ms at 44100 Hz */

typedef struct synth_open {
    struct synth_open *next; /* the list of opens (opens_lock) */
    pacm_synth_core *core;
    HWAVEOUT wave;
    WAVEHDR headers[SYNTH_BUFFERS];
    int16_t samples[SYNTH_BUFFERS][SYNTH_BLOCK_FRAMES * 2];
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

static void *render_thread(void *arg)
{
    synth_open *o = arg;
    for (;;) {
        unsigned block = 0;
        DWORD volume;
        pthread_mutex_lock(&o->lock);
        while (!o->stop && o->free_mask == 0)
            pthread_cond_wait(&o->cond, &o->lock);
        if (o->stop) {
            pthread_mutex_unlock(&o->lock);
            return NULL;
        }
        while (!(o->free_mask & (1u << block)))
            block++;
        o->free_mask &= ~(1u << block);
        pthread_mutex_unlock(&o->lock);
        volume = atomic_load(&o->volume);
        pacm_synth_core_render(o->core, o->samples[block], SYNTH_BLOCK_FRAMES, (float)(volume & 0xFFFF) / 65535.0f,
                               (float)(volume >> 16) / 65535.0f);
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
    if (pthread_create(&o->thread, NULL, render_thread, o) != 0) {
        wave_close(o);
        return MMSYSERR_NOMEM;
    }
    return MMSYSERR_NOERROR;
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
    if (pthread_mutex_init(&o->lock, NULL) != 0 || pthread_cond_init(&o->cond, NULL) != 0) {
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
    if (hdr->dwFlags & MHDR_INQUEUE)
        return MIDIERR_STILLPLAYING;
    hdr->dwFlags &= ~MHDR_DONE;
    pacm_synth_core_long(o->core, (const uint8_t *)hdr->lpData, hdr->dwBufferLength);
    hdr->dwFlags |= MHDR_DONE;
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
        pacm_synth_core_short(o->core, (uint32_t)p1);
        return MMSYSERR_NOERROR;
    case MODM_LONGDATA:
        return out_long(o, (MIDIHDR *)p1, p2);
    case MODM_RESET:
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
