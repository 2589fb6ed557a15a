/*
 * wave_mapper_formats.c - the wave mapper's search for a device and a format (Windows'
 * msacm32.drv order, docs/wave-mapper.md "Search order"):
 *
 *   1. every candidate device with the client's own format (WAVE_FORMAT_DIRECT);
 *   unless the client gave WAVE_FORMAT_DIRECT:
 *   2. every candidate with the client's rate: its channel count at 16 then 8 bits, then (PCM
 *      clients and recording only) the other channel count at 16 then 8 bits;
 *   3. (PCM clients and recording only) every candidate at 96000, 48000, 44100, 22050 and
 *      11025 Hz: 16 bits with the client's channel count, then the other count, then the same
 *      at 8 bits.
 *
 * Each conversion try opens an ACM stream (client -> PCM for output, PCM -> client for input;
 * ACM_STREAMOPENF_QUERY under WAVE_FORMAT_QUERY), then the device with WAVE_FORMAT_DIRECT.
 * WAVERR_BADFORMAT (and ACMERR_NOTPOSSIBLE, reported as WAVERR_BADFORMAT) moves on to the
 * next try; any other error ends the search with that error.
 */
#include <string.h>

#include "devices_int.h"
#include "wave_mapper_impl_int.h"

enum { SEARCH_MAX_TRIES = 24 };

static const DWORD search_rates[] = {96000, 48000, 44100, 22050, 11025};

typedef struct search_ctx {
    pacm_wmap *wm;
    WAVEFORMATEX *client;
    DWORD open_flags; /* what the device is opened with */
    DRVCALLBACK *cb;
    bool query;
} search_ctx;

/* The channel count tried after the client's own: mono <-> stereo, and stereo for more. */
static WORD search_other_channels(WORD channels)
{
    return channels == 2 ? 1 : 2;
}

/* The PCM formats of phase `phase` (1 or 2) for this client, in order; returns how many. */
static int search_targets(int phase, const WAVEFORMATEX *client, bool input, WAVEFORMATEX *out)
{
    bool pcm_order = input || client->wFormatTag == WAVE_FORMAT_PCM;
    WORD chans[2] = {client->nChannels, search_other_channels(client->nChannels)};
    int n = 0;

    if (phase == 1) {
        for (int c = 0; c < (pcm_order ? 2 : 1); c++) {
            pacm_wmap_pcm_format(&out[n++], client->nSamplesPerSec, chans[c], 16);
            pacm_wmap_pcm_format(&out[n++], client->nSamplesPerSec, chans[c], 8);
        }
        return n;
    }
    if (!pcm_order)
        return 0;
    for (WORD bits = 16; bits >= 8; bits -= 8)
        for (int c = 0; c < 2; c++)
            for (size_t r = 0; r < sizeof search_rates / sizeof search_rates[0]; r++)
                pacm_wmap_pcm_format(&out[n++], search_rates[r], chans[c], bits);
    return n;
}

/* Opens (or queries) device `dev` through the public API. */
static DWORD search_open_device(search_ctx *s, UINT dev, WAVEFORMATEX *fmt, HWAVE *h)
{
    if (s->wm->input)
        return waveInOpen(s->query ? NULL : (LPHWAVEIN)h, dev, fmt, (DWORD_PTR)s->cb, (DWORD_PTR)s->wm,
                          s->open_flags);
    return waveOutOpen(s->query ? NULL : (LPHWAVEOUT)h, dev, fmt, (DWORD_PTR)s->cb, (DWORD_PTR)s->wm,
                       s->open_flags);
}

/* One try: device `dev` with PCM `target`, or the client's format when target is NULL.
 * NOERROR, WAVERR_BADFORMAT (go on) or another error (stop). */
static DWORD search_try(search_ctx *s, UINT dev, WAVEFORMATEX *target)
{
    HACMSTREAM has = NULL;
    HWAVE h = NULL;
    DWORD r;

    if (target != NULL) {
        WAVEFORMATEX *src = s->wm->input ? target : s->client;
        WAVEFORMATEX *dst = s->wm->input ? s->client : target;
        r = acmStreamOpen(s->query ? NULL : &has, NULL, src, dst, NULL, 0, 0,
                          s->query ? ACM_STREAMOPENF_QUERY : 0);
        if (r == ACMERR_NOTPOSSIBLE)
            return WAVERR_BADFORMAT;
        if (r != MMSYSERR_NOERROR)
            return r;
    }
    r = search_open_device(s, dev, target != NULL ? target : s->client, &h);
    if (r != MMSYSERR_NOERROR) {
        if (has != NULL)
            acmStreamClose(has, 0);
        return r;
    }
    if (!s->query) {
        s->wm->inner = h;
        s->wm->device = dev;
        s->wm->stream = has;
        if (target != NULL)
            s->wm->inner_fmt = *target;
        else
            memcpy(&s->wm->inner_fmt, s->client, sizeof(PCMWAVEFORMAT));
    }
    return MMSYSERR_NOERROR;
}

/* Runs one phase over the candidate devices [first, last). */
static DWORD search_phase(search_ctx *s, int phase, UINT first, UINT last)
{
    WAVEFORMATEX targets[SEARCH_MAX_TRIES];
    int n = phase == 0 ? 1 : search_targets(phase, s->client, s->wm->input, targets);

    for (UINT dev = first; dev < last; dev++) {
        for (int i = 0; i < n; i++) {
            DWORD r = search_try(s, dev, phase == 0 ? NULL : &targets[i]);
            if (r != WAVERR_BADFORMAT)
                return r;
        }
    }
    return WAVERR_BADFORMAT;
}

DWORD pacm_wmap_search(pacm_wmap *wm, const WAVEOPENDESC *desc, DWORD flags, DRVCALLBACK *cb)
{
    pacm_dev_class cls = wm->input ? PACM_DEV_WAVEIN : PACM_DEV_WAVEOUT;
    UINT count = pacm_dev_count(cls);
    UINT first = 0, last = count;
    search_ctx s;

    if (flags & WAVE_MAPPED) {
        if (desc->uMappedDeviceID >= count)
            return MMSYSERR_INVALPARAM;
        first = desc->uMappedDeviceID;
        last = first + 1;
    } else if (count == 0) {
        return MMSYSERR_BADDEVICEID;
    }
    s.wm = wm;
    s.client = wm->client_fmt;
    s.cb = cb;
    s.query = (flags & WAVE_FORMAT_QUERY) != 0;
    s.open_flags = (flags & ~(CALLBACK_TYPEMASK | WAVE_MAPPED | WAVE_MAPPED_DEFAULT_COMMUNICATION_DEVICE)) |
                   CALLBACK_FUNCTION | WAVE_FORMAT_DIRECT;
    for (int phase = 0; phase < 3; phase++) {
        DWORD r = search_phase(&s, phase, first, last);
        if (r != WAVERR_BADFORMAT || (flags & WAVE_FORMAT_DIRECT))
            return r;
    }
    return WAVERR_BADFORMAT;
}
