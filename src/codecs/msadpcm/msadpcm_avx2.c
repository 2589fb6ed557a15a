/*
 * msadpcm_avx2.c - the MS ADPCM encoder's closed-loop trials with AVX2: one job (a channel of
 * a block) is 8 lanes of one 256-bit vector, one lane per coefficient pair, and 4 jobs step
 * together so the processor overlaps their dependency chains (each step of one job is a chain
 * of about 45 cycles: prediction, division, reconstruction; the 4 chains keep the vector units
 * busy). It is the CODEC_SIMD_AVX2 row of the job-trial dispatch table (msadpcm_int.h). This
 * file alone is compiled with -mavx2 (src/CMakeLists.txt) and is reached only through that
 * table, after pacm_codec_simd_level() has said the CPU and the OS support AVX2.
 *
 * Every lane computes exactly what msadpcm_kernel.c's msadpcm_encode_step does for its pair (the
 * equivalence test compares the bytes with the plain C encoder), with coefficients within
 * +-4096 so no product leaves 32 bits:
 *   - prediction (s1*c1 + s2*c2) >> 8 is one vpmaddwd of the (s1, s2) words with (c1, c2);
 *   - the nibble rounded half away from zero is the truncated float quotient
 *     (2r + sgn(r) delta) / (2 delta), exact for these magnitudes (the proof is above
 *     lanes_quantise in msadpcm_kernel.c), clamped to -8..7;
 *   - the reconstruction predicted + q * delta (|q * delta| < 2^22) is clamped to 16 bits;
 *   - the squared errors are summed in 64 bits (vpmuldq of the even lanes, then the odd);
 *   - the adaptation factor of code q & 15 is a permute of the table of codes 0-7 or of
 *     codes 8-15 (the sign of q chooses); delta * factor < 2^31, shifted arithmetically, at
 *     least 16.
 */
#include "msadpcm_int.h"

#if defined(__x86_64__) || defined(__i386__)
#if !defined(__AVX2__)
#error "msadpcm_avx2.c must be compiled with -mavx2 (see src/CMakeLists.txt)"
#endif

#include <immintrin.h>

/* Jobs stepped together. */
#define AVX2_GROUP 4

typedef struct avx2_lanes {
    __m256i sp, coef, delta, cost_lo, cost_hi; /* cost: 64-bit sums of the even, odd lanes */
} avx2_lanes;

static void lanes_init(avx2_lanes *g, const msadpcm_trial_job *job)
{
    int s2 = msadpcm_trial_sample(job, 0), s1 = msadpcm_trial_sample(job, 1);
    int16_t coef[16];
    for (int l = 0; l < 8; l++) {
        coef[2 * l] = job->coef1[l];
        coef[2 * l + 1] = job->coef2[l];
    }
    g->sp = _mm256_set1_epi32((int32_t)(((uint32_t)(uint16_t)s2 << 16) | (uint16_t)s1));
    g->coef = _mm256_loadu_si256((const __m256i *)coef);
    g->delta = _mm256_loadu_si256((const __m256i *)job->delta);
    g->cost_lo = g->cost_hi = _mm256_setzero_si256();
}

/* One sample for one job's 8 lanes; returns the clamped nibbles (-8..7) as 32-bit lanes. */
static inline __m256i lanes_step(avx2_lanes *g, int target_sample)
{
    const __m256i factors_low = _mm256_setr_epi32(230, 230, 230, 230, 307, 409, 512, 614);
    const __m256i factors_high = _mm256_setr_epi32(768, 614, 512, 409, 307, 230, 230, 230);
    __m256i target = _mm256_set1_epi32(target_sample);
    __m256i p = _mm256_srai_epi32(_mm256_madd_epi16(g->sp, g->coef), 8);
    __m256i r = _mm256_sub_epi32(target, p);
    __m256i x = _mm256_add_epi32(_mm256_add_epi32(r, r), _mm256_sign_epi32(g->delta, r));
    __m256 dtwo = _mm256_cvtepi32_ps(_mm256_add_epi32(g->delta, g->delta));
    __m256i q = _mm256_cvttps_epi32(_mm256_div_ps(_mm256_cvtepi32_ps(x), dtwo));
    q = _mm256_max_epi32(_mm256_min_epi32(q, _mm256_set1_epi32(7)), _mm256_set1_epi32(-8));
    __m256i s = _mm256_add_epi32(p, _mm256_mullo_epi32(q, g->delta));
    s = _mm256_max_epi32(_mm256_min_epi32(s, _mm256_set1_epi32(32767)), _mm256_set1_epi32(-32768));
    /* The new (s1, s2) words: s in the low word, the old s1 moved to the high word. */
    g->sp = _mm256_blend_epi16(_mm256_slli_epi32(g->sp, 16), s, 0x55);
    /* Signed 32 x 32 -> 64-bit squares of the even lanes, then of the odd ones. */
    __m256i e = _mm256_sub_epi32(target, s);
    g->cost_lo = _mm256_add_epi64(g->cost_lo, _mm256_mul_epi32(e, e));
    __m256i odd = _mm256_srli_epi64(e, 32);
    g->cost_hi = _mm256_add_epi64(g->cost_hi, _mm256_mul_epi32(odd, odd));
    /* The factor of code q & 15: vpermd reads the low three bits, the sign of q picks the
     * table of codes 0-7 or of codes 8-15. */
    __m256i f = _mm256_castps_si256(_mm256_blendv_ps(
        _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(factors_low, q)),
        _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(factors_high, q)), _mm256_castsi256_ps(q)));
    __m256i next = _mm256_srai_epi32(_mm256_mullo_epi32(f, g->delta), 8);
    g->delta = _mm256_max_epi32(next, _mm256_set1_epi32(MSADPCM_MIN_DELTA));
    return q;
}

/* The nibbles of 4 jobs' 8 lanes as 32 bytes, job after job. The packs work inside each
 * 128-bit half ([j0 0-3, j1 0-3, j2 0-3, j3 0-3 | j0 4-7, ...]); one dword permute puts each
 * job's 8 bytes together. Only the first `count` jobs' bytes are stored. */
static inline void store_codes(uint8_t *row, unsigned count, __m256i q0, __m256i q1, __m256i q2, __m256i q3)
{
    __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(q0, q1), _mm256_packs_epi32(q2, q3));
    bytes = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    bytes = _mm256_and_si256(bytes, _mm256_set1_epi8(15));
    if (count == 4) {
        _mm256_storeu_si256((__m256i *)row, bytes);
        return;
    }
    __m128i low = _mm256_castsi256_si128(bytes);
    if (count >= 2)
        _mm_storeu_si128((__m128i *)row, low);
    else
        _mm_storel_epi64((__m128i *)row, low);
    if (count == 3)
        _mm_storel_epi64((__m128i *)(row + 16), _mm256_extracti128_si256(bytes, 1));
}

static inline void lanes_costs(const avx2_lanes *g, uint64_t *cost)
{
    uint64_t even[4], odd[4];
    _mm256_storeu_si256((__m256i *)even, g->cost_lo);
    _mm256_storeu_si256((__m256i *)odd, g->cost_hi);
    for (int l = 0; l < 4; l++) {
        cost[2 * l] = even[l];
        cost[2 * l + 1] = odd[l];
    }
}

/* `count` (1..AVX2_GROUP, a constant where inlined) jobs over the block. */
static inline void trial_group(const msadpcm_trial_job *jobs, unsigned count, size_t length,
                               uint8_t *codes, size_t row, uint64_t (*cost)[8])
{
    avx2_lanes g[AVX2_GROUP];
    for (unsigned j = 0; j < count; j++)
        lanes_init(&g[j], &jobs[j]);
    /* While every job has input, sample n is read directly (no clamp of n); the samples
     * past a short block (repeats of its last) come from msadpcm_trial_sample. */
    size_t direct = length;
    const int16_t *in[AVX2_GROUP];
    size_t stride[AVX2_GROUP];
    for (unsigned j = 0; j < count; j++) {
        direct = jobs[j].frames < direct ? jobs[j].frames : direct;
        in[j] = jobs[j].in;
        stride[j] = jobs[j].stride;
    }
    size_t n = 2;
    for (; n < direct; n++) {
        __m256i q[AVX2_GROUP];
        for (unsigned j = 0; j < AVX2_GROUP; j++)
            q[j] = j < count ? lanes_step(&g[j], in[j][n * stride[j]]) : _mm256_setzero_si256();
        store_codes(codes + (n - 2) * row, count, q[0], q[1], q[2], q[3]);
    }
    for (; n < length; n++) {
        __m256i q[AVX2_GROUP];
        for (unsigned j = 0; j < AVX2_GROUP; j++)
            q[j] = j < count ? lanes_step(&g[j], msadpcm_trial_sample(&jobs[j], n)) : _mm256_setzero_si256();
        store_codes(codes + (n - 2) * row, count, q[0], q[1], q[2], q[3]);
    }
    for (unsigned j = 0; j < count; j++)
        lanes_costs(&g[j], cost[j]);
}

void pacm_msadpcm_trials_avx2(const msadpcm_trial_job *jobs, unsigned count, size_t length,
                         uint8_t *codes, size_t row, uint64_t (*cost)[8])
{
    for (unsigned first = 0; first < count; first += AVX2_GROUP) {
        const msadpcm_trial_job *group = jobs + first;
        uint8_t *at = codes + 8 * first;
        switch (count - first) { /* constant counts, so each loop is unrolled over its jobs */
        case 1: trial_group(group, 1, length, at, row, cost + first); break;
        case 2: trial_group(group, 2, length, at, row, cost + first); break;
        case 3: trial_group(group, 3, length, at, row, cost + first); break;
        default: trial_group(group, AVX2_GROUP, length, at, row, cost + first); break;
        }
    }
}
#endif
