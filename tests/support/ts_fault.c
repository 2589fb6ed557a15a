/*
 * ts_fault.c - the fault-injection, stress and regression helpers (see ts_fault.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common_int.h"
#include "mmddk.h"
#include "msacmdrv.h"
#include "ts_fault.h"
#include "ts_formats.h"

static size_t add_pair(ts_pair *pairs, size_t count, size_t max, const char *name, const void *src,
                       size_t src_size, const void *dst, size_t dst_size, DWORD flags)
{
    if (count >= max)
        return count;
    memset(&pairs[count], 0, sizeof pairs[count]);
    snprintf(pairs[count].name, sizeof pairs[count].name, "%s", name);
    memcpy(pairs[count].src, src, src_size);
    memcpy(pairs[count].dst, dst, dst_size);
    pairs[count].open_flags = flags;
    return count + 1;
}

static size_t format_size(const void *format)
{
    const WAVEFORMATEX *wfx = format;
    return wfx->wFormatTag == WAVE_FORMAT_PCM ? sizeof(WAVEFORMATEX) : sizeof(WAVEFORMATEX) + wfx->cbSize;
}

size_t ts_codec_pairs(ts_pair *pairs, size_t max)
{
    static const struct {
        WORD tag;
        const char *name;
    } tags[] = {{WAVE_FORMAT_IMA_ADPCM, "ima"},  {WAVE_FORMAT_ADPCM, "msadpcm"},
                {WAVE_FORMAT_MULAW, "mulaw"},    {WAVE_FORMAT_ALAW, "alaw"},
                {WAVE_FORMAT_GSM610, "gsm"},     {WAVE_FORMAT_MPEGLAYER3, "mp3"}};
    size_t count = 0;
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        BYTE coded[TS_FORMAT_ROOM];
        memset(coded, 0, sizeof coded);
        ((WAVEFORMATEX *)coded)->wFormatTag = tags[i].tag;
        if (acmFormatSuggest(NULL, &pcm, (WAVEFORMATEX *)coded, sizeof coded, ACM_FORMATSUGGESTF_WFORMATTAG) !=
            MMSYSERR_NOERROR)
            continue;
        char name[48];
        snprintf(name, sizeof name, "pcm->%s", tags[i].name);
        count = add_pair(pairs, count, max, name, &pcm, sizeof pcm, coded, format_size(coded), 0);
        snprintf(name, sizeof name, "%s->pcm", tags[i].name);
        /* Decode to the same PCM layout, so the round trip can be compared. */
        if (acmStreamOpen(NULL, NULL, (WAVEFORMATEX *)coded, &pcm, NULL, 0, 0, ACM_STREAMOPENF_QUERY) ==
            MMSYSERR_NOERROR)
            count = add_pair(pairs, count, max, name, coded, format_size(coded), &pcm, sizeof pcm, 0);
    }
    WAVEFORMATEX stereo, byte_pcm;
    ts_pcm_format(&stereo, 2, 22050, 16);
    ts_pcm_format(&byte_pcm, 1, 8000, 8);
    count = add_pair(pairs, count, max, "pcm 8k/16 -> 22k/16 stereo", &pcm, sizeof pcm, &stereo, sizeof stereo, 0);
    count = add_pair(pairs, count, max, "pcm 8k/16 -> 8k/8", &pcm, sizeof pcm, &byte_pcm, sizeof byte_pcm, 0);
    count = add_pair(pairs, count, max, "pcm 8k -> 22k nonrealtime", &pcm, sizeof pcm, &stereo, sizeof stereo,
                     ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY); /* libsoxr */
    return count;
}

void ts_speech_signal(BYTE *out, size_t length, unsigned seed)
{
    uint32_t state = 0x9E3779B9u ^ seed;
    for (size_t i = 0; i + 1 < length; i += 2) {
        double t = (double)(i / 2) / 8000.0;
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        double v = 9000.0 * sin(2 * M_PI * 440.0 * t) + 5000.0 * sin(2 * M_PI * 1250.0 * t + seed) +
                   (double)(int32_t)(state % 2001) - 1000.0;
        int16_t s = (int16_t)v;
        out[i] = (BYTE)(s & 0xFF);
        out[i + 1] = (BYTE)((uint16_t)s >> 8);
    }
    if (length & 1)
        out[length - 1] = 0;
}

/* Converts one piece; appends to the output. */
static MMRESULT convert_piece(HACMSTREAM has, const BYTE *src, DWORD length, DWORD flags, BYTE **out,
                              size_t *out_length, size_t *capacity, DWORD *consumed)
{
    /* Room for the piece, at least what 16 KB would need: a piece smaller than a block is
     * a size query the codecs may refuse (NOTPOSSIBLE) but still encode with END. */
    DWORD room = 0;
    MMRESULT mr = acmStreamSize(has, length > 16384 ? length : 16384, &room, ACM_STREAMSIZEF_SOURCE);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    room += 64;
    BYTE *dst = malloc(room);
    if (!dst)
        return MMSYSERR_NOMEM;
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = (LPBYTE)src;
    header.cbSrcLength = length;
    header.pbDst = dst;
    header.cbDstLength = room;
    mr = acmStreamPrepareHeader(has, &header, 0);
    if (mr == MMSYSERR_NOERROR) {
        mr = acmStreamConvert(has, &header, flags);
        MMRESULT unprepared = acmStreamUnprepareHeader(has, &header, 0);
        if (mr == MMSYSERR_NOERROR)
            mr = unprepared;
    }
    if (mr == MMSYSERR_NOERROR) {
        assert_true(header.cbSrcLengthUsed <= length);
        assert_true(header.cbDstLengthUsed <= room);
        if (*out_length + header.cbDstLengthUsed > *capacity) {
            size_t bigger = (*capacity + header.cbDstLengthUsed) * 2;
            BYTE *grown = realloc(*out, bigger);
            assert_non_null(grown);
            *out = grown;
            *capacity = bigger;
        }
        memcpy(*out + *out_length, dst, header.cbDstLengthUsed);
        *out_length += header.cbDstLengthUsed;
        *consumed = header.cbSrcLengthUsed;
    }
    free(dst);
    return mr;
}

MMRESULT ts_acm_convert_all(const ts_pair *pair, const BYTE *src, size_t src_length, size_t piece, BYTE **out,
                        size_t *out_length)
{
    *out = NULL;
    *out_length = 0;
    HACMSTREAM has = NULL;
    MMRESULT mr = acmStreamOpen(&has, NULL, (WAVEFORMATEX *)pair->src, (WAVEFORMATEX *)pair->dst, NULL, 0, 0,
                                pair->open_flags);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    size_t capacity = 0, at = 0;
    BYTE *output = NULL;
    if (piece == 0)
        piece = src_length;
    bool first = true;
    /* Pieces with BLOCKALIGN, the last with END; what a call leaves over (less than a block)
     * starts the next piece. When nothing is consumed, the rest goes in one END call. */
    while (at < src_length) {
        size_t left = src_length - at;
        DWORD length = (DWORD)(left < piece ? left : piece);
        bool last = length == left;
        DWORD flags = (first ? ACM_STREAMCONVERTF_START : 0) |
                      (last ? ACM_STREAMCONVERTF_END : ACM_STREAMCONVERTF_BLOCKALIGN);
        DWORD consumed = 0;
        mr = convert_piece(has, src + at, length, flags, &output, out_length, &capacity, &consumed);
        first = false;
        if (mr != MMSYSERR_NOERROR)
            break;
        at += consumed;
        if (consumed == 0) {
            if (last)
                break;
            piece = left;
        }
    }
    MMRESULT closed = acmStreamClose(has, 0);
    if (mr == MMSYSERR_NOERROR)
        mr = closed;
    if (mr != MMSYSERR_NOERROR) {
        free(output);
        *out_length = 0;
        return mr;
    }
    *out = output;
    return MMSYSERR_NOERROR;
}

long ts_sweep(const char *name, ts_sweep_path path, void *context, const MMRESULT *allowed)
{
    pacm_mem_fail_after(-1);
    MMRESULT baseline = path(context);
    if (baseline != MMSYSERR_NOERROR)
        print_error("%s: fails without injection: %u\n", name, (unsigned)baseline);
    assert_int_equal(baseline, MMSYSERR_NOERROR);
    long needed = 0;
    for (long n = 0;; n++) {
        pacm_mem_fail_after(n);
        MMRESULT mr = path(context);
        long made = pacm_mem_fail_after(-1);
        if (made <= n) {
            /* No allocation failed: the path is complete. */
            if (mr != MMSYSERR_NOERROR)
                print_error("%s: fails without hitting the injection (n=%ld): %u\n", name, n, (unsigned)mr);
            assert_int_equal(mr, MMSYSERR_NOERROR);
            needed = made;
            break;
        }
        if (mr != MMSYSERR_NOERROR && mr != MMSYSERR_NOMEM) {
            bool ok = false;
            for (const MMRESULT *a = allowed; a && *a; a++)
                ok = ok || mr == *a;
            if (!ok)
                print_error("%s: allocation %ld failed -> result %u (not NOMEM or an allowed error)\n", name, n,
                            (unsigned)mr);
            assert_true(ok);
        }
        /* The library keeps working once memory is back. */
        MMRESULT again = path(context);
        if (again != MMSYSERR_NOERROR)
            print_error("%s: after failing allocation %ld, the same call fails without injection: %u\n", name, n,
                        (unsigned)again);
        assert_int_equal(again, MMSYSERR_NOERROR);
        assert_true(n < 200000);
    }
    return needed;
}
