/*
 * fuzz_acm_convert.c - every built-in codec through the public stream API with the format
 * structures and the data taken from the input: acmStreamOpen (had = NULL, so the ACM picks
 * the codec from the format tags), acmStreamSize, then several prepare/convert/unprepare
 * rounds whose split sizes and flags come from the input, then acmStreamClose.
 *
 * Input: mode byte; source format (18 bytes + cbSize extra bytes); for modes 1 and 2 the
 * destination format likewise; a round count; per round: source piece length, destination
 * room, flags; the rest is the audio data, consumed piece by piece (wrapping around).
 * Mode 0 decodes to the PCM format acmFormatSuggest proposes, mode 3 to any suggestion;
 * mode 1 makes the source PCM (encoders); mode 2 takes both formats from the input.
 *
 * Checks beyond the sanitizers: the Used values never exceed the buffer lengths, unprepare
 * and close of an idle stream succeed. Buffers are allocated with their exact lengths so
 * that AddressSanitizer sees a codec that reads or writes one byte too far.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_format_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_isolate_environment();
    return 0;
}

#define FUZZ_MAX_BUFFER (256u * 1024u)
#define FUZZ_NONREALTIME_MAX 1024u

/* Fails loudly (a crash libFuzzer records) on a broken promise of the API. */
static void fuzz_require(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_acm_convert: %s\n", what);
        abort();
    }
}

/* One prepare/convert/unprepare round. */
typedef struct convert_round {
    DWORD src_length, dst_room;
    uint8_t flag_bits;
} convert_round;

/* Runs the conversion rounds on an open stream. */
static void convert_rounds(HACMSTREAM has, const convert_round *plan, unsigned rounds, const uint8_t *audio,
                           size_t audio_size, int nonrealtime)
{
    size_t at = 0;
    for (unsigned r = 0; r < rounds; r++) {
        DWORD src_length = plan[r].src_length;
        DWORD dst_room = plan[r].dst_room;
        uint8_t flag_bits = plan[r].flag_bits;
        if (src_length == 0xFFFF)
            src_length = audio_size < FUZZ_MAX_BUFFER ? (DWORD)audio_size : FUZZ_MAX_BUFFER;
        /* The NONREALTIME encoders search hard (a beam search per block): small pieces keep
         * the fuzzer fast without losing any code path. */
        if (nonrealtime && src_length > FUZZ_NONREALTIME_MAX)
            src_length = FUZZ_NONREALTIME_MAX;
        DWORD dst_length = dst_room;
        if (flag_bits & 0x40) {
            /* The room acmStreamSize asks for, as a careful application does. */
            DWORD wanted = 0;
            if (acmStreamSize(has, src_length ? src_length : 1, &wanted, ACM_STREAMSIZEF_SOURCE) ==
                    MMSYSERR_NOERROR &&
                wanted <= FUZZ_MAX_BUFFER)
                dst_length = wanted;
        }
        if (flag_bits & 0x80) {
            DWORD back = 0;
            acmStreamSize(has, dst_length ? dst_length : 1, &back, ACM_STREAMSIZEF_DESTINATION);
        }
        BYTE *src = malloc(src_length ? src_length : 1);
        BYTE *dst = malloc(dst_length ? dst_length : 1);
        if (!src || !dst) {
            free(src);
            free(dst);
            return;
        }
        for (DWORD i = 0; i < src_length; i++) {
            src[i] = audio_size ? audio[at] : (BYTE)i;
            if (audio_size && ++at == audio_size)
                at = 0;
        }
        ACMSTREAMHEADER header;
        fuzz_stream_header(&header, src, src_length, dst, dst_length);
        if (acmStreamPrepareHeader(has, &header, 0) == MMSYSERR_NOERROR) {
            DWORD flags = 0;
            if (flag_bits & 1)
                flags |= ACM_STREAMCONVERTF_BLOCKALIGN;
            if (flag_bits & 2 || r == 0)
                flags |= ACM_STREAMCONVERTF_START;
            if (flag_bits & 4 || r + 1 == rounds)
                flags |= ACM_STREAMCONVERTF_END;
            MMRESULT mr = acmStreamConvert(has, &header, flags);
            fuzz_require(header.cbSrcLengthUsed <= src_length, "cbSrcLengthUsed past the source");
            fuzz_require(header.cbDstLengthUsed <= dst_length, "cbDstLengthUsed past the destination");
            if (mr == MMSYSERR_NOERROR) {
                volatile unsigned sum = 0;
                for (DWORD i = 0; i < header.cbDstLengthUsed; i++)
                    sum += dst[i];
                (void)sum;
            }
            /* Unprepare with what was prepared (the Used fields do not matter). */
            header.cbSrcLength = src_length;
            header.cbDstLength = dst_length;
            fuzz_require(acmStreamUnprepareHeader(has, &header, 0) == MMSYSERR_NOERROR,
                         "unprepare of a prepared, not queued header failed");
        }
        free(src);
        free(dst);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cursor c = fuzz_cursor_make(data, size);
    uint8_t mode = fuzz_u8(&c);
    WAVEFORMATEX *src = fuzz_format(&c, mode & 0x10);
    WAVEFORMATEX *dst = NULL;
    if (!src)
        return 0;
    switch (mode & 3) {
    case 0:
    case 3: {
        /* Let the ACM propose a destination: PCM (decoders) or whatever comes first. */
        DWORD room = 0;
        if (acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &room) != MMSYSERR_NOERROR || room < 18)
            room = 1024;
        dst = calloc(1, room);
        if (!dst)
            break;
        DWORD flags = 0;
        if ((mode & 3) == 0) {
            dst->wFormatTag = WAVE_FORMAT_PCM;
            flags = ACM_FORMATSUGGESTF_WFORMATTAG;
        }
        if (acmFormatSuggest(NULL, src, dst, room, flags) != MMSYSERR_NOERROR) {
            free(dst);
            dst = NULL;
        }
        break;
    }
    case 1:
        /* Encoders: a PCM source (the rest of its fields still from the input). */
        src->wFormatTag = WAVE_FORMAT_PCM;
        dst = fuzz_format(&c, mode & 0x20);
        break;
    default:
        dst = fuzz_format(&c, mode & 0x20);
        break;
    }
    if (!dst) {
        free(src);
        return 0;
    }
    DWORD open_flags = (mode & 4) ? ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY : 0;
    if (mode & 8) {
        /* A query first, as applications probe before opening. */
        acmStreamOpen(NULL, NULL, src, dst, NULL, 0, 0, open_flags | ACM_STREAMOPENF_QUERY);
    }
    convert_round plan[8];
    unsigned rounds = 1 + fuzz_u8(&c) % 8;
    for (unsigned r = 0; r < rounds; r++) {
        plan[r].src_length = fuzz_u16(&c);
        plan[r].dst_room = fuzz_u16(&c);
        plan[r].flag_bits = fuzz_u8(&c);
    }
    HACMSTREAM has = NULL;
    if (acmStreamOpen(&has, NULL, src, dst, NULL, 0, 0, open_flags) == MMSYSERR_NOERROR) {
        convert_rounds(has, plan, rounds, data + c.at, fuzz_left(&c), (open_flags & ACM_STREAMOPENF_NONREALTIME) != 0);
        fuzz_require(acmStreamClose(has, 0) == MMSYSERR_NOERROR, "close of an idle stream failed");
    }
    free(src);
    free(dst);
    return 0;
}
