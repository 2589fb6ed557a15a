/*
 * test_codec_mpeg_decoder.c - portacm's own Layer III decoder (the MPEG Layer-3 driver's
 * default; PORTACM_MP3_DECODER=portacm here to be explicit), through the driver's stream,
 * against libmpg123 called directly (feed mode, the Info frame not interpreted, output forced
 * to the declared channel count: the settings of mpeg_decode.c) on streams LAME makes at run
 * time: MPEG-1 (32, 44.1, 48 kHz), MPEG-2 (16, 22.05, 24 kHz) and MPEG-2.5 (8, 11.025,
 * 12 kHz); mono, stereo and joint stereo (MS); several bitrates and VBR; a signal of clicks
 * and plucks whose frames use short blocks (counted from the side information); CRC-protected
 * frames. Every sample must be within 1 LSB of libmpg123's (the tolerance test_codec_mpeg.c
 * allows between decoders), the lengths equal, and no more than 0.2 % of them differ at all
 * (libmpg123's own generic synthesis, measured beside it, differs from its AVX one as much);
 * mono streams declared stereo and stereo streams declared mono too. The output must not
 * depend on the split: 1-byte pieces and
 * random pieces with random destinations give the same bytes. The plain C and AVX2 rows give
 * identical output. Fed one frame per call without END, every call gives that frame back at
 * once, the first included. LAME does not write intensity stereo: the test sets the intensity bit of
 * LAME's joint-stereo frames itself, so both decoders must apply it the same way. Layer II
 * streams declared Layer-3, and free-format Layer III streams, fall back to libmpg123 and come
 * out exactly as it decodes them. LAME does not write mixed blocks either: the test sets the
 * mixed flag of the short-block granules of its transient streams.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lame.h>
#include <mpg123.h>

#include "codec_mpeg_streams.h"
#include "codec_simd_int.h"
#include "mpeg/mp3_int.h"
#include "mpeg/mpeg_int.h"
#include "ts_signal.h"

/* Frames with short blocks (block_type 2 in any granule and channel, from the side info) and
 * frames in MS stereo (joint stereo with mode_extension bit 1). With `force_intensity` 1 or 2,
 * every joint-stereo frame's intensity bit is set (2: and its MS bit cleared) on the way:
 * LAME never writes intensity stereo, so this is how the test gets streams that use it. */
typedef struct frame_counts {
    int short_blocks, ms, mixed;
} frame_counts;

/* With `force_mixed`, every short-block granule's mixed_block_flag is set on the way: LAME never
 * writes mixed blocks, so both decoders then read the same bits as mixed blocks (long bands
 * below subband 2, short ones above, other scale-factor layouts). */
static frame_counts count_frames_mixed(bytes *mp3, int force_intensity, bool force_mixed)
{
    frame_counts counts = {0, 0, 0};
    size_t p = 0;
    while (p + 40 < mp3->length) {
        const uint8_t *f = mp3->data + p;
        if (f[0] != 0xFF || (f[1] & 0xE0) != 0xE0) {
            p++;
            continue;
        }
        static const int base[3] = {44100, 48000, 32000};
        static const int k1[15] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        static const int k2[15] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
        int version = (f[1] >> 3) & 3, br = f[2] >> 4, sr = (f[2] >> 2) & 3;
        if (version == 1 || br == 0 || br == 15 || sr == 3) {
            p++;
            continue;
        }
        bool lsf = version != 3;
        if (force_intensity && (f[3] >> 6) == 1)
            mp3->data[p + 3] = (uint8_t)((f[3] & (force_intensity == 2 ? 0xCF : 0xEF)) | 0x10);
        counts.ms += (f[3] >> 6) == 1 && (f[3] & 0x20);
        int rate = base[sr] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        int size = (lsf ? 72 : 144) * (lsf ? k2[br] : k1[br]) * 1000 / rate + ((f[2] >> 1) & 1);
        int nch = (f[3] >> 6) == 3 ? 1 : 2;
        size_t bit = 8 * (4 + ((f[1] & 1) ? 0 : 2));
#define BITS(n) (bit += (n), (int)((((uint32_t)f[(bit - (n)) / 8] << 24 | (uint32_t)f[(bit - (n)) / 8 + 1] << 16 | \
                                     (uint32_t)f[(bit - (n)) / 8 + 2] << 8) << ((bit - (n)) % 8)) >> (32 - (n))))
        bit += lsf ? 8 + (size_t)nch : 9 + (nch == 1 ? 5 : 3) + 4 * (size_t)nch;
        bool has_short = false;
        for (int gr = 0; gr < (lsf ? 1 : 2); gr++) {
            for (int ch = 0; ch < nch; ch++) {
                bit += 12 + 9 + 8 + (lsf ? 9 : 4);
                if (BITS(1)) {
                    const bool short_granule = BITS(2) == 2;
                    has_short |= short_granule;
                    if (force_mixed && short_granule) {
                        mp3->data[p + bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
                        counts.mixed++;
                    }
                    bit += 1 + 10 + 9;
                } else {
                    bit += 15 + 4 + 3;
                }
                bit += (lsf ? 0 : 1) + 2;
            }
        }
#undef BITS
        counts.short_blocks += has_short;
        p += (size_t)size;
    }
    return counts;
}

static frame_counts count_frames(bytes *mp3, int force_intensity)
{
    return count_frames_mixed(mp3, force_intensity, false);
}

static int max_difference(const bytes *a, const bytes *b, size_t *differing)
{
    int worst = 0;
    *differing = 0;
    size_t n = a->length < b->length ? a->length : b->length;
    for (size_t i = 0; i + 1 < n; i += 2) {
        int x = (int16_t)(a->data[i] | a->data[i + 1] << 8), y = (int16_t)(b->data[i] | b->data[i + 1] << 8);
        int d = abs(x - y);
        *differing += d != 0;
        worst = d > worst ? d : worst;
    }
    return worst;
}

static void compare(const char *what, const bytes *ours, const bytes *ref)
{
    size_t differing;
    int worst = max_difference(ours, ref, &differing);
    printf("%-40s %8zu samples, %6zu differ from libmpg123, by at most %d\n", what, ref->length / 2, differing, worst);
    if (ours->length != ref->length)
        fail_msg("%s: %zu bytes, libmpg123 %zu", what, ours->length, ref->length);
    if (worst > 1)
        fail_msg("%s: %d LSB away from libmpg123", what, worst);
}

/* Decodes `mp3` at `channels` with libmpg123 and with ours and compares them (compare()). */
static void compare_decoders(const char *name, const bytes *mp3, unsigned channels, unsigned rate)
{
    bytes ref = mp3_test_decode_mpg123(mp3, channels);
    bytes ours = mp3_test_decode_driver(mp3, channels, rate, 0, 0, 0);
    compare(name, &ours, &ref);
    free(ref.data);
    free(ours.data);
}

static void test_against_libmpg123(void **state)
{
    (void)state;
    struct {
        size_t samples, ours, generic;
    } totals = {0, 0, 0};
    for (size_t c = 0; c < MP3_TEST_CASES; c++) {
        const stream_case *sc = &mp3_test_cases[c];
        size_t frames = sc->rate * 4; /* 4 seconds */
        int16_t *pcm = mp3_test_signal(sc->transients, sc->channels, sc->rate, frames, (uint32_t)c + 1);
        bytes mp3 = mp3_test_encode(sc, pcm, frames);
        frame_counts counts = count_frames(&mp3, 0);
        printf("%s: %d frames with short blocks, %d in MS stereo\n", sc->name, counts.short_blocks, counts.ms);
        if (sc->transients)
            assert_true(counts.short_blocks > 0);
        if (sc->mode == JOINT_STEREO)
            assert_true(counts.ms > 0);
        bytes ref = mp3_test_decode_mpg123(&mp3, sc->channels);
        bytes ours = mp3_test_decode_driver(&mp3, sc->channels, sc->rate, 0, 0, 0);
        compare(sc->name, &ours, &ref);
        /* How far libmpg123 is from itself: its plain C synthesis against the one it picks. */
        bytes generic = mp3_test_decode_mpg123_with(&mp3, sc->channels, "generic");
        size_t ours_differing, generic_differing;
        max_difference(&ours, &ref, &ours_differing);
        int generic_worst = max_difference(&generic, &ref, &generic_differing);
        printf("%-40s libmpg123's generic synthesis: %6zu differ, by at most %d\n", "", generic_differing,
               generic_worst);
        totals.samples += ref.length / 2;
        totals.ours += ours_differing;
        totals.generic += generic_differing;
        free(generic.data);
        /* The other channel count: stereo mixed down, mono duplicated. */
        unsigned other = 3 - sc->channels;
        bytes ref2 = mp3_test_decode_mpg123(&mp3, other);
        bytes ours2 = mp3_test_decode_driver(&mp3, other, sc->rate, 0, 0, 0);
        char name[80];
        snprintf(name, sizeof name, "%s as %s", sc->name, other == 1 ? "mono" : "stereo");
        compare(name, &ours2, &ref2);
        /* The plain C row gives the same bytes as the widest. */
        pacm_codec_simd_cap(CODEC_SIMD_NONE);
        bytes plain = mp3_test_decode_driver(&mp3, sc->channels, sc->rate, 0, 0, 0);
        pacm_codec_simd_cap(-1);
        mp3_test_assert_same(&plain, &ours);
        free(plain.data);
        free(ref2.data);
        free(ours2.data);
        free(ref.data);
        free(ours.data);
        free(mp3.data);
        free(pcm);
    }
    printf("in all: %zu samples; %zu (%.3f%%) differ from libmpg123's, %zu (%.3f%%) from its generic synthesis\n",
           totals.samples, totals.ours, 100.0 * (double)totals.ours / (double)totals.samples, totals.generic,
           100.0 * (double)totals.generic / (double)totals.samples);
    /* Here 0.09 % against 0.09 %: as close to libmpg123's output as libmpg123 is to itself on
     * another CPU. The bound leaves room for other CPUs' choice of libmpg123 synthesis. */
    assert_true(totals.ours * 500 <= totals.samples);
}

static void test_split_invariance(void **state)
{
    (void)state;
    static const size_t picks[] = {0, 4, 7, 10, 12, 14};
    for (size_t k = 0; k < sizeof picks / sizeof picks[0]; k++) {
        const stream_case *sc = &mp3_test_cases[picks[k]];
        size_t frames = sc->rate * 2;
        int16_t *pcm = mp3_test_signal(sc->transients, sc->channels, sc->rate, frames, 77u + (uint32_t)k);
        bytes mp3 = mp3_test_encode(sc, pcm, frames);
        bytes whole = mp3_test_decode_driver(&mp3, sc->channels, sc->rate, 0, 0, 0);
        bytes ones = mp3_test_decode_driver(&mp3, sc->channels, sc->rate, 1, 0, 0);
        bytes random = mp3_test_decode_driver(&mp3, sc->channels, sc->rate, -1, -1, 0xABCDu + (uint32_t)k);
        bytes tiny = mp3_test_decode_driver(&mp3, sc->channels, sc->rate, 333, (int)(2 * sc->channels), 0);
        printf("%s: %zu bytes whole, 1-byte pieces, random pieces, 1-frame destinations\n", sc->name, whole.length);
        assert_true(whole.length > 0);
        mp3_test_assert_same(&ones, &whole);
        mp3_test_assert_same(&random, &whole);
        mp3_test_assert_same(&tiny, &whole);
        free(ones.data);
        free(random.data);
        free(tiny.data);
        free(whole.data);
        free(mp3.data);
        free(pcm);
    }
}

/* Intensity stereo: LAME's joint-stereo streams with the intensity bit forced on (with and
 * without MS), MPEG-1 and LSF, long and short blocks; the left and right signals differ, so the
 * right channel's last nonzero band (where intensity starts) varies and its scale factors
 * (the positions) take every value, the illegal 7 included; every other stream has identical
 * channels, so the right (side) channel's granules are empty. */
static void test_intensity_stereo(void **state)
{
    (void)state;
    static const size_t picks[] = {0, 4, 8, 11, 12, 14};
    for (size_t k = 0; k < sizeof picks / sizeof picks[0]; k++) {
        const stream_case *sc = &mp3_test_cases[picks[k]];
        assert_int_equal(sc->mode, JOINT_STEREO);
        size_t frames = sc->rate * 3;
        int16_t *pcm = mp3_test_signal(sc->transients, 2, sc->rate, frames, 500u + (uint32_t)k);
        if (k % 2) /* identical channels: the side channel's granules are empty */
            for (size_t i = 0; i < frames; i++)
                pcm[2 * i + 1] = pcm[2 * i];
        for (int variant = 1; variant <= 2; variant++) {
            bytes mp3 = mp3_test_encode(sc, pcm, frames);
            count_frames(&mp3, variant);
            char name[96];
            for (unsigned out = 1; out <= 2; out++) {
                snprintf(name, sizeof name, "%s%s, intensity%s%s", sc->name, k % 2 ? " L=R" : "",
                         variant == 1 ? " + MS" : " only", out == 1 ? ", as mono" : "");
                compare_decoders(name, &mp3, out, sc->rate);
            }
            free(mp3.data);
        }
        free(pcm);
    }
}

/* A free-format Layer III stream (LAME's --freeformat) falls back to libmpg123 too: exactly
 * its output, whatever the split. */
static void test_free_format_falls_back(void **state)
{
    (void)state;
    static const unsigned rates[] = {44100, 22050};
    for (size_t r = 0; r < 2; r++) {
        size_t frames = rates[r] * 2;
        int16_t *pcm = mp3_test_signal(false, 2, rates[r], frames, 31);
        lame_global_flags *lame = lame_init();
        assert_non_null(lame);
        lame_set_in_samplerate(lame, (int)rates[r]);
        lame_set_out_samplerate(lame, (int)rates[r]);
        lame_set_num_channels(lame, 2);
        lame_set_bWriteVbrTag(lame, 0);
        lame_set_free_format(lame, 1);
        lame_set_brate(lame, r ? 40 : 136);
        assert_true(lame_init_params(lame) >= 0);
        bytes mp3 = {0};
        int cap = (int)(1.25 * frames + 7200);
        int w = lame_encode_buffer_interleaved(lame, pcm, (int)frames, bytes_room(&mp3, (size_t)cap), cap);
        assert_true(w >= 0);
        mp3.length += (size_t)w;
        w = lame_encode_flush(lame, bytes_room(&mp3, 7200), 7200);
        assert_true(w >= 0);
        mp3.length += (size_t)w;
        lame_close(lame);
        assert_true(mp3.length > 4 && (mp3.data[2] >> 4) == 0); /* bitrate index 0: free format */
        bytes ref = mp3_test_decode_mpg123(&mp3, 2);
        bytes whole = mp3_test_decode_driver(&mp3, 2, rates[r], 0, 0, 0);
        bytes random = mp3_test_decode_driver(&mp3, 2, rates[r], -1, -1, 5);
        printf("free format at %u Hz: %zu bytes, libmpg123 %zu\n", rates[r], whole.length, ref.length);
        assert_true(ref.length > 0);
        mp3_test_assert_same(&whole, &ref);
        mp3_test_assert_same(&random, &ref);
        free(ref.data);
        free(whole.data);
        free(random.data);
        free(mp3.data);
        free(pcm);
    }
}

/* A Layer II stream declared Layer-3 is decoded by libmpg123 (the fallback): exactly its
 * output, whatever the split. */
/* One frame per call, without END (what NAudio's AcmMp3FrameDecompressor does, and the wave
 * mapper with frame-sized buffers): every call gives that frame's samples back, the first
 * included, and together they are the whole decode. */
static void test_one_frame_per_call(void **state)
{
    (void)state;
    static const size_t picks[] = {0, 4, 9, 15};
    for (size_t k = 0; k < sizeof picks / sizeof picks[0]; k++) {
        const stream_case *sc = &mp3_test_cases[picks[k]];
        size_t length = sc->rate;
        int16_t *pcm = mp3_test_signal(false, sc->channels, sc->rate, length, 60u + (uint32_t)k);
        bytes mp3 = mp3_test_encode(sc, pcm, length);
        bytes whole = mp3_test_decode_driver(&mp3, sc->channels, sc->rate, 0, 0, 0);
        ACMDRVSTREAMINSTANCE si;
        HDRVR h = mp3_test_open_driver(&si, sc->channels, sc->rate, (unsigned)sc->kbps);
        bytes got = {0};
        size_t at = 0, frames = 0;
        mp3_header hd;
        while (at + 4 <= mp3.length && pacm_mp3_parse_header(mp3.data + at, &hd) && hd.frame_bytes > 0 &&
               at + (size_t)hd.frame_bytes <= mp3.length) {
            DWORD used = 0, written = 0, room = 1152 * 4;
            assert_int_equal(ts_convert(h, &si, frames ? 0 : ACM_STREAMCONVERTF_START, mp3.data + at,
                                        (DWORD)hd.frame_bytes, &used, bytes_room(&got, room), room, &written),
                             MMSYSERR_NOERROR);
            assert_int_equal(used, (DWORD)hd.frame_bytes);
            if (written != (DWORD)hd.samples * 2 * sc->channels)
                fail_msg("%s: frame %zu gave %lu bytes, not its %d samples", sc->name, frames, (unsigned long)written,
                         hd.samples);
            got.length += written;
            at += (size_t)hd.frame_bytes;
            frames++;
        }
        printf("%s: %zu frames, one per call, each given back at once\n", sc->name, frames);
        assert_true(frames > 10);
        mp3_test_assert_same(&got, &whole);
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
        ts_close(h);
        free(got.data);
        free(whole.data);
        free(mp3.data);
        free(pcm);
    }
}

static void test_layer2_falls_back(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        unsigned channels, rate;
    } vectors[] = {{"mp3/music44s.mp2", 2, 44100}, {"mp3/speech22m.mp2", 1, 22050}};
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        bytes mp2 = {0};
        mp2.data = ts_read_vector(vectors[v].file, &mp2.length);
        bytes ref = mp3_test_decode_mpg123(&mp2, vectors[v].channels);
        bytes whole = mp3_test_decode_driver(&mp2, vectors[v].channels, vectors[v].rate, 0, 0, 0);
        bytes ones = mp3_test_decode_driver(&mp2, vectors[v].channels, vectors[v].rate, 1, 0, 0);
        bytes random = mp3_test_decode_driver(&mp2, vectors[v].channels, vectors[v].rate, -1, -1, 99);
        printf("%s as layer 3: %zu bytes, libmpg123 %zu\n", vectors[v].file, whole.length, ref.length);
        assert_true(ref.length > 0);
        mp3_test_assert_same(&whole, &ref);
        mp3_test_assert_same(&ones, &ref);
        mp3_test_assert_same(&random, &ref);
        free(ref.data);
        free(whole.data);
        free(ones.data);
        free(random.data);
        free(mp2.data);
    }
}

/* Mixed blocks, which LAME does not write: the transient streams (short blocks in every
 * version) with the mixed flag forced on, alone and with intensity stereo; stereo and mono out.
 * Within 1 LSB of libmpg123 except MPEG-2.5 at 8 kHz (below). */
static void test_mixed_blocks(void **state)
{
    (void)state;
    int total = 0;
    for (size_t k = 0; k < MP3_TEST_CASES; k++) {
        const stream_case *sc = &mp3_test_cases[k];
        if (!sc->transients)
            continue;
        size_t frames = sc->rate * 3;
        int16_t *pcm = mp3_test_signal(true, sc->channels, sc->rate, frames, 900u + (uint32_t)k);
        for (int intensity = 0; intensity <= (sc->mode == JOINT_STEREO ? 1 : 0); intensity++) {
            bytes mp3 = mp3_test_encode(sc, pcm, frames);
            frame_counts counts = count_frames_mixed(&mp3, intensity, true);
            assert_true(counts.mixed > 0);
            total += counts.mixed;
            for (unsigned out = 1; out <= 2; out++) {
                char name[96];
                snprintf(name, sizeof name, "%s, %d mixed%s%s", sc->name, counts.mixed,
                         intensity ? ", intensity" : "", out == 1 ? ", as mono" : "");
                if (sc->rate != 8000) {
                    compare_decoders(name, &mp3, out, sc->rate);
                    continue;
                }
                /* MPEG-2.5 at 8 kHz, where a mixed block's 2 long subbands do not end on a
                 * scale-factor band boundary: libmpg123 and ours disagree on some lines
                 * (docs/codecs.md); only the length and the absence of trouble are checked. */
                bytes ref = mp3_test_decode_mpg123(&mp3, out);
                bytes ours = mp3_test_decode_driver(&mp3, out, sc->rate, 0, 0, 0);
                size_t differing;
                max_difference(&ours, &ref, &differing);
                printf("%-40s %8zu samples, %6zu differ from libmpg123 (not compared)\n", name, ref.length / 2,
                       differing);
                assert_int_equal(ours.length, ref.length);
                free(ref.data);
                free(ours.data);
            }
            free(mp3.data);
        }
        free(pcm);
    }
    assert_true(total > 0);
}

int main(void)
{
    /* The driver decodes with libmpg123 unless told otherwise (mpeg_decode.c). */
    setenv("PORTACM_MP3_DECODER", "portacm", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_libmpg123),
        cmocka_unit_test(test_split_invariance),
        cmocka_unit_test(test_intensity_stereo),
        cmocka_unit_test(test_mixed_blocks),
        cmocka_unit_test(test_one_frame_per_call),
        cmocka_unit_test(test_layer2_falls_back),
        cmocka_unit_test(test_free_format_falls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
