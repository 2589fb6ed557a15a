/*
 * pulse_open.c - what the playback and capture opens of pulseaudio.drv share (their first
 * member, pacm_pulse_open): the checks of an open, the stream's life (made, failed, dropped),
 * the worker, queueing a header, and the end of a close. pulse_out.c and pulse_in.c add their
 * own stream setup and data movement.
 */
#include <stdio.h>

#include "common_int.h"
#include "pulse_int.h"

DWORD pacm_pulse_open_check(pacm_pulse_dir dir, UINT dev, const DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD fdw,
                            pacm_pulse_open_params *p, bool *query)
{
    *query = false;
    if (!user || !desc)
        return MMSYSERR_INVALPARAM;
    if (!pacm_pulse_device_get(dir, dev, &p->device))
        return MMSYSERR_BADDEVICEID;
    DWORD rc = pacm_pulse_format(desc->lpFormat, &p->ss, &p->map, &p->frame_bytes);
    if (rc != MMSYSERR_NOERROR)
        return rc;
    if (fdw & WAVE_FORMAT_QUERY) {
        *query = true;
        return MMSYSERR_NOERROR;
    }
    if (!p->device.present || !pacm_pulse_connect())
        return MMSYSERR_NODRIVER;
    return MMSYSERR_NOERROR;
}

void pacm_pulse_open_fail(pacm_pulse_open *b)
{
    pthread_mutex_lock(&b->lock);
    b->failed = true;
    pthread_mutex_unlock(&b->lock);
    pacm_pulse_worker_wake(&b->worker);
}

static void open_lost(pacm_pulse_listener *l)
{
    pacm_pulse_open_fail((pacm_pulse_open *)l);
}

void pacm_pulse_open_state_cb(pa_stream *s, void *ud)
{
    if (!PA_STREAM_IS_GOOD(pa_stream_get_state(s)))
        pacm_pulse_open_fail(ud);
    pa_threaded_mainloop_signal(pacm_pulse_mainloop(), 0);
}

void pacm_pulse_open_init(pacm_pulse_open *b, const pacm_pulse_open_params *p, const WAVEOPENDESC *desc, DWORD fdw)
{
    b->listener.lost = open_lost;
    b->ss = p->ss;
    b->map = p->map;
    b->frame_bytes = p->frame_bytes;
    snprintf(b->device, sizeof b->device, "%s", p->device.name);
    pacm_pulse_notify_init(&b->notify, desc, fdw);
    pthread_mutex_init(&b->lock, NULL);
    pacm_pulse_open_count_add(1);
}

bool pacm_pulse_open_wait_ready(pacm_pulse_open *b)
{
    pa_stream_state_t st;
    while ((st = pa_stream_get_state(b->stream)) == PA_STREAM_CREATING)
        pa_threaded_mainloop_wait(pacm_pulse_mainloop());
    return st == PA_STREAM_READY;
}

void pacm_pulse_open_drop(pacm_pulse_open *b)
{
    if (!b->stream)
        return;
    pa_stream_set_state_callback(b->stream, NULL, NULL);
    pa_stream_set_write_callback(b->stream, NULL, NULL);
    pa_stream_set_underflow_callback(b->stream, NULL, NULL);
    pa_stream_set_read_callback(b->stream, NULL, NULL);
    pa_stream_disconnect(b->stream);
    pa_stream_unref(b->stream);
    b->stream = NULL;
}

static void open_destroy(void *self)
{
    pacm_pulse_open_free(self);
}

DWORD pacm_pulse_open_start(pacm_pulse_open *b, const pacm_pulse_open_ops *ops)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    bool ok = !pacm_pulse_lost() && ops->create(b);
    if (ok)
        pacm_pulse_listen(&b->listener);
    else
        pacm_pulse_open_drop(b);
    pa_threaded_mainloop_unlock(loop);
    b->worker.destroy = open_destroy;
    if (ok && pacm_pulse_worker_start(&b->worker, ops->run_once, b))
        return MMSYSERR_NOERROR;
    b->worker.run_once = NULL; /* not started: nothing of it to free */
    if (ok) {
        pa_threaded_mainloop_lock(loop);
        pacm_pulse_unlisten(&b->listener);
        pacm_pulse_open_drop(b);
        pa_threaded_mainloop_unlock(loop);
    }
    return ok ? MMSYSERR_NOMEM : MMSYSERR_NODRIVER;
}

DWORD pacm_pulse_open_enqueue(pacm_pulse_open *b, WAVEHDR *h, pacm_pulse_hnode **node)
{
    if (!h)
        return MMSYSERR_INVALPARAM;
    if (!(h->dwFlags & WHDR_PREPARED) || !h->lpData)
        return WAVERR_UNPREPARED;
    pthread_mutex_lock(&b->lock);
    pacm_pulse_hnode *n = NULL;
    DWORD rc = b->failed                                  ? MMSYSERR_NODRIVER
               : pacm_pulse_hnode_contains(b->head, h)    ? WAVERR_STILLPLAYING
               : !(n = pacm_pulse_pool_get(&b->pool, h)) ? MMSYSERR_NOMEM
                                                          : MMSYSERR_NOERROR;
    if (rc != MMSYSERR_NOERROR) {
        pthread_mutex_unlock(&b->lock);
        return rc;
    }
    h->dwFlags = (h->dwFlags & ~(DWORD)WHDR_DONE) | WHDR_INQUEUE;
    if (b->tail)
        b->tail->next = n;
    else
        b->head = n;
    b->tail = n;
    *node = n;
    return MMSYSERR_NOERROR;
}

bool pacm_pulse_open_busy(pacm_pulse_open *b)
{
    pthread_mutex_lock(&b->lock);
    bool busy = b->head != NULL || __atomic_load_n(&b->undelivered, __ATOMIC_SEQ_CST) != 0;
    pthread_mutex_unlock(&b->lock);
    return busy;
}

void pacm_pulse_open_finish(pacm_pulse_open *b, UINT msg)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    pacm_pulse_unlisten(&b->listener);
    pacm_pulse_open_drop(b);
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_notify notify = b->notify; /* the open may be gone below */
    if (!pacm_pulse_worker_stop(&b->worker))
        pacm_pulse_open_free(b);
    pacm_pulse_notify_send(&notify, msg, 0);
}

void pacm_pulse_open_free(pacm_pulse_open *b)
{
    if (b->worker.run_once)
        pacm_pulse_worker_destroy(&b->worker);
    pacm_pulse_pool_free(&b->pool);
    pthread_mutex_destroy(&b->lock);
    pacm_mem_free(b);
    pacm_pulse_open_count_add(-1);
}
