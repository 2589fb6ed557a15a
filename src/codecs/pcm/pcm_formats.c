/*
 * pcm_formats.c - the PCM converter's sample formats: reading each (8-bit unsigned, 16/24/32-bit
 * signed little-endian, 32-bit IEEE float) into the internal s32 sample (full scale = 2^31)
 * and writing it back. They live apart from mixing and resampling so that a new format is one
 * pair of loops and one row in each table, and the value mappings Windows' output depends on
 * are in one place.
 */
#include <math.h>
#include <string.h>

#include "pcm_int.h"

static inline uint32_t read_u32(const BYTE *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void write_u32(BYTE *p, uint32_t v)
{
    p[0] = (BYTE)v;
    p[1] = (BYTE)(v >> 8);
    p[2] = (BYTE)(v >> 16);
    p[3] = (BYTE)(v >> 24);
}

/* A float sample (full scale 1.0) in s32, rounded to nearest, clamped, NaN as silence. */
static int32_t float_to_s32(float f)
{
    double x = (double)f * 2147483648.0;
    if (!(x == x))
        return 0; /* NaN */
    if (x >= 2147483647.0)
        return 0x7FFFFFFF;
    if (x <= -2147483648.0)
        return -0x7FFFFFFF - 1;
    return (int32_t)lrint(x);
}

/* Decoders: n samples (frames * channels) of the format into s32 (exact but for floats). */
static void decode_u8(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = pcm_u32_to_s32((uint32_t)(src[i] ^ 0x80u) << 24);
}
static void decode_s16(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = pcm_u32_to_s32(((uint32_t)src[2 * i] << 16) | ((uint32_t)src[2 * i + 1] << 24));
}
static void decode_s24(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        const BYTE *p = src + 3 * i;
        out[i] = pcm_u32_to_s32(((uint32_t)p[0] << 8) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 24));
    }
}
static void decode_s32(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = pcm_u32_to_s32(read_u32(src + 4 * i));
}
static void decode_f32(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t bits = read_u32(src + 4 * i);
        float f;
        memcpy(&f, &bits, sizeof f);
        out[i] = float_to_s32(f);
    }
}

/* Encoders: n s32 samples by truncation (keeping the top bits), as Windows maps sizes. The
 * right shifts of negative values are arithmetic on every compiler portacm supports. */
static void encode_u8(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (BYTE)((in[i] >> 24) + 128);
}
static void encode_s16(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = (uint32_t)in[i];
        dst[2 * i] = (BYTE)(v >> 16);
        dst[2 * i + 1] = (BYTE)(v >> 24);
    }
}
static void encode_s24(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = (uint32_t)in[i];
        dst[3 * i] = (BYTE)(v >> 8);
        dst[3 * i + 1] = (BYTE)(v >> 16);
        dst[3 * i + 2] = (BYTE)(v >> 24);
    }
}
static void encode_s32(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++)
        write_u32(dst + 4 * i, (uint32_t)in[i]);
}
static void encode_f32(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++) {
        float f = (float)((double)in[i] / 2147483648.0);
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        write_u32(dst + 4 * i, bits);
    }
}

/* Indexed by pcm_sample. */
const pcm_decode_fn pacm_pcm_decoders[5] = {decode_u8, decode_s16, decode_s24, decode_s32, decode_f32};
const pcm_encode_fn pacm_pcm_encoders[5] = {encode_u8, encode_s16, encode_s24, encode_s32, encode_f32};
