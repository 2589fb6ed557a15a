/*
 * wave_mapper.c - the wave mapper as a device driver (Windows' msacm32.drv): installation, the
 * wodMessage/widMessage entry points, the messages answered without an open instance (caps,
 * DRVM_*), opening an instance, and the helpers the output and input halves share.
 */
#include <string.h>

#include "common_int.h"
#include "devices_int.h"
#include "wave_mapper_impl_int.h"
#include "wave_mapper_int.h"

/* The name Windows gives its mapper. */
static const char wmap_name[] = "Microsoft Sound Mapper";

/* A mapper installed before (a test's stand-in) is kept. */
void pacm_wave_mapper_install(void)
{
    if (!pacm_dev_has_mapper(PACM_DEV_WAVEOUT))
        pacm_dev_set_mapper(PACM_DEV_WAVEOUT, pacm_wave_mapper_wod_message);
    if (!pacm_dev_has_mapper(PACM_DEV_WAVEIN))
        pacm_dev_set_mapper(PACM_DEV_WAVEIN, pacm_wave_mapper_wid_message);
}

WAVEFORMATEX *pacm_wmap_copy_format(const WAVEFORMATEX *fmt)
{
    size_t size = fmt->wFormatTag == WAVE_FORMAT_PCM ? sizeof(WAVEFORMATEX) : sizeof(WAVEFORMATEX) + fmt->cbSize;
    WAVEFORMATEX *copy = pacm_mem_calloc(1, size);

    if (copy == NULL)
        return NULL;
    if (fmt->wFormatTag == WAVE_FORMAT_PCM) {
        memcpy(copy, fmt, sizeof(PCMWAVEFORMAT));
        copy->cbSize = 0;
    } else {
        memcpy(copy, fmt, size);
    }
    return copy;
}

void pacm_wmap_pcm_format(WAVEFORMATEX *f, DWORD rate, WORD channels, WORD bits)
{
    f->wFormatTag = WAVE_FORMAT_PCM;
    f->nChannels = channels;
    f->nSamplesPerSec = rate;
    f->wBitsPerSample = bits;
    f->nBlockAlign = (WORD)(channels * bits / 8);
    f->nAvgBytesPerSec = rate * f->nBlockAlign;
    f->cbSize = 0;
}

void pacm_wmap_notify(const pacm_wmap *wm, UINT msg, DWORD_PTR p1)
{
    DriverCallback(wm->callback, wm->dcb_flags, (HDRVR)wm->client_handle, msg, wm->instance, p1, 0);
}

pacm_wmap_block *pacm_wmap_find_block(pacm_wmap *wm, const WAVEHDR *hdr)
{
    pacm_wmap_block *blk;

    pthread_mutex_lock(&wm->lock);
    for (blk = wm->blocks; blk != NULL; blk = blk->next)
        if (blk->client == hdr)
            break;
    pthread_mutex_unlock(&wm->lock);
    return blk;
}

void pacm_wmap_free_block(pacm_wmap *wm, pacm_wmap_block *blk)
{
    pthread_mutex_lock(&wm->lock);
    for (pacm_wmap_block **p = &wm->blocks; *p != NULL; p = &(*p)->next) {
        if (*p == blk) {
            *p = blk->next;
            break;
        }
    }
    if (wm->stream != NULL && (blk->ash.fdwStatus & ACMSTREAMHEADER_STATUSF_PREPARED)) {
        /* Restore what was prepared: acmStreamUnprepareHeader checks the lengths. */
        blk->ash.cbSrcLength = blk->ash.dwSrcUser;
        blk->ash.cbDstLength = (DWORD)blk->ash.dwDstUser;
        acmStreamUnprepareHeader(wm->stream, &blk->ash, 0);
    }
    pthread_mutex_unlock(&wm->lock);
    pacm_mem_free(blk->buffer);
    pacm_mem_free(blk);
}

void pacm_wmap_destroy(pacm_wmap *wm)
{
    while (wm->blocks != NULL)
        pacm_wmap_free_block(wm, wm->blocks);
    if (wm->stream != NULL)
        acmStreamClose(wm->stream, 0);
    pthread_mutex_destroy(&wm->lock);
    pacm_mem_free(wm->client_fmt);
    pacm_mem_free(wm);
}

MMRESULT pacm_wmap_convert(pacm_wmap *wm, pacm_wmap_block *blk)
{
    MMRESULT r;

    /* Windows' mapper converts every buffer with no flags, the first one too. */
    pthread_mutex_lock(&wm->lock);
    r = acmStreamConvert(wm->stream, &blk->ash, 0);
    pthread_mutex_unlock(&wm->lock);
    return r;
}

void pacm_wmap_scale_position(const pacm_wmap *wm, MMTIME *t)
{
    const WAVEFORMATEX *in = &wm->inner_fmt, *cl = wm->client_fmt;
    uint64_t frames;

    if (wm->stream == NULL || in->nSamplesPerSec == 0 || in->nBlockAlign == 0)
        return;
    if (t->wType == TIME_SAMPLES) {
        t->u.sample = (DWORD)((uint64_t)t->u.sample * cl->nSamplesPerSec / in->nSamplesPerSec);
    } else if (t->wType == TIME_BYTES) {
        /* Inner frames back to client frames, rounded up to whole client frames when the
         * device runs faster than the client (a partly played client frame counts). */
        uint64_t up = in->nSamplesPerSec > cl->nSamplesPerSec ? in->nSamplesPerSec - 1 : 0;
        frames = (uint64_t)t->u.cb / in->nBlockAlign;
        frames = (frames * cl->nSamplesPerSec + up) / in->nSamplesPerSec;
        if (cl->wFormatTag == WAVE_FORMAT_PCM)
            t->u.cb = (DWORD)(frames * cl->nBlockAlign);
        else if (cl->nSamplesPerSec != 0)
            t->u.cb = (DWORD)(frames * cl->nAvgBytesPerSec / cl->nSamplesPerSec);
    }
}

/* The mapper's own caps (no open instance). */
static DWORD wmap_caps(bool input, DWORD_PTR p1, DWORD_PTR p2)
{
    WAVEOUTCAPSW caps;
    size_t size = input ? sizeof(WAVEINCAPSW) : sizeof(WAVEOUTCAPSW);

    if (pacm_dev_count(input ? PACM_DEV_WAVEIN : PACM_DEV_WAVEOUT) == 0)
        return MMSYSERR_BADDEVICEID;
    if (p1 == 0)
        return MMSYSERR_INVALPARAM;
    memset(&caps, 0, sizeof caps);
    caps.wMid = MM_MICROSOFT;
    caps.wPid = MM_WAVE_MAPPER;
    caps.vDriverVersion = 0x0001;
    for (size_t i = 0; i + 1 < MAXPNAMELEN && wmap_name[i] != '\0'; i++)
        caps.szPname[i] = (WCHAR)wmap_name[i];
    caps.dwFormats = 0xFFFFFFFF;
    caps.wChannels = 2;
    caps.dwSupport = WAVECAPS_VOLUME | WAVECAPS_LRVOLUME | WAVECAPS_SAMPLEACCURATE;
    /* WAVEINCAPSW is WAVEOUTCAPSW without dwSupport: the same leading layout. */
    memcpy((void *)p1, &caps, p2 < size ? (size_t)p2 : size);
    return MMSYSERR_NOERROR;
}

/* DRVM_MAPPER_PREFERRED_GET: device 0 (the default device), or -1 when there is none. */
static DWORD wmap_preferred(bool input, DWORD_PTR p1, DWORD_PTR p2)
{
    if (p1 == 0 || p2 == 0)
        return MMSYSERR_INVALPARAM;
    *(DWORD *)p1 = pacm_dev_count(input ? PACM_DEV_WAVEIN : PACM_DEV_WAVEOUT) ? 0 : (DWORD)-1;
    *(DWORD *)p2 = 0;
    return MMSYSERR_NOERROR;
}

/* Messages that need no open instance; NOTSUPPORTED + 1 means "not one of these". */
#define WMAP_NOT_HANDLED ((DWORD)0xFFFFFFFF)
static DWORD wmap_driver_message(bool input, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
    case DRVM_ENABLE:
    case DRVM_DISABLE:
    case DRVM_MAPPER_RECONFIGURE:
        return MMSYSERR_NOERROR;
    case WODM_GETNUMDEVS:
    case WIDM_GETNUMDEVS:
        return 1;
    case DRVM_MAPPER_PREFERRED_GET:
        return wmap_preferred(input, p1, p2);
    case WODM_OPEN:
    case WIDM_OPEN:
        if ((msg == WIDM_OPEN) != input)
            return MMSYSERR_NOTSUPPORTED;
        if (p1 == 0)
            return MMSYSERR_INVALPARAM;
        return pacm_wmap_open(input, user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    case WODM_GETDEVCAPS:
    case WIDM_GETDEVCAPS:
        if ((msg == WIDM_GETDEVCAPS) != input)
            return MMSYSERR_NOTSUPPORTED;
        if (user != 0) /* bound: the real device's caps */
            return input ? waveInGetDevCapsW((UINT_PTR)((pacm_wmap *)user)->inner, (LPWAVEINCAPSW)p1, (UINT)p2)
                         : waveOutGetDevCapsW((UINT_PTR)((pacm_wmap *)user)->inner, (LPWAVEOUTCAPSW)p1, (UINT)p2);
        return wmap_caps(input, p1, p2);
    default:
        return WMAP_NOT_HANDLED;
    }
}

DWORD CALLBACK pacm_wave_mapper_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD r = wmap_driver_message(false, msg, user, p1, p2);

    (void)dev;
    if (r != WMAP_NOT_HANDLED)
        return r;
    if (user == 0) {
        /* Volume of the mapper itself: the default device's. */
        if (msg == WODM_GETVOLUME)
            return waveOutGetVolume((HWAVEOUT)(UINT_PTR)0, (LPDWORD)p1);
        if (msg == WODM_SETVOLUME)
            return waveOutSetVolume((HWAVEOUT)(UINT_PTR)0, (DWORD)p1);
        return MMSYSERR_NOTSUPPORTED;
    }
    return pacm_wmap_out_message((pacm_wmap *)user, msg, user, p1, p2);
}

DWORD CALLBACK pacm_wave_mapper_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD r = wmap_driver_message(true, msg, user, p1, p2);

    (void)dev;
    if (r != WMAP_NOT_HANDLED)
        return r;
    if (user == 0)
        return MMSYSERR_NOTSUPPORTED;
    return pacm_wmap_in_message((pacm_wmap *)user, msg, user, p1, p2);
}

DWORD pacm_wmap_open(bool input, DWORD_PTR user, const WAVEOPENDESC *desc, DWORD flags)
{
    pacm_wmap *wm;
    DWORD r;

    if (desc->lpFormat == NULL)
        return MMSYSERR_INVALPARAM;
    wm = pacm_mem_calloc(1, sizeof *wm);
    if (wm == NULL)
        return MMSYSERR_NOMEM;
    wm->input = input;
    wm->client_fmt = pacm_wmap_copy_format(desc->lpFormat);
    if (wm->client_fmt == NULL) {
        pacm_mem_free(wm);
        return MMSYSERR_NOMEM;
    }
    pthread_mutex_init(&wm->lock, NULL);
    wm->client_handle = desc->hWave;
    wm->callback = desc->dwCallback;
    wm->instance = desc->dwInstance;
    wm->dcb_flags = HIWORD(flags & CALLBACK_TYPEMASK);
    r = pacm_wmap_search(wm, desc, flags, input ? pacm_wmap_in_inner_callback : pacm_wmap_out_inner_callback);
    if (r != MMSYSERR_NOERROR || (flags & WAVE_FORMAT_QUERY)) {
        pacm_wmap_destroy(wm);
        return r;
    }
    if (user != 0)
        *(DWORD_PTR *)user = (DWORD_PTR)wm;
    pacm_wmap_notify(wm, input ? WIM_OPEN : WOM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

/* WODM_MAPPER_STATUS / WIDM_MAPPER_STATUS: the device, whether a conversion runs, the format
 * the device was opened with. */
DWORD pacm_wmap_status(pacm_wmap *wm, DWORD_PTR what, DWORD_PTR out)
{
    if (out == 0)
        return MMSYSERR_INVALPARAM;
    switch (what) {
    case WAVEOUT_MAPPER_STATUS_DEVICE:
        *(DWORD *)out = wm->device;
        return MMSYSERR_NOERROR;
    case WAVEOUT_MAPPER_STATUS_MAPPED:
        *(DWORD *)out = wm->stream != NULL;
        return MMSYSERR_NOERROR;
    case WAVEOUT_MAPPER_STATUS_FORMAT:
        memcpy((void *)out, &wm->inner_fmt, sizeof(WAVEFORMATEX));
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_INVALPARAM;
    }
}
