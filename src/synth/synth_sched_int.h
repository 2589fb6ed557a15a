/*
 * synth_sched_int.h - frame-exact timing of the live synthesizer (synth_sched.c): every event
 * midiOutShortMsg / midiOutLongMsg hands the driver is stamped with the monotonic clock on
 * arrival and given the output frame that stands for its arrival time plus a constant latency;
 * the render thread renders each block in pieces, applying each event at its own frame. The
 * clock that maps times to frames is anchored at the open and paces the render thread: a block
 * is rendered only once every event that can fall into it has arrived, so no event is late and
 * the interval between two events is kept to the frame (no block quantisation, no jitter).
 */
#ifndef PORTACM_SYNTH_SCHED_INT_H
#define PORTACM_SYNTH_SCHED_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "synth_int.h"

/* One queued event: a short message (data NULL) or a copy of a SysEx buffer. */
typedef struct pacm_synth_event {
    uint64_t frame;      /* the output frame it is applied at */
    uint64_t arrival_ns; /* CLOCK_MONOTONIC when the driver received it */
    uint32_t message;    /* short message as midiOutShortMsg packs it */
    uint32_t length;     /* SysEx bytes at data */
    uint8_t *data;
} pacm_synth_event;

typedef struct pacm_synth_sched {
    pthread_mutex_t lock; /* everything below */
    uint32_t rate;        /* frames per second */
    uint32_t latency;     /* frames between an event's arrival and its frame */
    uint64_t anchor_ns;   /* the clock: frame anchor_frame stands for arrival time anchor_ns */
    int64_t anchor_frame;
    uint64_t last_frame;  /* frame of the newest queued event (arrival order is kept) */
    pacm_synth_event *events; /* queue [head, count) */
    size_t head, count, capacity;
} pacm_synth_sched;

/* The monotonic clock in nanoseconds. */
uint64_t pacm_synth_now_ns(void);

/* A queue at `rate` Hz with `latency` frames, its clock anchored now so that the block
 * [0, latency) may be rendered at once. false when the lock cannot be made. */
bool pacm_synth_sched_init(pacm_synth_sched *s, uint32_t rate, uint32_t latency);
/* Anchors the clock now, the output starting `preroll` frames ahead of it: frames
 * [0, preroll + latency) may be rendered at once (silence that fills the output device, so a
 * late render thread does not make it run dry), then the clock paces the rendering. Events
 * already queued move with the clock. */
void pacm_synth_sched_start(pacm_synth_sched *s, uint32_t preroll);
/* Frees the queued events and the queue. */
void pacm_synth_sched_destroy(pacm_synth_sched *s);
/* The most events queued at once (the render thread takes them every few milliseconds; only
 * an open whose output has failed fills it). */
#define PACM_SYNTH_QUEUE_MAX ((size_t)1 << 20)

/* Stamps and queues a short message, or a copy of `length` SysEx bytes (data non-NULL).
 * false when memory runs out or PACM_SYNTH_QUEUE_MAX events are queued (nothing queued). */
bool pacm_synth_sched_add(pacm_synth_sched *s, uint32_t message, const uint8_t *data, size_t length);
/* Drops every queued event (midiOutReset). */
void pacm_synth_sched_clear(pacm_synth_sched *s);
/* The CLOCK_MONOTONIC time from which the frames before `end` may be rendered (every event
 * falling before `end` has arrived by then). When that time is more than `slack` frames in
 * the past (the output fell behind the clock: a stall, an underrun, a slower device clock)
 * the clock is moved back to the output first, so later events keep the constant latency; the
 * queued events move back with it as a group (no earlier than the frames not yet rendered), so
 * the intervals between them are kept. */
uint64_t pacm_synth_sched_ready_ns(pacm_synth_sched *s, uint64_t end, uint32_t slack);
/* Moves the events with frame < end to *out (grown as needed, *capacity its size), in order;
 * returns how many. 0 also when memory runs out (they stay queued for the next block). */
size_t pacm_synth_sched_take(pacm_synth_sched *s, uint64_t end, pacm_synth_event **out, size_t *capacity);
/* The arrival time that frame `frame` stands for on the current clock. */
uint64_t pacm_synth_sched_frame_ns(pacm_synth_sched *s, uint64_t frame);

/* Renders frames [first, first + frames) of `core` into out, applying events[0..n) (frames
 * ascending) each at its frame (an event before `first` at `first`); their data is the caller's. */
void pacm_synth_render_events(pacm_synth_core *core, int16_t *out, uint64_t first, size_t frames,
                              pacm_synth_event *events, size_t n, float left, float right);

/* ---- the benchmark hook (bench/bench_midi.c) ----
 * When set, called on the render thread of every open after each block is rendered: the
 * block's frames and samples, when it was rendered, the arrival time its first frame stands
 * for, the latency, and the events applied in it (before their data is freed). NULL: off. */
typedef struct pacm_synth_trace {
    uint64_t first_frame;
    size_t frames;
    const int16_t *samples; /* interleaved stereo */
    uint64_t rendered_ns;   /* CLOCK_MONOTONIC just after rendering */
    uint64_t first_frame_ns;
    uint32_t rate, latency;
    const pacm_synth_event *events;
    size_t n_events;
} pacm_synth_trace;
extern void (*_Atomic pacm_synth_trace_hook)(const pacm_synth_trace *trace);

#endif /* PORTACM_SYNTH_SCHED_INT_H */
