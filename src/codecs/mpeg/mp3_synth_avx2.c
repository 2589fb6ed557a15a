/*
 * mp3_synth_avx2.c - the AVX2 row of the Layer III decoder's dispatch table (mp3_synth.c):
 * the synthesis window (32 outputs of a time slot = 4 vectors, 16 taps), the rounding of a
 * granule to interleaved 16 bits, and the long-block IMDCT's 18 x 18 products. Each lane
 * computes exactly what the plain C row computes, in the same order and without fused
 * multiply-add, so both rows give the same samples bit for bit. Functions carry
 * target("avx2"); the row is chosen only where pacm_codec_simd_level() allows AVX2.
 */
#include "mp3_int.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>
#include <string.h>

#define AVX2_FN __attribute__((target("avx2")))

AVX2_FN void mp3_window_avx2(const float v[33][64], float out[576])
{
    for (int t = 0; t < 18; t++) {
        __m256 acc0 = _mm256_setzero_ps(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int i = 0; i < 8; i++) {
            const float *a = v[15 + t - 2 * i], *b = v[15 + t - 2 * i - 1] + 32;
            const float *wa = mp3_t.synth_window[2 * i], *wb = mp3_t.synth_window[2 * i + 1];
#define TERM(acc, o)                                                                                   \
    acc = _mm256_add_ps(acc, _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(wa + o), _mm256_loadu_ps(a + o)), \
                                           _mm256_mul_ps(_mm256_loadu_ps(wb + o), _mm256_loadu_ps(b + o))))
            TERM(acc0, 0);
            TERM(acc1, 8);
            TERM(acc2, 16);
            TERM(acc3, 24);
#undef TERM
        }
        _mm256_storeu_ps(out + 32 * t, acc0);
        _mm256_storeu_ps(out + 32 * t + 8, acc1);
        _mm256_storeu_ps(out + 32 * t + 16, acc2);
        _mm256_storeu_ps(out + 32 * t + 24, acc3);
    }
}

AVX2_FN void mp3_store_avx2(const float *left, const float *right, int16_t *pcm, int out_channels)
{
    if (out_channels == 1) {
        for (int i = 0; i < 576; i += 16) {
            __m256i a = _mm256_cvtps_epi32(_mm256_loadu_ps(left + i));
            __m256i b = _mm256_cvtps_epi32(_mm256_loadu_ps(left + i + 8));
            __m256i p = _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xD8);
            _mm256_storeu_si256((__m256i *)(pcm + i), p);
        }
    } else {
        for (int i = 0; i < 576; i += 8) {
            __m256i l = _mm256_cvtps_epi32(_mm256_loadu_ps(left + i));
            __m256i r = _mm256_cvtps_epi32(_mm256_loadu_ps(right + i));
            __m256i p = _mm256_packs_epi32(_mm256_unpacklo_epi32(l, r), _mm256_unpackhi_epi32(l, r));
            _mm256_storeu_si256((__m256i *)(pcm + 2 * i), p);
        }
    }
}

AVX2_FN void mp3_imdct_products_avx2(const float in[18], float u[24])
{
    __m256 u0 = _mm256_setzero_ps(), u1 = u0, u2 = u0;
    for (int k = 0; k < 18; k++) {
        const __m256 v = _mm256_set1_ps(in[k]);
        const float *c = mp3_t.imdct_long[k];
        u0 = _mm256_add_ps(u0, _mm256_mul_ps(v, _mm256_loadu_ps(c)));
        u1 = _mm256_add_ps(u1, _mm256_mul_ps(v, _mm256_loadu_ps(c + 8)));
        u2 = _mm256_add_ps(u2, _mm256_mul_ps(v, _mm256_loadu_ps(c + 16)));
    }
    _mm256_storeu_ps(u, u0);
    _mm256_storeu_ps(u + 8, u1);
    _mm256_storeu_ps(u + 16, u2);
}

#endif
