/*
 * wave_mapper_in.c - the wave mapper's input half (WIDM_* for an open instance): the real
 * device records PCM into the block's buffer; on its WIM_DATA the mapper converts that into
 * the client's buffer through the ACM (dwBytesRecorded = what the conversion produced),
 * completes the client's header and forwards WIM_DATA with the client's handle.
 */
#include "wave_mapper_impl_int.h"

void CALLBACK pacm_wmap_in_inner_callback(HDRVR h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2)
{
    pacm_wmap *wm = (pacm_wmap *)inst;
    const WAVEHDR *inner = (const WAVEHDR *)p1;
    pacm_wmap_block *blk;

    (void)h;
    (void)p2;
    if (msg != WIM_DATA || p1 == 0)
        return;
    blk = (pacm_wmap_block *)inner->dwUser;
    if (wm->stream == NULL) {
        blk->client->dwBytesRecorded = inner->dwBytesRecorded;
    } else {
        blk->ash.cbSrcLength = inner->dwBytesRecorded;
        blk->ash.cbDstLength = (DWORD)blk->ash.dwDstUser;
        blk->ash.cbSrcLengthUsed = 0;
        blk->ash.cbDstLengthUsed = 0;
        if (blk->ash.cbSrcLength != 0 && pacm_wmap_convert(wm, blk) != MMSYSERR_NOERROR)
            blk->ash.cbDstLengthUsed = 0;
        blk->client->dwBytesRecorded = blk->ash.cbDstLengthUsed;
    }
    pacm_wmap_done(wm, p1, WIM_DATA);
}

/* Hands the inner header to the device (the client's buffer itself when not converting). */
static DWORD in_send(pacm_wmap *wm, pacm_wmap_block *blk, LPWAVEHDR hdr)
{
    if (wm->stream == NULL) {
        blk->inner.lpData = hdr->lpData;
        blk->inner.dwBufferLength = hdr->dwBufferLength;
    }
    return waveInAddBuffer((HWAVEIN)wm->inner, &blk->inner, sizeof(WAVEHDR));
}

DWORD pacm_wmap_in_message(pacm_wmap *wm, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)user;
    switch (msg) {
    case WIDM_CLOSE:
        return pacm_wmap_close(wm);
    case WIDM_PREPARE:
        return pacm_wmap_prepare(wm, (LPWAVEHDR)p1, p2);
    case WIDM_UNPREPARE:
        return pacm_wmap_unprepare(wm, (LPWAVEHDR)p1, p2);
    case WIDM_ADDBUFFER:
        return pacm_wmap_queue(wm, (LPWAVEHDR)p1, p2, in_send);
    case WIDM_START:
        return waveInStart((HWAVEIN)wm->inner);
    case WIDM_STOP:
        return waveInStop((HWAVEIN)wm->inner);
    case WIDM_RESET:
        return waveInReset((HWAVEIN)wm->inner);
    case WIDM_GETPOS:
        return pacm_wmap_position(wm, (LPMMTIME)p1, p2);
    case WIDM_MAPPER_STATUS:
        return pacm_wmap_status(wm, p1, p2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
