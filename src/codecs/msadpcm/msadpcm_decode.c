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
            int sample = msadpcm_clamp16(predicted + (int64_t)(((int)code ^ 8) - 8) * delta[c]);
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
            int sample = msadpcm_clamp16(msadpcm_predict(s1, s2, coef) + (int64_t)(((int)code ^ 8) - 8) * delta);
            out[n * ch + c] = (int16_t)sample;
            delta = msadpcm_adapt(delta, code);
            s2 = s1;
            s1 = sample;
        }
    }
    return (ptrdiff_t)frames;
}

