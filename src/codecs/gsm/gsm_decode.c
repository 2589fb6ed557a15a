/*
 * gsm_decode.c - portacm's ETSI GSM 06.10 full-rate decoder (section 4.3 of the standard):
 * RPE decoding, long-term synthesis, short-term synthesis through the reflection-coefficient
 * lattice, de-emphasis and truncation, in the standard's 16-bit fixed point.
 *
 * The standard's basic operations (section 5.1): add/sub saturate to 16 bits; mult_r(a, b) is
 * (a*b + 16384) >> 15 (the special case a = b = -32768 never arises here: every multiplier is a
 * positive table constant or a reflection coefficient, which is at least -32767). Values are
 * held in int32_t between operations and saturated where the standard saturates, which is
 * what the 16-bit words would hold. Right shifts of negative values are arithmetic, as the
 * standard's ">>" (every compiler portacm supports does so).
 */
#include <stdbool.h>
#include <string.h>

#include "gsm_decode_int.h"

/* ---- the basic operations --------------------------------------------------------------- */

static inline int32_t saturate(int32_t x)
{
    x = x < -32768 ? -32768 : x;
    return x > 32767 ? 32767 : x;
}

static inline int32_t mult_r(int32_t a, int32_t b)
{
    return (a * b + 16384) >> 15;
}

/* mult_r of a coefficient (|a| <= 32767) and a sum not yet known to fit 16 bits (|b| < 2^20),
 * through a 64-bit product so that it stays defined. */
static inline int32_t mult_r_wide(int32_t a, int32_t b)
{
    return (int32_t)(((int64_t)a * b + 16384) >> 15);
}

/* ---- unpacking ---------------------------------------------------------------------------- */

/* The 64 bits at `p`, least significant first (WAV49 streams are read LSB first). */
static inline uint64_t load_le64(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
#else
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
#endif
}

static void unpack_lars(uint64_t bits, gsm_frame_params *f)
{
    static const uint8_t widths[GSM_LAR_COUNT] = {6, 6, 5, 5, 4, 4, 3, 3};
    for (int i = 0; i < GSM_LAR_COUNT; i++) {
        f->larc[i] = (uint8_t)(bits & ((1u << widths[i]) - 1));
        bits >>= widths[i];
    }
}

/* One 56-bit sub-frame: Nc 7, bc 2, Mc 2, xmaxc 6, 13 x xMc 3. */
static void unpack_subframe(uint64_t bits, gsm_frame_params *f, int j)
{
    f->nc[j] = (uint8_t)(bits & 0x7F);
    f->bc[j] = (uint8_t)(bits >> 7 & 3);
    f->mc[j] = (uint8_t)(bits >> 9 & 3);
    f->xmaxc[j] = (uint8_t)(bits >> 11 & 0x3F);
    bits >>= 17;
    for (int i = 0; i < GSM_RPE_PULSES; i++, bits >>= 3)
        f->xmc[j][i] = (uint8_t)(bits & 7);
}

/* Frame 0 occupies bits 0..259 of the block, frame 1 bits 260..519. Each field group is read
 * with one 64-bit load at its byte, shifted by its bit offset in that byte: the LARs of frame 0
 * at bit 0, of frame 1 at bit 260 (byte 32 + 4); sub-frames at 36 + 56j and 296 + 56j. The
 * last sub-frame (bit 464 = byte 58) is loaded from byte 57 so no read passes byte 64. */
void pacm_gsm_unpack_wav49(const uint8_t block[GSM_BLOCK_BYTES], gsm_frame_params frames[2])
{
    unpack_lars(load_le64(block), &frames[0]);
    for (int j = 0; j < GSM_SUBFRAMES; j++) {
        unsigned bit = 36 + 56 * (unsigned)j;
        unpack_subframe(load_le64(block + bit / 8) >> (bit % 8), &frames[0], j);
    }
    unpack_lars(load_le64(block + 32) >> 4, &frames[1]);
    for (int j = 0; j < 3; j++) {
        unsigned bit = 296 + 56 * (unsigned)j;
        unpack_subframe(load_le64(block + bit / 8), &frames[1], j);
    }
    unpack_subframe(load_le64(block + 57) >> 8, &frames[1], 3);
}

/* ---- RPE decoding and long-term synthesis (4.2.15 - 4.2.17, 4.3.2) -------------------------- */

/* The 13 decoded pulses xMp of a sub-frame (APCM inverse quantization, 4.2.16): the block
 * maximum's exponent and mantissa (4.2.15), then xMp = (mult_r(FAC[mant], (2*xMc - 7) << 12)
 * + round) >> (6 - exp). The shift is 0 when exp = 6 and the rounding term then 0 (1 << -1 of
 * the standard's general shift is a right shift).
 * 4.2.15 for xmaxc > 15: exp = (xmaxc >> 3) - 1, mant = xmaxc - 8 * exp - 8 (the low 3 bits);
 * xmaxc = 0: exp = -4, mant = 7; xmaxc = 1..15: mant is shifted left with a 1 shifted in, exp
 * decremented, until it exceeds 7 (n = 3, 2, 2, 1 x 4, 0 x 8 times), then less 8. The count is
 * computed rather than looped, so that no branch depends on the data. */
static void rpe_decode(unsigned xmaxc, const uint8_t xmc[GSM_RPE_PULSES], int32_t xmp[GSM_RPE_PULSES])
{
    int32_t exp, mant;
    if (xmaxc > 15) {
        exp = (int32_t)(xmaxc >> 3) - 1;
        mant = (int32_t)(xmaxc & 7);
    } else if (xmaxc == 0) {
        exp = -4;
        mant = 7;
    } else {
        int32_t n = (xmaxc < 2) + (xmaxc < 4) + (xmaxc < 8);
        exp = -n;
        mant = (((int32_t)xmaxc + 1) << n) - 9;
    }
    int32_t fac = pacm_gsm_fac[mant];
    int32_t shift = 6 - exp;
    int32_t round = shift > 0 ? 1 << (shift - 1) : 0;
    for (int i = 0; i < GSM_RPE_PULSES; i++) {
        int32_t temp = ((int32_t)xmc[i] * 2 - 7) * 4096;
        xmp[i] = saturate(mult_r(fac, temp) + round) >> shift;
    }
}

/* Long-term synthesis of one sub-frame (4.3.2): drp[k] = erp[k] + mult_r(brp, drp[k - Nr]),
 * where erp is zero except the 13 pulses on grid Mc (RPE grid positioning, 4.2.17). `drp`
 * points at the sub-frame's first sample with at least 120 reconstructed samples before it;
 * Nr >= 40, so every sample predicted from lies before the sub-frame. */
static void long_term_synthesis(pacm_gsm_decoder *d, const gsm_frame_params *f, int j, int16_t *drp)
{
    int32_t nr = f->nc[j];
    if (nr < 40 || nr > 120)
        nr = d->nrp; /* an out-of-range lag repeats the last valid one */
    d->nrp = (int16_t)nr;
    int32_t brp = pacm_gsm_qlb[f->bc[j]];
    for (int k = 0; k < GSM_SUBFRAME_SAMPLES; k++)
        drp[k] = (int16_t)mult_r(brp, drp[k - nr]);
    int32_t xmp[GSM_RPE_PULSES];
    rpe_decode(f->xmaxc[j], f->xmc[j], xmp);
    int16_t *pulse = drp + f->mc[j];
    for (int i = 0; i < GSM_RPE_PULSES; i++)
        pulse[3 * i] = (int16_t)saturate(pulse[3 * i] + xmp[i]);
}

/* ---- short-term synthesis (4.2.8 - 4.2.10, 4.3.3) ------------------------------------------ */

/* LARpp[i] from the codes (4.2.8): ((LARc + MIC) << 10 - 2*B) * INVA, doubled. */
static void decode_lars(const uint8_t larc[GSM_LAR_COUNT], int16_t larpp[GSM_LAR_COUNT])
{
    for (int i = 0; i < GSM_LAR_COUNT; i++) {
        int32_t temp = (larc[i] + pacm_gsm_lar_mic[i]) * 1024;
        temp = saturate(temp - pacm_gsm_lar_b[i] * 2);
        temp = mult_r(pacm_gsm_lar_inva[i], temp);
        larpp[i] = (int16_t)saturate(temp + temp);
    }
}

/* Reflection coefficient of an interpolated LARp (4.2.10), |rp| <= 32767: of |LARp| (32767
 * for -32768), twice it below 11059, plus 11059 below 20070, else a quarter plus 26112
 * (saturated); the sign of LARp. All three are computed and one selected with masks: the
 * LARs of speech change sign and range from frame to frame, so branches would mispredict. */
static inline int16_t lar_to_rp(int32_t larp)
{
    int32_t sign = -(larp < 0); /* 0 or -1 */
    int32_t temp = (larp ^ sign) - sign;
    temp -= temp >> 15; /* |-32768| saturates to 32767 */
    int32_t low = temp << 1, middle = temp + 11059, high = (temp >> 2) + 26112;
    high -= (high - 32767) & -(high > 32767);
    int32_t is_low = -(temp < 11059), is_middle = -(temp < 20070) & ~is_low;
    temp = (low & is_low) | (middle & is_middle) | (high & ~(is_low | is_middle));
    return (int16_t)((temp ^ sign) - sign);
}

/* The reflection coefficients of the four interpolation segments (4.2.9.1): samples 0-12 take
 * 3/4 of the previous frame's LARs and 1/4 of this one's, 13-26 half of each, 27-39 1/4 and
 * 3/4, 40-159 this frame's alone. */
static void segment_coefficients(const int16_t prev[GSM_LAR_COUNT], const int16_t cur[GSM_LAR_COUNT],
                                 int16_t rp[4][GSM_LAR_COUNT])
{
    for (int i = 0; i < GSM_LAR_COUNT; i++) {
        int32_t quarter = saturate((prev[i] >> 2) + (cur[i] >> 2));
        rp[0][i] = lar_to_rp(saturate(quarter + (prev[i] >> 1)));
        rp[1][i] = lar_to_rp(saturate((prev[i] >> 1) + (cur[i] >> 1)));
        rp[2][i] = lar_to_rp(saturate(quarter + (cur[i] >> 1)));
        rp[3][i] = lar_to_rp(cur[i]);
    }
}

/* The filter state a segment runs from: the lattice's v[0..7] and the de-emphasis memory. */
typedef struct synthesis_state {
    int32_t v[GSM_LAR_COUNT];
    int32_t msr;
} synthesis_state;

/* The short-term synthesis lattice (4.3.3) and post-processing over `count` samples with one
 * set of reflection coefficients, exactly as the standard states them:
 *   sri = wt[k]; for i = 1..8: sri -= mult_r(rrp[9-i], v[8-i]); v[9-i] = v[8-i] + mult_r(rrp[9-i], sri)
 *   sr[k] = v[0] = sri
 * with every add and sub saturating; rp[] here is rrp[1..8]. v[8] is written by the standard
 * but never read, so it is not computed. */
static void synthesis_exact(synthesis_state *st, const int16_t rp[GSM_LAR_COUNT], const int16_t *wt,
                            int16_t *out, int count)
{
    int32_t *v = st->v, msr = st->msr;
    for (int k = 0; k < count; k++) {
        int32_t s = wt[k];
        s = saturate(s - mult_r(rp[7], v[7]));
        for (int i = 6; i >= 0; i--) {
            s = saturate(s - mult_r(rp[i], v[i]));
            v[i + 1] = saturate(v[i] + mult_r(rp[i], s));
        }
        v[0] = s;
        msr = saturate(s + mult_r(msr, GSM_DEEMPHASIS));
        out[k] = (int16_t)(saturate(msr + msr) & ~7);
    }
    st->msr = msr;
}

/* The same computation without saturation. Saturation changes nothing as long as every sum
 * lands in 16 bits, so each sum is checked (its offset by 32768 ORed into `range`) and the
 * result is exact when no bit above 15 of `range` is ever set; the first sample where one is
 * ends the fast path (false), and the caller redoes the segment with synthesis_exact from the
 * same starting state. The de-emphasis memory is checked against [-16384, 16383], which also
 * keeps 2*msr in range. This keeps the serial chain of each sample at one add per lattice
 * stage instead of an add and two clamps.
 * Bounds: a sample starts from a state in 16 bits, so within it |s| < 9 * 32768 and every
 * v < 10 * 32768; the products of s use mult_r_wide, all others stay within 32 bits. */
static bool synthesis_fast(synthesis_state *st, const int16_t rp[GSM_LAR_COUNT], const int16_t *wt,
                           int16_t *out, int count)
{
    int32_t v0 = st->v[0], v1 = st->v[1], v2 = st->v[2], v3 = st->v[3];
    int32_t v4 = st->v[4], v5 = st->v[5], v6 = st->v[6], v7 = st->v[7], msr = st->msr;
    const int32_t r0 = rp[0], r1 = rp[1], r2 = rp[2], r3 = rp[3], r4 = rp[4], r5 = rp[5], r6 = rp[6],
                  r7 = rp[7];
#define CHECK(x) (range |= (uint32_t)(x) + 32768u)
    for (int k = 0; k < count; k++) {
        int32_t s = wt[k] - mult_r(r7, v7);
        uint32_t range = (uint32_t)s + 32768u; /* per sample: no chain from sample to sample */
        s -= mult_r(r6, v6), CHECK(s), v7 = v6 + mult_r_wide(r6, s), CHECK(v7);
        s -= mult_r(r5, v5), CHECK(s), v6 = v5 + mult_r_wide(r5, s), CHECK(v6);
        s -= mult_r(r4, v4), CHECK(s), v5 = v4 + mult_r_wide(r4, s), CHECK(v5);
        s -= mult_r(r3, v3), CHECK(s), v4 = v3 + mult_r_wide(r3, s), CHECK(v4);
        s -= mult_r(r2, v2), CHECK(s), v3 = v2 + mult_r_wide(r2, s), CHECK(v3);
        s -= mult_r(r1, v1), CHECK(s), v2 = v1 + mult_r_wide(r1, s), CHECK(v2);
        s -= mult_r(r0, v0), CHECK(s), v1 = v0 + mult_r_wide(r0, s), CHECK(v1);
        v0 = s;
        msr = s + mult_r(msr, GSM_DEEMPHASIS);
        range |= ((uint32_t)msr + 16384u) << 1;
        if (range >> 16)
            return false;
        out[k] = (int16_t)((msr + msr) & ~7);
    }
#undef CHECK
    st->v[0] = v0, st->v[1] = v1, st->v[2] = v2, st->v[3] = v3;
    st->v[4] = v4, st->v[5] = v5, st->v[6] = v6, st->v[7] = v7, st->msr = msr;
    return true;
}

/* One segment: the fast path, redone exactly when some sum saturated. */
static void synthesis_segment(int16_t v[GSM_LAR_COUNT], int16_t *msr, const int16_t rp[GSM_LAR_COUNT],
                              const int16_t *wt, int16_t *out, int count)
{
    synthesis_state st;
    for (int i = 0; i < GSM_LAR_COUNT; i++)
        st.v[i] = v[i];
    st.msr = *msr;
    if (!synthesis_fast(&st, rp, wt, out, count)) {
        for (int i = 0; i < GSM_LAR_COUNT; i++)
            st.v[i] = v[i];
        st.msr = *msr;
        synthesis_exact(&st, rp, wt, out, count);
    }
    for (int i = 0; i < GSM_LAR_COUNT; i++)
        v[i] = (int16_t)st.v[i];
    *msr = (int16_t)st.msr;
}

/* The plain C engine (gsm_decode_int.h). */
void pacm_gsm_synthesis_c(int16_t v[GSM_LAR_COUNT], int16_t *msr, const int16_t rp[4][GSM_LAR_COUNT],
                          const int16_t wt[GSM_FRAME_SAMPLES], int16_t out[GSM_FRAME_SAMPLES])
{
    synthesis_segment(v, msr, rp[0], wt, out, 13);
    synthesis_segment(v, msr, rp[1], wt + 13, out + 13, 14);
    synthesis_segment(v, msr, rp[2], wt + 27, out + 27, 13);
    synthesis_segment(v, msr, rp[3], wt + 40, out + 40, 120);
}

static const gsm_synthesis_engine gsm_synthesis_engines[] = {
#if defined(__x86_64__) || defined(__i386__)
    {CODEC_SIMD_AVX2, pacm_gsm_synthesis_avx2},
#endif
    {CODEC_SIMD_NONE, pacm_gsm_synthesis_c},
};

const gsm_synthesis_engine *pacm_gsm_synthesis_engine_row(void)
{
    return CODEC_SIMD_ROW(gsm_synthesis_engines);
}

/* ---- frames and blocks ------------------------------------------------------------------- */

void pacm_gsm_decoder_reset(pacm_gsm_decoder *decoder)
{
    memset(decoder, 0, sizeof *decoder);
    decoder->nrp = 40;
    decoder->synthesis = pacm_gsm_synthesis_engine_row()->synthesis;
}

void pacm_gsm_decode_frame(pacm_gsm_decoder *d, const gsm_frame_params *frame, int16_t samples[GSM_FRAME_SAMPLES])
{
    int16_t drp[GSM_HISTORY + GSM_FRAME_SAMPLES];
    memcpy(drp, d->history, sizeof d->history);
    for (int j = 0; j < GSM_SUBFRAMES; j++)
        long_term_synthesis(d, frame, j, drp + GSM_HISTORY + GSM_SUBFRAME_SAMPLES * j);
    memcpy(d->history, drp + GSM_FRAME_SAMPLES, sizeof d->history);

    int16_t larpp[GSM_LAR_COUNT];
    int16_t rp[4][GSM_LAR_COUNT];
    decode_lars(frame->larc, larpp);
    segment_coefficients(d->larpp, larpp, rp);
    memcpy(d->larpp, larpp, sizeof larpp);
    d->synthesis(d->v, &d->msr, (const int16_t(*)[GSM_LAR_COUNT])rp, drp + GSM_HISTORY, samples);
}

void pacm_gsm_decode_block(pacm_gsm_decoder *decoder, const uint8_t block[GSM_BLOCK_BYTES],
                           int16_t samples[GSM_BLOCK_SAMPLES])
{
    gsm_frame_params frames[2];
    pacm_gsm_unpack_wav49(block, frames);
    pacm_gsm_decode_frame(decoder, &frames[0], samples);
    pacm_gsm_decode_frame(decoder, &frames[1], samples + GSM_FRAME_SAMPLES);
}
