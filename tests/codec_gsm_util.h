/*
 * codec_gsm_util.h - what the GSM 6.10 driver tests (test_codec_gsm.c, test_codec_gsm_decoder.c)
 * share: the formats, opening the driver, converting a buffer in pieces.
 */
#ifndef PORTACM_TEST_CODEC_GSM_UTIL_H
#define PORTACM_TEST_CODEC_GSM_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "gsm/gsm_int.h"
#include "ts_codec.h"
#include "ts_formats.h"

#define PCM_BLOCK 640 /* bytes of 16-bit PCM per GSM block */
#define GSM_BLOCK 65

static inline void make_gsm(GSM610WAVEFORMAT *f, DWORD rate)
{
    memset(f, 0, sizeof *f);
    f->wfx.wFormatTag = WAVE_FORMAT_GSM610;
    f->wfx.nChannels = 1;
    f->wfx.nSamplesPerSec = rate;
    f->wfx.nAvgBytesPerSec = (DWORD)((unsigned long long)rate * 65 / 320);
    f->wfx.nBlockAlign = 65;
    f->wfx.wBitsPerSample = 0;
    f->wfx.cbSize = 2;
    f->wSamplesPerBlock = 320;
}

/* Opens the driver and builds the 8 kHz PCM and GSM formats most tests use. */
static inline HDRVR open_8k(WAVEFORMATEX *pcm, GSM610WAVEFORMAT *gsm)
{
    ts_pcm_format(pcm, 1, 8000, 16);
    make_gsm(gsm, 8000);
    return ts_open(pacm_gsm_driver_proc);
}

/* ---- driving a stream ------------------------------------------------------------------------ */

/* Converts `src` in calls of at most `piece` bytes (0 = one call) with `flags` on every call
 * except the last, which gets `last_flags`; the destination of each call is what SIZE(SOURCE)
 * says. Returns the output (malloc'd). */
static inline BYTE *convert_pieces(HDRVR h, ACMDRVSTREAMINSTANCE *si, const BYTE *src, DWORD length, DWORD piece,
                            DWORD flags, DWORD last_flags, size_t *out_length)
{
    size_t capacity = (size_t)length * 11 + 4096, produced = 0;
    BYTE *out = malloc(capacity);
    assert_non_null(out);
    DWORD offset = 0;
    int stalls = 0;
    while (offset < length && stalls < 2) {
        DWORD n = length - offset;
        if (piece && n > piece)
            n = piece;
        DWORD f = offset + n == length ? last_flags : flags;
        DWORD room = 0;
        if (ts_stream_size(h, si, ACM_STREAMSIZEF_SOURCE, n, &room) != MMSYSERR_NOERROR)
            room = 0;
        assert_true(produced + room <= capacity);
        DWORD used = 0, written = 0;
        assert_int_equal(ts_convert(h, si, f, src + offset, n, &used, out + produced, room, &written),
                         MMSYSERR_NOERROR);
        assert_true(used <= n && written <= room);
        offset += used;
        produced += written;
        if (used == 0) {
            /* what is left is less than a block: give it the next piece */
            if (piece && offset + piece < length)
                piece += piece;
            else
                stalls++;
        }
    }
    *out_length = produced;
    return out;
}
#endif
