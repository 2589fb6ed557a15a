/*
 * msadpcm_avx512.c - the MS ADPCM encoder's closed-loop trials with AVX-512 (F and BW): one
 * 512-bit vector holds two jobs (a channel of a block each) of 8 lanes, one lane per
 * coefficient pair, and up to four such vectors (8 jobs) step together so the processor
 * overlaps their dependency chains. The arithmetic is lane for lane that of msadpcm_avx2.c
 * (see the list there of why each step equals msadpcm_kernel.c's plain C encoder), with three steps
 * shorter: the adaptation factor is one permute of the 16-entry table indexed by the nibble's
 * low four bits, the nibbles narrow to bytes in one instruction, and the squared errors are
 * summed modulo 2^32 while a masked add counts the wrap-arounds (no shift or 64-bit multiply:
 * port 0, which takes every 512-bit multiply, shift and conversion, bounds this engine). It is
 * the CODEC_SIMD_AVX512 row of the job-trial dispatch table (msadpcm_int.h). This file alone is
 * compiled with -mavx512f -mavx512bw (src/CMakeLists.txt) and is reached only through that
 * table, after pacm_codec_simd_level() has said the CPU and the OS support it.
 */
#include "msadpcm_int.h"

#if defined(__x86_64__) || defined(__i386__)
#if !defined(__AVX512F__) || !defined(__AVX512BW__)
#error "msadpcm_avx512.c must be compiled with -mavx512f -mavx512bw (see src/CMakeLists.txt)"
#endif

#include <immintrin.h>

/* Vectors (pairs of jobs) stepped together. */
#define AVX512_GROUP (MSADPCM_TRIAL_JOBS / 2)

typedef struct avx512_lanes {
    __m512i sp, coef, delta, cost_lo, cost_hi;
} avx512_lanes;

static inline uint32_t sample_pair(const msadpcm_trial_job *job, size_t n)
{
    return (uint32_t)(uint16_t)msadpcm_trial_sample(job, n);
}

/* Lanes 0-7 from job a, 8-15 from job b (a copy of a when the count is odd). */
static void lanes_init(avx512_lanes *g, const msadpcm_trial_job *a, const msadpcm_trial_job *b)
{
    int16_t coef[32];
    int32_t delta[16], sp[16];
    for (int h = 0; h < 2; h++) {
        const msadpcm_trial_job *job = h ? b : a;
        uint32_t s1 = sample_pair(job, 1), s2 = sample_pair(job, 0);
        for (int l = 0; l < 8; l++) {
            coef[16 * h + 2 * l] = job->coef1[l];
            coef[16 * h + 2 * l + 1] = job->coef2[l];
            delta[8 * h + l] = job->delta[l];
            sp[8 * h + l] = (int32_t)((s2 << 16) | s1);
        }
    }
    g->sp = _mm512_loadu_si512(sp);
    g->coef = _mm512_loadu_si512(coef);
    g->delta = _mm512_loadu_si512(delta);
    g->cost_lo = g->cost_hi = _mm512_setzero_si512();
}

/* One sample for two jobs' lanes; returns the clamped nibbles (-8..7) as 32-bit lanes. */
static inline __m512i lanes_step(avx512_lanes *g, int sample_a, int sample_b)
{
    const __m512i factors = _mm512_setr_epi32(230, 230, 230, 230, 307, 409, 512, 614,
                                              768, 614, 512, 409, 307, 230, 230, 230);
    __m512i target = _mm512_mask_set1_epi32(_mm512_set1_epi32(sample_a), 0xFF00, sample_b);
    __m512i p = _mm512_srai_epi32(_mm512_madd_epi16(g->sp, g->coef), 8);
    __m512i r = _mm512_sub_epi32(target, p);
    __mmask16 negative = _mm512_cmplt_epi32_mask(r, _mm512_setzero_si512());
    __m512i sdelta = _mm512_mask_sub_epi32(g->delta, negative, _mm512_setzero_si512(), g->delta);
    __m512i x = _mm512_add_epi32(_mm512_add_epi32(r, r), sdelta);
    __m512 dtwo = _mm512_cvtepi32_ps(_mm512_add_epi32(g->delta, g->delta));
    __m512i q = _mm512_cvttps_epi32(_mm512_div_ps(_mm512_cvtepi32_ps(x), dtwo));
    q = _mm512_max_epi32(_mm512_min_epi32(q, _mm512_set1_epi32(7)), _mm512_set1_epi32(-8));
    __m512i s = _mm512_add_epi32(p, _mm512_mullo_epi32(q, g->delta));
    s = _mm512_max_epi32(_mm512_min_epi32(s, _mm512_set1_epi32(32767)), _mm512_set1_epi32(-32768));
    /* The new (s1, s2) words: s in the low word, the old s1 moved to the high word. */
    g->sp = _mm512_mask_blend_epi16(0x55555555u, _mm512_slli_epi32(g->sp, 16), s);
    __m512i e = _mm512_sub_epi32(target, s);
    __m512i sq = _mm512_mullo_epi32(e, e);
    /* cost_lo is the sum modulo 2^32, cost_hi counts its wrap-arounds (at most one per
     * sample: a sum below 2^32 plus a square below 2^32). */
    g->cost_lo = _mm512_add_epi32(g->cost_lo, sq);
    __mmask16 wrapped = _mm512_cmplt_epu32_mask(g->cost_lo, sq);
    g->cost_hi = _mm512_mask_sub_epi32(g->cost_hi, wrapped, g->cost_hi, _mm512_set1_epi32(-1));
    /* vpermd reads the low four bits of each index: the nibble's code. */
    __m512i f = _mm512_permutexvar_epi32(q, factors);
    __m512i next = _mm512_srai_epi32(_mm512_mullo_epi32(f, g->delta), 8);
    g->delta = _mm512_max_epi32(next, _mm512_set1_epi32(MSADPCM_MIN_DELTA));
    return q;
}

static inline void lanes_costs(const avx512_lanes *g, uint64_t (*cost)[8], unsigned jobs)
{
    uint32_t lo[16], hi[16];
    _mm512_storeu_si512(lo, g->cost_lo);
    _mm512_storeu_si512(hi, g->cost_hi);
    for (unsigned l = 0; l < 8 * jobs; l++)
        cost[l / 8][l % 8] = ((uint64_t)hi[l] << 32) + lo[l];
}

/* Both jobs' 8 nibbles (16 bytes), or only the first job's when the vector has one. */
static inline void store_codes(uint8_t *at, int both, __m128i bytes)
{
    if (both)
        _mm_storeu_si128((__m128i *)at, bytes);
    else
        _mm_storel_epi64((__m128i *)at, bytes);
}

/* `count` (1..MSADPCM_TRIAL_JOBS, a constant where inlined) jobs over the block. */
static inline void trial_group(const msadpcm_trial_job *jobs, unsigned count, size_t length,
                               uint8_t *codes, size_t row, uint64_t (*cost)[8])
{
    enum { V = AVX512_GROUP };
    unsigned vectors = (count + 1) / 2;
    avx512_lanes g[V];
    for (unsigned v = 0; v < vectors; v++)
        lanes_init(&g[v], &jobs[2 * v], &jobs[2 * v + 1 < count ? 2 * v + 1 : 2 * v]);
    const __m128i nibble = _mm_set1_epi8(15);
    /* While every job has input, sample n is read directly (no clamp of n); the samples
     * past a short block (repeats of its last) come from msadpcm_trial_sample. */
    size_t direct = length;
    const int16_t *in[2 * V];
    size_t stride[2 * V];
    for (unsigned j = 0; j < 2 * vectors; j++) {
        const msadpcm_trial_job *job = &jobs[j < count ? j : j - 1];
        direct = job->frames < direct ? job->frames : direct;
        in[j] = job->in;
        stride[j] = job->stride;
    }
    size_t n = 2;
    for (; n < direct; n++) {
        uint8_t *at = codes + (n - 2) * row;
        for (unsigned v = 0; v < vectors; v++) {
            __m512i q = lanes_step(&g[v], in[2 * v][n * stride[2 * v]], in[2 * v + 1][n * stride[2 * v + 1]]);
            store_codes(at + 16 * v, 2 * v + 1 < count, _mm_and_si128(_mm512_cvtepi32_epi8(q), nibble));
        }
    }
    for (; n < length; n++) {
        uint8_t *at = codes + (n - 2) * row;
        for (unsigned v = 0; v < vectors; v++) {
            const msadpcm_trial_job *b = &jobs[2 * v + 1 < count ? 2 * v + 1 : 2 * v];
            __m512i q = lanes_step(&g[v], msadpcm_trial_sample(&jobs[2 * v], n), msadpcm_trial_sample(b, n));
            store_codes(at + 16 * v, 2 * v + 1 < count, _mm_and_si128(_mm512_cvtepi32_epi8(q), nibble));
        }
    }
    for (unsigned v = 0; v < vectors; v++)
        lanes_costs(&g[v], cost + 2 * v, 2 * v + 1 < count ? 2 : 1);
}

void pacm_msadpcm_trials_avx512(const msadpcm_trial_job *jobs, unsigned count, size_t length,
                           uint8_t *codes, size_t row, uint64_t (*cost)[8])
{
    switch (count) { /* constant counts, so each loop is unrolled over its vectors */
    case 1: trial_group(jobs, 1, length, codes, row, cost); break;
    case 2: trial_group(jobs, 2, length, codes, row, cost); break;
    case 3: trial_group(jobs, 3, length, codes, row, cost); break;
    case 4: trial_group(jobs, 4, length, codes, row, cost); break;
    case 5: trial_group(jobs, 5, length, codes, row, cost); break;
    case 6: trial_group(jobs, 6, length, codes, row, cost); break;
    case 7: trial_group(jobs, 7, length, codes, row, cost); break;
    default: trial_group(jobs, MSADPCM_TRIAL_JOBS, length, codes, row, cost); break;
    }
}
#endif
