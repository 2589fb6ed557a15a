/*
 * acm_stream.c - conversion streams: acmStreamOpen, acmStreamClose, acmStreamSize,
 * acmStreamPrepareHeader, acmStreamUnprepareHeader, acmStreamConvert, acmStreamReset and
 * acmStreamMessage.
 *
 * Every call checks its arguments in the order Windows does (docs/acm.md, "Streams", lists the
 * order and where it comes from) and then sends one ACMDM_STREAM_* message to the driver that
 * owns the stream. Unlike Windows, which trusts whatever the application and the driver put
 * in a stream header, this file also keeps a driver from making the application read out of
 * bounds: reported Used lengths are clamped to the buffer lengths and buffer pointers a driver
 * overwrote are put back. Asynchronous streams on drivers without
 * ACMDRIVERDETAILS_SUPPORTF_ASYNC are queued to a worker thread (acm_stream_async.c).
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "acm_stream_int.h"
#include "mmddk.h"

#define STREAM_OPEN_FLAGS (ACM_STREAMOPENF_QUERY | ACM_STREAMOPENF_ASYNC | ACM_STREAMOPENF_NONREALTIME | CALLBACK_TYPEMASK | ACM_STREAMOPENF_PORTACM_HIGHQUALITY)
#define STREAM_CONVERT_FLAGS (ACM_STREAMCONVERTF_BLOCKALIGN | ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_END)
/* A WAVEFILTER larger than this is refused (INVALPARAM): filters are a few dozen bytes, and
 * the ACM copies cbStruct bytes from the caller. */
#define STREAM_FILTER_MAX_SIZE 4096u

/* ---- objects ----------------------------------------------------------------------------- */

/* Every entry point taking a stream starts here: the ACM is initialised, then the handle is
 * checked and a reference taken. */
static acm_stream *stream_acquire(HACMSTREAM has)
{
    pacm_acm_init();
    return pacm_handle_acquire((uintptr_t)has, HANDLE_TYPE_ACM_STREAM);
}

static void stream_release(acm_stream *stream)
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
    acm_stream *stream = stream_acquire(has);
    if (!stream)
        return NULL;
    HACMDRIVER had = stream->had;
    stream_release(stream);
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
    acm_stream *stream = stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    if (fdwClose != 0) {
        stream_release(stream);
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
        stream_release(stream);
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
        stream_release(stream);
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
    stream_release(stream);
    return MMSYSERR_NOERROR;
}

/* ---- acmStreamSize ----------------------------------------------------------------------- */

PORTACM_API MMRESULT ACMAPI acmStreamSize(HACMSTREAM has, DWORD cbInput, LPDWORD pdwOutputBytes, DWORD fdwSize)
{
    acm_stream *stream = stream_acquire(has);
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
    stream_release(stream);
    return result;
}

/* ---- headers ----------------------------------------------------------------------------- */

/* Whether [pointer, pointer + length) can be a caller's buffer: not NULL unless empty, no
 * address wrap-around, and every page mapped. The last test is what makes a destination
 * length of (DWORD)-4 fail on 64-bit as on native 64-bit Windows, which probes the buffer
 * (IsBadWritePtr). It asks mincore, which fails with ENOMEM when a page of the range is not
 * mapped and reads nothing at the address: valgrind checks only the residency vector it
 * writes, so the probe is clean under valgrind in every build type without a suppression
 * (msync, used before, made memcheck read the whole buffer, uninitialised destinations and
 * all). Any other mincore failure (a kernel without it) leaves that part accepted. */
static bool stream_buffer_valid(const BYTE *pointer, DWORD length)
{
    if (length == 0)
        return true;
    if (!pointer)
        return false;
    uintptr_t start = (uintptr_t)pointer;
    if (start > UINTPTR_MAX - (length - 1))
        return false;
    long page_size = sysconf(_SC_PAGESIZE);
    if (page_size <= 0)
        page_size = 4096;
    uintptr_t page = start & ~((uintptr_t)page_size - 1);
    size_t span = (size_t)(start - page) + length;
    unsigned char residency[1024]; /* one byte a page: 4 MiB per call with 4 KiB pages */
    size_t chunk = sizeof residency * (size_t)page_size;
    while (span > 0) {
        size_t part = span < chunk ? span : chunk;
        if (mincore((void *)page, part, residency) != 0 && errno == ENOMEM)
            return false;
        page += part;
        span -= part;
    }
    return true;
}

/* The checks every header call starts with: a header, at least as large as ACMSTREAMHEADER. */
static bool stream_header_valid(const ACMSTREAMHEADER *pash)
{
    return pash && pash->cbStruct >= sizeof(ACMSTREAMHEADER);
}

/* Status bits of a header that an asynchronous stream's worker may be changing are read and
 * written under the stream lock. */
static void stream_lock_status(acm_stream *stream)
{
    if (stream->async && !stream->driver_async)
        pthread_mutex_lock(&stream->lock);
}

static void stream_unlock_status(acm_stream *stream)
{
    if (stream->async && !stream->driver_async)
        pthread_mutex_unlock(&stream->lock);
}

PORTACM_API MMRESULT ACMAPI acmStreamPrepareHeader(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwPrepare)
{
    acm_stream *stream = stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    ACMDRVSTREAMHEADER *header = (ACMDRVSTREAMHEADER *)pash;
    MMRESULT result = MMSYSERR_NOERROR;
    WORD tag = stream->source->wFormatTag;
    if (!stream_header_valid(pash))
        result = MMSYSERR_INVALPARAM;
    else if (fdwPrepare != 0)
        result = MMSYSERR_INVALFLAG;
    else if ((tag == WAVE_FORMAT_PCM || tag == WAVE_FORMAT_ADPCM) && pash->cbSrcLength < stream->source->nBlockAlign)
        result = pash->cbSrcLength == 0 ? MMSYSERR_INVALPARAM : ACMERR_NOTPOSSIBLE;
    else if (!stream_buffer_valid(pash->pbSrc, pash->cbSrcLength) ||
             !stream_buffer_valid(pash->pbDst, pash->cbDstLength))
        result = MMSYSERR_INVALPARAM;
    if (result != MMSYSERR_NOERROR) {
        stream_release(stream);
        return result;
    }

    /* "Preparing a stream header that has already been prepared has no effect, and the
     * function returns zero": so for the same buffers on this stream, and always for a queued
     * header, which must stay intact. A header prepared with other buffers, or on another
     * (possibly closed) stream, is prepared afresh, as Wine does. */
    stream_lock_status(stream);
    DWORD status = header->fdwStatus;
    bool same = (status & ACMSTREAMHEADER_STATUSF_PREPARED) && header->dwPrepared == (DWORD_PTR)has &&
                header->pbPreparedSrc == pash->pbSrc && header->cbPreparedSrcLength == pash->cbSrcLength &&
                header->pbPreparedDst == pash->pbDst && header->cbPreparedDstLength == pash->cbDstLength;
    stream_unlock_status(stream);
    bool queued = (status & ACMSTREAMHEADER_STATUSF_INQUEUE) && (status & ACMSTREAMHEADER_STATUSF_PREPARED);
    if (same || queued) {
        stream_release(stream);
        return MMSYSERR_NOERROR;
    }

    LPBYTE source = pash->pbSrc, destination = pash->pbDst;
    DWORD source_length = pash->cbSrcLength, destination_length = pash->cbDstLength;
    header->fdwPrepared = 0;
    header->dwPrepared = (DWORD_PTR)has;
    header->pbPreparedSrc = source;
    header->cbPreparedSrcLength = source_length;
    header->pbPreparedDst = destination;
    header->cbPreparedDstLength = destination_length;
    result = pacm_acm_stream_send(stream, ACMDM_STREAM_PREPARE, (LPARAM)header);
    /* The prepared values and buffers are the ACM's, whatever the driver wrote. */
    header->pbSrc = header->pbPreparedSrc = source;
    header->cbSrcLength = header->cbPreparedSrcLength = source_length;
    header->pbDst = header->pbPreparedDst = destination;
    header->cbDstLength = header->cbPreparedDstLength = destination_length;
    if (result == MMSYSERR_NOERROR || result == MMSYSERR_NOTSUPPORTED) {
        header->fdwStatus = (header->fdwStatus | ACMSTREAMHEADER_STATUSF_PREPARED) & ~(DWORD)ACMSTREAMHEADER_STATUSF_INQUEUE;
        result = MMSYSERR_NOERROR;
    } else {
        header->dwPrepared = 0;
        header->pbPreparedSrc = header->pbPreparedDst = NULL;
        header->cbPreparedSrcLength = header->cbPreparedDstLength = 0;
    }
    stream_release(stream);
    return result;
}

PORTACM_API MMRESULT ACMAPI acmStreamUnprepareHeader(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwUnprepare)
{
    acm_stream *stream = stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    ACMDRVSTREAMHEADER *header = (ACMDRVSTREAMHEADER *)pash;
    MMRESULT result = MMSYSERR_NOERROR;
    if (!stream_header_valid(pash))
        result = MMSYSERR_INVALPARAM;
    else if (fdwUnprepare != 0)
        result = MMSYSERR_INVALFLAG;
    else {
        stream_lock_status(stream);
        DWORD status = header->fdwStatus;
        stream_unlock_status(stream);
        if (!(status & ACMSTREAMHEADER_STATUSF_PREPARED))
            result = ACMERR_UNPREPARED;
        else if (status & ACMSTREAMHEADER_STATUSF_INQUEUE)
            result = ACMERR_BUSY;
        else if (header->pbSrc != header->pbPreparedSrc || header->cbSrcLength != header->cbPreparedSrcLength ||
                 header->pbDst != header->pbPreparedDst || header->cbDstLength != header->cbPreparedDstLength)
            result = MMSYSERR_INVALPARAM; /* the lengths must be reset to the prepared ones */
    }
    if (result == MMSYSERR_NOERROR) {
        result = pacm_acm_stream_send(stream, ACMDM_STREAM_UNPREPARE, (LPARAM)header);
        if (result == MMSYSERR_NOERROR || result == MMSYSERR_NOTSUPPORTED) {
            header->fdwStatus &= ~(DWORD)(ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_INQUEUE);
            header->dwPrepared = 0;
            header->pbPreparedSrc = header->pbPreparedDst = NULL;
            header->cbPreparedSrcLength = header->cbPreparedDstLength = 0;
            result = MMSYSERR_NOERROR;
        }
    }
    stream_release(stream);
    return result;
}

/* ---- acmStreamConvert -------------------------------------------------------------------- */

void pacm_acm_header_guard_save(acm_header_guard *guard, const ACMDRVSTREAMHEADER *header)
{
    guard->status = header->fdwStatus;
    guard->source = header->pbSrc;
    guard->destination = header->pbDst;
    guard->source_length = header->cbSrcLength;
    guard->destination_length = header->cbDstLength;
    guard->prepared = header->dwPrepared;
    guard->prepared_source = header->pbPreparedSrc;
    guard->prepared_destination = header->pbPreparedDst;
    guard->prepared_source_length = header->cbPreparedSrcLength;
    guard->prepared_destination_length = header->cbPreparedDstLength;
}

void pacm_acm_header_guard_apply(const acm_header_guard *guard, ACMDRVSTREAMHEADER *header, DWORD status)
{
    if (header->pbSrc != guard->source || header->cbSrcLength != guard->source_length ||
        header->pbDst != guard->destination || header->cbDstLength != guard->destination_length ||
        header->dwPrepared != guard->prepared || header->pbPreparedSrc != guard->prepared_source ||
        header->pbPreparedDst != guard->prepared_destination ||
        header->cbPreparedSrcLength != guard->prepared_source_length ||
        header->cbPreparedDstLength != guard->prepared_destination_length) {
        pacm_log_debug("acmStreamConvert: the driver changed the header's buffers; restored");
        header->pbSrc = guard->source;
        header->cbSrcLength = guard->source_length;
        header->pbDst = guard->destination;
        header->cbDstLength = guard->destination_length;
        header->dwPrepared = guard->prepared;
        header->pbPreparedSrc = guard->prepared_source;
        header->pbPreparedDst = guard->prepared_destination;
        header->cbPreparedSrcLength = guard->prepared_source_length;
        header->cbPreparedDstLength = guard->prepared_destination_length;
    }
    if (header->fdwStatus != status)
        header->fdwStatus = status;
    if (header->cbSrcLengthUsed > guard->source_length) {
        pacm_log_debug("acmStreamConvert: driver reported %u source bytes used of %u; clamped",
                  (unsigned)header->cbSrcLengthUsed, (unsigned)guard->source_length);
        header->cbSrcLengthUsed = guard->source_length;
    }
    if (header->cbDstLengthUsed > guard->destination_length) {
        pacm_log_debug("acmStreamConvert: driver reported %u destination bytes written of %u; clamped",
                  (unsigned)header->cbDstLengthUsed, (unsigned)guard->destination_length);
        header->cbDstLengthUsed = guard->destination_length;
    }
}

MMRESULT pacm_acm_stream_convert_now(acm_stream *stream, ACMDRVSTREAMHEADER *header, DWORD flags)
{
    acm_header_guard guard; /* what the driver must not change, saved to be put back */
    pacm_acm_header_guard_save(&guard, header);
    header->fdwConvert = flags;
    MMRESULT result = pacm_acm_stream_send(stream, ACMDM_STREAM_CONVERT, (LPARAM)header);
    pacm_acm_header_guard_apply(&guard, header, guard.status);
    return result;
}

PORTACM_API MMRESULT ACMAPI acmStreamConvert(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwConvert)
{
    acm_stream *stream = stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    ACMDRVSTREAMHEADER *header = (ACMDRVSTREAMHEADER *)pash;
    bool emulated = stream->async && !stream->driver_async;
    MMRESULT result = MMSYSERR_NOERROR;
    if (!stream_header_valid(pash))
        result = MMSYSERR_INVALPARAM;
    else if (fdwConvert & ~(DWORD)STREAM_CONVERT_FLAGS)
        result = MMSYSERR_INVALFLAG;
    if (result != MMSYSERR_NOERROR) {
        stream_release(stream);
        return result;
    }

    stream_lock_status(stream);
    DWORD status = header->fdwStatus;
    if (!(status & ACMSTREAMHEADER_STATUSF_PREPARED)) {
        result = ACMERR_UNPREPARED; /* the Used fields stay untouched */
    } else if (status & ACMSTREAMHEADER_STATUSF_INQUEUE) {
        result = ACMERR_BUSY;
    } else {
        header->cbSrcLengthUsed = 0;
        header->cbDstLengthUsed = 0;
        if (header->pbSrc != header->pbPreparedSrc || header->cbSrcLength > header->cbPreparedSrcLength ||
            header->pbDst != header->pbPreparedDst || header->cbDstLength > header->cbPreparedDstLength)
            result = MMSYSERR_INVALPARAM;
        else if (emulated)
            result = pacm_acm_stream_async_submit(stream, header, fdwConvert);
    }
    stream_unlock_status(stream);

    if (result == MMSYSERR_NOERROR && !emulated) {
        if (stream->driver_async) {
            /* The driver queues, completes and notifies itself (SUPPORTF_ASYNC); the ACM
             * checks the header when the driver says it is done (acm_stream_async.c). */
            result = pacm_acm_stream_driver_convert(stream, header, fdwConvert);
        } else {
            result = pacm_acm_stream_convert_now(stream, header, fdwConvert);
            if (result == MMSYSERR_NOERROR)
                header->fdwStatus |= ACMSTREAMHEADER_STATUSF_DONE;
        }
    }
    stream_release(stream);
    return result;
}

/* ---- acmStreamReset / acmStreamMessage ----------------------------------------------------- */

PORTACM_API MMRESULT ACMAPI acmStreamReset(HACMSTREAM has, DWORD fdwReset)
{
    pacm_acm_init();
    if (fdwReset != 0)
        return MMSYSERR_INVALFLAG; /* checked before the handle, as on Windows */
    acm_stream *stream = stream_acquire(has);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_NOERROR; /* a synchronous stream has nothing pending */
    if (stream->driver_async)
        result = pacm_acm_stream_send(stream, ACMDM_STREAM_RESET, (LPARAM)fdwReset);
    else if (stream->async)
        result = pacm_acm_stream_async_reset(stream);
    stream_release(stream);
    return result;
}

PORTACM_API MMRESULT ACMAPI acmStreamMessage(HACMSTREAM has, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    acm_stream *stream = stream_acquire(has);
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
    stream_release(stream);
    return result;
}
