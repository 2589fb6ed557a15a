/*
 * timer_int.h - internals of the multimedia timers shared by the clock functions
 * (timer_clock.c), the timer thread (timer_event.c), the benchmark and the tests.
 */
#ifndef PORTACM_TIMER_INT_H
#define PORTACM_TIMER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "common_int.h"
#include "mmsystem.h"

/* Windows' limits (docs/timers.md): delays and periods in [1, 65535] ms, at most 16 timer
 * events at once. */
#define TIMER_PERIOD_MIN 1u
#define TIMER_PERIOD_MAX 65535u
#define TIMER_MAX_EVENTS 16u

/* CLOCK_MONOTONIC in nanoseconds: the clock of timeGetTime and of every timer deadline. */
uint64_t pacm_timer_now_ns(void);

/* How the timer thread is scheduled, as it set itself up when it last started: `policy` is
 * SCHED_FIFO (real-time, at `priority`) or SCHED_OTHER (then `priority` is the nice value it
 * obtained, 0 when lowering it was not permitted). Returns false when no timer thread has
 * started yet. For the benchmark and the tests. */
bool pacm_timer_thread_scheduling(int *policy, int *priority);

#endif /* PORTACM_TIMER_INT_H */
