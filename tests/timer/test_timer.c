/*
 * test_timer.c - the multimedia timers through the public API: the clock functions and their
 * argument checks, timeSetEvent's limits and codes, a 1 ms periodic event over 2 s (count and
 * drift), one-shots, the 16-event limit, stale IDs, killing from inside a callback,
 * TIME_KILL_SYNCHRONOUS, and the event kinds waking a waiting thread.
 *
 * Timing bounds are loose enough for a loaded 2-core machine and a ThreadSanitizer build; the
 * drift check does not depend on load: a periodic schedule that drifts is late by a growing
 * amount, and the bound on the last callback's error catches it whatever the lateness of one
 * callback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "windows.h"
#include "mmsystem.h"

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Polls `flag` until it reaches `value` or `limit_ms` passes; returns whether it did. */
static bool wait_for(atomic_int *flag, int value, unsigned limit_ms)
{
    uint64_t end = now_ns() + (uint64_t)limit_ms * 1000000u;
    while (atomic_load(flag) < value) {
        if (now_ns() > end)
            return false;
        Sleep(1);
    }
    return true;
}

/* ---- the clock ------------------------------------------------------------------------------ */
static void time_get_time_is_monotonic_milliseconds(void **state)
{
    (void)state;
    DWORD before = (DWORD)(now_ns() / 1000000u);
    DWORD reading = timeGetTime();
    DWORD after = (DWORD)(now_ns() / 1000000u);
    assert_true(reading - before <= after - before); /* modular: works across the wrap */
    DWORD start = timeGetTime();
    Sleep(30);
    DWORD elapsed = timeGetTime() - start;
    assert_in_range(elapsed, 29, 1000);
}

static void time_get_system_time_fills_only_a_whole_mmtime(void **state)
{
    (void)state;
    MMTIME mmt;
    assert_int_equal(timeGetSystemTime(NULL, sizeof mmt), TIMERR_NOERROR);
    memset(&mmt, 0xAB, sizeof mmt);
    assert_int_equal(timeGetSystemTime(&mmt, sizeof mmt - 1), TIMERR_NOERROR);
    assert_int_equal(mmt.wType, 0xABABABABu);
    assert_int_equal(timeGetSystemTime(&mmt, 0), TIMERR_NOERROR);
    assert_int_equal(mmt.wType, 0xABABABABu);
    DWORD before = timeGetTime();
    assert_int_equal(timeGetSystemTime(&mmt, sizeof mmt), TIMERR_NOERROR);
    assert_int_equal(mmt.wType, TIME_MS);
    assert_true(mmt.u.ms - before <= timeGetTime() - before);
    MMTIME big[2];
    assert_int_equal(timeGetSystemTime(big, sizeof big), TIMERR_NOERROR);
    assert_int_equal(big[0].wType, TIME_MS);
}

static void time_get_dev_caps_checks_pointer_and_size(void **state)
{
    (void)state;
    TIMECAPS caps = {0xAAAAAAAAu, 0xAAAAAAAAu};
    assert_int_equal(timeGetDevCaps(NULL, sizeof caps), TIMERR_NOCANDO);
    assert_int_equal(timeGetDevCaps(&caps, sizeof caps - 1), TIMERR_NOCANDO);
    assert_int_equal(timeGetDevCaps(&caps, 0), TIMERR_NOCANDO);
    assert_int_equal(caps.wPeriodMin, 0xAAAAAAAAu);
    assert_int_equal(timeGetDevCaps(&caps, sizeof caps), TIMERR_NOERROR);
    assert_int_equal(caps.wPeriodMin, 1);
    assert_int_equal(caps.wPeriodMax, 65535);
    TIMECAPS two[2];
    assert_int_equal(timeGetDevCaps(two, sizeof two), TIMERR_NOERROR);
    assert_int_equal(two[0].wPeriodMax, 65535);
}

static void time_periods_are_validated(void **state)
{
    (void)state;
    static const UINT good[] = {1, 2, 15, 1000, 65535};
    static const UINT bad[] = {0, 65536, 0x80000000u, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(timeBeginPeriod(good[i]), TIMERR_NOERROR);
        assert_int_equal(timeEndPeriod(good[i]), TIMERR_NOERROR);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(timeBeginPeriod(bad[i]), TIMERR_NOCANDO);
        assert_int_equal(timeEndPeriod(bad[i]), TIMERR_NOCANDO);
    }
}

/* ---- argument checks of timeSetEvent / timeKillEvent ------------------------------------------ */
static atomic_int ignored_calls;
static void CALLBACK count_only(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)user, (void)dw1, (void)dw2;
    atomic_fetch_add(&ignored_calls, 1);
}

static void set_event_refuses_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(timeSetEvent(0, 0, count_only, 0, TIME_PERIODIC), 0);
    assert_int_equal(timeSetEvent(65536, 0, count_only, 0, TIME_PERIODIC), 0);
    assert_int_equal(timeSetEvent(0xFFFFFFFFu, 0, count_only, 0, TIME_ONESHOT), 0);
    assert_int_equal(timeSetEvent(10, 0, NULL, 0, TIME_PERIODIC), 0);
    assert_int_equal(timeSetEvent(10, 0, NULL, 0, TIME_CALLBACK_EVENT_SET), 0);
    static const UINT bad_flags[] = {0x2, 0x4, 0x8, 0x30, 0x40, 0x80, 0x200, 0x1000, 0x80000000u};
    for (size_t i = 0; i < sizeof bad_flags / sizeof bad_flags[0]; i++)
        assert_int_equal(timeSetEvent(10, 0, count_only, 0, bad_flags[i]), 0);
    /* The bounds themselves and any resolution are accepted. */
    MMRESULT longest = timeSetEvent(65535, 0xFFFFFFFFu, count_only, 0, TIME_ONESHOT | TIME_KILL_SYNCHRONOUS);
    assert_int_not_equal(longest, 0);
    assert_int_equal(timeKillEvent(longest), TIMERR_NOERROR);
    assert_int_equal(timeKillEvent(longest), MMSYSERR_INVALPARAM);
    assert_int_equal(timeKillEvent(0), MMSYSERR_INVALPARAM);
    assert_int_equal(timeKillEvent(12345), MMSYSERR_INVALPARAM);
    assert_int_equal(timeKillEvent(0xFFFFFFFFu), MMSYSERR_INVALPARAM);
}

/* ---- the 1 ms periodic schedule ------------------------------------------------------------- */
#define PERIODIC_CALLS 2000
typedef struct periodic_record {
    uint64_t times[PERIODIC_CALLS];
    atomic_int count;
    atomic_uint id;
    atomic_bool arguments_ok;
} periodic_record;

static void CALLBACK periodic_callback(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    periodic_record *record = (periodic_record *)user;
    int k = atomic_load(&record->count);
    if (k < PERIODIC_CALLS)
        record->times[k] = now_ns();
    UINT expected = atomic_load(&record->id);
    if ((expected != 0 && id != expected) || msg != 0 || dw1 != 0 || dw2 != 0)
        atomic_store(&record->arguments_ok, false);
    atomic_store(&record->count, k + 1);
}

static int compare_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The error (callback time - ideal deadline) at `percent` of callbacks [first, first + n). */
static int64_t error_percentile_ns(const periodic_record *record, uint64_t start, int first, int n, int percent)
{
    int64_t *errors = malloc((size_t)n * sizeof *errors);
    assert_non_null(errors);
    for (int i = 0; i < n; i++) {
        int k = first + i;
        errors[i] = (int64_t)(record->times[k] - start) - (int64_t)(k + 1) * 1000000;
    }
    qsort(errors, (size_t)n, sizeof *errors, compare_i64);
    int64_t value = errors[(size_t)n * (size_t)percent / 100];
    free(errors);
    return value;
}

static void periodic_1ms_keeps_count_and_does_not_drift(void **state)
{
    (void)state;
    periodic_record *record = calloc(1, sizeof *record);
    assert_non_null(record);
    atomic_store(&record->arguments_ok, true);
    uint64_t start = now_ns();
    /* The callback may run before the ID is stored: it compares only once the ID is known. */
    MMRESULT id = timeSetEvent(1, 0, periodic_callback, (DWORD_PTR)record, TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    assert_int_not_equal(id, 0);
    atomic_store(&record->id, id);
    assert_true(wait_for(&record->count, PERIODIC_CALLS, 10000));
    assert_int_equal(timeKillEvent(id), TIMERR_NOERROR);
    int final_count = atomic_load(&record->count);
    Sleep(20);
    assert_int_equal(atomic_load(&record->count), final_count); /* nothing after the kill */

    /* The schedule, measured so that a stall of the machine (tens of ms, which a shared
     * machine or a sanitizer run may cause at any moment) cannot fail the test while drift
     * does: a schedule of "now + period" would make every one of the last 500 callbacks late
     * by the sum of the earlier latenesses (~0.05-0.1 ms a period: 100-200 ms), whereas with
     * no drift most of them are on time even if a stall delays some. */
    double last_ms = (double)(record->times[PERIODIC_CALLS - 1] - start) / 1e6;
    int64_t first_low = error_percentile_ns(record, start, 0, 500, 10);
    int64_t last_low = error_percentile_ns(record, start, PERIODIC_CALLS - 500, 500, 10);
    int64_t last_median = error_percentile_ns(record, start, PERIODIC_CALLS - 500, 500, 50);
    int64_t final_error = (int64_t)(record->times[PERIODIC_CALLS - 1] - start) - (int64_t)PERIODIC_CALLS * 1000000;
    printf("periodic 1 ms: call %d at %.3f ms; error 10th percentile first 500 %.3f ms, last 500 %.3f ms; "
           "median last 500 %.3f ms; final %.3f ms\n",
           PERIODIC_CALLS, last_ms, first_low / 1e6, last_low / 1e6, last_median / 1e6, final_error / 1e6);
    /* No callback fires before its deadline (the start was read before timeSetEvent). */
    for (int k = 0; k < PERIODIC_CALLS; k++)
        assert_true(record->times[k] >= start + (uint64_t)(k + 1) * 1000000u);
    assert_in_range(last_low, 0, 5 * 1000000);
    assert_true(last_low - first_low < 2 * 1000000); /* not growing */
    /* The count: 2000 callbacks within 2000 ms plus at most one stall. */
    assert_in_range(final_error, 0, 250 * 1000000);
    assert_true(atomic_load(&record->arguments_ok));
    free(record);
}

/* After a stall (one callback that takes 40 ms), the missed periods fire back to back until the
 * schedule is met again, as on Windows: the callbacks after the catch-up are on the original
 * schedule (start + 2k ms), whereas a schedule restarted from the stall would leave every later
 * callback at least 38 ms late. The smallest error of callbacks 40..100 tells them apart even
 * if the machine stalls the test now and then. */
#define STALL_CALLS 100
typedef struct stall_record {
    atomic_int count;
    uint64_t times[STALL_CALLS + 1];
} stall_record;

static void CALLBACK stalling_callback(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)dw1, (void)dw2;
    stall_record *record = (stall_record *)user;
    int k = atomic_load(&record->count) + 1;
    if (k == 5)
        Sleep(40);
    if (k <= STALL_CALLS)
        record->times[k] = now_ns();
    atomic_store(&record->count, k);
}

static void periodic_catches_up_after_a_stall(void **state)
{
    (void)state;
    stall_record *record = calloc(1, sizeof *record);
    assert_non_null(record);
    uint64_t start = now_ns();
    MMRESULT id = timeSetEvent(2, 0, stalling_callback, (DWORD_PTR)record, TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    assert_int_not_equal(id, 0);
    assert_true(wait_for(&record->count, STALL_CALLS, 5000));
    assert_int_equal(timeKillEvent(id), TIMERR_NOERROR);
    int64_t smallest = INT64_MAX;
    for (int k = 40; k <= STALL_CALLS; k++) {
        int64_t error = (int64_t)(record->times[k] - start) - (int64_t)k * 2000000;
        if (error < smallest)
            smallest = error;
    }
    printf("2 ms timer, 40 ms stall at call 5: smallest error of calls 40..%d %.3f ms\n", STALL_CALLS,
           smallest / 1e6);
    assert_in_range(smallest, 0, 10 * 1000000);
    free(record);
}

/* ---- one-shot ------------------------------------------------------------------------------- */
static atomic_int oneshot_calls;
static uint64_t oneshot_time;
static DWORD_PTR oneshot_user;
static void CALLBACK oneshot_callback(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)dw1, (void)dw2;
    oneshot_time = now_ns();
    oneshot_user = user;
    atomic_fetch_add(&oneshot_calls, 1);
}

static void oneshot_fires_once_and_is_freed(void **state)
{
    (void)state;
    uint64_t start = now_ns();
    MMRESULT id = timeSetEvent(20, 1, oneshot_callback, 0x1234, TIME_ONESHOT);
    assert_int_not_equal(id, 0);
    assert_true(wait_for(&oneshot_calls, 1, 2000));
    Sleep(100);
    assert_int_equal(atomic_load(&oneshot_calls), 1);
    assert_true(oneshot_time >= start + 20000000u);
    assert_int_equal(oneshot_user, 0x1234);
    assert_int_equal(timeKillEvent(id), MMSYSERR_INVALPARAM); /* freed after firing */
}

/* ---- limits and IDs ------------------------------------------------------------------------- */
static void seventeenth_event_is_refused(void **state)
{
    (void)state;
    MMRESULT ids[16];
    for (int i = 0; i < 16; i++) {
        ids[i] = timeSetEvent(60000, 0, count_only, 0, i % 2 ? TIME_PERIODIC : TIME_ONESHOT);
        assert_int_not_equal(ids[i], 0);
        for (int j = 0; j < i; j++)
            assert_int_not_equal(ids[i], ids[j]);
    }
    assert_int_equal(timeSetEvent(60000, 0, count_only, 0, TIME_PERIODIC), 0);
    assert_int_equal(timeSetEvent(1, 0, count_only, 0, TIME_ONESHOT), 0);
    assert_int_equal(timeKillEvent(ids[7]), TIMERR_NOERROR);
    MMRESULT again = timeSetEvent(60000, 0, count_only, 0, TIME_PERIODIC);
    assert_int_not_equal(again, 0);
    assert_int_equal(timeSetEvent(60000, 0, count_only, 0, TIME_PERIODIC), 0);
    ids[7] = again;
    for (int i = 0; i < 16; i++)
        assert_int_equal(timeKillEvent(ids[i]), TIMERR_NOERROR);
}

static void stale_ids_are_rejected(void **state)
{
    (void)state;
    MMRESULT first = timeSetEvent(60000, 0, count_only, 0, TIME_PERIODIC);
    assert_int_not_equal(first, 0);
    assert_int_equal(timeKillEvent(first), TIMERR_NOERROR);
    /* The slot is free again; the new event gets it under another ID. */
    MMRESULT second = timeSetEvent(60000, 0, count_only, 0, TIME_PERIODIC);
    assert_int_not_equal(second, 0);
    assert_int_not_equal(second, first);
    assert_int_equal(timeKillEvent(first), MMSYSERR_INVALPARAM);
    assert_int_equal(timeKillEvent(second), TIMERR_NOERROR);
    assert_int_equal(timeKillEvent(second), MMSYSERR_INVALPARAM);
}

/* ---- killing from inside a callback --------------------------------------------------------- */
typedef struct self_kill {
    atomic_int calls;
    atomic_int done;
    atomic_uint kill_result;
} self_kill;

static void CALLBACK self_kill_callback(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)msg, (void)dw1, (void)dw2;
    self_kill *record = (self_kill *)user;
    if (atomic_fetch_add(&record->calls, 1) + 1 == 3) {
        atomic_store(&record->kill_result, timeKillEvent(id));
        atomic_store(&record->done, 1);
    }
}

static void callback_kills_its_own_timer(UINT flags)
{
    self_kill record = {0};
    atomic_store(&record.kill_result, 0xDEAD);
    MMRESULT id = timeSetEvent(2, 0, self_kill_callback, (DWORD_PTR)&record, TIME_PERIODIC | flags);
    assert_int_not_equal(id, 0);
    assert_true(wait_for(&record.done, 1, 3000));
    Sleep(60);
    assert_int_equal(atomic_load(&record.calls), 3);
    assert_int_equal(atomic_load(&record.kill_result), TIMERR_NOERROR);
    assert_int_equal(timeKillEvent(id), MMSYSERR_INVALPARAM);
}

static void callback_kills_itself_asynchronous(void **state)
{
    (void)state;
    callback_kills_its_own_timer(0);
}

static void callback_kills_itself_synchronous(void **state)
{
    (void)state;
    callback_kills_its_own_timer(TIME_KILL_SYNCHRONOUS);
}

/* ---- TIME_KILL_SYNCHRONOUS ------------------------------------------------------------------ */
typedef struct slow_record {
    atomic_int entered;
    atomic_int finished;
} slow_record;

static void CALLBACK slow_callback(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)dw1, (void)dw2;
    slow_record *record = (slow_record *)user;
    atomic_fetch_add(&record->entered, 1);
    Sleep(300);
    atomic_fetch_add(&record->finished, 1);
}

static void kill_synchronous_waits_for_the_running_callback(void **state)
{
    (void)state;
    slow_record record = {0};
    MMRESULT id = timeSetEvent(5, 0, slow_callback, (DWORD_PTR)&record, TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    assert_int_not_equal(id, 0);
    assert_true(wait_for(&record.entered, 1, 3000));
    assert_int_equal(timeKillEvent(id), TIMERR_NOERROR);
    /* The callback that was running has ended, and none starts afterwards. */
    int entered = atomic_load(&record.entered);
    assert_int_equal(atomic_load(&record.finished), entered);
    Sleep(200);
    assert_int_equal(atomic_load(&record.entered), entered);
}

static void kill_without_the_flag_returns_at_once(void **state)
{
    (void)state;
    slow_record record = {0};
    MMRESULT id = timeSetEvent(5, 0, slow_callback, (DWORD_PTR)&record, TIME_PERIODIC);
    assert_int_not_equal(id, 0);
    assert_true(wait_for(&record.entered, 1, 3000));
    uint64_t before = now_ns();
    assert_int_equal(timeKillEvent(id), TIMERR_NOERROR);
    uint64_t took = now_ns() - before;
    int finished_at_return = atomic_load(&record.finished);
    int entered = atomic_load(&record.entered);
    assert_true(took < 200000000u); /* well under the callback's 300 ms */
    assert_int_equal(finished_at_return, entered - 1); /* it was still running */
    Sleep(400);
    assert_int_equal(atomic_load(&record.entered), entered);
    assert_int_equal(atomic_load(&record.finished), entered);
}

/* ---- callbacks that start timers ------------------------------------------------------------ */
static atomic_int nested_fired;
static atomic_int nested_started;
static atomic_uint nested_id;
static void CALLBACK nested_inner(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)user, (void)dw1, (void)dw2;
    atomic_fetch_add(&nested_fired, 1);
}

static void CALLBACK nested_outer(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)dw1, (void)dw2;
    (void)user;
    atomic_store(&nested_id, timeSetEvent(5, 0, nested_inner, 0, TIME_ONESHOT));
    atomic_store(&nested_started, 1);
}

static void callback_may_start_a_timer(void **state)
{
    (void)state;
    MMRESULT outer = timeSetEvent(5, 0, nested_outer, 0, TIME_ONESHOT);
    assert_int_not_equal(outer, 0);
    assert_true(wait_for(&nested_started, 1, 3000));
    assert_int_not_equal(atomic_load(&nested_id), 0);
    assert_true(wait_for(&nested_fired, 1, 3000));
}

/* ---- the event kinds ------------------------------------------------------------------------ */
static void event_kind_wakes_a_waiting_thread(UINT kind, BOOL manual_reset)
{
    HANDLE event = CreateEventA(NULL, manual_reset, FALSE, NULL);
    assert_non_null(event);
    uint64_t start = now_ns();
    MMRESULT id = timeSetEvent(30, 0, (LPTIMECALLBACK)event, 0, TIME_ONESHOT | kind);
    assert_int_not_equal(id, 0);
    assert_int_equal(WaitForSingleObject(event, 3000), WAIT_OBJECT_0);
    assert_true(now_ns() - start >= 30000000u);
    /* A periodic event timer signals again and again. */
    id = timeSetEvent(10, 0, (LPTIMECALLBACK)event, 0, TIME_PERIODIC | kind);
    assert_int_not_equal(id, 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(WaitForSingleObject(event, 3000), WAIT_OBJECT_0);
        if (manual_reset)
            assert_true(ResetEvent(event));
    }
    assert_int_equal(timeKillEvent(id), TIMERR_NOERROR);
    assert_true(CloseHandle(event));
}

static void event_set_wakes_a_waiting_thread(void **state)
{
    (void)state;
    event_kind_wakes_a_waiting_thread(TIME_CALLBACK_EVENT_SET, FALSE);
    event_kind_wakes_a_waiting_thread(TIME_CALLBACK_EVENT_SET, TRUE);
}

static void event_pulse_wakes_a_waiting_thread(void **state)
{
    (void)state;
    event_kind_wakes_a_waiting_thread(TIME_CALLBACK_EVENT_PULSE, FALSE);
}

/* A timer whose event handle was closed does not crash the timer thread. */
static void closed_event_handle_is_harmless(void **state)
{
    (void)state;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_non_null(event);
    assert_true(CloseHandle(event));
    MMRESULT id = timeSetEvent(2, 0, (LPTIMECALLBACK)event, 0, TIME_PERIODIC | TIME_CALLBACK_EVENT_SET);
    assert_int_not_equal(id, 0);
    Sleep(30);
    assert_int_equal(timeKillEvent(id), TIMERR_NOERROR);
}

/* A forked child starts with no timers and a timer thread of its own; the parent's periodic
 * event keeps firing in the parent only. */
#if defined(__SANITIZE_THREAD__)
#define TIMER_TEST_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TIMER_TEST_UNDER_TSAN 1
#endif
#endif

static void forked_child_has_its_own_timers(void **state)
{
    (void)state;
#ifdef TIMER_TEST_UNDER_TSAN
    printf("skipping: ThreadSanitizer cannot start threads in a child forked from a threaded process\n");
    skip();
#endif
    atomic_store(&ignored_calls, 0);
    MMRESULT parent_timer = timeSetEvent(2, 0, count_only, 0, TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    assert_int_not_equal(parent_timer, 0);
    assert_true(wait_for(&ignored_calls, 3, 3000));
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        int code = 0;
        if (timeKillEvent(parent_timer) != MMSYSERR_INVALPARAM)
            code |= 1;
        atomic_store(&oneshot_calls, 0);
        if (timeSetEvent(5, 0, oneshot_callback, 0x1234, TIME_ONESHOT) == 0)
            code |= 2;
        else if (!wait_for(&oneshot_calls, 1, 3000))
            code |= 4;
        _exit(code);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    int before = atomic_load(&ignored_calls);
    assert_true(wait_for(&ignored_calls, before + 3, 3000)); /* still firing in the parent */
    assert_int_equal(timeKillEvent(parent_timer), TIMERR_NOERROR);
}

/* Last: leaves a periodic event alive, so the process exits with the timer thread running
 * callbacks (the exit must not crash). */
static void exit_with_a_live_timer(void **state)
{
    (void)state;
    atomic_store(&ignored_calls, 0);
    MMRESULT id = timeSetEvent(1, 0, count_only, 0, TIME_PERIODIC);
    assert_int_not_equal(id, 0);
    assert_true(wait_for(&ignored_calls, 5, 3000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(time_get_time_is_monotonic_milliseconds),
        cmocka_unit_test(time_get_system_time_fills_only_a_whole_mmtime),
        cmocka_unit_test(time_get_dev_caps_checks_pointer_and_size),
        cmocka_unit_test(time_periods_are_validated),
        cmocka_unit_test(set_event_refuses_bad_arguments),
        cmocka_unit_test(periodic_1ms_keeps_count_and_does_not_drift),
        cmocka_unit_test(periodic_catches_up_after_a_stall),
        cmocka_unit_test(oneshot_fires_once_and_is_freed),
        cmocka_unit_test(seventeenth_event_is_refused),
        cmocka_unit_test(stale_ids_are_rejected),
        cmocka_unit_test(callback_kills_itself_asynchronous),
        cmocka_unit_test(callback_kills_itself_synchronous),
        cmocka_unit_test(kill_synchronous_waits_for_the_running_callback),
        cmocka_unit_test(kill_without_the_flag_returns_at_once),
        cmocka_unit_test(callback_may_start_a_timer),
        cmocka_unit_test(event_set_wakes_a_waiting_thread),
        cmocka_unit_test(event_pulse_wakes_a_waiting_thread),
        cmocka_unit_test(closed_event_handle_is_harmless),
        cmocka_unit_test(forked_child_has_its_own_timers),
        cmocka_unit_test(exit_with_a_live_timer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
