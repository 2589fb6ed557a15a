/*
 * gsm_avx2.c - the GSM 06.10 short-term synthesis and post-processing (gsm_decode.c's
 * synthesis_exact) with 128-bit vectors: the CODEC_SIMD_AVX2 row of the synthesis dispatch
 * table (gsm_decode_int.h). This file alone is compiled with -mavx2 (src/CMakeLists.txt) and is
 * reached only through that table, after pacm_codec_simd_level() has said the CPU and the OS
 * support AVX2 (it needs SSSE3's pmulhrsw and pshufb and SSE4.1's pblendw; AVX2 machines have
 * them, and the VEX encoding saves register copies).
 *
 * One vector holds the lattice's eight stages, lane k for stage k (v[k], rrp[k+1]). Per sample:
 *   - P = mult_r(rrp, v) in every lane (pmulhrsw is (a*b + 16384) >> 15 exactly, the standard's
 *     mult_r, whenever not both operands are -32768; a reflection coefficient never is);
 *   - the standard's serial chain sri -= P[7], sri -= P[6], ..., sri -= P[0] (saturating) runs in
 *     all lanes at once: lane k must end as the sri of stage k, which has subtracted P[7] down to
 *     P[k], so step m subtracts P[m] broadcast to lanes 0..m and 0 from the others (one pshufb
 *     both broadcasts and zeroes). Subtracting 0 saturates nothing, so every lane sees exactly
 *     the standard's sequence of saturating subtractions;
 *   - v[k+1] = v[k] + mult_r(rrp[k], sri of stage k) (saturating) for k = 0..6 in all lanes,
 *     shifted up one lane, and v[0] = the final sri (lane 0), which is also the output sr.
 * The loop-carried path is what limits the speed, so the next sample's products are formed
 * without the lane shift (multiplying by the coefficients shifted down instead), two stages at
 * a time as soon as this sample's sri of those stages are final: the next sample starts while
 * this one finishes (about 16 cycles a sample where vector adds take 2, instead of 26).
 * The de-emphasis, upscaling and truncation (4.3.5 - 4.3.7) run in lane 0 of vectors too
 * (pmulhrsw by beta = 28180, saturating adds), interleaved with the lattice so that the two
 * dependency chains overlap.
 */
#include "gsm_decode_int.h"

#if defined(__x86_64__) || defined(__i386__)
#if !defined(__AVX2__)
#error "gsm_avx2.c must be compiled with -mavx2 (see src/CMakeLists.txt)"
#endif

#include <immintrin.h>

/* A pshufb control that copies word `from` of its source to lanes 0..`to` and zeroes the rest. */
static __m128i broadcast_control(int from, int to)
{
    uint8_t control[16];
    for (int j = 0; j < 8; j++) {
        control[2 * j] = j <= to ? (uint8_t)(2 * from) : 0x80;
        control[2 * j + 1] = j <= to ? (uint8_t)(2 * from + 1) : 0x80;
    }
    return _mm_loadu_si128((const __m128i *)control);
}

/* One lattice stage m of the chain: lanes 0..m subtract the product P[m] held in `products`. */
#define STAGE(products, control) s = _mm_subs_epi16(s, _mm_shuffle_epi8((products), (control)))

/* The next sample's products of the stages whose sri is final in `s`: lane j of the result is
 * mult_r(rrp'[j + 1], v[j] + mult_r(rrp[j], sri of stage j)) = P[j + 1] of the next sample,
 * rrp being this sample's coefficients and rrp' the next sample's. */
#define NEXT_PRODUCTS(r_this, r_follow_next)                                                      \
    _mm_mulhrs_epi16(_mm_adds_epi16(lattice, _mm_mulhrs_epi16(s, (r_this))), (r_follow_next))

/* One sample k with this sample's coefficients r_this and the next sample's r_follow (and
 * r_follow_next, r_follow shifted down one lane): the 8 stages, the next sample's products
 * formed two stages at a time as soon as this sample's sri of those stages are final (so the
 * next sample's first stages need not wait for this one's last), and the post-processing. */
#define SAMPLE(k, r_this, r_follow, r_follow_next)                                                \
    do {                                                                                         \
        __m128i s = _mm_set1_epi16(wt[k]);                                                       \
        STAGE(p76, c7);                                                                          \
        STAGE(p76, c6);                                                                          \
        STAGE(p54, c5);                                                                          \
        p76 = NEXT_PRODUCTS(r_this, r_follow_next);                                              \
        STAGE(p54, c4);                                                                          \
        STAGE(p32, c3);                                                                          \
        p54 = NEXT_PRODUCTS(r_this, r_follow_next);                                              \
        STAGE(p32, c2);                                                                          \
        STAGE(p1, c1);                                                                           \
        p32 = NEXT_PRODUCTS(r_this, r_follow_next);                                              \
        STAGE(t, c0);                                                                            \
        /* u[j] = v[j] + mult_r(rrp[j], sri of stage j) is the next sample's v[j + 1]; the next \
         * P[0] is mult_r(rrp'[0], sr) since the next v[0] is sr. */                             \
        __m128i u = _mm_adds_epi16(lattice, _mm_mulhrs_epi16(s, (r_this)));                      \
        t = _mm_mulhrs_epi16(s, (r_follow));                                                     \
        p1 = _mm_mulhrs_epi16(u, (r_follow_next));                                               \
        lattice = _mm_blend_epi16(_mm_slli_si128(u, 2), s, 0x01);                                \
        /* Post-processing in lane 0, where s holds sr: msr = sr + mult_r(msr, beta), then 2 *  \
         * msr with the three low bits cleared, all saturating as the standard's add. */        \
        msr = _mm_adds_epi16(s, _mm_mulhrs_epi16(msr, beta));                                    \
        out[k] = (int16_t)_mm_extract_epi16(_mm_and_si128(_mm_adds_epi16(msr, msr), truncate), 0); \
    } while (0)

void pacm_gsm_synthesis_avx2(int16_t v[GSM_LAR_COUNT], int16_t *msr_io, const int16_t rp[4][GSM_LAR_COUNT],
                             const int16_t wt[GSM_FRAME_SAMPLES], int16_t out[GSM_FRAME_SAMPLES])
{
    /* Stage m >= 1 takes P[m] from lane m - 1 of a "shifted" product vector: p76 for stages 7
     * and 6, p54, p32, p1; stage 0 takes P[0] from lane 0 of t. */
    const __m128i c7 = broadcast_control(6, 7), c6 = broadcast_control(5, 6), c5 = broadcast_control(4, 5),
                  c4 = broadcast_control(3, 4), c3 = broadcast_control(2, 3), c2 = broadcast_control(1, 2),
                  c1 = broadcast_control(0, 1), c0 = broadcast_control(0, 0);
    const __m128i beta = _mm_set1_epi16(GSM_DEEMPHASIS), truncate = _mm_set1_epi16((int16_t)0xFFF8);
    __m128i r = _mm_loadu_si128((const __m128i *)rp[0]);
    __m128i r_next = _mm_srli_si128(r, 2); /* lane j: rrp of stage j + 1 */
    __m128i lattice = _mm_loadu_si128((const __m128i *)v);
    __m128i t = _mm_mulhrs_epi16(lattice, r);
    __m128i p76 = _mm_mulhrs_epi16(_mm_srli_si128(lattice, 2), r_next), p54 = p76, p32 = p76, p1 = p76;
    __m128i msr = _mm_cvtsi32_si128((uint16_t)*msr_io); /* lane 0; the other lanes are unused */
    /* The four interpolation segments run as one pipeline: the last sample of a segment forms
     * the next one's products with the next segment's coefficients. */
    static const int segment_end[4] = {13, 27, 40, GSM_FRAME_SAMPLES};
    int k = 0;
    for (int segment = 0; segment < 4; segment++) {
        for (; k < segment_end[segment] - 1; k++)
            SAMPLE(k, r, r, r_next);
        __m128i r_follow = segment < 3 ? _mm_loadu_si128((const __m128i *)rp[segment + 1]) : r;
        __m128i r_follow_next = _mm_srli_si128(r_follow, 2);
        SAMPLE(k, r, r_follow, r_follow_next);
        k++;
        r = r_follow;
        r_next = r_follow_next;
    }
    _mm_storeu_si128((__m128i *)v, lattice);
    *msr_io = (int16_t)_mm_extract_epi16(msr, 0);
}

#endif
