/*
 * fault_notify.c - see fault_notify.h.
 */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "fault_devices/fault_notify.h"
#include "wave/wave_test_util.h"
#include "winuser.h"

const char *const fd_notify_names[] = {"CALLBACK_FUNCTION", "CALLBACK_EVENT", "CALLBACK_WINDOW", "CALLBACK_THREAD"};

HWND fd_window;
volatile int fd_done_count;

void CALLBACK fd_on_wave(HANDLE h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)instance, (void)p1, (void)p2;
    if (msg == WOM_DONE || msg == WIM_DATA)
        __atomic_add_fetch(&fd_done_count, 1, __ATOMIC_ACQ_REL);
}

/* The waveOutOpen arguments for `kind`; false (nothing made) when CreateEvent fails. */
bool fd_notify_begin(notify *n, notify_kind kind)
{
    memset(n, 0, sizeof *n);
    n->kind = kind;
    __atomic_store_n(&fd_done_count, 0, __ATOMIC_RELEASE);
    switch (kind) {
    case NOTIFY_FUNCTION:
        n->callback = (DWORD_PTR)fd_on_wave;
        n->flags = CALLBACK_FUNCTION;
        return true;
    case NOTIFY_EVENT:
        n->event = CreateEventA(NULL, FALSE, FALSE, NULL);
        n->callback = (DWORD_PTR)n->event;
        n->flags = CALLBACK_EVENT;
        return n->event != NULL;
    case NOTIFY_WINDOW:
        n->callback = (DWORD_PTR)fd_window;
        n->flags = CALLBACK_WINDOW;
        return true;
    case NOTIFY_THREAD:
    default:
        n->callback = GetCurrentThreadId();
        n->flags = CALLBACK_THREAD;
        return true;
    }
}

/* Takes the queued messages of this thread; true when MM_WOM_DONE for `hdr` was among them. */
bool fd_drain_messages(const WAVEHDR *hdr)
{
    bool done = false;
    MSG m;
    while (PeekMessageA(&m, NULL, 0, 0, PM_REMOVE))
        done = done || (m.message == MM_WOM_DONE && m.lParam == (LPARAM)hdr);
    return done;
}

double fd_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Waits up to `ms` for WOM_DONE of `hdr` in the way the client asked for it. (Under
 * injection the client's own WaitForSingleObject may fail for lack of memory: WAIT_FAILED,
 * the event's state untouched; it waits again.) */
bool fd_notify_wait(const notify *n, const WAVEHDR *hdr, unsigned ms)
{
    for (double start = fd_now_ms(); fd_now_ms() - start < ms;) {
        switch (n->kind) {
        case NOTIFY_FUNCTION:
            if (__atomic_load_n(&fd_done_count, __ATOMIC_ACQUIRE))
                return true;
            wt_sleep_ms(2);
            break;
        case NOTIFY_EVENT: {
            DWORD r = WaitForSingleObject(n->event, 2);
            if (r == WAIT_OBJECT_0 && (wt_flags(hdr) & WHDR_DONE))
                return true;
            if (r == WAIT_FAILED)
                wt_sleep_ms(2);
            break;
        }
        default:
            if (fd_drain_messages(hdr))
                return true;
            wt_sleep_ms(2);
            break;
        }
    }
    return false;
}

void fd_notify_end(notify *n)
{
    if (n->event)
        CloseHandle(n->event);
    fd_drain_messages(NULL);
}

