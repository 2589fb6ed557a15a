/*
 * pulse_in.c - waveIn over a PulseAudio record stream. The stream is created corked; Start
 * uncorks it. The open's worker thread copies what the server captured into the queued
 * headers in order and returns each one (WIM_DATA) when less than one frame of space is left.
 * Positions count the frames captured since open or reset.
 */
#include <stdio.h>
#include <string.h>

#include "common_int.h"
#include "pulse_int.h"

#define FRAGMENT_MS 10

typedef struct pulse_in {
    pacm_pulse_listener listener; /* first */
    pacm_pulse_worker worker;
    pacm_pulse_notify notify;
    pthread_mutex_t lock; /* after the mainloop lock */
    pa_stream *stream;
    pa_sample_spec ss;
    pa_channel_map map;
    unsigned frame_bytes;
    char source[128];
    pacm_pulse_hnode *head, *tail;
    pacm_pulse_pool pool; /* spare nodes */
    uint64_t captured; /* frames */
    unsigned undelivered;
    bool started, failed;
} pulse_in;

static void read_cb(pa_stream *s, size_t n, void *ud)
{
    (void)s, (void)n;
    pacm_pulse_worker_wake(&((pulse_in *)ud)->worker);
}

static void in_mark_failed(pulse_in *o)
{
    pthread_mutex_lock(&o->lock);
    o->failed = true;
    pthread_mutex_unlock(&o->lock);
    pacm_pulse_worker_wake(&o->worker);
}

static void in_state_cb(pa_stream *s, void *ud)
{
    if (!PA_STREAM_IS_GOOD(pa_stream_get_state(s)))
        in_mark_failed(ud);
    pa_threaded_mainloop_signal(pacm_pulse_mainloop(), 0);
}

static void in_lost_cb(pacm_pulse_listener *l)
{
    in_mark_failed((pulse_in *)l);
}

/* Mainloop lock held. */
static bool in_stream_create(void *self)
{
    pulse_in *o = self;
    pa_buffer_attr attr;
    o->stream = pa_stream_new(pacm_pulse_context(), "waveIn", &o->ss, &o->map);
    if (!o->stream)
        return false;
    pa_stream_set_state_callback(o->stream, in_state_cb, o);
    pa_stream_set_read_callback(o->stream, read_cb, o);
    memset(&attr, 0xff, sizeof attr);
    attr.fragsize = (uint32_t)((uint64_t)o->ss.rate * FRAGMENT_MS / 1000 * o->frame_bytes);
    pa_stream_flags_t flags = PA_STREAM_START_CORKED | PA_STREAM_INTERPOLATE_TIMING | PA_STREAM_AUTO_TIMING_UPDATE |
                              PA_STREAM_ADJUST_LATENCY;
    if (pa_stream_connect_record(o->stream, o->source, &attr, flags) < 0) {
        pa_stream_unref(o->stream);
        o->stream = NULL;
        return false;
    }
    pa_stream_state_t st;
    while ((st = pa_stream_get_state(o->stream)) == PA_STREAM_CREATING)
        pa_threaded_mainloop_wait(pacm_pulse_mainloop());
    return st == PA_STREAM_READY;
}

static void in_stream_drop(void *self)
{
    pulse_in *o = self;
    if (!o->stream)
        return;
    pa_stream_set_state_callback(o->stream, NULL, NULL);
    pa_stream_set_read_callback(o->stream, NULL, NULL);
    pa_stream_disconnect(o->stream);
    pa_stream_unref(o->stream);
    o->stream = NULL;
}

/* Detaches the head header onto *tail. */
static void pop_head(pulse_in *o, pacm_pulse_hnode ***tail)
{
    pacm_pulse_hnode *n = o->head;
    o->head = n->next;
    if (!o->head)
        o->tail = NULL;
    n->next = NULL;
    **tail = n;
    *tail = &n->next;
    o->undelivered++;
}

/* Both locks held: copies what the server has into the headers; full ones go to *tail. */
static void take_available(pulse_in *o, pacm_pulse_hnode ***tail)
{
    const void *data;
    size_t n;
    while (o->stream && pa_stream_readable_size(o->stream) > 0) {
        if (pa_stream_peek(o->stream, &data, &n) < 0 || n == 0)
            break;
        size_t off = 0;
        while (data && off < n && o->head) {
            WAVEHDR *h = o->head->hdr;
            size_t space = h->dwBufferLength - h->dwBytesRecorded;
            space -= space % o->frame_bytes;
            size_t k = n - off < space ? n - off : space;
            memcpy(h->lpData + h->dwBytesRecorded, (const char *)data + off, k);
            h->dwBytesRecorded += (DWORD)k;
            off += k;
            if (h->dwBufferLength - h->dwBytesRecorded < o->frame_bytes)
                pop_head(o, tail);
        }
        if (o->started)
            o->captured += n / o->frame_bytes;
        pa_stream_drop(o->stream);
    }
}

static void in_run_once(void *self, int *wait_ms)
{
    pulse_in *o = self;
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pacm_pulse_hnode *done = NULL, **tail = &done;
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->lock);
    if (!o->failed && (!o->stream || pa_stream_get_state(o->stream) != PA_STREAM_READY))
        o->failed = true;
    if (o->failed) {
        while (o->head)
            pop_head(o, &tail);
    } else {
        take_available(o, &tail);
    }
    pthread_mutex_unlock(&o->lock);
    pa_threaded_mainloop_unlock(loop);
    *wait_ms = -1;
    pacm_pulse_complete_list(done, &o->notify, WIM_DATA, &o->undelivered, &o->pool);
}

static void in_destroy(void *self)
{
    pulse_in *o = self;
    pacm_pulse_open_free(o, &o->worker, &o->lock, &o->pool);
}

static const pacm_pulse_open_ops g_in_ops = {in_stream_create, in_stream_drop, in_run_once, in_destroy};

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
    o->listener.lost = in_lost_cb;
    o->ss = p.ss;
    o->map = p.map;
    o->frame_bytes = p.frame_bytes;
    snprintf(o->source, sizeof o->source, "%s", p.device.name);
    pacm_pulse_notify_init(&o->notify, desc, fdw);
    pthread_mutex_init(&o->lock, NULL);
    o->pool.lock = &o->lock;
    rc = pacm_pulse_open_start(o, &o->listener, &o->worker, &g_in_ops);
    if (rc != MMSYSERR_NOERROR) {
        pthread_mutex_destroy(&o->lock);
        pacm_mem_free(o);
        return rc;
    }
    *user = (DWORD_PTR)o;
    pacm_pulse_notify_send(&o->notify, WIM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

static DWORD in_addbuffer(pulse_in *o, WAVEHDR *h)
{
    if (!h)
        return MMSYSERR_INVALPARAM;
    if (!(h->dwFlags & WHDR_PREPARED) || !h->lpData)
        return WAVERR_UNPREPARED;
    pthread_mutex_lock(&o->lock);
    pacm_pulse_hnode *n = NULL;
    DWORD result = o->failed                             ? MMSYSERR_NODRIVER
                   : pacm_pulse_hnode_contains(o->head, h) ? WAVERR_STILLPLAYING
                   : !(n = pacm_pulse_pool_get(&o->pool, h)) ? MMSYSERR_NOMEM
                                                            : MMSYSERR_NOERROR;
    if (result != MMSYSERR_NOERROR) {
        pthread_mutex_unlock(&o->lock);
        return result;
    }
    h->dwBytesRecorded = 0;
    h->dwFlags = (h->dwFlags & ~(DWORD)WHDR_DONE) | WHDR_INQUEUE;
    if (o->tail)
        o->tail->next = n;
    else
        o->head = n;
    o->tail = n;
    pthread_mutex_unlock(&o->lock);
    return MMSYSERR_NOERROR;
}

/* Start (cork false) / Stop (cork true; the partly filled header comes back) / Reset (all
 * headers come back, position 0). */
static DWORD in_control(pulse_in *o, UINT msg)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pacm_pulse_hnode *done = NULL, **tail = &done;
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->lock);
    bool failed = o->failed;
    /* never wait for the server holding o->lock: the worker takes it under the mainloop lock */
    if (!failed && msg == WIDM_START && !o->started) {
        o->started = true;
        pthread_mutex_unlock(&o->lock);
        pacm_pulse_wait_op(pa_stream_cork(o->stream, 0, NULL, NULL));
        pthread_mutex_lock(&o->lock);
    } else if (!failed && msg != WIDM_START) {
        if (o->started) {
            take_available(o, &tail);
            o->started = false;
            pthread_mutex_unlock(&o->lock);
            pacm_pulse_wait_op(pa_stream_cork(o->stream, 1, NULL, NULL));
            pacm_pulse_wait_op(pa_stream_flush(o->stream, NULL, NULL));
            pthread_mutex_lock(&o->lock);
        }
        if (msg == WIDM_STOP && o->head && o->head->hdr->dwBytesRecorded > 0)
            pop_head(o, &tail);
        if (msg == WIDM_RESET) {
            while (o->head)
                pop_head(o, &tail);
            o->captured = 0;
        }
    }
    pthread_mutex_unlock(&o->lock);
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_complete_list(done, &o->notify, WIM_DATA, &o->undelivered, &o->pool);
    return failed ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
}

static DWORD in_close(pulse_in *o)
{
    pthread_mutex_lock(&o->lock);
    bool busy = o->head != NULL || __atomic_load_n(&o->undelivered, __ATOMIC_SEQ_CST) != 0;
    pthread_mutex_unlock(&o->lock);
    if (busy)
        return WAVERR_STILLPLAYING;
    pacm_pulse_open_finish(o, &o->listener, &o->worker, &o->notify, &g_in_ops, WIM_CLOSE);
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
        pthread_mutex_lock(&o->lock);
        bool failed = o->failed;
        uint64_t frames = o->captured;
        pthread_mutex_unlock(&o->lock);
        if (failed)
            return MMSYSERR_NODRIVER;
        return pacm_pulse_mmtime((MMTIME *)p1, (UINT)p2, frames, o->frame_bytes, o->ss.rate);
    }
    default: return MMSYSERR_NOTSUPPORTED;
    }
}
