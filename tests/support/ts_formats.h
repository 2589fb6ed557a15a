/*
 * ts_formats.h - the test suite's one PCM format builder and its friends, so no test spells
 * out the derived fields (block align, bytes per second) by hand and gets them inconsistent by
 * accident; and the rows of Windows' PCM converter output that two tests replay.
 */
#ifndef PORTACM_TS_FORMATS_H
#define PORTACM_TS_FORMATS_H

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"

/* Clears *wfx and makes it integer PCM (cbSize 0) with the derived fields consistent. */
void ts_pcm_format(WAVEFORMATEX *wfx, WORD channels, DWORD rate, WORD bits);
/* PCM's layout under another tag (G.711 laws, the test drivers' private tags): block align
 * channels * bits / 8, bytes per second rate * block align, cbSize 0. */
void ts_linear_format(WAVEFORMATEX *wfx, WORD tag, WORD channels, DWORD rate, WORD bits);

/* One format of a row of tests/vectors/pcm/pcm_converter_native.inc: the fields as Windows'
 * conformance run gave them, not derived. */
typedef struct ts_native_format {
    WORD channels;
    DWORD rate, avg;
    WORD align, bits;
} ts_native_format;

/* One conversion of that file: formats, cbDstLengthUsed and the output bytes. */
typedef struct ts_native_row {
    ts_native_format src, dst;
    DWORD dst_used;
    BYTE out[256];
} ts_native_row;

/* Clears *wfx and makes it the PCM format `f` (its avg and align taken as they are). */
void ts_native_pcm(WAVEFORMATEX *wfx, const ts_native_format *f);

#endif
