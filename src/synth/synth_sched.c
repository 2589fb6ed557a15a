/*
 * synth_sched.c - the event queue and the clock of the live synthesizer (synth_sched_int.h):
 * events stamped on arrival, mapped to output frames with a constant latency, and rendered
 * each at its own frame.
 */
#include <string.h>
#include <time.h>

#include "common_int.h"
#include "synth_sched_int.h"

void (*_Atomic pacm_synth_trace_hook)(const pacm_synth_trace *trace);

uint64_t pacm_synth_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

bool pacm_synth_sched_init(pacm_synth_sched *s, uint32_t rate, uint32_t latency)
{
    pthread_mutexattr_t attr;
    bool ok;
    memset(s, 0, sizeof *s);
    /* priority inheritance: winmm's stream player (SCHED_FIFO where allowed) waits on this lock,
     * and the render thread (normal priority) may hold it when the machine is busy */
    if (pthread_mutexattr_init(&attr) != 0)
        return false;
    pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT);
    ok = pthread_mutex_init(&s->lock, &attr) == 0;
    pthread_mutexattr_destroy(&attr);
    if (!ok)
        return false;
    s->rate = rate;
    s->latency = latency;
    s->anchor_ns = pacm_synth_now_ns();
    s->anchor_frame = 0; /* an event arriving now lands at frame `latency` */
    return true;
}

static void free_events(pacm_synth_event *events, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pacm_mem_free(events[i].data);
        events[i].data = NULL;
    }
}

void pacm_synth_sched_destroy(pacm_synth_sched *s)
{
    free_events(s->events + s->head, s->count - s->head);
    pacm_mem_free(s->events);
    pthread_mutex_destroy(&s->lock);
}

/* The frame (on the clock, without latency) that arrival time t stands for; s->lock held. */
static int64_t frame_at(const pacm_synth_sched *s, uint64_t t)
{
    int64_t dt = (int64_t)(t - s->anchor_ns);
    /* ceil: an event never lands before the instant it arrived */
    int64_t q = dt / 1000000000, r = dt % 1000000000;
    int64_t sub = (r * (int64_t)s->rate + (r >= 0 ? 999999999 : 0)) / 1000000000;
    return s->anchor_frame + q * (int64_t)s->rate + sub;
}

/* Room for one more event at the end of the queue; s->lock held. */
static bool reserve(pacm_synth_sched *s)
{
    pacm_synth_event *grown;
    size_t capacity;
    if (s->head > 0 && s->head == s->count)
        s->head = s->count = 0;
    if (s->count - s->head >= PACM_SYNTH_QUEUE_MAX)
        return false; /* nobody renders (the output failed): refused, not silently dropped */
    if (s->count < s->capacity)
        return true;
    if (s->head > 0) { /* reuse the taken front */
        memmove(s->events, s->events + s->head, (s->count - s->head) * sizeof *s->events);
        s->count -= s->head;
        s->head = 0;
        return true;
    }
    capacity = s->capacity ? s->capacity * 2 : 256;
    grown = pacm_mem_realloc(s->events, capacity * sizeof *grown);
    if (!grown)
        return false;
    s->events = grown;
    s->capacity = capacity;
    return true;
}

bool pacm_synth_sched_add(pacm_synth_sched *s, uint32_t message, const uint8_t *data, size_t length)
{
    pacm_synth_event ev = {0, 0, message, 0, NULL};
    int64_t frame;
    if (data) {
        if (length > UINT32_MAX)
            return false;
        ev.data = pacm_mem_alloc(length ? length : 1);
        if (!ev.data)
            return false;
        memcpy(ev.data, data, length);
        ev.length = (uint32_t)length;
    }
    pthread_mutex_lock(&s->lock);
    if (!reserve(s)) {
        pthread_mutex_unlock(&s->lock);
        pacm_mem_free(ev.data);
        return false;
    }
    ev.arrival_ns = pacm_synth_now_ns(); /* under the lock: stamps and queue agree in order */
    frame = frame_at(s, ev.arrival_ns) + s->latency;
    ev.frame = frame < 0 ? 0 : (uint64_t)frame;
    if (ev.frame < s->last_frame) /* the clock was moved back: keep the arrival order */
        ev.frame = s->last_frame;
    s->last_frame = ev.frame;
    s->events[s->count++] = ev;
    pthread_mutex_unlock(&s->lock);
    return true;
}

void pacm_synth_sched_clear(pacm_synth_sched *s)
{
    pthread_mutex_lock(&s->lock);
    free_events(s->events + s->head, s->count - s->head);
    s->head = s->count = 0;
    pthread_mutex_unlock(&s->lock);
}

/* The arrival time that frame f stands for, without latency; s->lock held. */
static uint64_t time_of(const pacm_synth_sched *s, int64_t f)
{
    int64_t df = f - s->anchor_frame;
    int64_t q = df / (int64_t)s->rate, r = df % (int64_t)s->rate;
    return s->anchor_ns + (uint64_t)(q * 1000000000 + r * 1000000000 / (int64_t)s->rate);
}

/* Moves the clock so that frame `frame` stands for arrival time `t`; s->lock held. The queued
 * events (which arrived before t) move back with it, as a group, but no earlier than `frame`,
 * which the output has not rendered yet: their spacing is kept. */
static void move_clock(pacm_synth_sched *s, uint64_t t, int64_t frame)
{
    int64_t delta = frame_at(s, t) - frame; /* frames the clock goes back */
    s->anchor_ns = t;
    s->anchor_frame = frame;
    if (s->head < s->count) {
        int64_t room = (int64_t)s->events[s->head].frame - (frame > 0 ? frame : 0);
        if (delta > room)
            delta = room > 0 ? room : 0;
        for (size_t i = s->head; i < s->count; i++)
            s->events[i].frame -= (uint64_t)delta;
        s->last_frame = s->events[s->count - 1].frame;
    } else {
        s->last_frame = (int64_t)s->last_frame > delta ? s->last_frame - (uint64_t)delta : 0;
    }
}

void pacm_synth_sched_start(pacm_synth_sched *s, uint32_t preroll)
{
    pthread_mutex_lock(&s->lock);
    move_clock(s, pacm_synth_now_ns(), (int64_t)preroll);
    pthread_mutex_unlock(&s->lock);
}

uint64_t pacm_synth_sched_ready_ns(pacm_synth_sched *s, uint64_t end, uint32_t slack)
{
    uint64_t ready, now = pacm_synth_now_ns();
    pthread_mutex_lock(&s->lock);
    /* every event arriving before this time has a frame below `end` */
    ready = time_of(s, (int64_t)end - (int64_t)s->latency);
    if (now > ready && frame_at(s, now) - ((int64_t)end - (int64_t)s->latency) > (int64_t)slack) {
        /* behind the clock: move it so that `end` is due now */
        pacm_log_debug("synth: the output is %.1f ms behind the clock; the clock follows it",
                       (double)(now - ready) / 1e6);
        move_clock(s, now, (int64_t)end - (int64_t)s->latency);
        ready = now;
    }
    pthread_mutex_unlock(&s->lock);
    return ready;
}

uint64_t pacm_synth_sched_frame_ns(pacm_synth_sched *s, uint64_t frame)
{
    uint64_t t;
    pthread_mutex_lock(&s->lock);
    t = time_of(s, (int64_t)frame - (int64_t)s->latency);
    pthread_mutex_unlock(&s->lock);
    return t;
}

size_t pacm_synth_sched_take(pacm_synth_sched *s, uint64_t end, pacm_synth_event **out, size_t *capacity)
{
    size_t n = 0;
    pthread_mutex_lock(&s->lock);
    while (s->head + n < s->count && s->events[s->head + n].frame < end)
        n++;
    if (n > *capacity) {
        pacm_synth_event *grown = pacm_mem_realloc(*out, n * sizeof *grown);
        if (!grown) {
            pthread_mutex_unlock(&s->lock);
            return 0;
        }
        *out = grown;
        *capacity = n;
    }
    if (n)
        memcpy(*out, s->events + s->head, n * sizeof **out);
    s->head += n;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void pacm_synth_render_events(pacm_synth_core *core, int16_t *out, uint64_t first, size_t frames,
                              pacm_synth_event *events, size_t n, float left, float right)
{
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t at = events[i].frame < first ? first : events[i].frame;
        size_t upto = (size_t)(at - first);
        if (upto > frames)
            upto = frames;
        if (upto > done) {
            pacm_synth_core_render(core, out + 2 * done, upto - done, left, right);
            done = upto;
        }
        if (events[i].data)
            pacm_synth_core_long(core, events[i].data, events[i].length);
        else
            pacm_synth_core_short(core, events[i].message);
    }
    if (done < frames)
        pacm_synth_core_render(core, out + 2 * done, frames - done, left, right);
}
