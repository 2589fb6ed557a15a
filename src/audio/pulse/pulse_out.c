/*
 * pulse_out.c - waveOut over a PulseAudio playback stream. The open's worker thread hands the
 * queued headers' data to the server as soon as the stream takes it and returns a header
 * (WOM_DONE) once all of its data (every loop iteration) is in the server and at most `keep`
 * bytes of it remain to be played, keep being what the application has queued at its peak
 * (at least KEEP_MIN_MS, and 1.5 times more after each underrun): the common
 * refill-from-WOM_DONE pattern then always has that much audio buffered. Positions come from
 * the server's clock (frames played).
 */
#include <stdio.h>
#include <string.h>

#include "common_int.h"
#include "pulse_out_int.h"

static unsigned long g_underruns;
static DWORD g_dev_volume[64]; /* by device ID, valid where g_dev_volume_set */
static bool g_dev_volume_set[64];
static pulse_out *g_opens; /* every open stream, so that a device's volume reaches them all */
/* Taken before the mainloop lock, never while holding it. */
static pthread_mutex_t g_dev_volume_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned long pacm_pulse_underruns(void)
{
    return __atomic_load_n(&g_underruns, __ATOMIC_SEQ_CST);
}

static uint64_t ms_to_bytes(const pulse_out *o, unsigned ms)
{
    return (uint64_t)o->b.ss.rate * ms / 1000 * o->b.frame_bytes;
}

/* ---- stream callbacks (mainloop thread, mainloop lock held) ---- */

static void feed(pulse_out *o);
static uint64_t played_bytes(pulse_out *o);
static bool head_due(const pulse_out *o, uint64_t played);
static pacm_pulse_hnode *pop_done(pulse_out *o, uint64_t played, bool all);

/* The server asks for data (every minreq played): hand it what is queued from here, the
 * mainloop thread (no wake-up of another thread), and wake the worker only when headers are
 * to be returned before the next request. */
static void write_cb(pa_stream *s, size_t n, void *ud)
{
    (void)s, (void)n;
    pulse_out *o = ud;
    pthread_mutex_lock(&o->b.lock);
    bool wake = false;
    if (!o->b.failed) {
        feed(o);
        /* pop here, so that the worker returns them without taking the mainloop lock (which
         * this thread still holds when the worker wakes up) */
        o->ready = pop_done(o, played_bytes(o), false);
        wake = o->b.failed || o->ready;
    }
    pthread_mutex_unlock(&o->b.lock);
    if (wake)
        pacm_pulse_worker_wake(&o->b.worker);
}

static void underflow_cb(pa_stream *s, void *ud)
{
    (void)s;
    pulse_out *o = ud;
    pthread_mutex_lock(&o->b.lock);
    o->underruns++;
    /* the machine is slower to refill than keep allows: keep more (up to the server buffer) */
    uint64_t limit = ms_to_bytes(o, TLENGTH_MS - MINREQ_MS);
    o->keep = o->keep * 3 / 2 < limit ? o->keep * 3 / 2 : limit;
    pthread_mutex_unlock(&o->b.lock);
    __atomic_add_fetch(&g_underruns, 1, __ATOMIC_SEQ_CST);
    pacm_log_debug("pulseaudio.drv: underrun on %s", o->b.device);
}

static bool position_is_right(pa_channel_position_t p)
{
    return p == PA_CHANNEL_POSITION_FRONT_RIGHT || p == PA_CHANNEL_POSITION_REAR_RIGHT ||
           p == PA_CHANNEL_POSITION_FRONT_RIGHT_OF_CENTER || p == PA_CHANNEL_POSITION_SIDE_RIGHT ||
           p == PA_CHANNEL_POSITION_TOP_FRONT_RIGHT || p == PA_CHANNEL_POSITION_TOP_REAR_RIGHT;
}

static void volume_to_cvolume(const pulse_out *o, DWORD v, pa_cvolume *cv)
{
    pa_volume_t left = pa_sw_volume_from_linear(LOWORD(v) / 65535.0);
    pa_volume_t right = pa_sw_volume_from_linear(HIWORD(v) / 65535.0);
    cv->channels = o->b.ss.channels;
    for (unsigned i = 0; i < o->b.ss.channels; i++)
        cv->values[i] = o->b.ss.channels > 1 && position_is_right(o->b.map.map[i]) ? right : left;
}

/* Mainloop lock held. A new stream (at open and on reset), connected and ready. */
static bool stream_create(void *self)
{
    pulse_out *o = self;
    pa_buffer_attr attr;
    pa_cvolume cv;
    o->b.stream = pa_stream_new(pacm_pulse_context(), "waveOut", &o->b.ss, &o->b.map);
    if (!o->b.stream)
        return false;
    pa_stream_set_state_callback(o->b.stream, pacm_pulse_open_state_cb, o);
    pa_stream_set_write_callback(o->b.stream, write_cb, o);
    pa_stream_set_underflow_callback(o->b.stream, underflow_cb, o);
    attr.maxlength = (uint32_t)-1;
    attr.tlength = (uint32_t)ms_to_bytes(o, TLENGTH_MS);
    attr.prebuf = o->b.frame_bytes; /* start as soon as there is data */
    attr.minreq = (uint32_t)ms_to_bytes(o, MINREQ_MS);
    attr.fragsize = (uint32_t)-1;
    volume_to_cvolume(o, o->volume, &cv);
    pa_stream_flags_t flags = PA_STREAM_INTERPOLATE_TIMING | PA_STREAM_AUTO_TIMING_UPDATE | PA_STREAM_START_UNMUTED;
    if (pa_stream_connect_playback(o->b.stream, o->b.device, &attr, flags, &cv, NULL) < 0) {
        pa_stream_unref(o->b.stream);
        o->b.stream = NULL;
        return false;
    }
    bool ready = pacm_pulse_open_wait_ready(&o->b);
    const pa_buffer_attr *got = ready ? pa_stream_get_buffer_attr(o->b.stream) : NULL;
    pthread_mutex_lock(&o->b.lock);
    o->minreq = got && got->minreq != (uint32_t)-1 ? got->minreq : attr.minreq;
    if (o->minreq > ms_to_bytes(o, MINREQ_MS))
        o->minreq = ms_to_bytes(o, MINREQ_MS);
    pthread_mutex_unlock(&o->b.lock);
    return ready;
}

/* Mainloop lock held: bytes the server has played (its clock), at most what was written. */
static uint64_t played_bytes(pulse_out *o)
{
    pa_usec_t t = 0;
    if (!o->b.stream || pa_stream_get_time(o->b.stream, &t) < 0)
        return 0;
    uint64_t frames = t * o->b.ss.rate / 1000000u;
    uint64_t bytes = frames * o->b.frame_bytes;
    return bytes < o->written ? bytes : o->written;
}

/* ---- feeding (worker thread; mainloop lock and o->b.lock held) ---- */

static void feed(pulse_out *o)
{
    size_t writable = pa_stream_writable_size(o->b.stream);
    if (writable == (size_t)-1)
        return;
    while (o->cur) {
        WAVEHDR *h = o->cur->hdr;
        DWORD len = pacm_pulse_out_usable(o, h);
        if (o->cur_off >= len) {
            pacm_pulse_out_advance(o);
            continue;
        }
        size_t n = len - o->cur_off;
        if (n > writable)
            n = writable - writable % o->b.frame_bytes;
        if (n == 0)
            break;
        if (pa_stream_write(o->b.stream, h->lpData + o->cur_off, n, NULL, 0, PA_SEEK_RELATIVE) < 0) {
            o->b.failed = true;
            return;
        }
        o->cur_off += (DWORD)n;
        o->written += n;
        writable -= n;
    }
}

/* Whether the first header is to be returned now: its data is in the server and at most keep
 * of it will remain to be played by the next server request (minreq from now). Returning what
 * falls due before the next request together means one worker wake-up per request. */
static bool head_due(const pulse_out *o, uint64_t played)
{
    return o->b.head && o->b.head->passed && o->b.head->end <= played + o->keep + o->minreq;
}

/* Detaches the nodes to return now (all of them when `all`), after those write_cb popped. */
static pacm_pulse_hnode *pop_done(pulse_out *o, uint64_t played, bool all)
{
    pacm_pulse_hnode *list = o->ready, **tail = &list;
    o->ready = NULL;
    if (all) /* reset or failure: no loop to break any more */
        o->loop_known = o->loop_complete = false;
    while (*tail)
        tail = &(*tail)->next;
    while (o->b.head && (all || head_due(o, played))) {
        pacm_pulse_hnode *n = o->b.head;
        o->b.head = n->next;
        if (o->cur == n)
            o->cur = NULL;
        o->queued -= n->hdr->dwBufferLength;
        pacm_pulse_out_loop_forget(o, n);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
        o->b.undelivered++;
    }
    if (!o->b.head) {
        o->b.tail = NULL;
        o->cur = NULL;
        o->in_loop = false;
        o->loop_start = NULL;
    }
    return list;
}

/* How long the worker may sleep: write_cb wakes it when headers fall due; this only covers a
 * request that does not come (two request periods late at most). */
static int out_fallback_wait(const pulse_out *o, uint64_t played)
{
    if (!o->b.head || o->paused)
        return -1; /* out_write and Restart wake the worker */
    uint64_t byte_rate = (uint64_t)o->b.ss.rate * o->b.frame_bytes;
    uint64_t ms = 2 * o->minreq * 1000 / byte_rate;
    if (o->b.head->passed) {
        uint64_t due = o->b.head->end > o->keep + o->minreq ? o->b.head->end - o->keep - o->minreq : 0;
        ms = (due > played ? (due - played) * 1000 / byte_rate : 0) + 2 * o->minreq * 1000 / byte_rate + 1;
    }
    return ms < 1 ? 1 : ms > 1000 ? 1000 : (int)ms;
}

static void out_run_once(void *self, int *wait_ms)
{
    pulse_out *o = self;
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pacm_pulse_hnode *done;
    pthread_mutex_lock(&o->b.lock);
    done = o->b.failed ? NULL : o->ready;
    if (done)
        o->ready = NULL;
    pthread_mutex_unlock(&o->b.lock);
    if (done) { /* woken by write_cb: return these first; the refills wake the worker again */
        pacm_pulse_complete_list(done, &o->b, WOM_DONE);
        *wait_ms = 0;
        return;
    }
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    if (!o->b.failed && (!o->b.stream || !PA_STREAM_IS_GOOD(pa_stream_get_state(o->b.stream))))
        o->b.failed = true;
    if (o->b.failed) {
        done = pop_done(o, 0, true);
        *wait_ms = -1;
    } else {
        uint64_t played = played_bytes(o);
        /* The server's next request (write_cb) feeds what is queued; hand it over from here
         * only when the server could run short before then (start, after a gap) or paused. */
        if (o->paused || o->written < played + o->keep + o->minreq)
            feed(o);
        done = pop_done(o, played, o->b.failed);
        *wait_ms = out_fallback_wait(o, played);
    }
    pthread_mutex_unlock(&o->b.lock);
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_complete_list(done, &o->b, WOM_DONE);
}

static const pacm_pulse_open_ops g_out_ops = {stream_create, out_run_once};

/* ---- messages ---- */

static DWORD out_setvolume(pulse_out *o, DWORD v);

DWORD pacm_pulse_device_volume(UINT dev, UINT msg, DWORD_PTR p1)
{
    if (dev >= pacm_pulse_device_count(PACM_PULSE_OUT) || dev >= 64)
        return MMSYSERR_BADDEVICEID;
    if (msg == WODM_GETVOLUME && !p1)
        return MMSYSERR_INVALPARAM;
    pthread_mutex_lock(&g_dev_volume_lock);
    if (msg == WODM_GETVOLUME) {
        *(DWORD *)p1 = g_dev_volume_set[dev] ? g_dev_volume[dev] : 0xFFFFFFFFu;
    } else {
        /* a device ID changes every open instance of the device, as on Windows, and later ones */
        g_dev_volume[dev] = (DWORD)p1;
        g_dev_volume_set[dev] = true;
        for (pulse_out *o = g_opens; o; o = o->next_open)
            if (o->dev == dev)
                out_setvolume(o, (DWORD)p1);
    }
    pthread_mutex_unlock(&g_dev_volume_lock);
    return MMSYSERR_NOERROR;
}

DWORD pacm_pulse_out_open(UINT dev, DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD fdw)
{
    pacm_pulse_open_params p;
    bool query;
    DWORD rc = pacm_pulse_open_check(PACM_PULSE_OUT, dev, user, desc, fdw, &p, &query);
    if (rc != MMSYSERR_NOERROR || query)
        return rc;
    pulse_out *o = pacm_mem_calloc(1, sizeof *o);
    if (!o)
        return MMSYSERR_NOMEM;
    pacm_pulse_open_init(&o->b, &p, desc, fdw);
    o->volume = p.ss.channels == 1 ? 0x0000FFFFu : 0xFFFFFFFFu;
    pthread_mutex_lock(&g_dev_volume_lock);
    if (dev < 64 && g_dev_volume_set[dev])
        o->volume = g_dev_volume[dev];
    pthread_mutex_unlock(&g_dev_volume_lock);
    o->keep = ms_to_bytes(o, KEEP_MIN_MS);
    rc = pacm_pulse_open_start(&o->b, &g_out_ops);
    if (rc != MMSYSERR_NOERROR) {
        pacm_pulse_open_free(&o->b);
        return rc;
    }
    o->dev = dev;
    pthread_mutex_lock(&g_dev_volume_lock);
    o->next_open = g_opens;
    g_opens = o;
    pthread_mutex_unlock(&g_dev_volume_lock);
    *user = (DWORD_PTR)o;
    pacm_pulse_notify_send(&o->b.notify, WOM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

static DWORD out_write(pulse_out *o, WAVEHDR *h)
{
    pacm_pulse_hnode *n;
    DWORD rc = pacm_pulse_open_enqueue(&o->b, h, &n);
    if (rc != MMSYSERR_NOERROR)
        return rc;
    if (!o->cur)
        o->cur = n;
    o->queued += h->dwBufferLength;
    if (o->queued > o->keep)
        o->keep = o->queued;
    pthread_mutex_unlock(&o->b.lock);
    pacm_pulse_worker_wake(&o->b.worker);
    return MMSYSERR_NOERROR;
}

/* Corks or uncorks (Pause / Restart). */
static DWORD out_cork(pulse_out *o, bool pause)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    bool failed = o->b.failed, change = o->paused != pause;
    o->paused = pause;
    pthread_mutex_unlock(&o->b.lock);
    if (!failed && change)
        pacm_pulse_wait_op(pa_stream_cork(o->b.stream, pause, NULL, NULL));
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_worker_wake(&o->b.worker);
    return failed ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
}

/* Returns every queued header (in order, on this thread) and starts over at position 0. */
static DWORD out_reset(pulse_out *o)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    bool failed = o->b.failed;
    pacm_pulse_hnode *done = pop_done(o, 0, true);
    o->written = 0;
    o->paused = false;
    pthread_mutex_unlock(&o->b.lock);
    if (!failed) {
        pacm_pulse_open_drop(&o->b);
        if (!stream_create(o)) {
            pacm_pulse_open_drop(&o->b);
            pthread_mutex_lock(&o->b.lock);
            o->b.failed = true;
            pthread_mutex_unlock(&o->b.lock);
        }
    }
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_complete_list(done, &o->b, WOM_DONE);
    return failed ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
}

static DWORD out_getpos(pulse_out *o, MMTIME *t, UINT cb)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    if (!t)
        return MMSYSERR_INVALPARAM;
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    bool failed = o->b.failed;
    uint64_t frames = failed ? 0 : played_bytes(o) / o->b.frame_bytes;
    pthread_mutex_unlock(&o->b.lock);
    pa_threaded_mainloop_unlock(loop);
    if (failed)
        return MMSYSERR_NODRIVER;
    return pacm_pulse_mmtime(t, cb, frames, o->b.frame_bytes, o->b.ss.rate);
}

static DWORD out_setvolume(pulse_out *o, DWORD v)
{
    pa_cvolume cv;
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    bool failed = o->b.failed;
    if (!failed)
        o->volume = v;
    pthread_mutex_unlock(&o->b.lock);
    if (!failed) {
        volume_to_cvolume(o, v, &cv);
        pacm_pulse_wait_op(pa_context_set_sink_input_volume(pacm_pulse_context(), pa_stream_get_index(o->b.stream), &cv,
                                                            NULL, NULL));
    }
    pa_threaded_mainloop_unlock(loop);
    return failed ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
}

/* Waits (bounded by what is buffered + 500 ms) until what was written has been played, so
 * that the last buffers are heard; not when paused or failed. */
static void out_drain(pulse_out *o)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    bool skip = o->b.failed || o->paused || !o->b.stream || o->written == 0;
    uint64_t left = skip ? 0 : o->written - played_bytes(o);
    pthread_mutex_unlock(&o->b.lock);
    if (!skip) {
        unsigned ms = (unsigned)(left * 1000 / ((uint64_t)o->b.ss.rate * o->b.frame_bytes)) + 500;
        pacm_pulse_wait_op_timeout(pa_stream_drain(o->b.stream, NULL, NULL), ms);
    }
    pa_threaded_mainloop_unlock(loop);
}

static DWORD out_close(pulse_out *o)
{
    if (pacm_pulse_open_busy(&o->b))
        return WAVERR_STILLPLAYING;
    pthread_mutex_lock(&g_dev_volume_lock);
    for (pulse_out **link = &g_opens; *link; link = &(*link)->next_open) {
        if (*link == o) {
            *link = o->next_open;
            break;
        }
    }
    pthread_mutex_unlock(&g_dev_volume_lock);
    out_drain(o);
    pacm_pulse_open_finish(&o->b, WOM_CLOSE);
    return MMSYSERR_NOERROR;
}

DWORD pacm_pulse_out_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    pulse_out *o = (pulse_out *)user;
    if (!o)
        return MMSYSERR_INVALHANDLE;
    switch (msg) {
    case WODM_CLOSE: return out_close(o);
    case WODM_WRITE: return out_write(o, (WAVEHDR *)p1);
    case WODM_PAUSE: return out_cork(o, true);
    case WODM_RESTART: return out_cork(o, false);
    case WODM_RESET: return out_reset(o);
    case WODM_GETPOS: return out_getpos(o, (MMTIME *)p1, (UINT)p2);
    case WODM_SETVOLUME: return out_setvolume(o, (DWORD)p1);
    case WODM_GETVOLUME: {
        if (!p1)
            return MMSYSERR_INVALPARAM;
        pthread_mutex_lock(&o->b.lock);
        *(DWORD *)p1 = o->volume;
        pthread_mutex_unlock(&o->b.lock);
        return MMSYSERR_NOERROR;
    }
    case WODM_BREAKLOOP: return pacm_pulse_out_breakloop(o);
    default: return MMSYSERR_NOTSUPPORTED;
    }
}
