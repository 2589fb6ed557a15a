/*
 * mmreg.h - wave format tags and structures (byte-packed, as on Windows).
 * (Minimal first version; the full header follows.)
 */
#ifndef PORTACM_MMREG_H
#define PORTACM_MMREG_H

#include "windef.h"

#pragma pack(push, 1)

#ifndef _WAVEFORMATEX_
#define _WAVEFORMATEX_
typedef struct tWAVEFORMATEX {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
    WORD wBitsPerSample;
    WORD cbSize;
} WAVEFORMATEX, *PWAVEFORMATEX, *NPWAVEFORMATEX, *LPWAVEFORMATEX;
typedef const WAVEFORMATEX *LPCWAVEFORMATEX;
#endif

#define WAVE_FORMAT_PCM 1

#pragma pack(pop)

#endif /* PORTACM_MMREG_H */
