/*
 * g711_int.h - the G.711 kernels (g711_kernel.c, the vector engines g711_sse2.c and
 * g711_avx2.c, the generated g711_tables.c) behind the G.711 driver (g711_driver.c).
 * The conventions shared by every kernel are in codec_simd_int.h.
 *
 * ---- G.711 (ITU-T G.711; WAVE_FORMAT_ALAW 0x6, WAVE_FORMAT_MULAW 0x7) ----------------------
 *   void pacm_g711_alaw_encode(const int16_t *in, uint8_t *out, size_t n);
 *   void pacm_g711_ulaw_encode(const int16_t *in, uint8_t *out, size_t n);
 *   void pacm_g711_alaw_decode(const uint8_t *in, int16_t *out, size_t n);
 *   void pacm_g711_ulaw_decode(const uint8_t *in, int16_t *out, size_t n);
 *   void pacm_g711_alaw_to_ulaw(const uint8_t *in, uint8_t *out, size_t n);   (in == out allowed)
 *   void pacm_g711_ulaw_to_alaw(const uint8_t *in, uint8_t *out, size_t n);   (in == out allowed)
 * Encoding truncates like the classic Sun g711.c (1994 revision) that Windows-compatible
 * encoders use; decoding gives the centre of each interval; A<->mu uses G.711 Tables 3 and 4
 * directly (not decode + encode). Engines (one dispatch table, codec_simd_int.h): AVX2 and
 * SSE2 arithmetic on x86, table lookups in the plain C row; all run near memory bandwidth.
 *
 */
#ifndef PORTACM_G711_INT_H
#define PORTACM_G711_INT_H

#include "codec_simd_int.h"

/* Generated tables (g711_tables.c, by gen_g711_tables.py). The encode tables are indexed by
 * the sample as uint16_t shifted right by 3 (A-law) or 2 (mu-law). */
extern const uint8_t pacm_g711_alaw_encode_table[8192];
extern const uint8_t pacm_g711_ulaw_encode_table[16384];
extern const int16_t pacm_g711_alaw_decode_table[256];
extern const int16_t pacm_g711_ulaw_decode_table[256];
extern const uint8_t pacm_g711_alaw_to_ulaw_table[256];
extern const uint8_t pacm_g711_ulaw_to_alaw_table[256];

/* One sample each way; the buffer functions below are the fast path. */
static inline uint8_t g711_alaw_encode_sample(int16_t sample)
{
    return pacm_g711_alaw_encode_table[(uint16_t)sample >> 3];
}
static inline uint8_t g711_ulaw_encode_sample(int16_t sample)
{
    return pacm_g711_ulaw_encode_table[(uint16_t)sample >> 2];
}
static inline int16_t g711_alaw_decode_sample(uint8_t code)
{
    return pacm_g711_alaw_decode_table[code];
}
static inline int16_t g711_ulaw_decode_sample(uint8_t code)
{
    return pacm_g711_ulaw_decode_table[code];
}

/* n samples in, n codes out (and the reverse). The buffers must not overlap, except that the
 * two transcoders may work in place (in == out). */
void pacm_g711_alaw_encode(const int16_t *in, uint8_t *out, size_t n);
void pacm_g711_ulaw_encode(const int16_t *in, uint8_t *out, size_t n);
void pacm_g711_alaw_decode(const uint8_t *in, int16_t *out, size_t n);
void pacm_g711_ulaw_decode(const uint8_t *in, int16_t *out, size_t n);
void pacm_g711_alaw_to_ulaw(const uint8_t *in, uint8_t *out, size_t n);
void pacm_g711_ulaw_to_alaw(const uint8_t *in, uint8_t *out, size_t n);

/* The engines, one row each of the dispatch table in g711_kernel.c (codec_simd_int.h): every
 * function converts all n samples, exactly as the plain C row does. The plain C row always
 * exists; the SSE2 row where the compiler targets SSE2 (g711_sse2.c), the AVX2 row on x86
 * (g711_avx2.c, built with -mavx2: call only where pacm_codec_simd_level() allows). */
typedef struct g711_engine {
    int level; /* CODEC_SIMD_* */
    void (*alaw_encode)(const int16_t *in, uint8_t *out, size_t n);
    void (*ulaw_encode)(const int16_t *in, uint8_t *out, size_t n);
    void (*alaw_decode)(const uint8_t *in, int16_t *out, size_t n);
    void (*ulaw_decode)(const uint8_t *in, int16_t *out, size_t n);
} g711_engine;

/* The row the CPU and the cap allow now; the public functions above call through it. */
const g711_engine *pacm_g711_engine_row(void);

#define G711_ENGINE_DECLARE(engine)                                                         \
    void pacm_g711_alaw_encode_##engine(const int16_t *in, uint8_t *out, size_t n);            \
    void pacm_g711_ulaw_encode_##engine(const int16_t *in, uint8_t *out, size_t n);            \
    void pacm_g711_alaw_decode_##engine(const uint8_t *in, int16_t *out, size_t n);            \
    void pacm_g711_ulaw_decode_##engine(const uint8_t *in, int16_t *out, size_t n);
G711_ENGINE_DECLARE(c)
#if defined(__SSE2__)
G711_ENGINE_DECLARE(sse2)
#endif
#if defined(__x86_64__) || defined(__i386__)
G711_ENGINE_DECLARE(avx2)
#endif

/* Defines a vector row from its bulk function kind##_##engine##_bulk (which converts a
 * multiple of its width and returns the count): the rest goes through the plain C row. */
#define G711_ENGINE_ROW(engine, kind, in_type, out_type)                                     \
    void pacm_g711_##kind##_##engine(const in_type *in, out_type *out, size_t n)                 \
    {                                                                                        \
        size_t done = kind##_##engine##_bulk(in, out, n);                                    \
        pacm_g711_##kind##_c(in + done, out + done, n - done);                                    \
    }

#endif /* PORTACM_G711_INT_H */
