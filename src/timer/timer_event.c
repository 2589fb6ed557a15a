/*
 * timer_event.c - timeSetEvent and timeKillEvent: the timer events and the one timer thread
 * that fires them.
 *
 * Sixteen slots hold the events (Windows' limit). An ID is slot + 16 x generation, the
 * generation counting every timeSetEvent, so an ID that was killed and whose slot was reused
 * is rejected. One thread per process, started by the first timeSetEvent and ending when no
 * event is left, sleeps on a timerfd armed at the earliest absolute deadline (CLOCK_MONOTONIC),
 * fires the event that is due with no lock held, and schedules a periodic event at its
 * previous deadline + period: no drift, and after a stall the missed periods fire back to back
 * until the schedule is met again, as on Windows. timeSetEvent wakes the thread by arming the
 * timerfd in the past, so the thread recomputes the earliest deadline.
 *
 * The thread asks for SCHED_FIFO at the highest priority (Windows' TIME_CRITICAL), within
 * RLIMIT_RTPRIO when the maximum is refused, and otherwise settles for the lowest nice value
 * it may take (docs/timers.md). Its timer slack is 1 ns.
 *
 * Process exit: an atexit handler registered with the first thread stops the callbacks and
 * waits (at most a second) for a running one and for the thread to end, so no callback runs while the C library and
 * the program tear down what they registered earlier. A forked child starts with no timers.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "timer_int.h"
#include "winbase.h"

#define TIMER_CALLBACK_KINDS (TIME_CALLBACK_EVENT_SET | TIME_CALLBACK_EVENT_PULSE)
#define TIMER_CALLBACK_TYPEMASK 0x00F0u /* the bits Windows reserves for the callback kind */
#define TIMER_GENERATION_LIMIT (1u << 27) /* IDs stay below 2^31 */

typedef struct timer_event {
    UINT id; /* 0: the slot is free */
    UINT delay_ms;
    UINT flags;
    LPTIMECALLBACK proc; /* the callback, or the event handle of the EVENT kinds */
    DWORD_PTR user;
    uint64_t deadline_ns;
    bool fired; /* a one-shot whose callback runs now: no longer scheduled */
} timer_event;

/* Everything below is guarded by timer_lock. */
static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_callback_done = PTHREAD_COND_INITIALIZER;
static timer_event timers[TIMER_MAX_EVENTS];
static unsigned timer_count;      /* slots in use */
static unsigned timer_generation; /* of the last ID handed out */
static UINT running_id;           /* the event whose callback runs now, 0 for none */
static bool thread_running;
static pthread_t timer_thread;
static int timer_fd = -1;
static bool shutting_down;
static bool atexit_registered;
static bool scheduling_known;
static int scheduling_policy;
static int scheduling_priority;

/* Arms the timerfd for an absolute CLOCK_MONOTONIC deadline; 1 ns (the past) fires at once. */
static void timer_fd_arm(uint64_t deadline_ns)
{
    struct itimerspec value;
    memset(&value, 0, sizeof value);
    value.it_value.tv_sec = (time_t)(deadline_ns / 1000000000u);
    value.it_value.tv_nsec = (long)(deadline_ns % 1000000000u);
    if (value.it_value.tv_sec == 0 && value.it_value.tv_nsec == 0)
        value.it_value.tv_nsec = 1;
    timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &value, NULL);
}

/* Blocks until the timerfd expires (or a signal interrupts: the caller re-checks anyway). */
static void timer_fd_wait(void)
{
    uint64_t expirations;
    ssize_t got = read(timer_fd, &expirations, sizeof expirations);
    (void)got;
}

/* ---- the thread's priority ---------------------------------------------------------------- */
static bool try_real_time(int priority)
{
    struct sched_param param;
    memset(&param, 0, sizeof param);
    param.sched_priority = priority;
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) != 0)
        return false;
    scheduling_policy = SCHED_FIFO;
    scheduling_priority = priority;
    return true;
}

/* SCHED_FIFO at the maximum, or at the RLIMIT_RTPRIO ceiling; else the lowest nice value the
 * thread may take (-20 with CAP_SYS_NICE, 20 - RLIMIT_NICE otherwise); else it stays as it is.
 * Failures are silent: the timers work at normal priority, only later under load. */
static void timer_thread_raise_priority(void)
{
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    int maximum = sched_get_priority_max(SCHED_FIFO);
    struct rlimit limit;
    bool done = maximum > 0 && try_real_time(maximum);
    if (!done && getrlimit(RLIMIT_RTPRIO, &limit) == 0 && limit.rlim_cur > 0 && limit.rlim_cur != RLIM_INFINITY &&
        (int)limit.rlim_cur < maximum)
        done = try_real_time((int)limit.rlim_cur);
    if (done)
        return;
    pid_t tid = (pid_t)syscall(SYS_gettid);
    int nice = -20;
    if (setpriority(PRIO_PROCESS, (id_t)tid, nice) != 0) {
        nice = 0;
        if (getrlimit(RLIMIT_NICE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur > 20) {
            nice = 20 - (int)limit.rlim_cur;
            if (setpriority(PRIO_PROCESS, (id_t)tid, nice) != 0)
                nice = 0;
        }
    }
    scheduling_policy = SCHED_OTHER;
    scheduling_priority = nice;
}

bool pacm_timer_thread_scheduling(int *policy, int *priority)
{
    pthread_mutex_lock(&timer_lock);
    bool known = scheduling_known;
    if (policy)
        *policy = scheduling_policy;
    if (priority)
        *priority = scheduling_priority;
    pthread_mutex_unlock(&timer_lock);
    return known;
}

/* ---- the thread --------------------------------------------------------------------------- */
static timer_event *timer_lookup_locked(UINT id)
{
    timer_event *timer = &timers[id % TIMER_MAX_EVENTS];
    return id != 0 && timer->id == id ? timer : NULL;
}

static void timer_free_locked(timer_event *timer)
{
    timer->id = 0;
    timer_count--;
}

static timer_event *timer_earliest_locked(void)
{
    timer_event *earliest = NULL;
    for (unsigned i = 0; i < TIMER_MAX_EVENTS; i++) {
        timer_event *timer = &timers[i];
        if (timer->id != 0 && !timer->fired && (!earliest || timer->deadline_ns < earliest->deadline_ns))
            earliest = timer;
    }
    return earliest;
}

static bool on_timer_thread_locked(void)
{
    return thread_running && pthread_equal(pthread_self(), timer_thread);
}

/* Fires a due event: reschedules it (periodic) or marks it fired (one-shot), runs the callback
 * or signals the event with the lock released, then frees a one-shot that nobody killed. */
static void timer_fire_locked(timer_event *timer)
{
    UINT id = timer->id;
    UINT flags = timer->flags;
    LPTIMECALLBACK proc = timer->proc;
    DWORD_PTR user = timer->user;
    if (flags & TIME_PERIODIC)
        timer->deadline_ns += (uint64_t)timer->delay_ms * 1000000u;
    else
        timer->fired = true;
    running_id = id;
    pthread_mutex_unlock(&timer_lock);
    switch (flags & TIMER_CALLBACK_KINDS) {
    case TIME_CALLBACK_EVENT_SET:
        SetEvent((HANDLE)proc);
        break;
    case TIME_CALLBACK_EVENT_PULSE:
        PulseEvent((HANDLE)proc);
        break;
    default:
        proc(id, 0, user, 0, 0);
        break;
    }
    pthread_mutex_lock(&timer_lock);
    running_id = 0;
    if (!(flags & TIME_PERIODIC)) {
        timer_event *still = timer_lookup_locked(id);
        if (still)
            timer_free_locked(still);
    }
    pthread_cond_broadcast(&timer_callback_done);
}

static void *timer_thread_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&timer_lock);
    timer_thread_raise_priority();
    scheduling_known = true;
    while (!shutting_down && timer_count > 0) {
        timer_event *next = timer_earliest_locked();
        uint64_t now = pacm_timer_now_ns();
        if (next && next->deadline_ns <= now) {
            timer_fire_locked(next);
            continue;
        }
        /* Nothing scheduled cannot happen outside a callback; sleep a second to be safe. */
        timer_fd_arm(next ? next->deadline_ns : now + 1000000000u);
        pthread_mutex_unlock(&timer_lock);
        timer_fd_wait();
        pthread_mutex_lock(&timer_lock);
    }
    thread_running = false;
    pthread_cond_broadcast(&timer_callback_done);
    pthread_mutex_unlock(&timer_lock);
    return NULL;
}

/* Stops the callbacks at process exit (or when a library holding portacm is unloaded) and
 * waits, at most a second, for the timer thread to finish a running callback and end. */
static void timer_at_exit(void)
{
    pthread_mutex_lock(&timer_lock);
    shutting_down = true;
    if (thread_running && !on_timer_thread_locked()) {
        timer_fd_arm(0);
        struct timespec limit;
        clock_gettime(CLOCK_REALTIME, &limit);
        limit.tv_sec += 1;
        while (thread_running) {
            if (pthread_cond_timedwait(&timer_callback_done, &timer_lock, &limit) == ETIMEDOUT)
                break;
        }
    }
    pthread_mutex_unlock(&timer_lock);
}

/* fork: the child has no timer thread and must not share the parent's timerfd (one open file
 * description: arming it in one process would wake the other), so it starts with no timers, as
 * a process that never called timeSetEvent. The lock is held across fork so the child's copy
 * of the state is consistent. */
static void timer_before_fork(void)
{
    pthread_mutex_lock(&timer_lock);
}

static void timer_after_fork_parent(void)
{
    pthread_mutex_unlock(&timer_lock);
}

static void timer_after_fork_child(void)
{
    memset(timers, 0, sizeof timers);
    timer_count = 0;
    running_id = 0;
    thread_running = false;
    scheduling_known = false;
    if (timer_fd >= 0)
        close(timer_fd);
    timer_fd = -1;
    pthread_cond_init(&timer_callback_done, NULL);
    pthread_mutex_unlock(&timer_lock);
}

/* Starts the timer thread unless it runs, with every signal blocked (the program's signal
 * handlers never run on it). Lock held. */
static bool timer_thread_start_locked(void)
{
    if (thread_running)
        return true;
    if (timer_fd < 0) {
        timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
        if (timer_fd < 0)
            return false;
    }
    if (!atexit_registered) {
        atexit_registered = true;
        atexit(timer_at_exit);
        pthread_atfork(timer_before_fork, timer_after_fork_parent, timer_after_fork_child);
    }
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0)
        return false;
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    int failed = pthread_create(&timer_thread, &attributes, timer_thread_main, NULL);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
    thread_running = failed == 0;
    return thread_running;
}

/* ---- the API ------------------------------------------------------------------------------ */
static bool timer_arguments_valid(UINT uDelay, LPTIMECALLBACK lpTimeProc, UINT fuEvent)
{
    /* Windows refuses flag bits outside the kind, the callback type and KILL_SYNCHRONOUS. */
    if (fuEvent & ~(UINT)(TIME_PERIODIC | TIMER_CALLBACK_TYPEMASK | TIME_KILL_SYNCHRONOUS))
        return false;
    UINT kind = fuEvent & TIMER_CALLBACK_TYPEMASK;
    if (kind != TIME_CALLBACK_FUNCTION && kind != TIME_CALLBACK_EVENT_SET && kind != TIME_CALLBACK_EVENT_PULSE)
        return false;
    return uDelay >= TIMER_PERIOD_MIN && uDelay <= TIMER_PERIOD_MAX && lpTimeProc != NULL;
}

MMRESULT WINAPI timeSetEvent(UINT uDelay, UINT uResolution, LPTIMECALLBACK lpTimeProc, DWORD_PTR dwUser,
                             UINT fuEvent)
{
    (void)uResolution;
    if (!timer_arguments_valid(uDelay, lpTimeProc, fuEvent))
        return 0;
    uint64_t now = pacm_timer_now_ns();
    pthread_mutex_lock(&timer_lock);
    unsigned slot = 0;
    while (slot < TIMER_MAX_EVENTS && timers[slot].id != 0)
        slot++;
    if (shutting_down || slot == TIMER_MAX_EVENTS || !timer_thread_start_locked()) {
        pthread_mutex_unlock(&timer_lock);
        return 0;
    }
    timer_generation = timer_generation + 1 < TIMER_GENERATION_LIMIT ? timer_generation + 1 : 1;
    timer_event *timer = &timers[slot];
    timer->id = timer_generation * TIMER_MAX_EVENTS + slot;
    timer->delay_ms = uDelay;
    timer->flags = fuEvent;
    timer->proc = lpTimeProc;
    timer->user = dwUser;
    timer->deadline_ns = now + (uint64_t)uDelay * 1000000u;
    timer->fired = false;
    timer_count++;
    timer_fd_arm(0); /* the thread recomputes its earliest deadline */
    UINT id = timer->id;
    pthread_mutex_unlock(&timer_lock);
    return id;
}

MMRESULT WINAPI timeKillEvent(UINT uTimerID)
{
    pthread_mutex_lock(&timer_lock);
    timer_event *timer = timer_lookup_locked(uTimerID);
    if (!timer) {
        pthread_mutex_unlock(&timer_lock);
        return MMSYSERR_INVALPARAM;
    }
    bool synchronous = (timer->flags & TIME_KILL_SYNCHRONOUS) != 0;
    timer_free_locked(timer);
    /* A callback killing its own timer runs on the timer thread: waiting would deadlock. */
    if (synchronous && !on_timer_thread_locked()) {
        while (running_id == uTimerID)
            pthread_cond_wait(&timer_callback_done, &timer_lock);
    }
    pthread_mutex_unlock(&timer_lock);
    return TIMERR_NOERROR;
}
