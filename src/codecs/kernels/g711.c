/*
 * g711.c - ITU-T G.711 A-law and mu-law buffer conversions. Every direction is one lookup per
 * sample in the generated tables (g711_tables.c); the loops are plain indexed loops over
 * restrict pointers, unrolled by the compiler, so they run close to memory bandwidth.
 */
#include "kernels_int.h"

void g711_alaw_encode(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = g711_alaw_encode_table[(uint16_t)in[i] >> 3];
}

void g711_ulaw_encode(const int16_t *restrict in, uint8_t *restrict out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = g711_ulaw_encode_table[(uint16_t)in[i] >> 2];
}

void g711_alaw_decode(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = g711_alaw_decode_table[in[i]];
}

void g711_ulaw_decode(const uint8_t *restrict in, int16_t *restrict out, size_t n)
{
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
