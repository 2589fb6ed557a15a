/*
 * msadpcm_sse2.c - the MS ADPCM SSE2 engine: the SSE2 rows of both trial dispatch tables
 * (msadpcm_int.h), 8 lanes (one channel's coefficient pairs) per group of two vectors. SSE2
 * is the x86-64 baseline, so this file needs no extra compiler flags; it is still chosen at
 * run time (PORTACM_SIMD=none and pacm_codec_simd_cap select the plain C rows). Where the compiler
 * does not target SSE2 it compiles to nothing.
 *
 * Every operation mirrors the plain C lanes' arithmetic (lane_step in msadpcm_kernel.c), so the
 * costs and nibbles are the same bit for bit:
 *   - the prediction s1*c1 + s2*c2 is one pmaddwd on (s1, s2) and (c1, c2) word pairs (exact:
 *     samples are 16-bit, coefficients within +-4096);
 *   - the quantiser gives the same nibble as the float ratio rounded half away from zero
 *     (one float division of exact integers, truncated; see lanes_quantise for why it is
 *     exact), clamped to -8..7 in 16 bits;
 *   - the reconstruction predicted + q*delta is one pmaddwd of (q, 32 q) and the split delta
 *     (exact: delta < 2^19 with such coefficients), and packssdw saturates to 16 bits as
 *     clamp16 does; the packed words become the next (s1, s2);
 *   - delta * factor is one pmaddwd with delta split as (delta & 31, delta >> 5) and the
 *     factor as (factor, 32 * factor): exact below 2^31;
 *   - the squared errors (below 2^32) are summed in 64 bits with pmuludq.
 */
#include "msadpcm_int.h"

#if defined(__SSE2__)
#include <emmintrin.h>

static inline __m128i msadpcm_abs32(__m128i x)
{
    __m128i sign = _mm_srai_epi32(x, 31);
    return _mm_sub_epi32(_mm_xor_si128(x, sign), sign);
}

static inline __m128i msadpcm_split_delta(__m128i delta)
{
    return _mm_or_si128(_mm_and_si128(delta, _mm_set1_epi32(31)),
                        _mm_slli_epi32(_mm_srli_epi32(delta, 5), 16));
}

/* The state of one group of 8 lanes (one channel): two vectors each of (s1, s2) words,
 * coefficient words, delta (as 32-bit, split words and 2 * delta in float), 64-bit error
 * sums; `prev` holds the s1 words. */
typedef struct msadpcm_group {
    __m128i sp[2], coef[2], delta[2], dsplit[2], cost_even[2], cost_odd[2], prev;
    __m128 dtwo[2];
} msadpcm_group;

static inline void group_init(msadpcm_group *g, const msadpcm_trial_job *job)
{
    int s2 = msadpcm_trial_sample(job, 0), s1 = msadpcm_trial_sample(job, 1);
    g->prev = _mm_set1_epi16((int16_t)s1);
    for (int h = 0; h < 2; h++) {
        int16_t c[8];
        for (int k = 0; k < 4; k++) {
            c[2 * k] = job->coef1[4 * h + k];
            c[2 * k + 1] = job->coef2[4 * h + k];
        }
        g->sp[h] = _mm_set1_epi32((int32_t)(((uint32_t)(uint16_t)s2 << 16) | (uint16_t)s1));
        g->coef[h] = _mm_loadu_si128((const __m128i *)c);
        __m128i delta = _mm_loadu_si128((const __m128i *)(job->delta + 4 * h));
        g->delta[h] = delta;
        g->dsplit[h] = msadpcm_split_delta(delta);
        g->dtwo[h] = _mm_cvtepi32_ps(_mm_add_epi32(delta, delta));
        g->cost_even[h] = g->cost_odd[h] = _mm_setzero_si128();
    }
}

/* The nibbles of 4 lanes before clamping to -8..7, and the predictions.
 *
 * Why this equals the C quantiser (clamp of the float ratio rounded half away from zero):
 * with coefficients within +-4096, |predicted| <= 2 * 32768 * 4096 / 256 = 2^20, so the
 * residual r has |r| < 2^20 + 2^15; delta starts at most 32767 and only grows past its value
 * for |nibble| >= 4, i.e. when |r| >= 3.5 * delta, by at most 768/256 for |r| >= 7.5 * delta,
 * so by induction delta < max(32767, 3 * (2^20 + 2^15) / 7.5, 2.4 * (2^20 + 2^15) / 6.5, ...)
 * < 2^19. Then the C path's float ratio r/delta (both exact in float) rounded to nearest is
 * off by at most half an ulp (2^-21 below 16), while a non-half-integer r/delta is at least
 * 1/(2 delta) > 2^-20 from every half-integer: the float rounding gives the exact
 * round-half-away nibble sgn(r) * floor((2|r| + delta) / (2 delta)). That is the truncated
 * quotient (2r + sgn(r) delta) / (2 delta), computed here as one float division of exact
 * integers (|2r +- delta| < 2^22, 2 delta < 2^20) whose truncation is exact by the same
 * argument (a non-integer quotient is at least 1/(2 delta) > 2^-20 from an integer; half an
 * ulp below 16 is 2^-21; from 16 on both sides clamp to the same nibble). So the per-sample
 * dependency chain holds one division and no float rounding, clamp or reconstruction. */
static inline __m128i lanes_quantise(__m128i sp, __m128i coef, __m128i delta, __m128 dtwo,
                                     __m128i target, __m128i *predicted)
{
    __m128i p = _mm_srai_epi32(_mm_madd_epi16(sp, coef), 8);
    __m128i r = _mm_sub_epi32(target, p);
    __m128i sign = _mm_srai_epi32(r, 31);
    __m128i x = _mm_add_epi32(_mm_add_epi32(r, r), _mm_sub_epi32(_mm_xor_si128(delta, sign), sign));
    *predicted = p;
    return _mm_cvttps_epi32(_mm_div_ps(_mm_cvtepi32_ps(x), dtwo));
}

/* Adds the squared errors of 4 lanes (clamped samples as the words of `words`' odd halves). */
static inline void lanes_cost(__m128i *even, __m128i *odd, __m128i target, __m128i words)
{
    __m128i err = msadpcm_abs32(_mm_sub_epi32(target, _mm_srai_epi32(words, 16)));
    *even = _mm_add_epi64(*even, _mm_mul_epu32(err, err));
    __m128i high = _mm_srli_epi64(err, 32);
    *odd = _mm_add_epi64(*odd, _mm_mul_epu32(high, high));
}

/* The next delta of 4 lanes from the factor words (factor, 32 * factor). */
static inline void lanes_adapt(__m128i *delta, __m128i *dsplit, __m128 *dtwo, __m128i multiplier)
{
    const __m128i min_delta = _mm_set1_epi32(MSADPCM_MIN_DELTA);
    __m128i next = _mm_srai_epi32(_mm_madd_epi16(*dsplit, multiplier), 8);
    __m128i below = _mm_cmpgt_epi32(min_delta, next);
    next = _mm_xor_si128(next, _mm_and_si128(_mm_xor_si128(next, min_delta), below));
    *delta = next;
    *dsplit = msadpcm_split_delta(next);
    *dtwo = _mm_cvtepi32_ps(_mm_add_epi32(next, next));
}

/* One sample for a group; returns its 8 nibbles as 16-bit words. */
static inline __m128i group_step(msadpcm_group *g, int target_sample)
{
    __m128i target = _mm_set1_epi32(target_sample);
    __m128i p0, p1;
    __m128i q0 = lanes_quantise(g->sp[0], g->coef[0], g->delta[0], g->dtwo[0], target, &p0);
    __m128i q1 = lanes_quantise(g->sp[1], g->coef[1], g->delta[1], g->dtwo[1], target, &p1);
    /* Clamped in 16 bits (packssdw saturates first, which keeps the order). */
    __m128i q16 = _mm_packs_epi32(q0, q1);
    q16 = _mm_max_epi16(_mm_min_epi16(q16, _mm_set1_epi16(7)), _mm_set1_epi16(-8));
    /* predicted + q * delta as one pmaddwd of (q, 32 q) and (delta & 31, delta >> 5). */
    __m128i q32 = _mm_slli_epi16(q16, 5);
    __m128i s0 = _mm_add_epi32(p0, _mm_madd_epi16(_mm_unpacklo_epi16(q16, q32), g->dsplit[0]));
    __m128i s1 = _mm_add_epi32(p1, _mm_madd_epi16(_mm_unpackhi_epi16(q16, q32), g->dsplit[1]));
    /* Saturated to 16 bits; with the previous words they are the new (s1, s2). */
    __m128i packed = _mm_packs_epi32(s0, s1);
    g->sp[0] = _mm_unpacklo_epi16(packed, g->prev);
    g->sp[1] = _mm_unpackhi_epi16(packed, g->prev);
    g->prev = packed;
    lanes_cost(&g->cost_even[0], &g->cost_odd[0], target, _mm_unpacklo_epi16(packed, packed));
    lanes_cost(&g->cost_even[1], &g->cost_odd[1], target, _mm_unpackhi_epi16(packed, packed));
    /* The adaptation factor from |nibble|, 8 lanes in 16 bits: 230 up to 3, then 307, 409,
     * 512, 614, and 768 for 8. */
    __m128i sign = _mm_srai_epi16(q16, 15);
    __m128i m = _mm_sub_epi16(_mm_xor_si128(q16, sign), sign);
    __m128i factor = _mm_set1_epi16(230);
    factor = _mm_add_epi16(factor, _mm_and_si128(_mm_cmpgt_epi16(m, _mm_set1_epi16(3)), _mm_set1_epi16(77)));
    factor = _mm_add_epi16(factor, _mm_and_si128(_mm_cmpgt_epi16(m, _mm_set1_epi16(4)), _mm_set1_epi16(102)));
    factor = _mm_add_epi16(factor, _mm_and_si128(_mm_cmpgt_epi16(m, _mm_set1_epi16(5)), _mm_set1_epi16(103)));
    factor = _mm_add_epi16(factor, _mm_and_si128(_mm_cmpgt_epi16(m, _mm_set1_epi16(6)), _mm_set1_epi16(102)));
    factor = _mm_add_epi16(factor, _mm_and_si128(_mm_cmpgt_epi16(m, _mm_set1_epi16(7)), _mm_set1_epi16(154)));
    __m128i scaled = _mm_slli_epi16(factor, 5);
    lanes_adapt(&g->delta[0], &g->dsplit[0], &g->dtwo[0], _mm_unpacklo_epi16(factor, scaled));
    lanes_adapt(&g->delta[1], &g->dsplit[1], &g->dtwo[1], _mm_unpackhi_epi16(factor, scaled));
    return q16;
}

static inline void group_costs(const msadpcm_group *g, uint64_t *cost)
{
    for (int h = 0; h < 2; h++) {
        uint64_t even[2], odd[2];
        _mm_storeu_si128((__m128i *)even, g->cost_even[h]);
        _mm_storeu_si128((__m128i *)odd, g->cost_odd[h]);
        cost[4 * h] = even[0];
        cost[4 * h + 1] = odd[0];
        cost[4 * h + 2] = even[1];
        cost[4 * h + 3] = odd[1];
    }
}

/* The 8 lanes lanes[0..7] (one channel) as a job. */
static void job_of_lanes(msadpcm_trial_job *job, const int16_t *in, size_t frames, size_t ch,
                         const msadpcm_lane *lanes)
{
    job->in = in + lanes[0].channel;
    job->stride = ch;
    job->frames = frames;
    for (unsigned l = 0; l < 8; l++) {
        job->coef1[l] = lanes[l].coef->coef1;
        job->coef2[l] = lanes[l].coef->coef2;
        job->delta[l] = lanes[l].delta;
    }
}

/* The SSE2 row of the lane trial: one or two groups (8 or 16 lanes, each group one channel's
 * lanes) over the block; each group's state stays in registers. */
void pacm_msadpcm_trial_lanes_sse2(const int16_t *in, size_t frames, size_t ch, size_t length,
                              msadpcm_lane *lanes, unsigned count, uint8_t *codes)
{
    msadpcm_group a, b;
    msadpcm_trial_job ja, jb;
    job_of_lanes(&ja, in, frames, ch, lanes);
    group_init(&a, &ja);
    const __m128i nibble = _mm_set1_epi8(15);
    uint8_t scratch[MSADPCM_LANES];
    size_t row_step = codes != NULL ? MSADPCM_LANES : 0;
    uint8_t *row = codes != NULL ? codes : scratch;
    uint64_t cost[MSADPCM_LANES] = {0};
    if (count <= 8) {
        for (size_t n = 2; n < length; n++, row += row_step) {
            __m128i qa = group_step(&a, msadpcm_trial_sample(&ja, n));
            _mm_storel_epi64((__m128i *)row, _mm_and_si128(_mm_packs_epi16(qa, qa), nibble));
        }
    } else {
        job_of_lanes(&jb, in, frames, ch, lanes + 8);
        group_init(&b, &jb);
        for (size_t n = 2; n < length; n++, row += row_step) {
            __m128i qa = group_step(&a, msadpcm_trial_sample(&ja, n));
            __m128i qb = group_step(&b, msadpcm_trial_sample(&jb, n));
            _mm_storeu_si128((__m128i *)row, _mm_and_si128(_mm_packs_epi16(qa, qb), nibble));
        }
        group_costs(&b, cost + 8);
    }
    group_costs(&a, cost);
    for (unsigned l = 0; l < count; l++)
        lanes[l].cost = cost[l];
}

/* ---- the job trials ------------------------------------------------------------------------
 * One job's closed-loop trial is one long dependent chain per sample (prediction, division,
 * reconstruction, adaptation), so a single 8-lane group leaves the processor idle for most of
 * each step. Jobs are independent, so up to SSE2_GROUP of them step in the same loop (usually
 * channels of different blocks) and the processor overlaps their chains. */
#define SSE2_GROUP 4

/* `count` (1..SSE2_GROUP, a constant where inlined) jobs; `clamp`: some job has fewer input
 * frames than `length` (else the samples are read without the check). */
static inline void trial_group(const msadpcm_trial_job *jobs, unsigned count, size_t length, uint8_t *codes,
                               size_t row, uint64_t (*cost)[8], int clamp)
{
    msadpcm_group g[SSE2_GROUP];
    const __m128i nibble = _mm_set1_epi8(15);
    for (unsigned j = 0; j < count; j++)
        group_init(&g[j], &jobs[j]);
    for (size_t n = 2; n < length; n++)
        for (unsigned j = 0; j < count; j++) {
            int target = clamp ? msadpcm_trial_sample(&jobs[j], n) : jobs[j].in[n * jobs[j].stride];
            __m128i q = group_step(&g[j], target);
            _mm_storel_epi64((__m128i *)(void *)(codes + (n - 2) * row + 8 * j),
                             _mm_and_si128(_mm_packs_epi16(q, q), nibble));
        }
    for (unsigned j = 0; j < count; j++)
        group_costs(&g[j], cost[j]);
}

/* The SSE2 row of the job trials (msadpcm_int.h). */
void pacm_msadpcm_trials_sse2(const msadpcm_trial_job *jobs, unsigned count, size_t length, uint8_t *codes,
                         size_t row, uint64_t (*cost)[8])
{
    for (unsigned first = 0; first < count; first += SSE2_GROUP) {
        unsigned n = count - first < SSE2_GROUP ? count - first : SSE2_GROUP;
        int clamp = 0;
        for (unsigned j = 0; j < n; j++)
            clamp |= jobs[first + j].frames < length;
        const msadpcm_trial_job *at = jobs + first;
        uint8_t *c = codes + 8 * first;
        switch (clamp ? 0 : n) { /* constant counts, so each loop is unrolled over its groups */
        case 0: trial_group(at, n, length, c, row, cost + first, 1); break;
        case 1: trial_group(at, 1, length, c, row, cost + first, 0); break;
        case 2: trial_group(at, 2, length, c, row, cost + first, 0); break;
        case 3: trial_group(at, 3, length, c, row, cost + first, 0); break;
        default: trial_group(at, SSE2_GROUP, length, c, row, cost + first, 0); break;
        }
    }
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int msadpcm_sse2_not_built;
#endif
