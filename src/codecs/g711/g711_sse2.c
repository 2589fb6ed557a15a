/*
 * g711_sse2.c - the G.711 SSE2 engine: encoders and decoders computing the G.711 formulas in
 * 16-bit vector lanes, 16 samples per iteration, the row CODEC_SIMD_SSE2 of g711_kernel.c's
 * dispatch table. SSE2 is the x86-64 baseline, so this file needs no extra compiler flags; it
 * is still chosen at run time (PORTACM_SIMD=none and pacm_codec_simd_cap select the plain C row
 * instead). Where the compiler does not target SSE2 it compiles to nothing.
 *
 * The lanes compute the formulas of gen_g711_tables.py through the exponent and mantissa of a float:
 *   - encode: converting the (biased) magnitude to float puts the segment in the exponent and
 *     the four bits after the leading one at the top of the mantissa, so the float's bits >> 19
 *     are (exponent << 4 | quantiser) and one subtraction makes them the code;
 *   - decode: the other way round, (segment << 4 | quantiser) << 19 plus a constant are the
 *     bits of the float whose value is the interval's centre (plus a fixed or per-segment bias).
 * Every value involved is an integer below 2^24, so the floats are exact. The plain C row (the
 * tables) stays the reference and serves the tail; test_kernel_g711.c checks both against every input.
 */
#include "g711_int.h"

#if defined(__SSE2__)
#include <emmintrin.h>

/* For eight non-negative 16-bit lanes n (1 <= n < 2^15): (float exponent << 4) | the four bits
 * after n's leading one, per lane. */
static inline __m128i g711_float_fields(__m128i n)
{
    __m128i lo = _mm_castps_si128(_mm_cvtepi32_ps(_mm_unpacklo_epi16(n, _mm_setzero_si128())));
    __m128i hi = _mm_castps_si128(_mm_cvtepi32_ps(_mm_unpackhi_epi16(n, _mm_setzero_si128())));
    return _mm_packs_epi32(_mm_srli_epi32(lo, 19), _mm_srli_epi32(hi, 19));
}

/* Eight A-law codes (one per 16-bit lane) from eight samples. */
static inline __m128i g711_alaw_encode8(__m128i x)
{
    __m128i sign = _mm_srai_epi16(x, 15);
    __m128i mag = _mm_srli_epi16(_mm_xor_si128(x, sign), 3); /* 0..4095 */
    /* Segment 0 (mag < 32) quantises like segment 1: give it segment 1's leading one, then
     * take the segment field one lower. Segment s >= 1 has exponent 131 + s. */
    __m128i low = _mm_cmplt_epi16(mag, _mm_set1_epi16(32));
    __m128i n = _mm_or_si128(mag, _mm_and_si128(low, _mm_set1_epi16(32)));
    __m128i bias = _mm_add_epi16(_mm_set1_epi16(131 << 4), _mm_and_si128(low, _mm_set1_epi16(0x10)));
    __m128i code = _mm_sub_epi16(g711_float_fields(n), bias);
    __m128i invert = _mm_xor_si128(_mm_set1_epi16(0xD5), _mm_and_si128(sign, _mm_set1_epi16(0x80)));
    return _mm_xor_si128(code, invert);
}

/* Eight mu-law codes (one per 16-bit lane) from eight samples. */
static inline __m128i g711_ulaw_encode8(__m128i x)
{
    __m128i sign = _mm_srai_epi16(x, 15);
    __m128i scaled = _mm_srai_epi16(x, 2);
    __m128i mag = _mm_sub_epi16(_mm_xor_si128(scaled, sign), sign); /* 0..8192 */
    /* 33..8191: the leading one of segment s is bit s + 5, exponent 132 + s. */
    __m128i n = _mm_add_epi16(_mm_min_epi16(mag, _mm_set1_epi16(8158)), _mm_set1_epi16(33));
    __m128i code = _mm_sub_epi16(g711_float_fields(n), _mm_set1_epi16(132 << 4));
    __m128i invert = _mm_xor_si128(_mm_set1_epi16(0xFF), _mm_and_si128(sign, _mm_set1_epi16(0x80)));
    return _mm_xor_si128(code, invert);
}

/* Four int32 lanes from the floats whose bits are (c << 24 >> 5) + 0x43040000: c's low seven
 * bits (segment s, quantiser q) become exponent 134 + s and mantissa q/16 + 1/32, i.e. the
 * value (0x84 + 8q) << s. `c24` holds c << 24 with c's top bit already cleared. */
static inline __m128i g711_decode_float4(__m128i c24)
{
    __m128i bits = _mm_add_epi32(_mm_srli_epi32(c24, 5), _mm_set1_epi32(0x43040000));
    return _mm_cvttps_epi32(_mm_castsi128_ps(bits));
}

/* 16 codes (already xor-ed to sign-magnitude, bit 7 set = negative) to 16 magnitudes-with-sign
 * minus `bias16` (per 16-bit lane, low and high half). */
static inline void g711_decode16(__m128i c, __m128i bias_lo, __m128i bias_hi, int16_t *out)
{
    __m128i zero = _mm_setzero_si128();
    __m128i negative = _mm_cmplt_epi8(c, zero);
    __m128i c7 = _mm_and_si128(c, _mm_set1_epi8(0x7F));
    __m128i w_lo = _mm_unpacklo_epi8(zero, c7), w_hi = _mm_unpackhi_epi8(zero, c7); /* c << 8 */
    __m128i lo = _mm_packs_epi32(g711_decode_float4(_mm_unpacklo_epi16(zero, w_lo)),
                                 g711_decode_float4(_mm_unpackhi_epi16(zero, w_lo)));
    __m128i hi = _mm_packs_epi32(g711_decode_float4(_mm_unpacklo_epi16(zero, w_hi)),
                                 g711_decode_float4(_mm_unpackhi_epi16(zero, w_hi)));
    __m128i neg_lo = _mm_unpacklo_epi8(negative, negative), neg_hi = _mm_unpackhi_epi8(negative, negative);
    lo = _mm_sub_epi16(lo, bias_lo);
    hi = _mm_sub_epi16(hi, bias_hi);
    _mm_storeu_si128((__m128i *)(void *)out, _mm_sub_epi16(_mm_xor_si128(lo, neg_lo), neg_lo));
    _mm_storeu_si128((__m128i *)(void *)(out + 8), _mm_sub_epi16(_mm_xor_si128(hi, neg_hi), neg_hi));
}

/* 16 samples per iteration through `encode8` (inlined: the callers pass a constant). */
static inline size_t g711_encode_sse2(const int16_t *restrict in, uint8_t *restrict out, size_t n,
                                      __m128i (*encode8)(__m128i))
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i a = encode8(_mm_loadu_si128((const __m128i *)(const void *)(in + i)));
        __m128i b = encode8(_mm_loadu_si128((const __m128i *)(const void *)(in + i + 8)));
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_packus_epi16(a, b));
    }
    return i;
}

static size_t alaw_encode_sse2_bulk(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    return g711_encode_sse2(in, out, n, g711_alaw_encode8);
}

static size_t ulaw_encode_sse2_bulk(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    return g711_encode_sse2(in, out, n, g711_ulaw_encode8);
}

/* A-law: value (0x84 + 8q) << s from the float is (0x108 + 16q) << (s - 1) for s >= 1; segment
 * 0 is given segment 1's value (16q + 0x108), 0x100 above its own (16q + 8). */
static size_t alaw_decode_sse2_bulk(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    size_t i = 0;
    __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i c = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(in + i)),
                                  _mm_set1_epi8((char)0xD5));
        __m128i seg0 = _mm_cmpeq_epi8(_mm_and_si128(c, _mm_set1_epi8(0x70)), zero);
        c = _mm_or_si128(c, _mm_and_si128(seg0, _mm_set1_epi8(0x10)));
        /* bias 0x100 for segment 0: seg0 bytes (0 or 0xFF) as the high byte of each word. */
        __m128i one = _mm_and_si128(seg0, _mm_set1_epi8(1));
        g711_decode16(c, _mm_unpacklo_epi8(zero, one), _mm_unpackhi_epi8(zero, one), out + i);
    }
    return i;
}

/* mu-law: the value is (0x84 + 8q) << s minus 0x84. */
static size_t ulaw_decode_sse2_bulk(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    size_t i = 0;
    __m128i bias = _mm_set1_epi16(0x84);
    for (; i + 16 <= n; i += 16) {
        __m128i c = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(in + i)),
                                  _mm_set1_epi8((char)0xFF));
        g711_decode16(c, bias, bias, out + i);
    }
    return i;
}

G711_ENGINE_ROW(sse2, alaw_encode, int16_t, uint8_t)
G711_ENGINE_ROW(sse2, ulaw_encode, int16_t, uint8_t)
G711_ENGINE_ROW(sse2, alaw_decode, uint8_t, int16_t)
G711_ENGINE_ROW(sse2, ulaw_decode, uint8_t, int16_t)
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int g711_sse2_not_built;
#endif
