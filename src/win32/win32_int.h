/*
 * win32_int.h - internals shared by the Win32 subset behind DriverCallback: per-thread state
 * (thread ID, the waiter a blocked thread sleeps on, the message queue), events and the one
 * wait routine that waits on events and on the calling thread's queue together.
 *
 * Locks, outermost first: window class list -> a thread's queue lock -> the event lock -> a
 * thread's waiter lock. The handle table lock is a leaf (never held while calling out).
 */
#ifndef PORTACM_WIN32_INT_H
#define PORTACM_WIN32_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "common_int.h"
#include "winbase.h"
#include "winuser.h"

/* Windows' default USERPostMessageLimit: posted messages one queue may hold. */
#define WIN32_POST_LIMIT 10000u

/* ---- waiters ---------------------------------------------------------------------------- */
/* What a blocked thread sleeps on. Anything that may satisfy a wait (SetEvent, a post, a sent
 * message, a reply) marks the waiter woken; the waiter re-checks its conditions after each
 * wake-up, so spurious wakes are harmless. */
typedef struct win32_waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool woken;
} win32_waiter;

void pacm_waiter_wake(win32_waiter *waiter);
/* Sleeps until woken or until `deadline` (CLOCK_MONOTONIC; NULL: no limit). Consumes the
 * wake-up. Returns false on timeout. */
bool pacm_waiter_sleep(win32_waiter *waiter, const struct timespec *deadline);
/* Turns a Windows timeout in milliseconds into an absolute CLOCK_MONOTONIC deadline; returns
 * NULL for INFINITE. */
const struct timespec *pacm_win32_deadline(DWORD milliseconds, struct timespec *storage);

/* ---- readiness file descriptors (eventfd on Linux, a pipe elsewhere) ---------------------- */
typedef struct win32_notify_fd {
    int read_fd; /* -1 until created */
    int write_fd;
    bool readable;
} win32_notify_fd;

bool pacm_notify_fd_open(win32_notify_fd *fd);
void pacm_notify_fd_close(win32_notify_fd *fd);
/* Makes the descriptor readable or drains it, issuing a system call only on a change. */
void pacm_notify_fd_set(win32_notify_fd *fd, bool readable);

/* ---- per-thread state --------------------------------------------------------------------- */
/* A message posted to a queue (MSG without the point, which is always 0,0 here). */
typedef struct win32_posted {
    HWND hwnd;
    UINT message;
    DWORD time;
    WPARAM wParam;
    LPARAM lParam;
} win32_posted;

/* A FIFO of posted messages in a power-of-two ring that grows on demand. */
typedef struct win32_ring {
    win32_posted *items;
    size_t capacity; /* 0 or a power of two */
    size_t head;     /* index of the oldest item */
    size_t count;
} win32_ring;

/* A message sent from another thread; lives on the sender's stack until `done`. */
typedef struct win32_sent {
    struct win32_sent *next;
    HWND hwnd;
    UINT message;
    WPARAM wParam;
    LPARAM lParam;
    LRESULT result;
    struct win32_thread *sender; /* holds a reference until the reply is delivered */
    atomic_bool done;
} win32_sent;

/* One thread's state. Reference counted: the thread itself, the thread-ID registry and every
 * window it owns hold references, so a poster on another thread never touches freed memory. */
typedef struct win32_thread {
    atomic_uint references;
    DWORD thread_id;
    win32_waiter waiter;

    /* Everything below is guarded by `lock` unless noted. */
    pthread_mutex_t lock;
    bool has_queue;       /* a USER function has been called on the thread */
    bool dead;            /* the thread has exited: every post fails */
    bool owner_waiting;   /* the thread sleeps and wants a wake-up for new input */
    bool quit_pending;    /* PostQuitMessage was called */
    bool quit_new;        /* ... and no GetMessage/PeekMessage has looked since */
    int quit_code;
    win32_ring inbox;     /* posted messages not yet moved to `messages` */
    atomic_size_t inbox_count; /* inbox.count, readable without the lock for spinning */
    win32_sent *sent_head; /* messages sent by other threads, FIFO */
    win32_sent *sent_tail;
    atomic_bool sent_pending; /* sent_head != NULL, readable without the lock */
    /* The 10,000 limit counts inbox + messages. Posters read `messages_snapshot`, an upper
     * bound of messages.count refreshed when the owner refills, and look at the owner's exact
     * count only near the limit, so the owner's per-message bookkeeping stays on its own cache
     * line. */
    size_t messages_snapshot;
    win32_notify_fd queue_fd;

    /* Owner-thread only (no lock): the part of the queue already taken from the inbox. Kept a
     * cache line away from the posters' fields above. */
    char separation[64];
    win32_ring messages;
    atomic_size_t messages_count; /* messages.count, written by the owner only */
    HWND *windows; /* the windows this thread owns, destroyed at thread exit */
    struct win32_thread *registry_next; /* thread-ID registry chain (registry lock) */
    size_t window_count;
    size_t window_capacity;
} win32_thread;

/* The calling thread's state, created on first use (NULL only when out of memory). */
win32_thread *pacm_thread_current(void);
/* As pacm_thread_current, and makes sure the thread has a message queue (registering its ID for
 * PostThreadMessage). Sets ERROR_NOT_ENOUGH_MEMORY and returns NULL on failure. */
win32_thread *pacm_thread_queue_current(void);
/* The thread with a queue whose ID is `thread_id`, with a reference, or NULL. */
win32_thread *pacm_thread_find(DWORD thread_id);
void pacm_thread_ref(win32_thread *thread);
void pacm_thread_unref(win32_thread *thread);

/* Appends a posted message to `thread`'s queue; on failure sets the Windows error and returns
 * FALSE. `window_alive`, when not NULL, is checked under the queue lock so that nothing is
 * queued for a window that DestroyWindow has already purged. */
BOOL pacm_queue_post(win32_thread *thread, const atomic_bool *window_alive, HWND hwnd, UINT message, WPARAM wParam,
                LPARAM lParam);
/* Queues a sent message; false if the thread or the window (checked under the queue lock, as
 * for pacm_queue_post) is dead. */
bool pacm_queue_send(win32_thread *thread, const atomic_bool *window_alive, win32_sent *sent);
/* Delivers a reply (or 0 for a cancelled message) and wakes the sender. */
void pacm_sent_complete(win32_sent *sent, LRESULT result);
/* Runs every message other threads have sent to the calling thread. */
void pacm_queue_process_sent(win32_thread *self);
/* Whether the calling thread's queue holds input of the QS_* kinds in `wake_mask`. Takes the
 * queue lock; when `register_wait` is set and nothing is there, the thread is marked as
 * waiting so that the next post wakes it. */
bool pacm_queue_has_input(win32_thread *self, DWORD wake_mask, bool register_wait);
void pacm_queue_end_wait(win32_thread *self);
/* Marks a window dead (under the queue lock, so no post slips in after) and drops its queued
 * posted and sent messages (sent ones complete with 0). */
void pacm_queue_purge_window(win32_thread *self, HWND hwnd, atomic_bool *window_alive);
/* Recomputes whether the queue fd must be readable. Queue lock held. */
void pacm_queue_sync_fd_locked(win32_thread *thread);

/* Called at thread exit (win32_window.c): destroys the thread's windows. */
void pacm_window_destroy_thread_windows(win32_thread *self);
/* Calls the window procedure of `hwnd` (0 and ERROR_INVALID_WINDOW_HANDLE if invalid). */
LRESULT pacm_window_call_proc(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam);
/* The owner of a window, with a reference, plus its liveness flag; NULL for a bad handle. */
typedef struct win32_window win32_window;
win32_window *pacm_window_acquire(HWND hwnd);
void pacm_window_release(HWND hwnd);
win32_thread *pacm_window_owner(win32_window *window);
const atomic_bool *pacm_window_alive_flag(win32_window *window);

/* ---- waits (win32_event.c) ---------------------------------------------------------------- */
/* The one wait loop: events (any or all), and when `queue_wake_mask` is non-zero the calling
 * thread's queue (result nCount). `extra_ready`, when not NULL, is polled after each wake-up
 * and ends the wait with result nCount + 1 (SendMessage waits for its reply this way).
 * Returns WAIT_OBJECT_0 + i, WAIT_TIMEOUT or WAIT_FAILED (with the error set). */
DWORD pacm_win32_wait(DWORD count, const HANDLE *handles, BOOL wait_all, DWORD milliseconds, DWORD queue_wake_mask,
                 bool (*extra_ready)(void *context), void *context);

#endif /* PORTACM_WIN32_INT_H */
