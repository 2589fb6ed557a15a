/*
 * msadpcm_kernel.c - Microsoft ADPCM (WAVE_FORMAT_ADPCM) blocks.
 *
 * From Microsoft's ADPCM format description: each channel predicts the next sample from the
 * previous two with one of the format's coefficient pairs (chosen per block, in 1/256), codes
 * the residual as a signed 4-bit multiple of a step "delta", and adapts delta by a 16-entry
 * table after every sample (never below 16). The prediction is (s1*c1 + s2*c2) >> 8 with an
 * arithmetic shift, i.e. a floor, as in Microsoft's reference decoder; dividing by 256
 * (rounding toward zero, as Wine's msadp32 and ffmpeg do) gives different samples whenever the
 * sum is negative and not a multiple of 256.
 */
#include "msadpcm_int.h"

#include <stdlib.h>
#include <string.h>

/* x86-64 always has SSE2: the trial lanes then run in an explicit SIMD engine (below). The
 * plain C lanes stay as the fallback and as the reference the equivalence test compares with
 * (it builds this file with MSADPCM_NO_SIMD defined). */
#if defined(__SSE2__) && !defined(MSADPCM_NO_SIMD)
#define MSADPCM_SIMD 1
#include <emmintrin.h>
#else
#define MSADPCM_SIMD 0
#endif

/* The floor of the prediction relies on >> of a negative value being arithmetic, which C
 * leaves to the implementation; every compiler we build with does this. */
_Static_assert((-257 >> 8) == -2, "right shift of negative values must be arithmetic");

/* High-quality search parameters: beam width, samples used to rank start points, and the
 * initial delta multipliers (in 1/4) tried around the seeded value. */
#define MSADPCM_HQ_BEAM 16
#define MSADPCM_HQ_PROBE 32
static const int msadpcm_hq_delta_quarters[] = {1, 2, 4, 8, 16};
#define MSADPCM_HQ_DELTAS (sizeof msadpcm_hq_delta_quarters / sizeof msadpcm_hq_delta_quarters[0])
/* Samples whose mean prediction error seeds the initial delta. */
#define MSADPCM_SEED_SAMPLES 8

static inline int clamp16(int64_t value)
{
    return value < -32768 ? -32768 : value > 32767 ? 32767 : (int)value;
}

static inline int msadpcm_predict(int s1, int s2, const msadpcm_coef *coef)
{
    int64_t sum = (int64_t)s1 * coef->coef1 + (int64_t)s2 * coef->coef2;
    return (int)(sum >> 8);
}

/* delta = table[code] * delta / 256 (shift), at least 16. The reference implementations use
 * 32-bit int; a hostile block can make the product overflow, so the multiplication is done
 * modulo 2^32 as those implementations behave in practice, instead of being undefined. */
static inline int32_t msadpcm_adapt(int32_t delta, unsigned code)
{
    int32_t product = (int32_t)((uint32_t)msadpcm_adaptation_table[code] * (uint32_t)delta);
    int32_t next = product >> 8;
    return next < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : next;
}

size_t msadpcm_samples_per_block(size_t block_align, unsigned channels)
{
    size_t header = 7 * (size_t)channels;
    if (channels == 0 || block_align < header || (block_align - header) * 2 % channels != 0)
        return 0;
    return (block_align - header) * 2 / channels + 2;
}

size_t msadpcm_block_align(size_t spb, unsigned channels)
{
    if (channels == 0 || spb < 2 || (spb - 2) * channels % 2 != 0)
        return 0;
    return 7 * (size_t)channels + (spb - 2) * channels / 2;
}

static inline int read16(const uint8_t *p)
{
    return (int16_t)(p[0] | (p[1] << 8));
}

ptrdiff_t msadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
                               const msadpcm_coef *coefs, unsigned num_coefs,
                               int16_t *out, size_t spb)
{
    if (block == NULL || out == NULL || channels == 0 || spb == 0 ||
        (coefs == NULL && num_coefs > 0))
        return KERNEL_ERR_ARGUMENT;
    size_t ch = channels, header = 7 * ch;
    if (block_size < header)
        return KERNEL_ERR_SHORT_BLOCK;
    for (size_t c = 0; c < ch; c++)
        if (block[c] >= num_coefs)
            return KERNEL_ERR_BAD_PREDICTOR;
    size_t frames = 2 + (block_size - header) * 2 / ch;
    if (frames > spb)
        frames = spb;
    /* Header frames: sample2 is the older one and comes out first. */
    for (size_t c = 0; c < ch; c++) {
        out[c] = (int16_t)read16(block + 5 * ch + 2 * c);
        if (frames > 1)
            out[ch + c] = (int16_t)read16(block + 3 * ch + 2 * c);
    }
    if (frames <= 2)
        return (ptrdiff_t)frames;
    const uint8_t *data = block + header;
    if (ch <= 2) {
        /* Mono and stereo: one byte holds two consecutive nibbles of the sample stream. */
        int s1[2], s2[2];
        int32_t delta[2];
        const msadpcm_coef *coef[2];
        for (size_t c = 0; c < ch; c++) {
            coef[c] = &coefs[block[c]];
            delta[c] = read16(block + ch + 2 * c);
            s1[c] = read16(block + 3 * ch + 2 * c);
            s2[c] = read16(block + 5 * ch + 2 * c);
        }
        size_t total = (frames - 2) * ch;
        int16_t *dst = out + 2 * ch;
        for (size_t k = 0; k < total; k++) {
            size_t c = ch == 2 ? (k & 1) : 0;
            unsigned code = (data[k >> 1] >> ((~k & 1) * 4)) & 15u;
            int predicted = msadpcm_predict(s1[c], s2[c], coef[c]);
            int sample = clamp16(predicted + (int64_t)(((int)code ^ 8) - 8) * delta[c]);
            dst[k] = (int16_t)sample;
            delta[c] = msadpcm_adapt(delta[c], code);
            s2[c] = s1[c];
            s1[c] = sample;
        }
        return (ptrdiff_t)frames;
    }
    /* More channels (an extension of the format): nibbles interleave channel by channel in
     * the same way, so each channel's state lives in the output it has written. */
    for (size_t c = 0; c < ch; c++) {
        const msadpcm_coef *coef = &coefs[block[c]];
        int32_t delta = read16(block + ch + 2 * c);
        int s1 = read16(block + 3 * ch + 2 * c), s2 = read16(block + 5 * ch + 2 * c);
        for (size_t n = 2; n < frames; n++) {
            size_t k = (n - 2) * ch + c;
            unsigned code = (data[k >> 1] >> ((~k & 1) * 4)) & 15u;
            int sample = clamp16(msadpcm_predict(s1, s2, coef) + (int64_t)(((int)code ^ 8) - 8) * delta);
            out[n * ch + c] = (int16_t)sample;
            delta = msadpcm_adapt(delta, code);
            s2 = s1;
            s1 = sample;
        }
    }
    return (ptrdiff_t)frames;
}

/* ---- encoder ----------------------------------------------------------------------------- */

/* Sample n of channel c, repeating the last input frame past the end of a short block. */
static inline int input_sample(const int16_t *in, size_t frames, size_t ch, size_t c, size_t n)
{
    return in[(n < frames ? n : frames - 1) * ch + c];
}

static inline void put_nibble(uint8_t *data, size_t k, unsigned code)
{
    uint8_t *byte = data + (k >> 1);
    if (k & 1)
        *byte = (uint8_t)((*byte & 0xF0) | code);
    else
        *byte = (uint8_t)((*byte & 0x0F) | (code << 4));
}

static void put16(uint8_t *p, int value)
{
    p[0] = (uint8_t)(value & 0xFF);
    p[1] = (uint8_t)((value >> 8) & 0xFF);
}

/* The nibble nearest to residual/delta (halves away from zero), within -8..7. Computed in
 * floating point: a division of two floats is much cheaper than an integer division on the
 * encoder's critical path, and the encoder may choose any nibble as long as it then tracks the
 * decoder exactly (which the integer reconstruction below does). */
static inline int msadpcm_quantise(int residual, int32_t delta)
{
    float ratio = (float)residual / (float)delta;
    int q = (int)(ratio + (ratio >= 0 ? 0.5f : -0.5f));
    return q > 7 ? 7 : q < -8 ? -8 : q;
}

/* One encoder step for one channel state: quantises target against the prediction, updates
 * the state as the decoder will, and returns the 4-bit code; *error gets target - decoded. */
static inline unsigned msadpcm_encode_step(int *s1, int *s2, int32_t *delta, const msadpcm_coef *coef,
                                      int target, int64_t *error)
{
    int predicted = msadpcm_predict(*s1, *s2, coef);
    int nibble = msadpcm_quantise(target - predicted, *delta);
    int sample = clamp16(predicted + (int64_t)nibble * *delta);
    unsigned code = (unsigned)nibble & 15u;
    *error = target - sample;
    *delta = msadpcm_adapt(*delta, code);
    *s2 = *s1;
    *s1 = sample;
    return code;
}

/* Everything the encoder needs about one channel of one block. */
typedef struct msadpcm_channel {
    const int16_t *in;
    size_t frames, ch, c;
    size_t length;              /* samples coded, including the two header samples */
} msadpcm_channel;

static inline int channel_sample(const msadpcm_channel *x, size_t n)
{
    return input_sample(x->in, x->frames, x->ch, x->c, n);
}

/* The initial delta: the mean absolute prediction error of the first samples, over 4 (a
 * typical residual then codes as a nibble of about +-4, room to both sides). */
static int32_t seed_delta(const msadpcm_channel *x, const msadpcm_coef *coef)
{
    int64_t total = 0;
    size_t count = 0;
    for (size_t n = 2; n < x->length && count < MSADPCM_SEED_SAMPLES; n++, count++) {
        int residual = channel_sample(x, n) - msadpcm_predict(channel_sample(x, n - 1), channel_sample(x, n - 2), coef);
        total += residual < 0 ? -residual : residual;
    }
    int64_t delta = count ? total / (int64_t)count / 4 : MSADPCM_MIN_DELTA;
    return delta < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : delta > 32767 ? 32767 : (int32_t)delta;
}

/* Greedy closed-loop encoding of samples 2..end-1 of a channel: returns the squared error,
 * and when `data` is not NULL stores the nibbles. */
static uint64_t encode_greedy(const msadpcm_channel *x, const msadpcm_coef *coef, int32_t delta,
                              size_t end, uint8_t *data)
{
    int s2 = channel_sample(x, 0), s1 = channel_sample(x, 1);
    uint64_t cost = 0;
    for (size_t n = 2; n < end; n++) {
        int64_t err;
        unsigned code = msadpcm_encode_step(&s1, &s2, &delta, coef, channel_sample(x, n), &err);
        if (data != NULL)
            put_nibble(data, (n - 2) * x->ch + x->c, code);
        cost += (uint64_t)(err * err);
    }
    return cost;
}

/* Greedy closed-loop trial of up to MSADPCM_LANES (channel, coefficient pair) combinations at
 * once, each from its seeded delta: returns each lane's squared error over the block. The
 * lanes are independent, written as plain arrays in 32-bit arithmetic so the compiler runs them
 * in SIMD registers and the processor overlaps their dependency chains. The arithmetic is
 * exactly msadpcm_encode_step's when every coefficient is within +-4096 (then no 32-bit product
 * overflows; the caller checks) - the adaptation table is computed rather than looked up:
 * 230 for |nibble| <= 3, 768 for -8, otherwise (|nibble| - 1) * 512 / 5. */
#define MSADPCM_LANES 16
#define MSADPCM_LANE_COEF_LIMIT 4096
typedef struct msadpcm_lane {
    size_t channel;
    const msadpcm_coef *coef;
    int32_t delta;
    int padding;                /* a copy filling a SIMD group: its cost is not used */
    uint64_t cost;
} msadpcm_lane;

#if !MSADPCM_SIMD
/* When `codes` is not NULL, lane l's nibble for sample n goes to codes[(n - 2) * MSADPCM_LANES + l],
 * so the winner's nibbles need no second encoding; otherwise they all go to one scratch row
 * (no branch in the lane loop). All MSADPCM_LANES lanes always run, even for mono's 7 pairs: GCC
 * vectorises the 16-lane loop far better than an 8-lane one (measured: 8 lanes were slower). */
static void trial_lanes(const int16_t *in, size_t frames, size_t ch, size_t length,
                        msadpcm_lane *lanes, unsigned count, uint8_t *codes)
{
    int32_t s1[MSADPCM_LANES], s2[MSADPCM_LANES], delta[MSADPCM_LANES], c1[MSADPCM_LANES], c2[MSADPCM_LANES];
    int32_t target[MSADPCM_LANES];
    size_t channel[MSADPCM_LANES];
    uint64_t cost[MSADPCM_LANES];
    for (unsigned l = 0; l < MSADPCM_LANES; l++) {
        const msadpcm_lane *from = &lanes[l < count ? l : 0]; /* idle lanes repeat lane 0 */
        channel[l] = from->channel;
        s2[l] = input_sample(in, frames, ch, channel[l], 0);
        s1[l] = input_sample(in, frames, ch, channel[l], 1);
        delta[l] = from->delta;
        c1[l] = from->coef->coef1;
        c2[l] = from->coef->coef2;
        cost[l] = 0;
    }
    uint8_t scratch[MSADPCM_LANES];
    size_t row_mask = codes ? ~(size_t)0 : 0;
    uint8_t *rows = codes ? codes : scratch;
    for (size_t n = 2; n < length; n++) {
        const int16_t *frame = in + (n < frames ? n : frames - 1) * ch;
        for (unsigned l = 0; l < MSADPCM_LANES; l++)
            target[l] = frame[channel[l]];
        uint8_t *code = rows + ((n - 2) & row_mask) * MSADPCM_LANES;
        for (unsigned l = 0; l < MSADPCM_LANES; l++) {
            int32_t predicted = (s1[l] * c1[l] + s2[l] * c2[l]) >> 8;
            float ratio = (float)(target[l] - predicted) / (float)delta[l];
            int32_t q = (int32_t)(ratio + (ratio >= 0 ? 0.5f : -0.5f));
            q = q > 7 ? 7 : q < -8 ? -8 : q;
            int32_t sample = predicted + q * delta[l];
            sample = sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample;
            int32_t m = q < 0 ? -q : q;
            int32_t factor = m <= 3 ? 230 : m == 8 ? 768 : (((m << 9) - 512) * 52429) >> 18;
            int32_t next = (factor * delta[l]) >> 8;
            delta[l] = next < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : next;
            uint32_t err = (uint32_t)(target[l] > sample ? target[l] - sample : sample - target[l]);
            cost[l] += (uint64_t)err * err;
            s2[l] = s1[l];
            s1[l] = sample;
            code[l] = (uint8_t)(q & 15);
        }
    }
    for (unsigned l = 0; l < count; l++)
        lanes[l].cost = cost[l];
}
#endif

#if MSADPCM_SIMD
/* The same trial in SSE2, for lanes grouped by channel: lanes 8j..8j+7 (vectors 2j and 2j+1)
 * all belong to lanes[8j].channel, `pairs` (1 or 2) such groups. Every operation mirrors
 * trial_lanes' arithmetic, so the costs and nibbles are the same bit for bit:
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
 *   - the squared errors (below 2^32) are summed in 64 bits with pmuludq. */
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

static inline void group_init(msadpcm_group *g, const msadpcm_lane *lanes, int s1, int s2)
{
    g->prev = _mm_set1_epi16((int16_t)s1);
    for (int h = 0; h < 2; h++) {
        int32_t d[4];
        int16_t c[8];
        for (int k = 0; k < 4; k++) {
            const msadpcm_lane *lane = &lanes[4 * h + k];
            d[k] = lane->delta;
            c[2 * k] = lane->coef->coef1;
            c[2 * k + 1] = lane->coef->coef2;
        }
        g->sp[h] = _mm_set1_epi32((int32_t)(((uint32_t)(uint16_t)s2 << 16) | (uint16_t)s1));
        g->coef[h] = _mm_loadu_si128((const __m128i *)c);
        __m128i delta = _mm_loadu_si128((const __m128i *)d);
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
 * ulp below 16 is 2^-21; from 16 on both sides clamp to the same nibble). Against the old
 * form this drops the float rounding, the float clamp and the float reconstruction from the
 * per-sample dependency chain. */
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

/* One or two groups (8 or 16 lanes) over the block; each group's state stays in registers. */
static void trial_lanes_simd(const int16_t *in, size_t frames, size_t ch, size_t length,
                             msadpcm_lane *lanes, unsigned count, uint8_t *codes)
{
    msadpcm_group a, b;
    size_t ca = lanes[0].channel, cb = count > 8 ? lanes[8].channel : ca;
    group_init(&a, lanes, input_sample(in, frames, ch, ca, 1), input_sample(in, frames, ch, ca, 0));
    const __m128i nibble = _mm_set1_epi8(15);
    uint8_t scratch[MSADPCM_LANES];
    size_t row_step = codes != NULL ? MSADPCM_LANES : 0;
    uint8_t *row = codes != NULL ? codes : scratch;
    uint64_t cost[MSADPCM_LANES] = {0};
    if (count <= 8) {
        for (size_t n = 2; n < length; n++, row += row_step) {
            const int16_t *frame = in + (n < frames ? n : frames - 1) * ch;
            __m128i qa = group_step(&a, frame[ca]);
            _mm_storel_epi64((__m128i *)row, _mm_and_si128(_mm_packs_epi16(qa, qa), nibble));
        }
    } else {
        group_init(&b, lanes + 8, input_sample(in, frames, ch, cb, 1), input_sample(in, frames, ch, cb, 0));
        for (size_t n = 2; n < length; n++, row += row_step) {
            const int16_t *frame = in + (n < frames ? n : frames - 1) * ch;
            __m128i qa = group_step(&a, frame[ca]);
            __m128i qb = group_step(&b, frame[cb]);
            _mm_storeu_si128((__m128i *)row, _mm_and_si128(_mm_packs_epi16(qa, qb), nibble));
        }
        group_costs(&b, cost + 8);
    }
    group_costs(&a, cost);
    for (unsigned l = 0; l < count; l++)
        lanes[l].cost = cost[l];
}
#endif

/* Whether every coefficient is within the lanes' limit (see MSADPCM_LANE_COEF_LIMIT). */
static int lanes_fit(const msadpcm_coef *coefs, unsigned count)
{
    int small = 1;
    for (unsigned i = 0; i < count; i++)
        small &= abs(coefs[i].coef1) <= MSADPCM_LANE_COEF_LIMIT && abs(coefs[i].coef2) <= MSADPCM_LANE_COEF_LIMIT;
    return small;
}

/* Seeds the lanes of pairs from..from+pairs-1 for one channel (a lane per pair, from its
 * seeded delta; when the lanes cannot run (!small) each cost is a plain greedy encoding).
 * The SIMD engine takes each channel's lanes in groups of 8: they are padded with copies of
 * the first. Returns the lanes written. */
static unsigned seed_lanes(const msadpcm_channel *x, const msadpcm_coef *coefs, unsigned from,
                           unsigned pairs, int small, msadpcm_lane *lanes)
{
    unsigned used = 0;
    for (unsigned i = from; i < from + pairs; i++) {
        msadpcm_lane *lane = &lanes[used++];
        lane->channel = x->c;
        lane->coef = &coefs[i];
        lane->delta = seed_delta(x, &coefs[i]);
        lane->padding = 0;
        if (!small)
            lane->cost = encode_greedy(x, &coefs[i], lane->delta, x->length, NULL);
    }
    while (MSADPCM_SIMD && small && used % 8 != 0) {
        lanes[used] = lanes[0];
        lanes[used++].padding = 1;
    }
    return used;
}

/* The real-time choice for channels first..first+group-1 (group * min(count, MSADPCM_LANES) <=
 * MSADPCM_LANES): every coefficient pair is encoded for real (greedy, from its seeded delta) and
 * the least total error wins; pair[g] and delta[g] get channel first+g's choice. When `data`
 * is not NULL and the whole choice ran as one trial whose nibbles were recorded (the usual
 * case: up to MSADPCM_LANES pairs and a block of at most MSADPCM_CODES_MAX samples), the winners'
 * nibbles are stored there (block + 7 * ch) and *stored is set; otherwise the caller encodes
 * the winners itself. */
#define MSADPCM_CODES_MAX 2048
static void choose_pairs(const int16_t *in, size_t frames, size_t ch, size_t first, size_t group,
                         size_t length, const msadpcm_coef *coefs, unsigned count,
                         unsigned *pair, int32_t *delta, uint8_t *data, int *stored)
{
    int small = lanes_fit(coefs, count);
    uint64_t best[MSADPCM_LANES];
    unsigned best_lane[MSADPCM_LANES];
    for (size_t g = 0; g < group; g++)
        best[g] = UINT64_MAX;
    unsigned per = count < MSADPCM_LANES ? count : MSADPCM_LANES; /* pairs per trial and channel */
    /* One trial covers everything: then its nibbles can be kept. */
    int record = data != NULL && small && per == count && length <= MSADPCM_CODES_MAX;
    uint8_t codes[MSADPCM_CODES_MAX * MSADPCM_LANES];
    for (unsigned from = 0; from < count; from += per) {
        unsigned pairs = count - from < per ? count - from : per, used = 0;
        msadpcm_lane lanes[MSADPCM_LANES];
        for (size_t g = 0; g < group; g++) {
            msadpcm_channel x = {in, frames, ch, first + g, length};
            used += seed_lanes(&x, coefs, from, pairs, small, lanes + used);
        }
        if (small) {
#if MSADPCM_SIMD
            trial_lanes_simd(in, frames, ch, length, lanes, used, record ? codes : NULL);
#else
            trial_lanes(in, frames, ch, length, lanes, used, record ? codes : NULL);
#endif
        }
        for (unsigned l = 0; l < used; l++) {
            if (lanes[l].padding)
                continue;
            size_t g = lanes[l].channel - first;
            if (lanes[l].cost < best[g]) {
                best[g] = lanes[l].cost;
                best_lane[g] = l;
                pair[g] = (unsigned)(lanes[l].coef - coefs);
                delta[g] = lanes[l].delta;
            }
        }
    }
    *stored = record;
    if (!record)
        return;
    for (size_t g = 0; g < group; g++)
        for (size_t n = 2; n < length; n++)
            put_nibble(data, (n - 2) * ch + first + g, codes[(n - 2) * MSADPCM_LANES + best_lane[g]]);
}

/* Checks the arguments common to both encoders; returns the samples per channel to code
 * (at least 2, and a whole number of bytes of nibbles) or 0. */
static size_t encode_length(const int16_t *in, size_t frames, unsigned channels,
                            const msadpcm_coef *coefs, unsigned num_coefs, const uint8_t *block,
                            size_t spb)
{
    if (in == NULL || coefs == NULL || num_coefs == 0 || block == NULL || frames == 0 ||
        frames > spb || msadpcm_block_align(spb, channels) == 0)
        return 0;
    size_t length = frames < 2 ? 2 : frames;
    if ((length - 2) * channels % 2 != 0)
        length++;
    return length;
}

static void put_header(uint8_t *block, size_t ch, size_t c, unsigned predictor, int32_t delta,
                       const msadpcm_channel *x)
{
    block[c] = (uint8_t)predictor;
    put16(block + ch + 2 * c, delta);
    put16(block + 3 * ch + 2 * c, channel_sample(x, 1));
    put16(block + 5 * ch + 2 * c, channel_sample(x, 0));
}

/* ---- the wide-vector engines (AVX2, AVX-512) ----------------------------------------------
 * Where the CPU has them (codec_simd_level()), the trials of up to MSADPCM_TRIAL_JOBS
 * (block, channel) jobs run in msadpcm_avx2.c or msadpcm_avx512.c: same lanes, seeds and
 * arithmetic as trial_lanes, so the same bytes; this side seeds the lanes and writes each
 * winner (least cost, first pair on a tie) into its block. */
typedef struct msadpcm_job {
    const int16_t *in;          /* the block's first frame */
    size_t c;                   /* the channel */
    uint8_t *block;
} msadpcm_job;

#if MSADPCM_SIMD
/* Writes the winner of a job's trial into its block: the lane with the least cost among the
 * first `pairs` (the first on a tie), its header, and its nibbles code[(n - 2) * step] for
 * samples 2..length-1. */
static void put_winner(const msadpcm_job *job, size_t ch, size_t frames, size_t length, const msadpcm_lane *lanes,
                       const uint64_t *cost, unsigned pairs, const msadpcm_coef *coefs, const uint8_t *code,
                       size_t step)
{
    unsigned best = 0;
    for (unsigned l = 1; l < pairs; l++)
        if (cost[l] < cost[best])
            best = l;
    msadpcm_channel x = {job->in, frames, ch, job->c, length};
    uint8_t *data = job->block + 7 * ch;
    put_header(job->block, ch, job->c, (unsigned)(lanes[best].coef - coefs), lanes[best].delta, &x);
    code += best;
    for (size_t n = 2; n < length; n++, code += step)
        put_nibble(data, (n - 2) * ch + job->c, *code);
}

static int wide_level(const msadpcm_coef *coefs, unsigned count, size_t length)
{
    if (count > 8 || length > MSADPCM_CODES_MAX || !lanes_fit(coefs, count))
        return 0;
    int level = codec_simd_level();
    return level >= CODEC_SIMD_AVX2 ? level : 0;
}

/* Encodes `count` (1..MSADPCM_TRIAL_JOBS) jobs of blocks of `frames` input frames coded to
 * `length` samples; `codes` holds (length - 2) rows of 8 * count bytes. */
static void wide_encode(const msadpcm_job *jobs, unsigned count, size_t ch, size_t frames, size_t length,
                        const msadpcm_coef *coefs, unsigned pairs, int level, uint8_t *codes)
{
    msadpcm_trial_job trial[MSADPCM_TRIAL_JOBS];
    msadpcm_lane lanes[MSADPCM_TRIAL_JOBS][8];
    uint64_t cost[MSADPCM_TRIAL_JOBS][8];
    for (unsigned j = 0; j < count; j++) {
        msadpcm_channel x = {jobs[j].in, frames, ch, jobs[j].c, length};
        seed_lanes(&x, coefs, 0, pairs, 1, lanes[j]);
        trial[j] = (msadpcm_trial_job){jobs[j].in + jobs[j].c, ch, frames, {0}, {0}, {0}};
        for (unsigned l = 0; l < 8; l++) {
            trial[j].coef1[l] = (int16_t)lanes[j][l].coef->coef1;
            trial[j].coef2[l] = (int16_t)lanes[j][l].coef->coef2;
            trial[j].delta[l] = lanes[j][l].delta;
        }
    }
    size_t row = 8 * (size_t)count;
    if (level >= CODEC_SIMD_AVX512)
        msadpcm_trials_avx512(trial, count, length, codes, row, cost);
    else
        msadpcm_trials_avx2(trial, count, length, codes, row, cost);
    for (unsigned j = 0; j < count; j++)
        put_winner(&jobs[j], ch, frames, length, lanes[j], cost[j], pairs, coefs, codes + 8 * j, row);
}
#endif

size_t msadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
                            const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *block,
                            size_t spb)
{
    size_t length = encode_length(in, frames, channels, coefs, num_coefs, block, spb);
    if (length == 0)
        return 0;
    size_t ch = channels;
    unsigned count = num_coefs > 256 ? 256 : num_coefs;
#if MSADPCM_SIMD
    int level = wide_level(coefs, count, length);
    if (level) { /* two channels at a time: their nibbles fit a 32 KiB buffer */
        uint8_t codes[MSADPCM_CODES_MAX * 16];
        for (size_t first = 0; first < ch; first += 2) {
            msadpcm_job jobs[2] = {{in, first, block}, {in, first + 1, block}};
            wide_encode(jobs, ch - first < 2 ? 1 : 2, ch, frames, length, coefs, count, level, codes);
        }
        return 7 * ch + (length - 2) * ch / 2;
    }
#endif
    /* Channels tried together: as many as fill the lanes (stereo with 7 pairs: both); the
     * SIMD engine gives each channel a multiple of 8 lanes. */
    unsigned stride = MSADPCM_SIMD ? (count <= 8 ? 8 : MSADPCM_LANES) : count;
    size_t together = stride <= MSADPCM_LANES ? MSADPCM_LANES / stride : 1;
    for (size_t first = 0; first < ch; first += together) {
        size_t group = ch - first < together ? ch - first : together;
        unsigned pair[MSADPCM_LANES];
        int32_t delta[MSADPCM_LANES];
        int stored;
        choose_pairs(in, frames, ch, first, group, length, coefs, count, pair, delta, block + 7 * ch, &stored);
        for (size_t g = 0; g < group; g++) {
            msadpcm_channel x = {in, frames, ch, first + g, length};
            put_header(block, ch, first + g, pair[g], delta[g], &x);
            if (!stored)
                encode_greedy(&x, &coefs[pair[g]], delta[g], length, block + 7 * ch);
        }
    }
    return 7 * ch + (length - 2) * ch / 2;
}

/* ---- several whole blocks at once ---------------------------------------------------------
 * One channel's closed-loop trial is one long dependent chain per sample (prediction,
 * division, reconstruction, adaptation), so a single 8-lane group leaves the processor idle
 * for most of each step. Whole blocks are independent, so the SSE2 engine below steps the
 * groups of MSADPCM_BATCH (block, channel) jobs in the same loop - usually channels of different
 * blocks - and the processor overlaps their chains. Each group's arithmetic is exactly
 * trial_lanes_simd's and the winner is chosen as in choose_pairs (least cost, first lane on a
 * tie), so the bytes are those of msadpcm_encode_block. */
#if MSADPCM_SIMD
#define MSADPCM_BATCH 4

/* The trials of `count` (1..MSADPCM_BATCH, a constant where inlined) jobs over blocks of `length`
 * frames; group j's nibbles for sample n go to codes[j][(n - 2) * 8 + lane]. */
static inline void trial_jobs(msadpcm_group *g, const msadpcm_job *jobs, unsigned count, size_t ch,
                              size_t length, uint8_t (*codes)[MSADPCM_CODES_MAX * 8])
{
    const __m128i nibble = _mm_set1_epi8(15);
    for (size_t n = 2; n < length; n++)
        for (unsigned j = 0; j < count; j++) {
            __m128i q = group_step(&g[j], jobs[j].in[n * ch + jobs[j].c]);
            _mm_storel_epi64((__m128i *)(codes[j] + (n - 2) * 8), _mm_and_si128(_mm_packs_epi16(q, q), nibble));
        }
}

/* Encodes `count` jobs: seeds each channel's 8 lanes, runs the trials together, and writes
 * each winner's header and nibbles into its block. */
static void encode_jobs(const msadpcm_job *jobs, unsigned count, size_t ch, size_t spb,
                        const msadpcm_coef *coefs, unsigned pairs)
{
    msadpcm_group g[MSADPCM_BATCH];
    msadpcm_lane lanes[MSADPCM_BATCH][8];
    uint8_t codes[MSADPCM_BATCH][MSADPCM_CODES_MAX * 8];
    for (unsigned j = 0; j < count; j++) {
        const int16_t *in = jobs[j].in;
        msadpcm_channel x = {in, spb, ch, jobs[j].c, spb};
        seed_lanes(&x, coefs, 0, pairs, 1, lanes[j]);
        group_init(&g[j], lanes[j], channel_sample(&x, 1), channel_sample(&x, 0));
    }
    switch (count) { /* constant counts, so each loop is unrolled over its groups */
    case 1: trial_jobs(g, jobs, 1, ch, spb, codes); break;
    case 2: trial_jobs(g, jobs, 2, ch, spb, codes); break;
    case 3: trial_jobs(g, jobs, 3, ch, spb, codes); break;
    default: trial_jobs(g, jobs, MSADPCM_BATCH, ch, spb, codes); break;
    }
    for (unsigned j = 0; j < count; j++) {
        uint64_t cost[8];
        group_costs(&g[j], cost);
        put_winner(&jobs[j], ch, spb, spb, lanes[j], cost, pairs, coefs, codes[j], 8);
    }
}
#endif

size_t msadpcm_encode_blocks_workspace_size(size_t spb)
{
    return spb >= 2 && spb <= MSADPCM_CODES_MAX ? (spb - 2) * 8 * MSADPCM_TRIAL_JOBS : 1;
}

size_t msadpcm_encode_blocks(const int16_t *in, size_t blocks, unsigned channels,
                             const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *out,
                             size_t spb, void *workspace)
{
    size_t align = msadpcm_block_align(spb, channels);
    if (in == NULL || coefs == NULL || num_coefs == 0 || out == NULL || blocks == 0 || align == 0 ||
        blocks > SIZE_MAX / align || blocks > SIZE_MAX / 2 / spb / channels)
        return 0;
    size_t ch = channels, frame_count = spb * ch;
    (void)workspace; /* only the AVX engines use it */
#if MSADPCM_SIMD
    /* The batched engines cover the usual case: at most 8 pairs within the lanes' limit (one
     * group per channel, nibbles recorded): AVX2 / AVX-512 where the CPU has them (8 jobs at
     * a time), else the SSE2 groups (MSADPCM_BATCH jobs). Anything else goes block by block. */
    int level = wide_level(coefs, num_coefs, spb);
    uint8_t *codes = level ? workspace : NULL;
    unsigned batch = codes != NULL ? MSADPCM_TRIAL_JOBS : MSADPCM_BATCH;
    if (codes != NULL || (num_coefs <= 8 && spb <= MSADPCM_CODES_MAX && lanes_fit(coefs, num_coefs))) {
        msadpcm_job jobs[MSADPCM_TRIAL_JOBS];
        unsigned count = 0;
        for (size_t b = 0; b < blocks; b++)
            for (size_t c = 0; c < ch; c++) {
                jobs[count++] = (msadpcm_job){in + b * frame_count, c, out + b * align};
                if (count == batch || (b + 1 == blocks && c + 1 == ch)) {
                    if (codes != NULL)
                        wide_encode(jobs, count, ch, spb, spb, coefs, num_coefs, level, codes);
                    else
                        encode_jobs(jobs, count, ch, spb, coefs, num_coefs);
                    count = 0;
                }
            }
        return blocks * align;
    }
#endif
    for (size_t b = 0; b < blocks; b++)
        msadpcm_encode_block(in + b * frame_count, spb, channels, coefs, num_coefs, out + b * align, spb);
    return blocks * align;
}

/* ---- high-quality encoder: ranked start points and a beam search ------------------------- */

typedef struct msadpcm_path {
    int s1, s2;
    int32_t delta;
    uint16_t start;             /* which start point (coefficient pair and initial delta) */
    uint64_t cost;
} msadpcm_path;

typedef struct msadpcm_trace {
    uint8_t parent;
    uint8_t code;
} msadpcm_trace;

typedef struct msadpcm_start {
    unsigned predictor;
    int32_t delta;
} msadpcm_start;

size_t msadpcm_encode_block_hq_workspace_size(size_t spb)
{
    if (spb == 0 || spb > ((size_t)-1) / 64 / MSADPCM_HQ_BEAM)
        return 0;
    return spb * MSADPCM_HQ_BEAM * sizeof(msadpcm_trace);
}

/* Adds a path to the beam (sorted by cost, at most MSADPCM_HQ_BEAM, one per decoder state). */
static void beam_insert(msadpcm_path *beam, msadpcm_trace *trace, int *count, const msadpcm_path *candidate,
                        uint8_t parent, uint8_t code)
{
    int n = *count;
    if (n == MSADPCM_HQ_BEAM && candidate->cost >= beam[n - 1].cost)
        return;
    for (int i = 0; i < n; i++) {
        const msadpcm_path *p = &beam[i];
        if (p->s1 == candidate->s1 && p->s2 == candidate->s2 && p->delta == candidate->delta &&
            p->start == candidate->start) {
            if (p->cost <= candidate->cost)
                return;
            memmove(beam + i, beam + i + 1, (size_t)(n - i - 1) * sizeof *beam);
            memmove(trace + i, trace + i + 1, (size_t)(n - i - 1) * sizeof *trace);
            n--;
            break;
        }
    }
    int pos = n < MSADPCM_HQ_BEAM ? n : MSADPCM_HQ_BEAM - 1;
    while (pos > 0 && beam[pos - 1].cost > candidate->cost) {
        beam[pos] = beam[pos - 1];
        trace[pos] = trace[pos - 1];
        pos--;
    }
    beam[pos] = *candidate;
    trace[pos].parent = parent;
    trace[pos].code = code;
    if (n < MSADPCM_HQ_BEAM)
        n++;
    *count = n;
}

/* Beam search for one channel. Start points (every coefficient pair with several initial
 * deltas) are ranked by their greedy error on the first samples and the best MSADPCM_HQ_BEAM
 * start the beam; each path tries the nearest nibble and its two neighbours per sample.
 * Returns the cost of the best path and writes its nibbles and start point. */
static uint64_t search_channel(const msadpcm_channel *x, const msadpcm_coef *coefs, unsigned count,
                               msadpcm_trace *traces, uint8_t *data, msadpcm_start *chosen)
{
    msadpcm_path beam[MSADPCM_HQ_BEAM], next[MSADPCM_HQ_BEAM];
    msadpcm_start starts[MSADPCM_HQ_BEAM];
    msadpcm_trace unused[MSADPCM_HQ_BEAM];
    int beam_count = 0;
    size_t probe_end = x->length < 2 + MSADPCM_HQ_PROBE ? x->length : 2 + MSADPCM_HQ_PROBE;
    /* Rank the start points; while ranking, `start` holds predictor * MSADPCM_HQ_DELTAS + d. */
    for (unsigned i = 0; i < count; i++) {
        int32_t seed = seed_delta(x, &coefs[i]), previous = 0;
        for (size_t d = 0; d < MSADPCM_HQ_DELTAS; d++) {
            int64_t delta = (int64_t)seed * msadpcm_hq_delta_quarters[d] / 4;
            delta = delta < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : delta > 32767 ? 32767 : delta;
            if (delta == previous)
                continue;
            previous = (int32_t)delta;
            msadpcm_path p = {channel_sample(x, 1), channel_sample(x, 0), (int32_t)delta,
                         (uint16_t)(i * MSADPCM_HQ_DELTAS + d),
                         encode_greedy(x, &coefs[i], (int32_t)delta, probe_end, NULL)};
            beam_insert(beam, unused, &beam_count, &p, 0, 0);
        }
    }
    for (int i = 0; i < beam_count; i++) {
        starts[i].predictor = beam[i].start / MSADPCM_HQ_DELTAS;
        starts[i].delta = beam[i].delta;
        beam[i].start = (uint16_t)i;
        beam[i].cost = 0;
    }
    /* Position n's slot s records the slot of position n-1 it extends and its nibble. */
    for (size_t n = 2; n < x->length; n++) {
        msadpcm_trace *trace = traces + (n - 2) * MSADPCM_HQ_BEAM;
        int next_count = 0;
        int target = channel_sample(x, n);
        for (int p = 0; p < beam_count; p++) {
            const msadpcm_path *path = &beam[p];
            const msadpcm_coef *coef = &coefs[starts[path->start].predictor];
            int predicted = msadpcm_predict(path->s1, path->s2, coef);
            int nearest = msadpcm_quantise(target - predicted, path->delta);
            for (int nibble = nearest - 1; nibble <= nearest + 1; nibble++) {
                if (nibble < -8 || nibble > 7)
                    continue;
                int sample = clamp16(predicted + (int64_t)nibble * path->delta);
                unsigned code = (unsigned)nibble & 15u;
                int64_t err = target - sample;
                msadpcm_path candidate = {sample, path->s1, msadpcm_adapt(path->delta, code), path->start,
                                     path->cost + (uint64_t)(err * err)};
                beam_insert(next, trace, &next_count, &candidate, (uint8_t)p, (uint8_t)code);
            }
        }
        memcpy(beam, next, (size_t)next_count * sizeof *beam);
        beam_count = next_count;
    }
    /* beam[0] is the cheapest path: follow its parents back to the start. */
    int slot = 0;
    for (size_t n = x->length - 1; n >= 2; n--) {
        const msadpcm_trace *t = &traces[(n - 2) * MSADPCM_HQ_BEAM + slot];
        put_nibble(data, (n - 2) * x->ch + x->c, t->code);
        slot = t->parent;
    }
    *chosen = starts[beam[0].start];
    return beam[0].cost;
}

size_t msadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                               const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *block,
                               size_t spb, void *workspace)
{
    size_t length = encode_length(in, frames, channels, coefs, num_coefs, block, spb);
    if (length == 0 || workspace == NULL)
        return 0;
    size_t ch = channels;
    unsigned count = num_coefs > 256 ? 256 : num_coefs;
    uint8_t *data = block + 7 * ch;
    for (size_t c = 0; c < ch; c++) {
        msadpcm_channel x = {in, frames, ch, c, length};
        /* The real-time choice is the fallback the search must beat. */
        int32_t rt_delta;
        unsigned rt_predictor;
        int unused;
        choose_pairs(in, frames, ch, c, 1, length, coefs, count, &rt_predictor, &rt_delta, NULL, &unused);
        uint64_t rt_cost = encode_greedy(&x, &coefs[rt_predictor], rt_delta, length, NULL);
        msadpcm_start chosen;
        uint64_t cost = length > 2 ? search_channel(&x, coefs, count, workspace, data, &chosen) : UINT64_MAX;
        if (rt_cost <= cost) {
            chosen.predictor = rt_predictor;
            chosen.delta = rt_delta;
            encode_greedy(&x, &coefs[rt_predictor], rt_delta, length, data);
        }
        put_header(block, ch, c, chosen.predictor, chosen.delta, &x);
    }
    return 7 * ch + (length - 2) * ch / 2;
}
