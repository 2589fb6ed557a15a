/*
 * msadpcm_decode.c - the Microsoft ADPCM (WAVE_FORMAT_ADPCM) decoder and the block geometry.
 *
 * From Microsoft's ADPCM format description: each channel predicts the next sample from the
 * previous two with one of the format's coefficient pairs (chosen per block, in 1/256), codes
 * the residual as a signed 4-bit multiple of a step "delta", and adapts delta by a 16-entry
 * table after every sample (never below 16). The prediction is (s1*c1 + s2*c2) >> 8 with an
 * arithmetic shift, i.e. a floor, as in Microsoft's reference decoder; dividing by 256
 * (rounding toward zero, as Wine's msadp32 and ffmpeg do) gives different samples whenever the
 * sum is negative and not a multiple of 256. Every value read from a block is range-checked.
 */
#include "msadpcm_int.h"

size_t pacm_msadpcm_samples_per_block(size_t block_align, unsigned channels)
{
    size_t header = 7 * (size_t)channels;
    if (channels == 0 || block_align < header || (block_align - header) * 2 % channels != 0)
        return 0;
    return (block_align - header) * 2 / channels + 2;
}

size_t pacm_msadpcm_block_align(size_t spb, unsigned channels)
{
    if (channels == 0 || spb < 2 || (spb - 2) * channels % 2 != 0)
        return 0;
    return 7 * (size_t)channels + (spb - 2) * channels / 2;
}

static inline int read16(const uint8_t *p)
{
    return (int16_t)(p[0] | (p[1] << 8));
}

/* One channel's decoder state, kept in registers by the loops below. */
typedef msadpcm_decode_state decode_state;

static inline decode_state channel_state(const uint8_t *block, size_t ch, size_t c, const msadpcm_coef *coefs)
{
    decode_state st = {read16(block + 3 * ch + 2 * c), read16(block + 5 * ch + 2 * c), read16(block + ch + 2 * c),
                       coefs[block[c]].coef1, coefs[block[c]].coef2};
    return st;
}

/* A code's signed value (the nibble as a two's complement number). */
static const int32_t code_value[16] = {0, 1, 2, 3, 4, 5, 6, 7, -8, -7, -6, -5, -4, -3, -2, -1};

/* Whether s1*coef1 + s2*coef2 fits 32 bits for every 16-bit s1, s2: each product is at most
 * 2^30 in magnitude and reaches it only for -32768 * -32768, so only a pair with both
 * coefficients -32768 can sum to 2^31. */
static inline int prediction_fits32(const decode_state *st)
{
    return !(st->coef1 == -32768 && st->coef2 == -32768);
}

/* One sample: msadpcm_predict + the signed nibble times delta, clamped; then delta adapts.
 * `wide` (a constant after inlining) computes the prediction in 64 bits; the result is the
 * same whenever prediction_fits32 holds. The clamp is a branch: real audio rarely clips. */
static inline __attribute__((always_inline)) int16_t decode_step(decode_state *st, unsigned code, int wide)
{
    int64_t predicted = wide ? ((int64_t)st->s1 * st->coef1 + (int64_t)st->s2 * st->coef2) >> 8
                             : (int64_t)((st->s1 * st->coef1 + st->s2 * st->coef2) >> 8);
    int64_t sample = predicted + (int64_t)code_value[code] * st->delta;
    if (__builtin_expect((uint64_t)(sample + 32768) > 65535u, 0))
        sample = sample < 0 ? -32768 : 32767;
    st->delta = msadpcm_adapt(st->delta, code);
    st->s2 = st->s1;
    st->s1 = (int)sample;
    return (int16_t)sample;
}

/* Stereo: one byte is one frame (left in the high nibble); the two channels' chains run in
 * lockstep, their state in registers. */
static inline __attribute__((always_inline)) void decode_stereo(const uint8_t *data, size_t frames, int16_t *dst,
                                                                decode_state *left, decode_state *right, int wide)
{
    for (size_t k = 0; k < frames; k++) {
        dst[2 * k] = decode_step(left, data[k] >> 4, wide);
        dst[2 * k + 1] = decode_step(right, data[k] & 15u, wide);
    }
}

void pacm_msadpcm_decode_stereo_bytes(const uint8_t *data, size_t bytes, int16_t *dst, msadpcm_decode_state *left,
                                      msadpcm_decode_state *right)
{
    if (prediction_fits32(left) && prediction_fits32(right))
        decode_stereo(data, bytes, dst, left, right, 0);
    else
        decode_stereo(data, bytes, dst, left, right, 1);
}

/* Mono: one byte holds two consecutive samples, high nibble first. */
static inline __attribute__((always_inline)) void decode_mono(const uint8_t *data, size_t total, int16_t *dst,
                                                              decode_state *st, int wide)
{
    for (size_t k = 0; k + 2 <= total; k += 2) {
        dst[k] = decode_step(st, data[k >> 1] >> 4, wide);
        dst[k + 1] = decode_step(st, data[k >> 1] & 15u, wide);
    }
    if (total & 1)
        dst[total - 1] = decode_step(st, data[total >> 1] >> 4, wide);
}

ptrdiff_t pacm_msadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
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
    int16_t *dst = out + 2 * ch;
    if (ch == 2) {
        decode_state left = channel_state(block, 2, 0, coefs), right = channel_state(block, 2, 1, coefs);
        pacm_msadpcm_decode_stereo_bytes(data, frames - 2, dst, &left, &right);
        return (ptrdiff_t)frames;
    }
    if (ch == 1) {
        decode_state st = channel_state(block, 1, 0, coefs);
        if (prediction_fits32(&st))
            decode_mono(data, frames - 2, dst, &st, 0);
        else
            decode_mono(data, frames - 2, dst, &st, 1);
        return (ptrdiff_t)frames;
    }
    /* More channels (an extension of the format): nibbles interleave channel by channel in
     * the same way; one channel at a time. */
    for (size_t c = 0; c < ch; c++) {
        decode_state st = channel_state(block, ch, c, coefs);
        for (size_t n = 2; n < frames; n++) {
            size_t k = (n - 2) * ch + c;
            out[n * ch + c] = decode_step(&st, (data[k >> 1] >> ((~k & 1) * 4)) & 15u, 1);
        }
    }
    return (ptrdiff_t)frames;
}


/* ---- several blocks at once ----------------------------------------------------------------- */

static const msadpcm_decode_engine decode_engines[] = {
#if defined(__x86_64__) || defined(__i386__)
    {CODEC_SIMD_AVX2, pacm_msadpcm_decode4_stereo_avx2},
#endif
    {CODEC_SIMD_NONE, NULL},
};

/* Whether the vector decoder can take these 4 stereo blocks: valid predictor indices and
 * pairs whose prediction fits 32 bits. */
static int group_ok(const uint8_t *src, size_t block_align, const msadpcm_coef *coefs, unsigned num_coefs)
{
    for (size_t b = 0; b < 4; b++, src += block_align)
        for (size_t c = 0; c < 2; c++) {
            if (src[c] >= num_coefs)
                return 0;
            decode_state st = channel_state(src, 2, c, coefs);
            if (!prediction_fits32(&st))
                return 0;
        }
    return 1;
}

size_t pacm_msadpcm_decode_blocks(const uint8_t *src, size_t blocks, size_t block_align, unsigned channels,
                                  const msadpcm_coef *coefs, unsigned num_coefs, int16_t *out, size_t spb)
{
    if (src == NULL || out == NULL || channels == 0 || spb < 2 || (coefs == NULL && num_coefs > 0) ||
        spb != pacm_msadpcm_samples_per_block(block_align, channels))
        return 0;
    const msadpcm_decode_engine *engine = CODEC_SIMD_ROW(decode_engines);
    size_t frame_samples = spb * channels, b = 0;
    while (b < blocks) {
        const uint8_t *block = src + b * block_align;
        int16_t *dst = out + b * frame_samples;
        if (engine->decode4_stereo && channels == 2 && blocks - b >= 4 &&
            group_ok(block, block_align, coefs, num_coefs)) {
            engine->decode4_stereo(block, block_align, coefs, dst, spb);
            b += 4;
            continue;
        }
        if (pacm_msadpcm_decode_block(block, block_align, channels, coefs, num_coefs, dst, spb) != (ptrdiff_t)spb)
            break;
        b++;
    }
    return b;
}
