/*
 * win32_thread.c - per-thread Win32 state: thread IDs, the last-error value, the waiter a
 * blocked thread sleeps on, the thread-ID registry that PostThreadMessage searches, and the
 * clean-up that runs when a thread exits (its windows are destroyed, its queue dies and every
 * later post to it fails, as on Windows).
 *
 * Windows gives a thread a message queue the first time it calls a USER function; until then
 * PostThreadMessage to it fails with ERROR_INVALID_THREAD_ID. Here the queue-creating calls are
 * the winuser.h functions that post, send, read or wait for messages, create windows or register
 * classes (see docs/callbacks.md); GetCurrentThreadId, waits on events and the window queries
 * do not create one.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/eventfd.h>
#include <sys/syscall.h>
#endif

#include "win32_int.h"

/* ---- last error and IDs ---------------------------------------------------------------- */
static _Thread_local DWORD thread_last_error;
static _Thread_local DWORD thread_cached_id;

DWORD WINAPI GetLastError(void)
{
    return thread_last_error;
}

void WINAPI SetLastError(DWORD dwErrCode)
{
    thread_last_error = dwErrCode;
}

/* On Linux the ID is the kernel's thread ID (what ps, top and gdb show), which is unique among
 * live threads; elsewhere a process-wide counter. Both are never 0. */
DWORD WINAPI GetCurrentThreadId(void)
{
    if (thread_cached_id == 0) {
#if defined(__linux__) && defined(SYS_gettid)
        thread_cached_id = (DWORD)syscall(SYS_gettid);
#else
        static atomic_uint next_id = 4;
        thread_cached_id = atomic_fetch_add(&next_id, 4);
#endif
    }
    return thread_cached_id;
}

DWORD WINAPI GetCurrentProcessId(void)
{
    return (DWORD)getpid();
}

/* ---- time ------------------------------------------------------------------------------- */
DWORD WINAPI GetTickCount(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (DWORD)((uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u);
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
    if (dwMilliseconds == 0) {
        sched_yield();
        return;
    }
    for (;;) {
        /* INFINITE sleeps forever, a day at a time. */
        DWORD chunk = dwMilliseconds == INFINITE ? 86400000u : dwMilliseconds;
        struct timespec left = {.tv_sec = chunk / 1000u, .tv_nsec = (long)(chunk % 1000u) * 1000000L};
        while (nanosleep(&left, &left) != 0 && errno == EINTR) {
        }
        if (dwMilliseconds != INFINITE)
            return;
    }
}

const struct timespec *pacm_win32_deadline(DWORD milliseconds, struct timespec *storage)
{
    if (milliseconds == INFINITE)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, storage);
    storage->tv_sec += milliseconds / 1000u;
    storage->tv_nsec += (long)(milliseconds % 1000u) * 1000000L;
    if (storage->tv_nsec >= 1000000000L) {
        storage->tv_sec++;
        storage->tv_nsec -= 1000000000L;
    }
    return storage;
}

/* ---- waiters ---------------------------------------------------------------------------- */
static bool waiter_init(win32_waiter *waiter)
{
    pthread_condattr_t attributes;
    if (pthread_condattr_init(&attributes) != 0)
        return false;
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    bool ok = pthread_cond_init(&waiter->cond, &attributes) == 0;
    pthread_condattr_destroy(&attributes);
    if (!ok)
        return false;
    if (pthread_mutex_init(&waiter->lock, NULL) != 0) {
        pthread_cond_destroy(&waiter->cond);
        return false;
    }
    waiter->woken = false;
    return true;
}

void pacm_waiter_wake(win32_waiter *waiter)
{
    pthread_mutex_lock(&waiter->lock);
    if (!waiter->woken) {
        waiter->woken = true;
        pthread_cond_signal(&waiter->cond);
    }
    pthread_mutex_unlock(&waiter->lock);
}

bool pacm_waiter_sleep(win32_waiter *waiter, const struct timespec *deadline)
{
    bool woken = true;
    pthread_mutex_lock(&waiter->lock);
    while (!waiter->woken) {
        if (!deadline) {
            pthread_cond_wait(&waiter->cond, &waiter->lock);
        } else if (pthread_cond_timedwait(&waiter->cond, &waiter->lock, deadline) == ETIMEDOUT) {
            woken = waiter->woken;
            break;
        }
    }
    waiter->woken = false;
    pthread_mutex_unlock(&waiter->lock);
    return woken;
}

/* ---- readiness descriptors -------------------------------------------------------------- */
bool pacm_notify_fd_open(win32_notify_fd *fd)
{
    if (fd->read_fd >= 0)
        return true;
#if defined(__linux__)
    int event = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (event < 0)
        return false;
    fd->read_fd = fd->write_fd = event;
#else
    int ends[2];
    if (pipe(ends) != 0)
        return false;
    for (int i = 0; i < 2; i++) {
        fcntl(ends[i], F_SETFL, fcntl(ends[i], F_GETFL) | O_NONBLOCK);
        fcntl(ends[i], F_SETFD, FD_CLOEXEC);
    }
    fd->read_fd = ends[0];
    fd->write_fd = ends[1];
#endif
    fd->readable = false;
    return true;
}

void pacm_notify_fd_close(win32_notify_fd *fd)
{
    if (fd->read_fd < 0)
        return;
    close(fd->read_fd);
    if (fd->write_fd != fd->read_fd)
        close(fd->write_fd);
    fd->read_fd = fd->write_fd = -1;
    fd->readable = false;
}

void pacm_notify_fd_set(win32_notify_fd *fd, bool readable)
{
    if (fd->read_fd < 0 || fd->readable == readable)
        return;
    fd->readable = readable;
    if (readable) {
        uint64_t one = 1;
        ssize_t written;
        do {
            written = write(fd->write_fd, &one, fd->write_fd == fd->read_fd ? sizeof one : 1);
        } while (written < 0 && errno == EINTR);
    } else {
        /* eventfd: one read resets the counter; a pipe: read until it is empty. */
        uint64_t buffer[8];
        ssize_t got;
        do {
            got = read(fd->read_fd, buffer, fd->write_fd == fd->read_fd ? sizeof buffer[0] : sizeof buffer);
        } while (got > 0 ? fd->write_fd != fd->read_fd : (got < 0 && errno == EINTR));
    }
}

/* ---- thread state ----------------------------------------------------------------------- */
static _Thread_local win32_thread *thread_self;
static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;

#define REGISTRY_BUCKETS 256u
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static win32_thread *registry[REGISTRY_BUCKETS];

static void thread_exit(void *value);

static void thread_key_create(void)
{
    pthread_key_create(&thread_key, thread_exit);
}

void pacm_thread_ref(win32_thread *thread)
{
    atomic_fetch_add_explicit(&thread->references, 1, memory_order_relaxed);
}

void pacm_thread_unref(win32_thread *thread)
{
    if (atomic_fetch_sub_explicit(&thread->references, 1, memory_order_acq_rel) != 1)
        return;
    pacm_notify_fd_close(&thread->queue_fd);
    pacm_mem_free(thread->inbox.items);
    pacm_mem_free(thread->messages.items);
    pacm_mem_free(thread->windows);
    pthread_mutex_destroy(&thread->lock);
    pthread_mutex_destroy(&thread->waiter.lock);
    pthread_cond_destroy(&thread->waiter.cond);
    pacm_mem_free(thread);
}

win32_thread *pacm_thread_current(void)
{
    if (thread_self)
        return thread_self;
    pthread_once(&thread_key_once, thread_key_create);
    win32_thread *thread = pacm_mem_calloc(1, sizeof *thread);
    if (!thread)
        return NULL;
    if (!waiter_init(&thread->waiter)) {
        pacm_mem_free(thread);
        return NULL;
    }
    if (pthread_mutex_init(&thread->lock, NULL) != 0) {
        pthread_mutex_destroy(&thread->waiter.lock);
        pthread_cond_destroy(&thread->waiter.cond);
        pacm_mem_free(thread);
        return NULL;
    }
    atomic_init(&thread->references, 1);
    atomic_init(&thread->inbox_count, 0);
    atomic_init(&thread->messages_count, 0);
    atomic_init(&thread->sent_pending, false);
    thread->thread_id = GetCurrentThreadId();
    thread->queue_fd.read_fd = thread->queue_fd.write_fd = -1;
    thread_self = thread;
    pthread_setspecific(thread_key, thread);
    return thread;
}

win32_thread *pacm_thread_queue_current(void)
{
    win32_thread *thread = pacm_thread_current();
    if (!thread) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (thread->has_queue)
        return thread;
    /* Only this thread sets has_queue, and it is read under the lock by others. */
    pthread_mutex_lock(&thread->lock);
    thread->has_queue = true;
    pthread_mutex_unlock(&thread->lock);
    pacm_thread_ref(thread);
    pthread_mutex_lock(&registry_lock);
    win32_thread **bucket = &registry[thread->thread_id % REGISTRY_BUCKETS];
    thread->registry_next = *bucket;
    *bucket = thread;
    pthread_mutex_unlock(&registry_lock);
    return thread;
}

win32_thread *pacm_thread_find(DWORD thread_id)
{
    pthread_mutex_lock(&registry_lock);
    win32_thread *thread = registry[thread_id % REGISTRY_BUCKETS];
    while (thread && thread->thread_id != thread_id)
        thread = thread->registry_next;
    if (thread)
        pacm_thread_ref(thread);
    pthread_mutex_unlock(&registry_lock);
    return thread;
}

static void registry_remove(win32_thread *thread)
{
    pthread_mutex_lock(&registry_lock);
    win32_thread **link = &registry[thread->thread_id % REGISTRY_BUCKETS];
    while (*link && *link != thread)
        link = &(*link)->registry_next;
    if (*link)
        *link = thread->registry_next;
    pthread_mutex_unlock(&registry_lock);
}

/* The pthread key destructor: the thread is exiting. Its windows are destroyed first (their
 * procedures still see a normal thread), then the queue dies: queued posts are dropped, senders
 * waiting on it get 0, and later posts to its ID or windows fail. */
static void thread_exit(void *value)
{
    win32_thread *thread = value;
    thread_self = thread;
    pacm_window_destroy_thread_windows(thread);

    pthread_mutex_lock(&thread->lock);
    thread->dead = true;
    win32_sent *sent = thread->sent_head;
    thread->sent_head = thread->sent_tail = NULL;
    atomic_store(&thread->sent_pending, false);
    thread->inbox.count = 0;
    atomic_store(&thread->inbox_count, 0);
    thread->messages.count = 0;
    thread->messages_snapshot = 0;
    atomic_store(&thread->messages_count, 0);
    thread->quit_pending = false;
    bool registered = thread->has_queue;
    pacm_queue_sync_fd_locked(thread);
    pthread_mutex_unlock(&thread->lock);
    while (sent) {
        win32_sent *next = sent->next;
        pacm_sent_complete(sent, 0);
        sent = next;
    }
    if (registered) {
        registry_remove(thread);
        pacm_thread_unref(thread);
    }
    thread_self = NULL;
    pacm_thread_unref(thread);
}
