/*
 * pulse_out_loop.c - loops (WHDR_BEGINLOOP ... WHDR_ENDLOOP, dwLoops times) on a playback open
 * and WODM_BREAKLOOP. The open hands every iteration to the server as it goes (up to the
 * server's 500 ms buffer ahead), so that BreakLoop, as on Windows, lets only the iteration being
 * played finish: it moves the server's write index back to the end of that iteration (a
 * negative relative seek, which also drops what was written beyond it from what plays) and goes
 * on with the headers after the loop from there. docs/pulse.md describes it.
 */
#include <string.h>
#include <sys/time.h>

#include "common_int.h"
#include "pulse_out_int.h"

void pacm_pulse_out_loop_forget(pulse_out *o, const pacm_pulse_hnode *n)
{
    if (!o->loop_known)
        return;
    if (!o->loop_end) /* the loop's headers are back: a header after it is back too */
        o->loop_known = o->loop_complete = false;
    else if (n == o->loop_end) /* the loop's headers come back together, in order */
        o->loop_first = o->loop_end = NULL;
}

/* At the end of the loop's first iteration (node: the ENDLOOP header): its length and last
 * frame. */
static void loop_learn(pulse_out *o, pacm_pulse_hnode *node)
{
    const pacm_pulse_hnode *last = NULL;
    o->loop_end = node;
    o->loop_len = o->written - o->loop_base;
    for (const pacm_pulse_hnode *n = o->loop_first; n != node->next; n = n->next)
        if (pacm_pulse_out_usable(o, n->hdr) >= o->b.frame_bytes)
            last = n;
    o->loop_known = last && o->b.frame_bytes <= sizeof o->loop_last_frame;
    if (o->loop_known)
        memcpy(o->loop_last_frame, last->hdr->lpData + pacm_pulse_out_usable(o, last->hdr) - o->b.frame_bytes,
               o->b.frame_bytes);
}

/* The loop's headers have all gone to the server: they come back once played up to `end`. */
static void loop_passed(pulse_out *o, pacm_pulse_hnode *last, uint64_t end)
{
    for (pacm_pulse_hnode *n = o->loop_start; n != last->next; n = n->next) {
        n->passed = true;
        n->end = end;
    }
    o->in_loop = false;
    o->loop_start = NULL;
    o->loop_final = end;
    o->loop_complete = true;
}

void pacm_pulse_out_advance(pulse_out *o)
{
    pacm_pulse_hnode *node = o->cur;
    DWORD flags = node->hdr->dwFlags;
    if ((flags & WHDR_BEGINLOOP) && !o->in_loop) {
        o->in_loop = true;
        o->loop_start = node;
        o->loop_count = node->hdr->dwLoops;
        /* a new loop: the record of the previous one is no longer needed */
        o->loop_first = node;
        o->loop_end = NULL;
        o->loop_known = o->loop_complete = false;
        o->loop_base = o->written - pacm_pulse_out_usable(o, node->hdr);
    }
    if (o->in_loop && (flags & WHDR_ENDLOOP)) {
        if (!o->loop_end)
            loop_learn(o, node);
        if (o->loop_count > 1) {
            o->loop_count--;
            o->cur = o->loop_start;
            o->cur_off = 0;
            return;
        }
        loop_passed(o, node, o->written);
    } else if (!o->in_loop) {
        node->passed = true;
        node->end = o->written;
    }
    o->cur = node->next;
    o->cur_off = 0;
}

/* Mainloop lock held, timing fresh: the furthest the server's read index can have got by the
 * time a write sent now reaches it (what it read, plus the time since, plus what the sink
 * renders ahead of the clock), in stream bytes. o->written when the server does not tell. */
static uint64_t server_read_bound(const pulse_out *o)
{
    const pa_timing_info *ti = pa_stream_get_timing_info(o->b.stream);
    if (!ti || ti->read_index_corrupt || ti->read_index < 0)
        return o->written;
    uint64_t r = (uint64_t)ti->read_index;
    if (ti->playing) {
        struct timeval now;
        gettimeofday(&now, NULL);
        pa_usec_t ahead = ti->configured_sink_usec > ti->sink_usec ? ti->configured_sink_usec : ti->sink_usec;
        pa_usec_t us = pa_timeval_diff(&now, &ti->timestamp) + ti->transport_usec + ahead + 5000;
        r += (us * o->b.ss.rate / 1000000u + 1) * o->b.frame_bytes;
    }
    return r;
}

/* Both locks held: the server plays nothing written beyond `end` (the end of an iteration, before
 * o->written); the headers after the loop go on from there. The seek back comes with the
 * iteration's last frame written again (the same samples), so that the server's write index lands
 * exactly on `end` even when nothing follows the loop. */
static void cut_at(pulse_out *o, uint64_t end)
{
    int64_t back = (int64_t)(o->written - end) + o->b.frame_bytes;
    if (pa_stream_write(o->b.stream, o->loop_last_frame, o->b.frame_bytes, NULL, -back, PA_SEEK_RELATIVE) < 0) {
        o->b.failed = true;
        return;
    }
    /* the first header after the loop: none of those has come back (loop_forget) */
    pacm_pulse_hnode *resume = o->loop_end ? o->loop_end->next : o->b.head;
    for (pacm_pulse_hnode *n = resume; n && n->passed; n = n->next)
        n->passed = false; /* handed over again, from `end` */
    if (o->loop_end) {
        o->loop_start = o->loop_first;
        loop_passed(o, o->loop_end, end);
    }
    o->in_loop = false;
    o->loop_start = NULL;
    o->loop_count = 0;
    o->loop_final = end;
    o->loop_complete = true;
    o->cur = resume;
    o->cur_off = 0;
    o->written = end;
}

DWORD pacm_pulse_out_breakloop(pulse_out *o)
{
    pa_threaded_mainloop *loop = pacm_pulse_mainloop();
    pa_threaded_mainloop_lock(loop);
    pthread_mutex_lock(&o->b.lock);
    if (o->in_loop)
        o->loop_count = 1; /* at the latest, the iteration being handed over ends the loop */
    bool seen = !o->b.failed && o->loop_known;
    pthread_mutex_unlock(&o->b.lock);
    if (seen) /* where the server reads now (never wait for it holding o->b.lock) */
        pacm_pulse_wait_op(pa_stream_update_timing_info(o->b.stream, NULL, NULL));
    pthread_mutex_lock(&o->b.lock);
    if (seen && !o->b.failed && o->loop_known) {
        /* the iteration the server is in (or will be in, once the write arrives) is the last */
        uint64_t read = server_read_bound(o), k = 1;
        if (read > o->loop_base)
            k = (read - o->loop_base + o->loop_len - 1) / o->loop_len;
        if (k == 0)
            k = 1;
        uint64_t end = o->loop_base + k * o->loop_len;
        uint64_t limit = o->loop_complete ? o->loop_final : o->written;
        /* while the loop is being handed over, an end just reached is cut too (the feed may
         * already have gone back to the loop's start) */
        bool cut = end < limit || (!o->loop_complete && end == limit);
        pacm_log_debug("pulseaudio.drv: BreakLoop: server reads at most to byte %llu, iteration %llu ends at %llu, "
                       "loop written to %llu%s",
                       (unsigned long long)read, (unsigned long long)k, (unsigned long long)end,
                       (unsigned long long)limit, cut ? ": cut there" : "");
        if (cut)
            cut_at(o, end);
    }
    pthread_mutex_unlock(&o->b.lock);
    pa_threaded_mainloop_unlock(loop);
    pacm_pulse_worker_wake(&o->b.worker);
    return MMSYSERR_NOERROR;
}
