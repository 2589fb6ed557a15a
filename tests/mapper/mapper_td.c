/*
 * mapper_td.c - the mapper tests' in-memory wave devices (mapper_td.h): the message functions
 * the driver shim forwards to.
 */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mapper_td.h"
#include "mmddk.h"
#include "mmsystem.h"

#define TD_EXPORT __attribute__((visibility("default")))
#define TD_QUEUE 64

typedef struct td_open {
    bool input;
    UINT dev;
    WAVEFORMATEX fmt;
    DWORD_PTR callback, instance;
    DWORD dcb;
    HWAVE handle;
    WAVEHDR *queue[TD_QUEUE];
    int head, count;
    bool paused, started, quit, busy;
    uint64_t bytes;
    uint64_t phase;
    pthread_t worker;
    pthread_cond_t cond;
} td_open;

static pthread_mutex_t td_lock = PTHREAD_MUTEX_INITIALIZER;
static mapper_td_capture td_captures[2][2];

TD_EXPORT LRESULT CALLBACK mapper_td_driver_proc(DWORD_PTR id, HDRVR h, UINT msg, LPARAM p1, LPARAM p2);
TD_EXPORT DWORD CALLBACK mapper_td_wod(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
TD_EXPORT DWORD CALLBACK mapper_td_wid(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

const mapper_td_capture *mapper_td_get(int input, UINT dev)
{
    return &td_captures[input ? 1 : 0][dev & 1];
}

void mapper_td_clear(void)
{
    pthread_mutex_lock(&td_lock);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            free(td_captures[i][j].data);
            memset(&td_captures[i][j], 0, sizeof td_captures[i][j]);
        }
    pthread_mutex_unlock(&td_lock);
}

LRESULT CALLBACK mapper_td_driver_proc(DWORD_PTR id, HDRVR h, UINT msg, LPARAM p1, LPARAM p2)
{
    switch (msg) {
    case DRV_LOAD:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_FREE:
    case DRV_CLOSE:
        return 1;
    case DRV_OPEN:
        return 1;
    default:
        return DefDriverProc(id, h, msg, p1, p2);
    }
}

static bool td_accepts(bool input, UINT dev, const WAVEFORMATEX *f)
{
    if (f->wFormatTag != WAVE_FORMAT_PCM || f->nChannels < 1 || f->nChannels > 2)
        return false;
    if (input)
        return f->wBitsPerSample == 16 && (f->nSamplesPerSec == 8000 || f->nSamplesPerSec == 11025 ||
                                           f->nSamplesPerSec == 22050 || f->nSamplesPerSec == 44100 ||
                                           f->nSamplesPerSec == 48000);
    if (dev == 0)
        return f->wBitsPerSample == 16 && f->nChannels == 2 &&
               (f->nSamplesPerSec == 44100 || f->nSamplesPerSec == 48000);
    return (f->wBitsPerSample == 8 || f->wBitsPerSample == 16) && f->nSamplesPerSec >= 8000 &&
           f->nSamplesPerSec <= 96000;
}

static void td_append(mapper_td_capture *c, const void *data, size_t length)
{
    c->data = realloc(c->data, c->length + length + 1);
    memcpy(c->data + c->length, data, length);
    c->length += length;
}

static void td_notify(td_open *o, UINT msg, DWORD_PTR p1)
{
    DriverCallback(o->callback, o->dcb, (HDRVR)o->handle, msg, o->instance, p1, 0);
}

/* Gives header `h` back (no lock held). */
static void td_complete(td_open *o, WAVEHDR *h)
{
    h->dwFlags &= ~WHDR_INQUEUE;
    h->dwFlags |= WHDR_DONE;
    td_notify(o, o->input ? WIM_DATA : WOM_DONE, (DWORD_PTR)h);
}

/* Fills an input buffer with the next part of a 1 kHz sine (all channels alike). */
static void td_record(td_open *o, WAVEHDR *h)
{
    DWORD frames = h->dwBufferLength / o->fmt.nBlockAlign;
    int16_t *s = (int16_t *)h->lpData;

    for (DWORD i = 0; i < frames; i++, o->phase++) {
        int16_t v = (int16_t)lrint(12000.0 * sin(2.0 * M_PI * 1000.0 * (double)o->phase / o->fmt.nSamplesPerSec));
        for (int c = 0; c < o->fmt.nChannels; c++)
            s[i * o->fmt.nChannels + c] = v;
    }
    h->dwBytesRecorded = frames * o->fmt.nBlockAlign;
}

static void *td_worker(void *arg)
{
    td_open *o = arg;
    mapper_td_capture *cap = &td_captures[o->input][o->dev];

    pthread_mutex_lock(&td_lock);
    for (;;) {
        while (!o->quit && (o->count == 0 || (o->input ? !o->started : o->paused)))
            pthread_cond_wait(&o->cond, &td_lock);
        if (o->quit)
            break;
        WAVEHDR *h = o->queue[o->head];
        o->head = (o->head + 1) % TD_QUEUE;
        o->count--;
        if (o->input)
            td_record(o, h);
        DWORD n = o->input ? h->dwBytesRecorded : h->dwBufferLength;
        td_append(cap, h->lpData, n);
        o->bytes += n;
        o->busy = true;
        pthread_mutex_unlock(&td_lock);
        td_complete(o, h);
        pthread_mutex_lock(&td_lock);
        o->busy = false;
        pthread_cond_broadcast(&o->cond);
    }
    pthread_mutex_unlock(&td_lock);
    return NULL;
}

static DWORD td_open_device(bool input, UINT dev, DWORD_PTR user, const WAVEOPENDESC *desc, DWORD flags)
{
    if (!td_accepts(input, dev, desc->lpFormat))
        return WAVERR_BADFORMAT;
    pthread_mutex_lock(&td_lock);
    if (flags & WAVE_FORMAT_QUERY) {
        td_captures[input][dev].queries++;
        pthread_mutex_unlock(&td_lock);
        return MMSYSERR_NOERROR;
    }
    td_captures[input][dev].opens++;
    memcpy(&td_captures[input][dev].format, desc->lpFormat, sizeof(PCMWAVEFORMAT));
    pthread_mutex_unlock(&td_lock);
    td_open *o = calloc(1, sizeof *o);
    o->input = input;
    o->dev = dev;
    memcpy(&o->fmt, desc->lpFormat, sizeof(PCMWAVEFORMAT));
    o->callback = desc->dwCallback;
    o->instance = desc->dwInstance;
    o->dcb = HIWORD(flags & CALLBACK_TYPEMASK);
    o->handle = desc->hWave;
    pthread_cond_init(&o->cond, NULL);
    pthread_create(&o->worker, NULL, td_worker, o);
    *(DWORD_PTR *)user = (DWORD_PTR)o;
    td_notify(o, input ? WIM_OPEN : WOM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

static DWORD td_close(td_open *o)
{
    pthread_mutex_lock(&td_lock);
    /* The last completion may still be returning from the client's callback. */
    while (o->busy && !pthread_equal(pthread_self(), o->worker))
        pthread_cond_wait(&o->cond, &td_lock);
    if (o->count != 0) {
        pthread_mutex_unlock(&td_lock);
        return WAVERR_STILLPLAYING;
    }
    o->quit = true;
    pthread_cond_broadcast(&o->cond);
    pthread_mutex_unlock(&td_lock);
    if (!pthread_equal(pthread_self(), o->worker))
        pthread_join(o->worker, NULL);
    else
        pthread_detach(o->worker);
    td_notify(o, o->input ? WIM_CLOSE : WOM_CLOSE, 0);
    pthread_cond_destroy(&o->cond);
    free(o);
    return MMSYSERR_NOERROR;
}

static DWORD td_queue(td_open *o, WAVEHDR *h)
{
    pthread_mutex_lock(&td_lock);
    if (o->count == TD_QUEUE) {
        pthread_mutex_unlock(&td_lock);
        return MMSYSERR_NOMEM;
    }
    o->queue[(o->head + o->count) % TD_QUEUE] = h;
    o->count++;
    pthread_cond_broadcast(&o->cond);
    pthread_mutex_unlock(&td_lock);
    return MMSYSERR_NOERROR;
}

/* Returns every queued header on the caller's thread; the position goes back to 0. */
static DWORD td_reset(td_open *o)
{
    WAVEHDR *back[TD_QUEUE];
    int n = 0;

    pthread_mutex_lock(&td_lock);
    while (o->busy && !pthread_equal(pthread_self(), o->worker))
        pthread_cond_wait(&o->cond, &td_lock);
    while (o->count > 0) {
        back[n++] = o->queue[o->head];
        o->head = (o->head + 1) % TD_QUEUE;
        o->count--;
    }
    o->bytes = 0;
    o->started = false;
    pthread_mutex_unlock(&td_lock);
    for (int i = 0; i < n; i++) {
        back[i]->dwBytesRecorded = 0;
        td_complete(o, back[i]);
    }
    return MMSYSERR_NOERROR;
}

static DWORD td_position(td_open *o, MMTIME *t, DWORD_PTR size)
{
    if (t == NULL || size < sizeof(MMTIME))
        return MMSYSERR_INVALPARAM;
    pthread_mutex_lock(&td_lock);
    uint64_t bytes = o->bytes;
    pthread_mutex_unlock(&td_lock);
    if (t->wType == TIME_SAMPLES) {
        t->u.sample = (DWORD)(bytes / o->fmt.nBlockAlign);
    } else {
        t->wType = TIME_BYTES;
        t->u.cb = (DWORD)bytes;
    }
    return MMSYSERR_NOERROR;
}

static DWORD td_set_flag(td_open *o, bool *flag, bool value)
{
    pthread_mutex_lock(&td_lock);
    *flag = value;
    pthread_cond_broadcast(&o->cond);
    pthread_mutex_unlock(&td_lock);
    return MMSYSERR_NOERROR;
}

static DWORD td_caps(bool input, UINT dev, DWORD_PTR p1)
{
    WAVEOUTCAPSW caps;
    const char *name = input ? "maptest in 0" : dev == 0 ? "maptest out 0" : "maptest out 1";

    memset(&caps, 0, sizeof caps);
    caps.wMid = 0x77;
    caps.wPid = (WORD)(dev + 1);
    for (int i = 0; name[i]; i++)
        caps.szPname[i] = (WCHAR)name[i];
    caps.wChannels = 2;
    memcpy((void *)p1, &caps, input ? sizeof(WAVEINCAPSW) : sizeof(WAVEOUTCAPSW));
    return MMSYSERR_NOERROR;
}

DWORD CALLBACK mapper_td_wod(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    td_open *o = (td_open *)user;

    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case WODM_GETNUMDEVS:
        return 2;
    case WODM_GETDEVCAPS:
        return td_caps(false, dev, p1);
    case WODM_OPEN:
        return td_open_device(false, dev, user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    case WODM_CLOSE:
        return td_close(o);
    case WODM_WRITE:
        return td_queue(o, (WAVEHDR *)p1);
    case WODM_PAUSE:
        return td_set_flag(o, &o->paused, true);
    case WODM_RESTART:
        return td_set_flag(o, &o->paused, false);
    case WODM_RESET:
        td_reset(o);
        return td_set_flag(o, &o->paused, false);
    case WODM_GETPOS:
        return td_position(o, (MMTIME *)p1, p2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

DWORD CALLBACK mapper_td_wid(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    td_open *o = (td_open *)user;

    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case WIDM_GETNUMDEVS:
        return 1;
    case WIDM_GETDEVCAPS:
        return td_caps(true, dev, p1);
    case WIDM_OPEN:
        return td_open_device(true, dev, user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    case WIDM_CLOSE:
        return td_close(o);
    case WIDM_ADDBUFFER:
        return td_queue(o, (WAVEHDR *)p1);
    case WIDM_START:
        return td_set_flag(o, &o->started, true);
    case WIDM_STOP:
        return td_set_flag(o, &o->started, false);
    case WIDM_RESET:
        return td_reset(o);
    case WIDM_GETPOS:
        return td_position(o, (MMTIME *)p1, p2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
