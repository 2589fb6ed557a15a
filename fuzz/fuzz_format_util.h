/*
 * fuzz_format_util.h - building format structures from fuzz input the way an application
 * hands them to the ACM: WAVEFORMATEX's 18 bytes from the input, then exactly cbSize bytes
 * of extra data (from the input, zero-filled when the input runs short). The allocation is
 * exact, so AddressSanitizer reports any read past what the caller promised (18 + cbSize;
 * 16 for WAVE_FORMAT_PCM, whose cbSize the ACM must not read).
 */
#ifndef PORTACM_FUZZ_FORMAT_UTIL_H
#define PORTACM_FUZZ_FORMAT_UTIL_H

#include <stdlib.h>

#include "fuzz_util.h"
#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"

/* Points the library at no drivers file and no priority file, so the fuzz results do not
 * depend on the machine's configuration. */
static inline void fuzz_isolate_environment(void)
{
    setenv("PORTACM_DRIVERS", "/nonexistent/portacm-fuzz/drivers.ini", 1);
    setenv("XDG_CONFIG_HOME", "/nonexistent/portacm-fuzz", 1);
}

/* A newly allocated format read from the cursor (free() it); NULL when out of memory. A PCM
 * format is allocated with 16 bytes only when `pcm_short` is set, as PCMWAVEFORMAT callers do. */
static inline WAVEFORMATEX *fuzz_format(fuzz_cursor *c, int pcm_short)
{
    BYTE head[18];
    memset(head, 0, sizeof head);
    fuzz_bytes(c, head, sizeof head);
    WORD tag = (WORD)(head[0] | head[1] << 8);
    WORD extra = (WORD)(head[16] | head[17] << 8);
    size_t total = (tag == WAVE_FORMAT_PCM && pcm_short) ? 16 : 18 + (size_t)extra;
    BYTE *format = calloc(1, total);
    if (!format)
        return NULL;
    memcpy(format, head, total < 18 ? total : 18);
    if (total > 18)
        fuzz_bytes(c, format + 18, total - 18);
    return (WAVEFORMATEX *)format;
}

/* The size of the buffer fuzz_format allocated. */
static inline size_t fuzz_format_size(const WAVEFORMATEX *format, int pcm_short)
{
    return (format->wFormatTag == WAVE_FORMAT_PCM && pcm_short) ? 16 : 18 + (size_t)format->cbSize;
}

/* A stream header over src[0..src_length) and dst[0..dst_length), ready to prepare. */
static inline void fuzz_stream_header(ACMSTREAMHEADER *h, BYTE *src, DWORD src_length, BYTE *dst, DWORD dst_length)
{
    memset(h, 0, sizeof *h);
    h->cbStruct = sizeof *h;
    h->pbSrc = src;
    h->cbSrcLength = src_length;
    h->pbDst = dst;
    h->cbDstLength = dst_length;
}

#endif /* PORTACM_FUZZ_FORMAT_UTIL_H */
