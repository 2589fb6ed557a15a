/*
 * g711_avx2.c - the G.711 AVX2 engine (row CODEC_SIMD_AVX2 of g711_kernel.c's dispatch table):
 * the float-field method of g711_sse2.c, 32 samples per iteration. This file alone is compiled
 * with -mavx2 (src/CMakeLists.txt), so nothing here may run before pacm_codec_simd_level() has said
 * (CPUID and XGETBV) that the CPU and the OS support AVX2; the functions are reached only
 * through the dispatch table. Each row converts the multiple of 32 samples with AVX2 and the
 * rest with the plain C row. The method and why it is exact are explained at the top of
 * g711_sse2.c; only the lane bookkeeping differs:
 * AVX2 packs and unpacks work inside each 128-bit half, so one cross-lane permute per 32
 * samples puts the halves in order. On other architectures this file compiles to nothing.
 */
#include "g711_int.h"

#if defined(__x86_64__) || defined(__i386__)
#if !defined(__AVX2__)
#error "g711_avx2.c must be compiled with -mavx2 (see src/CMakeLists.txt)"
#endif

#include <immintrin.h>

/* Per 16-bit lane of n (1 <= n < 2^15): (float exponent << 4) | the four bits after n's
 * leading one. The unpacks and the pack stay inside each 128-bit half, so lane order holds. */
static inline __m256i g711_float_fields16(__m256i n)
{
    __m256i zero = _mm256_setzero_si256();
    __m256i lo = _mm256_castps_si256(_mm256_cvtepi32_ps(_mm256_unpacklo_epi16(n, zero)));
    __m256i hi = _mm256_castps_si256(_mm256_cvtepi32_ps(_mm256_unpackhi_epi16(n, zero)));
    return _mm256_packs_epi32(_mm256_srli_epi32(lo, 19), _mm256_srli_epi32(hi, 19));
}

/* 16 A-law codes (one per 16-bit lane) from 16 samples; same steps as g711_alaw_encode8. */
static inline __m256i g711_alaw_encode16(__m256i x)
{
    __m256i sign = _mm256_srai_epi16(x, 15);
    __m256i mag = _mm256_srli_epi16(_mm256_xor_si256(x, sign), 3); /* 0..4095 */
    __m256i low = _mm256_cmpgt_epi16(_mm256_set1_epi16(32), mag);  /* segment 0 */
    __m256i n = _mm256_or_si256(mag, _mm256_and_si256(low, _mm256_set1_epi16(32)));
    __m256i bias = _mm256_add_epi16(_mm256_set1_epi16(131 << 4),
                                    _mm256_and_si256(low, _mm256_set1_epi16(0x10)));
    __m256i code = _mm256_sub_epi16(g711_float_fields16(n), bias);
    __m256i invert = _mm256_xor_si256(_mm256_set1_epi16(0xD5),
                                      _mm256_and_si256(sign, _mm256_set1_epi16(0x80)));
    return _mm256_xor_si256(code, invert);
}

/* 16 mu-law codes (one per 16-bit lane) from 16 samples; same steps as g711_ulaw_encode8. */
static inline __m256i g711_ulaw_encode16(__m256i x)
{
    __m256i sign = _mm256_srai_epi16(x, 15);
    __m256i scaled = _mm256_srai_epi16(x, 2);
    __m256i mag = _mm256_sub_epi16(_mm256_xor_si256(scaled, sign), sign); /* 0..8192 */
    __m256i n = _mm256_add_epi16(_mm256_min_epi16(mag, _mm256_set1_epi16(8158)),
                                 _mm256_set1_epi16(33));
    __m256i code = _mm256_sub_epi16(g711_float_fields16(n), _mm256_set1_epi16(132 << 4));
    __m256i invert = _mm256_xor_si256(_mm256_set1_epi16(0xFF),
                                      _mm256_and_si256(sign, _mm256_set1_epi16(0x80)));
    return _mm256_xor_si256(code, invert);
}

/* 32 samples per iteration through `encode16` (inlined: the callers pass a constant). The
 * byte pack interleaves the halves as a0-7 b0-7 | a8-15 b8-15; the permute restores order. */
static inline size_t g711_encode_avx2(const int16_t *restrict in, uint8_t *restrict out, size_t n,
                                      __m256i (*encode16)(__m256i))
{
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i a = encode16(_mm256_loadu_si256((const __m256i *)(const void *)(in + i)));
        __m256i b = encode16(_mm256_loadu_si256((const __m256i *)(const void *)(in + i + 16)));
        __m256i codes = _mm256_permute4x64_epi64(_mm256_packus_epi16(a, b), 0xD8);
        _mm256_storeu_si256((__m256i *)(void *)(out + i), codes);
    }
    return i;
}

static size_t alaw_encode_avx2_bulk(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    return g711_encode_avx2(in, out, n, g711_alaw_encode16);
}

static size_t ulaw_encode_avx2_bulk(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    return g711_encode_avx2(in, out, n, g711_ulaw_encode16);
}

/* Eight int32 lanes from the floats whose bits are (c << 24 >> 5) + 0x43040000: the value
 * (0x84 + 8q) << s for c's segment s and quantiser q (see g711_decode_float4). */
static inline __m256i g711_decode_float8(__m256i c24)
{
    __m256i bits = _mm256_add_epi32(_mm256_srli_epi32(c24, 5), _mm256_set1_epi32(0x43040000));
    return _mm256_cvttps_epi32(_mm256_castsi256_ps(bits));
}

/* Loads 32 codes, xor-ed with `invert`, with the 64-bit quarters reordered 0 2 1 3: then the
 * in-half byte-to-word unpacks below yield codes 0-15 (low) and 16-31 (high) in order. */
static inline __m256i g711_load_codes32(const uint8_t *in, __m256i invert)
{
    __m256i c = _mm256_loadu_si256((const __m256i *)(const void *)in);
    return _mm256_permute4x64_epi64(_mm256_xor_si256(c, invert), 0xD8);
}

/* 32 codes (sign-magnitude, bit 7 set = negative, quarters ordered by g711_load_codes32) to 32
 * samples: the value minus `bias` (16-bit lanes for codes 0-15 and 16-31), sign applied. */
static inline void g711_decode32(__m256i c, __m256i bias_lo, __m256i bias_hi, int16_t *out)
{
    __m256i zero = _mm256_setzero_si256();
    __m256i negative = _mm256_cmpgt_epi8(zero, c);
    __m256i c7 = _mm256_and_si256(c, _mm256_set1_epi8(0x7F));
    __m256i w_lo = _mm256_unpacklo_epi8(zero, c7), w_hi = _mm256_unpackhi_epi8(zero, c7);
    __m256i lo = _mm256_packs_epi32(g711_decode_float8(_mm256_unpacklo_epi16(zero, w_lo)),
                                    g711_decode_float8(_mm256_unpackhi_epi16(zero, w_lo)));
    __m256i hi = _mm256_packs_epi32(g711_decode_float8(_mm256_unpacklo_epi16(zero, w_hi)),
                                    g711_decode_float8(_mm256_unpackhi_epi16(zero, w_hi)));
    __m256i neg_lo = _mm256_unpacklo_epi8(negative, negative);
    __m256i neg_hi = _mm256_unpackhi_epi8(negative, negative);
    lo = _mm256_sub_epi16(lo, bias_lo);
    hi = _mm256_sub_epi16(hi, bias_hi);
    _mm256_storeu_si256((__m256i *)(void *)out,
                        _mm256_sub_epi16(_mm256_xor_si256(lo, neg_lo), neg_lo));
    _mm256_storeu_si256((__m256i *)(void *)(out + 16),
                        _mm256_sub_epi16(_mm256_xor_si256(hi, neg_hi), neg_hi));
}

/* A-law: segment 0 takes segment 1's value, 0x100 above its own (as in the SSE2 decoder). */
static size_t alaw_decode_avx2_bulk(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    size_t i = 0;
    __m256i zero = _mm256_setzero_si256();
    for (; i + 32 <= n; i += 32) {
        __m256i c = g711_load_codes32(in + i, _mm256_set1_epi8((char)0xD5));
        __m256i seg0 = _mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8(0x70)), zero);
        c = _mm256_or_si256(c, _mm256_and_si256(seg0, _mm256_set1_epi8(0x10)));
        __m256i one = _mm256_and_si256(seg0, _mm256_set1_epi8(1));
        g711_decode32(c, _mm256_unpacklo_epi8(zero, one), _mm256_unpackhi_epi8(zero, one), out + i);
    }
    return i;
}

/* mu-law: the value minus 0x84. */
static size_t ulaw_decode_avx2_bulk(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    size_t i = 0;
    __m256i bias = _mm256_set1_epi16(0x84);
    for (; i + 32 <= n; i += 32)
        g711_decode32(g711_load_codes32(in + i, _mm256_set1_epi8((char)0xFF)), bias, bias, out + i);
    return i;
}

G711_ENGINE_ROW(avx2, alaw_encode, int16_t, uint8_t)
G711_ENGINE_ROW(avx2, ulaw_encode, int16_t, uint8_t)
G711_ENGINE_ROW(avx2, alaw_decode, uint8_t, int16_t)
G711_ENGINE_ROW(avx2, ulaw_decode, uint8_t, int16_t)
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int g711_avx2_not_built;
#endif
