/*
 * fault_notify.h - how the device fault tests hear a waveOut buffer come back (WOM_DONE) in each
 * of the four ways a client can ask for (CALLBACK_FUNCTION, EVENT, WINDOW, THREAD), with a
 * clock-based timeout (under allocation-failure injection the client's own waits may fail).
 */
#ifndef FAULT_NOTIFY_H
#define FAULT_NOTIFY_H

#include <stdbool.h>

#include "windows.h"
#include "mmsystem.h"

typedef enum notify_kind { NOTIFY_FUNCTION, NOTIFY_EVENT, NOTIFY_WINDOW, NOTIFY_THREAD } notify_kind;
/* One client's choice, and the event it made. */
typedef struct notify {
    notify_kind kind;
    HANDLE event;
    DWORD_PTR callback;
    DWORD flags;
} notify;

/* Names of the kinds, "CALLBACK_FUNCTION" ... "CALLBACK_THREAD". */
extern const char *const fd_notify_names[];
/* The message-only window CALLBACK_WINDOW uses (the test makes it on its own thread). */
extern HWND fd_window;
/* WOM_DONE and WIM_DATA counted by fd_on_wave (CALLBACK_FUNCTION). */
extern volatile int fd_done_count;
void CALLBACK fd_on_wave(HANDLE h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2);

/* Fills n->callback and n->flags for waveOutOpen and zeroes fd_done_count; false (nothing
 * made) when CreateEvent fails. Call fd_notify_end either way. */
bool fd_notify_begin(notify *n, notify_kind kind);
/* Waits up to `ms` for WOM_DONE of `hdr` the way `n` asked for it; true when it came. */
bool fd_notify_wait(const notify *n, const WAVEHDR *hdr, unsigned ms);
/* Closes the event and empties this thread's message queue. */
void fd_notify_end(notify *n);
/* Takes this thread's queued messages; true when MM_WOM_DONE for `hdr` was among them. */
bool fd_drain_messages(const WAVEHDR *hdr);
/* A monotonic clock in milliseconds. */
double fd_now_ms(void);

#endif /* FAULT_NOTIFY_H */
