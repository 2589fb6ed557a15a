/*
 * g711_kernel.c - ITU-T G.711 A-law and mu-law buffer conversions: the plain C engine, the
 * dispatch table and the public entry points. The plain C row is one lookup per sample in the
 * generated tables (g711_tables.c); its loops read and write eight samples at a time through
 * 64-bit words (memcpy, so any alignment is fine), which halves the memory operations per
 * sample against a plain loop. The vector rows (g711_sse2.c: 16 samples per iteration,
 * g711_avx2.c: 32) compute the G.711 formulas instead, which keeps them near memory
 * bandwidth, and finish the last few samples with the plain C row. Each call takes the row
 * the CPU and the cap allow (codec_simd_int.h).
 */
#include "g711_int.h"

#include <string.h>

/* Encodes with a table indexed by the sample's top (16 - shift) bits. */
static inline void encode_with(const uint8_t *restrict table, unsigned shift,
                               const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    uint64_t mask = 0xFFFFu >> shift;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a, b, codes = 0;
        memcpy(&a, in + i, 8);
        memcpy(&b, in + i + 4, 8);
        for (unsigned k = 0; k < 4; k++) {
            codes |= (uint64_t)table[(a >> (16 * k + shift)) & mask] << (8 * k);
            codes |= (uint64_t)table[(b >> (16 * k + shift)) & mask] << (8 * k + 32);
        }
        memcpy(out + i, &codes, 8);
    }
    for (; i < n; i++)
        out[i] = table[(uint16_t)in[i] >> shift];
}

/* Decodes with a 256-entry table of samples. */
static inline void decode_with(const int16_t *restrict table, const uint8_t *restrict in,
                               int16_t *restrict out, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t codes, low = 0, high = 0;
        memcpy(&codes, in + i, 8);
        for (unsigned k = 0; k < 4; k++) {
            low |= (uint64_t)(uint16_t)table[(codes >> (8 * k)) & 0xFF] << (16 * k);
            high |= (uint64_t)(uint16_t)table[(codes >> (8 * k + 32)) & 0xFF] << (16 * k);
        }
        memcpy(out + i, &low, 8);
        memcpy(out + i + 4, &high, 8);
    }
    for (; i < n; i++)
        out[i] = table[in[i]];
}

/* The word tricks above assume the host stores integers little-endian, as every target of
 * this library does; other hosts take the plain loops. */
static int host_is_little_endian(void)
{
    const uint16_t one = 1;
    uint8_t first;
    memcpy(&first, &one, 1);
    return first == 1;
}

/* The plain C rows: one table lookup per sample (the word loops above on little-endian hosts). */
void pacm_g711_alaw_encode_c(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        encode_with(pacm_g711_alaw_encode_table, 3, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = pacm_g711_alaw_encode_table[(uint16_t)in[i] >> 3];
}

void pacm_g711_ulaw_encode_c(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        encode_with(pacm_g711_ulaw_encode_table, 2, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = pacm_g711_ulaw_encode_table[(uint16_t)in[i] >> 2];
}

void pacm_g711_alaw_decode_c(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        decode_with(pacm_g711_alaw_decode_table, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = pacm_g711_alaw_decode_table[in[i]];
}

void pacm_g711_ulaw_decode_c(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        decode_with(pacm_g711_ulaw_decode_table, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = pacm_g711_ulaw_decode_table[in[i]];
}

/* The dispatch table: widest engine first, plain C last (see codec_simd_int.h). */
static const g711_engine g711_engines[] = {
#if defined(__x86_64__) || defined(__i386__)
    {CODEC_SIMD_AVX2, pacm_g711_alaw_encode_avx2, pacm_g711_ulaw_encode_avx2, pacm_g711_alaw_decode_avx2, pacm_g711_ulaw_decode_avx2},
#endif
#if defined(__SSE2__)
    {CODEC_SIMD_SSE2, pacm_g711_alaw_encode_sse2, pacm_g711_ulaw_encode_sse2, pacm_g711_alaw_decode_sse2, pacm_g711_ulaw_decode_sse2},
#endif
    {CODEC_SIMD_NONE, pacm_g711_alaw_encode_c, pacm_g711_ulaw_encode_c, pacm_g711_alaw_decode_c, pacm_g711_ulaw_decode_c},
};

const g711_engine *pacm_g711_engine_row(void)
{
    return CODEC_SIMD_ROW(g711_engines);
}

void pacm_g711_alaw_encode(const int16_t *in, uint8_t *out, size_t n)
{
    pacm_g711_engine_row()->alaw_encode(in, out, n);
}

void pacm_g711_ulaw_encode(const int16_t *in, uint8_t *out, size_t n)
{
    pacm_g711_engine_row()->ulaw_encode(in, out, n);
}

void pacm_g711_alaw_decode(const uint8_t *in, int16_t *out, size_t n)
{
    pacm_g711_engine_row()->alaw_decode(in, out, n);
}

void pacm_g711_ulaw_decode(const uint8_t *in, int16_t *out, size_t n)
{
    pacm_g711_engine_row()->ulaw_decode(in, out, n);
}

/* Transcoders may run in place, so no restrict here: each byte is read before it is written. */
void pacm_g711_alaw_to_ulaw(const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = pacm_g711_alaw_to_ulaw_table[in[i]];
}

void pacm_g711_ulaw_to_alaw(const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = pacm_g711_ulaw_to_alaw_table[in[i]];
}
