/*
 * g711.c - ITU-T G.711 A-law and mu-law buffer conversions. Every direction is one lookup per
 * sample in the generated tables (g711_tables.c). The loops read and write eight samples at a
 * time through 64-bit words (memcpy, so any alignment is fine): a table lookup cannot be
 * vectorised without gather instructions, so what limits the speed is the number of memory
 * operations per sample, and this halves it against a plain loop.
 */
#include "kernels_int.h"

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

void g711_alaw_encode(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        encode_with(g711_alaw_encode_table, 3, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = g711_alaw_encode_table[(uint16_t)in[i] >> 3];
}

void g711_ulaw_encode(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        encode_with(g711_ulaw_encode_table, 2, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = g711_ulaw_encode_table[(uint16_t)in[i] >> 2];
}

void g711_alaw_decode(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        decode_with(g711_alaw_decode_table, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = g711_alaw_decode_table[in[i]];
}

void g711_ulaw_decode(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    if (host_is_little_endian()) {
        decode_with(g711_ulaw_decode_table, in, out, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = g711_ulaw_decode_table[in[i]];
}

/* Transcoders may run in place, so no restrict here: each byte is read before it is written. */
void g711_alaw_to_ulaw(const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = g711_alaw_to_ulaw_table[in[i]];
}

void g711_ulaw_to_alaw(const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = g711_ulaw_to_alaw_table[in[i]];
}
