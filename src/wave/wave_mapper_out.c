/*
 * wave_mapper_out.c - the wave mapper's output half (WODM_* for an open instance): each write
 * converts the whole client buffer through the ACM (when the device does not take the
 * client's format) and writes the result on the real device; the device's WOM_DONE completes
 * the client's header and is forwarded with the client's handle.
 */
#include "wave_mapper_impl_int.h"

void CALLBACK pacm_wmap_out_inner_callback(HDRVR h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h;
    (void)p2;
    /* WOM_OPEN and WOM_CLOSE of the real device are the mapper's business: the client gets
     * the mapper's own. */
    if (msg != WOM_DONE || p1 == 0)
        return;
    pacm_wmap_done((const pacm_wmap *)inst, p1, WOM_DONE);
}

/* Fills the inner header for a write: the converted data, or the client's own buffer. */
static DWORD out_fill(pacm_wmap *wm, pacm_wmap_block *blk, LPWAVEHDR hdr)
{
    if (wm->stream == NULL) {
        blk->inner.lpData = hdr->lpData;
        blk->inner.dwBufferLength = hdr->dwBufferLength;
        return MMSYSERR_NOERROR;
    }
    blk->ash.cbSrcLength = hdr->dwBufferLength;
    blk->ash.cbDstLength = (DWORD)blk->ash.dwDstUser;
    blk->ash.cbSrcLengthUsed = 0;
    blk->ash.cbDstLengthUsed = 0;
    /* A failed conversion is MMSYSERR_ERROR, as from Windows' mapper. */
    if (pacm_wmap_convert(wm, blk) != MMSYSERR_NOERROR)
        return MMSYSERR_ERROR;
    /* Windows' mapper refuses a buffer that converts to nothing. */
    if (blk->ash.cbDstLengthUsed == 0)
        return MMSYSERR_ERROR;
    blk->inner.dwBufferLength = blk->ash.cbDstLengthUsed;
    return MMSYSERR_NOERROR;
}

/* Converts (or points at the client's buffer) and writes the inner header. */
static DWORD out_send(pacm_wmap *wm, pacm_wmap_block *blk, LPWAVEHDR hdr)
{
    DWORD r = out_fill(wm, blk, hdr);

    if (r != MMSYSERR_NOERROR)
        return r;
    pacm_wmap_flags_change(&blk->inner, pacm_wmap_flags(hdr) & (WHDR_BEGINLOOP | WHDR_ENDLOOP),
                           WHDR_BEGINLOOP | WHDR_ENDLOOP);
    blk->inner.dwLoops = hdr->dwLoops;
    return waveOutWrite((HWAVEOUT)wm->inner, &blk->inner, sizeof(WAVEHDR));
}

DWORD pacm_wmap_out_message(pacm_wmap *wm, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    HWAVEOUT inner = (HWAVEOUT)wm->inner;

    (void)user;
    switch (msg) {
    case WODM_CLOSE:
        return pacm_wmap_close(wm);
    case WODM_PREPARE:
        return pacm_wmap_prepare(wm, (LPWAVEHDR)p1, p2);
    case WODM_UNPREPARE:
        return pacm_wmap_unprepare(wm, (LPWAVEHDR)p1, p2);
    case WODM_WRITE:
        return pacm_wmap_queue(wm, (LPWAVEHDR)p1, p2, out_send);
    case WODM_PAUSE:
        return waveOutPause(inner);
    case WODM_RESTART:
        return waveOutRestart(inner);
    case WODM_RESET:
        return waveOutReset((HWAVEOUT)wm->inner);
    case WODM_BREAKLOOP:
        return waveOutBreakLoop(inner);
    case WODM_GETPOS:
        return pacm_wmap_position(wm, (LPMMTIME)p1, p2);
    case WODM_GETVOLUME:
        return waveOutGetVolume(inner, (LPDWORD)p1);
    case WODM_SETVOLUME:
        return waveOutSetVolume(inner, (DWORD)p1);
    case WODM_GETPITCH:
        return waveOutGetPitch(inner, (LPDWORD)p1);
    case WODM_SETPITCH:
        return waveOutSetPitch(inner, (DWORD)p1);
    case WODM_GETPLAYBACKRATE:
        return waveOutGetPlaybackRate(inner, (LPDWORD)p1);
    case WODM_SETPLAYBACKRATE:
        return waveOutSetPlaybackRate(inner, (DWORD)p1);
    case WODM_MAPPER_STATUS:
        return pacm_wmap_status(wm, p1, p2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
