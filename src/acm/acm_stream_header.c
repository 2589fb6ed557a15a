/*
 * acm_stream_header.c - the stream header's life on a stream: acmStreamPrepareHeader,
 * acmStreamUnprepareHeader and acmStreamConvert, and the guard that keeps a driver from
 * changing what it may not in a header it converts. Apart from acm_stream.c (the stream
 * object, its driver and open/close) because everything here is about one header: the
 * checks of the caller's buffers (each page probed, as Windows does), the prepared and queued
 * status bits an asynchronous stream's worker also changes, and the clamps that keep a
 * driver's Used lengths inside the buffers.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "acm_stream_int.h"

#define STREAM_CONVERT_FLAGS (ACM_STREAMCONVERTF_BLOCKALIGN | ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_END)

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
    acm_stream *stream = pacm_acm_stream_acquire(has);
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
        pacm_acm_stream_release(stream);
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
        pacm_acm_stream_release(stream);
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
    pacm_acm_stream_release(stream);
    return result;
}

PORTACM_API MMRESULT ACMAPI acmStreamUnprepareHeader(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwUnprepare)
{
    acm_stream *stream = pacm_acm_stream_acquire(has);
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
    pacm_acm_stream_release(stream);
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
    acm_stream *stream = pacm_acm_stream_acquire(has);
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
        pacm_acm_stream_release(stream);
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
    pacm_acm_stream_release(stream);
    return result;
}
