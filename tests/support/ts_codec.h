/*
 * ts_codec.h - helpers shared by the codec driver tests: open a built-in ACM driver
 * through the driver runtime (pacm_drv_open_proc + SendDriverMessage, the path the ACM core
 * uses) and drive its stream messages without the ACM API.
 */
#ifndef PORTACM_TS_CODEC_H
#define PORTACM_TS_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"
#include "msacmdrv.h"

/* Opens an instance of `proc` with an 'audc' open description; asserts success. */
HDRVR ts_open(DRIVERPROC proc);
void ts_close(HDRVR h);

/* ACMDM_STREAM_OPEN with the given formats and fdwOpen; *si is initialised here. */
MMRESULT ts_stream_open(HDRVR h, ACMDRVSTREAMINSTANCE *si, const WAVEFORMATEX *src, const WAVEFORMATEX *dst,
                        DWORD fdw_open);
MMRESULT ts_stream_close(HDRVR h, ACMDRVSTREAMINSTANCE *si);
MMRESULT ts_stream_size(HDRVR h, ACMDRVSTREAMINSTANCE *si, DWORD flags, DWORD in, DWORD *out);
/* ACMDM_STREAM_CONVERT; the used lengths are returned through the pointers (may be NULL). */
MMRESULT ts_convert(HDRVR h, ACMDRVSTREAMINSTANCE *si, DWORD flags, const void *src, DWORD src_length,
                    DWORD *src_used, void *dst, DWORD dst_length, DWORD *dst_used);

/* Converts a whole buffer by calling convert with pieces of at most `piece` source bytes
 * (0 = one call), the last with END (and the first with START when `start`), appending the
 * output to *out (malloc'd; *out_length bytes). Each call gets `dst_room` destination bytes
 * (0 = what ACM_STREAMSIZEF_SOURCE says for the piece). Fails the test on an error. After
 * the input is consumed it keeps calling with END and no input while output keeps coming. */
void ts_convert_pieces(HDRVR h, ACMDRVSTREAMINSTANCE *si, const BYTE *src, DWORD src_length, DWORD piece,
                    DWORD extra_flags, BYTE **out, size_t *out_length);

/* ACMDM_DRIVER_DETAILS into *dd (cleared, cbStruct set); asserts success. */
void ts_driver_details(HDRVR h, ACMDRIVERDETAILSW *dd);

/* Deterministic pseudo-random numbers (xorshift) for test signals. */
uint32_t ts_random(uint32_t *state);

/* ACMDM_FORMAT_DETAILS: format `index` of `tag` (ACM_FORMATDETAILSF_INDEX) written into
 * `buffer`, or the format already in `buffer` (ACM_FORMATDETAILSF_FORMAT); fd receives the
 * answer (szFormat). */
MMRESULT ts_format_details(HDRVR h, ACMFORMATDETAILSW *fd, DWORD tag, DWORD index, void *buffer, DWORD size,
                           DWORD flags);

/* The ADPCM encoders' end of stream (Windows' IMA ADPCM encoder's rule): PCM `pcm` encoded
 * to `coded` (spb frames per block) converts whole blocks only, with and without BLOCKALIGN
 * and END: 3 blocks and a third give cbSrcLengthUsed = the 3 blocks' bytes and 3 blocks of
 * output (no short block), SIZE(SOURCE) says 3 blocks, the leftover alone with END converts
 * nothing, and resubmitting it with the rest of its block continues the stream exactly as one
 * call over the 4 blocks (nothing was kept inside the driver). Streams open with `fdw_open`.
 * Fails the test otherwise. */
void ts_check_encoder_whole_blocks(DRIVERPROC proc, const WAVEFORMATEX *pcm, const WAVEFORMATEX *coded, size_t spb,
                                   DWORD fdw_open);

#endif
