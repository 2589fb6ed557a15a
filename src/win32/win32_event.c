/*
 * win32_event.c - Win32 event objects and the waits on them (WaitForSingleObject,
 * WaitForMultipleObjects, and the event half of MsgWaitForMultipleObjects).
 *
 * Events change state rarely (DriverCallback(DCB_EVENT), stream completion), so one process-wide
 * lock guards every event; that makes "wait for all" atomic without lock ordering: all the
 * events are checked and the auto-reset ones consumed in one critical section, as Windows
 * guarantees. A waiting thread registers its wait with each event and sleeps on its waiter;
 * SetEvent wakes the registered waits, which re-check.
 *
 * PulseEvent cannot leave the signal for the woken threads to find: it is gone when they look.
 * So a pulse satisfies the registered waits itself, under the lock, in registration order: each
 * wait that the pulse completes (its events checked and consumed as the wait itself would) gets
 * its result recorded in `satisfied`, which the waiting thread takes before anything else.
 */
#include <string.h>

#include "win32_int.h"

struct win32_event;

/* One blocked wait, on its thread's stack, registered with each of its events (event_lock). */
typedef struct event_wait {
    win32_waiter *waiter;
    struct win32_event **events;
    DWORD count;
    bool wait_all;
    bool pulsable; /* false for a wait-all that also needs queue input: the pulse cannot tell */
    long satisfied; /* the index a pulse completed the wait with, or -1 */
} event_wait;

typedef struct win32_event {
    unsigned references; /* handles to the object (event_lock) */
    bool manual_reset;
    bool signaled;
    event_wait **waiters; /* waits blocked on the event, oldest first */
    size_t waiter_count;
    size_t waiter_capacity;
    win32_notify_fd fd;
    WCHAR *name; /* NULL for an unnamed event */
    struct win32_event *next_named;
} win32_event;

static pthread_mutex_t event_lock = PTHREAD_MUTEX_INITIALIZER;
static win32_event *named_events;

/* The handle destructor: one handle fewer; the object (and its name) dies with the last. */
static void event_unref(void *object)
{
    win32_event *event = object;
    pthread_mutex_lock(&event_lock);
    bool last = --event->references == 0;
    if (last && event->name) {
        win32_event **link = &named_events;
        while (*link != event)
            link = &(*link)->next_named;
        *link = event->next_named;
    }
    pthread_mutex_unlock(&event_lock);
    if (!last)
        return;
    pacm_notify_fd_close(&event->fd);
    pacm_mem_free(event->waiters);
    pacm_mem_free(event->name);
    pacm_mem_free(event);
}

static bool name_equal(LPCWSTR a, LPCWSTR b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Creates (or, for a name already in use, opens) an event and returns a new handle to it. */
static HANDLE event_create(BOOL manual_reset, BOOL initial_state, LPCWSTR name)
{
    if (name && !*name)
        name = NULL;
    win32_event *event = NULL;
    bool existed = false;
    pthread_mutex_lock(&event_lock);
    if (name) {
        for (event = named_events; event && !name_equal(event->name, name); event = event->next_named) {
        }
        if (event) {
            event->references++;
            existed = true;
        }
    }
    if (!event) {
        event = pacm_mem_calloc(1, sizeof *event);
        WCHAR *copy = NULL;
        if (event && name) {
            size_t bytes = (pacm_utf16_length(name) + 1) * sizeof(WCHAR);
            copy = pacm_mem_alloc(bytes);
            if (copy)
                memcpy(copy, name, bytes);
        }
        if (!event || (name && !copy)) {
            pthread_mutex_unlock(&event_lock);
            pacm_mem_free(event);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        event->references = 1;
        event->manual_reset = manual_reset != FALSE;
        event->signaled = initial_state != FALSE;
        event->fd.read_fd = event->fd.write_fd = -1;
        event->name = copy;
        if (copy) {
            event->next_named = named_events;
            named_events = event;
        }
    }
    pthread_mutex_unlock(&event_lock);
    uintptr_t handle = pacm_handle_create(HANDLE_TYPE_EVENT, event, event_unref);
    if (!handle) {
        event_unref(event);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    /* As on Windows, success resets the last error so callers can test ERROR_ALREADY_EXISTS. */
    SetLastError(existed ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return (HANDLE)handle;
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                           LPCWSTR lpName)
{
    (void)lpEventAttributes;
    return event_create(bManualReset, bInitialState, lpName);
}

/* ANSI names are taken as UTF-8. */
HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                           LPCSTR lpName)
{
    (void)lpEventAttributes;
    WCHAR *name = NULL;
    if (lpName && !(name = pacm_utf8_to_utf16(lpName))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    HANDLE handle = event_create(bManualReset, bInitialState, name);
    pacm_mem_free(name);
    return handle;
}

/* Wakes every thread blocked on the event and brings its descriptor up to date. Lock held. */
static void event_changed_locked(win32_event *event)
{
    if (event->signaled) {
        for (size_t i = 0; i < event->waiter_count; i++)
            pacm_waiter_wake(event->waiters[i]->waiter);
    }
    pacm_notify_fd_set(&event->fd, event->signaled);
}

typedef enum event_change { EVENT_SET, EVENT_RESET, EVENT_PULSE } event_change;

static void event_pulse_locked(win32_event *event);

static BOOL event_set_state(HANDLE hEvent, event_change change)
{
    win32_event *event = pacm_handle_acquire((uintptr_t)hEvent, HANDLE_TYPE_EVENT);
    if (!event) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&event_lock);
    if (change == EVENT_PULSE) {
        event_pulse_locked(event);
    } else {
        event->signaled = change == EVENT_SET;
        event_changed_locked(event);
    }
    pthread_mutex_unlock(&event_lock);
    pacm_handle_release((uintptr_t)hEvent);
    return TRUE;
}

BOOL WINAPI SetEvent(HANDLE hEvent)
{
    return event_set_state(hEvent, EVENT_SET);
}

BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    return event_set_state(hEvent, EVENT_RESET);
}

BOOL WINAPI PulseEvent(HANDLE hEvent)
{
    return event_set_state(hEvent, EVENT_PULSE);
}

int portacm_event_fd(HANDLE hEvent)
{
    win32_event *event = pacm_handle_acquire((uintptr_t)hEvent, HANDLE_TYPE_EVENT);
    if (!event) {
        SetLastError(ERROR_INVALID_HANDLE);
        return -1;
    }
    pthread_mutex_lock(&event_lock);
    int fd = -1;
    if (pacm_notify_fd_open(&event->fd)) {
        pacm_notify_fd_set(&event->fd, event->signaled);
        fd = event->fd.read_fd;
    } else {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    }
    pthread_mutex_unlock(&event_lock);
    pacm_handle_release((uintptr_t)hEvent);
    return fd;
}

/* CloseHandle closes any kernel-object handle portacm has; events are the only kind so far.
 * A new kind adds a row here. Window handles are not kernel objects (ERROR_INVALID_HANDLE). */
static const uint32_t closable_types[] = {HANDLE_TYPE_EVENT};

BOOL WINAPI CloseHandle(HANDLE hObject)
{
    uint32_t type = pacm_handle_type((uintptr_t)hObject);
    for (size_t i = 0; type && i < sizeof closable_types / sizeof closable_types[0]; i++) {
        if (closable_types[i] == type && pacm_handle_close((uintptr_t)hObject, type))
            return TRUE;
    }
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* ---- waiting ---------------------------------------------------------------------------- */
static bool waiter_add(win32_event *event, event_wait *wait)
{
    if (event->waiter_count == event->waiter_capacity) {
        size_t capacity = event->waiter_capacity ? event->waiter_capacity * 2 : 4;
        event_wait **bigger = pacm_mem_realloc(event->waiters, capacity * sizeof *bigger);
        if (!bigger)
            return false;
        event->waiters = bigger;
        event->waiter_capacity = capacity;
    }
    event->waiters[event->waiter_count++] = wait;
    return true;
}

/* Keeps the order, so that a pulse of an auto-reset event releases the oldest wait. */
static void waiter_remove(win32_event *event, event_wait *wait)
{
    for (size_t i = 0; i < event->waiter_count; i++) {
        if (event->waiters[i] == wait) {
            memmove(&event->waiters[i], &event->waiters[i + 1], (event->waiter_count - i - 1) * sizeof *event->waiters);
            event->waiter_count--;
            return;
        }
    }
}

/* Registers `wait` with each of its events, all or none. Lock held. */
static bool waits_register_locked(event_wait *wait)
{
    for (DWORD i = 0; i < wait->count; i++) {
        if (!waiter_add(wait->events[i], wait)) {
            for (DWORD j = 0; j < i; j++)
                waiter_remove(wait->events[j], wait);
            return false;
        }
    }
    return true;
}

/* Checks the events and consumes what the wait takes. Returns the satisfied index (0 for a
 * wait-all), or -1. Lock held. */
static long events_check_locked(win32_event **events, DWORD count, bool wait_all)
{
    if (count == 0)
        return -1;
    if (wait_all) {
        for (DWORD i = 0; i < count; i++) {
            if (!events[i]->signaled)
                return -1;
        }
        for (DWORD i = 0; i < count; i++) {
            if (!events[i]->manual_reset) {
                events[i]->signaled = false;
                pacm_notify_fd_set(&events[i]->fd, false);
            }
        }
        return 0;
    }
    for (DWORD i = 0; i < count; i++) {
        if (events[i]->signaled) {
            if (!events[i]->manual_reset) {
                events[i]->signaled = false;
                pacm_notify_fd_set(&events[i]->fd, false);
            }
            return (long)i;
        }
    }
    return -1;
}

/* Signals the event for an instant: every registered wait that this completes is satisfied
 * there and then (for an auto-reset event the first such wait consumes the signal), then the
 * event is left non-signalled. A wait registered later never sees the pulse. Lock held. */
static void event_pulse_locked(win32_event *event)
{
    event->signaled = true;
    for (size_t i = 0; i < event->waiter_count && event->signaled; i++) {
        event_wait *wait = event->waiters[i];
        if (wait->satisfied >= 0 || !wait->pulsable)
            continue;
        wait->satisfied = events_check_locked(wait->events, wait->count, wait->wait_all);
        if (wait->satisfied >= 0)
            pacm_waiter_wake(wait->waiter);
    }
    event->signaled = false;
    pacm_notify_fd_set(&event->fd, false);
}

/* Takes a reference on each event of `handles` into `events`. A handle that is not a live
 * event, or (for a wait-all) an event named twice, fails the whole wait as on Windows: every
 * reference taken is given back and the last error set. */
static bool events_acquire(DWORD count, const HANDLE *handles, BOOL wait_all, win32_event **events)
{
    for (DWORD i = 0; i < count; i++) {
        events[i] = pacm_handle_acquire((uintptr_t)handles[i], HANDLE_TYPE_EVENT);
        bool duplicate = false;
        for (DWORD j = 0; events[i] && wait_all && j < i; j++)
            duplicate |= events[j] == events[i];
        if (!events[i] || duplicate) {
            if (events[i])
                pacm_handle_release((uintptr_t)handles[i]);
            for (DWORD j = 0; j < i; j++)
                pacm_handle_release((uintptr_t)handles[j]);
            SetLastError(duplicate ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
            return false;
        }
    }
    return true;
}

/* One look at the events of a wait, under the lock: a pulse's result first, then the events'
 * state. A wait that may sleep and found nothing is registered (once); a satisfied one is
 * unregistered at once, so no pulse can complete it a second time. Returns the satisfied index
 * or -1; sets `*failed` when the registration ran out of memory. */
static long wait_check(event_wait *wait, bool check_events, bool may_sleep, bool *registered, bool *failed)
{
    pthread_mutex_lock(&event_lock);
    long index = wait->satisfied;
    /* MsgWaitForMultipleObjects with wait-all wants every event and input together. */
    if (index < 0 && check_events)
        index = events_check_locked(wait->events, wait->count, wait->wait_all);
    if (index < 0 && !*registered && may_sleep) {
        *failed = !waits_register_locked(wait);
        *registered = !*failed;
    }
    if (index >= 0 && *registered) {
        for (DWORD i = 0; i < wait->count; i++)
            waiter_remove(wait->events[i], wait);
        *registered = false;
    }
    pthread_mutex_unlock(&event_lock);
    return index;
}

/* Unregisters a wait that ends without an object (timeout, input). A pulse that completed it
 * in the meantime has consumed what it took, so the wait reports that object instead. */
static DWORD wait_unregister(event_wait *wait, DWORD result)
{
    pthread_mutex_lock(&event_lock);
    for (DWORD i = 0; i < wait->count; i++)
        waiter_remove(wait->events[i], wait);
    if (wait->satisfied >= 0)
        result = WAIT_OBJECT_0 + (DWORD)wait->satisfied;
    pthread_mutex_unlock(&event_lock);
    return result;
}

DWORD pacm_win32_wait(DWORD count, const HANDLE *handles, BOOL wait_all, DWORD milliseconds, DWORD queue_wake_mask,
                 bool (*extra_ready)(void *context), void *context)
{
    if (count > MAXIMUM_WAIT_OBJECTS || (count && !handles)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    win32_event *events[MAXIMUM_WAIT_OBJECTS];
    if (!events_acquire(count, handles, wait_all, events))
        return WAIT_FAILED;
    win32_thread *self = queue_wake_mask ? pacm_thread_queue_current() : pacm_thread_current();
    DWORD result = WAIT_FAILED;
    bool registered = false;
    bool queue_registered = false;
    if (!self) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto done;
    }
    event_wait wait = {&self->waiter, events, count, wait_all != FALSE, !(wait_all && queue_wake_mask), -1};
    struct timespec storage;
    const struct timespec *deadline = milliseconds == 0 ? NULL : pacm_win32_deadline(milliseconds, &storage);
    bool timed_out = false;
    for (;;) {
        bool may_sleep = milliseconds != 0 && !timed_out;
        bool input = false;
        if (queue_wake_mask) {
            queue_registered |= may_sleep;
            input = pacm_queue_has_input(self, queue_wake_mask, may_sleep);
        }
        long index = -1;
        bool registration_failed = false;
        if (count)
            index = wait_check(&wait, wait.pulsable || input, may_sleep, &registered, &registration_failed);
        if (registration_failed) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            break;
        }
        /* Objects come before input, lowest index first, as on Windows. */
        if (index >= 0) {
            result = WAIT_OBJECT_0 + (DWORD)index;
            break;
        }
        if (input && !(wait_all && count)) {
            result = WAIT_OBJECT_0 + count;
            break;
        }
        if (extra_ready && extra_ready(context)) {
            result = WAIT_OBJECT_0 + count + 1;
            break;
        }
        if (milliseconds == 0 || timed_out) {
            result = WAIT_TIMEOUT;
            break;
        }
        /* One last look after the deadline, so a signal that raced the timeout is not lost. */
        timed_out = !pacm_waiter_sleep(&self->waiter, deadline);
    }
    if (registered)
        result = wait_unregister(&wait, result);
done:
    if (queue_registered)
        pacm_queue_end_wait(self);
    for (DWORD i = 0; i < count; i++)
        pacm_handle_release((uintptr_t)handles[i]);
    return result;
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return pacm_win32_wait(1, &hHandle, FALSE, dwMilliseconds, 0, NULL, NULL);
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds)
{
    if (nCount == 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    return pacm_win32_wait(nCount, lpHandles, bWaitAll, dwMilliseconds, 0, NULL, NULL);
}
