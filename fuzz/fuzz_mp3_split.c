/*
 * fuzz_mp3_split.c - the MPEG Layer-3 decoder's framing (tags, resynchronisation, lost
 * frames, the bit reservoir) must not depend on how the caller cuts the stream.
 *
 * Input: a byte choosing the declared format (low four bits: one of the nine MPEG rates,
 * modulo 9; bit 4: stereo; bit 5: 8-bit output), a byte seeding the split, then the
 * bitstream. It is decoded through the public stream API (acmStreamOpen with the default
 * decoder, portacm's own) twice: in one call per 64 KiB of source, and in pieces of 1 to 700
 * bytes into destinations of one sample frame to 6 KiB (or of 64 KiB when the split seed,
 * 1 + the second byte, has bit 7 set), START on the first call and END on the last, then END
 * with no source until nothing more comes. The two outputs must be identical; every call's
 * Used values within its buffers.
 *
 * Headers of Layer I and II, and free-format Layer III headers, are made constant-bitrate
 * Layer III ones first: such streams go whole to libmpg123, whose resynchronisation on junk
 * depends on how much it has been fed (docs/codecs.md), so the property is portacm's own.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_format_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_isolate_environment();
    return 0;
}

static void require(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_mp3_split: %s\n", what);
        abort();
    }
}

typedef struct output {
    BYTE *bytes;
    size_t length, capacity;
} output;

static int append(output *o, const BYTE *data, size_t n)
{
    if (n == 0)
        return 1;
    if (o->length + n > o->capacity) {
        size_t capacity = o->capacity ? o->capacity * 2 : 65536;
        while (capacity < o->length + n)
            capacity *= 2;
        BYTE *bigger = realloc(o->bytes, capacity);
        if (!bigger)
            return 0;
        o->bytes = bigger;
        o->capacity = capacity;
    }
    memcpy(o->bytes + o->length, data, n);
    o->length += n;
    return 1;
}

/* One acmStreamConvert of src[0..src_length) into a fresh destination of `room` bytes, the
 * output appended to *o; the source bytes used, or -1 when the call failed. */
static long convert(HACMSTREAM has, const BYTE *src, DWORD src_length, DWORD room, DWORD flags, output *o)
{
    BYTE *copy = malloc(src_length ? src_length : 1), *dst = malloc(room);
    long used = -1;
    if (copy && dst) {
        if (src_length)
            memcpy(copy, src, src_length);
        ACMSTREAMHEADER h;
        fuzz_stream_header(&h, copy, src_length, dst, room);
        if (acmStreamPrepareHeader(has, &h, 0) == MMSYSERR_NOERROR) {
            if (acmStreamConvert(has, &h, flags) == MMSYSERR_NOERROR) {
                require(h.cbSrcLengthUsed <= src_length, "cbSrcLengthUsed past the source");
                require(h.cbDstLengthUsed <= room, "cbDstLengthUsed past the destination");
                if (append(o, dst, h.cbDstLengthUsed))
                    used = (long)h.cbSrcLengthUsed;
                if (src_length == 0 && h.cbDstLengthUsed == 0)
                    used = -2; /* drained */
            }
            h.cbSrcLength = src_length;
            h.cbDstLength = room;
            acmStreamUnprepareHeader(has, &h, 0);
        }
    }
    free(copy);
    free(dst);
    return used;
}

/* Decodes the stream; `seed` 0: 64 KiB pieces and destinations, else pieces from the seed.
 * Returns 0 when a call failed (out of memory: nothing to compare). */
static int decode(const WAVEFORMATEX *src_format, const WAVEFORMATEX *dst_format, const BYTE *data, size_t size,
                  uint32_t seed, output *o)
{
    HACMSTREAM has = NULL;
    if (acmStreamOpen(&has, NULL, (WAVEFORMATEX *)src_format, (WAVEFORMATEX *)dst_format, NULL, 0, 0, 0) !=
        MMSYSERR_NOERROR)
        return 0;
    const DWORD frame = dst_format->nBlockAlign;
    const bool big_rooms = (seed & 0x80) != 0; /* pieces into 64 KiB destinations */
    size_t at = 0;
    int ok = 1, first = 1;
    for (int calls = 0; ok && calls < 200000; calls++) {
        DWORD piece = 65536, room = 65536;
        if (seed) {
            seed = seed * 1103515245u + 12345u;
            piece = 1 + (seed >> 8) % 700;
            seed = seed * 1103515245u + 12345u;
            room = big_rooms ? 65536 : frame * (1 + (seed >> 8) % (6144 / frame));
        }
        size_t left = size - at;
        DWORD n = left < piece ? (DWORD)left : piece;
        DWORD flags = (first ? ACM_STREAMCONVERTF_START : 0) | (at + n == size ? ACM_STREAMCONVERTF_END : 0);
        long used = convert(has, data + at, n, room, flags, o);
        first = 0;
        if (used == -2)
            break;
        if (used < 0)
            ok = 0;
        else
            at += (size_t)used;
    }
    require(acmStreamClose(has, 0) == MMSYSERR_NOERROR, "close of an idle stream failed");
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const DWORD rates[9] = {44100, 48000, 32000, 22050, 24000, 16000, 11025, 12000, 8000};
    const WORD channels = (WORD)(1 + (data[0] >> 4 & 1)), bits = (WORD)(data[0] & 0x20 ? 8 : 16);
    MPEGLAYER3WAVEFORMAT src;
    memset(&src, 0, sizeof src);
    src.wfx.wFormatTag = WAVE_FORMAT_MPEGLAYER3;
    src.wfx.nChannels = channels;
    src.wfx.nSamplesPerSec = rates[(data[0] & 0x0F) % 9];
    src.wfx.nAvgBytesPerSec = 16000;
    src.wfx.nBlockAlign = 1;
    src.wfx.cbSize = MPEGLAYER3_WFX_EXTRA_BYTES;
    src.wID = MPEGLAYER3_ID_MPEG;
    src.fdwFlags = MPEGLAYER3_FLAG_PADDING_ISO;
    src.nBlockSize = 417;
    src.nFramesPerBlock = 1;
    WAVEFORMATEX dst = {WAVE_FORMAT_PCM, channels, src.wfx.nSamplesPerSec, 0, (WORD)(channels * bits / 8), bits, 0};
    dst.nAvgBytesPerSec = dst.nSamplesPerSec * dst.nBlockAlign;
    const uint32_t seed = 1u + data[1];
    const size_t n = size - 2;
    BYTE *stream = malloc(n ? n : 1);
    if (!stream)
        return 0;
    memcpy(stream, data + 2, n);
    for (size_t i = 0; i + 2 < n; i++) {
        if (stream[i] != 0xFF || (stream[i + 1] & 0xE0) != 0xE0)
            continue;
        stream[i + 1] = (BYTE)((stream[i + 1] & 0xF9) | 0x02); /* layer bits 01: Layer III */
        if ((stream[i + 2] & 0xF0) == 0)
            stream[i + 2] |= 0x10; /* bitrate index 1, not free format */
    }
    output whole = {NULL, 0, 0}, pieces = {NULL, 0, 0};
    if (decode(&src.wfx, &dst, stream, n, 0, &whole) && decode(&src.wfx, &dst, stream, n, seed, &pieces)) {
        require(whole.length == pieces.length, "the output's length depends on the split");
        require(whole.length == 0 || memcmp(whole.bytes, pieces.bytes, whole.length) == 0,
                "the output depends on the split");
    }
    free(whole.bytes);
    free(pieces.bytes);
    free(stream);
    return 0;
}
