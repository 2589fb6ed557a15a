/*
 * win32_message.c - per-thread message queues: PostMessage, PostThreadMessage, SendMessage,
 * GetMessage, PeekMessage, DispatchMessage, PostQuitMessage, MsgWaitForMultipleObjects and the
 * queue file descriptor.
 *
 * A queue has two halves. Posters append to the `inbox` under the queue lock; the owner thread
 * reads from `messages`, a ring only it touches, and refills it by taking the whole inbox in one
 * locked step (a pointer swap when `messages` is empty). So a busy consumer takes the lock once
 * per batch, not once per message, and a poster signals only when the owner sleeps (or the
 * queue fd must change), never once per message. Messages still in the inbox are the "new"
 * ones that MsgWaitForMultipleObjects reports, as Windows' QS_POSTMESSAGE does.
 */
#include "win32_int.h"

/* ---- rings ------------------------------------------------------------------------------ */
static win32_posted *ring_at(win32_ring *ring, size_t index)
{
    return &ring->items[(ring->head + index) & (ring->capacity - 1)];
}

/* Makes room for `needed` items in total, keeping the order; false when out of memory. */
static bool ring_reserve(win32_ring *ring, size_t needed)
{
    if (needed <= ring->capacity)
        return true;
    size_t capacity = ring->capacity ? ring->capacity : 64;
    while (capacity < needed)
        capacity *= 2;
    win32_posted *items = pacm_mem_alloc(capacity * sizeof *items);
    if (!items)
        return false;
    for (size_t i = 0; i < ring->count; i++)
        items[i] = *ring_at(ring, i);
    pacm_mem_free(ring->items);
    ring->items = items;
    ring->capacity = capacity;
    ring->head = 0;
    return true;
}

static void ring_remove(win32_ring *ring, size_t index)
{
    if (index == 0) {
        ring->head = (ring->head + 1) & (ring->capacity - 1);
    } else {
        for (size_t i = index; i + 1 < ring->count; i++)
            *ring_at(ring, i) = *ring_at(ring, i + 1);
    }
    ring->count--;
}

/* Removes every message for `hwnd`, keeping the others in order; returns how many went. */
static size_t ring_remove_window(win32_ring *ring, HWND hwnd)
{
    size_t kept = 0;
    for (size_t i = 0; i < ring->count; i++) {
        if (ring_at(ring, i)->hwnd != hwnd)
            *ring_at(ring, kept++) = *ring_at(ring, i);
    }
    size_t removed = ring->count - kept;
    ring->count = kept;
    return removed;
}

/* Moves everything from `from` to the end of `to`; false (nothing moved) when out of memory. */
static bool ring_take_all(win32_ring *to, win32_ring *from)
{
    if (to->count == 0) {
        win32_ring spare = *to;
        *to = *from;
        *from = spare;
        from->head = 0;
        from->count = 0;
        return true;
    }
    if (!ring_reserve(to, to->count + from->count))
        return false;
    for (size_t i = 0; i < from->count; i++)
        *ring_at(to, to->count + i) = *ring_at(from, i);
    to->count += from->count;
    from->head = 0;
    from->count = 0;
    return true;
}

/* Message timestamps: GetTickCount's clock, read the cheap way where there is one. */
static DWORD message_time(void)
{
#ifdef CLOCK_MONOTONIC_COARSE
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return (DWORD)((uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u);
#else
    return GetTickCount();
#endif
}

/* ---- queue primitives ------------------------------------------------------------------- */
void pacm_queue_sync_fd_locked(win32_thread *thread)
{
    if (thread->queue_fd.read_fd < 0)
        return;
    bool readable = thread->inbox.count || atomic_load_explicit(&thread->messages_count, memory_order_relaxed) ||
                    thread->sent_head || thread->quit_pending;
    pacm_notify_fd_set(&thread->queue_fd, readable);
}

/* Wakes the owner if it sleeps waiting for input. Queue lock held. */
static void queue_wake_owner_locked(win32_thread *thread)
{
    if (thread->owner_waiting) {
        thread->owner_waiting = false; /* it re-registers if it sleeps again */
        pacm_waiter_wake(&thread->waiter);
    }
}

/* Whether the queue already holds WIN32_POST_LIMIT posted messages. Queue lock held; the owner
 * refills `messages` only under this lock, so its count can only have fallen since the
 * snapshot was taken. */
static bool queue_is_full_locked(win32_thread *thread)
{
    if (thread->inbox.count + thread->messages_snapshot < WIN32_POST_LIMIT)
        return false;
    thread->messages_snapshot = atomic_load_explicit(&thread->messages_count, memory_order_relaxed);
    return thread->inbox.count + thread->messages_snapshot >= WIN32_POST_LIMIT;
}

/* The owner publishes its ring's size after every change. */
static void messages_changed(win32_thread *self)
{
    atomic_store_explicit(&self->messages_count, self->messages.count, memory_order_relaxed);
}

BOOL pacm_queue_post(win32_thread *thread, const atomic_bool *window_alive, HWND hwnd, UINT message, WPARAM wParam,
                LPARAM lParam)
{
    win32_posted item = {.hwnd = hwnd, .message = message, .time = message_time(), .wParam = wParam, .lParam = lParam};
    DWORD error = ERROR_SUCCESS;
    pthread_mutex_lock(&thread->lock);
    if (!thread->has_queue || thread->dead) {
        error = window_alive ? ERROR_INVALID_WINDOW_HANDLE : ERROR_INVALID_THREAD_ID;
    } else if (window_alive && !atomic_load_explicit(window_alive, memory_order_relaxed)) {
        error = ERROR_INVALID_WINDOW_HANDLE;
    } else if (queue_is_full_locked(thread)) {
        error = ERROR_NOT_ENOUGH_QUOTA;
    } else if (!ring_reserve(&thread->inbox, thread->inbox.count + 1)) {
        error = ERROR_NOT_ENOUGH_MEMORY;
    } else {
        *ring_at(&thread->inbox, thread->inbox.count++) = item;
        atomic_store_explicit(&thread->inbox_count, thread->inbox.count, memory_order_release);
        pacm_notify_fd_set(&thread->queue_fd, true);
        queue_wake_owner_locked(thread);
    }
    pthread_mutex_unlock(&thread->lock);
    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return FALSE;
    }
    return TRUE;
}

bool pacm_queue_send(win32_thread *thread, const atomic_bool *window_alive, win32_sent *sent)
{
    pthread_mutex_lock(&thread->lock);
    bool ok = thread->has_queue && !thread->dead && atomic_load_explicit(window_alive, memory_order_relaxed);
    if (ok) {
        sent->next = NULL;
        if (thread->sent_tail)
            thread->sent_tail->next = sent;
        else
            thread->sent_head = sent;
        thread->sent_tail = sent;
        atomic_store_explicit(&thread->sent_pending, true, memory_order_release);
        pacm_queue_sync_fd_locked(thread);
        queue_wake_owner_locked(thread);
    }
    pthread_mutex_unlock(&thread->lock);
    return ok;
}

void pacm_sent_complete(win32_sent *sent, LRESULT result)
{
    /* Read everything needed first: once `done` is visible the sender may return and its
     * stack frame, which holds `sent`, is gone. */
    win32_thread *sender = sent->sender;
    sent->result = result;
    pthread_mutex_lock(&sender->waiter.lock);
    atomic_store_explicit(&sent->done, true, memory_order_release);
    sender->waiter.woken = true;
    pthread_cond_signal(&sender->waiter.cond);
    pthread_mutex_unlock(&sender->waiter.lock);
    pacm_thread_unref(sender);
}

void pacm_queue_process_sent(win32_thread *self)
{
    /* The common case, nothing sent, costs one load and no lock. */
    while (atomic_load_explicit(&self->sent_pending, memory_order_acquire)) {
        pthread_mutex_lock(&self->lock);
        win32_sent *sent = self->sent_head;
        if (sent) {
            self->sent_head = sent->next;
            if (!self->sent_head) {
                self->sent_tail = NULL;
                atomic_store_explicit(&self->sent_pending, false, memory_order_relaxed);
            }
            pacm_queue_sync_fd_locked(self);
        }
        pthread_mutex_unlock(&self->lock);
        if (!sent)
            return;
        pacm_sent_complete(sent, pacm_window_call_proc(sent->hwnd, sent->message, sent->wParam, sent->lParam));
    }
}

bool pacm_queue_has_input(win32_thread *self, DWORD wake_mask, bool register_wait)
{
    pthread_mutex_lock(&self->lock);
    bool ready = ((wake_mask & (QS_POSTMESSAGE | QS_ALLPOSTMESSAGE)) && (self->inbox.count || self->quit_new)) ||
                 ((wake_mask & QS_SENDMESSAGE) && self->sent_head);
    if (!ready && register_wait)
        self->owner_waiting = true;
    pthread_mutex_unlock(&self->lock);
    return ready;
}

void pacm_queue_end_wait(win32_thread *self)
{
    pthread_mutex_lock(&self->lock);
    self->owner_waiting = false;
    pthread_mutex_unlock(&self->lock);
}

void pacm_queue_purge_window(win32_thread *self, HWND hwnd, atomic_bool *window_alive)
{
    pthread_mutex_lock(&self->lock);
    atomic_store(window_alive, false);
    ring_remove_window(&self->inbox, hwnd);
    atomic_store(&self->inbox_count, self->inbox.count);
    ring_remove_window(&self->messages, hwnd);
    messages_changed(self);
    self->messages_snapshot = self->messages.count;
    win32_sent *cancelled = NULL;
    for (win32_sent **link = &self->sent_head; *link;) {
        win32_sent *sent = *link;
        if (sent->hwnd == hwnd) {
            *link = sent->next;
            sent->next = cancelled;
            cancelled = sent;
        } else {
            link = &sent->next;
        }
    }
    self->sent_tail = NULL;
    for (win32_sent *sent = self->sent_head; sent; sent = sent->next)
        self->sent_tail = sent;
    atomic_store_explicit(&self->sent_pending, self->sent_head != NULL, memory_order_relaxed);
    pacm_queue_sync_fd_locked(self);
    pthread_mutex_unlock(&self->lock);
    while (cancelled) {
        win32_sent *next = cancelled->next;
        pacm_sent_complete(cancelled, 0);
        cancelled = next;
    }
}

/* ---- reading ---------------------------------------------------------------------------- */
typedef struct message_filter {
    HWND hwnd; /* NULL: any; (HWND)-1: thread messages only */
    UINT first;
    UINT last;
} message_filter;

static bool filter_matches(const message_filter *filter, const win32_posted *item)
{
    if (filter->hwnd == (HWND)(LONG_PTR)-1) {
        if (item->hwnd)
            return false;
    } else if (filter->hwnd && item->hwnd != filter->hwnd) {
        return false;
    }
    /* (0, 0) and an inverted range take every message. */
    if (filter->first > filter->last || (filter->first == 0 && filter->last == 0))
        return true;
    return item->message >= filter->first && item->message <= filter->last;
}

static void message_from(MSG *msg, const win32_posted *item)
{
    msg->hwnd = item->hwnd;
    msg->message = item->message;
    msg->wParam = item->wParam;
    msg->lParam = item->lParam;
    msg->time = item->time;
    msg->pt.x = 0;
    msg->pt.y = 0;
}

/* Takes (or with `remove` false, copies) message `index` of the owner's ring. */
static void take_message(win32_thread *self, size_t index, MSG *msg, bool remove)
{
    message_from(msg, ring_at(&self->messages, index));
    if (!remove)
        return;
    ring_remove(&self->messages, index);
    messages_changed(self);
    if (self->messages.count == 0 && self->queue_fd.read_fd >= 0) {
        pthread_mutex_lock(&self->lock);
        pacm_queue_sync_fd_locked(self);
        pthread_mutex_unlock(&self->lock);
    }
}

/* The body of PeekMessage: runs sent messages, then looks for a posted message that matches,
 * oldest first, then WM_QUIT (which ignores the filter but waits until no posted message is
 * left). Returns whether `msg` was filled. */
static bool queue_peek(win32_thread *self, MSG *msg, const message_filter *filter, bool remove)
{
    pacm_queue_process_sent(self);
    for (size_t i = 0; i < self->messages.count; i++) {
        if (filter_matches(filter, ring_at(&self->messages, i))) {
            take_message(self, i, msg, remove);
            return true;
        }
    }
    size_t seen = self->messages.count;
    pthread_mutex_lock(&self->lock);
    if (self->inbox.count && ring_take_all(&self->messages, &self->inbox)) {
        atomic_store_explicit(&self->inbox_count, 0, memory_order_relaxed);
        messages_changed(self);
        self->messages_snapshot = self->messages.count;
    }
    self->quit_new = false;
    bool quit = self->quit_pending && self->messages.count == 0 && self->inbox.count == 0;
    int quit_code = self->quit_code;
    if (quit && remove) {
        self->quit_pending = false;
        pacm_queue_sync_fd_locked(self);
    }
    pthread_mutex_unlock(&self->lock);
    for (size_t i = seen; i < self->messages.count; i++) {
        if (filter_matches(filter, ring_at(&self->messages, i))) {
            take_message(self, i, msg, remove);
            return true;
        }
    }
    if (!quit)
        return false;
    msg->hwnd = NULL;
    msg->message = WM_QUIT;
    msg->wParam = (WPARAM)(LONG_PTR)quit_code;
    msg->lParam = 0;
    msg->time = message_time();
    msg->pt.x = msg->pt.y = 0;
    return true;
}

/* Validates a window filter: NULL, -1 or a live window. */
static bool filter_valid(HWND hwnd)
{
    return !hwnd || hwnd == (HWND)(LONG_PTR)-1 || IsWindow(hwnd);
}

BOOL WINAPI PeekMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax, UINT wRemoveMsg)
{
    win32_thread *self = pacm_thread_queue_current();
    if (!self)
        return FALSE;
    if (!lpMsg) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!filter_valid(hWnd)) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return FALSE;
    }
    message_filter filter = {hWnd, wMsgFilterMin, wMsgFilterMax};
    return queue_peek(self, lpMsg, &filter, (wRemoveMsg & PM_REMOVE) != 0) ? TRUE : FALSE;
}

BOOL WINAPI PeekMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax, UINT wRemoveMsg)
{
    return PeekMessageW(lpMsg, hWnd, wMsgFilterMin, wMsgFilterMax, wRemoveMsg);
}

#define QUEUE_SPIN_NANOSECONDS 5000L

/* Spins briefly before sleeping: when a producer is mid-burst the next message is usually
 * less than a microsecond away, and a futex sleep/wake pair costs far more. */
static bool queue_spin_for_input(win32_thread *self)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (unsigned i = 1;; i++) {
        if (atomic_load_explicit(&self->inbox_count, memory_order_acquire) != 0 ||
            atomic_load_explicit(&self->sent_pending, memory_order_acquire))
            return true;
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
        __asm__ __volatile__("pause");
#endif
        if (i % 64 == 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            long elapsed = (long)(now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec);
            if (elapsed > QUEUE_SPIN_NANOSECONDS)
                return false;
        }
    }
}

BOOL WINAPI GetMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax)
{
    win32_thread *self = pacm_thread_queue_current();
    if (!self)
        return -1;
    if (!lpMsg) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return -1;
    }
    if (!filter_valid(hWnd)) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return -1;
    }
    message_filter filter = {hWnd, wMsgFilterMin, wMsgFilterMax};
    while (!queue_peek(self, lpMsg, &filter, true)) {
        if (!queue_spin_for_input(self))
            pacm_win32_wait(0, NULL, FALSE, INFINITE, QS_ALLINPUT, NULL, NULL);
    }
    return lpMsg->message == WM_QUIT ? FALSE : TRUE;
}

BOOL WINAPI GetMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax)
{
    return GetMessageW(lpMsg, hWnd, wMsgFilterMin, wMsgFilterMax);
}

DWORD WINAPI MsgWaitForMultipleObjects(DWORD nCount, const HANDLE *pHandles, BOOL fWaitAll, DWORD dwMilliseconds,
                                       DWORD dwWakeMask)
{
    /* The queue takes one of the MAXIMUM_WAIT_OBJECTS slots, as on Windows. */
    if (nCount >= MAXIMUM_WAIT_OBJECTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    if (!pacm_thread_queue_current())
        return WAIT_FAILED;
    /* A zero mask still waits for the objects; the queue is simply not watched. */
    return pacm_win32_wait(nCount, pHandles, fWaitAll, dwMilliseconds, dwWakeMask, NULL, NULL);
}

void WINAPI PostQuitMessage(int nExitCode)
{
    win32_thread *self = pacm_thread_queue_current();
    if (!self)
        return;
    pthread_mutex_lock(&self->lock);
    self->quit_pending = true;
    self->quit_new = true;
    self->quit_code = nExitCode;
    pacm_queue_sync_fd_locked(self);
    pthread_mutex_unlock(&self->lock);
}

int portacm_thread_queue_fd(void)
{
    win32_thread *self = pacm_thread_queue_current();
    if (!self)
        return -1;
    pthread_mutex_lock(&self->lock);
    int fd = -1;
    if (pacm_notify_fd_open(&self->queue_fd)) {
        pacm_queue_sync_fd_locked(self);
        fd = self->queue_fd.read_fd;
    } else {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    }
    pthread_mutex_unlock(&self->lock);
    return fd;
}

BOOL WINAPI TranslateMessage(const MSG *lpMsg)
{
    /* There is no keyboard: nothing is ever translated. */
    (void)lpMsg;
    return FALSE;
}

LRESULT WINAPI DispatchMessageW(const MSG *lpMsg)
{
    if (!lpMsg) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!lpMsg->hwnd)
        return 0;
    return pacm_window_call_proc(lpMsg->hwnd, lpMsg->message, lpMsg->wParam, lpMsg->lParam);
}

LRESULT WINAPI DispatchMessageA(const MSG *lpMsg)
{
    return DispatchMessageW(lpMsg);
}

/* ---- posting and sending ---------------------------------------------------------------- */
BOOL WINAPI PostThreadMessageW(DWORD idThread, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    win32_thread *thread = pacm_thread_find(idThread);
    if (!thread) {
        SetLastError(ERROR_INVALID_THREAD_ID);
        return FALSE;
    }
    BOOL ok = pacm_queue_post(thread, NULL, NULL, Msg, wParam, lParam);
    pacm_thread_unref(thread);
    return ok;
}

BOOL WINAPI PostThreadMessageA(DWORD idThread, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    return PostThreadMessageW(idThread, Msg, wParam, lParam);
}

BOOL WINAPI PostMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    if (!hWnd) {
        /* As on Windows: a NULL window posts a thread message to the calling thread. */
        win32_thread *self = pacm_thread_queue_current();
        return self ? pacm_queue_post(self, NULL, NULL, Msg, wParam, lParam) : FALSE;
    }
    if (hWnd == HWND_BROADCAST)
        return TRUE; /* message-only windows never receive broadcasts */
    win32_window *window = pacm_window_acquire(hWnd);
    if (!window) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return FALSE;
    }
    BOOL ok = pacm_queue_post(pacm_window_owner(window), pacm_window_alive_flag(window), hWnd, Msg, wParam, lParam);
    pacm_window_release(hWnd);
    return ok;
}

BOOL WINAPI PostMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    return PostMessageW(hWnd, Msg, wParam, lParam);
}

static bool sent_is_done(void *context)
{
    win32_sent *sent = context;
    return atomic_load_explicit(&sent->done, memory_order_acquire);
}

/* Same thread: a direct call. Another thread: queued for the owner, which runs it inside its
 * next GetMessage/PeekMessage; meanwhile this thread keeps running messages sent to it, so two
 * threads sending to each other do not deadlock. 0 when the window or its thread dies first. */
LRESULT WINAPI SendMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    if (hWnd == HWND_BROADCAST)
        return 0;
    win32_window *window = pacm_window_acquire(hWnd);
    if (!window) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return 0;
    }
    win32_thread *owner = pacm_window_owner(window);
    win32_thread *self = pacm_thread_queue_current();
    if (!self || owner == self) {
        pacm_window_release(hWnd);
        return self ? pacm_window_call_proc(hWnd, Msg, wParam, lParam) : 0;
    }
    win32_sent sent = {.hwnd = hWnd, .message = Msg, .wParam = wParam, .lParam = lParam, .sender = self};
    atomic_init(&sent.done, false);
    pacm_thread_ref(self);
    bool queued = pacm_queue_send(owner, pacm_window_alive_flag(window), &sent);
    pacm_window_release(hWnd);
    if (!queued) {
        pacm_thread_unref(self);
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return 0;
    }
    while (!sent_is_done(&sent)) {
        pacm_queue_process_sent(self);
        if (sent_is_done(&sent))
            break;
        pacm_win32_wait(0, NULL, FALSE, INFINITE, QS_SENDMESSAGE, sent_is_done, &sent);
    }
    return sent.result;
}

LRESULT WINAPI SendMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    return SendMessageW(hWnd, Msg, wParam, lParam);
}
