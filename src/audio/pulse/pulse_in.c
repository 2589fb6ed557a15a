/*
 * pulse_in.c - waveIn over a PulseAudio record stream. The stream is created corked; Start
 * uncorks it. The open's worker thread copies what the server captured into the queued
 * headers in order and returns each one (WIM_DATA) when less than one frame of space is left.
 * Positions count the frames captured since open or reset.
 */
#include <string.h>

#include "common_int.h"
#include "pulse_int.h"

#define FRAGMENT_MS 10

typedef struct pulse_in {
    pacm_pulse_open b; /* first: the shared part (stream, queue, worker, lock) */
    uint64_t captured; /* frames */
    bool started;
} pulse_in;

static void read_cb(pa_stream *s, size_t n, void *ud)
{
    (void)s, (void)n;
    pacm_pulse_worker_wake(&((pulse_in *)ud)->b.worker);
}

/* Mainloop lock held. */
static bool in_stream_create(void *self)
{
    pulse_in *o = self;
    pa_buffer_attr attr;
    o->b.stream = pa_stream_new(pacm_pulse_context(), "waveIn", &o->b.ss, &o->b.map);
    if (!o->b.stream)
        return false;
    pa_stream_set_state_callback(o->b.stream, pacm_pulse_open_state_cb, o);
    pa_stream_set_read_callback(o->b.stream, read_cb, o);
    memset(&attr, 0xff, sizeof attr);
    attr.fragsize = (uint32_t)((uint64_t)o->b.ss.rate * FRAGMENT_MS / 1000 * o->b.frame_bytes);
    pa_stream_flags_t flags = PA_STREAM_START_CORKED | PA_STREAM_INTERPOLATE_TIMING | PA_STREAM_AUTO_TIMING_UPDATE |
                              PA_STREAM_ADJUST_LATENCY;
    if (pa_stream_connect_record(o->b.stream, o->b.device, &attr, flags) < 0) {
        pa_stream_unref(o->b.stream);
        o->b.stream = NULL;
        return false;
    }
    return pacm_pulse_open_wait_ready(&o->b);
}

/* Detaches the head header onto *tail. */
static void pop_head(pulse_in *o, pacm_pulse_hnode ***tail)
{
    pacm_pulse_hnode *n = o->b.head;
    o->b.head = n->next;
    if (!o->b.head)
        o->b.tail = NULL;
    n->next = NULL;
    **tail = n;
    *tail = &n->next;
    o->b.undelivered++;
}

/* Both locks held: copies what the server has into the headers; full ones go to *tail. */
static void take_available(pulse_in *o, pacm_pulse_hnode ***tail)
{
    const void *data;
    size_t n;
    while (o->b.stream && pa_stream_readable_size(o->b.stream) > 0) {
        if (pa_stream_peek(o->b.stream, &data, &n) < 0 || n == 0)
            break;
        size_t off = 0;
        while (data && off < n && o->b.head) {
            WAVEHDR *h = o->b.head->hdr;
            size_t space = h->dwBufferLength - h->dwBytesRecorded;
            space -= space % o->b.frame_bytes;
            size_t k = n - off < space ? n - off : space;
            memcpy(h->lpData + h->dwBytesRecorded, (const char *)data + off, k);
            h->dwBytesRecorded += (DWORD)k;
            off += k;
            if (h->dwBufferLength - h->dwBytesRecorded < o->b.frame_bytes)
                pop_head(o, tail);
        }
        if (o->started)
            o->captured += n / o->b.frame_bytes;
        pa_stream_drop(o->b.stream);
    }
}

static void in_run_once(void *self, int *wait_ms)
{
    pulse_in *o = self;
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pacm_pulse_hnode *done = NULL, **tail = &done;
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    if (!o->b.failed && (!o->b.stream || pa_stream_get_state(o->b.stream) != PA_STREAM_READY))
        o->b.failed = true;
    if (o->b.failed) {
        while (o->b.head)
            pop_head(o, &tail);
    } else {
        take_available(o, &tail);
    }
    pthread_mutex_unlock(&o->b.lock);
    pa_threaded_mainloop_unlock(loop);
    *wait_ms = -1;
    pacm_pulse_complete_list(done, &o->b, WIM_DATA);
}

static const pacm_pulse_open_ops g_in_ops = {in_stream_create, in_run_once};

DWORD pacm_pulse_in_open(UINT dev, DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD fdw)
{
    pacm_pulse_open_params p;
    bool query;
    DWORD rc = pacm_pulse_open_check(PACM_PULSE_IN, dev, user, desc, fdw, &p, &query);
    if (rc != MMSYSERR_NOERROR || query)
        return rc;
    pulse_in *o = pacm_mem_calloc(1, sizeof *o);
    if (!o)
        return MMSYSERR_NOMEM;
    pacm_pulse_open_init(&o->b, &p, desc, fdw);
    rc = pacm_pulse_open_start(&o->b, &g_in_ops);
    if (rc != MMSYSERR_NOERROR) {
        pacm_pulse_open_free(&o->b);
        return rc;
    }
    *user = (DWORD_PTR)o;
    pacm_pulse_notify_send(&o->b.notify, WIM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

static DWORD in_addbuffer(pulse_in *o, WAVEHDR *h)
{
    pacm_pulse_hnode *n;
    DWORD rc = pacm_pulse_open_enqueue(&o->b, h, &n);
    if (rc == MMSYSERR_NOERROR) { /* queued, lock held: the worker fills it from 0 */
        h->dwBytesRecorded = 0;
        pthread_mutex_unlock(&o->b.lock);
    }
    return rc;
}

/* Start (cork false) / Stop (cork true; the partly filled header comes back) / Reset (all
 * headers come back, position 0). */
static DWORD in_control(pulse_in *o, UINT msg)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pacm_pulse_hnode *done = NULL, **tail = &done;
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    bool failed = o->b.failed;
    /* never wait for the server holding o->b.lock: the worker takes it under the mainloop lock */
    if (!failed && msg == WIDM_START && !o->started) {
        o->started = true;
        pthread_mutex_unlock(&o->b.lock);
        pacm_pulse_wait_op(pa_stream_cork(o->b.stream, 0, NULL, NULL));
        pthread_mutex_lock(&o->b.lock);
    } else if (!failed && msg != WIDM_START) {
        if (o->started) {
            take_available(o, &tail);
            o->started = false;
            pthread_mutex_unlock(&o->b.lock);
            pacm_pulse_wait_op(pa_stream_cork(o->b.stream, 1, NULL, NULL));
            pacm_pulse_wait_op(pa_stream_flush(o->b.stream, NULL, NULL));
            pthread_mutex_lock(&o->b.lock);
        }
        if (msg == WIDM_STOP && o->b.head && o->b.head->hdr->dwBytesRecorded > 0)
            pop_head(o, &tail);
        if (msg == WIDM_RESET) {
            while (o->b.head)
                pop_head(o, &tail);
            o->captured = 0;
        }
    }
    pthread_mutex_unlock(&o->b.lock);
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_complete_list(done, &o->b, WIM_DATA);
    return failed ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
}

static DWORD in_close(pulse_in *o)
{
    if (pacm_pulse_open_busy(&o->b))
        return WAVERR_STILLPLAYING;
    pacm_pulse_open_finish(&o->b, WIM_CLOSE);
    return MMSYSERR_NOERROR;
}

DWORD pacm_pulse_in_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    pulse_in *o = (pulse_in *)user;
    if (!o)
        return MMSYSERR_INVALHANDLE;
    switch (msg) {
    case WIDM_CLOSE: return in_close(o);
    case WIDM_ADDBUFFER: return in_addbuffer(o, (WAVEHDR *)p1);
    case WIDM_START:
    case WIDM_STOP:
    case WIDM_RESET: return in_control(o, msg);
    case WIDM_GETPOS: {
        pthread_mutex_lock(&o->b.lock);
        bool failed = o->b.failed;
        uint64_t frames = o->captured;
        pthread_mutex_unlock(&o->b.lock);
        if (failed)
            return MMSYSERR_NODRIVER;
        return pacm_pulse_mmtime((MMTIME *)p1, (UINT)p2, frames, o->b.frame_bytes, o->b.ss.rate);
    }
    default: return MMSYSERR_NOTSUPPORTED;
    }
}
