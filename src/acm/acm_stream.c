/*
 * acm_stream.c - conversion streams: acmStreamOpen, acmStreamClose, acmStreamSize,
 * acmStreamReset and acmStreamMessage; the stream object and the messages sent to its driver.
 * The header calls (acmStreamPrepareHeader, acmStreamUnprepareHeader, acmStreamConvert) are in
 * acm_stream_header.c.
 *
 * Every call checks its arguments in the order Windows does (docs/acm.md, "Streams", lists the
 * order and where it comes from) and then sends one ACMDM_STREAM_* message to the driver that
 * owns the stream. Unlike Windows, which trusts whatever the application and the driver put
 * in a stream header, the ACM also keeps a driver from making the application read out of
 * bounds (acm_stream_header.c): reported Used lengths are clamped to the buffer lengths and buffer pointers a driver
 * overwrote are put back. Asynchronous streams on drivers without
 * ACMDRIVERDETAILS_SUPPORTF_ASYNC are queued to a worker thread (acm_stream_async.c).
 */
#include <stdatomic.h>
#include <string.h>

#include "acm_stream_int.h"
#include "mmddk.h"

#define STREAM_OPEN_FLAGS (ACM_STREAMOPENF_QUERY | ACM_STREAMOPENF_ASYNC | ACM_STREAMOPENF_NONREALTIME | CALLBACK_TYPEMASK | ACM_STREAMOPENF_PORTACM_HIGHQUALITY)
/* A WAVEFILTER larger than this is refused (INVALPARAM): filters are a few dozen bytes, and
 * the ACM copies cbStruct bytes from the caller. */
#define STREAM_FILTER_MAX_SIZE 4096u

/* ---- objects ----------------------------------------------------------------------------- */

/* Every entry point taking a stream starts here: the ACM is initialised, then the handle is
 * checked and a reference taken. */
acm_stream *pacm_acm_stream_acquire(HACMSTREAM has)
{
    pacm_acm_init();
    return pacm_handle_acquire((uintptr_t)has, HANDLE_TYPE_ACM_STREAM);
}

void pacm_acm_stream_release(acm_stream *stream)
{
    pacm_handle_release((uintptr_t)stream->handle);
}

/* Frees a stream once its handle is closed and the last reference is gone (possibly on the
 * worker thread, when the stream was closed from its own callback). */
static void stream_destroy(void *object)
{
    acm_stream *stream = object;
    if (stream->driver)
        pacm_acm_driver_release(stream->driver);
    if (stream->owns_driver)
        pacm_acm_driver_close(stream->had);
    pthread_mutex_destroy(&stream->driver_lock);
    pthread_mutex_destroy(&stream->lock);
    pthread_cond_destroy(&stream->changed);
    pacm_acm_stream_driver_forget(stream);
    pacm_mem_free(stream->source);
    pacm_mem_free(stream->destination);
    pacm_mem_free(stream->filter);
    pacm_mem_free(stream);
}

/* The stream's private copy of a caller's format, so that the caller may free or reuse its
 * structure at once. A PCM format is read as 16 bytes (a PCMWAVEFORMAT is accepted, as on
 * Windows) and gets cbSize 0; any other as 18 + cbSize bytes. cbSize is a WORD, so the copy
 * is at most 65,553 bytes: the field's own range is the limit. */
static WAVEFORMATEX *stream_copy_format(const WAVEFORMATEX *format)
{
    size_t size = pacm_acm_format_size(format);
    WAVEFORMATEX *copy = pacm_mem_calloc(1, size < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : size);
    if (!copy)
        return NULL;
    memcpy(copy, format, size);
    if (format->wFormatTag == WAVE_FORMAT_PCM)
        copy->cbSize = 0;
    return copy;
}

/* Allocates a stream object with copies of the formats and filter; no handle yet. */
static MMRESULT stream_create(const WAVEFORMATEX *source, const WAVEFORMATEX *destination, const WAVEFILTER *filter,
                              acm_stream **out)
{
    acm_stream *stream = pacm_mem_calloc(1, sizeof *stream);
    if (!stream)
        return MMSYSERR_NOMEM;
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
    bool locks = pthread_mutex_init(&stream->driver_lock, &attributes) == 0;
    pthread_mutexattr_destroy(&attributes);
    if (!locks) {
        pacm_mem_free(stream);
        return MMSYSERR_NOMEM;
    }
    if (pthread_mutex_init(&stream->lock, NULL) != 0) {
        pthread_mutex_destroy(&stream->driver_lock);
        pacm_mem_free(stream);
        return MMSYSERR_NOMEM;
    }
    if (pthread_cond_init(&stream->changed, NULL) != 0) {
        pthread_mutex_destroy(&stream->lock);
        pthread_mutex_destroy(&stream->driver_lock);
        pacm_mem_free(stream);
        return MMSYSERR_NOMEM;
    }
    stream->source = stream_copy_format(source);
    stream->destination = stream_copy_format(destination);
    if (filter) {
        stream->filter = pacm_mem_alloc(filter->cbStruct);
        if (stream->filter)
            memcpy(stream->filter, filter, filter->cbStruct);
    }
    if (!stream->source || !stream->destination || (filter && !stream->filter)) {
        stream_destroy(stream);
        return MMSYSERR_NOMEM;
    }
    *out = stream;
    return MMSYSERR_NOERROR;
}

HACMDRIVER pacm_acm_stream_driver(HACMSTREAM has)
{
    acm_stream *stream = pacm_acm_stream_acquire(has);
    if (!stream)
        return NULL;
    HACMDRIVER had = stream->had;
    pacm_acm_stream_release(stream);
    return had;
}

/* ---- driver messages --------------------------------------------------------------------- */

/* Sends any message to the stream's driver instance, one caller at a time unless the driver
 * is asynchronous itself; INVALHANDLE once the driver has closed the stream. */
static MMRESULT stream_driver_message(acm_stream *stream, UINT message, LPARAM param1, LPARAM param2)
{
    if (stream->serialise)
        pthread_mutex_lock(&stream->driver_lock);
    MMRESULT result;
    if (stream->driver_closed)
        result = MMSYSERR_INVALHANDLE; /* lost a race with acmStreamClose */
    else
        result = (MMRESULT)pacm_acm_driver_send(stream->driver->id, stream->driver, message, param1, param2);
    if (stream->serialise)
        pthread_mutex_unlock(&stream->driver_lock);
    return result;
}

MMRESULT pacm_acm_stream_send(acm_stream *stream, UINT message, LPARAM param2)
{
    return stream_driver_message(stream, message, (LPARAM)&stream->instance, param2);
}

/* Fills the instance the driver sees for one open attempt and sends ACMDM_STREAM_OPEN, to
 * `driver` or (for a QUERY probe without an HACMDRIVER) to the persistent instance of `id`.
 * A driver without SUPPORTF_ASYNC sees an asynchronous open as a synchronous one: the ACM
 * queues and notifies for it. */
static MMRESULT stream_driver_open(acm_stream *stream, acm_driver_id *id, acm_driver *driver)
{
    if (driver)
        id = driver->id;
    stream->driver_async = stream->async && (pacm_acm_driver_id_support(id) & ACMDRIVERDETAILS_SUPPORTF_ASYNC);
    ACMDRVSTREAMINSTANCE *instance = &stream->instance;
    memset(instance, 0, sizeof *instance);
    instance->cbStruct = sizeof *instance;
    instance->pwfxSrc = stream->source;
    instance->pwfxDst = stream->destination;
    instance->pwfltr = stream->filter;
    if (stream->async && !stream->driver_async) {
        instance->fdwOpen = stream->open_flags & ~(DWORD)(ACM_STREAMOPENF_ASYNC | CALLBACK_TYPEMASK);
    } else if (stream->driver_async) {
        pacm_acm_stream_driver_instance(stream, instance); /* the driver notifies the ACM */
    } else {
        instance->dwCallback = stream->callback;
        instance->dwInstance = stream->callback_instance;
        instance->fdwOpen = stream->open_flags;
    }
    instance->has = stream->handle;
    return (MMRESULT)pacm_acm_driver_send(driver ? NULL : id, driver, ACMDM_STREAM_OPEN, (LPARAM)instance, 0);
}

/* acmStreamOpen with had = NULL: every enabled driver whose cached tags list both formats'
 * tags (and the filter's tag), in priority order, until one opens the stream. A QUERY probe
 * goes to the driver ID's persistent instance and is closed again at once; a real stream gets
 * an HACMDRIVER sharing that instance (Windows keeps one instance per driver ID).
 * Each attempt is a trial (pacm_acm_driver_id_trial_begin): a driver being removed is skipped, and
 * acmDriverRemove waits for the attempt instead of calling the driver busy. For a real stream
 * the successful trial is still held on return, in *trial (with a reference of its own), so
 * that it lasts until acmStreamOpen has counted the stream; the caller ends it. */
static MMRESULT stream_open_any(acm_stream *stream, bool query, acm_driver_id **trial)
{
    acm_driver_list list;
    MMRESULT result = pacm_acm_driver_list_snapshot(0, &list);
    if (result != MMSYSERR_NOERROR)
        return result;
    result = ACMERR_NOTPOSSIBLE;
    for (size_t i = 0; i < list.count; i++) {
        acm_driver_id *id = list.ids[i];
        if (!pacm_acm_driver_id_has_format_tag(id, stream->source->wFormatTag) ||
            !pacm_acm_driver_id_has_format_tag(id, stream->destination->wFormatTag))
            continue;
        if (stream->filter && !pacm_acm_driver_id_has_filter_tag(id, stream->filter->dwFilterTag))
            continue;
        if (!pacm_acm_driver_id_trial_begin(id))
            continue; /* being removed, or removed since the snapshot */
        if (query) {
            bool opened = stream_driver_open(stream, id, NULL) == MMSYSERR_NOERROR;
            if (opened)
                pacm_acm_driver_send(id, NULL, ACMDM_STREAM_CLOSE, (LPARAM)&stream->instance, 0);
            pacm_acm_driver_id_trial_end(id);
            if (opened) {
                result = MMSYSERR_NOERROR;
                break;
            }
            continue;
        }
        HACMDRIVER had = NULL;
        if (pacm_acm_driver_open_id(id, ACM_OPEN_SHARE_PERSISTENT | ACM_OPEN_FOR_STREAM, &had) != MMSYSERR_NOERROR) {
            pacm_acm_driver_id_trial_end(id);
            continue;
        }
        acm_driver *driver = pacm_acm_driver_acquire(had);
        if (driver && stream_driver_open(stream, NULL, driver) == MMSYSERR_NOERROR) {
            stream->had = had;
            stream->driver = driver;
            stream->owns_driver = true;
            pacm_acm_driver_id_ref(id);
            *trial = id;
            result = MMSYSERR_NOERROR;
            break;
        }
        if (driver)
            pacm_acm_driver_release(driver);
        pacm_acm_driver_close(had);
        pacm_acm_driver_id_trial_end(id);
    }
    pacm_acm_driver_list_release(&list);
    return result;
}

/* acmStreamOpen with an explicit driver: its answer is the result. A QUERY probe is closed
 * again at once (Wine leaks what the driver allocated for it). */
static MMRESULT stream_open_on(acm_stream *stream, HACMDRIVER had, bool query)
{
    acm_driver *driver = pacm_acm_driver_acquire(had);
    if (!driver)
        return MMSYSERR_INVALPARAM; /* what Windows' msacm32 answers, per Wine (docs/acm.md) */
    MMRESULT result = stream_driver_open(stream, NULL, driver);
    if (result != MMSYSERR_NOERROR || query) {
        if (result == MMSYSERR_NOERROR)
            pacm_acm_driver_send(NULL, driver, ACMDM_STREAM_CLOSE, (LPARAM)&stream->instance, 0);
        pacm_acm_driver_release(driver);
        return result;
    }
    stream->had = had;
    stream->driver = driver;
    return MMSYSERR_NOERROR;
}

/* Ends the trial stream_open_any left held (NULL: none) and drops its reference. */
static void stream_trial_end(acm_driver_id *trial)
{
    if (trial) {
        pacm_acm_driver_id_trial_end(trial);
        pacm_acm_driver_id_release(trial);
    }
}

/* ---- acmStreamOpen / acmStreamClose ------------------------------------------------------- */

PORTACM_API MMRESULT ACMAPI acmStreamOpen(LPHACMSTREAM phas, HACMDRIVER had, LPWAVEFORMATEX pwfxSrc,
                                          LPWAVEFORMATEX pwfxDst, LPWAVEFILTER pwfltr, DWORD_PTR dwCallback,
                                          DWORD_PTR dwInstance, DWORD fdwOpen)
{
    pacm_acm_init();
    bool query = (fdwOpen & ACM_STREAMOPENF_QUERY) != 0;
    if (query)
        phas = NULL; /* a query never returns a handle, whatever phas is */
    else if (!phas)
        return MMSYSERR_INVALPARAM;
    else
        *phas = NULL;
    if (!pwfxSrc || !pwfxDst)
        return MMSYSERR_INVALPARAM;
    if (fdwOpen & ~(DWORD)STREAM_OPEN_FLAGS)
        return MMSYSERR_INVALFLAG;
    switch (fdwOpen & CALLBACK_TYPEMASK) {
    case CALLBACK_NULL:
    case CALLBACK_WINDOW:
    case CALLBACK_FUNCTION:
    case CALLBACK_EVENT:
        break;
    default: /* CALLBACK_TASK and undefined types: no stream notification goes to a thread */
        return MMSYSERR_INVALFLAG;
    }
    if (pwfltr) {
        if (pwfxSrc->wFormatTag != pwfxDst->wFormatTag)
            return MMSYSERR_INVALPARAM;
        if (pwfltr->cbStruct < sizeof(WAVEFILTER) || pwfltr->cbStruct > STREAM_FILTER_MAX_SIZE)
            return MMSYSERR_INVALPARAM;
    }

    acm_stream *stream = NULL;
    MMRESULT result = stream_create(pwfxSrc, pwfxDst, pwfltr, &stream);
    if (result != MMSYSERR_NOERROR)
        return result;
    stream->open_flags = fdwOpen;
    stream->callback = dwCallback;
    stream->callback_instance = dwInstance;
    /* A QUERY with ASYNC asks whether the asynchronous open would work: the driver is asked
     * exactly as for the real open, but nothing is queued or notified. */
    stream->async = (fdwOpen & ACM_STREAMOPENF_ASYNC) != 0;

    acm_driver_id *trial = NULL; /* held from the driver's answer until the stream is counted */
    if (query) {
        result = had ? stream_open_on(stream, had, true) : stream_open_any(stream, true, &trial);
        stream_destroy(stream);
        return result;
    }

    /* The handle exists before the driver sees the stream, so ACMDRVSTREAMINSTANCE.has is
     * valid in ACMDM_STREAM_OPEN already (a driver doing its own asynchronous notification
     * needs it). From here on, closing the handle frees everything. */
    stream->handle = (HACMSTREAM)pacm_handle_create(HANDLE_TYPE_ACM_STREAM, stream, stream_destroy);
    if (!stream->handle) {
        stream_destroy(stream);
        return MMSYSERR_NOMEM;
    }
    result = had ? stream_open_on(stream, had, false) : stream_open_any(stream, false, &trial);
    if (result == MMSYSERR_NOERROR) {
        /* A driver that is not asynchronous gets one caller at a time. */
        stream->serialise = !stream->driver_async;
        if (stream->async && !stream->driver_async) {
            result = pacm_acm_stream_async_start(stream);
            if (result != MMSYSERR_NOERROR)
                pacm_acm_stream_send(stream, ACMDM_STREAM_CLOSE, 0);
        }
    }
    if (result != MMSYSERR_NOERROR) {
        pacm_handle_close((uintptr_t)stream->handle, HANDLE_TYPE_ACM_STREAM);
        stream_trial_end(trial);
        return result;
    }
    atomic_fetch_add(&stream->driver->stream_count, 1); /* acmDriverClose/Remove: ACMERR_BUSY */
    stream->counted = true;
    stream_trial_end(trial);
    *phas = stream->handle;
    if (stream->async && !stream->driver_async)
        pacm_acm_stream_notify(stream, MM_ACM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT ACMAPI acmStreamClose(HACMSTREAM has, DWORD fdwClose)
{
    acm_stream *stream = pacm_acm_stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    if (fdwClose != 0) {
        pacm_acm_stream_release(stream);
        return MMSYSERR_INVALFLAG;
    }
    bool emulated = stream->async && !stream->driver_async;

    /* Claim the close: a second close racing this one sees an invalid handle, and an
     * emulated asynchronous stream with headers still queued is busy, as documented. */
    pthread_mutex_lock(&stream->lock);
    MMRESULT result = MMSYSERR_NOERROR;
    if (stream->closing)
        result = MMSYSERR_INVALHANDLE;
    else if (emulated && stream->queued != 0)
        result = ACMERR_BUSY;
    else
        stream->closing = true;
    pthread_mutex_unlock(&stream->lock);
    if (result != MMSYSERR_NOERROR) {
        pacm_acm_stream_release(stream);
        return result;
    }

    pthread_mutex_lock(&stream->driver_lock);
    result = (MMRESULT)pacm_acm_driver_send(stream->driver->id, stream->driver, ACMDM_STREAM_CLOSE,
                                       (LPARAM)&stream->instance, (LPARAM)fdwClose);
    if (result == MMSYSERR_NOERROR)
        stream->driver_closed = true;
    pthread_mutex_unlock(&stream->driver_lock);
    if (result != MMSYSERR_NOERROR) {
        /* The driver refused: the stream stays open and usable, as on Windows. */
        pthread_mutex_lock(&stream->lock);
        stream->closing = false;
        pthread_mutex_unlock(&stream->lock);
        pacm_acm_stream_release(stream);
        return result;
    }

    pacm_handle_close((uintptr_t)has, HANDLE_TYPE_ACM_STREAM);
    if (stream->counted) {
        stream->counted = false;
        atomic_fetch_sub(&stream->driver->stream_count, 1);
    }
    if (emulated) {
        pacm_acm_stream_async_stop(stream); /* after the last MM_ACM_DONE has been delivered */
        pacm_acm_stream_notify(stream, MM_ACM_CLOSE, 0);
    }
    pacm_acm_stream_release(stream);
    return MMSYSERR_NOERROR;
}

/* ---- acmStreamSize ----------------------------------------------------------------------- */

PORTACM_API MMRESULT ACMAPI acmStreamSize(HACMSTREAM has, DWORD cbInput, LPDWORD pdwOutputBytes, DWORD fdwSize)
{
    acm_stream *stream = pacm_acm_stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_NOERROR;
    DWORD query = fdwSize & ACM_STREAMSIZEF_QUERYMASK;
    if ((fdwSize & ~(DWORD)ACM_STREAMSIZEF_QUERYMASK) ||
        (query != ACM_STREAMSIZEF_SOURCE && query != ACM_STREAMSIZEF_DESTINATION))
        result = MMSYSERR_INVALFLAG;
    else if (!pdwOutputBytes)
        result = MMSYSERR_INVALPARAM;
    else {
        *pdwOutputBytes = 0;
        if (cbInput == 0) {
            result = MMSYSERR_INVALPARAM; /* "This parameter must be nonzero." */
        } else {
            ACMDRVSTREAMSIZE size = {.cbStruct = sizeof size, .fdwSize = fdwSize};
            if (query == ACM_STREAMSIZEF_SOURCE)
                size.cbSrcLength = cbInput;
            else
                size.cbDstLength = cbInput;
            result = pacm_acm_stream_send(stream, ACMDM_STREAM_SIZE, (LPARAM)&size);
            if (result == MMSYSERR_NOERROR) {
                DWORD output = query == ACM_STREAMSIZEF_SOURCE ? size.cbDstLength : size.cbSrcLength;
                if (output == 0)
                    result = ACMERR_NOTPOSSIBLE; /* a driver answering 0 bytes cannot convert */
                else
                    *pdwOutputBytes = output;
            }
        }
    }
    pacm_acm_stream_release(stream);
    return result;
}

/* ---- acmStreamReset / acmStreamMessage ----------------------------------------------------- */

PORTACM_API MMRESULT ACMAPI acmStreamReset(HACMSTREAM has, DWORD fdwReset)
{
    pacm_acm_init();
    if (fdwReset != 0)
        return MMSYSERR_INVALFLAG; /* checked before the handle, as on Windows */
    acm_stream *stream = pacm_acm_stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_NOERROR; /* a synchronous stream has nothing pending */
    if (stream->driver_async)
        result = pacm_acm_stream_send(stream, ACMDM_STREAM_RESET, (LPARAM)fdwReset);
    else if (stream->async)
        result = pacm_acm_stream_async_reset(stream);
    pacm_acm_stream_release(stream);
    return result;
}

PORTACM_API MMRESULT ACMAPI acmStreamMessage(HACMSTREAM has, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    acm_stream *stream = pacm_acm_stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    /* Only driver-defined messages: the DRV_* and ACMDM_* ranges would let a caller bypass
     * every check above (or close the driver under the stream). */
    if (uMsg < ACMDM_USER || (uMsg >= ACMDM_RESERVED_LOW && uMsg <= ACMDM_RESERVED_HIGH)) {
        result = MMSYSERR_INVALPARAM;
    } else {
        result = stream_driver_message(stream, uMsg, lParam1, lParam2);
    }
    pacm_acm_stream_release(stream);
    return result;
}
