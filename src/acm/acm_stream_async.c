/*
 * acm_stream_async.c - ACM_STREAMOPENF_ASYNC for drivers that do not advertise
 * ACMDRIVERDETAILS_SUPPORTF_ASYNC (every built-in codec, like every Wine codec).
 *
 * Windows leaves asynchronous conversion to drivers that can do it; portacm gives it to every
 * driver: the driver sees an ordinary synchronous stream, and the ACM queues the headers
 * acmStreamConvert submits and converts them in order on one worker thread per stream, then
 * notifies the client (MM_ACM_DONE through DriverCallback). The queue is linked through the
 * headers' padshNext, so queuing never allocates.
 *
 * No lock is held while a callback runs, so a CALLBACK_FUNCTION client may call
 * acmStreamConvert, Prepare, Unprepare, Reset and even Close on the stream from inside
 * MM_ACM_DONE. The worker holds its own reference on the stream handle, so a stream closed
 * from its own callback is freed only when the worker has returned from that callback.
 *
 * A driver that does advertise SUPPORTF_ASYNC converts and notifies on its own; it is given
 * the ACM's callback instead of the client's (pacm_acm_stream_driver_instance), so that every
 * header it reports done is checked as a synchronous one is (Used lengths clamped, buffers
 * put back) before the client is told.
 */
#include <stdatomic.h>
#include <string.h>

#include "acm_stream_int.h"
#include "mmddk.h"

void pacm_acm_stream_notify(acm_stream *stream, UINT message, DWORD_PTR param1)
{
    DriverCallback(stream->callback, HIWORD(stream->open_flags & CALLBACK_TYPEMASK), (HDRVR)stream->handle, message,
                   stream->callback_instance, param1, 0);
}

bool pacm_acm_stream_on_worker(const acm_stream *stream)
{
    return stream->worker_started && pthread_equal(pthread_self(), stream->worker);
}

/* Marks a header finished: Used values in place first, then the status bits a polling client
 * reads without any lock (the release fence orders them). Called with stream->lock held. */
static void async_complete(acm_stream *stream, ACMDRVSTREAMHEADER *header)
{
    atomic_thread_fence(memory_order_release);
    header->fdwStatus = (header->fdwStatus & ~(DWORD)ACMSTREAMHEADER_STATUSF_INQUEUE) | ACMSTREAMHEADER_STATUSF_DONE;
    stream->queued--;
}

/* The worker: takes headers in submission order, converts each through the driver, marks it
 * done and notifies, until pacm_acm_stream_async_stop. */
static void *async_worker(void *argument)
{
    acm_stream *stream = argument;
    pthread_mutex_lock(&stream->lock);
    for (;;) {
        while (!stream->stop && (stream->paused || !stream->queue_head))
            pthread_cond_wait(&stream->changed, &stream->lock);
        if (stream->stop)
            break;
        ACMDRVSTREAMHEADER *header = stream->queue_head;
        stream->queue_head = header->padshNext;
        if (!stream->queue_head)
            stream->queue_tail = NULL;
        header->padshNext = NULL;
        stream->worker_busy = true;
        DWORD flags = header->fdwConvert;
        pthread_mutex_unlock(&stream->lock);

        MMRESULT result = pacm_acm_stream_convert_now(stream, header, flags);
        if (result != MMSYSERR_NOERROR) {
            /* "...posted back to the application's callback function with the
             * cbDstLengthUsed member set to zero." */
            pacm_log_debug("asynchronous conversion failed (%u); header returned empty", (unsigned)result);
            header->cbDstLengthUsed = 0;
        }

        pthread_mutex_lock(&stream->lock);
        async_complete(stream, header);
        pthread_mutex_unlock(&stream->lock);
        pacm_acm_stream_notify(stream, MM_ACM_DONE, (DWORD_PTR)header);
        pthread_mutex_lock(&stream->lock);
        stream->worker_busy = false;
        pthread_cond_broadcast(&stream->changed);
    }
    pthread_mutex_unlock(&stream->lock);
    pacm_handle_release((uintptr_t)stream->handle);
    return NULL;
}

MMRESULT pacm_acm_stream_async_start(acm_stream *stream)
{
    /* The worker's own reference: released when it exits. */
    if (!pacm_handle_acquire((uintptr_t)stream->handle, HANDLE_TYPE_ACM_STREAM))
        return MMSYSERR_INVALHANDLE;
    if (pthread_create(&stream->worker, NULL, async_worker, stream) != 0) {
        pacm_handle_release((uintptr_t)stream->handle);
        return MMSYSERR_NOMEM;
    }
    stream->worker_started = true;
    return MMSYSERR_NOERROR;
}

void pacm_acm_stream_async_stop(acm_stream *stream)
{
    if (!stream->worker_started)
        return;
    pthread_mutex_lock(&stream->lock);
    stream->stop = true;
    pthread_cond_broadcast(&stream->changed);
    pthread_mutex_unlock(&stream->lock);
    if (pacm_acm_stream_on_worker(stream))
        pthread_detach(stream->worker); /* closed from a callback: exits when it returns */
    else
        pthread_join(stream->worker, NULL);
}

MMRESULT pacm_acm_stream_async_submit(acm_stream *stream, ACMDRVSTREAMHEADER *header, DWORD flags)
{
    if (stream->closing)
        return MMSYSERR_INVALHANDLE;
    header->fdwConvert = flags;
    header->padshNext = NULL;
    header->fdwStatus = (header->fdwStatus | ACMSTREAMHEADER_STATUSF_INQUEUE) & ~(DWORD)ACMSTREAMHEADER_STATUSF_DONE;
    if (stream->queue_tail)
        stream->queue_tail->padshNext = header;
    else
        stream->queue_head = header;
    stream->queue_tail = header;
    stream->queued++;
    pthread_cond_broadcast(&stream->changed);
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_acm_stream_async_reset(acm_stream *stream)
{
    bool on_worker = pacm_acm_stream_on_worker(stream);
    pthread_mutex_lock(&stream->lock);
    /* Pause the worker and let the header it is converting finish (with its MM_ACM_DONE)
     * first, so the client still gets its notifications in submission order. From inside a
     * callback on the worker there is nothing to wait for: the worker is the caller. */
    stream->paused++;
    while (!on_worker && stream->worker_busy)
        pthread_cond_wait(&stream->changed, &stream->lock);
    ACMDRVSTREAMHEADER *pending = stream->queue_head;
    stream->queue_head = stream->queue_tail = NULL;
    while (pending) {
        ACMDRVSTREAMHEADER *header = pending;
        pending = header->padshNext;
        header->padshNext = NULL;
        async_complete(stream, header);
        pthread_mutex_unlock(&stream->lock);
        pacm_acm_stream_notify(stream, MM_ACM_DONE, (DWORD_PTR)header);
        pthread_mutex_lock(&stream->lock);
    }
    stream->paused--;
    pthread_cond_broadcast(&stream->changed);
    pthread_mutex_unlock(&stream->lock);
    return MMSYSERR_NOERROR;
}

/* ---- drivers that convert asynchronously themselves (SUPPORTF_ASYNC) ------------------------ */

/* A header given to such a driver and not yet reported done, with what the driver may not
 * change in it. Linked from stream->inflight, newest first, under stream->lock. */
typedef struct acm_inflight {
    struct acm_inflight *next;
    ACMDRVSTREAMHEADER *header;
    acm_header_guard guard;
} acm_inflight;

/* Unlinks the newest record of `header` (or exactly `record` when not NULL); NULL if none. */
static acm_inflight *inflight_take(acm_stream *stream, const ACMDRVSTREAMHEADER *header, const acm_inflight *record)
{
    pthread_mutex_lock(&stream->lock);
    acm_inflight *found = NULL;
    for (acm_inflight **link = &stream->inflight; *link; link = &(*link)->next) {
        if (record ? *link == record : (*link)->header == header) {
            found = *link;
            *link = found->next;
            break;
        }
    }
    pthread_mutex_unlock(&stream->lock);
    return found;
}

/* The callback the driver notifies (DriverCallback with CALLBACK_FUNCTION): a header reported
 * done is checked first, then every notification goes on to the client as the driver sent it.
 * A header the ACM did not give the driver (or already saw done) is passed on unchanged. */
static void CALLBACK driver_notified(HDRVR hdrvr, UINT message, DWORD_PTR instance, DWORD_PTR param1,
                                     DWORD_PTR param2)
{
    acm_stream *stream = (acm_stream *)instance;
    if (message == MM_ACM_DONE && param1) {
        ACMDRVSTREAMHEADER *header = (ACMDRVSTREAMHEADER *)param1;
        acm_inflight *record = inflight_take(stream, header, NULL);
        if (record) {
            DWORD status = (record->guard.status & ~(DWORD)ACMSTREAMHEADER_STATUSF_INQUEUE) |
                           ACMSTREAMHEADER_STATUSF_DONE;
            pacm_acm_header_guard_apply(&record->guard, header, status);
            pacm_mem_free(record);
        }
    }
    DriverCallback(stream->callback, HIWORD(stream->open_flags & CALLBACK_TYPEMASK), hdrvr, message,
                   stream->callback_instance, param1, param2);
}

void pacm_acm_stream_driver_instance(acm_stream *stream, ACMDRVSTREAMINSTANCE *instance)
{
    /* Even a polling client (CALLBACK_NULL) gets its headers checked: the driver always has a
     * function to notify. */
    instance->dwCallback = (DWORD_PTR)driver_notified;
    instance->dwInstance = (DWORD_PTR)stream;
    instance->fdwOpen = (stream->open_flags & ~(DWORD)CALLBACK_TYPEMASK) | CALLBACK_FUNCTION;
}

MMRESULT pacm_acm_stream_driver_convert(acm_stream *stream, ACMDRVSTREAMHEADER *header, DWORD flags)
{
    acm_inflight *record = pacm_mem_alloc(sizeof *record);
    if (!record)
        return MMSYSERR_NOMEM;
    header->fdwStatus &= ~(DWORD)ACMSTREAMHEADER_STATUSF_DONE;
    header->fdwConvert = flags;
    record->header = header;
    pacm_acm_header_guard_save(&record->guard, header);
    pthread_mutex_lock(&stream->lock);
    record->next = stream->inflight;
    stream->inflight = record;
    pthread_mutex_unlock(&stream->lock);
    MMRESULT result = pacm_acm_stream_send(stream, ACMDM_STREAM_CONVERT, (LPARAM)header);
    if (result != MMSYSERR_NOERROR) {
        /* Refused: the driver keeps nothing, so the header is the caller's again at once. */
        if (inflight_take(stream, header, record)) {
            pacm_acm_header_guard_apply(&record->guard, header, record->guard.status);
            pacm_mem_free(record);
        }
    }
    return result;
}

void pacm_acm_stream_driver_forget(acm_stream *stream)
{
    while (stream->inflight) {
        acm_inflight *record = stream->inflight;
        stream->inflight = record->next;
        pacm_mem_free(record);
    }
}
