/*
 * wave_mapper_headers.c - the wave mapper's per-header blocks, the same for output and input:
 * preparing a client header (an inner WAVEHDR prepared on the real device and, when the mapper
 * converts, an ACMSTREAMHEADER between the client's buffer and the block's own buffer, sized
 * with acmStreamSize), unpreparing it, and the messages both directions forward alike
 * (close, position).
 */
#include <string.h>

#include "common_int.h"
#include "wave_mapper_impl_int.h"

/* Sets up the stream header and the block's buffer. Output converts the client's buffer into
 * the block's (size from the source length); input converts the block's buffer, which the
 * device fills, into the client's (size from the destination length). */
static MMRESULT headers_prepare_stream(pacm_wmap *wm, pacm_wmap_block *blk, LPWAVEHDR hdr)
{
    DWORD other = 0;
    MMRESULT r = acmStreamSize(wm->stream, hdr->dwBufferLength, &other,
                               wm->input ? ACM_STREAMSIZEF_DESTINATION : ACM_STREAMSIZEF_SOURCE);

    if (r != MMSYSERR_NOERROR)
        return r;
    blk->buffer = pacm_mem_alloc(other != 0 ? other : 1);
    if (blk->buffer == NULL)
        return MMSYSERR_NOMEM;
    blk->buffer_size = other;
    blk->ash.cbStruct = sizeof(ACMSTREAMHEADER);
    if (wm->input) {
        blk->ash.pbSrc = blk->buffer;
        blk->ash.cbSrcLength = other;
        blk->ash.pbDst = (LPBYTE)hdr->lpData;
        blk->ash.cbDstLength = hdr->dwBufferLength;
    } else {
        blk->ash.pbSrc = (LPBYTE)hdr->lpData;
        blk->ash.cbSrcLength = hdr->dwBufferLength;
        blk->ash.pbDst = blk->buffer;
        blk->ash.cbDstLength = other;
    }
    /* The prepared lengths, restored before unpreparing. */
    blk->ash.dwSrcUser = blk->ash.cbSrcLength;
    blk->ash.dwDstUser = blk->ash.cbDstLength;
    r = acmStreamPrepareHeader(wm->stream, &blk->ash, 0);
    if (r != MMSYSERR_NOERROR)
        return r;
    blk->inner.lpData = (LPSTR)blk->buffer;
    blk->inner.dwBufferLength = other;
    return MMSYSERR_NOERROR;
}

DWORD pacm_wmap_prepare(pacm_wmap *wm, LPWAVEHDR hdr, DWORD_PTR size)
{
    pacm_wmap_block *blk;
    MMRESULT r;

    if (hdr == NULL || size < sizeof(WAVEHDR))
        return MMSYSERR_INVALPARAM;
    if (pacm_wmap_find_block(wm, hdr) != NULL)
        return MMSYSERR_NOERROR;
    blk = pacm_mem_calloc(1, sizeof *blk);
    if (blk == NULL)
        return MMSYSERR_NOMEM;
    blk->client = hdr;
    blk->inner.lpData = hdr->lpData;
    blk->inner.dwBufferLength = hdr->dwBufferLength;
    r = wm->stream != NULL ? headers_prepare_stream(wm, blk, hdr) : MMSYSERR_NOERROR;
    blk->inner.dwUser = (DWORD_PTR)blk;
    if (r == MMSYSERR_NOERROR)
        r = wm->input ? waveInPrepareHeader((HWAVEIN)wm->inner, &blk->inner, sizeof(WAVEHDR))
                      : waveOutPrepareHeader((HWAVEOUT)wm->inner, &blk->inner, sizeof(WAVEHDR));
    pthread_mutex_lock(&wm->lock);
    blk->next = wm->blocks;
    wm->blocks = blk;
    pthread_mutex_unlock(&wm->lock);
    if (r != MMSYSERR_NOERROR) {
        pacm_wmap_free_block(wm, blk);
        return r;
    }
    hdr->reserved = (DWORD_PTR)blk;
    pacm_wmap_flags_change(hdr, WHDR_PREPARED, WHDR_DONE | WHDR_INQUEUE);
    if (wm->input)
        hdr->dwBytesRecorded = 0;
    return MMSYSERR_NOERROR;
}

DWORD pacm_wmap_unprepare(pacm_wmap *wm, LPWAVEHDR hdr, DWORD_PTR size)
{
    pacm_wmap_block *blk;
    MMRESULT r;

    if (hdr == NULL || size < sizeof(WAVEHDR))
        return MMSYSERR_INVALPARAM;
    blk = pacm_wmap_find_block(wm, hdr);
    if (blk == NULL) {
        pacm_wmap_flags_change(hdr, 0, WHDR_PREPARED);
        return MMSYSERR_NOERROR;
    }
    if (pacm_wmap_flags(hdr) & WHDR_INQUEUE)
        return WAVERR_STILLPLAYING;
    r = wm->input ? waveInUnprepareHeader((HWAVEIN)wm->inner, &blk->inner, sizeof(WAVEHDR))
                  : waveOutUnprepareHeader((HWAVEOUT)wm->inner, &blk->inner, sizeof(WAVEHDR));
    if (r != MMSYSERR_NOERROR)
        return r;
    pacm_wmap_free_block(wm, blk);
    hdr->reserved = 0;
    pacm_wmap_flags_change(hdr, 0, WHDR_PREPARED);
    return MMSYSERR_NOERROR;
}

/* True while a client header is queued here (its completion may still be running). */
static bool headers_any_queued(pacm_wmap *wm)
{
    bool queued = false;

    pthread_mutex_lock(&wm->lock);
    for (const pacm_wmap_block *blk = wm->blocks; blk != NULL && !queued; blk = blk->next)
        queued = (pacm_wmap_flags(blk->client) & WHDR_INQUEUE) != 0;
    pthread_mutex_unlock(&wm->lock);
    return queued;
}

DWORD pacm_wmap_close(pacm_wmap *wm)
{
    DWORD_PTR callback = wm->callback, instance = wm->instance;
    DWORD flags = wm->dcb_flags;
    HDRVR handle = (HDRVR)wm->client_handle;
    UINT msg = wm->input ? WIM_CLOSE : WOM_CLOSE;
    MMRESULT r;

    if (headers_any_queued(wm))
        return WAVERR_STILLPLAYING;
    r = wm->input ? waveInClose((HWAVEIN)wm->inner) : waveOutClose((HWAVEOUT)wm->inner);
    if (r != MMSYSERR_NOERROR)
        return r;
    pacm_wmap_destroy(wm);
    DriverCallback(callback, flags, handle, msg, instance, 0, 0);
    return MMSYSERR_NOERROR;
}

DWORD pacm_wmap_position(pacm_wmap *wm, LPMMTIME t, DWORD_PTR size)
{
    MMRESULT r = wm->input ? waveInGetPosition((HWAVEIN)wm->inner, t, (UINT)size)
                           : waveOutGetPosition((HWAVEOUT)wm->inner, t, (UINT)size);

    if (r == MMSYSERR_NOERROR)
        pacm_wmap_scale_position(wm, t);
    return r;
}

DWORD pacm_wmap_queue(pacm_wmap *wm, LPWAVEHDR hdr, DWORD_PTR size, pacm_wmap_send send)
{
    pacm_wmap_block *blk;
    DWORD old, r;

    if (hdr == NULL || size < sizeof(WAVEHDR))
        return MMSYSERR_INVALPARAM;
    blk = pacm_wmap_find_block(wm, hdr);
    if (blk == NULL)
        return WAVERR_UNPREPARED;
    old = pacm_wmap_flags(hdr);
    if (wm->input)
        hdr->dwBytesRecorded = 0;
    pacm_wmap_flags_change(hdr, WHDR_INQUEUE, WHDR_DONE);
    r = send(wm, blk, hdr);
    if (r != MMSYSERR_NOERROR)
        pacm_wmap_flags_change(hdr, old & WHDR_DONE, WHDR_INQUEUE);
    return r;
}

void pacm_wmap_done(const pacm_wmap *wm, DWORD_PTR inner_hdr, UINT msg)
{
    const WAVEHDR *inner = (const WAVEHDR *)inner_hdr;
    LPWAVEHDR client = ((pacm_wmap_block *)inner->dwUser)->client;
    /* Once the header is DONE the client may close at once (a polling client does), and the
     * instance goes: take what the notification needs first, touch nothing afterwards. */
    DWORD_PTR callback = wm->callback, instance = wm->instance;
    DWORD flags = wm->dcb_flags;
    HDRVR handle = (HDRVR)wm->client_handle;

    /* Release: a client polling dwFlags from another thread (NAudio does) that sees DONE
     * also sees the data and dwBytesRecorded written before. */
    pacm_wmap_flags_change(client, 0, WHDR_INQUEUE);
    pacm_wmap_flags_change(client, WHDR_DONE, 0);
    DriverCallback(callback, flags, handle, msg, instance, (DWORD_PTR)client, 0);
}
