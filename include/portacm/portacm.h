/*
 * portacm.h - portacm's own definitions: version, the export macro, and the Linux extensions
 * that have no Windows counterpart. Every other public header includes this one first.
 *
 * portacm implements the Windows multimedia installable-driver model and the Audio Compression
 * Manager on POSIX systems. Sources written for Windows include <windows.h>, <mmsystem.h>,
 * <mmreg.h>, <msacm.h>, <msacmdrv.h> and <mmddk.h> from the folder this header lives in
 * (pkg-config adds it to the include path) and compile unchanged.
 */
#ifndef PORTACM_PORTACM_H
#define PORTACM_PORTACM_H

#include <stdint.h>

#define PORTACM_VERSION_MAJOR 0
#define PORTACM_VERSION_MINOR 1
#define PORTACM_VERSION_PATCH 0
#define PORTACM_VERSION_STRING "0.1.0"

/* PORTACM_API marks every exported function. The library is built with hidden visibility, so
 * anything without this macro stays private to libportacm. */
#if defined(PORTACM_STATIC)
#define PORTACM_API
#elif defined(__GNUC__) || defined(__clang__)
#define PORTACM_API __attribute__((visibility("default")))
#else
#define PORTACM_API
#endif

#ifdef __cplusplus
#define PORTACM_EXTERN_C_BEGIN extern "C" {
#define PORTACM_EXTERN_C_END }
#else
#define PORTACM_EXTERN_C_BEGIN
#define PORTACM_EXTERN_C_END
#endif

PORTACM_EXTERN_C_BEGIN

/* The library's version as a string, for example "0.1.0". */
PORTACM_API const char *portacm_version(void);

/* The WAVEFORMATEXTENSIBLE dwChannelMask portacm assumes for `channels` channels when a format
 * names no layout (plain WAVEFORMATEX with more than 2 channels, or a mask of 0): 1 FC; 2 FL FR;
 * 3 FL FR FC; 4 FL FR BL BR; 5 FL FR FC SL SR; 6 FL FR FC LFE BL BR; 7 FL FR FC BL BR SL SR;
 * 8 FL FR FC LFE BL BR SL SR (the KSAUDIO_SPEAKER_* layouts; 8 is 7POINT1_SURROUND). 0 for 0
 * or more than 8 channels. The PCM converter mixes and the portacm tool writes with this one
 * table. portacm extension. */
PORTACM_API uint32_t portacm_default_channel_mask(uint16_t channels);

PORTACM_EXTERN_C_END

#endif /* PORTACM_PORTACM_H */
