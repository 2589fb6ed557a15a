/*
 * ts_formats.c - the PCM format builders (see ts_formats.h).
 */
#include <string.h>

#include "ts_formats.h"

void ts_linear_format(WAVEFORMATEX *wfx, WORD tag, WORD channels, DWORD rate, WORD bits)
{
    memset(wfx, 0, sizeof *wfx);
    wfx->wFormatTag = tag;
    wfx->nChannels = channels;
    wfx->nSamplesPerSec = rate;
    wfx->wBitsPerSample = bits;
    wfx->nBlockAlign = (WORD)(channels * bits / 8);
    wfx->nAvgBytesPerSec = rate * wfx->nBlockAlign;
}

void ts_pcm_format(WAVEFORMATEX *wfx, WORD channels, DWORD rate, WORD bits)
{
    ts_linear_format(wfx, WAVE_FORMAT_PCM, channels, rate, bits);
}

void ts_native_pcm(WAVEFORMATEX *wfx, const ts_native_format *f)
{
    memset(wfx, 0, sizeof *wfx);
    wfx->wFormatTag = WAVE_FORMAT_PCM;
    wfx->nChannels = f->channels;
    wfx->nSamplesPerSec = f->rate;
    wfx->nAvgBytesPerSec = f->avg;
    wfx->nBlockAlign = f->align;
    wfx->wBitsPerSample = f->bits;
}
