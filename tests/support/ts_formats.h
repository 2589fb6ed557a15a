/*
 * ts_formats.h - the test suite's one PCM format builder, so no test spells out the derived
 * fields (block align, bytes per second) by hand and gets them inconsistent by accident.
 */
#ifndef PORTACM_TS_FORMATS_H
#define PORTACM_TS_FORMATS_H

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"

/* Clears *wfx and makes it integer PCM (cbSize 0) with the derived fields consistent. */
void ts_pcm_format(WAVEFORMATEX *wfx, WORD channels, DWORD rate, WORD bits);
/* The same, returned by value, for initialisers. */
WAVEFORMATEX ts_pcm(WORD channels, DWORD rate, WORD bits);

#endif
