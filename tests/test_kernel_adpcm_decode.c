/*
 * test_kernel_adpcm_decode.c - the fast ADPCM decoders give the samples of the arithmetic they
 * replace:
 *   - IMA ADPCM: pacm_imaadpcm_decode_block (one combined-table look-up per sample, channel
 *     pairs in lockstep) against an independent per-sample reference written here from the
 *     IMA recommendation (step look-up, the shifted parts of the difference, clamps), on
 *     random blocks of 1-5 channels, every size, any samples-per-block, header step indices
 *     0..255 (above 88: clamped);
 *   - MS ADPCM: pacm_msadpcm_decode_block against a 64-bit reference of Microsoft's formula,
 *     on random blocks with standard, random and extreme (-32768) coefficient pairs and
 *     full-scale deltas and samples; and pacm_msadpcm_decode_blocks (four stereo blocks at once
 *     in AVX2 lanes where the machine has AVX2) against pacm_msadpcm_decode_block block by
 *     block, with every engine the machine has and with the plain C row, including runs that
 *     contain damaged blocks (it stops before the first one).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "codec_simd_int.h"
#include "imaadpcm/imaadpcm_int.h"
#include "msadpcm/msadpcm_int.h"

static uint32_t seed = 12345;

static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

static int clamp(int64_t v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : (int)v;
}

/* ---- IMA ADPCM ------------------------------------------------------------------------------- */

static ptrdiff_t ref_ima_decode(const uint8_t *block, size_t size, unsigned ch, int16_t *out, size_t spb)
{
    if (size < 4 * (size_t)ch)
        return KERNEL_ERR_SHORT_BLOCK;
    size_t frames = 1 + (size - 4 * (size_t)ch) / (4 * (size_t)ch) * 8;
    if (frames > spb)
        frames = spb;
    for (unsigned c = 0; c < ch; c++) {
        int predictor = (int16_t)(block[4 * c] | block[4 * c + 1] << 8);
        int index = block[4 * c + 2] > 88 ? 88 : block[4 * c + 2];
        out[c] = (int16_t)predictor;
        for (size_t n = 1; n < frames; n++) {
            size_t m = n - 1;
            uint8_t byte = block[4 * ch * (1 + m / 8) + 4 * c + (m % 8) / 2];
            unsigned code = (m & 1) ? byte >> 4 : byte & 15u;
            int step = pacm_imaadpcm_step_table[index];
            int diff = step >> 3;
            if (code & 4)
                diff += step;
            if (code & 2)
                diff += step >> 1;
            if (code & 1)
                diff += step >> 2;
            predictor = clamp((int64_t)predictor + ((code & 8) ? -diff : diff), -32768, 32767);
            index = clamp(index + pacm_imaadpcm_index_table[code], 0, 88);
            out[n * ch + c] = (int16_t)predictor;
        }
    }
    return (ptrdiff_t)frames;
}

static void test_ima_random_blocks(void **state)
{
    (void)state;
    static int16_t got[6200 * 5 + 8], want[6200 * 5 + 8];
    for (int round = 0; round < 20000; round++) {
        unsigned ch = 1 + (unsigned)(round % 5);
        size_t size = rnd() % 3000;
        uint8_t *block = malloc(size ? size : 1); /* exact size: ASan sees over-reads */
        assert_non_null(block);
        for (size_t i = 0; i < size; i++)
            block[i] = (uint8_t)rnd();
        size_t spb = 1 + rnd() % 6100;
        memset(got, 0x55, sizeof got);
        memset(want, 0x55, sizeof want);
        ptrdiff_t a = pacm_imaadpcm_decode_block(block, size, ch, got, spb);
        ptrdiff_t b = ref_ima_decode(block, size, ch, want, spb);
        assert_int_equal(a, b);
        assert_memory_equal(got, want, sizeof got);
        free(block);
    }
}

/* ---- MS ADPCM -------------------------------------------------------------------------------- */

static ptrdiff_t ref_ms_decode(const uint8_t *block, size_t size, unsigned ch, const msadpcm_coef *coefs,
                               unsigned num_coefs, int16_t *out, size_t spb)
{
    if (size < 7 * (size_t)ch)
        return KERNEL_ERR_SHORT_BLOCK;
    for (unsigned c = 0; c < ch; c++)
        if (block[c] >= num_coefs)
            return KERNEL_ERR_BAD_PREDICTOR;
    size_t frames = 2 + (size - 7 * (size_t)ch) * 2 / ch;
    if (frames > spb)
        frames = spb;
    for (unsigned c = 0; c < ch; c++) {
        int64_t delta = (int16_t)(block[ch + 2 * c] | block[ch + 2 * c + 1] << 8);
        int s1 = (int16_t)(block[3 * ch + 2 * c] | block[3 * ch + 2 * c + 1] << 8);
        int s2 = (int16_t)(block[5 * ch + 2 * c] | block[5 * ch + 2 * c + 1] << 8);
        out[c] = (int16_t)s2;
        if (frames > 1)
            out[ch + c] = (int16_t)s1;
        for (size_t n = 2; n < frames; n++) {
            size_t k = (n - 2) * ch + c;
            uint8_t byte = block[7 * ch + k / 2];
            unsigned code = (k & 1) ? byte & 15u : byte >> 4;
            int value = code >= 8 ? (int)code - 16 : (int)code;
            int64_t sum = (int64_t)s1 * coefs[block[c]].coef1 + (int64_t)s2 * coefs[block[c]].coef2;
            int64_t predicted = sum >= 0 ? sum / 256 : -((-sum + 255) / 256); /* floor */
            int sample = clamp(predicted + value * delta, -32768, 32767);
            uint32_t product = (uint32_t)pacm_msadpcm_adaptation_table[code] * (uint32_t)delta;
            int32_t next = (int32_t)product >> 8;
            delta = next < 16 ? 16 : next;
            s2 = s1;
            s1 = sample;
            out[n * ch + c] = (int16_t)sample;
        }
    }
    return (ptrdiff_t)frames;
}

/* Coefficient pairs: the standard 7, random ones, or random with (-32768, -32768) first. */
static unsigned make_coefs(int round, msadpcm_coef *coefs)
{
    if (round % 3 == 0) {
        memcpy(coefs, pacm_msadpcm_standard_coefs, sizeof pacm_msadpcm_standard_coefs);
        return MSADPCM_STANDARD_COEF_COUNT;
    }
    unsigned count = 1 + rnd() % 256;
    for (unsigned i = 0; i < count; i++) {
        coefs[i].coef1 = (int16_t)rnd();
        coefs[i].coef2 = (int16_t)rnd();
    }
    if (round % 7 == 1)
        coefs[0].coef1 = coefs[0].coef2 = -32768;
    return count;
}

/* Random bytes; most predictor indices valid; some headers at full scale. */
static void make_blocks(uint8_t *src, size_t size, size_t align, unsigned ch, unsigned num_coefs, int extreme)
{
    for (size_t i = 0; i < size; i++)
        src[i] = (uint8_t)rnd();
    for (size_t b = 0; b * align + 7 * ch <= size; b++) {
        uint8_t *block = src + b * align;
        for (unsigned c = 0; c < ch; c++) {
            if (rnd() % 40)
                block[c] = (uint8_t)(block[c] % num_coefs);
            if (extreme) {
                block[ch + 2 * c + 1] = (rnd() & 1) ? 0x7F : 0x80; /* delta near +-32768 */
                block[3 * ch + 2 * c] = block[5 * ch + 2 * c] = 0;
                block[3 * ch + 2 * c + 1] = block[5 * ch + 2 * c + 1] = 0x80; /* samples -32768 */
            }
        }
    }
}

static void test_ms_random_blocks(void **state)
{
    (void)state;
    static int16_t got[6200 * 5 + 8], want[6200 * 5 + 8];
    msadpcm_coef coefs[256];
    for (int round = 0; round < 20000; round++) {
        unsigned ch = 1 + (unsigned)(round % 5), num = make_coefs(round, coefs);
        size_t size = rnd() % 3000;
        uint8_t *block = malloc(size ? size : 1);
        assert_non_null(block);
        make_blocks(block, size, size ? size : 1, ch, num, round % 4 == 1);
        size_t spb = 1 + rnd() % 6100;
        memset(got, 0x55, sizeof got);
        memset(want, 0x55, sizeof want);
        ptrdiff_t a = pacm_msadpcm_decode_block(block, size, ch, coefs, num, got, spb);
        ptrdiff_t b = ref_ms_decode(block, size, ch, coefs, num, want, spb);
        assert_int_equal(a, b);
        assert_memory_equal(got, want, sizeof got);
        free(block);
    }
}

/* pacm_msadpcm_decode_blocks against one pacm_msadpcm_decode_block per block, under `cap`. */
static void ms_blocks_round(int round, int cap)
{
    msadpcm_coef coefs[256];
    unsigned ch = 1 + (unsigned)(round % 3), num = make_coefs(round, coefs);
    size_t align = 7 * ch + ch * (1 + rnd() % 1100), spb = pacm_msadpcm_samples_per_block(align, ch);
    if (spb == 0)
        return;
    size_t blocks = 1 + rnd() % 11;
    uint8_t *src = malloc(align * blocks);
    int16_t *got = malloc((spb * ch * blocks + 1) * sizeof *got), *want = malloc((spb * ch * blocks + 1) * sizeof *want);
    assert_true(src && got && want);
    make_blocks(src, align * blocks, align, ch, num, round % 4 == 1);
    memset(got, 0x55, (spb * ch * blocks + 1) * sizeof *got);
    memset(want, 0x55, (spb * ch * blocks + 1) * sizeof *want);
    size_t valid = 0;
    while (valid < blocks && pacm_msadpcm_decode_block(src + valid * align, align, ch, coefs, num,
                                                        want + valid * spb * ch, spb) == (ptrdiff_t)spb)
        valid++;
    pacm_codec_simd_cap(cap);
    size_t done = pacm_msadpcm_decode_blocks(src, blocks, align, ch, coefs, num, got, spb);
    pacm_codec_simd_cap(-1);
    assert_int_equal(done, valid);
    assert_memory_equal(got, want, valid * spb * ch * sizeof *got);
    assert_int_equal((uint16_t)got[valid * spb * ch], 0x5555); /* nothing past the decoded blocks */
    free(src);
    free(got);
    free(want);
}

static void test_ms_decode_blocks(void **state)
{
    (void)state;
    int engines[] = {-1, CODEC_SIMD_AVX2, CODEC_SIMD_SSE2, CODEC_SIMD_NONE};
    for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++)
        for (int round = 0; round < 1500; round++)
            ms_blocks_round(round, engines[e]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ima_random_blocks),
        cmocka_unit_test(test_ms_random_blocks),
        cmocka_unit_test(test_ms_decode_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
