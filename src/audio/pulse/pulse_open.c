/*
 * pulse_open.c - what the playback and capture opens of pulseaudio.drv share around their
 * stream: the checks of an open, making the stream and starting the worker, and the end of a
 * close (pulse_out.c and pulse_in.c supply their stream functions).
 */
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

DWORD pacm_pulse_open_start(void *self, pacm_pulse_listener *l, pacm_pulse_worker *w, const pacm_pulse_open_ops *ops)
{
    pacm_pulse_open_count_add(1);
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    bool ok = !pacm_pulse_lost() && ops->create(self);
    if (ok)
        pacm_pulse_listen(l);
    else
        ops->drop(self);
    pa_threaded_mainloop_unlock(loop);
    w->destroy = ops->destroy;
    if (ok && pacm_pulse_worker_start(w, ops->run_once, self))
        return MMSYSERR_NOERROR;
    if (ok) {
        pa_threaded_mainloop_lock(loop);
        pacm_pulse_unlisten(l);
        ops->drop(self);
        pa_threaded_mainloop_unlock(loop);
    }
    pacm_pulse_open_count_add(-1);
    return ok ? MMSYSERR_NOMEM : MMSYSERR_NODRIVER;
}

void pacm_pulse_open_finish(void *self, pacm_pulse_listener *l, pacm_pulse_worker *w, const pacm_pulse_notify *n,
                            const pacm_pulse_open_ops *ops, UINT msg)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    pacm_pulse_unlisten(l);
    ops->drop(self);
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_notify notify = *n; /* the open may be gone below */
    if (!pacm_pulse_worker_stop(w))
        ops->destroy(self);
    pacm_pulse_notify_send(&notify, msg, 0);
}

void pacm_pulse_open_free(void *self, pacm_pulse_worker *w, pthread_mutex_t *lock, pacm_pulse_pool *pool)
{
    pacm_pulse_worker_destroy(w);
    pacm_pulse_pool_free(pool);
    pthread_mutex_destroy(lock);
    pacm_mem_free(self);
    pacm_pulse_open_count_add(-1);
}
