/*
 * acm_stream_int.h - the conversion-stream object shared by acm_stream.c (the stream object,
 * open, close, size, reset, messages), acm_stream_header.c (prepare, unprepare, synchronous
 * conversion and the header guard) and acm_stream_async.c (the queue and worker thread that
 * give ACM_STREAMOPENF_ASYNC to drivers that cannot do it themselves).
 *
 * Locking: `lock` guards the asynchronous queue and the status bits of queued headers;
 * `driver_lock` (recursive) serialises the stream messages sent to a driver that did not
 * advertise ACMDRIVERDETAILS_SUPPORTF_ASYNC, because such a driver may assume one caller at a
 * time while our worker converts and the application prepares or asks sizes. No lock is held
 * while a client callback runs, so a callback may call any acmStream* function on its stream.
 */
#ifndef PORTACM_ACM_STREAM_INT_H
#define PORTACM_ACM_STREAM_INT_H

#include <pthread.h>
#include <stdbool.h>

#include "acm_int.h"
#include "common_int.h"
#include "msacm.h"
#include "msacmdrv.h"

struct acm_inflight;

typedef struct acm_stream {
    /* What every stream message gives the driver (lParam1). Its format pointers point at the
     * copies below; dwCallback/dwInstance/fdwOpen are what the driver sees, which for an
     * emulated asynchronous stream is a plain synchronous open. */
    ACMDRVSTREAMINSTANCE instance;
    WAVEFORMATEX *source;
    WAVEFORMATEX *destination;
    WAVEFILTER *filter;

    HACMSTREAM handle;      /* 0 for the probe of an ACM_STREAMOPENF_QUERY open */
    HACMDRIVER had;         /* the caller's driver, or the one opened for had = NULL */
    acm_driver *driver;     /* had, acquired for the stream's lifetime */
    bool owns_driver;       /* had was opened by acmStreamOpen: close it with the stream */
    bool counted;           /* counted in driver->stream_count (from open until close) */

    /* The application's view of the open. */
    DWORD open_flags;
    DWORD_PTR callback;
    DWORD_PTR callback_instance;
    bool async;          /* ACM_STREAMOPENF_ASYNC was asked for */
    bool driver_async;   /* ...and the driver does it itself (SUPPORTF_ASYNC) */
    bool serialise;      /* driver_lock is used for driver messages */

    pthread_mutex_t driver_lock;
    bool driver_closed;           /* ACMDM_STREAM_CLOSE succeeded (under driver_lock) */

    /* Emulated asynchronous conversion (async && !driver_async). */
    pthread_mutex_t lock;
    pthread_cond_t changed;       /* queue, busy, pausing or stop changed */
    ACMDRVSTREAMHEADER *queue_head; /* linked through padshNext, in submission order */
    ACMDRVSTREAMHEADER *queue_tail;
    unsigned queued;              /* headers with INQUEUE set (queued or being converted) */
    bool worker_busy;             /* the worker is converting or notifying a header */
    unsigned paused;              /* resets in progress: the worker takes nothing new */
    bool closing;                 /* acmStreamClose is under way or done (every stream) */
    bool stop;                    /* the worker must exit */
    bool worker_started;
    pthread_t worker;

    /* A driver's own asynchronous conversion (driver_async): the headers it has been given
     * and has not yet reported done, under `lock` (acm_stream_async.c). */
    struct acm_inflight *inflight;
} acm_stream;

/* What a driver may not change in a header it converts, saved before ACMDM_STREAM_CONVERT. */
typedef struct acm_header_guard {
    DWORD status;
    LPBYTE source, destination;
    DWORD source_length, destination_length;
    DWORD_PTR prepared;
    LPBYTE prepared_source, prepared_destination;
    DWORD prepared_source_length, prepared_destination_length;
} acm_header_guard;

/* ---- acm_stream_async.c ------------------------------------------------------------------ */

/* Sets up the queue and starts the worker thread (which holds one handle reference of its
 * own, released when it exits). MMSYSERR_NOMEM if the thread cannot be created. */
MMRESULT pacm_acm_stream_async_start(acm_stream *stream);
/* Makes the worker exit and waits for it, unless called on the worker thread itself (from a
 * callback), in which case the worker exits when the callback returns. */
void pacm_acm_stream_async_stop(acm_stream *stream);
/* Queues a prepared, validated header (Used fields already zeroed) and returns at once. The
 * caller holds stream->lock. MMSYSERR_INVALHANDLE if the stream is being closed. */
MMRESULT pacm_acm_stream_async_submit(acm_stream *stream, ACMDRVSTREAMHEADER *header, DWORD flags);
/* Returns every queued header as done (DONE set, INQUEUE cleared, MM_ACM_DONE for each in
 * submission order), after the header being converted, if any, has completed. */
MMRESULT pacm_acm_stream_async_reset(acm_stream *stream);
/* Sends MM_ACM_OPEN / MM_ACM_CLOSE / MM_ACM_DONE to the stream's client. */
void pacm_acm_stream_notify(acm_stream *stream, UINT message, DWORD_PTR param1);
/* True when the calling thread is the stream's worker. */
bool pacm_acm_stream_on_worker(const acm_stream *stream);

/* Gives a driver with SUPPORTF_ASYNC the ACM's own notification callback instead of the
 * client's (the ACM checks each header the driver reports done, then notifies the client). */
void pacm_acm_stream_driver_instance(acm_stream *stream, ACMDRVSTREAMINSTANCE *instance);
/* acmStreamConvert on a driver_async stream: remembers what the driver may not change, sends
 * ACMDM_STREAM_CONVERT and returns the driver's result. The header is checked when the driver
 * notifies MM_ACM_DONE for it (or at once if the driver refuses it). */
MMRESULT pacm_acm_stream_driver_convert(acm_stream *stream, ACMDRVSTREAMHEADER *header, DWORD flags);
/* Frees what is remembered of headers a driver never reported done (the stream is going). */
void pacm_acm_stream_driver_forget(acm_stream *stream);

/* ---- acm_stream.c ---------------------------------------------------------------------- */

/* Every entry point taking a stream starts here: initialises the ACM, checks the handle and
 * takes a reference (NULL for a stale or forged handle); pacm_acm_stream_release drops it. */
acm_stream *pacm_acm_stream_acquire(HACMSTREAM has);
void pacm_acm_stream_release(acm_stream *stream);

/* Sends one stream message to the driver (serialised when stream->serialise) and returns its
 * result as an MMRESULT. */
MMRESULT pacm_acm_stream_send(acm_stream *stream, UINT message, LPARAM param2);

/* ---- acm_stream_header.c ---------------------------------------------------------------- */

/* Saves what a driver may not change; puts it back after the driver had the header, sets the
 * status bits to `status` and clamps the Used lengths to the buffer lengths. */
void pacm_acm_header_guard_save(acm_header_guard *guard, const ACMDRVSTREAMHEADER *header);
void pacm_acm_header_guard_apply(const acm_header_guard *guard, ACMDRVSTREAMHEADER *header, DWORD status);

/* Sends ACMDM_STREAM_CONVERT for a validated header and enforces what a driver may change:
 * the Used lengths are clamped to the buffer lengths, and the buffer pointers, lengths and
 * prepared values are restored if the driver wrote over them. Returns the driver's result. */
MMRESULT pacm_acm_stream_convert_now(acm_stream *stream, ACMDRVSTREAMHEADER *header, DWORD flags);

#endif /* PORTACM_ACM_STREAM_INT_H */
