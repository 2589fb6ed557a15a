/*
 * bench_timer.c - how late portacm's multimedia timer fires, against the ceiling of a plain
 * timerfd loop, in the same run.
 *
 *   1. timeSetEvent(1 ms, TIME_PERIODIC) for N seconds: each callback's lateness is its
 *      CLOCK_MONOTONIC time minus its ideal deadline (start + k ms, the start read just before
 *      timeSetEvent).
 *   2. At the same time, the ceiling: one thread with the scheduling the timer thread obtained (SCHED_FIFO at the
 *      same priority, or the same nice value) and a 1 ns timer slack, reading a timerfd armed
 *      at absolute deadlines start + k ms (TFD_TIMER_ABSTIME), the same mechanism with nothing
 *      around it.
 *
 * For each: the number of callbacks, lateness median, 99th percentile and maximum, and drift
 * (the last callback's time minus its deadline: a schedule of "now + period" would grow by the
 * lateness of every period). Ratios are portacm / ceiling.
 *
 * Usage: bench_timer [seconds]   (default 10)
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "mmsystem.h"
#include "timer_int.h"
#include "windows.h"

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

typedef struct lateness_run {
    uint64_t start;
    uint64_t *times; /* callback k (0-based) at times[k]; its deadline is start + (k + 1) ms */
    size_t wanted;
    size_t count;
} lateness_run;

typedef struct lateness_summary {
    size_t count;
    double median_us;
    double p99_us;
    double max_us;
    double drift_us;
} lateness_summary;

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static lateness_summary summarize(const lateness_run *run)
{
    lateness_summary summary = {run->count, 0, 0, 0, 0};
    if (run->count == 0)
        return summary;
    double *late = malloc(run->count * sizeof *late);
    if (!late)
        exit(1);
    for (size_t k = 0; k < run->count; k++)
        late[k] = ((double)(run->times[k] - run->start) - (double)(k + 1) * 1e6) / 1e3;
    summary.drift_us = late[run->count - 1];
    qsort(late, run->count, sizeof *late, compare_double);
    summary.median_us = late[run->count / 2];
    summary.p99_us = late[(size_t)((double)(run->count - 1) * 0.99)];
    summary.max_us = late[run->count - 1];
    free(late);
    return summary;
}

/* ---- 1. timeSetEvent ------------------------------------------------------------------------ */
static void CALLBACK record_callback(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)dw1, (void)dw2;
    lateness_run *run = (lateness_run *)user;
    if (run->count < run->wanted)
        run->times[run->count++] = now_ns();
}

static void run_portacm(lateness_run *run)
{
    run->start = now_ns();
    MMRESULT id = timeSetEvent(1, 0, record_callback, (DWORD_PTR)run, TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    if (id == 0) {
        fprintf(stderr, "timeSetEvent failed\n");
        exit(1);
    }
    /* Sleep past the last deadline, then stop; the synchronous kill orders the reads below. */
    uint64_t end = run->start + (uint64_t)(run->wanted + 50) * 1000000u;
    while (now_ns() < end)
        Sleep(50);
    timeKillEvent(id);
}

/* ---- 2. the timerfd ceiling ----------------------------------------------------------------- */
static void apply_scheduling(int policy, int priority)
{
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    if (policy == SCHED_FIFO) {
        struct sched_param param;
        memset(&param, 0, sizeof param);
        param.sched_priority = priority;
        pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
    } else {
        setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), priority);
    }
}

typedef struct ceiling_args {
    lateness_run *run;
    int policy;
    int priority;
} ceiling_args;

static void *ceiling_thread(void *opaque)
{
    ceiling_args *args = opaque;
    lateness_run *run = args->run;
    apply_scheduling(args->policy, args->priority);
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (fd < 0)
        exit(1);
    for (size_t k = 0; k < run->wanted; k++) {
        uint64_t deadline = run->start + (uint64_t)(k + 1) * 1000000u;
        struct itimerspec value;
        memset(&value, 0, sizeof value);
        value.it_value.tv_sec = (time_t)(deadline / 1000000000u);
        value.it_value.tv_nsec = (long)(deadline % 1000000000u);
        timerfd_settime(fd, TFD_TIMER_ABSTIME, &value, NULL);
        uint64_t expirations;
        if (read(fd, &expirations, sizeof expirations) != sizeof expirations)
            exit(1);
        run->times[run->count++] = now_ns();
    }
    close(fd);
    return NULL;
}

static void ceiling_start(pthread_t *thread, ceiling_args *args)
{
    if (pthread_create(thread, NULL, ceiling_thread, args) != 0)
        exit(1);
}

/* Starts the timer thread once (a 1 ms one-shot) so that its scheduling is known before the
 * ceiling thread copies it. */
static void CALLBACK warm_up_callback(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)dw1, (void)dw2;
    *(volatile int *)user = 1;
}

static void timer_warm_up(void)
{
    static volatile int fired;
    if (timeSetEvent(1, 0, warm_up_callback, (DWORD_PTR)&fired, TIME_ONESHOT | TIME_KILL_SYNCHRONOUS) == 0)
        exit(1);
    for (int i = 0; i < 1000 && !fired; i++)
        Sleep(1);
}

static void print_row(const char *name, const lateness_summary *s)
{
    printf("| %-28s | %7zu | %10.1f | %10.1f | %10.1f | %10.1f |\n", name, s->count, s->median_us, s->p99_us,
           s->max_us, s->drift_us);
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 10;
    if (seconds <= 0 || seconds > 3600) {
        fprintf(stderr, "usage: bench_timer [seconds]\n");
        return 2;
    }
    size_t wanted = (size_t)seconds * 1000u;
    lateness_run portacm = {0, calloc(wanted, sizeof(uint64_t)), wanted, 0};
    lateness_run ceiling = {0, calloc(wanted, sizeof(uint64_t)), wanted, 0};
    if (!portacm.times || !ceiling.times)
        return 1;

    /* Both run at once, so they see the same machine; the ceiling's deadlines fall about half
     * a millisecond after portacm's, so the two threads rarely wake together. */
    timer_warm_up();
    int policy = SCHED_OTHER, priority = 0;
    pacm_timer_thread_scheduling(&policy, &priority);
    ceiling_args args = {&ceiling, policy, priority};
    pthread_t thread;
    ceiling.start = now_ns() + 2000000u;
    ceiling_start(&thread, &args);
    uint64_t offset = ceiling.start + 500000u;
    struct timespec until = {(time_t)(offset / 1000000000u), (long)(offset % 1000000000u)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    run_portacm(&portacm);
    pthread_join(thread, NULL);

    lateness_summary a = summarize(&portacm), b = summarize(&ceiling);
    printf("1 ms periodic over %d s, both at once; timer thread: %s %d (the ceiling thread uses the same)\n", seconds,
           policy == SCHED_FIFO ? "SCHED_FIFO priority" : "SCHED_OTHER nice", priority);
    printf("| %-28s | %7s | %10s | %10s | %10s | %10s |\n", "", "calls", "median us", "p99 us", "max us",
           "drift us");
    printf("|------------------------------|---------|------------|------------|------------|------------|\n");
    print_row("timeSetEvent (portacm)", &a);
    print_row("timerfd loop (ceiling)", &b);
    printf("| %-28s | %7s | %10.2f | %10.2f | %10.2f | %10s |\n", "ratio portacm / ceiling", "", ratio(a.median_us, b.median_us),
           ratio(a.p99_us, b.p99_us), ratio(a.max_us, b.max_us), "");
    free(portacm.times);
    free(ceiling.times);
    return 0;
}
