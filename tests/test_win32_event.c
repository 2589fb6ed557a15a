/*
 * test_win32_event.c - Win32 events and waits: manual and auto reset, named events, waits for
 * any and all, timeouts, bad handles and arguments, CloseHandle, the last-error value, and the
 * portacm_event_fd readiness descriptor, and PulseEvent (only the waits blocked at the pulse are
 * released).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <stdbool.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <stdatomic.h>

#include "windows.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static bool fd_readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static void manual_reset_stays_signalled(void **state)
{
    (void)state;
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, NULL);
    assert_non_null(h);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    assert_true(SetEvent(h));
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    assert_true(ResetEvent(h));
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    assert_true(CloseHandle(h));
}

static void auto_reset_is_consumed(void **state)
{
    (void)state;
    HANDLE h = CreateEventW(NULL, FALSE, TRUE, NULL);
    assert_non_null(h);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    SetEvent(h);
    SetEvent(h); /* not a counter: two sets, one wake */
    assert_int_equal(WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    CloseHandle(h);
}

static void timeouts_are_honoured(void **state)
{
    (void)state;
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
    double start = now_ms();
    assert_int_equal(WaitForSingleObject(h, 50), WAIT_TIMEOUT);
    double elapsed = now_ms() - start;
    assert_true(elapsed >= 49.0);
    assert_true(elapsed < 1000.0);
    start = now_ms();
    assert_int_equal(WaitForMultipleObjects(1, &h, FALSE, 30), WAIT_TIMEOUT);
    assert_true(now_ms() - start >= 29.0);
    CloseHandle(h);
}

typedef struct setter_args {
    HANDLE event;
    DWORD delay_ms;
} setter_args;

static void *set_later(void *arg)
{
    setter_args *args = arg;
    Sleep(args->delay_ms);
    SetEvent(args->event);
    return NULL;
}

static void wait_wakes_on_set_from_another_thread(void **state)
{
    (void)state;
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
    setter_args args = {h, 20};
    pthread_t thread;
    pthread_create(&thread, NULL, set_later, &args);
    double start = now_ms();
    assert_int_equal(WaitForSingleObject(h, 5000), WAIT_OBJECT_0);
    assert_true(now_ms() - start < 2000.0);
    pthread_join(thread, NULL);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    CloseHandle(h);
}

static void wait_any_and_all(void **state)
{
    (void)state;
    HANDLE h[3];
    h[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
    h[1] = CreateEventA(NULL, TRUE, FALSE, NULL);
    h[2] = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_int_equal(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_TIMEOUT);
    SetEvent(h[2]);
    SetEvent(h[1]);
    /* Lowest signalled index wins; manual-reset stays set. */
    assert_int_equal(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_OBJECT_0 + 1);
    assert_int_equal(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_OBJECT_0 + 1);
    ResetEvent(h[1]);
    assert_int_equal(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_OBJECT_0 + 2);
    assert_int_equal(WaitForMultipleObjects(3, h, FALSE, 0), WAIT_TIMEOUT);

    /* Wait-all: nothing is consumed until every event is set, then all auto ones at once. */
    SetEvent(h[0]);
    SetEvent(h[1]);
    assert_int_equal(WaitForMultipleObjects(3, h, TRUE, 0), WAIT_TIMEOUT);
    assert_int_equal(WaitForSingleObject(h[0], 0), WAIT_OBJECT_0); /* still set, then consumed */
    SetEvent(h[0]);
    SetEvent(h[2]);
    assert_int_equal(WaitForMultipleObjects(3, h, TRUE, 0), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(h[0], 0), WAIT_TIMEOUT);
    assert_int_equal(WaitForSingleObject(h[2], 0), WAIT_TIMEOUT);
    assert_int_equal(WaitForSingleObject(h[1], 0), WAIT_OBJECT_0);

    /* Wait-all blocking: completes when the last one is set by another thread. */
    ResetEvent(h[1]);
    SetEvent(h[0]);
    SetEvent(h[1]);
    setter_args args = {h[2], 20};
    pthread_t thread;
    pthread_create(&thread, NULL, set_later, &args);
    assert_int_equal(WaitForMultipleObjects(3, h, TRUE, 5000), WAIT_OBJECT_0);
    pthread_join(thread, NULL);
    for (int i = 0; i < 3; i++)
        CloseHandle(h[i]);
}

static void bad_arguments_fail(void **state)
{
    (void)state;
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE many[MAXIMUM_WAIT_OBJECTS + 1];
    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        many[i] = h;
    SetLastError(0);
    assert_int_equal(WaitForMultipleObjects(0, many, FALSE, 0), WAIT_FAILED);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    assert_int_equal(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, many, FALSE, 0), WAIT_FAILED);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    /* The same object twice in a wait-all is a parameter error; in a wait-any it is fine. */
    SetLastError(0);
    assert_int_equal(WaitForMultipleObjects(2, many, TRUE, 0), WAIT_FAILED);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, many, FALSE, 0), WAIT_TIMEOUT);

    HANDLE bogus[2] = {h, (HANDLE)(uintptr_t)0x12345};
    SetLastError(0);
    assert_int_equal(WaitForMultipleObjects(2, bogus, FALSE, 0), WAIT_FAILED);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    assert_false(SetEvent(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_false(ResetEvent(INVALID_HANDLE_VALUE));
    assert_int_equal(WaitForSingleObject(NULL, 0), WAIT_FAILED);
    assert_int_equal(portacm_event_fd(NULL), -1);

    assert_true(CloseHandle(h));
    /* A closed handle is dead everywhere. */
    SetLastError(0);
    assert_false(CloseHandle(h));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_false(SetEvent(h));
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_FAILED);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
}

static void named_events_are_shared(void **state)
{
    (void)state;
    HANDLE a = CreateEventA(NULL, TRUE, FALSE, "portacm-test-event");
    assert_non_null(a);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    /* The W name is the same string; the flags of the second call are ignored. */
    HANDLE b = CreateEventW(NULL, FALSE, TRUE, u"portacm-test-event");
    assert_non_null(b);
    assert_int_equal(GetLastError(), ERROR_ALREADY_EXISTS);
    assert_ptr_not_equal(a, b);
    assert_int_equal(WaitForSingleObject(a, 0), WAIT_TIMEOUT);
    SetEvent(b);
    assert_int_equal(WaitForSingleObject(a, 0), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(a, 0), WAIT_OBJECT_0); /* manual, from the first call */
    /* Names are case-sensitive, as kernel object names are. */
    HANDLE c = CreateEventA(NULL, TRUE, FALSE, "PORTACM-TEST-EVENT");
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    CloseHandle(c);
    /* The object lives while one handle does; then the name is free again. */
    CloseHandle(a);
    assert_int_equal(WaitForSingleObject(b, 0), WAIT_OBJECT_0);
    CloseHandle(b);
    HANDLE d = CreateEventA(NULL, FALSE, FALSE, "portacm-test-event");
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(WaitForSingleObject(d, 0), WAIT_TIMEOUT);
    CloseHandle(d);
}

static void *read_last_error(void *arg)
{
    DWORD *out = arg;
    out[0] = GetLastError();
    SetLastError(99);
    out[1] = GetCurrentThreadId();
    return NULL;
}

static void last_error_and_ids_are_per_thread(void **state)
{
    (void)state;
    SetLastError(1234);
    DWORD seen[2] = {77, 0};
    pthread_t thread;
    pthread_create(&thread, NULL, read_last_error, seen);
    pthread_join(thread, NULL);
    assert_int_equal(seen[0], 0);
    assert_int_equal(GetLastError(), 1234);
    assert_true(seen[1] != 0);
    assert_true(GetCurrentThreadId() != 0);
    assert_true(seen[1] != GetCurrentThreadId());
    assert_int_equal(GetCurrentThreadId(), GetCurrentThreadId());
    assert_int_equal(GetCurrentProcessId(), (DWORD)getpid());
}

static void event_fd_follows_the_state(void **state)
{
    (void)state;
    HANDLE manual = CreateEventA(NULL, TRUE, TRUE, NULL);
    int fd = portacm_event_fd(manual);
    assert_true(fd >= 0);
    assert_int_equal(portacm_event_fd(manual), fd); /* one descriptor per event */
    assert_true(fd_readable(fd));                   /* created signalled */
    ResetEvent(manual);
    assert_false(fd_readable(fd));
    SetEvent(manual);
    assert_true(fd_readable(fd));
    assert_int_equal(WaitForSingleObject(manual, 0), WAIT_OBJECT_0);
    assert_true(fd_readable(fd)); /* a wait does not reset a manual event */
    CloseHandle(manual);

    HANDLE automatic = CreateEventA(NULL, FALSE, FALSE, NULL);
    fd = portacm_event_fd(automatic);
    assert_false(fd_readable(fd));
    SetEvent(automatic);
    SetEvent(automatic);
    assert_true(fd_readable(fd));
    assert_int_equal(WaitForSingleObject(automatic, 0), WAIT_OBJECT_0);
    assert_false(fd_readable(fd)); /* consumed */
    /* Blocking poll wakes when another thread sets the event. */
    setter_args args = {automatic, 20};
    pthread_t thread;
    pthread_create(&thread, NULL, set_later, &args);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 5000), 1);
    pthread_join(thread, NULL);
    assert_int_equal(WaitForSingleObject(automatic, 0), WAIT_OBJECT_0);
    assert_false(fd_readable(fd));
    CloseHandle(automatic);
}

/* ---- PulseEvent ------------------------------------------------------------------------- */
typedef struct pulse_waiter {
    pthread_t thread;
    const HANDLE *handles;
    DWORD count;
    BOOL wait_all;
    DWORD timeout;
    atomic_long tid; /* 0 until the thread runs */
    DWORD result;
} pulse_waiter;

static void *pulse_wait_thread(void *arg)
{
    pulse_waiter *w = arg;
    atomic_store(&w->tid, (long)syscall(SYS_gettid));
    w->result = WaitForMultipleObjects(w->count, w->handles, w->wait_all, w->timeout);
    return NULL;
}

/* Whether the thread is asleep in the kernel (state S in /proc), i.e. blocked in its wait. */
static bool thread_sleeping(long tid)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/self/task/%ld/stat", tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool sleeping = false;
    if (fgets(line, sizeof line, f)) {
        char *close = strrchr(line, ')');
        sleeping = close && close[1] == ' ' && close[2] == 'S';
    }
    fclose(f);
    return sleeping;
}

/* Starts `n` threads waiting on `handles` and returns once all of them are blocked. */
static void start_waiters(pulse_waiter *w, int n, const HANDLE *handles, DWORD count, BOOL wait_all, DWORD timeout)
{
    for (int i = 0; i < n; i++) {
        w[i] = (pulse_waiter){.handles = handles, .count = count, .wait_all = wait_all, .timeout = timeout,
                              .result = 0xDEADu};
        atomic_init(&w[i].tid, 0);
        assert_int_equal(pthread_create(&w[i].thread, NULL, pulse_wait_thread, &w[i]), 0);
    }
    for (int i = 0; i < n; i++) {
        double give_up = now_ms() + 5000.0;
        while (!(atomic_load(&w[i].tid) && thread_sleeping(atomic_load(&w[i].tid))) && now_ms() < give_up)
            Sleep(1);
    }
    Sleep(50); /* a sleeping thread has registered its wait; this margin covers a lock wait */
}

static int join_waiters(pulse_waiter *w, int n, DWORD result)
{
    int matching = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(w[i].thread, NULL);
        matching += w[i].result == result;
    }
    return matching;
}

static void pulse_manual_releases_every_waiter(void **state)
{
    (void)state;
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, NULL);
    int fd = portacm_event_fd(h);
    pulse_waiter w[3];
    start_waiters(w, 3, &h, 1, FALSE, 5000);
    double start = now_ms();
    assert_true(PulseEvent(h));
    assert_int_equal(join_waiters(w, 3, WAIT_OBJECT_0), 3);
    assert_true(now_ms() - start < 4000.0);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    assert_false(fd_readable(fd));
    CloseHandle(h);
}

static void pulse_auto_releases_one_waiter(void **state)
{
    (void)state;
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
    int fd = portacm_event_fd(h);
    pulse_waiter w[3];
    start_waiters(w, 3, &h, 1, FALSE, 800);
    assert_true(PulseEvent(h));
    assert_false(fd_readable(fd));
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    assert_int_equal(join_waiters(w, 3, WAIT_OBJECT_0), 1);
    for (int i = 0; i < 3; i++)
        assert_true(w[i].result == WAIT_OBJECT_0 || w[i].result == WAIT_TIMEOUT);
    assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    CloseHandle(h);
}

static void pulse_without_waiter_only_resets(void **state)
{
    (void)state;
    for (BOOL manual = FALSE; manual <= TRUE; manual++) {
        HANDLE h = CreateEventA(NULL, manual, FALSE, NULL);
        int fd = portacm_event_fd(h);
        assert_true(PulseEvent(h));
        assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
        assert_false(fd_readable(fd));
        /* A signalled event is reset. */
        SetEvent(h);
        assert_true(fd_readable(fd));
        assert_true(PulseEvent(h));
        assert_false(fd_readable(fd));
        assert_int_equal(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
        CloseHandle(h);
    }
    SetLastError(0);
    assert_false(PulseEvent(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
}

static void late_waiter_misses_the_pulse(void **state)
{
    (void)state;
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, NULL);
    pulse_waiter early[1], late[1];
    start_waiters(early, 1, &h, 1, FALSE, 5000);
    assert_true(PulseEvent(h));
    start_waiters(late, 1, &h, 1, FALSE, 150);
    assert_int_equal(join_waiters(early, 1, WAIT_OBJECT_0), 1);
    assert_int_equal(join_waiters(late, 1, WAIT_TIMEOUT), 1);
    CloseHandle(h);
}

static void pulse_and_waits_on_several(void **state)
{
    (void)state;
    HANDLE h[2];
    h[0] = CreateEventA(NULL, FALSE, FALSE, NULL); /* auto */
    h[1] = CreateEventA(NULL, TRUE, FALSE, NULL);  /* manual, pulsed */
    /* Wait-any: the pulse completes it with the pulsed index. */
    pulse_waiter w[2];
    start_waiters(w, 2, h, 2, FALSE, 5000);
    assert_true(PulseEvent(h[1]));
    assert_int_equal(join_waiters(w, 2, WAIT_OBJECT_0 + 1), 2);
    /* Wait-all with the other event unsignalled: the pulse passes it by. */
    start_waiters(w, 1, h, 2, TRUE, 300);
    assert_true(PulseEvent(h[1]));
    assert_int_equal(join_waiters(w, 1, WAIT_TIMEOUT), 1);
    assert_int_equal(WaitForSingleObject(h[1], 0), WAIT_TIMEOUT);
    /* Wait-all with the other event set: the pulse completes it and the auto event is taken. */
    SetEvent(h[0]);
    start_waiters(w, 1, h, 2, TRUE, 5000);
    assert_true(PulseEvent(h[1]));
    assert_int_equal(join_waiters(w, 1, WAIT_OBJECT_0), 1);
    assert_int_equal(WaitForSingleObject(h[0], 0), WAIT_TIMEOUT);
    assert_int_equal(WaitForSingleObject(h[1], 0), WAIT_TIMEOUT);
    /* An auto-reset pulse goes to one wait only, even across wait-any sets. */
    HANDLE pair[2] = {h[1], h[0]};
    pulse_waiter single[1], multi[1];
    start_waiters(single, 1, &h[0], 1, FALSE, 600);
    start_waiters(multi, 1, pair, 2, FALSE, 600);
    assert_true(PulseEvent(h[0]));
    pthread_join(single[0].thread, NULL);
    pthread_join(multi[0].thread, NULL);
    assert_int_equal((single[0].result == WAIT_OBJECT_0) + (multi[0].result == WAIT_OBJECT_0 + 1), 1);
    assert_int_equal(WaitForSingleObject(h[0], 0), WAIT_TIMEOUT);
    CloseHandle(h[0]);
    CloseHandle(h[1]);
}

static void sleep_and_tick_count(void **state)
{
    (void)state;
    DWORD before = GetTickCount();
    double start = now_ms();
    Sleep(30);
    assert_true(now_ms() - start >= 29.0);
    DWORD ticks = GetTickCount() - before;
    assert_true(ticks >= 25 && ticks < 1000);
    Sleep(0);
}

int main(void)
{
    alarm(60); /* a hang is a failure, not a stuck CI job */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(manual_reset_stays_signalled),
        cmocka_unit_test(auto_reset_is_consumed),
        cmocka_unit_test(timeouts_are_honoured),
        cmocka_unit_test(wait_wakes_on_set_from_another_thread),
        cmocka_unit_test(wait_any_and_all),
        cmocka_unit_test(bad_arguments_fail),
        cmocka_unit_test(named_events_are_shared),
        cmocka_unit_test(last_error_and_ids_are_per_thread),
        cmocka_unit_test(event_fd_follows_the_state),
        cmocka_unit_test(pulse_manual_releases_every_waiter),
        cmocka_unit_test(pulse_auto_releases_one_waiter),
        cmocka_unit_test(pulse_without_waiter_only_resets),
        cmocka_unit_test(late_waiter_misses_the_pulse),
        cmocka_unit_test(pulse_and_waits_on_several),
        cmocka_unit_test(sleep_and_tick_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
