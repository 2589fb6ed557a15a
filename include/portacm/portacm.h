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

/* ---- extensions to the ACM -------------------------------------------------------------- */

/* acmStreamOpen fdwOpen flag (portacm only; a bit Windows does not define, so Windows'
 * msacm32 refuses it with MMSYSERR_INVALFLAG): ask for quality instead of Windows' exact
 * sample accounting. The built-in PCM converter ("MS-PCM") then changes the sample rate
 * through libsoxr (a band-limited high-quality filter) instead of Windows' nearest-sample
 * resampler; the filter holds back up to its delay, so send ACM_STREAMCONVERTF_END with the
 * last buffer (and again with no source while output comes) or the tail is lost. Without this
 * flag, with or without ACM_STREAMOPENF_NONREALTIME, every call gives exactly the frames
 * Windows gives. The ACM passes the flag to the driver in ACMDRVSTREAMINSTANCE.fdwOpen;
 * every other driver ignores it. See docs/codecs.md. */
#define ACM_STREAMOPENF_PORTACM_HIGHQUALITY 0x01000000

PORTACM_EXTERN_C_BEGIN

/* The library's version as a string, for example "0.1.0". */
PORTACM_API const char *portacm_version(void);

PORTACM_EXTERN_C_END

#endif /* PORTACM_PORTACM_H */
