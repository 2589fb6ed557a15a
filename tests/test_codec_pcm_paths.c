/*
 * test_codec_pcm_paths.c - the PCM converter's specialised loops (per-format decode/encode
 * tables, the closed-form stereo<->mono mixers, the branch-free nearest-sample replicator for
 * downsampling and for upsampling by less than 2) against a plain reference written here from
 * the documented rules (docs/codecs.md, "MS-PCM"):
 *   8-bit b -> s32 (b - 128) << 24, 16-bit v -> v << 16; s32 -> 8-bit (x >> 24) + 128, 16-bit
 *   x >> 16; stereo -> mono = saturating L + R; mono -> stereo duplicates; nearest sample with
 *   the accumulator starting at half the larger rate, downsampling: e += dst, while e > src
 *   output and e -= src; upsampling: do { output; e += src } while e <= dst; e -= dst; the
 *   accumulator carried across calls.
 * Every pair of 8/16-bit mono/stereo formats and many rate pairs (both fast regimes, their
 * edges, exact 2:1 and other ratios that take the general loop), converted whole, in small
 * odd pieces and in 64 KiB pieces, must equal the reference byte for byte; a destination too
 * small for the output gets a prefix of it and nothing past cbDstLengthUsed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec_driver_int.h"
#include "ts_codec.h"
#include "ts_formats.h"

static int32_t ref_decode(const BYTE *p, WORD bits)
{
    if (bits == 8)
        return (int32_t)((int64_t)(p[0] - 128) * (1 << 24));
    int16_t v = (int16_t)(uint16_t)(p[0] | p[1] << 8);
    return (int32_t)v * 65536;
}

static void ref_encode(int32_t x, BYTE *p, WORD bits)
{
    if (bits == 8) {
        p[0] = (BYTE)((x >> 24) + 128);
        return;
    }
    int32_t v = x >> 16;
    p[0] = (BYTE)(v & 0xFF);
    p[1] = (BYTE)((v >> 8) & 0xFF);
}

/* The whole conversion by the documented rules; returns the output bytes (malloc'd). */
static BYTE *reference(const BYTE *src, size_t frames, const WAVEFORMATEX *in, const WAVEFORMATEX *out,
                       size_t *length)
{
    size_t capacity = (frames * (uint64_t)out->nSamplesPerSec / in->nSamplesPerSec + 2) * out->nBlockAlign;
    BYTE *dst = malloc(capacity);
    assert_non_null(dst);
    uint64_t s = in->nSamplesPerSec, d = out->nSamplesPerSec;
    uint64_t e = d > s ? d / 2 : s / 2;
    size_t w = 0;
    for (size_t f = 0; f < frames; f++) {
        const BYTE *p = src + f * in->nBlockAlign;
        int32_t x[2];
        for (unsigned c = 0; c < in->nChannels; c++)
            x[c] = ref_decode(p + c * (in->wBitsPerSample / 8), in->wBitsPerSample);
        int32_t y[2];
        if (in->nChannels == out->nChannels) {
            y[0] = x[0];
            y[1] = x[1];
        } else if (out->nChannels == 1) {
            int64_t sum = (int64_t)x[0] + x[1];
            y[0] = sum > INT32_MAX ? INT32_MAX : sum < INT32_MIN ? INT32_MIN : (int32_t)sum;
        } else {
            y[0] = y[1] = x[0];
        }
        BYTE frame[4];
        for (unsigned c = 0; c < out->nChannels; c++)
            ref_encode(y[c], frame + c * (out->wBitsPerSample / 8), out->wBitsPerSample);
        unsigned count = 0;
        if (d == s) {
            count = 1;
        } else if (d < s) {
            e += d;
            while (e > s) {
                count++;
                e -= s;
            }
        } else {
            do {
                count++;
                e += s;
            } while (e <= d);
            e -= d;
        }
        for (unsigned k = 0; k < count; k++, w++) {
            assert_true((w + 1) * out->nBlockAlign <= capacity);
            memcpy(dst + w * out->nBlockAlign, frame, out->nBlockAlign);
        }
    }
    *length = w * out->nBlockAlign;
    return dst;
}

static const DWORD rate_pairs[][2] = {
    {44100, 48000}, {48000, 44100}, {8000, 11025}, {11025, 8000}, {44100, 8000}, {8000, 44100},
    {22050, 44100}, {44100, 22050}, {8000, 15999}, {8000, 16001}, {16001, 8000}, {7, 13},
    {13, 7}, {1, 2}, {2, 3}, {44100, 44100}, {96000, 8000}, {44100, 88199},
};

/* `frames` frames of up to 4 random bytes (malloc'd). */
static BYTE *random_input(size_t frames, uint32_t seed)
{
    BYTE *input = malloc(frames * 4);
    assert_non_null(input);
    for (size_t i = 0; i < frames * 4; i++)
        input[i] = (BYTE)(ts_random(&seed) >> 7);
    return input;
}

/* Every format pair at every rate pair, in three splits. */
static void test_against_reference(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    const size_t frames = 6007;
    BYTE *input = random_input(frames, 12345);
    /* Some full-scale runs, so the saturating stereo sum clips both ways. */
    for (size_t i = 0; i < 400; i++)
        input[i] = (i / 100) % 2 ? 0x80 : 0x7F;
    size_t cases = 0;
    for (size_t r = 0; r < sizeof rate_pairs / sizeof rate_pairs[0]; r++) {
        for (unsigned fmt = 0; fmt < 16; fmt++) {
            WAVEFORMATEX in, out;
            ts_pcm_format(&in, (WORD)(fmt & 1 ? 2 : 1), rate_pairs[r][0], (WORD)(fmt & 2 ? 16 : 8));
            ts_pcm_format(&out, (WORD)(fmt & 4 ? 2 : 1), rate_pairs[r][1], (WORD)(fmt & 8 ? 16 : 8));
            size_t expected_length;
            BYTE *expected = reference(input, frames, &in, &out, &expected_length);
            const DWORD pieces[3] = {0, 7u * in.nBlockAlign, 65536u - 65536u % in.nBlockAlign};
            for (int p = 0; p < 3; p++) {
                ACMDRVSTREAMINSTANCE si;
                assert_int_equal(ts_stream_open(h, &si, &in, &out, 0), MMSYSERR_NOERROR);
                BYTE *got;
                size_t got_length;
                ts_convert_pieces(h, &si, input, (DWORD)(frames * in.nBlockAlign), pieces[p], 0, &got, &got_length);
                assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
                if (got_length != expected_length || memcmp(got, expected, expected_length) != 0)
                    fail_msg("%lu Hz %u ch %u bit -> %lu Hz %u ch %u bit, piece %lu: %zu bytes, expected %zu",
                             (unsigned long)in.nSamplesPerSec, in.nChannels, in.wBitsPerSample,
                             (unsigned long)out.nSamplesPerSec, out.nChannels, out.wBitsPerSample,
                             (unsigned long)pieces[p], got_length, expected_length);
                free(got);
                cases++;
            }
            free(expected);
        }
    }
    print_message("%zu conversions equal the reference\n", cases);
    free(input);
    ts_close(h);
}

/* A destination smaller than the output: a prefix of the reference comes out, the frames whose
 * output did not fit stay unconsumed, nothing is written past the reported output, and the
 * next call continues exactly where the first stopped. */
static void test_small_destination(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    const size_t frames = 3001;
    BYTE *input = random_input(frames, 777);
    for (size_t r = 0; r < sizeof rate_pairs / sizeof rate_pairs[0]; r++) {
        WAVEFORMATEX in, out;
        ts_pcm_format(&in, 2, rate_pairs[r][0], 16);
        ts_pcm_format(&out, 2, rate_pairs[r][1], 16);
        size_t expected_length;
        BYTE *expected = reference(input, frames, &in, &out, &expected_length);
        /* From 7 frames: the most one input frame gives here (8000 -> 44100: 6). */
        for (DWORD room_frames = 7; room_frames < 700; room_frames = room_frames * 3 + 1) {
            ACMDRVSTREAMINSTANCE si;
            assert_int_equal(ts_stream_open(h, &si, &in, &out, 0), MMSYSERR_NOERROR);
            BYTE *buffer = malloc(expected_length + 700 * 4 + 64);
            assert_non_null(buffer);
            size_t done = 0, offset = 0;
            DWORD flags = ACM_STREAMCONVERTF_START;
            while (offset < frames * in.nBlockAlign) {
                DWORD room = room_frames * out.nBlockAlign;
                memset(buffer + done, 0xCC, room + 4);
                DWORD used = 0, produced = 0;
                assert_int_equal(ts_convert(h, &si, flags, input + offset, (DWORD)(frames * in.nBlockAlign - offset),
                                            &used, buffer + done, room, &produced),
                                 MMSYSERR_NOERROR);
                flags = 0;
                assert_true(produced <= room);
                assert_int_equal(buffer[done + produced], 0xCC);
                done += produced;
                offset += used;
                if (used == 0)
                    break;
            }
            assert_int_equal(offset, frames * in.nBlockAlign);
            assert_int_equal(done, expected_length);
            assert_memory_equal(buffer, expected, expected_length);
            free(buffer);
            assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
        }
        free(expected);
    }
    free(input);
    ts_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_reference),
        cmocka_unit_test(test_small_destination),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
