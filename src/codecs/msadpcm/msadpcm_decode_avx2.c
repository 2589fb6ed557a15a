/*
 * msadpcm_decode_avx2.c - the MS ADPCM decoder for four stereo blocks at once with AVX2: the 8
 * channels (block 0 left, block 0 right, block 1 left, ...) are the 8 lanes of one 256-bit
 * vector, so one step of vector operations decodes one frame of each block. It is the
 * CODEC_SIMD_AVX2 row of the decoder's dispatch table (msadpcm_decode.c), reached only after
 * pacm_codec_simd_level() has said the CPU and the OS support AVX2; its functions carry
 * target("avx2") so no file-wide flag is needed.
 *
 * Every lane computes exactly what msadpcm_decode.c's decode_step does, in 32 bits:
 *   - the prediction (s1*c1 + s2*c2) >> 8 is one vpmaddwd of the (s1, s2) words with
 *     (c1, c2): exact unless both coefficients and both samples are -32768, which the caller
 *     excludes (prediction_fits32);
 *   - delta is at most 2^23 after any adaptation ((int32) product >> 8) and a 16-bit value
 *     before the first, so code * delta (|code| <= 8) and the sum with the prediction fit 32
 *     bits; the result is clamped to 16 bits;
 *   - the adaptation multiplies modulo 2^32 (vpmulld keeps the low half, as the scalar
 *     uint32 product does), shifts arithmetically and keeps at least 16;
 *   - the factor of a code is a permute of the table of codes 0-7 or 8-15 (bit 3 chooses).
 * The last bytes of the blocks (fewer than 4) are finished by the scalar loop.
 */
#include "msadpcm_int.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>
#include <string.h>

#define AVX2_FN __attribute__((target("avx2")))

static inline uint32_t load32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v); /* x86 is little-endian: byte 0 is the low byte */
    return v;
}

static inline int read16(const uint8_t *p)
{
    return (int16_t)(p[0] | (p[1] << 8));
}

/* The state of the 8 lanes: (s1, s2) as the low and high word, (coef1, coef2) likewise, delta. */
typedef struct lanes {
    __m256i pair, coef, delta;
} lanes;

/* One frame of the 4 blocks: `code` holds each lane's nibble (0..15); returns the samples. */
static inline AVX2_FN __m256i lanes_step(lanes *g, __m256i code)
{
    const __m256i factors_low = _mm256_setr_epi32(230, 230, 230, 230, 307, 409, 512, 614);
    const __m256i factors_high = _mm256_setr_epi32(768, 614, 512, 409, 307, 230, 230, 230);
    const __m256i eight = _mm256_set1_epi32(8);
    __m256i value = _mm256_sub_epi32(_mm256_xor_si256(code, eight), eight);
    __m256i factor = _mm256_castps_si256(_mm256_blendv_ps(
        _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(factors_low, code)),
        _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(factors_high, code)),
        _mm256_castsi256_ps(_mm256_slli_epi32(code, 28))));
    __m256i predicted = _mm256_srai_epi32(_mm256_madd_epi16(g->pair, g->coef), 8);
    __m256i sample = _mm256_add_epi32(predicted, _mm256_mullo_epi32(value, g->delta));
    sample = _mm256_min_epi32(_mm256_max_epi32(sample, _mm256_set1_epi32(-32768)), _mm256_set1_epi32(32767));
    g->delta = _mm256_max_epi32(_mm256_srai_epi32(_mm256_mullo_epi32(factor, g->delta), 8),
                                _mm256_set1_epi32(MSADPCM_MIN_DELTA));
    g->pair = _mm256_blend_epi16(_mm256_slli_epi32(g->pair, 16), sample, 0x55);
    return sample;
}

AVX2_FN void pacm_msadpcm_decode4_stereo_avx2(const uint8_t *src, size_t block_align, const msadpcm_coef *coefs,
                                              int16_t *out, size_t spb)
{
    const uint8_t *data[4];
    int16_t *dst[4];
    int32_t pair[8], coef[8], delta[8];
    for (size_t b = 0; b < 4; b++) {
        const uint8_t *block = src + b * block_align;
        data[b] = block + 14;
        dst[b] = out + b * spb * 2;
        for (size_t c = 0; c < 2; c++) {
            int s1 = read16(block + 6 + 2 * c), s2 = read16(block + 10 + 2 * c);
            const msadpcm_coef *k = &coefs[block[c]];
            pair[2 * b + c] = (int32_t)((uint32_t)(uint16_t)s1 | (uint32_t)(uint16_t)s2 << 16);
            coef[2 * b + c] = (int32_t)((uint32_t)(uint16_t)k->coef1 | (uint32_t)(uint16_t)k->coef2 << 16);
            delta[2 * b + c] = read16(block + 2 + 2 * c);
            dst[b][c] = (int16_t)s2; /* header frames: sample2, then sample1 */
            dst[b][2 + c] = (int16_t)s1;
        }
    }
    lanes g = {_mm256_loadu_si256((const __m256i *)pair), _mm256_loadu_si256((const __m256i *)coef),
               _mm256_loadu_si256((const __m256i *)delta)};
    /* Byte j of the 4 blocks' 32-bit words (broadcast to both halves) to lane 2b and 2b + 1;
     * then the left lanes take the high nibble, the right lanes the low one. */
    __m256i pick[4];
    for (int j = 0; j < 4; j++) {
        uint8_t m[32];
        for (int i = 0; i < 32; i++)
            m[i] = (i & 3) ? 0x80 : (uint8_t)(((i >> 2) / 2) * 4 + j);
        pick[j] = _mm256_loadu_si256((const __m256i *)m);
    }
    const __m256i shift = _mm256_setr_epi32(4, 0, 4, 0, 4, 0, 4, 0), low4 = _mm256_set1_epi32(15);
    size_t bytes = spb - 2, k = 0;
    for (; k + 4 <= bytes; k += 4) {
        __m256i words = _mm256_broadcastsi128_si256(
            _mm_setr_epi32((int)load32(data[0] + k), (int)load32(data[1] + k), (int)load32(data[2] + k),
                           (int)load32(data[3] + k)));
        __m256i s[4];
        for (int j = 0; j < 4; j++)
            s[j] = lanes_step(&g, _mm256_and_si256(_mm256_srlv_epi32(_mm256_shuffle_epi8(words, pick[j]), shift), low4));
        /* Frames k..k+3 of each block: per half, packs gives [b f0, b' f0, b f1, b' f1] (32-bit
         * frames of its two blocks), the shuffle [b f0, b f1, b' f0, b' f1], the unpacks
         * [b f0..f3] and [b' f0..f3]. */
        __m256i a = _mm256_shuffle_epi32(_mm256_packs_epi32(s[0], s[1]), 0xD8);
        __m256i c = _mm256_shuffle_epi32(_mm256_packs_epi32(s[2], s[3]), 0xD8);
        __m256i even = _mm256_unpacklo_epi64(a, c), odd = _mm256_unpackhi_epi64(a, c);
        _mm_storeu_si128((__m128i *)(dst[0] + 2 * (2 + k)), _mm256_castsi256_si128(even));
        _mm_storeu_si128((__m128i *)(dst[1] + 2 * (2 + k)), _mm256_castsi256_si128(odd));
        _mm_storeu_si128((__m128i *)(dst[2] + 2 * (2 + k)), _mm256_extracti128_si256(even, 1));
        _mm_storeu_si128((__m128i *)(dst[3] + 2 * (2 + k)), _mm256_extracti128_si256(odd, 1));
    }
    if (k == bytes)
        return;
    _mm256_storeu_si256((__m256i *)pair, g.pair);
    _mm256_storeu_si256((__m256i *)delta, g.delta);
    for (size_t b = 0; b < 4; b++) {
        msadpcm_decode_state st[2];
        for (size_t c = 0; c < 2; c++) {
            const msadpcm_coef *kc = &coefs[src[b * block_align + c]];
            uint32_t p = (uint32_t)pair[2 * b + c];
            st[c] = (msadpcm_decode_state){(int16_t)(p & 0xFFFF), (int16_t)(p >> 16), delta[2 * b + c], kc->coef1,
                                           kc->coef2};
        }
        pacm_msadpcm_decode_stereo_bytes(data[b] + k, bytes - k, dst[b] + 2 * (2 + k), &st[0], &st[1]);
    }
}

#endif
