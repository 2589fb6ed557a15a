/*
 * test_kernel_msadpcm_simd.c - the MS ADPCM encoders as built (SSE2 trial lanes on x86-64) give
 * the same bytes as the plain C reference, with each engine the machine has (AVX-512, AVX2,
 * SSE2 lanes, forced in turn): the reference is the same encoder with the cap at
 * CODEC_SIMD_NONE (the plain C rows of the dispatch tables), compared on thousands of blocks: 1-3
 * channels, whole and short final blocks, standard and custom coefficient sets (including sets
 * of more than 8 and 16 pairs, and coefficients too large for the lanes), quiet, tonal,
 * stepped and full-scale noise input; and the engine rows themselves against the plain C rows,
 * called directly. Where the build has no SIMD engine both sides are the same code and the
 * test still checks the encoders agree with themselves.
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

#include "codec_simd_int.h"
#include "msadpcm/msadpcm_int.h"

/* The reference: the same encoders with every engine capped to its plain C row; `engine_cap`
 * is the cap the comparison runs under, restored afterwards. */
static int engine_cap = -1;
static size_t ref_msadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
                                       const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *block, size_t spb)
{
    pacm_codec_simd_cap(CODEC_SIMD_NONE);
    size_t bytes = pacm_msadpcm_encode_block(in, frames, channels, coefs, num_coefs, block, spb);
    pacm_codec_simd_cap(engine_cap);
    return bytes;
}
#define ref_msadpcm_encode_block_hq_workspace_size pacm_msadpcm_encode_block_hq_workspace_size
static size_t ref_msadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                                          const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *block,
                                          size_t spb, void *workspace)
{
    pacm_codec_simd_cap(CODEC_SIMD_NONE);
    size_t bytes = pacm_msadpcm_encode_block_hq(in, frames, channels, coefs, num_coefs, block, spb, workspace);
    pacm_codec_simd_cap(engine_cap);
    return bytes;
}

static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

/* Fills `count` samples with one of several signal kinds. */
static void make_signal(int16_t *pcm, size_t count, unsigned channels, unsigned kind)
{
    double phase = (double)(rng() % 1000), freq = 0.001 + (rng() % 1000) * 0.0005;
    int level = (int)(rng() % 32768);
    for (size_t i = 0; i < count; i++) {
        long v;
        switch (kind % 6) {
        case 0: /* full-scale white noise */
            v = (long)(rng() & 0xFFFF) - 32768;
            break;
        case 1: /* tone plus a little noise */
            v = (long)(level * sin(phase + freq * (double)(i / channels) * (1 + i % channels))) +
                (long)(rng() % 201) - 100;
            break;
        case 2: /* full-scale square wave: maximal steps */
            v = ((i / channels) / (1 + level % 37)) & 1 ? 32767 : -32768;
            break;
        case 3: /* silence with rare clicks */
            v = rng() % 97 == 0 ? (long)(rng() & 0xFFFF) - 32768 : 0;
            break;
        case 4: /* quiet noise */
            v = (long)(rng() % 33) - 16;
            break;
        default: /* a decaying pluck with a random walk */
            v = (long)(level * exp(-(double)(i / channels) * 0.01) * sin(freq * 40 * (double)i)) + (long)(rng() % 2001) - 1000;
            break;
        }
        pcm[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
}

/* Encodes with both implementations and requires identical results. */
static void compare_block(const int16_t *pcm, size_t frames, unsigned channels,
                          const msadpcm_coef *coefs, unsigned count, size_t spb, int hq)
{
    size_t align = pacm_msadpcm_block_align(spb, channels);
    assert_true(align > 0);
    uint8_t *a = calloc(align, 1), *b = calloc(align, 1);
    assert_non_null(a);
    assert_non_null(b);
    size_t got, want;
    if (hq) {
        void *wa = malloc(pacm_msadpcm_encode_block_hq_workspace_size(spb));
        void *wb = malloc(ref_msadpcm_encode_block_hq_workspace_size(spb));
        assert_non_null(wa);
        assert_non_null(wb);
        got = pacm_msadpcm_encode_block_hq(pcm, frames, channels, coefs, count, a, spb, wa);
        want = ref_msadpcm_encode_block_hq(pcm, frames, channels, coefs, count, b, spb, wb);
        free(wa);
        free(wb);
    } else {
        got = pacm_msadpcm_encode_block(pcm, frames, channels, coefs, count, a, spb);
        want = ref_msadpcm_encode_block(pcm, frames, channels, coefs, count, b, spb);
    }
    assert_true(want > 0);
    assert_int_equal(got, want);
    assert_memory_equal(a, b, want);
    free(a);
    free(b);
}

/* A random coefficient set: `count` pairs, each within +-limit. */
static void random_coefs(msadpcm_coef *coefs, unsigned count, int limit)
{
    for (unsigned i = 0; i < count; i++) {
        coefs[i].coef1 = (int16_t)((int)(rng() % (2u * (unsigned)limit + 1)) - limit);
        coefs[i].coef2 = (int16_t)((int)(rng() % (2u * (unsigned)limit + 1)) - limit);
    }
}

static void test_random_blocks(void **state)
{
    (void)state;
    static const size_t spbs[] = {2, 4, 32, 500, 1012, 2036, 2048};
    msadpcm_coef coefs[40];
    int16_t *pcm = malloc(2048 * 3 * sizeof *pcm);
    assert_non_null(pcm);
    unsigned blocks = 0;
    for (unsigned round = 0; round < 3000; round++) {
        unsigned channels = 1 + round % 3;
        size_t spb = spbs[rng() % (sizeof spbs / sizeof spbs[0])];
        if (pacm_msadpcm_block_align(spb, channels) == 0)
            spb += 1; /* mono needs an even count */
        size_t frames = rng() % 4 == 0 ? 1 + rng() % spb : spb;
        make_signal(pcm, frames * channels, channels, rng());
        unsigned count;
        switch (round % 5) {
        case 0:
        case 1:
            memcpy(coefs, pacm_msadpcm_standard_coefs, sizeof pacm_msadpcm_standard_coefs);
            count = MSADPCM_STANDARD_COEF_COUNT;
            break;
        case 2: /* custom sets of every size up to 40, inside the SIMD lanes' range */
            count = 1 + rng() % 40;
            random_coefs(coefs, count, 4096);
            break;
        case 3: /* standard plus a few custom pairs: 9..16 lanes per channel */
            memcpy(coefs, pacm_msadpcm_standard_coefs, sizeof pacm_msadpcm_standard_coefs);
            count = MSADPCM_STANDARD_COEF_COUNT + 1 + rng() % 9;
            random_coefs(coefs + MSADPCM_STANDARD_COEF_COUNT, count - MSADPCM_STANDARD_COEF_COUNT, 1024);
            break;
        default: /* coefficients outside the lanes' range: the scalar path */
            count = 1 + rng() % 9;
            random_coefs(coefs, count, 32767);
            break;
        }
        compare_block(pcm, frames, channels, coefs, count, spb, 0);
        blocks++;
    }
    free(pcm);
    assert_int_equal(blocks, 3000);
}

/* The high-quality encoder uses the real-time choice as its fallback: same bytes too. */
static void test_high_quality_blocks(void **state)
{
    (void)state;
    int16_t pcm[500 * 2];
    for (unsigned round = 0; round < 60; round++) {
        unsigned channels = 1 + round % 2;
        size_t spb = channels == 1 ? 500 : 244;
        make_signal(pcm, spb * channels, channels, round);
        compare_block(pcm, spb, channels, pacm_msadpcm_standard_coefs, MSADPCM_STANDARD_COEF_COUNT, spb, 1);
    }
}

/* Every block of the bundled real recordings (tests/vectors/source: 8 kHz mono speech,
 * 22 kHz speech, 44.1 kHz stereo music), at the block sizes the drivers use: same bytes.
 * A minimal reader: the 16-bit PCM of the "data" chunk (these files are plain PCM WAVs). */
static int16_t *load_source(const char *name, unsigned *channels, size_t *frames)
{
    char path[512];
    snprintf(path, sizeof path, "%s/vectors/source/%s", PORTACM_TEST_DATA_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static uint8_t bytes[1 << 21];
    size_t size = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    assert_true(size > 44 && size < sizeof bytes);
    assert_memory_equal(bytes + 8, "WAVE", 4);
    size_t pos = 12;
    int16_t *pcm = NULL;
    while (pos + 8 <= size) {
        size_t len = bytes[pos + 4] | (size_t)bytes[pos + 5] << 8 | (size_t)bytes[pos + 6] << 16 |
                     (size_t)bytes[pos + 7] << 24;
        if (memcmp(bytes + pos, "fmt ", 4) == 0) {
            *channels = bytes[pos + 10] | bytes[pos + 11] << 8;
            assert_int_equal(bytes[pos + 22], 16); /* bits per sample */
        } else if (memcmp(bytes + pos, "data", 4) == 0) {
            assert_true(pos + 8 + len <= size);
            *frames = len / 2 / *channels;
            pcm = malloc(len);
            assert_non_null(pcm);
            for (size_t i = 0; i < len / 2; i++)
                pcm[i] = (int16_t)(bytes[pos + 8 + 2 * i] | bytes[pos + 9 + 2 * i] << 8);
            break;
        }
        pos += 8 + len + (len & 1);
    }
    assert_non_null(pcm);
    return pcm;
}

static void test_real_blocks(void **state)
{
    (void)state;
    static const char *const names[] = {"speech8m.wav", "speech22s.wav", "music44s.wav"};
    unsigned blocks = 0;
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        unsigned channels = 0;
        size_t frames = 0;
        int16_t *pcm = load_source(names[f], &channels, &frames);
        assert_true(frames > 1000);
        size_t spb = channels == 1 ? 500 : 1012;
        for (size_t at = 0; at < frames; at += spb) {
            size_t n = frames - at < spb ? frames - at : spb;
            compare_block(pcm + at * channels, n, channels, pacm_msadpcm_standard_coefs,
                          MSADPCM_STANDARD_COEF_COUNT, spb, 0);
            blocks++;
        }
        free(pcm);
    }
    assert_true(blocks > 100);
}

/* pacm_msadpcm_encode_blocks over `count` whole blocks gives, block for block, the bytes of the
 * library's pacm_msadpcm_encode_block and of the plain C reference, and writes nothing past the
 * last block (the batched engine interleaves the channels of different blocks). */
static void compare_blocks(const int16_t *pcm, size_t count, unsigned channels,
                           const msadpcm_coef *coefs, unsigned num_coefs, size_t spb)
{
    size_t align = pacm_msadpcm_block_align(spb, channels);
    assert_true(align > 0);
    size_t total = count * align;
    uint8_t *got = malloc(total + 16), *one = malloc(align), *ref = malloc(align);
    assert_non_null(got);
    assert_non_null(one);
    assert_non_null(ref);
    memset(got, 0xA5, total + 16);
    void *workspace = malloc(pacm_msadpcm_encode_blocks_workspace_size(spb));
    assert_non_null(workspace);
    assert_int_equal(pacm_msadpcm_encode_blocks(pcm, count, channels, coefs, num_coefs, got, spb, workspace), total);
    free(workspace);
    /* Without a workspace the SSE2 groups run: the same bytes. */
    uint8_t *plain = malloc(total);
    assert_non_null(plain);
    assert_int_equal(pacm_msadpcm_encode_blocks(pcm, count, channels, coefs, num_coefs, plain, spb, NULL), total);
    assert_memory_equal(plain, got, total);
    free(plain);
    for (size_t b = 0; b < count; b++) {
        const int16_t *in = pcm + b * spb * channels;
        assert_int_equal(pacm_msadpcm_encode_block(in, spb, channels, coefs, num_coefs, one, spb), align);
        assert_int_equal(ref_msadpcm_encode_block(in, spb, channels, coefs, num_coefs, ref, spb), align);
        assert_memory_equal(got + b * align, one, align);
        assert_memory_equal(got + b * align, ref, align);
    }
    for (size_t i = 0; i < 16; i++)
        assert_int_equal(got[total + i], 0xA5);
    free(got);
    free(one);
    free(ref);
}

/* Real recordings (mono, stereo, and a 3-channel mix of both), 1..7 blocks from several
 * starting points; then random signals with standard, custom (1-8 pairs within the lanes'
 * limit: the batched engine), larger and out-of-range coefficient sets (the fallback). */
static void test_multi_blocks(void **state)
{
    (void)state;
    unsigned mono_ch = 0, stereo_ch = 0;
    size_t mono_frames = 0, stereo_frames = 0;
    int16_t *mono = load_source("speech8m.wav", &mono_ch, &mono_frames);
    int16_t *stereo = load_source("music44s.wav", &stereo_ch, &stereo_frames);
    assert_int_equal(mono_ch, 1);
    assert_int_equal(stereo_ch, 2);
    size_t tri_frames = mono_frames < stereo_frames ? mono_frames : stereo_frames;
    int16_t *tri = malloc(tri_frames * 3 * sizeof *tri);
    assert_non_null(tri);
    for (size_t n = 0; n < tri_frames; n++) {
        tri[3 * n] = stereo[2 * n];
        tri[3 * n + 1] = mono[n];
        tri[3 * n + 2] = stereo[2 * n + 1];
    }
    const struct { const int16_t *pcm; unsigned ch; size_t frames, spb; } real[] = {
        {mono, 1, mono_frames, 500}, {mono, 1, mono_frames, 2},
        {stereo, 2, stereo_frames, 1012}, {stereo, 2, stereo_frames, 2036},
        {tri, 3, tri_frames, 500}, {tri, 3, tri_frames, 340},
    };
    unsigned runs = 0;
    for (size_t r = 0; r < sizeof real / sizeof real[0]; r++)
        for (size_t count = 1; count <= 7; count++)
            for (size_t start = 0; start + count * real[r].spb <= real[r].frames; start += real[r].frames / 5 + 1) {
                compare_blocks(real[r].pcm + start * real[r].ch, count, real[r].ch, pacm_msadpcm_standard_coefs,
                               MSADPCM_STANDARD_COEF_COUNT, real[r].spb);
                runs++;
            }
    assert_true(runs > 100);
    free(tri);
    free(mono);
    free(stereo);

    static const struct { unsigned count; int limit; } sets[] = {
        {1, 512}, {3, 1024}, {7, 4096}, {8, 4096}, {9, 768}, {20, 2048}, {7, 9000},
    };
    size_t spb = 500;
    int16_t *pcm = malloc(7 * spb * 3 * sizeof *pcm);
    assert_non_null(pcm);
    for (unsigned round = 0; round < 60; round++) {
        unsigned channels = 1 + round % 3;
        size_t count = 1 + round % 7;
        make_signal(pcm, count * spb * channels, channels, round);
        msadpcm_coef coefs[20];
        random_coefs(coefs, sets[round % 7].count, sets[round % 7].limit);
        compare_blocks(pcm, count, channels, coefs, sets[round % 7].count, spb);
        compare_blocks(pcm, count, channels, pacm_msadpcm_standard_coefs, MSADPCM_STANDARD_COEF_COUNT, spb);
    }
    free(pcm);

    /* Bad arguments: nothing encoded. */
    uint8_t out[256];
    int16_t in[1000] = {0};
    assert_int_equal(pacm_msadpcm_encode_blocks(NULL, 1, 1, pacm_msadpcm_standard_coefs, 7, out, 500, NULL), 0);
    assert_int_equal(pacm_msadpcm_encode_blocks(in, 0, 1, pacm_msadpcm_standard_coefs, 7, out, 500, NULL), 0);
    assert_int_equal(pacm_msadpcm_encode_blocks(in, 1, 1, NULL, 7, out, 500, NULL), 0);
    assert_int_equal(pacm_msadpcm_encode_blocks(in, 1, 1, pacm_msadpcm_standard_coefs, 0, out, 500, NULL), 0);
    assert_int_equal(pacm_msadpcm_encode_blocks(in, 1, 1, pacm_msadpcm_standard_coefs, 7, NULL, 500, NULL), 0);
    assert_int_equal(pacm_msadpcm_encode_blocks(in, 1, 1, pacm_msadpcm_standard_coefs, 7, out, 501, NULL), 0);
    assert_int_equal(pacm_msadpcm_encode_blocks(in, 1, 0, pacm_msadpcm_standard_coefs, 7, out, 500, NULL), 0);
    assert_int_equal(pacm_msadpcm_encode_blocks(in, (size_t)-1, 1, pacm_msadpcm_standard_coefs, 7, out, 500, NULL), 0);
}

/* The selected rows of both trial tables against the plain C rows, called directly, on random
 * jobs (short inputs that repeat their last frame included): same nibbles, same costs. */
static void test_engine_rows(void **state)
{
    (void)state;
    enum { LENGTH = 300 };
    static int16_t pcm[LENGTH * 3];
    static uint8_t got[(LENGTH - 2) * 8 * MSADPCM_TRIAL_JOBS], want[(LENGTH - 2) * 8 * MSADPCM_TRIAL_JOBS];
    static uint8_t got_lanes[(LENGTH - 2) * MSADPCM_LANES], want_lanes[(LENGTH - 2) * MSADPCM_LANES];
    const msadpcm_job_engine *jobs_row = pacm_msadpcm_job_engine_row();
    const msadpcm_lane_engine *lanes_row = pacm_msadpcm_lane_engine_row();
    for (unsigned round = 0; round < 40; round++) {
        make_signal(pcm, LENGTH * 3, 3, round);
        msadpcm_coef coefs[16];
        random_coefs(coefs, 16, 4096);
        unsigned count = 1 + round % MSADPCM_TRIAL_JOBS;
        msadpcm_trial_job jobs[MSADPCM_TRIAL_JOBS];
        for (unsigned j = 0; j < count; j++) {
            jobs[j].in = pcm + j % 3;
            jobs[j].stride = 3;
            jobs[j].frames = round % 4 == 0 ? 2 + rng() % (LENGTH - 2) : LENGTH;
            for (unsigned l = 0; l < 8; l++) {
                jobs[j].coef1[l] = coefs[(j + l) % 16].coef1;
                jobs[j].coef2[l] = coefs[(j + l) % 16].coef2;
                jobs[j].delta[l] = 16 + (int32_t)(rng() % 3000);
            }
        }
        uint64_t got_cost[MSADPCM_TRIAL_JOBS][8], want_cost[MSADPCM_TRIAL_JOBS][8];
        size_t row = 8 * (size_t)count;
        jobs_row->trials(jobs, count, LENGTH, got, row, got_cost);
        pacm_msadpcm_trials_c(jobs, count, LENGTH, want, row, want_cost);
        assert_memory_equal(got, want, (LENGTH - 2) * row);
        assert_memory_equal(got_cost, want_cost, count * sizeof got_cost[0]);

        /* The lane trial: one channel's 8 or 16 lanes, or two channels' 8 each. */
        msadpcm_lane a[MSADPCM_LANES], b[MSADPCM_LANES];
        unsigned lanes = round % 2 ? 16 : 8;
        size_t frames = round % 4 == 1 ? 2 + rng() % (LENGTH - 2) : LENGTH;
        for (unsigned l = 0; l < lanes; l++) {
            a[l] = (msadpcm_lane){round % 3 == 0 ? l / 8 : 1, &coefs[l], 16 + (int32_t)(rng() % 3000), 0, 0};
            b[l] = a[l];
        }
        lanes_row->trial_lanes(pcm, frames, 3, LENGTH, a, lanes, got_lanes);
        pacm_msadpcm_trial_lanes_c(pcm, frames, 3, LENGTH, b, lanes, want_lanes);
        for (unsigned l = 0; l < lanes; l++)
            assert_true(a[l].cost == b[l].cost);
        for (size_t n = 0; n < LENGTH - 2; n++)
            assert_memory_equal(got_lanes + n * MSADPCM_LANES, want_lanes + n * MSADPCM_LANES, lanes);
    }
}

/* The whole comparison once per engine this machine can run (AVX-512, AVX2, SSE2 lanes): each
 * is forced in turn through pacm_codec_simd_cap, so all of them are checked here, not only the
 * fastest. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_blocks),
        cmocka_unit_test(test_high_quality_blocks),
        cmocka_unit_test(test_real_blocks),
        cmocka_unit_test(test_multi_blocks),
        cmocka_unit_test(test_engine_rows),
    };
    static const char *const names[] = {"plain C", "SSE2 lanes", "AVX2", "AVX-512"};
    int failed = 0, top = pacm_codec_simd_level();
    for (int level = top; level >= CODEC_SIMD_NONE; level--) {
        engine_cap = level;
        pacm_codec_simd_cap(level);
        printf("engine: %s (level %d of %d on this machine)\n", names[level], level, top);
        failed += cmocka_run_group_tests(tests, NULL, NULL);
    }
    pacm_codec_simd_cap(-1);
    return failed;
}
