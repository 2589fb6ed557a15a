/*
 * pulse_worker.c - what every open shares: its worker thread (moves data between the
 * caller's headers and the server, then notifies with no lock held), client notification
 * through DriverCallback, header completion, and the driver-wide counters.
 */
#include <errno.h>
#include <string.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include "common_int.h"
#include "pulse_int.h"

static atomic_uint g_opens;

unsigned pacm_pulse_open_count(void)
{
    return atomic_load(&g_opens);
}

void pacm_pulse_open_count_add(int delta)
{
    if (delta > 0)
        atomic_fetch_add(&g_opens, (unsigned)delta);
    else
        atomic_fetch_sub(&g_opens, (unsigned)-delta);
}

static void *worker_main(void *arg)
{
    pacm_pulse_worker *w = arg;
    /* Like Windows' audio threads (time-critical), run at a low real-time priority where the
     * process may (root, CAP_SYS_NICE, an rtprio limit); elsewhere this fails and changes
     * nothing. Linux's real-time throttling still leaves 5 % to other threads. */
    struct sched_param sp = {.sched_priority = sched_get_priority_min(SCHED_RR)};
    if (pthread_setschedparam(pthread_self(), SCHED_RR, &sp) != 0)
        pacm_log_debug("pulseaudio.drv: worker stays at normal priority");
    for (;;) {
        int wait_ms = -1;
        pthread_mutex_lock(&w->lock);
        bool quit = w->quit;
        w->wake = false;
        pthread_mutex_unlock(&w->lock);
        if (quit)
            break;
        w->run_once(w->self, &wait_ms);
        pthread_mutex_lock(&w->lock);
        if (!w->wake && !w->quit) {
            if (wait_ms < 0) {
                pthread_cond_wait(&w->cond, &w->lock);
            } else {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                ts.tv_sec += wait_ms / 1000;
                ts.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
                if (ts.tv_nsec >= 1000000000L) {
                    ts.tv_sec++;
                    ts.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&w->cond, &w->lock, &ts);
            }
        }
        pthread_mutex_unlock(&w->lock);
    }
    pthread_mutex_lock(&w->lock);
    bool detached = w->detached;
    pthread_mutex_unlock(&w->lock);
    if (detached && w->destroy)
        w->destroy(w->self); /* closed from inside its own callback: the open is freed here */
    return NULL;
}

bool pacm_pulse_worker_start(pacm_pulse_worker *w, void (*run_once)(void *, int *), void *self)
{
    pthread_condattr_t attr;
    w->run_once = run_once;
    w->self = self;
    w->wake = w->quit = w->detached = false;
    if (pthread_mutex_init(&w->lock, NULL) != 0)
        return false;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&w->cond, &attr);
    pthread_condattr_destroy(&attr);
    if (rc != 0) {
        pthread_mutex_destroy(&w->lock);
        return false;
    }
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_cond_destroy(&w->cond);
        pthread_mutex_destroy(&w->lock);
        return false;
    }
    w->started = true;
    return true;
}

void pacm_pulse_worker_wake(pacm_pulse_worker *w)
{
    pthread_mutex_lock(&w->lock);
    w->wake = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

bool pacm_pulse_worker_is_self(const pacm_pulse_worker *w)
{
    return w->started && pthread_equal(pthread_self(), w->thread);
}

bool pacm_pulse_worker_stop(pacm_pulse_worker *w)
{
    if (!w->started)
        return false;
    bool self = pacm_pulse_worker_is_self(w);
    pthread_mutex_lock(&w->lock);
    w->quit = true;
    w->detached = self;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    if (self) {
        pthread_detach(w->thread);
        return true;
    }
    pthread_join(w->thread, NULL);
    w->started = false;
    return false;
}

void pacm_pulse_worker_destroy(pacm_pulse_worker *w)
{
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
}

void pacm_pulse_notify_init(pacm_pulse_notify *n, const WAVEOPENDESC *desc, DWORD fdw_open)
{
    n->callback = desc->dwCallback;
    n->instance = desc->dwInstance;
    n->flags = HIWORD(fdw_open & CALLBACK_TYPEMASK);
    n->hwave = desc->hWave;
}

void pacm_pulse_notify_send(const pacm_pulse_notify *n, UINT msg, DWORD_PTR p1)
{
    DriverCallback(n->callback, n->flags, (HDRVR)n->hwave, msg, n->instance, p1, 0);
}

pacm_pulse_hnode *pacm_pulse_pool_get(pacm_pulse_pool *p, WAVEHDR *h)
{
    pacm_pulse_hnode *n = p->spare;
    if (n)
        p->spare = n->next;
    else if (!(n = pacm_mem_calloc(1, sizeof *n)))
        return NULL;
    memset(n, 0, sizeof *n);
    n->hdr = h;
    return n;
}

void pacm_pulse_pool_put(pacm_pulse_pool *p, pacm_pulse_hnode *n)
{
    n->next = p->spare;
    p->spare = n;
}

void pacm_pulse_pool_free(pacm_pulse_pool *p)
{
    while (p->spare) {
        pacm_pulse_hnode *n = p->spare;
        p->spare = n->next;
        pacm_mem_free(n);
    }
}

void pacm_pulse_complete_list(pacm_pulse_hnode *list, pacm_pulse_open *b, UINT msg)
{
    while (list) {
        pacm_pulse_hnode *next = list->next;
        WAVEHDR *h = list->hdr;
        /* the node goes back before the client hears of it: once the last header is out, the
         * open may be closed (and freed) from another thread */
        pthread_mutex_lock(&b->lock);
        pacm_pulse_pool_put(&b->pool, list);
        pthread_mutex_unlock(&b->lock);
        __atomic_and_fetch(&h->dwFlags, ~(DWORD)WHDR_INQUEUE, __ATOMIC_SEQ_CST);
        __atomic_or_fetch(&h->dwFlags, (DWORD)WHDR_DONE, __ATOMIC_SEQ_CST);
        pacm_pulse_notify notify = b->notify;
        __atomic_sub_fetch(&b->undelivered, 1, __ATOMIC_SEQ_CST);
        pacm_pulse_notify_send(&notify, msg, (DWORD_PTR)h);
        list = next;
    }
}

bool pacm_pulse_hnode_contains(const pacm_pulse_hnode *head, const WAVEHDR *h)
{
    for (const pacm_pulse_hnode *q = head; q; q = q->next)
        if (q->hdr == h)
            return true;
    return false;
}
