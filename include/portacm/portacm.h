/*
 * portacm.h - portacm's own definitions: version, the export macro, and the Linux extensions
 * that have no Windows counterpart. Every other public header includes this one first.
 * Extensions that use only C types are declared here; those whose parameters are Windows types
 * (MMRESULT, HMMIO, HANDLE...) are declared next to those types and listed here (see "Linux
 * extensions" below).
 *
 * portacm implements the Windows multimedia installable-driver model and the Audio Compression
 * Manager on POSIX systems. Sources written for Windows include <windows.h>, <mmsystem.h>,
 * <mmreg.h>, <msacm.h>, <msacmdrv.h> and <mmddk.h> from the folder this header lives in
 * (pkg-config adds it to the include path) and compile unchanged.
 */
#ifndef PORTACM_PORTACM_H
#define PORTACM_PORTACM_H

#include <stddef.h>
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

/* portacm_version - the library's version as a string, for example "0.1.0": the
 * PORTACM_VERSION_STRING the library was built with (compare it with the header's to detect a
 * mismatch). Never NULL; a static string, not to be freed. Thread-safe. */
PORTACM_API const char *portacm_version(void);

/* ======================================================================================== */
/* Linux extensions: what portacm adds to the Windows API                                   */
/* ======================================================================================== */
/*
 * None of these exists on Windows; code that must also build there keeps them behind #ifdef.
 * Each is documented above its declaration. Those below need no Windows type and are declared
 * here. The others take Windows types that are defined only after this header (every Windows
 * header includes it first), so they are declared in the header that defines those types, which
 * keeps each Windows header self-contained and Windows sources compiling unchanged:
 *
 *   mmsystem.h  portacm_mmresult_string      the text of an MMRESULT
 *   mmiscapi.h  portacm_driver_register      an in-process driver module under a name
 *   mmiscapi.h  portacm_driver_unregister    removes that name
 *   mmiscapi.h  portacm_mmio_seek64          mmioSeek with 64-bit offsets (files beyond 2 GiB)
 *   mmiscapi.h  portacm_mmio_size64          a file's 64-bit size
 *   winbase.h   portacm_event_fd             a pollable descriptor for an event
 *   winbase.h   portacm_set_debug_output     where OutputDebugString sends its text
 *   msacm.h     PORTACM_ACMSTREAMHEADER_RESERVED_DWORDS  the size of ACMSTREAMHEADER's driver area
 *
 * A program that includes <windows.h> and <mmsystem.h> (which includes mmiscapi.h) sees all of
 * them but the last, which comes with <msacm.h>.
 */

/* portacm_thread_queue_fd - a file descriptor that polls readable while the calling thread's
 * message queue (winuser.h) holds a posted message, a sent message or a pending WM_QUIT, for
 * event loops (poll, epoll, GLib, libuv) that do not block in GetMessage. Creates the queue if
 * needed. After poll() reports it readable, call PeekMessage until it returns FALSE; the
 * descriptor is drained by taking the messages, never by reading it.
 * Returns the descriptor, owned by the queue: do not close, read or write it; the same value for
 * every call on the thread, valid until the thread exits. An eventfd on Linux, the read end of a
 * pipe on other POSIX systems. Returns -1 with GetLastError() ERROR_NOT_ENOUGH_MEMORY when no
 * queue or descriptor can be created. */
PORTACM_API int portacm_thread_queue_fd(void);

/* mmioDescend flag (mmiscapi.h), OR-ed into fuDescend: accept a chunk whose declared size runs
 * past the end of the file (a recording that was cut short); it is returned with its stored size
 * and reads stop at the end of the file. Without it such a chunk gives MMIOERR_CHUNKNOTFOUND. A
 * chunk running past its parent is refused either way. */
#define PORTACM_MMIO_DESCEND_TRUNCATED 0x00010000
/* The WAVEFORMATEXTENSIBLE dwChannelMask portacm assumes for `channels` channels when a format
 * names no layout (plain WAVEFORMATEX with more than 2 channels, or a mask of 0): 1 FC; 2 FL FR;
 * 3 FL FR FC; 4 FL FR BL BR; 5 FL FR FC SL SR; 6 FL FR FC LFE BL BR; 7 FL FR FC BL BR SL SR;
 * 8 FL FR FC LFE BL BR SL SR (the KSAUDIO_SPEAKER_* layouts; 8 is 7POINT1_SURROUND). 0 for 0
 * or more than 8 channels. The PCM converter mixes and the portacm tool writes with this one
 * table. portacm extension. */
PORTACM_API uint32_t portacm_default_channel_mask(uint16_t channels);

/* ---- the built-in synthesizer, offline (src/synth; docs/synth.md, "Offline rendering") ----
 * The General MIDI synthesizer behind the midiOut device "portacm GM Synth (FluidSynth)",
 * without a wave device: the caller sends MIDI and asks for samples, so the output is
 * deterministic (the same calls give the same samples) and needs no sound card. `portacm play
 * FILE.mid --to OUT.wav` renders with it. Each instance is used by one thread at a time; several
 * instances may run in parallel. portacm extension. */
typedef struct portacm_synth portacm_synth;
/* portacm_synth_open - a synthesizer at sample_rate Hz (8000..192000) with `soundfont` (a .sf2
 * or .sf3 path; NULL: the one the midiOut device uses, PORTACM_SOUNDFONT / synth.ini / the
 * standard paths). All 16 channels start at GM defaults (program 0, channel 10 drums).
 * Returns NULL when sample_rate is out of range, no SoundFont is found or it cannot be loaded,
 * or memory runs out (PORTACM_DEBUG says which). Close it with portacm_synth_close. */
PORTACM_API portacm_synth *portacm_synth_open(const char *soundfont, uint32_t sample_rate);
/* portacm_synth_short_message - a short message packed as midiOutShortMsg takes it (status in
 * the low byte, then data 1, data 2), with running status: a message whose low byte is a data
 * byte uses the last channel status. Realtime messages (0xF8-0xFF) are ignored. Applies to
 * the samples rendered after it (a note starts at FluidSynth's next 64-frame step). Returns 0,
 * or -1 for a NULL synth. */
PORTACM_API int portacm_synth_short_message(portacm_synth *synth, uint32_t message);
/* portacm_synth_long_message - `length` bytes of System Exclusive data, one or more messages
 * F0 ... F7 (GM/GS reset, master volume, tuning...; a missing F0 or F7 is supplied), as
 * midiOutLongMsg takes them. Returns 0, or -1 for a NULL synth or NULL data with length > 0. */
PORTACM_API int portacm_synth_long_message(portacm_synth *synth, const void *data, size_t length);
/* portacm_synth_reset - as midiOutReset: all sound off, sustain off and controllers reset on
 * the 16 channels (sounding notes stop at once). Returns 0, or -1 for a NULL synth. */
PORTACM_API int portacm_synth_reset(portacm_synth *synth);
/* portacm_synth_render - renders the next `frames` frames of 16-bit stereo (left, right
 * interleaved: buffer holds 2 * frames int16_t) at the open's rate. frames 0 does nothing.
 * Returns 0, or -1 for a NULL synth, NULL buffer with frames > 0, or frames over 2^28. */
PORTACM_API int portacm_synth_render(portacm_synth *synth, int16_t *buffer, size_t frames);
/* portacm_synth_close - frees the synthesizer; NULL is ignored. */
PORTACM_API void portacm_synth_close(portacm_synth *synth);

PORTACM_EXTERN_C_END

#endif /* PORTACM_PORTACM_H */
