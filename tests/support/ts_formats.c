/*
 * ts_formats.c - the PCM format builder (see ts_formats.h).
 */
#include <string.h>

#include "ts_formats.h"

void ts_pcm_format(WAVEFORMATEX *wfx, WORD channels, DWORD rate, WORD bits)
{
    memset(wfx, 0, sizeof *wfx);
    wfx->wFormatTag = WAVE_FORMAT_PCM;
    wfx->nChannels = channels;
    wfx->nSamplesPerSec = rate;
    wfx->wBitsPerSample = bits;
    wfx->nBlockAlign = (WORD)(channels * bits / 8);
    wfx->nAvgBytesPerSec = rate * wfx->nBlockAlign;
}

WAVEFORMATEX ts_pcm(WORD channels, DWORD rate, WORD bits)
{
    WAVEFORMATEX wfx;
    ts_pcm_format(&wfx, channels, rate, bits);
    return wfx;
}
